//! Prodigy / spaCy JSONL: round trip, fixtures in the shape `prodigy db-out` writes, malformed
//! inputs, determinism.

mod common;

use std::path::{Path, PathBuf};

use concord_convert::export::write_outputs;
use concord_convert::{ConvertError, ErrorKind, Imported, Location, ReadOptions, jsonl};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jsonl")
}

fn fixture(name: &str) -> PathBuf {
    fixtures_dir().join(name)
}

fn import(path: &Path) -> Result<Imported, ConvertError> {
    jsonl::import(path, &common::corpus(), &ReadOptions::default())
}

fn as_annotator(name: &str) -> ReadOptions {
    ReadOptions { annotator: Some(name.into()), ..ReadOptions::default() }
}

/// A span as (start, end, label, the text it covers).
type Covered = (usize, usize, String, String);

/// (document, annotator, spans) of every imported annotation.
fn spans_of(imported: &Imported) -> Vec<(String, String, Vec<Covered>)> {
    let corpus = common::corpus();
    imported
        .annotations
        .iter()
        .map(|a| {
            let text = &corpus.get(&a.document).expect("a corpus document").text;
            let mut spans: Vec<_> = a
                .spans
                .iter()
                .map(|s| (s.start, s.end, s.label.clone(), text.slice(s.start, s.end).unwrap_or("?").to_owned()))
                .collect();
            spans.sort();
            (a.document.clone(), a.annotator.clone(), spans)
        })
        .collect()
}

fn span(start: usize, end: usize, label: &str, text: &str) -> Covered {
    (start, end, label.to_owned(), text.to_owned())
}

fn notices(imported: &Imported) -> Vec<String> {
    imported.notices.iter().map(ToString::to_string).collect()
}

/// Paths shown relative to the fixtures folder, so messages read the same on every machine.
fn shown(text: String, dir: &Path) -> String {
    text.replace(&format!("{}/", dir.display()), "")
}

#[test]
fn round_trip_is_the_identity_notes_and_empty_annotations_included() {
    let input = common::input();
    let exported = jsonl::export(&input).expect("exports");
    let names: Vec<_> = exported.files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(names, ["alice.jsonl", "bob.jsonl", "carol.jsonl"]);
    // Bob nests "Khorasan" in "ISIS’s Khorasan branch"; every span sits on token boundaries.
    let said: Vec<String> = exported.notices.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "bob.jsonl:1: document `emoji_01` has overlapping spans: spaCy's `doc.ents` cannot hold them (use them as a span group, or Prodigy's spans_manual)"
        ]
    );

    let dir = tempfile::tempdir().expect("tempdir");
    write_outputs(dir.path(), &exported.files).expect("writes");
    let imported = import(dir.path()).expect("imports");
    assert_eq!(common::flatten_imported(&imported, true), common::flatten_input(&input, true));
    assert!(imported.notices.is_empty(), "{:?}", imported.notices);
    // Each span is located in its file: alice.jsonl line 1 is emoji_01.
    let alice =
        imported.annotations.iter().find(|a| a.annotator == "alice" && a.document == "emoji_01").expect("alice");
    assert_eq!(alice.source, Location::at(dir.path().join("alice.jsonl"), 1, 1));
    assert_eq!(alice.spans[0].at.line, 1);
    assert!(alice.spans[0].at.column > 1000, "after the tokens: {:?}", alice.spans[0].at);
}

#[test]
fn export_is_deterministic_and_pinned() {
    let first = jsonl::export(&common::input()).expect("exports");
    let second = jsonl::export(&common::input()).expect("exports");
    assert_eq!(first, second);
    let mut all = String::new();
    for file in &first.files {
        all.push_str(&format!("=== {}\n{}", file.path.display(), file.contents));
    }
    insta::assert_snapshot!("export", all);
    // One JSON object per line, `\n` line ends, UTF-8 as is (not \u-escaped).
    for file in &first.files {
        assert!(!file.contents.contains('\r'));
        for line in file.contents.lines() {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            assert!(value.is_object());
        }
    }
    assert!(first.files[0].contents.contains("Quetta 😀 — “ISIS”"));
}

