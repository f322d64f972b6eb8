//! brat standoff: one `X.ann` of annotations beside each `X.txt` document text
//! (<https://brat.nlplab.org/standoff.html>), and the collection's `annotation.conf` /
//! `visual.conf` ([`crate::brat_conf`]).
//!
//! An `.ann` line is an id, a tab, the annotation, and for most kinds a tab and a text:
//! `T1⇥GPE 7 13⇥Quetta` (text-bound: type, offsets, the covered text), `T2⇥ORG 0 5;10 15⇥frag1
//! frag2` (discontinuous: fragments joined by `;`, their texts by one space), `#1⇥AnnotatorNotes
//! T1⇥free text`, and relations `R`, events `E`, attributes `A`/`M`, normalizations `N` and
//! equivalences `*`. Offsets are code points (Python `str` indices), half-open — as in concord.
//!
//! Design choices:
//! - **What maps to what.** A `T` line is a span (event triggers too: their `T` lines are
//!   text-bound like entities); an `AnnotatorNotes` comment is that span's `note:` (several on one
//!   entity are joined with line breaks; a note on an event goes to its trigger). Relations,
//!   events' structure, attributes, normalizations, equivalences and other comments have no place
//!   in concord: they are skipped with one notice per file that counts each kind.
//! - **Documents** are matched by file stem and, when `X.txt` is there, by its text, byte for
//!   byte ([`Corpus::match_document`]). Every `T` line's text field is checked against the
//!   document, so an `.ann` without its `.txt` is still verified span by span.
//! - **Annotators.** brat files name no annotator. A `PATH` whose `.ann` files sit in subfolders
//!   (`PATH/alice/…`, as the export writes) files each top-level subfolder's documents under that
//!   folder's name; `.ann` files directly in `PATH`, or a single `.ann` file, need `--annotator`.
//!   `--annotator` always wins and files everything under one name. A notice lists the names
//!   taken from folders, so a collection of batch folders is not mistaken silently.
//! - **Line breaks.** An `.ann` line cannot hold a line break, so brat cuts a span at line breaks
//!   and tabs into fragments. The export does the same (a span over `Khorasan\nbranch` becomes
//!   `… 10 18;19 25⇥Khorasan branch`), and the import joins fragments separated only by
//!   whitespace back into one span, whatever `--discontinuous` says: the round trip is the
//!   identity. A span cannot start or end with a line break in brat; such edges are left out on
//!   export, with a notice.
//! - **Discontinuous entities** (fragments with text between them) are refused by default with
//!   the line and column; `--discontinuous split` imports each fragment as a span of the entity's
//!   label, with one notice per file.
//! - **Export layout**: `OUT/<annotator>/<document>.txt` + `.ann`, and `OUT/annotation.conf` +
//!   `OUT/visual.conf` once at the root, which brat finds by looking up from each annotator
//!   folder. `T` ids follow span order (start, end, label); an empty annotation is an empty
//!   `.ann`, which reads back as "annotated, nothing found".
//! - Offsets are the `.txt`'s code points as they are, a `\r` of `\r\n` line ends included.
//!   brat versions differ in whether they read `\r\n` as one character; an `.ann` made by one
//!   that did fails the text check at its first span after a line break, with its place.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use concord_schema::{Document, LoadError};

use crate::brat_conf;
use crate::error::{ConvertError, ErrorKind, Location};
use crate::export::{ExportSpan, OutputFile};
use crate::import::{ImportedAnnotation, ImportedSpan};
use crate::notice::Notice;
use crate::{Corpus, Discontinuous, ExportInput, Exported, Imported, ReadOptions};

/// What brat joins the texts of an entity's fragments with.
const FRAGMENT_SEPARATOR: &str = " ";

