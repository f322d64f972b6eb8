//! Benchmark: the time from one keystroke (`didChange`) in an annotation file of 5,000 spans to
//! its `publishDiagnostics`, through the real `concord-lsp` binary over pipes, and the server's
//! peak memory (VmHWM) with ten such files open. Figures: docs/benchmarks.md.
//!
//! ```sh
//! cargo build --release -p concord-lsp --bins --examples
//! target/release/examples/keystroke            # or CONCORD_LSP=path/to/concord-lsp
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const SPANS: usize = 5_000;
const KEYSTROKES: usize = 200;
const FILES: usize = 10;
const WORDS: [&str; 8] = ["ISIS", "Pakistan", "army", "Balochistan", "Daesh", "Karachi", "Punjab", "Lahore"];

fn send(stdin: &mut ChildStdin, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

fn receive(stdout: &mut BufReader<ChildStdout>) -> Value {
    let mut length = 0;
    loop {
        let mut header = String::new();
        assert!(stdout.read_line(&mut header).unwrap() > 0, "server closed");
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(n) = header.strip_prefix("Content-Length: ") {
            length = n.parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    stdout.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

/// Waits for the diagnostics of `uri` at `version`; returns how many there were.
fn published(stdout: &mut BufReader<ChildStdout>, uri: &str, version: i32) -> usize {
    loop {
        let m = receive(stdout);
        if m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == version
        {
            return m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
        }
    }
}

/// A project with one long document and annotation files of `SPANS` spans each.
fn project(root: &Path) -> (String, Vec<(PathBuf, String)>) {
    std::fs::create_dir_all(root.join("schemas")).unwrap();
    std::fs::create_dir_all(root.join("corpus")).unwrap();
    std::fs::write(
        root.join("schemas/labels.yaml"),
        "labels:\n  - {name: GPE, description: A place., overlap: forbid}\n  - {name: MILITANT_GROUP, description: A group., overlap: forbid}\n",
    )
    .unwrap();
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut at = 0usize;
    for i in 0..SPANS {
        let filler = if i % 7 == 0 { "“said” — the " } else { "and the " };
        text.push_str(filler);
        at += filler.chars().count();
        let word = WORDS[i % WORDS.len()];
        text.push_str(word);
        spans.push((at, at + word.chars().count(), word));
        at += word.chars().count();
        let gap = if i % 12 == 11 { "…\n" } else { " " };
        text.push_str(gap);
        at += gap.chars().count();
    }
    std::fs::write(root.join("corpus/long.txt"), &text).unwrap();
    let mut files = Vec::new();
    for a in 0..FILES {
        let annotator = format!("annotator-{a}");
        std::fs::create_dir_all(root.join("annotations").join(&annotator)).unwrap();
        let mut yaml = format!("document: long\nannotator: {annotator}\nspans:\n");
        for (i, (s, e, w)) in spans.iter().enumerate() {
            let label = if i % 2 == 0 { "GPE" } else { "MILITANT_GROUP" };
            let _ = write!(yaml, "  - start: {s}\n    end: {e}\n    text: {w}\n    label: {label}\n");
            if i == SPANS / 2 {
                yaml.push_str("    note: typing here\n");
            }
        }
        let path = root.join("annotations").join(&annotator).join("long.yaml");
        std::fs::write(&path, &yaml).unwrap();
        files.push((path, yaml));
    }
    (text, files)
}

fn vm_hwm_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let (_, files) = project(&root);
    let server = std::env::var_os("CONCORD_LSP")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().join("concord-lsp"));
    let mut child = Command::new(&server).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    send(&mut stdin, &json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }));
    receive(&mut stdout);
    send(&mut stdin, &json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    let idle = vm_hwm_kib(pid);

    let (path, text) = &files[0];
    let uri = concord_lsp::uri::from_path(path).unwrap().as_str().to_owned();
    let lines = text.lines().count();
    let opened = Instant::now();
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } } }),
    );
    let found = published(&mut stdout, &uri, 1);
    let open_time = opened.elapsed();
    assert_eq!(found, 0, "the generated file is clean");

    // Keystrokes: type one character at the end of the note, then delete it, alternately.
    let note_line = text.lines().position(|l| l == "    note: typing here").unwrap() as u32;
    let end = "    note: typing here".len() as u32;
    let mut times: Vec<Duration> = Vec::with_capacity(KEYSTROKES);
    for k in 0..KEYSTROKES {
        let version = 2 + k as i32;
        let change = if k % 2 == 0 {
            json!({ "range": { "start": { "line": note_line, "character": end }, "end": { "line": note_line, "character": end } }, "text": "x" })
        } else {
            json!({ "range": { "start": { "line": note_line, "character": end }, "end": { "line": note_line, "character": end + 1 } }, "text": "" })
        };
        let t = Instant::now();
        send(
            &mut stdin,
            &json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": { "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] } }),
        );
        published(&mut stdout, &uri, version);
        times.push(t.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = times.iter().map(|d| ms(*d)).sum::<f64>() / times.len() as f64;
    let pct = |p: f64| ms(times[((times.len() - 1) as f64 * p).round() as usize]);

    // Memory with ten such files open.
    for (i, (path, text)) in files.iter().enumerate().skip(1) {
        let uri = concord_lsp::uri::from_path(path).unwrap().as_str().to_owned();
        send(
            &mut stdin,
            &json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } } }),
        );
        published(&mut stdout, &uri, 1);
        let _ = i;
    }
    let ten = vm_hwm_kib(pid);
    send(&mut stdin, &json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null }));
    receive(&mut stdout);
    send(&mut stdin, &json!({ "jsonrpc": "2.0", "method": "exit", "params": null }));
    drop(stdin);
    child.wait().unwrap();

    println!("file: {SPANS} spans, {lines} lines, {} bytes; corpus document of {} code points", text.len(), {
        std::fs::read_to_string(root.join("corpus/long.txt")).unwrap().chars().count()
    });
    println!("didOpen → publishDiagnostics (first check, corpus read): {:.1} ms", ms(open_time));
    println!(
        "keystroke → publishDiagnostics over {KEYSTROKES} keystrokes: mean {mean:.1} ms, median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        pct(0.5),
        pct(0.9),
        pct(1.0)
    );
    println!(
        "server peak RSS (VmHWM): {:.1} MiB after initialize, {:.1} MiB with {FILES} such files open",
        idle as f64 / 1024.0,
        ten as f64 / 1024.0
    );
}
