//! Hover. On a span entry: the text it covers, in context, from the article, with the label's
//! description and the span's note; on `label:` the description; on `occurrence: N` the place
//! it points to. In a corpus file: who (each annotator, and the gold) has a span covering the
//! position, with its label: the reviewer's view.

use std::fmt::Write as _;

use concord_schema::yaml;
use concord_schema::{AnnotationFile, Document, GoldFile, LabelSet};
use concord_validate::resolve::{Resolution, resolve, resolve_entry};

use super::{entry_at, excerpt, key_at};
use crate::workspace::{Buffers, Loaded};

/// Markdown for the cursor at 1-based `line`, code-point `column` of an annotation file.
pub fn annotation(
    source: &str,
    line: u32,
    column: u32,
    doc: Option<&Document>,
    labels: Option<&LabelSet>,
) -> Option<String> {
    let tree = yaml::parse(source).ok()?;
    let file = AnnotationFile::decode(&tree);
    let entry = entry_at(&file, line)?;
    let describe = |name: &str| -> String {
        match labels.and_then(|l| l.get(name)) {
            Some(label) => format!("**{}**: {}", label.name, label.description),
            None => format!("**{name}**: not a label of schemas/labels.yaml"),
        }
    };
    match key_at(entry, line, column) {
        Some("label") => return entry.label.as_ref().map(|l| describe(l.value)),
        Some("occurrence") => {
            let (doc, quote, n) = (doc?, entry.text.as_ref()?, entry.occurrence.as_ref()?);
            let wanted = usize::try_from(n.value).ok();
            let prefix = entry.prefix.as_ref().map(|p| p.value);
            let suffix = entry.suffix.as_ref().map(|s| s.value);
            return Some(match resolve(&doc.text, quote.value, wanted, prefix, suffix) {
                Resolution::Found { start, end } => {
                    place(doc, start, end, &format!("occurrence {} of “{}”", n.value, quote.value))
                }
                Resolution::NoSuchOccurrence { found, .. } => {
                    format!("“{}” occurs {found} time(s): there is no occurrence {}", quote.value, n.value)
                }
                Resolution::NotFound => format!("“{}” does not occur in the document", quote.value),
                Resolution::Ambiguous(_) => String::new(),
            });
        }
        _ => {}
    }
    let mut out = String::new();
    if let Some(doc) = doc {
        match (entry.range(), resolve_entry(&doc.text, entry)) {
            (Some((s, e)), _) if s < e && e <= doc.text.len_chars() => out.push_str(&place(doc, s, e, "the span")),
            (Some((s, e)), _) => {
                let _ =
                    write!(out, "`[{s}, {e})` is not a span of the document ({} code points)", doc.text.len_chars());
            }
            (None, Some(Resolution::Found { start, end })) => {
                out.push_str(&place(doc, start, end, "the text is found"))
            }
            (None, Some(Resolution::Ambiguous(places))) => {
                let _ = write!(out, "the text occurs {} times; add `occurrence: N`:", places.len());
                let len = entry.text.as_ref().map_or(0, |t| t.value.chars().count());
                for (i, &p) in places.iter().enumerate().take(10) {
                    let _ = write!(out, "\n- {}: `{}`", i + 1, excerpt(&doc.text, p, p + len, 25));
                }
            }
            (None, Some(other)) => {
                let _ = write!(out, "the text cannot be placed: {other:?}");
            }
            (None, None) => {}
        }
    }
    if let Some(label) = &entry.label {
        let _ = write!(out, "\n\n{}", describe(label.value));
    }
    if let Some(note) = &entry.note {
        let _ = write!(out, "\n\nnote: {}", note.value);
    }
    Some(out.trim().to_owned()).filter(|s| !s.is_empty())
}

/// `[start, end)` of `doc` with its line, column and context.
fn place(doc: &Document, start: usize, end: usize, what: &str) -> String {
    let (line, column) = doc.text.line_col(start);
    format!(
        "{what}: `[{start}, {end})` at {}:{line}:{column}\n\n```text\n{}\n```",
        doc.id,
        excerpt(&doc.text, start, end, 60)
    )
}

/// Markdown for code point `offset` of corpus document `id`: every span covering it.
pub fn corpus(loaded: &Loaded, id: &str, offset: usize, buffers: &dyn Buffers) -> Option<String> {
    let mut rows: Vec<String> = Vec::new();
    let mut add = |who: &str, source: &str, gold: bool| {
        let Ok(tree) = yaml::parse(source) else { return };
        let entries: Vec<concord_schema::SpanEntry<'_>> = if gold {
            GoldFile::decode(&tree).gold_entries().map(|g| g.span.clone()).collect()
        } else {
            AnnotationFile::decode(&tree).spans.unwrap_or_default()
        };
        for e in entries {
            if let Some((s, end)) = e.range()
                && s <= offset
                && offset < end
            {
                let label = e.label.as_ref().map_or("?", |l| l.value);
                let text = e.text.as_ref().map(|t| format!(" “{}”", t.value)).unwrap_or_default();
                rows.push(format!("- **{who}**: {label} `[{s}, {end})`{text}"));
            }
        }
    };
    let read = |path: &std::path::Path| -> Option<String> {
        buffers.text(path).map(str::to_owned).or_else(|| concord_schema::read_utf8(path).ok())
    };
    for (annotator, path) in loaded.annotation_files(id) {
        if let Some(source) = read(&path) {
            add(&annotator, &source, false);
        }
    }
    if let Ok(project) = &loaded.project
        && let Some(source) = read(&project.layout.gold_path(id))
    {
        add("gold", &source, true);
    }
    if rows.is_empty() {
        return Some(format!("code point {offset}: no span covers it"));
    }
    Some(format!("code point {offset}, covered by:\n{}", rows.join("\n")))
}
