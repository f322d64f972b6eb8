//! Span matching: the four schemes of SemEval-2013 task 9.1, counted exactly as the PyPI
//! package `nervaluate` 1.2.1 counts them.
//!
//! Design choices:
//! - **Greedy, in list order, like nervaluate.** Each prediction span, in list order, is
//!   compared with the reference spans not matched yet, in list order; the first perfect match
//!   wins, else the first overlapping one (for `type`, the same-label overlapping one with the
//!   smallest boundary distance, else the first overlapping one of another label). Lists are in
//!   [`concord_schema::AnnotationSet`] order: (start, end, label).
//! - **"Overlap" is nervaluate's**: the shared code points must be at least 1 % of the
//!   reference span's length (its default `min_overlap_percentage = 1.0`), computed with the
//!   same floating-point expression. A span of 150 code points is therefore not overlapped by a
//!   one-code-point prediction. An empty reference span is never overlapped.
//! - **Undefined, not zero.** nervaluate reports 0 where a denominator is zero; here precision
//!   with no predicted spans, recall with no reference spans, and F1 with neither are
//!   [`FigureUndefined`]. Otherwise the figures are nervaluate's, to the last bit.
//! - Counting is O(P·T) per document and label, as in nervaluate; documents have tens of spans.

use concord_schema::Span;
use serde::{Deserialize, Serialize};

use crate::figure::{Figure, FigureUndefined, Measure, ratio};

/// A span whose label is an index into the report's label list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IdSpan {
    pub start: usize,
    pub end: usize,
    pub label: u32,
}

/// A SemEval-2013 9.1 matching scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Same start, end and label.
    Strict,
    /// Same start and end, any label.
    Exact,
    /// Same boundaries count fully, an overlap counts half; any label.
    Partial,
    /// An overlap with the same label (nervaluate's `ent_type`).
    Type,
}

impl Scheme {
    pub const ALL: [Scheme; 4] = [Scheme::Strict, Scheme::Exact, Scheme::Partial, Scheme::Type];

    /// The report's key for the scheme.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Strict => "strict",
            Scheme::Exact => "exact",
            Scheme::Partial => "partial",
            Scheme::Type => "type",
        }
    }

    /// Whether precision and recall count partial matches half (nervaluate's `partial_or_type`).
    fn half_partials(self) -> bool {
        matches!(self, Scheme::Partial | Scheme::Type)
    }
}

/// nervaluate's counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub correct: u64,
    pub incorrect: u64,
    pub partial: u64,
    pub missed: u64,
    pub spurious: u64,
}

/// Precision, recall and F1 of one scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    pub precision: Figure,
    pub recall: Figure,
    pub f1: Figure,
}

impl Counts {
    /// POS: the reference's spans.
    pub fn possible(&self) -> u64 {
        self.correct + self.incorrect + self.partial + self.missed
    }

    /// ACT: the prediction's spans.
    pub fn actual(&self) -> u64 {
        self.correct + self.incorrect + self.partial + self.spurious
    }

    pub fn add(&mut self, other: &Counts) {
        self.correct += other.correct;
        self.incorrect += other.incorrect;
        self.partial += other.partial;
        self.missed += other.missed;
        self.spurious += other.spurious;
    }

    /// `self + weight * other`, for bootstrap resamples.
    pub fn add_weighted(&mut self, other: &Counts, weight: u64) {
        self.correct += weight * other.correct;
        self.incorrect += weight * other.incorrect;
        self.partial += weight * other.partial;
        self.missed += weight * other.missed;
        self.spurious += weight * other.spurious;
    }

