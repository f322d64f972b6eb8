//! A native check of the generated annotation-file schema, used as a fast path.
//!
//! Converting every file's tree to JSON and running the `jsonschema` validator costs about a
//! third of parsing time. Nearly every file is structurally valid, so [`conforms`] first answers
//! "valid?" natively for exactly the constraints `concord_schema::json_schema` generates; only
//! files it rejects go through `jsonschema`, which then produces the messages (and has the last
//! word: if it finds nothing, nothing is reported). A property test
//! (`tests/structure.rs`) holds [`conforms`] to the same verdict as `jsonschema` on random input.
//! Anything unusual (duplicate keys, floats) is rejected here and left to `jsonschema`.

use concord_schema::LabelSet;
use concord_schema::yaml::{Node, Value};

const FILE_KEYS: [&str; 4] = ["document", "annotator", "text_sha256", "spans"];

/// Whether `root` certainly satisfies the annotation schema generated for `labels`.
/// `false` means "not certain": run the real validator.
pub fn conforms(root: &Node, labels: &LabelSet) -> bool {
    let Value::Map(entries) = &root.value else { return false };
    if !keys_ok(entries, &FILE_KEYS) {
        return false;
    }
    let get = |k: &str| root.get(k).map(|n| &n.value);
    let id_ok = |v: Option<&Value>| matches!(v, Some(Value::String(s)) if concord_schema::is_valid_id(s));
    if !id_ok(get("document")) || !id_ok(get("annotator")) {
        return false;
    }
    match get("text_sha256") {
        None => {}
        Some(Value::String(s)) if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) => {}
        Some(_) => return false,
    }
    let Some(Value::Seq(spans)) = get("spans") else { return false };
    spans.iter().all(|span| span_conforms(span, labels))
}

fn keys_ok(entries: &[(Node, Node)], allowed: &[&str]) -> bool {
    for (i, (key, _)) in entries.iter().enumerate() {
        let Value::String(k) = &key.value else { return false };
        if !allowed.contains(&k.as_str()) || entries[..i].iter().any(|(other, _)| other.value == key.value) {
            return false;
        }
    }
    true
}

/// One pass over a span's keys (this runs once per span of every file).
fn span_conforms(span: &Node, labels: &LabelSet) -> bool {
    let Value::Map(entries) = &span.value else { return false };
    let (mut start, mut end, mut label, mut text) = (false, false, false, false);
    for (i, (key, value)) in entries.iter().enumerate() {
        let Value::String(k) = &key.value else { return false };
        if entries[..i].iter().any(|(other, _)| other.value == key.value) {
            return false;
        }
        let ok = match (k.as_str(), &value.value) {
            ("start", Value::Int(n)) if *n >= 0 => {
                start = true;
                true
            }
            ("end", Value::Int(n)) if *n >= 0 => {
                end = true;
                true
            }
            ("occurrence", Value::Int(n)) => *n >= 1,
            ("label", Value::String(l)) => {
                label = true;
                labels.get(l).is_some()
            }
            ("text", Value::String(t)) => {
                text = true;
                !t.is_empty()
            }
            ("prefix" | "suffix" | "note", Value::String(_)) => true,
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    label && start == end && (start || text)
}
