//! Input discovery: which files an import reads.
//!
//! The shared policy of [`crate::input::find_files`] decides (name order, hidden entries
//! skipped, links inside a folder not followed); this file only says what Label Studio inputs
//! look like — `*.json` directly in the folder, as cloud target storage writes one task per
//! file — and explains an empty folder in the format's words.

use std::path::Path;

use crate::error::ConvertError;
use crate::input::{self, Found, Search};

/// `path` itself when it is a file; else the `*.json` files directly in the folder.
pub(super) fn input_files(path: &Path) -> Result<Found, ConvertError> {
    let found = input::find_files(path, &Search { extensions: &["json"], recursive: false })?;
    if found.files.is_empty() {
        return Err(found.nothing_found(
            path,
            "this folder holds no .json file",
            "pass the JSON file Label Studio exported (Export → JSON)",
        ));
    }
    Ok(found)
}
