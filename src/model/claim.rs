//! Claims: a relation between two actors as sources assert it, with its evidence.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ActorKey, Attribution, ModelError, Relation, ValidTime, confidence};

/// Whether the sources assert the relation or deny it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// The relation holds, according to the evidence.
    #[default]
    Asserted,
    /// The relation does not hold, according to the evidence.
    Denied,
}

/// What sort of statement a claim is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// Something happened: a meeting, a signature, a sale.
    #[default]
    Event,
    /// A standing tie: membership, leadership, alliance, presence.
    Tie,
    /// A judgement or opinion: "threatens stability", "is a base of operations".
    Assessment,
}

impl StatementKind {
    /// Every kind.
    pub const ALL: [StatementKind; 3] = [
        StatementKind::Event,
        StatementKind::Tie,
        StatementKind::Assessment,
    ];
}

/// What identifies a claim: evidence for the same key merges into one claim.
///
/// For a symmetric relation the two actors are stored in key order, so that
/// "A met B" and "B met A" are one claim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimKey {
    /// The subject (the smaller key for symmetric relations).
    pub subject: ActorKey,
    /// The relation.
    pub relation: Relation,
    /// The object (the larger key for symmetric relations).
    pub object: ActorKey,
    /// Asserted or denied.
    pub polarity: Polarity,
    /// When it holds.
    pub valid: ValidTime,
}

impl fmt::Display for ClaimKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let not = if self.polarity == Polarity::Denied {
            "not "
        } else {
            ""
        };
        write!(
            f,
            "{} {not}{} {} @ {}",
            self.subject, self.relation, self.object, self.valid
        )
    }
}

/// A claim: sources say that `subject` stands in `relation` to `object` (or deny it),
/// during `valid`, and `evidence` says who says so.
///
/// Its confidence is never stored by hand: [`Claim::confidence`] derives it from the
/// evidence (see [`confidence::combine`]).
///
/// ```
/// use claimgraph::model::{ActorKey, Attribution, Claim, Grade, Relation};
/// let claim = Claim::new("iran".parse()?, Relation::SuppliesArms, "bolivia".parse()?, "2023-07".parse()?)
///     .with_evidence(Attribution::new(Grade::confidence(0.6)?).with_claimant("la_nacion".parse()?))
///     .with_evidence(Attribution::new(Grade::confidence(0.5)?).with_claimant("toma".parse()?));
/// // two independent voices: 1 - (1 - 0.6)(1 - 0.5) = 0.8
/// assert!((claim.confidence() - 0.8).abs() < 1e-12);
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Who acts or holds the tie.
    pub subject: ActorKey,
    /// The relation claimed.
    pub relation: Relation,
    /// Who is acted upon or tied to.
    pub object: ActorKey,
    /// Asserted or denied.
    #[serde(default)]
    pub polarity: Polarity,
    /// When the relation holds.
    #[serde(default)]
    pub valid: ValidTime,
    /// Event or tie versus assessment.
    #[serde(default)]
    pub statement: StatementKind,
    /// Codes of outside vocabularies the claim was imported under (`CAMEO:042`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub codes: BTreeSet<String>,
    /// Who says so: at least one attribution.
    pub evidence: Vec<Attribution>,
}

impl Claim {
    /// An asserted event claim with no evidence yet.
    pub fn new(subject: ActorKey, relation: Relation, object: ActorKey, valid: ValidTime) -> Self {
        Claim {
            subject,
            relation,
            object,
            polarity: Polarity::Asserted,
            valid,
            statement: StatementKind::Event,
            codes: BTreeSet::new(),
            evidence: Vec::new(),
        }
    }

    /// Sets the polarity.
    pub fn with_polarity(mut self, polarity: Polarity) -> Self {
        self.polarity = polarity;
        self
    }

    /// Sets the statement kind.
    pub fn with_statement(mut self, statement: StatementKind) -> Self {
        self.statement = statement;
        self
    }

    /// Adds an outside code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.codes.insert(code.into());
        self
    }

    /// Adds an attribution.
    pub fn with_evidence(mut self, attribution: Attribution) -> Self {
        self.evidence.push(attribution);
        self
    }

    /// The key under which evidence merges.
    pub fn key(&self) -> ClaimKey {
        let (subject, object) = if self.relation.is_symmetric() && self.object < self.subject {
            (self.object.clone(), self.subject.clone())
        } else {
            (self.subject.clone(), self.object.clone())
        };
        ClaimKey {
            subject,
            relation: self.relation.clone(),
            object,
            polarity: self.polarity,
            valid: self.valid,
        }
    }

    /// The confidence derived from all the evidence (see [`confidence::combine`]).
    pub fn confidence(&self) -> f64 {
        confidence::combine(&self.evidence).value
    }

    /// The number of independent origins among the evidence.
    pub fn origins(&self) -> usize {
        confidence::combine(&self.evidence).origins
    }

    /// Checks everything the claim can check without knowing the actors: the relation,
    /// at least one attribution, each attribution valid.
    pub fn validate(&self) -> Result<(), ModelError> {
        self.relation.validate()?;
        if self.evidence.is_empty() {
            return Err(ModelError::MissingField {
                field: "evidence",
                reason: "must hold at least one attribution",
            });
        }
        self.evidence.iter().try_for_each(Attribution::validate)
    }
}
