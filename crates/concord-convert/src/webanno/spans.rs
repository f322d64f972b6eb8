//! From annotation cells to concord spans: the label column of every span layer is assembled
//! into annotations (disambiguation ids join the units of one annotation), every column is
//! counted, and at the end the chosen layer's annotations become spans while everything else
//! found with values becomes a notice.
//!
//! All layers are assembled while reading, because which layer is chosen is known only at the
//! end (the first one *with annotations*); the counts are [`Tally`]s, so each notice names how
//! many and where the first was.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{ConvertError, Location};
use crate::import::ImportedSpan;
use crate::notice::{Notice, Tally};
use crate::source_map::SourceMap;

use super::escape::{split_id, split_stack, unescape_value};
use super::header::{ColumnKind, Layer, LayerKind};
use super::parse::{Parsed, UnitLine};
use super::{NO_ANNOTATION, NO_VALUE};

/// One annotation of a span layer as the units build it.
#[derive(Debug)]
struct RawAnnotation<'a> {
    begin: usize,
    end: usize,
    label: Option<String>,
    at: Location,
    last_token: usize,
    last_line: &'a str,
}

impl<'a> RawAnnotation<'a> {
    /// An annotation that starts on `unit`.
    fn on(unit: &UnitLine<'a>, label: Option<String>, at: Location) -> RawAnnotation<'a> {
        RawAnnotation { begin: unit.begin, end: unit.end, label, at, last_token: unit.token, last_line: unit.line }
    }
}

/// The annotations of one span layer, from its label column.
#[derive(Debug, Default)]
struct SpanAssembler<'a> {
    annotations: Vec<RawAnnotation<'a>>,
    by_id: BTreeMap<u32, usize>,
}

/// What one column holds.
#[derive(Debug, Default)]
struct ColumnCounts {
    /// Stacked entries (annotations, relations, links).
    entries: Tally,
    /// Entries with a value (not `*` or `_`).
    values: Tally,
}

/// Counts one more, placing only the first: a place costs a search and a copy of the path, and
/// a POS layer has an entry on every token.
fn count(tally: &mut Tally, at: impl FnOnce() -> Location) {
    if tally.first.is_some() {
        tally.count += 1;
    } else {
        tally.add(&at());
    }
}

/// Everything the annotation columns of a file held, as far as concord uses or reports it.
#[derive(Debug, Default)]
pub(super) struct Collected<'a> {
    /// Span layer index → the assembler of its label column.
    assemblers: BTreeMap<usize, SpanAssembler<'a>>,
    /// One per annotation column of the file.
    columns: Vec<ColumnCounts>,
}

impl<'a> Collected<'a> {
    /// Makes room for the columns of `layer`, the layer at `index` of the header.
    pub(super) fn declare(&mut self, index: usize, layer: &Layer) {
        self.columns.extend(layer.columns.iter().map(|_| ColumnCounts::default()));
        if layer.label_column().is_some() {
            self.assemblers.insert(index, SpanAssembler::default());
        }
    }

    pub(super) fn has_annotations(&self, index: usize) -> bool {
        self.assemblers.get(&index).is_some_and(|a| !a.annotations.is_empty())
    }

    /// Takes `cell`, column `offset` of `layer` (the layer at `index`), on the unit `unit`.
    pub(super) fn cell(
        &mut self,
        map: &SourceMap<'_>,
        index: usize,
        layer: &Layer,
        offset: usize,
        cell: &str,
        unit: &UnitLine<'a>,
    ) -> Result<(), ConvertError> {
        if cell == NO_ANNOTATION {
            return Ok(());
        }
        if layer.label_column() == Some(offset)
            && let Some(assembler) = self.assemblers.get_mut(&index)
        {
            let placeholder = (layer.columns[offset].kind == ColumnKind::Placeholder).then(|| layer.short_name());
            assembler.feed(map, cell, unit, placeholder)?;
        }
        let counts = &mut self.columns[layer.first_column + offset];
        for item in split_stack(cell) {
            let base = split_id(item).map_or(item, |(base, _)| base);
            count(&mut counts.entries, || map.at_slice(item));
            if !matches!(base, NO_VALUE | NO_ANNOTATION | "") {
                count(&mut counts.values, || map.at_slice(item));
            }
        }
        Ok(())
    }

    /// The spans of the layer at `chosen` (of `layers`), and a notice for each thing not taken.
    pub(super) fn into_parsed(self, layers: &[Layer], chosen: Option<usize>) -> Parsed {
        let mut spans = Vec::new();
        let mut notices = Vec::new();
        if let Some(index) = chosen {
            let layer = &layers[index];
            let annotations = self.assemblers.get(&index).map(|a| a.annotations.as_slice()).unwrap_or_default();
            notices.extend(self.chosen_layer(layer, annotations, &mut spans));
        }
        let chosen_name = chosen.map(|i| layers[i].type_name.as_str());
        for (index, layer) in layers.iter().enumerate() {
            if Some(index) == chosen {
                continue;
            }
            let columns = &self.columns[layer.first_column..layer.first_column + layer.columns.len()];
            let count = match self.assemblers.get(&index) {
                Some(a) => a.annotations.len(),
                None => {
                    let key = layer
                        .columns
                        .iter()
                        .position(|c| matches!(c.kind, ColumnKind::RelationSource | ColumnKind::ChainType));
                    columns[key.unwrap_or(0)].entries.count
                }
            };
            if count == 0 {
                continue;
            }
            let first = columns.iter().find_map(|c| c.entries.first.clone());
            let why = match (layer.kind, chosen_name) {
                (LayerKind::Relation, _) => "concord has spans, not relations".to_owned(),
                (LayerKind::Chain, _) => "concord has spans, not coreference chains".to_owned(),
                (LayerKind::Span, Some(c)) => format!("concord takes one span layer, here `{c}`"),
                (LayerKind::Span, None) => {
                    "concord takes NamedEntity `value` or a custom span layer, not DKPro Core's linguistic layers"
                        .to_owned()
                }
            };
            notices.push(Notice::new(
                first,
                format!("{} `{}`: {count} {} not imported: {why}", layer.describe(), layer.type_name, layer.entries()),
            ));
        }
        spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
        Parsed { spans, notices }
    }

