//! Fills the report's gamma figures from concord-gamma (Mathet et al. 2015): per document
//! (observed and chance disorder, standard error, gamma-cat, gamma-k) and for the corpus
//! (`1 - Σ observed / Σ chance` over documents with a defined gamma; see docs/metrics.md).
//! Kept apart from the other measures so that `Options { gamma: false, .. }` (or `--measures`
//! without `gamma`) skips it whole. A document too complex for the exact search
//! ([`concord_gamma::budget`]) gets that reason with what to do about it, and the corpus
//! figure counts it as left out (`gamma_documents_too_complex`).

use concord_gamma::{GammaUndefined, Params, corpus_gamma};
use concord_schema::AnnotationSet;

use crate::figure::{Figure, FigureUndefined};
use crate::report::{AgreementReport, LabelGammaReport};

/// `value` when finite; otherwise gamma's reason for the figure ("too complex" says what to
/// do about it).
fn figure(value: Option<f64>, why: Option<&GammaUndefined>) -> Figure {
    value.filter(|v| v.is_finite()).ok_or_else(|| match why.cloned() {
        None => FigureUndefined::Unexplained,
        Some(why @ (GammaUndefined::TooComplex(_) | GammaUndefined::DocumentsTooComplex(_))) => {
            FigureUndefined::GammaTooComplex(why)
        }
        Some(why) => FigureUndefined::Gamma(why),
    })
}

/// Computes gamma with `params` (pygamma-agreement's defaults but for the work budget and the
/// number of chance samples) and the given seed, and fills `report`.
pub fn fill(report: &mut AgreementReport, set: &AnnotationSet, seed: u64, params: &Params) {
    let corpus = corpus_gamma(set, params, seed);
    let why = corpus.undefined.as_ref();
    report.overall.set_gamma(&figure(corpus.gamma, why));
    report.overall.gamma_standard_error = corpus.gamma.and(corpus.standard_error);
    report.overall.gamma_mean_document = corpus.mean_document_gamma;
    report.overall.gamma_documents = corpus.documents_used;
    report.overall.gamma_documents_too_complex = corpus.too_complex.len();
    // By id, not a search per document: a crowd corpus has tens of thousands.
    let at: std::collections::HashMap<String, usize> =
        report.documents.iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect();
    for doc in &corpus.documents {
        let Some(entry) = at.get(&doc.id).and_then(|&i| report.documents.get_mut(i)) else { continue };
        let r = &doc.result;
        let why = r.undefined.as_ref();
        entry.set_gamma(&figure(r.gamma, why), &figure(r.observed_disorder, why), &figure(r.chance_disorder, why));
        entry.gamma_standard_error = r.gamma.and(r.standard_error);
        entry.gamma_samples = r.samples;
        entry.gamma_cat = r.gamma_cat;
        entry.gamma_k =
            doc.gamma_k.iter().map(|k| LabelGammaReport { label: k.label.clone(), gamma: k.gamma }).collect();
    }
}
