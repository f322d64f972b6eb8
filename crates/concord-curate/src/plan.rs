//! What a run does to one document's gold: a new record, or edits to the existing one that
//! keep every decision (`docs/curation.md`, "Running curate again").
//!
//! Design choices:
//! - **Edits name entries by their index in the file**, so the text editor (`edit`) can apply
//!   them in place and leave everything else byte for byte; the plan never re-serialises.
//! - **Undecided candidates are recomputed every run**; an open question that still holds one
//!   of a new place's candidates is kept (and refreshed) rather than replaced, so a re-run with
//!   nothing new changes nothing.
//! - **A question that ends with only decided candidates is closed in the same run** (moved to
//!   `spans`/`rejected`), so a second run on the same tree has nothing left to do.

use std::collections::BTreeSet;

use concord_schema::gold::{Candidate, DecidedBy, Decision, GoldRecord, GoldSpan, Question};

use crate::propose::{CandidateKey, DocumentInput, Judged, key_of, propose};

/// An entry of an existing gold file that an edit names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Span(usize),
    Rejected(usize),
    Candidate { question: usize, candidate: usize },
}

/// One edit to an existing gold file. Insertions go where their key sorts among the entries.
#[derive(Clone, Debug, PartialEq)]
pub enum GoldEdit {
    /// The `curation` block changed (strategy, parameters or annotators).
    Curation(concord_schema::gold::CurationRecord),
    /// A rule-decided span the rule still accepts, with new votes.
    SpanVotes {
        span: usize,
        votes: Vec<String>,
    },
    /// An undecided candidate of a kept question, with new votes.
    CandidateVotes {
        question: usize,
        candidate: usize,
        votes: Vec<String>,
    },
    /// Insert `stale: true`.
    Stale(Entry),
    RemoveCandidate {
        question: usize,
        candidate: usize,
    },
    RemoveQuestion(usize),
    AddSpan(GoldSpan),
    AddRejected(GoldSpan),
    AddCandidate {
        question: usize,
        candidate: Candidate,
    },
    AddQuestion(Question),
}

/// What a run did to one document, for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub spans_added: usize,
    pub rejected_added: usize,
    pub questions_opened: usize,
    pub questions_closed: usize,
    pub marked_stale: usize,
    pub votes_refreshed: usize,
    pub candidates_added: usize,
    pub candidates_removed: usize,
    /// Questions with undecided candidates after the run.
    pub open_questions: usize,
}

/// A new gold file, or the edits to an existing one.
#[derive(Clone, Debug, PartialEq)]
pub enum GoldPlan {
    New(GoldRecord),
    Edit(Vec<GoldEdit>),
}

