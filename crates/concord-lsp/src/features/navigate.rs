//! Go to definition (a span to its place in `corpus/<id>.txt`) and inlay hints (the covered
//! text beside a span written with offsets only).

use concord_schema::yaml;
use concord_schema::{AnnotationFile, Document};
use concord_validate::resolve::{Resolution, resolve_entry};
use lsp_types::{InlayHint, InlayHintLabel, Location, Range};

use super::entry_at;
use crate::position::{Encoding, LineIndex};

/// Most code points of covered text shown in a hint.
const HINT_CHARS: usize = 40;

/// The place in the corpus of the span at 1-based `line`: its offsets, or where its text resolves.
pub fn definition(source: &str, line: u32, doc: &Document, encoding: Encoding) -> Option<Location> {
    let tree = yaml::parse(source).ok()?;
    let file = AnnotationFile::decode(&tree);
    let entry = entry_at(&file, line)?;
    let (start, end) = match (entry.range(), resolve_entry(&doc.text, entry)) {
        (Some((s, e)), _) if s <= e && e <= doc.text.len_chars() => (s, e),
        (None, Some(Resolution::Found { start, end })) => (start, end),
        _ => return None,
    };
    let range = LineIndex::new(doc.text.as_str(), encoding).range_of_chars(start, end);
    let uri = crate::uri::from_path(&doc.path)?;
    Some(Location { uri, range })
}

/// A hint after the `end:` value of every span in `range` that has offsets and no `text`.
pub fn inlay_hints(source: &str, index: &LineIndex<'_>, range: Range, doc: &Document) -> Vec<InlayHint> {
    let Ok(tree) = yaml::parse(source) else { return Vec::new() };
    let file = AnnotationFile::decode(&tree);
    let mut hints = Vec::new();
    for entry in file.spans.iter().flatten() {
        let (Some((s, e)), None, Some(end)) = (entry.range(), &entry.text, &entry.end) else { continue };
        let line = end.at.line.saturating_sub(1);
        if line < range.start.line || line > range.end.line {
            continue;
        }
        let Some(covered) = doc.text.slice(s, e).filter(|_| s < e) else { continue };
        let mut shown: String = covered.chars().take(HINT_CHARS).collect::<String>().replace(['\n', '\r'], " ");
        if covered.chars().count() > HINT_CHARS {
            shown.push('…');
        }
        let width = index.line(line as usize).chars().count() as u32;
        hints.push(InlayHint {
            position: index.position(line, width),
            label: InlayHintLabel::String(format!("“{shown}”")),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    hints
}
