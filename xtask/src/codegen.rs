//! `cargo xtask codegen`: writes `schemas/annotation.schema.json`, `schemas/gold.schema.json` and
//! `schemas/concord.schema.json` (the settings of checks) from the label set (`--check` only
//! compares, for CI). The schema texts come from `concord_schema::json_schema` and
//! `concord_validate::config`, so the same functions serve this command and the test that keeps
//! the checked-in files fresh.

use std::path::PathBuf;
use std::process::ExitCode;

use concord_schema::{LabelSet, Layout};

use crate::default_root;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    /// Only check that the files are up to date (exit 1 when one is stale).
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
    let outputs = [
        (layout.annotation_schema_path(), concord_schema::json_schema::annotation_schema_text(&labels)),
        (layout.gold_schema_path(), concord_schema::json_schema::gold_schema_text(&labels)),
        (layout.config_schema_path(), concord_validate::config::config_schema_text(&labels)),
    ];
    let mut code = ExitCode::SUCCESS;
    for (path, fresh) in outputs {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == fresh {
            println!("{} is up to date", path.display());
            continue;
        }
        if args.check {
            eprintln!("{} is stale: run `cargo xtask codegen`", path.display());
            code = ExitCode::from(1);
            continue;
        }
        match concord_validate::fix::write_atomically(&path, &fresh) {
            Ok(()) => println!("wrote {}", path.display()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    code
}
