//! Projects as the server sees them: found from the file being edited (the nearest folder
//! above it holding `schemas/labels.yaml`), opened once with `concord_validate::Project::open`
//! (or with an open `labels.yaml` buffer's text), kept with a cache of the corpus documents
//! read so far, and reloaded when their label set, settings or corpus change. Several projects
//! may be open at once; each file belongs to its nearest one.
//!
//! The diagnostics of a file are computed here by validate's own functions
//! (`Project::check_source`, `Project::check_gold_source`, the project's own findings for
//! `labels.yaml` and `concord.yaml`), with open buffers standing in for the files on disk.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use concord_schema::layout::LayoutFile;
use concord_schema::{Document, Text, sha256_hex};
use concord_validate::check::AnnotatorFiles;
use concord_validate::{Diagnostic, Project};

/// What a file is to its project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `annotations/<annotator>/<document>.yaml`.
    Annotation { annotator: String, document: String },
    /// `gold/<document>.yaml`.
    Gold { document: String },
    /// `corpus/<id>.txt`.
    Corpus { id: String },
    /// `schemas/labels.yaml`.
    Labels,
    /// `concord.yaml`.
    Config,
    /// Any other file under `annotations/` (a stray, `annotations/gold/`): validate's run on it.
    Misplaced,
    /// Not a file concord checks.
    Other,
}

impl FileKind {
    /// The corpus document the file is about, if any.
    pub fn document(&self) -> Option<&str> {
        match self {
            FileKind::Annotation { document, .. } | FileKind::Gold { document } => Some(document),
            FileKind::Corpus { id } => Some(id),
            _ => None,
        }
    }
}

/// The project root of `path`: the nearest folder above it holding `schemas/labels.yaml`.
pub fn find_root(path: &Path) -> Option<PathBuf> {
    path.ancestors().skip(1).find(|dir| dir.join("schemas").join("labels.yaml").is_file()).map(Path::to_path_buf)
}

/// What `path` is in the project at `root`.
pub fn classify(root: &Path, path: &Path) -> FileKind {
    let Ok(rel) = path.strip_prefix(root) else { return FileKind::Other };
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        ["schemas", "labels.yaml"] => FileKind::Labels,
        ["concord.yaml"] => FileKind::Config,
        ["corpus", name] => match name.strip_suffix(".txt") {
            Some(id) if concord_schema::is_valid_id(id) => FileKind::Corpus { id: id.to_owned() },
            _ => FileKind::Other,
        },
        ["annotations", ..] | ["gold", _] => match concord_schema::Layout::new(root).classify_file(path) {
            Ok(LayoutFile::Annotation(a)) if parts.len() == 3 => {
                FileKind::Annotation { annotator: a.annotator, document: a.document }
            }
            Ok(LayoutFile::Gold(g)) if parts[0] == "gold" => FileKind::Gold { document: g.document },
            _ if parts[0] == "annotations" && path.is_file() => FileKind::Misplaced,
            _ => FileKind::Other,
        },
        _ => FileKind::Other,
    }
}

/// The text of open buffers, by path: what the editor shows wins over the disk.
pub trait Buffers {
    fn text(&self, path: &Path) -> Option<&str>;
}

/// One project, opened.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    /// Why the project cannot be opened (its corpus folder cannot be listed, …), or the project.
    pub project: Result<Project, String>,
    /// Corpus documents read from disk so far (`None`: unreadable).
    cache: HashMap<String, Option<Document>>,
}

impl Loaded {
    fn open(root: &Path, labels: Option<&str>) -> Loaded {
        let project = Project::open_with_labels(root, labels).map_err(|e| e.to_string());
        Loaded { root: root.to_owned(), project, cache: HashMap::new() }
    }

    /// The documents `ids` as validate would read them, open corpus buffers winning; an id with
    /// no corpus file is absent (C009), an unreadable one `None`.
    pub fn documents(&mut self, ids: &[&str], buffers: &dyn Buffers) -> HashMap<String, Option<Document>> {
        let mut out = HashMap::new();
        let Ok(project) = &self.project else { return out };
        for &id in ids {
            let Some(path) = project.corpus.paths.get(id) else { continue };
            if let Some(text) = buffers.text(path) {
                let doc = Document {
                    id: id.to_owned(),
                    path: path.clone(),
                    sha256: sha256_hex(text.as_bytes()),
                    text: Text::new(text.to_owned()),
                };
                out.insert(id.to_owned(), Some(doc));
                continue;
            }
            let doc = self
                .cache
                .entry(id.to_owned())
                .or_insert_with(|| project.read_documents(std::iter::once(id)).0.remove(id).flatten());
            out.insert(id.to_owned(), doc.clone());
        }
        out
    }

    /// One document (see [`Loaded::documents`]).
    pub fn document(&mut self, id: &str, buffers: &dyn Buffers) -> Option<Document> {
        self.documents(&[id], buffers).remove(id).flatten()
    }

