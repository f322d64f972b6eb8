//! One `.ann` file to spans on its document: lines parsed, ids checked, every `T` line's text
//! checked against the document, notes attached, and what concord cannot hold counted.
//!
//! The parser works on the file's text only (the caller reads and matches the document), and
//! keeps every field as a slice of that text, so its [`SourceMap`] places each error at the
//! field it is about, in code points. It stops at the first error: an import writes nothing
//! unless every file is good, so later errors would only be noise.

use std::collections::HashMap;

use concord_schema::Document;

use crate::Discontinuous;
use crate::error::{ConvertError, ErrorKind, Location};
use crate::import::ImportedSpan;
use crate::notice::{Notice, Tally};
use crate::source_map::SourceMap;

use super::fragments;

/// One entity as its `T` line gives it.
struct TextBound {
    label: String,
    /// Fragments in code points, as written (or joined, see [`fragments::join_whitespace_gaps`]).
    fragments: Vec<(usize, usize)>,
    at: Location,
    notes: Vec<String>,
    /// Whether fragments separated only by whitespace were joined.
    joined: bool,
}

/// What a file holds that concord cannot, counted for one notice per file.
#[derive(Default)]
struct Unheld {
    relations: Tally,
    events: Tally,
    attributes: Tally,
    normalizations: Tally,
    equivalences: Tally,
    other_comments: Tally,
    notes_elsewhere: Tally,
    trailing_text: Tally,
}

impl Unheld {
    /// One notice for the whole file, each kind with its count.
    fn notice(&self, map: &SourceMap<'_>) -> Option<Notice> {
        let kinds = [
            (&self.relations, "relation(s) (R)"),
            (&self.events, "event(s) (E; their trigger spans were imported)"),
            (&self.attributes, "attribute(s) (A/M)"),
            (&self.normalizations, "normalization(s) (N)"),
            (&self.equivalences, "equivalence(s) (*)"),
            (&self.notes_elsewhere, "note(s) on relations or attributes"),
            (&self.other_comments, "comment(s) other than AnnotatorNotes"),
            (&self.trailing_text, "text(s) after an entity's text field"),
        ];
        let parts: Vec<String> =
            kinds.iter().filter(|(t, _)| t.count > 0).map(|(t, what)| format!("{} {what}", t.count)).collect();
        (!parts.is_empty())
            .then(|| Notice::new(Some(map.file()), format!("skipped what concord cannot hold: {}", parts.join(", "))))
    }
}

/// Ids as brat takes them: `*`, or letters (or `#` and letters), digits, and any tail.
fn id_kind(id: &str) -> Option<char> {
    if id == "*" {
        return Some('*');
    }
    let first = id.chars().next()?;
    let prefix_len = if first == '#' {
        1 + id[1..].chars().take_while(char::is_ascii_alphabetic).count()
    } else {
        id.chars().take_while(char::is_ascii_alphabetic).count()
    };
    let digits = id[prefix_len..].chars().next().is_some_and(|c| c.is_ascii_digit());
    (prefix_len > 0 && digits).then_some(first)
}

