//! The configuration files both ways: hierarchy, overlap rules, colours, round trips.

use super::*;
use crate::error::Location;
use concord_schema::Label;

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
fn storage_forms_replace_what_brat_cannot_store() {
    assert_eq!(storage_form("Protein family"), "Protein_family");
    assert_eq!(storage_form("GPE"), "GPE");
    assert_eq!(storage_form("Orté"), "Ort_");
}
