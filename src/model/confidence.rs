//! How a claim's confidence is derived from its evidence.

use std::collections::HashMap;

use super::{ActorKey, Attribution};

/// A claim's derived confidence and the number of independent voices behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Derived {
    /// The combined confidence, in `[0, 1]`.
    pub value: f64,
    /// How many independent origins (voices) the evidence comes from.
    pub origins: usize,
}

/// Combines attributions into one confidence.
///
/// # Model
///
/// 1. **Voices.** Two attributions belong to the same voice when they share an origin:
///    the same claimant, or the same first outlet. The relation is closed
///    transitively (Toma on DNews and Toma in La Nación are one voice, and so is
///    anything else La Nación first published). Relays never create or join voices:
///    Diálogo repeating La Nación adds no information about the world.
/// 2. **A voice's confidence** is the highest grade among its attributions: a voice
///    heard twice is not more likely to be right, but its best-graded account stands.
/// 3. **Independent voices combine by noisy-OR**: the claim is false only if every
///    voice is wrong, and voices are assumed to err independently, so
///    `c = 1 - Π (1 - c_v)`.
///
/// Consequences, each checked by property tests: the result is in `[0, 1]`; adding
/// a relay of an existing origin (same claimant and outlet, same grade) changes
/// nothing; adding an attribution from a new, independent origin never lowers it.
/// The independence assumption is the model's weak point: voices that copy each
/// other without saying so are counted twice. No evidence gives confidence 0.
///
/// # Canonical order
///
/// Floating-point noisy-OR depends on the order in which voices are combined, and
/// the store keeps a claim's confidence up to date attribution by attribution
/// instead of recomputing it, so the order is fixed here and the store follows it
/// to the bit. Attributions are read in order; one that shares no origin with an
/// earlier one opens a new **slot** holding its grade. One that shares an origin
/// raises its voice's slot to its grade if higher. One that joins two voices keeps
/// the earlier slot (at the higher of the two bests) and leaves the later slot at
/// 0, which the combination ignores exactly. The slots combine by
/// `either(x, y) = x + y (1 - x)` over a fixed binary tree: slots are cut into
/// aligned blocks of 2^k from the left (the binary digits of their number, largest
/// first), each block combines its halves recursively, and the blocks combine from
/// the right: `either(B_0, either(B_1, … B_last))`. This is the complete binary tree
/// over the slots padded with zeros, so a new voice changes one leaf and its
/// ancestors; it never lowers the result (each step is monotone in the changed
/// operand or adds an exact zero), and a single voice gives exactly its grade.
///
/// **Complexity:** **O(n α(n))** for n attributions (union-find over origins).
///
/// ```
/// use claimgraph::model::{confidence, ActorKey, Attribution, Grade};
/// let k = |s: &str| ActorKey::new(s).unwrap();
/// let toma_dnews = Attribution::new(Grade::confidence(0.5)?).with_claimant(k("toma")).with_outlet(k("dnews"));
/// let relayed = toma_dnews.clone().with_relay(k("dialogo"));
/// let la_nacion = Attribution::new(Grade::confidence(0.6)?).with_claimant(k("la_nacion"));
/// let d = confidence::combine(&[toma_dnews, relayed, la_nacion]);
/// assert_eq!(d.origins, 2);
/// assert!((d.value - 0.8).abs() < 1e-12);
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
pub fn combine(evidence: &[Attribution]) -> Derived {
    combine_by(
        evidence
            .iter()
            .map(|a| (a.claimant.as_ref(), a.outlet.as_ref(), a.grade.value())),
    )
}

/// [`combine`] over `(claimant, outlet, confidence)` triples with any key type: the
/// same model, in the same canonical order, for callers that keep sources interned.
pub fn combine_by<K, I>(items: I) -> Derived
where
    K: Eq + std::hash::Hash,
    I: IntoIterator<Item = (Option<K>, Option<K>, f64)>,
{
    let items = items.into_iter();
    let mut slots = Slots::with_capacity(items.size_hint().0);
    // Each claimant and each outlet points at a slot of its voice.
    let few = items.size_hint().1.is_some_and(|n| n <= 16);
    let mut claimants = SourceSlots::new(few);
    let mut outlets = SourceSlots::new(few);
    for (claimant, outlet, grade) in items {
        let by_claimant = claimant.as_ref().and_then(|k| claimants.get(k));
        let by_outlet = outlet.as_ref().and_then(|k| outlets.get(k));
        let slot = slots.add(by_claimant, by_outlet, grade);
        if let Some(k) = claimant
            && by_claimant.is_none()
        {
            claimants.insert(k, slot);
        }
        if let Some(k) = outlet
            && by_outlet.is_none()
        {
            outlets.insert(k, slot);
        }
    }
    Derived {
        value: tree(&slots.leaves),
        origins: slots.origins,
    }
}

/// Where each claimant or outlet seen so far points: a short list while few
/// attributions are combined (the usual case: no hashing), a hash map beyond.
enum SourceSlots<K> {
    Few(Vec<(K, u32)>),
    Many(HashMap<K, u32>),
}

impl<K: Eq + std::hash::Hash> SourceSlots<K> {
    fn new(few: bool) -> Self {
        if few {
            SourceSlots::Few(Vec::new())
        } else {
            SourceSlots::Many(HashMap::new())
        }
    }

