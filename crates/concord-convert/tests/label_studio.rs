//! Label Studio JSON: round trips, fixtures shaped like Label Studio's own exports, malformed input.

mod common;

use std::path::{Path, PathBuf};

use concord_convert::label_studio::{self, Offsets};
use concord_convert::{ConvertError, ErrorKind, Imported, Location, ReadOptions};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/label-studio")
}

fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

fn exported_to_dir(offsets: Offsets) -> tempfile::TempDir {
    let exported = label_studio::export_with(&common::input(), offsets).expect("exports");
    let dir = tempfile::tempdir().expect("tempdir");
    concord_convert::export::write_outputs(dir.path(), &exported.files).expect("writes");
    dir
}

fn notices(imported: &Imported, base: &Path) -> String {
    let base = format!("{}/", base.display());
    imported.notices.iter().map(|n| n.to_string().replace(&base, "")).collect::<Vec<_>>().join("\n")
}

type Spans = Vec<(String, String, usize, usize, String, Option<String>)>;

/// (document, annotator, start, end, label, note), sorted.
fn spans(imported: &Imported) -> Spans {
    let mut out: Spans = imported
        .annotations
        .iter()
        .flat_map(|a| {
            a.spans
                .iter()
                .map(|s| (a.document.clone(), a.annotator.clone(), s.start, s.end, s.label.clone(), s.note.clone()))
        })
        .collect();
    out.sort();
    out
}

fn span(doc: &str, annotator: &str, needle: &str, n: usize, label: &str, note: Option<&str>) -> Spans {
    let text = if doc == common::EMOJI_DOC { common::EMOJI_TEXT } else { common::PLAIN_TEXT };
    let (start, end) = common::find(text, needle, n);
    vec![(doc.into(), annotator.into(), start, end, label.into(), note.map(str::to_owned))]
}

// ---- round trips -----------------------------------------------------------------------------

#[test]
fn round_trip_is_the_identity_notes_and_empty_annotation_included() {
    let dir = exported_to_dir(Offsets::CodePoints);
    let imported = label_studio::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(common::flatten_imported(&imported, true), common::flatten_input(&common::input(), true));
    assert!(imported.notices.is_empty(), "{:?}", imported.notices);
    // carol's empty file comes back as an annotation with no spans, not as a missing one.
    let carol = imported.annotations.iter().find(|a| a.annotator == "carol").expect("carol");
    assert!(carol.spans.is_empty());
}

