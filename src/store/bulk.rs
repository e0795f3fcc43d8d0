//! Building a whole store at once from trusted columns (a binary file that passed its
//! checksums): indexes sized once, no per-claim validation of the model, no merge
//! search. What a checksum cannot vouch for is still checked, because a wrong value
//! would make a later query panic: every actor slot a claim or an attribution names
//! exists, every table index is in range, no two claims share a merge key.
//!
//! This is the only place the binary reader touches the store's internals; the
//! writer's counterpart is `io::binary::store::write_store_sections`.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use indexmap::{IndexMap, IndexSet};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};

use super::graph::{EdgeSlot, Evidence, MergeKey, NodeSlot, Tables};
use super::id::{Generations, GraphTag};
use super::voices::VoiceIndex;
use super::{ClaimGraph, ClaimRecord};
use crate::model::{
    Actor, ActorKey, Document, Grade, PartialDate, Polarity, Relation, StatementKind, ValidTime,
};

/// Why bulk columns do not make a store: what is inconsistent, and at which item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BulkError {
    /// Which part: `actors`, `names`, `claims`, `evidence`, `tables`.
    pub(crate) part: &'static str,
    /// What is wrong, naming the item.
    pub(crate) detail: String,
}

fn bad(part: &'static str, detail: String) -> BulkError {
    BulkError { part, detail }
}

/// One attribution in plain numbers: actor slots and table indexes.
#[derive(Debug, Clone)]
pub(crate) struct EvidenceParts<'a> {
    pub(crate) claimant: Option<u32>,
    pub(crate) outlet: Option<u32>,
    pub(crate) relays: &'a [u32],
    pub(crate) document: Option<u32>,
    pub(crate) excerpt: Option<&'a str>,
    pub(crate) reported: Option<PartialDate>,
    pub(crate) grade: Grade,
}

/// One claim in plain numbers; its evidence comes separately.
#[derive(Debug, Clone)]
pub(crate) struct ClaimParts {
    pub(crate) slot: u32,
    pub(crate) subject: u32,
    pub(crate) object: u32,
    pub(crate) relation: u32,
    pub(crate) polarity: Polarity,
    pub(crate) statement: StatementKind,
    pub(crate) valid: ValidTime,
    pub(crate) codes: Box<[u32]>,
    pub(crate) external_ids: Box<[u32]>,
    pub(crate) confidence: f64,
    pub(crate) origins: u32,
}

/// A store under construction. Feed it tables, then actors, then claims in ascending
/// slot order, then [`Bulk::finish`].
#[derive(Debug)]
pub(crate) struct Bulk {
    actor_slots: u32,
    claim_slots: u32,
    /// Actors by slot, `None` for a hole.
    actors: Vec<Option<Arc<Actor>>>,
    keys: IndexMap<ActorKey, NodeSlot>,
    names: IndexMap<String, Vec<NodeSlot>>,
    tables: Tables,
    claims: Vec<(NodeSlot, NodeSlot, ClaimRecord)>,
    merge: HashMap<MergeKey, EdgeSlot>,
    cited: HashMap<NodeSlot, usize>,
    external_claims: HashMap<u32, EdgeSlot>,
    actor_generations: Generations,
    claim_generations: Generations,
}

impl Bulk {
    /// A store of `actor_slots` actor slots holding `actors` actors, and
    /// `claim_slots` claim slots holding `claims` claims.
    pub(crate) fn new(
        actor_slots: u32,
        claim_slots: u32,
        actors: usize,
        claims: usize,
    ) -> Result<Self, BulkError> {
        if actors > actor_slots as usize || claims > claim_slots as usize {
            return Err(bad(
                "counts",
                format!(
                    "{actors} actors in {actor_slots} slots, {claims} claims in {claim_slots} slots"
                ),
            ));
        }
        Ok(Bulk {
            actor_slots,
            claim_slots,
            actors: vec![None; actor_slots as usize],
            keys: IndexMap::with_capacity(actors),
            names: IndexMap::new(),
            tables: Tables::default(),
            claims: Vec::with_capacity(claims),
            merge: HashMap::with_capacity(claims),
            cited: HashMap::new(),
            external_claims: HashMap::new(),
            actor_generations: Generations::default(),
            claim_generations: Generations::default(),
        })
    }

