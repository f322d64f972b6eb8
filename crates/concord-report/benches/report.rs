//! Report generation on 1,000 synthetic documents × 3 annotators × ~30 spans (seeded; the
//! corpus of concord-agreement's own benchmark). Results: docs/benchmarks.md.

use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_agreement::{Options, compute};
use concord_report::html::{self, HtmlOptions};
use concord_report::{Inputs, Validation, markdown};
use criterion::{Criterion, criterion_group, criterion_main};

fn inputs(options: &Options) -> Inputs {
    let set = corpus(&SynthOptions::default());
    let report = compute(&set, options);
    Inputs {
        report,
        set,
        validation: Validation { files: 3_000, errors: 0, warnings: 0 },
        labels: None,
        base: None,
        curation: None,
    }
}

fn report(c: &mut Criterion) {
    let ready = inputs(&Options::default());
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("markdown_1000docs_3ann", |b| {
        b.iter(|| markdown::render(std::hint::black_box(&ready), 60_000))
    });
    group.bench_function("html_1000docs_3ann_200drawn", |b| {
        b.iter(|| html::render(std::hint::black_box(&ready), &HtmlOptions::default()))
    });
    group.bench_function("html_1000docs_3ann_all_drawn", |b| {
        b.iter(|| html::render(std::hint::black_box(&ready), &HtmlOptions { max_documents: 1_000 }))
    });
    // What `cargo xtask report` does after validation: measure, then write both formats.
    for (name, resamples) in
        [("compute_no_bootstrap_markdown_html", 0), ("compute_1000_resamples_markdown_html", 1_000)]
    {
        let set = corpus(&SynthOptions::default());
        group.bench_function(name, |b| {
            b.iter(|| {
                let report = compute(&set, &Options { resamples, ..Options::default() });
                let inputs = Inputs {
                    report,
                    set: set.clone(),
                    validation: Validation::default(),
                    labels: None,
                    base: None,
                    curation: None,
                };
                (markdown::render(&inputs, 60_000).len(), html::render(&inputs, &HtmlOptions::default()).len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
