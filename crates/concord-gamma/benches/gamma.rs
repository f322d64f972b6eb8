//! Exact best alignment and gamma (30 chance samples) on pygamma-agreement's benchmark shapes:
//! 2 annotators x 5,000 units and 3 annotators x 500 units (news-like generated continua:
//! a reference laid left to right, each annotator jittering boundaries, changing ~10 % of
//! labels, dropping ~8 % and adding ~5 %), plus 3 x 200 for the side-by-side with pygamma.
//!
//! `CARGO_TARGET_DIR=target-gamma cargo bench -p concord-gamma --bench gamma`

use std::hint::black_box;

use concord_gamma::rng::SplitMix64;
use concord_gamma::{Params, Unit, best_alignment, gamma};
use criterion::{Criterion, criterion_group, criterion_main};

/// The generator's draws: SplitMix64 reduced modulo `n`, as the published benchmark data were made.
struct Mix(SplitMix64);

impl Mix {
    fn below(&mut self, n: u64) -> u64 {
        self.0.next_u64() % n
    }
}

fn continuum(annotators: usize, units: usize, seed: u64) -> Vec<Vec<Unit>> {
    let mut r = Mix(SplitMix64::new(seed));
    let mut reference = Vec::with_capacity(units);
    let mut pos = 0usize;
    for _ in 0..units {
        pos += r.below(41) as usize;
        let len = 2 + r.below(29) as usize;
        reference.push((pos, pos + len, r.below(4) as u32));
        pos += len;
    }
    (0..annotators)
        .map(|_| {
            let mut spans = Vec::new();
            for &(s, e, l) in &reference {
                if r.below(100) < 8 {
                    continue;
                }
                let s = (s as i64 + [0, 0, 0, -1, 1, -3, 2][r.below(7) as usize]).max(0) as usize;
                let e = (e as i64 + [0, 0, 0, -1, 1, 4, -2][r.below(7) as usize]).max(s as i64 + 1) as usize;
                let l = if r.below(10) == 0 { r.below(4) as u32 } else { l };
                spans.push(Unit::span(s, e, l));
            }
            for _ in 0..units / 20 {
                let s = r.below(pos as u64) as usize;
                spans.push(Unit::span(s, s + 2 + r.below(19) as usize, r.below(4) as u32));
            }
            spans
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let params = Params::default();
    let mut group = c.benchmark_group("gamma");
    group.sample_size(10);
    for (annotators, units) in [(2, 5000), (3, 500), (3, 200)] {
        let data = continuum(annotators, units, 42);
        group.bench_function(format!("best_alignment {annotators}x{units}"), |b| {
            b.iter(|| black_box(best_alignment(black_box(&data), &params)))
        });
        group.bench_function(format!("gamma {annotators}x{units} (30 samples)"), |b| {
            b.iter(|| black_box(gamma(black_box(&data), &params, 7)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
