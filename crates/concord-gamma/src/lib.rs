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
//! - Undefined figures are `None` with an [`Undefined`] reason: never NaN, never a panic.
//! - Deterministic: the chance continua are drawn from a seed, one generator per sample, so
//!   results do not depend on the number of threads.
//!
//! Formulas, sources, the corpus combination and the cross-check with pygamma:
//! `docs/metrics.md`, section "Gamma".

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
pub use dissimilarity::{Categorical, Params};
pub use gamma::{GammaResult, LabelGamma, gamma};
pub use schema::{CorpusGamma, DocumentGamma, NamedLabelGamma, corpus_gamma, document_gamma};

/// Why a figure is not defined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum Undefined {
    /// Fewer than two annotators.
    TooFewAnnotators,
    /// No annotator has a (valid) unit.
    NoUnits,
    /// The chance disorder is zero, so `1 - observed / chance` has no value.
    ZeroChanceDisorder,
    /// More units than the solver indexes.
    TooLarge,
    /// Three annotators or more and a piece of the continuum so dense (many mutually
    /// overlapping units) that the exact search would pass its memory budget.
    TooComplex,
    InvalidParams(String),
}