    /// Forgets a cached document (its file changed on disk).
    pub fn forget(&mut self, id: &str) {
        self.cache.remove(id);
    }

    /// Validate's findings for the file at `path` of kind `kind`, whose text is `text`, sorted
    /// as validate sorts them (line, column, code).
    pub fn diagnostics(&mut self, path: &Path, kind: &FileKind, text: &str, buffers: &dyn Buffers) -> Vec<Diagnostic> {
        let mut found = self.unsorted(path, kind, text, buffers);
        found.sort_by_key(|d| (d.line, d.column, d.code));
        found
    }

    fn unsorted(&mut self, path: &Path, kind: &FileKind, text: &str, buffers: &dyn Buffers) -> Vec<Diagnostic> {
        match kind {
            FileKind::Annotation { annotator, document } => {
                let docs = self.documents(&[document], buffers);
                let Ok(project) = &self.project else { return Vec::new() };
                project.check_source(path, annotator, document, text, &docs).diagnostics
            }
            FileKind::Gold { document } => {
                let docs = self.documents(&[document], buffers);
                let Ok(project) = &self.project else { return Vec::new() };
                let files = annotator_files(project, document, &docs, buffers);
                project.check_gold_source(path, document, text, &docs, &files).diagnostics
            }
            FileKind::Labels | FileKind::Config | FileKind::Corpus { .. } => match &self.project {
                Ok(project) => project.diagnostics.iter().filter(|d| d.file == path).cloned().collect(),
                Err(_) => Vec::new(),
            },
            FileKind::Misplaced => match concord_validate::validate(&self.root, &[path.to_owned()]) {
                Ok(run) => run.diagnostics.into_iter().filter(|d| d.file == path).collect(),
                Err(_) => Vec::new(),
            },
            FileKind::Other => Vec::new(),
        }
    }

    /// Every annotation file of `document` in the project: annotator and path.
    pub fn annotation_files(&self, document: &str) -> Vec<(String, PathBuf)> {
        let Ok(project) = &self.project else { return Vec::new() };
        let Ok(found) = project.layout.discover() else { return Vec::new() };
        found.files.into_iter().filter(|f| f.document == document).map(|f| (f.annotator, f.path)).collect()
    }
}

/// The annotators' valid spans on `document`, as validate gathers them for a gold file's votes
/// (open buffers standing in for their files).
fn annotator_files(
    project: &Project,
    document: &str,
    docs: &HashMap<String, Option<Document>>,
    buffers: &dyn Buffers,
) -> AnnotatorFiles {
    let mut files = AnnotatorFiles::new();
    let Ok(found) = project.layout.discover() else { return files };
    for f in found.files.iter().filter(|f| f.document == document) {
        let source = match buffers.text(&f.path) {
            Some(text) => Ok(text.to_owned()),
            None => concord_schema::read_utf8(&f.path),
        };
        let spans = match source {
            Ok(text) => project.check_source(&f.path, &f.annotator, &f.document, &text, docs).spans,
            Err(_) => None,
        };
        files.insert(f.annotator.clone(), spans);
    }
    files
}

/// Every project the server has opened, by root.
#[derive(Debug, Default)]
pub struct Workspace {
    projects: BTreeMap<PathBuf, Loaded>,
}

impl Workspace {
    /// The project at `root`, opened on first use (with the `labels.yaml` buffer if it is open).
    pub fn project(&mut self, root: &Path, buffers: &dyn Buffers) -> &mut Loaded {
        self.projects.entry(root.to_owned()).or_insert_with(|| {
            let labels = buffers.text(&root.join("schemas").join("labels.yaml"));
            Loaded::open(root, labels)
        })
    }

    /// Opens the project at `root` again (its label set, settings or corpus listing changed).
    pub fn reload(&mut self, root: &Path, buffers: &dyn Buffers) {
        self.projects.remove(root);
        self.project(root, buffers);
    }

    pub fn get_mut(&mut self, root: &Path) -> Option<&mut Loaded> {
        self.projects.get_mut(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_their_place() {
        let root = Path::new("/p");
        let kind = |p: &str| classify(root, Path::new(p));
        assert_eq!(
            kind("/p/annotations/alice/d1.yaml"),
            FileKind::Annotation { annotator: "alice".into(), document: "d1".into() }
        );
        assert_eq!(kind("/p/gold/d1.yaml"), FileKind::Gold { document: "d1".into() });
        assert_eq!(kind("/p/corpus/d1.txt"), FileKind::Corpus { id: "d1".into() });
        assert_eq!(kind("/p/schemas/labels.yaml"), FileKind::Labels);
        assert_eq!(kind("/p/concord.yaml"), FileKind::Config);
        assert_eq!(kind("/p/README.md"), FileKind::Other);
        assert_eq!(kind("/elsewhere/x.yaml"), FileKind::Other);
    }
}
