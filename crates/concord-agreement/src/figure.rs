//! Figures that may be undefined.
//!
//! Design choice: a figure is a `Result<f64, Undefined>` in the API, never NaN. A zero
//! denominator (no spans, no tokens in common, chance agreement 1, an empty continuum) gives
//! [`Undefined`] with a reason a person can read. In the JSON report every such figure is a key
//! holding a number or `null`, and when it is `null` a sibling key `<name>_undefined` holds the
//! reason (e.g. `"cohen_kappa": null, "cohen_kappa_undefined": "no tokens in common"`).
//!
//! Written for people ([`format_figure`], [`format_interval`]): three decimals, `n/a` with the
//! reason, intervals in brackets: the terminal summary and concord-report's Markdown and HTML.

use std::fmt;

use crate::bootstrap::Interval;

/// Why a figure has no value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Undefined(pub String);

impl Undefined {
    pub fn new(reason: impl Into<String>) -> Undefined {
        Undefined(reason.into())
    }
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A figure: a finite number, or why there is none.
pub type Figure = Result<f64, Undefined>;

/// `num / den`, or `reason` when `den` is zero; a non-finite result is undefined too.
pub fn ratio(num: f64, den: f64, reason: &str) -> Figure {
    if den == 0.0 {
        return Err(Undefined::new(reason));
    }
    finite(num / den, reason)
}

/// `value` when finite, else undefined with `reason`.
pub fn finite(value: f64, reason: &str) -> Figure {
    if value.is_finite() { Ok(value) } else { Err(Undefined::new(format!("{reason} (not finite)"))) }
}

/// Splits a figure into the report's value and reason fields.
pub fn split(figure: &Figure) -> (Option<f64>, Option<String>) {
    match figure {
        Ok(v) => (Some(*v), None),
        Err(u) => (None, Some(u.0.clone())),
    }
}

/// Joins the report's value and reason fields back into a figure.
pub fn join(value: Option<f64>, reason: Option<&str>) -> Figure {
    match value {
        Some(v) => Ok(v),
        None => Err(Undefined::new(reason.unwrap_or("undefined"))),
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
        assert_eq!(ratio(1.0, 0.0, "no spans"), Err(Undefined::new("no spans")));
        assert_eq!(ratio(0.0, 0.0, "no spans"), Err(Undefined::new("no spans")));
        assert_eq!(ratio(1.0, 4.0, "x"), Ok(0.25));
        assert!(finite(f64::INFINITY, "x").is_err());
        assert_eq!(split(&ratio(1.0, 0.0, "r")), (None, Some("r".to_owned())));
        assert_eq!(join(Some(0.5), None), Ok(0.5));
    }
}
