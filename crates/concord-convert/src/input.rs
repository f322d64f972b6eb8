//! The one way importers read what the user gives them: which files, and their text.
//!
//! Every reader goes through here, so every format has the same policy:
//! - **size**: an input file over [`MAX_INPUT_BYTES`] is refused before it is read (and a file
//!   that grows while read is cut at the limit and refused), so no input eats memory;
//! - **encoding**: UTF-8 only; the first bad byte is named by line and column. A byte-order
//!   mark is taken off and reported in [`InputText::bom`], so readers can count offsets the
//!   way their tool does;
//! - **links**: the path the user names may be a symbolic link; links found inside a folder
//!   are never followed (they could leave the folder or loop), and [`Found`] counts them for a
//!   notice;
//! - **discovery**: folders are walked in name order, hidden entries (`.git`, `.DS_Store`) are
//!   skipped, and depth is bounded by [`MAX_DEPTH`].

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{ConvertError, ErrorKind, Location};
use crate::notice::Notice;
use crate::source_map::SourceMap;

/// Largest input file read: 256 MiB, several million spans in any format.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Deepest folder level searched below the path given.
pub const MAX_DEPTH: usize = 16;

/// An input file's text, without its byte-order mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputText {
    pub text: String,
    /// The file began with U+FEFF, taken off `text`.
    pub bom: bool,
}

/// Reads a whole input file as UTF-8, within [`MAX_INPUT_BYTES`].
pub fn read_text(path: &Path) -> Result<InputText, ConvertError> {
    let too_large = |size: u64| {
        ConvertError::at(
            ErrorKind::Limit,
            Location::file(path),
            format!("the file is {size} bytes; concord reads input files of at most {MAX_INPUT_BYTES} bytes"),
        )
        .help("split the export into several files (one per annotator or per batch of documents) and import each")
    };
    let file = std::fs::File::open(path).map_err(|e| ConvertError::io(path, &e))?;
    let size = file.metadata().map_err(|e| ConvertError::io(path, &e))?.len();
    if size > MAX_INPUT_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map_err(|e| ConvertError::io(path, &e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let byte = e.as_bytes().get(valid).copied().unwrap_or(0);
        ConvertError::syntax(
            SourceMap::new(path, &before).at_byte(valid),
            format!("the file is not valid UTF-8 (byte 0x{byte:02x})"),
        )
        .help("save the file as UTF-8")
    })?;
    let bom = text.starts_with('\u{FEFF}');
    if bom {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Ok(InputText { text, bom })
}

/// What to look for under a folder.
#[derive(Clone, Copy, Debug)]
pub struct Search<'a> {
    /// File extensions to take, without the dot, compared without regard to case.
    pub extensions: &'a [&'a str],
    /// Walk subfolders (to [`MAX_DEPTH`]), or only the folder itself.
    pub recursive: bool,
}

/// The files an import reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Sorted by path.
    pub files: Vec<PathBuf>,
    /// Symbolic links inside the folder, not followed.
    pub links: Vec<PathBuf>,
    /// Subfolders below [`MAX_DEPTH`], not searched.
    pub too_deep: Vec<PathBuf>,
}

impl Found {
    /// What the search left out, for the user.
    pub fn notices(&self, root: &Path) -> Vec<Notice> {
        let mut notices = Vec::new();
        if !self.links.is_empty() {
            notices.push(Notice::new(
                Some(Location::file(root)),
                format!("{} symbolic link(s) were not followed", self.links.len()),
            ));
        }
        if !self.too_deep.is_empty() {
            notices.push(Notice::new(
                Some(Location::file(root)),
                format!("{} folder(s) more than {MAX_DEPTH} levels down were not searched", self.too_deep.len()),
            ));
        }
        notices
    }
}

impl Found {
    /// The error for a folder that holds none of the files an import reads: `message` and
    /// `help` in the format's words, then what the search left out (links not followed, folders
    /// too deep), since that is often why nothing was found.
    pub fn nothing_found(&self, root: &Path, message: &str, help: &str) -> ConvertError {
        let mut e = ConvertError::at(ErrorKind::Io, Location::file(root), message).help(help);
        for notice in self.notices(root) {
            e = e.help(notice.message);
        }
        if !self.links.is_empty() {
            e = e.help("pass the file a link points to, or the folder it is in");
        }
        e
    }
}

