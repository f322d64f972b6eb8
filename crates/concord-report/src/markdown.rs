//! The report as Markdown for a GitHub pull-request comment.
//!
//! Order: validation status; a summary per pair and overall (strict F1, Cohen's kappa,
//! Krippendorff's alpha, unitizing alpha, gamma, with intervals); per label; then, folded in
//! `<details>`, the documents worst first (with a base revision, the ones the change touched
//! first), per pair and label, and the label confusion. With a base every figure carries its
//! change since the base.
//!
//! The whole stays under `max_chars` bytes (so under as many characters): the first sections
//! always fit in a few kilobytes; table rows of the folded sections are added while they fit, and
//! a line says what was left out.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use concord_agreement::AgreementReport;
use concord_agreement::figure::{format_figure, format_interval};
use concord_agreement::report::{DocumentReport, LabelReport, PairReport};
use concord_diff::render::{code, md_escape};
use concord_schema::words::plural;

use crate::format::{delta, document_f1, worst_first};
use crate::status::Status;
use crate::{Inputs, Validation};

mod crowd;
mod gold;

/// GitHub's limit on a comment body, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// Kept free at the end of the budget for closing tags and the notes on what was cut.
const RESERVE: usize = 600;

/// Kept free besides [`RESERVE`] when the gold or status sections may be cut too.
const EXTRA_RESERVE: usize = 300;

fn cell(value: Option<f64>, reason: Option<&str>) -> String {
    md_escape(&format_figure(value, reason))
}

/// The base figures, looked up by key.
struct BaseFigures<'a> {
    pairs: HashMap<(&'a str, &'a str), &'a PairReport>,
    labels: HashMap<&'a str, &'a LabelReport>,
    documents: HashMap<&'a str, &'a DocumentReport>,
    report: &'a AgreementReport,
}

