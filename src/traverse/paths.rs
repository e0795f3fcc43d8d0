//! Paths: fewest hops, most credible (Dijkstra on -ln c), the k most credible (Yen), all simple paths.
//!
//! The conventions they share (walks, parallel claims, how confidences multiply,
//! unknown actors, ties) are documented on [`Path`], the type they return.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};
use std::fmt;
use std::iter::FusedIterator;

use crate::query::view::Edge;
use crate::query::{Compiled, Filter, ReadGraph, steps};
use crate::store::Ids;
use crate::{ActorId, ClaimId};

/// A path through the claim graph: the actors it visits, the claims it crosses and
/// how far to believe it.
///
/// `actors` has one more element than `claims`: claim `i` links `actors[i]` to
/// `actors[i + 1]`. A path of 0 hops (from an actor to itself) has one actor, no
/// claims and confidence 1.
///
/// # Conventions of the path functions
///
/// [`shortest_path`], [`hop_distances`], [`most_credible_path`],
/// [`most_credible_tree`], [`k_most_credible_paths`] and [`simple_paths`] share
/// these rules.
///
/// - **Walks.** They cross the claims a [`Filter`] admits, in the direction its
///   [`Walk`](crate::query::Walk) allows: forward from subject to object, backward
///   from object to subject, undirected either way; a symmetric relation (MetWith,
///   Associated...) is crossed both ways under any walk.
/// - **Parallel claims** between the same two actors are distinct edges: two paths
///   that differ only in which of them they cross are two paths.
/// - **Confidence.** A path's confidence is the product of its claims' confidences
///   under the filter (after evidence filters have recomputed them), multiplied
///   from the first claim to the last. The most credible path maximises that
///   product: the shortest path for the weights `-ln c`. The searches run
///   Dijkstra's algorithm on the products themselves, which in exact arithmetic
///   orders paths as the sums of `-ln c` do; and since a rounded product by
///   `c <= 1` is still monotone and never larger than what it multiplies, the
///   search is exact for the rounded products it reports: no logarithm per edge,
///   and no gap between the path chosen and its confidence. (A product below
///   about 1e-308, some 300 hops of 0.1, rounds towards 0; such a path is still
///   found, with that confidence.) A claim of confidence 0 cannot carry a
///   credible path (its weight would be infinite): the credibility searches skip
///   it, the hop-count searches follow the filter alone.
/// - **Unknown actors.** An [`ActorId`] that names no actor of the view (removed,
///   or from another graph with more actors) gives an empty answer: `None`, an
///   empty `Vec`, an empty tree or an iterator that yields nothing. Nothing panics
///   on its input.
/// - **Ties** are broken by the view's edge order (a node's outgoing claims, then
///   its incoming ones, as every view lists them) and by node index, never by
///   hashing, so a [`ClaimGraph`](crate::ClaimGraph) and its
///   [`Snapshot`](crate::Snapshot) give identical answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The actors visited, from the start to the end.
    pub actors: Vec<ActorId>,
    /// The claims crossed, in order.
    pub claims: Vec<ClaimId>,
    /// The product of the claims' confidences under the filter, multiplied in path
    /// order (1 for a path of 0 hops).
    pub confidence: f64,
}

impl Path {
    /// The number of claims crossed.
    pub fn hops(&self) -> usize {
        self.claims.len()
    }

    /// The path as text, with the actors' names and each claim's relation:
    /// `Hezbollah -[supports]- Iran -[met_with]- Bolivia`. Actors or claims `view`
    /// does not hold print as `?`.
    pub fn display<'a, V: ReadGraph>(&'a self, view: &'a V) -> impl fmt::Display + 'a {
        Chain {
            view,
            actors: &self.actors,
            hops: self.claims.iter().map(|c| vec![*c]).collect(),
        }
    }

    fn trivial(ids: &Ids, node: u32) -> Path {
        Path {
            actors: vec![ids.actor(node)],
            claims: Vec::new(),
            confidence: 1.0,
        }
    }
}

/// A placeholder claim id beside [`NO_PRED`]; never reported.
fn no_claim() -> ClaimId {
    ClaimId::NONE
}

/// Marks a node without a predecessor.
const NO_PRED: u32 = u32::MAX;

/// The node index of `id` if it names an actor of `view`.
fn node_of<V: ReadGraph>(view: &V, id: ActorId) -> Option<u32> {
    view.node_of(id)
}

/// Walks predecessor links back from `target` to the node without one, and returns
/// the actors and claims in path order.
fn trace(ids: &Ids, pred: &[(u32, ClaimId)], target: u32) -> (Vec<ActorId>, Vec<ClaimId>) {
    let mut actors = vec![ids.actor(target)];
    let mut claims = Vec::new();
    let mut node = target;
    while let Some(&(prev, claim)) = pred.get(node as usize) {
        if prev == NO_PRED {
            break;
        }
        claims.push(claim);
        actors.push(ids.actor(prev));
        node = prev;
    }
    actors.reverse();
    claims.reverse();
    (actors, claims)
}

