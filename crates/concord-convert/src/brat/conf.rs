//! brat's configuration files, both ways, and concord's `schemas/labels.yaml`.
//!
//! brat reads a collection's types from `annotation.conf` and its colours from `visual.conf`
//! (<https://brat.nlplab.org/configuration.html>), each looked for in the collection's folder and
//! then in its parent folders. Both files are line based: `[section]` headers, `#` comments,
//! lines of dashes as menu separators, `<NAME>=value` macros, and in `[entities]` (alias
//! `[spans]`) and `[events]` a type hierarchy where leading tabs give the depth and a `!` marks a
//! type that only groups others and cannot be annotated.
//!
//! Design choices:
//! - **Declared labels** ([`parse_annotation_conf`]): every type of `[entities]` and `[events]`
//!   that can be annotated, in file order, hierarchy flattened and abstract (`!`) types left
//!   out. Event types are included because their triggers are text-bound (`T`) lines like
//!   entities. A name is taken in brat's storage form (characters other than ASCII letters,
//!   digits, `_` and `-` become `_`), which is how brat writes it into `.ann` files.
//! - **Overlap**: brat allows overlap per *pair* of types with `<OVERLAP>` lines in
//!   `[relations]` (`<OVL-TYPE>` values `contain`, `equal`, `cross`, `<ANY>`; none at all when no
//!   line says so); concord's `overlap` is per *label* and the stricter of two labels wins. On
//!   import a label takes the loosest policy any rule naming it gives (`cross`/`<ANY>` → allow,
//!   `contain`/`equal` → nest, named in no rule → forbid, brat's default). On export, labels
//!   that nest or allow get `contain|equal` among themselves and labels that allow get `<ANY>`
//!   among themselves, which is exactly the stricter-of-two rule; so the policies round-trip.
//! - **Colours**: `bgColor:#rrggbb` (or `#rgb`) of `[drawing]`; named colours (`lightgreen`) are
//!   left out with a notice, since `labels.yaml` takes `#rrggbb`.
//! - **One file for both directions**: the overlap mapping above is one rule with two halves
//!   (the export's rules must read back as the policies they came from), so reading and writing
//!   the configuration stay side by side. The caller reads the files ([`super::files`]), with
//!   their byte-order mark already taken off; places are given by a [`SourceMap`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use concord_schema::{LabelSet, OverlapPolicy};

use crate::error::ConvertError;
use crate::import::DeclaredLabel;
use crate::notice::{Notice, Tally};
use crate::source_map::SourceMap;

/// brat's storage form of a type name: what brat writes into `.ann` files for it.
pub(super) fn storage_form(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect()
}

/// The lines of a configuration file, without `\r` line ends.
fn conf_lines(source: &str) -> impl Iterator<Item = &str> {
    source.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// `[name]` on a line of its own.
fn section_name(line: &str) -> Option<&str> {
    line.trim().strip_prefix('[')?.strip_suffix(']')
}

/// Lines that carry no type: blank, comments, separators.
fn is_filler(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#') || t.chars().all(|c| c == '-')
}

/// `<NAME>=value`.
fn macro_definition(line: &str) -> Option<(String, String)> {
    let (name, value) = line.trim().split_once('=')?;
    let inner = name.strip_prefix('<')?.strip_suffix('>')?;
    if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-') {
        return None;
    }
    Some((name.to_owned(), value.trim().to_owned()))
}

fn expand(line: &str, macros: &BTreeMap<String, String>) -> String {
    let mut out = line.to_owned();
    for (name, value) in macros {
        out = out.replace(name, value);
    }
    out
}

/// One `<OVERLAP>` (or old-style `ENTITY-NESTING`) rule.
struct OverlapRule {
    arg1: Vec<String>,
    arg2: Vec<String>,
    kinds: BTreeSet<String>,
}

