//! The mutable claim graph: actors as nodes, claims as edges of a petgraph `StableGraph`.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use indexmap::{IndexMap, IndexSet};
use petgraph::Direction as PgDirection;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use super::id::{Generations, GraphTag};
use super::voices::{INDEX_FROM, VoiceIndex, Voices};
use super::{ActorId, ClaimId, StoreError};
use crate::model::{
    Actor, ActorKey, Attribution, Claim, Document, Grade, PartialDate, Polarity, Relation,
    RelationKind, StatementKind, ValidTime, confidence, fold_name,
};
use crate::query::NameIndex;

/// An actor's slot inside the store: what the store's own indexes and evidence
/// hold. Public [`ActorId`]s add the graph's identity and the slot's generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NodeSlot(pub(crate) NodeIndex<u32>);

/// A claim's slot inside the store; see [`NodeSlot`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct EdgeSlot(pub(crate) EdgeIndex<u32>);

/// One attribution as stored: sources interned as actor ids, the document interned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Evidence {
    pub(crate) claimant: Option<NodeSlot>,
    pub(crate) outlet: Option<NodeSlot>,
    pub(crate) relays: Box<[NodeSlot]>,
    pub(crate) document: Option<u32>,
    pub(crate) excerpt: Option<Box<str>>,
    pub(crate) reported: Option<PartialDate>,
    pub(crate) grade: Grade,
}

impl Evidence {
    /// Whether two attributions are the same account: same claimant, outlet,
    /// relays, document, grade and excerpt. The reported date does not count (the
    /// same account dated by another import is not new evidence). The excerpt does:
    /// two quotes of one person in one article are two attributions (one voice, so
    /// the confidence is the same), and dropping the second would lose what the
    /// user recorded.
    pub(crate) fn same_attribution(&self, other: &Evidence) -> bool {
        self.claimant == other.claimant
            && self.outlet == other.outlet
            && self.relays == other.relays
            && self.document == other.document
            && self.grade == other.grade
            && self.excerpt == other.excerpt
    }

    /// Every source in the chain: claimant, outlet, relays.
    pub(crate) fn chain(&self) -> impl Iterator<Item = NodeSlot> + '_ {
        self.claimant
            .into_iter()
            .chain(self.outlet)
            .chain(self.relays.iter().copied())
    }
}

/// A claim as stored on an edge, with its derived confidence: what petgraph
/// algorithms see as the edge weight of a [`ClaimGraph`] or a
/// [`Snapshot`](crate::Snapshot).
///
/// Shared with snapshots through `Arc`: a mutation copies it first, so a snapshot
/// never sees later changes.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRecord {
    pub(crate) id: EdgeSlot,
    pub(crate) kind: RelationKind,
    pub(crate) relation: u32,
    pub(crate) polarity: Polarity,
    pub(crate) statement: StatementKind,
    pub(crate) valid: ValidTime,
    pub(crate) codes: Box<[u32]>,
    pub(crate) external_ids: Box<[u32]>,
    pub(crate) evidence: Vec<Evidence>,
    pub(crate) confidence: f64,
    pub(crate) origins: u32,
    /// Kept once the claim has more than a few attributions (see `voices.rs`).
    pub(crate) voices: VoiceIndex,
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
        self.valid
    }

    /// Adds an attribution unless the claim already has the same one (see
    /// [`Evidence::same_attribution`]) and keeps confidence and origins current;
    /// `cited` receives each source the claim did not cite before. Returns whether
    /// it was added.
    ///
    /// **Complexity:** **O(1)** amortised plus **O(log v)** for v voices once the
    /// claim holds more than [`INDEX_FROM`] attributions; below that, a scan of the
    /// few it has.
    fn add_evidence(&mut self, e: Evidence, cited: &mut dyn FnMut(NodeSlot)) -> bool {
        if let Some(voices) = self.voices.0.as_deref_mut() {
            if voices.contains(&self.evidence, &e) {
                return false;
            }
            voices.push(self.evidence.len() as u32, &e, cited);
            self.evidence.push(e);
            let d = voices.derived();
            self.confidence = d.value;
            self.origins = d.origins as u32;
            return true;
        }
        if self.evidence.iter().any(|x| x.same_attribution(&e)) {
            return false;
        }
        for (i, source) in e.chain().enumerate() {
            let earlier_in_chain = e.chain().take(i).any(|s| s == source);
            if !earlier_in_chain && !self.evidence.iter().any(|x| x.chain().any(|s| s == source)) {
                cited(source);
            }
        }
        self.evidence.push(e);
        let d = if self.evidence.len() > INDEX_FROM {
            let voices = Voices::build(&self.evidence);
            let d = voices.derived();
            self.voices = VoiceIndex(Some(Box::new(voices)));
            d
        } else {
            derive(&self.evidence)
        };
        self.confidence = d.value;
        self.origins = d.origins as u32;
        true
    }
}

/// The distinct sources (claimants, outlets, relays) of some evidence, sorted.
fn distinct_sources(evidence: &[Evidence]) -> Vec<NodeSlot> {
    let mut sources: Vec<NodeSlot> = evidence.iter().flat_map(Evidence::chain).collect();
    sources.sort_unstable();
    sources.dedup();
    sources
}

