//! brat standoff: one `X.ann` of annotations beside each `X.txt` document text
//! (<https://brat.nlplab.org/standoff.html>), and the collection's `annotation.conf` /
//! `visual.conf` ([`conf`]).
//!
//! An `.ann` line is an id, a tab, the annotation, and for most kinds a tab and a text:
//! `T1⇥GPE 7 13⇥Quetta` (text-bound: type, offsets, the covered text), `T2⇥ORG 0 5;10 15⇥frag1
//! frag2` (discontinuous: fragments joined by `;`, their texts by one space), `#1⇥AnnotatorNotes
//! T1⇥free text`, and relations `R`, events `E`, attributes `A`/`M`, normalizations `N` and
//! equivalences `*`. Offsets are code points (Python `str` indices), half-open — as in concord.
//!
//! The module's files: [`files`] finds the `.ann` files, their annotators, the `.txt` beside
//! each and the configuration (all reading goes through [`crate::input`]); [`parse`] turns one
//! `.ann` into spans; [`write`] renders the export; [`fragments`] is brat's own offset rule
//! (spans cut at line breaks, fragments joined back), which both directions share so they
//! cannot disagree; [`conf`] reads and writes `annotation.conf` and `visual.conf`.
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
//! - Offsets are the `.txt`'s code points as they are, a `\r` of `\r\n` line ends included, and
//!   a byte-order mark too: the `.txt` must be the corpus text byte for byte, so the mark that
//!   [`input::read_text`] takes off is put back ([`files::read_text_beside`]). brat versions
//!   differ in whether they read `\r\n` as one character; an `.ann` made by one that did fails
//!   the text check at its first span after a line break, with its place.

pub mod conf;
mod files;
mod fragments;
mod parse;
mod write;

use std::path::Path;

use crate::error::{ConvertError, Location};
use crate::import::ImportedAnnotation;
use crate::input;
use crate::source_map::SourceMap;
use crate::{Corpus, ExportInput, Exported, Imported, ReadOptions};

/// Reads a brat folder (walked by [`input::find_files`]) or one `.ann` file.
pub fn import(path: &Path, corpus: &Corpus, options: &ReadOptions) -> Result<Imported, ConvertError> {
    let mut notices = Vec::new();
    let collection = files::collection(path, options, &mut notices)?;
    let mut annotations = Vec::with_capacity(collection.anns.len());
    for ann in collection.anns {
        let source = input::read_text(&ann.path)?;
        let txt = files::read_text_beside(&ann.path)?;
        let stem = ann.path.file_stem().and_then(|s| s.to_str());
        let at_doc = Location::file(txt.as_ref().map_or(&ann.path, |t| &t.path));
        let doc = corpus.match_document(stem, txt.as_ref().map(|t| t.text.as_str()), &at_doc)?;
        let map = SourceMap::new(&ann.path, &source.text);
        let spans = parse::spans(&map, doc, txt.is_some(), options.discontinuous, &mut notices)?;
        annotations.push(ImportedAnnotation {
            document: doc.id.clone(),
            annotator: ann.annotator,
            source: Location::file(&ann.path),
            spans,
        });
    }
    let declared_labels = files::read_confs(&collection.conf_dir, &mut notices)?;
    Ok(Imported { annotations, notices, declared_labels })
}

/// `OUT/annotation.conf`, `OUT/visual.conf`, and `OUT/<annotator>/<document>.txt` + `.ann`.
pub fn export(input: &ExportInput) -> Result<Exported, ConvertError> {
    write::export(input)
}
