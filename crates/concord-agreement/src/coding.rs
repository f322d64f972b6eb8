//! Coding measures over items with nominal categories: Cohen's kappa, Fleiss' kappa and
//! Krippendorff's alpha.
//!
//! Design choices:
//! - **Sufficient statistics.** Each measure is a small sum over items ([`CohenStats`],
//!   [`FleissStats`], [`AlphaStats`]) so that documents add up, and a bootstrap resample is a
//!   weighted sum of per-document statistics, not a recomputation over tokens.
//! - **Integer arithmetic up to the last division** where the formula allows (Cohen, Fleiss),
//!   so results do not depend on summation order.
//! - Formulas as the Python references compute them: Cohen as scikit-learn's
//!   `cohen_kappa_score` (1 − Σ_{i≠j} C_ij / Σ_{i≠j} E_ij), Fleiss as statsmodels'
//!   `fleiss_kappa(method="fleiss")`, alpha as the `krippendorff` package's nominal alpha with
//!   missing values (Krippendorff 2011, coincidence matrix; units with fewer than two values
//!   are not pairable and drop out).
//! - Zero denominators give [`FigureUndefined`]: no items; chance agreement 1 (every
//!   rating in one category); no unit with two values.

use std::collections::BTreeMap;

use crate::figure::{Figure, FigureUndefined, Measure, finite};

/// Cohen's kappa for two raters from their confusion matrix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CohenStats {
    /// `k × k`, row-major: `matrix[i * k + j]` counts items the first rater put in `i` and the
    /// second in `j`.
    pub matrix: Vec<u64>,
    pub categories: usize,
}

impl CohenStats {
    pub fn new(categories: usize) -> CohenStats {
        CohenStats { matrix: vec![0; categories * categories], categories }
    }

    pub fn add_item(&mut self, first: u32, second: u32) {
        let (i, j) = (first as usize, second as usize);
        if i < self.categories && j < self.categories {
            self.matrix[i * self.categories + j] += 1;
        }
    }

    pub fn add(&mut self, other: &CohenStats) {
        for (a, b) in self.matrix.iter_mut().zip(&other.matrix) {
            *a += b;
        }
    }

    pub fn items(&self) -> u64 {
        self.matrix.iter().sum()
    }

    /// κ = 1 − N·(N − Σ C_ii) / (N² − Σ r_i·c_i).
    pub fn kappa(&self) -> Figure {
        self.margins().kappa()
    }

    /// The matrix's items, diagonal and marginal totals: all that κ needs.
    pub fn margins(&self) -> CohenMargins {
        let k = self.categories;
        let mut m = CohenMargins::new(k);
        for i in 0..k {
            for j in 0..k {
                let c = self.matrix[i * k + j];
                m.rows[i] += c;
                m.cols[j] += c;
            }
            m.trace += self.matrix[i * k + i];
        }
        m.items = m.rows.iter().sum();
        m
    }

    /// The binary matrix of `category` against every other category.
    pub fn binary(&self, category: usize) -> CohenStats {
        let k = self.categories;
        let mut out = CohenStats::new(2);
        for i in 0..k {
            for j in 0..k {
                let a = usize::from(i != category);
                let b = usize::from(j != category);
                out.matrix[a * 2 + b] += self.matrix[i * k + j];
            }
        }
        out
    }
}

/// What Cohen's kappa needs of a confusion matrix: the items, the agreements and the two
/// raters' marginal totals. A crowd report keeps one per pair that shares a document, so it
/// is `2k + 2` numbers where the matrix is `k²`; κ is computed from it with the same integers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CohenMargins {
    pub items: u64,
    /// Σ C_ii.
    pub trace: u64,
    /// The first rater's total per category.
    pub rows: Vec<u64>,
    /// The second rater's total per category.
    pub cols: Vec<u64>,
}

impl CohenMargins {
    pub fn new(categories: usize) -> CohenMargins {
        CohenMargins { items: 0, trace: 0, rows: vec![0; categories], cols: vec![0; categories] }
    }

    pub fn add(&mut self, other: &CohenMargins) {
        self.items += other.items;
        self.trace += other.trace;
        for (a, b) in self.rows.iter_mut().zip(&other.rows) {
            *a += b;
        }
        for (a, b) in self.cols.iter_mut().zip(&other.cols) {
            *a += b;
        }
    }

    /// κ = 1 − N·(N − Σ C_ii) / (N² − Σ r_i·c_i), in integers up to the last division.
    pub fn kappa(&self) -> Figure {
        let n = u128::from(self.items);
        if n == 0 {
            return Err(FigureUndefined::NoTokensInCommon);
        }
        let trace = u128::from(self.trace);
        let chance: u128 = self.rows.iter().zip(&self.cols).map(|(&r, &c)| u128::from(r) * u128::from(c)).sum();
        if n * n == chance {
            return Err(FigureUndefined::PairChanceAgreementOne);
        }
        finite(1.0 - (n * (n - trace)) as f64 / (n * n - chance) as f64, Measure::CohenKappa)
    }
}