#[test]
fn prodigy_db_out_of_ner_manual_with_named_sessions() {
    let imported = import(&fixture("news_ner.jsonl")).expect("imports");
    assert_eq!(
        spans_of(&imported),
        [
            (
                "emoji_01".to_owned(),
                "news_ner-alice".to_owned(),
                vec![
                    span(0, 6, "GPE", "Quetta"),
                    span(12, 16, "MILITANT_GROUP", "ISIS"),
                    span(41, 46, "DATE", "3 May"),
                    span(48, 70, "MILITANT_GROUP", "ISIS’s Khorasan branch"),
                    span(81, 89, "GPE", "Peshawar"),
                ]
            ),
            (
                "plain_02".to_owned(),
                "news_ner-bob".to_owned(),
                vec![span(23, 28, "MILITANT_GROUP", "Daesh"), span(37, 40, "MILITANT_GROUP", "TTP")]
            ),
            ("plain_02".to_owned(), "news_ner-carol".to_owned(), vec![]),
        ]
    );
    let dir = fixtures_dir();
    let said: Vec<String> = notices(&imported).into_iter().map(|n| shown(n, &dir)).collect();
    assert_eq!(
        said,
        [
            "news_ner.jsonl:2:1: 1 task(s) answered `reject` were skipped",
            "news_ner.jsonl:4:1: 1 task(s) answered `ignore` were skipped"
        ]
    );
    // The span objects are located in the (ASCII-escaped) line: the first span of line 1.
    let line = std::fs::read_to_string(fixture("news_ner.jsonl")).expect("fixture");
    let first_line = line.lines().next().expect("a line");
    let column = first_line.find("{\"start\":0,").expect("the span") + 1;
    assert_eq!(imported.annotations[0].spans[0].at, Location::at(fixture("news_ner.jsonl"), 1, column));

    // --annotator files everything under one name.
    let imported = jsonl::import(&fixture("news_ner.jsonl"), &common::corpus(), &as_annotator("alice"));
    let e = imported.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict, "bob and carol both annotated plain_02: {e}");
}

