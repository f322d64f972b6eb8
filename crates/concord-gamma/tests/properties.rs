//! Property tests: the exact solvers against brute force, and the invariances of gamma.

use concord_gamma::{Params, Unit, best_alignment, brute_force_disorder, gamma};
use proptest::prelude::*;

fn unit() -> impl Strategy<Value = Unit> {
    (0usize..40, 1usize..12, 0u32..3).prop_map(|(s, l, label)| Unit::span(s, s + l, label))
}

/// Spans spread like entity mentions in a text.
fn spread_unit() -> impl Strategy<Value = Unit> {
    (0usize..600, 1usize..25, 0u32..4).prop_map(|(s, l, label)| Unit::span(s, s + l, label))
}

fn continuum(max_annotators: usize, max_units: usize) -> impl Strategy<Value = Vec<Vec<Unit>>> {
    prop::collection::vec(prop::collection::vec(unit(), 0..=max_units), 2..=max_annotators)
}

fn params() -> impl Strategy<Value = Params> {
    (
        prop::sample::select(vec![0.0, 1.0, 3.0]),
        prop::sample::select(vec![0.5, 1.0, 2.0]),
        prop::sample::select(vec![0.0, 1.0]),
    )
        .prop_map(|(alpha, delta_empty, beta)| Params { alpha, beta, delta_empty, ..Params::default() })
}

proptest! {
    #![proptest_config(concord_testkit::proptest_config(600))]

    /// Up to 3 annotators x 3 units (and 4 x 2): every partition into unitary alignments.
    #[test]
    fn exact_equals_brute_force(c in prop_oneof![continuum(3, 3), continuum(4, 2)], params in params()) {
        match (best_alignment(&c, &params), brute_force_disorder(&c, &params)) {
            (Ok(a), Some(b)) => {
                prop_assert!((a.disorder - b).abs() < 1e-9, "{} vs {}", a.disorder, b);
                // The reported unitary alignments partition the units and add up.
                let total: f64 = a.unitary_alignments.iter().map(|u| u.disorder).sum();
                prop_assert!((total / a.avg_units_per_annotator - a.disorder).abs() < 1e-9);
                let mut seen: Vec<Vec<bool>> = c.iter().map(|v| vec![false; v.len()]).collect();
                for ua in &a.unitary_alignments {
                    for (ann, x) in ua.units.iter().enumerate() {
                        if let Some(x) = x {
                            prop_assert!(!seen[ann][*x]);
                            seen[ann][*x] = true;
                        }
                    }
                }
                prop_assert!(seen.iter().flatten().all(|&s| s));
            }
            (Err(_), None) => {}
            (a, b) => prop_assert!(false, "{a:?} vs {b:?}"),
        }
    }
}

proptest! {
    #![proptest_config(concord_testkit::proptest_config(64))]

    #[test]
    fn identical_annotators_agree_fully(units in prop::collection::vec(spread_unit(), 1..30), n in 2usize..5) {
        let c = vec![units; n];
        let params = Params { samples: 4, ..Params::default() };
        let a = best_alignment(&c, &params).unwrap();
        prop_assert_eq!(a.disorder, 0.0);
        let g = gamma(&c, &params, 1);
        prop_assert_eq!(g.gamma, Some(1.0));
        prop_assert_eq!(g.gamma_cat, Some(1.0));
    }

    #[test]
    fn observed_disorder_invariances(c in continuum(4, 8), shift in 0usize..1000, rotate in 0usize..4, seed in any::<u64>()) {
        let params = Params::default();
        let Ok(base) = best_alignment(&c, &params) else { return Ok(()) };
        // Renaming annotators: any order.
        let mut permuted = c.clone();
        permuted.rotate_left(rotate % c.len());
        permuted.reverse();
        // Renaming labels: any bijection.
        let relabel = |l: u32| (l * 7 + 5 + (seed % 11) as u32) % 1000;
        let renamed: Vec<Vec<Unit>> =
            c.iter().map(|v| v.iter().map(|u| Unit { label: relabel(u.label), ..*u }).collect()).collect();
        // Shifting every offset.
        let shifted: Vec<Vec<Unit>> = c
            .iter()
            .map(|v| v.iter().map(|u| Unit::new(u.start + shift as f64, u.end + shift as f64, u.label)).collect())
            .collect();
        for other in [permuted, renamed, shifted] {
            let d = best_alignment(&other, &params).unwrap().disorder;
            prop_assert!((d - base.disorder).abs() < 1e-9, "{} vs {}", d, base.disorder);
        }
    }

    /// The figures do not depend on the number of threads.
    #[test]
    fn thread_count_does_not_matter(c in continuum(3, 10), seed in any::<u64>()) {
        let params = Params { samples: 6, ..Params::default() };
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(|| gamma(&c, &params, seed));
        let two = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap().install(|| gamma(&c, &params, seed));
        prop_assert_eq!(one, two);
    }
}
