//! concord-agreement against the Python reference implementations (krippendorff, scikit-learn,
//! statsmodels, nervaluate), without Python: their figures on a seeded synthetic corpus are
//! frozen in `tests/fixtures/crosscheck_reference.json` (the file says which command and package
//! versions made it). `cargo xtask crosscheck` runs the same comparison live on a larger corpus.
//!
//! Why synthetic data: the repository's own annotations are three identical passes, so every
//! figure there is 1.0 and a regression could hide behind it. The synthetic corpus (seed 7, 50
//! documents, 3 annotators, noise, missing and empty files) gives 405 figures between 0.35 and
//! 0.70, each with a different value to get right.

use concord_agreement::crosscheck::{KeyedFigure, ReferenceError, compare, flatten, reference_figures};
use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_agreement::{Options, compute};
use serde_json::Value;

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/crosscheck_reference.json")).expect("fixture is JSON")
}

fn count(v: &Value, key: &str) -> usize {
    v["synthetic"][key].as_u64().and_then(|n| usize::try_from(n).ok()).expect("synthetic option")
}

/// concord's figures on the corpus the fixture was made from.
fn concord_figures(frozen: &Value) -> std::collections::BTreeMap<String, KeyedFigure> {
    let synth = SynthOptions {
        seed: frozen["synthetic"]["seed"].as_u64().expect("seed"),
        documents: count(frozen, "documents"),
        annotators: count(frozen, "annotators"),
        spans: count(frozen, "spans"),
        ..SynthOptions::default()
    };
    // As `cargo xtask crosscheck` computes them: intervals are not compared.
    flatten(&compute(&corpus(&synth), &Options { resamples: 0, ..Options::default() }))
}

#[test]
fn figures_match_the_frozen_python_reference() {
    let frozen = fixture();
    let tolerance = frozen["tolerance"].as_f64().expect("tolerance");
    assert_eq!(tolerance, 1e-9, "the tolerance `cargo xtask crosscheck` uses");
    let theirs = reference_figures(&frozen).expect("reference figures");
    assert_eq!(theirs.len(), 405, "the fixture went short");
    let comparison = compare(&concord_figures(&frozen), &theirs, tolerance);
    let bad: Vec<String> = comparison
        .families
        .iter()
        .filter(|(_, t)| !comparison.family_ok(t))
        .map(|(family, t)| format!("{family}: max |Δ| {:e}, mismatched {:?}", t.max_diff, t.mismatched))
        .collect();
    assert!(
        bad.is_empty(),
        "concord differs from the frozen Python figures (if the synthetic generator changed on \
         purpose, regenerate with the fixture's `command`):\n{}",
        bad.join("\n")
    );
    // Every reference figure is defined here, so every one was compared numerically.
    assert_eq!(comparison.compared(), 405);
}

#[test]
fn a_figure_off_by_more_than_the_tolerance_is_caught() {
    let frozen = fixture();
    let ours = concord_figures(&frozen);
    let mut theirs = reference_figures(&frozen).expect("reference figures");
    *theirs.get_mut("alpha/PERSON").expect("key") = theirs["alpha/PERSON"].map(|v| v + 1e-6);
    let comparison = compare(&ours, &theirs, 1e-9);
    assert!(!comparison.ok());
    let t = &comparison.families["krippendorff alpha per label"];
    assert!((t.max_diff - 1e-6).abs() < 1e-9, "{}", t.max_diff);
    // A reference key concord does not produce, and one undefined on one side only, are mismatches.
    theirs.insert("alpha/NO_SUCH_LABEL".into(), Some(0.5));
    *theirs.get_mut("fleiss").expect("key") = None;
    let comparison = compare(&ours, &theirs, 1e-9);
    assert_eq!(comparison.families["unmatched reference keys"].mismatched, ["alpha/NO_SUCH_LABEL"]);
    assert_eq!(comparison.families["fleiss kappa"].mismatched, ["fleiss"]);
}

#[test]
fn unreadable_reference_output_is_a_typed_error() {
    assert!(matches!(reference_figures(&serde_json::json!({"timings": {}})), Err(ReferenceError::NoFigures)));
    let err = reference_figures(&serde_json::json!({"figures": {"alpha": "0.5"}})).expect_err("a string");
    assert!(matches!(&err, ReferenceError::NotANumber { key, .. } if key == "alpha"), "{err}");
    let ok = reference_figures(&serde_json::json!({"figures": {"alpha": null, "fleiss": 0.25}})).expect("valid");
    assert_eq!((ok["alpha"], ok["fleiss"]), (None, Some(0.25)));
}
