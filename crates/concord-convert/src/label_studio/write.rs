//! The export: `label-studio.json` (tasks, annotations, regions) and `label-config.xml`.
//!
//! Pure and deterministic to the byte: the output is built from serde structs whose field order
//! is the order Label Studio's own exports use, pretty-printed, with no dates and no random ids,
//! so that it diffs cleanly in git and imports back to exactly what was exported.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::{ANNOTATORS_META, CONFIG_FILE, Offsets, TASKS_FILE};
use crate::error::{ConvertError, ErrorKind};
use crate::export::{ExportInput, Exported, OutputFile};
use crate::offsets::Utf16Map;

#[derive(Serialize)]
struct LsTask<'a> {
    /// 1-based, in document order: Label Studio's exports always have one, and tools that read
    /// them (its own converters) require it; its import assigns new ids.
    id: usize,
    data: LsData<'a>,
    annotations: Vec<LsAnnotation<'a>>,
    meta: BTreeMap<&'static str, Vec<&'a str>>,
}

#[derive(Serialize)]
struct LsData<'a> {
    text: &'a str,
    document: &'a str,
}

#[derive(Serialize)]
struct LsAnnotation<'a> {
    /// 1-based, running over the whole file, as in Label Studio's exports.
    id: usize,
    result: Vec<LsRegion<'a>>,
    was_cancelled: bool,
    ground_truth: bool,
}

#[derive(Serialize)]
struct LsRegion<'a> {
    value: LsValue<'a>,
    id: String,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    origin: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<LsRegionMeta<'a>>,
}

#[derive(Serialize)]
struct LsValue<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'a str; 1],
}

#[derive(Serialize)]
struct LsRegionMeta<'a> {
    text: [&'a str; 1],
}

/// The tasks file and the labelling config, offsets counted as `offsets` says.
pub(super) fn render(input: &ExportInput, offsets: Offsets) -> Result<Exported, ConvertError> {
    let mut tasks = Vec::with_capacity(input.documents.len());
    let mut annotation_id = 0;
    for doc in &input.documents {
        let map = Utf16Map::new(doc.text.as_str());
        let count = |offset: usize| match offsets {
            Offsets::CodePoints => offset,
            Offsets::Utf16 => map.to_utf16(offset),
        };
        let mut annotations = Vec::with_capacity(doc.by_annotator.len());
        for (annotator, spans) in &doc.by_annotator {
            let id_base = annotator.replace('.', "_");
            let mut result = Vec::with_capacity(spans.len());
            for (n, span) in spans.iter().enumerate() {
                let text = doc.text.slice(span.start, span.end).filter(|_| span.start < span.end).ok_or_else(|| {
                    ConvertError::new(
                        ErrorKind::Project,
                        None,
                        format!(
                            "a span of `{annotator}` on `{}`, [{}, {}), lies outside the document",
                            doc.id, span.start, span.end
                        ),
                    )
                })?;
                result.push(LsRegion {
                    value: LsValue { start: count(span.start), end: count(span.end), text, labels: [&span.label] },
                    id: format!("{id_base}-{}", n + 1),
                    from_name: "label",
                    to_name: "text",
                    kind: "labels",
                    origin: "manual",
                    meta: span.note.as_deref().map(|note| LsRegionMeta { text: [note] }),
                });
            }
            annotation_id += 1;
            annotations.push(LsAnnotation { id: annotation_id, result, was_cancelled: false, ground_truth: false });
        }
        let names = doc.by_annotator.keys().map(String::as_str).collect();
        tasks.push(LsTask {
            id: tasks.len() + 1,
            data: LsData { text: doc.text.as_str(), document: &doc.id },
            annotations,
            meta: BTreeMap::from([(ANNOTATORS_META, names)]),
        });
    }
    let json = serde_json::to_string_pretty(&tasks)
        .map_err(|e| ConvertError::new(ErrorKind::Io, None, format!("cannot render JSON: {e}")))?;
    let files = vec![
        OutputFile { path: PathBuf::from(CONFIG_FILE), contents: label_config(input) },
        OutputFile { path: PathBuf::from(TASKS_FILE), contents: format!("{json}\n") },
    ];
    Ok(Exported { files, notices: Vec::new() })
}

/// The labelling config: the project's labels (with colours) on a `<Text>` showing `$text`.
fn label_config(input: &ExportInput) -> String {
    let mut xml = String::from("<View>\n  <Style>.htx-text { white-space: pre-wrap; }</Style>\n");
    xml.push_str("  <Labels name=\"label\" toName=\"text\">\n");
    for label in &input.labels.labels {
        xml.push_str(&format!("    <Label value=\"{}\"", xml_attribute(&label.name)));
        if let Some(color) = &label.color {
            xml.push_str(&format!(" background=\"{}\"", xml_attribute(color)));
        }
        xml.push_str("/>\n");
    }
    xml.push_str("  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n");
    xml
}

/// `s` as the value of a double-quoted XML attribute.
pub(super) fn xml_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
