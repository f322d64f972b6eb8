//! Gold files (`gold/<document>.yaml`, docs/curation.md): every check of an annotation span runs
//! on each span, candidate and rejection through the same functions, and the gold (`spans` plus
//! accepted candidates) is checked against the overlap policy and for duplicates as an annotation
//! file is. On top: votes must name annotators that have a file for the document (C027) and
//! match what their files say now (C028), `stale: true` asks for review (C029), and an undecided
//! candidate leaves its question open (C030).
//!
//! Boundary warnings (C020, C021, C026) are kept for the gold only: a rejected or open candidate
//! is an annotator's span, already warned about in their file. C017 is dropped: a gold span
//! without offsets is a schema error (C008), and `fix` does not write gold files.

use std::collections::{BTreeMap, BTreeSet};

use concord_schema::gold::{GoldEntry, GoldFile, QuestionEntry};
use concord_schema::layout::is_reserved_annotator;

use super::keys::GOLD_KEYS;
use super::*;

/// The annotators that have a file for one document: name → the spans of that file that pass
/// validation, or `None` when the file could not be read as YAML (its votes cannot be checked).
pub type AnnotatorFiles = BTreeMap<String, Option<Vec<Span>>>;

/// The outcome for one gold file.
#[derive(Debug, Default)]
pub struct GoldReport {
    pub diagnostics: Vec<Diagnostic>,
    /// The gold spans (`spans` and accepted candidates) that passed every check on them, sorted;
    /// `None` when the file could not be read as YAML.
    pub spans: Option<Vec<Span>>,
    /// Questions with at least one undecided candidate.
    pub open_questions: usize,
    /// Undecided candidates.
    pub open_candidates: usize,
    /// Decisions marked `stale: true` (C029) or whose votes differ from the files (C028).
    pub stale: usize,
}

/// Checks one gold file, given its source, its document id (file stem), the gold schema, and the
/// annotators that have a file for the document.
pub fn check_gold_file(
    ctx: &Context<'_>,
    schema: Option<&jsonschema::Validator>,
    path: &Path,
    document: &str,
    files: &AnnotatorFiles,
    source: Result<String, LoadError>,
) -> GoldReport {
    let mut report = GoldReport::default();
    let mut counts = (0, 0, 0);
    report.spans = with_tree(path, source, &mut report.diagnostics, |tree, out| {
        let spans = check_gold_tree(ctx, schema, path, document, files, tree, out, &mut counts);
        ctx.checks.apply(out);
        spans
    })
    .flatten();
    (report.open_questions, report.open_candidates, report.stale) = counts;
    report
}

