//! Actors: states, people, groups, media outlets and regions, with their names in every language.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::ModelError;

/// The stable key of an actor (`"iran"`, `"toma"`): non-empty, at most 256 bytes,
/// without whitespace or control characters.
///
/// ```
/// use claimgraph::model::ActorKey;
/// assert_eq!(ActorKey::new("iran")?.as_str(), "iran");
/// assert!(ActorKey::new("two words").is_err());
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ActorKey(String);

impl ActorKey {
    /// Validates and wraps a key.
    pub fn new(key: impl Into<String>) -> Result<Self, ModelError> {
        let key = key.into();
        let reason = if key.is_empty() {
            Some("a key may not be empty")
        } else if key.len() > 256 {
            Some("a key may not be longer than 256 bytes")
        } else if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some("a key may not contain whitespace or control characters")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(ModelError::InvalidKey { key, reason }),
            None => Ok(ActorKey(key)),
        }
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ActorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ActorKey {
    type Error = ModelError;
    fn try_from(key: String) -> Result<Self, Self::Error> {
        ActorKey::new(key)
    }
}

impl TryFrom<&str> for ActorKey {
    type Error = ModelError;
    fn try_from(key: &str) -> Result<Self, Self::Error> {
        ActorKey::new(key)
    }
}

impl From<ActorKey> for String {
    fn from(key: ActorKey) -> String {
        key.0
    }
}

impl std::borrow::Borrow<str> for ActorKey {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// What sort of actor this is. Relations restrict their subject and object by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A sovereign state or its government taken as a whole (Iran, Bolivia).
    State,
    /// A natural person (Luis Arce, Miguel Ángel Toma).
    Person,
    /// Any organised group: a party, an agency, an armed group, a company... see [`GroupType`].
    Group,
    /// A publisher of reports: a newspaper, broadcaster, news site or agency.
    MediaOutlet,
    /// A geographic region larger or other than a state (Latin America); CAMEO codes
    /// regions too.
    Region,
}

impl ActorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ActorKind; 5] = [
        ActorKind::State,
        ActorKind::Person,
        ActorKind::Group,
        ActorKind::MediaOutlet,
        ActorKind::Region,
    ];

    /// The kind's name as written in files (`media_outlet`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Person => "person",
            ActorKind::Group => "group",
            ActorKind::MediaOutlet => "media_outlet",
            ActorKind::Region => "region",
        }
    }

    /// A bit unique to this kind, for [`KindSet`].
    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of actor kinds (the domain or range of a relation, or a filter's kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KindSet(u8);

impl KindSet {
    /// No kind.
    pub const EMPTY: KindSet = KindSet(0);
    /// Every kind.
    pub const ANY: KindSet = KindSet(0b1_1111);

    /// The set of the given kinds.
    pub fn of(kinds: &[ActorKind]) -> KindSet {
        KindSet(kinds.iter().fold(0, |bits, k| bits | k.bit()))
    }

    /// [`KindSet::of`] usable in constants.
    pub const fn of_const(kinds: &[ActorKind]) -> KindSet {
        let mut bits = 0u8;
        let mut i = 0;
        while i < kinds.len() {
            bits |= 1 << (kinds[i] as u8);
            i += 1;
        }
        KindSet(bits)
    }

    /// Whether `kind` is in the set.
    pub fn contains(self, kind: ActorKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// The kinds in the set, in declaration order.
    pub fn kinds(self) -> impl Iterator<Item = ActorKind> {
        ActorKind::ALL
            .into_iter()
            .filter(move |k| self.contains(*k))
    }
}

/// A finer type for actors of kind [`ActorKind::Group`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupType {
    /// A political party (Movement for Socialism).
    Party,
    /// A state agency, ministry or intelligence service (VEVAK).
    Agency,
    /// A regular armed force or one of its branches (the Quds Force of the IRGC).
    Military,
    /// A non-state armed group (Hezbollah, FARC).
    ArmedGroup,
    /// A company, state-owned or private (National Iranian Oil Company).
    Company,
    /// An intergovernmental forum or organisation (Gas Exporting Countries Forum).
    Forum,
    /// A university or research institute (Austral University).
    University,
    /// A non-governmental or civil-society organisation.
    Ngo,
    /// A criminal network or cartel.
    CriminalNetwork,
    /// A religious organisation.
    Religious,
    /// Any other organised group.
    Other,
}

/// One name of an actor, optionally tagged with its language (BCP 47, e.g. `es`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The name as written.
    pub name: String,
    /// Its language, if known (`en`, `es`, `fa`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Alias {
    /// An alias in the given language.
    pub fn new(name: impl Into<String>, lang: Option<&str>) -> Self {
        Alias {
            name: name.into(),
            lang: lang.map(str::to_owned),
        }
    }
}

