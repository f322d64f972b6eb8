//! The crowd layout (issue 12): past twelve annotators the report lists no pair rows but a
//! summary whose figures are the pair rows' own; `--full` streams those rows; a pair that
//! shares no document says so; pooled and mean-over-pairs F1 are both given.

mod common;

use common::{set, span};
use concord_agreement::compute::full::{CI_NOT_IN_CROWD, shared_pair_rows, write_json_full};
use concord_agreement::crowd::{CROWD_ANNOTATORS, Spread};
use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_agreement::{AgreementReport, Measures, Options, compute};

fn schema_errors(value: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schemas/report.schema.json")).expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
    validator.iter_errors(value).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

/// 16 annotators, each with a file for about a third of 40 documents.
fn crowd_set() -> concord_schema::AnnotationSet {
    corpus(&SynthOptions {
        seed: 7,
        documents: 40,
        annotators: 16,
        spans: 6,
        words: 60,
        missing: 0.65,
        ..SynthOptions::default()
    })
}

fn options() -> Options {
    Options { resamples: 50, gamma: false, ..Options::default() }
}

#[test]
fn many_annotators_get_a_summary_instead_of_pair_rows() {
    let set = crowd_set();
    assert!(set.annotators.len() > CROWD_ANNOTATORS);
    let report = compute(&set, &options());
    assert!(report.pairs.is_empty(), "no pair rows in the crowd layout");
    assert!(report.documents.iter().all(|d| d.pairs.is_empty()));
    let crowd = report.crowd.as_ref().expect("crowd summary");

    // The summary's figures are the pair rows' own.
    let rows = shared_pair_rows(&set, Measures::all());
    assert_eq!(crowd.pairs, rows.len());
    assert!(rows.iter().all(|r| r.documents > 0));
    let f1s: Vec<Option<f64>> = rows.iter().map(|r| r.strict.f1).collect();
    assert_eq!(crowd.strict_f1, Spread::of(f1s.iter().copied()));
    assert_eq!(crowd.cohen_kappa, Spread::of(rows.iter().map(|r| r.cohen_kappa)));
    for brief in crowd.best_pairs.iter().chain(&crowd.worst_pairs) {
        let row = rows.iter().find(|r| r.a == brief.a && r.b == brief.b).expect("a listed pair has a row");
        assert_eq!(
            (brief.documents, brief.strict_f1, brief.cohen_kappa),
            (row.documents, row.strict.f1, row.cohen_kappa)
        );
        assert!(brief.documents >= crowd.min_shared_documents);
    }
    let best: Vec<f64> = crowd.best_pairs.iter().filter_map(|p| p.strict_f1).collect();
    assert!(best.windows(2).all(|w| w[0] >= w[1]), "best first: {best:?}");
    let worst: Vec<f64> = crowd.worst_pairs.iter().filter_map(|p| p.strict_f1).collect();
    assert!(worst.windows(2).all(|w| w[0] <= w[1]), "worst first: {worst:?}");
    assert!(!crowd.best_annotators.is_empty());

    // Mean over pairs beside the pooled figure.
    let defined: Vec<f64> = f1s.iter().flatten().copied().collect();
    let mean = defined.iter().sum::<f64>() / defined.len() as f64;
    let o = &report.overall;
    assert_eq!((o.mean_pair_strict_f1, o.mean_pair_strict_f1_pairs), (Some(mean), defined.len()));
    assert!(o.pooled.strict.f1.is_some());

    let value = serde_json::to_value(&report).expect("serialises");
    assert!(schema_errors(&value).is_empty(), "{:#?}", schema_errors(&value));
}

#[test]
fn a_pair_of_the_crowd_has_the_figures_it_has_alone() {
    let set = crowd_set();
    let report = compute(&set, &options());
    let crowd = report.crowd.as_ref().expect("crowd summary");
    let brief = &crowd.best_pairs[0];
    let alone = compute(&set.select(&[brief.a.as_str(), brief.b.as_str()]).expect("both exist"), &options());
    assert!(alone.crowd.is_none());
    let row = &alone.pairs[0];
    assert_eq!((row.documents, row.strict.f1, row.cohen_kappa), (brief.documents, brief.strict_f1, brief.cohen_kappa));
}

#[test]
fn an_annotator_against_the_others_sums_its_pairs_with_it_as_prediction() {
    let set = crowd_set();
    let report = compute(&set, &options());
    let crowd = report.crowd.as_ref().expect("crowd summary");
    let rows = shared_pair_rows(&set, Measures::all());
    for who in crowd.best_annotators.iter().chain(&crowd.worst_annotators) {
        let mine: Vec<_> = rows.iter().filter(|r| r.a == who.annotator || r.b == who.annotator).collect();
        assert_eq!(who.partners, mine.len());
        // As prediction: its spans are ACT where it is `b`, POS where it is `a`.
        let spans_as_prediction: u64 =
            mine.iter().map(|r| if r.b == who.annotator { r.strict.actual } else { r.strict.possible }).sum();
        assert_eq!(who.strict.actual, spans_as_prediction);
        let partners_spans: u64 =
            mine.iter().map(|r| if r.b == who.annotator { r.strict.possible } else { r.strict.actual }).sum();
        assert_eq!(who.strict.possible, partners_spans);
        // Greedy matching is not symmetric with nested spans, so `correct` is counted both ways
        // (`reversed`), not copied from the pair's row; it stays within one span per pair.
        let correct: u64 = mine.iter().map(|r| r.strict.correct).sum();
        assert!(who.strict.correct.abs_diff(correct) <= mine.len() as u64);
    }
}

#[test]
fn the_full_report_streams_every_row_of_the_crowd() {
    let set = crowd_set();
    let options = options();
    let report = compute(&set, &options);
    let mut out = Vec::new();
    write_json_full(&set, &report, &options, &mut out).expect("writes");
    let streamed: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert!(schema_errors(&streamed).is_empty(), "{:#?}", schema_errors(&streamed));

    // The same as the report with its rows filled in memory.
    let mut full: AgreementReport = report.clone();
    full.pairs = shared_pair_rows(&set, Measures::all());
    for d in &mut full.documents {
        *d = concord_agreement::compute::full::document_with_pairs(&set, d, Measures::all());
    }
    assert_eq!(streamed, serde_json::to_value(&full).expect("serialises"));
    assert!(full.pairs.iter().all(|p| p.strict_f1_ci_undefined.as_deref() == Some(CI_NOT_IN_CROWD)));
    let pairs_on_documents: usize = full.documents.iter().map(|d| d.pairs.len()).sum();
    let pair_documents: usize = full.pairs.iter().map(|p| p.documents).sum();
    assert_eq!(pairs_on_documents, pair_documents);

    // A small team's report is written as it is.
    let small = corpus(&SynthOptions { seed: 7, documents: 5, annotators: 3, ..SynthOptions::default() });
    let report = compute(&small, &options);
    let mut out = Vec::new();
    write_json_full(&small, &report, &options, &mut out).expect("writes");
    let streamed: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(streamed, serde_json::to_value(&report).expect("serialises"));
}

#[test]
fn a_pair_that_shares_no_document_says_so_for_every_figure() {
    let text = "Islamic State claimed the attack in Bajaur.";
    let s = set(
        &["GROUP", "PLACE"],
        vec![
            ("d1", text, vec![("a", Some(vec![span(0, 13, "GROUP")])), ("b", Some(vec![span(36, 42, "PLACE")]))]),
            ("d2", text, vec![("b", Some(vec![span(0, 13, "GROUP")])), ("c", Some(vec![span(0, 13, "GROUP")]))]),
        ],
    );
    let report = compute(&s, &options());
    let pair = report.pairs.iter().find(|p| (p.a.as_str(), p.b.as_str()) == ("a", "c")).expect("pair a × c");
    assert_eq!(pair.documents, 0);
    let why = Some("no document annotated by both");
    for scheme in [&pair.strict, &pair.exact, &pair.partial, &pair.type_] {
        assert_eq!(
            (scheme.f1_undefined.as_deref(), scheme.precision_undefined.as_deref(), scheme.recall_undefined.as_deref()),
            (why, why, why)
        );
    }
    assert_eq!(pair.cohen_kappa_undefined.as_deref(), why);
    assert!(pair.per_label.iter().all(|l| l.strict.f1_undefined.as_deref() == why));
    // The pairs that do share a document are averaged; the one that does not is left out.
    assert_eq!(report.overall.mean_pair_strict_f1_pairs, 2);
    assert_eq!(report.overall.mean_pair_strict_f1, Some(0.5));
}

#[test]
fn pooled_f1_weighs_spans_of_every_pair_and_the_mean_weighs_pairs() {
    // One document where 6 raters agree on one span (15 pairs at F1 1), and 4 pairs of 2 raters
    // who mark three spans each and never agree (F1 0), each pair on its own document.
    let text = "Islamic State claimed the attack in Bajaur.";
    let mut docs: Vec<common::Doc<'_>> = Vec::new();
    let crowd: Vec<String> = (0..6).map(|r| format!("c{r}")).collect();
    docs.push(("crowded", text, crowd.iter().map(|a| (a.as_str(), Some(vec![span(0, 13, "GROUP")]))).collect()));
    let names: Vec<(String, String)> = (0..4).map(|p| (format!("p{p}a"), format!("p{p}b"))).collect();
    let ids: Vec<String> = (0..4).map(|p| format!("pair{p}")).collect();
    let first = vec![span(0, 7, "GROUP"), span(8, 13, "GROUP"), span(14, 21, "GROUP")];
    let second = vec![span(22, 25, "GROUP"), span(26, 32, "GROUP"), span(36, 42, "GROUP")];
    for ((a, b), id) in names.iter().zip(&ids) {
        docs.push((id.as_str(), text, vec![(a.as_str(), Some(first.clone())), (b.as_str(), Some(second.clone()))]));
    }
    let report = compute(&set(&["GROUP"], docs), &options());
    assert!(report.crowd.is_some(), "14 annotators");
    let o = &report.overall;
    // Pooled: 15 correct of 15 + 4 × 3 spans each way.
    let pooled = o.pooled.strict.f1.expect("defined");
    assert!((pooled - 15.0 / 27.0).abs() < 1e-12, "{pooled}");
    // Mean over the 19 pairs that share a document.
    assert_eq!(o.mean_pair_strict_f1_pairs, 19);
    assert!((o.mean_pair_strict_f1.expect("defined") - 15.0 / 19.0).abs() < 1e-12);
    assert_eq!(report.documents[0].mean_pair_strict_f1, Some(1.0));
    assert_eq!(report.documents[1].mean_pair_strict_f1, Some(0.0));
}
