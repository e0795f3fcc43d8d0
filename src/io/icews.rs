//! Placeholder for the icews reader (being written).

use std::io::BufRead;

use super::{ImportReport, IoError};
use crate::ClaimGraph;

pub(crate) fn read(
    _reader: impl BufRead,
    _graph: &mut ClaimGraph,
    _skip_invalid: bool,
) -> Result<ImportReport, IoError> {
    Err(IoError::Unsupported {
        format: "icews",
        operation: "import",
    })
}
