//! Paths: exact answers on small hand-built graphs, hop distances against networkx on
//! the karate club, and property tests against brute-force references.

use std::collections::{BTreeMap, BTreeSet};

use claimgraph::model::{
    Actor, ActorKind, Attribution, Claim, Grade, PartialDate, Relation, ValidTime,
};
use claimgraph::query::{Filter, Walk};
use claimgraph::traverse::{
    Path, hop_distances, k_most_credible_paths, most_credible_path, most_credible_tree,
    shortest_path, simple_paths,
};
use claimgraph::{ActorId, ClaimGraph, ClaimId, Snapshot};
use proptest::prelude::*;

type Error = Box<dyn std::error::Error>;

/// Evaluates `$body` with `$v` bound to the store, then to a snapshot of it; asserts
/// that both give the same answer and returns it.
macro_rules! on_both {
    ($g:expr, |$v:ident| $body:expr) => {{
        let snapshot = Snapshot::new(&$g);
        let from_store = {
            let $v = &$g;
            $body
        };
        let from_snapshot = {
            let $v = &snapshot;
            $body
        };
        assert_eq!(from_store, from_snapshot, "store and snapshot differ");
        from_store
    }};
}

fn graph(keys: &[&str]) -> Result<ClaimGraph, Error> {
    let mut g = ClaimGraph::new();
    for key in keys {
        g.add_actor(Actor::new(key, ActorKind::State, *key)?)?;
    }
    Ok(g)
}

/// Adds `subject relation object` with one attribution of confidence `c`, claimed by
/// the subject, valid in `year` (distinct years keep claims from merging).
fn claim_in(
    g: &mut ClaimGraph,
    subject: &str,
    relation: Relation,
    object: &str,
    c: f64,
    valid: ValidTime,
) -> Result<ClaimId, Error> {
    let claim = Claim::new(subject.parse()?, relation, object.parse()?, valid)
        .with_evidence(Attribution::new(Grade::confidence(c)?).with_claimant(subject.parse()?));
    Ok(g.add_claim(claim)?.id())
}

fn claim(
    g: &mut ClaimGraph,
    s: &str,
    relation: Relation,
    o: &str,
    c: f64,
) -> Result<ClaimId, Error> {
    claim_in(g, s, relation, o, c, ValidTime::ALWAYS)
}

fn id(g: &ClaimGraph, key: &str) -> ActorId {
    g.actor_id(key).expect("actor exists")
}

fn claims_of(paths: &[Path]) -> Vec<Vec<ClaimId>> {
    paths.iter().map(|p| p.claims.clone()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1e-300)
}

/// a-b 0.9, b-c 0.9, a-c 0.5, all MetWith (symmetric).
fn triangle() -> Result<(ClaimGraph, [ClaimId; 3]), Error> {
    let mut g = graph(&["a", "b", "c"])?;
    let ab = claim(&mut g, "a", Relation::MetWith, "b", 0.9)?;
    let bc = claim(&mut g, "b", Relation::MetWith, "c", 0.9)?;
    let ac = claim(&mut g, "a", Relation::MetWith, "c", 0.5)?;
    Ok((g, [ab, bc, ac]))
}

#[test]
fn most_credible_path_can_be_longer_than_shortest() -> Result<(), Error> {
    let (g, [ab, bc, ac]) = triangle()?;
    let (a, b, c) = (id(&g, "a"), id(&g, "b"), id(&g, "c"));
    let f = Filter::new();

    let shortest = on_both!(g, |v| shortest_path(v, a, c, &f));
    assert_eq!(
        shortest,
        Some(Path {
            actors: vec![a, c],
            claims: vec![ac],
            confidence: 0.5
        })
    );

    let credible = on_both!(g, |v| most_credible_path(v, a, c, &f)).unwrap();
    assert_eq!(credible.actors, vec![a, b, c]);
    assert_eq!(credible.claims, vec![ab, bc]);
    assert!(close(credible.confidence, 0.81));
    assert_eq!(credible.hops(), 2);
    // Exactly the product of the stored confidences, in path order.
    assert_eq!(
        credible.confidence,
        1.0 * g.confidence(ab).unwrap() * g.confidence(bc).unwrap()
    );

    // MetWith is symmetric: a forward walk may go back from c to a.
    let back = on_both!(g, |v| most_credible_path(
        v,
        c,
        a,
        &Filter::new().walk(Walk::Forward)
    ));
    assert_eq!(back.unwrap().claims, vec![bc, ab]);

    let ranked = on_both!(g, |v| k_most_credible_paths(v, a, c, 5, &f));
    assert_eq!(claims_of(&ranked), vec![vec![ab, bc], vec![ac]]);
    assert_eq!(ranked[0], credible);
    assert_eq!(ranked[1].confidence, 0.5);

    let tree = on_both!(g, |v| most_credible_tree(v, a, &f));
    assert_eq!(tree.source(), a);
    assert_eq!(tree.confidence(a), Some(1.0));
    assert_eq!(tree.confidence(b), Some(0.9));
    assert_eq!(tree.confidence(c), Some(credible.confidence));
    assert_eq!(tree.predecessor(a), None);
    assert_eq!(tree.predecessor(c), Some((b, bc)));
    assert_eq!(tree.path_to(c), Some(credible));
    assert_eq!(
        tree.reached().collect::<Vec<_>>(),
        vec![(a, 1.0), (b, 0.9), (c, tree.confidence(c).unwrap())]
    );
    assert_eq!(tree.len(), 3);
    Ok(())
}

