//! Lookups: neighbours, claims between two actors, claims by a source, timelines.
