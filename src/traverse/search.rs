//! Breadth- and depth-first search with a depth bound.
