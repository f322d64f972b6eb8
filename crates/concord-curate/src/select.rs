//! Choosing annotators by name or glob pattern (`pilot-*`, `annotator-?`), for `curate
//! --annotators` and any other command that selects annotators.
//!
//! Patterns are deliberately small: `*` is any run of characters, `?` one character, everything
//! else matches itself ([`concord_schema::glob_matches`], the one matcher every command uses).

use concord_schema::glob_matches;

/// The names that match any of `patterns` (all of them when `patterns` is empty), in the order
/// given; and the patterns that matched no name, so a typo is reported rather than ignored.
pub fn select_annotators<'a>(patterns: &[String], names: &'a [String]) -> (Vec<&'a str>, Vec<String>) {
    if patterns.is_empty() {
        return (names.iter().map(String::as_str).collect(), Vec::new());
    }
    let chosen = names.iter().filter(|n| patterns.iter().any(|p| glob_matches(p, n))).map(String::as_str).collect();
    let unmatched = patterns.iter().filter(|p| !names.iter().any(|n| glob_matches(p, n))).cloned().collect();
    (chosen, unmatched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_reports_unmatched_patterns() {
        let names: Vec<String> = ["a", "pilot-1", "pilot-2"].map(String::from).to_vec();
        let (chosen, unmatched) = select_annotators(&["pilot-*".into(), "zed".into()], &names);
        assert_eq!(chosen, ["pilot-1", "pilot-2"]);
        assert_eq!(unmatched, ["zed"]);
        assert_eq!(select_annotators(&[], &names).0.len(), 3);
    }
}
