//! Places in JSON inputs. serde_json reports line and byte column for syntax errors; for values
//! that parse but mean something wrong (an offset past the end), readers keep the raw text of the
//! value (`&RawValue`, a slice of the input) and this module turns its address into a line and column.

use std::path::Path;

use crate::error::{ConvertError, LineIndex, Location};

/// Where `part`, a slice of `source`, starts (`index` is built from `source`).
pub(crate) fn location_of(path: &Path, index: &LineIndex, source: &str, part: &str) -> Location {
    let offset = (part.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    if offset > source.len() {
        return Location::file(path);
    }
    index.location(source, offset)
}

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
    use serde_json::value::RawValue;

    #[test]
    fn raw_values_know_their_place() {
        let source = "[\n  {\"a\": 1},\n  {\"😀\": 2}\n]";
        let items: Vec<&RawValue> = serde_json::from_str(source).expect("json");
        let index = LineIndex::new(Path::new("f"), source);
        assert_eq!(location_of(Path::new("f"), &index, source, items[1].get()), Location::at("f", 3, 3));
        assert_eq!(location_of(Path::new("f"), &index, source, "elsewhere"), Location::file("f"));
    }

    #[test]
    fn syntax_errors_count_code_points() {
        let source = "{\"“x”\": tru}";
        let e = serde_json::from_str::<serde_json::Value>(source).unwrap_err();
        let err = syntax_error(Path::new("f.json"), source, &e);
        assert_eq!(err.location, Some(Location::at("f.json", 1, 12)));
        assert!(!err.message.contains("at line"), "{}", err.message);
    }
}
