//! The large-graph algorithms (direction-optimising reachability, the `bfs`
//! iterator's compact bookkeeping, the 4-ary-heap most-credible search, PageRank and
//! betweenness on rayon) on seeded R-MAT claim graphs big enough for them to take
//! their fast paths (bottom-up steps, several pieces of work per thread), checked
//! against plain references written here from the public API, on the store and on
//! a snapshot.

use std::collections::{BTreeMap, BinaryHeap, VecDeque};

use claimgraph::analysis::{BetweennessOptions, PageRankOptions, Weighting, betweenness, pagerank};
use claimgraph::generate::{GeneratorConfig, Topology};
use claimgraph::model::Polarity;
use claimgraph::query::{Filter, Walk};
use claimgraph::traverse::{Visit, bfs, most_credible_tree, reachable};
use claimgraph::{ActorId, ClaimGraph, Snapshot};
use proptest::prelude::*;

const WALKS: [Walk; 3] = [Walk::Forward, Walk::Backward, Walk::Undirected];

/// An R-MAT graph of `2^log2` actors, `per_actor` claims each, with every tenth
/// actor removed again (vacant node indices, as a store that lived has).
fn rmat(log2: u32, per_actor: usize, seed: u64) -> ClaimGraph {
    let generated = GeneratorConfig::new(1 << log2, per_actor)
        .topology(Topology::GRAPH500)
        .seed(seed)
        .outlets(20)
        .claimants(50)
        .generate();
    let mut g = ClaimGraph::new();
    for actor in generated.actors() {
        g.add_actor(actor).unwrap();
    }
    for claim in generated.claims() {
        g.add_claim(claim).unwrap();
    }
    for i in (0..generated.actor_count() as u32).step_by(10) {
        g.remove_actor(generated.actor_key(i).as_str()).unwrap();
    }
    g
}

/// The steps a walk may take over the claims `keep` accepts (by polarity and
/// confidence), with the claim's confidence, by actor.
fn steps_where(
    g: &ClaimGraph,
    walk: Walk,
    keep: impl Fn(Polarity, f64) -> bool,
) -> BTreeMap<ActorId, Vec<(ActorId, f64)>> {
    let mut out: BTreeMap<ActorId, Vec<(ActorId, f64)>> = BTreeMap::new();
    for id in g.claim_ids() {
        let (s, o) = g.endpoints(id).unwrap();
        let c = g.confidence(id).unwrap();
        let claim = g.claim(id).unwrap().to_claim();
        if !keep(claim.polarity, c) {
            continue;
        }
        let symmetric = claim.relation.is_symmetric();
        if walk != Walk::Backward || symmetric {
            out.entry(s).or_default().push((o, c));
        }
        if walk != Walk::Forward || symmetric {
            out.entry(o).or_default().push((s, c));
        }
    }
    out
}

/// The steps a walk may take over every claim, either polarity.
fn steps(g: &ClaimGraph, walk: Walk) -> BTreeMap<ActorId, Vec<(ActorId, f64)>> {
    steps_where(g, walk, |_, _| true)
}

/// Fewest hops from `start`, by a plain queue.
fn hops(
    steps: &BTreeMap<ActorId, Vec<(ActorId, f64)>>,
    start: ActorId,
) -> BTreeMap<ActorId, usize> {
    let mut dist = BTreeMap::from([(start, 0)]);
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        let du = dist[&u];
        for &(v, _) in steps.get(&u).map_or(&[][..], Vec::as_slice) {
            if let std::collections::btree_map::Entry::Vacant(slot) = dist.entry(v) {
                slot.insert(du + 1);
                queue.push_back(v);
            }
        }
    }
    dist
}

