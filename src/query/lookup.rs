//! Lookups: neighbours, claims between two actors, claims by a source, timelines.

use super::ReadGraph;
use super::filter::{Filter, steps};
use super::scope::{Resolved, Scope};
use super::view::{Edge, Packed};
use crate::model::{Polarity, Relation, ValidTime};
use crate::store::{ActorId, ClaimId, Evidence, NodeSlot};

/// One claim linking an actor to a neighbour, as [`neighbors`] reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbor {
    /// The actor at the other end of the claim.
    pub actor: ActorId,
    /// The claim.
    pub claim: ClaimId,
    /// The claim's confidence under the filter (recomputed from the evidence it keeps).
    pub confidence: f64,
    /// Whether the claim points away from the actor asked about (it is the subject).
    pub outgoing: bool,
}

/// The claims an actor can be left by under a filter, and where they lead.
///
/// Which claims count follows the filter's [`Walk`](super::Walk): `Forward` takes
/// claims the actor is subject of, plus symmetric claims it is object of;
/// `Backward` takes claims it is object of, plus symmetric claims it is subject of;
/// `Undirected` (the default) takes both. An actor linked by several claims appears
/// once per claim.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `actor`: the actor asked about.
/// * `filter`: which claims count, which way, and which evidence.
///
/// # Returns
/// One [`Neighbor`] per admitted claim, in the view's edge order (claims the actor
/// is subject of, then those it is object of). Empty for an unknown or removed actor.
///
/// # Complexity
/// **O(d)** for an actor with d claims (plus reading their evidence when the filter
/// looks at evidence).
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::{neighbors, Filter, Walk};
/// let mut g = ClaimGraph::new();
/// for k in ["iran", "bolivia", "venezuela"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = |c: f64| Attribution::new(Grade::confidence(c).unwrap()).with_claimant("bolivia".parse().unwrap());
/// g.add_claim(Claim::new("iran".parse()?, Relation::SuppliesArms, "bolivia".parse()?, ValidTime::ALWAYS).with_evidence(says(0.8)))?;
/// g.add_claim(Claim::new("venezuela".parse()?, Relation::MetWith, "iran".parse()?, ValidTime::ALWAYS).with_evidence(says(0.5)))?;
/// let iran = g.actor_id("iran").unwrap();
/// let all = neighbors(&g, iran, &Filter::new());
/// assert_eq!(all.len(), 2);
/// // backwards, only the symmetric meeting leads anywhere
/// let back = neighbors(&g, iran, &Filter::new().walk(Walk::Backward));
/// assert_eq!(back.len(), 1);
/// assert_eq!(back[0].actor, g.actor_id("venezuela").unwrap());
/// assert_eq!(back[0].confidence, 0.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn neighbors<V: ReadGraph>(view: &V, actor: ActorId, filter: &Filter) -> Vec<Neighbor> {
    let Some(node) = view.node_of(actor) else {
        return Vec::new();
    };
    let compiled = filter.compile(view);
    steps(view, &compiled, node)
        .map(|(edge, confidence)| Neighbor {
            actor: view.actor_id_at(edge.other),
            claim: edge.id(),
            confidence,
            outgoing: edge.outgoing,
        })
        .collect()
}

