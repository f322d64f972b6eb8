//! Quick fixes on one span, for an editor: each is the edit `fix` makes ([`crate::fix::fix_edits`],
//! one span at a time) or the one its diagnostic asks for, written the way `fix` writes (scalars
//! through `yaml::string_scalar`, offsets inserted by the same function). Nothing here checks:
//! the language server offers these where validate's diagnostics are.
//!
//! - [`fill_offsets`]: `start`/`end` from `text` (C017 with one place), one span or the file;
//! - [`choose_occurrence`]: one of the places a C017 "occurs N times" lists, as `occurrence: N`;
//! - [`replace_text`]: `text` becomes what the document has at the offsets (C015);
//! - [`tighten`]: the span fitted to its words (C020, C021, C026), by [`tightened`].

use std::path::Path;

use concord_schema::text::is_word_char;
use concord_schema::yaml::{self, Node, Pos};
use concord_schema::{AnnotationFile, Document, SpanEntry, Text};

use crate::fix::{Edit, fix_edits, offsets_insertion};
use crate::resolve::{Resolution, resolve};

/// The edits `fix` would make for span `span` (its index in `spans`); the pin is left out.
pub fn fill_offsets(path: &Path, source: &str, doc: &Document, span: usize) -> Vec<Edit> {
    fix_edits(path, source, doc).0.into_iter().filter(|e| e.span == Some(span)).collect()
}

/// A source, its tree and code-point addressing, to find the bytes of a node.
struct Parsed<'s> {
    source: &'s str,
    chars: Text,
    tree: Node,
}

impl<'s> Parsed<'s> {
    fn new(source: &'s str) -> Option<Parsed<'s>> {
        let tree = yaml::parse(source).ok()?;
        Some(Parsed { source, chars: Text::new(source.to_owned()), tree })
    }

    fn byte(&self, p: Pos) -> usize {
        self.chars.byte_of(p.offset as usize).unwrap_or(self.source.len())
    }

    /// The bytes of the value of `key` in span `span`.
    fn value(&self, span: usize, key: &str) -> Option<(usize, usize)> {
        let node = self.tree.pointer(&format!("/spans/{span}/{key}"))?;
        Some((self.byte(node.start), self.byte(node.end)))
    }

    fn entry(&self, span: usize) -> Option<SpanEntry<'_>> {
        AnnotationFile::decode(&self.tree).spans?.into_iter().nth(span)
    }

    fn newline(&self) -> &'static str {
        if self.source.contains("\r\n") { "\r\n" } else { "\n" }
    }
}

