//! Selection by names and globs, on a set with curly quotes, emoji and a gold standard.

use std::collections::BTreeMap;

use super::*;
use crate::{DocumentAnnotations, Span, Text};

fn doc(id: &str, text: &str, who: &[(&str, Vec<Span>)]) -> DocumentAnnotations {
    DocumentAnnotations {
        id: id.to_owned(),
        text: Text::new(text.to_owned()),
        by_annotator: who.iter().map(|(a, s)| ((*a).to_owned(), s.clone())).collect::<BTreeMap<_, _>>(),
    }
}

fn set() -> AnnotationSet {
    let t1 = "“ISIS” 🇵🇰 hoisted flags\u{2028}in Punjab 😀.";
    let t2 = "Daesh — or ISIS…";
    let mut s = AnnotationSet::new(
        vec!["GPE".into(), "MILITANT_GROUP".into()],
        vec![
            doc(
                "d1",
                t1,
                &[
                    ("pilot-1", vec![Span::new(1, 5, "MILITANT_GROUP")]),
                    ("pilot-2", vec![]),
                    ("annotator-b", vec![Span::new(26, 32, "GPE")]),
                ],
            ),
            doc("d2", t2, &[("annotator-b", vec![Span::new(0, 5, "MILITANT_GROUP")])]),
        ],
    );
    s.gold.insert("d1".into(), vec![Span::new(1, 5, "MILITANT_GROUP")]);
    s.gold.insert("d2".into(), vec![Span::new(0, 5, "MILITANT_GROUP")]);
    s
}

#[test]
fn globs_match_whole_names() {
    assert!(glob_matches("pilot-*", "pilot-1"));
    assert!(glob_matches("pilot-*", "pilot-"));
    assert!(!glob_matches("pilot-*", "xpilot-1"));
    assert!(glob_matches("*-?", "pilot-1"));
    assert!(!glob_matches("*-?", "pilot-12"));
    assert!(glob_matches("a*b*c", "aXXbYYbZc"));
    assert!(!glob_matches("a*b*c", "aXXbYYbZ"));
    assert!(glob_matches("*", ""));
    assert!(glob_matches("?😀", "é😀"), "code points, not bytes");
    assert!(!glob_matches("", "a"));
    // Many stars on a long name stay fast (no exponential backtracking).
    let long = "a".repeat(10_000);
    assert!(!glob_matches(&format!("{}b", "*a".repeat(50)), &long));
}

#[test]
fn selection_keeps_only_the_chosen_and_drops_emptied_documents() {
    let s = set().select(&["pilot-*"]).unwrap();
    assert_eq!(s.annotators, ["pilot-1", "pilot-2"]);
    assert_eq!(s.documents.len(), 1, "d2 had only annotator-b");
    assert_eq!(s.documents[0].by_annotator.keys().collect::<Vec<_>>(), ["pilot-1", "pilot-2"]);
    // The empty file stays an empty file ("annotated, found nothing").
    assert_eq!(s.documents[0].by_annotator["pilot-2"], vec![]);
    // The gold stays, for the documents kept.
    assert_eq!(s.gold.keys().collect::<Vec<_>>(), ["d1"]);
    assert_eq!(s.documents[0].text.as_str(), set().documents[0].text.as_str());
}

#[test]
fn several_patterns_add_up_and_everyone_is_the_whole_set() {
    let full = set();
    let s = full.select(&["annotator-b", "pilot-1"]).unwrap();
    assert_eq!(s.annotators, ["annotator-b", "pilot-1"]);
    let all = full.select(&["*"]).unwrap();
    assert_eq!(all.annotators, full.annotators);
    assert_eq!(all.documents.len(), full.documents.len());
    assert_eq!(all.gold, full.gold);
}

#[test]
fn a_pattern_that_matches_nobody_is_an_error_listing_the_annotators() {
    let e = set().select(&["pilot-*", "anotator-b"]).unwrap_err();
    assert_eq!(e.to_string(), "`anotator-b` matches no annotator; the annotators are: annotator-b, pilot-1, pilot-2");
    assert_eq!(set().select::<&str>(&[]).unwrap_err(), SelectError::Empty);
    assert_eq!(set().select(&["pilot-1", ""]).unwrap_err(), SelectError::EmptyPattern);
    let empty = AnnotationSet::default();
    assert_eq!(empty.select(&["x"]).unwrap_err().to_string(), "`x` matches no annotator; the annotators are: (none)");
    assert_eq!(empty.select(&["gold"]).unwrap_err(), SelectError::NoGold);
}

#[test]
fn gold_is_selected_by_its_exact_name_only() {
    let s = set().select(&["gold"]).unwrap();
    assert!(s.annotators.is_empty());
    assert_eq!(s.documents.len(), 2, "documents with a gold file stay");
    assert!(s.documents.iter().all(|d| d.by_annotator.is_empty()));
    assert!(selects_gold(&["gold"]) && !selects_gold(&["g*"]));
    // A glob never selects the gold as an annotator.
    let g = set().select(&["*"]).unwrap();
    assert!(!g.annotators.iter().any(|a| a == GOLD));
    // Lenient selection for a base revision: nobody matched, nothing kept, no error.
    let none = set().select_matching(&["nobody-*"]);
    assert!(none.annotators.is_empty() && none.documents.is_empty() && none.gold.is_empty());
}
