//! Figures against the gold on a hand-made example (curly quotes, emoji, a flag, U+2028) and on
//! nervaluate's published README example.

use std::collections::BTreeMap;

use concord_schema::{DocumentAnnotations, Text};

use super::*;
use crate::compute;

/// Code-point offsets of the first `needle` in `text`.
fn at(text: &str, needle: &str, label: &str) -> Span {
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    Span::new(start, start + needle.chars().count(), label)
}

fn doc(id: &str, text: &str, who: Vec<(&str, Vec<Span>)>) -> DocumentAnnotations {
    DocumentAnnotations {
        id: id.to_owned(),
        text: Text::new(text.to_owned()),
        by_annotator: who.into_iter().map(|(a, s)| (a.to_owned(), s)).collect::<BTreeMap<_, _>>(),
    }
}

const T1: &str = "“ISIS” 🇵🇰 said Altaf Hussain\u{2028}in Quetta 😀 — Balochistan’s capital.";
const T2: &str = "No one — “nothing”… 👍🏽";

fn example() -> AnnotationSet {
    let labels = ["PERSON", "MILITANT_GROUP", "GPE"].map(String::from).to_vec();
    let mut set = AnnotationSet::new(
        labels,
        vec![
            doc(
                "doc-1",
                T1,
                vec![
                    (
                        "ann-a",
                        vec![
                            at(T1, "ISIS", "MILITANT_GROUP"),
                            at(T1, "Altaf Hussain", "PERSON"),
                            at(T1, "Quetta", "PERSON"),
                            at(T1, "Balochistan’s", "GPE"),
                            at(T1, "capital", "GPE"),
                        ],
                    ),
                    ("ann-c", vec![at(T1, "Quetta", "GPE")]),
                ],
            ),
            // ann-b annotated doc-2 and found nothing; ann-a has no file for it.
            doc("doc-2", T2, vec![("ann-b", vec![])]),
            // ann-d has a file only where there is no gold.
            doc("doc-3", "Nothing “here”.", vec![("ann-d", vec![])]),
        ],
    );
    set.gold.insert(
        "doc-1".into(),
        vec![
            at(T1, "ISIS", "MILITANT_GROUP"),
            at(T1, "Altaf Hussain", "PERSON"),
            at(T1, "Quetta", "GPE"),
            at(T1, "Balochistan", "GPE"),
        ],
    );
    set.gold.insert("doc-2".into(), vec![at(T2, "nothing", "GPE")]);
    set
}

