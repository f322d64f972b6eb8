//! A project's settings of checks: `concord.yaml` at the project root, read once by
//! [`crate::Project::open`] and applied to every file's findings, so that `validate`, `fix`,
//! `report`, `import` (through [`crate::SourceCheck::with_checks`]), CI and an editor's language
//! server see the same levels.
//!
//! ```yaml
//! # yaml-language-server: $schema=schemas/concord.schema.json
//! checks:                 # every file
//!   cuts-word: error      # a code's name or its number (C020)
//!   C030: error           # no open curation question may be merged
//! label_checks:           # the spans of one label; wins over `checks` for them
//!   INSULT:
//!     span-boundary: off  # "the bull crap" is the whole insult, not a loose boundary
//! ```
//!
//! Design choices:
//! - **A file of its own, not `schemas/labels.yaml`.** The label set is the annotation scheme:
//!   imports write it from an input's declared labels and exports carry it to other tools,
//!   and projects may share it; which hints a project wants is that project's choice about its
//!   tooling. Kept apart, a mistake in a setting costs that one setting (C032) and never the
//!   label set, whose loss would turn every span into an unknown label. Per-label settings
//!   name labels of the label set and are checked against it, with a "did you mean" hint.
//! - **Levels are `off`, `warning` and `error`**: the diagnostic model has no info or hint
//!   level, and a level that only changes colour would be noise in CI.
//! - **Only hints and reminders can be configured** ([`Code::adjustable`]: C020, C021, C026,
//!   C028, C029, C030). Every other code protects the data: file structure (C001–C008,
//!   C010, C011), the corpus and its text (C009, C012, C023), offsets and text (C013–C015,
//!   C017), labels (C016, C024), overlaps and duplicates (C018, C019), where files go (C022,
//!   C025, C031), the gold's votes (C027) and this file (C032). A file with one of those errors
//!   loses spans from every figure, so silencing it would hide lost data: a setting that tries
//!   is refused.
//! - **A refused setting is an error finding (C032), not a stop (exit 2).** It has a file, line
//!   and column an editor can underline; the run still reports everything else; the setting is
//!   ignored, so the run uses the default level, and the error makes the run fail (exit 1): a
//!   bad configuration never lets a run pass that would otherwise fail. A file that is not
//!   YAML gets the annotation files' codes (C001–C006) at its place, and none of it applies.
//! - **Per-label settings apply to findings about one span** ([`Code::about_one_span`]), which
//!   carry the span's label ([`Diagnostic::span_label`]); C030 is about a question whose
//!   candidates may have several labels, so it is configured for every file only.
//! - **Settings change diagnostics, not counts**: the curation summary still counts stale
//!   decisions and open questions (`status` shows them) whatever their level.

mod schema;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;

use concord_schema::LabelSet;
use concord_schema::labels::closest_name;
use concord_schema::yaml::{Node, Value};

pub use schema::{config_schema, config_schema_text};

use crate::check::with_tree;
use crate::diagnostic::{Code, Diagnostic, Severity};

/// What a setting makes of a check's findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Not reported.
    Off,
    Warning,
    Error,
}

