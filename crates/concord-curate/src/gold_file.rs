//! Reading an existing gold file with positions: the serde record (`concord_schema::gold`)
//! and the positioned tree it came from, so that edits land at the right bytes and a bad file
//! is reported at its line and column.
//!
//! Each entry is decoded on its own so that an error names the entry it is in. This is a
//! stand-in until `concord_schema::gold::GoldFile` (validate's positioned decode) lands; it
//! accepts exactly what the serde types accept.

use std::path::Path;

use concord_schema::gold::{CurationRecord, GoldRecord, GoldSpan, Question};
use concord_schema::yaml::{self, Node, Value};
use serde::de::DeserializeOwned;

use crate::CurateError;

/// The top-level keys of a gold file, in the documented order.
pub(crate) const KEYS: [&str; 6] = ["document", "text_sha256", "curation", "spans", "questions", "rejected"];

/// A gold file read back: its tree and its record.
#[derive(Debug)]
pub struct GoldSource {
    pub tree: Node,
    pub record: GoldRecord,
}

/// Reads `source` (the text of `path`).
pub fn read_gold(path: &Path, source: &str) -> Result<GoldSource, CurateError> {
    let tree = yaml::parse(source).map_err(|e| located(path, e.pos, e.message))?;
    let Value::Map(entries) = &tree.value else {
        return Err(located(path, tree.start, format!("a gold file is a mapping, not {}", tree.value.kind())));
    };
    for (key, _) in entries {
        let known = key.as_str().is_some_and(|k| KEYS.contains(&k));
        if !known {
            return Err(located(path, key.start, format!("unknown key; a gold file has {}", KEYS.join(", "))));
        }
    }
    let required = |key: &str| tree.get(key).ok_or_else(|| located(path, tree.start, format!("`{key}` is missing")));
    let document: String = field(path, required("document")?)?;
    let text_sha256: Option<String> = tree.get("text_sha256").map(|n| field(path, n)).transpose()?;
    let curation: CurationRecord = field(path, required("curation")?)?;
    let spans: Vec<GoldSpan> = items(path, required("spans")?)?;
    let questions: Vec<Question> = tree.get("questions").map(|n| items(path, n)).transpose()?.unwrap_or_default();
    let rejected: Vec<GoldSpan> = tree.get("rejected").map(|n| items(path, n)).transpose()?.unwrap_or_default();
    let record = GoldRecord { document, text_sha256, curation, spans, questions, rejected };
    Ok(GoldSource { tree, record })
}

fn field<T: DeserializeOwned>(path: &Path, node: &Node) -> Result<T, CurateError> {
    serde_json::from_value(node.to_json()).map_err(|e| located(path, node.start, e.to_string()))
}

/// A list, each item decoded alone so that an error points into the item (or its candidates).
fn items<T: DeserializeOwned>(path: &Path, node: &Node) -> Result<Vec<T>, CurateError> {
    match &node.value {
        Value::Null => Ok(Vec::new()),
        Value::Seq(items) => items
            .iter()
            .map(|item| {
                if let Some(Value::Seq(candidates)) = item.get("candidates").map(|c| &c.value) {
                    for c in candidates {
                        field::<concord_schema::gold::Candidate>(path, c)?;
                    }
                }
                field(path, item)
            })
            .collect(),
        other => Err(located(path, node.start, format!("expected a list, found {}", other.kind()))),
    }
}

pub(crate) fn located(path: &Path, pos: yaml::Pos, message: impl Into<String>) -> CurateError {
    CurateError::GoldFile { path: path.to_owned(), line: pos.line, column: pos.column, message: message.into() }
}
