//! Each annotator measured against the gold standard (`gold/<document>.yaml`): precision,
//! recall and F1 under the four SemEval-2013 9.1 schemes, overall, per label and per document,
//! with bootstrap intervals over documents.
//!
//! Design choices:
//! - **The gold is the reference, the annotator the prediction**: the same counting as the
//!   pairs ([`crate::spans::match_spans`], nervaluate's rules), with the gold in the "true"
//!   role, so precision is the share of the annotator's spans the gold has and recall the share
//!   of the gold the annotator found (`docs/metrics.md`, "Against the gold standard").
//! - **Only documents with both files count**: a gold file and the annotator's file. A missing
//!   annotator file is "not annotated", not "found nothing", and is left out.
//! - **Separate from inter-annotator agreement**: the gold is in no pair and in no multi-rater
//!   figure, and with no gold file the report has no `against_gold` key at all, so every other
//!   figure is bit-identical with or without this module.
//! - **Intervals as for pairs**: documents are resampled with the report's seed and
//!   [`crate::bootstrap`]; strict precision, recall and F1 each get a percentile interval.

use std::collections::HashMap;
use std::fmt::Write as _;

use concord_schema::{AnnotationSet, Span};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::Options;
use crate::bootstrap::{Interval, interval, resample_weights};
use crate::figure::{FigureUndefined, format_figure, format_interval};
use crate::report::{SchemeReport, Schemes};
use crate::spans::{Counts, IdSpan, Scheme, SpanCounts, count_document};

/// Every annotator against the gold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GoldComparison {
    /// Documents of the set that have a gold file.
    pub gold_documents: usize,
    /// Spans in those gold files.
    pub gold_spans: usize,
    /// The labels of `per_label`: the report's labels, then any other gold label, sorted.
    pub labels: Vec<String>,
    /// One entry per annotator of the report, in its order.
    pub annotators: Vec<AnnotatorVsGold>,
}

/// One annotator against the gold, on the documents that have both files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnotatorVsGold {
    pub annotator: String,
    /// Documents with a gold file and a file of this annotator.
    pub documents: usize,
    pub strict: SchemeReport,
    pub exact: SchemeReport,
    pub partial: SchemeReport,
    #[serde(rename = "type")]
    pub type_: SchemeReport,
    pub strict_precision_ci: Option<Interval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict_precision_ci_undefined: Option<String>,
    pub strict_recall_ci: Option<Interval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict_recall_ci_undefined: Option<String>,
    pub strict_f1_ci: Option<Interval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict_f1_ci_undefined: Option<String>,
    /// One per label of [`GoldComparison::labels`].
    pub per_label: Vec<LabelVsGold>,
    /// One per compared document, by id.
    pub per_document: Vec<DocumentVsGold>,
}

/// One label: the gold's spans of it against the annotator's spans of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LabelVsGold {
    pub label: String,
    pub strict: SchemeReport,
    pub exact: SchemeReport,
    pub partial: SchemeReport,
    #[serde(rename = "type")]
    pub type_: SchemeReport,
}

/// One document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentVsGold {
    pub id: String,
    pub strict: SchemeReport,
    pub exact: SchemeReport,
    pub partial: SchemeReport,
    #[serde(rename = "type")]
    pub type_: SchemeReport,
}

/// The pair's reasons, reworded for the gold (the reference) and the annotator.
fn gold_reason(reason: &FigureUndefined) -> FigureUndefined {
    match reason {
        FigureUndefined::FirstHasNoSpans => FigureUndefined::GoldHasNoSpans,
        FigureUndefined::SecondHasNoSpans => FigureUndefined::AnnotatorHasNoSpans,
        FigureUndefined::NeitherHasSpans => FigureUndefined::NeitherGoldNorAnnotatorHasSpans,
        other => other.clone(),
    }
}

/// Precision, recall and F1 of `counts` (the gold as reference) under `scheme`.
pub fn scheme_vs_gold(counts: &Counts, scheme: Scheme) -> SchemeReport {
    let mut scores = counts.scores(scheme);
    for figure in [&mut scores.precision, &mut scores.recall, &mut scores.f1] {
        if let Err(e) = figure {
            *e = gold_reason(e);
        }
    }
    SchemeReport::from_scores(counts, &scores)
}

