//! Where a region lies: its `start` and `end` read as code points and as UTF-16 code units, and
//! its `value.text` deciding between them.
//!
//! A pure function of the corpus text and the region, apart from the reader, so that every edge
//! (empty, reversed, past the end, inside a surrogate pair, whitespace stored differently) is
//! tested on its own, and the reader only turns a [`PlaceFailure`] into a located error.

use concord_schema::Text;

use super::Offsets;
use crate::error::ErrorKind;
use crate::offsets::{Utf16Error, Utf16Map};

/// Where a region lies, once read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum RegionPlace {
    /// Both readings give this range (no character outside the BMP before the region's end),
    /// or the region's text proved one of them.
    Fixed(usize, usize, Option<Offsets>),
    /// The readings differ and nothing tells them apart: the file's majority decides.
    Open { code_points: Option<(usize, usize)>, utf16: Option<(usize, usize)>, has_text: bool },
}

/// Why a region cannot be placed.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct PlaceFailure {
    pub(super) kind: ErrorKind,
    pub(super) message: String,
    pub(super) help: Vec<String>,
}

/// Where a region with these offsets and this `value.text` lies in `text`.
pub(super) fn place(
    text: &Text,
    map: &Utf16Map,
    start: u64,
    end: u64,
    expected: Option<&str>,
) -> Result<RegionPlace, PlaceFailure> {
    if start >= end {
        return Err(PlaceFailure {
            kind: ErrorKind::Unsupported,
            message: format!("the region [{start}, {end}) is empty or reversed"),
            help: Vec::new(),
        });
    }
    let len = text.len_chars();
    let as_code_points = match (usize::try_from(start), usize::try_from(end)) {
        (Ok(s), Ok(e)) if e <= len => Ok((s, e)),
        _ => Err(format!("past the end of the text ({len} code points)")),
    };
    let as_utf16 = match (usize::try_from(start), usize::try_from(end)) {
        (Ok(s), Ok(e)) => {
            let convert = |unit: usize| map.to_code_point(unit).map_err(|e| utf16_problem(text, unit, e));
            convert(s).and_then(|s| Ok((s, convert(e)?)))
        }
        _ => Err(format!("past the end of the text ({} UTF-16 code units)", map.len_utf16())),
    };
    let slice = |(s, e): (usize, usize)| text.slice(s, e).unwrap_or_default();
    let readings = [(Offsets::CodePoints, &as_code_points), (Offsets::Utf16, &as_utf16)];
    let explain = || -> Vec<String> {
        readings
            .iter()
            .map(|(unit, reading)| match reading {
                Ok((s, e)) if *unit == Offsets::CodePoints => {
                    format!("read as code points, it holds {}", shown(slice((*s, *e))))
                }
                Ok((s, e)) => format!(
                    "read as UTF-16 code units, it is [{s}, {e}) in code points and holds {}",
                    shown(slice((*s, *e)))
                ),
                Err(why) => format!("read as {}: {why}", unit.describe()),
            })
            .collect()
    };
    if let (Ok(a), Ok(b)) = (&as_code_points, &as_utf16)
        && a == b
    {
        return match expected {
            Some(t) if !same_text(slice(*a), t, false) => Err(PlaceFailure {
                kind: ErrorKind::TextMismatch,
                message: format!(
                    "the region [{start}, {end}) holds {} in the corpus text, but its `value.text` is {}",
                    shown(slice(*a)),
                    shown(t)
                ),
                help: vec!["the offsets were made against other text, or the file was edited".to_owned()],
            }),
            _ => Ok(RegionPlace::Fixed(a.0, a.1, None)),
        };
    }
    let Some(expected) = expected else {
        if as_code_points.is_err() && as_utf16.is_err() {
            return Err(PlaceFailure {
                kind: ErrorKind::Unsupported,
                message: format!("the region [{start}, {end}) lies outside the text"),
                help: explain(),
            });
        }
        return Ok(RegionPlace::Open { code_points: as_code_points.ok(), utf16: as_utf16.ok(), has_text: false });
    };
    for loose in [false, true] {
        let matching: Vec<(Offsets, (usize, usize))> = readings
            .iter()
            .filter_map(|(unit, reading)| reading.as_ref().ok().map(|r| (*unit, *r)))
            .filter(|(_, r)| same_text(slice(*r), expected, loose))
            .collect();
        match matching.as_slice() {
            [] => continue,
            [(unit, (s, e))] => return Ok(RegionPlace::Fixed(*s, *e, Some(*unit))),
            _ => {
                return Ok(RegionPlace::Open {
                    code_points: as_code_points.ok(),
                    utf16: as_utf16.ok(),
                    has_text: true,
                });
            }
        }
    }
    Err(PlaceFailure {
        kind: ErrorKind::TextMismatch,
        message: format!("the region [{start}, {end}) does not hold its `value.text` {}", shown(expected)),
        help: explain(),
    })
}

fn utf16_problem(text: &Text, unit: usize, e: Utf16Error) -> String {
    match e {
        Utf16Error::InsideSurrogatePair { code_point } => {
            let c = text.char_at(code_point).map_or_else(String::new, |c| format!("{c:?} "));
            format!(
                "offset {unit} falls inside {c}(code point {code_point}), between the two halves of its surrogate pair"
            )
        }
        Utf16Error::PastEnd { len_utf16 } => format!("past the end of the text ({len_utf16} UTF-16 code units)"),
    }
}

/// Whether a region's `value.text` is the corpus slice; `loose` ignores whitespace, and reads a
/// literal `\n` (as Label Studio wrote line breaks in selections) as whitespace.
pub(super) fn same_text(slice: &str, value_text: &str, loose: bool) -> bool {
    if !loose {
        return slice == value_text;
    }
    let squash = |s: &str| -> String { s.replace("\\n", " ").chars().filter(|c| !c.is_whitespace()).collect() };
    let (a, b) = (squash(slice), squash(value_text));
    !a.is_empty() && a == b
}

/// A text for a message: quoted and escaped, cut after 60 characters.
fn shown(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut:?}…")
    }
}
