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
//! - **Bootstrap** resamples documents (see [`crate::bootstrap`]) in parallel; each resample
//!   reweights the per-document statistics.

use std::collections::HashMap;

use concord_schema::text::word_tokens;
use concord_schema::{AnnotationSet, DocumentAnnotations};
use rayon::prelude::*;

use crate::bootstrap::{interval, resample_weights};
use crate::coding::{AlphaStats, CohenStats, FleissStats};
use crate::confusion::{Confusion, NONE};
use crate::figure::{Figure, FigureUndefined, split};
use crate::measures::Measures;
use crate::report::*;
use crate::spans::{Counts, IdSpan, Scheme, SpanCounts, count_document};
use crate::tokens::token_categories;
use crate::unitizing::{Pool, Resampler, normalise};

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
        }
    }
}

/// Labels, ids and pairs shared by every document.
struct Context<'a> {
    annotators: &'a [String],
    labels: Vec<String>,
    ids: HashMap<&'a str, u32>,
    /// Rank of each label id by name (token tie-break).
    rank: Vec<u32>,
    pairs: Vec<(usize, usize)>,
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
        let n = set.annotators.len();
        let pairs = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).collect();
        Context { annotators: &set.annotators, labels, ids, rank, pairs }
    }

    fn k(&self) -> usize {
        self.labels.len()
    }
}

/// One pair on one document.
struct PairDoc {
    spans: SpanCounts,
    cohen: CohenStats,
    confusion: Confusion,
    pool: Pool,
}

/// Everything one document contributes.
struct DocStats {
    present: Vec<usize>,
    length: u64,
    tokens: u64,
    /// Indexed like `Context::pairs`.
    pairs: Vec<Option<PairDoc>>,
    alpha: AlphaStats,
    /// Per label: the label (category 0) against the rest (category 1).
    alpha_label: Vec<AlphaStats>,
    /// Only when every annotator has a file.
    fleiss: Option<(FleissStats, Vec<FleissStats>)>,
    /// Unitizing statistics among the annotators present.
    pool: Pool,
}

fn document_stats(doc: &DocumentAnnotations, cx: &Context<'_>) -> DocStats {
    let k = cx.k();
    let length = doc.text.len_chars() as u64;
    let tokens = word_tokens(doc.text.as_str());
    let present: Vec<usize> =
        (0..cx.annotators.len()).filter(|&i| doc.by_annotator.contains_key(&cx.annotators[i])).collect();
    // Per annotator (indexed by annotator), only for those present.
    let mut spans: Vec<Vec<IdSpan>> = vec![Vec::new(); cx.annotators.len()];
    let mut cats: Vec<Vec<u32>> = vec![Vec::new(); cx.annotators.len()];
    let mut units: Vec<Vec<Vec<(u64, u64)>>> = vec![Vec::new(); cx.annotators.len()];
    for &a in &present {
        let list = doc.by_annotator.get(&cx.annotators[a]).map_or(&[][..], Vec::as_slice);
        spans[a] = list
            .iter()
            .map(|s| IdSpan { start: s.start, end: s.end, label: cx.ids.get(s.label.as_str()).copied().unwrap_or(0) })
            .collect();
        cats[a] = token_categories(&tokens, &spans[a], &cx.rank);
        let mut per_cat: Vec<Vec<(u64, u64)>> = vec![Vec::new(); k];
        for s in &spans[a] {
            if let Some(v) = per_cat.get_mut(s.label as usize) {
                v.push((s.start as u64, s.end as u64));
            }
        }
        units[a] = per_cat.into_iter().map(|v| normalise(v, length)).collect();
    }

    let pairs = cx
        .pairs
        .iter()
        .map(|&(i, j)| {
            if !(present.contains(&i) && present.contains(&j)) {
                return None;
            }
            let mut cohen = CohenStats::new(k + 1);
            for (&x, &y) in cats[i].iter().zip(&cats[j]) {
                cohen.add_item(x, y);
            }
            let mut confusion = Confusion::new(k);
            confusion.add_document(&spans[i], &spans[j]);
            let mut pool = Pool::new(2, k);
            pool.add_continuum(length, &[&units[i], &units[j]]);
            Some(PairDoc { spans: count_document(&spans[i], &spans[j], k), cohen, confusion, pool })
        })
        .collect();

    let m = present.len() as u64;
    let mut alpha = AlphaStats::new(k + 1);
    let mut alpha_label = vec![AlphaStats::new(2); k];
    let complete = present.len() == cx.annotators.len();
    let mut fleiss = complete.then(|| (FleissStats::new(m, k + 1), vec![FleissStats::new(m, 2); k]));
    if m >= 2 {
        let mut counts = vec![0u64; k + 1];
        for t in 0..tokens.len() {
            counts.iter_mut().for_each(|c| *c = 0);
            for &a in &present {
                if let Some(&c) = cats[a].get(t) {
                    counts[c as usize] += 1;
                }
            }
            alpha.add_unit(&counts);
            if let Some((f, fl)) = fleiss.as_mut() {
                f.add_item(&counts);
                for (l, fs) in fl.iter_mut().enumerate() {
                    fs.add_item(&[counts[l + 1], m - counts[l + 1]]);
                }
            }
            for (l, st) in alpha_label.iter_mut().enumerate() {
                let c = counts[l + 1];
                if c == 0 {
                    st.values[1] += m;
                } else {
                    st.add_unit(&[c, m - c]);
                }
            }
        }
    }
    let mut pool = Pool::new(present.len(), k);
    let refs: Vec<&[Vec<(u64, u64)>]> = present.iter().map(|&a| units[a].as_slice()).collect();
    pool.add_continuum(length, &refs);

    DocStats { present, length, tokens: tokens.len() as u64, pairs, alpha, alpha_label, fleiss, pool }
}