/// The spans of the `.ann` whose text `map` holds, on `doc`; `has_txt` says whether the `.txt`
/// beside it was there (and matched `doc`). The file's notices go to `notices`.
pub(super) fn spans(
    map: &SourceMap<'_>,
    doc: &Document,
    has_txt: bool,
    discontinuous: Discontinuous,
    notices: &mut Vec<Notice>,
) -> Result<Vec<ImportedSpan>, ConvertError> {
    let mut unheld = Unheld::default();
    let mut ids: HashMap<&str, (usize, char)> = HashMap::new();
    let mut entities: Vec<(String, TextBound)> = Vec::new();
    let mut entity_index: HashMap<String, usize> = HashMap::new();
    let mut triggers: HashMap<&str, &str> = HashMap::new();
    // (target id, note text): the target is a slice of the source, which places the error.
    let mut notes: Vec<(&str, &str)> = Vec::new();

    for (i, raw) in map.source().split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let at = |part: &str| map.at_slice(part);
        let Some((id, rest)) = line.split_once('\t') else {
            return Err(ConvertError::syntax(at(&line[line.len()..]), "expected a tab after the annotation id")
                .help("brat lines are ID⇥ANNOTATION⇥TEXT, e.g. `T1⇥GPE 7 13⇥Quetta`"));
        };
        let Some(kind) = id_kind(id) else {
            return Err(ConvertError::syntax(at(id), format!("`{id}` is not a brat annotation id"))
                .help("ids are a type letter and a number: T1, R2, E3, A4, N5, #6, or * for equivalences"));
        };
        if kind != '*'
            && let Some((first, _)) = ids.insert(id, (line_no, kind))
        {
            return Err(ConvertError::syntax(at(id), format!("id `{id}` is used twice (first on line {first})")));
        }
        let (data, text_field) = match rest.split_once('\t') {
            Some((data, text)) => (data, Some(text)),
            None => (rest, None),
        };
        match kind {
            'T' => {
                let entity = textbound(map, line, (data, text_field), doc, has_txt, &mut unheld)?;
                if entity.fragments.len() > 1 && discontinuous == Discontinuous::Refuse {
                    return Err(ConvertError::at(
                        ErrorKind::Unsupported,
                        at(data.split_once(' ').map_or(data, |(_, offsets)| offsets)),
                        format!(
                            "`{id}` is a discontinuous entity ({} fragments with text between them); concord spans are contiguous",
                            entity.fragments.len()
                        ),
                    )
                    .help("pass --discontinuous split to import each fragment as a span of its own")
                    .help("or join the fragments into one span in brat and export again"));
                }
                entity_index.insert(id.to_owned(), entities.len());
                entities.push((id.to_owned(), entity));
            }
            'E' => {
                let head = data.split(' ').next().unwrap_or_default();
                match head.split_once(':') {
                    Some((ty, trigger)) if !ty.is_empty() && !trigger.is_empty() && !trigger.contains(':') => {
                        triggers.insert(id, trigger);
                    }
                    _ => {
                        return Err(ConvertError::syntax(at(data), "an event starts with TYPE:TRIGGER")
                            .help("e.g. `E1⇥Attack:T3 Target:T1`"));
                    }
                }
                unheld.events.add(&at(id));
            }
            'R' => unheld.relations.add(&at(id)),
            'A' | 'M' => unheld.attributes.add(&at(id)),
            'N' => unheld.normalizations.add(&at(id)),
            '*' => unheld.equivalences.add(&at(id)),
            '#' => {
                let parts: Vec<&str> = data.split_whitespace().collect();
                let [ty, target] = parts[..] else {
                    return Err(ConvertError::syntax(at(data), "a note line is `#N⇥TYPE TARGET⇥TEXT`")
                        .help("e.g. `#1⇥AnnotatorNotes T1⇥checked with the editor`"));
                };
                if ty == "AnnotatorNotes" {
                    notes.push((target, text_field.unwrap_or_default()));
                } else {
                    unheld.other_comments.add(&at(id));
                }
            }
            other => {
                return Err(ConvertError::syntax(at(id), format!("unknown annotation type `{other}`"))
                    .help("brat lines are T (text-bound), R, E, A, M, N, # and *"));
            }
        }
    }

    for (target_field, note) in notes {
        let target =
            triggers.get(target_field).copied().filter(|t| entity_index.contains_key(*t)).unwrap_or(target_field);
        if let Some(&i) = entity_index.get(target) {
            entities[i].1.notes.push(note.to_owned());
        } else if ids.contains_key(target) {
            unheld.notes_elsewhere.add(&map.at_slice(target_field));
        } else {
            return Err(ConvertError::syntax(
                map.at_slice(target_field),
                format!("this note is on `{target}`, which the file does not define"),
            ));
        }
    }

    let mut spans = Vec::new();
    let mut joined = Tally::default();
    let mut split: Vec<(String, usize)> = Vec::new();
    for (id, entity) in entities {
        let note = (!entity.notes.is_empty()).then(|| entity.notes.join("\n"));
        if entity.fragments.len() > 1 {
            split.push((id, entity.at.line));
        }
        if entity.joined {
            joined.add(&entity.at);
        }
        for (start, end) in entity.fragments {
            spans.push(ImportedSpan {
                start,
                end,
                label: entity.label.clone(),
                note: note.clone(),
                at: entity.at.clone(),
            });
        }
    }
    if joined.count > 0 {
        notices.push(Notice::new(
            Some(map.file()),
            format!(
                "{} entit(ies) made of fragments separated only by line breaks or spaces were read as one span each \
                 (brat cuts a span at line breaks)",
                joined.count
            ),
        ));
    }
    if !split.is_empty() {
        let shown: Vec<String> = split.iter().take(5).map(|(id, line)| format!("{id} (line {line})")).collect();
        let more = if split.len() > 5 { format!(", and {} more", split.len() - 5) } else { String::new() };
        notices.push(Notice::new(
            Some(map.file()),
            format!(
                "{} discontinuous entit(ies) split into one span per fragment: {}{more}",
                split.len(),
                shown.join(", ")
            ),
        ));
    }
    notices.extend(unheld.notice(map));
    Ok(spans)
}

