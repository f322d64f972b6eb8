//! `cargo xtask lsp`: concord's language server over stdio, for an editor to start
//! (docs/editors.md). It takes no options: the server finds each file's project itself.
//! Exit code 0 when the client said `exit`, 2 when the connection failed.

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: &Args) -> ExitCode {
    match concord_lsp::run_stdio() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
