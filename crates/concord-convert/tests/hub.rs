//! The hub: what an import writes into a project on disk, what it refuses, and what an export reads.

mod common;

use std::path::{Path, PathBuf};

use concord_convert::import::{self, DeclaredLabel, PlanError, WriteOptions};
use concord_convert::{Corpus, ErrorKind, Imported, ImportedAnnotation, ImportedSpan, Location};
use concord_schema::OverlapPolicy;
use concord_validate::Project;

/// A project with the common corpus and label set (GPE forbids overlap, the rest nest).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("corpus")).expect("mkdir");
    std::fs::create_dir_all(root.join("schemas")).expect("mkdir");
    std::fs::create_dir_all(root.join("annotations")).expect("mkdir");
    std::fs::write(root.join("corpus").join(format!("{}.txt", common::EMOJI_DOC)), common::EMOJI_TEXT).expect("write");
    std::fs::write(root.join("corpus").join(format!("{}.txt", common::PLAIN_DOC)), common::PLAIN_TEXT).expect("write");
    let mut labels = common::labels();
    for l in &mut labels.labels {
        if l.name == "GPE" {
            l.overlap = OverlapPolicy::Forbid;
        }
    }
    std::fs::write(root.join("schemas/labels.yaml"), labels.to_yaml().expect("renders")).expect("write");
    dir
}

fn span(text: &str, needle: &str, n: usize, label: &str) -> ImportedSpan {
    let (start, end) = common::find(text, needle, n);
    ImportedSpan { start, end, label: label.into(), note: None, at: Location::at("in.txt", 1, 1) }
}

fn annotation(document: &str, annotator: &str, spans: Vec<ImportedSpan>) -> ImportedAnnotation {
    ImportedAnnotation {
        document: document.into(),
        annotator: annotator.into(),
        source: Location::at("in.txt", 1, 1),
        spans,
    }
}

fn plan(root: &Path, imported: Imported, options: &WriteOptions) -> Result<import::Plan, PlanError> {
    let project = Project::open(root).expect("project opens");
    let corpus = Corpus::load(&project).expect("corpus loads");
    import::plan(&project, &corpus, imported, options)
}

fn emoji_import() -> Imported {
    let e = common::EMOJI_TEXT;
    let mut alice = span(e, "ISIS", 2, "MILITANT_GROUP");
    alice.note = Some("the “Khorasan” branch — see §2".into());
    Imported {
        annotations: vec![annotation(
            common::EMOJI_DOC,
            "alice",
            vec![span(e, "Quetta", 1, "GPE"), alice, span(e, "ISIS", 1, "MILITANT_GROUP")],
        )],
        ..Imported::default()
    }
}

fn convert_error(result: Result<import::Plan, PlanError>) -> concord_convert::ConvertError {
    match result {
        Err(PlanError::Convert(e)) => e,
        Err(PlanError::Invalid { diagnostics }) => {
            panic!("expected a conversion error, got diagnostics {diagnostics:?}")
        }
        Ok(plan) => panic!("expected an error, got a plan of {} files", plan.files.len()),
    }
}

#[test]
fn writes_files_that_validate_with_text_and_pin() {
    let dir = project();
    let plan = plan(dir.path(), emoji_import(), &WriteOptions::default()).expect("plans");
    assert_eq!(plan.files.len(), 1);
    let expected: PathBuf = dir.path().join("annotations/alice").join(format!("{}.yaml", common::EMOJI_DOC));
    assert_eq!(plan.files[0].path, expected);
    insta::assert_snapshot!("hub_written_file", plan.files[0].contents);
    import::write_plan(&plan).expect("writes");
    let run = concord_validate::validate(dir.path(), &[]).expect("validates");
    assert_eq!(run.diagnostics, vec![], "the written file validates");
    assert_eq!(run.set.documents[0].by_annotator["alice"].len(), 3);
}

#[test]
fn existing_files_are_kept_unless_forced_and_nothing_is_half_written() {
    let dir = project();
    import::write_plan(&plan(dir.path(), emoji_import(), &WriteOptions::default()).expect("plans")).expect("writes");
    let path = dir.path().join("annotations/alice").join(format!("{}.yaml", common::EMOJI_DOC));
    let before = std::fs::read_to_string(&path).expect("reads");
    // A second import: a new file for bob, and alice's file again.
    let mut again = emoji_import();
    again
        .annotations
        .insert(0, annotation(common::PLAIN_DOC, "bob", vec![span(common::PLAIN_TEXT, "TTP", 1, "MILITANT_GROUP")]));
    let e = convert_error(plan(dir.path(), again.clone(), &WriteOptions::default()));
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.to_string().contains("--force"), "{e}");
    assert!(!dir.path().join("annotations/bob").exists(), "nothing of the refused import was written");
    assert_eq!(std::fs::read_to_string(&path).expect("reads"), before);
    let forced = plan(dir.path(), again, &WriteOptions { force: true, ..WriteOptions::default() }).expect("plans");
    assert_eq!(forced.files.iter().map(|f| f.replaces).collect::<Vec<_>>(), vec![true, false]);
}

