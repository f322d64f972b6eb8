//! WebAnno TSV 3 (INCEpTION): round trip, INCEpTION-shaped fixtures, malformed input, determinism.

mod common;

use std::path::Path;

use concord_convert::export::write_outputs;
use concord_convert::webanno::{export, import};
use concord_convert::{Corpus, ErrorKind, Location, ReadOptions};
use concord_schema::Document;

const FIXTURES: &str = "tests/fixtures/webanno";

/// The text of the fixtures' document: an emoji before the spans (UTF-16 offsets run one ahead of
/// code points after it), curly quotes, a sentence over two lines, a backslash and a tab.
const NEWS_TEXT: &str = "Quetta 😀 — “ISIS” claimed the attack.\nISIS’s Khorasan branch struck\nPeshawar; the Pakistani army said C:\\temp\tfiles.\n";
const HAAG_TEXT: &str = "Ms. Haag plays Elianti .\n";
const MALFORMED_TEXT: &str = "ISIS struck 😀 Quetta again.\n";
const ESCAPES_TEXT: &str = "Files in C:\\data_2024 [draft] -> see a|b; *note*.\n";

fn fixture_corpus() -> Corpus {
    Corpus::from_documents([
        Document::from_text("news_01", NEWS_TEXT.into()),
        Document::from_text("haag", HAAG_TEXT.into()),
        Document::from_text("escapes", ESCAPES_TEXT.into()),
    ])
}

fn with_annotator(name: &str) -> ReadOptions {
    ReadOptions { annotator: Some(name.into()), ..ReadOptions::default() }
}

type Spans = Vec<(usize, usize, String)>;

fn spans_of(imported: &concord_convert::Imported, annotator: &str) -> Spans {
    let a = imported.annotations.iter().find(|a| a.annotator == annotator).expect("annotator imported");
    a.spans.iter().map(|s| (s.start, s.end, s.label.clone())).collect()
}

fn expect(text: &str, found: &[(&str, usize, &str)]) -> Spans {
    let mut out: Spans = found
        .iter()
        .map(|(needle, n, label)| (common::find(text, needle, *n), *label))
        .map(|((s, e), l)| (s, e, l.into()))
        .collect();
    out.sort();
    out
}

fn notices(imported: &concord_convert::Imported) -> Vec<String> {
    imported.notices.iter().map(ToString::to_string).collect()
}

#[test]
fn round_trip_keeps_every_span_and_says_the_notes_are_lost() {
    let input = common::input();
    let exported = export(&input).expect("exports");
    let paths: Vec<String> = exported.files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(paths, ["alice/emoji_01.tsv", "alice/plain_02.tsv", "bob/emoji_01.tsv", "carol/plain_02.tsv"]);
    let dir = tempfile::tempdir().expect("tempdir");
    write_outputs(dir.path(), &exported.files).expect("writes");

    let imported = import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    // Everything but the notes, carol's empty annotation and bob's nested pair included.
    assert_eq!(common::flatten_imported(&imported, false), common::flatten_input(&input, false));
    assert!(imported.notices.is_empty(), "{:?}", imported.notices);
    let carol = imported.annotations.iter().find(|a| a.annotator == "carol").expect("carol");
    assert!(carol.spans.is_empty());

    // Notes: alice's and bob's, one notice per file that had any.
    let lost: Vec<String> = exported.notices.iter().map(ToString::to_string).collect();
    assert_eq!(
        lost,
        [
            "alice/emoji_01.tsv: 1 span note(s) not exported: WebAnno TSV's named-entity layer has no note feature (its `identifier` is for entity-linking ids)",
            "bob/emoji_01.tsv: 1 span note(s) not exported: WebAnno TSV's named-entity layer has no note feature (its `identifier` is for entity-linking ids)",
        ]
    );
    assert_ne!(common::flatten_imported(&imported, true), common::flatten_input(&input, true));
}

