//! The formats this crate reads and writes, and the builders that read and write them.

use std::fmt;
use std::io::BufRead;

use super::{ImportReport, IoError, bitcoin_otc, ftm, gdelt, icews, json, jsonl};
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
    /// through [`Exporter::export_files`](super::Exporter::export_files)).
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

/// Reads a format into a graph.
///
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::io::{Format, Importer};
/// let data = r#"{"actor":{"key":"iran","kind":"state","name":"Iran"}}
/// {"actor":{"key":"bolivia","kind":"state","name":"Bolivia"}}
/// {"claim":{"subject":"iran","relation":"signed_agreement","object":"bolivia","valid":"2023-07","evidence":[{"claimant":"bolivia","grade":"B2"}]}}
/// "#;
/// let mut g = ClaimGraph::new();
/// let report = Importer::from_format(Format::JsonLines).import(data.as_bytes(), &mut g)?;
/// assert_eq!((report.read, report.claims_new), (3, 1));
/// # Ok::<(), claimgraph::io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Importer {
    format: Format,
    skip_invalid: bool,
    ftm: ftm::FtmOptions,
}

impl Importer {
    /// An importer for `format`; by default the first bad record stops it with an error.
    pub fn from_format(format: Format) -> Self {
        Importer {
            format,
            skip_invalid: false,
            ftm: ftm::FtmOptions::default(),
        }
    }

    /// Whether bad records are counted and skipped instead of stopping the import
    /// (formats read as a stream only; a JSON document is all or nothing).
    pub fn skip_invalid(mut self, skip: bool) -> Self {
        self.skip_invalid = skip;
        self
    }

    /// Options for [`Format::FollowTheMoney`] (the confidence given to its records,
    /// the data set name); other formats ignore them.
    pub fn ftm_options(mut self, options: ftm::FtmOptions) -> Self {
        self.ftm = options;
        self
    }

    /// Reads `reader` into `graph`. What was imported before an error stays.
    pub fn import(
        &self,
        reader: impl BufRead,
        graph: &mut ClaimGraph,
    ) -> Result<ImportReport, IoError> {
        match self.format {
            Format::Json => {
                let loaded = json::read(reader)?;
                let mut report = ImportReport::default();
                let mut batch = crate::store::Batch::new();
                for actor in loaded.actors() {
                    if graph.actor_id(actor.key.as_str()).is_none() {
                        batch.push_actor(actor.clone());
                    }
                }
                let claims: Vec<_> = loaded.claims().map(|c| c.to_claim()).collect();
                report.read = loaded.actor_count() + claims.len();
                claims.into_iter().for_each(|c| batch.push_claim(c));
                let applied = graph
                    .apply(batch)
                    .map_err(|source| IoError::Store { line: 0, source })?;
                report.actors_new = applied.actors.len();
                report.rows_without_claim = loaded.actor_count();
                for added in applied.claims {
                    match added {
                        crate::store::Added::New(_) => report.claims_new += 1,
                        crate::store::Added::Merged(_) => report.claims_merged += 1,
                    }
                }
                Ok(report)
            }
            Format::JsonLines => jsonl::read(reader, graph, self.skip_invalid),
            Format::GdeltEvents => gdelt::read(reader, graph, self.skip_invalid),
            Format::Icews => icews::read(reader, graph, self.skip_invalid),
            Format::FollowTheMoney => ftm::read_with(reader, graph, self.skip_invalid, &self.ftm),
            Format::BitcoinOtc => bitcoin_otc::read(reader, graph, self.skip_invalid),
            Format::Dot | Format::GraphMl | Format::Neo4jCsv => Err(IoError::Unsupported {
                format: self.format.name(),
                operation: "import",
            }),
        }
    }
}