/// Best path confidences from `start`: Dijkstra on products with a binary heap and
/// lazy deletion (the search the 4-ary heap replaced), claims of confidence 0 not
/// crossed.
fn best_confidences(
    steps: &BTreeMap<ActorId, Vec<(ActorId, f64)>>,
    start: ActorId,
) -> BTreeMap<ActorId, f64> {
    let mut best = BTreeMap::from([(start, 1.0f64)]);
    let mut heap = BinaryHeap::from([(1.0f64.to_bits(), std::cmp::Reverse(start))]);
    while let Some((bits, std::cmp::Reverse(u))) = heap.pop() {
        let cu = f64::from_bits(bits);
        if cu < best[&u] {
            continue;
        }
        for &(v, c) in steps.get(&u).map_or(&[][..], Vec::as_slice) {
            let cv = cu * c;
            if c > 0.0 && best.get(&v).is_none_or(|&b| cv > b) {
                best.insert(v, cv);
                heap.push((cv.to_bits(), std::cmp::Reverse(v)));
            }
        }
    }
    best
}

/// Starting points: the actor with the most claims (its first step is a large
/// frontier, where the search turns bottom-up), then a spread of others.
fn starts(g: &ClaimGraph) -> Vec<ActorId> {
    let all = steps(g, Walk::Undirected);
    let hub = all
        .iter()
        .max_by_key(|(a, s)| (s.len(), std::cmp::Reverse(**a)))
        .map(|(a, _)| *a)
        .unwrap();
    let mut out = vec![hub];
    out.extend(g.actor_ids().step_by(61));
    out
}

