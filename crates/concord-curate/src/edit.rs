//! Applying a plan's edits to a gold file's text, in place: the positioned tree says where each
//! entry starts and where its last value ends, and only those bytes change. Comments, quoting,
//! key order and untouched entries stay byte for byte.
//!
//! Design choices:
//! - **Whole lines**: an entry is removed from the start of its `- ` line to the end of the line
//!   of its last value; an entry is inserted before the first entry whose key sorts after it, or
//!   after the last one, rendered by `render` at the indentation the list already uses.
//! - **Refuse rather than guess**: where an edit needs a construct this editor cannot change
//!   safely (a flow mapping `{…}` that needs a key, a non-empty flow list that needs an entry,
//!   block-style `votes`), it stops with the file, line and column, and nothing is written.
//! - Edits are applied from the end of the file backwards, so earlier byte offsets stay valid.

use std::path::Path;

use concord_schema::Text;
use concord_schema::gold::GoldRecord;
use concord_schema::yaml::{Node, Value};

use crate::CurateError;
use crate::plan::{Entry, GoldEdit};
use crate::propose::{CandidateKey, key_of};
use crate::render::{flow_list, render_candidate, render_curation, render_question, render_span};

/// A text change: replace `from..to` (bytes) with `text`; `seq` orders insertions at one place.
#[derive(Debug)]
struct Change {
    from: usize,
    to: usize,
    seq: usize,
    text: String,
}

struct Editor<'a> {
    path: &'a Path,
    source: &'a str,
    chars: Text,
    changes: Vec<Change>,
}

/// Applies `edits` (planned against `record`, read from `source` as `tree`) and returns the new text.
pub fn apply_edits(
    path: &Path,
    source: &str,
    tree: &Node,
    record: &GoldRecord,
    edits: &[GoldEdit],
) -> Result<String, CurateError> {
    if edits.is_empty() {
        return Ok(source.to_owned());
    }
    let mut ed = Editor { path, source, chars: Text::new(source.to_owned()), changes: Vec::new() };
    if ed.is_flow(tree) {
        return Err(ed.refuse(tree, "the gold file is one flow mapping `{…}`"));
    }
    for edit in edits {
        match edit {
            GoldEdit::Curation(c) => {
                let (key, value) = top(tree, "curation").ok_or_else(|| ed.refuse(tree, "no `curation` key"))?;
                let from = ed.line_start(ed.byte(key.start.offset));
                let to = ed.line_end(ed.content_end(value));
                ed.push(from, to, render_curation(c));
            }
            GoldEdit::SpanVotes { span, votes } => {
                let item = item(tree, "spans", *span).ok_or_else(|| ed.refuse(tree, "no such span"))?;
                ed.replace_votes(item, votes)?;
            }
            GoldEdit::CandidateVotes { question, candidate, votes } => {
                let item =
                    candidate_node(tree, *question, *candidate).ok_or_else(|| ed.refuse(tree, "no such candidate"))?;
                ed.replace_votes(item, votes)?;
            }
            GoldEdit::Stale(entry) => {
                let node = match entry {
                    Entry::Span(i) => item(tree, "spans", *i),
                    Entry::Rejected(i) => item(tree, "rejected", *i),
                    Entry::Candidate { question, candidate } => candidate_node(tree, *question, *candidate),
                }
                .ok_or_else(|| ed.refuse(tree, "no such entry"))?;
                ed.mark_stale(node)?;
            }
            GoldEdit::RemoveCandidate { question, candidate } => {
                let node =
                    candidate_node(tree, *question, *candidate).ok_or_else(|| ed.refuse(tree, "no such candidate"))?;
                ed.remove_item(node)?;
            }
            GoldEdit::RemoveQuestion(_)
            | GoldEdit::AddSpan(_)
            | GoldEdit::AddRejected(_)
            | GoldEdit::AddCandidate { .. }
            | GoldEdit::AddQuestion(_) => {}
        }
    }
    ed.lists(tree, record, edits)?;
    Ok(ed.finish())
}

