//! Annotation files: `annotations/<annotator>/<document>.yaml`.
//!
//! Two views of the same format:
//! - [`AnnotationRecord`] / [`SpanRecord`], plain serde types: the contract, the source of the
//!   JSON Schema (`schemas/annotation.schema.json`), and what importers write.
//! - [`AnnotationFile`] / [`SpanEntry`], decoded from a positioned [`yaml::Node`](crate::yaml::Node)
//!   so that every field knows its line and column. Decoding is lenient: a field of the wrong
//!   type is simply absent here, because the JSON Schema check reports it, once, with its place.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::yaml::{Node, Pos, Value};

/// An annotation file, as written. Field names are the contract: add fields, never rename.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "concord annotation file")]
pub struct AnnotationRecord {
    /// Id of the annotated document: the file stem of `corpus/<id>.txt`. Must equal this file's stem.
    pub document: String,
    /// Who annotated. Must equal the name of the folder this file is in.
    pub annotator: String,
    /// sha256 (lowercase hex) of the document text the offsets were made against; `cargo xtask fix` writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_sha256: Option<String>,
    /// The spans. An empty list means "annotated, found nothing".
    pub spans: Vec<SpanRecord>,
}

impl AnnotationRecord {
    /// The YAML of an annotation file in the layout the annotators write by hand: two-space list
    /// indent, keys in the order start, end, text, label, note; strings plain where that reads back
    /// unchanged, double-quoted otherwise.
    pub fn to_yaml(&self) -> String {
        use crate::yaml::string_scalar as yaml_string;
        let record = self;
        let mut out = String::from("# yaml-language-server: $schema=../../schemas/annotation.schema.json\n");
        out.push_str(&format!("document: {}\n", yaml_string(&record.document)));
        out.push_str(&format!("annotator: {}\n", yaml_string(&record.annotator)));
        if let Some(pin) = &record.text_sha256 {
            out.push_str(&format!("text_sha256: {}\n", yaml_string(pin)));
        }
        if record.spans.is_empty() {
            out.push_str("spans: []\n");
            return out;
        }
        out.push_str("spans:\n");
        for span in &record.spans {
            let mut first = true;
            let mut field = |key: &str, value: String| {
                out.push_str(if first { "  - " } else { "    " });
                out.push_str(&format!("{key}: {value}\n"));
                first = false;
            };
            if let Some(start) = span.start {
                field("start", start.to_string());
            }
            if let Some(end) = span.end {
                field("end", end.to_string());
            }
            if let Some(text) = &span.text {
                field("text", yaml_string(text));
            }
            field("label", yaml_string(&span.label));
            if let Some(note) = &span.note {
                field("note", yaml_string(note));
            }
        }
        out
    }
}

/// One span. Offsets are Unicode code points, half-open `[start, end)`.
/// Give `start` and `end`, or give `text` (with `occurrence`, or `prefix`/`suffix`, when the text
/// occurs several times) and let `cargo xtask fix` fill them in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpanRecord {
    /// First code point of the span (0-based, inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// Code point just after the span (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
    /// The label, from `schemas/labels.yaml`.
    pub label: String,
    /// The exact document text of the span; checked against the corpus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Which occurrence of `text` is meant (1 = first), when it occurs several times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub occurrence: Option<u64>,
    /// Text right before the span, to say which occurrence is meant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Text right after the span, to say which occurrence is meant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// A free comment for reviewers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A value and where it sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field<T> {
    pub value: T,
    /// Where the key starts.
    pub key: Pos,
    /// Where the value starts.
    pub at: Pos,
}

/// An annotation file decoded with positions. Strings borrow from the parsed tree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnnotationFile<'a> {
    pub document: Option<Field<&'a str>>,
    pub annotator: Option<Field<&'a str>>,
    pub text_sha256: Option<Field<&'a str>>,
    /// `None` when the `spans` key is missing or not a list.
    pub spans: Option<Vec<SpanEntry<'a>>>,
}

