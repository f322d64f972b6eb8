//! Writing gold YAML in the documented layout (`docs/curation.md`): the schema modeline, keys in
//! the contract's order, block style, flow sequences for `votes` and `annotators`, every string
//! through `concord_schema::yaml::string_scalar`.
//!
//! The same functions render a whole new file and the entries that `edit` inserts into an
//! existing one, so an inserted entry looks exactly like a rendered one.

use std::fmt::Write as _;

use concord_schema::gold::{
    Candidate, CurationRecord, DecidedBy, Decision, GoldRecord, GoldSpan, Question, StrategyName,
};
use concord_schema::yaml::string_scalar;

/// The first line of every gold file: editors find the schema through it.
pub const MODELINE: &str = "# yaml-language-server: $schema=../schemas/gold.schema.json";

/// A whole gold file.
pub fn render_gold(record: &GoldRecord) -> String {
    let mut out = String::with_capacity(256 + 160 * (record.spans.len() + 2 * record.questions.len()));
    out.push_str(MODELINE);
    out.push('\n');
    let _ = writeln!(out, "document: {}", string_scalar(&record.document));
    if let Some(sha) = &record.text_sha256 {
        let _ = writeln!(out, "text_sha256: {}", string_scalar(sha));
    }
    out.push_str(&render_curation(&record.curation));
    out.push_str(&render_list("spans", &record.spans, render_span, true));
    out.push_str(&render_list("questions", &record.questions, render_question, false));
    out.push_str(&render_list("rejected", &record.rejected, render_span, false));
    out
}

fn render_list<T>(key: &str, items: &[T], one: fn(&T, usize) -> String, always: bool) -> String {
    if items.is_empty() {
        return if always { format!("{key}: []\n") } else { String::new() };
    }
    let mut out = format!("{key}:\n");
    for item in items {
        out.push_str(&one(item, 2));
    }
    out
}

/// The `curation:` block, with its trailing newline.
pub fn render_curation(c: &CurationRecord) -> String {
    let mut out = String::from("curation:\n");
    let strategy = match c.strategy {
        StrategyName::Complete => "complete",
        StrategyName::Incomplete => "incomplete",
        StrategyName::Threshold => "threshold",
    };
    let _ = writeln!(out, "  strategy: {strategy}");
    if let Some(v) = c.min_votes {
        let _ = writeln!(out, "  min_votes: {v}");
    }
    if let Some(v) = c.min_share {
        let _ = writeln!(out, "  min_share: {v:?}");
    }
    if let Some(v) = c.top_n {
        let _ = writeln!(out, "  top_n: {v}");
    }
    let _ = writeln!(out, "  annotators: {}", flow_list(&c.annotators));
    out
}

/// `[a, b]`: the flow sequence of `votes` and `annotators`.
pub fn flow_list(names: &[String]) -> String {
    let items: Vec<String> = names.iter().map(|n| string_scalar(n)).collect();
    format!("[{}]", items.join(", "))
}

/// A span entry (`- start: …`) whose dash sits at column `indent` + 1, with its trailing newline.
pub fn render_span(span: &GoldSpan, indent: usize) -> String {
    let mut lines = common_fields(span.start, span.end, &span.text, &span.label, &span.votes);
    if let Some(d) = span.decided {
        lines.push(format!("decided: {}", if d == DecidedBy::Rule { "rule" } else { "curator" }));
    }
    tail_fields(&mut lines, span.stale, span.note.as_deref());
    entry(&lines, indent)
}

/// A candidate entry, as [`render_span`].
pub fn render_candidate(c: &Candidate, indent: usize) -> String {
    let mut lines = common_fields(c.start, c.end, &c.text, &c.label, &c.votes);
    if let Some(d) = c.decision {
        lines.push(format!("decision: {}", if d == Decision::Accept { "accept" } else { "reject" }));
    }
    tail_fields(&mut lines, c.stale, c.note.as_deref());
    entry(&lines, indent)
}

/// A question entry (`- candidates:` and its candidates), as [`render_span`].
pub fn render_question(q: &Question, indent: usize) -> String {
    let mut out = format!("{}- candidates:\n", " ".repeat(indent));
    for c in &q.candidates {
        out.push_str(&render_candidate(c, indent + 4));
    }
    out
}

fn common_fields(start: u64, end: u64, text: &str, label: &str, votes: &[String]) -> Vec<String> {
    vec![
        format!("start: {start}"),
        format!("end: {end}"),
        format!("text: {}", string_scalar(text)),
        format!("label: {}", string_scalar(label)),
        format!("votes: {}", flow_list(votes)),
    ]
}

fn tail_fields(lines: &mut Vec<String>, stale: Option<bool>, note: Option<&str>) {
    if let Some(s) = stale {
        lines.push(format!("stale: {s}"));
    }
    if let Some(n) = note {
        lines.push(format!("note: {}", string_scalar(n)));
    }
}

fn entry(lines: &[String], indent: usize) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let lead = if i == 0 { format!("{}- ", " ".repeat(indent)) } else { " ".repeat(indent + 2) };
        let _ = writeln!(out, "{lead}{line}");
    }
    out
}
