//! Which files a JSONL import reads: the file given, or every `*.jsonl` directly in a folder.
//!
//! The search itself is [`crate::input::find_files`], so JSONL has every format's policy (name
//! order, hidden entries skipped, links in the folder not followed); this file only says what
//! JSONL looks for and how an empty folder is explained. The folder is not walked into: a
//! Prodigy export is one file per dataset, and a subfolder is more likely other data than more
//! tasks.

use std::path::Path;

use crate::error::ConvertError;
use crate::input::{Found, Search, find_files};

const SEARCH: Search<'static> = Search { extensions: &["jsonl"], recursive: false };

/// The files to read under `path`; an error when a folder holds none.
pub(super) fn find(path: &Path) -> Result<Found, ConvertError> {
    let found = find_files(path, &SEARCH)?;
    if found.files.is_empty() {
        return Err(found.nothing_found(
            path,
            "this folder holds no .jsonl file",
            "pass a .jsonl file (`prodigy db-out DATASET > DATASET.jsonl`) or a folder of them",
        ));
    }
    Ok(found)
}
