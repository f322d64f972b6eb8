//! Checking annotation files that exist only in memory: an import's planned files, an editor's
//! unsaved buffer. The checks are `validate`'s own ([`check_file`]); only where the text comes
//! from differs, so an import can never write a file that `validate` would then reject.
//!
//! [`Project::check_source`] and [`Project::check_gold_source`] are what an editor's language
//! server calls: `validate`'s own context (label set, or none when `labels.yaml` is broken;
//! schema; settings of checks) and its own check functions, on a buffer's text.

use std::collections::HashMap;
use std::path::Path;

use concord_schema::{Document, LabelSet, LoadError, MAX_FILE_BYTES};

use crate::check::{AnnotatorFiles, Context, FileReport, GoldReport, check_file, check_gold_file};
use crate::config::ChecksConfig;
use crate::project::Project;

/// A label set and the JSON Schema generated from it, ready to check any number of sources.
#[derive(Debug)]
pub struct SourceCheck {
    labels: LabelSet,
    schema: Option<jsonschema::Validator>,
    checks: ChecksConfig,
}

impl SourceCheck {
    pub fn new(labels: LabelSet) -> SourceCheck {
        let schema = jsonschema::draft202012::new(&concord_schema::json_schema::annotation_schema(&labels)).ok();
        SourceCheck { labels, schema, checks: ChecksConfig::NONE }
    }

    /// The same checks under a project's settings ([`crate::Project::checks`]).
    pub fn with_checks(mut self, checks: ChecksConfig) -> SourceCheck {
        self.checks = checks;
        self
    }

    pub fn labels(&self) -> &LabelSet {
        &self.labels
    }

    /// Checks `source` as the annotation file at `path`, `annotations/<annotator>/<document>.yaml`,
    /// against `documents` (by id; `None` for a document that cannot be read).
    pub fn check(&self, path: &Path, source: &str, documents: &HashMap<String, Option<Document>>) -> FileReport {
        let name = |p: Option<&Path>, stem: bool| {
            let part = if stem { p.and_then(Path::file_stem) } else { p.and_then(Path::file_name) };
            part.and_then(|s| s.to_str()).unwrap_or_default().to_owned()
        };
        let annotator = name(path.parent(), false);
        let document = name(Some(path), true);
        let ctx = Context { labels: Some(&self.labels), schema: self.schema.as_ref(), documents, checks: &self.checks };
        check_file(&ctx, path, &annotator, &document, Ok(source.to_owned()))
    }
}

impl Project {
    /// Checks `source` as the annotation file at `path` (of `annotator`, on `document`) exactly
    /// as [`crate::validate`] checks that file on disk: the same context, the same function.
    pub fn check_source(
        &self,
        path: &Path,
        annotator: &str,
        document: &str,
        source: &str,
        documents: &HashMap<String, Option<Document>>,
    ) -> FileReport {
        check_file(&self.context(documents), path, annotator, document, limited(path, source))
    }

    /// Checks `source` as the gold file at `path`, against the annotators' files `files` (their
    /// valid spans, from [`Project::check_source`] or from disk), as [`crate::validate`] does.
    pub fn check_gold_source(
        &self,
        path: &Path,
        document: &str,
        source: &str,
        documents: &HashMap<String, Option<Document>>,
        files: &AnnotatorFiles,
    ) -> GoldReport {
        let ctx = self.context(documents);
        check_gold_file(&ctx, self.gold_schema.as_ref(), path, document, files, limited(path, source))
    }
}

/// A buffer as `validate` would read it from disk: over the size limit, it is not read (C002).
fn limited(path: &Path, source: &str) -> Result<String, LoadError> {
    let size = source.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: path.to_owned(), size, limit: MAX_FILE_BYTES });
    }
    Ok(source.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;
    use concord_schema::{Label, OverlapPolicy};

    #[test]
    fn a_source_is_checked_as_the_file_its_path_names() {
        let labels = LabelSet {
            labels: vec![Label {
                name: "GPE".into(),
                description: "a place".into(),
                color: None,
                overlap: OverlapPolicy::Forbid,
            }],
        };
        let doc = Document::from_text("d1", "In Punjab.".to_owned());
        let documents = HashMap::from([("d1".to_owned(), Some(doc))]);
        let check = SourceCheck::new(labels);
        let good =
            "document: d1\nannotator: alice\nspans:\n  - start: 3\n    end: 9\n    text: Punjab\n    label: GPE\n";
        let report = check.check(Path::new("annotations/alice/d1.yaml"), good, &documents);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_eq!(report.spans.map(|s| s.len()), Some(1));
        let elsewhere = check.check(Path::new("annotations/bob/d1.yaml"), good, &documents);
        let codes: Vec<Code> = elsewhere.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![Code::AnnotatorMismatch]);
    }

    #[test]
    fn a_source_is_checked_under_the_project_settings() {
        let labels = LabelSet {
            labels: vec![Label {
                name: "GPE".into(),
                description: "a place".into(),
                color: None,
                overlap: OverlapPolicy::Nest,
            }],
        };
        let doc = Document::from_text("d1", "In Punjab.".to_owned());
        let documents = HashMap::from([("d1".to_owned(), Some(doc))]);
        let cut = "document: d1\nannotator: a\nspans:\n  - start: 3\n    end: 8\n    text: Punja\n    label: GPE\n";
        let path = Path::new("annotations/a/d1.yaml");
        let severities = |check: &SourceCheck| -> Vec<(Code, crate::Severity)> {
            check.check(path, cut, &documents).diagnostics.iter().map(|d| (d.code, d.severity)).collect()
        };
        assert_eq!(severities(&SourceCheck::new(labels.clone())), [(Code::CutsWord, crate::Severity::Warning)]);
        let (checks, refused) =
            ChecksConfig::parse(Path::new("concord.yaml"), "checks:\n  cuts-word: error\n", Some(&labels));
        assert!(refused.is_empty());
        let raised = SourceCheck::new(labels).with_checks(checks);
        assert_eq!(severities(&raised), [(Code::CutsWord, crate::Severity::Error)], "an import would refuse it");
    }
}
