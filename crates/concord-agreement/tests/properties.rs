//! Property tests of the whole report: identical annotators agree perfectly (or the figure is
//! undefined for the documented reason), F1 is symmetric, and figures do not depend on the
//! names of annotators and labels or on where in the text the spans sit.

mod common;

use std::collections::BTreeMap;

use concord_agreement::unitizing::Study;
use concord_agreement::{AgreementReport, Options, compute};
use concord_schema::{AnnotationSet, DocumentAnnotations, Span, Text};
use proptest::prelude::*;
use serde_json::Value;

const LABELS: [&str; 3] = ["GPE", "MILITANT_GROUP", "PERSON"];

/// Text with curly quotes, dashes and ellipses among word characters.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_’“”—… ,.]{0,60}"
}

/// Any spans (nested, crossing, duplicate boundaries) within `len` code points.
fn any_spans(len: usize) -> impl Strategy<Value = Vec<Span>> {
    prop::collection::vec((0..len.max(1), 1..10usize, 0..3usize), 0..8).prop_map(move |v| {
        let mut spans: Vec<Span> = v
            .into_iter()
            .filter(|&(s, _, _)| s < len)
            .map(|(s, l, k)| Span::new(s, (s + l).min(len), LABELS[k]))
            .collect();
        spans.sort();
        spans.dedup();
        spans
    })
}

/// Flat spans: no two of one annotator share a code point.
fn flat_spans(len: usize) -> impl Strategy<Value = Vec<Span>> {
    prop::collection::vec((0..6usize, 1..8usize, 0..3usize), 0..8).prop_map(move |v| {
        let mut pos = 0;
        let mut spans = Vec::new();
        for (gap, l, k) in v {
            pos += gap;
            if pos + l > len {
                break;
            }
            spans.push(Span::new(pos, pos + l, LABELS[k]));
            pos += l;
        }
        spans
    })
}

type RawDoc = (String, Vec<Option<Vec<Span>>>);

/// 1–4 documents, 3 annotators, each with a file with probability 0.85 (always for the first
/// document, so every annotator is in the set).
fn corpus(flat: bool) -> impl Strategy<Value = Vec<RawDoc>> {
    let doc = text().prop_flat_map(move |t| {
        let len = t.chars().count();
        let spans = if flat { flat_spans(len).boxed() } else { any_spans(len).boxed() };
        (Just(t), prop::collection::vec(prop::option::weighted(0.85, spans), 3))
    });
    prop::collection::vec(doc, 1..5).prop_map(|mut docs| {
        for f in &mut docs[0].1 {
            f.get_or_insert_with(Vec::new);
        }
        docs
    })
}

fn build(raw: &[RawDoc], annotators: &[&str], labels: &[&str], rename_label: &dyn Fn(&str) -> String) -> AnnotationSet {
    let documents = raw
        .iter()
        .enumerate()
        .map(|(i, (t, files))| DocumentAnnotations {
            id: format!("doc-{i}"),
            text: Text::new(t.clone()),
            by_annotator: files
                .iter()
                .zip(annotators)
                .filter_map(|(f, a)| {
                    let spans = f.as_ref()?.iter().map(|s| Span::new(s.start, s.end, rename_label(&s.label))).collect();
                    Some(((*a).to_owned(), spans))
                })
                .collect::<BTreeMap<_, _>>(),
        })
        .collect();
    AnnotationSet::new(labels.iter().map(|l| (*l).to_owned()).collect(), documents)
}

fn same(l: &str) -> String {
    l.to_owned()
}

/// Gamma is left out here: its chance disorder samples positions on the continuum, so it is
/// invariant only in distribution under a shift; concord-gamma has its own property tests
/// (identical annotators, renaming, and the deterministic best-alignment disorder).
fn opts() -> Options {
    Options { resamples: 8, gamma: false, ..Options::default() }
}

/// The report's JSON with every string value blanked (names differ, figures must not).
fn figures_only(v: &Value) -> Value {
    match v {
        Value::String(_) => Value::Null,
        Value::Array(a) => Value::Array(a.iter().map(figures_only).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), figures_only(v))).collect()),
        other => other.clone(),
    }
}

/// The JSON without the keys `drop` says (recursively).
fn without(v: &Value, drop: &dyn Fn(&str) -> bool) -> Value {
    match v {
        Value::Array(a) => Value::Array(a.iter().map(|x| without(x, drop)).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().filter(|(k, _)| !drop(k)).map(|(k, v)| (k.clone(), without(v, drop))).collect())
        }
        other => other.clone(),
    }
}

