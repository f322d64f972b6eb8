//! An [`AgreementReport`] flattened to keyed figures, and the comparison of those figures with
//! the Python reference implementations' (krippendorff, scikit-learn, statsmodels, nervaluate).
//!
//! It lives here, not in xtask, because two callers need the same rules: `cargo xtask
//! crosscheck` (runs the Python live, not in CI) and this crate's test against a frozen copy of
//! the Python output (`tests/fixtures/crosscheck_reference.json`, run on every `cargo test`).
//!
//! Design choices:
//! - Every figure has a key in the reference script's scheme
//!   (`span/<a>/<b>/<scheme>/<measure>[/<label>]`, `cohen/<a>/<b>[/<label>]`, `fleiss[/<label>]`,
//!   `alpha[/<label>]`, `ualpha[/<a>/<b>][/<label>]`) and a family, the unit of the summary.
//! - Both sides undefined counts as agreement; concord's `None` against nervaluate's 0 does too
//!   (nervaluate reports 0 for a zero denominator), and is counted apart. A figure defined on
//!   one side only, or a reference key concord lacks, is a mismatch.
//! - Reading the reference output fails with a typed [`ReferenceError`], never a panic.

use std::collections::BTreeMap;

use concord_schema::AnnotationSet;
use serde_json::{Value, json};

use crate::AgreementReport;
use crate::report::SchemeReport;

/// One flattened figure: its family (for the summary) and its value (`None` = undefined).
#[derive(Clone, Debug, PartialEq)]
pub struct KeyedFigure {
    pub family: String,
    pub value: Option<f64>,
}

/// The annotation set as the reference script reads it: code-point offsets, spans in concord's
/// order, a missing annotator file as a missing key (not an empty list).
pub fn input_json(set: &AnnotationSet) -> Value {
    let documents: Vec<Value> = set
        .documents
        .iter()
        .map(|d| {
            let by: serde_json::Map<String, Value> = d
                .by_annotator
                .iter()
                .map(|(a, spans)| (a.clone(), spans.iter().map(|s| json!([s.start, s.end, s.label])).collect()))
                .collect();
            json!({"id": d.id, "text": d.text.as_str(), "by_annotator": by})
        })
        .collect();
    json!({"labels": set.labels, "annotators": set.annotators, "documents": documents})
}

/// The four schemes with their names as the reference script keys them.
fn schemes(s: [&SchemeReport; 4]) -> [(&'static str, &SchemeReport); 4] {
    [("strict", s[0]), ("exact", s[1]), ("partial", s[2]), ("type", s[3])]
}

/// Every deterministic figure of `r` (not γ, not intervals), keyed as the reference script keys them.
pub fn flatten(r: &AgreementReport) -> BTreeMap<String, KeyedFigure> {
    let mut out = BTreeMap::new();
    let mut put = |key: String, family: &str, value: Option<f64>| {
        out.insert(key, KeyedFigure { family: family.to_owned(), value });
    };
    for p in &r.pairs {
        let (a, b) = (&p.a, &p.b);
        if p.documents == 0 {
            continue;
        }
        for (n, s) in schemes([&p.strict, &p.exact, &p.partial, &p.type_]) {
            for (m, v) in [("precision", s.precision), ("recall", s.recall), ("f1", s.f1)] {
                put(format!("span/{a}/{b}/{n}/{m}"), &format!("span {n} P/R/F1"), v);
            }
        }
        for l in &p.per_label {
            for (n, s) in schemes([&l.strict, &l.exact, &l.partial, &l.type_]) {
                for (m, v) in [("precision", s.precision), ("recall", s.recall), ("f1", s.f1)] {
                    put(format!("span/{a}/{b}/{n}/{m}/{}", l.label), &format!("span {n} P/R/F1 per label"), v);
                }
            }
            put(format!("cohen/{a}/{b}/{}", l.label), "cohen kappa per label", l.cohen_kappa);
            put(format!("ualpha/{a}/{b}/{}", l.label), "unitizing alpha per pair and label", l.unitizing_alpha);
        }
        put(format!("cohen/{a}/{b}"), "cohen kappa", p.cohen_kappa);
        put(format!("ualpha/{a}/{b}"), "unitizing alpha per pair", p.unitizing_alpha);
    }
    put("fleiss".into(), "fleiss kappa", r.overall.fleiss_kappa);
    put("alpha".into(), "krippendorff alpha", r.overall.krippendorff_alpha);
    put("ualpha".into(), "unitizing alpha", r.overall.unitizing_alpha);
    for l in &r.per_label {
        put(format!("fleiss/{}", l.label), "fleiss kappa per label", l.fleiss_kappa);
        put(format!("alpha/{}", l.label), "krippendorff alpha per label", l.krippendorff_alpha);
        put(format!("ualpha/{}", l.label), "unitizing alpha per label", l.unitizing_alpha);
    }
    out
}

/// Why the reference script's output cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("the reference output has no `figures` object")]
    NoFigures,
    #[error("reference figure `{key}` is neither a number nor null: {value}")]
    NotANumber { key: String, value: String },
}