/// The claims linking `a` and `b` that a filter admits.
///
/// Both directions count as the filter's [`Walk`](super::Walk) allows, seen from
/// `a`'s side: with `Forward`, claims from `a` to `b` and symmetric claims either
/// way; with `Backward`, claims from `b` to `a` and symmetric ones; with
/// `Undirected` (the default), all of them.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `a`, `b`: the two actors.
/// * `filter`: which claims count, which way, and which evidence.
///
/// # Returns
/// The claim ids in ascending order. Empty if either actor is unknown or removed.
///
/// # Complexity
/// **O(d log d)** for `a`'s d claims.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::{claims_between, Filter, Walk};
/// let mut g = ClaimGraph::new();
/// for k in ["iran", "bolivia"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.8)?).with_claimant("bolivia".parse()?);
/// let sold = g.add_claim(Claim::new("iran".parse()?, Relation::SuppliesArms, "bolivia".parse()?, ValidTime::ALWAYS).with_evidence(says.clone()))?.id();
/// let signed = g.add_claim(Claim::new("bolivia".parse()?, Relation::SignedAgreement, "iran".parse()?, "2023-07".parse()?).with_evidence(says))?.id();
/// let (iran, bolivia) = (g.actor_id("iran").unwrap(), g.actor_id("bolivia").unwrap());
/// assert_eq!(claims_between(&g, iran, bolivia, &Filter::new()), [sold, signed]);
/// // seen from Bolivia going forward, only the symmetric agreement leads to Iran
/// assert_eq!(claims_between(&g, bolivia, iran, &Filter::new().walk(Walk::Forward)), [signed]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn claims_between<V: ReadGraph>(
    view: &V,
    a: ActorId,
    b: ActorId,
    filter: &Filter,
) -> Vec<ClaimId> {
    let (Some(a), Some(b)) = (view.node_of(a), view.node_of(b)) else {
        return Vec::new();
    };
    let compiled = filter.compile(view);
    let mut ids: Vec<ClaimId> = steps(view, &compiled, a)
        .filter(|(edge, _)| edge.other == b)
        .map(|(edge, _)| edge.id())
        .collect();
    ids.sort_unstable();
    ids
}

/// The part a source plays in an attribution, for [`claims_by_source`] and the
/// role-aware source filters ([`Filter::trust_only_as`], [`Filter::exclude_sources_as`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceRole {
    /// The actor who asserted the claim.
    Claimant,
    /// The outlet that first published it.
    Outlet,
    /// An outlet that relayed it afterwards.
    Relay,
    /// Any of the above.
    Any,
}

impl SourceRole {
    pub(crate) fn names(self, evidence: &Evidence, source: NodeSlot) -> bool {
        match self {
            SourceRole::Claimant => evidence.claimant() == Some(source),
            SourceRole::Outlet => evidence.outlet() == Some(source),
            SourceRole::Relay => evidence.relays().any(|r| r == source),
            SourceRole::Any => evidence.chain().any(|s| s == source),
        }
    }
}

/// The claims a filter admits whose kept evidence names `source` in `role`.
///
/// A claim counts when the filter admits it (with its confidence recomputed from the
/// evidence the filter keeps) and at least one piece of evidence the filter keeps
/// names `source` as claimant, outlet or relay, as `role` asks. The filter's
/// [`Walk`](super::Walk) plays no part.
///
/// This scans every claim, on the store and on a snapshot alike. On a store,
/// [`ClaimGraph::claims_citing`](crate::ClaimGraph::claims_citing) answers "every
/// claim citing this actor in any role, unfiltered" from an index.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `source`: the source actor.
/// * `role`: the part it must play in the evidence.
/// * `filter`: which claims count, and which evidence.
///
/// # Returns
/// The claim ids in ascending order. Empty for an unknown or removed `source`.
///
/// # Complexity
/// **O(E + A)** for E claims and A attributions in all, plus **O(k log k)** to sort
/// the k found.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::{claims_by_source, Filter, SourceRole};
/// let mut g = ClaimGraph::new();
/// for (k, kind) in [("iran", ActorKind::State), ("bolivia", ActorKind::State),
///                   ("toma", ActorKind::Person), ("dnews", ActorKind::MediaOutlet)] {
///     g.add_actor(Actor::new(k, kind, k)?)?;
/// }
/// let toma_on_dnews = Attribution::new(Grade::confidence(0.6)?)
///     .with_claimant("toma".parse()?)
///     .with_outlet("dnews".parse()?);
/// let id = g.add_claim(Claim::new("iran".parse()?, Relation::SuppliesArms, "bolivia".parse()?, ValidTime::ALWAYS)
///     .with_evidence(toma_on_dnews))?.id();
/// let (toma, dnews) = (g.actor_id("toma").unwrap(), g.actor_id("dnews").unwrap());
/// assert_eq!(claims_by_source(&g, toma, SourceRole::Claimant, &Filter::new()), [id]);
/// assert_eq!(claims_by_source(&g, dnews, SourceRole::Claimant, &Filter::new()), []);
/// assert_eq!(claims_by_source(&g, dnews, SourceRole::Any, &Filter::new()), [id]);
/// // excluding DNews drops the only evidence, and with it the claim
/// let no_dnews = Filter::new().exclude_sources(["dnews"]);
/// assert_eq!(claims_by_source(&g, toma, SourceRole::Claimant, &no_dnews), []);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn claims_by_source<V: ReadGraph>(
    view: &V,
    source: ActorId,
    role: SourceRole,
    filter: &Filter,
) -> Vec<ClaimId> {
    let Some(source) = view.node_of(source).map(NodeSlot::at) else {
        return Vec::new();
    };
    let compiled = filter.compile(view);
    let mut ids: Vec<ClaimId> = view
        .all_claims()
        .filter(|&(subject, object, record)| {
            let named = |e: &Evidence| role.names(e, source);
            if !record.evidence().any(|e| named(&e)) {
                return false;
            }
            let edge = Edge {
                other: object,
                claim: view.claim_id_at(record.slot()),
                packed: Packed::of(record),
                record: super::view::Record::Shared(record),
                outgoing: true,
            };
            compiled.admit(view, subject, &edge).is_some()
                && record.evidence().any(|e| named(&e) && compiled.keeps(&e))
        })
        .map(|(_, _, record)| view.claim_id_at(record.slot()))
        .collect();
    ids.sort_unstable();
    ids
}