/// Plans one document: a new record when there is no gold yet, else the edits.
pub fn plan_document(input: &DocumentInput<'_>, existing: Option<&GoldRecord>) -> (GoldPlan, Tally) {
    let judged = Judged::new(input);
    let annotators: Vec<String> = input.by_annotator.keys().cloned().collect();
    let curation = input.strategy.to_record(annotators);
    let Some(old) = existing else {
        let proposal = propose(input, &judged, &BTreeSet::new(), &[]);
        let tally = Tally {
            spans_added: proposal.spans.len(),
            questions_opened: proposal.questions.len(),
            open_questions: proposal.questions.len(),
            ..Tally::default()
        };
        let record = GoldRecord {
            document: input.document.to_owned(),
            text_sha256: Some(input.text_sha256.to_owned()),
            curation,
            spans: proposal.spans,
            questions: proposal.questions,
            rejected: Vec::new(),
        };
        return (GoldPlan::New(record), tally);
    };
    let mut edits = Vec::new();
    let mut tally = Tally::default();
    if old.curation != curation {
        edits.push(GoldEdit::Curation(curation));
    }
    let decided = decided_keys(old);
    let in_spans: BTreeSet<CandidateKey> = old.spans.iter().map(|s| key_of(s.start, s.end, &s.label)).collect();

    for (i, span) in old.spans.iter().enumerate() {
        let key = key_of(span.start, span.end, &span.label);
        let now = judged.votes_of(&key);
        let stale = span.stale == Some(true);
        if span.decided == Some(DecidedBy::Rule) && judged.rule_accepts(&key) {
            if span.votes != now {
                edits.push(GoldEdit::SpanVotes { span: i, votes: now.to_vec() });
                tally.votes_refreshed += 1;
            }
        } else if !stale && (span.decided == Some(DecidedBy::Rule) || span.votes != now) {
            edits.push(GoldEdit::Stale(Entry::Span(i)));
            tally.marked_stale += 1;
        }
    }
    for (i, span) in old.rejected.iter().enumerate() {
        let key = key_of(span.start, span.end, &span.label);
        if span.stale != Some(true) && span.votes != judged.votes_of(&key) {
            edits.push(GoldEdit::Stale(Entry::Rejected(i)));
            tally.marked_stale += 1;
        }
    }

    // Gold already in the file: its spans and the accepted candidates of questions.
    let mut gold: Vec<CandidateKey> = in_spans.iter().cloned().collect();
    for q in &old.questions {
        gold.extend(
            q.candidates
                .iter()
                .filter(|c| c.decision == Some(Decision::Accept))
                .map(|c| key_of(c.start, c.end, &c.label)),
        );
    }
    let proposal = propose(input, &judged, &decided, &gold);
    for span in proposal.spans {
        tally.spans_added += 1;
        edits.push(GoldEdit::AddSpan(span));
    }

    // Match each new question to the first open question that holds one of its candidates.
    let undecided_of = |q: &Question| -> BTreeSet<CandidateKey> {
        q.candidates.iter().filter(|c| c.decision.is_none()).map(|c| key_of(c.start, c.end, &c.label)).collect()
    };
    let mut kept: Vec<Option<Question>> = vec![None; old.questions.len()];
    for new in proposal.questions {
        let keys: BTreeSet<CandidateKey> = new.candidates.iter().map(|c| key_of(c.start, c.end, &c.label)).collect();
        let home = old
            .questions
            .iter()
            .enumerate()
            .position(|(qi, q)| kept[qi].is_none() && !undecided_of(q).is_disjoint(&keys));
        match home {
            Some(qi) => kept[qi] = Some(new),
            None => {
                tally.questions_opened += 1;
                edits.push(GoldEdit::AddQuestion(new));
            }
        }
    }
    tally.open_questions = tally.questions_opened;
    for (qi, q) in old.questions.iter().enumerate() {
        for (ci, c) in q.candidates.iter().enumerate() {
            let key = key_of(c.start, c.end, &c.label);
            if c.decision.is_some() && c.stale != Some(true) && c.votes != judged.votes_of(&key) {
                // A question that closes now carries `stale` into `spans`/`rejected` instead.
                if kept[qi].is_some() {
                    edits.push(GoldEdit::Stale(Entry::Candidate { question: qi, candidate: ci }));
                    tally.marked_stale += 1;
                }
            }
        }
        match &kept[qi] {
            Some(new) => {
                tally.open_questions += 1;
                refresh_question(qi, q, new, &mut edits, &mut tally);
            }
            None => {
                edits.push(GoldEdit::RemoveQuestion(qi));
                let decided: Vec<&Candidate> = q.candidates.iter().filter(|c| c.decision.is_some()).collect();
                if !decided.is_empty() {
                    tally.questions_closed += 1;
                }
                for c in decided {
                    let key = key_of(c.start, c.end, &c.label);
                    let now = judged.votes_of(&key);
                    let moved = GoldSpan {
                        start: c.start,
                        end: c.end,
                        text: c.text.clone(),
                        label: c.label.clone(),
                        votes: c.votes.clone(),
                        decided: None,
                        stale: (c.stale == Some(true) || c.votes != now).then_some(true),
                        note: c.note.clone(),
                    };
                    if moved.stale.is_some() && c.stale.is_none() {
                        tally.marked_stale += 1;
                    }
                    if c.decision == Some(Decision::Accept) {
                        if !in_spans.contains(&key) {
                            tally.spans_added += 1;
                            edits.push(GoldEdit::AddSpan(GoldSpan { decided: Some(DecidedBy::Curator), ..moved }));
                        }
                    } else {
                        tally.rejected_added += 1;
                        edits.push(GoldEdit::AddRejected(moved));
                    }
                }
            }
        }
    }
    (GoldPlan::Edit(edits), tally)
}

/// Brings a kept open question in line with its new place: votes, gone and new candidates.
fn refresh_question(qi: usize, old: &Question, new: &Question, edits: &mut Vec<GoldEdit>, tally: &mut Tally) {
    for (ci, c) in old.candidates.iter().enumerate() {
        if c.decision.is_some() {
            continue;
        }
        match new.candidates.iter().find(|n| (n.start, n.end, &n.label) == (c.start, c.end, &c.label)) {
            Some(n) if n.votes != c.votes => {
                edits.push(GoldEdit::CandidateVotes { question: qi, candidate: ci, votes: n.votes.clone() });
                tally.votes_refreshed += 1;
            }
            Some(_) => {}
            None => {
                edits.push(GoldEdit::RemoveCandidate { question: qi, candidate: ci });
                tally.candidates_removed += 1;
            }
        }
    }
    for n in &new.candidates {
        let there = old
            .candidates
            .iter()
            .any(|c| c.decision.is_none() && (c.start, c.end, &c.label) == (n.start, n.end, &n.label));
        if !there {
            edits.push(GoldEdit::AddCandidate { question: qi, candidate: n.clone() });
            tally.candidates_added += 1;
        }
    }
}

/// Every candidate the curator (or an earlier run's rule) has decided: never proposed again.
pub fn decided_keys(gold: &GoldRecord) -> BTreeSet<CandidateKey> {
    let mut out: BTreeSet<CandidateKey> = gold.spans.iter().map(|s| key_of(s.start, s.end, &s.label)).collect();
    out.extend(gold.rejected.iter().map(|s| key_of(s.start, s.end, &s.label)));
    for q in &gold.questions {
        out.extend(q.candidates.iter().filter(|c| c.decision.is_some()).map(|c| key_of(c.start, c.end, &c.label)));
    }
    out
}
