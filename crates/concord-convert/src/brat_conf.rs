//! brat's `annotation.conf` (and `visual.conf` colours) to and from `schemas/labels.yaml`.

use concord_schema::{Label, LabelSet, OverlapPolicy};

use crate::import::DeclaredLabel;

/// A label set made from an input's declared labels, for a project that has none yet.
/// brat lets entities overlap as its configuration says; concord's nearest default is `nest`.
pub fn label_set_from_declared(declared: &[DeclaredLabel]) -> LabelSet {
    let mut labels: Vec<Label> = Vec::with_capacity(declared.len());
    for d in declared {
        if labels.iter().any(|l| l.name == d.name) {
            continue;
        }
        labels.push(Label {
            name: d.name.clone(),
            description: format!("Imported from {}; describe it here.", d.at.path.display()),
            color: d.color.clone(),
            overlap: OverlapPolicy::Nest,
        });
    }
    LabelSet { labels }
}

/// `schemas/labels.yaml` for a label set.
pub fn labels_yaml(labels: &LabelSet) -> String {
    let body = serde_yaml::to_string(labels).unwrap_or_default();
    format!("# The label set. Definitions and decision rules belong in docs/guidelines.md.\n{body}")
}
