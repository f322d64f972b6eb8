//! A curate run over a project: validate it, keep the valid spans of the selected annotators
//! and documents, plan every document, and only then write the changed gold files (atomically),
//! so that any error leaves the project as it was.

use std::collections::BTreeMap;
use std::path::PathBuf;

use concord_schema::{LabelSet, Layout, Span};
use concord_validate::fix::write_atomically;

use crate::gold_file::read_gold;
use crate::plan::{GoldPlan, Tally, plan_document};
use crate::propose::DocumentInput;
use crate::select::select_annotators;
use crate::strategy::CurationStrategy;
use crate::{CurateError, edit, render};

/// What to curate and how.
#[derive(Clone, Debug, Default)]
pub struct CurateOptions {
    pub root: PathBuf,
    /// `complete`, `incomplete`, `threshold`, `majority` or `unanimous`; `None`: the strategy a
    /// gold file records, and `complete` (INCEpTION's default) for a new one.
    pub strategy: Option<String>,
    pub min_votes: Option<u64>,
    pub min_share: Option<f64>,
    pub top_n: Option<u64>,
    /// Names or glob patterns (`pilot-*`); all annotators when empty.
    pub annotators: Vec<String>,
    /// Document ids; every annotated document when empty.
    pub documents: Vec<String>,
    /// Plan and report, write nothing.
    pub dry_run: bool,
}

/// What a run did to one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentOutcome {
    pub document: String,
    pub path: PathBuf,
    /// There was no gold file.
    pub created: bool,
    /// The file's text changed (or would, with `dry_run`).
    pub changed: bool,
    pub tally: Tally,
}

/// The result of a run.
#[derive(Clone, Debug, Default)]
pub struct CurateRun {
    pub documents: Vec<DocumentOutcome>,
    /// Validation errors in the selected annotators' files for the selected documents: their
    /// spans were left out, as the report leaves them out.
    pub errors_left_out: usize,
    /// The selected annotators.
    pub annotators: Vec<String>,
}

impl CurateOptions {
    /// The strategy for a document whose gold file records `recorded` (if any).
    fn strategy_for(&self, recorded: Option<CurationStrategy>) -> Result<CurationStrategy, CurateError> {
        let (v, s, n) = (self.min_votes, self.min_share, self.top_n);
        Ok(match (&self.strategy, recorded) {
            (Some(name), _) => CurationStrategy::from_name(name, v, s, n)?,
            (None, Some(recorded)) => recorded.with_params(v, s, n)?,
            (None, None) if v.is_some() || s.is_some() || n.is_some() => {
                CurationStrategy::from_name("threshold", v, s, n)?
            }
            (None, None) => CurationStrategy::Complete,
        })
    }
}

