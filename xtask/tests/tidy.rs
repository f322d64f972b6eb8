//! Tidy tests over the workspace's sources (in the spirit of rust-analyzer's `tidy.rs`): rules
//! that no compiler or linter enforces but that keep the code readable. They read files only.

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent").to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `.rs` file under `crates/*/src` and `xtask/src`, as paths relative to the workspace.
fn library_and_xtask_sources(root: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![root.join("xtask/src")];
    for entry in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let src = entry.expect("entry").path().join("src");
        if src.is_dir() {
            dirs.push(src);
        }
    }
    let mut files = Vec::new();
    for dir in dirs {
        rust_files(&dir, &mut files);
    }
    let mut files: Vec<PathBuf> =
        files.into_iter().map(|f| f.strip_prefix(root).expect("under the root").to_path_buf()).collect();
    files.sort();
    files
}

#[test]
fn every_module_opens_with_a_doc_comment() {
    let root = workspace_root();
    let files = library_and_xtask_sources(&root);
    assert!(files.len() > 50, "sources went missing: {}", files.len());
    let mut missing = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(root.join(file)).expect("UTF-8 source");
        if !text.starts_with("//!") {
            missing.push(file.display().to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "these modules do not open with a `//!` comment saying what the module is and why it is \
         designed so:\n  {}",
        missing.join("\n  ")
    );
}

/// Library code never panics on input (ARCHITECTURE.md): every crate root, and xtask's, denies
/// `unwrap` and `expect` outside tests, so clippy catches a new one.
#[test]
fn every_crate_root_denies_unwrap_and_expect() {
    const DENY: &str = "#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]";
    let root = workspace_root();
    let mut roots = vec![PathBuf::from("xtask/src/main.rs")];
    for entry in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let lib = entry.expect("entry").path().join("src/lib.rs");
        if lib.is_file() {
            roots.push(lib.strip_prefix(&root).expect("under the root").to_path_buf());
        }
    }
    assert!(roots.len() > 5, "crate roots went missing");
    let missing: Vec<String> = roots
        .iter()
        .filter(|f| !std::fs::read_to_string(root.join(f)).expect("UTF-8 source").lines().any(|l| l.trim() == DENY))
        .map(|f| f.display().to_string())
        .collect();
    assert!(missing.is_empty(), "these crate roots lack `{DENY}`:\n  {}", missing.join("\n  "));
}
