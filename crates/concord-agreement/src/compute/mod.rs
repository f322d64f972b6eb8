//! From an [`AnnotationSet`] to an [`AgreementReport`].
//!
//! Design choices:
//! - **One parallel pass over documents** (rayon) computes every per-document statistic: span
//!   counts, token confusion, label confusion and unitizing pools per pair, and the multi-rater
//!   token statistics. Everything after that is sequential sums in document order, so results are
//!   bit-for-bit the same whatever the thread count.
//! - **Who is compared where.** A document is compared among the annotators who have a file for
//!   it (an empty file counts: "annotated, found nothing"). Pairs use the documents both have.
//!   Krippendorff's alpha treats an annotator without a file as missing for every token of the
//!   document. Fleiss' kappa needs the same raters for every item, so it uses only the documents
//!   every annotator has a file for; so does the corpus unitizing alpha (its continuum needs every
//!   rater over all of it). Per-document figures use the annotators present.
//! - **Cost follows the data.** A document costs the pairs of its own annotators; a pair gets a
//!   slot only when it shares a document. Past [`crate::crowd::CROWD_ANNOTATORS`] annotators the
//!   report takes the crowd layout: no pair rows (a [`crate::crowd::CrowdSummary`] instead;
//!   [`full`] streams every row when asked), each document with the mean of its pairs' F1.
//! - **Bootstrap** resamples documents ([`bootstrap`]) in parallel; each resample reweights the
//!   per-document statistics.

mod bootstrap;
mod document;
pub mod full;
mod pairs;
mod summary;

use std::collections::HashMap;

use concord_schema::AnnotationSet;
use rayon::prelude::*;

use crate::coding::{AlphaStats, FleissStats};
use crate::confusion::{Confusion, NONE};
use crate::crowd::{CrowdCut, is_crowd};
use crate::figure::{FigureUndefined, split};
use crate::measures::Measures;
use crate::report::*;
use crate::spans::{Counts, Scheme, SpanCounts};
use crate::unitizing::Pool;
use document::{DocStats, document_stats};

/// What [`compute`] may vary.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Seed of the bootstrap.
    pub seed: u64,
    /// Bootstrap resamples; 0 turns the confidence intervals off.
    pub resamples: u32,
    /// Coverage of the intervals.
    pub confidence_level: f64,
    /// Compute gamma (concord-gamma; the seed also seeds its chance sampling). `false` leaves
    /// it "not computed" whatever `measures` says.
    pub gamma: bool,
    /// The measures to report (`--measures`); unselected figures are `null`, "not computed
    /// (--measures)" ([`crate::measures`]).
    pub measures: Measures,
    /// Gamma's work budget per document ([`concord_gamma::budget`]); past it the document's
    /// gamma is "too complex" and left out of the corpus figure.
    pub gamma_max_steps: u64,
    /// Gamma's sampled continua per document for the chance disorder (pygamma's 30 by
    /// default, at most [`concord_gamma::MAX_SAMPLES`]): time grows with it, and so does the
    /// precision of the chance disorder (each document reports its standard error).
    pub gamma_samples: usize,
    /// The crowd layout's ranking and cut.
    pub crowd_cut: CrowdCut,
    /// The most (document, annotator pair) combinations a report takes on ([`check_size`]).
    pub max_pair_documents: u64,
}

/// About a kilobyte of memory each in the one pass (pair counts, κ's margins, the pair's slot),
/// so the default keeps a report under about 4 GB.
pub const MAX_PAIR_DOCUMENTS: u64 = 4_000_000;

/// A report too large to compute within the limits.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "the annotator pairs sharing a document number {pair_documents} (Σ over documents of m(m−1)/2 for m \
     annotators with a file), past the limit of {limit}; select fewer annotators with --annotators (names or \
     globs) or report on part of the corpus"
)]
pub struct TooLarge {
    pub pair_documents: u64,
    pub limit: u64,
}

/// Whether `set` is within `options`' limits: the one quantity that sets a report's memory is
/// the number of (document, pair of its annotators) combinations.
pub fn check_size(set: &AnnotationSet, options: &Options) -> Result<(), TooLarge> {
    let pair_documents: u64 = set
        .documents
        .iter()
        .map(|d| {
            let m = d.by_annotator.len() as u64;
            m * m.saturating_sub(1) / 2
        })
        .sum();
    if pair_documents > options.max_pair_documents {
        return Err(TooLarge { pair_documents, limit: options.max_pair_documents });
    }
    Ok(())
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 20_130_901,
            resamples: 1000,
            confidence_level: 0.95,
            gamma: true,
            measures: Measures::all(),
            gamma_max_steps: concord_gamma::DEFAULT_MAX_STEPS,
            gamma_samples: concord_gamma::DEFAULT_SAMPLES,
            crowd_cut: CrowdCut::default(),
            max_pair_documents: MAX_PAIR_DOCUMENTS,
        }
    }
}

