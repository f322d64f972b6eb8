//! Krippendorff's unitizing alpha (uα; Krippendorff 1995, 2004) as DKPro Statistics'
//! `KrippendorffAlphaUnitizingAgreement` defines it.
//!
//! For one category `c` on a continuum `[B, B + L)` coded by `R` raters, each rater's units of
//! `c` and the gaps between them tile the continuum. With δ the DKPro/Krippendorff (2004)
//! distance between two overlapping segments (two units: (b₁−b₂)² + (e₁−e₂)²; a unit inside the
//! other rater's gap: its length²; else 0):
//!
//! - D_O(c) = 2 · Σ_{rater pairs} Σ_{segment pairs} δ / (R·(R−1)·L²)
//! - D_E(c) = (2/L) · Σ_{units u of c} [ (N_c−1)·l_u(l_u−1)(2l_u−1)/3 + l_u² · Σ_{gaps g ≥ l_u} (g−l_u+1) ]
//!   / (R·L·(R·L−1) − Σ_u l_u(l_u−1))
//! - uα(c) = 1 − D_O(c)/D_E(c); over all categories, uα = 1 − mean_c D_O(c) / mean_c D_E(c),
//!   the mean over the categories that have at least one unit (as DKPro does).
//!
//! Design choices:
//! - **Sufficient statistics** ([`Pool`]): per category the summed distances, the unit lengths
//!   and the gap lengths. Pools of several continua add up; this is how documents combine: the
//!   corpus continuum is the concatenation of the documents' continua (L = Σ L_d, units and
//!   distances unchanged), except that **a gap never runs across a document boundary** (a
//!   document's trailing gap and the next one's leading gap stay two gaps). This makes the
//!   corpus figure independent of document order, which a bootstrap over documents needs.
//! - Integer arithmetic (u128) for distances and the D_E numerator; f64 only for the final ratios.
//! - DKPro requires that one rater's units of one category do not overlap. Here overlapping (not
//!   merely touching) units of one rater and category are merged into their union first; empty
//!   units are dropped; units are clipped to the continuum.
//! - DKPro returns 0 when D_O = D_E = 0; here D_E = 0 (e.g. no unit of the category) is
//!   [`FigureUndefined`].

use crate::figure::{Figure, FigureUndefined, Measure, finite};

/// One rater's unit: `[offset, offset + length)` with a category id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unit {
    pub offset: u64,
    pub length: u64,
    pub rater: usize,
    pub category: u32,
}

/// A unitizing study on one continuum, as DKPro's `UnitizingAnnotationStudy`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Study {
    pub raters: usize,
    pub begin: u64,
    pub length: u64,
    pub units: Vec<Unit>,
}

impl Study {
    pub fn new(raters: usize, begin: u64, length: u64) -> Study {
        Study { raters, begin, length, units: Vec::new() }
    }

    pub fn add_unit(&mut self, offset: u64, length: u64, rater: usize, category: u32) {
        self.units.push(Unit { offset, length, rater, category });
    }

    /// The study as a [`Pool`] of one continuum.
    pub fn pool(&self) -> Pool {
        let categories = self.units.iter().map(|u| u.category as usize + 1).max().unwrap_or(0);
        let mut per_rater = vec![vec![Vec::new(); categories]; self.raters];
        for u in &self.units {
            if let Some(slot) = per_rater.get_mut(u.rater).and_then(|r| r.get_mut(u.category as usize)) {
                let start = u.offset.saturating_sub(self.begin);
                slot.push((start, start.saturating_add(u.length)));
            }
        }
        let per_rater: Vec<Vec<Vec<(u64, u64)>>> =
            per_rater.into_iter().map(|cats| cats.into_iter().map(|iv| normalise(iv, self.length)).collect()).collect();
        let refs: Vec<&[Vec<(u64, u64)>]> = per_rater.iter().map(Vec::as_slice).collect();
        let mut pool = Pool::new(self.raters, categories);
        pool.add_continuum(self.length, &refs);
        pool
    }

