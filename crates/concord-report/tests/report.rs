//! The reports on the fixture project (3 documents with curly quotes, dashes and an ellipsis;
//! 3 annotators, one of them with an empty file and one document not annotated) and on a large
//! synthetic corpus (the comment budget).

use std::path::Path;

use concord_agreement::Options;
use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_report::html::{self, HtmlOptions};
use concord_report::markdown::{self, GITHUB_COMMENT_LIMIT};
use concord_report::{Inputs, Validation, load};

const ROOT: &str = "tests/fixtures/project";

fn options() -> Options {
    Options { resamples: 200, ..Options::default() }
}

#[test]
fn markdown_of_the_fixture() {
    let inputs = load(Path::new(ROOT), None, &options()).expect("loads");
    assert_eq!(inputs.validation, Validation { files: 8, errors: 0, warnings: 0 });
    insta::assert_snapshot!("fixture_markdown", markdown::render(&inputs, 60_000));
}

#[test]
fn undefined_figures_say_why() {
    // With gamma turned off its reason shows, not a blank or 0.
    let inputs = load(Path::new(ROOT), None, &Options { gamma: false, ..options() }).expect("loads");
    let md = markdown::render(&inputs, 60_000);
    assert!(md.contains("n/a (not computed)"), "{md}");
}

fn synthetic_inputs(documents: usize) -> Inputs {
    let set = corpus(&SynthOptions { documents, ..SynthOptions::default() });
    let report = concord_agreement::compute(&set, &Options { resamples: 0, ..Options::default() });
    Inputs {
        report,
        set,
        validation: Validation { files: documents * 3, errors: 0, warnings: 0 },
        labels: None,
        base: None,
        curation: None,
    }
}

#[test]
fn a_large_corpus_fits_a_github_comment_and_says_it_was_shortened() {
    let inputs = synthetic_inputs(1_000);
    for budget in [GITHUB_COMMENT_LIMIT - 5_000, 20_000, 8_000] {
        let md = markdown::render(&inputs, budget);
        assert!(md.chars().count() <= budget, "{budget}: {}", md.chars().count());
        assert!(md.contains("Shortened to stay under"), "{budget}");
        // Never a half-open folded section.
        assert_eq!(md.matches("<details>").count(), md.matches("</details>").count(), "{budget}");
        assert!(md.contains("### Summary") && md.contains("### Per label"), "{budget}");
    }
}

#[test]
fn html_is_self_contained_and_draws_nested_spans() {
    let inputs = load(Path::new(ROOT), None, &options()).expect("loads");
    let page = html::render(&inputs, &HtmlOptions::default());
    for forbidden in ["<script", "http://", "https://", "src=", "@import", "url(", "<link"] {
        assert!(!page.contains(forbidden), "{forbidden}");
    }
    // Label colours from labels.yaml, the heat map, the bars, and doc2's nested GPE in
    // MILITANT_GROUP ("Iraq" inside "Islamic State of Iraq and Syria") on two tracks.
    assert!(page.contains("background:#e63946"));
    assert!(page.contains("class=\"heat\"") && page.contains("class=\"bar\""));
    assert!(page.contains("box-shadow:inset 0 -3px 0 #e63946,inset 0 -6px 0 #8ecae6"), "nested underline missing");
    assert!(page.contains("(annotated, no spans)"));
    assert!(page.contains("“") && page.contains("—") && page.contains("…"));
}

#[test]
fn html_lists_what_it_does_not_draw() {
    let inputs = synthetic_inputs(50);
    let page = html::render(&inputs, &HtmlOptions { max_documents: 10 });
    assert_eq!(page.matches("<section class=\"doc\"").count(), 10);
    assert!(page.contains("40 more not drawn"));
}

/// The fixture with a gold standard: doc1's gold is annotator-a's spans, doc2's has one span
/// fewer than annotator-a's, and a span with an emoji-free curly-quoted text.
fn fixture_with_gold() -> Inputs {
    let mut inputs = load(Path::new(ROOT), None, &options()).expect("loads");
    let set = &mut inputs.set;
    for id in ["doc1", "doc2"] {
        let mut spans = set.document(id).expect("doc").by_annotator["annotator-a"].clone();
        if id == "doc2" {
            spans.pop();
        }
        set.gold.insert(id.to_owned(), spans);
    }
    inputs.report = concord_agreement::compute(set, &options());
    inputs
}

#[test]
fn markdown_with_a_gold_standard() {
    let inputs = fixture_with_gold();
    let md = markdown::render(&inputs, 60_000);
    // annotator-a wrote doc1's gold and one span more than doc2's: recall 1, precision below 1.
    let a = &inputs.report.against_gold.as_ref().expect("gold").annotators[0];
    assert_eq!(a.strict.recall, Some(1.0));
    assert!(a.strict.precision.is_some_and(|p| p < 1.0));
    assert!(md.contains("### Against the gold standard"), "{md}");
    assert_eq!(md.matches("<details>").count(), md.matches("</details>").count());
    insta::assert_snapshot!("fixture_markdown_gold", md);
}

#[test]
fn html_draws_the_gold_beside_the_annotators() {
    let inputs = fixture_with_gold();
    let page = html::render(&inputs, &HtmlOptions::default());
    assert!(page.contains("<h2>Against the gold standard</h2>"));
    // doc1 and doc2 have a gold column, doc3 none.
    assert_eq!(page.matches("<div class=\"col\" id=\"gold-").count(), 2);
    assert!(page.contains("<h4>gold · "));
    let plain = load(Path::new(ROOT), None, &options()).expect("loads");
    assert!(!html::render(&plain, &HtmlOptions::default()).contains("gold"));
}

#[test]
fn status_in_the_markdown_report() {
    let inputs = fixture_with_gold();
    let status = concord_report::status::build(&inputs.set, None);
    let md = markdown::render_with_status(&inputs, 60_000, Some(&status));
    assert!(md.contains("<b>Status</b>: 3 annotators · 3 documents · 2 with a gold file"), "{md}");
    assert!(md.contains("| `doc1` | annotator-a "), "{md}");
    // The same report without status is the plain render.
    assert_eq!(markdown::render_with_status(&inputs, 60_000, None), markdown::render(&inputs, 60_000));
}

#[test]
fn a_large_corpus_with_gold_and_status_keeps_the_budget() {
    let mut inputs = synthetic_inputs(1_000);
    for d in &inputs.set.documents {
        let mut spans = d.by_annotator.get("annotator-a").cloned().unwrap_or_default();
        spans.truncate(spans.len().saturating_sub(1));
        inputs.set.gold.insert(d.id.clone(), spans);
    }
    inputs.report =
        concord_agreement::compute(&inputs.set, &Options { resamples: 20, gamma: false, ..Options::default() });
    let status = concord_report::status::build(&inputs.set, None);
    for budget in [GITHUB_COMMENT_LIMIT - 5_000, 40_000, 20_000, 8_000] {
        let md = markdown::render_with_status(&inputs, budget, Some(&status));
        assert!(md.chars().count() <= budget, "{budget}: {}", md.chars().count());
        assert!(md.len() <= budget, "{budget}: {} bytes", md.len());
        assert!(md.contains("### Against the gold standard"), "{budget}");
        assert!(md.contains("Shortened to stay under"), "{budget}");
        assert_eq!(md.matches("<details>").count(), md.matches("</details>").count(), "{budget}");
    }
    let md = markdown::render_with_status(&inputs, 40_000, Some(&status));
    assert!(md.contains("of the status table") || md.contains("<b>Status</b>"), "{md}");
}
