//! The header: the `#FORMAT=` line, the layer declarations (`#T_SP=` span, `#T_RL=` relation,
//! `#T_CH=` chain) and their feature columns, and `--layer`, which picks one span layer from them.
//!
//! The declarations are read into [`Layer`]s that know where their columns sit among a token
//! line's annotation columns and which column gives concord its labels, so the body reader
//! never interprets a field name again.

use crate::error::{ConvertError, ErrorKind, Location};
use crate::source_map::SourceMap;

use super::{CHAIN_PREFIX, FORMAT_PREFIX, NAMED_ENTITY, RELATION_PREFIX, SPAN_PREFIX};

const FORMAT_NAME: &str = "WebAnno TSV";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LayerKind {
    Span,
    Relation,
    Chain,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ColumnKind {
    /// A primitive feature (`value`, `label`, …).
    Feature,
    /// The one column of a layer without features.
    Placeholder,
    SlotRole,
    SlotTarget,
    /// A relation's source unit (`BT_<type>`).
    RelationSource,
    ChainType,
    ChainLink,
}

#[derive(Debug)]
pub(super) struct Column {
    pub(super) name: String,
    pub(super) kind: ColumnKind,
}

#[derive(Debug)]
pub(super) struct Layer {
    pub(super) kind: LayerKind,
    pub(super) type_name: String,
    /// The label column `--layer TYPE:FEATURE` chose, overriding the default rule.
    pub(super) label_override: Option<usize>,
    /// Index of its first column among all annotation columns.
    pub(super) first_column: usize,
    pub(super) columns: Vec<Column>,
}

impl Layer {
    pub(super) fn short_name(&self) -> &str {
        self.type_name.rsplit('.').next().unwrap_or(&self.type_name)
    }

    /// The column (index in `columns`) whose values become labels: NamedEntity's `value`, else the
    /// first primitive feature, else the placeholder of a layer without features.
    pub(super) fn label_column(&self) -> Option<usize> {
        if self.kind != LayerKind::Span {
            return None;
        }
        if self.label_override.is_some() {
            return self.label_override;
        }
        let named_value = || {
            (self.type_name == NAMED_ENTITY)
                .then(|| self.columns.iter().position(|c| c.kind == ColumnKind::Feature && c.name == "value"))
                .flatten()
        };
        named_value()
            .or_else(|| self.columns.iter().position(|c| c.kind == ColumnKind::Feature))
            .or_else(|| self.columns.iter().position(|c| c.kind == ColumnKind::Placeholder))
    }

    /// What its entries are called in notices.
    pub(super) fn entries(&self) -> &'static str {
        match self.kind {
            LayerKind::Span => "annotation(s)",
            LayerKind::Relation => "relation(s)",
            LayerKind::Chain => "chain link(s)",
        }
    }

    pub(super) fn describe(&self) -> &'static str {
        match self.kind {
            LayerKind::Span => "span layer",
            LayerKind::Relation => "relation layer",
            LayerKind::Chain => "chain layer",
        }
    }
}

/// `#FORMAT=WebAnno TSV 3.3` (`line`, the first line of the file) → the minor version (3).
pub(super) fn parse_format(line: &str, map: &SourceMap<'_>) -> Result<u32, ConvertError> {
    let Some(rest) = line.strip_prefix(FORMAT_PREFIX) else {
        return Err(ConvertError::syntax(
            map.at_slice(line),
            "not a WebAnno TSV file: the first line must be `#FORMAT=WebAnno TSV 3.3`",
        )
        .help("export from INCEpTION in the format \"WebAnno TSV v3.3\""));
    };
    let (name, version) = rest.rsplit_once(' ').unwrap_or((rest, ""));
    let parsed =
        version.split_once('.').and_then(|(major, minor)| Some((major.parse::<u32>().ok()?, minor.parse().ok()?)));
    match parsed {
        Some((3, minor)) if name == FORMAT_NAME => Ok(minor),
        _ => Err(ConvertError::at(
            ErrorKind::Unsupported,
            map.at_slice(rest),
            format!("`{rest}` is not a format concord reads: it reads WebAnno TSV 3.x"),
        )
        .help("export from INCEpTION in the format \"WebAnno TSV v3.3\"")),
    }
}

