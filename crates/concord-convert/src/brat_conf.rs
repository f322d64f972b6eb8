//! brat's configuration files and concord's `schemas/labels.yaml`.
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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use concord_schema::{Label, LabelSet, OverlapPolicy};

use crate::error::{ConvertError, Location};
use crate::import::DeclaredLabel;
use crate::notice::Notice;

/// A label set made from an input's declared labels, for a project that has none yet.
/// A label whose overlap the input does not state gets `nest` (brat's `annotation.conf` always states it).
pub fn label_set_from_declared(declared: &[DeclaredLabel]) -> LabelSet {
    let mut labels: Vec<Label> = Vec::with_capacity(declared.len());
    for d in declared {
        if labels.iter().any(|l| l.name == d.name) {
            continue;
        }
        labels.push(Label {
            name: d.name.clone(),
            description: format!("Imported from {}; describe it here.", d.at.path.display()),
            color: d.color.clone(),
            overlap: d.overlap.unwrap_or(OverlapPolicy::Nest),
        });
    }
    LabelSet { labels }
}

/// `schemas/labels.yaml` for a label set.
pub fn labels_yaml(labels: &LabelSet) -> String {
    let body = serde_yaml::to_string(labels).unwrap_or_default();
    format!("# The label set. Definitions and decision rules belong in docs/guidelines.md.\n{body}")
}

/// brat's storage form of a type name: what brat writes into `.ann` files for it.
pub fn storage_form(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect()
}