    /// Precision = COR/ACT, recall = COR/POS (partial and type: COR + 0.5·PAR), F1 their
    /// harmonic mean, computed with nervaluate's expressions.
    pub fn scores(&self, scheme: Scheme) -> Scores {
        let num =
            if scheme.half_partials() { self.correct as f64 + 0.5 * self.partial as f64 } else { self.correct as f64 };
        let (act, pos) = (self.actual(), self.possible());
        let precision = ratio(num, act as f64, FigureUndefined::SecondHasNoSpans, Measure::Precision);
        let recall = ratio(num, pos as f64, FigureUndefined::FirstHasNoSpans, Measure::Recall);
        let f1 = if act + pos == 0 {
            Err(FigureUndefined::NeitherHasSpans)
        } else {
            match (&precision, &recall) {
                (Ok(p), Ok(r)) if p + r > 0.0 => Ok(2.0 * (p * r) / (p + r)),
                // One side has no spans (so nothing matched) or nothing matched at all.
                _ => Ok(0.0),
            }
        };
        Scores { precision, recall, f1 }
    }
}

/// nervaluate's "sufficient overlap": shared code points are at least 1 % of the reference
/// span, with its floating-point expression `(overlap / true_span) * 100.0 >= 1.0`.
fn overlaps(pred: &IdSpan, reference: &IdSpan) -> bool {
    let shared = pred.end.min(reference.end).saturating_sub(pred.start.max(reference.start));
    let length = reference.end.saturating_sub(reference.start);
    shared > 0 && length > 0 && (shared as f64 / length as f64) * 100.0 >= 1.0
}

fn same_boundaries(a: &IdSpan, b: &IdSpan) -> bool {
    a.start == b.start && a.end == b.end
}

/// Counts one document (or one label of one document) under `scheme`; `reference` is the
/// "true" annotator, `prediction` the other, both in list order.
pub fn match_spans(scheme: Scheme, reference: &[IdSpan], prediction: &[IdSpan]) -> Counts {
    let mut counts = Counts::default();
    let mut matched = vec![false; reference.len()];
    for pred in prediction {
        let mut hit: Option<usize> = None;
        let mut fallback: Option<usize> = None;
        let mut best_distance = usize::MAX;
        for (i, truth) in reference.iter().enumerate() {
            if matched[i] {
                continue;
            }
            match scheme {
                Scheme::Strict | Scheme::Exact => {
                    let perfect =
                        same_boundaries(pred, truth) && (scheme == Scheme::Exact || pred.label == truth.label);
                    if perfect {
                        hit = Some(i);
                        break;
                    }
                    if fallback.is_none() && overlaps(pred, truth) {
                        fallback = Some(i);
                    }
                }
                Scheme::Partial => {
                    if overlaps(pred, truth) {
                        if same_boundaries(pred, truth) {
                            hit = Some(i);
                            break;
                        }
                        if fallback.is_none() {
                            fallback = Some(i);
                        }
                    }
                }
                Scheme::Type => {
                    if overlaps(pred, truth) {
                        if pred.label == truth.label {
                            let distance = pred.start.abs_diff(truth.start) + pred.end.abs_diff(truth.end);
                            if hit.is_none() || distance < best_distance {
                                hit = Some(i);
                                best_distance = distance;
                            }
                        } else if fallback.is_none() {
                            fallback = Some(i);
                        }
                    }
                }
            }
        }
        if let Some(i) = hit {
            counts.correct += 1;
            matched[i] = true;
        } else if let Some(i) = fallback {
            if scheme == Scheme::Partial {
                counts.partial += 1;
            } else {
                counts.incorrect += 1;
            }
            matched[i] = true;
        } else {
            counts.spurious += 1;
        }
    }
    counts.missed = matched.iter().filter(|m| !**m).count() as u64;
    counts
}

/// Counts of the four schemes ([`Scheme::ALL`] order) overall and per label.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SpanCounts {
    pub overall: [Counts; 4],
    /// Indexed by label id.
    pub per_label: Vec<[Counts; 4]>,
}

impl SpanCounts {
    pub fn new(labels: usize) -> SpanCounts {
        SpanCounts { overall: [Counts::default(); 4], per_label: vec![[Counts::default(); 4]; labels] }
    }

    pub fn add(&mut self, other: &SpanCounts) {
        for (a, b) in self.overall.iter_mut().zip(&other.overall) {
            a.add(b);
        }
        for (la, lb) in self.per_label.iter_mut().zip(&other.per_label) {
            for (a, b) in la.iter_mut().zip(lb) {
                a.add(b);
            }
        }
    }
}

