//! Gamma: `1 - observed / chance`, the chance disorder estimated on sampled continua.
//!
//! Design choices:
//! - pygamma-agreement's procedure: the observed disorder is the best alignment's; the chance
//!   disorder is the mean of the best-alignment disorders of `samples` (30) continua from the
//!   statistical sampler ([`crate::sampler`]); with a `precision_level`, more samples are drawn
//!   when `ceil((1.96 * std / mean / precision_level)^2)` (population std) exceeds `samples`
//!   (capped at [`MAX_SAMPLES`]). gamma is 1 when the observed disorder is 0 (pygamma).
//! - Samples are solved in parallel with rayon; sample `i` uses generator `(seed, i)` and the
//!   results are summed in index order, so the figures do not depend on the thread count.
//! - The spread is reported: `chance_std` (population, as pygamma's precision rule uses) and
//!   `standard_error`, the standard error of gamma from the sampling,
//!   `observed / chance^2 * s / sqrt(N)` (`s` the sample standard deviation of the sampled
//!   disorders; the observed disorder is exact).
//! - gamma-cat and gamma-k use the same alignments (pygamma's `GammaResults.gamma_cat` /
//!   `gamma_k`): 1 when the observed disorder is 0; gamma-cat is 0 when the chance disorder is
//!   0 (pygamma), gamma-k is then undefined.

use rayon::prelude::*;
use serde::Serialize;

use crate::alignment::{Unit, check, prepare, solve, too_complex};
use crate::budget::{Budget, Meter};
use crate::categorical;
use crate::continuum::Prepared;
use crate::dissimilarity::{Dissimilarity, Params, Seg};
use crate::sampler::Sampler;
use crate::{GammaUndefined, Stage};

/// Most samples drawn under a precision level, and the most `samples` may ask for.
pub const MAX_SAMPLES: usize = 10_000;

/// gamma-k of one label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelGamma {
    pub label: u32,
    pub gamma: Option<f64>,
    pub observed_disorder: f64,
    pub chance_disorder: Option<f64>,
}

/// Gamma of one continuum with what it was computed from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GammaResult {
    pub gamma: Option<f64>,
    /// Why `gamma` is `None`.
    pub undefined: Option<GammaUndefined>,
    /// Best-alignment disorder (normalised by the average number of units per annotator).
    pub observed_disorder: Option<f64>,
    /// Its unnormalised sum over the unitary alignments.
    pub observed_total: Option<f64>,
    /// Mean best-alignment disorder of the sampled continua.
    pub chance_disorder: Option<f64>,
    /// Population standard deviation of the sampled disorders.
    pub chance_std: Option<f64>,
    /// Standard error of `gamma` due to the sampling.
    pub standard_error: Option<f64>,
    pub samples: usize,
    pub seed: u64,
    pub annotators: usize,
    pub units: usize,
    pub unitary_alignments: usize,
    pub skipped_units: usize,
    pub gamma_cat: Option<f64>,
    /// One entry per label present in the continuum, by label id.
    pub gamma_k: Vec<LabelGamma>,
    /// Search steps the whole computation took ([`crate::budget`]); `None` when it passed
    /// [`Params::max_steps`] (how far it got then depends on the threads) or did not search.
    pub search_steps: Option<u64>,
}

impl GammaResult {
    fn undefined(reason: GammaUndefined, seed: u64, annotators: usize, units: usize, skipped: usize) -> GammaResult {
        GammaResult {
            gamma: None,
            undefined: Some(reason),
            observed_disorder: None,
            observed_total: None,
            chance_disorder: None,
            chance_std: None,
            standard_error: None,
            samples: 0,
            seed,
            annotators,
            units,
            unitary_alignments: 0,
            skipped_units: skipped,
            gamma_cat: None,
            gamma_k: Vec::new(),
            search_steps: None,
        }
    }
}

/// Best-alignment disorder, gamma-cat disorder and gamma-k disorders of one continuum.
#[derive(Clone, Debug)]
pub(crate) struct Disorders {
    pub total: f64,
    pub disorder: f64,
    pub cat: f64,
    pub per_label: Vec<f64>,
    pub unitary: usize,
}

/// `None` past the budget.
pub(crate) fn disorders(p: &Prepared, params: &Params, labels: &[u32], meter: &mut Meter<'_>) -> Option<Disorders> {
    let (total, tuples) = solve(p, params, meter)?;
    let d = Dissimilarity::new(params);
    let (cat, per_label) = categorical::disorders(p, &d, &tuples, labels);
    Some(Disorders { total, disorder: total / p.avg_units(), cat, per_label, unitary: tuples.len() })
}

/// The samples' disorders, or "too complex" when the budget (shared with the observed
/// alignment) runs out: decided on the total, so whatever order the samples ran in.
fn sample_disorders(
    sampler: &Sampler,
    chance: Chance<'_>,
    range: std::ops::Range<usize>,
) -> Result<Vec<Disorders>, GammaUndefined> {
    let Chance { params, labels, seed, budget, observed } = chance;
    let solved: Option<Vec<Disorders>> = range
        .into_par_iter()
        .map_init(Vec::new, |groups: &mut Vec<Vec<Seg>>, i| {
            if budget.exceeded() {
                return None;
            }
            sampler.sample(seed, i as u64, groups);
            disorders(&Prepared::from_groups(groups), params, labels, &mut budget.meter())
        })
        .collect();
    match solved {
        Some(solved) if !budget.exceeded() => Ok(solved),
        _ => Err(too_complex(Stage::Chance, observed, params)),
    }
}

/// What every chance sample shares.
#[derive(Clone, Copy)]
struct Chance<'a> {
    params: &'a Params,
    labels: &'a [u32],
    seed: u64,
    budget: &'a Budget,
    observed: &'a Prepared,
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 { 0.0 } else { s / n as f64 }
}

