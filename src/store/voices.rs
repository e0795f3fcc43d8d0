//! A claim's voices kept up to date attribution by attribution, so that merging
//! evidence into a claim that already has n attributions costs no more than merging
//! into a new one.
//!
//! Most claims hold a handful of attributions; for them the record keeps no index
//! (recomputing [`combine_by`](crate::model::confidence::combine_by) over up to [`INDEX_FROM`] attributions is
//! cheaper than any map, and costs no memory). Past that, the record carries a
//! [`Voices`]: the canonical slots of
//! [`combine`](crate::model::confidence::combine) with their union-find,
//! where each claimant and each first outlet points, the combination tree over the
//! slots, the sources the claim cites, and a fingerprint index of its attributions
//! for duplicate detection. The value it keeps is the one `combine_by` computes from
//! scratch over the same evidence, to the bit: both follow the canonical order and
//! the same tree of `either` steps.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use super::graph::{ClaimRecord, NodeSlot};
use super::packed::Evidence;
use crate::model::confidence::{Derived, SlotChange, Slots, either};

/// Number of attributions up to which a claim keeps no voice index.
pub(crate) const INDEX_FROM: usize = 16;

/// The incremental state of a claim with many attributions (see the module docs).
#[derive(Debug, Clone, Default)]
pub(crate) struct Voices {
    slots: Slots,
    /// Where each claimant points (any slot of its voice).
    claimants: HashMap<NodeSlot, u32>,
    /// Where each first outlet points.
    outlets: HashMap<NodeSlot, u32>,
    /// `levels[l - 1][i]` combines the complete block of slots `[i 2^l, (i + 1) 2^l)`;
    /// level 0 is the slots' leaves themselves.
    levels: Vec<Vec<f64>>,
    /// Every claimant, outlet and relay the claim's evidence names.
    sources: HashSet<NodeSlot>,
    /// Fingerprint of an attribution's identity -> the first evidence with it.
    identities: HashMap<u64, u32>,
}

/// A claim record's voice index: none for small claims. Compares equal always,
/// because it is derived from the evidence, which the record compares.
#[derive(Debug, Clone, Default)]
pub(crate) struct VoiceIndex(pub(crate) Option<Box<Voices>>);

