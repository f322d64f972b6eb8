//! Prodigy / spaCy JSONL: one annotation task per line, spans as code-point offsets.
//!
//! The format is Prodigy's task format as `prodigy db-out` writes it (Prodigy docs, "Annotation
//! interfaces", `ner_manual` and `spans_manual`: <https://prodi.gy/docs/api-interfaces>), which
//! spaCy users read with `srsly.read_jsonl`:
//!
//! ```json
//! {"text": "Quetta 😀 — …", "meta": {"document": "emoji_01"},
//!  "tokens": [{"text": "Quetta", "start": 0, "end": 6, "id": 0, "ws": true}, …],
//!  "spans": [{"start": 0, "end": 6, "token_start": 0, "token_end": 0, "label": "GPE"}],
//!  "answer": "accept", "_annotator_id": "news_ner-alice", "_session_id": "news_ner-alice",
//!  "_input_hash": 1, "_task_hash": 2, "_view_id": "ner_manual"}
//! ```
//!
//! `start`/`end` are Python `str` indices, that is code points, as in concord (no conversion);
//! `token_end` is inclusive; a token's `ws` says whether whitespace follows it (spaCy's
//! `Token.whitespace_`).
//!
//! Import (a `.jsonl` file, or a folder: every `*.jsonl` in it, by name):
//! - **Lines.** Blank lines are skipped (as `srsly.read_jsonl` does), `\r\n` is accepted, a UTF-8
//!   byte-order mark at the start of the file is dropped. Every error names file:line:column,
//!   the column of the JSON value at fault (a span object, the `text`), counted in code points.
//! - **Which lines.** `answer` `accept` (or none: spaCy-style lines) is imported; `reject` and
//!   `ignore` are skipped and counted in a notice, any other answer is an error. Binary tasks
//!   (`_view_id` `ner` or `spans`, or `_is_binary: true`: one suggested span accepted or
//!   rejected, not a full annotation of the text) and lines without `spans` (classification,
//!   choice, ...) are skipped with a notice; `relations` and `accept` (choice answers) are
//!   dropped with a notice. A line with spaCy v2's `entities` instead of `spans` is refused.
//! - **Annotator**: `--annotator`, else `_annotator_id` taken whole (Prodigy writes
//!   `<dataset>-<session>`, e.g. `news_ner-alice`; the dataset part cannot be told apart from
//!   the session's own `-`), else `_session_id`.
//! - **Document**: `meta.document` (concord's export writes it) or `meta.id` names it; the
//!   `text` must equal that document, or, with no known name, some corpus document (sha256).
//! - **Sentences and paragraphs.** Prodigy recipes often split a text into sentences, one task
//!   each. When the named document's text differs from the line's `text` but contains it at
//!   exactly one place, the line is that part of the document and its spans are shifted there.
//!   All parts of one (document, annotator) become one annotation; parts that overlap (the same
//!   sentence twice, a sentence and its paragraph) are a conflict; text of the document in no
//!   part is reported in a notice (it is filed as "annotated, nothing found"). A part found at
//!   several places can be placed only when it has no spans (a lone `"\n"` sentence); with
//!   spans it is an error naming the places.
//! - **Spans.** `start`, `end` and `label` are required; a span with only `token_start` and
//!   `token_end` takes its offsets from the line's `tokens`. When both are given and disagree,
//!   the character offsets win (they are what Prodigy and spaCy train from) and a notice counts
//!   such spans. A span's `text`, when present, must equal the text at its offsets. A span's
//!   `note` (concord's export writes notes there) becomes its note.
//!
//! Export: one file per annotator, `<annotator>.jsonl` (Prodigy keeps one dataset per
//! annotator best: `prodigy db-in <dataset> alice.jsonl`), one line per document sorted by id,
//! keys in a fixed order: `text`, `meta.document`, `tokens` (concord's
//! [`Tokenizer::WordsAndPunctuation`]), `spans` sorted by (start, end, label) with
//! `token_start`/`token_end` when the span starts and ends on token boundaries (else they are
//! left out and a notice says so), `label`, and `note` when there is one (Prodigy keeps keys it
//! does not know), `answer: "accept"`, `_annotator_id` and `_session_id` (the annotator). No
//! `_input_hash`/`_task_hash` (Prodigy computes them on `db-in` from `text` and `spans`), no
//! timestamp, no `_view_id` (nested spans fit `spans_manual`, not `ner_manual`: a notice names
//! the lines with overlapping spans, which spaCy's `doc.ents` cannot hold).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use concord_schema::{Document, Text};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::corpus::read_input;
use crate::error::{ConvertError, ErrorKind, Location};
use crate::export::{ExportInput, Exported, OutputFile};
use crate::import::{Imported, ImportedAnnotation, ImportedSpan};
use crate::notice::Notice;
use crate::tokens::Tokenizer;
use crate::{Corpus, ReadOptions, json_pos};

