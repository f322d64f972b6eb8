//! `cargo xtask diff`: disagreements between two annotators on a document (`--doc ID A B`), or
//! annotation-level changes between git revisions (`--base REV [--head REV]`).
//!
//! Exit codes: 0 when the diff was made (differences are the output, not a failure), 2 on a
//! usage, git or I/O error.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use concord_diff::{AnnotatorFiles, Side, render};

use crate::{color_stdout, default_root, out};

/// Output format of `diff` and `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For a terminal.
    Text,
    /// For a GitHub pull-request comment.
    Markdown,
    /// schemas/diff.schema.json.
    Json,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Exit status: 0 when the diff was made (whatever it found), 2 on a usage, git or I/O error.\n\n\
                  Examples:\n  cargo xtask diff --doc 000_4a1c1b8c5301711d annotator-a annotator-b\n  \
                  cargo xtask diff --base origin/main --format markdown"
)]
pub struct Args {
    /// Project folder holding corpus/, annotations/ and schemas/ [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Compare two annotators on this document.
    #[arg(long, value_name = "ID", conflicts_with_all = ["base", "head"], requires = "annotators")]
    doc: Option<String>,
    /// The two annotators to compare (with --doc): A is the reference, B the one compared to it;
    /// either may be `gold`, the document's gold standard (gold/<ID>.yaml).
    #[arg(num_args = 2, value_names = ["A", "B"], requires = "doc")]
    annotators: Vec<String>,
    /// Compare the annotations at this git revision (base) ...
    #[arg(long, value_name = "REV", required_unless_present = "doc")]
    base: Option<String>,
    /// ... with those at this revision [default: the working tree].
    #[arg(long, value_name = "REV")]
    head: Option<String>,
    /// Markdown only: summarise past this many characters (a GitHub comment holds 65,536).
    #[arg(long, default_value_t = 60_000)]
    max_chars: usize,
}

/// A spinner on stderr while something slow runs, only when stderr is a terminal and not in CI.
pub fn spinner(message: &str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

pub fn run(args: &Args) -> ExitCode {
    let root = args.root.clone().unwrap_or_else(default_root);
    let text = match (&args.doc, &args.base) {
        (Some(doc), _) => annotators(args, &root, doc),
        (None, Some(_)) if !args.annotators.is_empty() => {
            Err("annotators are compared with --doc ID A B; --base compares revisions".to_owned())
        }
        (None, Some(base)) => revisions(args, &root, base),
        (None, None) => Err("give --doc ID A B or --base REV".to_owned()),
    };
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

fn annotators(args: &Args, root: &std::path::Path, doc: &str) -> Result<String, String> {
    let [a, b] = args.annotators.as_slice() else {
        return Err("--doc needs two annotators: --doc ID A B".to_owned());
    };
    let files = AnnotatorFiles::load(root, doc, a, b).map_err(|e| e.to_string())?;
    let errors = files.errors();
    if errors > 0 {
        eprintln!(
            "warning: {} in these files (`cargo xtask validate` shows them); spans that fail their checks are left out",
            if errors == 1 { "1 error".to_owned() } else { format!("{errors} errors") }
        );
    }
    let diff = files.diff().map_err(|e| e.to_string())?;
    Ok(match args.format {
        DiffFormat::Text => render::annotators_text(&diff, color_stdout()),
        DiffFormat::Markdown => render::annotators_markdown(&diff, args.max_chars),
        DiffFormat::Json => json(&render::annotators_json(&diff)),
    })
}

fn revisions(args: &Args, root: &std::path::Path, base: &str) -> Result<String, String> {
    let base = Side::Rev(base.to_owned());
    let head = args.head.clone().map_or(Side::WorkTree, Side::Rev);
    let bar = spinner(&format!("reading {} and {}", base.name(), head.name()));
    let diff = concord_diff::diff_revisions(root, &base, &head).map_err(|e| e.to_string());
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let diff = diff?;
    Ok(match args.format {
        DiffFormat::Text => render::revisions_text(&diff, color_stdout()),
        DiffFormat::Markdown => render::revisions_markdown(&diff, args.max_chars),
        DiffFormat::Json => json(&render::revisions_json(&diff)),
    })
}

fn json(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).map(|s| s + "\n").unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"))
}