impl Editor<'_> {
    fn byte(&self, offset: u32) -> usize {
        self.chars.byte_of(offset as usize).unwrap_or(self.source.len())
    }

    fn is_flow(&self, node: &Node) -> bool {
        matches!(node.value, Value::Map(_) | Value::Seq(_))
            && self.source[self.byte(node.start.offset)..].starts_with(['{', '['])
    }

    fn refuse(&self, node: &Node, what: &str) -> CurateError {
        CurateError::Uneditable {
            path: self.path.to_owned(),
            line: node.start.line,
            column: node.start.column,
            what: what.to_owned(),
        }
    }

    fn line_start(&self, byte: usize) -> usize {
        self.source[..byte].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Just past the newline that ends the line holding `byte` (the file's end when none).
    fn line_end(&self, byte: usize) -> usize {
        self.source[byte..].find('\n').map_or(self.source.len(), |i| byte + i + 1)
    }

    /// Where the last value inside `node` ends (block collections end at their last child).
    fn content_end(&self, node: &Node) -> usize {
        let own = self.byte(node.end.offset);
        match &node.value {
            _ if self.is_flow(node) => own,
            Value::Seq(items) => items.iter().map(|n| self.content_end(n)).max().unwrap_or(own),
            Value::Map(entries) => {
                entries.iter().map(|(k, v)| self.content_end(k).max(self.content_end(v))).max().unwrap_or(own)
            }
            _ => own,
        }
    }

    fn push(&mut self, from: usize, to: usize, text: String) {
        let text = if self.source.contains("\r\n") { text.replace('\n', "\r\n") } else { text };
        let seq = self.changes.len();
        self.changes.push(Change { from, to, seq, text });
    }

    /// Inserts `text` (whole lines) at `at`, a line start or the end of the file.
    fn insert_lines(&mut self, at: usize, text: String) {
        let text = if at == self.source.len() && !self.source.is_empty() && !self.source.ends_with('\n') {
            format!("\n{text}")
        } else {
            text
        };
        self.push(at, at, text);
    }

    fn replace_votes(&mut self, entry: &Node, votes: &[String]) -> Result<(), CurateError> {
        let node = entry.get("votes").ok_or_else(|| self.refuse(entry, "the entry has no `votes`"))?;
        if !self.is_flow(node) {
            return Err(self.refuse(node, "`votes` in block style; write it as `[a, b]`"));
        }
        let (from, to) = (self.byte(node.start.offset), self.byte(node.end.offset));
        self.push(from, to, flow_list(votes));
        Ok(())
    }

    fn mark_stale(&mut self, entry: &Node) -> Result<(), CurateError> {
        if self.is_flow(entry) {
            return Err(self.refuse(entry, "a flow mapping `{…}` needs `stale: true`; write the entry in block style"));
        }
        if let Some(stale) = entry.get("stale") {
            let (from, to) = (self.byte(stale.start.offset), self.byte(stale.end.offset));
            self.push(from, to, "true".to_owned());
            return Ok(());
        }
        let Value::Map(entries) = &entry.value else { return Err(self.refuse(entry, "an entry is a mapping")) };
        let indent = entries.first().map_or(0, |(k, _)| k.start.column.saturating_sub(1) as usize);
        let at = self.line_end(self.content_end(entry));
        self.insert_lines(at, format!("{}stale: true\n", " ".repeat(indent)));
        Ok(())
    }

    /// The byte range of a block list item, from its `- ` line to the end of its last value's line.
    fn item_range(&self, item: &Node) -> Result<(usize, usize), CurateError> {
        let start = self.byte(item.start.offset);
        let line = self.line_start(start);
        let lead = self.source[line..start].trim();
        if lead != "-" || self.is_flow(item) {
            return Err(self.refuse(item, "an entry of a flow list `[…]` or a compact `- - ` list"));
        }
        Ok((line, self.line_end(self.content_end(item))))
    }

    fn remove_item(&mut self, item: &Node) -> Result<(), CurateError> {
        let (from, to) = self.item_range(item)?;
        self.push(from, to, String::new());
        Ok(())
    }

    /// The indentation of a block list's dashes.
    fn dash_indent(&self, item: &Node) -> usize {
        let start = self.byte(item.start.offset);
        let line = self.line_start(start);
        self.source[line..start].len() - self.source[line..start].trim_start().len()
    }

    fn finish(mut self) -> String {
        self.changes.sort_by_key(|c| std::cmp::Reverse((c.from, c.to, c.seq)));
        let mut out = self.source.to_owned();
        for c in self.changes {
            out.replace_range(c.from..c.to, &c.text);
        }
        out
    }
}

fn top<'t>(tree: &'t Node, key: &str) -> Option<(&'t Node, &'t Node)> {
    tree.get_all(key).next()
}

