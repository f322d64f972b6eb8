//! `cargo xtask report`: agreement figures as text or JSON (concord-agreement), Markdown for a
//! pull-request comment or one self-contained HTML file (concord-report).
//!
//! Exit codes: 0 when the report was written (validation errors are reported in it, not by the
//! exit code: `cargo xtask validate` gates), 2 on a usage, git or I/O error.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use concord_agreement::Options;
use concord_agreement::measures::{Measure, Measures};
use concord_report::html::HtmlOptions;
use concord_report::{Format, RenderOptions};

use crate::diff::spinner;
use crate::{default_root, out};

/// The command-line spelling of [`Format`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A terminal summary.
    Text,
    /// The whole AgreementReport (schemas/report.schema.json).
    Json,
    /// For a GitHub pull-request comment (summary, per label, documents worst first).
    Markdown,
    /// One self-contained HTML file: spans side by side, heat map, bars.
    Html,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Exit status: 0 when the report was written, 2 on a usage, git or I/O error.\n\n\
                  Examples:\n  cargo xtask report --format markdown --base origin/main --status\n  \
                  cargo xtask report --annotators 'pilot-*,annotator-b'\n  \
                  cargo xtask report --measures alpha,f1,kappa\n  \
                  cargo xtask report --format json --full --out target/report.json\n  \
                  cargo xtask report --format html --out target/report.html --screenshot target/report.png")]
pub struct Args {
    /// Project folder holding corpus/, annotations/ and schemas/ [default: the repository root]
    #[arg(long)]
    root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Markdown and HTML: also measure this git revision and show each figure's change since it.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Markdown: summarise past this many characters (a GitHub comment holds 65,536).
    #[arg(long, default_value_t = 60_000)]
    max_chars: usize,
    /// HTML: documents drawn in full, worst first (the rest are listed).
    #[arg(long, default_value_t = HtmlOptions::default().max_documents)]
    max_documents: usize,
    /// Bootstrap resamples for the confidence intervals (0: none).
    #[arg(long, default_value_t = Options::default().resamples)]
    resamples: u32,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = Options::default().seed)]
    seed: u64,
    /// Only these annotators, in every figure: names or globs (`*`, `?`), comma-separated,
    /// e.g. --annotators 'pilot-*,annotator-b'. A pattern that matches nobody is an error.
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    annotators: Option<Vec<String>>,
    /// Only these measures, comma-separated: f1, kappa (Cohen, Fleiss), alpha (Krippendorff),
    /// unitizing (unitizing alpha), gamma, ci (bootstrap intervals) [default: all]. The others
    /// read "not computed (--measures)"; gamma and ci are then not computed at all (the costly
    /// ones), e.g. --measures alpha,f1,kappa.
    #[arg(long, value_delimiter = ',', value_name = "M,N,...")]
    measures: Option<Vec<String>>,
    /// Skip gamma: the same as --measures without gamma.
    #[arg(long)]
    no_gamma: bool,
    /// JSON: every row even past 12 annotators (the crowd layout lists none): each pair that
    /// shares a document and each document's pairs, streamed as they are computed.
    #[arg(long)]
    full: bool,
    /// The most (document, annotator pair) combinations the report takes on, about a kilobyte
    /// of memory each; past it the report stops with exit 2 and says what to do.
    #[arg(long, value_name = "N", default_value_t = Options::default().max_pair_documents)]
    max_pair_documents: u64,
    /// Gamma's work budget per document in search steps (about 1–2 s of the benchmark
    /// machine's two cores per 10⁹); past it the document's gamma reads "too complex" and is
    /// left out of the corpus figure.
    #[arg(long, value_name = "STEPS", default_value_t = Options::default().gamma_max_steps)]
    gamma_max_steps: u64,
    /// Gamma's sampled continua per document for the chance disorder (pygamma's default 30):
    /// fewer is faster and less precise (each document's gamma has its standard error); the
    /// reports say so when it is not 30.
    #[arg(long, value_name = "N", default_value_t = Options::default().gamma_samples,
          value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u16).range(1..=concord_agreement::GAMMA_MAX_SAMPLES as i64), usize::from))]
    gamma_samples: usize,
    /// Markdown: append the status table (`cargo xtask status`) under the same --max-chars.
    #[arg(long)]
    status: bool,
    /// HTML: also take a screenshot of the report with headless Chromium (`chromium` must be
    /// installed; Debian: `apt-get install chromium`) into this PNG file.
    #[arg(long, value_name = "PNG", requires = "out")]
    screenshot: Option<PathBuf>,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Format {
        match f {
            ReportFormat::Text => Format::Text,
            ReportFormat::Json => Format::Json,
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Html => Format::Html,
        }
    }
}

