//! brat standoff: round trips, the documentation-shaped fixtures in `fixtures/brat/`, malformed
//! input, and byte-stable exports.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use concord_convert::export::{ExportDocument, ExportSpan, write_outputs};
use concord_convert::import::{self, WriteOptions};
use concord_convert::{ConvertError, Corpus, Discontinuous, ErrorKind, ExportInput, Imported, ReadOptions, brat};
use concord_schema::{Document, LabelSet, OverlapPolicy, Text};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/brat/news")
}

fn split() -> ReadOptions {
    ReadOptions { discontinuous: Discontinuous::Split, ..ReadOptions::default() }
}

fn exported_dir(input: &ExportInput) -> tempfile::TempDir {
    let out = brat::export(input).expect("exports");
    let dir = tempfile::tempdir().expect("tempdir");
    write_outputs(dir.path(), &out.files).expect("writes");
    dir
}

fn notices(imported: &Imported) -> Vec<String> {
    imported.notices.iter().map(ToString::to_string).collect()
}

/// The error's text with the temporary folder taken out, for snapshots.
fn shown(e: &ConvertError, dir: &Path) -> String {
    e.to_string().replace(&format!("{}/", dir.display()), "").replace(&dir.display().to_string(), "PATH")
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

#[test]
fn round_trip_is_the_identity_with_notes_and_the_empty_annotation() {
    let input = common::input();
    let dir = exported_dir(&input);
    let imported = brat::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(common::flatten_imported(&imported, true), common::flatten_input(&input, true));
    // carol's empty file comes back as an annotation with no spans.
    assert!(imported.annotations.iter().any(|a| a.annotator == "carol" && a.spans.is_empty()));
    // The folder names were taken as annotators, and the notice says so.
    assert!(notices(&imported).iter().any(|n| n.contains(
        "annotators taken from the subfolder names: `alice` (2 file(s)), `bob` (1 file(s)), `carol` (1 file(s))"
    )));
    // The labels come back from annotation.conf and visual.conf.
    let declared = imported.declared_labels.as_deref().expect("annotation.conf is read");
    let back = concord_convert::import::label_set_from_declared(declared);
    let summary = |set: &LabelSet| -> Vec<(String, Option<String>, OverlapPolicy)> {
        set.labels.iter().map(|l| (l.name.clone(), l.color.clone(), l.overlap)).collect()
    };
    assert_eq!(summary(&back), summary(&input.labels));
}

#[test]
fn label_overlap_policies_survive_the_round_trip() {
    // Every label forbidding overlap (the repository's own label set) writes no rule at all.
    let mut input = common::input();
    for label in &mut input.labels.labels {
        label.overlap = OverlapPolicy::Forbid;
    }
    let dir = exported_dir(&input);
    let imported = brat::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    let back = concord_convert::import::label_set_from_declared(imported.declared_labels.as_deref().expect("declared"));
    assert!(back.labels.iter().all(|l| l.overlap == OverlapPolicy::Forbid));

    let mut input = common::input();
    input.labels.labels[0].overlap = OverlapPolicy::Forbid;
    input.labels.labels[1].overlap = OverlapPolicy::Allow;
    input.labels.labels[2].color = None;
    let dir = exported_dir(&input);
    let imported = brat::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    let back = concord_convert::import::label_set_from_declared(imported.declared_labels.as_deref().expect("declared"));
    let got: Vec<_> = back.labels.iter().map(|l| (l.overlap, l.color.clone())).collect();
    let want: Vec<_> = input.labels.labels.iter().map(|l| (l.overlap, l.color.clone())).collect();
    assert_eq!(got, want);
}

/// Spans over line breaks, a note of several lines, and a span that ends with a line break.
fn multiline_input() -> (ExportInput, Corpus) {
    let text = "Quetta 😀 — “ISIS”\nclaimed… the attack\r\non 3 May.\t🇵🇰\n\nPeshawar\n";
    let corpus = Corpus::from_documents([Document::from_text("lines_03", text.into())]);
    let span = |needle: &str, label: &str, note: Option<&str>| {
        let (start, end) = common::find(text, needle, 1);
        ExportSpan { start, end, label: label.into(), note: note.map(str::to_owned) }
    };
    let mut spans = vec![
        span("“ISIS”\nclaimed", "EVENT", Some("two lines\nof note\n\nand a blank one")),
        span("the attack\r\non 3 May.\t🇵🇰\n\nPeshawar", "EVENT", None),
        span("Peshawar", "GPE", Some("")),
        span("ISIS", "MILITANT_GROUP", None),
    ];
    spans.sort();
    let mut by_annotator = BTreeMap::new();
    by_annotator.insert("dana".to_owned(), spans);
    let doc = ExportDocument { id: "lines_03".into(), text: Text::new(text.into()), by_annotator };
    (ExportInput { labels: common::labels(), documents: vec![doc] }, corpus)
}

#[test]
fn spans_over_line_breaks_are_cut_by_the_export_and_joined_by_the_import() {
    let (input, corpus) = multiline_input();
    let out = brat::export(&input).expect("exports");
    let ann = out.files.iter().find(|f| f.path == Path::new("dana/lines_03.ann")).expect("ann");
    // Every line is ID⇥ANNOTATION⇥TEXT: no text holds a line break or a tab.
    assert!(ann.contents.lines().all(|l| l.split('\t').count() == 3), "{}", ann.contents);
    assert!(ann.contents.starts_with("T1\tEVENT 11 17;18 25\t“ISIS” claimed\n"), "{}", ann.contents);
    assert!(ann.contents.contains(
        "#1\tAnnotatorNotes T1\ttwo lines\n#2\tAnnotatorNotes T1\tof note\n#3\tAnnotatorNotes T1\t\n#4\tAnnotatorNotes T1\tand a blank one\n"
    ));
    let dir = tempfile::tempdir().expect("tempdir");
    write_outputs(dir.path(), &out.files).expect("writes");
    let imported = brat::import(dir.path(), &corpus, &ReadOptions::default()).expect("imports");
    assert_eq!(common::flatten_imported(&imported, true), common::flatten_input(&input, true));
    assert!(notices(&imported).iter().any(|n| n.contains(
        "2 entit(ies) made of fragments separated only by line breaks or spaces were read as one span each"
    )));
}

#[test]
fn edges_that_are_line_breaks_are_left_out_with_a_notice() {
    let text = "Quetta\nPeshawar\n";
    let mut by_annotator = BTreeMap::new();
    by_annotator.insert(
        "dana".to_owned(),
        vec![
            ExportSpan { start: 0, end: 7, label: "GPE".into(), note: None },
            ExportSpan { start: 6, end: 7, label: "GPE".into(), note: None },
        ],
    );
    let doc = ExportDocument { id: "edges_04".into(), text: Text::new(text.into()), by_annotator };
    let out = brat::export(&ExportInput { labels: common::labels(), documents: vec![doc] }).expect("exports");
    let ann = out.files.iter().find(|f| f.path == Path::new("dana/edges_04.ann")).expect("ann");
    assert_eq!(ann.contents, "T1\tGPE 0 6\tQuetta\n");
    let shown: Vec<String> = out.notices.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "dana/edges_04.ann: span [0, 7) `GPE` starts or ends with a line break or tab, which brat cannot mark; written as [0, 6)",
            "dana/edges_04.ann: span [6, 7) `GPE` holds only line breaks or tabs, which brat cannot mark; left out",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

type Spans = Vec<(usize, usize, String, Option<String>)>;

fn spans_of(imported: &Imported, document: &str, annotator: &str) -> Spans {
    common::flatten_imported(imported, true)
        .remove(&(document.to_owned(), annotator.to_owned()))
        .unwrap_or_else(|| panic!("no annotation of {document} by {annotator}"))
}

fn s(start: usize, end: usize, label: &str, note: Option<&str>) -> (usize, usize, String, Option<String>) {
    (start, end, label.to_owned(), note.map(str::to_owned))
}

#[test]
fn documentation_shaped_collection_imports_with_split() {
    let imported = brat::import(&fixtures(), &common::corpus(), &split()).expect("imports");
    assert_eq!(
        spans_of(&imported, common::EMOJI_DOC, "alice"),
        vec![
            s(0, 6, "GPE", None),
            s(12, 16, "MILITANT_GROUP", Some("quoted in the source: “ISIS”\nDaesh in Urdu papers")),
            s(27, 37, "EVENT", Some("claimed, not confirmed")),
            s(41, 46, "DATE", None),
            s(48, 54, "MILITANT_GROUP", None),
            s(48, 70, "MILITANT_GROUP", None),
            s(55, 63, "GPE", None),
            s(64, 70, "MILITANT_GROUP", None),
            s(81, 89, "GPE", None),
        ]
    );
    // bob's file has CRLF line ends, a blank line, no .txt (matched by name, checked span by
    // span), and an event brat cut at the line break.
    assert_eq!(
        spans_of(&imported, common::EMOJI_DOC, "bob"),
        vec![
            s(0, 6, "GPE", None),
            s(12, 16, "MILITANT_GROUP", Some("first line\nsecond line")),
            s(27, 89, "EVENT", None)
        ]
    );
    assert_eq!(spans_of(&imported, common::PLAIN_DOC, "alice").len(), 5);
    assert_eq!(spans_of(&imported, common::PLAIN_DOC, "carol"), vec![]);
    assert_eq!(imported.annotations.len(), 4);

    let shown: Vec<String> =
        imported.notices.iter().map(|n| n.to_string().replace(&format!("{}/", fixtures().display()), "")).collect();
    insta::assert_snapshot!("fixture_notices", shown.join("\n").replace(&fixtures().display().to_string(), "news"));

    let declared = imported.declared_labels.as_deref().expect("annotation.conf");
    let set = concord_convert::import::label_set_from_declared(declared);
    let got: Vec<(&str, Option<&str>, OverlapPolicy)> =
        set.labels.iter().map(|l| (l.name.as_str(), l.color.as_deref(), l.overlap)).collect();
    assert_eq!(
        got,
        [
            ("PERSON", Some("#f4a261"), OverlapPolicy::Forbid),
            ("MILITANT_GROUP", Some("#e63946"), OverlapPolicy::Nest),
            ("STATE_BODY", None, OverlapPolicy::Forbid),
            ("GPE", Some("#88aabb"), OverlapPolicy::Nest),
            ("DATE", None, OverlapPolicy::Forbid),
            ("EVENT", None, OverlapPolicy::Forbid),
        ]
    );
}

#[test]
fn fixture_discontinuous_entity_is_refused_by_default() {
    let e = brat::import(&fixtures(), &common::corpus(), &ReadOptions::default()).expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Unsupported);
    insta::assert_snapshot!("fixture_refused", shown(&e, &fixtures()));
}

#[test]
fn annotator_option_overrides_the_folders() {
    let options = ReadOptions { annotator: Some("eve".into()), discontinuous: Discontinuous::Split, layer: None };
    let imported = brat::import(&fixtures().join("alice"), &common::corpus(), &options).expect("imports");
    assert!(imported.annotations.iter().all(|a| a.annotator == "eve"));
    assert_eq!(imported.annotations.len(), 2);
    // The collection's annotation.conf is found in the folder above, as brat finds it.
    assert!(imported.declared_labels.is_some());
    let one = brat::import(&fixtures().join("alice/plain_02.ann"), &common::corpus(), &options).expect("imports");
    assert_eq!(one.annotations.len(), 1);
    assert_eq!(one.annotations[0].annotator, "eve");
}

#[test]
fn fixture_collection_plans_into_a_project_without_labels() {
    let root = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(root.path().join("corpus")).expect("corpus dir");
    std::fs::write(root.path().join("corpus/emoji_01.txt"), common::EMOJI_TEXT).expect("writes");
    std::fs::write(root.path().join("corpus/plain_02.txt"), common::PLAIN_TEXT).expect("writes");
    let project = concord_validate::Project::open(root.path()).expect("opens");
    let corpus = Corpus::load(&project).expect("corpus");
    let imported = brat::import(&fixtures(), &corpus, &split()).expect("imports");
    let plan = match import::plan(&project, &corpus, imported, &WriteOptions::default()) {
        Ok(plan) => plan,
        Err(import::PlanError::Convert(e)) => panic!("{e}"),
        Err(import::PlanError::Invalid { diagnostics }) => panic!("{diagnostics:#?}"),
    };
    let paths: Vec<String> =
        plan.files.iter().map(|f| f.path.strip_prefix(root.path()).unwrap_or(&f.path).display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "annotations/alice/emoji_01.yaml",
            "annotations/alice/plain_02.yaml",
            "annotations/bob/emoji_01.yaml",
            "annotations/carol/plain_02.yaml",
            "schemas/labels.yaml",
        ]
    );
    let labels = &plan.files[4].contents;
    let set = LabelSet::from_yaml(labels).expect("valid labels.yaml");
    assert_eq!(set.get("GPE").map(|l| l.overlap), Some(OverlapPolicy::Nest));
    assert_eq!(set.get("EVENT").map(|l| l.overlap), Some(OverlapPolicy::Forbid));
}

