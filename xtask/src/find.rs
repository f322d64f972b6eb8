//! `cargo xtask find`: every occurrence of a text in one document, numbered as `occurrence:`
//! counts them, with its place and context. Counting lives in `concord_validate::resolve`, the
//! same code `fix` uses, so the number printed is the number `fix` will resolve.

use std::path::PathBuf;
use std::process::ExitCode;

use concord_schema::{CorpusIndex, Document, Layout};
use concord_validate::resolve::occurrences;

use crate::{default_root, out};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    /// The document id (corpus file stem).
    #[arg(long)]
    doc: String,
    /// The exact text to look for (case-sensitive, as `occurrence:` counts).
    text: String,
}

/// Lists every occurrence of a text with the `occurrence:` number to write. Exit 1 when there is none.
pub fn run(args: &Args) -> ExitCode {
    let layout = Layout::new(args.root.clone().unwrap_or_else(default_root));
    let index = match CorpusIndex::scan(&layout.corpus_dir()) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(path) = index.paths.get(&args.doc) else {
        eprintln!("error: no document `{}` in {}", args.doc, layout.corpus_dir().display());
        return ExitCode::from(2);
    };
    let doc = match Document::read(&args.doc, path) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let found = occurrences(&doc.text, &args.text);
    let mut text = String::new();
    for o in &found {
        let part = if o.whole_word { "" } else { "  (inside a longer word)" };
        text.push_str(&format!(
            "occurrence: {:<3} [{}, {})  {}:{}  {}{part}\n",
            o.number, o.start, o.end, o.line, o.column, o.excerpt
        ));
    }
    text.push_str(&format!("“{}” occurs {} time(s) in {}\n", args.text, found.len(), args.doc));
    out(&text);
    if found.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
