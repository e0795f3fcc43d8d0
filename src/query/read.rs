//! [`ReadGraph`], the public read trait of the store and the snapshot, and
//! [`ClaimView`], a borrowed claim.

use std::fmt;

use super::view::Access;
use crate::model::{
    Actor, Claim, Document, Grade, PartialDate, Polarity, Relation, RelationKind, StatementKind,
    ValidTime, fold_name,
};
use crate::store::{ActorId, ClaimId, ClaimRecord, Evidence, LookupError, NodeSlot, Tables};
use crate::{ClaimGraph, Snapshot};

/// One of the two concrete graphs, for views that resolve names and tables.
#[derive(Debug, Clone, Copy)]
pub enum GraphRef<'g> {
    Store(&'g ClaimGraph),
    Snapshot(&'g Snapshot),
}

impl<'g> GraphRef<'g> {
    fn tables(self) -> &'g Tables {
        match self {
            GraphRef::Store(g) => &g.tables,
            GraphRef::Snapshot(s) => s.tables(),
        }
    }

    fn actor(self, slot: NodeSlot) -> Option<&'g Actor> {
        let node = slot.0.index() as u32;
        match self {
            GraphRef::Store(g) => g.node_actor(node),
            GraphRef::Snapshot(s) => s.node_actor(node),
        }
    }

    fn id(self, slot: NodeSlot) -> ActorId {
        let node = slot.0.index() as u32;
        match self {
            GraphRef::Store(g) => g.actor_id_at(node),
            GraphRef::Snapshot(s) => s.actor_id_at(node),
        }
    }
}

/// An actor found by a name search, with the name that matched and how well.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NameMatch<'g> {
    /// The actor.
    pub actor: ActorId,
    /// Its name (main name or alias) that matched, as stored.
    pub name: &'g str,
    /// For a prefix search, the share of the matched name's characters the prefix
    /// covers (1.0: the whole name); for a similarity search, the Dice coefficient
    /// of the two names' character trigrams (1.0: same trigrams).
    pub score: f64,
}

/// The lowest trigram similarity [`ReadGraph::find_similar`] reports.
pub const SIMILARITY_FLOOR: f64 = 0.3;

/// Read access to a claim graph by [`ActorId`] and [`ClaimId`]: every lookup, on
/// the mutable [`ClaimGraph`] and on a frozen [`Snapshot`] alike. Every query,
/// traversal and analysis of this crate takes a `&impl ReadGraph`, and gives the same
/// answer on a store and on a snapshot of it.
///
/// Ids are checked: an id of a removed item, or from another graph, gives `None`
/// (or an empty answer), never another item's answer. A store and its snapshots
/// share ids while both hold the item.
///
/// The trait is sealed (only this crate's two graphs implement it); its edge-level
/// machinery is private, so the traversals stay monomorphised hot loops.
///
/// ```
/// use claimgraph::{ClaimGraph, ReadGraph, Snapshot};
/// use claimgraph::model::{Actor, ActorKind};
/// fn describe(g: &impl ReadGraph, name: &str) -> String {
///     let id = g.find(name).unwrap();
///     format!("{} of {}", g.actor(id).unwrap().name, g.actor_count())
/// }
/// let mut g = ClaimGraph::new();
/// g.add_actor(Actor::new("iran", ActorKind::State, "Irán")?)?;
/// let snap = Snapshot::new(&g);
/// assert_eq!(describe(&g, "IRAN"), "Irán of 1");
/// assert_eq!(describe(&snap, "iran"), "Irán of 1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(private_bounds)] // `Access` seals the trait: outside code cannot implement it.
pub trait ReadGraph: Access + Sized {
    /// Number of actors.
    fn actor_count(&self) -> usize;

    /// Number of claims.
    fn claim_count(&self) -> usize;

    /// The actor with this id.
    fn actor(&self, id: ActorId) -> Option<&Actor> {
        self.node_of(id).and_then(|n| self.node_actor(n))
    }

