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
    fn errors_print_place_message_and_help() {
        let e = ConvertError::syntax(Location::at("a.ann", 3, 7), "expected a tab").help("see brat's docs");
        assert_eq!(e.to_string(), "a.ann:3:7: expected a tab\n  help: see brat's docs");
    }
}
