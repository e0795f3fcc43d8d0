//! The mutable claim graph: actors as nodes, claims as edges of a petgraph `StableGraph`.

use std::sync::{Arc, OnceLock};

use hashbrown::{DefaultHashBuilder, HashMap, HashTable};
use indexmap::IndexMap;
use petgraph::Direction as PgDirection;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use super::id::{Generations, GraphTag};
use super::interned::Interned;
use super::packed::{
    Evidence, NONE, POOLED, PackedDate, PackedGrade, PackedValid, StoredEvidence, derive,
};
use super::voices::{INDEX_FROM, VoiceIndex, Voices};
use super::{ActorId, ClaimId, StoreError};
use crate::model::{
    Actor, ActorKey, Attribution, Claim, Document, Polarity, Relation, RelationKind, StatementKind,
    ValidTime, fold_name,
};
use crate::query::NameIndex;

/// An actor's slot inside the store: what the store's own indexes and evidence
/// hold. Public [`ActorId`]s add the graph's identity and the slot's generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NodeSlot(pub(crate) NodeIndex<u32>);

/// A claim's slot inside the store; see [`NodeSlot`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct EdgeSlot(pub(crate) EdgeIndex<u32>);

/// An attribution interned for the store and not yet added to a claim: its
/// fields, and, unless it has at most one relay, its relays as a pool of their own
/// (`[count, relays..]`, which `relays` points at with position 0).
#[derive(Debug, Clone)]
pub(crate) struct NewEvidence {
    stored: StoredEvidence,
    pool: Vec<u32>,
}

impl NewEvidence {
    fn view(&self) -> Evidence<'_> {
        Evidence {
            stored: &self.stored,
            pool: &self.pool,
        }
    }
}

/// A claim as stored on an edge, with its derived confidence: what petgraph
/// algorithms see as the edge weight of a [`ClaimGraph`] or a
/// [`Snapshot`](crate::Snapshot).
///
/// 64 bytes: the fields every claim has, its attributions at 32 bytes each, and
/// one pointer to what few claims have (codes, external ids, relays, a voice
/// index), null when they have none.
///
/// Shared with snapshots through `Arc`: a mutation copies it first, so a snapshot
/// never sees later changes.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRecord {
    pub(crate) id: EdgeSlot,
    pub(crate) relation: u32,
    pub(crate) origins: u32,
    pub(crate) kind: RelationKind,
    pub(crate) polarity: Polarity,
    pub(crate) statement: StatementKind,
    pub(super) valid: PackedValid,
    pub(crate) confidence: f64,
    pub(super) evidence: Vec<StoredEvidence>,
    pub(super) extra: Option<Box<Extra>>,
}

/// What a claim record holds only when it has some.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Extra {
    pub(super) codes: Box<[u32]>,
    pub(super) external_ids: Box<[u32]>,
    /// The relays of the attributions with more than one (or with one past
    /// `POOLED`), each run preceded by its count.
    pub(super) relays: Vec<u32>,
    /// Kept once the claim has more than a few attributions (see `voices.rs`).
    pub(super) voices: VoiceIndex,
}

impl ClaimRecord {
    /// The claim's slot in its graph.
    pub(crate) fn slot(&self) -> u32 {
        self.id.0.index() as u32
    }

    /// The claim's confidence, derived from all its evidence.
    pub fn confidence(&self) -> f64 {
        self.confidence
    }

    /// The number of independent origins of its evidence.
    pub fn origins(&self) -> usize {
        self.origins as usize
    }

    /// The kind of its relation.
    pub fn relation_kind(&self) -> RelationKind {
        self.kind
    }

    /// Asserted or denied.
    pub fn polarity(&self) -> Polarity {
        self.polarity
    }

    /// Event, tie or assessment.
    pub fn statement(&self) -> StatementKind {
        self.statement
    }

    /// When the claim holds.
    pub fn valid(&self) -> ValidTime {
        self.valid.unpack()
    }

    /// Its attributions, in the order they were added.
    #[inline]
    pub(crate) fn evidence(&self) -> impl ExactSizeIterator<Item = Evidence<'_>> + Clone + '_ {
        let pool = self.pool();
        self.evidence
            .iter()
            .map(move |stored| Evidence { stored, pool })
    }

