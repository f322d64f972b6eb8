//! Document text addressed by Unicode code points.
//!
//! concord's offsets are code points, half-open `[start, end)`, as in brat, spaCy, Prodigy and
//! Python's `str` indexing. Rust strings are UTF-8 bytes, so [`Text`] keeps a sparse table of
//! byte positions (one every [`STRIDE`] code points) to turn a code-point offset into a byte
//! offset in O(STRIDE) time and a quarter byte of memory per code point. ASCII text needs no table.

/// One byte checkpoint every this many code points (measured: 64 cost validate 4% in `byte_of`).
const STRIDE: usize = 16;

/// A document's text with code-point addressing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    text: String,
    chars: usize,
    /// `checkpoints[i]` is the byte offset of code point `i * STRIDE`; empty when the text is ASCII.
    checkpoints: Vec<u32>,
}

impl Text {
    pub fn new(text: String) -> Text {
        if text.is_ascii() {
            let chars = text.len();
            return Text { text, chars, checkpoints: Vec::new() };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0usize;
        for (byte, _) in text.char_indices() {
            if chars.is_multiple_of(STRIDE) {
                checkpoints.push(u32::try_from(byte).unwrap_or(u32::MAX));
            }
            chars += 1;
        }
        Text { text, chars, checkpoints }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in code points.
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Byte offset of code point `offset`; `None` when past the end.
    pub fn byte_of(&self, offset: usize) -> Option<usize> {
        if offset > self.chars {
            return None;
        }
        if self.checkpoints.is_empty() {
            return Some(offset);
        }
        if offset == self.chars {
            return Some(self.text.len());
        }
        let base = self.checkpoints[offset / STRIDE] as usize;
        let skip = offset % STRIDE;
        self.text[base..].char_indices().nth(skip).map(|(b, _)| base + b)
    }

    /// Code-point offset of a byte offset that lies on a char boundary.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        if self.checkpoints.is_empty() {
            return byte.min(self.chars);
        }
        let block = self.checkpoints.partition_point(|&b| (b as usize) <= byte).saturating_sub(1);
        let base = self.checkpoints.get(block).map_or(0, |&b| b as usize);
        block * STRIDE + self.text[base..byte.max(base)].chars().count()
    }

    /// The text of `[start, end)`, or `None` when the range is outside the text or reversed.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start > end {
            return None;
        }
        let b0 = self.byte_of(start)?;
        let b1 = b0 + self.text[b0..].char_indices().nth(end - start).map_or(self.text.len() - b0, |(b, _)| b);
        (end <= self.chars).then(|| &self.text[b0..b1])
    }

    /// Code point at `offset`.
    pub fn char_at(&self, offset: usize) -> Option<char> {
        self.text[self.byte_of(offset)?..].chars().next()
    }

    /// Every code-point offset where `needle` starts (overlapping matches included).
    pub fn find_all(&self, needle: &str) -> Vec<usize> {
        if needle.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(i) = self.text[from..].find(needle) {
            let byte = from + i;
            found.push(self.char_of_byte(byte));
            // Step one char forward so overlapping occurrences are found too.
            from = byte + self.text[byte..].chars().next().map_or(1, char::len_utf8);
        }
        found
    }

    /// 1-based line and 1-based code-point column of a code-point offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let byte = self.byte_of(offset.min(self.chars)).unwrap_or(self.text.len());
        let before = &self.text[..byte];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// The excerpt range around `[start, end)`: `context` code points either side, cut at the
    /// text's ends. The common core of validate's one-line excerpts and diff's marked windows
    /// (which cut further, to the line and to whole words).
    pub fn around(&self, start: usize, end: usize, context: usize) -> (usize, usize) {
        (start.saturating_sub(context), end.saturating_add(context).min(self.chars))
    }

    /// The code-point range of the lines that hold `[start, end)`, without their newlines.
    pub fn lines_of(&self, start: usize, end: usize) -> (usize, usize) {
        let b0 = self.byte_of(start).unwrap_or(self.text.len());
        let b1 = self.byte_of(end).unwrap_or(self.text.len()).max(b0);
        let line_start = self.text[..b0].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[b1..].find('\n').map_or(self.text.len(), |i| b1 + i);
        (self.char_of_byte(line_start), self.char_of_byte(line_end))
    }
}

/// A character that words are made of, for the "cuts a word" check and for tokens:
/// Python's `\w` (alphanumeric or underscore).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Tokens as the metrics define them: maximal runs of [`is_word_char`], as code-point ranges.
pub fn word_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    let mut start = None;
    let mut i = 0;
    for c in text.chars() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                tokens.push((s, i));
                start = None;
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(s) = start {
        tokens.push((s, i));
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn excerpt_ranges_stop_at_the_text_and_its_lines() {
        let t = Text::new("“one” two\nthree’s four\nfive".to_owned());
        assert_eq!(t.around(12, 17, 3), (9, 20));
        assert_eq!(t.around(1, 4, 100), (0, 27));
        assert_eq!(t.lines_of(12, 17), (10, 22));
        assert_eq!(t.lines_of(2, 12), (0, 22));
        assert_eq!(t.lines_of(27, 27), (23, 27));
    }

    const SAMPLE: &str = "ISIS’s presence — “a threat”… in Pakistan";

    #[test]
    fn slices_by_code_point_not_byte() {
        let t = Text::new(SAMPLE.to_owned());
        assert_eq!(t.slice(0, 4), Some("ISIS"));
        assert_eq!(t.slice(4, 6), Some("’s"));
        assert_eq!(t.slice(16, 17), Some("—"));
        assert_eq!(t.slice(18, 28), Some("“a threat”"));
        assert_eq!(t.slice(28, 29), Some("…"));
        assert_eq!(t.slice(33, 41), Some("Pakistan"));
        assert_eq!(t.slice(33, 42), None);
        assert_eq!(t.slice(5, 4), None);
        assert_eq!(t.len_chars(), 41);
    }

    #[test]
    fn finds_occurrences_as_code_points() {
        let t = Text::new("“ISIS” and ISIS’s".to_owned());
        assert_eq!(t.find_all("ISIS"), vec![1, 11]);
        assert_eq!(Text::new("aaa".into()).find_all("aa"), vec![0, 1]);
    }

    #[test]
    fn tokens_are_word_runs() {
        assert_eq!(word_tokens("ISIS’s al-Qaeda_x 2014…"), vec![(0, 4), (5, 6), (7, 9), (10, 17), (18, 22)]);
    }

    #[test]
    fn line_col_counts_code_points() {
        let t = Text::new("“a”\n—b".to_owned());
        assert_eq!(t.line_col(5), (2, 2));
    }

    proptest! {
        #![proptest_config(concord_testkit::proptest_config(256))]
        #[test]
        fn byte_and_char_offsets_round_trip(s in "[a-z’“”—… \n]{0,300}") {
            let t = Text::new(s.clone());
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            for (i, (byte, _)) in chars.iter().enumerate() {
                prop_assert_eq!(t.byte_of(i), Some(*byte));
                prop_assert_eq!(t.char_of_byte(*byte), i);
            }
            prop_assert_eq!(t.byte_of(chars.len()), Some(s.len()));
            prop_assert_eq!(t.byte_of(chars.len() + 1), None);
        }
    }
}
