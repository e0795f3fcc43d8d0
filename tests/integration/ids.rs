//! Ids that cannot lie: stale ids (removed items, reused slots) and ids from another
//! graph are refused by every lookup, on the store and on its snapshots.

use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
use claimgraph::query::{Filter, neighbors};
use claimgraph::traverse::bfs;
use claimgraph::{ActorId, ClaimGraph, ClaimId, ReadGraph, Snapshot};
use proptest::prelude::*;

fn state(key: &str) -> Actor {
    Actor::new(key, ActorKind::State, key).unwrap()
}

fn met(a: &str, b: &str) -> Claim {
    Claim::new(
        a.parse().unwrap(),
        Relation::MetWith,
        b.parse().unwrap(),
        ValidTime::ALWAYS,
    )
    .with_evidence(
        Attribution::new(Grade::confidence(0.7).unwrap()).with_outlet("wire".parse().unwrap()),
    )
}

#[test]
fn a_removed_actors_id_does_not_read_the_actor_now_in_its_slot() {
    let mut g = ClaimGraph::new();
    for k in ["a1", "a2", "a3"] {
        g.add_actor(state(k)).unwrap();
    }
    let a3 = g.actor_id("a3").unwrap();
    g.remove_actor("a3").unwrap();
    let venezuela = g.add_actor(state("venezuela")).unwrap();
    // The slot is reused, the id is not.
    assert_eq!(venezuela.index(), a3.index());
    assert_ne!(venezuela, a3);
    assert_eq!(g.actor(a3), None);
    assert_eq!(g.actor(venezuela).unwrap().key.as_str(), "venezuela");
    assert!(neighbors(&g, a3, &Filter::new()).is_empty());
    assert_eq!(bfs(&g, a3, &Filter::new()).count(), 0);
    let snap = Snapshot::new(&g);
    assert_eq!(snap.actor(a3), None);
    assert_eq!(snap.actor(venezuela).unwrap().key.as_str(), "venezuela");
    assert_eq!(format!("{a3:?} {venezuela:?}"), "ActorId(2) ActorId(2/1)");
}

#[test]
fn ids_of_another_graph_are_refused() {
    let build = || {
        let mut g = ClaimGraph::new();
        for k in ["wire", "iran", "bolivia"] {
            g.add_actor(state(k)).unwrap();
        }
        let c = g.add_claim(met("iran", "bolivia")).unwrap().id();
        (g, c)
    };
    let (g1, c1) = build();
    let (g2, c2) = build();
    let iran1 = g1.actor_id("iran").unwrap();
    let iran2 = g2.actor_id("iran").unwrap();
    assert_eq!(iran1.index(), iran2.index());
    assert_ne!(iran1, iran2);
    assert_eq!(g2.actor(iran1), None);
    assert_eq!(g1.actor(iran2), None);
    assert!(g2.claim(c1).is_none() && g2.confidence(c1).is_none());
    assert!(g2.endpoints(c1).is_none() && g2.origins(c1).is_none());
    assert!(g1.claim(c2).is_none());
    let snap2 = Snapshot::new(&g2);
    assert_eq!(snap2.actor(iran1), None);
    assert!(snap2.claim(c1).is_none());
    assert!(neighbors(&snap2, iran1, &Filter::new()).is_empty());
    // A clone is another graph too; a snapshot is the same graph.
    let clone = g1.clone();
    assert_eq!(clone.actor(iran1), None);
    assert_eq!(
        clone
            .actor(clone.actor_id("iran").unwrap())
            .unwrap()
            .key
            .as_str(),
        "iran"
    );
    let snap1 = Snapshot::new(&g1);
    assert_eq!(snap1.actor(iran1).unwrap().key.as_str(), "iran");
    assert_eq!(snap1.claim(c1).unwrap().id(), c1);
}

