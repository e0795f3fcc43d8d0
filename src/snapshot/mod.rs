//! `Snapshot`: a frozen, read-optimised copy of a claim graph in compressed sparse rows.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use petgraph::Direction as PgDirection;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeIndexable, EdgeRef, NodeIndexable};

use crate::ClaimGraph;
use crate::model::{Actor, ActorKey, ActorKind, Claim};
use crate::query::view::{Access, Edge, Packed};
use crate::query::{ClaimView, GraphRef, NameIndex, ReadGraph, Walk};
use crate::store::{
    ActorId, ClaimId, ClaimRecord, ExternalIndex, Generations, GraphTag, LookupError, Tables,
};

/// A row entry's filter fields: 20 bytes, kept in an array parallel to the targets,
/// so an unfiltered walk reads only the 4-byte targets and a filtered one reads two
/// contiguous runs. The confidence is stored as the two halves of its bits to keep
/// the record 4-byte aligned (an `f64` field would pad it to 24).
#[derive(Debug, Clone, Copy)]
struct OutEntry {
    confidence: [u32; 2],
    first_day: i32,
    last_day: i32,
    origins: u16,
    kind: u8,
    flags: u8,
}

impl OutEntry {
    fn new(p: &Packed, mirrored: bool) -> Self {
        let bits = p.confidence.to_bits();
        OutEntry {
            confidence: [bits as u32, (bits >> 32) as u32],
            first_day: p.first_day,
            last_day: p.last_day,
            origins: p.origins,
            kind: p.kind,
            flags: p.flags | if mirrored { MIRRORED } else { 0 },
        }
    }

    #[inline]
    fn packed(&self) -> Packed {
        Packed {
            confidence: f64::from_bits(
                u64::from(self.confidence[0]) | (u64::from(self.confidence[1]) << 32),
            ),
            first_day: self.first_day,
            last_day: self.last_day,
            origins: self.origins,
            kind: self.kind,
            flags: self.flags,
        }
    }
}

/// An incoming directed claim: its source and the position of its entry in the rows.
#[derive(Debug, Clone, Copy)]
struct InEntry {
    source: u32,
    position: u32,
}

/// Flag of a row entry that mirrors a symmetric claim into its object's row.
const MIRRORED: u8 = 1 << 4;

/// A frozen view of a [`ClaimGraph`], built in **O(V + E)**, for fast repeated reads.
///
/// Adjacency is stored as compressed sparse rows, each entry carrying its claim's
/// filter fields (confidence, relation kind, polarity, statement kind, valid-time
/// range as day numbers, independent-origin count), so a filtered traversal reads
/// contiguous memory. A node's row holds the claims it is subject of, then the
/// symmetric claims it is object of (mirrored, since a walk may cross them either
/// way): a forward walk reads one contiguous row. Directed claims entering a node
/// are listed in a second, compact set of rows that point into the first. Claim records and actors are shared
/// with the store through `Arc` and copied by the store before it changes them: the
/// snapshot never observes later mutations.
///
/// A snapshot keeps its store's identity, so [`ActorId`]s and [`ClaimId`]s from
/// either can be used with the other while both hold the item; an id of an item
/// the store added or removed after the snapshot is refused by the side that does
/// not hold it.
///
/// **When to snapshot:** after loading or a batch of changes, before many reads:
/// traversals and analyses over a snapshot avoid the store's linked edge lists. A
/// snapshot costs one pass over the graph; take a new one when the store has
/// changed enough to matter. Every query gives the same answer on both.
///
/// ```
/// use claimgraph::{ClaimGraph, Snapshot};
/// use claimgraph::model::{Actor, ActorKind};
/// let mut g = ClaimGraph::new();
/// g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?)?;
/// let snap = Snapshot::new(&g);
/// g.add_actor(Actor::new("bolivia", ActorKind::State, "Bolivia")?)?;
/// assert_eq!((snap.actor_count(), g.actor_count()), (1, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Snapshot {
    out_offsets: Vec<u32>,
    /// Per node, where its mirrored entries start (absolute position in `out`).
    mirror_from: Vec<u32>,
    targets: Vec<u32>,
    /// The claim slot of each row entry, so traversals report claims without
    /// reading their records.
    ids: Vec<u32>,
    out: Vec<OutEntry>,
    in_offsets: Vec<u32>,
    ins: Vec<InEntry>,
    records: Vec<Arc<ClaimRecord>>,
    actors: Vec<Option<Arc<Actor>>>,
    kinds: Vec<u8>,
    keys: HashMap<ActorKey, u32>,
    tables: Arc<Tables>,
    external: Arc<ExternalIndex>,
    actor_count: usize,
    claim_count: usize,
    /// Per claim slot, the position of its (not mirrored) row entry; built on first use.
    by_id: OnceLock<Vec<u32>>,
    tag: GraphTag,
    actor_generations: Generations,
    claim_generations: Generations,
    name_index: OnceLock<Arc<NameIndex>>,
}

