//! Reading and writing claim graphs: the only layer that knows a file format.
//!
//! [`Importer`] and [`Exporter`] are built from a [`Format`]; each format lives in a
//! module of its own. Every import runs through one pipeline (module docs of
//! [`Importer`]): a reader stage per format, a validation stage, one commit stage.
//! Every export returns an [`ExportReport`] of what it wrote and what the format
//! could not hold; files are saved atomically ([`AtomicFile`], [`write_atomically`]).
//! With the feature `schema`, `io::schema` gives the JSON Schemas of the JSON and
//! JSON Lines formats.

mod binary;
pub mod bitcoin_otc;
mod cameo;
pub mod dot;
mod error;
mod export;
mod format;
pub mod ftm;
pub mod gdelt;
pub mod gdelt_mentions;
pub mod graphml;
pub mod icews;
mod import;
mod input;
mod json;
mod jsonl;
pub mod neo4j;
#[cfg(feature = "parquet")]
pub mod parquet;
mod report;
#[cfg(feature = "schema")]
pub mod schema;
pub(crate) mod snapshot_file;

pub use binary::BinaryError;
pub use error::{ImportError, IoError, Position};
pub use export::{AtomicFile, ExportReport, Exporter, Omission, View, write_atomically};
pub use format::Format;
pub use import::{Importer, Limits};
pub use json::{JSON_VERSION, JsonDocument};
pub use jsonl::Record;
pub use report::{ImportReport, Skip, SkipReason};
