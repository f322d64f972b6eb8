//! The file's shape: keys given twice, and the generated JSON Schema (with a hint for a
//! misspelt key).

use super::*;

pub(super) fn duplicate_keys(path: &Path, node: &Node, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::Map(entries) => {
            // Small mappings (all real ones) scan; a huge one gets a hash map, so a file with
            // 100,000 keys costs 100,000 steps, not 5 billion.
            let mut index: HashMap<&str, &Node> = HashMap::new();
            for (i, (key, value)) in entries.iter().enumerate() {
                let earlier = match &key.value {
                    Value::String(k) if entries.len() > 16 => match index.entry(k.as_str()) {
                        std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(key);
                            None
                        }
                    },
                    _ => entries[..i].iter().find(|(k, _)| k.value == key.value).map(|(k, _)| k),
                };
                if let Some(first) = earlier {
                    out.push(
                        Diagnostic::new(
                            Code::DuplicateKey,
                            path,
                            key.start.line,
                            key.start.column,
                            format!("duplicated key; the first one is on line {}", first.start.line),
                        )
                        .width(key.end.offset.saturating_sub(key.start.offset) as usize)
                        .help("only the first value is used: remove one of them"),
                    );
                }
                duplicate_keys(path, value, out);
            }
        }
        Value::Seq(items) => items.iter().for_each(|item| duplicate_keys(path, item, out)),
        _ => {}
    }
}

/// Reports where `tree` violates `schema`. `fast_path` is the label set when the schema is the
/// annotation schema, whose native check ([`crate::structure`]) proves most files valid first;
/// `known` are the keys a misspelt key is compared with.
pub(super) fn schema_errors(
    schema: Option<&jsonschema::Validator>,
    fast_path: Option<&LabelSet>,
    known: &[&str],
    path: &Path,
    tree: &Node,
    out: &mut Vec<Diagnostic>,
) {
    let Some(schema) = schema else { return };
    if fast_path.is_some_and(|labels| crate::structure::conforms(tree, labels)) {
        return;
    }
    let json = tree.to_json();
    if schema.is_valid(&json) {
        return;
    }
    let mut seen = std::collections::HashSet::new();
    for error in schema.iter_errors(&json) {
        if out.len() > MAX_PER_FILE {
            break; // `cap` adds the "more problems" line; each error costs a lookup, so stop early
        }
        let pointer = error.instance_path().as_str().to_owned();
        let node = tree.pointer(&pointer).unwrap_or(tree);
        use jsonschema::error::ValidationErrorKind as K;
        let (pos, width, message) = match error.kind() {
            // Labels get their own check, with suggestions.
            K::Enum { .. } if pointer.ends_with("/label") => continue,
            K::AdditionalProperties { unexpected } => {
                for key in unexpected.iter().take(MAX_PER_FILE + 1) {
                    let at = node.get_all(key).next().map_or(node.start, |(k, _)| k.start);
                    let message = format!("unknown key `{key}`{}", suggest_key(key, known));
                    if seen.insert((at, message.clone())) {
                        out.push(
                            Diagnostic::new(Code::Schema, path, at.line, at.column, message).width(key.chars().count()),
                        );
                    }
                }
                continue;
            }
            K::Required { property } => {
                (node.start, 1, format!("{} is missing the required key {property}", what_is_at(&pointer)))
            }
            K::AnyOf { .. } if pointer.starts_with("/spans/") => {
                (node.start, 1, "a span needs `start` and `end`, or `text` for `cargo xtask fix` to locate".to_owned())
            }
            _ => (node.start, node.end.offset.saturating_sub(node.start.offset).max(1) as usize, {
                let at = if pointer.is_empty() { String::new() } else { format!(" at `{pointer}`") };
                format!("{}{at}", error.masked())
            }),
        };
        if seen.insert((pos, message.clone())) {
            out.push(Diagnostic::new(Code::Schema, path, pos.line, pos.column, message).width(width));
        }
    }
}

/// What a JSON pointer with a missing key names, for the message.
fn what_is_at(pointer: &str) -> &'static str {
    let parts: Vec<&str> = pointer.split('/').skip(1).collect();
    match parts.as_slice() {
        [] => "the file",
        ["curation"] => "`curation`",
        ["questions", _] => "this question",
        ["questions", _, "candidates", _] => "this candidate",
        _ => "this span",
    }
}

/// The keys of gold files, for suggestions.
pub(super) const GOLD_KEYS: [&str; 21] = [
    "document",
    "text_sha256",
    "curation",
    "strategy",
    "min_votes",
    "min_share",
    "top_n",
    "annotators",
    "spans",
    "questions",
    "candidates",
    "rejected",
    "start",
    "end",
    "text",
    "label",
    "votes",
    "decided",
    "decision",
    "stale",
    "note",
];

pub(super) fn suggest_key(key: &str, known: &[&str]) -> String {
    closest_name(key, known.iter().copied()).map_or_else(String::new, |k| format!("; did you mean `{k}`?"))
}

/// The keys of annotation files, for suggestions.
pub(super) const ANNOTATION_KEYS: [&str; 12] = [
    "document",
    "annotator",
    "text_sha256",
    "spans",
    "start",
    "end",
    "label",
    "text",
    "occurrence",
    "prefix",
    "suffix",
    "note",
];