#[test]
fn spacy_style_lines_with_text_and_spans_only() {
    let e = import(&fixture("spacy_spans.jsonl")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(
        shown(e.to_string(), &fixtures_dir()),
        "spacy_spans.jsonl:1:1: this input does not say who annotated it\n  help: pass --annotator NAME"
    );
    let imported =
        jsonl::import(&fixture("spacy_spans.jsonl"), &common::corpus(), &as_annotator("spacy")).expect("imports");
    assert_eq!(
        spans_of(&imported),
        [
            (
                "emoji_01".to_owned(),
                "spacy".to_owned(),
                vec![span(0, 6, "GPE", "Quetta"), span(81, 89, "GPE", "Peshawar")]
            ),
            ("plain_02".to_owned(), "spacy".to_owned(), vec![span(61, 74, "PERSON", "Altaf Hussain")]),
        ]
    );
    assert!(imported.notices.is_empty(), "{:?}", imported.notices);
}

#[test]
fn sentences_are_placed_in_their_document() {
    let imported = import(&fixture("sentences.jsonl")).expect("imports");
    let got = spans_of(&imported);
    // Alice's sentences put together are her whole-document annotations of the common input.
    let want = common::flatten_input(&common::input(), false);
    for doc in [common::EMOJI_DOC, common::PLAIN_DOC] {
        let (_, _, spans) = got.iter().find(|(d, a, _)| d == doc && a == "news_sents-alice").expect("alice's");
        let spans: Vec<_> = spans.iter().map(|(s, e, l, _)| (*s, *e, l.clone(), None)).collect();
        assert_eq!(spans, want[&(doc.to_owned(), "alice".to_owned())], "{doc}");
    }
    let (_, _, bob) = got.iter().find(|(_, a, _)| a == "news_sents-bob").expect("bob's");
    assert_eq!(bob, &[span(4, 17, "STATE_BODY", "Pakistan army"), span(23, 28, "MILITANT_GROUP", "Daesh")]);
    // Bob saw one sentence of plain_02: the rest is filed as "nothing found", and said so. Alice's
    // lone "\n" sentences occur more than once and have no spans: they need no place.
    let said: Vec<String> = notices(&imported).into_iter().map(|n| shown(n, &fixtures_dir())).collect();
    assert_eq!(
        said,
        [
            "sentences.jsonl:7:1: document `plain_02` by `news_sents-bob` is put together from 1 task(s) (sentences or paragraphs); 21 non-space character(s) of it are in none of them (the first at corpus line 3, column 1) and are filed as annotated with nothing found"
        ]
    );
    // A span's place is its span object in the sentence's line.
    let alice = imported.annotations.iter().find(|a| a.annotator == "news_sents-alice").expect("alice");
    assert_eq!(alice.document, "emoji_01");
    let peshawar = alice.spans.iter().find(|s| s.start == 81).expect("Peshawar");
    assert_eq!(peshawar.at.line, 2);
}

#[test]
fn awkward_prodigy_lines() {
    let imported = import(&fixture("awkward.jsonl")).expect("imports");
    assert_eq!(
        spans_of(&imported),
        [
            (
                "emoji_01".to_owned(),
                "news_ner-dave".to_owned(),
                vec![span(41, 46, "DATE", "3 May"), span(55, 63, "GPE", "Khorasan"), span(81, 89, "GPE", "Peshawar")]
            ),
            (
                "plain_02".to_owned(),
                "news_rel-dave".to_owned(),
                vec![span(23, 28, "MILITANT_GROUP", "Daesh"), span(37, 40, "MILITANT_GROUP", "TTP")]
            ),
        ]
    );
    // The byte-order mark is no column; lines end in \r\n; the line is ASCII (\u-escaped), so
    // the disagreeing span's column is its byte offset + 1.
    let source = std::fs::read_to_string(fixture("awkward.jsonl")).expect("fixture");
    assert!(source.starts_with('\u{feff}') && source.contains("\r\n"));
    let line = source.trim_start_matches('\u{feff}').lines().next().expect("line 1");
    let disagreeing = line.find("{\"start\":81").expect("span") + 1;
    let said: Vec<String> = notices(&imported).into_iter().map(|n| shown(n, &fixtures_dir())).collect();
    assert_eq!(
        said,
        [
            "awkward.jsonl:3:1: 1 binary task(s) (`_view_id` ner or spans: one suggested span accepted or rejected, not a full annotation of the text) were skipped".to_owned(),
            "awkward.jsonl:4:1: 1 task(s) without `spans` (not span annotations) were skipped".to_owned(),
            "awkward.jsonl:7:1: the `relations` of 1 task(s) were not imported (concord has spans only)".to_owned(),
            format!("awkward.jsonl:1:{disagreeing}: 1 span(s) have token_start/token_end that disagree with their start/end: the character offsets were used"),
        ]
    );
}

/// Imports `source` written as `bad.jsonl`, expecting an error.
fn error_of(source: &str, options: &ReadOptions) -> (ErrorKind, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.jsonl");
    std::fs::write(&path, source).expect("writes");
    let e = jsonl::import(&path, &common::corpus(), options).expect_err(source);
    (e.kind, shown(e.to_string(), dir.path()))
}

#[test]
fn malformed_inputs_are_located_errors() {
    let plain = serde_json::to_string(common::PLAIN_TEXT).expect("json");
    let emoji = serde_json::to_string(common::EMOJI_TEXT).expect("json");
    let who = r#""_annotator_id": "ds-alice""#;
    let cases: Vec<(&str, String, ErrorKind)> = vec![
        ("not JSON", format!("{{\"text\": {plain}, \"spans\": [}}\n"), ErrorKind::Syntax),
        ("a JSON array", "[{\"text\": \"x\"}]\n".to_owned(), ErrorKind::Syntax),
        (
            "line 3 after a blank line, CRLF",
            format!(
                "{{\"text\": {plain}, \"spans\": [], {who}}}\r\n\r\n{{\"text\": {plain}, \"spans\": [{{\"start\": 4}}], {who}}}\r\n"
            ),
            ErrorKind::Syntax,
        ),
        (
            "a span without a label, after an emoji",
            format!("{{\"text\": {emoji}, {who}, \"spans\": [{{\"start\": 0, \"end\": 6}}]}}"),
            ErrorKind::Syntax,
        ),
        (
            "a negative offset",
            format!("{{\"text\": {plain}, {who}, \"spans\": [{{\"start\": -4, \"end\": 6, \"label\": \"GPE\"}}]}}"),
            ErrorKind::Syntax,
        ),
        (
            "a span past the end",
            format!("{{\"text\": {plain}, {who}, \"spans\": [{{\"start\": 80, \"end\": 90, \"label\": \"GPE\"}}]}}"),
            ErrorKind::Unsupported,
        ),
        (
            "an empty span",
            format!("{{\"text\": {plain}, {who}, \"spans\": [{{\"start\": 4, \"end\": 4, \"label\": \"GPE\"}}]}}"),
            ErrorKind::Unsupported,
        ),
        (
            "UTF-16 offsets: the span's text is elsewhere",
            format!(
                "{{\"text\": {emoji}, {who}, \"spans\": [{{\"start\": 13, \"end\": 17, \"text\": \"ISIS\", \"label\": \"MILITANT_GROUP\"}}]}}"
            ),
            ErrorKind::TextMismatch,
        ),
        (
            "an unknown answer",
            format!("{{\"text\": {plain}, \"spans\": [], {who}, \"answer\": \"maybe\"}}"),
            ErrorKind::Unsupported,
        ),
        ("no text", format!("{{\"spans\": [], {who}}}"), ErrorKind::Syntax),
        ("text as a number", format!("{{\"text\": 5, \"spans\": [], {who}}}"), ErrorKind::Syntax),
        (
            "a text not in the corpus",
            format!("{{\"text\": \"The Pakistan army\", \"spans\": [], {who}}}"),
            ErrorKind::TextMismatch,
        ),
        (
            "a named document whose text differs",
            format!(
                "{{\"text\": \"The Pakistan navy\", \"meta\": {{\"document\": \"plain_02\"}}, \"spans\": [], {who}}}"
            ),
            ErrorKind::TextMismatch,
        ),
        (
            "a part found twice, with spans",
            format!(
                "{{\"text\": \"ISIS\", \"meta\": {{\"document\": \"emoji_01\"}}, \"spans\": [{{\"start\": 0, \"end\": 4, \"label\": \"MILITANT_GROUP\"}}], {who}}}"
            ),
            ErrorKind::Unsupported,
        ),
        (
            "the same document twice by one annotator",
            format!("{{\"text\": {plain}, \"spans\": [], {who}}}\n{{\"text\": {plain}, \"spans\": [], {who}}}\n"),
            ErrorKind::Conflict,
        ),
        (
            "a sentence and its paragraph",
            format!(
                "{{\"text\": \"Altaf Hussain denied it.\", \"meta\": {{\"document\": \"plain_02\"}}, \"spans\": [], {who}}}\n{{\"text\": \"Hussain denied\", \"meta\": {{\"document\": \"plain_02\"}}, \"spans\": [], {who}}}\n"
            ),
            ErrorKind::Conflict,
        ),
        (
            "spaCy v2 entities",
            format!("{{\"text\": {plain}, \"entities\": [[4, 17, \"STATE_BODY\"]]}}"),
            ErrorKind::Unsupported,
        ),
        (
            "token indices without tokens",
            format!(
                "{{\"text\": {plain}, {who}, \"spans\": [{{\"token_start\": 1, \"token_end\": 2, \"label\": \"STATE_BODY\"}}]}}"
            ),
            ErrorKind::Syntax,
        ),
        (
            "token indices past the tokens",
            format!(
                "{{\"text\": {plain}, {who}, \"tokens\": [{{\"text\": \"The\", \"start\": 0, \"end\": 3, \"id\": 0}}], \"spans\": [{{\"token_start\": 0, \"token_end\": 2, \"label\": \"STATE_BODY\"}}]}}"
            ),
            ErrorKind::Unsupported,
        ),
        (
            "malformed tokens",
            format!(
                "{{\"text\": {plain}, {who}, \"tokens\": [{{\"start\": \"0\"}}], \"spans\": [{{\"token_start\": 0, \"token_end\": 0, \"label\": \"STATE_BODY\"}}]}}"
            ),
            ErrorKind::Syntax,
        ),
        (
            "a span that is no object",
            format!("{{\"text\": {plain}, {who}, \"spans\": [[4, 17, \"STATE_BODY\"]]}}"),
            ErrorKind::Syntax,
        ),
        (
            "a token that is no object",
            format!(
                "{{\"text\": {plain}, {who}, \"tokens\": [[0, 3, 0]], \"spans\": [{{\"token_start\": 0, \"token_end\": 0, \"label\": \"STATE_BODY\"}}]}}"
            ),
            ErrorKind::Syntax,
        ),
        (
            "an annotator that is no folder name",
            format!("{{\"text\": {plain}, \"spans\": [], \"_annotator_id\": \"@@\"}}"),
            ErrorKind::Unsupported,
        ),
        (
            "a line cut short",
            format!("{{\"text\": {plain}, \"spans\": [{{\"start\": 4, \"end\": 17, \"label\": \"GPE\""),
            ErrorKind::Syntax,
        ),
    ];
    let mut all = String::new();
    for (what, source, kind) in &cases {
        let (got, message) = error_of(source, &ReadOptions::default());
        assert_eq!(got, *kind, "{what}: {message}");
        all.push_str(&format!("--- {what} ({kind:?})\n{message}\n"));
    }
    insta::assert_snapshot!("malformed", all);
}

#[test]
fn files_that_cannot_be_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Io);
    assert!(e.to_string().ends_with("this folder holds no .jsonl file\n  help: pass a .jsonl file (`prodigy db-out DATASET > DATASET.jsonl`) or a folder of them"), "{e}");
    let missing = dir.path().join("missing.jsonl");
    assert_eq!(import(&missing).unwrap_err().kind, ErrorKind::Io);
    let latin1 = dir.path().join("latin1.jsonl");
    std::fs::write(&latin1, b"{\"text\": \"caf\xe9\"}\n").expect("writes");
    let e = import(&latin1).unwrap_err();
    assert_eq!((e.kind, e.location.map(|l| (l.line, l.column))), (ErrorKind::Syntax, Some((1, 14))));
    // An empty file imports nothing and says so.
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "\n\n").expect("writes");
    let imported = import(&empty).expect("imports");
    assert!(imported.annotations.is_empty());
    assert_eq!(notices(&imported), ["the input holds no tasks"]);
}

