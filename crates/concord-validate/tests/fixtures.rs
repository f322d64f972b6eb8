//! Data-driven: every `tests/fixtures/<project>/annotations/<case>/<file>.yaml` is one case (the
//! case folder's name says what it holds), checked against its project; the rendered diagnostics
//! of each are an insta snapshot (`snapshots/fixtures__case@<path>.snap`). Most cases share the
//! `project/` fixture; a case that needs a broken label set or corpus gets a small project of its
//! own. Adding a case is adding a folder; `INSTA_UPDATE=always cargo test -p concord-validate`
//! writes its snapshot for review. `tests/tidy.rs` checks that every diagnostic code has one.

use std::path::{Path, PathBuf};

use concord_validate::{Code, render, validate};

const ROOT: &str = "tests/fixtures/project";

/// Every `tests/fixtures/<project>/annotations/<case>/<file>.yaml` is checked against its own
/// project (most cases share `project/`; a case that needs a broken label set or corpus has a
/// small project of its own). One snapshot per file, and `glob!` runs them all before failing,
/// so the first difference does not hide the others.
#[test]
fn every_case_matches_its_snapshot() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().expect("crate dir");
    let mut seen = 0;
    insta::glob!("fixtures", "*/annotations/*/*.yaml", |path| {
        seen += 1;
        // Relative paths, as a user would type them, so the snapshots do not depend on the checkout.
        let file = path.strip_prefix(&crate_dir).expect("under the crate").to_path_buf();
        let root: PathBuf = file.components().take(3).collect();
        let run = validate(&root, std::slice::from_ref(&file)).expect("runs");
        let rendered: String = run.diagnostics.iter().map(|d| render::render_text(d, false) + "\n").collect::<String>();
        let body = if rendered.is_empty() { "(clean)\n".to_owned() } else { rendered };
        insta::assert_snapshot!("case", body);
    });
    assert!(seen > 20, "fixtures went missing: {seen}");
}

/// Every gold file `tests/fixtures/<project>/gold/<document>.yaml` is one case, checked alone
/// against its project (its annotators' files are read for the votes, not reported).
#[test]
fn every_gold_case_matches_its_snapshot() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().expect("crate dir");
    let mut seen = 0;
    insta::glob!("fixtures", "*/gold/*.yaml", |path| {
        seen += 1;
        let file = path.strip_prefix(&crate_dir).expect("under the crate").to_path_buf();
        let root: PathBuf = file.components().take(3).collect();
        let run = validate(&root, std::slice::from_ref(&file)).expect("runs");
        assert_eq!((run.files, run.curation.gold_files), (0, 1));
        let rendered: String = run.diagnostics.iter().map(|d| render::render_text(d, false) + "\n").collect::<String>();
        let body = if rendered.is_empty() { "(clean)\n".to_owned() } else { rendered };
        insta::assert_snapshot!("gold", body);
    });
    assert!(seen >= 8, "gold fixtures went missing: {seen}");
}

const CURATION: &str = "tests/fixtures/curation";

#[test]
fn a_project_with_gold_files() {
    let run = validate(Path::new(CURATION), &[]).expect("runs");
    let rendered: String = run.diagnostics.iter().map(|d| render::render_text(d, false) + "\n").collect();
    insta::assert_snapshot!("curation_whole_project", rendered);
    let c = &run.curation;
    assert_eq!((c.gold_files, c.open_questions, c.open_candidates, c.stale), (8, 1, 1, 2));
    // The totals are the sums of the per-document counts.
    assert_eq!(c.per_document.len(), 8);
    assert_eq!(c.per_document.values().map(|d| d.open_questions).sum::<usize>(), 1);
    assert_eq!(c.per_document.values().map(|d| d.stale).sum::<usize>(), 2);
    // The gold is never an annotator, whatever folders there are.
    assert_eq!(run.set.annotators, ["annotator-a", "annotator-b", "annotator-c"]);
    assert!(run.set.documents.iter().all(|d| !d.by_annotator.contains_key("gold")));
    let gold = |doc: &str| run.set.gold.get(doc).map(|spans| spans.iter().map(|s| s.key()).collect::<Vec<_>>());
    assert_eq!(
        gold("agreed"),
        Some(vec![(3, 12, "DATE"), (15, 19, "MILITANT_GROUP"), (35, 40, "MILITANT_GROUP"), (60, 66, "GPE")]),
        "spans and accepted candidates; not the rejected ones"
    );
    assert_eq!(gold("open"), Some(vec![]), "an open question adds nothing to the gold");
    assert_eq!(gold("no-annotators"), Some(vec![(60, 66, "GPE")]), "a gold file for a document nobody annotated");
    assert_eq!(gold("emoji"), Some(vec![(1, 7, "GPE"), (11, 13, "GPE"), (32, 38, "MILITANT_GROUP")]));
    assert_eq!(gold("missing"), None, "no such document");
    for code in [Code::StrayFile, Code::ReservedAnnotator, Code::GoldStale, Code::GoldMarkedStale] {
        assert!(run.diagnostics.iter().any(|d| d.code == code), "{code:?}");
    }
}

