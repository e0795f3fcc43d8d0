//! Errors raised while reading or writing a file format, and where in the input they are.

use std::fmt;

use thiserror::Error;

use super::{ImportReport, SkipReason};
use crate::store::StoreError;

/// Where a record, or a value in it, sits in the input.
///
/// `line` is the 1-based line where the record starts (`None` where the input has no
/// lines to speak of, such as an item of a JSON document found after parsing); `field`
/// names the column, JSON key or item (`SQLDATE`, `properties.startDate`,
/// `actors[3]`) when the problem is in one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Position {
    /// 1-based line number.
    pub line: Option<usize>,
    /// The field, column or item.
    pub field: Option<String>,
}

impl Position {
    /// A whole line.
    pub fn line(line: usize) -> Self {
        Position {
            line: Some(line),
            field: None,
        }
    }

    /// An item with no line (`actors[3]` of a JSON document, an import option).
    pub fn item(field: impl Into<String>) -> Self {
        Position {
            line: None,
            field: Some(field.into()),
        }
    }

    /// The same position narrowed to a field.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.field) {
            (Some(line), Some(field)) => write!(f, "line {line}, field `{field}`"),
            (Some(line), None) => write!(f, "line {line}"),
            (None, Some(field)) => write!(f, "`{field}`"),
            (None, None) => f.write_str("the input"),
        }
    }
}

/// Reading or writing failed. Every variant that concerns input says where.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum IoError {
    /// The underlying reader or writer failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A claimgraph binary file (store or snapshot) is damaged, truncated, of another
    /// kind or of a newer format version.
    #[error(transparent)]
    Binary(#[from] super::BinaryError),
    /// A record is not acceptable: where, why (the same reason a skip would give),
    /// and the detail.
    #[error("{position}: {reason}: {detail}")]
    Invalid {
        /// Where the record or value is.
        position: Position,
        /// Why it was refused.
        reason: SkipReason,
        /// What exactly is wrong.
        detail: String,
    },
    /// The store rejected a record (an actor key of another kind, an unknown actor).
    #[error("{position}: {source}")]
    Store {
        /// Where the record is.
        position: Position,
        /// Why the store rejected it.
        #[source]
        source: StoreError,
    },
    /// A JSON document declares a format version this crate cannot read.
    #[error("unsupported document version {found} (this crate reads version {supported})")]
    Version {
        /// The version found.
        found: u64,
        /// The version this crate reads and writes.
        supported: u64,
    },
    /// A value could not be written in the format.
    #[error("cannot write: {message}")]
    Write {
        /// What went wrong.
        message: String,
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

impl IoError {
    /// The reason of an [`IoError::Invalid`], `Rejected` for a store error, `None`
    /// otherwise.
    pub fn reason(&self) -> Option<SkipReason> {
        match self {
            IoError::Invalid { reason, .. } => Some(*reason),
            IoError::Store { .. } => Some(SkipReason::Rejected),
            _ => None,
        }
    }

    /// Where in the input the error is, if it concerns input.
    pub fn position(&self) -> Option<&Position> {
        match self {
            IoError::Invalid { position, .. } | IoError::Store { position, .. } => Some(position),
            _ => None,
        }
    }
}

/// An import that stopped: the error, and what the import had read up to it.
///
/// A failed import changes nothing in the graph (see [`Importer`](super::Importer)),
/// so `report` counts what was read and skipped, and commits nothing.
#[derive(Debug)]
pub struct ImportError {
    /// Why the import stopped.
    pub error: IoError,
    /// The counts up to the error (boxed: an error stays small to pass around).
    pub report: Box<ImportReport>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

impl From<ImportError> for IoError {
    fn from(e: ImportError) -> Self {
        e.error
    }
}