#[test]
fn min_confidence_removes_claims_from_paths() -> Result<(), Error> {
    let (g, [ab, bc, _]) = triangle()?;
    let (a, c) = (id(&g, "a"), id(&g, "c"));

    let f = Filter::new().min_confidence(0.6);
    let shortest = on_both!(g, |v| shortest_path(v, a, c, &f)).unwrap();
    assert_eq!(shortest.claims, vec![ab, bc]);
    assert!(close(shortest.confidence, 0.81));
    let all = on_both!(g, |v| simple_paths(v, a, c, &f)
        .flat_map(|r| r.paths().collect::<Vec<_>>())
        .collect::<Vec<_>>());
    assert_eq!(claims_of(&all), vec![vec![ab, bc]]);

    let f = Filter::new().min_confidence(0.95);
    assert_eq!(on_both!(g, |v| shortest_path(v, a, c, &f)), None);
    assert_eq!(on_both!(g, |v| most_credible_path(v, a, c, &f)), None);
    assert_eq!(
        on_both!(g, |v| k_most_credible_paths(v, a, c, 3, &f)),
        vec![]
    );
    assert_eq!(on_both!(g, |v| simple_paths(v, a, c, &f).count()), 0);
    assert_eq!(on_both!(g, |v| hop_distances(v, a, &f)), vec![(a, 0)]);
    assert_eq!(on_both!(g, |v| most_credible_tree(v, a, &f).len()), 1);
    Ok(())
}

/// a supports b 0.8, b supports c 0.8 (directed), c met d 0.5 (symmetric).
fn chain() -> Result<(ClaimGraph, [ClaimId; 3]), Error> {
    let mut g = graph(&["a", "b", "c", "d"])?;
    let ab = claim(&mut g, "a", Relation::Supports, "b", 0.8)?;
    let bc = claim(&mut g, "b", Relation::Supports, "c", 0.8)?;
    let cd = claim(&mut g, "c", Relation::MetWith, "d", 0.5)?;
    Ok((g, [ab, bc, cd]))
}

#[test]
fn walk_decides_which_way_claims_are_crossed() -> Result<(), Error> {
    let (g, [ab, bc, cd]) = chain()?;
    let [a, b, c, d] = ["a", "b", "c", "d"].map(|k| id(&g, k));
    let forward = Filter::new().walk(Walk::Forward);
    let backward = Filter::new().walk(Walk::Backward);
    let undirected = Filter::new();

    let expected = Path {
        actors: vec![a, b, c, d],
        claims: vec![ab, bc, cd],
        confidence: 1.0 * g.confidence(ab).unwrap() * g.confidence(bc).unwrap() * 0.5,
    };
    assert!(close(expected.confidence, 0.32));
    assert_eq!(
        on_both!(g, |v| shortest_path(v, a, d, &forward)),
        Some(expected.clone())
    );
    assert_eq!(
        on_both!(g, |v| most_credible_path(v, a, d, &forward)),
        Some(expected.clone())
    );
    assert_eq!(
        on_both!(g, |v| k_most_credible_paths(v, a, d, 4, &forward)),
        vec![expected.clone()]
    );
    assert_eq!(
        on_both!(g, |v| simple_paths(v, a, d, &forward)
            .flat_map(|r| r.paths().collect::<Vec<_>>())
            .collect::<Vec<_>>()),
        vec![expected]
    );

    // Against the direction of Supports, only the symmetric MetWith can be crossed.
    assert_eq!(on_both!(g, |v| shortest_path(v, d, a, &forward)), None);
    assert_eq!(on_both!(g, |v| most_credible_path(v, d, a, &forward)), None);
    assert_eq!(
        on_both!(g, |v| k_most_credible_paths(v, d, a, 4, &forward)),
        vec![]
    );
    assert_eq!(on_both!(g, |v| simple_paths(v, d, a, &forward).count()), 0);
    assert_eq!(
        on_both!(g, |v| hop_distances(v, d, &forward)),
        vec![(d, 0), (c, 1)]
    );
    assert_eq!(
        on_both!(g, |v| hop_distances(v, a, &backward)),
        vec![(a, 0)]
    );

    for filter in [&backward, &undirected] {
        let path = on_both!(g, |v| most_credible_path(v, d, a, filter)).unwrap();
        assert_eq!(
            (path.actors, path.claims),
            (vec![d, c, b, a], vec![cd, bc, ab])
        );
        assert_eq!(
            on_both!(g, |v| hop_distances(v, d, filter)),
            vec![(d, 0), (c, 1), (b, 2), (a, 3)]
        );
    }
    assert_eq!(
        on_both!(g, |v| hop_distances(v, a, &forward)),
        vec![(a, 0), (b, 1), (c, 2), (d, 3)]
    );
    Ok(())
}