/// The shared input policy: a folder's hidden files are skipped and its symbolic links are not
/// followed (a notice counts them); before, `*.jsonl` links and hidden files were read.
#[cfg(unix)]
#[test]
fn folders_skip_hidden_files_and_do_not_follow_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exported = jsonl::export(&common::input()).expect("exports");
    let outside = tempfile::tempdir().expect("tempdir");
    write_outputs(outside.path(), &exported.files).expect("writes");
    std::fs::copy(outside.path().join("alice.jsonl"), dir.path().join("alice.jsonl")).expect("copies");
    std::fs::copy(outside.path().join("bob.jsonl"), dir.path().join(".bob.jsonl")).expect("copies");
    std::os::unix::fs::symlink(outside.path().join("carol.jsonl"), dir.path().join("carol.jsonl")).expect("link");
    let imported = import(dir.path()).expect("imports");
    let annotators: Vec<&str> = imported.annotations.iter().map(|a| a.annotator.as_str()).collect();
    assert!(!annotators.is_empty() && annotators.iter().all(|&a| a == "alice"), "{annotators:?}");
    assert_eq!(notices(&imported), [format!("{}: 1 symbolic link(s) were not followed", dir.path().display())]);
    // The link itself, named as the path, is read.
    let carol = import(&dir.path().join("carol.jsonl")).expect("imports");
    assert!(carol.annotations.iter().all(|a| a.annotator == "carol") && !carol.annotations.is_empty());
    // A folder of links only holds nothing to read, and the error says why.
    std::fs::remove_file(dir.path().join("alice.jsonl")).expect("removes");
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Io);
    assert!(e.to_string().contains("1 symbolic link(s) were not followed"), "{e}");
}

