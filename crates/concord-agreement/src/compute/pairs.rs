//! Per-pair figures: the report row of every pair of a small team, and what the crowd layout
//! keeps of the pairs that share a document.
//!
//! Design choice: sums run over documents in document order, pair by pair, so every figure is
//! the same whatever the thread count; only pairs that share a document ever get a slot in
//! the crowd layout (a vector sorted by annotator indices, hence by name).

use rayon::prelude::*;

use super::document::{DocStats, PairBrief, PairDoc};
use super::{Context, confusion_report};
use crate::coding::{CohenMargins, CohenStats};
use crate::confusion::Confusion;
use crate::figure::{FigureUndefined, split};
use crate::report::{PairLabelReport, PairReport, SchemeReport, Schemes};
use crate::spans::{Counts, SpanCounts};
use crate::unitizing::Pool;

/// A pair's sums over the documents it shares.
pub(super) struct PairAcc {
    pub documents: usize,
    pub tokens: u64,
    pub spans: SpanCounts,
    pub cohen: CohenStats,
    pub confusion: Confusion,
    pub pool: Pool,
}

impl PairAcc {
    pub fn new(k: usize) -> PairAcc {
        PairAcc {
            documents: 0,
            tokens: 0,
            spans: SpanCounts::new(k),
            cohen: CohenStats::new(k + 1),
            confusion: Confusion::new(k),
            pool: Pool::new(2, k),
        }
    }

    pub fn add(&mut self, pd: &PairDoc, tokens: u64) {
        self.spans.add(&pd.spans);
        self.cohen.add(&pd.cohen);
        self.confusion.add(&pd.confusion);
        self.pool.merge(&pd.pool);
        self.documents += 1;
        self.tokens += tokens;
    }
}

/// Every pair of a small team in (first, second) order, and for each the documents it shares
/// with their strict counts (the bootstrap's input).
pub(super) fn every_pair(stats: &[DocStats], cx: &Context<'_>) -> (Vec<PairReport>, Vec<Vec<(usize, Counts)>>) {
    let n = cx.annotators.len();
    let index = |i: usize, j: usize| i * n - i * (i + 1) / 2 + (j - i - 1);
    let count = n * n.saturating_sub(1) / 2;
    let mut accs: Vec<PairAcc> = (0..count).map(|_| PairAcc::new(cx.k())).collect();
    let mut shared: Vec<Vec<(usize, Counts)>> = vec![Vec::new(); count];
    for (d, s) in stats.iter().enumerate() {
        for pd in &s.full {
            let p = index(pd.pair.0, pd.pair.1);
            accs[p].add(pd, s.tokens);
            shared[p].push((d, pd.spans.overall[0]));
        }
    }
    let mut reports = Vec::with_capacity(count);
    for i in 0..n {
        for j in i + 1..n {
            reports.push(pair_report(cx, (i, j), &accs[index(i, j)]));
        }
    }
    (reports, shared)
}

/// A pair's report row (its interval is filled in by the bootstrap).
pub(super) fn pair_report(cx: &Context<'_>, (i, j): (usize, usize), acc: &PairAcc) -> PairReport {
    let k = cx.k();
    let none = acc.documents == 0;
    let shared = |f| if none { Err(FigureUndefined::NoSharedDocument) } else { f };
    let schemes = schemes_of(&acc.spans.overall, none);
    let (cohen_kappa, cohen_kappa_undefined) = split(&shared(acc.cohen.kappa()));
    let (unitizing_alpha, unitizing_alpha_undefined) = split(&shared(acc.pool.alpha()));
    let per_label = (0..k)
        .map(|l| {
            let s = schemes_of(&acc.spans.per_label[l], none);
            let (cohen_kappa, cohen_kappa_undefined) = split(&shared(acc.cohen.binary(l + 1).kappa()));
            let (unitizing_alpha, unitizing_alpha_undefined) = split(&shared(acc.pool.category_alpha(l)));
            PairLabelReport {
                label: cx.labels[l].clone(),
                strict: s.strict,
                exact: s.exact,
                partial: s.partial,
                type_: s.type_,
                cohen_kappa,
                cohen_kappa_undefined,
                unitizing_alpha,
                unitizing_alpha_undefined,
            }
        })
        .collect();
    PairReport {
        a: cx.annotators[i].clone(),
        b: cx.annotators[j].clone(),
        documents: acc.documents,
        tokens: acc.tokens,
        strict: schemes.strict,
        exact: schemes.exact,
        partial: schemes.partial,
        type_: schemes.type_,
        strict_f1_ci: None,
        strict_f1_ci_undefined: None,
        cohen_kappa,
        cohen_kappa_undefined,
        unitizing_alpha,
        unitizing_alpha_undefined,
        per_label,
        confusion: confusion_report(&acc.confusion, &cx.labels),
    }
}

/// The four schemes; a pair that shares no document says so rather than "no spans".
fn schemes_of(counts: &[Counts; 4], no_shared_document: bool) -> Schemes {
    let mut s = Schemes::new(counts);
    if no_shared_document {
        for r in [&mut s.strict, &mut s.exact, &mut s.partial, &mut s.type_] {
            no_shared(r);
        }
    }
    s
}

fn no_shared(r: &mut SchemeReport) {
    let why = || Some(FigureUndefined::NoSharedDocument.to_string());
    (r.precision, r.precision_undefined) = (None, why());
    (r.recall, r.recall_undefined) = (None, why());
    (r.f1, r.f1_undefined) = (None, why());
}

/// What the crowd layout keeps of one pair: its sums over the documents it shares.
#[derive(Clone, Debug)]
pub(super) struct BriefAcc {
    pub documents: usize,
    pub strict: Counts,
    pub reversed: Counts,
    pub cohen: CohenMargins,
}

/// The pairs that share at least one document, by annotator indices, in pair order: every
/// document's briefs sorted by pair (stably, so each pair sums its documents in corpus order)
/// and each run summed, which costs a sort of the briefs rather than a search per brief.
pub(super) fn shared_pairs(stats: &[DocStats]) -> Vec<((usize, usize), BriefAcc)> {
    let mut briefs: Vec<((usize, usize), &PairBrief)> =
        stats.iter().flat_map(|s| &s.brief).map(|b| (b.pair, b)).collect();
    briefs.par_sort_by_key(|&(pair, _)| pair);
    let runs: Vec<&[((usize, usize), &PairBrief)]> = briefs.chunk_by(|a, b| a.0 == b.0).collect();
    // `chunk_by` yields no empty run, so `run[0]` exists.
    runs.par_iter()
        .map(|run| {
            let mut acc = BriefAcc {
                documents: run.len(),
                strict: Counts::default(),
                reversed: Counts::default(),
                cohen: CohenMargins::new(run[0].1.cohen.rows.len()),
            };
            for (_, b) in run.iter() {
                acc.strict.add(&b.strict);
                acc.reversed.add(&b.reversed);
                acc.cohen.add(&b.cohen);
            }
            (run[0].0, acc)
        })
        .collect()
}