// ---------------------------------------------------------------------------------------------
// Malformed input
// ---------------------------------------------------------------------------------------------

/// Imports `ann` written as `alice/emoji_01.ann` beside the document's text.
fn import_ann(ann: &str) -> (ConvertError, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let alice = dir.path().join("alice");
    std::fs::create_dir_all(&alice).expect("dir");
    std::fs::write(alice.join("emoji_01.txt"), common::EMOJI_TEXT).expect("writes");
    std::fs::write(alice.join("emoji_01.ann"), ann).expect("writes");
    let e = brat::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect_err("malformed");
    let text = shown(&e, dir.path());
    (e, text)
}

#[test]
fn malformed_lines_are_located_errors() {
    let cases: &[(&str, &str, ErrorKind)] = &[
        ("unknown line type", "T1\tGPE 0 6\tQuetta\nX1\tsomething\n", ErrorKind::Syntax),
        ("not an id", "1\tGPE 0 6\tQuetta\n", ErrorKind::Syntax),
        ("missing tab", "T1 GPE 0 6 Quetta\n", ErrorKind::Syntax),
        ("no offsets", "T1\tGPE\tQuetta\n", ErrorKind::Syntax),
        ("non-numeric offset", "T1\tGPE 0 six\tQuetta\n", ErrorKind::Syntax),
        ("negative offset", "T1\tGPE -1 6\tQuetta\n", ErrorKind::Syntax),
        ("huge offset", "T1\tGPE 0 99999999999999999999999\tQuetta\n", ErrorKind::Syntax),
        ("start after end", "T1\tGPE 6 0\tQuetta\n", ErrorKind::Syntax),
        ("past the end", "T1\tGPE 90 98\tagain.\n", ErrorKind::Unsupported),
        ("empty fragment", "T1\tGPE 0 6;\tQuetta\n", ErrorKind::Syntax),
        ("overlapping fragments", "T1\tGPE 0 6;3 8\tQuetta tta 😀\n", ErrorKind::Syntax),
        ("duplicate id", "T1\tGPE 0 6\tQuetta\nT1\tGPE 81 89\tPeshawar\n", ErrorKind::Syntax),
        ("note on an unknown id", "T1\tGPE 0 6\tQuetta\n#1\tAnnotatorNotes T9\tlost\n", ErrorKind::Syntax),
        ("note without target", "T1\tGPE 0 6\tQuetta\n#1\tAnnotatorNotes\tlost\n", ErrorKind::Syntax),
        ("event without trigger", "T1\tGPE 0 6\tQuetta\nE1\tEVENT Agent:T1\n", ErrorKind::Syntax),
        ("text differs", "T1\tGPE 0 6\tQuetta\nT2\tMILITANT_GROUP 12 16\t\"ISIS\"\n", ErrorKind::TextMismatch),
        ("text runs on", "T1\tGPE 0 6\tQuettas\n", ErrorKind::TextMismatch),
        ("discontinuous", "T1\tMILITANT_GROUP 48 54;64 70\tISIS’s branch\n", ErrorKind::Unsupported),
    ];
    let mut report = String::new();
    for (name, ann, kind) in cases {
        let (e, text) = import_ann(ann);
        assert_eq!(e.kind, *kind, "{name}: {text}");
        assert!(e.location.as_ref().is_some_and(|l| l.line > 0 && l.column > 0), "{name}: {text}");
        report.push_str(&format!("## {name}\n{text}\n\n"));
    }
    insta::assert_snapshot!("malformed_lines", report);
}

