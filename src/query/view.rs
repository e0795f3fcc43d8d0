//! The edge-level read access that queries, traversals and analyses run on, shared
//! by the store and the snapshot. Crate-private: the public face is
//! [`ReadGraph`](super::ReadGraph), of which this is the sealed supertrait.

use std::sync::Arc;

use super::Walk;
use crate::model::{Actor, ActorKind, Claim};
use crate::store::{ActorId, ClaimId, ClaimRecord, GraphTag};

/// A claim's filter fields packed together: what a filtered traversal reads per edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Packed {
    pub(crate) confidence: f64,
    pub(crate) first_day: i32,
    pub(crate) last_day: i32,
    pub(crate) origins: u16,
    pub(crate) kind: u8,
    pub(crate) flags: u8,
}

pub(crate) const DENIED: u8 = 1;
pub(crate) const SYMMETRIC: u8 = 1 << 1;
/// Statement kind in bits 2-3.
pub(crate) const STATEMENT_SHIFT: u8 = 2;

impl Packed {
    pub(crate) fn of(record: &ClaimRecord) -> Packed {
        let mut flags = (record.statement as u8) << STATEMENT_SHIFT;
        if record.polarity == crate::model::Polarity::Denied {
            flags |= DENIED;
        }
        if record.kind.direction() == crate::model::Direction::Symmetric {
            flags |= SYMMETRIC;
        }
        Packed {
            confidence: record.confidence,
            first_day: record.valid().first_day(),
            last_day: record.valid().last_day(),
            origins: record.origins.min(u32::from(u16::MAX)) as u16,
            kind: record.kind.index(),
            flags,
        }
    }

    pub(crate) fn symmetric(&self) -> bool {
        self.flags & SYMMETRIC != 0
    }
}

/// One edge as seen from a node: the node at its other end, its packed fields, and
/// its full record (read only when a filter needs the evidence).
#[derive(Debug, Clone, Copy)]
pub struct Edge<'a> {
    pub(crate) other: u32,
    pub(crate) claim: ClaimId,
    pub(crate) packed: Packed,
    pub(crate) record: Record<'a>,
    /// Whether the edge points away from the node it was reached from.
    pub(crate) outgoing: bool,
}

/// Where an edge's claim record is: shared by the store, or in a snapshot whose
/// evidence may still be undecoded (a mapped file decodes it on first use, so that
/// traversals that never read a record never pay for it).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Record<'a> {
    Shared(&'a Arc<ClaimRecord>),
    Snapshot(&'a crate::Snapshot, u32),
}

impl<'a> Edge<'a> {
    pub(crate) fn id(&self) -> ClaimId {
        self.claim
    }

    /// The claim's full record.
    #[inline]
    pub(crate) fn record(&self) -> &'a Arc<ClaimRecord> {
        match self.record {
            Record::Shared(r) => r,
            Record::Snapshot(s, position) => s.record_at(position),
        }
    }
}

/// A step's confidence as a filtered traversal first sees it: an upper bound that
/// may already be the exact value. A snapshot reads the exact confidence of an
/// entry its quantised byte admitted only when a search asks for it
/// ([`Access::weight_value`]); a search that can tell from the bound that the step
/// improves nothing never does.
#[derive(Debug, Clone, Copy)]
pub struct Weight {
    /// At least the exact confidence.
    pub(crate) upper: f64,
    /// Where the view finds the exact value ([`Weight::EXACT`]: `upper` is it).
    pub(crate) at: u32,
}

impl Weight {
    const EXACT: u32 = u32::MAX;

    /// A weight whose value is known.
    #[inline]
    pub(crate) fn exact(confidence: f64) -> Self {
        Weight {
            upper: confidence,
            at: Self::EXACT,
        }
    }

    /// A bound whose exact value the view reads from `at`.
    #[inline]
    pub(crate) fn bounded(upper: f64, at: u32) -> Self {
        Weight { upper, at }
    }

    /// The exact value, if known without the view.
    #[inline]
    pub(crate) fn known(self) -> Option<f64> {
        (self.at == Self::EXACT).then_some(self.upper)
    }
}