/// Span `span` gives `text` without offsets and the text occurs several times: the edits that
/// choose occurrence `n` (1-based, counted as `occurrence:` counts): `start`/`end` as `fix`
/// writes them, and `occurrence: n` after `text` (or in place of an `occurrence` there is).
pub fn choose_occurrence(source: &str, doc: &Document, span: usize, n: usize) -> Option<Vec<Edit>> {
    let parsed = Parsed::new(source)?;
    let entry = parsed.entry(span)?;
    if entry.start.is_some() || entry.end.is_some() {
        return None;
    }
    let text = entry.text.as_ref()?;
    let prefix = entry.prefix.as_ref().map(|p| p.value);
    let suffix = entry.suffix.as_ref().map(|s| s.value);
    let Resolution::Found { start, end } = resolve(&doc.text, text.value, Some(n), prefix, suffix) else {
        return None;
    };
    let at = parsed.byte(entry.at);
    let flow = source[at..].starts_with('{');
    let (from, insertion) = offsets_insertion(source, at, entry.at.column, start, end);
    let mut edits = vec![Edit { from, to: from, text: insertion, span: Some(span) }];
    if let Some((o0, o1)) = parsed.value(span, "occurrence") {
        edits.push(Edit { from: o0, to: o1, text: n.to_string(), span: Some(span) });
    } else if flow {
        let (_, t1) = parsed.value(span, "text")?;
        edits.push(Edit { from: t1, to: t1, text: format!(", occurrence: {n}"), span: Some(span) });
    } else {
        let (_, t1) = parsed.value(span, "text")?;
        let line_end = source[t1..].find('\n').map_or(source.len(), |i| t1 + i);
        let line_end = if source[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
        let indent = " ".repeat(text.key.column.saturating_sub(1) as usize);
        let newline = parsed.newline();
        edits.push(Edit {
            from: line_end,
            to: line_end,
            text: format!("{newline}{indent}occurrence: {n}"),
            span: Some(span),
        });
    }
    Some(edits)
}

/// Span `span` has offsets and a `text` that differs from the document there: the edit that
/// makes `text` what the document has at `[start, end)`.
pub fn replace_text(source: &str, doc: &Document, span: usize) -> Option<Edit> {
    let parsed = Parsed::new(source)?;
    let entry = parsed.entry(span)?;
    let (start, end) = entry.range()?;
    let slice = doc.text.slice(start, end).filter(|_| start < end)?;
    if entry.text.as_ref()?.value == slice {
        return None;
    }
    let (from, to) = parsed.value(span, "text")?;
    Some(Edit { from, to, text: yaml::string_scalar(slice), span: Some(span) })
}

/// Span `span`, fitted to its words ([`tightened`]): the edits of `start`, `end` and `text`, and
/// the new `[start, end)`.
pub fn tighten(source: &str, doc: &Document, span: usize) -> Option<(Vec<Edit>, usize, usize)> {
    let parsed = Parsed::new(source)?;
    let entry = parsed.entry(span)?;
    let (start, end) = entry.range()?;
    let (s, e) = tightened(&doc.text, start, end)?;
    let mut edits = Vec::new();
    let (s0, s1) = parsed.value(span, "start")?;
    let (e0, e1) = parsed.value(span, "end")?;
    edits.push(Edit { from: s0, to: s1, text: s.to_string(), span: Some(span) });
    edits.push(Edit { from: e0, to: e1, text: e.to_string(), span: Some(span) });
    if entry.text.is_some() {
        let (t0, t1) = parsed.value(span, "text")?;
        let slice = doc.text.slice(s, e)?;
        edits.push(Edit { from: t0, to: t1, text: yaml::string_scalar(slice), span: Some(span) });
    }
    Some((edits, s, e))
}

/// `[start, end)` fitted to its words: white space, a leading “the ”, a trailing ’s or
/// apostrophe, quotation marks, a lone or wrapping bracket and trailing punctuation are taken
/// out (what C021 and C026 flag), then a cut word is taken in whole (what C020 flags). `None`
/// when nothing changes or nothing would be left.
pub fn tightened(text: &Text, start: usize, end: usize) -> Option<(usize, usize)> {
    let (mut s, mut e) = (start, end);
    let at = |i: usize| text.char_at(i);
    const QUOTES: [char; 4] = ['“', '”', '"', '‘'];
    loop {
        let before = (s, e);
        while s < e && at(s).is_some_and(char::is_whitespace) {
            s += 1;
        }
        while s < e && at(e - 1).is_some_and(char::is_whitespace) {
            e -= 1;
        }
        let slice = text.slice(s, e)?;
        let count = e - s;
        let opens = slice.matches('(').count();
        let closes = slice.matches(')').count();
        if slice.starts_with("the ") {
            s += 4;
        } else if count > 2 && (slice.ends_with("’s") || slice.ends_with("'s")) {
            e -= 2;
        } else if count > 2 && (slice.ends_with('’') || slice.ends_with('\'')) {
            e -= 1;
        } else if slice.starts_with(QUOTES) {
            s += 1;
        } else if slice.ends_with(QUOTES) {
            e -= 1;
        } else if slice.starts_with('(') && slice.ends_with(')') && count >= 2 {
            s += 1;
            e -= 1;
        } else if slice.starts_with('(') && opens > closes {
            s += 1;
        } else if slice.ends_with(')') && closes > opens || slice.ends_with([',', ';', ':']) {
            e -= 1;
        }
        if (s, e) == before || s >= e {
            break;
        }
    }
    let word = |i: usize| at(i).is_some_and(is_word_char);
    while s < e && s > 0 && word(s - 1) && word(s) {
        s -= 1;
    }
    while s < e && word(e - 1) && word(e) {
        e += 1;
    }
    (s < e && (s, e) != (start, end)).then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;

    fn doc() -> Document {
        Document::from_text("d1", "In 2014, “ISIS” spread — ISIS’s reach… grew in Punjab, (IS) said.".to_owned())
    }

    #[test]
    fn tightened_spans_lose_what_the_checks_flag() {
        let d = doc();
        let cases = [
            ("“ISIS”", "ISIS"),
            ("ISIS’s", "ISIS"),
            ("Punjab,", "Punjab"),
            ("(IS)", "IS"),
            ("Punja", "Punjab"),
            (" spread ", "spread"),
        ];
        for (loose, tight) in cases {
            let start = d.text.find_all(loose)[0];
            let end = start + loose.chars().count();
            let (s, e) = tightened(&d.text, start, end).unwrap_or((start, end));
            assert_eq!(d.text.slice(s, e), Some(tight), "{loose}");
            assert_eq!(crate::check::loose_boundary(tight), None, "{tight}");
        }
        assert_eq!(tightened(&d.text, 10, 14), None, "ISIS is tight already");
        assert_eq!(tightened(&d.text, 9, 10), None, "a lone quote leaves nothing");
    }

    #[test]
    fn quick_fixes_edit_one_span() {
        let d = doc();
        let src = "document: d1\nannotator: a\nspans:\n  - text: ISIS\n    label: MILITANT_GROUP\n  - start: 9\n    end: 15\n    text: “ISIS”\n    label: MILITANT_GROUP\n  - start: 25\n    end: 29\n    text: ISIX\n    label: MILITANT_GROUP\n";
        let chosen = apply_edits(src, choose_occurrence(src, &d, 0, 2).expect("two places"));
        assert!(
            chosen.contains("  - start: 25\n    end: 29\n    text: ISIS\n    occurrence: 2\n    label"),
            "{chosen}"
        );
        let tight = apply_edits(src, tighten(src, &d, 1).expect("quoted").0);
        assert!(tight.contains("  - start: 10\n    end: 14\n    text: ISIS\n"), "{tight}");
        let replaced = apply_edits(src, vec![replace_text(src, &d, 2).expect("mismatch")]);
        assert!(replaced.contains("    end: 29\n    text: ISIS\n"), "{replaced}");
        assert!(replace_text(src, &d, 1).is_none(), "the text matches");
        let flow = "spans:\n  - {text: ISIS, label: X}\n";
        let chosen = apply_edits(flow, choose_occurrence(flow, &d, 0, 1).expect("flow"));
        assert_eq!(chosen, "spans:\n  - { start: 10, end: 14, text: ISIS, occurrence: 1, label: X}\n");
    }
}
