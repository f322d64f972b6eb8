//! The format's escapes, and the separators they protect: feature values (`\ [ ] | _ -> ; * ⇥ ↵`
//! behind a backslash), `#Text=` lines (backslash, tab, line breaks, control characters), stacks
//! (`A|B`) and disambiguation ids (`PER[3]`).
//!
//! Reading and writing share this file so that the two directions cannot drift apart (the round
//! trip is a property test). Splitting returns slices of the cell, never copies or byte counts,
//! so the reader can ask its `SourceMap` where each piece stands.

/// A feature value as the format writes it: `\ [ ] | _ -> ; * tab newline` behind a backslash.
pub(super) fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 4);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '[' | ']' | '|' | '_' | ';' | '*' => {
                out.push('\\');
                out.push(c);
            }
            '-' if chars.peek() == Some(&'>') => {
                chars.next();
                out.push_str("\\->");
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// The inverse of [`escape_value`]; a backslash before anything else stays, as INCEpTION reads it.
pub(super) fn unescape_value(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some(e @ ('\\' | '[' | ']' | '|' | '_' | ';' | '*')) => {
                chars.next();
                out.push(e);
            }
            Some('t') => {
                chars.next();
                out.push('\t');
            }
            Some('n') => {
                chars.next();
                out.push('\n');
            }
            Some('-') => {
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek() == Some(&'>') {
                    chars.next();
                    chars.next();
                    out.push_str("->");
                } else {
                    out.push('\\');
                }
            }
            _ => out.push('\\'),
        }
    }
    out
}

/// Control characters other than tab, line feed, vertical tab, form feed, carriage return and
/// backspace are escaped by a backslash before the raw character (INCEpTION's `escapeText`).
fn is_raw_escaped_control(c: char) -> bool {
    (c as u32) < 32 && !(8..=13).contains(&(c as u32))
}

/// One line of sentence text as a `#Text=` line writes it.
pub(super) fn escape_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            c if is_raw_escaped_control(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The text of a `#Text=` line, each character with the byte offset in `raw` it comes from (so
/// a difference from the corpus is placed on the escape that wrote it).
pub(super) fn unescape_text(raw: &str) -> Vec<(char, usize)> {
    let mut out = Vec::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push((c, i));
            continue;
        }
        let unescaped = match chars.peek().map(|&(_, e)| e) {
            Some('\\') => Some('\\'),
            Some('t') => Some('\t'),
            Some('n') => Some('\n'),
            Some('f') => Some('\u{c}'),
            Some('r') => Some('\r'),
            Some('b') => Some('\u{8}'),
            Some(e) if is_raw_escaped_control(e) => Some(e),
            _ => None,
        };
        match unescaped {
            Some(u) => {
                chars.next();
                out.push((u, i));
            }
            None => out.push(('\\', i)),
        }
    }
    out
}

/// The characters of `cell` that are not escaped, with their byte offsets (a backslash and the
/// character after it are skipped).
fn unescaped_chars(cell: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut chars = cell.char_indices();
    std::iter::from_fn(move || {
        loop {
            let (i, c) = chars.next()?;
            if c == '\\' {
                chars.next();
                continue;
            }
            return Some((i, c));
        }
    })
}

/// The stacked values of a cell (`A[1]|B[2]`), slices of `cell`.
pub(super) fn split_stack(cell: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut start = 0;
    for (i, c) in unescaped_chars(cell) {
        if c == '|' {
            items.push(&cell[start..i]);
            start = i + 1;
        }
    }
    items.push(&cell[start..]);
    items
}

/// A stacked value without its disambiguation id (`PER[3]` → `PER`, 3).
pub(super) fn split_id(item: &str) -> Result<(&str, Option<u32>), String> {
    let mut last = None;
    let mut open = None;
    for (i, c) in unescaped_chars(item) {
        last = Some((i, c));
        if c == '[' {
            open = Some(i);
        }
    }
    let Some((close, ']')) = last else { return Ok((item, None)) };
    let Some(open) = open.filter(|&o| o < close) else {
        return Err(format!("`{item}` ends in a `]` without its `[`: write a literal `]` as `\\]`"));
    };
    let digits = &item[open + 1..close];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`[{digits}]` is not a disambiguation id (a number): write a literal `[` as `\\[`"));
    }
    let id = digits.parse::<u32>().map_err(|_| format!("disambiguation id `{digits}` is too large"))?;
    Ok((&item[..open], Some(id)))
}