fn item<'t>(tree: &'t Node, list: &str, i: usize) -> Option<&'t Node> {
    match &tree.get(list)?.value {
        Value::Seq(items) => items.get(i),
        _ => None,
    }
}

fn candidate_node(tree: &Node, question: usize, candidate: usize) -> Option<&Node> {
    match &item(tree, "questions", question)?.get("candidates")?.value {
        Value::Seq(items) => items.get(candidate),
        _ => None,
    }
}

/// A new entry of a list: its sort key and how to render it at an indentation.
type NewEntry<'e> = (CandidateKey, Box<dyn Fn(usize) -> String + 'e>);

impl Editor<'_> {
    /// Insertions into and removals from `spans`, `questions`, `rejected` and candidate lists.
    fn lists(&mut self, tree: &Node, record: &GoldRecord, edits: &[GoldEdit]) -> Result<(), CurateError> {
        let mut spans: Vec<NewEntry<'_>> = Vec::new();
        let mut questions: Vec<NewEntry<'_>> = Vec::new();
        let mut rejected: Vec<NewEntry<'_>> = Vec::new();
        let mut candidates: Vec<(usize, NewEntry<'_>)> = Vec::new();
        let mut removed_questions = Vec::new();
        for edit in edits {
            match edit {
                GoldEdit::AddSpan(s) => {
                    spans.push((key_of(s.start, s.end, &s.label), Box::new(move |i: usize| render_span(s, i))))
                }
                GoldEdit::AddRejected(s) => {
                    rejected.push((key_of(s.start, s.end, &s.label), Box::new(move |i: usize| render_span(s, i))))
                }
                GoldEdit::AddQuestion(q) => {
                    let key = q.candidates.first().map_or((0, 0, String::new()), |c| key_of(c.start, c.end, &c.label));
                    questions.push((key, Box::new(move |i: usize| render_question(q, i))));
                }
                GoldEdit::AddCandidate { question, candidate: c } => candidates.push((
                    *question,
                    (key_of(c.start, c.end, &c.label), Box::new(move |i: usize| render_candidate(c, i))),
                )),
                GoldEdit::RemoveQuestion(i) => removed_questions.push(*i),
                _ => {}
            }
        }
        let span_keys: Vec<CandidateKey> = record.spans.iter().map(|s| key_of(s.start, s.end, &s.label)).collect();
        let question_keys: Vec<CandidateKey> = record
            .questions
            .iter()
            .map(|q| q.candidates.first().map_or((0, 0, String::new()), |c| key_of(c.start, c.end, &c.label)))
            .collect();
        let rejected_keys: Vec<CandidateKey> =
            record.rejected.iter().map(|s| key_of(s.start, s.end, &s.label)).collect();
        self.insert_into(tree, "spans", &span_keys, spans, &[])?;
        // Insertions at one place keep their order: spans, then new candidates of the last
        // question, then new questions, then `rejected`, which all may end where `questions` ends.
        candidates.sort_by(|a, b| (a.0, &a.1.0).cmp(&(b.0, &b.1.0)));
        let mut by_question: Vec<(usize, Vec<NewEntry<'_>>)> = Vec::new();
        for (q, entry) in candidates {
            match by_question.last_mut() {
                Some((last, list)) if *last == q => list.push(entry),
                _ => by_question.push((q, vec![entry])),
            }
        }
        for (q, list) in by_question {
            let question = item(tree, "questions", q).ok_or_else(|| self.refuse(tree, "no such question"))?;
            let keys: Vec<CandidateKey> = record
                .questions
                .get(q)
                .map_or_else(Vec::new, |q| q.candidates.iter().map(|c| key_of(c.start, c.end, &c.label)).collect());
            self.insert_into(question, "candidates", &keys, list, &[])?;
        }
        if !removed_questions.is_empty() && removed_questions.len() == record.questions.len() && questions.is_empty() {
            // Every question closed: the key goes too, rather than staying as `questions:` (null).
            if let Some((key, value)) = top(tree, "questions") {
                let (from, to) = (self.line_start(self.byte(key.start.offset)), self.line_end(self.content_end(value)));
                self.push(from, to, String::new());
            }
        } else {
            if let Some(Value::Seq(items)) = tree.get("questions").map(|n| &n.value) {
                for i in &removed_questions {
                    if let Some(node) = items.get(*i) {
                        self.remove_item(node)?;
                    }
                }
            }
            self.insert_into(tree, "questions", &question_keys, questions, &removed_questions)?;
        }
        self.insert_into(tree, "rejected", &rejected_keys, rejected, &[])?;
        Ok(())
    }

    /// Inserts `new` entries into the list under `key` of `parent` (a block list, an empty
    /// `[]`, or no key at all), each before the first entry whose key sorts after it.
    fn insert_into(
        &mut self,
        parent: &Node,
        key: &str,
        existing: &[CandidateKey],
        mut new: Vec<NewEntry<'_>>,
        skip: &[usize],
    ) -> Result<(), CurateError> {
        if new.is_empty() {
            return Ok(());
        }
        new.sort_by(|a, b| a.0.cmp(&b.0));
        let Some((key_node, value)) = top(parent, key) else {
            return self.insert_missing_list(parent, key, new);
        };
        let items = match &value.value {
            Value::Seq(items) if !items.is_empty() => items,
            Value::Seq(_) if self.is_flow(value) => {
                let indent = key_node.start.column.saturating_sub(1) as usize + 2;
                let mut text = String::from("\n");
                for (_, render) in &new {
                    text.push_str(&render(indent));
                }
                text.pop();
                let (from, to) = (self.byte(value.start.offset), self.byte(value.end.offset));
                self.push(from, to, text);
                return Ok(());
            }
            Value::Null => {
                let indent = key_node.start.column.saturating_sub(1) as usize + 2;
                let at = self.line_end(self.byte(key_node.end.offset));
                let text: String = new.iter().map(|(_, render)| render(indent)).collect();
                self.insert_lines(at, text);
                return Ok(());
            }
            _ => {
                return Err(self.refuse(value, "a list in flow style `[…]` needs a new entry; write it in block style"));
            }
        };
        if self.is_flow(value) {
            return Err(self.refuse(value, "a list in flow style `[…]` needs a new entry; write it in block style"));
        }
        let indent = self.dash_indent(&items[0]);
        for (k, render) in new {
            let before = items
                .iter()
                .enumerate()
                .find(|(i, _)| !skip.contains(i) && existing.get(*i).is_some_and(|e| *e > k))
                .map(|(_, node)| node);
            let at = match before {
                Some(node) => self.item_range(node)?.0,
                None => match items.last() {
                    Some(last) => self.line_end(self.content_end(last)),
                    None => self.source.len(),
                },
            };
            self.insert_lines(at, render(indent));
        }
        Ok(())
    }

    /// Adds `key:` and its entries after the top-level list that precedes it in the documented order.
    fn insert_missing_list(&mut self, parent: &Node, key: &str, new: Vec<NewEntry<'_>>) -> Result<(), CurateError> {
        let order = crate::gold_file::KEYS;
        let position = order.iter().position(|k| *k == key).unwrap_or(order.len());
        let after = order[..position].iter().rev().find_map(|k| top(parent, k));
        let at = match after {
            Some((_, value)) => self.line_end(self.content_end(value)),
            None => self.source.len(),
        };
        let indent = match after {
            Some((k, _)) => k.start.column.saturating_sub(1) as usize,
            None => 0,
        };
        let mut text = format!("{}{key}:\n", " ".repeat(indent));
        for (_, render) in &new {
            text.push_str(&render(indent + 2));
        }
        self.insert_lines(at, text);
        Ok(())
    }
}