#[test]
fn malformed_files_and_folders_are_errors_with_a_place() {
    let corpus = common::corpus();
    let mut report = String::new();
    let mut case = |name: &str, e: ConvertError, kind: ErrorKind, dir: &Path| {
        assert_eq!(e.kind, kind, "{name}: {e}");
        report.push_str(&format!("## {name}\n{}\n\n", shown(&e, dir)));
    };

    // A .txt that is not the corpus text.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("alice")).expect("dir");
    std::fs::write(dir.path().join("alice/emoji_01.txt"), common::EMOJI_TEXT.replace('—', "-")).expect("writes");
    std::fs::write(dir.path().join("alice/emoji_01.ann"), "").expect("writes");
    let e = brat::import(dir.path(), &corpus, &ReadOptions::default()).expect_err("differs");
    case("text differs from the corpus", e, ErrorKind::TextMismatch, dir.path());

    // No .txt, and a name the corpus does not have.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("alice")).expect("dir");
    std::fs::write(dir.path().join("alice/unknown_09.ann"), "T1\tGPE 0 6\tQuetta\n").expect("writes");
    let e = brat::import(dir.path(), &corpus, &ReadOptions::default()).expect_err("unknown");
    case("unknown document", e, ErrorKind::TextMismatch, dir.path());

    // No .txt and no text field: nothing shows the offsets are right.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("alice")).expect("dir");
    std::fs::write(dir.path().join("alice/emoji_01.ann"), "T1\tGPE 0 6\n").expect("writes");
    let e = brat::import(dir.path(), &corpus, &ReadOptions::default()).expect_err("unchecked");
    case("no text field and no .txt", e, ErrorKind::TextMismatch, dir.path());

    // Not UTF-8.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("alice")).expect("dir");
    std::fs::write(dir.path().join("alice/emoji_01.ann"), b"T1\tGPE 0 6\tQuetta\nT2\tGPE 0 6\t\xff\n").expect("writes");
    let e = brat::import(dir.path(), &corpus, &ReadOptions::default()).expect_err("not utf-8");
    case("not UTF-8", e, ErrorKind::Syntax, dir.path());

    // .ann files directly in PATH name no annotator.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("emoji_01.ann"), "").expect("writes");
    let e = brat::import(dir.path(), &corpus, &ReadOptions::default()).expect_err("no annotator");
    case("no annotator", e, ErrorKind::Unsupported, dir.path());

    // A folder without .ann files.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("emoji_01.txt"), common::EMOJI_TEXT).expect("writes");
    let e = brat::import(dir.path(), &corpus, &ReadOptions::default()).expect_err("nothing");
    case("no .ann file", e, ErrorKind::Unsupported, dir.path());

    // A file that is not an .ann.
    let e = brat::import(&dir.path().join("emoji_01.txt"), &corpus, &ReadOptions::default()).expect_err("txt");
    case("not an .ann file", e, ErrorKind::Unsupported, dir.path());

    // An annotation.conf whose hierarchy has a child without a parent.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("alice")).expect("dir");
    std::fs::write(dir.path().join("alice/emoji_01.ann"), "").expect("writes");
    std::fs::write(dir.path().join("annotation.conf"), "[entities]\nGPE\n\t\tCity\n").expect("writes");
    let e = brat::import(dir.path(), &corpus, &ReadOptions::default()).expect_err("orphan");
    case("orphan type in annotation.conf", e, ErrorKind::Syntax, dir.path());

    insta::assert_snapshot!("malformed_files", report);
}