/// Characters an `.ann` line cannot hold inside a text: line breaks as Python's `str.splitlines`
/// knows them, and the tab that separates fields. brat cuts spans at `\n` and `\t`.
fn breaks_ann_line(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\t' | '\u{0b}' | '\u{0c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// What may separate two fragments that are still one span.
fn joins_fragments(c: char) -> bool {
    c.is_whitespace() || breaks_ann_line(c)
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/// Reads a brat folder (walked recursively, sorted, symlinks inside it not followed) or one
/// `.ann` file.
pub fn import(path: &Path, corpus: &Corpus, options: &ReadOptions) -> Result<Imported, ConvertError> {
    let meta = std::fs::metadata(path).map_err(|e| ConvertError::io(path, &e))?;
    let mut notices = Vec::new();
    let (jobs, conf_dir) = if meta.is_dir() {
        (folder_jobs(path, options, &mut notices)?, path.to_owned())
    } else if meta.is_file() && path.extension().is_some_and(|e| e == "ann") {
        let annotator = options.annotator_name(None, &Location::file(path)).map_err(|e| {
            e.help("a single .ann file names no annotator; a folder of annotator subfolders does (PATH/alice/doc.ann)")
        })?;
        let dir = path.parent().map(Path::to_owned).unwrap_or_default();
        (vec![(path.to_owned(), annotator)], dir)
    } else {
        return Err(ConvertError::at(
            ErrorKind::Unsupported,
            Location::file(path),
            "expected a brat folder or an .ann file",
        )
        .help("pass the folder that holds the .ann and .txt files (or annotator subfolders of them)"));
    };

    let mut annotations = Vec::with_capacity(jobs.len());
    for (ann_path, annotator) in jobs {
        let (annotation, file_notices) = read_ann(&ann_path, annotator, corpus, options.discontinuous)?;
        annotations.push(annotation);
        notices.extend(file_notices);
    }
    let declared_labels = read_confs(&conf_dir, &mut notices)?;
    Ok(Imported { annotations, notices, declared_labels })
}

/// Every `.ann` file under `root` with the annotator it is filed under.
fn folder_jobs(
    root: &Path,
    options: &ReadOptions,
    notices: &mut Vec<Notice>,
) -> Result<Vec<(PathBuf, String)>, ConvertError> {
    let mut walk = Walk::default();
    walk.visit(root)?;
    if walk.ann_files.is_empty() {
        return Err(ConvertError::at(ErrorKind::Unsupported, Location::file(root), "no .ann file in this folder")
            .help("brat keeps each document as X.txt with its annotations in X.ann beside it"));
    }
    if walk.lonely_texts > 0 {
        notices.push(Notice::new(
            Some(Location::file(root)),
            format!(
                "{} .txt file(s) without an .ann beside them were skipped (brat writes the .ann when a document is first opened)",
                walk.lonely_texts
            ),
        ));
    }
    if walk.symlinks > 0 {
        notices.push(Notice::new(
            Some(Location::file(root)),
            format!("{} symbolic link(s) were not followed", walk.symlinks),
        ));
    }
    let mut jobs = Vec::with_capacity(walk.ann_files.len());
    let mut from_folders: BTreeMap<String, usize> = BTreeMap::new();
    for ann in walk.ann_files {
        let relative = ann.strip_prefix(root).unwrap_or(&ann);
        let folder = relative.components().next().filter(|_| relative.components().count() > 1);
        let annotator = match (&options.annotator, folder) {
            (Some(name), _) => name.clone(),
            (None, Some(folder)) => {
                let name = folder.as_os_str().to_string_lossy();
                let annotator = options.annotator_name(Some(&name), &Location::file(root.join(folder)))?;
                *from_folders.entry(annotator.clone()).or_default() += 1;
                annotator
            }
            (None, None) => options.annotator_name(None, &Location::file(&ann)).map_err(|e| {
                e.help("or put each annotator's files in a subfolder named after them: PATH/alice/doc.ann")
            })?,
        };
        jobs.push((ann, annotator));
    }
    if !from_folders.is_empty() {
        let list: Vec<String> = from_folders.iter().map(|(a, n)| format!("`{a}` ({n} file(s))")).collect();
        notices.push(Notice::new(
            Some(Location::file(root)),
            format!(
                "annotators taken from the subfolder names: {} (pass --annotator to file everything under one name)",
                list.join(", ")
            ),
        ));
    }
    Ok(jobs)
}

#[derive(Default)]
struct Walk {
    ann_files: Vec<PathBuf>,
    lonely_texts: usize,
    symlinks: usize,
}

impl Walk {
    fn visit(&mut self, dir: &Path) -> Result<(), ConvertError> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| ConvertError::io(dir, &e))? {
            let entry = entry.map_err(|e| ConvertError::io(dir, &e))?;
            let kind = entry.file_type().map_err(|e| ConvertError::io(&entry.path(), &e))?;
            entries.push((entry.file_name(), kind));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let names: std::collections::BTreeSet<&std::ffi::OsStr> = entries.iter().map(|(n, _)| n.as_os_str()).collect();
        for (name, kind) in &entries {
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = dir.join(name);
            if kind.is_symlink() {
                self.symlinks += 1;
            } else if kind.is_dir() {
                self.visit(&path)?;
            } else if kind.is_file() {
                match path.extension().and_then(|e| e.to_str()) {
                    Some("ann") => self.ann_files.push(path),
                    Some("txt") => {
                        let ann = Path::new(name).with_extension("ann");
                        if !names.contains(ann.as_os_str()) {
                            self.lonely_texts += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

fn load_error(e: LoadError) -> ConvertError {
    let location = match e.line_column() {
        Some((line, column)) => Location::at(e.path(), line, column),
        None => Location::file(e.path()),
    };
    let kind = match e {
        LoadError::NotUtf8 { .. } | LoadError::Invalid { .. } => ErrorKind::Syntax,
        LoadError::Io { .. } | LoadError::TooLarge { .. } => ErrorKind::Io,
    };
    let message = e.to_string();
    // The display text starts with the place; keep only what follows it.
    let message = message.split_once(": ").map_or(message.as_str(), |(_, m)| m).to_owned();
    ConvertError::at(kind, location, message)
}

/// The nearest `annotation.conf` (and `visual.conf`) in `dir` or a folder above it, as brat
/// looks for them.
fn read_confs(
    dir: &Path,
    notices: &mut Vec<Notice>,
) -> Result<Option<Vec<crate::import::DeclaredLabel>>, ConvertError> {
    let Some(conf) = nearest(dir, "annotation.conf") else { return Ok(None) };
    let source = concord_schema::read_utf8(&conf).map_err(load_error)?;
    let mut declared = brat_conf::parse_annotation_conf(&conf, &source)?;
    if let Some(visual) = nearest(dir, "visual.conf") {
        let source = concord_schema::read_utf8(&visual).map_err(load_error)?;
        let (colors, visual_notices) = brat_conf::parse_visual_conf(&visual, &source);
        brat_conf::apply_colors(&mut declared, &colors);
        notices.extend(visual_notices);
    }
    Ok(Some(declared))
}

fn nearest(dir: &Path, name: &str) -> Option<PathBuf> {
    // The folders of `dir` as written (so messages show the path the user gave), then, for a
    // relative `dir`, the folders above the current one.
    let above_cwd = dir.is_relative().then(std::env::current_dir).and_then(Result::ok);
    dir.ancestors()
        .map(|d| d.join(name))
        .chain(above_cwd.iter().flat_map(|cwd| cwd.ancestors().skip(1).map(|d| d.join(name))))
        .find(|p| p.is_file())
}

/// One entity as its `T` line gives it.
struct Entity {
    label: String,
    /// Fragments in code points, as written.
    fragments: Vec<(usize, usize)>,
    at: Location,
    notes: Vec<String>,
    /// Whether fragments separated only by whitespace were joined.
    joined: bool,
}

/// What a file holds that concord cannot, counted for the notice.
#[derive(Default)]
struct Skipped {
    relations: usize,
    events: usize,
    attributes: usize,
    normalizations: usize,
    equivalences: usize,
    other_comments: usize,
    notes_elsewhere: usize,
    trailing_text: usize,
}

impl Skipped {
    fn notice(&self, path: &Path) -> Option<Notice> {
        let kinds = [
            (self.relations, "relation(s) (R)"),
            (self.events, "event(s) (E; their trigger spans were imported)"),
            (self.attributes, "attribute(s) (A/M)"),
            (self.normalizations, "normalization(s) (N)"),
            (self.equivalences, "equivalence(s) (*)"),
            (self.notes_elsewhere, "note(s) on relations or attributes"),
            (self.other_comments, "comment(s) other than AnnotatorNotes"),
            (self.trailing_text, "text(s) after an entity's text field"),
        ];
        let parts: Vec<String> = kinds.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
        (!parts.is_empty()).then(|| {
            Notice::new(Some(Location::file(path)), format!("skipped what concord cannot hold: {}", parts.join(", ")))
        })
    }
}

/// Where `part` (a slice of `line`) starts, as a 1-based code-point column.
fn column(line: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).saturating_sub(line.as_ptr() as usize).min(line.len());
    line.get(..offset).map_or(1, |before| before.chars().count() + 1)
}

/// Ids as brat takes them: `*`, or letters (or `#` and letters), digits, and any tail.
fn id_kind(id: &str) -> Option<char> {
    if id == "*" {
        return Some('*');
    }
    let first = id.chars().next()?;
    let prefix_len = if first == '#' {
        1 + id[1..].chars().take_while(char::is_ascii_alphabetic).count()
    } else {
        id.chars().take_while(char::is_ascii_alphabetic).count()
    };
    let digits = id[prefix_len..].chars().next().is_some_and(|c| c.is_ascii_digit());
    (prefix_len > 0 && digits).then_some(first)
}

fn read_ann(
    path: &Path,
    annotator: String,
    corpus: &Corpus,
    discontinuous: Discontinuous,
) -> Result<(ImportedAnnotation, Vec<Notice>), ConvertError> {
    let source = concord_schema::read_utf8(path).map_err(load_error)?;
    let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
    let txt_path = path.with_extension("txt");
    let txt = if txt_path.is_file() {
        Some(
            concord_schema::read_utf8_limited(&txt_path, concord_schema::corpus::MAX_DOCUMENT_BYTES)
                .map_err(load_error)?,
        )
    } else {
        None
    };
    let stem = path.file_stem().and_then(|s| s.to_str());
    let at_doc = Location::file(if txt.is_some() { &txt_path } else { path });
    let doc = corpus.match_document(stem, txt.as_deref(), &at_doc)?;

    let mut notices = Vec::new();
    let mut skipped = Skipped::default();
    let mut ids: HashMap<&str, (usize, char)> = HashMap::new();
    let mut entities: Vec<(String, Entity)> = Vec::new();
    let mut entity_index: HashMap<String, usize> = HashMap::new();
    let mut triggers: HashMap<&str, &str> = HashMap::new();
    // (target id, note, line, column of the target)
    let mut notes: Vec<(&str, &str, usize, usize)> = Vec::new();

    for (i, raw) in source.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let at = |part: &str| Location::at(path, line_no, column(line, part));
        let Some((id, rest)) = line.split_once('\t') else {
            return Err(ConvertError::syntax(
                Location::at(path, line_no, line.chars().count() + 1),
                "expected a tab after the annotation id",
            )
            .help("brat lines are ID⇥ANNOTATION⇥TEXT, e.g. `T1⇥GPE 7 13⇥Quetta`"));
        };
        let Some(kind) = id_kind(id) else {
            return Err(ConvertError::syntax(at(id), format!("`{id}` is not a brat annotation id"))
                .help("ids are a type letter and a number: T1, R2, E3, A4, N5, #6, or * for equivalences"));
        };
        if kind != '*'
            && let Some((first, _)) = ids.insert(id, (line_no, kind))
        {
            return Err(ConvertError::syntax(at(id), format!("id `{id}` is used twice (first on line {first})")));
        }
        let (data, text_field) = match rest.split_once('\t') {
            Some((data, text)) => (data, Some(text)),
            None => (rest, None),
        };
        match kind {
            'T' => {
                let entity =
                    parse_textbound(path, line_no, line, (data, text_field), doc, txt.is_some(), &mut skipped)?;
                let entity = join_whitespace_gaps(entity, doc);
                if entity.fragments.len() > 1 && discontinuous == Discontinuous::Refuse {
                    return Err(ConvertError::at(
                        ErrorKind::Unsupported,
                        at(data.split_once(' ').map_or(data, |(_, offsets)| offsets)),
                        format!(
                            "`{id}` is a discontinuous entity ({} fragments with text between them); concord spans are contiguous",
                            entity.fragments.len()
                        ),
                    )
                    .help("pass --discontinuous split to import each fragment as a span of its own")
                    .help("or join the fragments into one span in brat and export again"));
                }
                entity_index.insert(id.to_owned(), entities.len());
                entities.push((id.to_owned(), entity));
            }
            'E' => {
                let head = data.split(' ').next().unwrap_or_default();
                match head.split_once(':') {
                    Some((ty, trigger)) if !ty.is_empty() && !trigger.is_empty() && !trigger.contains(':') => {
                        triggers.insert(id, trigger);
                    }
                    _ => {
                        return Err(ConvertError::syntax(at(data), "an event starts with TYPE:TRIGGER")
                            .help("e.g. `E1⇥Attack:T3 Target:T1`"));
                    }
                }
                skipped.events += 1;
            }
            'R' => skipped.relations += 1,
            'A' | 'M' => skipped.attributes += 1,
            'N' => skipped.normalizations += 1,
            '*' => skipped.equivalences += 1,
            '#' => {
                let parts: Vec<&str> = data.split_whitespace().collect();
                let [ty, target] = parts[..] else {
                    return Err(ConvertError::syntax(at(data), "a note line is `#N⇥TYPE TARGET⇥TEXT`")
                        .help("e.g. `#1⇥AnnotatorNotes T1⇥checked with the editor`"));
                };
                if ty == "AnnotatorNotes" {
                    notes.push((target, text_field.unwrap_or_default(), line_no, column(line, target)));
                } else {
                    skipped.other_comments += 1;
                }
            }
            other => {
                return Err(ConvertError::syntax(at(id), format!("unknown annotation type `{other}`"))
                    .help("brat lines are T (text-bound), R, E, A, M, N, # and *"));
            }
        }
    }

    for (target, note, line_no, col) in notes {
        let target = triggers.get(target).copied().filter(|t| entity_index.contains_key(*t)).unwrap_or(target);
        if let Some(&i) = entity_index.get(target) {
            entities[i].1.notes.push(note.to_owned());
        } else if ids.contains_key(target) {
            skipped.notes_elsewhere += 1;
        } else {
            return Err(ConvertError::syntax(
                Location::at(path, line_no, col),
                format!("this note is on `{target}`, which the file does not define"),
            ));
        }
    }

    let mut spans = Vec::new();
    let mut joined = 0;
    let mut split: Vec<(String, usize)> = Vec::new();
    for (id, entity) in entities {
        let note = (!entity.notes.is_empty()).then(|| entity.notes.join("\n"));
        if entity.fragments.len() > 1 {
            split.push((id, entity.at.line));
        }
        if entity.joined {
            joined += 1;
        }
        for (start, end) in entity.fragments {
            spans.push(ImportedSpan {
                start,
                end,
                label: entity.label.clone(),
                note: note.clone(),
                at: entity.at.clone(),
            });
        }
    }
    if joined > 0 {
        notices.push(Notice::new(
            Some(Location::file(path)),
            format!(
                "{joined} entit(ies) made of fragments separated only by line breaks or spaces were read as one span each \
                 (brat cuts a span at line breaks)"
            ),
        ));
    }
    if !split.is_empty() {
        let shown: Vec<String> = split.iter().take(5).map(|(id, line)| format!("{id} (line {line})")).collect();
        let more = if split.len() > 5 { format!(", and {} more", split.len() - 5) } else { String::new() };
        notices.push(Notice::new(
            Some(Location::file(path)),
            format!(
                "{} discontinuous entit(ies) split into one span per fragment: {}{more}",
                split.len(),
                shown.join(", ")
            ),
        ));
    }
    notices.extend(skipped.notice(path));
    let annotation = ImportedAnnotation { document: doc.id.clone(), annotator, source: Location::file(path), spans };
    Ok((annotation, notices))
}

/// Parses `TYPE START END[;START END]…` and checks the text field against the document.
fn parse_textbound(
    path: &Path,
    line_no: usize,
    line: &str,
    (data, text_field): (&str, Option<&str>),
    doc: &Document,
    has_txt: bool,
    skipped: &mut Skipped,
) -> Result<Entity, ConvertError> {
    let at = |part: &str| Location::at(path, line_no, column(line, part));
    let Some((label, offsets)) = data.split_once(' ') else {
        return Err(
            ConvertError::syntax(at(data), "expected `TYPE START END` after the id").help("e.g. `T1⇥GPE 7 13⇥Quetta`")
        );
    };
    if label.is_empty() {
        return Err(ConvertError::syntax(at(data), "the entity has no type"));
    }
    let len = doc.text.len_chars();
    let mut fragments: Vec<(usize, usize)> = Vec::new();
    for fragment in offsets.split(';') {
        let numbers: Vec<&str> = fragment.split_whitespace().collect();
        let [start, end] = numbers[..] else {
            let where_ = if fragment.trim().is_empty() { offsets } else { fragment };
            return Err(ConvertError::syntax(at(where_), format!("expected `START END`, found `{fragment}`"))
                .help("fragments of a discontinuous entity are separated by `;`: `0 5;10 15`"));
        };
        let number = |s: &str| -> Result<usize, ConvertError> {
            if !s.chars().all(|c| c.is_ascii_digit()) {
                return Err(ConvertError::syntax(at(s), format!("offset `{s}` is not a whole number")));
            }
            s.parse::<usize>().map_err(|_| ConvertError::syntax(at(s), format!("offset `{s}` is too large")))
        };
        let (s, e) = (number(start)?, number(end)?);
        if s > e {
            return Err(ConvertError::syntax(at(start), format!("the start {s} is after the end {e}")));
        }
        if e > len {
            return Err(ConvertError::at(
                ErrorKind::Unsupported,
                at(end),
                format!("offset {e} is past the end of document `{}` ({len} code points)", doc.id),
            )
            .help("brat offsets count code points of the .txt; was the .ann made against another text?"));
        }
        if let Some(&(os, oe)) = fragments.iter().find(|&&(os, oe)| s < oe && os < e) {
            return Err(ConvertError::syntax(at(start), format!("fragment {s} {e} overlaps fragment {os} {oe}")));
        }
        fragments.push((s, e));
    }
    let expected: String = fragments
        .iter()
        .map(|&(s, e)| doc.text.slice(s, e).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(FRAGMENT_SEPARATOR);
    let missing = text_field.is_none_or(|f| f.trim().is_empty() && !expected.is_empty());
    match text_field {
        // brat fills a missing text from the .txt; without the .txt nothing would check the offsets.
        _ if missing && !has_txt => {
            return Err(ConvertError::at(
                ErrorKind::TextMismatch,
                Location::at(path, line_no, line.chars().count() + 1),
                "this entity has no text, and there is no .txt beside the .ann: nothing shows its offsets fit the document",
            )
            .help("put the document's .txt beside the .ann (brat keeps them together)"));
        }
        _ if missing => {}
        None => {}
        Some(field) => {
            let n = expected.chars().count();
            let cut = field.char_indices().nth(n).map_or(field.len(), |(b, _)| b);
            let (head, tail) = field.split_at(cut);
            if head != expected || tail.starts_with(|c: char| !c.is_whitespace()) {
                let shown: String = field.chars().take(n + 10).collect();
                let near = fragments.first().map_or(0, |f| f.0);
                let occurs = crate::corpus::where_it_occurs(doc, field.trim_end(), near);
                return Err(ConvertError::at(
                    ErrorKind::TextMismatch,
                    at(field),
                    format!(
                        "the entity's text {shown:?} differs from document `{}` at {}: {expected:?}",
                        doc.id,
                        fragments.iter().map(|(s, e)| format!("[{s}, {e})")).collect::<Vec<_>>().join(" ")
                    ),
                )
                .help(occurs.unwrap_or_else(|| "the text occurs nowhere in the document".to_owned()))
                .help("the offsets were made against other text; import stopped, nothing was written"));
            }
            if !tail.trim().is_empty() {
                skipped.trailing_text += 1;
            }
        }
    }
    Ok(Entity { label: label.to_owned(), fragments, at: at(label), notes: Vec::new(), joined: false })
}

/// Joins fragments that only whitespace separates (brat cuts spans at line breaks).
fn join_whitespace_gaps(mut entity: Entity, doc: &Document) -> Entity {
    if entity.fragments.len() < 2 {
        return entity;
    }
    let mut sorted = entity.fragments.clone();
    sorted.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match merged.last_mut() {
            Some(last) if doc.text.slice(last.1, s).is_some_and(|gap| gap.chars().all(joins_fragments)) => last.1 = e,
            _ => merged.push((s, e)),
        }
    }
    if merged.len() < entity.fragments.len() {
        entity.fragments = merged;
        entity.joined = true;
    }
    entity
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/// `OUT/annotation.conf`, `OUT/visual.conf`, and `OUT/<annotator>/<document>.txt` + `.ann`.
pub fn export(input: &ExportInput) -> Result<Exported, ConvertError> {
    let mut files = vec![
        OutputFile { path: PathBuf::from("annotation.conf"), contents: brat_conf::annotation_conf(&input.labels) },
        OutputFile { path: PathBuf::from("visual.conf"), contents: brat_conf::visual_conf(&input.labels) },
    ];
    let mut notices = Vec::new();
    let unsafe_names: Vec<&str> =
        input.labels.names().filter(|n| brat_conf::storage_form(n) != *n || n.is_empty()).collect();
    if !unsafe_names.is_empty() {
        notices.push(Notice::new(
            None,
            format!(
                "brat stores type names of ASCII letters, digits, `_` and `-` only; it will show these labels as unknown types: {}",
                unsafe_names.join(", ")
            ),
        ));
    }
    for doc in &input.documents {
        for (annotator, spans) in &doc.by_annotator {
            let dir = PathBuf::from(annotator);
            let ann_path = dir.join(format!("{}.ann", doc.id));
            let ann = render_ann(&doc.text, spans, &ann_path, &mut notices)?;
            files
                .push(OutputFile { path: dir.join(format!("{}.txt", doc.id)), contents: doc.text.as_str().to_owned() });
            files.push(OutputFile { path: ann_path, contents: ann });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Exported { files, notices })
}

/// The runs of `[start, end)` that hold no line break or tab, as code-point ranges.
fn fragments_of(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut run: Option<usize> = None;
    let mut i = start;
    for c in text.chars() {
        if breaks_ann_line(c) {
            if let Some(s) = run.take() {
                out.push((s, i));
            }
        } else {
            run.get_or_insert(i);
        }
        i += 1;
    }
    if let Some(s) = run {
        out.push((s, i));
    }
    out
}

fn render_ann(
    text: &concord_schema::Text,
    spans: &[ExportSpan],
    ann_path: &Path,
    notices: &mut Vec<Notice>,
) -> Result<String, ConvertError> {
    let mut out = String::new();
    let mut t = 0;
    let mut n = 0;
    for span in spans {
        let Some(covered) = text.slice(span.start, span.end) else {
            return Err(ConvertError::new(
                ErrorKind::Project,
                None,
                format!("span [{}, {}) is outside the text of {}", span.start, span.end, ann_path.display()),
            ));
        };
        let fragments = fragments_of(covered, span.start);
        let (Some(&(first, _)), Some(&(_, last))) = (fragments.first(), fragments.last()) else {
            notices.push(Notice::new(
                Some(Location::file(ann_path)),
                format!(
                    "span [{}, {}) `{}` holds only line breaks or tabs, which brat cannot mark; left out",
                    span.start, span.end, span.label
                ),
            ));
            continue;
        };
        if (first, last) != (span.start, span.end) {
            notices.push(Notice::new(
                Some(Location::file(ann_path)),
                format!(
                    "span [{}, {}) `{}` starts or ends with a line break or tab, which brat cannot mark; written as [{first}, {last})",
                    span.start, span.end, span.label
                ),
            ));
        }
        t += 1;
        let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<&str> = fragments.iter().map(|&(s, e)| text.slice(s, e).unwrap_or_default()).collect();
        let _ = writeln!(out, "T{t}\t{} {}\t{}", span.label, offsets.join(";"), texts.join(FRAGMENT_SEPARATOR));
        if let Some(note) = &span.note {
            // One note line per line of the note; the import joins them back with line breaks.
            for piece in note.split('\n') {
                n += 1;
                let _ = writeln!(out, "#{n}\tAnnotatorNotes T{t}\t{}", piece.strip_suffix('\r').unwrap_or(piece));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_text("d", text.to_owned())
    }

    #[test]
    fn ids_are_taken_as_brat_takes_them() {
        assert_eq!(id_kind("T1"), Some('T'));
        assert_eq!(id_kind("T12a"), Some('T'));
        assert_eq!(id_kind("#3"), Some('#'));
        assert_eq!(id_kind("*"), Some('*'));
        assert_eq!(id_kind("T"), None);
        assert_eq!(id_kind("1"), None);
        assert_eq!(id_kind("X1"), Some('X'));
        assert_eq!(id_kind(""), None);
    }

    #[test]
    fn columns_count_code_points() {
        let line = "T1\tGPE 😀 x";
        let x = &line[line.find('x').unwrap_or_default()..];
        assert_eq!(column(line, x), 10);
    }

    #[test]
    fn spans_are_cut_at_line_breaks_and_joined_back() {
        let text = "ab\ncd\u{2028}e\tf";
        assert_eq!(fragments_of(text, 10), vec![(10, 12), (13, 15), (16, 17), (18, 19)]);
        assert_eq!(fragments_of("\n\n", 0), vec![]);
        let d = doc(text);
        let entity = Entity {
            label: "X".into(),
            fragments: vec![(0, 2), (3, 5), (6, 7), (8, 9)],
            at: Location::at("a.ann", 1, 4),
            notes: vec![],
            joined: false,
        };
        let joined = join_whitespace_gaps(entity, &d);
        assert_eq!(joined.fragments, vec![(0, 9)]);
        assert!(joined.joined);
    }

    #[test]
    fn fragments_with_text_between_stay_apart() {
        let d = doc("New York and New Jersey");
        let entity = Entity {
            label: "X".into(),
            fragments: vec![(13, 16), (0, 3)],
            at: Location::at("a", 1, 4),
            notes: vec![],
            joined: false,
        };
        let kept = join_whitespace_gaps(entity, &d);
        assert_eq!(kept.fragments, vec![(13, 16), (0, 3)]);
        assert!(!kept.joined);
    }
}
