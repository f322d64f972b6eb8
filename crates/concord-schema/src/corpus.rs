//! The corpus: a folder of UTF-8 `.txt` files, one document each, its id the file stem;
//! optionally `manifest.yaml` beside them with titles and sources.
//!
//! Listing ([`CorpusIndex::scan`]) is separate from reading ([`Document::read`]) so that a run
//! over a few annotation files reads only the few documents they name, whatever the corpus size.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{LoadError, Text};

/// Largest document read (bytes). Larger files are refused with a message, not loaded.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Whether `id` is a valid document or annotator id: ASCII letters, digits, `.`, `_`, `-`,
/// not starting with `.`. This keeps ids from ever naming a path outside their folder.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.len() <= 200
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `corpus/manifest.yaml`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(default)]
    pub documents: Vec<ManifestEntry>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The documents of a corpus folder, not yet read.
#[derive(Debug, Default)]
pub struct CorpusIndex {
    pub dir: PathBuf,
    /// Document id to its file.
    pub paths: BTreeMap<String, PathBuf>,
    pub manifest: Manifest,
    /// Why `manifest.yaml` could not be used, if it could not (the documents still load).
    pub manifest_error: Option<LoadError>,
    /// Files in the folder that are not documents, with why.
    pub strays: Vec<(PathBuf, String)>,
}

impl CorpusIndex {
    /// Lists `dir`. A missing or unreadable folder is an error; odd files are recorded in `strays`.
    pub fn scan(dir: &Path) -> Result<CorpusIndex, LoadError> {
        let entries = std::fs::read_dir(dir).map_err(|e| LoadError::io(dir, e))?;
        let mut index = CorpusIndex { dir: dir.to_owned(), ..CorpusIndex::default() };
        for entry in entries {
            let entry = entry.map_err(|e| LoadError::io(dir, e))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let file_type = entry.file_type().map_err(|e| LoadError::io(&path, e))?;
            if name.starts_with('.') {
                continue;
            }
            if name == "manifest.yaml" {
                let parsed = crate::read_utf8(&path).and_then(|source| {
                    serde_yaml::from_str(&source).map_err(|e| {
                        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                        LoadError::Invalid { path: path.clone(), line, column, message: e.to_string() }
                    })
                });
                match parsed {
                    Ok(manifest) => index.manifest = manifest,
                    Err(e) => index.manifest_error = Some(e),
                }
                continue;
            }
            let Some(id) = name.strip_suffix(".txt") else {
                if name != "README.md" {
                    index.strays.push((path, "not a `.txt` document".into()));
                }
                continue;
            };
            if file_type.is_symlink() {
                index.strays.push((path, "symbolic links are not followed".into()));
            } else if !file_type.is_file() {
                index.strays.push((path, "not a regular file".into()));
            } else if !is_valid_id(id) {
                index.strays.push((path, "a document id uses only ASCII letters, digits, `.`, `_` and `-`".into()));
            } else {
                index.paths.insert(id.to_owned(), path);
            }
        }
        Ok(index)
    }

    pub fn entry(&self, id: &str) -> Option<&ManifestEntry> {
        self.manifest.documents.iter().find(|d| d.id == id)
    }
}

/// One document's text, read and checked.
#[derive(Clone, Debug)]
pub struct Document {
    pub id: String,
    pub path: PathBuf,
    pub text: Text,
    /// Lowercase hex sha256 of the file's bytes.
    pub sha256: String,
}

impl Document {
    pub fn read(id: &str, path: &Path) -> Result<Document, LoadError> {
        let text = crate::read_utf8_limited(path, MAX_DOCUMENT_BYTES)?;
        let sha256 = sha256_hex(text.as_bytes());
        Ok(Document { id: id.to_owned(), path: path.to_owned(), text: Text::new(text), sha256 })
    }

    /// A document made in memory (tests, benchmarks, imports).
    pub fn from_text(id: &str, text: String) -> Document {
        let sha256 = sha256_hex(text.as_bytes());
        Document { id: id.to_owned(), path: PathBuf::from(format!("{id}.txt")), text: Text::new(text), sha256 }
    }

    /// Whether `text` is this document's text: the bytes compared, which says what comparing
    /// `sha256` would say without hashing `text`.
    pub fn has_text(&self, text: &str) -> bool {
        self.text.as_str() == text
    }
}

/// Lowercase hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        use std::fmt::Write;
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_name_other_paths() {
        assert!(is_valid_id("000_4a1c1b8c5301711d"));
        assert!(is_valid_id("annotator-a"));
        for bad in ["../../etc/passwd", "a/b", ".hidden", "", "a b", "ü"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn a_document_has_its_text_exactly_when_the_hashes_agree() {
        let doc = Document::from_text("d", "“Quetta” — 😀🇵🇰\u{2028}end\r\n".to_owned());
        for other in [
            "“Quetta” — 😀🇵🇰\u{2028}end\r\n",
            "“Quetta” — 😀🇵🇰\u{2028}end\n",
            "\u{FEFF}“Quetta” — 😀🇵🇰\u{2028}end\r\n",
            "",
        ] {
            assert_eq!(doc.has_text(other), sha256_hex(other.as_bytes()) == doc.sha256, "{other:?}");
        }
        assert!(doc.has_text(doc.text.as_str()));
    }

    #[test]
    fn repository_corpus_matches_the_seeds() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let index = CorpusIndex::scan(&dir).expect("corpus/ is readable");
        assert_eq!(index.paths.len(), 5);
        let doc = Document::read("000_4a1c1b8c5301711d", &index.paths["000_4a1c1b8c5301711d"]).expect("reads");
        assert_eq!(doc.sha256, "d31d284f7702f908a8da728a119d17ba60e933df47ce036d338978d569ac7330");
        assert_eq!(doc.text.len_chars(), 5549);
    }
}