#[derive(Debug, Clone)]
enum Op {
    AddActor,
    RemoveActor(prop::sample::Index),
    AddClaim(prop::sample::Index, prop::sample::Index),
    RemoveClaim(prop::sample::Index),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::AddActor),
        2 => any::<prop::sample::Index>().prop_map(Op::RemoveActor),
        3 => (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(a, b)| Op::AddClaim(a, b)),
        2 => any::<prop::sample::Index>().prop_map(Op::RemoveClaim),
    ]
}

/// Every id ever handed out answers for its own item while it lives, and for
/// nothing once it is gone, on the store and on a snapshot.
fn check(
    g: &ClaimGraph,
    live: &[(ActorId, String)],
    dead: &[ActorId],
    claims: &[(ClaimId, String)],
    gone: &[ClaimId],
) -> Result<(), TestCaseError> {
    let snap = Snapshot::new(g);
    for (id, key) in live {
        prop_assert_eq!(g.actor(*id).map(|a| a.key.to_string()), Some(key.clone()));
        prop_assert_eq!(
            snap.actor(*id).map(|a| a.key.to_string()),
            Some(key.clone())
        );
    }
    for id in dead {
        prop_assert!(g.actor(*id).is_none());
        prop_assert!(snap.actor(*id).is_none());
        prop_assert!(neighbors(g, *id, &Filter::new()).is_empty());
        prop_assert!(g.claims_citing(*id).is_empty());
    }
    for (id, pair) in claims {
        let view = g
            .claim(*id)
            .map(|c| format!("{}-{}", c.subject_actor().key, c.object_actor().key));
        prop_assert_eq!(view.as_ref(), Some(pair));
        let snapped = snap
            .claim(*id)
            .map(|c| format!("{}-{}", c.subject_actor().key, c.object_actor().key));
        prop_assert_eq!(snapped.as_ref(), Some(pair));
    }
    for id in gone {
        prop_assert!(g.claim(*id).is_none() && g.confidence(*id).is_none());
        prop_assert!(snap.claim(*id).is_none() && snap.endpoints(*id).is_none());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn old_ids_never_read_new_items(ops in prop::collection::vec(op(), 1..60)) {
        let mut g = ClaimGraph::new();
        g.add_actor(state("wire")).unwrap();
        let mut live: Vec<(ActorId, String)> = Vec::new();
        let mut dead: Vec<ActorId> = Vec::new();
        let mut claims: Vec<(ClaimId, String)> = Vec::new();
        let mut gone: Vec<ClaimId> = Vec::new();
        let mut next = 0;
        for op in ops {
            match op {
                Op::AddActor => {
                    let key = format!("k{next}");
                    next += 1;
                    live.push((g.add_actor(state(&key)).unwrap(), key));
                }
                Op::RemoveActor(i) if !live.is_empty() => {
                    let (id, key) = live.remove(i.index(live.len()));
                    g.remove_actor(&key).unwrap();
                    dead.push(id);
                    // Its claims went with it.
                    let (left, went): (Vec<_>, Vec<_>) = claims
                        .into_iter()
                        .partition(|(_, pair)| pair.split('-').all(|k| k != key));
                    claims = left;
                    gone.extend(went.into_iter().map(|(c, _)| c));
                }
                Op::AddClaim(a, b) if live.len() >= 2 => {
                    let a = a.index(live.len());
                    let b = b.index(live.len());
                    if a != b {
                        let (s, o) = (&live[a].1, &live[b].1);
                        let added = g.add_claim(met(s, o)).unwrap();
                        if let claimgraph::store::Added::New(id) = added {
                            let stored = g.claim(id).unwrap();
                            let pair = format!("{}-{}", stored.subject_actor().key, stored.object_actor().key);
                            claims.push((id, pair));
                        }
                    }
                }
                Op::RemoveClaim(i) if !claims.is_empty() => {
                    let (id, _) = claims.remove(i.index(claims.len()));
                    g.remove_claim(id).unwrap();
                    prop_assert!(g.remove_claim(id).is_err());
                    gone.push(id);
                }
                _ => {}
            }
            check(&g, &live, &dead, &claims, &gone)?;
        }
    }
}
