//! Gold files: `gold/<document>.yaml`, one curated reference annotation per document.
//!
//! A gold file is an annotation file with provenance. Its `spans` are the gold; each records
//! who had it (`votes`) and who put it there (`decided: rule | curator`). Where the annotators do
//! not settle a place, `questions` holds every candidate with its votes until the curator
//! writes `decision: accept` or `decision: reject` on each. Rejections are kept in `rejected`,
//! so a re-run of `curate` never proposes them again. The rules (places, votes, strategies) are
//! in `docs/curation.md`; these types are the file format's contract, the source of
//! `schemas/gold.schema.json`, and what `curate` writes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod decode;
#[cfg(test)]
mod tests;

pub use decode::{CurationEntry, GoldEntry, GoldFile, GoldList, GoldSection, QuestionEntry};

/// The first line of every gold file: editors read the schema from it and complete keys and labels.
pub const SCHEMA_COMMENT: &str = "# yaml-language-server: $schema=../schemas/gold.schema.json";

/// A gold file, as written. Field names are the contract: add fields, never rename.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "concord gold file")]
pub struct GoldRecord {
    /// Id of the document: the file stem of `corpus/<id>.txt`. Must equal this file's stem.
    pub document: String,
    /// sha256 (lowercase hex) of the document text the offsets were made against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_sha256: Option<String>,
    /// How the proposals were made; `curate` reads it back on a re-run.
    pub curation: CurationRecord,
    /// The gold spans.
    pub spans: Vec<GoldSpan>,
    /// Places the annotators did not settle: the curator decides every candidate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// Candidates the curator rejected; never proposed again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<GoldSpan>,
}

/// The strategy and the annotators a gold file was proposed from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CurationRecord {
    pub strategy: StrategyName,
    /// Threshold strategy: fewest annotators that must have a candidate (at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub min_votes: Option<u64>,
    /// Threshold strategy: least share of the votes cast at the position, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_share: Option<f64>,
    /// Threshold strategy: how many top-voted labels one position may take (0 = all); 1 where
    /// the labels' overlap policy forbids stacking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_n: Option<u64>,
    /// The annotators whose files were read, sorted.
    pub annotators: Vec<String>,
}

/// INCEpTION's three merge strategies (`docs/curation.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StrategyName {
    /// Every annotator of the document has the span, same offsets and label, nothing stacked.
    Complete,
    /// Nobody disagrees at the position, though some may have no span there.
    Incomplete,
    /// Votes, share of votes and top-N, as INCEpTION's "Merge using thresholds".
    Threshold,
}

/// Who put a gold span there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DecidedBy {
    /// The strategy's rule settled the place.
    Rule,
    /// The curator accepted a candidate or wrote the span.
    Curator,
}

/// A curator's answer to one candidate of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Accept,
    Reject,
}

/// A gold span (or a rejected one), with where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoldSpan {
    /// First code point of the span (0-based, inclusive).
    pub start: u64,
    /// Code point just after the span (exclusive).
    pub end: u64,
    /// The exact document text of the span; checked against the corpus.
    pub text: String,
    /// The label, from `schemas/labels.yaml`.
    pub label: String,
    /// The annotators whose files have exactly this span (offsets and label), sorted.
    pub votes: Vec<String>,
    /// Who decided it; absent in `rejected`, where it is always the curator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<DecidedBy>,
    /// `curate` found that `votes` no longer match the annotators' files: review, then remove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale: Option<bool>,
    /// A free comment for reviewers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One place the annotators did not settle.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Every candidate at the place (spans that overlap one another), with its votes.
    pub candidates: Vec<Candidate>,
}

/// A candidate span of a question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub start: u64,
    pub end: u64,
    pub text: String,
    pub label: String,
    /// The annotators whose files have exactly this span, sorted.
    pub votes: Vec<String>,
    /// The curator's answer; absent while the candidate is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// `curate` found that `votes` no longer match the annotators' files: review, then remove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
