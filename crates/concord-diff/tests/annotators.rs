//! Disagreements between the fixture annotators, as a reviewer reads them: text, Markdown and
//! JSON (checked against schemas/diff.schema.json).

use std::path::Path;

use concord_diff::{AnnotatorDiff, AnnotatorFiles, DiffError, Kind, diff_annotators, render};

const ROOT: &str = "tests/fixtures/project";

fn diff(doc: &str) -> AnnotatorDiff {
    let run = concord_validate::validate(Path::new(ROOT), &[]).expect("the fixture project loads");
    assert_eq!(run.errors(), 0, "{:?}", run.diagnostics);
    let document = run.set.document(doc).expect("annotated");
    diff_annotators(document, "annotator-a", "annotator-b").expect("both annotated")
}

fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/diff.schema.json");
    let text = std::fs::read_to_string(path).expect("schemas/diff.schema.json");
    let json = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::new(&json).expect("the schema is a valid JSON Schema")
}

#[test]
fn every_kind_of_disagreement() {
    let d = diff("doc1");
    let kinds: Vec<Kind> = d.disagreements.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [Kind::BoundaryAndLabel, Kind::Missing, Kind::Extra, Kind::Label]);
    assert_eq!(d.agreed, 5);
    assert_eq!(diff("doc2").count(Kind::Boundary), 3);
}

#[test]
fn text() {
    insta::assert_snapshot!("doc1_text", render::annotators_text(&diff("doc1"), false));
    insta::assert_snapshot!("doc2_text", render::annotators_text(&diff("doc2"), false));
}

#[test]
fn markdown() {
    insta::assert_snapshot!("doc1_markdown", render::annotators_markdown(&diff("doc1"), 60_000));
}

#[test]
fn markdown_says_when_it_summarises() {
    let md = render::annotators_markdown(&diff("doc1"), 1_200);
    assert!(md.len() < 1_200, "{}", md.len());
    assert!(md.contains("more not shown to keep this under 1200 characters"), "{md}");
}

#[test]
fn json_follows_the_schema() {
    let json = render::annotators_json(&diff("doc1"));
    let schema = schema();
    let errors: Vec<String> = schema.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    insta::assert_json_snapshot!("doc2_json", render::annotators_json(&diff("doc2")));
}

#[test]
fn not_annotated_is_an_error_not_an_empty_diff() {
    let run = concord_validate::validate(Path::new(ROOT), &[]).expect("loads");
    let err = diff_annotators(run.set.document("doc1").expect("doc1"), "annotator-a", "nobody").expect_err("no file");
    assert_eq!(err.to_string(), "nobody has no annotation file for doc1 (not annotated)");
}

#[test]
fn files_of_a_project_are_checked_before_the_diff() {
    let root = Path::new(ROOT);
    let files = AnnotatorFiles::load(root, "doc1", "annotator-a", "annotator-b").expect("both files");
    assert_eq!(files.errors(), 0);
    assert_eq!(files.diff().expect("diff").agreed, diff("doc1").agreed);
    let err = AnnotatorFiles::load(root, "doc1", "annotator-a", "nobody").expect_err("no file");
    assert!(matches!(&err, DiffError::NoFile { annotator, .. } if annotator == "nobody"), "{err:?}");
    assert!(err.to_string().starts_with("nobody has no annotation file for doc1 ("), "{err}");
}

/// `gold` names the gold standard on either side of a diff.
#[test]
fn gold_on_either_side() {
    use concord_diff::diff_sides;
    use concord_schema::{AnnotationSet, DocumentAnnotations, Span, Text};
    let text = "“ISIS” 🇵🇰 hoisted flags\u{2028}in Punjab 😀 — Daesh…";
    let doc = DocumentAnnotations {
        id: "d1".to_owned(),
        text: Text::new(text.to_owned()),
        by_annotator: [(
            "annotator-a".to_owned(),
            vec![Span::new(1, 5, "MILITANT_GROUP"), Span::new(27, 33, "PERSON")],
        )]
        .into_iter()
        .collect(),
    };
    let mut set = AnnotationSet::new(vec!["GPE".into()], vec![doc]);
    // No gold yet: a typed error, not a panic.
    assert!(matches!(diff_sides(&set, "d1", "annotator-a", "gold"), Err(DiffError::NoGold(_))));
    set.gold.insert("d1".into(), vec![Span::new(1, 5, "MILITANT_GROUP"), Span::new(27, 33, "GPE")]);
    let d = diff_sides(&set, "d1", "annotator-a", "gold").expect("both sides");
    assert_eq!((d.a.as_str(), d.b.as_str(), d.agreed), ("annotator-a", "gold", 1));
    assert_eq!(d.disagreements.len(), 1);
    assert_eq!(d.disagreements[0].kind, Kind::Label);
    let text = render::annotators_text(&d, false);
    assert!(text.contains("[Punjab]{PERSON}") && text.contains("[Punjab]{GPE}"), "{text}");
    let back = diff_sides(&set, "d1", "gold", "annotator-a").expect("gold first");
    assert_eq!((back.a.as_str(), back.a_spans, back.b_spans), ("gold", 2, 2));
    assert!(matches!(diff_sides(&set, "d1", "gold", "nobody"), Err(DiffError::NotAnnotated { .. })));
    assert!(matches!(diff_sides(&set, "d9", "gold", "annotator-a"), Err(DiffError::NoDocument(_))));
}

#[test]
fn a_missing_gold_file_is_named() {
    let e = AnnotatorFiles::load(Path::new(ROOT), "doc1", "annotator-a", "gold").expect_err("no gold file");
    assert!(matches!(e, DiffError::NoGoldFile { .. }), "{e}");
    assert!(e.to_string().starts_with("doc1 has no gold file ("), "{e}");
}