#[test]
fn round_trip_through_utf16_offsets() {
    let dir = exported_to_dir(Offsets::Utf16);
    let file = dir.path().join(label_studio::TASKS_FILE);
    let imported = label_studio::import(&file, &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(common::flatten_imported(&imported, true), common::flatten_input(&common::input(), true));
    let shown = notices(&imported, dir.path());
    assert!(shown.contains("region(s) count offsets in UTF-16 code units"), "{shown}");
}

#[test]
fn annotator_option_names_every_annotation() {
    let dir = exported_to_dir(Offsets::CodePoints);
    let options = ReadOptions { annotator: Some("reviewer".into()), ..ReadOptions::default() };
    let imported = label_studio::import(dir.path(), &common::corpus(), &options).expect("imports");
    assert!(imported.annotations.iter().all(|a| a.annotator == "reviewer"));
}

// ---- export ----------------------------------------------------------------------------------

#[test]
fn export_is_deterministic_and_pinned() {
    let first = label_studio::export(&common::input()).expect("exports");
    let second = label_studio::export(&common::input()).expect("exports");
    assert_eq!(first, second);
    let paths: Vec<_> = first.files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(paths, [label_studio::CONFIG_FILE, label_studio::TASKS_FILE]);
    assert!(first.notices.is_empty());
    insta::assert_snapshot!("label_config", first.files[0].contents);
    insta::assert_snapshot!("tasks", first.files[1].contents);
}

#[test]
fn exported_regions_count_code_points_and_keep_their_text() {
    let exported = label_studio::export(&common::input()).expect("exports");
    let tasks: Value = serde_json::from_str(&exported.files[1].contents).expect("json");
    let task = &tasks[0];
    assert_eq!(task["data"]["document"], common::EMOJI_DOC);
    assert_eq!(task["meta"]["concord_annotators"], serde_json::json!(["alice", "bob"]));
    let alice = &task["annotations"][0];
    assert_eq!(alice["ground_truth"], false, "Label Studio would default an imported annotation to ground truth");
    assert!(alice.get("completed_by").is_none(), "Label Studio refuses unknown users");
    let isis = alice["result"].as_array().expect("result").iter().find(|r| r["value"]["text"] == "ISIS").expect("ISIS");
    // “ISIS” follows 😀: code points 12..16, UTF-16 units 13..17.
    assert_eq!((isis["value"]["start"].as_u64(), isis["value"]["end"].as_u64()), (Some(12), Some(16)));
    assert_eq!(isis["meta"]["text"][0], "quoted in the source: “ISIS”");
    assert_eq!(isis["id"], "alice-2");

    let utf16 = label_studio::export_with(&common::input(), Offsets::Utf16).expect("exports");
    let tasks: Value = serde_json::from_str(&utf16.files[1].contents).expect("json");
    let isis = &tasks[0]["annotations"][0]["result"][1];
    assert_eq!((isis["value"]["start"].as_u64(), isis["value"]["end"].as_u64()), (Some(13), Some(17)));
}

// ---- fixtures --------------------------------------------------------------------------------

#[test]
fn fixture_current_label_studio_export() {
    let path = fixture("export.json");
    let imported = label_studio::import(&path, &common::corpus(), &ReadOptions::default()).expect("imports");
    let e = common::EMOJI_DOC;
    let mut expected: Spans = [
        span(e, "ls-user-1", "Quetta", 1, "GPE", None),
        span(e, "ls-user-1", "ISIS", 1, "MILITANT_GROUP", Some("quoted in the source")),
        span(e, "ls-user-1", "Peshawar", 1, "GPE", None),
        span(e, "ls-user-1", "Peshawar", 1, "STATE_BODY", None),
        span(e, "ls-user-3", "ISIS’s Khorasan branch", 1, "MILITANT_GROUP", None),
        span(e, "ls-user-3", "Khorasan", 1, "GPE", None),
        span(e, "ls-user-3", "3 May", 1, "DATE", None),
        span(common::PLAIN_DOC, "ls-user-1", "Pakistan army", 1, "STATE_BODY", None),
        span(common::PLAIN_DOC, "ls-user-1", "Daesh", 1, "MILITANT_GROUP", None),
        span(common::PLAIN_DOC, "ls-user-1", "Altaf Hussain", 1, "PERSON", None),
    ]
    .concat();
    expected.sort();
    assert_eq!(spans(&imported), expected);
    // The cancelled annotation of user 2 is gone; user 3's empty annotation of plain_02 stays.
    let who: Vec<_> =
        imported.annotations.iter().map(|a| (a.document.as_str(), a.annotator.as_str(), a.spans.len())).collect();
    assert_eq!(
        who,
        [
            (common::EMOJI_DOC, "ls-user-1", 4),
            (common::EMOJI_DOC, "ls-user-3", 3),
            (common::PLAIN_DOC, "ls-user-1", 3),
            (common::PLAIN_DOC, "ls-user-3", 0)
        ]
    );
    // Spans point at their result in the file.
    let isis = imported.annotations[0].spans.iter().find(|s| s.label == "MILITANT_GROUP").expect("ISIS");
    assert_eq!(isis.at, Location::at(&path, 24, 11));
    insta::assert_snapshot!("fixture_export_notices", notices(&imported, &fixtures()));
}

#[test]
fn fixture_legacy_task_with_utf16_offsets() {
    let path = fixture("legacy-task.json");
    let imported = label_studio::import(&path, &common::corpus(), &ReadOptions::default()).expect("imports");
    let e = common::EMOJI_DOC;
    let mut expected: Spans = [
        span(e, "nadia", "Quetta", 1, "GPE", None),
        span(e, "nadia", "ISIS", 1, "MILITANT_GROUP", None),
        span(e, "nadia", "the attack", 1, "EVENT", None),
        // No value.text: read as UTF-16 like the rest of the file.
        span(e, "nadia", "Peshawar", 1, "GPE", None),
    ]
    .concat();
    expected.sort();
    assert_eq!(spans(&imported), expected);
    insta::assert_snapshot!("fixture_legacy_notices", notices(&imported, &fixtures()));
}

#[test]
fn fixture_json_min() {
    let path = fixture("json-min.json");
    let imported = label_studio::import(&path, &common::corpus(), &ReadOptions::default()).expect("imports");
    let e = common::EMOJI_DOC;
    let mut expected: Spans = [
        span(e, "ls-user-1", "Quetta", 1, "GPE", None),
        span(e, "ls-user-1", "ISIS", 1, "MILITANT_GROUP", None),
        span(e, "ls-user-1", "Peshawar", 1, "GPE", None),
        span(e, "ls-user-1", "Peshawar", 1, "STATE_BODY", None),
        span(e, "farid", "ISIS’s Khorasan branch", 1, "MILITANT_GROUP", None),
        span(e, "farid", "Khorasan", 1, "GPE", None),
        span(common::PLAIN_DOC, "ls-user-1", "Bajaur", 1, "GPE", None),
    ]
    .concat();
    expected.sort();
    assert_eq!(spans(&imported), expected);
    insta::assert_snapshot!("fixture_json_min_notices", notices(&imported, &fixtures()));
}

// ---- malformed input -------------------------------------------------------------------------

struct Bad {
    dir: tempfile::TempDir,
}

impl Bad {
    fn new() -> Bad {
        Bad { dir: tempfile::tempdir().expect("tempdir") }
    }

    fn import(&self, contents: &[u8]) -> ConvertError {
        let path = self.dir.path().join("bad.json");
        std::fs::write(&path, contents).expect("writes");
        label_studio::import(&path, &common::corpus(), &ReadOptions::default()).expect_err("must fail")
    }

    fn shown(&self, e: &ConvertError) -> String {
        e.to_string().replace(&format!("{}/", self.dir.path().display()), "")
    }
}

fn at(e: &ConvertError) -> (usize, usize) {
    e.location.as_ref().map_or((0, 0), |l| (l.line, l.column))
}

/// A task on the emoji document, its `result` given.
fn task_with(result: &str) -> String {
    let text = serde_json::to_string(common::EMOJI_TEXT).expect("json");
    format!(
        "[\n  {{\n    \"data\": {{\"text\": {text}}},\n    \"annotations\": [{{\"completed_by\": 1, \"result\": [\n      {result}\n    ]}}]\n  }}\n]\n"
    )
}

fn region(value: &str) -> String {
    format!("{{\"type\": \"labels\", \"from_name\": \"label\", \"to_name\": \"text\", \"value\": {value}}}")
}

/// Name, file contents, the error's kind, and its line and column.
type Case = (&'static str, Vec<u8>, ErrorKind, (usize, usize));

#[test]
fn malformed_inputs_fail_with_kind_and_place() {
    let bad = Bad::new();
    let text = serde_json::to_string(common::EMOJI_TEXT).expect("json");
    let changed = serde_json::to_string(&common::EMOJI_TEXT.replace("Quetta", "Queta")).expect("json");
    let cases: Vec<Case> = vec![
        ("syntax error", b"[\n  {\"data\": {\"text\": \"a\"} \"annotations\": []}\n]".to_vec(), ErrorKind::Syntax, (2, 26)),
        ("not UTF-8", b"[{\"data\": {\"text\": \"caf\xe9\"}}]".to_vec(), ErrorKind::Syntax, (1, 24)),
        ("not an array of tasks", b"\"tasks\"".to_vec(), ErrorKind::Syntax, (1, 1)),
        ("a task without data", b"[\n  {\"annotations\": []}\n]".to_vec(), ErrorKind::Syntax, (2, 3)),
        (
            "no text in data",
            b"[\n  {\"data\": {\"url\": \"https://x\", \"title\": \"y\"}, \"annotations\": []}\n]".to_vec(),
            ErrorKind::Unsupported,
            (2, 12),
        ),
        (
            "a text that differs from the corpus",
            format!("[\n  {{\"data\": {{\"text\": {changed}, \"document\": \"emoji_01\"}}, \"annotations\": []}}\n]").into_bytes(),
            ErrorKind::TextMismatch,
            (2, 12),
        ),
        (
            "value.text that the offsets do not hold",
            task_with(&region(r#"{"start": 13, "end": 17, "text": "IS", "labels": ["MILITANT_GROUP"]}"#)).into_bytes(),
            ErrorKind::TextMismatch,
            (5, 7),
        ),
        (
            "an offset inside an emoji's surrogate pair",
            task_with(&region(r#"{"start": 8, "end": 9, "text": "😀", "labels": ["GPE"]}"#)).into_bytes(),
            ErrorKind::TextMismatch,
            (5, 7),
        ),
        (
            "offsets past the end",
            task_with(&region(r#"{"start": 500, "end": 505, "labels": ["GPE"]}"#)).into_bytes(),
            ErrorKind::Unsupported,
            (5, 7),
        ),
        (
            "a reversed region",
            task_with(&region(r#"{"start": 6, "end": 0, "text": "Quetta", "labels": ["GPE"]}"#)).into_bytes(),
            ErrorKind::Unsupported,
            (5, 7),
        ),
        (
            "an offset that is a string (HyperText XPath)",
            task_with(&region(r#"{"start": "/p[1]/text()[1]", "end": 6, "labels": ["GPE"]}"#)).into_bytes(),
            ErrorKind::Syntax,
            (5, 86),
        ),
        (
            "a hypertextlabels region",
            task_with(r#"{"type": "hypertextlabels", "value": {"start": "/p[1]", "end": "/p[1]", "startOffset": 0, "endOffset": 6, "hypertextlabels": ["GPE"]}}"#).into_bytes(),
            ErrorKind::Unsupported,
            (5, 7),
        ),
        (
            "regions on two objects",
            task_with(&format!(
                "{},\n      {{\"type\": \"labels\", \"to_name\": \"title\", \"value\": {{\"start\": 0, \"end\": 6, \"labels\": [\"GPE\"]}}}}",
                region(r#"{"start": 0, "end": 6, "labels": ["GPE"]}"#)
            ))
            .into_bytes(),
            ErrorKind::Unsupported,
            (6, 7),
        ),
        (
            "a user id that is not a whole number",
            format!("[\n  {{\"data\": {{\"text\": {text}}},\n   \"annotations\": [{{\"completed_by\": -3, \"result\": []}}]}}\n]")
                .into_bytes(),
            ErrorKind::Syntax,
            (3, 37),
        ),
        (
            "an annotation that names no user",
            format!("[\n  {{\"data\": {{\"text\": {text}}},\n   \"annotations\": [{{\"result\": []}}]}}\n]").into_bytes(),
            ErrorKind::Unsupported,
            (3, 20),
        ),
    ];
    let mut shown = String::new();
    let mut wrong = Vec::new();
    for (name, contents, kind, place) in cases {
        let e = bad.import(&contents);
        if (e.kind, at(&e)) != (kind, place) || !e.location.as_ref().is_some_and(|l| l.path.ends_with("bad.json")) {
            wrong.push(format!("{name}: {:?} at {:?}: {e}", e.kind, at(&e)));
        }
        shown.push_str(&format!("## {name}\n{}\n\n", bad.shown(&e)));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    insta::assert_snapshot!("malformed", shown);
}

#[test]
fn a_folder_without_json_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("label-config.xml"), "<View/>").expect("writes");
    let e = label_studio::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect_err("fails");
    assert_eq!(e.kind, ErrorKind::Io);
    assert!(e.to_string().contains("holds no .json file"), "{e}");
}

/// The shared input policy: hidden files are skipped, and links inside a folder are not
/// followed (a notice counts them); the path given may itself be a link.
#[cfg(unix)]
#[test]
fn folders_skip_hidden_files_and_do_not_follow_links() {
    let exports = exported_to_dir(Offsets::CodePoints);
    let tasks = exports.path().join(label_studio::TASKS_FILE);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(&tasks, dir.path().join("a.json")).expect("copies");
    std::fs::write(dir.path().join(".draft.json"), "not JSON").expect("writes");
    std::os::unix::fs::symlink(&tasks, dir.path().join("b.json")).expect("links");
    let imported = label_studio::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(common::flatten_imported(&imported, true), common::flatten_input(&common::input(), true));
    assert_eq!(
        notices(&imported, dir.path()),
        format!("{}: 1 symbolic link(s) were not followed", dir.path().display())
    );

    let linked = label_studio::import(&dir.path().join("b.json"), &common::corpus(), &ReadOptions::default())
        .expect("a link named on the command line is read");
    assert!(linked.notices.is_empty(), "{:?}", linked.notices);

    std::fs::remove_file(dir.path().join("a.json")).expect("removes");
    let e = label_studio::import(dir.path(), &common::corpus(), &ReadOptions::default()).expect_err("fails");
    assert!(e.to_string().contains("holds no .json file"), "{e}");
    assert!(e.help.iter().any(|h| h.contains("1 symbolic link(s) were not followed")), "{e}");
}

#[test]
fn inputs_over_the_size_limit_are_refused_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.json");
    let file = std::fs::File::create(&path).expect("creates");
    file.set_len(concord_convert::input::MAX_INPUT_BYTES + 1).expect("sparse file");
    let e = label_studio::import(&path, &common::corpus(), &ReadOptions::default()).expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
}

#[test]
fn a_syntax_error_at_a_wide_character_is_placed_at_that_character() {
    let bad = Bad::new();
    let e = bad.import("[\n  “x”]".as_bytes());
    assert_eq!((e.kind, at(&e)), (ErrorKind::Syntax, (2, 3)), "{e}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let bad = Bad::new();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = bad.import(deep.as_bytes());
    assert_eq!(e.kind, ErrorKind::Syntax);
}

#[test]
fn odd_but_valid_inputs_become_notices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("odd.json");
    let text = serde_json::to_string(common::EMOJI_TEXT).expect("json");
    let (s, e) = common::find(common::EMOJI_TEXT, "Peshawar", 1);
    // Old exports say `completions` and `skipped`; a region may lack a label or its text.
    let json = format!(
        "\u{feff}[{{\"data\": {{\"text\": {text}, \"document\": \"renamed.txt\"}},
  \"drafts\": [{{\"result\": []}}],
  \"completions\": [
    {{\"completed_by\": {{\"id\": 9, \"first_name\": \"\"}}, \"result\": [
      {{\"type\": \"labels\", \"value\": {{\"start\": 0, \"end\": 6, \"text\": \"Quetta\", \"labels\": []}}}},
      {{\"type\": \"textarea\", \"value\": {{\"text\": [\"a comment\"]}}}},
      {{\"type\": \"labels\", \"value\": {{\"start\": {s}, \"end\": {e}, \"labels\": [\"GPE\"]}}}}
    ]}},
    {{\"completed_by\": 2, \"skipped\": true, \"result\": []}}
  ]}}]"
    );
    std::fs::write(&path, json).expect("writes");
    let imported = label_studio::import(&path, &common::corpus(), &ReadOptions::default()).expect("imports");
    // An unknown `data.document` falls back to the text's hash; the text-less region is read as
    // code points, as Label Studio counts.
    assert_eq!(spans(&imported), span(common::EMOJI_DOC, "ls-user-9", "Peshawar", 1, "GPE", None));
    insta::assert_snapshot!("odd_notices", notices(&imported, dir.path()));

    std::fs::write(&path, "[]").expect("writes");
    let imported = label_studio::import(&path, &common::corpus(), &ReadOptions::default()).expect("imports");
    assert!(imported.annotations.is_empty());
    assert_eq!(notices(&imported, dir.path()), "odd.json: this file holds no task");
}

// ---- through the hub -------------------------------------------------------------------------

/// A project with the shared corpus and label set.
fn project() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    let corpus = root.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    std::fs::write(corpus.join(format!("{}.txt", common::EMOJI_DOC)), common::EMOJI_TEXT).expect("writes");
    std::fs::write(corpus.join(format!("{}.txt", common::PLAIN_DOC)), common::PLAIN_TEXT).expect("writes");
    std::fs::create_dir_all(root.path().join("schemas")).expect("schemas dir");
    let labels = common::labels().to_yaml().expect("renders");
    std::fs::write(root.path().join("schemas/labels.yaml"), labels).expect("writes");
    root
}

#[test]
fn the_fixture_plans_files_that_validate() {
    let root = project();
    let project = concord_validate::Project::open(root.path()).expect("project");
    let corpus = concord_convert::Corpus::load(&project).expect("corpus");
    let imported = label_studio::import(&fixture("export.json"), &corpus, &ReadOptions::default()).expect("imports");
    let plan = concord_convert::import::plan(&project, &corpus, imported, &Default::default()).expect("plans");
    assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
    let files: Vec<_> =
        plan.files.iter().map(|f| f.path.strip_prefix(root.path()).expect("inside").to_owned()).collect();
    assert_eq!(
        files,
        ["ls-user-1/emoji_01.yaml", "ls-user-1/plain_02.yaml", "ls-user-3/emoji_01.yaml", "ls-user-3/plain_02.yaml"]
            .map(|f| Path::new("annotations").join(f))
    );
    assert!(plan.files[0].contents.contains("text: ISIS\n"), "{}", plan.files[0].contents);
    assert!(plan.files[0].contents.contains("note: quoted in the source\n"), "{}", plan.files[0].contents);

    // One name for every annotation makes two files of one (annotator, document): the hub refuses.
    let options = ReadOptions { annotator: Some("reviewer".into()), ..ReadOptions::default() };
    let imported = label_studio::import(&fixture("export.json"), &corpus, &options).expect("imports");
    let Err(concord_convert::import::PlanError::Convert(e)) =
        concord_convert::import::plan(&project, &corpus, imported, &Default::default())
    else {
        panic!("two annotations by `reviewer` of one document must conflict");
    };
    assert_eq!(e.kind, ErrorKind::Conflict, "{e}");
}

proptest::proptest! {
    #![proptest_config(concord_testkit::proptest_config(300))]

    /// Cut or changed anywhere, a real export gives an import or an error, never a panic.
    #[test]
    fn damaged_exports_never_panic(cut in 0usize..10_000, at in 0usize..10_000, byte in proptest::prelude::any::<u8>()) {
        let mut bytes = std::fs::read(fixture("export.json")).expect("fixture");
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(bytes.len() - cut % bytes.len());
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("damaged.json");
        std::fs::write(&path, &bytes).expect("writes");
        let _ = label_studio::import(&path, &common::corpus(), &ReadOptions::default());
    }
}

/// A crowd project's document-level answers (docs/formats/label-studio.md, "Judgements without
/// spans"): an annotation whose `result` holds only a choice ("nothing toxic here"), or nothing,
/// is "saw it, found nothing": an annotation with no spans, written as `spans: []`. A cancelled
/// (skipped) annotation, and a rater with no annotation of the task, give none: "not done".
#[test]
fn crowd_judgements_without_spans_keep_found_nothing_apart_from_not_done() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("crowd.json");
    let text = serde_json::to_string(common::EMOJI_TEXT).expect("json");
    let choice = r#"{"type": "choices", "from_name": "toxic", "to_name": "text", "value": {"choices": ["NOT_TOXIC"]}}"#;
    let json = format!(
        r#"[{{"data": {{"text": {text}}}, "annotations": [
  {{"completed_by": "r1", "result": [{choice}]}},
  {{"completed_by": "r2", "was_cancelled": true, "result": [{choice}]}},
  {{"completed_by": "r3", "result": []}}
]}}]"#
    );
    std::fs::write(&path, json).expect("writes");
    let imported = label_studio::import(&path, &common::corpus(), &ReadOptions::default()).expect("imports");
    let annotations: Vec<(&str, &str, usize)> =
        imported.annotations.iter().map(|a| (a.document.as_str(), a.annotator.as_str(), a.spans.len())).collect();
    assert_eq!(annotations, [(common::EMOJI_DOC, "r1", 0), (common::EMOJI_DOC, "r3", 0)]);
    let shown = notices(&imported, dir.path());
    assert!(shown.contains("1 cancelled (skipped) annotation(s) were not imported"), "{shown}");
    assert!(shown.contains("choices"), "the choice is listed as not imported: {shown}");
}
