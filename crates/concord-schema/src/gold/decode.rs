//! Gold files decoded from a positioned [`Node`] tree, so that `validate` can point at the line
//! of any span, candidate, vote or decision, and `curate` can edit a file in place.
//!
//! Built like [`AnnotationFile`](crate::AnnotationFile): decoding never fails, a field of the
//! wrong type is simply absent (the JSON Schema check reports it, once, with its place), and the
//! first of duplicated keys wins. The span part of every entry is a [`SpanEntry`], so every check
//! of an annotation span applies to a gold span unchanged. Each entry also keeps its [`Node`]:
//! in-place edits need where an entry (or a list) ends, not only where it starts.

use crate::annotation::{entries, first, int_value, string_value};
use crate::yaml::{Node, Pos, Value};
use crate::{Field, SpanEntry};

use super::{DecidedBy, Decision, StrategyName};

/// A list of a gold file (`spans`, `rejected`, `candidates`) with where its key and value sit.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldList<'a, T> {
    /// Where the key starts.
    pub key: Pos,
    /// The list's value (its `start`/`end` bound the items).
    pub node: &'a Node,
    pub items: Vec<T>,
}

/// Which list of the file an entry is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GoldSection {
    /// `spans`: the gold.
    Spans,
    /// `questions[question].candidates`.
    Candidate { question: usize },
    /// `rejected`.
    Rejected,
}

/// A span, candidate or rejection decoded with positions.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldEntry<'a> {
    pub section: GoldSection,
    /// start, end, text, label and note, with `index` in its own list.
    pub span: SpanEntry<'a>,
    /// The entry's mapping.
    pub node: &'a Node,
    /// The list and each name, with their positions (for a name, `key == at`).
    pub votes: Option<Field<Vec<Field<&'a str>>>>,
    pub decided: Option<Field<DecidedBy>>,
    pub decision: Option<Field<Decision>>,
    pub stale: Option<Field<bool>>,
}

impl GoldEntry<'_> {
    /// Whether the entry is part of the gold: a span, or a candidate with `decision: accept`.
    pub fn is_gold(&self) -> bool {
        match self.section {
            GoldSection::Spans => true,
            GoldSection::Candidate { .. } => self.decision.as_ref().is_some_and(|d| d.value == Decision::Accept),
            GoldSection::Rejected => false,
        }
    }

    /// Whether the entry records a decision: every span and rejection, a candidate once decided.
    pub fn is_decided(&self) -> bool {
        !matches!(self.section, GoldSection::Candidate { .. }) || self.decision.is_some()
    }

    /// Whether it is marked `stale: true`.
    pub fn is_marked_stale(&self) -> bool {
        self.stale.as_ref().is_some_and(|s| s.value)
    }

    /// The vote names, in file order (empty when `votes` is missing or not a list).
    pub fn vote_names(&self) -> impl Iterator<Item = &str> {
        self.votes.iter().flat_map(|v| v.value.iter().map(|f| f.value))
    }
}

/// One question decoded with positions.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionEntry<'a> {
    /// 0-based index in `questions`.
    pub index: usize,
    /// The question's mapping.
    pub node: &'a Node,
    /// `None` when `candidates` is missing or not a list.
    pub candidates: Option<GoldList<'a, GoldEntry<'a>>>,
}

impl QuestionEntry<'_> {
    /// Candidates without a `decision`.
    pub fn open_candidates(&self) -> usize {
        self.candidates.as_ref().map_or(0, |c| c.items.iter().filter(|e| e.decision.is_none()).count())
    }

    /// A question is open while any of its candidates is undecided.
    pub fn is_open(&self) -> bool {
        self.open_candidates() > 0
    }
}

/// The `curation` mapping decoded with positions.
#[derive(Clone, Debug, PartialEq)]
pub struct CurationEntry<'a> {
    /// Where the `curation` key starts.
    pub key: Pos,
    pub node: &'a Node,
    pub strategy: Option<Field<StrategyName>>,
    pub min_votes: Option<Field<i64>>,
    pub min_share: Option<Field<f64>>,
    pub top_n: Option<Field<i64>>,
    pub annotators: Option<Field<Vec<Field<&'a str>>>>,
}

impl CurationEntry<'_> {
    /// The annotator names, in file order (empty when missing or not a list).
    pub fn annotator_names(&self) -> impl Iterator<Item = &str> {
        self.annotators.iter().flat_map(|a| a.value.iter().map(|f| f.value))
    }
}

/// A gold file decoded with positions. Strings borrow from the parsed tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldFile<'a> {
    pub document: Option<Field<&'a str>>,
    pub text_sha256: Option<Field<&'a str>>,
    pub curation: Option<CurationEntry<'a>>,
    /// `None` when the key is missing or not a list.
    pub spans: Option<GoldList<'a, GoldEntry<'a>>>,
    pub questions: Option<GoldList<'a, QuestionEntry<'a>>>,
    pub rejected: Option<GoldList<'a, GoldEntry<'a>>>,
}

