//! `Filter`: which claims, and which of their evidence, an operation may use.

use std::collections::HashSet;

use super::SourceRole;
use super::view::{Access, DENIED, Edge, STATEMENT_SHIFT};
use crate::model::{
    ActorKey, ActorKind, KindSet, PartialDate, Polarity, RelationKind, StatementKind, ValidTime,
};
use crate::store::{Evidence, NodeSlot, derive};

/// Which way a traversal may cross a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Walk {
    /// From subject to object; symmetric relations both ways.
    Forward,
    /// From object to subject; symmetric relations both ways.
    Backward,
    /// Either way: who is tied to whom, whatever the direction.
    #[default]
    Undirected,
}

/// Which claims, and which evidence, an operation may use. Every query, traversal
/// and analysis takes one; [`Filter::default`] admits every asserted claim and
/// walks claims in either direction.
///
/// Filters on evidence (*as known at*, sources to trust or exclude) recompute each
/// claim's confidence and independent-origin count from the evidence left, before
/// the minimum confidence and minimum origins are applied. A claim with no evidence
/// left is not admitted.
///
/// ```
/// use claimgraph::query::{Filter, Walk};
/// use claimgraph::model::{RelationKind, StatementKind};
/// let f = Filter::new()
///     .min_confidence(0.5)
///     .relations([RelationKind::SuppliesArms, RelationKind::SignedAgreement])
///     .valid_during("2023".parse()?)
///     .as_known_at("2024-03-31".parse()?)
///     .exclude_sources(["dialogo"])
///     .statements([StatementKind::Event, StatementKind::Tie])
///     .walk(Walk::Forward);
/// assert_eq!(f.get_min_confidence(), 0.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    min_confidence: f64,
    relations: Option<u64>,
    actor_kinds: Option<KindSet>,
    polarity: Option<Polarity>,
    valid: Option<(i32, i32)>,
    known_at: Option<i32>,
    trust: Option<Vec<(SourceRole, ActorKey)>>,
    exclude: Vec<(SourceRole, ActorKey)>,
    min_origins: u32,
    statements: Option<u8>,
    walk: Walk,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            min_confidence: 0.0,
            relations: None,
            actor_kinds: None,
            polarity: Some(Polarity::Asserted),
            valid: None,
            known_at: None,
            trust: None,
            exclude: Vec::new(),
            min_origins: 0,
            statements: None,
            walk: Walk::Undirected,
        }
    }
}

impl Filter {
    /// The default filter: asserted claims, any direction, nothing else excluded.
    pub fn new() -> Self {
        Filter::default()
    }

    /// Admits only claims whose confidence (after evidence filters) is at least `c`.
    /// NaN is treated as 0.
    pub fn min_confidence(mut self, c: f64) -> Self {
        self.min_confidence = if c.is_nan() { 0.0 } else { c };
        self
    }

    /// The minimum confidence.
    pub fn get_min_confidence(&self) -> f64 {
        self.min_confidence
    }

    /// Admits only claims of these relation kinds.
    pub fn relations(mut self, kinds: impl IntoIterator<Item = RelationKind>) -> Self {
        self.relations = Some(
            kinds
                .into_iter()
                .fold(0u64, |bits, k| bits | 1 << k.index()),
        );
        self
    }

    /// Admits only claims whose subject and object are both of these kinds.
    pub fn actor_kinds(mut self, kinds: impl IntoIterator<Item = ActorKind>) -> Self {
        let kinds: Vec<ActorKind> = kinds.into_iter().collect();
        self.actor_kinds = Some(KindSet::of(&kinds));
        self
    }

    /// Admits only claims of this polarity; `None` admits both (default: asserted only).
    pub fn polarity(mut self, polarity: Option<Polarity>) -> Self {
        self.polarity = polarity;
        self
    }

    /// Admits only claims valid at some time during `date` (a year, month or day):
    /// a claim valid in `2023-07` is valid at `2023-07-15` and at `2023`.
    pub fn valid_at(mut self, date: PartialDate) -> Self {
        self.valid = Some((date.first_day(), date.last_day()));
        self
    }

    /// Admits only claims whose valid time overlaps `interval`.
    pub fn valid_during(mut self, interval: ValidTime) -> Self {
        self.valid = Some((interval.first_day(), interval.last_day()));
        self
    }

    /// Uses only evidence that could have been reported by the end of `date`: an
    /// attribution counts if its reported date starts on or before `date`'s last day.
    /// Evidence without a reported date does not count.
    pub fn as_known_at(mut self, date: PartialDate) -> Self {
        self.known_at = Some(date.last_day());
        self
    }

    /// Uses only evidence whose chain (claimant, outlet or any relay) names one of
    /// these actor keys. Same as [`Filter::trust_only_as`] with [`SourceRole::Any`].
    pub fn trust_only<K: AsRef<str>>(self, sources: impl IntoIterator<Item = K>) -> Self {
        self.trust_only_as(SourceRole::Any, sources)
    }

