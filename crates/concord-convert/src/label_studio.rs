//! Label Studio's JSON export (and JSON_MIN), for projects that label a `<Text>` with `<Labels>`.
//!
//! The format ([Export annotations](https://labelstud.io/guide/export.html), [task format and
//! results](https://labelstud.io/guide/task_format.html)): a JSON array of tasks; each task has
//! `data` (the text under the key the labelling config names, `$text` by default), `annotations`
//! (one per annotator: `completed_by`, `was_cancelled`, `result`) and `predictions`. A labelled
//! span is a result of `type: "labels"` whose `value` holds `start`, `end`, `text` and `labels`.
//! JSON_MIN flattens each annotation into one record: the data fields, then one key per control
//! tag holding the `value`s, then `annotator`, `annotation_id`, ...
//!
//! Design choices:
//! - **Offsets: code points, checked by `value.text`.** Label Studio today counts offsets in code
//!   points (its own frontend test "NER - Emoji - Text" expects `test` at 21–25 in
//!   `"🐱 Warning: This is a test text"`); versions of 2021 counted UTF-16 code units (JavaScript
//!   string length, label-studio issue #1347). The two readings differ only after a character
//!   outside the Basic Multilingual Plane, and there `value.text` tells them apart: a region is
//!   placed where its text is. A region without `value.text` takes the reading the other regions of
//!   its file proved (code points when none did), and a notice says so. A text matching neither
//!   reading stops the import at the region, showing both. Texts are compared ignoring whitespace,
//!   as Label Studio may store a line break in `value.text` as a space or as `\n`.
//! - **Documents**: `data.document` names the corpus document (concord's export writes it); the
//!   text must hash to that document, or to some corpus document when there is no name. The text
//!   is `data.text`, else the only string field of `data`.
//! - **Annotators**: `completed_by` as a user id becomes `ls-user-<id>`, as an object its `email`'s
//!   local part; without `completed_by`, the task's `meta.concord_annotators` (concord's export)
//!   names them in order; `--annotator` overrides all. Cancelled annotations, predictions, drafts,
//!   results that are not text regions (choices, text areas, relations, ...), regions without a
//!   label, and JSON_MIN fields other than the text and its regions are skipped with a notice. A
//!   region with several labels becomes one span per label (notice). `hypertextlabels` and
//!   `paragraphlabels` regions (XPath offsets into HTML or dialogue) stop the import.
//! - **Notes** travel as a region's `meta.text`, which Label Studio shows as the region's meta text.
//! - **Export** writes `label-studio.json`, one task per document sorted by id, one annotation per
//!   annotator sorted by name (an empty `result` for "annotated, found nothing"), regions sorted
//!   by (start, end, label) with ids `<annotator>-<n>`; and `label-config.xml`, the labelling
//!   config with the project's labels and colours. Label Studio's import refuses a `completed_by`
//!   that is not one of its users, so the export leaves it out (Label Studio files the annotations
//!   under the importing user) and keeps the names in the task's `meta.concord_annotators`, which
//!   Label Studio keeps and exports again. `ground_truth: false` is written because Label Studio
//!   defaults an imported annotation to ground truth.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use concord_schema::{Document, Text};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::error::{ConvertError, ErrorKind, Location};
use crate::export::{ExportInput, Exported, OutputFile};
use crate::import::{Imported, ImportedAnnotation, ImportedSpan};
use crate::json_pos::{location_of, syntax_error};
use crate::notice::Notice;
use crate::offsets::{Utf16Error, Utf16Map};
use crate::{Corpus, ReadOptions};

/// The tasks file an export writes.
pub const TASKS_FILE: &str = "label-studio.json";
/// The labelling config an export writes beside it.
pub const CONFIG_FILE: &str = "label-config.xml";
/// The task `meta` key that keeps concord's annotator names, in the order of `annotations`.
pub const ANNOTATORS_META: &str = "concord_annotators";

/// How the `start` and `end` of a region count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Offsets {
    /// Unicode code points, as Label Studio counts today and as concord does.
    #[default]
    CodePoints,
    /// UTF-16 code units (JavaScript string length), as older Label Studio versions counted.
    Utf16,
}