/// A span entry decoded with positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanEntry<'a> {
    /// 0-based index in the `spans` list.
    pub index: usize,
    /// Where the entry starts.
    pub at: Pos,
    /// Where the entry ends.
    pub end_at: Pos,
    pub start: Option<Field<i64>>,
    pub end: Option<Field<i64>>,
    pub label: Option<Field<&'a str>>,
    pub text: Option<Field<&'a str>>,
    pub occurrence: Option<Field<i64>>,
    pub prefix: Option<Field<&'a str>>,
    pub suffix: Option<Field<&'a str>>,
    pub note: Option<Field<&'a str>>,
}

impl SpanEntry<'_> {
    /// `[start, end)` when both are present and non-negative.
    pub fn range(&self) -> Option<(usize, usize)> {
        let start = usize::try_from(self.start.as_ref()?.value).ok()?;
        let end = usize::try_from(self.end.as_ref()?.value).ok()?;
        Some((start, end))
    }
}

pub(crate) fn string_value<'a>(k: &Node, v: &'a Node) -> Option<Field<&'a str>> {
    match &v.value {
        Value::String(s) => Some(Field { value: s.as_str(), key: k.start, at: v.start }),
        _ => None,
    }
}

pub(crate) fn int_value(k: &Node, v: &Node) -> Option<Field<i64>> {
    match v.value {
        Value::Int(i) => Some(Field { value: i, key: k.start, at: v.start }),
        // JSON Schema counts 3.0 as an integer; so do we.
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
            Some(Field { value: f as i64, key: k.start, at: v.start })
        }
        _ => None,
    }
}

/// The entries of a mapping (empty for anything else).
pub(crate) fn entries(node: &Node) -> &[(Node, Node)] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    }
}

/// Sets `slot` from the first occurrence of a key only (duplicates are reported elsewhere).
pub(crate) fn first<T>(slot: &mut Option<T>, seen: &mut u16, bit: u16, value: impl FnOnce() -> Option<T>) {
    if *seen & bit == 0 {
        *seen |= bit;
        *slot = value();
    }
}

impl<'a> SpanEntry<'a> {
    pub(crate) fn decode(index: usize, item: &'a Node) -> SpanEntry<'a> {
        let mut entry = SpanEntry { index, at: item.start, end_at: item.end, ..SpanEntry::default() };
        let mut seen = 0u16;
        // One pass over the keys: this runs once per span of every file.
        for (k, v) in entries(item) {
            let Value::String(key) = &k.value else { continue };
            match key.as_str() {
                "start" => first(&mut entry.start, &mut seen, 1, || int_value(k, v)),
                "end" => first(&mut entry.end, &mut seen, 2, || int_value(k, v)),
                "label" => first(&mut entry.label, &mut seen, 4, || string_value(k, v)),
                "text" => first(&mut entry.text, &mut seen, 8, || string_value(k, v)),
                "occurrence" => first(&mut entry.occurrence, &mut seen, 16, || int_value(k, v)),
                "prefix" => first(&mut entry.prefix, &mut seen, 32, || string_value(k, v)),
                "suffix" => first(&mut entry.suffix, &mut seen, 64, || string_value(k, v)),
                "note" => first(&mut entry.note, &mut seen, 128, || string_value(k, v)),
                _ => {}
            }
        }
        entry
    }
}

impl<'a> AnnotationFile<'a> {
    /// Decodes what can be decoded; never fails (see the module doc).
    pub fn decode(root: &'a Node) -> AnnotationFile<'a> {
        let mut file = AnnotationFile::default();
        let mut seen = 0u16;
        for (k, v) in entries(root) {
            let Value::String(key) = &k.value else { continue };
            match key.as_str() {
                "document" => first(&mut file.document, &mut seen, 1, || string_value(k, v)),
                "annotator" => first(&mut file.annotator, &mut seen, 2, || string_value(k, v)),
                "text_sha256" => first(&mut file.text_sha256, &mut seen, 4, || string_value(k, v)),
                "spans" => first(&mut file.spans, &mut seen, 8, || match &v.value {
                    Value::Seq(items) => {
                        Some(items.iter().enumerate().map(|(i, item)| SpanEntry::decode(i, item)).collect())
                    }
                    _ => None,
                }),
                _ => {}
            }
        }
        file
    }
}

#[cfg(test)]
mod tests {
    use super::{AnnotationRecord, SpanRecord};

