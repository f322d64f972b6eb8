//! `cargo xtask status`: for each document, who annotated it (valid spans each), whether it has a
//! gold file, open curation questions and stale decisions (concord-report's `status`).
//!
//! Exit codes: 0 when the table was printed (validation errors are `validate`'s to report), 2 on
//! a usage or I/O error.

use std::path::PathBuf;
use std::process::ExitCode;

use concord_report::status;

use crate::{default_root, out};

/// The command-line spelling of the output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// A table for the terminal.
    Text,
    /// A Markdown table.
    Markdown,
    /// schemas/status.schema.json.
    Json,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Exit status: 0 when the table was printed, 2 on a usage or I/O error.\n\n\
                  Examples:\n  cargo xtask status\n  cargo xtask status --format json --annotators 'pilot-*'")]
pub struct Args {
    /// Project folder holding corpus/, annotations/ and schemas/ [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    format: StatusFormat,
    /// Only these annotators: names or globs (`*`, `?`), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    annotators: Option<Vec<String>>,
}

pub fn run(args: &Args) -> ExitCode {
    let root = args.root.clone().unwrap_or_else(default_root);
    let text = status::load(&root, args.annotators.as_deref()).map_err(|e| e.to_string()).and_then(|s| {
        Ok(match args.format {
            StatusFormat::Text => status::render_text(&s),
            StatusFormat::Markdown => status::render_markdown(&s),
            StatusFormat::Json => status::render_json(&s).map_err(|e| e.to_string())?,
        })
    });
    match text {
        Ok(text) => {
            out(&text);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
