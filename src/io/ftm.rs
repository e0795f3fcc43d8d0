//! Placeholder for the ftm reader (being written).

use std::io::BufRead;

use super::{ImportReport, IoError};
use crate::ClaimGraph;

pub(crate) fn read(
    _reader: impl BufRead,
    _graph: &mut ClaimGraph,
    _skip_invalid: bool,
) -> Result<ImportReport, IoError> {
    Err(IoError::Unsupported {
        format: "ftm",
        operation: "import",
    })
}

pub(crate) fn write(_graph: &ClaimGraph, _writer: impl std::io::Write) -> Result<(), IoError> {
    Err(IoError::Unsupported {
        format: "ftm",
        operation: "export",
    })
}
