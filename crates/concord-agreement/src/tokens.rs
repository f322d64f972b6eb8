//! Token labels: the bridge from spans to the coding measures (Cohen, Fleiss, Krippendorff).
//!
//! Design choices:
//! - Tokens are [`concord_schema::text::word_tokens`]: maximal runs of `\w` characters, as
//!   code-point ranges, so the Python references (`re.findall(r"\w+")`) see the same tokens.
//! - A token takes the label of a span that shares at least one code point with it; where several
//!   do, the first by (start ascending, end descending, label ascending); otherwise `O`
//!   (category 0; label `i` is category `i + 1`).
//! - Spans are visited in that priority order and each fills only tokens still unlabelled, found
//!   by binary search: O(S log T + covered tokens) per annotator and document.

use crate::spans::IdSpan;

/// The `O` category (outside every span).
pub(crate) const OUTSIDE: u32 = 0;

/// The category of every token (`tokens` sorted, non-overlapping): 0 for `O`, `label + 1`
/// otherwise. `label_order[id]` is the rank of label `id` by name, for the tie-break.
pub fn token_categories(tokens: &[(usize, usize)], spans: &[IdSpan], label_order: &[u32]) -> Vec<u32> {
    let mut out = vec![OUTSIDE; tokens.len()];
    let mut filled = vec![false; tokens.len()];
    let rank = |label: u32| label_order.get(label as usize).copied().unwrap_or(u32::MAX);
    let mut order: Vec<&IdSpan> = spans.iter().filter(|s| s.start < s.end).collect();
    order.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(rank(a.label).cmp(&rank(b.label))));
    for span in order {
        // First token ending after the span starts; tokens overlap the span while they start before its end.
        let first = tokens.partition_point(|t| t.1 <= span.start);
        for (i, token) in tokens.iter().enumerate().skip(first) {
            if token.0 >= span.end {
                break;
            }
            if !filled[i] {
                filled[i] = true;
                out[i] = span.label + 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_schema::text::word_tokens;

    fn sp(start: usize, end: usize, label: u32) -> IdSpan {
        IdSpan { start, end, label }
    }

    #[test]
    fn a_shared_code_point_labels_the_token() {
        // Curly quotes, a dash and an ellipsis: offsets are code points.
        let text = "“ISIS’s” claim — in Quetta… again";
        let tokens = word_tokens(text);
        assert_eq!(tokens, vec![(1, 5), (6, 7), (9, 14), (17, 19), (20, 26), (28, 33)]);
        // A span covering only "IS" of ISIS and one covering the ellipsis only.
        let spans = [sp(1, 3, 0), sp(26, 27, 1), sp(20, 21, 1)];
        let labels = token_categories(&tokens, &spans, &[0, 1]);
        assert_eq!(labels, vec![1, 0, 0, 0, 2, 0]);
    }

    #[test]
    fn ties_go_to_the_earliest_then_longest_then_first_label() {
        let tokens = vec![(0, 5), (6, 10)];
        // Same start: the longer span wins the shared token.
        assert_eq!(token_categories(&tokens, &[sp(0, 5, 0), sp(0, 10, 1)], &[0, 1]), vec![2, 2]);
        // Same boundaries: the label first by name wins (label 1 is named first here).
        assert_eq!(token_categories(&tokens, &[sp(0, 5, 0), sp(0, 5, 1)], &[1, 0]), vec![2, 0]);
        // Earlier start wins even when shorter.
        assert_eq!(token_categories(&tokens, &[sp(3, 8, 0), sp(4, 10, 1)], &[0, 1]), vec![1, 1]);
    }
}
