//! Analyses of a claim graph: degree, PageRank, betweenness, corroboration and contradiction.
