//! Validation speed on a synthetic corpus of 10,000 documents x 3 annotators x 40 spans
//! (1.2 million spans, 30,000 files), against the time it takes merely to read and parse the
//! same YAML files (in parallel, like validate). Figures: docs/benchmarks.md.
//!
//! `cargo bench -p concord-validate --bench validate`
//! The corpus is generated once under target/bench-data/ (CONCORD_BENCH_DOCS overrides the size).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;

const ANNOTATORS: [&str; 3] = ["annotator-a", "annotator-b", "annotator-c"];
const LABELS: [&str; 5] = ["PERSON", "MILITANT_GROUP", "STATE_BODY", "GPE", "DATE"];
const WORDS: [&str; 12] = [
    "ISIS",
    "Pakistan",
    "army",
    "said",
    "“militants”",
    "in",
    "Balochistan",
    "—",
    "attack…",
    "the",
    "Daesh’s",
    "Karachi",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(root: &Path, docs: usize) {
    // v2: spans only on clean words (v1 put 17 % of spans on quoted or possessive words, so the
    // run measured 200,000 warnings rather than validation).
    let stamp = root.join(format!(".complete-{docs}-v2"));
    if stamp.exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root.join("corpus")).expect("mkdir");
    std::fs::create_dir_all(root.join("schemas")).expect("mkdir");
    let labels: String = LABELS.iter().fold("labels:\n".to_owned(), |mut s, l| {
        let _ = writeln!(s, "  - {{name: {l}, description: {l}, overlap: allow}}");
        s
    });
    std::fs::write(root.join("schemas/labels.yaml"), labels).expect("labels");
    for a in ANNOTATORS {
        std::fs::create_dir_all(root.join("annotations").join(a)).expect("mkdir");
    }
    (0..docs).into_par_iter().for_each(|d| {
        let mut rng = Rng(d as u64);
        // ~400 words: about 2,500 code points.
        let words: Vec<&str> = (0..400).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        let text = words.join(" ");
        let mut starts = Vec::with_capacity(words.len());
        let mut at = 0;
        for w in &words {
            starts.push((at, at + w.chars().count()));
            at += w.chars().count() + 1;
        }
        let id = format!("doc{d:05}");
        std::fs::write(root.join("corpus").join(format!("{id}.txt")), &text).expect("doc");
        for a in ANNOTATORS {
            let mut yaml = format!("document: {id}\nannotator: {a}\nspans:\n");
            for s in 0..40 {
                let first = s * 10 + rng.below(10);
                // The first word from there that takes no warning (no quote, possessive or dash).
                let clean = |i: &usize| words[*i].chars().all(char::is_alphanumeric);
                let w = (first..s * 10 + 10).find(clean).or_else(|| (s * 10..first).find(clean)).unwrap_or(first);
                let (start, end) = starts[w];
                let label = LABELS[rng.below(LABELS.len())];
                let _ =
                    writeln!(yaml, "  - start: {start}\n    end: {end}\n    label: {label}\n    text: {}", words[w]);
            }
            std::fs::write(root.join("annotations").join(a).join(format!("{id}.yaml")), yaml).expect("ann");
        }
    });
    std::fs::write(stamp, "").expect("stamp");
}

fn data_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data/validate")
}

fn bench(c: &mut Criterion) {
    let docs = std::env::var("CONCORD_BENCH_DOCS").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let root = data_root();
    generate(&root, docs);
    let files: Vec<PathBuf> = ANNOTATORS
        .iter()
        .flat_map(|a| std::fs::read_dir(root.join("annotations").join(a)).expect("dir"))
        .map(|e| e.expect("entry").path())
        .collect();
    let mut group = c.benchmark_group(format!("{docs} docs x 3 annotators x 40 spans"));
    group.sample_size(10);
    group.bench_function("read and parse YAML only", |b| {
        b.iter(|| {
            files
                .par_iter()
                .map(|f| {
                    let s = concord_schema::read_utf8(f).expect("read");
                    usize::from(concord_schema::yaml::parse(&s).is_ok())
                })
                .sum::<usize>()
        })
    });
    let labels = concord_schema::LabelSet::load(&root.join("schemas/labels.yaml")).expect("labels");
    let schema =
        jsonschema::draft202012::new(&concord_schema::json_schema::annotation_schema(&labels)).expect("schema");
    group.bench_function("read, parse and JSON Schema only", |b| {
        b.iter(|| {
            files
                .par_iter()
                .map(|f| {
                    let s = concord_schema::read_utf8(f).expect("read");
                    let tree = concord_schema::yaml::parse(&s).expect("parse");
                    usize::from(schema.is_valid(&tree.to_json()))
                })
                .sum::<usize>()
        })
    });
    group.bench_function("validate", |b| {
        b.iter(|| {
            let run = concord_validate::validate(&root, &[]).expect("validate");
            assert_eq!(run.errors(), 0, "{:?}", run.diagnostics.first());
            run.files
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
