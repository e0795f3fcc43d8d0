//! The mutable, transactional claim graph on petgraph, with its key and name indexes.

mod error;
mod graph;
mod voices;

pub use error::{LookupError, StoreError};
pub use graph::{ActorId, Added, Batch, BatchReport, ClaimGraph, ClaimId, ClaimRecord};
pub(crate) use graph::{Evidence, Tables, derive};
