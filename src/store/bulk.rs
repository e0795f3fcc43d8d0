//! Building a whole store at once from trusted columns (a binary file that passed its
//! checksums): indexes sized once, no per-claim validation of the model, no merge
//! search. What a checksum cannot vouch for is still checked, because a wrong value
//! would make a later query panic: every actor slot a claim or an attribution names
//! exists, every table index is in range, no two claims share a merge key.
//!
//! Records are built in the store's compact layout directly (packed attributions,
//! relays pooled per claim, excerpts interned); the merge index is filled once
//! the graph holds every claim, since it hashes keys read back from the graph.
//!
//! This is the only place the binary reader touches the store's internals; the
//! writer's counterpart is `io::binary::store::write_store_sections`.

use std::sync::{Arc, OnceLock};

use hashbrown::{DefaultHashBuilder, HashMap, HashTable};
use indexmap::IndexMap;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};

use super::graph::{EdgeSlot, Extra, NodeSlot, Tables};
use super::id::{Generations, GraphTag};
use super::interned::Interned;
use super::packed::{NONE, POOLED, PackedDate, PackedGrade, PackedValid, StoredEvidence};
use super::voices::VoiceIndex;
use super::{ClaimGraph, ClaimRecord};
use crate::model::{
    Actor, ActorKey, Document, Grade, PartialDate, Polarity, Relation, StatementKind, ValidTime,
};

type Keys = IndexMap<ActorKey, NodeSlot, DefaultHashBuilder>;
type Names = IndexMap<String, Vec<NodeSlot>, DefaultHashBuilder>;

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
    /// A number [`Bulk::excerpts`] gave.
    pub(crate) excerpt: Option<u32>,
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

/// One claim's record and its ends, made by [`Bulk::record`].
#[derive(Debug)]
pub(crate) struct BulkClaim {
    subject: NodeSlot,
    object: NodeSlot,
    record: Arc<ClaimRecord>,
    /// Its key's hash in the merge index, made while the record is in cache.
    key_hash: u64,
}

