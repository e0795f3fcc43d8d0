//! Breadth- and depth-first search, k-hop neighbourhoods, ego networks and connected
//! components: exact answers on a small hand-built graph, then properties on random
//! graphs checked against plain brute-force references. Every answer is also
//! computed on a snapshot and must be identical.

use std::collections::{BTreeMap, BTreeSet};

use claimgraph::model::{
    Actor, ActorKind, Attribution, Claim, ClaimKey, Grade, Polarity, Relation, RelationKind,
    ValidTime,
};
use claimgraph::query::{Filter, Walk, neighbors};
use claimgraph::traverse::{
    Visit, bfs, dfs, ego_network, k_hop, reachable, strongly_connected_components,
    weakly_connected_components,
};
use claimgraph::{ActorId, ClaimGraph, Snapshot};
use proptest::prelude::*;

// ----- a hand-built graph ----------------------------------------------------------

/// Actors by index: a 0, b 1, c 2, x 3 (removed: a vacant index), d 4, e 5, f 6,
/// g 7 (no claims), src 8, src2 9 (sources only).
///
/// Claims by id (all valid at all times unless said):
/// * 0: a supports b; src (0.9, reported 2010) and src2 (0.5, reported 2023): 0.95
/// * 1: b supports c; src2 (0.6, reported 2023)
/// * 2: c supports a; src (0.8, reported 2010)
/// * 3: x supports a; src (0.5) (removed with x)
/// * 4: c supports d @ 2020; src (0.4, reported 2010)
/// * 5: e met_with d, symmetric, stored d -> e; src (0.7, reported 2010)
/// * 6: d supports f, DENIED; src (0.9, reported 2010)
struct Fixture {
    graph: ClaimGraph,
    ids: BTreeMap<&'static str, ActorId>,
}

impl Fixture {
    fn id(&self, key: &str) -> ActorId {
        self.ids[key]
    }

    fn ids<const N: usize>(&self, keys: [&str; N]) -> [ActorId; N] {
        keys.map(|k| self.id(k))
    }

    fn key(&self, id: ActorId) -> &str {
        self.graph.actor(id).map(|a| a.key.as_str()).unwrap_or("?")
    }
}

fn says(grade: f64, claimant: &str, reported: &str) -> Attribution {
    Attribution::new(Grade::confidence(grade).unwrap())
        .with_claimant(claimant.parse().unwrap())
        .with_reported(reported.parse().unwrap())
}

fn claim(s: &str, r: Relation, o: &str, valid: ValidTime) -> Claim {
    Claim::new(s.parse().unwrap(), r, o.parse().unwrap(), valid)
}

fn fixture() -> Fixture {
    let mut graph = ClaimGraph::new();
    let mut ids = BTreeMap::new();
    for key in ["a", "b", "c", "x", "d", "e", "f", "g", "src", "src2"] {
        let id = graph
            .add_actor(Actor::new(key, ActorKind::State, key).unwrap())
            .unwrap();
        ids.insert(key, id);
    }
    let always = ValidTime::ALWAYS;
    for cl in [
        claim("a", Relation::Supports, "b", always)
            .with_evidence(says(0.9, "src", "2010"))
            .with_evidence(says(0.5, "src2", "2023")),
        claim("b", Relation::Supports, "c", always).with_evidence(says(0.6, "src2", "2023")),
        claim("c", Relation::Supports, "a", always).with_evidence(says(0.8, "src", "2010")),
        claim("x", Relation::Supports, "a", always).with_evidence(says(0.5, "src", "2010")),
        claim("c", Relation::Supports, "d", "2020".parse().unwrap())
            .with_evidence(says(0.4, "src", "2010")),
        claim("e", Relation::MetWith, "d", always).with_evidence(says(0.7, "src", "2010")),
        claim("d", Relation::Supports, "f", always)
            .with_polarity(Polarity::Denied)
            .with_evidence(says(0.9, "src", "2010")),
    ] {
        graph.add_claim(cl).unwrap();
    }
    graph.remove_actor("x").unwrap();
    ids.remove("x");
    Fixture { graph, ids }
}

