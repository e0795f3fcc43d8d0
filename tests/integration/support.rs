//! What many integration tests share: the seed data set, the test data folder,
//! actor keys, and the JSON serialisation that tests compare graphs by.

use std::path::PathBuf;

use claimgraph::ClaimGraph;
use claimgraph::io::{Exporter, Format, Importer, JsonDocument};
use claimgraph::model::{Actor, ActorKey, ActorKind, Attribution, Claim, Grade, Relation};

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

/// Iran, Bolivia, `claimants` people `c0..` and `outlets` outlets `o0..`: the
/// graph the evidence-merging tests add claims to.
pub fn evidence_graph(claimants: usize, outlets: usize) -> ClaimGraph {
    let mut g = ClaimGraph::new();
    g.add_actor(Actor::new("iran", ActorKind::State, "Iran").unwrap())
        .unwrap();
    g.add_actor(Actor::new("bolivia", ActorKind::State, "Bolivia").unwrap())
        .unwrap();
    for i in 0..claimants {
        g.add_actor(Actor::new(&format!("c{i}"), ActorKind::Person, format!("C {i}")).unwrap())
            .unwrap();
    }
    for i in 0..outlets {
        g.add_actor(
            Actor::new(&format!("o{i}"), ActorKind::MediaOutlet, format!("O {i}")).unwrap(),
        )
        .unwrap();
    }
    g
}

/// "Iran supplies arms to Bolivia" (2023-07) with this evidence.
pub fn drones(evidence: Vec<Attribution>) -> Claim {
    let mut c = Claim::new(
        key("iran"),
        Relation::SuppliesArms,
        key("bolivia"),
        "2023-07".parse().unwrap(),
    );
    c.evidence = evidence;
    c
}

/// An attribution by claimant `c<claimant>`, through outlet `o<outlet>` if any.
pub fn said(claimant: usize, outlet: Option<usize>, grade: f64) -> Attribution {
    let mut a = Attribution::new(Grade::confidence(grade).unwrap())
        .with_claimant(key(&format!("c{claimant}")));
    a.outlet = outlet.map(|o| key(&format!("o{o}")));
    a
}