/// Read access over dense node indices `0..node_bound()` (vacant indices allowed).
///
/// Implemented by [`ClaimGraph`](crate::ClaimGraph) and [`Snapshot`](crate::Snapshot);
/// every query runs on either and gives the same answers, because a snapshot lists
/// each node's edges in the order its store did when the snapshot was taken.
///
/// Public in name only (its module is private): it seals
/// [`ReadGraph`](super::ReadGraph), and generic functions reach its methods through
/// that bound, monomorphised, so the hot loops are the same code as before.
///
/// `Sync`, as both views are: analyses share a view across rayon's threads.
pub trait Access: Sync {
    /// The identity of the graph (store and snapshots share it).
    fn tag(&self) -> GraphTag;
    /// How many times the actor slot `node` was vacated.
    fn actor_generation(&self, node: u32) -> u32;
    /// How many times the claim slot `edge` was vacated.
    fn claim_generation(&self, edge: u32) -> u32;
    /// The view as one of the two concrete graphs, for borrowed claim views.
    fn graph_ref(&self) -> super::GraphRef<'_>;
    /// The public id of the actor at an occupied node index.
    #[inline]
    fn actor_id_at(&self, node: u32) -> ActorId {
        ActorId {
            graph: self.tag(),
            slot: node,
            generation: self.actor_generation(node),
        }
    }
    /// The public id of the claim in an occupied claim slot.
    #[inline]
    fn claim_id_at(&self, edge: u32) -> ClaimId {
        ClaimId {
            graph: self.tag(),
            slot: edge,
            generation: self.claim_generation(edge),
        }
    }
    /// The name search index (built on first use).
    fn name_index(&self) -> &super::NameIndex;

