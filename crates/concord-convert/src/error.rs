//! Errors, as data. Every message about the user's input names a [`Location`]:
//! the file, and the line and column (1-based, in code points) when the format has lines.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where something sits in an input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub path: PathBuf,
    /// 1-based; 0 when unknown (the whole file).
    pub line: usize,
    /// 1-based, in code points; 0 when unknown.
    pub column: usize,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location { path: path.into(), line: 0, column: 0 }
    }

    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize) -> Location {
        Location { path: path.into(), line, column }
    }

    /// The place of byte `offset` in `source`, a file's whole text.
    pub fn of_byte(path: &Path, source: &str, offset: usize) -> Location {
        let offset = offset.min(source.len());
        let before = source.get(..offset).unwrap_or(source);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location::at(path, line, column)
    }
}

/// Line and column of any byte of one source text in O(log n): for readers that give many
/// values a place (every region of a large JSON file), where [`Location::of_byte`] would count
/// from the start of the file each time. Also fast on one huge line (minified JSON): code points
/// are counted from a checkpoint every [`LineIndex::STRIDE`] bytes, not from the line's start.
#[derive(Clone, Debug)]
pub struct LineIndex {
    path: PathBuf,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// (byte offset on a char boundary, code points before it), one about every STRIDE bytes.
    checkpoints: Vec<(usize, usize)>,
    len: usize,
}

impl LineIndex {
    const STRIDE: usize = 256;

    pub fn new(path: &Path, source: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let mut checkpoints = vec![(0, 0)];
        let mut next = Self::STRIDE;
        for (chars, (byte, c)) in source.char_indices().enumerate() {
            if byte >= next {
                checkpoints.push((byte, chars));
                next = byte + Self::STRIDE;
            }
            if c == '\n' {
                line_starts.push(byte + 1);
            }
        }
        LineIndex { path: path.to_owned(), line_starts, checkpoints, len: source.len() }
    }

    /// Code points in `source[..byte]` (`byte` on a char boundary).
    fn chars_before(&self, source: &str, byte: usize) -> usize {
        let k = self.checkpoints.partition_point(|&(b, _)| b <= byte).saturating_sub(1);
        let (from, chars) = self.checkpoints[k];
        chars + source.get(from..byte).map_or(0, |s| s.chars().count())
    }

    /// The place of byte `offset` of `source` (the text this index was built from).
    pub fn location(&self, source: &str, offset: usize) -> Location {
        let offset = offset.min(self.len);
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self.chars_before(source, offset) - self.chars_before(source, start) + 1;
        Location::at(&self.path, line, column)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// What went wrong, for callers that branch on it (the command line maps every kind to exit code 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A file could not be read or written.
    Io,
    /// The input is not well-formed in its format (bad JSON, a malformed brat line, ...).
    Syntax,
    /// Well-formed, but something concord cannot take as asked (a discontinuous span under
    /// `--discontinuous refuse`, an offset inside a surrogate pair, a span past the text's end).
    Unsupported,
    /// An imported document's text differs from the corpus document, or matches none.
    TextMismatch,
    /// Labels that `schemas/labels.yaml` does not have.
    UnknownLabel,
    /// Files the import would overwrite (without `--force`), or two inputs for one file.
    Conflict,
    /// The project itself cannot be used (no label set, invalid annotations on export, ...).
    Project,
    /// An input is larger than concord reads ([`crate::input::MAX_INPUT_BYTES`]).
    Limit,
}

/// An error that stops an import or export. Nothing is written when an import fails.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConvertError {
    pub kind: ErrorKind,
    pub location: Option<Location>,
    pub message: String,
    /// Further lines that help: candidates, the places of other occurrences, what to run.
    pub help: Vec<String>,
}

impl ConvertError {
    pub fn new(kind: ErrorKind, location: Option<Location>, message: impl Into<String>) -> ConvertError {
        ConvertError { kind, location, message: message.into(), help: Vec::new() }
    }

    pub fn at(kind: ErrorKind, location: Location, message: impl Into<String>) -> ConvertError {
        ConvertError::new(kind, Some(location), message)
    }

    pub fn syntax(location: Location, message: impl Into<String>) -> ConvertError {
        ConvertError::at(ErrorKind::Syntax, location, message)
    }

    pub fn io(path: &Path, e: &std::io::Error) -> ConvertError {
        ConvertError::at(ErrorKind::Io, Location::file(path), format!("cannot access the file: {e}"))
    }

    pub fn help(mut self, line: impl Into<String>) -> ConvertError {
        self.help.push(line.into());
        self
    }
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}", self.message)?;
        for line in &self.help {
            write!(f, "\n  help: {line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_become_code_point_columns() {
        let source = "{\n  “a”: [1,\n 😀 x";
        let at = source.find('x').expect("x is there");
        assert_eq!(Location::of_byte(Path::new("f.json"), source, at), Location::at("f.json", 3, 4));
        assert_eq!(Location::of_byte(Path::new("f"), source, 0).to_string(), "f:1:1");
        assert_eq!(Location::file("f").to_string(), "f");
    }

    #[test]
    fn the_index_agrees_with_counting_from_the_start() {
        let line = "x“😀”—… ".repeat(100);
        let source = format!("{line}\n\n{line}\nend");
        let index = LineIndex::new(Path::new("f"), &source);
        for (byte, _) in source.char_indices().step_by(7).chain([(source.len(), ' ')]) {
            assert_eq!(index.location(&source, byte), Location::of_byte(Path::new("f"), &source, byte), "byte {byte}");
        }
    }

    #[test]
    fn errors_print_place_message_and_help() {
        let e = ConvertError::syntax(Location::at("a.ann", 3, 7), "expected a tab").help("see brat's docs");
        assert_eq!(e.to_string(), "a.ann:3:7: expected a tab\n  help: see brat's docs");
    }
}