    /// The interned tables claims refer to by number, in their order.
    pub(crate) fn tables(
        &mut self,
        relations: Vec<Relation>,
        documents: Vec<Document>,
        codes: Vec<String>,
        external_ids: Vec<String>,
    ) -> Result<(), BulkError> {
        fn set<T: std::hash::Hash + Eq>(
            items: Vec<T>,
            what: &'static str,
        ) -> Result<IndexSet<T>, BulkError> {
            let n = items.len();
            let set: IndexSet<T> = items.into_iter().collect();
            if set.len() != n {
                return Err(bad("tables", format!("the {what} table repeats a value")));
            }
            Ok(set)
        }
        self.tables = Tables {
            relations: set(relations, "relation")?,
            documents: set(documents, "document")?,
            codes: set(codes, "code")?,
            external_ids: set(external_ids, "external id")?,
        };
        Ok(())
    }

    /// The next actor in insertion order, in `slot`.
    pub(crate) fn actor(&mut self, slot: u32, actor: Actor) -> Result<(), BulkError> {
        let Some(place) = self.actors.get_mut(slot as usize) else {
            return Err(bad(
                "actors",
                format!(
                    "actor `{}`: slot {slot} past {} slots",
                    actor.key, self.actor_slots
                ),
            ));
        };
        if place.is_some() {
            return Err(bad(
                "actors",
                format!("actor `{}`: slot {slot} taken twice", actor.key),
            ));
        }
        let node = NodeSlot(NodeIndex::new(slot as usize));
        if let Some(other) = self.keys.insert(actor.key.clone(), node) {
            return Err(bad(
                "actors",
                format!(
                    "key `{}` in slots {} and {slot}",
                    actor.key,
                    other.0.index()
                ),
            ));
        }
        *place = Some(Arc::new(actor));
        Ok(())
    }

    fn node(
        &self,
        slot: u32,
        part: &'static str,
        what: &dyn Fn() -> String,
    ) -> Result<NodeSlot, BulkError> {
        match self.actors.get(slot as usize) {
            Some(Some(_)) => Ok(NodeSlot(NodeIndex::new(slot as usize))),
            _ => Err(bad(part, format!("{}: no actor in slot {slot}", what()))),
        }
    }

    /// One entry of the folded-name index: the actors (slots, ascending) going by
    /// `folded`. Entries come in the index's order.
    pub(crate) fn name(&mut self, folded: String, slots: &[u32]) -> Result<(), BulkError> {
        let mut ids = Vec::with_capacity(slots.len());
        for &slot in slots {
            let node = self.node(slot, "names", &|| format!("name `{folded}`"))?;
            if ids.last().is_some_and(|last| *last >= node) {
                return Err(bad(
                    "names",
                    format!("name `{folded}`: slots not ascending"),
                ));
            }
            ids.push(node);
        }
        if self.names.insert(folded.clone(), ids).is_some() {
            return Err(bad("names", format!("name `{folded}` twice")));
        }
        Ok(())
    }