/// Finds a path with the fewest claims from `from` to `to`.
///
/// Breadth-first search over the claims `filter` admits, stopping as soon as `to`
/// is reached. Among paths of equal length the one found first wins: nodes are
/// expanded in the order they were reached and each node's claims in the view's
/// edge order, and a node keeps the first claim that reached it.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `from`, `to`: the end actors.
/// * `filter`: which claims may be crossed, and in which direction.
///
/// # Returns
/// The path, with its confidence (the product of its claims' confidences under the
/// filter; a claim of confidence 0 is an edge here and makes the product 0), or
/// `None` if `to` cannot be reached or either actor is unknown. When `from == to`,
/// the path of 0 hops.
///
/// # Complexity
/// **O(V + E)** time and **O(V)** memory, for V the view's node bound and E its claims.
///
/// # Example
/// ```
/// # use claimgraph::{ClaimGraph, ClaimId};
/// # use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// # fn tie(g: &mut ClaimGraph, s: &str, o: &str, c: f64) -> Result<ClaimId, Box<dyn std::error::Error>> {
/// #     let claim = Claim::new(s.parse()?, Relation::MetWith, o.parse()?, ValidTime::ALWAYS)
/// #         .with_evidence(Attribution::new(Grade::confidence(c)?).with_claimant(s.parse()?));
/// #     Ok(g.add_claim(claim)?.id())
/// # }
/// use claimgraph::query::Filter;
/// use claimgraph::traverse::shortest_path;
///
/// let mut g = ClaimGraph::new();
/// for key in ["a", "b", "c"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let ab = tie(&mut g, "a", "b", 0.9)?;
/// let bc = tie(&mut g, "b", "c", 0.9)?;
/// let ac = tie(&mut g, "a", "c", 0.5)?;
/// let (a, c) = (g.actor_id("a").unwrap(), g.actor_id("c").unwrap());
///
/// let path = shortest_path(&g, a, c, &Filter::new()).unwrap();
/// assert_eq!((path.actors, path.claims, path.confidence), (vec![a, c], vec![ac], 0.5));
/// // Without the weak claim, the way round through b.
/// let path = shortest_path(&g, a, c, &Filter::new().min_confidence(0.6)).unwrap();
/// assert_eq!(path.claims, vec![ab, bc]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn shortest_path<V: ReadGraph>(
    view: &V,
    from: ActorId,
    to: ActorId,
    filter: &Filter,
) -> Option<Path> {
    let (source, target) = (node_of(view, from)?, node_of(view, to)?);
    if source == target {
        return Some(Path::trivial(&view.ids(), source));
    }
    let compiled = filter.compile(view);
    let mut pred = vec![(NO_PRED, no_claim()); view.node_bound()];
    // The filter's confidence of the claim in `pred`.
    let mut via = vec![0.0; view.node_bound()];
    let mut seen = vec![false; view.node_bound()];
    seen[source as usize] = true;
    // The queue is the list of reached nodes; `head` is the next one to expand.
    let mut queue = vec![source];
    let mut head = 0;
    while let Some(&u) = queue.get(head) {
        head += 1;
        for (edge, c) in steps(view, &compiled, u) {
            let v = edge.other;
            if seen[v as usize] {
                continue;
            }
            seen[v as usize] = true;
            pred[v as usize] = (u, edge.id());
            via[v as usize] = c;
            if v == target {
                let (actors, claims) = trace(&view.ids(), &pred, target);
                let confidence = actors[1..]
                    .iter()
                    .fold(1.0, |product, a| product * via[a.index()]);
                return Some(Path {
                    actors,
                    claims,
                    confidence,
                });
            }
            queue.push(v);
        }
    }
    None
}

/// The number of claims on a shortest path from `start` to every actor it reaches.
///
/// Breadth-first search over the claims `filter` admits: the single-source
/// shortest-path lengths of networkx's `single_source_shortest_path_length`.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `start`: the actor to start from.
/// * `filter`: which claims may be crossed, and in which direction.
///
/// # Returns
/// `(actor, hops)` for every actor reached, `start` first with 0, in the order the
/// search reached them (so hops never decrease along the list). Empty if `start` is
/// unknown.
///
/// # Complexity
/// **O(V + E)** time and **O(V)** memory.
///
/// # Example
/// ```
/// # use claimgraph::{ClaimGraph, ClaimId};
/// # use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// # fn supports(g: &mut ClaimGraph, s: &str, o: &str) -> Result<ClaimId, Box<dyn std::error::Error>> {
/// #     let claim = Claim::new(s.parse()?, Relation::Supports, o.parse()?, ValidTime::ALWAYS)
/// #         .with_evidence(Attribution::new(Grade::confidence(0.8)?).with_claimant(s.parse()?));
/// #     Ok(g.add_claim(claim)?.id())
/// # }
/// use claimgraph::query::{Filter, Walk};
/// use claimgraph::traverse::hop_distances;
///
/// let mut g = ClaimGraph::new();
/// for key in ["a", "b", "c"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// supports(&mut g, "a", "b")?;
/// supports(&mut g, "b", "c")?;
/// let id = |k: &str| g.actor_id(k).unwrap();
///
/// let forward = Filter::new().walk(Walk::Forward);
/// assert_eq!(hop_distances(&g, id("a"), &forward), vec![(id("a"), 0), (id("b"), 1), (id("c"), 2)]);
/// assert_eq!(hop_distances(&g, id("c"), &forward), vec![(id("c"), 0)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn hop_distances<V: ReadGraph>(
    view: &V,
    start: ActorId,
    filter: &Filter,
) -> Vec<(ActorId, usize)> {
    let Some(source) = node_of(view, start) else {
        return Vec::new();
    };
    let compiled = filter.compile(view);
    let mut hops = vec![u32::MAX; view.node_bound()];
    hops[source as usize] = 0;
    let mut queue = vec![source];
    let mut head = 0;
    while let Some(&u) = queue.get(head) {
        head += 1;
        let next = hops[u as usize] + 1;
        view.for_each_admitted(
            u,
            &compiled,
            #[inline(always)]
            |other, _| {
                let v = other as usize;
                if hops[v] == u32::MAX {
                    hops[v] = next;
                    queue.push(other);
                }
            },
        );
    }
    queue
        .into_iter()
        .map(|n| (view.actor_id_at(n), hops[n as usize] as usize))
        .collect()
}

/// Marks a node the search has not reached.
const UNREACHED: f64 = -1.0;

/// Marks a node that is not in the heap.
const OUT_OF_HEAP: u32 = u32::MAX;

/// A priority queue of nodes keyed by confidence, highest first, then lower node
/// index: a 4-ary heap with each node's position kept, so that an improved
/// confidence moves the node's one entry up instead of pushing another.
///
/// Confidences in the queue are never negative, and the bit patterns of
/// non-negative floats sort as the floats do, so keys compare as integers. Four
/// children per parent halve the depth of a binary heap, and the four sit in one
/// or two cache lines: fewer levels, each a contiguous read.
struct QuadHeap {
    items: Vec<(u64, u32)>,
    /// Per node index, its position in `items` ([`OUT_OF_HEAP`]: none).
    position: Vec<u32>,
}

impl QuadHeap {
    fn new(nodes: usize) -> Self {
        QuadHeap {
            items: Vec::new(),
            position: vec![OUT_OF_HEAP; nodes],
        }
    }

    /// Whether `a` leaves the heap before `b`.
    #[inline]
    fn before(a: (u64, u32), b: (u64, u32)) -> bool {
        a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
    }

    /// Inserts `node` with `confidence`, or raises its key if it is queued already
    /// (callers only ever raise it).
    #[inline]
    fn raise(&mut self, node: u32, confidence: f64) {
        let item = (confidence.to_bits(), node);
        let at = match self.position[node as usize] {
            OUT_OF_HEAP => {
                self.items.push(item);
                self.items.len() - 1
            }
            p => p as usize,
        };
        self.sift_up(at, item);
    }

    #[inline]
    fn sift_up(&mut self, mut at: usize, item: (u64, u32)) {
        while at > 0 {
            let parent = (at - 1) / 4;
            let above = self.items[parent];
            if !Self::before(item, above) {
                break;
            }
            self.items[at] = above;
            self.position[above.1 as usize] = at as u32;
            at = parent;
        }
        self.items[at] = item;
        self.position[item.1 as usize] = at as u32;
    }

