//! The formats this crate reads and writes.

use std::fmt;

/// A file format known to the `io` layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// The versioned JSON document (whole graph).
    Json,
    /// JSON Lines, one actor or claim per line.
    JsonLines,
    /// GDELT event records: GDELT 1.0 (57 or 58 columns) and the GDELT 2.0 events
    /// export (61 columns), each row's layout told by its column count; the official
    /// tab-separated files or the quoted-CSV variant with `NULL` for missing values
    /// (told apart automatically).
    GdeltEvents,
    /// GDELT 2.0 mentions (16 tab-separated columns), each an attribution of the
    /// claim of an event imported before (module [`gdelt_mentions`](super::gdelt_mentions)).
    GdeltMentions,
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
            Format::GdeltMentions => "csv",
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
            Format::GdeltMentions => "text/tab-separated-values",
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
            Format::GdeltMentions => "GDELT 2.0 mentions",
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