    /// The id of the actor with this key.
    fn actor_id(&self, key: &str) -> Option<ActorId> {
        self.node_of_key(key).map(|n| self.actor_id_at(n))
    }

    /// The actor with this key.
    fn actor_by_key(&self, key: &str) -> Option<&Actor> {
        self.node_of_key(key).and_then(|n| self.node_actor(n))
    }

    /// Every actor whose folded name (case and diacritics folded) equals the
    /// folded `name`, in id order.
    fn find_all(&self, name: &str) -> Vec<ActorId> {
        self.name_index()
            .exact(&fold_name(name))
            .into_iter()
            .map(|n| self.actor_id_at(n))
            .collect()
    }

    /// Finds an actor by key or by any of its names, folding case and diacritics
    /// (`"irán"`, `"IRAN"`, `"Iran"`). A name shared by several actors is an error
    /// listing them; no match is an error too (see [`ReadGraph::find_similar`] for
    /// suggestions).
    fn find(&self, name: &str) -> Result<ActorId, LookupError> {
        if let Some(id) = self.actor_id(name) {
            return Ok(id);
        }
        match self.find_all(name).as_slice() {
            [one] => Ok(*one),
            [] => Err(LookupError::NotFound {
                name: name.to_owned(),
            }),
            many => Err(LookupError::Ambiguous {
                name: name.to_owned(),
                candidates: many
                    .iter()
                    .filter_map(|id| self.actor(*id).map(|a| a.key.clone()))
                    .collect(),
            }),
        }
    }

