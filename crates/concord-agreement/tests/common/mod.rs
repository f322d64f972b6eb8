//! Building annotation sets for tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use concord_schema::{AnnotationSet, DocumentAnnotations, Span, Text};

/// A document: id, text, and per annotator `Some(spans)` (a file) or `None` (no file).
pub type Doc<'a> = (&'a str, &'a str, Vec<(&'a str, Option<Vec<Span>>)>);

pub fn set(labels: &[&str], docs: Vec<Doc<'_>>) -> AnnotationSet {
    let documents = docs
        .into_iter()
        .map(|(id, text, by)| DocumentAnnotations {
            id: id.to_owned(),
            text: Text::new(text.to_owned()),
            by_annotator: by
                .into_iter()
                .filter_map(|(a, spans)| Some((a.to_owned(), spans?)))
                .collect::<BTreeMap<String, Vec<Span>>>(),
        })
        .collect();
    AnnotationSet::new(labels.iter().map(|l| (*l).to_owned()).collect(), documents)
}

pub fn span(start: usize, end: usize, label: &str) -> Span {
    Span::new(start, end, label)
}

/// Code-point offsets of the first occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

pub fn at(text: &str, needle: &str, label: &str) -> Span {
    let (s, e) = find(text, needle);
    Span::new(s, e, label)
}