#[test]
fn gold_files_leave_a_run_without_them_unchanged() {
    // Naming only annotation files checks no gold file, and the annotators' findings are the same
    // whether or not gold files are checked beside them.
    let files: Vec<PathBuf> = ["annotator-a/agreed.yaml", "annotator-b/stale.yaml"]
        .iter()
        .map(|f| Path::new(CURATION).join("annotations").join(f))
        .collect();
    let alone = validate(Path::new(CURATION), &files).expect("runs");
    assert_eq!((alone.files, alone.curation), (2, concord_validate::CurationSummary::default()));
    assert!(alone.set.gold.is_empty());
    let whole = validate(Path::new(CURATION), &[]).expect("runs");
    let doc = whole.set.document("agreed").expect("agreed");
    assert_eq!(
        alone.set.document("agreed").map(|d| &d.by_annotator["annotator-a"]),
        Some(&doc.by_annotator["annotator-a"])
    );
    // A gold file alone: its annotators are read for the votes but not reported.
    let gold = validate(Path::new(CURATION), &[Path::new(CURATION).join("gold/stale.yaml")]).expect("runs");
    assert!(
        gold.diagnostics.iter().all(|d| d.file.starts_with(Path::new(CURATION).join("gold"))),
        "{:?}",
        gold.diagnostics
    );
    assert!(gold.set.documents.is_empty() && gold.set.gold.contains_key("stale"));
}

#[test]
fn valid_cases_are_clean_and_count_their_spans() {
    for name in ["valid", "empty", "crlf", "bom"] {
        let file = Path::new(ROOT).join("annotations").join(name).join("doc1.yaml");
        let run = validate(Path::new(ROOT), &[file]).expect("runs");
        assert_eq!(run.errors(), 0, "{name}: {:?}", run.diagnostics);
        let spans = &run.set.documents[0].by_annotator[name];
        assert_eq!(
            spans.len(),
            match name {
                "valid" => 6,
                "empty" => 0,
                _ => 1,
            }
        );
    }
}

#[test]
fn whole_project_as_json_lines() {
    let run = validate(Path::new(ROOT), &[]).expect("runs");
    let lines: String = run.diagnostics.iter().map(|d| render::render_json(d) + "\n").collect();
    insta::assert_snapshot!("whole_project_json", lines);
    // The empty file ("annotated, found nothing") is in the set; the broken ones are not.
    let doc = run.set.document("doc1").expect("doc1");
    assert!(doc.by_annotator.get("empty").is_some_and(Vec::is_empty));
    assert!(!doc.by_annotator.contains_key("syntax"));
}

#[test]
fn github_annotations() {
    let file = Path::new(ROOT).join("annotations/text-mismatch/doc1.yaml");
    let run = validate(Path::new(ROOT), &[file]).expect("runs");
    let lines: Vec<String> = run.diagnostics.iter().map(render::render_github).collect();
    insta::assert_snapshot!("github", lines.join("\n"));
}

