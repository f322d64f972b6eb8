//! Which files an import reads, and what each file's place says about it.
//!
//! A TSV file names neither its document nor its annotator, so both come from where it lies:
//! INCEpTION's project export keeps `annotation/<document name>/<user>.tsv` (and `curation/…`),
//! concord's export `<annotator>/<document>.tsv`. The folder is listed by the shared
//! [`crate::input::find_files`], so hidden entries, links and depth follow every format's policy;
//! this file only adds what is INCEpTION's: its layout wins over stray `.tsv` files, and its
//! `INITIAL_CAS` pseudo-user is no annotator.

use std::path::{Path, PathBuf};

use crate::error::{ConvertError, Location};
use crate::input::{Search, find_files};
use crate::notice::Notice;

/// The folders of INCEpTION's project export that hold one file per user and document.
const INCEPTION_FOLDERS: [&str; 2] = ["annotation", "curation"];
/// INCEpTION's pseudo-user for a document's state before anyone annotated it.
const INITIAL_CAS: &str = "INITIAL_CAS";
const SEARCH: Search<'static> = Search { extensions: &["tsv"], recursive: true };

/// One input file and what its place says.
#[derive(Debug)]
pub(super) struct TsvInput {
    pub(super) path: PathBuf,
    pub(super) document: String,
    pub(super) annotator: Option<String>,
    inception_layout: bool,
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn name(path: Option<&Path>) -> Option<String> {
    path.and_then(Path::file_name).map(|s| s.to_string_lossy().into_owned())
}

/// What a file's place says: INCEpTION's `annotation/<document>/<user>.tsv`, concord's
/// `<annotator>/<document>.tsv` (below `root` only), or a document alone.
fn classify(path: &Path, root: Option<&Path>) -> TsvInput {
    let parent = path.parent();
    let grandparent = parent.and_then(Path::parent);
    if let (Some(document), Some(folder)) = (name(parent), name(grandparent))
        && INCEPTION_FOLDERS.contains(&folder.as_str())
    {
        return TsvInput { path: path.to_owned(), document, annotator: Some(stem(path)), inception_layout: true };
    }
    let annotator = match (root, parent) {
        (Some(root), Some(parent)) if parent != root => name(Some(parent)),
        _ => None,
    };
    TsvInput { path: path.to_owned(), document: stem(path), annotator, inception_layout: false }
}

/// The files to read under `path` (or `path` itself), with notices for what was left out.
pub(super) fn find_inputs(path: &Path, notices: &mut Vec<Notice>) -> Result<Vec<TsvInput>, ConvertError> {
    let found = find_files(path, &SEARCH)?;
    // A file given by name is listed as itself (whatever its extension); a folder lists what is below it.
    if found.files.len() == 1 && found.files[0] == path {
        return Ok(vec![classify(path, None)]);
    }
    if found.files.is_empty() {
        return Err(found.nothing_found(
            path,
            "no .tsv file in this folder",
            "export from INCEpTION in the format \"WebAnno TSV v3.3\"",
        ));
    }
    notices.extend(found.notices(path));
    let mut inputs: Vec<TsvInput> = found.files.iter().map(|p| classify(p, Some(path))).collect();
    if inputs.iter().any(|i| i.inception_layout) {
        let skipped: Vec<String> =
            inputs.iter().filter(|i| !i.inception_layout).map(|i| i.path.display().to_string()).collect();
        if !skipped.is_empty() {
            notices.push(Notice::new(
                Some(Location::file(path)),
                format!(
                    "{} .tsv file(s) outside INCEpTION's annotation/ and curation/ folders skipped: {}",
                    skipped.len(),
                    skipped.join(", ")
                ),
            ));
        }
        inputs.retain(|i| i.inception_layout);
    }
    inputs.retain(|i| {
        let initial = i.inception_layout && i.annotator.as_deref() == Some(INITIAL_CAS);
        if initial {
            notices.push(Notice::new(
                Some(Location::file(&i.path)),
                "skipped: INCEpTION's INITIAL_CAS is the document before anyone annotated it, not an annotator's work",
            ));
        }
        !initial
    });
    Ok(inputs)
}
