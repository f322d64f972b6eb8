//! Diffs that a reviewer reads: where two annotators disagree on a document
//! ([`annotators::diff_annotators`]), and what a change did to the annotations between two git
//! revisions ([`revisions::diff_revisions`]): spans added, removed, relabelled and moved, per file.
//!
//! Design choices:
//! - **One alignment for both diffs** ([`mod@align`]): annotator A against B and base against head
//!   are the same problem. Identical spans agree; the rest pair by extent, then by overlap (same
//!   label first), and what is left is missing/extra (added/removed). The categories are the ones
//!   a reviewer acts on: *missing*, *extra*, *boundary*, *label* (and both boundary and label).
//! - **Show the article, not offsets** ([`excerpt`]): each disagreement comes with the words
//!   around it, both annotators' spans marked inline (`[ISIS]{MILITANT_GROUP}`), and a word diff
//!   of the two markings computed by `similar`, so the eye goes to what differs.
//! - **A revision is a project like any other** ([`git`]): its `corpus/`, `annotations/` and
//!   `schemas/` are read through `git ls-tree` and one `git cat-file --batch` into a temporary
//!   folder and validated by concord-validate, so a span counts at a revision exactly when it
//!   would count in the working tree, and a file that does not parse is a reported state
//!   ([`revisions::FileState::problem`]), never a crash.
//! - **Data first, rendering second** ([`render`]): text (terminal), Markdown (PR comment, with a
//!   character budget) and JSON (`schemas/diff.schema.json`) are views of the same structs.
//! - No panics, no exits: failures are [`DiffError`]s; the caller picks the exit code. The checks
//!   a command needs before a diff ([`AnnotatorFiles`]) live here too, so the command line
//!   only parses, prints and picks exit codes.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod align;
pub mod annotators;
pub mod excerpt;
pub mod git;
pub mod render;
pub mod revisions;

use std::path::PathBuf;

use concord_schema::LoadError;
use concord_validate::FatalError;

use concord_schema::{Span, Text};
use serde::Serialize;

pub use align::{Alignment, Difference, Kind, align};
pub use annotators::{AnnotatorDiff, AnnotatorFiles, Disagreement, diff_annotators, diff_sides};
pub use revisions::{ChangeKind, FileChange, RevisionDiff, Side, Snapshot, diff_revisions, diff_snapshots};

/// Why a diff could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The annotator's file gave no spans (absent, or unusable after validation).
    #[error("{annotator} has no annotation file for {document} (not annotated)")]
    NotAnnotated { annotator: String, document: String },
    /// No file at `gold/<document>.yaml`.
    #[error("{document} has no gold file ({} not found)", path.display())]
    NoGoldFile { document: String, path: PathBuf },
    /// The gold file gave no spans (unusable after validation).
    #[error("{0}: the gold file gave no usable spans (`cargo xtask validate` says why)")]
    NoGold(String),
    /// No file at `annotations/<annotator>/<document>.yaml`.
    #[error("{annotator} has no annotation file for {document} ({} not found)", path.display())]
    NoFile { annotator: String, document: String, path: PathBuf },
    /// Neither file gave a usable document (no corpus text, or both files fail).
    #[error("{0}: no usable annotation file or document")]
    NoDocument(String),
    /// The project cannot be opened.
    #[error(transparent)]
    Project(FatalError),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot validate {side}: {source}")]
    Validate { side: String, source: FatalError },
    #[error("cannot validate {side}: {source}")]
    Discover { side: String, source: LoadError },
    #[error(transparent)]
    Git(#[from] GitError),
}

/// Why reading a revision through `git` failed.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run {program}: {source}")]
    Spawn { program: &'static str, source: std::io::Error },
    #[error("git {command} failed: {stderr}")]
    Failed { command: String, stderr: String },
    #[error("`{0}` is not a revision")]
    NotARevision(String),
    #[error("`{rev}` does not name a commit in the repository of {}", dir.display())]
    UnknownRevision { rev: String, dir: PathBuf },
    #[error("git cat-file: {0}")]
    CatFileIo(#[source] std::io::Error),
    #[error("git cat-file: no {0}")]
    CatFilePipe(&'static str),
    #[error("git cat-file: cannot read object {oid}: {header}")]
    CatFileObject { oid: String, header: String },
    #[error("git cat-file: writer failed")]
    CatFileWriter,
}

/// A span with its text, as the outputs show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpanView {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The covered text (empty when the document is not available).
    pub text: String,
}

impl SpanView {
    pub fn new(span: &Span, text: &Text) -> SpanView {
        SpanView::with_text_if_known(span, Some(text))
    }

    /// The view of `span`, its `text` empty when the document's text is not known.
    pub fn with_text_if_known(span: &Span, text: Option<&Text>) -> SpanView {
        let covered = text.and_then(|t| t.slice(span.start, span.end)).unwrap_or("");
        SpanView { start: span.start, end: span.end, label: span.label.clone(), text: covered.to_owned() }
    }
}
