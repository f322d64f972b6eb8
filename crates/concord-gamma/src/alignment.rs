//! The best alignment of a continuum: public types, input preparation and solver dispatch.
//!
//! Design choices:
//! - Input units with a non-finite bound or no positive length are skipped and counted
//!   (pygamma refuses zero-length segments; its positional dissimilarity divides by the
//!   lengths).
//! - Two annotators go to the matching ([`crate::matching`]), more to the dynamic programme
//!   over the independent pieces ([`crate::frontier`]); a piece of one unit is a unit alone.
//! - The disorder is pygamma's: the sum of the unitary alignments' disorders divided by the
//!   average number of units per annotator (annotators without units count in the average).
//! - [`brute_force_disorder`] enumerates every partition, independent of any pruning, to test
//!   the solvers on tiny inputs.

use serde::Serialize;

use crate::budget::{Budget, Meter};
use crate::continuum::{Graph, Prepared, Tuples};
use crate::dissimilarity::{Dissimilarity, Params, Seg, tuple_disorder};
use crate::{Complexity, GammaUndefined, Stage, frontier, matching};

/// An annotated unit: a real-valued half-open range `[start, end)` and a label id.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Unit {
    pub start: f64,
    pub end: f64,
    pub label: u32,
}

impl Unit {
    pub fn new(start: f64, end: f64, label: u32) -> Unit {
        Unit { start, end, label }
    }

    /// A code-point span.
    pub fn span(start: usize, end: usize, label: u32) -> Unit {
        Unit { start: start as f64, end: end as f64, label }
    }

    fn is_valid(&self) -> bool {
        self.start.is_finite() && self.end.is_finite() && self.end > self.start
    }
}

/// One unitary alignment: for each annotator the index of its unit in that annotator's input
/// list, or `None` (the empty unit).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitaryAlignment {
    pub units: Vec<Option<usize>>,
    pub disorder: f64,
}

/// A best alignment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alignment {
    /// Sum of the unitary disorders divided by the average number of units per annotator
    /// (pygamma's `Alignment.disorder`).
    pub disorder: f64,
    /// Sum of the unitary disorders.
    pub total_disorder: f64,
    pub avg_units_per_annotator: f64,
    pub unitary_alignments: Vec<UnitaryAlignment>,
    /// Input units skipped for a non-finite bound or no positive length.
    pub skipped_units: usize,
}

/// The solver's view of a continuum and the input index of each of its units.
pub(crate) struct Input {
    pub prepared: Prepared,
    pub input_index: Vec<usize>,
    pub skipped: usize,
}

pub(crate) fn prepare(annotators: &[Vec<Unit>]) -> Input {
    let mut groups = Vec::with_capacity(annotators.len());
    let mut input_index = Vec::new();
    let mut skipped = 0;
    for units in annotators {
        let mut g = Vec::with_capacity(units.len());
        for (x, u) in units.iter().enumerate() {
            if u.is_valid() {
                g.push(Seg { start: u.start, end: u.end, label: u.label });
                input_index.push(x);
            } else {
                skipped += 1;
            }
        }
        groups.push(g);
    }
    Input { prepared: Prepared::from_groups(&groups), input_index, skipped }
}

pub(crate) fn check(p: &Prepared, params: &Params) -> Result<(), GammaUndefined> {
    params.check().map_err(GammaUndefined::InvalidParams)?;
    if p.annotators < 2 {
        return Err(GammaUndefined::TooFewAnnotators);
    }
    if p.len() == 0 {
        return Err(GammaUndefined::NoUnits);
    }
    if p.len() >= u32::MAX as usize / 2 {
        return Err(GammaUndefined::TooLarge);
    }
    Ok(())
}

/// The exact best alignment: total (unnormalised) disorder and its unitary alignments; `None`
/// past the budget.
pub(crate) fn solve(p: &Prepared, params: &Params, meter: &mut Meter<'_>) -> Option<(f64, Tuples)> {
    let d = Dissimilarity::new(params);
    let n = p.annotators;
    let g = Graph::build(p, &d, d.pair_bound(n));
    let mut tuples = Tuples::default();
    if n == 2 {
        let (partner, total) = matching::solve_two(p, &g, d.delta);
        let mut taken = vec![false; p.len()];
        for (u, &v) in partner.iter().enumerate() {
            if v == crate::continuum::NONE {
                tuples.push([u as u32]);
            } else {
                taken[v as usize] = true;
                tuples.push([u as u32, v]);
            }
        }
        for (v, _) in taken.iter().enumerate().skip(p.offsets[1]).filter(|(_, t)| !**t) {
            tuples.push([v as u32]);
        }
        return Some((total, tuples));
    }
    let mut local_of = vec![0u32; p.len()];
    let mut total = 0.0;
    for mut comp in g.components(p.len()) {
        if comp.len() == 1 {
            tuples.push([comp[0]]);
            total += d.delta;
        } else {
            total += frontier::solve_component(p, &g, d.delta, &mut comp, &mut local_of, &mut tuples, meter)?;
        }
    }
    Some((total, tuples))
}

