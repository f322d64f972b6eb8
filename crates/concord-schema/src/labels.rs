//! The label set, `schemas/labels.yaml`, and the "did you mean" hint for a misspelt name
//! ([`closest_name`]), shared by validate's C016/C008 messages and import's `--label-map` hint
//! so the two always agree about a typo.

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

    /// Whether two spans `[start, end)` may stand together in one file under this policy (pass
    /// the [`stricter`](Self::stricter) of their labels'): spans that share no code point always
    /// may; `nest` lets one contain the other (equal extents count); `forbid` allows no overlap.
    /// The one rule that `validate` (C018) and `curate` both apply.
    pub fn permits(self, a: (usize, usize), b: (usize, usize)) -> bool {
        let overlap = a.0 < b.1 && b.0 < a.1;
        let nested = (a.0 <= b.0 && b.1 <= a.1) || (b.0 <= a.0 && a.1 <= b.1);
        match self {
            _ if !overlap => true,
            OverlapPolicy::Allow => true,
            OverlapPolicy::Nest => nested,
            OverlapPolicy::Forbid => false,
        }
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
        LabelSet::from_source(path, &source)
    }

    /// Parses `source` as the label set file at `path` (an editor's unsaved buffer), with the
    /// errors [`LabelSet::load`] gives.
    pub fn from_source(path: &Path, source: &str) -> Result<LabelSet, LoadError> {
        LabelSet::from_yaml(source).map_err(|e| {
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

    /// The overlap policy of `name`; `allow` for a label the set does not have (its spans are
    /// reported as unknown labels, not as overlaps).
    pub fn overlap_of(&self, name: &str) -> OverlapPolicy {
        self.get(name).map_or(OverlapPolicy::Allow, |l| l.overlap)
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

    /// The label `name` was probably meant to be, by [`closest_name`].
    pub fn closest(&self, name: &str) -> Option<&str> {
        closest_name(name, self.names())
    }
}

/// The candidate nearest to `wanted`, when near enough to be a likely typo or spelling variant.
///
/// Both sides are compared case-folded and without `-`, `_` and spaces (so `militant-group`,
/// `Militant Group` and `MILITANT_GROUP` are the same name). A candidate of `n` characters is
/// near enough within `max(2, n / 3)` edits (Levenshtein, over code points): two edits even
/// for three-letter labels (`GEO` → `GPE`), a third of the name for long ones. The nearest
/// wins; ties go to the candidate that sorts first, so the hint never depends on list order.
pub fn closest_name<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let fold = |s: &str| -> Vec<char> {
        s.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).flat_map(char::to_lowercase).collect()
    };
    let wanted = fold(wanted);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wanted, &fold(c)), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, one row at a time.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 9] =
        ["PERSON", "MILITANT_GROUP", "STATE_BODY", "ORGANIZATION", "GPE", "LOCATION", "FACILITY", "DATE", "EVENT"];

    #[test]
    fn typos_and_spellings_find_their_name() {
        // validate's cases (C016 and C008 snapshots).
        assert_eq!(closest_name("PERSN", NAMES), Some("PERSON"));
        assert_eq!(closest_name("GEO", NAMES), Some("GPE"));
        assert_eq!(closest_name("FACILTY", NAMES), Some("FACILITY"));
        assert_eq!(closest_name("lable", ["start", "end", "label", "text"]), Some("label"));
        // import's cases (the --label-map hint).
        assert_eq!(closest_name("Organization", NAMES), Some("ORGANIZATION"));
        assert_eq!(closest_name("Organisation", NAMES), Some("ORGANIZATION"));
        assert_eq!(closest_name("militant-group", NAMES), Some("MILITANT_GROUP"));
        assert_eq!(closest_name("Militant Group", NAMES), Some("MILITANT_GROUP"));
        assert_eq!(closest_name("Gpe", NAMES), Some("GPE"));
    }

    #[test]
    fn far_names_get_no_hint() {
        assert_eq!(closest_name("XYZXYZ", ["PERSON", "GPE"]), None);
        assert_eq!(closest_name("Weapon", NAMES), None);
        assert_eq!(closest_name("", NAMES), None);
        assert_eq!(closest_name("PERSON", []), None);
    }

    #[test]
    fn the_threshold_grows_with_the_name() {
        // Two edits from a short name, four from MILITANT_GROUP (14 / 3 = 4).
        assert_eq!(closest_name("GX", ["GPE"]), Some("GPE"));
        assert_eq!(closest_name("XXX", ["GPE"]), None);
        assert_eq!(closest_name("MILITANTGRXXX", ["MILITANT_GROUP"]), Some("MILITANT_GROUP"));
        assert_eq!(closest_name("MILITXXXGRXXX", ["MILITANT_GROUP"]), None);
    }

    #[test]
    fn ties_go_to_the_name_that_sorts_first() {
        assert_eq!(closest_name("DAT", ["DATA", "DATE"]), Some("DATA"));
        assert_eq!(closest_name("DAT", ["DATE", "DATA"]), Some("DATA"));
    }

    #[test]
    fn a_label_set_hints_its_own_names() {
        let set = LabelSet::from_yaml("labels:\n  - {name: PERSON, description: p}\n  - {name: GPE, description: g}\n")
            .unwrap();
        assert_eq!(set.closest("PERSN"), Some("PERSON"));
        assert_eq!(set.closest("Weapon"), None);
    }

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
