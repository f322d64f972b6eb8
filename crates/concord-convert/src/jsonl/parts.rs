//! Sentences and paragraphs: where a task's text sits in its document, and how the parts of one
//! (document, annotator) become one annotation.
//!
//! A task holds no offset of its text inside the document, so a part is placed by finding its
//! text there, and only where that is unambiguous: a text found at several places is placed
//! only when it has no spans to misplace. Parts are checked against each other once all files
//! are read, because the parts of one document may be spread over lines and files.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use concord_schema::{Document, Text};

use crate::Corpus;
use crate::error::{ConvertError, ErrorKind, Location};
use crate::import::{ImportedAnnotation, ImportedSpan};
use crate::notice::Notice;

/// One imported line: a whole document, or a part of one.
pub(super) struct DocumentPart {
    /// Where the line's text sits in the document, in code points; `None` for a text found at
    /// several places that has no spans, so its place does not matter.
    pub(super) range: Option<(usize, usize)>,
    pub(super) whole: bool,
    pub(super) at: Location,
    /// In code points of the document.
    pub(super) spans: Vec<ImportedSpan>,
}

/// The corpus document a line's text is, and where in it the text starts (`None`: at several
/// places, and the line has no spans to place).
pub(super) fn place<'c>(
    corpus: &'c Corpus,
    name: Option<&str>,
    text: &Text,
    has_spans: bool,
    at: &Location,
) -> Result<(&'c Document, Option<usize>), ConvertError> {
    let named = name.and_then(|n| corpus.id_for_name(n)).and_then(|id| corpus.get(id));
    if let Some(doc) = named
        && !text.is_empty()
        && !doc.has_text(text.as_str())
    {
        let found = doc.text.find_all(text.as_str());
        match found.as_slice() {
            [] => {}
            [one] => return Ok((doc, Some(*one))),
            _ if !has_spans => return Ok((doc, None)),
            many => {
                let places: Vec<String> = many
                    .iter()
                    .take(5)
                    .map(|&o| {
                        let (line, column) = doc.text.line_col(o);
                        format!("{line}:{column}")
                    })
                    .collect();
                return Err(ConvertError::at(
                    ErrorKind::Unsupported,
                    at.clone(),
                    format!(
                        "this text occurs {} times in document `{}` (at corpus line:column {}{}): its spans cannot be placed",
                        many.len(),
                        doc.id,
                        places.join(", "),
                        if many.len() > places.len() { ", ..." } else { "" }
                    ),
                )
                .help("a task holds no offset of its text inside the document; import the document's text whole instead of this part"));
            }
        }
    }
    let doc = corpus.match_document(name, Some(text.as_str()), at).map_err(|e| match named {
        Some(_) => e.help("nor does this text occur inside the document, as a sentence or paragraph of it would"),
        None => e.help(
            "a sentence or paragraph of a corpus document is placed in it when `meta.document` names the document",
        ),
    })?;
    Ok((doc, Some(0)))
}

/// One annotation per (document, annotator), its spans from all its parts; with a notice for
/// each document whose parts leave some of its text out.
pub(super) fn assemble(
    corpus: &Corpus,
    parts: BTreeMap<(String, String), Vec<DocumentPart>>,
) -> Result<(Vec<ImportedAnnotation>, Vec<Notice>), ConvertError> {
    let mut annotations = Vec::with_capacity(parts.len());
    let mut notices = Vec::new();
    for ((document, annotator), parts) in parts {
        check_overlaps(&parts, &document, &annotator)?;
        let Some(source) = parts.iter().map(|p| &p.at).min().cloned() else { continue };
        if !parts.iter().any(|p| p.whole)
            && let Some(doc) = corpus.get(&document)
            && let Some(notice) = uncovered(doc, &parts, &annotator, &source)
        {
            notices.push(notice);
        }
        let spans = parts.into_iter().flat_map(|p| p.spans).collect();
        annotations.push(ImportedAnnotation { document, annotator, source, spans });
    }
    Ok((annotations, notices))
}

/// Two lines filed under one (document, annotator) must not cover the same text.
fn check_overlaps(parts: &[DocumentPart], document: &str, annotator: &str) -> Result<(), ConvertError> {
    let mut placed: Vec<&DocumentPart> = parts.iter().filter(|p| p.range.is_some()).collect();
    placed.sort_by_key(|p| p.range);
    let mut reach: Option<&DocumentPart> = None;
    for part in placed {
        let (Some((start, end)), Some(before)) = (part.range, reach) else {
            reach = Some(part);
            continue;
        };
        let Some((_, before_end)) = before.range else { continue };
        if start < before_end {
            let (first, second) = if before.at <= part.at { (before, part) } else { (part, before) };
            let message = if first.whole && second.whole {
                format!("a second annotation by `{annotator}` of document `{document}` (the first is at {})", first.at)
            } else if first.range == second.range {
                format!(
                    "this is the same text of document `{document}` as the task at {}, both by `{annotator}`",
                    first.at
                )
            } else {
                format!(
                    "this task's text overlaps the text of the task at {} in document `{document}`, both by `{annotator}`",
                    first.at
                )
            };
            return Err(ConvertError::at(ErrorKind::Conflict, second.at.clone(), message).help(
                "concord keeps one annotation per annotator and document: remove one of the lines, or import them apart with --annotator NAME",
            ));
        }
        if end > before_end {
            reach = Some(part);
        }
    }
    Ok(())
}

/// A notice when the parts of a document imported for one annotator leave some of its text out.
fn uncovered(doc: &Document, parts: &[DocumentPart], annotator: &str, source: &Location) -> Option<Notice> {
    let mut ranges: Vec<(usize, usize)> = parts.iter().filter_map(|p| p.range).collect();
    ranges.sort_unstable();
    let mut ranges = ranges.into_iter().peekable();
    let (mut missing, mut first) = (0usize, None);
    let mut covered_until = 0;
    for (i, c) in doc.text.as_str().chars().enumerate() {
        while let Some(&(start, end)) = ranges.peek() {
            if start > i {
                break;
            }
            covered_until = covered_until.max(end);
            ranges.next();
        }
        if i >= covered_until && !c.is_whitespace() {
            missing += 1;
            first.get_or_insert(i);
        }
    }
    let first = first?;
    let (line, column) = doc.text.line_col(first);
    let unplaced = parts.iter().filter(|p| p.range.is_none()).count();
    let mut message = format!(
        "document `{}` by `{annotator}` is put together from {} task(s) (sentences or paragraphs); {missing} non-space character(s) of it are in none of them (the first at corpus line {line}, column {column}) and are filed as annotated with nothing found",
        doc.id,
        parts.len(),
    );
    if unplaced > 0 {
        let _ = write!(message, " ({unplaced} task(s) without spans whose text occurs more than once are not counted)");
    }
    Some(Notice::new(Some(source.clone()), message))
}
