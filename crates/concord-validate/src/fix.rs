//! `fix`: fills in what an annotator should not have to count.
//!
//! - `start`/`end` of spans that give only `text` (with `occurrence` or `prefix`/`suffix`),
//! - `text` of spans that give only offsets,
//! - the `text_sha256` pin of the document (and re-pins a stale pin only when every span's
//!   `text` still equals the document there: then the offsets are demonstrably still right).
//!
//! It edits the file's text, not a re-serialised tree: comments, key order, quoting and
//! untouched lines stay byte for byte. New keys are inserted where a reader expects them
//! (`start`/`end` first in the span, `text_sha256` after `annotator`). The result is written to
//! a temporary file in the same folder and renamed over the original, so a crash never leaves
//! half a file. It never guesses: an ambiguous or missing text is reported and left alone.

use std::io::Write;
use std::path::{Path, PathBuf};

use concord_schema::yaml::{self, Pos};
use concord_schema::{AnnotationFile, Document, Text};

use crate::check::{attach_source_lines, load_error, selector_diagnostic};
use crate::diagnostic::{Code, Diagnostic};
use crate::project::{FatalError, Project};
use crate::resolve::{Resolution, resolve_entry};

/// What `fix` did to one file.
#[derive(Debug, Default)]
pub struct FileFix {
    pub path: PathBuf,
    /// Spans whose offsets were filled in.
    pub offsets_filled: usize,
    /// Spans whose `text` was filled in.
    pub texts_filled: usize,
    /// The pin was written or renewed.
    pub pinned: bool,
    /// Why something could not be fixed.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each filled-in span landed, so the annotator can check the occurrence was the one meant.
    pub placed: Vec<Placement>,
}

/// A span whose offsets `fix` filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Line of the span's `text:` in the annotation file.
    pub line: u32,
    pub start: usize,
    pub end: usize,
    /// The span in context, marked `[like this]`.
    pub excerpt: String,
}

impl FileFix {
    pub fn changed(&self) -> bool {
        self.offsets_filled > 0 || self.texts_filled > 0 || self.pinned
    }
}

/// One change `fix` makes to a file's text: the bytes `from..to` of the source become `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub from: usize,
    pub to: usize,
    pub text: String,
    /// The span entry the edit is about (its index in `spans`); `None` for the pin.
    pub span: Option<usize>,
}

/// Fixes `source` (the file at `path`) against `doc`. Returns the new text when anything changed.
pub fn fix_source(path: &Path, source: &str, doc: &Document) -> (Option<String>, FileFix) {
    let (edits, report) = fix_edits(path, source, doc);
    if edits.is_empty() {
        return (None, report);
    }
    (Some(apply_edits(source, edits)), report)
}

/// Applies edits that do not overlap (in any order) to `source`.
pub fn apply_edits(source: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse((e.from, e.to)));
    let mut out = source.to_owned();
    for e in edits {
        if e.from <= e.to && e.to <= out.len() && out.is_char_boundary(e.from) && out.is_char_boundary(e.to) {
            out.replace_range(e.from..e.to, &e.text);
        }
    }
    out
}

/// The insertion of `start`/`end` at the head of a span entry, in the style `fix` writes them
/// (before the entry's first key; inside the braces of a flow mapping).
pub(crate) fn offsets_insertion(
    source: &str,
    entry_at: usize,
    column: u32,
    start: usize,
    end: usize,
) -> (usize, String) {
    let newline = if source.contains("\r\n") { "\r\n" } else { "\n" };
    let indent = " ".repeat(column.saturating_sub(1) as usize);
    if source[entry_at..].starts_with('{') {
        (entry_at + 1, format!(" start: {start}, end: {end}, "))
    } else {
        (entry_at, format!("start: {start}{newline}{indent}end: {end}{newline}{indent}"))
    }
}