    /// Its attribution number `i`.
    pub(crate) fn evidence_at(&self, i: usize) -> Evidence<'_> {
        Evidence {
            stored: &self.evidence[i],
            pool: self.pool(),
        }
    }

    #[inline]
    fn pool(&self) -> &[u32] {
        self.extra.as_deref().map_or(&[], |x| &x.relays)
    }

    /// Its codes' numbers in `Tables::codes`, ascending.
    pub(crate) fn codes(&self) -> &[u32] {
        self.extra.as_deref().map_or(&[], |x| &x.codes)
    }

    /// Its external ids' numbers in `Tables::external_ids`, ascending.
    pub(crate) fn external_ids(&self) -> &[u32] {
        self.extra.as_deref().map_or(&[], |x| &x.external_ids)
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// Appends an attribution, its relays to the pool.
    fn push_evidence(&mut self, e: &NewEvidence) {
        let mut stored = e.stored.clone();
        if !e.pool.is_empty() {
            let pool = &mut self.extra_mut().relays;
            stored.relays = POOLED + pool.len() as u32;
            pool.extend_from_slice(&e.pool);
        }
        self.evidence.push(stored);
    }

    /// Adds an attribution unless the claim already has the same one (see
    /// [`Evidence::same_attribution`]) and keeps confidence and origins current;
    /// `cited` receives each source the claim did not cite before. Returns whether
    /// it was added.
    ///
    /// **Complexity:** **O(1)** amortised plus **O(log v)** for v voices once the
    /// claim holds more than [`INDEX_FROM`] attributions; below that, a scan of the
    /// few it has.
    fn add_evidence(&mut self, e: &NewEvidence, cited: &mut dyn FnMut(NodeSlot)) -> bool {
        let new = e.view();
        let indexed = self.extra.as_mut().and_then(|x| x.voices.0.take());
        if let Some(mut voices) = indexed {
            let added = !voices.contains(self, new);
            if added {
                voices.push(self.evidence.len() as u32, new, cited);
                self.push_evidence(e);
                let d = voices.derived();
                self.confidence = d.value;
                self.origins = d.origins as u32;
            }
            self.extra_mut().voices = VoiceIndex(Some(voices));
            return added;
        }
        if self.evidence().any(|x| x.same_attribution(new)) {
            return false;
        }
        for (i, source) in new.chain().enumerate() {
            let earlier_in_chain = new.chain().take(i).any(|s| s == source);
            if !earlier_in_chain && !self.evidence().any(|x| x.chain().any(|s| s == source)) {
                cited(source);
            }
        }
        self.push_evidence(e);
        let d = if self.evidence.len() > INDEX_FROM {
            let voices = Voices::build(self);
            let d = voices.derived();
            self.extra_mut().voices = VoiceIndex(Some(Box::new(voices)));
            d
        } else {
            derive(self.evidence())
        };
        self.confidence = d.value;
        self.origins = d.origins as u32;
        true
    }
}

/// The distinct sources (claimants, outlets, relays) of a claim, sorted.
fn distinct_sources(record: &ClaimRecord) -> Vec<NodeSlot> {
    let mut sources: Vec<NodeSlot> = record.evidence().flat_map(Evidence::chain).collect();
    sources.sort_unstable();
    sources.dedup();
    sources
}

/// Interned values claims refer to by number. Shared with snapshots through `Arc`
/// and copied on the first write after a snapshot was taken.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    pub(crate) relations: Interned<Relation>,
    pub(crate) documents: Interned<Document>,
    pub(crate) codes: Interned<String>,
    /// Claims' external ids (`gdelt:410412347`).
    pub(crate) external_ids: Interned<String>,
    /// Attributions' excerpts.
    pub(crate) excerpts: Interned<Box<str>>,
}

impl Tables {
    /// The model claim of a record, with actor keys given by `key`.
    pub(crate) fn materialise(
        &self,
        key: impl Fn(NodeSlot) -> ActorKey,
        s: NodeSlot,
        o: NodeSlot,
        record: &ClaimRecord,
    ) -> Claim {
        Claim {
            subject: key(s),
            relation: self.relations[record.relation as usize].clone(),
            object: key(o),
            polarity: record.polarity,
            valid: record.valid(),
            statement: record.statement,
            codes: record
                .codes()
                .iter()
                .map(|c| self.codes[*c as usize].clone())
                .collect(),
            external_ids: record
                .external_ids()
                .iter()
                .map(|x| self.external_ids[*x as usize].clone())
                .collect(),
            evidence: record
                .evidence()
                .map(|e| Attribution {
                    claimant: e.claimant().map(&key),
                    outlet: e.outlet().map(&key),
                    relays: e.relays().map(&key).collect(),
                    document: e.document().map(|d| self.documents[d as usize].clone()),
                    excerpt: e.excerpt().map(|x| self.excerpts[x as usize].to_string()),
                    reported: e.reported(),
                    grade: e.grade(),
                })
                .collect(),
        }
    }
}

/// Claims and actors by their identifiers in outside data (`gdelt:410412347`,
/// `wikidata` `Q794`). Shared with snapshots through `Arc` and copied on the first
/// write after a snapshot was taken, like [`Tables`].
#[derive(Debug, Clone, Default)]
pub struct ExternalIndex {
    /// The claim each claim id names, by the id's number in `Tables::external_ids`.
    pub(crate) claims: std::collections::HashMap<u32, EdgeSlot>,
    /// The actors carrying each actor id, by registry then id, ascending.
    pub(crate) actors:
        std::collections::HashMap<String, std::collections::HashMap<String, Vec<NodeSlot>>>,
}