/// `(key, depth, parent key, via claim index)` of each visit.
fn trace(fx: &Fixture, visits: impl Iterator<Item = Visit>) -> Vec<(String, usize, String, usize)> {
    visits
        .map(|v| {
            (
                fx.key(v.actor).to_owned(),
                v.depth,
                v.parent.map_or("-", |p| fx.key(p)).to_owned(),
                v.via.map_or(usize::MAX, |c| c.index()),
            )
        })
        .collect()
}

fn row(key: &str, depth: usize, parent: &str, via: usize) -> (String, usize, String, usize) {
    (key.to_owned(), depth, parent.to_owned(), via)
}

const NONE: usize = usize::MAX;

#[test]
fn fixture_is_as_documented() {
    let fx = fixture();
    let g = &fx.graph;
    assert_eq!(
        fx.ids(["a", "b", "c", "d", "g", "src2"])
            .map(ActorId::index),
        [0, 1, 2, 4, 7, 9]
    );
    assert_eq!(g.claim_count(), 6);
    assert!((g.confidence(g.claim_ids().next().unwrap()).unwrap() - 0.95).abs() < 1e-12);
    let [d, e] = fx.ids(["d", "e"]);
    let met = g
        .claim_ids()
        .find(|&c| g.relation(c) == Some(&Relation::MetWith))
        .unwrap();
    assert_eq!(g.endpoints(met), Some((d, e)));
}

#[test]
fn bfs_orders_by_depth_then_discovery() {
    let fx = fixture();
    let snap = Snapshot::new(&fx.graph);
    let cases = [
        // Forward from a: along supports, then across the symmetric meeting from its
        // stored subject; the denied claim to f is not crossed.
        (
            "a",
            Filter::new().walk(Walk::Forward),
            None,
            vec![
                row("a", 0, "-", NONE),
                row("b", 1, "a", 0),
                row("c", 2, "b", 1),
                row("d", 3, "c", 4),
                row("e", 4, "d", 5),
            ],
        ),
        // Undirected from a: c is one hop back along c -> a.
        (
            "a",
            Filter::new(),
            None,
            vec![
                row("a", 0, "-", NONE),
                row("b", 1, "a", 0),
                row("c", 1, "a", 2),
                row("d", 2, "c", 4),
                row("e", 3, "d", 5),
            ],
        ),
        // Backward from e: the symmetric meeting is crossed from its stored object.
        (
            "e",
            Filter::new().walk(Walk::Backward),
            None,
            vec![
                row("e", 0, "-", NONE),
                row("d", 1, "e", 5),
                row("c", 2, "d", 4),
                row("b", 3, "c", 1),
                row("a", 4, "b", 0),
            ],
        ),
        (
            "a",
            Filter::new(),
            Some(1),
            vec![
                row("a", 0, "-", NONE),
                row("b", 1, "a", 0),
                row("c", 1, "a", 2),
            ],
        ),
        ("a", Filter::new(), Some(0), vec![row("a", 0, "-", NONE)]),
        // Minimum confidence: b -> c (0.6) is too weak.
        (
            "a",
            Filter::new().walk(Walk::Forward).min_confidence(0.7),
            None,
            vec![row("a", 0, "-", NONE), row("b", 1, "a", 0)],
        ),
        // Both polarities: the denied claim leads on to f.
        (
            "d",
            Filter::new().walk(Walk::Forward).polarity(None),
            None,
            vec![
                row("d", 0, "-", NONE),
                row("f", 1, "d", 6),
                row("e", 1, "d", 5),
            ],
        ),
        ("g", Filter::new(), None, vec![row("g", 0, "-", NONE)]),
    ];
    for (i, (start, filter, depth, expected)) in cases.iter().enumerate() {
        let start = fx.id(start);
        let run = |on_snapshot: bool| {
            let visits: Vec<Visit> = match (on_snapshot, depth) {
                (false, None) => bfs(&fx.graph, start, filter).collect(),
                (false, Some(k)) => bfs(&fx.graph, start, filter).max_depth(*k).collect(),
                (true, None) => bfs(&snap, start, filter).collect(),
                (true, Some(k)) => bfs(&snap, start, filter).max_depth(*k).collect(),
            };
            visits
        };
        let on_store = run(false);
        assert_eq!(trace(&fx, on_store.iter().copied()), *expected, "case {i}");
        assert_eq!(run(true), on_store, "case {i} on the snapshot");
    }
}

