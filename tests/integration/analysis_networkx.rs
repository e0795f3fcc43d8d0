//! Degree, PageRank and betweenness against networkx 3.6.1 on Zachary's karate club
//! and the Florentine families (values in `tests/oracle/expected.json`; conventions in
//! `tests/oracle/README.md`).
//!
//! Each undirected edge of an oracle file becomes one `associated` claim (symmetric)
//! with confidence 1, claimed by its own subject, so the graph has exactly the oracle's
//! nodes and no other actor.

use std::path::Path;

use claimgraph::ReadGraph;
use claimgraph::analysis::{
    BetweennessOptions, Normalization, PageRankOptions, PageRankStop, Weighting, betweenness,
    degree, degrees, pagerank, pagerank_outcome,
};
use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
use claimgraph::query::{Filter, Walk};
use claimgraph::traverse::{hop_distances, shortest_path};
use claimgraph::{ActorId, ClaimGraph, Snapshot};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

struct Oracle {
    graph: ClaimGraph,
    expected: Value,
    /// Node labels in `expected["nodes"]` order, which is also actor id order.
    labels: Vec<String>,
}

fn oracle_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle"))
}

fn read_edges(file: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(oracle_dir().join(file)).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let (u, v) = (parts.next().unwrap(), parts.next().unwrap());
            assert!(
                parts.next().is_none(),
                "edge line with more than two labels: {l}"
            );
            (u.to_owned(), v.to_owned())
        })
        .collect()
}

fn edge_claim(u: &str, v: &str, relation: Relation, confidence: f64) -> Claim {
    Claim::new(
        u.parse().unwrap(),
        relation,
        v.parse().unwrap(),
        ValidTime::ALWAYS,
    )
    .with_evidence(
        Attribution::new(Grade::confidence(confidence).unwrap()).with_claimant(u.parse().unwrap()),
    )
}

