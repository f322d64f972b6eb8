//! Exact best alignment for three or more annotators: a dynamic programme over the units of a
//! component in position order, whose state is the set of units ahead already covered.
//!
//! pygamma solves a set-partitioning integer programme over every candidate unitary alignment
//! (all `prod (p_i + 1)` tuples, filtered). Here:
//!
//! 1. Candidate unitary alignments are enumerated per component from the pruning graph only:
//!    cliques with at most one unit per annotator, kept if no split can do as well
//!    (`cost(T) < k delta_empty`, and for each unit the sum of its dissimilarities to the others
//!    `< (k - 1 + C) delta_empty`, see [`crate::dissimilarity`]). Some optimal alignment uses
//!    only such candidates, so the optimum is unchanged.
//! 2. Units of the component are sorted by `(start, end)`. Processing unit `i`: if a candidate
//!    chosen earlier covers it, move on; otherwise choose a candidate whose first unit is `i`
//!    and which avoids the units already covered. The state is the bit set of covered units at
//!    or after `i`; it is short because candidates are local (a `u128` window, or a growable bit
//!    set if some candidate spans 128 units or more). Each step keeps the cheapest cost per
//!    state with a back pointer, so the optimum and one optimal alignment come out exactly.
//!
//! The number of states is what this costs; on sequential annotation (spans mostly following
//! one another, as in text) it stays in the tens. Many raters on the same words make it
//! exponential (every subset of their units is a candidate): [`crate::certificate`] first tries
//! a greedy alignment proved optimal by a lower bound, and every step here is counted against
//! [`crate::budget`] (each edge lookup weighted by its bisection depth and, past 32
//! annotators, by the pair table's size), so a piece past it is refused, never approximated.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::budget::{MAX_CANDIDATES, MAX_ENTRIES, Meter};
use crate::continuum::{Graph, NONE, Prepared, Tuples};
use crate::dissimilarity::tuple_disorder;

/// FxHash-style hasher for the small integer keys of the programme.
#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u128(&mut self, x: u128) {
        self.write_u64(x as u64);
        self.write_u64((x >> 64) as u64);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

type FxBuild = BuildHasherDefault<FxHasher>;

/// The set of covered units at or after the current one, bit 0 being the current unit.
trait Frontier: Clone + Eq + Hash {
    fn empty() -> Self;
    fn from_offsets(offsets: &[usize]) -> Self;
    fn first(&self) -> bool;
    fn shifted(&self) -> Self;
    fn disjoint(&self, other: &Self) -> bool;
    fn union_shifted(&self, other: &Self) -> Self;
}

impl Frontier for u128 {
    fn empty() -> u128 {
        0
    }
    fn from_offsets(offsets: &[usize]) -> u128 {
        offsets.iter().fold(0, |m, &o| m | (1u128 << o))
    }
    fn first(&self) -> bool {
        self & 1 == 1
    }
    fn shifted(&self) -> u128 {
        self >> 1
    }
    fn disjoint(&self, other: &u128) -> bool {
        self & other == 0
    }
    fn union_shifted(&self, other: &u128) -> u128 {
        (self | other) >> 1
    }
}

/// Growable bit set, for components where a candidate spans 128 units or more.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
struct Wide(Vec<u64>);

impl Wide {
    fn trimmed(mut words: Vec<u64>) -> Wide {
        while words.last() == Some(&0) {
            words.pop();
        }
        Wide(words)
    }
}

impl Frontier for Wide {
    fn empty() -> Wide {
        Wide(Vec::new())
    }
    fn from_offsets(offsets: &[usize]) -> Wide {
        let mut words = vec![0u64; offsets.iter().max().map_or(0, |m| m / 64 + 1)];
        for &o in offsets {
            words[o / 64] |= 1 << (o % 64);
        }
        Wide::trimmed(words)
    }
    fn first(&self) -> bool {
        self.0.first().is_some_and(|w| w & 1 == 1)
    }
    fn shifted(&self) -> Wide {
        let w = &self.0;
        let words = (0..w.len()).map(|x| (w[x] >> 1) | w.get(x + 1).map_or(0, |n| n << 63)).collect();
        Wide::trimmed(words)
    }
    fn disjoint(&self, other: &Wide) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & b == 0)
    }
    fn union_shifted(&self, other: &Wide) -> Wide {
        let len = self.0.len().max(other.0.len());
        let words = (0..len).map(|x| self.0.get(x).copied().unwrap_or(0) | other.0.get(x).copied().unwrap_or(0));
        Wide(words.collect()).shifted()
    }
}

