//! Diagnostics as data: a stable code, a severity, a place, a message, and optionally the
//! stretch of corpus text it is about. Rendering lives in [`crate::render`].

use std::path::PathBuf;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Every check has a stable code (never reused, never renumbered) and a kebab-case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    InvalidUtf8,
    FileTooLarge,
    YamlSyntax,
    YamlAlias,
    YamlTooDeep,
    YamlMultipleDocuments,
    DuplicateKey,
    Schema,
    UnknownDocument,
    DocumentMismatch,
    AnnotatorMismatch,
    DocumentChanged,
    OffsetOutOfRange,
    EmptySpan,
    TextMismatch,
    UnknownLabel,
    MissingOffsets,
    Overlap,
    DuplicateSpan,
    CutsWord,
    EdgeWhitespace,
    StrayFile,
    CorpusFile,
    LabelsFile,
    Unreadable,
    SpanBoundary,
    GoldUnknownVoter,
    GoldStale,
    GoldMarkedStale,
    GoldOpenQuestion,
    ReservedAnnotator,
    ChecksConfig,
}

impl Code {
    /// All codes, in code order (used by the docs test and `--explain`-style listings).
    pub const ALL: [Code; 32] = [
        Code::InvalidUtf8,
        Code::FileTooLarge,
        Code::YamlSyntax,
        Code::YamlAlias,
        Code::YamlTooDeep,
        Code::YamlMultipleDocuments,
        Code::DuplicateKey,
        Code::Schema,
        Code::UnknownDocument,
        Code::DocumentMismatch,
        Code::AnnotatorMismatch,
        Code::DocumentChanged,
        Code::OffsetOutOfRange,
        Code::EmptySpan,
        Code::TextMismatch,
        Code::UnknownLabel,
        Code::MissingOffsets,
        Code::Overlap,
        Code::DuplicateSpan,
        Code::CutsWord,
        Code::EdgeWhitespace,
        Code::StrayFile,
        Code::CorpusFile,
        Code::LabelsFile,
        Code::Unreadable,
        Code::SpanBoundary,
        Code::GoldUnknownVoter,
        Code::GoldStale,
        Code::GoldMarkedStale,
        Code::GoldOpenQuestion,
        Code::ReservedAnnotator,
        Code::ChecksConfig,
    ];

