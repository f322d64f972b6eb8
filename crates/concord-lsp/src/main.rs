//! The `concord-lsp` binary: concord's language server over stdio (what `cargo xtask lsp` runs).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::process::ExitCode;

fn main() -> ExitCode {
    match concord_lsp::run_stdio() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("concord-lsp: {e}");
            ExitCode::from(2)
        }
    }
}
