//! The server loop: one thread, messages in order, no timers.
//!
//! **Debouncing without a clock.** A change only updates the buffer and marks the file (and
//! the files that depend on it) dirty. After each message the loop takes every message already
//! queued, without waiting, and handles it the same way; only when the queue is empty does it
//! check the dirty files and publish their diagnostics. Ten keystrokes that arrive while a
//! check runs cost one more check, not ten, and the outcome does not depend on timing: the
//! last text always gets its diagnostics. Requests (hover, completion, …) are answered from the
//! current text as they come, so they never wait for a check.
//!
//! **What depends on what.** An annotation file depends on its corpus document, the label set
//! and `concord.yaml`; a gold file also on the annotators' files of its document. A change to a
//! corpus buffer re-checks the open files of that document; a change to `labels.yaml` or
//! `concord.yaml` (edited, saved or changed on disk) reopens the project and re-checks all of
//! its open files; a corpus file created or deleted on disk reopens the project too.

mod requests;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::{PublishDiagnosticsParams, TextDocumentContentChangeEvent, Uri};

use crate::LspError;
use crate::diagnostics::to_lsp;
use crate::position::{Encoding, LineIndex};
use crate::uri;
use crate::workspace::{Buffers, FileKind, Workspace, classify, find_root};

/// An open buffer.
#[derive(Debug)]
pub struct OpenFile {
    pub path: PathBuf,
    /// Its project's root, when it is in one.
    pub root: Option<PathBuf>,
    pub kind: FileKind,
    pub text: String,
    pub version: i32,
}

/// The open buffers, by URI.
#[derive(Debug, Default)]
pub struct OpenFiles(pub HashMap<Uri, OpenFile>);

impl Buffers for OpenFiles {
    fn text(&self, path: &Path) -> Option<&str> {
        self.0.values().find(|f| f.path == path).map(|f| f.text.as_str())
    }
}

/// The server's state.
#[derive(Debug)]
pub struct Server {
    pub encoding: Encoding,
    pub open: OpenFiles,
    pub workspace: Workspace,
    dirty: BTreeSet<Uri>,
    /// Closed files whose diagnostics are to be cleared.
    cleared: Vec<Uri>,
    shut_down: bool,
}

/// What the loop does after a message.
#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

impl Server {
    pub fn new(encoding: Encoding) -> Server {
        Server {
            encoding,
            open: OpenFiles::default(),
            workspace: Workspace::default(),
            dirty: BTreeSet::new(),
            cleared: Vec::new(),
            shut_down: false,
        }
    }

    /// Serves until the client says `exit` or the connection closes.
    pub fn main_loop(&mut self, connection: &Connection) -> Result<(), LspError> {
        while let Ok(message) = connection.receiver.recv() {
            if self.handle(connection, message)? == Flow::Exit {
                return Ok(());
            }
            // Coalesce: everything already queued is handled before any check runs.
            while let Ok(message) = connection.receiver.try_recv() {
                if self.handle(connection, message)? == Flow::Exit {
                    return Ok(());
                }
            }
            self.publish_dirty(connection)?;
        }
        Ok(())
    }

    fn handle(&mut self, connection: &Connection, message: Message) -> Result<Flow, LspError> {
        match message {
            Message::Request(request) => {
                let response = self.request(request);
                connection.sender.send(Message::Response(response)).map_err(|_| LspError::Disconnected)?;
            }
            Message::Notification(n) if n.method == "exit" => return Ok(Flow::Exit),
            Message::Notification(n) => self.notification(n),
            Message::Response(_) => {}
        }
        Ok(Flow::Continue)
    }