    pub fn observed_disagreement(&self, category: u32) -> f64 {
        self.pool().observed(category as usize)
    }

    pub fn expected_disagreement(&self, category: u32) -> f64 {
        self.pool().expected(category as usize)
    }

    pub fn category_alpha(&self, category: u32) -> Figure {
        self.pool().category_alpha(category as usize)
    }

    pub fn alpha(&self) -> Figure {
        self.pool().alpha()
    }
}

/// Sorts intervals, clips them to `[0, length)`, drops empty ones and merges overlapping ones.
pub(crate) fn normalise(mut intervals: Vec<(u64, u64)>, length: u64) -> Vec<(u64, u64)> {
    for iv in &mut intervals {
        iv.0 = iv.0.min(length);
        iv.1 = iv.1.min(length);
    }
    intervals.retain(|iv| iv.0 < iv.1);
    intervals.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(intervals.len());
    for iv in intervals {
        match out.last_mut() {
            Some(last) if iv.0 < last.1 => last.1 = last.1.max(iv.1),
            _ => out.push(iv),
        }
    }
    out
}

/// DKPro's `measureDistance` for two segments `[offset, offset + length)`, each a unit of the
/// category (`true`) or a gap (`false`).
pub fn distance(offset1: u64, length1: u64, unit1: bool, offset2: u64, length2: u64, unit2: bool) -> u128 {
    let (b1, e1) = (i128::from(offset1), i128::from(offset1) + i128::from(length1));
    let (b2, e2) = (i128::from(offset2), i128::from(offset2) + i128::from(length2));
    let d = match (unit1, unit2) {
        (true, true) if b1 < e2 && b2 < e1 => (b1 - b2) * (b1 - b2) + (e1 - e2) * (e1 - e2),
        (true, false) if b2 <= b1 && e1 <= e2 => (e1 - b1) * (e1 - b1),
        (false, true) if b1 <= b2 && e2 <= e1 => (e2 - b2) * (e2 - b2),
        _ => 0,
    };
    d.unsigned_abs()
}

/// Units and gaps of one rater's category, tiling `[0, length)`: `(start, end, is_unit)`.
fn segments(units: &[(u64, u64)], length: u64) -> Vec<(u64, u64, bool)> {
    let mut out = Vec::with_capacity(2 * units.len() + 1);
    let mut pos = 0;
    for &(s, e) in units {
        if s > pos {
            out.push((pos, s, false));
        }
        out.push((s, e, true));
        pos = e;
    }
    if pos < length {
        out.push((pos, length, false));
    }
    out
}

/// Σ δ over every pair of overlapping segments of two raters (DKPro's sweep visits exactly these).
pub(crate) fn pair_distance(first: &[(u64, u64)], second: &[(u64, u64)], length: u64) -> u128 {
    if first.is_empty() && second.is_empty() {
        return 0;
    }
    let a = segments(first, length);
    let b = segments(second, length);
    let (mut i, mut j) = (0, 0);
    let mut total = 0u128;
    while i < a.len() && j < b.len() {
        let (s1, e1, u1) = a[i];
        let (s2, e2, u2) = b[j];
        total += distance(s1, e1 - s1, u1, s2, e2 - s2, u2);
        match e1.cmp(&e2) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    total
}

/// Gap lengths of one rater's units of a category on `[0, length)`.
fn gaps(units: &[(u64, u64)], length: u64, out: &mut Vec<u64>) {
    let mut pos = 0;
    for &(s, e) in units {
        if s > pos {
            out.push(s - pos);
        }
        pos = e;
    }
    if pos < length {
        out.push(length - pos);
    }
}

/// One category's sufficient statistics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryPool {
    /// Σ over rater pairs and continua of the pair distance.
    pub distance: u128,
    /// Lengths of every rater's units.
    pub units: Vec<u64>,
    /// Lengths of every rater's gaps.
    pub gaps: Vec<u64>,
}

