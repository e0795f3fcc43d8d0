//! What a claim record keeps per attribution, and the fixed-width encodings that
//! let it keep it in 32 bytes: actor slots and interned numbers as `u32` with a
//! sentinel instead of `Option` (which would double each to 8 bytes), dates in one
//! `u32`, the grade in one `u64`, a single relay in place, and longer relay chains
//! in one pool per claim (most attributions have none or one).

use super::graph::NodeSlot;
use crate::model::{
    Admiralty, Credibility, Grade, PartialDate, Reliability, ValidTime, confidence,
};

/// The sentinel of absent `u32` numbers (actor slots never reach it: petgraph
/// reserves `u32::MAX` as its own end marker).
pub(crate) const NONE: u32 = u32::MAX;

/// Where [`StoredEvidence::relays`] stops being a slot and becomes a pool position
/// (slots from here on go to the pool too; a pool would need 8 GiB of relays in
/// one claim to reach `NONE`).
pub(crate) const POOLED: u32 = 1 << 31;

/// A partial date, or none, in 32 bits: `year << 9 | month << 5 | day` (month and
/// day 0 where the precision stops), 0 for none; years are 1 to 9999, so a present
/// date is never 0 and bit 31 stays free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct PackedDate(u32);

impl PackedDate {
    pub(crate) fn pack(date: Option<PartialDate>) -> PackedDate {
        date.map_or(PackedDate(0), |d| {
            let year = d.year_value() as u32;
            let month = u32::from(d.month_value().unwrap_or(0));
            let day = u32::from(d.day_value().unwrap_or(0));
            PackedDate((year << 9) | (month << 5) | day)
        })
    }

    pub(crate) fn unpack(self) -> Option<PartialDate> {
        if self.0 == 0 {
            return None;
        }
        let year = (self.0 >> 9) as i32;
        let (month, day) = (((self.0 >> 5) & 15) as u8, (self.0 & 31) as u8);
        let date = match (month, day) {
            (0, _) => PartialDate::year(year),
            (m, 0) => PartialDate::month(year, m),
            (m, d) => PartialDate::day(year, m, d),
        };
        Some(date.expect("packed from a valid date"))
    }
}

/// A valid time in 8 bytes (a [`ValidTime`] takes 28): both ends packed, the
/// single-date flag in the start's free top bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PackedValid {
    start: u32,
    end: u32,
}

const SINGLE: u32 = 1 << 31;

impl PackedValid {
    pub(crate) fn pack(valid: ValidTime) -> PackedValid {
        let single = if valid.is_single() { SINGLE } else { 0 };
        PackedValid {
            start: PackedDate::pack(valid.start()).0 | single,
            end: PackedDate::pack(valid.end()).0,
        }
    }

    pub(crate) fn unpack(self) -> ValidTime {
        let start = PackedDate(self.start & !SINGLE).unpack();
        match start {
            Some(date) if self.start & SINGLE != 0 => ValidTime::at(date),
            _ => ValidTime::between(start, PackedDate(self.end).unpack())
                .expect("packed from a valid time"),
        }
    }
}

/// Admiralty grades as a quiet NaN with the grade in the low byte: no stored
/// confidence is NaN (validation refuses it), so the two never meet.
const ADMIRALTY: u64 = 0x7ff8_0000_0000_0100;
const RELIABILITY: [Reliability; 6] = {
    use Reliability::*;
    [A, B, C, D, E, F]
};
const CREDIBILITY: [Credibility; 6] = {
    use Credibility::*;
    [
        Confirmed,
        ProbablyTrue,
        PossiblyTrue,
        Doubtful,
        Improbable,
        CannotBeJudged,
    ]
};

/// A grade in 8 bytes (a [`Grade`] takes 16): equal bits exactly when the grades
/// are equal, since confidences are stored normalised (no `-0.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PackedGrade(u64);

impl PackedGrade {
    pub(crate) fn pack(grade: Grade) -> PackedGrade {
        PackedGrade(match grade.normalised() {
            Grade::Confidence(c) => c.to_bits(),
            Grade::Admiralty(a) => ADMIRALTY | ((a.reliability as u64) << 3) | a.credibility as u64,
        })
    }

    pub(crate) fn unpack(self) -> Grade {
        if self.0 & !0xff == ADMIRALTY {
            Grade::Admiralty(Admiralty {
                reliability: RELIABILITY[(self.0 >> 3 & 7) as usize],
                credibility: CREDIBILITY[(self.0 & 7) as usize],
            })
        } else {
            Grade::Confidence(f64::from_bits(self.0))
        }
    }