fn pair<'r>(r: &'r AgreementReport, x: &str, y: &str) -> &'r concord_agreement::report::PairReport {
    r.pairs.iter().find(|p| (p.a == x && p.b == y) || (p.a == y && p.b == x)).expect("pair")
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-12,
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(concord_testkit::proptest_config(64))]

    /// Identical annotators: every span F1 is 1 (undefined without spans), every chance-corrected
    /// figure 1 or undefined because chance agreement is 1 / there is nothing to compare (for uα:
    /// no spans, no text, or units of length 1 filling the whole continuum, D_E = 0).
    #[test]
    fn identical_annotators_agree(raw in corpus(false)) {
        let raw: Vec<RawDoc> = raw.into_iter().map(|(t, f)| {
            let first = f[0].clone().unwrap_or_default();
            (t, vec![Some(first.clone()), Some(first.clone()), Some(first)])
        }).collect();
        let r = compute(&build(&raw, &["a", "b", "c"], &LABELS, &same), &opts());
        for p in &r.pairs {
            for s in [&p.strict, &p.exact, &p.partial, &p.type_] {
                prop_assert!(s.f1 == Some(1.0) || (s.f1.is_none() && s.possible == 0), "{:?}", s);
            }
            let ok = p.cohen_kappa == Some(1.0) || p.cohen_kappa_undefined.as_deref().is_some_and(|w|
                w.starts_with("chance agreement is 1") || w == "no tokens in common");
            prop_assert!(ok, "{:?} {:?}", p.cohen_kappa, p.cohen_kappa_undefined);
            prop_assert!(p.unitizing_alpha == Some(1.0) || p.unitizing_alpha_undefined.is_some());
        }
        let o = &r.overall;
        prop_assert!(o.fleiss_kappa == Some(1.0) || o.fleiss_kappa_undefined.as_deref().is_some_and(|w|
            w.starts_with("chance agreement is 1") || w.starts_with("no tokens")), "{:?}", o.fleiss_kappa_undefined);
        prop_assert!(o.krippendorff_alpha == Some(1.0) || o.krippendorff_alpha_undefined.as_deref().is_some_and(|w|
            w.starts_with("only one category") || w.starts_with("no unit")), "{:?}", o.krippendorff_alpha_undefined);
        prop_assert!(o.unitizing_alpha == Some(1.0) || o.unitizing_alpha_undefined.as_deref().is_some_and(|w|
            w == "no spans" || w.starts_with("empty continuum") || w == "expected disagreement is 0"), "{:?}", o.unitizing_alpha_undefined);
    }

    /// Swapping which annotator is the reference swaps precision and recall and keeps strict and
    /// exact F1 (annotations without overlaps within one annotator; see docs/metrics.md for why
    /// nervaluate's greedy matching is order-dependent with nested spans, and its 1 % rule makes
    /// partial and type asymmetric).
    #[test]
    fn f1_is_symmetric(raw in corpus(true)) {
        let fwd = compute(&build(&raw, &["x", "y", "z"], &LABELS, &same), &opts());
        let raw_swapped: Vec<RawDoc> = raw.iter().map(|(t, f)| (t.clone(), vec![f[1].clone(), f[0].clone(), f[2].clone()])).collect();
        let bwd = compute(&build(&raw_swapped, &["x", "y", "z"], &LABELS, &same), &opts());
        let (p, q) = (pair(&fwd, "x", "y"), pair(&bwd, "x", "y"));
        for (s, t) in [(&p.strict, &q.strict), (&p.exact, &q.exact)] {
            prop_assert_eq!(s.f1, t.f1);
            prop_assert_eq!(s.precision, t.recall);
            prop_assert_eq!(s.recall, t.precision);
        }
        prop_assert!(close(p.cohen_kappa, q.cohen_kappa));
        prop_assert!(close(p.unitizing_alpha, q.unitizing_alpha));
    }

    /// Renaming annotators and labels without changing their order changes no figure, even with
    /// nested spans.
    #[test]
    fn order_preserving_renames_change_nothing(raw in corpus(false)) {
        let r1 = compute(&build(&raw, &["a", "b", "c"], &LABELS, &same), &opts());
        let rename = |l: &str| format!("L{}", LABELS.iter().position(|x| *x == l).unwrap_or(9));
        let r2 = compute(&build(&raw, &["ann-1", "ann-2", "ann-3"], &["L0", "L1", "L2"], &rename), &opts());
        let (v1, v2) = (serde_json::to_value(&r1).unwrap(), serde_json::to_value(&r2).unwrap());
        prop_assert_eq!(figures_only(&v1), figures_only(&v2));
    }

    /// Any permutation of annotator names and of label names leaves every symmetric figure
    /// unchanged (flat spans, so label names never break a tie).
    #[test]
    fn any_renaming_keeps_symmetric_figures(raw in corpus(true), perm in Just([2usize, 0, 1]), lperm in Just([1usize, 2, 0])) {
        let names = ["a", "b", "c"];
        let r1 = compute(&build(&raw, &names, &LABELS, &same), &opts());
        let renamed = [names[perm[0]], names[perm[1]], names[perm[2]]];
        let relabel = |l: &str| LABELS[lperm[LABELS.iter().position(|x| *x == l).unwrap_or(0)]].to_owned();
        let r2 = compute(&build(&raw, &renamed, &LABELS, &relabel), &opts());
        let (o1, o2) = (&r1.overall, &r2.overall);
        prop_assert!(close(o1.fleiss_kappa, o2.fleiss_kappa));
        prop_assert!(close(o1.krippendorff_alpha, o2.krippendorff_alpha));
        prop_assert!(close(o1.unitizing_alpha, o2.unitizing_alpha));
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            let p = pair(&r1, names[i], names[j]);
            let q = pair(&r2, renamed[i], renamed[j]);
            prop_assert!(close(p.cohen_kappa, q.cohen_kappa));
            prop_assert!(close(p.unitizing_alpha, q.unitizing_alpha));
            prop_assert_eq!(p.strict.f1, q.strict.f1);
            prop_assert_eq!(p.exact.f1, q.exact.f1);
        }
        for (k, l) in LABELS.iter().enumerate() {
            let a = r1.per_label.iter().find(|x| x.label == *l).unwrap();
            let b = r2.per_label.iter().find(|x| x.label == LABELS[lperm[k]]).unwrap();
            prop_assert!(close(a.krippendorff_alpha, b.krippendorff_alpha));
            prop_assert!(close(a.fleiss_kappa, b.fleiss_kappa));
            prop_assert!(close(a.unitizing_alpha, b.unitizing_alpha));
        }
    }

    /// Shifting every offset (text prefixed with non-word characters) changes no span or token
    /// figure. Unitizing alpha is defined on the document's continuum, which the prefix lengthens;
    /// its shift invariance is the next property.
    #[test]
    fn shifting_offsets_changes_nothing(raw in corpus(false), k in 1usize..6) {
        let prefix: String = "—“… ’".chars().cycle().take(k).collect();
        let shifted: Vec<RawDoc> = raw.iter().map(|(t, f)| (
            format!("{prefix}{t}"),
            f.iter().map(|o| o.as_ref().map(|v| v.iter().map(|s| Span::new(s.start + k, s.end + k, s.label.clone())).collect())).collect(),
        )).collect();
        let r1 = compute(&build(&raw, &["a", "b", "c"], &LABELS, &same), &opts());
        let r2 = compute(&build(&shifted, &["a", "b", "c"], &LABELS, &same), &opts());
        let drop = |k: &str| k.starts_with("unitizing_alpha") || k == "length";
        prop_assert_eq!(without(&serde_json::to_value(&r1).unwrap(), &drop), without(&serde_json::to_value(&r2).unwrap(), &drop));
    }

    /// uα is invariant when the continuum and its units move together.
    #[test]
    fn unitizing_alpha_is_shift_invariant(
        units in prop::collection::vec((0u64..80, 1u64..15, 0usize..3, 0u32..3), 0..20),
        shift in 0u64..1_000_000,
    ) {
        let mut a = Study::new(3, 0, 100);
        let mut b = Study::new(3, shift, 100);
        for &(o, l, r, c) in &units {
            a.add_unit(o, l, r, c);
            b.add_unit(o + shift, l, r, c);
        }
        prop_assert_eq!(a.alpha(), b.alpha());
        for c in 0..3 {
            prop_assert_eq!(a.category_alpha(c), b.category_alpha(c));
        }
    }
}

