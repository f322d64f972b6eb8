//! What a change to the annotations did, span by span: the spans added, removed, relabelled and
//! moved in each annotation file between two states of the project (a git revision or the
//! working tree).
//!
//! Each side is validated as a whole project ([`concord_validate::validate`]), so a span counts
//! only when it passes its checks, and a file that does not parse at one side is reported with its
//! first error instead of stopping the run. Spans are paired with [`mod@crate::align`]: base is A,
//! head is B.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use concord_schema::{AnnotationSet, Layout, Span, Text};
use serde::Serialize;

use crate::align::{Kind, align};
use crate::git::Repo;
use crate::{DiffError, SpanView};

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Side {
    /// A git revision (anything `git rev-parse` takes).
    Rev(String),
    /// The files on disk.
    WorkTree,
}

impl Side {
    pub fn name(&self) -> &str {
        match self {
            Side::Rev(rev) => rev,
            Side::WorkTree => "working tree",
        }
    }
}

/// One annotation file at one side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FileState {
    /// The spans that passed their checks; `None` when the file cannot be used at all.
    #[serde(skip)]
    pub spans: Option<Vec<Span>>,
    /// Errors that validation found in the file.
    pub errors: usize,
    /// Why the file cannot be used (its first error), when it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// The project at one side, validated.
#[derive(Debug)]
pub struct Snapshot {
    pub name: String,
    /// The commit id, for a revision.
    pub commit: Option<String>,
    /// (annotator, document) to the file's state.
    pub files: BTreeMap<(String, String), FileState>,
    /// The valid spans, as metrics see them.
    pub set: AnnotationSet,
    pub errors: usize,
    pub warnings: usize,
    /// What could not be read from git (symbolic links, odd paths).
    pub notes: Vec<String>,
    /// What validate counted in the gold files (open questions, stale decisions).
    pub curation: concord_validate::CurationSummary,
}

impl Snapshot {
    /// Validates the project at `root` as `side` shows it.
    pub fn load(root: &Path, side: &Side) -> Result<Snapshot, DiffError> {
        match side {
            Side::WorkTree => Snapshot::from_dir(root, side.name(), None, Vec::new()),
            Side::Rev(rev) => {
                let repo = Repo::new(root);
                let commit = repo.resolve(rev)?;
                let dir = tempfile::Builder::new()
                    .prefix("concord-rev-")
                    .tempdir()
                    .map_err(|e| DiffError::Io { path: std::env::temp_dir(), source: e })?;
                let notes = repo.materialize(&commit, dir.path())?;
                Snapshot::from_dir(dir.path(), rev, Some(commit), notes)
            }
        }
    }

    fn from_dir(root: &Path, name: &str, commit: Option<String>, notes: Vec<String>) -> Result<Snapshot, DiffError> {
        let run = concord_validate::validate(root, &[])
            .map_err(|source| DiffError::Validate { side: name.to_owned(), source })?;
        let found =
            Layout::new(root).discover().map_err(|source| DiffError::Discover { side: name.to_owned(), source })?;
        let mut by_file: BTreeMap<PathBuf, (usize, Option<String>)> = BTreeMap::new();
        for d in run.diagnostics.iter().filter(|d| d.is_error()) {
            let entry = by_file.entry(d.file.clone()).or_default();
            entry.0 += 1;
            if entry.1.is_none() {
                let at = if d.line > 0 { format!("line {}: ", d.line) } else { String::new() };
                entry.1 = Some(format!("{at}{} [{}]", d.message, d.code.as_str()));
            }
        }
        let mut files = BTreeMap::new();
        for f in found.files {
            let spans = run.set.document(&f.document).and_then(|d| d.by_annotator.get(&f.annotator)).cloned();
            let (errors, first) = by_file.remove(&f.path).unwrap_or_default();
            let problem = if spans.is_none() {
                Some(first.unwrap_or_else(|| "the file cannot be used".to_owned()))
            } else {
                None
            };
            files.insert((f.annotator, f.document), FileState { spans, errors, problem });
        }
        let (errors, warnings) = (run.errors(), run.warnings());
        Ok(Snapshot {
            name: name.to_owned(),
            commit,
            files,
            set: run.set,
            errors,
            warnings,
            notes,
            curation: run.curation,
        })
    }

    fn text(&self, document: &str) -> Option<&Text> {
        self.set.document(document).map(|d| &d.text)
    }
}

/// How a span changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    /// Start or end changed, label kept.
    Moved,
    /// Label changed, extent kept.
    Relabelled,
    MovedAndRelabelled,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 5] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Moved,
        ChangeKind::Relabelled,
        ChangeKind::MovedAndRelabelled,
    ];

    fn from_kind(kind: Kind) -> ChangeKind {
        match kind {
            Kind::Missing => ChangeKind::Removed,
            Kind::Extra => ChangeKind::Added,
            Kind::Boundary => ChangeKind::Moved,
            Kind::Label => ChangeKind::Relabelled,
            Kind::BoundaryAndLabel => ChangeKind::MovedAndRelabelled,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::Relabelled => "relabelled",
            ChangeKind::MovedAndRelabelled => "moved+relabelled",
        }
    }

    /// The sign a diff line starts with.
    pub(crate) fn sign(self) -> char {
        match self {
            ChangeKind::Added => '+',
            ChangeKind::Removed => '-',
            _ => '~',
        }
    }
}

