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

/// Dense pieces (this many units or more, and this many candidates per unit) get one pass of
/// ascent before the plain programme: it costs a pass over the candidates' members, and on the
/// crowd project's chance samples it saves more than that (γ's CPU time 5 % less; tried 4, 8,
/// 12 and 16 units, 1–3 passes, 0–16 candidates per unit). Sparse, news-like pieces rarely
/// need it.
const MIN_UNITS_FOR_ONE_PASS: usize = 8;
const CANDIDATES_PER_UNIT_FOR_ONE_PASS: usize = 4;

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

/// Steps the plain programme may take on a piece before it is stopped and the bounds are
/// tightened instead: on sequential annotation it finishes well within them, and tightening
/// would cost more than it saves.
const PLAIN_STEPS: u64 = 20_000;

/// Why a run of the programme stopped without an answer.
enum Stop {
    /// The shared budget or a memory cap ([`crate::budget`]).
    Limits,
    /// The run's own step cap.
    Cap,
}

/// The optimum and its candidates, or `None` past the budget: the plain programme first, and
/// when it passes [`PLAIN_STEPS`] on a piece of [`MIN_UNITS_FOR_BOUNDS`] units or more, again
/// with the bounds tightened.
pub(super) fn solve<F: Frontier>(c: &Candidates, m: usize, meter: &mut Meter<'_>) -> Option<(f64, Vec<u32>)> {
    let cap = (m >= MIN_UNITS_FOR_BOUNDS).then_some(PLAIN_STEPS);
    let (mut share, upper) = bounds::first(c, m);
    let dense = m >= MIN_UNITS_FOR_ONE_PASS && c.cost.len() >= CANDIDATES_PER_UNIT_FOR_ONE_PASS * m;
    if dense && !bounds::raise(c, m, &mut share, 1, meter) {
        return None;
    }
    let masks = masks::<F>(c);
    match exact(c, m, &share, &masks, upper, cap, meter) {
        Ok(best) => Some(best),
        Err(Stop::Limits) => None,
        Err(Stop::Cap) => tightened(c, m, share, &masks, upper, meter),
    }
}

/// [`solve`] with the bounds tightened from the start or never (`tighten`), for tests.
#[cfg(test)]
pub(super) fn solve_tuned<F: Frontier>(
    c: &Candidates,
    m: usize,
    meter: &mut Meter<'_>,
    tighten: bool,
) -> Option<(f64, Vec<u32>)> {
    let (share, upper) = bounds::first(c, m);
    let masks = masks::<F>(c);
    if tighten {
        tightened(c, m, share, &masks, upper, meter)
    } else {
        exact(c, m, &share, &masks, upper, None, meter).ok()
    }
}

fn masks<F: Frontier>(c: &Candidates) -> Vec<F> {
    (0..c.cost.len())
        .map(|x| {
            let ms = &c.members[c.member_at[x]..c.member_at[x + 1]];
            let base = ms[0] as usize;
            let offsets: Vec<usize> = ms.iter().map(|&l| l as usize - base).collect();
            F::from_offsets(&offsets)
        })
        .collect()
}

/// Raises the shares, takes the beam's upper bound, then the exact programme.
fn tightened<F: Frontier>(
    c: &Candidates,
    m: usize,
    mut share: Vec<f64>,
    masks: &[F],
    mut upper: f64,
    meter: &mut Meter<'_>,
) -> Option<(f64, Vec<u32>)> {
    if !bounds::raise(c, m, &mut share, ASCENT_PASSES, meter) {
        return None;
    }
    match layered(c, m, &share, masks, upper, Some(BEAM_WIDTH), None, meter) {
        Ok(Some((beam, _))) => upper = upper.min(beam),
        Ok(None) => {}
        Err(_) => return None,
    }
    exact(c, m, &share, masks, upper, None, meter).ok()
}

/// The exact programme within `upper`.
fn exact<F: Frontier>(
    c: &Candidates,
    m: usize,
    share: &[f64],
    masks: &[F],
    upper: f64,
    cap: Option<u64>,
    meter: &mut Meter<'_>,
) -> Result<(f64, Vec<u32>), Stop> {
    match layered(c, m, share, masks, upper, None, cap, meter)? {
        Some(best) => Ok(best),
        // The greedy partition is within `upper`, so this is rounding at worst: search unbounded.
        None => layered(c, m, share, masks, f64::INFINITY, None, cap, meter)?.ok_or(Stop::Limits),
    }
}

/// The programme keeping the states whose cost plus the shares of the units they still have to
/// cover stays within `upper`; with `beam`, only that many states per step (the cheapest by
/// that sum), which gives an alignment, not necessarily the best; with `cap`, at most that
/// many steps. `Ok(None)` when no alignment is within `upper`.
#[allow(clippy::too_many_arguments)]
fn layered<F: Frontier>(
    c: &Candidates,
    m: usize,
    share: &[f64],
    masks: &[F],
    upper: f64,
    beam: Option<usize>,
    cap: Option<u64>,
    meter: &mut Meter<'_>,
) -> Result<Option<(f64, Vec<u32>)>, Stop> {
    let cap = cap.unwrap_or(u64::MAX);
    let mut steps = 0u64;
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
            .sort_unstable_by(|&a, &b| key[a as usize].total_cmp(&key[b as usize]).then(a.cmp(&b)));
    }
    // Every layer's entries in one arena: layer `i` is `arena[layer_at[i]..layer_at[i + 1]]`.
    let mut arena: Vec<Entry> = vec![Entry { cost: 0.0, covered: 0.0, parent: NONE, candidate: NONE }];
    let mut layer_at: Vec<usize> = Vec::with_capacity(m + 2);
    layer_at.extend([0, 1]);
    let mut states: Vec<F> = vec![F::empty()];
    let mut next_states: Vec<F> = Vec::new();
    let mut next: Vec<Entry> = Vec::new();
    let mut index: HashMap<F, usize, FxBuild> = HashMap::default();
    let mut entries = 1usize;
    for i in 0..m {
        next_states.clear();
        next.clear();
        index.clear();
        let cur = &arena[layer_at[i]..layer_at[i + 1]];
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
                return Err(Stop::Limits);
            }
            steps += 1;
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
                return Err(Stop::Limits);
            }
            steps += tried;
            if steps > cap {
                return Err(Stop::Cap);
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
            return Err(Stop::Limits);
        }
        std::mem::swap(&mut states, &mut next_states);
        arena.extend_from_slice(&next);
        layer_at.push(arena.len());
    }
    let Some(last) = arena[layer_at[m]..layer_at[m + 1]].first().copied() else {
        return Ok(None);
    };
    let mut chosen = Vec::new();
    let mut entry = last;
    for i in (0..m).rev() {
        if entry.candidate != NONE {
            chosen.push(entry.candidate);
        }
        entry = *arena[layer_at[i]..layer_at[i + 1]].get(entry.parent as usize).ok_or(Stop::Limits)?;
    }
    Ok(Some((last.cost, chosen)))
}
