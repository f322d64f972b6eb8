//! Which files a brat import reads: the `.ann` files and whose they are, the `.txt` beside each,
//! and the nearest `annotation.conf` / `visual.conf`.
//!
//! Everything is found by [`input::find_files`] and read by [`input::read_text`], so brat has
//! the same size limit, encoding check, link and hidden-entry policy as every other format. What
//! is brat's own stays here: annotators are the top-level subfolders (the export's layout), a
//! `.txt` without its `.ann` is counted, and the configuration is looked for upwards, as brat
//! looks for it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::ReadOptions;
use crate::error::{ConvertError, ErrorKind, Location};
use crate::import::DeclaredLabel;
use crate::input::{self, Search};
use crate::notice::{Notice, Tally};

use super::conf;

/// One `.ann` file to read, and the annotator its spans are filed under.
pub(super) struct AnnFile {
    pub(super) path: PathBuf,
    pub(super) annotator: String,
}

/// What an import path holds.
pub(super) struct Collection {
    pub(super) anns: Vec<AnnFile>,
    /// Where the search for `annotation.conf` starts.
    pub(super) conf_dir: PathBuf,
}

/// The `.txt` beside an `.ann`, as the corpus would hold it.
pub(super) struct TextBeside {
    pub(super) path: PathBuf,
    /// With its byte-order mark, if it has one: brat's offsets count it, and so does the corpus.
    pub(super) text: String,
}

/// A brat folder (every `.ann` under it) or a single `.ann` file.
pub(super) fn collection(
    path: &Path,
    options: &ReadOptions,
    notices: &mut Vec<Notice>,
) -> Result<Collection, ConvertError> {
    let meta = std::fs::metadata(path).map_err(|e| ConvertError::io(path, &e))?;
    if meta.is_dir() {
        let anns = folder(path, options, notices)?;
        return Ok(Collection { anns, conf_dir: path.to_owned() });
    }
    if meta.is_file() && input::has_extension(path, &["ann"]) {
        let annotator = options.annotator_name(None, &Location::file(path)).map_err(|e| {
            e.help("a single .ann file names no annotator; a folder of annotator subfolders does (PATH/alice/doc.ann)")
        })?;
        let conf_dir = path.parent().map(Path::to_owned).unwrap_or_default();
        return Ok(Collection { anns: vec![AnnFile { path: path.to_owned(), annotator }], conf_dir });
    }
    Err(ConvertError::at(ErrorKind::Unsupported, Location::file(path), "expected a brat folder or an .ann file")
        .help("pass the folder that holds the .ann and .txt files (or annotator subfolders of them)"))
}

/// Every `.ann` file under `root` with the annotator it is filed under.
fn folder(root: &Path, options: &ReadOptions, notices: &mut Vec<Notice>) -> Result<Vec<AnnFile>, ConvertError> {
    let found = input::find_files(root, &Search { extensions: &["ann", "txt"], recursive: true })?;
    let is_ann = |p: &&PathBuf| input::has_extension(p, &["ann"]);
    let anns: Vec<&PathBuf> = found.files.iter().filter(is_ann).collect();
    if anns.is_empty() {
        return Err(ConvertError::at(ErrorKind::Unsupported, Location::file(root), "no .ann file in this folder")
            .help("brat keeps each document as X.txt with its annotations in X.ann beside it"));
    }
    // An `.ann` that is a link is not read, but its `.txt` is not alone either.
    let annotated: BTreeSet<(Option<&Path>, Option<&std::ffi::OsStr>)> =
        anns.iter().copied().chain(found.links.iter().filter(is_ann)).map(|p| (p.parent(), p.file_stem())).collect();
    let mut lonely_texts = Tally::default();
    for txt in found.files.iter().filter(|p| !input::has_extension(p, &["ann"])) {
        if !annotated.contains(&(txt.parent(), txt.file_stem())) {
            lonely_texts.add(&Location::file(txt));
        }
    }
    if lonely_texts.count > 0 {
        notices.push(Notice::new(
            Some(Location::file(root)),
            format!(
                "{} .txt file(s) without an .ann beside them were skipped (brat writes the .ann when a document is first opened)",
                lonely_texts.count
            ),
        ));
    }
    notices.extend(found.notices(root));

    let mut files = Vec::with_capacity(anns.len());
    let mut from_folders: BTreeMap<String, usize> = BTreeMap::new();
    for ann in anns {
        let relative = ann.strip_prefix(root).unwrap_or(ann);
        let folder = relative.components().next().filter(|_| relative.components().count() > 1);
        let annotator = match (&options.annotator, folder) {
            (Some(name), _) => name.clone(),
            (None, Some(folder)) => {
                let name = folder.as_os_str().to_string_lossy();
                let annotator = options.annotator_name(Some(&name), &Location::file(root.join(folder)))?;
                *from_folders.entry(annotator.clone()).or_default() += 1;
                annotator
            }
            (None, None) => options.annotator_name(None, &Location::file(ann)).map_err(|e| {
                e.help("or put each annotator's files in a subfolder named after them: PATH/alice/doc.ann")
            })?,
        };
        files.push(AnnFile { path: ann.clone(), annotator });
    }
    if !from_folders.is_empty() {
        let list: Vec<String> = from_folders.iter().map(|(a, n)| format!("`{a}` ({n} file(s))")).collect();
        notices.push(Notice::new(
            Some(Location::file(root)),
            format!(
                "annotators taken from the subfolder names: {} (pass --annotator to file everything under one name)",
                list.join(", ")
            ),
        ));
    }
    Ok(files)
}

/// The `.txt` beside `ann` (`X.txt`, or `X.TXT`), when there is one.
pub(super) fn read_text_beside(ann: &Path) -> Result<Option<TextBeside>, ConvertError> {
    let Some(path) = ["txt", "TXT"].iter().map(|x| ann.with_extension(x)).find(|p| p.is_file()) else {
        return Ok(None);
    };
    let read = input::read_text(&path)?;
    let text = if read.bom { format!("\u{FEFF}{}", read.text) } else { read.text };
    Ok(Some(TextBeside { path, text }))
}

/// The nearest `annotation.conf` (and `visual.conf`) in `dir` or a folder above it, as brat
/// looks for them.
pub(super) fn read_confs(dir: &Path, notices: &mut Vec<Notice>) -> Result<Option<Vec<DeclaredLabel>>, ConvertError> {
    let Some(path) = nearest(dir, "annotation.conf") else { return Ok(None) };
    let mut declared = conf::parse_annotation_conf(&path, &input::read_text(&path)?.text)?;
    if let Some(path) = nearest(dir, "visual.conf") {
        let (colors, visual_notices) = conf::parse_visual_conf(&path, &input::read_text(&path)?.text);
        conf::apply_colors(&mut declared, &colors);
        notices.extend(visual_notices);
    }
    Ok(Some(declared))
}

fn nearest(dir: &Path, name: &str) -> Option<PathBuf> {
    // The folders of `dir` as written (so messages show the path the user gave), then, for a
    // relative `dir`, the folders above the current one.
    let above_cwd = dir.is_relative().then(std::env::current_dir).and_then(Result::ok);
    dir.ancestors()
        .map(|d| d.join(name))
        .chain(above_cwd.iter().flat_map(|cwd| cwd.ancestors().skip(1).map(|d| d.join(name))))
        .find(|p| p.is_file())
}