/// One claim on a timeline: what was claimed, between whom, when, and how surely.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    /// The claim.
    pub claim: ClaimId,
    /// Its subject.
    pub subject: ActorId,
    /// Its object.
    pub object: ActorId,
    /// Its relation.
    pub relation: Relation,
    /// Asserted or denied (denied claims appear only if the filter admits them).
    pub polarity: Polarity,
    /// When it holds.
    pub valid: ValidTime,
    /// Its confidence under the filter.
    pub confidence: f64,
}

/// Timeline entries for the claims the walk takes from the scope's anchors to the
/// other ends it admits, each claim once, in timeline order.
fn timeline_from<V: ReadGraph>(view: &V, scope: &Resolved, filter: &Filter) -> Vec<TimelineEntry> {
    let compiled = filter.compile(view);
    let mut entries: Vec<TimelineEntry> = Vec::new();
    for &node in &scope.anchors {
        for (edge, confidence) in steps(view, &compiled, node) {
            if !scope.admits(edge.other) {
                continue;
            }
            let (subject, object) = if edge.outgoing {
                (node, edge.other)
            } else {
                (edge.other, node)
            };
            let record = &**edge.record();
            entries.push(TimelineEntry {
                claim: edge.id(),
                subject: view.actor_id_at(subject),
                object: view.actor_id_at(object),
                relation: view.materialise(subject, object, record).relation,
                polarity: record.polarity,
                valid: record.valid(),
                confidence,
            });
        }
    }
    entries.sort_by(|x, y| x.valid.cmp(&y.valid).then(x.claim.cmp(&y.claim)));
    // A claim between two anchors is reached from both.
    entries.dedup_by_key(|e| e.claim);
    entries
}

