//! Rendering diagnostics: rustc-style text (annotate-snippets, the renderer rustc uses), with
//! the YAML line and the corpus text side by side; JSON Lines; GitHub workflow commands.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity};

/// Byte range of `width` code points from 1-based code-point `column` in `line`.
fn byte_range(line: &str, column: u32, width: u32) -> std::ops::Range<usize> {
    let col = column.saturating_sub(1) as usize;
    let start = line.char_indices().nth(col).map_or(line.len(), |(b, _)| b);
    let end = line[start..].char_indices().nth(width.max(1) as usize).map_or(line.len(), |(b, _)| start + b);
    start..end
}

/// One diagnostic in the rustc style. `color` adds ANSI colours.
pub fn render_text(d: &Diagnostic, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let file = d.file.display().to_string();
    let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
    let mut group = Group::with_title(title);
    match &d.source_line {
        Some(line) if d.line > 0 => {
            let range = byte_range(line, d.column, d.width);
            let mut annotation = AnnotationKind::Primary.span(range);
            if let Some(label) = &d.label {
                annotation = annotation.label(label.as_str());
            }
            group = group.element(
                Snippet::source(line.as_str()).line_start(d.line as usize).path(file.as_str()).annotation(annotation),
            );
        }
        _ => {
            let mut origin = annotate_snippets::Origin::path(file.as_str());
            if d.line > 0 {
                origin = origin.line(d.line as usize).char_column(d.column as usize);
            }
            group = group.element(origin);
        }
    }
    let corpus_path;
    let corpus_source;
    if let Some(c) = &d.corpus {
        corpus_path = c.path.display().to_string();
        let width = u32::try_from(c.end.saturating_sub(c.start)).unwrap_or(u32::MAX);
        // A window of a long line is put back at its column (padded with spaces) only now, for
        // rendering, so that the location printed is the document's and no diagnostic carries
        // a copy of a whole long line.
        corpus_source = format!("{}{}", " ".repeat(c.source_column.saturating_sub(1)), c.source_line);
        let range = byte_range(&corpus_source, u32::try_from(c.column).unwrap_or(1), width);
        group = group.element(
            Snippet::source(corpus_source.as_str())
                .line_start(c.line)
                .path(corpus_path.as_str())
                .annotation(AnnotationKind::Context.span(range).label(c.label.as_str())),
        );
    }
    for help in &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    // Corpus lines can be thousands of characters: cut them around the span.
    renderer.term_width(120).render(&[group])
}

/// One JSON object on one line (the JSON Lines of `--format json`; see schemas/diagnostic.schema.json).
pub fn render_json(d: &Diagnostic) -> String {
    serde_json::to_string(d).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// A GitHub Actions workflow command, so the PR shows the finding on the offending line.
pub fn render_github(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let esc_prop = |s: &str| {
        s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A").replace(':', "%3A").replace(',', "%2C")
    };
    let esc_msg = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        message.push_str(&format!(" ({label})"));
    }
    for h in &d.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    let mut props = format!("file={}", esc_prop(&d.file.display().to_string()));
    if d.line > 0 {
        props.push_str(&format!(",line={},col={}", d.line, d.column));
    }
    props.push_str(&format!(",title={}", esc_prop(&format!("{} {}", d.code.as_str(), d.name))));
    format!("::{kind} {props}::{}", esc_msg(&message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_corpus_line_is_kept_as_a_window_but_rendered_at_its_place() {
        let text = format!("{}“ISIS” here{}", "word — ".repeat(500), " and more…".repeat(300));
        let doc = concord_schema::Document::from_text("d", text);
        let start = 3501; // after the opening quote
        let c = crate::diagnostic::CorpusRef::new(&doc, start, start + 4, "this");
        assert!(c.source_line.chars().count() <= 4 + 2 * 100, "a window, not the whole line");
        let d = crate::Diagnostic::new(crate::Code::TextMismatch, "a/d.yaml", 0, 0, "m").corpus(c);
        let out = render_text(&d, false);
        assert!(out.contains("d.txt:1:3502"), "{out}");
        assert!(out.contains("“ISIS” here"), "{out}");
    }

    #[test]
    fn byte_range_counts_code_points() {
        assert_eq!(byte_range("a: “ISIS”", 5, 4), 6..10);
        assert_eq!(byte_range("ab", 9, 1), 2..2);
    }
}
