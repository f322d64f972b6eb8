//! Mathet, Widlöcher & Métivier's gamma (γ) inter-annotator agreement (Computational
//! Linguistics 41(3), 2015), equal to pygamma-agreement 0.5.9 with its defaults, with an exact
//! best alignment fast enough for whole corpora.
//!
//! - [`best_alignment`]: the exact best alignment of a continuum and its disorder.
//! - [`gamma`]: gamma with the observed and chance disorders, the sampling's standard error,
//!   gamma-cat and gamma-k per label.
//! - [`document_gamma`], [`corpus_gamma`]: the same over [`concord_schema`] annotations.
//!
//! Design choices that hold throughout:
//! - Exact, not approximate: the best alignment is a minimum-cost bipartite matching for two
//!   annotators and a dynamic programme over independent pieces for more (pygamma solves an
//!   integer programme over every candidate unitary alignment).
//! - Undefined figures are `None` with a [`GammaUndefined`] reason: never NaN, never a panic.
//! - Deterministic: the chance continua are drawn from a seed, one generator per sample, so
//!   results do not depend on the number of threads.
//!
//! Formulas, sources, the corpus combination and the cross-check with pygamma:
//! `docs/metrics.md`, section "Gamma".
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod alignment;
pub mod budget;
mod categorical;
mod certificate;
mod continuum;
pub mod dissimilarity;
mod frontier;
pub mod gamma;
mod matching;
pub mod rng;
mod sampler;
pub mod schema;

use serde::Serialize;

pub use alignment::{Alignment, Unit, UnitaryAlignment, best_alignment, brute_force_disorder};
pub use budget::DEFAULT_MAX_STEPS;
pub use dissimilarity::{Categorical, DEFAULT_SAMPLES, Params, ParamsError};
pub use gamma::{GammaResult, LabelGamma, MAX_SAMPLES, gamma};
pub use schema::{CorpusGamma, DocumentGamma, NamedLabelGamma, corpus_gamma, document_gamma};

/// Why gamma (or a disorder) has no value.
///
/// `Display` gives the reason as the agreement report writes it ("too few annotators").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum GammaUndefined {
    /// Fewer than two annotators.
    #[error("too few annotators")]
    TooFewAnnotators,
    /// No annotator has a (valid) unit.
    #[error("no units")]
    NoUnits,
    /// The chance disorder is zero, so `1 - observed / chance` has no value.
    #[error("zero chance disorder")]
    ZeroChanceDisorder,
    /// More units than the solver indexes.
    #[error("too large")]
    TooLarge,
    /// Three annotators or more and a piece of the continuum so dense (many mutually
    /// overlapping units) that the exact search would pass its limits ([`budget`]).
    #[error("too complex: {0}")]
    TooComplex(#[serde(serialize_with = "serialize_display")] Complexity),
    /// Corpus gamma: every document that could have had a gamma was too complex.
    #[error("too complex: every document with a gamma to compute passed the exact search's limits ({0} left out)")]
    DocumentsTooComplex(usize),
    /// The parameters cannot be used (the detail says why).
    #[error("invalid params")]
    InvalidParams(#[serde(serialize_with = "serialize_display")] ParamsError),
}

/// Which search passed the limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The best alignment of the annotations themselves.
    Observed,
    /// The best alignments of the chance samples (after the observed one succeeded).
    Chance,
}

/// What was too complex, for the reason's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Complexity {
    pub stage: Stage,
    pub annotators: usize,
    pub units: usize,
    /// The step budget in force ([`Params::max_steps`]).
    pub max_steps: u64,
}

impl std::fmt::Display for Complexity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.stage {
            Stage::Observed => "the best alignment",
            Stage::Chance => "the chance samples",
        };
        write!(
            f,
            "{} units from {} annotators; the exact search for {what} passed its limits ({} steps, {} candidate \
             alignments or {} search entries per piece)",
            self.units,
            self.annotators,
            self.max_steps,
            budget::MAX_CANDIDATES,
            budget::MAX_ENTRIES,
        )
    }
}

/// Serialises as the `Display` text, so the JSON `detail` stays a sentence.
fn serialize_display<T: std::fmt::Display, S: serde::Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_the_report_writes_them() {
        assert_eq!(GammaUndefined::TooFewAnnotators.to_string(), "too few annotators");
        assert_eq!(GammaUndefined::InvalidParams(ParamsError::NegativeWeight).to_string(), "invalid params");
        let json = serde_json::to_value(GammaUndefined::InvalidParams(ParamsError::DeltaEmpty)).expect("serialises");
        assert_eq!(json["reason"], "invalid_params");
        assert_eq!(json["detail"], "delta_empty must be finite and positive");
        let json = serde_json::to_value(GammaUndefined::ZeroChanceDisorder).expect("serialises");
        assert_eq!(json["reason"], "zero_chance_disorder");
        let complex = Complexity { stage: Stage::Chance, annotators: 20, units: 20, max_steps: 5 };
        let why = GammaUndefined::TooComplex(complex);
        assert!(
            why.to_string().starts_with("too complex: 20 units from 20 annotators; the exact search for the chance")
        );
        let json = serde_json::to_value(&why).expect("serialises");
        assert_eq!(json["reason"], "too_complex");
        assert!(json["detail"].as_str().is_some_and(|d| d.contains("5 steps")));
    }
}