    /// The confidence the grade stands for ([`Grade::value`]).
    #[inline]
    pub(crate) fn value(self) -> f64 {
        if self.0 & !0xff == ADMIRALTY {
            self.unpack().value()
        } else {
            f64::from_bits(self.0)
        }
    }
}

/// One attribution as a claim record stores it: 32 bytes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StoredEvidence {
    pub(crate) grade: PackedGrade,
    pub(crate) claimant: u32,
    pub(crate) outlet: u32,
    /// Number in `Tables::documents`, or [`NONE`].
    pub(crate) document: u32,
    /// Number in `Tables::excerpts`, or [`NONE`].
    pub(crate) excerpt: u32,
    pub(crate) reported: PackedDate,
    /// [`NONE`] for no relays; below [`POOLED`], the one relay's slot; else
    /// `POOLED +` the position in the claim's relay pool of the relays' count,
    /// which the relays follow.
    pub(crate) relays: u32,
}

fn slot(n: u32) -> Option<NodeSlot> {
    (n != NONE).then(|| NodeSlot::at(n))
}

fn number(n: u32) -> Option<u32> {
    (n != NONE).then_some(n)
}

/// One attribution of a stored claim, read through: its fields with their
/// relays looked up in the claim's pool.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Evidence<'a> {
    pub(crate) stored: &'a StoredEvidence,
    /// The pool of the claim (only the part `stored.relays` points at is read).
    pub(crate) pool: &'a [u32],
}

impl<'a> Evidence<'a> {
    /// Who asserted the claim.
    #[inline]
    pub(crate) fn claimant(self) -> Option<NodeSlot> {
        slot(self.stored.claimant)
    }

    /// The outlet that first published it.
    #[inline]
    pub(crate) fn outlet(self) -> Option<NodeSlot> {
        slot(self.stored.outlet)
    }

    /// The outlets that relayed it, in order.
    #[inline]
    pub(crate) fn relays(self) -> impl Iterator<Item = NodeSlot> + Clone + 'a {
        let ids: &'a [u32] = match self.stored.relays {
            NONE => &[],
            one if one < POOLED => std::slice::from_ref(&self.stored.relays),
            pooled => {
                let at = (pooled - POOLED) as usize;
                let count = self.pool[at] as usize;
                &self.pool[at + 1..at + 1 + count]
            }
        };
        ids.iter().map(|r| NodeSlot::at(*r))
    }

    /// The document's number in the tables.
    #[inline]
    pub(crate) fn document(self) -> Option<u32> {
        number(self.stored.document)
    }

    /// The excerpt's number in the tables.
    #[inline]
    pub(crate) fn excerpt(self) -> Option<u32> {
        number(self.stored.excerpt)
    }

    /// When it was reported.
    #[inline]
    pub(crate) fn reported(self) -> Option<PartialDate> {
        self.stored.reported.unpack()
    }

    /// How far to believe it.
    #[inline]
    pub(crate) fn grade(self) -> Grade {
        self.stored.grade.unpack()
    }

    /// Every source in the chain: claimant, outlet, relays.
    #[inline]
    pub(crate) fn chain(self) -> impl Iterator<Item = NodeSlot> + Clone + 'a {
        self.claimant()
            .into_iter()
            .chain(self.outlet())
            .chain(self.relays())
    }

    /// Whether two attributions are the same account: same claimant, outlet,
    /// relays, document, grade and excerpt. The reported date does not count (the
    /// same account dated by another import is not new evidence). The excerpt does:
    /// two quotes of one person in one article are two attributions (one voice, so
    /// the confidence is the same), and dropping the second would lose what the
    /// user recorded. Interned numbers compare as their values would.
    pub(crate) fn same_attribution(self, other: Evidence<'_>) -> bool {
        let (a, b) = (self.stored, other.stored);
        a.claimant == b.claimant
            && a.outlet == b.outlet
            && a.document == b.document
            && a.grade == b.grade
            && a.excerpt == b.excerpt
            && self.relays().eq(other.relays())
    }
}