proptest! {
    #![proptest_config(concord_testkit::proptest_config(48))]

    /// Selecting every annotator changes nothing, and selecting some gives exactly the report of
    /// a set built with only those annotators' files (documents left with none dropped).
    #[test]
    fn selection_is_the_report_of_the_chosen_files(raw in corpus(false)) {
        let all = build(&raw, &["ann-a", "ann-b", "pilot-1"], &LABELS, &same);
        let full = serde_json::to_value(compute(&all, &opts())).unwrap();
        let star = serde_json::to_value(compute(&all.select(&["*"]).unwrap(), &opts())).unwrap();
        prop_assert_eq!(&star, &full);

        let chosen = all.select(&["ann-?", "pilot-1"]).unwrap();
        prop_assert_eq!(serde_json::to_value(compute(&chosen, &opts())).unwrap(), full);

        let some = all.select(&["ann-*"]).unwrap();
        let kept: Vec<RawDoc> = raw
            .iter()
            .filter(|(_, files)| files[..2].iter().any(Option::is_some))
            .map(|(t, files)| (t.clone(), files[..2].to_vec()))
            .collect();
        let mut by_hand = build(&kept, &["ann-a", "ann-b"], &LABELS, &same);
        // Document ids follow the kept documents' positions in the full set.
        let ids: Vec<String> = raw
            .iter()
            .enumerate()
            .filter(|(_, (_, files))| files[..2].iter().any(Option::is_some))
            .map(|(i, _)| format!("doc-{i}"))
            .collect();
        for (d, id) in by_hand.documents.iter_mut().zip(ids) {
            d.id = id;
        }
        prop_assert_eq!(
            serde_json::to_value(compute(&some, &opts())).unwrap(),
            serde_json::to_value(compute(&by_hand, &opts())).unwrap()
        );
    }
}