#[test]
fn the_hub_of_an_rmat_graph_reaches_what_a_plain_queue_reaches() {
    // 2^10 topology actors (103 removed), 8 claims each, seed 7: from the hub, the
    // forward walk reaches what the plain queue does, most of the graph.
    let g = rmat(10, 8, 7);
    let snap = Snapshot::new(&g);
    let every = Filter::new().polarity(None);
    let hub = starts(&g)[0];
    let forward = reachable(&snap, hub, None, &every.clone().walk(Walk::Forward));
    let expected: Vec<ActorId> = hops(&steps(&g, Walk::Forward), hub).into_keys().collect();
    assert_eq!(forward, expected);
    // 1,024 topology actors, 20 outlets and 50 claimants, 103 actors removed.
    assert_eq!(g.actor_count(), 991);
    assert!(forward.len() > 921 / 2, "{} reached", forward.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3))]

    /// Reachability, BFS trees and most credible confidences on R-MAT graphs, under
    /// every walk, with and without depth bounds and filters.
    #[test]
    fn searches_match_plain_references(seed in 0u64..1_000_000) {
        let g = rmat(9, 8, seed);
        let snap = Snapshot::new(&g);
        let starts = starts(&g);
        for walk in WALKS {
            let every = Filter::new().polarity(None).walk(walk);
            let steps = steps(&g, walk);
            for &start in &starts {
                let dist = hops(&steps, start);
                let expected: Vec<ActorId> = dist.keys().copied().collect();
                prop_assert_eq!(&reachable(&g, start, None, &every), &expected);
                prop_assert_eq!(&reachable(&snap, start, None, &every), &expected);
                for k in 0..4 {
                    let within: Vec<ActorId> =
                        dist.iter().filter(|&(_, &d)| d <= k).map(|(&a, _)| a).collect();
                    prop_assert_eq!(&reachable(&snap, start, Some(k), &every), &within);
                }
                // The BFS tree: every actor at its fewest hops, in nondecreasing
                // depth, each from a parent one hop nearer through a claim joining them.
                let visits: Vec<Visit> = bfs(&snap, start, &every).collect();
                prop_assert_eq!(&bfs(&g, start, &every).collect::<Vec<_>>(), &visits);
                let depths: BTreeMap<ActorId, usize> =
                    visits.iter().map(|v| (v.actor, v.depth)).collect();
                prop_assert_eq!(&depths, &dist);
                prop_assert!(visits.windows(2).all(|w| w[0].depth <= w[1].depth));
                prop_assert_eq!((visits[0].parent, visits[0].via), (None, None));
                for v in &visits[1..] {
                    let parent = v.parent.unwrap();
                    prop_assert_eq!(dist[&parent] + 1, v.depth);
                    let ends = g.endpoints(v.via.unwrap()).unwrap();
                    prop_assert!(ends == (parent, v.actor) || ends == (v.actor, parent));
                }
                prop_assert_eq!(
                    bfs(&snap, start, &every).max_depth(2).count(),
                    dist.values().filter(|&&d| d <= 2).count()
                );
                // Most credible confidences, to the bit.
                let best = best_confidences(&steps, start);
                let tree = most_credible_tree(&snap, start, &every);
                let found: BTreeMap<ActorId, f64> = tree.reached().collect();
                prop_assert_eq!(found.len(), best.len());
                for (a, c) in &best {
                    prop_assert_eq!(found[a].to_bits(), c.to_bits(), "actor {:?}", a);
                }
                prop_assert_eq!(&most_credible_tree(&g, start, &every), &tree);
                for (a, _) in best.iter().take(40) {
                    let path = tree.path_to(*a).unwrap();
                    let product = path
                        .claims
                        .iter()
                        .fold(1.0, |p, &c| p * g.confidence(c).unwrap());
                    prop_assert_eq!(product.to_bits(), best[a].to_bits());
                }
            }
            // A filter the fast reachability does not take: the plain search.
            let strict = Filter::new().walk(walk).min_confidence(0.5);
            let kept = steps_where(&g, walk, |p, c| p == Polarity::Asserted && c >= 0.5);
            for &start in starts.iter().take(4) {
                let expected: Vec<ActorId> = hops(&kept, start).into_keys().collect();
                prop_assert_eq!(&reachable(&snap, start, None, &strict), &expected);
            }
        }
    }

    /// PageRank and betweenness give the same answers, to the bit, on 1, 2 and 3
    /// threads: the work is cut into pieces by the graph alone, and sums are added
    /// in piece order.
    #[test]
    fn thread_counts_do_not_change_pagerank_or_betweenness(seed in 0u64..1_000_000) {
        // 2^13 actors: two setup pieces of 4,096 rows (the unit tests cut the
        // iterations into several chunks).
        let g = rmat(13, 2, seed);
        let snap = Snapshot::new(&g);
        for walk in WALKS {
            let filter = Filter::new().walk(walk);
            for weighting in [Weighting::Confidence, Weighting::Unweighted] {
                let options = PageRankOptions::new().iterations(15).weighting(weighting);
                let one = pagerank(&snap, &filter, &options.threads(1));
                for threads in [2, 3] {
                    prop_assert_eq!(&pagerank(&snap, &filter, &options.threads(threads)), &one);
                }
                let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
                prop_assert_eq!(&pool.install(|| pagerank(&snap, &filter, &options)), &one);
                prop_assert_eq!(&pagerank(&g, &filter, &options.threads(2)), &one);
                let sum: f64 = one.iter().map(|s| s.1).sum();
                prop_assert!((sum - 1.0).abs() < 1e-9, "{}", sum);
            }
        }
        // Betweenness on a smaller graph (2^9 actors: 8 pieces of 64 sources).
        let small = rmat(9, 4, seed);
        let snap = Snapshot::new(&small);
        for walk in WALKS {
            let filter = Filter::new().walk(walk);
            let one = betweenness(&snap, &filter, &BetweennessOptions::new().threads(1));
            for threads in [2, 3] {
                let many = betweenness(&snap, &filter, &BetweennessOptions::new().threads(threads));
                prop_assert_eq!(&many, &one);
            }
            prop_assert_eq!(&betweenness(&small, &filter, &BetweennessOptions::new()), &one);
            prop_assert!(one.iter().any(|s| s.1 > 0.0));
        }
    }
}

#[test]
fn polarity_none_admits_denied_claims_too() {
    // The references above read every claim; this graph holds denied ones, so the
    // fast reachability (which takes no filter) must walk them as well.
    let g = rmat(9, 8, 3);
    let denied = g
        .claim_ids()
        .filter(|&id| g.claim(id).unwrap().to_claim().polarity == Polarity::Denied)
        .count();
    assert!(denied > 0, "the generator makes denied claims");
}