fn schemes_vs_gold(counts: &[Counts; 4]) -> Schemes {
    Schemes {
        strict: scheme_vs_gold(&counts[0], Scheme::Strict),
        exact: scheme_vs_gold(&counts[1], Scheme::Exact),
        partial: scheme_vs_gold(&counts[2], Scheme::Partial),
        type_: scheme_vs_gold(&counts[3], Scheme::Type),
    }
}

/// Measures every annotator of `set` against `set.gold`; `labels` are the report's labels.
pub fn compare(set: &AnnotationSet, labels: &[String], options: &Options) -> GoldComparison {
    let mut names: Vec<String> = labels.to_vec();
    let mut extra: Vec<&str> =
        set.gold.values().flatten().map(|s| s.label.as_str()).filter(|l| !labels.iter().any(|k| k == l)).collect();
    extra.sort_unstable();
    extra.dedup();
    names.extend(extra.into_iter().map(str::to_owned));
    let ids: HashMap<&str, u32> = names.iter().enumerate().map(|(i, l)| (l.as_str(), i as u32)).collect();
    let k = names.len();
    let to_ids = |spans: &[Span]| -> Vec<IdSpan> {
        spans
            .iter()
            .filter_map(|s| Some(IdSpan { start: s.start, end: s.end, label: *ids.get(s.label.as_str())? }))
            .collect()
    };

    // Per annotator, the documents (by index) where both files exist, with their counts: a
    // crowd's annotators each did a few of many documents.
    let index: HashMap<&str, usize> = set.annotators.iter().enumerate().map(|(i, a)| (a.as_str(), i)).collect();
    let mut per_doc: Vec<Vec<(usize, SpanCounts)>> = vec![Vec::new(); set.annotators.len()];
    for (d, doc) in set.documents.iter().enumerate() {
        let Some(gold) = set.gold.get(&doc.id) else { continue };
        let gold = to_ids(gold);
        for (a, mine) in &doc.by_annotator {
            if let Some(&i) = index.get(a.as_str()) {
                per_doc[i].push((d, count_document(&gold, &to_ids(mine), k)));
            }
        }
    }

    let mut annotators: Vec<AnnotatorVsGold> =
        set.annotators.iter().zip(&per_doc).map(|(a, docs)| annotator(set, &names, a, docs)).collect();
    intervals(&per_doc, set.documents.len(), options, &mut annotators);

    let ids_in_set: std::collections::HashSet<&str> = set.documents.iter().map(|d| d.id.as_str()).collect();
    let in_set = |id: &String| ids_in_set.contains(id.as_str());
    GoldComparison {
        gold_documents: set.gold.keys().filter(|id| in_set(id)).count(),
        gold_spans: set.gold.iter().filter(|(id, _)| in_set(id)).map(|(_, s)| s.len()).sum(),
        labels: names,
        annotators,
    }
}

/// One annotator's figures from its counts on the documents it shares with the gold.
fn annotator(set: &AnnotationSet, names: &[String], name: &str, docs: &[(usize, SpanCounts)]) -> AnnotatorVsGold {
    let mut total = SpanCounts::new(names.len());
    let mut per_document = Vec::new();
    for (d, c) in docs {
        total.add(c);
        let s = schemes_vs_gold(&c.overall);
        per_document.push(DocumentVsGold {
            id: set.documents[*d].id.clone(),
            strict: s.strict,
            exact: s.exact,
            partial: s.partial,
            type_: s.type_,
        });
    }
    let per_label = names
        .iter()
        .zip(&total.per_label)
        .map(|(label, c)| {
            let s = schemes_vs_gold(c);
            LabelVsGold { label: label.clone(), strict: s.strict, exact: s.exact, partial: s.partial, type_: s.type_ }
        })
        .collect();
    let mut s = schemes_vs_gold(&total.overall);
    if per_document.is_empty() {
        // Nothing compared: say so rather than "neither has spans".
        let why = Some(FigureUndefined::NoDocumentWithGold.to_string());
        for scheme in [&mut s.strict, &mut s.exact, &mut s.partial, &mut s.type_] {
            scheme.precision_undefined.clone_from(&why);
            scheme.recall_undefined.clone_from(&why);
            scheme.f1_undefined.clone_from(&why);
        }
    }
    AnnotatorVsGold {
        annotator: name.to_owned(),
        documents: per_document.len(),
        strict: s.strict,
        exact: s.exact,
        partial: s.partial,
        type_: s.type_,
        per_label,
        per_document,
        ..AnnotatorVsGold::default()
    }
}

