//! Exact best alignment for two annotators: a minimum-cost bipartite matching.
//!
//! With two annotators a unitary alignment is a matched pair `(u, v)` costing `d(u, v)` or a
//! unit alone costing `delta_empty`, so the best alignment minimises
//! `sum_matched (d(u, v) - 2 delta_empty)` plus a constant. Only pairs with
//! `d < 2 delta_empty` can lower it, which are exactly the edges of the pruning graph.
//!
//! Algorithm: successive shortest augmenting paths with Dijkstra on reduced costs
//! (Jonker-Volgenant style) for the rectangular assignment of every unit of the first annotator
//! either to a unit of the second (cost `d - 2 delta_empty`) or to its own private "unaligned"
//! column (cost 0). Rows are added one at a time; the search from a new row stops at the first
//! free column, and its own unaligned column bounds the search, so on real continua (local
//! edges) each augmentation touches a few units. Dual updates and resets touch only the columns
//! the search reached, so a row costs time in proportion to that neighbourhood, never to the
//! continuum. Scratch arrays are allocated once per solve.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::continuum::{Graph, NONE, Prepared};

#[derive(Clone, Copy, Debug, PartialEq)]
struct Item {
    dist: f64,
    col: u32,
}

impl Eq for Item {}

impl Ord for Item {
    fn cmp(&self, other: &Item) -> Ordering {
        // Min-heap on distance, ties on column for determinism.
        other.dist.total_cmp(&self.dist).then(other.col.cmp(&self.col))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Item) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Scratch state of the assignment, allocated once per solve.
struct Assignment<'g> {
    g: &'g Graph,
    n_left: usize,
    n_right: usize,
    delta: f64,
    v: Vec<f64>,
    u: Vec<f64>,
    col_row: Vec<u32>,
    row_col: Vec<u32>,
    row_cost: Vec<f64>,
    dist: Vec<f64>,
    pred: Vec<u32>,
    pred_cost: Vec<f64>,
    done: Vec<bool>,
    touched: Vec<u32>,
    scanned: Vec<u32>,
    heap: BinaryHeap<Item>,
}

impl Assignment<'_> {
    #[inline]
    fn dummy(&self, row: usize) -> u32 {
        (self.n_right + row) as u32
    }

    /// The columns of `row` with their costs: real partners, then its private column.
    #[inline]
    fn columns(&self, row: usize) -> impl Iterator<Item = (u32, f64)> + use<'_> {
        let (ns, ds) = self.g.adjacent(row as u32);
        let (n_left, two_delta) = (self.n_left, 2.0 * self.delta);
        ns.iter()
            .zip(ds)
            .map(move |(&nb, &dv)| ((nb as usize - n_left) as u32, dv - two_delta))
            .chain(std::iter::once((self.dummy(row), 0.0)))
    }

    fn relax(&mut self, row: usize, base: f64) {
        let (ns, ds) = self.g.adjacent(row as u32);
        let dummy = self.dummy(row);
        let edges = ns.iter().zip(ds).map(|(&nb, &dv)| ((nb as usize - self.n_left) as u32, dv - 2.0 * self.delta));
        for (c, cost) in edges.chain(std::iter::once((dummy, 0.0))) {
            let ci = c as usize;
            if self.done[ci] {
                continue;
            }
            let nd = base + cost - self.u[row] - self.v[ci];
            if nd < self.dist[ci] {
                if self.dist[ci] == f64::INFINITY {
                    self.touched.push(c);
                }
                self.dist[ci] = nd;
                self.pred[ci] = row as u32;
                self.pred_cost[ci] = cost;
                self.heap.push(Item { dist: nd, col: c });
            }
        }
    }

    fn add_row(&mut self, r: usize) {
        // Row potential: the cheapest reduced cost out of r becomes 0.
        self.u[r] = self.columns(r).map(|(c, cost)| cost - self.v[c as usize]).fold(f64::INFINITY, f64::min);
        self.relax(r, 0.0);
        let mut end = NONE;
        let mut total = 0.0;
        while let Some(Item { dist: dd, col }) = self.heap.pop() {
            let ci = col as usize;
            if self.done[ci] || dd > self.dist[ci] {
                continue;
            }
            self.done[ci] = true;
            self.scanned.push(col);
            let row = self.col_row[ci];
            if row == NONE {
                end = col;
                total = dd;
                break;
            }
            self.relax(row as usize, dd);
        }
        self.heap.clear();
        if end == NONE {
            // Unreachable (the private column of r is always free): leave r unaligned.
            end = self.dummy(r);
            self.pred[end as usize] = r as u32;
            self.pred_cost[end as usize] = 0.0;
            self.dist[end as usize] = 0.0;
            self.scanned.push(end);
        }
        for &c in &self.scanned {
            let ci = c as usize;
            self.v[ci] += self.dist[ci] - total;
        }
        // Augment along the predecessor chain.
        let mut col = end;
        loop {
            let row = self.pred[col as usize] as usize;
            let previous = self.row_col[row];
            self.row_col[row] = col;
            self.row_cost[row] = self.pred_cost[col as usize];
            self.col_row[col as usize] = row as u32;
            if row == r || previous == NONE {
                break;
            }
            col = previous;
        }
        for &c in &self.scanned {
            let row = self.col_row[c as usize];
            if row != NONE {
                self.u[row as usize] = self.row_cost[row as usize] - self.v[c as usize];
            }
        }
        for &c in self.touched.iter().chain(self.scanned.iter()) {
            let ci = c as usize;
            self.dist[ci] = f64::INFINITY;
            self.pred[ci] = NONE;
            self.done[ci] = false;
        }
        self.touched.clear();
        self.scanned.clear();
    }
}

/// Partner of each unit of the first annotator (a global unit index of the second annotator,
/// or [`NONE`]) and the total (unnormalised) disorder.
pub(crate) fn solve_two(p: &Prepared, g: &Graph, delta: f64) -> (Vec<u32>, f64) {
    let n_left = p.offsets[1];
    let n_right = p.offsets[2] - n_left;
    let cols = n_right + n_left;
    let mut a = Assignment {
        g,
        n_left,
        n_right,
        delta,
        v: vec![0.0; cols],
        u: vec![0.0; n_left],
        col_row: vec![NONE; cols],
        row_col: vec![NONE; n_left],
        row_cost: vec![0.0; n_left],
        dist: vec![f64::INFINITY; cols],
        pred: vec![NONE; cols],
        pred_cost: vec![0.0; cols],
        done: vec![false; cols],
        touched: Vec::new(),
        scanned: Vec::new(),
        heap: BinaryHeap::new(),
    };
    for r in 0..n_left {
        a.add_row(r);
    }
    let mut partner = vec![NONE; n_left];
    let mut total = 0.0;
    let mut matched_right = 0usize;
    for (r, slot) in partner.iter_mut().enumerate() {
        let c = a.row_col[r];
        if c != NONE && (c as usize) < n_right {
            *slot = (n_left + c as usize) as u32;
            total += a.row_cost[r] + 2.0 * delta;
            matched_right += 1;
        } else {
            total += delta;
        }
    }
    total += (n_right - matched_right) as f64 * delta;
    (partner, total)
}
