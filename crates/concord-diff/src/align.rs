//! Pairing two span lists: what agrees, and how the rest differs.
//!
//! The same alignment serves both diffs: annotator A against annotator B on a document, and a
//! file at the base revision against the same file at the head revision.
//!
//! Steps, each on what the previous left over:
//! 1. identical spans (same start, end and label) agree, counted as a multiset;
//! 2. spans with the same extent but different labels pair as a *label* disagreement;
//! 3. overlapping spans pair greedily, best first: same label before different label, then the
//!    larger overlap, then the smaller total boundary shift, then position. A pair is a
//!    *boundary* disagreement (same label) or *boundary and label* (both differ);
//! 4. what is still unpaired is *missing* (only A has it) or *extra* (only B has it).
//!
//! Step 3 is quadratic in the spans left over after steps 1 and 2 (usually a handful); a budget
//! keeps a pathological file from stalling a run: past it, leftovers stay unpaired.

use std::collections::HashMap;

use concord_schema::Span;
use serde::Serialize;

/// Candidate pairs examined in step 3 before giving up on pairing the rest.
const PAIR_BUDGET: usize = 4_000_000;

/// How two annotations of the same text differ at one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Only A has a span here.
    Missing,
    /// Only B has a span here.
    Extra,
    /// Overlapping spans, same label, different start or end.
    Boundary,
    /// Same start and end, different label.
    Label,
    /// Overlapping spans that differ in extent and in label.
    BoundaryAndLabel,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Missing, Kind::Extra, Kind::Boundary, Kind::Label, Kind::BoundaryAndLabel];

    /// The name used in the text, Markdown and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Missing => "missing",
            Kind::Extra => "extra",
            Kind::Boundary => "boundary",
            Kind::Label => "label",
            Kind::BoundaryAndLabel => "boundary+label",
        }
    }
}

/// One difference: A's span, B's span, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub kind: Kind,
    pub a: Option<Span>,
    pub b: Option<Span>,
}

impl Difference {
    /// The code-point range covering both spans.
    pub fn extent(&self) -> (usize, usize) {
        let spans = self.a.iter().chain(self.b.iter());
        let start = spans.clone().map(|s| s.start).min().unwrap_or(0);
        let end = spans.map(|s| s.end).max().unwrap_or(start);
        (start, end)
    }
}

/// The outcome of [`align`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Alignment {
    /// Spans both sides have, identically.
    pub agreed: usize,
    /// Sorted by position (start of the covering range, then its end, then kind).
    pub differences: Vec<Difference>,
}

impl Alignment {
    pub fn count(&self, kind: Kind) -> usize {
        self.differences.iter().filter(|d| d.kind == kind).count()
    }
}

