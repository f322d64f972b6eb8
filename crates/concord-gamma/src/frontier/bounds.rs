//! Bounds that prune the programme without changing its optimum.
//!
//! - Lower: `share[u]` for every unit such that each candidate costs at least the shares of
//!   its units (a feasible solution of the dual of the set-partitioning programme), so a
//!   state still has to pay the shares of the units it has not covered. Shares start at the
//!   least `cost(T) / |T|` over the candidates `T` holding the unit and are raised by
//!   coordinate ascent: each unit takes the least slack of its candidates, which keeps every
//!   candidate's constraint.
//! - Upper: a greedy partition (cheapest share first), then the programme itself run with a
//!   narrow beam ([`super::programme`]), whose best path is a real alignment.
//!
//! Measured on the densest chance samples of the crowd project (seven raters, about sixty
//! units in one piece, optimum 17–21): the first shares fall 2.5–4 short of the optimum, three
//! passes of ascent close 0.5–2.3 of that (more passes add little), and the beam found the
//! optimum in every piece inspected. The linear relaxation's own bound is within 0.01 of the
//! optimum on those pieces (HiGHS), but a primal simplex solving it cost more than the search
//! it saved.

use crate::budget::Meter;

use super::candidates::Candidates;

/// The first bounds: `share[u]`, the least `cost(T) / |T|` over the candidates `T` holding `u`
/// (every unitary alignment's cost is the sum of its units' shares at least), and an upper
/// bound from a greedy partition (cheapest share first).
pub(super) fn first(c: &Candidates, m: usize) -> (Vec<f64>, f64) {
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

/// Raises the lower bounds `share` by coordinate ascent on the dual of the set-partitioning
/// programme: each unit's bound grows by the least slack `cost(T) - sum_{v in T} share[v]` of
/// the candidates `T` holding it, so every candidate still costs at least its units' bounds.
/// `false` past the budget.
pub(super) fn raise(c: &Candidates, m: usize, share: &mut [f64], passes: usize, meter: &mut Meter<'_>) -> bool {
    let mut holding_at = vec![0usize; m + 1];
    for &l in &c.members {
        holding_at[l as usize + 1] += 1;
    }
    for u in 0..m {
        holding_at[u + 1] += holding_at[u];
    }
    let mut fill = holding_at.clone();
    let mut holding = vec![0u32; c.members.len()];
    let mut sum = Vec::with_capacity(c.cost.len());
    for x in 0..c.cost.len() {
        let mut total = 0.0;
        for &l in &c.members[c.member_at[x]..c.member_at[x + 1]] {
            holding[fill[l as usize]] = x as u32;
            fill[l as usize] += 1;
            total += share[l as usize];
        }
        sum.push(total);
    }
    for pass in 0..passes {
        if !meter.spend(c.members.len() as u64) {
            return false;
        }
        for step in 0..m {
            let u = if pass % 2 == 0 { step } else { m - 1 - step };
            let holders = &holding[holding_at[u]..holding_at[u + 1]];
            let slack = holders.iter().map(|&x| c.cost[x as usize] - sum[x as usize]).fold(f64::INFINITY, f64::min);
            if slack > 0.0 && slack.is_finite() {
                share[u] += slack;
                for &x in holders {
                    sum[x as usize] += slack;
                }
            }
        }
    }
    true
}
