//! An exact shortcut for dense pieces: a greedy alignment proved optimal by a lower bound.
//!
//! Many raters marking the same few words make a piece of the continuum where nearly every
//! subset of units is a candidate unitary alignment (`2^n` for `n` raters marking one word), so
//! the dynamic programme of [`crate::frontier`] grows exponentially although the answer is
//! plain. This module finds that answer and proves it optimal; when the proof fails, the
//! dynamic programme runs as before.
//!
//! **The bound.** With `n` annotators, `C = n(n-1)/2` and `w(u, v) = d(u, v) - delta_empty`,
//! the disorder of a unitary alignment `T` of `k` units is
//! `(S_T + (C - k(k-1)/2) delta_empty) / C = delta_empty + (1/C) sum_{u<v in T} w(u, v)`
//! (Mathet et al. 2015, section 4.3; pygamma-agreement's `_compute_alignment_disorders`).
//! A unit left unaligned is the case `k = 1` and costs `delta_empty`. Summed over an alignment
//! `Q` of a piece (a partition of its units, at most one unit per annotator in a part):
//!
//! `cost(Q) = delta_empty |Q| + (1/C) sum of w(u, v) over the pairs aligned together.`
//!
//! Two lower bounds follow for every alignment `Q`:
//! - `|Q| >= m`, `m` the most units one annotator has in the piece (they are in distinct parts);
//! - the pairs aligned together between annotators `a` and `b` form a matching (a part holds one
//!   unit of each), so their `w` sum to at least `L_ab = max(sum_{u of a} min(0, min_{v of b}
//!   w(u, v)), the same from b's side)`: only negative `w` can lower it, each unit in one pair.
//!
//! Hence `cost(Q) >= LB = delta_empty m + (1/C) sum_{a<b} L_ab`. If a greedy alignment `P`
//! costs `LB` or less, it is optimal. When every annotator has one unit in the piece (`m = 1`),
//! the only alignment with one part is the whole piece and every other has at least two, so
//! the whole piece is optimal when it costs at most `2 delta_empty + (1/C) sum L_ab`: this
//! holds when a few units disagree with the rest (another label, a distant boundary) but the
//! crowd agrees.
//!
//! The bound only ever decides *whether* to trust the greedy alignment; it never removes a
//! candidate, so whatever it decides the result is an optimal alignment. Rounding: the
//! comparison allows `1e-12` relative, far below the `1e-7` to which pygamma's `float32`
//! disorders agree with ours. The greedy alignment places units in position order, each into
//! the part where it costs least (`sum w / C`) if that is less than opening a part
//! (`delta_empty`), only into parts where it has an edge of the pruning graph to every member
//! and whose annotators it does not repeat. pygamma has no such shortcut: its integer
//! programme is built over every candidate tuple, which is exponential in the raters.
//!
//! Costs are computed exactly as the dynamic programme computes them (the same sums in the
//! same order), so an alignment both find has the same disorder to the last bit.

use std::collections::HashMap;

use crate::budget::Meter;
use crate::continuum::{Graph, Prepared};
use crate::dissimilarity::tuple_disorder;

/// Pieces with more units are left to the dynamic programme (the greedy pass is quadratic).
pub(crate) const MAX_UNITS: usize = 20_000;

/// Pieces with fewer units are left to the dynamic programme, which is fast on them; the
/// shortcut is for the dense pieces that many raters make.
pub(crate) const MIN_UNITS: usize = 3;

/// Disorder of the unitary alignment of `members` (global indices, in the component's local
/// order), summed as [`crate::frontier`] sums it; `None` if two members are not adjacent.
pub(crate) fn clique_cost(g: &Graph, members: &[u32], n: usize, delta: f64) -> Option<f64> {
    let k = members.len();
    let mut sum = 0.0;
    for x in 0..k {
        let mut row = 0.0;
        for y in 0..k {
            row += if x == y { 0.0 } else { g.edge(members[x], members[y])? };
        }
        sum += row;
    }
    sum *= 0.5;
    Some(tuple_disorder(sum, k, n, delta))
}