impl Level {
    /// The levels as written in `concord.yaml`, in order.
    pub const NAMES: [&'static str; 3] = ["off", "warning", "error"];

    fn parse(name: &str) -> Option<Level> {
        match name {
            "off" => Some(Level::Off),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// A project's settings of checks; the default changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChecksConfig {
    /// `checks:` — every finding of the code.
    all: BTreeMap<Code, Level>,
    /// `label_checks:` — findings about a span of the label.
    by_label: BTreeMap<String, BTreeMap<Code, Level>>,
}

/// The top-level keys of `concord.yaml`.
const KEYS: [&str; 2] = ["checks", "label_checks"];

impl ChecksConfig {
    /// No settings: every check at its own level (what a project without `concord.yaml` gets).
    pub const NONE: ChecksConfig = ChecksConfig { all: BTreeMap::new(), by_label: BTreeMap::new() };

    /// Reads `path` (usually [`concord_schema::Layout::config_path`]); no file is the default.
    /// Problems are returned as diagnostics at their place, and the settings they concern are
    /// left out. `labels` is the project's label set, when it could be read, to check the
    /// labels of `label_checks` against.
    pub fn load(path: &Path, labels: Option<&LabelSet>) -> (ChecksConfig, Vec<Diagnostic>) {
        if path.symlink_metadata().is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            return (ChecksConfig::default(), Vec::new());
        }
        ChecksConfig::from_source(path, concord_schema::read_utf8(path), labels)
    }

    /// Reads a `concord.yaml` given as text (an editor's buffer, a test), as [`ChecksConfig::load`].
    pub fn parse(path: &Path, source: &str, labels: Option<&LabelSet>) -> (ChecksConfig, Vec<Diagnostic>) {
        ChecksConfig::from_source(path, Ok(source.to_owned()), labels)
    }

    fn from_source(
        path: &Path,
        source: Result<String, concord_schema::LoadError>,
        labels: Option<&LabelSet>,
    ) -> (ChecksConfig, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let config = with_tree(path, source, &mut diagnostics, |tree, out| Reader { path, labels, out }.config(tree));
        (config.unwrap_or_default(), diagnostics)
    }

    /// The level set for `code` on a finding about a span labelled `label`; `None` when the
    /// project keeps the code's own level.
    pub fn level(&self, code: Code, label: Option<&str>) -> Option<Level> {
        if !code.adjustable() {
            return None;
        }
        label.and_then(|l| self.by_label.get(l)?.get(&code)).or_else(|| self.all.get(&code)).copied()
    }

    /// Applies the settings to a file's findings: drops those switched off, sets the level of
    /// the others. Codes that protect data are never touched.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.all.is_empty() && self.by_label.is_empty() {
            return;
        }
        diagnostics.retain_mut(|d| match self.level(d.code, d.span_label.as_deref()) {
            None => true,
            Some(level) => match level.severity() {
                None => false,
                Some(severity) => {
                    d.severity = severity;
                    true
                }
            },
        });
    }

    /// Whether the project changes no check.
    pub fn is_default(&self) -> bool {
        self.all.is_empty() && self.by_label.is_empty()
    }
}

