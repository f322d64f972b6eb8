//! Unit-to-unit dissimilarities and the bounds derived from them.
//!
//! Formulas are pygamma-agreement 0.5.9's `CombinedCategoricalDissimilarity` with its defaults
//! (`alpha = beta = delta_empty = 1`, absolute categorical dissimilarity):
//!
//! - positional: `((|s1 - s2| + |e1 - e2|) / ((e1 - s1) + (e2 - s2)))^2 * delta_empty`
//! - categorical: `0` for the same label, `delta_empty` otherwise (or `matrix[l1][l2] *
//!   delta_empty` with a [`Categorical::Matrix`], pygamma's `PrecomputedCategoricalDissimilarity`)
//! - combined: `alpha * positional + beta * categorical`
//! - a unit against the empty unit, and (as in pygamma) the empty unit against the empty unit:
//!   `delta_empty`.
//!
//! pygamma computes in `float32`; we compute in `f64`. The normalised disorders agree to about
//! `1e-7` (see `docs/metrics.md`).
//!
//! Pruning bound. The disorder of a unitary alignment `T` holding `k` real units among `n`
//! annotators (`C = n(n-1)/2` pairs) is `(S + (C - k(k-1)/2) * delta_empty) / C`, `S` the sum
//! of the dissimilarities of its real pairs. Splitting `T` into `A` and `B` changes the total by
//! `(X_AB - (|A||B| + C) * delta_empty) / C - delta_empty`... more precisely
//! `cost(T) - cost(A) - cost(B) = (X_AB - (|A||B| + C) delta_empty) / C` where `X_AB` sums the
//! dissimilarities across the split. Among the optimal alignments take one with the most unitary
//! alignments: none of its unitary alignments can be split without loss, so for every unit `u`
//! of `T`, `sum_{w in T, w != u} d(u, w) < (k - 1 + C) delta_empty`, hence every pair inside a
//! unitary alignment has `d(u, v) < (n - 1 + C) delta_empty` ([`Dissimilarity::pair_bound`];
//! `2 delta_empty` for two annotators). Pairs at or above the bound never share a unitary
//! alignment of that optimum, which splits the continuum into independent pieces.

use serde::Serialize;

/// How two labels differ.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub enum Categorical {
    /// 0 for equal labels, 1 otherwise (pygamma's `AbsoluteCategoricalDissimilarity`).
    #[default]
    Absolute,
    /// `values[a * size + b]` in `[0, 1]`, symmetric, zero diagonal; labels are indices
    /// (pygamma's `PrecomputedCategoricalDissimilarity`, whose indices are the labels in
    /// alphabetical order).
    Matrix { size: usize, values: Vec<f64> },
}

/// pygamma's number of sampled continua for the chance disorder.
pub const DEFAULT_SAMPLES: usize = 30;

/// Parameters of the measure and of the chance sampling.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Params {
    /// Weight of the positional dissimilarity (pygamma default 1).
    pub alpha: f64,
    /// Weight of the categorical dissimilarity (pygamma default 1).
    pub beta: f64,
    /// Cost of a unit left unaligned (pygamma default 1).
    pub delta_empty: f64,
    pub categorical: Categorical,
    /// Sampled continua for the chance disorder (pygamma default 30).
    pub samples: usize,
    /// pygamma's `precision_level` (e.g. 0.02 for "medium"): if set, more samples are drawn
    /// when `(1.96 * cv / precision_level)^2` exceeds `samples` (`cv` = coefficient of
    /// variation of the sampled disorders). pygamma's default is `None`.
    pub precision_level: Option<f64>,
    /// Work budget of one gamma (the best alignment and every chance sample together) in
    /// search steps; past it gamma is undefined, "too complex" ([`crate::budget`]).
    pub max_steps: u64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            alpha: 1.0,
            beta: 1.0,
            delta_empty: 1.0,
            categorical: Categorical::Absolute,
            samples: DEFAULT_SAMPLES,
            precision_level: None,
            max_steps: crate::budget::DEFAULT_MAX_STEPS,
        }
    }
}

/// Why [`Params`] cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParamsError {
    #[error("alpha and beta must be finite and non-negative")]
    NegativeWeight,
    #[error("delta_empty must be finite and positive")]
    DeltaEmpty,
    #[error("precision_level must be in (0, 1)")]
    PrecisionLevel,
    #[error("categorical matrix must have size * size values")]
    MatrixSize,
    #[error("categorical matrix must be symmetric, non-negative, zero on the diagonal")]
    MatrixValues,
}

impl Params {
    /// Why these parameters can't be used, if they can't.
    pub fn check(&self) -> Result<(), ParamsError> {
        let finite_nonneg = |x: f64| x.is_finite() && x >= 0.0;
        if !finite_nonneg(self.alpha) || !finite_nonneg(self.beta) {
            return Err(ParamsError::NegativeWeight);
        }
        if !(self.delta_empty.is_finite() && self.delta_empty > 0.0) {
            return Err(ParamsError::DeltaEmpty);
        }
        if let Some(p) = self.precision_level
            && !(p > 0.0 && p < 1.0)
        {
            return Err(ParamsError::PrecisionLevel);
        }
        if let Categorical::Matrix { size, values } = &self.categorical {
            if values.len() != size.saturating_mul(*size) {
                return Err(ParamsError::MatrixSize);
            }
            for a in 0..*size {
                for b in 0..*size {
                    let v = values[a * size + b];
                    if !finite_nonneg(v) || v != values[b * size + a] || (a == b && v != 0.0) {
                        return Err(ParamsError::MatrixValues);
                    }
                }
            }
        }
        Ok(())
    }
}

