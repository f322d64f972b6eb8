//! `cargo xtask coverage`: lists whole-word repeats of annotated texts that have no span. The
//! search is `concord_validate::coverage`; this module only validates, prints and picks the exit
//! code (1 when there are repeats), so missed repeats can gate a commit like findings do.

use std::path::PathBuf;
use std::process::ExitCode;

use concord_validate::coverage::gaps;

use crate::out;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    /// Only these annotation files.
    paths: Vec<PathBuf>,
}

/// Lists whole-word repeats of annotated texts that have no span. Exit 1 when there are some.
pub fn run(args: &Args) -> ExitCode {
    let (root, run) = match crate::validated(args.root.as_deref(), &args.paths) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let layout = concord_schema::Layout::new(root);
    let mut text = String::new();
    let mut total = 0;
    for doc in &run.set.documents {
        for (annotator, spans) in &doc.by_annotator {
            let found = gaps(&doc.text, spans);
            if found.is_empty() {
                continue;
            }
            total += found.len();
            text.push_str(&format!("{}\n", layout.annotation_path(annotator, &doc.id).display()));
            for g in found {
                text.push_str(&format!(
                    "  {}:{}  [{}, {})  {}  — “{}” ({}) has a span at {} of its {} whole-word occurrences\n",
                    g.line,
                    g.column,
                    g.start,
                    g.end,
                    g.excerpt,
                    g.text,
                    g.labels.join(", "),
                    g.annotated,
                    g.whole_word_occurrences
                ));
            }
        }
    }
    if run.errors() > 0 {
        text.push_str(&format!("note: {} validation error(s); spans with errors are not counted\n", run.errors()));
    }
    text.push_str(&format!("{total} unannotated repeat(s) of annotated texts\n"));
    out(&text);
    if total > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