#[test]
fn parallel_claims_are_distinct_paths() -> Result<(), Error> {
    let mut g = graph(&["a", "b", "c"])?;
    let p = claim(&mut g, "a", Relation::MetWith, "b", 0.6)?;
    let q = claim(&mut g, "a", Relation::Associated, "b", 0.7)?;
    let r = claim(&mut g, "b", Relation::MetWith, "c", 0.5)?;
    let [a, b, c] = ["a", "b", "c"].map(|k| id(&g, k));
    let f = Filter::new();

    let ranked = on_both!(g, |v| k_most_credible_paths(v, a, c, 5, &f));
    assert_eq!(claims_of(&ranked), vec![vec![q, r], vec![p, r]]);
    assert!(ranked.iter().all(|path| path.actors == vec![a, b, c]));
    assert!(close(ranked[0].confidence, 0.35) && close(ranked[1].confidence, 0.3));
    assert_eq!(
        on_both!(g, |v| most_credible_path(v, a, c, &f)).as_ref(),
        ranked.first()
    );

    let all: BTreeSet<Vec<ClaimId>> = on_both!(g, |v| simple_paths(v, a, c, &f)
        .flat_map(|r| r.paths().map(|p| p.claims).collect::<Vec<_>>())
        .collect());
    assert_eq!(all, BTreeSet::from([vec![p, r], vec![q, r]]));

    let shortest = on_both!(g, |v| shortest_path(v, a, c, &f)).unwrap();
    assert_eq!((shortest.hops(), shortest.claims[1]), (2, r));
    Ok(())
}

/// s-a .9, a-t .9, s-t .6, s-b .7, b-t .8, a-b .4 (all MetWith): five simple paths
/// from s to t, of confidence .81 (s-a-t), .6 (s-t), .56 (s-b-t), .288 (s-a-b-t)
/// and .252 (s-b-a-t).
#[test]
fn yen_lists_paths_by_confidence() -> Result<(), Error> {
    let mut g = graph(&["s", "a", "b", "t"])?;
    let sa = claim(&mut g, "s", Relation::MetWith, "a", 0.9)?;
    let at = claim(&mut g, "a", Relation::MetWith, "t", 0.9)?;
    let st = claim(&mut g, "s", Relation::MetWith, "t", 0.6)?;
    let sb = claim(&mut g, "s", Relation::MetWith, "b", 0.7)?;
    let bt = claim(&mut g, "b", Relation::MetWith, "t", 0.8)?;
    let ab = claim(&mut g, "a", Relation::MetWith, "b", 0.4)?;
    let [s, a, b, t] = ["s", "a", "b", "t"].map(|k| id(&g, k));
    let f = Filter::new();

    let all = on_both!(g, |v| k_most_credible_paths(v, s, t, 10, &f));
    assert_eq!(
        claims_of(&all),
        vec![
            vec![sa, at],
            vec![st],
            vec![sb, bt],
            vec![sa, ab, bt],
            vec![sb, ab, at]
        ]
    );
    let actors: Vec<Vec<ActorId>> = all.iter().map(|p| p.actors.clone()).collect();
    assert_eq!(actors[3], vec![s, a, b, t]);
    assert_eq!(actors[4], vec![s, b, a, t]);
    for (path, expected) in all.iter().zip([0.81, 0.6, 0.56, 0.288, 0.252]) {
        assert!(
            close(path.confidence, expected),
            "{} != {expected}",
            path.confidence
        );
    }
    let three = on_both!(g, |v| k_most_credible_paths(v, s, t, 3, &f));
    assert_eq!(three, all[..3].to_vec());
    assert_eq!(
        on_both!(g, |v| k_most_credible_paths(v, s, t, 0, &f)),
        vec![]
    );

    let enumerated: BTreeSet<Vec<ClaimId>> = on_both!(g, |v| simple_paths(v, s, t, &f)
        .flat_map(|r| r.paths().map(|p| p.claims).collect::<Vec<_>>())
        .collect());
    assert_eq!(enumerated, claims_of(&all).into_iter().collect());
    let short: BTreeSet<Vec<ClaimId>> = on_both!(g, |v| simple_paths(v, s, t, &f)
        .max_depth(2)
        .flat_map(|r| r.paths().map(|p| p.claims).collect::<Vec<_>>())
        .collect());
    assert_eq!(
        short,
        BTreeSet::from([vec![sa, at], vec![st], vec![sb, bt]])
    );
    assert_eq!(
        on_both!(g, |v| simple_paths(v, s, t, &f).max_depth(1).count()),
        1
    );
    assert_eq!(
        on_both!(g, |v| simple_paths(v, s, t, &f).max_depth(0).count()),
        0
    );
    // Setting the bound after the search started restarts it.
    assert_eq!(
        on_both!(g, |v| {
            let mut paths = simple_paths(v, s, t, &f);
            let _ = paths.next();
            paths.max_depth(2).count()
        }),
        3
    );
    Ok(())
}

