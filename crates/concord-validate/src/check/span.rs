//! One span against its document: offsets in range, `text` equal to the document there (or
//! where it does occur), a known label, word and edge boundaries (C020, C021, C026), and quote
//! selectors that cannot be resolved.

use super::*;

/// Checks one span; returns it when it is placed and labelled well enough to count.
pub(super) fn check_span(
    ctx: &Context<'_>,
    path: &Path,
    doc: Option<&Document>,
    entry: &SpanEntry<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Span> {
    let mut ok = true;
    let label = entry.label.as_ref();
    if let (Some(labels), Some(label)) = (ctx.labels, label)
        && labels.get(label.value).is_none()
    {
        ok = false;
        let mut d = Diagnostic::new(
            Code::UnknownLabel,
            path,
            label.at.line,
            label.at.column,
            format!("`{}` is not a label of schemas/labels.yaml", label.value),
        )
        .width(label.value.chars().count());
        if let Some(s) = labels.closest(label.value) {
            d = d.label(format!("did you mean `{s}`?"));
        }
        out.push(d.help(format!("labels: {}", labels.names().collect::<Vec<_>>().join(", "))));
    }
    let doc = doc?;
    let range = match (&entry.start, &entry.end) {
        (Some(s), Some(e)) => {
            let (start, end) = (s.value, e.value);
            let len = doc.text.len_chars();
            if start < 0 || end < 0 || start as u64 > len as u64 || end as u64 > len as u64 {
                let bad = if start < 0 || start as u64 > len as u64 { s } else { e };
                out.push(
                    Diagnostic::new(
                        Code::OffsetOutOfRange,
                        path,
                        bad.at.line,
                        bad.at.column,
                        format!("offset {} is outside the document, which has {len} code points", bad.value),
                    )
                    .width(bad.value.to_string().len()),
                );
                return None;
            }
            if start >= end {
                out.push(
                    Diagnostic::new(
                        Code::EmptySpan,
                        path,
                        s.at.line,
                        s.at.column,
                        format!("`start` ({start}) must be less than `end` ({end}): spans are half-open [start, end)"),
                    )
                    .width(start.to_string().len()),
                );
                return None;
            }
            (start as usize, end as usize)
        }
        (None, None) => {
            missing_offsets(path, doc, entry, out);
            return None;
        }
        _ => return None, // one of the two: the schema reports it
    };
    let (start, end) = range;
    let slice = doc.text.slice(start, end).unwrap_or("");
    if let Some(text) = &entry.text
        && text.value != slice
    {
        ok = false;
        let mut d = Diagnostic::new(
            Code::TextMismatch,
            path,
            text.at.line,
            text.at.column,
            format!("`text` does not match the document at [{start}, {end})"),
        )
        .width(text.value.chars().count())
        .label(format!("the document has “{}” there", one_line(slice)))
        .corpus(corpus_ref(doc, start, end, "these code points"));
        let places = nearest_places(&doc.text, text.value, start, 3);
        if places.is_empty() {
            d = d.help(format!("“{}” does not occur in the document", one_line(text.value)));
        } else {
            let len = text.value.chars().count();
            let list: Vec<String> = places.iter().map(|&p| format!("[{}, {})", p, p + len)).collect();
            d = d.help(format!("“{}” occurs at {} (nearest first)", one_line(text.value), list.join(", ")));
        }
        out.push(d);
    } else {
        // Point span-level warnings at `text:` when there is one: that is what the annotator edits.
        let (anchor, width) = entry.text.as_ref().map_or((entry.at, 1), |t| (t.at, t.value.chars().count()));
        if slice.starts_with(char::is_whitespace) || slice.ends_with(char::is_whitespace) {
            out.push(
                Diagnostic::new(
                    Code::EdgeWhitespace,
                    path,
                    anchor.line,
                    anchor.column,
                    "the span starts or ends with white space",
                )
                .corpus(corpus_ref(doc, start, end, "trim the span to its words"))
                .span_label(label.map(|l| l.value)),
            );
        }
        if let Some(why) = loose_boundary(slice) {
            out.push(
                Diagnostic::new(Code::SpanBoundary, path, anchor.line, anchor.column, format!("the span {why}"))
                    .width(width)
                    .corpus(corpus_ref(doc, start, end, "a span covers the mention and nothing around it"))
                    .span_label(label.map(|l| l.value)),
            );
        }
        let inside = |a: usize, b: usize| {
            let word = |i: usize| doc.text.char_at(i).is_some_and(concord_schema::text::is_word_char);
            a > 0 && word(a - 1) && word(b)
        };
        if inside(start, start) || inside(end, end) {
            out.push(
                Diagnostic::new(Code::CutsWord, path, anchor.line, anchor.column, "the span cuts a word in two")
                    .width(width)
                    .corpus(corpus_ref(doc, start, end, "a span should start and end at word boundaries"))
                    .span_label(label.map(|l| l.value)),
            );
        }
    }
    let label = label?;
    let note = entry.note.as_ref().map(|n| n.value.to_owned());
    ok.then(|| Span { note, ..Span::new(start, end, label.value) })
}

/// Why a span's text looks wider than its mention (a determiner, a possessive, a quote mark,
/// a bracket or comma left at an edge), or `None`. A hint, not a rule: some names do start
/// with "The", which is why only the lowercase article is flagged.
pub(crate) fn loose_boundary(text: &str) -> Option<&'static str> {
    // Not "a"/"an": "a year later" is a whole date expression.
    let lower_article = text.starts_with("the ");
    let possessive = ["’s", "'s", "’", "'"].iter().any(|p| text.ends_with(p)) && text.chars().count() > 2;
    let quotes = ['“', '”', '"', '‘'];
    let quoted = text.starts_with(quotes) || text.ends_with(quotes);
    let unbalanced =
        text.matches('(').count() != text.matches(')').count() || text.starts_with('(') && text.ends_with(')');
    let trailing = text.ends_with([',', ';', ':']);
    match () {
        _ if lower_article => Some("starts with “the”: leave the article out"),
        _ if possessive => Some("ends with a possessive or apostrophe: annotate the name without ’s"),
        _ if quoted => Some("includes a quotation mark: annotate what is inside the quotes"),
        _ if unbalanced => Some("includes a bracket of its own: annotate what is inside or outside it"),
        _ if trailing => Some("ends with punctuation"),
        _ => None,
    }
}