impl CategoryPool {
    /// Σ_u l(l−1).
    pub fn squared_lengths(&self) -> u128 {
        self.units.iter().map(|&l| u128::from(l) * u128::from(l.saturating_sub(1))).sum()
    }

    /// Σ_u l(l−1)(2l−1)/3 (an integer: twice the sum of squares below l).
    pub fn cubic_lengths(&self) -> u128 {
        self.units.iter().map(|&l| cubic(l)).sum()
    }
}

/// l(l−1)(2l−1)/3.
pub(crate) fn cubic(l: u64) -> u128 {
    let l = u128::from(l);
    if l == 0 { 0 } else { l * (l - 1) * (2 * l - 1) / 3 }
}

/// uα's sufficient statistics over one or more continua coded by the same raters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pool {
    pub raters: usize,
    /// Σ of the continua's lengths.
    pub length: u64,
    /// Indexed by category id.
    pub categories: Vec<CategoryPool>,
}

impl Pool {
    pub fn new(raters: usize, categories: usize) -> Pool {
        Pool { raters, length: 0, categories: vec![CategoryPool::default(); categories] }
    }

    /// Adds one continuum of `length`; `raters[r][c]` is rater `r`'s normalised units of
    /// category `c` ([`normalise`]), relative to the continuum's start.
    pub fn add_continuum(&mut self, length: u64, raters: &[&[Vec<(u64, u64)>]]) {
        self.length += length;
        let empty: Vec<(u64, u64)> = Vec::new();
        let unit_of = |r: usize, c: usize| raters.get(r).and_then(|cats| cats.get(c)).unwrap_or(&empty);
        for (c, pool) in self.categories.iter_mut().enumerate() {
            for r in 0..raters.len() {
                let units = unit_of(r, c);
                pool.units.extend(units.iter().map(|&(s, e)| e - s));
                gaps(units, length, &mut pool.gaps);
                for r2 in r + 1..raters.len() {
                    pool.distance += pair_distance(units, unit_of(r2, c), length);
                }
            }
        }
    }

    /// Adds another pool of the same raters (concatenating continua; gaps stay separate).
    pub fn merge(&mut self, other: &Pool) {
        self.length += other.length;
        if self.categories.len() < other.categories.len() {
            self.categories.resize(other.categories.len(), CategoryPool::default());
        }
        for (a, b) in self.categories.iter_mut().zip(&other.categories) {
            a.distance += b.distance;
            a.units.extend_from_slice(&b.units);
            a.gaps.extend_from_slice(&b.gaps);
        }
    }