#[test]
fn a_claim_of_zero_confidence_carries_no_credible_path() -> Result<(), Error> {
    let mut g = graph(&["a", "b"])?;
    let ab = claim(&mut g, "a", Relation::MetWith, "b", 0.0)?;
    let (a, b) = (id(&g, "a"), id(&g, "b"));
    let f = Filter::new();
    let zero = Path {
        actors: vec![a, b],
        claims: vec![ab],
        confidence: 0.0,
    };
    assert_eq!(
        on_both!(g, |v| shortest_path(v, a, b, &f)),
        Some(zero.clone())
    );
    assert_eq!(
        on_both!(g, |v| simple_paths(v, a, b, &f)
            .flat_map(|r| r.paths().collect::<Vec<_>>())
            .collect::<Vec<_>>()),
        vec![zero]
    );
    assert_eq!(
        on_both!(g, |v| hop_distances(v, a, &f)),
        vec![(a, 0), (b, 1)]
    );
    assert_eq!(on_both!(g, |v| most_credible_path(v, a, b, &f)), None);
    assert_eq!(
        on_both!(g, |v| k_most_credible_paths(v, a, b, 2, &f)),
        vec![]
    );
    assert_eq!(
        on_both!(g, |v| most_credible_tree(v, a, &f).confidence(b)),
        None
    );
    Ok(())
}

#[test]
fn a_path_from_an_actor_to_itself_has_no_hops() -> Result<(), Error> {
    let (g, _) = triangle()?;
    let a = id(&g, "a");
    let f = Filter::new();
    let trivial = Path {
        actors: vec![a],
        claims: vec![],
        confidence: 1.0,
    };
    assert_eq!(
        on_both!(g, |v| shortest_path(v, a, a, &f)),
        Some(trivial.clone())
    );
    assert_eq!(
        on_both!(g, |v| most_credible_path(v, a, a, &f)),
        Some(trivial.clone())
    );
    assert_eq!(
        on_both!(g, |v| k_most_credible_paths(v, a, a, 3, &f)),
        vec![trivial.clone()]
    );
    assert_eq!(
        on_both!(g, |v| simple_paths(v, a, a, &f)
            .flat_map(|r| r.paths().collect::<Vec<_>>())
            .collect::<Vec<_>>()),
        vec![trivial.clone()]
    );
    assert_eq!(
        on_both!(g, |v| simple_paths(v, a, a, &f)
            .max_depth(0)
            .flat_map(|r| r.paths().collect::<Vec<_>>())
            .collect::<Vec<_>>()),
        vec![trivial.clone()]
    );
    assert_eq!(
        on_both!(g, |v| most_credible_tree(v, a, &f).path_to(a)),
        Some(trivial)
    );
    Ok(())
}

#[test]
fn unknown_actors_give_empty_answers() -> Result<(), Error> {
    let (mut g, _) = triangle()?;
    g.add_actor(Actor::new("gone", ActorKind::State, "Gone")?)?;
    let gone = id(&g, "gone");
    g.remove_actor("gone")?;
    // An id from a bigger graph, past the end of this one.
    let big = graph(&["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"])?;
    let beyond = id(&big, "p9");
    let a = id(&g, "a");
    let f = Filter::new();
    for unknown in [gone, beyond] {
        for (from, to) in [(a, unknown), (unknown, a), (unknown, unknown)] {
            assert_eq!(on_both!(g, |v| shortest_path(v, from, to, &f)), None);
            assert_eq!(on_both!(g, |v| most_credible_path(v, from, to, &f)), None);
            assert_eq!(
                on_both!(g, |v| k_most_credible_paths(v, from, to, 3, &f)),
                vec![]
            );
            assert_eq!(on_both!(g, |v| simple_paths(v, from, to, &f).count()), 0);
        }
        assert_eq!(on_both!(g, |v| hop_distances(v, unknown, &f)), vec![]);
        let tree = on_both!(g, |v| most_credible_tree(v, unknown, &f));
        assert!(tree.is_empty());
        assert_eq!(
            (tree.source(), tree.path_to(unknown), tree.path_to(a)),
            (unknown, None, None)
        );
        // A tree from a known actor knows nothing of the unknown one.
        let tree = on_both!(g, |v| most_credible_tree(v, a, &f));
        assert_eq!(
            (tree.confidence(unknown), tree.predecessor(unknown)),
            (None, None)
        );
    }
    Ok(())
}

