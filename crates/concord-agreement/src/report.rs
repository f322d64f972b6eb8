//! The agreement report: what [`crate::compute()`] returns, serialised as JSON
//! (`schemas/report.schema.json`) and rendered for the terminal by [`render_text`].
//!
//! Design choices:
//! - **Undefined figures**: every figure that can be undefined is an `Option<f64>` that
//!   serialises as a number or `null`; when `null`, a sibling `<name>_undefined` string says
//!   why (e.g. `"cohen_kappa": null, "cohen_kappa_undefined": "no tokens in common"`). Reasons
//!   are absent when the value is present. Never NaN.
//! - **Settable gamma**: `overall.gamma` and the per-document gamma fields are plain pub fields,
//!   `null` with reason "not computed" until concord-gamma's figures are filled in
//!   ([`Overall::set_gamma`], [`DocumentReport::set_gamma`]).
//! - Plain data, no behaviour beyond rendering: the report round-trips through serde.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::bootstrap::Interval;
use crate::crowd::CrowdSummary;
use crate::figure::{Figure, format_figure, format_interval, split};
use crate::spans::{Counts, Scheme, Scores};
use crate::vs_gold::GoldComparison;
use concord_schema::words::plural;

/// The reason beside gamma figures until they are filled in.
pub(crate) const GAMMA_NOT_COMPUTED: &str = "not computed";

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Options echoed into the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportOptions {
    pub seed: u64,
    pub resamples: u32,
    pub confidence_level: f64,
    /// Gamma's chance samples per document; written only when not pygamma's 30.
    #[serde(default = "default_gamma_samples", skip_serializing_if = "is_default_gamma_samples")]
    pub gamma_samples: usize,
}

impl ReportOptions {
    /// Says how gamma's chance disorder was sampled when it was not pygamma's default.
    pub fn gamma_samples_note(&self) -> Option<String> {
        (!is_default_gamma_samples(&self.gamma_samples)).then(|| {
            format!(
                "γ's chance disorder from {} per document, not pygamma's {}",
                plural(self.gamma_samples, "sample"),
                concord_gamma::DEFAULT_SAMPLES
            )
        })
    }
}

fn default_gamma_samples() -> usize {
    concord_gamma::DEFAULT_SAMPLES
}

fn is_default_gamma_samples(n: &usize) -> bool {
    *n == concord_gamma::DEFAULT_SAMPLES
}

/// One scheme's precision, recall, F1 and nervaluate counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchemeReport {
    pub precision: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision_undefined: Option<String>,
    pub recall: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recall_undefined: Option<String>,
    pub f1: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f1_undefined: Option<String>,
    pub correct: u64,
    pub incorrect: u64,
    pub partial: u64,
    pub missed: u64,
    pub spurious: u64,
    /// POS = correct + incorrect + partial + missed (the first annotator's spans).
    pub possible: u64,
    /// ACT = correct + incorrect + partial + spurious (the second annotator's spans).
    pub actual: u64,
}

impl SchemeReport {
    pub fn new(counts: &Counts, scheme: Scheme) -> SchemeReport {
        SchemeReport::from_scores(counts, &counts.scores(scheme))
    }

    /// The figures of `scores`, which were computed from `counts`.
    pub fn from_scores(counts: &Counts, scores: &Scores) -> SchemeReport {
        let (precision, precision_undefined) = split(&scores.precision);
        let (recall, recall_undefined) = split(&scores.recall);
        let (f1, f1_undefined) = split(&scores.f1);
        SchemeReport {
            precision,
            precision_undefined,
            recall,
            recall_undefined,
            f1,
            f1_undefined,
            correct: counts.correct,
            incorrect: counts.incorrect,
            partial: counts.partial,
            missed: counts.missed,
            spurious: counts.spurious,
            possible: counts.possible(),
            actual: counts.actual(),
        }
    }
}

/// The four schemes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Schemes {
    pub strict: SchemeReport,
    pub exact: SchemeReport,
    pub partial: SchemeReport,
    #[serde(rename = "type")]
    pub type_: SchemeReport,
}

