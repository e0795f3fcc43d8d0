//! Reading and writing claim graphs: the only layer that knows a file format.
//!
//! [`Importer`] and [`Exporter`] are built from a [`Format`]; each format lives in a
//! module of its own. Every import runs through one pipeline (module docs of
//! [`Importer`]): a reader stage per format, a validation stage, one commit stage.

pub mod bitcoin_otc;
mod cameo;
pub mod dot;
mod error;
mod format;
pub mod ftm;
pub mod gdelt;
pub mod graphml;
pub mod icews;
mod import;
mod input;
mod json;
mod jsonl;
pub mod neo4j;
mod report;

pub use error::{ImportError, IoError, Position};
pub use format::{Exporter, Format};
pub use import::{Importer, Limits};
pub use json::{JSON_VERSION, JsonDocument};
pub use jsonl::Record;
pub use report::{ImportReport, Skip, SkipReason};