impl<'a> BaseFigures<'a> {
    fn new(report: &'a AgreementReport) -> BaseFigures<'a> {
        BaseFigures {
            pairs: report.pairs.iter().map(|p| ((p.a.as_str(), p.b.as_str()), p)).collect(),
            labels: report.per_label.iter().map(|l| (l.label.as_str(), l)).collect(),
            documents: report.documents.iter().map(|d| (d.id.as_str(), d)).collect(),
            report,
        }
    }
}

fn validation_line(v: &Validation, base: Option<(&str, &Validation)>) -> String {
    let mut line = if v.errors == 0 {
        format!(
            "✅ **Validation: no errors**, {} in {}",
            plural(v.warnings, "warning"),
            plural(v.files, "annotation file")
        )
    } else {
        format!(
            "❌ **Validation: {}**, {} in {}",
            plural(v.errors, "error"),
            plural(v.warnings, "warning"),
            plural(v.files, "annotation file")
        )
    };
    if let Some((name, b)) = base {
        let _ =
            write!(line, " (base {}: {}, {})", code(name), plural(b.errors, "error"), plural(b.warnings, "warning"));
    }
    line.push('.');
    if v.errors > 0 {
        line.push_str(" The spans that fail their checks are left out of the figures below; the workflow's annotations on *Files changed* show each error.");
    }
    line
}

/// Adds `rows` under `header` while the text stays within `limit` bytes; returns how many fit.
fn push_rows(out: &mut String, header: &str, rows: &[String], limit: usize) -> usize {
    if out.len() + header.len() > limit {
        return 0;
    }
    out.push_str(header);
    let mut shown = 0;
    for row in rows {
        if out.len() + row.len() > limit {
            break;
        }
        out.push_str(row);
        shown += 1;
    }
    shown
}

/// A folded section: `header` (which opens `<details>`), the rows that fit within `limit`, and
/// the closing tag (kept within `limit` too); nothing at all when no row fits.
fn push_folded(out: &mut String, header: &str, rows: &[String], limit: usize) -> usize {
    const CLOSE: &str = "\n</details>\n";
    let before = out.len();
    let shown = push_rows(out, header, rows, limit.saturating_sub(CLOSE.len()));
    if shown == 0 && !rows.is_empty() {
        out.truncate(before);
        return 0;
    }
    if out.len() > before {
        out.push_str(CLOSE);
    }
    shown
}

/// The report as Markdown of at most `max_chars` bytes (at least a few kilobytes are needed).
pub fn render(inputs: &Inputs, max_chars: usize) -> String {
    render_with_status(inputs, max_chars, None)
}

/// [`render`], with the status table ([`crate::status`]) appended under the same budget.
pub fn render_with_status(inputs: &Inputs, max_chars: usize, status: Option<&Status>) -> String {
    let r = &inputs.report;
    let base = inputs.base.as_ref().map(|b| BaseFigures::new(&b.report));
    // The gold and status sections can add three more notes on what was cut.
    let extra = if r.against_gold.is_some() || status.is_some() { EXTRA_RESERVE } else { 0 };
    let limit = max_chars.saturating_sub(RESERVE + extra);
    let mut out = String::from("## Annotation report\n\n");
    let _ = writeln!(
        out,
        "{}\n",
        validation_line(&inputs.validation, inputs.base.as_ref().map(|b| (b.name.as_str(), &b.validation)))
    );
    let o = &r.overall;
    let _ = write!(
        out,
        "{} · {} ({} compared, {} by every annotator)",
        plural(r.annotators.len(), "annotator"),
        plural(r.documents_total, "document"),
        o.documents_compared,
        o.documents_complete
    );
    if r.options.resamples > 0 {
        let _ = write!(
            out,
            " · intervals: {:.0}% bootstrap over documents, {} resamples, seed {}",
            r.options.confidence_level * 100.0,
            r.options.resamples,
            r.options.seed
        );
    }
    if let Some(note) = r.options.gamma_samples_note() {
        let _ = write!(out, " · {note}");
    }
    out.push_str(".\n");
    if let Some(b) = &inputs.base {
        let commit = b.commit.as_deref().map(|c| format!(" ({})", &c[..c.len().min(10)])).unwrap_or_default();
        let _ = writeln!(
            out,
            "Changes in brackets are since the base {}{commit}; this change touches {}.",
            code(&b.name),
            plural(b.touched.len(), "document")
        );
    }

    // Summary.
    out.push_str(
        "\n### Summary\n\n| | strict F1 | Cohen's κ | Krippendorff's α | uα | γ |\n|---|--:|--:|--:|--:|--:|\n",
    );
    let bo = base.as_ref().map(|b| &b.report.overall);
    let _ = writeln!(
        out,
        "| **all pairs** | {}{} | Fleiss {}{} | {}{}{} | {}{}{} | {}{} |",
        cell(o.pooled.strict.f1, o.pooled.strict.f1_undefined.as_deref()),
        delta(o.pooled.strict.f1, bo.map(|b| b.pooled.strict.f1)),
        cell(o.fleiss_kappa, o.fleiss_kappa_undefined.as_deref()),
        delta(o.fleiss_kappa, bo.map(|b| b.fleiss_kappa)),
        cell(o.krippendorff_alpha, o.krippendorff_alpha_undefined.as_deref()),
        format_interval(o.krippendorff_alpha_ci.as_ref()),
        delta(o.krippendorff_alpha, bo.map(|b| b.krippendorff_alpha)),
        cell(o.unitizing_alpha, o.unitizing_alpha_undefined.as_deref()),
        format_interval(o.unitizing_alpha_ci.as_ref()),
        delta(o.unitizing_alpha, bo.map(|b| b.unitizing_alpha)),
        cell(o.gamma, o.gamma_undefined.as_deref()),
        delta(o.gamma, bo.map(|b| b.gamma)),
    );
    let _ = writeln!(
        out,
        "| **mean over pairs** ({}) | {}{} | · | · | · | · |",
        o.mean_pair_strict_f1_pairs,
        cell(o.mean_pair_strict_f1, o.mean_pair_strict_f1_undefined.as_deref()),
        delta(o.mean_pair_strict_f1, bo.map(|b| b.mean_pair_strict_f1)),
    );
    let mut cut: Vec<String> = Vec::new();
    let rows: Vec<String> = r
        .pairs
        .iter()
        .map(|p| {
            let bp = base.as_ref().map(|b| b.pairs.get(&(p.a.as_str(), p.b.as_str())).copied());
            format!(
                "| {} × {} | {}{}{} | {}{} | · | {}{} | · |\n",
                md_escape(&p.a),
                md_escape(&p.b),
                cell(p.strict.f1, p.strict.f1_undefined.as_deref()),
                format_interval(p.strict_f1_ci.as_ref()),
                delta(p.strict.f1, bp.map(|b| b.and_then(|b| b.strict.f1))),
                cell(p.cohen_kappa, p.cohen_kappa_undefined.as_deref()),
                delta(p.cohen_kappa, bp.map(|b| b.and_then(|b| b.cohen_kappa))),
                cell(p.unitizing_alpha, p.unitizing_alpha_undefined.as_deref()),
                delta(p.unitizing_alpha, bp.map(|b| b.and_then(|b| b.unitizing_alpha))),
            )
        })
        .collect();
    let note = "\n<sub>All pairs: strict F1 pooled over pairs; κ is Fleiss' kappa over the documents every annotator \
         annotated; α (tokens) and γ are corpus-level (· = not a pair figure); the mean over pairs weighs every pair \
         that shares a document alike. Definitions: `docs/metrics.md`.</sub>\n";
    let shown = push_rows(&mut out, "", &rows, limit.saturating_sub(note.len()));
    if shown < rows.len() {
        cut.push(format!("{} of the summary table", plural(rows.len() - shown, "pair")));
    }
    out.push_str(note);
    if o.gamma_documents_too_complex > 0 {
        let _ = writeln!(
            out,
            "\nγ pools {}; {} too complex to compute left out (`--gamma-max-steps` raises the budget; `--no-gamma` or `--measures` skips γ).",
            plural(o.gamma_documents, "document"),
            plural(o.gamma_documents_too_complex, "document"),
        );
    }
    if let Some(crowd) = &r.crowd {
        crowd::section(&mut out, crowd, r.annotators.len(), limit, &mut cut);
    }

    if let Some(gold) = &r.against_gold {
        gold::summary(&mut out, gold, base.as_ref().and_then(|b| b.report.against_gold.as_ref()), limit, &mut cut);
    }

    // Per label.
    let rows: Vec<String> = r
        .per_label
        .iter()
        .map(|l| {
            let bl = base.as_ref().map(|b| b.labels.get(l.label.as_str()).copied());
            format!(
                "| {} | {}{} | {}{} | {}{} | {}{} | {} / {} / {} |\n",
                code(&l.label),
                cell(l.pooled.strict.f1, l.pooled.strict.f1_undefined.as_deref()),
                delta(l.pooled.strict.f1, bl.map(|b| b.and_then(|b| b.pooled.strict.f1))),
                cell(l.fleiss_kappa, l.fleiss_kappa_undefined.as_deref()),
                delta(l.fleiss_kappa, bl.map(|b| b.and_then(|b| b.fleiss_kappa))),
                cell(l.krippendorff_alpha, l.krippendorff_alpha_undefined.as_deref()),
                delta(l.krippendorff_alpha, bl.map(|b| b.and_then(|b| b.krippendorff_alpha))),
                cell(l.unitizing_alpha, l.unitizing_alpha_undefined.as_deref()),
                delta(l.unitizing_alpha, bl.map(|b| b.and_then(|b| b.unitizing_alpha))),
                l.pooled.strict.correct,
                l.pooled.strict.possible,
                l.pooled.strict.actual,
            )
        })
        .collect();
    let header = "\n### Per label\n\n| label | strict F1 | Fleiss' κ | Krippendorff's α | uα | matched / 1st / 2nd |\n|---|--:|--:|--:|--:|--:|\n";
    let shown = push_rows(&mut out, header, &rows, limit);
    if shown < rows.len() {
        cut.push(format!("{} of the per-label table", plural(rows.len() - shown, "label")));
    }

    // Documents, touched first, worst first.
    let touched: HashSet<&str> =
        inputs.base.as_ref().map(|b| b.touched.iter().map(String::as_str).collect()).unwrap_or_default();
    let mut docs = worst_first(&r.documents);
    docs.sort_by_key(|d| !touched.contains(d.id.as_str()));
    let rows: Vec<String> = docs
        .iter()
        .map(|d| {
            let bd = base.as_ref().map(|b| b.documents.get(d.id.as_str()).copied());
            let f1 = document_f1(d);
            format!(
                "| {}{} | {} | {}{} | {}{} | {}{} | {}{} |\n",
                if touched.contains(d.id.as_str()) { "🔸 " } else { "" },
                code(&d.id),
                d.annotators.len(),
                cell(f1, d.mean_pair_strict_f1_undefined.as_deref()),
                delta(f1, bd.map(|b| b.and_then(document_f1))),
                cell(d.krippendorff_alpha, d.krippendorff_alpha_undefined.as_deref()),
                delta(d.krippendorff_alpha, bd.map(|b| b.and_then(|b| b.krippendorff_alpha))),
                cell(d.unitizing_alpha, d.unitizing_alpha_undefined.as_deref()),
                delta(d.unitizing_alpha, bd.map(|b| b.and_then(|b| b.unitizing_alpha))),
                cell(d.gamma, d.gamma_undefined.as_deref()),
                delta(d.gamma, bd.map(|b| b.and_then(|b| b.gamma))),
            )
        })
        .collect();
    let summary = if touched.is_empty() {
        format!("{}, worst first", plural(docs.len(), "document"))
    } else {
        format!(
            "{}, the {} this change touched (🔸) first, then worst first",
            plural(docs.len(), "document"),
            touched.len()
        )
    };
    let header = format!(
        "\n<details><summary><b>Documents</b>: {summary}</summary>\n\n| document | annotators | strict F1 (mean of pairs) | Krippendorff's α | uα | γ |\n|---|--:|--:|--:|--:|--:|\n"
    );
    let shown = push_rows(&mut out, &header, &rows, limit);
    if shown > 0 || rows.is_empty() {
        out.push_str("\n</details>\n");
    }
    if shown < rows.len() {
        cut.push(format!("{} of the document list (the worst are shown)", plural(rows.len() - shown, "document")));
    }

    // Per pair and label.
    let mut rows = Vec::new();
    for p in &r.pairs {
        for l in &p.per_label {
            rows.push(format!(
                "| {} × {} | {} | {} | {} | {} | {} | {} | {} |\n",
                md_escape(&p.a),
                md_escape(&p.b),
                code(&l.label),
                cell(l.strict.f1, l.strict.f1_undefined.as_deref()),
                cell(l.exact.f1, l.exact.f1_undefined.as_deref()),
                cell(l.partial.f1, l.partial.f1_undefined.as_deref()),
                cell(l.type_.f1, l.type_.f1_undefined.as_deref()),
                cell(l.cohen_kappa, l.cohen_kappa_undefined.as_deref()),
                cell(l.unitizing_alpha, l.unitizing_alpha_undefined.as_deref()),
            ));
        }
    }
    if !rows.is_empty() {
        let header = "\n<details><summary><b>Per pair and label</b>: F1 under the four schemes, κ, uα</summary>\n\n| pair | label | strict | exact | partial | type | Cohen's κ | uα |\n|---|---|--:|--:|--:|--:|--:|--:|\n";
        let shown = push_rows(&mut out, header, &rows, limit);
        if shown > 0 {
            out.push_str("\n</details>\n");
        }
        if shown < rows.len() {
            cut.push(format!("{} of the per-pair table", plural(rows.len() - shown, "row")));
        }
    }

    // Confusion, all pairs.
    let c = &o.confusion;
    if !c.labels.is_empty() {
        let mut table = format!(
            "\n<details><summary><b>Label confusion</b>, all pairs (rows: first annotator, columns: second)</summary>\n\n| | {} |\n|---|{}\n",
            c.labels.iter().map(|l| code(l)).collect::<Vec<_>>().join(" | "),
            "--:|".repeat(c.labels.len())
        );
        for (label, row) in c.labels.iter().zip(&c.counts) {
            let cells: Vec<String> = row.iter().map(|n| if *n == 0 { "·".to_owned() } else { n.to_string() }).collect();
            let _ = writeln!(table, "| {} | {} |", code(label), cells.join(" | "));
        }
        table.push_str("\n</details>\n");
        if out.len() + table.len() <= limit {
            out.push_str(&table);
        } else {
            cut.push("the label confusion matrix".to_owned());
        }
    }

    if let Some(status) = status {
        let (header, rows) = crate::status::markdown_rows(status);
        let header = format!(
            "\n<details><summary><b>Status</b>: {}</summary>\n\n{header}",
            md_escape(&crate::status::summary_line(status))
        );
        let shown = push_folded(&mut out, &header, &rows, limit);
        if shown < rows.len() {
            cut.push(format!("{} of the status table", plural(rows.len() - shown, "document")));
        }
    }
    if let Some(gold) = &r.against_gold {
        gold::details(&mut out, gold, limit, &mut cut);
    }

    if !cut.is_empty() {
        let _ = writeln!(
            out,
            "\n> [!NOTE]\n> Shortened to stay under {max_chars} characters (a GitHub comment holds {GITHUB_COMMENT_LIMIT}): left out {}. \
             `cargo xtask report --format html` shows everything.",
            cut.join("; ")
        );
    }
    out
}