impl<'a> GoldFile<'a> {
    /// Decodes what can be decoded; never fails (see the module doc).
    pub fn decode(root: &'a Node) -> GoldFile<'a> {
        let mut file = GoldFile::default();
        let mut seen = 0u16;
        for (k, v) in entries(root) {
            let Value::String(key) = &k.value else { continue };
            match key.as_str() {
                "document" => first(&mut file.document, &mut seen, 1, || string_value(k, v)),
                "text_sha256" => first(&mut file.text_sha256, &mut seen, 2, || string_value(k, v)),
                "curation" => first(&mut file.curation, &mut seen, 4, || decode_curation(k, v)),
                "spans" => first(&mut file.spans, &mut seen, 8, || entry_list(k, v, GoldSection::Spans)),
                "questions" => first(&mut file.questions, &mut seen, 16, || list(k, v, QuestionEntry::decode)),
                "rejected" => first(&mut file.rejected, &mut seen, 32, || entry_list(k, v, GoldSection::Rejected)),
                _ => {}
            }
        }
        file
    }

    /// Every entry in file order of sections: `spans`, each question's candidates, `rejected`.
    pub fn entries(&self) -> impl Iterator<Item = &GoldEntry<'a>> {
        let spans = self.spans.iter().flat_map(|l| l.items.iter());
        let candidates = self.questions().flat_map(|q| q.candidates.iter().flat_map(|c| c.items.iter()));
        let rejected = self.rejected.iter().flat_map(|l| l.items.iter());
        spans.chain(candidates).chain(rejected)
    }

    /// The gold: `spans` and every candidate with `decision: accept`.
    pub fn gold_entries(&self) -> impl Iterator<Item = &GoldEntry<'a>> {
        self.entries().filter(|e| e.is_gold())
    }

    pub fn questions(&self) -> impl Iterator<Item = &QuestionEntry<'a>> {
        self.questions.iter().flat_map(|l| l.items.iter())
    }
}

impl<'a> QuestionEntry<'a> {
    fn decode(index: usize, item: &'a Node) -> QuestionEntry<'a> {
        let mut question = QuestionEntry { index, node: item, candidates: None };
        let mut seen = 0u16;
        for (k, v) in entries(item) {
            if matches!(&k.value, Value::String(key) if key == "candidates") {
                first(&mut question.candidates, &mut seen, 1, || {
                    entry_list(k, v, GoldSection::Candidate { question: index })
                });
            }
        }
        question
    }
}

impl<'a> GoldEntry<'a> {
    fn decode(section: GoldSection, index: usize, item: &'a Node) -> GoldEntry<'a> {
        let mut entry = GoldEntry {
            section,
            span: SpanEntry::decode(index, item),
            node: item,
            votes: None,
            decided: None,
            decision: None,
            stale: None,
        };
        let mut seen = 0u16;
        for (k, v) in entries(item) {
            let Value::String(key) = &k.value else { continue };
            match key.as_str() {
                "votes" => first(&mut entry.votes, &mut seen, 1, || names(k, v)),
                "decided" => first(&mut entry.decided, &mut seen, 2, || {
                    keyword(k, v, |s| match s {
                        "rule" => Some(DecidedBy::Rule),
                        "curator" => Some(DecidedBy::Curator),
                        _ => None,
                    })
                }),
                "decision" => first(&mut entry.decision, &mut seen, 4, || {
                    keyword(k, v, |s| match s {
                        "accept" => Some(Decision::Accept),
                        "reject" => Some(Decision::Reject),
                        _ => None,
                    })
                }),
                "stale" => first(&mut entry.stale, &mut seen, 8, || match v.value {
                    Value::Bool(b) => Some(Field { value: b, key: k.start, at: v.start }),
                    _ => None,
                }),
                _ => {}
            }
        }
        entry
    }
}

fn decode_curation<'a>(k: &Node, v: &'a Node) -> Option<CurationEntry<'a>> {
    let Value::Map(_) = &v.value else { return None };
    let mut curation = CurationEntry {
        key: k.start,
        node: v,
        strategy: None,
        min_votes: None,
        min_share: None,
        top_n: None,
        annotators: None,
    };
    let mut seen = 0u16;
    for (k, v) in entries(v) {
        let Value::String(key) = &k.value else { continue };
        match key.as_str() {
            "strategy" => first(&mut curation.strategy, &mut seen, 1, || {
                keyword(k, v, |s| match s {
                    "complete" => Some(StrategyName::Complete),
                    "incomplete" => Some(StrategyName::Incomplete),
                    "threshold" => Some(StrategyName::Threshold),
                    _ => None,
                })
            }),
            "min_votes" => first(&mut curation.min_votes, &mut seen, 2, || int_value(k, v)),
            "min_share" => first(&mut curation.min_share, &mut seen, 4, || match v.value {
                Value::Int(i) => Some(Field { value: i as f64, key: k.start, at: v.start }),
                Value::Float(f) => Some(Field { value: f, key: k.start, at: v.start }),
                _ => None,
            }),
            "top_n" => first(&mut curation.top_n, &mut seen, 8, || int_value(k, v)),
            "annotators" => first(&mut curation.annotators, &mut seen, 16, || names(k, v)),
            _ => {}
        }
    }
    Some(curation)
}

fn list<'a, T>(k: &Node, v: &'a Node, item: impl Fn(usize, &'a Node) -> T) -> Option<GoldList<'a, T>> {
    match &v.value {
        Value::Seq(items) => {
            Some(GoldList { key: k.start, node: v, items: items.iter().enumerate().map(|(i, n)| item(i, n)).collect() })
        }
        _ => None,
    }
}

fn entry_list<'a>(k: &Node, v: &'a Node, section: GoldSection) -> Option<GoldList<'a, GoldEntry<'a>>> {
    list(k, v, |index, item| GoldEntry::decode(section, index, item))
}

/// A list of strings; items of another type are left out (the schema reports them).
fn names<'a>(k: &Node, v: &'a Node) -> Option<Field<Vec<Field<&'a str>>>> {
    let Value::Seq(items) = &v.value else { return None };
    let value = items
        .iter()
        .filter_map(|item| item.as_str().map(|s| Field { value: s, key: item.start, at: item.start }))
        .collect();
    Some(Field { value, key: k.start, at: v.start })
}

fn keyword<T>(k: &Node, v: &Node, read: impl Fn(&str) -> Option<T>) -> Option<Field<T>> {
    Some(Field { value: read(v.as_str()?)?, key: k.start, at: v.start })
}