pub fn run(args: &Args) -> ExitCode {
    match report(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn report(args: &Args) -> Result<(), String> {
    let root = args.root.clone().unwrap_or_else(default_root);
    let mut measures = match &args.measures {
        Some(names) => Measures::parse(names).map_err(|e| e.to_string())?,
        None => Measures::all(),
    };
    if args.no_gamma {
        measures = measures.without(Measure::Gamma);
    }
    let options = Options {
        resamples: args.resamples,
        seed: args.seed,
        measures,
        max_pair_documents: args.max_pair_documents,
        gamma_max_steps: args.gamma_max_steps,
        gamma_samples: args.gamma_samples,
        ..Options::default()
    };
    let format = Format::from(args.format);
    let base = if format.compares_with_base() {
        args.base.as_deref()
    } else {
        if args.base.is_some() {
            eprintln!("note: --base is used by the markdown and html formats only");
        }
        None
    };
    let bar = spinner("validating and measuring agreement");
    let inputs =
        concord_report::load_selected(&root, base, &options, args.annotators.as_deref()).map_err(|e| e.to_string());
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let inputs = inputs?;
    if args.status && format != Format::Markdown {
        eprintln!("note: --status is used by the markdown format only (`cargo xtask status` prints the table)");
    }
    if args.full {
        if format != Format::Json {
            return Err("--full is for --format json (the other formats summarise by design)".to_owned());
        }
        return match &args.out {
            Some(path) => {
                let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
                concord_report::write_full_json(&inputs, &options, file).map_err(|e| format!("{}: {e}", path.display()))
            }
            None => concord_report::write_full_json(&inputs, &options, std::io::stdout().lock())
                .or_else(|e| if broken_pipe(&e) { Ok(()) } else { Err(e.to_string()) }),
        };
    }
    let render_options = RenderOptions {
        max_chars: args.max_chars,
        html: HtmlOptions { max_documents: args.max_documents },
        status: args.status,
    };
    let text = concord_report::render(&inputs, format, &render_options).map_err(|e| e.to_string())?;
    match &args.out {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?,
        None => out(&text),
    }
    if let (Some(png), Some(html)) = (&args.screenshot, &args.out) {
        screenshot(html, png)?;
    }
    Ok(())
}

/// Whether writing stopped because the reader went away (`| head`): not an error.
fn broken_pipe(e: &concord_report::ReportError) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    match e {
        concord_report::ReportError::Write(io) => io.kind() == BrokenPipe,
        concord_report::ReportError::Json(json) => json.io_error_kind() == Some(BrokenPipe),
        _ => false,
    }
}

/// Renders `html` with headless Chromium into `png` (1400 × 2000), offline and sandboxed from
/// the user's profile.
fn screenshot(html: &Path, png: &Path) -> Result<(), String> {
    let html = std::fs::canonicalize(html).map_err(|e| format!("{}: {e}", html.display()))?;
    let png = std::path::absolute(png).map_err(|e| format!("{}: {e}", png.display()))?;
    let profile = std::env::temp_dir().join(format!("concord-chromium-{}", std::process::id()));
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1400,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .status()
        .map_err(|e| format!("cannot run chromium ({e}); install it: apt-get install -y chromium"))?;
    let _ = std::fs::remove_dir_all(&profile);
    if !status.success() {
        return Err(format!("chromium failed: {status}"));
    }
    eprintln!("screenshot: {}", png.display());
    Ok(())
}
