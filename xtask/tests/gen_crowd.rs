//! The crowd generator end to end (`concord_agreement::synthetic`): a small project written to a
//! temporary folder validates without errors, loads with the asked raters, and is the same, byte
//! for byte, for the same seed. Here rather than in concord-agreement because validate is not
//! among agreement's dependencies (data flows one way), and xtask has both.

use std::path::{Path, PathBuf};

use concord_agreement::synthetic::crowd::CrowdOptions;
use concord_agreement::synthetic::write::{GenError, write_project};
use concord_schema::{LabelSet, sha256_hex};

fn repository_labels() -> LabelSet {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/labels.yaml");
    LabelSet::load(&path).expect("the repository's label set")
}

/// 50 documents, a pool of 40, one document with 12 raters: small enough for a debug build.
fn small(seed: u64) -> CrowdOptions {
    CrowdOptions { seed, documents: 50, pool: 40, big_document_raters: 12, ..CrowdOptions::new(repository_labels()) }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("listable") {
        let path = entry.expect("entry").path();
        if path.is_dir() { files(&path, out) } else { out.push(path) }
    }
}

/// One hash of every file's path (relative) and bytes, in path order.
fn tree_hash(root: &Path) -> (usize, String) {
    let mut all = Vec::new();
    files(root, &mut all);
    all.sort();
    let mut bytes = Vec::new();
    for f in &all {
        bytes.extend_from_slice(f.strip_prefix(root).expect("under root").to_string_lossy().as_bytes());
        bytes.push(0);
        bytes.extend(std::fs::read(f).expect("readable"));
        bytes.push(0);
    }
    (all.len(), sha256_hex(&bytes))
}

#[test]
fn a_small_crowd_project_validates_and_loads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let options = small(1);
    let summary = write_project(&options, dir.path(), false).expect("written");
    let run = concord_validate::validate(dir.path(), &[]).expect("validate runs");
    let errors: Vec<String> = run.diagnostics.iter().filter(|d| d.is_error()).map(|d| format!("{d:?}")).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(run.files, summary.files);
    let set = &run.set;
    assert_eq!(set.documents.len(), 50);
    assert_eq!(set.annotators.len(), 40, "the whole pool has files");
    assert_eq!(summary.raters, 40);
    let (big, raters) = summary.big_document.clone().expect("a big document");
    assert_eq!(raters, 12);
    let mut empty = 0;
    for doc in &set.documents {
        let n = doc.by_annotator.len();
        if doc.id == big {
            assert_eq!(n, 12, "the big document has exactly the asked raters");
        } else {
            assert!((3..=7).contains(&n), "{}: {n} raters", doc.id);
        }
        empty += doc.by_annotator.values().filter(|s| s.is_empty()).count();
        assert!(!doc.text.as_str().is_ascii(), "code points differ from bytes");
    }
    assert_eq!(empty, summary.empty_files, "empty files load as empty lists, not as missing ones");
    assert!(empty > 0);
    let spans: usize = set.documents.iter().flat_map(|d| d.by_annotator.values()).map(Vec::len).sum();
    assert_eq!(spans, summary.spans, "every span passed its checks");
}

#[test]
fn same_seed_same_bytes() {
    let (a, b, c) = (tempfile::tempdir().expect("a"), tempfile::tempdir().expect("b"), tempfile::tempdir().expect("c"));
    write_project(&small(7), a.path(), false).expect("a");
    write_project(&small(7), b.path(), false).expect("b");
    write_project(&small(8), c.path(), false).expect("c");
    let (count, hash) = tree_hash(a.path());
    assert!(count > 200, "{count} files");
    assert_eq!((count, hash.clone()), tree_hash(b.path()));
    assert_ne!(hash, tree_hash(c.path()).1, "another seed, another project");
}

#[test]
fn occupied_folders_are_refused_unless_generated_and_forced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let options = CrowdOptions { documents: 10, pool: 12, big_document_raters: 0, ..small(1) };
    write_project(&options, dir.path(), false).expect("written");
    assert!(matches!(write_project(&options, dir.path(), false), Err(GenError::NotEmpty { .. })));
    // A smaller project replaces the earlier one entirely: no stale document survives.
    let fewer = CrowdOptions { documents: 4, ..options.clone() };
    let summary = write_project(&fewer, dir.path(), true).expect("replaced");
    let run = concord_validate::validate(dir.path(), &[]).expect("validate runs");
    assert_eq!((run.errors(), run.set.documents.len(), run.files), (0, 4, summary.files));
    let foreign = tempfile::tempdir().expect("tempdir");
    std::fs::write(foreign.path().join("notes.txt"), "mine").expect("written");
    assert!(matches!(write_project(&options, foreign.path(), true), Err(GenError::NotGenerated { .. })));
    assert!(foreign.path().join("notes.txt").exists());
}
