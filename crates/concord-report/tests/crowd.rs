//! Reports of a crowd (issue 12): past twelve annotators the Markdown and HTML give the
//! pairwise figures as a distribution with the best and worst pairs and annotators, and every
//! Markdown budget is kept, whatever the number of annotators; a report too large for the
//! limits is refused with what to do.

use concord_agreement::Options;
use concord_agreement::synthetic::{SynthOptions, corpus};
use concord_report::html::{self, HtmlOptions};
use concord_report::markdown;
use concord_report::{Inputs, Validation};

/// `annotators` raters, each with a file for about a third of `documents`.
fn crowd(annotators: usize, documents: usize) -> Inputs {
    let set = corpus(&SynthOptions {
        seed: 3,
        documents,
        annotators,
        spans: 5,
        words: 50,
        missing: 0.7,
        ..SynthOptions::default()
    });
    let report = concord_agreement::compute(&set, &Options { resamples: 0, gamma: false, ..Options::default() });
    Inputs {
        report,
        set,
        validation: Validation { files: documents * annotators / 3, errors: 0, warnings: 0 },
        labels: None,
        base: None,
        curation: None,
    }
}

#[test]
fn a_crowd_gets_a_summary_not_a_pair_table() {
    let inputs = crowd(40, 120);
    let crowd = inputs.report.crowd.as_ref().expect("crowd layout");
    let md = markdown::render(&inputs, 60_000);
    assert!(md.contains("### Pairs and annotators (crowd layout)"), "{md}");
    assert!(md.contains(&format!("{} pairs share at least one document", crowd.pairs)), "{md}");
    assert!(md.contains("| **mean over pairs** ("), "{md}");
    assert!(md.contains("**Worst annotators against the others**"), "{md}");
    let worst = &crowd.worst_pairs[0];
    assert!(md.contains(&format!("| {} × {} | {} |", worst.a, worst.b, worst.documents)), "{md}");
    assert!(md.len() <= 60_000);

    let page = html::render(&inputs, &HtmlOptions::default());
    assert!(page.contains("<h2>Pairs and annotators</h2>"));
    assert!(page.contains("mean over pairs"));

    let text = concord_agreement::render_text(&inputs.report);
    assert!(text.contains("share a document: per pair"), "{text}");
    assert!(text.contains("strict F1: pooled over pairs"), "{text}");
}

#[test]
fn every_budget_is_kept_whatever_the_number_of_annotators() {
    for (annotators, documents) in [(12, 40), (13, 40), (60, 400)] {
        let inputs = crowd(annotators, documents);
        for budget in [6_000, 12_000, 60_000] {
            let md = markdown::render(&inputs, budget);
            assert!(md.len() <= budget, "{annotators} annotators: {} > {budget}", md.len());
            if md.contains("Shortened to stay under") {
                assert!(md.contains(&format!("under {budget} characters")));
            }
        }
    }
    // Twelve annotators (66 pairs) in a small budget: the pair rows are cut and said to be.
    let md = markdown::render(&crowd(12, 40), 3_500);
    assert!(md.len() <= 3_500, "{}", md.len());
    assert!(md.contains("of the summary table"), "{}\n{md}", md.len());
}

#[test]
fn a_report_past_the_size_limit_is_refused_with_what_to_do() {
    let set = corpus(&SynthOptions { seed: 3, documents: 20, annotators: 8, ..SynthOptions::default() });
    let options = Options { max_pair_documents: 100, ..Options::default() };
    let err = concord_agreement::check_size(&set, &options).expect_err("too large");
    assert!(err.pair_documents > 100);
    let message = err.to_string();
    assert!(message.contains("past the limit of 100") && message.contains("--annotators"), "{message}");
    assert!(concord_agreement::check_size(&set, &Options::default()).is_ok());
}

#[test]
fn documents_left_out_of_gamma_are_said_in_markdown_and_html() {
    let mut inputs = crowd(4, 10);
    let o = &mut inputs.report.overall;
    (o.gamma, o.gamma_undefined, o.gamma_documents, o.gamma_documents_too_complex) = (Some(0.8), None, 8, 2);
    let md = markdown::render(&inputs, 60_000);
    assert!(md.contains("γ pools 8 documents; 2 documents too complex to compute left out"), "{md}");
    let page = html::render(&inputs, &HtmlOptions::default());
    assert!(page.contains("γ pools 8 documents; 2 documents too complex to compute left out"));
    // None left out: no such line.
    inputs.report.overall.gamma_documents_too_complex = 0;
    assert!(!markdown::render(&inputs, 60_000).contains("too complex"));
}

#[test]
fn fewer_gamma_samples_are_said_in_markdown_and_html() {
    let mut inputs = crowd(4, 10);
    let note = "γ's chance disorder from 10 samples per document, not pygamma's 30";
    assert!(!markdown::render(&inputs, 60_000).contains("chance disorder from"));
    inputs.report.options.gamma_samples = 10;
    let md = markdown::render(&inputs, 60_000);
    assert!(md.lines().take(5).any(|l| l.contains(note)), "{md}");
    let page = html::render(&inputs, &HtmlOptions::default());
    let header = page.split("</div>").next().unwrap_or_default();
    assert!(header.contains("γ&#39;s chance disorder from 10 samples per document, not pygamma&#39;s 30"), "{header}");
}
