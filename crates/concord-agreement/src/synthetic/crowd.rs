//! A synthetic crowd project (issue 12): many short documents, each with its own few raters
//! drawn from a pool of thousands, and one document that hundreds of raters did.
//!
//! Design choices:
//! - **Two steps.** [`plan`] decides who rates what (cheap, sequential, a few hundred thousand
//!   draws); [`document`] then makes one document's text, hidden truth and rater files from the
//!   plan. Each document draws from its own SplitMix64 stream, seeded from `(seed, document)`,
//!   so documents can be made in any order, on any number of threads, with the same bytes.
//! - **Skewed activity.** Raters are drawn with Zipf–Mandelbrot weights `1 / (rank + 10)`: with
//!   the standard sizes the busiest rater does about 1,700 documents and the least busy about
//!   five, the long tail of a crowd. The `+ 10` keeps the head from taking most of the work (with
//!   plain Zipf the busiest rater would be on half the documents). Ranks are a seeded shuffle of
//!   the pool, so `rater-0001` is not always the busiest.
//! - **Nobody in the pool is idle** when there are enough slots: a rater the draws left without a
//!   document replaces the busiest rater of some document. A pool of 3,500 then means 3,500
//!   annotator folders, which is what the report has to cope with.
//! - **Noise like a crowd's.** Each rater has a carelessness (most are careful, a few are not:
//!   noise `0.03 + 0.32 u²`) and a laziness (the chance of handing in an empty file, 2–10 %).
//!   Their spans are [`noisy_copy`]s of the hidden truth — the same shifted boundaries, swapped
//!   labels, missed and spurious spans as [`corpus`](super::corpus) — then any span that overlaps
//!   one already kept is dropped, because the repository's labels forbid overlap and the project
//!   must validate without errors. About one document in ten has nothing to find, so empty files
//!   ("annotated, found nothing") come both from lazy raters and from agreeing ones.
//! - **Labels come from a [`LabelSet`]** (the repository's `schemas/labels.yaml` for
//!   `cargo xtask gen-crowd`), so the written project carries the label set its files use.

use std::collections::BTreeMap;

use concord_gamma::rng::SplitMix64;
use concord_schema::text::word_tokens;
use concord_schema::{AnnotationSet, DocumentAnnotations, LabelSet, Span, Text};

use super::write::GenError;
use super::{label_at, news_text, noisy_copy};

/// Documents in the standard crowd project.
pub const DOCUMENTS: usize = 20_000;
/// Raters in the standard pool.
pub const POOL: usize = 3_500;
/// Fewest raters on an ordinary document.
pub const MIN_RATERS: usize = 3;
/// Most raters on an ordinary document.
pub const MAX_RATERS: usize = 7;
/// Raters on the one big document.
pub const BIG_DOCUMENT_RATERS: usize = 300;

/// Zipf–Mandelbrot offset of the activity weights (see the module comment).
const ACTIVITY_OFFSET: f64 = 10.0;
/// Share of documents with nothing to find.
const NOTHING_TO_FIND: f64 = 0.1;
/// Chance that a truth span starts at a given token (spans then take one to three tokens).
const SPAN_DENSITY: f64 = 0.12;

// Stream kinds: each kind of draw has its own streams, so that changing one (say, the rater
// profiles) leaves the others (the texts) as they were.
const STREAM_PLAN: u64 = 1;
const STREAM_RATER: u64 = 2;
const STREAM_TEXT: u64 = 3;
const STREAM_FILE: u64 = 4;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct CrowdOptions {
    pub seed: u64,
    pub documents: usize,
    /// Raters in the pool.
    pub pool: usize,
    /// Raters per ordinary document, at least and at most (drawn uniformly between).
    pub min_raters: usize,
    pub max_raters: usize,
    /// Raters of the one big document (0: no big document).
    pub big_document_raters: usize,
    /// Words per document, at least and at most.
    pub min_words: usize,
    pub max_words: usize,
    /// The label set; its names label the spans, and it is written to `schemas/`.
    pub labels: LabelSet,
}

impl CrowdOptions {
    /// The standard crowd project of issue 12 over `labels`, seed 1.
    pub fn new(labels: LabelSet) -> CrowdOptions {
        CrowdOptions {
            seed: 1,
            documents: DOCUMENTS,
            pool: POOL,
            min_raters: MIN_RATERS,
            max_raters: MAX_RATERS,
            big_document_raters: BIG_DOCUMENT_RATERS,
            min_words: 20,
            max_words: 80,
            labels,
        }
    }

