//! Raw bytes through every importer: the first byte picks the format, the rest is the file.
//! No input may panic, hang or return a span outside its document.

#![no_main]

use std::sync::OnceLock;

use concord_convert::{Corpus, Format, ReadOptions};
use concord_schema::Document;
use libfuzzer_sys::fuzz_target;

const TEXT: &str = "Quetta 😀 — “ISIS” claimed… the attack on 3 May.\nISIS’s Khorasan branch 🇵🇰 struck Peshawar again.\n";

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| Corpus::from_documents([Document::from_text("emoji_01", TEXT.into())]))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let (format, name) = match pick % 4 {
        0 => (Format::Brat, "emoji_01.ann"),
        1 => (Format::LabelStudio, "export.json"),
        2 => (Format::Jsonl, "export.jsonl"),
        _ => (Format::WebannoTsv, "emoji_01.tsv"),
    };
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join(name);
    if std::fs::write(&path, body).is_err() {
        return;
    }
    let options = ReadOptions { annotator: Some("fuzz".into()), ..ReadOptions::default() };
    if let Ok(imported) = concord_convert::read(format, &path, corpus(), &options) {
        for a in &imported.annotations {
            let len = corpus().get(&a.document).map_or(0, |d| d.text.len_chars());
            for s in &a.spans {
                assert!(s.start <= s.end && s.end <= len, "{format:?}: {s:?}");
            }
        }
    }
});
