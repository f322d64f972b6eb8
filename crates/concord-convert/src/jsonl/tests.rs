//! Unit tests of the JSONL reader and writer; the fixtures, snapshots and round trips are in
//! `tests/jsonl.rs`.

use std::collections::BTreeMap;
use std::path::Path;

use concord_schema::{Document, Text};

use super::parse::{ProdigyToken, TaskReader, token_offsets};
use super::*;
use crate::error::{ErrorKind, Location};
use crate::export::{ExportDocument, ExportSpan};

fn corpus() -> Corpus {
    Corpus::from_documents([
        Document::from_text("d1", "Hi ISIS’s man.\nBye 😀 Quetta.\n".into()),
        Document::from_text("d2", "Same. Same. Other.".into()),
    ])
}

/// Reads `source` as a file is read (through `read_text`, which takes off a byte-order mark),
/// its places shown as `t.jsonl`.
fn read_with(source: &str, options: &ReadOptions) -> Result<Imported, ConvertError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.jsonl");
    std::fs::write(&path, source).expect("writes");
    let input = read_text(&path)?;
    let corpus = corpus();
    let mut reader = TaskReader::new(&corpus, options);
    reader.read_file(&SourceMap::new(Path::new("t.jsonl"), &input.text))?;
    reader.finish()
}

fn read(source: &str) -> Result<Imported, ConvertError> {
    read_with(source, &ReadOptions { annotator: Some("ann".into()), ..ReadOptions::default() })
}

fn spans(imported: &Imported) -> Vec<(usize, usize, &str)> {
    imported.annotations.iter().flat_map(|a| &a.spans).map(|s| (s.start, s.end, s.label.as_str())).collect()
}

#[test]
fn token_indices_are_positions_or_ids() {
    let parsed = |json: &str| serde_json::from_str::<Vec<ProdigyToken>>(json).expect("tokens");
    let tokens = parsed(r#"[{"start": 0, "end": 2}, {"start": 3, "end": 7}, {"start": 8, "end": 9}]"#);
    assert_eq!(token_offsets(&tokens, 1, 2), Some((3, 9)));
    assert_eq!(token_offsets(&tokens, 2, 3), None);
    let renumbered = parsed(r#"[{"start": 0, "end": 2, "id": 5}, {"start": 3, "end": 7, "id": 6}]"#);
    assert_eq!(token_offsets(&renumbered, 5, 6), Some((0, 7)));
}

#[test]
fn bom_crlf_and_blank_lines_are_read() {
    let source = "\u{feff}{\"text\": \"Same.\", \"meta\": {\"document\": \"d2\"}, \"spans\": []}\r\n\r\n  \n{\"text\": \"Other.\", \"meta\": {\"document\": \"d2\"}, \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"X\"}]}\r\n";
    let imported = read(source).expect("reads");
    // "Same." occurs twice, has no spans, so it need not be placed; "Other." is at 12.
    assert_eq!(spans(&imported), vec![(12, 17, "X")]);
    assert_eq!(imported.annotations[0].source, Location::at("t.jsonl", 1, 1));
    assert_eq!(imported.annotations[0].spans[0].at, Location::at("t.jsonl", 4, 58));
}

#[test]
fn session_ids_file_names_binary_flags_and_choices() {
    let source = [
        // No _annotator_id: the session names the annotator; the document is named by its file.
        r#"{"text": "Other.", "meta": {"document": "d2.txt"}, "_session_id": "ds-eve", "spans": [{"start": 0, "end": 5, "label": "X"}], "accept": ["RELEVANT"]}"#,
        r#"{"text": "Other.", "_is_binary": true, "_session_id": "ds-fay", "spans": [{"start": 0, "end": 5, "label": "X"}]}"#,
    ]
    .join("\n");
    let imported = read_with(&source, &ReadOptions::default()).expect("reads");
    assert_eq!(imported.annotations.len(), 1);
    assert_eq!(
        (imported.annotations[0].document.as_str(), imported.annotations[0].annotator.as_str()),
        ("d2", "ds-eve")
    );
    assert_eq!(spans(&imported), vec![(12, 17, "X")]);
    let shown: Vec<String> = imported.notices.iter().map(ToString::to_string).collect();
    assert!(shown[0].starts_with("t.jsonl:1:1: document `d2` by `ds-eve` is put together from 1 task(s)"), "{shown:?}");
    assert_eq!(
        shown[1..],
        [
            "t.jsonl:2:1: 1 binary task(s) (`_view_id` ner or spans: one suggested span accepted or rejected, not a full annotation of the text) were skipped",
            "t.jsonl:1:1: the choice answers (`accept`) of 1 task(s) were not imported",
        ]
    );
}

#[test]
fn a_repeated_sentence_with_spans_cannot_be_placed() {
    let e = read("{\"text\": \"Same.\", \"meta\": {\"document\": \"d2\"}, \"spans\": [{\"start\": 0, \"end\": 4, \"label\": \"X\"}]}")
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(
        e.to_string()
            .starts_with("t.jsonl:1:10: this text occurs 2 times in document `d2` (at corpus line:column 1:1, 1:7)"),
        "{e}"
    );
}

#[test]
fn text_left_out_of_the_parts_is_noticed() {
    let imported = read("{\"text\": \"Bye 😀 Quetta.\", \"meta\": {\"id\": \"d1\"}, \"spans\": [{\"start\": 6, \"end\": 12, \"label\": \"GPE\"}]}")
        .expect("reads");
    assert_eq!(spans(&imported), vec![(21, 27, "GPE")]);
    let notice = imported.notices[0].to_string();
    assert!(notice.contains("put together from 1 task(s)"), "{notice}");
    assert!(notice.contains("12 non-space character(s)"), "{notice}");
    assert!(notice.contains("corpus line 1, column 1"), "{notice}");
}

#[test]
fn spans_off_token_boundaries_lose_their_token_fields() {
    let text = Text::new("Hi ISIS’s man.\nBye 😀 Quetta.\n".into());
    let span = |start, end, label: &str| ExportSpan { start, end, label: label.into(), note: None };
    let mut by_annotator = BTreeMap::new();
    by_annotator.insert("ann".to_owned(), vec![span(3, 7, "A"), span(4, 7, "B"), span(3, 9, "C")]);
    let input = ExportInput {
        labels: concord_schema::LabelSet { labels: Vec::new() },
        documents: vec![ExportDocument { id: "d1".into(), text, by_annotator }],
    };
    let exported = export(&input).expect("exports");
    let line = &exported.files[0].contents;
    assert!(line.contains(r#"{"start":3,"end":7,"token_start":1,"token_end":1,"label":"A"}"#), "{line}");
    assert!(line.contains(r#"{"start":4,"end":7,"label":"B"}"#), "{line}");
    assert!(line.contains(r#"{"start":3,"end":9,"token_start":1,"token_end":3,"label":"C"}"#), "{line}");
    assert!(line.contains(r#"{"text":".","start":13,"end":14,"id":5,"ws":true}"#), "{line}");
    let shown: Vec<String> = exported.notices.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].starts_with("ann.jsonl:1: span [4, 7) `B` of document `d1` does not start and end"), "{shown:?}");
    assert!(shown[1].contains("overlapping spans"), "{shown:?}");
}
