//! Writing a synthetic crowd project to disk: `corpus/<doc>.txt`, `annotations/<rater>/<doc>.yaml`
//! and `schemas/` (the label set and the generated JSON Schemas), so that `cargo xtask validate
//! --root DIR` and `report` run on it as on any project.
//!
//! Design choices:
//! - **Every file through the project's own writers**: annotation files are
//!   [`AnnotationRecord::to_yaml`], the label set [`LabelSet::to_yaml`], the schemas
//!   [`json_schema`]'s texts. Nothing here quotes YAML by hand.
//! - **Pinned and exact**: each span carries the text it covers and each file the document's
//!   sha256, as `cargo xtask fix` would write them, so the files are what a tidy project holds.
//! - **Parallel, yet the same bytes**: documents are written on rayon's threads, but each file's
//!   content depends only on the seed and its document ([`crowd::document`]), and the summary
//!   only adds counts, so neither depends on the number of threads.
//! - **Never clobbers**: a folder that holds anything is refused. With `force`, a folder that an
//!   earlier run made (it has the [`MARKER`] file) has its `corpus/`, `annotations/`, `gold/` and
//!   `schemas/` removed first, so no stale document survives; a folder this generator did not make
//!   is refused even then, because those folders may be someone's work.

use std::path::{Path, PathBuf};

use concord_schema::{AnnotationRecord, Layout, SpanRecord, Text, json_schema, sha256_hex};
use rayon::prelude::*;

use super::crowd::{self, CrowdOptions, CrowdPlan};

/// The file that marks a folder as made by this generator (at the project root; validate does
/// not look there).
pub const MARKER: &str = ".concord-gen-crowd";

/// Why a project could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("{0}")]
    Options(String),
    #[error("{}: the folder is not empty (--force replaces a project gen-crowd made earlier)", path.display())]
    NotEmpty { path: PathBuf },
    #[error("{}: not made by gen-crowd (no {MARKER} file); refusing to replace its contents", path.display())]
    NotGenerated { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write the label set: {0}")]
    Labels(String),
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    /// Raters with at least one file.
    pub raters: usize,
    /// Annotation files.
    pub files: usize,
    /// Annotation files with no span ("annotated, found nothing").
    pub empty_files: usize,
    pub spans: usize,
    /// Bytes of every file written (corpus, annotations, schemas, marker).
    pub bytes: u64,
    /// The big document's id and its raters.
    pub big_document: Option<(String, usize)>,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} documents, {} raters, {} annotation files ({} empty), {} spans, {:.1} MB",
            self.documents,
            self.raters,
            self.files,
            self.empty_files,
            self.spans,
            self.bytes as f64 / 1e6
        )?;
        if let Some((id, raters)) = &self.big_document {
            write!(f, "; {id} has {raters} raters")?;
        }
        Ok(())
    }
}

/// Counts of one document's files, added up over the project.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    files: usize,
    empty_files: usize,
    spans: usize,
    bytes: u64,
}

