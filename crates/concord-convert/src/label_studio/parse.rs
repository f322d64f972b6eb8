//! Reading one file: tasks (full export) and records (JSON_MIN) into annotations and spans.
//!
//! One [`TaskReader`] per file, because two things are settled per file: the offset reading of
//! regions that nothing else proves (the majority of the file's proved regions decides, see
//! [`TaskReader::finish`]), and the notices, each counted over the file in a [`Tally`] and said
//! once at the first place.

use std::collections::BTreeMap;
use std::ops::Range;

use concord_schema::Document;
use serde_json::value::RawValue;

use super::json::{JsonKind, JsonObject, JsonValues, kind_of, quoted};
use super::place::{RegionPlace, place};
use super::{ANNOTATORS_META, Offsets};
use crate::error::{ConvertError, ErrorKind, Location};
use crate::import::{Imported, ImportedAnnotation, ImportedSpan};
use crate::notice::{Notice, Tally};
use crate::offsets::Utf16Map;
use crate::source_map::SourceMap;
use crate::{Corpus, ReadOptions};

/// JSON_MIN keys that are about the annotation, not the data or the regions.
const MIN_RECORD_KEYS: [&str; 7] =
    ["id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement"];

/// What a file's reader skipped or assumed, reported once per file.
#[derive(Debug, Default)]
struct FileTallies {
    cancelled: Tally,
    predictions: Tally,
    drafts: Tally,
    other_results: BTreeMap<String, Tally>,
    several_labels: Tally,
    no_label: Tally,
    min_fields: BTreeMap<String, Tally>,
    /// Regions whose text proved one reading where the two differ.
    proved: BTreeMap<Offsets, Tally>,
    /// Regions without `value.text` where the two readings differ.
    unproved: Tally,
}

/// A region whose place waits for the end of the file.
#[derive(Debug)]
struct OpenRegion {
    annotation: usize,
    spans: Range<usize>,
    code_points: Option<(usize, usize)>,
    utf16: Option<(usize, usize)>,
    has_text: bool,
    at: Location,
}

/// Where a region sits in the input, and what it carries besides its `value`.
struct RegionOrigin<'s> {
    at: Location,
    note: Option<String>,
    /// JSON_MIN keys regions by control tag; the full export names the object in `to_name`.
    to_name: Option<&'s str>,
}

/// The document a task or JSON_MIN record is on, and the object its regions label.
struct TaskScope<'d> {
    doc: &'d Document,
    map: Utf16Map,
    /// The first `to_name` met and where: a task labels one object.
    to_name: Option<(String, Location)>,
}

impl<'d> TaskScope<'d> {
    fn new(doc: &'d Document) -> TaskScope<'d> {
        TaskScope { doc, map: Utf16Map::new(doc.text.as_str()), to_name: None }
    }
}

/// Reads the tasks of one file.
pub(super) struct TaskReader<'a> {
    json: JsonValues<'a>,
    corpus: &'a Corpus,
    options: &'a ReadOptions,
    annotations: Vec<ImportedAnnotation>,
    open: Vec<OpenRegion>,
    tallies: FileTallies,
    tasks: usize,
}

