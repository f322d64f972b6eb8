//! A test client: drives the server as an editor does, through JSON-RPC messages, on
//! `lsp_server::Connection::memory()` (the server runs `concord_lsp::run` on a thread). Waits
//! are for messages, never for time; a generous receive timeout only turns a hang into a failure.

#![allow(dead_code)]

use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// Long enough for any check in a debug build; only a hang reaches it.
const HANG: Duration = Duration::from_secs(120);

pub struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<(), concord_lsp::LspError>>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pub stash: Vec<Notification>,
}

pub fn uri(path: &Path) -> String {
    concord_lsp::uri::from_path(path).expect("absolute path").as_str().to_owned()
}

impl Client {
    /// Starts a server and initializes it, offering `encodings` (e.g. `["utf-32", "utf-16"]`).
    pub fn start(encodings: &[&str]) -> (Client, Value) {
        let (client, server) = Connection::memory();
        let handle = std::thread::spawn(move || concord_lsp::run(server));
        let mut c = Client { conn: client, server: Some(handle), next_id: 0, stash: Vec::new() };
        let result = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": { "general": { "positionEncodings": encodings } } }),
        );
        c.notify("initialized", json!({}));
        (c, result)
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.conn.sender.send(Message::Notification(Notification::new(method.to_owned(), params))).expect("send");
    }

    /// Sends a request and waits for its response; returns `result` (or the error object).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn.sender.send(Message::Request(Request::new(id.clone(), method.to_owned(), params))).expect("send");
        loop {
            match self.conn.receiver.recv_timeout(HANG).expect("the server answers") {
                Message::Response(r) if r.id == id => {
                    return match r.response_result {
                        Ok(v) => v,
                        Err(e) => json!({ "error": e.message, "code": e.code }),
                    };
                }
                Message::Notification(n) => self.stash.push(n),
                _ => {}
            }
        }
    }

    pub fn open(&self, path: &Path, text: &str) {
        let language = if path.extension().is_some_and(|e| e == "txt") { "plaintext" } else { "yaml" };
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri(path), "languageId": language, "version": 1, "text": text } }),
        );
    }

    /// Replaces the whole text (a change without a range).
    pub fn change_all(&self, path: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(path), "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// An incremental change: `range` replaced by `text`.
    pub fn change(&self, path: &Path, version: i32, range: Value, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(path), "version": version }, "contentChanges": [{ "range": range, "text": text }] }),
        );
    }

    /// Waits for the next diagnostics published for `path` (checking those already received first).
    pub fn diagnostics(&mut self, path: &Path) -> Vec<Value> {
        let uri = uri(path);
        let is_ours =
            |n: &Notification| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri.as_str();
        if let Some(i) = self.stash.iter().position(is_ours) {
            let n = self.stash.remove(i);
            return n.params["diagnostics"].as_array().cloned().unwrap_or_default();
        }
        loop {
            match self.conn.receiver.recv_timeout(HANG).expect("diagnostics arrive") {
                Message::Notification(n) if is_ours(&n) => {
                    return n.params["diagnostics"].as_array().cloned().unwrap_or_default();
                }
                Message::Notification(n) => self.stash.push(n),
                _ => {}
            }
        }
    }

    /// Waits for diagnostics of `path` at `version` (earlier publications are skipped).
    pub fn diagnostics_at(&mut self, path: &Path, version: i32) -> Vec<Value> {
        let uri = uri(path);
        loop {
            let is_ours = |n: &Notification| {
                n.method == "textDocument/publishDiagnostics"
                    && n.params["uri"] == uri.as_str()
                    && n.params["version"] == version
            };
            if let Some(i) = self.stash.iter().position(is_ours) {
                let n = self.stash.remove(i);
                return n.params["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            if let Message::Notification(n) = self.conn.receiver.recv_timeout(HANG).expect("diagnostics arrive") {
                self.stash.push(n);
            }
        }
    }

    /// `shutdown`, then `exit`; the server thread must end cleanly.
    pub fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let handle = self.server.take().expect("running");
        handle.join().expect("no panic").expect("clean exit");
    }
}

/// `line`/`character` as a JSON position.
pub fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

pub fn range(a: (u32, u32), b: (u32, u32)) -> Value {
    json!({ "start": pos(a.0, a.1), "end": pos(b.0, b.1) })
}

/// The fixtures of concord-validate, absolute.
pub fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../concord-validate/tests/fixtures").canonicalize().expect("fixtures")
}

/// Copies a fixture project to a temporary folder (tests that change files on disk).
pub fn copy_project(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures().join(name), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