/// A unit as the solvers see it: real-valued bounds (sampled continua are real-valued).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Seg {
    pub start: f64,
    pub end: f64,
    pub label: u32,
}

/// The combined dissimilarity with its parameters unpacked.
#[derive(Clone, Debug)]
pub(crate) struct Dissimilarity<'a> {
    pub alpha: f64,
    pub beta: f64,
    pub delta: f64,
    pub categorical: &'a Categorical,
}

impl<'a> Dissimilarity<'a> {
    pub fn new(params: &'a Params) -> Dissimilarity<'a> {
        Dissimilarity {
            alpha: params.alpha,
            beta: params.beta,
            delta: params.delta_empty,
            categorical: &params.categorical,
        }
    }

    /// Positional part, `delta_empty` included. Units of positive length only (the caller drops
    /// the others), so the denominator is positive.
    #[inline]
    pub fn positional(&self, a: &Seg, b: &Seg) -> f64 {
        let r = ((a.start - b.start).abs() + (a.end - b.end).abs()) / ((a.end - a.start) + (b.end - b.start));
        r * r * self.delta
    }

    /// Categorical part, `delta_empty` included. A label outside the matrix counts as fully
    /// different from every other label.
    #[inline]
    pub fn categorical(&self, a: u32, b: u32) -> f64 {
        match self.categorical {
            Categorical::Absolute => {
                if a == b {
                    0.0
                } else {
                    self.delta
                }
            }
            Categorical::Matrix { size, values } => {
                let (a, b) = (a as usize, b as usize);
                if a == b {
                    0.0
                } else if a < *size && b < *size {
                    values[a * size + b] * self.delta
                } else {
                    self.delta
                }
            }
        }
    }

    #[inline]
    pub fn combined(&self, a: &Seg, b: &Seg) -> f64 {
        self.alpha * self.positional(a, b) + self.beta * self.categorical(a.label, b.label)
    }

    /// Pairs with a dissimilarity at or above this never share a unitary alignment of the
    /// optimum with the most unitary alignments (module docs). Slightly inflated so that
    /// rounding can only keep a pair, never drop one.
    pub fn pair_bound(&self, annotators: usize) -> f64 {
        let n = annotators as f64;
        let pairs = n * (n - 1.0) / 2.0;
        (n - 1.0 + pairs) * self.delta * (1.0 + 1e-9) + 1e-12
    }

    /// `(|s1 - s2| + |e1 - e2|) / (l1 + l2)` below which a pair can fall under `bound`
    /// (the categorical part is non-negative); infinite when positions don't count.
    pub fn ratio_limit(&self, bound: f64) -> f64 {
        if self.alpha <= 0.0 { f64::INFINITY } else { (bound / (self.alpha * self.delta)).sqrt() }
    }
}

/// Disorder of one unitary alignment given the sum `pair_sum` of the dissimilarities between its
/// `k` real units, among `n` annotators (pygamma's `_compute_alignment_disorders`).
#[inline]
pub(crate) fn tuple_disorder(pair_sum: f64, k: usize, n: usize, delta: f64) -> f64 {
    let c = (n * (n - 1) / 2) as f64;
    let real_pairs = (k * k.saturating_sub(1) / 2) as f64;
    (pair_sum + (c - real_pairs) * delta) / c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start: f64, end: f64, label: u32) -> Seg {
        Seg { start, end, label }
    }

    #[test]
    fn pygamma_unitary_alignment_example() {
        // pygamma-agreement tests/test_alignement.py::test_unitary_alignment: delta_empty 0.5,
        // alpha 1, categories sorted [Alice, Bob, Carol, Jeremy], liza (12,18) Carol, pierrot
        // (12,18) Alice, hadrien empty: 0.574999988079071, which pygamma normalises as a
        // one-tuple alignment by its 2 units / 3 annotators.
        let values = vec![0.0, 0.5, 0.3, 0.7, 0.5, 0.0, 0.6, 0.4, 0.3, 0.6, 0.0, 0.7, 0.7, 0.4, 0.7, 0.0];
        let params =
            Params { delta_empty: 0.5, categorical: Categorical::Matrix { size: 4, values }, ..Params::default() };
        let d = Dissimilarity::new(&params);
        let pair = d.combined(&seg(12.0, 18.0, 2), &seg(12.0, 18.0, 0));
        let disorder = tuple_disorder(pair, 2, 3, 0.5) / (2.0 / 3.0);
        assert!((disorder - 0.574999988079071).abs() < 1e-6, "{disorder}");
    }

    #[test]
    fn positional_formula() {
        let params = Params::default();
        let d = Dissimilarity::new(&params);
        // (|0-2| + |10-12|) / (10 + 10) = 0.2, squared 0.04
        assert!((d.positional(&seg(0.0, 10.0, 0), &seg(2.0, 12.0, 0)) - 0.04).abs() < 1e-12);
        assert_eq!(d.combined(&seg(0.0, 10.0, 0), &seg(0.0, 10.0, 1)), 1.0);
        assert!((d.pair_bound(2) - 2.0).abs() < 1e-6);
        assert!((d.pair_bound(3) - 5.0).abs() < 1e-6);
    }
}
