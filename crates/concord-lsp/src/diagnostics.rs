//! validate's [`Diagnostic`] as an LSP diagnostic: the same code, message and severity; the
//! range is the diagnostic's line, code-point column and width, converted exactly to the
//! agreed position encoding ([`LineIndex::range_of`]). The caret's label and the help lines
//! become related information at the same place, the corpus stretch a location in the corpus
//! file, so nothing validate says is lost and the message stays identical.

use std::path::Path;

use concord_validate::{Diagnostic, Severity};
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri};

use crate::position::LineIndex;

/// Where the corpus stretch `[start, end)` of the document at `path` is, when it can be said.
pub type CorpusLocator<'a> = dyn Fn(&Path, usize, usize) -> Option<Location> + 'a;

/// The LSP form of `d`, in the file `uri` whose text `index` indexes.
pub fn to_lsp(d: &Diagnostic, uri: &Uri, index: &LineIndex<'_>, corpus: &CorpusLocator<'_>) -> lsp_types::Diagnostic {
    let range = index.range_of(d.line, d.column, d.width);
    let here =
        |message: String| DiagnosticRelatedInformation { location: Location { uri: uri.clone(), range }, message };
    let mut related: Vec<DiagnosticRelatedInformation> = Vec::new();
    if let Some(label) = &d.label {
        related.push(here(label.clone()));
    }
    if let Some(c) = &d.corpus
        && let Some(location) = corpus(&c.path, c.start, c.end)
    {
        related.push(DiagnosticRelatedInformation { location, message: c.label.clone() });
    }
    related.extend(d.help.iter().map(|h| here(format!("help: {h}"))));
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        source: Some("concord".to_owned()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        data: Some(serde_json::json!({ "name": d.name })),
        ..lsp_types::Diagnostic::default()
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
    }
}

/// Whether two ranges share a position (touching counts: a cursor at a diagnostic's end).
pub fn touches(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}
