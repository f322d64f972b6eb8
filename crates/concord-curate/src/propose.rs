//! The pure core: from one document's valid spans, the label set's overlap policies and the
//! strategy, the candidates, positions, rule outcomes and places (`docs/curation.md`).
//!
//! Design choices:
//! - **Candidates are exact (start, end, label) keys**, votes are distinct annotators, sorted;
//!   positions group keys by extent, as INCEpTION's `SpanPosition` does.
//! - **Places are built from undecided candidates only**: a decided candidate is settled by the
//!   curator, so it neither links two places nor keeps one open; it still counts as gold when a
//!   place's accepted candidates are checked against the overlap policy.
//! - **One overlap rule**: `OverlapPolicy::permits` with the stricter of two labels' policies,
//!   the very function `validate` uses for C018, so curate never proposes what validate rejects.

use std::collections::{BTreeMap, BTreeSet};

use concord_schema::gold::{Candidate, DecidedBy, GoldSpan, Question};
use concord_schema::{LabelSet, OverlapPolicy, Span, Text};

use crate::strategy::{CurationStrategy, PositionOutcome, PositionVotes};

/// A candidate: start, end, label.
pub type CandidateKey = (usize, usize, String);

/// One document's input to curation.
#[derive(Clone, Copy, Debug)]
pub struct DocumentInput<'a> {
    pub document: &'a str,
    pub text: &'a Text,
    /// Lowercase hex sha256 of the document, pinned in a new gold file.
    pub text_sha256: &'a str,
    /// The selected annotators that have a file for the document, with their valid spans.
    pub by_annotator: &'a BTreeMap<String, Vec<Span>>,
    pub labels: &'a LabelSet,
    pub strategy: CurationStrategy,
}

/// What the annotators' files say, judged by the rule: every candidate's votes and every
/// position's outcome.
#[derive(Clone, Debug, Default)]
pub struct Judged {
    /// Candidate to its voters, sorted.
    pub votes: BTreeMap<CandidateKey, Vec<String>>,
    /// Extent to the rule's outcome there.
    pub outcomes: BTreeMap<(usize, usize), PositionOutcome>,
}

impl Judged {
    /// Counts votes and applies the rule at every position.
    pub fn new(input: &DocumentInput<'_>) -> Judged {
        let mut votes: BTreeMap<CandidateKey, Vec<String>> = BTreeMap::new();
        for (annotator, spans) in input.by_annotator {
            for span in spans {
                let voters = votes.entry((span.start, span.end, span.label.clone())).or_default();
                if voters.last() != Some(annotator) {
                    voters.push(annotator.clone());
                }
            }
        }
        let mut outcomes = BTreeMap::new();
        let keys: Vec<&CandidateKey> = votes.keys().collect();
        let mut i = 0;
        while i < keys.len() {
            let extent = (keys[i].0, keys[i].1);
            let mut j = i;
            while j < keys.len() && (keys[j].0, keys[j].1) == extent {
                j += 1;
            }
            let at: Vec<(&str, usize)> = keys[i..j].iter().map(|k| (k.2.as_str(), votes[*k].len())).collect();
            let mut seen = BTreeSet::new();
            let stacked = keys[i..j].iter().flat_map(|k| votes[*k].iter()).any(|a| !seen.insert(a));
            let stacking_allowed = at.iter().all(|(l, _)| input.labels.overlap_of(l) != OverlapPolicy::Forbid);
            let pos = PositionVotes { labels: &at, stacked, annotators: input.by_annotator.len(), stacking_allowed };
            outcomes.insert(extent, input.strategy.decide(&pos));
            i = j;
        }
        Judged { votes, outcomes }
    }

    /// The annotators that have exactly this candidate (empty when none has).
    pub fn votes_of(&self, key: &CandidateKey) -> &[String] {
        self.votes.get(key).map_or(&[], Vec::as_slice)
    }

    /// Whether the rule accepts this candidate at its position.
    pub fn rule_accepts(&self, key: &CandidateKey) -> bool {
        matches!(self.outcomes.get(&(key.0, key.1)), Some(PositionOutcome::Settled(labels)) if labels.contains(&key.2))
    }
}

