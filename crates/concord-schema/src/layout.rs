//! Where things live under a project root: `corpus/`, `annotations/<annotator>/<document>.yaml`,
//! `gold/<document>.yaml`, `schemas/`. Discovery never follows symbolic links, so no file outside
//! the tree is ever read.
//!
//! The gold is not an annotator: `gold` is a reserved annotator name ([`GOLD`]), so
//! an `annotations/gold/` folder is never listed as an annotator's files (validate reports it), and
//! a path `…/gold/<document>.yaml` is a gold file, never an annotation file.

use crate::select::GOLD;
use std::path::{Path, PathBuf};

use crate::{LoadError, is_valid_id};

/// A project root.
#[derive(Clone, Debug)]
pub struct Layout {
    pub root: PathBuf,
}

/// An annotation file found under `annotations/`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AnnotationPath {
    /// The folder name.
    pub annotator: String,
    /// The file stem.
    pub document: String,
    pub path: PathBuf,
}

/// What `annotations/` holds.
#[derive(Clone, Debug, Default)]
pub struct Discovery {
    pub files: Vec<AnnotationPath>,
    /// Files that are not annotation files, with why.
    pub strays: Vec<(PathBuf, String)>,
    /// Annotator folders with a reserved name (`annotations/gold/`); their files are not listed.
    pub reserved: Vec<PathBuf>,
}

/// Whether an annotator folder name is reserved (any case: `Gold/` and `gold/` are one folder on
/// some file systems).
pub fn is_reserved_annotator(name: &str) -> bool {
    name.eq_ignore_ascii_case(GOLD)
}

/// A gold file found under `gold/`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GoldPath {
    /// The file stem.
    pub document: String,
    pub path: PathBuf,
}

/// What `gold/` holds.
#[derive(Clone, Debug, Default)]
pub struct GoldDiscovery {
    pub files: Vec<GoldPath>,
    /// Entries that are not gold files, with why.
    pub strays: Vec<(PathBuf, String)>,
}

/// A user-given path, as a file of the layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutFile {
    Annotation(AnnotationPath),
    Gold(GoldPath),
}

/// Why a path is not an annotation file of the layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotAnnotationPath {
    #[error("a document id uses only ASCII letters, digits, `.`, `_` and `-`")]
    InvalidDocumentId,
    #[error("annotation files end in `.yaml`, not `.yml`: rename it")]
    YmlExtension,
    #[error("not an annotation file (`<document>.yaml`)")]
    NotYaml,
    #[error("expected annotations/<annotator>/<document>.yaml")]
    NoAnnotatorFolder,
    #[error("`gold` is reserved for the gold standard (gold/<document>.yaml); rename the annotator")]
    ReservedAnnotator,
    #[error("a gold file (gold/<document>.yaml), not an annotation file")]
    GoldFile,
}

/// Files at the top of `annotations/` or in an annotator folder that are not strays.
fn is_allowed_extra(name: &str) -> bool {
    name.starts_with('.') || name.eq_ignore_ascii_case("README.md")
}

impl Layout {
    pub fn new(root: impl Into<PathBuf>) -> Layout {
        Layout { root: root.into() }
    }

    pub fn corpus_dir(&self) -> PathBuf {
        self.root.join("corpus")
    }

    pub(crate) fn annotations_dir(&self) -> PathBuf {
        self.root.join("annotations")
    }

    pub(crate) fn schemas_dir(&self) -> PathBuf {
        self.root.join("schemas")
    }

    pub fn labels_path(&self) -> PathBuf {
        self.schemas_dir().join("labels.yaml")
    }

    pub fn annotation_schema_path(&self) -> PathBuf {
        self.schemas_dir().join("annotation.schema.json")
    }

    pub fn gold_schema_path(&self) -> PathBuf {
        self.schemas_dir().join("gold.schema.json")
    }

    /// The project's settings of checks, `<root>/concord.yaml` (optional; read by
    /// `concord_validate::config`).
    pub fn config_path(&self) -> PathBuf {
        self.root.join("concord.yaml")
    }

    /// The JSON Schema of `concord.yaml`, for editors.
    pub fn config_schema_path(&self) -> PathBuf {
        self.schemas_dir().join("concord.schema.json")
    }

    /// `<root>/gold`, beside `annotations/`.
    pub fn gold_dir(&self) -> PathBuf {
        self.root.join("gold")
    }