/// The reason when the search for `stage` passed the budget.
pub(crate) fn too_complex(stage: Stage, p: &Prepared, params: &Params) -> GammaUndefined {
    GammaUndefined::TooComplex(Complexity {
        stage,
        annotators: p.annotators,
        units: p.len(),
        max_steps: params.max_steps,
    })
}

/// Disorder of one unitary alignment given as global unit indices.
pub(crate) fn members_disorder(p: &Prepared, d: &Dissimilarity<'_>, members: &[u32]) -> f64 {
    let mut sum = 0.0;
    for (x, &a) in members.iter().enumerate() {
        for &b in &members[x + 1..] {
            sum += d.combined(&p.segs[a as usize], &p.segs[b as usize]);
        }
    }
    tuple_disorder(sum, members.len(), p.annotators, d.delta)
}

/// The best alignment of a continuum (one unit list per annotator), found exactly.
///
/// [`GammaUndefined`] with fewer than two annotators, no valid unit, invalid parameters, or (three
/// annotators or more) a piece of the continuum so dense that the exact search would pass its
/// limits ([`crate::budget`]).
pub fn best_alignment(annotators: &[Vec<Unit>], params: &Params) -> Result<Alignment, GammaUndefined> {
    let input = prepare(annotators);
    let p = &input.prepared;
    check(p, params)?;
    let budget = Budget::new(params.max_steps);
    let solved = solve(p, params, &mut budget.meter());
    let (total, tuples) = match solved {
        Some(solved) if !budget.exceeded() => solved,
        _ => return Err(too_complex(Stage::Observed, p, params)),
    };
    let d = Dissimilarity::new(params);
    let mut unitary_alignments: Vec<UnitaryAlignment> = tuples
        .iter()
        .map(|members| {
            let mut units = vec![None; p.annotators];
            for &m in members {
                units[p.owner[m as usize] as usize] = Some(input.input_index[m as usize]);
            }
            UnitaryAlignment { units, disorder: members_disorder(p, &d, members) }
        })
        .collect();
    unitary_alignments.sort_by(|a, b| a.units.cmp(&b.units));
    let avg = p.avg_units();
    Ok(Alignment {
        disorder: total / avg,
        total_disorder: total,
        avg_units_per_annotator: avg,
        unitary_alignments,
        skipped_units: input.skipped,
    })
}

/// The best alignment's disorder by enumerating every partition of the units into unitary
/// alignments, without pruning. For tests: `None` above 12 units.
pub fn brute_force_disorder(annotators: &[Vec<Unit>], params: &Params) -> Option<f64> {
    let input = prepare(annotators);
    let p = &input.prepared;
    check(p, params).ok()?;
    if p.len() > 12 {
        return None;
    }
    let d = Dissimilarity::new(params);
    let mut covered = vec![false; p.len()];
    let mut members = Vec::new();
    let best = partitions(p, &d, &mut covered, &mut members);
    Some(best / p.avg_units())
}

fn partitions(p: &Prepared, d: &Dissimilarity<'_>, covered: &mut [bool], members: &mut Vec<u32>) -> f64 {
    let Some(first) = covered.iter().position(|&c| !c) else {
        return 0.0;
    };
    covered[first] = true;
    members.push(first as u32);
    let best = grow(p, d, covered, members, first + 1);
    members.pop();
    covered[first] = false;
    best
}

/// Best cost of the rest given the open unitary alignment `members`, which may still take
/// uncovered units from `from` on.
fn grow(p: &Prepared, d: &Dissimilarity<'_>, covered: &mut [bool], members: &mut Vec<u32>, from: usize) -> f64 {
    // Close the unitary alignment here...
    let closed = members.clone();
    let mut best = members_disorder(p, d, &closed) + partitions(p, d, covered, &mut Vec::new());
    // ...or add another unit of an annotator not in it yet.
    for x in from..p.len() {
        if covered[x] || members.iter().any(|&m| p.owner[m as usize] == p.owner[x]) {
            continue;
        }
        covered[x] = true;
        members.push(x as u32);
        best = best.min(grow(p, d, covered, members, x + 1));
        members.pop();
        covered[x] = false;
    }
    best
}
