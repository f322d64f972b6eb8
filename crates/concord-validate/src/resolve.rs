//! Finding a quoted text in a document: the W3C TextQuoteSelector (`exact` + `prefix` /
//! `suffix`) plus `occurrence`. Shared by `validate` (to say where a mismatched text does occur)
//! and `fix` (to fill in offsets). It never guesses: several candidates and no way to choose is
//! an answer of its own.

use concord_schema::Text;

/// What a selector resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one place: `[start, end)`.
    Found { start: usize, end: usize },
    /// The text is not in the document (after prefix/suffix filtering).
    NotFound,
    /// Several places and nothing to choose between them: their start offsets.
    Ambiguous(Vec<usize>),
    /// `occurrence` is larger than the number of places.
    NoSuchOccurrence { wanted: usize, found: usize },
}

/// Resolves `exact` in `text`. `occurrence` (1-based) counts among the places that also match
/// `prefix` and `suffix`, when those are given.
pub fn resolve(
    text: &Text,
    exact: &str,
    occurrence: Option<usize>,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Resolution {
    let len = exact.chars().count();
    let places: Vec<usize> = text
        .find_all(exact)
        .into_iter()
        .filter(|&start| {
            prefix.is_none_or(|p| {
                let plen = p.chars().count();
                start >= plen && text.slice(start - plen, start) == Some(p)
            }) && suffix.is_none_or(|s| text.slice(start + len, start + len + s.chars().count()) == Some(s))
        })
        .collect();
    match (occurrence, places.len()) {
        (_, 0) => Resolution::NotFound,
        (Some(n), found) if n == 0 || n > found => Resolution::NoSuchOccurrence { wanted: n, found },
        (Some(n), _) => Resolution::Found { start: places[n - 1], end: places[n - 1] + len },
        (None, 1) => Resolution::Found { start: places[0], end: places[0] + len },
        (None, _) => Resolution::Ambiguous(places),
    }
}

/// One place where a text occurs, as `cargo xtask find` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// 1-based, counting every occurrence (as `occurrence:` does).
    pub number: usize,
    pub start: usize,
    pub end: usize,
    /// 1-based line and code-point column in the document.
    pub line: usize,
    pub column: usize,
    /// Not inside a longer word (`IS` in `ISIS` is not whole).
    pub whole_word: bool,
    pub excerpt: String,
}

/// Every occurrence of `exact`, numbered as `occurrence:` counts them.
pub fn occurrences(text: &Text, exact: &str) -> Vec<Occurrence> {
    let len = exact.chars().count();
    let word = |i: usize| text.char_at(i).is_some_and(concord_schema::text::is_word_char);
    text.find_all(exact)
        .into_iter()
        .enumerate()
        .map(|(i, start)| {
            let end = start + len;
            let (line, column) = text.line_col(start);
            let cut_at_start = start > 0 && word(start - 1) && word(start);
            let cut_at_end = word(end - 1) && word(end);
            let whole_word = !(cut_at_start || cut_at_end);
            Occurrence { number: i + 1, start, end, line, column, whole_word, excerpt: excerpt(text, start, end, 30) }
        })
        .collect()
}

/// Resolves a span entry's selector (`text` + `occurrence` / `prefix` / `suffix`); `None` when it
/// has no `text`.
pub fn resolve_entry(text: &Text, entry: &concord_schema::SpanEntry<'_>) -> Option<Resolution> {
    let exact = entry.text.as_ref()?.value;
    let occurrence = entry.occurrence.as_ref().and_then(|o| usize::try_from(o.value).ok());
    Some(resolve(
        text,
        exact,
        occurrence,
        entry.prefix.as_ref().map(|p| p.value),
        entry.suffix.as_ref().map(|s| s.value),
    ))
}

/// Places of `exact` in `text`, nearest to `near` first (for "it does occur at ..." hints).
pub fn nearest_places(text: &Text, exact: &str, near: usize, limit: usize) -> Vec<usize> {
    let mut places = text.find_all(exact);
    places.sort_by_key(|&p| (p.abs_diff(near), p));
    places.truncate(limit);
    places
}

/// A short, single-line excerpt around `[start, end)` with the span in `[...]`, for candidate lists.
pub fn excerpt(text: &Text, start: usize, end: usize, context: usize) -> String {
    let (from, to) = text.around(start, end, context);
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    format!(
        "{}{}[{}]{}{}",
        if from > 0 { "…" } else { "" },
        clean(text.slice(from, start).unwrap_or("")),
        clean(text.slice(start, end).unwrap_or("")),
        clean(text.slice(end, to).unwrap_or("")),
        if to < text.len_chars() { "…" } else { "" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Text {
        Text::new("ISIS’s rise: “ISIS is here,” said the DG — ISIS… again".to_owned())
    }

    #[test]
    fn unique_text_resolves() {
        assert_eq!(resolve(&doc(), "the DG", None, None, None), Resolution::Found { start: 34, end: 40 });
    }

    #[test]
    fn repeated_text_needs_a_choice() {
        assert_eq!(resolve(&doc(), "ISIS", None, None, None), Resolution::Ambiguous(vec![0, 14, 43]));
        assert_eq!(resolve(&doc(), "ISIS", Some(3), None, None), Resolution::Found { start: 43, end: 47 });
        assert_eq!(resolve(&doc(), "ISIS", Some(4), None, None), Resolution::NoSuchOccurrence { wanted: 4, found: 3 });
        assert_eq!(resolve(&doc(), "ISIS", None, Some("“"), None), Resolution::Found { start: 14, end: 18 });
        assert_eq!(resolve(&doc(), "ISIS", None, None, Some("…")), Resolution::Found { start: 43, end: 47 });
        assert_eq!(resolve(&doc(), "Daesh", None, None, None), Resolution::NotFound);
    }

    #[test]
    fn occurrences_are_numbered_and_flag_parts_of_words() {
        let found = occurrences(&Text::new("IS and ISIS’s “IS”".to_owned()), "IS");
        let summary: Vec<(usize, usize, bool)> = found.iter().map(|o| (o.number, o.start, o.whole_word)).collect();
        assert_eq!(summary, vec![(1, 0, true), (2, 7, false), (3, 9, false), (4, 15, true)]);
    }

    #[test]
    fn nearest_first() {
        assert_eq!(nearest_places(&doc(), "ISIS", 40, 2), vec![43, 14]);
    }

    #[test]
    fn excerpt_marks_the_span() {
        assert_eq!(excerpt(&doc(), 14, 18, 3), "…: “[ISIS] is…");
    }
}