/// What identifies a claim besides its endpoints (see [`ClaimKey`](crate::model::ClaimKey)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct KeyRest {
    relation: u32,
    polarity: Polarity,
    valid: PackedValid,
}

impl KeyRest {
    fn of(record: &ClaimRecord) -> KeyRest {
        KeyRest {
            relation: record.relation,
            polarity: record.polarity,
            valid: record.valid,
        }
    }
}

/// What [`ClaimGraph::add_claim`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new claim was created.
    New(ClaimId),
    /// The evidence merged into an existing claim with the same key.
    Merged(ClaimId),
}

impl Added {
    /// The claim's id either way.
    pub fn id(self) -> ClaimId {
        match self {
            Added::New(id) | Added::Merged(id) => id,
        }
    }
}

/// The mutable claim graph: actors and the claims sources make about them.
///
/// Actors are nodes and claims are edges of a petgraph [`StableGraph`](petgraph::stable_graph::StableGraph),
/// so ids survive removals of other items. Indexes from keys and from every folded
/// name find actors; evidence for an existing (subject, relation, object, polarity,
/// valid time) merges into that claim. Every mutation validates first and changes
/// nothing when it fails.
///
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind};
/// let mut g = ClaimGraph::new();
/// g.add_actor(Actor::new("quds_force", ActorKind::Group, "Quds Force")?.with_alias("Fuerza Quds", Some("es")))?;
/// assert_eq!(g.find("fuerza quds")?, g.find("QUDS FORCE")?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ClaimGraph {
    pub(crate) graph: StableDiGraph<Arc<Actor>, Arc<ClaimRecord>, u32>,
    /// This graph's identity, kept by its snapshots and not by its clones.
    pub(crate) tag: GraphTag,
    pub(crate) actor_generations: Generations,
    pub(crate) claim_generations: Generations,
    /// Name search over every actor, built on first use and dropped by any change
    /// to an actor's names.
    pub(crate) name_index: OnceLock<Arc<NameIndex>>,
    pub(crate) keys: IndexMap<ActorKey, NodeSlot, DefaultHashBuilder>,
    pub(crate) names: IndexMap<String, Vec<NodeSlot>, DefaultHashBuilder>,
    pub(crate) tables: Arc<Tables>,
    /// Claims by key: only the claim's slot, hashed by its key, which equality
    /// reads back from the graph (the record and the edge's endpoints).
    pub(super) merge: HashTable<EdgeSlot>,
    pub(super) merge_hasher: DefaultHashBuilder,
    /// Claims and actors by their outside identifiers; shared with snapshots.
    pub(crate) external: Arc<ExternalIndex>,
    /// How many claims cite each source (as claimant, outlet or relay).
    pub(crate) cited: HashMap<NodeSlot, usize>,
}

impl Default for ClaimGraph {
    fn default() -> Self {
        ClaimGraph {
            graph: StableDiGraph::default(),
            tag: GraphTag::fresh(),
            actor_generations: Generations::default(),
            claim_generations: Generations::default(),
            name_index: OnceLock::new(),
            keys: IndexMap::default(),
            names: IndexMap::default(),
            tables: Arc::default(),
            merge: HashTable::new(),
            merge_hasher: DefaultHashBuilder::default(),
            external: Arc::default(),
            cited: HashMap::default(),
        }
    }
}

/// A clone is another graph: it gets its own identity, so ids of the original are
/// refused by the clone and the other way round (the two may reuse slots
/// differently from then on).
impl Clone for ClaimGraph {
    fn clone(&self) -> Self {
        ClaimGraph {
            graph: self.graph.clone(),
            tag: GraphTag::fresh(),
            actor_generations: self.actor_generations.clone(),
            claim_generations: self.claim_generations.clone(),
            name_index: self.name_index.clone(),
            keys: self.keys.clone(),
            names: self.names.clone(),
            tables: Arc::clone(&self.tables),
            merge: self.merge.clone(),
            merge_hasher: self.merge_hasher,
            external: Arc::clone(&self.external),
            cited: self.cited.clone(),
        }
    }
}

impl ClaimGraph {
    /// An empty graph.
    pub fn new() -> Self {
        ClaimGraph::default()
    }

    // ----- actors -----------------------------------------------------------------

    /// Inserts a new actor, its name and aliases normalised to NFC. Fails if the key
    /// exists or the actor is invalid.
    pub fn add_actor(&mut self, actor: Actor) -> Result<ActorId, StoreError> {
        self.check_new_actor(&actor)?;
        let slot = self.insert_actor(actor);
        Ok(self.actor_id_of(slot))
    }

