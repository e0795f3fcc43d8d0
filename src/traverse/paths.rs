//! Paths: fewest hops, most credible (Dijkstra on -ln c), the k most credible (Yen), all simple paths.
