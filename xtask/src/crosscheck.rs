//! `cargo xtask crosscheck`: concord-agreement against the Python packages the measures usually
//! come from, on the same seeded synthetic corpus.
//!
//! Design choices:
//! - The Python side lives in `xtask/crosscheck/reference.py` with pinned versions in
//!   `xtask/crosscheck/requirements.txt` (nervaluate's API and counting changed across
//!   versions). It runs in a venv under `target/crosscheck-venv`, created and filled with pip on
//!   first use; a stamp file skips pip when the requirements have not changed.
//! - The data go to Python as JSON exactly as concord sees them (code-point offsets, spans in
//!   concord's order, missing annotator = no key), so both sides compare the same thing.
//! - Flattening the report to keyed figures and comparing them is
//!   `concord_agreement::crosscheck` (shared with the test against the frozen reference); this
//!   module runs Python, prints the comparison and the timings. The run fails when a
//!   deterministic measure differs by more than the tolerance (1e-9) or is defined on one side only.
//! - `--freeze PATH` writes the Python figures, with the command, the corpus options and the
//!   package versions, as the fixture `crates/concord-agreement/tests/crosscheck_frozen.rs` reads.
//! - Timings of both sides are printed; build with `--release` for meaningful Rust timings.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use concord_agreement::crosscheck::{Comparison, compare, flatten, input_json, reference_figures};
use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_agreement::{Options, compute};
use serde_json::{Value, json};

/// Arguments of `cargo xtask crosscheck`.
#[derive(clap::Args, Debug)]
pub struct CrosscheckArgs {
    /// Seed of the synthetic corpus.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Documents in the synthetic corpus.
    #[arg(long, default_value_t = 1000)]
    pub documents: usize,
    /// Annotators.
    #[arg(long, default_value_t = 3)]
    pub annotators: usize,
    /// Spans per document and annotator (about).
    #[arg(long, default_value_t = 30)]
    pub spans: usize,
    /// Largest absolute difference allowed for the deterministic measures.
    #[arg(long, default_value_t = 1e-9)]
    pub tolerance: f64,
    /// The Python that creates the venv.
    #[arg(long, default_value = "python3")]
    pub python: String,
    /// The venv (default: target/crosscheck-venv).
    #[arg(long)]
    pub venv: Option<PathBuf>,
    /// Where the exchanged JSON files go (default: target/crosscheck).
    #[arg(long)]
    pub work_dir: Option<PathBuf>,
    /// The repository root (default: the parent of xtask's folder).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Also write the Python figures, the command and the package versions to this JSON file
    /// (the frozen reference of concord-agreement's tests).
    #[arg(long)]
    pub freeze: Option<PathBuf>,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Runs the cross-check; 0 all within tolerance, 1 differences, 2 setup failure.
pub fn run(args: &CrosscheckArgs) -> ExitCode {
    match run_inner(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: &CrosscheckArgs) -> Result<bool, String> {
    let root = args.root.clone().unwrap_or_else(repo_root);
    let venv = args.venv.clone().unwrap_or_else(|| root.join("target/crosscheck-venv"));
    let work = args.work_dir.clone().unwrap_or_else(|| root.join("target/crosscheck"));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let python = ensure_venv(&venv, &args.python, &root.join("xtask/crosscheck/requirements.txt"))?;

    let synth = SynthOptions {
        seed: args.seed,
        documents: args.documents,
        annotators: args.annotators,
        spans: args.spans,
        ..SynthOptions::default()
    };
    let set = corpus(&synth);
    let input = work.join("input.json");
    let output = work.join("reference.json");
    std::fs::write(&input, input_json(&set).to_string()).map_err(|e| format!("{}: {e}", input.display()))?;

    let t = Instant::now();
    let report = compute(&set, &Options { resamples: 0, ..Options::default() });
    let rust_measures = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let _ = compute(&set, &Options::default());
    let rust_with_bootstrap = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let status = Command::new(&python)
        .arg(root.join("xtask/crosscheck/reference.py"))
        .arg(&input)
        .arg(&output)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    let python_wall = t.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("reference.py failed ({status})"));
    }
    let text = std::fs::read_to_string(&output).map_err(|e| format!("{}: {e}", output.display()))?;
    let reference: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", output.display()))?;

    let theirs = reference_figures(&reference).map_err(|e| format!("{}: {e}", output.display()))?;
    let comparison = compare(&flatten(&report), &theirs, args.tolerance);
    print_comparison(&comparison);
    if let Some(path) = &args.freeze {
        freeze(path, args, &reference, &python)?;
        println!("froze {} reference figures in {}", theirs.len(), path.display());
    }

