//! Tokens for the token-based formats (CoNLL, WebAnno TSV, spaCy's `tokens`).
//!
//! [`Tokenizer::Words`] is the metrics' tokenizer ([`concord_schema::text::word_tokens`]: runs of
//! `\w`), so a CoNLL export carries exactly the tokens the agreement figures are computed on.
//! [`Tokenizer::WordsAndPunctuation`] adds every other non-space character as a token of its
//! own, as NER toolkits expect (`ISIS` `’` `s`), so no character of a span falls between tokens.

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
}