/// The shared input policy: a file over 256 MiB is refused before it is read.
#[test]
fn files_over_the_size_limit_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.jsonl");
    let file = std::fs::File::create(&path).expect("creates");
    // Sparse: no disk space is used.
    file.set_len(concord_convert::input::MAX_INPUT_BYTES + 1).expect("sized");
    let e = import(&path).unwrap_err();
    assert_eq!((e.kind, e.location), (ErrorKind::Limit, Some(Location::file(&path))));
}

#[test]
fn very_long_lines_are_read() {
    // A document of ~2 MB on one line, with its spans after it.
    let text = "word ".repeat(400_000) + "Quetta";
    let corpus = concord_convert::Corpus::from_documents([concord_schema::Document::from_text("long", text.clone())]);
    let start = text.chars().count() - 6;
    let spans: Vec<String> =
        (0..2000).map(|i| format!("{{\"start\": {}, \"end\": {}, \"label\": \"GPE\"}}", i * 5, i * 5 + 4)).collect();
    let line = format!(
        "{{\"text\": {}, \"spans\": [{}, {{\"start\": {start}, \"end\": {}, \"label\": \"GPE\"}}]}}\n",
        serde_json::to_string(&text).expect("json"),
        spans.join(", "),
        start + 6
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.jsonl");
    std::fs::write(&path, &line).expect("writes");
    let imported = jsonl::import(&path, &corpus, &as_annotator("a")).expect("imports");
    let spans = &imported.annotations[0].spans;
    assert_eq!(spans.len(), 2001);
    assert_eq!((spans[2000].start, spans[2000].end), (start, start + 6));
    assert_eq!(spans[2000].at.column, line.find(&format!("{{\"start\": {start}")).expect("span") + 1);
}

/// A project on disk with the common corpus and labels, for the hub's plan.
fn project() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = |p: &str| {
        let path = root.path().join(p);
        std::fs::create_dir_all(&path).expect("mkdir");
        path
    };
    std::fs::write(dir("schemas").join("labels.yaml"), common::labels().to_yaml().expect("renders")).expect("labels");
    std::fs::write(dir("corpus").join("emoji_01.txt"), common::EMOJI_TEXT).expect("corpus");
    std::fs::write(dir("corpus").join("plain_02.txt"), common::PLAIN_TEXT).expect("corpus");
    dir("annotations");
    root
}

