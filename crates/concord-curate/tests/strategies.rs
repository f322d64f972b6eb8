//! Each strategy on a project, with the outcomes INCEpTION's documented rules give
//! (`shared/reference/curation-strategies.md`), and how places and the overlap policy decide
//! what is settled. The text has curly quotes, an emoji, a flag and U+2028 before the spans.

mod common;

use common::*;
use concord_schema::gold::{DecidedBy, GoldRecord};

fn spans(record: &GoldRecord) -> Vec<(String, String, Vec<String>)> {
    record.spans.iter().map(|s| (s.text.clone(), s.label.clone(), s.votes.clone())).collect()
}

fn questions(record: &GoldRecord) -> Vec<Vec<(String, String)>> {
    record.questions.iter().map(|q| q.candidates.iter().map(|c| (c.text.clone(), c.label.clone())).collect()).collect()
}

fn s(text: &str, label: &str, votes: &[&str]) -> (String, String, Vec<String>) {
    (text.to_owned(), label.to_owned(), votes.iter().map(|v| (*v).to_owned()).collect())
}

fn q(candidates: &[(&str, &str)]) -> Vec<(String, String)> {
    candidates.iter().map(|(t, l)| ((*t).to_owned(), (*l).to_owned())).collect()
}

#[test]
fn complete_merges_foo_foo_but_not_foo_none() {
    let p = Project::new();
    p.annotate("a", &[("ISIS", "MILITANT_GROUP"), ("Quetta", "GPE")]);
    p.annotate("b", &[("ISIS", "MILITANT_GROUP")]);
    p.curate(Some("complete"));
    let r = p.record();
    assert_eq!(spans(&r), [s("ISIS", "MILITANT_GROUP", &["a", "b"])]);
    assert_eq!(r.spans[0].decided, Some(DecidedBy::Rule));
    assert_eq!(questions(&r), [q(&[("Quetta", "GPE")])]);
    assert_eq!(r.curation.annotators, ["a", "b"]);
    assert_eq!(r.spans[0].start as usize, at("ISIS").0);
}

#[test]
fn an_empty_file_counts_against_complete_and_a_missing_one_does_not() {
    let p = Project::new();
    p.annotate("a", &[("Lahore", "GPE")]);
    p.annotate("b", &[("Lahore", "GPE")]);
    p.annotate("c", &[]);
    p.curate(Some("complete"));
    assert_eq!(questions(&p.record()), [q(&[("Lahore", "GPE")])]);
    std::fs::remove_dir_all(p.dir.path().join("gold")).expect("clean");
    p.remove("c");
    p.curate(Some("complete"));
    assert_eq!(spans(&p.record()), [s("Lahore", "GPE", &["a", "b"])]);
}

#[test]
fn incomplete_merges_agreement_among_those_who_marked() {
    let p = Project::new();
    // foo/foo/none: merged. foo/bar/none: not. 1 of 3: merged.
    p.annotate("a", &[("ISIS", "MILITANT_GROUP"), ("Quetta", "GPE"), ("Altaf Hussain", "PERSON")]);
    p.annotate("b", &[("ISIS", "MILITANT_GROUP"), ("Quetta", "LOC")]);
    p.annotate("c", &[]);
    p.curate(Some("incomplete"));
    let r = p.record();
    assert_eq!(spans(&r), [s("ISIS", "MILITANT_GROUP", &["a", "b"]), s("Altaf Hussain", "PERSON", &["a"])]);
    assert_eq!(questions(&r), [q(&[("Quetta", "GPE"), ("Quetta", "LOC")])]);
}

#[test]
fn threshold_two_against_one_at_half_takes_the_best() {
    let p = Project::new();
    p.annotate("a", &[("Quetta", "GPE")]);
    p.annotate("b", &[("Quetta", "GPE")]);
    p.annotate("c", &[("Quetta", "LOC")]);
    let mut options = p.options(Some("threshold"));
    options.min_share = Some(0.5);
    concord_curate::curate(&options).expect("curate");
    let r = p.record();
    assert_eq!(spans(&r), [s("Quetta", "GPE", &["a", "b"])]);
    assert!(r.questions.is_empty());
    assert_eq!(r.curation.min_share, Some(0.5));
}

