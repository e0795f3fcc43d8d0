//! Degree, confidence-weighted PageRank and betweenness centrality.
