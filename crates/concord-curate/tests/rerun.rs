//! Re-runs: nothing changes when nothing changed, decisions survive annotators' edits,
//! closed questions move, stale decisions are marked, comments stay, unsafe files are refused.

mod common;

use common::*;
use concord_schema::gold::DecidedBy;

fn setup() -> Project {
    let p = Project::new();
    p.annotate("a", &[("ISIS", "MILITANT_GROUP"), ("Quetta", "GPE"), ("Altaf Hussain", "PERSON")]);
    p.annotate("b", &[("ISIS", "MILITANT_GROUP"), ("Quetta", "LOC")]);
    p.curate(Some("complete"));
    p
}

#[test]
fn rerun_on_an_unchanged_tree_is_byte_identical() {
    let p = setup();
    let first = p.gold();
    let run = p.curate(None);
    assert_eq!(p.gold(), first);
    assert!(!run.documents[0].changed);
    assert_eq!(run.documents[0].tally.open_questions, 2);
}

#[test]
fn closed_questions_move_and_comments_survive() {
    let p = setup();
    let gold = p.gold();
    // The curator answers the Quetta question and comments the file.
    let edited = gold
        .replacen("spans:\n", "# reviewed by the curator\nspans:   # the gold\n", 1)
        .replacen(
            "        label: GPE\n        votes: [a]\n",
            "        label: GPE\n        votes: [a]\n        decision: accept  # a city\n",
            1,
        )
        .replacen(
            "        label: LOC\n        votes: [b]\n",
            "        label: LOC\n        votes: [b]\n        decision: reject\n",
            1,
        );
    assert_ne!(edited, gold);
    p.set_gold(&edited);
    let run = p.curate(None);
    assert_eq!(run.documents[0].tally.questions_closed, 1);
    let text = p.gold();
    assert!(text.contains("# reviewed by the curator\nspans:   # the gold\n"), "{text}");
    let r = p.record();
    let quetta = r.spans.iter().find(|s| s.text == "Quetta").expect("moved into spans");
    assert_eq!((quetta.label.as_str(), quetta.decided), ("GPE", Some(DecidedBy::Curator)));
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].label, "LOC");
    assert_eq!(r.questions.len(), 1);
    // Settled: a second run changes nothing.
    let settled = p.gold();
    p.curate(None);
    assert_eq!(p.gold(), settled);
}

#[test]
fn decisions_are_kept_and_marked_stale_when_annotators_change() {
    let p = setup();
    let edited = p.gold().replacen("        votes: [a]\n", "        votes: [a]\n        decision: accept\n", 1);
    p.set_gold(&edited);
    // Now b agrees on ISIS no more, and a drops Quetta GPE: both decisions stand, marked stale.
    p.annotate("a", &[("ISIS", "MILITANT_GROUP"), ("Altaf Hussain", "PERSON")]);
    p.annotate("b", &[("Quetta", "LOC")]);
    let run = p.curate(None);
    let r = p.record();
    let isis = r.spans.iter().find(|s| s.text == "ISIS").expect("rule span kept");
    assert_eq!(isis.stale, Some(true));
    // The question still has an open candidate (b's LOC), so the accepted GPE stays in it.
    let quetta = r.questions[0].candidates.iter().find(|c| c.label == "GPE").expect("decision kept");
    assert_eq!((quetta.decision, quetta.stale), (Some(concord_schema::gold::Decision::Accept), Some(true)));
    assert!(run.documents[0].tally.marked_stale >= 2);
    let again = p.gold();
    p.curate(None);
    assert_eq!(p.gold(), again, "stale marks are not added twice");
}

#[test]
fn rule_votes_are_refreshed_and_new_candidates_asked() {
    let p = setup();
    p.annotate("c", &[("ISIS", "MILITANT_GROUP"), ("Lahore", "GPE")]);
    let run = p.curate(None);
    let r = p.record();
    assert_eq!(r.spans[0].votes, ["a", "b", "c"]);
    assert_eq!(r.curation.annotators, ["a", "b", "c"]);
    assert!(r.questions.iter().any(|q| q.candidates.iter().any(|c| c.text == "Lahore")));
    assert_eq!(run.documents[0].tally.votes_refreshed, 1);
}

