//! Which measures a report computes: `cargo xtask report --measures alpha,f1,kappa` and
//! `--no-gamma`, carried by [`crate::Options::measures`].
//!
//! Design choices:
//! - Names a person types, one per family of figures ([`Measure::ALL`] with their help): `f1`,
//!   `kappa` (Cohen's and Fleiss'), `alpha` (Krippendorff's), `unitizing` (unitizing alpha),
//!   `gamma`, `ci` (bootstrap intervals). An unknown name is an error listing the valid ones.
//! - What is skipped and what is only hidden: gamma and the bootstrap intervals are not
//!   computed when unselected (they are the costly parts); F1, kappa, alpha and unitizing alpha
//!   come out of the one pass over the documents together and cost little, so unselected ones
//!   are computed and then cleared. Either way an unselected figure is `null` with the reason
//!   [`NOT_SELECTED`], so a reader never mistakes it for a measured "undefined".
//! - The default selects everything: `Options::default()` computes every measure.
//! - Figures against the gold and the crowd summary are left as computed.

use crate::Options;
use crate::report::{AgreementReport, DocumentReport, PairReport, SchemeReport, Schemes};

/// The reason of a figure whose measure was not selected.
pub const NOT_SELECTED: &str = "not computed (--measures)";

/// A family of figures that `--measures` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    F1,
    Kappa,
    Alpha,
    Unitizing,
    Gamma,
    Ci,
}

impl Measure {
    /// Every measure with its name and what it selects.
    pub const ALL: [(Measure, &'static str, &'static str); 6] = [
        (Measure::F1, "f1", "span precision, recall and F1 (four schemes), pairwise and pooled"),
        (Measure::Kappa, "kappa", "Cohen's kappa per pair, Fleiss' kappa"),
        (Measure::Alpha, "alpha", "Krippendorff's alpha over tokens"),
        (Measure::Unitizing, "unitizing", "Krippendorff's unitizing alpha"),
        (Measure::Gamma, "gamma", "Mathet et al.'s gamma, per document and corpus (the costliest)"),
        (Measure::Ci, "ci", "bootstrap confidence intervals (of strict F1, alpha, unitizing alpha)"),
    ];

    pub fn name(self) -> &'static str {
        Measure::ALL.iter().find(|(m, _, _)| *m == self).map_or("", |(_, name, _)| name)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A name given to `--measures` that is not a measure.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown measure `{name}`; valid measures: {}", valid_names())]
pub struct UnknownMeasure {
    pub name: String,
}

/// The valid names, comma-separated.
pub fn valid_names() -> String {
    Measure::ALL.iter().map(|(_, name, _)| *name).collect::<Vec<_>>().join(", ")
}

/// A set of measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Measures(u8);

impl Default for Measures {
    fn default() -> Measures {
        Measures::all()
    }
}

impl Measures {
    pub fn all() -> Measures {
        Measures(Measure::ALL.iter().fold(0, |bits, (m, _, _)| bits | m.bit()))
    }

    pub fn none() -> Measures {
        Measures(0)
    }

    /// From names as typed (case-insensitive, blanks around them ignored, empty items skipped).
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Measures, UnknownMeasure> {
        let mut set = Measures::none();
        for name in names.iter().map(|n| n.as_ref().trim()).filter(|n| !n.is_empty()) {
            let found = Measure::ALL.iter().find(|(_, known, _)| known.eq_ignore_ascii_case(name));
            match found {
                Some((m, _, _)) => set = set.with(*m),
                None => return Err(UnknownMeasure { name: name.to_owned() }),
            }
        }
        Ok(set)
    }

    pub fn with(self, m: Measure) -> Measures {
        Measures(self.0 | m.bit())
    }

    pub fn without(self, m: Measure) -> Measures {
        Measures(self.0 & !m.bit())
    }

    pub fn has(self, m: Measure) -> bool {
        self.0 & m.bit() != 0
    }

    /// The selected names, in [`Measure::ALL`] order.
    pub fn names(self) -> Vec<&'static str> {
        Measure::ALL.iter().filter(|(m, _, _)| self.has(*m)).map(|(_, name, _)| *name).collect()
    }
}

/// The options the computation runs with: no bootstrap without `ci`, no gamma without `gamma`.
pub(crate) fn effective(options: &Options) -> Options {
    let m = options.measures;
    Options {
        resamples: if m.has(Measure::Ci) { options.resamples } else { 0 },
        gamma: options.gamma && m.has(Measure::Gamma),
        ..options.clone()
    }
}

fn clear(value: &mut Option<f64>, reason: &mut Option<String>) {
    *value = None;
    *reason = Some(NOT_SELECTED.to_owned());
}

fn clear_scheme(s: &mut SchemeReport) {
    clear(&mut s.precision, &mut s.precision_undefined);
    clear(&mut s.recall, &mut s.recall_undefined);
    clear(&mut s.f1, &mut s.f1_undefined);
}

fn clear_schemes(s: &mut Schemes) {
    for scheme in [&mut s.strict, &mut s.exact, &mut s.partial, &mut s.type_] {
        clear_scheme(scheme);
    }
}