/// Cohen's kappa of two raters' category sequences (equal length; extra items are ignored).
pub fn cohen_kappa<T: Ord>(first: &[T], second: &[T]) -> Figure {
    let mut ids: BTreeMap<&T, u32> = BTreeMap::new();
    for v in first.iter().chain(second) {
        let next = ids.len() as u32;
        ids.entry(v).or_insert(next);
    }
    let mut stats = CohenStats::new(ids.len());
    for (a, b) in first.iter().zip(second) {
        stats.add_item(ids[a], ids[b]);
    }
    stats.kappa()
}

/// Fleiss' kappa: items each rated by the same number of raters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FleissStats {
    pub items: u64,
    /// Raters per item (every item has this many).
    pub raters: u64,
    /// Σ over items and categories of n_ij².
    pub sum_squares: u128,
    /// Ratings per category over all items.
    pub totals: Vec<u64>,
}

impl FleissStats {
    pub fn new(raters: u64, categories: usize) -> FleissStats {
        FleissStats { items: 0, raters, sum_squares: 0, totals: vec![0; categories] }
    }

    /// One item: how many raters chose each category (must sum to `raters`).
    pub fn add_item(&mut self, counts: &[u64]) {
        self.items += 1;
        for (t, &c) in self.totals.iter_mut().zip(counts) {
            *t += c;
            self.sum_squares += u128::from(c) * u128::from(c);
        }
    }

    pub fn add(&mut self, other: &FleissStats) {
        self.items += other.items;
        self.sum_squares += other.sum_squares;
        for (a, b) in self.totals.iter_mut().zip(&other.totals) {
            *a += b;
        }
    }

    /// κ = (P̄ − P̄e) / (1 − P̄e) with P̄ = (Σ n_ij² − N·n) / (N·n·(n − 1)) and
    /// P̄e = Σ_j (T_j / (N·n))², evaluated as one fraction of integers.
    pub fn kappa(&self) -> Figure {
        if self.raters < 2 {
            return Err(FigureUndefined::TooFewRaters);
        }
        if self.items == 0 {
            return Err(FigureUndefined::NoTokensRatedByAll);
        }
        let n = i128::from(self.raters);
        let nn = i128::from(self.items) * n;
        let t2: i128 = self.totals.iter().map(|&t| i128::from(t) * i128::from(t)).sum();
        let s2 = i128::try_from(self.sum_squares).unwrap_or(i128::MAX);
        let den = (n - 1) * (nn * nn - t2);
        if den == 0 {
            return Err(FigureUndefined::ChanceAgreementOne);
        }
        let num = (s2 - nn) * nn - (n - 1) * t2;
        finite(num as f64 / den as f64, Measure::FleissKappa)
    }
}

/// Fleiss' kappa of an items × categories count table (every row must sum to the same count).
pub fn fleiss_kappa(table: &[Vec<u64>]) -> Figure {
    let raters = table.first().map_or(0, |row| row.iter().sum());
    if table.iter().any(|row| row.iter().sum::<u64>() != raters) {
        return Err(FigureUndefined::UnequalRatings);
    }
    let categories = table.iter().map(Vec::len).max().unwrap_or(0);
    let mut stats = FleissStats::new(raters, categories);
    for row in table {
        stats.add_item(row);
    }
    stats.kappa()
}

/// Krippendorff's alpha (nominal) with missing values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlphaStats {
    /// Σ_{c≠k} o_ck: Σ over pairable units of (m_u² − Σ_c n_uc²) / (m_u − 1).
    pub disagreement: f64,
    /// Pairable values per category (n_c).
    pub values: Vec<u64>,
}

impl AlphaStats {
    pub fn new(categories: usize) -> AlphaStats {
        AlphaStats { disagreement: 0.0, values: vec![0; categories] }
    }

    /// One unit: how many coders chose each category. A unit with fewer than two values is not
    /// pairable and is skipped.
    pub fn add_unit(&mut self, counts: &[u64]) {
        let m: u64 = counts.iter().sum();
        if m < 2 {
            return;
        }
        let sq: u64 = counts.iter().map(|c| c * c).sum();
        self.disagreement += (m * m - sq) as f64 / (m - 1) as f64;
        for (v, &c) in self.values.iter_mut().zip(counts) {
            *v += c;
        }
    }

    /// `self + weight · other`.
    pub fn add_weighted(&mut self, other: &AlphaStats, weight: u64) {
        self.disagreement += weight as f64 * other.disagreement;
        for (a, b) in self.values.iter_mut().zip(&other.values) {
            *a += weight * b;
        }
    }

    /// α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
    pub fn alpha(&self) -> Figure {
        let n: u128 = self.values.iter().map(|&v| u128::from(v)).sum();
        if n == 0 {
            return Err(FigureUndefined::NoPairableUnit);
        }
        let sq: u128 = self.values.iter().map(|&v| u128::from(v) * u128::from(v)).sum();
        if n * n == sq {
            return Err(FigureUndefined::OneCategory);
        }
        finite(1.0 - (n - 1) as f64 * self.disagreement / (n * n - sq) as f64, Measure::KrippendorffAlpha)
    }
}

