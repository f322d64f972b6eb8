//! `cargo xtask`: concord's command line. It parses arguments, calls the crates, prints, and
//! turns the outcome into an exit code: 0 clean (warnings allowed), 1 findings, 2 usage or I/O
//! error. A closed pipe (`| head`) is not an error.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

// glibc's allocator spent about a third of a crowd report's time (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod codegen;
mod convert;
mod coverage;
mod crosscheck;
mod curate;
mod diff;
mod find;
mod fix;
mod gen_crowd;
mod lsp;
mod report;
mod show;
mod status;
mod validate;

#[derive(Parser, Debug)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", about = "concord: span annotation and its quality", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check annotation files against the corpus, the label set and the schema.
    Validate(validate::Args),
    /// Fill in offsets from quoted text, span texts from offsets, and the document pin.
    Fix(fix::Args),
    /// List every occurrence of a text in a document, with the `occurrence:` number to write.
    Find(find::Args),
    /// List places where an annotated text occurs again, as a whole word, with no span.
    Coverage(coverage::Args),
    /// List a file's spans in document order, each in its context.
    Show(show::Args),
    /// Regenerate schemas/annotation.schema.json from the Rust types and schemas/labels.yaml.
    Codegen(codegen::Args),
    /// Disagreements between two annotators on a document, or annotation changes between git revisions.
    Diff(diff::Args),
    /// Propose or update the gold standard (gold/<document>.yaml) from the annotators' files.
    Curate(curate::Args),
    /// Agreement figures: text, JSON, Markdown (pull-request comment) or self-contained HTML.
    Report(report::Args),
    /// One table: who annotated each document, its gold file, open questions, stale decisions.
    Status(status::Args),
    /// Import annotations made in brat, Label Studio, Prodigy/spaCy or INCEpTION (WebAnno TSV).
    Import(convert::ImportArgs),
    /// Export the annotations for brat, Label Studio, Prodigy/spaCy, INCEpTION (WebAnno TSV) or CoNLL.
    Export(convert::ExportArgs),
    /// Start the language server over stdio, for an editor (docs/editors.md).
    Lsp(lsp::Args),
    /// Compare every measure with the Python reference implementations (not part of CI).
    Crosscheck(crosscheck::CrosscheckArgs),
    /// Write a synthetic crowd project: many short documents, a few raters each from a large pool.
    GenCrowd(gen_crowd::Args),
}

/// Output format of commands that print findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics for people.
    Text,
    /// One JSON object per line (schemas/diagnostic.schema.json).
    Json,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
}

/// The repository root (this xtask's parent folder), as a path relative to the current
/// directory when we are in it, so that printed paths are short and clickable.
pub fn default_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default();
    match std::env::current_dir() {
        Ok(cwd) if cwd == root => PathBuf::new(),
        _ => root,
    }
}

/// Validates `root` (or just `paths`); on a fatal error says why on stderr and gives exit code 2.
pub fn validated(
    root: Option<&std::path::Path>,
    paths: &[PathBuf],
) -> Result<(PathBuf, concord_validate::Run), ExitCode> {
    let root = root.map_or_else(default_root, Path::to_path_buf);
    match concord_validate::validate(&root, paths) {
        Ok(run) => Ok((root, run)),
        Err(e) => {
            eprintln!("error: {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// Whether to colour output written to stdout.
pub fn color_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Writes to stdout; a closed pipe ends the program quietly with success.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(2);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Fix(args) => fix::run(&args),
        Command::Show(args) => show::run(&args),
        Command::Coverage(args) => coverage::run(&args),
        Command::Find(args) => find::run(&args),
        Command::Codegen(args) => codegen::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Status(args) => status::run(&args),
        Command::Curate(args) => curate::run(&args),
        Command::Import(args) => convert::import(&args),
        Command::Export(args) => convert::export(&args),
        Command::Crosscheck(args) => crosscheck::run(&args),
        Command::GenCrowd(args) => gen_crowd::run(&args),
        Command::Lsp(args) => lsp::run(&args),
    }
}