#[test]
fn crlf_texts_count_every_code_point() {
    let text = "Quetta\r\nPeshawar\r\n";
    let corpus = Corpus::from_documents([Document::from_text("crlf_05", text.into())]);
    let write = |ann: &str| {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("crlf_05.txt"), text).expect("writes");
        std::fs::write(dir.path().join("crlf_05.ann"), ann).expect("writes");
        dir
    };
    let options = ReadOptions { annotator: Some("dana".into()), ..ReadOptions::default() };
    // `\r` counted, as concord counts it: imports.
    let dir = write("T1\tGPE 0 6\tQuetta\r\nT2\tGPE 8 16\tPeshawar\r\n");
    let imported = brat::import(dir.path(), &corpus, &options).expect("imports");
    assert_eq!(spans_of(&imported, "crlf_05", "dana"), vec![s(0, 6, "GPE", None), s(8, 16, "GPE", None)]);
    // Offsets made on the text with `\r\n` read as one character: stopped at the first span after it.
    let dir = write("T1\tGPE 0 6\tQuetta\nT2\tGPE 7 15\tPeshawar\n");
    let e = brat::import(dir.path(), &corpus, &options).expect_err("offsets without \\r");
    assert_eq!(e.kind, ErrorKind::TextMismatch);
    assert_eq!(
        shown(&e, dir.path()).lines().next(),
        Some(
            "crlf_05.ann:2:13: the entity's text \"Peshawar\" differs from document `crlf_05` at [7, 15): \"\\nPeshawa\""
        )
    );
}