/// Krippendorff's nominal alpha of a coders × units table; `None` is a missing value.
pub fn krippendorff_alpha<T: Ord>(reliability_data: &[Vec<Option<T>>]) -> Figure {
    let mut ids: BTreeMap<&T, usize> = BTreeMap::new();
    for v in reliability_data.iter().flatten().flatten() {
        let next = ids.len();
        ids.entry(v).or_insert(next);
    }
    let units = reliability_data.iter().map(Vec::len).max().unwrap_or(0);
    let mut stats = AlphaStats::new(ids.len());
    let mut counts = vec![0u64; ids.len()];
    for u in 0..units {
        counts.iter_mut().for_each(|c| *c = 0);
        for coder in reliability_data {
            if let Some(Some(v)) = coder.get(u) {
                counts[ids[v]] += 1;
            }
        }
        stats.add_unit(&counts);
    }
    stats.alpha()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    /// Communication Departmental Papers 43, section "C. Nominal data, any number of observers,
    /// missing data": 4 observers, 12 units, values 1–5, nominal α = 0.743.
    #[test]
    fn krippendorff_2011_nominal_example() {
        let m = None;
        let o = Some;
        let data = vec![
            vec![o(1), o(2), o(3), o(3), o(2), o(1), o(4), o(1), o(2), m, m, m],
            vec![o(1), o(2), o(3), o(3), o(2), o(2), o(4), o(1), o(2), o(5), m, o(3)],
            vec![m, o(3), o(3), o(3), o(2), o(3), o(4), o(2), o(2), o(5), o(1), m],
            vec![o(1), o(2), o(3), o(3), o(2), o(4), o(4), o(1), o(2), o(5), o(1), m],
        ];
        let alpha = krippendorff_alpha(&data).unwrap();
        assert!((alpha - 0.743).abs() < 0.0005, "{alpha}");
    }

    /// Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
    /// Bulletin 76(5):378–382; the 10-subject, 14-rater, 5-category table of Wikipedia's
    /// "Fleiss' kappa" worked example: P̄ = 0.378, P̄e = 0.213, κ = 0.210.
    #[test]
    fn fleiss_wikipedia_example() {
        let table: Vec<Vec<u64>> = vec![
            vec![0, 0, 0, 0, 14],
            vec![0, 2, 6, 4, 2],
            vec![0, 0, 3, 5, 6],
            vec![0, 3, 9, 2, 0],
            vec![2, 2, 8, 1, 1],
            vec![7, 7, 0, 0, 0],
            vec![3, 2, 6, 3, 0],
            vec![2, 5, 3, 2, 2],
            vec![6, 5, 2, 1, 0],
            vec![0, 2, 2, 3, 7],
        ];
        let kappa = fleiss_kappa(&table).unwrap();
        assert!((kappa - 0.210).abs() < 0.0005, "{kappa}");
    }

    /// Krippendorff, K. (1995). On the reliability of unitizing contiguous data. Sociological
    /// Methodology 25:47–76, p. 57, example A digitised into 24 items (as in DKPro Statistics'
    /// Krippendorff1995Test.testDigitizedAgreement): Cohen's κ = 0.385, nominal α = 0.329.
    #[test]
    fn krippendorff_1995_digitised_example_a() {
        let bertha = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
        let bill = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0];
        let kappa = cohen_kappa(&bertha, &bill).unwrap();
        assert!((kappa - 0.385).abs() < 0.001, "{kappa}");
        let data = vec![bertha.iter().map(|&v| Some(v)).collect(), bill.iter().map(|&v| Some(v)).collect()];
        let alpha = krippendorff_alpha(&data).unwrap();
        assert!((alpha - 0.329).abs() < 0.001, "{alpha}");
    }

    /// Cohen, J. (1960) as in Wikipedia's "Cohen's kappa" example 1: 50 proposals,
    /// yes/yes 20, yes/no 5, no/yes 10, no/no 15: p_o = 0.7, p_e = 0.5, κ = 0.4.
    #[test]
    fn cohen_wikipedia_example() {
        let stats = CohenStats { matrix: vec![20, 5, 10, 15], categories: 2 };
        assert!((stats.kappa().unwrap() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn degenerate_tables_are_undefined() {
        assert!(cohen_kappa::<u8>(&[], &[]).is_err());
        assert!(cohen_kappa(&[1, 1, 1], &[1, 1, 1]).is_err());
        assert!(fleiss_kappa(&[vec![3, 0], vec![3, 0]]).is_err());
        assert!(fleiss_kappa(&[vec![3, 0], vec![2, 0]]).is_err());
        assert!(krippendorff_alpha(&[vec![Some(1), None], vec![Some(1), Some(2)]]).is_err());
        assert!(krippendorff_alpha::<u8>(&[vec![None], vec![None]]).is_err());
        // Perfect agreement with two categories is 1 everywhere.
        assert_eq!(cohen_kappa(&[1, 2], &[1, 2]), Ok(1.0));
        assert_eq!(fleiss_kappa(&[vec![3, 0], vec![0, 3]]), Ok(1.0));
        assert_eq!(krippendorff_alpha(&[vec![Some(1), Some(2)], vec![Some(1), Some(2)]]), Ok(1.0));
    }
}