/// The labels `annotation.conf` declares, with the overlap its rules give them (colours are
/// added from `visual.conf` by [`apply_colors`]).
pub(super) fn parse_annotation_conf(path: &Path, source: &str) -> Result<Vec<DeclaredLabel>, ConvertError> {
    let map = SourceMap::new(path, source);
    let mut section = String::from("general");
    // Depths that have a type above them, per section (brat's `last_node_at_depth`).
    let mut depths: BTreeSet<usize> = BTreeSet::new();
    let mut macros: BTreeMap<String, String> = BTreeMap::new();
    let mut entities: Vec<DeclaredLabel> = Vec::new();
    let mut events: Vec<String> = Vec::new();
    let mut rules: Vec<OverlapRule> = Vec::new();
    for raw in conf_lines(source) {
        if let Some(name) = section_name(raw) {
            section = if name.trim() == "spans" { "entities".to_owned() } else { name.trim().to_owned() };
            depths.clear();
            macros.clear();
            continue;
        }
        if is_filler(raw) {
            continue;
        }
        if let Some((name, value)) = macro_definition(raw) {
            macros.insert(name, value);
            continue;
        }
        let line = expand(raw, &macros);
        match section.as_str() {
            "entities" | "events" => {
                // Macros start with `<`, so expanding them leaves the indent as it was, and the
                // raw line (a slice of the source) gives the place.
                let type_at = map.at_slice(raw.trim_start());
                let indent = line.chars().take_while(|c| c.is_whitespace()).count();
                let rest = line.trim_start();
                let token = rest.split(char::is_whitespace).next().unwrap_or_default();
                if indent > 0 && !depths.contains(&(indent - 1)) {
                    return Err(ConvertError::syntax(
                        type_at,
                        format!("`{token}` is indented {indent} deep, but no type above it is {} deep", indent - 1),
                    )
                    .help("brat reads the type hierarchy from leading tabs: one more tab than the parent type"));
                }
                depths.retain(|&d| d <= indent);
                depths.insert(indent);
                let terms: Vec<&str> = token.split('|').filter(|t| !t.trim().is_empty()).collect();
                let abstract_type = terms.iter().any(|t| t.starts_with('!'));
                let Some(first) = terms.first() else { continue };
                let name = storage_form(first.trim_start_matches('!'));
                if abstract_type || name.is_empty() {
                    continue;
                }
                if section != "entities" {
                    events.push(name.clone());
                }
                entities.push(DeclaredLabel { name, color: None, overlap: None, at: type_at });
            }
            "relations" => {
                let rest = line.trim();
                let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                let head = head.split('|').next().unwrap_or_default();
                if head != "<OVERLAP>" && head != "ENTITY-NESTING" {
                    continue;
                }
                let mut rule = OverlapRule { arg1: Vec::new(), arg2: Vec::new(), kinds: BTreeSet::new() };
                for arg in args.split(',').map(str::trim).filter(|a| !a.is_empty()) {
                    let Some((key, values)) = arg.split_once(':') else {
                        return Err(ConvertError::syntax(
                            map.at_slice(raw),
                            format!("`{arg}` is not of the form KEY:VALUE"),
                        ));
                    };
                    let values = values.split('|').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
                    match key {
                        "Arg1" => rule.arg1.extend(values),
                        "Arg2" => rule.arg2.extend(values),
                        "<OVL-TYPE>" => rule.kinds.extend(values),
                        _ => {}
                    }
                }
                if head == "ENTITY-NESTING" {
                    rule.kinds.insert("contain".to_owned());
                }
                rules.push(rule);
            }
            _ => {}
        }
    }
    let all: Vec<String> = entities.iter().map(|d| d.name.clone()).collect();
    for label in &mut entities {
        label.overlap = Some(overlap_of(&label.name, &rules, &all, &events));
    }
    Ok(entities)
}

/// The loosest policy any rule gives `name`.
fn overlap_of(name: &str, rules: &[OverlapRule], all: &[String], events: &[String]) -> OverlapPolicy {
    let names = |types: &[String]| -> bool {
        types.iter().any(|t| match t.as_str() {
            "<ANY>" => true,
            "<ENTITY>" => all.iter().any(|a| a == name) && !events.iter().any(|e| e == name),
            "<EVENT>" => events.iter().any(|e| e == name),
            other => storage_form(other) == name,
        })
    };
    let mut policy = OverlapPolicy::Forbid;
    for rule in rules.iter().filter(|r| names(&r.arg1) || names(&r.arg2)) {
        for kind in &rule.kinds {
            let p = match kind.as_str() {
                "cross" | "<ANY>" => OverlapPolicy::Allow,
                "contain" | "equal" => OverlapPolicy::Nest,
                _ => OverlapPolicy::Forbid,
            };
            policy = policy.max(p);
        }
    }
    policy
}

