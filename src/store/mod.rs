//! The mutable, transactional claim graph on petgraph, with its key and name indexes.

mod batch;
pub(crate) mod bulk;
mod error;
mod graph;
mod id;
mod lookup;
mod voices;

pub use batch::{ActorAdded, Batch, BatchReport};
pub use error::{LookupError, StoreError};
pub use graph::{Added, ClaimGraph, ClaimRecord};
pub(crate) use graph::{EdgeSlot, Evidence, ExternalIndex, NodeSlot, Tables, derive};
pub use id::{ActorId, ClaimId};
pub(crate) use id::{Generations, GraphTag, Ids};