    /// The gold file of `document` (which may not exist).
    pub fn gold_path(&self, document: &str) -> PathBuf {
        self.gold_dir().join(format!("{document}.yaml"))
    }

    /// The annotation file of `annotator` for `document` (which may not exist).
    pub fn annotation_path(&self, annotator: &str, document: &str) -> PathBuf {
        self.annotations_dir().join(annotator).join(format!("{document}.yaml"))
    }

    /// Lists `annotations/`. A missing folder is an empty project, not an error.
    pub fn discover(&self) -> Result<Discovery, LoadError> {
        let dir = self.annotations_dir();
        let mut found = Discovery::default();
        for (path, name, kind) in listing(&dir)? {
            if kind.is_symlink() {
                found.strays.push((path, "symbolic links are not followed".into()));
            } else if kind.is_dir() && is_reserved_annotator(&name) {
                found.reserved.push(path);
            } else if !kind.is_dir() {
                found.strays.push((path, "annotation files go in a folder named after their annotator".into()));
            } else if !is_valid_id(&name) {
                if !name.starts_with('.') {
                    found
                        .strays
                        .push((path, "an annotator name uses only ASCII letters, digits, `.`, `_` and `-`".into()));
                }
            } else {
                self.discover_annotator(&path, &name, &mut found)?;
            }
        }
        found.files.sort();
        found.strays.sort();
        found.reserved.sort();
        Ok(found)
    }

    /// Lists `gold/`: `<document>.yaml` files; anything else (a folder, a link, another name) is
    /// a stray. A missing folder means no gold files, not an error.
    pub fn discover_gold(&self) -> Result<GoldDiscovery, LoadError> {
        let dir = self.gold_dir();
        let mut found = GoldDiscovery::default();
        for (path, name, kind) in listing(&dir)? {
            match classify_name(&name) {
                _ if kind.is_symlink() => found.strays.push((path, "symbolic links are not followed".into())),
                _ if !kind.is_file() => found.strays.push((path, "gold/ holds files, not folders".into())),
                Ok(document) => found.files.push(GoldPath { document: document.to_owned(), path }),
                Err(why) => found.strays.push((path, why.to_string())),
            }
        }
        found.files.sort();
        found.strays.sort();
        Ok(found)
    }

    fn discover_annotator(&self, dir: &Path, annotator: &str, found: &mut Discovery) -> Result<(), LoadError> {
        for (path, name, kind) in listing(dir)? {
            match classify_name(&name) {
                _ if kind.is_symlink() => found.strays.push((path, "symbolic links are not followed".into())),
                _ if !kind.is_file() => found.strays.push((path, "annotation folders hold files, not folders".into())),
                Ok(document) => found.files.push(AnnotationPath {
                    annotator: annotator.to_owned(),
                    document: document.to_owned(),
                    path,
                }),
                Err(why) => found.strays.push((path, why.to_string())),
            }
        }
        Ok(())
    }

    /// Reads a user-given path as an annotation file of this layout (a gold file, or a file in
    /// `annotations/gold/`, is an error saying so).
    pub fn classify(&self, path: &Path) -> Result<AnnotationPath, NotAnnotationPath> {
        match self.classify_file(path)? {
            LayoutFile::Annotation(file) => Ok(file),
            LayoutFile::Gold(_) => Err(NotAnnotationPath::GoldFile),
        }
    }

    /// Reads a user-given path as an annotation file or a gold file: `…/gold/<document>.yaml` is
    /// a gold file unless the folder above is `annotations` (then it is a reserved annotator).
    pub fn classify_file(&self, path: &Path) -> Result<LayoutFile, NotAnnotationPath> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let document = classify_name(&name)?.to_owned();
        let folder_name = |p: Option<&Path>| p.and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
        let parent = path.parent();
        let annotator = folder_name(parent).ok_or(NotAnnotationPath::NoAnnotatorFolder)?;
        if is_reserved_annotator(&annotator) {
            return if folder_name(parent.and_then(Path::parent)).as_deref() == Some("annotations") {
                Err(NotAnnotationPath::ReservedAnnotator)
            } else {
                Ok(LayoutFile::Gold(GoldPath { document, path: path.to_owned() }))
            };
        }
        if !is_valid_id(&annotator) {
            return Err(NotAnnotationPath::NoAnnotatorFolder);
        }
        Ok(LayoutFile::Annotation(AnnotationPath { annotator, document, path: path.to_owned() }))
    }
}