    /// Categories with at least one unit.
    pub fn present(&self) -> impl Iterator<Item = usize> + '_ {
        self.categories.iter().enumerate().filter(|(_, p)| !p.units.is_empty()).map(|(c, _)| c)
    }

    /// D_O(c).
    pub fn observed(&self, category: usize) -> f64 {
        let Some(pool) = self.categories.get(category) else { return 0.0 };
        let r = self.raters as f64;
        let l = self.length as f64;
        let den = r * (r - 1.0) * l * l;
        if den == 0.0 { 0.0 } else { 2.0 * pool.distance as f64 / den }
    }

    /// D_E(c).
    pub fn expected(&self, category: usize) -> f64 {
        let Some(pool) = self.categories.get(category) else { return 0.0 };
        if self.length == 0 || pool.units.is_empty() {
            return 0.0;
        }
        let mut gaps = pool.gaps.clone();
        gaps.sort_unstable();
        // suffix[i] = (count, Σ (g + 1)) over gaps[i..].
        let mut suffix = vec![(0u128, 0u128); gaps.len() + 1];
        for i in (0..gaps.len()).rev() {
            suffix[i] = (suffix[i + 1].0 + 1, suffix[i + 1].1 + u128::from(gaps[i]) + 1);
        }
        let n_c = pool.units.len() as u128;
        let mut numerator = (n_c - 1) * pool.cubic_lengths();
        for &l in &pool.units {
            let i = gaps.partition_point(|&g| g < l);
            let (count, sum) = suffix[i];
            let l = u128::from(l);
            numerator += l * l * (sum - l * count);
        }
        let rl = self.raters as u128 * u128::from(self.length);
        let den = (rl * rl.saturating_sub(1)).saturating_sub(pool.squared_lengths());
        if den == 0 {
            return 0.0;
        }
        2.0 * numerator as f64 / (self.length as f64 * den as f64)
    }

    fn check(&self) -> Result<(), FigureUndefined> {
        if self.raters < 2 {
            return Err(FigureUndefined::TooFewAnnotators);
        }
        if self.length == 0 {
            return Err(FigureUndefined::EmptyContinuum);
        }
        Ok(())
    }

    /// uα(c) = 1 − D_O(c)/D_E(c).
    pub fn category_alpha(&self, category: usize) -> Figure {
        self.check()?;
        if self.categories.get(category).is_none_or(|p| p.units.is_empty()) {
            return Err(FigureUndefined::NoUnitOfLabel);
        }
        let de = self.expected(category);
        if de == 0.0 {
            return Err(FigureUndefined::NoExpectedDisagreement);
        }
        finite(1.0 - self.observed(category) / de, Measure::UnitizingAlpha)
    }

    /// uα over all categories with units: 1 − mean D_O / mean D_E.
    pub fn alpha(&self) -> Figure {
        self.check()?;
        let (mut d_o, mut d_e, mut n) = (0.0, 0.0, 0usize);
        for c in self.present() {
            d_o += self.observed(c);
            d_e += self.expected(c);
            n += 1;
        }
        if n == 0 {
            return Err(FigureUndefined::NoSpans);
        }
        if d_e == 0.0 {
            return Err(FigureUndefined::NoExpectedDisagreement);
        }
        finite(1.0 - (d_o / n as f64) / (d_e / n as f64), Measure::UnitizingAlpha)
    }
}

/// uα of bootstrap resamples: per-document [`Pool`]s reweighted by draw counts without
/// rebuilding them.
///
/// D_E needs, per category, X = Σ over units of l² · Σ over gaps g ≥ l of (g − l + 1), across
/// documents. With v_1 > v_2 > … the distinct unit lengths ("breakpoints"), a gap g belongs to
/// bucket j when v_j ≤ g < v_{j−1}; for every unit of length v_j the gaps that count are those
/// of buckets 1..=j. So X = Σ_j v_j² · U_j · (S1_j − v_j · S0_j), where U_j is the weighted
/// number of units of length v_j and S0_j, S1_j the weighted count and Σ (g + 1) of the gaps in
/// buckets 1..=j. Prepared once: gaps summed per (bucket, document) — most gaps are longer than
/// every unit, so a document's gaps mostly collapse into one entry — and units counted per
/// (bucket, document). A resample is two short branch-free passes. The separable sums
/// (distances, N_c, Σ l(l−1), Σ l(l−1)(2l−1)/3) are kept per document. f64 throughout:
/// resamples only feed percentiles.
#[derive(Clone, Debug, Default)]
pub(crate) struct Resampler {
    raters: f64,
    /// Per document; 0 for documents without a pool.
    lengths: Vec<f64>,
    categories: Vec<CategoryResampler>,
}

#[derive(Clone, Debug, Default)]
struct CategoryResampler {
    /// (document, distance, units, Σ l(l−1), Σ l(l−1)(2l−1)/3) for documents with units.
    per_document: Vec<(u32, f64, f64, f64, f64)>,
    /// Distinct unit lengths, longest first.
    breakpoints: Vec<f64>,
    /// Gaps no shorter than the shortest unit, summed per (bucket, document): (document, count,
    /// Σ (g + 1)); bucket j is `gaps[gap_start[j]..gap_start[j + 1]]`.
    gaps: Vec<(u32, f64, f64)>,
    gap_start: Vec<usize>,
    /// Units counted per (bucket, document): (document, count); bucket j is
    /// `units[unit_start[j]..unit_start[j + 1]]`.
    units: Vec<(u32, f64)>,
    unit_start: Vec<usize>,
}