impl Schemes {
    /// From counts in [`Scheme::ALL`] order.
    pub fn new(counts: &[Counts; 4]) -> Schemes {
        Schemes {
            strict: SchemeReport::new(&counts[0], Scheme::Strict),
            exact: SchemeReport::new(&counts[1], Scheme::Exact),
            partial: SchemeReport::new(&counts[2], Scheme::Partial),
            type_: SchemeReport::new(&counts[3], Scheme::Type),
        }
    }
}

/// A label confusion matrix: rows the pair's first annotator, columns the second.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfusionReport {
    /// Row and column names: the labels, then `(none)`.
    pub labels: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

/// Per-label figures of one pair.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PairLabelReport {
    pub label: String,
    pub strict: SchemeReport,
    pub exact: SchemeReport,
    pub partial: SchemeReport,
    #[serde(rename = "type")]
    pub type_: SchemeReport,
    /// Cohen's kappa of the label against everything else, over tokens.
    pub cohen_kappa: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohen_kappa_undefined: Option<String>,
    pub unitizing_alpha: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unitizing_alpha_undefined: Option<String>,
}

/// One annotator pair over the documents both have a file for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PairReport {
    /// The reference ("true") annotator: alphabetically first.
    pub a: String,
    /// The prediction annotator.
    pub b: String,
    /// Documents both annotators have a file for.
    pub documents: usize,
    /// Tokens of those documents.
    pub tokens: u64,
    pub strict: SchemeReport,
    pub exact: SchemeReport,
    pub partial: SchemeReport,
    #[serde(rename = "type")]
    pub type_: SchemeReport,
    pub strict_f1_ci: Option<Interval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict_f1_ci_undefined: Option<String>,
    pub cohen_kappa: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohen_kappa_undefined: Option<String>,
    pub unitizing_alpha: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unitizing_alpha_undefined: Option<String>,
    pub per_label: Vec<PairLabelReport>,
    pub confusion: ConfusionReport,
}

/// Corpus-level multi-rater figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overall {
    /// Documents with files from at least two annotators.
    pub documents_compared: usize,
    /// Documents with files from every annotator (Fleiss' kappa and unitizing alpha use these).
    pub documents_complete: usize,
    pub fleiss_kappa: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fleiss_kappa_undefined: Option<String>,
    /// Tokens rated by every annotator.
    pub fleiss_tokens: u64,
    pub krippendorff_alpha: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub krippendorff_alpha_undefined: Option<String>,
    pub krippendorff_alpha_ci: Option<Interval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub krippendorff_alpha_ci_undefined: Option<String>,
    pub unitizing_alpha: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unitizing_alpha_undefined: Option<String>,
    pub unitizing_alpha_ci: Option<Interval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unitizing_alpha_ci_undefined: Option<String>,
    pub gamma: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gamma_undefined: Option<String>,
    /// Standard error of the corpus gamma from the chance sampling (null when gamma is).
    #[serde(default)]
    pub gamma_standard_error: Option<f64>,
    /// Unweighted mean of the documents' gammas (null when no document has one).
    #[serde(default)]
    pub gamma_mean_document: Option<f64>,
    /// Documents whose gamma is defined (the corpus figure pools these).
    #[serde(default)]
    pub gamma_documents: usize,
    /// Documents left out of the corpus gamma because theirs was too complex to compute
    /// (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub gamma_documents_too_complex: usize,
    /// Span matching summed over every pair.
    pub pooled: Schemes,
    /// Mean of the pairs' strict F1, over the pairs that share a document and have a defined
    /// F1: each pair weighs the same, where `pooled` weighs a document by its m(m−1)/2 pairs.
    pub mean_pair_strict_f1: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_pair_strict_f1_undefined: Option<String>,
    /// Pairs in that mean.
    #[serde(default)]
    pub mean_pair_strict_f1_pairs: usize,
    /// Confusion summed over every pair.
    pub confusion: ConfusionReport,
}

impl Overall {
    /// Fills in (or clears, with a reason) the corpus gamma.
    pub fn set_gamma(&mut self, gamma: &Figure) {
        (self.gamma, self.gamma_undefined) = split(gamma);
    }
}