const VACANT: u8 = u8::MAX;

impl Snapshot {
    /// Freezes the current state of `graph`.
    ///
    /// **Complexity:** **O(V + E)** time; about 40 bytes per claim plus 17 per actor
    /// slot of its own memory (claim records and actors are shared).
    pub fn new(graph: &ClaimGraph) -> Self {
        let g = &graph.graph;
        let bound = g.node_bound();
        // Two walks over petgraph's linked edge lists (out, then in), each edge's
        // packed fields computed once; the rows are then filled from flat arrays.
        let mut packed: Vec<Option<Packed>> = vec![None; g.edge_bound()];
        let mut out_order: Vec<(u32, u32)> = Vec::with_capacity(g.edge_count());
        let mut out_len = vec![0u32; bound];
        for (n, len) in out_len.iter_mut().enumerate() {
            for e in g.edges_directed(NodeIndex::new(n), PgDirection::Outgoing) {
                packed[e.id().index()] = Some(Packed::of(e.weight()));
                out_order.push((e.id().index() as u32, e.target().index() as u32));
                *len += 1;
            }
        }
        let mut in_order: Vec<(u32, u32)> = Vec::with_capacity(g.edge_count());
        let mut in_len = vec![0u32; bound];
        for (n, len) in in_len.iter_mut().enumerate() {
            for e in g.edges_directed(NodeIndex::new(n), PgDirection::Incoming) {
                in_order.push((e.id().index() as u32, e.source().index() as u32));
                *len += 1;
            }
        }
        let packed_of = |edge: u32| packed[edge as usize].expect("every edge was seen going out");
        let symmetric = out_order
            .iter()
            .filter(|(e, _)| packed_of(*e).symmetric())
            .count();
        let capacity = out_order.len() + symmetric;
        let weight =
            |edge: u32| Arc::clone(&g[petgraph::stable_graph::EdgeIndex::new(edge as usize)]);
        let mut out_offsets = Vec::with_capacity(bound + 1);
        let mut mirror_from = Vec::with_capacity(bound);
        let mut out = Vec::with_capacity(capacity);
        let mut targets = Vec::with_capacity(capacity);
        let mut ids = Vec::with_capacity(capacity);
        let mut records = Vec::with_capacity(capacity);
        let mut position = vec![u32::MAX; g.edge_bound()];
        let mut in_offsets = Vec::with_capacity(bound + 1);
        let mut ins = Vec::with_capacity(out_order.len() - symmetric);
        let (mut next_out, mut next_in) = (0usize, 0usize);
        out_offsets.push(0);
        in_offsets.push(0);
        for n in 0..bound {
            for &(edge, target) in &out_order[next_out..next_out + out_len[n] as usize] {
                position[edge as usize] = out.len() as u32;
                out.push(OutEntry::new(&packed_of(edge), false));
                targets.push(target);
                ids.push(edge);
                records.push(weight(edge));
            }
            next_out += out_len[n] as usize;
            mirror_from.push(out.len() as u32);
            for &(edge, source) in &in_order[next_in..next_in + in_len[n] as usize] {
                let p = packed_of(edge);
                if p.symmetric() {
                    out.push(OutEntry::new(&p, true));
                    targets.push(source);
                    ids.push(edge);
                    records.push(weight(edge));
                }
            }
            next_in += in_len[n] as usize;
            out_offsets.push(out.len() as u32);
        }
        next_in = 0;
        for n in 0..bound {
            for &(edge, source) in &in_order[next_in..next_in + in_len[n] as usize] {
                if !packed_of(edge).symmetric() {
                    ins.push(InEntry {
                        source,
                        position: position[edge as usize],
                    });
                }
            }
            next_in += in_len[n] as usize;
            in_offsets.push(ins.len() as u32);
        }
        let mut actors = Vec::with_capacity(bound);
        let mut kinds = Vec::with_capacity(bound);
        for n in 0..bound {
            let actor = g.node_weight(NodeIndex::new(n)).cloned();
            kinds.push(actor.as_ref().map_or(VACANT, |a| a.kind as u8));
            actors.push(actor);
        }
        let keys = graph
            .keys
            .iter()
            .map(|(key, slot)| (key.clone(), slot.0.index() as u32))
            .collect();
        Snapshot {
            out_offsets,
            mirror_from,
            targets,
            ids,
            out,
            in_offsets,
            ins,
            records,
            actors,
            kinds,
            keys,
            tables: Arc::clone(&graph.tables),
            external: Arc::clone(&graph.external),
            actor_count: graph.actor_count(),
            claim_count: graph.claim_count(),
            by_id: OnceLock::new(),
            tag: graph.tag,
            actor_generations: graph.actor_generations.clone(),
            claim_generations: graph.claim_generations.clone(),
            name_index: graph.name_index.clone(),
        }
    }

