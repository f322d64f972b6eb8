//! Writing strings as YAML scalars that read back exactly, in any parser.
//!
//! The rule is deliberately small enough to prove rather than clever:
//! - a string is written **plain** only when every character is one that no YAML 1.1 or 1.2
//!   parser treats specially anywhere in a scalar, the first character is not an indicator or
//!   a digit, and the whole cannot resolve to a non-string (`true`, `null`, `no`, `.inf`…);
//! - everything else is **double-quoted**, where YAML defines an escape for every character, and
//!   every character that is not printable, is a line break in either YAML version (U+0085,
//!   U+2028, U+2029), is white space other than the ASCII space, or is a byte-order mark is
//!   written as an escape. Invisible characters thus become visible in the file, too.
//!
//! Plain scalars are for block context (`key: value`, `- value`), where concord writes values.
//! A test reads back every Unicode scalar value, alone and inside text, with both parsers
//! concord uses (saphyr's, and yaml_serde's libyaml).

use std::fmt::Write as _;

/// `text` as a YAML scalar for block context (plain when provably safe, else double-quoted)
/// that reads back as exactly `text`.
pub fn string_scalar(text: &str) -> String {
    if plain_is_safe(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c == ' ' || (is_printable(c) && !c.is_whitespace()) => out.push(c),
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// YAML's `c-printable` (1.2, § 5.1) less the byte-order mark, which parsers may drop.
fn is_printable(c: char) -> bool {
    matches!(u32::from(c), 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF) && c != '\u{FEFF}'
}

fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else { return false };
    // Inside a block plain scalar only `: ` and ` #` mean something; a first character can be an
    // indicator, a number or a null. Anything else YAML could read differently is quoted.
    let safe_char = |c: char| match c {
        '"' => false,
        ' ' => true,
        c if c.is_ascii() => c.is_ascii_graphic(),
        c => is_printable(c) && !c.is_whitespace(),
    };
    let starts_well = !first.is_ascii_digit() && !"-?:,[]{}#&*!|>'\"%@` +.~".contains(first);
    starts_well
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && text.chars().all(safe_char)
        && !resolves_to_non_string(text)
}

/// Words some YAML version reads as a boolean or null when plain (1.1 included: `yes`, `off`).
fn resolves_to_non_string(text: &str) -> bool {
    matches!(text.to_ascii_lowercase().as_str(), "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_texts_stay_plain() {
        for text in ["ISIS", "Islamic State (IS)", "al-Qaeda’s", "“Daesh”", "Khorasan Province", "😀 🇵🇰", "U.S."]
        {
            assert_eq!(string_scalar(text), text);
        }
    }

    #[test]
    fn everything_special_is_quoted() {
        assert_eq!(string_scalar(""), "\"\"");
        assert_eq!(string_scalar("2014"), "\"2014\"");
        assert_eq!(string_scalar("no"), "\"no\"");
        assert_eq!(string_scalar("a: b"), "\"a: b\"");
        assert_eq!(string_scalar("Lahore, Punjab"), "Lahore, Punjab");
        assert_eq!(string_scalar("a #b"), "\"a #b\"");
        assert_eq!(string_scalar(" x"), "\" x\"");
        assert_eq!(string_scalar("a\u{2028}b"), "\"a\\Lb\"");
        assert_eq!(string_scalar("\u{FEFF}"), "\"\\uFEFF\"");
        assert_eq!(string_scalar("\u{A0}"), "\"\\u00A0\"");
        assert_eq!(string_scalar("\u{1F}"), "\"\\u001F\"");
        assert_eq!(string_scalar("\u{FFFF}"), "\"\\uFFFF\"");
        assert_eq!(string_scalar("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
    }
}
