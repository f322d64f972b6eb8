//! Choosing annotators by name or glob pattern (`pilot-*`, `annotator-?`), for `curate
//! --annotators` and any other command that selects annotators.
//!
//! Patterns are deliberately small: `*` is any run of characters, `?` one character, everything
//! else matches itself. Annotator names are ids (`[A-Za-z0-9._-]`), so no escaping is needed.

/// Whether `name` matches `pattern` (`*` any run, `?` one character), case-sensitively.
pub fn annotator_matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Iterative wildcard matching with one backtrack point: linear in practice, never recursive.
    let (mut i, mut j) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// The names that match any of `patterns` (all of them when `patterns` is empty), in the order
/// given; and the patterns that matched no name, so a typo is reported rather than ignored.
pub fn select_annotators<'a>(patterns: &[String], names: &'a [String]) -> (Vec<&'a str>, Vec<String>) {
    if patterns.is_empty() {
        return (names.iter().map(String::as_str).collect(), Vec::new());
    }
    let chosen =
        names.iter().filter(|n| patterns.iter().any(|p| annotator_matches(p, n))).map(String::as_str).collect();
    let unmatched = patterns.iter().filter(|p| !names.iter().any(|n| annotator_matches(p, n))).cloned().collect();
    (chosen, unmatched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(annotator_matches("pilot-*", "pilot-7"));
        assert!(annotator_matches("pilot-*", "pilot-"));
        assert!(!annotator_matches("pilot-*", "pilots"));
        assert!(annotator_matches("annotator-?", "annotator-a"));
        assert!(!annotator_matches("annotator-?", "annotator-ab"));
        assert!(annotator_matches("*a*b*", "xxaxxbxx"));
        assert!(!annotator_matches("*a*b", "xxaxxbxx"));
        assert!(annotator_matches("exact", "exact"));
        assert!(!annotator_matches("exact", "exactly"));
        assert!(annotator_matches("*", ""));
    }

    #[test]
    fn selection_reports_unmatched_patterns() {
        let names: Vec<String> = ["a", "pilot-1", "pilot-2"].map(String::from).to_vec();
        let (chosen, unmatched) = select_annotators(&["pilot-*".into(), "zed".into()], &names);
        assert_eq!(chosen, ["pilot-1", "pilot-2"]);
        assert_eq!(unmatched, ["zed"]);
        assert_eq!(select_annotators(&[], &names).0.len(), 3);
    }
}