#[test]
fn an_exported_file_alone_needs_the_annotator() {
    let exported = export(&common::input()).expect("exports");
    let dir = tempfile::tempdir().expect("tempdir");
    write_outputs(dir.path(), &exported.files).expect("writes");
    let file = dir.path().join("bob/emoji_01.tsv");
    let e = import(&file, &common::corpus(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.to_string().contains("this input does not say who annotated it"), "{e}");
    // Uploaded to INCEpTION, the document is named `emoji_01.tsv`; its project export keeps
    // `annotation/emoji_01.tsv/<user>.tsv`.
    let project = tempfile::tempdir().expect("tempdir");
    let inside = project.path().join("annotation/emoji_01.tsv");
    std::fs::create_dir_all(&inside).expect("mkdir");
    std::fs::copy(&file, inside.join("dave.tsv")).expect("copies");
    let from_inception = import(project.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(
        (from_inception.annotations[0].document.as_str(), from_inception.annotations[0].annotator.as_str()),
        (common::EMOJI_DOC, "dave")
    );

    let imported = import(&file, &common::corpus(), &with_annotator("bob")).expect("imports");
    let input = common::input();
    let bob = &common::flatten_input(&input, false)[&(common::EMOJI_DOC.to_owned(), "bob".to_owned())];
    assert_eq!(&common::flatten_imported(&imported, false)[&(common::EMOJI_DOC.to_owned(), "bob".to_owned())], bob);
}

#[test]
fn exports_are_deterministic_and_pinned() {
    let first = export(&common::input()).expect("exports");
    let second = export(&common::input()).expect("exports");
    assert_eq!(first, second);
    let file = |name: &str| {
        first.files.iter().find(|f| f.path == Path::new(name)).map(|f| f.contents.clone()).expect("file exported")
    };
    // Snapshots trim trailing whitespace: every token line ends in a tab, as INCEpTION writes it.
    for f in &first.files {
        assert!(f.contents.ends_with("\t\n"), "{}", f.path.display());
        assert!(f.contents.starts_with("#FORMAT=WebAnno TSV 3.3\n#T_SP="), "{}", f.path.display());
    }
    // Bob: the nested pair stacked on `Khorasan`, ids, the emoji's UTF-16 offsets.
    insta::assert_snapshot!("export_bob_emoji", file("bob/emoji_01.tsv"));
    // Alice on the plain document: the blank line kept inside the first sentence.
    insta::assert_snapshot!("export_alice_plain", file("alice/plain_02.tsv"));
    insta::assert_snapshot!("export_carol_plain", file("carol/plain_02.tsv"));
}

#[test]
fn inception_project_export_folder() {
    let imported =
        import(&Path::new(FIXTURES).join("inception"), &fixture_corpus(), &ReadOptions::default()).expect("imports");
    let mut who: Vec<(&str, &str)> =
        imported.annotations.iter().map(|a| (a.document.as_str(), a.annotator.as_str())).collect();
    who.sort();
    assert_eq!(who, [("news_01", "CURATION_USER"), ("news_01", "alice"), ("news_01", "bob")]);

    let t = NEWS_TEXT;
    // Alice: NamedEntity `value`, escaped `MILITANT\_GROUP`, multi-token ids, a stacked pair, a
    // sub-token, spans after the emoji and after the line break inside sentence 2.
    assert_eq!(
        spans_of(&imported, "alice"),
        expect(
            t,
            &[
                ("Quetta", 1, "GPE"),
                ("ISIS", 1, "MILITANT_GROUP"),
                ("the attack", 1, "EVENT"),
                ("ISIS’s Khorasan branch", 1, "MILITANT_GROUP"),
                ("Khorasan", 1, "GPE"),
                ("Peshawar", 1, "GPE"),
                ("Pakistani army", 1, "STATE_BODY"),
                ("Pakistan", 1, "GPE"),
            ]
        )
    );
    // Bob: the custom layer, not the POS layer declared before it; its first feature.
    assert_eq!(
        spans_of(&imported, "bob"),
        expect(
            t,
            &[
                ("Quetta", 1, "GPE"),
                ("ISIS", 1, "MILITANT_GROUP"),
                ("ISIS", 1, "ORG"),
                ("ISIS’s Khorasan branch", 1, "MILITANT_GROUP"),
                ("Peshawar", 1, "GPE"),
            ]
        )
    );
    // The curator: a layer without features; its name is the label.
    assert_eq!(
        spans_of(&imported, "CURATION_USER"),
        expect(t, &[("Quetta", 1, "GPE"), ("Khorasan", 1, "GPE"), ("Peshawar", 1, "GPE")])
    );
    let root = Path::new(FIXTURES).join("inception");
    let alice = root.join("annotation/news_01.txt/alice.tsv").display().to_string();
    let bob = root.join("annotation/news_01.txt/bob.tsv").display().to_string();
    assert_eq!(
        notices(&imported),
        [
            format!(
                "{}: 1 .tsv file(s) outside INCEpTION's annotation/ and curation/ folders skipped: {}",
                root.display(),
                root.join("source/news_01.tsv").display()
            ),
            format!(
                "{}: skipped: INCEpTION's INITIAL_CAS is the document before anyone annotated it, not an annotator's work",
                root.join("annotation/news_01.txt/INITIAL_CAS.tsv").display()
            ),
            format!(
                "{alice}:10:13: 1 annotation(s) of `de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity` without a `value` (`*`) not imported: a concord span needs a label"
            ),
            format!(
                "{alice}:26:20: feature `identifier` of `de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity` not imported (1 value(s)): the label comes from `value`"
            ),
            format!(
                "{alice}:13:34: chain layer `de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink`: 2 chain link(s) not imported: concord has spans, not coreference chains"
            ),
            format!(
                "{alice}:26:65: relation layer `webanno.custom.Relation`: 1 relation(s) not imported: concord has spans, not relations"
            ),
            format!(
                "{bob}:7:24: feature `confidence` of `webanno.custom.Militant` not imported (2 value(s)): the label comes from `kind`"
            ),
            format!(
                "{bob}:7:16: span layer `de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS`: 23 annotation(s) not imported: concord takes one span layer, here `webanno.custom.Militant`"
            ),
        ]
    );
}

#[test]
fn the_user_guides_examples() {
    let file = Path::new(FIXTURES).join("spec/haag.tsv");
    let imported = import(&file, &fixture_corpus(), &with_annotator("guide")).expect("imports");
    assert_eq!(imported.annotations[0].document, "haag");
    // `PER[1]|PERpart[2]`: a two-token PER and, stacked on `Ms.`, a PERpart.
    assert_eq!(spans_of(&imported, "guide"), expect(HAAG_TEXT, &[("Ms. Haag", 1, "PER"), ("Ms.", 1, "PERpart")]));
    let f = file.display();
    assert_eq!(
        notices(&imported),
        [
            format!(
                "{f}:13:23: 1 annotation(s) of `de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity` without a `value` (`*`) not imported: a concord span needs a label"
            ),
            format!(
                "{f}:8:13: span layer `de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS`: 5 annotation(s) not imported: concord takes one span layer, here `de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity`"
            ),
            format!(
                "{f}:8:35: relation layer `de.tudarmstadt.ukp.dkpro.core.api.syntax.type.dependency.Dependency`: 5 relation(s) not imported: concord has spans, not relations"
            ),
        ]
    );
    // Without --annotator a lone file names only its document.
    let e = import(&file, &fixture_corpus(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.location, Some(Location::file(&file)));
}

#[test]
fn reserved_characters_in_values_text_and_tokens() {
    let file = Path::new(FIXTURES).join("spec/escapes.tsv");
    let imported = import(&file, &fixture_corpus(), &with_annotator("x")).expect("imports");
    // Values unescape (`\|` is no stack separator, `\[1\][1]` a literal before an id); `#Text`
    // escapes only the backslash here; token texts are raw (`a|b`, `C:\data_2024`).
    assert_eq!(
        spans_of(&imported, "x"),
        expect(
            ESCAPES_TEXT,
            &[
                ("C:\\data_2024", 1, "LOC|PATH"),
                ("[draft]", 1, "NOTE[1]"),
                ("->", 1, "ARROW->RIGHT"),
                ("a|b", 1, "X;Y"),
                ("a|b", 1, "Z*"),
                ("note", 1, "back\\slash"),
            ]
        )
    );
    assert_eq!(
        notices(&imported),
        [format!(
            "{}:18:15: 1 zero-width annotation(s) not imported: a concord span covers at least one character",
            file.display()
        )]
    );
}

#[test]
fn malformed_files_stop_with_a_located_error() {
    let cases: &[(&str, ErrorKind, usize, usize)] = &[
        ("no_format", ErrorKind::Syntax, 1, 1),
        ("tsv_version_2", ErrorKind::Unsupported, 1, 9),
        ("bad_header_line", ErrorKind::Syntax, 2, 1),
        ("too_few_fields", ErrorKind::Syntax, 9, 17),
        ("undeclared_column", ErrorKind::Syntax, 9, 22),
        ("bad_token_id", ErrorKind::Syntax, 7, 1),
        ("bad_offsets", ErrorKind::Syntax, 7, 5),
        ("offset_in_emoji", ErrorKind::Unsupported, 8, 5),
        ("offset_past_end", ErrorKind::Unsupported, 11, 5),
        ("token_mismatch", ErrorKind::TextMismatch, 9, 11),
        ("text_mismatch", ErrorKind::TextMismatch, 5, 21),
        ("id_gap", ErrorKind::Syntax, 8, 13),
        ("id_label_conflict", ErrorKind::Syntax, 7, 17),
        ("bad_id", ErrorKind::Syntax, 9, 18),
        ("empty_stack_entry", ErrorKind::Syntax, 9, 22),
        ("sub_token_outside", ErrorKind::Syntax, 10, 7),
        ("sub_token_orphan", ErrorKind::Syntax, 10, 1),
        ("tokens_overlap", ErrorKind::Syntax, 7, 5),
        ("header_inside_sentence", ErrorKind::Syntax, 9, 1),
        ("sentence_without_tokens", ErrorKind::Syntax, 6, 1),
        ("not_utf8", ErrorKind::Syntax, 5, 12),
        ("missing_document", ErrorKind::TextMismatch, 0, 0),
    ];
    let corpus = Corpus::from_documents(
        cases
            .iter()
            .filter(|(name, ..)| *name != "missing_document")
            .map(|(name, ..)| Document::from_text(name, MALFORMED_TEXT.into())),
    );
    let mut shown = String::new();
    for (name, kind, line, column) in cases {
        let path = Path::new(FIXTURES).join("malformed").join(format!("{name}.tsv"));
        let e = import(&path, &corpus, &with_annotator("x")).expect_err(name);
        assert_eq!((e.kind, e.location.clone()), (*kind, Some(Location::at(&path, *line, *column))), "{name}: {e}");
        shown.push_str(&format!("{e}\n\n"));
    }
    insta::assert_snapshot!("malformed", shown);
}

#[test]
fn a_folder_without_tsv_files_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = import(dir.path(), &fixture_corpus(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Io);
    assert!(e.to_string().contains("no .tsv file in this folder"), "{e}");
}

#[test]
fn the_repository_round_trips_and_the_import_plan_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let run = concord_validate::validate(&root, &[]).expect("validates");
    let project = concord_validate::Project::open(&root).expect("opens");
    let labels = project.labels.clone().expect("the repository has labels");
    let input = concord_convert::ExportInput::from_run(&run, &labels).expect("the repository is valid");
    let exported = export(&input).expect("exports");
    assert!(exported.notices.iter().all(|n| n.message.contains("note(s) not exported")), "{:?}", exported.notices);
    let dir = tempfile::tempdir().expect("tempdir");
    write_outputs(dir.path(), &exported.files).expect("writes");

    let corpus = Corpus::load(&project).expect("corpus");
    let imported = import(dir.path(), &corpus, &ReadOptions::default()).expect("imports");
    assert_eq!(common::flatten_imported(&imported, false), common::flatten_input(&input, false));
    let options = concord_convert::import::WriteOptions { force: true, ..Default::default() };
    let plan = match concord_convert::import::plan(&project, &corpus, imported, &options) {
        Ok(plan) => plan,
        Err(concord_convert::import::PlanError::Convert(e)) => panic!("{e}"),
        Err(concord_convert::import::PlanError::Invalid { diagnostics }) => panic!("{diagnostics:?}"),
    };
    assert_eq!(plan.files.len(), exported.files.len());
    assert!(plan.diagnostics.iter().all(|d| !d.is_error()), "{:?}", plan.diagnostics);
}

#[test]
fn layer_option_chooses_the_labels() {
    let file = Path::new(FIXTURES).join("spec/haag.tsv");
    let with_layer = |layer: &str| ReadOptions { layer: Some(layer.into()), ..with_annotator("guide") };
    // The short name, the full name, and the full name with its feature give the same spans.
    let pos = import(&file, &fixture_corpus(), &with_layer("POS")).expect("imports");
    let expected = expect(
        HAAG_TEXT,
        &[("Ms.", 1, "NNP"), ("Haag", 1, "NNP"), ("plays", 1, "VBD"), ("Elianti", 1, "NNP"), (".", 2, ".")],
    );
    assert_eq!(spans_of(&pos, "guide"), expected);
    for layer in [
        "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS",
        "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS:PosValue",
    ] {
        assert_eq!(
            spans_of(&import(&file, &fixture_corpus(), &with_layer(layer)).expect("imports"), "guide"),
            expected
        );
    }
    assert!(notices(&pos).iter().any(|n| n.contains("here `de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS`")));

    let e = import(&file, &fixture_corpus(), &with_layer("NamedEntity:identifier")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(e.location, Some(Location::at(&file, 3, 1)));
    assert!(e.to_string().contains("its features: value"), "{e}");
    let e = import(&file, &fixture_corpus(), &with_layer("Lemma")).unwrap_err();
    assert!(e.to_string().contains("this file declares no such span layer"), "{e}");
    assert!(
        e.to_string().contains("its span layers: de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS, "),
        "{e}"
    );
}

/// The exported files of the common input, written under `dir`.
fn exported_into(dir: &Path) {
    write_outputs(dir, &export(&common::input()).expect("exports").files).expect("writes");
}

#[cfg(unix)]
#[test]
fn folders_skip_hidden_entries_and_do_not_follow_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    exported_into(dir.path());
    let expected = import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    // A hidden folder (an editor's backup) is not read, though its file would not parse.
    std::fs::create_dir_all(dir.path().join(".backup")).expect("mkdir");
    std::fs::write(dir.path().join(".backup/emoji_01.tsv"), "not a TSV file").expect("writes");
    // A link to another export is not followed, and a notice says so.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    exported_into(elsewhere.path());
    std::os::unix::fs::symlink(elsewhere.path().join("alice"), dir.path().join("dave")).expect("links");
    let imported = import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(common::flatten_imported(&imported, true), common::flatten_imported(&expected, true));
    assert_eq!(notices(&imported), [format!("{}: 1 symbolic link(s) were not followed", dir.path().display())]);

    // A folder with nothing but links says why nothing was found.
    let links_only = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(elsewhere.path().join("alice"), links_only.path().join("alice")).expect("links");
    let e = import(links_only.path(), &common::corpus(), &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("no .tsv file in this folder"), "{e}");
    assert!(e.help.iter().any(|h| h == "1 symbolic link(s) were not followed"), "{e}");
}

#[test]
fn folders_are_searched_to_the_shared_depth() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Ten levels down: below the eight levels this importer once searched, within the shared 16.
    let deep = (0..10).fold(dir.path().to_owned(), |p, i| p.join(format!("d{i}")));
    exported_into(&deep);
    let imported = import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(imported.annotations.len(), 4);
    assert!(imported.notices.is_empty(), "{:?}", imported.notices);
    // Past the shared depth, a notice says what was not searched.
    let too_deep = (0..20).fold(dir.path().to_owned(), |p, i| p.join(format!("e{i}")));
    exported_into(&too_deep);
    let imported = import(dir.path(), &common::corpus(), &ReadOptions::default()).expect("imports");
    assert_eq!(imported.annotations.len(), 4);
    assert_eq!(
        notices(&imported),
        [format!("{}: 1 folder(s) more than 16 levels down were not searched", dir.path().display())]
    );
}

#[test]
fn a_byte_order_mark_is_taken_off_and_moves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    exported_into(dir.path());
    let file = dir.path().join("bob/emoji_01.tsv");
    let without = import(&file, &common::corpus(), &with_annotator("bob")).expect("imports");
    let text = std::fs::read_to_string(&file).expect("reads");
    std::fs::write(&file, format!("\u{FEFF}{text}")).expect("writes");
    let with = import(&file, &common::corpus(), &with_annotator("bob")).expect("imports");
    assert_eq!(with, without);
}

#[test]
fn files_over_the_input_limit_are_refused_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("emoji_01.tsv");
    // Sparse: the size is what is checked, before anything is read.
    let f = std::fs::File::create(&file).expect("creates");
    f.set_len(concord_convert::input::MAX_INPUT_BYTES + 1).expect("sizes");
    let e = import(&file, &common::corpus(), &with_annotator("bob")).unwrap_err();
    assert_eq!((e.kind, e.location), (ErrorKind::Limit, Some(Location::file(&file))));
}
