//! Where things live under a project root: `corpus/`, `annotations/<annotator>/<document>.yaml`,
//! `schemas/`. Discovery never follows symbolic links, so no file outside the tree is ever read.

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

    /// The annotation file of `annotator` for `document` (which may not exist).
    pub fn annotation_path(&self, annotator: &str, document: &str) -> PathBuf {
        self.annotations_dir().join(annotator).join(format!("{document}.yaml"))
    }

    /// Lists `annotations/`. A missing folder is an empty project, not an error.
    pub fn discover(&self) -> Result<Discovery, LoadError> {
        let dir = self.annotations_dir();
        let mut found = Discovery::default();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
            Err(e) => return Err(LoadError::io(&dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| LoadError::io(&dir, e))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().map_err(|e| LoadError::io(&path, e))?;
            if is_allowed_extra(&name) && !kind.is_dir() {
                continue;
            }
            if kind.is_symlink() {
                found.strays.push((path, "symbolic links are not followed".into()));
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
        Ok(found)
    }

    fn discover_annotator(&self, dir: &Path, annotator: &str, found: &mut Discovery) -> Result<(), LoadError> {
        for entry in std::fs::read_dir(dir).map_err(|e| LoadError::io(dir, e))? {
            let entry = entry.map_err(|e| LoadError::io(dir, e))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().map_err(|e| LoadError::io(&path, e))?;
            if is_allowed_extra(&name) && !kind.is_dir() {
                continue;
            }
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

    /// Reads a user-given path as an annotation file of this layout.
    pub fn classify(&self, path: &Path) -> Result<AnnotationPath, NotAnnotationPath> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let document = classify_name(&name)?;
        let annotator = path
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|a| is_valid_id(a))
            .ok_or(NotAnnotationPath::NoAnnotatorFolder)?;
        Ok(AnnotationPath { annotator, document: document.to_owned(), path: path.to_owned() })
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
}
