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
pub mod options;
pub mod source_map;
pub mod tokens;
pub mod webanno;

use std::path::Path;

pub use corpus::Corpus;
pub use error::{ConvertError, ErrorKind, Location};
pub use export::{ExportInput, Exported, OutputFile};
pub use import::{Imported, ImportedAnnotation, ImportedSpan};
pub use notice::{Notice, Tally};
pub use options::{Discontinuous, ExportOptions, Format, OptionError, ReadOptions, folder_name};

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

/// Exports the project at `root`, which must validate without errors, into the folder `out`;
/// only the annotators `selection` names when given (`gold`: the gold standard, as the
/// annotator `gold`).
pub fn export_project(
    root: &Path,
    format: Format,
    out: &Path,
    options: &ExportOptions,
    selection: Option<&[String]>,
) -> Result<ExportOutcome, ConvertError> {
    let run = concord_validate::validate(root, &[]).map_err(project_error)?;
    let labels = concord_schema::LabelSet::load(&concord_schema::Layout::new(root).labels_path())
        .map_err(|e| ConvertError::new(ErrorKind::Project, None, e.to_string()))?;
    let input = match selection {
        Some(patterns) => ExportInput::from_selection(&run, &labels, patterns)?,
        None => ExportInput::from_run(&run, &labels)?,
    };
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
        Format::Conll => conll::export(input, options.conll_tokens.unwrap_or_default()),
    }
}
