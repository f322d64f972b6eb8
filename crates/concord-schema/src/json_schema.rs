//! Generates `schemas/annotation.schema.json` and `schemas/gold.schema.json` (JSON Schema
//! 2020-12) from [`AnnotationRecord`], [`GoldRecord`] and the label set, so that editors complete
//! label names and the validator checks files against exactly the types the code reads. A test in
//! the validate crate fails when a checked-in copy is stale; `cargo xtask codegen` rewrites them.
//! Both schemas get the same label enum, patterns and "absent, never null" rule, from one helper.

use serde_json::{Value, json};

use crate::gold::GoldRecord;
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
    label_enum(&mut span["properties"]["label"], labels);
    span["properties"]["text"]["minLength"] = json!(1);
    span["dependentRequired"] = json!({"start": ["end"], "end": ["start"]});
    span["anyOf"] = json!([{"required": ["start", "end"]}, {"required": ["text"]}]);
    schema
}

/// The label names as an enum, with their descriptions beside each completion (VS Code's YAML
/// extension shows `enumDescriptions`).
fn label_enum(label: &mut Value, labels: &LabelSet) {
    let names: Vec<&str> = labels.names().collect();
    let descriptions: Vec<&str> = labels.labels.iter().map(|l| l.description.as_str()).collect();
    label["enum"] = json!(names);
    label["enumDescriptions"] = json!(descriptions);
}

/// The schema as the checked-in file holds it: pretty JSON with a final newline.
pub fn annotation_schema_text(labels: &LabelSet) -> String {
    pretty(&annotation_schema(labels))
}

/// The gold file schema for this label set: `gold/<document>.yaml`.
pub fn gold_schema(labels: &LabelSet) -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(GoldRecord)).unwrap_or(Value::Null);
    schema["$id"] = json!("https://concord.invalid/schemas/gold.schema.json");
    schema["description"] = json!(
        "The curated gold standard of one document: gold/<document>.yaml (docs/curation.md). \
         Offsets are Unicode code points, half-open [start, end)."
    );
    strip_null(&mut schema["properties"]);
    let props = &mut schema["properties"];
    props["document"]["pattern"] = json!(ID_PATTERN);
    props["text_sha256"]["pattern"] = json!("^[0-9a-f]{64}$");
    let ids = json!({"type": "string", "pattern": ID_PATTERN});
    if let Some(defs) = schema["$defs"].as_object_mut() {
        for (name, def) in defs.iter_mut() {
            // Indexing would insert `"properties": null` into the enums' definitions.
            let Some(properties) = def.get_mut("properties") else { continue };
            strip_null(properties);
            let Some(props) = properties.as_object_mut() else { continue };
            if let Some(label) = props.get_mut("label") {
                label_enum(label, labels);
            }
            if let Some(text) = props.get_mut("text") {
                text["minLength"] = json!(1);
            }
            for key in ["votes", "annotators"] {
                if let Some(list) = props.get_mut(key) {
                    list["items"] = ids.clone();
                    list["uniqueItems"] = json!(true);
                }
            }
            if name == "Question" {
                props["candidates"]["minItems"] = json!(1);
            }
        }
    }
    schema
}

/// The gold schema as the checked-in file holds it.
pub fn gold_schema_text(labels: &LabelSet) -> String {
    pretty(&gold_schema(labels))
}

fn pretty(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
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
        // An optional enum is `anyOf: [{$ref}, {type: null}]`: keep the reference.
        if let Some(choices) = prop.get("anyOf").and_then(Value::as_array)
            && choices.len() == 2
            && choices.iter().any(|c| c["type"] == "null")
            && let Some(other) = choices.iter().find(|c| c["type"] != "null").cloned()
            && let (Some(map), Some(other)) = (prop.as_object_mut(), other.as_object())
        {
            map.remove("anyOf");
            map.extend(other.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Label, OverlapPolicy};

    fn labels() -> LabelSet {
        let label = |name: &str| Label {
            name: name.into(),
            description: format!("a {name}"),
            color: None,
            overlap: OverlapPolicy::Nest,
        };
        LabelSet { labels: vec![label("GPE"), label("PERSON")] }
    }

    #[test]
    fn gold_schema_has_the_labels_and_patterns_of_the_annotation_schema() {
        let schema = gold_schema(&labels());
        let annotation = annotation_schema(&labels());
        let label = &annotation["$defs"]["SpanRecord"]["properties"]["label"];
        for def in ["GoldSpan", "Candidate"] {
            let props = &schema["$defs"][def]["properties"];
            assert_eq!(props["label"]["enum"], label["enum"], "{def}");
            assert_eq!(props["label"]["enumDescriptions"], label["enumDescriptions"], "{def}");
            assert_eq!(props["votes"]["items"]["pattern"], json!(ID_PATTERN), "{def}");
            assert_eq!(props["stale"]["type"], json!("boolean"), "optional keys are never null: {def}");
        }
        assert_eq!(schema["properties"]["document"]["pattern"], annotation["properties"]["document"]["pattern"]);
        assert_eq!(schema["$defs"]["CurationRecord"]["properties"]["annotators"]["uniqueItems"], json!(true));
        assert!(gold_schema_text(&labels()).ends_with("}\n"));
    }

    #[test]
    fn the_gold_schema_accepts_the_documented_example_and_rejects_unknown_keys() {
        let validator = jsonschema::draft202012::new(&gold_schema(&labels())).expect("compiles");
        let example = json!({
            "document": "d1",
            "curation": {"strategy": "threshold", "min_votes": 1, "min_share": 0.75, "top_n": 1,
                         "annotators": ["annotator-a", "annotator-b"]},
            "spans": [{"start": 0, "end": 4, "text": "ISIS", "label": "GPE", "votes": ["annotator-a"], "decided": "rule"}],
            "questions": [{"candidates": [{"start": 0, "end": 4, "text": "ISIS", "label": "PERSON", "votes": [], "decision": "accept"}]}],
            "rejected": [{"start": 0, "end": 4, "text": "ISIS", "label": "GPE", "votes": [], "stale": true}]
        });
        assert!(
            validator.is_valid(&example),
            "{:?}",
            validator.iter_errors(&example).map(|e| e.to_string()).collect::<Vec<_>>()
        );
        let mut bad = example.clone();
        bad["spans"][0]["decison"] = json!("accept");
        assert!(!validator.is_valid(&bad));
        let mut null = example;
        null["spans"][0]["stale"] = Value::Null;
        assert!(!validator.is_valid(&null), "optional keys may be absent, never null");
    }
}