/// Reads the positioned tree of `concord.yaml`, reporting each refused setting.
struct Reader<'a> {
    path: &'a Path,
    labels: Option<&'a LabelSet>,
    out: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, at: &Node, width: usize, message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::new(Code::ChecksConfig, self.path, at.start.line, at.start.column, message).width(width);
        self.out.push(d);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn config(&mut self, tree: &Node) -> ChecksConfig {
        let mut config = ChecksConfig::default();
        let entries = match &tree.value {
            Value::Null => return config,
            Value::Map(entries) => entries,
            other => {
                let kind = other.kind();
                self.error(tree, 1, format!("concord.yaml is {kind}; it must be a mapping"))
                    .help
                    .push("write `checks:` and/or `label_checks:` at the top level".to_owned());
                return config;
            }
        };
        let mut seen = Vec::new();
        for (key, value) in entries {
            let Some(name) = key.as_str() else {
                self.error(key, 1, format!("a key of concord.yaml must be a string, not {}", key.value.kind()));
                continue;
            };
            if seen.contains(&name) {
                self.error(key, name.chars().count(), format!("`{name}` is given twice"))
                    .help
                    .push("merge the two into one mapping".to_owned());
                continue;
            }
            seen.push(name);
            match name {
                "checks" => config.all = self.levels(value, None),
                "label_checks" => config.by_label = self.label_levels(value),
                _ => {
                    let d = self.error(key, name.chars().count(), format!("`{name}` is not a setting of concord.yaml"));
                    if let Some(near) = closest_name(name, KEYS) {
                        d.label = Some(format!("did you mean `{near}`?"));
                    }
                    d.help.push("concord.yaml has `checks:` (every file) and `label_checks:` (one label)".to_owned());
                }
            }
        }
        config
    }

    /// The entries of a mapping, or `None` (with a finding) when `node` is not one; `null` (a
    /// key written with nothing under it) is an empty mapping.
    fn mapping<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            Value::Null => Some(&[]),
            other => {
                let kind = other.kind();
                self.error(node, 1, format!("{what} must be a mapping, not {kind}"));
                None
            }
        }
    }

    /// `checks:` (label `None`) or one label's mapping under `label_checks:`: code → level.
    fn levels(&mut self, node: &Node, label: Option<&str>) -> BTreeMap<Code, Level> {
        let mut levels = BTreeMap::new();
        let what = match label {
            None => "`checks`".to_owned(),
            Some(l) => format!("`label_checks: {l}`"),
        };
        let Some(entries) = self.mapping(node, &what) else { return levels };
        for (key, value) in entries {
            let Some(code) = self.code(key, label) else { continue };
            let Some(level) = self.level(value) else { continue };
            if levels.insert(code, level).is_some() {
                let width = key.as_str().map_or(1, |s| s.chars().count());
                self.error(key, width, format!("{} ({}) is set twice in {what}", code.as_str(), code.name()))
                    .help
                    .push("a check is named by its code or its name, once".to_owned());
            }
        }
        levels
    }

    fn label_levels(&mut self, node: &Node) -> BTreeMap<String, BTreeMap<Code, Level>> {
        let mut by_label = BTreeMap::new();
        let Some(entries) = self.mapping(node, "`label_checks`") else { return by_label };
        for (key, value) in entries {
            let Some(name) = key.as_str() else {
                self.error(key, 1, format!("a label must be a string, not {}", key.value.kind()));
                continue;
            };
            if let Some(labels) = self.labels
                && labels.get(name).is_none()
            {
                let names = labels.names().collect::<Vec<_>>().join(", ");
                let near = labels.closest(name).map(str::to_owned);
                let d =
                    self.error(key, name.chars().count(), format!("`{name}` is not a label of schemas/labels.yaml"));
                if let Some(near) = near {
                    d.label = Some(format!("did you mean `{near}`?"));
                }
                d.help.push(format!("labels: {names}"));
                continue;
            }
            if by_label.contains_key(name) {
                self.error(key, name.chars().count(), format!("`{name}` is given twice in `label_checks`"));
                continue;
            }
            let levels = self.levels(value, Some(name));
            by_label.insert(name.to_owned(), levels);
        }
        by_label
    }

    /// The code a key names, when it names one that this place may configure.
    fn code(&mut self, key: &Node, label: Option<&str>) -> Option<Code> {
        let Some(name) = key.as_str() else {
            self.error(key, 1, format!("a check is named by its code (`C026`) or name, not {}", key.value.kind()));
            return None;
        };
        let width = name.chars().count();
        let configurable: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.adjustable() && (label.is_none() || c.about_one_span()))
            .map(|c| c.as_str())
            .collect();
        let Some(code) = Code::parse(name) else {
            let names = Code::ALL.iter().flat_map(|c| [c.as_str(), c.name()]);
            let near = closest_name(name, names).and_then(Code::parse);
            let d = self.error(key, width, format!("`{name}` is not a diagnostic code"));
            if let Some(near) = near {
                d.label = Some(format!("did you mean `{}` ({})?", near.as_str(), near.name()));
            }
            d.help.push(format!("codes that can be configured here: {}", configurable.join(", ")));
            return None;
        };
        let described = format!("{} ({})", code.as_str(), code.name());
        if !code.adjustable() {
            self.error(key, width, format!("{described} protects the data: it cannot be switched off or lowered"))
                .help
                .push(format!("only hints and reminders can be configured: {}", configurable.join(", ")));
            return None;
        }
        if let Some(label) = label
            && !code.about_one_span()
        {
            self.error(key, width, format!("{described} is not about one span, so it cannot be set for `{label}`"))
                .help
                .push(format!("set it under `checks:`, for every file; per label: {}", configurable.join(", ")));
            return None;
        }
        Some(code)
    }

    fn level(&mut self, value: &Node) -> Option<Level> {
        let written = match &value.value {
            Value::String(s) => s.as_str(),
            Value::Bool(false) => {
                self.error(value, "false".len(), "a level is `off`, `warning` or `error`, not `false`")
                    .help
                    .push("write `off` to switch the check off".to_owned());
                return None;
            }
            other => {
                let kind = other.kind();
                self.error(value, 1, format!("a level is `off`, `warning` or `error`, not {kind}"));
                return None;
            }
        };
        if let Some(level) = Level::parse(written) {
            return Some(level);
        }
        let d = self.error(
            value,
            written.chars().count(),
            format!("`{written}` is not a level: write `off`, `warning` or `error`"),
        );
        if let Some(near) = closest_name(written, Level::NAMES) {
            d.label = Some(format!("did you mean `{near}`?"));
        } else if matches!(written, "info" | "hint" | "note") {
            d.help.push("concord's findings are errors or warnings; `off` hides a check".to_owned());
        }
        None
    }
}