/// The `meta` keys that name the document, in the order they are tried.
const DOCUMENT_KEYS: [&str; 2] = ["document", "id"];

/// Reads a JSONL file, or every `*.jsonl` file of a folder.
pub fn import(path: &Path, corpus: &Corpus, options: &ReadOptions) -> Result<Imported, ConvertError> {
    let mut reader = Reader::new(corpus, options);
    for file in input_files(path)? {
        let source = read_input(&file)?;
        reader.read_file(&file, &source)?;
    }
    reader.finish()
}

fn input_files(path: &Path) -> Result<Vec<PathBuf>, ConvertError> {
    let metadata = std::fs::metadata(path).map_err(|e| ConvertError::io(path, &e))?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| ConvertError::io(path, &e))? {
        let file = entry.map_err(|e| ConvertError::io(path, &e))?.path();
        if file.extension().is_some_and(|x| x.eq_ignore_ascii_case("jsonl")) && file.is_file() {
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err(ConvertError::at(ErrorKind::Io, Location::file(path), "this folder holds no .jsonl file")
            .help("pass a .jsonl file (`prodigy db-out DATASET > DATASET.jsonl`) or a folder of them"));
    }
    files.sort();
    Ok(files)
}

/// A task line as far as concord reads it; other keys (`_input_hash`, `_timestamp`, ...) are ignored.
#[derive(Deserialize)]
#[serde(expecting = "a task object")]
struct TaskIn<'a> {
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
struct SpanIn {
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
struct TokenIn {
    start: Option<usize>,
    end: Option<usize>,
    id: Option<usize>,
}

/// Places in one line, their columns counted onwards from the last place asked for, so a line
/// with many spans is walked once.
struct LinePlaces<'a> {
    path: &'a Path,
    number: usize,
    line: &'a str,
    byte: usize,
    column: usize,
}

impl<'a> LinePlaces<'a> {
    fn new(path: &'a Path, number: usize, line: &'a str) -> LinePlaces<'a> {
        LinePlaces { path, number, line, byte: 0, column: 1 }
    }

    fn start(&self) -> Location {
        Location::at(self.path, self.number, 1)
    }

    fn at_byte(&mut self, byte: usize) -> Location {
        let byte = (0..=byte.min(self.line.len())).rev().find(|&b| self.line.is_char_boundary(b)).unwrap_or(0);
        if byte < self.byte {
            (self.byte, self.column) = (0, 1);
        }
        self.column += self.line[self.byte..byte].chars().count();
        self.byte = byte;
        Location::at(self.path, self.number, self.column)
    }

    fn offset_of(&self, part: &str) -> Option<usize> {
        let offset = (part.as_ptr() as usize).wrapping_sub(self.line.as_ptr() as usize);
        (offset <= self.line.len()).then_some(offset)
    }

    /// Where `part`, a slice of the line, starts.
    fn of(&mut self, part: &str) -> Location {
        match self.offset_of(part) {
            Some(offset) => self.at_byte(offset),
            None => self.start(),
        }
    }

    /// A serde_json error met while reading `part`, a slice of the line.
    fn json_error(&mut self, part: &str, e: &serde_json::Error) -> ConvertError {
        let base = self.offset_of(part).unwrap_or(0);
        let mut error = json_pos::syntax_error(self.path, part, e);
        // A JSONL line holds no raw newline, so serde_json's column is a byte column in `part`.
        error.location = Some(self.at_byte(base + e.column().saturating_sub(1)));
        error
    }
}

/// How many lines something happened to, and where first.
#[derive(Default)]
struct Tally {
    count: usize,
    first: Option<Location>,
}

impl Tally {
    fn add(&mut self, at: &Location) {
        self.count += 1;
        self.first.get_or_insert_with(|| at.clone());
    }

    fn notice(self, what: impl FnOnce(usize) -> String) -> Option<Notice> {
        (self.count > 0).then(|| Notice::new(self.first, what(self.count)))
    }
}

