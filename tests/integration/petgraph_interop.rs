//! petgraph's own algorithms run on claimgraph's store and snapshot through the
//! `visit` traits, with a claimgraph `Filter` as petgraph's edge filter, and agree
//! with claimgraph's own traversals.

use std::collections::BTreeSet;

use claimgraph::generate::GeneratorConfig;
use claimgraph::model::{Direction, RelationKind};
use claimgraph::query::{Filter, Walk};
use claimgraph::traverse::{most_credible_tree, reachable, strongly_connected_components};
use claimgraph::visit::ClaimFilter;
use claimgraph::{ActorId, ClaimGraph, Snapshot};
use petgraph::algo::{dijkstra, tarjan_scc};
use petgraph::visit::{Bfs, EdgeFiltered, EdgeRef};

/// A seeded R-MAT claim graph of 2^10 actors and 8 claims per actor.
fn generated() -> ClaimGraph {
    let generated = GeneratorConfig::new(1 << 10, 8).seed(7).generate();
    let mut g = ClaimGraph::new();
    for actor in generated.actors() {
        g.add_actor(actor).expect("generated actors are valid");
    }
    for claim in generated.claims() {
        g.add_claim(claim).expect("generated claims fit");
    }
    g
}

/// Directed relations only, followed forward, at a moderate confidence: petgraph
/// follows claims in their stored direction, so symmetric claims are left out.
fn directed_filter() -> Filter {
    let directed = RelationKind::ALL
        .into_iter()
        .filter(|k| k.direction() == Direction::Directed);
    Filter::new()
        .relations(directed)
        .min_confidence(0.2)
        .walk(Walk::Forward)
}

/// One body for both views: petgraph's trait bounds on `EdgeFiltered` over a generic
/// view are unwieldy, so the checks are written once as a macro.
macro_rules! check {
    ($view:expr, $start:expr) => {{
        let view = $view;
        let start: ActorId = $start;
        let filter = directed_filter();
        let filtered = EdgeFiltered(view, ClaimFilter::new(view, &filter));

        // Breadth-first search: the same actors reached.
        let mut bfs = Bfs::new(&filtered, start);
        let mut by_petgraph = BTreeSet::new();
        while let Some(a) = bfs.next(&filtered) {
            by_petgraph.insert(a);
        }
        let ours: BTreeSet<ActorId> = reachable(view, start, None, &filter).into_iter().collect();
        assert_eq!(by_petgraph, ours);
        assert!(
            ours.len() > 10,
            "the start reaches a real part of the graph"
        );

        // Dijkstra on -ln c: the same best confidence for every actor reached.
        let costs = dijkstra(&filtered, start, None, |e| -e.weight().confidence().ln());
        let tree = most_credible_tree(view, start, &filter);
        assert_eq!(costs.len(), tree.len());
        for (actor, cost) in &costs {
            let best = tree.confidence(*actor).expect("reached by both");
            assert!(
                ((-cost).exp() - best).abs() <= 1e-12 * best.max(1e-300),
                "{actor:?}"
            );
        }

        // Tarjan's strongly connected components: the same partition.
        let mut theirs: Vec<Vec<ActorId>> = tarjan_scc(&filtered)
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        theirs.sort();
        let mut ours = strongly_connected_components(view, &filter);
        ours.sort();
        assert_eq!(theirs, ours);
    }};
}

#[test]
fn petgraph_algorithms_agree_with_claimgraph_on_the_store_and_the_snapshot() {
    let g = generated();
    let snap = Snapshot::new(&g);
    // The actor with the most outgoing claims, so the searches go somewhere.
    let start = claimgraph::analysis::degrees(&g, &directed_filter())
        .into_iter()
        .max_by_key(|(a, d)| (*d, std::cmp::Reverse(*a)))
        .expect("actors")
        .0;
    check!(&g, start);
    check!(&snap, start);
}
