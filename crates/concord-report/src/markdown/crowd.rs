//! The crowd layout in Markdown (more than twelve annotators): the pairwise figures as a
//! distribution, the best and worst pairs and annotators, each table cut to the budget like
//! the folded sections.

use concord_agreement::crowd::{AnnotatorVsOthers, CrowdSummary, PairBrief, Spread, format_count};
use concord_diff::render::md_escape;
use concord_schema::words::plural;

use super::{cell, push_rows};

fn spread_row(name: &str, s: &Spread, counts: bool) -> String {
    let c = |v: Option<f64>| if counts { format_count(v) } else { cell(v, Some("none")) };
    format!(
        "| {name} | {} | {} | {} | {} | {} | {} | {} |\n",
        s.n,
        c(s.mean),
        c(s.min),
        c(s.q1),
        c(s.median),
        c(s.q3),
        c(s.max)
    )
}

fn pair_rows(pairs: &[PairBrief]) -> Vec<String> {
    pairs
        .iter()
        .map(|p| {
            format!(
                "| {} × {} | {} | {} | {} |\n",
                md_escape(&p.a),
                md_escape(&p.b),
                p.documents,
                cell(p.strict_f1, Some("none")),
                cell(p.cohen_kappa, Some("none"))
            )
        })
        .collect()
}

fn annotator_rows(rows: &[AnnotatorVsOthers]) -> Vec<String> {
    rows.iter()
        .map(|a| {
            format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                md_escape(&a.annotator),
                a.documents,
                a.documents_compared,
                a.partners,
                cell(a.strict.precision, a.strict.precision_undefined.as_deref()),
                cell(a.strict.recall, a.strict.recall_undefined.as_deref()),
                cell(a.strict.f1, a.strict.f1_undefined.as_deref()),
                cell(a.mean_pair_strict_f1, Some("none")),
                a.gold_strict_f1.map_or_else(|| "·".to_owned(), |f| cell(Some(f), None)),
            )
        })
        .collect()
}

/// The crowd section, within `limit` bytes; what does not fit is named in `cut`.
pub(super) fn section(out: &mut String, crowd: &CrowdSummary, annotators: usize, limit: usize, cut: &mut Vec<String>) {
    let mut text = format!(
        "\n### Pairs and annotators (crowd layout)\n\n{} is more than a pair table can show: {} share at least one \
         document. Their figures as a distribution, then the {} best and worst of those sharing at least {}.\n\n\
         | per pair | pairs | mean | min | Q1 | median | Q3 | max |\n|---|--:|--:|--:|--:|--:|--:|--:|\n",
        plural(annotators, "annotator"),
        plural(crowd.pairs, "pair"),
        crowd.listed,
        plural(crowd.min_shared_documents, "document"),
    );
    text.push_str(&spread_row("documents shared", &crowd.documents_per_pair, true));
    text.push_str(&spread_row("strict F1", &crowd.strict_f1, false));
    text.push_str(&spread_row("Cohen's κ", &crowd.cohen_kappa, false));
    if out.len() + text.len() > limit {
        cut.push("the crowd summary".to_owned());
        return;
    }
    out.push_str(&text);
    let tables: [(&str, Vec<String>, &str); 4] = [
        ("Best pairs", pair_rows(&crowd.best_pairs), PAIR_HEADER),
        ("Worst pairs", pair_rows(&crowd.worst_pairs), PAIR_HEADER),
        ("Best annotators against the others", annotator_rows(&crowd.best_annotators), ANNOTATOR_HEADER),
        ("Worst annotators against the others", annotator_rows(&crowd.worst_annotators), ANNOTATOR_HEADER),
    ];
    for (title, rows, columns) in tables {
        if rows.is_empty() {
            continue;
        }
        let header = format!("\n**{title}**\n\n{columns}");
        let shown = push_rows(out, &header, &rows, limit);
        if shown < rows.len() {
            cut.push(format!("{} of {}", plural(rows.len() - shown, "row"), title.to_lowercase()));
        }
    }
    let note = "\n<sub>Against the others: the annotator's spans as predictions, each partner's as the reference, \
                summed over the documents they share. `--format json --full` lists every pair.</sub>\n";
    if out.len() + note.len() <= limit {
        out.push_str(note);
    }
}

const PAIR_HEADER: &str = "| pair | documents | strict F1 | Cohen's κ |\n|---|--:|--:|--:|\n";

const ANNOTATOR_HEADER: &str = "| annotator | documents | compared | partners | strict P | strict R | strict F1 | mean pair F1 | gold F1 |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n";
