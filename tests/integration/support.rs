//! What many integration tests share: the seed data set, the test data folder,
//! actor keys, and the JSON serialisation that tests compare graphs by.

use std::path::PathBuf;

use claimgraph::ClaimGraph;
use claimgraph::io::{Exporter, Format, Importer, JsonDocument};
use claimgraph::model::ActorKey;

/// The seed data set: the Iran-Bolivia article as JSON Lines (tests/data/README.md).
pub const SEED: &str = include_str!("../data/iran_bolivia.jsonl");

/// A file or folder under `tests/data`.
pub fn data(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative)
}

/// A valid actor key.
pub fn key(s: &str) -> ActorKey {
    ActorKey::new(s).unwrap()
}

/// The graph's JSON document on one line: equal strings, equal graphs.
pub fn json(g: &ClaimGraph) -> String {
    serde_json::to_string(&JsonDocument::from_graph(g)).unwrap()
}

/// The graph as the JSON exporter writes it.
pub fn json_of(g: &ClaimGraph) -> String {
    let mut out = Vec::new();
    Exporter::from_format(Format::Json)
        .export(g, &mut out)
        .unwrap();
    String::from_utf8(out).unwrap()
}

/// The seed data set loaded into a new graph.
pub fn seed() -> ClaimGraph {
    let mut g = ClaimGraph::new();
    Importer::from_format(Format::JsonLines)
        .import(SEED.as_bytes(), &mut g)
        .expect("the seed data set loads");
    g
}
