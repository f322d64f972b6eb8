//! Keeps the command output quoted in README.md true.
//!
//! A quoted block is fenced by two HTML comments:
//!
//! ```text
//! <!-- output: report --format markdown --annotators pilot-* (lines 1-20) -->
//! ````markdown
//! …what the command prints…
//! ````
//! <!-- end output -->
//! ```
//!
//! The test runs `cargo xtask` with those arguments (split on spaces; no shell, so globs reach
//! the command unexpanded) in the repository root, takes the given lines, or the Markdown
//! section `(section TITLE)` (its `### TITLE` heading up to the next heading of that level), or
//! everything, and compares that with the block's body. `UPDATE_README=1 cargo test -p xtask --test
//! readme` rewrites the blocks instead; review the diff like any other change.

use std::path::{Path, PathBuf};
use std::process::Command;

const BEGIN: &str = "<!-- output: ";
const END: &str = "<!-- end output -->";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the repository").to_path_buf()
}

/// Which part of a command's output a block quotes.
#[derive(Debug, PartialEq)]
enum Part {
    All,
    /// First and last line, 1-based, inclusive.
    Lines(usize, usize),
    /// A Markdown section, by its heading's text.
    Section(String),
}

/// One quoted block: the command, the part quoted, and where its body sits in the README.
struct Quote {
    args: Vec<String>,
    part: Part,
    /// Line indexes of the body (between the fence lines), half-open.
    body: (usize, usize),
}

fn parse_header(header: &str) -> (Vec<String>, Part) {
    let header = header.trim().trim_end_matches("-->").trim();
    let (command, part) = if let Some((command, range)) = header.rsplit_once(" (lines ") {
        let range = range.trim_end_matches(')');
        let (a, b) = range.split_once('-').expect("a range reads FIRST-LAST");
        (command, Part::Lines(a.parse().expect("first line"), b.parse().expect("last line")))
    } else if let Some((command, title)) = header.rsplit_once(" (section ") {
        (command, Part::Section(title.trim_end_matches(')').to_owned()))
    } else {
        (header, Part::All)
    };
    (command.split_whitespace().map(str::to_owned).collect(), part)
}

fn quotes(readme: &[&str]) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < readme.len() {
        if let Some(header) = readme[i].strip_prefix(BEGIN) {
            let (args, part) = parse_header(header);
            let fence = i + 1;
            let end = (fence..readme.len()).find(|&j| readme[j] == END).expect("every output block has an end");
            assert!(readme[fence].starts_with("```") && readme[end - 1].starts_with("```"), "fenced body");
            out.push(Quote { args, part, body: (fence + 1, end - 1) });
            i = end;
        }
        i += 1;
    }
    out
}

fn run(quote: &Quote) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(&quote.args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("runs xtask");
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "`cargo xtask {}` failed: {}",
        quote.args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    let all: Vec<String> = text.lines().map(str::to_owned).collect();
    match &quote.part {
        Part::All => all,
        Part::Lines(first, last) => all.into_iter().skip(first - 1).take(last + 1 - first).collect(),
        Part::Section(title) => {
            let heading = format!("### {title}");
            let start =
                all.iter().position(|l| *l == heading).unwrap_or_else(|| panic!("no `{heading}` in the output"));
            let end = all[start + 1..]
                .iter()
                .position(|l| l.starts_with("### ") || l.starts_with("## "))
                .map_or(all.len(), |i| start + 1 + i);
            let mut section = all[start..end].to_vec();
            while section.last().is_some_and(String::is_empty) {
                section.pop();
            }
            section
        }
    }
}

#[test]
fn quoted_output_is_what_the_commands_print() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let lines: Vec<&str> = readme.lines().collect();
    let quotes = quotes(&lines);
    assert!(!quotes.is_empty(), "README.md quotes at least one command's output");
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut rewritten: Vec<String> = Vec::new();
    let mut next = 0;
    let mut stale = Vec::new();
    for quote in &quotes {
        let fresh = run(quote);
        let quoted: Vec<String> = lines[quote.body.0..quote.body.1].iter().map(|l| (*l).to_owned()).collect();
        if fresh != quoted {
            stale.push(quote.args.join(" "));
        }
        rewritten.extend(lines[next..quote.body.0].iter().map(|l| (*l).to_owned()));
        rewritten.extend(fresh);
        next = quote.body.1;
    }
    rewritten.extend(lines[next..].iter().map(|l| (*l).to_owned()));
    if update {
        let mut text = rewritten.join("\n");
        text.push('\n');
        let tmp = path.with_extension("md.tmp");
        std::fs::write(&tmp, text).expect("writes README.md.tmp");
        std::fs::rename(&tmp, &path).expect("replaces README.md");
        return;
    }
    assert!(
        stale.is_empty(),
        "README.md quotes output that the commands no longer print: {stale:?}\n\
         run `UPDATE_README=1 cargo test -p xtask --test readme` and review the diff"
    );
}

#[test]
fn headers_parse() {
    let (args, part) = parse_header("report --format markdown --annotators pilot-* (lines 1-20) -->");
    assert_eq!(args, ["report", "--format", "markdown", "--annotators", "pilot-*"]);
    assert_eq!(part, Part::Lines(1, 20));
    let (args, part) = parse_header("report --format markdown (section Against the gold standard) -->");
    assert_eq!(args, ["report", "--format", "markdown"]);
    assert_eq!(part, Part::Section("Against the gold standard".to_owned()));
    let (args, part) = parse_header("status -->");
    assert_eq!(args, ["status"]);
    assert_eq!(part, Part::All);
}
