//! The repository's own annotations through every format and back, the way the command line
//! does it (`export_project`, `prepare_import`, `import::write`): the same spans, in files with
//! the same findings as the originals (the pilot passes keep their C026 warnings) and no other.

use std::path::Path;

use concord_convert::import::{self, WriteOptions};
use concord_convert::{ExportOptions, Format, ReadOptions};
use concord_validate::Diagnostic;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("lists") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copies");
    }
}

/// A finding's file (annotator/document), code name and corpus range.
/// A span without its note.
type Placed = (usize, usize, String);

type Finding = (String, String, Option<(usize, usize)>);

/// What a finding is about, whatever the file's layout: the annotation file (annotator/document),
/// the code and the corpus range.
fn findings(diagnostics: &[Diagnostic]) -> Vec<Finding> {
    let mut out: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.file.parent().and_then(Path::parent).and_then(Path::file_name) == Some("annotations".as_ref()))
        .map(|d| {
            let parts: Vec<_> = d.file.iter().rev().take(2).map(|p| p.to_string_lossy().into_owned()).collect();
            (parts.join(" in "), d.name.to_owned(), d.corpus.as_ref().map(|c| (c.start, c.end)))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_format_round_trips_the_repository() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let original = concord_validate::validate(&repo, &[]).expect("the repository validates");
    assert_eq!(original.errors(), 0);
    for format in Format::ALL.into_iter().filter(|f| f.can_import()) {
        let out = tempfile::tempdir().expect("tempdir");
        concord_convert::export_project(&repo, format, out.path(), &ExportOptions::default(), None).expect("exports");
        let project = tempfile::tempdir().expect("tempdir");
        copy_dir(&repo.join("corpus"), &project.path().join("corpus"));
        copy_dir(&repo.join("schemas"), &project.path().join("schemas"));
        let path = match format {
            Format::LabelStudio => out.path().join("label-studio.json"),
            _ => out.path().to_path_buf(),
        };
        let plan = concord_convert::prepare_import(
            project.path(),
            format,
            &path,
            &ReadOptions::default(),
            &WriteOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{format:?}: {e:?}"));
        import::write_plan(&plan).expect("writes");
        let back = concord_validate::validate(project.path(), &[]).expect("validates");
        assert_eq!(findings(&back.diagnostics), findings(&original.diagnostics), "{format:?}: the same findings");
        assert_eq!(back.errors(), 0, "{format:?}");
        assert_eq!(back.files, original.files, "{format:?}");
        for (a, b) in original.set.documents.iter().zip(&back.set.documents) {
            assert_eq!(a.id, b.id);
            if format == Format::WebannoTsv {
                // Its named-entity layer has no note feature (docs/formats/webanno-tsv.md).
                let keys = |d: &concord_schema::DocumentAnnotations| -> Vec<(String, Vec<Placed>)> {
                    d.by_annotator
                        .iter()
                        .map(|(n, v)| (n.clone(), v.iter().map(|s| (s.start, s.end, s.label.clone())).collect()))
                        .collect()
                };
                assert_eq!(keys(a), keys(b), "{format:?}: spans of {}", a.id);
            } else {
                assert_eq!(a.by_annotator, b.by_annotator, "{format:?}: spans of {}", a.id);
            }
        }
        assert_eq!(original.set.documents.len(), back.set.documents.len());
    }
}
