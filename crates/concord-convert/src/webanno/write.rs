//! Writing one file: a document cut into tokens and sentences the way INCEpTION rebuilds it,
//! each span put on the units (tokens, sub-tokens) INCEpTION's own writer would put it on, and
//! the lines rendered.
//!
//! The cutting ([`TokenizedDocument`]) is done once per document and shared by every
//! annotator's file. The units of the spans ([`SpanUnits`]) follow INCEpTION's
//! `Tsv3XCasDocumentBuilder` (sub-tokens, ids for stacked and multi-token spans, id order), so
//! sub-token lines and ids come out as INCEpTION's writer makes them (tested on its own case)
//! and a project gives the same bytes every time.

use std::cmp::Reverse;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use crate::error::Location;
use crate::export::ExportSpan;
use crate::notice::Notice;
use crate::offsets::Utf16Map;
use crate::tokens::{Tokenizer, line_sentences};

use super::escape::{escape_text, escape_value};
use super::{FORMAT_LINE, NAMED_ENTITY, NO_ANNOTATION, NO_VALUE, SPAN_PREFIX, TEXT_PREFIX};

/// A span as written: code-point range and label.
pub(super) type WrittenSpan<'s> = (usize, usize, &'s str);

/// A sentence: its tokens and the code-point range `#Text=` covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Sentence {
    pub(super) tokens: Range<usize>,
    pub(super) begin: usize,
    pub(super) end: usize,
}

/// A document's tokens and sentences, shared by every annotator's file.
#[derive(Debug)]
pub(super) struct TokenizedDocument {
    chars: Vec<char>,
    map: Utf16Map,
    tokens: Vec<(usize, usize)>,
    pub(super) sentences: Vec<Sentence>,
}

impl TokenizedDocument {
    pub(super) fn new(text: &str) -> TokenizedDocument {
        let chars: Vec<char> = text.chars().collect();
        let tokens = Tokenizer::WordsAndPunctuation.tokens(text);
        let groups = line_sentences(text, &tokens);
        let mut sentences = Vec::with_capacity(groups.len());
        for (n, group) in groups.iter().enumerate() {
            let begin = tokens[group.start].0;
            let last_end = tokens[group.end - 1].1;
            let end = match groups.get(n + 1) {
                Some(next) => {
                    // INCEpTION rebuilds the gap to the next sentence as a line break and spaces.
                    let next_begin = tokens[next.start].0;
                    let gap = &chars[last_end..next_begin];
                    match gap.iter().rposition(|&c| c == '\n') {
                        Some(p) if gap[p + 1..].iter().all(|&c| c == ' ') => last_end + p,
                        _ => next_begin,
                    }
                }
                // ... and adds a line break after the last one.
                None if chars.last() == Some(&'\n') => chars.len() - 1,
                None => chars.len(),
            };
            sentences.push(Sentence { tokens: group.clone(), begin, end });
        }
        TokenizedDocument { map: Utf16Map::new(text), chars, tokens, sentences }
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }
}

#[derive(Debug)]
struct SubToken {
    begin: usize,
    end: usize,
    annotations: Vec<usize>,
}

/// Where each span goes: the units (tokens, sub-tokens) it is written on, and its id.
#[derive(Debug)]
struct SpanUnits {
    on_token: Vec<Vec<usize>>,
    sub_tokens: Vec<Vec<SubToken>>,
    ids: Vec<Option<u32>>,
    next_id: u32,
}

impl SpanUnits {
    fn assign_id(&mut self, annotation: usize) {
        if self.ids[annotation].is_none() {
            self.next_id += 1;
            self.ids[annotation] = Some(self.next_id);
        }
    }

    /// Adds an annotation to a unit; stacked annotations all get ids (as INCEpTION's writer does).
    fn add(&mut self, unit: (usize, Option<usize>), annotation: usize) {
        let list = match unit {
            (t, None) => &mut self.on_token[t],
            (t, Some(s)) => &mut self.sub_tokens[t][s].annotations,
        };
        if list.contains(&annotation) {
            return;
        }
        let stacked = !list.is_empty();
        list.push(annotation);
        if stacked {
            let all = list.clone();
            for a in all {
                self.assign_id(a);
            }
        }
    }

    fn sub_token(&mut self, token: usize, begin: usize, end: usize) -> (usize, Option<usize>) {
        let subs = &mut self.sub_tokens[token];
        let index = match subs.iter().position(|s| (s.begin, s.end) == (begin, end)) {
            Some(i) => i,
            None => {
                subs.push(SubToken { begin, end, annotations: Vec::new() });
                subs.len() - 1
            }
        };
        (token, Some(index))
    }
}

