//! `--measures` and gamma's limit as the report shows them: unselected figures are `null`
//! with "not computed (--measures)", a document too complex for gamma says so (and what to do),
//! and the corpus gamma counts it as left out, never "no units".

mod common;

use common::{set, span};
use concord_agreement::measures::NOT_SELECTED;
use concord_agreement::{AgreementReport, Measures, Options, compute, render_text};

const TEXT: &str = "The bull crap went on and on while the crowd watched the show.";

/// `raters` raters marking "bull crap" (4..13), every third one a code point short.
fn crowd_doc(raters: usize) -> Vec<(String, Option<Vec<concord_schema::Span>>)> {
    (0..raters).map(|r| (format!("r{r:02}"), Some(vec![span(4, 13 - usize::from(r % 3 == 0), "TOXIC")]))).collect()
}

fn corpus(with_pair: bool, raters: usize) -> concord_schema::AnnotationSet {
    let crowd = crowd_doc(raters);
    let mut docs = vec![("crowd", TEXT, crowd.iter().map(|(a, s)| (a.as_str(), s.clone())).collect())];
    if with_pair {
        docs.push((
            "pair",
            TEXT,
            vec![("r00", Some(vec![span(4, 13, "TOXIC")])), ("r01", Some(vec![span(4, 8, "TOXIC")]))],
        ));
    }
    set(&["TOXIC"], docs)
}

fn schema_errors(report: &AgreementReport) -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schemas/report.schema.json")).expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
    let value = serde_json::to_value(report).expect("serialises");
    validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn unselected_measures_are_null_with_the_reason() {
    let measures = Measures::parse(&["alpha", "f1", "kappa"]).expect("valid");
    let report = compute(&corpus(true, 4), &Options { resamples: 20, measures, ..Options::default() });
    let o = &report.overall;
    assert!(o.krippendorff_alpha.is_some() && o.fleiss_kappa.is_some() && o.pooled.strict.f1.is_some());
    for (value, reason) in [
        (o.gamma, &o.gamma_undefined),
        (o.unitizing_alpha, &o.unitizing_alpha_undefined),
        (None, &o.krippendorff_alpha_ci_undefined),
    ] {
        assert_eq!((value, reason.as_deref()), (None, Some(NOT_SELECTED)));
    }
    assert!(o.krippendorff_alpha_ci.is_none());
    let doc = &report.documents[0];
    assert_eq!((doc.gamma, doc.gamma_undefined.as_deref()), (None, Some(NOT_SELECTED)));
    assert_eq!(report.pairs[0].strict_f1_ci_undefined.as_deref(), Some(NOT_SELECTED));
    assert!(render_text(&report).contains("γ: not computed (--measures)"));
    assert!(schema_errors(&report).is_empty(), "{:#?}", schema_errors(&report));

    // Only gamma: F1 cleared, counts kept.
    let report = compute(
        &corpus(true, 3),
        &Options { resamples: 0, measures: Measures::parse(&["gamma"]).expect("valid"), ..Options::default() },
    );
    let strict = &report.pairs[0].strict;
    assert_eq!((strict.f1, strict.f1_undefined.as_deref()), (None, Some(NOT_SELECTED)));
    assert!(strict.possible > 0);
    assert!(report.overall.gamma.is_some());
}

#[test]
fn a_document_too_complex_for_gamma_says_so_and_the_corpus_leaves_it_out() {
    // 12 raters on one short document: the chance samples pass a budget of 1,000 steps; the
    // two-rater document needs no search.
    let options = Options { resamples: 0, gamma_max_steps: 1_000, ..Options::default() };
    let report = compute(&corpus(true, 12), &options);
    let crowd = &report.documents[0];
    let why = crowd.gamma_undefined.as_deref().unwrap_or_default();
    assert!(
        why.starts_with("too complex: 12 units from 12 annotators; the exact search for the chance samples"),
        "{why}"
    );
    assert!(why.contains("--no-gamma or --measures"), "{why}");
    assert_eq!(crowd.gamma, None);
    let o = &report.overall;
    assert_eq!(o.gamma, report.documents[1].gamma, "the corpus figure is the other document's");
    assert_eq!((o.gamma_documents, o.gamma_documents_too_complex), (1, 1));
    assert!(render_text(&report).contains("γ leaves out 1 document too complex to compute"));
    assert!(schema_errors(&report).is_empty(), "{:#?}", schema_errors(&report));

    // Alone, the crowd document leaves the corpus figure undefined as too complex, not "no units".
    let report = compute(&corpus(false, 12), &options);
    let why = report.overall.gamma_undefined.as_deref().unwrap_or_default();
    assert!(why.starts_with("too complex: every document with a gamma to compute"), "{why}");
    assert!(why.contains("(1 left out)") && why.contains("--no-gamma"), "{why}");
    assert!(schema_errors(&report).is_empty(), "{:#?}", schema_errors(&report));

    // Within the default budget the same document has a gamma.
    let report = compute(&corpus(false, 12), &Options { resamples: 0, ..Options::default() });
    assert!(report.overall.gamma.is_some(), "{:?}", report.overall.gamma_undefined);
}
