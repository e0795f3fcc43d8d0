//! Placeholder for the dot writer (being written).

use std::io::Write;

use super::IoError;
use crate::ClaimGraph;

pub(crate) fn write(_graph: &ClaimGraph, _writer: impl Write) -> Result<(), IoError> {
    Err(IoError::Unsupported {
        format: "dot",
        operation: "export",
    })
}
