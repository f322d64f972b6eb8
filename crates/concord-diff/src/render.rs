//! Text, Markdown and JSON views of the diffs.
//!
//! Markdown is written for a GitHub pull-request comment: a one-line summary, then details, and a
//! character budget (`max_chars`) past which the rest is summarised in one line that says so.

use std::fmt::Write as _;

use concord_schema::words::plural;
use serde_json::{Value, json};

use crate::SpanView;
use crate::align::Kind;
use crate::annotators::AnnotatorDiff;
use crate::excerpt::carets;
use crate::revisions::{ChangeKind, FileChange, FileStatus, RevisionDiff};

/// Version of the JSON output (`schemas/diff.schema.json`).
pub(crate) const JSON_VERSION: u32 = 1;

const RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[1;32m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// `“text”`, shortened to 60 code points.
fn quoted(text: &str) -> String {
    let one_line = text.replace('\n', "⏎");
    if one_line.chars().count() > 60 {
        let head: String = one_line.chars().take(59).collect();
        format!("“{head}…”")
    } else {
        format!("“{one_line}”")
    }
}

fn span_line(s: &SpanView) -> String {
    format!("{} [{}, {}) {}", s.label, s.start, s.end, quoted(&s.text))
}

fn kind_counts(diff: &AnnotatorDiff) -> String {
    let parts: Vec<String> = Kind::ALL
        .iter()
        .map(|&k| (k, diff.count(k)))
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    parts.join(", ")
}

fn headline(diff: &AnnotatorDiff) -> String {
    let mut line = format!(
        "{}: {} ({}) vs {} ({}): {} agree, {}",
        diff.document,
        diff.a,
        plural(diff.a_spans, "span"),
        diff.b,
        plural(diff.b_spans, "span"),
        diff.agreed,
        plural(diff.disagreements.len(), "disagreement"),
    );
    if !diff.disagreements.is_empty() {
        let _ = write!(line, " ({})", kind_counts(diff));
    }
    line
}

/// The disagreements for a terminal; `color` adds ANSI colours instead of `^` lines.
pub fn annotators_text(diff: &AnnotatorDiff, color: bool) -> String {
    let mut out = headline(diff);
    out.push('\n');
    let width = diff.a.chars().count().max(diff.b.chars().count());
    for d in &diff.disagreements {
        let _ = write!(out, "\n{} at {}:{}", d.kind.as_str(), d.line, d.column);
        if let Some(a) = &d.a {
            let _ = write!(out, "  {}: {}", diff.a, span_line(a));
        }
        if let Some(b) = &d.b {
            let _ = write!(out, "  {}: {}", diff.b, span_line(b));
        }
        out.push('\n');
        for (who, side, sign, colour) in [(&diff.a, "delete", '-', RED), (&diff.b, "insert", '+', GREEN)] {
            let _ = write!(out, "  {sign} {who:<width$} │ ");
            if color {
                for p in d.word_diff.iter().filter(|p| p.op == "equal" || p.op == side) {
                    if p.op == side {
                        let _ = write!(out, "{colour}{}{RESET}", p.text);
                    } else {
                        let _ = write!(out, "{DIM}{}{RESET}", p.text);
                    }
                }
                out.push('\n');
            } else {
                out.push_str(if side == "delete" { &d.a_marked } else { &d.b_marked });
                out.push('\n');
                if let Some(line) = carets(&d.word_diff, side) {
                    let _ = writeln!(out, "    {:<width$} │ {line}", "");
                }
            }
        }
    }
    out
}

/// A code fence longer than any run of backticks in `body`.
fn fence(body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

/// Inline code that survives backticks in the text.
pub fn code(text: &str) -> String {
    let f = if text.contains('`') { "`` " } else { "`" };
    let g = if text.contains('`') { " ``" } else { "`" };
    format!("{f}{text}{g}")
}

/// Text safe inside a Markdown table cell or HTML.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '*' | '_' | '[' | ']' | '`' | '\\' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The disagreements as Markdown, at most about `max_chars` characters.
pub fn annotators_markdown(diff: &AnnotatorDiff, max_chars: usize) -> String {
    let mut out = format!("### {}: {} vs {}\n\n", code(&diff.document), code(&diff.a), code(&diff.b));
    let _ = writeln!(
        out,
        "{} spans agree; {}{}.\n",
        diff.agreed,
        plural(diff.disagreements.len(), "disagreement"),
        if diff.disagreements.is_empty() { String::new() } else { format!(": {}", kind_counts(diff)) }
    );
    let width = diff.a.chars().count().max(diff.b.chars().count());
    for (i, d) in diff.disagreements.iter().enumerate() {
        let mut block = format!("**{}. {}** at line {}, column {}", i + 1, d.kind.as_str(), d.line, d.column);
        let describe = |s: &Option<SpanView>| {
            s.as_ref().map_or_else(|| "—".to_owned(), |s| format!("{} {}", code(&s.label), md_escape(&quoted(&s.text))))
        };
        let _ = writeln!(block, ": {} has {}, {} has {}", code(&diff.a), describe(&d.a), code(&diff.b), describe(&d.b));
        let body = format!("- {:<width$}  {}\n+ {:<width$}  {}\n", diff.a, d.a_marked, diff.b, d.b_marked);
        let f = fence(&body);
        let _ = writeln!(block, "\n{f}diff\n{body}{f}\n");
        if out.len() + block.len() + 200 > max_chars {
            let _ = writeln!(
                out,
                "_{} more not shown to keep this under {max_chars} characters: run `cargo xtask diff --doc {} {} {}`._",
                plural(diff.disagreements.len() - i, "disagreement"),
                diff.document,
                diff.a,
                diff.b
            );
            break;
        }
        out.push_str(&block);
    }
    out
}

/// The disagreements as JSON (`schemas/diff.schema.json`, `kind: "annotators"`).
pub fn annotators_json(diff: &AnnotatorDiff) -> Value {
    let mut v = serde_json::to_value(diff).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("kind".into(), json!("annotators"));
        map.insert("version".into(), json!(JSON_VERSION));
    }
    v
}

fn change_counts(counts: impl Fn(ChangeKind) -> usize) -> String {
    let parts: Vec<String> = ChangeKind::ALL
        .iter()
        .map(|&k| (k, counts(k)))
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    if parts.is_empty() { "no span changes".to_owned() } else { parts.join(", ") }
}

fn side_name(s: &crate::revisions::SideSummary) -> String {
    match &s.commit {
        Some(c) if c.starts_with(&s.name) => c[..c.len().min(10)].to_owned(),
        Some(c) => format!("{} ({})", s.name, &c[..c.len().min(10)]),
        None => s.name.clone(),
    }
}

/// The lines of one file's changes (no colour): `+`/`-` lines, `!` for file-level notes.
fn file_lines(f: &FileChange) -> Vec<String> {
    let mut lines = Vec::new();
    for (side, state) in [("base", &f.base), ("head", &f.head)] {
        if let Some(problem) = state.as_ref().and_then(|s| s.problem.as_ref()) {
            lines.push(format!("! cannot be used at {side}: {problem}"));
        } else if let Some(s) = state.as_ref().filter(|s| s.errors > 0) {
            lines
                .push(format!("! {} at {side} (spans that fail their checks are left out)", plural(s.errors, "error")));
        }
    }
    if f.text_changed {
        lines.push("! the document's text changed: offsets may have shifted".to_owned());
    }
    for c in &f.changes {
        let kind = c.kind.as_str();
        match c.kind {
            ChangeKind::Added | ChangeKind::Removed => {
                let s = c.head.as_ref().or(c.base.as_ref());
                if let Some(s) = s {
                    lines.push(format!("{} {kind:<16} {}", c.kind.sign(), span_line(s)));
                }
            }
            _ => {
                if let Some(s) = &c.base {
                    lines.push(format!("- {kind:<16} {}", span_line(s)));
                }
                if let Some(s) = &c.head {
                    lines.push(format!("+ {kind:<16} {}", span_line(s)));
                }
            }
        }
    }
    lines
}

fn file_summary(f: &FileChange) -> String {
    let status = match f.status {
        FileStatus::Added => "new file",
        FileStatus::Removed => "deleted",
        FileStatus::Modified => "modified",
    };
    format!("{status}; {}; {} unchanged", change_counts(|k| f.count(k)), f.unchanged)
}

fn revisions_headline(diff: &RevisionDiff) -> String {
    format!(
        "{} since {}: {} ({})",
        side_name(&diff.head),
        side_name(&diff.base),
        plural(diff.files.len(), "annotation file"),
        change_counts(|k| diff.count(k))
    )
}

/// The changes for a terminal.
pub fn revisions_text(diff: &RevisionDiff, color: bool) -> String {
    let mut out = revisions_headline(diff);
    out.push('\n');
    for s in [&diff.base, &diff.head] {
        let _ = writeln!(
            out,
            "  {}: {}, {}, {}",
            side_name(s),
            plural(s.files, "file"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning")
        );
    }
    for f in &diff.files {
        let _ = writeln!(out, "\n{} ({})", f.path, file_summary(f));
        for line in file_lines(f) {
            let colour = match line.chars().next() {
                Some('+') => GREEN,
                Some('-') => RED,
                _ => "",
            };
            if color && !colour.is_empty() {
                let _ = writeln!(out, "  {colour}{line}{RESET}");
            } else {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    if !diff.texts_changed.is_empty() {
        let _ = writeln!(out, "\ncorpus texts changed: {}", diff.texts_changed.join(", "));
    }
    for n in &diff.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

/// The changes as Markdown for a PR comment, at most about `max_chars` characters: a table of
/// files, each file's span changes folded in `<details>`.
pub fn revisions_markdown(diff: &RevisionDiff, max_chars: usize) -> String {
    let mut out = format!("### Annotation changes since {}\n\n", code(&side_name(&diff.base)));
    let _ = writeln!(
        out,
        "{} changed: {}.\n",
        plural(diff.files.len(), "annotation file"),
        change_counts(|k| diff.count(k))
    );
    if diff.files.is_empty() {
        return out;
    }
    let mut table =
        String::from("| file | added | removed | moved | relabelled | notes |\n|---|--:|--:|--:|--:|---|\n");
    let mut details = String::new();
    let mut shown = 0;
    for f in &diff.files {
        let relabelled = f.count(ChangeKind::Relabelled) + f.count(ChangeKind::MovedAndRelabelled);
        let mut notes = Vec::new();
        match f.status {
            FileStatus::Added => notes.push("new file".to_owned()),
            FileStatus::Removed => notes.push("deleted".to_owned()),
            FileStatus::Modified => {}
        }
        if f.head.as_ref().is_some_and(|s| s.problem.is_some()) {
            notes.push("⚠️ cannot be used".to_owned());
        } else if let Some(s) = f.head.as_ref().filter(|s| s.errors > 0) {
            notes.push(format!("⚠️ {}", plural(s.errors, "error")));
        }
        if f.text_changed {
            notes.push("text changed".to_owned());
        }
        let row = format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            code(&f.path),
            f.count(ChangeKind::Added),
            f.count(ChangeKind::Removed),
            f.count(ChangeKind::Moved) + f.count(ChangeKind::MovedAndRelabelled),
            relabelled,
            notes.join(", ")
        );
        let body = file_lines(f).join("\n");
        let fe = fence(&body);
        let block = format!(
            "<details><summary><code>{}</code>: {}</summary>\n\n{fe}diff\n{body}\n{fe}\n\n</details>\n",
            md_escape(&f.path),
            md_escape(&file_summary(f))
        );
        if out.len() + table.len() + details.len() + row.len() + block.len() + 300 > max_chars {
            break;
        }
        table.push_str(&row);
        details.push_str(&block);
        shown += 1;
    }
    out.push_str(&table);
    if shown < diff.files.len() {
        let _ = writeln!(
            out,
            "\n_{} more not shown to keep this comment under {max_chars} characters: run `cargo xtask diff --base {}` locally._",
            plural(diff.files.len() - shown, "file"),
            diff.base.name
        );
    }
    out.push('\n');
    out.push_str(&details);
    out
}

/// The changes as JSON (`schemas/diff.schema.json`, `kind: "revisions"`).
pub fn revisions_json(diff: &RevisionDiff) -> Value {
    let mut v = serde_json::to_value(diff).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("kind".into(), json!("revisions"));
        map.insert("version".into(), json!(JSON_VERSION));
    }
    v
}
