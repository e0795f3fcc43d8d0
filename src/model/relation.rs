//! The relation vocabulary: what a claim says links its subject to its object.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{ActorKind, KindSet, ModelError};

/// A field of cooperation between two actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sector {
    /// Security and defence (the July 2023 Iran-Bolivia memorandum).
    Security,
    /// Health.
    Health,
    /// Education.
    Education,
    /// Agriculture.
    Agriculture,
    /// Telecommunications.
    Telecommunications,
    /// Energy and hydrocarbons.
    Energy,
    /// Economy, trade and finance.
    Economy,
    /// Diplomacy.
    Diplomacy,
    /// Intelligence.
    Intelligence,
    /// Culture and media.
    Culture,
    /// Cooperation not tied to one sector.
    General,
}

/// An illicit activity an actor is said to be involved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Crime {
    /// Drug trafficking.
    DrugTrafficking,
    /// Money laundering.
    MoneyLaundering,
    /// Organised crime in general.
    OrganizedCrime,
    /// Smuggling of goods or people.
    Smuggling,
    /// Terrorism or its financing.
    Terrorism,
    /// Forged or fraudulently issued identity documents.
    DocumentFraud,
}

macro_rules! named_enum {
    ($ty:ident, $what:literal, $($variant:ident => $name:literal),+ $(,)?) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name as written in files.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
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

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum!(Sector, "sector",
    Security => "security", Health => "health", Education => "education",
    Agriculture => "agriculture", Telecommunications => "telecommunications",
    Energy => "energy", Economy => "economy", Diplomacy => "diplomacy",
    Intelligence => "intelligence", Culture => "culture", General => "general");

named_enum!(Crime, "crime",
    DrugTrafficking => "drug_trafficking", MoneyLaundering => "money_laundering",
    OrganizedCrime => "organized_crime", Smuggling => "smuggling",
    Terrorism => "terrorism", DocumentFraud => "document_fraud");

/// How a relation's direction reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Subject acts on object; the reverse does not follow (`Supplies`).
    Directed,
    /// Holds both ways (`MetWith`): traversals may cross it in either direction.
    Symmetric,
}

/// A relation's family, used to colour pictures and group reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationFamily {
    /// Meetings, visits, negotiations, agreements, alliances.
    Diplomatic,
    /// Cooperation, trade, payments, arms transfers, support.
    Material,
    /// Criticism, threats, severance, coercion, attacks, opposition.
    Conflict,
    /// Membership, leadership, employment, ownership, family and other standing ties.
    Structural,
    /// Involvement in crime.
    Illicit,
    /// Statements, appeals and monitoring.
    Communication,
    /// User-defined relations.
    Custom,
}

