//! The crowd layout's summary ([`CrowdSummary`]) from the pairs that share a document.
//!
//! Design choices:
//! - A pair's figures are its strict F1 (first annotator as reference) and Cohen's κ, summed
//!   over the documents it shares, the same as a pair row of a small team's report.
//! - An annotator "against the others" is the annotator as prediction and each partner as
//!   reference, summed over every shared document: precision, recall and F1 of their spans
//!   against whoever else did the same documents. Beside it, the mean of its pairs' F1.
//! - Ranking needs `min_shared_documents` shared documents (documents compared, for an
//!   annotator); the spreads include every pair.

use super::Context;
use super::pairs::BriefAcc;
use crate::crowd::{AnnotatorVsOthers, CrowdCut, CrowdSummary, PairBrief, Spread, ends};
use crate::report::{AnnotatorSummary, SchemeReport};
use crate::spans::{Counts, Scheme};

/// A pair's figures, by annotator indices.
struct Brief {
    pair: (usize, usize),
    documents: usize,
    strict_f1: Option<f64>,
    cohen_kappa: Option<f64>,
}

/// Per annotator, what its pairs add up to.
#[derive(Clone, Default)]
struct Against {
    strict: Counts,
    partners: usize,
    f1_sum: f64,
    f1_n: usize,
}

pub(super) fn summarize(
    cx: &Context<'_>,
    pairs: &[((usize, usize), BriefAcc)],
    annotators: &[AnnotatorSummary],
    documents_compared: &[usize],
    cut: CrowdCut,
) -> CrowdSummary {
    let f1 = |c: &Counts| c.scores(Scheme::Strict).f1.ok();
    let mut against = vec![Against::default(); cx.annotators.len()];
    // Names only for the pairs listed: a crowd has hundreds of thousands of pairs.
    let mut briefs: Vec<Brief> = Vec::with_capacity(pairs.len());
    for &((i, j), ref acc) in pairs {
        let pair_f1 = f1(&acc.strict);
        for (who, counts) in [(i, &acc.reversed), (j, &acc.strict)] {
            let a = &mut against[who];
            a.strict.add(counts);
            a.partners += 1;
            if let Some(f) = pair_f1 {
                a.f1_sum += f;
                a.f1_n += 1;
            }
        }
        briefs.push(Brief {
            pair: (i, j),
            documents: acc.documents,
            strict_f1: pair_f1,
            cohen_kappa: acc.cohen.kappa().ok(),
        });
    }
    let ranked_pairs = briefs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.documents >= cut.min_shared_documents)
        .filter_map(|(x, p)| Some((p.strict_f1?, x)))
        .collect();
    let (best_pairs, worst_pairs) = ends(ranked_pairs, cut.listed);
    let named = |xs: Vec<usize>| -> Vec<PairBrief> {
        xs.into_iter()
            .map(|x| {
                let p = &briefs[x];
                PairBrief {
                    a: cx.annotators[p.pair.0].clone(),
                    b: cx.annotators[p.pair.1].clone(),
                    documents: p.documents,
                    strict_f1: p.strict_f1,
                    cohen_kappa: p.cohen_kappa,
                }
            })
            .collect()
    };
    let (best_pairs, worst_pairs) = (named(best_pairs), named(worst_pairs));

    let rows: Vec<AnnotatorVsOthers> = annotators
        .iter()
        .zip(&against)
        .zip(documents_compared)
        .map(|((s, a), &compared)| AnnotatorVsOthers {
            annotator: s.annotator.clone(),
            documents: s.documents,
            documents_compared: compared,
            spans: s.spans,
            partners: a.partners,
            strict: SchemeReport::new(&a.strict, Scheme::Strict),
            mean_pair_strict_f1: (a.f1_n > 0).then(|| a.f1_sum / a.f1_n as f64),
            gold_strict_f1: None,
        })
        .collect();
    let ranked_annotators = rows
        .iter()
        .filter(|r| r.documents_compared >= cut.min_shared_documents)
        .filter_map(|r| Some((r.strict.f1?, r.clone())))
        .collect();
    let (best_annotators, worst_annotators) = ends(ranked_annotators, cut.listed);

    CrowdSummary {
        pairs: briefs.len(),
        documents_per_pair: Spread::of(briefs.iter().map(|p| Some(p.documents as f64))),
        strict_f1: Spread::of(briefs.iter().map(|p| p.strict_f1)),
        cohen_kappa: Spread::of(briefs.iter().map(|p| p.cohen_kappa)),
        min_shared_documents: cut.min_shared_documents,
        listed: cut.listed,
        best_pairs,
        worst_pairs,
        best_annotators,
        worst_annotators,
    }
}