    /// Removes and returns the node to settle next, with its confidence.
    #[inline]
    fn pop(&mut self) -> Option<(f64, u32)> {
        let top = *self.items.first()?;
        self.position[top.1 as usize] = OUT_OF_HEAP;
        let last = self.items.pop().expect("not empty");
        let len = self.items.len();
        if len > 0 {
            // Sift the last item down from the root through the best child of
            // each level.
            let mut at = 0;
            loop {
                let first = 4 * at + 1;
                if first >= len {
                    break;
                }
                let mut best = first;
                for child in first + 1..(first + 4).min(len) {
                    if Self::before(self.items[child], self.items[best]) {
                        best = child;
                    }
                }
                let below = self.items[best];
                if !Self::before(below, last) {
                    break;
                }
                self.items[at] = below;
                self.position[below.1 as usize] = at as u32;
                at = best;
            }
            self.items[at] = last;
            self.position[last.1 as usize] = at as u32;
        }
        Some((f64::from_bits(top.0), top.1))
    }

    fn clear(&mut self) {
        for &(_, node) in &self.items {
            self.position[node as usize] = OUT_OF_HEAP;
        }
        self.items.clear();
    }
}

/// Dijkstra's state, reusable across searches on one view (Yen runs many): the best
/// confidence, predecessor node and predecessor claim slot per node index, and the
/// nodes touched since the last reset so that a reset costs what the search cost,
/// not O(V).
///
/// The predecessor claim is kept as its raw slot, read from the row beside the
/// target; ids are made only for the paths reported.
struct Credible {
    confidence: Vec<f64>,
    pred: Vec<u32>,
    via: Vec<u32>,
    touched: Vec<u32>,
    heap: QuadHeap,
}

/// What relaxing a step may change: [`Credible`]'s arrays, borrowed while one node's
/// steps are expanded.
struct Relax<'s> {
    confidence: &'s mut [f64],
    touched: &'s mut Vec<u32>,
    pred: &'s mut [u32],
    via: &'s mut [u32],
    heap: &'s mut QuadHeap,
}

impl Relax<'_> {
    /// The best confidence found so far for node `v` ([`UNREACHED`]: none).
    #[inline(always)]
    fn best(&self, v: u32) -> f64 {
        self.confidence[v as usize]
    }

    /// Records that `v` is reached from `u` through the claim in `slot` with
    /// confidence `cv` (which improves on its best); true if `v` was unreached.
    #[inline(always)]
    fn improve(&mut self, u: u32, v: u32, cv: f64, slot: u32) -> bool {
        let at = v as usize;
        let first = self.confidence[at] == UNREACHED;
        if first {
            self.touched.push(v);
        }
        self.confidence[at] = cv;
        self.pred[at] = u;
        self.via[at] = slot;
        self.heap.raise(v, cv);
        first
    }
}

impl Credible {
    fn new(nodes: usize) -> Self {
        Credible {
            confidence: vec![UNREACHED; nodes],
            pred: vec![NO_PRED; nodes],
            via: vec![NO_PRED; nodes],
            touched: Vec::new(),
            heap: QuadHeap::new(nodes),
        }
    }

    fn reset(&mut self) {
        for &n in &self.touched {
            self.confidence[n as usize] = UNREACHED;
            self.pred[n as usize] = NO_PRED;
            self.via[n as usize] = NO_PRED;
        }
        self.touched.clear();
        self.heap.clear();
    }

    /// Settles nodes from `source`, whose path so far has confidence `start`, in
    /// order of confidence until `target` is settled (returns true) or every
    /// reachable node is (returns false; pass [`NO_PRED`] to settle everything).
    /// `expand(u, cu, relax)` offers the steps from each settled node `u` (of
    /// confidence `cu`) to `relax`.
    fn settle(
        &mut self,
        source: u32,
        start: f64,
        target: u32,
        mut expand: impl FnMut(u32, f64, &mut Relax<'_>),
    ) -> bool {
        self.confidence[source as usize] = start;
        self.touched.push(source);
        self.heap.raise(source, start);
        while let Some((cu, u)) = self.heap.pop() {
            if u == target {
                return true;
            }
            let mut relax = Relax {
                confidence: &mut self.confidence,
                touched: &mut self.touched,
                pred: &mut self.pred,
                via: &mut self.via,
                heap: &mut self.heap,
            };
            expand(u, cu, &mut relax);
        }
        false
    }

    /// [`Credible::settle`] over the steps `compiled` admits; `allow(u, v, edge)` may
    /// forbid a step. A node's confidence only changes on a strict improvement, so
    /// among equally credible paths the first found stays; the queue settles equal
    /// confidences by lower node index.
    fn run<'a, V: ReadGraph>(
        &mut self,
        view: &'a V,
        compiled: &'a Compiled,
        source: u32,
        start: f64,
        target: u32,
        mut allow: impl FnMut(u32, u32, &Edge<'a>) -> bool,
    ) -> bool {
        self.settle(source, start, target, |u, cu, relax| {
            view.for_each_step(u, compiled, |edge, c| {
                if c <= 0.0 {
                    return;
                }
                let cv = cu * c;
                if cv > relax.best(edge.other) && allow(u, edge.other, &edge) {
                    relax.improve(u, edge.other, cv, edge.claim.slot);
                }
            });
        })
    }

    /// [`Credible::run`] from confidence 1 with every step allowed, reading each
    /// step's exact confidence only when its bound says that it could improve a
    /// node (a step to a settled node never can): same answers, fewer reads.
    fn run_all<V: ReadGraph>(
        &mut self,
        view: &V,
        compiled: &Compiled,
        source: u32,
        target: u32,
    ) -> bool {
        self.settle(source, 1.0, target, |u, cu, relax| {
            view.for_each_weighted(
                u,
                compiled,
                #[inline(always)]
                |other, key, weight| {
                    // `cu * c <= cu * upper` for `cu >= 0` (rounding is monotone).
                    if cu * weight.upper <= relax.best(other) {
                        return;
                    }
                    let c = view.weight_value(weight);
                    if c <= 0.0 {
                        return;
                    }
                    let cv = cu * c;
                    if cv > relax.best(other) && relax.improve(u, other, cv, view.slot_at(key)) {
                        // Its rows are read when it is settled, steps later.
                        view.prefetch_node(other);
                    }
                },
            );
        })
    }

    /// The nodes and claims of the path the search found to `target`, from the node
    /// it started at.
    fn trace(&self, ids: &Ids, target: u32) -> (Vec<u32>, Vec<ClaimId>) {
        let mut nodes = vec![target];
        let mut claims = Vec::new();
        let mut node = target as usize;
        while let Some(&prev) = self.pred.get(node).filter(|&&p| p != NO_PRED) {
            claims.push(ids.claim(self.via[node]));
            nodes.push(prev);
            node = prev as usize;
        }
        nodes.reverse();
        claims.reverse();
        (nodes, claims)
    }
}

/// Finds the most credible path from `from` to `to`: the one whose claims'
/// confidences have the greatest product.
///
/// Dijkstra's algorithm on the weights `-ln c` (carried out on the products
/// themselves, see [`Path`]), stopping when `to` is settled.
/// It may be longer than the [`shortest_path`]: two claims of 0.9 (0.81) beat one
/// of 0.5. Claims of confidence 0 are not crossed. Among equally credible paths,
/// the first found wins: nodes are settled by confidence then by lower index, and a
/// node keeps its predecessor unless a strictly better one appears.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `from`, `to`: the end actors.
/// * `filter`: which claims may be crossed, in which direction, with which confidence.
///
/// # Returns
/// The path and its confidence, or `None` if `to` cannot be reached through claims
/// of positive confidence or either actor is unknown. When `from == to`, the path of
/// 0 hops, confidence 1.
///
/// # Complexity
/// **O((V + E) log V)** time and **O(V + E)** memory (the queue holds at most one
/// entry per improvement).
///
/// # Example
/// ```
/// # use claimgraph::{ClaimGraph, ClaimId};
/// # use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// # fn tie(g: &mut ClaimGraph, s: &str, o: &str, c: f64) -> Result<ClaimId, Box<dyn std::error::Error>> {
/// #     let claim = Claim::new(s.parse()?, Relation::MetWith, o.parse()?, ValidTime::ALWAYS)
/// #         .with_evidence(Attribution::new(Grade::confidence(c)?).with_claimant(s.parse()?));
/// #     Ok(g.add_claim(claim)?.id())
/// # }
/// use claimgraph::Snapshot;
/// use claimgraph::query::Filter;
/// use claimgraph::traverse::most_credible_path;
///
/// let mut g = ClaimGraph::new();
/// for key in ["a", "b", "c"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let ab = tie(&mut g, "a", "b", 0.9)?;
/// let bc = tie(&mut g, "b", "c", 0.9)?;
/// tie(&mut g, "a", "c", 0.5)?;
/// let id = |k: &str| g.actor_id(k).unwrap();
///
/// let path = most_credible_path(&g, id("a"), id("c"), &Filter::new()).unwrap();
/// assert_eq!(path.actors, vec![id("a"), id("b"), id("c")]);
/// assert_eq!(path.claims, vec![ab, bc]);
/// assert!((path.confidence - 0.81).abs() < 1e-12);
/// assert_eq!(most_credible_path(&Snapshot::new(&g), id("a"), id("c"), &Filter::new()), Some(path));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn most_credible_path<V: ReadGraph>(
    view: &V,
    from: ActorId,
    to: ActorId,
    filter: &Filter,
) -> Option<Path> {
    let (source, target) = (node_of(view, from)?, node_of(view, to)?);
    if source == target {
        return Some(Path::trivial(&view.ids(), source));
    }
    let compiled = filter.compile(view);
    let mut search = Credible::new(view.node_bound());
    if !search.run_all(view, &compiled, source, target) {
        return None;
    }
    let ids = view.ids();
    let (nodes, claims) = search.trace(&ids, target);
    Some(Path {
        actors: nodes.into_iter().map(|n| ids.actor(n)).collect(),
        claims,
        confidence: search.confidence[target as usize],
    })
}

