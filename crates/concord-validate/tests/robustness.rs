//! Bad input never panics: arbitrary text shaped like annotation files goes through every check
//! and through `fix`. (The cargo-fuzz target in fuzz/ does the same with raw bytes, for longer.)

use std::collections::HashMap;
use std::path::Path;

use concord_schema::{Document, LabelSet};
use concord_validate::check::{Context, check_file};
use proptest::prelude::*;

fn labels() -> LabelSet {
    LabelSet::from_yaml(
        "labels:\n  - {name: GPE, description: x, overlap: nest}\n  - {name: DATE, description: x, overlap: forbid}\n",
    )
    .expect("labels")
}

/// Pieces of annotation files, glued in random order: keys, values, indentation, odd characters.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("document: d\n".to_owned()),
        Just("annotator: a\n".to_owned()),
        Just("spans:\n".to_owned()),
        Just("  - ".to_owned()),
        Just("    ".to_owned()),
        Just("start: ".to_owned()),
        Just("end: ".to_owned()),
        Just("label: GPE\n".to_owned()),
        Just("text: ".to_owned()),
        Just("occurrence: ".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("&x ".to_owned()),
        Just("*x ".to_owned()),
        Just("\t".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("“ISIS”—…".to_owned()),
        (0i64..60).prop_map(|n| format!("{n}\n")),
        "[ -~]{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(concord_testkit::proptest_config(1000))]
    #[test]
    fn no_input_panics(source in yamlish()) {
        let labels = labels();
        let schema = jsonschema::draft202012::new(&concord_schema::json_schema::annotation_schema(&labels)).expect("schema");
        let doc = Document::from_text("d", "In late 2014, “ISIS” — Daesh… Punjab.\nISIS’s reach".to_owned());
        let documents = HashMap::from([("d".to_owned(), Some(doc.clone()))]);
        let ctx = Context {
            labels: Some(&labels),
            schema: Some(&schema),
            documents: &documents,
            checks: &concord_validate::ChecksConfig::NONE,
        };
        let report = check_file(&ctx, Path::new("a/d.yaml"), "a", "d", Ok(source.clone()));
        for d in &report.diagnostics {
            prop_assert!(d.line as usize <= source.lines().count() + 1, "{d:?}");
            let _ = concord_validate::render::render_text(d, false);
        }
        // fix either leaves the file alone or produces a file that still parses.
        if let (Some(new), _) = concord_validate::fix::fix_source(Path::new("a/d.yaml"), &source, &doc) {
            prop_assert!(concord_schema::yaml::parse(&new).is_ok(), "fix broke the file:\n{new}");
        }
    }
}

/// Pieces of gold files: the sections, votes, decisions and odd values.
fn goldish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("document: d\n".to_owned()),
        Just("curation:\n  strategy: threshold\n  annotators: [a, b]\n".to_owned()),
        Just("spans:\n".to_owned()),
        Just("questions:\n  - candidates:\n".to_owned()),
        Just("rejected:\n".to_owned()),
        Just("  - ".to_owned()),
        Just("      - ".to_owned()),
        Just("    ".to_owned()),
        Just("start: ".to_owned()),
        Just("end: ".to_owned()),
        Just("label: GPE\n".to_owned()),
        Just("label: DATE\n".to_owned()),
        Just("text: ".to_owned()),
        Just("votes: [a, b, gold, 7]\n".to_owned()),
        Just("votes: a\n".to_owned()),
        Just("decision: accept\n".to_owned()),
        Just("decision: maybe\n".to_owned()),
        Just("decided: rule\n".to_owned()),
        Just("stale: true\n".to_owned()),
        Just("candidates: []\n".to_owned()),
        Just("\u{2028}🇵🇰😀“ISIS”".to_owned()),
        Just("\n".to_owned()),
        (0i64..60).prop_map(|n| format!("{n}\n")),
        "[ -~]{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(concord_testkit::proptest_config(500))]
    #[test]
    fn no_gold_input_panics(source in goldish()) {
        let labels = labels();
        let schema = jsonschema::draft202012::new(&concord_schema::json_schema::annotation_schema(&labels)).expect("schema");
        let gold_schema = jsonschema::draft202012::new(&concord_schema::json_schema::gold_schema(&labels)).expect("schema");
        let doc = Document::from_text("d", "In late 2014, “ISIS” — Daesh… Punjab.\nISIS’s reach 🇵🇰".to_owned());
        let documents = HashMap::from([("d".to_owned(), Some(doc))]);
        let ctx = Context {
            labels: Some(&labels),
            schema: Some(&schema),
            documents: &documents,
            checks: &concord_validate::ChecksConfig::NONE,
        };
        let files = concord_validate::check::AnnotatorFiles::from([
            ("a".to_owned(), Some(vec![concord_schema::Span::new(0, 2, "GPE")])),
            ("b".to_owned(), None),
        ]);
        let report = concord_validate::check::check_gold_file(&ctx, Some(&gold_schema), Path::new("gold/d.yaml"), "d", &files, Ok(source.clone()));
        for d in &report.diagnostics {
            prop_assert!(d.line as usize <= source.lines().count() + 1, "{d:?}");
            let _ = concord_validate::render::render_text(d, false);
        }
        prop_assert!(report.open_candidates >= report.open_questions);
    }
}