/// One imported line: a whole document, or a part of one.
struct Piece {
    /// Where the line's text sits in the document, in code points; `None` for a text found at
    /// several places that has no spans, so its place does not matter.
    range: Option<(usize, usize)>,
    whole: bool,
    at: Location,
    /// In code points of the document.
    spans: Vec<ImportedSpan>,
}

struct Reader<'c> {
    corpus: &'c Corpus,
    options: &'c ReadOptions,
    /// (document, annotator) → the lines filed under it.
    pieces: BTreeMap<(String, String), Vec<Piece>>,
    tasks: usize,
    rejected: Tally,
    ignored: Tally,
    binary: Tally,
    without_spans: Tally,
    relations: Tally,
    choices: Tally,
    token_disagreements: Tally,
}

impl<'c> Reader<'c> {
    fn new(corpus: &'c Corpus, options: &'c ReadOptions) -> Reader<'c> {
        Reader {
            corpus,
            options,
            pieces: BTreeMap::new(),
            tasks: 0,
            rejected: Tally::default(),
            ignored: Tally::default(),
            binary: Tally::default(),
            without_spans: Tally::default(),
            relations: Tally::default(),
            choices: Tally::default(),
            token_disagreements: Tally::default(),
        }
    }

    fn read_file(&mut self, path: &Path, source: &str) -> Result<(), ConvertError> {
        // Columns on line 1 count from after the mark, as editors show them.
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        for (index, line) in source.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.trim().is_empty() {
                self.tasks += 1;
                self.read_line(&mut LinePlaces::new(path, index + 1, line))?;
            }
        }
        Ok(())
    }

    fn read_line(&mut self, places: &mut LinePlaces<'_>) -> Result<(), ConvertError> {
        let line = places.line;
        let content = line.trim_start();
        if !content.starts_with('{') {
            let mut e =
                ConvertError::syntax(places.of(content), "expected a JSON object: JSONL holds one task per line");
            if content.starts_with('[') {
                e = e.help("this looks like a JSON array; `prodigy db-out DATASET` writes one object per line");
            }
            return Err(e);
        }
        let task: TaskIn<'_> = serde_json::from_str(line).map_err(|e| places.json_error(line, &e))?;
        let line_at = places.start();

        match task.answer.as_deref() {
            None | Some("accept") => {}
            Some("reject") => {
                self.rejected.add(&line_at);
                return Ok(());
            }
            Some("ignore") => {
                self.ignored.add(&line_at);
                return Ok(());
            }
            Some(other) => {
                return Err(ConvertError::at(ErrorKind::Unsupported, line_at, format!("unknown answer `{other}`"))
                    .help("Prodigy answers are `accept`, `reject` and `ignore`"));
            }
        }
        if task.is_binary == Some(true) || matches!(task.view_id.as_deref(), Some("ner" | "spans")) {
            self.binary.add(&line_at);
            return Ok(());
        }
        let Some(raw_spans) = task.spans else {
            if let Some(entities) = task.entities {
                return Err(ConvertError::at(
                    ErrorKind::Unsupported,
                    places.of(entities.get()),
                    "this line has `entities` (spaCy v2 training tuples) and no `spans`",
                )
                .help("write each entity as a span: {\"start\": 0, \"end\": 6, \"label\": \"GPE\"}"));
            }
            self.without_spans.add(&line_at);
            return Ok(());
        };
        if task.relations.as_ref().is_some_and(holds_something) {
            self.relations.add(&line_at);
        }
        if task.accept.as_ref().is_some_and(holds_something) {
            self.choices.add(&line_at);
        }
        let Some(raw_text) = task.text else {
            return Err(ConvertError::syntax(line_at, "this task has `spans` but no `text`"));
        };
        let text_at = places.of(raw_text.get());
        let text: String = serde_json::from_str(raw_text.get()).map_err(|e| places.json_error(raw_text.get(), &e))?;
        let text = Text::new(text);
        let found = task.annotator_id.as_ref().or(task.session_id.as_ref()).and_then(name_of);
        let annotator = self.options.annotator_name(found.as_deref(), &line_at)?;

        let mut tokens = None;
        let mut spans = Vec::with_capacity(raw_spans.len());
        for raw in raw_spans {
            spans.push(self.read_span(places, raw, &text, task.tokens, &mut tokens)?);
        }

        let name = task.meta.as_ref().and_then(document_name);
        let (doc, offset) = self.place(name.as_deref(), &text, !spans.is_empty(), &text_at)?;
        let whole = offset == Some(0) && text.len_chars() == doc.text.len_chars();
        for span in &mut spans {
            let shift = offset.unwrap_or(0);
            span.start += shift;
            span.end += shift;
        }
        let piece = Piece { range: offset.map(|o| (o, o + text.len_chars())), whole, at: line_at, spans };
        self.pieces.entry((doc.id.clone(), annotator)).or_default().push(piece);
        Ok(())
    }

    /// One span object, in code points of the line's text.
    fn read_span(
        &mut self,
        places: &mut LinePlaces<'_>,
        raw: &RawValue,
        text: &Text,
        raw_tokens: Option<&RawValue>,
        tokens: &mut Option<Vec<TokenIn>>,
    ) -> Result<ImportedSpan, ConvertError> {
        let at = places.of(raw.get());
        let span: SpanIn = object(places, raw, "a span")?;
        let token_offsets = match (span.token_start, span.token_end) {
            (Some(first), Some(last)) => match raw_tokens {
                Some(raw_tokens) => Some(token_offsets(parse_tokens(places, raw_tokens, tokens)?, first, last)),
                None => None,
            },
            _ => None,
        };
        let (start, end) = match (span.start, span.end) {
            (Some(start), Some(end)) => {
                if token_offsets.is_some_and(|offsets| offsets != Some((start, end))) {
                    self.token_disagreements.add(&at);
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

    /// The corpus document a line's text is, and where in it the text starts (`None`: at several
    /// places, and the line has no spans to place).
    fn place(
        &self,
        name: Option<&str>,
        text: &Text,
        has_spans: bool,
        at: &Location,
    ) -> Result<(&'c Document, Option<usize>), ConvertError> {
        let named = name.and_then(|n| self.corpus.id_for_name(n)).and_then(|id| self.corpus.get(id));
        if let Some(doc) = named
            && !text.is_empty()
            && concord_schema::sha256_hex(text.as_str().as_bytes()) != doc.sha256
        {
            let found = doc.text.find_all(text.as_str());
            match found.as_slice() {
                [] => {}
                [one] => return Ok((doc, Some(*one))),
                _ if !has_spans => return Ok((doc, None)),
                many => {
                    let places: Vec<String> = many
                        .iter()
                        .take(5)
                        .map(|&o| {
                            let (line, column) = doc.text.line_col(o);
                            format!("{line}:{column}")
                        })
                        .collect();
                    return Err(ConvertError::at(
                        ErrorKind::Unsupported,
                        at.clone(),
                        format!(
                            "this text occurs {} times in document `{}` (at corpus line:column {}{}): its spans cannot be placed",
                            many.len(),
                            doc.id,
                            places.join(", "),
                            if many.len() > places.len() { ", ..." } else { "" }
                        ),
                    )
                    .help("a task holds no offset of its text inside the document; import the document's text whole instead of this part"));
                }
            }
        }
        let doc = self.corpus.match_document(name, Some(text.as_str()), at).map_err(|e| match named {
            Some(_) => e.help("nor does this text occur inside the document, as a sentence or paragraph of it would"),
            None => e.help(
                "a sentence or paragraph of a corpus document is placed in it when `meta.document` names the document",
            ),
        })?;
        Ok((doc, Some(0)))
    }

    fn finish(self) -> Result<Imported, ConvertError> {
        let mut annotations = Vec::with_capacity(self.pieces.len());
        let mut notices = Vec::new();
        for ((document, annotator), pieces) in self.pieces {
            check_overlaps(&pieces, &document, &annotator)?;
            let Some(source) = pieces.iter().map(|p| &p.at).min().cloned() else { continue };
            if !pieces.iter().any(|p| p.whole)
                && let Some(doc) = self.corpus.get(&document)
                && let Some(notice) = uncovered(doc, &pieces, &annotator, &source)
            {
                notices.push(notice);
            }
            let spans = pieces.into_iter().flat_map(|p| p.spans).collect();
            annotations.push(ImportedAnnotation { document, annotator, source, spans });
        }
        let tallies = [
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
        ];
        notices.extend(tallies.into_iter().flatten());
        if self.tasks == 0 {
            notices.push(Notice::new(None, "the input holds no tasks"));
        }
        Ok(Imported { annotations, notices, declared_labels: None })
    }
}

/// The tokens of a task, parsed once, when a span first needs them.
fn parse_tokens<'t>(
    places: &mut LinePlaces<'_>,
    raw: &RawValue,
    tokens: &'t mut Option<Vec<TokenIn>>,
) -> Result<&'t [TokenIn], ConvertError> {
    if tokens.is_none() {
        let items: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|e| places.json_error(raw.get(), &e))?;
        *tokens = Some(items.into_iter().map(|item| object(places, item, "a token")).collect::<Result<_, _>>()?);
    }
    Ok(tokens.as_deref().unwrap_or_default())
}