    /// Inserts an actor, or, if its key exists with the same kind, adds its new
    /// aliases, external ids and attributes to the stored one (existing values win).
    pub fn merge_actor(&mut self, actor: Actor) -> Result<ActorId, StoreError> {
        actor.validate()?;
        let actor = actor.normalised();
        let Some(&id) = self.keys.get(&actor.key) else {
            let slot = self.insert_actor(actor);
            return Ok(self.actor_id_of(slot));
        };
        let stored = &self.graph[id.0];
        if stored.kind != actor.kind {
            return Err(StoreError::KindConflict {
                key: actor.key,
                existing: stored.kind,
                given: actor.kind,
            });
        }
        let mut merged = Actor::clone(stored);
        let known: Vec<String> = merged.names().map(fold_name).collect();
        if actor.name != merged.name && !known.contains(&fold_name(&actor.name)) {
            merged
                .aliases
                .push(crate::model::Alias::new(actor.name.clone(), None));
        }
        for alias in actor.aliases {
            if !merged.aliases.contains(&alias) && alias.name != merged.name {
                merged.aliases.push(alias);
            }
        }
        for (k, v) in actor.external_ids {
            merged.external_ids.entry(k).or_insert(v);
        }
        for (k, v) in actor.attributes {
            merged.attributes.entry(k).or_insert(v);
        }
        merged.group_type = merged.group_type.or(actor.group_type);
        if merged != *self.graph[id.0] {
            self.unindex_names(id);
            self.unindex_actor_external(id);
            self.graph[id.0] = Arc::new(merged);
            self.index_names(id);
            self.index_actor_external(id);
        }
        Ok(self.actor_id_of(id))
    }

    pub(super) fn check_new_actor(&self, actor: &Actor) -> Result<(), StoreError> {
        actor.validate()?;
        if self.keys.contains_key(&actor.key) {
            return Err(StoreError::DuplicateActor {
                key: actor.key.clone(),
            });
        }
        Ok(())
    }

    pub(super) fn insert_actor(&mut self, actor: Actor) -> NodeSlot {
        let actor = actor.normalised();
        let key = actor.key.clone();
        let id = NodeSlot(self.graph.add_node(Arc::new(actor)));
        self.keys.insert(key, id);
        self.index_names(id);
        self.index_actor_external(id);
        id
    }

    fn index_actor_external(&mut self, id: NodeSlot) {
        let actor = Arc::clone(&self.graph[id.0]);
        for (registry, value) in &actor.external_ids {
            let ids = Arc::make_mut(&mut self.external)
                .actors
                .entry(registry.clone())
                .or_default()
                .entry(value.clone())
                .or_default();
            if let Err(pos) = ids.binary_search(&id) {
                ids.insert(pos, id);
            }
        }
    }

    fn unindex_actor_external(&mut self, id: NodeSlot) {
        let actor = Arc::clone(&self.graph[id.0]);
        for (registry, value) in &actor.external_ids {
            let index = Arc::make_mut(&mut self.external);
            let Some(by_id) = index.actors.get_mut(registry) else {
                continue;
            };
            if let Some(ids) = by_id.get_mut(value) {
                ids.retain(|x| *x != id);
                if ids.is_empty() {
                    by_id.remove(value);
                }
            }
            if by_id.is_empty() {
                index.actors.remove(registry);
            }
        }
    }

    fn folded_names(&self, id: NodeSlot) -> Vec<String> {
        let mut names: Vec<String> = self.graph[id.0].names().map(fold_name).collect();
        names.sort();
        names.dedup();
        names
    }

    fn index_names(&mut self, id: NodeSlot) {
        self.name_index = OnceLock::new();
        for name in self.folded_names(id) {
            let ids = self.names.entry(name).or_default();
            if let Err(pos) = ids.binary_search(&id) {
                ids.insert(pos, id);
            }
        }
    }

    fn unindex_names(&mut self, id: NodeSlot) {
        self.name_index = OnceLock::new();
        for name in self.folded_names(id) {
            if let Some(ids) = self.names.get_mut(&name) {
                ids.retain(|x| *x != id);
                if ids.is_empty() {
                    self.names.shift_remove(&name);
                }
            }
        }
    }