/// Corpus-level figures of one label (binary: the label against everything else).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LabelReport {
    pub label: String,
    pub fleiss_kappa: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fleiss_kappa_undefined: Option<String>,
    pub krippendorff_alpha: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub krippendorff_alpha_undefined: Option<String>,
    pub unitizing_alpha: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unitizing_alpha_undefined: Option<String>,
    /// Span matching of this label summed over every pair.
    pub pooled: Schemes,
}

/// One pair on one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentPairReport {
    pub a: String,
    pub b: String,
    pub strict: SchemeReport,
    pub exact: SchemeReport,
    pub partial: SchemeReport,
    #[serde(rename = "type")]
    pub type_: SchemeReport,
}

/// One document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentReport {
    pub id: String,
    /// Annotators with a file for the document (the others did not annotate it).
    pub annotators: Vec<String>,
    /// Length in code points.
    pub length: u64,
    pub tokens: u64,
    pub unitizing_alpha: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unitizing_alpha_undefined: Option<String>,
    pub krippendorff_alpha: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub krippendorff_alpha_undefined: Option<String>,
    /// Mean strict F1 over the document's pairs whose F1 is defined.
    #[serde(default)]
    pub mean_pair_strict_f1: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_pair_strict_f1_undefined: Option<String>,
    pub gamma: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gamma_undefined: Option<String>,
    pub gamma_observed_disorder: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gamma_observed_disorder_undefined: Option<String>,
    pub gamma_chance_disorder: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gamma_chance_disorder_undefined: Option<String>,
    /// Standard error of `gamma` from the chance sampling.
    #[serde(default)]
    pub gamma_standard_error: Option<f64>,
    /// Chance continua sampled.
    #[serde(default)]
    pub gamma_samples: usize,
    /// Gamma-cat: agreement on labels given the best alignment (Mathet 2015, section 6).
    #[serde(default)]
    pub gamma_cat: Option<f64>,
    /// Gamma-k: gamma-cat restricted to one label, per label the document uses.
    #[serde(default)]
    pub gamma_k: Vec<LabelGammaReport>,
    /// The pairs on the document (empty in the crowd layout unless the report is full).
    pub pairs: Vec<DocumentPairReport>,
}

impl DocumentReport {
    /// Fills in (or clears, with reasons) the document's gamma figures.
    pub fn set_gamma(&mut self, gamma: &Figure, observed_disorder: &Figure, chance_disorder: &Figure) {
        (self.gamma, self.gamma_undefined) = split(gamma);
        (self.gamma_observed_disorder, self.gamma_observed_disorder_undefined) = split(observed_disorder);
        (self.gamma_chance_disorder, self.gamma_chance_disorder_undefined) = split(chance_disorder);
    }
}

/// Gamma-k of one label on one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LabelGammaReport {
    pub label: String,
    /// Null when undefined for the label (no unit of it, or zero chance disorder).
    pub gamma: Option<f64>,
}

/// Spans and documents of one annotator.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnotatorSummary {
    pub annotator: String,
    /// Documents the annotator has a file for (possibly with no spans).
    pub documents: usize,
    pub spans: usize,
}

/// The whole report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgreementReport {
    /// Sorted.
    pub annotators: Vec<String>,
    /// The label set's names in its order, then any other label found in spans, sorted.
    pub labels: Vec<String>,
    pub options: ReportOptions,
    pub annotator_summary: Vec<AnnotatorSummary>,
    pub documents_total: usize,
    /// Every annotator pair (first alphabetically first); in the crowd layout empty, or with
    /// `--full` the pairs that share a document.
    pub pairs: Vec<PairReport>,
    pub overall: Overall,
    pub per_label: Vec<LabelReport>,
    pub documents: Vec<DocumentReport>,
    /// Each annotator against the gold standard; absent when no document has a gold file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against_gold: Option<GoldComparison>,
    /// The crowd layout's summary; present when annotators are many ([`crate::crowd::is_crowd`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crowd: Option<CrowdSummary>,
}

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions { seed: 0, resamples: 0, confidence_level: 0.95, gamma_samples: concord_gamma::DEFAULT_SAMPLES }
    }
}

fn num(v: Option<f64>) -> String {
    format_figure(v, None)
}

fn ci(v: &Option<Interval>) -> String {
    format_interval(v.as_ref())
}

