//! The report on small corpora with curly quotes, dashes and ellipses (offsets are code
//! points), checked by hand, against the JSON schema, and through serde.

mod common;

use common::{at, set};
use concord_agreement::{AgreementReport, Options, compute, render_text};

const T1: &str = "“ISIS’s presence — a threat” said the ISPR… in Quetta, Balochistan.";
const T2: &str = "Daesh — or ISIS — claimed the attack in Mastung… “We will return,” it said.";
const T3: &str = "No entities here — just words…";

fn corpus() -> concord_schema::AnnotationSet {
    set(
        &["PERSON", "MILITANT_GROUP", "STATE_BODY", "GPE"],
        vec![
            (
                "doc-1",
                T1,
                vec![
                    (
                        "ann-a",
                        Some(vec![
                            at(T1, "ISIS", "MILITANT_GROUP"),
                            at(T1, "ISPR", "STATE_BODY"),
                            at(T1, "Quetta", "GPE"),
                            at(T1, "Balochistan", "GPE"),
                        ]),
                    ),
                    (
                        "ann-b",
                        Some(vec![
                            at(T1, "ISIS’s", "MILITANT_GROUP"),
                            at(T1, "ISPR", "STATE_BODY"),
                            at(T1, "Quetta", "GPE"),
                            at(T1, "Balochistan", "PERSON"),
                        ]),
                    ),
                    ("ann-c", Some(vec![at(T1, "ISIS", "MILITANT_GROUP"), at(T1, "Quetta", "GPE")])),
                ],
            ),
            (
                "doc-2",
                T2,
                vec![
                    ("ann-a", Some(vec![at(T2, "Daesh", "MILITANT_GROUP"), at(T2, "ISIS", "MILITANT_GROUP")])),
                    ("ann-b", Some(vec![at(T2, "Daesh", "MILITANT_GROUP"), at(T2, "Mastung", "GPE")])),
                    // ann-c has no file for doc-2: not annotated.
                    ("ann-c", None),
                ],
            ),
            (
                "doc-3",
                T3,
                // Everyone annotated doc-3 and found nothing.
                vec![("ann-a", Some(vec![])), ("ann-b", Some(vec![])), ("ann-c", Some(vec![]))],
            ),
        ],
    )
}

/// Hand-checked figures on the corpus above; the span counts follow nervaluate 1.2.1's rules.
#[test]
fn hand_checked_figures() {
    let report = compute(&corpus(), &Options { resamples: 200, ..Options::default() });
    assert_eq!(report.annotators, ["ann-a", "ann-b", "ann-c"]);
    assert_eq!(report.overall.documents_compared, 3);
    assert_eq!(report.overall.documents_complete, 2);

    let ab = &report.pairs[0];
    assert_eq!((ab.a.as_str(), ab.b.as_str(), ab.documents), ("ann-a", "ann-b", 3));
    // doc-1: ISPR, Quetta correct; ISIS/ISIS’s overlap (incorrect); Balochistan wrong label
    // (incorrect). doc-2: Daesh correct; ISIS missed; Mastung spurious.
    assert_eq!((ab.strict.correct, ab.strict.incorrect, ab.strict.missed, ab.strict.spurious), (3, 2, 1, 1));
    assert_eq!(ab.strict.precision, Some(3.0 / 6.0));
    assert_eq!(ab.strict.recall, Some(3.0 / 6.0));
    // Exact: Balochistan's boundaries agree.
    assert_eq!(ab.exact.correct, 4);
    // Partial: ISIS/ISIS’s counts half.
    assert_eq!((ab.partial.correct, ab.partial.partial), (4, 1));
    assert_eq!(ab.partial.precision, Some(4.5 / 6.0));

    // ann-c has no file for doc-2: pairs with ann-c compare doc-1 and doc-3 only.
    let ac = &report.pairs[1];
    assert_eq!((ac.a.as_str(), ac.b.as_str(), ac.documents), ("ann-a", "ann-c", 2));
    assert_eq!((ac.strict.correct, ac.strict.missed, ac.strict.spurious), (2, 2, 0));
    assert_eq!(ac.strict.precision, Some(1.0));

    // doc-3: all annotated, none found anything: F1 undefined with a reason, not 0.
    let d3 = &report.documents[2];
    assert_eq!(d3.annotators, ["ann-a", "ann-b", "ann-c"]);
    assert_eq!(d3.pairs[0].strict.f1, None);
    assert!(d3.pairs[0].strict.f1_undefined.is_some());
    assert_eq!(d3.unitizing_alpha, None);
    assert_eq!(d3.unitizing_alpha_undefined.as_deref(), Some("no spans"));
    // doc-2: only a and b are present.
    assert_eq!(report.documents[1].annotators, ["ann-a", "ann-b"]);
    assert_eq!(report.documents[1].pairs.len(), 1);

    // Tokens: doc-1 has 11 (“ISIS’s” is two tokens, ISIS and s; dashes, quotes and the ellipsis
    // none); doc-3 has 5. Only these two have all three annotators (Fleiss' items).
    assert_eq!(report.documents[0].tokens, 11);
    assert_eq!(report.overall.fleiss_tokens, 11 + 5);

    // Every figure that exists is finite (gamma has its own test below).
    assert!(report.overall.krippendorff_alpha.is_some());
    assert!(report.overall.unitizing_alpha.is_some());
    assert!(report.overall.krippendorff_alpha_ci.is_some());
    let text = render_text(&report);
    assert!(text.contains("ann-a × ann-b"), "{text}");
}

