//! A whole run over a project root: load the label set and the corpus index once, read the
//! documents that the checked files name (in parallel), check every file (in parallel), and
//! gather the valid spans into an [`AnnotationSet`] for metrics and reports.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use concord_schema::layout::{AnnotationPath, NotAnnotationPath};
use concord_schema::{AnnotationSet, CorpusIndex, Document, DocumentAnnotations, LabelSet, Layout, LoadError};
use rayon::prelude::*;

use crate::check::{self, Context, FileReport};
use crate::diagnostic::{Code, Diagnostic, Severity};

/// A problem that stops the run before any file is checked (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum FatalError {
    #[error("cannot read the corpus: {0}")]
    Corpus(LoadError),
    #[error("cannot list the annotations: {0}")]
    Annotations(LoadError),
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
    pub corpus: CorpusIndex,
    /// Problems with the project's own files (labels, corpus folder).
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    pub fn open(root: &Path) -> Result<Project, FatalError> {
        let layout = Layout::new(root);
        let mut diagnostics = Vec::new();
        let labels_path = layout.labels_path();
        let labels = match LabelSet::load(&labels_path) {
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
        let schema_json =
            concord_schema::json_schema::annotation_schema(labels.as_ref().unwrap_or(&LabelSet { labels: Vec::new() }));
        let schema = jsonschema::draft202012::new(&schema_json).ok();
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
        Ok(Project { layout, labels, schema, corpus, diagnostics })
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
        Context { labels: self.labels.as_ref(), schema: self.schema.as_ref(), documents }
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

/// The result of a run.
#[derive(Debug, Default)]
pub struct Run {
    /// Sorted by file, line, column.
    pub diagnostics: Vec<Diagnostic>,
    /// How many annotation files were checked.
    pub files: usize,
    /// The spans that passed their checks, per document and annotator.
    pub set: AnnotationSet,
}

impl Run {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Validates the project at `root`; `paths` restricts the run to some annotation files (all when empty).
pub fn validate(root: &Path, paths: &[PathBuf]) -> Result<Run, FatalError> {
    let project = Project::open(root)?;
    let mut diagnostics = project.diagnostics.clone();
    let files: Vec<AnnotationPath> = if paths.is_empty() {
        let found = project.layout.discover().map_err(FatalError::Annotations)?;
        for (path, why) in &found.strays {
            diagnostics.push(Diagnostic::new(Code::StrayFile, path, 0, 0, format!("stray file: {why}")));
        }
        found.files
    } else {
        paths.iter().map(|p| classify(&project, p)).collect::<Result<_, _>>()?
    };
    let (documents, doc_diagnostics) = project.read_documents(files.iter().map(|f| f.document.as_str()));
    diagnostics.extend(doc_diagnostics);
    let ctx = project.context(&documents);
    let reports: Vec<FileReport> = files
        .par_iter()
        .map(|f| check::check_file(&ctx, &f.path, &f.annotator, &f.document, concord_schema::read_utf8(&f.path)))
        .collect();

    let mut by_doc: BTreeMap<&str, BTreeMap<String, Vec<concord_schema::Span>>> = BTreeMap::new();
    for (file, report) in files.iter().zip(reports) {
        diagnostics.extend(report.diagnostics);
        if let Some(spans) = report.spans
            && matches!(documents.get(&file.document), Some(Some(_)))
        {
            by_doc.entry(&file.document).or_default().insert(file.annotator.clone(), spans);
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
    Ok(Run { diagnostics, files: files.len(), set: AnnotationSet::new(labels, docs) })
}

fn classify(project: &Project, path: &Path) -> Result<AnnotationPath, FatalError> {
    if !path.exists() {
        return Err(FatalError::NoSuchFile { path: path.to_owned() });
    }
    project.layout.classify(path).map_err(|source| FatalError::NotAnnotationFile { path: path.to_owned(), source })
}