/// The most credible paths from one actor to every actor it reaches, as a tree of
/// predecessor claims. Built by [`most_credible_tree`].
///
/// Storage is two arrays indexed by node (best confidence, predecessor), so a
/// lookup is **O(1)** and [`CredibleTree::path_to`] is **O(hops)**.
#[derive(Debug, Clone, PartialEq)]
pub struct CredibleTree {
    ids: Ids,
    source: ActorId,
    confidence: Vec<f64>,
    pred: Vec<(u32, ClaimId)>,
}

impl CredibleTree {
    /// The actor the tree grows from.
    pub fn source(&self) -> ActorId {
        self.source
    }

    /// The confidence of the most credible path from the source to `target`, or
    /// `None` if `target` is not reached (1 for the source itself).
    pub fn confidence(&self, target: ActorId) -> Option<f64> {
        self.confidence
            .get(self.ids.slot(target)? as usize)
            .copied()
            .filter(|&c| c >= 0.0)
    }

    /// The last step of the most credible path to `target`: the actor before it and
    /// the claim crossed. `None` for the source and for actors not reached.
    pub fn predecessor(&self, target: ActorId) -> Option<(ActorId, ClaimId)> {
        self.pred
            .get(self.ids.slot(target)? as usize)
            .filter(|p| p.0 != NO_PRED)
            .map(|&(node, claim)| (self.ids.actor(node), claim))
    }

    /// The most credible path from the source to `target`, or `None` if `target` is
    /// not reached. The path to the source itself has 0 hops.
    pub fn path_to(&self, target: ActorId) -> Option<Path> {
        let confidence = self.confidence(target)?;
        let (actors, claims) = trace(&self.ids, &self.pred, target.slot);
        Some(Path {
            actors,
            claims,
            confidence,
        })
    }

    /// Every actor reached, the source included, with its best confidence, in
    /// order of actor index.
    pub fn reached(&self) -> impl Iterator<Item = (ActorId, f64)> + '_ {
        self.confidence
            .iter()
            .enumerate()
            .filter(|(_, c)| **c >= 0.0)
            .map(|(i, &c)| (self.ids.actor(i as u32), c))
    }

    /// The number of actors reached, the source included (0 if the source is unknown).
    pub fn len(&self) -> usize {
        self.reached().count()
    }

    /// Whether nothing was reached, which happens only when the source is unknown.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Finds the most credible path from `start` to every actor it reaches.