#[test]
fn candidates_nobody_has_any_more_leave_their_question() {
    let p = setup();
    p.annotate("a", &[("ISIS", "MILITANT_GROUP"), ("Quetta", "GPE")]);
    p.curate(None);
    let r = p.record();
    assert!(!r.questions.iter().flat_map(|q| &q.candidates).any(|c| c.text == "Altaf Hussain"));
    assert_eq!(r.questions.len(), 1);
}

#[test]
fn a_rejected_candidate_is_never_proposed_again() {
    let p = setup();
    let edited = p.gold().replacen(
        "        label: PERSON\n        votes: [a]\n",
        "        label: PERSON\n        votes: [a]\n        decision: reject\n",
        1,
    );
    p.set_gold(&edited);
    p.curate(None);
    // Even a strategy that would accept it now leaves it rejected.
    p.curate(Some("incomplete"));
    let r = p.record();
    assert!(r.rejected.iter().any(|s| s.text == "Altaf Hussain"));
    assert!(!r.spans.iter().any(|s| s.text == "Altaf Hussain"));
    assert_eq!(r.curation.strategy, concord_schema::gold::StrategyName::Incomplete);
}

#[test]
fn a_flow_mapping_that_needs_a_key_is_refused_and_nothing_is_written() {
    let p = setup();
    let gold = p.gold();
    let start = gold.find("  - start:").expect("a span");
    let end = gold[start..].find("questions:").expect("questions") + start;
    let (s, e) = at("ISIS");
    let flow =
        format!("  - {{start: {s}, end: {e}, text: ISIS, label: MILITANT_GROUP, votes: [a, b], decided: rule}}\n");
    let edited = format!("{}{flow}{}", &gold[..start], &gold[end..]);
    p.set_gold(&edited);
    p.annotate("b", &[]);
    let err = concord_curate::curate(&p.options(None)).expect_err("refused");
    let message = err.to_string();
    assert!(message.contains("gold/d1.yaml:8:5: cannot edit"), "{message}");
    assert_eq!(p.gold(), edited);
}

#[test]
fn a_broken_gold_file_is_reported_with_its_place() {
    let p = setup();
    p.set_gold(&p.gold().replacen("decided: rule", "decided: robot", 1));
    let err = concord_curate::curate(&p.options(None)).expect_err("bad gold");
    assert!(err.to_string().contains("gold/d1.yaml:8:5:"), "{err}");
    p.set_gold("");
    assert!(concord_curate::curate(&p.options(None)).is_err());
}

#[test]
fn crlf_files_stay_crlf() {
    let p = setup();
    p.set_gold(&p.gold().replace('\n', "\r\n"));
    p.annotate("c", &[("Lahore", "GPE")]);
    p.curate(None);
    let text = p.gold();
    assert!(!text.replace("\r\n", "").contains('\n'), "{text:?}");
    assert!(p.record().questions.iter().any(|q| q.candidates.iter().any(|c| c.text == "Lahore")));
}

#[test]
fn a_new_candidate_of_the_last_question_and_a_new_rejected_list_keep_their_order() {
    let p = setup();
    let edited = p
        .gold()
        .replacen(
            "        label: GPE\n        votes: [a]\n",
            "        label: GPE\n        votes: [a]\n        decision: accept\n",
            1,
        )
        .replacen(
            "        label: LOC\n        votes: [b]\n",
            "        label: LOC\n        votes: [b]\n        decision: reject\n",
            1,
        );
    p.set_gold(&edited);
    p.annotate("b", &[("ISIS", "MILITANT_GROUP"), ("Quetta", "LOC"), ("Altaf", "PERSON")]);
    p.curate(None);
    let r = p.record();
    assert_eq!(r.rejected.len(), 1);
    let last: Vec<&str> = r.questions[0].candidates.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(last, ["Altaf", "Altaf Hussain"]);
    let settled = p.gold();
    p.curate(None);
    assert_eq!(p.gold(), settled);
}
