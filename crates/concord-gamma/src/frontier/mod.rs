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
//! 3. The search is pruned by bounds ([`bounds`]): each unit's share of a lower bound on
//!    what covering it costs (raised by dual ascent on the set-partitioning programme), and an
//!    upper bound from a greedy partition improved by a narrow beam run of the same programme
//!    (tightened only on pieces the plain run does not finish quickly, [`programme`]).
//!    A state whose cost plus the shares of the units it still has to cover passes the upper
//!    bound is dropped; each unit's candidates are tried in order of what they add to that
//!    sum, so the first one past the bound ends the loop. Bounds never remove an optimal
//!    alignment, so the optimum is exact; when several alignments are optimal, which one is
//!    kept (γ-cat and γ-k read it) is deterministic but follows the pruning.
//!
//! The number of states is what this costs; on sequential annotation (spans mostly following
//! one another, as in text) it stays in the tens. Many raters on the same words make it
//! exponential (every subset of their units is a candidate): [`crate::certificate`] first tries
//! a greedy alignment proved optimal by a lower bound, and every step here is counted against
//! [`crate::budget`] (each edge lookup weighted by its bisection depth and, past 32
//! annotators, by the pair table's size), so a piece past it is refused, never approximated.

mod bounds;
mod candidates;
mod programme;
mod state;

use crate::budget::Meter;
use crate::continuum::{Graph, Prepared, Tuples};

use candidates::Enumerator;
use state::Wide;

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
    let (cost, chosen) =
        if c.span < 128 { programme::solve::<u128>(&c, m, meter)? } else { programme::solve::<Wide>(&c, m, meter)? };
    for x in chosen {
        let ms = &c.members[c.member_at[x as usize]..c.member_at[x as usize + 1]];
        tuples.push(ms.iter().map(|&l| units[l as usize]));
    }
    Some(cost)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::budget::Budget;
    use crate::dissimilarity::{Dissimilarity, Params, Seg};

    /// Annotators laid out as the chance sampler lays them (each a chain of units with gaps
    /// that may be negative), dense enough for pieces of sixteen units and more.
    fn chains() -> impl Strategy<Value = Vec<Vec<Seg>>> {
        let unit = (-2i32..8, 2u32..10, 0u32..3);
        prop::collection::vec(prop::collection::vec(unit, 3..=6), 4..=5).prop_map(|raters| {
            raters
                .into_iter()
                .map(|units| {
                    let mut end = 0.0f64;
                    units
                        .into_iter()
                        .map(|(gap, len, label)| {
                            let start = (end + gap as f64).max(0.0);
                            end = start + len as f64;
                            Seg { start, end, label }
                        })
                        .collect()
                })
                .collect()
        })
    }

    /// The optimum of every piece of sixteen units or more, with the bounds tightened and not
    /// (a piece the untightened programme cannot finish is left out).
    fn optima(groups: &[Vec<Seg>], params: &Params) -> Vec<(f64, f64)> {
        let p = Prepared::from_groups(groups);
        let d = Dissimilarity::new(params);
        let g = Graph::build(&p, &d, d.pair_bound(p.annotators));
        let budget = Budget::new(u64::MAX / 2);
        let mut local_of = vec![0u32; p.len()];
        let mut out = Vec::new();
        for mut comp in g.components(p.len()).into_iter().filter(|c| c.len() >= 16) {
            comp.sort_by(|&a, &b| {
                let (sa, sb) = (&p.segs[a as usize], &p.segs[b as usize]);
                sa.start.total_cmp(&sb.start).then(sa.end.total_cmp(&sb.end)).then(a.cmp(&b))
            });
            for (l, &u) in comp.iter().enumerate() {
                local_of[u as usize] = l as u32;
            }
            let scale = 1 + p.annotators as u64 / 32;
            let mut meter = budget.meter();
            let mut e = Enumerator {
                p: &p,
                meter: &mut meter,
                stopped: false,
                edge_cost: scale,
                scale,
                g: &g,
                n: p.annotators,
                delta: d.delta,
                local_of: &local_of,
                stack: Vec::new(),
                pair: vec![0.0; p.annotators * p.annotators],
                used: vec![false; p.annotators],
                cand: Vec::new(),
            };
            let Some(c) = e.all(&comp) else { continue };
            let m = comp.len();
            let mut meter = budget.meter();
            let Some(plain) = programme::solve_tuned::<Wide>(&c, m, &mut meter, false) else { continue };
            let tight = programme::solve_tuned::<Wide>(&c, m, &mut meter, true).expect("within the limits");
            out.push((tight.0, plain.0));
        }
        out
    }

    proptest! {
        #![proptest_config(concord_testkit::proptest_config(200))]

        /// Raising the lower bounds and taking the beam's upper bound never change the optimum.
        #[test]
        fn bounds_keep_the_optimum(groups in chains(), delta in prop::sample::select(vec![0.5, 1.0, 2.0])) {
            let params = Params { delta_empty: delta, ..Params::default() };
            for (tight, plain) in optima(&groups, &params) {
                prop_assert!((tight - plain).abs() <= 1e-9 * (1.0 + plain.abs()), "{tight} vs {plain}");
            }
        }
    }

    #[test]
    fn the_strategy_makes_pieces_for_the_bounds() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let pieces: usize = (0..48usize)
            .map(|_| {
                let tree = chains().new_tree(&mut runner).expect("a value");
                optima(&proptest::strategy::ValueTree::current(&tree), &Params::default()).len()
            })
            .sum();
        assert!(pieces >= 40, "{pieces} pieces of 16 units or more");
    }
}