    /// Removes an actor and every claim it is subject or object of. Fails, changing
    /// nothing, while any attribution cites the actor as claimant, outlet or relay.
    pub fn remove_actor(&mut self, key: &str) -> Result<Actor, StoreError> {
        let id = self
            .keys
            .get(key)
            .copied()
            .ok_or_else(|| StoreError::UnknownActor {
                key: key.to_owned(),
                field: "key",
            })?;
        if let Some(&claims) = self.cited.get(&id) {
            return Err(StoreError::ActorCited {
                key: self.graph[id.0].key.clone(),
                claims,
            });
        }
        let incident: Vec<EdgeSlot> = self
            .graph
            .edges_directed(id.0, PgDirection::Outgoing)
            .chain(self.graph.edges_directed(id.0, PgDirection::Incoming))
            .map(|e| EdgeSlot(e.id()))
            .collect();
        for claim in incident {
            // A self-loop is impossible, so each incident claim is removed once.
            self.detach_claim(claim);
        }
        self.unindex_names(id);
        self.unindex_actor_external(id);
        let actor = self
            .graph
            .remove_node(id.0)
            .expect("id was looked up above");
        self.keys.shift_remove(key);
        self.cited.remove(&id);
        self.actor_generations.bump(id.0.index() as u32);
        Ok(Arc::unwrap_or_clone(actor))
    }

    // ----- claims -----------------------------------------------------------------

    /// Adds a claim, or merges its evidence into the existing claim with the same
    /// (subject, relation, object, polarity, valid time); the statement kind of an
    /// existing claim is kept and codes are united. An attribution the claim already
    /// has (same claimant, outlet, relays, document and grade; the excerpt and
    /// reported date do not count) is not added again, and the first one's excerpt
    /// and date stay: adding the same claim twice changes nothing.
    ///
    /// **Complexity:** **O(a log v)** at worst for a attributions given to a claim
    /// of v voices, O(a) expected when they join voices it has: independent of how
    /// many attributions the claim already holds (the store keeps each large
    /// claim's voices incrementally).
    ///
    /// Fails, changing nothing, if the claim is invalid, names an unknown actor, links
    /// an actor to itself, or its actors' kinds do not fit the relation.
    pub fn add_claim(&mut self, claim: Claim) -> Result<Added, StoreError> {
        let ends = self.resolve_claim(&claim, &|_| None)?;
        Ok(self.insert_resolved(claim, ends))
    }