fn figure_or(f: &Figure) -> (Option<f64>, Option<String>) {
    split(f)
}

fn confusion_report(c: &Confusion, labels: &[String]) -> ConfusionReport {
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
        report.against_gold = Some(crate::vs_gold::compare(set, &report.labels, options));
    }
    if options.gamma {
        crate::gamma::fill(&mut report, set, options.seed, options.gamma_max_steps);
    }
    crate::measures::clear_unselected(&mut report, options.measures);
    report
}

fn compute_without_gamma(set: &AnnotationSet, options: &Options) -> AgreementReport {
    let cx = Context::new(set);
    let k = cx.k();
    let r = set.annotators.len();
    let stats: Vec<DocStats> = set.documents.par_iter().map(|d| document_stats(d, &cx)).collect();

    // Pairs.
    let mut pairs = Vec::with_capacity(cx.pairs.len());
    let mut pooled_spans = SpanCounts::new(k);
    let mut pooled_confusion = Confusion::new(k);
    for (p, &(i, j)) in cx.pairs.iter().enumerate() {
        let mut spans = SpanCounts::new(k);
        let mut cohen = CohenStats::new(k + 1);
        let mut confusion = Confusion::new(k);
        let mut pool = Pool::new(2, k);
        let (mut documents, mut tokens) = (0, 0);
        for s in &stats {
            if let Some(pd) = &s.pairs[p] {
                spans.add(&pd.spans);
                cohen.add(&pd.cohen);
                confusion.add(&pd.confusion);
                pool.merge(&pd.pool);
                documents += 1;
                tokens += s.tokens;
            }
        }
        pooled_spans.add(&spans);
        pooled_confusion.add(&confusion);
        let schemes = Schemes::new(&spans.overall);
        let (cohen_kappa, cohen_kappa_undefined) =
            figure_or(&if documents == 0 { Err(FigureUndefined::NoSharedDocument) } else { cohen.kappa() });
        let (unitizing_alpha, unitizing_alpha_undefined) =
            figure_or(&if documents == 0 { Err(FigureUndefined::NoSharedDocument) } else { pool.alpha() });
        let per_label = (0..k)
            .map(|l| {
                let s = Schemes::new(&spans.per_label[l]);
                let (cohen_kappa, cohen_kappa_undefined) = figure_or(&cohen.binary(l + 1).kappa());
                let (unitizing_alpha, unitizing_alpha_undefined) = figure_or(&pool.category_alpha(l));
                PairLabelReport {
                    label: cx.labels[l].clone(),
                    strict: s.strict,
                    exact: s.exact,
                    partial: s.partial,
                    type_: s.type_,
                    cohen_kappa,
                    cohen_kappa_undefined,
                    unitizing_alpha,
                    unitizing_alpha_undefined,
                }
            })
            .collect();
        pairs.push(PairReport {
            a: set.annotators[i].clone(),
            b: set.annotators[j].clone(),
            documents,
            tokens,
            strict: schemes.strict,
            exact: schemes.exact,
            partial: schemes.partial,
            type_: schemes.type_,
            strict_f1_ci: None,
            strict_f1_ci_undefined: None,
            cohen_kappa,
            cohen_kappa_undefined,
            unitizing_alpha,
            unitizing_alpha_undefined,
            per_label,
            confusion: confusion_report(&confusion, &cx.labels),
        });
    }

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

    // Bootstrap.
    bootstrap(&stats, &cx, options, &mut pairs, &mut overall);

    let documents = set
        .documents
        .iter()
        .zip(&stats)
        .map(|(d, s)| {
            let few = || Err(FigureUndefined::TooFewFiles);
            let ua = if s.present.len() < 2 { few() } else { s.pool.alpha() };
            let ka = if s.present.len() < 2 { few() } else { s.alpha.alpha() };
            let (unitizing_alpha, unitizing_alpha_undefined) = split(&ua);
            let (krippendorff_alpha, krippendorff_alpha_undefined) = split(&ka);
            let not = || Some(GAMMA_NOT_COMPUTED.to_owned());
            DocumentReport {
                id: d.id.clone(),
                annotators: s.present.iter().map(|&a| set.annotators[a].clone()).collect(),
                length: s.length,
                tokens: s.tokens,
                unitizing_alpha,
                unitizing_alpha_undefined,
                krippendorff_alpha,
                krippendorff_alpha_undefined,
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
                pairs: cx
                    .pairs
                    .iter()
                    .zip(&s.pairs)
                    .filter_map(|(&(i, j), pd)| {
                        let sc = Schemes::new(&pd.as_ref()?.spans.overall);
                        Some(DocumentPairReport {
                            a: set.annotators[i].clone(),
                            b: set.annotators[j].clone(),
                            strict: sc.strict,
                            exact: sc.exact,
                            partial: sc.partial,
                            type_: sc.type_,
                        })
                    })
                    .collect(),
            }
        })
        .collect();

    let annotator_summary = set
        .annotators
        .iter()
        .map(|a| AnnotatorSummary {
            annotator: a.clone(),
            documents: set.documents.iter().filter(|d| d.by_annotator.contains_key(a)).count(),
            spans: set.documents.iter().filter_map(|d| d.by_annotator.get(a)).map(Vec::len).sum(),
        })
        .collect();

    AgreementReport {
        annotators: set.annotators.clone(),
        labels: cx.labels.clone(),
        options: ReportOptions {
            seed: options.seed,
            resamples: options.resamples,
            confidence_level: options.confidence_level,
        },
        annotator_summary,
        documents_total: set.documents.len(),
        pairs,
        overall,
        per_label,
        documents,
        against_gold: None,
        crowd: None,
    }
}