    /// The stable code, e.g. `C014`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidUtf8 => "C001",
            Code::FileTooLarge => "C002",
            Code::YamlSyntax => "C003",
            Code::YamlAlias => "C004",
            Code::YamlTooDeep => "C005",
            Code::YamlMultipleDocuments => "C006",
            Code::DuplicateKey => "C007",
            Code::Schema => "C008",
            Code::UnknownDocument => "C009",
            Code::DocumentMismatch => "C010",
            Code::AnnotatorMismatch => "C011",
            Code::DocumentChanged => "C012",
            Code::OffsetOutOfRange => "C013",
            Code::EmptySpan => "C014",
            Code::TextMismatch => "C015",
            Code::UnknownLabel => "C016",
            Code::MissingOffsets => "C017",
            Code::Overlap => "C018",
            Code::DuplicateSpan => "C019",
            Code::CutsWord => "C020",
            Code::EdgeWhitespace => "C021",
            Code::StrayFile => "C022",
            Code::CorpusFile => "C023",
            Code::LabelsFile => "C024",
            Code::Unreadable => "C025",
            Code::SpanBoundary => "C026",
            Code::GoldUnknownVoter => "C027",
            Code::GoldStale => "C028",
            Code::GoldMarkedStale => "C029",
            Code::GoldOpenQuestion => "C030",
            Code::ReservedAnnotator => "C031",
            Code::ChecksConfig => "C032",
        }
    }

    /// A short name that says what the check is.
    pub fn name(self) -> &'static str {
        match self {
            Code::InvalidUtf8 => "invalid-utf8",
            Code::FileTooLarge => "file-too-large",
            Code::YamlSyntax => "yaml-syntax",
            Code::YamlAlias => "yaml-alias",
            Code::YamlTooDeep => "yaml-too-deep",
            Code::YamlMultipleDocuments => "yaml-multiple-documents",
            Code::DuplicateKey => "duplicate-key",
            Code::Schema => "schema",
            Code::UnknownDocument => "unknown-document",
            Code::DocumentMismatch => "document-mismatch",
            Code::AnnotatorMismatch => "annotator-mismatch",
            Code::DocumentChanged => "document-changed",
            Code::OffsetOutOfRange => "offset-out-of-range",
            Code::EmptySpan => "empty-span",
            Code::TextMismatch => "text-mismatch",
            Code::UnknownLabel => "unknown-label",
            Code::MissingOffsets => "missing-offsets",
            Code::Overlap => "overlap",
            Code::DuplicateSpan => "duplicate-span",
            Code::CutsWord => "cuts-word",
            Code::EdgeWhitespace => "edge-whitespace",
            Code::StrayFile => "stray-file",
            Code::CorpusFile => "corpus-file",
            Code::LabelsFile => "labels-file",
            Code::Unreadable => "unreadable",
            Code::SpanBoundary => "span-boundary",
            Code::GoldUnknownVoter => "gold-unknown-voter",
            Code::GoldStale => "gold-stale",
            Code::GoldMarkedStale => "gold-marked-stale",
            Code::GoldOpenQuestion => "gold-open-question",
            Code::ReservedAnnotator => "reserved-annotator",
            Code::ChecksConfig => "checks-config",
        }
    }

    /// The severity this check reports at.
    pub fn severity(self) -> Severity {
        match self {
            Code::CutsWord
            | Code::EdgeWhitespace
            | Code::SpanBoundary
            | Code::GoldStale
            | Code::GoldMarkedStale
            | Code::GoldOpenQuestion => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Whether a project may switch the check off or change its level (`concord.yaml`,
    /// [`crate::config`]). Only hints and reminders are: every other code protects the data
    /// (structure, offsets, text, labels, overlaps, the corpus, the gold's votes), and a file
    /// with such an error is not counted, so switching it off would hide lost spans.
    pub fn adjustable(self) -> bool {
        matches!(
            self,
            Code::CutsWord
                | Code::EdgeWhitespace
                | Code::SpanBoundary
                | Code::GoldStale
                | Code::GoldMarkedStale
                | Code::GoldOpenQuestion
        )
    }

    /// Whether the check's findings are about one span, whose label they carry
    /// ([`Diagnostic::span_label`]): those may be configured for one label.
    pub fn about_one_span(self) -> bool {
        matches!(
            self,
            Code::CutsWord | Code::EdgeWhitespace | Code::SpanBoundary | Code::GoldStale | Code::GoldMarkedStale
        )
    }

    /// The code named by `name`: its stable code (`C026`, any case) or its name (`span-boundary`).
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str().eq_ignore_ascii_case(name) || c.name() == name)
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A stretch of corpus text a diagnostic is about, in code points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CorpusRef {
    /// The document's file.
    pub path: PathBuf,
    pub start: usize,
    pub end: usize,
    /// 1-based line and code-point column of `start` in the document.
    pub line: usize,
    pub column: usize,
    /// What to say under the corpus snippet.
    pub label: String,
    /// The document's line holding `start` (or, for a long line, a window of it), for rendering.
    #[serde(skip)]
    pub source_line: String,
    /// 1-based column of the document line at which `source_line` starts.
    #[serde(skip)]
    pub source_column: usize,
}

/// Code points of context kept on each side of a span in a long corpus line: news articles can
/// be one 5,000-character line, and a diagnostic should not carry a copy of all of it.
const CONTEXT: usize = 100;

impl CorpusRef {
    pub fn new(doc: &concord_schema::Document, start: usize, end: usize, label: &str) -> CorpusRef {
        let (line, column) = doc.text.line_col(start);
        let line_start = start + 1 - column;
        let text = doc.text.as_str();
        let from = doc.text.byte_of(line_start).unwrap_or(0);
        let to = text[from..].find('\n').map_or(text.len(), |i| from + i);
        let whole = text[from..to].trim_end_matches('\r');
        // Keep the whole line when it is short; else a window around the span.
        let (window_start, window) = if whole.len() <= 4 * CONTEXT {
            (line_start, whole)
        } else {
            let line_len = whole.chars().count();
            let first = start.saturating_sub(CONTEXT).max(line_start);
            let last = (end + CONTEXT).min(line_start + line_len);
            (first, doc.text.slice(first, last).unwrap_or(whole))
        };
        CorpusRef {
            path: doc.path.clone(),
            start,
            end,
            line,
            column,
            label: label.to_owned(),
            source_line: window.to_owned(),
            source_column: window_start - line_start + 1,
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the finding is about the whole file.
    pub line: u32,
    /// 1-based, in code points; 0 when the finding is about the whole file.
    pub column: u32,
    pub severity: Severity,
    pub code: Code,
    /// The check's name (`Code::name`).
    pub name: &'static str,
    pub message: String,
    /// What to say at the caret under the file's line, if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How many code points the caret covers on the line (at least 1).
    #[serde(skip)]
    pub width: u32,
    /// Extra notes ("help: ...").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub help: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corpus: Option<CorpusRef>,
    /// The file's line at `line`, for rendering.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// The label of the span the finding is about (C020, C021, C026, C028, C029), so that a
    /// project's per-label settings can apply to it.
    #[serde(skip)]
    pub span_label: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, file: impl Into<PathBuf>, line: u32, column: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line,
            column,
            severity: code.severity(),
            code,
            name: code.name(),
            message: message.into(),
            label: None,
            width: 1,
            help: Vec::new(),
            corpus: None,
            source_line: None,
            span_label: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn width(mut self, width: usize) -> Diagnostic {
        self.width = u32::try_from(width.max(1)).unwrap_or(u32::MAX);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help.push(help.into());
        self
    }

    pub fn corpus(mut self, corpus: CorpusRef) -> Diagnostic {
        self.corpus = Some(corpus);
        self
    }

    /// Records the label of the span the finding is about (`None`: the span has no label).
    pub fn span_label(mut self, label: Option<&str>) -> Diagnostic {
        self.span_label = label.map(str::to_owned);
        self
    }

    /// Overrides the code's usual severity.
    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
