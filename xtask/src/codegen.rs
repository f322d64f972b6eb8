//! `cargo xtask codegen`: writes `schemas/annotation.schema.json` from the label set (`--check`
//! only compares, for CI). The schema text comes from `concord_schema::json_schema`, so the same
//! function serves this command and the test that keeps the checked-in file fresh.

use std::path::PathBuf;
use std::process::ExitCode;

use concord_schema::{LabelSet, Layout};

use crate::default_root;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    /// Only check that the file is up to date (exit 1 when stale).
    #[arg(long)]
    check: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let layout = Layout::new(args.root.clone().unwrap_or_else(default_root));
    let labels = match LabelSet::load(&layout.labels_path()) {
        Ok(labels) => labels,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let path = layout.annotation_schema_path();
    let fresh = concord_schema::json_schema::annotation_schema_text(&labels);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current == fresh {
        println!("{} is up to date", path.display());
        return ExitCode::SUCCESS;
    }
    if args.check {
        eprintln!("{} is stale: run `cargo xtask codegen`", path.display());
        return ExitCode::from(1);
    }
    match concord_validate::fix::write_atomically(&path, &fresh) {
        Ok(()) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}
