//! The store's lookups: ids checked against the graph's identity and slot
//! generations, actors by key and name, claims by id.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::graph::{EdgeSlot, NodeSlot};
use super::{ActorId, ClaimGraph, ClaimId, LookupError};
use crate::model::{Actor, Relation, fold_name};
use crate::query::ClaimView;

impl ClaimGraph {
    /// The public id of an occupied slot.
    #[inline]
    pub(crate) fn actor_id_of(&self, slot: NodeSlot) -> ActorId {
        let slot = slot.0.index() as u32;
        ActorId {
            graph: self.tag,
            slot,
            generation: self.actor_generations.get(slot),
        }
    }

    /// The public id of an occupied claim slot.
    #[inline]
    pub(crate) fn claim_id_of(&self, slot: EdgeSlot) -> ClaimId {
        let slot = slot.0.index() as u32;
        ClaimId {
            graph: self.tag,
            slot,
            generation: self.claim_generations.get(slot),
        }
    }

    /// The slot of an id, if the id is this graph's and its actor still exists.
    #[inline]
    pub(crate) fn node_slot(&self, id: ActorId) -> Option<NodeSlot> {
        let node = NodeIndex::new(id.slot as usize);
        (id.graph == self.tag
            && id.generation == self.actor_generations.get(id.slot)
            && self.graph.contains_node(node))
        .then_some(NodeSlot(node))
    }

    /// The slot of a claim id, if the id is this graph's and its claim still exists.
    #[inline]
    pub(crate) fn edge_slot(&self, id: ClaimId) -> Option<EdgeSlot> {
        let edge = EdgeIndex::new(id.slot as usize);
        (id.graph == self.tag
            && id.generation == self.claim_generations.get(id.slot)
            && self.graph.edge_weight(edge).is_some())
        .then_some(EdgeSlot(edge))
    }

    /// The actor with this outside identifier (`find_external("wikidata", "Q794")`;
    /// see [`ReadGraph::find_external`](crate::ReadGraph::find_external)).
    pub fn find_external(&self, registry: &str, id: &str) -> Result<ActorId, LookupError> {
        crate::query::ReadGraph::find_external(self, registry, id)
    }

    /// The claim this outside identifier names (`claim_by_external("gdelt",
    /// "410412347")`; see [`ReadGraph::claim_by_external`](crate::ReadGraph::claim_by_external)).
    pub fn claim_by_external(&self, registry: &str, id: &str) -> Option<ClaimId> {
        crate::query::ReadGraph::claim_by_external(self, registry, id)
    }

    /// Number of actors.
    pub fn actor_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of claims.
    pub fn claim_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The id of the actor with this key.
    pub fn actor_id(&self, key: &str) -> Option<ActorId> {
        self.keys.get(key).map(|n| self.actor_id_of(*n))
    }

    /// The actor with this id (`None` for a removed actor or an id of another graph).
    pub fn actor(&self, id: ActorId) -> Option<&Actor> {
        self.node_slot(id).map(|n| &*self.graph[n.0])
    }

    /// The actor with this key.
    pub fn actor_by_key(&self, key: &str) -> Option<&Actor> {
        self.keys.get(key).map(|n| &*self.graph[n.0])
    }

    /// Finds an actor by key or by any of its names, folding case and diacritics
    /// (`"irán"`, `"IRAN"`, `"Iran"`). A name shared by several actors is an error
    /// listing them.
    ///
    /// **Complexity:** **O(|name|)** expected.
    pub fn find(&self, name: &str) -> Result<ActorId, LookupError> {
        if let Some(id) = self.actor_id(name) {
            return Ok(id);
        }
        match self.names.get(&fold_name(name)).map(Vec::as_slice) {
            Some([one]) => Ok(self.actor_id_of(*one)),
            Some(many) if !many.is_empty() => Err(LookupError::Ambiguous {
                name: name.to_owned(),
                candidates: many.iter().map(|n| self.graph[n.0].key.clone()).collect(),
            }),
            _ => Err(LookupError::NotFound {
                name: name.to_owned(),
            }),
        }
    }

    /// Every actor whose folded name equals the folded `name` (no error on
    /// ambiguity), in id order.
    pub fn find_all(&self, name: &str) -> Vec<ActorId> {
        self.names
            .get(&fold_name(name))
            .map_or_else(Vec::new, |ids| {
                ids.iter().map(|n| self.actor_id_of(*n)).collect()
            })
    }

