//! Reading task lines: each accepted line becomes a [`DocumentPart`] with its spans, in code
//! points of its document; what is skipped or dropped is counted for one notice per kind.
//!
//! Values are kept as serde_json `&RawValue` slices of the line until they are needed, for two
//! reasons: an error names the place of the value at fault (the file's [`SourceMap`] turns a
//! slice into a line and column), and the `tokens` of a task, often the longest part of a line,
//! are parsed only when a span has token indices and no character offsets.

use std::collections::BTreeMap;

use concord_schema::Text;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::parts::{self, DocumentPart};
use crate::error::{ConvertError, ErrorKind};
use crate::import::{Imported, ImportedSpan};
use crate::notice::{Notice, Tally};
use crate::source_map::SourceMap;
use crate::{Corpus, ReadOptions};

/// The `meta` keys that name the document, in the order they are tried.
const DOCUMENT_KEYS: [&str; 2] = ["document", "id"];

/// A task line as far as concord reads it; other keys (`_input_hash`, `_timestamp`, ...) are ignored.
#[derive(Deserialize)]
#[serde(expecting = "a task object")]
struct ProdigyTask<'a> {
    #[serde(borrow)]
    text: Option<&'a RawValue>,
    #[serde(borrow)]
    spans: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    tokens: Option<&'a RawValue>,
    #[serde(borrow)]
    entities: Option<&'a RawValue>,
    meta: Option<Value>,
    answer: Option<String>,
    #[serde(rename = "_annotator_id")]
    annotator_id: Option<Value>,
    #[serde(rename = "_session_id")]
    session_id: Option<Value>,
    #[serde(rename = "_view_id")]
    view_id: Option<String>,
    #[serde(rename = "_is_binary")]
    is_binary: Option<bool>,
    relations: Option<Value>,
    accept: Option<Value>,
}

#[derive(Deserialize)]
#[serde(expecting = "a span object")]
struct ProdigySpan {
    start: Option<usize>,
    end: Option<usize>,
    token_start: Option<usize>,
    token_end: Option<usize>,
    label: Option<String>,
    text: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "a token object")]
pub(super) struct ProdigyToken {
    start: Option<usize>,
    end: Option<usize>,
    id: Option<usize>,
}

/// What the reader met and did not import, each said once at its first line.
#[derive(Default)]
struct TaskTallies {
    rejected: Tally,
    ignored: Tally,
    binary: Tally,
    without_spans: Tally,
    relations: Tally,
    choices: Tally,
    token_disagreements: Tally,
}

impl TaskTallies {
    fn notices(&self) -> impl Iterator<Item = Notice> {
        [
            self.rejected.notice(|n| format!("{n} task(s) answered `reject` were skipped")),
            self.ignored.notice(|n| format!("{n} task(s) answered `ignore` were skipped")),
            self.binary.notice(|n| {
                format!("{n} binary task(s) (`_view_id` ner or spans: one suggested span accepted or rejected, not a full annotation of the text) were skipped")
            }),
            self.without_spans.notice(|n| format!("{n} task(s) without `spans` (not span annotations) were skipped")),
            self.relations.notice(|n| format!("the `relations` of {n} task(s) were not imported (concord has spans only)")),
            self.choices.notice(|n| format!("the choice answers (`accept`) of {n} task(s) were not imported")),
            self.token_disagreements.notice(|n| {
                format!("{n} span(s) have token_start/token_end that disagree with their start/end: the character offsets were used")
            }),
        ]
        .into_iter()
        .flatten()
    }
}

/// Reads the task lines of every input file, then puts the parts of each document together.
pub(super) struct TaskReader<'c> {
    corpus: &'c Corpus,
    options: &'c ReadOptions,
    /// (document, annotator) → the lines filed under it.
    parts: BTreeMap<(String, String), Vec<DocumentPart>>,
    tasks: usize,
    tallies: TaskTallies,
}

