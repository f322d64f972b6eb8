//! The hub's side of an import: what every reader produces ([`Imported`]), and how it becomes
//! annotation files ([`plan`], [`write_plan`]).
//!
//! Design choices:
//! - **All or nothing.** [`plan`] renders every file in memory and checks it: labels known (after
//!   `--label-map`), offsets inside the document, one input per (annotator, document), no
//!   existing file replaced without `--force`, and finally the planned file run through the same
//!   `check_file` that `cargo xtask validate` uses. Only a clean plan is written.
//! - **What the files say.** Offsets, the span's `text` (the check that the offsets are right)
//!   and the document's sha256 pin, spans sorted by (start, end, label); a brat note becomes `note`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use concord_schema::{AnnotationRecord, Document, Label, LabelSet, OverlapPolicy, SpanRecord};
use concord_validate::{Diagnostic, Project, SourceCheck};

use crate::corpus::Corpus;
use crate::error::{ConvertError, ErrorKind, Location};
use crate::notice::Notice;

/// One span as a reader found it, in code points of the corpus document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub note: Option<String>,
    /// Where the span is written in the input.
    pub at: Location,
}

/// One annotator's spans on one corpus document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedAnnotation {
    /// The corpus document id (readers resolve it with [`Corpus::match_document`]).
    pub document: String,
    pub annotator: String,
    /// Where this annotation starts in the input.
    pub source: Location,
    pub spans: Vec<ImportedSpan>,
}

/// A label an input declares (brat's `annotation.conf`), with its colour if it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredLabel {
    pub name: String,
    pub color: Option<String>,
    /// How spans of the label may overlap, when the input says (brat's `<OVERLAP>` rules).
    pub overlap: Option<concord_schema::OverlapPolicy>,
    pub at: Location,
}

/// What a reader produces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub annotations: Vec<ImportedAnnotation>,
    /// What was dropped or changed on the way in.
    pub notices: Vec<Notice>,
    /// Labels the input declares, when it declares any.
    pub declared_labels: Option<Vec<DeclaredLabel>>,
}

/// How an import writes.
#[derive(Clone, Debug, Default)]
pub struct WriteOptions {
    /// Replace existing annotation files.
    pub force: bool,
    /// Input label → concord label (`--label-map Organization=ORGANIZATION`).
    pub label_map: BTreeMap<String, String>,
    /// Annotator as the input names it → concord annotator (`--annotator-map news_ner-alice=alice`).
    pub annotator_map: BTreeMap<String, String>,
    /// Write files even when they would not validate (`cargo xtask validate` then lists why).
    pub write_invalid: bool,
}

/// One file an import will write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: PathBuf,
    pub contents: String,
    /// Whether a file is there already (only with `force`).
    pub replaces: bool,
    pub spans: usize,
}

/// Everything an import will write, and what it noticed.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
    pub notices: Vec<Notice>,
    /// What `validate` says about the planned files (only warnings, unless `write_invalid`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why [`plan`] wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Convert(#[from] ConvertError),
    /// The planned files would not validate; `diagnostics` says why (errors and warnings).
    #[error("the imported files would not validate: {} error(s)", diagnostics.iter().filter(|d| d.is_error()).count())]
    Invalid { diagnostics: Vec<Diagnostic> },
}

