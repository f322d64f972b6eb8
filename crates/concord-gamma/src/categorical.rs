//! Gamma-cat and gamma-k disorders of an alignment (Mathet 2015, section 4.2.5, and
//! pygamma-agreement's `Alignment.gamma_k_disorder`, reproduced case for case).
//!
//! In each unitary alignment with `k` real units, each pair of real units contributes its
//! categorical dissimilarity with weight `max(0, 1 - alpha * positional) / (k - 1)`; each pair
//! of a real unit and an empty unit contributes `delta_empty^2` with weight `delta_empty`
//! (pygamma's "experimental" unaligned case); pairs of empty units nothing. The disorder is the
//! weighted mean. gamma-k only counts pairs where at least one unit has label `k`. When no pair
//! of two real units was seen, the disorder is 1 if no pair counted at all, else 0 (pygamma).
//!
//! One pass over an alignment fills gamma-cat and every label's gamma-k together.

use crate::continuum::{Prepared, Tuples};
use crate::dissimilarity::Dissimilarity;

#[derive(Clone, Copy, Debug, Default)]
struct Acc {
    disorder: f64,
    weight: f64,
    any_pair: bool,
    any_real_pair: bool,
}

impl Acc {
    fn value(&self) -> f64 {
        if !self.any_real_pair {
            if self.any_pair { 0.0 } else { 1.0 }
        } else if self.disorder == 0.0 {
            0.0
        } else {
            self.disorder / self.weight
        }
    }
}

/// gamma-cat disorder and, for each of `labels` (sorted), its gamma-k disorder.
pub(crate) fn disorders(p: &Prepared, d: &Dissimilarity<'_>, tuples: &Tuples, labels: &[u32]) -> (f64, Vec<f64>) {
    let n = p.annotators;
    let mut cat = Acc::default();
    let mut per = vec![Acc::default(); labels.len()];
    let slot = |l: u32| labels.binary_search(&l).ok();
    for members in tuples.iter() {
        let k = members.len();
        let base = if k < 2 { 0.0 } else { 1.0 / (k as f64 - 1.0) };
        for (x, &a) in members.iter().enumerate() {
            let sa = &p.segs[a as usize];
            for &b in &members[x + 1..] {
                let sb = &p.segs[b as usize];
                let confidence = (1.0 - d.alpha * d.positional(sa, sb)).max(0.0);
                let c = d.categorical(sa.label, sb.label);
                let w = base * confidence;
                let add = |acc: &mut Acc| {
                    acc.any_pair = true;
                    acc.any_real_pair = true;
                    acc.disorder += c * w;
                    acc.weight += w;
                };
                add(&mut cat);
                let (la, lb) = (slot(sa.label), slot(sb.label));
                if let Some(s) = la {
                    add(&mut per[s]);
                }
                if let Some(s) = lb
                    && lb != la
                {
                    add(&mut per[s]);
                }
            }
            let empties = (n - k) as f64;
            if empties > 0.0 {
                let add = |acc: &mut Acc| {
                    acc.any_pair = true;
                    acc.disorder += empties * d.delta * d.delta;
                    acc.weight += empties * d.delta;
                };
                add(&mut cat);
                if let Some(s) = slot(sa.label) {
                    add(&mut per[s]);
                }
            }
        }
        if n - k >= 2 {
            cat.any_pair = true;
        }
    }
    (cat.value(), per.iter().map(Acc::value).collect())
}
