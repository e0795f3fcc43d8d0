//! All-or-nothing batches: actors (inserted or merged) and claims applied together.

use std::collections::HashMap;

use super::graph::{Added, ClaimGraph};
use super::{ActorId, StoreError};
use crate::model::{Actor, ActorKey, ActorKind, Claim, ClaimKey};

/// A set of actors and claims inserted all together or not at all.
///
/// Actors are either new ([`Batch::actor`]: the key must not exist) or merged
/// ([`Batch::merge`]: inserted, or added to the stored actor of that key and kind as
/// [`ClaimGraph::merge_actor`] does). Claims may name any actor of the graph or of the
/// batch, whatever their order in the batch.
///
/// ```
/// use claimgraph::{ClaimGraph, store::Batch};
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// let mut g = ClaimGraph::new();
/// let batch = Batch::new()
///     .actor(Actor::new("iran", ActorKind::State, "Iran")?)
///     .actor(Actor::new("bolivia", ActorKind::State, "Bolivia")?)
///     .claim(Claim::new("iran".parse()?, Relation::SignedAgreement, "bolivia".parse()?, "2023-07".parse()?)
///         .with_evidence(Attribution::new(Grade::confidence(0.8)?).with_claimant("bolivia".parse()?)));
/// g.apply(batch)?;
/// assert_eq!((g.actor_count(), g.claim_count()), (2, 1));
/// // a batch with one bad claim changes nothing, not even the actor merged before it
/// let bad = Batch::new()
///     .merge(Actor::new("iran", ActorKind::State, "Irán")?)
///     .claim(Claim::new("iran".parse()?, Relation::MetWith, "nobody".parse()?, ValidTime::ALWAYS)
///         .with_evidence(Attribution::new(Grade::confidence(0.5)?).with_claimant("iran".parse()?)));
/// assert!(g.apply(bad).is_err());
/// assert_eq!((g.actor_count(), g.claim_count()), (2, 1));
/// assert!(g.actor_by_key("iran").unwrap().aliases.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    /// Each actor with whether it merges (`true`) or must be new.
    actors: Vec<(Actor, bool)>,
    claims: Vec<Claim>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// Adds an actor to insert (its key must be new).
    pub fn actor(mut self, actor: Actor) -> Self {
        self.push_actor(actor);
        self
    }

    /// Adds an actor to insert or merge into the stored actor of its key.
    pub fn merge(mut self, actor: Actor) -> Self {
        self.push_merge(actor);
        self
    }

    /// Adds a claim to insert or merge.
    pub fn claim(mut self, claim: Claim) -> Self {
        self.push_claim(claim);
        self
    }

    /// Adds an actor to insert (by reference, for loops).
    pub fn push_actor(&mut self, actor: Actor) {
        self.actors.push((actor, false));
    }

    /// Adds an actor to insert or merge (by reference, for loops).
    pub fn push_merge(&mut self, actor: Actor) {
        self.actors.push((actor, true));
    }

    /// Adds a claim (by reference, for loops).
    pub fn push_claim(&mut self, claim: Claim) {
        self.claims.push(claim);
    }

    /// Whether the batch holds nothing.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty() && self.claims.is_empty()
    }

    /// How many actors the batch holds (new and merged).
    pub fn actor_count(&self) -> usize {
        self.actors.len()
    }

    /// How many claims the batch holds.
    pub fn claim_count(&self) -> usize {
        self.claims.len()
    }
}

/// What became of one actor of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorAdded {
    /// The actor was created.
    New(ActorId),
    /// The actor's key existed: its new names, ids and attributes were merged in.
    Merged(ActorId),
}

impl ActorAdded {
    /// The actor's id either way.
    pub fn id(self) -> ActorId {
        match self {
            ActorAdded::New(id) | ActorAdded::Merged(id) => id,
        }
    }
}

/// What [`ClaimGraph::apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// What happened to each actor, in batch order.
    pub actors: Vec<ActorAdded>,
    /// What happened to each claim, in batch order.
    pub claims: Vec<Added>,
}

