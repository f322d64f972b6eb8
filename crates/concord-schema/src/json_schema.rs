//! Generates `schemas/annotation.schema.json` (JSON Schema 2020-12) from [`AnnotationRecord`]
//! and the label set, so that editors complete label names and the validator checks files
//! against exactly the types the code reads. A test in the validate crate fails when the
//! checked-in copy is stale; `cargo xtask codegen` rewrites it.

use serde_json::{Value, json};

use crate::{AnnotationRecord, LabelSet};

/// Pattern shared by document and annotator ids (see [`crate::is_valid_id`]).
pub(crate) const ID_PATTERN: &str = "^[A-Za-z0-9_-][A-Za-z0-9._-]*$";

/// The annotation file schema for this label set.
pub fn annotation_schema(labels: &LabelSet) -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(AnnotationRecord)).unwrap_or(Value::Null);
    schema["$id"] = json!("https://concord.invalid/schemas/annotation.schema.json");
    schema["description"] = json!(
        "One annotator's spans on one document: annotations/<annotator>/<document>.yaml. \
         Offsets are Unicode code points, half-open [start, end)."
    );
    // Optional keys may be absent, never `null`: drop the `null` schemars allows for `Option`.
    strip_null(&mut schema["properties"]);
    strip_null(&mut schema["$defs"]["SpanRecord"]["properties"]);
    let props = &mut schema["properties"];
    props["document"]["pattern"] = json!(ID_PATTERN);
    props["annotator"]["pattern"] = json!(ID_PATTERN);
    props["text_sha256"]["pattern"] = json!("^[0-9a-f]{64}$");

    let span = &mut schema["$defs"]["SpanRecord"];
    let names: Vec<&str> = labels.names().collect();
    let descriptions: Vec<&str> = labels.labels.iter().map(|l| l.description.as_str()).collect();
    span["properties"]["label"]["enum"] = json!(names);
    // Shown by VS Code's YAML extension beside each completion.
    span["properties"]["label"]["enumDescriptions"] = json!(descriptions);
    span["properties"]["text"]["minLength"] = json!(1);
    span["dependentRequired"] = json!({"start": ["end"], "end": ["start"]});
    span["anyOf"] = json!([{"required": ["start", "end"]}, {"required": ["text"]}]);
    schema
}

/// The schema as the checked-in file holds it: pretty JSON with a final newline.
pub fn annotation_schema_text(labels: &LabelSet) -> String {
    let mut text = serde_json::to_string_pretty(&annotation_schema(labels)).unwrap_or_default();
    text.push('\n');
    text
}

fn strip_null(properties: &mut Value) {
    let Some(props) = properties.as_object_mut() else { return };
    for prop in props.values_mut() {
        if let Some(types) = prop["type"].as_array()
            && types.len() == 2
            && let Some(other) = types.iter().find(|t| t.as_str() != Some("null")).cloned()
        {
            prop["type"] = other;
        }
    }
}