/// All schemes, overall and per label (nervaluate evaluates each label on the spans of that
/// label only), for one document and one annotator pair.
pub(crate) fn count_document(reference: &[IdSpan], prediction: &[IdSpan], labels: usize) -> SpanCounts {
    let mut out = SpanCounts::new(labels);
    for (k, scheme) in Scheme::ALL.iter().enumerate() {
        out.overall[k] = match_spans(*scheme, reference, prediction);
    }
    let mut used: Vec<u32> = reference.iter().chain(prediction).map(|s| s.label).collect();
    used.sort_unstable();
    used.dedup();
    let mut r = Vec::new();
    let mut p = Vec::new();
    for label in used {
        r.clear();
        p.clear();
        r.extend(reference.iter().filter(|s| s.label == label));
        p.extend(prediction.iter().filter(|s| s.label == label));
        let Some(slot) = out.per_label.get_mut(label as usize) else { continue };
        for (k, scheme) in Scheme::ALL.iter().enumerate() {
            slot[k] = match_spans(*scheme, &r, &p);
        }
    }
    out
}

/// [`match_spans`] on [`Span`]s with string labels, for callers outside the report.
pub fn evaluate(scheme: Scheme, reference: &[Span], prediction: &[Span]) -> Counts {
    let mut names: Vec<&str> = reference.iter().chain(prediction).map(|s| s.label.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let id = |s: &Span| IdSpan {
        start: s.start,
        end: s.end,
        label: names.binary_search(&s.label.as_str()).map_or(u32::MAX, |i| i as u32),
    };
    let r: Vec<IdSpan> = reference.iter().map(id).collect();
    let p: Vec<IdSpan> = prediction.iter().map(id).collect();
    match_spans(scheme, &r, &p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize, label: &str) -> Span {
        Span::new(start, end, label)
    }

    fn counts(c: u64, i: u64, p: u64, m: u64, sp: u64) -> Counts {
        Counts { correct: c, incorrect: i, partial: p, missed: m, spurious: sp }
    }

    /// The scenario table of nervaluate 1.2.1's README ("These five errors and four evaluation
    /// schema interact in the following ways", after SemEval-2013 task 9.1), one scenario per
    /// document, each row's Type/Partial/Exact/Strict outcome checked.
    #[test]
    fn semeval_scenarios_of_the_nervaluate_readme() {
        let outcomes = |truth: &[Span], pred: &[Span]| {
            Scheme::ALL.map(|scheme| {
                let c = evaluate(scheme, truth, pred);
                match (c.correct, c.incorrect, c.partial, c.missed, c.spurious) {
                    (1, 0, 0, 0, 0) => "COR",
                    (0, 1, 0, 0, 0) => "INC",
                    (0, 0, 1, 0, 0) => "PAR",
                    (0, 0, 0, 1, 0) => "MIS",
                    (0, 0, 0, 0, 1) => "SPU",
                    _ => "?",
                }
            })
        };
        // Scheme::ALL is strict, exact, partial, type.
        // III: BRAND "tikosyn" missed.
        assert_eq!(outcomes(&[s(0, 7, "BRAND")], &[]), ["MIS"; 4]);
        // II: BRAND "healthy" hypothesised.
        assert_eq!(outcomes(&[], &[s(0, 7, "BRAND")]), ["SPU"; 4]);
        // V: DRUG "warfarin" vs DRUG "of warfarin".
        assert_eq!(outcomes(&[s(3, 11, "DRUG")], &[s(0, 11, "DRUG")]), ["INC", "INC", "PAR", "COR"]);
        // IV: DRUG "propranolol" vs BRAND "propranolol".
        assert_eq!(outcomes(&[s(0, 11, "DRUG")], &[s(0, 11, "BRAND")]), ["INC", "COR", "COR", "INC"]);
        // I: DRUG "phenytoin" both.
        assert_eq!(outcomes(&[s(0, 9, "DRUG")], &[s(0, 9, "DRUG")]), ["COR"; 4]);
        // VI: GROUP "contraceptives" vs DRUG "oral contraceptives".
        assert_eq!(outcomes(&[s(5, 19, "GROUP")], &[s(0, 19, "DRUG")]), ["INC", "INC", "PAR", "INC"]);
    }

    /// nervaluate 1.2.1's README usage example (list loader, token offsets; inclusive ends made
    /// half-open): summary "ent_type 5 0 0 0 0, exact 2 3 0 0 0, partial 2 0 3 0 0,
    /// strict 2 3 0 0 0" and precision 0.40 strict, 0.70 partial.
    #[test]
    fn nervaluate_readme_usage_example() {
        let docs = [
            (vec![s(1, 3, "PER"), s(6, 8, "ORG")], vec![s(2, 4, "PER"), s(6, 8, "ORG")]),
            (
                vec![s(1, 2, "LOC"), s(2, 4, "PER"), s(6, 7, "DATE")],
                vec![s(1, 3, "LOC"), s(3, 4, "PER"), s(6, 7, "DATE")],
            ),
        ];
        let total = |scheme| {
            let mut c = Counts::default();
            for (t, p) in &docs {
                c.add(&evaluate(scheme, t, p));
            }
            c
        };
        assert_eq!(total(Scheme::Type), counts(5, 0, 0, 0, 0));
        assert_eq!(total(Scheme::Exact), counts(2, 3, 0, 0, 0));
        assert_eq!(total(Scheme::Partial), counts(2, 0, 3, 0, 0));
        assert_eq!(total(Scheme::Strict), counts(2, 3, 0, 0, 0));
        assert!((total(Scheme::Strict).scores(Scheme::Strict).f1.unwrap() - 0.4).abs() < 1e-15);
        let partial = total(Scheme::Partial).scores(Scheme::Partial);
        assert!((partial.precision.unwrap() - 0.7).abs() < 1e-15);
    }

    #[test]
    fn one_percent_rule_of_the_reference_span() {
        // 1 shared code point of a 150-long reference span is under 1 %: spurious + missed.
        let truth = vec![s(0, 150, "A")];
        assert_eq!(evaluate(Scheme::Partial, &truth, &[s(149, 151, "A")]), counts(0, 0, 0, 1, 1));
        // ... of a 100-long one is exactly 1 %: partial.
        assert_eq!(evaluate(Scheme::Partial, &[s(0, 100, "A")], &[s(99, 101, "A")]), counts(0, 0, 1, 0, 0));
    }

    #[test]
    fn type_prefers_the_closest_same_label_span() {
        let truth = vec![s(0, 10, "A"), s(2, 6, "A"), s(3, 6, "B")];
        let pred = vec![s(2, 7, "A")];
        let c = evaluate(Scheme::Type, &truth, &pred);
        assert_eq!(c, counts(1, 0, 0, 2, 0));
    }

    /// nervaluate's greedy matching depends on which side is the reference when one annotator
    /// nests spans of one label: [0,3) takes [0,5) as "incorrect" before [0,5) can match it.
    /// Documented in docs/metrics.md; F1 is symmetric for annotations without inner overlaps.
    #[test]
    fn nested_spans_make_strict_order_dependent() {
        let one = vec![s(0, 5, "A")];
        let nested = vec![s(0, 3, "A"), s(0, 5, "A")];
        assert_eq!(evaluate(Scheme::Strict, &one, &nested), counts(0, 1, 0, 0, 1));
        assert_eq!(evaluate(Scheme::Strict, &nested, &one), counts(1, 0, 0, 1, 0));
    }

    #[test]
    fn empty_sides_are_undefined_not_zero() {
        let none = Counts::default().scores(Scheme::Strict);
        assert!(none.precision.is_err() && none.recall.is_err() && none.f1.is_err());
        let only_ref = counts(0, 0, 0, 3, 0).scores(Scheme::Strict);
        assert!(only_ref.precision.is_err());
        assert_eq!(only_ref.recall, Ok(0.0));
        assert_eq!(only_ref.f1, Ok(0.0));
    }
}