/// `path` itself when it is a file (or a link to one); else the files under it that `search`
/// asks for. An empty result is the caller's to explain, in its format's words.
pub fn find_files(path: &Path, search: &Search<'_>) -> Result<Found, ConvertError> {
    let meta = std::fs::metadata(path).map_err(|e| ConvertError::io(path, &e))?;
    let mut found = Found::default();
    if meta.is_dir() {
        walk(path, 0, search, &mut found)?;
    } else {
        found.files.push(path.to_owned());
    }
    Ok(found)
}

fn walk(dir: &Path, depth: usize, search: &Search<'_>, found: &mut Found) -> Result<(), ConvertError> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| ConvertError::io(dir, &e))? {
        let entry = entry.map_err(|e| ConvertError::io(dir, &e))?;
        let kind = entry.file_type().map_err(|e| ConvertError::io(&entry.path(), &e))?;
        entries.push((entry.path(), kind));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        if kind.is_symlink() {
            found.links.push(path);
        } else if kind.is_dir() {
            if !search.recursive {
                continue;
            }
            if depth + 1 >= MAX_DEPTH {
                found.too_deep.push(path);
            } else {
                walk(&path, depth + 1, search, found)?;
            }
        } else if kind.is_file() && has_extension(&path, search.extensions) {
            found.files.push(path);
        }
    }
    Ok(())
}

/// Whether `path` ends in one of `extensions` (no dot; any case).
pub fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension().is_some_and(|x| extensions.iter().any(|e| x.eq_ignore_ascii_case(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_taken_off_and_bad_bytes_are_placed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let with_bom = dir.path().join("a.json");
        std::fs::write(&with_bom, "\u{FEFF}[“x”]").expect("write");
        assert_eq!(read_text(&with_bom), Ok(InputText { text: "[“x”]".into(), bom: true }));
        let bad = dir.path().join("b.json");
        std::fs::write(&bad, b"ok\n\xe2\x80\x9cx\xff").expect("write");
        let e = read_text(&bad).expect_err("not UTF-8");
        assert_eq!(e.location, Some(Location::at(&bad, 2, 3)));
        assert!(e.message.contains("0xff"), "{}", e.message);
    }

    #[cfg(unix)]
    #[test]
    fn folders_are_walked_in_order_without_links_hidden_files_or_other_extensions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for p in ["b.TSV", "a/x.tsv", "a/notes.txt", ".git/c.tsv", "a/b/c/deep.tsv"] {
            let p = root.join(p);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, "").expect("write");
        }
        std::os::unix::fs::symlink("/etc", root.join("out")).expect("link");
        std::os::unix::fs::symlink(root.join("b.TSV"), root.join("a/link.tsv")).expect("link");
        let found = find_files(root, &Search { extensions: &["tsv"], recursive: true }).expect("found");
        assert_eq!(found.files, vec![root.join("a/b/c/deep.tsv"), root.join("a/x.tsv"), root.join("b.TSV")]);
        assert_eq!(found.links, vec![root.join("a/link.tsv"), root.join("out")]);
        let flat = find_files(root, &Search { extensions: &["tsv"], recursive: false }).expect("found");
        assert_eq!(flat.files, vec![root.join("b.TSV")]);
        // The path given may itself be a link.
        assert_eq!(
            find_files(&root.join("a/link.tsv"), &Search { extensions: &[], recursive: false })
                .expect("file")
                .files
                .len(),
            1
        );
    }

    #[test]
    fn depth_is_bounded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut deep = dir.path().to_owned();
        for _ in 0..MAX_DEPTH + 2 {
            deep.push("d");
        }
        std::fs::create_dir_all(&deep).expect("mkdir");
        std::fs::write(deep.join("x.tsv"), "").expect("write");
        let found = find_files(dir.path(), &Search { extensions: &["tsv"], recursive: true }).expect("found");
        assert!(found.files.is_empty());
        assert_eq!(found.too_deep.len(), 1);
        assert_eq!(found.notices(dir.path()).len(), 1);
    }
}