/// The claims between `a` and `b` in the order of their valid times.
///
/// The claims are those of [`claims_between`] (the filter's
/// [`Walk`](super::Walk) seen from `a`'s side), ordered by [`ValidTime`]'s order
/// (first day, then last day, then single dates before intervals), ties by claim id.
/// Claims valid at all times (`..`) start on the earliest day and so come first.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `a`, `b`: the two actors.
/// * `filter`: which claims count, which way, and which evidence.
///
/// # Returns
/// One [`TimelineEntry`] per claim. Empty if either actor is unknown or removed.
///
/// # Complexity
/// **O(d log d)** for `a`'s d claims, plus building each entry's relation.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation};
/// use claimgraph::query::{timeline, Filter};
/// let mut g = ClaimGraph::new();
/// for k in ["iran", "bolivia"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.8)?).with_claimant("bolivia".parse()?);
/// for (relation, when) in [(Relation::SignedAgreement, "2023-07-20"), (Relation::MetWith, "2023"),
///                          (Relation::SuppliesArms, "2023-08/..")] {
///     g.add_claim(Claim::new("iran".parse()?, relation, "bolivia".parse()?, when.parse()?).with_evidence(says.clone()))?;
/// }
/// let (iran, bolivia) = (g.actor_id("iran").unwrap(), g.actor_id("bolivia").unwrap());
/// let order: Vec<String> = timeline(&g, iran, bolivia, &Filter::new())
///     .iter()
///     .map(|e| format!("{} {}", e.valid, e.relation))
///     .collect();
/// assert_eq!(order, ["2023 met_with", "2023-07-20 signed_agreement", "2023-08/.. supplies_arms"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn timeline<V: ReadGraph>(
    view: &V,
    a: ActorId,
    b: ActorId,
    filter: &Filter,
) -> Vec<TimelineEntry> {
    timeline_of(view, Scope::pair(a, b), filter)
}

/// Every claim of a [`Scope`] that a filter admits, in the order of their valid
/// times: one actor's claims (pass its id), a pair's, a set's (the union of the
/// per-actor timelines), the claims among a set, or an ego network's.
///
/// The claims are those of [`neighbors`] from each actor of the scope (the
/// filter's [`Walk`](super::Walk) seen from that actor) whose other end the scope
/// admits, each claim once, ordered as in [`timeline`].
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `scope`: the actor, pair, set or ego network.
/// * `filter`: which claims count, which way, and which evidence.
///
/// # Returns
/// One [`TimelineEntry`] per claim. Ids that name no actor of `view` contribute
/// nothing.
///
/// # Complexity
/// **O(d log d)** for the scope's d claims, plus building each entry's relation.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation};
/// use claimgraph::query::{timeline_of, Filter, Scope};
/// let mut g = ClaimGraph::new();
/// for (k, kind) in [("iran", ActorKind::State), ("bolivia", ActorKind::State), ("venezuela", ActorKind::State),
///                   ("arce", ActorKind::Person), ("raisi", ActorKind::Person)] {
///     g.add_actor(Actor::new(k, kind, k)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.8)?).with_claimant("bolivia".parse()?);
/// for (s, r, o, when) in [("iran", Relation::SuppliesArms, "bolivia", "2023-07"),
///                         ("iran", Relation::SuppliesArms, "venezuela", "2006"),
///                         ("arce", Relation::Leads, "bolivia", "2020/.."),
///                         ("arce", Relation::MetWith, "raisi", "2023-07-20")] {
///     g.add_claim(Claim::new(s.parse()?, r, o.parse()?, when.parse()?).with_evidence(says.clone()))?;
/// }
/// let id = |k: &str| g.actor_id(k).unwrap();
/// let whom: Vec<&str> = timeline_of(&g, id("iran"), &Filter::new())
///     .iter()
///     .map(|e| g.actor(e.object).unwrap().key.as_str())
///     .collect();
/// assert_eq!(whom, ["venezuela", "bolivia"]);
/// // the Bolivia-Iran relationship, their leaders' meeting included
/// let both = Scope::among([id("iran"), id("bolivia"), id("arce"), id("raisi")]);
/// let what: Vec<String> = timeline_of(&g, both, &Filter::new())
///     .iter()
///     .map(|e| format!("{} {}", e.valid, e.relation))
///     .collect();
/// assert_eq!(what, ["2020/.. leads", "2023-07 supplies_arms", "2023-07-20 met_with"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn timeline_of<V: ReadGraph>(
    view: &V,
    scope: impl Into<Scope>,
    filter: &Filter,
) -> Vec<TimelineEntry> {
    timeline_from(view, &scope.into().resolve(view, filter), filter)
}
