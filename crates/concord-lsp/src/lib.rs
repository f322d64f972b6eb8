//! concord's language server: validate's diagnostics while the annotator types, hover with the
//! article's text, quick fixes that make `fix`'s edits, completion of labels, keys and the
//! article's words, inlay hints and go to definition. `cargo xtask lsp` (or the `concord-lsp`
//! binary) serves it over stdio; docs/editors.md says how to set up VS Code, Neovim and Helix.
//!
//! Design choices:
//! - **No second implementation of any check.** Diagnostics come from
//!   `concord_validate::Project::check_source` (and `check_gold_source`, and the project's own
//!   findings for `labels.yaml` and `concord.yaml`): validate's context and functions on the
//!   buffer's text. A test runs both on every validate fixture and compares code, message,
//!   severity and range. Quick fixes are `concord_validate::edit`'s edits, which are `fix`'s.
//! - **`lsp-server` + `lsp-types`.** `lsp-server` is rust-analyzer's own scaffold: synchronous
//!   (crossbeam channels, one thread for reading stdin, one for writing stdout), maintained in
//!   rust-analyzer's repository, with an in-memory connection for tests. A file-local checker
//!   needs no async runtime: a check of a 5,000-span file takes a few milliseconds, and the loop
//!   coalesces queued changes instead of racing tasks ([`server`]). tower-lsp, the async
//!   framework, is unmaintained (no release since 0.20, 2023); its community fork
//!   tower-lsp-server is maintained but brings tokio and async traits for nothing we need.
//!   Types: `lsp-types` 0.97 (the latest, LSP 3.17: `positionEncoding`, inlay hints) rather than
//!   `ls-types` 0.0.x, the tower-lsp community's young fork whose API still moves; lsp-types'
//!   `Uri` has no path conversion, so [`uri`] does that (percent-encoding) for `file:` URIs.
//! - **Positions are exact.** concord counts code points; the server offers UTF-32 when the
//!   client supports it and otherwise converts to UTF-16 line by line ([`position`]).
//! - **The project is found from the file** (nearest folder holding `schemas/labels.yaml`), so
//!   several projects can be open at once and the server needs no configuration ([`workspace`]).
//! - **Bad input never stops the server**: the YAML reader refuses aliases and deep nesting,
//!   buffers over validate's 16 MiB limit are not parsed (C002), and a malformed message gets
//!   an error response or is dropped, never a panic.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod diagnostics;
pub mod features;
pub mod position;
pub mod server;
pub mod uri;
pub mod workspace;

use lsp_server::Connection;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, HoverProviderCapability,
    InitializeParams, OneOf, SaveOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

use crate::position::Encoding;
use crate::server::Server;

/// Why the server stopped other than by the client's `exit`.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    #[error("the LSP connection failed: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("the client closed the connection")]
    Disconnected,
    #[error("the initialize request is malformed: {0}")]
    Initialize(#[from] serde_json::Error),
    #[error("stdio: {0}")]
    Io(#[from] std::io::Error),
}

/// Serves over stdin and stdout until the client exits.
pub fn run_stdio() -> Result<(), LspError> {
    let (connection, io_threads) = Connection::stdio();
    run(connection)?;
    io_threads.join()?;
    Ok(())
}

/// Serves on `connection` (stdio, or `Connection::memory()` in tests) until the client exits.
pub fn run(connection: Connection) -> Result<(), LspError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref());
    let encoding = Encoding::negotiate(offered);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "concord-lsp", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server::new(encoding);
    server.main_loop(&connection)
}

/// What the server offers.
pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".to_owned(), " ".to_owned()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::SOURCE_FIX_ALL]),
            ..CodeActionOptions::default()
        })),
        definition_provider: Some(OneOf::Left(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}
