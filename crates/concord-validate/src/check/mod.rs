//! The checks of one annotation file. Each check adds diagnostics and goes on: a file gets
//! every problem reported in one run, not the first one.
//!
//! The parts: [`keys`] (duplicate keys, the JSON Schema), [`span`] (one span against the
//! document: offsets, text, label, boundaries, quote selectors), [`overlap`] (the label set's
//! overlap policy and duplicate spans across the file), [`gold`] (gold files: the same checks on
//! every span, candidate and rejection, plus votes, staleness and open questions).
//! Reading, parsing and the document identity checks are shared by both kinds of file.

use std::collections::HashMap;
use std::path::Path;

use concord_schema::labels::closest_name;
use concord_schema::yaml::{self, Node, Value, YamlErrorKind};
use concord_schema::{AnnotationFile, Document, Field, LabelSet, LoadError, OverlapPolicy, Span, SpanEntry};

use crate::config::ChecksConfig;
use crate::diagnostic::{Code, CorpusRef, Diagnostic};
use crate::resolve::{Resolution, excerpt, nearest_places, resolve_entry};

mod gold;
mod keys;
mod overlap;
mod span;

pub use gold::{AnnotatorFiles, GoldReport, check_gold_file};
use keys::{ANNOTATION_KEYS, duplicate_keys, schema_errors};
use overlap::overlaps_and_duplicates;
use span::check_span;
#[cfg(test)]
pub(crate) use span::loose_boundary;
pub(crate) use span::selector_diagnostic;

/// What a file is checked against.
#[derive(Debug)]
pub struct Context<'a> {
    pub labels: Option<&'a LabelSet>,
    pub schema: Option<&'a jsonschema::Validator>,
    /// Documents by id: `None` when the corpus has no such document or it could not be read.
    pub documents: &'a HashMap<String, Option<Document>>,
    /// The project's settings of checks, applied to each file's findings.
    pub checks: &'a ChecksConfig,
}

/// The outcome for one file.
#[derive(Debug, Default)]
pub struct FileReport {
    pub diagnostics: Vec<Diagnostic>,
    /// The spans that passed every check on them; `None` when the file could not be read as YAML.
    pub spans: Option<Vec<Span>>,
}

/// Checks one annotation file, given its source (or why it could not be read), its annotator
/// (folder name) and its document id (file stem).
pub fn check_file(
    ctx: &Context<'_>,
    path: &Path,
    annotator: &str,
    document: &str,
    source: Result<String, LoadError>,
) -> FileReport {
    let mut out = FileReport::default();
    out.spans = with_tree(path, source, &mut out.diagnostics, |tree, diagnostics| {
        let spans = check_tree(ctx, path, annotator, document, tree, diagnostics);
        ctx.checks.apply(diagnostics);
        spans
    })
    .flatten();
    out
}

/// Reads `source` as YAML and runs `check` on the tree; reports a file that cannot be read or
/// parsed, caps the diagnostics and attaches the lines they point at. `None` when there was no tree.
pub(crate) fn with_tree<T>(
    path: &Path,
    source: Result<String, LoadError>,
    diagnostics: &mut Vec<Diagnostic>,
    check: impl FnOnce(&Node, &mut Vec<Diagnostic>) -> T,
) -> Option<T> {
    let source = match source {
        Ok(s) => s,
        Err(e) => {
            diagnostics.push(load_error(path, &e));
            return None;
        }
    };
    // A byte-order mark is legal YAML; saphyr skips it and our columns count from after it.
    let result = match yaml::parse(&source) {
        Ok(tree) => Some(check(&tree, diagnostics)),
        Err(e) => {
            let code = match e.kind {
                YamlErrorKind::Syntax | YamlErrorKind::ComplexKey => Code::YamlSyntax,
                YamlErrorKind::Alias => Code::YamlAlias,
                YamlErrorKind::TooDeep => Code::YamlTooDeep,
                YamlErrorKind::MultipleDocuments => Code::YamlMultipleDocuments,
            };
            diagnostics.push(Diagnostic::new(code, path, e.pos.line, e.pos.column, e.message));
            None
        }
    };
    cap(path, diagnostics);
    attach_source_lines(&source, diagnostics);
    result
}

