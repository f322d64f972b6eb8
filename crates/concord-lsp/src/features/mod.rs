//! The editor features on top of the checks: [`hover`], quick fixes ([`actions`]),
//! [`completion`], and [`navigate`] (go to definition, inlay hints). Each reads the buffer's
//! positioned YAML tree (`concord_schema::yaml`, which refuses aliases and deep nesting, so a
//! hostile buffer costs no more here than in validate) and the corpus document it is about;
//! none of them checks anything.

pub mod actions;
pub mod completion;
pub mod hover;
pub mod navigate;

use concord_schema::{AnnotationFile, SpanEntry};

/// The span entry at 1-based `line` (the last one starting on or above it that has not ended).
pub fn entry_at<'f, 'a>(file: &'f AnnotationFile<'a>, line: u32) -> Option<&'f SpanEntry<'a>> {
    file.spans.as_ref()?.iter().rev().find(|e| e.at.line <= line && line <= e.end_at.line)
}

/// The key of `entry` whose line holds the cursor at 1-based `line` and code-point `column`:
/// the last key on that line that starts at or before the cursor (or the first key on the line).
pub fn key_at(entry: &SpanEntry<'_>, line: u32, column: u32) -> Option<&'static str> {
    let mut keys: Vec<(&'static str, concord_schema::yaml::Pos)> = Vec::new();
    let mut push = |name, key: Option<concord_schema::yaml::Pos>| {
        if let Some(k) = key {
            keys.push((name, k));
        }
    };
    push("start", entry.start.as_ref().map(|f| f.key));
    push("end", entry.end.as_ref().map(|f| f.key));
    push("label", entry.label.as_ref().map(|f| f.key));
    push("text", entry.text.as_ref().map(|f| f.key));
    push("occurrence", entry.occurrence.as_ref().map(|f| f.key));
    push("prefix", entry.prefix.as_ref().map(|f| f.key));
    push("suffix", entry.suffix.as_ref().map(|f| f.key));
    push("note", entry.note.as_ref().map(|f| f.key));
    let mut on_line: Vec<_> = keys.into_iter().filter(|(_, k)| k.line == line).collect();
    on_line.sort_by_key(|(_, k)| k.column);
    on_line.iter().rev().find(|(_, k)| k.column <= column).or_else(|| on_line.first()).map(|(name, _)| *name)
}

/// A one-line excerpt of `[start, end)` with `context` code points either side, the span in `[…]`.
pub fn excerpt(text: &concord_schema::Text, start: usize, end: usize, context: usize) -> String {
    concord_validate::resolve::excerpt(text, start, end, context)
}