    /// Checks a claim against the graph (and actors about to be added, whose kinds
    /// `pending` gives); the slots of its subject and object where the graph has
    /// them already, so that inserting it does not look them up again.
    pub(super) fn resolve_claim(
        &self,
        claim: &Claim,
        pending: &dyn Fn(&ActorKey) -> Option<crate::model::ActorKind>,
    ) -> Result<Ends, StoreError> {
        claim.validate()?;
        self.check_external_ids(claim)?;
        let unknown = |key: &ActorKey, field: &'static str| StoreError::UnknownActor {
            key: key.to_string(),
            field,
        };
        let kind_of = |key: &ActorKey, field: &'static str| match self.keys.get(key.as_str()) {
            Some(n) => Ok((self.graph[n.0].kind, Some(*n))),
            None => pending(key)
                .map(|kind| (kind, None))
                .ok_or_else(|| unknown(key, field)),
        };
        if claim.subject == claim.object {
            return Err(StoreError::SelfLoop {
                key: claim.subject.clone(),
            });
        }
        let kind = claim.relation.kind();
        let mut ends = [None; 2];
        for (end, (key, field, allowed)) in ends.iter_mut().zip([
            (&claim.subject, "subject", kind.domain()),
            (&claim.object, "object", kind.range()),
        ]) {
            let (actor_kind, slot) = kind_of(key, field)?;
            if !allowed.contains(actor_kind) {
                return Err(StoreError::KindMismatch {
                    relation: claim.relation.clone(),
                    field,
                    key: key.clone(),
                    kind: actor_kind,
                });
            }
            *end = slot;
        }
        for a in &claim.evidence {
            for (key, field) in a
                .claimant
                .iter()
                .map(|k| (k, "claimant"))
                .chain(a.outlet.iter().map(|k| (k, "outlet")))
                .chain(a.relays.iter().map(|k| (k, "relays")))
            {
                // Sources need only exist: their kind is not read.
                if !self.keys.contains_key(key.as_str()) && pending(key).is_none() {
                    return Err(unknown(key, field));
                }
            }
        }
        Ok(Ends(ends))
    }

    /// Fails if one of the claim's external ids already names another claim (one
    /// with another key): the id would name two claims.
    fn check_external_ids(&self, claim: &Claim) -> Result<(), StoreError> {
        let mut target: Option<Option<ClaimId>> = None;
        for text in &claim.external_ids {
            let Some(number) = self.tables.external_ids.get_index_of(text.as_str()) else {
                continue;
            };
            let Some(&named) = self.external.claims.get(&(number as u32)) else {
                continue;
            };
            let merges_into = *target.get_or_insert_with(|| self.claim_id(&claim.key()));
            if merges_into != Some(self.claim_id_of(named)) {
                let (s, o) = self
                    .graph
                    .edge_endpoints(named.0)
                    .expect("indexed claim exists");
                let existing = self
                    .materialise(NodeSlot(s), NodeSlot(o), &self.graph[named.0])
                    .key();
                return Err(StoreError::ExternalIdConflict {
                    id: text.clone(),
                    existing: Box::new(existing),
                    given: Box::new(claim.key()),
                });
            }
        }
        Ok(())
    }

    /// The hash of a claim's key in the merge index.
    fn key_hash(hasher: &DefaultHashBuilder, s: NodeSlot, o: NodeSlot, rest: KeyRest) -> u64 {
        use std::hash::BuildHasher;
        hasher.hash_one((s.0.index() as u32, o.0.index() as u32, rest))
    }

    /// The claim with this key, oriented as given.
    fn find_claim(&self, s: NodeSlot, o: NodeSlot, rest: KeyRest) -> Option<EdgeSlot> {
        let hash = Self::key_hash(&self.merge_hasher, s, o, rest);
        self.merge
            .find(hash, |e| {
                self.graph.edge_endpoints(e.0) == Some((s.0, o.0))
                    && KeyRest::of(&self.graph[e.0]) == rest
            })
            .copied()
    }

    /// The claim with this key in either orientation if `symmetric`.
    fn find_either(
        &self,
        s: NodeSlot,
        o: NodeSlot,
        rest: KeyRest,
        symmetric: bool,
    ) -> Option<EdgeSlot> {
        self.find_claim(s, o, rest)
            .or_else(|| symmetric.then(|| self.find_claim(o, s, rest)).flatten())
    }

    /// The merge index's hash of a record's key, the record going from `s` to `o`;
    /// for the bulk load path, which hashes claims before they are in the graph.
    pub(super) fn record_key_hash(
        hasher: &DefaultHashBuilder,
        s: NodeSlot,
        o: NodeSlot,
        record: &ClaimRecord,
    ) -> u64 {
        Self::key_hash(hasher, s, o, KeyRest::of(record))
    }

    /// Indexes a stored claim by its key as oriented in the graph, `hash` being
    /// [`ClaimGraph::record_key_hash`] of it with the graph's `merge_hasher`, unless
    /// another claim has that key: then that claim, and nothing changes. For the bulk
    /// load path, whose claims are already in the graph.
    pub(super) fn index_claim_key(&mut self, id: EdgeSlot, hash: u64) -> Option<EdgeSlot> {
        // Only a claim whose hash matches is read back (its endpoints and record),
        // so that indexing a fresh graph touches the records no more.
        let other = self.merge.find(hash, |e| {
            self.graph.edge_endpoints(e.0) == self.graph.edge_endpoints(id.0)
                && KeyRest::of(&self.graph[e.0]) == KeyRest::of(&self.graph[id.0])
        });
        if let Some(&other) = other {
            return Some(other);
        }
        let (graph, hasher) = (&self.graph, &self.merge_hasher);
        self.merge.insert_unique(hash, id, |e| {
            let (s, o) = graph.edge_endpoints(e.0).expect("indexed claims exist");
            Self::key_hash(hasher, NodeSlot(s), NodeSlot(o), KeyRest::of(&graph[e.0]))
        });
        None
    }

    /// Makes room for `actors` more actors and `claims` more claims at once, so that
    /// a large batch grows the graph and the indexes once rather than by doubling
    /// (growing the merge index reads every indexed claim's key back).
    pub(super) fn reserve(&mut self, actors: usize, claims: usize) {
        self.graph.reserve_nodes(actors);
        self.keys.reserve(actors);
        self.graph.reserve_edges(claims);
        let (graph, hasher) = (&self.graph, &self.merge_hasher);
        self.merge.reserve(claims, |e| {
            let (s, o) = graph.edge_endpoints(e.0).expect("indexed claims exist");
            Self::key_hash(hasher, NodeSlot(s), NodeSlot(o), KeyRest::of(&graph[e.0]))
        });
    }

    /// Inserts a claim that `resolve_claim` accepted, with the slots it found
    /// (the others are of actors inserted since).
    pub(super) fn insert_resolved(&mut self, claim: Claim, ends: Ends) -> Added {
        let [s, o] = ends.0;
        let mut subject = s.unwrap_or_else(|| self.keys[&claim.subject]);
        let mut object = o.unwrap_or_else(|| self.keys[&claim.object]);
        let relation = match self.tables.relations.get_index_of(&claim.relation) {
            Some(i) => i as u32,
            None => {
                Arc::make_mut(&mut self.tables)
                    .relations
                    .insert_full(claim.relation.clone())
                    .0 as u32
            }
        };
        let symmetric = claim.relation.is_symmetric();
        let rest = KeyRest {
            relation,
            polarity: claim.polarity,
            valid: PackedValid::pack(claim.valid),
        };
        let existing = self.find_either(subject, object, rest, symmetric);
        let mut codes: Vec<u32> = claim
            .codes
            .iter()
            .map(|c| Self::intern_string(&mut self.tables, Field::Codes, c))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        let mut external_ids: Vec<u32> = claim
            .external_ids
            .iter()
            .map(|x| Self::intern_string(&mut self.tables, Field::ExternalIds, x))
            .collect();
        external_ids.sort_unstable();
        external_ids.dedup();
        let cited = &mut self.cited;
        let mut cite = |source: NodeSlot| *cited.entry(source).or_default() += 1;
        match existing {
            Some(id) => {
                let record = Arc::make_mut(&mut self.graph[id.0]);
                for a in claim.evidence {
                    let e = intern_evidence(&self.keys, &mut self.tables, a);
                    record.add_evidence(&e, &mut cite);
                }
                if codes.iter().any(|c| !record.codes().contains(c)) {
                    record.extra_mut().codes = united(record.codes(), &codes);
                }
                if external_ids
                    .iter()
                    .any(|x| !record.external_ids().contains(x))
                {
                    record.extra_mut().external_ids = united(record.external_ids(), &external_ids);
                }
                self.index_claim_external(&external_ids, id);
                Added::Merged(self.claim_id_of(id))
            }
            None => {
                if symmetric && self.graph[object.0].key < self.graph[subject.0].key {
                    // Store symmetric claims in key order, as ClaimKey does.
                    std::mem::swap(&mut subject, &mut object);
                }
                let pooled: usize = claim
                    .evidence
                    .iter()
                    .filter(|a| a.relays.len() > 1)
                    .map(|a| 1 + a.relays.len())
                    .sum();
                let extra =
                    (pooled > 0 || !codes.is_empty() || !external_ids.is_empty()).then(|| {
                        Box::new(Extra {
                            codes: codes.into_boxed_slice(),
                            external_ids: external_ids.clone().into_boxed_slice(),
                            // Sized to the relays given: most claims never merge more.
                            relays: Vec::with_capacity(pooled),
                            voices: VoiceIndex::default(),
                        })
                    });
                let mut record = ClaimRecord {
                    id: EdgeSlot(EdgeIndex::end()),
                    kind: claim.relation.kind(),
                    relation,
                    polarity: claim.polarity,
                    statement: claim.statement,
                    valid: rest.valid,
                    // Sized to the evidence given, for the same reason.
                    evidence: Vec::with_capacity(claim.evidence.len()),
                    extra,
                    confidence: 0.0,
                    origins: 0,
                };
                for a in claim.evidence {
                    let e = intern_evidence(&self.keys, &mut self.tables, a);
                    record.add_evidence(&e, &mut cite);
                }
                let id = EdgeSlot(self.graph.add_edge(subject.0, object.0, Arc::new(record)));
                Arc::get_mut(&mut self.graph[id.0])
                    .expect("a new record is not shared")
                    .id = id;
                let hash = Self::key_hash(&self.merge_hasher, subject, object, rest);
                let (graph, hasher) = (&self.graph, &self.merge_hasher);
                self.merge.insert_unique(hash, id, |e| {
                    let (s, o) = graph.edge_endpoints(e.0).expect("indexed claims exist");
                    Self::key_hash(hasher, NodeSlot(s), NodeSlot(o), KeyRest::of(&graph[e.0]))
                });
                self.index_claim_external(&external_ids, id);
                Added::New(self.claim_id_of(id))
            }
        }
    }

    /// The number of a code or claim id, interned if new (the tables are copied
    /// only then, if a snapshot shares them).
    fn intern_string(tables: &mut Arc<Tables>, field: Field, value: &str) -> u32 {
        let table = match field {
            Field::Codes => &tables.codes,
            Field::ExternalIds => &tables.external_ids,
        };
        let hash = table.hash(value);
        if let Some(i) = table.find(hash, value) {
            return i as u32;
        }
        let t = Arc::make_mut(tables);
        let table = match field {
            Field::Codes => &mut t.codes,
            Field::ExternalIds => &mut t.external_ids,
        };
        table.insert_new(hash, value.to_owned()) as u32
    }

    /// Points external ids at a claim. An id already naming another claim keeps it:
    /// `check_external_ids` refused such a claim before it got here.
    fn index_claim_external(&mut self, external_ids: &[u32], id: EdgeSlot) {
        if external_ids.is_empty() {
            return;
        }
        let index = Arc::make_mut(&mut self.external);
        for x in external_ids {
            index.claims.entry(*x).or_insert(id);
        }
    }

    /// Removes a claim and all its evidence.
    /// Fails with [`StoreError::UnknownClaim`] for an id of a claim already removed
    /// or of another graph.
    pub fn remove_claim(&mut self, id: ClaimId) -> Result<Claim, StoreError> {
        let unknown = StoreError::UnknownClaim { id: id.slot };
        let slot = self.edge_slot(id).ok_or(unknown.clone())?;
        let claim = self.claim(id).map(|c| c.to_claim()).ok_or(unknown)?;
        self.detach_claim(slot);
        Ok(claim)
    }

    fn detach_claim(&mut self, id: EdgeSlot) {
        let (s, o) = self
            .graph
            .edge_endpoints(id.0)
            .expect("caller checked the claim exists");
        let hash = Self::key_hash(
            &self.merge_hasher,
            NodeSlot(s),
            NodeSlot(o),
            KeyRest::of(&self.graph[id.0]),
        );
        if let Ok(entry) = self.merge.find_entry(hash, |e| *e == id) {
            entry.remove();
        }
        let record = self
            .graph
            .remove_edge(id.0)
            .expect("caller checked the claim exists");
        self.claim_generations.bump(id.0.index() as u32);
        for x in record.external_ids() {
            if self.external.claims.get(x) == Some(&id) {
                Arc::make_mut(&mut self.external).claims.remove(x);
            }
        }
        for source in distinct_sources(&record) {
            if let Some(count) = self.cited.get_mut(&source) {
                *count -= 1;
                if *count == 0 {
                    self.cited.remove(&source);
                }
            }
        }
    }

    /// The id of the claim with this key, if any (either orientation for symmetric relations).
    pub fn claim_id(&self, key: &crate::model::ClaimKey) -> Option<ClaimId> {
        let s = *self.keys.get(key.subject.as_str())?;
        let o = *self.keys.get(key.object.as_str())?;
        let rest = KeyRest {
            relation: self.tables.relations.get_index_of(&key.relation)? as u32,
            polarity: key.polarity,
            valid: PackedValid::pack(key.valid),
        };
        self.find_either(s, o, rest, key.relation.is_symmetric())
            .map(|e| self.claim_id_of(e))
    }

    pub(crate) fn materialise(&self, s: NodeSlot, o: NodeSlot, record: &ClaimRecord) -> Claim {
        self.tables
            .materialise(|id: NodeSlot| self.graph[id.0].key.clone(), s, o, record)
    }
}