/// Start offsets of each bucket `0..buckets` in entries sorted by bucket.
fn bucket_starts(keys: impl Iterator<Item = u32>, buckets: usize) -> Vec<usize> {
    let mut starts = vec![0usize; buckets + 1];
    for k in keys {
        if let Some(s) = starts.get_mut(k as usize + 1) {
            *s += 1;
        }
    }
    for j in 0..buckets {
        starts[j + 1] += starts[j];
    }
    starts
}

/// Σ w[d]·a and Σ w[d]·b over entries, with four independent accumulators (no add chain).
fn weighted_sums(w: &[f64], entries: &[(u32, f64, f64)]) -> (f64, f64) {
    let mut a = [0.0; 4];
    let mut b = [0.0; 4];
    let chunks = entries.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        for i in 0..4 {
            let k = w[c[i].0 as usize];
            a[i] += k * c[i].1;
            b[i] += k * c[i].2;
        }
    }
    for (i, e) in rest.iter().enumerate() {
        let k = w[e.0 as usize];
        a[i] += k * e.1;
        b[i] += k * e.2;
    }
    ((a[0] + a[1]) + (a[2] + a[3]), (b[0] + b[1]) + (b[2] + b[3]))
}

/// Σ w[d]·a over entries, four accumulators.
fn weighted_sum(w: &[f64], entries: &[(u32, f64)]) -> f64 {
    let mut a = [0.0; 4];
    let chunks = entries.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        for i in 0..4 {
            a[i] += w[c[i].0 as usize] * c[i].1;
        }
    }
    for (i, e) in rest.iter().enumerate() {
        a[i] += w[e.0 as usize] * e.1;
    }
    (a[0] + a[1]) + (a[2] + a[3])
}

/// Sums `(key, document)` entries with equal keys.
fn sum_by_key(mut items: Vec<((u32, u32), f64, f64)>) -> Vec<(u32, u32, f64, f64)> {
    items.sort_unstable_by_key(|i| i.0);
    let mut out: Vec<(u32, u32, f64, f64)> = Vec::new();
    for ((j, d), a, b) in items {
        match out.last_mut() {
            Some(last) if last.0 == j && last.1 == d => {
                last.2 += a;
                last.3 += b;
            }
            _ => out.push((j, d, a, b)),
        }
    }
    out
}

impl Resampler {
    /// `pools[d]` is document `d`'s pool (all with the same raters), or `None` when the document
    /// does not take part.
    pub fn new(pools: &[Option<&Pool>], raters: usize, categories: usize) -> Resampler {
        let lengths = pools.iter().map(|p| p.map_or(0.0, |p| p.length as f64)).collect();
        let mut cats = vec![CategoryResampler::default(); categories];
        for (c, cat) in cats.iter_mut().enumerate() {
            let present =
                || pools.iter().enumerate().filter_map(|(d, p)| Some((d as u32, p.and_then(|p| p.categories.get(c))?)));
            let mut values: Vec<u64> = present().flat_map(|(_, cp)| cp.units.iter().copied()).collect();
            if values.is_empty() {
                continue;
            }
            values.sort_unstable_by(|a, b| b.cmp(a));
            values.dedup();
            let bucket = |l: u64| values.partition_point(|&v| v > l);
            let (mut units, mut gaps) = (Vec::new(), Vec::new());
            for (d, cp) in present() {
                if !cp.units.is_empty() {
                    cat.per_document.push((
                        d,
                        cp.distance as f64,
                        cp.units.len() as f64,
                        cp.squared_lengths() as f64,
                        cp.cubic_lengths() as f64,
                    ));
                }
                units.extend(cp.units.iter().map(|&l| ((bucket(l) as u32, d), 1.0, 0.0)));
                gaps.extend(
                    cp.gaps
                        .iter()
                        .map(|&g| (bucket(g), g))
                        .filter(|&(j, _)| j < values.len())
                        .map(|(j, g)| ((j as u32, d), 1.0, g as f64 + 1.0)),
                );
            }
            let units = sum_by_key(units);
            let gaps = sum_by_key(gaps);
            cat.unit_start = bucket_starts(units.iter().map(|u| u.0), values.len());
            cat.gap_start = bucket_starts(gaps.iter().map(|g| g.0), values.len());
            cat.units = units.into_iter().map(|(_, d, n, _)| (d, n)).collect();
            cat.gaps = gaps.into_iter().map(|(_, d, n, s)| (d, n, s)).collect();
            cat.breakpoints = values.iter().map(|&v| v as f64).collect();
        }
        Resampler { raters: raters as f64, lengths, categories: cats }
    }

