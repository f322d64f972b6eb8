//! The crowd layout of a report: what replaces the full pair table when annotators are many.
//!
//! With a pool of thousands of raters and a few on each document, listing every pair is neither
//! readable nor affordable. [`CrowdSummary`] keeps what a reader acts on:
//! - the pairwise figures as a distribution ([`Spread`]) over the pairs that share a document;
//! - the `listed` best and worst pairs among those sharing at least `min_shared_documents`
//!   documents ([`PairBrief`]);
//! - each annotator against the others on the same documents ([`AnnotatorVsOthers`]), best and
//!   worst `listed` of them, with the same cut.
//!
//! The layout is chosen by [`is_crowd`]; below the threshold the report lists every pair as it
//! always has. Plain data: it serialises into `schemas/report.schema.json` as `crowd`.

use serde::{Deserialize, Serialize};

use crate::report::SchemeReport;

/// More annotators than this and the report uses the crowd layout. Twelve annotators make 66
/// pairs, about the most a pair table can show and still be read.
pub const CROWD_ANNOTATORS: usize = 12;

/// Pairs (and annotators) listed at each end, best and worst, by default.
pub const LISTED: usize = 10;

/// A pair is ranked only when it shares at least this many documents, by default: one shared
/// short document says little about a pair.
pub const MIN_SHARED_DOCUMENTS: usize = 3;

/// Whether a report over `annotators` annotators uses the crowd layout.
#[must_use]
pub fn is_crowd(annotators: usize) -> bool {
    annotators > CROWD_ANNOTATORS
}

/// A distribution of one figure: how many values were defined, their mean and quartiles.
/// Quartiles are the nearest-rank values of the sorted defined figures; all `null` when `n` is 0.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Values that were defined (undefined ones are left out, and counted in `undefined`).
    pub n: usize,
    pub undefined: usize,
    pub mean: Option<f64>,
    pub min: Option<f64>,
    pub q1: Option<f64>,
    pub median: Option<f64>,
    pub q3: Option<f64>,
    pub max: Option<f64>,
}

impl Spread {
    /// The spread of `values` (`None`: undefined), in the order given.
    pub fn of(values: impl IntoIterator<Item = Option<f64>>) -> Spread {
        let mut defined = Vec::new();
        let mut undefined = 0;
        for v in values {
            match v {
                Some(x) => defined.push(x),
                None => undefined += 1,
            }
        }
        let n = defined.len();
        if n == 0 {
            return Spread { undefined, ..Spread::default() };
        }
        let mean = defined.iter().sum::<f64>() / n as f64;
        defined.sort_by(f64::total_cmp);
        // Nearest rank: the smallest value with at least p·n values at or below it.
        let rank = |p: f64| defined[((p * n as f64).ceil() as usize).clamp(1, n) - 1];
        Spread {
            n,
            undefined,
            mean: Some(mean),
            min: Some(defined[0]),
            q1: Some(rank(0.25)),
            median: Some(rank(0.5)),
            q3: Some(rank(0.75)),
            max: Some(defined[n - 1]),
        }
    }
}

/// One pair, briefly.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PairBrief {
    pub a: String,
    pub b: String,
    /// Documents both annotated.
    pub documents: usize,
    pub strict_f1: Option<f64>,
    pub cohen_kappa: Option<f64>,
}

/// One annotator against the others who annotated the same documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnotatorVsOthers {
    pub annotator: String,
    /// Documents the annotator has a file for.
    pub documents: usize,
    /// Documents shared with at least one other annotator.
    pub documents_compared: usize,
    pub spans: usize,
    /// Other annotators sharing at least one document.
    pub partners: usize,
    /// Span matching of this annotator against each partner, summed over the shared documents
    /// (the annotator's spans are the predictions, the partner's the reference).
    pub strict: SchemeReport,
    /// Mean of the pairwise strict F1 over the partners.
    pub mean_pair_strict_f1: Option<f64>,
    /// Strict F1 against the gold standard, when gold exists for a document the annotator did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gold_strict_f1: Option<f64>,
}