/// One bootstrap resample: strict F1 per pair, Krippendorff's alpha, unitizing alpha.
type Replicate = (Vec<Option<f64>>, Option<f64>, Option<f64>);

/// Fills in the confidence intervals.
fn bootstrap(stats: &[DocStats], cx: &Context<'_>, options: &Options, pairs: &mut [PairReport], overall: &mut Overall) {
    let n = stats.len();
    let level = options.confidence_level;
    if options.resamples == 0 || n == 0 {
        let why = if n == 0 { "no documents" } else { "bootstrap disabled (0 resamples)" };
        for p in pairs.iter_mut() {
            p.strict_f1_ci_undefined = Some(why.to_owned());
        }
        overall.krippendorff_alpha_ci_undefined = Some(why.to_owned());
        overall.unitizing_alpha_ci_undefined = Some(why.to_owned());
        return;
    }
    let k = cx.k();
    let complete_pools: Vec<Option<&Pool>> = stats.iter().map(|s| s.fleiss.as_ref().map(|_| &s.pool)).collect();
    let resampler = Resampler::new(&complete_pools, cx.annotators.len(), k);
    let any_complete = complete_pools.iter().any(Option::is_some);
    let replicates: Vec<Replicate> = (0..options.resamples)
        .into_par_iter()
        .map(|rep| {
            let w = resample_weights(options.seed, rep, n);
            let f1 = (0..cx.pairs.len())
                .map(|p| {
                    let mut c = Counts::default();
                    for (s, &k) in stats.iter().zip(&w) {
                        if let (Some(pd), true) = (&s.pairs[p], k > 0) {
                            c.add_weighted(&pd.spans.overall[0], u64::from(k));
                        }
                    }
                    c.scores(Scheme::Strict).f1.ok()
                })
                .collect();
            let mut a = AlphaStats::new(k + 1);
            for (s, &k) in stats.iter().zip(&w) {
                if k > 0 {
                    a.add_weighted(&s.alpha, u64::from(k));
                }
            }
            let u = if any_complete { resampler.alpha(&w).ok() } else { None };
            (f1, a.alpha().ok(), u)
        })
        .collect();
    for (p, pair) in pairs.iter_mut().enumerate() {
        let values: Vec<Option<f64>> = replicates.iter().map(|r| r.0[p]).collect();
        match interval(&values, level) {
            Ok(i) => pair.strict_f1_ci = Some(i),
            Err(e) => pair.strict_f1_ci_undefined = Some(e.to_string()),
        }
    }
    let alphas: Vec<Option<f64>> = replicates.iter().map(|r| r.1).collect();
    match interval(&alphas, level) {
        Ok(i) => overall.krippendorff_alpha_ci = Some(i),
        Err(e) => overall.krippendorff_alpha_ci_undefined = Some(e.to_string()),
    }
    let us: Vec<Option<f64>> = replicates.iter().map(|r| r.2).collect();
    match interval(&us, level) {
        Ok(i) => overall.unitizing_alpha_ci = Some(i),
        Err(e) => overall.unitizing_alpha_ci_undefined = Some(e.to_string()),
    }
}
