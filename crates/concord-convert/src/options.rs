//! What the command line may choose: formats and the options of reading and exporting, with
//! their names and one-line help. The command line lists these, never its own copies, so a
//! format added here is on the command line at once; rules between options live here too.

use crate::error::{ConvertError, ErrorKind, Location};
use crate::tokens::Tokenizer;

/// The formats concord converts from and to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Brat,
    LabelStudio,
    Jsonl,
    WebannoTsv,
    Conll,
}

impl Format {
    pub const ALL: [Format; 5] = [Format::Brat, Format::LabelStudio, Format::Jsonl, Format::WebannoTsv, Format::Conll];

    /// One line for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            Format::Brat => "brat standoff: `.ann` beside `.txt`, and `annotation.conf`",
            Format::LabelStudio => {
                "Label Studio's JSON export (offsets in code points; UTF-16 in 2021 exports, read too)"
            }
            Format::Jsonl => "Prodigy / spaCy JSON Lines",
            Format::WebannoTsv => "WebAnno TSV 3.3, as INCEpTION exports it (offsets in UTF-16 code units)",
            Format::Conll => "CoNLL-2003 BIO (export only)",
        }
    }

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Brat => "brat",
            Format::LabelStudio => "label-studio",
            Format::Jsonl => "jsonl",
            Format::WebannoTsv => "webanno-tsv",
            Format::Conll => "conll",
        }
    }

    pub fn can_import(self) -> bool {
        self != Format::Conll
    }
}

/// What to do with a brat entity made of several fragments (`T1 Org 0 5;10 15`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Discontinuous {
    /// Stop with an error naming the line (the default: concord spans are contiguous).
    #[default]
    Refuse,
    /// One span per fragment, each with the entity's label.
    Split,
}

impl Discontinuous {
    pub const ALL: [Discontinuous; 2] = [Discontinuous::Refuse, Discontinuous::Split];

    pub fn name(self) -> &'static str {
        match self {
            Discontinuous::Refuse => "refuse",
            Discontinuous::Split => "split",
        }
    }

    /// One line for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            Discontinuous::Refuse => "Stop with an error naming the entity",
            Discontinuous::Split => "Import each fragment as a span of its own",
        }
    }
}

/// How readers name and shape what they read.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// The annotator to file every imported annotation under, overriding what the input says.
    pub annotator: Option<String>,
    pub discontinuous: Discontinuous,
    /// WebAnno TSV: the span layer whose values become labels, `TYPE` or `TYPE:FEATURE` (full or
    /// short type name); `None` for the default rule (NamedEntity `value`, else the first custom layer).
    pub layer: Option<String>,
}

impl ReadOptions {
    /// Refuses options that do not apply to `format`.
    pub fn check_for(&self, format: Format) -> Result<(), OptionError> {
        match self.layer {
            Some(_) if format != Format::WebannoTsv => Err(OptionError::LayerNotWebanno),
            _ => Ok(()),
        }
    }

    /// The annotator for an input annotation: `--annotator` if given, else the name the input
    /// gives (`found`), made into a valid folder name; an error when there is neither.
    pub fn annotator_name(&self, found: Option<&str>, at: &Location) -> Result<String, ConvertError> {
        if let Some(name) = &self.annotator {
            return Ok(name.clone());
        }
        match found.map(folder_name) {
            Some(name) if concord_schema::is_valid_id(&name) => Ok(name),
            _ => Err(ConvertError::at(
                ErrorKind::Unsupported,
                at.clone(),
                match found {
                    Some(f) => format!("the input's annotator `{f}` cannot be made into a folder name"),
                    None => "this input does not say who annotated it".to_owned(),
                },
            )
            .help("pass --annotator NAME")),
        }
    }
}

/// `alice@example.org` → `alice`; any character a folder name cannot hold becomes `-`.
pub fn folder_name(found: &str) -> String {
    let local = found.split('@').next().unwrap_or(found).trim();
    let name: String = local
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .collect();
    name.trim_start_matches('.').to_owned()
}

/// Options of exports; each applies to the formats its doc names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// CoNLL: which tokens the BIO tags are on (default: [`Tokenizer::Words`]).
    pub conll_tokens: Option<Tokenizer>,
}

impl ExportOptions {
    /// Refuses options that do not apply to `format`.
    pub fn check_for(&self, format: Format) -> Result<(), OptionError> {
        match self.conll_tokens {
            Some(_) if format != Format::Conll => Err(OptionError::TokensNotConll),
            _ => Ok(()),
        }
    }
}

/// An option given for a format it does not apply to. The texts name the command line's flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    #[error("--layer applies to --from webanno-tsv only")]
    LayerNotWebanno,
    #[error("--tokens applies to --to conll only")]
    TokensNotConll,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotator_names_become_folder_names() {
        assert_eq!(folder_name("alice@example.org"), "alice");
        assert_eq!(folder_name("Jane Doe"), "Jane-Doe");
        assert_eq!(folder_name("news_ner-alex"), "news_ner-alex");
        let at = Location::file("x");
        let opts = ReadOptions::default();
        assert_eq!(opts.annotator_name(Some("bob@x.y"), &at), Ok("bob".to_owned()));
        assert!(opts.annotator_name(None, &at).is_err());
        let forced = ReadOptions { annotator: Some("carol".into()), ..ReadOptions::default() };
        assert_eq!(forced.annotator_name(Some("bob"), &at), Ok("carol".to_owned()));
    }
}
