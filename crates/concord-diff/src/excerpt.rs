//! A few words of the article around a place, with an annotator's spans marked inline as
//! `[ISIS]{MILITANT_GROUP}`, and a word diff of two such markings.
//!
//! Articles are stored one paragraph per line, and a paragraph can be long, so an excerpt is the
//! line cut to [`CONTEXT`] code points either side of the place, at word boundaries, with `…`
//! where it was cut. Nested spans nest their brackets (`[[Iraq]{GPE} war]{EVENT}`); a span that
//! runs past the excerpt is cut at its edge. Newlines inside an excerpt show as `⏎`.

use concord_schema::{Span, Text};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// Code points of context either side of a place.
pub const CONTEXT: usize = 60;

/// Where an excerpt lies in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    /// Whether text was cut before `start` / after `end` within the same line.
    pub cut_before: bool,
    pub cut_after: bool,
}

/// The window around `[start, end)`: its lines, cut to `context` code points either side.
pub fn window(text: &Text, start: usize, end: usize, context: usize) -> Window {
    let n = text.len_chars();
    let (start, end) = (start.min(n), end.min(n).max(start.min(n)));
    let (line_start, line_end) = text.lines_of(start, end);
    let (from, to) = text.around(start, end, context);
    let (mut ws, mut we) = (from.max(line_start), to.min(line_end));
    // Snap to word boundaries: start after a space, end before one.
    if ws > line_start {
        let mut p = ws;
        while p < start && !text.char_at(p - 1).is_some_and(char::is_whitespace) {
            p += 1;
        }
        ws = p;
    }
    if we < line_end {
        let mut p = we;
        while p > end && !text.char_at(p).is_some_and(char::is_whitespace) {
            p -= 1;
        }
        we = p;
    }
    // Trim the whitespace we stopped at.
    while ws < start && text.char_at(ws).is_some_and(char::is_whitespace) {
        ws += 1;
    }
    while we > end && text.char_at(we - 1).is_some_and(char::is_whitespace) {
        we -= 1;
    }
    Window { start: ws, end: we, cut_before: ws > line_start, cut_after: we < line_end }
}

/// The window's text with `spans` marked inline; `…` where the line was cut.
pub fn mark(text: &Text, spans: &[Span], w: Window) -> String {
    // (position, order, bracket text): at one position, closes come before empty spans before opens.
    let mut events: Vec<(usize, u8, usize, usize, String)> = Vec::new();
    for (i, sp) in spans.iter().enumerate() {
        let inside = if sp.start == sp.end {
            w.start <= sp.start && sp.start <= w.end
        } else {
            sp.start < w.end && sp.end > w.start
        };
        if !inside {
            continue;
        }
        if sp.start == sp.end {
            events.push((sp.start, 1, 0, i, format!("[]{{{}}}", sp.label)));
            continue;
        }
        let (open, close) = (sp.start.max(w.start), sp.end.min(w.end));
        // Opens: the span that closes last opens first. Closes: the span that opened last closes first.
        events.push((open, 2, usize::MAX - close, i, "[".to_owned()));
        events.push((close, 0, usize::MAX - open, usize::MAX - i, format!("]{{{}}}", sp.label)));
    }
    events.sort();
    let mut out = String::new();
    if w.cut_before {
        out.push('…');
    }
    let mut at = w.start;
    for (pos, _, _, _, bracket) in events {
        out.push_str(text.slice(at, pos).unwrap_or(""));
        out.push_str(&bracket);
        at = pos;
    }
    out.push_str(text.slice(at, w.end).unwrap_or(""));
    if w.cut_after {
        out.push('…');
    }
    out.replace("\r\n", "⏎").replace('\n', "⏎")
}

/// One piece of a word diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// `equal`, `delete` (only in A) or `insert` (only in B).
    pub op: &'static str,
    pub text: String,
}

/// A word diff of two marked excerpts; neighbouring pieces of the same kind are merged.
pub(crate) fn word_diff(a: &str, b: &str) -> Vec<Piece> {
    let diff = TextDiff::from_words(a, b);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Delete => "delete",
            ChangeTag::Insert => "insert",
        };
        match pieces.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => pieces.push(Piece { op, text: change.value().to_owned() }),
        }
    }
    pieces
}

/// A line of `^` under the pieces of one side (`delete` for A, `insert` for B) that the other
/// side lacks; `None` when nothing is marked.
pub(crate) fn carets(pieces: &[Piece], side: &str) -> Option<String> {
    let mut line = String::new();
    let mut any = false;
    for p in pieces.iter().filter(|p| p.op == "equal" || p.op == side) {
        let c = if p.op == side {
            any = true;
            '^'
        } else {
            ' '
        };
        line.extend(std::iter::repeat_n(c, p.text.chars().count()));
    }
    any.then(|| line.trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Text {
        Text::new(s.to_owned())
    }

    #[test]
    fn nested_spans_nest() {
        let t = text("the Iraq war began");
        let spans = [Span::new(4, 12, "EVENT"), Span::new(4, 8, "GPE")];
        let w = window(&t, 4, 12, 60);
        assert_eq!(mark(&t, &spans, w), "the [[Iraq]{GPE} war]{EVENT} began");
    }

    #[test]
    fn cut_at_words_with_ellipsis() {
        let t = text("one two three four five six seven eight nine ten\nnext line");
        let w = window(&t, 14, 18, 7);
        assert_eq!(mark(&t, &[Span::new(14, 18, "X")], w), "…three [four]{X} five…");
        let w = window(&t, 49, 53, 100);
        assert_eq!(mark(&t, &[], w), "next line");
    }

    #[test]
    fn curly_quotes_are_one_code_point() {
        let t = text("He said, “ISIS’s presence…” – twice.");
        let w = window(&t, 10, 14, 60);
        assert_eq!(
            mark(&t, &[Span::new(10, 14, "MILITANT_GROUP")], w),
            "He said, “[ISIS]{MILITANT_GROUP}’s presence…” – twice."
        );
    }

    #[test]
    fn carets_mark_the_changed_words() {
        let pieces = word_diff("a [b]{X} c", "a b c");
        assert_eq!(carets(&pieces, "delete").as_deref(), Some("  ^^^^^^"));
        assert_eq!(carets(&pieces, "insert").as_deref(), Some("  ^"));
    }
}
