//! One document's statistics: what the parallel pass computes.
//!
//! Design choices:
//! - **Only the pairs present.** A document's pairs are those of the annotators who have a file
//!   for it, in (first, second) index order, so a document with m files costs m(m−1)/2 pairs
//!   whatever the size of the pool.
//! - **Full or brief pairs.** Below the crowd threshold each pair keeps everything its report
//!   row needs ([`PairDoc`]). In the crowd layout a pair keeps only what the summary ranks
//!   ([`PairBrief`]: strict counts both ways and κ's margins); the pooled span counts and
//!   confusion are summed per document either way, so they never need a slot per pair.

use concord_schema::DocumentAnnotations;
use concord_schema::text::word_tokens;

use super::Context;
use crate::coding::{AlphaStats, CohenMargins, CohenStats, FleissStats};
use crate::confusion::Confusion;
use crate::figure::{Figure, FigureUndefined};
use crate::spans::{Counts, IdSpan, Scheme, SpanCounts, count_document, match_spans};
use crate::tokens::token_categories;
use crate::unitizing::{Pool, normalise};

/// One annotator's file on one document, in the forms the measures need.
pub(super) struct AnnotatorDoc {
    pub spans: Vec<IdSpan>,
    /// Token categories (0: no span; else label id + 1).
    pub cats: Vec<u32>,
    /// Normalised units per label id.
    pub units: Vec<Vec<(u64, u64)>>,
}

/// A document's annotators and their files.
pub(super) struct Prepared {
    /// Annotator indices with a file, ascending.
    pub present: Vec<usize>,
    pub length: u64,
    pub tokens: u64,
    /// Indexed like `present`.
    pub files: Vec<AnnotatorDoc>,
}

pub(super) fn prepare(doc: &DocumentAnnotations, cx: &Context<'_>) -> Prepared {
    prepare_only(doc, cx, None)
}

/// Indices of the annotators with a file for `doc`, ascending.
pub(super) fn present(doc: &DocumentAnnotations, cx: &Context<'_>) -> Vec<usize> {
    let mut present: Vec<usize> = doc.by_annotator.keys().filter_map(|a| cx.index.get(a.as_str()).copied()).collect();
    present.sort_unstable();
    present
}

/// [`prepare`] with only the annotators in `only` (indices), when given.
pub(super) fn prepare_only(doc: &DocumentAnnotations, cx: &Context<'_>, only: Option<&[usize]>) -> Prepared {
    let k = cx.k();
    let length = doc.text.len_chars() as u64;
    let tokens = word_tokens(doc.text.as_str());
    let present: Vec<usize> = match only {
        Some(only) => {
            let mut some: Vec<usize> =
                only.iter().copied().filter(|&a| doc.by_annotator.contains_key(&cx.annotators[a])).collect();
            some.sort_unstable();
            some
        }
        None => present(doc, cx),
    };
    let files = present
        .iter()
        .map(|&a| {
            let list = doc.by_annotator.get(&cx.annotators[a]).map_or(&[][..], Vec::as_slice);
            let spans: Vec<IdSpan> = list
                .iter()
                .map(|s| IdSpan {
                    start: s.start,
                    end: s.end,
                    label: cx.ids.get(s.label.as_str()).copied().unwrap_or(0),
                })
                .collect();
            let cats = token_categories(&tokens, &spans, &cx.rank);
            let mut per_cat: Vec<Vec<(u64, u64)>> = vec![Vec::new(); k];
            for s in &spans {
                if let Some(v) = per_cat.get_mut(s.label as usize) {
                    v.push((s.start as u64, s.end as u64));
                }
            }
            let units = per_cat.into_iter().map(|v| normalise(v, length)).collect();
            AnnotatorDoc { spans, cats, units }
        })
        .collect();
    Prepared { present, length, tokens: tokens.len() as u64, files }
}

impl Prepared {
    /// Positions in `present` of every pair, in order.
    pub fn pair_positions(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let m = self.present.len();
        (0..m).flat_map(move |x| (x + 1..m).map(move |y| (x, y)))
    }

    /// Annotator indices of the pair at positions `(x, y)`.
    pub fn pair(&self, (x, y): (usize, usize)) -> (usize, usize) {
        (self.present[x], self.present[y])
    }
}

/// Everything a pair's report row needs from one document.
#[derive(Clone, Debug)]
pub(super) struct PairDoc {
    /// Annotator indices, first < second.
    pub pair: (usize, usize),
    pub spans: SpanCounts,
    pub cohen: CohenStats,
    pub confusion: Confusion,
    pub pool: Pool,
}

/// The pair at positions `at`; its unitizing pool only `with_pool` (the crowd summary has no
/// per-pair unitizing alpha).
pub(super) fn pair_doc(prep: &Prepared, at: (usize, usize), k: usize, with_pool: bool) -> PairDoc {
    let (a, b) = (&prep.files[at.0], &prep.files[at.1]);
    let mut cohen = CohenStats::new(k + 1);
    for (&x, &y) in a.cats.iter().zip(&b.cats) {
        cohen.add_item(x, y);
    }
    let mut confusion = Confusion::new(k);
    confusion.add_document(&a.spans, &b.spans);
    let mut pool = Pool::new(2, k);
    if with_pool {
        pool.add_continuum(prep.length, &[&a.units, &b.units]);
    }
    PairDoc { pair: prep.pair(at), spans: count_document(&a.spans, &b.spans, k), cohen, confusion, pool }
}