/// Parses `TYPE START END[;START END]…` (the `data` of a `T` line), checks the text field
/// against the document, and joins fragments that only whitespace separates.
fn textbound(
    map: &SourceMap<'_>,
    line: &str,
    (data, text_field): (&str, Option<&str>),
    doc: &Document,
    has_txt: bool,
    unheld: &mut Unheld,
) -> Result<TextBound, ConvertError> {
    let at = |part: &str| map.at_slice(part);
    let Some((label, offsets)) = data.split_once(' ') else {
        return Err(
            ConvertError::syntax(at(data), "expected `TYPE START END` after the id").help("e.g. `T1⇥GPE 7 13⇥Quetta`")
        );
    };
    if label.is_empty() {
        return Err(ConvertError::syntax(at(data), "the entity has no type"));
    }
    let len = doc.text.len_chars();
    let mut fragments: Vec<(usize, usize)> = Vec::new();
    for fragment in offsets.split(';') {
        let numbers: Vec<&str> = fragment.split_whitespace().collect();
        let [start, end] = numbers[..] else {
            let where_ = if fragment.trim().is_empty() { offsets } else { fragment };
            return Err(ConvertError::syntax(at(where_), format!("expected `START END`, found `{fragment}`"))
                .help("fragments of a discontinuous entity are separated by `;`: `0 5;10 15`"));
        };
        let number = |s: &str| -> Result<usize, ConvertError> {
            if !s.chars().all(|c| c.is_ascii_digit()) {
                return Err(ConvertError::syntax(at(s), format!("offset `{s}` is not a whole number")));
            }
            s.parse::<usize>().map_err(|_| ConvertError::syntax(at(s), format!("offset `{s}` is too large")))
        };
        let (s, e) = (number(start)?, number(end)?);
        if s > e {
            return Err(ConvertError::syntax(at(start), format!("the start {s} is after the end {e}")));
        }
        if e > len {
            return Err(ConvertError::at(
                ErrorKind::Unsupported,
                at(end),
                format!("offset {e} is past the end of document `{}` ({len} code points)", doc.id),
            )
            .help("brat offsets count code points of the .txt; was the .ann made against another text?"));
        }
        if let Some(&(os, oe)) = fragments.iter().find(|&&(os, oe)| s < oe && os < e) {
            return Err(ConvertError::syntax(at(start), format!("fragment {s} {e} overlaps fragment {os} {oe}")));
        }
        fragments.push((s, e));
    }
    let expected = fragments::covered_text(&doc.text, &fragments);
    let missing = text_field.is_none_or(|f| f.trim().is_empty() && !expected.is_empty());
    match text_field {
        // brat fills a missing text from the .txt; without the .txt nothing would check the offsets.
        _ if missing && !has_txt => {
            return Err(ConvertError::at(
                ErrorKind::TextMismatch,
                at(&line[line.len()..]),
                "this entity has no text, and there is no .txt beside the .ann: nothing shows its offsets fit the document",
            )
            .help("put the document's .txt beside the .ann (brat keeps them together)"));
        }
        _ if missing => {}
        None => {}
        Some(field) => {
            let n = expected.chars().count();
            let cut = field.char_indices().nth(n).map_or(field.len(), |(b, _)| b);
            let (head, tail) = field.split_at(cut);
            if head != expected || tail.starts_with(|c: char| !c.is_whitespace()) {
                let shown: String = field.chars().take(n + 10).collect();
                let near = fragments.first().map_or(0, |f| f.0);
                let occurs = crate::corpus::where_it_occurs(doc, field.trim_end(), near);
                return Err(ConvertError::at(
                    ErrorKind::TextMismatch,
                    at(field),
                    format!(
                        "the entity's text {shown:?} differs from document `{}` at {}: {expected:?}",
                        doc.id,
                        fragments.iter().map(|(s, e)| format!("[{s}, {e})")).collect::<Vec<_>>().join(" ")
                    ),
                )
                .help(occurs.unwrap_or_else(|| "the text occurs nowhere in the document".to_owned()))
                .help("the offsets were made against other text; import stopped, nothing was written"));
            }
            if !tail.trim().is_empty() {
                unheld.trailing_text.add(&at(tail));
            }
        }
    }
    let joined = fragments::join_whitespace_gaps(&fragments, &doc.text);
    Ok(TextBound {
        label: label.to_owned(),
        joined: joined.is_some(),
        fragments: joined.unwrap_or(fragments),
        at: at(label),
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn ids_are_taken_as_brat_takes_them() {
        assert_eq!(id_kind("T1"), Some('T'));
        assert_eq!(id_kind("T12a"), Some('T'));
        assert_eq!(id_kind("#3"), Some('#'));
        assert_eq!(id_kind("*"), Some('*'));
        assert_eq!(id_kind("T"), None);
        assert_eq!(id_kind("1"), None);
        assert_eq!(id_kind("X1"), Some('X'));
        assert_eq!(id_kind(""), None);
    }

    #[test]
    fn errors_are_placed_in_code_points_at_their_field() {
        let doc = Document::from_text("d", "😀 Quetta".to_owned());
        // `É` is two bytes and one code point: `x` is column 8.
        let ann = "T1\tGPE 2 8\tQuetta\nT2\tÉ 0 x\tQuetta\n";
        let map = SourceMap::new(Path::new("a.ann"), ann);
        let e = spans(&map, &doc, true, Discontinuous::Refuse, &mut Vec::new()).expect_err("not a number");
        assert_eq!(e.location, Some(Location::at("a.ann", 2, 8)));
    }
}