impl std::ops::Add for Counts {
    type Output = Counts;
    fn add(self, o: Counts) -> Counts {
        Counts {
            files: self.files + o.files,
            empty_files: self.empty_files + o.empty_files,
            spans: self.spans + o.spans,
            bytes: self.bytes + o.bytes,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> GenError + '_ {
    move |source| GenError::Io { path: path.to_owned(), source }
}

fn write(path: &Path, contents: &str) -> Result<u64, GenError> {
    std::fs::write(path, contents).map_err(io(path))?;
    Ok(contents.len() as u64)
}

fn create_dir(path: &Path) -> Result<(), GenError> {
    std::fs::create_dir_all(path).map_err(io(path))
}

/// Makes `dir` ready: created when missing; refused when it holds anything, unless `force` and
/// an earlier run made it (then its generated folders are removed).
fn prepare(dir: &Path, force: bool) -> Result<(), GenError> {
    let mut entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return create_dir(dir),
        Err(source) => return Err(GenError::Io { path: dir.to_owned(), source }),
    };
    if entries.next().is_none() {
        return Ok(());
    }
    if !force {
        return Err(GenError::NotEmpty { path: dir.to_owned() });
    }
    if !dir.join(MARKER).is_file() {
        return Err(GenError::NotGenerated { path: dir.to_owned() });
    }
    for sub in ["corpus", "annotations", "gold", "schemas"] {
        let path = dir.join(sub);
        match std::fs::remove_dir_all(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(GenError::Io { path, source: e }),
            _ => {}
        }
    }
    Ok(())
}

/// Generates the crowd project of `options` into `dir` (see the module comment for `force`).
pub fn write_project(options: &CrowdOptions, dir: &Path, force: bool) -> Result<Summary, GenError> {
    let plan = crowd::plan(options)?;
    prepare(dir, force)?;
    let layout = Layout::new(dir);
    let schemas = layout.labels_path().parent().map_or_else(|| dir.join("schemas"), Path::to_path_buf);
    create_dir(&schemas)?;
    create_dir(&layout.corpus_dir())?;
    let labels_yaml = options.labels.to_yaml().map_err(|e| GenError::Labels(e.to_string()))?;
    let mut bytes = write(&layout.labels_path(), &labels_yaml)?;
    bytes += write(&layout.annotation_schema_path(), &json_schema::annotation_schema_text(&options.labels))?;
    bytes += write(&layout.gold_schema_path(), &json_schema::gold_schema_text(&options.labels))?;

    let mut active = vec![false; plan.raters.len()];
    plan.assignments.iter().flatten().for_each(|&r| active[r] = true);
    let mut raters = 0;
    for (name, _) in plan.raters.iter().zip(&active).filter(|(_, a)| **a) {
        // The folder of the rater's files, as the layout places them.
        let folder = layout.annotation_path(name, "x").parent().map(Path::to_path_buf).unwrap_or_default();
        create_dir(&folder)?;
        raters += 1;
    }

    let counts = (0..options.documents)
        .into_par_iter()
        .map(|d| write_document(options, &plan, &layout, d))
        .try_reduce(Counts::default, |a, b| Ok(a + b))?;

    let marker = format!(
        "A synthetic crowd project made by `cargo xtask gen-crowd` (concord_agreement::synthetic::crowd):\n\
         seed {}, {} documents, a pool of {} raters, {}–{} raters per document, big document: {} raters.\n",
        options.seed,
        options.documents,
        options.pool,
        options.min_raters,
        options.max_raters,
        options.big_document_raters
    );
    bytes += write(&dir.join(MARKER), &marker)?;
    Ok(Summary {
        documents: options.documents,
        raters,
        files: counts.files,
        empty_files: counts.empty_files,
        spans: counts.spans,
        bytes: bytes + counts.bytes,
        big_document: plan.big_document.map(|d| (plan.document_id(d), options.big_document_raters)),
    })
}

/// Writes document `d`'s corpus file and its raters' annotation files.
fn write_document(options: &CrowdOptions, plan: &CrowdPlan, layout: &Layout, d: usize) -> Result<Counts, GenError> {
    let doc = crowd::document(options, plan, d);
    let text = Text::new(doc.text);
    let pin = sha256_hex(text.as_str().as_bytes());
    let mut counts = Counts {
        bytes: write(&layout.corpus_dir().join(format!("{}.txt", doc.id)), text.as_str())?,
        ..Counts::default()
    };
    for (r, spans) in &doc.files {
        let Some(rater) = plan.raters.get(*r) else { continue };
        let record = AnnotationRecord {
            document: doc.id.clone(),
            annotator: rater.clone(),
            text_sha256: Some(pin.clone()),
            spans: spans
                .iter()
                .map(|s| SpanRecord {
                    start: Some(s.start as u64),
                    end: Some(s.end as u64),
                    label: s.label.clone(),
                    text: text.slice(s.start, s.end).map(str::to_owned),
                    ..SpanRecord::default()
                })
                .collect(),
        };
        counts.bytes += write(&layout.annotation_path(rater, &doc.id), &record.to_yaml())?;
        counts.files += 1;
        counts.empty_files += usize::from(spans.is_empty());
        counts.spans += spans.len();
    }
    Ok(counts)
}
