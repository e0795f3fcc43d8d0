//! Questions asked of a claim graph: the filter, lookups, and the read access that
//! lets every query run on the store and on a snapshot alike.

mod filter;
mod lookup;
mod store_access;
pub(crate) mod view;

pub(crate) use filter::{Compiled, steps};
pub use filter::{Filter, Walk};
pub use lookup::{
    Neighbor, SourceRole, TimelineEntry, claims_between, claims_by_source, neighbors, timeline,
    timeline_of,
};
pub use view::Access;
