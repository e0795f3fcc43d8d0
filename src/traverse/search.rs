//! Breadth- and depth-first search with a depth bound.
//!
//! Both searches walk the claims a [`Filter`] admits, in the direction its
//! [`Walk`](crate::query::Walk) gives, and take a node's edges in the order the view
//! lists them (outgoing claims, then incoming ones), so a store and a snapshot of it
//! yield the same visits in the same order.

use std::fmt;

use crate::query::{Compiled, Filter, ReadGraph};
use crate::{ActorId, ClaimId};

/// One actor reached by a [`Bfs`] or a [`Dfs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Visit {
    /// The actor reached.
    pub actor: ActorId,
    /// Hops from the start: 0 for the start itself. For [`Bfs`] this is the fewest
    /// hops; for [`Dfs`] it is the depth in the depth-first tree.
    pub depth: usize,
    /// The claim the actor was discovered through (`None` for the start).
    pub via: Option<ClaimId>,
    /// The actor it was discovered from (`None` for the start).
    pub parent: Option<ActorId>,
}

/// A fixed-size set of node indices, one bit each.
#[derive(Debug, Clone, Default)]
struct NodeSet {
    words: Vec<u64>,
}

impl NodeSet {
    fn with_bound(bound: usize) -> Self {
        NodeSet {
            words: vec![0; bound.div_ceil(64)],
        }
    }

    /// Adds `node`; true if it was not there yet. Callers only pass nodes below the
    /// bound (edges of a view never point past its `node_bound`).
    #[inline]
    fn insert(&mut self, node: u32) -> bool {
        let (word, bit) = ((node / 64) as usize, 1u64 << (node % 64));
        match self.words.get_mut(word) {
            Some(w) if *w & bit == 0 => {
                *w |= bit;
                true
            }
            _ => false,
        }
    }

    fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The words as a borrowed slice, for a hot loop: a closure that captures the
    /// slice keeps its pointer and length in registers, where one that captures the
    /// set reloads them after every store the compiler cannot tell apart from it.
    #[inline]
    fn bits(&mut self) -> Bits<'_> {
        Bits(&mut self.words)
    }

    #[inline]
    fn contains(&self, node: u32) -> bool {
        self.words
            .get((node / 64) as usize)
            .is_some_and(|w| w & (1u64 << (node % 64)) != 0)
    }

    fn clear(&mut self) {
        self.words.fill(0);
    }

    /// The members in ascending order.
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let bit = bits.trailing_zeros();
                    bits &= bits - 1;
                    w as u32 * 64 + bit
                })
            })
        })
    }
}

/// A [`NodeSet`] borrowed for a hot loop (see [`NodeSet::bits`]).
struct Bits<'a>(&'a mut [u64]);

impl Bits<'_> {
    /// As [`NodeSet::insert`].
    #[inline(always)]
    fn insert(&mut self, node: u32) -> bool {
        let (word, bit) = ((node / 64) as usize, 1u64 << (node % 64));
        match self.0.get_mut(word) {
            Some(w) if *w & bit == 0 => {
                *w |= bit;
                true
            }
            _ => false,
        }
    }
}

/// A node waiting in a search's queue or stack.
#[derive(Debug, Clone, Copy)]
struct Pending {
    node: u32,
    depth: u32,
    parent: Option<u32>,
    via: Option<ClaimId>,
}

impl Pending {
    fn visit<V: ReadGraph>(self, view: &V) -> Visit {
        Visit {
            actor: view.actor_id_at(self.node),
            depth: self.depth as usize,
            via: self.via,
            parent: self.parent.map(|p| view.actor_id_at(p)),
        }
    }
}

fn depth_bound(max_depth: Option<usize>) -> u32 {
    max_depth.map_or(u32::MAX, |d| u32::try_from(d).unwrap_or(u32::MAX))
}

/// Breadth-first search from one actor over the claims a filter admits: an iterator
/// of [`Visit`]s, each actor once, at its fewest hops from the start.
///
/// Built by [`bfs`]; bound its depth with [`Bfs::max_depth`].
pub struct Bfs<'a, V: ReadGraph> {
    view: &'a V,
    filter: Compiled,
    /// The actors discovered, in discovery order; `queue[head..]` wait to be visited.
    /// Raw node indices: ids are made only for the visits handed out.
    queue: Vec<u32>,
    /// Per queue position, the node it was discovered from ([`NO_NODE`] for the start).
    parent: Vec<u32>,
    /// Per queue position, the claim slot it was discovered through.
    /// Per queue position, where the claim it was discovered through is (a key
    /// of the view's `for_each_admitted`), read when the visit is handed out.
    via: Vec<u64>,
    head: usize,
    /// The depth of `queue[head]`, and where that depth's positions end.
    depth: u32,
    level_end: usize,
    seen: NodeSet,
    max_depth: u32,
}