impl Offsets {
    fn describe(self) -> &'static str {
        match self {
            Offsets::CodePoints => "code points",
            Offsets::Utf16 => "UTF-16 code units",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Import

/// Reads a Label Studio JSON (or JSON_MIN) export: a file, or a folder whose `*.json` files are
/// read in name order (Label Studio's cloud target storage writes one task per file).
pub fn import(path: &Path, corpus: &Corpus, options: &ReadOptions) -> Result<Imported, ConvertError> {
    let mut imported = Imported::default();
    for file in input_files(path)? {
        let source = crate::corpus::read_input(&file)?;
        let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
        let mut reader = FileReader::new(&file, source, corpus, options);
        reader.read()?;
        reader.finish(&mut imported);
    }
    Ok(imported)
}

fn input_files(path: &Path) -> Result<Vec<PathBuf>, ConvertError> {
    let meta = std::fs::metadata(path).map_err(|e| ConvertError::io(path, &e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| ConvertError::io(path, &e))? {
        let entry = entry.map_err(|e| ConvertError::io(path, &e))?;
        let file = entry.path();
        let is_json = file.extension().is_some_and(|x| x.eq_ignore_ascii_case("json"));
        if is_json && file.is_file() {
            files.push(file);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(ConvertError::at(ErrorKind::Io, Location::file(path), "this folder holds no .json file")
            .help("pass the JSON file Label Studio exported (Export → JSON)"));
    }
    Ok(files)
}

type Object<'a> = BTreeMap<String, &'a RawValue>;

/// How many of something were skipped, and where the first one is.
#[derive(Debug, Default)]
struct Count {
    n: usize,
    first: Option<Location>,
}

impl Count {
    fn add(&mut self, n: usize, at: &Location) {
        if n > 0 {
            self.n += n;
            self.first.get_or_insert_with(|| at.clone());
        }
    }

    fn notice(&self, notices: &mut Vec<Notice>, message: impl FnOnce(usize) -> String) {
        if self.n > 0 {
            notices.push(Notice::new(self.first.clone(), message(self.n)));
        }
    }
}

/// What a file's reader skipped or assumed, reported once per file.
#[derive(Debug, Default)]
struct Tally {
    cancelled: Count,
    predictions: Count,
    drafts: Count,
    other_results: BTreeMap<String, Count>,
    several_labels: Count,
    no_label: Count,
    min_fields: BTreeMap<String, Count>,
    /// Regions whose text proved one reading where the two differ.
    proved: BTreeMap<Offsets, Count>,
    /// Regions without `value.text` where the two readings differ.
    unproved: Count,
}

/// Where a region lies, once read.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Placement {
    /// Both readings give this range (no character outside the BMP before the region's end),
    /// or the region's text proved one of them.
    Fixed(usize, usize, Option<Offsets>),
    /// The readings differ and nothing tells them apart: the file's majority decides.
    Open { code_points: Option<(usize, usize)>, utf16: Option<(usize, usize)>, has_text: bool },
}

/// A region whose placement waits for the end of the file.
#[derive(Debug)]
struct Pending {
    annotation: usize,
    spans: Range<usize>,
    code_points: Option<(usize, usize)>,
    utf16: Option<(usize, usize)>,
    has_text: bool,
    at: Location,
}

/// Where a region sits in the input, and what it carries besides its `value`.
struct RegionSource<'s> {
    at: Location,
    note: Option<String>,
    /// JSON_MIN keys regions by control tag; the full export names the object in `to_name`.
    to_name: Option<&'s str>,
}

struct FileReader<'a> {
    path: &'a Path,
    source: &'a str,
    lines: crate::error::LineIndex,
    corpus: &'a Corpus,
    options: &'a ReadOptions,
    annotations: Vec<ImportedAnnotation>,
    pending: Vec<Pending>,
    tally: Tally,
    tasks: usize,
}

/// JSON_MIN keys that are about the annotation, not the data or the regions.
const MIN_RECORD_KEYS: [&str; 7] =
    ["id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement"];

impl<'a> FileReader<'a> {
    fn new(path: &'a Path, source: &'a str, corpus: &'a Corpus, options: &'a ReadOptions) -> FileReader<'a> {
        FileReader {
            path,
            source,
            lines: crate::error::LineIndex::new(path, source),
            corpus,
            options,
            annotations: Vec::new(),
            pending: Vec::new(),
            tally: Tally::default(),
            tasks: 0,
        }
    }

    fn at(&self, raw: &RawValue) -> Location {
        location_of(self.path, &self.lines, self.source, raw.get())
    }

    fn wrong_type(&self, raw: &RawValue, what: &str, expected: &str) -> ConvertError {
        ConvertError::syntax(self.at(raw), format!("{what} must be {expected}, not {}", describe(raw)))
    }

