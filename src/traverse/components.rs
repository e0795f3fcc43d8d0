//! Weakly and strongly connected components.
