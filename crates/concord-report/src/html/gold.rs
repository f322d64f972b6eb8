//! The gold standard in the HTML report: a table of each annotator's figures against it, and
//! the gold's spans as one more column beside the annotators' in every document that has a
//! gold file (outlined in gold; a hatched span is one that some annotator of the document
//! lacks exactly, i.e. an annotator missed or changed it).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use concord_agreement::figure::format_interval;
use concord_agreement::vs_gold::GoldComparison;
use concord_schema::words::plural;
use concord_schema::{DocumentAnnotations, Span};

use super::{draw_text, escape, fig_html};

/// Inline, so that a report without gold keeps its style sheet byte for byte.
const GOLD_STYLE: &str = "border-left:3px solid #c9a227;padding-left:8px";

/// The figures against the gold, one row per annotator.
pub(super) fn table(out: &mut String, gold: &GoldComparison) {
    let _ = writeln!(
        out,
        "<h2>Against the gold standard</h2>\n<div class=\"muted\">{} with a gold file ({}); each annotator on the \
         documents that have both files. P: share of the annotator's spans the gold has; R: share of the gold the \
         annotator found.</div>\n<table>\n<tr><th>annotator</th><th>documents</th><th>strict P</th><th>strict R</th>\
         <th>strict F1</th><th>exact F1</th><th>partial F1</th><th>type F1</th></tr>",
        plural(gold.gold_documents, "document"),
        plural(gold.gold_spans, "gold span"),
    );
    for a in &gold.annotators {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}{}</td><td>{}{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.annotator),
            a.documents,
            fig_html(a.strict.precision, a.strict.precision_undefined.as_deref()),
            escape(&format_interval(a.strict_precision_ci.as_ref())),
            fig_html(a.strict.recall, a.strict.recall_undefined.as_deref()),
            escape(&format_interval(a.strict_recall_ci.as_ref())),
            fig_html(a.strict.f1, a.strict.f1_undefined.as_deref()),
            escape(&format_interval(a.strict_f1_ci.as_ref())),
            fig_html(a.exact.f1, a.exact.f1_undefined.as_deref()),
            fig_html(a.partial.f1, a.partial.f1_undefined.as_deref()),
            fig_html(a.type_.f1, a.type_.f1_undefined.as_deref()),
        );
    }
    out.push_str("</table>\n");
}

/// The gold's column in a document view.
pub(super) fn column(out: &mut String, doc: &DocumentAnnotations, spans: &[Span], colours: &HashMap<String, String>) {
    let annotators: Vec<HashSet<(usize, usize, &str)>> =
        doc.by_annotator.values().map(|s| s.iter().map(Span::key).collect()).collect();
    let missed: Vec<bool> = spans.iter().map(|s| annotators.iter().any(|a| !a.contains(&s.key()))).collect();
    let _ = write!(
        out,
        "<div class=\"col\" id=\"gold-{}\" style=\"{GOLD_STYLE}\"><h4>gold · {} · {} not in every annotator's file</h4><div class=\"text\">",
        escape(&doc.id),
        plural(spans.len(), "span"),
        missed.iter().filter(|&&m| m).count()
    );
    draw_text(out, &doc.text, spans, &missed, colours);
    out.push_str("</div></div>\n");
}