/// a-b, a-c, b-d, c-d, all 0.5: two paths from a to d, equally short and credible.
#[test]
fn ties_are_broken_the_same_way_every_time() -> Result<(), Error> {
    let mut g = graph(&["a", "b", "c", "d"])?;
    let ab = claim(&mut g, "a", Relation::MetWith, "b", 0.5)?;
    let ac = claim(&mut g, "a", Relation::MetWith, "c", 0.5)?;
    let bd = claim(&mut g, "b", Relation::MetWith, "d", 0.5)?;
    let cd = claim(&mut g, "c", Relation::MetWith, "d", 0.5)?;
    let (a, d) = (id(&g, "a"), id(&g, "d"));
    let f = Filter::new();
    let either = [vec![ab, bd], vec![ac, cd]];
    let shortest = on_both!(g, |v| shortest_path(v, a, d, &f)).unwrap();
    let credible = on_both!(g, |v| most_credible_path(v, a, d, &f)).unwrap();
    assert!(either.contains(&shortest.claims) && either.contains(&credible.claims));
    assert_eq!(credible.confidence, 0.25);
    let ranked = on_both!(g, |v| k_most_credible_paths(v, a, d, 2, &f));
    assert_eq!(ranked[0], credible);
    assert_eq!(ranked[1].confidence, 0.25);
    assert_ne!(ranked[0].claims, ranked[1].claims);
    let order = on_both!(g, |v| simple_paths(v, a, d, &f)
        .flat_map(|r| r.paths().collect::<Vec<_>>())
        .collect::<Vec<_>>());
    assert_eq!(order.len(), 2);
    for _ in 0..3 {
        assert_eq!(shortest_path(&g, a, d, &f).unwrap(), shortest);
        assert_eq!(most_credible_path(&g, a, d, &f).unwrap(), credible);
        assert_eq!(k_most_credible_paths(&g, a, d, 2, &f), ranked);
        assert_eq!(
            simple_paths(&g, a, d, &f)
                .flat_map(|r| r.paths().collect::<Vec<_>>())
                .collect::<Vec<_>>(),
            order
        );
    }
    Ok(())
}

