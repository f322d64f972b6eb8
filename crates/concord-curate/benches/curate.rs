//! Curation speed on a synthetic corpus of 1,000 documents × 3 annotators × 30 spans (seeded,
//! `concord_agreement::synthetic`, noisy boundaries and labels so that places are asked):
//! planning and rendering every new gold file, and a re-run over the rendered files (read back,
//! planned, edited) that changes nothing. Project I/O and validation are not in these figures
//! (docs/benchmarks.md has validate's).
//!
//! `cargo bench -p concord-curate --bench curate`

use std::path::Path;

use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_curate::gold_file::read_gold;
use concord_curate::plan::{GoldPlan, plan_document};
use concord_curate::render::render_gold;
use concord_curate::{CurationStrategy, DocumentInput, edit};
use concord_schema::{AnnotationSet, Label, LabelSet, OverlapPolicy};
use criterion::{Criterion, criterion_group, criterion_main};

fn labels(names: &[String]) -> LabelSet {
    let labels = names
        .iter()
        .enumerate()
        .map(|(i, name)| Label {
            name: name.clone(),
            description: String::new(),
            color: None,
            overlap: if i % 3 == 0 { OverlapPolicy::Forbid } else { OverlapPolicy::Nest },
        })
        .collect();
    LabelSet { labels }
}

fn first_run(set: &AnnotationSet, labels: &LabelSet, strategy: CurationStrategy) -> Vec<String> {
    set.documents
        .iter()
        .map(|doc| {
            let input = DocumentInput {
                document: &doc.id,
                text: &doc.text,
                text_sha256: "0",
                by_annotator: &doc.by_annotator,
                labels,
                strategy,
            };
            match plan_document(&input, None).0 {
                GoldPlan::New(record) => render_gold(&record),
                GoldPlan::Edit(_) => String::new(),
            }
        })
        .collect()
}

fn rerun(set: &AnnotationSet, labels: &LabelSet, strategy: CurationStrategy, golds: &[String]) -> usize {
    let path = Path::new("gold.yaml");
    let mut changed = 0;
    for (doc, source) in set.documents.iter().zip(golds) {
        let Ok(gold) = read_gold(path, source) else { continue };
        let input = DocumentInput {
            document: &doc.id,
            text: &doc.text,
            text_sha256: "0",
            by_annotator: &doc.by_annotator,
            labels,
            strategy,
        };
        if let GoldPlan::Edit(edits) = plan_document(&input, Some(&gold.record)).0
            && let Ok(text) = edit::apply_edits(path, source, &gold.tree, &gold.record, &edits)
            && text != *source
        {
            changed += 1;
        }
    }
    changed
}

fn bench(c: &mut Criterion) {
    let options = SynthOptions { documents: 1000, annotators: 3, spans: 30, ..SynthOptions::default() };
    let set = corpus(&options);
    let labels = labels(&options.labels);
    let spans: usize = set.documents.iter().flat_map(|d| d.by_annotator.values()).map(Vec::len).sum();
    let strategy = CurationStrategy::Threshold(concord_curate::ThresholdParams::default());
    let golds = first_run(&set, &labels, strategy);
    let open = golds.iter().map(|g| g.matches("- candidates:").count()).sum::<usize>();
    eprintln!("{} documents, {spans} annotator spans, {open} questions in the first run", set.documents.len());
    assert_eq!(rerun(&set, &labels, strategy, &golds), 0, "a re-run on the same spans changes nothing");
    let mut group = c.benchmark_group("curate");
    group.sample_size(10);
    group
        .bench_function("first run: plan + render 1,000 gold files", |b| b.iter(|| first_run(&set, &labels, strategy)));
    group.bench_function("re-run: read + plan + edit 1,000 gold files", |b| {
        b.iter(|| rerun(&set, &labels, strategy, &golds))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
