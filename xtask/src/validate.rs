//! `cargo xtask validate`: the main job. Runs `concord_validate::validate` and renders its
//! diagnostics as text, JSON Lines or GitHub workflow commands; the renderers are the library's,
//! so this module only chooses one, adds the summary line and the exit code (1 on errors).

use std::path::PathBuf;
use std::process::ExitCode;

use concord_schema::words::plural;
use concord_validate::render;

use crate::{Format, color_stdout, out};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder holding corpus/, annotations/ and schemas/ [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Check only these annotation or gold files.
    paths: Vec<PathBuf>,
}

pub fn run(args: &Args) -> ExitCode {
    let (_, run) = match crate::validated(args.root.as_deref(), &args.paths) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let color = color_stdout();
    let mut text = String::new();
    for d in &run.diagnostics {
        match args.format {
            Format::Text => {
                text.push_str(&render::render_text(d, color));
                text.push_str("\n\n");
            }
            Format::Json => {
                text.push_str(&render::render_json(d));
                text.push('\n');
            }
            Format::Github => {
                text.push_str(&render::render_github(d));
                text.push('\n');
            }
        }
    }
    if args.format != Format::Json {
        let (errors, warnings) = (run.errors(), run.warnings());
        let curation = &run.curation;
        // Said only when there are gold files, so a project without them reads as before.
        let gold = if curation.gold_files > 0 {
            format!(
                "; {}, {}",
                plural(curation.gold_files, "gold file"),
                plural(curation.open_questions, "open question")
            )
        } else {
            String::new()
        };
        text.push_str(&format!(
            "checked {}: {}, {}{gold}\n",
            plural(run.files, "annotation file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        ));
    }
    out(&text);
    if run.errors() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