///
/// Single-source Dijkstra on the weights `-ln c`, carried out on the products (see
/// [`Path`]), with a binary heap and lazy deletion; best confidences and
/// predecessors live in arrays indexed by node, and no step allocates. Claims of confidence 0 are not crossed. Ties are broken as in
/// [`most_credible_path`], which gives the same path to any one target.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `start`: the actor to start from.
/// * `filter`: which claims may be crossed, in which direction, with which confidence.
///
/// # Returns
/// The tree of best confidences and predecessor claims; empty if `start` is unknown.
///
/// # Complexity
/// **O((V + E) log V)** time and **O(V + E)** memory.
///
/// # Example
/// ```
/// # use claimgraph::{ClaimGraph, ClaimId};
/// # use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// # fn tie(g: &mut ClaimGraph, s: &str, o: &str, c: f64) -> Result<ClaimId, Box<dyn std::error::Error>> {
/// #     let claim = Claim::new(s.parse()?, Relation::MetWith, o.parse()?, ValidTime::ALWAYS)
/// #         .with_evidence(Attribution::new(Grade::confidence(c)?).with_claimant(s.parse()?));
/// #     Ok(g.add_claim(claim)?.id())
/// # }
/// use claimgraph::query::Filter;
/// use claimgraph::traverse::most_credible_tree;
///
/// let mut g = ClaimGraph::new();
/// for key in ["a", "b", "c", "d"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// tie(&mut g, "a", "b", 0.9)?;
/// let bc = tie(&mut g, "b", "c", 0.9)?;
/// tie(&mut g, "a", "c", 0.5)?;
/// let id = |k: &str| g.actor_id(k).unwrap();
///
/// let tree = most_credible_tree(&g, id("a"), &Filter::new());
/// assert_eq!(tree.confidence(id("b")), Some(0.9));
/// assert!((tree.confidence(id("c")).unwrap() - 0.81).abs() < 1e-12);
/// assert_eq!(tree.predecessor(id("c")), Some((id("b"), bc)));
/// assert_eq!(tree.path_to(id("c")).unwrap().actors, vec![id("a"), id("b"), id("c")]);
/// assert_eq!(tree.confidence(id("d")), None);
/// assert_eq!(tree.len(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn most_credible_tree<V: ReadGraph>(view: &V, start: ActorId, filter: &Filter) -> CredibleTree {
    let Some(source) = node_of(view, start) else {
        return CredibleTree {
            ids: view.ids(),
            source: start,
            confidence: Vec::new(),
            pred: Vec::new(),
        };
    };
    let compiled = filter.compile(view);
    let mut search = Credible::new(view.node_bound());
    search.run_all(view, &compiled, source, NO_PRED);
    let pred = search
        .pred
        .iter()
        .zip(&search.via)
        .map(|(&node, &slot)| {
            if node == NO_PRED {
                (NO_PRED, no_claim())
            } else {
                (node, view.claim_id_at(slot))
            }
        })
        .collect();
    CredibleTree {
        ids: view.ids(),
        source: start,
        confidence: search.confidence,
        pred,
    }
}

/// A path found by Yen's algorithm, with the confidence of each of its prefixes
/// (`prefix[i]` is the product of its first `i` claims), so that spur searches can
/// resume from any node with the exact value a search from the start would have.
#[derive(Debug, Clone)]
struct Ranked {
    nodes: Vec<u32>,
    claims: Vec<ClaimId>,
    prefix: Vec<f64>,
}

impl Ranked {
    fn confidence(&self) -> f64 {
        self.prefix.last().copied().unwrap_or(1.0)
    }

    fn into_path(self, ids: &Ids) -> Path {
        let confidence = self.confidence();
        Path {
            actors: self.nodes.into_iter().map(|n| ids.actor(n)).collect(),
            claims: self.claims,
            confidence,
        }
    }
}

/// Candidates are taken most credible first, then fewest hops, then by the claim
/// ids in order (candidates are distinct, so this is a total order).
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.confidence()
            .total_cmp(&other.confidence())
            .then_with(|| other.claims.len().cmp(&self.claims.len()))
            .then_with(|| other.claims.cmp(&self.claims))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

/// Finds the `k` most credible loopless paths from `from` to `to`.
///
/// Yen's algorithm: the first path is the [`most_credible_path`]; each next one is
/// the best deviation from a path already found, computed for every node of the
/// last path found (the *spur* node) by a Dijkstra search from it that may not
/// revisit the nodes before it nor leave it by a claim that a path found earlier,
/// with the same beginning, took there. Each spur search resumes with the exact
/// confidence of the beginning, so every confidence is the product along its path
/// in path order. Parallel claims make distinct paths. Among equally credible
/// candidates, fewer hops come first, then the smaller sequence of claim ids.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `from`, `to`: the end actors.
/// * `k`: how many paths at most.
/// * `filter`: which claims may be crossed, in which direction, with which confidence.
///
/// # Returns
/// Up to `k` distinct paths, none visiting an actor twice, in non-increasing
/// confidence; fewer if fewer exist. Empty if `k == 0`, either actor is unknown or
/// `to` cannot be reached. When `from == to`, only the path of 0 hops.
///
/// # Complexity
/// **O(k · L · (V + E) log V)** time, for L the most hops of a path returned, and
/// **O(V + E + k · L · C)** memory for C the candidates kept per spur.
///
/// # Example
/// ```
/// # use claimgraph::{ClaimGraph, ClaimId};
/// # use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// # fn tie(g: &mut ClaimGraph, s: &str, o: &str, c: f64) -> Result<ClaimId, Box<dyn std::error::Error>> {
/// #     let claim = Claim::new(s.parse()?, Relation::MetWith, o.parse()?, ValidTime::ALWAYS)
/// #         .with_evidence(Attribution::new(Grade::confidence(c)?).with_claimant(s.parse()?));
/// #     Ok(g.add_claim(claim)?.id())
/// # }
/// use claimgraph::query::Filter;
/// use claimgraph::traverse::k_most_credible_paths;
///
/// let mut g = ClaimGraph::new();
/// for key in ["a", "b", "c"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let ab = tie(&mut g, "a", "b", 0.9)?;
/// let bc = tie(&mut g, "b", "c", 0.9)?;
/// let ac = tie(&mut g, "a", "c", 0.5)?;
/// let id = |k: &str| g.actor_id(k).unwrap();
///
/// let paths = k_most_credible_paths(&g, id("a"), id("c"), 5, &Filter::new());
/// let claims: Vec<_> = paths.iter().map(|p| p.claims.clone()).collect();
/// assert_eq!(claims, vec![vec![ab, bc], vec![ac]]);
/// assert_eq!(paths[1].confidence, 0.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn k_most_credible_paths<V: ReadGraph>(
    view: &V,
    from: ActorId,
    to: ActorId,
    k: usize,
    filter: &Filter,
) -> Vec<Path> {
    let (Some(source), Some(target)) = (node_of(view, from), node_of(view, to)) else {
        return Vec::new();
    };
    if k == 0 {
        return Vec::new();
    }
    if source == target {
        return vec![Path::trivial(&view.ids(), source)];
    }
    let compiled = filter.compile(view);
    let ids = view.ids();
    let mut search = Credible::new(view.node_bound());
    if !search.run_all(view, &compiled, source, target) {
        return Vec::new();
    }
    let first = spur_path(&ids, &search, &[], &[], &[], target);
    let mut found: Vec<Ranked> = vec![first.clone()];
    let mut known: HashSet<Vec<ClaimId>> = HashSet::from([first.claims]);
    let mut candidates: BinaryHeap<Ranked> = BinaryHeap::new();
    let mut banned_node = vec![false; view.node_bound()];
    let mut banned_claims: Vec<ClaimId> = Vec::new();
    while found.len() < k {
        let last = found.last().expect("found starts with one path").clone();
        for i in 0..last.claims.len() {
            let spur = last.nodes[i];
            let (root_nodes, root_claims) = (&last.nodes[..i], &last.claims[..i]);
            banned_claims.clear();
            banned_claims.extend(
                found
                    .iter()
                    .filter(|p| p.claims.len() > i && p.claims[..i] == *root_claims)
                    .map(|p| p.claims[i]),
            );
            for &n in root_nodes {
                banned_node[n as usize] = true;
            }
            search.reset();
            let reached = search.run(
                view,
                &compiled,
                spur,
                last.prefix[i],
                target,
                |u, v, edge| {
                    !banned_node[v as usize] && (u != spur || !banned_claims.contains(&edge.id()))
                },
            );
            for &n in root_nodes {
                banned_node[n as usize] = false;
            }
            if reached {
                let candidate = spur_path(
                    &ids,
                    &search,
                    root_nodes,
                    root_claims,
                    &last.prefix[..i],
                    target,
                );
                if known.insert(candidate.claims.clone()) {
                    candidates.push(candidate);
                }
            }
        }
        match candidates.pop() {
            Some(next) => found.push(next),
            None => break,
        }
    }
    let ids = view.ids();
    found.into_iter().map(|r| r.into_path(&ids)).collect()
}