/// `raw`, which must be a JSON object, as `T` (serde would also fill a struct from an array,
/// field by field, which no task means).
fn object<'r, T: Deserialize<'r>>(
    places: &mut LinePlaces<'_>,
    raw: &'r RawValue,
    what: &str,
) -> Result<T, ConvertError> {
    if !raw.get().starts_with('{') {
        return Err(ConvertError::syntax(places.of(raw.get()), format!("{what} must be a JSON object")));
    }
    serde_json::from_str(raw.get()).map_err(|e| places.json_error(raw.get(), &e))
}

/// The character offsets from the start of token `first` to the end of token `last` (inclusive).
fn token_offsets(tokens: &[TokenIn], first: usize, last: usize) -> Option<(usize, usize)> {
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

/// Two lines filed under one (document, annotator) must not cover the same text.
fn check_overlaps(pieces: &[Piece], document: &str, annotator: &str) -> Result<(), ConvertError> {
    let mut placed: Vec<&Piece> = pieces.iter().filter(|p| p.range.is_some()).collect();
    placed.sort_by_key(|p| p.range);
    let mut reach: Option<&Piece> = None;
    for piece in placed {
        let (Some((start, end)), Some(before)) = (piece.range, reach) else {
            reach = Some(piece);
            continue;
        };
        let Some((_, before_end)) = before.range else { continue };
        if start < before_end {
            let (first, second) = if before.at <= piece.at { (before, piece) } else { (piece, before) };
            let message = if first.whole && second.whole {
                format!("a second annotation by `{annotator}` of document `{document}` (the first is at {})", first.at)
            } else if first.range == second.range {
                format!(
                    "this is the same text of document `{document}` as the task at {}, both by `{annotator}`",
                    first.at
                )
            } else {
                format!(
                    "this task's text overlaps the text of the task at {} in document `{document}`, both by `{annotator}`",
                    first.at
                )
            };
            return Err(ConvertError::at(ErrorKind::Conflict, second.at.clone(), message).help(
                "concord keeps one annotation per annotator and document: remove one of the lines, or import them apart with --annotator NAME",
            ));
        }
        if end > before_end {
            reach = Some(piece);
        }
    }
    Ok(())
}

/// A notice when the parts of a document imported for one annotator leave some of its text out.
fn uncovered(doc: &Document, pieces: &[Piece], annotator: &str, source: &Location) -> Option<Notice> {
    let mut ranges: Vec<(usize, usize)> = pieces.iter().filter_map(|p| p.range).collect();
    ranges.sort_unstable();
    let mut ranges = ranges.into_iter().peekable();
    let (mut missing, mut first) = (0usize, None);
    let mut covered_until = 0;
    for (i, c) in doc.text.as_str().chars().enumerate() {
        while let Some(&(start, end)) = ranges.peek() {
            if start > i {
                break;
            }
            covered_until = covered_until.max(end);
            ranges.next();
        }
        if i >= covered_until && !c.is_whitespace() {
            missing += 1;
            first.get_or_insert(i);
        }
    }
    let first = first?;
    let (line, column) = doc.text.line_col(first);
    let unplaced = pieces.iter().filter(|p| p.range.is_none()).count();
    let mut message = format!(
        "document `{}` by `{annotator}` is put together from {} task(s) (sentences or paragraphs); {missing} non-space character(s) of it are in none of them (the first at corpus line {line}, column {column}) and are filed as annotated with nothing found",
        doc.id,
        pieces.len(),
    );
    if unplaced > 0 {
        let _ = write!(message, " ({unplaced} task(s) without spans whose text occurs more than once are not counted)");
    }
    Some(Notice::new(Some(source.clone()), message))
}

/// A task line as concord writes it; the field order is the key order.
#[derive(Serialize)]
struct TaskOut<'a> {
    text: &'a str,
    meta: MetaOut<'a>,
    tokens: &'a [TokenOut<'a>],
    spans: Vec<SpanOut<'a>>,
    answer: &'static str,
    #[serde(rename = "_annotator_id")]
    annotator_id: &'a str,
    #[serde(rename = "_session_id")]
    session_id: &'a str,
}

