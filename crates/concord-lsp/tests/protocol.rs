//! The server driven as an editor drives it, through JSON-RPC: initialize, open, change, hover,
//! code action (applied, then the file validates), completion, definition, inlay hints,
//! shutdown; positions in UTF-16 and UTF-32 with curly quotes, an emoji, a flag and U+2028.

mod support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use support::{Client, pos, range, uri};

/// “ISIS” twice, curly quotes, an emoji, a flag (two regional indicators) and U+2028 before Punjab.
const CORPUS: &str = "In 2014, “ISIS” 😀 🇵🇰 spread\u{2028}to Punjab — ISIS again.\n";

fn project() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical");
    std::fs::create_dir_all(root.join("schemas")).expect("mkdir");
    std::fs::create_dir_all(root.join("corpus")).expect("mkdir");
    std::fs::create_dir_all(root.join("annotations/alice")).expect("mkdir");
    std::fs::write(
        root.join("schemas/labels.yaml"),
        "labels:\n  - {name: GPE, description: A place with a government., overlap: forbid}\n  - {name: MILITANT_GROUP, description: An armed group., overlap: forbid}\n",
    )
    .expect("labels");
    std::fs::write(root.join("corpus/d1.txt"), CORPUS).expect("corpus");
    let file = root.join("annotations/alice/d1.yaml");
    (dir, root, file)
}

const FILE: &str = "document: d1\nannotator: alice\nspans:\n  - text: ISIS\n    label: MILITANT_GROUP\n";

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics.iter().map(|d| d["code"].as_str().unwrap_or("")).collect()
}

/// Applies a workspace edit's text edits for `file` to `text` (UTF-16 positions).
fn apply(text: &str, edit: &Value, file: &Path) -> String {
    let edits = edit["changes"][uri(file)].as_array().cloned().unwrap_or_default();
    let offset = |p: &Value| -> usize {
        let (line, character) = (p["line"].as_u64().unwrap_or(0) as usize, p["character"].as_u64().unwrap_or(0));
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16() as u64;
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap_or("").to_owned())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

#[test]
fn an_editor_session() {
    let (_dir, root, file) = project();
    let (mut client, init) = Client::start(&["utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "concord-lsp");

    // Open: “ISIS” occurs twice, so the span needs a choice (C017).
    client.open(&file, FILE);
    let diagnostics = client.diagnostics(&file);
    assert_eq!(codes(&diagnostics), ["C017"]);
    assert!(diagnostics[0]["message"].as_str().unwrap_or("").contains("occurs 2 times"));
    assert_eq!(diagnostics[0]["range"], range((3, 10), (3, 14)));

    // Hover on the span: where the text occurs, and the label's description.
    let hover =
        client.request("textDocument/hover", json!({ "textDocument": { "uri": uri(&file) }, "position": pos(3, 12) }));
    let shown = hover["contents"]["value"].as_str().unwrap_or("").to_owned();
    assert!(shown.contains("occurs 2 times") && shown.contains("An armed group."), "{shown}");

    // Code actions on it: one per candidate.
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(&file) }, "range": range((3, 10), (3, 10)), "context": { "diagnostics": diagnostics } }),
    );
    let titles: Vec<&str> = actions.as_array().into_iter().flatten().filter_map(|a| a["title"].as_str()).collect();
    assert!(titles.iter().any(|t| t.starts_with("Choose occurrence 2")), "{titles:?}");
    let second = actions
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Choose occurrence 2")))
        .cloned()
        .unwrap_or_default();
    assert_eq!(second["diagnostics"][0]["code"], "C017");
    let fixed = apply(FILE, &second["edit"], &file);
    assert!(fixed.contains("  - start: 40\n    end: 44\n    text: ISIS\n    occurrence: 2\n"), "{fixed}");

    // The editor applies it (an incremental change of the whole range), and the file is clean.
    client.change(&file, 2, range((0, 0), (5, 0)), &fixed);
    assert_eq!(client.diagnostics_at(&file, 2), Vec::<Value>::new());
    std::fs::write(&file, &fixed).expect("write");
    let run = concord_validate::validate(&root, std::slice::from_ref(&file)).expect("runs");
    assert_eq!(run.errors(), 0, "{:?}", run.diagnostics);

    // Hover on `occurrence: 2`: the place it points to.
    let hover =
        client.request("textDocument/hover", json!({ "textDocument": { "uri": uri(&file) }, "position": pos(6, 6) }));
    let shown = hover["contents"]["value"].as_str().unwrap_or("").to_owned();
    assert!(shown.contains("occurrence 2 of “ISIS”") && shown.contains("[40, 44)"), "{shown}");

    // Completion after `label:` gives the label set with descriptions.
    client.change(&file, 3, range((7, 11), (7, 25)), "");
    let items = client
        .request("textDocument/completion", json!({ "textDocument": { "uri": uri(&file) }, "position": pos(7, 11) }));
    let labels: Vec<&str> = items.as_array().into_iter().flatten().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["GPE", "MILITANT_GROUP"]);
    assert_eq!(items[0]["detail"], "A place with a government.");

    // Go to definition: the span's place in the corpus, in UTF-16 units (the emoji and the
    // flag's two regional indicators count twice each).
    let location = client
        .request("textDocument/definition", json!({ "textDocument": { "uri": uri(&file) }, "position": pos(4, 6) }));
    assert_eq!(location["uri"], uri(&root.join("corpus/d1.txt")));
    assert_eq!(location["range"], range((0, 43), (0, 47)));

    client.shutdown();
}

