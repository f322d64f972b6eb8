//! Bad input gets no crash and no hang, and the server keeps serving: a half-typed file, a
//! deleted corpus file, 20,000-deep nesting, a file over 16 MiB, malformed requests. After
//! each, a hover request must still be answered.

mod support;

use serde_json::{Value, json};
use support::{Client, copy_project, pos, uri};

fn still_serving(client: &mut Client, file: &std::path::Path) {
    let answer =
        client.request("textDocument/hover", json!({ "textDocument": { "uri": uri(file) }, "position": pos(0, 0) }));
    assert!(answer.get("error").is_none(), "{answer}");
}

fn codes(d: &[Value]) -> Vec<String> {
    d.iter().map(|d| d["code"].as_str().unwrap_or("").to_owned()).collect()
}

#[test]
fn bad_input_never_stops_the_server() {
    let dir = copy_project("project");
    let root = dir.path().canonicalize().expect("canonical");
    let file = root.join("annotations/valid/doc1.yaml");
    let valid = std::fs::read_to_string(&file).expect("valid fixture");
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(&file, &valid);
    assert_eq!(client.diagnostics(&file), Vec::<Value>::new());

    // Half-typed: every prefix of the file, as if typed character by character (sampled).
    let cut: Vec<usize> = valid.char_indices().map(|(i, _)| i).step_by(7).collect();
    for (n, &at) in cut.iter().enumerate() {
        client.change_all(&file, 2 + n as i32, &valid[..at]);
    }
    let last = 2 + cut.len() as i32;
    client.change_all(&file, last, "document: doc1\nannotator: valid\nspans:\n  - start: 3\n    end: [");
    assert_eq!(codes(&client.diagnostics_at(&file, last)), ["C003"]);
    still_serving(&mut client, &file);

    // 20,000-deep nesting.
    let deep = format!("document: doc1\nannotator: valid\nspans: {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
    client.change_all(&file, last + 1, &deep);
    assert_eq!(codes(&client.diagnostics_at(&file, last + 1)), ["C005"]);
    let deep_maps =
        format!("spans:\n{}", (0..20_000).map(|i| format!("{}- a:\n", " ".repeat(i % 80))).collect::<String>());
    client.change_all(&file, last + 2, &deep_maps);
    assert!(!client.diagnostics_at(&file, last + 2).is_empty());
    still_serving(&mut client, &file);

    // Over 16 MiB: not parsed, as validate does not read such a file (C002).
    let huge = format!("# {}\n{valid}", "x".repeat(16 * 1024 * 1024));
    client.change_all(&file, last + 3, &huge);
    assert_eq!(codes(&client.diagnostics_at(&file, last + 3)), ["C002"]);
    let answer = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(&file) }, "range": support::range((0, 0), (0, 0)), "context": { "diagnostics": [] } }),
    );
    assert!(answer.get("error").is_none());

    // Back to the valid file, then its corpus document is deleted on disk.
    client.change_all(&file, last + 4, &valid);
    assert_eq!(client.diagnostics_at(&file, last + 4), Vec::<Value>::new());
    let corpus = root.join("corpus/doc1.txt");
    std::fs::remove_file(&corpus).expect("delete");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": uri(&corpus), "type": 3 }] }));
    client.change_all(&file, last + 5, &valid);
    assert_eq!(codes(&client.diagnostics_at(&file, last + 5)), ["C009"]);
    still_serving(&mut client, &file);

    // Malformed requests get errors, not a dead server.
    let bad = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(bad["code"], -32602);
    let unknown = client.request("concord/nothing", json!({}));
    assert_eq!(unknown["code"], -32601);
    client.notify("textDocument/didChange", json!({ "garbage": 1 }));
    still_serving(&mut client, &file);
    client.shutdown();
}

/// A change to the corpus buffer re-checks the annotation files of that document.
#[test]
fn a_corpus_edit_rechecks_its_annotation_files() {
    let dir = copy_project("project");
    let root = dir.path().canonicalize().expect("canonical");
    let file = root.join("annotations/valid/doc1.yaml");
    let corpus = root.join("corpus/doc1.txt");
    let (mut client, _) = Client::start(&["utf-32"]);
    client.open(&file, &std::fs::read_to_string(&file).expect("file"));
    assert_eq!(client.diagnostics(&file), Vec::<Value>::new());
    let text = std::fs::read_to_string(&corpus).expect("corpus");
    client.open(&corpus, &text);
    client.change_all(&corpus, 2, &format!("XX{text}"));
    let after = client.diagnostics(&file);
    assert!(codes(&after).iter().any(|c| c == "C015" || c == "C012"), "{after:?}");
    client.shutdown();
}