/// The lines of a configuration file, without a byte-order mark or `\r` line ends.
fn conf_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    source.split('\n').enumerate().map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
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
pub fn parse_annotation_conf(path: &Path, source: &str) -> Result<Vec<DeclaredLabel>, ConvertError> {
    let mut section = String::from("general");
    // Depths that have a type above them, per section (brat's `last_node_at_depth`).
    let mut depths: BTreeSet<usize> = BTreeSet::new();
    let mut macros: BTreeMap<String, String> = BTreeMap::new();
    let mut entities: Vec<DeclaredLabel> = Vec::new();
    let mut events: Vec<String> = Vec::new();
    let mut rules: Vec<OverlapRule> = Vec::new();
    for (line_no, line) in conf_lines(source) {
        if let Some(name) = section_name(line) {
            section = if name.trim() == "spans" { "entities".to_owned() } else { name.trim().to_owned() };
            depths.clear();
            macros.clear();
            continue;
        }
        if is_filler(line) {
            continue;
        }
        if let Some((name, value)) = macro_definition(line) {
            macros.insert(name, value);
            continue;
        }
        let line = expand(line, &macros);
        match section.as_str() {
            "entities" | "events" => {
                let indent = line.chars().take_while(|c| c.is_whitespace()).count();
                let rest = line.trim_start();
                let token = rest.split(char::is_whitespace).next().unwrap_or_default();
                if indent > 0 && !depths.contains(&(indent - 1)) {
                    return Err(ConvertError::syntax(
                        Location::at(path, line_no, indent + 1),
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
                if section == "entities" {
                    entities.push(DeclaredLabel {
                        name,
                        color: None,
                        overlap: None,
                        at: Location::at(path, line_no, indent + 1),
                    });
                } else {
                    events.push(name.clone());
                    entities.push(DeclaredLabel {
                        name,
                        color: None,
                        overlap: None,
                        at: Location::at(path, line_no, indent + 1),
                    });
                }
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
                            Location::at(path, line_no, 1),
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
pub fn parse_visual_conf(path: &Path, source: &str) -> (BTreeMap<String, String>, Vec<Notice>) {
    let mut colors = BTreeMap::new();
    let mut skipped: Vec<String> = Vec::new();
    let mut first_skipped = None;
    let mut section = String::new();
    for (line_no, line) in conf_lines(source) {
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
                    first_skipped.get_or_insert(Location::at(path, line_no, 1));
                }
            }
        }
    }
    let mut notices = Vec::new();
    if !skipped.is_empty() {
        notices.push(Notice::new(
            first_skipped,
            format!(
                "{} colour(s) of visual.conf are not #rrggbb and were not taken: {}",
                skipped.len(),
                skipped.join(", ")
            ),
        ));
    }
    (colors, notices)
}

/// Gives each declared label its colour from `visual.conf`.
pub fn apply_colors(declared: &mut [DeclaredLabel], colors: &BTreeMap<String, String>) {
    for d in declared {
        if let Some(c) = colors.get(&d.name) {
            d.color = Some(c.clone());
        }
    }
}

/// `annotation.conf` for a label set: every label under `[entities]`, the overlap rules under
/// `[relations]`, and the empty sections brat expects.
pub fn annotation_conf(labels: &LabelSet) -> String {
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
pub fn visual_conf(labels: &LabelSet) -> String {
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
mod tests {
    use super::*;

    fn label(name: &str, overlap: OverlapPolicy) -> Label {
        Label { name: name.into(), description: "d".into(), color: Some("#123456".into()), overlap }
    }

    #[test]
    fn hierarchy_is_flattened_and_abstract_types_left_out() {
        let conf = "# comment\n[entities]\n!Actor\n\tPERSON\n\t!Group\n\t\tMILITANT_GROUP\n----\nGPE|Place|P\n\
                    <X>=a\n[relations]\nlocated_in\tArg1:<ENTITY>, Arg2:GPE\n[events]\nAttack\tTarget:<ENTITY>\n\
                    [attributes]\nNegated\tArg:<EVENT>\n";
        let labels = parse_annotation_conf(Path::new("annotation.conf"), conf).expect("parses");
        let names: Vec<&str> = labels.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["PERSON", "MILITANT_GROUP", "GPE", "Attack"]);
        assert_eq!(labels[1].at, Location::at("annotation.conf", 6, 3));
        assert!(labels.iter().all(|d| d.overlap == Some(OverlapPolicy::Forbid)), "brat's default: no overlap");
    }

    #[test]
    fn an_orphan_child_is_an_error_with_its_place() {
        let e = parse_annotation_conf(Path::new("a.conf"), "[entities]\nA\n\t\tB\n").expect_err("no parent");
        assert_eq!(
            e.to_string().lines().next(),
            Some("a.conf:3:3: `B` is indented 2 deep, but no type above it is 1 deep")
        );
    }

    #[test]
    fn overlap_rules_round_trip_through_the_conf() {
        let set = LabelSet {
            labels: vec![
                label("PERSON", OverlapPolicy::Forbid),
                label("GPE", OverlapPolicy::Nest),
                label("MILITANT_GROUP", OverlapPolicy::Allow),
                label("EVENT", OverlapPolicy::Nest),
            ],
        };
        let conf = annotation_conf(&set);
        assert!(conf.contains(
            "<OVERLAP>\tArg1:GPE|MILITANT_GROUP|EVENT, Arg2:GPE|MILITANT_GROUP|EVENT, <OVL-TYPE>:contain|equal\n"
        ));
        assert!(conf.contains("<OVERLAP>\tArg1:MILITANT_GROUP, Arg2:MILITANT_GROUP, <OVL-TYPE>:<ANY>\n"));
        for section in ["[entities]", "[relations]", "[events]", "[attributes]"] {
            assert!(conf.contains(section), "{section}");
        }
        let back = parse_annotation_conf(Path::new("annotation.conf"), &conf).expect("parses");
        let got: Vec<(&str, Option<OverlapPolicy>)> = back.iter().map(|d| (d.name.as_str(), d.overlap)).collect();
        assert_eq!(
            got,
            [
                ("PERSON", Some(OverlapPolicy::Forbid)),
                ("GPE", Some(OverlapPolicy::Nest)),
                ("MILITANT_GROUP", Some(OverlapPolicy::Allow)),
                ("EVENT", Some(OverlapPolicy::Nest)),
            ]
        );
    }

    #[test]
    fn spans_is_an_alias_and_forbidding_labels_write_no_rule() {
        let got = parse_annotation_conf(Path::new("c"), "[spans]\nA\n").expect("parses");
        assert_eq!(got.len(), 1);
        let set = LabelSet { labels: vec![label("A", OverlapPolicy::Forbid), label("B", OverlapPolicy::Forbid)] };
        let conf = annotation_conf(&set);
        assert!(!conf.contains("<OVERLAP>\t"), "{conf}");
        let back = parse_annotation_conf(Path::new("c"), &conf).expect("parses");
        assert!(back.iter().all(|d| d.overlap == Some(OverlapPolicy::Forbid)));
    }

    #[test]
    fn generic_and_old_style_overlap_rules() {
        let conf = "[entities]\nA\nB\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n";
        let got = parse_annotation_conf(Path::new("c"), conf).expect("parses");
        assert!(got.iter().all(|d| d.overlap == Some(OverlapPolicy::Allow)));
        let conf = "[entities]\nA\nB\nC\n[relations]\n<L>=A|B\nENTITY-NESTING\tArg1:<L>, Arg2:<L>\n";
        let got = parse_annotation_conf(Path::new("c"), conf).expect("parses");
        let policies: Vec<_> = got.iter().map(|d| d.overlap).collect();
        assert_eq!(policies, [Some(OverlapPolicy::Nest), Some(OverlapPolicy::Nest), Some(OverlapPolicy::Forbid)]);
    }

    #[test]
    fn colours_are_taken_when_they_are_hex() {
        let visual = "[labels]\nGPE | Place\n[drawing]\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen\n\
                      GPE\tbgColor:#7FE2FF, fgColor:black\nPERSON\tbgColor:#fa0\nWeapon\tbgColor:darkgray\n";
        let (colors, notices) = parse_visual_conf(Path::new("visual.conf"), visual);
        assert_eq!(colors.get("GPE").map(String::as_str), Some("#7fe2ff"));
        assert_eq!(colors.get("PERSON").map(String::as_str), Some("#ffaa00"));
        assert!(!colors.contains_key("Weapon"));
        assert_eq!(notices.len(), 1);
        assert!(notices[0].to_string().starts_with("visual.conf:4:1: 2 colour(s)"), "{}", notices[0]);
        let set = LabelSet { labels: vec![label("GPE", OverlapPolicy::Nest)] };
        assert!(visual_conf(&set).ends_with("GPE\tbgColor:#123456\n"));
    }

    #[test]
    fn declared_labels_make_a_label_set() {
        let at = Location::file("annotation.conf");
        let declared = [
            DeclaredLabel { name: "A".into(), color: Some("#010203".into()), overlap: None, at: at.clone() },
            DeclaredLabel { name: "B".into(), color: None, overlap: Some(OverlapPolicy::Allow), at: at.clone() },
            DeclaredLabel { name: "A".into(), color: None, overlap: None, at },
        ];
        let set = label_set_from_declared(&declared);
        assert_eq!(set.labels.len(), 2);
        assert_eq!(set.labels[0].overlap, OverlapPolicy::Nest);
        assert_eq!(set.labels[1].overlap, OverlapPolicy::Allow);
        let yaml = labels_yaml(&set);
        assert!(LabelSet::from_yaml(&yaml).is_ok(), "{yaml}");
    }

    #[test]
    fn storage_forms_replace_what_brat_cannot_store() {
        assert_eq!(storage_form("Protein family"), "Protein_family");
        assert_eq!(storage_form("GPE"), "GPE");
        assert_eq!(storage_form("Orté"), "Ort_");
    }
}
