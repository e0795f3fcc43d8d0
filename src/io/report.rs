//! What an import did: records read, committed, merged, skipped (with typed reasons)
//! and not represented.

use std::collections::BTreeMap;
use std::fmt;

use super::Position;

/// Why a record was skipped (with `skip_invalid`), or refused (without it).
///
/// The first group are records the format holds but the graph cannot: they are
/// skipped even by a strict import ([`SkipReason::skipped_when_strict`]). The others
/// are bad input: an error by default, a counted skip with `skip_invalid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SkipReason {
    /// An event without a second actor (GDELT, ICEWS).
    MissingActor,
    /// A GDELT 2.0 mention of an event that is not in the graph.
    UnknownEvent,
    /// An event code or event name outside the CAMEO table.
    UnknownCode,
    /// The actors' kinds are outside the relation's domain or range.
    KindsDoNotFit,
    /// Both ends of the claim are the same actor.
    SelfLoop,
    /// An FtM link without its subject or object property.
    MissingEndpoint,
    /// An FtM link to an id that is neither in the input nor in the graph.
    DanglingReference,
    /// An FtM link to an entity that is not an actor (an `Address`, a `Vessel`).
    EndpointNotActor,
    /// An FtM link to an entity that was itself skipped.
    EndpointSkipped,
    /// The line is not UTF-8.
    InvalidUtf8,
    /// A byte-order mark (U+FEFF) after the start of the input.
    ByteOrderMark,
    /// Not well-formed in its format: bad JSON, a wrong number of fields.
    Malformed,
    /// A field the format does not have (a misspelling such as `polarty`).
    UnknownField,
    /// A required field is absent or empty.
    MissingField,
    /// A field holds a value the format or the model does not accept.
    InvalidValue,
    /// A date that is truncated, impossible (`2015-02-30`) or zero (`00000000`).
    InvalidDate,
    /// An actor key used twice with different contents.
    DuplicateKey,
    /// More property values than [`Limits::properties`](super::Limits::properties).
    TooManyProperties,
    /// More claims from one record than [`Limits::claims_per_record`](super::Limits::claims_per_record).
    TooManyClaims,
    /// More attributions on one row than [`Limits::attributions_per_row`](super::Limits::attributions_per_row).
    TooManyAttributions,
    /// A line longer than [`Limits::line_bytes`](super::Limits::line_bytes); always
    /// stops the import, since the reader cannot tell where the next record starts.
    LineTooLong,
    /// The store rejected the record (an actor key already of another kind, an
    /// unknown actor, a self link).
    Rejected,
}

impl SkipReason {
    /// Whether a strict import skips such a record rather than failing: the record is
    /// well-formed, but the graph has no place for it.
    pub fn skipped_when_strict(self) -> bool {
        matches!(
            self,
            SkipReason::MissingActor
                | SkipReason::UnknownEvent
                | SkipReason::UnknownCode
                | SkipReason::KindsDoNotFit
                | SkipReason::SelfLoop
                | SkipReason::MissingEndpoint
                | SkipReason::DanglingReference
                | SkipReason::EndpointNotActor
                | SkipReason::EndpointSkipped
        )
    }

    /// A short description.
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::MissingActor => "missing actor",
            SkipReason::UnknownEvent => "unknown event",
            SkipReason::UnknownCode => "unknown event code",
            SkipReason::KindsDoNotFit => "kinds do not fit relation",
            SkipReason::SelfLoop => "self loop",
            SkipReason::MissingEndpoint => "missing endpoint",
            SkipReason::DanglingReference => "dangling reference",
            SkipReason::EndpointNotActor => "endpoint is not an actor",
            SkipReason::EndpointSkipped => "endpoint was skipped",
            SkipReason::InvalidUtf8 => "not valid UTF-8",
            SkipReason::ByteOrderMark => "byte-order mark inside the input",
            SkipReason::Malformed => "malformed record",
            SkipReason::UnknownField => "unknown field",
            SkipReason::MissingField => "missing field",
            SkipReason::InvalidValue => "invalid value",
            SkipReason::InvalidDate => "invalid date",
            SkipReason::DuplicateKey => "duplicate key",
            SkipReason::TooManyProperties => "too many properties",
            SkipReason::TooManyClaims => "too many claims from one record",
            SkipReason::TooManyAttributions => "too many attributions",
            SkipReason::LineTooLong => "line too long",
            SkipReason::Rejected => "rejected by the store",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// One skipped record: where it was, why, and the detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// Where the record (or its bad field) is.
    pub position: Position,
    /// Why it was skipped.
    pub reason: SkipReason,
    /// What exactly was wrong (`SQLDATE 00000000 is not a date`).
    pub detail: String,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.position, self.reason, self.detail)
    }
}

/// Counts kept by every importer.
///
/// Every record read is accounted for exactly once:
/// `read = committed + merged + skipped() + not_represented_total()`
/// ([`ImportReport::adds_up`]). Header and blank lines are not records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records read.
    pub read: usize,
    /// Records that created something: a new claim, or a new actor for a record that
    /// describes only an actor.
    pub committed: usize,
    /// Records whose content all merged into claims or actors that existed already.
    pub merged: usize,
    /// Records the format holds but the graph has no place for, by kind (FtM
    /// `Address` -> 12).
    pub not_represented: BTreeMap<String, usize>,
    /// Records skipped, by reason.
    pub skipped_by_reason: BTreeMap<SkipReason, usize>,
    /// The first skipped records (at most [`ImportReport::MAX_SKIPS_KEPT`]).
    pub skips: Vec<Skip>,
    /// Actors created.
    pub actors_new: usize,
    /// Claims created (one FtM record may create several).
    pub claims_new: usize,
}

impl ImportReport {
    /// How many individual skips are kept with their positions.
    pub const MAX_SKIPS_KEPT: usize = 1_000;

    /// Records skipped.
    pub fn skipped(&self) -> usize {
        self.skipped_by_reason.values().sum()
    }

    /// Records not represented, all kinds together.
    pub fn not_represented_total(&self) -> usize {
        self.not_represented.values().sum()
    }

    /// Whether `read = committed + merged + skipped + not_represented`.
    pub fn adds_up(&self) -> bool {
        self.read == self.committed + self.merged + self.skipped() + self.not_represented_total()
    }

    /// Records a skipped record.
    pub(crate) fn skip(&mut self, position: Position, reason: SkipReason, detail: String) {
        *self.skipped_by_reason.entry(reason).or_default() += 1;
        if self.skips.len() < Self::MAX_SKIPS_KEPT {
            self.skips.push(Skip {
                position,
                reason,
                detail,
            });
        }
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "read {}, committed {}, merged {}, skipped {}, not represented {} \
             (new actors {}, new claims {})",
            self.read,
            self.committed,
            self.merged,
            self.skipped(),
            self.not_represented_total(),
            self.actors_new,
            self.claims_new,
        )?;
        for (reason, n) in &self.skipped_by_reason {
            write!(f, "\n  skipped {n}: {reason}")?;
        }
        for (kind, n) in &self.not_represented {
            write!(f, "\n  not represented {n}: {kind}")?;
        }
        Ok(())
    }
}
