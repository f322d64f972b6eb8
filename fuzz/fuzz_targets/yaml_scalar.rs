//! Any text written by concord's YAML writers reads back as itself: `yaml::string_scalar` as a
//! plain value and inside a sequence, and a whole annotation file (`AnnotationRecord::to_yaml`)
//! through both parsers concord uses (saphyr's positioned tree and yaml_serde).

#![no_main]

use concord_schema::yaml::{self, string_scalar};
use concord_schema::{AnnotationRecord, SpanRecord};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = format!("k: {}\nl:\n  - {}\n", string_scalar(text), string_scalar(text));
    let tree = yaml::parse(&source).expect("string_scalar wrote YAML saphyr refuses");
    assert_eq!(tree.get("k").and_then(|n| n.as_str()), Some(text), "{source:?}");
    assert_eq!(tree.pointer("/l/0").and_then(|n| n.as_str()), Some(text), "{source:?}");

    let record = AnnotationRecord {
        document: "d".into(),
        annotator: "a".into(),
        text_sha256: None,
        spans: vec![SpanRecord {
            start: Some(0),
            end: Some(1),
            label: "GPE".into(),
            text: Some(text.to_owned()),
            note: Some(text.to_owned()),
            ..SpanRecord::default()
        }],
    };
    let written = record.to_yaml();
    let back: AnnotationRecord = yaml_serde::from_str(&written).expect("yaml_serde refused a rendered file");
    assert_eq!(back, record, "{written:?}");
});