/// The same span's diagnostic and definition under both encodings: UTF-32 counts code points,
/// UTF-16 counts the emoji and each regional indicator twice; U+2028 ends no line.
#[test]
fn positions_in_both_encodings() {
    let (_dir, root, file) = project();
    // `text` is on a line after an emoji, a flag and U+2028 (quoted, so the line is one line).
    let source = "document: d1\nannotator: alice\nspans:\n  - {note: \"😀🇵🇰\u{2028}”\", start: 31, end: 37, text: Punjax, label: GPE}\n";
    let mut ranges = Vec::new();
    for encoding in ["utf-32", "utf-16"] {
        let (mut client, init) = Client::start(&[encoding]);
        assert_eq!(init["capabilities"]["positionEncoding"], encoding);
        client.open(&file, source);
        let diagnostics = client.diagnostics(&file);
        assert_eq!(codes(&diagnostics), ["C015"], "{diagnostics:?}");
        ranges.push(diagnostics[0]["range"].clone());
        let location = client.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri(&file) }, "position": pos(3, 4) }),
        );
        ranges.push(location["range"].clone());
        client.shutdown();
    }
    let line = source.lines().nth(3).unwrap_or("");
    let at = line.find("Punjax").unwrap_or(0);
    let cp = line[..at].chars().count() as u32;
    let u16 = line[..at].encode_utf16().count() as u32;
    assert_eq!(u16, cp + 3, "the emoji and the flag's two indicators take one more unit each");
    let corpus_at = CORPUS.find("Punjab").unwrap_or(0);
    let (ccp, cu16) = (CORPUS[..corpus_at].chars().count() as u32, CORPUS[..corpus_at].encode_utf16().count() as u32);
    assert_eq!((ccp, cu16), (31, 34));
    assert_eq!(
        ranges,
        [
            range((3, cp), (3, cp + 6)),
            range((0, ccp), (0, ccp + 6)),
            range((3, u16), (3, u16 + 6)),
            range((0, cu16), (0, cu16 + 6)),
        ]
    );
    let _ = root;
}