    pub(crate) fn tables(&self) -> &Tables {
        &self.tables
    }

    /// Number of actors (also [`ReadGraph::actor_count`]).
    pub fn actor_count(&self) -> usize {
        self.actor_count
    }

    /// Number of claims (also [`ReadGraph::claim_count`]).
    pub fn claim_count(&self) -> usize {
        self.claim_count
    }

    /// The id of the actor with this key (also [`ReadGraph::actor_id`]).
    pub fn actor_id(&self, key: &str) -> Option<ActorId> {
        ReadGraph::actor_id(self, key)
    }

    /// The actor with this id (also [`ReadGraph::actor`]).
    pub fn actor(&self, id: ActorId) -> Option<&Actor> {
        ReadGraph::actor(self, id)
    }

    /// Finds an actor by key or name (also [`ReadGraph::find`]).
    pub fn find(&self, name: &str) -> Result<ActorId, LookupError> {
        ReadGraph::find(self, name)
    }

    /// The actor with this outside identifier (also [`ReadGraph::find_external`]).
    pub fn find_external(&self, registry: &str, id: &str) -> Result<ActorId, LookupError> {
        ReadGraph::find_external(self, registry, id)
    }

    /// The claim this outside identifier names (also [`ReadGraph::claim_by_external`]).
    pub fn claim_by_external(&self, registry: &str, id: &str) -> Option<ClaimId> {
        ReadGraph::claim_by_external(self, registry, id)
    }

