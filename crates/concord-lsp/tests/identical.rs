//! The server's diagnostics are validate's: every fixture of concord-validate (annotation files
//! and gold files) is checked by `concord_validate::validate` and opened in the server, and the
//! two must agree in code, message, severity and range. The range expected is computed here
//! from validate's 1-based line, code-point column and width (UTF-32 positions: code points).

mod support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use support::{Client, fixtures};

/// The cases: `<project>/annotations/<case>/<file>.yaml` and `<project>/gold/<file>.yaml`.
fn cases() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for project in std::fs::read_dir(fixtures()).expect("fixtures").map(|e| e.expect("entry").path()) {
        let annotations = project.join("annotations");
        for case in std::fs::read_dir(&annotations).into_iter().flatten().map(|e| e.expect("entry").path()) {
            for file in std::fs::read_dir(&case).into_iter().flatten().map(|e| e.expect("entry").path()) {
                if file.extension().is_some_and(|e| e == "yaml") {
                    out.push((project.clone(), file));
                }
            }
        }
        for file in std::fs::read_dir(project.join("gold")).into_iter().flatten().map(|e| e.expect("entry").path()) {
            if file.extension().is_some_and(|e| e == "yaml") {
                out.push((project.clone(), file));
            }
        }
    }
    out.sort();
    out
}

/// validate's findings on `file`, as the LSP diagnostics they must become.
fn expected(root: &Path, file: &Path, text: &str) -> Vec<Value> {
    let run = concord_validate::validate(root, &[file.to_owned()]).expect("validate runs");
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    run.diagnostics
        .iter()
        .filter(|d| d.file == file)
        .map(|d| {
            let range = if d.line == 0 {
                json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } })
            } else {
                let line = lines.get(d.line as usize - 1).copied().unwrap_or("");
                let len = line.chars().count() as u32;
                let bom = u32::from(d.line == 1 && line.starts_with('\u{feff}'));
                let start = (d.column - 1 + bom).min(len);
                let end = (d.column - 1 + bom + d.width).min(len);
                json!({ "start": { "line": d.line - 1, "character": start }, "end": { "line": d.line - 1, "character": end } })
            };
            let severity = if d.is_error() { 1 } else { 2 };
            json!({ "code": d.code.as_str(), "message": d.message, "severity": severity, "range": range })
        })
        .collect()
}

fn comparable(d: &Value) -> Value {
    json!({ "code": d["code"], "message": d["message"], "severity": d["severity"], "range": d["range"] })
}

fn sorted(mut v: Vec<Value>) -> Vec<Value> {
    v.sort_by_key(|d| d.to_string());
    v
}

#[test]
fn every_validate_fixture_gets_validates_diagnostics() {
    let (mut client, init) = Client::start(&["utf-32", "utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-32");
    let (mut compared, mut skipped, mut findings) = (0, Vec::new(), 0);
    for (root, file) in cases() {
        // An editor cannot open these: a folder named like a file, a file that is not UTF-8.
        let Ok(text) = std::fs::read_to_string(&file) else {
            skipped.push(file.strip_prefix(fixtures()).expect("under fixtures").display().to_string());
            continue;
        };
        let want = sorted(expected(&root, &file, &text));
        client.open(&file, &text);
        let got = sorted(client.diagnostics(&file).iter().map(comparable).collect());
        assert_eq!(got, want, "{}", file.display());
        compared += 1;
        findings += want.len();
    }
    skipped.sort();
    assert_eq!(skipped, ["project/annotations/invalid-utf8/doc1.yaml", "unreadable/annotations/unreadable/doc1.yaml"]);
    assert!(compared >= 40, "fixtures went missing: {compared}");
    assert!(findings >= 50, "diagnostics went missing: {findings}");
    client.shutdown();
}

/// The label set's own findings (C024) are published on `schemas/labels.yaml`, as validate
/// reports them there.
#[test]
fn a_broken_label_set_gets_its_diagnostic() {
    let root = fixtures().join("labels-file");
    let labels = root.join("schemas/labels.yaml");
    let text = std::fs::read_to_string(&labels).expect("labels");
    let run = concord_validate::validate(&root, &[]).expect("runs");
    let want: Vec<(String, String)> = run
        .diagnostics
        .iter()
        .filter(|d| d.file == labels)
        .map(|d| (d.code.as_str().to_owned(), d.message.clone()))
        .collect();
    assert!(!want.is_empty());
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(&labels, &text);
    let got: Vec<(String, String)> = client
        .diagnostics(&labels)
        .iter()
        .map(|d| (d["code"].as_str().unwrap_or("").to_owned(), d["message"].as_str().unwrap_or("").to_owned()))
        .collect();
    assert_eq!(got, want);
    client.shutdown();
}
