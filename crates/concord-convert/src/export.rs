//! The hub's side of an export: the project's annotations as every writer reads them
//! ([`ExportInput`]), and how rendered files reach the output folder ([`write_outputs`]).
//!
//! Design choices:
//! - **Only a valid project exports.** Spans that fail validation never reach the annotation
//!   set, so exporting a project with errors would drop them silently; [`ExportInput::from_run`]
//!   refuses instead.
//! - **Writers are pure**: input in, `Vec<OutputFile>` out, sorted by path, bytes fixed by the
//!   input alone (no dates, no random ids, no hash-map order), so exports diff cleanly in git.
//! - Writing replaces the files an export produces and leaves any other file in the folder alone.
//! - **A selection is the schema's** ([`ExportInput::from_selection`]): the same names and globs
//!   as `report --annotators`; the gold standard, selected by the word `gold`, is exported as one
//!   more annotator named `gold` (a name no annotator may take).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use concord_schema::{AnnotationSet, GOLD, LabelSet, Span, Text, selects_gold};
use concord_validate::Run;

use crate::error::{ConvertError, ErrorKind, Location};
use crate::notice::Notice;

/// One span to export.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExportSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The span's `note:`, for formats that can carry one (brat's `AnnotatorNotes`).
    pub note: Option<String>,
}

/// One document and every annotator's spans on it.
#[derive(Clone, Debug)]
pub struct ExportDocument {
    pub id: String,
    pub text: Text,
    /// Annotator → spans sorted by (start, end, label).
    pub by_annotator: BTreeMap<String, Vec<ExportSpan>>,
}

/// What every writer reads.
#[derive(Clone, Debug)]
pub struct ExportInput {
    pub labels: LabelSet,
    /// Sorted by id.
    pub documents: Vec<ExportDocument>,
}

impl ExportInput {
    /// The annotations of a validated project. Refuses when validation found errors.
    pub fn from_run(run: &Run, labels: &LabelSet) -> Result<ExportInput, ConvertError> {
        let errors = run.errors();
        if errors > 0 {
            let first = run.diagnostics.iter().find(|d| d.is_error());
            return Err(ConvertError::new(
                ErrorKind::Project,
                first.map(|d| Location::at(&d.file, d.line as usize, d.column as usize)),
                format!(
                    "the project has {errors} validation error(s); spans with errors would be left out of the export"
                ),
            )
            .help("run `cargo xtask validate`, fix what it lists, and export again"));
        }
        Ok(ExportInput::from_set(&run.set, labels, false))
    }

    /// [`ExportInput::from_run`] restricted to the annotators `patterns` name
    /// ([`AnnotationSet::select`]); the word `gold` adds each document's gold spans under the
    /// annotator name `gold`.
    pub fn from_selection(run: &Run, labels: &LabelSet, patterns: &[String]) -> Result<ExportInput, ConvertError> {
        ExportInput::from_run(run, labels)?;
        let set = run.set.select(patterns).map_err(|e| {
            ConvertError::new(ErrorKind::Project, None, e.to_string())
                .help("--annotators takes names and globs (`*`, `?`), comma-separated; `gold` names the gold standard")
        })?;
        Ok(ExportInput::from_set(&set, labels, selects_gold(patterns)))
    }

    /// The spans of `set`, with its gold as the annotator `gold` when `with_gold`.
    fn from_set(set: &AnnotationSet, labels: &LabelSet, with_gold: bool) -> ExportInput {
        let export = |spans: &[Span]| {
            let mut out: Vec<ExportSpan> = spans
                .iter()
                .map(|s| ExportSpan { start: s.start, end: s.end, label: s.label.clone(), note: s.note.clone() })
                .collect();
            out.sort();
            out
        };
        let documents = set
            .documents
            .iter()
            .map(|doc| {
                let mut by_annotator: BTreeMap<String, Vec<ExportSpan>> =
                    doc.by_annotator.iter().map(|(annotator, spans)| (annotator.clone(), export(spans))).collect();
                if let (true, Some(gold)) = (with_gold, set.gold.get(&doc.id)) {
                    by_annotator.insert(GOLD.to_owned(), export(gold));
                }
                ExportDocument { id: doc.id.clone(), text: doc.text.clone(), by_annotator }
            })
            .collect();
        ExportInput { labels: labels.clone(), documents }
    }

    /// Every annotator, sorted.
    pub fn annotators(&self) -> Vec<&str> {
        let all: BTreeSet<&str> =
            self.documents.iter().flat_map(|d| d.by_annotator.keys().map(String::as_str)).collect();
        all.into_iter().collect()
    }
}

/// One file an export writes, its path relative to the output folder.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

/// What a writer produces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exported {
    /// Sorted by path.
    pub files: Vec<OutputFile>,
    /// What the format could not carry.
    pub notices: Vec<Notice>,
}

/// Writes `files` under `out`, creating folders, each file atomically.
pub fn write_outputs(out: &Path, files: &[OutputFile]) -> Result<Vec<PathBuf>, ConvertError> {
    let mut written = Vec::with_capacity(files.len());
    for file in files {
        let path = out.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| ConvertError::io(dir, &e))?;
        }
        concord_validate::fix::write_atomically(&path, &file.contents).map_err(|e| ConvertError::io(&path, &e))?;
        written.push(path);
    }
    Ok(written)
}
