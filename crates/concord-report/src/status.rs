//! `cargo xtask status`: one table of where the annotation stands — for each document, who
//! annotated it and how many spans each has, whether it has a gold file, how many curation
//! questions are open and whether a decision is stale — as text, Markdown or JSON
//! (`schemas/status.schema.json`).
//!
//! Design choices:
//! - **Built from the validated set** ([`build`]): annotators and span counts are the spans that
//!   pass validation, the same ones every figure uses; gold presence is [`AnnotationSet::gold`].
//! - **Curation counts come in from outside** ([`CurationCounts`]): open questions and stale
//!   decisions are read from the gold files by validate. Until a caller has them they are
//!   `None` — "not counted" (JSON `null`, `n/a` in tables), never a made-up 0.
//! - **One row list, three renderings**, and the Markdown rows are also what the report's
//!   Markdown appends under its own character budget (the pull-request comment).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use concord_diff::render::{code, md_escape};
use concord_diff::{Side, Snapshot};
use concord_schema::AnnotationSet;
use concord_schema::words::plural;
use serde::Serialize;

use crate::ReportError;

/// What validate counted in the gold files, per document (`per_document`).
pub use concord_validate::{CurationSummary as CurationCounts, DocumentCuration};

/// One document's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentStatus {
    pub id: String,
    /// Annotator to the number of valid spans; an annotator with no file has no key.
    pub spans: BTreeMap<String, usize>,
    /// Spans of the gold file, `null` when the document has none.
    pub gold_spans: Option<usize>,
    /// `null` when not counted.
    pub open_questions: Option<usize>,
    pub open_candidates: Option<usize>,
    pub stale: Option<usize>,
}

/// Sums over the documents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatusTotals {
    pub documents: usize,
    pub gold_files: usize,
    pub open_questions: Option<usize>,
    pub open_candidates: Option<usize>,
    pub stale: Option<usize>,
}

/// The whole table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Sorted.
    pub annotators: Vec<String>,
    /// Sorted by id: every document an annotator or the gold has a file for.
    pub documents: Vec<DocumentStatus>,
    pub totals: StatusTotals,
}

/// The status of `set`; `curation` is validate's count of the gold files, `None` until known.
pub fn build(set: &AnnotationSet, curation: Option<&CurationCounts>) -> Status {
    let mut ids: Vec<&str> = set.documents.iter().map(|d| d.id.as_str()).collect();
    ids.extend(set.gold.keys().map(String::as_str));
    ids.sort_unstable();
    ids.dedup();
    let documents: Vec<DocumentStatus> = ids
        .into_iter()
        .map(|id| {
            let spans = set
                .document(id)
                .map(|d| d.by_annotator.iter().map(|(a, s)| (a.clone(), s.len())).collect())
                .unwrap_or_default();
            let gold_spans = set.gold.get(id).map(Vec::len);
            let counted = curation.map(|c| c.per_document.get(id).cloned().unwrap_or_default());
            DocumentStatus {
                id: id.to_owned(),
                spans,
                gold_spans,
                open_questions: counted.as_ref().map(|c| c.open_questions),
                open_candidates: counted.as_ref().map(|c| c.open_candidates),
                stale: counted.as_ref().map(|c| c.stale),
            }
        })
        .collect();
    let sum = |f: fn(&DocumentStatus) -> Option<usize>| -> Option<usize> {
        curation.map(|_| documents.iter().filter_map(f).sum())
    };
    let totals = StatusTotals {
        documents: documents.len(),
        gold_files: documents.iter().filter(|d| d.gold_spans.is_some()).count(),
        open_questions: sum(|d| d.open_questions),
        open_candidates: sum(|d| d.open_candidates),
        stale: sum(|d| d.stale),
    };
    Status { annotators: set.annotators.clone(), documents, totals }
}

fn count(v: Option<usize>) -> String {
    match v {
        None => "n/a".to_owned(),
        Some(0) => "·".to_owned(),
        Some(n) => n.to_string(),
    }
}

fn gold_cell(v: Option<usize>) -> String {
    v.map_or_else(|| "no".to_owned(), |n| format!("yes ({})", plural(n, "span")))
}

/// One line summing the table up.
pub fn summary_line(status: &Status) -> String {
    let t = &status.totals;
    let curation = match (t.open_questions, t.stale) {
        (Some(q), Some(s)) => format!("{} open, {} stale", plural(q, "question"), plural(s, "decision")),
        _ => "questions and stale decisions not counted".to_owned(),
    };
    format!(
        "{} · {} · {} with a gold file · {curation}",
        plural(status.annotators.len(), "annotator"),
        plural(t.documents, "document"),
        t.gold_files
    )
}

/// The Markdown table's header and rows, for [`render_markdown`] and the report's budget.
pub fn markdown_rows(status: &Status) -> (String, Vec<String>) {
    let header =
        "| document | annotators (spans) | gold | open questions | stale |\n|---|---|---|--:|--:|\n".to_owned();
    let rows = status
        .documents
        .iter()
        .map(|d| {
            let who: Vec<String> = d.spans.iter().map(|(a, n)| format!("{} {n}", md_escape(a))).collect();
            format!(
                "| {} | {} | {} | {} | {} |\n",
                code(&d.id),
                if who.is_empty() { "—".to_owned() } else { who.join(" · ") },
                gold_cell(d.gold_spans),
                count(d.open_questions),
                count(d.stale),
            )
        })
        .collect();
    (header, rows)
}

/// The whole table as Markdown.
pub fn render_markdown(status: &Status) -> String {
    let (header, rows) = markdown_rows(status);
    let mut out = format!("## Annotation status\n\n{}.\n\n{header}", summary_line(status));
    for row in rows {
        out.push_str(&row);
    }
    out
}

/// The table for a terminal.
pub fn render_text(status: &Status) -> String {
    let mut out = format!("{}\n\n", summary_line(status));
    let who = |d: &DocumentStatus| -> String {
        let v: Vec<String> = d.spans.iter().map(|(a, n)| format!("{a} {n}")).collect();
        if v.is_empty() { "-".to_owned() } else { v.join(", ") }
    };
    let width =
        |f: &dyn Fn(&DocumentStatus) -> usize, min: usize| status.documents.iter().map(f).max().unwrap_or(0).max(min);
    let idw = width(&|d| d.id.chars().count(), 8);
    let ww = width(&|d| who(d).chars().count(), 18);
    let _ = writeln!(
        out,
        "{:<idw$}  {:<ww$}  {:<14}  {:>9}  {:>5}",
        "document", "annotators (spans)", "gold", "questions", "stale"
    );
    for d in &status.documents {
        let _ = writeln!(
            out,
            "{:<idw$}  {:<ww$}  {:<14}  {:>9}  {:>5}",
            d.id,
            who(d),
            gold_cell(d.gold_spans),
            count(d.open_questions),
            count(d.stale)
        );
    }
    out
}

/// Validates the project at `root` (the working tree) and builds its status, restricted to the
/// annotators `selection` names when given.
pub fn load(root: &Path, selection: Option<&[String]>) -> Result<Status, ReportError> {
    let snapshot = Snapshot::load(root, &Side::WorkTree)?;
    let set = match selection {
        Some(patterns) => snapshot.set.select(patterns)?,
        None => snapshot.set,
    };
    Ok(build(&set, Some(&snapshot.curation)))
}

/// The table as JSON (`schemas/status.schema.json`).
pub fn render_json(status: &Status) -> Result<String, serde_json::Error> {
    Ok(serde_json::to_string_pretty(status)? + "\n")
}

#[cfg(test)]
mod tests;