    /// Claims and actors by their outside identifiers.
    fn external_index(&self) -> &crate::store::ExternalIndex;
    /// Slot-to-id conversion detached from the view.
    fn ids(&self) -> crate::store::Ids;
    /// The node index of `id`, if it names an actor this view holds: same graph,
    /// same slot generation, slot occupied.
    #[inline]
    fn node_of(&self, id: ActorId) -> Option<u32> {
        (id.graph == self.tag()
            && id.generation == self.actor_generation(id.slot)
            && self.node_kind(id.slot).is_some())
        .then_some(id.slot)
    }
    /// One past the largest node index.
    fn node_bound(&self) -> usize;
    /// The actor at a node index, if the index is occupied.
    fn node_actor(&self, node: u32) -> Option<&Actor>;
    /// The kind of the actor at a node index.
    fn node_kind(&self, node: u32) -> Option<ActorKind>;
    /// The node index of an actor key.
    fn node_of_key(&self, key: &str) -> Option<u32>;
    /// Edges leaving `node`.
    fn out_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>>;
    /// Edges entering `node` whose relation is symmetric (what a forward walk may
    /// take backwards).
    fn symmetric_in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>>;
    /// Edges entering `node` whose relation is directed.
    fn directed_in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>>;
    /// Edges entering `node`: the symmetric ones first, then the directed ones.
    fn in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        self.symmetric_in_edges(node)
            .chain(self.directed_in_edges(node))
    }
    /// The edges a walk may take from `node`, in the one order every view uses:
    /// outgoing edges (only symmetric ones when walking backward), then symmetric
    /// incoming edges, then (unless walking forward) directed incoming edges.
    fn walk_edges(&self, node: u32, walk: Walk) -> impl Iterator<Item = Edge<'_>> {
        let backward = walk == Walk::Backward;
        let directed_in = if walk == Walk::Forward { 0 } else { usize::MAX };
        self.out_edges(node)
            .filter(move |e| !backward || e.packed.symmetric())
            .chain(self.symmetric_in_edges(node))
            .chain(self.directed_in_edges(node).take(directed_in))
    }
    /// Calls `visit` with every edge the filter admits from `node` on its walk, and
    /// the confidence the filter gives it, in [`Access::walk_edges`] order.
    #[inline]
    fn for_each_step<'s>(
        &'s self,
        node: u32,
        filter: &super::Compiled,
        mut visit: impl FnMut(Edge<'s>, f64),
    ) {
        for e in self.walk_edges(node, filter.walk) {
            if let Some(c) = filter.admit(self, node, &e) {
                visit(e, c);
            }
        }
    }
    /// Calls `visit(other, key)` for every step the filter admits from `node`, in
    /// [`Access::walk_edges`] order, building no edge: `key` names where the step's
    /// claim slot is, read with [`Access::slot_at`] only for the steps a search
    /// keeps (a breadth-first search keeps one per actor it discovers).
    #[inline]
    fn for_each_admitted(
        &self,
        node: u32,
        filter: &super::Compiled,
        mut visit: impl FnMut(u32, u64),
    ) {
        if filter.admits_everything() {
            self.for_each_target_keyed(node, filter.walk, visit);
        } else {
            self.for_each_step(node, filter, |e, _| visit(e.other, u64::from(e.claim.slot)));
        }
    }
    /// Calls `visit(other, key, weight)` for every step the filter admits from
    /// `node`, in [`Access::walk_edges`] order, building no edge; `key` as in
    /// [`Access::for_each_admitted`], `weight` bounds the confidence the filter gives
    /// the step ([`Access::weight_value`] reads it).
    #[inline]
    fn for_each_weighted(
        &self,
        node: u32,
        filter: &super::Compiled,
        mut visit: impl FnMut(u32, u64, Weight),
    ) {
        self.for_each_step(node, filter, |e, c| {
            visit(e.other, u64::from(e.claim.slot), Weight::exact(c))
        });
    }
    /// The exact confidence of a weight [`Access::for_each_weighted`] gave.
    #[inline]
    fn weight_value(&self, weight: Weight) -> f64 {
        weight.upper
    }
    /// Calls `visit(other, key)` for each edge [`Access::walk_edges`] yields, in
    /// order; `key` as in [`Access::for_each_admitted`].
    #[inline]
    fn for_each_target_keyed(&self, node: u32, walk: Walk, mut visit: impl FnMut(u32, u64)) {
        self.for_each_target_claim(node, walk, |other, claim| {
            visit(other, u64::from(claim.slot))
        });
    }
    /// A hint that a search will expand `node` soon: a view whose rows are arrays
    /// fetches where they start into the cache (no effect on answers).
    #[inline]
    fn prefetch_node(&self, node: u32) {
        let _ = node;
    }
    /// A hint that a search will read `node`'s row soon (after
    /// [`Access::prefetch_node`] fetched where it starts).
    #[inline]
    fn prefetch_row(&self, node: u32) {
        let _ = node;
    }
    /// A hint that [`Access::slot_at`] will read `key` soon.
    #[inline]
    fn prefetch_slot(&self, key: u64) {
        let _ = key;
    }
    /// The claim slot a key of [`Access::for_each_admitted`] names.
    #[inline]
    fn slot_at(&self, key: u64) -> u32 {
        key as u32
    }
    /// The nodes [`Access::walk_edges`] leads to, in the same order: what an
    /// unfiltered traversal reads.
    fn walk_targets(&self, node: u32, walk: Walk) -> impl Iterator<Item = u32> {
        self.walk_edges(node, walk).map(|e| e.other)
    }
    /// Calls `visit` with each node [`Access::walk_targets`] yields, in order.
    #[inline]
    fn for_each_target(&self, node: u32, walk: Walk, mut visit: impl FnMut(u32)) {
        for other in self.walk_targets(node, walk) {
            visit(other);
        }
    }
    /// Calls `visit(other, claim)` for each edge [`Access::walk_edges`] yields, in
    /// order: what an unfiltered traversal that reports claims reads.
    #[inline]
    fn for_each_target_claim(&self, node: u32, walk: Walk, mut visit: impl FnMut(u32, ClaimId)) {
        for e in self.walk_edges(node, walk) {
            visit(e.other, e.claim);
        }
    }
    /// How many steps [`Access::walk_targets`] yields from `node`: what a
    /// direction-optimising search weighs its frontier by.
    fn walk_degree(&self, node: u32, walk: Walk) -> usize {
        self.walk_targets(node, walk).count()
    }
    /// Whether `hit` accepts some node that a `walk` step leads from to `node`,
    /// asking no further once it does: the bottom-up step of a breadth-first search,
    /// which looks for a parent among the frontier instead of pushing from it.
    fn any_walk_source(&self, node: u32, walk: Walk, hit: impl FnMut(u32) -> bool) -> bool {
        // A forward step u -> node is a backward step node -> u and conversely;
        // undirected steps go both ways.
        let reverse = match walk {
            Walk::Forward => Walk::Backward,
            Walk::Backward => Walk::Forward,
            Walk::Undirected => Walk::Undirected,
        };
        self.walk_targets(node, reverse).any(hit)
    }
    /// The record of a claim id, with its subject and object node indices; `None`
    /// for a stale or foreign id.
    fn claim_record(&self, id: ClaimId) -> Option<(u32, u32, &Arc<ClaimRecord>)>;
    /// Every claim record with its endpoints, in node order then edge order.
    fn all_claims(&self) -> impl Iterator<Item = (u32, u32, &Arc<ClaimRecord>)>;
    /// The claim as a model value.
    fn materialise(&self, subject: u32, object: u32, record: &ClaimRecord) -> Claim;
    /// The key of the actor at a node index, for sources in evidence.
    fn node_key(&self, node: u32) -> Option<&crate::model::ActorKey> {
        self.node_actor(node).map(|a| &a.key)
    }
}
