//! The tables of INCEpTION's guide and the cases of its `ThresholdBasedMergeStrategyTest`.

use super::*;

fn pos<'a>(labels: &'a [(&'a str, usize)], annotators: usize, stacking_allowed: bool) -> PositionVotes<'a> {
    PositionVotes { labels, stacked: false, annotators, stacking_allowed }
}

fn settled(labels: &[&str]) -> PositionOutcome {
    PositionOutcome::Settled(labels.iter().map(|l| (*l).to_owned()).collect())
}

fn threshold(min_votes: u64, min_share: f64, top_n: u64) -> CurationStrategy {
    CurationStrategy::Threshold(ThresholdParams { min_votes, min_share, top_n })
}

#[test]
fn complete_needs_every_annotator() {
    let c = CurationStrategy::Complete;
    assert_eq!(c.decide(&pos(&[("foo", 2)], 2, true)), settled(&["foo"]));
    assert_eq!(c.decide(&pos(&[("foo", 1)], 2, true)), PositionOutcome::Open);
    assert_eq!(c.decide(&pos(&[("foo", 1), ("bar", 1)], 2, true)), PositionOutcome::Open);
    let stacked = PositionVotes { stacked: true, ..pos(&[("foo", 2), ("bar", 1)], 2, true) };
    assert_eq!(c.decide(&stacked), PositionOutcome::Open);
}

#[test]
fn incomplete_ignores_silent_annotators() {
    let c = CurationStrategy::Incomplete;
    assert_eq!(c.decide(&pos(&[("foo", 2)], 3, true)), settled(&["foo"]));
    assert_eq!(c.decide(&pos(&[("foo", 1)], 3, true)), settled(&["foo"]));
    assert_eq!(c.decide(&pos(&[("foo", 1), ("bar", 1)], 3, true)), PositionOutcome::Open);
    let stacked = PositionVotes { stacked: true, ..pos(&[("foo", 1), ("bar", 1)], 3, true) };
    assert_eq!(c.decide(&stacked), PositionOutcome::Open);
}

#[test]
fn threshold_cases_of_inception() {
    // 2 vs 1 at 0.5: the best.
    assert_eq!(threshold(1, 0.5, 1).decide(&pos(&[("foo", 2), ("bar", 1)], 3, true)), settled(&["foo"]));
    // 3 vs 2 at 0.4, top 2, stacking label: both.
    assert_eq!(threshold(1, 0.4, 2).decide(&pos(&[("foo", 3), ("bar", 2)], 5, true)), settled(&["foo", "bar"]));
    // 1 vs 1, top 2: both; top 1: a tie, open.
    assert_eq!(threshold(1, 0.0, 2).decide(&pos(&[("foo", 1), ("bar", 1)], 2, true)), settled(&["bar", "foo"]));
    assert_eq!(threshold(1, 0.0, 1).decide(&pos(&[("foo", 1), ("bar", 1)], 2, true)), PositionOutcome::Open);
    // Top 2 where a label forbids overlap: only the best.
    assert_eq!(threshold(1, 0.4, 2).decide(&pos(&[("foo", 3), ("bar", 2)], 5, false)), settled(&["foo"]));
}

#[test]
fn threshold_drops_and_shares() {
    // Too few votes for anything: settled with nothing.
    assert_eq!(threshold(2, 0.0, 1).decide(&pos(&[("foo", 1)], 3, true)), settled(&[]));
    // A lone annotator's label has share 1 (the defaults merge 1 of 3).
    assert_eq!(threshold(1, 0.75, 1).decide(&pos(&[("foo", 1)], 3, true)), settled(&["foo"]));
    // Not enough of a share: open.
    assert_eq!(threshold(1, 0.75, 1).decide(&pos(&[("foo", 2), ("bar", 1)], 3, true)), PositionOutcome::Open);
    // Dropped labels leave the denominator.
    assert_eq!(threshold(2, 1.0, 1).decide(&pos(&[("foo", 2), ("bar", 1)], 3, true)), settled(&["foo"]));
    // Top 0 = every label that has the share.
    assert_eq!(threshold(1, 0.0, 0).decide(&pos(&[("a", 3), ("b", 2), ("c", 1)], 3, true)), settled(&["a", "b", "c"]));
}

#[test]
fn names_and_presets() {
    assert_eq!(CurationStrategy::from_name("majority", None, None, None), Ok(threshold(1, 0.0, 1)));
    assert_eq!(CurationStrategy::from_name("unanimous", None, None, None), Ok(threshold(1, 1.0, 1)));
    assert_eq!(CurationStrategy::from_name("threshold", Some(2), None, Some(0)), Ok(threshold(2, 0.75, 0)));
    assert!(CurationStrategy::from_name("complete", Some(2), None, None).is_err());
    assert!(CurationStrategy::from_name("threshold", Some(0), None, None).is_err());
    assert!(CurationStrategy::from_name("threshold", None, Some(1.5), None).is_err());
    assert!(CurationStrategy::from_name("best", None, None, None).is_err());
    let t = threshold(2, 0.5, 3);
    assert_eq!(CurationStrategy::from_record(&t.to_record(vec![])), t);
}
