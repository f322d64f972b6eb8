//! A whole run over a project root: load the label set and the corpus index once, read the
//! documents that the checked files name (in parallel), check every file (in parallel), and
//! gather the valid spans into an [`AnnotationSet`] for metrics and reports.
//!
//! Gold files are checked in the same run, after the annotation files, because their votes are
//! compared with the annotators' valid spans. When a run names a gold file but not the
//! annotators' files of its document, those are checked too, silently: their findings belong to
//! their own run, their spans only serve the comparison. The gold's spans go to
//! [`AnnotationSet::gold`], never among the annotators, so agreement does not change.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use concord_schema::layout::{AnnotationPath, GoldPath, LayoutFile, NotAnnotationPath};
use concord_schema::{AnnotationSet, CorpusIndex, Document, DocumentAnnotations, LabelSet, Layout, LoadError};
use rayon::prelude::*;

use crate::check::{self, AnnotatorFiles, Context, FileReport, GoldReport};
use crate::config::ChecksConfig;
use crate::diagnostic::{Code, Diagnostic, Severity};

/// A problem that stops the run before any file is checked (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum FatalError {
    #[error("cannot read the corpus: {0}")]
    Corpus(LoadError),
    #[error("cannot list the annotations: {0}")]
    Annotations(LoadError),
    #[error("cannot list the gold files: {0}")]
    Gold(LoadError),
    #[error("{}: no such file", path.display())]
    NoSuchFile { path: PathBuf },
    #[error("{}: {source}", path.display())]
    NotAnnotationFile { path: PathBuf, source: NotAnnotationPath },
}

/// What the label set, schema and corpus index say, loaded once and shared by every check.
#[derive(Debug)]
pub struct Project {
    pub layout: Layout,
    pub labels: Option<LabelSet>,
    pub schema: Option<jsonschema::Validator>,
    /// The gold file schema, generated from the same label set.
    pub gold_schema: Option<jsonschema::Validator>,
    pub corpus: CorpusIndex,
    /// The project's settings of checks (`concord.yaml`; the default when there is none).
    pub checks: ChecksConfig,
    /// Problems with the project's own files (labels, settings of checks, corpus folder).
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    pub fn open(root: &Path) -> Result<Project, FatalError> {
        Project::open_with_labels(root, None)
    }

    /// [`Project::open`], with the label set read from `labels` (an editor's unsaved buffer of
    /// `schemas/labels.yaml`) instead of the file when it is given.
    pub fn open_with_labels(root: &Path, labels: Option<&str>) -> Result<Project, FatalError> {
        let layout = Layout::new(root);
        let mut diagnostics = Vec::new();
        let labels_path = layout.labels_path();
        let loaded = match labels {
            Some(source) => LabelSet::from_source(&labels_path, source),
            None => LabelSet::load(&labels_path),
        };
        let labels = match loaded {
            Ok(labels) => Some(labels),
            Err(e) => {
                let (line, column) = e.line_column().unwrap_or((0, 0));
                diagnostics.push(Diagnostic::new(
                    Code::LabelsFile,
                    &labels_path,
                    u32::try_from(line).unwrap_or(0),
                    u32::try_from(column).unwrap_or(0),
                    format!("the label set cannot be used: {}", strip_location(&e)),
                ));
                None
            }
        };
        let (checks, config_diagnostics) = ChecksConfig::load(&layout.config_path(), labels.as_ref());
        diagnostics.extend(config_diagnostics);
        let no_labels = LabelSet { labels: Vec::new() };
        let label_set = labels.as_ref().unwrap_or(&no_labels);
        let schema = jsonschema::draft202012::new(&concord_schema::json_schema::annotation_schema(label_set)).ok();
        let gold_schema = jsonschema::draft202012::new(&concord_schema::json_schema::gold_schema(label_set)).ok();
        let corpus = CorpusIndex::scan(&layout.corpus_dir()).map_err(FatalError::Corpus)?;
        for (path, why) in &corpus.strays {
            diagnostics.push(
                Diagnostic::new(Code::StrayFile, path, 0, 0, format!("not a corpus document: {why}"))
                    .severity(Severity::Warning),
            );
        }
        if let Some(e) = &corpus.manifest_error {
            diagnostics.push(corpus_problem(e, "the corpus manifest cannot be used"));
        }
        for entry in &corpus.manifest.documents {
            if !corpus.paths.contains_key(&entry.id) {
                diagnostics.push(Diagnostic::new(
                    Code::CorpusFile,
                    corpus.dir.join("manifest.yaml"),
                    0,
                    0,
                    format!("the manifest lists `{}`, which has no `.txt` file", entry.id),
                ));
            }
        }
        Ok(Project { layout, labels, schema, gold_schema, corpus, checks, diagnostics })
    }

