//! Places in input files: byte offsets and slices to 1-based lines and code-point columns.
//!
//! One type for every reader. It is built once per file in O(n) and answers in O(log n), also
//! on one huge line (minified JSON): code points are counted from a checkpoint every
//! [`SourceMap::STRIDE`] bytes, never from the start of the file or the line. Readers keep
//! slices of the source (`&str` fields of a line, serde_json's `&RawValue`) and ask where they
//! start, so no reader counts columns by hand.

use std::path::{Path, PathBuf};

use crate::error::{ConvertError, Location};

/// Lines and code-point columns of one source text.
#[derive(Clone, Debug)]
pub struct SourceMap<'s> {
    path: PathBuf,
    source: &'s str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// (byte offset on a char boundary, code points before it), one about every STRIDE bytes.
    checkpoints: Vec<(usize, usize)>,
}

/// Code points starting in `bytes`: the bytes that are not UTF-8 continuation bytes
/// (`10xxxxxx`), eight at a time.
fn code_points(bytes: &[u8]) -> usize {
    let (words, rest) = bytes.as_chunks::<8>();
    let mut continuations = 0;
    for word in words {
        let x = u64::from_ne_bytes(*word);
        // Bit 7 of each byte set and bit 6 clear.
        continuations += (x & !(x << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
    }
    continuations += rest.iter().filter(|&&b| b & 0xC0 == 0x80).count();
    bytes.len() - continuations
}

impl<'s> SourceMap<'s> {
    const STRIDE: usize = 256;

    pub fn new(path: &Path, source: &'s str) -> SourceMap<'s> {
        // Bytes, not chars: the line breaks by memchr, the code points of each stride by
        // counting the bytes that start one (a loop the compiler vectorises).
        let mut line_starts = vec![0];
        let bytes = source.as_bytes();
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|byte| byte + 1));
        let mut checkpoints = vec![(0, 0)];
        let (mut byte, mut chars) = (0, 0);
        loop {
            let mut next = byte + Self::STRIDE;
            while next < bytes.len() && !source.is_char_boundary(next) {
                next += 1;
            }
            if next >= bytes.len() {
                break;
            }
            chars += code_points(&bytes[byte..next]);
            checkpoints.push((next, chars));
            byte = next;
        }
        SourceMap { path: path.to_owned(), source, line_starts, checkpoints }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn source(&self) -> &'s str {
        self.source
    }

    /// The whole file, for what has no better place.
    pub fn file(&self) -> Location {
        Location::file(&self.path)
    }

    /// The place of byte `offset` (moved back to a char boundary; clamped to the end).
    pub fn at_byte(&self, offset: usize) -> Location {
        let offset = self.boundary(offset);
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        // A short line is counted directly; the checkpoints are for long ones (minified JSON).
        let column = if offset - start <= 2 * Self::STRIDE {
            code_points(&self.source.as_bytes()[start..offset]) + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        Location::at(&self.path, line, column)
    }

    /// Where `part`, a slice of the source, starts; the whole file when it is not a slice of it.
    pub fn at_slice(&self, part: &str) -> Location {
        match self.offset_of(part) {
            Some(offset) => self.at_byte(offset),
            None => self.file(),
        }
    }

    /// The byte offset of `part` in the source, when `part` is a slice of it.
    pub fn offset_of(&self, part: &str) -> Option<usize> {
        let offset = (part.as_ptr() as usize).checked_sub(self.source.as_ptr() as usize)?;
        (offset + part.len() <= self.source.len()).then_some(offset)
    }

    /// A serde_json error met while parsing `part` (the whole source, or a slice of it such as
    /// one JSONL line), as a located syntax error. serde_json's own " at line L column C"
    /// is left out of the message: the location says it, in code points.
    pub fn json_error(&self, part: &str, e: &serde_json::Error) -> ConvertError {
        let base = self.offset_of(part).unwrap_or(0);
        let line_start = part.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum::<usize>();
        // serde_json's column is 1-based, in bytes, at the byte where it stopped.
        let offset = base + line_start + e.column().saturating_sub(1);
        let message = e.to_string();
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_owned();
        ConvertError::syntax(self.at_byte(offset), message)
    }

    fn boundary(&self, offset: usize) -> usize {
        let offset = offset.min(self.source.len());
        (0..=offset).rev().find(|&b| self.source.is_char_boundary(b)).unwrap_or(0)
    }

    /// Code points in `source[..byte]` (`byte` on a char boundary).
    fn chars_before(&self, byte: usize) -> usize {
        let k = self.checkpoints.partition_point(|&(b, _)| b <= byte).saturating_sub(1);
        let (from, chars) = self.checkpoints.get(k).copied().unwrap_or((0, 0));
        chars + self.source.as_bytes().get(from..byte).map_or(0, code_points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counting from the start, the obvious way, for comparison.
    fn counted(source: &str, byte: usize) -> (usize, usize) {
        let before = &source[..byte];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
    }

    #[test]
    fn places_agree_with_counting_from_the_start() {
        let line = "x“😀”—… 🇵🇰\u{2028}".repeat(100);
        let source = format!("{line}\n\n{line}\r\nend");
        let map = SourceMap::new(Path::new("f"), &source);
        for (byte, _) in source.char_indices().step_by(7).chain([(source.len(), ' ')]) {
            let (line, column) = counted(&source, byte);
            assert_eq!(map.at_byte(byte), Location::at("f", line, column), "byte {byte}");
        }
    }

    #[test]
    fn code_points_are_counted_eight_bytes_at_a_time_as_one_by_one() {
        let text = "a“😀”—… 🇵🇰\u{2028}\u{0}\u{85}\u{FEFF}é\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let bytes = &text.as_bytes()[start..end];
                let one_by_one = bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
                assert_eq!(code_points(bytes), one_by_one, "{start}..{end}");
            }
        }
    }

    #[test]
    fn checkpoints_count_the_code_points_before_them() {
        for unit in ["a", "é", "“", "😀", "🇵🇰\u{2028}x\n", "\u{0}\u{85}\u{FEFF}"] {
            for n in [0, 1, 63, 64, 65, 85, 86, 255, 256, 257, 1000] {
                let source = unit.repeat(n);
                let map = SourceMap::new(Path::new("f"), &source);
                assert_eq!(map.checkpoints[0], (0, 0));
                for &(byte, chars) in &map.checkpoints[1..] {
                    assert!(byte < source.len() && source.is_char_boundary(byte), "{unit:?} × {n}: {byte}");
                    assert_eq!(source[..byte].chars().count(), chars, "{unit:?} × {n}: {byte}");
                }
                for w in map.checkpoints.windows(2) {
                    let gap = w[1].0 - w[0].0;
                    assert!((SourceMap::STRIDE..SourceMap::STRIDE + 4).contains(&gap), "{unit:?} × {n}: {gap}");
                }
                let last = map.checkpoints.last().map_or(0, |c| c.0);
                assert!(source.len() - last < SourceMap::STRIDE + 4, "{unit:?} × {n}: the tail is one stride");
                let lines = source.matches('\n').count() + 1;
                assert_eq!(map.line_starts.len(), lines);
            }
        }
    }

    #[test]
    fn slices_know_their_place() {
        let source = "[\n  {\"a\": 1},\n  {\"😀\": 2}\n]";
        let items: Vec<&serde_json::value::RawValue> = serde_json::from_str(source).expect("json");
        let map = SourceMap::new(Path::new("f"), source);
        assert_eq!(map.at_slice(items[1].get()), Location::at("f", 3, 3));
        assert_eq!(map.at_slice("elsewhere"), Location::file("f"));
        assert_eq!(map.at_byte(usize::MAX), Location::at("f", 4, 2));
        assert_eq!(map.at_byte(source.find('😀').expect("there") + 1), Location::at("f", 3, 5), "inside a char");
    }

    #[test]
    fn json_errors_count_code_points_in_the_whole_file_or_a_line() {
        let source = "{\"“x”\": tru}";
        let e = serde_json::from_str::<serde_json::Value>(source).expect_err("bad");
        let err = SourceMap::new(Path::new("f.json"), source).json_error(source, &e);
        assert_eq!(err.location, Some(Location::at("f.json", 1, 12)));
        assert!(!err.message.contains("at line"), "{}", err.message);

        let lines = "{\"a\": 1}\n{\"“b”\": ]}\n";
        let map = SourceMap::new(Path::new("f.jsonl"), lines);
        let second = lines.lines().nth(1).expect("two lines");
        let e = serde_json::from_str::<serde_json::Value>(second).expect_err("bad");
        assert_eq!(map.json_error(second, &e).location, Some(Location::at("f.jsonl", 2, 9)));
    }
}
