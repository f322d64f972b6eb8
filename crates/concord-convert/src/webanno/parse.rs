//! Reading one file: the line-by-line state machine (header, blank lines, sentence headers,
//! token lines), the checks that tie every token and sentence to the corpus text, and the
//! choice of the span layer whose labels are kept.
//!
//! Every piece the reader looks at is a slice of the source (a line, a field, a stacked value),
//! and the file's one [`SourceMap`] says where a slice stands: no column is counted here. Offsets
//! are converted from UTF-16 once per token line; a place is only looked up when it is needed
//! for an annotation, a first occurrence or an error.

use std::path::Path;

use concord_schema::Document;

use crate::error::{ConvertError, ErrorKind};
use crate::import::ImportedSpan;
use crate::notice::Notice;
use crate::offsets::{Utf16Error, Utf16Map};
use crate::source_map::SourceMap;

use super::escape::unescape_text;
use super::header::{Layer, LayerChoice, parse_format, parse_layer};
use super::spans::Collected;
use super::{DKPRO_TYPES, NAMED_ENTITY, TEXT_PREFIX};

/// What a file gives: its spans in code points of the document, and what was not taken.
#[derive(Debug)]
pub(super) struct Parsed {
    pub(super) spans: Vec<ImportedSpan>,
    pub(super) notices: Vec<Notice>,
}

/// A token or sub-token line, its offsets in code points of the corpus document.
#[derive(Clone, Copy, Debug)]
pub(super) struct UnitLine<'a> {
    pub(super) begin: usize,
    pub(super) end: usize,
    /// Index of the token (for a sub-token: of its token) in the whole file.
    pub(super) token: usize,
    pub(super) line: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Header,
    /// After a blank line: a sentence header may start.
    Between,
    SentenceHeader,
    Tokens,
}

/// The last token line read.
#[derive(Clone, Copy, Debug)]
struct LastToken<'a> {
    sentence: usize,
    token: usize,
    begin: usize,
    end: usize,
    line: &'a str,
}

struct Parser<'a> {
    map: SourceMap<'a>,
    doc: &'a Document,
    /// `--layer`: which span layer (and feature) gives the labels; `None` for the default rule.
    choice: Option<&'a LayerChoice>,
    /// The index of the layer `choice` names, once its declaration is read.
    chosen: Option<usize>,
    offsets: Utf16Map,
    /// Check `#Text` against the corpus (format 3.3 and later, whose escaping is defined).
    check_text: bool,
    layers: Vec<Layer>,
    columns: usize,
    collected: Collected<'a>,
    /// The current sentence's `#Text=` lines: (the whole line, the text after the prefix).
    sentence_lines: Vec<(&'a str, &'a str)>,
    last_token: Option<LastToken<'a>>,
    tokens: usize,
}

fn parse_number(s: &str) -> Option<usize> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `1-3` → (1, 3, None); `1-3.2` → (1, 3, Some(2)).
fn parse_unit_id(id: &str) -> Option<(usize, usize, Option<usize>)> {
    let (sentence, rest) = id.split_once('-')?;
    let (token, sub) = match rest.split_once('.') {
        Some((t, s)) => (t, Some(parse_number(s)?)),
        None => (rest, None),
    };
    Some((parse_number(sentence)?, parse_number(token)?, sub))
}

/// Reads the file `path` holding `source` against the corpus document `doc`; `choice` is
/// `--layer`, `None` for the default rule (see the module documentation).
pub(super) fn parse(
    path: &Path,
    source: &str,
    doc: &Document,
    choice: Option<&LayerChoice>,
) -> Result<Parsed, ConvertError> {
    let map = SourceMap::new(path, source);
    let mut lines = source.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().unwrap_or_default();
    let minor = parse_format(first, &map)?;
    let mut parser = Parser {
        map,
        doc,
        choice,
        chosen: None,
        offsets: Utf16Map::new(doc.text.as_str()),
        check_text: minor >= 3,
        layers: Vec::new(),
        columns: 0,
        collected: Collected::default(),
        sentence_lines: Vec::new(),
        last_token: None,
        tokens: 0,
    };
    let mut state = State::Header;
    for line in lines {
        state = parser.line(state, line)?;
    }
    if state == State::SentenceHeader {
        let at = parser.sentence_lines.last().map_or_else(|| parser.map.file(), |(line, _)| parser.map.at_slice(line));
        return Err(ConvertError::syntax(at, "a sentence without token lines"));
    }
    parser.finish()
}