    /// Actors with a name one of whose words starts with `prefix` (folded):
    /// `"Morales"` finds "Evo Morales", `"quds"` finds "Fuerza Quds". Each actor
    /// once, at most `limit`, in the order of the matched text (a name equal to the
    /// prefix first).
    ///
    /// **Complexity:** **O(log N + k)** over N indexed words, once the name index
    /// is built (**O(N log N)**, on first use after a change to any actor).
    fn find_prefix(&self, prefix: &str, limit: usize) -> Vec<NameMatch<'_>> {
        self.name_index()
            .prefix(prefix, limit)
            .into_iter()
            .filter_map(|(n, which, score)| name_match(self, n, which, score))
            .collect()
    }

    /// Actors ranked by how similar their closest name is to `name` (Dice
    /// coefficient of character trigrams, at least [`SIMILARITY_FLOOR`]), best
    /// first, ties by id; at most `limit`. Tolerates typos and word order:
    /// `"Hesbollah"` finds Hezbollah.
    ///
    /// **Complexity:** the summed lengths of the trigram posting lists of `name`,
    /// plus sorting the candidates above the floor.
    fn find_similar(&self, name: &str, limit: usize) -> Vec<NameMatch<'_>> {
        self.name_index()
            .similar(name, limit, SIMILARITY_FLOOR)
            .into_iter()
            .filter_map(|(n, which, score)| name_match(self, n, which, score))
            .collect()
    }

    /// The actor with this identifier in an outside registry
    /// (`find_external("wikidata", "Q794")`), from the actors' `external_ids`. An id
    /// that several actors carry is an error listing them, as [`ReadGraph::find`]
    /// does for names.
    ///
    /// ```
    /// use claimgraph::{ClaimGraph, ReadGraph, Snapshot};
    /// use claimgraph::model::{Actor, ActorKind};
    /// let mut g = ClaimGraph::new();
    /// let iran = g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?.with_external_id("wikidata", "Q794"))?;
    /// assert_eq!(g.find_external("wikidata", "Q794")?, iran);
    /// assert_eq!(Snapshot::new(&g).find_external("wikidata", "Q794")?, iran);
    /// assert!(g.find_external("wikidata", "Q750").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// **Complexity:** **O(|registry| + |id|)** expected.
    fn find_external(&self, registry: &str, id: &str) -> Result<ActorId, LookupError> {
        let name = || format!("{registry}:{id}");
        match self
            .external_index()
            .actors
            .get(registry)
            .and_then(|by_id| by_id.get(id))
            .map(Vec::as_slice)
        {
            Some([one]) => Ok(self.actor_id_at(one.0.index() as u32)),
            Some(many) if !many.is_empty() => Err(LookupError::Ambiguous {
                name: name(),
                candidates: many
                    .iter()
                    .filter_map(|slot| self.node_key(slot.0.index() as u32).cloned())
                    .collect(),
            }),
            _ => Err(LookupError::NotFound { name: name() }),
        }
    }

    /// The claim an external id names (`claim_by_external("gdelt", "410412347")`):
    /// one id names at most one claim (the store refuses a second).
    ///
    /// **Complexity:** **O(|registry| + |id|)** expected.
    fn claim_by_external(&self, registry: &str, id: &str) -> Option<ClaimId> {
        let number = self
            .graph_ref()
            .tables()
            .external_ids
            .get_index_of(format!("{registry}:{id}").as_str())?;
        self.external_index()
            .claims
            .get(&(number as u32))
            .map(|slot| self.claim_id_at(slot.0.index() as u32))
    }

    /// Every actor id, in id order.
    fn actor_ids(&self) -> impl Iterator<Item = ActorId> + '_ {
        (0..self.node_bound() as u32)
            .filter(|n| self.node_kind(*n).is_some())
            .map(|n| self.actor_id_at(n))
    }

    /// Every actor, in id order.
    fn actors(&self) -> impl Iterator<Item = &Actor> + '_ {
        (0..self.node_bound() as u32).filter_map(|n| self.node_actor(n))
    }

    /// The claim with this id, borrowed.
    fn claim(&self, id: ClaimId) -> Option<ClaimView<'_>> {
        let (s, o, record) = self.claim_record(id)?;
        Some(ClaimView {
            graph: self.graph_ref(),
            id,
            subject: self.actor_id_at(s),
            object: self.actor_id_at(o),
            record,
        })
    }

    /// Every claim id, in id order.
    fn claim_ids(&self) -> impl Iterator<Item = ClaimId> + '_;

    /// Every claim, borrowed, in id order.
    fn claims(&self) -> impl Iterator<Item = ClaimView<'_>> + '_ {
        self.claim_ids().filter_map(|id| self.claim(id))
    }

    /// The subject and object of a claim.
    fn endpoints(&self, id: ClaimId) -> Option<(ActorId, ActorId)> {
        self.claim_record(id)
            .map(|(s, o, _)| (self.actor_id_at(s), self.actor_id_at(o)))
    }

    /// A claim's derived confidence.
    fn confidence(&self, id: ClaimId) -> Option<f64> {
        self.claim_record(id).map(|(_, _, r)| r.confidence)
    }

    /// The number of independent origins of a claim's evidence.
    fn origins(&self, id: ClaimId) -> Option<usize> {
        self.claim_record(id).map(|(_, _, r)| r.origins as usize)
    }

    /// The relation of a claim.
    fn relation(&self, id: ClaimId) -> Option<&Relation> {
        let (_, _, r) = self.claim_record(id)?;
        self.graph_ref().tables_relation(r.relation)
    }

    /// Ids of the claims whose evidence names this actor as claimant, outlet or
    /// relay, ascending (see [`claims_by_source`](super::claims_by_source) for one
    /// role and a filter).
    fn claims_citing(&self, actor: ActorId) -> Vec<ClaimId> {
        super::claims_by_source(
            self,
            actor,
            super::SourceRole::Any,
            &super::Filter::new().polarity(None),
        )
    }
}

/// A name index hit as a [`NameMatch`].
fn name_match<V: ReadGraph>(view: &V, node: u32, which: u16, score: f64) -> Option<NameMatch<'_>> {
    let actor = view.node_actor(node)?;
    Some(NameMatch {
        actor: view.actor_id_at(node),
        name: actor.names().nth(usize::from(which))?,
        score,
    })
}

impl<'g> GraphRef<'g> {
    fn tables_relation(self, relation: u32) -> Option<&'g Relation> {
        self.tables().relations.get_index(relation as usize)
    }
}

