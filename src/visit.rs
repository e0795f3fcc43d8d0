//! petgraph interoperability: petgraph's `visit` traits for the store and the snapshot.
//!
//! `&ClaimGraph` and `&Snapshot` implement [`GraphBase`], [`Data`], [`IntoNeighbors`],
//! [`IntoNeighborsDirected`], [`IntoEdgeReferences`], [`IntoEdges`],
//! [`IntoEdgesDirected`], [`IntoNodeIdentifiers`], [`NodeIndexable`], [`NodeCount`],
//! [`EdgeCount`], [`Visitable`] and [`GraphProp`] (directed: a claim runs from its
//! subject to its object), so petgraph's own algorithms (`Bfs`, `Dfs`, `dijkstra`,
//! `astar`, `tarjan_scc`, `toposort`...) run on them unchanged. Node ids are
//! [`ActorId`]s, edge ids [`ClaimId`]s and edge weights [`ClaimRecord`]s.
//!
//! A [`Filter`] becomes petgraph's [`FilterEdge`] through [`ClaimFilter`], for
//! [`EdgeFiltered`](petgraph::visit::EdgeFiltered). petgraph follows claims in their
//! stored direction only: the filter's [`Walk`](crate::query::Walk) does not apply
//! there (use this crate's own traversals for symmetric and undirected walks).
//!
//! ```
//! use claimgraph::{ClaimGraph, Snapshot};
//! use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
//! use claimgraph::query::Filter;
//! use claimgraph::visit::ClaimFilter;
//! use petgraph::visit::{Bfs, EdgeFiltered, EdgeRef};
//! let mut g = ClaimGraph::new();
//! for k in ["iran", "bolivia", "hezbollah"] {
//!     g.add_actor(Actor::new(k, ActorKind::Group, k)?)?;
//! }
//! let claim = |s: &str, o: &str, c: f64| -> Result<Claim, claimgraph::model::ModelError> {
//!     Ok(Claim::new(s.parse()?, Relation::Supports, o.parse()?, ValidTime::ALWAYS)
//!         .with_evidence(Attribution::new(Grade::confidence(c)?).with_claimant(s.parse()?)))
//! };
//! g.add_claim(claim("iran", "hezbollah", 0.9)?)?;
//! g.add_claim(claim("iran", "bolivia", 0.3)?)?;
//! let snap = Snapshot::new(&g);
//! let iran = snap.actor_id("iran").unwrap();
//! // petgraph's Dijkstra on the snapshot, with -ln c as the cost
//! let cost = petgraph::algo::dijkstra(&snap, iran, None, |e| -e.weight().confidence().ln());
//! assert_eq!(cost.len(), 3);
//! // petgraph's BFS on the store, through a claimgraph filter
//! let strong = EdgeFiltered(&g, ClaimFilter::new(&g, &Filter::new().min_confidence(0.5)));
//! let mut bfs = Bfs::new(&strong, iran);
//! let mut seen = Vec::new();
//! while let Some(a) = bfs.next(&strong) {
//!     seen.push(g.actor(a).unwrap().key.to_string());
//! }
//! assert_eq!(seen, ["iran", "hezbollah"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::Arc;

use petgraph::visit::{
    Data, EdgeCount, EdgeRef, FilterEdge, GraphBase, GraphProp, IntoEdgeReferences, IntoEdges,
    IntoEdgesDirected, IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers, NodeCount,
    NodeIndexable, VisitMap, Visitable,
};
use petgraph::{Directed, Direction};

use crate::model::Actor;
use crate::query::ReadGraph;
use crate::query::view::{Access, Edge, Packed, Record};
use crate::query::{Compiled, Filter};
use crate::store::{ActorId, ClaimId, ClaimRecord};
use crate::{ClaimGraph, Snapshot};

/// A claim seen by petgraph: its endpoints, id and record.
#[derive(Debug, Clone, Copy)]
pub struct ClaimRef<'a> {
    id: ClaimId,
    source: ActorId,
    target: ActorId,
    packed: Packed,
    record: &'a Arc<ClaimRecord>,
}

impl<'a> ClaimRef<'a> {
    fn new<V: Access>(view: &V, node: u32, e: Edge<'a>) -> Self {
        let (s, t) = if e.outgoing {
            (node, e.other)
        } else {
            (e.other, node)
        };
        ClaimRef {
            id: e.claim,
            source: view.actor_id_at(s),
            target: view.actor_id_at(t),
            packed: e.packed,
            record: e.record(),
        }
    }
}

impl EdgeRef for ClaimRef<'_> {
    type NodeId = ActorId;
    type EdgeId = ClaimId;
    type Weight = ClaimRecord;

    fn source(&self) -> ActorId {
        self.source
    }

    fn target(&self) -> ActorId {
        self.target
    }

    fn weight(&self) -> &ClaimRecord {
        self.record
    }

    fn id(&self) -> ClaimId {
        self.id
    }
}

/// A visited-set of actors: a bit per node index.
#[derive(Debug, Clone, Default)]
pub struct ActorSet {
    bits: Vec<u64>,
}

impl ActorSet {
    fn with_bound(bound: usize) -> Self {
        ActorSet {
            bits: vec![0; bound.div_ceil(64)],
        }
    }
}

impl VisitMap<ActorId> for ActorSet {
    fn visit(&mut self, a: ActorId) -> bool {
        let i = a.index();
        if i / 64 >= self.bits.len() {
            self.bits.resize(i / 64 + 1, 0);
        }
        let (word, bit) = (&mut self.bits[i / 64], 1u64 << (i % 64));
        let first = *word & bit == 0;
        *word |= bit;
        first
    }