#[test]
fn threshold_top_two_on_a_stacking_label_takes_both() {
    let p = Project::new();
    for a in ["a", "b", "c"] {
        p.annotate(a, &[("Quetta", "GPE")]);
    }
    for a in ["d", "e"] {
        p.annotate(a, &[("Quetta", "LOC")]);
    }
    let mut options = p.options(Some("threshold"));
    options.min_share = Some(0.4);
    options.top_n = Some(2);
    concord_curate::curate(&options).expect("curate");
    let r = p.record();
    assert_eq!(spans(&r), [s("Quetta", "GPE", &["a", "b", "c"]), s("Quetta", "LOC", &["d", "e"])]);
    assert!(r.questions.is_empty());
}

#[test]
fn threshold_one_against_one_top_two_both_top_one_open() {
    let p = Project::new();
    p.annotate("a", &[("Quetta", "GPE")]);
    p.annotate("b", &[("Quetta", "LOC")]);
    let mut options = p.options(Some("threshold"));
    options.min_share = Some(0.0);
    options.top_n = Some(2);
    concord_curate::curate(&options).expect("curate");
    assert_eq!(spans(&p.record()).len(), 2);
    std::fs::remove_dir_all(p.dir.path().join("gold")).expect("clean");
    p.curate(Some("majority"));
    let r = p.record();
    assert!(r.spans.is_empty());
    assert_eq!(questions(&r), [q(&[("Quetta", "GPE"), ("Quetta", "LOC")])]);
}

#[test]
fn threshold_top_two_where_a_label_forbids_overlap_takes_only_the_best() {
    let p = Project::new();
    for a in ["a", "b", "c"] {
        p.annotate(a, &[("ISIS", "MILITANT_GROUP")]);
    }
    for a in ["d", "e"] {
        p.annotate(a, &[("ISIS", "ORG")]);
    }
    let mut options = p.options(Some("threshold"));
    options.min_share = Some(0.4);
    options.top_n = Some(2);
    concord_curate::curate(&options).expect("curate");
    let r = p.record();
    assert_eq!(spans(&r), [s("ISIS", "MILITANT_GROUP", &["a", "b", "c"])]);
    assert!(r.questions.is_empty());
}

#[test]
fn min_votes_drops_lone_spans() {
    let p = Project::new();
    p.annotate("a", &[("Quetta", "GPE"), ("Lahore", "GPE")]);
    p.annotate("b", &[("Quetta", "GPE")]);
    let mut options = p.options(Some("threshold"));
    options.min_votes = Some(2);
    concord_curate::curate(&options).expect("curate");
    let r = p.record();
    assert_eq!(spans(&r), [s("Quetta", "GPE", &["a", "b"])]);
    assert!(r.questions.is_empty(), "a dropped candidate alone settles its place with nothing");
}

#[test]
fn boundary_variants_under_a_forbid_label_become_one_question() {
    // Incomplete accepts both positions, but together they break `forbid`: the place is asked.
    let p = Project::new();
    p.annotate("a", &[("Punjab", "ORG")]);
    p.annotate("b", &[("Punjab province", "ORG")]);
    p.curate(Some("incomplete"));
    let r = p.record();
    assert!(r.spans.is_empty());
    assert_eq!(questions(&r), [q(&[("Punjab", "ORG"), ("Punjab province", "ORG")])]);
    // Under `nest` the same two may stand together.
    let p = Project::new();
    p.annotate("a", &[("Punjab", "GPE")]);
    p.annotate("b", &[("Punjab province", "GPE")]);
    p.curate(Some("incomplete"));
    assert_eq!(p.record().spans.len(), 2);
}

