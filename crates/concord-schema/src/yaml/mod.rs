//! A YAML tree that remembers where every value sits.
//!
//! Built from `saphyr-parser` events rather than `saphyr`'s own loader so that we can
//! refuse what annotation files never need and an attacker could abuse:
//! aliases (no "billion laughs" expansion, ever), nesting deeper than [`MAX_DEPTH`]
//! (no stack or memory blow-up), and several documents in one stream.
//! Duplicated mapping keys are kept, not dropped, so the validator can point at both.
//!
//! Positions are 1-based lines and 1-based columns counted in Unicode code points,
//! as editors show them.

mod emit;

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

pub use emit::string_scalar;

/// Deepest nesting accepted. Annotation files need 4 levels; 64 leaves room for anything sane.
pub const MAX_DEPTH: usize = 64;

/// A place in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in code points.
    pub column: u32,
    /// 0-based offset in code points from the start of the file.
    pub offset: u32,
}

impl Pos {
    fn from_marker(m: saphyr_parser::Marker) -> Pos {
        Pos { line: to_u32(m.line()), column: to_u32(m.col()).saturating_add(1), offset: to_u32(m.index()) }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A node and the range of the source it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub start: Pos,
    pub end: Pos,
}

/// Resolved YAML values (the YAML 1.2 core schema, minus what annotation files do not use).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    /// Entries in file order; duplicated keys are kept.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// What a user would call this kind of value, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// Entries of a mapping whose key is the string `key` (several when the key is duplicated).
    pub fn get_all<'a, 'k>(&'a self, key: &'k str) -> impl Iterator<Item = (&'a Node, &'a Node)> + use<'a, 'k> {
        let entries: &[(Node, Node)] = match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        };
        entries.iter().filter(move |(k, _)| matches!(&k.value, Value::String(s) if s == key)).map(|(k, v)| (k, v))
    }

    /// The first value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_all(key).next().map(|(_, v)| v)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Follows a JSON pointer (`/spans/3/start`) through maps and sequences.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for raw in pointer.split('/').skip(1) {
            let token = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Map(_) => node.get(&token)?,
                Value::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The same data as JSON, for JSON Schema validation. Duplicated keys keep the first value.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::String(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for (k, v) in entries {
                    let key = match &k.value {
                        Value::String(s) => s.clone(),
                        Value::Int(i) => i.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Float(f) => f.to_string(),
                        Value::Null => "null".to_owned(),
                        Value::Seq(_) | Value::Map(_) => continue,
                    };
                    map.entry(key).or_insert_with(|| v.to_json());
                }
                J::Object(map)
            }
        }
    }
}

/// Why a YAML source could not be read into a tree.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub kind: YamlErrorKind,
    pub message: String,
    pub pos: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The text is not well-formed YAML.
    Syntax,
    /// An alias (`*name`); refused so that no file can expand exponentially.
    Alias,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// More than one document (`---`) in the file.
    MultipleDocuments,
    /// The key of a mapping is itself a list or mapping.
    ComplexKey,
}

enum Frame {
    Seq { start: Pos, items: Vec<Node> },
    Map { start: Pos, entries: Vec<(Node, Node)>, key: Option<Node> },
}

/// Parses one YAML document. An empty file (or one with only comments) gives `Value::Null`.
pub fn parse(source: &str) -> Result<Node, YamlError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    let mut last = Pos { line: 1, column: 1, offset: 0 };
    for event in Parser::new_from_str(source) {
        let (event, span) = event.map_err(scan_error)?;
        let start = Pos::from_marker(span.start);
        last = start;
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        kind: YamlErrorKind::MultipleDocuments,
                        message: "a file holds one YAML document; found a second one".into(),
                        pos: start,
                    });
                }
                continue;
            }
            Event::Alias(_) => {
                return Err(YamlError {
                    kind: YamlErrorKind::Alias,
                    message: "YAML aliases (`*name`) are not allowed in annotation files; write the value out".into(),
                    pos: start,
                });
            }
            Event::Scalar(text, style, _anchor, tag) => scalar(text, style, tag.is_some(), span),
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        kind: YamlErrorKind::TooDeep,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        pos: start,
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq { start, items: Vec::new() }
                } else {
                    Frame::Map { start, entries: Vec::new(), key: None }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = Pos::from_marker(span.end);
                match stack.pop() {
                    Some(Frame::Seq { start, items }) => Node { value: Value::Seq(items), start, end },
                    Some(Frame::Map { start, entries, .. }) => Node { value: Value::Map(entries), start, end },
                    None => continue,
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
        };
        // Attach the finished node to its parent.
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    if matches!(node.value, Value::Seq(_) | Value::Map(_)) {
                        return Err(YamlError {
                            kind: YamlErrorKind::ComplexKey,
                            message: "a mapping key must be a plain value, not a list or mapping".into(),
                            pos: node.start,
                        });
                    }
                    *key = Some(node);
                }
                Some(k) => entries.push((k, node)),
            },
        }
    }
    Ok(root.unwrap_or(Node { value: Value::Null, start: last, end: last }))
}

