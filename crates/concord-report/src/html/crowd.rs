//! The crowd layout in HTML (more than twelve annotators): the pairwise figures as a
//! distribution, then the best and worst pairs and annotators against the others.

use std::fmt::Write as _;

use concord_agreement::crowd::{AnnotatorVsOthers, CrowdSummary, PairBrief, Spread, format_count};
use concord_schema::words::plural;

use super::{escape, fig_html};

fn spread_row(out: &mut String, name: &str, s: &Spread, counts: bool) {
    let f = |v: Option<f64>| if counts { format_count(v) } else { fig_html(v, Some("none")) };
    let _ = writeln!(
        out,
        "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        s.n,
        f(s.mean),
        f(s.min),
        f(s.q1),
        f(s.median),
        f(s.q3),
        f(s.max)
    );
}

fn pairs(out: &mut String, title: &str, rows: &[PairBrief]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<div><div class=\"muted\">{title}</div>\n<table>\n<tr><th>pair</th><th>documents</th><th>strict F1</th><th>Cohen's κ</th></tr>"
    );
    for p in rows {
        let _ = writeln!(
            out,
            "<tr><td>{} × {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&p.a),
            escape(&p.b),
            p.documents,
            fig_html(p.strict_f1, Some("none")),
            fig_html(p.cohen_kappa, Some("none"))
        );
    }
    out.push_str("</table></div>\n");
}

fn annotators(out: &mut String, title: &str, rows: &[AnnotatorVsOthers]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<div><div class=\"muted\">{title}</div>\n<table>\n<tr><th>annotator</th><th>documents</th><th>compared</th>\
         <th>partners</th><th>strict P</th><th>strict R</th><th>strict F1</th><th>mean pair F1</th><th>gold F1</th></tr>"
    );
    for a in rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.annotator),
            a.documents,
            a.documents_compared,
            a.partners,
            fig_html(a.strict.precision, a.strict.precision_undefined.as_deref()),
            fig_html(a.strict.recall, a.strict.recall_undefined.as_deref()),
            fig_html(a.strict.f1, a.strict.f1_undefined.as_deref()),
            fig_html(a.mean_pair_strict_f1, Some("none")),
            a.gold_strict_f1.map_or_else(|| "·".to_owned(), |f| fig_html(Some(f), None)),
        );
    }
    out.push_str("</table></div>\n");
}

/// The crowd section.
pub(super) fn section(out: &mut String, crowd: &CrowdSummary, annotator_count: usize) {
    let _ = writeln!(
        out,
        "<h2>Pairs and annotators</h2>\n<div class=\"muted\">{}: {} share at least one document. Their figures as a \
         distribution; then the {} best and worst of those sharing at least {}. Against the others: the annotator's \
         spans as predictions, each partner's as the reference.</div>\n<table>\n<tr><th>per pair</th><th>pairs</th>\
         <th>mean</th><th>min</th><th>Q1</th><th>median</th><th>Q3</th><th>max</th></tr>",
        plural(annotator_count, "annotator"),
        plural(crowd.pairs, "pair"),
        crowd.listed,
        plural(crowd.min_shared_documents, "document"),
    );
    spread_row(out, "documents shared", &crowd.documents_per_pair, true);
    spread_row(out, "strict F1", &crowd.strict_f1, false);
    spread_row(out, "Cohen's κ", &crowd.cohen_kappa, false);
    out.push_str("</table>\n<div class=\"two\">\n");
    pairs(out, "Best pairs", &crowd.best_pairs);
    pairs(out, "Worst pairs", &crowd.worst_pairs);
    out.push_str("</div>\n<div class=\"two\">\n");
    annotators(out, "Best annotators against the others", &crowd.best_annotators);
    annotators(out, "Worst annotators against the others", &crowd.worst_annotators);
    out.push_str("</div>\n");
}