fn close(a: Option<f64>, b: f64) {
    let a = a.unwrap();
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

#[test]
fn hand_checked_precision_recall_and_f1() {
    let set = example();
    let gold = compare(&set, &set.labels, &Options { resamples: 0, ..Options::default() });
    assert_eq!((gold.gold_documents, gold.gold_spans), (2, 5));
    let a = &gold.annotators[0];
    assert_eq!((a.annotator.as_str(), a.documents), ("ann-a", 1));
    // Strict: ISIS and Altaf Hussain correct; Quetta (label) and Balochistan’s (boundary)
    // incorrect; "capital" spurious. P = 2/5, R = 2/4, F1 = 4/9.
    let c = &a.strict;
    assert_eq!((c.correct, c.incorrect, c.partial, c.missed, c.spurious), (2, 2, 0, 0, 1));
    close(c.precision, 0.4);
    close(c.recall, 0.5);
    close(c.f1, 4.0 / 9.0);
    // Exact ignores the label: Quetta counts. P = 3/5, R = 3/4.
    close(a.exact.precision, 0.6);
    close(a.exact.recall, 0.75);
    // Partial: Balochistan’s counts half. P = 3.5/5, R = 3.5/4.
    close(a.partial.precision, 0.7);
    close(a.partial.recall, 0.875);
    // Type: same label and overlap; Quetta is the wrong label.
    close(a.type_.precision, 0.6);
    close(a.type_.recall, 0.75);
    // Per label: GPE's gold spans are Quetta and Balochistan; ann-a's GPE spans are
    // Balochistan’s and capital (its Quetta is PERSON): no strict match, 2 missed.
    let gpe = a.per_label.iter().find(|l| l.label == "GPE").unwrap();
    assert_eq!((gpe.strict.correct, gpe.strict.possible, gpe.strict.actual), (0, 2, 2));
    close(gpe.strict.precision, 0.0);
    let person = a.per_label.iter().find(|l| l.label == "PERSON").unwrap();
    assert_eq!((person.strict.correct, person.strict.possible, person.strict.actual), (1, 1, 2));
    // Per document: only doc-1 (ann-a has no file for doc-2).
    assert_eq!(a.per_document.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["doc-1"]);
}

#[test]
fn empty_files_and_missing_files_are_kept_apart() {
    let set = example();
    let gold = compare(&set, &set.labels, &Options { resamples: 0, ..Options::default() });
    // ann-b found nothing on doc-2: recall 0, precision undefined (it has no spans).
    let b = &gold.annotators[1];
    assert_eq!((b.annotator.as_str(), b.documents), ("ann-b", 1));
    assert_eq!(b.strict.recall, Some(0.0));
    assert_eq!(b.strict.precision, None);
    assert_eq!(b.strict.precision_undefined.as_deref(), Some("the annotator has no spans"));
    // ann-d has no file on a document with gold: nothing compared, said so.
    let d = &gold.annotators[3];
    assert_eq!(d.documents, 0);
    assert_eq!(d.strict.f1, None);
    assert_eq!(d.strict.f1_undefined.as_deref(), Some("no document has both a gold file and this annotator's file"));
}

/// nervaluate 1.2.1's README usage example (two documents, token offsets made half-open) with
/// the true spans as the gold: strict 2 correct of 5 (P = R = F1 = 0.40), partial 2 correct and
/// 3 partial (P = R = 0.70), type 5 correct (1.0), exact as strict.
#[test]
fn nervaluate_readme_example_against_the_gold() {
    let s = Span::new;
    let text = "tok tok tok tok";
    let mut set = AnnotationSet::new(
        ["PER", "ORG", "LOC", "DATE"].map(String::from).to_vec(),
        vec![
            doc("d1", text, vec![("system", vec![s(2, 4, "PER"), s(6, 8, "ORG")])]),
            doc("d2", text, vec![("system", vec![s(1, 3, "LOC"), s(3, 4, "PER"), s(6, 7, "DATE")])]),
        ],
    );
    set.gold.insert("d1".into(), vec![s(1, 3, "PER"), s(6, 8, "ORG")]);
    set.gold.insert("d2".into(), vec![s(1, 2, "LOC"), s(2, 4, "PER"), s(6, 7, "DATE")]);
    let gold = compare(&set, &set.labels, &Options { resamples: 0, ..Options::default() });
    let a = &gold.annotators[0];
    for (scheme, p) in [(&a.strict, 0.4), (&a.exact, 0.4), (&a.partial, 0.7), (&a.type_, 1.0)] {
        close(scheme.precision, p);
        close(scheme.recall, p);
        close(scheme.f1, p);
    }
    assert_eq!((a.partial.correct, a.partial.partial), (2, 3));
}

#[test]
fn intervals_are_seeded_and_bracket_the_resamples() {
    let set = example();
    let options = Options { resamples: 200, ..Options::default() };
    let one = compare(&set, &set.labels, &options);
    assert_eq!(one, compare(&set, &set.labels, &options));
    let a = &one.annotators[0];
    // ann-a has one compared document: every resample that draws it gives the same figure.
    let ci = a.strict_f1_ci.as_ref().unwrap();
    assert!((ci.low - 4.0 / 9.0).abs() < 1e-12 && (ci.high - 4.0 / 9.0).abs() < 1e-12, "{ci:?}");
    assert!(ci.undefined_resamples > 0, "resamples without doc-1 are undefined");
    let off = compare(&set, &set.labels, &Options { resamples: 0, ..Options::default() });
    assert_eq!(off.annotators[0].strict_f1_ci_undefined.as_deref(), Some("bootstrap disabled (0 resamples)"));
}

#[test]
fn the_report_has_the_gold_only_when_there_is_one() {
    let mut set = example();
    let options = Options { resamples: 20, gamma: false, ..Options::default() };
    let with = compute(&set, &options);
    assert!(with.against_gold.is_some());
    assert!(
        crate::render_text(&with).contains("against the gold standard (2 documents with a gold file, 5 gold spans)")
    );
    set.gold.clear();
    let without = compute(&set, &options);
    assert!(without.against_gold.is_none());
    let json = serde_json::to_string(&without).unwrap();
    assert!(!json.contains("against_gold"));
    // Everything else is the same with or without the gold.
    let mut stripped = with.clone();
    stripped.against_gold = None;
    assert_eq!(stripped, without);
}
