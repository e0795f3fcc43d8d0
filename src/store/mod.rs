//! The mutable, transactional claim graph on petgraph, with its key and name indexes.

mod error;
mod graph;
mod id;
mod lookup;
mod voices;

pub use error::{LookupError, StoreError};
pub use graph::{Added, Batch, BatchReport, ClaimGraph, ClaimRecord};
pub(crate) use graph::{EdgeSlot, Evidence, NodeSlot, Tables, derive};
pub use id::{ActorId, ClaimId};
pub(crate) use id::{Generations, GraphTag, Ids};