/// Joins a root (the nodes and claims before the spur node, and the confidences
/// before each) with the path the last search found from the spur node to `target`.
fn spur_path(
    ids: &Ids,
    search: &Credible,
    root_nodes: &[u32],
    root_claims: &[ClaimId],
    root_prefix: &[f64],
    target: u32,
) -> Ranked {
    let (nodes, claims) = search.trace(ids, target);
    let prefix = root_prefix
        .iter()
        .copied()
        .chain(nodes.iter().map(|&n| search.confidence[n as usize]))
        .collect();
    Ranked {
        nodes: root_nodes.iter().copied().chain(nodes).collect(),
        claims: root_claims.iter().copied().chain(claims).collect(),
        prefix,
    }
}

/// A route: a sequence of distinct actors from one actor to another, with every
/// claim the walk may cross on each hop. Parallel claims between two consecutive
/// actors belong to one hop of one route, so a route stands for
/// [`Route::path_count`] claim-level paths ([`Route::paths`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The actors visited, from the start to the end.
    pub actors: Vec<ActorId>,
    /// `hops[i]`: the admitted claims linking `actors[i]` to `actors[i + 1]`, each
    /// with its confidence under the filter, in id order.
    pub hops: Vec<Vec<(ClaimId, f64)>>,
    /// The confidence of the route's most credible claim-level path: the product of
    /// each hop's best confidence (1 for a route of 0 hops).
    pub confidence: f64,
}

impl Route {
    /// The route as text, with the actors' names and the relations of each hop's
    /// claims: `Hezbollah -[supports, pays]- Iran -[met_with]- Bolivia`.
    pub fn display<'a, V: ReadGraph>(&'a self, view: &'a V) -> impl fmt::Display + 'a {
        Chain {
            view,
            actors: &self.actors,
            hops: self
                .hops
                .iter()
                .map(|hop| hop.iter().map(|c| c.0).collect())
                .collect(),
        }
    }

    /// The number of hops.
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    /// Whether the route has no hop (from an actor to itself).
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// How many claim-level paths the route stands for: the product of the number
    /// of claims on each hop (saturating).
    pub fn path_count(&self) -> u64 {
        self.hops
            .iter()
            .fold(1u64, |n, hop| n.saturating_mul(hop.len() as u64))
    }

    /// The route's most credible claim-level path (on each hop, the first claim of
    /// highest confidence).
    pub fn best_path(&self) -> Path {
        let claims = self
            .hops
            .iter()
            .map(|hop| {
                hop.iter()
                    .copied()
                    .reduce(|best, c| if c.1 > best.1 { c } else { best })
                    .map(|c| c.0)
                    .expect("a hop has at least one claim")
            })
            .collect();
        Path {
            actors: self.actors.clone(),
            claims,
            confidence: self.confidence,
        }
    }

    /// Every claim-level path of the route: one claim per hop, the last hop varying
    /// fastest, each hop's claims in its order.
    pub fn paths(&self) -> impl Iterator<Item = Path> + '_ {
        let mut digits = vec![0usize; self.hops.len()];
        let mut done = self.hops.iter().any(Vec::is_empty);
        std::iter::from_fn(move || {
            if done {
                return None;
            }
            let mut confidence = 1.0;
            let claims = digits
                .iter()
                .zip(&self.hops)
                .map(|(&d, hop)| {
                    confidence *= hop[d].1;
                    hop[d].0
                })
                .collect();
            let path = Path {
                actors: self.actors.clone(),
                claims,
                confidence,
            };
            // Odometer step, last hop fastest.
            done = true;
            for (d, hop) in digits.iter_mut().zip(&self.hops).rev() {
                *d += 1;
                if *d < hop.len() {
                    done = false;
                    break;
                }
                *d = 0;
            }
            Some(path)
        })
    }
}

/// A path or route written out with names, for [`Path::display`] and
/// [`Route::display`].
struct Chain<'a, V> {
    view: &'a V,
    actors: &'a [ActorId],
    hops: Vec<Vec<ClaimId>>,
}

impl<V: ReadGraph> fmt::Display for Chain<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |a: &ActorId| self.view.actor(*a).map_or("?", |a| a.name.as_str());
        let mut actors = self.actors.iter();
        if let Some(first) = actors.next() {
            f.write_str(name(first))?;
        }
        for (actor, hop) in actors.zip(&self.hops) {
            f.write_str(" -[")?;
            for (i, claim) in hop.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                match self.view.relation(*claim) {
                    Some(r) => write!(f, "{r}")?,
                    None => f.write_str("?")?,
                }
            }
            write!(f, "]- {}", name(actor))?;
        }
        Ok(())
    }
}

/// Every simple route (no actor visited twice) from one actor to another, up to a
/// number of hops. Built by [`simple_paths`]; an iterator of [`Route`]s.
///
/// The bound defaults to none beyond simplicity (a simple route has at most V − 1
/// hops). The number of routes can grow exponentially with the bound; the iterator
/// finds them one at a time, so `take(n)` stops the search early, and
/// [`SimplePaths::count_routes`] counts them without building them.
#[derive(Debug)]
pub struct SimplePaths<'a, V: ReadGraph> {
    view: &'a V,
    compiled: Compiled,
    source: Option<u32>,
    target: Option<u32>,
    max_hops: usize,
    state: State,
}

/// Where the enumeration stands.
#[derive(Debug)]
enum State {
    NotStarted,
    Running(Box<RouteStack>),
    Done,
}