/// A store under construction. Feed it tables, then actors, then claims in ascending
/// slot order ([`Bulk::record`], [`Bulk::claims`]), then [`Bulk::finish`].
#[derive(Debug)]
pub(crate) struct Bulk {
    actor_slots: u32,
    claim_slots: u32,
    /// Actors by slot, `None` for a hole.
    actors: Vec<Option<Arc<Actor>>>,
    keys: Keys,
    names: Names,
    tables: Tables,
    claims: Vec<BulkClaim>,
    /// Claims citing each actor slot: counted densely, made a map once at the end.
    cited: Vec<u32>,
    external_claims: std::collections::HashMap<u32, EdgeSlot>,
    actor_generations: Generations,
    claim_generations: Generations,
    /// The merge index's hasher, which [`Bulk::record`] hashes claims' keys with.
    merge_hasher: DefaultHashBuilder,
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
            keys: IndexMap::with_capacity_and_hasher(actors, DefaultHashBuilder::default()),
            names: IndexMap::default(),
            tables: Tables::default(),
            claims: Vec::with_capacity(claims),
            cited: vec![0; actor_slots as usize],
            external_claims: std::collections::HashMap::new(),
            actor_generations: Generations::default(),
            claim_generations: Generations::default(),
            merge_hasher: DefaultHashBuilder::default(),
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
        ) -> Result<Interned<T>, BulkError> {
            let mut set = Interned::with_capacity(items.len());
            for item in items {
                if !set.insert_full(item).1 {
                    return Err(bad("tables", format!("the {what} table repeats a value")));
                }
            }
            Ok(set)
        }
        self.tables = Tables {
            relations: set(relations, "relation")?,
            documents: set(documents, "document")?,
            codes: set(codes, "code")?,
            external_ids: set(external_ids, "external id")?,
            excerpts: Interned::default(),
        };
        Ok(())
    }

    /// The excerpts attributions name, interned: the number of each in the store's
    /// table, by its position in `list` (a list may repeat an excerpt).
    pub(crate) fn excerpts(&mut self, list: Vec<&str>) -> Vec<u32> {
        let excerpts = &mut self.tables.excerpts;
        *excerpts = Interned::with_capacity(list.len());
        list.into_iter()
            .map(|x| {
                let hash = excerpts.hash(x);
                match excerpts.find(hash, x) {
                    Some(i) => i as u32,
                    None => excerpts.insert_new(hash, Box::from(x)) as u32,
                }
            })
            .collect()
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

    /// The record of one claim, with its evidence, checked against the tables and
    /// actors; `previous` is the slot of the claim before it in the file, since
    /// claims come in ascending slot order. Each distinct source of the claim is
    /// appended to `cited`. Takes `&self`, so that claims may be decoded in parallel;
    /// [`Bulk::claims`] then adds them in order.
    pub(crate) fn record<'a>(
        &self,
        c: ClaimParts,
        previous: Option<u32>,
        evidence: impl ExactSizeIterator<Item = EvidenceParts<'a>>,
        cited: &mut Vec<u32>,
    ) -> Result<BulkClaim, BulkError> {
        let slot = c.slot;
        let label = || format!("claim {slot}");
        if slot >= self.claim_slots {
            return Err(bad(
                "claims",
                format!("claim slot {slot} past {} slots", self.claim_slots),
            ));
        }
        if let Some(last) = previous
            && last >= slot
        {
            return Err(bad(
                "claims",
                format!("claim slot {slot} after slot {last}"),
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
        let mut pool = Vec::new();
        let first_source = cited.len();
        for e in evidence {
            let source = |s: Option<u32>| {
                s.map_or(Ok(NONE), |s| self.node(s, "evidence", &label).map(|_| s))
            };
            let (claimant, outlet) = (source(e.claimant)?, source(e.outlet)?);
            for &r in e.relays {
                self.node(r, "evidence", &label)?;
            }
            let relays = match e.relays {
                [] => NONE,
                [one] if *one < POOLED => *one,
                many => {
                    let at = POOLED + pool.len() as u32;
                    pool.push(many.len() as u32);
                    pool.extend_from_slice(many);
                    at
                }
            };
            // An index into a table the file holds, or NONE.
            let within = |index: Option<u32>, len: usize, what: &str| match index {
                Some(i) if i as usize >= len => Err(bad(
                    "evidence",
                    format!("claim {slot}: {what} {i} past the table"),
                )),
                Some(i) => Ok(i),
                None => Ok(NONE),
            };
            let document = within(e.document, self.tables.documents.len(), "document")?;
            let excerpt = within(e.excerpt, self.tables.excerpts.len(), "excerpt")?;
            cited.extend([claimant, outlet].into_iter().filter(|s| *s != NONE));
            cited.extend_from_slice(e.relays);
            stored.push(StoredEvidence {
                grade: PackedGrade::pack(e.grade),
                claimant,
                outlet,
                document,
                excerpt,
                reported: PackedDate::pack(e.reported),
                relays,
            });
        }
        // Each distinct source once per claim, as the store counts them.
        cited[first_source..].sort_unstable();
        let mut kept = first_source;
        for i in first_source..cited.len() {
            if kept == first_source || cited[kept - 1] != cited[i] {
                cited[kept] = cited[i];
                kept += 1;
            }
        }
        cited.truncate(kept);
        let extra =
            (!pool.is_empty() || !c.codes.is_empty() || !c.external_ids.is_empty()).then(|| {
                Box::new(Extra {
                    codes: c.codes,
                    external_ids: c.external_ids,
                    relays: pool,
                    // Built by the first merge into a large claim (`add_evidence`);
                    // its value is the one combine_by gives, to the bit, so nothing
                    // is lost.
                    voices: VoiceIndex::default(),
                })
            });
        let record = ClaimRecord {
            id: edge,
            kind,
            relation: c.relation,
            polarity: c.polarity,
            statement: c.statement,
            valid: PackedValid::pack(c.valid),
            evidence: stored,
            extra,
            confidence: c.confidence,
            origins: c.origins,
        };
        Ok(BulkClaim {
            subject,
            object,
            key_hash: ClaimGraph::record_key_hash(&self.merge_hasher, subject, object, &record),
            record: Arc::new(record),
        })
    }

    /// Adds the next claims (made by [`Bulk::record`], in file order), with the
    /// distinct sources `record` listed for them.
    pub(crate) fn claims(&mut self, claims: Vec<BulkClaim>, cited: &[u32]) {
        for &s in cited {
            // `record` checked that every source is an actor slot.
            self.cited[s as usize] += 1;
        }
        for c in &claims {
            for &x in c.record.external_ids() {
                self.external_claims.entry(x).or_insert(c.record.id);
            }
        }
        self.claims.extend(claims);
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
            cited,
            external_claims,
            actor_generations,
            claim_generations,
            claim_slots,
            merge_hasher,
            ..
        } = self;
        if keys.len() != actors.iter().filter(|a| a.is_some()).count() {
            return Err(bad("actors", "fewer actors than declared".to_owned()));
        }
        let cited: HashMap<NodeSlot, usize> = cited
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(slot, n)| (NodeSlot(NodeIndex::new(slot)), *n as usize))
            .collect();
        let mut graph: StableDiGraph<Arc<Actor>, Arc<ClaimRecord>, u32> =
            StableDiGraph::with_capacity(actors.len() + 1, claim_slots as usize);
        // Holes are filled by placeholders and removed again, so that every item
        // lands in its own slot.
        let placeholder = match actors.iter().flatten().next() {
            Some(a) => Arc::clone(a),
            None => {
                return if claims.is_empty() {
                    assemble(
                        graph,
                        keys,
                        names,
                        tables,
                        cited,
                        external_claims,
                        actor_generations,
                        claim_generations,
                        (merge_hasher, Vec::new()),
                    )
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
        let edge_bound = claims.last().map_or(0, |c| c.record.slot() + 1);
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
            valid: PackedValid::pack(ValidTime::ALWAYS),
            evidence: Vec::new(),
            extra: None,
            confidence: 0.0,
            origins: 0,
        };
        let blank = Arc::new(blank);
        let mut hashed = Vec::with_capacity(claims.len());
        for BulkClaim {
            subject: s,
            object: o,
            record,
            key_hash,
        } in claims
        {
            while next < record.slot() {
                if let Some(anchor) = anchor {
                    holes.push(graph.add_edge(anchor, anchor, Arc::clone(&blank)));
                }
                next += 1;
            }
            hashed.push((EdgeSlot(graph.add_edge(s.0, o.0, record)), key_hash));
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
        assemble(
            graph,
            keys,
            names,
            tables,
            cited,
            external_claims,
            actor_generations,
            claim_generations,
            (merge_hasher, hashed),
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    graph: StableDiGraph<Arc<Actor>, Arc<ClaimRecord>, u32>,
    keys: Keys,
    names: Names,
    tables: Tables,
    cited: HashMap<NodeSlot, usize>,
    external_claims: std::collections::HashMap<u32, EdgeSlot>,
    actor_generations: Generations,
    claim_generations: Generations,
    (merge_hasher, hashed): (DefaultHashBuilder, Vec<(EdgeSlot, u64)>),
) -> Result<ClaimGraph, BulkError> {
    let mut external = super::ExternalIndex {
        claims: external_claims,
        actors: std::collections::HashMap::new(),
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
    let claims = graph.edge_count();
    let mut g = ClaimGraph {
        graph,
        tag: GraphTag::fresh(),
        actor_generations,
        claim_generations,
        name_index: OnceLock::new(),
        keys,
        names,
        tables: Arc::new(tables),
        merge: HashTable::with_capacity(claims),
        merge_hasher,
        external: Arc::new(external),
        cited,
    };
    // Claims in slot order, so the error names the later of two.
    for (e, hash) in hashed {
        if let Some(other) = g.index_claim_key(e, hash) {
            return Err(bad(
                "claims",
                format!(
                    "claims {} and {} have the same key",
                    other.0.index(),
                    e.0.index()
                ),
            ));
        }
    }
    Ok(g)
}

impl ClaimGraph {
    /// The slots' generations, actors then claims, for the binary writer.
    pub(crate) fn generations(&self) -> (&[u32], &[u32]) {
        (&self.actor_generations.0, &self.claim_generations.0)
    }
}