#[test]
fn dfs_visits_in_recursive_preorder() {
    let fx = fixture();
    let snap = Snapshot::new(&fx.graph);
    let a = fx.id("a");
    // From a, undirected: a's edges are [b (out), c (in)]; the search goes deep
    // through b before c is reached from b.
    let expected = vec![
        row("a", 0, "-", NONE),
        row("b", 1, "a", 0),
        row("c", 2, "b", 1),
        row("d", 3, "c", 4),
        row("e", 4, "d", 5),
    ];
    let on_store: Vec<Visit> = dfs(&fx.graph, a, &Filter::new()).collect();
    assert_eq!(trace(&fx, on_store.iter().copied()), expected);
    assert_eq!(dfs(&snap, a, &Filter::new()).collect::<Vec<_>>(), on_store);
    // A depth bound of 2 on the depth-first tree stops at c, although d is 2 hops
    // from a through c -> a: the known limit of a depth-limited search.
    let bounded: Vec<Visit> = dfs(&fx.graph, a, &Filter::new()).max_depth(2).collect();
    assert_eq!(trace(&fx, bounded.into_iter()), expected[..3]);
    // Removed or unknown starts yield nothing.
    let mut other = ClaimGraph::new();
    for i in 0..4 {
        other
            .add_actor(Actor::new(&format!("y{i}"), ActorKind::State, "y").unwrap())
            .unwrap();
    }
    let x = other.actor_id("y3").unwrap(); // index 3: vacant in the fixture
    assert_eq!(dfs(&fx.graph, x, &Filter::new()).count(), 0);
    assert_eq!(bfs(&fx.graph, x, &Filter::new()).count(), 0);
    assert_eq!(bfs(&snap, x, &Filter::new()).count(), 0);
    assert!(reachable(&snap, x, None, &Filter::new()).is_empty());
}

#[test]
fn reachable_under_each_kind_of_filter() {
    let fx = fixture();
    let snap = Snapshot::new(&fx.graph);
    let forward = Filter::new().walk(Walk::Forward);
    let cases: Vec<(&str, Filter, Option<usize>, Vec<&str>)> = vec![
        ("a", forward.clone(), None, vec!["a", "b", "c", "d", "e"]),
        ("a", forward.clone(), Some(2), vec!["a", "b", "c"]),
        ("e", forward.clone(), None, vec!["d", "e"]),
        ("e", Filter::new(), None, vec!["a", "b", "c", "d", "e"]),
        (
            "a",
            forward.clone().min_confidence(0.7),
            None,
            vec!["a", "b"],
        ),
        (
            "d",
            forward.clone().polarity(None),
            None,
            vec!["d", "e", "f"],
        ),
        // c -> d holds in 2020 only.
        (
            "a",
            forward.clone().valid_at("2021".parse().unwrap()),
            None,
            vec!["a", "b", "c"],
        ),
        (
            "a",
            forward.clone().valid_at("2020-06".parse().unwrap()),
            None,
            vec!["a", "b", "c", "d", "e"],
        ),
        // By 2022 nothing about b -> c had been reported.
        (
            "a",
            forward.clone().as_known_at("2022".parse().unwrap()),
            None,
            vec!["a", "b"],
        ),
        (
            "a",
            forward.clone().exclude_sources(["src2"]),
            None,
            vec!["a", "b"],
        ),
        (
            "a",
            forward.clone().trust_only(["src2"]),
            None,
            vec!["a", "b", "c"],
        ),
        (
            "b",
            forward.clone().trust_only(["src2"]),
            None,
            vec!["b", "c"],
        ),
        (
            "a",
            forward.clone().relations([RelationKind::Supports]),
            None,
            vec!["a", "b", "c", "d"],
        ),
        (
            "a",
            Filter::new().actor_kinds([ActorKind::Person]),
            None,
            vec!["a"],
        ),
        ("a", forward.clone().min_origins(2), None, vec!["a", "b"]),
    ];
    for (i, (start, filter, depth, expected)) in cases.iter().enumerate() {
        let expected: Vec<ActorId> = expected.iter().map(|k| fx.id(k)).collect();
        let start = fx.id(start);
        assert_eq!(
            reachable(&fx.graph, start, *depth, filter),
            expected,
            "case {i}"
        );
        assert_eq!(
            reachable(&snap, start, *depth, filter),
            expected,
            "case {i} on the snapshot"
        );
    }
}