/// The `figures` object of the reference script's output (`null` = undefined).
pub fn reference_figures(output: &Value) -> Result<BTreeMap<String, Option<f64>>, ReferenceError> {
    let figures = output.get("figures").and_then(Value::as_object).ok_or(ReferenceError::NoFigures)?;
    figures
        .iter()
        .map(|(key, v)| match v {
            Value::Null => Ok((key.clone(), None)),
            _ => v
                .as_f64()
                .map(|f| (key.clone(), Some(f)))
                .ok_or_else(|| ReferenceError::NotANumber { key: key.clone(), value: v.to_string() }),
        })
        .collect()
}

/// How one family of figures compares.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Figures defined on both sides.
    pub compared: usize,
    /// The largest absolute difference among them (NaN if one was NaN).
    pub max_diff: f64,
    pub both_undefined: usize,
    /// concord undefined, nervaluate 0 (its value for a zero denominator).
    pub zero_for_undefined: usize,
    /// Keys defined on one side only, or missing from concord.
    pub mismatched: Vec<String>,
}

/// The comparison, per family; `"unmatched reference keys"` collects keys concord lacks.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub tolerance: f64,
    pub families: BTreeMap<String, Tally>,
}

impl Comparison {
    /// Whether the family is within tolerance with no mismatched key.
    pub fn family_ok(&self, t: &Tally) -> bool {
        t.mismatched.is_empty() && t.max_diff <= self.tolerance
    }

    /// Whether every family is.
    pub fn ok(&self) -> bool {
        self.families.values().all(|t| self.family_ok(t))
    }

    /// Figures compared, over all families.
    pub fn compared(&self) -> usize {
        self.families.values().map(|t| t.compared).sum()
    }
}

/// Compares concord's figures with the reference's; see the module comment for the rules.
pub fn compare(
    ours: &BTreeMap<String, KeyedFigure>,
    theirs: &BTreeMap<String, Option<f64>>,
    tolerance: f64,
) -> Comparison {
    let mut families: BTreeMap<String, Tally> = BTreeMap::new();
    for (key, mine) in ours {
        let t = families.entry(mine.family.clone()).or_default();
        let span = key.starts_with("span/");
        match (mine.value, theirs.get(key)) {
            (Some(m), Some(Some(p))) => {
                t.compared += 1;
                let d = (m - p).abs();
                if d > t.max_diff || d.is_nan() {
                    t.max_diff = d;
                }
            }
            (None, Some(Some(p))) if span && *p == 0.0 => t.zero_for_undefined += 1,
            (None, Some(None)) => t.both_undefined += 1,
            // nervaluate lists only labels used in the compared documents.
            (None, None) if span => t.both_undefined += 1,
            _ => t.mismatched.push(key.clone()),
        }
    }
    for key in theirs.keys().filter(|k| !ours.contains_key(*k)) {
        families.entry("unmatched reference keys".into()).or_default().mismatched.push(key.clone());
    }
    Comparison { tolerance, families }
}
