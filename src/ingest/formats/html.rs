//! PLACEHOLDER: replaced by the html reader.

use super::OpenError;
use crate::ingest::grid::Grid;

pub fn read(_bytes: &[u8], name: &str) -> Result<Grid, OpenError> {
    Err(OpenError::Corrupt { name: name.to_string(), format: "html", detail: "not read yet".into() })
}
