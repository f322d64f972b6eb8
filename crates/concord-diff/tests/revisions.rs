//! Annotation changes between git revisions, on a repository made in the test: the fixture
//! project (`tests/fixtures/project`) is committed in a subfolder as the base, the files of
//! `tests/fixtures/head` are copied over it and committed as the head, then the working tree is
//! changed again without a commit.

use std::path::{Path, PathBuf};
use std::process::Command;

use concord_diff::{ChangeKind, Side, diff_revisions, render};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("GIT_AUTHOR_DATE", "2025-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2025-01-01T00:00:00Z")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    base: String,
    head: String,
}

/// base: the fixture project; head: `tests/fixtures/head` over it; the working tree: head with
/// annotator-b's doc1 deleted.
fn repo() -> Repo {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    let root = dir.path().join("data");
    copy_tree(&fixtures.join("project"), &root);
    std::fs::write(dir.path().join("README.md"), "outside the project\n").expect("write");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    let base = git(dir.path(), &["rev-parse", "HEAD"]);
    copy_tree(&fixtures.join("head/annotations"), &root.join("annotations"));
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "head"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    std::fs::remove_file(root.join("annotations/annotator-b/doc1.yaml")).expect("rm");
    Repo { _dir: dir, root, base, head }
}

fn redact(text: &str, repo: &Repo) -> String {
    text.replace(&repo.base, "<base>")
        .replace(&repo.head, "<head>")
        .replace(&repo.base[..10], "<base>")
        .replace(&repo.head[..10], "<head>")
}

#[test]
fn between_two_commits() {
    let repo = repo();
    let diff = diff_revisions(&repo.root, &Side::Rev("HEAD~1".into()), &Side::Rev("HEAD".into())).expect("diff");
    let paths: Vec<&str> = diff.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        ["annotations/annotator-a/doc1.yaml", "annotations/annotator-b/doc2.yaml", "annotations/annotator-c/doc1.yaml"]
    );
    let a = &diff.files[0];
    for kind in ChangeKind::ALL {
        assert_eq!(a.count(kind), 1, "{kind:?} in {:#?}", a.changes);
    }
    // The file that no longer parses is a state with its error, and its spans count as removed.
    let broken = &diff.files[1];
    assert!(broken.head.as_ref().and_then(|h| h.problem.as_deref()).is_some_and(|p| p.contains("line")), "{broken:?}");
    assert_eq!(broken.count(ChangeKind::Removed), 6);
    assert_eq!(diff.touched_documents(), ["doc1", "doc2"]);
    insta::assert_snapshot!("commits_text", redact(&render::revisions_text(&diff, false), &repo));
    insta::assert_snapshot!("commits_markdown", redact(&render::revisions_markdown(&diff, 60_000), &repo));
}

#[test]
fn base_against_the_working_tree() {
    let repo = repo();
    let diff = diff_revisions(&repo.root, &Side::Rev(repo.head.clone()), &Side::WorkTree).expect("diff");
    assert_eq!(diff.files.len(), 1);
    assert_eq!(diff.files[0].status, concord_diff::revisions::FileStatus::Removed);
    assert_eq!(diff.files[0].count(ChangeKind::Removed), 8);
    insta::assert_snapshot!("worktree_text", redact(&render::revisions_text(&diff, false), &repo));
}

#[test]
fn json_follows_the_schema() {
    let repo = repo();
    let diff = diff_revisions(&repo.root, &Side::Rev(repo.base.clone()), &Side::WorkTree).expect("diff");
    let json = render::revisions_json(&diff);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/diff.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_bad_revision_is_an_error() {
    let repo = repo();
    for rev in ["no-such-branch", "--output=/tmp/x", ""] {
        let err = diff_revisions(&repo.root, &Side::Rev(rev.into()), &Side::WorkTree).expect_err("bad rev");
        assert!(err.to_string().contains("revision") || err.to_string().contains("commit"), "{err}");
    }
}

#[test]
fn markdown_stays_under_its_budget() {
    let repo = repo();
    let diff = diff_revisions(&repo.root, &Side::Rev(repo.base.clone()), &Side::WorkTree).expect("diff");
    let md = render::revisions_markdown(&diff, 1_500);
    assert!(md.len() <= 1_500, "{}", md.len());
    assert!(md.contains("more not shown"), "{md}");
}
