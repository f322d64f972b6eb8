//! Seeded synthetic corpora for benchmarks and the Python cross-check.
//!
//! Design choices:
//! - News-like text with curly quotes, dashes, ellipses and apostrophes, so that code-point
//!   offsets differ from byte offsets everywhere.
//! - A hidden "gold" annotation per document (spans on word boundaries, one to three tokens,
//!   occasionally nested or crossing) that every annotator copies with noise: shifted
//!   boundaries (partial overlaps, also inside words), swapped labels, dropped and spurious
//!   spans. Some annotators have no file for some documents, and some files are empty, so the
//!   "not annotated" and "annotated, found nothing" paths are exercised.
//! - Deterministic for a seed (SplitMix64), independent of threads.
//! - The pieces — the vocabulary ([`news_text`]) and the noisy copy of a hidden annotation
//!   ([`noisy_copy`]) — are shared with [`crowd`], the crowd-project generator, so both kinds of
//!   synthetic data have the same text and the same kinds of noise. [`corpus`] draws from them in
//!   the same order as before they were split out: its output (which the frozen cross-check
//!   figures depend on) is unchanged.

pub mod crowd;
pub mod write;

use std::collections::BTreeMap;

use concord_gamma::rng::SplitMix64;
use concord_schema::text::word_tokens;
use concord_schema::{AnnotationSet, DocumentAnnotations, Span, Text};

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthOptions {
    pub seed: u64,
    pub documents: usize,
    pub annotators: usize,
    /// Gold spans per document (each annotator has about as many).
    pub spans: usize,
    /// Words per document.
    pub words: usize,
    pub labels: Vec<String>,
    /// Probability that an annotator has no file for a document.
    pub missing: f64,
    /// Probability that an annotator's file for a document is empty.
    pub empty: f64,
    /// Probability of each kind of noise per span.
    pub noise: f64,
}

impl Default for SynthOptions {
    fn default() -> SynthOptions {
        SynthOptions {
            seed: 1,
            documents: 1000,
            annotators: 3,
            spans: 30,
            words: 300,
            labels: ["PERSON", "MILITANT_GROUP", "STATE_BODY", "ORGANIZATION", "GPE", "LOCATION", "FACILITY", "EVENT"]
                .map(str::to_owned)
                .to_vec(),
            missing: 0.05,
            empty: 0.02,
            noise: 0.15,
        }
    }
}

const WORDS: &[&str] = &[
    "Pakistan",
    "ISIS",
    "Daesh’s",
    "army",
    "said",
    "the",
    "attack",
    "—",
    "“Quetta”",
    "in",
    "…",
    "al-Qaeda",
    "officials’",
    "2014",
    "ISPR",
    "and",
    "Balochistan",
    "Karachi",
    "police",
    "reported",
    "Jamaat-ul-Ahrar",
    "“a",
    "threat”",
    "Mastung…",
    "on",
    "Tuesday,",
    "TTP",
    "militants",
    "–",
    "Khyber",
    "Pakhtunkhwa",
    "’s",
];

/// `words` words drawn from the news-like vocabulary, joined by spaces.
pub(crate) fn news_text(rng: &mut SplitMix64, words: usize) -> String {
    let words: Vec<&str> = (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    words.join(" ")
}

/// The label with index `i` (wrapping), or `X` when there are no labels.
pub(crate) fn label_at(labels: &[String], i: usize) -> String {
    labels.get(i % labels.len().max(1)).cloned().unwrap_or_else(|| "X".to_owned())
}

/// One annotator's copy of the hidden annotation `gold`: each span dropped, its start or end
/// shifted by up to four code points (clamped to `[0, length]`), or its label swapped, each with
/// probability `noise`; then `extra` spurious one-token spans. Sorted, duplicates removed.
/// The random draws are taken in a fixed order, so a seed gives the same copy everywhere.
pub(crate) fn noisy_copy(
    rng: &mut SplitMix64,
    gold: &[Span],
    tokens: &[(usize, usize)],
    length: usize,
    noise: f64,
    extra: usize,
    labels: &[String],
) -> Vec<Span> {
    let nl = labels.len().max(1);
    let mut spans = Vec::with_capacity(gold.len() + extra);
    for g in gold {
        if rng.uniform() < noise {
            continue; // dropped
        }
        let mut s = g.clone();
        if rng.uniform() < noise {
            let shift = rng.below(5);
            if rng.uniform() < 0.5 {
                s.start = s.start.saturating_sub(shift);
            } else {
                s.end = (s.end + shift).min(length);
            }
        }
        if rng.uniform() < noise {
            s.label = label_at(labels, rng.below(nl));
        }
        spans.push(s);
    }
    for _ in 0..extra {
        if tokens.is_empty() {
            break;
        }
        let t = rng.below(tokens.len());
        spans.push(Span::new(tokens[t].0, tokens[t].1, label_at(labels, rng.below(nl))));
    }
    spans.sort();
    spans.dedup();
    spans
}

/// A synthetic corpus.
pub fn corpus(options: &SynthOptions) -> AnnotationSet {
    let mut rng = SplitMix64::new(options.seed);
    let annotators: Vec<String> =
        (0..options.annotators).map(|i| format!("annotator-{}", (b'a' + (i % 26) as u8) as char)).collect();
    let nl = options.labels.len().max(1);
    let mut documents = Vec::with_capacity(options.documents);
    for d in 0..options.documents {
        let text = news_text(&mut rng, options.words);
        let tokens = word_tokens(&text);
        let length = text.chars().count();
        let mut gold: Vec<Span> = Vec::new();
        if !tokens.is_empty() {
            for _ in 0..options.spans {
                let first = rng.below(tokens.len());
                let last = (first + rng.below(3)).min(tokens.len() - 1);
                gold.push(Span::new(tokens[first].0, tokens[last].1, label_at(&options.labels, rng.below(nl))));
            }
        }
        let mut by_annotator = BTreeMap::new();
        for a in &annotators {
            if rng.uniform() < options.missing {
                continue;
            }
            if rng.uniform() < options.empty {
                by_annotator.insert(a.clone(), Vec::new());
                continue;
            }
            let extra = (options.noise * options.spans as f64 / 2.0) as usize;
            let spans = noisy_copy(&mut rng, &gold, &tokens, length, options.noise, extra, &options.labels);
            by_annotator.insert(a.clone(), spans);
        }
        documents.push(DocumentAnnotations { id: format!("{d:04}_synthetic"), text: Text::new(text), by_annotator });
    }
    AnnotationSet::new(options.labels.clone(), documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_shaped() {
        let o = SynthOptions { documents: 20, ..SynthOptions::default() };
        let a = corpus(&o);
        let b = corpus(&o);
        assert_eq!(a.documents.len(), 20);
        assert_eq!(a.annotators, ["annotator-a", "annotator-b", "annotator-c"]);
        for (x, y) in a.documents.iter().zip(&b.documents) {
            assert_eq!(x.by_annotator, y.by_annotator);
            assert!(!x.text.as_str().is_ascii());
            for spans in x.by_annotator.values() {
                assert!(spans.iter().all(|s| s.start < s.end && s.end <= x.text.len_chars()));
            }
        }
    }
}
