//! Agreement reports a reviewer reads: Markdown that fits a GitHub pull-request comment
//! ([`markdown`]) and one self-contained HTML file for looking at the annotations ([`html`]).
//!
//! Design choices:
//! - **Render, don't compute.** Every figure comes from concord-agreement's
//!   [`AgreementReport`] (gamma included, when the lead's wiring fills it in); this crate only
//!   lays figures out. A figure that is `null` is shown as `n/a (reason)` with the report's own
//!   reason, never as 0 or blank.
//! - **Inputs are gathered once** ([`load`]): the working tree is validated (the report opens
//!   with the error and warning counts), and with a base revision the project at that revision
//!   is read through git by concord-diff, validated and measured the same way, so every figure
//!   can show its change since the base, and the documents the change touched come first.
//! - **A budget, not a hope** ([`markdown::render`]): a GitHub comment holds 65,536 characters;
//!   the summary and per-label tables always fit, the per-document list and the per-pair details
//!   are cut to the budget, worst documents first, and the report says when it cut.
//! - **HTML without the network**: inline CSS, no scripts, no fonts, no images; spans are nested
//!   `<mark>` elements drawn as stacked underlines so nested and overlapping spans stay visible;
//!   label colours come from `schemas/labels.yaml`.
//! - **One entry point per output** ([`render`]): the command line picks a [`Format`] and prints;
//!   which formats compare with a base revision is the format's own rule
//!   ([`Format::compares_with_base`]).
//! - No panics, no exits: a failure is a [`ReportError`]; the caller picks the exit code.
//!
//! Checking the HTML by eye (not in CI, which has no browser): install Debian's `chromium`, then
//! `cargo xtask report --format html --out target/report.html --screenshot target/report.png`
//! renders it headless, offline, at 1400 × 2000; `docs/report-screenshot.png` is one such image
//! of the pull-request fixture (`tests/fixtures/project` + `tests/fixtures/pr`).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod format;
pub mod html;
pub mod markdown;
pub mod status;

use std::path::Path;

use concord_agreement::{AgreementReport, Options};
use concord_diff::{Side, Snapshot};
use concord_schema::{AnnotationSet, LabelSet};