#[test]
fn what_brat_tolerates_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let alice = dir.path().join("alice");
    std::fs::create_dir_all(alice.join(".trash")).expect("dirs");
    // A byte-order mark, a comment after an entity's text, and a document under another name:
    // found by its text.
    std::fs::write(alice.join("renamed.txt"), common::EMOJI_TEXT).expect("writes");
    std::fs::write(alice.join("renamed.ann"), "\u{feff}T1\tGPE 0 6\tQuetta  (the city)\n").expect("writes");
    // Hidden folders are not read.
    std::fs::write(alice.join(".trash/emoji_01.ann"), "not brat at all").expect("writes");
    let imported = brat::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(spans_of(&imported, common::EMOJI_DOC, "alice"), vec![s(0, 6, "GPE", None)]);
    assert!(
        notices(&imported)
            .iter()
            .any(|n| n
                .ends_with("renamed.ann: skipped what concord cannot hold: 1 text(s) after an entity's text field")),
        "{:?}",
        notices(&imported)
    );
    // One .ann file names no annotator.
    let e = brat::import(&alice.join("renamed.ann"), &common::corpus(), &ReadOptions::default()).expect_err("who");
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.to_string().contains("this input does not say who annotated it"), "{e}");
}

#[test]
fn export_notes_and_names_brat_cannot_keep() {
    let mut input = common::input();
    input.labels.labels[0].name = "PERSON.NAME".into();
    let doc = &mut input.documents[1];
    let spans = doc.by_annotator.get_mut("alice").expect("alice");
    for span in spans.iter_mut().filter(|s| s.label == "PERSON") {
        span.label = "PERSON.NAME".into();
        span.note = Some("line one\r\nline two".into());
    }
    let out = brat::export(&input).expect("exports");
    let ann = out.files.iter().find(|f| f.path == Path::new("alice/plain_02.ann")).expect("ann");
    assert!(ann.contents.ends_with(
        "T5\tPERSON.NAME 61 74\tAltaf Hussain\n#1\tAnnotatorNotes T5\tline one\n#2\tAnnotatorNotes T5\tline two\n"
    ));
    let shown: Vec<String> = out.notices.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "brat stores type names of ASCII letters, digits, `_` and `-` only; it will show these labels as unknown types: PERSON.NAME"
        ]
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let alice = dir.path().join("alice");
    std::fs::create_dir_all(&alice).expect("dir");
    std::fs::write(alice.join("emoji_01.ann"), "T1\tGPE 0 6\tQuetta\n").expect("writes");
    std::os::unix::fs::symlink(&alice, dir.path().join("bob")).expect("symlink");
    std::os::unix::fs::symlink(dir.path(), alice.join("loop")).expect("symlink");
    let imported = brat::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(imported.annotations.len(), 1);
    assert!(notices(&imported).iter().any(|n| n.ends_with("2 symbolic link(s) were not followed")));
}

