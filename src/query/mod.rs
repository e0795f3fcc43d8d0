//! Questions asked of a claim graph: the read trait both graphs implement, the
//! filter, the borrowed claim view, and lookups.

mod filter;
mod lookup;
mod names;
mod read;
mod scope;
mod store_access;
pub(crate) mod view;

pub(crate) use filter::{Compiled, steps};
pub use filter::{Filter, Walk};
pub use lookup::{
    Neighbor, SourceRole, TimelineEntry, claims_between, claims_by_source, neighbors, timeline,
    timeline_of,
};
pub(crate) use names::NameIndex;
pub(crate) use read::GraphRef;
pub use read::{ClaimView, EvidenceView, NameMatch, ReadGraph, SIMILARITY_FLOOR};
pub use scope::Scope;