/// Aligns A's spans with B's (each in any order).
pub fn align(a: &[Span], b: &[Span]) -> Alignment {
    let mut a: Vec<&Span> = a.iter().collect();
    let mut b: Vec<&Span> = b.iter().collect();
    a.sort_by(|x, y| x.key().cmp(&y.key()));
    b.sort_by(|x, y| x.key().cmp(&y.key()));

    // 1. Identical spans: a merge of the two sorted lists.
    let (mut rest_a, mut rest_b) = (Vec::new(), Vec::new());
    let (mut i, mut j, mut agreed) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].key().cmp(&b[j].key()) {
            std::cmp::Ordering::Equal => {
                agreed += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => {
                rest_a.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                rest_b.push(b[j]);
                j += 1;
            }
        }
    }
    rest_a.extend_from_slice(&a[i..]);
    rest_b.extend_from_slice(&b[j..]);

    let mut differences = Vec::new();
    let mut used_a = vec![false; rest_a.len()];
    let mut used_b = vec![false; rest_b.len()];

    // 2. Same extent, different label.
    let mut by_extent: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (j, s) in rest_b.iter().enumerate().rev() {
        by_extent.entry((s.start, s.end)).or_default().push(j);
    }
    for (i, s) in rest_a.iter().enumerate() {
        if let Some(j) = by_extent.get_mut(&(s.start, s.end)).and_then(Vec::pop) {
            used_a[i] = true;
            used_b[j] = true;
            differences.push(Difference { kind: Kind::Label, a: Some((*s).clone()), b: Some(rest_b[j].clone()) });
        }
    }

    // 3. Overlapping spans, best pairs first.
    let free_b: Vec<usize> = (0..rest_b.len()).filter(|&j| !used_b[j]).collect();
    let mut candidates = Vec::new();
    let mut budget = PAIR_BUDGET;
    'outer: for (i, sa) in rest_a.iter().enumerate() {
        if used_a[i] {
            continue;
        }
        // `free_b` is sorted by start: stop at the first span starting at or after A's end.
        let until = free_b.partition_point(|&j| rest_b[j].start < sa.end);
        for &j in &free_b[..until] {
            if budget == 0 {
                break 'outer;
            }
            budget -= 1;
            let sb = rest_b[j];
            if sa.overlaps(sb) || (sa.start == sa.end && sb.start <= sa.start && sa.start < sb.end) {
                let overlap = sa.end.min(sb.end).saturating_sub(sa.start.max(sb.start));
                let shift = sa.start.abs_diff(sb.start) + sa.end.abs_diff(sb.end);
                let same_label = sa.label == sb.label;
                candidates.push((
                    std::cmp::Reverse(same_label),
                    std::cmp::Reverse(overlap),
                    shift,
                    sa.start,
                    sb.start,
                    i,
                    j,
                ));
            }
        }
    }
    candidates.sort_unstable();
    for &(_, _, _, _, _, i, j) in &candidates {
        if used_a[i] || used_b[j] {
            continue;
        }
        used_a[i] = true;
        used_b[j] = true;
        let kind = if rest_a[i].label == rest_b[j].label { Kind::Boundary } else { Kind::BoundaryAndLabel };
        differences.push(Difference { kind, a: Some(rest_a[i].clone()), b: Some(rest_b[j].clone()) });
    }

    // 4. The rest.
    for (i, s) in rest_a.iter().enumerate() {
        if !used_a[i] {
            differences.push(Difference { kind: Kind::Missing, a: Some((*s).clone()), b: None });
        }
    }
    for (j, s) in rest_b.iter().enumerate() {
        if !used_b[j] {
            differences.push(Difference { kind: Kind::Extra, a: None, b: Some((*s).clone()) });
        }
    }
    differences.sort_by(|x, y| (x.extent(), x.kind, &x.a, &x.b).cmp(&(y.extent(), y.kind, &y.a, &y.b)));
    Alignment { agreed, differences }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize, label: &str) -> Span {
        Span::new(start, end, label)
    }

    #[test]
    fn every_kind() {
        let a = [s(0, 4, "GPE"), s(10, 20, "PERSON"), s(30, 35, "DATE"), s(40, 45, "GPE"), s(50, 60, "EVENT")];
        let b = [s(0, 4, "GPE"), s(12, 20, "PERSON"), s(30, 35, "EVENT"), s(41, 47, "LOCATION"), s(70, 71, "GPE")];
        let al = align(&a, &b);
        assert_eq!(al.agreed, 1);
        let kinds: Vec<Kind> = al.differences.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, [Kind::Boundary, Kind::Label, Kind::BoundaryAndLabel, Kind::Missing, Kind::Extra]);
    }

    #[test]
    fn duplicates_are_a_multiset() {
        let a = [s(0, 4, "GPE"), s(0, 4, "GPE")];
        let b = [s(0, 4, "GPE")];
        let al = align(&a, &b);
        assert_eq!((al.agreed, al.differences.len()), (1, 1));
        assert_eq!(al.differences[0].kind, Kind::Missing);
    }

    #[test]
    fn same_label_pairs_before_larger_overlap() {
        // Nested spans: B's GPE pairs with A's GPE, not with the longer ORGANIZATION.
        let a = [s(0, 20, "ORGANIZATION"), s(5, 10, "GPE")];
        let b = [s(0, 21, "ORGANIZATION"), s(5, 11, "GPE")];
        let al = align(&a, &b);
        assert!(al.differences.iter().all(|d| d.kind == Kind::Boundary), "{al:?}");
    }

    #[test]
    fn symmetric_up_to_naming() {
        let a = [s(0, 5, "X"), s(3, 9, "Y"), s(20, 22, "Z")];
        let b = [s(1, 5, "X"), s(3, 9, "Z"), s(30, 32, "Z")];
        let ab = align(&a, &b);
        let ba = align(&b, &a);
        assert_eq!(ab.agreed, ba.agreed);
        assert_eq!(ab.count(Kind::Missing), ba.count(Kind::Extra));
        assert_eq!(ab.count(Kind::Boundary), ba.count(Kind::Boundary));
        assert_eq!(ab.count(Kind::Label), ba.count(Kind::Label));
    }
}