/// Renders and checks every file `imported` will become. Writes nothing.
pub fn plan(project: &Project, corpus: &Corpus, imported: Imported, options: &WriteOptions) -> Result<Plan, PlanError> {
    let mut notices = imported.notices;
    let labels = project_labels(project, imported.declared_labels.as_deref())?;
    if let (Some(_), Some(declared)) = (&project.labels, &imported.declared_labels) {
        let missing: Vec<&str> = declared.iter().map(|d| d.name.as_str()).filter(|n| labels.get(n).is_none()).collect();
        if let Some(first) = declared.first().filter(|_| !missing.is_empty()) {
            notices.push(Notice::new(
                Some(Location::file(&first.at.path)),
                format!(
                    "declares {} label(s) that schemas/labels.yaml lacks: {} (spans with them stop the import; \
                     add them to labels.yaml, or use --label-map)",
                    missing.len(),
                    missing.join(", ")
                ),
            ));
        }
    }
    let mut files = Vec::new();
    let mut seen: BTreeMap<PathBuf, Location> = BTreeMap::new();
    let mut unknown: BTreeMap<String, (usize, Location)> = BTreeMap::new();
    let mut planned_docs: HashMap<String, Option<Document>> = HashMap::new();
    let mut renamed: BTreeMap<(String, String), usize> = BTreeMap::new();

    for mut annotation in imported.annotations {
        if let Some(to) = options.annotator_map.get(&annotation.annotator) {
            annotation.annotator = to.clone();
        }
        if !concord_schema::is_valid_id(&annotation.annotator) {
            return Err(ConvertError::at(
                ErrorKind::Unsupported,
                annotation.source.clone(),
                format!("`{}` cannot be an annotator name (a folder under annotations/)", annotation.annotator),
            )
            .help("names are ASCII letters, digits, `.`, `_` and `-`; pass --annotator NAME or --annotator-map FROM=TO")
            .into());
        }
        let Some(doc) = corpus.get(&annotation.document) else {
            return Err(ConvertError::at(
                ErrorKind::TextMismatch,
                annotation.source.clone(),
                format!("document `{}` is not in the corpus", annotation.document),
            )
            .into());
        };
        let path = project.layout.annotation_path(&annotation.annotator, &annotation.document);
        if let Some(first) = seen.insert(path.clone(), annotation.source.clone()) {
            return Err(ConvertError::at(
                ErrorKind::Conflict,
                annotation.source.clone(),
                format!(
                    "a second annotation by `{}` of document `{}` (the first is at {first})",
                    annotation.annotator, annotation.document
                ),
            )
            .help("concord keeps one file per annotator and document; pass --annotator to tell them apart")
            .into());
        }
        let mut spans = Vec::with_capacity(annotation.spans.len());
        for span in annotation.spans {
            let label = match options.label_map.get(&span.label) {
                Some(to) => {
                    *renamed.entry((span.label.clone(), to.clone())).or_default() += 1;
                    to.clone()
                }
                None => span.label.clone(),
            };
            if labels.get(&label).is_none() {
                let entry = unknown.entry(label.clone()).or_insert((0, span.at.clone()));
                entry.0 += 1;
                continue;
            }
            let text = match doc.text.slice(span.start, span.end) {
                Some(t) if span.start < span.end => t.to_owned(),
                _ => {
                    return Err(ConvertError::at(
                        ErrorKind::Unsupported,
                        span.at.clone(),
                        format!(
                            "span [{}, {}) is {} document `{}` ({} code points)",
                            span.start,
                            span.end,
                            if span.start >= span.end { "empty or reversed in" } else { "outside" },
                            doc.id,
                            doc.text.len_chars()
                        ),
                    )
                    .into());
                }
            };
            spans.push((span.start, span.end, label, text, span.note, span.at));
        }
        spans.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
        let before = spans.len();
        spans.dedup_by(|b, a| (a.0, a.1, &a.2) == (b.0, b.1, &b.2));
        if spans.len() < before {
            notices.push(Notice::new(
                Some(annotation.source.clone()),
                format!("{} duplicate span(s) (same offsets and label) kept once", before - spans.len()),
            ));
        }
        let record = AnnotationRecord {
            document: annotation.document.clone(),
            annotator: annotation.annotator.clone(),
            text_sha256: Some(doc.sha256.clone()),
            spans: spans
                .iter()
                .map(|(start, end, label, text, note, _)| SpanRecord {
                    start: Some(*start as u64),
                    end: Some(*end as u64),
                    label: label.clone(),
                    text: Some(text.clone()),
                    note: note.clone(),
                    ..SpanRecord::default()
                })
                .collect(),
        };
        let replaces = path.exists();
        if replaces && !options.force {
            return Err(ConvertError::at(
                ErrorKind::Conflict,
                Location::file(&path),
                "this annotation file exists already; the import would replace it",
            )
            .help(format!("imported from {}", annotation.source))
            .help("pass --force to replace it (git keeps the old one), or remove it first")
            .into());
        }
        planned_docs.insert(doc.id.clone(), Some(doc.clone()));
        files.push(PlannedFile { path, contents: record.to_yaml(), replaces, spans: spans.len() });
    }

    if !unknown.is_empty() {
        let names: Vec<&str> = labels.names().collect();
        let mut e = ConvertError::new(
            ErrorKind::UnknownLabel,
            unknown.values().next().map(|(_, at)| at.clone()),
            format!(
                "{} label(s) are not in schemas/labels.yaml: {}",
                unknown.len(),
                unknown.iter().map(|(l, (n, _))| format!("`{l}` ({n} span(s))")).collect::<Vec<_>>().join(", ")
            ),
        );
        for (label, (_, at)) in &unknown {
            let hint = match labels.closest(label) {
                Some(near) => format!(" — did you mean `{near}`? pass --label-map {label}={near}"),
                None => String::new(),
            };
            e = e.help(format!("`{label}` first at {at}{hint}"));
        }
        return Err(e.help(format!("known labels: {}", names.join(", "))).into());
    }
    for ((from, to), n) in renamed {
        notices.push(Notice::new(None, format!("{n} span(s) labelled `{from}` imported as `{to}`")));
    }

    // The planned files through validate's own checks.
    let check = SourceCheck::new(labels).with_checks(project.checks.clone());
    let diagnostics: Vec<Diagnostic> =
        files.iter().flat_map(|file| check.check(&file.path, &file.contents, &planned_docs).diagnostics).collect();
    if diagnostics.iter().any(Diagnostic::is_error) && !options.write_invalid {
        return Err(PlanError::Invalid { diagnostics });
    }
    if project.labels.is_none() {
        // Only reached with declared labels and no labels.yaml at all (see project_labels).
        let path = project.layout.labels_path();
        let contents = check.labels().to_yaml().map_err(|e| {
            ConvertError::at(ErrorKind::Project, Location::file(&path), format!("cannot write the label set: {e}"))
        })?;
        files.push(PlannedFile { contents, path, replaces: false, spans: 0 });
        notices
            .push(Notice::new(None, "the project had no schemas/labels.yaml: it is written from the input's labels"));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Plan { files, notices, diagnostics })
}