/// Generates [`Relation`], [`RelationKind`] and the tables that tie them from one
/// list: each relation with its docs, its parameter type if any, its name in files
/// and its English phrase. A new relation is one line here (plus its direction,
/// kinds and family below, which the compiler asks for).
macro_rules! relations {
    ($( $(#[$doc:meta])* $variant:ident $(($param:ty))? => $name:literal, $phrase:literal; )+) => {
        /// A relation between a claim's subject and object: a closed vocabulary covering every
        /// relation of the seed article, mapped to the CAMEO root codes (GDELT, ICEWS) and the
        /// FollowTheMoney interval schemata, plus [`Relation::Custom`] for the rest.
        ///
        /// Written in files as a short name: `met_with`, `cooperates:health`,
        /// `involved_in:drug_trafficking`, `custom:funds_channel`.
        ///
        /// ```
        /// use claimgraph::model::{Relation, Sector, Direction};
        /// let r: Relation = "cooperates:security".parse()?;
        /// assert_eq!(r, Relation::Cooperates(Sector::Security));
        /// assert_eq!(r.direction(), Direction::Symmetric);
        /// assert_eq!(Relation::SuppliesArms.cameo_root(), Some(6));
        /// assert_eq!(Relation::MemberOf.ftm_schema(), Some("Membership"));
        /// # Ok::<(), claimgraph::model::ModelError>(())
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub enum Relation {
            $( $(#[$doc])* $variant $(($param))?, )+
        }

        /// The kind of a relation, without its parameters: what filters select on.
        ///
        /// Each [`Relation`] has exactly one kind; `Cooperates(Health)` and
        /// `Cooperates(Security)` share the kind [`RelationKind::Cooperates`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum RelationKind {
            $( #[doc = concat!("See [`Relation::", stringify!($variant), "`].")] $variant, )+
        }

        const KIND_COUNT: usize = [$(stringify!($variant)),+].len();

        impl RelationKind {
            /// Every kind, in declaration order.
            pub const ALL: [RelationKind; KIND_COUNT] = [$(RelationKind::$variant),+];

            /// The name as written in files (`supplies_arms`); a parameterised relation adds `:param`.
            pub fn as_str(self) -> &'static str {
                match self { $(RelationKind::$variant => $name,)+ }
            }

            /// How the relation reads in English between its subject and object
            /// (`supplies arms to`), without its parameter.
            pub fn phrase(self) -> &'static str {
                match self { $(RelationKind::$variant => $phrase,)+ }
            }
        }

        impl Relation {
            /// The relation's kind, without its parameter.
            pub fn kind(&self) -> RelationKind {
                match self { $(relations!(@pattern $variant $($param)?) => RelationKind::$variant,)+ }
            }

            /// Every relation without a parameter (`None` in the place of those with one).
            const PLAIN: &'static [Option<Relation>] = &[$(relations!(@plain $variant $($param)?)),+];
        }
    };
    (@pattern $variant:ident $param:ty) => { Relation::$variant(_) };
    (@pattern $variant:ident) => { Relation::$variant };
    (@plain $variant:ident $param:ty) => { None };
    (@plain $variant:ident) => { Some(Relation::$variant) };
}

relations! {
    /// Met in person (CAMEO 04 Consult). Symmetric.
    MetWith => "met_with", "met with";
    /// Subject visited object, a place or its host (CAMEO 04, 042 Make a visit).
    Visited => "visited", "visited";
    /// Held talks or discussed a deal (CAMEO 04, 046 Negotiate). Symmetric.
    Negotiates => "negotiates", "negotiates with";
    /// Expressed intent to cooperate or to strengthen ties (CAMEO 03). Symmetric.
    PledgedCooperation => "pledged_cooperation", "pledged cooperation with";
    /// Cooperate in a sector (CAMEO 05 for diplomacy, 06 otherwise). Symmetric.
    Cooperates(Sector) => "cooperates", "cooperates with";
    /// Signed an agreement, treaty or memorandum (CAMEO 05, 057 Sign formal agreement). Symmetric.
    SignedAgreement => "signed_agreement", "signed an agreement with";
    /// Are allies or close partners (CAMEO 05). Symmetric; exclusive with [`Relation::Opposes`].
    AlliedWith => "allied_with", "is allied with";
    /// Subject transfers or sells arms, military equipment or technology to object (CAMEO 06, 062 Cooperate militarily).
    SuppliesArms => "supplies_arms", "supplies arms to";
    /// Subject sells or exports goods (fuel, commodities) to object (CAMEO 06, 061 Cooperate economically).
    Trades => "trades", "trades with";
    /// Subject paid object (CAMEO 07 Provide aid; FtM `Payment`).
    Pays => "pays", "pays";
    /// Subject backs, funds or aids object (CAMEO 07 Provide aid).
    Supports => "supports", "supports";
    /// Subject operates in or keeps a presence (embassy, staff, base, channel) in object.
    HasPresenceIn => "has_presence_in", "has a presence in";
    /// Subject watches, investigates or analyses object (CAMEO 09 Investigate).
    Monitors => "monitors", "monitors";
    /// Subject made a public statement about object (CAMEO 01).
    Comments => "comments", "comments on";
    /// Subject appealed to object (CAMEO 02).
    Appeals => "appeals", "appeals to";
    /// Subject yielded or conceded to object (CAMEO 08).
    Yields => "yields", "yields to";
    /// Subject demanded something of object (CAMEO 10).
    Demands => "demands", "makes demands of";
    /// Subject criticised or disapproved of object (CAMEO 11).
    Criticizes => "criticizes", "criticizes";
    /// Subject rejected object's proposal or demand (CAMEO 12).
    Rejects => "rejects", "rejects";
    /// Subject opposes object as an adversary (CAMEO 11); exclusive with [`Relation::AlliedWith`].
    Opposes => "opposes", "opposes";
    /// Subject threatens object, or in an assessment endangers its stability (CAMEO 13).
    Threatens => "threatens", "threatens";
    /// Subject protested against object (CAMEO 14).
    Protests => "protests", "protests against";
    /// Subject exhibited military force towards object (CAMEO 15).
    ShowsForce => "shows_force", "shows force towards";
    /// Subject broke off or reduced diplomatic relations with object (CAMEO 16, 161).
    SeveredRelations => "severed_relations", "severed relations with";
    /// Subject coerced object: sanctions, arrests, expulsions (CAMEO 17).
    Coerces => "coerces", "coerces";
    /// Subject, an authority, imposed sanctions on object: a designation on a sanctions
    /// list, an embargo, an asset freeze (CAMEO 16, 163 Impose embargo, boycott, or
    /// sanctions; FtM `Sanction`).
    Sanctions => "sanctions", "sanctions";
    /// Subject used force against object (CAMEO 18, 19, 20).
    Attacks => "attacks", "attacks";
    /// Subject is involved in a crime in, or together with, object.
    InvolvedIn(Crime) => "involved_in", "is involved with";
    /// Subject is a member of object (FtM `Membership`).
    MemberOf => "member_of", "is a member of";
    /// Subject is a unit or arm of object (an agency of a state) (FtM `Membership`).
    PartOf => "part_of", "is part of";
    /// Subject heads object: president, minister, director (FtM `Directorship`).
    Leads => "leads", "leads";
    /// Subject works for object (FtM `Employment`).
    EmployedBy => "employed_by", "is employed by";
    /// Subject owns object, wholly or in part (FtM `Ownership`).
    Owns => "owns", "owns";
    /// Subject and object are family (FtM `Family`). Symmetric.
    FamilyOf => "family_of", "is family of";
    /// Subject and object are associated; a tie of unstated nature (FtM `Associate`). Symmetric.
    Associated => "associated", "is associated with";
    /// Subject acts on behalf of object (FtM `Representation`).
    Represents => "represents", "represents";
    /// Subject rates object as trustworthy (signed-trust networks such as Bitcoin-OTC);
    /// distrust is the denied polarity.
    Trusts => "trusts", "trusts";
    /// A relation outside the vocabulary, by name (directed, any kinds).
    Custom(String) => "custom", "is linked to";
}

const STATELIKE: KindSet =
    KindSet::of_const(&[ActorKind::State, ActorKind::Person, ActorKind::Group]);
const ORGS: KindSet =
    KindSet::of_const(&[ActorKind::State, ActorKind::Group, ActorKind::MediaOutlet]);
const PLACES: KindSet = KindSet::of_const(&[ActorKind::State, ActorKind::Region, ActorKind::Group]);
const NOT_REGION: KindSet = KindSet::of_const(&[
    ActorKind::State,
    ActorKind::Person,
    ActorKind::Group,
    ActorKind::MediaOutlet,
]);

impl RelationKind {
    /// The kind's index in [`RelationKind::ALL`] (fits a `u8`; used to pack filters into bit sets).
    pub fn index(self) -> u8 {
        self as u8
    }

    /// Whether the relation holds both ways.
    pub fn direction(self) -> Direction {
        match self {
            RelationKind::MetWith
            | RelationKind::Negotiates
            | RelationKind::PledgedCooperation
            | RelationKind::Cooperates
            | RelationKind::SignedAgreement
            | RelationKind::AlliedWith
            | RelationKind::FamilyOf
            | RelationKind::Associated => Direction::Symmetric,
            _ => Direction::Directed,
        }
    }

    /// The actor kinds allowed as subject.
    pub fn domain(self) -> KindSet {
        use RelationKind as K;
        match self {
            K::MetWith
            | K::Negotiates
            | K::PledgedCooperation
            | K::Cooperates
            | K::SignedAgreement => STATELIKE,
            K::AlliedWith | K::Opposes => STATELIKE,
            K::Visited | K::SuppliesArms | K::Supports | K::HasPresenceIn | K::InvolvedIn => {
                STATELIKE
            }
            K::SeveredRelations => KindSet::of_const(&[ActorKind::State, ActorKind::Group]),
            // Only states and their bodies, or bodies of states (the UN, the EU), list
            // and sanction.
            K::Sanctions => KindSet::of_const(&[ActorKind::State, ActorKind::Group]),
            K::MemberOf | K::Represents => NOT_REGION,
            K::PartOf => {
                KindSet::of_const(&[ActorKind::Group, ActorKind::MediaOutlet, ActorKind::Region])
            }
            K::Leads | K::EmployedBy | K::FamilyOf | K::Trusts => {
                KindSet::of_const(&[ActorKind::Person])
            }
            K::Owns | K::Pays | K::Trades | K::Associated | K::Monitors => NOT_REGION,
            K::Comments | K::Appeals | K::Yields | K::Demands | K::Criticizes | K::Rejects => {
                NOT_REGION
            }
            K::Threatens | K::Protests | K::ShowsForce | K::Coerces | K::Attacks => NOT_REGION,
            K::Custom => KindSet::ANY,
        }
    }

    /// The actor kinds allowed as object.
    pub fn range(self) -> KindSet {
        use RelationKind as K;
        match self {
            K::MetWith
            | K::Negotiates
            | K::PledgedCooperation
            | K::Cooperates
            | K::SignedAgreement => STATELIKE,
            K::AlliedWith => STATELIKE,
            K::SeveredRelations => KindSet::of_const(&[ActorKind::State, ActorKind::Group]),
            K::Visited | K::HasPresenceIn => PLACES,
            K::SuppliesArms | K::Supports | K::Trades | K::Pays => NOT_REGION,
            K::MemberOf | K::PartOf | K::EmployedBy | K::Represents => ORGS,
            K::Leads | K::Owns => ORGS,
            K::FamilyOf | K::Trusts => KindSet::of_const(&[ActorKind::Person]),
            K::Associated => NOT_REGION,
            K::Monitors | K::Opposes | K::Threatens | K::InvolvedIn | K::Comments => KindSet::ANY,
            K::Appeals | K::Yields | K::Demands | K::Criticizes | K::Rejects => NOT_REGION,
            K::Protests | K::ShowsForce | K::Coerces | K::Attacks => NOT_REGION,
            K::Sanctions => NOT_REGION,
            K::Custom => KindSet::ANY,
        }
    }

    /// The family the kind belongs to.
    pub fn family(self) -> RelationFamily {
        use RelationKind as K;
        match self {
            K::MetWith
            | K::Visited
            | K::Negotiates
            | K::PledgedCooperation
            | K::SignedAgreement
            | K::AlliedWith => RelationFamily::Diplomatic,
            K::Cooperates
            | K::SuppliesArms
            | K::Trades
            | K::Pays
            | K::Supports
            | K::HasPresenceIn
            | K::Yields => RelationFamily::Material,
            K::Criticizes
            | K::Rejects
            | K::Opposes
            | K::Threatens
            | K::Protests
            | K::ShowsForce => RelationFamily::Conflict,
            K::SeveredRelations | K::Sanctions | K::Coerces | K::Attacks => {
                RelationFamily::Conflict
            }
            K::MemberOf
            | K::PartOf
            | K::Leads
            | K::EmployedBy
            | K::Owns
            | K::FamilyOf
            | K::Associated => RelationFamily::Structural,
            K::Represents | K::Trusts => RelationFamily::Structural,
            K::InvolvedIn => RelationFamily::Illicit,
            K::Comments | K::Appeals | K::Demands | K::Monitors => RelationFamily::Communication,
            K::Custom => RelationFamily::Custom,
        }
    }

    /// The kind with which this one cannot hold between the same actors at overlapping times.
    pub fn exclusive_with(self) -> Option<RelationKind> {
        match self {
            RelationKind::AlliedWith => Some(RelationKind::Opposes),
            RelationKind::Opposes => Some(RelationKind::AlliedWith),
            _ => None,
        }
    }
}

impl FromStr for RelationKind {
    type Err = ModelError;
    fn from_str(text: &str) -> Result<Self, ModelError> {
        RelationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| ModelError::UnknownRelation {
                text: text.to_owned(),
            })
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Relation {
    /// Whether the relation holds both ways.
    pub fn direction(&self) -> Direction {
        self.kind().direction()
    }

    /// Whether the relation holds both ways (shorthand for `direction() == Symmetric`).
    pub fn is_symmetric(&self) -> bool {
        self.direction() == Direction::Symmetric
    }

    /// The nearest CAMEO root code (01-20) used by GDELT and ICEWS, where one exists.
    pub fn cameo_root(&self) -> Option<u8> {
        use Relation as R;
        Some(match self {
            R::Comments => 1,
            R::Appeals => 2,
            R::PledgedCooperation => 3,
            R::MetWith | R::Visited | R::Negotiates => 4,
            R::SignedAgreement | R::AlliedWith | R::Cooperates(Sector::Diplomacy) => 5,
            R::Cooperates(_) | R::SuppliesArms | R::Trades => 6,
            R::Supports | R::Pays => 7,
            R::Yields => 8,
            R::Monitors => 9,
            R::Demands => 10,
            R::Criticizes | R::Opposes => 11,
            R::Rejects => 12,
            R::Threatens => 13,
            R::Protests => 14,
            R::ShowsForce => 15,
            R::SeveredRelations | R::Sanctions => 16,
            R::Coerces => 17,
            R::Attacks => 19,
            _ => return None,
        })
    }

    /// The FollowTheMoney interval schema for this relation, where one exists.
    pub fn ftm_schema(&self) -> Option<&'static str> {
        Some(match self {
            Relation::MemberOf | Relation::PartOf => "Membership",
            Relation::Leads => "Directorship",
            Relation::EmployedBy => "Employment",
            Relation::Owns => "Ownership",
            Relation::FamilyOf => "Family",
            Relation::Associated => "Associate",
            Relation::Represents => "Representation",
            Relation::Pays => "Payment",
            Relation::Sanctions => "Sanction",
            Relation::Supports | Relation::Custom(_) => "UnknownLink",
            _ => return None,
        })
    }

    /// Checks the relation's own value (a custom name must be non-empty, without whitespace).
    pub fn validate(&self) -> Result<(), ModelError> {
        if let Relation::Custom(name) = self
            && (name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            return Err(ModelError::UnknownRelation {
                text: format!("custom:{name}"),
            });
        }
        Ok(())
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind().as_str();
        match self {
            Relation::Cooperates(s) => write!(f, "{kind}:{s}"),
            Relation::InvolvedIn(c) => write!(f, "{kind}:{c}"),
            Relation::Custom(name) => write!(f, "{kind}:{name}"),
            _ => f.write_str(kind),
        }
    }
}

impl FromStr for Relation {
    type Err = ModelError;
    fn from_str(text: &str) -> Result<Self, ModelError> {
        let unknown = || ModelError::UnknownRelation {
            text: text.to_owned(),
        };
        let (head, param) = match text.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (text, None),
        };
        let kind: RelationKind = head.parse().map_err(|_| unknown())?;
        let relation = match (kind, param) {
            (RelationKind::Cooperates, Some(p)) => Relation::Cooperates(p.parse()?),
            (RelationKind::Cooperates, None) => Relation::Cooperates(Sector::General),
            (RelationKind::InvolvedIn, Some(p)) => Relation::InvolvedIn(p.parse()?),
            (RelationKind::Custom, Some(p)) => Relation::Custom(p.to_owned()),
            (_, Some(_)) | (RelationKind::InvolvedIn | RelationKind::Custom, None) => {
                return Err(unknown());
            }
            (k, None) => Relation::PLAIN
                .iter()
                .flatten()
                .find(|r| r.kind() == k)
                .cloned()
                .ok_or_else(unknown)?,
        };
        relation.validate()?;
        Ok(relation)
    }
}

impl Relation {
    /// One relation of every kind (parameterised kinds with their first parameter),
    /// useful for generators and exhaustive tests.
    pub fn examples() -> Vec<Relation> {
        let mut all: Vec<Relation> = Relation::PLAIN.iter().flatten().cloned().collect();
        all.extend(Sector::ALL.iter().map(|s| Relation::Cooperates(*s)));
        all.extend(Crime::ALL.iter().map(|c| Relation::InvolvedIn(*c)));
        all
    }
}

impl TryFrom<String> for Relation {
    type Error = ModelError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Relation> for String {
    fn from(r: Relation) -> String {
        r.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relation_round_trips_through_its_name() {
        for r in Relation::examples()
            .into_iter()
            .chain([Relation::Custom("funds".into())])
        {
            assert_eq!(r.to_string().parse::<Relation>().unwrap(), r);
        }
        assert!("custom:".parse::<Relation>().is_err());
        assert!("met_with:x".parse::<Relation>().is_err());
        assert!("befriends".parse::<Relation>().is_err());
    }

    #[test]
    fn kinds_are_indexed_in_order() {
        for (i, k) in RelationKind::ALL.iter().enumerate() {
            assert_eq!(usize::from(k.index()), i);
        }
    }

    #[test]
    fn symmetric_relations_accept_the_same_kinds_on_both_sides() {
        // The store keeps symmetric claims in key order, so either end may become the subject.
        for k in RelationKind::ALL {
            if k.direction() == Direction::Symmetric {
                assert_eq!(k.domain(), k.range(), "{k}");
            }
        }
    }

    #[test]
    fn media_outlet_cannot_lead_a_person() {
        assert!(!RelationKind::MemberOf.range().contains(ActorKind::Person));
        assert!(
            !RelationKind::Leads
                .domain()
                .contains(ActorKind::MediaOutlet)
        );
    }
}
