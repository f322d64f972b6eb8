//! CoNLL BIO export: the bytes, what is reported lost, and agreement with the metrics' token labels.

mod common;

use concord_agreement::spans::IdSpan;
use concord_agreement::tokens::token_categories;
use concord_convert::tokens::Tokenizer;
use concord_convert::{ErrorKind, Format, ReadOptions, conll};

#[test]
fn export_is_pinned_and_deterministic() {
    let input = common::input();
    let first = conll::export(&input, Tokenizer::Words).expect("exports");
    let second = conll::export(&input, Tokenizer::Words).expect("exports");
    assert_eq!(first, second);
    let names: Vec<_> = first.files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(names, ["alice.conll", "bob.conll", "carol.conll"]);
    insta::assert_snapshot!("conll_alice_words", first.files[0].contents);
    insta::assert_snapshot!("conll_bob_words", first.files[1].contents);
    assert_eq!(first.files[2].contents, format!("-DOCSTART- -X- -X- O\n\n{}", conll_plain_outside()));
    let notices: Vec<String> = first.notices.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("conll_notices_words", notices.join("\n"));
}

/// carol annotated the plain document and found nothing: every token is `O`.
fn conll_plain_outside() -> String {
    let text = common::PLAIN_TEXT;
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        for (s, e) in Tokenizer::Words.tokens(line) {
            let token: String = line.chars().skip(s).take(e - s).collect();
            out.push_str(&format!("{token} _ _ O\n"));
        }
        out.push('\n');
    }
    out
}

#[test]
fn punctuation_tokens_on_request() {
    let out = conll::export(&common::input(), Tokenizer::WordsAndPunctuation).expect("exports");
    insta::assert_snapshot!("conll_alice_punctuation", out.files[0].contents);
    // “ISIS” is three tokens now; the quotes stay outside the span.
    assert!(out.files[0].contents.contains("“ _ _ O\nISIS _ _ B-MILITANT_GROUP\n” _ _ O\n"));
}

#[test]
fn tags_match_the_metrics_token_labels() {
    let input = common::input();
    let out = conll::export(&input, Tokenizer::Words).expect("exports");
    let labels: Vec<&str> = input.labels.labels.iter().map(|l| l.name.as_str()).collect();
    let mut order: Vec<u32> = vec![0; labels.len()];
    let mut by_name: Vec<usize> = (0..labels.len()).collect();
    by_name.sort_by_key(|&i| labels[i]);
    for (rank, &i) in by_name.iter().enumerate() {
        order[i] = u32::try_from(rank).expect("few labels");
    }
    for (file, annotator) in out.files.iter().zip(["alice", "bob"]) {
        let tags: Vec<&str> = file
            .contents
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("-DOCSTART-"))
            .map(|l| l.rsplit(' ').next().expect("a tag"))
            .collect();
        let mut expected = Vec::new();
        for doc in &input.documents {
            let Some(spans) = doc.by_annotator.get(annotator) else { continue };
            let ids: Vec<IdSpan> = spans
                .iter()
                .map(|s| IdSpan {
                    start: s.start,
                    end: s.end,
                    label: u32::try_from(labels.iter().position(|l| *l == s.label).expect("known")).expect("few"),
                })
                .collect();
            let tokens = Tokenizer::Words.tokens(doc.text.as_str());
            for category in token_categories(&tokens, &ids, &order) {
                expected.push(if category == 0 { "O".to_owned() } else { labels[category as usize - 1].to_owned() });
            }
        }
        let got: Vec<String> = tags.iter().map(|t| t.get(2..).unwrap_or("O").to_owned()).collect();
        assert_eq!(got, expected, "{annotator}");
    }
}

#[test]
fn conll_cannot_be_imported() {
    let e = concord_convert::read(
        Format::Conll,
        std::path::Path::new("x.conll"),
        &common::corpus(),
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.message.contains("export only"), "{e}");
}
