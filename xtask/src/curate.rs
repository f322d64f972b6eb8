//! `cargo xtask curate`: proposes or updates `gold/<document>.yaml` through `concord_curate`,
//! then prints per document what it did. Open questions are the curator's work, not an error.
//!
//! Exit codes: 0 when done, 2 on a usage, gold-file or I/O error (nothing is written then).

use std::path::PathBuf;
use std::process::ExitCode;

use concord_curate::{CurateOptions, curate};

use crate::{default_root, out};

#[derive(clap::Args, Debug)]
#[command(after_help = "Exit status: 0 when done (open questions included), 2 on a usage, gold-file or I/O error; \
                  on an error nothing is written.\n\n\
                  Examples:\n  cargo xtask curate --strategy threshold --min-share 0.6\n  \
                  cargo xtask curate --doc 000_4a1c1b8c5301711d --annotators 'annotator-*' --dry-run")]
pub struct Args {
    /// Project folder holding corpus/, annotations/ and schemas/ [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    /// How positions are settled [default: what the gold file records; complete for a new one]
    #[arg(long, value_parser = ["complete", "incomplete", "threshold", "majority", "unanimous"])]
    strategy: Option<String>,
    /// threshold: fewest annotators a label needs [default: 1]
    #[arg(long, value_name = "N")]
    min_votes: Option<u64>,
    /// threshold: least share of the votes cast at the position, 0 to 1 [default: 0.75]
    #[arg(long, value_name = "X")]
    min_share: Option<f64>,
    /// threshold: labels one position may take, 0 = all (1 where a label forbids overlap) [default: 1]
    #[arg(long, value_name = "N")]
    top_n: Option<u64>,
    /// Annotators to read: names or glob patterns, comma-separated [default: all]
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    annotators: Vec<String>,
    /// Curate only these documents [default: every annotated document]
    #[arg(long = "doc", value_name = "ID", num_args = 1..)]
    documents: Vec<String>,
    /// Say what would change without writing any file.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let options = CurateOptions {
        root: args.root.clone().unwrap_or_else(default_root),
        strategy: args.strategy.clone(),
        min_votes: args.min_votes,
        min_share: args.min_share,
        top_n: args.top_n,
        annotators: args.annotators.clone(),
        documents: args.documents.clone(),
        dry_run: args.dry_run,
    };
    let run = match curate(&options) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut text = String::new();
    for doc in &run.documents {
        text.push_str(&doc.describe(args.dry_run));
        text.push('\n');
    }
    let open: usize = run.documents.iter().map(|d| d.tally.open_questions).sum();
    let changed = run.documents.iter().filter(|d| d.changed).count();
    text.push_str(&format!(
        "{} {changed} of {} gold file(s); {open} open question(s)",
        if args.dry_run { "would write" } else { "wrote" },
        run.documents.len()
    ));
    if run.errors_left_out > 0 {
        text.push_str(&format!(
            "; {} validation error(s) left out (their spans do not count: run `cargo xtask validate`)",
            run.errors_left_out
        ));
    }
    text.push('\n');
    out(&text);
    ExitCode::SUCCESS
}
