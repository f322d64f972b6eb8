//! Choosing annotators by name or glob (`--annotators 'pilot-*',annotator-b`), once for every
//! command: `report`, `diff`, `export`, `curate` and `status` all call [`AnnotationSet::select`].
//!
//! Design choices:
//! - **Globs are `*` and `?` only**, matched against whole names by code point: annotator names
//!   are `[A-Za-z0-9._-]`, so nothing else is needed, and nothing needs escaping.
//! - **A pattern that matches nobody is an error** listing the annotators there are: a typo must
//!   not quietly narrow a report to fewer annotators than asked for.
//! - **`gold` names the gold standard**, never an annotator (`docs/curation.md` reserves the
//!   name). Only the exact word selects it ([`selects_gold`]); globs match annotators only. The
//!   gold map is kept whatever the selection, since it is measured against the annotators
//!   selected; only [`selects_gold`] says whether a command shows or exports it as a side.
//! - The result is an ordinary [`AnnotationSet`]: documents keep only the selected annotators,
//!   a document left with none (and, unless the gold is selected, no gold) is dropped, so every
//!   figure computed from it is a figure of the selection alone.

use std::collections::BTreeMap;

use crate::set::AnnotationSet;

/// The reserved name of the gold standard in selections and diffs.
pub const GOLD: &str = "gold";

/// Why a selection could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    #[error("no annotators given: name at least one (globs `*` and `?` allowed)")]
    Empty,
    #[error("an empty annotator pattern (two commas in a row?)")]
    EmptyPattern,
    #[error("`{pattern}` matches no annotator; the annotators are: {}", list(.annotators))]
    NoMatch { pattern: String, annotators: Vec<String> },
    #[error("`gold` is selected but there is no gold file")]
    NoGold,
}

fn list(names: &[String]) -> String {
    if names.is_empty() { "(none)".to_owned() } else { names.join(", ") }
}

/// Whether `name` matches `pattern`, where `*` is any run of characters and `?` one character.
pub fn glob_matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Iterative matcher with one backtrack point: linear in practice, never exponential.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        match p.get(i) {
            Some('*') => {
                star = Some((i, j));
                i += 1;
            }
            Some(&c) if c == '?' || c == n[j] => {
                i += 1;
                j += 1;
            }
            _ => match star {
                Some((si, sj)) => {
                    i = si + 1;
                    j = sj + 1;
                    star = Some((si, sj + 1));
                }
                None => return false,
            },
        }
    }
    p[i.min(p.len())..].iter().all(|&c| c == '*')
}

/// Whether the patterns name the gold standard (the exact word `gold`).
pub fn selects_gold<S: AsRef<str>>(patterns: &[S]) -> bool {
    patterns.iter().any(|p| p.as_ref() == GOLD)
}

impl AnnotationSet {
    /// The set restricted to the annotators matching any of `patterns`; every pattern must match
    /// someone (`gold` must have a gold file). See the module documentation.
    pub fn select<S: AsRef<str>>(&self, patterns: &[S]) -> Result<AnnotationSet, SelectError> {
        if patterns.is_empty() {
            return Err(SelectError::Empty);
        }
        for pattern in patterns.iter().map(AsRef::as_ref) {
            if pattern.is_empty() {
                return Err(SelectError::EmptyPattern);
            }
            if pattern == GOLD {
                if self.gold.is_empty() {
                    return Err(SelectError::NoGold);
                }
            } else if !self.annotators.iter().any(|a| glob_matches(pattern, a)) {
                return Err(SelectError::NoMatch { pattern: pattern.to_owned(), annotators: self.annotators.clone() });
            }
        }
        Ok(self.select_matching(patterns))
    }

    /// [`AnnotationSet::select`] without the checks: patterns that match nobody select nobody.
    /// For a second set measured beside the first (a pull request's base), where an annotator
    /// may not exist yet.
    pub fn select_matching<S: AsRef<str>>(&self, patterns: &[S]) -> AnnotationSet {
        let chosen = |a: &str| a != GOLD && patterns.iter().any(|p| p.as_ref() != GOLD && glob_matches(p.as_ref(), a));
        let with_gold = selects_gold(patterns);
        let annotators: Vec<String> = self.annotators.iter().filter(|a| chosen(a)).cloned().collect();
        let documents: Vec<_> = self
            .documents
            .iter()
            .filter_map(|d| {
                let mut doc = d.clone();
                doc.by_annotator.retain(|a, _| chosen(a));
                let keep = !doc.by_annotator.is_empty() || (with_gold && self.gold.contains_key(&d.id));
                keep.then_some(doc)
            })
            .collect();
        let gold: BTreeMap<_, _> = self
            .gold
            .iter()
            .filter(|(id, _)| documents.iter().any(|d| &d.id == *id))
            .map(|(id, spans)| (id.clone(), spans.clone()))
            .collect();
        AnnotationSet { annotators, labels: self.labels.clone(), documents, gold }
    }
}

#[cfg(test)]
mod tests;