/// A claim borrowed from its graph: ids, names, relation, valid time, confidence
/// and evidence, without copying anything. [`Display`](fmt::Display) reads as a
/// sentence: `Iran supplies arms to Bolivia (2023-07), 0.79 from 3 voices: La
/// Nación (B3) via Diálogo; ...`.
#[derive(Clone, Copy)]
pub struct ClaimView<'g> {
    graph: GraphRef<'g>,
    id: ClaimId,
    subject: ActorId,
    object: ActorId,
    record: &'g ClaimRecord,
}

impl fmt::Debug for ClaimView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClaimView")
            .field("id", &self.id)
            .field("subject", &self.subject)
            .field("relation", self.relation())
            .field("object", &self.object)
            .field("confidence", &self.confidence())
            .finish()
    }
}

impl<'g> ClaimView<'g> {
    pub(crate) fn new(
        graph: GraphRef<'g>,
        id: ClaimId,
        subject: ActorId,
        object: ActorId,
        record: &'g ClaimRecord,
    ) -> Self {
        ClaimView {
            graph,
            id,
            subject,
            object,
            record,
        }
    }

    /// The claim's id.
    pub fn id(&self) -> ClaimId {
        self.id
    }

    /// Its subject.
    pub fn subject(&self) -> ActorId {
        self.subject
    }

    /// Its object.
    pub fn object(&self) -> ActorId {
        self.object
    }

    /// The subject actor.
    pub fn subject_actor(&self) -> &'g Actor {
        self.graph
            .actor(NodeSlot::of(self.subject))
            .expect("a claim's subject exists while the claim does")
    }

    /// The object actor.
    pub fn object_actor(&self) -> &'g Actor {
        self.graph
            .actor(NodeSlot::of(self.object))
            .expect("a claim's object exists while the claim does")
    }

    /// Its relation.
    pub fn relation(&self) -> &'g Relation {
        &self.graph.tables().relations[self.record.relation as usize]
    }

    /// The kind of its relation.
    pub fn relation_kind(&self) -> RelationKind {
        self.record.kind
    }

    /// Asserted or denied.
    pub fn polarity(&self) -> Polarity {
        self.record.polarity
    }

    /// Event, tie or assessment.
    pub fn statement(&self) -> StatementKind {
        self.record.statement
    }

    /// When it holds.
    pub fn valid(&self) -> ValidTime {
        self.record.valid()
    }

    /// Its confidence, derived from all its evidence.
    pub fn confidence(&self) -> f64 {
        self.record.confidence
    }

    /// The number of independent origins ("voices") of its evidence.
    pub fn origins(&self) -> usize {
        self.record.origins as usize
    }

    /// Its source codes (CAMEO and the like).
    pub fn codes(&self) -> impl Iterator<Item = &'g str> + 'g {
        let tables = self.graph.tables();
        self.record
            .codes()
            .iter()
            .map(move |c| tables.codes[*c as usize].as_str())
    }

    /// Its identifiers in the data it came from (`gdelt:410412347`), sorted.
    pub fn external_ids(&self) -> impl Iterator<Item = &'g str> + 'g {
        let tables = self.graph.tables();
        self.record
            .external_ids()
            .iter()
            .map(move |x| tables.external_ids[*x as usize].as_str())
    }

    /// Its evidence, one view per attribution, in the order it was added.
    pub fn evidence(&self) -> impl Iterator<Item = EvidenceView<'g>> + 'g {
        let graph = self.graph;
        self.record
            .evidence()
            .map(move |evidence| EvidenceView { graph, evidence })
    }

    /// The claim as an owned model value, with keys and documents resolved.
    pub fn to_claim(&self) -> Claim {
        let graph = self.graph;
        graph.tables().materialise(
            |slot| {
                graph
                    .actor(slot)
                    .expect("a claim names only existing actors")
                    .key
                    .clone()
            },
            NodeSlot::of(self.subject),
            NodeSlot::of(self.object),
            self.record,
        )
    }
}