    /// Pushes the chosen layer's labelled annotations to `spans`; the notices of what it skipped.
    fn chosen_layer(
        &self,
        layer: &Layer,
        annotations: &[RawAnnotation<'_>],
        spans: &mut Vec<ImportedSpan>,
    ) -> Vec<Notice> {
        let label_column = layer.label_column();
        let mut unlabelled = Tally::default();
        let mut zero_width = Tally::default();
        for a in annotations {
            match &a.label {
                None => unlabelled.add(&a.at),
                Some(_) if a.begin == a.end => zero_width.add(&a.at),
                Some(label) => spans.push(ImportedSpan {
                    start: a.begin,
                    end: a.end,
                    label: label.clone(),
                    note: None,
                    at: a.at.clone(),
                }),
            }
        }
        let feature = match label_column.map(|c| &layer.columns[c]) {
            Some(c) if c.kind == ColumnKind::Feature => format!("`{}`", c.name),
            _ => "value".to_owned(),
        };
        let mut notices = Vec::new();
        notices.extend(unlabelled.notice(|n| {
            format!(
                "{n} annotation(s) of `{}` without a {feature} (`*`) not imported: a concord span needs a label",
                layer.type_name
            )
        }));
        notices.extend(zero_width.notice(|n| {
            format!("{n} zero-width annotation(s) not imported: a concord span covers at least one character")
        }));
        for (offset, col) in layer.columns.iter().enumerate() {
            if Some(offset) == label_column {
                continue;
            }
            let what = match col.kind {
                ColumnKind::SlotRole | ColumnKind::SlotTarget => "slot feature",
                _ => "feature",
            };
            notices.extend(self.columns[layer.first_column + offset].values.notice(|n| {
                format!(
                    "{what} `{}` of `{}` not imported ({n} value(s)): the label comes from {feature}",
                    col.name, layer.type_name
                )
            }));
        }
        notices
    }
}

impl<'a> SpanAssembler<'a> {
    /// Takes one cell of the label column of a unit. `placeholder`: the short name of a layer
    /// without features, whose annotations are all `*` and take that name as their label.
    fn feed(
        &mut self,
        map: &SourceMap<'_>,
        cell: &str,
        unit: &UnitLine<'a>,
        placeholder: Option<&str>,
    ) -> Result<(), ConvertError> {
        let mut here = BTreeSet::new();
        for item in split_stack(cell) {
            let location = map.at_slice(item);
            if item.is_empty() {
                return Err(ConvertError::syntax(location, "an empty entry in a stack of annotations (`A||B`)"));
            }
            let (base, id) = split_id(item).map_err(|m| ConvertError::syntax(location.clone(), m))?;
            let label = match base {
                NO_VALUE => placeholder.map(str::to_owned),
                "" => None,
                _ => Some(unescape_value(base)),
            };
            let Some(id) = id else {
                self.annotations.push(RawAnnotation::on(unit, label, location));
                continue;
            };
            if !here.insert(id) {
                return Err(ConvertError::syntax(location, format!("disambiguation id [{id}] twice in one cell")));
            }
            match self.by_id.get(&id) {
                Some(&i) => {
                    let a = &mut self.annotations[i];
                    if a.label != label {
                        let show = |l: &Option<String>| l.as_deref().map_or("*".to_owned(), |l| format!("`{l}`"));
                        return Err(ConvertError::syntax(
                            location,
                            format!(
                                "annotation [{id}] is {} here but {} on line {}: one id is one annotation",
                                show(&label),
                                show(&a.label),
                                a.at.line
                            ),
                        ));
                    }
                    if unit.token > a.last_token + 1 {
                        return Err(ConvertError::syntax(
                            location,
                            format!(
                                "annotation [{id}] resumes after a gap (it was last on line {}): an annotation covers consecutive tokens",
                                map.at_slice(a.last_line).line
                            ),
                        ));
                    }
                    a.end = unit.end;
                    a.last_token = unit.token;
                    a.last_line = unit.line;
                    if a.end < a.begin {
                        return Err(ConvertError::syntax(
                            location,
                            format!("annotation [{id}] ends here before it starts (line {})", a.at.line),
                        ));
                    }
                }
                None => {
                    self.by_id.insert(id, self.annotations.len());
                    self.annotations.push(RawAnnotation::on(unit, label, location));
                }
            }
        }
        Ok(())
    }
}