/// The confidence model of [`confidence::combine`] over stored evidence.
pub(crate) fn derive<'a>(evidence: impl IntoIterator<Item = &'a Evidence>) -> confidence::Derived {
    confidence::combine_by(
        evidence
            .into_iter()
            .map(|e| (e.claimant, e.outlet, e.grade.value())),
    )
}

/// Interned values claims refer to by number. Shared with snapshots through `Arc`
/// and copied on the first write after a snapshot was taken.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    pub(crate) relations: IndexSet<Relation>,
    pub(crate) documents: IndexSet<Document>,
    pub(crate) codes: IndexSet<String>,
    /// Claims' external ids (`gdelt:410412347`).
    pub(crate) external_ids: IndexSet<String>,
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
            valid: record.valid,
            statement: record.statement,
            codes: record
                .codes
                .iter()
                .map(|c| self.codes[*c as usize].clone())
                .collect(),
            external_ids: record
                .external_ids
                .iter()
                .map(|x| self.external_ids[*x as usize].clone())
                .collect(),
            evidence: record
                .evidence
                .iter()
                .map(|e| Attribution {
                    claimant: e.claimant.map(&key),
                    outlet: e.outlet.map(&key),
                    relays: e.relays.iter().map(|r| key(*r)).collect(),
                    document: e.document.map(|d| self.documents[d as usize].clone()),
                    excerpt: e.excerpt.as_deref().map(str::to_owned),
                    reported: e.reported,
                    grade: e.grade,
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
    pub(crate) claims: HashMap<u32, EdgeSlot>,
    /// The actors carrying each actor id, by registry then id, ascending.
    pub(crate) actors: HashMap<String, HashMap<String, Vec<NodeSlot>>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct MergeKey {
    pub(super) subject: NodeSlot,
    pub(super) object: NodeSlot,
    pub(super) relation: u32,
    pub(super) polarity: Polarity,
    pub(super) valid: ValidTime,
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
    pub(crate) keys: IndexMap<ActorKey, NodeSlot>,
    pub(crate) names: IndexMap<String, Vec<NodeSlot>>,
    pub(crate) tables: Arc<Tables>,
    pub(super) merge: HashMap<MergeKey, EdgeSlot>,
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
            keys: IndexMap::new(),
            names: IndexMap::new(),
            tables: Arc::default(),
            merge: HashMap::new(),
            external: Arc::default(),
            cited: HashMap::new(),
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
        self.resolve_claim(&claim, &|_| None)?;
        Ok(self.insert_resolved(claim))
    }

    /// Checks a claim against the graph (and actors about to be added, whose kinds
    /// `pending` gives) .
    pub(super) fn resolve_claim(
        &self,
        claim: &Claim,
        pending: &dyn Fn(&ActorKey) -> Option<crate::model::ActorKind>,
    ) -> Result<(), StoreError> {
        claim.validate()?;
        self.check_external_ids(claim)?;
        let kind_of = |key: &ActorKey, field: &'static str| {
            self.keys
                .get(key.as_str())
                .map(|n| self.graph[n.0].kind)
                .or_else(|| pending(key))
                .ok_or_else(|| StoreError::UnknownActor {
                    key: key.to_string(),
                    field,
                })
        };
        if claim.subject == claim.object {
            return Err(StoreError::SelfLoop {
                key: claim.subject.clone(),
            });
        }
        let kind = claim.relation.kind();
        for (key, field, allowed) in [
            (&claim.subject, "subject", kind.domain()),
            (&claim.object, "object", kind.range()),
        ] {
            let actor_kind = kind_of(key, field)?;
            if !allowed.contains(actor_kind) {
                return Err(StoreError::KindMismatch {
                    relation: claim.relation.clone(),
                    field,
                    key: key.clone(),
                    kind: actor_kind,
                });
            }
        }
        for a in &claim.evidence {
            for (key, field) in a
                .claimant
                .iter()
                .map(|k| (k, "claimant"))
                .chain(a.outlet.iter().map(|k| (k, "outlet")))
                .chain(a.relays.iter().map(|k| (k, "relays")))
            {
                kind_of(key, field)?;
            }
        }
        Ok(())
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

    /// Inserts a claim that `resolve_claim` accepted.
    pub(super) fn insert_resolved(&mut self, claim: Claim) -> Added {
        let id_of = |g: &Self, k: &ActorKey| g.keys[k];
        let (mut subject, mut object) = (id_of(self, &claim.subject), id_of(self, &claim.object));
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
        let key_of = |s, o| MergeKey {
            subject: s,
            object: o,
            relation,
            polarity: claim.polarity,
            valid: claim.valid,
        };
        let existing = self
            .merge
            .get(&key_of(subject, object))
            .or_else(|| {
                symmetric
                    .then(|| self.merge.get(&key_of(object, subject)))
                    .flatten()
            })
            .copied();
        let codes: Vec<u32> = claim
            .codes
            .iter()
            .map(|c| {
                Arc::make_mut(&mut self.tables)
                    .codes
                    .insert_full(c.clone())
                    .0 as u32
            })
            .collect();
        let mut external_ids: Vec<u32> = claim
            .external_ids
            .iter()
            .map(|x| {
                Arc::make_mut(&mut self.tables)
                    .external_ids
                    .insert_full(x.clone())
                    .0 as u32
            })
            .collect();
        external_ids.sort_unstable();
        let evidence: Vec<Evidence> = claim
            .evidence
            .into_iter()
            .map(|a| self.intern_evidence(a))
            .collect();
        let mut newly_cited: Vec<NodeSlot> = Vec::new();
        let mut cite = |source: NodeSlot| newly_cited.push(source);
        let added = match existing {
            Some(id) => {
                let record = Arc::make_mut(&mut self.graph[id.0]);
                for e in evidence {
                    record.add_evidence(e, &mut cite);
                }
                if codes.iter().any(|c| !record.codes.contains(c)) {
                    let mut all: Vec<u32> = record.codes.iter().copied().chain(codes).collect();
                    all.sort_unstable();
                    all.dedup();
                    record.codes = all.into_boxed_slice();
                }
                if external_ids
                    .iter()
                    .any(|x| !record.external_ids.contains(x))
                {
                    let mut all: Vec<u32> = record
                        .external_ids
                        .iter()
                        .copied()
                        .chain(external_ids.iter().copied())
                        .collect();
                    all.sort_unstable();
                    all.dedup();
                    record.external_ids = all.into_boxed_slice();
                }
                self.index_claim_external(&external_ids, id);
                Added::Merged(self.claim_id_of(id))
            }
            None => {
                if symmetric && self.graph[object.0].key < self.graph[subject.0].key {
                    // Store symmetric claims in key order, as ClaimKey does.
                    std::mem::swap(&mut subject, &mut object);
                }
                let mut codes = codes;
                codes.sort_unstable();
                codes.dedup();
                let mut record = ClaimRecord {
                    id: EdgeSlot(EdgeIndex::end()),
                    kind: claim.relation.kind(),
                    relation,
                    polarity: claim.polarity,
                    statement: claim.statement,
                    valid: claim.valid,
                    codes: codes.into_boxed_slice(),
                    external_ids: external_ids.clone().into_boxed_slice(),
                    // Sized to the evidence given: most claims never merge more.
                    evidence: Vec::with_capacity(evidence.len()),
                    confidence: 0.0,
                    origins: 0,
                    voices: VoiceIndex::default(),
                };
                for e in evidence {
                    record.add_evidence(e, &mut cite);
                }
                let id = EdgeSlot(self.graph.add_edge(subject.0, object.0, Arc::new(record)));
                Arc::get_mut(&mut self.graph[id.0])
                    .expect("a new record is not shared")
                    .id = id;
                self.merge.insert(key_of(subject, object), id);
                self.index_claim_external(&external_ids, id);
                Added::New(self.claim_id_of(id))
            }
        };
        for source in newly_cited {
            *self.cited.entry(source).or_default() += 1;
        }
        added
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

    fn intern_evidence(&mut self, a: Attribution) -> Evidence {
        let id = |k: &ActorKey| self.keys[k];
        let claimant = a.claimant.as_ref().map(id);
        let outlet = a.outlet.as_ref().map(id);
        let relays = a.relays.iter().map(id).collect();
        // Look up before inserting: most documents repeat across a claim's evidence.
        let document = a
            .document
            .map(|d| match self.tables.documents.get_index_of(&d) {
                Some(i) => i as u32,
                None => Arc::make_mut(&mut self.tables).documents.insert_full(d).0 as u32,
            });
        Evidence {
            claimant,
            outlet,
            relays,
            document,
            excerpt: a.excerpt.map(String::into_boxed_str),
            reported: a.reported,
            grade: a.grade.normalised(),
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
        let record = self
            .graph
            .remove_edge(id.0)
            .expect("caller checked the claim exists");
        self.claim_generations.bump(id.0.index() as u32);
        self.merge.remove(&MergeKey {
            subject: NodeSlot(s),
            object: NodeSlot(o),
            relation: record.relation,
            polarity: record.polarity,
            valid: record.valid,
        });
        for x in record.external_ids.iter() {
            if self.external.claims.get(x) == Some(&id) {
                Arc::make_mut(&mut self.external).claims.remove(x);
            }
        }
        for source in distinct_sources(&record.evidence) {
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
        let relation = self.tables.relations.get_index_of(&key.relation)? as u32;
        let mk = |subject, object| MergeKey {
            subject,
            object,
            relation,
            polarity: key.polarity,
            valid: key.valid,
        };
        self.merge
            .get(&mk(s, o))
            .or_else(|| {
                key.relation
                    .is_symmetric()
                    .then(|| self.merge.get(&mk(o, s)))
                    .flatten()
            })
            .map(|e| self.claim_id_of(*e))
    }

    pub(crate) fn materialise(&self, s: NodeSlot, o: NodeSlot, record: &ClaimRecord) -> Claim {
        self.tables
            .materialise(|id: NodeSlot| self.graph[id.0].key.clone(), s, o, record)
    }
}
