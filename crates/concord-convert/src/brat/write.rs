//! The export: the project's annotations as a brat collection, deterministic to the byte.
//!
//! `OUT/annotation.conf` and `OUT/visual.conf` once at the root (brat finds them by looking up
//! from each annotator folder), and `OUT/<annotator>/<document>.txt` + `.ann`. Spans are cut at
//! line breaks by [`fragments::cut`], the rule the import undoes, so the round trip is the
//! identity; what brat cannot mark at all is left out with a notice, never silently.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use concord_schema::Text;

use crate::error::{ConvertError, ErrorKind, Location};
use crate::export::{ExportSpan, OutputFile};
use crate::notice::Notice;
use crate::{ExportInput, Exported};

use super::{conf, fragments};

/// Every file of the export, sorted by path, and what it could not carry.
pub(super) fn export(input: &ExportInput) -> Result<Exported, ConvertError> {
    let mut files = vec![
        OutputFile { path: PathBuf::from("annotation.conf"), contents: conf::annotation_conf(&input.labels) },
        OutputFile { path: PathBuf::from("visual.conf"), contents: conf::visual_conf(&input.labels) },
    ];
    let mut notices = Vec::new();
    let unsafe_names: Vec<&str> =
        input.labels.names().filter(|n| conf::storage_form(n) != *n || n.is_empty()).collect();
    if !unsafe_names.is_empty() {
        notices.push(Notice::new(
            None,
            format!(
                "brat stores type names of ASCII letters, digits, `_` and `-` only; it will show these labels as unknown types: {}",
                unsafe_names.join(", ")
            ),
        ));
    }
    for doc in &input.documents {
        for (annotator, spans) in &doc.by_annotator {
            let dir = PathBuf::from(annotator);
            let ann_path = dir.join(format!("{}.ann", doc.id));
            let ann = render_ann(&doc.text, spans, &ann_path, &mut notices)?;
            files
                .push(OutputFile { path: dir.join(format!("{}.txt", doc.id)), contents: doc.text.as_str().to_owned() });
            files.push(OutputFile { path: ann_path, contents: ann });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Exported { files, notices })
}

/// One annotator's spans on one document as `.ann` lines: `T` ids in span order, each note
/// after its entity.
fn render_ann(
    text: &Text,
    spans: &[ExportSpan],
    ann_path: &Path,
    notices: &mut Vec<Notice>,
) -> Result<String, ConvertError> {
    let mut out = String::new();
    let mut t = 0;
    let mut n = 0;
    for span in spans {
        let Some(covered) = text.slice(span.start, span.end) else {
            return Err(ConvertError::new(
                ErrorKind::Project,
                None,
                format!("span [{}, {}) is outside the text of {}", span.start, span.end, ann_path.display()),
            ));
        };
        let cut = fragments::cut(covered, span.start);
        let shown = format!("span [{}, {}) `{}`", span.start, span.end, span.label);
        let (Some(&(first, _)), Some(&(_, last))) = (cut.first(), cut.last()) else {
            notices.push(Notice::new(
                Some(Location::file(ann_path)),
                format!("{shown} holds only line breaks or tabs, which brat cannot mark; left out"),
            ));
            continue;
        };
        if (first, last) != (span.start, span.end) {
            notices.push(Notice::new(
                Some(Location::file(ann_path)),
                format!(
                    "{shown} starts or ends with a line break or tab, which brat cannot mark; written as [{first}, {last})"
                ),
            ));
        }
        t += 1;
        let offsets: Vec<String> = cut.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let _ = writeln!(out, "T{t}\t{} {}\t{}", span.label, offsets.join(";"), fragments::covered_text(text, &cut));
        if let Some(note) = &span.note {
            // One note line per line of the note; the import joins them back with line breaks.
            for piece in note.split('\n') {
                n += 1;
                let _ = writeln!(out, "#{n}\tAnnotatorNotes T{t}\t{}", piece.strip_suffix('\r').unwrap_or(piece));
            }
        }
    }
    Ok(out)
}