/// A state, person, group, media outlet or region, under every name it appears with.
///
/// Build one with [`Actor::new`] and the `with_*` methods:
///
/// ```
/// use claimgraph::model::{Actor, ActorKind, GroupType};
/// let quds = Actor::new("quds_force", ActorKind::Group, "Quds Force")?
///     .with_group_type(GroupType::Military)
///     .with_alias("Fuerza Quds", Some("es"))
///     .with_external_id("wikidata", "Q1516353");
/// assert_eq!(quds.names().count(), 2);
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The stable key.
    pub key: ActorKey,
    /// What sort of actor it is.
    pub kind: ActorKind,
    /// For groups, the finer type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_type: Option<GroupType>,
    /// The name to display.
    pub name: String,
    /// Other names, in any language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// Identifiers in outside registries, by registry (`wikidata` -> `Q794`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub external_ids: BTreeMap<String, String>,
    /// Free attributes (`role` -> `former Secretary of Intelligence`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

impl Actor {
    /// An actor with a key, a kind and a primary name.
    pub fn new(key: &str, kind: ActorKind, name: impl Into<String>) -> Result<Self, ModelError> {
        let actor = Actor {
            key: ActorKey::new(key)?,
            kind,
            group_type: None,
            name: name.into(),
            aliases: Vec::new(),
            external_ids: BTreeMap::new(),
            attributes: BTreeMap::new(),
        };
        actor.validate()?;
        Ok(actor)
    }

    /// Adds an alias, optionally language-tagged.
    pub fn with_alias(mut self, name: impl Into<String>, lang: Option<&str>) -> Self {
        self.aliases.push(Alias::new(name, lang));
        self
    }

    /// Sets the group type (meaningful for [`ActorKind::Group`] only; checked by [`Actor::validate`]).
    pub fn with_group_type(mut self, group_type: GroupType) -> Self {
        self.group_type = Some(group_type);
        self
    }

    /// Adds an identifier in an outside registry.
    pub fn with_external_id(mut self, registry: &str, id: &str) -> Self {
        self.external_ids.insert(registry.to_owned(), id.to_owned());
        self
    }

    /// Adds a free attribute.
    pub fn with_attribute(mut self, name: &str, value: impl Into<String>) -> Self {
        self.attributes.insert(name.to_owned(), value.into());
        self
    }

    /// The primary name followed by every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(|a| a.name.as_str()))
    }

    /// Checks the fields a deserialiser cannot: a non-blank name and aliases, and a
    /// group type only on groups.
    pub fn validate(&self) -> Result<(), ModelError> {
        if fold_name(&self.name).is_empty() {
            return Err(ModelError::MissingField {
                field: "name",
                reason: "must contain at least one letter or digit",
            });
        }
        if self.aliases.iter().any(|a| fold_name(&a.name).is_empty()) {
            return Err(ModelError::MissingField {
                field: "aliases",
                reason: "must each contain at least one letter or digit",
            });
        }
        if self.group_type.is_some() && self.kind != ActorKind::Group {
            return Err(ModelError::MissingField {
                field: "group_type",
                reason: "is only allowed on actors of kind `group`",
            });
        }
        Ok(())
    }
}

/// Folds a name for lookup: Unicode compatibility decomposition, combining marks
/// (accents) removed, lower-cased, punctuation dropped and runs of white space made
/// one space. `"Irán"`, `"IRAN"` and `" iran "` all fold to `"iran"`.
///
/// ```
/// use claimgraph::model::fold_name;
/// assert_eq!(fold_name("Miguel Ángel Toma"), "miguel angel toma");
/// assert_eq!(fold_name("IRÁN"), fold_name("Iran"));
/// assert_eq!(fold_name("La Nación"), "la nacion");
/// ```
pub fn fold_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' {
            pending_space = true;
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_handles_case_accents_and_spacing() {
        assert_eq!(fold_name("Irán"), "iran");
        assert_eq!(fold_name("  Fuerza   Quds "), "fuerza quds");
        assert_eq!(fold_name("Diálogo"), "dialogo");
        assert_eq!(fold_name("Hezbollah's"), "hezbollahs");
        assert_eq!(fold_name("ﬁnance"), "finance");
        assert_eq!(fold_name("!!!"), "");
    }

    #[test]
    fn group_type_only_on_groups() {
        let a = Actor::new("x", ActorKind::Person, "X")
            .unwrap()
            .with_group_type(GroupType::Party);
        assert_eq!(
            a.validate(),
            Err(ModelError::MissingField {
                field: "group_type",
                reason: "is only allowed on actors of kind `group`"
            })
        );
    }
}