/// A copy of the fixture project in a temporary folder, for cases git cannot hold.
fn scratch_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["corpus", "schemas"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(Path::new(ROOT).join(sub)).expect("read") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, dir.path().join(sub).join(path.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::create_dir_all(dir.path().join("annotations/a")).expect("mkdir");
    dir
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let dir = scratch_project();
    let path = dir.path().join("annotations/a/doc1.yaml");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(50 * 1024 * 1024).expect("sparse file");
    let run = validate(dir.path(), &[]).expect("runs");
    assert_eq!(run.diagnostics.len(), 1);
    assert_eq!(run.diagnostics[0].code, Code::FileTooLarge);
    // The one case git cannot hold: its snapshot, with the temporary folder's name taken out.
    let rendered = render::render_text(&run.diagnostics[0], false);
    let body = rendered.replace(&dir.path().display().to_string(), "<scratch project>") + "\n";
    insta::assert_snapshot!("generated-file-too-large", body);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_tree_are_not_followed() {
    let dir = scratch_project();
    let outside = tempfile::NamedTempFile::new().expect("outside file");
    std::fs::write(outside.path(), "document: doc1\nannotator: a\nspans: []\n").expect("write");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("annotations/a/doc1.yaml")).expect("symlink");
    std::os::unix::fs::symlink("/etc", dir.path().join("annotations/etc")).expect("symlink");
    let run = validate(dir.path(), &[]).expect("runs");
    assert_eq!(run.files, 0);
    assert_eq!(run.diagnostics.iter().filter(|d| d.code == Code::StrayFile).count(), 2, "{:?}", run.diagnostics);
}

#[test]
fn missing_corpus_is_an_io_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = validate(dir.path(), &[]).expect_err("no corpus");
    assert!(err.to_string().starts_with("cannot read the corpus"), "{err}");
}

#[test]
fn checked_in_schema_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let labels = concord_schema::LabelSet::load(&root.join("schemas/labels.yaml")).expect("labels");
    let fresh = concord_schema::json_schema::annotation_schema_text(&labels);
    let current = std::fs::read_to_string(root.join("schemas/annotation.schema.json")).unwrap_or_default();
    assert!(current == fresh, "schemas/annotation.schema.json is stale: run `cargo xtask codegen`");
    let fresh = concord_schema::json_schema::gold_schema_text(&labels);
    let current = std::fs::read_to_string(root.join("schemas/gold.schema.json")).unwrap_or_default();
    assert!(current == fresh, "schemas/gold.schema.json is stale: run `cargo xtask codegen`");
    let fresh = concord_validate::config::config_schema_text(&labels);
    let current = std::fs::read_to_string(root.join("schemas/concord.schema.json")).unwrap_or_default();
    assert!(current == fresh, "schemas/concord.schema.json is stale: run `cargo xtask codegen`");
}

#[test]
fn json_output_follows_its_documented_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/diagnostic.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema file")).expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let run = validate(Path::new(ROOT), &[]).expect("runs");
    assert!(run.diagnostics.len() > 20);
    for d in &run.diagnostics {
        let line: serde_json::Value = serde_json::from_str(&render::render_json(d)).expect("one JSON object");
        let errors: Vec<String> = validator.iter_errors(&line).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{line}: {errors:?}");
    }
}

#[test]
fn manifest_problems_are_findings_not_crashes() {
    let dir = scratch_project();
    let manifest = dir.path().join("corpus/manifest.yaml");
    std::fs::write(&manifest, "documents:\n  - id: doc1\n  - id: doc2\n").expect("write");
    let run = validate(dir.path(), &[]).expect("runs");
    assert_eq!(run.diagnostics.len(), 1, "{:?}", run.diagnostics);
    assert!(run.diagnostics[0].message.contains("`doc2`"));
    std::fs::write(&manifest, "documents:\n  - id: doc1\n    titel: x\n").expect("write");
    let run = validate(dir.path(), &[]).expect("runs");
    assert_eq!((run.diagnostics[0].code, run.diagnostics[0].line), (Code::CorpusFile, 3), "{:?}", run.diagnostics);
}

/// Files that are valid YAML but built to make a checker quadratic: each must finish with a
/// bounded number of diagnostics (the test would time out, not fail, if the checks were O(n²)).
#[test]
fn pathological_files_stay_linear_and_bounded() {
    let dir = scratch_project();
    let path = dir.path().join("annotations/a/doc1.yaml");
    // 100,000 identical spans: 5 billion pairs if every pair were compared.
    let mut many = String::from("document: doc1\nannotator: a\nspans:\n");
    for _ in 0..100_000 {
        many.push_str("  - {start: 0, end: 7, label: DATE}\n");
    }
    std::fs::write(&path, &many).expect("write");
    let run = validate(dir.path(), &[]).expect("runs");
    assert!(run.diagnostics.len() <= 501, "{}", run.diagnostics.len());
    assert!(run.diagnostics.iter().any(|d| d.message.starts_with("too many overlapping spans")));
    // 200,000 distinct unknown keys in one mapping.
    let mut keys = String::from("document: doc1\nannotator: a\nspans: []\n");
    for i in 0..200_000 {
        keys.push_str(&format!("k{i}: 1\n"));
    }
    std::fs::write(&path, &keys).expect("write");
    let run = validate(dir.path(), &[]).expect("runs");
    assert!(run.diagnostics.len() <= 501, "{}", run.diagnostics.len());
    assert!(run.diagnostics.iter().any(|d| d.message.contains("more problems")));
}

