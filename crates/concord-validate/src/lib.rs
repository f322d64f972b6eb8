//! Checks annotation files and reports every problem as data ([`Diagnostic`]), never failing on
//! bad input; `fix` fills in offsets from quoted text.
//!
//! Design choices:
//! - **Diagnostics are data**, with a stable code, a severity and a place; rendering (rustc-style
//!   text, JSON Lines, GitHub workflow commands) is a separate step ([`render`]).
//! - **Every problem, not the first**: each check records and continues; all files are checked
//!   in one run, in parallel (rayon), and sorted afterwards so output is deterministic.
//! - **The JSON Schema is generated in memory from the label set** each run, so a project with
//!   its own `labels.yaml` is checked against its own labels; the checked-in
//!   `schemas/annotation.schema.json` (for editors) is kept equal to it by a test.
//! - **Fast path for the schema** ([`structure`]): files a native check proves valid skip the
//!   JSON conversion; the rest go through `jsonschema`, which writes the messages.
//! - **A project's settings of checks** (`concord.yaml`, [`config`]) are read once with the
//!   label set and applied to every file's findings, here, so that every command and an
//!   editor see the same levels; codes that protect data cannot be configured.
//! - **Quoted text is resolved, never guessed** ([`resolve`]): ambiguity is reported with every
//!   candidate.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod check;
pub mod config;
pub mod coverage;
pub mod diagnostic;
pub mod edit;
pub mod fix;
pub mod memory;
pub mod project;
pub mod render;
pub mod resolve;
pub mod structure;

pub use config::{ChecksConfig, Level};
pub use diagnostic::{Code, CorpusRef, Diagnostic, Severity};
pub use memory::SourceCheck;
pub use project::{CurationSummary, DocumentCuration, FatalError, Project, Run, validate};