#[test]
fn k_hop_and_ego_network() {
    let fx = fixture();
    let snap = Snapshot::new(&fx.graph);
    let [a, b, c, d] = fx.ids(["a", "b", "c", "d"]);
    let hops = k_hop(&fx.graph, a, 2, &Filter::new());
    assert_eq!(hops, [(a, 0), (b, 1), (c, 1), (d, 2)]);
    assert_eq!(k_hop(&snap, a, 2, &Filter::new()), hops);
    assert_eq!(k_hop(&fx.graph, a, 0, &Filter::new()), [(a, 0)]);

    let keys = |g: &ClaimGraph| -> Vec<String> { g.actors().map(|x| x.key.to_string()).collect() };
    let claim_keys = |g: &ClaimGraph| -> Vec<String> {
        let mut k: Vec<String> = g
            .claims()
            .map(|c| c.to_claim())
            .map(|c| c.key().to_string())
            .collect();
        k.sort();
        k
    };
    // One hop around a: a, b, c and the triangle among them; the sources they cite
    // are copied as actors too.
    let ego = ego_network(&fx.graph, a, 1, &Filter::new()).unwrap();
    assert_eq!(keys(&ego), ["a", "b", "c", "src", "src2"]);
    assert_eq!(
        claim_keys(&ego),
        [
            "a supports b @ ..",
            "b supports c @ ..",
            "c supports a @ .."
        ]
    );
    // Above 0.7, b -> c is not copied (c is still one hop away, along c -> a); src2
    // is still cited, by a -> b.
    let strong = ego_network(&fx.graph, a, 1, &Filter::new().min_confidence(0.7)).unwrap();
    assert_eq!(keys(&strong), ["a", "b", "c", "src", "src2"]);
    assert_eq!(
        claim_keys(&strong),
        ["a supports b @ ..", "c supports a @ .."]
    );
    // As known at 2022, a -> b is admitted on src's account, but copied with all its
    // evidence: its confidence in the ego network is 0.95, and src2 is cited.
    let known = ego_network(
        &fx.graph,
        a,
        1,
        &Filter::new().as_known_at("2022".parse().unwrap()),
    )
    .unwrap();
    assert_eq!(keys(&known), ["a", "b", "c", "src", "src2"]);
    assert_eq!(
        claim_keys(&known),
        ["a supports b @ ..", "c supports a @ .."]
    );
    let ab = known
        .claim_id(&claim("a", Relation::Supports, "b", ValidTime::ALWAYS).key())
        .unwrap();
    assert!((known.confidence(ab).unwrap() - 0.95).abs() < 1e-12);
    // Two hops: d joins; the meeting d - e does not (e is three hops away).
    let two = ego_network(&fx.graph, a, 2, &Filter::new()).unwrap();
    assert_eq!(keys(&two), ["a", "b", "c", "d", "src", "src2"]);
    assert_eq!(claim_keys(&two).len(), 4);
    // The snapshot gives the same graph.
    for (k, filter) in [
        (1, Filter::new()),
        (2, Filter::new()),
        (1, Filter::new().min_confidence(0.7)),
    ] {
        let from_store = ego_network(&fx.graph, a, k, &filter).unwrap();
        let from_snap = ego_network(&snap, a, k, &filter).unwrap();
        assert_eq!(keys(&from_snap), keys(&from_store));
        assert_eq!(
            from_snap.claims().map(|c| c.to_claim()).collect::<Vec<_>>(),
            from_store
                .claims()
                .map(|c| c.to_claim())
                .collect::<Vec<_>>()
        );
    }
    // An isolated centre, and a removed one.
    assert_eq!(
        keys(&ego_network(&fx.graph, fx.id("g"), 3, &Filter::new()).unwrap()),
        ["g"]
    );
    let mut other = ClaimGraph::new();
    for i in 0..4 {
        other
            .add_actor(Actor::new(&format!("y{i}"), ActorKind::State, "y").unwrap())
            .unwrap();
    }
    let x = other.actor_id("y3").unwrap();
    assert_eq!(
        ego_network(&fx.graph, x, 3, &Filter::new())
            .unwrap()
            .actor_count(),
        0
    );
    assert!(k_hop(&fx.graph, x, 3, &Filter::new()).is_empty());
}

