//! What the pull-request workflow (.github/workflows/annotations.yml) runs, on a repository made
//! in the test: `tests/fixtures/project` committed on `main`, then `tests/fixtures/pr` copied
//! over it on a branch — the working tree is the pull request. Snapshots of the `::error` lines,
//! the Markdown report with `--base main`, and the annotation diff against `main`; the comment
//! they make together stays under GitHub's limit.

use std::path::Path;
use std::process::Command;

use concord_agreement::Options;
use concord_diff::{Side, render};
use concord_report::markdown::{self, GITHUB_COMMENT_LIMIT};

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

#[test]
fn the_workflow_steps_on_a_pull_request() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    copy_tree(&fixtures.join("project"), root);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);
    let base = git(root, &["rev-parse", "HEAD"]);
    git(root, &["checkout", "-q", "-b", "pr"]);
    copy_tree(&fixtures.join("pr/annotations"), &root.join("annotations"));
    let redact = |s: &str| {
        s.replace(&format!("{}/", root.display()), "").replace(&base, "<base>").replace(&base[..10], "<base>")
    };

    // Step 1: cargo xtask validate --format github
    let run = concord_validate::validate(root, &[]).expect("validates");
    let github: String = run.diagnostics.iter().map(|d| concord_validate::render::render_github(d) + "\n").collect();
    insta::assert_snapshot!("github_errors", redact(&github));

    // Step 2: cargo xtask report --format markdown --base main
    let options = Options { resamples: 200, ..Options::default() };
    let inputs = concord_report::load(root, Some("main"), &options).expect("report");
    let base_inputs = inputs.base.as_ref().expect("a base");
    assert_eq!(base_inputs.touched, ["doc1", "doc2", "doc3"]);
    let report = markdown::render(&inputs, 40_000);
    insta::assert_snapshot!("report_markdown", redact(&report));

    // Step 3: cargo xtask diff --base main --format markdown
    let diff = concord_diff::diff_revisions(root, &Side::Rev("main".into()), &Side::WorkTree).expect("diff");
    let diff_md = render::revisions_markdown(&diff, 20_000);
    insta::assert_snapshot!("diff_markdown", redact(&diff_md));

    let comment = format!("<!-- concord-report -->\n{report}\n{diff_md}");
    assert!(comment.chars().count() < GITHUB_COMMENT_LIMIT);
}
