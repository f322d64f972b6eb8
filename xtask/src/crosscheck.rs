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
//! - Every figure is keyed (`span/<a>/<b>/<scheme>/<measure>[/<label>]`, `cohen/...`, ...). Both
//!   undefined counts as agreement; concord's `null` against nervaluate's 0 does too (nervaluate
//!   reports 0 for a zero denominator). The run fails when a deterministic measure differs by
//!   more than the tolerance (1e-9) or is defined on one side only.
//! - Timings of both sides are printed; build with `--release` for meaningful Rust timings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use concord_agreement::report::SchemeReport;
use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_agreement::{AgreementReport, Options, compute};
use concord_schema::AnnotationSet;
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

    let ours = concord_figures(&report);
    let theirs: BTreeMap<String, Option<f64>> = reference["figures"]
        .as_object()
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.as_f64())).collect())
        .unwrap_or_default();
    let ok = print_comparison(&ours, &theirs, args.tolerance);

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
    Ok(ok)
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

fn input_json(set: &AnnotationSet) -> Value {
    let documents: Vec<Value> = set
        .documents
        .iter()
        .map(|d| {
            let by: serde_json::Map<String, Value> = d
                .by_annotator
                .iter()
                .map(|(a, spans)| (a.clone(), spans.iter().map(|s| json!([s.start, s.end, s.label])).collect()))
                .collect();
            json!({"id": d.id, "text": d.text.as_str(), "by_annotator": by})
        })
        .collect();
    json!({"labels": set.labels, "annotators": set.annotators, "documents": documents})
}

/// The four schemes with their names as the reference script keys them.
fn schemes(s: [&SchemeReport; 4]) -> [(&'static str, &SchemeReport); 4] {
    [("strict", s[0]), ("exact", s[1]), ("partial", s[2]), ("type", s[3])]
}

/// (family, value) per key, in the reference script's key scheme.
fn concord_figures(r: &AgreementReport) -> BTreeMap<String, (String, Option<f64>)> {
    let mut out = BTreeMap::new();
    let mut put = |key: String, family: &str, v: Option<f64>| {
        out.insert(key, (family.to_owned(), v));
    };
    for p in &r.pairs {
        let (a, b) = (&p.a, &p.b);
        if p.documents == 0 {
            continue;
        }
        for (n, s) in schemes([&p.strict, &p.exact, &p.partial, &p.type_]) {
            for (m, v) in [("precision", s.precision), ("recall", s.recall), ("f1", s.f1)] {
                put(format!("span/{a}/{b}/{n}/{m}"), &format!("span {n} P/R/F1"), v);
            }
        }
        for l in &p.per_label {
            for (n, s) in schemes([&l.strict, &l.exact, &l.partial, &l.type_]) {
                for (m, v) in [("precision", s.precision), ("recall", s.recall), ("f1", s.f1)] {
                    put(format!("span/{a}/{b}/{n}/{m}/{}", l.label), &format!("span {n} P/R/F1 per label"), v);
                }
            }
            put(format!("cohen/{a}/{b}/{}", l.label), "cohen kappa per label", l.cohen_kappa);
            put(format!("ualpha/{a}/{b}/{}", l.label), "unitizing alpha per pair and label", l.unitizing_alpha);
        }
        put(format!("cohen/{a}/{b}"), "cohen kappa", p.cohen_kappa);
        put(format!("ualpha/{a}/{b}"), "unitizing alpha per pair", p.unitizing_alpha);
    }
    put("fleiss".into(), "fleiss kappa", r.overall.fleiss_kappa);
    put("alpha".into(), "krippendorff alpha", r.overall.krippendorff_alpha);
    put("ualpha".into(), "unitizing alpha", r.overall.unitizing_alpha);
    for l in &r.per_label {
        put(format!("fleiss/{}", l.label), "fleiss kappa per label", l.fleiss_kappa);
        put(format!("alpha/{}", l.label), "krippendorff alpha per label", l.krippendorff_alpha);
        put(format!("ualpha/{}", l.label), "unitizing alpha per label", l.unitizing_alpha);
    }
    out
}

#[derive(Default)]
struct Tally {
    compared: usize,
    max_diff: f64,
    both_undefined: usize,
    zero_for_undefined: usize,
    mismatched: Vec<String>,
}

/// Prints the largest absolute difference per measure; true when all are within `tolerance`.
fn print_comparison(
    ours: &BTreeMap<String, (String, Option<f64>)>,
    theirs: &BTreeMap<String, Option<f64>>,
    tolerance: f64,
) -> bool {
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for (key, (family, mine)) in ours {
        let t = tallies.entry(family.clone()).or_default();
        let span = key.starts_with("span/");
        match (mine, theirs.get(key)) {
            (Some(m), Some(Some(p))) => {
                t.compared += 1;
                let d = (m - p).abs();
                if d > t.max_diff || d.is_nan() {
                    t.max_diff = d;
                }
            }
            (None, Some(Some(p))) if span && *p == 0.0 => t.zero_for_undefined += 1,
            (None, Some(None)) => t.both_undefined += 1,
            // nervaluate lists only labels used in the compared documents.
            (None, None) if span => t.both_undefined += 1,
            _ => t.mismatched.push(key.clone()),
        }
    }
    for key in theirs.keys().filter(|k| !ours.contains_key(*k)) {
        tallies.entry("unmatched reference keys".into()).or_default().mismatched.push(key.clone());
    }
    println!("{:<38} {:>8} {:>11} {:>9} {:>9}  status", "measure", "compared", "max |Δ|", "both n/a", "0 for n/a");
    let mut ok = true;
    for (family, t) in &tallies {
        let good = t.mismatched.is_empty() && t.max_diff <= tolerance;
        ok &= good;
        println!(
            "{:<38} {:>8} {:>11.2e} {:>9} {:>9}  {}",
            family,
            t.compared,
            t.max_diff,
            t.both_undefined,
            t.zero_for_undefined,
            if good {
                "ok".to_owned()
            } else {
                format!("DIFFERS {:?}", t.mismatched.iter().take(5).collect::<Vec<_>>())
            }
        );
    }
    println!("tolerance {tolerance:e}: {}", if ok { "all deterministic measures agree" } else { "DIFFERENCES FOUND" });
    ok
}