    fn object(&self, raw: &'a RawValue, what: &str) -> Result<Object<'a>, ConvertError> {
        if kind_of(raw) != Kind::Object {
            return Err(self.wrong_type(raw, what, "an object"));
        }
        serde_json::from_str(raw.get()).map_err(|e| syntax_error(self.path, self.source, &e))
    }

    fn array(&self, raw: &'a RawValue, what: &str) -> Result<Vec<&'a RawValue>, ConvertError> {
        match kind_of(raw) {
            Kind::Null => Ok(Vec::new()),
            Kind::Array => serde_json::from_str(raw.get()).map_err(|e| syntax_error(self.path, self.source, &e)),
            _ => Err(self.wrong_type(raw, what, "an array")),
        }
    }

    fn string(&self, raw: &RawValue, what: &str) -> Result<String, ConvertError> {
        serde_json::from_str(raw.get()).map_err(|_| self.wrong_type(raw, what, "a string"))
    }

    fn whole_number(&self, raw: &RawValue, what: &str) -> Result<u64, ConvertError> {
        serde_json::from_str(raw.get()).map_err(|_| {
            let e = self.wrong_type(raw, what, "a whole number ≥ 0");
            let is_offset = what == "`start`" || what == "`end`";
            if is_offset && kind_of(raw) == Kind::String {
                e.help("a string offset is an XPath into HTML (a HyperText region); concord imports <Text> regions")
            } else {
                e
            }
        })
    }

    fn flag(&self, raw: Option<&RawValue>, what: &str) -> Result<bool, ConvertError> {
        match raw {
            None => Ok(false),
            Some(r) if kind_of(r) == Kind::Null => Ok(false),
            Some(r) => serde_json::from_str(r.get()).map_err(|_| self.wrong_type(r, what, "true or false")),
        }
    }

    fn read(&mut self) -> Result<(), ConvertError> {
        let root: &'a RawValue =
            serde_json::from_str(self.source).map_err(|e| syntax_error(self.path, self.source, &e))?;
        let items = match kind_of(root) {
            Kind::Array => self.array(root, "the file")?,
            Kind::Object => vec![root],
            _ => {
                return Err(self
                    .wrong_type(root, "the file", "a JSON array of tasks or one task object")
                    .help("export from Label Studio with Export → JSON (or JSON_MIN)"));
            }
        };
        for item in items {
            let object = self.object(item, "each task")?;
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
    fn task_text(&self, data: &Object<'a>, data_raw: &RawValue) -> Result<String, ConvertError> {
        if let Some(raw) = data.get("text") {
            return self.string(raw, "`data.text`");
        }
        let strings: Vec<&String> = data
            .iter()
            .filter(|(k, v)| k.as_str() != "document" && kind_of(v) == Kind::String)
            .map(|(k, _)| k)
            .collect();
        match strings.as_slice() {
            [one] => self.string(data[one.as_str()], "the text"),
            _ => Err(ConvertError::at(
                ErrorKind::Unsupported,
                self.at(data_raw),
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
            Some(raw) if kind_of(raw) == Kind::String => Some(self.string(raw, "`document`")?),
            _ => None,
        };
        self.corpus.match_document(name.as_deref(), Some(text), at)
    }

    fn read_task(&mut self, raw: &'a RawValue, task: &Object<'a>) -> Result<(), ConvertError> {
        let task_at = self.at(raw);
        let Some(data_raw) = task.get("data").copied() else {
            return Err(ConvertError::syntax(task_at, "this task has no `data`"));
        };
        let data = self.object(data_raw, "`data`")?;
        let text = self.task_text(&data, data_raw)?;
        let data_at = self.at(data_raw);
        let doc = self.document(data.get("document").copied(), &text, &data_at)?;
        let map = Utf16Map::new(doc.text.as_str());

        if let Some(r) = task.get("predictions") {
            let n = self.array(r, "`predictions`")?.len();
            self.tally.predictions.add(n, &self.at(r));
        }
        if let Some(r) = task.get("drafts") {
            let n = self.array(r, "`drafts`")?.len();
            self.tally.drafts.add(n, &self.at(r));
        }
        let annotations = match task.get("annotations").or_else(|| task.get("completions")) {
            Some(r) => self.array(r, "`annotations`")?,
            None => Vec::new(),
        };
        let names = self.meta_names(task.get("meta").copied(), annotations.len())?;
        let mut to_name: Option<(String, Location)> = None;
        for (i, raw) in annotations.into_iter().enumerate() {
            let name = names.as_ref().and_then(|n| n.get(i)).map(String::as_str);
            self.read_annotation(raw, name, doc, &map, &mut to_name)?;
        }
        Ok(())
    }

    /// `meta.concord_annotators`, when it names every annotation of the task.
    fn meta_names(&self, meta: Option<&'a RawValue>, annotations: usize) -> Result<Option<Vec<String>>, ConvertError> {
        let Some(meta) = meta.filter(|m| kind_of(m) == Kind::Object) else { return Ok(None) };
        let meta = self.object(meta, "`meta`")?;
        let Some(list) = meta.get(ANNOTATORS_META) else { return Ok(None) };
        let what = format!("`meta.{ANNOTATORS_META}`");
        let names =
            self.array(list, &what)?.into_iter().map(|r| self.string(r, &what)).collect::<Result<Vec<_>, _>>()?;
        Ok((names.len() == annotations).then_some(names))
    }

    fn read_annotation(
        &mut self,
        raw: &'a RawValue,
        meta_name: Option<&str>,
        doc: &Document,
        map: &Utf16Map,
        to_name: &mut Option<(String, Location)>,
    ) -> Result<(), ConvertError> {
        let at = self.at(raw);
        let annotation = self.object(raw, "each annotation")?;
        if self.flag(annotation.get("was_cancelled").copied(), "`was_cancelled`")?
            || self.flag(annotation.get("skipped").copied(), "`skipped`")?
        {
            self.tally.cancelled.add(1, &at);
            return Ok(());
        }
        let Some(result) = annotation.get("result").copied() else {
            return Err(ConvertError::syntax(at, "this annotation has no `result`"));
        };
        let results = self.array(result, "`result`")?;
        let found = match annotation.get("completed_by").copied() {
            Some(r) if kind_of(r) != Kind::Null => Some(self.user(r, "`completed_by`")?),
            _ => meta_name.map(str::to_owned),
        };
        let annotator = self.annotator(found.as_deref(), &at)?;
        let index = self.annotations.len();
        self.annotations.push(ImportedAnnotation {
            document: doc.id.clone(),
            annotator,
            source: at,
            spans: Vec::new(),
        });
        for raw in results {
            self.read_result(raw, index, doc, map, to_name)?;
        }
        Ok(())
    }

    fn annotator(&self, found: Option<&str>, at: &Location) -> Result<String, ConvertError> {
        self.options.annotator_name(found, at).map_err(|e| {
            if found.is_none() {
                e.help("a Label Studio export names each annotation's user in `completed_by`; this one has none")
            } else {
                e
            }
        })
    }

    /// A user as `completed_by` (full export) or `annotator` (JSON_MIN) gives it: an id, an
    /// object with an `email` or `id`, or an email.
    fn user(&self, raw: &'a RawValue, what: &str) -> Result<String, ConvertError> {
        match kind_of(raw) {
            Kind::Number => Ok(format!("ls-user-{}", self.whole_number(raw, what)?)),
            Kind::String => self.string(raw, what),
            Kind::Object => {
                let user = self.object(raw, what)?;
                if let Some(email) = user.get("email").filter(|r| kind_of(r) == Kind::String) {
                    return self.string(email, &format!("{what}.email"));
                }
                match user.get("id") {
                    Some(id) => Ok(format!("ls-user-{}", self.whole_number(id, &format!("{what}.id"))?)),
                    None => Err(ConvertError::syntax(self.at(raw), format!("{what} has neither `email` nor `id`"))),
                }
            }
            _ => Err(self.wrong_type(raw, what, "a user id, an email or a user object")),
        }
    }

    fn read_result(
        &mut self,
        raw: &'a RawValue,
        annotation: usize,
        doc: &Document,
        map: &Utf16Map,
        to_name: &mut Option<(String, Location)>,
    ) -> Result<(), ConvertError> {
        let at = self.at(raw);
        let result = self.object(raw, "each result")?;
        let Some(kind) = result.get("type") else {
            return Err(ConvertError::syntax(at, "this result has no `type`"));
        };
        let kind = self.string(kind, "`type`")?;
        match kind.as_str() {
            "labels" => {}
            "hypertextlabels" | "paragraphlabels" => return Err(refuse_region(&kind, at)),
            _ => {
                self.tally.other_results.entry(kind).or_default().add(1, &at);
                return Ok(());
            }
        }
        let Some(value) = result.get("value").copied() else {
            return Err(ConvertError::syntax(at, "this `labels` result has no `value`"));
        };
        let value = self.object(value, "`value`")?;
        let note = match result.get("meta").copied() {
            Some(meta) if kind_of(meta) == Kind::Object => self.note(&self.object(meta, "`meta`")?)?,
            _ => None,
        };
        let target = match result.get("to_name") {
            Some(r) => Some(self.string(r, "`to_name`")?),
            None => None,
        };
        if let Some(target) = &target {
            match to_name {
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
                None => *to_name = Some((target.clone(), at.clone())),
            }
        }
        let region = RegionSource { at, note, to_name: target.as_deref() };
        self.read_value(&value, region, annotation, doc, map)
    }

    /// A region's note: `meta.text`, Label Studio's per-region meta text (a list of strings).
    fn note(&self, meta: &Object<'a>) -> Result<Option<String>, ConvertError> {
        let Some(text) = meta.get("text").copied() else { return Ok(None) };
        let lines = match kind_of(text) {
            Kind::String => vec![self.string(text, "`meta.text`")?],
            _ => self
                .array(text, "`meta.text`")?
                .into_iter()
                .map(|r| self.string(r, "`meta.text`"))
                .collect::<Result<_, _>>()?,
        };
        let note = lines.join("\n");
        Ok((!note.trim().is_empty()).then_some(note))
    }

    /// A region's `value` (`start`, `end`, `text`, `labels`) into spans of `annotation`.
    fn read_value(
        &mut self,
        value: &Object<'a>,
        region: RegionSource<'_>,
        annotation: usize,
        doc: &Document,
        map: &Utf16Map,
    ) -> Result<(), ConvertError> {
        let at = region.at;
        let (Some(start), Some(end)) = (value.get("start"), value.get("end")) else {
            return Err(ConvertError::syntax(at, "this region's `value` has no `start` and `end`"));
        };
        let start = self.whole_number(start, "`start`")?;
        let end = self.whole_number(end, "`end`")?;
        let labels = match value.get("labels") {
            Some(r) => self
                .array(r, "`labels`")?
                .into_iter()
                .map(|l| self.string(l, "each label"))
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        let text = match value.get("text").copied() {
            Some(r) if kind_of(r) != Kind::Null => Some(self.string(r, "`value.text`")?),
            _ => None,
        };
        if labels.is_empty() {
            self.tally.no_label.add(1, &at);
            return Ok(());
        }
        if labels.len() > 1 {
            self.tally.several_labels.add(1, &at);
        }
        let placement = place(&doc.text, map, start, end, text.as_deref()).map_err(|failure| {
            let mut e = ConvertError::at(failure.kind, at.clone(), failure.message);
            for line in failure.help {
                e = e.help(line);
            }
            if let (Some(target), ErrorKind::TextMismatch) = (region.to_name, e.kind) {
                e = e.help(format!("the region is on `{target}`, read as the text of document `{}`", doc.id));
            }
            e
        })?;
        let (start, end) = match &placement {
            Placement::Fixed(s, e, proved) => {
                if let Some(unit) = proved {
                    self.tally.proved.entry(*unit).or_default().add(1, &at);
                }
                (*s, *e)
            }
            Placement::Open { code_points, utf16, .. } => code_points.or(*utf16).unwrap_or((0, 0)),
        };
        let spans = &mut self.annotations[annotation].spans;
        let first = spans.len();
        for label in labels {
            spans.push(ImportedSpan { start, end, label, note: region.note.clone(), at: at.clone() });
        }
        if let Placement::Open { code_points, utf16, has_text } = placement {
            let spans = first..self.annotations[annotation].spans.len();
            self.pending.push(Pending { annotation, spans, code_points, utf16, has_text, at });
        }
        Ok(())
    }

    /// One JSON_MIN record: the data fields, `annotator`, and one key per control tag.
    fn read_min_record(&mut self, raw: &'a RawValue, record: &Object<'a>) -> Result<(), ConvertError> {
        let at = self.at(raw);
        let regions: BTreeMap<&String, Vec<&'a RawValue>> = record
            .iter()
            .filter(|(_, v)| kind_of(v) == Kind::Array)
            .filter_map(|(k, v)| {
                let items: Vec<&'a RawValue> = serde_json::from_str(v.get()).ok()?;
                let is_regions = !items.is_empty() && items.iter().all(|i| region_keys(i).is_some());
                is_regions.then_some((k, items))
            })
            .collect();
        let text_key = if record.get("text").is_some_and(|r| kind_of(r) == Kind::String) {
            "text".to_owned()
        } else {
            let strings: Vec<&String> = record
                .iter()
                .filter(|(k, v)| {
                    kind_of(v) == Kind::String && k.as_str() != "document" && !MIN_RECORD_KEYS.contains(&k.as_str())
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
        let text = self.string(record[&text_key], "the text")?;
        let doc = self.document(record.get("document").copied(), &text, &at)?;
        let map = Utf16Map::new(doc.text.as_str());

        let found = match record.get("annotator").copied() {
            Some(r) if kind_of(r) != Kind::Null => Some(self.user(r, "`annotator`")?),
            _ => None,
        };
        let annotator = self.annotator(found.as_deref(), &at)?;
        let index = self.annotations.len();
        self.annotations.push(ImportedAnnotation {
            document: doc.id.clone(),
            annotator,
            source: at.clone(),
            spans: Vec::new(),
        });
        for (key, value) in record {
            let skip = key == &text_key || key == "document" || MIN_RECORD_KEYS.contains(&key.as_str());
            if skip || regions.contains_key(key) {
                continue;
            }
            let field_at = self.at(value);
            self.tally.min_fields.entry(key.clone()).or_default().add(1, &field_at);
        }
        for item in regions.into_values().flatten() {
            let item_at = self.at(item);
            if let Some(kind @ ("hypertextlabels" | "paragraphlabels")) = region_keys(item) {
                return Err(refuse_region(kind, item_at));
            }
            let value = self.object(item, "each region")?;
            let region = RegionSource { at: item_at, note: None, to_name: None };
            self.read_value(&value, region, index, doc, &map)?;
        }
        Ok(())
    }

    /// Settles the open regions by the file's majority reading, and reports what was skipped.
    fn finish(mut self, imported: &mut Imported) {
        let count = |unit| self.tally.proved.get(&unit).map_or(0, |c| c.n);
        let majority =
            if count(Offsets::Utf16) > count(Offsets::CodePoints) { Offsets::Utf16 } else { Offsets::CodePoints };
        for pending in std::mem::take(&mut self.pending) {
            let (preferred, other) = match majority {
                Offsets::CodePoints => (pending.code_points, pending.utf16),
                Offsets::Utf16 => (pending.utf16, pending.code_points),
            };
            let Some((start, end)) = preferred.or(other) else { continue };
            for span in &mut self.annotations[pending.annotation].spans[pending.spans.clone()] {
                span.start = start;
                span.end = end;
            }
            if !pending.has_text {
                self.tally.unproved.add(1, &pending.at);
            }
        }
        let notices = &mut imported.notices;
        let t = &self.tally;
        if self.tasks == 0 {
            notices.push(Notice::new(Some(Location::file(self.path)), "this file holds no task"));
        }
        t.cancelled.notice(notices, |n| format!("{n} cancelled (skipped) annotation(s) were not imported"));
        t.predictions.notice(notices, |n| {
            format!("{n} prediction(s) (model pre-annotations) were not imported: concord imports annotations")
        });
        t.drafts.notice(notices, |n| format!("{n} draft(s) were not imported: concord imports submitted annotations"));
        for (kind, count) in &t.other_results {
            count.notice(notices, |n| match kind.as_str() {
                "relation" => format!("{n} relation(s) between regions were not imported: concord has no relations"),
                _ => format!("{n} `{kind}` result(s) were not imported: concord imports labelled text regions"),
            });
        }
        t.no_label.notice(notices, |n| format!("{n} region(s) without a label were not imported"));
        t.several_labels.notice(notices, |n| format!("{n} region(s) with several labels became one span per label"));
        for (field, count) in &t.min_fields {
            count.notice(notices, |n| {
                format!("field `{field}` of {n} JSON_MIN record(s) was not imported: it is neither the text nor text regions")
            });
        }
        if let Some(count) = t.proved.get(&Offsets::Utf16) {
            count.notice(notices, |n| {
                format!(
                    "{n} region(s) count offsets in UTF-16 code units (as older Label Studio versions did), as their `value.text` shows; they were converted to code points"
                )
            });
        }
        t.unproved.notice(notices, |n| {
            format!(
                "{n} region(s) have no `value.text` and lie after a character outside the Basic Multilingual Plane, where code points and UTF-16 code units differ; their offsets were read as {}{}",
                majority.describe(),
                if count(majority) > 0 { ", as the other regions of this file show" } else { " (how Label Studio counts)" }
            )
        });
        imported.annotations.append(&mut self.annotations);
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
    let object: BTreeMap<String, &RawValue> = serde_json::from_str(item.get()).ok()?;
    if !object.contains_key("start") || !object.contains_key("end") {
        return None;
    }
    ["labels", "hypertextlabels", "paragraphlabels"].into_iter().find(|k| object.contains_key(*k))
}

/// What a JSON value is, from its first character (the value is known to be well-formed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    String,
    Boolean,
    Null,
    Number,
}

fn kind_of(raw: &RawValue) -> Kind {
    match raw.get().trim_start().as_bytes().first() {
        Some(b'{') => Kind::Object,
        Some(b'[') => Kind::Array,
        Some(b'"') => Kind::String,
        Some(b't' | b'f') => Kind::Boolean,
        Some(b'n') => Kind::Null,
        _ => Kind::Number,
    }
}

/// A value for a message: its kind, or the number itself.
fn describe(raw: &RawValue) -> String {
    match kind_of(raw) {
        Kind::Object => "an object".to_owned(),
        Kind::Array => "an array".to_owned(),
        Kind::String => "a string".to_owned(),
        Kind::Boolean => "a boolean".to_owned(),
        Kind::Null => "null".to_owned(),
        Kind::Number => format!("`{}`", raw.get()),
    }
}

fn quoted<S: AsRef<str>>(names: &[S]) -> String {
    names.iter().map(|n| format!("`{}`", n.as_ref())).collect::<Vec<_>>().join(", ")
}

/// Why a region cannot be placed.
#[derive(Debug, PartialEq, Eq)]
struct PlaceFailure {
    kind: ErrorKind,
    message: String,
    help: Vec<String>,
}

/// Where a region with these offsets and this `value.text` lies in `text`.
fn place(text: &Text, map: &Utf16Map, start: u64, end: u64, expected: Option<&str>) -> Result<Placement, PlaceFailure> {
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
            _ => Ok(Placement::Fixed(a.0, a.1, None)),
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
        return Ok(Placement::Open { code_points: as_code_points.ok(), utf16: as_utf16.ok(), has_text: false });
    };
    for loose in [false, true] {
        let matching: Vec<(Offsets, (usize, usize))> = readings
            .iter()
            .filter_map(|(unit, reading)| reading.as_ref().ok().map(|r| (*unit, *r)))
            .filter(|(_, r)| same_text(slice(*r), expected, loose))
            .collect();
        match matching.as_slice() {
            [] => continue,
            [(unit, (s, e))] => return Ok(Placement::Fixed(*s, *e, Some(*unit))),
            _ => {
                return Ok(Placement::Open { code_points: as_code_points.ok(), utf16: as_utf16.ok(), has_text: true });
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
fn same_text(slice: &str, value_text: &str, loose: bool) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Export

#[derive(Serialize)]
struct TaskOut<'a> {
    /// 1-based, in document order: Label Studio's exports always have one, and tools that read
    /// them (its own converters) require it; its import assigns new ids.
    id: usize,
    data: DataOut<'a>,
    annotations: Vec<AnnotationOut<'a>>,
    meta: BTreeMap<&'static str, Vec<&'a str>>,
}

#[derive(Serialize)]
struct DataOut<'a> {
    text: &'a str,
    document: &'a str,
}

#[derive(Serialize)]
struct AnnotationOut<'a> {
    /// 1-based, running over the whole file, as in Label Studio's exports.
    id: usize,
    result: Vec<RegionOut<'a>>,
    was_cancelled: bool,
    ground_truth: bool,
}

#[derive(Serialize)]
struct RegionOut<'a> {
    value: ValueOut<'a>,
    id: String,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    origin: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<RegionMeta<'a>>,
}

#[derive(Serialize)]
struct ValueOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'a str; 1],
}

#[derive(Serialize)]
struct RegionMeta<'a> {
    text: [&'a str; 1],
}

/// Renders the project as a Label Studio JSON import (offsets in code points) and its labelling config.
pub fn export(input: &ExportInput) -> Result<Exported, ConvertError> {
    export_with(input, Offsets::CodePoints)
}

/// [`export`] with offsets counted as `offsets` says (UTF-16 code units for older Label Studio versions).
pub fn export_with(input: &ExportInput, offsets: Offsets) -> Result<Exported, ConvertError> {
    let mut tasks = Vec::with_capacity(input.documents.len());
    let mut annotation_id = 0;
    for doc in &input.documents {
        let map = Utf16Map::new(doc.text.as_str());
        let count = |offset: usize| match offsets {
            Offsets::CodePoints => offset,
            Offsets::Utf16 => map.to_utf16(offset),
        };
        let mut annotations = Vec::with_capacity(doc.by_annotator.len());
        for (annotator, spans) in &doc.by_annotator {
            let id_base = annotator.replace('.', "_");
            let mut result = Vec::with_capacity(spans.len());
            for (n, span) in spans.iter().enumerate() {
                let text = doc.text.slice(span.start, span.end).filter(|_| span.start < span.end).ok_or_else(|| {
                    ConvertError::new(
                        ErrorKind::Project,
                        None,
                        format!(
                            "a span of `{annotator}` on `{}`, [{}, {}), lies outside the document",
                            doc.id, span.start, span.end
                        ),
                    )
                })?;
                result.push(RegionOut {
                    value: ValueOut { start: count(span.start), end: count(span.end), text, labels: [&span.label] },
                    id: format!("{id_base}-{}", n + 1),
                    from_name: "label",
                    to_name: "text",
                    kind: "labels",
                    origin: "manual",
                    meta: span.note.as_deref().map(|note| RegionMeta { text: [note] }),
                });
            }
            annotation_id += 1;
            annotations.push(AnnotationOut { id: annotation_id, result, was_cancelled: false, ground_truth: false });
        }
        let names = doc.by_annotator.keys().map(String::as_str).collect();
        tasks.push(TaskOut {
            id: tasks.len() + 1,
            data: DataOut { text: doc.text.as_str(), document: &doc.id },
            annotations,
            meta: BTreeMap::from([(ANNOTATORS_META, names)]),
        });
    }
    let json = serde_json::to_string_pretty(&tasks)
        .map_err(|e| ConvertError::new(ErrorKind::Io, None, format!("cannot render JSON: {e}")))?;
    let files = vec![
        OutputFile { path: PathBuf::from(CONFIG_FILE), contents: label_config(input) },
        OutputFile { path: PathBuf::from(TASKS_FILE), contents: format!("{json}\n") },
    ];
    Ok(Exported { files, notices: Vec::new() })
}

/// The labelling config: the project's labels (with colours) on a `<Text>` showing `$text`.
fn label_config(input: &ExportInput) -> String {
    let mut xml = String::from("<View>\n  <Style>.htx-text { white-space: pre-wrap; }</Style>\n");
    xml.push_str("  <Labels name=\"label\" toName=\"text\">\n");
    for label in &input.labels.labels {
        xml.push_str(&format!("    <Label value=\"{}\"", xml_attribute(&label.name)));
        if let Some(color) = &label.color {
            xml.push_str(&format!(" background=\"{}\"", xml_attribute(color)));
        }
        xml.push_str("/>\n");
    }
    xml.push_str("  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n");
    xml
}

fn xml_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Quetta 😀 — “ISIS” struck\nagain";

    fn text() -> (Text, Utf16Map) {
        (Text::new(TEXT.to_owned()), Utf16Map::new(TEXT))
    }

    #[test]
    fn readings_that_agree_need_no_text() {
        let (t, m) = text();
        assert_eq!(place(&t, &m, 0, 6, None), Ok(Placement::Fixed(0, 6, None)));
        assert_eq!(place(&t, &m, 0, 6, Some("Quetta")), Ok(Placement::Fixed(0, 6, None)));
        let e = place(&t, &m, 0, 6, Some("Quetto")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TextMismatch);
    }

    #[test]
    fn the_text_tells_code_points_from_utf16() {
        let (t, m) = text();
        // “ISIS” is code points 12..16, UTF-16 units 13..17.
        assert_eq!(place(&t, &m, 12, 16, Some("ISIS")), Ok(Placement::Fixed(12, 16, Some(Offsets::CodePoints))));
        assert_eq!(place(&t, &m, 13, 17, Some("ISIS")), Ok(Placement::Fixed(12, 16, Some(Offsets::Utf16))));
        assert_eq!(
            place(&t, &m, 12, 16, None),
            Ok(Placement::Open { code_points: Some((12, 16)), utf16: Some((11, 15)), has_text: false })
        );
    }

    #[test]
    fn a_surrogate_half_is_explained_when_nothing_matches() {
        let (t, m) = text();
        // UTF-16 offset 8 is inside 😀; as code points 8..10 is " —".
        let e = place(&t, &m, 8, 10, Some("😀")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TextMismatch);
        assert!(e.help.iter().any(|h| h.contains("surrogate pair")), "{e:?}");
        assert_eq!(place(&t, &m, 8, 10, Some(" —")), Ok(Placement::Fixed(8, 10, Some(Offsets::CodePoints))));
    }

    #[test]
    fn line_breaks_may_be_stored_as_spaces_or_backslash_n() {
        let (t, m) = text();
        // "struck\nagain" is code points 18..30, UTF-16 units 19..31.
        let fixed = Ok(Placement::Fixed(18, 30, Some(Offsets::CodePoints)));
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
                Ok(Placement::Fixed(s, e, _)) => proptest::prop_assert!(s < e && e <= t.len_chars()),
                Ok(Placement::Open { code_points, utf16, .. }) => {
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
}
