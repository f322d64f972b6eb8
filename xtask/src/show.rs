//! `cargo xtask show`: a file's spans in document order, each in its context, for reading an
//! annotation file without counting offsets. It validates first and shows only what passed, so the
//! context is always the text the offsets point at.

use std::path::PathBuf;
use std::process::ExitCode;

use concord_validate::resolve::excerpt;

use crate::out;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    /// Characters of context on each side of a span.
    #[arg(long, default_value_t = 30)]
    context: usize,
    /// Annotation files to show (all when none).
    paths: Vec<PathBuf>,
}

/// Lists a file's spans in document order, each in its context, for reading a file without offsets.
pub fn run(args: &Args) -> ExitCode {
    let (root, run) = match crate::validated(args.root.as_deref(), &args.paths) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let layout = concord_schema::Layout::new(root);
    let mut text = String::new();
    for doc in &run.set.documents {
        for (annotator, spans) in &doc.by_annotator {
            let path = layout.annotation_path(annotator, &doc.id);
            text.push_str(&format!("{} ({} spans)\n", path.display(), spans.len()));
            for span in spans {
                let (line, column) = doc.text.line_col(span.start);
                text.push_str(&format!(
                    "  {line:>3}:{column:<5} {:<15} {}\n",
                    span.label,
                    excerpt(&doc.text, span.start, span.end, args.context)
                ));
            }
        }
    }
    if run.errors() > 0 {
        text.push_str(&format!(
            "note: {} validation error(s): spans with errors are not shown; run `cargo xtask validate`\n",
            run.errors()
        ));
    }
    out(&text);
    if run.errors() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