/// Every pair's row, with the annotators' files and spans.
fn pair_table(out: &mut String, report: &AgreementReport) {
    for a in &report.annotator_summary {
        let _ = writeln!(out, "  {:<24} {:>5} documents {:>7} spans", a.annotator, a.documents, a.spans);
    }
    let width = report.pairs.iter().map(|p| p.a.len() + p.b.len() + 3).max().unwrap_or(4).max(4);
    let _ = writeln!(
        out,
        "\n{:<width$}  {:>6} {:>6} {:>7} {:>6}  {:>6} {:>6}  strict F1 95% CI",
        "pair", "strict", "exact", "partial", "type", "kappa", "uα"
    );
    for p in &report.pairs {
        let _ = writeln!(
            out,
            "{:<width$}  {:>6} {:>6} {:>7} {:>6}  {:>6} {:>6} {}",
            format!("{} × {}", p.a, p.b),
            num(p.strict.f1),
            num(p.exact.f1),
            num(p.partial.f1),
            num(p.type_.f1),
            num(p.cohen_kappa),
            num(p.unitizing_alpha),
            ci(&p.strict_f1_ci),
        );
    }
}

/// A compact terminal summary.
pub fn render_text(report: &AgreementReport) -> String {
    let mut out = String::new();
    let o = &report.overall;
    let _ = writeln!(
        out,
        "agreement: {} annotators, {} documents ({} compared, {} by every annotator)",
        report.annotators.len(),
        report.documents_total,
        o.documents_compared,
        o.documents_complete
    );
    if let Some(note) = report.options.gamma_samples_note() {
        let _ = writeln!(out, "{note}");
    }
    if let Some(crowd) = &report.crowd {
        out.push_str(&crate::crowd::render_text(crowd));
    } else {
        pair_table(&mut out, report);
    }
    let _ = writeln!(
        out,
        "\noverall: Fleiss κ {} · Krippendorff α {}{} · uα {}{} · γ {}",
        num(o.fleiss_kappa),
        num(o.krippendorff_alpha),
        ci(&o.krippendorff_alpha_ci),
        num(o.unitizing_alpha),
        ci(&o.unitizing_alpha_ci),
        num(o.gamma),
    );
    let _ = writeln!(
        out,
        "  strict F1: pooled over pairs {} · mean over {} {}",
        num(o.pooled.strict.f1),
        concord_schema::words::plural(o.mean_pair_strict_f1_pairs, "pair"),
        num(o.mean_pair_strict_f1),
    );
    let mut reasons: Vec<String> = Vec::new();
    for (name, reason) in [
        ("Fleiss κ", &o.fleiss_kappa_undefined),
        ("Krippendorff α", &o.krippendorff_alpha_undefined),
        ("uα", &o.unitizing_alpha_undefined),
        ("γ", &o.gamma_undefined),
    ] {
        if let Some(r) = reason {
            reasons.push(format!("{name}: {r}"));
        }
    }
    if !reasons.is_empty() {
        let _ = writeln!(out, "  n/a: {}", reasons.join("; "));
    }
    if o.gamma_documents_too_complex > 0 && o.gamma.is_some() {
        let _ = writeln!(
            out,
            "  γ leaves out {} too complex to compute (--gamma-max-steps raises the budget; --no-gamma or --measures skips γ)",
            concord_schema::words::plural(o.gamma_documents_too_complex, "document"),
        );
    }
    let lw = report.per_label.iter().map(|l| l.label.len()).max().unwrap_or(5).max(5);
    let _ = writeln!(out, "\n{:<lw$}  {:>9} {:>7} {:>6} {:>6}", "label", "strict F1", "Fleiss", "α", "uα");
    for l in &report.per_label {
        let _ = writeln!(
            out,
            "{:<lw$}  {:>9} {:>7} {:>6} {:>6}",
            l.label,
            num(l.pooled.strict.f1),
            num(l.fleiss_kappa),
            num(l.krippendorff_alpha),
            num(l.unitizing_alpha)
        );
    }
    if let Some(gold) = &report.against_gold {
        out.push_str(&crate::vs_gold::render_text(gold));
    }
    out
}