impl PartialEq for VoiceIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The fingerprint of what makes two attributions the same (see
/// [`Evidence::same_attribution`]).
fn fingerprint(e: Evidence<'_>) -> u64 {
    let s = e.stored;
    let mut h = DefaultHasher::new();
    (s.claimant, s.outlet, s.document, s.excerpt, s.grade).hash(&mut h);
    for relay in e.relays() {
        relay.hash(&mut h);
    }
    h.finish()
}

impl Voices {
    /// The index of a claim's evidence, built by adding it in order.
    pub(crate) fn build(record: &ClaimRecord) -> Self {
        let mut voices = Voices::default();
        for (i, e) in record.evidence().enumerate() {
            voices.push(i as u32, e, &mut |_| {});
        }
        voices
    }

    /// Whether `record` (the claim this indexes) holds an attribution the same as
    /// `e`.
    ///
    /// **Complexity:** **O(1)** expected (a full scan only after a 64-bit fingerprint
    /// collision between different attributions).
    pub(crate) fn contains(&self, record: &ClaimRecord, e: Evidence<'_>) -> bool {
        match self.identities.get(&fingerprint(e)) {
            None => false,
            Some(&first) if record.evidence_at(first as usize).same_attribution(e) => true,
            Some(_) => record.evidence().any(|x| x.same_attribution(e)),
        }
    }

    /// Indexes `e`, the claim's evidence number `index`; `cited` receives each source
    /// the claim did not cite before.
    ///
    /// **Complexity:** **O(1)** amortised for the maps, plus **O(log v)** `either`
    /// steps (v slots) when the attribution opens, raises or merges a voice.
    pub(crate) fn push(&mut self, index: u32, e: Evidence<'_>, cited: &mut dyn FnMut(NodeSlot)) {
        self.identities.entry(fingerprint(e)).or_insert(index);
        for source in e.chain() {
            if self.sources.insert(source) {
                cited(source);
            }
        }
        let by_claimant = e.claimant().and_then(|k| self.claimants.get(&k).copied());
        let by_outlet = e.outlet().and_then(|k| self.outlets.get(&k).copied());
        let (slot, change) = self
            .slots
            .add_tracked(by_claimant, by_outlet, e.stored.grade.value());
        if let Some(k) = e.claimant()
            && by_claimant.is_none()
        {
            self.claimants.insert(k, slot);
        }
        if let Some(k) = e.outlet()
            && by_outlet.is_none()
        {
            self.outlets.insert(k, slot);
        }
        match change {
            SlotChange::None => {}
            SlotChange::Opened(slot) => self.opened(slot),
            SlotChange::Raised(slot) => self.changed(slot),
            SlotChange::Merged(keep, drop) => {
                self.changed(keep);
                self.changed(drop);
            }
        }
    }

    fn level(&self, l: usize) -> &[f64] {
        if l == 0 {
            &self.slots.leaves
        } else {
            &self.levels[l - 1]
        }
    }

    /// The new last slot completes a block at every level its number + 1 is a
    /// multiple of.
    fn opened(&mut self, slot: u32) {
        let completed = (slot + 1).trailing_zeros() as usize;
        for l in 1..=completed {
            let below = self.level(l - 1);
            let i = (slot as usize) >> l;
            let value = either(below[2 * i], below[2 * i + 1]);
            if self.levels.len() < l {
                self.levels.push(Vec::new());
            }
            self.levels[l - 1].push(value);
        }
    }

    /// A slot's leaf changed: recombine the complete blocks above it.
    fn changed(&mut self, slot: u32) {
        for l in 1..=self.levels.len() {
            let i = (slot as usize) >> l;
            if i >= self.levels[l - 1].len() {
                break;
            }
            let below = self.level(l - 1);
            let value = either(below[2 * i], below[2 * i + 1]);
            self.levels[l - 1][i] = value;
        }
    }

    /// The claim's confidence and number of voices.
    ///
    /// **Complexity:** **O(log v)**: one `either` per binary digit of the number of
    /// slots.
    pub(crate) fn derived(&self) -> Derived {
        let n = self.slots.leaves.len();
        let mut value: Option<f64> = None;
        // Blocks from the smallest (rightmost) to the largest, as `confidence::tree`.
        let mut end = n;
        for bit in 0..usize::BITS as usize {
            let size = 1usize << bit;
            if n & size != 0 {
                let start = end - size;
                let block = self.level(bit)[start >> bit];
                value = Some(match value {
                    None => block,
                    Some(acc) => either(block, acc),
                });
                end = start;
            }
        }
        Derived {
            value: f64::clamp(value.unwrap_or(0.0), 0.0, 1.0),
            origins: self.slots.origins,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, confidence};
    use crate::store::packed::{NONE, PackedDate, PackedGrade, StoredEvidence};
    use proptest::prelude::*;

    fn evidence(claimant: Option<u32>, outlet: Option<u32>, grade: f64) -> StoredEvidence {
        StoredEvidence {
            grade: PackedGrade::pack(Grade::Confidence(grade)),
            claimant: claimant.unwrap_or(NONE),
            outlet: outlet.map_or(NONE, |o| 100 + o),
            document: NONE,
            excerpt: NONE,
            reported: PackedDate::default(),
            relays: NONE,
        }
    }

    fn view(e: &StoredEvidence) -> Evidence<'_> {
        Evidence {
            stored: e,
            pool: &[],
        }
    }

    fn build(evidence: &[StoredEvidence]) -> Voices {
        let mut v = Voices::default();
        for (i, e) in evidence.iter().enumerate() {
            v.push(i as u32, view(e), &mut |_| {});
        }
        v
    }

    fn from_scratch(evidence: &[StoredEvidence]) -> Derived {
        confidence::combine_by(evidence.iter().map(|e| {
            let e = view(e);
            (e.claimant(), e.outlet(), e.grade().value())
        }))
    }

    #[test]
    fn the_tree_matches_known_values() {
        // Three independent voices: slots [0.5, 0.5, 0.5], blocks [0.5 0.5] and [0.5]:
        // either(either(0.5, 0.5), 0.5) = either(0.75, 0.5) = 0.875.
        let ev: Vec<StoredEvidence> = (0..3).map(|c| evidence(Some(c), None, 0.5)).collect();
        let v = build(&ev);
        assert_eq!(v.derived().value, 0.875);
        assert_eq!(v.derived().origins, 3);
        // A fourth attribution joining claimant 0 through outlet 7 and claimant 2 unites
        // voices 0 and 2: slots [0.9, 0.5, 0] -> either(either(0.9, 0.5), 0), and
        // either(x, 0) is x.
        let mut ev = ev;
        ev.push(evidence(Some(0), Some(7), 0.9));
        ev.push(evidence(Some(2), Some(7), 0.1));
        let v = build(&ev);
        assert_eq!(v.derived().origins, 2);
        assert_eq!(v.derived().value, 0.9 + 0.5 * (1.0 - 0.9));
        assert_eq!(v.derived(), from_scratch(&ev));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn incremental_equals_from_scratch_at_every_step(
            items in prop::collection::vec(
                (prop::option::of(0u32..40), prop::option::of(0u32..12), 0.0f64..=1.0),
                1..200,
            )
        ) {
            let ev: Vec<StoredEvidence> = items
                .iter()
                .map(|&(c, o, g)| match (c, o) {
                    (None, None) => evidence(Some(0), None, g),
                    _ => evidence(c, o, g),
                })
                .collect();
            let mut v = Voices::default();
            for (i, e) in ev.iter().enumerate() {
                v.push(i as u32, view(e), &mut |_| {});
                let (inc, scratch) = (v.derived(), from_scratch(&ev[..=i]));
                prop_assert_eq!(inc.value.to_bits(), scratch.value.to_bits());
                prop_assert_eq!(inc.origins, scratch.origins);
            }
        }
    }
}