/// The parent of the start.
const NO_NODE: u32 = u32::MAX;

/// How many queue places ahead a search fetches where an actor's rows start, and
/// then the rows themselves.
const PREFETCH_FAR: usize = 16;
const PREFETCH_NEAR: usize = 6;

impl<V: ReadGraph> fmt::Debug for Bfs<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bfs")
            .field("queued", &(self.queue.len() - self.head))
            .field("discovered", &self.seen.len())
            .field("max_depth", &self.max_depth)
            .finish()
    }
}

/// Starts a breadth-first search from `start`.
///
/// Actors come out in order of hop count; among actors at the same hop count, in
/// the order they were discovered: by their parent's position, then by the view's
/// edge order (a node's outgoing claims, then its incoming ones). The search walks
/// the claims `filter` admits in the direction of its
/// [`Walk`](crate::query::Walk) (symmetric relations both ways).
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `start`: the actor to start from.
/// * `filter`: which claims may be crossed, and which way.
///
/// # Returns
/// An iterator of [`Visit`]s, the start first (depth 0). An unknown or removed
/// `start` yields nothing.
///
/// # Complexity
/// **O(V + E)** time over the part of the graph reached (each reached actor's
/// claims are read once), **O(V)** bits plus **O(R)** queue entries of memory for
/// V node slots and R reached actors; no allocation per edge. Filters on evidence
/// (as known at, trusted or excluded sources) add the cost of reading each crossed
/// claim's evidence.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::{Filter, Walk};
/// use claimgraph::traverse::bfs;
/// let mut g = ClaimGraph::new();
/// for k in ["a", "b", "c", "d"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.9)?).with_claimant("d".parse()?);
/// for (s, o) in [("a", "b"), ("b", "c"), ("d", "a")] {
///     g.add_claim(Claim::new(s.parse()?, Relation::Supports, o.parse()?, ValidTime::ALWAYS)
///         .with_evidence(says.clone()))?;
/// }
/// let a = g.actor_id("a").unwrap();
/// let forward = Filter::new().walk(Walk::Forward);
/// let keys: Vec<(&str, usize)> = bfs(&g, a, &forward)
///     .map(|v| (g.actor(v.actor).unwrap().key.as_str(), v.depth))
///     .collect();
/// assert_eq!(keys, [("a", 0), ("b", 1), ("c", 2)]);
/// assert_eq!(bfs(&g, a, &forward).max_depth(1).count(), 2);
/// assert_eq!(bfs(&g, a, &Filter::new()).count(), 4); // undirected: d too
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn bfs<'a, V: ReadGraph>(view: &'a V, start: ActorId, filter: &Filter) -> Bfs<'a, V> {
    let mut seen = NodeSet::with_bound(view.node_bound());
    let (mut queue, mut parent, mut via) = (Vec::new(), Vec::new(), Vec::new());
    if let Some(node) = view.node_of(start) {
        seen.insert(node);
        queue.push(node);
        parent.push(NO_NODE);
        via.push(u64::from(NO_NODE));
    }
    let filter = filter.compile(view);
    Bfs {
        view,
        filter,
        level_end: queue.len(),
        queue,
        parent,
        via,
        head: 0,
        depth: 0,
        seen,
        max_depth: u32::MAX,
    }
}

impl<V: ReadGraph> Bfs<'_, V> {
    /// Visits no actor more than `depth` hops from the start (`0`: the start alone).
    /// Set it before iterating; it applies to the actors expanded from then on.
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth_bound(Some(depth));
        self
    }
}

