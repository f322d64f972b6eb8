//! Rendering the export: one `<annotator>.jsonl` per annotator, one task line per document.
//!
//! The output is pure and deterministic to the byte: serde structs whose field order is the key
//! order, spans sorted, files in annotator order. Tokens are computed once per document and
//! shared by every annotator's line, so `token_start`/`token_end` agree across files.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::{ConvertError, ErrorKind, Location};
use crate::export::{ExportInput, Exported, OutputFile};
use crate::notice::Notice;
use crate::tokens::Tokenizer;

/// A task line as concord writes it; the field order is the key order.
#[derive(Serialize)]
struct ProdigyTaskOut<'a> {
    text: &'a str,
    meta: ProdigyMetaOut<'a>,
    tokens: &'a [ProdigyTokenOut<'a>],
    spans: Vec<ProdigySpanOut<'a>>,
    answer: &'static str,
    #[serde(rename = "_annotator_id")]
    annotator_id: &'a str,
    #[serde(rename = "_session_id")]
    session_id: &'a str,
}

#[derive(Serialize)]
struct ProdigyMetaOut<'a> {
    document: &'a str,
}

#[derive(Serialize)]
struct ProdigyTokenOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Serialize)]
struct ProdigySpanOut<'a> {
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_end: Option<usize>,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// One `<annotator>.jsonl` per annotator, a line per document.
pub(super) fn render(input: &ExportInput) -> Result<Exported, ConvertError> {
    let mut files: BTreeMap<&str, (String, usize)> = BTreeMap::new();
    let mut notices = Vec::new();
    for doc in &input.documents {
        let tokens: Vec<ProdigyTokenOut<'_>> = Tokenizer::WordsAndPunctuation
            .tokens(doc.text.as_str())
            .into_iter()
            .enumerate()
            .map(|(id, (start, end))| ProdigyTokenOut {
                text: doc.text.slice(start, end).unwrap_or_default(),
                start,
                end,
                id,
                ws: doc.text.char_at(end).is_some_and(char::is_whitespace),
            })
            .collect();
        for (annotator, spans) in &doc.by_annotator {
            let (contents, lines) = files.entry(annotator).or_default();
            *lines += 1;
            let here = Location::at(format!("{annotator}.jsonl"), *lines, 0);
            let mut spans: Vec<_> = spans.iter().collect();
            spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
            let mut spans_out = Vec::with_capacity(spans.len());
            let mut reach = 0;
            let mut overlapping = false;
            for span in spans {
                overlapping |= span.start < reach;
                reach = reach.max(span.end);
                let first = tokens.binary_search_by_key(&span.start, |t| t.start).ok();
                let last = tokens.binary_search_by_key(&span.end, |t| t.end).ok();
                let (token_start, token_end) = match (first, last) {
                    (Some(first), Some(last)) => (Some(first), Some(last)),
                    _ => {
                        notices.push(Notice::new(
                            Some(here.clone()),
                            format!(
                                "span [{}, {}) `{}` of document `{}` does not start and end on token boundaries: written without token_start/token_end",
                                span.start, span.end, span.label, doc.id
                            ),
                        ));
                        (None, None)
                    }
                };
                spans_out.push(ProdigySpanOut {
                    start: span.start,
                    end: span.end,
                    token_start,
                    token_end,
                    label: &span.label,
                    note: span.note.as_deref(),
                });
            }
            if overlapping {
                notices.push(Notice::new(
                    Some(here.clone()),
                    format!(
                        "document `{}` has overlapping spans: spaCy's `doc.ents` cannot hold them (use them as a span group, or Prodigy's spans_manual)",
                        doc.id
                    ),
                ));
            }
            let task = ProdigyTaskOut {
                text: doc.text.as_str(),
                meta: ProdigyMetaOut { document: &doc.id },
                tokens: &tokens,
                spans: spans_out,
                answer: "accept",
                annotator_id: annotator,
                session_id: annotator,
            };
            let line = serde_json::to_string(&task)
                .map_err(|e| ConvertError::new(ErrorKind::Io, None, format!("cannot render JSON: {e}")))?;
            contents.push_str(&line);
            contents.push('\n');
        }
    }
    let files = files
        .into_iter()
        .map(|(annotator, (contents, _))| OutputFile { path: PathBuf::from(format!("{annotator}.jsonl")), contents })
        .collect();
    Ok(Exported { files, notices })
}
