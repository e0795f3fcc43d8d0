//! The mutable claim graph: actors as nodes, claims as edges of a petgraph `StableGraph`.

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::{IndexMap, IndexSet};
use petgraph::Direction as PgDirection;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use super::{LookupError, StoreError};
use crate::model::{
    Actor, ActorKey, Attribution, Claim, Document, Grade, PartialDate, Polarity, Relation,
    RelationKind, StatementKind, ValidTime, confidence, fold_name,
};

/// The id of an actor in a [`ClaimGraph`]. Valid until the actor is removed; ids of
/// removed actors may be reused, so keep [`ActorKey`]s for anything long-lived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorId(pub(crate) NodeIndex<u32>);

impl ActorId {
    /// The id as an index (dense while no actor has been removed).
    pub fn index(self) -> usize {
        self.0.index()
    }
}

/// The id of a claim in a [`ClaimGraph`]. Valid until the claim is removed; ids of
/// removed claims may be reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClaimId(pub(crate) EdgeIndex<u32>);

impl ClaimId {
    /// The id as an index.
    pub fn index(self) -> usize {
        self.0.index()
    }
}

/// One attribution as stored: sources interned as actor ids, the document interned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Evidence {
    pub(crate) claimant: Option<ActorId>,
    pub(crate) outlet: Option<ActorId>,
    pub(crate) relays: Box<[ActorId]>,
    pub(crate) document: Option<u32>,
    pub(crate) excerpt: Option<Box<str>>,
    pub(crate) reported: Option<PartialDate>,
    pub(crate) grade: Grade,
}

impl Evidence {
    /// Every source in the chain: claimant, outlet, relays.
    pub(crate) fn chain(&self) -> impl Iterator<Item = ActorId> + '_ {
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
    pub(crate) id: ClaimId,
    pub(crate) kind: RelationKind,
    pub(crate) relation: u32,
    pub(crate) polarity: Polarity,
    pub(crate) statement: StatementKind,
    pub(crate) valid: ValidTime,
    pub(crate) codes: Box<[u32]>,
    pub(crate) evidence: Vec<Evidence>,
    pub(crate) confidence: f64,
    pub(crate) origins: u32,
}

