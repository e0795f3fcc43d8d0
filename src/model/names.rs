//! `Display` and `FromStr` for the model's vocabulary enums, written as in files: the
//! serde names (`media_outlet`, `armed_group`, `denied`), Admiralty letters and
//! digits, grades as `B2` or a number. `s.parse::<T>()` reads back what `to_string`
//! wrote, for every value (tested for each).

use std::fmt;
use std::str::FromStr;

use super::{
    ActorKind, Admiralty, Credibility, Direction, Grade, GroupType, ModelError, Polarity,
    Precision, RelationFamily, Reliability, StatementKind,
};

/// Implements `Display` and `FromStr` from one table of (variant, name).
macro_rules! names {
    ($ty:ident, $what:literal, $($variant:ident => $name:literal),+ $(,)?) => {
        impl $ty {
            /// Every value with its name as written in files, in declaration order.
            pub const NAMES: &'static [($ty, &'static str)] = &[$(($ty::$variant, $name)),+];

            /// The name as written in files.
            // Unused for ActorKind, whose `as_str` came first.
            #[allow(dead_code)]
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
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

/// `Display` from the names table.
macro_rules! display_names {
    ($($ty:ident),+) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    )+};
}

// ActorKind has its Display (by `as_str`) beside it; the names are the same.
names!(ActorKind, "actor kind",
    State => "state", Person => "person", Group => "group",
    MediaOutlet => "media_outlet", Region => "region");

names!(GroupType, "group type",
    Party => "party", Agency => "agency", Military => "military",
    ArmedGroup => "armed_group", Company => "company", Forum => "forum",
    University => "university", Ngo => "ngo", CriminalNetwork => "criminal_network",
    Religious => "religious", Other => "other");

names!(Polarity, "polarity", Asserted => "asserted", Denied => "denied");

names!(StatementKind, "statement kind",
    Event => "event", Tie => "tie", Assessment => "assessment");

names!(Precision, "precision", Year => "year", Month => "month", Day => "day");

names!(RelationFamily, "relation family",
    Diplomatic => "diplomatic", Material => "material", Conflict => "conflict",
    Structural => "structural", Illicit => "illicit", Communication => "communication",
    Custom => "custom");

names!(Direction, "direction", Directed => "directed", Symmetric => "symmetric");

names!(Reliability, "reliability", A => "A", B => "B", C => "C", D => "D", E => "E", F => "F");

names!(Credibility, "credibility",
    Confirmed => "1", ProbablyTrue => "2", PossiblyTrue => "3", Doubtful => "4",
    Improbable => "5", CannotBeJudged => "6");

display_names!(
    GroupType,
    Polarity,
    StatementKind,
    Precision,
    RelationFamily,
    Direction,
    Reliability,
    Credibility
);

/// `B2` for an Admiralty grade; the shortest decimal that reads back to the same
/// number for an explicit confidence (`0.36`, `1`).
impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grade::Admiralty(a) => write!(f, "{a}"),
            Grade::Confidence(c) => write!(f, "{c}"),
        }
    }
}

/// Reads an Admiralty grade (`B2`, `b2`) or a confidence in `[0, 1]` (`0.36`).
///
/// ```
/// use claimgraph::model::Grade;
/// assert_eq!("B2".parse::<Grade>()?, Grade::Admiralty("B2".parse()?));
/// assert_eq!("0.36".parse::<Grade>()?, Grade::confidence(0.36)?);
/// assert!("1.5".parse::<Grade>().is_err());
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
impl FromStr for Grade {
    type Err = ModelError;
    fn from_str(text: &str) -> Result<Self, ModelError> {
        if let Ok(admiralty) = text.parse::<Admiralty>() {
            return Ok(Grade::Admiralty(admiralty));
        }
        match text.parse::<f64>() {
            Ok(value) => Grade::confidence(value),
            Err(_) => Err(ModelError::InvalidAdmiralty {
                text: text.to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Crime, Relation, RelationKind, Sector};

    /// `FromStr(Display(x)) == x` for every value of `T`.
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
        assert_eq!(round_trips(ActorKind::ALL), 5);
        assert_eq!(round_trips(all(ActorKind::NAMES)), 5);
        assert_eq!(round_trips(all(GroupType::NAMES)), 11);
        assert_eq!(round_trips(all(Polarity::NAMES)), 2);
        assert_eq!(round_trips(StatementKind::ALL), 3);
        assert_eq!(round_trips(all(Precision::NAMES)), 3);
        assert_eq!(round_trips(all(RelationFamily::NAMES)), 7);
        assert_eq!(round_trips(all(Direction::NAMES)), 2);
        assert_eq!(round_trips(all(Reliability::NAMES)), 6);
        assert_eq!(round_trips(all(Credibility::NAMES)), 6);
        assert_eq!(round_trips(RelationKind::ALL), 38);
        assert_eq!(round_trips(Sector::ALL.iter().copied()), 11);
        assert_eq!(round_trips(Crime::ALL.iter().copied()), 6);
        let admiralty = all(Reliability::NAMES).flat_map(|reliability| {
            all(Credibility::NAMES).map(move |credibility| Admiralty {
                reliability,
                credibility,
            })
        });
        let admiralty: Vec<Admiralty> = admiralty.collect();
        assert_eq!(round_trips(admiralty.clone()), 36);
        assert_eq!(round_trips(admiralty.into_iter().map(Grade::Admiralty)), 36);
        let confidences = [0.0, 1.0, 0.36, 0.1 + 0.2, 1e-300, 0.999_999_999_999_999_9];
        assert_eq!(
            round_trips(confidences.map(|c| Grade::confidence(c).unwrap())),
            6
        );
        // Every relation without a free parameter, and a custom one.
        let relations = RelationKind::ALL
            .iter()
            .filter_map(|k| k.as_str().parse::<Relation>().ok())
            .chain(Sector::ALL.iter().map(|&s| Relation::Cooperates(s)))
            .chain(Crime::ALL.iter().map(|&c| Relation::InvolvedIn(c)))
            .chain([Relation::Custom("funds_channel".to_owned())]);
        assert_eq!(round_trips(relations), 36 + 11 + 6 + 1);
    }

    #[test]
    fn names_are_the_serde_names() {
        for (kind, name) in ActorKind::NAMES {
            assert_eq!(kind.as_str(), *name);
            assert_eq!(serde_json::to_value(kind).unwrap(), *name);
        }
        for (g, name) in GroupType::NAMES {
            assert_eq!(serde_json::to_value(g).unwrap(), *name);
        }
        for (p, name) in Polarity::NAMES {
            assert_eq!(serde_json::to_value(p).unwrap(), *name);
        }
        for (s, name) in StatementKind::NAMES {
            assert_eq!(serde_json::to_value(s).unwrap(), *name);
        }
        for (p, name) in Precision::NAMES {
            assert_eq!(serde_json::to_value(p).unwrap(), *name);
        }
    }

    #[test]
    fn unknown_names_are_errors_naming_the_vocabulary() {
        let err = "militia".parse::<GroupType>().unwrap_err();
        assert_eq!(err.to_string(), "unknown group type \"militia\"");
        assert!("Asserted".parse::<Polarity>().is_err());
        assert!("G".parse::<Reliability>().is_err());
        assert!("high".parse::<Grade>().is_err());
        assert!("-0.1".parse::<Grade>().is_err());
        assert!("NaN".parse::<Grade>().is_err());
    }
}
