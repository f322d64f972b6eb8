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
//! - No panics, no exits: failures are [`DiffError`]s; the caller picks the exit code.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod align;
pub mod annotators;
pub mod excerpt;
pub mod git;
pub mod render;
pub mod revisions;

use std::path::PathBuf;

use concord_schema::{Span, Text};
use serde::Serialize;

pub use align::{Alignment, Difference, Kind, align};
pub use annotators::{AnnotatorDiff, Disagreement, diff_annotators};
pub use revisions::{ChangeKind, FileChange, RevisionDiff, Side, Snapshot, diff_revisions, diff_snapshots};

/// Why a diff could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{annotator} has no annotation file for {document} (not annotated)")]
    NotAnnotated { annotator: String, document: String },
    #[error("{0}")]
    Git(String),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot validate {0}: {1}")]
    Validate(String, String),
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
        SpanView::maybe(span, Some(text))
    }

    pub fn maybe(span: &Span, text: Option<&Text>) -> SpanView {
        let covered = text.and_then(|t| t.slice(span.start, span.end)).unwrap_or("");
        SpanView { start: span.start, end: span.end, label: span.label.clone(), text: covered.to_owned() }
    }
}
