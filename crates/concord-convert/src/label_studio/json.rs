//! Typed values out of serde_json's raw values, each error placed at its value.
//!
//! The reader parses the file once into `&RawValue`s (slices of the source) and then reads each
//! field as it needs it, so every complaint — a string where a number belongs, a missing `data`
//! — can name the line and column of that very value through the file's [`SourceMap`], and a
//! field the format does not use is never decoded.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use crate::error::{ConvertError, Location};
use crate::source_map::SourceMap;

/// A JSON object's fields, undecoded.
pub(super) type JsonObject<'a> = BTreeMap<String, &'a RawValue>;

/// What a JSON value is, from its first character (the value is known to be well-formed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum JsonKind {
    Object,
    Array,
    String,
    Boolean,
    Null,
    Number,
}

pub(super) fn kind_of(raw: &RawValue) -> JsonKind {
    match raw.get().trim_start().as_bytes().first() {
        Some(b'{') => JsonKind::Object,
        Some(b'[') => JsonKind::Array,
        Some(b'"') => JsonKind::String,
        Some(b't' | b'f') => JsonKind::Boolean,
        Some(b'n') => JsonKind::Null,
        _ => JsonKind::Number,
    }
}

/// A value for a message: its kind, or the number itself.
fn describe(raw: &RawValue) -> String {
    match kind_of(raw) {
        JsonKind::Object => "an object".to_owned(),
        JsonKind::Array => "an array".to_owned(),
        JsonKind::String => "a string".to_owned(),
        JsonKind::Boolean => "a boolean".to_owned(),
        JsonKind::Null => "null".to_owned(),
        JsonKind::Number => format!("`{}`", raw.get()),
    }
}

/// Names for a message: `` `a`, `b` ``.
pub(super) fn quoted<S: AsRef<str>>(names: &[S]) -> String {
    names.iter().map(|n| format!("`{}`", n.as_ref())).collect::<Vec<_>>().join(", ")
}

/// Reads the raw values of one file, placing every error at the value it is about.
#[derive(Clone, Copy)]
pub(super) struct JsonValues<'a> {
    pub(super) map: &'a SourceMap<'a>,
}

impl<'a> JsonValues<'a> {
    /// The whole file, parsed just deep enough to know its top-level value.
    pub(super) fn root(self) -> Result<&'a RawValue, ConvertError> {
        let source = self.map.source();
        serde_json::from_str(source).map_err(|e| self.map.json_error(source, &e))
    }

    pub(super) fn at(self, raw: &RawValue) -> Location {
        self.map.at_slice(raw.get())
    }

    pub(super) fn wrong_type(self, raw: &RawValue, what: &str, expected: &str) -> ConvertError {
        ConvertError::syntax(self.at(raw), format!("{what} must be {expected}, not {}", describe(raw)))
    }

    pub(super) fn object(self, raw: &'a RawValue, what: &str) -> Result<JsonObject<'a>, ConvertError> {
        if kind_of(raw) != JsonKind::Object {
            return Err(self.wrong_type(raw, what, "an object"));
        }
        serde_json::from_str(raw.get()).map_err(|e| self.map.json_error(raw.get(), &e))
    }

    /// An array's items; `null` reads as no items.
    pub(super) fn array(self, raw: &'a RawValue, what: &str) -> Result<Vec<&'a RawValue>, ConvertError> {
        match kind_of(raw) {
            JsonKind::Null => Ok(Vec::new()),
            JsonKind::Array => serde_json::from_str(raw.get()).map_err(|e| self.map.json_error(raw.get(), &e)),
            _ => Err(self.wrong_type(raw, what, "an array")),
        }
    }

    pub(super) fn string(self, raw: &RawValue, what: &str) -> Result<String, ConvertError> {
        serde_json::from_str(raw.get()).map_err(|_| self.wrong_type(raw, what, "a string"))
    }

    /// Each item of an array of strings.
    pub(super) fn strings(self, raw: &'a RawValue, what: &str, each: &str) -> Result<Vec<String>, ConvertError> {
        self.array(raw, what)?.into_iter().map(|r| self.string(r, each)).collect()
    }

    pub(super) fn whole_number(self, raw: &RawValue, what: &str) -> Result<u64, ConvertError> {
        serde_json::from_str(raw.get()).map_err(|_| {
            let e = self.wrong_type(raw, what, "a whole number ≥ 0");
            let is_offset = what == "`start`" || what == "`end`";
            if is_offset && kind_of(raw) == JsonKind::String {
                e.help("a string offset is an XPath into HTML (a HyperText region); concord imports <Text> regions")
            } else {
                e
            }
        })
    }

    /// A flag that may be missing or `null` (both false).
    pub(super) fn flag(self, raw: Option<&RawValue>, what: &str) -> Result<bool, ConvertError> {
        match raw {
            None => Ok(false),
            Some(r) if kind_of(r) == JsonKind::Null => Ok(false),
            Some(r) => serde_json::from_str(r.get()).map_err(|_| self.wrong_type(r, what, "true or false")),
        }
    }
}