impl<V: ReadGraph> Iterator for Bfs<'_, V> {
    type Item = Visit;

    fn next(&mut self) -> Option<Visit> {
        let at = self.head;
        let node = *self.queue.get(at)?;
        if at == self.level_end {
            // Every actor of the previous depth has been expanded, so the queue now
            // ends where this depth does.
            self.depth += 1;
            self.level_end = self.queue.len();
        }
        self.head += 1;
        // The rows of the actors next in line, ahead of their turn: where they
        // start (far ahead), then their first entries (near).
        if let Some(&later) = self.queue.get(at + PREFETCH_FAR) {
            self.view.prefetch_node(later);
        }
        if let Some(&soon) = self.queue.get(at + PREFETCH_NEAR) {
            self.view.prefetch_row(soon);
        }
        let depth = self.depth;
        if depth < self.max_depth {
            let (mut seen, queue, parent, via) = (
                self.seen.bits(),
                &mut self.queue,
                &mut self.parent,
                &mut self.via,
            );
            let view = self.view;
            // The claim slot is read only for the actors discovered.
            view.for_each_admitted(
                node,
                &self.filter,
                #[inline(always)]
                |other, key| {
                    if seen.insert(other) {
                        queue.push(other);
                        parent.push(node);
                        via.push(key);
                        view.prefetch_slot(key);
                    }
                },
            );
        }
        let (parent, via) = (self.parent[at], self.via[at]);
        Some(Visit {
            actor: self.view.actor_id_at(node),
            depth: depth as usize,
            via: (parent != NO_NODE).then(|| self.view.claim_id_at(self.view.slot_at(via))),
            parent: (parent != NO_NODE).then(|| self.view.actor_id_at(parent)),
        })
    }
}

/// Depth-first search from one actor over the claims a filter admits: an iterator of
/// [`Visit`]s in preorder, each actor once.
///
/// Built by [`dfs`]; bound its depth with [`Dfs::max_depth`].
pub struct Dfs<'a, V: ReadGraph> {
    view: &'a V,
    filter: Compiled,
    stack: Vec<Pending>,
    scratch: Vec<Pending>,
    seen: NodeSet,
    max_depth: u32,
}

impl<V: ReadGraph> fmt::Debug for Dfs<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dfs")
            .field("stacked", &self.stack.len())
            .field("visited", &self.seen.len())
            .field("max_depth", &self.max_depth)
            .finish()
    }
}

/// Starts a depth-first search from `start`.
///
/// The visits come in the preorder of a recursive depth-first search that takes a
/// node's edges in the view's order (outgoing claims, then incoming ones), without
/// recursion: deep graphs do not overflow the stack. The search walks the claims
/// `filter` admits in the direction of its [`Walk`](crate::query::Walk).
///
/// With [`Dfs::max_depth`], actors deeper than the bound *in the depth-first tree*
/// are not visited, so an actor within the bound by a shorter path may be missed if
/// the search first met it too deep (as with any depth-limited DFS); use [`bfs`] for
/// "every actor within k hops".
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `start`: the actor to start from.
/// * `filter`: which claims may be crossed, and which way.
///
/// # Returns
/// An iterator of [`Visit`]s in preorder, the start first; `depth` is the depth in
/// the depth-first tree. An unknown or removed `start` yields nothing.
///
/// # Complexity
/// **O(V + E)** time over the part reached, **O(V)** bits plus **O(E)** stack
/// entries of memory in the worst case (an actor may be stacked once per claim
/// reaching it before it is visited).
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::{Filter, Walk};
/// use claimgraph::traverse::dfs;
/// let mut g = ClaimGraph::new();
/// for k in ["a", "b", "c", "d"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.9)?).with_claimant("d".parse()?);
/// // the store lists a node's latest claim first: a -> c, then a -> b
/// for (s, o) in [("a", "b"), ("b", "d"), ("a", "c")] {
///     g.add_claim(Claim::new(s.parse()?, Relation::Supports, o.parse()?, ValidTime::ALWAYS)
///         .with_evidence(says.clone()))?;
/// }
/// let a = g.actor_id("a").unwrap();
/// let forward = Filter::new().walk(Walk::Forward);
/// let order: Vec<(&str, usize)> = dfs(&g, a, &forward)
///     .map(|v| (g.actor(v.actor).unwrap().key.as_str(), v.depth))
///     .collect();
/// assert_eq!(order, [("a", 0), ("c", 1), ("b", 1), ("d", 2)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dfs<'a, V: ReadGraph>(view: &'a V, start: ActorId, filter: &Filter) -> Dfs<'a, V> {
    let stack = view
        .node_of(start)
        .map(|node| Pending {
            node,
            depth: 0,
            parent: None,
            via: None,
        })
        .into_iter()
        .collect();
    Dfs {
        view,
        filter: filter.compile(view),
        stack,
        scratch: Vec::new(),
        seen: NodeSet::with_bound(view.node_bound()),
        max_depth: u32::MAX,
    }
}

