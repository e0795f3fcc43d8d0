//! Corroboration and contradiction reports.
//!
//! Both work claim by claim rather than by walking: they ignore the filter's
//! [`Walk`](crate::query::Walk).

use std::sync::Arc;

use crate::model::{Direction, Polarity, RelationKind, ValidTime};
use crate::query::view::{Edge, Packed, Record};
use crate::query::{Compiled, Filter, ReadGraph, Scope};
use crate::store::{ClaimRecord, Evidence, derive};
use crate::{ActorId, ClaimId};

/// A claim's record seen from its subject, as the filter tests it.
fn as_edge<'r, V: ReadGraph>(view: &V, object: u32, record: &'r Arc<ClaimRecord>) -> Edge<'r> {
    Edge {
        other: object,
        claim: view.claim_id_at(record.slot()),
        packed: Packed::of(record),
        record: Record::Shared(record),
        outgoing: true,
    }
}

// ----- corroboration ----------------------------------------------------------------

/// One claim of a [`CorroborationReport`].
#[derive(Debug, Clone, PartialEq)]
pub struct CorroborationEntry {
    /// The claim.
    pub claim: ClaimId,
    /// Its subject.
    pub subject: ActorId,
    /// Its object.
    pub object: ActorId,
    /// The number of independent origins of the evidence the filter keeps.
    pub origins: usize,
    /// The confidence derived from that evidence.
    pub confidence: f64,
    /// The distinct claimants and first outlets of that evidence, in [`ActorId`]
    /// order (relays are not sources of their own).
    pub sources: Vec<ActorId>,
}

/// How well the claims a filter admits are corroborated: see [`corroboration`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorroborationReport {
    /// Every admitted claim, by independent origins (most first), then confidence
    /// (highest first), then claim id.
    pub entries: Vec<CorroborationEntry>,
    /// The claims that rest on exactly one origin, in the order of `entries` (so the
    /// most confident first).
    pub single_source: Vec<ClaimId>,
}

/// The corroboration entry of one claim, or `None` if the filter rejects it.
fn corroboration_entry<V: ReadGraph>(
    view: &V,
    compiled: &Compiled,
    subject: u32,
    object: u32,
    record: &Arc<ClaimRecord>,
) -> Option<CorroborationEntry> {
    let confidence = compiled.admit(view, subject, &as_edge(view, object, record))?;
    let kept: Vec<Evidence> = record.evidence().filter(|e| compiled.keeps(e)).collect();
    let origins = if compiled.reads_evidence() {
        derive(kept.iter().copied()).origins
    } else {
        record.origins()
    };
    let mut sources: Vec<ActorId> = kept
        .iter()
        .flat_map(|e| e.claimant().into_iter().chain(e.outlet()))
        .map(|s| view.actor_id_at(s.0.index() as u32))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    Some(CorroborationEntry {
        claim: view.claim_id_at(record.slot()),
        subject: view.actor_id_at(subject),
        object: view.actor_id_at(object),
        origins,
        confidence,
        sources,
    })
}

fn corroboration_report<'v, V: ReadGraph>(
    view: &'v V,
    filter: &Filter,
    claims: impl Iterator<Item = (u32, u32, &'v Arc<ClaimRecord>)>,
) -> CorroborationReport {
    let compiled = filter.compile(view);
    let mut entries: Vec<CorroborationEntry> = claims
        .filter_map(|(s, o, r)| corroboration_entry(view, &compiled, s, o, r))
        .collect();
    entries.sort_by(|a, b| {
        b.origins
            .cmp(&a.origins)
            .then_with(|| b.confidence.total_cmp(&a.confidence))
            .then_with(|| a.claim.cmp(&b.claim))
    });
    let single_source = entries
        .iter()
        .filter(|e| e.origins == 1)
        .map(|e| e.claim)
        .collect();
    CorroborationReport {
        entries,
        single_source,
    }
}

