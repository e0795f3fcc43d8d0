//! Reading and writing claim graphs: the only layer that knows a file format.
//!
//! [`Importer`] and [`Exporter`] are built from a [`Format`]; each format lives in a
//! module of its own.

pub mod bitcoin_otc;
mod cameo;
pub mod dot;
mod error;
mod format;
pub mod ftm;
pub mod gdelt;
pub mod graphml;
pub mod icews;
mod json;
mod jsonl;
pub mod neo4j;
#[cfg(feature = "parquet")]
pub mod parquet;
mod report;

pub use error::IoError;
pub use format::{Exporter, Format, Importer};
pub use json::{JSON_VERSION, JsonDocument};
pub use jsonl::Record;
pub use report::{ImportReport, Skip};
