//! Label Studio's JSON export (and JSON_MIN), for projects that label a `<Text>` with `<Labels>`.
//!
//! The format ([Export annotations](https://labelstud.io/guide/export.html), [task format and
//! results](https://labelstud.io/guide/task_format.html)): a JSON array of tasks; each task has
//! `data` (the text under the key the labelling config names, `$text` by default), `annotations`
//! (one per annotator: `completed_by`, `was_cancelled`, `result`) and `predictions`. A labelled
//! span is a result of `type: "labels"` whose `value` holds `start`, `end`, `text` and `labels`.
//! JSON_MIN flattens each annotation into one record: the data fields, then one key per control
//! tag holding the `value`s, then `annotator`, `annotation_id`, ...
//!
//! Design choices:
//! - **Inputs** go through [`crate::input`]: a file, or a folder whose `*.json` files directly in
//!   it are read in name order (Label Studio's cloud target storage writes one task per file);
//!   hidden files are skipped and links inside the folder are not followed (a notice counts them).
//!   A byte-order mark is taken off; it is not part of any offset, which count in `data.text`.
//! - **Offsets: code points, checked by `value.text`.** Label Studio today counts offsets in code
//!   points (its own frontend test "NER - Emoji - Text" expects `test` at 21–25 in
//!   `"🐱 Warning: This is a test text"`); versions of 2021 counted UTF-16 code units (JavaScript
//!   string length, label-studio issue #1347). The two readings differ only after a character
//!   outside the Basic Multilingual Plane, and there `value.text` tells them apart: a region is
//!   placed where its text is. A region without `value.text` takes the reading the other regions of
//!   its file proved (code points when none did), and a notice says so. A text matching neither
//!   reading stops the import at the region, showing both. Texts are compared ignoring whitespace,
//!   as Label Studio may store a line break in `value.text` as a space or as `\n`.
//! - **Documents**: `data.document` names the corpus document (concord's export writes it); the
//!   text must hash to that document, or to some corpus document when there is no name. The text
//!   is `data.text`, else the only string field of `data`.
//! - **Annotators**: `completed_by` as a user id becomes `ls-user-<id>`, as an object its `email`'s
//!   local part; without `completed_by`, the task's `meta.concord_annotators` (concord's export)
//!   names them in order; `--annotator` overrides all. Cancelled annotations, predictions, drafts,
//!   results that are not text regions (choices, text areas, relations, ...), regions without a
//!   label, and JSON_MIN fields other than the text and its regions are skipped with a notice. A
//!   region with several labels becomes one span per label (notice). `hypertextlabels` and
//!   `paragraphlabels` regions (XPath offsets into HTML or dialogue) stop the import.
//! - **Notes** travel as a region's `meta.text`, which Label Studio shows as the region's meta text.
//! - **Export** writes `label-studio.json`, one task per document sorted by id, one annotation per
//!   annotator sorted by name (an empty `result` for "annotated, found nothing"), regions sorted
//!   by (start, end, label) with ids `<annotator>-<n>`; and `label-config.xml`, the labelling
//!   config with the project's labels and colours. Label Studio's import refuses a `completed_by`
//!   that is not one of its users, so the export leaves it out (Label Studio files the annotations
//!   under the importing user) and keeps the names in the task's `meta.concord_annotators`, which
//!   Label Studio keeps and exports again. `ground_truth: false` is written because Label Studio
//!   defaults an imported annotation to ground truth.
//!
//! The parts: `files` finds the input files; `json` reads typed values out of serde_json's
//! raw values, each error placed at its value; `parse` reads tasks, annotations, results and
//! JSON_MIN records into spans; `place` decides where a region's offsets lie (code points or
//! UTF-16); `write` renders the export.

mod files;
mod json;
mod parse;
mod place;
mod write;

#[cfg(test)]
mod tests;

use std::path::Path;

use crate::error::ConvertError;
use crate::export::{ExportInput, Exported};
use crate::import::Imported;
use crate::input;
use crate::source_map::SourceMap;
use crate::{Corpus, ReadOptions};

/// The tasks file an export writes.
pub const TASKS_FILE: &str = "label-studio.json";
/// The labelling config an export writes beside it.
pub const CONFIG_FILE: &str = "label-config.xml";
/// The task `meta` key that keeps concord's annotator names, in the order of `annotations`.
const ANNOTATORS_META: &str = "concord_annotators";

/// How the `start` and `end` of a region count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Offsets {
    /// Unicode code points, as Label Studio counts today and as concord does.
    #[default]
    CodePoints,
    /// UTF-16 code units (JavaScript string length), as older Label Studio versions counted.
    Utf16,
}

impl Offsets {
    fn describe(self) -> &'static str {
        match self {
            Offsets::CodePoints => "code points",
            Offsets::Utf16 => "UTF-16 code units",
        }
    }
}

/// Reads a Label Studio JSON (or JSON_MIN) export: a file, or a folder whose `*.json` files are
/// read in name order.
pub fn import(path: &Path, corpus: &Corpus, options: &ReadOptions) -> Result<Imported, ConvertError> {
    let found = files::input_files(path)?;
    let mut imported = Imported { notices: found.notices(path), ..Imported::default() };
    for file in &found.files {
        let input = input::read_text(file)?;
        let map = SourceMap::new(file, &input.text);
        let mut reader = parse::TaskReader::new(&map, corpus, options);
        reader.read()?;
        reader.finish(&mut imported);
    }
    Ok(imported)
}

/// Renders the project as a Label Studio JSON import (offsets in code points) and its labelling config.
pub fn export(input: &ExportInput) -> Result<Exported, ConvertError> {
    export_with(input, Offsets::CodePoints)
}

/// [`export`] with offsets counted as `offsets` says (UTF-16 code units for older Label Studio versions).
pub fn export_with(input: &ExportInput, offsets: Offsets) -> Result<Exported, ConvertError> {
    write::render(input, offsets)
}