    /// Uses only evidence that names one of these actor keys in `role`: trust what
    /// an outlet published itself (`SourceRole::Outlet`) but not what it merely
    /// relayed. Calls add up: evidence is kept if any of them keeps it.
    ///
    /// ```
    /// use claimgraph::ClaimGraph;
    /// use claimgraph::analysis::corroboration;
    /// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
    /// use claimgraph::query::{Filter, SourceRole};
    /// let mut g = ClaimGraph::new();
    /// for (k, kind) in [("iran", ActorKind::State), ("bolivia", ActorKind::State),
    ///                   ("la_nacion", ActorKind::MediaOutlet), ("dialogo", ActorKind::MediaOutlet)] {
    ///     g.add_actor(Actor::new(k, kind, k)?)?;
    /// }
    /// let grade = Grade::confidence(0.6)?;
    /// g.add_claim(Claim::new("iran".parse()?, Relation::SuppliesArms, "bolivia".parse()?, ValidTime::ALWAYS)
    ///     .with_evidence(Attribution::new(grade).with_outlet("la_nacion".parse()?).with_relay("dialogo".parse()?)))?;
    /// g.add_claim(Claim::new("iran".parse()?, Relation::Supports, "bolivia".parse()?, ValidTime::ALWAYS)
    ///     .with_evidence(Attribution::new(grade).with_outlet("dialogo".parse()?)))?;
    /// let own_voice = Filter::new().trust_only_as(SourceRole::Outlet, ["dialogo"]);
    /// assert_eq!(corroboration(&g, &own_voice).entries.len(), 1);
    /// // dropping Diálogo's own voice keeps what it relayed
    /// let no_own_voice = Filter::new().exclude_sources_as(SourceRole::Outlet, ["dialogo"]);
    /// assert_eq!(corroboration(&g, &no_own_voice).entries.len(), 1);
    /// assert_eq!(corroboration(&g, &Filter::new().exclude_sources(["dialogo"])).entries.len(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn trust_only_as<K: AsRef<str>>(
        mut self,
        role: SourceRole,
        sources: impl IntoIterator<Item = K>,
    ) -> Self {
        self.trust.get_or_insert_with(Vec::new).extend(
            sources
                .into_iter()
                .filter_map(|k| ActorKey::new(k.as_ref()).ok())
                .map(|k| (role, k)),
        );
        self
    }

    /// Drops evidence whose chain names any of these actor keys, in any role. Same
    /// as [`Filter::exclude_sources_as`] with [`SourceRole::Any`].
    pub fn exclude_sources<K: AsRef<str>>(self, sources: impl IntoIterator<Item = K>) -> Self {
        self.exclude_sources_as(SourceRole::Any, sources)
    }

    /// Drops evidence that names any of these actor keys in `role`: drop an outlet's
    /// own voice (`SourceRole::Outlet`) while keeping what it relayed, or the reverse
    /// (`SourceRole::Relay`). See [`Filter::trust_only_as`] for an example.
    pub fn exclude_sources_as<K: AsRef<str>>(
        mut self,
        role: SourceRole,
        sources: impl IntoIterator<Item = K>,
    ) -> Self {
        self.exclude.extend(
            sources
                .into_iter()
                .filter_map(|k| ActorKey::new(k.as_ref()).ok())
                .map(|k| (role, k)),
        );
        self
    }

    /// Admits only claims backed by at least `n` independent origins.
    pub fn min_origins(mut self, n: u32) -> Self {
        self.min_origins = n;
        self
    }

    /// Admits only claims of these statement kinds.
    pub fn statements(mut self, kinds: impl IntoIterator<Item = StatementKind>) -> Self {
        self.statements = Some(kinds.into_iter().fold(0u8, |bits, k| bits | 1 << (k as u8)));
        self
    }

    /// Sets which way traversals cross claims (default [`Walk::Undirected`]).
    pub fn walk(mut self, walk: Walk) -> Self {
        self.walk = walk;
        self
    }

    /// The traversal direction.
    pub fn get_walk(&self) -> Walk {
        self.walk
    }

    /// Resolves the filter against a graph, ready for per-edge tests.
    pub(crate) fn compile<A: Access + ?Sized>(&self, view: &A) -> Compiled {
        let ids = |keys: &[(SourceRole, ActorKey)]| -> Roles {
            let mut roles = Roles::default();
            for (role, key) in keys {
                if let Some(node) = view.node_of_key(key.as_str()) {
                    roles.0[*role as usize].insert(node);
                }
            }
            roles
        };
        let trust = self.trust.as_ref().map(|t| ids(t));
        let exclude = ids(&self.exclude);
        Compiled {
            min_confidence: self.min_confidence,
            relations: self.relations.unwrap_or(u64::MAX),
            kinds: self.actor_kinds,
            polarity: match self.polarity {
                None => 0b11,
                Some(Polarity::Asserted) => 0b01,
                Some(Polarity::Denied) => 0b10,
            },
            first_day: self.valid.map_or(i32::MIN, |v| v.0),
            last_day: self.valid.map_or(i32::MAX, |v| v.1),
            statements: self.statements.unwrap_or(0b111),
            min_origins: self.min_origins,
            evidence: self.known_at.is_some() || trust.is_some() || !exclude.is_empty(),
            known_at: self.known_at,
            trust,
            exclude,
            walk: self.walk,
        }
    }
}

