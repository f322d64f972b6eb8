//! `cargo xtask fix`: fills in offsets, texts and the document pin in place through
//! `concord_validate::fix` (atomic writes, comments kept), then prints what changed and where each
//! placed span landed in context, so a wrong `occurrence:` shows at once.

use std::path::PathBuf;
use std::process::ExitCode;

use concord_validate::render;

use crate::{color_stdout, default_root, out};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder holding corpus/, annotations/ and schemas/ [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    /// Say what would change without writing any file.
    #[arg(long)]
    dry_run: bool,
    /// Do not list where each filled-in span landed.
    #[arg(long, short)]
    quiet: bool,
    /// Fix only these annotation files.
    paths: Vec<PathBuf>,
}

pub fn run(args: &Args) -> ExitCode {
    let root = args.root.clone().unwrap_or_else(default_root);
    let results = match concord_validate::fix::fix(&root, &args.paths, args.dry_run) {
        Ok(results) => results,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let color = color_stdout();
    let mut text = String::new();
    let mut problems = 0;
    let verb = if args.dry_run { "would fix" } else { "fixed" };
    for r in &results {
        if r.changed() {
            let mut what = Vec::new();
            if r.offsets_filled > 0 {
                what.push(format!("{} offset pair(s)", r.offsets_filled));
            }
            if r.texts_filled > 0 {
                what.push(format!("{} text(s)", r.texts_filled));
            }
            if r.pinned {
                what.push("the document pin".to_owned());
            }
            text.push_str(&format!("{verb} {}: {}\n", r.path.display(), what.join(", ")));
            if !args.quiet {
                for p in &r.placed {
                    text.push_str(&format!("  line {:>4}: [{}, {})  {}\n", p.line, p.start, p.end, p.excerpt));
                }
            }
        }
        for d in &r.diagnostics {
            problems += 1;
            text.push_str(&render::render_text(d, color));
            text.push_str("\n\n");
        }
    }
    let changed = results.iter().filter(|r| r.changed()).count();
    text.push_str(&format!("{verb} {changed} of {} file(s); {problems} span(s) need a decision\n", results.len()));
    out(&text);
    if problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