#[test]
fn imports_plan_files_that_validate() {
    use concord_convert::import::{PlanError, WriteOptions, plan};
    let root = project();
    let project = concord_validate::Project::open(root.path()).expect("project");
    let corpus = concord_convert::Corpus::load(&project).expect("corpus");
    for name in ["news_ner.jsonl", "sentences.jsonl", "awkward.jsonl"] {
        let imported = jsonl::import(&fixture(name), &corpus, &ReadOptions::default()).expect("imports");
        let planned = match plan(&project, &corpus, imported, &WriteOptions::default()) {
            Ok(planned) => planned,
            Err(PlanError::Convert(e)) => panic!("{name}: {e}"),
            Err(PlanError::Invalid { diagnostics }) => panic!("{name}: {diagnostics:?}"),
        };
        // Warnings only (the common input's "the attack" starts with an article).
        assert!(!planned.diagnostics.iter().any(|d| d.is_error()), "{name}: {:?}", planned.diagnostics);
        assert!(!planned.files.is_empty());
    }
    // The sentences of alice's emoji_01 become one file with her six spans.
    let imported = jsonl::import(&fixture("sentences.jsonl"), &corpus, &ReadOptions::default()).expect("imports");
    let planned = plan(&project, &corpus, imported, &WriteOptions::default()).map_err(|_| "plan").expect("plans");
    let alice =
        planned.files.iter().find(|f| f.path.ends_with("news_sents-alice/emoji_01.yaml")).expect("alice's emoji_01");
    assert_eq!(alice.spans, 6);
    assert!(alice.contents.contains("text: ISIS’s Khorasan branch"), "{}", alice.contents);
}

