//! Chance continua: pygamma-agreement's default `StatisticalContinuumSampler`.
//!
//! From the observed continuum it takes the mean and (population) standard deviation of
//! - the number of units per annotator (annotators without units included),
//! - the gaps: a leading 0, the gap from each unit to the next of the same annotator in
//!   `(start, end)` order (negative when they overlap), and each annotator's first start when
//!   it is positive,
//! - the unit lengths,
//!
//! and the frequency of each label. A sample gives every annotator
//! `|trunc(N(mean_n, std_n))|` units (at least one for the first annotator, so the sample is
//! never empty), laid out left to right from 0: `start = previous end + N(mean_gap, std_gap)`,
//! `length = |N(mean_len, std_len)|` (redrawn while under pygamma's segment precision `1e-6`),
//! label drawn by frequency. Our generator is not numpy's, so samples match pygamma's in
//! distribution, not draw for draw.

use crate::dissimilarity::Seg;
use crate::rng::Rng;

const SEGMENT_PRECISION: f64 = 1e-6;

fn mean_std(xs: &[f64]) -> (f64, f64) {
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / xs.len() as f64;
    (mean, var.sqrt())
}

/// The statistics the samples are drawn from.
#[derive(Clone, Debug)]
pub(crate) struct Sampler {
    annotators: usize,
    count: (f64, f64),
    gap: (f64, f64),
    length: (f64, f64),
    labels: Vec<u32>,
    cumulative: Vec<f64>,
}

impl Sampler {
    /// `groups`: each annotator's units.
    pub fn new(groups: &[Vec<Seg>]) -> Sampler {
        let mut gaps = vec![0.0];
        let mut firsts = Vec::new();
        let mut lengths = Vec::new();
        let mut labels: Vec<u32> = Vec::new();
        for g in groups {
            let mut sorted: Vec<&Seg> = g.iter().collect();
            sorted.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.end.total_cmp(&b.end)));
            for w in sorted.windows(2) {
                gaps.push(w[1].start - w[0].end);
            }
            if let Some(first) = sorted.first()
                && first.start > 0.0
            {
                firsts.push(first.start);
            }
            lengths.extend(g.iter().map(|s| s.end - s.start));
            labels.extend(g.iter().map(|s| s.label));
        }
        gaps.extend(firsts);
        labels.sort_unstable();
        let mut distinct: Vec<u32> = Vec::new();
        let mut cumulative: Vec<f64> = Vec::new();
        for l in labels {
            if distinct.last() != Some(&l) {
                distinct.push(l);
                cumulative.push(cumulative.last().copied().unwrap_or(0.0));
            }
            if let Some(c) = cumulative.last_mut() {
                *c += 1.0;
            }
        }
        let counts: Vec<f64> = groups.iter().map(|g| g.len() as f64).collect();
        Sampler {
            annotators: groups.len(),
            count: mean_std(&counts),
            gap: mean_std(&gaps),
            length: mean_std(&lengths),
            labels: distinct,
            cumulative,
        }
    }

    /// Sample `stream` under `seed`, written into `out` (one list per annotator).
    pub fn sample(&self, seed: u64, stream: u64, out: &mut Vec<Vec<Seg>>) {
        let mut rng = Rng::new(seed, stream);
        out.resize_with(self.annotators, Vec::new);
        let mut any = false;
        for group in out.iter_mut() {
            group.clear();
            let mut last = 0.0;
            let drawn = rng.normal(self.count.0, self.count.1).trunc().abs();
            let mut n = if drawn.is_finite() { drawn.min(1e7) as usize } else { 0 };
            if !any {
                n = n.max(1);
            }
            for _ in 0..n {
                let start = last + rng.normal(self.gap.0, self.gap.1);
                let too_short = |end: f64| end - start < SEGMENT_PRECISION || (end - start).is_nan();
                let mut end = start + rng.normal(self.length.0, self.length.1).abs();
                for _ in 0..1000 {
                    if !too_short(end) {
                        break;
                    }
                    end = start + rng.normal(self.length.0, self.length.1).abs();
                }
                if too_short(end) {
                    // Degenerate lengths (pygamma would loop forever): use the mean length.
                    end = start + self.length.0.abs().max(SEGMENT_PRECISION);
                }
                let label = self.labels.get(rng.weighted(&self.cumulative)).copied().unwrap_or(0);
                group.push(Seg { start, end, label });
                last = end;
            }
            any |= n > 0;
        }
    }
}
