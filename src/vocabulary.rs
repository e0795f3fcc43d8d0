//! `Display` and `FromStr` for the vocabulary enums of the query, analysis and io
//! layers (those of the model are in `model/names.rs`): `s.parse::<T>()` reads back
//! what `to_string` wrote, for every value.

use std::fmt;
use std::str::FromStr;

use crate::analysis::{ContradictionKind, Normalization, PageRankStop, Weighting};
use crate::io::{Format, IoError, View};
use crate::model::ModelError;
use crate::query::{SourceRole, Walk};

/// Implements `Display` and `FromStr` from one table of (variant, name), with
/// `NAMES` listing every value.
macro_rules! names {
    ($ty:ident, $what:literal, $($variant:ident => $name:literal),+ $(,)?) => {
        impl $ty {
            /// Every value with its name, in declaration order.
            pub const NAMES: &'static [($ty, &'static str)] = &[$(($ty::$variant, $name)),+];
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    $($ty::$variant => $name,)+
                })
            }
        }

        impl FromStr for $ty {
            type Err = ModelError;
            fn from_str(text: &str) -> Result<Self, ModelError> {
                match text {
                    $($name => Ok($ty::$variant),)+
                    _ => Err(ModelError::UnknownValue { field: $what, text: text.to_owned() }),
                }
            }
        }
    };
}

names!(Walk, "walk", Forward => "forward", Backward => "backward", Undirected => "undirected");

names!(SourceRole, "source role",
    Claimant => "claimant", Outlet => "outlet", Relay => "relay", Any => "any");

names!(Weighting, "weighting", Confidence => "confidence", Unweighted => "unweighted");

names!(Normalization, "normalization", Raw => "raw", Normalized => "normalized");

names!(PageRankStop, "PageRank stop",
    Converged => "converged", IterationLimit => "iteration_limit", Fixed => "fixed");

names!(ContradictionKind, "contradiction kind", Denial => "denial", Exclusive => "exclusive");

impl Format {
    /// Every format, in declaration order.
    pub const ALL: [Format; 10] = [
        Format::Json,
        Format::JsonLines,
        Format::GdeltEvents,
        Format::GdeltMentions,
        Format::Icews,
        Format::FollowTheMoney,
        Format::BitcoinOtc,
        Format::Dot,
        Format::GraphMl,
        Format::Neo4jCsv,
    ];

    /// A short name for command lines: `json`, `jsonl`, `gdelt`, `gdelt-mentions`,
    /// `icews`, `ftm`, `bitcoin-otc`, `dot`, `graphml`, `neo4j-csv`.
    pub fn id(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::GdeltEvents => "gdelt",
            Format::GdeltMentions => "gdelt-mentions",
            Format::Icews => "icews",
            Format::FollowTheMoney => "ftm",
            Format::BitcoinOtc => "bitcoin-otc",
            Format::Dot => "dot",
            Format::GraphMl => "graphml",
            Format::Neo4jCsv => "neo4j-csv",
        }
    }
}

/// Reads a format by its short name ([`Format::id`]) or its display name
/// ([`Format::name`]), ignoring case.
///
/// ```
/// use claimgraph::io::Format;
/// assert_eq!("graphml".parse::<Format>()?, Format::GraphMl);
/// assert_eq!("JSON Lines".parse::<Format>()?, Format::JsonLines);
/// assert_eq!(Format::Neo4jCsv.to_string().parse::<Format>()?, Format::Neo4jCsv);
/// # Ok::<(), claimgraph::io::IoError>(())
/// ```
impl FromStr for Format {
    type Err = IoError;
    fn from_str(text: &str) -> Result<Self, IoError> {
        Format::ALL
            .into_iter()
            .find(|f| f.id().eq_ignore_ascii_case(text) || f.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| IoError::UnknownName {
                what: "format",
                text: text.to_owned(),
            })
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            View::Claims => "claims",
            View::Provenance => "provenance",
        })
    }
}

impl FromStr for View {
    type Err = IoError;
    fn from_str(text: &str) -> Result<Self, IoError> {
        match text {
            "claims" => Ok(View::Claims),
            "provenance" => Ok(View::Provenance),
            _ => Err(IoError::UnknownName {
                what: "view",
                text: text.to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::Omission;

    fn round_trips<T>(values: impl IntoIterator<Item = T>) -> usize
    where
        T: fmt::Display + FromStr + PartialEq + fmt::Debug,
        T::Err: fmt::Debug,
    {
        let mut n = 0;
        for value in values {
            let text = value.to_string();
            assert_eq!(text.parse::<T>().expect(&text), value, "{text}");
            n += 1;
        }
        n
    }

    fn all<T: Copy + 'static>(names: &'static [(T, &'static str)]) -> impl Iterator<Item = T> {
        names.iter().map(|(v, _)| *v)
    }

    #[test]
    fn every_vocabulary_value_reads_back_what_it_writes() {
        assert_eq!(round_trips(all(Walk::NAMES)), 3);
        assert_eq!(round_trips(all(SourceRole::NAMES)), 4);
        assert_eq!(round_trips(all(Weighting::NAMES)), 2);
        assert_eq!(round_trips(all(Normalization::NAMES)), 2);
        assert_eq!(round_trips(all(PageRankStop::NAMES)), 3);
        assert_eq!(round_trips(all(ContradictionKind::NAMES)), 2);
        assert_eq!(round_trips(Format::ALL), 10);
        assert_eq!(round_trips([View::Claims, View::Provenance]), 2);
        assert_eq!(round_trips(Omission::ALL), 6);
        // Short ids read back too, and are distinct.
        for f in Format::ALL {
            assert_eq!(f.id().parse::<Format>().unwrap(), f);
        }
        assert!("xml".parse::<Format>().is_err());
        assert!("sideways".parse::<Walk>().is_err());
    }
}
