//! Placeholder for the Neo4j writer (being written).

use std::io::Write;

use super::IoError;
use crate::ClaimGraph;

pub(crate) fn write(
    _graph: &ClaimGraph,
    _nodes: impl Write,
    _relationships: impl Write,
) -> Result<(), IoError> {
    Err(IoError::Unsupported {
        format: "neo4j",
        operation: "export",
    })
}
