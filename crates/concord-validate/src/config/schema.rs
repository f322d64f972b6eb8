//! `schemas/concord.schema.json`, the JSON Schema of `concord.yaml`, for editors: generated
//! from the code catalogue ([`Code::adjustable`], [`Code::about_one_span`]) and the label set,
//! so completion offers exactly the codes and labels the reader accepts. `cargo xtask codegen`
//! writes it; a test keeps the checked-in copy fresh. The reader's own checks stay the rule
//! (they give places and hints); the schema only helps while typing.

use concord_schema::LabelSet;
use serde_json::{Map, Value, json};

use super::Level;
use crate::diagnostic::{Code, Severity};

/// The schema of `concord.yaml` for this label set.
pub fn config_schema(labels: &LabelSet) -> Value {
    let every = checks(|c| c.adjustable());
    let one_label = checks(|c| c.adjustable() && c.about_one_span());
    let mut by_label = Map::new();
    for label in &labels.labels {
        by_label.insert(label.name.clone(), json!({"description": label.description, "$ref": "#/$defs/LabelChecks"}));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://concord.invalid/schemas/concord.schema.json",
        "title": "concord.yaml",
        "description": "A project's settings of checks (README, Diagnostic codes). Only hints and reminders can be \
                        configured; codes that protect the data cannot.",
        "type": ["object", "null"],
        "additionalProperties": false,
        "properties": {
            "checks": {
                "description": "Levels for every file: a code (C026) or its name (span-boundary) → off, warning or error.",
                "type": ["object", "null"],
                "additionalProperties": false,
                "properties": every,
            },
            "label_checks": {
                "description": "Levels for the spans of one label; they win over `checks` for those spans.",
                "type": ["object", "null"],
                "additionalProperties": false,
                "properties": by_label,
            },
        },
        "$defs": {
            "Level": {
                "enum": Level::NAMES,
                "enumDescriptions": ["not reported", "reported; the run passes", "reported; the run fails (exit 1)"],
            },
            "LabelChecks": {
                "type": ["object", "null"],
                "additionalProperties": false,
                "properties": one_label,
            },
        },
    })
}

/// Each configurable code, by code and by name, with what it checks and its usual level.
fn checks(keep: impl Fn(Code) -> bool) -> Map<String, Value> {
    let mut properties = Map::new();
    for code in Code::ALL.into_iter().filter(|c| keep(*c)) {
        let usual = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let description = format!("{} {} (usually {usual})", code.as_str(), code.name());
        for key in [code.as_str(), code.name()] {
            properties.insert(key.to_owned(), json!({"description": description, "$ref": "#/$defs/Level"}));
        }
    }
    properties
}

/// The schema as the checked-in file holds it: pretty JSON with a final newline.
pub fn config_schema_text(labels: &LabelSet) -> String {
    let mut text = serde_json::to_string_pretty(&config_schema(labels)).unwrap_or_default();
    text.push('\n');
    text
}
