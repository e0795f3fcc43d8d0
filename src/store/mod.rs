//! The mutable, transactional claim graph on petgraph, with its key and name indexes.

mod batch;
mod error;
mod graph;

pub use batch::{ActorAdded, Batch, BatchReport};
pub use error::{LookupError, StoreError};
pub use graph::{ActorId, Added, ClaimGraph, ClaimId, ClaimRecord};
pub(crate) use graph::{Evidence, Tables, derive};
