//! Tokens for the token-based formats (CoNLL, WebAnno TSV, spaCy's `tokens`).
//!
//! [`Tokenizer::Words`] is the metrics' tokenizer ([`concord_schema::text::word_tokens`]: runs of
//! `\w`), so a CoNLL export carries exactly the tokens the agreement figures are computed on.
//! [`Tokenizer::WordsAndPunctuation`] adds every other non-space character as a token of its
//! own, as NER toolkits expect (`ISIS` `’` `s`), so no character of a span falls between tokens.
//!
//! Sentences are lines ([`line_sentences`]): the corpus has one paragraph per line and concord
//! splits no sentences, so every token format groups its tokens the same way.

use std::ops::Range;

use concord_schema::text::{is_word_char, word_tokens};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tokenizer {
    /// Runs of word characters only (the metrics' tokens).
    #[default]
    Words,
    /// Runs of word characters, and each other non-whitespace character alone.
    WordsAndPunctuation,
}

impl Tokenizer {
    pub const ALL: [Tokenizer; 2] = [Tokenizer::Words, Tokenizer::WordsAndPunctuation];

    pub fn name(self) -> &'static str {
        match self {
            Tokenizer::Words => "words",
            Tokenizer::WordsAndPunctuation => "words-and-punctuation",
        }
    }

    /// One line for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            Tokenizer::Words => "The metrics' tokens: runs of word characters",
            Tokenizer::WordsAndPunctuation => "Also every punctuation character as a token of its own",
        }
    }

    /// Tokens of `text` as code-point ranges `[start, end)`, ascending, non-overlapping.
    pub fn tokens(self, text: &str) -> Vec<(usize, usize)> {
        match self {
            Tokenizer::Words => word_tokens(text),
            Tokenizer::WordsAndPunctuation => {
                let mut out = Vec::new();
                let mut run = None;
                for (i, c) in text.chars().enumerate() {
                    if is_word_char(c) {
                        run.get_or_insert(i);
                        continue;
                    }
                    if let Some(s) = run.take() {
                        out.push((s, i));
                    }
                    if !c.is_whitespace() {
                        out.push((i, i + 1));
                    }
                }
                if let Some(s) = run {
                    out.push((s, text.chars().count()));
                }
                out
            }
        }
    }
}

/// The sentences of `text` as the token formats write them: one per line that has tokens, in
/// order, each the range of indices into `tokens` (code-point ranges of `text`, ascending) on that
/// line. A token belongs to the line its first code point is on.
pub(crate) fn line_sentences(text: &str, tokens: &[(usize, usize)]) -> Vec<Range<usize>> {
    let line_breaks: Vec<usize> = text.chars().enumerate().filter(|(_, c)| *c == '\n').map(|(i, _)| i).collect();
    let line_of = |offset: usize| line_breaks.partition_point(|&b| b < offset);
    let mut sentences: Vec<Range<usize>> = Vec::new();
    for (i, &(start, _)) in tokens.iter().enumerate() {
        match sentences.last_mut() {
            Some(s) if line_of(tokens[s.start].0) == line_of(start) => s.end = i + 1,
            _ => sentences.push(i..i + 1),
        }
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_tokens_are_single_characters() {
        let text = "“ISIS’s” — Quetta… 😀";
        assert_eq!(Tokenizer::Words.tokens(text), vec![(1, 5), (6, 7), (11, 17)]);
        assert_eq!(
            Tokenizer::WordsAndPunctuation.tokens(text),
            vec![(0, 1), (1, 5), (5, 6), (6, 7), (7, 8), (9, 10), (11, 17), (17, 18), (19, 20)]
        );
    }

    #[test]
    fn sentences_are_the_lines_that_have_tokens() {
        let text = "A b.\n\n  C\nd😀 e\n";
        let tokens = Tokenizer::WordsAndPunctuation.tokens(text);
        assert_eq!(line_sentences(text, &tokens), vec![0..3, 3..4, 4..7]);
        assert!(line_sentences(" \n\n", &Tokenizer::Words.tokens(" \n\n")).is_empty());
    }
}
