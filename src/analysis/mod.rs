//! Analyses of a claim graph: degree, PageRank, betweenness, corroboration and contradiction.

mod centrality;
mod reports;

pub use centrality::*;
pub use reports::*;