fn missing_offsets(path: &Path, doc: &Document, entry: &SpanEntry<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(resolution) = resolve_entry(&doc.text, entry) {
        out.push(selector_diagnostic(path, doc, entry, &resolution));
    }
}

/// The diagnostic for a span that has `text` but no offsets, given how its selector resolves.
pub(crate) fn selector_diagnostic(
    path: &Path,
    doc: &Document,
    entry: &SpanEntry<'_>,
    resolution: &Resolution,
) -> Diagnostic {
    let at = entry.text.as_ref().map_or(entry.at, |t| t.at);
    let quote = entry.text.as_ref().map_or("", |t| t.value);
    let base = |message: String| {
        Diagnostic::new(Code::MissingOffsets, path, at.line, at.column, message).width(quote.chars().count())
    };
    match resolution {
        Resolution::Found { start, end } => base("the span has no `start`/`end` yet".to_owned())
            .label(format!("found at [{start}, {end})"))
            .corpus(corpus_ref(doc, *start, *end, "here"))
            .help("run `cargo xtask fix` to write the offsets in"),
        Resolution::NotFound => {
            let mut d = base(format!("“{}” does not occur in the document", one_line(quote)));
            if let Some(start) = find_ignoring_case(doc.text.as_str(), quote) {
                d = d.help(format!(
                    "a case-insensitive match: {}",
                    excerpt(&doc.text, start, start + quote.chars().count(), 20)
                ));
            }
            d
        }
        Resolution::Ambiguous(places) => {
            let len = quote.chars().count();
            let mut d = base(format!("“{}” occurs {} times; say which one", one_line(quote), places.len()));
            for (i, &p) in places.iter().enumerate().take(10) {
                let (line, col) = doc.text.line_col(p);
                d = d.help(format!(
                    "occurrence: {}  at [{}, {}) {line}:{col}  {}",
                    i + 1,
                    p,
                    p + len,
                    excerpt(&doc.text, p, p + len, 25)
                ));
            }
            if places.len() > 10 {
                d = d.help(format!("… and {} more", places.len() - 10));
            }
            d.help("add `occurrence: N`, or `prefix:`/`suffix:` with the text around it")
        }
        Resolution::NoSuchOccurrence { wanted, found } => {
            base(format!("`occurrence: {wanted}` but “{}” occurs {found} time(s)", one_line(quote)))
        }
    }
}

pub(super) fn corpus_ref(doc: &Document, start: usize, end: usize, label: &str) -> CorpusRef {
    CorpusRef::new(doc, start, end, label)
}

pub(super) fn one_line(s: &str) -> String {
    s.replace('\n', "⏎").replace('\r', "")
}

/// Code-point offset of the first place where `needle` matches `haystack` ignoring case
/// (char by char, so offsets stay those of the original text).
pub(super) fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let fold = |c: char| c.to_lowercase().next().unwrap_or(c);
    let needle: Vec<char> = needle.chars().map(fold).collect();
    let hay: Vec<char> = haystack.chars().map(fold).collect();
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_search_keeps_code_point_offsets() {
        // 'İ' lowercases to two code points; the offset must still be that of the original.
        assert_eq!(find_ignoring_case("İstanbul — “punjab”", "PUNJAB"), Some(12));
        assert_eq!(find_ignoring_case("abc", ""), None);
    }

    #[test]
    fn loose_boundaries_are_named() {
        for loose in ["the Taliban", "ISIS’s", "“Daesh”", "(ISIL-K)", "ISIL-K)", "Pakistan,"] {
            assert!(loose_boundary(loose).is_some(), "{loose}");
        }
        for tight in ["a year later", "The Media Line"] {
            assert_eq!(loose_boundary(tight), None, "{tight}");
        }
        assert!(loose_boundary("the region").is_some());
        for tight in
            ["The Media Line", "ISIS", "U.S.", "Lal Shahbaz Qalandar’s shrine", "Islamic State (IS)", "al-Qaeda"]
        {
            assert_eq!(loose_boundary(tight), None, "{tight}");
        }
    }
}