#[allow(clippy::too_many_arguments)] // the one private step of `check_gold_file`
fn check_gold_tree(
    ctx: &Context<'_>,
    schema: Option<&jsonschema::Validator>,
    path: &Path,
    document: &str,
    files: &AnnotatorFiles,
    tree: &Node,
    out: &mut Vec<Diagnostic>,
    counts: &mut (usize, usize, usize),
) -> Option<Vec<Span>> {
    duplicate_keys(path, tree, out);
    schema_errors(schema, None, &GOLD_KEYS, path, tree, out);
    let file = GoldFile::decode(tree);
    let fields = Identity { document: file.document.as_ref(), annotator: None };
    let (doc, pin_stale) = identity(ctx, path, document, fields, file.text_sha256.as_ref(), out);
    let curated: Option<BTreeSet<&str>> = file.curation.as_ref().map(|c| c.annotator_names().collect());

    let mut placed: Vec<(Span, &SpanEntry<'_>)> = Vec::new();
    let mut spans = Vec::new();
    for entry in file.entries() {
        let mut found = Vec::new();
        let span = check_span(ctx, path, doc, &entry.span, &mut found);
        let gold = entry.is_gold();
        found.retain(|d| match d.code {
            Code::MissingOffsets => false,
            Code::CutsWord | Code::EdgeWhitespace | Code::SpanBoundary => gold,
            _ => true,
        });
        out.extend(found);
        if gold && let Some(span) = span {
            placed.push((span.clone(), &entry.span));
            if !pin_stale {
                spans.push(span);
            }
        }
        let before = out.len();
        if votes(path, entry, files, curated.as_ref(), out) {
            counts.2 += 1;
        }
        // C028 and C029 are about this entry's span: per-label settings apply to them.
        if let Some(label) = &entry.span.label {
            for d in &mut out[before..] {
                if d.code.about_one_span() {
                    d.span_label = Some(label.value.to_owned());
                }
            }
        }
    }
    overlaps_and_duplicates(ctx, path, &mut placed, out);
    for question in file.questions() {
        if question.is_open() {
            counts.0 += 1;
            counts.1 += question.open_candidates();
            out.push(open_question(path, doc, question));
        }
    }
    file.spans.as_ref()?;
    spans.sort();
    Some(spans)
}

/// The checks of one entry's votes; returns whether the entry counts as stale.
fn votes(
    path: &Path,
    entry: &GoldEntry<'_>,
    files: &AnnotatorFiles,
    curated: Option<&BTreeSet<&str>>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    for name in entry.votes.iter().flat_map(|v| v.value.iter()) {
        if !files.contains_key(name.value) {
            let mut d = Diagnostic::new(
                Code::GoldUnknownVoter,
                path,
                name.at.line,
                name.at.column,
                format!("`{}` has no annotation file for this document", name.value),
            )
            .width(name.value.chars().count())
            .label("a vote names an annotator whose file has this span");
            d = if is_reserved_annotator(name.value) {
                d.help("`gold` is the gold standard, not an annotator")
            } else {
                let known: Vec<&str> = files.keys().map(String::as_str).collect();
                d.help(if known.is_empty() {
                    "no annotator has a file for this document".to_owned()
                } else {
                    format!("annotators with a file for it: {}", known.join(", "))
                })
            };
            out.push(d);
        }
    }
    if let Some(stale) = &entry.stale
        && stale.value
    {
        out.push(
            Diagnostic::new(
                Code::GoldMarkedStale,
                path,
                stale.key.line,
                stale.key.column,
                "marked `stale: true`: the annotators' files changed since this was decided",
            )
            .width("stale".len())
            .help("review it, correct `votes` (or the decision), then remove `stale: true`"),
        );
        return true;
    }
    let (Some(curated), Some(votes), Some((start, end)), Some(label), true) =
        (curated, &entry.votes, entry.span.range(), &entry.span.label, entry.is_decided())
    else {
        return false;
    };
    // Only annotators whose files could be read can be compared; unknown voters are C027.
    let comparable = |name: &str| files.get(name).is_some_and(Option::is_some);
    let written: BTreeSet<&str> = votes.value.iter().map(|f| f.value).filter(|n| comparable(n)).collect();
    let now: BTreeSet<&str> = files
        .iter()
        .filter(|(name, _)| curated.contains(name.as_str()))
        .filter(|(_, spans)| spans.iter().flatten().any(|s| s.key() == (start, end, label.value)))
        .map(|(name, _)| name.as_str())
        .collect();
    if written == now {
        return false;
    }
    let list = |set: &BTreeSet<&str>| {
        if set.is_empty() { "nobody".to_owned() } else { set.iter().copied().collect::<Vec<_>>().join(", ") }
    };
    let mut d = Diagnostic::new(
        Code::GoldStale,
        path,
        votes.key.line,
        votes.key.column,
        format!("`votes` differ from the annotators' files: the files now give {}", list(&now)),
    )
    .width("votes".len());
    let gone: BTreeSet<&str> = written.difference(&now).copied().collect();
    let new: BTreeSet<&str> = now.difference(&written).copied().collect();
    if !gone.is_empty() {
        d = d.help(format!("no longer have [{start}, {end}) {}: {}", label.value, list(&gone)));
    }
    if !new.is_empty() {
        d = d.help(format!("now have it: {}", list(&new)));
    }
    out.push(d.help("run `cargo xtask curate` to mark it `stale: true`, then review the decision"));
    true
}

/// C030 at the question, listing its undecided candidates and showing the place in the document.
fn open_question(path: &Path, doc: Option<&Document>, question: &QuestionEntry<'_>) -> Diagnostic {
    let candidates = question.candidates.as_ref().map_or(&[][..], |c| c.items.as_slice());
    let mut d = Diagnostic::new(
        Code::GoldOpenQuestion,
        path,
        question.node.start.line,
        question.node.start.column,
        format!("an open question: {} of {} candidates undecided", question.open_candidates(), candidates.len()),
    );
    for candidate in candidates.iter().filter(|c| c.decision.is_none()) {
        let span = &candidate.span;
        let (Some((start, end)), Some(label)) = (span.range(), &span.label) else { continue };
        let text = span.text.as_ref().map_or(String::new(), |t| format!(" “{}”", span::one_line(t.value)));
        let voters: Vec<&str> = candidate.vote_names().collect();
        d = d.help(format!(
            "line {}: [{start}, {end}) {}{text}, votes: {}",
            span.at.line,
            label.value,
            if voters.is_empty() { "none".to_owned() } else { voters.join(", ") }
        ));
    }
    let ranges: Vec<(usize, usize)> = candidates.iter().filter_map(|c| c.span.range()).collect();
    let place = ranges.iter().map(|r| r.0).min().zip(ranges.iter().map(|r| r.1).max());
    if let (Some(doc), Some((start, end))) = (doc, place)
        && start < end
        && end <= doc.text.len_chars()
    {
        d = d.corpus(CorpusRef::new(doc, start, end, "the place"));
    }
    d.help("write `decision: accept` or `decision: reject` on each candidate")
}
