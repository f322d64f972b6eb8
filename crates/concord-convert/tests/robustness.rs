//! No input makes a reader panic, hang or return spans outside their document: every format's
//! own export, mutated at random (characters deleted, inserted from the format's syntax,
//! lines duplicated or swapped), is read back, and each result is an error or sane spans.

mod common;

use std::path::{Path, PathBuf};

use concord_convert::export::write_outputs;
use concord_convert::{Format, ReadOptions};
use proptest::prelude::*;

/// The export of the common input in `format`, as (relative path, contents).
fn exported(format: Format) -> Vec<(PathBuf, String)> {
    let out = concord_convert::render_export(format, &common::input(), &Default::default()).expect("exports");
    out.files.into_iter().map(|f| (f.path, f.contents)).collect()
}

#[derive(Clone, Debug)]
enum Edit {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), "[\t\n;|\\[\\]{}\",:0-9\\-_*#TRAE😀’\\\\ ]{1,6}")
            .prop_map(|(at, text)| Edit::Insert { at, text }),
        any::<usize>().prop_map(|line| Edit::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines { a, b }),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match edit {
        Edit::Delete { at, len } => {
            let at = at % (chars.len() + 1);
            chars[..at].iter().chain(chars[(at + len).min(chars.len())..].iter()).collect()
        }
        Edit::Insert { at, text: insert } => {
            let at = at % (chars.len() + 1);
            let mut s: String = chars[..at].iter().collect();
            s.push_str(insert);
            s.extend(&chars[at..]);
            s
        }
        Edit::DuplicateLine { line } if !lines.is_empty() => {
            let l = line % lines.len();
            lines.insert(l, lines[l]);
            lines.concat()
        }
        Edit::SwapLines { a, b } if !lines.is_empty() => {
            let n = lines.len();
            lines.swap(a % n, b % n);
            lines.concat()
        }
        _ => text.to_owned(),
    }
}

fn read_back(format: Format, dir: &Path, files: &[(PathBuf, String)]) {
    let outputs: Vec<_> =
        files.iter().map(|(p, c)| concord_convert::OutputFile { path: p.clone(), contents: c.clone() }).collect();
    write_outputs(dir, &outputs).expect("writes");
    let path = if files.len() == 1 { dir.join(&files[0].0) } else { dir.to_path_buf() };
    let corpus = common::corpus();
    if let Ok(imported) = concord_convert::read(format, &path, &corpus, &ReadOptions::default()) {
        for a in &imported.annotations {
            let doc = corpus.get(&a.document).expect("readers return corpus documents");
            for s in &a.spans {
                assert!(s.start <= s.end && s.end <= doc.text.len_chars(), "{format:?}: {s:?} outside {}", a.document);
            }
        }
    }
}

fn mutated_exports_never_panic(format: Format) {
    let files = exported(format);
    // A runner made by hand knows no source file; name this one so failures are kept in
    // proptest-regressions/ and replayed, as the proptest! macro does.
    let config = proptest::test_runner::Config { source_file: Some(file!()), ..concord_testkit::proptest_config(200) };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let strategy = (0..files.len(), proptest::collection::vec(edit(), 1..4));
    runner
        .run(&strategy, |(which, edits)| {
            let dir = tempfile::tempdir().expect("tempdir");
            let mut files = files.clone();
            for e in &edits {
                files[which].1 = apply(&files[which].1, e);
            }
            read_back(format, dir.path(), &files);
            Ok(())
        })
        .expect("no panic");
}

#[test]
fn brat_survives_mutation() {
    mutated_exports_never_panic(Format::Brat);
}

#[test]
fn label_studio_survives_mutation() {
    mutated_exports_never_panic(Format::LabelStudio);
}

#[test]
fn jsonl_survives_mutation() {
    mutated_exports_never_panic(Format::Jsonl);
}

#[test]
fn webanno_survives_mutation() {
    mutated_exports_never_panic(Format::WebannoTsv);
}
