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
//! Import (a `.jsonl` file, or a folder: every `*.jsonl` directly in it, by name, as
//! [`crate::input`] finds and reads every format's inputs: hidden files skipped, symbolic links
//! in the folder not followed and counted in a notice, files over 256 MiB refused):
//! - **Lines.** Blank lines are skipped (as `srsly.read_jsonl` does), `\r\n` is accepted, a UTF-8
//!   byte-order mark at the start of the file is dropped. Every error names file:line:column,
//!   the column of the JSON value at fault (a span object, the `text`), counted in code points
//!   by the file's [`SourceMap`]: readers keep serde_json's `&RawValue` slices of the line and
//!   ask where they start.
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
//! [`crate::tokens::Tokenizer::WordsAndPunctuation`]), `spans` sorted by (start, end, label) with
//! `token_start`/`token_end` when the span starts and ends on token boundaries (else they are
//! left out and a notice says so), `label`, and `note` when there is one (Prodigy keeps keys it
//! does not know), `answer: "accept"`, `_annotator_id` and `_session_id` (the annotator). No
//! `_input_hash`/`_task_hash` (Prodigy computes them on `db-in` from `text` and `spans`), no
//! timestamp, no `_view_id` (nested spans fit `spans_manual`, not `ner_manual`: a notice names
//! the lines with overlapping spans, which spaCy's `doc.ents` cannot hold).
//!
//! The module's files follow the way data goes: `files` finds the inputs, `parse` reads
//! each line into a part of a document with its spans and counts what it skips, `parts`
//! places sentences in their documents and joins the parts of one (document, annotator), and
//! `write` renders the export. Reading and writing share no code: the import accepts what
//! Prodigy and spaCy write, the export writes one fixed shape.

mod files;
mod parse;
mod parts;
#[cfg(test)]
mod tests;
mod write;

use std::path::Path;

use crate::error::ConvertError;
use crate::export::{ExportInput, Exported};
use crate::import::Imported;
use crate::input::read_text;
use crate::source_map::SourceMap;
use crate::{Corpus, ReadOptions};

/// Reads a JSONL file, or every `*.jsonl` file of a folder.
pub fn import(path: &Path, corpus: &Corpus, options: &ReadOptions) -> Result<Imported, ConvertError> {
    let found = files::find(path)?;
    let mut reader = parse::TaskReader::new(corpus, options);
    for file in &found.files {
        let input = read_text(file)?;
        reader.read_file(&SourceMap::new(file, &input.text))?;
    }
    let mut imported = reader.finish()?;
    imported.notices.extend(found.notices(path));
    Ok(imported)
}

/// Renders one `<annotator>.jsonl` per annotator, a line per document.
pub fn export(input: &ExportInput) -> Result<Exported, ConvertError> {
    write::render(input)
}
