//! WebAnno TSV 3 (INCEpTION's "WebAnno TSV v3.3"): import and export.
//!
//! The format is described in the INCEpTION user guide, appendix "WebAnno TSV 3.3 File format"
//! (<https://inception-project.github.io/releases/latest/docs/user-guide.html#sect_webannotsv>);
//! INCEpTION's `Tsv3XSerializer`/`Tsv3XDeserializer` settle what the prose leaves open. A file is
//!
//! ```text
//! #FORMAT=WebAnno TSV 3.3
//! #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value
//! #T_RL=webanno.custom.Relation|label|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity
//! (blank)
//! (blank)
//! #Text=Ms. Haag plays Elianti .
//! 1-1⇥0-3⇥Ms.⇥*[1]⇥PER[1]⇥_⇥_⇥
//! 1-2⇥4-8⇥Haag⇥*[1]⇥PER[1]⇥_⇥_⇥
//! ```
//!
//! a header declaring layers and their feature columns (`#T_SP=` span, `#T_CH=` chain, `#T_RL=`
//! relation layers; a layer without features has one placeholder column), then sentences separated
//! by a blank line: `#Text=` lines (one per line of a sentence that holds line breaks), then one
//! line per token, `sentence-token⇥begin-end⇥text⇥column…`, followed by the sub-token lines
//! `1-3.1` that spans not on token boundaries need. Offsets are UTF-16 code units (Java's), begin
//! inclusive, end exclusive. In a column, `_` is "no annotation", `*` an annotation without a value,
//! `A|B` stacked annotations, and `PER[3]` carries a disambiguation id: the units sharing it are one
//! annotation, from the begin of its first unit to the end of its last. Values escape `\ [ ] | _ ->
//! ; ⇥ ↵ *` with a backslash (`MILITANT\_GROUP`); `#Text=` escapes `\`, tab, line breaks and control
//! characters; token texts are written raw.
//!
//! Import:
//! - **Which files.** A `.tsv` file, or a folder searched for them as every importer searches
//!   ([`crate::input`]: hidden entries skipped, links inside the folder not followed but counted
//!   in a notice, at most [`crate::input::MAX_DEPTH`] levels; each file read as UTF-8 within
//!   [`crate::input::MAX_INPUT_BYTES`], a byte-order mark taken off, which moves no offset: they
//!   count in the document, not the file). INCEpTION's project export keeps
//!   `annotation/<document name>/<user>.tsv` (and `curation/<document name>/CURATION_USER.tsv`):
//!   the document is the folder name (`001_x.txt` → `001_x`), the annotator the file name.
//!   Elsewhere in a folder, `<annotator>/<document>.tsv` (what [`export`] writes) names both; a file
//!   given alone, or lying directly in the folder, names only its document, and `--annotator`
//!   says whose it is. When a folder holds INCEpTION's layout, its other `.tsv` files (the
//!   `source/` copies) and the `INITIAL_CAS` files are skipped, with a notice.
//! - **Text.** The file does not carry the whole text (what lies between sentences is lost), so
//!   the document is found by name, and every token's and sub-token's text is checked against the
//!   corpus at its offsets, and (files of version 3.3 and later, whose escaping is defined) every
//!   sentence's `#Text`; the first difference stops the import with its line and column.
//! - **Which layer.** concord has one label per span. Labels come from the named-entity layer's
//!   `value` when that layer has annotations; otherwise from the first span layer in the header
//!   that has annotations and is not one of DKPro Core's built-in linguistic layers (POS, lemma,
//!   …), by its first feature (a layer without features: its short name, `webanno.custom.Militant`
//!   → `Militant`). Every other layer, feature, slot, relation and chain found with values is
//!   reported in a notice, never dropped in silence.
//! - Annotations without a value (`*`) and zero-width ones are skipped with a notice: a concord
//!   span has a label and covers at least one character.
//!
//! Export: one file per (annotator, document), `<annotator>/<document>.tsv`, the unit INCEpTION's
//! "Import document" takes (format "WebAnno TSV v3.3"). The labels go in the named-entity layer
//! (built into INCEpTION, so no custom layer has to be created first): `value` holds the label,
//! `identifier` (meant for entity-linking ids) is `*`, "annotation without that feature", as
//! INCEpTION writes it. Tokens are [`crate::tokens::Tokenizer::WordsAndPunctuation`]; a sentence
//! is a line of the document (a long paragraph is one long sentence), the rule CoNLL's export
//! shares. A sentence's range is chosen so that INCEpTION, which rebuilds the text from the
//! sentences (adding a line break after each and padding gaps with spaces), rebuilds it exactly: a sentence takes in the blank lines after it
//! (as empty `#Text=` lines) and ends before the last line break that is followed by spaces only.
//! Only text before the first token that is not spaces, and a missing final line break, differ.
//! Spans not on token boundaries get sub-token lines as INCEpTION's own writer makes them, and
//! disambiguation ids are numbered in the order INCEpTION's writer numbers them (spans by start,
//! longest first), so exports are deterministic. Notes are lost (a notice says how many); the
//! format cannot address whitespace, so whitespace at a span's edges is left out, with a notice.
//!
//! The module's files: `files` finds the inputs and names their documents and annotators;
//! `header` reads the layer declarations; `parse` reads a file line by line and checks it against
//! the corpus; `spans` turns its annotation cells into spans and notices; `write` cuts a document
//! into tokens and sentences and renders a file; `escape` holds the escapes both directions
//! share. Only [`import`] and [`export`] are public.