use crate::html::HtmlOptions;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Diff(#[from] concord_diff::DiffError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Select(#[from] concord_schema::SelectError),
    #[error(transparent)]
    TooLarge(#[from] concord_agreement::TooLarge),
    #[error("cannot validate the project: {0}")]
    Validate(#[from] concord_validate::FatalError),
    #[error("cannot write the report: {0}")]
    Write(#[source] std::io::Error),
}

/// What a report is rendered as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A terminal summary ([`concord_agreement::render_text`]).
    Text,
    /// The whole [`AgreementReport`] (`schemas/report.schema.json`).
    Json,
    /// A pull-request comment ([`markdown::render`]).
    Markdown,
    /// One self-contained HTML file ([`html::render`]).
    Html,
}

impl Format {
    /// Whether this format shows figures against a base revision; the others ignore one.
    pub fn compares_with_base(self) -> bool {
        matches!(self, Format::Markdown | Format::Html)
    }
}

/// How [`render`] lays a report out.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Markdown: summarise past this many characters.
    pub max_chars: usize,
    pub html: HtmlOptions,
    /// Markdown: append the status table ([`status`]) under the same budget, for the
    /// pull-request comment.
    pub status: bool,
}

/// The report in `format`.
pub fn render(inputs: &Inputs, format: Format, options: &RenderOptions) -> Result<String, ReportError> {
    Ok(match format {
        Format::Text => concord_agreement::render_text(&inputs.report),
        Format::Json => serde_json::to_string_pretty(&inputs.report)? + "\n",
        Format::Markdown if options.status => {
            let status = status::build(&inputs.set, inputs.curation.as_ref());
            markdown::render_with_status(inputs, options.max_chars, Some(&status))
        }
        Format::Markdown => markdown::render(inputs, options.max_chars),
        Format::Html => html::render(inputs, &options.html),
    })
}

/// The whole report as JSON with every row, streamed to `out` (`report --format json --full`):
/// in the crowd layout every pair that shares a document and each document's pairs, computed
/// while they are written. `options` are the ones `inputs` were loaded with.
pub fn write_full_json<W: std::io::Write>(inputs: &Inputs, options: &Options, out: W) -> Result<(), ReportError> {
    let mut out = std::io::BufWriter::new(out);
    concord_agreement::compute::full::write_json_full(&inputs.set, &inputs.report, options, &mut out)?;
    std::io::Write::write_all(&mut out, b"\n")
        .and_then(|()| std::io::Write::flush(&mut out))
        .map_err(ReportError::Write)
}

/// Validation counts shown at the top of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validation {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// The base revision of a pull request, measured like the head.
#[derive(Debug)]
pub struct Base {
    /// The revision as given (`origin/main`).
    pub name: String,
    pub commit: Option<String>,
    pub report: AgreementReport,
    pub validation: Validation,
    /// Documents with an annotation or text change since the base, sorted.
    pub touched: Vec<String>,
}

/// Everything a report shows.
#[derive(Debug)]
pub struct Inputs {
    pub report: AgreementReport,
    /// The spans the report measured (the HTML report draws them).
    pub set: AnnotationSet,
    pub validation: Validation,
    /// The label set, for colours; `None` when it cannot be read (validation says why).
    pub labels: Option<LabelSet>,
    pub base: Option<Base>,
    /// Open questions and stale decisions of the gold files, when counted (the status table).
    pub curation: Option<status::CurationCounts>,
}

/// Validates and measures the project at `root` (the working tree) and, when given, at the git
/// revision `base`.
pub fn load(root: &Path, base: Option<&str>, options: &Options) -> Result<Inputs, ReportError> {
    load_selected(root, base, options, None)
}

/// [`load`], every figure restricted to the annotators `selection` names (names and globs,
/// [`AnnotationSet::select`]); at the base, a pattern may match nobody (an annotator new in the
/// pull request).
pub fn load_selected(
    root: &Path,
    base: Option<&str>,
    options: &Options,
    selection: Option<&[String]>,
) -> Result<Inputs, ReportError> {
    let labels = LabelSet::load(&concord_schema::Layout::new(root).labels_path()).ok();
    // Without a base only the working tree's validated spans are needed; a snapshot (every
    // file's spans again, for diffs) would cost a second listing and a copy of every span.
    let Some(rev) = base else {
        let run = concord_validate::validate(root, &[])?;
        let validation = Validation { files: run.files, errors: run.errors(), warnings: run.warnings() };
        let (set, report) = measure(run.set, selection, options)?;
        return Ok(Inputs { report, validation, set, labels, base: None, curation: Some(run.curation) });
    };
    let mut head = Snapshot::load(root, &Side::WorkTree)?;
    let (set, report) = measure(head.set, selection, options)?;
    head.set = set;
    let mut snap = Snapshot::load(root, &Side::Rev(rev.to_owned()))?;
    if let Some(patterns) = selection {
        snap.set = snap.set.select_matching(patterns);
    }
    concord_agreement::check_size(&snap.set, options)?;
    let touched = concord_diff::diff_snapshots(&snap, &head).touched_documents();
    let base = Some(Base {
        name: rev.to_owned(),
        commit: snap.commit.clone(),
        report: concord_agreement::compute(&snap.set, options),
        validation: validation(&snap),
        touched,
    });
    let curation = Some(head.curation.clone());
    Ok(Inputs { report, validation: validation(&head), set: head.set, labels, base, curation })
}

/// The annotators `selection` names (all when `None`), within the size limit, and their report.
fn measure(
    set: AnnotationSet,
    selection: Option<&[String]>,
    options: &Options,
) -> Result<(AnnotationSet, AgreementReport), ReportError> {
    let set = match selection {
        Some(patterns) => set.select(patterns)?,
        None => set,
    };
    concord_agreement::check_size(&set, options)?;
    let report = concord_agreement::compute(&set, options);
    Ok((set, report))
}

fn validation(s: &Snapshot) -> Validation {
    Validation { files: s.files.len(), errors: s.errors, warnings: s.warnings }
}
