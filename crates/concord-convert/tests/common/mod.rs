//! Shared test data: a small corpus with curly quotes, dashes, ellipses and characters outside the
//! Basic Multilingual Plane (where UTF-16 offsets part from code points), and two annotators.

#![allow(dead_code, reason = "each test file uses part of this")]

use std::collections::BTreeMap;

use concord_convert::export::{ExportDocument, ExportSpan};
use concord_convert::{Corpus, ExportInput, Imported};
use concord_schema::{Document, Label, LabelSet, OverlapPolicy, Text};

pub const EMOJI_DOC: &str = "emoji_01";
pub const EMOJI_TEXT: &str =
    "Quetta 😀 — “ISIS” claimed… the attack on 3 May.\nISIS’s Khorasan branch 🇵🇰 struck Peshawar again.\n";
pub const PLAIN_DOC: &str = "plain_02";
pub const PLAIN_TEXT: &str =
    "The Pakistan army said Daesh and the TTP had met in Bajaur.\n\nAltaf Hussain denied it.\n";

pub fn labels() -> LabelSet {
    let label = |name: &str, color: &str| Label {
        name: name.into(),
        description: format!("{name} (test label)"),
        color: Some(color.into()),
        overlap: OverlapPolicy::Nest,
    };
    LabelSet {
        labels: vec![
            label("PERSON", "#f4a261"),
            label("MILITANT_GROUP", "#e63946"),
            label("STATE_BODY", "#457b9d"),
            label("GPE", "#8ab17d"),
            label("DATE", "#e9c46a"),
            label("EVENT", "#6d597a"),
        ],
    }
}

pub fn corpus() -> Corpus {
    Corpus::from_documents([
        Document::from_text(EMOJI_DOC, EMOJI_TEXT.into()),
        Document::from_text(PLAIN_DOC, PLAIN_TEXT.into()),
    ])
}

/// The code-point range of the `n`-th (1-based) occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let t = Text::new(text.to_owned());
    let start = t.find_all(needle)[n - 1];
    (start, start + needle.chars().count())
}

fn span(text: &str, needle: &str, n: usize, label: &str, note: Option<&str>) -> ExportSpan {
    let (start, end) = find(text, needle, n);
    ExportSpan { start, end, label: label.into(), note: note.map(str::to_owned) }
}

/// Annotator `alice` and `bob` on the emoji document, `alice` only on the plain one, and `carol`
/// with an empty file ("annotated, found nothing") on the plain one. Bob nests a place inside a
/// group; alice has two adjacent spans of one label ("3 May" after "attack").
pub fn input() -> ExportInput {
    let e = EMOJI_TEXT;
    let p = PLAIN_TEXT;
    let mut emoji = BTreeMap::new();
    emoji.insert(
        "alice".to_owned(),
        vec![
            span(e, "Quetta", 1, "GPE", None),
            span(e, "ISIS", 1, "MILITANT_GROUP", Some("quoted in the source: “ISIS”")),
            span(e, "the attack", 1, "EVENT", None),
            span(e, "3 May", 1, "DATE", None),
            span(e, "ISIS’s Khorasan branch", 1, "MILITANT_GROUP", None),
            span(e, "Peshawar", 1, "GPE", None),
        ],
    );
    emoji.insert(
        "bob".to_owned(),
        vec![
            span(e, "Quetta", 1, "GPE", None),
            span(e, "ISIS", 1, "MILITANT_GROUP", None),
            span(e, "ISIS’s Khorasan branch", 1, "MILITANT_GROUP", None),
            span(e, "Khorasan", 1, "GPE", Some("nested on purpose")),
            span(e, "Peshawar", 1, "STATE_BODY", None),
        ],
    );
    let mut plain = BTreeMap::new();
    plain.insert(
        "alice".to_owned(),
        vec![
            span(p, "Pakistan army", 1, "STATE_BODY", None),
            span(p, "Daesh", 1, "MILITANT_GROUP", None),
            span(p, "TTP", 1, "MILITANT_GROUP", None),
            span(p, "Bajaur", 1, "GPE", None),
            span(p, "Altaf Hussain", 1, "PERSON", None),
        ],
    );
    plain.insert("carol".to_owned(), Vec::new());
    let mut documents = vec![
        ExportDocument { id: EMOJI_DOC.into(), text: Text::new(EMOJI_TEXT.into()), by_annotator: emoji },
        ExportDocument { id: PLAIN_DOC.into(), text: Text::new(PLAIN_TEXT.into()), by_annotator: plain },
    ];
    for d in &mut documents {
        for spans in d.by_annotator.values_mut() {
            spans.sort();
        }
    }
    ExportInput { labels: labels(), documents }
}

/// (document, annotator) → spans as (start, end, label, note), sorted.
pub type Flat = BTreeMap<(String, String), Vec<(usize, usize, String, Option<String>)>>;

pub fn flatten_input(input: &ExportInput, with_notes: bool) -> Flat {
    let mut out = Flat::new();
    for d in &input.documents {
        for (annotator, spans) in &d.by_annotator {
            let mut v: Vec<_> = spans
                .iter()
                .map(|s| (s.start, s.end, s.label.clone(), if with_notes { s.note.clone() } else { None }))
                .collect();
            v.sort();
            out.insert((d.id.clone(), annotator.clone()), v);
        }
    }
    out
}

pub fn flatten_imported(imported: &Imported, with_notes: bool) -> Flat {
    let mut out = Flat::new();
    for a in &imported.annotations {
        let mut v: Vec<_> = a
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.clone(), if with_notes { s.note.clone() } else { None }))
            .collect();
        v.sort();
        let previous = out.insert((a.document.clone(), a.annotator.clone()), v);
        assert!(previous.is_none(), "two annotations of {} by {}", a.document, a.annotator);
    }
    out
}