/// Strict precision, recall and F1 of one resample, per annotator.
type Replicate = Vec<[Option<f64>; 3]>;

/// Fills in the bootstrap intervals, resampling the set's documents as the pairs' do.
fn intervals(per_doc: &[Vec<(usize, SpanCounts)>], n: usize, options: &Options, annotators: &mut [AnnotatorVsGold]) {
    if options.resamples == 0 || n == 0 || per_doc.is_empty() {
        let why = Some(if n == 0 { "no documents" } else { "bootstrap disabled (0 resamples)" }.to_owned());
        for a in annotators.iter_mut() {
            a.strict_precision_ci_undefined.clone_from(&why);
            a.strict_recall_ci_undefined.clone_from(&why);
            a.strict_f1_ci_undefined.clone_from(&why);
        }
        return;
    }
    let replicates: Vec<Replicate> = (0..options.resamples)
        .into_par_iter()
        .map(|rep| {
            let w = resample_weights(options.seed, rep, n);
            per_doc
                .iter()
                .map(|docs| {
                    let mut c = Counts::default();
                    for (d, counts) in docs {
                        if w[*d] > 0 {
                            c.add_weighted(&counts.overall[0], u64::from(w[*d]));
                        }
                    }
                    let s = c.scores(Scheme::Strict);
                    [s.precision.ok(), s.recall.ok(), s.f1.ok()]
                })
                .collect()
        })
        .collect();
    for (i, a) in annotators.iter_mut().enumerate() {
        let slots = [
            (&mut a.strict_precision_ci, &mut a.strict_precision_ci_undefined),
            (&mut a.strict_recall_ci, &mut a.strict_recall_ci_undefined),
            (&mut a.strict_f1_ci, &mut a.strict_f1_ci_undefined),
        ];
        for (m, (ci, why)) in slots.into_iter().enumerate() {
            let values: Vec<Option<f64>> = replicates.iter().map(|r| r[i][m]).collect();
            match interval(&values, options.confidence_level) {
                Ok(v) => *ci = Some(v),
                Err(e) => *why = Some(e.to_string()),
            }
        }
    }
}

fn num(v: Option<f64>) -> String {
    format_figure(v, None)
}

/// The terminal summary's section.
pub fn render_text(gold: &GoldComparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nagainst the gold standard ({} documents with a gold file, {} gold spans)",
        gold.gold_documents, gold.gold_spans
    );
    let width = gold.annotators.iter().map(|a| a.annotator.chars().count()).max().unwrap_or(9).max(9);
    let _ = writeln!(
        out,
        "{:<width$}  {:>4}  {:>6} {:>6} {:>6}  {:>6} {:>7} {:>6}  strict F1 95% CI",
        "annotator", "docs", "P", "R", "F1", "exact", "partial", "type"
    );
    for a in &gold.annotators {
        let _ = writeln!(
            out,
            "{:<width$}  {:>4}  {:>6} {:>6} {:>6}  {:>6} {:>7} {:>6} {}",
            a.annotator,
            a.documents,
            num(a.strict.precision),
            num(a.strict.recall),
            num(a.strict.f1),
            num(a.exact.f1),
            num(a.partial.f1),
            num(a.type_.f1),
            format_interval(a.strict_f1_ci.as_ref()),
        );
    }
    out
}

#[cfg(test)]
mod tests;
