//! The corpus an import is checked against: which corpus document an input document is, and
//! whether its text is byte for byte the same.
//!
//! An input names its document (a brat file stem, a Label Studio `data.document`, a TSV file
//! name) or carries only its text; either way the text, when the format carries it, must hash to
//! the corpus document's sha256, or the import stops and says where the two first differ.

use std::collections::{BTreeMap, HashMap};

use concord_schema::{Document, Text};

use crate::error::{ConvertError, ErrorKind, Location};

/// Every corpus document, by id and by the sha256 of its text.
#[derive(Debug, Default)]
pub struct Corpus {
    documents: BTreeMap<String, Document>,
    by_hash: HashMap<String, String>,
}

impl Corpus {
    /// Reads every document of `root/corpus` (in parallel).
    pub fn load(project: &concord_validate::Project) -> Result<Corpus, ConvertError> {
        let (documents, diagnostics) = project.read_documents(project.corpus.paths.keys().map(String::as_str));
        if let Some(d) = diagnostics.first() {
            return Err(ConvertError::at(
                ErrorKind::Project,
                Location::at(&d.file, d.line as usize, d.column as usize),
                d.message.clone(),
            ));
        }
        Ok(Corpus::from_documents(documents.into_values().flatten()))
    }

    pub fn from_documents(documents: impl IntoIterator<Item = Document>) -> Corpus {
        let mut corpus = Corpus::default();
        for doc in documents {
            corpus.by_hash.entry(doc.sha256.clone()).or_insert_with(|| doc.id.clone());
            corpus.documents.insert(doc.id.clone(), doc);
        }
        corpus
    }

    pub fn get(&self, id: &str) -> Option<&Document> {
        self.documents.get(id)
    }

    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.documents.values()
    }

    /// The corpus id a file or document name stands for: the name itself, or the name without
    /// its extension (`001_x.txt`, as INCEpTION and Label Studio name uploaded files).
    pub fn id_for_name(&self, name: &str) -> Option<&str> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        if let Some((id, _)) = self.documents.get_key_value(base) {
            return Some(id);
        }
        let stem = base.rsplit_once('.').map(|(stem, _)| stem)?;
        self.documents.get_key_value(stem).map(|(id, _)| id.as_str())
    }

    /// The corpus document an input document is.
    ///
    /// - `name` given and known: that document; `text`, when given, must equal it.
    /// - otherwise `text` must be given and equal some document (by sha256).
    ///
    /// `at` is where the input document starts, for the error.
    pub fn match_document(
        &self,
        name: Option<&str>,
        text: Option<&str>,
        at: &Location,
    ) -> Result<&Document, ConvertError> {
        let named = name.and_then(|n| self.id_for_name(n)).and_then(|id| self.documents.get(id));
        match (named, text) {
            (Some(doc), None) => Ok(doc),
            (Some(doc), Some(text)) => {
                if doc.has_text(text) {
                    Ok(doc)
                } else {
                    Err(self.mismatch(doc, text, at))
                }
            }
            (None, Some(text)) => {
                let hash = concord_schema::sha256_hex(text.as_bytes());
                if let Some(doc) = self.by_hash.get(&hash).and_then(|id| self.documents.get(id)) {
                    return Ok(doc);
                }
                let what = match name {
                    Some(n) => format!("document `{n}` is not in the corpus, and its text matches no corpus document"),
                    None => "this document's text matches no corpus document".to_owned(),
                };
                let mut e = ConvertError::at(ErrorKind::TextMismatch, at.clone(), what);
                if let Some(doc) = self.nearest(text) {
                    e = e.help(format!("the nearest is `{}`: {}", doc.id, first_difference(doc.text.as_str(), text)));
                }
                Err(e.help("concord imports annotations of its own corpus: add the document to corpus/ first"))
            }
            (None, None) => Err(ConvertError::at(
                ErrorKind::TextMismatch,
                at.clone(),
                match name {
                    Some(n) => format!("document `{n}` is not in the corpus"),
                    None => "this input names no document and carries no text".to_owned(),
                },
            )
            .help(format!("corpus documents: {}", self.list()))),
        }
    }

    fn mismatch(&self, doc: &Document, text: &str, at: &Location) -> ConvertError {
        ConvertError::at(
            ErrorKind::TextMismatch,
            at.clone(),
            format!("the text of document `{}` differs from {}", doc.id, doc.path.display()),
        )
        .help(first_difference(doc.text.as_str(), text))
        .help("the offsets were made against other text; import stopped, nothing was written")
    }

    /// The document sharing the longest prefix with `text`.
    fn nearest(&self, text: &str) -> Option<&Document> {
        self.documents
            .values()
            .map(|d| (common_prefix(d.text.as_str(), text), d))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n)
            .map(|(_, d)| d)
    }

    fn list(&self) -> String {
        let ids: Vec<&str> = self.documents.keys().map(String::as_str).take(10).collect();
        let more = self.documents.len().saturating_sub(ids.len());
        if more > 0 { format!("{}, and {more} more", ids.join(", ")) } else { ids.join(", ") }
    }
}

