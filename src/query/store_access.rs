//! [`Access`] for the mutable store.

use std::sync::Arc;

use petgraph::Direction as PgDirection;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, NodeIndexable};

use super::view::{Access, Edge, Packed, Record};
use crate::ClaimGraph;
use crate::model::{Actor, ActorKind, Claim};
use crate::store::{ClaimId, ClaimRecord, EdgeSlot, GraphTag, NodeSlot};

impl ClaimGraph {
    /// Incoming edges in petgraph's order, symmetric and directed mixed.
    fn raw_in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        self.graph
            .edges_directed(NodeIndex::new(node as usize), PgDirection::Incoming)
            .map(|e| Edge {
                other: e.source().index() as u32,
                claim: self.claim_id_of(EdgeSlot(e.id())),
                packed: Packed::of(e.weight()),
                record: Record::Shared(e.weight()),
                outgoing: false,
            })
    }
}

impl Access for ClaimGraph {
    fn tag(&self) -> GraphTag {
        self.tag
    }

    #[inline]
    fn actor_generation(&self, node: u32) -> u32 {
        self.actor_generations.get(node)
    }

    #[inline]
    fn claim_generation(&self, edge: u32) -> u32 {
        self.claim_generations.get(edge)
    }

    fn ids(&self) -> crate::store::Ids {
        crate::store::Ids {
            graph: self.tag,
            actors: self.actor_generations.clone(),
            claims: self.claim_generations.clone(),
        }
    }

    fn name_index(&self) -> &crate::query::NameIndex {
        self.name_index.get_or_init(|| {
            std::sync::Arc::new(crate::query::NameIndex::build(
                self.graph
                    .node_indices()
                    .map(|n| (n.index() as u32, &*self.graph[n])),
            ))
        })
    }

    fn external_index(&self) -> &crate::store::ExternalIndex {
        &self.external
    }

    fn graph_ref(&self) -> super::GraphRef<'_> {
        super::GraphRef::Store(self)
    }

    fn node_bound(&self) -> usize {
        self.graph.node_bound()
    }

    fn node_actor(&self, node: u32) -> Option<&Actor> {
        self.graph
            .node_weight(NodeIndex::new(node as usize))
            .map(|a| &**a)
    }

    fn node_kind(&self, node: u32) -> Option<ActorKind> {
        self.node_actor(node).map(|a| a.kind)
    }

    fn node_of_key(&self, key: &str) -> Option<u32> {
        self.keys.get(key).map(|n| n.0.index() as u32)
    }

    fn out_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        self.graph
            .edges_directed(NodeIndex::new(node as usize), PgDirection::Outgoing)
            .map(|e| Edge {
                other: e.target().index() as u32,
                claim: self.claim_id_of(EdgeSlot(e.id())),
                packed: Packed::of(e.weight()),
                record: Record::Shared(e.weight()),
                outgoing: true,
            })
    }

    fn symmetric_in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        self.raw_in_edges(node).filter(|e| e.packed.symmetric())
    }

    fn directed_in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        self.raw_in_edges(node).filter(|e| !e.packed.symmetric())
    }

    fn claim_record(&self, id: ClaimId) -> Option<(u32, u32, &Arc<ClaimRecord>)> {
        let slot = self.edge_slot(id)?;
        let (s, o) = self.graph.edge_endpoints(slot.0)?;
        Some((s.index() as u32, o.index() as u32, &self.graph[slot.0]))
    }

    fn all_claims(&self) -> impl Iterator<Item = (u32, u32, &Arc<ClaimRecord>)> {
        (0..self.graph.node_bound()).flat_map(move |n| {
            self.graph
                .edges_directed(NodeIndex::new(n), PgDirection::Outgoing)
                .map(move |e| (n as u32, e.target().index() as u32, e.weight()))
        })
    }

    fn materialise(&self, subject: u32, object: u32, record: &ClaimRecord) -> Claim {
        ClaimGraph::materialise(
            self,
            NodeSlot(NodeIndex::new(subject as usize)),
            NodeSlot(NodeIndex::new(object as usize)),
            record,
        )
    }
}
