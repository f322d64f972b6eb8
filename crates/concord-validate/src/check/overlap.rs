//! Spans across the file: each pair that overlaps against the stricter of their labels'
//! overlap policies, and the same span given twice.

use super::*;

/// Overlap policy and duplicate spans, over the spans that could be placed.
pub(super) fn overlaps_and_duplicates(
    ctx: &Context<'_>,
    path: &Path,
    placed: &mut [(Span, &SpanEntry<'_>)],
    out: &mut Vec<Diagnostic>,
) {
    // File order is position order (a gold file's spans come from several lists).
    placed.sort_by(|a, b| {
        (a.0.start, std::cmp::Reverse(a.0.end), a.1.at).cmp(&(b.0.start, std::cmp::Reverse(b.0.end), b.1.at))
    });
    let policy = |label: &str| ctx.labels.map_or(OverlapPolicy::Allow, |l| l.overlap_of(label));
    // Real files have a handful of overlaps; a pathological one (thousands of stacked spans)
    // must not take quadratic time or print a million lines.
    const MAX_PAIRS: usize = 2_000_000;
    const MAX_FINDINGS: usize = 100;
    let (mut pairs, before) = (0usize, out.len());
    for i in 0..placed.len() {
        let (a, a_entry) = &placed[i];
        for (b, b_entry) in &placed[i + 1..] {
            if b.start >= a.end {
                break; // sorted by start: nothing later overlaps `a`
            }
            pairs += 1;
            if pairs > MAX_PAIRS || out.len() - before >= MAX_FINDINGS {
                out.push(
                    Diagnostic::new(Code::Overlap, path, 0, 0, format!(
                        "too many overlapping spans: overlap and duplicate checks stopped after {} findings and {} pairs",
                        out.len() - before,
                        pairs - 1
                    ))
                    .help("fix the spans reported above and run validate again"),
                );
                return;
            }
            let (first, second) = if a_entry.at < b_entry.at { (a_entry, b_entry) } else { (b_entry, a_entry) };
            if a == b {
                out.push(
                    Diagnostic::new(
                        Code::DuplicateSpan,
                        path,
                        second.at.line,
                        second.at.column,
                        format!("the same span as on line {} ([{}, {}) {})", first.at.line, a.start, a.end, a.label),
                    )
                    .help("remove one of them"),
                );
                continue;
            }
            let nested = b.end <= a.end; // a starts first (or equal) and ends last
            let rule = policy(&a.label).stricter(policy(&b.label));
            let broken = !rule.permits((a.start, a.end), (b.start, b.end));
            if broken {
                let how = if nested { "overlaps" } else { "crosses" };
                out.push(
                    Diagnostic::new(
                        Code::Overlap,
                        path,
                        second.at.line,
                        second.at.column,
                        format!(
                            "this span {how} the span on line {} ([{}, {}) {} and [{}, {}) {})",
                            first.at.line, a.start, a.end, a.label, b.start, b.end, b.label
                        ),
                    )
                    .help(match rule {
                        OverlapPolicy::Forbid => "one of these labels allows no overlap at all (schemas/labels.yaml)",
                        _ => "spans of these labels may nest but not cross (schemas/labels.yaml)",
                    }),
                );
            }
        }
    }
}