#[test]
fn gamma_samples_are_echoed_only_when_not_the_default() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schemas/report.schema.json")).expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
    let corpus = corpus();
    let default = compute(&corpus, &Options { resamples: 0, ..Options::default() });
    let value = serde_json::to_value(&default).expect("serialises");
    assert!(value["options"].get("gamma_samples").is_none(), "{}", value["options"]);
    assert_eq!(default.options.gamma_samples_note(), None);

    let fewer = compute(&corpus, &Options { resamples: 0, gamma_samples: 7, ..Options::default() });
    let value = serde_json::to_value(&fewer).expect("serialises");
    assert_eq!(value["options"]["gamma_samples"], serde_json::json!(7));
    assert!(validator.is_valid(&value));
    let back: AgreementReport = serde_json::from_value(value).expect("deserialises");
    assert_eq!(back, fewer);
    assert_eq!(
        fewer.options.gamma_samples_note().as_deref(),
        Some("γ's chance disorder from 7 samples per document, not pygamma's 30")
    );
    assert!(render_text(&fewer).contains("from 7 samples per document"));
    let drawn: Vec<usize> = fewer.documents.iter().map(|d| d.gamma_samples).filter(|&n| n > 0).collect();
    assert!(!drawn.is_empty() && drawn.iter().all(|&n| n == 7), "{drawn:?}");
}

#[test]
fn report_matches_its_json_schema_and_round_trips() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schemas/report.schema.json")).expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
    for resamples in [0, 50] {
        let mut report = compute(&corpus(), &Options { resamples, ..Options::default() });
        let value = serde_json::to_value(&report).expect("serialises");
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let back: AgreementReport = serde_json::from_value(value).expect("deserialises");
        assert_eq!(back, report);

        // Gamma's figures set afterwards (as compute does) still validate.
        report.overall.set_gamma(&Ok(0.6));
        report.documents[0].set_gamma(&Ok(0.6), &Ok(0.2), &Ok(0.5));
        let value = serde_json::to_value(&report).expect("serialises");
        assert_eq!(value["overall"]["gamma"], serde_json::json!(0.6));
        assert!(value["overall"].get("gamma_undefined").is_none());
        assert!(validator.is_valid(&value));

        // A null without its reason, or a reason beside a number, is invalid.
        let mut broken = value.clone();
        broken["overall"]["gamma"] = serde_json::Value::Null;
        assert!(!validator.is_valid(&broken));
        let mut broken = value.clone();
        broken["pairs"][0]["cohen_kappa_undefined"] = serde_json::json!("why");
        assert!(!validator.is_valid(&broken));
    }
}