#[test]
fn components_skip_vacant_indices() {
    let fx = fixture();
    let snap = Snapshot::new(&fx.graph);
    let groups = |filter: &Filter, strong: bool| -> Vec<Vec<String>> {
        let on_store = if strong {
            strongly_connected_components(&fx.graph, filter)
        } else {
            weakly_connected_components(&fx.graph, filter)
        };
        let on_snap = if strong {
            strongly_connected_components(&snap, filter)
        } else {
            weakly_connected_components(&snap, filter)
        };
        assert_eq!(on_snap, on_store);
        on_store
            .iter()
            .map(|c| c.iter().map(|&id| fx.key(id).to_owned()).collect())
            .collect()
    };
    let s = |v: &[&[&str]]| -> Vec<Vec<String>> {
        v.iter()
            .map(|c| c.iter().map(|k| k.to_string()).collect())
            .collect()
    };
    assert_eq!(
        groups(&Filter::new(), false),
        s(&[
            &["a", "b", "c", "d", "e"],
            &["f"],
            &["g"],
            &["src"],
            &["src2"]
        ])
    );
    assert_eq!(
        groups(&Filter::new().polarity(None), false),
        s(&[&["a", "b", "c", "d", "e", "f"], &["g"], &["src"], &["src2"]])
    );
    assert_eq!(
        groups(&Filter::new().min_confidence(0.7), false),
        s(&[
            &["a", "b", "c"],
            &["d", "e"],
            &["f"],
            &["g"],
            &["src"],
            &["src2"]
        ])
    );
    // The walk does not matter to either kind of component.
    assert_eq!(
        groups(&Filter::new().walk(Walk::Backward), false),
        groups(&Filter::new(), false)
    );
    assert_eq!(
        groups(&Filter::new(), true),
        s(&[
            &["a", "b", "c"],
            &["d", "e"],
            &["f"],
            &["g"],
            &["src"],
            &["src2"]
        ])
    );
    assert_eq!(
        groups(&Filter::new().walk(Walk::Undirected), true),
        groups(&Filter::new().walk(Walk::Backward), true)
    );
    assert_eq!(
        groups(&Filter::new().min_confidence(0.7), true),
        s(&[
            &["a"],
            &["b"],
            &["c"],
            &["d", "e"],
            &["f"],
            &["g"],
            &["src"],
            &["src2"]
        ])
    );
}

#[test]
fn strongly_connected_components_survive_a_long_cycle() {
    // A directed cycle of 50 000 actors: a recursive search would need a call stack
    // 50 000 frames deep, more than a test thread has.
    let n = 50_000;
    let mut g = ClaimGraph::new();
    let key = |i: usize| format!("n{i}");
    for i in 0..n {
        g.add_actor(Actor::new(&key(i), ActorKind::State, "n").unwrap())
            .unwrap();
    }
    for i in 0..n {
        g.add_claim(
            claim(
                &key(i),
                Relation::Supports,
                &key((i + 1) % n),
                ValidTime::ALWAYS,
            )
            .with_evidence(says(0.5, "n0", "2020")),
        )
        .unwrap();
    }
    let snap = Snapshot::new(&g);
    let sccs = strongly_connected_components(&snap, &Filter::new());
    assert_eq!(sccs.len(), 1);
    assert_eq!(sccs[0].len(), n);
    // Without the closing claim the cycle falls apart into singletons.
    let last = g.claim_ids().last().unwrap();
    g.remove_claim(last).unwrap();
    assert_eq!(strongly_connected_components(&g, &Filter::new()).len(), n);
    assert_eq!(weakly_connected_components(&g, &Filter::new()).len(), 1);
    let deepest = dfs(
        &g,
        g.actor_id("n0").unwrap(),
        &Filter::new().walk(Walk::Forward),
    )
    .last()
    .unwrap();
    assert_eq!(deepest.depth, n - 1);
}

// ----- random graphs against brute force --------------------------------------------

/// A random claim: subject, object, relation (index into `RELATIONS`), grade, denied.
type RawClaim = (usize, usize, usize, usize, bool, usize);

