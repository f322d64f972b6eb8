//! Places of serde_json syntax errors: serde_json reports a line and a byte column, and
//! concord's locations count columns in code points.

use std::path::Path;

use crate::error::{ConvertError, Location};

/// A serde_json error as a located syntax error, the column counted in code points.
pub(crate) fn syntax_error(path: &Path, source: &str, e: &serde_json::Error) -> ConvertError {
    let (line, byte_column) = (e.line(), e.column());
    let column = source
        .split('\n')
        .nth(line.saturating_sub(1))
        .map(|l| {
            let end = byte_column.min(l.len());
            let end = (0..=end).rev().find(|&i| l.is_char_boundary(i)).unwrap_or(0);
            l[..end].chars().count().max(1)
        })
        .unwrap_or(byte_column);
    // serde_json appends " at line L column C" to its messages; the location says that already.
    let message = e.to_string();
    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_owned();
    ConvertError::syntax(Location::at(path, line, column), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_count_code_points() {
        let source = "{\"“x”\": tru}";
        let e = serde_json::from_str::<serde_json::Value>(source).unwrap_err();
        let err = syntax_error(Path::new("f.json"), source, &e);
        assert_eq!(err.location, Some(Location::at("f.json", 1, 12)));
        assert!(!err.message.contains("at line"), "{}", err.message);
    }
}
