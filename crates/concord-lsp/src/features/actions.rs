//! Quick fixes (code actions), each the edit `fix` would make or the one a diagnostic asks for,
//! from `concord_validate::edit` (no edit is computed here): fill `start`/`end` from `text`
//! for one span or the whole file, choose one of the candidates C017 lists, replace `text` with
//! the article's text at the offsets (C015), fit a span to its words (C020, C021, C026).

use std::collections::HashMap;
use std::path::Path;

use concord_schema::yaml;
use concord_schema::{AnnotationFile, Document};
use concord_validate::edit;
use concord_validate::fix::{Edit, fix_edits};
use concord_validate::resolve::{Resolution, resolve_entry};
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit};

use super::excerpt;
use crate::position::LineIndex;

/// Most candidates offered for one ambiguous text.
const MAX_CANDIDATES: usize = 10;

/// The code actions for `range` of the annotation file `uri` (at `path`, text `source`).
/// `diagnostics` are the client's diagnostics in the range, attached to the actions that fix them.
pub fn actions(
    uri: &Uri,
    path: &Path,
    source: &str,
    index: &LineIndex<'_>,
    range: Range,
    doc: &Document,
    diagnostics: &[lsp_types::Diagnostic],
) -> Vec<CodeActionOrCommand> {
    let Ok(tree) = yaml::parse(source) else { return Vec::new() };
    let file = AnnotationFile::decode(&tree);
    let (first, last) = (range.start.line + 1, range.end.line + 1);
    let mut out = Vec::new();
    let mut action = |title: String, edits: Vec<Edit>, codes: &[&str], lines: (u32, u32), preferred: bool| {
        let fixes: Vec<lsp_types::Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                let code = match &d.code {
                    Some(lsp_types::NumberOrString::String(c)) => c.as_str(),
                    _ => "",
                };
                codes.contains(&code) && lines.0 <= d.range.start.line + 1 && d.range.start.line < lines.1
            })
            .cloned()
            .collect();
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: (!fixes.is_empty()).then_some(fixes),
            edit: Some(workspace_edit(uri, index, edits)),
            is_preferred: preferred.then_some(true),
            ..CodeAction::default()
        }));
    };
    for entry in file.spans.iter().flatten().filter(|e| e.at.line <= last && first <= e.end_at.line) {
        let lines = (entry.at.line, entry.end_at.line.max(entry.at.line + 1));
        let i = entry.index;
        match (entry.range(), resolve_entry(&doc.text, entry)) {
            (None, Some(Resolution::Found { start, end })) if entry.start.is_none() && entry.end.is_none() => {
                let edits = edit::fill_offsets(path, source, doc, i);
                if !edits.is_empty() {
                    action(format!("Fill in start/end from text: [{start}, {end})"), edits, &["C017"], lines, true);
                }
            }
            (None, Some(Resolution::Ambiguous(places))) => {
                let len = entry.text.as_ref().map_or(0, |t| t.value.chars().count());
                for (n, &p) in places.iter().enumerate().take(MAX_CANDIDATES) {
                    if let Some(edits) = edit::choose_occurrence(source, doc, i, n + 1) {
                        let title = format!("Choose occurrence {}: {}", n + 1, excerpt(&doc.text, p, p + len, 20));
                        action(title, edits, &["C017"], lines, false);
                    }
                }
            }
            _ => {}
        }
        if let Some(e) = edit::replace_text(source, doc, i) {
            let title = format!("Replace text with the document's “{}”", e.text.trim_matches('"'));
            action(title, vec![e], &["C015"], lines, true);
        }
        if let Some((edits, s, e)) = edit::tighten(source, doc, i) {
            let words = doc.text.slice(s, e).unwrap_or_default();
            action(
                format!("Fit the span to its words: “{words}” [{s}, {e})"),
                edits,
                &["C020", "C021", "C026"],
                lines,
                true,
            );
        }
    }
    let (all, report) = fix_edits(path, source, doc);
    if report.offsets_filled + report.texts_filled > 0 {
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!(
                "Fill in the offsets and texts of the whole file, as `cargo xtask fix` does ({} span(s))",
                report.offsets_filled + report.texts_filled
            ),
            kind: Some(CodeActionKind::SOURCE_FIX_ALL),
            edit: Some(workspace_edit(uri, index, all)),
            ..CodeAction::default()
        }));
    }
    out
}

/// `edits` (byte ranges of `index`'s text) as a workspace edit of `uri`.
fn workspace_edit(uri: &Uri, index: &LineIndex<'_>, edits: Vec<Edit>) -> WorkspaceEdit {
    let edits = edits
        .into_iter()
        .map(|e| TextEdit {
            range: Range { start: index.position_of_byte(e.from), end: index.position_of_byte(e.to) },
            new_text: e.text,
        })
        .collect();
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
}