/// Ranks the claims a filter admits by how many independent origins back them, and
/// lists those that rest on a single origin.
///
/// Origins, confidence and sources are recomputed from the evidence the filter keeps
/// (its *as known at*, trusted and excluded sources), with the model of
/// [`confidence::combine`](crate::model::confidence::combine): attributions that share
/// a claimant or a first outlet are one origin, however many outlets relay them.
/// Every admitted claim has at least one origin.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `filter`: which claims, and which of their evidence, count (its walk is ignored).
///
/// # Returns
/// A [`CorroborationReport`]: entries by origins (descending), confidence
/// (descending), claim id; and the single-origin claims in the same order.
///
/// # Complexity
/// **O(E log E + A)** for E claims and A attributions.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::corroboration;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation};
/// use claimgraph::query::Filter;
/// let mut g = ClaimGraph::new();
/// g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?)?;
/// g.add_actor(Actor::new("bolivia", ActorKind::State, "Bolivia")?)?;
/// g.add_actor(Actor::new("toma", ActorKind::Person, "Toma")?)?;
/// g.add_actor(Actor::new("la_nacion", ActorKind::MediaOutlet, "La Nación")?)?;
/// g.add_actor(Actor::new("dialogo", ActorKind::MediaOutlet, "Diálogo")?)?;
/// let grade = |c| Grade::confidence(c).unwrap();
/// let arms = g.add_claim(Claim::new("iran".parse()?, Relation::SuppliesArms, "bolivia".parse()?, "2023-07".parse()?)
///     .with_evidence(Attribution::new(grade(0.6)).with_outlet("la_nacion".parse()?))
///     .with_evidence(Attribution::new(grade(0.5)).with_claimant("toma".parse()?)))?.id();
/// // Diálogo relaying La Nación is still one origin
/// let pact = g.add_claim(Claim::new("iran".parse()?, Relation::SignedAgreement, "bolivia".parse()?, "2023-07".parse()?)
///     .with_evidence(Attribution::new(grade(0.7)).with_outlet("la_nacion".parse()?))
///     .with_evidence(Attribution::new(grade(0.7)).with_outlet("la_nacion".parse()?).with_relay("dialogo".parse()?)))?.id();
/// let report = corroboration(&g, &Filter::new());
/// assert_eq!(report.entries.iter().map(|e| (e.claim, e.origins)).collect::<Vec<_>>(), [(arms, 2), (pact, 1)]);
/// assert!((report.entries[0].confidence - 0.8).abs() < 1e-12);
/// assert_eq!(report.single_source, [pact]);
/// // without La Nación, the arms claim rests on Toma alone
/// let report = corroboration(&g, &Filter::new().exclude_sources(["la_nacion"]));
/// assert_eq!(report.single_source, [arms]);
/// assert_eq!(report.entries[0].sources, [g.actor_id("toma").unwrap()]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn corroboration<V: ReadGraph>(view: &V, filter: &Filter) -> CorroborationReport {
    corroboration_report(view, filter, view.all_claims())
}

/// [`corroboration`] restricted to the claims of a [`Scope`]: "the single-source
/// claims about Iran" (pass the actor's id), "... about Iran and its organs"
/// (`Scope::set`). A scoped report equals the union of the per-actor reports.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `scope`: the actor, pair, set or ego network the claims must be about.
/// * `filter`: which claims, and which of their evidence, count (its walk is ignored).
///
/// # Returns
/// A [`CorroborationReport`] over the scope's claims; ids that name no actor of
/// `view` contribute nothing.
///
/// # Complexity
/// **O(d log d + A)** for the scope's d claims and their A attributions (plus the
/// search of an ego scope).
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::corroboration_of;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// let mut g = ClaimGraph::new();
/// for key in ["iran", "bolivia", "venezuela"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.5)?).with_claimant("venezuela".parse()?);
/// let a = g.add_claim(Claim::new("iran".parse()?, Relation::MetWith, "bolivia".parse()?, ValidTime::ALWAYS).with_evidence(says.clone()))?.id();
/// g.add_claim(Claim::new("bolivia".parse()?, Relation::MetWith, "venezuela".parse()?, ValidTime::ALWAYS).with_evidence(says))?;
/// let about_iran = corroboration_of(&g, g.actor_id("iran").unwrap(), &Filter::new());
/// assert_eq!(about_iran.single_source, [a]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn corroboration_of<V: ReadGraph>(
    view: &V,
    scope: impl Into<Scope>,
    filter: &Filter,
) -> CorroborationReport {
    let scope = scope.into().resolve(view, filter);
    corroboration_report(view, filter, scope.claims(view))
}

// ----- contradictions ---------------------------------------------------------------

/// Why two claims contradict each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ContradictionKind {
    /// The same relation between the same actors (either orientation for a symmetric
    /// relation) is asserted by one claim and denied by the other.
    Denial,
    /// Two asserted claims between the same two actors (either direction) whose
    /// relation kinds exclude each other ([`RelationKind::exclusive_with`]), such as
    /// allied with and opposes.
    Exclusive,
}