/// Iterative depth-first search over distinct neighbours: a stack of frames over
/// one arena of neighbour groups, the current route, and which nodes are on it.
#[derive(Debug)]
struct RouteStack {
    on_path: Vec<bool>,
    /// Hops from each node to the target under the walk (`u32::MAX`: never).
    to_target: Vec<u32>,
    frames: Vec<Frame>,
    /// The neighbour groups of every node on the route.
    groups: Vec<Group>,
    /// The claims of the groups: (claim, confidence).
    claims: Vec<(ClaimId, f64)>,
    nodes: Vec<u32>,
    /// The group taken at each hop of the current route.
    taken: Vec<usize>,
    /// Whether a route was found: until then the nearest-first descent cannot
    /// meet a dead end, so it needs no check.
    found: bool,
    /// Scratch for [`RouteStack::reaches`]: visit stamps, the stamp, a queue.
    stamps: Vec<u32>,
    stamp: u32,
    queue: Vec<u32>,
}

/// The claims from a node on the route to one neighbour.
#[derive(Debug, Clone, Copy)]
struct Group {
    other: u32,
    claims: (usize, usize),
    best: f64,
}

/// A node on the route: its groups are `groups[start..end]`, the next to try at
/// `cursor`; `claims_start` is where its claims begin in the claim arena.
#[derive(Debug, Clone, Copy)]
struct Frame {
    start: usize,
    end: usize,
    cursor: usize,
    claims_start: usize,
}

impl RouteStack {
    /// Puts `node` on the route and lists the neighbours it may step to: not on the
    /// route, able to reach the target within the hops left; nearest to the target
    /// first, then by node index, claims in id order.
    fn push<V: ReadGraph>(&mut self, view: &V, compiled: &Compiled, node: u32, max_hops: usize) {
        self.on_path[node as usize] = true;
        self.nodes.push(node);
        let hops_after = self.nodes.len(); // hops of the route once it steps on
        let mut found: Vec<(u32, u32, ClaimId, f64)> = Vec::new();
        for (edge, c) in steps(view, compiled, node) {
            let d = self.to_target[edge.other as usize];
            if d != u32::MAX
                && !self.on_path[edge.other as usize]
                && hops_after + d as usize <= max_hops
            {
                found.push((d, edge.other, edge.id(), c));
            }
        }
        found.sort_unstable_by_key(|f| (f.0, f.1, f.2));
        let (start, claims_start) = (self.groups.len(), self.claims.len());
        for (_, other, claim, c) in found {
            let in_frame = self.groups.len() > start;
            match self.groups.last_mut() {
                Some(g) if in_frame && g.other == other => {
                    g.claims.1 += 1;
                    g.best = g.best.max(c);
                }
                _ => self.groups.push(Group {
                    other,
                    claims: (self.claims.len(), self.claims.len() + 1),
                    best: c,
                }),
            }
            self.claims.push((claim, c));
        }
        self.frames.push(Frame {
            start,
            end: self.groups.len(),
            cursor: start,
            claims_start,
        });
    }

    /// Whether `target` can be reached from `from` without crossing the route: a
    /// breadth-first search that stops at the target. Checking this before each
    /// step keeps the search out of dead ends, so the time between two routes is
    /// polynomial (at most the route's length times a node's neighbours times
    /// O(V + E)), not exponential.
    fn reaches<V: ReadGraph>(
        &mut self,
        view: &V,
        compiled: &Compiled,
        from: u32,
        target: u32,
    ) -> bool {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.stamps.fill(0);
            self.stamp = 1;
        }
        let stamp = self.stamp;
        self.queue.clear();
        self.queue.push(from);
        self.stamps[from as usize] = stamp;
        let mut head = 0;
        while let Some(&node) = self.queue.get(head) {
            head += 1;
            let (stamps, queue, on_path) = (&mut self.stamps, &mut self.queue, &self.on_path);
            let mut hit = false;
            view.for_each_step(node, compiled, |edge, _| {
                let other = edge.other as usize;
                if edge.other == target {
                    hit = true;
                } else if !on_path[other] && stamps[other] != stamp {
                    stamps[other] = stamp;
                    queue.push(edge.other);
                }
            });
            if hit {
                return true;
            }
        }
        false
    }

    fn pop(&mut self) {
        if let Some(frame) = self.frames.pop() {
            self.groups.truncate(frame.start);
            self.claims.truncate(frame.claims_start);
        }
        if let Some(node) = self.nodes.pop() {
            self.on_path[node as usize] = false;
        }
        // The group that led to the popped node (none for the source).
        self.taken.pop();
    }
}

impl<'a, V: ReadGraph> SimplePaths<'a, V> {
    /// Yields only routes of at most `n` hops (`0` yields only the route of 0 hops
    /// when the two actors are the same). Setting it restarts the enumeration.
    pub fn max_depth(mut self, n: usize) -> Self {
        self.max_hops = n;
        self.state = State::NotStarted;
        self
    }

    /// The number of routes left to yield, found without building them.
    pub fn count_routes(mut self) -> u64 {
        let mut n = 0;
        while self.advance().is_some() {
            n += 1;
        }
        n
    }

    /// The number of claim-level paths the routes left stand for (each route counts
    /// [`Route::path_count`]; saturating).
    pub fn count_paths(mut self) -> u64 {
        let mut n = 0u64;
        while let Some(last) = self.advance() {
            let State::Running(stack) = &self.state else {
                return n.saturating_add(1);
            };
            let count = stack.taken.iter().chain([&last]).fold(1u64, |p, &g| {
                let (a, b) = stack.groups[g].claims;
                p.saturating_mul((b - a) as u64)
            });
            n = n.saturating_add(count);
        }
        n
    }

    /// The distances to the target under the reversed walk: which nodes can still
    /// reach it, and in how many hops.
    fn distances(&self, target: u32) -> Vec<u32> {
        let reverse = match self.compiled.walk {
            crate::query::Walk::Forward => crate::query::Walk::Backward,
            crate::query::Walk::Backward => crate::query::Walk::Forward,
            crate::query::Walk::Undirected => crate::query::Walk::Undirected,
        };
        let mut back = self.compiled.clone();
        back.walk = reverse;
        let mut dist = vec![u32::MAX; self.view.node_bound()];
        dist[target as usize] = 0;
        let mut queue = vec![target];
        let mut head = 0;
        while let Some(&node) = queue.get(head) {
            head += 1;
            let next = dist[node as usize] + 1;
            self.view.for_each_step(node, &back, |edge, _| {
                let d = &mut dist[edge.other as usize];
                if *d == u32::MAX {
                    *d = next;
                    queue.push(edge.other);
                }
            });
        }
        dist
    }

