//! Label confusion over spans with the same boundaries.
//!
//! Design choices:
//! - Spans of two annotators are paired when they have the same (start, end). Within one
//!   boundary, equal labels pair first, then the rest pair in label-list order; a span left over
//!   (or with boundaries the other annotator does not have) pairs with the pseudo-label
//!   `(none)`, the last row and column. So the matrix counts every span of both annotators once.
//! - Rows are the pair's first annotator (alphabetically), columns the second. The pooled matrix
//!   is the sum over pairs in that orientation.

use crate::spans::IdSpan;

/// The name of the "no span with these boundaries" row and column.
pub const NONE: &str = "(none)";

/// A square count matrix over `labels + 1` categories (the last is [`NONE`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confusion {
    pub size: usize,
    /// Row-major.
    pub counts: Vec<u64>,
}

impl Confusion {
    pub fn new(labels: usize) -> Confusion {
        Confusion { size: labels + 1, counts: vec![0; (labels + 1) * (labels + 1)] }
    }

    fn bump(&mut self, row: usize, col: usize) {
        if row < self.size && col < self.size {
            self.counts[row * self.size + col] += 1;
        }
    }

    pub fn add(&mut self, other: &Confusion) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    pub fn rows(&self) -> Vec<Vec<u64>> {
        self.counts.chunks(self.size.max(1)).map(<[u64]>::to_vec).collect()
    }

    /// Adds one document's spans of the two annotators.
    pub fn add_document(&mut self, first: &[IdSpan], second: &[IdSpan]) {
        let none = self.size - 1;
        let mut a = group(first);
        let mut b = group(second);
        a.sort_by_key(|g| g.0);
        b.sort_by_key(|g| g.0);
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let order = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => x.0.cmp(&y.0),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    a[i].1.iter().for_each(|&l| self.bump(l as usize, none));
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    b[j].1.iter().for_each(|&l| self.bump(none, l as usize));
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    let mut left = a[i].1.clone();
                    let mut right = b[j].1.clone();
                    left.retain(|&l| match right.iter().position(|&r| r == l) {
                        Some(k) => {
                            right.remove(k);
                            self.bump(l as usize, l as usize);
                            false
                        }
                        None => true,
                    });
                    for k in 0..left.len().max(right.len()) {
                        let row = left.get(k).map_or(none, |&l| l as usize);
                        let col = right.get(k).map_or(none, |&l| l as usize);
                        self.bump(row, col);
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
    }
}

/// Spans grouped by boundaries, labels in list order.
fn group(spans: &[IdSpan]) -> Vec<((usize, usize), Vec<u32>)> {
    let mut out: Vec<((usize, usize), Vec<u32>)> = Vec::new();
    for s in spans {
        match out.iter_mut().rev().find(|g| g.0 == (s.start, s.end)) {
            Some(g) => g.1.push(s.label),
            None => out.push(((s.start, s.end), vec![s.label])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(start: usize, end: usize, label: u32) -> IdSpan {
        IdSpan { start, end, label }
    }

    #[test]
    fn same_boundaries_pair_and_the_rest_meet_none() {
        let mut c = Confusion::new(2);
        // (0,4): A vs B; (5,9): A+B vs B; (10,12) only first; (20,22) only second.
        c.add_document(
            &[sp(0, 4, 0), sp(5, 9, 0), sp(5, 9, 1), sp(10, 12, 1)],
            &[sp(0, 4, 1), sp(5, 9, 1), sp(20, 22, 0)],
        );
        assert_eq!(c.rows(), vec![vec![0, 1, 1], vec![0, 1, 1], vec![1, 0, 0]]);
        // Every span counted once: 4 of the first, 3 of the second.
        let rows = c.rows();
        assert_eq!(rows.iter().map(|r| r[..2].iter().sum::<u64>() + r[2]).sum::<u64>(), 4 + 1);
    }
}
