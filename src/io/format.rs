//! The formats this crate reads and writes, and the builder that writes them.

use std::fmt;
use std::io::Write;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::{IoError, dot, ftm, graphml, json, jsonl, neo4j};
use crate::ClaimGraph;

/// A file format known to the `io` layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// The versioned JSON document (whole graph).
    Json,
    /// JSON Lines, one actor or claim per line.
    JsonLines,
    /// GDELT 1.0 event records: the official tab-separated daily export, or the
    /// quoted-CSV variant with `NULL` for missing values (told apart automatically).
    GdeltEvents,
    /// ICEWS-style tab-separated quadruples: subject, CAMEO relation text, object, date.
    Icews,
    /// FollowTheMoney entities, one JSON object per line (`{id, schema, properties}`).
    FollowTheMoney,
    /// Bitcoin-OTC signed trust ratings: `source,target,rating,time`.
    BitcoinOtc,
    /// Graphviz DOT (export only).
    Dot,
    /// GraphML with typed attributes, for Gephi, Cytoscape and yEd (export only).
    GraphMl,
    /// Neo4j bulk-import CSV: a nodes file and a relationships file (export only,
    /// through [`Exporter::export_files`]).
    Neo4jCsv,
}

impl Format {
    /// The usual file extension, without the dot.
    pub fn file_extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::GdeltEvents => "csv",
            Format::Icews => "tsv",
            Format::FollowTheMoney => "ijson",
            Format::BitcoinOtc => "csv",
            Format::Dot => "dot",
            Format::GraphMl => "graphml",
            Format::Neo4jCsv => "csv",
        }
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::JsonLines => "application/jsonl",
            Format::GdeltEvents => "text/tab-separated-values",
            Format::Icews => "text/tab-separated-values",
            Format::FollowTheMoney => "application/jsonl",
            Format::BitcoinOtc => "text/csv",
            Format::Dot => "text/vnd.graphviz",
            Format::GraphMl => "application/graphml+xml",
            Format::Neo4jCsv => "text/csv",
        }
    }

    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::JsonLines => "JSON Lines",
            Format::GdeltEvents => "GDELT 1.0 events",
            Format::Icews => "ICEWS",
            Format::FollowTheMoney => "FollowTheMoney",
            Format::BitcoinOtc => "Bitcoin-OTC",
            Format::Dot => "DOT",
            Format::GraphMl => "GraphML",
            Format::Neo4jCsv => "Neo4j CSV",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Writes a graph in a format.
///
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::io::{Exporter, Format};
/// let mut out = Vec::new();
/// Exporter::from_format(Format::Json).export(&ClaimGraph::new(), &mut out)?;
/// assert!(String::from_utf8(out).unwrap().contains("\"version\": 1"));
/// # Ok::<(), claimgraph::io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Exporter {
    format: Format,
}

impl Exporter {
    /// An exporter for `format`.
    pub fn from_format(format: Format) -> Self {
        Exporter { format }
    }

    /// Writes `graph` to `writer`.
    pub fn export(&self, graph: &ClaimGraph, writer: impl Write) -> Result<(), IoError> {
        match self.format {
            Format::Json => json::write(graph, writer),
            Format::JsonLines => jsonl::write(graph, writer),
            Format::FollowTheMoney => ftm::write(graph, writer),
            Format::Dot => dot::write(graph, writer),
            Format::GraphMl => graphml::write(graph, writer),
            Format::GdeltEvents | Format::Icews | Format::BitcoinOtc | Format::Neo4jCsv => {
                Err(IoError::Unsupported {
                    format: self.format.name(),
                    operation: "export to one stream",
                })
            }
        }
    }

    /// Writes `graph` into the folder `dir` (created if missing) and returns the paths
    /// written: `graph.<ext>` for single-file formats, `actors.csv` and `claims.csv`
    /// for [`Format::Neo4jCsv`].
    pub fn export_files(&self, graph: &ClaimGraph, dir: &Path) -> Result<Vec<PathBuf>, IoError> {
        std::fs::create_dir_all(dir)?;
        if self.format == Format::Neo4jCsv {
            let nodes = dir.join("actors.csv");
            let rels = dir.join("claims.csv");
            let mut n = BufWriter::new(File::create(&nodes)?);
            let mut r = BufWriter::new(File::create(&rels)?);
            neo4j::write(graph, &mut n, &mut r)?;
            n.flush()?;
            r.flush()?;
            return Ok(vec![nodes, rels]);
        }
        let path = dir.join(format!("graph.{}", self.format.file_extension()));
        let mut w = BufWriter::new(File::create(&path)?);
        self.export(graph, &mut w)?;
        w.flush()?;
        Ok(vec![path])
    }
}
