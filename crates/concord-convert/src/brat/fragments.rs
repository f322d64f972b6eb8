//! brat's own offset rule: a text-bound annotation is a list of fragments, and a span that
//! crosses a line break or a tab is cut there, since an `.ann` line cannot hold either.
//!
//! Both directions live here so they cannot disagree: the export cuts with [`cut`], the import
//! joins back with [`join_whitespace_gaps`], and the text field both write and check is
//! [`covered_text`]. Offsets are code points, as in concord, so nothing else is converted.

use concord_schema::Text;

/// What brat joins the texts of an entity's fragments with.
const FRAGMENT_SEPARATOR: &str = " ";

/// Characters an `.ann` line cannot hold inside a text: line breaks as Python's `str.splitlines`
/// knows them, and the tab that separates fields. brat cuts spans at `\n` and `\t`.
fn breaks_ann_line(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\t' | '\u{0b}' | '\u{0c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// What may separate two fragments that are still one span.
fn joins_fragments(c: char) -> bool {
    c.is_whitespace() || breaks_ann_line(c)
}

/// The runs of `covered` (the text of a span starting at code point `start`) that hold no line
/// break or tab, as code-point ranges.
pub(super) fn cut(covered: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut run: Option<usize> = None;
    let mut i = start;
    for c in covered.chars() {
        if breaks_ann_line(c) {
            if let Some(s) = run.take() {
                out.push((s, i));
            }
        } else {
            run.get_or_insert(i);
        }
        i += 1;
    }
    if let Some(s) = run {
        out.push((s, i));
    }
    out
}

/// The fragments sorted, with those that only whitespace separates joined (brat cut them at a
/// line break); `None` when nothing was joined, so the entity keeps its fragments as written.
pub(super) fn join_whitespace_gaps(fragments: &[(usize, usize)], text: &Text) -> Option<Vec<(usize, usize)>> {
    if fragments.len() < 2 {
        return None;
    }
    let mut sorted = fragments.to_vec();
    sorted.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match merged.last_mut() {
            Some(last) if text.slice(last.1, s).is_some_and(|gap| gap.chars().all(joins_fragments)) => last.1 = e,
            _ => merged.push((s, e)),
        }
    }
    (merged.len() < fragments.len()).then_some(merged)
}

/// An entity's text field as brat writes it: its fragments' texts joined by one space.
pub(super) fn covered_text(text: &Text, fragments: &[(usize, usize)]) -> String {
    let texts: Vec<&str> = fragments.iter().map(|&(s, e)| text.slice(s, e).unwrap_or_default()).collect();
    texts.join(FRAGMENT_SEPARATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_cut_at_line_breaks_and_joined_back() {
        let text = "ab\ncd\u{2028}e\tf";
        assert_eq!(cut(text, 10), vec![(10, 12), (13, 15), (16, 17), (18, 19)]);
        assert_eq!(cut("\n\n", 0), vec![]);
        let t = Text::new(text.to_owned());
        let fragments = [(0, 2), (3, 5), (6, 7), (8, 9)];
        assert_eq!(join_whitespace_gaps(&fragments, &t), Some(vec![(0, 9)]));
        assert_eq!(covered_text(&t, &fragments), "ab cd e f");
    }

    #[test]
    fn fragments_with_text_between_stay_apart() {
        let t = Text::new("New York and New Jersey".to_owned());
        assert_eq!(join_whitespace_gaps(&[(13, 16), (0, 3)], &t), None);
        assert_eq!(join_whitespace_gaps(&[(0, 3)], &t), None);
    }
}
