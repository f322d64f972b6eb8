//! Reading a project as it was at a git revision, through the `git` command line.
//!
//! `git ls-tree -r -z REV -- corpus annotations schemas` lists the files and their blob ids, and
//! one `git cat-file --batch` process reads every blob (one process for the whole corpus, not one
//! `git show` per file). The files are written into a temporary folder that then is a project
//! root like any other, so a revision is validated by exactly the code that validates the working
//! tree. Revisions are passed after `--end-of-options`-style checks (a revision never starts with
//! `-`), and tree paths are written only when every component is a plain name.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{DiffError, GitError};

/// The folders of a project that a snapshot needs.
pub(crate) const PROJECT_DIRS: [&str; 3] = ["corpus", "annotations", "schemas"];

/// A git work tree, addressed from a project root inside it.
#[derive(Clone, Debug)]
pub struct Repo {
    pub root: PathBuf,
}

/// One file of a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TreeEntry {
    pub mode: String,
    pub oid: String,
    /// Relative to the project root.
    pub path: String,
}

impl Repo {
    pub fn new(root: impl Into<PathBuf>) -> Repo {
        Repo { root: root.into() }
    }

    /// The root, `.` when it is the current directory.
    fn dir(&self) -> &Path {
        if self.root.as_os_str().is_empty() { Path::new(".") } else { self.root.as_path() }
    }

    fn git(&self) -> Command {
        let mut c = Command::new("git");
        c.arg("-C").arg(self.dir()).env("GIT_TERMINAL_PROMPT", "0").env("LC_ALL", "C");
        c
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, DiffError> {
        let output = self
            .git()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|source| GitError::Spawn { program: "git", source })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
            return Err(GitError::Failed { command: args.join(" "), stderr }.into());
        }
        Ok(output.stdout)
    }

    /// The commit id that `rev` names.
    pub fn resolve(&self, rev: &str) -> Result<String, DiffError> {
        if rev.is_empty() || rev.starts_with('-') {
            return Err(GitError::NotARevision(rev.to_owned()).into());
        }
        let out = self
            .run(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
            .map_err(|_| GitError::UnknownRevision { rev: rev.to_owned(), dir: self.dir().to_owned() })?;
        Ok(String::from_utf8_lossy(&out).trim().to_owned())
    }

    /// The files under the project folders at `commit` (paths relative to the project root).
    pub(crate) fn ls_tree(&self, commit: &str) -> Result<Vec<TreeEntry>, DiffError> {
        let mut args = vec!["ls-tree", "-r", "-z", commit, "--"];
        args.extend(PROJECT_DIRS);
        let out = self.run(&args)?;
        let mut entries = Vec::new();
        for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let record = String::from_utf8_lossy(record);
            let Some((meta, path)) = record.split_once('\t') else { continue };
            let mut parts = meta.split(' ');
            let (Some(mode), Some(kind), Some(oid)) = (parts.next(), parts.next(), parts.next()) else { continue };
            if kind == "blob" {
                entries.push(TreeEntry { mode: mode.to_owned(), oid: oid.to_owned(), path: path.to_owned() });
            }
        }
        Ok(entries)
    }

    /// Reads blobs by id with one `git cat-file --batch`.
    pub(crate) fn read_blobs(&self, oids: &[String]) -> Result<Vec<Vec<u8>>, DiffError> {
        let mut child = self
            .git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| GitError::Spawn { program: "git cat-file", source })?;
        let mut stdin = child.stdin.take().ok_or(GitError::CatFilePipe("stdin"))?;
        let input: String = oids.iter().map(|o| format!("{o}\n")).collect();
        // Write from a thread: git answers while we are still asking.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let stdout = child.stdout.take().ok_or(GitError::CatFilePipe("stdout"))?;
        let mut reader = BufReader::new(stdout);
        let mut blobs = Vec::with_capacity(oids.len());
        let mut header = String::new();
        for oid in oids {
            header.clear();
            reader.read_line(&mut header).map_err(GitError::CatFileIo)?;
            let mut parts = header.split_whitespace();
            let size = match (parts.next(), parts.next(), parts.next()) {
                (Some(_), Some("blob"), Some(size)) => size.parse::<usize>().ok(),
                _ => None,
            }
            .ok_or_else(|| GitError::CatFileObject { oid: oid.clone(), header: header.trim().to_owned() })?;
            let mut blob = vec![0; size + 1];
            reader.read_exact(&mut blob).map_err(GitError::CatFileIo)?;
            blob.pop(); // the newline after each object
            blobs.push(blob);
        }
        drop(reader);
        let written = writer.join().map_err(|_| GitError::CatFileWriter)?;
        written.map_err(GitError::CatFileIo)?;
        let _ = child.wait();
        Ok(blobs)
    }

    /// Writes the project folders as they are at `commit` under `into` (which should be empty).
    /// Returns notes on what was left out (symbolic links, odd paths).
    pub(crate) fn materialize(&self, commit: &str, into: &Path) -> Result<Vec<String>, DiffError> {
        let mut notes = Vec::new();
        let mut wanted = Vec::new();
        for entry in self.ls_tree(commit)? {
            let plain = Path::new(&entry.path).components().all(|c| matches!(c, Component::Normal(_)));
            if !plain {
                notes.push(format!("{}: not a plain path, left out", entry.path));
            } else if entry.mode == "120000" {
                notes.push(format!("{}: a symbolic link, not followed", entry.path));
            } else if entry.mode.starts_with("100") {
                wanted.push(entry);
            }
        }
        for dir in PROJECT_DIRS {
            std::fs::create_dir_all(into.join(dir)).map_err(|e| DiffError::Io { path: into.join(dir), source: e })?;
        }
        let oids: Vec<String> = wanted.iter().map(|e| e.oid.clone()).collect();
        let blobs = self.read_blobs(&oids)?;
        for (entry, blob) in wanted.iter().zip(blobs) {
            let path = into.join(&entry.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| DiffError::Io { path: parent.to_owned(), source: e })?;
            }
            std::fs::write(&path, blob).map_err(|e| DiffError::Io { path: path.clone(), source: e })?;
        }
        Ok(notes)
    }
}
