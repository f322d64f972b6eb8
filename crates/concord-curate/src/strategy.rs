//! The merge strategies: what one position's votes settle, as INCEpTION's code decides it
//! (`docs/curation.md`, "Strategies").
//!
//! A position is judged alone, from its labels' votes, whether an annotator stacked labels
//! there, how many annotators the document has, and whether every label there allows stacking.
//! Overlap between positions is not this module's business: places are (`propose`).

use concord_schema::gold::{CurationRecord, StrategyName};

/// A strategy with its parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CurationStrategy {
    /// Every annotator of the document has the one label, nobody stacked.
    Complete,
    /// Nobody gave another label, nobody stacked; one annotator is enough.
    Incomplete,
    /// Votes, share and top-n.
    Threshold(ThresholdParams),
}

/// `threshold`'s parameters (INCEpTION's user threshold, confidence threshold, top-voted).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThresholdParams {
    /// At least 1.
    pub min_votes: u64,
    /// In [0, 1].
    pub min_share: f64,
    /// 0 = unlimited; taken as 1 where a label at the position forbids overlap.
    pub top_n: u64,
}

impl Default for ThresholdParams {
    fn default() -> ThresholdParams {
        ThresholdParams { min_votes: 1, min_share: 0.75, top_n: 1 }
    }
}

/// Why a strategy and its parameters do not go together.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StrategyError {
    #[error("unknown strategy `{0}`: use complete, incomplete, threshold, majority or unanimous")]
    Unknown(String),
    #[error("--min-votes, --min-share and --top-n go with the threshold strategy, not `{0}`")]
    ParamsWithoutThreshold(String),
    #[error("--min-votes must be at least 1")]
    MinVotes,
    #[error("--min-share must be a number from 0 to 1, not {0}")]
    MinShare(f64),
}

impl CurationStrategy {
    /// The strategy a command line names, with its optional threshold parameters. `majority`
    /// and `unanimous` are INCEpTION's presets (threshold 1/0/1 and 1/1/1) and take none.
    pub fn from_name(
        name: &str,
        min_votes: Option<u64>,
        min_share: Option<f64>,
        top_n: Option<u64>,
    ) -> Result<CurationStrategy, StrategyError> {
        let any = min_votes.is_some() || min_share.is_some() || top_n.is_some();
        let preset = match name {
            "complete" => CurationStrategy::Complete,
            "incomplete" => CurationStrategy::Incomplete,
            "majority" => CurationStrategy::Threshold(ThresholdParams { min_votes: 1, min_share: 0.0, top_n: 1 }),
            "unanimous" => CurationStrategy::Threshold(ThresholdParams { min_votes: 1, min_share: 1.0, top_n: 1 }),
            "threshold" => {
                return CurationStrategy::Threshold(ThresholdParams::default())
                    .with_params(min_votes, min_share, top_n);
            }
            other => return Err(StrategyError::Unknown(other.to_owned())),
        };
        if any { Err(StrategyError::ParamsWithoutThreshold(name.to_owned())) } else { Ok(preset) }
    }

    /// This strategy with some threshold parameters replaced (a re-run's command line over the
    /// file's record); an error for the other strategies when any is given.
    pub fn with_params(
        self,
        min_votes: Option<u64>,
        min_share: Option<f64>,
        top_n: Option<u64>,
    ) -> Result<CurationStrategy, StrategyError> {
        let CurationStrategy::Threshold(mut p) = self else {
            if min_votes.is_none() && min_share.is_none() && top_n.is_none() {
                return Ok(self);
            }
            return Err(StrategyError::ParamsWithoutThreshold(self.name().to_owned()));
        };
        if let Some(v) = min_votes {
            if v < 1 {
                return Err(StrategyError::MinVotes);
            }
            p.min_votes = v;
        }
        if let Some(s) = min_share {
            if !(0.0..=1.0).contains(&s) {
                return Err(StrategyError::MinShare(s));
            }
            p.min_share = s;
        }
        if let Some(n) = top_n {
            p.top_n = n;
        }
        Ok(CurationStrategy::Threshold(p))
    }

