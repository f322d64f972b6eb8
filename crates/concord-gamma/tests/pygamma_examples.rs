//! Best-alignment disorders of published continua, matched to 1e-6.
//!
//! Sources: pygamma-agreement 0.5.9 `tests/test_alignement.py` (`test_best_alignment`), and the
//! Alex/Paul/Suzan continuum of Mathet et al. 2015 (their figure of three annotators; pygamma's
//! `tests/data/AlexPaulSuzan.csv`, `test_gamma_alexpaulsuzan`). Expected values are
//! pygamma-agreement 0.5.9's output on this machine (see `tests/fixtures/README.md`).

use concord_gamma::{Categorical, Params, Unit, best_alignment, brute_force_disorder};

fn u(start: f64, end: f64, label: u32) -> Unit {
    Unit::new(start, end, label)
}

/// Alphabetical label ids, as pygamma orders categories.
const ALICE: u32 = 0;
const BOB: u32 = 1;
const CAROL: u32 = 2;
const JEREMY: u32 = 3;

fn liza_pierrot_hadrien() -> Vec<Vec<Unit>> {
    vec![
        // liza
        vec![u(1.0, 5.0, CAROL), u(6.0, 8.0, BOB), u(12.0, 18.0, CAROL), u(7.0, 20.0, ALICE)],
        // pierrot
        vec![u(2.0, 6.0, CAROL), u(7.0, 8.0, BOB), u(12.0, 18.0, ALICE), u(8.0, 10.0, ALICE), u(7.0, 19.0, JEREMY)],
        // hadrien
        vec![u(1.0, 6.0, CAROL), u(8.0, 10.0, ALICE), u(7.0, 19.0, JEREMY), u(19.0, 20.0, ALICE)],
    ]
}

#[test]
fn pygamma_test_best_alignment() {
    // test_alignement.py::test_best_alignment: delta_empty 0.5, alpha 3, beta 1, precomputed
    // categorical matrix over [Alice, Bob, Carol, Jeremy]; expected 0.43478875578596043.
    let values = vec![0.0, 0.5, 0.3, 0.7, 0.5, 0.0, 0.6, 0.4, 0.3, 0.6, 0.0, 0.7, 0.7, 0.4, 0.7, 0.0];
    let params = Params {
        alpha: 3.0,
        delta_empty: 0.5,
        categorical: Categorical::Matrix { size: 4, values },
        ..Params::default()
    };
    let a = best_alignment(&liza_pierrot_hadrien(), &params).unwrap();
    assert!((a.disorder - 0.43478875578596043).abs() < 1e-6, "{}", a.disorder);
}

/// Mathet et al. 2015's Alex, Paul and Suzan continuum (labels "1".."7" as ids 0..6).
fn alex_paul_suzan() -> Vec<Vec<Unit>> {
    vec![
        vec![u(2., 9., 0), u(11., 17., 1), u(24., 30., 4), u(32., 36., 5), u(36., 44., 5), u(44., 60., 6)],
        vec![u(2., 9., 0), u(11., 17., 2), u(19., 25., 4), u(32., 44., 5)],
        vec![u(2., 9., 0), u(11., 17., 3), u(21., 27., 4), u(32., 36., 5), u(36., 40., 5), u(40., 44., 5)],
    ]
}

#[test]
fn alex_paul_suzan_defaults() {
    // pygamma 0.5.9, CombinedCategoricalDissimilarity(): 0.6535417 (float32).
    let a = best_alignment(&alex_paul_suzan(), &Params::default()).unwrap();
    assert!((a.disorder - 0.6535417).abs() < 1e-6, "{}", a.disorder);
}

#[test]
fn alex_paul_suzan_alpha3() {
    // pygamma 0.5.9 with alpha 3 (test_gamma_alexpaulsuzan): 0.96062493 (float32). pygamma
    // reports 6 unitary alignments, we 7: Alex (44,60) "7" with Suzan (40,44) "6" costs
    // (3 * 1 + 1 + 2 * 1) / 3 = 2, exactly the two units alone, and either is optimal.
    let params = Params { alpha: 3.0, ..Params::default() };
    let a = best_alignment(&alex_paul_suzan(), &params).unwrap();
    assert!((a.disorder - 0.96062493).abs() < 1e-6, "{}", a.disorder);
    assert!((6..=7).contains(&a.unitary_alignments.len()));
}

#[test]
fn small_examples_equal_brute_force() {
    let mut params = Params { alpha: 3.0, ..Params::default() };
    let small: Vec<Vec<Unit>> = alex_paul_suzan().into_iter().map(|mut v| v.split_off(v.len() - 3)).collect();
    for alpha in [1.0, 3.0] {
        params.alpha = alpha;
        let exact = best_alignment(&small, &params).unwrap().disorder;
        let brute = brute_force_disorder(&small, &params).unwrap();
        assert!((exact - brute).abs() < 1e-9, "{exact} vs {brute}");
    }
}