impl<'a> Parser<'a> {
    fn line(&mut self, state: State, line: &'a str) -> Result<State, ConvertError> {
        let blank = line.trim().is_empty();
        match state {
            State::Header if blank => Ok(State::Between),
            State::Header => match parse_layer(line, self.columns, &self.map)? {
                Some(mut layer) => {
                    if let Some(choice) = self.choice.filter(|c| c.matches(&layer)) {
                        layer.label_override = choice.feature_column(&layer, self.map.at_slice(line))?;
                        self.chosen = Some(self.layers.len());
                    }
                    self.columns += layer.columns.len();
                    self.collected.declare(self.layers.len(), &layer);
                    self.layers.push(layer);
                    Ok(State::Header)
                }
                None => Err(ConvertError::syntax(
                    self.map.at_slice(line),
                    "expected a layer declaration (`#T_SP=`, `#T_CH=`, `#T_RL=`) or the blank lines that end the header",
                )),
            },
            _ if blank => match state {
                State::SentenceHeader => {
                    Err(ConvertError::syntax(self.map.at_slice(line), "a sentence without token lines"))
                }
                _ => Ok(State::Between),
            },
            State::Between | State::SentenceHeader if line.starts_with('#') => {
                if state == State::Between {
                    self.sentence_lines.clear();
                }
                // `#Sentence.id=` and any other sentence header line carry nothing concord keeps.
                if let Some(text) = line.strip_prefix(TEXT_PREFIX) {
                    self.sentence_lines.push((line, text));
                }
                Ok(State::SentenceHeader)
            }
            State::Between => Err(ConvertError::syntax(
                self.map.at_slice(line),
                "expected a sentence header (`#Text=…`) after the blank line, before token lines",
            )),
            State::Tokens if line.starts_with('#') => Err(ConvertError::syntax(
                self.map.at_slice(line),
                "a sentence header must follow a blank line that ends the previous sentence",
            )),
            State::SentenceHeader | State::Tokens => {
                self.token_line(state == State::SentenceHeader, line)?;
                Ok(State::Tokens)
            }
        }
    }

    /// The code point of UTF-16 offset `unit`, written in the field `field`.
    fn offset(&self, unit: usize, field: &str) -> Result<usize, ConvertError> {
        self.offsets.to_code_point(unit).map_err(|e| {
            let what = match e {
                Utf16Error::InsideSurrogatePair { .. } => format!("offset {unit} (UTF-16): {e}"),
                Utf16Error::PastEnd { .. } => {
                    format!("offset {unit} is past the end of document `{}`: {e}", self.doc.id)
                }
            };
            ConvertError::at(ErrorKind::Unsupported, self.map.at_slice(field), what)
        })
    }

    /// The line number of `line`, for messages that point back to an earlier line.
    fn line_no(&self, line: &str) -> usize {
        self.map.at_slice(line).line
    }

    fn token_line(&mut self, first_of_sentence: bool, line: &'a str) -> Result<(), ConvertError> {
        let fields: Vec<&'a str> = line.split('\t').collect();
        let expected = 3 + self.columns;
        if fields.len() < expected {
            return Err(ConvertError::syntax(
                self.map.at_slice(&line[line.len()..]),
                format!(
                    "expected {expected} tab-separated fields (id, offsets, token and the {} column(s) the header declares), found {}",
                    self.columns,
                    fields.len()
                ),
            ));
        }
        if let Some(f) = fields[expected..].iter().find(|f| !f.is_empty()) {
            return Err(ConvertError::syntax(
                self.map.at_slice(f),
                format!("`{f}` is in a column the header does not declare (it declares {})", self.columns),
            ));
        }
        let id = fields[0];
        let Some((sentence, token, sub)) = parse_unit_id(id) else {
            return Err(ConvertError::syntax(
                self.map.at_slice(line),
                format!("`{id}` is not a token id (`sentence-token`, or `sentence-token.sub` for a sub-token)"),
            ));
        };
        let offsets = fields[1];
        let parsed = offsets.split_once('-').and_then(|(b, e)| Some((parse_number(b)?, parse_number(e)?)));
        let Some((begin16, end16)) = parsed.filter(|(b, e)| b <= e) else {
            return Err(ConvertError::syntax(
                self.map.at_slice(offsets),
                format!("`{offsets}` are not offsets (`begin-end`, begin ≤ end, in UTF-16 code units)"),
            ));
        };
        let begin = self.offset(begin16, offsets)?;
        let end = self.offset(end16, offsets)?;

        match sub {
            None => {
                if let Some(prev) = self.last_token
                    && begin < prev.end
                {
                    return Err(ConvertError::syntax(
                        self.map.at_slice(offsets),
                        format!(
                            "token {id} starts before the end of token {}-{} (line {})",
                            prev.sentence,
                            prev.token,
                            self.line_no(prev.line)
                        ),
                    ));
                }
                self.last_token = Some(LastToken { sentence, token, begin, end, line });
                self.tokens += 1;
            }
            Some(_) => {
                let Some(parent) = self.last_token.filter(|t| (t.sentence, t.token) == (sentence, token)) else {
                    return Err(ConvertError::syntax(
                        self.map.at_slice(line),
                        format!("sub-token {id} does not follow its token {sentence}-{token}"),
                    ));
                };
                if begin < parent.begin || end > parent.end {
                    return Err(ConvertError::syntax(
                        self.map.at_slice(offsets),
                        format!(
                            "sub-token {id} lies outside its token {sentence}-{token} (line {})",
                            self.line_no(parent.line)
                        ),
                    ));
                }
                if first_of_sentence {
                    return Err(ConvertError::syntax(self.map.at_slice(line), "a sentence starts with a sub-token"));
                }
            }
        }

        let text = fields[2];
        let corpus_text = self.doc.text.slice(begin, end).unwrap_or_default();
        if text != corpus_text {
            return Err(ConvertError::at(
                ErrorKind::TextMismatch,
                self.map.at_slice(text),
                format!(
                    "token {id} is {text:?} here, but document `{}` has {corpus_text:?} at {offsets} (code points {begin}-{end})",
                    self.doc.id
                ),
            )
            .help("the file was made from another version of the text; import stopped, nothing was written"));
        }
        if first_of_sentence && self.check_text {
            self.check_sentence(begin)?;
        }

        let unit = UnitLine { begin, end, token: self.tokens.saturating_sub(1), line };
        for (index, layer) in self.layers.iter().enumerate() {
            for offset in 0..layer.columns.len() {
                let cell = fields[3 + layer.first_column + offset];
                self.collected.cell(&self.map, index, layer, offset, cell, &unit)?;
            }
        }
        Ok(())
    }

