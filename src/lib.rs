#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod analysis;
pub mod io;
pub mod model;
pub mod query;
pub mod snapshot;
pub mod store;
pub mod traverse;
pub mod visit;
mod vocabulary;

#[cfg(feature = "generate")]
pub mod generate;

pub use query::ReadGraph;
pub use snapshot::Snapshot;
pub use store::{ActorId, ClaimGraph, ClaimId};
