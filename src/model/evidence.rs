//! Evidence: who asserted a claim, which outlets carried and relayed it, and how far to believe it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{ActorKey, ModelError, PartialDate};

/// Longest excerpt accepted, in characters: an excerpt quotes, it does not archive.
pub const MAX_EXCERPT_CHARS: usize = 2_000;

/// Source reliability in the Admiralty (NATO STANAG 2511 / AJP-2.1) system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reliability {
    /// A: completely reliable.
    A,
    /// B: usually reliable.
    B,
    /// C: fairly reliable.
    C,
    /// D: not usually reliable.
    D,
    /// E: unreliable.
    E,
    /// F: reliability cannot be judged.
    F,
}

/// Information credibility in the Admiralty system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Credibility {
    /// 1: confirmed by other sources.
    Confirmed,
    /// 2: probably true.
    ProbablyTrue,
    /// 3: possibly true.
    PossiblyTrue,
    /// 4: doubtful.
    Doubtful,
    /// 5: improbable.
    Improbable,
    /// 6: truth cannot be judged.
    CannotBeJudged,
}

/// An Admiralty grade: source reliability (A-F) and information credibility (1-6), written `B2`.
///
/// It maps to a confidence by [`Admiralty::confidence`], the product of two documented
/// weights: a reliable source reporting credible information is believed most; the
/// "cannot be judged" grades (F, 6) count as an even chance.
///
/// | reliability | weight | credibility | weight |
/// |---|---|---|---|
/// | A | 0.95 | 1 | 0.95 |
/// | B | 0.80 | 2 | 0.80 |
/// | C | 0.60 | 3 | 0.60 |
/// | D | 0.40 | 4 | 0.40 |
/// | E | 0.20 | 5 | 0.20 |
/// | F | 0.50 | 6 | 0.50 |
///
/// ```
/// use claimgraph::model::Admiralty;
/// let g: Admiralty = "B2".parse()?;
/// assert!((g.confidence() - 0.64).abs() < 1e-12);
/// assert_eq!(g.to_string(), "B2");
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Admiralty {
    /// How reliable the source is.
    pub reliability: Reliability,
    /// How credible the information is.
    pub credibility: Credibility,
}

const WEIGHTS: [f64; 6] = [0.95, 0.80, 0.60, 0.40, 0.20, 0.50];

impl Admiralty {
    /// The confidence this grade stands for: reliability weight × credibility weight
    /// (table in the type's docs).
    pub fn confidence(&self) -> f64 {
        WEIGHTS[self.reliability as usize] * WEIGHTS[self.credibility as usize]
    }
}

impl fmt::Display for Admiralty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let letter = b"ABCDEF"[self.reliability as usize] as char;
        write!(f, "{letter}{}", self.credibility as u8 + 1)
    }
}

impl FromStr for Admiralty {
    type Err = ModelError;
    fn from_str(text: &str) -> Result<Self, ModelError> {
        use Credibility as C;
        use Reliability as R;
        let bad = || ModelError::InvalidAdmiralty {
            text: text.to_owned(),
        };
        let bytes = text.as_bytes();
        if bytes.len() != 2 {
            return Err(bad());
        }
        let reliability = match bytes[0].to_ascii_uppercase() {
            b'A' => R::A,
            b'B' => R::B,
            b'C' => R::C,
            b'D' => R::D,
            b'E' => R::E,
            b'F' => R::F,
            _ => return Err(bad()),
        };
        let credibility = match bytes[1] {
            b'1' => C::Confirmed,
            b'2' => C::ProbablyTrue,
            b'3' => C::PossiblyTrue,
            b'4' => C::Doubtful,
            b'5' => C::Improbable,
            b'6' => C::CannotBeJudged,
            _ => return Err(bad()),
        };
        Ok(Admiralty {
            reliability,
            credibility,
        })
    }
}

/// How far to believe one attribution: an explicit confidence in `[0, 1]`, or an
/// Admiralty grade. Written in files as a number (`0.7`) or a grade (`"B2"`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Grade {
    /// An explicit probability that the attribution's account is true.
    Confidence(f64),
    /// An Admiralty grade, mapped by [`Admiralty::confidence`].
    Admiralty(Admiralty),
}