impl<'c> TaskReader<'c> {
    pub(super) fn new(corpus: &'c Corpus, options: &'c ReadOptions) -> TaskReader<'c> {
        TaskReader { corpus, options, parts: BTreeMap::new(), tasks: 0, tallies: TaskTallies::default() }
    }

    /// Every line of one file (its text without a byte-order mark, so columns on line 1 count
    /// from after the mark, as editors show them).
    pub(super) fn read_file(&mut self, map: &SourceMap<'_>) -> Result<(), ConvertError> {
        for line in map.source().split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.trim().is_empty() {
                self.tasks += 1;
                self.read_line(map, line)?;
            }
        }
        Ok(())
    }

    /// One task; `line` is a slice of the map's source.
    fn read_line(&mut self, map: &SourceMap<'_>, line: &str) -> Result<(), ConvertError> {
        let content = line.trim_start();
        if !content.starts_with('{') {
            let mut e =
                ConvertError::syntax(map.at_slice(content), "expected a JSON object: JSONL holds one task per line");
            if content.starts_with('[') {
                e = e.help("this looks like a JSON array; `prodigy db-out DATASET` writes one object per line");
            }
            return Err(e);
        }
        let task: ProdigyTask<'_> = serde_json::from_str(line).map_err(|e| map.json_error(line, &e))?;
        let line_at = map.at_slice(line);

        match task.answer.as_deref() {
            None | Some("accept") => {}
            Some("reject") => {
                self.tallies.rejected.add(&line_at);
                return Ok(());
            }
            Some("ignore") => {
                self.tallies.ignored.add(&line_at);
                return Ok(());
            }
            Some(other) => {
                return Err(ConvertError::at(ErrorKind::Unsupported, line_at, format!("unknown answer `{other}`"))
                    .help("Prodigy answers are `accept`, `reject` and `ignore`"));
            }
        }
        if task.is_binary == Some(true) || matches!(task.view_id.as_deref(), Some("ner" | "spans")) {
            self.tallies.binary.add(&line_at);
            return Ok(());
        }
        let Some(raw_spans) = task.spans else {
            if let Some(entities) = task.entities {
                return Err(ConvertError::at(
                    ErrorKind::Unsupported,
                    map.at_slice(entities.get()),
                    "this line has `entities` (spaCy v2 training tuples) and no `spans`",
                )
                .help("write each entity as a span: {\"start\": 0, \"end\": 6, \"label\": \"GPE\"}"));
            }
            self.tallies.without_spans.add(&line_at);
            return Ok(());
        };
        if task.relations.as_ref().is_some_and(holds_something) {
            self.tallies.relations.add(&line_at);
        }
        if task.accept.as_ref().is_some_and(holds_something) {
            self.tallies.choices.add(&line_at);
        }
        let Some(raw_text) = task.text else {
            return Err(ConvertError::syntax(line_at, "this task has `spans` but no `text`"));
        };
        let text_at = map.at_slice(raw_text.get());
        let text: String = serde_json::from_str(raw_text.get()).map_err(|e| map.json_error(raw_text.get(), &e))?;
        let text = Text::new(text);
        let found = task.annotator_id.as_ref().or(task.session_id.as_ref()).and_then(name_of);
        let annotator = self.options.annotator_name(found.as_deref(), &line_at)?;

        let mut tokens = None;
        let mut spans = Vec::with_capacity(raw_spans.len());
        for raw in raw_spans {
            spans.push(self.read_span(map, raw, &text, task.tokens, &mut tokens)?);
        }

        let name = task.meta.as_ref().and_then(document_name);
        let (doc, offset) = parts::place(self.corpus, name.as_deref(), &text, !spans.is_empty(), &text_at)?;
        let whole = offset == Some(0) && text.len_chars() == doc.text.len_chars();
        for span in &mut spans {
            let shift = offset.unwrap_or(0);
            span.start += shift;
            span.end += shift;
        }
        let part = DocumentPart { range: offset.map(|o| (o, o + text.len_chars())), whole, at: line_at, spans };
        self.parts.entry((doc.id.clone(), annotator)).or_default().push(part);
        Ok(())
    }

    /// One span object, in code points of the line's text.
    fn read_span(
        &mut self,
        map: &SourceMap<'_>,
        raw: &RawValue,
        text: &Text,
        raw_tokens: Option<&RawValue>,
        tokens: &mut Option<Vec<ProdigyToken>>,
    ) -> Result<ImportedSpan, ConvertError> {
        let at = map.at_slice(raw.get());
        let span: ProdigySpan = object(map, raw, "a span")?;
        let token_offsets = match (span.token_start, span.token_end) {
            (Some(first), Some(last)) => match raw_tokens {
                Some(raw_tokens) => Some(token_offsets(parse_tokens(map, raw_tokens, tokens)?, first, last)),
                None => None,
            },
            _ => None,
        };
        let (start, end) = match (span.start, span.end) {
            (Some(start), Some(end)) => {
                if token_offsets.is_some_and(|offsets| offsets != Some((start, end))) {
                    self.tallies.token_disagreements.add(&at);
                }
                (start, end)
            }
            (None, None) => match (span.token_start, span.token_end, token_offsets) {
                (Some(_), Some(_), Some(Some(offsets))) => offsets,
                (Some(first), Some(last), Some(None)) => {
                    return Err(ConvertError::at(
                        ErrorKind::Unsupported,
                        at,
                        format!("token_start {first} and token_end {last} name no tokens with character offsets"),
                    ));
                }
                (Some(_), Some(_), None) => {
                    return Err(ConvertError::syntax(
                        at,
                        "this span has only token_start/token_end, and the task has no `tokens` to take its character offsets from",
                    ));
                }
                _ => {
                    return Err(ConvertError::syntax(
                        at,
                        "a span needs `start` and `end` (character offsets), or `token_start` and `token_end` with the task's `tokens`",
                    ));
                }
            },
            _ => return Err(ConvertError::syntax(at, "a span needs both `start` and `end`")),
        };
        let Some(label) = span.label else {
            return Err(ConvertError::syntax(at, "a span needs a `label`"));
        };
        if start >= end {
            return Err(ConvertError::at(
                ErrorKind::Unsupported,
                at,
                format!("span [{start}, {end}) is empty or reversed"),
            ));
        }
        let Some(covered) = text.slice(start, end) else {
            return Err(ConvertError::at(
                ErrorKind::Unsupported,
                at,
                format!("span [{start}, {end}) is past the end of the task's text ({} code points)", text.len_chars()),
            ));
        };
        if let Some(expected) = &span.text
            && expected != covered
        {
            return Err(ConvertError::at(
                ErrorKind::TextMismatch,
                at,
                format!("the span's `text` is {expected:?}, but [{start}, {end}) of the task's text is {covered:?}"),
            )
            .help(
                "offsets are Python string indices (code points); these were made against other text or in other units",
            ));
        }
        Ok(ImportedSpan { start, end, label, note: span.note, at })
    }

    /// The annotations, once every file is read, with what was skipped.
    pub(super) fn finish(self) -> Result<Imported, ConvertError> {
        let (annotations, mut notices) = parts::assemble(self.corpus, self.parts)?;
        notices.extend(self.tallies.notices());
        if self.tasks == 0 {
            notices.push(Notice::new(None, "the input holds no tasks"));
        }
        Ok(Imported { annotations, notices, declared_labels: None })
    }
}

