//! Placeholder for the graphml writer (being written).

use std::io::Write;

use super::IoError;
use crate::ClaimGraph;

pub(crate) fn write(_graph: &ClaimGraph, _writer: impl Write) -> Result<(), IoError> {
    Err(IoError::Unsupported {
        format: "graphml",
        operation: "export",
    })
}
