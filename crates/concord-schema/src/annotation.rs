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

/// An annotation file decoded with positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnnotationFile {
    pub document: Option<Field<String>>,
    pub annotator: Option<Field<String>>,
    pub text_sha256: Option<Field<String>>,
    /// `None` when the `spans` key is missing or not a list.
    pub spans: Option<Vec<SpanEntry>>,
}

/// A span entry decoded with positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanEntry {
    /// 0-based index in the `spans` list.
    pub index: usize,
    /// Where the entry starts.
    pub at: Pos,
    /// Where the entry ends.
    pub end_at: Pos,
    pub start: Option<Field<i64>>,
    pub end: Option<Field<i64>>,
    pub label: Option<Field<String>>,
    pub text: Option<Field<String>>,
    pub occurrence: Option<Field<i64>>,
    pub prefix: Option<Field<String>>,
    pub suffix: Option<Field<String>>,
}

impl SpanEntry {
    /// `[start, end)` when both are present and non-negative.
    pub fn range(&self) -> Option<(usize, usize)> {
        let start = usize::try_from(self.start.as_ref()?.value).ok()?;
        let end = usize::try_from(self.end.as_ref()?.value).ok()?;
        Some((start, end))
    }
}

fn string_field(node: &Node, key: &str) -> Option<Field<String>> {
    let (k, v) = node.get_all(key).next()?;
    let value = match &v.value {
        Value::String(s) => s.clone(),
        _ => return None,
    };
    Some(Field { value, key: k.start, at: v.start })
}

fn int_field(node: &Node, key: &str) -> Option<Field<i64>> {
    let (k, v) = node.get_all(key).next()?;
    match v.value {
        Value::Int(i) => Some(Field { value: i, key: k.start, at: v.start }),
        // JSON Schema counts 3.0 as an integer; so do we.
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(Field { value: f as i64, key: k.start, at: v.start }),
        _ => None,
    }
}

impl AnnotationFile {
    /// Decodes what can be decoded; never fails (see the module doc).
    pub fn decode(root: &Node) -> AnnotationFile {
        let spans = match root.get("spans").map(|n| &n.value) {
            Some(Value::Seq(items)) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| SpanEntry {
                        index,
                        at: item.start,
                        end_at: item.end,
                        start: int_field(item, "start"),
                        end: int_field(item, "end"),
                        label: string_field(item, "label"),
                        text: string_field(item, "text"),
                        occurrence: int_field(item, "occurrence"),
                        prefix: string_field(item, "prefix"),
                        suffix: string_field(item, "suffix"),
                    })
                    .collect(),
            ),
            _ => None,
        };
        AnnotationFile {
            document: string_field(root, "document"),
            annotator: string_field(root, "annotator"),
            text_sha256: string_field(root, "text_sha256"),
            spans,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_fields_with_positions() {
        let src = "document: d1\nannotator: a\nspans:\n  - start: 3\n    end: 7\n    label: GPE\n    text: “x”\n";
        let file = AnnotationFile::decode(&crate::yaml::parse(src).expect("yaml"));
        assert_eq!(file.document.as_ref().map(|f| f.value.as_str()), Some("d1"));
        let spans = file.spans.expect("spans");
        assert_eq!(spans[0].range(), Some((3, 7)));
        assert_eq!(spans[0].label.as_ref().map(|f| (f.at.line, f.at.column)), Some((6, 12)));
        assert_eq!(spans[0].text.as_ref().map(|f| f.value.as_str()), Some("“x”"));
    }

    #[test]
    fn wrong_types_are_left_to_the_schema() {
        let file = AnnotationFile::decode(&crate::yaml::parse("spans:\n  - start: abc\n").expect("yaml"));
        assert_eq!(file.spans.expect("list")[0].start, None);
    }
}