/// Where `text` does occur in `doc`, nearest to code point `near` first, as a help line for a
/// text-mismatch error; `None` when it occurs nowhere.
pub fn where_it_occurs(doc: &Document, text: &str, near: usize) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    let places = concord_validate::resolve::nearest_places(&doc.text, text, near, 3);
    if places.is_empty() {
        return None;
    }
    let len = text.chars().count();
    let shown: Vec<String> = places.iter().map(|&p| format!("[{p}, {})", p + len)).collect();
    Some(format!("{text:?} occurs in `{}` at {} (nearest first)", doc.id, shown.join(", ")))
}

/// Bytes shared at the start of `a` and `b`, backed up to a char boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..=n).rev().find(|&i| a.is_char_boundary(i)).unwrap_or(0)
}

/// Where two texts first differ, as the corpus line:column and a short excerpt of each.
pub fn first_difference(corpus: &str, input: &str) -> String {
    let byte = common_prefix(corpus, input);
    let text = Text::new(corpus.to_owned());
    let offset = text.char_of_byte(byte);
    let (line, column) = text.line_col(offset);
    let show = |s: &str| -> String {
        let tail: String = s[byte..].chars().take(30).collect();
        if tail.is_empty() { "the end of the text".to_owned() } else { format!("{tail:?}") }
    };
    format!(
        "they first differ at code point {offset} (corpus line {line}, column {column}): the corpus has {}, the input has {}",
        show(corpus),
        show(input)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        Corpus::from_documents([
            Document::from_text("001_a", "“ISIS” in Quetta — again…\nsecond line".into()),
            Document::from_text("002_b", "Another 😀 text".into()),
        ])
    }

    #[test]
    fn names_with_an_extension_find_their_document() {
        let c = corpus();
        assert_eq!(c.id_for_name("001_a.txt"), Some("001_a"));
        assert_eq!(c.id_for_name("dir/002_b"), Some("002_b"));
        assert_eq!(c.id_for_name("003"), None);
    }

    #[test]
    fn text_alone_finds_its_document_by_hash() {
        let c = corpus();
        let at = Location::file("in.json");
        assert_eq!(c.match_document(None, Some("Another 😀 text"), &at).map(|d| d.id.as_str()), Ok("002_b"));
        assert_eq!(c.match_document(Some("task-7"), Some("Another 😀 text"), &at).map(|d| d.id.as_str()), Ok("002_b"));
    }

    #[test]
    fn a_changed_text_stops_the_import_and_says_where() {
        let c = corpus();
        let at = Location::at("in.json", 3, 5);
        let e = c.match_document(Some("001_a"), Some("“ISIS” in Quetta – again…\nsecond line"), &at).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TextMismatch);
        let shown = e.to_string();
        assert!(shown.starts_with("in.json:3:5: the text of document `001_a` differs"), "{shown}");
        assert!(shown.contains("code point 17 (corpus line 1, column 18)"), "{shown}");
        let e = c.match_document(None, Some("“ISIS” in Quetta"), &at).unwrap_err();
        assert!(e.to_string().contains("the nearest is `001_a`"), "{e}");
    }
}