    /// Every actor id, in insertion order (which is id order while no actor has
    /// been removed; [`ReadGraph::actor_ids`](crate::ReadGraph::actor_ids) gives id
    /// order).
    pub fn actor_ids(&self) -> impl Iterator<Item = ActorId> + '_ {
        self.keys.values().map(|n| self.actor_id_of(*n))
    }

    /// Every actor, in insertion order.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> + '_ {
        self.keys.values().map(|n| &*self.graph[n.0])
    }

    /// The claim with this id, borrowed: names, relation, evidence and a readable
    /// [`Display`](std::fmt::Display); [`ClaimView::to_claim`] gives an owned
    /// model value.
    pub fn claim(&self, id: ClaimId) -> Option<ClaimView<'_>> {
        let slot = self.edge_slot(id)?;
        let (s, o) = self.graph.edge_endpoints(slot.0)?;
        Some(ClaimView::new(
            crate::query::GraphRef::Store(self),
            id,
            self.actor_id_of(NodeSlot(s)),
            self.actor_id_of(NodeSlot(o)),
            &self.graph[slot.0],
        ))
    }

    /// Every claim id, in id (slot) order.
    pub fn claim_ids(&self) -> impl Iterator<Item = ClaimId> + '_ {
        self.graph
            .edge_indices()
            .map(|e| self.claim_id_of(EdgeSlot(e)))
    }

    /// Every claim, borrowed, in id order.
    pub fn claims(&self) -> impl Iterator<Item = ClaimView<'_>> + '_ {
        self.claim_ids().filter_map(|id| self.claim(id))
    }

    /// The subject and object of a claim.
    pub fn endpoints(&self, id: ClaimId) -> Option<(ActorId, ActorId)> {
        let slot = self.edge_slot(id)?;
        self.graph
            .edge_endpoints(slot.0)
            .map(|(s, o)| (self.actor_id_of(NodeSlot(s)), self.actor_id_of(NodeSlot(o))))
    }

    /// A claim's derived confidence (see [`confidence::combine`](crate::model::confidence::combine)).
    pub fn confidence(&self, id: ClaimId) -> Option<f64> {
        self.edge_slot(id).map(|e| self.graph[e.0].confidence)
    }

    /// The number of independent origins of a claim's evidence.
    pub fn origins(&self, id: ClaimId) -> Option<usize> {
        self.edge_slot(id).map(|e| self.graph[e.0].origins as usize)
    }

    /// The relation of a claim.
    pub fn relation(&self, id: ClaimId) -> Option<&Relation> {
        self.edge_slot(id)
            .map(|e| &self.tables.relations[self.graph[e.0].relation as usize])
    }

    /// Ids of the claims whose evidence names this actor as claimant, outlet or
    /// relay, ascending.
    ///
    /// **Complexity:** **O(1)** when the actor is cited nowhere (the store counts
    /// citations per source), otherwise a scan of every attribution, **O(E + A)**.
    /// A per-source list of claims would cost more memory than the claims themselves
    /// on large graphs, where a few outlets carry most of the evidence.
    pub fn claims_citing(&self, actor: ActorId) -> Vec<ClaimId> {
        let Some(source) = self.node_slot(actor) else {
            return Vec::new();
        };
        if !self.cited.contains_key(&source) {
            return Vec::new();
        }
        let mut ids: Vec<ClaimId> = self
            .graph
            .edge_indices()
            .filter(|e| {
                self.graph[*e]
                    .evidence()
                    .any(|ev| ev.chain().any(|s| s == source))
            })
            .map(|e| self.claim_id_of(EdgeSlot(e)))
            .collect();
        ids.sort_unstable();
        ids
    }
}

impl NodeSlot {
    /// The slot an id names (unchecked: callers hold an id they got from this graph).
    pub(crate) fn of(id: ActorId) -> NodeSlot {
        NodeSlot(NodeIndex::new(id.slot as usize))
    }

    /// The slot as a node index of the views.
    #[inline]
    pub(crate) fn index(self) -> usize {
        self.0.index()
    }

    #[inline]
    pub(crate) fn at(node: u32) -> NodeSlot {
        NodeSlot(NodeIndex::new(node as usize))
    }
}

impl crate::query::ReadGraph for ClaimGraph {
    fn actor_count(&self) -> usize {
        ClaimGraph::actor_count(self)
    }

    fn claim_count(&self) -> usize {
        ClaimGraph::claim_count(self)
    }

    fn find_all(&self, name: &str) -> Vec<ActorId> {
        ClaimGraph::find_all(self, name)
    }

    fn find(&self, name: &str) -> Result<ActorId, LookupError> {
        ClaimGraph::find(self, name)
    }

    fn claim_ids(&self) -> impl Iterator<Item = ClaimId> + '_ {
        ClaimGraph::claim_ids(self)
    }

    fn claims_citing(&self, actor: ActorId) -> Vec<ClaimId> {
        ClaimGraph::claims_citing(self, actor)
    }
}
