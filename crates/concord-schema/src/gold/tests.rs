//! Tests of the positioned decode of gold files, on the example of docs/curation.md and on odd input.

use super::*;
use crate::yaml;

const EXAMPLE: &str = "\
# yaml-language-server: $schema=../schemas/gold.schema.json
document: d1
curation:
  strategy: threshold
  min_votes: 1
  min_share: 0.75
  top_n: 1
  annotators: [annotator-a, annotator-b]
spans:
  - start: 3
    end: 7
    text: “x”
    label: GPE
    votes: [annotator-a, annotator-b]
    decided: rule
questions:
  - candidates:
      - start: 10
        end: 16
        text: Punjab
        label: GPE
        votes: [annotator-a]
        decision: accept
      - start: 10
        end: 25
        text: Punjab province
        label: GPE
        votes: [annotator-b]
        stale: true
rejected:
  - start: 0
    end: 4
    text: ISIS
    label: PERSON
    votes: []
";

#[test]
fn decodes_every_section_with_positions() {
    let tree = yaml::parse(EXAMPLE).expect("yaml");
    let file = GoldFile::decode(&tree);
    assert_eq!(file.document.as_ref().map(|f| f.value), Some("d1"));
    let curation = file.curation.as_ref().expect("curation");
    assert_eq!(curation.strategy.as_ref().map(|f| f.value), Some(StrategyName::Threshold));
    assert_eq!(curation.min_share.as_ref().map(|f| f.value), Some(0.75));
    assert_eq!(curation.annotator_names().collect::<Vec<_>>(), ["annotator-a", "annotator-b"]);
    let entries: Vec<&GoldEntry<'_>> = file.entries().collect();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[0].span.range(), Some((3, 7)));
    assert_eq!(entries[0].decided.as_ref().map(|f| f.value), Some(DecidedBy::Rule));
    // `votes: [annotator-a, annotator-b]` on line 14: the second name at column 26.
    let votes = entries[0].votes.as_ref().expect("votes");
    assert_eq!((votes.key.line, votes.key.column), (14, 5));
    assert_eq!((votes.value[1].at.line, votes.value[1].at.column), (14, 26));
    assert_eq!(entries[1].section, GoldSection::Candidate { question: 0 });
    assert_eq!(entries[1].decision.as_ref().map(|f| (f.value, f.at.line)), Some((Decision::Accept, 23)));
    assert!(entries[2].is_marked_stale() && !entries[2].is_decided());
    assert_eq!(entries[3].section, GoldSection::Rejected);
    assert!(entries[3].is_decided() && entries[3].vote_names().next().is_none());
    let gold: Vec<_> = file.gold_entries().map(|e| e.span.range()).collect();
    assert_eq!(gold, [Some((3, 7)), Some((10, 16))], "spans and accepted candidates");
    let question = file.questions().next().expect("question");
    assert_eq!((question.open_candidates(), question.is_open()), (1, true));
    assert_eq!(question.node.start.line, 17);
}

#[test]
fn wrong_types_are_left_to_the_schema() {
    let src = "document: 3\ncuration: x\nspans:\n  - start: 1\n    votes: annotator-a\n    decided: maybe\n    stale: yes\nquestions: {}\n";
    let tree = yaml::parse(src).expect("yaml");
    let file = GoldFile::decode(&tree);
    assert_eq!(file.document, None);
    assert!(file.curation.is_none() && file.questions.is_none() && file.rejected.is_none());
    let span = &file.spans.as_ref().expect("spans").items[0];
    assert_eq!((span.votes.is_none(), span.decided.is_none(), span.stale.is_none()), (true, true, true));
    assert_eq!(span.span.start.as_ref().map(|f| f.value), Some(1));
}

#[test]
fn an_empty_or_odd_file_decodes_to_nothing() {
    for src in ["", "[]", "42", "spans: []\nspans: [{start: 1}]\n"] {
        let tree = yaml::parse(src).expect("yaml");
        let file = GoldFile::decode(&tree);
        assert_eq!(file.entries().count(), 0, "{src:?}");
    }
}

#[test]
fn the_example_reads_as_a_record_too() {
    let record: GoldRecord = serde_yaml::from_str(EXAMPLE).expect("serde reads it");
    assert_eq!(record.questions[0].candidates[1].stale, Some(true));
    assert!(EXAMPLE.starts_with(SCHEMA_COMMENT));
}