/// The spans as written: whitespace at their edges left out (the format cannot address it).
pub(super) fn trimmed_spans<'s>(
    doc: &TokenizedDocument,
    spans: &'s [ExportSpan],
    file: &Path,
    notices: &mut Vec<Notice>,
) -> Vec<WrittenSpan<'s>> {
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let end = s.end.min(doc.chars.len());
        let mut start = s.start.min(end);
        let mut stop = end;
        while start < stop && doc.chars[start].is_whitespace() {
            start += 1;
        }
        while stop > start && doc.chars[stop - 1].is_whitespace() {
            stop -= 1;
        }
        if start == stop {
            notices.push(Notice::new(
                Some(Location::file(file)),
                format!(
                    "span [{}, {}) `{}` is only whitespace, which WebAnno TSV cannot address: not exported",
                    s.start, s.end, s.label
                ),
            ));
            continue;
        }
        if (start, stop) != (s.start, s.end) {
            notices.push(Notice::new(
                Some(Location::file(file)),
                format!(
                    "span [{}, {}) `{}` {:?} has whitespace at its edge, which WebAnno TSV cannot address: exported as [{start}, {stop})",
                    s.start,
                    s.end,
                    s.label,
                    doc.text(s.start.min(end), end)
                ),
            ));
        }
        out.push((start, stop, s.label.as_str()));
    }
    out
}

fn place(doc: &TokenizedDocument, spans: &[WrittenSpan<'_>]) -> SpanUnits {
    let mut units = SpanUnits {
        on_token: vec![Vec::new(); doc.tokens.len()],
        sub_tokens: doc.tokens.iter().map(|_| Vec::new()).collect(),
        ids: vec![None; spans.len()],
        next_id: 0,
    };
    // INCEpTION's writer visits annotations in UIMA's index order: by begin, longest first.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, Reverse(spans[i].1), spans[i].2, i));
    let tokens = &doc.tokens;
    for a in order {
        let (begin, end, _) = spans[a];
        // Both edges are on non-whitespace characters, which always lie in a token.
        let first = tokens.partition_point(|t| t.1 <= begin);
        let last = tokens.partition_point(|t| t.1 < end);
        let (Some(&(first_begin, first_end)), Some(&(last_begin, last_end))) = (tokens.get(first), tokens.get(last))
        else {
            continue;
        };
        let single = first == last;
        if first_begin == begin && last_end == end {
            units.add((first, None), a);
            units.add((last, None), a);
        } else {
            if first_begin < begin {
                let unit = units.sub_token(first, begin, first_end.min(end));
                units.add(unit, a);
            } else if first_end <= end {
                units.add((first, None), a);
            }
            if last_end > end {
                let unit = units.sub_token(last, last_begin.max(begin), end);
                units.add(unit, a);
            } else if !single {
                units.add((last, None), a);
            }
        }
        if !single {
            for t in first + 1..last {
                units.add((t, None), a);
            }
            units.assign_id(a);
        }
    }
    units
}

/// The `identifier` and `value` cells of a unit.
fn cells(annotations: &[usize], spans: &[WrittenSpan<'_>], ids: &[Option<u32>]) -> (String, String) {
    if annotations.is_empty() {
        return (NO_ANNOTATION.to_owned(), NO_ANNOTATION.to_owned());
    }
    let id = |a: usize| ids[a].map(|n| format!("[{n}]")).unwrap_or_default();
    let identifier: Vec<String> = annotations.iter().map(|&a| format!("{NO_VALUE}{}", id(a))).collect();
    let value: Vec<String> = annotations.iter().map(|&a| format!("{}{}", escape_value(spans[a].2), id(a))).collect();
    (identifier.join("|"), value.join("|"))
}

/// The header every exported file has: the named-entity layer with its two features.
pub(super) fn header() -> String {
    format!("{FORMAT_LINE}\n{SPAN_PREFIX}{NAMED_ENTITY}|identifier|value\n\n")
}

/// The whole file for `spans` (trimmed by [`trimmed_spans`]) on `doc`.
pub(super) fn render(doc: &TokenizedDocument, spans: &[WrittenSpan<'_>]) -> String {
    let units = place(doc, spans);
    let mut out = header();
    let unit_line = |out: &mut String, id: &str, begin: usize, end: usize, annotations: &[usize]| {
        let (identifier, value) = cells(annotations, spans, &units.ids);
        let _ = writeln!(
            out,
            "{id}\t{}-{}\t{}\t{identifier}\t{value}\t",
            doc.map.to_utf16(begin),
            doc.map.to_utf16(end),
            doc.text(begin, end)
        );
    };
    for (s, sentence) in doc.sentences.iter().enumerate() {
        out.push('\n');
        for line in doc.text(sentence.begin, sentence.end).split('\n') {
            let _ = writeln!(out, "{TEXT_PREFIX}{}", escape_text(line));
        }
        for (p, t) in sentence.tokens.clone().enumerate() {
            let (begin, end) = doc.tokens[t];
            let id = format!("{}-{}", s + 1, p + 1);
            unit_line(&mut out, &id, begin, end, &units.on_token[t]);
            for (k, sub) in units.sub_tokens[t].iter().enumerate() {
                unit_line(&mut out, &format!("{id}.{}", k + 1), sub.begin, sub.end, &sub.annotations);
            }
        }
    }
    out
}