/// What the crowd summary keeps of a pair on one document.
#[derive(Clone, Debug)]
pub(super) struct PairBrief {
    pub pair: (usize, usize),
    /// The first annotator as reference, the second as prediction.
    pub strict: Counts,
    /// The second as reference, the first as prediction (the first's row "against the others").
    pub reversed: Counts,
    pub cohen: CohenMargins,
}

/// Everything one document contributes.
pub(super) struct DocStats {
    pub present: Vec<usize>,
    pub length: u64,
    pub tokens: u64,
    /// Below the crowd threshold: every pair present, in order.
    pub full: Vec<PairDoc>,
    /// In the crowd layout: every pair present, in order.
    pub brief: Vec<PairBrief>,
    /// Span matching summed over the document's pairs.
    pub pooled_spans: SpanCounts,
    pub pooled_confusion: Confusion,
    /// Mean strict F1 over the document's pairs whose F1 is defined.
    pub mean_pair_strict_f1: Figure,
    pub alpha: AlphaStats,
    /// Per label: the label (category 0) against the rest (category 1).
    pub alpha_label: Vec<AlphaStats>,
    /// Only when every annotator has a file.
    pub fleiss: Option<(FleissStats, Vec<FleissStats>)>,
    /// Unitizing statistics among the annotators present.
    pub pool: Pool,
}

pub(super) fn document_stats(doc: &DocumentAnnotations, cx: &Context<'_>) -> DocStats {
    let k = cx.k();
    let prep = prepare(doc, cx);
    let mut pooled_spans = SpanCounts::new(k);
    let mut pooled_confusion = Confusion::new(k);
    let (mut f1_sum, mut f1_n) = (0.0, 0usize);
    let mut add_f1 = |c: &Counts| {
        if let Ok(f) = c.scores(Scheme::Strict).f1 {
            f1_sum += f;
            f1_n += 1;
        }
    };
    let (mut full, mut brief) = (Vec::new(), Vec::new());
    for at in prep.pair_positions() {
        let pd = pair_doc(&prep, at, k, !cx.crowd);
        pooled_spans.add(&pd.spans);
        pooled_confusion.add(&pd.confusion);
        add_f1(&pd.spans.overall[0]);
        if cx.crowd {
            let (a, b) = (&prep.files[at.0], &prep.files[at.1]);
            brief.push(PairBrief {
                pair: pd.pair,
                strict: pd.spans.overall[0],
                reversed: match_spans(Scheme::Strict, &b.spans, &a.spans),
                cohen: pd.cohen.margins(),
            });
        } else {
            full.push(pd);
        }
    }
    let mean_pair_strict_f1 = if prep.present.len() < 2 {
        Err(FigureUndefined::TooFewFiles)
    } else if f1_n == 0 {
        Err(FigureUndefined::NoPairWithSpans)
    } else {
        Ok(f1_sum / f1_n as f64)
    };

    let m = prep.present.len() as u64;
    let mut alpha = AlphaStats::new(k + 1);
    let mut alpha_label = vec![AlphaStats::new(2); k];
    let complete = prep.present.len() == cx.annotators.len();
    let mut fleiss = complete.then(|| (FleissStats::new(m, k + 1), vec![FleissStats::new(m, 2); k]));
    if m >= 2 {
        let mut counts = vec![0u64; k + 1];
        for t in 0..prep.tokens as usize {
            counts.iter_mut().for_each(|c| *c = 0);
            for f in &prep.files {
                if let Some(&c) = f.cats.get(t) {
                    counts[c as usize] += 1;
                }
            }
            alpha.add_unit(&counts);
            if let Some((f, fl)) = fleiss.as_mut() {
                f.add_item(&counts);
                for (l, fs) in fl.iter_mut().enumerate() {
                    fs.add_item(&[counts[l + 1], m - counts[l + 1]]);
                }
            }
            for (l, st) in alpha_label.iter_mut().enumerate() {
                let c = counts[l + 1];
                if c == 0 {
                    st.values[1] += m;
                } else {
                    st.add_unit(&[c, m - c]);
                }
            }
        }
    }
    let mut pool = Pool::new(prep.present.len(), k);
    let refs: Vec<&[Vec<(u64, u64)>]> = prep.files.iter().map(|f| f.units.as_slice()).collect();
    pool.add_continuum(prep.length, &refs);

    DocStats {
        present: prep.present,
        length: prep.length,
        tokens: prep.tokens,
        full,
        brief,
        pooled_spans,
        pooled_confusion,
        mean_pair_strict_f1,
        alpha,
        alpha_label,
        fleiss,
        pool,
    }
}