    /// uα of the documents drawn `weights[d]` times each.
    pub fn alpha(&self, weights: &[u32]) -> Figure {
        let w: Vec<f64> = (0..self.lengths.len()).map(|d| weights.get(d).copied().unwrap_or(0) as f64).collect();
        let length: f64 = self.lengths.iter().zip(&w).map(|(l, k)| l * k).sum();
        if self.raters < 2.0 {
            return Err(FigureUndefined::TooFewAnnotators);
        }
        if length == 0.0 {
            return Err(FigureUndefined::EmptyContinuum);
        }
        let r = self.raters;
        let (mut d_o, mut d_e, mut n) = (0.0, 0.0, 0usize);
        for cat in &self.categories {
            let (mut dist, mut units, mut sq, mut cub) = (0.0, 0.0, 0.0, 0.0);
            for &(d, di, un, s, c) in &cat.per_document {
                let k = w[d as usize];
                dist += k * di;
                units += k * un;
                sq += k * s;
                cub += k * c;
            }
            if units == 0.0 {
                continue;
            }
            let (mut c0, mut c1, mut cross) = (0.0, 0.0, 0.0);
            for (j, &v) in cat.breakpoints.iter().enumerate() {
                let (g0, g1) = weighted_sums(&w, &cat.gaps[cat.gap_start[j]..cat.gap_start[j + 1]]);
                c0 += g0;
                c1 += g1;
                let u = weighted_sum(&w, &cat.units[cat.unit_start[j]..cat.unit_start[j + 1]]);
                cross += v * v * u * (c1 - v * c0);
            }
            let den = r * length * (r * length - 1.0) - sq;
            d_o += 2.0 * dist / (r * (r - 1.0) * length * length);
            d_e += if den > 0.0 { 2.0 * ((units - 1.0) * cub + cross) / (length * den) } else { 0.0 };
            n += 1;
        }
        if n == 0 {
            return Err(FigureUndefined::NoSpans);
        }
        if d_e == 0.0 {
            return Err(FigureUndefined::NoExpectedDisagreement);
        }
        finite(1.0 - d_o / d_e, Measure::UnitizingAlpha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DKPro Statistics, Krippendorff2004Test.testDistanceMetric1/2: the distances of
    /// Krippendorff (2004), Content Analysis, 2nd ed., pp. 252–253.
    #[test]
    fn krippendorff_2004_distances() {
        assert_eq!(distance(2, 3, false, 2, 2, true) + distance(5, 6, true, 4, 7, false), 40);
        assert_eq!(distance(3, 2, false, 3, 2, true) + distance(5, 6, true, 5, 6, false), 40);
        assert_eq!(distance(5, 6, true, 4, 2, true), 26);
        assert_eq!(distance(5, 6, true, 5, 2, true), 16);
        assert_eq!(distance(5, 6, true, 6, 2, true), 10);
        assert_eq!(distance(5, 6, true, 7, 2, true), 8);
        assert_eq!(distance(5, 6, true, 6, 4, true), 2);
        assert_eq!(distance(5, 6, true, 5, 6, true), 0);
        assert_eq!(distance(225, 70, true, 220, 80, true), 50);
        assert_eq!(distance(370, 30, true, 355, 20, true), 850);
        assert_eq!(distance(400, 50, false, 400, 20, true), 400);
    }

    const C: u32 = 0;
    const K: u32 = 1;

    /// Krippendorff (2004), Content Analysis, 2nd ed., p. 254: two observers on [150, 450).
    /// Values asserted by DKPro Statistics' Krippendorff2004Test: D_O(c) = 0.0144,
    /// D_E(c) = 0.0532, uα(c) = 0.7286; D_O(k) = 0, D_E(k) = 0.0490, uα(k) = 1; uα = 0.8591.
    #[test]
    fn krippendorff_2004_example() {
        let mut s = Study::new(2, 150, 300);
        s.add_unit(225, 70, 0, C);
        s.add_unit(370, 30, 0, C);
        s.add_unit(220, 80, 1, C);
        s.add_unit(355, 20, 1, C);
        s.add_unit(400, 20, 1, C);
        s.add_unit(180, 60, 0, K);
        s.add_unit(300, 50, 0, K);
        s.add_unit(180, 60, 1, K);
        s.add_unit(300, 50, 1, K);
        assert!((s.observed_disagreement(C) - 0.0144).abs() < 0.0001);
        assert!((s.expected_disagreement(C) - 0.0532).abs() < 0.0001);
        assert!((s.category_alpha(C).unwrap() - 0.7286).abs() < 0.0001);
        assert!(s.observed_disagreement(K).abs() < 0.0001);
        assert!((s.expected_disagreement(K) - 0.0490).abs() < 0.0001);
        assert!((s.category_alpha(K).unwrap() - 1.0).abs() < 0.0001);
        assert!((s.alpha().unwrap() - 0.8591).abs() < 0.0005);
    }

    /// Krippendorff (1995), On the reliability of unitizing contiguous data, Sociological
    /// Methodology 25, p. 57: examples A–D on 24 positions, stretched (DKPro's
    /// Krippendorff1995Test.createExample; Java's `(int)` truncation kept).
    fn example_1995(stretch: f64) -> Study {
        let t = |x: f64| (x * stretch) as u64;
        let mut s = Study::new(2, 0, t(24.0));
        let units: [(f64, f64, usize, u32); 31] = [
            (2., 8., 0, 0),
            (14., 6., 0, 0),
            (4., 4., 1, 0),
            (15., 2., 1, 0),
            (0., 18., 0, 1),
            (0., 2., 1, 1),
            (2., 1., 1, 1),
            (3., 1., 1, 1),
            (4., 1., 1, 1),
            (5., 1., 1, 1),
            (6., 3., 1, 1),
            (9., 1., 1, 1),
            (2., 6., 0, 2),
            (10., 2., 0, 2),
            (14., 4., 0, 2),
            (20., 2., 0, 2),
            (0., 2., 1, 2),
            (4., 4., 1, 2),
            (10., 4., 1, 2),
            (16., 2., 1, 2),
            (20., 2., 1, 2),
            (0., 2., 0, 3),
            (2., 8., 0, 3),
            (10., 4., 0, 3),
            (14., 6., 0, 3),
            (20., 4., 0, 3),
            (0., 4., 1, 3),
            (4., 4., 1, 3),
            (8., 7., 1, 3),
            (15., 2., 1, 3),
            (17., 7., 1, 3),
        ];
        for (o, l, r, c) in units {
            s.add_unit(t(o), t(l), r, c);
        }
        s
    }

    /// The values DKPro's Krippendorff1995Test.testAgreement and testVaryingLengths assert
    /// (D_O exact to 1e-5; D_E and uα to its stated tolerances, since the 1995 paper's D_E
    /// has a small error DKPro notes).
    #[test]
    fn krippendorff_1995_example() {
        let s = example_1995(1.0);
        let close = |a: f64, b: f64, tol: f64| assert!((a - b).abs() < tol, "{a} vs {b}");
        close(s.observed_disagreement(0), 0.03125, 1e-5);
        close(s.observed_disagreement(1), 2.26736, 1e-5);
        close(s.observed_disagreement(2), 0.02777, 1e-5);
        close(s.observed_disagreement(3), 0.38715, 1e-5);

        let s = example_1995(50_000.0);
        close(s.expected_disagreement(0), 0.06990, 0.005);
        close(s.expected_disagreement(1), 1.17731, 0.005);
        close(s.expected_disagreement(2), 0.08642, 0.005);
        close(s.expected_disagreement(3), 0.41445, 0.005);
        close(s.category_alpha(0).unwrap(), 0.553, 0.02);
        close(s.category_alpha(1).unwrap(), -0.926, 0.02);
        close(s.category_alpha(2).unwrap(), 0.679, 0.02);
        close(s.category_alpha(3).unwrap(), 0.066, 0.02);

        let s = example_1995(0.5);
        close(s.observed_disagreement(2), 0.02777, 1e-5);
        close(s.expected_disagreement(2), 0.05494, 1e-5);
        close(s.category_alpha(2).unwrap(), 0.494, 0.02);
        let s = example_1995(5.0);
        close(s.expected_disagreement(2), 0.08234, 0.005);
        close(s.category_alpha(2).unwrap(), 0.663, 0.02);
    }

    #[test]
    fn identical_raters_agree_and_nothing_is_undefined() {
        let mut s = Study::new(3, 10, 100);
        for r in 0..3 {
            s.add_unit(20, 5, r, 0);
            s.add_unit(50, 30, r, 1);
        }
        assert_eq!(s.alpha(), Ok(1.0));
        assert!(Study::new(2, 0, 100).alpha().is_err());
        assert!(Study::new(2, 0, 0).alpha().is_err());
        // Units of length 1 filling the whole continuum: no other unitization is possible, D_E = 0.
        let mut full = Study::new(3, 0, 1);
        for r in 0..3 {
            full.add_unit(0, 1, r, 0);
        }
        assert_eq!(full.alpha(), Err(FigureUndefined::NoExpectedDisagreement));
        let mut one = Study::new(1, 0, 10);
        one.add_unit(1, 2, 0, 0);
        assert!(one.alpha().is_err());
    }

    #[test]
    fn resampler_with_unit_weights_is_the_pool() {
        let studies = [example_1995(1.0), example_1995(3.0), Study::new(2, 0, 17)];
        let pools: Vec<Pool> = studies.iter().map(Study::pool).collect();
        let mut all = Pool::new(2, 4);
        for p in &pools {
            all.merge(p);
        }
        let refs: Vec<Option<&Pool>> = pools.iter().map(Some).collect();
        let resampler = Resampler::new(&refs, 2, 4);
        let a = resampler.alpha(&[1, 1, 1]).unwrap();
        assert!((a - all.alpha().unwrap()).abs() < 1e-12, "{a}");
        // Drawing a document twice is merging it twice.
        let mut twice = all.clone();
        twice.merge(&pools[1]);
        let b = resampler.alpha(&[1, 2, 1]).unwrap();
        assert!((b - twice.alpha().unwrap()).abs() < 1e-12, "{b}");
        assert!(resampler.alpha(&[0, 0, 1]).is_err());
    }

    #[test]
    fn overlapping_units_of_one_rater_merge() {
        assert_eq!(
            normalise(vec![(5, 9), (0, 3), (3, 4), (8, 12), (20, 20), (28, 40)], 30),
            vec![(0, 3), (3, 4), (5, 12), (28, 30)]
        );
    }
}
