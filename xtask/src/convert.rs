//! `cargo xtask import` and `cargo xtask export`: arguments in, concord-convert does the work.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use concord_convert::import::{PlanError, WriteOptions};
use concord_convert::tokens::Tokenizer;
use concord_convert::{Discontinuous, ExportOptions, Format, ReadOptions};
use concord_validate::render;

use crate::{color_stdout, default_root, out};

/// A clap parser for one of a crate's choices (`ALL`, `name`, `help`): the command line keeps
/// no copy of them.
fn choice<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
    help: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(all.iter().map(move |&v| PossibleValue::new(name(v)).help(help(v))))
        .try_map(move |s| all.iter().copied().find(|&v| name(v) == s).ok_or("not one of the possible values"))
}

fn format_choice() -> impl TypedValueParser<Value = Format> {
    choice(&Format::ALL, Format::name, Format::help)
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The format of PATH.
    #[arg(long, value_parser = format_choice())]
    from: Format,
    /// Project folder holding corpus/, annotations/ and schemas/ [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    /// File every imported annotation under this annotator, whatever the input says.
    #[arg(long)]
    annotator: Option<String>,
    /// brat entities made of several fragments: refuse them, or split them into one span per fragment.
    #[arg(long, default_value = "refuse", value_parser = choice(&Discontinuous::ALL, Discontinuous::name, Discontinuous::help))]
    discontinuous: Discontinuous,
    /// WebAnno TSV: the span layer (and feature) whose values become labels, e.g.
    /// `--layer webanno.custom.Militant:label` or `--layer NamedEntity:value`.
    #[arg(long, value_name = "TYPE[:FEATURE]")]
    layer: Option<String>,
    /// Rename an input label: `--label-map Organization=ORGANIZATION` (repeatable).
    #[arg(long, value_name = "FROM=TO", value_parser = parse_mapping)]
    label_map: Vec<(String, String)>,
    /// Rename an annotator the input names: `--annotator-map news_ner-alice=alice` (repeatable).
    #[arg(long, value_name = "FROM=TO", value_parser = parse_mapping)]
    annotator_map: Vec<(String, String)>,
    /// Replace annotation files that exist already.
    #[arg(long)]
    force: bool,
    /// Say what would be written, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write the files even when they would not validate (then `cargo xtask validate` lists why).
    #[arg(long)]
    write_invalid: bool,
    /// The file or folder to import.
    path: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The format to write.
    #[arg(long, value_parser = format_choice())]
    to: Format,
    /// Project folder holding corpus/, annotations/ and schemas/ [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    /// The folder to write into (created if needed; files of the export are replaced, others left alone).
    #[arg(long)]
    out: PathBuf,
    /// CoNLL only: which tokens carry the BIO tags [default: words]
    #[arg(long, value_parser = choice(&Tokenizer::ALL, Tokenizer::name, Tokenizer::help))]
    tokens: Option<Tokenizer>,
    /// Only these annotators: names or globs (`*`, `?`), comma-separated; `gold` exports the
    /// gold standard as the annotator `gold`.
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    annotators: Option<Vec<String>>,
}

fn parse_mapping(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((from, to)) if !from.is_empty() && !to.is_empty() => Ok((from.to_owned(), to.to_owned())),
        _ => Err(format!("expected FROM=TO, got `{s}`")),
    }
}

pub fn import(args: &ImportArgs) -> ExitCode {
    let root = args.root.clone().unwrap_or_else(default_root);
    let read_options =
        ReadOptions { annotator: args.annotator.clone(), discontinuous: args.discontinuous, layer: args.layer.clone() };
    if let Err(e) = read_options.check_for(args.from) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let write_options = WriteOptions {
        force: args.force,
        label_map: args.label_map.iter().cloned().collect(),
        annotator_map: args.annotator_map.iter().cloned().collect(),
        write_invalid: args.write_invalid,
    };
    let plan = match concord_convert::prepare_import(&root, args.from, &args.path, &read_options, &write_options) {
        Ok(plan) => plan,
        Err(PlanError::Convert(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        Err(PlanError::Invalid { diagnostics }) => {
            let mut text = String::new();
            for d in &diagnostics {
                text.push_str(&render::render_text(d, color_stdout()));
                text.push_str("\n\n");
            }
            text.push_str("the imported files would not validate (above); nothing was written\n");
            text.push_str("fix the input, or pass --write-invalid to write them and fix them in YAML\n");
            out(&text);
            return ExitCode::from(1);
        }
    };
    let mut text = String::new();
    for d in &plan.diagnostics {
        text.push_str(&render::render_text(d, color_stdout()));
        text.push_str("\n\n");
    }
    for notice in &plan.notices {
        text.push_str(&format!("note: {notice}\n"));
    }
    let verb = if args.dry_run { "would write" } else { "wrote" };
    for file in &plan.files {
        let replaced = if file.replaces { ", replacing the old file" } else { "" };
        text.push_str(&format!("{verb} {} ({} spans{replaced})\n", file.path.display(), file.spans));
    }
    if !args.dry_run
        && let Err(e) = concord_convert::import::write_plan(&plan)
    {
        out(&text);
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let spans: usize = plan.files.iter().map(|f| f.spans).sum();
    text.push_str(&format!("{verb} {} file(s), {spans} span(s)\n", plan.files.len()));
    out(&text);
    if plan.diagnostics.iter().any(concord_validate::Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn export(args: &ExportArgs) -> ExitCode {
    let root = args.root.clone().unwrap_or_else(default_root);
    let options = ExportOptions { conll_tokens: args.tokens };
    if let Err(e) = options.check_for(args.to) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    match concord_convert::export_project(&root, args.to, &args.out, &options, args.annotators.as_deref()) {
        Ok(outcome) => {
            let mut text = String::new();
            for notice in &outcome.notices {
                text.push_str(&format!("note: {notice}\n"));
            }
            text.push_str(&format!(
                "wrote {} file(s) to {}: {} document(s), {} span(s)\n",
                outcome.written.len(),
                args.out.display(),
                outcome.documents,
                outcome.spans
            ));
            out(&text);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