    fn get(&self, key: &K) -> Option<u32> {
        match self {
            SourceSlots::Few(list) => list.iter().find(|(k, _)| k == key).map(|(_, s)| *s),
            SourceSlots::Many(map) => map.get(key).copied(),
        }
    }

    fn insert(&mut self, key: K, slot: u32) {
        match self {
            SourceSlots::Few(list) => list.push((key, slot)),
            SourceSlots::Many(map) => {
                map.insert(key, slot);
            }
        }
    }
}

/// The slots of [`combine`]'s canonical order, with a union-find over them: each
/// voice's value sits in its earliest slot, the slots it absorbed hold 0.
#[derive(Debug, Clone, Default)]
pub(crate) struct Slots {
    /// Per slot, the slot it was merged into (itself for a voice's own slot).
    parent: Vec<u32>,
    /// Per slot, its voice's best grade if it is the voice's slot, else 0.
    pub(crate) leaves: Vec<f64>,
    /// Number of voices.
    pub(crate) origins: usize,
}

/// What [`Slots::add`] changed: the slots whose leaf changed, for a caller that
/// keeps the combination tree up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlotChange {
    /// Nothing (the attribution joined a voice without raising its best).
    None,
    /// A new slot was appended.
    Opened(u32),
    /// One slot's leaf changed.
    Raised(u32),
    /// The second slot was merged into the first: both leaves changed.
    Merged(u32, u32),
}

impl Slots {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Slots {
            parent: Vec::with_capacity(n),
            leaves: Vec::with_capacity(n),
            origins: 0,
        }
    }

    /// The voice slot of a slot.
    pub(crate) fn root(&mut self, mut slot: u32) -> u32 {
        while self.parent[slot as usize] != slot {
            let up = self.parent[self.parent[slot as usize] as usize];
            self.parent[slot as usize] = up;
            slot = up;
        }
        slot
    }

    /// Adds an attribution whose claimant and outlet point at the given slots (if
    /// seen before) and returns the slot to point its new sources at.
    pub(crate) fn add(
        &mut self,
        by_claimant: Option<u32>,
        by_outlet: Option<u32>,
        grade: f64,
    ) -> u32 {
        self.add_tracked(by_claimant, by_outlet, grade).0
    }

    /// [`Slots::add`], also saying which leaves changed.
    pub(crate) fn add_tracked(
        &mut self,
        by_claimant: Option<u32>,
        by_outlet: Option<u32>,
        grade: f64,
    ) -> (u32, SlotChange) {
        let roots = (
            by_claimant.map(|s| self.root(s)),
            by_outlet.map(|s| self.root(s)),
        );
        match roots {
            (None, None) => {
                let slot = self.leaves.len() as u32;
                self.parent.push(slot);
                self.leaves.push(grade);
                self.origins += 1;
                (slot, SlotChange::Opened(slot))
            }
            (Some(a), Some(b)) if a != b => {
                let (keep, drop) = (a.min(b), a.max(b));
                self.parent[drop as usize] = keep;
                let best = self.leaves[keep as usize]
                    .max(self.leaves[drop as usize])
                    .max(grade);
                self.leaves[keep as usize] = best;
                self.leaves[drop as usize] = 0.0;
                self.origins -= 1;
                (keep, SlotChange::Merged(keep, drop))
            }
            (Some(r), _) | (None, Some(r)) => {
                if grade > self.leaves[r as usize] {
                    self.leaves[r as usize] = grade;
                    (r, SlotChange::Raised(r))
                } else {
                    (r, SlotChange::None)
                }
            }
        }
    }
}

/// One step of noisy-OR: the chance that at least one of two independent accounts
/// is right. `either(x, 0) == x` and `either(0, y) == y` exactly.
pub(crate) fn either(x: f64, y: f64) -> f64 {
    x + y * (1.0 - x)
}

/// The combination of a complete block of 2^k leaves.
pub(crate) fn block(leaves: &[f64]) -> f64 {
    match leaves {
        [] => 0.0,
        [one] => *one,
        _ => {
            let (left, right) = leaves.split_at(leaves.len() / 2);
            either(block(left), block(right))
        }
    }
}

/// The canonical combination of slots (see [`combine`]): aligned blocks of the
/// binary digits of their number, combined from the right.
pub(crate) fn tree(leaves: &[f64]) -> f64 {
    let mut blocks = Vec::new();
    let mut start = 0;
    for bit in (0..usize::BITS).rev() {
        let size = 1usize << bit;
        if leaves.len() & size != 0 {
            blocks.push(block(&leaves[start..start + size]));
            start += size;
        }
    }
    let value = blocks
        .into_iter()
        .rev()
        .reduce(|acc, b| either(b, acc))
        .unwrap_or(0.0);
    f64::clamp(value, 0.0, 1.0)
}

/// Whether two attributions share an origin (same claimant, or same first outlet).
pub fn same_origin(a: &Attribution, b: &Attribution) -> bool {
    let same = |x: &Option<ActorKey>, y: &Option<ActorKey>| x.is_some() && x == y;
    same(&a.claimant, &b.claimant) || same(&a.outlet, &b.outlet)
}
