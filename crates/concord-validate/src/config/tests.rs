//! The reader of `concord.yaml` on small sources: what applies, what is refused and where, and
//! that the generated schema agrees with the reader on the cases an editor would show.

use std::path::Path;

use concord_schema::{Label, LabelSet, OverlapPolicy};

use super::*;

fn labels() -> LabelSet {
    let label = |name: &str| Label {
        name: name.into(),
        description: format!("{name} spans"),
        color: None,
        overlap: OverlapPolicy::Forbid,
    };
    LabelSet { labels: vec![label("PERSON"), label("INSULT")] }
}

fn parse(source: &str) -> (ChecksConfig, Vec<Diagnostic>) {
    ChecksConfig::parse(Path::new("concord.yaml"), source, Some(&labels()))
}

/// (code, line, column, message, caret label) of each finding.
fn findings(source: &str) -> Vec<(Code, u32, u32, String, Option<String>)> {
    parse(source).1.into_iter().map(|d| (d.code, d.line, d.column, d.message, d.label)).collect()
}

fn finding(code: Code, label: Option<&str>) -> Diagnostic {
    Diagnostic::new(code, "annotations/a/doc1.yaml", 3, 5, "x").span_label(label)
}

#[test]
fn no_file_and_an_empty_file_change_nothing() {
    let (config, diagnostics) = ChecksConfig::load(Path::new("/nonexistent/concord.yaml"), None);
    assert!(config.is_default() && diagnostics.is_empty());
    for source in ["", "# only a comment\n", "checks:\nlabel_checks:\n"] {
        let (config, diagnostics) = parse(source);
        assert!(config.is_default() && diagnostics.is_empty(), "{source:?}: {diagnostics:?}");
    }
}

#[test]
fn a_label_setting_silences_one_label_only() {
    let (config, diagnostics) = parse("label_checks:\n  INSULT:\n    span-boundary: off\n");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let mut found = vec![
        finding(Code::SpanBoundary, Some("INSULT")),
        finding(Code::SpanBoundary, Some("PERSON")),
        finding(Code::CutsWord, Some("INSULT")),
    ];
    config.apply(&mut found);
    let left: Vec<(Code, Option<&str>)> = found.iter().map(|d| (d.code, d.span_label.as_deref())).collect();
    assert_eq!(left, [(Code::SpanBoundary, Some("PERSON")), (Code::CutsWord, Some("INSULT"))]);
}

#[test]
fn a_label_setting_wins_over_the_setting_for_every_file() {
    let (config, diagnostics) = parse("checks:\n  C026: error\nlabel_checks:\n  INSULT:\n    C026: warning\n");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(config.level(Code::SpanBoundary, Some("INSULT")), Some(Level::Warning));
    assert_eq!(config.level(Code::SpanBoundary, Some("PERSON")), Some(Level::Error));
    assert_eq!(config.level(Code::SpanBoundary, None), Some(Level::Error));
    assert_eq!(config.level(Code::CutsWord, Some("INSULT")), None);
}

#[test]
fn a_warning_raised_to_an_error_is_an_error() {
    let (config, _) = parse("checks:\n  cuts-word: error\n  C030: error\n  C021: off\n");
    let mut found = vec![
        finding(Code::CutsWord, Some("PERSON")),
        finding(Code::GoldOpenQuestion, None),
        finding(Code::EdgeWhitespace, Some("PERSON")),
        finding(Code::SpanBoundary, Some("PERSON")),
    ];
    config.apply(&mut found);
    let left: Vec<(Code, Severity)> = found.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        left,
        [
            (Code::CutsWord, Severity::Error),
            (Code::GoldOpenQuestion, Severity::Error),
            (Code::SpanBoundary, Severity::Warning)
        ]
    );
}

#[test]
fn codes_that_protect_data_are_refused_at_their_place() {
    let found = findings("checks:\n  C026: off\n  C015: warning\n  overlap: off\n");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].0, found[0].1, found[0].2), (Code::ChecksConfig, 3, 3));
    assert_eq!(found[0].3, "C015 (text-mismatch) protects the data: it cannot be switched off or lowered");
    assert_eq!((found[1].1, found[1].2), (4, 3));
    assert!(found[1].3.starts_with("C018 (overlap) protects the data"), "{}", found[1].3);
    // The refused settings are left out; the others apply.
    let (config, _) = parse("checks:\n  C026: off\n  C015: warning\n");
    assert_eq!(config.level(Code::SpanBoundary, None), Some(Level::Off));
    assert_eq!(config.level(Code::TextMismatch, None), None);
    // Every protected code is refused, and none is ever touched by `apply`.
    for code in Code::ALL.into_iter().filter(|c| !c.adjustable()) {
        let found = findings(&format!("checks:\n  {}: off\n", code.as_str()));
        assert_eq!(found.len(), 1, "{code:?}");
        assert!(found[0].3.contains("protects the data"), "{code:?}: {}", found[0].3);
    }
}

