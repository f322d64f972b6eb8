//! Test support shared by concord's crates (a dev-dependency only).
//!
//! **Property tests are reproducible.** [`proptest_config`] gives every property test a fixed
//! seed, so the same commit runs the same cases on every machine and every run; a failure in
//! CI is a failure of the change, never of the draw. Cases that once failed are kept in the
//! committed `proptest-regressions/` files and replayed first.
//!
//! The **wide search** is separate and deliberate, like fuzzing: `scripts/proptest-wide.sh`
//! sets `PROPTEST_RNG_SEED` to a new seed and `CONCORD_PROPTEST_SCALE` to multiply every
//! test's case count. proptest records each failure it finds in the test's regression file,
//! which is then committed, so the case is replayed in CI from then on.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use proptest::test_runner::{Config, RngSeed};

/// The seed of every property test unless `PROPTEST_RNG_SEED` names another.
pub const DEFAULT_SEED: u64 = 0x00C0_4C0D_2026_1204;

/// Multiplies every test's case count (`CONCORD_PROPTEST_SCALE`, default 1).
pub const SCALE_VARIABLE: &str = "CONCORD_PROPTEST_SCALE";

/// A proptest configuration for `cases` cases, seeded: [`DEFAULT_SEED`] unless
/// `PROPTEST_RNG_SEED` is set. `PROPTEST_CASES`, when set, replaces the count;
/// `CONCORD_PROPTEST_SCALE` multiplies it.
pub fn proptest_config(cases: u32) -> Config {
    // `Config::default()` reads the PROPTEST_* variables, seed and regression files included.
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config.cases = config.cases.saturating_mul(scale());
    if config.rng_seed == RngSeed::Random {
        config.rng_seed = RngSeed::Fixed(DEFAULT_SEED);
    }
    config
}

fn scale() -> u32 {
    std::env::var(SCALE_VARIABLE).ok().and_then(|s| s.trim().parse::<u32>().ok()).filter(|&n| n > 0).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_is_fixed_without_the_variable() {
        // CI never sets PROPTEST_RNG_SEED; a developer's wide search does, and then it wins.
        let config = proptest_config(10);
        match std::env::var("PROPTEST_RNG_SEED") {
            Err(_) => assert_eq!(config.rng_seed, RngSeed::Fixed(DEFAULT_SEED)),
            Ok(seed) => assert_eq!(config.rng_seed, RngSeed::Fixed(seed.parse().unwrap_or(DEFAULT_SEED))),
        }
    }

    #[test]
    fn two_runners_draw_the_same_cases() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        let draw = || {
            let mut runner = TestRunner::new(proptest_config(1));
            (0..20).map(|_| (0u64..1 << 40).new_tree(&mut runner).map(|t| t.current()).unwrap_or(0)).collect::<Vec<_>>()
        };
        assert_eq!(draw(), draw());
    }
}