fn scan_error(e: ScanError) -> YamlError {
    let pos = Pos::from_marker(*e.marker());
    if e.info().contains("recursion limit") {
        // The scanner's own guard on `[[[[...` nesting.
        return YamlError {
            kind: YamlErrorKind::TooDeep,
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
            pos,
        };
    }
    YamlError { kind: YamlErrorKind::Syntax, message: e.info().to_owned(), pos }
}

fn scalar(text: Cow<'_, str>, style: ScalarStyle, tagged: bool, span: Span) -> Node {
    let value =
        if style == ScalarStyle::Plain && !tagged { resolve_plain(&text) } else { Value::String(text.into_owned()) };
    Node { value, start: Pos::from_marker(span.start), end: Pos::from_marker(span.end) }
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let bytes = text.as_bytes();
    let first = bytes[0];
    if first.is_ascii_digit() || ((first == b'-' || first == b'+') && bytes.len() > 1) {
        // `007` or a digits-only hash: YAML dialects disagree (octal? decimal?), so keep the text.
        let leading_zero = first == b'0' && bytes.len() > 1 && bytes[1].is_ascii_digit();
        if leading_zero {
            return Value::String(text.to_owned());
        }
        if let Ok(i) = text.parse::<i64>() {
            return Value::Int(i);
        }
        if let Some(hex) = text.strip_prefix("0x")
            && let Ok(i) = i64::from_str_radix(hex, 16)
        {
            return Value::Int(i);
        }
        if let Some(oct) = text.strip_prefix("0o")
            && let Ok(i) = i64::from_str_radix(oct, 8)
        {
            return Value::Int(i);
        }
        // Digits only but too big for i64 (a hash, an id): keep the text rather than round it.
        let digits = text.trim_start_matches(['-', '+']);
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            return Value::String(text.to_owned());
        }
        if text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
            && let Ok(f) = text.parse::<f64>()
        {
            return Value::Float(f);
        }
    }
    Value::String(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_code_points() {
        let node = parse("a: “x”\nb: 2\n").expect("valid YAML");
        let b = node.get_all("b").next().expect("key b");
        assert_eq!((b.0.start.line, b.0.start.column), (2, 1));
        assert_eq!(b.1.value, Value::Int(2));
        assert_eq!(node.get("a").and_then(Node::as_str), Some("“x”"));
    }

    #[test]
    fn refuses_aliases() {
        let err = parse("a: &x [1, 2]\nb: *x\n").expect_err("alias");
        assert_eq!(err.kind, YamlErrorKind::Alias);
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn refuses_deep_nesting_without_recursing() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse(&deep).expect_err("too deep").kind, YamlErrorKind::TooDeep);
        let block: String = (0..100).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
        let err = parse(&block).expect_err("too deep");
        assert_eq!((err.kind, err.pos.line), (YamlErrorKind::TooDeep, 65));
    }

    #[test]
    fn keeps_duplicate_keys() {
        let node = parse("a: 1\na: 2\n").expect("parses");
        assert_eq!(node.get_all("a").count(), 2);
    }

    #[test]
    fn resolves_scalars_like_yaml_1_2() {
        let node = parse("[1, -3, '4', 2.5, ~, true, 0x10, abc, 99999999999999999999]").expect("parses");
        let Value::Seq(items) = node.value else { panic!("not a list") };
        let values: Vec<Value> = items.into_iter().map(|n| n.value).collect();
        assert_eq!(
            values,
            vec![
                Value::Int(1),
                Value::Int(-3),
                Value::String("4".into()),
                Value::Float(2.5),
                Value::Null,
                Value::Bool(true),
                Value::Int(16),
                Value::String("abc".into()),
                Value::String("99999999999999999999".into())
            ]
        );
    }

    #[test]
    fn syntax_error_has_a_position() {
        let err = parse("a: [1, 2\nb: 3\n").expect_err("unclosed");
        assert_eq!(err.kind, YamlErrorKind::Syntax);
        assert!(err.pos.line >= 1);
    }

    #[test]
    fn second_document_is_refused() {
        let err = parse("a: 1\n---\nb: 2\n").expect_err("two docs");
        assert_eq!(err.kind, YamlErrorKind::MultipleDocuments);
    }

    #[test]
    fn json_pointer_walks_the_tree() {
        let node = parse("spans:\n  - start: 3\n  - start: 4\n").expect("parses");
        let n = node.pointer("/spans/1/start").expect("exists");
        assert_eq!((n.value.clone(), n.start.line), (Value::Int(4), 3));
    }
}