    /// Whether the options describe a project that can be made.
    pub fn check(&self) -> Result<(), GenError> {
        let bad = |why: String| Err(GenError::Options(why));
        if self.documents == 0 {
            return bad("at least one document is needed".to_owned());
        }
        if self.min_raters == 0 || self.min_raters > self.max_raters {
            return bad(format!(
                "raters per document must be at least 1, and min ({}) at most max ({})",
                self.min_raters, self.max_raters
            ));
        }
        if self.max_raters > self.pool || self.big_document_raters > self.pool {
            return bad(format!(
                "the pool ({}) is smaller than a document's raters (max {}, big document {})",
                self.pool, self.max_raters, self.big_document_raters
            ));
        }
        if self.min_words == 0 || self.min_words > self.max_words {
            return bad(format!("words per document: min ({}) must be 1 to max ({})", self.min_words, self.max_words));
        }
        if self.labels.labels.is_empty() {
            return bad("the label set has no labels".to_owned());
        }
        Ok(())
    }
}

/// How one rater works.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RaterProfile {
    /// Chance of each kind of noise per span.
    pub noise: f64,
    /// Chance of handing in an empty file.
    pub lazy: f64,
}

/// Who rates what.
#[derive(Clone, Debug, PartialEq)]
pub struct CrowdPlan {
    /// The pool's names, `rater-0001`…, in order.
    pub raters: Vec<String>,
    pub profiles: Vec<RaterProfile>,
    /// Per document, the indexes (into `raters`) of its raters, ascending.
    pub assignments: Vec<Vec<usize>>,
    /// The document with `big_document_raters` raters, if any.
    pub big_document: Option<usize>,
}

impl CrowdPlan {
    /// The id of document `d`: zero-padded so that ids sort in document order.
    pub fn document_id(&self, d: usize) -> String {
        let width = self.assignments.len().saturating_sub(1).to_string().len().max(4);
        format!("{d:0width$}_crowd")
    }
}

/// One document made from the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct CrowdDocument {
    pub id: String,
    pub text: String,
    /// The hidden truth the raters copied.
    pub truth: Vec<Span>,
    /// Rater index and spans (sorted, non-overlapping; empty = found nothing), by rater index.
    pub files: Vec<(usize, Vec<Span>)>,
}