const RELATIONS: [Relation; 4] = [
    Relation::Supports,
    Relation::MetWith,
    Relation::SuppliesArms,
    Relation::Associated,
];
const GRADES: [f64; 5] = [0.1, 0.3, 0.5, 0.7, 0.9];

/// Builds a graph of `n` actors `n0..`, the claims (self-loops skipped, a claimant
/// among the actors), then tries to remove the actors listed (a removal fails, and
/// is skipped, while the actor is cited as a source).
fn build(n: usize, claims: &[RawClaim], removals: &[usize]) -> ClaimGraph {
    let mut g = ClaimGraph::new();
    for i in 0..n {
        g.add_actor(Actor::new(&format!("n{i}"), ActorKind::State, format!("N{i}")).unwrap())
            .unwrap();
    }
    for &(s, o, r, grade, denied, claimant) in claims {
        let (s, o) = (s % n, o % n);
        if s == o {
            continue;
        }
        let polarity = if denied {
            Polarity::Denied
        } else {
            Polarity::Asserted
        };
        g.add_claim(
            Claim::new(
                format!("n{s}").parse().unwrap(),
                RELATIONS[r % RELATIONS.len()].clone(),
                format!("n{o}").parse().unwrap(),
                ValidTime::ALWAYS,
            )
            .with_polarity(polarity)
            .with_evidence(says(
                GRADES[grade % GRADES.len()],
                &format!("n{}", claimant % n),
                "2020",
            )),
        )
        .unwrap();
    }
    for &r in removals {
        let _ = g.remove_actor(&format!("n{}", r % n));
    }
    g
}

fn graphs() -> impl Strategy<Value = ClaimGraph> {
    (1usize..=12).prop_flat_map(|n| {
        (
            Just(n),
            prop::collection::vec(
                (
                    0..n,
                    0..n,
                    0..4usize,
                    0..5usize,
                    prop::bool::weighted(0.15),
                    0..n,
                ),
                0..=30,
            ),
            prop::collection::vec(0..n, 0..=3),
        )
            .prop_map(|(n, claims, removals)| build(n, &claims, &removals))
    })
}

/// The steps a walk may take, as directed pairs, under "asserted and at least
/// `min` confident" (the brute force reads only the public API).
fn arcs(g: &ClaimGraph, min: f64, walk: Walk) -> Vec<(ActorId, ActorId)> {
    let mut arcs = Vec::new();
    for id in g.claim_ids() {
        let claim = g.claim(id).unwrap().to_claim();
        if claim.polarity != Polarity::Asserted || g.confidence(id).unwrap() < min {
            continue;
        }
        let (s, o) = g.endpoints(id).unwrap();
        let symmetric = claim.relation.is_symmetric();
        let forward = walk != Walk::Backward || symmetric;
        let backward = walk != Walk::Forward || symmetric;
        if forward {
            arcs.push((s, o));
        }
        if backward {
            arcs.push((o, s));
        }
    }
    arcs
}

/// Fewest hops from `start` to every actor reached, by repeated relaxation.
fn distances(
    g: &ClaimGraph,
    start: ActorId,
    arcs: &[(ActorId, ActorId)],
) -> BTreeMap<ActorId, usize> {
    let mut dist = BTreeMap::from([(start, 0)]);
    for _ in 0..=g.actor_count() {
        for &(u, v) in arcs {
            if let Some(&du) = dist.get(&u) {
                let better = dist.get(&v).is_none_or(|&dv| du + 1 < dv);
                if better {
                    dist.insert(v, du + 1);
                }
            }
        }
    }
    dist
}

fn sorted_actors(g: &ClaimGraph) -> Vec<ActorId> {
    let mut ids: Vec<ActorId> = g.actor_ids().collect();
    ids.sort();
    ids
}

/// Groups actors by mutual reachability over `arcs`.
fn partition(g: &ClaimGraph, arcs: &[(ActorId, ActorId)]) -> Vec<Vec<ActorId>> {
    let actors = sorted_actors(g);
    let reach: BTreeMap<ActorId, BTreeSet<ActorId>> = actors
        .iter()
        .map(|&a| (a, distances(g, a, arcs).into_keys().collect()))
        .collect();
    let mut done = BTreeSet::new();
    let mut parts = Vec::new();
    for &a in &actors {
        if done.contains(&a) {
            continue;
        }
        let part: Vec<ActorId> = actors
            .iter()
            .copied()
            .filter(|b| reach[&a].contains(b) && reach[b].contains(&a))
            .collect();
        done.extend(part.iter().copied());
        parts.push(part);
    }
    parts
}