impl ClaimRecord {
    /// The claim's id in its graph.
    pub fn id(&self) -> ClaimId {
        self.id
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

    fn refresh(&mut self) {
        let d = derive(&self.evidence);
        self.confidence = d.value;
        self.origins = d.origins as u32;
    }
}

/// The distinct sources (claimants, outlets, relays) of some evidence, sorted.
fn distinct_sources(evidence: &[Evidence]) -> Vec<ActorId> {
    let mut sources: Vec<ActorId> = evidence.iter().flat_map(Evidence::chain).collect();
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
}

impl Tables {
    /// The model claim of a record, with actor keys given by `key`.
    pub(crate) fn materialise(
        &self,
        key: impl Fn(ActorId) -> ActorKey,
        s: ActorId,
        o: ActorId,
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

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct MergeKey {
    subject: ActorId,
    object: ActorId,
    relation: u32,
    polarity: Polarity,
    valid: ValidTime,
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
#[derive(Debug, Clone, Default)]
pub struct ClaimGraph {
    pub(crate) graph: StableDiGraph<Arc<Actor>, Arc<ClaimRecord>, u32>,
    keys: IndexMap<ActorKey, ActorId>,
    names: IndexMap<String, Vec<ActorId>>,
    pub(crate) tables: Arc<Tables>,
    merge: HashMap<MergeKey, ClaimId>,
    /// How many claims cite each source (as claimant, outlet or relay).
    cited: HashMap<ActorId, usize>,
}

impl ClaimGraph {
    /// An empty graph.
    pub fn new() -> Self {
        ClaimGraph::default()
    }

    /// Number of actors.
    pub fn actor_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of claims.
    pub fn claim_count(&self) -> usize {
        self.graph.edge_count()
    }

    // ----- actors -----------------------------------------------------------------

    /// Inserts a new actor. Fails if the key exists or the actor is invalid.
    pub fn add_actor(&mut self, actor: Actor) -> Result<ActorId, StoreError> {
        self.check_new_actor(&actor)?;
        Ok(self.insert_actor(actor))
    }

    /// Inserts an actor, or, if its key exists with the same kind, adds its new
    /// aliases, external ids and attributes to the stored one (existing values win).
    pub fn merge_actor(&mut self, actor: Actor) -> Result<ActorId, StoreError> {
        actor.validate()?;
        let Some(&id) = self.keys.get(&actor.key) else {
            return Ok(self.insert_actor(actor));
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
            self.graph[id.0] = Arc::new(merged);
            self.index_names(id);
        }
        Ok(id)
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

    pub(super) fn insert_actor(&mut self, actor: Actor) -> ActorId {
        let key = actor.key.clone();
        let id = ActorId(self.graph.add_node(Arc::new(actor)));
        self.keys.insert(key, id);
        self.index_names(id);
        id
    }

    fn folded_names(&self, id: ActorId) -> Vec<String> {
        let mut names: Vec<String> = self.graph[id.0].names().map(fold_name).collect();
        names.sort();
        names.dedup();
        names
    }

    fn index_names(&mut self, id: ActorId) {
        for name in self.folded_names(id) {
            let ids = self.names.entry(name).or_default();
            if let Err(pos) = ids.binary_search(&id) {
                ids.insert(pos, id);
            }
        }
    }

    fn unindex_names(&mut self, id: ActorId) {
        for name in self.folded_names(id) {
            if let Some(ids) = self.names.get_mut(&name) {
                ids.retain(|x| *x != id);
                if ids.is_empty() {
                    self.names.shift_remove(&name);
                }
            }
        }
    }

    /// The id of the actor with this key.
    pub fn actor_id(&self, key: &str) -> Option<ActorId> {
        self.keys.get(key).copied()
    }

    /// The actor with this id.
    pub fn actor(&self, id: ActorId) -> Option<&Actor> {
        self.graph.node_weight(id.0).map(|a| &**a)
    }

    /// The actor with this key.
    pub fn actor_by_key(&self, key: &str) -> Option<&Actor> {
        self.actor_id(key).and_then(|id| self.actor(id))
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
            Some([one]) => Ok(*one),
            Some(many) if !many.is_empty() => Err(LookupError::Ambiguous {
                name: name.to_owned(),
                candidates: many.iter().map(|id| self.graph[id.0].key.clone()).collect(),
            }),
            _ => Err(LookupError::NotFound {
                name: name.to_owned(),
            }),
        }
    }

    /// Every actor id whose folded name equals the folded `name` (no error on ambiguity).
    pub fn find_all(&self, name: &str) -> &[ActorId] {
        self.names.get(&fold_name(name)).map_or(&[], Vec::as_slice)
    }

    /// Every actor id, in insertion order.
    pub fn actor_ids(&self) -> impl Iterator<Item = ActorId> + '_ {
        self.keys.values().copied()
    }

    /// Every actor, in insertion order.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> + '_ {
        self.keys.values().map(|id| &*self.graph[id.0])
    }

    /// Removes an actor and every claim it is subject or object of. Fails, changing
    /// nothing, while any attribution cites the actor as claimant, outlet or relay.
    pub fn remove_actor(&mut self, key: &str) -> Result<Actor, StoreError> {
        let id = self.actor_id(key).ok_or_else(|| StoreError::UnknownActor {
            key: key.to_owned(),
            field: "key",
        })?;
        if let Some(&claims) = self.cited.get(&id) {
            return Err(StoreError::ActorCited {
                key: self.graph[id.0].key.clone(),
                claims,
            });
        }
        let incident: Vec<ClaimId> = self
            .graph
            .edges_directed(id.0, PgDirection::Outgoing)
            .chain(self.graph.edges_directed(id.0, PgDirection::Incoming))
            .map(|e| ClaimId(e.id()))
            .collect();
        for claim in incident {
            // A self-loop is impossible, so each incident claim is removed once.
            self.detach_claim(claim);
        }
        self.unindex_names(id);
        let actor = self
            .graph
            .remove_node(id.0)
            .expect("id was looked up above");
        self.keys.shift_remove(key);
        self.cited.remove(&id);
        Ok(Arc::unwrap_or_clone(actor))
    }

    // ----- claims -----------------------------------------------------------------

    /// Adds a claim, or merges its evidence into the existing claim with the same
    /// (subject, relation, object, polarity, valid time); the statement kind of an
    /// existing claim is kept and codes are united. Attributions already present are
    /// not added twice.
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
        let kind_of = |key: &ActorKey, field: &'static str| {
            self.actor_by_key(key.as_str())
                .map(|a| a.kind)
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
        let evidence: Vec<Evidence> = claim
            .evidence
            .into_iter()
            .map(|a| self.intern_evidence(a))
            .collect();
        match existing {
            Some(id) => {
                let record = Arc::make_mut(&mut self.graph[id.0]);
                let before = distinct_sources(&record.evidence);
                let mut changed = false;
                for e in evidence {
                    if !record.evidence.contains(&e) {
                        record.evidence.push(e);
                        changed = true;
                    }
                }
                let mut all: Vec<u32> = record.codes.iter().copied().chain(codes).collect();
                all.sort_unstable();
                all.dedup();
                record.codes = all.into_boxed_slice();
                if changed {
                    record.refresh();
                }
                let after = distinct_sources(&record.evidence);
                for s in after {
                    if before.binary_search(&s).is_err() {
                        *self.cited.entry(s).or_default() += 1;
                    }
                }
                Added::Merged(id)
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
                    id: ClaimId(EdgeIndex::end()),
                    kind: claim.relation.kind(),
                    relation,
                    polarity: claim.polarity,
                    statement: claim.statement,
                    valid: claim.valid,
                    codes: codes.into_boxed_slice(),
                    // Sized to the evidence given: most claims never merge more.
                    evidence: Vec::with_capacity(evidence.len()),
                    confidence: 0.0,
                    origins: 0,
                };
                for e in evidence {
                    if !record.evidence.contains(&e) {
                        record.evidence.push(e);
                    }
                }
                record.refresh();
                let sources = distinct_sources(&record.evidence);
                let id = ClaimId(self.graph.add_edge(subject.0, object.0, Arc::new(record)));
                Arc::get_mut(&mut self.graph[id.0])
                    .expect("a new record is not shared")
                    .id = id;
                self.merge.insert(key_of(subject, object), id);
                for s in sources {
                    *self.cited.entry(s).or_default() += 1;
                }
                Added::New(id)
            }
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
            grade: a.grade,
        }
    }

