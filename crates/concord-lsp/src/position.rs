//! Positions: concord counts code points (YAML columns, corpus offsets); LSP counts UTF-16 code
//! units unless client and server agree on UTF-32 (LSP 3.17 `positionEncoding`). A
//! [`LineIndex`] turns one into the other exactly, line by line.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as in both LSP and YAML; U+2028 and U+2029 end
//! no line in either, so they are one code point (one UTF-16 unit) inside a line. A byte-order
//! mark at the start of a buffer is a code point the editor counts and the YAML parser does
//! not: [`LineIndex::bom`] says when to add it.

use lsp_types::{Position, PositionEncodingKind, Range};

/// The position encoding agreed with the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Code points, as concord counts them.
    Utf32,
}

impl Encoding {
    /// UTF-32 when the client offers it, else UTF-16 (which every client must support).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF32) => Encoding::Utf32,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// Where each line of a text starts.
#[derive(Debug)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> LineIndex<'t> {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, starts, encoding }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Whether the text starts with a byte-order mark (which YAML columns do not count).
    pub fn bom(&self) -> bool {
        self.text.starts_with('\u{feff}')
    }

    /// The text of 0-based line `line`, without its line ending ("" past the end).
    pub fn line(&self, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line) else { return "" };
        let end = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The position of 0-based `line` and code-point `column` (clamped to the line's end).
    pub fn position(&self, line: u32, column: u32) -> Position {
        let text = self.line(line as usize);
        let character = text.chars().take(column as usize).map(|c| self.encoding.width(c)).sum();
        Position { line, character }
    }

    /// The range of a 1-based line and code-point column (as concord's diagnostics and YAML
    /// positions give them) covering `width` code points, within the line.
    pub fn range_of(&self, line: u32, column: u32, width: u32) -> Range {
        if line == 0 {
            return Range::default();
        }
        let bom = u32::from(line == 1 && self.bom());
        let col = column.saturating_sub(1) + bom;
        let start = self.position(line - 1, col);
        let end = self.position(line - 1, col.saturating_add(width));
        Range { start, end }
    }

    /// The byte offset of `position` (a position inside a character goes to its start; past a
    /// line's end, to the line's end).
    pub fn byte_of(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else { return self.text.len() };
        let line = self.line(position.line as usize);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            let w = self.encoding.width(c);
            if units + w > position.character {
                return start + i;
            }
            units += w;
        }
        start + line.len()
    }

    /// The 1-based line and code-point column of `position`, as YAML positions count them.
    pub fn line_column(&self, position: Position) -> (u32, u32) {
        let byte = self.byte_of(position);
        let start = self.starts.get(position.line as usize).copied().unwrap_or(self.text.len()).min(byte);
        let mut column = self.text[start..byte].chars().count() as u32 + 1;
        if position.line == 0 && self.bom() {
            column = column.saturating_sub(1).max(1);
        }
        (position.line + 1, column)
    }

    /// The position of a byte offset (on a char boundary).
    pub fn position_of_byte(&self, byte: usize) -> Position {
        let byte = byte.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= byte).saturating_sub(1);
        let start = self.starts[line];
        let prefix = self.text.get(start..byte).unwrap_or("");
        let character = prefix.chars().map(|c| self.encoding.width(c)).sum();
        Position { line: line as u32, character }
    }

    /// The range of code points `[start, end)` of the text (corpus offsets).
    pub fn range_of_chars(&self, start: usize, end: usize) -> Range {
        let byte = |n: usize| self.text.char_indices().nth(n).map_or(self.text.len(), |(b, _)| b);
        let b0 = byte(start);
        let b1 =
            b0 + self.text[b0..].char_indices().nth(end.saturating_sub(start)).map_or(self.text.len() - b0, |(b, _)| b);
        Range { start: self.position_of_byte(b0), end: self.position_of_byte(b1) }
    }

    /// The code-point offset of `position` in the text.
    pub fn char_offset(&self, position: Position) -> usize {
        self.text[..self.byte_of(position)].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Curly quotes (one unit each), an emoji (two UTF-16 units), a flag (two regional
    /// indicators, four units) and U+2028 (one unit, no line break).
    const TEXT: &str = "a “q” 😀 🇵🇰 x\u{2028}y\nsecond\r\nthird\rfourth";

    #[test]
    fn utf16_and_utf32_columns() {
        let u16 = LineIndex::new(TEXT, Encoding::Utf16);
        let u32 = LineIndex::new(TEXT, Encoding::Utf32);
        assert_eq!(u16.lines(), 4);
        assert_eq!(u16.line(3), "fourth");
        // `x` is code point 11 on line 0: a, ␠, “, q, ”, ␠, 😀, ␠, 🇵, 🇰, ␠.
        assert_eq!(u32.position(0, 11), Position { line: 0, character: 11 });
        assert_eq!(u16.position(0, 11), Position { line: 0, character: 14 });
        // `y` after U+2028 is still on line 0.
        assert_eq!(u16.position(0, 13), Position { line: 0, character: 16 });
        for enc in [&u16, &u32] {
            for col in 0..15 {
                let p = enc.position(0, col);
                assert_eq!(enc.line_column(p), (1, col + 1), "{:?} {col}", enc.encoding());
            }
        }
        // Inside a surrogate pair goes to the character's start.
        assert_eq!(u16.line_column(Position { line: 0, character: 7 }), (1, 7));
        assert_eq!(u16.range_of(2, 2, 3), Range { start: Position::new(1, 1), end: Position::new(1, 4) });
        assert_eq!(u16.position_of_byte(TEXT.find("third").unwrap_or(0)), Position::new(2, 0));
    }

    #[test]
    fn corpus_ranges_count_code_points() {
        let u16 = LineIndex::new(TEXT, Encoding::Utf16);
        // The flag: code points 8 and 9.
        assert_eq!(u16.range_of_chars(8, 10), Range { start: Position::new(0, 9), end: Position::new(0, 13) });
        assert_eq!(u16.char_offset(Position::new(0, 13)), 10);
    }

    #[test]
    fn a_bom_is_counted_by_the_editor_not_by_yaml() {
        let index = LineIndex::new("\u{feff}document: d", Encoding::Utf16);
        assert_eq!(index.range_of(1, 11, 1).start, Position::new(0, 11));
        assert_eq!(index.line_column(Position::new(0, 11)), (1, 11));
    }
}
