//! Every measure but gamma on 1,000 documents × 3 annotators × 30 spans (synthetic, seeded),
//! with 1,000 bootstrap resamples; and the same with gamma. Results: docs/benchmarks.md.

use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_agreement::{Options, compute};
use criterion::{Criterion, criterion_group, criterion_main};

fn agreement(c: &mut Criterion) {
    let set = corpus(&SynthOptions::default());
    let mut group = c.benchmark_group("agreement");
    group.sample_size(10);
    group.bench_function("compute_1000docs_3ann_30spans_1000resamples", |b| {
        b.iter(|| compute(std::hint::black_box(&set), &Options { gamma: false, ..Options::default() }))
    });
    group.bench_function("compute_1000docs_3ann_30spans_no_bootstrap", |b| {
        b.iter(|| compute(std::hint::black_box(&set), &Options { resamples: 0, gamma: false, ..Options::default() }))
    });
    group.bench_function("compute_1000docs_3ann_30spans_1000resamples_with_gamma", |b| {
        b.iter(|| compute(std::hint::black_box(&set), &Options::default()))
    });
    group.finish();
}

criterion_group!(benches, agreement);
criterion_main!(benches);