    /// Reads the named documents in parallel; unreadable ones are `None` and get a diagnostic.
    pub fn read_documents<'a>(
        &self,
        ids: impl Iterator<Item = &'a str>,
    ) -> (HashMap<String, Option<Document>>, Vec<Diagnostic>) {
        let mut wanted: Vec<&str> = ids.filter(|id| self.corpus.paths.contains_key(*id)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let read: Vec<(String, Result<Document, LoadError>)> =
            wanted.par_iter().map(|id| (id.to_string(), Document::read(id, &self.corpus.paths[*id]))).collect();
        let mut documents = HashMap::with_capacity(read.len());
        let mut diagnostics = Vec::new();
        for (id, result) in read {
            match result {
                Ok(doc) => {
                    documents.insert(id, Some(doc));
                }
                Err(e) => {
                    diagnostics.push(corpus_problem(&e, "corpus document unusable"));
                    documents.insert(id, None);
                }
            }
        }
        (documents, diagnostics)
    }

    pub fn context<'a>(&'a self, documents: &'a HashMap<String, Option<Document>>) -> Context<'a> {
        Context { labels: self.labels.as_ref(), schema: self.schema.as_ref(), documents, checks: &self.checks }
    }
}

/// A corpus file that cannot be used: the load error's place and detail, under the corpus code.
fn corpus_problem(e: &LoadError, what: &str) -> Diagnostic {
    let d = check::load_error(e.path(), e);
    let mut out = Diagnostic::new(Code::CorpusFile, d.file, d.line, d.column, format!("{what}: {}", d.message));
    out.help = d.help;
    out
}

fn strip_location(e: &LoadError) -> String {
    match e {
        LoadError::Invalid { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// What the gold files of a run leave to do (`cargo xtask validate`'s summary, `status`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurationSummary {
    /// Gold files checked.
    pub gold_files: usize,
    /// Questions with at least one undecided candidate (C030).
    pub open_questions: usize,
    /// Undecided candidates in those questions.
    pub open_candidates: usize,
    /// Decisions marked `stale: true` (C029) or whose votes differ from the files (C028).
    pub stale: usize,
    /// The same counts per document id, for documents with a gold file.
    pub per_document: BTreeMap<String, DocumentCuration>,
}

/// What the checks counted in one document's gold file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DocumentCuration {
    pub open_questions: usize,
    pub open_candidates: usize,
    pub stale: usize,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Run {
    /// Sorted by file, line, column.
    pub diagnostics: Vec<Diagnostic>,
    /// How many annotation files were checked (gold files are counted in `curation`).
    pub files: usize,
    /// The spans that passed their checks, per document and annotator; the gold in `set.gold`.
    pub set: AnnotationSet,
    pub curation: CurationSummary,
}

impl Run {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// What a run checks: the annotation files it reports on, the gold files, and the annotation
/// files checked only for the gold's sake.
#[derive(Default)]
struct Selection {
    files: Vec<AnnotationPath>,
    gold: Vec<GoldPath>,
    /// Every annotation file of the layout, when a gold file needs them (else empty).
    listing: Vec<AnnotationPath>,
}

/// Validates the project at `root`; `paths` restricts the run to some annotation or gold files
/// (all when empty).
pub fn validate(root: &Path, paths: &[PathBuf]) -> Result<Run, FatalError> {
    let project = Project::open(root)?;
    let mut diagnostics = project.diagnostics.clone();
    let selection = select(&project, paths, &mut diagnostics)?;
    let gold_docs: BTreeSet<&str> = selection.gold.iter().map(|g| g.document.as_str()).collect();
    // Annotation files checked only so that the gold's votes can be compared with them (paths
    // compared as bytes: `Path`'s order walks components, which costs on every file).
    let silent: Vec<&AnnotationPath> = if gold_docs.is_empty() {
        Vec::new()
    } else {
        let reported: HashSet<&OsStr> = selection.files.iter().map(|f| f.path.as_os_str()).collect();
        selection
            .listing
            .iter()
            .filter(|f| gold_docs.contains(f.document.as_str()) && !reported.contains(f.path.as_os_str()))
            .collect()
    };
    let reported = selection.files.len();
    let checked: Vec<&AnnotationPath> = selection.files.iter().chain(silent.iter().copied()).collect();
    let ids = checked.iter().map(|f| f.document.as_str()).chain(gold_docs.iter().copied());
    let (documents, doc_diagnostics) = project.read_documents(ids);
    diagnostics.extend(doc_diagnostics);
    let ctx = project.context(&documents);
    let reports: Vec<FileReport> = checked
        .par_iter()
        .map(|f| check::check_file(&ctx, &f.path, &f.annotator, &f.document, concord_schema::read_utf8(&f.path)))
        .collect();

    let mut by_doc: BTreeMap<&str, BTreeMap<String, Vec<concord_schema::Span>>> = BTreeMap::new();
    let mut annotator_files: HashMap<&str, AnnotatorFiles> = HashMap::new();
    for (at, (file, report)) in checked.iter().zip(reports).enumerate() {
        if gold_docs.contains(file.document.as_str()) {
            let files = annotator_files.entry(&file.document).or_default();
            files.insert(file.annotator.clone(), report.spans.clone());
        }
        // `checked` is the selection's files, then the silent ones.
        if at >= reported {
            continue;
        }
        diagnostics.extend(report.diagnostics);
        if let Some(spans) = report.spans
            && matches!(documents.get(&file.document), Some(Some(_)))
        {
            by_doc.entry(&file.document).or_default().insert(file.annotator.clone(), spans);
        }
    }
    let no_files = AnnotatorFiles::new();
    let gold_reports: Vec<GoldReport> = selection
        .gold
        .par_iter()
        .map(|g| {
            let files = annotator_files.get(g.document.as_str()).unwrap_or(&no_files);
            let source = concord_schema::read_utf8(&g.path);
            check::check_gold_file(&ctx, project.gold_schema.as_ref(), &g.path, &g.document, files, source)
        })
        .collect();
    let mut curation = CurationSummary { gold_files: selection.gold.len(), ..CurationSummary::default() };
    let mut gold = BTreeMap::new();
    for (file, report) in selection.gold.iter().zip(gold_reports) {
        diagnostics.extend(report.diagnostics);
        curation.open_questions += report.open_questions;
        curation.open_candidates += report.open_candidates;
        curation.stale += report.stale;
        curation.per_document.insert(
            file.document.clone(),
            DocumentCuration {
                open_questions: report.open_questions,
                open_candidates: report.open_candidates,
                stale: report.stale,
            },
        );
        if let Some(spans) = report.spans
            && matches!(documents.get(&file.document), Some(Some(_)))
        {
            gold.insert(file.document.clone(), spans);
        }
    }
    let docs = by_doc
        .into_iter()
        .filter_map(|(id, by_annotator)| {
            let doc = documents.get(id)?.as_ref()?;
            Some(DocumentAnnotations { id: id.to_owned(), text: doc.text.clone(), by_annotator })
        })
        .collect();
    let labels = project.labels.as_ref().map(|l| l.names().map(str::to_owned).collect()).unwrap_or_default();
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code)));
    let mut set = AnnotationSet::new(labels, docs);
    set.gold = gold;
    Ok(Run { diagnostics, files: selection.files.len(), set, curation })
}