/// What `fix` would change in `source`, edit by edit (an editor offers them one span at a time),
/// and its report.
pub fn fix_edits(path: &Path, source: &str, doc: &Document) -> (Vec<Edit>, FileFix) {
    let mut report = FileFix { path: path.to_owned(), ..FileFix::default() };
    let tree = match yaml::parse(source) {
        Ok(tree) => tree,
        Err(e) => {
            report.diagnostics.push(Diagnostic::new(Code::YamlSyntax, path, e.pos.line, e.pos.column, e.message));
            attach_source_lines(source, &mut report.diagnostics);
            return (Vec::new(), report);
        }
    };
    let file = AnnotationFile::decode(&tree);
    let chars = Text::new(source.to_owned());
    let byte = |p: Pos| chars.byte_of(p.offset as usize).unwrap_or(source.len());
    let newline = if source.contains("\r\n") { "\r\n" } else { "\n" };
    let mut edits: Vec<Edit> = Vec::new();
    let edit = |from: usize, to: usize, text: String, span: Option<usize>| Edit { from, to, text, span };
    let mut all_texts_match = true;

    for entry in file.spans.iter().flatten() {
        let flow = source[byte(entry.at)..].starts_with('{');
        let span = Some(entry.index);
        match (&entry.start, &entry.end, &entry.text) {
            (None, None, Some(text)) => {
                all_texts_match = false;
                let Some(resolution) = resolve_entry(&doc.text, entry) else { continue };
                match resolution {
                    Resolution::Found { start, end } => {
                        let (at, insertion) = offsets_insertion(source, byte(entry.at), entry.at.column, start, end);
                        edits.push(edit(at, at, insertion, span));
                        report.offsets_filled += 1;
                        report.placed.push(Placement {
                            line: text.at.line,
                            start,
                            end,
                            excerpt: crate::resolve::excerpt(&doc.text, start, end, 30),
                        });
                    }
                    other => report.diagnostics.push(selector_diagnostic(path, doc, entry, &other)),
                }
            }
            (Some(_), Some(end), None) if !flow => {
                let Some((s, e)) = entry.range() else { continue };
                let Some(slice) = doc.text.slice(s, e).filter(|_| s < e) else { continue };
                let key_indent = " ".repeat(end.key.column.saturating_sub(1) as usize);
                let line_end = source[byte(end.at)..].find('\n').map_or(source.len(), |i| byte(end.at) + i);
                let line_end = if source[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
                let text = format!("{newline}{key_indent}text: {}", yaml::string_scalar(slice));
                edits.push(edit(line_end, line_end, text, span));
                report.texts_filled += 1;
            }
            (Some(_), Some(_), Some(text)) => {
                let matches = entry.range().and_then(|(s, e)| doc.text.slice(s, e)) == Some(text.value);
                all_texts_match &= matches;
            }
            _ => all_texts_match = false,
        }
    }

    match &file.text_sha256 {
        None => {
            let anchor = file.annotator.as_ref().or(file.document.as_ref());
            if let Some(field) = anchor
                && !source[byte(tree.start)..].starts_with('{')
            {
                let line_end = source[byte(field.at)..].find('\n').map_or(source.len(), |i| byte(field.at) + i);
                let line_end = if source[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
                let indent = " ".repeat(field.key.column.saturating_sub(1) as usize);
                edits.push(edit(line_end, line_end, format!("{newline}{indent}text_sha256: {}", doc.sha256), None));
                report.pinned = true;
            }
        }
        Some(pin) if pin.value != doc.sha256 => {
            let from = byte(pin.at);
            if all_texts_match && let Some(i) = source[from..].find(pin.value) {
                edits.push(edit(from + i, from + i + pin.value.len(), doc.sha256.clone(), None));
                report.pinned = true;
            } else {
                report.diagnostics.push(
                    Diagnostic::new(
                        Code::DocumentChanged,
                        path,
                        pin.at.line,
                        pin.at.column,
                        "the document changed since this file was pinned, and not every span's `text` matches it",
                    )
                    .help(
                        "correct the spans (validate shows where each text now occurs), then run fix again to re-pin",
                    ),
                );
            }
        }
        Some(_) => {}
    }
    attach_source_lines(source, &mut report.diagnostics);
    (edits, report)
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, renamed over it.
pub fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().sync_all()?;
    match std::fs::metadata(path) {
        Ok(meta) => tmp.as_file().set_permissions(meta.permissions())?,
        // A temporary file is private (0600); a new file gets the usual rw-r--r--.
        #[cfg(unix)]
        Err(_) => {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        #[cfg(not(unix))]
        Err(_) => {}
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Runs `fix` over a project (all files, or `paths`). `dry_run` computes without writing.
pub fn fix(root: &Path, paths: &[PathBuf], dry_run: bool) -> Result<Vec<FileFix>, FatalError> {
    let project = Project::open(root)?;
    let files = if paths.is_empty() {
        project.layout.discover().map_err(FatalError::Annotations)?.files
    } else {
        paths
            .iter()
            .map(|p| {
                project.layout.classify(p).map_err(|source| FatalError::NotAnnotationFile { path: p.clone(), source })
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let (documents, _) = project.read_documents(files.iter().map(|f| f.document.as_str()));
    let mut results = Vec::with_capacity(files.len());
    for f in &files {
        let mut report = FileFix { path: f.path.clone(), ..FileFix::default() };
        let source = match concord_schema::read_utf8(&f.path) {
            Ok(s) => s,
            Err(e) => {
                report.diagnostics.push(load_error(&f.path, &e));
                results.push(report);
                continue;
            }
        };
        let Some(Some(doc)) = documents.get(&f.document) else {
            report.diagnostics.push(Diagnostic::new(
                Code::UnknownDocument,
                &f.path,
                0,
                0,
                format!("there is no readable document `{}` in the corpus", f.document),
            ));
            results.push(report);
            continue;
        };
        let (new, mut fixed) = fix_source(&f.path, &source, doc);
        project.checks.apply(&mut fixed.diagnostics);
        if let Some(new) = new
            && !dry_run
            && let Err(e) = write_atomically(&f.path, &new)
        {
            fixed.diagnostics.push(Diagnostic::new(
                Code::Unreadable,
                &f.path,
                0,
                0,
                format!("cannot write the file: {e}"),
            ));
            fixed.offsets_filled = 0;
            fixed.texts_filled = 0;
            fixed.pinned = false;
        }
        results.push(fixed);
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_old_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("new.yaml");
        write_atomically(&path, "a: 1\n").expect("writes");
        assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        write_atomically(&path, "a: 2\n").expect("writes");
        assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "a: 2\n");
    }

    fn doc() -> Document {
        Document::from_text("d1", "In 2014, “ISIS” spread — ISIS’s reach… grew in Pakistan.".to_owned())
    }

    #[test]
    fn fills_offsets_and_pin_keeping_comments_and_order() {
        let src = "# my notes\ndocument: d1\nannotator: a   # me\nspans:\n  # the group\n  - text: ISIS\n    occurrence: 2\n    label: MILITANT_GROUP\n  - {text: Pakistan, label: GPE}\n";
        let (new, report) = fix_source(Path::new("a/d1.yaml"), src, &doc());
        let new = new.expect("changed");
        assert_eq!(report.offsets_filled, 2, "{:?}", report.diagnostics);
        assert!(report.pinned);
        let expected = format!(
            "# my notes\ndocument: d1\nannotator: a   # me\ntext_sha256: {}\nspans:\n  # the group\n  - start: 25\n    end: 29\n    text: ISIS\n    occurrence: 2\n    label: MILITANT_GROUP\n  - {{ start: 47, end: 55, text: Pakistan, label: GPE}}\n",
            doc().sha256
        );
        assert_eq!(new, expected);
        // Idempotent: a second run changes nothing.
        assert!(fix_source(Path::new("a/d1.yaml"), &new, &doc()).0.is_none());
    }

    #[test]
    fn refuses_to_guess() {
        let src = "document: d1\nannotator: a\nspans:\n  - text: ISIS\n    label: MILITANT_GROUP\n";
        let (new, report) = fix_source(Path::new("a/d1.yaml"), src, &doc());
        assert_eq!(report.offsets_filled, 0);
        assert_eq!(report.diagnostics.len(), 1);
        assert!(report.diagnostics[0].message.contains("occurs 2 times"), "{}", report.diagnostics[0].message);
        // The pin is still written; the span is left for the annotator.
        assert!(new.expect("pinned").contains("  - text: ISIS\n"));
    }

    #[test]
    fn fills_text_from_offsets_and_keeps_crlf() {
        let src =
            "document: d1\r\nannotator: a\r\nspans:\r\n  - start: 9\r\n    end: 15\r\n    label: MILITANT_GROUP\r\n";
        let (new, report) = fix_source(Path::new("a/d1.yaml"), src, &doc());
        assert_eq!(report.texts_filled, 1);
        let new = new.expect("changed");
        assert!(new.contains("    end: 15\r\n    text: “ISIS”\r\n"), "{new}");
        assert!(!new.replace("\r\n", "").contains('\n'));
    }
}
