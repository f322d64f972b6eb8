//! A continuum prepared for the solvers: the valid units of every annotator in one array, and
//! the sparse graph of the pairs that may share a unitary alignment.
//!
//! Design choices:
//! - Units are flattened annotator by annotator (`offsets`), so a unit is a `u32` index and
//!   per-unit data lives in plain vectors.
//! - The graph is built by sort-and-sweep: units sorted by midpoint; since
//!   `|s1 - s2| + |e1 - e2| >= 2 |m1 - m2|`, a pair can only be under the pruning bound when
//!   `2 |m1 - m2| < k (l1 + l2) <= k (l1 + l_max)`, so the sweep from a unit stops at the first
//!   midpoint past `m1 + k (l1 + l_max) / 2` and computes the exact dissimilarity only inside that
//!   window. Edges go into a CSR adjacency sorted by neighbour, searched by bisection.
//! - Connected components of that graph are independent sub-problems
//!   ([`crate::dissimilarity`] explains why).

use crate::dissimilarity::{Dissimilarity, Seg};

pub(crate) const NONE: u32 = u32::MAX;

/// The valid units of a continuum, annotator by annotator.
#[derive(Clone, Debug, Default)]
pub(crate) struct Prepared {
    pub annotators: usize,
    pub segs: Vec<Seg>,
    pub owner: Vec<u32>,
    /// Annotator `a` owns `segs[offsets[a]..offsets[a + 1]]`.
    pub offsets: Vec<usize>,
}

impl Prepared {
    pub fn from_groups(groups: &[Vec<Seg>]) -> Prepared {
        let mut p = Prepared { annotators: groups.len(), ..Prepared::default() };
        p.offsets.push(0);
        for (a, g) in groups.iter().enumerate() {
            p.segs.extend_from_slice(g);
            p.owner.extend(std::iter::repeat_n(a as u32, g.len()));
            p.offsets.push(p.segs.len());
        }
        p
    }

    pub fn len(&self) -> usize {
        self.segs.len()
    }

    /// pygamma's `avg_num_annotations_per_annotator`.
    pub fn avg_units(&self) -> f64 {
        self.segs.len() as f64 / self.annotators as f64
    }
}

/// Pairs of units of different annotators whose dissimilarity is under the pruning bound.
#[derive(Clone, Debug, Default)]
pub(crate) struct Graph {
    start: Vec<usize>,
    neighbours: Vec<u32>,
    dissim: Vec<f64>,
}

impl Graph {
    pub fn build(p: &Prepared, d: &Dissimilarity<'_>, bound: f64) -> Graph {
        let n = p.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        let mid = |i: u32| {
            let s = &p.segs[i as usize];
            (s.start + s.end) * 0.5
        };
        order.sort_by(|&a, &b| mid(a).total_cmp(&mid(b)).then(a.cmp(&b)));
        let l_max = p.segs.iter().map(|s| s.end - s.start).fold(0.0, f64::max);
        let k = d.ratio_limit(bound) * (1.0 + 1e-9);
        let mut edges: Vec<(u32, u32, f64)> = Vec::new();
        for (x, &u) in order.iter().enumerate() {
            let su = &p.segs[u as usize];
            let reach = mid(u) + k * ((su.end - su.start) + l_max) * 0.5;
            for &v in &order[x + 1..] {
                if mid(v) > reach {
                    break;
                }
                if p.owner[u as usize] == p.owner[v as usize] {
                    continue;
                }
                let dv = d.combined(su, &p.segs[v as usize]);
                if dv < bound {
                    edges.push((u, v, dv));
                }
            }
        }
        let mut degree = vec![0usize; n + 1];
        for &(u, v, _) in &edges {
            degree[u as usize] += 1;
            degree[v as usize] += 1;
        }
        let mut start = vec![0usize; n + 1];
        for i in 0..n {
            start[i + 1] = start[i] + degree[i];
        }
        let mut fill = start.clone();
        let mut neighbours = vec![0u32; start[n]];
        let mut dissim = vec![0.0f64; start[n]];
        for &(u, v, dv) in &edges {
            for (a, b) in [(u, v), (v, u)] {
                let at = fill[a as usize];
                neighbours[at] = b;
                dissim[at] = dv;
                fill[a as usize] += 1;
            }
        }
        let mut g = Graph { start, neighbours, dissim };
        for i in 0..n {
            let (lo, hi) = (g.start[i], g.start[i + 1]);
            let mut pairs: Vec<(u32, f64)> = (lo..hi).map(|x| (g.neighbours[x], g.dissim[x])).collect();
            pairs.sort_by_key(|&(v, _)| v);
            for (x, (v, dv)) in (lo..hi).zip(pairs) {
                g.neighbours[x] = v;
                g.dissim[x] = dv;
            }
        }
        g
    }

    /// Neighbours of `u` (ascending) with their dissimilarities.
    #[inline]
    pub fn adjacent(&self, u: u32) -> (&[u32], &[f64]) {
        let (lo, hi) = (self.start[u as usize], self.start[u as usize + 1]);
        (&self.neighbours[lo..hi], &self.dissim[lo..hi])
    }

    /// The dissimilarity of an edge, if `u` and `v` are adjacent.
    #[inline]
    pub fn edge(&self, u: u32, v: u32) -> Option<f64> {
        let (ns, ds) = self.adjacent(u);
        ns.binary_search(&v).ok().map(|x| ds[x])
    }

    /// Connected components, each as a list of units, in order of their smallest unit.
    pub fn components(&self, n: usize) -> Vec<Vec<u32>> {
        let mut comp = vec![NONE; n];
        let mut out: Vec<Vec<u32>> = Vec::new();
        let mut stack: Vec<u32> = Vec::new();
        for s in 0..n as u32 {
            if comp[s as usize] != NONE {
                continue;
            }
            let id = out.len() as u32;
            comp[s as usize] = id;
            let mut members = vec![s];
            stack.push(s);
            while let Some(u) = stack.pop() {
                for &v in self.adjacent(u).0 {
                    if comp[v as usize] == NONE {
                        comp[v as usize] = id;
                        members.push(v);
                        stack.push(v);
                    }
                }
            }
            out.push(members);
        }
        out
    }
}

/// Unitary alignments as lists of global unit indices, flat.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tuples {
    members: Vec<u32>,
    ends: Vec<usize>,
}

impl Tuples {
    pub fn push(&mut self, members: impl IntoIterator<Item = u32>) {
        self.members.extend(members);
        self.ends.push(self.members.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u32]> + '_ {
        (0..self.ends.len()).map(|x| {
            let lo = if x == 0 { 0 } else { self.ends[x - 1] };
            &self.members[lo..self.ends[x]]
        })
    }
}