    /// The claim with this id, borrowed (also [`ReadGraph::claim`]). The first
    /// call builds an id index (**O(E)**); later calls are **O(1)**.
    pub fn claim(&self, id: ClaimId) -> Option<ClaimView<'_>> {
        ReadGraph::claim(self, id)
    }

    /// Every claim, borrowed, in id order (also [`ReadGraph::claims`]).
    pub fn claims(&self) -> impl Iterator<Item = ClaimView<'_>> + '_ {
        ReadGraph::claims(self)
    }

    /// Bytes this snapshot allocated itself (adjacency, packed fields, record and
    /// actor pointers, key index entries), excluding the shared claim records, actors
    /// and strings.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.out_offsets.capacity() * size_of::<u32>()
            + self.mirror_from.capacity() * size_of::<u32>()
            + self.in_offsets.capacity() * size_of::<u32>()
            + self.targets.capacity() * size_of::<u32>()
            + self.ids.capacity() * size_of::<u32>()
            + self.out.capacity() * size_of::<OutEntry>()
            + self.ins.capacity() * size_of::<InEntry>()
            + self.records.capacity() * size_of::<Arc<ClaimRecord>>()
            + self.actors.capacity() * size_of::<Option<Arc<Actor>>>()
            + self.kinds.capacity()
            + self.keys.capacity() * (size_of::<(ActorKey, u32)>() + 1)
            + self.actor_generations.heap_bytes()
            + self.claim_generations.heap_bytes()
    }

    #[inline]
    fn in_edge(&self, e: &InEntry) -> Edge<'_> {
        let p = e.position as usize;
        Edge {
            other: e.source,
            claim: self.claim_id_at(self.ids[p]),
            packed: self.out[p].packed(),
            record: &self.records[p],
            outgoing: false,
        }
    }

    #[inline]
    fn row(&self, offsets: &[u32], node: u32) -> std::ops::Range<usize> {
        let n = node as usize;
        if n + 1 >= offsets.len() {
            return 0..0;
        }
        offsets[n] as usize..offsets[n + 1] as usize
    }

    /// Position of each claim slot's entry in its subject's row (`u32::MAX`: none).
    fn positions(&self) -> &[u32] {
        self.by_id.get_or_init(|| {
            let bound = self.ids.iter().max().map_or(0, |m| *m as usize + 1);
            let mut at = vec![u32::MAX; bound];
            for (i, (e, slot)) in self.out.iter().zip(&self.ids).enumerate() {
                if e.flags & MIRRORED == 0 {
                    at[*slot as usize] = i as u32;
                }
            }
            at
        })
    }

    /// The row entries of `node` in `range`, as edges.
    #[inline]
    fn entries(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = Edge<'_>> {
        self.targets[range.clone()]
            .iter()
            .zip(&self.ids[range.clone()])
            .zip(&self.out[range.clone()])
            .zip(&self.records[range])
            .map(|(((&other, &claim), e), r)| Edge {
                other,
                claim: self.claim_id_at(claim),
                packed: e.packed(),
                record: r,
                outgoing: e.flags & MIRRORED == 0,
            })
    }

    /// Where `node`'s original (not mirrored) entries end.
    #[inline]
    fn mirror_start(&self, node: u32) -> usize {
        self.mirror_from
            .get(node as usize)
            .map_or(0, |m| *m as usize)
    }

    /// The source node of the out entry at `position`.
    fn source_of(&self, position: u32) -> u32 {
        // The row whose range holds the position: offsets are sorted.
        (self.out_offsets.partition_point(|&o| o <= position) - 1) as u32
    }
}

impl Access for Snapshot {
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

    fn name_index(&self) -> &NameIndex {
        self.name_index.get_or_init(|| {
            Arc::new(NameIndex::build(
                self.actors
                    .iter()
                    .enumerate()
                    .filter_map(|(n, a)| a.as_deref().map(|a| (n as u32, a))),
            ))
        })
    }

    fn external_index(&self) -> &ExternalIndex {
        &self.external
    }

