//! Import and export: concord's YAML as the hub between annotation tools.
//!
//! | format | module | import | export | offsets in the format |
//! |---|---|---|---|---|
//! | brat standoff (`.ann` + `.txt`, `annotation.conf`) | [`brat`] (`brat::conf`) | yes | yes | code points |
//! | Label Studio JSON export | [`label_studio`] | yes | yes | code points (UTF-16 in 2021 exports) |
//! | Prodigy / spaCy JSONL | [`jsonl`] | yes | yes | code points |
//! | WebAnno TSV 3 (INCEpTION) | [`webanno`] | yes | yes | UTF-16 code units |
//! | CoNLL-2003 BIO | [`conll`] | no | yes | tokens |
//!
//! Design choices:
//! - **Readers resolve, the hub writes.** A reader turns its input into [`Imported`]: spans in
//!   code points of a corpus document it found with [`Corpus::match_document`] (by name, by the
//!   sha256 of the text, or both). [`import::plan`] then checks and renders every file, and
//!   [`import::write_plan`] writes them only when all are good. No reader touches the project.
//! - **Writers are pure** ([`export`]): the project's validated annotations in, files out,
//!   deterministic to the byte.
//! - **Offsets are converted exactly** ([`offsets::Utf16Map`]); an offset inside a surrogate
//!   pair is an error, never rounded.
//! - **Loss is said, not silent**: what a format cannot carry (notes, nesting in BIO, relations
//!   on import) is reported as a [`Notice`].

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod brat;
pub mod conll;
pub mod corpus;
pub mod error;
pub mod export;
pub mod import;
pub mod input;
pub mod jsonl;
pub mod label_studio;
pub mod notice;
pub mod offsets;
pub mod source_map;
pub mod tokens;
pub mod webanno;

use std::path::Path;

pub use corpus::Corpus;
pub use error::{ConvertError, ErrorKind, Location};
pub use export::{ExportInput, Exported, OutputFile};
pub use import::{Imported, ImportedAnnotation, ImportedSpan};
pub use notice::{Notice, Tally};

/// The formats concord converts from and to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Brat,
    LabelStudio,
    Jsonl,
    WebannoTsv,
    Conll,
}

impl Format {
    pub const ALL: [Format; 5] = [Format::Brat, Format::LabelStudio, Format::Jsonl, Format::WebannoTsv, Format::Conll];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Brat => "brat",
            Format::LabelStudio => "label-studio",
            Format::Jsonl => "jsonl",
            Format::WebannoTsv => "webanno-tsv",
            Format::Conll => "conll",
        }
    }

    pub fn can_import(self) -> bool {
        self != Format::Conll
    }
}

/// What to do with a brat entity made of several fragments (`T1 Org 0 5;10 15`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Discontinuous {
    /// Stop with an error naming the line (the default: concord spans are contiguous).
    #[default]
    Refuse,
    /// One span per fragment, each with the entity's label.
    Split,
}

/// How readers name and shape what they read.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// The annotator to file every imported annotation under, overriding what the input says.
    pub annotator: Option<String>,
    pub discontinuous: Discontinuous,
    /// WebAnno TSV: the span layer whose values become labels, `TYPE` or `TYPE:FEATURE` (full or
    /// short type name); `None` for the default rule (NamedEntity `value`, else the first custom layer).
    pub layer: Option<String>,
}

impl ReadOptions {
    /// The annotator for an input annotation: `--annotator` if given, else the name the input
    /// gives (`found`), made into a valid folder name; an error when there is neither.
    pub fn annotator_name(&self, found: Option<&str>, at: &Location) -> Result<String, ConvertError> {
        if let Some(name) = &self.annotator {
            return Ok(name.clone());
        }
        match found.map(folder_name) {
            Some(name) if concord_schema::is_valid_id(&name) => Ok(name),
            _ => Err(ConvertError::at(
                ErrorKind::Unsupported,
                at.clone(),
                match found {
                    Some(f) => format!("the input's annotator `{f}` cannot be made into a folder name"),
                    None => "this input does not say who annotated it".to_owned(),
                },
            )
            .help("pass --annotator NAME")),
        }
    }
}

