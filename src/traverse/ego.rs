//! The k-hop ego network of an actor, as a new graph.