    /// The name a gold file records.
    pub fn name(&self) -> &'static str {
        match self {
            CurationStrategy::Complete => "complete",
            CurationStrategy::Incomplete => "incomplete",
            CurationStrategy::Threshold(_) => "threshold",
        }
    }

    /// What a gold file records of this strategy.
    pub fn to_record(&self, annotators: Vec<String>) -> CurationRecord {
        let (strategy, p) = match self {
            CurationStrategy::Complete => (StrategyName::Complete, None),
            CurationStrategy::Incomplete => (StrategyName::Incomplete, None),
            CurationStrategy::Threshold(p) => (StrategyName::Threshold, Some(p)),
        };
        CurationRecord {
            strategy,
            min_votes: p.map(|p| p.min_votes),
            min_share: p.map(|p| p.min_share),
            top_n: p.map(|p| p.top_n),
            annotators,
        }
    }

    /// The strategy a gold file records; defaults fill what it leaves out, clamped as INCEpTION does.
    pub fn from_record(record: &CurationRecord) -> CurationStrategy {
        match record.strategy {
            StrategyName::Complete => CurationStrategy::Complete,
            StrategyName::Incomplete => CurationStrategy::Incomplete,
            StrategyName::Threshold => {
                let d = ThresholdParams::default();
                CurationStrategy::Threshold(ThresholdParams {
                    min_votes: record.min_votes.unwrap_or(d.min_votes).max(1),
                    min_share: record.min_share.unwrap_or(d.min_share).clamp(0.0, 1.0),
                    top_n: record.top_n.unwrap_or(d.top_n),
                })
            }
        }
    }
}

/// One position as the rule sees it.
#[derive(Clone, Copy, Debug)]
pub struct PositionVotes<'a> {
    /// Each label at the position with its number of votes (distinct annotators).
    pub labels: &'a [(&'a str, usize)],
    /// Some annotator has two or more labels here.
    pub stacked: bool,
    /// Annotators of the document (those with a file).
    pub annotators: usize,
    /// Every label here allows stacking (overlap policy `nest` or `allow`).
    pub stacking_allowed: bool,
}

/// What the rule does with a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PositionOutcome {
    /// These labels go into the gold (possibly none: every label was dropped); the rest are dropped.
    Settled(Vec<String>),
    /// The curator decides.
    Open,
}

impl CurationStrategy {
    /// Applies the rule to one position.
    pub fn decide(&self, pos: &PositionVotes<'_>) -> PositionOutcome {
        match self {
            CurationStrategy::Complete | CurationStrategy::Incomplete => {
                let need_all = matches!(self, CurationStrategy::Complete);
                match pos.labels {
                    [(label, votes)] if !pos.stacked && (!need_all || *votes >= pos.annotators) => {
                        PositionOutcome::Settled(vec![(*label).to_owned()])
                    }
                    _ => PositionOutcome::Open,
                }
            }
            CurationStrategy::Threshold(p) => threshold(p, pos),
        }
    }
}

fn threshold(p: &ThresholdParams, pos: &PositionVotes<'_>) -> PositionOutcome {
    let n = if pos.stacking_allowed { p.top_n } else { 1 };
    let min_votes = usize::try_from(p.min_votes.max(1)).unwrap_or(usize::MAX);
    let mut left: Vec<(&str, usize)> = pos.labels.iter().copied().filter(|(_, v)| *v >= min_votes).collect();
    if left.is_empty() {
        return PositionOutcome::Settled(Vec::new());
    }
    left.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total: usize = left.iter().map(|(_, v)| v).sum();
    let rank_votes = match usize::try_from(n) {
        Ok(0) | Err(_) => 0,
        Ok(n) => left[n.min(left.len()) - 1].1,
    };
    // Inclusive, as INCEpTION compares; the epsilon keeps 0.4 × 5 from missing 2 by rounding.
    let share_floor = p.min_share * total as f64 - 1e-9;
    let kept: Vec<String> = left
        .iter()
        .filter(|(_, v)| *v as f64 >= share_floor && *v >= rank_votes)
        .map(|(l, _)| (*l).to_owned())
        .collect();
    if kept.is_empty() || (n == 1 && kept.len() > 1) {
        return PositionOutcome::Open;
    }
    PositionOutcome::Settled(kept)
}

#[cfg(test)]
mod tests;