/// Curates the project at `options.root`.
pub fn curate(options: &CurateOptions) -> Result<CurateRun, CurateError> {
    options.strategy_for(None)?;
    let run = concord_validate::validate(&options.root, &[])?;
    let layout = Layout::new(&options.root);
    let labels = LabelSet::load(&layout.labels_path()).map_err(CurateError::Labels)?;
    let (selected, unmatched) = select_annotators(&options.annotators, &run.set.annotators);
    if let Some(pattern) = unmatched.into_iter().next() {
        return Err(CurateError::NoSuchAnnotator(pattern));
    }
    for id in &options.documents {
        if run.set.document(id).is_none() {
            return Err(CurateError::NoSuchDocument(id.clone()));
        }
    }
    let wanted_doc = |id: &str| options.documents.is_empty() || options.documents.iter().any(|d| d == id);
    let errors_left_out = run
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter(|d| {
            layout.classify(&d.file).is_ok_and(|f| selected.contains(&f.annotator.as_str()) && wanted_doc(&f.document))
        })
        .count();

    let mut planned: Vec<(DocumentOutcome, Option<String>)> = Vec::new();
    for doc in run.set.documents.iter().filter(|d| wanted_doc(&d.id)) {
        let by_annotator: BTreeMap<String, Vec<Span>> = doc
            .by_annotator
            .iter()
            .filter(|(a, _)| selected.contains(&a.as_str()))
            .map(|(a, s)| (a.clone(), s.clone()))
            .collect();
        if by_annotator.is_empty() {
            continue;
        }
        let path = layout.gold_path(&doc.id);
        let sha = concord_schema::sha256_hex(doc.text.as_str().as_bytes());
        let existing = match std::fs::read(&path) {
            Ok(_) => Some(concord_schema::read_utf8(&path).map_err(|e| match e {
                concord_schema::LoadError::Io { path, source } => CurateError::Io { path, source },
                other => CurateError::GoldFile {
                    path: path.clone(),
                    line: other.line_column().map_or(0, |(l, _)| u32::try_from(l).unwrap_or(0)),
                    column: other.line_column().map_or(0, |(_, c)| u32::try_from(c).unwrap_or(0)),
                    message: other.to_string(),
                },
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(CurateError::Io { path, source }),
        };
        let (outcome, text) = match existing {
            None => {
                let strategy = options.strategy_for(None)?;
                let input = input(doc, &sha, &by_annotator, &labels, strategy);
                let (plan, tally) = plan_document(&input, None);
                let GoldPlan::New(record) = plan else { continue };
                let text = render::render_gold(&record);
                (DocumentOutcome { document: doc.id.clone(), path, created: true, changed: true, tally }, Some(text))
            }
            Some(source) => {
                let gold = read_gold(&path, &source)?;
                let strategy = options.strategy_for(Some(CurationStrategy::from_record(&gold.record.curation)))?;
                let input = input(doc, &sha, &by_annotator, &labels, strategy);
                let (plan, tally) = plan_document(&input, Some(&gold.record));
                let edits = match plan {
                    GoldPlan::Edit(edits) => edits,
                    GoldPlan::New(_) => Vec::new(),
                };
                let text = edit::apply_edits(&path, &source, &gold.tree, &gold.record, &edits)?;
                let changed = text != source;
                let outcome = DocumentOutcome { document: doc.id.clone(), path, created: false, changed, tally };
                (outcome, changed.then_some(text))
            }
        };
        planned.push((outcome, text));
    }
    if !options.dry_run {
        for (outcome, text) in &planned {
            let Some(text) = text else { continue };
            if let Some(dir) = outcome.path.parent() {
                std::fs::create_dir_all(dir).map_err(|source| CurateError::Io { path: dir.to_owned(), source })?;
            }
            write_atomically(&outcome.path, text)
                .map_err(|source| CurateError::Io { path: outcome.path.clone(), source })?;
        }
    }
    Ok(CurateRun {
        documents: planned.into_iter().map(|(o, _)| o).collect(),
        errors_left_out,
        annotators: selected.into_iter().map(str::to_owned).collect(),
    })
}

fn input<'a>(
    doc: &'a concord_schema::DocumentAnnotations,
    sha: &'a str,
    by_annotator: &'a BTreeMap<String, Vec<Span>>,
    labels: &'a LabelSet,
    strategy: CurationStrategy,
) -> DocumentInput<'a> {
    DocumentInput { document: &doc.id, text: &doc.text, text_sha256: sha, by_annotator, labels, strategy }
}

impl DocumentOutcome {
    /// One line for people: `created gold/d1.yaml: 3 spans added, 1 question opened`.
    pub fn describe(&self, dry_run: bool) -> String {
        let t = &self.tally;
        let verb = match (self.created, self.changed, dry_run) {
            (_, false, _) => "unchanged",
            (true, true, false) => "created",
            (true, true, true) => "would create",
            (false, true, false) => "updated",
            (false, true, true) => "would update",
        };
        let counts = [
            (t.spans_added, "span added", "spans added"),
            (t.rejected_added, "rejection recorded", "rejections recorded"),
            (t.questions_opened, "question opened", "questions opened"),
            (t.questions_closed, "question closed", "questions closed"),
            (t.candidates_added, "candidate added", "candidates added"),
            (t.candidates_removed, "candidate removed", "candidates removed"),
            (t.votes_refreshed, "votes refreshed", "votes refreshed"),
            (t.marked_stale, "decision marked stale", "decisions marked stale"),
        ];
        let mut parts: Vec<String> = counts
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        parts.push(format!("{} open", t.open_questions));
        format!("{verb} {}: {}", self.path.display(), parts.join(", "))
    }
}