/// Loads an oracle graph with every claim at `confidence`.
fn load(name: &str, kind: ActorKind, confidence: f64) -> Oracle {
    let json = std::fs::read_to_string(oracle_dir().join("expected.json")).unwrap();
    let all: Value = serde_json::from_str(&json).unwrap();
    let expected = all["graphs"][name].clone();
    let labels: Vec<String> = expected["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect();
    let mut graph = ClaimGraph::new();
    for label in &labels {
        graph
            .add_actor(Actor::new(label, kind, label).unwrap())
            .unwrap();
    }
    let edges = read_edges(expected["source_file"].as_str().unwrap());
    for (u, v) in &edges {
        graph
            .add_claim(edge_claim(u, v, Relation::Associated, confidence))
            .unwrap();
    }
    assert_eq!(
        graph.actor_count() as u64,
        expected["num_nodes"].as_u64().unwrap()
    );
    assert_eq!(
        graph.claim_count() as u64,
        expected["num_edges"].as_u64().unwrap()
    );
    Oracle {
        graph,
        expected,
        labels,
    }
}

fn karate() -> Oracle {
    load("karate", ActorKind::Person, 1.0)
}

fn florentine() -> Oracle {
    load("florentine", ActorKind::Group, 1.0)
}

impl Oracle {
    fn id(&self, label: &str) -> ActorId {
        self.graph.actor_id(label).unwrap()
    }

    /// Asserts that `actual` lists every node once, in node order, with the oracle's
    /// value from `expected` (a `{label: number}` object) to within 1e-9.
    fn assert_values(&self, what: &str, actual: &[(ActorId, f64)], expected: &Value, scale: f64) {
        assert_eq!(
            actual.len(),
            self.labels.len(),
            "{what}: one value per node"
        );
        for ((id, value), label) in actual.iter().zip(&self.labels) {
            assert_eq!(*id, self.id(label), "{what}: node order");
            let want = expected[label].as_f64().unwrap() * scale;
            assert!(
                (value - want).abs() < TOLERANCE,
                "{what} of {label}: got {value}, networkx {want}"
            );
        }
    }
}

fn networkx_pagerank() -> PageRankOptions {
    PageRankOptions::new()
        .damping(0.85)
        .tolerance(1e-13)
        .max_iterations(10_000)
}

fn check_pagerank<V: ReadGraph>(oracle: &Oracle, view: &V, expected_iterations: usize) {
    let want = &oracle.expected["pagerank"]["values"];
    for weighting in [Weighting::Unweighted, Weighting::Confidence] {
        let options = networkx_pagerank().weighting(weighting);
        let run = pagerank_outcome(view, &Filter::new(), &options);
        oracle.assert_values(&format!("pagerank {weighting:?}"), &run.scores, want, 1.0);
        assert_eq!(run.stopped, PageRankStop::Converged);
        // the same stopping rule as networkx stops after the same number of iterations
        assert_eq!(run.iterations, expected_iterations, "{weighting:?}");
        assert_eq!(pagerank(view, &Filter::new(), &options), run.scores);
    }
}

fn check_betweenness<V: ReadGraph>(oracle: &Oracle, view: &V) {
    let b = &oracle.expected["betweenness"];
    let raw = betweenness(view, &Filter::new(), &BetweennessOptions::new());
    oracle.assert_values("betweenness raw", &raw, &b["normalized_false"], 1.0);
    let normalized = betweenness(
        view,
        &Filter::new(),
        &BetweennessOptions::new().normalization(Normalization::Normalized),
    );
    oracle.assert_values(
        "betweenness normalized",
        &normalized,
        &b["normalized_true"],
        1.0,
    );
    // The raw values of a connected graph sum to Σ over unordered pairs of (d - 1).
    let sum: f64 = raw.iter().map(|r| r.1).sum();
    let check = b["check"]["sum_over_unordered_pairs_of_dist_minus_1"]
        .as_f64()
        .unwrap();
    assert!((sum - check).abs() < TOLERANCE);
    // Walking forward over symmetric claims is networkx's DiGraph with both directions:
    // ordered pairs, so raw values double and normalised ones do not change.
    let forward = Filter::new().walk(Walk::Forward);
    let raw_directed = betweenness(view, &forward, &BetweennessOptions::new());
    oracle.assert_values(
        "betweenness raw, forward",
        &raw_directed,
        &b["normalized_false"],
        2.0,
    );
    let normalized_directed = betweenness(
        view,
        &forward,
        &BetweennessOptions::new().normalization(Normalization::Normalized),
    );
    oracle.assert_values(
        "betweenness normalized, forward",
        &normalized_directed,
        &b["normalized_true"],
        1.0,
    );
}

fn check_degrees<V: ReadGraph>(oracle: &Oracle, view: &V) {
    let want = &oracle.expected["degree"];
    let all = degrees(view, &Filter::new());
    assert_eq!(all.len(), oracle.labels.len());
    for ((id, d), label) in all.iter().zip(&oracle.labels) {
        assert_eq!(*id, oracle.id(label));
        assert_eq!(
            *d as u64,
            want[label].as_u64().unwrap(),
            "degree of {label}"
        );
        assert_eq!(degree(view, *id, &Filter::new()), *d);
    }
}

fn check_distances<V: ReadGraph>(oracle: &Oracle, view: &V) {
    let want = &oracle.expected["shortest_path_lengths"];
    for source in &oracle.labels {
        let from = oracle.id(source);
        let hops = hop_distances(view, from, &Filter::new());
        // both graphs are connected: every node is reached
        assert_eq!(hops.len(), oracle.labels.len(), "from {source}");
        for (to, d) in hops {
            let target = &view.node_actor(to.index() as u32).unwrap().key;
            let expected = want[source][target.as_str()].as_u64().unwrap();
            assert_eq!(d as u64, expected, "d({source}, {target})");
            let path = shortest_path(view, from, to, &Filter::new()).unwrap();
            assert_eq!(
                path.hops() as u64,
                expected,
                "shortest path {source} - {target}"
            );
        }
    }
}

#[test]
fn karate_shortest_path_lengths() {
    let k = karate();
    check_distances(&k, &k.graph);
    check_distances(&k, &Snapshot::new(&k.graph));
}

#[test]
fn florentine_shortest_path_lengths() {
    let f = florentine();
    check_distances(&f, &f.graph);
    check_distances(&f, &Snapshot::new(&f.graph));
}

#[test]
fn karate_degree() {
    let k = karate();
    check_degrees(&k, &k.graph);
    check_degrees(&k, &Snapshot::new(&k.graph));
    assert_eq!(degree(&k.graph, k.id("33"), &Filter::new()), 17);
}

#[test]
fn florentine_degree() {
    let f = florentine();
    check_degrees(&f, &f.graph);
    check_degrees(&f, &Snapshot::new(&f.graph));
    assert_eq!(degree(&f.graph, f.id("Medici"), &Filter::new()), 6);
}

#[test]
fn karate_pagerank() {
    let k = karate();
    check_pagerank(&k, &k.graph, 71);
    check_pagerank(&k, &Snapshot::new(&k.graph), 71);
}

#[test]
fn florentine_pagerank() {
    let f = florentine();
    check_pagerank(&f, &f.graph, 94);
    check_pagerank(&f, &Snapshot::new(&f.graph), 94);
}

#[test]
fn uniform_confidence_does_not_change_pagerank() {
    // Row normalisation cancels a common weight: every claim at 0.4 ranks as at 1.
    let k = load("karate", ActorKind::Person, 0.4);
    let options = networkx_pagerank().weighting(Weighting::Confidence);
    let scores = pagerank(&k.graph, &Filter::new(), &options);
    k.assert_values(
        "pagerank at 0.4",
        &scores,
        &k.expected["pagerank"]["values"],
        1.0,
    );
    assert_eq!(
        pagerank(&Snapshot::new(&k.graph), &Filter::new(), &options),
        scores
    );
}

#[test]
fn karate_betweenness() {
    let k = karate();
    check_betweenness(&k, &k.graph);
    check_betweenness(&k, &Snapshot::new(&k.graph));
}

#[test]
fn florentine_betweenness() {
    let f = florentine();
    check_betweenness(&f, &f.graph);
    check_betweenness(&f, &Snapshot::new(&f.graph));
    // Medici: 47.5 unordered pairs' worth of shortest paths (networkx).
    let raw = betweenness(&f.graph, &Filter::new(), &BetweennessOptions::new());
    let medici = raw.iter().find(|r| r.0 == f.id("Medici")).unwrap().1;
    assert!((medici - 47.5).abs() < TOLERANCE, "{medici}");
}

#[test]
fn parallel_claims_change_pagerank_but_not_betweenness() {
    // A second claim on every Florentine tie, of another relation: paths are sequences
    // of actors, so betweenness stays networkx's; PageRank sees each tie twice, which
    // (every tie doubled alike) also leaves it unchanged. Doubling one tie only moves
    // PageRank.
    let mut f = florentine();
    for (u, v) in read_edges("florentine.edges") {
        f.graph
            .add_claim(edge_claim(&u, &v, Relation::MetWith, 1.0))
            .unwrap();
    }
    assert_eq!(f.graph.claim_count(), 40);
    let snapshot = Snapshot::new(&f.graph);
    check_betweenness(&f, &f.graph);
    check_betweenness(&f, &snapshot);
    check_pagerank(&f, &f.graph, 94);
    assert_eq!(degree(&f.graph, f.id("Medici"), &Filter::new()), 12);

    let mut one = florentine();
    one.graph
        .add_claim(edge_claim("Medici", "Ridolfi", Relation::MetWith, 1.0))
        .unwrap();
    check_betweenness(&one, &one.graph);
    let moved = pagerank(&one.graph, &Filter::new(), &networkx_pagerank());
    let want = one.expected["pagerank"]["values"]["Ridolfi"]
        .as_f64()
        .unwrap();
    let ridolfi = moved.iter().find(|r| r.0 == one.id("Ridolfi")).unwrap().1;
    assert!(ridolfi > want + 1e-3, "{ridolfi} vs {want}");
}

#[test]
fn removed_actors_leave_no_node_behind() {
    // A removed actor leaves a vacant index: it must not count as a node.
    let k = karate();
    let mut g = ClaimGraph::new();
    g.add_actor(Actor::new("ghost", ActorKind::Person, "Ghost").unwrap())
        .unwrap();
    for actor in k.graph.actors() {
        g.add_actor(actor.clone()).unwrap();
    }
    for claim in k.graph.claims().map(|c| c.to_claim()) {
        g.add_claim(claim).unwrap();
    }
    g.remove_actor("ghost").unwrap();
    assert_eq!(g.actor_id("0").unwrap().index(), 1);
    let k = Oracle { graph: g, ..k };
    check_degrees(&k, &k.graph);
    check_pagerank(&k, &k.graph, 71);
    check_betweenness(&k, &k.graph);
    let snapshot = Snapshot::new(&k.graph);
    check_pagerank(&k, &snapshot, 71);
    check_betweenness(&k, &snapshot);
}

// ----- beyond networkx's cases: directed walks, weights, dangling actors ------------

mod brute_force {
    use super::*;
    use claimgraph::model::Polarity;
    use proptest::prelude::*;

    const ACTORS: usize = 6;

    /// (subject, object offset, symmetric relation?, confidence step, denied?)
    type Spec = (usize, usize, bool, usize, bool);

    fn spec() -> impl Strategy<Value = Spec> {
        (
            0..ACTORS,
            1..ACTORS,
            proptest::bool::ANY,
            0..5usize,
            proptest::bool::weighted(0.2),
        )
    }

    fn build(specs: &[Spec]) -> ClaimGraph {
        let mut g = ClaimGraph::new();
        for i in 0..ACTORS {
            let key = format!("a{i}");
            g.add_actor(Actor::new(&key, ActorKind::State, &key).unwrap())
                .unwrap();
        }
        for &(s, shift, symmetric, step, denied) in specs {
            let (s, o) = (format!("a{s}"), format!("a{}", (s + shift) % ACTORS));
            let relation = if symmetric {
                Relation::MetWith
            } else {
                Relation::Supports
            };
            let c = [0.0, 0.2, 0.5, 0.9, 1.0][step];
            let mut claim = edge_claim(&s, &o, relation, c);
            if denied {
                claim = claim.with_polarity(Polarity::Denied);
            }
            g.add_claim(claim).unwrap();
        }
        g
    }

    /// Every (from, to, confidence) step the default filter allows under `walk`.
    fn transitions(g: &ClaimGraph, walk: Walk) -> Vec<(usize, usize, f64)> {
        let mut out = Vec::new();
        for id in g.claim_ids() {
            let claim = g.claim(id).unwrap().to_claim();
            if claim.polarity != Polarity::Asserted {
                continue;
            }
            let (s, o) = g.endpoints(id).unwrap();
            let (s, o) = (s.index(), o.index());
            let symmetric = claim.relation.is_symmetric();
            let c = claim.confidence();
            if walk != Walk::Backward || symmetric {
                out.push((s, o, c));
            }
            if walk != Walk::Forward || symmetric {
                out.push((o, s, c));
            }
        }
        out
    }

    /// The power iteration written plainly.
    fn pagerank_reference(
        g: &ClaimGraph,
        walk: Walk,
        weighting: Weighting,
        iterations: usize,
    ) -> Vec<f64> {
        let n = ACTORS;
        let steps: Vec<(usize, usize, f64)> = transitions(g, walk)
            .into_iter()
            .map(|(u, v, c)| match weighting {
                Weighting::Confidence => (u, v, c),
                Weighting::Unweighted => (u, v, 1.0),
            })
            .filter(|t| t.2 > 0.0)
            .collect();
        let mut out = vec![0.0; n];
        for &(u, _, w) in &steps {
            out[u] += w;
        }
        let mut x = vec![1.0 / n as f64; n];
        for _ in 0..iterations {
            let dangling: f64 = (0..n).filter(|&u| out[u] == 0.0).map(|u| x[u]).sum();
            let mut next = vec![0.85 * dangling / n as f64 + 0.15 / n as f64; n];
            for &(u, v, w) in &steps {
                next[v] += 0.85 * x[u] * w / out[u];
            }
            x = next;
        }
        x
    }

    /// Betweenness from all-pairs hop distances and path counts: σ_st(v) = σ_sv σ_vt
    /// when d(s, v) + d(v, t) = d(s, t); neighbours are distinct actors.
    fn betweenness_reference(g: &ClaimGraph, walk: Walk, normalization: Normalization) -> Vec<f64> {
        let n = ACTORS;
        let mut adjacent = vec![vec![false; n]; n];
        for (u, v, _) in transitions(g, walk) {
            adjacent[u][v] = true;
        }
        let mut dist = vec![vec![usize::MAX; n]; n];
        let mut sigma = vec![vec![0.0f64; n]; n];
        for s in 0..n {
            dist[s][s] = 0;
            sigma[s][s] = 1.0;
            let mut frontier = vec![s];
            let mut d = 0;
            while !frontier.is_empty() {
                let mut next = Vec::new();
                for &u in &frontier {
                    for v in 0..n {
                        if adjacent[u][v] && dist[s][v] == usize::MAX {
                            dist[s][v] = d + 1;
                            next.push(v);
                        }
                    }
                }
                for &v in &next {
                    sigma[s][v] = (0..n)
                        .filter(|&u| adjacent[u][v] && dist[s][u] == d)
                        .map(|u| sigma[s][u])
                        .sum();
                }
                frontier = next;
                d += 1;
            }
        }
        let mut b = vec![0.0; n];
        for v in 0..n {
            for s in 0..n {
                for t in 0..n {
                    if s == t || s == v || t == v || dist[s][t] == usize::MAX {
                        continue;
                    }
                    if dist[s][v] != usize::MAX
                        && dist[v][t] != usize::MAX
                        && dist[s][v] + dist[v][t] == dist[s][t]
                    {
                        b[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
                    }
                }
            }
        }
        let scale = match normalization {
            Normalization::Normalized => 1.0 / ((n - 1) * (n - 2)) as f64,
            Normalization::Raw if walk == Walk::Undirected => 0.5,
            Normalization::Raw => 1.0,
        };
        b.iter().map(|x| x * scale).collect()
    }

    fn values(scores: &[(ActorId, f64)]) -> Vec<f64> {
        scores.iter().map(|s| s.1).collect()
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn pagerank_matches_the_plain_iteration(specs in proptest::collection::vec(spec(), 0..14)) {
            let g = build(&specs);
            let snapshot = Snapshot::new(&g);
            for walk in [Walk::Undirected, Walk::Forward, Walk::Backward] {
                for weighting in [Weighting::Confidence, Weighting::Unweighted] {
                    let filter = Filter::new().walk(walk);
                    let options = PageRankOptions::new().weighting(weighting).iterations(60);
                    let got = pagerank(&g, &filter, &options);
                    prop_assert_eq!(&pagerank(&snapshot, &filter, &options), &got);
                    let want = pagerank_reference(&g, walk, weighting, 60);
                    prop_assert!(close(&values(&got), &want), "{:?} {:?}: {:?} vs {:?}", walk, weighting, got, want);
                    let total: f64 = want.iter().sum();
                    prop_assert!((total - 1.0).abs() < 1e-12);
                }
            }
        }

        #[test]
        fn betweenness_matches_path_counting(specs in proptest::collection::vec(spec(), 0..14)) {
            let g = build(&specs);
            let snapshot = Snapshot::new(&g);
            for walk in [Walk::Undirected, Walk::Forward, Walk::Backward] {
                for normalization in [Normalization::Raw, Normalization::Normalized] {
                    let filter = Filter::new().walk(walk);
                    let options = BetweennessOptions::new().normalization(normalization);
                    let got = betweenness(&g, &filter, &options);
                    prop_assert_eq!(&betweenness(&snapshot, &filter, &options), &got);
                    let want = betweenness_reference(&g, walk, normalization);
                    prop_assert!(close(&values(&got), &want), "{:?} {:?}: {:?} vs {:?}", walk, normalization, got, want);
                }
            }
        }
    }
}
