//! Export and import of every format on 1,000 documents × 3 annotators × about 30 spans
//! (`concord_agreement::synthetic`, seed 1; an emoji is put at the start of every document so
//! that UTF-16 offsets differ from code points everywhere after it). Export is rendering in
//! memory; import is reading the exported files back from disk into spans on corpus documents
//! (what `cargo xtask import` does before planning). Results: docs/benchmarks.md.

use std::collections::BTreeMap;

use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_convert::export::{ExportDocument, ExportSpan, write_outputs};
use concord_convert::{Corpus, ExportInput, ExportOptions, Format, ReadOptions};
use concord_schema::{Document, Label, LabelSet, OverlapPolicy, Text};
use criterion::{Criterion, criterion_group, criterion_main};

fn input() -> (ExportInput, Corpus) {
    let options = SynthOptions::default();
    let set = corpus(&options);
    let labels = LabelSet {
        labels: options
            .labels
            .iter()
            .map(|name| Label {
                name: name.clone(),
                description: name.clone(),
                color: None,
                overlap: OverlapPolicy::Allow,
            })
            .collect(),
    };
    let mut documents = Vec::new();
    let mut docs = Vec::new();
    for doc in &set.documents {
        // Two code points in front: every offset moves by 2, every UTF-16 offset by 3.
        let text = format!("😀 {}", doc.text.as_str());
        let by_annotator: BTreeMap<String, Vec<ExportSpan>> = doc
            .by_annotator
            .iter()
            .map(|(annotator, spans)| {
                let spans = spans
                    .iter()
                    .map(|s| ExportSpan { start: s.start + 2, end: s.end + 2, label: s.label.clone(), note: None })
                    .collect();
                (annotator.clone(), spans)
            })
            .collect();
        docs.push(Document::from_text(&doc.id, text.clone()));
        documents.push(ExportDocument { id: doc.id.clone(), text: Text::new(text), by_annotator });
    }
    (ExportInput { labels, documents }, Corpus::from_documents(docs))
}

fn convert(c: &mut Criterion) {
    let (input, corpus) = input();
    let spans: usize = input.documents.iter().flat_map(|d| d.by_annotator.values()).map(Vec::len).sum();
    eprintln!("{} documents, {spans} spans", input.documents.len());
    let mut group = c.benchmark_group("convert");
    group.sample_size(10);
    let options = ExportOptions::default();
    for format in Format::ALL {
        group.bench_function(format!("export_{}", format.name()), |b| {
            b.iter(|| concord_convert::render_export(format, std::hint::black_box(&input), &options))
        });
        if !format.can_import() {
            continue;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let exported = concord_convert::render_export(format, &input, &options).expect("exports");
        write_outputs(dir.path(), &exported.files).expect("writes");
        let path = match exported.files.as_slice() {
            [one] => dir.path().join(&one.path),
            _ => dir.path().to_path_buf(),
        };
        let read_options = ReadOptions::default();
        let imported = concord_convert::read(format, &path, &corpus, &read_options).expect("imports");
        let back: usize = imported.annotations.iter().map(|a| a.spans.len()).sum();
        eprintln!("{}: {} files, {back} spans read back", format.name(), exported.files.len());
        group.bench_function(format!("import_{}", format.name()), |b| {
            b.iter(|| concord_convert::read(format, std::hint::black_box(&path), &corpus, &read_options))
        });
    }
    group.finish();
}

criterion_group!(benches, convert);
criterion_main!(benches);
