//! Confidence intervals: resamples of documents (see [`crate::bootstrap`]), computed in
//! parallel; each resample reweights the per-document statistics, never the tokens.
//!
//! Design choice: a pair's interval sums only the documents the pair shares, so the cost is
//! resamples × (documents + pair-documents), not resamples × pairs × documents.

use rayon::prelude::*;

use super::Options;
use super::document::DocStats;
use crate::bootstrap::{interval, resample_weights};
use crate::coding::AlphaStats;
use crate::report::{Overall, PairReport};
use crate::spans::{Counts, Scheme};
use crate::unitizing::{Pool, Resampler};

/// One bootstrap resample: strict F1 per listed pair, Krippendorff's alpha, unitizing alpha.
type Replicate = (Vec<Option<f64>>, Option<f64>, Option<f64>);

/// Fills in the confidence intervals of `pairs` (whose shared documents and strict counts are
/// `shared`, in the same order) and of the corpus figures.
pub(super) fn bootstrap(
    stats: &[DocStats],
    annotators: usize,
    k: usize,
    options: &Options,
    pairs: &mut [PairReport],
    shared: &[Vec<(usize, Counts)>],
    overall: &mut Overall,
) {
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
    let complete_pools: Vec<Option<&Pool>> = stats.iter().map(|s| s.fleiss.as_ref().map(|_| &s.pool)).collect();
    let resampler = Resampler::new(&complete_pools, annotators, k);
    let any_complete = complete_pools.iter().any(Option::is_some);
    let replicates: Vec<Replicate> = (0..options.resamples)
        .into_par_iter()
        .map(|rep| {
            let w = resample_weights(options.seed, rep, n);
            let f1 = shared
                .iter()
                .map(|docs| {
                    let mut c = Counts::default();
                    for (d, counts) in docs {
                        if w[*d] > 0 {
                            c.add_weighted(counts, u64::from(w[*d]));
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
