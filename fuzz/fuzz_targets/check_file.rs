//! Any bytes as an annotation file: loading and every check must return diagnostics, never
//! panic, hang or allocate without bound. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run check_file`.
#![no_main]

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use concord_schema::{Document, LabelSet};
use concord_validate::check::{Context, check_file};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    labels: LabelSet,
    schema: jsonschema::Validator,
    documents: HashMap<String, Option<Document>>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let labels = LabelSet::from_yaml(
            "labels:\n  - {name: GPE, description: x, overlap: nest}\n  - {name: DATE, description: x, overlap: forbid}\n",
        )
        .expect("labels");
        let schema = jsonschema::draft202012::new(&concord_schema::json_schema::annotation_schema(&labels)).expect("schema");
        let doc = Document::from_text("d", "In late 2014, “ISIS” — Daesh… Punjab.\nISIS’s reach".to_owned());
        let documents = HashMap::from([("d".to_owned(), Some(doc))]);
        Fixture { labels, schema, documents }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let ctx = Context {
        labels: Some(&f.labels),
        schema: Some(&f.schema),
        documents: &f.documents,
        checks: &concord_validate::ChecksConfig::NONE,
    };
    let source = concord_schema::decode_utf8(Path::new("a/d.yaml"), data.to_vec());
    let report = check_file(&ctx, Path::new("a/d.yaml"), "a", "d", source);
    for d in &report.diagnostics {
        let _ = concord_validate::render::render_text(d, false);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let doc = f.documents["d"].as_ref().expect("doc");
        let _ = concord_validate::fix::fix_source(Path::new("a/d.yaml"), text, doc);
    }
});
