//! The report's "Against the gold standard" section: a table of every annotator's strict
//! precision, recall and F1 with their intervals and F1 under the other schemes (always shown,
//! one row per annotator), then, folded and cut to the budget like the other details, the
//! per-label and per-document figures.

use std::fmt::Write as _;

use concord_agreement::figure::format_interval;
use concord_agreement::vs_gold::GoldComparison;
use concord_diff::render::{code, md_escape};
use concord_schema::words::plural;

use super::{cell, push_folded, push_rows};
use crate::format::delta;

/// The summary table; `base` is the base revision's comparison, for the change of strict F1.
pub(super) fn summary(
    out: &mut String,
    gold: &GoldComparison,
    base: Option<&GoldComparison>,
    limit: usize,
    cut: &mut Vec<String>,
) {
    let mut header = String::new();
    let _ = write!(
        header,
        "\n### Against the gold standard\n\n{} with a gold file ({}); each annotator on the documents that have both files, \
         the gold as the reference.\n\n\
         | annotator | documents | strict P | strict R | strict F1 | exact F1 | partial F1 | type F1 |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|\n",
        plural(gold.gold_documents, "document"),
        plural(gold.gold_spans, "gold span")
    );
    let was: std::collections::HashMap<&str, Option<f64>> =
        base.map(|b| b.annotators.iter().map(|x| (x.annotator.as_str(), x.strict.f1)).collect()).unwrap_or_default();
    let mut rows = Vec::with_capacity(gold.annotators.len());
    for a in &gold.annotators {
        let was = base.map(|_| was.get(a.annotator.as_str()).copied().flatten());
        rows.push(format!(
            "| {} | {} | {}{} | {}{} | {}{}{} | {} | {} | {} |\n",
            md_escape(&a.annotator),
            a.documents,
            cell(a.strict.precision, a.strict.precision_undefined.as_deref()),
            format_interval(a.strict_precision_ci.as_ref()),
            cell(a.strict.recall, a.strict.recall_undefined.as_deref()),
            format_interval(a.strict_recall_ci.as_ref()),
            cell(a.strict.f1, a.strict.f1_undefined.as_deref()),
            format_interval(a.strict_f1_ci.as_ref()),
            delta(a.strict.f1, was),
            cell(a.exact.f1, a.exact.f1_undefined.as_deref()),
            cell(a.partial.f1, a.partial.f1_undefined.as_deref()),
            cell(a.type_.f1, a.type_.f1_undefined.as_deref()),
        ));
    }
    let shown = push_rows(out, &header, &rows, limit);
    if shown < rows.len() {
        cut.push(format!("{} of the gold summary", plural(rows.len() - shown, "annotator")));
    }
    out.push_str(
        "\n<sub>P: share of the annotator's spans the gold has; R: share of the gold the annotator found \
         (SemEval-2013 9.1 schemes). Definitions: `docs/metrics.md`.</sub>\n",
    );
}

/// Per label (labels either side used) and per document (lowest strict F1 first), folded.
pub(super) fn details(out: &mut String, gold: &GoldComparison, limit: usize, cut: &mut Vec<String>) {
    let mut rows = Vec::new();
    for a in &gold.annotators {
        for l in a.per_label.iter().filter(|l| l.strict.possible + l.strict.actual > 0) {
            rows.push(format!(
                "| {} | {} | {} | {} | {} | {} / {} / {} |\n",
                md_escape(&a.annotator),
                code(&l.label),
                cell(l.strict.precision, l.strict.precision_undefined.as_deref()),
                cell(l.strict.recall, l.strict.recall_undefined.as_deref()),
                cell(l.strict.f1, l.strict.f1_undefined.as_deref()),
                l.strict.correct,
                l.strict.possible,
                l.strict.actual,
            ));
        }
    }
    let header = "\n<details><summary><b>Against the gold, per label</b>: strict P, R, F1</summary>\n\n\
                  | annotator | label | P | R | F1 | matched / gold / annotator |\n|---|---|--:|--:|--:|--:|\n";
    let shown = push_folded(out, header, &rows, limit);
    if shown < rows.len() {
        cut.push(format!("{} of the per-label gold table", plural(rows.len() - shown, "row")));
    }

    let mut docs: Vec<(&str, &concord_agreement::vs_gold::DocumentVsGold)> =
        gold.annotators.iter().flat_map(|a| a.per_document.iter().map(move |d| (a.annotator.as_str(), d))).collect();
    docs.sort_by(|x, y| {
        let f = |d: &concord_agreement::vs_gold::DocumentVsGold| d.strict.f1.unwrap_or(f64::INFINITY);
        f(x.1).total_cmp(&f(y.1)).then_with(|| x.1.id.cmp(&y.1.id)).then_with(|| x.0.cmp(y.0))
    });
    let rows: Vec<String> = docs
        .iter()
        .map(|(a, d)| {
            format!(
                "| {} | {} | {} | {} | {} | {} / {} / {} |\n",
                code(&d.id),
                md_escape(a),
                cell(d.strict.precision, d.strict.precision_undefined.as_deref()),
                cell(d.strict.recall, d.strict.recall_undefined.as_deref()),
                cell(d.strict.f1, d.strict.f1_undefined.as_deref()),
                d.strict.correct,
                d.strict.possible,
                d.strict.actual,
            )
        })
        .collect();
    let header = "\n<details><summary><b>Against the gold, per document</b>: strict P, R, F1, worst first</summary>\n\n\
                  | document | annotator | P | R | F1 | matched / gold / annotator |\n|---|---|--:|--:|--:|--:|\n";
    let shown = push_folded(out, header, &rows, limit);
    if shown < rows.len() {
        cut.push(format!("{} of the per-document gold table", plural(rows.len() - shown, "row")));
    }
}