#[test]
fn unknown_labels_are_listed_with_the_map_that_fixes_them() {
    let dir = project();
    let mut imported = emoji_import();
    imported.annotations[0].spans[0].label = "Gpe".into();
    imported.annotations[0].spans[1].label = "Weapon".into();
    let e = convert_error(plan(dir.path(), imported.clone(), &WriteOptions::default()));
    assert_eq!(e.kind, ErrorKind::UnknownLabel);
    insta::assert_snapshot!("hub_unknown_labels", e.to_string());
    let map = [("Gpe".to_owned(), "GPE".to_owned()), ("Weapon".to_owned(), "MILITANT_GROUP".to_owned())];
    let options = WriteOptions { label_map: map.into_iter().collect(), ..WriteOptions::default() };
    let ok = plan(dir.path(), imported, &options).expect("plans with the map");
    assert!(ok.notices.iter().any(|n| n.message == "1 span(s) labelled `Gpe` imported as `GPE`"), "{:?}", ok.notices);
}

#[test]
fn files_that_would_not_validate_are_not_written() {
    let dir = project();
    let e = common::EMOJI_TEXT;
    // GPE forbids overlap: "Khorasan" inside a group span.
    let imported = Imported {
        annotations: vec![annotation(
            common::EMOJI_DOC,
            "bob",
            vec![span(e, "ISIS’s Khorasan branch", 1, "MILITANT_GROUP"), span(e, "Khorasan", 1, "GPE")],
        )],
        ..Imported::default()
    };
    match plan(dir.path(), imported.clone(), &WriteOptions::default()) {
        Err(PlanError::Invalid { diagnostics }) => {
            assert!(diagnostics.iter().any(|d| d.is_error()), "{diagnostics:?}");
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
    let written = plan(dir.path(), imported, &WriteOptions { write_invalid: true, ..WriteOptions::default() })
        .expect("plans when asked to");
    assert!(written.diagnostics.iter().any(|d| d.is_error()));
}

#[test]
fn bad_names_ranges_and_duplicates_stop_the_import() {
    let dir = project();
    let mut bad_name = emoji_import();
    bad_name.annotations[0].annotator = "Jane Doe".into();
    assert_eq!(
        convert_error(plan(dir.path(), bad_name.clone(), &WriteOptions::default())).kind,
        ErrorKind::Unsupported
    );
    let mapped = WriteOptions {
        annotator_map: [("Jane Doe".to_owned(), "jane".to_owned())].into_iter().collect(),
        ..WriteOptions::default()
    };
    let ok = plan(dir.path(), bad_name, &mapped).expect("the map names a valid folder");
    assert!(ok.files[0].path.ends_with("annotations/jane/emoji_01.yaml"), "{:?}", ok.files[0].path);

    let mut past_end = emoji_import();
    past_end.annotations[0].spans[0].end = 10_000;
    past_end.annotations[0].spans[0].at = Location::at("in.json", 7, 12);
    let e = convert_error(plan(dir.path(), past_end, &WriteOptions::default()));
    assert!(e.to_string().starts_with("in.json:7:12: span [0, 10000) is outside document `emoji_01`"), "{e}");

    let mut twice = emoji_import();
    twice.annotations.push(twice.annotations[0].clone());
    assert_eq!(convert_error(plan(dir.path(), twice, &WriteOptions::default())).kind, ErrorKind::Conflict);

    let mut duplicate_span = emoji_import();
    let first = duplicate_span.annotations[0].spans[0].clone();
    duplicate_span.annotations[0].spans.push(first);
    let ok = plan(dir.path(), duplicate_span, &WriteOptions::default()).expect("plans");
    assert_eq!(ok.files[0].spans, 3);
    assert!(ok.notices.iter().any(|n| n.message.contains("duplicate")));
}

#[test]
fn declared_labels_the_project_lacks_are_named() {
    let dir = project();
    let mut imported = emoji_import();
    imported.declared_labels = Some(
        ["GPE", "Weapon", "Vehicle"]
            .iter()
            .map(|n| DeclaredLabel {
                name: (*n).into(),
                color: None,
                overlap: None,
                at: Location::at("annotation.conf", 2, 1),
            })
            .collect(),
    );
    let plan = plan(dir.path(), imported, &WriteOptions::default()).expect("unused labels do not stop the import");
    assert!(
        plan.notices.iter().any(|n| n
            .to_string()
            .starts_with("annotation.conf: declares 2 label(s) that schemas/labels.yaml lacks: Weapon, Vehicle")),
        "{:?}",
        plan.notices
    );
}

#[test]
fn a_project_without_labels_takes_the_declared_ones() {
    let dir = project();
    std::fs::remove_file(dir.path().join("schemas/labels.yaml")).expect("rm");
    let mut imported = emoji_import();
    imported.declared_labels = Some(
        ["GPE", "MILITANT_GROUP"]
            .iter()
            .map(|n| DeclaredLabel {
                name: (*n).into(),
                color: None,
                overlap: None,
                at: Location::file("annotation.conf"),
            })
            .collect(),
    );
    let plan = plan(dir.path(), imported, &WriteOptions::default()).expect("plans");
    assert_eq!(plan.files.len(), 2);
    import::write_plan(&plan).expect("writes");
    let run = concord_validate::validate(dir.path(), &[]).expect("validates");
    assert_eq!(run.errors(), 0, "{:?}", run.diagnostics);
}

#[test]
fn export_reads_notes_and_refuses_an_invalid_project() {
    let dir = project();
    import::write_plan(&plan(dir.path(), emoji_import(), &WriteOptions::default()).expect("plans")).expect("writes");
    let run = concord_validate::validate(dir.path(), &[]).expect("validates");
    let labels = concord_schema::LabelSet::load(&dir.path().join("schemas/labels.yaml")).expect("labels");
    let input = concord_convert::ExportInput::from_run(&run, &labels).expect("exports");
    let notes: Vec<_> = input.documents[0].by_annotator["alice"].iter().filter_map(|s| s.note.as_deref()).collect();
    assert_eq!(notes, ["the “Khorasan” branch — see §2"]);

    std::fs::write(
        dir.path().join("annotations/alice/plain_02.yaml"),
        "document: plain_02\nannotator: alice\nspans: 3\n",
    )
    .expect("write");
    let out = dir.path().join("out");
    let e =
        concord_convert::export_project(dir.path(), concord_convert::Format::Conll, &out, &Default::default(), None)
            .expect_err("refuses");
    assert_eq!(e.kind, ErrorKind::Project);
    assert!(e.to_string().contains("cargo xtask validate"), "{e}");
    assert!(!out.exists());
}

#[test]
fn export_takes_a_selection_and_the_gold() {
    let dir = project();
    import::write_plan(&plan(dir.path(), emoji_import(), &WriteOptions::default()).expect("plans")).expect("writes");
    let mut run = concord_validate::validate(dir.path(), &[]).expect("validates");
    let labels = concord_schema::LabelSet::load(&dir.path().join("schemas/labels.yaml")).expect("labels");
    let all = concord_convert::ExportInput::from_run(&run, &labels).expect("exports");
    let first = all.documents[0].clone();
    let alice = first.by_annotator["alice"].clone();
    // The gold: alice's spans of the first document, minus its notes (the gold has its own).
    let gold: Vec<concord_schema::Span> =
        alice.iter().map(|s| concord_schema::Span::new(s.start, s.end, s.label.clone())).collect();
    run.set.gold.insert(first.id.clone(), gold);

    let only_gold = concord_convert::ExportInput::from_selection(&run, &labels, &["gold".to_owned()]).expect("gold");
    assert_eq!(only_gold.annotators(), ["gold"]);
    assert_eq!(only_gold.documents.len(), 1);
    assert_eq!(only_gold.documents[0].by_annotator["gold"].len(), alice.len());

    let both = concord_convert::ExportInput::from_selection(&run, &labels, &["al*".to_owned(), "gold".to_owned()])
        .expect("ok");
    assert_eq!(both.annotators(), ["alice", "gold"]);
    // Without `gold` the gold is not exported, whatever the globs.
    let globbed = concord_convert::ExportInput::from_selection(&run, &labels, &["*".to_owned()]).expect("ok");
    assert!(!globbed.annotators().contains(&"gold"));

    let e = concord_convert::ExportInput::from_selection(&run, &labels, &["bob".to_owned()]).expect_err("nobody");
    assert_eq!(e.kind, ErrorKind::Project);
    assert!(e.to_string().contains("`bob` matches no annotator; the annotators are: alice"), "{e}");
}