fn check_tree(
    ctx: &Context<'_>,
    path: &Path,
    annotator: &str,
    document: &str,
    tree: &Node,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<Span>> {
    duplicate_keys(path, tree, out);
    schema_errors(ctx.schema, ctx.labels, &ANNOTATION_KEYS, path, tree, out);
    let file = AnnotationFile::decode(tree);
    let fields = Identity { document: file.document.as_ref(), annotator: Some((annotator, file.annotator.as_ref())) };
    let (doc, stale) = identity(ctx, path, document, fields, file.text_sha256.as_ref(), out);
    let entries = file.spans.as_ref()?;
    let mut spans = Vec::with_capacity(entries.len());
    let mut placed: Vec<(Span, &SpanEntry<'_>)> = Vec::with_capacity(entries.len());
    for entry in entries {
        if let Some(span) = check_span(ctx, path, doc, entry, out) {
            placed.push((span.clone(), entry));
            if !stale {
                spans.push(span);
            }
        }
    }
    overlaps_and_duplicates(ctx, path, &mut placed, out);
    Some(spans)
}

/// The fields that say which document (and, in annotation files, which annotator) a file is about.
struct Identity<'f, 'a> {
    document: Option<&'f Field<&'a str>>,
    /// The folder's annotator and the `annotator:` field; `None` for gold files.
    annotator: Option<(&'f str, Option<&'f Field<&'a str>>)>,
}

/// The checks of a file's identity, shared by annotation and gold files: `document:` matches the
/// file name (C010), `annotator:` the folder (C011), the document exists (C009), the pin matches
/// its text (C012). Returns the document when it can be checked against, and whether the pin is
/// stale (then no span counts).
fn identity<'d>(
    ctx: &Context<'d>,
    path: &Path,
    document: &str,
    fields: Identity<'_, '_>,
    pin: Option<&Field<&str>>,
    out: &mut Vec<Diagnostic>,
) -> (Option<&'d Document>, bool) {
    let document_field = fields.document;
    // Identity: the file's place says which document and annotator it is about.
    if let Some(field) = document_field
        && field.value != document
    {
        out.push(
            Diagnostic::new(
                Code::DocumentMismatch,
                path,
                field.at.line,
                field.at.column,
                format!("`document: {}` does not match the file name `{document}.yaml`", field.value),
            )
            .width(field.value.chars().count())
            .help("a file annotates the document it is named after; rename the file or fix the field"),
        );
    }
    if let Some((annotator, Some(field))) = fields.annotator
        && field.value != annotator
    {
        out.push(
            Diagnostic::new(
                Code::AnnotatorMismatch,
                path,
                field.at.line,
                field.at.column,
                format!("`annotator: {}` does not match the folder `annotations/{annotator}/`", field.value),
            )
            .width(field.value.chars().count()),
        );
    }
    let doc = match ctx.documents.get(document) {
        Some(Some(doc)) => Some(doc),
        Some(None) => None, // the corpus file itself is reported
        None => {
            let (line, column) = document_field.map_or((0, 0), |f| (f.at.line, f.at.column));
            out.push(
                Diagnostic::new(
                    Code::UnknownDocument,
                    path,
                    line,
                    column,
                    format!("there is no document `{document}` in the corpus (no `corpus/{document}.txt`)"),
                )
                .width(document.chars().count()),
            );
            None
        }
    };
    let mut stale = false;
    if let (Some(doc), Some(pin)) = (doc, pin)
        && pin.value != doc.sha256
    {
        stale = true;
        out.push(
            Diagnostic::new(
                Code::DocumentChanged,
                path,
                pin.at.line,
                pin.at.column,
                "the document text changed since this file was annotated (its sha256 differs from the pin)",
            )
            .width(pin.value.chars().count())
            .label(format!("the corpus file now hashes to {}", doc.sha256))
            .help("check every span against the new text, then run `cargo xtask fix` to re-pin"),
        );
    }
    (doc, stale)
}

/// Most diagnostics reported for one file; past that a summary line says how many were left out.
const MAX_PER_FILE: usize = 500;

fn cap(path: &Path, diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() > MAX_PER_FILE {
        diagnostics.truncate(MAX_PER_FILE);
        diagnostics.push(
            Diagnostic::new(
                Code::Schema,
                path,
                0,
                0,
                format!("more problems in this file are not shown (the first {MAX_PER_FILE} are)"),
            )
            .help("fix the ones above and run validate again"),
        );
    }
}

/// Copies the YAML line each diagnostic points at into it, so rendering needs no file access.
pub(crate) fn attach_source_lines(source: &str, diagnostics: &mut [Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let lines: Vec<&str> = source.split('\n').collect();
    for d in diagnostics.iter_mut().filter(|d| d.line > 0) {
        if let Some(line) = lines.get(d.line as usize - 1) {
            d.source_line = Some(line.trim_end_matches('\r').trim_start_matches('\u{feff}').to_owned());
        }
    }
}

pub(crate) fn load_error(path: &Path, e: &LoadError) -> Diagnostic {
    match e {
        LoadError::NotUtf8 { line, column, byte, .. } => Diagnostic::new(
            Code::InvalidUtf8,
            path,
            to_u32(*line),
            to_u32(*column),
            format!("the file is not valid UTF-8 (byte 0x{byte:02x})"),
        )
        .help("save the file as UTF-8"),
        LoadError::TooLarge { size, limit, .. } => Diagnostic::new(
            Code::FileTooLarge,
            path,
            0,
            0,
            format!("the file is {size} bytes; files over {limit} bytes are not read"),
        ),
        LoadError::Invalid { line, column, message, .. } => {
            Diagnostic::new(Code::YamlSyntax, path, to_u32(*line), to_u32(*column), message.clone())
        }
        LoadError::Io { source, .. } => {
            Diagnostic::new(Code::Unreadable, path, 0, 0, format!("cannot read the file: {source}"))
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
