//! The status table of a hand-made set (curly quotes, emoji, U+2028; an empty file, a missing
//! file, a gold file on a document nobody annotated) in its three formats.

use concord_schema::{DocumentAnnotations, Span, Text};

use super::*;

fn doc(id: &str, text: &str, who: Vec<(&str, Vec<Span>)>) -> DocumentAnnotations {
    DocumentAnnotations {
        id: id.to_owned(),
        text: Text::new(text.to_owned()),
        by_annotator: who.into_iter().map(|(a, s)| (a.to_owned(), s)).collect(),
    }
}

fn set() -> AnnotationSet {
    let mut set = AnnotationSet::new(
        vec!["GPE".into(), "PERSON".into()],
        vec![
            doc(
                "000_quetta",
                "“Quetta” 🇵🇰 — said Altaf\u{2028}Hussain 😀",
                vec![
                    ("annotator-a", vec![Span::new(1, 7, "GPE"), Span::new(17, 30, "PERSON")]),
                    ("annotator-b", vec![Span::new(1, 7, "GPE")]),
                    ("pilot-1", vec![]),
                ],
            ),
            doc("001_daesh", "Daesh — or ISIS…", vec![("annotator-b", vec![Span::new(0, 5, "GPE")])]),
        ],
    );
    set.gold.insert("000_quetta".into(), vec![Span::new(1, 7, "GPE"), Span::new(17, 30, "PERSON")]);
    set.gold.insert("002_gold_only".into(), vec![]);
    set
}

fn curation() -> CurationCounts {
    let mut c = CurationCounts::default();
    c.per_document.insert("000_quetta".into(), DocumentCuration { open_questions: 2, open_candidates: 5, stale: 1 });
    c
}

#[test]
fn rows_and_totals() {
    let s = build(&set(), Some(&curation()));
    assert_eq!(s.annotators, ["annotator-a", "annotator-b", "pilot-1"]);
    let ids: Vec<&str> = s.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["000_quetta", "001_daesh", "002_gold_only"]);
    let q = &s.documents[0];
    assert_eq!(q.spans.get("pilot-1"), Some(&0), "an empty file is annotated, with no spans");
    assert_eq!(s.documents[1].spans.get("annotator-a"), None, "no file, no key");
    assert_eq!((q.gold_spans, q.open_questions, q.stale), (Some(2), Some(2), Some(1)));
    assert_eq!(s.documents[1].open_questions, Some(0));
    assert_eq!(
        s.totals,
        StatusTotals { documents: 3, gold_files: 2, open_questions: Some(2), open_candidates: Some(5), stale: Some(1) }
    );
    // Without curation counts nothing is invented.
    let unknown = build(&set(), None);
    assert_eq!(unknown.totals.open_questions, None);
    assert!(unknown.documents.iter().all(|d| d.stale.is_none()));
    // An empty set is an empty table.
    let empty = build(&AnnotationSet::default(), None);
    assert!(empty.documents.is_empty());
    assert!(render_text(&empty).starts_with("0 annotators · 0 documents"));
}

#[test]
fn status_text() {
    insta::assert_snapshot!(render_text(&build(&set(), Some(&curation()))));
}

#[test]
fn status_markdown() {
    insta::assert_snapshot!(render_markdown(&build(&set(), Some(&curation()))));
}

#[test]
fn status_markdown_not_counted() {
    insta::assert_snapshot!(render_markdown(&build(&set(), None)));
}

#[test]
fn status_json_matches_its_schema() {
    let json = render_json(&build(&set(), Some(&curation()))).unwrap();
    insta::assert_snapshot!(json);
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../../schemas/status.schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for status in [build(&set(), Some(&curation())), build(&set(), None), build(&AnnotationSet::default(), None)] {
        let value = serde_json::to_value(&status).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    let mut broken = serde_json::to_value(build(&set(), None)).unwrap();
    broken["documents"][0]["spans"]["annotator-a"] = serde_json::json!(-1);
    assert!(!validator.is_valid(&broken));
}
