//! Times gamma with many raters marking one word of a short document (issue 12's shapes):
//! `n` raters each mark the word `[100, 105)`, optionally with boundary noise of up to `noise`
//! code points (drawn from a fixed seed), 30 chance samples. With `--words W`, there are `W`
//! words 10 code points apart and each rater marks each with probability 1/2.
//!
//! `cargo run --release -p concord-gamma --example many_raters -- 16 18 20 30 [--noise 1] [--words W] [--max-steps N]`

use std::time::Instant;

use concord_gamma::rng::SplitMix64;
use concord_gamma::{Params, Unit, best_alignment, gamma};

fn main() {
    let mut noise = 0u64;
    let mut max_steps: Option<u64> = None;
    let mut words = 1u64;
    let mut counts = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--max-steps" {
            max_steps = args.next().and_then(|v| v.parse().ok());
        } else if a == "--words" {
            words = args.next().and_then(|v| v.parse().ok()).unwrap_or(1);
        } else if a == "--noise" {
            noise = args.next().and_then(|v| v.parse().ok()).unwrap_or(1);
        } else if let Ok(n) = a.parse::<usize>() {
            counts.push(n);
        }
    }
    let params = Params { max_steps: max_steps.unwrap_or(concord_gamma::DEFAULT_MAX_STEPS), ..Params::default() };
    for n in counts {
        let mut rng = SplitMix64::new(n as u64);
        let continuum: Vec<Vec<Unit>> = (0..n)
            .map(|_| {
                let mut units = Vec::new();
                for w in 0..words {
                    // With several words, each rater marks each word with probability 1/2.
                    if words > 1 && rng.next_u64().is_multiple_of(2) {
                        continue;
                    }
                    let mut jitter =
                        || if noise == 0 { 0.0 } else { (rng.next_u64() % (2 * noise + 1)) as f64 - noise as f64 };
                    let at = 100.0 + 10.0 * w as f64;
                    let (s, e) = (at + jitter(), at + 5.0 + jitter());
                    units.push(Unit::new(s, e.max(s + 1.0), 0));
                }
                units
            })
            .collect();
        let t0 = Instant::now();
        let best = best_alignment(&continuum, &params);
        let t_align = t0.elapsed().as_secs_f64();
        let t0 = Instant::now();
        let g = gamma(&continuum, &params, 7);
        let t_gamma = t0.elapsed().as_secs_f64();
        println!(
            "raters {n:>3} words {words} noise {noise}: alignment {t_align:8.3} s ({}), gamma {t_gamma:8.3} s, {:?} steps: {:?} {:?}",
            best.map_or_else(|e| e.to_string(), |a| format!("disorder {:.6}", a.disorder)),
            g.search_steps,
            g.gamma,
            g.undefined.map(|u| u.to_string()),
        );
    }
}
