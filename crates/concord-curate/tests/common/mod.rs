//! A throwaway project in a temporary folder: a corpus of one document, a label set and
//! annotation files written through the schema's own renderer.
#![allow(dead_code)]

use std::path::PathBuf;

use concord_curate::{CurateOptions, CurateRun, curate};
use concord_schema::{AnnotationRecord, SpanRecord};

/// Curly quotes, an emoji and a flag before the spans, a line separator inside.
pub const TEXT: &str = "😀🇵🇰 “ISIS” struck Quetta\u{2028}and Lahore; Altaf Hussain spoke of Punjab province.";

pub const LABELS: &str = "labels:
  - {name: PERSON, description: p, overlap: nest}
  - {name: GPE, description: g, overlap: nest}
  - {name: LOC, description: l, overlap: allow}
  - {name: MILITANT_GROUP, description: m, overlap: forbid}
  - {name: ORG, description: o, overlap: forbid}
";

pub struct Project {
    pub dir: tempfile::TempDir,
}

/// `[start, end)` of the first `needle` in `TEXT`, in code points.
pub fn at(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).unwrap_or_else(|| panic!("{needle} not in the text"));
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

impl Project {
    pub fn new() -> Project {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("corpus")).expect("corpus");
        std::fs::create_dir_all(dir.path().join("schemas")).expect("schemas");
        std::fs::write(dir.path().join("corpus/d1.txt"), TEXT).expect("text");
        std::fs::write(dir.path().join("schemas/labels.yaml"), LABELS).expect("labels");
        Project { dir }
    }

    /// Writes `annotator`'s file for d1 with spans given by text and label.
    pub fn annotate(&self, annotator: &str, spans: &[(&str, &str)]) {
        let spans = spans
            .iter()
            .map(|(needle, label)| {
                let (s, e) = at(needle);
                SpanRecord {
                    start: Some(s as u64),
                    end: Some(e as u64),
                    text: Some((*needle).to_owned()),
                    label: (*label).to_owned(),
                    ..SpanRecord::default()
                }
            })
            .collect();
        let record = AnnotationRecord { document: "d1".into(), annotator: annotator.into(), text_sha256: None, spans };
        let dir = self.dir.path().join("annotations").join(annotator);
        std::fs::create_dir_all(&dir).expect("annotator folder");
        std::fs::write(dir.join("d1.yaml"), record.to_yaml()).expect("annotation");
    }

    pub fn remove(&self, annotator: &str) {
        std::fs::remove_file(self.dir.path().join("annotations").join(annotator).join("d1.yaml")).expect("remove");
    }

    pub fn options(&self, strategy: Option<&str>) -> CurateOptions {
        CurateOptions {
            root: self.dir.path().to_owned(),
            strategy: strategy.map(str::to_owned),
            ..CurateOptions::default()
        }
    }

    pub fn curate(&self, strategy: Option<&str>) -> CurateRun {
        curate(&self.options(strategy)).expect("curate")
    }

    pub fn gold_path(&self) -> PathBuf {
        self.dir.path().join("gold/d1.yaml")
    }

    pub fn gold(&self) -> String {
        std::fs::read_to_string(self.gold_path()).expect("gold file")
    }

    pub fn set_gold(&self, text: &str) {
        std::fs::write(self.gold_path(), text).expect("gold file");
    }

    pub fn record(&self) -> concord_schema::gold::GoldRecord {
        concord_curate::gold_file::read_gold(&self.gold_path(), &self.gold()).expect("gold reads back").record
    }
}
