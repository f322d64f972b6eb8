//! CoNLL-2003 style BIO export (export only).
//!
//! One file per annotator, `<annotator>.conll`, documents in id order, each opened by
//! `-DOCSTART- -X- -X- O` and a blank line. A sentence is a line of the document that has tokens
//! ([`line_sentences`], the rule WebAnno TSV's export shares), followed by a blank line. A token line is
//! `TOKEN _ _ TAG`: CoNLL-2003's four columns, the part-of-speech and chunk columns left `_`.
//! Tags are IOB2 (`B-` opens every span, so adjacent spans of one label stay two).
//!
//! Design choices:
//! - **Tokens are the metrics' tokens** by default ([`Tokenizer::Words`]), so the file carries
//!   exactly the tokens the agreement figures count; `--tokens words-and-punctuation` adds
//!   punctuation tokens, as NER toolkits usually expect.
//! - **A token takes the label of a span it shares a code point with; where several do, the
//!   first by (start ascending, end descending, label name ascending)**: the rule of
//!   `concord-agreement`'s token labels, so BIO and the token measures agree (tested).
//! - **Loss is counted and reported.** BIO has one tag per token, no offsets and no notes, so a
//!   nested or overlapping span loses the tokens another span took (or all of them), a span
//!   boundary inside a token widens to the whole token, and a span on no token (punctuation
//!   under the word tokenizer) disappears. Each kind is a [`Notice`] with a count and examples.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::export::{ExportDocument, ExportSpan};
use crate::notice::Notice;
use crate::tokens::{Tokenizer, line_sentences};
use crate::{ConvertError, ExportInput, Exported, OutputFile};

/// What the BIO tags cannot say, counted per annotator.
#[derive(Debug, Default)]
struct Losses {
    /// Spans left with no token at all: (document, span).
    vanished: Vec<(String, ExportSpan)>,
    /// Spans that lost some of their tokens to an earlier or longer span.
    clipped: Vec<(String, ExportSpan)>,
    /// Spans with a boundary inside a token (widened to the whole token).
    widened: Vec<(String, ExportSpan)>,
    notes: usize,
}

pub fn export(input: &ExportInput, tokenizer: Tokenizer) -> Result<Exported, ConvertError> {
    let mut files = Vec::new();
    let mut notices = Vec::new();
    for annotator in input.annotators() {
        let mut out = String::new();
        let mut losses = Losses::default();
        for doc in &input.documents {
            let Some(spans) = doc.by_annotator.get(annotator) else { continue };
            write_document(&mut out, doc, spans, tokenizer, &mut losses);
        }
        let path = PathBuf::from(format!("{annotator}.conll"));
        notices.extend(describe(&path, annotator, &losses));
        files.push(OutputFile { path, contents: out });
    }
    files.sort();
    Ok(Exported { files, notices })
}

fn write_document(
    out: &mut String,
    doc: &ExportDocument,
    spans: &[ExportSpan],
    tokenizer: Tokenizer,
    losses: &mut Losses,
) {
    out.push_str("-DOCSTART- -X- -X- O\n\n");
    let text = doc.text.as_str();
    let tokens = tokenizer.tokens(text);
    let owner = token_owners(&tokens, spans);
    for (i, span) in spans.iter().enumerate() {
        let mine = owner.iter().filter(|o| **o == Some(i)).count();
        let touched = tokens.iter().filter(|t| t.0 < span.end && span.start < t.1).count();
        if mine == 0 {
            losses.vanished.push((doc.id.clone(), span.clone()));
        } else if mine < touched {
            losses.clipped.push((doc.id.clone(), span.clone()));
        }
        let cuts = tokens.iter().any(|t| (t.0 < span.start && span.start < t.1) || (t.0 < span.end && span.end < t.1));
        if mine > 0 && cuts {
            losses.widened.push((doc.id.clone(), span.clone()));
        }
        losses.notes += usize::from(span.note.is_some());
    }
    for sentence in line_sentences(text, &tokens) {
        let mut previous: Option<usize> = None;
        for k in sentence {
            let (start, end) = tokens[k];
            let tag = match owner[k] {
                None => "O".to_owned(),
                Some(i) if previous == Some(i) => format!("I-{}", spans[i].label),
                Some(i) => format!("B-{}", spans[i].label),
            };
            previous = owner[k];
            let _ = writeln!(out, "{} _ _ {tag}", doc.text.slice(start, end).unwrap_or_default());
        }
        out.push('\n');
    }
}

/// For each token, the index of the span whose tag it carries (see the module doc).
fn token_owners(tokens: &[(usize, usize)], spans: &[ExportSpan]) -> Vec<Option<usize>> {
    let mut owner = vec![None; tokens.len()];
    let mut order: Vec<usize> = (0..spans.len()).filter(|&i| spans[i].start < spans[i].end).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&spans[a], &spans[b]);
        x.start.cmp(&y.start).then(y.end.cmp(&x.end)).then(x.label.cmp(&y.label))
    });
    for i in order {
        let span = &spans[i];
        let first = tokens.partition_point(|t| t.1 <= span.start);
        for (k, token) in tokens.iter().enumerate().skip(first) {
            if token.0 >= span.end {
                break;
            }
            owner[k].get_or_insert(i);
        }
    }
    owner
}

fn describe(path: &std::path::Path, annotator: &str, losses: &Losses) -> Vec<Notice> {
    let at = Some(crate::Location::file(path));
    let examples = |list: &[(String, ExportSpan)]| -> String {
        let shown: Vec<String> =
            list.iter().take(3).map(|(d, s)| format!("{d} [{}, {}) {}", s.start, s.end, s.label)).collect();
        let more = list.len().saturating_sub(shown.len());
        if more > 0 { format!("{}, and {more} more", shown.join("; ")) } else { shown.join("; ") }
    };
    let mut notices = Vec::new();
    for (list, what) in [
        (&losses.vanished, "have no token of their own in BIO (nested, overlapped, or on no word)"),
        (&losses.clipped, "lost tokens to an overlapping span"),
        (&losses.widened, "start or end inside a token and were widened to whole tokens"),
    ] {
        if !list.is_empty() {
            notices.push(Notice::new(
                at.clone(),
                format!("{annotator}: {} span(s) {what}: {}", list.len(), examples(list)),
            ));
        }
    }
    if losses.notes > 0 {
        notices.push(Notice::new(
            at,
            format!("{annotator}: {} note(s) dropped (BIO has no place for them)", losses.notes),
        ));
    }
    notices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: &str) -> ExportSpan {
        ExportSpan { start, end, label: label.into(), note: None }
    }

    #[test]
    fn adjacent_spans_of_one_label_each_open_with_b() {
        let tokens = Tokenizer::Words.tokens("Daesh TTP");
        let spans = [span(0, 5, "MILITANT_GROUP"), span(6, 9, "MILITANT_GROUP")];
        assert_eq!(token_owners(&tokens, &spans), vec![Some(0), Some(1)]);
    }

    #[test]
    fn the_earlier_then_longer_span_wins_a_token() {
        let tokens = Tokenizer::Words.tokens("ISIS Khorasan branch");
        let spans = [span(5, 13, "GPE"), span(0, 20, "MILITANT_GROUP")];
        assert_eq!(token_owners(&tokens, &spans), vec![Some(1), Some(1), Some(1)]);
    }
}
