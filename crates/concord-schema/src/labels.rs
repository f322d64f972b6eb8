//! The label set, `schemas/labels.yaml`.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::LoadError;

/// How a span of a label may overlap other spans in the same annotation file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OverlapPolicy {
    /// May share no code point with any other span.
    Forbid,
    /// May contain or sit inside another span (equal extents count), never cross one.
    #[default]
    Nest,
    /// Any overlap.
    Allow,
}

impl OverlapPolicy {
    /// The policy that applies to two overlapping spans: the stricter of their labels'.
    pub fn stricter(self, other: OverlapPolicy) -> OverlapPolicy {
        self.min(other)
    }
}

/// One label of the label set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// The label as annotators write it.
    pub name: String,
    /// One line that editors show when completing the label.
    pub description: String,
    /// A CSS colour for reports (`#rrggbb`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default)]
    pub overlap: OverlapPolicy,
}

/// Why a label set does not parse or check.
#[derive(Debug, thiserror::Error)]
pub enum LabelsError {
    #[error("{source}")]
    Yaml { line: usize, column: usize, source: serde_yaml::Error },
    #[error("label name {0:?} must be non-empty, without spaces")]
    BadName(String),
    #[error("label {0:?} is defined twice")]
    Duplicate(String),
}

impl LabelsError {
    /// 1-based line and column in the file (1, 1 for checks of the whole set).
    pub fn position(&self) -> (usize, usize) {
        match self {
            LabelsError::Yaml { line, column, .. } => (*line, *column),
            LabelsError::BadName(_) | LabelsError::Duplicate(_) => (1, 1),
        }
    }
}

/// The label set: the labels in the order the file gives them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelSet {
    pub labels: Vec<Label>,
}

impl LabelSet {
    pub fn load(path: &Path) -> Result<LabelSet, LoadError> {
        let source = crate::read_utf8(path)?;
        LabelSet::from_yaml(&source).map_err(|e| {
            let (line, column) = e.position();
            LoadError::Invalid { path: path.to_owned(), line, column, message: e.to_string() }
        })
    }

    /// Parses and checks a label set; errors carry a 1-based line and column.
    pub fn from_yaml(source: &str) -> Result<LabelSet, LabelsError> {
        let set: LabelSet = serde_yaml::from_str(source).map_err(|source| {
            let (line, column) = source.location().map_or((1, 1), |l| (l.line(), l.column()));
            LabelsError::Yaml { line, column, source }
        })?;
        let mut seen = std::collections::HashSet::new();
        for label in &set.labels {
            if label.name.is_empty() || label.name.chars().any(char::is_whitespace) {
                return Err(LabelsError::BadName(label.name.clone()));
            }
            if !seen.insert(label.name.as_str()) {
                return Err(LabelsError::Duplicate(label.name.clone()));
            }
        }
        Ok(set)
    }

    pub fn get(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|l| l.name.as_str())
    }

    /// `schemas/labels.yaml` for this label set: a header comment, then the labels, written by
    /// the same serde types [`LabelSet::from_yaml`] reads (so it always reads back).
    pub fn to_yaml(&self) -> Result<String, serde_yaml::Error> {
        let body = serde_yaml::to_string(self)?;
        Ok(format!("# The label set. Definitions and decision rules belong in docs/guidelines.md.\n{body}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stricter_policy_wins() {
        assert_eq!(OverlapPolicy::Allow.stricter(OverlapPolicy::Nest), OverlapPolicy::Nest);
        assert_eq!(OverlapPolicy::Forbid.stricter(OverlapPolicy::Allow), OverlapPolicy::Forbid);
    }

    #[test]
    fn duplicate_label_is_refused() {
        let src = "labels:\n  - {name: A, description: x}\n  - {name: A, description: y}\n";
        assert!(LabelSet::from_yaml(src).expect_err("duplicate").to_string().contains("twice"));
    }

    #[test]
    fn unknown_key_has_a_position() {
        let e = LabelSet::from_yaml("labels:\n  - name: A\n    description: x\n    colour: red\n")
            .expect_err("unknown field");
        assert_eq!(e.position().0, 4);
        let msg = e.to_string();
        assert!(msg.contains("colour"), "{msg}");
    }

    #[test]
    fn a_rendered_label_set_reads_back() {
        let set = LabelSet {
            labels: vec![
                Label {
                    name: "GPE".into(),
                    description: "a place: “x”\u{2028}".into(),
                    color: Some("#aabbcc".into()),
                    overlap: OverlapPolicy::Forbid,
                },
                Label { name: "NO".into(), description: "yes".into(), color: None, overlap: OverlapPolicy::Allow },
            ],
        };
        let yaml = set.to_yaml().expect("renders");
        assert!(yaml.starts_with("# The label set."), "{yaml}");
        assert_eq!(LabelSet::from_yaml(&yaml).expect("reads back"), set);
    }

    #[test]
    fn repository_label_set_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/labels.yaml");
        let set = LabelSet::load(&path).expect("schemas/labels.yaml is valid");
        assert!(set.get("PERSON").is_some());
    }
}
