//! Unit tests of the pure parts: where regions lie, and XML escaping. The reader and the
//! export are tested end to end in `tests/label_studio.rs`.

use concord_schema::Text;

use super::Offsets;
use super::place::{RegionPlace, place, same_text};
use super::write::xml_attribute;
use crate::error::ErrorKind;
use crate::offsets::Utf16Map;

const TEXT: &str = "Quetta 😀 — “ISIS” struck\nagain";

fn text() -> (Text, Utf16Map) {
    (Text::new(TEXT.to_owned()), Utf16Map::new(TEXT))
}

#[test]
fn readings_that_agree_need_no_text() {
    let (t, m) = text();
    assert_eq!(place(&t, &m, 0, 6, None), Ok(RegionPlace::Fixed(0, 6, None)));
    assert_eq!(place(&t, &m, 0, 6, Some("Quetta")), Ok(RegionPlace::Fixed(0, 6, None)));
    let e = place(&t, &m, 0, 6, Some("Quetto")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TextMismatch);
}

#[test]
fn the_text_tells_code_points_from_utf16() {
    let (t, m) = text();
    // “ISIS” is code points 12..16, UTF-16 units 13..17.
    assert_eq!(place(&t, &m, 12, 16, Some("ISIS")), Ok(RegionPlace::Fixed(12, 16, Some(Offsets::CodePoints))));
    assert_eq!(place(&t, &m, 13, 17, Some("ISIS")), Ok(RegionPlace::Fixed(12, 16, Some(Offsets::Utf16))));
    assert_eq!(
        place(&t, &m, 12, 16, None),
        Ok(RegionPlace::Open { code_points: Some((12, 16)), utf16: Some((11, 15)), has_text: false })
    );
}

#[test]
fn a_surrogate_half_is_explained_when_nothing_matches() {
    let (t, m) = text();
    // UTF-16 offset 8 is inside 😀; as code points 8..10 is " —".
    let e = place(&t, &m, 8, 10, Some("😀")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TextMismatch);
    assert!(e.help.iter().any(|h| h.contains("surrogate pair")), "{e:?}");
    assert_eq!(place(&t, &m, 8, 10, Some(" —")), Ok(RegionPlace::Fixed(8, 10, Some(Offsets::CodePoints))));
}

#[test]
fn line_breaks_may_be_stored_as_spaces_or_backslash_n() {
    let (t, m) = text();
    // "struck\nagain" is code points 18..30, UTF-16 units 19..31.
    let fixed = Ok(RegionPlace::Fixed(18, 30, Some(Offsets::CodePoints)));
    assert_eq!(place(&t, &m, 18, 30, Some("struck again")), fixed);
    assert_eq!(place(&t, &m, 18, 30, Some("struck\\nagain")), fixed);
    assert!(!same_text("  ", " ", true), "whitespace alone proves nothing");
}

#[test]
fn empty_reversed_and_huge_offsets_are_errors() {
    let (t, m) = text();
    assert_eq!(place(&t, &m, 5, 5, None).unwrap_err().kind, ErrorKind::Unsupported);
    assert_eq!(place(&t, &m, 6, 2, None).unwrap_err().kind, ErrorKind::Unsupported);
    let e = place(&t, &m, 0, u64::MAX, None).unwrap_err();
    assert!(e.message.contains("outside the text"), "{e:?}");
}

proptest::proptest! {
    #![proptest_config(concord_testkit::proptest_config(256))]
    #[test]
    fn placements_lie_inside_the_text(start in 0u64..120, len in 0u64..40, take in proptest::option::of(0usize..30)) {
        let (t, m) = text();
        let end = start + len;
        let expected: Option<String> = take.map(|n| TEXT.chars().skip(n).take(4).collect());
        match place(&t, &m, start, end, expected.as_deref()) {
            Ok(RegionPlace::Fixed(s, e, _)) => proptest::prop_assert!(s < e && e <= t.len_chars()),
            Ok(RegionPlace::Open { code_points, utf16, .. }) => {
                for (s, e) in code_points.into_iter().chain(utf16) {
                    proptest::prop_assert!(s < e && e <= t.len_chars());
                }
            }
            Err(_) => {}
        }
    }
}

#[test]
fn xml_attributes_are_escaped() {
    assert_eq!(xml_attribute("A&B \"<x>\""), "A&amp;B &quot;&lt;x&gt;&quot;");
}