/// The files of a run: everything the layout lists, or the given paths.
fn select(project: &Project, paths: &[PathBuf], diagnostics: &mut Vec<Diagnostic>) -> Result<Selection, FatalError> {
    let layout = &project.layout;
    let mut selection = Selection::default();
    if paths.is_empty() {
        let found = layout.discover().map_err(FatalError::Annotations)?;
        for (path, why) in &found.strays {
            diagnostics.push(Diagnostic::new(Code::StrayFile, path, 0, 0, format!("stray file: {why}")));
        }
        diagnostics.extend(found.reserved.iter().map(|p| reserved(p)));
        let gold = layout.discover_gold().map_err(FatalError::Gold)?;
        for (path, why) in &gold.strays {
            diagnostics.push(Diagnostic::new(Code::StrayFile, path, 0, 0, format!("stray file in gold/: {why}")));
        }
        selection.gold = gold.files;
        if !selection.gold.is_empty() {
            selection.listing = found.files.clone();
        }
        selection.files = found.files;
        return Ok(selection);
    }
    for path in paths {
        if !path.exists() {
            return Err(FatalError::NoSuchFile { path: path.to_owned() });
        }
        match layout.classify_file(path) {
            Ok(LayoutFile::Annotation(file)) => selection.files.push(file),
            Ok(LayoutFile::Gold(file)) => selection.gold.push(file),
            Err(NotAnnotationPath::ReservedAnnotator) => diagnostics.push(reserved(path)),
            Err(source) => return Err(FatalError::NotAnnotationFile { path: path.to_owned(), source }),
        }
    }
    if !selection.gold.is_empty() {
        selection.listing = layout.discover().map_err(FatalError::Annotations)?.files;
    }
    Ok(selection)
}

/// C031: `annotations/gold/` (or a file in it) is not an annotator's.
fn reserved(path: &Path) -> Diagnostic {
    Diagnostic::new(
        Code::ReservedAnnotator,
        path,
        0,
        0,
        "`gold` is not an annotator's name: it names the gold standard, kept in gold/<document>.yaml",
    )
    .help("rename the annotator's folder; a curated gold file goes in gold/<document>.yaml (docs/curation.md)")
}
