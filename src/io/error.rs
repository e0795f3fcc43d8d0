//! Errors raised while reading or writing a file format.

use thiserror::Error;

use crate::store::StoreError;

/// Reading or writing failed. Every variant that concerns input names its line.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum IoError {
    /// The underlying reader or writer failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A line or document is not well-formed in its format.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line number (for a whole JSON document, the line where parsing stopped).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A field holds a value this format or the model does not accept.
    #[error("line {line}, field `{field}`: {message}")]
    Field {
        /// 1-based line number.
        line: usize,
        /// The field (column name or JSON key).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A JSON document declares a format version this crate cannot read.
    #[error("unsupported document version {found} (this crate reads version {supported})")]
    Version {
        /// The version found.
        found: u64,
        /// The version this crate reads and writes.
        supported: u64,
    },
    /// The store rejected a record.
    #[error("line {line}: {source}")]
    Store {
        /// 1-based line number of the record.
        line: usize,
        /// Why the store rejected it.
        #[source]
        source: StoreError,
    },
    /// The format cannot do what was asked (importing DOT, say).
    #[error("format {format} does not support {operation}")]
    Unsupported {
        /// The format's name.
        format: &'static str,
        /// `import` or `export`.
        operation: &'static str,
    },
    /// An export would be larger than its format's tools can handle (a DOT file past
    /// [`Exporter::dot_max_claims`](super::Exporter::dot_max_claims) claims).
    #[error(
        "{format} export of {claims} claims exceeds the limit of {limit}: export an ego \
         network (`claimgraph::traverse::ego_network`, the CLI's `--ego`) or raise the limit"
    )]
    TooLarge {
        /// The format's name.
        format: &'static str,
        /// Claims in the graph.
        claims: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A name that is not one of a vocabulary's values.
    #[error("unknown {what} `{text}`")]
    UnknownName {
        /// Which vocabulary (`format`, `omission`).
        what: &'static str,
        /// The text given.
        text: String,
    },
}
