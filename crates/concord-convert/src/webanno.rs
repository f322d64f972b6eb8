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
//! - **Which files.** A `.tsv` file, or a folder searched for them. INCEpTION's project export keeps
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
//! INCEpTION writes it. Tokens are [`Tokenizer::WordsAndPunctuation`]; a sentence is a line of
//! the document (a long paragraph is one long sentence). A sentence's range is chosen so that
//! INCEpTION, which rebuilds the text from the sentences (adding a line break after each and
//! padding gaps with spaces), rebuilds it exactly: a sentence takes in the blank lines after it
//! (as empty `#Text=` lines) and ends before the last line break that is followed by spaces only.
//! Only text before the first token that is not spaces, and a missing final line break, differ.
//! Spans not on token boundaries get sub-token lines as INCEpTION's own writer makes them, and
//! disambiguation ids are numbered in the order INCEpTION's writer numbers them (spans by start,
//! longest first), so exports are deterministic. Notes are lost (a notice says how many); the
//! format cannot address whitespace, so whitespace at a span's edges is left out, with a notice.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use concord_schema::Document;

use crate::ReadOptions;
use crate::corpus::{Corpus, read_input};
use crate::error::{ConvertError, ErrorKind, Location};
use crate::export::{ExportInput, ExportSpan, Exported, OutputFile};
use crate::import::{Imported, ImportedAnnotation, ImportedSpan};
use crate::notice::Notice;
use crate::offsets::{Utf16Error, Utf16Map};
use crate::tokens::Tokenizer;

/// DKPro Core's named-entity layer, built into INCEpTION.
pub const NAMED_ENTITY: &str = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity";
/// The format line of the files [`export`] writes.
pub const FORMAT_LINE: &str = "#FORMAT=WebAnno TSV 3.3";
const FORMAT_PREFIX: &str = "#FORMAT=";
const FORMAT_NAME: &str = "WebAnno TSV";
const SPAN_PREFIX: &str = "#T_SP=";
const CHAIN_PREFIX: &str = "#T_CH=";
const RELATION_PREFIX: &str = "#T_RL=";
const TEXT_PREFIX: &str = "#Text=";
/// DKPro Core's built-in layers (POS, lemma, dependency, …) are linguistic, not entity labels.
const DKPRO_TYPES: &str = "de.tudarmstadt.ukp.dkpro.core.api.";
const NO_ANNOTATION: &str = "_";
const NO_VALUE: &str = "*";
/// The folders of INCEpTION's project export that hold one file per user and document.
const INCEPTION_FOLDERS: [&str; 2] = ["annotation", "curation"];
/// INCEpTION's pseudo-user for a document's state before anyone annotated it.
const INITIAL_CAS: &str = "INITIAL_CAS";
/// How deep a folder is searched for `.tsv` files (INCEpTION's layout needs three levels).
const MAX_DEPTH: usize = 8;

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------

/// A feature value as the format writes it: `\ [ ] | _ -> ; * tab newline` behind a backslash.
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 4);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '[' | ']' | '|' | '_' | ';' | '*' => {
                out.push('\\');
                out.push(c);
            }
            '-' if chars.peek() == Some(&'>') => {
                chars.next();
                out.push_str("\\->");
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// The inverse of [`escape_value`]; a backslash before anything else stays, as INCEpTION reads it.
pub fn unescape_value(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some(e @ ('\\' | '[' | ']' | '|' | '_' | ';' | '*')) => {
                chars.next();
                out.push(e);
            }
            Some('t') => {
                chars.next();
                out.push('\t');
            }
            Some('n') => {
                chars.next();
                out.push('\n');
            }
            Some('-') => {
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek() == Some(&'>') {
                    chars.next();
                    chars.next();
                    out.push_str("->");
                } else {
                    out.push('\\');
                }
            }
            _ => out.push('\\'),
        }
    }
    out
}

/// Control characters other than tab, line feed, vertical tab, form feed, carriage return and
/// backspace are escaped by a backslash before the raw character (INCEpTION's `escapeText`).
fn is_raw_escaped_control(c: char) -> bool {
    (c as u32) < 32 && !(8..=13).contains(&(c as u32))
}

/// One line of sentence text as a `#Text=` line writes it.
pub fn escape_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            c if is_raw_escaped_control(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The text of a `#Text=` line, each character with the code-point index in `raw` it comes from.
fn unescape_text(raw: &str) -> Vec<(char, usize)> {
    let mut out = Vec::with_capacity(raw.len());
    let mut chars = raw.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push((c, i));
            continue;
        }
        let unescaped = match chars.peek().map(|&(_, e)| e) {
            Some('\\') => Some('\\'),
            Some('t') => Some('\t'),
            Some('n') => Some('\n'),
            Some('f') => Some('\u{c}'),
            Some('r') => Some('\r'),
            Some('b') => Some('\u{8}'),
            Some(e) if is_raw_escaped_control(e) => Some(e),
            _ => None,
        };
        match unescaped {
            Some(u) => {
                chars.next();
                out.push((u, i));
            }
            None => out.push(('\\', i)),
        }
    }
    out
}

/// The characters of `cell` that are not escaped, with their byte offsets (a backslash and the
/// character after it are skipped).
fn unescaped_chars(cell: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut chars = cell.char_indices();
    std::iter::from_fn(move || {
        loop {
            let (i, c) = chars.next()?;
            if c == '\\' {
                chars.next();
                continue;
            }
            return Some((i, c));
        }
    })
}

/// The stacked values of a cell (`A[1]|B[2]`), each with its byte offset in the cell.
fn split_stack(cell: &str) -> Vec<(usize, &str)> {
    let mut items = Vec::new();
    let mut start = 0;
    for (i, c) in unescaped_chars(cell) {
        if c == '|' {
            items.push((start, &cell[start..i]));
            start = i + 1;
        }
    }
    items.push((start, &cell[start..]));
    items
}

/// A stacked value without its disambiguation id (`PER[3]` → `PER`, 3).
fn split_id(item: &str) -> Result<(&str, Option<u32>), String> {
    let mut last = None;
    let mut open = None;
    for (i, c) in unescaped_chars(item) {
        last = Some((i, c));
        if c == '[' {
            open = Some(i);
        }
    }
    let Some((close, ']')) = last else { return Ok((item, None)) };
    let Some(open) = open.filter(|&o| o < close) else {
        return Err(format!("`{item}` ends in a `]` without its `[`: write a literal `]` as `\\]`"));
    };
    let digits = &item[open + 1..close];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`[{digits}]` is not a disambiguation id (a number): write a literal `[` as `\\[`"));
    }
    let id = digits.parse::<u32>().map_err(|_| format!("disambiguation id `{digits}` is too large"))?;
    Ok((&item[..open], Some(id)))
}

// ---------------------------------------------------------------------------------------------
// Import: which files
// ---------------------------------------------------------------------------------------------

