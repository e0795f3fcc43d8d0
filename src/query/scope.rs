//! [`Scope`]: which actors a report or a timeline is about, in one value.

use std::collections::HashSet;
use std::sync::Arc;

use super::{Filter, ReadGraph};
use crate::ActorId;
use crate::store::ClaimRecord;

/// Which claims a question is about: one actor, a pair, a set of actors, the claims
/// among a set, or an ego network. Accepted by
/// [`corroboration_of`](crate::analysis::corroboration_of),
/// [`contradictions_of`](crate::analysis::contradictions_of) and
/// [`timeline_of`](super::timeline_of); an [`ActorId`] converts into
/// [`Scope::Actor`].
///
/// A scoped answer is the union of the per-actor answers it stands for:
/// `Scope::set([iran, quds_force])` gives exactly the claims (and reports) of
/// `iran` plus those of `quds_force`, each claim once.
///
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::corroboration_of;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::{Filter, Scope};
/// let mut g = ClaimGraph::new();
/// for k in ["iran", "quds_force", "bolivia", "venezuela"] {
///     g.add_actor(Actor::new(k, ActorKind::Group, k)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.6)?).with_claimant("venezuela".parse()?);
/// for (s, o) in [("iran", "bolivia"), ("quds_force", "bolivia"), ("venezuela", "bolivia")] {
///     g.add_claim(Claim::new(s.parse()?, Relation::Supports, o.parse()?, ValidTime::ALWAYS).with_evidence(says.clone()))?;
/// }
/// let id = |k: &str| g.actor_id(k).unwrap();
/// // "single-source claims about Iran and its organs"
/// let report = corroboration_of(&g, Scope::set([id("iran"), id("quds_force")]), &Filter::new());
/// assert_eq!(report.single_source.len(), 2);
/// // the claims between two actors
/// let pair = corroboration_of(&g, Scope::pair(id("iran"), id("bolivia")), &Filter::new());
/// assert_eq!(pair.entries.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// The claims whose subject or object is this actor.
    Actor(ActorId),
    /// The claims linking these two actors (either direction, as the filter's
    /// [`Walk`](super::Walk) allows seen from the first).
    Pair(ActorId, ActorId),
    /// The claims whose subject or object is any of these actors: the union of
    /// their [`Scope::Actor`] scopes.
    Set(Vec<ActorId>),
    /// The claims whose subject and object are both among these actors ("the
    /// Bolivia-Iran relationship, their leaders' meetings included").
    Among(Vec<ActorId>),
    /// The claims among the actors within `max_depth` hops of `start` over the
    /// claims the filter admits: the claims of
    /// [`ego_network`](crate::traverse::ego_network).
    Ego {
        /// The actor at the centre.
        start: ActorId,
        /// The most hops from the centre.
        max_depth: usize,
    },
}

impl From<ActorId> for Scope {
    fn from(actor: ActorId) -> Scope {
        Scope::Actor(actor)
    }
}

impl Scope {
    /// [`Scope::Actor`].
    pub fn actor(actor: ActorId) -> Scope {
        Scope::Actor(actor)
    }

    /// [`Scope::Pair`].
    pub fn pair(a: ActorId, b: ActorId) -> Scope {
        Scope::Pair(a, b)
    }

    /// [`Scope::Set`].
    pub fn set(actors: impl IntoIterator<Item = ActorId>) -> Scope {
        Scope::Set(actors.into_iter().collect())
    }

    /// [`Scope::Among`].
    pub fn among(actors: impl IntoIterator<Item = ActorId>) -> Scope {
        Scope::Among(actors.into_iter().collect())
    }

    /// [`Scope::Ego`].
    pub fn ego(start: ActorId, max_depth: usize) -> Scope {
        Scope::Ego { start, max_depth }
    }

    /// The scope against one view: anchor nodes (sorted, distinct, ids this view
    /// does not hold dropped) and which other ends count.
    pub(crate) fn resolve<V: ReadGraph>(&self, view: &V, filter: &Filter) -> Resolved {
        let nodes = |ids: &[ActorId]| {
            let mut n: Vec<u32> = ids.iter().filter_map(|id| view.node_of(*id)).collect();
            n.sort_unstable();
            n.dedup();
            n
        };
        match self {
            Scope::Actor(a) => Resolved::touching(nodes(&[*a])),
            Scope::Set(ids) => Resolved::touching(nodes(ids)),
            Scope::Pair(a, b) => match (view.node_of(*a), view.node_of(*b)) {
                (Some(a), Some(b)) => Resolved {
                    anchors: vec![a],
                    others: Some(HashSet::from([b])),
                },
                _ => Resolved::touching(Vec::new()),
            },
            Scope::Among(ids) => Resolved::among(nodes(ids)),
            Scope::Ego { start, max_depth } => {
                let within: Vec<ActorId> = crate::traverse::k_hop(view, *start, *max_depth, filter)
                    .into_iter()
                    .map(|(a, _)| a)
                    .collect();
                Resolved::among(nodes(&within))
            }
        }
    }
}

/// A scope resolved against one view.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// The actors the claims are read from.
    pub(crate) anchors: Vec<u32>,
    /// Which actors the other end must be (`None`: any).
    pub(crate) others: Option<HashSet<u32>>,
}

impl Resolved {
    fn touching(anchors: Vec<u32>) -> Resolved {
        Resolved {
            anchors,
            others: None,
        }
    }

    fn among(anchors: Vec<u32>) -> Resolved {
        let others = anchors.iter().copied().collect();
        Resolved {
            anchors,
            others: Some(others),
        }
    }

    /// Whether a claim from an anchor to `other` is in scope.
    #[inline]
    pub(crate) fn admits(&self, other: u32) -> bool {
        self.others.as_ref().is_none_or(|o| o.contains(&other))
    }

    /// Every claim in scope as (subject, object, record), each once, whatever its
    /// direction: claims are read from their subject when it is an anchor, and from
    /// their object otherwise.
    pub(crate) fn claims<'v, V: ReadGraph>(
        &'v self,
        view: &'v V,
    ) -> impl Iterator<Item = (u32, u32, &'v Arc<ClaimRecord>)> + 'v {
        let anchor = |n: u32| self.anchors.binary_search(&n).is_ok();
        self.anchors.iter().flat_map(move |&node| {
            let outgoing = view
                .out_edges(node)
                .filter(move |e| self.admits(e.other))
                .map(move |e| (node, e.other, e.record()));
            let incoming = view
                .in_edges(node)
                .filter(move |e| !anchor(e.other) && self.admits(e.other))
                .map(move |e| (e.other, node, e.record()));
            outgoing.chain(incoming)
        })
    }
}