/// A layer declaration, its columns numbered from `first_column`; `None` for a line that is none.
pub(super) fn parse_layer(line: &str, first_column: usize, map: &SourceMap<'_>) -> Result<Option<Layer>, ConvertError> {
    let (kind, prefix) = if line.starts_with(SPAN_PREFIX) {
        (LayerKind::Span, SPAN_PREFIX)
    } else if line.starts_with(RELATION_PREFIX) {
        (LayerKind::Relation, RELATION_PREFIX)
    } else if line.starts_with(CHAIN_PREFIX) {
        (LayerKind::Chain, CHAIN_PREFIX)
    } else {
        return Ok(None);
    };
    let declared = &line[prefix.len()..];
    // As INCEpTION splits it: empty fields vanish (`Type|` is a layer without features).
    let mut fields = declared.split('|').filter(|f| !f.is_empty());
    let Some(type_name) = fields.next() else {
        return Err(ConvertError::syntax(map.at_slice(declared), "a layer declaration without a type name"));
    };
    let mut columns: Vec<Column> = Vec::new();
    for field in fields {
        let after_role = columns.last().is_some_and(|c| c.kind == ColumnKind::SlotRole);
        let column_kind = match kind {
            LayerKind::Span if field.starts_with("ROLE_") => ColumnKind::SlotRole,
            LayerKind::Span if after_role => ColumnKind::SlotTarget,
            LayerKind::Relation if field.starts_with("BT_") => ColumnKind::RelationSource,
            LayerKind::Chain if field == "referenceType" => ColumnKind::ChainType,
            LayerKind::Chain if field == "referenceRelation" => ColumnKind::ChainLink,
            _ => ColumnKind::Feature,
        };
        columns.push(Column { name: field.to_owned(), kind: column_kind });
    }
    if columns.is_empty() {
        columns.push(Column { name: String::new(), kind: ColumnKind::Placeholder });
    }
    Ok(Some(Layer { label_override: None, kind, type_name: type_name.to_owned(), first_column, columns }))
}

/// `--layer TYPE[:FEATURE]`: the span layer whose values become labels, named by its full type
/// (`webanno.custom.Militant`) or its short name (`Militant`), and optionally the feature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct LayerChoice {
    layer: String,
    feature: Option<String>,
}

impl LayerChoice {
    pub(super) fn parse(spec: &str) -> LayerChoice {
        match spec.split_once(':') {
            Some((layer, feature)) => LayerChoice { layer: layer.to_owned(), feature: Some(feature.to_owned()) },
            None => LayerChoice { layer: spec.to_owned(), feature: None },
        }
    }

    pub(super) fn matches(&self, layer: &Layer) -> bool {
        layer.kind == LayerKind::Span && (layer.type_name == self.layer || layer.short_name() == self.layer)
    }

    /// The column of the chosen feature (`None`: the layer's default label column).
    pub(super) fn feature_column(&self, layer: &Layer, at: Location) -> Result<Option<usize>, ConvertError> {
        let Some(feature) = &self.feature else { return Ok(None) };
        let features: Vec<&str> =
            layer.columns.iter().filter(|c| c.kind == ColumnKind::Feature).map(|c| c.name.as_str()).collect();
        match layer.columns.iter().position(|c| c.kind == ColumnKind::Feature && &c.name == feature) {
            Some(i) => Ok(Some(i)),
            None => Err(ConvertError::at(
                ErrorKind::Unsupported,
                at,
                format!("layer `{}` has no feature `{feature}`", layer.type_name),
            )
            .help(listed("its features", &features, "it has no features: pass --layer without `:FEATURE`"))),
        }
    }

    /// The error for a file whose header declares no layer this choice names; `at` is the header.
    pub(super) fn not_declared(&self, at: Location, layers: &[Layer]) -> ConvertError {
        let spans: Vec<&str> =
            layers.iter().filter(|l| l.kind == LayerKind::Span).map(|l| l.type_name.as_str()).collect();
        ConvertError::at(
            ErrorKind::Unsupported,
            at,
            format!("--layer `{}`: this file declares no such span layer", self.layer),
        )
        .help(listed("its span layers", &spans, "it declares no span layer"))
    }
}

/// A help line naming what the file has instead (`what: a, b`), or `none` when it has nothing.
fn listed(what: &str, names: &[&str], none: &str) -> String {
    if names.is_empty() { none.to_owned() } else { format!("{what}: {}", names.join(", ")) }
}
