//! Candidate unitary alignments of a component, enumerated from the pruning graph: cliques
//! with at most one unit per annotator that no split can beat (module docs of
//! [`crate::frontier`]), grouped by their first unit in position order.

use crate::budget::{MAX_CANDIDATES, Meter};
use crate::continuum::{Graph, Prepared};
use crate::dissimilarity::tuple_disorder;

/// Candidate unitary alignments of one component, grouped by their first (local) unit.
pub(super) struct Candidates {
    /// `first[i]..first[i + 1]` are the candidates starting at local unit `i`.
    pub(super) first: Vec<usize>,
    pub(super) cost: Vec<f64>,
    /// Members (local indices) of candidate `c`: `members[member_at[c]..member_at[c + 1]]`.
    pub(super) member_at: Vec<usize>,
    pub(super) members: Vec<u32>,
    pub(super) span: usize,
}

pub(super) struct Enumerator<'a, 'm> {
    pub(super) p: &'a Prepared,
    pub(super) meter: &'a mut Meter<'m>,
    /// Set once the budget or [`MAX_CANDIDATES`] is passed.
    pub(super) stopped: bool,
    /// Steps one edge lookup counts: a bisection over the largest adjacency, times `scale`.
    pub(super) edge_cost: u64,
    /// `1 + n / 32` for `n` annotators: with more, the pair table and the adjacency leave the
    /// cache and each access costs more (measured: about 3 times at 300 annotators).
    pub(super) scale: u64,
    pub(super) g: &'a Graph,
    pub(super) n: usize,
    pub(super) delta: f64,
    pub(super) local_of: &'a [u32],
    /// Current members (global) and their pairwise dissimilarities (`k x n` rows).
    pub(super) stack: Vec<u32>,
    pub(super) pair: Vec<f64>,
    pub(super) used: Vec<bool>,
    pub(super) cand: Vec<(u32, u32, f64)>,
}

impl Enumerator<'_, '_> {
    fn emit(&self, out: &mut Candidates) {
        let k = self.stack.len();
        let n = self.n;
        let c = (n * (n - 1) / 2) as f64;
        let mut sum = 0.0;
        for x in 0..k {
            let row: f64 = (0..k).map(|y| self.pair[x * n + y]).sum();
            if k >= 2 && row >= (k as f64 - 1.0 + c) * self.delta * (1.0 + 1e-9) + 1e-12 {
                return;
            }
            sum += row;
        }
        sum *= 0.5;
        let cost = tuple_disorder(sum, k, n, self.delta);
        if k >= 2 && cost >= k as f64 * self.delta * (1.0 + 1e-9) + 1e-12 {
            return;
        }
        out.cost.push(cost);
        let base = self.local_of[self.stack[0] as usize] as usize;
        for &m in &self.stack {
            let l = self.local_of[m as usize];
            out.span = out.span.max(l as usize - base);
            out.members.push(l);
        }
        out.member_at.push(out.members.len());
    }

    /// Extends the current clique with candidates from `from` on.
    fn extend(&mut self, from: usize, out: &mut Candidates) {
        self.emit(out);
        // emit's pair sums.
        let k = self.stack.len() as u64;
        if !self.meter.spend(k * k * self.scale) || out.cost.len() > MAX_CANDIDATES {
            self.stopped = true;
        }
        if self.stopped || self.stack.len() == self.n {
            return;
        }
        let n = self.n;
        for x in from..self.cand.len() {
            let (v, owner, d0) = self.cand[x];
            if !self.meter.spend(self.scale) {
                self.stopped = true;
                return;
            }
            if self.used[owner as usize] {
                continue;
            }
            let k = self.stack.len();
            let mut ok = true;
            self.pair[k * n] = d0;
            self.pair[k] = d0;
            let mut lookups = 0;
            for y in 1..k {
                lookups += 1;
                match self.g.edge(v, self.stack[y]) {
                    Some(dv) => {
                        self.pair[k * n + y] = dv;
                        self.pair[y * n + k] = dv;
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !self.meter.spend(lookups * self.edge_cost) {
                self.stopped = true;
                return;
            }
            if !ok {
                continue;
            }
            self.pair[k * n + k] = 0.0;
            self.stack.push(v);
            self.used[owner as usize] = true;
            self.extend(x + 1, out);
            self.used[owner as usize] = false;
            self.stack.pop();
        }
    }

    pub(super) fn all(&mut self, units: &[u32]) -> Option<Candidates> {
        let mut out = Candidates { first: vec![0], cost: Vec::new(), member_at: vec![0], members: Vec::new(), span: 0 };
        for (i, &gi) in units.iter().enumerate() {
            let (ns, ds) = self.g.adjacent(gi);
            if !self.meter.spend(ns.len() as u64 * self.edge_cost) {
                return None;
            }
            self.cand.clear();
            for (&v, &dv) in ns.iter().zip(ds) {
                if self.local_of[v as usize] as usize > i {
                    self.cand.push((v, self.p.owner[v as usize], dv));
                }
            }
            self.cand.sort_by_key(|&(v, _, _)| self.local_of[v as usize]);
            self.stack.clear();
            self.stack.push(gi);
            self.pair[0] = 0.0;
            let owner = self.p.owner[gi as usize] as usize;
            self.used[owner] = true;
            self.extend(0, &mut out);
            self.used[owner] = false;
            out.first.push(out.cost.len());
            if self.stopped {
                return None;
            }
        }
        Some(out)
    }
}