    fn is_visited(&self, a: &ActorId) -> bool {
        let i = a.index();
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn unvisit(&mut self, a: ActorId) -> bool {
        let i = a.index();
        match self.bits.get_mut(i / 64) {
            Some(word) => {
                let bit = 1u64 << (i % 64);
                let was = *word & bit != 0;
                *word &= !bit;
                was
            }
            None => false,
        }
    }
}

/// A [`Filter`] resolved against one graph, usable as petgraph's [`FilterEdge`].
#[derive(Debug, Clone)]
pub struct ClaimFilter<'a, V: ?Sized> {
    view: &'a V,
    compiled: Compiled,
}

impl<'a, V: ReadGraph> ClaimFilter<'a, V> {
    /// Resolves `filter` against `view`.
    pub fn new(view: &'a V, filter: &Filter) -> Self {
        ClaimFilter {
            view,
            compiled: filter.compile(view),
        }
    }
}

impl<V: ReadGraph> FilterEdge<ClaimRef<'_>> for ClaimFilter<'_, V> {
    fn include_edge(&self, e: ClaimRef<'_>) -> bool {
        let edge = Edge {
            other: e.target.index() as u32,
            claim: e.id,
            packed: e.packed,
            record: Record::Shared(e.record),
            outgoing: true,
        };
        self.compiled
            .admit(self.view, e.source.index() as u32, &edge)
            .is_some()
    }
}

macro_rules! petgraph_traits {
    ($ty:ty, $count:ident, $claims:ident) => {
        impl GraphBase for $ty {
            type NodeId = ActorId;
            type EdgeId = ClaimId;
        }

        impl Data for $ty {
            type NodeWeight = Actor;
            type EdgeWeight = ClaimRecord;
        }

        impl GraphProp for $ty {
            type EdgeType = Directed;
        }

        impl NodeIndexable for $ty {
            fn node_bound(&self) -> usize {
                Access::node_bound(self)
            }

            fn to_index(&self, a: ActorId) -> usize {
                a.index()
            }

            fn from_index(&self, i: usize) -> ActorId {
                self.actor_id_at(i as u32)
            }
        }

        impl NodeCount for $ty {
            fn node_count(&self) -> usize {
                self.$count()
            }
        }

        impl EdgeCount for $ty {
            fn edge_count(&self) -> usize {
                self.$claims()
            }
        }

        impl Visitable for $ty {
            type Map = ActorSet;

            fn visit_map(&self) -> ActorSet {
                ActorSet::with_bound(Access::node_bound(self))
            }

            fn reset_map(&self, map: &mut ActorSet) {
                map.bits.clear();
                map.bits.resize(Access::node_bound(self).div_ceil(64), 0);
            }
        }

        impl<'a> IntoNodeIdentifiers for &'a $ty {
            type NodeIdentifiers = Box<dyn Iterator<Item = ActorId> + 'a>;

            fn node_identifiers(self) -> Self::NodeIdentifiers {
                Box::new(
                    (0..Access::node_bound(self) as u32)
                        .filter(move |n| self.node_actor(*n).is_some())
                        .map(move |n| self.actor_id_at(n)),
                )
            }
        }

        impl<'a> IntoNeighbors for &'a $ty {
            type Neighbors = Box<dyn Iterator<Item = ActorId> + 'a>;

            fn neighbors(self, a: ActorId) -> Self::Neighbors {
                Box::new(
                    self.out_edges(a.index() as u32)
                        .map(move |e| self.actor_id_at(e.other)),
                )
            }
        }

        impl<'a> IntoNeighborsDirected for &'a $ty {
            type NeighborsDirected = Box<dyn Iterator<Item = ActorId> + 'a>;

            fn neighbors_directed(self, a: ActorId, d: Direction) -> Self::NeighborsDirected {
                let n = a.index() as u32;
                match d {
                    Direction::Outgoing => {
                        Box::new(self.out_edges(n).map(move |e| self.actor_id_at(e.other)))
                    }
                    Direction::Incoming => {
                        Box::new(self.in_edges(n).map(move |e| self.actor_id_at(e.other)))
                    }
                }
            }
        }

        impl<'a> IntoEdgeReferences for &'a $ty {
            type EdgeRef = ClaimRef<'a>;
            type EdgeReferences = Box<dyn Iterator<Item = ClaimRef<'a>> + 'a>;

            fn edge_references(self) -> Self::EdgeReferences {
                Box::new(
                    (0..Access::node_bound(self) as u32).flat_map(move |n| {
                        self.out_edges(n).map(move |e| ClaimRef::new(self, n, e))
                    }),
                )
            }
        }

        impl<'a> IntoEdges for &'a $ty {
            type Edges = Box<dyn Iterator<Item = ClaimRef<'a>> + 'a>;

            fn edges(self, a: ActorId) -> Self::Edges {
                let n = a.index() as u32;
                Box::new(self.out_edges(n).map(move |e| ClaimRef::new(self, n, e)))
            }
        }

        impl<'a> IntoEdgesDirected for &'a $ty {
            type EdgesDirected = Box<dyn Iterator<Item = ClaimRef<'a>> + 'a>;

            fn edges_directed(self, a: ActorId, d: Direction) -> Self::EdgesDirected {
                let n = a.index() as u32;
                match d {
                    Direction::Outgoing => {
                        Box::new(self.out_edges(n).map(move |e| ClaimRef::new(self, n, e)))
                    }
                    Direction::Incoming => {
                        Box::new(self.in_edges(n).map(move |e| ClaimRef::new(self, n, e)))
                    }
                }
            }
        }
    };
}

petgraph_traits!(ClaimGraph, actor_count, claim_count);
petgraph_traits!(Snapshot, actor_count, claim_count);