/// The brief's minimum contract: these keys exist with these shapes.
#[test]
fn minimum_json_contract() {
    let report = compute(&corpus(), &Options { resamples: 0, ..Options::default() });
    let v = serde_json::to_value(&report).expect("serialises");
    assert!(v["annotators"].is_array() && v["labels"].is_array());
    let p = &v["pairs"][0];
    for key in ["a", "b", "strict", "exact", "partial", "type", "cohen_kappa"] {
        assert!(p.get(key).is_some(), "pairs[0].{key}");
    }
    for key in ["precision", "recall", "f1"] {
        assert!(p["strict"].get(key).is_some());
    }
    for key in ["fleiss_kappa", "krippendorff_alpha", "unitizing_alpha", "gamma"] {
        assert!(v["overall"].get(key).is_some(), "overall.{key}");
    }
    for key in ["id", "unitizing_alpha", "gamma", "gamma_observed_disorder", "gamma_chance_disorder"] {
        assert!(v["documents"][0].get(key).is_some(), "documents[0].{key}");
    }
}

#[test]
fn no_annotators_or_documents_is_not_a_panic() {
    let empty = set(&["GPE"], vec![]);
    let r = compute(&empty, &Options::default());
    assert!(r.pairs.is_empty());
    assert!(r.overall.krippendorff_alpha.is_none() && r.overall.krippendorff_alpha_undefined.is_some());
    let one = set(&["GPE"], vec![("d", "Quetta", vec![("solo", Some(vec![common::span(0, 6, "GPE")]))])]);
    let r = compute(&one, &Options::default());
    assert!(r.overall.fleiss_kappa.is_none() && r.overall.unitizing_alpha.is_none());
    let _ = render_text(&r);
}

#[test]
fn text_summary_of_a_synthetic_corpus() {
    use concord_agreement::synthetic::{SynthOptions, corpus};
    let set = corpus(&SynthOptions { documents: 40, ..SynthOptions::default() });
    let text = render_text(&compute(&set, &Options { resamples: 100, ..Options::default() }));
    println!("{text}");
    assert!(text.contains("annotator-a × annotator-b"));
    assert!(text.contains("Krippendorff α"));
    assert!(!text.contains("NaN"));
}

/// Gamma is filled in from concord-gamma by `compute`, seeded, with its details beside it.
#[test]
fn gamma_is_filled_in_and_reproducible() {
    let set = corpus();
    let a = compute(&set, &Options { resamples: 0, ..Options::default() });
    let b = compute(&set, &Options { resamples: 0, ..Options::default() });
    assert!(a.overall.gamma.is_some(), "{:?}", a.overall.gamma_undefined);
    assert!(a.overall.gamma_undefined.is_none());
    assert!(a.overall.gamma_standard_error.is_some_and(|se| se >= 0.0));
    assert_eq!(a.overall.gamma, b.overall.gamma, "same seed, same gamma");
    let doc = a.documents.iter().find(|d| d.gamma.is_some()).expect("a document with gamma");
    let (observed, chance) =
        (doc.gamma_observed_disorder.expect("observed"), doc.gamma_chance_disorder.expect("chance"));
    assert!((doc.gamma.expect("gamma") - (1.0 - observed / chance)).abs() < 1e-12);
    assert!(doc.gamma_samples >= 30);
    let off = compute(&set, &Options { resamples: 0, gamma: false, ..Options::default() });
    assert_eq!(off.overall.gamma_undefined.as_deref(), Some("not computed"));
}

/// With a gold standard the report gains `against_gold`, which the schema checks too.
#[test]
fn report_with_gold_matches_its_json_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schemas/report.schema.json")).expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
    let mut set = corpus();
    set.gold.insert("doc-1".into(), vec![at(T1, "ISIS", "MILITANT_GROUP"), at(T1, "Quetta", "GPE")]);
    set.gold.insert("doc-3".into(), vec![]);
    for resamples in [0, 50] {
        let report = compute(&set, &Options { resamples, gamma: false, ..Options::default() });
        let value = serde_json::to_value(&report).expect("serialises");
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let back: AgreementReport = serde_json::from_value(value.clone()).expect("deserialises");
        assert_eq!(back, report);
        // ann-c compared doc-1 and doc-3: ISIS and Quetta both right, nothing missed.
        let c = &value["against_gold"]["annotators"][2];
        assert_eq!((c["annotator"].as_str(), c["documents"].as_u64()), (Some("ann-c"), Some(2)));
        assert_eq!(c["strict"]["f1"], serde_json::json!(1.0));
        let mut broken = value.clone();
        broken["against_gold"]["annotators"][0]["strict_f1_ci"] = serde_json::Value::Null;
        broken["against_gold"]["annotators"][0].as_object_mut().expect("object").remove("strict_f1_ci_undefined");
        assert!(!validator.is_valid(&broken));
    }
}