    /// The sentence's `#Text` must be the corpus text from its first token on.
    fn check_sentence(&self, begin: usize) -> Result<(), ConvertError> {
        let corpus = self.doc.text.byte_of(begin).map_or("", |b| &self.doc.text.as_str()[b..]);
        let mut corpus_chars = corpus.chars();
        let mut checked = 0usize;
        for (n, &(line, raw)) in self.sentence_lines.iter().enumerate() {
            // The line break between two `#Text` lines is part of the sentence; a difference there
            // is shown at the start of the second line.
            let line_break = (n > 0).then_some(('\n', line));
            let text = unescape_text(raw).into_iter().map(|(c, i)| (c, &raw[i..]));
            for (c, written) in line_break.into_iter().chain(text) {
                if corpus_chars.next() != Some(c) {
                    let file_text: String = self.sentence_text().chars().skip(checked).take(30).collect();
                    let corpus_text: String = corpus.chars().skip(checked).take(30).collect();
                    return Err(ConvertError::at(
                        ErrorKind::TextMismatch,
                        self.map.at_slice(written),
                        format!(
                            "the sentence text differs from document `{}` at code point {}: the file has {file_text:?}, the corpus has {corpus_text:?}",
                            self.doc.id,
                            begin + checked
                        ),
                    )
                    .help("the file was made from another version of the text; import stopped, nothing was written"));
                }
                checked += 1;
            }
        }
        Ok(())
    }

    /// The sentence's text, its `#Text` lines joined by line breaks.
    fn sentence_text(&self) -> String {
        let lines: Vec<String> = self
            .sentence_lines
            .iter()
            .map(|(_, raw)| unescape_text(raw).into_iter().map(|(c, _)| c).collect())
            .collect();
        lines.join("\n")
    }

    /// The span layer that gives the labels: `--layer`'s, else NamedEntity, else the first custom
    /// layer with annotations.
    fn chosen_layer(&self) -> Result<Option<usize>, ConvertError> {
        if let Some(choice) = self.choice {
            return self.chosen.map(Some).ok_or_else(|| choice.not_declared(self.map.at_byte(0), &self.layers));
        }
        let candidates: Vec<usize> = (0..self.layers.len()).filter(|&i| self.collected.has_annotations(i)).collect();
        Ok(candidates
            .iter()
            .copied()
            .find(|&i| self.layers[i].type_name == NAMED_ENTITY)
            .or_else(|| candidates.iter().copied().find(|&i| !self.layers[i].type_name.starts_with(DKPRO_TYPES))))
    }

    fn finish(self) -> Result<Parsed, ConvertError> {
        let chosen = self.chosen_layer()?;
        Ok(self.collected.into_parsed(&self.layers, chosen))
    }
}
