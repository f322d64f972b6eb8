//! The annotations of a corpus as the metrics, diffs and reports see them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Text;

/// A labelled code-point range `[start, end)`, with the annotator's note when the file has one.
///
/// Agreement is about [`Span::key`]: a note is the annotator's remark, never a disagreement, so
/// every measure and alignment compares keys. Ordering is by key first.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Span {
    pub fn new(start: usize, end: usize, label: impl Into<String>) -> Span {
        Span { start, end, label: label.into(), note: None }
    }

    /// What the span says: where it is and what it is. Notes are left out.
    pub fn key(&self) -> (usize, usize, &str) {
        (self.start, self.end, &self.label)
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// One document and every annotator's spans on it.
#[derive(Clone, Debug)]
pub struct DocumentAnnotations {
    pub id: String,
    pub text: Text,
    /// Annotator to spans, sorted by (start, end, label). An annotator with no file for this
    /// document has no key ("not annotated"); an empty list means "annotated, found nothing".
    pub by_annotator: BTreeMap<String, Vec<Span>>,
}

/// Every document that at least one annotator has a file for.
#[derive(Clone, Debug, Default)]
pub struct AnnotationSet {
    /// Sorted.
    pub annotators: Vec<String>,
    /// The label set's names, in its order.
    pub labels: Vec<String>,
    /// Sorted by id.
    pub documents: Vec<DocumentAnnotations>,
    /// Document id to its gold spans (`spans` plus accepted candidates of `gold/<id>.yaml` that
    /// pass validation), sorted; only documents with a gold file. The gold is not an annotator:
    /// it is never in `annotators` or `by_annotator`, so agreement never counts it.
    pub gold: BTreeMap<String, Vec<Span>>,
}

impl AnnotationSet {
    /// Builds a set, sorting annotators, documents and spans so that every consumer sees one order.
    pub fn new(labels: Vec<String>, mut documents: Vec<DocumentAnnotations>) -> AnnotationSet {
        let mut annotators: Vec<String> = documents.iter().flat_map(|d| d.by_annotator.keys().cloned()).collect();
        annotators.sort();
        annotators.dedup();
        documents.sort_by(|a, b| a.id.cmp(&b.id));
        for doc in &mut documents {
            for spans in doc.by_annotator.values_mut() {
                spans.sort();
            }
        }
        AnnotationSet { annotators, labels, documents, gold: BTreeMap::new() }
    }

    /// The document `id`: a binary search, as [`AnnotationSet::new`] sorts documents by id (a
    /// linear search only when `documents` was reordered since), so looking up every file's
    /// document stays fast with tens of thousands of them.
    pub fn document(&self, id: &str) -> Option<&DocumentAnnotations> {
        match self.documents.binary_search_by(|d| d.id.as_str().cmp(id)) {
            Ok(i) => self.documents.get(i),
            Err(_) => self.documents.iter().find(|d| d.id == id),
        }
    }
}