/// Two claims that cannot both hold during `overlap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Contradiction {
    /// Why they contradict.
    pub kind: ContradictionKind,
    /// For [`ContradictionKind::Denial`] the asserted claim; for
    /// [`ContradictionKind::Exclusive`] the claim with the smaller id.
    pub a: ClaimId,
    /// For [`ContradictionKind::Denial`] the denied claim; for
    /// [`ContradictionKind::Exclusive`] the claim with the larger id.
    pub b: ClaimId,
    /// The days both claims' valid times cover.
    pub overlap: ValidTime,
}

/// An admitted claim with what the contradiction tests compare.
#[derive(Debug, Clone, Copy)]
struct Item {
    /// The two actors in index order.
    low: u32,
    high: u32,
    /// Subject and object, or `low` and `high` for a symmetric relation.
    from: u32,
    to: u32,
    relation: u32,
    kind: RelationKind,
    denied: bool,
    first: i32,
    last: i32,
    valid: ValidTime,
    id: ClaimId,
}

/// The part of two overlapping valid times they share, each end taken (with its
/// precision) from the claim that bounds it more tightly.
fn overlap(a: &ValidTime, b: &ValidTime) -> ValidTime {
    let start = match (a.start(), b.start()) {
        (Some(x), Some(y)) => Some(if y.first_day() > x.first_day() { y } else { x }),
        (x, y) => x.or(y),
    };
    let end = match (a.end(), b.end()) {
        (Some(x), Some(y)) => Some(if y.last_day() < x.last_day() { y } else { x }),
        (x, y) => x.or(y),
    };
    match (start, end) {
        (Some(s), Some(e)) if s == e => ValidTime::at(s),
        _ => ValidTime::between(start, end).expect("the two valid times overlap"),
    }
}

/// Calls `found(x, y)` for every `x` of `xs` and `y` of `ys` whose valid times share a
/// day. Both slices must be sorted by first day.
fn overlapping(xs: &[Item], ys: &[Item], mut found: impl FnMut(&Item, &Item)) {
    for x in xs {
        for y in ys.iter().take_while(|y| y.first <= x.last) {
            if y.last >= x.first {
                found(x, y);
            }
        }
    }
}

fn contradiction_report<'v, V: ReadGraph>(
    view: &'v V,
    filter: &Filter,
    claims: impl Iterator<Item = (u32, u32, &'v Arc<ClaimRecord>)>,
) -> Vec<Contradiction> {
    let compiled = filter.clone().polarity(None).compile(view);
    let mut items: Vec<Item> = claims
        .filter(|(s, o, r)| compiled.admit(view, *s, &as_edge(view, *o, r)).is_some())
        .map(|(s, o, r)| {
            let (low, high) = (s.min(o), s.max(o));
            let (from, to) = match r.kind.direction() {
                Direction::Symmetric => (low, high),
                Direction::Directed => (s, o),
            };
            Item {
                low,
                high,
                from,
                to,
                relation: r.relation,
                kind: r.kind,
                denied: r.polarity == Polarity::Denied,
                first: r.valid().first_day(),
                last: r.valid().last_day(),
                valid: r.valid(),
                id: view.claim_id_at(r.slot()),
            }
        })
        .collect();
    let mut found = Vec::new();

    // Denials: group by (from, to, relation), asserted before denied, each by first day.
    items.sort_by_key(|i| (i.from, i.to, i.relation, i.denied, i.first, i.id));
    for group in items.chunk_by(|x, y| (x.from, x.to, x.relation) == (y.from, y.to, y.relation)) {
        let split = group.partition_point(|i| !i.denied);
        overlapping(&group[..split], &group[split..], |a, d| {
            found.push(Contradiction {
                kind: ContradictionKind::Denial,
                a: a.id,
                b: d.id,
                overlap: overlap(&a.valid, &d.valid),
            });
        });
    }

    // Exclusive kinds: asserted claims grouped by the pair of actors, then by kind.
    items.retain(|i| !i.denied && i.kind.exclusive_with().is_some());
    items.sort_by_key(|i| (i.low, i.high, i.kind, i.first, i.id));
    for group in items.chunk_by(|x, y| (x.low, x.high) == (y.low, y.high)) {
        for run in group.chunk_by(|x, y| x.kind == y.kind) {
            let kind = run[0].kind;
            let Some(other) = kind.exclusive_with().filter(|&o| o > kind) else {
                continue;
            };
            let others: Vec<Item> = group.iter().filter(|i| i.kind == other).copied().collect();
            overlapping(run, &others, |x, y| {
                let (a, b) = if x.id < y.id {
                    (x.id, y.id)
                } else {
                    (y.id, x.id)
                };
                found.push(Contradiction {
                    kind: ContradictionKind::Exclusive,
                    a,
                    b,
                    overlap: overlap(&x.valid, &y.valid),
                });
            });
        }
    }

    found.sort_unstable_by_key(|c| (c.kind, c.a, c.b));
    found
}

