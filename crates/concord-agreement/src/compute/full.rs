//! The whole report as JSON (`report --format json --full`), streamed.
//!
//! Design choices:
//! - **Never all in memory.** In the crowd layout the report holds no pair rows. Writing it
//!   "full" computes each pair that shares a document, and each document's pairs, while the
//!   JSON is written, a chunk at a time (in parallel within a chunk, written in order), so
//!   memory holds one chunk of rows, whatever the number of pairs.
//! - **The same rows.** A pair's row is [`super::pairs::pair_report`] over the documents it
//!   shares, the row a small team's report has; only its bootstrap interval is not computed
//!   (resamples × pairs is the cost the crowd layout exists to avoid).
//! - Below the crowd threshold the report already has every row; it is written as it is.

use std::io::Write;

use concord_schema::AnnotationSet;
use rayon::prelude::*;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::document::{pair_doc, prepare, prepare_only, present};
use super::pairs::{PairAcc, pair_report};
use super::{Context, Options, document_pair_report};
use crate::measures::{Measures, clear_document_pairs, clear_pair};
use crate::report::{AgreementReport, DocumentReport, PairReport};

/// The reason beside a pair's interval in a full crowd report.
pub const CI_NOT_IN_CROWD: &str = "not computed in the crowd layout (see the crowd summary)";

/// Rows computed at once before they are written.
const CHUNK: usize = 4096;

/// Writes `report` (computed from `set`) as pretty JSON with every row: in the crowd layout the
/// pairs that share a document and each document's pairs, computed as they are written.
/// `options` must be the ones `report` was computed with (rows computed here follow its
/// `--measures`).
pub fn write_json_full<W: Write>(
    set: &AnnotationSet,
    report: &AgreementReport,
    options: &Options,
    out: W,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::pretty(out);
    if report.crowd.is_none() {
        return report.serialize(&mut ser);
    }
    Full { set, report, measures: crate::measures::effective(options).measures }.serialize(&mut ser)
}

/// The pairs that share a document, each row computed from its documents; in (first, second)
/// order. For tests and callers that want them in memory.
pub fn shared_pair_rows(set: &AnnotationSet, measures: Measures) -> Vec<PairReport> {
    let cx = Context::new(set);
    let index = pair_documents(set, &cx);
    index.par_iter().map(|(pair, docs)| pair_row(set, &cx, *pair, docs, measures)).collect()
}

/// `document` with its pairs filled in.
pub fn document_with_pairs(set: &AnnotationSet, document: &DocumentReport, measures: Measures) -> DocumentReport {
    let cx = Context::new(set);
    let doc = set.documents.iter().find(|d| d.id == document.id);
    with_pairs(set, &cx, doc, document, measures)
}

struct Full<'a> {
    set: &'a AnnotationSet,
    report: &'a AgreementReport,
    measures: Measures,
}

impl Serialize for Full<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        let cx = Context::new(self.set);
        let mut st = serializer.serialize_struct("AgreementReport", 11)?;
        st.serialize_field("annotators", &r.annotators)?;
        st.serialize_field("labels", &r.labels)?;
        st.serialize_field("options", &r.options)?;
        st.serialize_field("annotator_summary", &r.annotator_summary)?;
        st.serialize_field("documents_total", &r.documents_total)?;
        st.serialize_field("pairs", &Pairs { set: self.set, cx: &cx, measures: self.measures })?;
        st.serialize_field("overall", &r.overall)?;
        st.serialize_field("per_label", &r.per_label)?;
        st.serialize_field(
            "documents",
            &Documents { set: self.set, cx: &cx, documents: &r.documents, measures: self.measures },
        )?;
        if let Some(gold) = &r.against_gold {
            st.serialize_field("against_gold", gold)?;
        }
        if let Some(crowd) = &r.crowd {
            st.serialize_field("crowd", crowd)?;
        }
        st.end()
    }
}

struct Pairs<'a> {
    set: &'a AnnotationSet,
    cx: &'a Context<'a>,
    measures: Measures,
}

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = pair_documents(self.set, self.cx);
        let mut seq = serializer.serialize_seq(Some(index.len()))?;
        for chunk in index.chunks(CHUNK) {
            let rows: Vec<PairReport> =
                chunk.par_iter().map(|(pair, docs)| pair_row(self.set, self.cx, *pair, docs, self.measures)).collect();
            for row in &rows {
                seq.serialize_element(row)?;
            }
        }
        seq.end()
    }
}

struct Documents<'a> {
    set: &'a AnnotationSet,
    cx: &'a Context<'a>,
    documents: &'a [DocumentReport],
    measures: Measures,
}

impl Serialize for Documents<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.documents.len()))?;
        for (c, chunk) in self.documents.chunks(CHUNK).enumerate() {
            let rows: Vec<DocumentReport> = chunk
                .par_iter()
                .enumerate()
                .map(|(i, d)| with_pairs(self.set, self.cx, self.source(c * CHUNK + i, d), d, self.measures))
                .collect();
            for row in &rows {
                seq.serialize_element(row)?;
            }
        }
        seq.end()
    }
}

impl Documents<'_> {
    /// The set's document of the row at `i`: rows are in the set's order (checked by id).
    fn source(&self, i: usize, row: &DocumentReport) -> Option<&concord_schema::DocumentAnnotations> {
        match self.set.documents.get(i) {
            Some(d) if d.id == row.id => Some(d),
            _ => self.set.documents.iter().find(|d| d.id == row.id),
        }
    }
}

/// Each pair that shares a document, with the indices of those documents, in pair order.
fn pair_documents(set: &AnnotationSet, cx: &Context<'_>) -> Vec<((usize, usize), Vec<usize>)> {
    let mut entries: Vec<((usize, usize), usize)> = Vec::new();
    for (d, doc) in set.documents.iter().enumerate() {
        let present = present(doc, cx);
        for (x, &i) in present.iter().enumerate() {
            entries.extend(present[x + 1..].iter().map(|&j| ((i, j), d)));
        }
    }
    entries.sort_unstable();
    let mut out: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    for (pair, d) in entries {
        match out.last_mut() {
            Some((p, docs)) if *p == pair => docs.push(d),
            _ => out.push((pair, vec![d])),
        }
    }
    out
}

/// A pair's row over `docs`, preparing only the pair's two files of each document.
fn pair_row(
    set: &AnnotationSet,
    cx: &Context<'_>,
    (i, j): (usize, usize),
    docs: &[usize],
    measures: Measures,
) -> PairReport {
    let mut acc = PairAcc::new(cx.k());
    for &d in docs {
        let prep = prepare_only(&set.documents[d], cx, Some(&[i, j]));
        if prep.present.len() == 2 {
            let pd = pair_doc(&prep, (0, 1), cx.k(), true);
            acc.add(&pd, prep.tokens);
        }
    }
    let mut row = pair_report(cx, (i, j), &acc);
    row.strict_f1_ci_undefined = Some(CI_NOT_IN_CROWD.to_owned());
    clear_pair(&mut row, measures);
    row
}

fn with_pairs(
    set: &AnnotationSet,
    cx: &Context<'_>,
    doc: Option<&concord_schema::DocumentAnnotations>,
    document: &DocumentReport,
    measures: Measures,
) -> DocumentReport {
    let mut out = document.clone();
    let Some(doc) = doc else { return out };
    let prep = prepare(doc, cx);
    out.pairs = prep
        .pair_positions()
        .map(|at| {
            let pd = pair_doc(&prep, at, cx.k(), false);
            document_pair_report(set, pd.pair, &pd.spans.overall)
        })
        .collect();
    clear_document_pairs(&mut out, measures);
    out
}