    fn graph_ref(&self) -> GraphRef<'_> {
        GraphRef::Snapshot(self)
    }

    fn node_bound(&self) -> usize {
        self.actors.len()
    }

    fn node_actor(&self, node: u32) -> Option<&Actor> {
        self.actors.get(node as usize).and_then(|a| a.as_deref())
    }

    #[inline]
    fn node_kind(&self, node: u32) -> Option<ActorKind> {
        match self.kinds.get(node as usize) {
            Some(&k) if k != VACANT => Some(ActorKind::ALL[usize::from(k)]),
            _ => None,
        }
    }

    fn node_of_key(&self, key: &str) -> Option<u32> {
        self.keys.get(key).copied()
    }

    #[inline]
    fn out_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        let row = self.row(&self.out_offsets, node);
        self.entries(row.start..self.mirror_start(node).max(row.start))
    }

    #[inline]
    fn symmetric_in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        let row = self.row(&self.out_offsets, node);
        self.entries(self.mirror_start(node).min(row.end)..row.end)
    }

    #[inline]
    fn directed_in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        let row = self.row(&self.in_offsets, node);
        self.ins[row].iter().map(|e| self.in_edge(e))
    }

    #[inline]
    fn walk_edges(&self, node: u32, walk: Walk) -> impl Iterator<Item = Edge<'_>> {
        // One contiguous row: the node's own claims, then its mirrored symmetric ones.
        let backward = walk == Walk::Backward;
        let directed_in = if walk == Walk::Forward { 0 } else { usize::MAX };
        self.entries(self.row(&self.out_offsets, node))
            .filter(move |e| !backward || e.packed.symmetric())
            .chain(self.directed_in_edges(node).take(directed_in))
    }

    #[inline]
    fn for_each_step<'s>(
        &'s self,
        node: u32,
        filter: &crate::query::Compiled,
        mut visit: impl FnMut(Edge<'s>, f64),
    ) {
        if !filter.fields_only() {
            for e in self.walk_edges(node, filter.walk) {
                if let Some(c) = filter.admit(self, node, &e) {
                    visit(e, c);
                }
            }
            return;
        }
        // The packed fields decide: test them in place, build an edge only for
        // what passes.
        let backward = filter.walk == Walk::Backward;
        let row = self.row(&self.out_offsets, node);
        for (((&other, &claim), e), r) in self.targets[row.clone()]
            .iter()
            .zip(&self.ids[row.clone()])
            .zip(&self.out[row.clone()])
            .zip(&self.records[row])
        {
            if backward && e.flags & crate::query::view::SYMMETRIC == 0 {
                continue;
            }
            let packed = e.packed();
            if let Some(c) = filter.admit_fields(&packed) {
                let outgoing = e.flags & MIRRORED == 0;
                visit(
                    Edge {
                        other,
                        claim: self.claim_id_at(claim),
                        packed,
                        record: r,
                        outgoing,
                    },
                    c,
                );
            }
        }
        if filter.walk != Walk::Forward {
            for e in &self.ins[self.row(&self.in_offsets, node)] {
                let edge = self.in_edge(e);
                if let Some(c) = filter.admit_fields(&edge.packed) {
                    visit(edge, c);
                }
            }
        }
    }

    #[inline]
    fn for_each_target(&self, node: u32, walk: Walk, mut visit: impl FnMut(u32)) {
        let row = self.row(&self.out_offsets, node);
        if walk == Walk::Backward {
            for (t, e) in self.targets[row.clone()].iter().zip(&self.out[row]) {
                if e.flags & crate::query::view::SYMMETRIC != 0 {
                    visit(*t);
                }
            }
        } else {
            for t in &self.targets[row] {
                visit(*t);
            }
        }
        if walk != Walk::Forward {
            for e in &self.ins[self.row(&self.in_offsets, node)] {
                visit(e.source);
            }
        }
    }

    #[inline]
    fn for_each_target_claim(&self, node: u32, walk: Walk, mut visit: impl FnMut(u32, ClaimId)) {
        let row = self.row(&self.out_offsets, node);
        if walk == Walk::Backward {
            for ((t, c), e) in self.targets[row.clone()]
                .iter()
                .zip(&self.ids[row.clone()])
                .zip(&self.out[row])
            {
                if e.flags & crate::query::view::SYMMETRIC != 0 {
                    visit(*t, self.claim_id_at(*c));
                }
            }
        } else {
            for (t, c) in self.targets[row.clone()].iter().zip(&self.ids[row]) {
                visit(*t, self.claim_id_at(*c));
            }
        }
        if walk != Walk::Forward {
            for e in &self.ins[self.row(&self.in_offsets, node)] {
                visit(e.source, self.claim_id_at(self.ids[e.position as usize]));
            }
        }
    }

    #[inline]
    fn walk_targets(&self, node: u32, walk: Walk) -> impl Iterator<Item = u32> {
        let backward = walk == Walk::Backward;
        let directed_in = if walk == Walk::Forward { 0 } else { usize::MAX };
        let row = self.row(&self.out_offsets, node);
        let (forward, back) = if backward {
            (0, usize::MAX)
        } else {
            (usize::MAX, 0)
        };
        // Forward and undirected walks read the targets alone.
        self.targets[row.clone()]
            .iter()
            .take(forward)
            .copied()
            .chain(
                self.targets[row.clone()]
                    .iter()
                    .zip(&self.out[row])
                    .take(back)
                    .filter(|(_, e)| e.flags & crate::query::view::SYMMETRIC != 0)
                    .map(|(t, _)| *t),
            )
            .chain(
                self.ins[self.row(&self.in_offsets, node)]
                    .iter()
                    .take(directed_in)
                    .map(|e| e.source),
            )
    }

    #[inline]
    fn walk_degree(&self, node: u32, walk: Walk) -> usize {
        let (row, ins) = (
            self.row(&self.out_offsets, node).len(),
            self.row(&self.in_offsets, node).len(),
        );
        match walk {
            Walk::Forward => row,
            Walk::Undirected => row + ins,
            Walk::Backward => self.walk_targets(node, walk).count(),
        }
    }

    #[inline]
    fn any_walk_source(&self, node: u32, walk: Walk, mut hit: impl FnMut(u32) -> bool) -> bool {
        // The nodes a step reaches `node` from, cheapest first: the row's mirrored
        // (all symmetric) targets, the directed sources, then the row's own
        // symmetric claims, whose flags must be read.
        let row = self.row(&self.out_offsets, node);
        let ins = &self.ins[self.row(&self.in_offsets, node)];
        match walk {
            Walk::Backward => self.targets[row].iter().any(|&t| hit(t)),
            Walk::Undirected => {
                self.targets[row].iter().any(|&t| hit(t)) || ins.iter().any(|e| hit(e.source))
            }
            Walk::Forward => {
                let mirror = self.mirror_start(node).clamp(row.start, row.end);
                self.targets[mirror..row.end].iter().any(|&t| hit(t))
                    || ins.iter().any(|e| hit(e.source))
                    || self.targets[row.start..mirror]
                        .iter()
                        .zip(&self.out[row.start..mirror])
                        .any(|(&t, e)| e.flags & crate::query::view::SYMMETRIC != 0 && hit(t))
            }
        }
    }

    fn claim_record(&self, id: ClaimId) -> Option<(u32, u32, &Arc<ClaimRecord>)> {
        if id.graph != self.tag || id.generation != self.claim_generations.get(id.slot) {
            return None;
        }
        let p = *self.positions().get(id.slot as usize)?;
        if p == u32::MAX {
            return None;
        }
        Some((
            self.source_of(p),
            self.targets[p as usize],
            &self.records[p as usize],
        ))
    }

    fn all_claims(&self) -> impl Iterator<Item = (u32, u32, &Arc<ClaimRecord>)> {
        (0..self.actors.len() as u32)
            .flat_map(move |n| self.out_edges(n).map(move |e| (n, e.other, e.record)))
    }

    fn materialise(&self, subject: u32, object: u32, record: &ClaimRecord) -> Claim {
        let key = |slot: crate::store::NodeSlot| {
            self.actors[slot.0.index()]
                .as_ref()
                .map(|a| a.key.clone())
                .expect("a snapshot's claims name only its own actors")
        };
        let slot = |n: u32| crate::store::NodeSlot(NodeIndex::new(n as usize));
        self.tables
            .materialise(key, slot(subject), slot(object), record)
    }
}

impl ReadGraph for Snapshot {
    fn actor_count(&self) -> usize {
        self.actor_count
    }

    fn claim_count(&self) -> usize {
        self.claim_count
    }

    fn claim_ids(&self) -> impl Iterator<Item = ClaimId> + '_ {
        self.positions()
            .iter()
            .enumerate()
            .filter(|(_, p)| **p != u32::MAX)
            .map(|(slot, _)| self.claim_id_at(slot as u32))
    }
}