/// Pairs of admitted claims that cannot both be true: a relation asserted by one and
/// denied by the other, or mutually exclusive relations (allied with / opposes)
/// between the same two actors, with overlapping valid times.
///
/// The report sees both polarities whatever the filter says: it overrides the
/// filter's polarity (as `filter.clone().polarity(None)`) and applies everything else
/// (confidence, relations, actor kinds, valid time, evidence, origins) to each claim on
/// its own. [`ContradictionKind::Denial`] compares claims with the same relation
/// (parameters included: cooperating on health does not deny cooperating on
/// security); [`ContradictionKind::Exclusive`] compares asserted claims only (denying
/// an alliance does not contradict an opposition).
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `filter`: which claims count (its polarity and walk are ignored).
///
/// # Returns
/// Each contradicting pair once, ordered by kind (denials first), then `a`, then `b`.
///
/// # Complexity
/// **O(E log E + C)** for E claims, where C counts the pairs of claims on the same
/// actors and relation (or exclusive relations) whose valid times are compared: at
/// most the pairs that overlap plus, for each claim, those that end before it starts.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::{contradictions, ContradictionKind};
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Polarity, Relation};
/// use claimgraph::query::Filter;
/// let mut g = ClaimGraph::new();
/// g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?)?;
/// g.add_actor(Actor::new("bolivia", ActorKind::State, "Bolivia")?)?;
/// let says = |who: &str| Attribution::new(Grade::confidence(0.6).unwrap()).with_claimant(who.parse().unwrap());
/// let sold = g.add_claim(Claim::new("iran".parse()?, Relation::SuppliesArms, "bolivia".parse()?, "2023".parse()?)
///     .with_evidence(says("bolivia")))?.id();
/// let denied = g.add_claim(Claim::new("iran".parse()?, Relation::SuppliesArms, "bolivia".parse()?, "2023-07".parse()?)
///     .with_polarity(Polarity::Denied).with_evidence(says("iran")))?.id();
/// let found = contradictions(&g, &Filter::new());
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].kind, found[0].a, found[0].b), (ContradictionKind::Denial, sold, denied));
/// assert_eq!(found[0].overlap, "2023-07".parse()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn contradictions<V: ReadGraph>(view: &V, filter: &Filter) -> Vec<Contradiction> {
    contradiction_report(view, filter, view.all_claims())
}

/// [`contradictions`] among the claims of a [`Scope`] (an actor's id, a pair, a
/// set or an ego network). Two contradicting claims link the same two actors, so a
/// scoped list equals the union of the per-actor lists.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `scope`: the actors the claims must be about.
/// * `filter`: which claims count (its polarity and walk are ignored).
///
/// # Returns
/// The contradictions between the scope's claims, ordered as [`contradictions`]
/// orders them; ids that name no actor of `view` contribute nothing.
///
/// # Complexity
/// **O(d log d + C)** for the scope's d claims (C as for [`contradictions`]).
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::{contradictions_of, ContradictionKind};
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// let mut g = ClaimGraph::new();
/// for key in ["iran", "israel", "bolivia"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.6)?).with_claimant("bolivia".parse()?);
/// let claim = |s: &str, r, o: &str| Claim::new(s.parse().unwrap(), r, o.parse().unwrap(), ValidTime::ALWAYS).with_evidence(says.clone());
/// let allied = g.add_claim(claim("bolivia", Relation::AlliedWith, "iran"))?.id();
/// let opposes = g.add_claim(claim("iran", Relation::Opposes, "bolivia"))?.id();
/// g.add_claim(claim("iran", Relation::Opposes, "israel"))?;
/// let found = contradictions_of(&g, g.actor_id("bolivia").unwrap(), &Filter::new());
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].kind, found[0].a, found[0].b), (ContradictionKind::Exclusive, allied, opposes));
/// assert_eq!(found[0].overlap, ValidTime::ALWAYS);
/// assert!(contradictions_of(&g, g.actor_id("israel").unwrap(), &Filter::new()).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn contradictions_of<V: ReadGraph>(
    view: &V,
    scope: impl Into<Scope>,
    filter: &Filter,
) -> Vec<Contradiction> {
    let scope = scope.into().resolve(view, filter);
    contradiction_report(view, filter, scope.claims(view))
}
