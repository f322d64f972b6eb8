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
const SPAN_KEYS: [&str; 8] = ["start", "end", "label", "text", "occurrence", "prefix", "suffix", "note"];

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

fn span_conforms(span: &Node, labels: &LabelSet) -> bool {
    let Value::Map(entries) = &span.value else { return false };
    if !keys_ok(entries, &SPAN_KEYS) {
        return false;
    }
    let get = |k: &str| span.get(k).map(|n| &n.value);
    let uint = |v: Option<&Value>, min: i64| match v {
        None => true,
        Some(Value::Int(i)) => *i >= min,
        Some(_) => false,
    };
    let string = |v: Option<&Value>| matches!(v, None | Some(Value::String(_)));
    let Some(Value::String(label)) = get("label") else { return false };
    labels.get(label).is_some()
        && uint(get("start"), 0)
        && uint(get("end"), 0)
        && uint(get("occurrence"), 1)
        && get("start").is_some() == get("end").is_some()
        && match get("text") {
            None => get("start").is_some(),
            Some(Value::String(t)) => !t.is_empty(),
            Some(_) => false,
        }
        && string(get("prefix"))
        && string(get("suffix"))
        && string(get("note"))
}
