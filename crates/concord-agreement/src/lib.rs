//! Inter-annotator agreement for concord: span F1 (SemEval-2013 9.1 schemes), token-level
//! Cohen's and Fleiss' kappa and Krippendorff's alpha, Krippendorff's unitizing alpha, label
//! confusion, and bootstrap confidence intervals.

pub mod coding;
pub mod figure;
pub mod spans;
pub mod tokens;
pub mod unitizing;

pub use figure::{Figure, Undefined};