/// The project's label set; a project without `schemas/labels.yaml` may take the input's declared
/// labels (brat's `annotation.conf`), written out with [`LabelSet::to_yaml`].
fn project_labels(project: &Project, declared: Option<&[DeclaredLabel]>) -> Result<LabelSet, ConvertError> {
    match (&project.labels, declared) {
        (Some(labels), _) => Ok(labels.clone()),
        (None, Some(declared)) if !project.layout.labels_path().exists() => Ok(label_set_from_declared(declared)),
        (None, _) => Err(ConvertError::at(
            ErrorKind::Project,
            Location::file(project.layout.labels_path()),
            "the project's label set cannot be used; run `cargo xtask validate` to see why",
        )),
    }
}

/// A label set made from an input's declared labels, for a project that has none yet.
/// A label whose overlap the input does not state gets `nest` (brat's `annotation.conf` always states it).
pub fn label_set_from_declared(declared: &[DeclaredLabel]) -> LabelSet {
    let mut labels: Vec<Label> = Vec::with_capacity(declared.len());
    for d in declared {
        if labels.iter().any(|l| l.name == d.name) {
            continue;
        }
        labels.push(Label {
            name: d.name.clone(),
            description: format!("Imported from {}; describe it here.", d.at.path.display()),
            color: d.color.clone(),
            overlap: d.overlap.unwrap_or(OverlapPolicy::Nest),
        });
    }
    LabelSet { labels }
}

/// Writes a plan: folders as needed, each file atomically (a temporary file renamed over it).
pub fn write_plan(plan: &Plan) -> Result<(), ConvertError> {
    let dirs: BTreeSet<&Path> = plan.files.iter().filter_map(|f| f.path.parent()).collect();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|e| ConvertError::io(dir, &e))?;
    }
    for file in &plan.files {
        concord_validate::fix::write_atomically(&file.path, &file.contents)
            .map_err(|e| ConvertError::io(&file.path, &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_labels_make_a_label_set() {
        let at = Location::file("annotation.conf");
        let declared = [
            DeclaredLabel { name: "A".into(), color: Some("#010203".into()), overlap: None, at: at.clone() },
            DeclaredLabel { name: "B".into(), color: None, overlap: Some(OverlapPolicy::Allow), at: at.clone() },
            DeclaredLabel { name: "A".into(), color: None, overlap: None, at },
        ];
        let set = label_set_from_declared(&declared);
        assert_eq!(set.labels.len(), 2);
        assert_eq!(set.labels[0].overlap, OverlapPolicy::Nest);
        assert_eq!(set.labels[1].overlap, OverlapPolicy::Allow);
    }
}