impl Grade {
    /// An explicit confidence, rejecting NaN and values outside `[0, 1]`.
    pub fn confidence(value: f64) -> Result<Grade, ModelError> {
        if (0.0..=1.0).contains(&value) {
            Ok(Grade::Confidence(value))
        } else {
            Err(ModelError::InvalidConfidence {
                field: "grade",
                value,
            })
        }
    }

    /// The confidence this grade stands for, in `[0, 1]`.
    pub fn value(&self) -> f64 {
        match self {
            Grade::Confidence(c) => *c,
            Grade::Admiralty(a) => a.confidence(),
        }
    }
}

impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Grade::Confidence(c) => s.serialize_f64(*c),
            Grade::Admiralty(a) => s.collect_str(a),
        }
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Grade::confidence(n).map_err(serde::de::Error::custom),
            Raw::Text(t) => t
                .parse()
                .map(Grade::Admiralty)
                .map_err(serde::de::Error::custom),
        }
    }
}

/// The document a claim was read in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Where it can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its language (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// When it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
}

/// One piece of evidence for a claim: who asserted it, where it was published, who
/// relayed it, in which document, and how far to believe it.
///
/// Diálogo relaying La Nación quoting Toma is `claimant: toma, outlet: la_nacion,
/// relays: [dialogo]`. At least one of claimant and outlet must be given.
///
/// ```
/// use claimgraph::model::{ActorKey, Attribution, Grade};
/// let a = Attribution::new(Grade::confidence(0.6)?)
///     .with_claimant(ActorKey::new("toma")?)
///     .with_outlet(ActorKey::new("dnews")?)
///     .with_relay(ActorKey::new("dialogo")?);
/// assert_eq!(a.chain().map(|k| k.as_str()).collect::<Vec<_>>(), ["toma", "dnews", "dialogo"]);
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// Who asserted the claim (a person, a government, an outlet speaking for itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<ActorKey>,
    /// The outlet that first published the assertion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<ActorKey>,
    /// Outlets that relayed it afterwards, nearest to the original first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relays: Vec<ActorKey>,
    /// The document in which it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// A short quotation supporting the claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// When the assertion was reported (what "as known at" filters compare).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<PartialDate>,
    /// How far to believe it.
    pub grade: Grade,
}

impl Attribution {
    /// An attribution with a grade and nothing else yet.
    pub fn new(grade: Grade) -> Self {
        Attribution {
            claimant: None,
            outlet: None,
            relays: Vec::new(),
            document: None,
            excerpt: None,
            reported: None,
            grade,
        }
    }

    /// Sets the claimant.
    pub fn with_claimant(mut self, claimant: ActorKey) -> Self {
        self.claimant = Some(claimant);
        self
    }

    /// Sets the outlet that first published it.
    pub fn with_outlet(mut self, outlet: ActorKey) -> Self {
        self.outlet = Some(outlet);
        self
    }

    /// Appends a relaying outlet.
    pub fn with_relay(mut self, relay: ActorKey) -> Self {
        self.relays.push(relay);
        self
    }

    /// Sets the document.
    pub fn with_document(mut self, document: Document) -> Self {
        self.document = Some(document);
        self
    }

    /// Sets the excerpt.
    pub fn with_excerpt(mut self, excerpt: impl Into<String>) -> Self {
        self.excerpt = Some(excerpt.into());
        self
    }

    /// Sets the reported date.
    pub fn with_reported(mut self, reported: PartialDate) -> Self {
        self.reported = Some(reported);
        self
    }

    /// The claimant, the outlet, then the relays: every actor in the chain, in order.
    pub fn chain(&self) -> impl Iterator<Item = &ActorKey> {
        self.claimant
            .iter()
            .chain(self.outlet.iter())
            .chain(self.relays.iter())
    }

    /// Checks that the attribution names a claimant or an outlet, that its grade is a
    /// confidence in `[0, 1]`, and that its excerpt is short.
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.claimant.is_none() && self.outlet.is_none() {
            return Err(ModelError::MissingField {
                field: "claimant",
                reason: "or `outlet` must be given",
            });
        }
        if let Grade::Confidence(c) = self.grade {
            Grade::confidence(c)?;
        }
        if self
            .excerpt
            .as_ref()
            .is_some_and(|e| e.chars().count() > MAX_EXCERPT_CHARS)
        {
            return Err(ModelError::MissingField {
                field: "excerpt",
                reason: "is longer than 2000 characters",
            });
        }
        Ok(())
    }
}