/// `alice@example.org` → `alice`; any character a folder name cannot hold becomes `-`.
pub fn folder_name(found: &str) -> String {
    let local = found.split('@').next().unwrap_or(found).trim();
    let name: String = local
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .collect();
    name.trim_start_matches('.').to_owned()
}

/// Options of exports; each applies to the formats its doc names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// CoNLL: which tokens the BIO tags are on.
    pub conll_tokens: tokens::Tokenizer,
}

/// Everything an import of `path` into the project at `root` would write, checked; nothing written.
/// Write it with [`import::write_plan`].
pub fn prepare_import(
    root: &Path,
    format: Format,
    path: &Path,
    read_options: &ReadOptions,
    write_options: &import::WriteOptions,
) -> Result<import::Plan, import::PlanError> {
    let project = concord_validate::Project::open(root).map_err(project_error)?;
    let corpus = Corpus::load(&project)?;
    let imported = read(format, path, &corpus, read_options)?;
    import::plan(&project, &corpus, imported, write_options)
}

/// Exports the project at `root`, which must validate without errors, into the folder `out`.
pub fn export_project(
    root: &Path,
    format: Format,
    out: &Path,
    options: &ExportOptions,
) -> Result<ExportOutcome, ConvertError> {
    let run = concord_validate::validate(root, &[]).map_err(project_error)?;
    let labels = concord_schema::LabelSet::load(&concord_schema::Layout::new(root).labels_path())
        .map_err(|e| ConvertError::new(ErrorKind::Project, None, e.to_string()))?;
    let input = ExportInput::from_run(&run, &labels)?;
    let exported = render_export(format, &input, options)?;
    let written = export::write_outputs(out, &exported.files)?;
    let spans = input.documents.iter().flat_map(|d| d.by_annotator.values()).map(Vec::len).sum();
    Ok(ExportOutcome { written, notices: exported.notices, documents: input.documents.len(), spans })
}

/// What [`export_project`] did.
#[derive(Clone, Debug)]
pub struct ExportOutcome {
    pub written: Vec<std::path::PathBuf>,
    pub notices: Vec<Notice>,
    pub documents: usize,
    pub spans: usize,
}

fn project_error(e: concord_validate::FatalError) -> ConvertError {
    ConvertError::new(ErrorKind::Project, None, e.to_string())
}

/// Reads `path` (a file or a folder, as the format has it) into spans on corpus documents.
pub fn read(format: Format, path: &Path, corpus: &Corpus, options: &ReadOptions) -> Result<Imported, ConvertError> {
    match format {
        Format::Brat => brat::import(path, corpus, options),
        Format::LabelStudio => label_studio::import(path, corpus, options),
        Format::Jsonl => jsonl::import(path, corpus, options),
        Format::WebannoTsv => webanno::import(path, corpus, options),
        Format::Conll => Err(ConvertError::new(
            ErrorKind::Unsupported,
            None,
            "CoNLL BIO is export only: it has no offsets into the document text, so spans cannot be placed exactly",
        )),
    }
}

/// Renders the project's annotations in `format`, in memory; [`export::write_outputs`] writes them.
pub fn render_export(format: Format, input: &ExportInput, options: &ExportOptions) -> Result<Exported, ConvertError> {
    match format {
        Format::Brat => brat::export(input),
        Format::LabelStudio => label_studio::export(input),
        Format::Jsonl => jsonl::export(input),
        Format::WebannoTsv => webanno::export(input),
        Format::Conll => conll::export(input, options.conll_tokens),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotator_names_become_folder_names() {
        assert_eq!(folder_name("alice@example.org"), "alice");
        assert_eq!(folder_name("Jane Doe"), "Jane-Doe");
        assert_eq!(folder_name("news_ner-alex"), "news_ner-alex");
        let at = Location::file("x");
        let opts = ReadOptions::default();
        assert_eq!(opts.annotator_name(Some("bob@x.y"), &at), Ok("bob".to_owned()));
        assert!(opts.annotator_name(None, &at).is_err());
        let forced = ReadOptions { annotator: Some("carol".into()), ..ReadOptions::default() };
        assert_eq!(forced.annotator_name(Some("bob"), &at), Ok("carol".to_owned()));
    }
}
