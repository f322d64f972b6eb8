//! Bootstrap confidence intervals over documents.
//!
//! Design choices:
//! - **Documents are the resampling unit** (a cluster bootstrap): tokens and spans of one
//!   document are not independent. A resample draws `n` documents with replacement from the
//!   `n` documents of the set; each measure then adds up its per-document statistics with the
//!   draw counts as weights (a document that does not contribute to a measure adds nothing).
//! - **Percentile intervals** at 95 %: the 2.5th and 97.5th percentiles of the resampled values,
//!   with linear interpolation between order statistics (numpy's default). Resamples in which a
//!   figure is undefined are left out and counted.
//! - **Seeded and thread-independent**: resample `r` draws from its own SplitMix64 stream seeded
//!   with a mix of the seed and `r`, so results do not depend on rayon's scheduling.
//!   SplitMix64 (Steele, Lea & Flood 2014, `concord_gamma::rng`) is small, fast and passes
//!   BigCrush; indices use Lemire's multiply-shift (bias below n/2⁶⁴, negligible for corpus sizes).

use concord_gamma::rng::SplitMix64;
use serde::{Deserialize, Serialize};

/// How many times each of `n` documents is drawn in resample `replicate`.
pub(crate) fn resample_weights(seed: u64, replicate: u32, n: usize) -> Vec<u32> {
    let mut mixer = SplitMix64::new(seed ^ u64::from(replicate).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let mut rng = SplitMix64::new(mixer.next_u64());
    let mut weights = vec![0u32; n];
    if n == 0 {
        return weights;
    }
    for _ in 0..n {
        weights[rng.below(n)] += 1;
    }
    weights
}

/// The `q`-quantile (0 ≤ q ≤ 1) of sorted values, linearly interpolated; `None` when empty.
pub(crate) fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(last);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// A percentile confidence interval.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
    /// Coverage, e.g. 0.95.
    pub level: f64,
    /// Resamples in which the figure was defined (the interval's basis).
    pub resamples: u32,
    /// Resamples in which it was undefined (left out).
    pub undefined_resamples: u32,
}

/// Why a bootstrap interval has no value; the `Display` texts are the report's reasons.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IntervalError {
    #[error("no bootstrap resamples requested")]
    NoResamples,
    #[error("defined in only {defined} of {resamples} resamples")]
    TooFewDefined { defined: usize, resamples: usize },
    #[error("no defined resamples")]
    NoneDefined,
}

/// The interval of resampled values (`None` entries are undefined resamples); an error when
/// fewer than 2 resamples are defined.
pub fn interval(values: &[Option<f64>], level: f64) -> Result<Interval, IntervalError> {
    let mut defined: Vec<f64> = values.iter().flatten().copied().filter(|v| v.is_finite()).collect();
    let undefined = (values.len() - defined.len()) as u32;
    if values.is_empty() {
        return Err(IntervalError::NoResamples);
    }
    if defined.len() < 2 {
        return Err(IntervalError::TooFewDefined { defined: defined.len(), resamples: values.len() });
    }
    defined.sort_by(f64::total_cmp);
    let tail = (1.0 - level) / 2.0;
    match (percentile(&defined, tail), percentile(&defined, 1.0 - tail)) {
        (Some(low), Some(high)) => {
            Ok(Interval { low, high, level, resamples: defined.len() as u32, undefined_resamples: undefined })
        }
        _ => Err(IntervalError::NoneDefined),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_sum_to_n_and_are_reproducible() {
        let w = resample_weights(7, 3, 1000);
        assert_eq!(w.iter().sum::<u32>(), 1000);
        assert_eq!(w, resample_weights(7, 3, 1000));
        assert_ne!(w, resample_weights(7, 4, 1000));
        // About 1 − 1/e of the documents are drawn at least once.
        let drawn = w.iter().filter(|&&c| c > 0).count();
        assert!((600..700).contains(&drawn), "{drawn}");
    }

    #[test]
    fn percentile_interpolates_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&v, 0.5), Some(2.5));
        assert_eq!(percentile(&v, 0.025), Some(1.075));
        assert_eq!(percentile(&v, 1.0), Some(4.0));
        assert_eq!(percentile(&[], 0.5), None);
        let i = interval(&[Some(1.0), None, Some(3.0), Some(2.0)], 0.95).unwrap();
        assert_eq!((i.resamples, i.undefined_resamples), (3, 1));
        let e = interval(&[None, Some(1.0)], 0.95).unwrap_err();
        assert_eq!(e.to_string(), "defined in only 1 of 2 resamples");
    }
}