/// One span change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpanChange {
    pub kind: ChangeKind,
    pub base: Option<SpanView>,
    pub head: Option<SpanView>,
}

/// What happened to a file as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    Added,
    Removed,
    Modified,
}

/// The changes to one annotation file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// `annotations/<annotator>/<document>.yaml`.
    pub path: String,
    pub annotator: String,
    pub document: String,
    pub status: FileStatus,
    /// The file at base (absent when added).
    pub base: Option<FileState>,
    /// The file at head (absent when removed).
    pub head: Option<FileState>,
    /// Whether the document's text differs between the two sides (offsets may have shifted).
    pub text_changed: bool,
    /// Spans that both sides agree on.
    pub unchanged: usize,
    /// Sorted by position.
    pub changes: Vec<SpanChange>,
}

impl FileChange {
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }
}

/// Validation counts of one side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SideSummary {
    /// What the user named (`main`, `HEAD~1`, `working tree`).
    pub name: String,
    pub commit: Option<String>,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Every annotation-level change between two sides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RevisionDiff {
    pub base: SideSummary,
    pub head: SideSummary,
    /// Files with any change, sorted by path.
    pub files: Vec<FileChange>,
    /// Documents whose corpus text differs (among those annotated at both sides).
    pub texts_changed: Vec<String>,
    /// What could not be read from git.
    pub notes: Vec<String>,
}

impl RevisionDiff {
    /// The documents the change touched: with a file change or a text change, sorted.
    pub fn touched_documents(&self) -> Vec<String> {
        let mut docs: BTreeSet<String> = self.files.iter().map(|f| f.document.clone()).collect();
        docs.extend(self.texts_changed.iter().cloned());
        docs.into_iter().collect()
    }

    pub fn count(&self, kind: ChangeKind) -> usize {
        self.files.iter().map(|f| f.count(kind)).sum()
    }
}

/// Compares two validated snapshots.
pub fn diff_snapshots(base: &Snapshot, head: &Snapshot) -> RevisionDiff {
    let keys: BTreeSet<&(String, String)> = base.files.keys().chain(head.files.keys()).collect();
    let mut files = Vec::new();
    for key in keys {
        let (annotator, document) = key;
        let (b, h) = (base.files.get(key), head.files.get(key));
        let (bt, ht) = (base.text(document), head.text(document));
        let text_changed = matches!((bt, ht), (Some(x), Some(y)) if x != y);
        let empty = Vec::new();
        let bs = b.and_then(|f| f.spans.as_ref()).unwrap_or(&empty);
        let hs = h.and_then(|f| f.spans.as_ref()).unwrap_or(&empty);
        let alignment = align(bs, hs);
        let view = |s: &Option<Span>, t: Option<&Text>| s.as_ref().map(|s| SpanView::with_text_if_known(s, t));
        let changes: Vec<SpanChange> = alignment
            .differences
            .iter()
            .map(|d| SpanChange { kind: ChangeKind::from_kind(d.kind), base: view(&d.a, bt), head: view(&d.b, ht) })
            .collect();
        let status = match (b, h) {
            (None, _) => FileStatus::Added,
            (_, None) => FileStatus::Removed,
            _ => FileStatus::Modified,
        };
        let state_changed = match (b, h) {
            (Some(b), Some(h)) => b.errors != h.errors || b.problem.is_some() != h.problem.is_some(),
            _ => true,
        };
        if changes.is_empty() && !state_changed {
            continue;
        }
        files.push(FileChange {
            path: format!("annotations/{annotator}/{document}.yaml"),
            annotator: annotator.clone(),
            document: document.clone(),
            status,
            base: b.cloned(),
            head: h.cloned(),
            text_changed,
            unchanged: alignment.agreed,
            changes,
        });
    }
    let texts_changed = base
        .set
        .documents
        .iter()
        .filter(|d| head.text(&d.id).is_some_and(|t| *t != d.text))
        .map(|d| d.id.clone())
        .collect();
    let summary = |s: &Snapshot| SideSummary {
        name: s.name.clone(),
        commit: s.commit.clone(),
        files: s.files.len(),
        errors: s.errors,
        warnings: s.warnings,
    };
    let mut notes: Vec<String> = base.notes.iter().map(|n| format!("{}: {n}", base.name)).collect();
    notes.extend(head.notes.iter().map(|n| format!("{}: {n}", head.name)));
    RevisionDiff { base: summary(base), head: summary(head), files, texts_changed, notes }
}

/// Loads both sides of the project at `root` and compares them.
pub fn diff_revisions(root: &Path, base: &Side, head: &Side) -> Result<RevisionDiff, DiffError> {
    let b = Snapshot::load(root, base)?;
    let h = Snapshot::load(root, head)?;
    Ok(diff_snapshots(&b, &h))
}