/// Gamma of a continuum (one unit list per annotator); `seed` fixes the chance samples.
pub fn gamma(annotators: &[Vec<Unit>], params: &Params, seed: u64) -> GammaResult {
    let input = prepare(annotators);
    let p = &input.prepared;
    if let Err(reason) = check(p, params) {
        return GammaResult::undefined(reason, seed, p.annotators, p.len(), input.skipped);
    }
    let mut labels: Vec<u32> = p.segs.iter().map(|s| s.label).collect();
    labels.sort_unstable();
    labels.dedup();
    let budget = Budget::new(params.max_steps);
    let observed = disorders(p, params, &labels, &mut budget.meter());
    let observed = match observed {
        Some(o) if !budget.exceeded() => o,
        _ => {
            let reason = too_complex(Stage::Observed, p, params);
            return GammaResult::undefined(reason, seed, p.annotators, p.len(), input.skipped);
        }
    };

    let groups: Vec<Vec<Seg>> = (0..p.annotators).map(|a| p.segs[p.offsets[a]..p.offsets[a + 1]].to_vec()).collect();
    let sampler = Sampler::new(&groups);
    let first = params.samples.clamp(1, MAX_SAMPLES);
    let shared = Chance { params, labels: &labels, seed, budget: &budget, observed: p };
    let chance = sample_disorders(&sampler, shared, 0..first).and_then(|mut chance| {
        more_samples(&mut chance, &sampler, shared)?;
        Ok(chance)
    });
    let chance = match chance {
        Ok(chance) => chance,
        Err(reason) => {
            // pygamma: gamma is 1 when the observed disorder is 0, whatever the chance.
            let mut r = GammaResult::undefined(reason, seed, p.annotators, p.len(), input.skipped);
            r.observed_disorder = Some(observed.disorder);
            r.observed_total = Some(observed.total);
            r.unitary_alignments = observed.unitary;
            if observed.disorder == 0.0 {
                r.gamma = Some(1.0);
                r.undefined = None;
            }
            r.gamma_cat = (observed.cat == 0.0).then_some(1.0);
            r.gamma_k = labels
                .iter()
                .zip(&observed.per_label)
                .map(|(&label, &o)| LabelGamma {
                    label,
                    gamma: (o == 0.0).then_some(1.0),
                    observed_disorder: o,
                    chance_disorder: None,
                })
                .collect();
            return r;
        }
    };
    let mut result = finish(observed, chance, &labels, seed, p, input.skipped);
    result.search_steps = Some(budget.used());
    result
}

/// pygamma's precision rule: draws the samples it asks for beyond the first batch.
fn more_samples(chance: &mut Vec<Disorders>, sampler: &Sampler, shared: Chance<'_>) -> Result<(), GammaUndefined> {
    let first = chance.len();
    let params = shared.params;
    if let Some(precision) = params.precision_level {
        let m = mean(chance.iter().map(|c| c.disorder));
        let sd = mean(chance.iter().map(|c| (c.disorder - m).powi(2))).sqrt();
        if m > 0.0 {
            let required = ((sd / m * 1.96 / precision).powi(2)).ceil();
            let required = if required.is_finite() { (required as usize).min(MAX_SAMPLES) } else { MAX_SAMPLES };
            if required > first {
                chance.extend(sample_disorders(sampler, shared, first..required)?);
            }
        }
    }
    Ok(())
}

fn finish(
    observed: Disorders,
    chance: Vec<Disorders>,
    labels: &[u32],
    seed: u64,
    p: &Prepared,
    skipped: usize,
) -> GammaResult {
    let n = chance.len();
    let chance_mean = mean(chance.iter().map(|c| c.disorder));
    let chance_std = mean(chance.iter().map(|c| (c.disorder - chance_mean).powi(2))).sqrt();
    let sample_sd = if n > 1 { chance_std * (n as f64 / (n as f64 - 1.0)).sqrt() } else { 0.0 };

    let (g, undefined, se) = if observed.disorder == 0.0 {
        (Some(1.0), None, Some(0.0))
    } else if chance_mean > 0.0 {
        let se = observed.disorder / (chance_mean * chance_mean) * sample_sd / (n as f64).sqrt();
        (Some(1.0 - observed.disorder / chance_mean), None, Some(se))
    } else {
        (None, Some(GammaUndefined::ZeroChanceDisorder), None)
    };
    let chance_cat = mean(chance.iter().map(|c| c.cat));
    let gamma_cat = if observed.cat == 0.0 {
        1.0
    } else if chance_cat == 0.0 {
        0.0
    } else {
        1.0 - observed.cat / chance_cat
    };
    let gamma_k = labels
        .iter()
        .enumerate()
        .map(|(x, &label)| {
            let o = observed.per_label[x];
            let e = mean(chance.iter().map(|c| c.per_label[x]));
            let gamma = if o == 0.0 {
                Some(1.0)
            } else if e != 0.0 {
                Some(1.0 - o / e)
            } else {
                None
            };
            LabelGamma { label, gamma, observed_disorder: o, chance_disorder: Some(e) }
        })
        .collect();
    GammaResult {
        gamma: g,
        undefined,
        observed_disorder: Some(observed.disorder),
        observed_total: Some(observed.total),
        chance_disorder: Some(chance_mean),
        chance_std: Some(chance_std),
        standard_error: se,
        samples: n,
        seed,
        annotators: p.annotators,
        units: p.len(),
        unitary_alignments: observed.unitary,
        skipped_units: skipped,
        gamma_cat: Some(gamma_cat),
        gamma_k,
        search_steps: None,
    }
}
