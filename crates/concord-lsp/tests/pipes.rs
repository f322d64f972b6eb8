//! The real binary over real pipes, framed as editors frame messages (`Content-Length`):
//! initialize, open a file with an error, receive its diagnostic, shutdown, exit with code 0.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

fn send(stdin: &mut impl Write, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
    stdin.flush().expect("flush");
}

fn receive(stdout: &mut impl BufRead) -> Value {
    let mut length = 0;
    loop {
        let mut header = String::new();
        assert!(stdout.read_line(&mut header).expect("read") > 0, "the server closed its output");
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(n) = header.strip_prefix("Content-Length: ") {
            length = n.parse().expect("length");
        }
    }
    let mut body = vec![0; length];
    stdout.read_exact(&mut body).expect("body");
    serde_json::from_slice(&body).expect("JSON")
}

#[test]
fn the_binary_serves_over_stdio() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../concord-validate/tests/fixtures/project")
        .canonicalize()
        .expect("fixtures");
    let file = fixtures.join("annotations/text-mismatch/doc1.yaml");
    let uri = concord_lsp::uri::from_path(&file).expect("uri").as_str().to_owned();
    let text = std::fs::read_to_string(&file).expect("fixture");
    let mut child = Command::new(env!("CARGO_BIN_EXE_concord-lsp"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    send(&mut stdin, &json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }));
    let init = receive(&mut stdout);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    send(&mut stdin, &json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } } }),
    );
    let published = receive(&mut stdout);
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    let codes: Vec<&str> = published["params"]["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"C015"), "{published}");
    send(&mut stdin, &json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null }));
    assert_eq!(receive(&mut stdout)["id"], 2);
    send(&mut stdin, &json!({ "jsonrpc": "2.0", "method": "exit", "params": null }));
    drop(stdin);
    assert!(child.wait().expect("exits").success());
}
