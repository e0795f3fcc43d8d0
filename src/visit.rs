//! petgraph interoperability: petgraph's `visit` traits for the store and the snapshot.