/// One input file and what its place says.
#[derive(Debug)]
struct InputFile {
    path: PathBuf,
    document: String,
    annotator: Option<String>,
    inception_layout: bool,
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn name(path: Option<&Path>) -> Option<String> {
    path.and_then(Path::file_name).map(|s| s.to_string_lossy().into_owned())
}

/// What a file's place says: INCEpTION's `annotation/<document>/<user>.tsv`, concord's
/// `<annotator>/<document>.tsv` (below `root` only), or a document alone.
fn classify(path: &Path, root: Option<&Path>) -> InputFile {
    let parent = path.parent();
    let grandparent = parent.and_then(Path::parent);
    if let (Some(document), Some(folder)) = (name(parent), name(grandparent))
        && INCEPTION_FOLDERS.contains(&folder.as_str())
    {
        return InputFile { path: path.to_owned(), document, annotator: Some(stem(path)), inception_layout: true };
    }
    let annotator = match (root, parent) {
        (Some(root), Some(parent)) if parent != root => name(Some(parent)),
        _ => None,
    };
    InputFile { path: path.to_owned(), document: stem(path), annotator, inception_layout: false }
}

fn is_tsv(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
}

/// Every `.tsv` file under `dir`, sorted, to `MAX_DEPTH` levels.
fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), ConvertError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| ConvertError::io(dir, &e))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| ConvertError::io(dir, &e))?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if depth < MAX_DEPTH {
                walk(&path, depth + 1, out)?;
            }
        } else if is_tsv(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn find_inputs(path: &Path, notices: &mut Vec<Notice>) -> Result<Vec<InputFile>, ConvertError> {
    let meta = std::fs::metadata(path).map_err(|e| ConvertError::io(path, &e))?;
    if !meta.is_dir() {
        return Ok(vec![classify(path, None)]);
    }
    let mut paths = Vec::new();
    walk(path, 0, &mut paths)?;
    if paths.is_empty() {
        return Err(ConvertError::at(ErrorKind::Io, Location::file(path), "no .tsv file in this folder")
            .help("export from INCEpTION in the format \"WebAnno TSV v3.3\""));
    }
    let mut inputs: Vec<InputFile> = paths.iter().map(|p| classify(p, Some(path))).collect();
    if inputs.iter().any(|i| i.inception_layout) {
        let skipped: Vec<String> =
            inputs.iter().filter(|i| !i.inception_layout).map(|i| i.path.display().to_string()).collect();
        if !skipped.is_empty() {
            notices.push(Notice::new(
                Some(Location::file(path)),
                format!(
                    "{} .tsv file(s) outside INCEpTION's annotation/ and curation/ folders skipped: {}",
                    skipped.len(),
                    skipped.join(", ")
                ),
            ));
        }
        inputs.retain(|i| i.inception_layout);
    }
    inputs.retain(|i| {
        let initial = i.inception_layout && i.annotator.as_deref() == Some(INITIAL_CAS);
        if initial {
            notices.push(Notice::new(
                Some(Location::file(&i.path)),
                "skipped: INCEpTION's INITIAL_CAS is the document before anyone annotated it, not an annotator's work",
            ));
        }
        !initial
    });
    Ok(inputs)
}

/// Reads WebAnno TSV 3 files into spans on corpus documents (see the module documentation).
pub fn import(path: &Path, corpus: &Corpus, options: &ReadOptions) -> Result<Imported, ConvertError> {
    let mut imported = Imported::default();
    let choice = options.layer.as_deref().map(LayerChoice::parse);
    for input in find_inputs(path, &mut imported.notices)? {
        let at = Location::file(&input.path);
        let source = read_input(&input.path)?;
        let doc = corpus.match_document(Some(&input.document), None, &at)?;
        let annotator = options.annotator_name(input.annotator.as_deref(), &at)?;
        let parsed = parse_with(&input.path, &source, doc, choice.as_ref())?;
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

/// `--layer TYPE[:FEATURE]`: the span layer whose values become labels, named by its full type
/// (`webanno.custom.Militant`) or its short name (`Militant`), and optionally the feature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerChoice {
    pub layer: String,
    pub feature: Option<String>,
}

impl LayerChoice {
    pub fn parse(spec: &str) -> LayerChoice {
        match spec.split_once(':') {
            Some((layer, feature)) => LayerChoice { layer: layer.to_owned(), feature: Some(feature.to_owned()) },
            None => LayerChoice { layer: spec.to_owned(), feature: None },
        }
    }

    fn matches(&self, layer: &Layer) -> bool {
        layer.kind == LayerKind::Span && (layer.type_name == self.layer || layer.short_name() == self.layer)
    }

    /// The column of the chosen feature (`None`: the layer's default label column).
    fn feature_column(&self, layer: &Layer, at: Location) -> Result<Option<usize>, ConvertError> {
        let Some(feature) = &self.feature else { return Ok(None) };
        let features: Vec<&str> =
            layer.columns.iter().filter(|c| c.kind == ColumnKind::Feature).map(|c| c.name.as_str()).collect();
        match layer.columns.iter().position(|c| c.kind == ColumnKind::Feature && &c.name == feature) {
            Some(i) => Ok(Some(i)),
            None => Err(ConvertError::at(
                ErrorKind::Unsupported,
                at,
                format!("layer `{}` has no feature `{feature}`", layer.type_name),
            )
            .help(if features.is_empty() {
                "it has no features: pass --layer without `:FEATURE`".to_owned()
            } else {
                format!("its features: {}", features.join(", "))
            })),
        }
    }

    fn not_declared(&self, path: &Path, layers: &[Layer]) -> ConvertError {
        let spans: Vec<&str> =
            layers.iter().filter(|l| l.kind == LayerKind::Span).map(|l| l.type_name.as_str()).collect();
        ConvertError::at(
            ErrorKind::Unsupported,
            Location::at(path, 1, 1),
            format!("--layer `{}`: this file declares no such span layer", self.layer),
        )
        .help(if spans.is_empty() {
            "it declares no span layer".to_owned()
        } else {
            format!("its span layers: {}", spans.join(", "))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Import: the header
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LayerKind {
    Span,
    Relation,
    Chain,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ColumnKind {
    /// A primitive feature (`value`, `label`, …).
    Feature,
    /// The one column of a layer without features.
    Placeholder,
    SlotRole,
    SlotTarget,
    /// A relation's source unit (`BT_<type>`).
    RelationSource,
    ChainType,
    ChainLink,
}

#[derive(Debug)]
struct Column {
    name: String,
    kind: ColumnKind,
}

#[derive(Debug)]
struct Layer {
    kind: LayerKind,
    type_name: String,
    /// The label column `--layer TYPE:FEATURE` chose, overriding the default rule.
    label_override: Option<usize>,
    /// Index of its first column among all annotation columns.
    first_column: usize,
    columns: Vec<Column>,
}

impl Layer {
    fn short_name(&self) -> &str {
        self.type_name.rsplit('.').next().unwrap_or(&self.type_name)
    }

    /// The column (index in `columns`) whose values become labels: NamedEntity's `value`, else the
    /// first primitive feature, else the placeholder of a layer without features.
    fn label_column(&self) -> Option<usize> {
        if self.kind != LayerKind::Span {
            return None;
        }
        if self.label_override.is_some() {
            return self.label_override;
        }
        let named_value = || {
            (self.type_name == NAMED_ENTITY)
                .then(|| self.columns.iter().position(|c| c.kind == ColumnKind::Feature && c.name == "value"))
                .flatten()
        };
        named_value()
            .or_else(|| self.columns.iter().position(|c| c.kind == ColumnKind::Feature))
            .or_else(|| self.columns.iter().position(|c| c.kind == ColumnKind::Placeholder))
    }

    /// What its entries are called in notices.
    fn entries(&self) -> &'static str {
        match self.kind {
            LayerKind::Span => "annotation(s)",
            LayerKind::Relation => "relation(s)",
            LayerKind::Chain => "chain link(s)",
        }
    }

    fn describe(&self) -> &'static str {
        match self.kind {
            LayerKind::Span => "span layer",
            LayerKind::Relation => "relation layer",
            LayerKind::Chain => "chain layer",
        }
    }
}

/// `#FORMAT=WebAnno TSV 3.3` → the minor version (3).
fn parse_format(path: &Path, line: &str) -> Result<u32, ConvertError> {
    let at = Location::at(path, 1, 1);
    let Some(rest) = line.strip_prefix(FORMAT_PREFIX) else {
        return Err(ConvertError::syntax(
            at,
            "not a WebAnno TSV file: the first line must be `#FORMAT=WebAnno TSV 3.3`",
        )
        .help("export from INCEpTION in the format \"WebAnno TSV v3.3\""));
    };
    let version_at = Location::at(path, 1, FORMAT_PREFIX.len() + 1);
    let (name, version) = rest.rsplit_once(' ').unwrap_or((rest, ""));
    let parsed =
        version.split_once('.').and_then(|(major, minor)| Some((major.parse::<u32>().ok()?, minor.parse().ok()?)));
    match parsed {
        Some((3, minor)) if name == FORMAT_NAME => Ok(minor),
        _ => Err(ConvertError::at(
            ErrorKind::Unsupported,
            version_at,
            format!("`{rest}` is not a format concord reads: it reads WebAnno TSV 3.x"),
        )
        .help("export from INCEpTION in the format \"WebAnno TSV v3.3\"")),
    }
}

fn parse_layer(path: &Path, line_no: usize, line: &str, first_column: usize) -> Result<Option<Layer>, ConvertError> {
    let (kind, prefix) = if line.starts_with(SPAN_PREFIX) {
        (LayerKind::Span, SPAN_PREFIX)
    } else if line.starts_with(RELATION_PREFIX) {
        (LayerKind::Relation, RELATION_PREFIX)
    } else if line.starts_with(CHAIN_PREFIX) {
        (LayerKind::Chain, CHAIN_PREFIX)
    } else {
        return Ok(None);
    };
    // As INCEpTION splits it: empty fields vanish (`Type|` is a layer without features).
    let mut fields = line[prefix.len()..].split('|').filter(|f| !f.is_empty());
    let Some(type_name) = fields.next() else {
        return Err(ConvertError::syntax(
            Location::at(path, line_no, prefix.len() + 1),
            "a layer declaration without a type name",
        ));
    };
    let mut columns: Vec<Column> = Vec::new();
    for field in fields {
        let after_role = columns.last().is_some_and(|c| c.kind == ColumnKind::SlotRole);
        let column_kind = match kind {
            LayerKind::Span if field.starts_with("ROLE_") => ColumnKind::SlotRole,
            LayerKind::Span if after_role => ColumnKind::SlotTarget,
            LayerKind::Relation if field.starts_with("BT_") => ColumnKind::RelationSource,
            LayerKind::Chain if field == "referenceType" => ColumnKind::ChainType,
            LayerKind::Chain if field == "referenceRelation" => ColumnKind::ChainLink,
            _ => ColumnKind::Feature,
        };
        columns.push(Column { name: field.to_owned(), kind: column_kind });
    }
    if columns.is_empty() {
        columns.push(Column { name: String::new(), kind: ColumnKind::Placeholder });
    }
    Ok(Some(Layer { label_override: None, kind, type_name: type_name.to_owned(), first_column, columns }))
}

// ---------------------------------------------------------------------------------------------
// Import: the body
// ---------------------------------------------------------------------------------------------

/// A token or sub-token line, its offsets in code points of the corpus document.
#[derive(Clone, Copy, Debug)]
struct Unit {
    begin: usize,
    end: usize,
    /// Index of the token (for a sub-token: of its token) in the whole file.
    token: usize,
    line: usize,
}

/// One annotation of a span layer as the units build it.
#[derive(Debug)]
struct RawAnnotation {
    begin: usize,
    end: usize,
    label: Option<String>,
    at: Location,
    last_token: usize,
    last_line: usize,
}

impl RawAnnotation {
    /// An annotation that starts on `unit`.
    fn on(unit: &Unit, label: Option<String>, at: Location) -> RawAnnotation {
        RawAnnotation { begin: unit.begin, end: unit.end, label, at, last_token: unit.token, last_line: unit.line }
    }
}

/// The annotations of one span layer, from its label column.
#[derive(Debug, Default)]
struct SpanAssembler {
    annotations: Vec<RawAnnotation>,
    by_id: BTreeMap<u32, usize>,
}

/// How many cells and values a column holds, and where the first is.
#[derive(Debug, Default)]
struct ColumnStats {
    /// Stacked entries (annotations, relations, links).
    entries: usize,
    /// Entries with a value (not `*` or `_`).
    values: usize,
    first: Option<Location>,
    first_value: Option<Location>,
}

#[derive(Debug)]
struct Parsed {
    spans: Vec<ImportedSpan>,
    notices: Vec<Notice>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Header,
    /// After a blank line: a sentence header may start.
    Between,
    SentenceHeader,
    Tokens,
}

/// The last token line read.
#[derive(Clone, Copy, Debug)]
struct TokenId {
    sentence: usize,
    token: usize,
    begin: usize,
    end: usize,
    line: usize,
}

struct Parser<'a> {
    path: &'a Path,
    doc: &'a Document,
    /// `--layer`: which span layer (and feature) gives the labels; `None` for the default rule.
    choice: Option<&'a LayerChoice>,
    /// The index of the layer `choice` names, once its declaration is read.
    chosen: Option<usize>,
    map: Utf16Map,
    /// Check `#Text` against the corpus (format 3.3 and later, whose escaping is defined).
    check_text: bool,
    layers: Vec<Layer>,
    columns: usize,
    /// Span layer index → the assembler of its label column.
    assemblers: BTreeMap<usize, SpanAssembler>,
    stats: Vec<ColumnStats>,
    sentence_lines: Vec<(usize, &'a str)>,
    last_token: Option<TokenId>,
    tokens: usize,
}

/// The 1-based code-point column of byte `byte` of `line`.
fn column(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(0, |l| l.chars().count()) + 1
}

/// Tab-separated fields with their byte offsets.
fn fields(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, f) in line.split('\t').enumerate() {
        if i > 0 {
            start += 1;
        }
        out.push((start, f));
        start += f.len();
    }
    out
}

fn parse_number(s: &str) -> Option<usize> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `1-3` → (1, 3, None); `1-3.2` → (1, 3, Some(2)).
fn parse_unit_id(id: &str) -> Option<(usize, usize, Option<usize>)> {
    let (sentence, rest) = id.split_once('-')?;
    let (token, sub) = match rest.split_once('.') {
        Some((t, s)) => (t, Some(parse_number(s)?)),
        None => (rest, None),
    };
    Some((parse_number(sentence)?, parse_number(token)?, sub))
}

#[cfg(test)]
fn parse(path: &Path, source: &str, doc: &Document) -> Result<Parsed, ConvertError> {
    parse_with(path, source, doc, None)
}

/// [`parse`] with the label layer chosen by `--layer`.
fn parse_with(path: &Path, source: &str, doc: &Document, choice: Option<&LayerChoice>) -> Result<Parsed, ConvertError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().unwrap_or_default();
    let minor = parse_format(path, first)?;
    let mut parser = Parser {
        path,
        doc,
        choice,
        chosen: None,
        map: Utf16Map::new(doc.text.as_str()),
        check_text: minor >= 3,
        layers: Vec::new(),
        columns: 0,
        assemblers: BTreeMap::new(),
        stats: Vec::new(),
        sentence_lines: Vec::new(),
        last_token: None,
        tokens: 0,
    };
    let mut state = State::Header;
    for (i, line) in lines.enumerate() {
        state = parser.line(state, i + 2, line)?;
    }
    if state == State::SentenceHeader {
        let line = parser.sentence_lines.last().map_or(0, |(l, _)| *l);
        return Err(ConvertError::syntax(Location::at(path, line, 1), "a sentence without token lines"));
    }
    parser.finish()
}

impl<'a> Parser<'a> {
    fn at(&self, line: usize, column: usize) -> Location {
        Location::at(self.path, line, column)
    }

    fn line(&mut self, state: State, line_no: usize, line: &'a str) -> Result<State, ConvertError> {
        let blank = line.trim().is_empty();
        match state {
            State::Header if blank => Ok(State::Between),
            State::Header => match parse_layer(self.path, line_no, line, self.columns)? {
                Some(mut layer) => {
                    if let Some(choice) = self.choice.filter(|c| c.matches(&layer)) {
                        layer.label_override = choice.feature_column(&layer, self.at(line_no, 1))?;
                        self.chosen = Some(self.layers.len());
                    }
                    self.columns += layer.columns.len();
                    self.stats.extend(layer.columns.iter().map(|_| ColumnStats::default()));
                    if layer.label_column().is_some() {
                        self.assemblers.insert(self.layers.len(), SpanAssembler::default());
                    }
                    self.layers.push(layer);
                    Ok(State::Header)
                }
                None => Err(ConvertError::syntax(
                    self.at(line_no, 1),
                    "expected a layer declaration (`#T_SP=`, `#T_CH=`, `#T_RL=`) or the blank lines that end the header",
                )),
            },
            _ if blank => match state {
                State::SentenceHeader => {
                    Err(ConvertError::syntax(self.at(line_no, 1), "a sentence without token lines"))
                }
                _ => Ok(State::Between),
            },
            State::Between | State::SentenceHeader if line.starts_with('#') => {
                if state == State::Between {
                    self.sentence_lines.clear();
                }
                // `#Sentence.id=` and any other sentence header line carry nothing concord keeps.
                if let Some(text) = line.strip_prefix(TEXT_PREFIX) {
                    self.sentence_lines.push((line_no, text));
                }
                Ok(State::SentenceHeader)
            }
            State::Between => Err(ConvertError::syntax(
                self.at(line_no, 1),
                "expected a sentence header (`#Text=…`) after the blank line, before token lines",
            )),
            State::Tokens if line.starts_with('#') => Err(ConvertError::syntax(
                self.at(line_no, 1),
                "a sentence header must follow a blank line that ends the previous sentence",
            )),
            State::SentenceHeader | State::Tokens => {
                self.token_line(state == State::SentenceHeader, line_no, line)?;
                Ok(State::Tokens)
            }
        }
    }

    fn offset(&self, unit: usize, line_no: usize, col: usize) -> Result<usize, ConvertError> {
        self.map.to_code_point(unit).map_err(|e| {
            let what = match e {
                Utf16Error::InsideSurrogatePair { .. } => format!("offset {unit} (UTF-16): {e}"),
                Utf16Error::PastEnd { .. } => {
                    format!("offset {unit} is past the end of document `{}`: {e}", self.doc.id)
                }
            };
            ConvertError::at(ErrorKind::Unsupported, self.at(line_no, col), what)
        })
    }

    fn token_line(&mut self, first_of_sentence: bool, line_no: usize, line: &str) -> Result<(), ConvertError> {
        let fields = fields(line);
        let expected = 3 + self.columns;
        if fields.len() < expected {
            return Err(ConvertError::syntax(
                self.at(line_no, column(line, line.len())),
                format!(
                    "expected {expected} tab-separated fields (id, offsets, token and the {} column(s) the header declares), found {}",
                    self.columns,
                    fields.len()
                ),
            ));
        }
        if let Some((b, f)) = fields[expected..].iter().find(|(_, f)| !f.is_empty()) {
            return Err(ConvertError::syntax(
                self.at(line_no, column(line, *b)),
                format!("`{f}` is in a column the header does not declare (it declares {})", self.columns),
            ));
        }
        let (_, id) = fields[0];
        let Some((sentence, token, sub)) = parse_unit_id(id) else {
            return Err(ConvertError::syntax(
                self.at(line_no, 1),
                format!("`{id}` is not a token id (`sentence-token`, or `sentence-token.sub` for a sub-token)"),
            ));
        };
        let (offsets_byte, offsets) = fields[1];
        let offsets_col = column(line, offsets_byte);
        let parsed = offsets.split_once('-').and_then(|(b, e)| Some((parse_number(b)?, parse_number(e)?)));
        let Some((begin16, end16)) = parsed.filter(|(b, e)| b <= e) else {
            return Err(ConvertError::syntax(
                self.at(line_no, offsets_col),
                format!("`{offsets}` are not offsets (`begin-end`, begin ≤ end, in UTF-16 code units)"),
            ));
        };
        let begin = self.offset(begin16, line_no, offsets_col)?;
        let end = self.offset(end16, line_no, offsets_col)?;

        match sub {
            None => {
                if let Some(prev) = self.last_token
                    && begin < prev.end
                {
                    return Err(ConvertError::syntax(
                        self.at(line_no, offsets_col),
                        format!(
                            "token {id} starts before the end of token {}-{} (line {})",
                            prev.sentence, prev.token, prev.line
                        ),
                    ));
                }
                self.last_token = Some(TokenId { sentence, token, begin, end, line: line_no });
                self.tokens += 1;
            }
            Some(_) => {
                let Some(parent) = self.last_token.filter(|t| (t.sentence, t.token) == (sentence, token)) else {
                    return Err(ConvertError::syntax(
                        self.at(line_no, 1),
                        format!("sub-token {id} does not follow its token {sentence}-{token}"),
                    ));
                };
                if begin < parent.begin || end > parent.end {
                    return Err(ConvertError::syntax(
                        self.at(line_no, offsets_col),
                        format!("sub-token {id} lies outside its token {sentence}-{token} (line {})", parent.line),
                    ));
                }
                if first_of_sentence {
                    return Err(ConvertError::syntax(self.at(line_no, 1), "a sentence starts with a sub-token"));
                }
            }
        }

        let (text_byte, text) = fields[2];
        let corpus_text = self.doc.text.slice(begin, end).unwrap_or_default();
        if text != corpus_text {
            return Err(ConvertError::at(
                ErrorKind::TextMismatch,
                self.at(line_no, column(line, text_byte)),
                format!(
                    "token {id} is {text:?} here, but document `{}` has {corpus_text:?} at {offsets} (code points {begin}-{end})",
                    self.doc.id
                ),
            )
            .help("the file was made from another version of the text; import stopped, nothing was written"));
        }
        if first_of_sentence && self.check_text {
            self.check_sentence(begin)?;
        }

        let unit = Unit { begin, end, token: self.tokens.saturating_sub(1), line: line_no };
        for (index, layer) in self.layers.iter().enumerate() {
            let label_column = layer.label_column();
            for (offset, col) in layer.columns.iter().enumerate() {
                let global = layer.first_column + offset;
                let (byte, cell) = fields[3 + global];
                let at = |item: usize| Location::at(self.path, line_no, column(line, byte + item));
                if label_column == Some(offset)
                    && let Some(assembler) = self.assemblers.get_mut(&index)
                {
                    let placeholder = (col.kind == ColumnKind::Placeholder).then(|| layer.short_name());
                    assembler.feed(cell, &unit, &at, placeholder)?;
                }
                if cell != NO_ANNOTATION {
                    let stats = &mut self.stats[global];
                    for (item_byte, item) in split_stack(cell) {
                        let base = split_id(item).map_or(item, |(base, _)| base);
                        stats.entries += 1;
                        stats.first.get_or_insert_with(|| at(item_byte));
                        if !matches!(base, NO_VALUE | NO_ANNOTATION | "") {
                            stats.values += 1;
                            stats.first_value.get_or_insert_with(|| at(item_byte));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The sentence's `#Text` must be the corpus text from its first token on.
    fn check_sentence(&self, begin: usize) -> Result<(), ConvertError> {
        let corpus = self.doc.text.byte_of(begin).map_or("", |b| &self.doc.text.as_str()[b..]);
        let mut corpus_chars = corpus.chars();
        let mut checked = 0usize;
        for (n, &(line_no, raw)) in self.sentence_lines.iter().enumerate() {
            // The line break between two `#Text` lines is part of the sentence; a difference there
            // is shown at the start of the second line.
            let line_break = (n > 0).then_some(('\n', None));
            let text = unescape_text(raw).into_iter().map(|(c, i)| (c, Some(i)));
            for (c, raw_index) in line_break.into_iter().chain(text) {
                if corpus_chars.next() != Some(c) {
                    let file_text: String = self.sentence_text().chars().skip(checked).take(30).collect();
                    let corpus_text: String = corpus.chars().skip(checked).take(30).collect();
                    let col = raw_index.map_or(1, |i| TEXT_PREFIX.len() + i + 1);
                    return Err(ConvertError::at(
                        ErrorKind::TextMismatch,
                        self.at(line_no, col),
                        format!(
                            "the sentence text differs from document `{}` at code point {}: the file has {file_text:?}, the corpus has {corpus_text:?}",
                            self.doc.id,
                            begin + checked
                        ),
                    )
                    .help("the file was made from another version of the text; import stopped, nothing was written"));
                }
                checked += 1;
            }
        }
        Ok(())
    }

    /// The sentence's text, its `#Text` lines joined by line breaks.
    fn sentence_text(&self) -> String {
        let lines: Vec<String> = self
            .sentence_lines
            .iter()
            .map(|(_, raw)| unescape_text(raw).into_iter().map(|(c, _)| c).collect())
            .collect();
        lines.join("\n")
    }

    fn finish(self) -> Result<Parsed, ConvertError> {
        let mut notices = Vec::new();
        let has_annotations = |index: &usize| self.assemblers.get(index).is_some_and(|a| !a.annotations.is_empty());
        let candidates: Vec<usize> = (0..self.layers.len()).filter(has_annotations).collect();
        let chosen =
            match self.choice {
                Some(choice) => Some(self.chosen.ok_or_else(|| choice.not_declared(self.path, &self.layers))?),
                None => candidates.iter().copied().find(|&i| self.layers[i].type_name == NAMED_ENTITY).or_else(|| {
                    candidates.iter().copied().find(|&i| !self.layers[i].type_name.starts_with(DKPRO_TYPES))
                }),
            };

        let mut spans = Vec::new();
        if let Some(index) = chosen {
            let layer = &self.layers[index];
            let label_column = layer.label_column();
            let mut unlabelled: Option<(usize, Location)> = None;
            let mut zero_width: Option<(usize, Location)> = None;
            let annotations = self.assemblers.get(&index).map(|a| a.annotations.as_slice()).unwrap_or_default();
            for a in annotations {
                let count = |slot: &mut Option<(usize, Location)>| {
                    slot.get_or_insert_with(|| (0, a.at.clone())).0 += 1;
                };
                match &a.label {
                    None => count(&mut unlabelled),
                    Some(_) if a.begin == a.end => count(&mut zero_width),
                    Some(label) => spans.push(ImportedSpan {
                        start: a.begin,
                        end: a.end,
                        label: label.clone(),
                        note: None,
                        at: a.at.clone(),
                    }),
                }
            }
            let feature = match label_column.map(|c| &layer.columns[c]) {
                Some(c) if c.kind == ColumnKind::Feature => format!("`{}`", c.name),
                _ => "value".to_owned(),
            };
            if let Some((n, at)) = unlabelled {
                notices.push(Notice::new(
                    Some(at),
                    format!(
                        "{n} annotation(s) of `{}` without a {feature} (`*`) not imported: a concord span needs a label",
                        layer.type_name
                    ),
                ));
            }
            if let Some((n, at)) = zero_width {
                notices.push(Notice::new(
                    Some(at),
                    format!("{n} zero-width annotation(s) not imported: a concord span covers at least one character"),
                ));
            }
            for (offset, col) in layer.columns.iter().enumerate() {
                let stats = &self.stats[layer.first_column + offset];
                if Some(offset) == label_column || stats.values == 0 {
                    continue;
                }
                let what = match col.kind {
                    ColumnKind::SlotRole | ColumnKind::SlotTarget => "slot feature",
                    _ => "feature",
                };
                notices.push(Notice::new(
                    stats.first_value.clone(),
                    format!(
                        "{what} `{}` of `{}` not imported ({} value(s)): the label comes from {feature}",
                        col.name, layer.type_name, stats.values
                    ),
                ));
            }
        }
        let chosen_name = chosen.map(|i| self.layers[i].type_name.as_str());
        for (index, layer) in self.layers.iter().enumerate() {
            if Some(index) == chosen {
                continue;
            }
            let count = match self.assemblers.get(&index) {
                Some(a) => a.annotations.len(),
                None => {
                    let key = layer
                        .columns
                        .iter()
                        .position(|c| matches!(c.kind, ColumnKind::RelationSource | ColumnKind::ChainType));
                    self.stats[layer.first_column + key.unwrap_or(0)].entries
                }
            };
            if count == 0 {
                continue;
            }
            let first =
                layer.columns.iter().enumerate().find_map(|(o, _)| self.stats[layer.first_column + o].first.clone());
            let why = match (layer.kind, chosen_name) {
                (LayerKind::Relation, _) => "concord has spans, not relations".to_owned(),
                (LayerKind::Chain, _) => "concord has spans, not coreference chains".to_owned(),
                (LayerKind::Span, Some(c)) => format!("concord takes one span layer, here `{c}`"),
                (LayerKind::Span, None) => {
                    "concord takes NamedEntity `value` or a custom span layer, not DKPro Core's linguistic layers"
                        .to_owned()
                }
            };
            notices.push(Notice::new(
                first,
                format!("{} `{}`: {count} {} not imported: {why}", layer.describe(), layer.type_name, layer.entries()),
            ));
        }
        spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
        Ok(Parsed { spans, notices })
    }
}

impl SpanAssembler {
    /// Takes one cell of the label column of a unit. `placeholder`: the short name of a layer
    /// without features, whose annotations are all `*` and take that name as their label.
    fn feed(
        &mut self,
        cell: &str,
        unit: &Unit,
        at: &dyn Fn(usize) -> Location,
        placeholder: Option<&str>,
    ) -> Result<(), ConvertError> {
        if cell == NO_ANNOTATION {
            return Ok(());
        }
        let mut here = BTreeSet::new();
        for (item_byte, item) in split_stack(cell) {
            let location = at(item_byte);
            if item.is_empty() {
                return Err(ConvertError::syntax(location, "an empty entry in a stack of annotations (`A||B`)"));
            }
            let (base, id) = split_id(item).map_err(|m| ConvertError::syntax(location.clone(), m))?;
            let label = match base {
                NO_VALUE => placeholder.map(str::to_owned),
                "" => None,
                _ => Some(unescape_value(base)),
            };
            let Some(id) = id else {
                self.annotations.push(RawAnnotation::on(unit, label, location));
                continue;
            };
            if !here.insert(id) {
                return Err(ConvertError::syntax(location, format!("disambiguation id [{id}] twice in one cell")));
            }
            match self.by_id.get(&id) {
                Some(&i) => {
                    let a = &mut self.annotations[i];
                    if a.label != label {
                        let show = |l: &Option<String>| l.as_deref().map_or("*".to_owned(), |l| format!("`{l}`"));
                        return Err(ConvertError::syntax(
                            location,
                            format!(
                                "annotation [{id}] is {} here but {} on line {}: one id is one annotation",
                                show(&label),
                                show(&a.label),
                                a.at.line
                            ),
                        ));
                    }
                    if unit.token > a.last_token + 1 {
                        return Err(ConvertError::syntax(
                            location,
                            format!(
                                "annotation [{id}] resumes after a gap (it was last on line {}): an annotation covers consecutive tokens",
                                a.last_line
                            ),
                        ));
                    }
                    a.end = unit.end;
                    a.last_token = unit.token;
                    a.last_line = unit.line;
                    if a.end < a.begin {
                        return Err(ConvertError::syntax(
                            location,
                            format!("annotation [{id}] ends here before it starts (line {})", a.at.line),
                        ));
                    }
                }
                None => {
                    self.by_id.insert(id, self.annotations.len());
                    self.annotations.push(RawAnnotation::on(unit, label, location));
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/// A sentence: its tokens and the code-point range `#Text=` covers.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sentence {
    tokens: std::ops::Range<usize>,
    begin: usize,
    end: usize,
}

/// A document's tokens and sentences, shared by every annotator's file.
#[derive(Debug)]
struct Layout {
    chars: Vec<char>,
    map: Utf16Map,
    tokens: Vec<(usize, usize)>,
    sentences: Vec<Sentence>,
}

impl Layout {
    fn new(text: &str) -> Layout {
        let chars: Vec<char> = text.chars().collect();
        let tokens = Tokenizer::WordsAndPunctuation.tokens(text);
        let line_breaks: Vec<usize> = chars.iter().enumerate().filter(|(_, c)| **c == '\n').map(|(i, _)| i).collect();
        let line_of = |offset: usize| line_breaks.partition_point(|&b| b < offset);
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        for (i, &(start, _)) in tokens.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if line_of(tokens[g.start].0) == line_of(start) => g.end = i + 1,
                _ => groups.push(i..i + 1),
            }
        }
        let mut sentences = Vec::with_capacity(groups.len());
        for (n, group) in groups.iter().enumerate() {
            let begin = tokens[group.start].0;
            let last_end = tokens[group.end - 1].1;
            let end = match groups.get(n + 1) {
                Some(next) => {
                    // INCEpTION rebuilds the gap to the next sentence as a line break and spaces.
                    let next_begin = tokens[next.start].0;
                    let gap = &chars[last_end..next_begin];
                    match gap.iter().rposition(|&c| c == '\n') {
                        Some(p) if gap[p + 1..].iter().all(|&c| c == ' ') => last_end + p,
                        _ => next_begin,
                    }
                }
                // ... and adds a line break after the last one.
                None if chars.last() == Some(&'\n') => chars.len() - 1,
                None => chars.len(),
            };
            sentences.push(Sentence { tokens: group.clone(), begin, end });
        }
        Layout { map: Utf16Map::new(text), chars, tokens, sentences }
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }
}

#[derive(Debug)]
struct SubToken {
    begin: usize,
    end: usize,
    annotations: Vec<usize>,
}

/// Where each span goes: the units (tokens, sub-tokens) it is written on, and its id.
#[derive(Debug)]
struct Placement {
    on_token: Vec<Vec<usize>>,
    sub_tokens: Vec<Vec<SubToken>>,
    ids: Vec<Option<u32>>,
    next_id: u32,
}

impl Placement {
    fn assign_id(&mut self, annotation: usize) {
        if self.ids[annotation].is_none() {
            self.next_id += 1;
            self.ids[annotation] = Some(self.next_id);
        }
    }

    /// Adds an annotation to a unit; stacked annotations all get ids (as INCEpTION's writer does).
    fn add(&mut self, unit: (usize, Option<usize>), annotation: usize) {
        let list = match unit {
            (t, None) => &mut self.on_token[t],
            (t, Some(s)) => &mut self.sub_tokens[t][s].annotations,
        };
        if list.contains(&annotation) {
            return;
        }
        let stacked = !list.is_empty();
        list.push(annotation);
        if stacked {
            let all = list.clone();
            for a in all {
                self.assign_id(a);
            }
        }
    }

    fn sub_token(&mut self, token: usize, begin: usize, end: usize) -> (usize, Option<usize>) {
        let subs = &mut self.sub_tokens[token];
        let index = match subs.iter().position(|s| (s.begin, s.end) == (begin, end)) {
            Some(i) => i,
            None => {
                subs.push(SubToken { begin, end, annotations: Vec::new() });
                subs.len() - 1
            }
        };
        (token, Some(index))
    }
}

/// The spans as written: whitespace at their edges left out (the format cannot address it).
fn trimmed_spans<'s>(
    layout: &Layout,
    spans: &'s [ExportSpan],
    file: &Path,
    notices: &mut Vec<Notice>,
) -> Vec<(usize, usize, &'s str)> {
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let end = s.end.min(layout.chars.len());
        let mut start = s.start.min(end);
        let mut stop = end;
        while start < stop && layout.chars[start].is_whitespace() {
            start += 1;
        }
        while stop > start && layout.chars[stop - 1].is_whitespace() {
            stop -= 1;
        }
        if start == stop {
            notices.push(Notice::new(
                Some(Location::file(file)),
                format!(
                    "span [{}, {}) `{}` is only whitespace, which WebAnno TSV cannot address: not exported",
                    s.start, s.end, s.label
                ),
            ));
            continue;
        }
        if (start, stop) != (s.start, s.end) {
            notices.push(Notice::new(
                Some(Location::file(file)),
                format!(
                    "span [{}, {}) `{}` {:?} has whitespace at its edge, which WebAnno TSV cannot address: exported as [{start}, {stop})",
                    s.start,
                    s.end,
                    s.label,
                    layout.text(s.start.min(end), end)
                ),
            ));
        }
        out.push((start, stop, s.label.as_str()));
    }
    out
}

fn place(layout: &Layout, spans: &[(usize, usize, &str)]) -> Placement {
    let mut placement = Placement {
        on_token: vec![Vec::new(); layout.tokens.len()],
        sub_tokens: layout.tokens.iter().map(|_| Vec::new()).collect(),
        ids: vec![None; spans.len()],
        next_id: 0,
    };
    // INCEpTION's writer visits annotations in UIMA's index order: by begin, longest first.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, Reverse(spans[i].1), spans[i].2, i));
    let tokens = &layout.tokens;
    for a in order {
        let (begin, end, _) = spans[a];
        // Both edges are on non-whitespace characters, which always lie in a token.
        let first = tokens.partition_point(|t| t.1 <= begin);
        let last = tokens.partition_point(|t| t.1 < end);
        let (Some(&(first_begin, first_end)), Some(&(last_begin, last_end))) = (tokens.get(first), tokens.get(last))
        else {
            continue;
        };
        let single = first == last;
        if first_begin == begin && last_end == end {
            placement.add((first, None), a);
            placement.add((last, None), a);
        } else {
            if first_begin < begin {
                let unit = placement.sub_token(first, begin, first_end.min(end));
                placement.add(unit, a);
            } else if first_end <= end {
                placement.add((first, None), a);
            }
            if last_end > end {
                let unit = placement.sub_token(last, last_begin.max(begin), end);
                placement.add(unit, a);
            } else if !single {
                placement.add((last, None), a);
            }
        }
        if !single {
            for t in first + 1..last {
                placement.add((t, None), a);
            }
            placement.assign_id(a);
        }
    }
    placement
}

/// The `identifier` and `value` cells of a unit.
fn cells(annotations: &[usize], spans: &[(usize, usize, &str)], ids: &[Option<u32>]) -> (String, String) {
    if annotations.is_empty() {
        return (NO_ANNOTATION.to_owned(), NO_ANNOTATION.to_owned());
    }
    let id = |a: usize| ids[a].map(|n| format!("[{n}]")).unwrap_or_default();
    let identifier: Vec<String> = annotations.iter().map(|&a| format!("{NO_VALUE}{}", id(a))).collect();
    let value: Vec<String> = annotations.iter().map(|&a| format!("{}{}", escape_value(spans[a].2), id(a))).collect();
    (identifier.join("|"), value.join("|"))
}

fn render(layout: &Layout, spans: &[(usize, usize, &str)]) -> String {
    let placement = place(layout, spans);
    let mut out = String::new();
    let _ = write!(out, "{FORMAT_LINE}\n{SPAN_PREFIX}{NAMED_ENTITY}|identifier|value\n\n");
    let unit_line = |out: &mut String, id: &str, begin: usize, end: usize, annotations: &[usize]| {
        let (identifier, value) = cells(annotations, spans, &placement.ids);
        let _ = writeln!(
            out,
            "{id}\t{}-{}\t{}\t{identifier}\t{value}\t",
            layout.map.to_utf16(begin),
            layout.map.to_utf16(end),
            layout.text(begin, end)
        );
    };
    for (s, sentence) in layout.sentences.iter().enumerate() {
        out.push('\n');
        for line in layout.text(sentence.begin, sentence.end).split('\n') {
            let _ = writeln!(out, "{TEXT_PREFIX}{}", escape_text(line));
        }
        for (p, t) in sentence.tokens.clone().enumerate() {
            let (begin, end) = layout.tokens[t];
            let id = format!("{}-{}", s + 1, p + 1);
            unit_line(&mut out, &id, begin, end, &placement.on_token[t]);
            for (k, sub) in placement.sub_tokens[t].iter().enumerate() {
                unit_line(&mut out, &format!("{id}.{}", k + 1), sub.begin, sub.end, &sub.annotations);
            }
        }
    }
    out
}

/// Writes `<annotator>/<document>.tsv` for every annotator and document (see the module docs).
pub fn export(input: &ExportInput) -> Result<Exported, ConvertError> {
    let mut files = Vec::new();
    let mut notices = Vec::new();
    for doc in &input.documents {
        let layout = Layout::new(doc.text.as_str());
        if layout.sentences.is_empty() {
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
            let written = trimmed_spans(&layout, spans, &path, &mut notices);
            files.push(OutputFile { contents: render(&layout, &written), path });
        }
    }
    files.sort();
    Ok(Exported { files, notices })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// INCEpTION's reader rebuilds the document text from the sentences: each `#Text` line and a
    /// line break; a gap before the next sentence padded with spaces, or the line break dropped
    /// when the next sentence starts right there.
    fn inception_rebuilt_text(tsv: &str) -> String {
        let mut text: Vec<char> = Vec::new();
        let mut pending: Vec<char> = Vec::new();
        let mut in_header = true;
        for line in tsv.split('\n') {
            if let Some(t) = line.strip_prefix(TEXT_PREFIX) {
                in_header = true;
                pending.extend(unescape_text(t).into_iter().map(|(c, _)| c));
                pending.push('\n');
            } else if in_header && !line.starts_with('#') && !line.is_empty() {
                in_header = false;
                let begin16: usize =
                    line.split('\t').nth(1).and_then(|o| o.split('-').next()?.parse().ok()).unwrap_or(0);
                // Offsets are UTF-16; count the rebuilt text in UTF-16 too.
                let len16 = |t: &[char]| t.iter().map(|c| c.len_utf16()).sum::<usize>();
                if len16(&text) > begin16 {
                    text.pop();
                }
                while len16(&text) < begin16 {
                    text.push(' ');
                }
                text.append(&mut pending);
            }
        }
        text.into_iter().collect()
    }

    fn spans_of(text: &str, found: &[(&str, &str)]) -> Vec<ExportSpan> {
        found
            .iter()
            .map(|(needle, label)| {
                let t = concord_schema::Text::new(text.to_owned());
                let start = t.find_all(needle)[0];
                ExportSpan { start, end: start + needle.chars().count(), label: (*label).to_owned(), note: None }
            })
            .collect()
    }

    #[test]
    fn values_escape_the_reserved_characters() {
        assert_eq!(escape_value("MILITANT_GROUP"), "MILITANT\\_GROUP");
        assert_eq!(escape_value("a->b|c[1];*\\\t\n"), "a\\->b\\|c\\[1\\]\\;\\*\\\\\\t\\n");
        assert_eq!(escape_value("a-b>c"), "a-b>c");
        assert_eq!(unescape_value("MILITANT\\_GROUP"), "MILITANT_GROUP");
        assert_eq!(unescape_value("a\\-b \\q \\"), "a\\-b \\q \\");
    }

    #[test]
    fn text_lines_escape_backslashes_tabs_and_controls() {
        let line = "a\\b\tc\rd\u{1}e\u{b}f";
        let escaped = escape_text(line);
        assert_eq!(escaped, "a\\\\b\\tc\\rd\\\u{1}e\u{b}f");
        let back: String = unescape_text(&escaped).into_iter().map(|(c, _)| c).collect();
        assert_eq!(back, line);
        assert_eq!(unescape_text("x\\qy").into_iter().map(|(c, _)| c).collect::<String>(), "x\\qy");
    }

    proptest! {
        #![proptest_config(concord_testkit::proptest_config(256))]
        #[test]
        fn escaping_round_trips(s in "[a-z_\\\\|\\[\\]*;>\t\n\r\u{1}-]{0,20}") {
            prop_assert_eq!(unescape_value(&escape_value(&s)), s.clone());
            let back: String = unescape_text(&escape_text(&s)).into_iter().map(|(c, _)| c).collect();
            prop_assert_eq!(back, s.clone());
            // A value never shows an unescaped separator.
            let escaped = escape_value(&s);
            prop_assert_eq!(split_stack(&escaped).len(), 1);
            prop_assert_eq!(split_id(&escaped), Ok((escaped.as_str(), None)));
        }
    }

    proptest! {
        #![proptest_config(concord_testkit::proptest_config(256))]
        /// Damaged files give errors, never panics: any character of a valid file replaced by a
        /// character the format gives meaning to, or the file cut short anywhere.
        #[test]
        fn damaged_files_never_panic(at in 0usize..400, with in r"[\t\n\\|\[\]_*#=0-9.\-😀]{0,3}", cut in proptest::bool::ANY) {
            let text = "Quetta 😀 — “ISIS”.\n\nISIS’s branch struck\n";
            let spans = [(0, 6, "GPE"), (12, 16, "MILITANT_GROUP"), (20, 37, "MILITANT_GROUP"), (20, 24, "ORG"), (13, 15, "X")];
            let tsv = render(&Layout::new(text), &spans);
            let chars: Vec<char> = tsv.chars().collect();
            let at = at.min(chars.len());
            let damaged: String = if cut {
                chars[..at].iter().collect()
            } else {
                chars[..at].iter().copied().chain(with.chars()).chain(chars[(at + 1).min(chars.len())..].iter().copied()).collect()
            };
            let doc = Document::from_text("d", text.into());
            let _ = parse(Path::new("d.tsv"), &damaged, &doc);
        }
    }

    #[test]
    fn stacks_and_ids_respect_escapes() {
        assert_eq!(split_stack("PER[1]|LOC[2]"), vec![(0, "PER[1]"), (7, "LOC[2]")]);
        assert_eq!(split_stack("a\\|b|c"), vec![(0, "a\\|b"), (5, "c")]);
        assert_eq!(split_stack("a\\\\|b"), vec![(0, "a\\\\"), (4, "b")]);
        assert_eq!(split_id("PER[12]"), Ok(("PER", Some(12))));
        assert_eq!(split_id("*[3]"), Ok(("*", Some(3))));
        assert_eq!(split_id("x\\[1\\]"), Ok(("x\\[1\\]", None)));
        assert_eq!(split_id("x\\\\[1]"), Ok(("x\\\\", Some(1))));
        assert!(split_id("PER[a]").is_err());
        assert!(split_id("PER]").is_err());
        assert!(split_id("PER[99999999999]").is_err());
    }

    #[test]
    fn sentences_are_lines_and_inception_rebuilds_the_text_exactly() {
        for text in [
            "The army said.\n\nAltaf denied it.\n",
            "One 😀 two.\r\nThree\tfour.\n  Five.\n\n\n",
            "Tabbed\n\tline.\n",
            "No final break",
            "   Leading spaces.\n",
        ] {
            let layout = Layout::new(text);
            let tsv = render(&layout, &[]);
            let rebuilt = inception_rebuilt_text(&tsv);
            let expected = if text.ends_with('\n') { text.to_owned() } else { format!("{text}\n") };
            assert_eq!(rebuilt, expected, "{tsv}");
        }
        let layout = Layout::new("A b.\n\nC.\n");
        assert_eq!(
            layout.sentences,
            vec![Sentence { tokens: 0..3, begin: 0, end: 5 }, Sentence { tokens: 3..5, begin: 6, end: 8 }]
        );
    }

    #[test]
    fn spans_off_token_boundaries_get_sub_tokens_as_inceptions_writer_makes_them() {
        // The spans of INCEpTION's test "testSubMultiTokenSpanWithFeatureValue" (its zero-width
        // ones left out: concord has none), placed as its `Tsv3XCasDocumentBuilder` places them.
        // Its tsv3-suite reference.tsv differs in one place, and reads the same: it also writes the
        // token prefix `4` on the token `1-2`, with an id.
        let text = "aaaaaa bbbbbb cccccc";
        let cases = [(0, 6), (0, 13), (9, 11), (7, 11), (9, 13), (3, 13), (0, 10), (3, 10), (3, 17)];
        let labels: Vec<String> = (1..=cases.len()).map(|n| n.to_string()).collect();
        let spans: Vec<(usize, usize, &str)> =
            cases.iter().zip(&labels).map(|(&(b, e), l)| (b, e, l.as_str())).collect();
        let tsv = render(&Layout::new(text), &spans);
        let body: Vec<&str> = tsv.lines().skip(5).map(|l| l.rsplit_once('\t').map_or(l, |(a, _)| a)).collect();
        let values: Vec<String> = body
            .iter()
            .map(|l| format!("{}\t{}", l.split('\t').next().unwrap_or(""), l.rsplit('\t').next().unwrap_or("")))
            .collect();
        assert_eq!(
            values,
            [
                "1-1\t2[1]|7[2]|1[3]",
                "1-1.1\t9[4]|6[5]|8[6]",
                "1-2\t2[1]|9[4]|6[5]",
                "1-2.1\t7[2]|8[6]",
                "1-2.2\t4",
                "1-2.3\t5",
                "1-2.4\t3",
                "1-3\t_",
                "1-3.1\t9[4]",
            ]
        );
    }

    #[test]
    fn exported_files_read_back() {
        let text = "Quetta 😀 — “ISIS” claimed… the Pakistani army.\n\nISIS’s Khorasan branch struck.\n";
        let spans = spans_of(
            text,
            &[
                ("Quetta", "GPE"),
                ("ISIS", "MILITANT_GROUP"),
                ("Pakistan", "GPE"),
                ("ISIS’s Khorasan branch", "MILITANT_GROUP"),
                ("Khorasan", "GPE"),
            ],
        );
        let layout = Layout::new(text);
        let mut notices = Vec::new();
        let trimmed = trimmed_spans(&layout, &spans, Path::new("a/d.tsv"), &mut notices);
        assert!(notices.is_empty());
        let tsv = render(&layout, &trimmed);
        let doc = Document::from_text("d", text.into());
        let parsed = parse(Path::new("a/d.tsv"), &tsv, &doc).expect("reads");
        let back: Vec<(usize, usize, &str)> = parsed.spans.iter().map(|s| (s.start, s.end, s.label.as_str())).collect();
        let mut expected: Vec<(usize, usize, &str)> =
            spans.iter().map(|s| (s.start, s.end, s.label.as_str())).collect();
        expected.sort();
        assert_eq!(back, expected, "{tsv}");
        assert!(parsed.notices.is_empty(), "{:?}", parsed.notices);
    }

    #[test]
    fn spans_across_sentences_read_back() {
        let text = "Bajaur.\n\nAltaf Hussain denied it.\n";
        let spans = spans_of(text, &[("Bajaur.\n\nAltaf", "X"), ("Hussain", "PERSON")]);
        let layout = Layout::new(text);
        let trimmed = trimmed_spans(&layout, &spans, Path::new("a/d.tsv"), &mut Vec::new());
        let tsv = render(&layout, &trimmed);
        assert!(
            tsv.contains("1-1\t0-6\tBajaur\t*[1]\tX[1]\t\n") && tsv.contains("2-1\t9-14\tAltaf\t*[1]\tX[1]\t\n"),
            "{tsv}"
        );
        let parsed = parse(Path::new("a/d.tsv"), &tsv, &Document::from_text("d", text.into())).expect("reads");
        let back: Vec<(usize, usize, &str)> = parsed.spans.iter().map(|s| (s.start, s.end, s.label.as_str())).collect();
        assert_eq!(back, [(0, 14, "X"), (15, 22, "PERSON")]);
    }

    #[test]
    fn a_document_without_tokens_has_no_sentences_and_reads_back_empty() {
        let input = ExportInput {
            labels: concord_schema::LabelSet { labels: Vec::new() },
            documents: vec![crate::export::ExportDocument {
                id: "blank".into(),
                text: concord_schema::Text::new(" \n\n".into()),
                by_annotator: [("ann".to_owned(), Vec::new())].into_iter().collect(),
            }],
        };
        let exported = export(&input).expect("exports");
        assert_eq!(
            exported.notices[0].message,
            "document `blank` has no tokens: its files have no sentences, which INCEpTION cannot import"
        );
        let tsv = &exported.files[0].contents;
        assert_eq!(tsv, &format!("{FORMAT_LINE}\n{SPAN_PREFIX}{NAMED_ENTITY}|identifier|value\n\n"));
        let parsed = parse(Path::new("d.tsv"), tsv, &Document::from_text("d", " \n\n".into())).expect("reads");
        assert!(parsed.spans.is_empty() && parsed.notices.is_empty());
    }

    #[test]
    fn sentence_text_is_checked_from_version_3_3_on() {
        let doc = Document::from_text("d", "ISIS struck.\n".into());
        let body = "\n\n\n#Text=ISIS struck!\n1-1\t0-4\tISIS\t\n1-2\t5-11\tstruck\t\n1-3\t11-12\t.\t\n";
        let e = parse(Path::new("d.tsv"), &format!("#FORMAT=WebAnno TSV 3.3{body}"), &doc).unwrap_err();
        assert_eq!((e.kind, e.location), (ErrorKind::TextMismatch, Some(Location::at("d.tsv", 4, 18))));
        // Older files escaped `#Text` otherwise (Java escapes): only their tokens are checked.
        assert!(parse(Path::new("d.tsv"), &format!("#FORMAT=WebAnno TSV 3.2{body}"), &doc).is_ok());
    }

    #[test]
    fn whitespace_at_span_edges_is_left_out_with_a_notice() {
        let text = "the  army said\n";
        let spans = vec![
            ExportSpan { start: 3, end: 9, label: "X".into(), note: None },
            ExportSpan { start: 3, end: 5, label: "Y".into(), note: None },
        ];
        let layout = Layout::new(text);
        let mut notices = Vec::new();
        let trimmed = trimmed_spans(&layout, &spans, Path::new("a/d.tsv"), &mut notices);
        assert_eq!(trimmed, vec![(5, 9, "X")]);
        assert_eq!(notices.len(), 2);
        assert!(notices[0].message.contains("exported as [5, 9)"), "{}", notices[0]);
        assert!(notices[1].message.contains("only whitespace"), "{}", notices[1]);
    }
}