#[test]
fn hop_distances_match_networkx_on_the_karate_club() -> Result<(), Error> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle");
    let edges = std::fs::read_to_string(format!("{dir}/karate.edges"))?;
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/expected.json"))?)?;
    let lengths = &expected["graphs"]["karate"]["shortest_path_lengths"];

    let mut g = ClaimGraph::new();
    for i in 0..34 {
        g.add_actor(Actor::new(
            &format!("k{i}"),
            ActorKind::Person,
            format!("member {i}"),
        )?)?;
    }
    let mut count = 0;
    for line in edges
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (u, v) = line.split_once(' ').ok_or("edge line")?;
        claim(
            &mut g,
            &format!("k{u}"),
            Relation::Associated,
            &format!("k{}", v.trim()),
            1.0,
        )?;
        count += 1;
    }
    assert_eq!((count, g.claim_count()), (78, 78));

    let snapshot = Snapshot::new(&g);
    for source in 0..34 {
        let from = id(&g, &format!("k{source}"));
        let ours = hop_distances(&g, from, &Filter::new());
        assert_eq!(ours, hop_distances(&snapshot, from, &Filter::new()));
        let ours: BTreeMap<String, u64> = ours
            .into_iter()
            .map(|(a, h)| (g.actor(a).unwrap().key.as_str()[1..].to_owned(), h as u64))
            .collect();
        let theirs: BTreeMap<String, u64> = lengths[source.to_string()]
            .as_object()
            .ok_or("lengths")?
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
            .collect();
        assert_eq!(ours, theirs, "from {source}");
        // The forward walk crosses Associated both ways: it is symmetric.
        assert_eq!(
            hop_distances(&g, from, &Filter::new().walk(Walk::Forward)).len(),
            34
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Property tests against brute force.
// ---------------------------------------------------------------------------------

/// A random small graph and a question about it.
#[derive(Debug, Clone)]
struct Case {
    actors: usize,
    /// (subject, object, relation code, confidence) with subject != object.
    claims: Vec<(usize, usize, u8, f64)>,
    from: usize,
    to: usize,
    walk: Walk,
    min_confidence: f64,
    raise: f64,
    bound: usize,
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..=9).prop_flat_map(|n| {
        let claim = (
            0..n,
            1..n,
            0u8..4,
            // Repeated values make ties between paths.
            prop_oneof![Just(1.0), Just(0.5), Just(0.8), 0.001f64..=1.0],
        )
            .prop_map(move |(s, d, r, c)| (s, (s + d) % n, r, c));
        (
            prop::collection::vec(claim, 0..=20),
            0..n,
            0..n,
            prop_oneof![
                Just(Walk::Forward),
                Just(Walk::Backward),
                Just(Walk::Undirected)
            ],
            prop_oneof![Just(0.0), 0.0f64..0.9],
            0.0f64..0.5,
            0usize..=9,
        )
            .prop_map(
                move |(claims, from, to, walk, min_confidence, raise, bound)| Case {
                    actors: n,
                    claims,
                    from,
                    to,
                    walk,
                    min_confidence,
                    raise,
                    bound,
                },
            )
    })
}

/// The graph of a case, with the reference model of its claims:
/// (id, subject, object, symmetric, stored confidence).
struct Built {
    g: ClaimGraph,
    ids: Vec<ActorId>,
    claims: Vec<(ClaimId, usize, usize, bool, f64)>,
}

fn build(case: &Case) -> Built {
    let keys: Vec<String> = (0..case.actors).map(|i| format!("n{i}")).collect();
    let mut g = ClaimGraph::new();
    let ids: Vec<ActorId> = keys
        .iter()
        .map(|k| {
            g.add_actor(Actor::new(k, ActorKind::State, k.clone()).unwrap())
                .unwrap()
        })
        .collect();
    let mut claims = Vec::new();
    for (i, &(s, o, r, c)) in case.claims.iter().enumerate() {
        let (relation, symmetric) = match r {
            0 => (Relation::MetWith, true),
            1 => (Relation::Associated, true),
            2 => (Relation::Supports, false),
            _ => (Relation::SuppliesArms, false),
        };
        let valid = ValidTime::at(PartialDate::year(1900 + i as i32).unwrap());
        let id = claim_in(&mut g, &keys[s], relation, &keys[o], c, valid).unwrap();
        claims.push((id, s, o, symmetric, g.confidence(id).unwrap()));
    }
    Built { g, ids, claims }
}

/// A path as plain values: actor indices, claims, confidence.
type Plain = (Vec<usize>, Vec<ClaimId>, f64);

fn plain(path: &Path) -> Plain {
    (
        path.actors.iter().map(|a| a.index()).collect(),
        path.claims.clone(),
        path.confidence,
    )
}

/// The steps a walk may take: (from, to, claim, confidence), for claims of at least
/// `min` confidence.
fn arcs(built: &Built, walk: Walk, min: f64) -> Vec<(usize, usize, ClaimId, f64)> {
    let mut arcs = Vec::new();
    for &(id, s, o, symmetric, c) in &built.claims {
        if c < min {
            continue;
        }
        let forward = symmetric || walk != Walk::Backward;
        let backward = symmetric || walk != Walk::Forward;
        if forward {
            arcs.push((s, o, id, c));
        }
        if backward {
            arcs.push((o, s, id, c));
        }
    }
    arcs
}

/// Every simple path from `from` to `to`, by plain recursion; the confidence is
/// multiplied from the first claim to the last.
fn brute_paths(arcs: &[(usize, usize, ClaimId, f64)], from: usize, to: usize) -> Vec<Plain> {
    fn extend(
        arcs: &[(usize, usize, ClaimId, f64)],
        to: usize,
        nodes: &mut Vec<usize>,
        claims: &mut Vec<ClaimId>,
        confidence: f64,
        out: &mut Vec<Plain>,
    ) {
        let here = *nodes.last().unwrap();
        if here == to {
            out.push((nodes.clone(), claims.clone(), confidence));
            return;
        }
        for &(u, v, id, c) in arcs {
            if u == here && !nodes.contains(&v) {
                nodes.push(v);
                claims.push(id);
                extend(arcs, to, nodes, claims, confidence * c, out);
                nodes.pop();
                claims.pop();
            }
        }
    }
    let mut out = Vec::new();
    extend(arcs, to, &mut vec![from], &mut Vec::new(), 1.0, &mut out);
    out
}

fn filter(case: &Case, min: f64) -> Filter {
    Filter::new().walk(case.walk).min_confidence(min)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn most_credible_path_beats_every_simple_path(case in case()) {
        let built = build(&case);
        let (from, to) = (built.ids[case.from], built.ids[case.to]);
        let f = filter(&case, case.min_confidence);
        let brute = brute_paths(&arcs(&built, case.walk, case.min_confidence), case.from, case.to);
        let found = on_both!(built.g, |v| most_credible_path(v, from, to, &f));
        prop_assert_eq!(found.is_some(), !brute.is_empty());
        if let Some(path) = found {
            let path = plain(&path);
            // A real simple path, whose confidence is the product along it.
            prop_assert!(brute.contains(&path), "{:?} is not a simple path", path);
            let best = brute.iter().map(|p| p.2).fold(0.0, f64::max);
            prop_assert!(best <= path.2 * (1.0 + 1e-12), "{} beats {}", best, path.2);
        }
        // The tree gives the same path to every target.
        let tree = on_both!(built.g, |v| most_credible_tree(v, from, &f));
        for &target in &built.ids {
            let direct = most_credible_path(&built.g, from, target, &f);
            prop_assert_eq!(tree.path_to(target), direct.clone());
            prop_assert_eq!(tree.confidence(target), direct.map(|p| p.confidence));
        }
    }

    #[test]
    fn yen_lists_the_k_best_simple_paths(case in case()) {
        let built = build(&case);
        let (from, to) = (built.ids[case.from], built.ids[case.to]);
        let f = filter(&case, case.min_confidence);
        let brute = brute_paths(&arcs(&built, case.walk, case.min_confidence), case.from, case.to);
        let mut best: Vec<f64> = brute.iter().map(|p| p.2).collect();
        best.sort_by(|a, b| b.total_cmp(a));
        let k = 12;
        let ranked = on_both!(built.g, |v| k_most_credible_paths(v, from, to, k, &f));
        prop_assert_eq!(ranked.len(), brute.len().min(k));
        let mut distinct = BTreeSet::new();
        for (i, path) in ranked.iter().enumerate() {
            let p = plain(path);
            prop_assert!(brute.contains(&p), "{:?} is not a simple path", p);
            prop_assert!(distinct.insert(p.1.clone()), "{:?} twice", p.1);
            // Exact: every confidence is multiplied in path order, as in the reference.
            prop_assert!(p.2 == best[i], "path {}: {} != {}", i, p.2, best[i]);
            if i > 0 {
                prop_assert!(ranked[i - 1].confidence >= path.confidence);
            }
        }
        if let Some(first) = ranked.first() {
            let credible = most_credible_path(&built.g, from, to, &f).unwrap();
            prop_assert_eq!(first.confidence, credible.confidence);
        }
    }

    #[test]
    fn simple_paths_are_the_bounded_simple_paths(case in case()) {
        let built = build(&case);
        let (from, to) = (built.ids[case.from], built.ids[case.to]);
        let f = filter(&case, case.min_confidence);
        let brute: BTreeSet<(Vec<usize>, Vec<ClaimId>, u64)> =
            brute_paths(&arcs(&built, case.walk, case.min_confidence), case.from, case.to)
                .into_iter()
                .filter(|p| p.1.len() <= case.bound)
                .map(|(n, c, x)| (n, c, x.to_bits()))
                .collect();
        let routes = on_both!(built.g, |v| simple_paths(v, from, to, &f)
            .max_depth(case.bound)
            .collect::<Vec<_>>());
        let found: Vec<_> = routes
            .iter()
            .flat_map(|r| r.paths().map(|p| plain(&p)).collect::<Vec<_>>())
            .collect();
        let set: BTreeSet<(Vec<usize>, Vec<ClaimId>, u64)> =
            found.iter().map(|(n, c, x)| (n.clone(), c.clone(), x.to_bits())).collect();
        prop_assert_eq!(set.len(), found.len(), "a path was yielded twice");
        // Each actor sequence of the claim-level paths is one route, yielded once.
        let sequences: BTreeSet<Vec<usize>> = brute.iter().map(|p| p.0.clone()).collect();
        let route_sequences: Vec<Vec<usize>> = routes
            .iter()
            .map(|r| r.actors.iter().map(|a| a.index()).collect())
            .collect();
        prop_assert_eq!(route_sequences.len(), sequences.len(), "a route was yielded twice");
        prop_assert_eq!(route_sequences.into_iter().collect::<BTreeSet<_>>(), sequences);
        for r in &routes {
            let best = r.paths().map(|p| p.confidence).fold(0.0, f64::max);
            prop_assert_eq!(r.confidence, if r.is_empty() { 1.0 } else { best });
        }
        let counted = on_both!(built.g, |v| (
            simple_paths(v, from, to, &f).max_depth(case.bound).count_routes(),
            simple_paths(v, from, to, &f).max_depth(case.bound).count_paths(),
        ));
        prop_assert_eq!(counted, (routes.len() as u64, brute.len() as u64));
        prop_assert_eq!(set, brute);
    }

    #[test]
    fn shortest_path_and_hop_distances_match_brute_force(case in case()) {
        let built = build(&case);
        let (from, to) = (built.ids[case.from], built.ids[case.to]);
        let f = filter(&case, case.min_confidence);
        let arcs = arcs(&built, case.walk, case.min_confidence);
        let fewest = |target: usize| brute_paths(&arcs, case.from, target).iter().map(|p| p.1.len()).min();

        let path = on_both!(built.g, |v| shortest_path(v, from, to, &f));
        prop_assert_eq!(path.as_ref().map(Path::hops), fewest(case.to));
        if let Some(path) = path {
            let path = plain(&path);
            prop_assert!(brute_paths(&arcs, case.from, case.to).contains(&path), "{:?}", path);
        }
        let distances = on_both!(built.g, |v| hop_distances(v, from, &f));
        prop_assert!(distances.windows(2).all(|w| w[0].1 <= w[1].1));
        let ours: BTreeMap<usize, usize> = distances.iter().map(|(a, h)| (a.index(), *h)).collect();
        prop_assert_eq!(ours.len(), distances.len());
        let theirs: BTreeMap<usize, usize> =
            (0..case.actors).filter_map(|t| fewest(t).map(|h| (t, h))).collect();
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn raising_min_confidence_never_adds_a_path(case in case()) {
        let built = build(&case);
        let (from, to) = (built.ids[case.from], built.ids[case.to]);
        let low = filter(&case, case.min_confidence);
        let high = filter(&case, case.min_confidence + case.raise);
        let g = &built.g;

        let all = |f: &Filter| -> BTreeSet<Vec<ClaimId>> {
            simple_paths(g, from, to, f).max_depth(case.bound).flat_map(|r| r.paths().map(|p| p.claims).collect::<Vec<_>>()).collect()
        };
        prop_assert!(all(&high).is_subset(&all(&low)));
        // Fewer claims can only lower the i-th best confidence; when every path is
        // listed, the paths kept are among those listed before.
        let (ranked_low, ranked_high) = (
            k_most_credible_paths(g, from, to, 100, &low),
            k_most_credible_paths(g, from, to, 100, &high),
        );
        prop_assert!(ranked_high.len() <= ranked_low.len());
        for (h, l) in ranked_high.iter().zip(&ranked_low) {
            prop_assert!(h.confidence <= l.confidence);
        }
        if ranked_low.len() < 100 {
            let listed: BTreeSet<&Vec<ClaimId>> = ranked_low.iter().map(|p| &p.claims).collect();
            prop_assert!(ranked_high.iter().all(|p| listed.contains(&p.claims)));
        }
        let reached = |f: &Filter| -> BTreeSet<ActorId> {
            hop_distances(g, from, f).into_iter().map(|(a, _)| a).collect()
        };
        prop_assert!(reached(&high).is_subset(&reached(&low)));
        match (shortest_path(g, from, to, &low), shortest_path(g, from, to, &high)) {
            (_, None) => {}
            (Some(l), Some(h)) => prop_assert!(l.hops() <= h.hops()),
            (None, Some(h)) => prop_assert!(false, "{:?} appeared", h),
        }
        match (most_credible_path(g, from, to, &low), most_credible_path(g, from, to, &high)) {
            (_, None) => {}
            (Some(l), Some(h)) => prop_assert!(h.confidence <= l.confidence),
            (None, Some(h)) => prop_assert!(false, "{:?} appeared", h),
        }
    }
}

/// 32 actors, 256 directed claims among the first 31 (a dense tangle of simple
/// paths, exponentially many), and the target reached only from the last of
/// them, which no other actor leads to: every partial path in the tangle is a dead
/// end. The routes search never enters the tangle once the route is found, so
/// listing every route finishes (the old per-claim search explored every path of
/// the tangle and did not finish); parallel claims make one route.
#[test]
fn dead_ends_are_pruned_and_parallel_claims_are_one_route() -> Result<(), Error> {
    let keys: Vec<String> = (0..32).map(|i| format!("n{i}")).collect();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mut g = graph(&refs)?;
    let mut added = 0;
    'fill: for step in 1..31 {
        for i in 0..30 {
            let j = (i + step) % 30;
            if i != j {
                claim(&mut g, &keys[i], Relation::Supports, &keys[j], 0.5)?;
                added += 1;
                if added == 250 {
                    break 'fill;
                }
            }
        }
    }
    // n0 -> n30 by three parallel claims, n30 -> n31 by two.
    let direct = [
        claim(&mut g, "n0", Relation::Supports, "n30", 0.6)?,
        claim(&mut g, "n0", Relation::Pays, "n30", 0.7)?,
        claim(&mut g, "n0", Relation::Trades, "n30", 0.4)?,
    ];
    let last = [
        claim(&mut g, "n30", Relation::Supports, "n31", 0.9)?,
        claim(&mut g, "n30", Relation::Pays, "n31", 0.5)?,
    ];
    assert_eq!(g.claim_count(), 255);
    let forward = Filter::new().walk(Walk::Forward);
    let (from, to) = (id(&g, "n0"), id(&g, "n31"));
    let routes = on_both!(g, |v| simple_paths(v, from, to, &forward)
        .collect::<Vec<_>>());
    assert_eq!(routes.len(), 1);
    let mut hop0 = routes[0].hops[0].iter().map(|c| c.0).collect::<Vec<_>>();
    hop0.sort();
    assert_eq!(hop0, direct);
    assert_eq!(
        routes[0].hops[1].iter().map(|c| c.0).collect::<Vec<_>>(),
        last
    );
    assert_eq!(routes[0].path_count(), 6);
    assert!(close(routes[0].confidence, 0.7 * 0.9));
    assert_eq!(
        on_both!(g, |v| simple_paths(v, from, to, &forward).count_paths()),
        6
    );
    Ok(())
}