/// The confidence model of [`confidence::combine`] over stored evidence.
pub(crate) fn derive<'a>(evidence: impl IntoIterator<Item = Evidence<'a>>) -> confidence::Derived {
    confidence::combine_by(
        evidence
            .into_iter()
            .map(|e| (e.claimant(), e.outlet(), e.stored.grade.value())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_admiralty_grade_and_edge_confidence_round_trips() {
        for r in RELIABILITY {
            for c in CREDIBILITY {
                let g = Grade::Admiralty(Admiralty {
                    reliability: r,
                    credibility: c,
                });
                assert_eq!(PackedGrade::pack(g).unpack(), g);
                assert_eq!(PackedGrade::pack(g).value(), g.value());
            }
        }
        for c in [0.0, -0.0, 1.0, 0.29, f64::MIN_POSITIVE] {
            let packed = PackedGrade::pack(Grade::Confidence(c));
            assert_eq!(packed.unpack(), Grade::Confidence(c + 0.0));
            assert_eq!(packed.value().to_bits(), (c + 0.0f64).to_bits());
        }
        assert_eq!(PackedDate::pack(None).unpack(), None);
    }

    fn date() -> impl Strategy<Value = PartialDate> {
        (1i32..=9999, 0u8..=12, 0u8..=31).prop_map(|(y, m, d)| match (m, d) {
            (0, _) => PartialDate::year(y).unwrap(),
            (m, 0) => PartialDate::month(y, m).unwrap(),
            (m, d) => PartialDate::day(y, m, d.min(28)).unwrap(),
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn dates_and_valid_times_round_trip(a in date(), b in date(), c in 0.0f64..=1.0, single in any::<bool>()) {
            prop_assert_eq!(PackedDate::pack(Some(a)).unpack(), Some(a));
            let (s, e) = if b.first_day() < a.first_day() { (b, a) } else { (a, b) };
            for v in [
                ValidTime::ALWAYS,
                ValidTime::at(a),
                ValidTime::between(Some(s), Some(e)).unwrap(),
                ValidTime::between(Some(s), None).unwrap(),
                ValidTime::between(None, Some(e)).unwrap(),
            ] {
                let v = if single { ValidTime::at(a) } else { v };
                prop_assert_eq!(PackedValid::pack(v).unpack(), v);
            }
            let g = Grade::Confidence(c);
            prop_assert_eq!(PackedGrade::pack(g).unpack(), g);
        }
    }
}

#[cfg(test)]
mod store_tests {
    use crate::ClaimGraph;
    use crate::model::{
        Actor, ActorKind, Attribution, Claim, Document, Grade, Relation, ValidTime,
    };

    /// Attributions with none, one and three relays, a document and an excerpt,
    /// merged in two steps, read back exactly as given (the single relay sits in
    /// the attribution, the three in the claim's pool).
    #[test]
    fn relays_documents_and_excerpts_read_back_as_given() {
        let mut g = ClaimGraph::new();
        for key in ["a", "b", "c", "d", "e", "f"] {
            g.add_actor(Actor::new(key, ActorKind::Person, key).unwrap())
                .unwrap();
        }
        let k = |s: &str| s.parse().unwrap();
        let first = Attribution::new(Grade::confidence(0.5).unwrap()).with_claimant(k("c"));
        let second = Attribution::new("B2".parse().map(Grade::Admiralty).unwrap())
            .with_outlet(k("d"))
            .with_relay(k("e"))
            .with_excerpt("said so")
            .with_reported("2024-02".parse().unwrap());
        let third = Attribution::new(Grade::confidence(0.25).unwrap())
            .with_claimant(k("c"))
            .with_outlet(k("f"))
            .with_relay(k("e"))
            .with_relay(k("d"))
            .with_relay(k("c"))
            .with_document(Document {
                url: Some("https://example.org/1".into()),
                title: None,
                lang: Some("es".into()),
                published: None,
            });
        let claim = |evidence: Vec<Attribution>| {
            let mut c = Claim::new(k("a"), Relation::MetWith, k("b"), ValidTime::ALWAYS);
            c.evidence = evidence;
            c
        };
        g.add_claim(claim(vec![first.clone(), third.clone()]))
            .unwrap();
        let id = g
            .add_claim(claim(vec![second.clone(), third.clone()]))
            .unwrap()
            .id();
        let stored = g.claim(id).unwrap();
        assert_eq!(stored.to_claim(), claim(vec![first, third, second]));
        let relays: Vec<usize> = stored.evidence().map(|e| e.relays().count()).collect();
        assert_eq!(relays, [0, 3, 1]);
        assert_eq!(stored.evidence().nth(2).unwrap().excerpt(), Some("said so"));
    }
}