impl<V: ReadGraph> Dfs<'_, V> {
    /// Visits no actor deeper than `depth` in the depth-first tree (`0`: the start
    /// alone). Set it before iterating.
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth_bound(Some(depth));
        self
    }
}

impl<V: ReadGraph> Iterator for Dfs<'_, V> {
    type Item = Visit;

    fn next(&mut self) -> Option<Visit> {
        loop {
            let current = self.stack.pop()?;
            if !self.seen.insert(current.node) {
                continue;
            }
            if current.depth < self.max_depth {
                // Stacked in reverse, so the first edge is popped first, as a
                // recursive search would take it.
                let scratch = &mut self.scratch;
                scratch.clear();
                self.view
                    .for_each_step(current.node, &self.filter, |edge, _| {
                        scratch.push(Pending {
                            node: edge.other,
                            depth: current.depth + 1,
                            parent: Some(current.node),
                            via: Some(edge.id()),
                        });
                    });
                self.stack.extend(self.scratch.drain(..).rev());
            }
            return Some(current.visit(self.view));
        }
    }
}

/// Every actor reachable from `start` over the claims `filter` admits, in the
/// direction of its [`Walk`](crate::query::Walk), within `max_depth` hops if given.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `start`: the actor to start from.
/// * `max_depth`: the most hops allowed (`None`: no bound; `Some(0)`: the start alone).
/// * `filter`: which claims may be crossed, and which way.
///
/// # Returns
/// The reached actors, the start included, in ascending id order. Empty for an
/// unknown or removed `start`.
///
/// # Complexity
/// **O(V + E)** time over the part reached, plus **O(V / 64)** to list the reached
/// actors from a bit set; **O(V)** bits plus **O(R)** memory for R reached actors.
/// No allocation per edge.
///
/// Without a filter on claims, the search is direction-optimising (Beamer,
/// Asanović and Patterson, *Direction-Optimizing Breadth-First Search*, SC 2012):
/// it pushes from the frontier (top-down) while the frontier is small, and once
/// the claims leaving the frontier outnumber a `1/ALPHA` share of the claims not
/// yet explored, it lets every unreached actor look for a parent in the frontier
/// instead (bottom-up), each stopping at the first it finds, until the frontier
/// shrinks below a `1/BETA` share of the actors. Here `ALPHA` = 15 and `BETA` = 18,
/// the values of the GAP benchmark suite's reference code. The answer is the same
/// either way; only the work differs.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::{Filter, Walk};
/// use claimgraph::traverse::reachable;
/// let mut g = ClaimGraph::new();
/// for k in ["a", "b", "c"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = |c: f64| Attribution::new(Grade::confidence(c).unwrap()).with_claimant("c".parse().unwrap());
/// g.add_claim(Claim::new("a".parse()?, Relation::Supports, "b".parse()?, ValidTime::ALWAYS).with_evidence(says(0.9)))?;
/// g.add_claim(Claim::new("b".parse()?, Relation::Supports, "c".parse()?, ValidTime::ALWAYS).with_evidence(says(0.3)))?;
/// let (a, b, c) = (g.actor_id("a").unwrap(), g.actor_id("b").unwrap(), g.actor_id("c").unwrap());
/// let forward = Filter::new().walk(Walk::Forward);
/// assert_eq!(reachable(&g, a, None, &forward), [a, b, c]);
/// assert_eq!(reachable(&g, a, None, &forward.clone().min_confidence(0.5)), [a, b]);
/// assert_eq!(reachable(&g, c, None, &forward), [c]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn reachable<V: ReadGraph>(
    view: &V,
    start: ActorId,
    max_depth: Option<usize>,
    filter: &Filter,
) -> Vec<ActorId> {
    let Some(start) = view.node_of(start) else {
        return Vec::new();
    };
    let compiled = filter.compile(view);
    let bound = depth_bound(max_depth);
    let mut seen = NodeSet::with_bound(view.node_bound());
    seen.insert(start);
    if compiled.admits_everything() {
        reach_switching(view, start, compiled.walk, bound, &mut seen);
    } else {
        // Level by level: `found[level_start..]` is the frontier being expanded.
        let mut found = vec![start];
        let (mut level_start, mut depth) = (0, 0u32);
        while level_start < found.len() && depth < bound {
            let level_end = found.len();
            for i in level_start..level_end {
                if let Some(&later) = found.get(i + PREFETCH_FAR) {
                    view.prefetch_node(later);
                }
                if let Some(&soon) = found.get(i + PREFETCH_NEAR) {
                    view.prefetch_row(soon);
                }
                view.for_each_admitted(
                    found[i],
                    &compiled,
                    #[inline(always)]
                    |other, _| {
                        if seen.insert(other) {
                            found.push(other);
                        }
                    },
                );
            }
            level_start = level_end;
            depth += 1;
        }
    }
    // The bit set lists the reached nodes in ascending order: no sort needed.
    seen.iter().map(|n| view.actor_id_at(n)).collect()
}