/// A crowd project's document-level answers (docs/formats/jsonl.md, "Judgements without spans"):
/// a line with `"spans": []` is "saw it, found nothing" and writes a file with `spans: []`; a
/// rater with no line for a document, a line answered `ignore` or `reject`, and a line without
/// `spans` (a choice-only task) write no file: "not done". After the import, validate's set
/// keeps the two apart: an empty list for the first, an absent annotator for the others.
#[test]
fn crowd_judgements_without_spans_keep_found_nothing_apart_from_not_done() {
    use concord_convert::import::{WriteOptions, plan, write_plan};
    let line = |rater: &str, rest: &str| {
        format!(
            r#"{{"text": {}, "meta": {{"document": "plain_02"}}, "_annotator_id": "{rater}", {rest}}}"#,
            serde_json::to_string(common::PLAIN_TEXT).expect("JSON")
        )
    };
    let source = [
        // Saw it, found nothing toxic: an empty `spans` beside the document-level answer.
        line("r1", r#""spans": [], "accept": ["NOT_TOXIC"], "answer": "accept""#),
        line("r2", r#""spans": [{"start": 61, "end": 74, "label": "PERSON"}], "answer": "accept""#),
        // Skipped by the rater.
        line("r3", r#""spans": [], "answer": "ignore""#),
        // A choice-only task: it says nothing about spans.
        line("r4", r#""accept": ["NOT_TOXIC"], "answer": "accept""#),
    ]
    .join("\n");
    let root = project();
    let input = root.path().join("crowd.jsonl");
    std::fs::write(&input, source).expect("writes");
    let project = concord_validate::Project::open(root.path()).expect("project");
    let corpus = concord_convert::Corpus::load(&project).expect("corpus");
    let imported = jsonl::import(&input, &corpus, &ReadOptions::default()).expect("imports");
    let shown = notices(&imported);
    assert!(shown.iter().any(|n| n.contains("1 task(s) answered `ignore` were skipped")), "{shown:?}");
    assert!(shown.iter().any(|n| n.contains("1 task(s) without `spans` (not span annotations) were skipped")));
    let planned = plan(&project, &corpus, imported, &WriteOptions::default()).map_err(|_| "plan").expect("plans");
    let files: Vec<String> = planned
        .files
        .iter()
        .map(|f| f.path.strip_prefix(root.path()).expect("in the project").display().to_string())
        .collect();
    assert_eq!(files, ["annotations/r1/plain_02.yaml", "annotations/r2/plain_02.yaml"]);
    assert!(planned.files[0].contents.ends_with("spans: []\n"), "{}", planned.files[0].contents);
    write_plan(&planned).expect("writes");

    let run = concord_validate::validate(root.path(), &[]).expect("validates");
    assert_eq!(run.errors(), 0, "{:?}", run.diagnostics);
    let doc = run.set.document("plain_02").expect("plain_02");
    assert_eq!(doc.by_annotator.get("r1").map(Vec::len), Some(0), "found nothing: an empty list");
    assert_eq!(doc.by_annotator.get("r2").map(Vec::len), Some(1));
    for rater in ["r3", "r4"] {
        assert!(!doc.by_annotator.contains_key(rater), "{rater}: not done, no key");
    }
    assert!(run.set.document("emoji_01").is_none(), "no rater had it: not done");
}