    /// Starts the search; the route of 0 hops is the whole answer when the ends are
    /// the same actor (`Some(())` then).
    fn start(&mut self) -> Option<()> {
        let (Some(source), Some(target)) = (self.source, self.target) else {
            self.state = State::Done;
            return None;
        };
        if source == target {
            self.state = State::Done;
            return Some(());
        }
        let to_target = self.distances(target);
        if self.max_hops == 0 || to_target[source as usize] == u32::MAX {
            self.state = State::Done;
            return None;
        }
        let mut stack = RouteStack {
            on_path: vec![false; self.view.node_bound()],
            to_target,
            frames: Vec::new(),
            groups: Vec::new(),
            claims: Vec::new(),
            nodes: Vec::new(),
            taken: Vec::new(),
            found: false,
            stamps: vec![0; self.view.node_bound()],
            stamp: 0,
            queue: Vec::new(),
        };
        stack.push(self.view, &self.compiled, source, self.max_hops);
        self.state = State::Running(Box::new(stack));
        None
    }

    /// Moves to the next route: the group index of its last hop (the earlier hops
    /// are in `taken`), or `usize::MAX` for the route of 0 hops.
    fn advance(&mut self) -> Option<usize> {
        if matches!(self.state, State::NotStarted) && self.start().is_some() {
            return Some(usize::MAX);
        }
        let State::Running(stack) = &mut self.state else {
            return None;
        };
        let target = self.target?;
        loop {
            let Some(frame) = stack.frames.last_mut() else {
                self.state = State::Done;
                return None;
            };
            if frame.cursor == frame.end {
                stack.pop();
                continue;
            }
            let g = frame.cursor;
            frame.cursor += 1;
            let next = stack.groups[g].other;
            if next == target {
                stack.found = true;
                return Some(g);
            }
            if stack.found && !stack.reaches(self.view, &self.compiled, next, target) {
                continue;
            }
            stack.taken.push(g);
            stack.push(self.view, &self.compiled, next, self.max_hops);
        }
    }
}

impl<V: ReadGraph> Iterator for SimplePaths<'_, V> {
    type Item = Route;

    fn next(&mut self) -> Option<Route> {
        let last = self.advance()?;
        let State::Running(stack) = &self.state else {
            // The route of 0 hops.
            return self.source.map(|s| Route {
                actors: vec![self.view.actor_id_at(s)],
                hops: Vec::new(),
                confidence: 1.0,
            });
        };
        let groups: Vec<&Group> = stack
            .taken
            .iter()
            .chain([&last])
            .map(|&g| &stack.groups[g])
            .collect();
        let actors = stack
            .nodes
            .iter()
            .copied()
            .chain([groups.last().expect("a route has a hop").other])
            .map(|n| self.view.actor_id_at(n))
            .collect();
        let hops = groups
            .iter()
            .map(|g| stack.claims[g.claims.0..g.claims.1].to_vec())
            .collect();
        let confidence = groups.iter().fold(1.0, |c, g| c * g.best);
        Some(Route {
            actors,
            hops,
            confidence,
        })
    }
}

impl<V: ReadGraph> FusedIterator for SimplePaths<'_, V> {}

/// Enumerates every simple route (no actor visited twice) from `from` to `to`,
/// each actor sequence once with the claims on each hop.
///
/// Parallel claims between two actors are one hop of one route (17 claims
/// between the same two actors make one route, not 17 paths); [`Route::paths`]
/// expands a route into its claim-level paths. The search first computes, in
/// **O(V + E)**, how many hops each actor is from `to` (a breadth-first search
/// backwards), and never steps onto an actor that cannot reach `to` within the
/// hops left; it tries the neighbours nearest to `to` first, so the first route
/// is a shortest one and is found in **O(V + E)** whatever the graph (no dead end
/// is explored before it). After that, each step is taken only if `to` can still
/// be reached without crossing the route, so no dead end is explored and the time
/// between two routes stays polynomial (under [`SimplePaths::max_depth`], a way
/// that exists but is too long can still be tried). Bound the length with [`SimplePaths::max_depth`]; by
/// default only simplicity bounds it. [`SimplePaths::count_routes`] and
/// [`SimplePaths::count_paths`] count without building routes.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `from`, `to`: the end actors.
/// * `filter`: which claims may be crossed, and in which direction (claims of
///   confidence 0 are crossed too, giving routes of confidence 0).
///
/// # Returns
/// A lazy iterator of [`Route`]s in depth-first order (at each actor, neighbours
/// nearest to `to` first, then by actor index). Yields nothing if either actor is
/// unknown; yields only the route of 0 hops when `from == to`.
///
/// # Complexity
/// **O(V + E)** before the first route and **O(V + E)** memory; then at most
/// **O(L · d · (V + E))** between two routes, for routes of at most L hops and d
/// the most neighbours of an actor (routes themselves can be exponentially many).
///
/// # Example
/// ```
/// # use claimgraph::{ClaimGraph, ClaimId};
/// # use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// # fn tie(g: &mut ClaimGraph, s: &str, r: Relation, o: &str, c: f64) -> Result<ClaimId, Box<dyn std::error::Error>> {
/// #     let claim = Claim::new(s.parse()?, r, o.parse()?, ValidTime::ALWAYS)
/// #         .with_evidence(Attribution::new(Grade::confidence(c)?).with_claimant(s.parse()?));
/// #     Ok(g.add_claim(claim)?.id())
/// # }
/// use claimgraph::query::Filter;
/// use claimgraph::traverse::simple_paths;
///
/// let mut g = ClaimGraph::new();
/// for key in ["a", "b", "c"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let met = tie(&mut g, "a", Relation::MetWith, "b", 0.9)?;
/// let allied = tie(&mut g, "a", Relation::AlliedWith, "b", 0.6)?;
/// let bc = tie(&mut g, "b", Relation::MetWith, "c", 0.9)?;
/// let ac = tie(&mut g, "a", Relation::MetWith, "c", 0.5)?;
/// let id = |k: &str| g.actor_id(k).unwrap();
///
/// let routes: Vec<_> = simple_paths(&g, id("a"), id("c"), &Filter::new()).collect();
/// // the direct route first (nearest to c), then a-b-c with both a-b claims on one hop
/// assert_eq!(routes.len(), 2);
/// assert_eq!(routes[0].hops, [vec![(ac, 0.5)]]);
/// assert_eq!(routes[1].actors, [id("a"), id("b"), id("c")]);
/// assert_eq!(routes[1].hops, [vec![(met, 0.9), (allied, 0.6)], vec![(bc, 0.9)]]);
/// assert_eq!(routes[1].path_count(), 2);
/// assert_eq!(simple_paths(&g, id("a"), id("c"), &Filter::new()).count_paths(), 3);
/// assert_eq!(simple_paths(&g, id("a"), id("c"), &Filter::new()).max_depth(1).count_routes(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simple_paths<'a, V: ReadGraph>(
    view: &'a V,
    from: ActorId,
    to: ActorId,
    filter: &Filter,
) -> SimplePaths<'a, V> {
    SimplePaths {
        view,
        compiled: filter.compile(view),
        source: node_of(view, from),
        target: node_of(view, to),
        max_hops: usize::MAX,
        state: State::NotStarted,
    }
}