/// What the rule proposes for the undecided candidates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Proposal {
    /// Accepted candidates of settled places, `decided: rule`, sorted.
    pub spans: Vec<GoldSpan>,
    /// One per unsettled place, candidates sorted; questions sorted by their first candidate.
    pub questions: Vec<Question>,
}

/// Proposes gold spans and questions for every candidate not in `decided`; `gold` holds the
/// extents and labels already in the gold (checked with the new spans against the overlap policy).
pub fn propose(
    input: &DocumentInput<'_>,
    judged: &Judged,
    decided: &BTreeSet<CandidateKey>,
    gold: &[CandidateKey],
) -> Proposal {
    let open: Vec<&CandidateKey> = judged.votes.keys().filter(|k| !decided.contains(*k)).collect();
    let mut out = Proposal::default();
    for place in places(&open) {
        let settled = place.iter().all(|k| judged.outcomes.get(&(k.0, k.1)) != Some(&PositionOutcome::Open));
        let accepted: Vec<&CandidateKey> = place.iter().copied().filter(|k| judged.rule_accepts(k)).collect();
        if settled && consistent(input.labels, &accepted, gold) {
            out.spans.extend(accepted.into_iter().map(|k| gold_span(input.text, k, judged.votes_of(k))));
        } else {
            let candidates = place.iter().map(|k| candidate(input.text, k, judged.votes_of(k))).collect();
            out.questions.push(Question { candidates });
        }
    }
    out.spans.sort_by(|a, b| span_order(a).cmp(&span_order(b)));
    out
}

/// Connected components of "shares a code point", over candidates sorted by start.
fn places<'k>(sorted: &[&'k CandidateKey]) -> Vec<Vec<&'k CandidateKey>> {
    let mut out: Vec<Vec<&CandidateKey>> = Vec::new();
    let mut reach = 0usize;
    for key in sorted {
        match out.last_mut() {
            Some(place) if key.0 < reach => {
                place.push(key);
                reach = reach.max(key.1);
            }
            _ => {
                out.push(vec![key]);
                reach = key.1;
            }
        }
    }
    out
}

/// Whether `accepted` may stand together and beside `gold` under the overlap policy.
fn consistent(labels: &LabelSet, accepted: &[&CandidateKey], gold: &[CandidateKey]) -> bool {
    let permits = |a: &CandidateKey, b: &CandidateKey| {
        labels.overlap_of(&a.2).stricter(labels.overlap_of(&b.2)).permits((a.0, a.1), (b.0, b.1))
    };
    accepted
        .iter()
        .enumerate()
        .all(|(i, a)| accepted[i + 1..].iter().all(|b| permits(a, b)) && gold.iter().all(|g| g == *a || permits(a, g)))
}

/// The order of gold spans and candidates in a file: start, end, label.
pub fn span_order(span: &GoldSpan) -> (u64, u64, &str) {
    (span.start, span.end, &span.label)
}

/// The key of a gold span or candidate.
pub fn key_of(start: u64, end: u64, label: &str) -> CandidateKey {
    (usize::try_from(start).unwrap_or(usize::MAX), usize::try_from(end).unwrap_or(usize::MAX), label.to_owned())
}

pub(crate) fn gold_span(text: &Text, key: &CandidateKey, votes: &[String]) -> GoldSpan {
    GoldSpan {
        start: key.0 as u64,
        end: key.1 as u64,
        text: text.slice(key.0, key.1).unwrap_or_default().to_owned(),
        label: key.2.clone(),
        votes: votes.to_vec(),
        decided: Some(DecidedBy::Rule),
        stale: None,
        note: None,
    }
}

fn candidate(text: &Text, key: &CandidateKey, votes: &[String]) -> Candidate {
    Candidate {
        start: key.0 as u64,
        end: key.1 as u64,
        text: text.slice(key.0, key.1).unwrap_or_default().to_owned(),
        label: key.2.clone(),
        votes: votes.to_vec(),
        decision: None,
        stale: None,
        note: None,
    }
}