/// How the crowd layout ranks and cuts; [`Default`] is [`LISTED`] and [`MIN_SHARED_DOCUMENTS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CrowdCut {
    pub listed: usize,
    pub min_shared_documents: usize,
}

impl Default for CrowdCut {
    fn default() -> CrowdCut {
        CrowdCut { listed: LISTED, min_shared_documents: MIN_SHARED_DOCUMENTS }
    }
}

/// The `cut.listed` best and worst of `ranked` (`(figure, item)`, undefined figures left out),
/// best first and worst first; ties keep the given order.
pub fn ends<T: Clone>(mut ranked: Vec<(f64, T)>, listed: usize) -> (Vec<T>, Vec<T>) {
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best = ranked.iter().take(listed).map(|(_, t)| t.clone()).collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let worst = ranked.iter().take(listed).map(|(_, t)| t.clone()).collect();
    (best, worst)
}

/// The crowd layout's summary of pairs and annotators.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CrowdSummary {
    /// Pairs that share at least one document (no other pair has figures).
    pub pairs: usize,
    /// Documents per pair, over those pairs.
    pub documents_per_pair: Spread,
    /// Strict F1 per pair.
    pub strict_f1: Spread,
    /// Cohen's kappa per pair.
    pub cohen_kappa: Spread,
    /// The cut: pairs (and annotators) are ranked only with at least this many shared documents.
    pub min_shared_documents: usize,
    /// How many are listed at each end.
    pub listed: usize,
    /// Best pairs by strict F1, best first.
    pub best_pairs: Vec<PairBrief>,
    /// Worst pairs by strict F1, worst first.
    pub worst_pairs: Vec<PairBrief>,
    /// Best annotators against the others, best first.
    pub best_annotators: Vec<AnnotatorVsOthers>,
    /// Worst annotators against the others, worst first.
    pub worst_annotators: Vec<AnnotatorVsOthers>,
}

/// A spread of counts (documents per pair) for people: whole numbers as such, a mean with two
/// decimals, `n/a` when undefined.
pub fn format_count(v: Option<f64>) -> String {
    match v {
        None => "n/a".to_owned(),
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.2}"),
    }
}

fn figure(v: Option<f64>) -> String {
    crate::figure::format_figure(v, None)
}

/// How one spread's values are written.
type Show = fn(Option<f64>) -> String;

/// The terminal summary's crowd section.
pub fn render_text(crowd: &CrowdSummary) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{} share a document: per pair      n   mean    min     Q1 median     Q3    max",
        concord_schema::words::plural(crowd.pairs, "pair")
    );
    let rows: [(&str, &Spread, Show); 3] = [
        ("documents shared", &crowd.documents_per_pair, format_count),
        ("strict F1", &crowd.strict_f1, figure),
        ("Cohen's κ", &crowd.cohen_kappa, figure),
    ];
    for (name, s, show) in rows {
        let _ = writeln!(
            out,
            "  {name:<31}{:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            s.n,
            show(s.mean),
            show(s.min),
            show(s.q1),
            show(s.median),
            show(s.q3),
            show(s.max)
        );
    }
    let _ = writeln!(out, "\n(ranked: at least {} shared documents)", crowd.min_shared_documents);
    for (title, rows) in [("best pairs", &crowd.best_pairs), ("worst pairs", &crowd.worst_pairs)] {
        let _ = writeln!(out, "{title}:");
        for p in rows.iter() {
            let _ = writeln!(
                out,
                "  {} × {}  {} documents  strict F1 {}  κ {}",
                p.a,
                p.b,
                p.documents,
                figure(p.strict_f1),
                figure(p.cohen_kappa)
            );
        }
    }
    for (title, rows) in [
        ("best annotators against the others", &crowd.best_annotators),
        ("worst annotators against the others", &crowd.worst_annotators),
    ] {
        let _ = writeln!(out, "{title}:");
        for a in rows.iter() {
            let _ = writeln!(
                out,
                "  {}  {} documents ({} compared), {} partners  strict F1 {}  mean pair F1 {}",
                a.annotator,
                a.documents,
                a.documents_compared,
                a.partners,
                figure(a.strict.f1),
                figure(a.mean_pair_strict_f1)
            );
        }
    }
    out
}
