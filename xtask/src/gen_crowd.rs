//! `cargo xtask gen-crowd`: writes a synthetic crowd project (issue 12) — many short documents,
//! each rated by its own few raters from a large pool, one document rated by hundreds — for
//! benchmarks and for trying `validate` and `report` at crowd scale. The generator is
//! `concord_agreement::synthetic::crowd`; this module only reads the label set, calls
//! `write_project` and prints its summary (exit 0), or the reason it failed (exit 2).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use concord_agreement::synthetic::crowd::{self, CrowdOptions};
use concord_agreement::synthetic::write::write_project;
use concord_schema::{LabelSet, Layout};

use crate::out;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder to write the project into; created if missing, refused if it holds anything.
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = crowd::DOCUMENTS)]
    documents: usize,
    /// Raters in the pool (named rater-0001, rater-0002, …).
    #[arg(long, default_value_t = crowd::POOL)]
    pool: usize,
    /// Fewest raters on a document.
    #[arg(long, default_value_t = crowd::MIN_RATERS)]
    min_raters: usize,
    /// Most raters on a document.
    #[arg(long, default_value_t = crowd::MAX_RATERS)]
    max_raters: usize,
    /// Raters of the one big document (0: none).
    #[arg(long, default_value_t = crowd::BIG_DOCUMENT_RATERS)]
    big_document_raters: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The label set to use and copy [default: the repository's schemas/labels.yaml]
    #[arg(long)]
    labels: Option<PathBuf>,
    /// Replace a project that gen-crowd wrote earlier into --out.
    #[arg(long)]
    force: bool,
}

/// Generates the project and prints one line: what was written, where, and how long it took.
pub fn run(args: &Args) -> ExitCode {
    let labels_path = args.labels.clone().unwrap_or_else(|| Layout::new(crate::default_root()).labels_path());
    let labels = match LabelSet::load(&labels_path) {
        Ok(labels) => labels,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let options = CrowdOptions {
        seed: args.seed,
        documents: args.documents,
        pool: args.pool,
        min_raters: args.min_raters,
        max_raters: args.max_raters,
        big_document_raters: args.big_document_raters,
        ..CrowdOptions::new(labels)
    };
    let started = Instant::now();
    match write_project(&options, &args.out, args.force) {
        Ok(summary) => {
            out(&format!("wrote {}: {summary} in {:.1} s\n", args.out.display(), started.elapsed().as_secs_f64()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
