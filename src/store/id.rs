//! Actor and claim ids that know which graph and which slot generation they belong to.
//!
//! A store reuses the slots of removed actors and claims. An id therefore carries
//! the identity of the graph it came from and the generation of its slot (how many
//! times an item in that slot has been removed before): a lookup checks both, so an
//! id from another graph, or of an item removed since, finds nothing instead of
//! another item's answer. Snapshots keep the identity and generations of the graph
//! they were taken from, so ids move freely between a store and its snapshots while
//! both hold the item.

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};

/// The identity of one graph (a store and the snapshots taken from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GraphTag(pub(crate) u32);

impl GraphTag {
    /// A tag no other graph of this process has.
    pub(crate) fn fresh() -> GraphTag {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        GraphTag(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// The id of an actor in a [`ClaimGraph`](crate::ClaimGraph) or one of its
/// [`Snapshot`](crate::Snapshot)s.
///
/// Valid while the actor exists. The id of a removed actor, or an id from another
/// graph (a clone counts as another graph), is refused by every lookup (`None`, or
/// an empty answer), even after the slot is reused. Keep [`ActorKey`](crate::model::ActorKey)s
/// for anything that must outlive the graph.
///
/// Ids of one graph order by slot index, which is insertion order while nothing
/// has been removed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorId {
    pub(crate) graph: GraphTag,
    pub(crate) slot: u32,
    pub(crate) generation: u32,
}

impl ActorId {
    /// The slot index (dense while no actor has been removed): a position for
    /// per-actor arrays such as PageRank scores, not an id to keep.
    pub fn index(self) -> usize {
        self.slot as usize
    }
}

/// The id of a claim in a [`ClaimGraph`](crate::ClaimGraph) or one of its
/// [`Snapshot`](crate::Snapshot)s.
///
/// Valid while the claim exists; like [`ActorId`], a stale or foreign id is refused.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClaimId {
    pub(crate) graph: GraphTag,
    pub(crate) slot: u32,
    pub(crate) generation: u32,
}

impl ClaimId {
    /// The slot index.
    pub fn index(self) -> usize {
        self.slot as usize
    }
}

/// `ActorId(3)`, or `ActorId(3/2)` for the third actor to hold slot 3: the graph's
/// identity is left out, so answers of a graph and of its clone print alike.
impl fmt::Debug for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.generation {
            0 => write!(f, "ActorId({})", self.slot),
            g => write!(f, "ActorId({}/{g})", self.slot),
        }
    }
}

/// `ClaimId(7)`, or `ClaimId(7/1)` for a reused slot; see [`ActorId`]'s `Debug`.
impl fmt::Debug for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.generation {
            0 => write!(f, "ClaimId({})", self.slot),
            g => write!(f, "ClaimId({}/{g})", self.slot),
        }
    }
}

/// Per-slot generations: how many times each slot's item was removed. Empty until
/// the first removal, so graphs that never remove anything pay one bounds check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Generations(pub(super) Vec<u32>);

impl Generations {
    #[inline]
    pub(crate) fn get(&self, slot: u32) -> u32 {
        self.0.get(slot as usize).copied().unwrap_or(0)
    }

    /// Marks the item in `slot` removed: ids naming it go stale.
    pub(crate) fn bump(&mut self, slot: u32) {
        let slot = slot as usize;
        if self.0.len() <= slot {
            self.0.resize(slot + 1, 0);
        }
        self.0[slot] = self.0[slot].wrapping_add(1);
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.0.capacity() * std::mem::size_of::<u32>()
    }
}

/// What turns slots into public ids, detached from the graph: for results that
/// answer id questions after the query returned (trees, reports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ids {
    pub(crate) graph: GraphTag,
    pub(crate) actors: Generations,
    pub(crate) claims: Generations,
}

impl Ids {
    pub(crate) fn actor(&self, slot: u32) -> ActorId {
        ActorId {
            graph: self.graph,
            slot,
            generation: self.actors.get(slot),
        }
    }

    pub(crate) fn claim(&self, slot: u32) -> ClaimId {
        ClaimId {
            graph: self.graph,
            slot,
            generation: self.claims.get(slot),
        }
    }

    /// The slot of an id of this graph (its generation checked).
    pub(crate) fn slot(&self, id: ActorId) -> Option<u32> {
        (id.graph == self.graph && id.generation == self.actors.get(id.slot)).then_some(id.slot)
    }
}

impl ClaimId {
    /// A placeholder that no graph hands out.
    pub(crate) const NONE: ClaimId = ClaimId {
        graph: GraphTag(0),
        slot: u32::MAX,
        generation: 0,
    };
}