    /// Removes a claim and all its evidence.
    pub fn remove_claim(&mut self, id: ClaimId) -> Result<Claim, StoreError> {
        let claim = self.claim(id).ok_or(StoreError::UnknownClaim {
            id: id.0.index() as u32,
        })?;
        self.detach_claim(id);
        Ok(claim)
    }

    fn detach_claim(&mut self, id: ClaimId) {
        let (s, o) = self
            .graph
            .edge_endpoints(id.0)
            .expect("caller checked the claim exists");
        let record = self
            .graph
            .remove_edge(id.0)
            .expect("caller checked the claim exists");
        self.merge.remove(&MergeKey {
            subject: ActorId(s),
            object: ActorId(o),
            relation: record.relation,
            polarity: record.polarity,
            valid: record.valid,
        });
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
        let s = self.actor_id(key.subject.as_str())?;
        let o = self.actor_id(key.object.as_str())?;
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
            .copied()
    }

    /// The claim with this id, as a model value with keys and documents resolved.
    pub fn claim(&self, id: ClaimId) -> Option<Claim> {
        let (s, o) = self.graph.edge_endpoints(id.0)?;
        let record = self.graph.edge_weight(id.0)?;
        Some(self.materialise(ActorId(s), ActorId(o), record))
    }

    pub(crate) fn materialise(&self, s: ActorId, o: ActorId, record: &ClaimRecord) -> Claim {
        self.tables
            .materialise(|id: ActorId| self.graph[id.0].key.clone(), s, o, record)
    }

    /// Every claim id, in id order.
    pub fn claim_ids(&self) -> impl Iterator<Item = ClaimId> + '_ {
        self.graph.edge_indices().map(ClaimId)
    }

    /// Every claim as a model value, in id order.
    pub fn claims(&self) -> impl Iterator<Item = Claim> + '_ {
        self.graph.edge_indices().map(|e| {
            let (s, o) = self
                .graph
                .edge_endpoints(e)
                .expect("index from edge_indices");
            self.materialise(ActorId(s), ActorId(o), &self.graph[e])
        })
    }

    /// The subject and object of a claim.
    pub fn endpoints(&self, id: ClaimId) -> Option<(ActorId, ActorId)> {
        self.graph
            .edge_endpoints(id.0)
            .map(|(s, o)| (ActorId(s), ActorId(o)))
    }

    /// A claim's derived confidence (see [`confidence::combine`]).
    pub fn confidence(&self, id: ClaimId) -> Option<f64> {
        self.graph.edge_weight(id.0).map(|r| r.confidence)
    }

    /// The number of independent origins of a claim's evidence.
    pub fn origins(&self, id: ClaimId) -> Option<usize> {
        self.graph.edge_weight(id.0).map(|r| r.origins as usize)
    }

    /// The relation of a claim.
    pub fn relation(&self, id: ClaimId) -> Option<&Relation> {
        self.graph
            .edge_weight(id.0)
            .map(|r| &self.tables.relations[r.relation as usize])
    }

    /// Ids of the claims whose evidence names this actor as claimant, outlet or
    /// relay, ascending.
    ///
    /// **Complexity:** **O(1)** when the actor is cited nowhere (the store counts
    /// citations per source), otherwise a scan of every attribution, **O(E + A)**.
    /// A per-source list of claims would cost more memory than the claims themselves
    /// on large graphs, where a few outlets carry most of the evidence.
    pub fn claims_citing(&self, actor: ActorId) -> Vec<ClaimId> {
        if !self.cited.contains_key(&actor) {
            return Vec::new();
        }
        let mut ids: Vec<ClaimId> = self
            .graph
            .edge_indices()
            .filter(|e| {
                self.graph[*e]
                    .evidence
                    .iter()
                    .any(|ev| ev.chain().any(|s| s == actor))
            })
            .map(ClaimId)
            .collect();
        ids.sort_unstable();
        ids
    }
}
