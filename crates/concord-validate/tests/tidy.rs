//! Tidy tests that keep the documentation true (in the spirit of rust-analyzer's `tidy.rs`):
//! every diagnostic code is shown by a fixture snapshot, and README's table of codes lists
//! every code with its name and severity. They read files rather than run checks, so a failure
//! names exactly what to add.

use std::path::Path;

use concord_validate::{Code, Severity};

/// The bodies (header removed) of the snapshots that `tests/fixtures.rs` writes.
fn fixture_snapshots() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/snapshots exists") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        if !(name.starts_with("fixtures__") && name.ends_with(".snap")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("snapshot is UTF-8");
        // `---\n<metadata>\n---\n<body>`
        let body = text.splitn(3, "---\n").nth(2).unwrap_or_default().to_owned();
        out.push((name, body));
    }
    out.sort();
    out
}

#[test]
fn every_code_has_a_fixture_snapshot() {
    let snapshots = fixture_snapshots();
    assert!(snapshots.len() > 20, "snapshots went missing");
    let missing: Vec<String> = Code::ALL
        .iter()
        .filter(|code| {
            let text = format!("[{}]", code.as_str());
            let json = format!("\"code\":\"{}\"", code.as_str());
            !snapshots.iter().any(|(_, body)| body.contains(&text) || body.contains(&json))
        })
        .map(|code| format!("{} ({})", code.as_str(), code.name()))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture snapshot shows {missing:?}: add a case under \
         crates/concord-validate/tests/fixtures/<project>/annotations/<case>/ and run \
         `INSTA_UPDATE=always cargo test -p concord-validate`"
    );
}

#[test]
fn readme_lists_every_code_with_its_name_and_severity() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).expect("README.md");
    // Rows of the table: `| C014 | empty-span | error | ... |`.
    let rows: Vec<Vec<&str>> = readme
        .lines()
        .filter(|l| l.starts_with("| C0"))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let mut problems = Vec::new();
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match rows.iter().filter(|r| r[0] == code.as_str()).collect::<Vec<_>>().as_slice() {
            [row] => {
                if row.get(1) != Some(&code.name()) {
                    problems.push(format!(
                        "{}: README names it {:?}, the code {:?}",
                        code.as_str(),
                        row.get(1),
                        code.name()
                    ));
                }
                if !row.get(2).is_some_and(|s| s.starts_with(severity)) {
                    problems.push(format!("{}: README says {:?}, the code {severity}", code.as_str(), row.get(2)));
                }
            }
            [] => problems.push(format!(
                "{} ({}) is not in README's table of diagnostic codes",
                code.as_str(),
                code.name()
            )),
            _ => problems.push(format!("{} has several rows in README", code.as_str())),
        }
    }
    for row in &rows {
        if !Code::ALL.iter().any(|c| c.as_str() == row[0]) {
            problems.push(format!("README lists {}, which is no code", row[0]));
        }
    }
    assert!(problems.is_empty(), "README.md's diagnostic codes are out of date:\n{}", problems.join("\n"));
}