/// The reviewer's view and the other features: hover in the corpus file lists who covers the
/// position (annotators and the gold); an offset-only span gets an inlay hint with its text;
/// a quoted span gets "fit to its words"; a wrong text gets "replace text"; the label line
/// hovers its description; keys complete.
#[test]
fn corpus_hover_hints_and_span_fixes() {
    let (_dir, root, file) = project();
    // Another annotator's file and a gold file on the same document, on disk only.
    std::fs::create_dir_all(root.join("annotations/bob")).expect("mkdir");
    std::fs::write(
        root.join("annotations/bob/d1.yaml"),
        "document: d1\nannotator: bob\nspans:\n  - {start: 10, end: 14, text: ISIS, label: MILITANT_GROUP}\n",
    )
    .expect("bob");
    std::fs::create_dir_all(root.join("gold")).expect("mkdir");
    std::fs::write(
        root.join("gold/d1.yaml"),
        "document: d1\ncuration: {strategy: majority, annotators: [alice, bob]}\nspans:\n  - {start: 10, end: 14, text: ISIS, label: MILITANT_GROUP, votes: [bob]}\n",
    )
    .expect("gold");
    let source = "document: d1\nannotator: alice\nspans:\n  - start: 9\n    end: 15\n    label: MILITANT_GROUP\n  - start: 31\n    end: 37\n    text: Lahore\n    label: GPE\n";
    std::fs::write(&file, source).expect("alice");
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(&file, source);
    let diagnostics = client.diagnostics(&file);
    let mut codes = codes(&diagnostics);
    codes.sort_unstable();
    assert_eq!(codes, ["C015", "C026"], "{diagnostics:?}");

    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri(&file) }, "range": range((0, 0), (20, 0)) }),
    );
    assert_eq!(hints[0]["label"], "“\u{201c}ISIS\u{201d}”");
    assert_eq!(hints[0]["position"], pos(4, 11));

    let titles = |client: &mut Client, line: u32| -> Vec<(String, Value)> {
        let actions = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri(&file) }, "range": range((line, 4), (line, 4)), "context": { "diagnostics": [] } }),
        );
        actions
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| (a["title"].as_str().unwrap_or("").to_owned(), a["edit"].clone()))
            .collect()
    };
    let quoted = titles(&mut client, 3);
    let fit = quoted.iter().find(|(t, _)| t.starts_with("Fit the span to its words")).expect("fit action");
    assert_eq!(fit.0, "Fit the span to its words: “ISIS” [10, 14)");
    assert!(apply(source, &fit.1, &file).contains("  - start: 10\n    end: 14\n"));
    let wrong = titles(&mut client, 8);
    let replace = wrong.iter().find(|(t, _)| t.starts_with("Replace text")).expect("replace action");
    assert!(apply(source, &replace.1, &file).contains("    text: Punjab\n"), "{}", replace.0);

    let hover =
        client.request("textDocument/hover", json!({ "textDocument": { "uri": uri(&file) }, "position": pos(9, 8) }));
    assert_eq!(hover["contents"]["value"], "**GPE**: A place with a government.");
    let keys = client
        .request("textDocument/completion", json!({ "textDocument": { "uri": uri(&file) }, "position": pos(3, 4) }));
    assert!(keys.as_array().into_iter().flatten().any(|k| k["label"] == "occurrence"), "{keys}");

    // In the corpus file: code point 11 (inside “ISIS”) is covered by alice, bob and the gold.
    let corpus = root.join("corpus/d1.txt");
    client.open(&corpus, CORPUS);
    let hover = client
        .request("textDocument/hover", json!({ "textDocument": { "uri": uri(&corpus) }, "position": pos(0, 11) }));
    let shown = hover["contents"]["value"].as_str().unwrap_or("").to_owned();
    for who in [
        "**alice**: MILITANT_GROUP `[9, 15)`",
        "**bob**: MILITANT_GROUP `[10, 14)`",
        "**gold**: MILITANT_GROUP `[10, 14)`",
    ] {
        assert!(shown.contains(who), "{who} in {shown}");
    }
    client.shutdown();
}
