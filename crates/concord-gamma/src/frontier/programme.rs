//! The dynamic programme over a component's units in position order (module docs of
//! [`crate::frontier`]): one layer of states per unit, the cheapest entry per state with a back
//! pointer, pruned by [`super::bounds`].

use std::collections::HashMap;

use crate::budget::{MAX_ENTRIES, Meter};
use crate::continuum::NONE;

use super::bounds;
use super::candidates::Candidates;
use super::state::{Frontier, FxBuild};

/// Pieces with fewer units skip the bound-raising passes and the beam: the programme alone is
/// faster on them.
const MIN_UNITS_FOR_BOUNDS: usize = 16;

/// Coordinate-ascent passes over the shares (alternating direction).
const ASCENT_PASSES: usize = 3;

/// States kept per step by the beam run that gives the upper bound.
const BEAM_WIDTH: usize = 16;

#[derive(Clone, Copy, Debug)]
struct Entry {
    cost: f64,
    /// Sum of the shares of the covered units ahead (the state's bits).
    covered: f64,
    parent: u32,
    candidate: u32,
}

/// The optimum and its candidates, or `None` past the budget.
pub(super) fn solve<F: Frontier>(c: &Candidates, m: usize, meter: &mut Meter<'_>) -> Option<(f64, Vec<u32>)> {
    solve_tuned::<F>(c, m, meter, m >= MIN_UNITS_FOR_BOUNDS)
}

/// [`solve`], raising the bounds and running the beam first or not (`tighten`).
pub(super) fn solve_tuned<F: Frontier>(
    c: &Candidates,
    m: usize,
    meter: &mut Meter<'_>,
    tighten: bool,
) -> Option<(f64, Vec<u32>)> {
    let (mut share, mut upper) = bounds::first(c, m);
    if tighten && !bounds::raise(c, m, &mut share, ASCENT_PASSES, meter) {
        return None;
    }
    let masks: Vec<F> = (0..c.cost.len())
        .map(|x| {
            let ms = &c.members[c.member_at[x]..c.member_at[x + 1]];
            let base = ms[0] as usize;
            let offsets: Vec<usize> = ms.iter().map(|&l| l as usize - base).collect();
            F::from_offsets(&offsets)
        })
        .collect();
    if tighten && let Some((beam, _)) = layered(c, m, &share, &masks, upper, Some(BEAM_WIDTH), meter)? {
        upper = upper.min(beam);
    }
    match layered(c, m, &share, &masks, upper, None, meter)? {
        Some(best) => Some(best),
        // The greedy partition is within `upper`, so this is rounding at worst: search unbounded.
        None => layered(c, m, &share, &masks, f64::INFINITY, None, meter)?,
    }
}

/// The programme keeping the states whose cost plus the shares of the units they still have to
/// cover stays within `upper`; with `beam`, only that many states per step (the cheapest by
/// that sum), which gives an alignment, not necessarily the best. `None` past the budget;
/// `Some(None)` when no alignment is within `upper`.
fn layered<F: Frontier>(
    c: &Candidates,
    m: usize,
    share: &[f64],
    masks: &[F],
    upper: f64,
    beam: Option<usize>,
    meter: &mut Meter<'_>,
) -> Option<Option<(f64, Vec<u32>)>> {
    // suffix[i]: shares of units i.. ; a state at step i still has to pay
    // suffix[i] - covered at least.
    let mut suffix = vec![0.0; m + 1];
    for i in (0..m).rev() {
        suffix[i] = suffix[i + 1] + share[i];
    }
    let limit = upper + 1e-9 * (1.0 + upper.abs());
    let ahead: Vec<f64> = (0..c.cost.len())
        .map(|x| c.members[c.member_at[x] + 1..c.member_at[x + 1]].iter().map(|&l| share[l as usize]).sum())
        .collect();
    // What a candidate adds to a state's bound, and each unit's candidates in that order.
    let key: Vec<f64> = (0..c.cost.len()).map(|x| c.cost[x] - ahead[x]).collect();
    let mut by_key: Vec<u32> = (0..c.cost.len() as u32).collect();
    for i in 0..m {
        by_key[c.first[i]..c.first[i + 1]]
            .sort_by(|&a, &b| key[a as usize].total_cmp(&key[b as usize]).then(a.cmp(&b)));
    }
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
        let rest = suffix[i + 1];
        for (ei, (state, e)) in states.iter().zip(cur).enumerate() {
            if !meter.spend(1) || entries + next.len() > MAX_ENTRIES {
                return None;
            }
            if state.first() {
                let entry = Entry { cost: e.cost, covered: e.covered - share[i], parent: ei as u32, candidate: NONE };
                push(state.shifted(), entry, &mut next_states, &mut next);
                continue;
            }
            // Past the limit with one candidate, past it with every later one.
            let base = e.cost + rest - e.covered;
            let mut tried = 0;
            for &x in &by_key[c.first[i]..c.first[i + 1]] {
                let x = x as usize;
                tried += 1;
                if base + key[x] > limit {
                    break;
                }
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
            if !meter.spend(tried) {
                return None;
            }
        }
        if let Some(width) = beam
            && next.len() > width
        {
            let bound = |e: &Entry| e.cost - e.covered;
            let mut order: Vec<u32> = (0..next.len() as u32).collect();
            order.select_nth_unstable_by(width, |&a, &b| {
                bound(&next[a as usize]).total_cmp(&bound(&next[b as usize])).then(a.cmp(&b))
            });
            order.truncate(width);
            order.sort_unstable();
            next_states = order.iter().map(|&x| next_states[x as usize].clone()).collect();
            next = order.iter().map(|&x| next[x as usize]).collect();
        }
        entries += next.len();
        if entries > MAX_ENTRIES {
            return None;
        }
        states = next_states;
        layers.push(next);
    }
    let Some(last) = layers[m].first().copied() else {
        return Some(None);
    };
    let mut chosen = Vec::new();
    let mut entry = last;
    for i in (0..m).rev() {
        if entry.candidate != NONE {
            chosen.push(entry.candidate);
        }
        entry = *layers[i].get(entry.parent as usize)?;
    }
    Some(Some((last.cost, chosen)))
}