fn classify_name(name: &str) -> Result<&str, NotAnnotationPath> {
    if let Some(stem) = name.strip_suffix(".yaml") {
        if is_valid_id(stem) { Ok(stem) } else { Err(NotAnnotationPath::InvalidDocumentId) }
    } else if name.ends_with(".yml") {
        Err(NotAnnotationPath::YmlExtension)
    } else {
        Err(NotAnnotationPath::NotYaml)
    }
}

/// The entries of `dir` with their names and kinds, without the files every folder may hold
/// (`is_allowed_extra`). A missing folder is empty: a project without `gold/` has no gold.
fn listing(dir: &Path) -> Result<Vec<(PathBuf, String, std::fs::FileType)>, LoadError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(LoadError::io(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| LoadError::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().map_err(|e| LoadError::io(&path, e))?;
        if kind.is_dir() || !is_allowed_extra(&name) {
            out.push((path, name, kind));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yml_is_a_stray_with_a_hint() {
        assert!(classify_name("x.yml").expect_err("stray").to_string().contains("rename"));
        assert_eq!(classify_name("000_a.yaml"), Ok("000_a"));
    }

    #[test]
    fn classify_reads_annotator_from_folder() {
        let layout = Layout::new("/r");
        let p = layout.classify(Path::new("/r/annotations/annotator-a/d1.yaml")).expect("ok");
        assert_eq!((p.annotator.as_str(), p.document.as_str()), ("annotator-a", "d1"));
    }

    #[test]
    fn gold_paths_are_gold_files_and_annotations_gold_is_reserved() {
        let layout = Layout::new("/r");
        assert_eq!(layout.gold_path("d1"), Path::new("/r/gold/d1.yaml"));
        let gold = layout.classify_file(&layout.gold_path("d1")).expect("gold");
        assert_eq!(gold, LayoutFile::Gold(GoldPath { document: "d1".into(), path: "/r/gold/d1.yaml".into() }));
        assert_eq!(layout.classify(Path::new("gold/d1.yaml")), Err(NotAnnotationPath::GoldFile));
        for reserved in ["/r/annotations/gold/d1.yaml", "annotations/Gold/d1.yaml"] {
            assert_eq!(layout.classify_file(Path::new(reserved)), Err(NotAnnotationPath::ReservedAnnotator));
        }
        assert_eq!(layout.classify(Path::new("d1.yaml")), Err(NotAnnotationPath::NoAnnotatorFolder));
    }

    #[cfg(unix)]
    #[test]
    fn gold_discovery_lists_yaml_files_and_reports_the_rest() {
        let dir = std::env::temp_dir().join(format!("concord-gold-discovery-{}", std::process::id()));
        let gold = dir.join("gold");
        std::fs::create_dir_all(gold.join("sub")).expect("mkdir");
        for name in ["b.yaml", "a.yaml", "notes.txt", "x.yml", "README.md", ".hidden"] {
            std::fs::write(gold.join(name), "").expect("write");
        }
        std::os::unix::fs::symlink("/etc/hostname", gold.join("link.yaml")).expect("symlink");
        std::fs::create_dir_all(dir.join("annotations/gold")).expect("mkdir");
        std::fs::create_dir_all(dir.join("annotations/alice")).expect("mkdir");
        std::fs::write(dir.join("annotations/gold/a.yaml"), "").expect("write");
        let layout = Layout::new(&dir);
        let found = layout.discover_gold().expect("lists");
        let docs: Vec<&str> = found.files.iter().map(|f| f.document.as_str()).collect();
        let strays: Vec<String> =
            found.strays.iter().map(|(p, _)| p.file_name().unwrap_or_default().to_string_lossy().into()).collect();
        let annotations = layout.discover().expect("lists");
        std::fs::remove_dir_all(&dir).expect("cleanup");
        assert_eq!(docs, ["a", "b"]);
        assert_eq!(strays, ["link.yaml", "notes.txt", "sub", "x.yml"]);
        assert!(annotations.files.is_empty(), "{:?}", annotations.files);
        assert_eq!(annotations.reserved, [dir.join("annotations/gold")]);
        assert!(Layout::new(dir.join("nowhere")).discover_gold().expect("no folder").files.is_empty());
    }
}
