//! Completion: label names with their descriptions after `label:`, the article's words after
//! `text:`, document ids after `document:`, and keys at the start of a line (top-level keys at
//! the margin, span keys inside `spans`). Values are written through `yaml::string_scalar`, so
//! a completed word that YAML would read as a number or a boolean is quoted.

use concord_schema::text::word_tokens;
use concord_schema::yaml;
use concord_schema::{Document, LabelSet};
use lsp_types::{CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind};

/// Most article words offered.
const MAX_WORDS: usize = 2000;

const TOP_KEYS: [(&str, &str); 4] = [
    ("document", "the corpus document this file annotates (its file stem)"),
    ("annotator", "the annotator: the folder's name"),
    ("text_sha256", "the sha256 of the document text the offsets were made against (written by fix)"),
    ("spans", "the spans: a list (`spans: []` means annotated, found nothing)"),
];

const SPAN_KEYS: [(&str, &str); 8] = [
    ("start", "first code point of the span (0-based)"),
    ("end", "code point after the span (half-open)"),
    ("text", "the document's text at [start, end), or a quote for fix to place"),
    ("label", "a label of schemas/labels.yaml"),
    ("occurrence", "which occurrence of `text` (1-based), when it occurs several times"),
    ("prefix", "text just before the span, to choose among occurrences"),
    ("suffix", "text just after the span, to choose among occurrences"),
    ("note", "a free comment for reviewers"),
];

/// Completions for a cursor after `before` (the line's text up to the cursor).
pub fn complete(
    before: &str,
    labels: Option<&LabelSet>,
    doc: Option<&Document>,
    ids: &[String],
) -> Vec<CompletionItem> {
    let trimmed = before.trim_start();
    let in_list = trimmed.starts_with("- ");
    let body = trimmed.trim_start_matches("- ").trim_start_matches('{').trim_start();
    let body = body.rsplit(", ").next().unwrap_or(body).trim_start();
    if body.starts_with("label:") {
        return labels
            .map(|l| {
                l.labels
                    .iter()
                    .map(|label| CompletionItem {
                        label: label.name.clone(),
                        kind: Some(CompletionItemKind::ENUM_MEMBER),
                        detail: Some(label.description.clone()),
                        documentation: Some(Documentation::MarkupContent(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value: format!("**{}**: {}", label.name, label.description),
                        })),
                        ..CompletionItem::default()
                    })
                    .collect()
            })
            .unwrap_or_default();
    }
    if body.starts_with("text:") || body.starts_with("prefix:") || body.starts_with("suffix:") {
        let Some(doc) = doc else { return Vec::new() };
        let mut seen = std::collections::HashSet::new();
        return word_tokens(doc.text.as_str())
            .into_iter()
            .filter_map(|(s, e)| doc.text.slice(s, e))
            .filter(|w| seen.insert(*w))
            .take(MAX_WORDS)
            .map(|w| CompletionItem {
                label: w.to_owned(),
                kind: Some(CompletionItemKind::TEXT),
                insert_text: Some(yaml::string_scalar(w)),
                ..CompletionItem::default()
            })
            .collect();
    }
    if body.starts_with("document:") {
        return ids
            .iter()
            .map(|id| CompletionItem {
                label: id.clone(),
                kind: Some(CompletionItemKind::FILE),
                ..CompletionItem::default()
            })
            .collect();
    }
    if body.contains(':') {
        return Vec::new();
    }
    let keys: &[(&str, &str)] = if before.starts_with(char::is_whitespace) || in_list { &SPAN_KEYS } else { &TOP_KEYS };
    keys.iter()
        .map(|(key, what)| CompletionItem {
            label: (*key).to_owned(),
            kind: Some(CompletionItemKind::PROPERTY),
            detail: Some((*what).to_owned()),
            insert_text: Some(format!("{key}: ")),
            ..CompletionItem::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_offered_depends_on_the_line() {
        let labels = LabelSet::from_yaml("labels:\n  - {name: GPE, description: a place}\n").expect("labels");
        let doc = Document::from_text("d", "In Punjab, 2014 “Punjab”.".to_owned());
        let names = |items: Vec<CompletionItem>| items.into_iter().map(|i| i.label).collect::<Vec<_>>();
        assert_eq!(names(complete("    label: ", Some(&labels), None, &[])), ["GPE"]);
        assert_eq!(names(complete("  - text: P", None, Some(&doc), &[])), ["In", "Punjab", "2014"]);
        let year = complete("    text: ", None, Some(&doc), &[]).into_iter().find(|i| i.label == "2014");
        assert_eq!(year.and_then(|i| i.insert_text).as_deref(), Some("\"2014\""));
        assert_eq!(names(complete("doc", None, None, &[])), ["document", "annotator", "text_sha256", "spans"]);
        assert_eq!(names(complete("  - la", None, None, &[])).len(), 8);
        assert!(complete("    start: 3", None, None, &[]).is_empty());
    }
}
