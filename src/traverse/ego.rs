//! The k-hop ego network of an actor, as a new graph.

use super::search::bfs;
use crate::query::{Filter, ReadGraph};
use crate::store::{Batch, StoreError};
use crate::{ActorId, ClaimGraph};

/// Every actor within `max_depth` hops of `start` over the claims a filter admits, with its
/// hop distance.
///
/// Hops follow the filter's [`Walk`](crate::query::Walk) (symmetric relations both
/// ways); the distance is the fewest hops.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `start`: the actor at the centre.
/// * `max_depth`: the most hops (`0`: the start alone).
/// * `filter`: which claims may be crossed, and which way.
///
/// # Returns
/// `(actor, hops)` pairs, the centre first with 0, ordered by hops then actor id.
/// Empty for an unknown or removed `start`.
///
/// # Complexity
/// **O(V + E)** time over the part reached plus **O(R log R)** to sort R actors;
/// **O(V)** bits plus **O(R)** memory.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// use claimgraph::traverse::k_hop;
/// let mut g = ClaimGraph::new();
/// for k in ["a", "b", "c", "d"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.9)?).with_claimant("a".parse()?);
/// for (s, o) in [("a", "b"), ("b", "c"), ("c", "d")] {
///     g.add_claim(Claim::new(s.parse()?, Relation::Supports, o.parse()?, ValidTime::ALWAYS).with_evidence(says.clone()))?;
/// }
/// let id = |k: &str| g.actor_id(k).unwrap();
/// assert_eq!(k_hop(&g, id("b"), 1, &Filter::new()), [(id("b"), 0), (id("a"), 1), (id("c"), 1)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn k_hop<V: ReadGraph>(
    view: &V,
    start: ActorId,
    max_depth: usize,
    filter: &Filter,
) -> Vec<(ActorId, usize)> {
    let mut found: Vec<(ActorId, usize)> = bfs(view, start, filter)
        .max_depth(max_depth)
        .map(|v| (v.actor, v.depth))
        .collect();
    // BFS already gives hop order; within a hop count, order by id.
    found.sort_unstable_by_key(|&(actor, hops)| (hops, actor));
    found
}

/// The ego network of `start`: a new [`ClaimGraph`] holding every actor within
/// `max_depth` hops and every admitted claim among them.
///
/// * **Actors within k hops** are those of [`k_hop`]: reached over claims the filter
///   admits, in the direction of its [`Walk`](crate::query::Walk).
/// * **Claims**: every claim the filter admits whose subject and object are both
///   within k hops, whatever its direction (the subgraph they induce), copied with
///   *all* its evidence, so its confidence in the new graph is the one derived from
///   all evidence, even when the filter dropped some evidence to admit it.
/// * **Sources**: every actor that the copied evidence names as claimant, outlet or
///   relay is copied too, since a claim cannot cite an actor its graph lacks. Such an
///   actor is not within k hops unless [`k_hop`] says so, and the new graph holds no
///   claim linking it beyond those among the actors within k hops.
///
/// Actors are inserted in ascending id of the source graph (those within k hops
/// first, then the cited sources), claims in ascending claim id, so the new graph is
/// the same whether built from a store or from its snapshot.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `start`: the actor at the centre.
/// * `max_depth`: the most hops (`0`: the start alone, with no claims).
/// * `filter`: which claims may be crossed and copied, and which way hops go.
///
/// # Returns
/// The new graph; an empty graph for an unknown or removed `start`. The `Err` case
/// cannot happen for a consistent view (every copied actor and claim was valid in
/// it); it is reported rather than panicked on.
///
/// # Complexity
/// **O(V + E)** for the search, plus **O(c + a)** to copy c claims (with their
/// evidence) and a actors into the new graph.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// use claimgraph::traverse::ego_network;
/// let mut g = ClaimGraph::new();
/// for k in ["a", "b", "c", "toma"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.9)?).with_claimant("toma".parse()?);
/// for (s, o) in [("a", "b"), ("b", "c")] {
///     g.add_claim(Claim::new(s.parse()?, Relation::Supports, o.parse()?, ValidTime::ALWAYS).with_evidence(says.clone()))?;
/// }
/// let ego = ego_network(&g, g.actor_id("a").unwrap(), 1, &Filter::new())?;
/// let keys: Vec<&str> = ego.actors().map(|a| a.key.as_str()).collect();
/// assert_eq!(keys, ["a", "b", "toma"]); // toma is cited, not within 1 hop
/// assert_eq!(ego.claim_count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn ego_network<V: ReadGraph>(
    view: &V,
    start: ActorId,
    max_depth: usize,
    filter: &Filter,
) -> Result<ClaimGraph, StoreError> {
    let mut graph = ClaimGraph::new();
    if view.node_of(start).is_none() {
        return Ok(graph);
    }
    let bound = view.node_bound();
    let mut within = vec![false; bound];
    let mut members: Vec<u32> = Vec::new();
    for visit in bfs(view, start, filter).max_depth(max_depth) {
        let node = visit.actor.index() as u32;
        within[node as usize] = true;
        members.push(node);
    }
    members.sort_unstable();

    // Claims among the members, each found once from its subject.
    let compiled = filter.compile(view);
    let mut claims = Vec::new();
    let mut cited = vec![false; bound];
    for &subject in &members {
        for edge in view.out_edges(subject) {
            let inside = within.get(edge.other as usize).copied().unwrap_or(false);
            if inside && compiled.admit(view, subject, &edge).is_some() {
                for source in edge.record().evidence().flat_map(|e| e.chain()) {
                    if let Some(c) = cited.get_mut(source.index()) {
                        *c = true;
                    }
                }
                claims.push((edge.id(), subject, edge.other, edge.record()));
            }
        }
    }
    claims.sort_unstable_by_key(|c| c.0);

    let mut batch = Batch::new();
    let sources = (0..bound as u32).filter(|&n| cited[n as usize] && !within[n as usize]);
    for node in members.iter().copied().chain(sources) {
        if let Some(actor) = view.node_actor(node) {
            batch.push_actor(actor.clone());
        }
    }
    for (_, subject, object, record) in claims {
        batch.push_claim(view.materialise(subject, object, record));
    }
    graph.apply(batch)?;
    Ok(graph)
}