#[test]
fn an_unreadable_corpus_document_is_a_finding_with_its_place() {
    let dir = scratch_project();
    std::fs::write(dir.path().join("corpus/doc1.txt"), b"In late 2014,\n\xff ISIS").expect("write");
    std::fs::write(dir.path().join("annotations/a/doc1.yaml"), "document: doc1\nannotator: a\nspans: []\n")
        .expect("write");
    let run = validate(dir.path(), &[]).expect("runs");
    let corpus: Vec<_> = run.diagnostics.iter().filter(|d| d.code == Code::CorpusFile).collect();
    assert_eq!(corpus.len(), 1, "{:?}", run.diagnostics);
    assert_eq!((corpus[0].line, corpus[0].column), (2, 1));
    assert!(corpus[0].message.starts_with("corpus document unusable: "), "{}", corpus[0].message);
    assert!(run.set.documents.is_empty(), "no spans are counted against an unreadable text");
}

/// A copy of a fixture project (files and folders, no links) in a temporary folder.
fn copy_project(from: &Path) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read") {
            let path = entry.expect("entry").path();
            let target = to.join(path.file_name().expect("name"));
            if path.is_dir() { copy(&path, &target) } else { std::fs::copy(&path, &target).map(drop).expect("copy") }
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    copy(from, dir.path());
    dir
}

#[test]
fn label_settings_apply_to_the_gold_decisions_of_that_label() {
    let dir = copy_project(Path::new(CURATION));
    let gold = dir.path().join("gold/stale.yaml");
    let codes = |run: &concord_validate::Run| -> Vec<(Code, concord_validate::Severity)> {
        run.diagnostics.iter().map(|d| (d.code, d.severity)).collect()
    };
    let before = validate(dir.path(), std::slice::from_ref(&gold)).expect("runs");
    use concord_validate::Severity::{Error, Warning};
    assert_eq!(codes(&before), [(Code::GoldStale, Warning), (Code::GoldMarkedStale, Warning)]);
    // C028 is on a MILITANT_GROUP decision, C029 on a GPE one.
    std::fs::write(
        dir.path().join("concord.yaml"),
        "label_checks:\n  GPE:\n    C029: off\n  MILITANT_GROUP:\n    gold-stale: error\n",
    )
    .expect("write");
    let after = validate(dir.path(), std::slice::from_ref(&gold)).expect("runs");
    assert_eq!(codes(&after), [(Code::GoldStale, Error)]);
    assert_eq!(after.curation, before.curation, "settings change findings, not the curation counts");
    // The same setting for another label leaves both as they were.
    std::fs::write(dir.path().join("concord.yaml"), "label_checks:\n  DATE:\n    C029: off\n    C028: off\n")
        .expect("write");
    let other = validate(dir.path(), std::slice::from_ref(&gold)).expect("runs");
    assert_eq!(codes(&other), codes(&before));
}

#[test]
fn a_config_that_is_not_yaml_is_reported_at_its_place() {
    let dir = scratch_project();
    std::fs::write(dir.path().join("concord.yaml"), "checks:\n  C026: off\n\tC020: error\n").expect("write");
    let run = validate(dir.path(), &[]).expect("runs");
    let d = &run.diagnostics[0];
    assert_eq!((d.code, d.file.file_name().and_then(|n| n.to_str())), (Code::YamlSyntax, Some("concord.yaml")));
    // saphyr meets the tab while reading the scalar before it: the end of line 2.
    assert_eq!((d.line, d.column, d.message.as_str()), (2, 9, "while scanning a plain scalar, found a tab"));
    assert_eq!(run.errors(), 1);
}
