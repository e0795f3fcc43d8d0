//! The versioned JSON document: the whole graph in one value.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use super::IoError;
use crate::ClaimGraph;
use crate::model::{Actor, Claim};
use crate::store::Batch;

/// The document format version this crate writes and reads.
pub const JSON_VERSION: u64 = 1;

/// The JSON document: `{"format": "claimgraph", "version": 1, "actors": [...], "claims": [...]}`.
///
/// Actors come in insertion order, claims in id order; each claim carries its
/// evidence. Confidence is not written: it is derived from the evidence on load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonDocument {
    /// Always `"claimgraph"`.
    pub format: String,
    /// The format version ([`JSON_VERSION`]).
    pub version: u64,
    /// Every actor.
    pub actors: Vec<Actor>,
    /// Every claim.
    pub claims: Vec<Claim>,
}

impl JsonDocument {
    /// The document of a graph.
    pub fn from_graph(graph: &ClaimGraph) -> Self {
        JsonDocument {
            format: "claimgraph".to_owned(),
            version: JSON_VERSION,
            actors: graph.actors().cloned().collect(),
            claims: graph.claims().map(|c| c.to_claim()).collect(),
        }
    }

    /// Builds a new graph from the document, all at once: any rejected actor or claim
    /// fails the whole load.
    pub fn into_graph(self) -> Result<ClaimGraph, IoError> {
        if self.version != JSON_VERSION {
            return Err(IoError::Version {
                found: self.version,
                supported: JSON_VERSION,
            });
        }
        let mut graph = ClaimGraph::new();
        let mut batch = Batch::new();
        self.actors.into_iter().for_each(|a| batch.push_actor(a));
        self.claims.into_iter().for_each(|c| batch.push_claim(c));
        graph
            .apply(batch)
            .map_err(|source| IoError::Store { line: 0, source })?;
        Ok(graph)
    }
}

/// Writes the graph as a pretty-printed JSON document.
pub(crate) fn write(graph: &ClaimGraph, writer: impl Write) -> Result<(), IoError> {
    serde_json::to_writer_pretty(writer, &JsonDocument::from_graph(graph)).map_err(|e| {
        if e.is_io() {
            IoError::Io(e.into())
        } else {
            IoError::Syntax {
                line: 0,
                message: e.to_string(),
            }
        }
    })
}

/// Reads a JSON document into a new graph.
pub(crate) fn read(reader: impl Read) -> Result<ClaimGraph, IoError> {
    let doc: JsonDocument = serde_json::from_reader(reader).map_err(|e| {
        if e.is_io() {
            IoError::Io(e.into())
        } else {
            IoError::Syntax {
                line: e.line(),
                message: e.to_string(),
            }
        }
    })?;
    if doc.format != "claimgraph" {
        return Err(IoError::Field {
            line: 1,
            field: "format".to_owned(),
            message: format!("expected \"claimgraph\", found {:?}", doc.format),
        });
    }
    doc.into_graph()
}