/// The English phrase for a relation between a subject and an object, as
/// [`ClaimView`]'s `Display` writes it: the kind's phrase, with the parameter
/// where there is one.
fn phrase(relation: &Relation) -> String {
    match relation {
        Relation::Cooperates(crate::model::Sector::General) => relation.kind().phrase().to_owned(),
        Relation::Cooperates(s) => format!("cooperates on {s} with"),
        Relation::InvolvedIn(c) => format!("is involved in {} with", c.as_str().replace('_', " ")),
        Relation::Custom(name) => name.replace('_', " "),
        other => other.kind().phrase().to_owned(),
    }
}

fn write_grade(f: &mut fmt::Formatter<'_>, grade: Grade) -> fmt::Result {
    match grade {
        Grade::Confidence(c) => write!(f, "{c:.2}"),
        Grade::Admiralty(a) => write!(f, "{a}"),
    }
}

impl fmt::Display for ClaimView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let not = if self.polarity() == Polarity::Denied {
            "not: "
        } else {
            ""
        };
        write!(
            f,
            "{not}{} {} {}",
            self.subject_actor().name,
            phrase(self.relation()),
            self.object_actor().name
        )?;
        if self.valid() != ValidTime::ALWAYS {
            write!(f, " ({})", self.valid())?;
        }
        let voices = self.origins();
        write!(
            f,
            ", {:.2} from {voices} voice{}",
            self.confidence(),
            if voices == 1 { "" } else { "s" }
        )?;
        for (i, e) in self.evidence().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// One attribution of a claim, borrowed: who said it, where, who relayed it, how
/// it is graded. `Display`: `Toma in Infobae (B3) via Diálogo`.
#[derive(Clone, Copy)]
pub struct EvidenceView<'g> {
    graph: GraphRef<'g>,
    evidence: Evidence<'g>,
}

impl fmt::Debug for EvidenceView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EvidenceView")
            .field("claimant", &self.claimant())
            .field("outlet", &self.outlet())
            .field("grade", &self.grade())
            .finish()
    }
}

impl<'g> EvidenceView<'g> {
    /// Who asserted the claim.
    pub fn claimant(&self) -> Option<ActorId> {
        self.evidence.claimant().map(|s| self.graph.id(s))
    }

    /// The outlet that first published it.
    pub fn outlet(&self) -> Option<ActorId> {
        self.evidence.outlet().map(|s| self.graph.id(s))
    }

    /// Outlets that relayed it, in order.
    pub fn relays(&self) -> impl Iterator<Item = ActorId> + 'g {
        let graph = self.graph;
        self.evidence.relays().map(move |s| graph.id(s))
    }

    /// The document it appeared in.
    pub fn document(&self) -> Option<&'g Document> {
        self.evidence
            .document()
            .map(|d| &self.graph.tables().documents[d as usize])
    }

    /// The quoted excerpt.
    pub fn excerpt(&self) -> Option<&'g str> {
        let tables = self.graph.tables();
        self.evidence
            .excerpt()
            .map(|x| &*tables.excerpts[x as usize])
    }

    /// When it was reported.
    pub fn reported(&self) -> Option<PartialDate> {
        self.evidence.reported()
    }

    /// How far to believe it.
    pub fn grade(&self) -> Grade {
        self.evidence.grade()
    }

    fn name(&self, slot: NodeSlot) -> &'g str {
        self.graph.actor(slot).map_or("?", |a| a.name.as_str())
    }
}

impl fmt::Display for EvidenceView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.evidence;
        match (e.claimant(), e.outlet()) {
            (Some(c), Some(o)) if c != o => write!(f, "{} in {}", self.name(c), self.name(o))?,
            (Some(s), Some(_)) => f.write_str(self.name(s))?,
            (Some(s), None) | (None, Some(s)) => f.write_str(self.name(s))?,
            (None, None) => f.write_str("unattributed")?,
        }
        f.write_str(" (")?;
        write_grade(f, e.grade())?;
        f.write_str(")")?;
        for (i, r) in e.relays().enumerate() {
            f.write_str(if i == 0 { " via " } else { ", " })?;
            f.write_str(self.name(r))?;
        }
        Ok(())
    }
}
