//! Traversals over claims: breadth- and depth-first search, ego networks, paths and components.