    println!(
        "\ncorpus: {} documents, {} annotators, about {} spans each per document, seed {}",
        args.documents, args.annotators, args.spans, args.seed
    );
    let profile = if cfg!(debug_assertions) { "debug build: use --release for timings" } else { "release build" };
    println!("timings ({profile}):");
    println!("  concord-agreement, every measure (no bootstrap)  {rust_measures:>9.3} s");
    println!("  concord-agreement, with 1,000 bootstrap resamples {rust_with_bootstrap:>8.3} s");
    if let Some(t) = reference["timings"].as_object() {
        let mut total = 0.0;
        for (name, secs) in t {
            let s = secs.as_f64().unwrap_or(0.0);
            total += s;
            println!("  python: {name:<48} {s:>9.3} s");
        }
        println!(
            "  python: sum of the above                               {total:>9.3} s (process {python_wall:.3} s)"
        );
    }
    if let Some(v) = reference["versions"].as_object() {
        let list: Vec<String> = v.iter().map(|(k, v)| format!("{k} {}", v.as_str().unwrap_or("?"))).collect();
        println!("python packages: {}", list.join(", "));
    }
    Ok(comparison.ok())
}

/// Creates the venv and installs the pinned packages unless the stamp says they are there.
fn ensure_venv(venv: &Path, python: &str, requirements: &Path) -> Result<PathBuf, String> {
    let bin = venv.join("bin/python");
    if !bin.exists() {
        eprintln!("creating {}", venv.display());
        let ok = Command::new(python).args(["-m", "venv"]).arg(venv).status().map_err(|e| format!("{python}: {e}"))?;
        if !ok.success() {
            return Err(format!("{python} -m venv failed"));
        }
    }
    let wanted = std::fs::read_to_string(requirements).map_err(|e| format!("{}: {e}", requirements.display()))?;
    let stamp = venv.join("concord-requirements.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        eprintln!("pip install -r {}", requirements.display());
        let ok = Command::new(&bin)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(requirements)
            .status()
            .map_err(|e| format!("pip: {e}"))?;
        if !ok.success() {
            return Err("pip install failed".into());
        }
        std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    }
    Ok(bin)
}

/// Writes the frozen reference: the Python figures and what produced them.
fn freeze(path: &Path, args: &CrosscheckArgs, reference: &Value, python: &Path) -> Result<(), String> {
    let python_version = Command::new(python)
        .args(["-c", "import platform; print(platform.python_version())"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .map_err(|e| format!("{}: {e}", python.display()))?;
    let command = format!(
        "cargo xtask crosscheck --seed {} --documents {} --annotators {} --spans {} --freeze {}",
        args.seed,
        args.documents,
        args.annotators,
        args.spans,
        path.display()
    );
    let frozen = json!({
        "about": "Figures of the Python reference implementations (xtask/crosscheck/reference.py) on a \
                  seeded synthetic corpus (concord_agreement::synthetic, other options at their defaults), \
                  frozen so that `cargo test` compares concord's figures with them without Python. \
                  Regenerate with `command` after a deliberate change of the synthetic generator or the references.",
        "command": command,
        "python": python_version,
        "versions": reference["versions"],
        "requirements": "xtask/crosscheck/requirements.txt",
        "synthetic": {"seed": args.seed, "documents": args.documents, "annotators": args.annotators, "spans": args.spans},
        "tolerance": args.tolerance,
        "figures": reference["figures"],
    });
    let text = serde_json::to_string_pretty(&frozen).map_err(|e| e.to_string())? + "\n";
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Prints the largest absolute difference per family and the verdict.
fn print_comparison(c: &Comparison) {
    println!("{:<38} {:>8} {:>11} {:>9} {:>9}  status", "measure", "compared", "max |Δ|", "both n/a", "0 for n/a");
    for (family, t) in &c.families {
        println!(
            "{:<38} {:>8} {:>11.2e} {:>9} {:>9}  {}",
            family,
            t.compared,
            t.max_diff,
            t.both_undefined,
            t.zero_for_undefined,
            if c.family_ok(t) {
                "ok".to_owned()
            } else {
                format!("DIFFERS {:?}", t.mismatched.iter().take(5).collect::<Vec<_>>())
            }
        );
    }
    println!(
        "tolerance {:e}: {}",
        c.tolerance,
        if c.ok() { "all deterministic measures agree" } else { "DIFFERENCES FOUND" }
    );
}
