//! Traversals over claims: breadth- and depth-first search, ego networks, paths and components.

mod components;
mod ego;
mod paths;
mod search;

pub use components::*;
pub use ego::*;
pub use paths::*;
pub use search::*;
