//! Figures that may be undefined.
//!
//! Design choice: a figure is a `Result<f64, FigureUndefined>` in the API, never NaN. A zero
//! denominator (no spans, no tokens in common, chance agreement 1, an empty continuum) gives
//! [`FigureUndefined`], whose `Display` is a reason a person can read. In the JSON report every
//! such figure is a key holding a number or `null`, and when it is `null` a sibling key
//! `<name>_undefined` holds the reason (e.g. `"cohen_kappa": null, "cohen_kappa_undefined": "no
//! tokens in common"`).
//!
//! Written for people ([`format_figure`], [`format_interval`]): three decimals, `n/a` with the
//! reason, intervals in brackets: the terminal summary and concord-report's Markdown and HTML.

use std::fmt;

use concord_gamma::GammaUndefined;

use crate::bootstrap::Interval;

/// Why a figure has no value. The `Display` texts are the report's `*_undefined` strings.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FigureUndefined {
    #[error("the first annotator of the pair has no spans")]
    FirstHasNoSpans,
    #[error("the second annotator of the pair has no spans")]
    SecondHasNoSpans,
    #[error("neither annotator of the pair has spans")]
    NeitherHasSpans,
    #[error("the gold has no spans")]
    GoldHasNoSpans,
    #[error("the annotator has no spans")]
    AnnotatorHasNoSpans,
    #[error("neither the gold nor the annotator has spans")]
    NeitherGoldNorAnnotatorHasSpans,
    #[error("no document has both a gold file and this annotator's file")]
    NoDocumentWithGold,
    #[error("no tokens in common")]
    NoTokensInCommon,
    #[error("chance agreement is 1: both annotators use one and the same category throughout")]
    PairChanceAgreementOne,
    #[error("fewer than 2 annotators rate every item")]
    TooFewRaters,
    #[error("no tokens rated by every annotator")]
    NoTokensRatedByAll,
    #[error("chance agreement is 1: every rating is the same category")]
    ChanceAgreementOne,
    #[error("items have different numbers of ratings")]
    UnequalRatings,
    #[error("no unit has values from two annotators")]
    NoPairableUnit,
    #[error("only one category occurs: expected disagreement is 0")]
    OneCategory,
    #[error("fewer than two annotators")]
    TooFewAnnotators,
    #[error("fewer than two annotators have a file")]
    TooFewFiles,
    #[error("empty continuum (no text)")]
    EmptyContinuum,
    #[error("no unit of this label")]
    NoUnitOfLabel,
    #[error("expected disagreement is 0")]
    NoExpectedDisagreement,
    #[error("no spans")]
    NoSpans,
    #[error("no document annotated by both")]
    NoSharedDocument,
    #[error("no document annotated by every annotator")]
    NoCompleteDocument,
    #[error("no pair that shares a document has spans")]
    NoPairWithSpans,
    /// concord-gamma's reason.
    #[error(transparent)]
    Gamma(#[from] GammaUndefined),
    /// concord-gamma's "too complex", with what to do about it.
    #[error(
        "{0}; raise the budget with --gamma-max-steps, or skip gamma with --no-gamma or --measures (e.g. --measures f1,kappa,alpha,unitizing,ci)"
    )]
    GammaTooComplex(GammaUndefined),
    /// concord-gamma left a figure empty without a reason.
    #[error("undefined")]
    Unexplained,
    #[error("{0} (not finite)")]
    NotFinite(Measure),
}

/// The measure whose arithmetic gave a non-finite value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Precision,
    Recall,
    CohenKappa,
    FleissKappa,
    KrippendorffAlpha,
    UnitizingAlpha,
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Measure::Precision => "precision",
            Measure::Recall => "recall",
            Measure::CohenKappa => "cohen's kappa",
            Measure::FleissKappa => "fleiss' kappa",
            Measure::KrippendorffAlpha => "krippendorff's alpha",
            Measure::UnitizingAlpha => "unitizing alpha",
        })
    }
}

/// A figure: a finite number, or why there is none.
pub type Figure = Result<f64, FigureUndefined>;

/// `num / den` of `measure`, or `reason` when `den` is zero; a non-finite result is undefined too.
pub(crate) fn ratio(num: f64, den: f64, reason: FigureUndefined, measure: Measure) -> Figure {
    if den == 0.0 {
        return Err(reason);
    }
    finite(num / den, measure)
}

/// `value` when finite, else undefined.
pub(crate) fn finite(value: f64, measure: Measure) -> Figure {
    if value.is_finite() { Ok(value) } else { Err(FigureUndefined::NotFinite(measure)) }
}

/// Splits a figure into the report's value and reason fields.
pub(crate) fn split(figure: &Figure) -> (Option<f64>, Option<String>) {
    match figure {
        Ok(v) => (Some(*v), None),
        Err(u) => (None, Some(u.to_string())),
    }
}

/// A figure as reports write it: `0.123`, or `n/a (reason)`, or `n/a` when no reason is given.
pub fn format_figure(value: Option<f64>, reason: Option<&str>) -> String {
    match (value, reason) {
        (Some(v), _) => format!("{v:.3}"),
        (None, Some(r)) => format!("n/a ({r})"),
        (None, None) => "n/a".to_owned(),
    }
}

/// A confidence interval as reports write it after its figure: ` [0.700, 0.850]`, or nothing.
pub fn format_interval(ci: Option<&Interval>) -> String {
    ci.map_or_else(String::new, |i| format!(" [{:.3}, {:.3}]", i.low, i.high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_says_why() {
        assert_eq!(format_figure(None, Some("not computed")), "n/a (not computed)");
        assert_eq!(format_figure(None, None), "n/a");
        assert_eq!(format_figure(Some(0.12345), None), "0.123");
    }

    #[test]
    fn intervals_follow_their_figure() {
        let ci = Interval { low: 0.7, high: 0.85, level: 0.95, resamples: 100, undefined_resamples: 0 };
        assert_eq!(format_interval(Some(&ci)), " [0.700, 0.850]");
        assert_eq!(format_interval(None), "");
    }

    #[test]
    fn zero_denominator_is_undefined_not_nan() {
        let no = || FigureUndefined::NoSpans;
        assert_eq!(ratio(1.0, 0.0, no(), Measure::Precision), Err(no()));
        assert_eq!(ratio(0.0, 0.0, no(), Measure::Precision), Err(no()));
        assert_eq!(ratio(1.0, 4.0, no(), Measure::Precision), Ok(0.25));
        assert!(finite(f64::INFINITY, Measure::CohenKappa).is_err());
        assert_eq!(split(&ratio(1.0, 0.0, no(), Measure::Recall)), (None, Some("no spans".to_owned())));
    }

    #[test]
    fn reasons_read_as_before() {
        let gamma = FigureUndefined::from(GammaUndefined::ZeroChanceDisorder);
        assert_eq!(gamma.to_string(), "zero chance disorder");
        assert_eq!(FigureUndefined::NotFinite(Measure::CohenKappa).to_string(), "cohen's kappa (not finite)");
    }
}