    /// The next claim, in ascending slot order, with its evidence.
    pub(crate) fn claim<'a>(
        &mut self,
        c: ClaimParts,
        evidence: impl ExactSizeIterator<Item = EvidenceParts<'a>>,
    ) -> Result<(), BulkError> {
        let slot = c.slot;
        let label = || format!("claim {slot}");
        if slot >= self.claim_slots {
            return Err(bad(
                "claims",
                format!("claim slot {slot} past {} slots", self.claim_slots),
            ));
        }
        if let Some((_, _, last)) = self.claims.last()
            && last.slot() >= slot
        {
            return Err(bad(
                "claims",
                format!("claim slot {slot} after slot {}", last.slot()),
            ));
        }
        let subject = self.node(c.subject, "claims", &label)?;
        let object = self.node(c.object, "claims", &label)?;
        let relation = self
            .tables
            .relations
            .get_index(c.relation as usize)
            .ok_or_else(|| {
                bad(
                    "claims",
                    format!("claim {slot}: relation {} past the table", c.relation),
                )
            })?;
        let kind = relation.kind();
        for (ix, len, what) in [
            (&c.codes, self.tables.codes.len(), "code"),
            (
                &c.external_ids,
                self.tables.external_ids.len(),
                "external id",
            ),
        ] {
            if let Some(x) = ix.iter().find(|&&x| x as usize >= len) {
                return Err(bad(
                    "claims",
                    format!("claim {slot}: {what} {x} past the table"),
                ));
            }
        }
        let edge = EdgeSlot(EdgeIndex::new(slot as usize));
        let mut stored = Vec::with_capacity(evidence.len());
        for e in evidence {
            let source = |s: Option<u32>| s.map(|s| self.node(s, "evidence", &label)).transpose();
            let relays = e
                .relays
                .iter()
                .map(|&r| self.node(r, "evidence", &label))
                .collect::<Result<Box<[NodeSlot]>, _>>()?;
            if let Some(d) = e.document
                && d as usize >= self.tables.documents.len()
            {
                return Err(bad(
                    "evidence",
                    format!("claim {slot}: document {d} past the table"),
                ));
            }
            stored.push(Evidence {
                claimant: source(e.claimant)?,
                outlet: source(e.outlet)?,
                relays,
                document: e.document,
                excerpt: e.excerpt.map(Box::from),
                reported: e.reported,
                grade: e.grade,
            });
        }
        let key = MergeKey {
            subject,
            object,
            relation: c.relation,
            polarity: c.polarity,
            valid: c.valid,
        };
        if let Some(other) = self.merge.insert(key, edge) {
            return Err(bad(
                "claims",
                format!("claims {} and {slot} have the same key", other.0.index()),
            ));
        }
        // Each distinct source once per claim, as the store counts them.
        let mut sources: Vec<NodeSlot> = stored.iter().flat_map(Evidence::chain).collect();
        sources.sort_unstable();
        sources.dedup();
        for s in sources {
            *self.cited.entry(s).or_default() += 1;
        }
        for &x in c.external_ids.iter() {
            self.external_claims.entry(x).or_insert(edge);
        }
        self.claims.push((
            subject,
            object,
            ClaimRecord {
                id: edge,
                kind,
                relation: c.relation,
                polarity: c.polarity,
                statement: c.statement,
                valid: c.valid,
                codes: c.codes,
                external_ids: c.external_ids,
                evidence: stored,
                confidence: c.confidence,
                origins: c.origins,
                // Built by the first merge into a large claim (`add_evidence`); its
                // value is the one combine_by gives, to the bit, so nothing is lost.
                voices: VoiceIndex::default(),
            },
        ));
        Ok(())
    }

    /// The slots' generations (how often each slot's item was removed).
    pub(crate) fn generations(&mut self, actors: Vec<u32>, claims: Vec<u32>) {
        self.actor_generations = Generations(actors);
        self.claim_generations = Generations(claims);
    }

    /// The store, every item in its slot.
    pub(crate) fn finish(self) -> Result<ClaimGraph, BulkError> {
        let Bulk {
            actors,
            keys,
            names,
            tables,
            claims,
            merge,
            cited,
            external_claims,
            actor_generations,
            claim_generations,
            claim_slots,
            ..
        } = self;
        if keys.len() != actors.iter().filter(|a| a.is_some()).count() {
            return Err(bad("actors", "fewer actors than declared".to_owned()));
        }
        let mut graph: StableDiGraph<Arc<Actor>, Arc<ClaimRecord>, u32> =
            StableDiGraph::with_capacity(actors.len() + 1, claim_slots as usize);
        // Holes are filled by placeholders and removed again, so that every item
        // lands in its own slot.
        let placeholder = match actors.iter().flatten().next() {
            Some(a) => Arc::clone(a),
            None => {
                return if claims.is_empty() {
                    Ok(assemble(
                        graph,
                        keys,
                        names,
                        tables,
                        merge,
                        cited,
                        external_claims,
                        actor_generations,
                        claim_generations,
                    ))
                } else {
                    Err(bad("claims", "claims but no actors".to_owned()))
                };
            }
        };
        let mut node_holes = Vec::new();
        for actor in actors {
            match actor {
                Some(a) => {
                    graph.add_node(a);
                }
                None => {
                    node_holes.push(graph.add_node(Arc::clone(&placeholder)));
                }
            }
        }
        let edge_bound = claims.last().map_or(0, |(_, _, r)| r.slot() + 1);
        let mut holes = Vec::new();
        // Placeholder edges hang on a node of their own, in a list nothing else is
        // in: removing them newest first unlinks each at the head of that list.
        let anchor = if edge_bound as usize > claims.len() {
            Some(graph.add_node(Arc::clone(&placeholder)))
        } else {
            None
        };
        let mut next = 0u32;
        let blank = ClaimRecord {
            id: EdgeSlot(EdgeIndex::end()),
            kind: crate::model::RelationKind::Custom,
            relation: 0,
            polarity: Polarity::Asserted,
            statement: StatementKind::default(),
            valid: ValidTime::ALWAYS,
            codes: Box::default(),
            external_ids: Box::default(),
            evidence: Vec::new(),
            confidence: 0.0,
            origins: 0,
            voices: VoiceIndex::default(),
        };
        let blank = Arc::new(blank);
        for (s, o, record) in claims {
            while next < record.slot() {
                if let Some(anchor) = anchor {
                    holes.push(graph.add_edge(anchor, anchor, Arc::clone(&blank)));
                }
                next += 1;
            }
            graph.add_edge(s.0, o.0, Arc::new(record));
            next += 1;
        }
        for hole in holes.into_iter().rev() {
            graph.remove_edge(hole);
        }
        if let Some(anchor) = anchor {
            graph.remove_node(anchor);
        }
        for hole in node_holes {
            graph.remove_node(hole);
        }
        Ok(assemble(
            graph,
            keys,
            names,
            tables,
            merge,
            cited,
            external_claims,
            actor_generations,
            claim_generations,
        ))
    }
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    graph: StableDiGraph<Arc<Actor>, Arc<ClaimRecord>, u32>,
    keys: IndexMap<ActorKey, NodeSlot>,
    names: IndexMap<String, Vec<NodeSlot>>,
    tables: Tables,
    merge: HashMap<MergeKey, EdgeSlot>,
    cited: HashMap<NodeSlot, usize>,
    external_claims: HashMap<u32, EdgeSlot>,
    actor_generations: Generations,
    claim_generations: Generations,
) -> ClaimGraph {
    let mut external = super::ExternalIndex {
        claims: external_claims,
        actors: HashMap::new(),
    };
    for &slot in keys.values() {
        for (registry, value) in &graph[slot.0].external_ids {
            // Actors come in slot order below, so each list stays ascending.
            external
                .actors
                .entry(registry.clone())
                .or_default()
                .entry(value.clone())
                .or_default()
                .push(slot);
        }
    }
    for by_value in external.actors.values_mut() {
        for slots in by_value.values_mut() {
            slots.sort_unstable();
        }
    }
    ClaimGraph {
        graph,
        tag: GraphTag::fresh(),
        actor_generations,
        claim_generations,
        name_index: OnceLock::new(),
        keys,
        names,
        tables: Arc::new(tables),
        merge,
        external: Arc::new(external),
        cited,
    }
}

impl ClaimGraph {
    /// The slots' generations, actors then claims, for the binary writer.
    pub(crate) fn generations(&self) -> (&[u32], &[u32]) {
        (&self.actor_generations.0, &self.claim_generations.0)
    }
}
