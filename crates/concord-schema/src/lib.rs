//! concord's data model: documents, the label set, annotation files and the offset model.
//!
//! Design choices:
//! - **Offsets are Unicode code points, half-open `[start, end)`** ([`Text`]). The corpus is full of
//!   curly quotes, dashes and ellipses, so bytes and UTF-16 units would both be wrong.
//! - **Positions everywhere.** Annotation files are read into a positioned tree ([`yaml`]) so that
//!   every later check can name file, line and column. serde-based YAML (`serde_yaml`, the
//!   maintained `yaml_serde` fork) is used only for the small config files (labels, manifest).
//! - **"Not annotated" and "annotated, found nothing" stay apart**: in [`AnnotationSet`] a missing
//!   file is an absent key, an empty `spans: []` an empty list.
//! - **No panics on input.** Loading returns [`LoadError`] with the path (and line/column when
//!   there is one); size limits keep a hostile file from eating memory.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod annotation;
pub mod corpus;
pub mod gold;
pub mod json_schema;
pub mod labels;
pub mod layout;
pub mod select;
pub mod set;
pub mod text;
pub mod words;
pub mod yaml;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use annotation::{AnnotationFile, AnnotationRecord, Field, SpanEntry, SpanRecord};
pub use corpus::{CorpusIndex, Document, Manifest, is_valid_id, sha256_hex};
pub use gold::{GoldFile, GoldRecord};
pub use labels::{Label, LabelSet, LabelsError, OverlapPolicy};
pub use layout::{GoldPath, Layout, LayoutFile, NotAnnotationPath};
pub use select::{GOLD, SelectError, glob_matches, selects_gold};
pub use set::{AnnotationSet, DocumentAnnotations, Span};
pub use text::Text;

/// Largest annotation or config file read (bytes): 16 MiB, some 200,000 spans. A larger one gets
/// an error, not an allocation.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}:{column}: not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8", path.display())]
    NotUtf8 { path: PathBuf, line: usize, column: usize, byte: u8 },
    #[error("{}: the file is {size} bytes; the limit is {limit} bytes", path.display())]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid { path: PathBuf, line: usize, column: usize, message: String },
}

impl LoadError {
    pub fn io(path: &Path, source: std::io::Error) -> LoadError {
        LoadError::Io { path: path.to_owned(), source }
    }

    pub fn path(&self) -> &Path {
        match self {
            LoadError::Io { path, .. }
            | LoadError::NotUtf8 { path, .. }
            | LoadError::TooLarge { path, .. }
            | LoadError::Invalid { path, .. } => path,
        }
    }

    /// 1-based line and column, when the error has a place in the file.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::NotUtf8 { line, column, .. } | LoadError::Invalid { line, column, .. } => Some((*line, *column)),
            LoadError::Io { .. } | LoadError::TooLarge { .. } => None,
        }
    }
}

/// Reads a UTF-8 file of at most [`MAX_FILE_BYTES`].
pub fn read_utf8(path: &Path) -> Result<String, LoadError> {
    read_utf8_limited(path, MAX_FILE_BYTES)
}

/// Reads a UTF-8 file of at most `limit` bytes; invalid UTF-8 is reported with its line and column.
pub fn read_utf8_limited(path: &Path, limit: u64) -> Result<String, LoadError> {
    let file = std::fs::File::open(path).map_err(|e| LoadError::io(path, e))?;
    let size = file.metadata().map_err(|e| LoadError::io(path, e))?.len();
    if size > limit {
        return Err(LoadError::TooLarge { path: path.to_owned(), size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // `take` guards against a file that grows while we read it.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| LoadError::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge { path: path.to_owned(), size: bytes.len() as u64, limit });
    }
    decode_utf8(path, bytes)
}

/// Bytes to a `String`, or [`LoadError::NotUtf8`] naming the first bad byte's line and column.
pub fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(&bytes[..good]);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        LoadError::NotUtf8 { path: path.to_owned(), line, column, byte: bytes[good] }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode_utf8(Path::new("f.yaml"), b"a: 1\nb: \xe2\x80x\n".to_vec()).expect_err("bad utf-8");
        assert_eq!(err.line_column(), Some((2, 4)));
        assert!(err.to_string().starts_with("f.yaml:2:4: not valid UTF-8"), "{err}");
    }
}
