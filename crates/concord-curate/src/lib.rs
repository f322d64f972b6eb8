//! Curation: proposes a gold file per document from the annotators' valid spans with one of
//! INCEpTION's merge strategies, and keeps every curator decision when it runs again
//! (`docs/curation.md` is the specification).
//!
//! Design choices:
//! - **A pure core** ([`plan::plan_document`]): spans, label set, strategy and the existing gold
//!   in, a new record or a list of edits out. No files, so every rule is tested in memory.
//! - **Decisions are data the rule never overrides**: whatever is in `spans`, `rejected` or has
//!   a `decision` is never proposed again; a re-run only refreshes rule votes, marks `stale`,
//!   closes answered questions and asks about what is new.
//! - **Edits, not rewrites** ([`edit`]): a re-run changes the file's text only where the
//!   positioned tree says an entry is, so comments and formatting survive and an unchanged
//!   project gives a byte-identical file. What cannot be edited safely is refused, located.
//! - **All or nothing**: every document is planned before anything is written; one error stops
//!   the run with nothing written. Files are written atomically.
//! - **The same overlap rule as validate** (`OverlapPolicy::permits`), so a proposal never
//!   breaks the label set's policy.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod edit;
pub mod gold_file;
pub mod plan;
pub mod propose;
pub mod render;
pub mod run;
pub mod select;
pub mod strategy;

use std::path::PathBuf;

pub use plan::{GoldEdit, GoldPlan, Tally, plan_document};
pub use propose::DocumentInput;
pub use run::{CurateOptions, CurateRun, DocumentOutcome, curate};
pub use select::select_annotators;
pub use strategy::{CurationStrategy, StrategyError, ThresholdParams};

/// Why `curate` stopped (exit code 2); nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CurateError {
    #[error(transparent)]
    Project(#[from] concord_validate::FatalError),
    #[error("cannot read the label set: {0}")]
    Labels(concord_schema::LoadError),
    #[error("{}:{line}:{column}: {message}", path.display())]
    GoldFile { path: PathBuf, line: u32, column: u32, message: String },
    #[error("{}:{line}:{column}: cannot edit this gold file safely: {what}", path.display())]
    Uneditable { path: PathBuf, line: u32, column: u32, what: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("--annotators: no annotator matches `{0}`")]
    NoSuchAnnotator(String),
    #[error("--doc: no annotator has a file for `{0}`")]
    NoSuchDocument(String),
    #[error(transparent)]
    Strategy(#[from] StrategyError),
}
