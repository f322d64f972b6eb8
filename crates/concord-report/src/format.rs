//! What the reports add to concord-agreement's figure formatting
//! (`concord_agreement::figure::format_figure`, `format_interval`): changes signed, and the
//! order documents are listed in.

use concord_agreement::report::DocumentReport;

/// The change from `then` to `now`: ` (+0.015)`, ` (±0)`, ` (new)`, ` (was 0.800)`; nothing when
/// there is no base figure to compare with.
pub fn delta(now: Option<f64>, then: Option<Option<f64>>) -> String {
    match (now, then) {
        (_, None) | (None, Some(None)) => String::new(),
        (Some(_), Some(None)) => " (new)".to_owned(),
        (None, Some(Some(t))) => format!(" (was {t:.3})"),
        (Some(n), Some(Some(t))) => {
            let d = n - t;
            if d.abs() < 0.0005 { " (±0)".to_owned() } else { format!(" ({d:+.3})") }
        }
    }
}

/// A document's strict F1: the mean over its annotator pairs where defined (computed by
/// concord-agreement, so it is there in the crowd layout too, where no pair row is).
pub(crate) fn document_f1(doc: &DocumentReport) -> Option<f64> {
    doc.mean_pair_strict_f1
}

/// Documents worst first: lowest strict F1, then lowest unitizing alpha; documents without
/// figures last; ties by id.
pub(crate) fn worst_first(docs: &[DocumentReport]) -> Vec<&DocumentReport> {
    let mut sorted: Vec<&DocumentReport> = docs.iter().collect();
    let key =
        |d: &DocumentReport| (document_f1(d).unwrap_or(f64::INFINITY), d.unitizing_alpha.unwrap_or(f64::INFINITY));
    sorted.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then_with(|| a.id.cmp(&b.id))
    });
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas() {
        assert_eq!(delta(Some(0.8), Some(Some(0.75))), " (+0.050)");
        assert_eq!(delta(Some(0.8), Some(Some(0.8001))), " (±0)");
        assert_eq!(delta(Some(0.8), Some(None)), " (new)");
        assert_eq!(delta(None, Some(Some(0.5))), " (was 0.500)");
        assert_eq!(delta(Some(0.8), None), "");
    }
}
