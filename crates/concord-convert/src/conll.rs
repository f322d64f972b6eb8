//! Work in progress.

use crate::tokens::Tokenizer;
use crate::{ConvertError, ErrorKind, ExportInput, Exported};

pub fn export(_input: &ExportInput, _tokens: Tokenizer) -> Result<Exported, ConvertError> {
    Err(ConvertError::new(ErrorKind::Unsupported, None, "not built yet"))
}