/// A filter resolved against one graph.
#[derive(Debug, Clone)]
pub struct Compiled {
    // The snapshot's row scans pre-test these against its narrow entries.
    pub(crate) min_confidence: f64,
    pub(crate) relations: u64,
    kinds: Option<KindSet>,
    pub(crate) polarity: u8,
    pub(crate) first_day: i32,
    pub(crate) last_day: i32,
    pub(crate) statements: u8,
    pub(crate) min_origins: u32,
    evidence: bool,
    known_at: Option<i32>,
    trust: Option<Roles>,
    exclude: Roles,
    pub(crate) walk: Walk,
}

/// Source node sets by [`SourceRole`] (indexed by the role's discriminant).
#[derive(Debug, Clone, Default)]
struct Roles([HashSet<u32>; 4]);

impl Roles {
    fn is_empty(&self) -> bool {
        self.0.iter().all(HashSet::is_empty)
    }

    /// Whether the attribution names a source of these sets in the set's role.
    #[inline]
    fn names(&self, e: &Evidence) -> bool {
        let id = |s: NodeSlot| s.index() as u32;
        let [claimant, outlet, relay, any] = &self.0;
        (!any.is_empty() && e.chain().any(|s| any.contains(&id(s))))
            || (!claimant.is_empty() && e.claimant().is_some_and(|s| claimant.contains(&id(s))))
            || (!outlet.is_empty() && e.outlet().is_some_and(|s| outlet.contains(&id(s))))
            || (!relay.is_empty() && e.relays().any(|s| relay.contains(&id(s))))
    }
}

impl Compiled {
    /// The confidence of `edge` under the filter, or `None` if the filter rejects it.
    /// `from` is the node the edge was reached from.
    #[inline]
    pub(crate) fn admit<A: Access + ?Sized>(
        &self,
        view: &A,
        from: u32,
        edge: &Edge<'_>,
    ) -> Option<f64> {
        let p = &edge.packed;
        if !self.fields_fit(p.kind, p.flags, p.first_day, p.last_day) {
            return None;
        }
        if let Some(kinds) = self.kinds {
            let fits = |n: u32| view.node_kind(n).is_some_and(|k| kinds.contains(k));
            if !fits(from) || !fits(edge.other) {
                return None;
            }
        }
        if !self.evidence {
            return (p.confidence >= self.min_confidence
                && u32::from(p.origins) >= self.min_origins)
                .then_some(p.confidence);
        }
        let kept = edge.record().evidence().filter(|e| self.keeps(e));
        let mut any = false;
        let derived = derive(kept.inspect(|_| any = true));
        (any && derived.value >= self.min_confidence && derived.origins as u32 >= self.min_origins)
            .then_some(derived.value)
    }

    /// Whether the filter's evidence tests (as known at, trusted and excluded sources)
    /// keep this attribution.
    #[inline]
    pub(crate) fn keeps(&self, e: &Evidence) -> bool {
        self.known_at
            .is_none_or(|day| e.reported().is_some_and(|r| r.first_day() <= day))
            && self.trust.as_ref().is_none_or(|t| t.names(e))
            && !self.exclude.names(e)
    }

    /// Whether a claim's relation kind, polarity, statement kind and valid time fit.
    #[inline(always)]
    fn fields_fit(&self, kind: u8, flags: u8, first_day: i32, last_day: i32) -> bool {
        let polarity = if flags & DENIED != 0 { 0b10 } else { 0b01 };
        self.relations & (1 << kind) != 0
            && self.polarity & polarity != 0
            && self.statements & (1 << ((flags >> STATEMENT_SHIFT) & 0b11)) != 0
            && last_day >= self.first_day
            && first_day <= self.last_day
    }

    /// Whether the packed fields decide admission (no actor kinds, no evidence tests).
    pub(crate) fn fields_only(&self) -> bool {
        self.kinds.is_none() && !self.evidence
    }

    /// Whether the filter admits every claim (so traversals may skip testing edges).
    pub(crate) fn admits_everything(&self) -> bool {
        self.min_confidence <= 0.0
            && self.relations == u64::MAX
            && self.kinds.is_none()
            && self.polarity == 0b11
            && self.first_day == i32::MIN
            && self.last_day == i32::MAX
            && self.statements == 0b111
            && self.min_origins == 0
            && !self.evidence
    }

    /// Whether the filter looks at evidence (and so may recompute confidences).
    pub(crate) fn reads_evidence(&self) -> bool {
        self.evidence
    }
}

/// The edges a walk may take from `node`, with the filter's confidence for each.
#[inline]
pub(crate) fn steps<'a, A: Access + ?Sized>(
    view: &'a A,
    filter: &'a Compiled,
    node: u32,
) -> impl Iterator<Item = (Edge<'a>, f64)> + 'a {
    view.walk_edges(node, filter.walk)
        .filter_map(move |e| filter.admit(view, node, &e).map(|c| (e, c)))
}
