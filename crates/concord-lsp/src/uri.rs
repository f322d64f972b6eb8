//! `file:` URIs to paths and back. Only `file:` URIs name files concord checks; anything else
//! (an untitled buffer, a diff view) gets no diagnostics. Paths are percent-decoded as UTF-8;
//! a path that is not UTF-8 cannot be a project file (ids are ASCII) and is skipped.

use std::path::{Path, PathBuf};

use lsp_types::Uri;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// What a URI path may hold unescaped besides letters and digits.
const ESCAPED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The path of a `file:` URI (`file:///p`, `file://localhost/p`).
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = &rest[rest.find('/')?..];
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.into_owned()))
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    if !text.starts_with('/') {
        return None;
    }
    format!("file://{}", utf8_percent_encode(text, ESCAPED)).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_spaces_and_non_ascii() {
        let path = Path::new("/tmp/a b/ü#1/doc.yaml");
        let uri = from_path(path).expect("absolute");
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/%C3%BC%231/doc.yaml");
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        let host: Uri = "file://localhost/x/y.yaml".parse().expect("uri");
        assert_eq!(to_path(&host), Some(PathBuf::from("/x/y.yaml")));
        let untitled: Uri = "untitled:Untitled-1".parse().expect("uri");
        assert_eq!(to_path(&untitled), None);
    }
}
