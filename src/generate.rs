//! Seeded synthetic claim graphs (being written).