/// The tokens of a task, parsed once, when a span first needs them.
fn parse_tokens<'t>(
    map: &SourceMap<'_>,
    raw: &RawValue,
    tokens: &'t mut Option<Vec<ProdigyToken>>,
) -> Result<&'t [ProdigyToken], ConvertError> {
    if tokens.is_none() {
        let items: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|e| map.json_error(raw.get(), &e))?;
        *tokens = Some(items.into_iter().map(|item| object(map, item, "a token")).collect::<Result<_, _>>()?);
    }
    Ok(tokens.as_deref().unwrap_or_default())
}

/// `raw`, which must be a JSON object, as `T` (serde would also fill a struct from an array,
/// field by field, which no task means).
fn object<'r, T: Deserialize<'r>>(map: &SourceMap<'_>, raw: &'r RawValue, what: &str) -> Result<T, ConvertError> {
    if !raw.get().starts_with('{') {
        return Err(ConvertError::syntax(map.at_slice(raw.get()), format!("{what} must be a JSON object")));
    }
    serde_json::from_str(raw.get()).map_err(|e| map.json_error(raw.get(), &e))
}

/// The character offsets from the start of token `first` to the end of token `last` (inclusive).
pub(super) fn token_offsets(tokens: &[ProdigyToken], first: usize, last: usize) -> Option<(usize, usize)> {
    // Prodigy's token indices are the tokens' `id`s, which are their positions.
    let token = |i: usize| match tokens.get(i) {
        Some(t) if t.id.is_none_or(|id| id == i) => Some(t),
        _ => tokens.iter().find(|t| t.id == Some(i)),
    };
    Some((token(first)?.start?, token(last)?.end?))
}

fn holds_something(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        _ => true,
    }
}

/// A string or number naming something.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn document_name(meta: &Value) -> Option<String> {
    DOCUMENT_KEYS.iter().find_map(|key| meta.get(key).and_then(name_of))
}