/// `#rrggbb` from a brat colour value, when it is one (`#rgb` is widened).
fn hex_color(value: &str) -> Option<String> {
    let hex = value.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(hex.chars().fold(String::from("#"), |mut s, c| {
            s.push(c.to_ascii_lowercase());
            s.push(c.to_ascii_lowercase());
            s
        })),
        _ => None,
    }
}

/// The `bgColor` of each type in `visual.conf`'s `[drawing]` section, by storage form; values
/// that are not `#rrggbb` are reported, not taken.
pub(super) fn parse_visual_conf(path: &Path, source: &str) -> (BTreeMap<String, String>, Vec<Notice>) {
    let map = SourceMap::new(path, source);
    let mut colors = BTreeMap::new();
    let mut skipped: Vec<String> = Vec::new();
    let mut not_hex = Tally::default();
    let mut section = String::new();
    for line in conf_lines(source) {
        if let Some(name) = section_name(line) {
            section = name.trim().to_owned();
            continue;
        }
        if section != "drawing" || is_filler(line) {
            continue;
        }
        let rest = line.trim();
        let (name, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        for arg in args.split(',').map(str::trim) {
            let Some(value) = arg.strip_prefix("bgColor:") else { continue };
            match hex_color(value) {
                Some(c) => {
                    colors.insert(storage_form(name), c);
                }
                None => {
                    skipped.push(format!("`{name}` ({value})"));
                    not_hex.add(&map.at_slice(line));
                }
            }
        }
    }
    let notices = not_hex
        .notice(|n| format!("{n} colour(s) of visual.conf are not #rrggbb and were not taken: {}", skipped.join(", ")))
        .into_iter()
        .collect();
    (colors, notices)
}

/// Gives each declared label its colour from `visual.conf`.
pub(super) fn apply_colors(declared: &mut [DeclaredLabel], colors: &BTreeMap<String, String>) {
    for d in declared {
        if let Some(c) = colors.get(&d.name) {
            d.color = Some(c.clone());
        }
    }
}

/// `annotation.conf` for a label set: every label under `[entities]`, the overlap rules under
/// `[relations]`, and the empty sections brat expects.
pub(super) fn annotation_conf(labels: &LabelSet) -> String {
    let mut out = String::new();
    out.push_str("# brat annotation configuration, written by `cargo xtask export --to brat`\n");
    out.push_str("# from schemas/labels.yaml (see docs/formats/brat.md).\n\n[entities]\n");
    for label in &labels.labels {
        let _ = writeln!(out, "{}", label.name);
    }
    out.push_str("\n[relations]\n");
    let nesting: Vec<&str> =
        labels.labels.iter().filter(|l| l.overlap >= OverlapPolicy::Nest).map(|l| l.name.as_str()).collect();
    let allowing: Vec<&str> =
        labels.labels.iter().filter(|l| l.overlap == OverlapPolicy::Allow).map(|l| l.name.as_str()).collect();
    out.push_str("# Which entities may overlap, from each label's `overlap:` (the stricter of two labels applies).\n");
    if nesting.is_empty() {
        out.push_str("# Every label forbids overlap, which is brat's default: no <OVERLAP> rule.\n");
    } else {
        let list = nesting.join("|");
        let _ = writeln!(out, "<OVERLAP>\tArg1:{list}, Arg2:{list}, <OVL-TYPE>:contain|equal");
    }
    if !allowing.is_empty() {
        let list = allowing.join("|");
        let _ = writeln!(out, "<OVERLAP>\tArg1:{list}, Arg2:{list}, <OVL-TYPE>:<ANY>");
    }
    out.push_str("\n[events]\n\n[attributes]\n");
    out
}

/// `visual.conf` for a label set: each label's colour as its background.
pub(super) fn visual_conf(labels: &LabelSet) -> String {
    let mut out = String::new();
    out.push_str("# brat visual configuration, written by `cargo xtask export --to brat`\n");
    out.push_str("# from the colours of schemas/labels.yaml.\n\n[labels]\n\n[drawing]\n");
    out.push_str("SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n");
    out.push_str("ARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n");
    for label in &labels.labels {
        if let Some(color) = &label.color {
            let _ = writeln!(out, "{}\tbgColor:{color}", label.name);
        }
    }
    out
}

#[cfg(test)]
mod tests;