/// Which string table [`ClaimGraph::intern_string`] interns into.
#[derive(Clone, Copy)]
enum Field {
    Codes,
    ExternalIds,
}

/// The sorted union of two sorted, deduplicated lists.
fn united(a: &[u32], b: &[u32]) -> Box<[u32]> {
    let mut all: Vec<u32> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    all.dedup();
    all.into_boxed_slice()
}

/// An attribution with its sources as slots and its document and excerpt interned
/// (the tables are copied only for a new value, if a snapshot shares them).
fn intern_evidence(
    keys: &IndexMap<ActorKey, NodeSlot, DefaultHashBuilder>,
    tables: &mut Arc<Tables>,
    a: Attribution,
) -> NewEvidence {
    let id = |k: &ActorKey| keys[k].0.index() as u32;
    let claimant = a.claimant.as_ref().map_or(NONE, id);
    let outlet = a.outlet.as_ref().map_or(NONE, id);
    let (relays, pool) = match a.relays.as_slice() {
        [] => (NONE, Vec::new()),
        // One relay is looked up once, whichever way it is stored.
        [one] => match id(one) {
            slot if slot < POOLED => (slot, Vec::new()),
            slot => (POOLED, vec![1, slot]),
        },
        many => (
            POOLED,
            std::iter::once(many.len() as u32)
                .chain(many.iter().map(id))
                .collect(),
        ),
    };
    // Look up before inserting: most documents repeat across a claim's evidence.
    let document = a.document.map_or(NONE, |d| {
        let hash = tables.documents.hash(&d);
        match tables.documents.find(hash, &d) {
            Some(i) => i as u32,
            None => Arc::make_mut(tables).documents.insert_new(hash, d) as u32,
        }
    });
    let excerpt = a.excerpt.map_or(NONE, |x| {
        let hash = tables.excerpts.hash(x.as_str());
        match tables.excerpts.find(hash, x.as_str()) {
            Some(i) => i as u32,
            None => {
                let x = x.into_boxed_str();
                Arc::make_mut(tables).excerpts.insert_new(hash, x) as u32
            }
        }
    });
    NewEvidence {
        stored: StoredEvidence {
            grade: PackedGrade::pack(a.grade),
            claimant,
            outlet,
            document,
            excerpt,
            reported: PackedDate::pack(a.reported),
            relays,
        },
        pool,
    }
}

/// The slots of a resolved claim's subject and object, where the graph had them.
pub(super) struct Ends([Option<NodeSlot>; 2]);
