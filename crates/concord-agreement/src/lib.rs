//! Inter-annotator agreement for concord: span F1 under the four SemEval-2013 9.1 schemes,
//! token-level Cohen's and Fleiss' kappa and Krippendorff's alpha, Krippendorff's unitizing
//! alpha, label confusion, and bootstrap confidence intervals.
//!
//! [`compute()`] turns a [`concord_schema::AnnotationSet`] into an [`AgreementReport`]
//! (JSON: `schemas/report.schema.json`; terminal: [`render_text`]). The low-level functions
//! of each measure are public for direct use and testing: [`spans::match_spans`],
//! [`coding::cohen_kappa`], [`coding::fleiss_kappa`], [`coding::krippendorff_alpha`],
//! [`unitizing::Study`]. Formulas, sources and edge cases: `docs/metrics.md`.
//!
//! Design choices that hold throughout:
//! - A missing annotator file ("not annotated") and an empty one ("annotated, found nothing")
//!   are never confused: the first removes the annotator from that document's comparisons, the
//!   second compares an empty annotation.
//! - Every undefined figure is `None`/`null` with a reason ([`FigureUndefined`]); never NaN, never a
//!   panic.
//! - The gold standard (`AnnotationSet::gold`) is never an annotator: it is in no pair and no
//!   multi-rater figure; [`vs_gold`] measures each annotator against it.
//! - Deterministic: same input and seed, same report, whatever the number of threads.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod bootstrap;
pub mod coding;
pub mod compute;
pub mod confusion;
pub mod crosscheck;
pub mod crowd;
pub mod figure;
pub mod gamma;
pub mod measures;
pub mod report;
pub mod spans;
pub mod synthetic;
pub mod tokens;
pub mod unitizing;
pub mod vs_gold;

pub use compute::{Options, TooLarge, check_size, compute};
pub use concord_gamma::MAX_SAMPLES as GAMMA_MAX_SAMPLES;
pub use figure::{Figure, FigureUndefined, Measure};
pub use measures::{Measures, UnknownMeasure};
pub use report::{AgreementReport, render_text};