/// Clears the figures of the measures `measures` leaves out, with [`NOT_SELECTED`] as reason.
pub fn clear_unselected(report: &mut AgreementReport, measures: Measures) {
    if measures == Measures::all() {
        return;
    }
    let (f1, kappa, alpha, unitizing) = (
        !measures.has(Measure::F1),
        !measures.has(Measure::Kappa),
        !measures.has(Measure::Alpha),
        !measures.has(Measure::Unitizing),
    );
    let (gamma, ci) = (!measures.has(Measure::Gamma), !measures.has(Measure::Ci));
    let o = &mut report.overall;
    if f1 {
        clear_schemes(&mut o.pooled);
        clear(&mut o.mean_pair_strict_f1, &mut o.mean_pair_strict_f1_undefined);
    }
    if kappa {
        clear(&mut o.fleiss_kappa, &mut o.fleiss_kappa_undefined);
    }
    if alpha {
        clear(&mut o.krippendorff_alpha, &mut o.krippendorff_alpha_undefined);
    }
    if unitizing {
        clear(&mut o.unitizing_alpha, &mut o.unitizing_alpha_undefined);
    }
    if ci || alpha {
        o.krippendorff_alpha_ci = None;
        o.krippendorff_alpha_ci_undefined = Some(NOT_SELECTED.to_owned());
    }
    if ci || unitizing {
        o.unitizing_alpha_ci = None;
        o.unitizing_alpha_ci_undefined = Some(NOT_SELECTED.to_owned());
    }
    if gamma {
        clear(&mut o.gamma, &mut o.gamma_undefined);
        o.gamma_standard_error = None;
        o.gamma_mean_document = None;
        o.gamma_documents = 0;
    }
    for l in &mut report.per_label {
        if f1 {
            clear_schemes(&mut l.pooled);
        }
        if kappa {
            clear(&mut l.fleiss_kappa, &mut l.fleiss_kappa_undefined);
        }
        if alpha {
            clear(&mut l.krippendorff_alpha, &mut l.krippendorff_alpha_undefined);
        }
        if unitizing {
            clear(&mut l.unitizing_alpha, &mut l.unitizing_alpha_undefined);
        }
    }
    for p in &mut report.pairs {
        clear_pair(p, measures);
    }
    for d in &mut report.documents {
        if alpha {
            clear(&mut d.krippendorff_alpha, &mut d.krippendorff_alpha_undefined);
        }
        if unitizing {
            clear(&mut d.unitizing_alpha, &mut d.unitizing_alpha_undefined);
        }
        if gamma {
            clear(&mut d.gamma, &mut d.gamma_undefined);
            clear(&mut d.gamma_observed_disorder, &mut d.gamma_observed_disorder_undefined);
            clear(&mut d.gamma_chance_disorder, &mut d.gamma_chance_disorder_undefined);
        }
        if f1 {
            clear(&mut d.mean_pair_strict_f1, &mut d.mean_pair_strict_f1_undefined);
        }
        clear_document_pairs(d, measures);
    }
}

/// Clears the unselected figures of one pair row.
pub(crate) fn clear_pair(p: &mut PairReport, measures: Measures) {
    let (f1, kappa, unitizing, ci) = (
        !measures.has(Measure::F1),
        !measures.has(Measure::Kappa),
        !measures.has(Measure::Unitizing),
        !measures.has(Measure::Ci),
    );
    if f1 {
        for s in [&mut p.strict, &mut p.exact, &mut p.partial, &mut p.type_] {
            clear_scheme(s);
        }
    }
    if ci || f1 {
        p.strict_f1_ci = None;
        p.strict_f1_ci_undefined = Some(NOT_SELECTED.to_owned());
    }
    if kappa {
        clear(&mut p.cohen_kappa, &mut p.cohen_kappa_undefined);
    }
    if unitizing {
        clear(&mut p.unitizing_alpha, &mut p.unitizing_alpha_undefined);
    }
    for l in &mut p.per_label {
        if f1 {
            for s in [&mut l.strict, &mut l.exact, &mut l.partial, &mut l.type_] {
                clear_scheme(s);
            }
        }
        if kappa {
            clear(&mut l.cohen_kappa, &mut l.cohen_kappa_undefined);
        }
        if unitizing {
            clear(&mut l.unitizing_alpha, &mut l.unitizing_alpha_undefined);
        }
    }
}

/// Clears the unselected figures of a document's pair rows.
pub(crate) fn clear_document_pairs(d: &mut DocumentReport, measures: Measures) {
    if !measures.has(Measure::F1) {
        for p in &mut d.pairs {
            for s in [&mut p.strict, &mut p.exact, &mut p.partial, &mut p.type_] {
                clear_scheme(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_unknown_ones_list_the_valid() {
        let m = Measures::parse(&["alpha", " F1", "kappa", ""]).expect("valid");
        assert_eq!(m.names(), ["f1", "kappa", "alpha"]);
        assert!(!m.has(Measure::Gamma));
        assert_eq!(Measures::default(), Measures::all());
        assert_eq!(Measures::all().without(Measure::Gamma).names(), ["f1", "kappa", "alpha", "unitizing", "ci"]);
        let err = Measures::parse(&["alpha", "gama"]).expect_err("unknown");
        assert_eq!(err.to_string(), "unknown measure `gama`; valid measures: f1, kappa, alpha, unitizing, gamma, ci");
        assert_eq!(Measure::Unitizing.name(), "unitizing");
    }
}