#[test]
fn unknown_codes_labels_keys_and_levels_get_a_hint() {
    let source = "chekcs:\n  C026: off\nchecks:\n  C26: off\n  span-bondary: off\n  C020: warn\n  C021: info\n\
                  label_checks:\n  INSLUT:\n    C026: off\n  PERSON:\n    C030: off\n";
    let found = findings(source);
    let brief: Vec<(u32, u32, &str, Option<&str>)> =
        found.iter().map(|f| (f.1, f.2, f.3.as_str(), f.4.as_deref())).collect();
    assert_eq!(
        brief,
        [
            (1, 1, "`chekcs` is not a setting of concord.yaml", Some("did you mean `checks`?")),
            (4, 3, "`C26` is not a diagnostic code", Some("did you mean `C026` (span-boundary)?")),
            (5, 3, "`span-bondary` is not a diagnostic code", Some("did you mean `C026` (span-boundary)?")),
            (6, 9, "`warn` is not a level: write `off`, `warning` or `error`", None),
            (7, 9, "`info` is not a level: write `off`, `warning` or `error`", None),
            (9, 3, "`INSLUT` is not a label of schemas/labels.yaml", Some("did you mean `INSULT`?")),
            (12, 5, "C030 (gold-open-question) is not about one span, so it cannot be set for `PERSON`", None),
        ]
    );
    assert!(found.iter().all(|f| f.0 == Code::ChecksConfig));
}

#[test]
fn bad_yaml_is_reported_at_its_place_and_nothing_applies() {
    let (config, diagnostics) = parse("checks:\n  C026: off\n  C020: [error\n");
    assert!(config.is_default());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].code, Code::YamlSyntax);
    assert!(diagnostics[0].line >= 3, "{:?}", diagnostics[0]);
    let (_, diagnostics) = parse("checks: &a\n  C026: off\nlabel_checks: *a\n");
    assert_eq!((diagnostics[0].code, diagnostics[0].line), (Code::YamlAlias, 3));
    let (_, diagnostics) = parse("- C026\n");
    assert_eq!((diagnostics[0].code, diagnostics[0].line, diagnostics[0].column), (Code::ChecksConfig, 1, 1));
}

#[test]
fn a_setting_given_twice_is_refused() {
    let found = findings("checks:\n  C026: off\n  span-boundary: error\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].1, found[0].3.as_str()), (3, "C026 (span-boundary) is set twice in `checks`"));
    let found = findings("checks:\n  C026: false\n");
    assert_eq!(found[0].3, "a level is `off`, `warning` or `error`, not `false`");
}

#[test]
fn without_a_label_set_label_names_are_not_checked() {
    let (config, diagnostics) =
        ChecksConfig::parse(Path::new("concord.yaml"), "label_checks:\n  ANY:\n    C026: off\n", None);
    assert!(diagnostics.is_empty());
    assert_eq!(config.level(Code::SpanBoundary, Some("ANY")), Some(Level::Off));
}

#[test]
fn the_schema_accepts_what_the_reader_accepts_and_refuses_protected_codes() {
    let schema = jsonschema::draft202012::new(&config_schema(&labels())).expect("compiles");
    let json = |source: &str| concord_schema::yaml::parse(source).expect("YAML").to_json();
    let good = "checks:\n  C026: off\n  cuts-word: error\nlabel_checks:\n  INSULT:\n    span-boundary: off\n";
    assert!(parse(good).1.is_empty());
    assert!(schema.is_valid(&json(good)));
    for bad in [
        "checks:\n  C015: off\n",
        "checks:\n  C026: info\n",
        "label_checks:\n  INSLUT:\n    C026: off\n",
        "label_checks:\n  INSULT:\n    C030: off\n",
        "chekcs: {}\n",
    ] {
        assert!(!parse(bad).1.is_empty(), "{bad}");
        assert!(!schema.is_valid(&json(bad)), "{bad}");
    }
}
