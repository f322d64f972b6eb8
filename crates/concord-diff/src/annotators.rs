//! Where two annotators disagree on one document, from their spans ([`diff_annotators`]) or from
//! their files in a project ([`AnnotatorFiles`]). Either side may be the gold standard, named
//! `gold` ([`concord_schema::GOLD`], a name no annotator may take): [`diff_sides`] looks it up in
//! [`AnnotationSet::gold`] and [`AnnotatorFiles`] reads `gold/<document>.yaml`.

use std::collections::HashSet;
use std::path::Path;

use concord_schema::{AnnotationSet, DocumentAnnotations, GOLD, Layout, Span, Text};
use concord_validate::Run;
use serde::Serialize;

use crate::align::{Difference, Kind, align};
use crate::excerpt::{self, Piece};
use crate::{DiffError, SpanView};

/// One disagreement with the article around it.
#[derive(Clone, Debug, Serialize)]
pub struct Disagreement {
    pub kind: Kind,
    /// A's span (absent for `extra`).
    pub a: Option<SpanView>,
    /// B's span (absent for `missing`).
    pub b: Option<SpanView>,
    /// 1-based line and code-point column in the document where the disagreement starts.
    pub line: usize,
    pub column: usize,
    /// The excerpt with A's spans marked.
    pub a_marked: String,
    /// The excerpt with B's spans marked.
    pub b_marked: String,
    /// Word diff of `a_marked` against `b_marked`.
    pub word_diff: Vec<Piece>,
}

/// Every disagreement of annotator `a` with annotator `b` on one document.
#[derive(Clone, Debug, Serialize)]
pub struct AnnotatorDiff {
    pub document: String,
    pub a: String,
    pub b: String,
    /// Spans both have, identically.
    pub agreed: usize,
    pub a_spans: usize,
    pub b_spans: usize,
    /// Sorted by position.
    pub disagreements: Vec<Disagreement>,
}

impl AnnotatorDiff {
    pub fn count(&self, kind: Kind) -> usize {
        self.disagreements.iter().filter(|d| d.kind == kind).count()
    }
}

/// Two annotators' files on one document of a project, validated. Loading and diffing are two
/// steps so that a caller can report the validation errors before the diff (or its failure).
#[derive(Debug)]
pub struct AnnotatorFiles {
    document: String,
    a: String,
    b: String,
    run: Run,
}

impl AnnotatorFiles {
    /// Validates `annotations/<a>/<document>.yaml` and `annotations/<b>/<document>.yaml` under
    /// `root` (`gold/<document>.yaml` for a side named `gold`); either file missing is an error.
    pub fn load(root: &Path, document: &str, a: &str, b: &str) -> Result<AnnotatorFiles, DiffError> {
        let layout = Layout::new(root);
        let path_of = |who: &str| {
            if who == GOLD {
                root.join("gold").join(format!("{document}.yaml"))
            } else {
                layout.annotation_path(who, document)
            }
        };
        let paths = [path_of(a), path_of(b)];
        for (who, path) in [a, b].into_iter().zip(&paths) {
            if !path.is_file() {
                return Err(if who == GOLD {
                    DiffError::NoGoldFile { document: document.to_owned(), path: path.clone() }
                } else {
                    DiffError::NoFile { annotator: who.to_owned(), document: document.to_owned(), path: path.clone() }
                });
            }
        }
        let run = concord_validate::validate(root, &paths).map_err(DiffError::Project)?;
        Ok(AnnotatorFiles { document: document.to_owned(), a: a.to_owned(), b: b.to_owned(), run })
    }

    /// Validation errors in the two files (their spans that fail are left out of the diff).
    pub fn errors(&self) -> usize {
        self.run.errors()
    }

    /// The disagreements of `a` with `b`; an error when the document or a file is unusable.
    pub fn diff(&self) -> Result<AnnotatorDiff, DiffError> {
        diff_sides(&self.run.set, &self.document, &self.a, &self.b)
    }
}

/// Compares side `a` with side `b` on the document `document` of `set`, where either side may
/// be `gold` (the document's gold spans). A side with no spans there is an error.
pub fn diff_sides(set: &AnnotationSet, document: &str, a: &str, b: &str) -> Result<AnnotatorDiff, DiffError> {
    let doc = set.document(document).ok_or_else(|| DiffError::NoDocument(document.to_owned()))?;
    let spans = |who: &str| -> Result<&Vec<Span>, DiffError> {
        if who == GOLD {
            set.gold.get(document).ok_or_else(|| DiffError::NoGold(document.to_owned()))
        } else {
            doc.by_annotator
                .get(who)
                .ok_or_else(|| DiffError::NotAnnotated { annotator: who.to_owned(), document: document.to_owned() })
        }
    };
    let (sa, sb) = (spans(a)?, spans(b)?);
    Ok(compare(&doc.id, &doc.text, a, sa, b, sb))
}

/// Compares annotator `a` with annotator `b` on `doc`. Either not having a file for the document
/// ("not annotated") is an error: there is nothing to compare.
pub fn diff_annotators(doc: &DocumentAnnotations, a: &str, b: &str) -> Result<AnnotatorDiff, DiffError> {
    let spans = |who: &str| {
        doc.by_annotator
            .get(who)
            .ok_or_else(|| DiffError::NotAnnotated { annotator: who.to_owned(), document: doc.id.clone() })
    };
    let (sa, sb) = (spans(a)?, spans(b)?);
    Ok(compare(&doc.id, &doc.text, a, sa, b, sb))
}

/// Compares two span lists over one text (no file needed).
pub fn compare(document: &str, text: &Text, a: &str, sa: &[Span], b: &str, sb: &[Span]) -> AnnotatorDiff {
    let alignment = align(sa, sb);
    let differences = &alignment.differences;
    let disagreements = differences
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (start, end) = d.extent();
            let w = excerpt::window(text, start, end, excerpt::CONTEXT);
            // Each excerpt shows one disagreement: the spans of the others are left unmarked
            // (they have their own entries), the spans both agree on are marked for context.
            let others = |side: fn(&Difference) -> &Option<Span>| -> HashSet<&Span> {
                differences.iter().enumerate().filter(|&(j, _)| j != i).filter_map(|(_, o)| side(o).as_ref()).collect()
            };
            let (other_a, other_b) = (others(|o| &o.a), others(|o| &o.b));
            let shown_a: Vec<Span> = sa.iter().filter(|s| !other_a.contains(s)).cloned().collect();
            let shown_b: Vec<Span> = sb.iter().filter(|s| !other_b.contains(s)).cloned().collect();
            let a_marked = excerpt::mark(text, &shown_a, w);
            let b_marked = excerpt::mark(text, &shown_b, w);
            let word_diff = excerpt::word_diff(&a_marked, &b_marked);
            let (line, column) = text.line_col(start);
            Disagreement {
                kind: d.kind,
                a: d.a.as_ref().map(|s| SpanView::new(s, text)),
                b: d.b.as_ref().map(|s| SpanView::new(s, text)),
                line,
                column,
                a_marked,
                b_marked,
                word_diff,
            }
        })
        .collect();
    AnnotatorDiff {
        document: document.to_owned(),
        a: a.to_owned(),
        b: b.to_owned(),
        agreed: alignment.agreed,
        a_spans: sa.len(),
        b_spans: sb.len(),
        disagreements,
    }
}