/// Switch to bottom-up when the frontier's claims exceed `1/ALPHA` of those left
/// unexplored (Beamer et al.'s alpha; GAP's reference value).
const ALPHA: usize = 15;
/// Switch back to top-down when the frontier holds under `1/BETA` of the actors
/// and is shrinking (Beamer et al.'s beta; GAP's reference value).
const BETA: usize = 18;

/// Marks in `seen` every node within `max_depth` steps of `start` over every claim,
/// switching between top-down and bottom-up steps (see [`reachable`]).
fn reach_switching<V: ReadGraph>(
    view: &V,
    start: u32,
    walk: crate::query::Walk,
    max_depth: u32,
    seen: &mut NodeSet,
) {
    let nodes = view.node_bound();
    let mut frontier = vec![start];
    let mut next = Vec::new();
    // Steps from the unexplored part: each claim is at most two steps (a
    // symmetric claim, or any claim on an undirected walk), an upper bound that
    // costs nothing to know on either view.
    let mut unexplored = view.claim_count().saturating_mul(2);
    let mut scout = view.walk_degree(start, walk);
    let mut depth = 0u32;
    let (mut front, mut reached) = (NodeSet::default(), NodeSet::default());
    while !frontier.is_empty() && depth < max_depth {
        if scout > unexplored / ALPHA {
            if front.words.is_empty() {
                front = NodeSet::with_bound(nodes);
                reached = NodeSet::with_bound(nodes);
            } else {
                front.clear();
            }
            for &n in &frontier {
                front.insert(n);
            }
            let mut awake = frontier.len();
            loop {
                let before = awake;
                awake = bottom_up_step(view, walk, seen, &front, &mut reached);
                // `reached` is overwritten whole by the next step: no clearing.
                std::mem::swap(&mut front, &mut reached);
                depth += 1;
                if depth >= max_depth || (awake < before && awake <= nodes / BETA) {
                    break;
                }
            }
            frontier.clear();
            frontier.extend(front.iter());
            scout = 1;
        } else {
            unexplored = unexplored.saturating_sub(scout);
            scout = 0;
            for (i, &node) in frontier.iter().enumerate() {
                if let Some(&later) = frontier.get(i + PREFETCH_FAR) {
                    view.prefetch_node(later);
                }
                if let Some(&soon) = frontier.get(i + PREFETCH_NEAR) {
                    view.prefetch_row(soon);
                }
                view.for_each_target(node, walk, |other| {
                    if seen.insert(other) {
                        next.push(other);
                        scout += view.walk_degree(other, walk);
                    }
                });
            }
            std::mem::swap(&mut frontier, &mut next);
            next.clear();
            depth += 1;
        }
    }
}

/// One bottom-up step: every node not in `seen` that a step leads to from a node of
/// `front` joins `reached` and `seen`. Returns how many joined.
fn bottom_up_step<V: ReadGraph>(
    view: &V,
    walk: crate::query::Walk,
    seen: &mut NodeSet,
    front: &NodeSet,
    reached: &mut NodeSet,
) -> usize {
    let nodes = view.node_bound();
    let mut awake = 0;
    for (w, word) in seen.words.iter_mut().enumerate() {
        let mut unseen = !*word;
        let mut found = 0u64;
        while unseen != 0 {
            let bit = unseen.trailing_zeros();
            unseen &= unseen - 1;
            let node = w * 64 + bit as usize;
            if node >= nodes {
                break;
            }
            if view.any_walk_source(node as u32, walk, |u| front.contains(u)) {
                found |= 1 << bit;
            }
        }
        awake += found.count_ones() as usize;
        *word |= found;
        reached.words[w] = found;
    }
    awake
}
