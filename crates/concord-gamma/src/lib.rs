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
mod categorical;
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
pub use dissimilarity::{Categorical, Params, ParamsError};
pub use gamma::{GammaResult, LabelGamma, gamma};
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
    /// overlapping units) that the exact search would pass its memory budget.
    #[error("too complex")]
    TooComplex,
    /// The parameters cannot be used (the detail says why).
    #[error("invalid params")]
    InvalidParams(#[serde(serialize_with = "serialize_display")] ParamsError),
}

/// Serialises as the `Display` text, so the JSON `detail` stays a sentence.
fn serialize_display<S: serde::Serializer>(value: &ParamsError, serializer: S) -> Result<S::Ok, S::Error> {
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
    }
}