// The shared input policy (`concord_convert::input`), as brat meets it.

#[test]
fn inputs_over_the_size_limit_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let alice = dir.path().join("alice");
    std::fs::create_dir_all(&alice).expect("dir");
    // A sparse file: refused by its size before a byte is read.
    let ann = std::fs::File::create(alice.join("emoji_01.ann")).expect("creates");
    ann.set_len(concord_convert::input::MAX_INPUT_BYTES + 1).expect("grows");
    let e = brat::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect_err("too large");
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(shown(&e, dir.path()).starts_with("alice/emoji_01.ann: the file is 268435457 bytes"), "{e}");

    // annotation.conf too (it was held to 16 MiB before; now every input has the one limit).
    std::fs::write(alice.join("emoji_01.ann"), "").expect("writes");
    let conf = std::fs::File::create(dir.path().join("annotation.conf")).expect("creates");
    conf.set_len(concord_convert::input::MAX_INPUT_BYTES + 1).expect("grows");
    let e = brat::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect_err("too large");
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
}

#[test]
fn folders_too_deep_are_not_searched_and_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    let alice = dir.path().join("alice");
    std::fs::create_dir_all(&alice).expect("dir");
    std::fs::write(alice.join("emoji_01.ann"), "T1\tGPE 0 6\tQuetta\n").expect("writes");
    let mut deep = alice.clone();
    for _ in 0..concord_convert::input::MAX_DEPTH {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).expect("dirs");
    std::fs::write(deep.join("plain_02.ann"), "not brat at all").expect("writes");
    let imported = brat::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(imported.annotations.len(), 1);
    assert!(
        notices(&imported).iter().any(|n| n.ends_with("1 folder(s) more than 16 levels down were not searched")),
        "{:?}",
        notices(&imported)
    );
}