impl ClaimGraph {
    /// Inserts (or merges) every actor and claim of the batch, or nothing: the first
    /// rejected item is reported as [`StoreError::Batch`] with its position (actors
    /// first, then claims) and the graph is left exactly as it was.
    ///
    /// **Complexity:** O(a + c) lookups for a batch of a actors and c claims, besides
    /// the cost of merging each claim's evidence. Each key is looked up once to
    /// validate, and the subject and object slots found then are reused to insert;
    /// the graph and its indexes grow once for the whole batch.
    pub fn apply(&mut self, batch: Batch) -> Result<BatchReport, StoreError> {
        let wrap = |index: usize, e: StoreError| StoreError::Batch {
            index,
            source: Box::new(e),
        };
        // Validate everything against the graph plus the batch's own actors.
        let mut pending: HashMap<&ActorKey, ActorKind> = HashMap::new();
        for (i, (actor, merge)) in batch.actors.iter().enumerate() {
            let conflict = |existing: ActorKind| StoreError::KindConflict {
                key: actor.key.clone(),
                existing,
                given: actor.kind,
            };
            if *merge {
                actor.validate().map_err(|e| wrap(i, e.into()))?;
                let known = self
                    .actor_by_key(actor.key.as_str())
                    .map(|a| a.kind)
                    .or_else(|| pending.get(&actor.key).copied());
                if let Some(existing) = known
                    && existing != actor.kind
                {
                    return Err(wrap(i, conflict(existing)));
                }
            } else {
                self.check_new_actor(actor).map_err(|e| wrap(i, e))?;
                if pending.contains_key(&actor.key) {
                    let key = actor.key.clone();
                    return Err(wrap(i, StoreError::DuplicateActor { key }));
                }
            }
            pending.entry(&actor.key).or_insert(actor.kind);
        }
        let lookup = |key: &ActorKey| pending.get(key).copied();
        // An external id names one claim: two claims of the batch with other keys
        // cannot both carry it (the graph's own ids are checked by resolve_claim).
        let mut named: HashMap<&str, ClaimKey> = HashMap::new();
        let mut ends = Vec::with_capacity(batch.claims.len());
        for (i, claim) in batch.claims.iter().enumerate() {
            ends.push(
                self.resolve_claim(claim, &lookup)
                    .map_err(|e| wrap(batch.actors.len() + i, e))?,
            );
            if claim.external_ids.is_empty() {
                continue;
            }
            let key = claim.key();
            for id in &claim.external_ids {
                match named.get(id.as_str()) {
                    Some(existing) if *existing != key => {
                        let conflict = StoreError::ExternalIdConflict {
                            id: id.clone(),
                            existing: Box::new(existing.clone()),
                            given: Box::new(key),
                        };
                        return Err(wrap(batch.actors.len() + i, conflict));
                    }
                    Some(_) => {}
                    None => {
                        named.insert(id, key.clone());
                    }
                }
            }
        }
        // Nothing below can fail: every item was checked against what precedes it.
        self.reserve(batch.actors.len(), batch.claims.len());
        let mut report = BatchReport {
            actors: Vec::with_capacity(batch.actors.len()),
            claims: Vec::with_capacity(batch.claims.len()),
        };
        for (actor, merge) in batch.actors {
            if merge {
                let before = self.actor_count();
                let id = self
                    .merge_actor(actor)
                    .expect("validated, and its kind checked, above");
                report.actors.push(if self.actor_count() > before {
                    ActorAdded::New(id)
                } else {
                    ActorAdded::Merged(id)
                });
            } else {
                let slot = self.insert_actor(actor);
                report.actors.push(ActorAdded::New(self.actor_id_of(slot)));
            }
        }
        for (claim, ends) in batch.claims.into_iter().zip(ends) {
            report.claims.push(self.insert_resolved(claim, ends));
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attribution, Grade, Relation, ValidTime};

    fn state(key: &str, name: &str) -> Actor {
        Actor::new(key, ActorKind::State, name).unwrap()
    }

    fn met(s: &str, o: &str) -> Claim {
        Claim::new(
            s.parse().unwrap(),
            Relation::MetWith,
            o.parse().unwrap(),
            ValidTime::ALWAYS,
        )
        .with_evidence(Attribution::new(Grade::Confidence(0.5)).with_claimant(s.parse().unwrap()))
    }

    #[test]
    fn merges_insert_then_add_names_and_report_which() {
        let mut g = ClaimGraph::new();
        g.add_actor(state("iran", "Iran")).unwrap();
        let report = g
            .apply(
                Batch::new()
                    .merge(state("iran", "Persia"))
                    .merge(state("peru", "Peru"))
                    .merge(state("peru", "Perú"))
                    .claim(met("iran", "peru")),
            )
            .unwrap();
        let iran = g.actor_id("iran").unwrap();
        let peru = g.actor_id("peru").unwrap();
        assert_eq!(
            report.actors,
            [
                ActorAdded::Merged(iran),
                ActorAdded::New(peru),
                ActorAdded::Merged(peru)
            ]
        );
        assert_eq!(g.actor_by_key("iran").unwrap().aliases[0].name, "Persia");
        // "Perú" folds to the name "Peru": no alias.
        assert!(g.actor_by_key("peru").unwrap().aliases.is_empty());
        assert_eq!(report.claims.len(), 1);
    }

    #[test]
    fn a_merge_of_another_kind_fails_with_its_index_and_changes_nothing() {
        let mut g = ClaimGraph::new();
        g.add_actor(state("iran", "Iran")).unwrap();
        let person = Actor::new("peru", ActorKind::Person, "Peru").unwrap();
        let e = g
            .apply(
                Batch::new()
                    .merge(state("peru", "Peru"))
                    .merge(person)
                    .claim(met("iran", "peru")),
            )
            .unwrap_err();
        assert_eq!(
            e,
            StoreError::Batch {
                index: 1,
                source: Box::new(StoreError::KindConflict {
                    key: "peru".parse().unwrap(),
                    existing: ActorKind::State,
                    given: ActorKind::Person,
                }),
            }
        );
        assert_eq!((g.actor_count(), g.claim_count()), (1, 0));
        // A new actor after a merge of the same key is a duplicate.
        let e = g
            .apply(
                Batch::new()
                    .merge(state("chile", "Chile"))
                    .actor(state("chile", "Chile")),
            )
            .unwrap_err();
        assert!(matches!(e, StoreError::Batch { index: 1, .. }), "{e:?}");
        assert_eq!(g.actor_count(), 1);
    }
}