/// The generator of stream `index` of `kind` under `seed`.
fn stream(seed: u64, kind: u64, index: u64) -> SplitMix64 {
    let base = SplitMix64::new(seed).next_u64();
    let mut mixed =
        SplitMix64::new(base ^ kind.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    // One draw decorrelates neighbouring indexes before the stream is used.
    SplitMix64::new(mixed.next_u64())
}

/// Decides who rates which document.
pub fn plan(options: &CrowdOptions) -> Result<CrowdPlan, GenError> {
    options.check()?;
    let pool = options.pool;
    let width = pool.to_string().len().max(4);
    let raters: Vec<String> = (1..=pool).map(|i| format!("rater-{i:0width$}")).collect();
    let profiles = (0..pool)
        .map(|r| {
            let mut rng = stream(options.seed, STREAM_RATER, r as u64);
            let u = rng.uniform();
            RaterProfile { noise: 0.03 + 0.32 * u * u, lazy: 0.02 + 0.08 * rng.uniform() }
        })
        .collect();

    let mut rng = stream(options.seed, STREAM_PLAN, 0);
    // rank[i] is the rater at activity rank i: a seeded Fisher–Yates shuffle of the pool.
    let mut rank: Vec<usize> = (0..pool).collect();
    for i in (1..pool).rev() {
        rank.swap(i, rng.below(i + 1));
    }
    let mut cumulative = Vec::with_capacity(pool);
    let mut total = 0.0;
    for i in 0..pool {
        total += 1.0 / (i as f64 + ACTIVITY_OFFSET);
        cumulative.push(total);
    }
    let big_document = (options.big_document_raters > 0).then(|| rng.below(options.documents));
    let mut assignments = Vec::with_capacity(options.documents);
    for d in 0..options.documents {
        let k = if Some(d) == big_document {
            options.big_document_raters
        } else {
            options.min_raters + rng.below(options.max_raters - options.min_raters + 1)
        };
        let mut chosen: Vec<usize> = draw_distinct(&mut rng, &cumulative, k).into_iter().map(|i| rank[i]).collect();
        chosen.sort_unstable();
        assignments.push(chosen);
    }
    give_idle_raters_work(&mut rng, &mut assignments, pool, big_document);
    Ok(CrowdPlan { raters, profiles, assignments, big_document })
}

/// `k` distinct ranks drawn by weight (`cumulative` holds the running sums of the weights).
/// Few from many (the ordinary case): draw and redraw repeats. Many from few: Efraimidis–Spirakis
/// keys `u^(1/w)`, the `k` largest, where redrawing would loop for long.
fn draw_distinct(rng: &mut SplitMix64, cumulative: &[f64], k: usize) -> Vec<usize> {
    let n = cumulative.len();
    let total = cumulative.last().copied().unwrap_or(0.0);
    if k.saturating_mul(4) <= n {
        let mut chosen = Vec::with_capacity(k);
        while chosen.len() < k {
            let x = rng.uniform() * total;
            let i = cumulative.partition_point(|&c| c <= x).min(n - 1);
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        return chosen;
    }
    let mut keys: Vec<(f64, usize)> = (0..n)
        .map(|i| {
            let weight = cumulative[i] - if i == 0 { 0.0 } else { cumulative[i - 1] };
            // ln(u) / w orders as u^(1/w) does, without underflow; 1 - uniform is in (0, 1].
            ((1.0 - rng.uniform()).ln() / weight, i)
        })
        .collect();
    keys.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    keys.into_iter().take(k).map(|(_, i)| i).collect()
}

/// Gives each rater without a document one, in place of the busiest rater of a random ordinary
/// document (one who keeps other documents), so that the whole pool appears in the project.
/// Gives up on a rater only when no document has such a slot (tiny projects).
fn give_idle_raters_work(
    rng: &mut SplitMix64,
    assignments: &mut [Vec<usize>],
    pool: usize,
    big_document: Option<usize>,
) {
    let mut load = vec![0usize; pool];
    for raters in assignments.iter() {
        for &r in raters {
            load[r] += 1;
        }
    }
    let n = assignments.len();
    for idle in 0..pool {
        if load[idle] > 0 {
            continue;
        }
        let first = rng.below(n);
        for step in 0..n {
            let d = (first + step) % n;
            if Some(d) == big_document {
                continue;
            }
            let raters = &mut assignments[d];
            let busiest = raters.iter().enumerate().filter(|&(_, &r)| load[r] > 1).max_by_key(|&(_, &r)| (load[r], r));
            if let Some((slot, &r)) = busiest {
                load[r] -= 1;
                load[idle] += 1;
                raters[slot] = idle;
                raters.sort_unstable();
                break;
            }
        }
    }
}

/// Document `d` of the plan: its text, its hidden truth and each rater's spans.
pub fn document(options: &CrowdOptions, plan: &CrowdPlan, d: usize) -> CrowdDocument {
    let labels: Vec<String> = options.labels.names().map(str::to_owned).collect();
    let mut rng = stream(options.seed, STREAM_TEXT, d as u64);
    let words = options.min_words + rng.below(options.max_words.saturating_sub(options.min_words) + 1);
    let text = news_text(&mut rng, words);
    let tokens = word_tokens(&text);
    let length = text.chars().count();
    let mut truth = Vec::new();
    if rng.uniform() >= NOTHING_TO_FIND {
        let chars: Vec<char> = text.chars().collect();
        let token_text = |t: usize| -> String {
            tokens.get(t).and_then(|&(a, b)| chars.get(a..b)).map_or_else(String::new, |c| c.iter().collect())
        };
        // The truth is clean — no leading article, no possessive `s` at either end — so that the
        // span-boundary warnings validate gives come from the raters' noise, as in a real crowd.
        let starts_clean = |t: usize| !matches!(token_text(t).as_str(), "the" | "a" | "s");
        let ends_clean = |t: usize| token_text(t) != "s";
        let mut t = 0;
        while t < tokens.len() {
            if starts_clean(t) && rng.uniform() < SPAN_DENSITY {
                let mut last = (t + rng.below(3)).min(tokens.len() - 1);
                while last > t && !ends_clean(last) {
                    last -= 1;
                }
                let label = label_at(&labels, rng.below(labels.len()));
                if ends_clean(last) {
                    truth.push(Span::new(tokens[t].0, tokens[last].1, label));
                }
                t = last + 2; // a token's gap, so that no two truth spans touch
            } else {
                t += 1;
            }
        }
    }
    let raters = plan.assignments.get(d).map_or(&[][..], Vec::as_slice);
    let files = raters
        .iter()
        .map(|&r| {
            let profile = plan.profiles.get(r).copied().unwrap_or(RaterProfile { noise: 0.0, lazy: 0.0 });
            let mut rng = stream(options.seed, STREAM_FILE, ((d as u64) << 32) | r as u64);
            if rng.uniform() < profile.lazy {
                return (r, Vec::new());
            }
            let extra = usize::from(rng.uniform() < profile.noise);
            let spans = noisy_copy(&mut rng, &truth, &tokens, length, profile.noise, extra, &labels);
            (r, without_overlaps(spans))
        })
        .collect();
    CrowdDocument { id: plan.document_id(d), text, truth, files }
}

/// Keeps, in order, each span that overlaps none kept before it (`spans` sorted by start).
fn without_overlaps(spans: Vec<Span>) -> Vec<Span> {
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if kept.last().is_none_or(|k| k.end <= s.start) {
            kept.push(s);
        }
    }
    kept
}

/// The whole crowd project in memory, as validate would load it: for benchmarks and report tests
/// that need the crowd's shape without files.
pub fn crowd(options: &CrowdOptions) -> Result<AnnotationSet, GenError> {
    let plan = plan(options)?;
    let documents = (0..options.documents)
        .map(|d| {
            let doc = document(options, &plan, d);
            let by_annotator: BTreeMap<String, Vec<Span>> =
                doc.files.into_iter().map(|(r, spans)| (plan.raters[r].clone(), spans)).collect();
            DocumentAnnotations { id: doc.id, text: Text::new(doc.text), by_annotator }
        })
        .collect();
    Ok(AnnotationSet::new(options.labels.names().map(str::to_owned).collect(), documents))
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_schema::{Label, OverlapPolicy};

    fn labels() -> LabelSet {
        let label = |name: &str| Label {
            name: name.to_owned(),
            description: String::new(),
            color: None,
            overlap: OverlapPolicy::Forbid,
        };
        LabelSet { labels: vec![label("PERSON"), label("GPE"), label("ORGANIZATION")] }
    }

    fn small() -> CrowdOptions {
        CrowdOptions { documents: 200, pool: 60, big_document_raters: 25, ..CrowdOptions::new(labels()) }
    }

    #[test]
    fn raters_per_document_within_bounds_and_the_big_one_exact() {
        let o = small();
        let p = plan(&o).expect("valid options");
        let big = p.big_document.expect("a big document");
        for (d, raters) in p.assignments.iter().enumerate() {
            let mut distinct = raters.clone();
            distinct.dedup();
            assert_eq!(&distinct, raters, "distinct and sorted");
            if d == big {
                assert_eq!(raters.len(), 25);
            } else {
                assert!((o.min_raters..=o.max_raters).contains(&raters.len()), "{d}: {}", raters.len());
            }
        }
        let mut load = vec![0; o.pool];
        p.assignments.iter().flatten().for_each(|&r| load[r] += 1);
        assert!(load.iter().all(|&n| n > 0), "the whole pool works: {load:?}");
        let (most, least) = (load.iter().max().copied(), load.iter().min().copied());
        assert!(most > least.map(|l| l * 3), "activity is skewed: {load:?}");
    }

    #[test]
    fn documents_are_deterministic_short_and_not_ascii() {
        let o = small();
        let (p, q) = (plan(&o).expect("plan"), plan(&o).expect("plan"));
        assert_eq!(p, q);
        let mut empty = 0;
        for d in 0..o.documents {
            let doc = document(&o, &p, d);
            assert_eq!(doc, document(&o, &q, d));
            let words = doc.text.split(' ').count();
            assert!((o.min_words..=o.max_words).contains(&words));
            assert!(!doc.text.is_ascii());
            let length = doc.text.chars().count();
            for (_, spans) in &doc.files {
                empty += usize::from(spans.is_empty());
                assert!(spans.windows(2).all(|w| w[0].end <= w[1].start), "sorted, no overlap");
                assert!(spans.iter().all(|s| s.start < s.end && s.end <= length));
            }
        }
        assert!(empty > 0, "some files found nothing");
        let other = CrowdOptions { seed: 2, ..o.clone() };
        assert_ne!(document(&other, &plan(&other).expect("plan"), 0), document(&o, &p, 0));
    }

    #[test]
    fn bad_options_are_refused() {
        let o = small();
        for bad in [
            CrowdOptions { min_raters: 8, ..o.clone() },
            CrowdOptions { pool: 5, ..o.clone() },
            CrowdOptions { documents: 0, ..o.clone() },
            CrowdOptions { labels: LabelSet { labels: vec![] }, ..o.clone() },
        ] {
            assert!(matches!(plan(&bad), Err(GenError::Options(_))), "{bad:?}");
        }
    }

    #[test]
    fn in_memory_set_has_the_pool() {
        let o = CrowdOptions { documents: 50, pool: 40, big_document_raters: 12, ..CrowdOptions::new(labels()) };
        let set = crowd(&o).expect("valid options");
        assert_eq!(set.documents.len(), 50);
        assert_eq!(set.annotators.len(), 40);
        assert_eq!(set.annotators[0], "rater-0001");
    }
}
