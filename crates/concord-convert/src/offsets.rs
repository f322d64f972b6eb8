//! Exact conversion between concord's code-point offsets and UTF-16 code units.
//!
//! WebAnno TSV 3 / INCEpTION (Java) and Label Studio exports of 2021 count UTF-16 code units; brat,
//! Prodigy and spaCy (Python) count code points, as concord does. The two agree until the first
//! character outside the Basic Multilingual Plane (an emoji, 😀), which is one code point and two
//! UTF-16 units. [`Utf16Map`] keeps the code-point positions of those characters only, so a
//! conversion is a binary search and BMP-only text (the usual case) costs nothing.

/// Code point ↔ UTF-16 offsets for one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Utf16Map {
    /// Code-point offsets of the characters that take two UTF-16 units, ascending.
    astral: Vec<usize>,
    chars: usize,
}

/// A UTF-16 offset that no code-point offset equals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf16Error {
    /// The offset falls between the two halves of a surrogate pair (inside an emoji).
    InsideSurrogatePair { code_point: usize },
    /// The offset is past the end of the text.
    PastEnd { len_utf16: usize },
}

impl std::fmt::Display for Utf16Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Utf16Error::InsideSurrogatePair { code_point } => write!(
                f,
                "the UTF-16 offset falls inside the character at code point {code_point}, between the two halves of its surrogate pair"
            ),
            Utf16Error::PastEnd { len_utf16 } => {
                write!(f, "the UTF-16 offset is past the end of the text ({len_utf16} UTF-16 code units)")
            }
        }
    }
}

impl Utf16Map {
    pub fn new(text: &str) -> Utf16Map {
        let mut astral = Vec::new();
        let mut chars = 0;
        for c in text.chars() {
            if c.len_utf16() == 2 {
                astral.push(chars);
            }
            chars += 1;
        }
        Utf16Map { astral, chars }
    }

    /// Length of the text in UTF-16 code units.
    pub fn len_utf16(&self) -> usize {
        self.chars + self.astral.len()
    }

    /// The UTF-16 offset of code point `offset` (clamped to the end of the text).
    pub fn to_utf16(&self, offset: usize) -> usize {
        let offset = offset.min(self.chars);
        offset + self.astral.partition_point(|&a| a < offset)
    }

    /// The code-point offset of UTF-16 offset `unit`, or why there is none.
    pub fn to_code_point(&self, unit: usize) -> Result<usize, Utf16Error> {
        if unit > self.len_utf16() {
            return Err(Utf16Error::PastEnd { len_utf16: self.len_utf16() });
        }
        // The i-th astral character (0-based) starts at UTF-16 offset astral[i] + i, which rises
        // with i; k counts those that start before `unit`.
        let (mut lo, mut hi) = (0, self.astral.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.astral[mid] + mid < unit {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let k = lo;
        if k > 0 && self.astral[k - 1] + k == unit {
            return Err(Utf16Error::InsideSurrogatePair { code_point: self.astral[k - 1] });
        }
        Ok(unit - k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn offsets_differ_after_an_emoji() {
        let text = "ISIS 😀 in “Quetta” — 🇵🇰 …";
        let map = Utf16Map::new(text);
        let quetta_cp = text.chars().position(|c| c == 'Q').expect("Q");
        assert_eq!(quetta_cp, 11);
        assert_eq!(map.to_utf16(quetta_cp), 12);
        assert_eq!(map.to_code_point(12), Ok(11));
        // The flag is two regional-indicator code points, each two UTF-16 units.
        assert_eq!(map.len_utf16(), text.encode_utf16().count());
        assert_eq!(map.to_code_point(6), Err(Utf16Error::InsideSurrogatePair { code_point: 5 }));
        assert_eq!(map.to_code_point(map.len_utf16() + 1), Err(Utf16Error::PastEnd { len_utf16: map.len_utf16() }));
    }

    proptest! {
        #![proptest_config(concord_testkit::proptest_config(256))]
        #[test]
        fn conversion_is_exact(s in "[a😀’—… 🇵\u{10FFFF}]{0,60}") {
            let map = Utf16Map::new(&s);
            let mut unit = 0;
            for (cp, c) in s.chars().enumerate() {
                prop_assert_eq!(map.to_utf16(cp), unit);
                prop_assert_eq!(map.to_code_point(unit), Ok(cp));
                if c.len_utf16() == 2 {
                    prop_assert!(map.to_code_point(unit + 1).is_err());
                }
                unit += c.len_utf16();
            }
            prop_assert_eq!(map.to_utf16(s.chars().count()), unit);
            prop_assert_eq!(map.to_code_point(unit), Ok(s.chars().count()));
        }
    }
}
