//! The native fast path (`structure::conforms`) must never call valid what `jsonschema` rejects,
//! and should accept what it accepts (otherwise the fast path is only slower, not wrong).

use concord_schema::LabelSet;
use concord_validate::structure::conforms;
use proptest::prelude::*;

fn labels() -> LabelSet {
    LabelSet::from_yaml("labels:\n  - {name: GPE, description: x}\n  - {name: DATE, description: x}\n").expect("labels")
}

fn field() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("start"),
        Just("end"),
        Just("label"),
        Just("text"),
        Just("occurrence"),
        Just("prefix"),
        Just("suffix"),
        Just("note"),
        Just("lable"),
    ];
    let value = prop_oneof![
        Just("0".to_owned()),
        Just("7".to_owned()),
        Just("-1".to_owned()),
        Just("3.0".to_owned()),
        Just("2.5".to_owned()),
        Just("GPE".to_owned()),
        Just("DATE".to_owned()),
        Just("GEO".to_owned()),
        Just("''".to_owned()),
        Just("“ISIS”".to_owned()),
        Just("null".to_owned()),
        Just("[1]".to_owned()),
        Just("true".to_owned()),
        Just("'12'".to_owned()),
    ];
    (key, value).prop_map(|(k, v)| format!("{k}: {v}"))
}

fn file() -> impl Strategy<Value = String> {
    let span = prop::collection::vec(field(), 0..6).prop_map(|fields| format!("  - {{{}}}\n", fields.join(", ")));
    let top = prop_oneof![
        Just("document: d1\n".to_owned()),
        Just("document: ../x\n".to_owned()),
        Just("annotator: a\n".to_owned()),
        Just("annotator: 5\n".to_owned()),
        Just(format!("text_sha256: {}\n", "ab".repeat(32))),
        Just("text_sha256: xyz\n".to_owned()),
        Just("extra: 1\n".to_owned()),
        Just("spans: 4\n".to_owned()),
    ];
    (prop::collection::vec(top, 0..5), prop::collection::vec(span, 0..4), any::<bool>()).prop_map(
        |(tops, spans, list)| {
            let mut s = tops.concat();
            if list {
                s.push_str("spans:\n");
                s.push_str(&spans.concat());
            }
            s
        },
    )
}

proptest! {
    #![proptest_config(concord_testkit::proptest_config(3000))]
    #[test]
    fn fast_path_agrees_with_jsonschema(source in file()) {
        let labels = labels();
        let schema = jsonschema::draft202012::new(&concord_schema::json_schema::annotation_schema(&labels)).expect("schema");
        let Ok(tree) = concord_schema::yaml::parse(&source) else { return Ok(()) };
        let native = conforms(&tree, &labels);
        let reference = schema.is_valid(&tree.to_json());
        // Duplicate keys and floats are deliberately left to jsonschema.
        let deferred = source.contains("3.0") || has_duplicate_keys(&tree);
        if deferred {
            prop_assert!(!native || reference, "{source}");
        } else {
            prop_assert_eq!(native, reference, "{}", source);
        }
    }
}

fn has_duplicate_keys(node: &concord_schema::yaml::Node) -> bool {
    use concord_schema::yaml::Value;
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .enumerate()
            .any(|(i, (k, v))| entries[..i].iter().any(|(o, _)| o.value == k.value) || has_duplicate_keys(v)),
        Value::Seq(items) => items.iter().any(has_duplicate_keys),
        _ => false,
    }
}

#[test]
fn both_verdicts_occur() {
    let labels = labels();
    let valid = "document: d1\nannotator: a\nspans:\n  - {start: 1, end: 3, label: GPE, text: “x”}\n  - {text: y, label: DATE}\n";
    assert!(conforms(&concord_schema::yaml::parse(valid).expect("yaml"), &labels));
    let invalid = "document: d1\nannotator: a\nspans:\n  - {start: 1, label: GPE}\n";
    assert!(!conforms(&concord_schema::yaml::parse(invalid).expect("yaml"), &labels));
}