/// Candidate unitary alignments of one component, grouped by their first (local) unit.
struct Candidates {
    /// `first[i]..first[i + 1]` are the candidates starting at local unit `i`.
    first: Vec<usize>,
    cost: Vec<f64>,
    /// Members (local indices) of candidate `c`: `members[member_at[c]..member_at[c + 1]]`.
    member_at: Vec<usize>,
    members: Vec<u32>,
    span: usize,
}

struct Enumerator<'a, 'm> {
    p: &'a Prepared,
    meter: &'a mut Meter<'m>,
    /// Set once the budget or [`MAX_CANDIDATES`] is passed.
    stopped: bool,
    /// Steps one edge lookup counts: a bisection over the largest adjacency, times `scale`.
    edge_cost: u64,
    /// `1 + n / 32` for `n` annotators: with more, the pair table and the adjacency leave the
    /// cache and each access costs more (measured: about 3 times at 300 annotators).
    scale: u64,
    g: &'a Graph,
    n: usize,
    delta: f64,
    local_of: &'a [u32],
    /// Current members (global) and their pairwise dissimilarities (`k x n` rows).
    stack: Vec<u32>,
    pair: Vec<f64>,
    used: Vec<bool>,
    cand: Vec<(u32, u32, f64)>,
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

    fn all(&mut self, units: &[u32]) -> Option<Candidates> {
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

#[derive(Clone, Copy, Debug)]
struct Entry {
    cost: f64,
    /// Sum of the shares of the covered units ahead (the state's bits).
    covered: f64,
    parent: u32,
    candidate: u32,
}

/// Lower bounds: `share[u]`, the least `cost(T) / |T|` over the candidates `T` holding `u`
/// (every unitary alignment's cost is the sum of its units' shares at least), and an upper
/// bound from a greedy partition (cheapest share first).
fn bounds(c: &Candidates, m: usize) -> (Vec<f64>, f64) {
    let mut share = vec![f64::INFINITY; m];
    let mut order: Vec<(f64, u32)> = Vec::with_capacity(c.cost.len());
    for x in 0..c.cost.len() {
        let ms = &c.members[c.member_at[x]..c.member_at[x + 1]];
        let per = c.cost[x] / ms.len() as f64;
        for &l in ms {
            share[l as usize] = share[l as usize].min(per);
        }
        order.push((per, x as u32));
    }
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut taken = vec![false; m];
    let mut upper = 0.0;
    for (_, x) in order {
        let ms = &c.members[c.member_at[x as usize]..c.member_at[x as usize + 1]];
        if ms.iter().all(|&l| !taken[l as usize]) {
            for &l in ms {
                taken[l as usize] = true;
            }
            upper += c.cost[x as usize];
        }
    }
    (share, upper)
}

/// The optimum and its candidates, or `None` past the budget.
fn programme<F: Frontier>(c: &Candidates, m: usize, meter: &mut Meter<'_>) -> Option<(f64, Vec<u32>)> {
    let (share, upper) = bounds(c, m);
    // suffix[i]: shares of units i.. ; a state at step i still has to pay
    // suffix[i] - covered at least.
    let mut suffix = vec![0.0; m + 1];
    for i in (0..m).rev() {
        suffix[i] = suffix[i + 1] + share[i];
    }
    let limit = upper + 1e-9 * (1.0 + upper.abs());
    let masks: Vec<F> = (0..c.cost.len())
        .map(|x| {
            let ms = &c.members[c.member_at[x]..c.member_at[x + 1]];
            let base = ms[0] as usize;
            let offsets: Vec<usize> = ms.iter().map(|&l| l as usize - base).collect();
            F::from_offsets(&offsets)
        })
        .collect();
    let ahead: Vec<f64> = (0..c.cost.len())
        .map(|x| c.members[c.member_at[x] + 1..c.member_at[x + 1]].iter().map(|&l| share[l as usize]).sum())
        .collect();
    let mut layers: Vec<Vec<Entry>> = Vec::with_capacity(m + 1);
    let mut states: Vec<F> = vec![F::empty()];
    layers.push(vec![Entry { cost: 0.0, covered: 0.0, parent: NONE, candidate: NONE }]);
    let mut index: HashMap<F, usize, FxBuild> = HashMap::default();
    let mut entries = 1usize;
    for i in 0..m {
        let mut next_states: Vec<F> = Vec::new();
        let mut next: Vec<Entry> = Vec::new();
        index.clear();
        let cur = &layers[i];
        let mut push = |state: F, entry: Entry, next_states: &mut Vec<F>, next: &mut Vec<Entry>| {
            if entry.cost + (suffix[i + 1] - entry.covered) > limit {
                return;
            }
            match index.get(&state) {
                Some(&at) => {
                    if entry.cost < next[at].cost {
                        next[at] = entry;
                    }
                }
                None => {
                    index.insert(state.clone(), next.len());
                    next_states.push(state);
                    next.push(entry);
                }
            }
        };
        // Each state tries every candidate starting here.
        let tries = 1 + (c.first[i + 1] - c.first[i]) as u64;
        for (ei, (state, e)) in states.iter().zip(cur).enumerate() {
            if !meter.spend(tries) || entries + next.len() > MAX_ENTRIES {
                return None;
            }
            if state.first() {
                let entry = Entry { cost: e.cost, covered: e.covered - share[i], parent: ei as u32, candidate: NONE };
                push(state.shifted(), entry, &mut next_states, &mut next);
                continue;
            }
            for x in c.first[i]..c.first[i + 1] {
                if state.disjoint(&masks[x]) {
                    let entry = Entry {
                        cost: e.cost + c.cost[x],
                        covered: e.covered + ahead[x],
                        parent: ei as u32,
                        candidate: x as u32,
                    };
                    push(state.union_shifted(&masks[x]), entry, &mut next_states, &mut next);
                }
            }
        }
        entries += next.len();
        if entries > MAX_ENTRIES {
            return None;
        }
        states = next_states;
        layers.push(next);
    }
    let last = layers[m].first().copied()?;
    let mut chosen = Vec::new();
    let mut entry = last;
    for i in (0..m).rev() {
        if entry.candidate != NONE {
            chosen.push(entry.candidate);
        }
        entry = *layers[i].get(entry.parent as usize)?;
    }
    Some((last.cost, chosen))
}

/// Solves one component (global unit indices); appends its unitary alignments (global
/// indices) to `tuples` and returns its total disorder, or `None` if the component is past the
/// budget ([`crate::budget`]).
pub(crate) fn solve_component(
    p: &Prepared,
    g: &Graph,
    delta: f64,
    units: &mut [u32],
    local_of: &mut [u32],
    tuples: &mut Tuples,
    meter: &mut Meter<'_>,
) -> Option<f64> {
    units.sort_by(|&a, &b| {
        let (sa, sb) = (&p.segs[a as usize], &p.segs[b as usize]);
        sa.start.total_cmp(&sb.start).then(sa.end.total_cmp(&sb.end)).then(a.cmp(&b))
    });
    for (l, &u) in units.iter().enumerate() {
        local_of[u as usize] = l as u32;
    }
    if let Some((cost, groups)) = crate::certificate::certify(p, g, delta, units, local_of, meter) {
        // The programme's order: last first unit first.
        for members in groups.iter().rev() {
            tuples.push(members.iter().copied());
        }
        return Some(cost);
    }
    if meter.exhausted() {
        return None;
    }
    programme_component(p, g, delta, units, local_of, tuples, meter)
}

/// The dynamic programme on a component already in local order (`local_of` set).
pub(crate) fn programme_component(
    p: &Prepared,
    g: &Graph,
    delta: f64,
    units: &[u32],
    local_of: &[u32],
    tuples: &mut Tuples,
    meter: &mut Meter<'_>,
) -> Option<f64> {
    let n = p.annotators;
    let degree = units.iter().map(|&u| g.adjacent(u).0.len()).max().unwrap_or(0);
    let scale = 1 + n as u64 / 32;
    let mut e = Enumerator {
        p,
        meter: &mut *meter,
        stopped: false,
        edge_cost: (1 + u64::from(usize::BITS - degree.leading_zeros())) * scale,
        scale,
        g,
        n,
        delta,
        local_of,
        stack: Vec::with_capacity(n),
        pair: vec![0.0; n * n],
        used: vec![false; n],
        cand: Vec::new(),
    };
    let c = e.all(units)?;
    let m = units.len();
    let (cost, chosen) = if c.span < 128 { programme::<u128>(&c, m, meter)? } else { programme::<Wide>(&c, m, meter)? };
    for x in chosen {
        let ms = &c.members[c.member_at[x as usize]..c.member_at[x as usize + 1]];
        tuples.push(ms.iter().map(|&l| units[l as usize]));
    }
    Some(cost)
}