    proptest::proptest! {
        #![proptest_config(concord_testkit::proptest_config(256))]
        #[test]
        fn any_text_renders_to_yaml_that_reads_back(text in "\\PC{0,12}|[ -~\n\t\r’“”—…😀]{0,12}", note in proptest::option::of("[ -~]{0,8}")) {
            let record = AnnotationRecord {
                document: "d".into(),
                annotator: "a".into(),
                text_sha256: None,
                spans: vec![SpanRecord { start: Some(1), end: Some(2), label: "GPE".into(), text: Some(text), note, ..SpanRecord::default() }],
            };
            let yaml = record.to_yaml();
            let back: AnnotationRecord = serde_yaml::from_str(&yaml).expect("parses");
            proptest::prop_assert_eq!(back, record);
        }
    }

    /// The case CI once drew at random (`text = "\u{2028}"` read back empty), and its kin.
    #[test]
    fn line_separators_and_controls_read_back() {
        for text in ["\u{2028}", "\u{2029}", "\u{85}", "\u{FEFF}", "\u{1}", "\u{9F}", "a\u{2028}b", " \u{A0}"] {
            let record = AnnotationRecord {
                document: "d".into(),
                annotator: "a".into(),
                text_sha256: None,
                spans: vec![SpanRecord {
                    start: Some(1),
                    end: Some(2),
                    label: "GPE".into(),
                    text: Some(text.into()),
                    ..SpanRecord::default()
                }],
            };
            let back: AnnotationRecord = serde_yaml::from_str(&record.to_yaml()).expect("parses");
            assert_eq!(back, record, "{text:?}");
            let tree = crate::yaml::parse(&record.to_yaml()).expect("parses");
            assert_eq!(tree.pointer("/spans/0/text").and_then(|n| n.as_str()), Some(text));
        }
    }

    #[test]
    fn rendered_files_keep_curly_quotes_and_parse_back() {
        let record = AnnotationRecord {
            document: "001_a".into(),
            annotator: "alice".into(),
            text_sha256: Some("ab".repeat(32)),
            spans: vec![SpanRecord {
                start: Some(0),
                end: Some(6),
                label: "MILITANT_GROUP".into(),
                text: Some("“ISIS”: yes # no".into()),
                note: Some("from brat: T1".into()),
                ..SpanRecord::default()
            }],
        };
        let yaml = record.to_yaml();
        assert!(yaml.starts_with("# yaml-language-server"));
        let empty = AnnotationRecord { spans: Vec::new(), ..record.clone() };
        assert!(empty.to_yaml().ends_with("spans: []\n"), "annotated, found nothing");
        assert_eq!(serde_yaml::from_str::<AnnotationRecord>(&empty.to_yaml()).expect("parses"), empty);
        let back: AnnotationRecord = serde_yaml::from_str(&yaml).expect("parses");
        assert_eq!(back, record);
    }

    use super::*;

    #[test]
    fn decodes_fields_with_positions() {
        let src = "document: d1\nannotator: a\nspans:\n  - start: 3\n    end: 7\n    label: GPE\n    text: “x”\n";
        let tree = crate::yaml::parse(src).expect("yaml");
        let file = AnnotationFile::decode(&tree);
        assert_eq!(file.document.as_ref().map(|f| f.value), Some("d1"));
        let spans = file.spans.expect("spans");
        assert_eq!(spans[0].range(), Some((3, 7)));
        assert_eq!(spans[0].label.as_ref().map(|f| (f.at.line, f.at.column)), Some((6, 12)));
        assert_eq!(spans[0].text.as_ref().map(|f| f.value), Some("“x”"));
    }

    #[test]
    fn wrong_types_are_left_to_the_schema() {
        let tree = crate::yaml::parse("spans:\n  - start: abc\n  - start: 1\n    start: 2\n").expect("yaml");
        let spans = AnnotationFile::decode(&tree).spans.expect("list");
        assert_eq!(spans[0].start, None);
        assert_eq!(spans[1].start.as_ref().map(|f| f.value), Some(1), "the first of duplicated keys wins");
    }
}