#[test]
fn stacking_by_one_annotator_keeps_agreement_strategies_open() {
    let p = Project::new();
    p.annotate("a", &[("Quetta", "GPE"), ("Quetta", "LOC")]);
    p.annotate("b", &[("Quetta", "GPE")]);
    p.curate(Some("incomplete"));
    let r = p.record();
    assert!(r.spans.is_empty());
    assert_eq!(questions(&r), [q(&[("Quetta", "GPE"), ("Quetta", "LOC")])]);
}

#[test]
fn identical_annotators_give_their_spans_with_nothing_open() {
    let p = Project::new();
    let all = [("ISIS", "MILITANT_GROUP"), ("Quetta", "GPE"), ("Lahore", "GPE"), ("Altaf Hussain", "PERSON")];
    for a in ["a", "b", "c", "d", "e", "f", "g"] {
        p.annotate(a, &all);
    }
    for strategy in ["complete", "incomplete", "threshold", "majority", "unanimous"] {
        let _ = std::fs::remove_dir_all(p.dir.path().join("gold"));
        p.curate(Some(strategy));
        let r = p.record();
        assert!(r.questions.is_empty(), "{strategy}");
        let got: Vec<(String, String)> = r.spans.iter().map(|s| (s.text.clone(), s.label.clone())).collect();
        let want: Vec<(String, String)> = all.iter().map(|(t, l)| ((*t).to_owned(), (*l).to_owned())).collect();
        assert_eq!(got, want, "{strategy}");
        assert!(r.spans.iter().all(|s| s.votes.len() == 7));
    }
}

#[test]
fn annotator_globs_select_and_typos_are_errors() {
    let p = Project::new();
    p.annotate("pilot-1", &[("Quetta", "GPE")]);
    p.annotate("pilot-2", &[("Quetta", "GPE")]);
    p.annotate("other", &[("Lahore", "GPE")]);
    let mut options = p.options(Some("complete"));
    options.annotators = vec!["pilot-*".into()];
    let run = concord_curate::curate(&options).expect("curate");
    assert_eq!(run.annotators, ["pilot-1", "pilot-2"]);
    assert_eq!(spans(&p.record()), [s("Quetta", "GPE", &["pilot-1", "pilot-2"])]);
    options.annotators = vec!["pilto-*".into()];
    assert!(matches!(concord_curate::curate(&options), Err(concord_curate::CurateError::NoSuchAnnotator(_))));
}

#[test]
fn invalid_files_are_left_out_and_counted() {
    let p = Project::new();
    p.annotate("a", &[("Quetta", "GPE")]);
    p.annotate("b", &[("Quetta", "NOT_A_LABEL")]);
    let run = p.curate(Some("complete"));
    assert!(run.errors_left_out >= 1);
    // b's bad span is left out; b still annotated the document, so `complete` asks.
    let r = p.record();
    assert!(r.spans.is_empty());
    assert_eq!(questions(&r), [q(&[("Quetta", "GPE")])]);
    assert_eq!(r.questions[0].candidates[0].votes, ["a"]);
}

#[test]
fn dry_run_writes_nothing() {
    let p = Project::new();
    p.annotate("a", &[("Quetta", "GPE")]);
    let mut options = p.options(None);
    options.dry_run = true;
    let run = concord_curate::curate(&options).expect("curate");
    assert!(run.documents[0].created && run.documents[0].changed);
    assert!(!p.gold_path().exists());
}

#[test]
fn a_line_separator_inside_a_span_is_escaped_and_reads_back() {
    let p = Project::new();
    p.annotate("a", &[("Quetta\u{2028}and Lahore", "LOC")]);
    p.annotate("b", &[("Quetta\u{2028}and Lahore", "LOC")]);
    let run = p.curate(Some("complete"));
    assert!(p.gold().contains("text: \"Quetta\\Land Lahore\""), "{}", p.gold());
    assert_eq!(spans(&p.record()), [s("Quetta\u{2028}and Lahore", "LOC", &["a", "b"])]);
    assert_eq!(run.errors_left_out, 0);
}
