//! Work in progress on a branch; see the module table in lib.rs.

use std::path::Path;

use crate::{ConvertError, Corpus, ErrorKind, ExportInput, Exported, Imported, ReadOptions};

pub fn import(_path: &Path, _corpus: &Corpus, _options: &ReadOptions) -> Result<Imported, ConvertError> {
    Err(ConvertError::new(ErrorKind::Unsupported, None, "not built yet"))
}

pub fn export(_input: &ExportInput) -> Result<Exported, ConvertError> {
    Err(ConvertError::new(ErrorKind::Unsupported, None, "not built yet"))
}