mod escape;
mod files;
mod header;
mod parse;
mod spans;
#[cfg(test)]
mod tests;
mod write;

use std::path::{Path, PathBuf};

use crate::ReadOptions;
use crate::corpus::Corpus;
use crate::error::{ConvertError, Location};
use crate::export::{ExportInput, Exported, OutputFile};
use crate::import::{Imported, ImportedAnnotation};
use crate::input::read_text;
use crate::notice::Notice;

use header::LayerChoice;
use write::TokenizedDocument;

/// DKPro Core's named-entity layer, built into INCEpTION.
const NAMED_ENTITY: &str = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity";
/// DKPro Core's built-in layers (POS, lemma, dependency, …) are linguistic, not entity labels.
const DKPRO_TYPES: &str = "de.tudarmstadt.ukp.dkpro.core.api.";
/// The format line of the files [`export`] writes.
const FORMAT_LINE: &str = "#FORMAT=WebAnno TSV 3.3";
const FORMAT_PREFIX: &str = "#FORMAT=";
const SPAN_PREFIX: &str = "#T_SP=";
const CHAIN_PREFIX: &str = "#T_CH=";
const RELATION_PREFIX: &str = "#T_RL=";
const TEXT_PREFIX: &str = "#Text=";
const NO_ANNOTATION: &str = "_";
const NO_VALUE: &str = "*";

/// Reads WebAnno TSV 3 files into spans on corpus documents (see the module documentation).
pub fn import(path: &Path, corpus: &Corpus, options: &ReadOptions) -> Result<Imported, ConvertError> {
    let mut imported = Imported::default();
    let choice = options.layer.as_deref().map(LayerChoice::parse);
    for input in files::find_inputs(path, &mut imported.notices)? {
        let at = Location::file(&input.path);
        let source = read_text(&input.path)?.text;
        let doc = corpus.match_document(Some(&input.document), None, &at)?;
        let annotator = options.annotator_name(input.annotator.as_deref(), &at)?;
        let parsed = parse::parse(&input.path, &source, doc, choice.as_ref())?;
        imported.notices.extend(parsed.notices);
        imported.annotations.push(ImportedAnnotation {
            document: doc.id.clone(),
            annotator,
            source: at,
            spans: parsed.spans,
        });
    }
    Ok(imported)
}

/// Writes `<annotator>/<document>.tsv` for every annotator and document (see the module docs).
pub fn export(input: &ExportInput) -> Result<Exported, ConvertError> {
    let mut files = Vec::new();
    let mut notices = Vec::new();
    for doc in &input.documents {
        let tokenized = TokenizedDocument::new(doc.text.as_str());
        if tokenized.sentences.is_empty() {
            notices.push(Notice::new(
                None,
                format!(
                    "document `{}` has no tokens: its files have no sentences, which INCEpTION cannot import",
                    doc.id
                ),
            ));
        }
        for (annotator, spans) in &doc.by_annotator {
            let path = PathBuf::from(annotator).join(format!("{}.tsv", doc.id));
            let notes = spans.iter().filter(|s| s.note.is_some()).count();
            if notes > 0 {
                notices.push(Notice::new(
                    Some(Location::file(&path)),
                    format!(
                        "{notes} span note(s) not exported: WebAnno TSV's named-entity layer has no note feature (its `identifier` is for entity-linking ids)"
                    ),
                ));
            }
            let written = write::trimmed_spans(&tokenized, spans, &path, &mut notices);
            files.push(OutputFile { contents: write::render(&tokenized, &written), path });
        }
    }
    files.sort();
    Ok(Exported { files, notices })
}