impl<'a> TaskReader<'a> {
    pub(super) fn new(map: &'a SourceMap<'a>, corpus: &'a Corpus, options: &'a ReadOptions) -> TaskReader<'a> {
        TaskReader {
            json: JsonValues { map },
            corpus,
            options,
            annotations: Vec::new(),
            open: Vec::new(),
            tallies: FileTallies::default(),
            tasks: 0,
        }
    }

    pub(super) fn read(&mut self) -> Result<(), ConvertError> {
        let root = self.json.root()?;
        let items = match kind_of(root) {
            JsonKind::Array => self.json.array(root, "the file")?,
            JsonKind::Object => vec![root],
            _ => {
                return Err(self
                    .json
                    .wrong_type(root, "the file", "a JSON array of tasks or one task object")
                    .help("export from Label Studio with Export → JSON (or JSON_MIN)"));
            }
        };
        for item in items {
            let object = self.json.object(item, "each task")?;
            let is_task = ["data", "annotations", "completions", "predictions"].iter().any(|k| object.contains_key(*k));
            if is_task {
                self.read_task(item, &object)?;
            } else {
                self.read_min_record(item, &object)?;
            }
            self.tasks += 1;
        }
        Ok(())
    }

    /// The task's text: `data.text`, else the only string field (not `document`).
    fn task_text(&self, data: &JsonObject<'a>, data_raw: &RawValue) -> Result<String, ConvertError> {
        if let Some(raw) = data.get("text") {
            return self.json.string(raw, "`data.text`");
        }
        let strings: Vec<&String> = data
            .iter()
            .filter(|(k, v)| k.as_str() != "document" && kind_of(v) == JsonKind::String)
            .map(|(k, _)| k)
            .collect();
        match strings.as_slice() {
            [one] => self.json.string(data[one.as_str()], "the text"),
            _ => Err(ConvertError::at(
                ErrorKind::Unsupported,
                self.json.at(data_raw),
                if strings.is_empty() {
                    "`data` holds no text (no `text` field and no other string field)".to_owned()
                } else {
                    format!("`data` has no `text` field and several string fields: {}", quoted(&strings))
                },
            )
            .help(format!("`data` has: {}", quoted(&data.keys().collect::<Vec<_>>())))
            .help("concord reads the text from `data.text` (the `$text` of Label Studio's <Text value=\"$text\"/>)")),
        }
    }

    fn document(&self, name: Option<&RawValue>, text: &str, at: &Location) -> Result<&'a Document, ConvertError> {
        let name = match name {
            Some(raw) if kind_of(raw) == JsonKind::String => Some(self.json.string(raw, "`document`")?),
            _ => None,
        };
        self.corpus.match_document(name.as_deref(), Some(text), at)
    }

    fn read_task(&mut self, raw: &'a RawValue, task: &JsonObject<'a>) -> Result<(), ConvertError> {
        let task_at = self.json.at(raw);
        let Some(data_raw) = task.get("data").copied() else {
            return Err(ConvertError::syntax(task_at, "this task has no `data`"));
        };
        let data = self.json.object(data_raw, "`data`")?;
        let text = self.task_text(&data, data_raw)?;
        let data_at = self.json.at(data_raw);
        let mut scope = TaskScope::new(self.document(data.get("document").copied(), &text, &data_at)?);

        if let Some(r) = task.get("predictions") {
            let n = self.json.array(r, "`predictions`")?.len();
            self.tallies.predictions.add_many(n, &self.json.at(r));
        }
        if let Some(r) = task.get("drafts") {
            let n = self.json.array(r, "`drafts`")?.len();
            self.tallies.drafts.add_many(n, &self.json.at(r));
        }
        let annotations = match task.get("annotations").or_else(|| task.get("completions")) {
            Some(r) => self.json.array(r, "`annotations`")?,
            None => Vec::new(),
        };
        let names = self.meta_names(task.get("meta").copied(), annotations.len())?;
        for (i, raw) in annotations.into_iter().enumerate() {
            let name = names.as_ref().and_then(|n| n.get(i)).map(String::as_str);
            self.read_annotation(raw, name, &mut scope)?;
        }
        Ok(())
    }

    /// `meta.concord_annotators`, when it names every annotation of the task.
    fn meta_names(&self, meta: Option<&'a RawValue>, annotations: usize) -> Result<Option<Vec<String>>, ConvertError> {
        let Some(meta) = meta.filter(|m| kind_of(m) == JsonKind::Object) else { return Ok(None) };
        let meta = self.json.object(meta, "`meta`")?;
        let Some(list) = meta.get(ANNOTATORS_META) else { return Ok(None) };
        let what = format!("`meta.{ANNOTATORS_META}`");
        let names = self.json.strings(list, &what, &what)?;
        Ok((names.len() == annotations).then_some(names))
    }

    fn read_annotation(
        &mut self,
        raw: &'a RawValue,
        meta_name: Option<&str>,
        scope: &mut TaskScope<'_>,
    ) -> Result<(), ConvertError> {
        let at = self.json.at(raw);
        let annotation = self.json.object(raw, "each annotation")?;
        if self.json.flag(annotation.get("was_cancelled").copied(), "`was_cancelled`")?
            || self.json.flag(annotation.get("skipped").copied(), "`skipped`")?
        {
            self.tallies.cancelled.add(&at);
            return Ok(());
        }
        let Some(result) = annotation.get("result").copied() else {
            return Err(ConvertError::syntax(at, "this annotation has no `result`"));
        };
        let results = self.json.array(result, "`result`")?;
        let found = match annotation.get("completed_by").copied() {
            Some(r) if kind_of(r) != JsonKind::Null => Some(self.user(r, "`completed_by`")?),
            _ => meta_name.map(str::to_owned),
        };
        let index = self.start_annotation(scope.doc, found.as_deref(), at)?;
        for raw in results {
            self.read_result(raw, index, scope)?;
        }
        Ok(())
    }

    /// A new annotation of `doc` by the user `found` names (or `--annotator`); its index.
    fn start_annotation(&mut self, doc: &Document, found: Option<&str>, at: Location) -> Result<usize, ConvertError> {
        let annotator = self.options.annotator_name(found, &at).map_err(|e| {
            if found.is_none() {
                e.help("a Label Studio export names each annotation's user in `completed_by`; this one has none")
            } else {
                e
            }
        })?;
        self.annotations.push(ImportedAnnotation {
            document: doc.id.clone(),
            annotator,
            source: at,
            spans: Vec::new(),
        });
        Ok(self.annotations.len() - 1)
    }

    /// A user as `completed_by` (full export) or `annotator` (JSON_MIN) gives it: an id, an
    /// object with an `email` or `id`, or an email.
    fn user(&self, raw: &'a RawValue, what: &str) -> Result<String, ConvertError> {
        match kind_of(raw) {
            JsonKind::Number => Ok(format!("ls-user-{}", self.json.whole_number(raw, what)?)),
            JsonKind::String => self.json.string(raw, what),
            JsonKind::Object => {
                let user = self.json.object(raw, what)?;
                if let Some(email) = user.get("email").filter(|r| kind_of(r) == JsonKind::String) {
                    return self.json.string(email, &format!("{what}.email"));
                }
                match user.get("id") {
                    Some(id) => Ok(format!("ls-user-{}", self.json.whole_number(id, &format!("{what}.id"))?)),
                    None => {
                        Err(ConvertError::syntax(self.json.at(raw), format!("{what} has neither `email` nor `id`")))
                    }
                }
            }
            _ => Err(self.json.wrong_type(raw, what, "a user id, an email or a user object")),
        }
    }

    fn read_result(
        &mut self,
        raw: &'a RawValue,
        annotation: usize,
        scope: &mut TaskScope<'_>,
    ) -> Result<(), ConvertError> {
        let at = self.json.at(raw);
        let result = self.json.object(raw, "each result")?;
        let Some(kind) = result.get("type") else {
            return Err(ConvertError::syntax(at, "this result has no `type`"));
        };
        let kind = self.json.string(kind, "`type`")?;
        match kind.as_str() {
            "labels" => {}
            "hypertextlabels" | "paragraphlabels" => return Err(refuse_region(&kind, at)),
            _ => {
                self.tallies.other_results.entry(kind).or_default().add(&at);
                return Ok(());
            }
        }
        let Some(value) = result.get("value").copied() else {
            return Err(ConvertError::syntax(at, "this `labels` result has no `value`"));
        };
        let value = self.json.object(value, "`value`")?;
        let note = match result.get("meta").copied() {
            Some(meta) if kind_of(meta) == JsonKind::Object => self.note(&self.json.object(meta, "`meta`")?)?,
            _ => None,
        };
        let target = match result.get("to_name") {
            Some(r) => Some(self.json.string(r, "`to_name`")?),
            None => None,
        };
        if let Some(target) = &target {
            match &scope.to_name {
                Some((first, first_at)) if first != target => {
                    return Err(ConvertError::at(
                        ErrorKind::Unsupported,
                        at,
                        format!(
                            "this task labels two objects, `{first}` and `{target}`: concord reads one text per task"
                        ),
                    )
                    .help(format!("the first region on `{first}` is at {first_at}")));
                }
                Some(_) => {}
                None => scope.to_name = Some((target.clone(), at.clone())),
            }
        }
        let region = RegionOrigin { at, note, to_name: target.as_deref() };
        self.read_value(&value, region, annotation, scope)
    }

    /// A region's note: `meta.text`, Label Studio's per-region meta text (a list of strings).
    fn note(&self, meta: &JsonObject<'a>) -> Result<Option<String>, ConvertError> {
        let Some(text) = meta.get("text").copied() else { return Ok(None) };
        let lines = match kind_of(text) {
            JsonKind::String => vec![self.json.string(text, "`meta.text`")?],
            _ => self.json.strings(text, "`meta.text`", "`meta.text`")?,
        };
        let note = lines.join("\n");
        Ok((!note.trim().is_empty()).then_some(note))
    }

    /// A region's `value` (`start`, `end`, `text`, `labels`) into spans of `annotation`.
    fn read_value(
        &mut self,
        value: &JsonObject<'a>,
        region: RegionOrigin<'_>,
        annotation: usize,
        scope: &TaskScope<'_>,
    ) -> Result<(), ConvertError> {
        let (doc, at) = (scope.doc, region.at);
        let (Some(start), Some(end)) = (value.get("start"), value.get("end")) else {
            return Err(ConvertError::syntax(at, "this region's `value` has no `start` and `end`"));
        };
        let start = self.json.whole_number(start, "`start`")?;
        let end = self.json.whole_number(end, "`end`")?;
        let labels = match value.get("labels") {
            Some(r) => self.json.strings(r, "`labels`", "each label")?,
            None => Vec::new(),
        };
        let text = match value.get("text").copied() {
            Some(r) if kind_of(r) != JsonKind::Null => Some(self.json.string(r, "`value.text`")?),
            _ => None,
        };
        if labels.is_empty() {
            self.tallies.no_label.add(&at);
            return Ok(());
        }
        if labels.len() > 1 {
            self.tallies.several_labels.add(&at);
        }
        let placed = place(&doc.text, &scope.map, start, end, text.as_deref()).map_err(|failure| {
            let mut e = ConvertError::at(failure.kind, at.clone(), failure.message);
            for line in failure.help {
                e = e.help(line);
            }
            if let (Some(target), ErrorKind::TextMismatch) = (region.to_name, e.kind) {
                e = e.help(format!("the region is on `{target}`, read as the text of document `{}`", doc.id));
            }
            e
        })?;
        let (start, end) = match &placed {
            RegionPlace::Fixed(s, e, proved) => {
                if let Some(unit) = proved {
                    self.tallies.proved.entry(*unit).or_default().add(&at);
                }
                (*s, *e)
            }
            RegionPlace::Open { code_points, utf16, .. } => code_points.or(*utf16).unwrap_or((0, 0)),
        };
        let spans = &mut self.annotations[annotation].spans;
        let first = spans.len();
        for label in labels {
            spans.push(ImportedSpan { start, end, label, note: region.note.clone(), at: at.clone() });
        }
        if let RegionPlace::Open { code_points, utf16, has_text } = placed {
            let spans = first..self.annotations[annotation].spans.len();
            self.open.push(OpenRegion { annotation, spans, code_points, utf16, has_text, at });
        }
        Ok(())
    }

    /// One JSON_MIN record: the data fields, `annotator`, and one key per control tag.
    fn read_min_record(&mut self, raw: &'a RawValue, record: &JsonObject<'a>) -> Result<(), ConvertError> {
        let at = self.json.at(raw);
        let regions: BTreeMap<&String, Vec<&'a RawValue>> = record
            .iter()
            .filter(|(_, v)| kind_of(v) == JsonKind::Array)
            .filter_map(|(k, v)| {
                let items: Vec<&'a RawValue> = serde_json::from_str(v.get()).ok()?;
                let is_regions = !items.is_empty() && items.iter().all(|i| region_keys(i).is_some());
                is_regions.then_some((k, items))
            })
            .collect();
        let text_key = if record.get("text").is_some_and(|r| kind_of(r) == JsonKind::String) {
            "text".to_owned()
        } else {
            let strings: Vec<&String> = record
                .iter()
                .filter(|(k, v)| {
                    kind_of(v) == JsonKind::String && k.as_str() != "document" && !MIN_RECORD_KEYS.contains(&k.as_str())
                })
                .map(|(k, _)| k)
                .collect();
            let [one] = strings.as_slice() else {
                let mut e = ConvertError::at(
                    ErrorKind::Unsupported,
                    at,
                    "this record is neither a task (no `data`) nor a JSON_MIN record with a `text` field",
                )
                .help(format!("it has: {}", quoted(&record.keys().collect::<Vec<_>>())));
                if strings.len() > 1 {
                    e = e.help("concord reads the text of a JSON_MIN record from `text`");
                }
                return Err(e);
            };
            (*one).clone()
        };
        let text = self.json.string(record[&text_key], "the text")?;
        let scope = TaskScope::new(self.document(record.get("document").copied(), &text, &at)?);

        let found = match record.get("annotator").copied() {
            Some(r) if kind_of(r) != JsonKind::Null => Some(self.user(r, "`annotator`")?),
            _ => None,
        };
        let index = self.start_annotation(scope.doc, found.as_deref(), at)?;
        for (key, value) in record {
            let skip = key == &text_key || key == "document" || MIN_RECORD_KEYS.contains(&key.as_str());
            if skip || regions.contains_key(key) {
                continue;
            }
            let field_at = self.json.at(value);
            self.tallies.min_fields.entry(key.clone()).or_default().add(&field_at);
        }
        for item in regions.into_values().flatten() {
            let item_at = self.json.at(item);
            if let Some(kind @ ("hypertextlabels" | "paragraphlabels")) = region_keys(item) {
                return Err(refuse_region(kind, item_at));
            }
            let value = self.json.object(item, "each region")?;
            let region = RegionOrigin { at: item_at, note: None, to_name: None };
            self.read_value(&value, region, index, &scope)?;
        }
        Ok(())
    }

    /// Settles the open regions by the file's majority reading, and reports what was skipped.
    pub(super) fn finish(mut self, imported: &mut Imported) {
        let count = |unit| self.tallies.proved.get(&unit).map_or(0, |c| c.count);
        let majority =
            if count(Offsets::Utf16) > count(Offsets::CodePoints) { Offsets::Utf16 } else { Offsets::CodePoints };
        for open in std::mem::take(&mut self.open) {
            let (preferred, other) = match majority {
                Offsets::CodePoints => (open.code_points, open.utf16),
                Offsets::Utf16 => (open.utf16, open.code_points),
            };
            let Some((start, end)) = preferred.or(other) else { continue };
            for span in &mut self.annotations[open.annotation].spans[open.spans.clone()] {
                span.start = start;
                span.end = end;
            }
            if !open.has_text {
                self.tallies.unproved.add(&open.at);
            }
        }
        if self.tasks == 0 {
            imported.notices.push(Notice::new(Some(self.json.map.file()), "this file holds no task"));
        }
        imported.notices.extend(self.notices(majority, count(majority) > 0));
        imported.annotations.append(&mut self.annotations);
    }

    /// What the file's tallies say, in a fixed order.
    fn notices(&self, majority: Offsets, majority_proved: bool) -> Vec<Notice> {
        let t = &self.tallies;
        let mut notices = vec![
            t.cancelled.notice(|n| format!("{n} cancelled (skipped) annotation(s) were not imported")),
            t.predictions.notice(|n| {
                format!("{n} prediction(s) (model pre-annotations) were not imported: concord imports annotations")
            }),
            t.drafts.notice(|n| format!("{n} draft(s) were not imported: concord imports submitted annotations")),
        ];
        notices.extend(t.other_results.iter().map(|(kind, tally)| {
            tally.notice(|n| match kind.as_str() {
                "relation" => format!("{n} relation(s) between regions were not imported: concord has no relations"),
                _ => format!("{n} `{kind}` result(s) were not imported: concord imports labelled text regions"),
            })
        }));
        notices.push(t.no_label.notice(|n| format!("{n} region(s) without a label were not imported")));
        notices
            .push(t.several_labels.notice(|n| format!("{n} region(s) with several labels became one span per label")));
        notices.extend(t.min_fields.iter().map(|(field, tally)| {
            tally.notice(|n| {
                format!("field `{field}` of {n} JSON_MIN record(s) was not imported: it is neither the text nor text regions")
            })
        }));
        notices.push(t.proved.get(&Offsets::Utf16).and_then(|tally| {
            tally.notice(|n| {
                format!(
                    "{n} region(s) count offsets in UTF-16 code units (as older Label Studio versions did), as their `value.text` shows; they were converted to code points"
                )
            })
        }));
        notices.push(t.unproved.notice(|n| {
            format!(
                "{n} region(s) have no `value.text` and lie after a character outside the Basic Multilingual Plane, where code points and UTF-16 code units differ; their offsets were read as {}{}",
                majority.describe(),
                if majority_proved { ", as the other regions of this file show" } else { " (how Label Studio counts)" }
            )
        }));
        notices.into_iter().flatten().collect()
    }
}

fn refuse_region(kind: &str, at: Location) -> ConvertError {
    ConvertError::at(
        ErrorKind::Unsupported,
        at,
        format!(
            "a `{kind}` region: its offsets are XPath ranges into HTML or dialogue, not offsets into the document text"
        ),
    )
    .help("concord imports projects that label a <Text> with <Labels> (results of type `labels`)")
}

/// The kind of region a JSON_MIN list item is (`labels`, `hypertextlabels`, ...), if it is one.
fn region_keys(item: &RawValue) -> Option<&'static str> {
    let object: JsonObject<'_> = serde_json::from_str(item.get()).ok()?;
    if !object.contains_key("start") || !object.contains_key("end") {
        return None;
    }
    ["labels", "hypertextlabels", "paragraphlabels"].into_iter().find(|k| object.contains_key(*k))
}
