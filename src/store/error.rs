//! Errors raised by the store: unknown keys, ambiguous names, relations that do not fit.

use thiserror::Error;

use crate::model::{ActorKey, ActorKind, ClaimKey, ModelError, Relation};

/// A store operation was rejected; the store is unchanged.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A value was invalid on its own.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// An actor with this key already exists.
    #[error("actor {key} already exists")]
    DuplicateActor {
        /// The key.
        key: ActorKey,
    },
    /// No actor has this key.
    #[error("unknown actor {key:?} in field `{field}`")]
    UnknownActor {
        /// The key as given.
        key: String,
        /// Where it was named (`subject`, `object`, `claimant`, `outlet`, `relays`, `key`).
        field: &'static str,
    },
    /// An actor merged under an existing key had another kind.
    #[error("actor {key} is a {existing}, not a {given}")]
    KindConflict {
        /// The key.
        key: ActorKey,
        /// The stored kind.
        existing: ActorKind,
        /// The kind given.
        given: ActorKind,
    },
    /// The subject or object's kind is outside the relation's domain or range.
    #[error("relation {relation} does not accept a {kind} as {field} ({key})")]
    KindMismatch {
        /// The relation.
        relation: Relation,
        /// `subject` or `object`.
        field: &'static str,
        /// The actor.
        key: ActorKey,
        /// Its kind.
        kind: ActorKind,
    },
    /// A claim links an actor to itself.
    #[error("claim links {key} to itself")]
    SelfLoop {
        /// The actor.
        key: ActorKey,
    },
    /// A claim's external id already names another claim: one id would name two.
    #[error("external id {id} already names the claim {existing}, not {given}")]
    ExternalIdConflict {
        /// The external id (`gdelt:410412347`).
        id: String,
        /// The claim it names.
        existing: Box<ClaimKey>,
        /// The claim given with it.
        given: Box<ClaimKey>,
    },
    /// No claim has this id.
    #[error("unknown claim id {id}")]
    UnknownClaim {
        /// The id.
        id: u32,
    },
    /// The actor cannot be removed while attributions cite it as a source.
    #[error("actor {key} is cited as a source by {claims} claim(s); remove that evidence first")]
    ActorCited {
        /// The actor.
        key: ActorKey,
        /// How many claims cite it.
        claims: usize,
    },
    /// An item of a batch was rejected; the batch was not applied.
    #[error("batch item {index} rejected: {source}")]
    Batch {
        /// 0-based position of the item in its list (actors, then claims).
        index: usize,
        /// What was wrong with it.
        #[source]
        source: Box<StoreError>,
    },
}

/// A name lookup that did not give exactly one actor.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum LookupError {
    /// No actor has this key or name.
    #[error("no actor is named {name:?}")]
    NotFound {
        /// The name as given.
        name: String,
    },
    /// Several actors share this name; pick one by key.
    #[error("the name {name:?} is ambiguous: {}", candidates.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))]
    Ambiguous {
        /// The name as given.
        name: String,
        /// The keys of every actor with that name.
        candidates: Vec<ActorKey>,
    },
}