/// Depth-first search written recursively, taking each actor's claims in the order
/// `neighbors` lists them: what the iterative `dfs` must reproduce.
fn recursive_dfs(
    g: &ClaimGraph,
    filter: &Filter,
    visit: Visit,
    seen: &mut BTreeSet<ActorId>,
    out: &mut Vec<Visit>,
) {
    if !seen.insert(visit.actor) {
        return;
    }
    out.push(visit);
    for n in neighbors(g, visit.actor, filter) {
        let next = Visit {
            actor: n.actor,
            depth: visit.depth + 1,
            via: Some(n.claim),
            parent: Some(visit.actor),
        };
        recursive_dfs(g, filter, next, seen, out);
    }
}

const WALKS: [Walk; 3] = [Walk::Forward, Walk::Backward, Walk::Undirected];
const MINS: [f64; 3] = [0.0, 0.5, 0.8];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn search_matches_brute_force(g in graphs()) {
        let snap = Snapshot::new(&g);
        for walk in WALKS {
            for min in MINS {
                let filter = Filter::new().walk(walk).min_confidence(min);
                let arcs = arcs(&g, min, walk);
                for start in sorted_actors(&g) {
                    let dist = distances(&g, start, &arcs);
                    let expected: Vec<ActorId> = dist.keys().copied().collect();
                    let found = reachable(&g, start, None, &filter);
                    prop_assert_eq!(&found, &expected);
                    prop_assert_eq!(&reachable(&snap, start, None, &filter), &expected);
                    // BFS gives every actor at its fewest hops, in nondecreasing order,
                    // each discovered from a parent one hop nearer.
                    let visits: Vec<Visit> = bfs(&g, start, &filter).collect();
                    prop_assert_eq!(&bfs(&snap, start, &filter).collect::<Vec<_>>(), &visits);
                    let depths: BTreeMap<ActorId, usize> = visits.iter().map(|v| (v.actor, v.depth)).collect();
                    prop_assert_eq!(&depths, &dist);
                    prop_assert!(visits.windows(2).all(|w| w[0].depth <= w[1].depth));
                    for v in &visits[1..] {
                        let parent = v.parent.unwrap();
                        prop_assert_eq!(dist[&parent] + 1, v.depth);
                        prop_assert!(arcs.contains(&(parent, v.actor)));
                        let ends = g.endpoints(v.via.unwrap()).unwrap();
                        prop_assert!(ends == (parent, v.actor) || ends == (v.actor, parent));
                    }
                    // DFS visits in the recursive preorder, and so reaches the same set.
                    let visits: Vec<Visit> = dfs(&g, start, &filter).collect();
                    let mut preorder = Vec::new();
                    let root = Visit { actor: start, depth: 0, via: None, parent: None };
                    recursive_dfs(&g, &filter, root, &mut BTreeSet::new(), &mut preorder);
                    prop_assert_eq!(&visits, &preorder);
                    prop_assert_eq!(&dfs(&snap, start, &filter).collect::<Vec<_>>(), &visits);
                    let mut dfs_set: Vec<ActorId> = visits.iter().map(|v| v.actor).collect();
                    dfs_set.sort();
                    prop_assert_eq!(&dfs_set, &expected);
                    // Depth bounds.
                    for k in 0..3 {
                        let within: Vec<ActorId> = dist.iter().filter(|&(_, &d)| d <= k).map(|(&a, _)| a).collect();
                        prop_assert_eq!(&reachable(&g, start, Some(k), &filter), &within);
                        prop_assert!(dfs(&g, start, &filter).max_depth(k).all(|v| v.depth <= k));
                    }
                }
            }
        }
    }

    #[test]
    fn raising_min_confidence_never_adds_a_reachable_actor(g in graphs()) {
        for walk in WALKS {
            for start in sorted_actors(&g) {
                let mut previous: Option<BTreeSet<ActorId>> = None;
                for min in [0.0, 0.2, 0.4, 0.6, 0.8, 1.0] {
                    let now: BTreeSet<ActorId> =
                        reachable(&g, start, None, &Filter::new().walk(walk).min_confidence(min)).into_iter().collect();
                    if let Some(before) = &previous {
                        prop_assert!(now.is_subset(before));
                    }
                    previous = Some(now);
                }
            }
        }
    }

    #[test]
    fn ego_network_holds_exactly_the_actors_within_k_hops(g in graphs()) {
        let snap = Snapshot::new(&g);
        for walk in WALKS {
            let min = 0.5;
            let filter = Filter::new().walk(walk).min_confidence(min);
            let arcs = arcs(&g, min, walk);
            for center in sorted_actors(&g) {
                let dist = distances(&g, center, &arcs);
                for k in 0..=3 {
                    let mut expected: Vec<(ActorId, usize)> =
                        dist.iter().filter(|&(_, &d)| d <= k).map(|(&a, &d)| (a, d)).collect();
                    expected.sort_by_key(|&(a, d)| (d, a));
                    let hops = k_hop(&g, center, k, &filter);
                    prop_assert_eq!(&hops, &expected);
                    prop_assert_eq!(&k_hop(&snap, center, k, &filter), &expected);

                    // Claims: every asserted claim of at least `min` among the actors within k.
                    let within: BTreeSet<ActorId> = hops.iter().map(|&(a, _)| a).collect();
                    let mut claims: BTreeSet<ClaimKey> = BTreeSet::new();
                    let mut cited: BTreeSet<String> = BTreeSet::new();
                    for id in g.claim_ids() {
                        let claim = g.claim(id).unwrap().to_claim();
                        let (s, o) = g.endpoints(id).unwrap();
                        if claim.polarity == Polarity::Asserted && g.confidence(id).unwrap() >= min
                            && within.contains(&s) && within.contains(&o) {
                            cited.extend(claim.evidence.iter().flat_map(|e| e.chain()).map(|k| k.to_string()));
                            claims.insert(claim.key());
                        }
                    }
                    let ego = ego_network(&g, center, k, &filter).unwrap();
                    let ego_claims: BTreeSet<ClaimKey> = ego.claims().map(|c| c.to_claim()).map(|c| c.key()).collect();
                    prop_assert_eq!(&ego_claims, &claims);
                    prop_assert_eq!(ego.claim_count(), claims.len());
                    for id in ego.claim_ids() {
                        let key = ego.claim(id).unwrap().to_claim().key();
                        let original = g.claim_id(&key).unwrap();
                        prop_assert_eq!(ego.confidence(id), g.confidence(original));
                    }
                    // Actors: those within k hops, plus the sources their claims cite.
                    let within_keys: BTreeSet<String> =
                        within.iter().map(|&a| g.actor(a).unwrap().key.to_string()).collect();
                    let ego_keys: BTreeSet<String> = ego.actors().map(|a| a.key.to_string()).collect();
                    let expected_keys: BTreeSet<String> = within_keys.union(&cited).cloned().collect();
                    prop_assert_eq!(&ego_keys, &expected_keys);
                    prop_assert_eq!(ego.actor_count(), expected_keys.len());
                    let from_snap = ego_network(&snap, center, k, &filter).unwrap();
                    prop_assert_eq!(from_snap.claims().map(|c| c.to_claim()).collect::<Vec<_>>(), ego.claims().map(|c| c.to_claim()).collect::<Vec<_>>());
                    prop_assert_eq!(from_snap.actors().collect::<Vec<_>>(), ego.actors().collect::<Vec<_>>());
                }
            }
        }
    }

    #[test]
    fn components_match_brute_force_partitions(g in graphs()) {
        let snap = Snapshot::new(&g);
        for min in MINS {
            let filter = Filter::new().min_confidence(min);
            let weak = partition(&g, &arcs(&g, min, Walk::Undirected));
            prop_assert_eq!(&weakly_connected_components(&g, &filter), &weak);
            prop_assert_eq!(&weakly_connected_components(&snap, &filter), &weak);
            let strong = partition(&g, &arcs(&g, min, Walk::Forward));
            prop_assert_eq!(&strongly_connected_components(&g, &filter), &strong);
            prop_assert_eq!(&strongly_connected_components(&snap, &filter), &strong);
        }
    }
}
