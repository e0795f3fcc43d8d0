//! Questions asked of a claim graph: the filter, lookups, and the read access that
//! lets every query run on the store and on a snapshot alike.

mod filter;
mod lookup;
mod store_access;
pub(crate) mod view;

pub use filter::{Filter, Walk};
pub(crate) use filter::{Compiled, steps};
pub use view::Access;