#[derive(Serialize)]
struct MetaOut<'a> {
    document: &'a str,
}

#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Serialize)]
struct SpanOut<'a> {
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

/// Renders one `<annotator>.jsonl` per annotator, a line per document.
pub fn export(input: &ExportInput) -> Result<Exported, ConvertError> {
    let mut files: BTreeMap<&str, (String, usize)> = BTreeMap::new();
    let mut notices = Vec::new();
    for doc in &input.documents {
        let tokens: Vec<TokenOut<'_>> = Tokenizer::WordsAndPunctuation
            .tokens(doc.text.as_str())
            .into_iter()
            .enumerate()
            .map(|(id, (start, end))| TokenOut {
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
                spans_out.push(SpanOut {
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
            let task = TaskOut {
                text: doc.text.as_str(),
                meta: MetaOut { document: &doc.id },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{ExportDocument, ExportSpan};

    fn corpus() -> Corpus {
        Corpus::from_documents([
            Document::from_text("d1", "Hi ISIS’s man.\nBye 😀 Quetta.\n".into()),
            Document::from_text("d2", "Same. Same. Other.".into()),
        ])
    }

    fn read(source: &str) -> Result<Imported, ConvertError> {
        let corpus = corpus();
        let options = ReadOptions { annotator: Some("ann".into()), ..ReadOptions::default() };
        let mut reader = Reader::new(&corpus, &options);
        reader.read_file(Path::new("t.jsonl"), source)?;
        reader.finish()
    }

    fn spans(imported: &Imported) -> Vec<(usize, usize, &str)> {
        imported.annotations.iter().flat_map(|a| &a.spans).map(|s| (s.start, s.end, s.label.as_str())).collect()
    }

    #[test]
    fn columns_are_code_points_forwards_and_back() {
        let line = "{\"😀\": 1, \"b\": [2]}";
        let mut places = LinePlaces::new(Path::new("f"), 7, line);
        let b = line.find("\"b\"").expect("b");
        assert_eq!(places.at_byte(b), Location::at("f", 7, 10));
        assert_eq!(places.of(&line[b + 6..]), Location::at("f", 7, 16));
        assert_eq!(places.at_byte(1), Location::at("f", 7, 2));
        assert_eq!(places.of("elsewhere"), Location::at("f", 7, 1));
    }

    #[test]
    fn token_indices_are_positions_or_ids() {
        let t = |id, start, end| TokenIn { start: Some(start), end: Some(end), id };
        let tokens = [t(None, 0, 2), t(None, 3, 7), t(None, 8, 9)];
        assert_eq!(token_offsets(&tokens, 1, 2), Some((3, 9)));
        assert_eq!(token_offsets(&tokens, 2, 3), None);
        let renumbered = [t(Some(5), 0, 2), t(Some(6), 3, 7)];
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
        let corpus = corpus();
        let options = ReadOptions::default();
        let mut reader = Reader::new(&corpus, &options);
        let source = [
            // No _annotator_id: the session names the annotator; the document is named by its file.
            r#"{"text": "Other.", "meta": {"document": "d2.txt"}, "_session_id": "ds-eve", "spans": [{"start": 0, "end": 5, "label": "X"}], "accept": ["RELEVANT"]}"#,
            r#"{"text": "Other.", "_is_binary": true, "_session_id": "ds-fay", "spans": [{"start": 0, "end": 5, "label": "X"}]}"#,
        ]
        .join("\n");
        reader.read_file(Path::new("t.jsonl"), &source).expect("reads");
        let imported = reader.finish().expect("finishes");
        assert_eq!(imported.annotations.len(), 1);
        assert_eq!(
            (imported.annotations[0].document.as_str(), imported.annotations[0].annotator.as_str()),
            ("d2", "ds-eve")
        );
        assert_eq!(spans(&imported), vec![(12, 17, "X")]);
        let shown: Vec<String> = imported.notices.iter().map(ToString::to_string).collect();
        assert!(
            shown[0].starts_with("t.jsonl:1:1: document `d2` by `ds-eve` is put together from 1 task(s)"),
            "{shown:?}"
        );
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
            e.to_string().starts_with(
                "t.jsonl:1:10: this text occurs 2 times in document `d2` (at corpus line:column 1:1, 1:7)"
            ),
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
        assert!(
            shown[0].starts_with("ann.jsonl:1: span [4, 7) `B` of document `d1` does not start and end"),
            "{shown:?}"
        );
        assert!(shown[1].contains("overlapping spans"), "{shown:?}");
    }
}
