//! The exact search's limits: a deterministic work budget shared by everything one gamma
//! computes (the observed alignment and every chance sample), and per-search memory caps.
//!
//! Design choices:
//! - Work, not wall-clock: steps are the candidates the enumeration tries and its edge
//!   lookups (weighted by their cost, see `frontier`), the candidates each state of
//!   the dynamic programme tries, and the edges the certified shortcut reads. The same
//!   input takes the same steps on any machine and any thread count, so "too complex" is
//!   reproducible. The default budget ([`DEFAULT_MAX_STEPS`]) is about 1–2 s on the two cores
//!   of the benchmark machine (docs/benchmarks.md); documents that need more get "too
//!   complex", which says so.
//! - Samples run in parallel; each search counts locally and adds to the shared counter every
//!   `FLUSH` steps and when it ends. A search stops early only once the shared total is past
//!   the limit, which the full total then is too, so the verdict ("the whole computation
//!   needs more than the budget") does not depend on the order the samples ran in.
//! - Memory is capped per search ([`MAX_CANDIDATES`], [`MAX_ENTRIES`]), independently of the
//!   step budget, so a single dense piece cannot exhaust memory before the steps run out.

use std::sync::atomic::{AtomicU64, Ordering};

/// Steps one gamma (observed alignment plus chance samples) may take by default.
pub const DEFAULT_MAX_STEPS: u64 = 1_000_000_000;

/// Most candidate unitary alignments held for one piece of the continuum.
pub const MAX_CANDIDATES: usize = 1_000_000;

/// Most entries of the dynamic programme (over all its steps) for one piece.
pub const MAX_ENTRIES: usize = 3_000_000;

/// Steps counted locally before they are added to the shared total.
const FLUSH: u64 = 1 << 14;

/// The shared step counter of one gamma computation.
#[derive(Debug)]
pub(crate) struct Budget {
    used: AtomicU64,
    limit: u64,
}

impl Budget {
    pub fn new(limit: u64) -> Budget {
        Budget { used: AtomicU64::new(0), limit }
    }

    /// Past the limit (everything flushed so far).
    pub fn exceeded(&self) -> bool {
        self.used.load(Ordering::Relaxed) > self.limit
    }

    /// Steps taken so far (everything flushed).
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    pub fn meter(&self) -> Meter<'_> {
        Meter { budget: self, local: 0 }
    }
}

/// One search's view of the budget.
#[derive(Debug)]
pub(crate) struct Meter<'a> {
    budget: &'a Budget,
    local: u64,
}

impl Meter<'_> {
    /// The shared total is past the limit (as last flushed).
    pub fn exhausted(&self) -> bool {
        self.budget.exceeded()
    }

    /// Counts `steps`; `false` once the shared total is past the limit.
    #[inline]
    pub fn spend(&mut self, steps: u64) -> bool {
        self.local += steps;
        if self.local < FLUSH {
            return true;
        }
        self.flush()
    }

    /// Adds the local count to the shared total; `false` if it is past the limit.
    pub fn flush(&mut self) -> bool {
        let total = self.budget.used.fetch_add(self.local, Ordering::Relaxed) + self.local;
        self.local = 0;
        total <= self.budget.limit
    }
}

impl Drop for Meter<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_depends_on_the_total_only() {
        let budget = Budget::new(100_000);
        {
            let mut a = budget.meter();
            assert!((0..60_000).all(|_| a.spend(1)));
        }
        assert!(!budget.exceeded());
        let mut b = budget.meter();
        let stopped = (0..60_000).any(|_| !b.spend(1));
        drop(b);
        assert!(stopped);
        assert!(budget.exceeded());
        assert!(budget.used() > 100_000);
    }
}