    fn request(&mut self, request: Request) -> Response {
        if request.method == "shutdown" {
            self.shut_down = true;
            return Response::new_ok(request.id, ());
        }
        if self.shut_down {
            let code = lsp_server::ErrorCode::InvalidRequest as i32;
            return Response::new_err(request.id, code, "the server is shutting down".to_owned());
        }
        requests::dispatch(self, request)
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    self.opened(doc.uri, doc.text, doc.version);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params) {
                    self.changed(&p.text_document.uri, p.text_document.version, p.content_changes);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params)
                    && let Some(path) = uri::to_path(&p.text_document.uri)
                {
                    self.changed_on_disk(&path);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params) {
                    self.closed(&p.text_document.uri);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params) {
                    for change in p.changes {
                        if let Some(path) = uri::to_path(&change.uri) {
                            self.changed_on_disk(&path);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn opened(&mut self, uri: Uri, text: String, version: i32) {
        let Some(path) = uri::to_path(&uri) else { return };
        let root = find_root(&path);
        let kind = root.as_deref().map_or(FileKind::Other, |r| classify(r, &path));
        self.open.0.insert(uri.clone(), OpenFile { path, root: root.clone(), kind: kind.clone(), text, version });
        if let Some(root) = root {
            self.workspace.project(&root, &self.open);
            self.edited(&root, &kind);
        }
        self.dirty.insert(uri);
    }

    fn changed(&mut self, uri: &Uri, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let encoding = self.encoding;
        let Some(file) = self.open.0.get_mut(uri) else { return };
        for change in changes {
            match change.range {
                Some(range) => {
                    let index = LineIndex::new(&file.text, encoding);
                    let (from, to) = (index.byte_of(range.start), index.byte_of(range.end));
                    if from <= to {
                        file.text.replace_range(from..to, &change.text);
                    }
                }
                None => file.text = change.text,
            }
        }
        file.version = version;
        let (root, kind) = (file.root.clone(), file.kind.clone());
        self.dirty.insert(uri.clone());
        if let Some(root) = root {
            self.edited(&root, &kind);
        }
    }

    fn closed(&mut self, uri: &Uri) {
        let Some(file) = self.open.0.remove(uri) else { return };
        self.dirty.remove(uri);
        self.cleared.push(uri.clone());
        if let Some(root) = file.root {
            // The file on disk counts again.
            self.changed_in(&root, &file.path, &file.kind);
        }
    }

    /// A buffer of `kind` in `root` changed: reload or re-check what depends on it.
    fn edited(&mut self, root: &Path, kind: &FileKind) {
        match kind {
            FileKind::Labels | FileKind::Config => {
                self.workspace.reload(root, &self.open);
                self.mark(root, |_| true);
            }
            FileKind::Corpus { id } => {
                let id = id.clone();
                self.mark(root, |k| {
                    matches!(k, FileKind::Annotation { .. } | FileKind::Gold { .. }) && k.document() == Some(&id)
                });
            }
            FileKind::Annotation { document, .. } => {
                let document = document.clone();
                self.mark(root, |k| matches!(k, FileKind::Gold { document: d } if *d == document));
            }
            _ => {}
        }
    }

    /// A file changed on disk (saved, created, deleted by another program).
    fn changed_on_disk(&mut self, path: &Path) {
        let Some(root) = find_root(path).or_else(|| self.known_root(path)) else { return };
        let kind = classify(&root, path);
        self.changed_in(&root, path, &kind);
    }

    fn changed_in(&mut self, root: &Path, path: &Path, kind: &FileKind) {
        match kind {
            FileKind::Corpus { id } => {
                // Created or deleted changes the corpus listing; the document itself is re-read.
                let listed = self.workspace.get_mut(root).is_some_and(|p| {
                    p.forget(id);
                    p.project.as_ref().is_ok_and(|p| p.corpus.paths.contains_key(id))
                });
                if listed != path.is_file() {
                    self.workspace.reload(root, &self.open);
                }
                self.edited(root, kind);
            }
            FileKind::Labels | FileKind::Config | FileKind::Annotation { .. } => self.edited(root, kind),
            _ => {}
        }
    }

    /// The root of an open project that `path` lies in (when its `labels.yaml` was deleted).
    fn known_root(&self, path: &Path) -> Option<PathBuf> {
        self.open.0.values().filter_map(|f| f.root.clone()).find(|r| path.starts_with(r))
    }

    /// Marks the open files of `root` whose kind `affected` accepts as needing a check.
    fn mark(&mut self, root: &Path, affected: impl Fn(&FileKind) -> bool) {
        for (uri, file) in &self.open.0 {
            if file.root.as_deref() == Some(root) && affected(&file.kind) {
                self.dirty.insert(uri.clone());
            }
        }
    }

    /// Checks every dirty open file and publishes its diagnostics.
    fn publish_dirty(&mut self, connection: &Connection) -> Result<(), LspError> {
        for uri in std::mem::take(&mut self.cleared) {
            send_diagnostics(connection, uri, Vec::new(), None)?;
        }
        for uri in std::mem::take(&mut self.dirty) {
            let Some((diagnostics, version)) = self.diagnostics(&uri) else { continue };
            send_diagnostics(connection, uri, diagnostics, Some(version))?;
        }
        Ok(())
    }

    /// The LSP diagnostics of the open file `uri`, and its version.
    pub fn diagnostics(&mut self, uri: &Uri) -> Option<(Vec<lsp_types::Diagnostic>, i32)> {
        let file = self.open.0.get(uri)?;
        let Some(root) = file.root.clone() else { return Some((Vec::new(), file.version)) };
        let loaded = self.workspace.project(&root, &self.open);
        let found = loaded.diagnostics(&file.path, &file.kind, &file.text, &self.open);
        let index = LineIndex::new(&file.text, self.encoding);
        let encoding = self.encoding;
        let mut docs = HashMap::new();
        if let Some(id) = file.kind.document() {
            docs = loaded.documents(&[id], &self.open);
        }
        let corpus = |path: &Path, start: usize, end: usize| {
            let doc = docs.values().flatten().find(|d| d.path == path)?;
            let range = LineIndex::new(doc.text.as_str(), encoding).range_of_chars(start, end);
            Some(lsp_types::Location { uri: uri::from_path(&absolute(path))?, range })
        };
        let converted = found.iter().map(|d| to_lsp(d, uri, &index, &corpus)).collect();
        Some((converted, file.version))
    }
}

/// `path` made absolute against the current folder (project paths are as the URIs gave them,
/// so they are absolute already).
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() { path.to_owned() } else { std::env::current_dir().unwrap_or_default().join(path) }
}

fn send_diagnostics(
    connection: &Connection,
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Result<(), LspError> {
    let params = PublishDiagnosticsParams { uri, diagnostics, version };
    let note = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
    connection.sender.send(Message::Notification(note)).map_err(|_| LspError::Disconnected)
}