/// The optimum of a component when the greedy alignment meets the lower bound: its total
/// disorder and unitary alignments (global indices, each in local order, ordered by their
/// first unit). `units` is in local (position) order and `local_of` maps back.
pub(crate) fn certify(
    p: &Prepared,
    g: &Graph,
    delta: f64,
    units: &[u32],
    local_of: &[u32],
    meter: &mut Meter<'_>,
) -> Option<(f64, Vec<Vec<u32>>)> {
    let m = units.len();
    if !(MIN_UNITS..=MAX_UNITS).contains(&m) {
        return None;
    }
    let n = p.annotators;
    let c = (n * (n - 1) / 2) as f64;

    // Lower bound.
    let mut per_owner: HashMap<u32, usize> = HashMap::new();
    let mut least: HashMap<(u32, u32), f64> = HashMap::new();
    for &u in units {
        *per_owner.entry(p.owner[u as usize]).or_default() += 1;
        let (ns, ds) = g.adjacent(u);
        if !meter.spend(ns.len() as u64 + 1) {
            return None;
        }
        for (&v, &dv) in ns.iter().zip(ds) {
            let w = dv - delta;
            if w < 0.0 {
                let slot = least.entry((u, p.owner[v as usize])).or_insert(0.0);
                *slot = slot.min(w);
            }
        }
    }
    let most = per_owner.values().copied().max().unwrap_or(0);
    let mut sides: HashMap<(u32, u32), f64> = HashMap::new();
    let mut keys: Vec<(u32, u32)> = least.keys().copied().collect();
    keys.sort_unstable();
    for (u, b) in keys {
        *sides.entry((p.owner[u as usize], b)).or_insert(0.0) += least[&(u, b)];
    }
    let mut pairs: Vec<(u32, u32)> = sides.keys().copied().filter(|&(a, b)| a < b).collect();
    pairs.sort_unstable();
    let matched: f64 = pairs.iter().map(|&(a, b)| sides[&(a, b)].max(sides.get(&(b, a)).copied().unwrap_or(0.0))).sum();

    // Greedy alignment in position order.
    let mut group_of: Vec<u32> = vec![u32::MAX; m];
    let mut groups: Vec<Vec<u32>> = Vec::new();
    let mut owners: Vec<Vec<u32>> = Vec::new();
    let mut sum: Vec<f64> = Vec::new();
    let mut count: Vec<usize> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    for (l, &u) in units.iter().enumerate() {
        let (ns, ds) = g.adjacent(u);
        if !meter.spend(ns.len() as u64 + 1) {
            return None;
        }
        for (&v, &dv) in ns.iter().zip(ds) {
            let gv = group_of[local_of[v as usize] as usize];
            if gv == u32::MAX {
                continue;
            }
            if count[gv as usize] == 0 {
                touched.push(gv);
            }
            sum[gv as usize] += dv - delta;
            count[gv as usize] += 1;
        }
        let owner = p.owner[u as usize];
        let mut best: Option<(f64, u32)> = None;
        for &gv in &touched {
            let x = gv as usize;
            if count[x] == groups[x].len() && !owners[x].contains(&owner) {
                let cost = sum[x] / c;
                if best.is_none_or(|(b, _)| cost < b) {
                    best = Some((cost, gv));
                }
            }
        }
        for &gv in &touched {
            sum[gv as usize] = 0.0;
            count[gv as usize] = 0;
        }
        touched.clear();
        let gv = match best {
            Some((cost, gv)) if cost < delta => gv,
            _ => {
                groups.push(Vec::new());
                owners.push(Vec::new());
                sum.push(0.0);
                count.push(0);
                (groups.len() - 1) as u32
            }
        };
        groups[gv as usize].push(u);
        owners[gv as usize].push(owner);
        group_of[l] = gv;
    }

    // Groups were opened in position order, so they are ordered by their first unit.
    let mut total = 0.0;
    let mut parts = 0usize;
    for members in &groups {
        if !meter.spend((members.len() * members.len()) as u64) {
            return None;
        }
        total += clique_cost(g, members, n, delta)?;
        parts += 1;
    }
    let tolerance = 1e-12 * (1.0 + total.abs());
    let bound = delta * most as f64 + matched / c;
    let whole = most == 1 && parts == 1 && total <= 2.0 * delta + matched / c + tolerance;
    (total <= bound + tolerance || whole).then_some((total, groups))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::budget::Budget;
    use crate::continuum::Tuples;
    use crate::dissimilarity::{Dissimilarity, Params, Seg};
    use crate::frontier::programme_component;

    /// A crowd marking one or two words with boundary noise; some raters use another label or
    /// mark a word elsewhere.
    fn crowd() -> impl Strategy<Value = Vec<Vec<Seg>>> {
        let rater = prop::collection::vec((0usize..2, -1i32..=1, -1i32..=1, 0u32..6, 0usize..8), 1..=2);
        prop::collection::vec(rater, 3..=9).prop_map(|raters| {
            raters
                .into_iter()
                .map(|marks| {
                    let mut segs: Vec<Seg> = marks
                        .into_iter()
                        .map(|(word, ds, de, label, stray)| {
                            let at = if stray == 0 { 40.0 } else { 10.0 + 8.0 * word as f64 };
                            let start = at + ds as f64;
                            let end = (at + 5.0 + de as f64).max(start + 1.0);
                            Seg { start, end, label: u32::from(label == 0) }
                        })
                        .collect();
                    segs.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.end.total_cmp(&b.end)));
                    segs.dedup();
                    segs
                })
                .collect()
        })
    }

    /// A component's solution: the bits of its disorder and its unitary alignments.
    type Solution = (u64, Vec<Vec<u32>>);

    /// Every component of at least [`MIN_UNITS`] units, by the shortcut (if it answers) and by
    /// the programme.
    fn both(groups: &[Vec<Seg>], params: &Params) -> Vec<(Option<Solution>, Solution)> {
        let p = Prepared::from_groups(groups);
        let d = Dissimilarity::new(params);
        let g = Graph::build(&p, &d, d.pair_bound(p.annotators));
        let budget = Budget::new(u64::MAX / 2);
        let mut out = Vec::new();
        let mut local_of = vec![0u32; p.len()];
        for mut comp in g.components(p.len()).into_iter().filter(|c| c.len() >= MIN_UNITS) {
            comp.sort_by(|&a, &b| {
                let (sa, sb) = (&p.segs[a as usize], &p.segs[b as usize]);
                sa.start.total_cmp(&sb.start).then(sa.end.total_cmp(&sb.end)).then(a.cmp(&b))
            });
            for (l, &u) in comp.iter().enumerate() {
                local_of[u as usize] = l as u32;
            }
            let certified = certify(&p, &g, d.delta, &comp, &local_of, &mut budget.meter())
                .map(|(cost, groups)| (cost.to_bits(), groups.into_iter().rev().collect()));
            let mut tuples = Tuples::default();
            let cost = programme_component(&p, &g, d.delta, &comp, &local_of, &mut tuples, &mut budget.meter())
                .expect("within budget");
            out.push((certified, (cost.to_bits(), tuples.iter().map(<[u32]>::to_vec).collect())));
        }
        out
    }

    proptest! {
        #![proptest_config(concord_testkit::proptest_config(400))]

        /// Whenever the shortcut answers, it gives the programme's alignment and disorder, bit for bit.
        #[test]
        fn certified_equals_the_programme(groups in crowd(), delta in prop::sample::select(vec![0.5, 1.0, 2.0])) {
            let params = Params { delta_empty: delta, ..Params::default() };
            for (certified, programme) in both(&groups, &params) {
                if let Some(certified) = certified {
                    prop_assert_eq!(certified, programme);
                }
            }
        }
    }

    #[test]
    fn a_crowd_that_agrees_is_certified() {
        // Twelve raters on one word, one of them with another label, two with shifted ends.
        let mut groups: Vec<Vec<Seg>> = (0..12).map(|_| vec![Seg { start: 40.0, end: 45.0, label: 0 }]).collect();
        groups[3][0].label = 1;
        groups[5][0].end = 46.0;
        groups[7][0].start = 39.0;
        let results = both(&groups, &Params::default());
        assert_eq!(results.len(), 1);
        let (certified, programme) = &results[0];
        assert_eq!(certified.as_ref(), Some(programme));
        assert_eq!(programme.1.len(), 1, "one unitary alignment of all twelve");
    }
}
