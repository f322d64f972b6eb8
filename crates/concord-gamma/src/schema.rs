//! Gamma over concord's annotations: per document and for the corpus.
//!
//! Design choices:
//! - A document's continuum holds every annotator with a file for it (an empty file is an
//!   annotator with no units; a missing file is no annotator), labels numbered in alphabetical
//!   order (pygamma's category order) and exact duplicate spans of one annotator merged (pygamma
//!   keeps each annotator's units in a set).
//! - Each document's samples are seeded from the corpus seed and the document id (FNV-1a), so a
//!   document's figure does not change when other documents are added.
//! - Corpus gamma is `1 - sum_d observed_total_d / sum_d chance_total_d`, where `observed_total_d`
//!   is document `d`'s best-alignment disorder before normalisation and
//!   `chance_total_d = chance_disorder_d * avg_units_d` its chance counterpart. Alignments never
//!   cross documents, so this is gamma of the corpus as one continuum of independent documents,
//!   each with its own chance model: every unit weighs the same, and a two-span document cannot
//!   swing the figure as much as a two-hundred-span one (the unweighted mean of the document
//!   gammas is reported beside it). Its standard error propagates each document's sampling
//!   error.
//! - A document whose gamma is too complex ([`crate::budget`]) is left out of the corpus figure
//!   and listed (`too_complex`); when no document is left, the corpus reason says they were too
//!   complex, never "no units".

use std::collections::BTreeSet;

use concord_schema::{AnnotationSet, DocumentAnnotations};
use rayon::prelude::*;
use serde::Serialize;

use crate::{GammaResult, GammaUndefined, Params, Unit, gamma};

/// gamma-k of one label, by name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NamedLabelGamma {
    pub label: String,
    pub gamma: Option<f64>,
    pub observed_disorder: f64,
    pub chance_disorder: Option<f64>,
}

/// Gamma of one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentGamma {
    pub id: String,
    /// The annotators compared, in the continuum's order.
    pub annotators: Vec<String>,
    pub result: GammaResult,
    /// `result.gamma_k` with label names.
    pub gamma_k: Vec<NamedLabelGamma>,
}

/// Gamma of a corpus.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CorpusGamma {
    /// `1 - sum observed_total / sum chance_total` over the documents with a defined gamma.
    pub gamma: Option<f64>,
    pub undefined: Option<GammaUndefined>,
    pub standard_error: Option<f64>,
    pub observed_total: f64,
    pub chance_total: f64,
    /// Unweighted mean of the documents' gammas.
    pub mean_document_gamma: Option<f64>,
    pub documents_used: usize,
    /// Documents left out because their gamma was too complex to compute
    /// ([`GammaUndefined::TooComplex`]), in corpus order.
    pub too_complex: Vec<String>,
    pub documents: Vec<DocumentGamma>,
}

fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// Gamma of one document over every annotator with a file for it.
pub fn document_gamma(doc: &DocumentAnnotations, params: &Params, seed: u64) -> DocumentGamma {
    let names: Vec<String> =
        doc.by_annotator.values().flatten().map(|s| s.label.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let id_of = |label: &str| names.binary_search_by(|n| n.as_str().cmp(label)).map_or(0, |x| x as u32);
    let annotators: Vec<String> = doc.by_annotator.keys().cloned().collect();
    let continuum: Vec<Vec<Unit>> = doc
        .by_annotator
        .values()
        .map(|spans| {
            let mut spans = spans.clone();
            spans.sort();
            spans.dedup();
            spans.iter().map(|s| Unit::span(s.start, s.end, id_of(&s.label))).collect()
        })
        .collect();
    let result = gamma(&continuum, params, seed ^ fnv1a(&doc.id));
    let gamma_k = result
        .gamma_k
        .iter()
        .map(|k| NamedLabelGamma {
            label: names.get(k.label as usize).cloned().unwrap_or_default(),
            gamma: k.gamma,
            observed_disorder: k.observed_disorder,
            chance_disorder: k.chance_disorder,
        })
        .collect();
    DocumentGamma { id: doc.id.clone(), annotators, result, gamma_k }
}

/// Gamma of every document and of the corpus (module docs: how documents combine).
pub fn corpus_gamma(set: &AnnotationSet, params: &Params, seed: u64) -> CorpusGamma {
    let documents: Vec<DocumentGamma> = set.documents.par_iter().map(|d| document_gamma(d, params, seed)).collect();
    let (mut observed, mut chance, mut variance, mut used) = (0.0, 0.0, 0.0, 0usize);
    let mut gammas = Vec::new();
    let mut too_complex = Vec::new();
    for d in &documents {
        let r = &d.result;
        if matches!(r.undefined, Some(GammaUndefined::TooComplex(_))) && r.gamma.is_none() {
            too_complex.push(d.id.clone());
        }
        if let (Some(g), Some(o), Some(e), Some(sd)) = (r.gamma, r.observed_total, r.chance_disorder, r.chance_std) {
            let avg = r.units as f64 / r.annotators as f64;
            observed += o;
            chance += e * avg;
            if r.samples > 1 {
                let n = r.samples as f64;
                let se = sd * (n / (n - 1.0)).sqrt() / n.sqrt() * avg;
                variance += se * se;
            }
            gammas.push(g);
            used += 1;
        }
    }
    let mean_document_gamma = (!gammas.is_empty()).then(|| gammas.iter().sum::<f64>() / gammas.len() as f64);
    let (gamma, undefined, standard_error) = if used == 0 && !too_complex.is_empty() {
        (None, Some(GammaUndefined::DocumentsTooComplex(too_complex.len())), None)
    } else if used == 0 {
        (None, Some(GammaUndefined::NoUnits), None)
    } else if observed == 0.0 {
        (Some(1.0), None, Some(0.0))
    } else if chance > 0.0 {
        (Some(1.0 - observed / chance), None, Some(observed / (chance * chance) * variance.sqrt()))
    } else {
        (None, Some(GammaUndefined::ZeroChanceDisorder), None)
    };
    CorpusGamma {
        gamma,
        undefined,
        standard_error,
        observed_total: observed,
        chance_total: chance,
        mean_document_gamma,
        documents_used: used,
        too_complex,
        documents,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use concord_schema::{Span, Text};

    use super::*;

    fn doc(id: &str, annotators: &[(&str, Vec<Span>)]) -> DocumentAnnotations {
        DocumentAnnotations {
            id: id.into(),
            text: Text::new("x".repeat(400)),
            by_annotator: annotators.iter().map(|(a, s)| (a.to_string(), s.clone())).collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn corpus_combines_documents() {
        let a = vec![Span::new(0, 10, "PER"), Span::new(20, 30, "ORG"), Span::new(50, 61, "LOC")];
        let b = vec![Span::new(0, 10, "PER"), Span::new(21, 30, "ORG"), Span::new(52, 61, "PER")];
        let d1 = doc("d1", &[("alice", a.clone()), ("bob", b.clone())]);
        let d2 = doc("d2", &[("alice", a.clone()), ("bob", a.clone())]);
        let d3 = doc("d3", &[("alice", a.clone())]);
        let set = AnnotationSet::new(vec!["PER".into(), "ORG".into(), "LOC".into()], vec![d1, d2, d3]);
        let params = Params::default();
        let c = corpus_gamma(&set, &params, 9);
        assert_eq!(c.documents.len(), 3);
        assert_eq!(c.documents_used, 2);
        assert_eq!(c.documents[1].result.gamma, Some(1.0));
        assert_eq!(c.documents[2].result.undefined, Some(GammaUndefined::TooFewAnnotators));
        let g1 = c.documents[0].result.gamma.unwrap();
        let g = c.gamma.unwrap();
        assert!(g > g1 && g < 1.0, "{g} {g1}");
        assert_eq!(c, corpus_gamma(&set, &params, 9));
        let names: Vec<&str> = c.documents[0].gamma_k.iter().map(|k| k.label.as_str()).collect();
        assert_eq!(names, ["LOC", "ORG", "PER"]);
        assert!(c.too_complex.is_empty());
    }

    #[test]
    fn too_complex_is_said_at_document_and_corpus_level() {
        // A tiny budget makes the eight-rater document too complex; the two-rater one is not
        // searched (the matching takes no steps).
        let crowd: Vec<(String, Vec<Span>)> = (0..8)
            .map(|r| (format!("r{r}"), vec![Span::new(10, 15 + r % 2, "PER"), Span::new(30, 35, "ORG")]))
            .collect();
        let crowd: Vec<(&str, Vec<Span>)> = crowd.iter().map(|(a, s)| (a.as_str(), s.clone())).collect();
        let pair = [("alice", vec![Span::new(0, 10, "PER")]), ("bob", vec![Span::new(0, 9, "PER")])];
        let params = Params { max_steps: 10, ..Params::default() };
        let labels = vec!["PER".into(), "ORG".into()];
        let only_crowd = AnnotationSet::new(labels.clone(), vec![doc("crowd", &crowd)]);
        let c = corpus_gamma(&only_crowd, &params, 9);
        let why = c.documents[0].result.undefined.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(why.starts_with("too complex: 16 units from 8 annotators"), "{why}");
        assert_eq!(c.gamma, None);
        assert_eq!(c.undefined, Some(GammaUndefined::DocumentsTooComplex(1)));
        assert_eq!(c.too_complex, ["crowd"]);
        assert!(c.undefined.as_ref().is_some_and(|u| u.to_string().starts_with("too complex")));

        let both = AnnotationSet::new(labels, vec![doc("crowd", &crowd), doc("pair", &pair)]);
        let c = corpus_gamma(&both, &params, 9);
        assert_eq!((c.documents_used, c.too_complex.len()), (1, 1));
        assert_eq!(c.gamma, c.documents[1].result.gamma);
        assert!(c.gamma.is_some());
    }
}