#[test]
fn extensions_are_taken_in_any_case_and_byte_order_marks_are_kept_where_brat_counts_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let alice = dir.path().join("alice");
    std::fs::create_dir_all(&alice).expect("dir");
    // `.ANN` / `.TXT` are read like `.ann` / `.txt`.
    std::fs::write(alice.join("plain_02.TXT"), common::PLAIN_TEXT).expect("writes");
    std::fs::write(alice.join("plain_02.ANN"), "").expect("writes");
    // A `.txt` with a byte-order mark: brat counts the mark as code point 0, and so does a corpus
    // document saved with one; the offsets after it stay as they were.
    let text = format!("\u{feff}{}", common::EMOJI_TEXT);
    let corpus = Corpus::from_documents([
        Document::from_text(common::EMOJI_DOC, text.clone()),
        Document::from_text(common::PLAIN_DOC, common::PLAIN_TEXT.to_owned()),
    ]);
    std::fs::write(alice.join("emoji_01.txt"), &text).expect("writes");
    std::fs::write(alice.join("emoji_01.ann"), "T1\tGPE 1 7\tQuetta\n").expect("writes");
    // A byte-order mark before annotation.conf's first section is taken off.
    std::fs::write(dir.path().join("annotation.conf"), "\u{feff}[entities]\nGPE\n").expect("writes");
    let imported = brat::import(dir.path(), &corpus, &ReadOptions::default()).expect("imports");
    assert_eq!(spans_of(&imported, common::EMOJI_DOC, "alice"), vec![s(1, 7, "GPE", None)]);
    assert_eq!(spans_of(&imported, common::PLAIN_DOC, "alice"), vec![]);
    let declared = imported.declared_labels.as_deref().expect("annotation.conf is read");
    assert_eq!(declared.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["GPE"]);
    assert!(!notices(&imported).iter().any(|n| n.contains("without an .ann")), "{:?}", notices(&imported));
}

// ---------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------

fn rendered(input: &ExportInput) -> String {
    let out = brat::export(input).expect("exports");
    let mut all = String::new();
    for f in &out.files {
        all.push_str(&format!("=== {} ===\n{}", f.path.display(), f.contents));
    }
    for n in &out.notices {
        all.push_str(&format!("=== notice ===\n{n}\n"));
    }
    all
}

#[test]
fn export_is_deterministic_and_pinned() {
    let input = common::input();
    let first = rendered(&input);
    assert_eq!(first, rendered(&input));
    insta::assert_snapshot!("export", first);
}

#[test]
fn multiline_export_is_pinned() {
    insta::assert_snapshot!("export_multiline", rendered(&multiline_input().0));
}