/// Annotators, labels and ids shared by every document.
pub(crate) struct Context<'a> {
    annotators: &'a [String],
    /// Annotator index by name.
    index: HashMap<&'a str, usize>,
    labels: Vec<String>,
    ids: HashMap<&'a str, u32>,
    /// Rank of each label id by name (token tie-break).
    rank: Vec<u32>,
    /// The crowd layout ([`is_crowd`]).
    crowd: bool,
}

impl<'a> Context<'a> {
    fn new(set: &'a AnnotationSet) -> Context<'a> {
        let mut labels: Vec<String> = Vec::new();
        let mut ids: HashMap<&'a str, u32> = HashMap::new();
        for l in &set.labels {
            if !ids.contains_key(l.as_str()) {
                ids.insert(l.as_str(), labels.len() as u32);
                labels.push(l.clone());
            }
        }
        let mut extra: Vec<&'a str> = set
            .documents
            .iter()
            .flat_map(|d| d.by_annotator.values().flatten())
            .map(|s| s.label.as_str())
            .filter(|l| !ids.contains_key(l))
            .collect();
        extra.sort_unstable();
        extra.dedup();
        for l in extra {
            ids.insert(l, labels.len() as u32);
            labels.push(l.to_owned());
        }
        let mut by_name: Vec<usize> = (0..labels.len()).collect();
        by_name.sort_by(|&a, &b| labels[a].cmp(&labels[b]));
        let mut rank = vec![0u32; labels.len()];
        for (r, &id) in by_name.iter().enumerate() {
            rank[id] = r as u32;
        }
        let index = set.annotators.iter().enumerate().map(|(i, a)| (a.as_str(), i)).collect();
        Context { annotators: &set.annotators, index, labels, ids, rank, crowd: is_crowd(set.annotators.len()) }
    }

    fn k(&self) -> usize {
        self.labels.len()
    }
}

pub(crate) fn confusion_report(c: &Confusion, labels: &[String]) -> ConfusionReport {
    let mut names = labels.to_vec();
    names.push(NONE.to_owned());
    ConfusionReport { labels: names, counts: c.rows() }
}

/// Computes every measure of the crate; gamma too unless `options.gamma` is false (then its
/// fields stay `null`, "not computed").
pub fn compute(set: &AnnotationSet, options: &Options) -> AgreementReport {
    let options = &crate::measures::effective(options);
    let mut report = compute_without_gamma(set, options);
    if !set.gold.is_empty() {
        let gold = crate::vs_gold::compare(set, &report.labels, options);
        if let Some(crowd) = report.crowd.as_mut() {
            let f1: HashMap<&str, Option<f64>> =
                gold.annotators.iter().map(|a| (a.annotator.as_str(), a.strict.f1)).collect();
            for row in crowd.best_annotators.iter_mut().chain(crowd.worst_annotators.iter_mut()) {
                row.gold_strict_f1 = f1.get(row.annotator.as_str()).copied().flatten();
            }
        }
        report.against_gold = Some(gold);
    }
    if options.gamma {
        let params = concord_gamma::Params {
            max_steps: options.gamma_max_steps,
            samples: options.gamma_samples.clamp(1, concord_gamma::MAX_SAMPLES),
            ..concord_gamma::Params::default()
        };
        crate::gamma::fill(&mut report, set, options.seed, &params);
    }
    crate::measures::clear_unselected(&mut report, options.measures);
    report
}

fn compute_without_gamma(set: &AnnotationSet, options: &Options) -> AgreementReport {
    let cx = Context::new(set);
    let k = cx.k();
    let r = set.annotators.len();
    let stats: Vec<DocStats> = set.documents.par_iter().map(|d| document_stats(d, &cx)).collect();

    // Pooled over pairs: summed per document, so no pair needs a slot for it.
    let mut pooled_spans = SpanCounts::new(k);
    let mut pooled_confusion = Confusion::new(k);
    for s in &stats {
        pooled_spans.add(&s.pooled_spans);
        pooled_confusion.add(&s.pooled_confusion);
    }
    let annotator_summary = annotator_summary(set, &cx, &stats);

    // Pairs: every row for a small team; the summary of the pairs that share a document for a crowd.
    let (mut pairs, shared, crowd, pair_f1s) = if cx.crowd {
        let brief = pairs::shared_pairs(&stats);
        let f1s: Vec<Option<f64>> = brief.iter().map(|(_, b)| b.strict.scores(Scheme::Strict).f1.ok()).collect();
        let compared = documents_compared(&stats, r);
        let summary = summary::summarize(&cx, &brief, &annotator_summary, &compared, options.crowd_cut);
        (Vec::new(), Vec::new(), Some(summary), f1s)
    } else {
        let (rows, shared) = pairs::every_pair(&stats, &cx);
        let f1s = rows.iter().filter(|p| p.documents > 0).map(|p| p.strict.f1).collect();
        (rows, shared, None, f1s)
    };
    let mean_pair = mean_pair_f1(&pair_f1s);

    // Multi-rater.
    let mut alpha = AlphaStats::new(k + 1);
    let mut alpha_label = vec![AlphaStats::new(2); k];
    let mut fleiss = FleissStats::new(r as u64, k + 1);
    let mut fleiss_label = vec![FleissStats::new(r as u64, 2); k];
    let mut pool = Pool::new(r, k);
    let (mut compared, mut complete) = (0, 0);
    for s in &stats {
        alpha.add_weighted(&s.alpha, 1);
        for (a, b) in alpha_label.iter_mut().zip(&s.alpha_label) {
            a.add_weighted(b, 1);
        }
        if s.present.len() >= 2 {
            compared += 1;
        }
        if let Some((f, fl)) = &s.fleiss {
            complete += 1;
            fleiss.add(f);
            for (a, b) in fleiss_label.iter_mut().zip(fl) {
                a.add(b);
            }
            pool.merge(&s.pool);
        }
    }
    let no_complete = || Err(FigureUndefined::NoCompleteDocument);
    let fleiss_fig = if r < 2 {
        Err(FigureUndefined::TooFewAnnotators)
    } else if complete == 0 {
        no_complete()
    } else {
        fleiss.kappa()
    };
    let unitizing_fig = if r < 2 {
        Err(FigureUndefined::TooFewAnnotators)
    } else if complete == 0 {
        no_complete()
    } else {
        pool.alpha()
    };
    let (fleiss_kappa, fleiss_kappa_undefined) = split(&fleiss_fig);
    let (krippendorff_alpha, krippendorff_alpha_undefined) = split(&alpha.alpha());
    let (unitizing_alpha, unitizing_alpha_undefined) = split(&unitizing_fig);
    let (mean_pair_strict_f1, mean_pair_strict_f1_undefined) = split(&mean_pair);
    let mut overall = Overall {
        documents_compared: compared,
        documents_complete: complete,
        fleiss_kappa,
        fleiss_kappa_undefined,
        fleiss_tokens: fleiss.items,
        krippendorff_alpha,
        krippendorff_alpha_undefined,
        krippendorff_alpha_ci: None,
        krippendorff_alpha_ci_undefined: None,
        unitizing_alpha,
        unitizing_alpha_undefined,
        unitizing_alpha_ci: None,
        unitizing_alpha_ci_undefined: None,
        gamma: None,
        gamma_undefined: Some(GAMMA_NOT_COMPUTED.to_owned()),
        gamma_standard_error: None,
        gamma_mean_document: None,
        gamma_documents: 0,
        gamma_documents_too_complex: 0,
        pooled: Schemes::new(&pooled_spans.overall),
        mean_pair_strict_f1,
        mean_pair_strict_f1_undefined,
        mean_pair_strict_f1_pairs: pair_f1s.iter().flatten().count(),
        confusion: confusion_report(&pooled_confusion, &cx.labels),
    };

    let per_label = (0..k)
        .map(|l| {
            let fk = if complete == 0 { no_complete() } else { fleiss_label[l].kappa() };
            let ua = if complete == 0 { no_complete() } else { pool.category_alpha(l) };
            let (fleiss_kappa, fleiss_kappa_undefined) = split(&fk);
            let (krippendorff_alpha, krippendorff_alpha_undefined) = split(&alpha_label[l].alpha());
            let (unitizing_alpha, unitizing_alpha_undefined) = split(&ua);
            LabelReport {
                label: cx.labels[l].clone(),
                fleiss_kappa,
                fleiss_kappa_undefined,
                krippendorff_alpha,
                krippendorff_alpha_undefined,
                unitizing_alpha,
                unitizing_alpha_undefined,
                pooled: Schemes::new(&pooled_spans.per_label[l]),
            }
        })
        .collect();

    bootstrap::bootstrap(&stats, r, k, options, &mut pairs, &shared, &mut overall);

    let documents = set.documents.par_iter().zip(&stats).map(|(d, s)| document_report(&d.id, s, set)).collect();

    AgreementReport {
        annotators: set.annotators.clone(),
        labels: cx.labels.clone(),
        options: ReportOptions {
            seed: options.seed,
            resamples: options.resamples,
            confidence_level: options.confidence_level,
            gamma_samples: options.gamma_samples.clamp(1, concord_gamma::MAX_SAMPLES),
        },
        annotator_summary,
        documents_total: set.documents.len(),
        pairs,
        overall,
        per_label,
        documents,
        against_gold: None,
        crowd,
    }
}

/// Mean of the defined figures; undefined when there is none.
fn mean_pair_f1(f1s: &[Option<f64>]) -> crate::Figure {
    let defined: Vec<f64> = f1s.iter().flatten().copied().collect();
    if defined.is_empty() {
        return Err(FigureUndefined::NoPairWithSpans);
    }
    Ok(defined.iter().sum::<f64>() / defined.len() as f64)
}

/// Documents and spans of each annotator, in one pass over the documents.
fn annotator_summary(set: &AnnotationSet, cx: &Context<'_>, stats: &[DocStats]) -> Vec<AnnotatorSummary> {
    let mut documents = vec![0usize; cx.annotators.len()];
    let mut spans = vec![0usize; cx.annotators.len()];
    for (d, s) in set.documents.iter().zip(stats) {
        for &a in &s.present {
            documents[a] += 1;
            spans[a] += d.by_annotator.get(&cx.annotators[a]).map_or(0, Vec::len);
        }
    }
    set.annotators
        .iter()
        .zip(documents.into_iter().zip(spans))
        .map(|(a, (documents, spans))| AnnotatorSummary { annotator: a.clone(), documents, spans })
        .collect()
}

/// Per annotator, the documents it shares with at least one other annotator.
fn documents_compared(stats: &[DocStats], annotators: usize) -> Vec<usize> {
    let mut compared = vec![0usize; annotators];
    for s in stats.iter().filter(|s| s.present.len() >= 2) {
        for &a in &s.present {
            compared[a] += 1;
        }
    }
    compared
}

/// One document's row; its pairs listed below the crowd threshold.
fn document_report(id: &str, s: &DocStats, set: &AnnotationSet) -> DocumentReport {
    let few = || Err(FigureUndefined::TooFewFiles);
    let ua = if s.present.len() < 2 { few() } else { s.pool.alpha() };
    let ka = if s.present.len() < 2 { few() } else { s.alpha.alpha() };
    let (unitizing_alpha, unitizing_alpha_undefined) = split(&ua);
    let (krippendorff_alpha, krippendorff_alpha_undefined) = split(&ka);
    let (mean_pair_strict_f1, mean_pair_strict_f1_undefined) = split(&s.mean_pair_strict_f1);
    let not = || Some(GAMMA_NOT_COMPUTED.to_owned());
    DocumentReport {
        id: id.to_owned(),
        annotators: s.present.iter().map(|&a| set.annotators[a].clone()).collect(),
        length: s.length,
        tokens: s.tokens,
        unitizing_alpha,
        unitizing_alpha_undefined,
        krippendorff_alpha,
        krippendorff_alpha_undefined,
        mean_pair_strict_f1,
        mean_pair_strict_f1_undefined,
        gamma: None,
        gamma_undefined: not(),
        gamma_observed_disorder: None,
        gamma_observed_disorder_undefined: not(),
        gamma_chance_disorder: None,
        gamma_chance_disorder_undefined: not(),
        gamma_standard_error: None,
        gamma_samples: 0,
        gamma_cat: None,
        gamma_k: Vec::new(),
        pairs: s.full.iter().map(|pd| document_pair_report(set, pd.pair, &pd.spans.overall)).collect(),
    }
}

/// One pair's four schemes on one document.
fn document_pair_report(set: &AnnotationSet, (i, j): (usize, usize), counts: &[Counts; 4]) -> DocumentPairReport {
    let sc = Schemes::new(counts);
    DocumentPairReport {
        a: set.annotators[i].clone(),
        b: set.annotators[j].clone(),
        strict: sc.strict,
        exact: sc.exact,
        partial: sc.partial,
        type_: sc.type_,
    }
}
