//! The snapshot and the store answer every query identically, for random graphs and
//! random filters; and a snapshot never observes later mutations of its store.

use claimgraph::ReadGraph;
use claimgraph::analysis::{
    BetweennessOptions, PageRankOptions, betweenness, contradictions, contradictions_of,
    corroboration, corroboration_of, degrees, pagerank,
};
use claimgraph::io::{Exporter, Format};
use claimgraph::model::{
    Actor, ActorKind, Attribution, Claim, Grade, PartialDate, Polarity, Relation, StatementKind,
    ValidTime,
};
use claimgraph::query::{
    Filter, Scope, SourceRole, Walk, claims_between, claims_by_source, neighbors, timeline_of,
};
use claimgraph::traverse::{
    bfs, ego_network, hop_distances, k_hop, k_most_credible_paths, most_credible_tree, reachable,
    shortest_path, strongly_connected_components, weakly_connected_components,
};
use claimgraph::{ActorId, ClaimGraph, Snapshot};
use proptest::prelude::*;

const KINDS: [ActorKind; 3] = [ActorKind::State, ActorKind::Person, ActorKind::Group];
const RELATIONS: [Relation; 5] = [
    Relation::MetWith,
    Relation::SuppliesArms,
    Relation::Supports,
    Relation::AlliedWith,
    Relation::Opposes,
];
const TIMES: [&str; 5] = ["2023-07", "2023", "2006/..", "..", "2024-03-08"];
const ROLES: [SourceRole; 4] = [
    SourceRole::Claimant,
    SourceRole::Outlet,
    SourceRole::Relay,
    SourceRole::Any,
];
const REPORTED: [&str; 3] = ["2023-08", "2024-03", "2024-03-08"];

#[derive(Debug, Clone)]
struct RawClaim {
    subject: usize,
    object: usize,
    relation: usize,
    time: usize,
    denied: bool,
    statement: usize,
    evidence: Vec<(usize, usize, u8, usize)>,
}

fn raw_claim(actors: usize) -> impl Strategy<Value = RawClaim> {
    (
        0..actors,
        0..actors,
        0..RELATIONS.len(),
        0..TIMES.len(),
        prop::bool::weighted(0.15),
        0..3usize,
        prop::collection::vec((0..actors, 0..actors, 1u8..=100, 0..REPORTED.len()), 1..4),
    )
        .prop_map(
            |(subject, object, relation, time, denied, statement, evidence)| RawClaim {
                subject,
                object,
                relation,
                time,
                denied,
                statement,
                evidence,
            },
        )
}

fn key(i: usize) -> String {
    format!("a{i}")
}

/// A graph of up to 10 actors and 30 claims; some actors removed afterwards so the
/// node indices have holes.
pub(crate) fn graph() -> impl Strategy<Value = ClaimGraph> {
    (3usize..10).prop_flat_map(|n| {
        (
            prop::collection::vec(0..KINDS.len(), n),
            prop::collection::vec(raw_claim(n), 0..30),
            prop::collection::vec(0..n, 0..2),
        )
            .prop_map(move |(kinds, claims, removals)| {
                let mut g = ClaimGraph::new();
                for (i, k) in kinds.iter().enumerate() {
                    g.add_actor(Actor::new(&key(i), KINDS[*k], key(i)).unwrap())
                        .unwrap();
                }
                for c in claims {
                    let mut claim = Claim::new(
                        key(c.subject).parse().unwrap(),
                        RELATIONS[c.relation].clone(),
                        key(c.object).parse().unwrap(),
                        TIMES[c.time].parse().unwrap(),
                    )
                    .with_statement(StatementKind::ALL[c.statement]);
                    if c.denied {
                        claim = claim.with_polarity(Polarity::Denied);
                    }
                    for (claimant, outlet, grade, reported) in c.evidence {
                        claim = claim.with_evidence(
                            Attribution::new(Grade::confidence(f64::from(grade) / 100.0).unwrap())
                                .with_claimant(key(claimant).parse().unwrap())
                                .with_outlet(key(outlet).parse().unwrap())
                                .with_reported(REPORTED[reported].parse().unwrap()),
                        );
                    }
                    // Self-loops and kinds that do not fit are rejected; that is fine.
                    let _ = g.add_claim(claim);
                }
                for r in removals {
                    // Cited actors cannot be removed; the attempt changes nothing.
                    let _ = g.remove_actor(&key(r));
                }
                g
            })
    })
}

pub(crate) fn filter(actors: usize) -> impl Strategy<Value = Filter> {
    (
        0u8..=10,
        prop::option::of(prop::collection::vec(0..RELATIONS.len(), 1..4)),
        prop::option::of(0..3usize),
        prop::option::of(0..TIMES.len()),
        prop::option::of(0..REPORTED.len()),
        prop::option::of(prop::collection::vec((0..actors, 0..4usize), 1..3)),
        prop::collection::vec((0..actors, 0..4usize), 0..2),
        0u32..3,
        0..3usize,
    )
        .prop_map(
            |(min, relations, polarity, valid, known, trust, exclude, origins, walk)| {
                let mut f = Filter::new()
                    .min_confidence(f64::from(min) / 10.0)
                    .min_origins(origins)
                    .walk([Walk::Forward, Walk::Backward, Walk::Undirected][walk]);
                for (i, role) in exclude {
                    f = f.exclude_sources_as(ROLES[role], [key(i)]);
                }
                if let Some(r) = relations {
                    f = f.relations(r.iter().map(|i| RELATIONS[*i].kind()));
                }
                f = match polarity {
                    None => f,
                    Some(0) => f.polarity(None),
                    Some(1) => f.polarity(Some(Polarity::Denied)),
                    Some(_) => f.polarity(Some(Polarity::Asserted)),
                };
                if let Some(v) = valid {
                    f = f.valid_during(TIMES[v].parse::<ValidTime>().unwrap());
                }
                if let Some(k) = known {
                    f = f.as_known_at(REPORTED[k].parse::<PartialDate>().unwrap());
                }
                if let Some(t) = trust {
                    for (i, role) in t {
                        f = f.trust_only_as(ROLES[role], [key(i)]);
                    }
                }
                f
            },
        )
}

/// Every answer of the crate's queries for one view, as comparable text.
pub(crate) fn answers<V: ReadGraph>(v: &V, f: &Filter) -> Vec<String> {
    let actors: Vec<ActorId> = v.actor_ids().collect();
    let mut out = Vec::new();
    for &a in &actors {
        out.push(format!("neighbors {:?}", neighbors(v, a, f)));
        out.push(format!("reachable {:?}", reachable(v, a, None, f)));
        out.push(format!("k_hop {:?}", k_hop(v, a, 2, f)));
        // Whole visits: who reached whom through which claim.
        out.push(format!("bfs {:?}", bfs(v, a, f).collect::<Vec<_>>()));
        out.push(format!("hops {:?}", hop_distances(v, a, f)));
        out.push(format!("timeline {:?}", timeline_of(v, a, f)));
        out.push(format!(
            "by source {:?}",
            claims_by_source(v, a, SourceRole::Any, f)
        ));
        let tree = most_credible_tree(v, a, f);
        out.push(format!("tree {:?}", tree.reached().collect::<Vec<_>>()));
        let through: Vec<_> = actors.iter().map(|&b| tree.predecessor(b)).collect();
        out.push(format!("tree predecessors {through:?}"));
        let ego = ego_network(v, a, 1, f).expect("an ego network always builds");
        let mut text = Vec::new();
        Exporter::from_format(Format::Json)
            .export(&ego, &mut text)
            .unwrap();
        out.push(String::from_utf8(text).unwrap());
        for &b in &actors {
            out.push(format!("between {:?}", claims_between(v, a, b, f)));
            out.push(format!("shortest {:?}", shortest_path(v, a, b, f)));
            out.push(format!("yen {:?}", k_most_credible_paths(v, a, b, 3, f)));
        }
    }
    out.push(format!("wcc {:?}", weakly_connected_components(v, f)));
    out.push(format!("scc {:?}", strongly_connected_components(v, f)));
    out.push(format!("degrees {:?}", degrees(v, f)));
    out.push(format!(
        "pagerank {:?}",
        pagerank(v, f, &PageRankOptions::new().threads(1))
    ));
    out.push(format!(
        "betweenness {:?}",
        betweenness(v, f, &BetweennessOptions::new())
    ));
    out.push(format!("corroboration {:?}", corroboration(v, f)));
    out.push(format!("contradictions {:?}", contradictions(v, f)));
    // Lookups by id, key and name.
    out.push(format!("counts {} {}", v.actor_count(), v.claim_count()));
    out.push(format!("actor ids {:?}", v.actor_ids().collect::<Vec<_>>()));
    for &a in &actors {
        let actor = v.actor(a).expect("listed actors exist");
        out.push(format!(
            "actor {a:?} {:?} {:?}",
            actor,
            v.actor_id(actor.key.as_str())
        ));
        out.push(format!("find {:?}", v.find(&actor.name)));
        out.push(format!("find all {:?}", v.find_all(&actor.name)));
        out.push(format!("prefix {:?}", v.find_prefix(&actor.name[..1], 5)));
        out.push(format!("similar {:?}", v.find_similar(&actor.name, 5)));
        out.push(format!("citing {:?}", v.claims_citing(a)));
        out.push(format!(
            "ego corroboration {:?}",
            corroboration_of(v, Scope::ego(a, 1), f)
        ));
        out.push(format!(
            "ego timeline {:?}",
            timeline_of(v, Scope::ego(a, 1), f)
        ));
    }
    for c in v.claim_ids() {
        let view = v.claim(c).expect("listed claims exist");
        out.push(format!(
            "claim {c:?} {view} {:?} {:?} {:?} {:?} {:?}",
            view.to_claim(),
            v.endpoints(c),
            v.confidence(c),
            v.origins(c),
            v.relation(c)
        ));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn snapshot_and_store_answer_identically(
        (g, f) in graph().prop_flat_map(|g| {
            let n = ReadGraph::actor_count(&g).max(1);
            (Just(g), filter(n))
        })
    ) {
        let snap = Snapshot::new(&g);
        let from_store = answers(&g, &f);
        let from_snapshot = answers(&snap, &f);
        prop_assert_eq!(from_store.len(), from_snapshot.len());
        for (a, b) in from_store.iter().zip(&from_snapshot) {
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn a_snapshot_never_sees_later_mutations(g in graph()) {
        let pristine = g.clone();
        let mut g = g;
        let snap = Snapshot::new(&g);
        let all = Filter::new().polarity(None);
        let before = answers(&snap, &all);
        // Merge evidence into every claim, add an actor, remove a claim and an actor.
        let ids: Vec<_> = g.claim_ids().collect();
        for id in &ids {
            let mut claim = g.claim(*id).unwrap().to_claim();
            claim.evidence = vec![Attribution::new(Grade::confidence(0.99).unwrap())
                .with_claimant(claim.subject.clone())];
            g.add_claim(claim).unwrap();
        }
        g.add_actor(Actor::new("newcomer", ActorKind::State, "Newcomer").unwrap()).unwrap();
        if let Some(id) = ids.first() {
            g.remove_claim(*id).unwrap();
        }
        prop_assert_eq!(snap.claim_count(), pristine.claim_count());
        prop_assert_eq!(snap.actor_count(), pristine.actor_count());
        prop_assert_eq!(&before, &answers(&snap, &all));
        prop_assert_eq!(&before, &answers(&pristine, &all));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A scoped report is the union of the per-actor reports; claims among a set are
    /// the per-actor claims whose other end is in the set.
    #[test]
    fn scoped_reports_are_unions_of_per_actor_reports(
        (g, f, picks) in graph().prop_flat_map(|g| {
            let n = ReadGraph::actor_count(&g).max(1);
            (Just(g), filter(n), prop::collection::vec(any::<prop::sample::Index>(), 0..4))
        })
    ) {
        let snap = Snapshot::new(&g);
        let all: Vec<ActorId> = g.actor_ids().collect();
        let mut set: Vec<ActorId> = picks.iter().map(|i| all[i.index(all.len())]).collect();
        set.sort();
        set.dedup();
        let check = |scoped_c: claimgraph::analysis::CorroborationReport,
                     scoped_x: Vec<claimgraph::analysis::Contradiction>,
                     scoped_t: Vec<claimgraph::query::TimelineEntry>,
                     per: &dyn Fn(ActorId) -> (claimgraph::analysis::CorroborationReport, Vec<claimgraph::analysis::Contradiction>, Vec<claimgraph::query::TimelineEntry>)| -> Result<(), TestCaseError> {
            let mut entries = Vec::new();
            let mut found = Vec::new();
            let mut times = Vec::new();
            for &a in &set {
                let (c, x, t) = per(a);
                entries.extend(c.entries);
                found.extend(x);
                times.extend(t);
            }
            entries.sort_by(|a, b| b.origins.cmp(&a.origins).then(b.confidence.total_cmp(&a.confidence)).then(a.claim.cmp(&b.claim)));
            entries.dedup_by_key(|e| e.claim);
            prop_assert_eq!(&scoped_c.entries, &entries);
            let single: Vec<_> = entries.iter().filter(|e| e.origins == 1).map(|e| e.claim).collect();
            prop_assert_eq!(&scoped_c.single_source, &single);
            let key = |c: &claimgraph::analysis::Contradiction| (c.kind, c.a, c.b);
            let mut scoped_x = scoped_x;
            scoped_x.sort_by_key(key);
            found.sort_by_key(key);
            found.dedup_by_key(|c| key(c));
            prop_assert_eq!(scoped_x, found);
            times.sort_by(|x, y| x.valid.cmp(&y.valid).then(x.claim.cmp(&y.claim)));
            times.dedup_by_key(|e| e.claim);
            prop_assert_eq!(scoped_t, times);
            Ok(())
        };
        check(
            corroboration_of(&g, Scope::set(set.clone()), &f),
            contradictions_of(&g, Scope::set(set.clone()), &f),
            timeline_of(&g, Scope::set(set.clone()), &f),
            &|a| (corroboration_of(&g, a, &f), contradictions_of(&g, a, &f), timeline_of(&g, a, &f)),
        )?;
        check(
            corroboration_of(&snap, Scope::set(set.clone()), &f),
            contradictions_of(&snap, Scope::set(set.clone()), &f),
            timeline_of(&snap, Scope::set(set.clone()), &f),
            &|a| (corroboration_of(&g, a, &f), contradictions_of(&g, a, &f), timeline_of(&g, a, &f)),
        )?;
        // Among a set: the per-actor claims with both ends in the set.
        let inside = |s: ActorId, o: ActorId| set.contains(&s) && set.contains(&o);
        let among = corroboration_of(&g, Scope::among(set.clone()), &f);
        let mut expected: Vec<_> = corroboration_of(&g, Scope::set(set.clone()), &f)
            .entries
            .into_iter()
            .filter(|e| { let (s, o) = g.endpoints(e.claim).unwrap(); inside(s, o) })
            .collect();
        expected.dedup_by_key(|e| e.claim);
        prop_assert_eq!(&among.entries, &expected);
        let among_t = timeline_of(&snap, Scope::among(set.clone()), &f);
        let expected_t: Vec<_> = timeline_of(&g, Scope::set(set.clone()), &f)
            .into_iter()
            .filter(|e| inside(e.subject, e.object))
            .collect();
        prop_assert_eq!(among_t, expected_t);
        // A pair is the claims between the two, as `timeline` gives them.
        if let [a, b, ..] = set[..] {
            prop_assert_eq!(
                timeline_of(&g, Scope::pair(a, b), &f),
                claimgraph::query::timeline(&snap, a, b, &f)
            );
        }
    }
}

/// Unfiltered traversals skip testing edges (they read targets and claim ids only);
/// they must visit exactly what the tested path visits with a filter that admits
/// the same claims, on the store and on the snapshot, for every walk.
#[test]
fn unfiltered_traversals_match_the_tested_path() {
    use claimgraph::generate::GeneratorConfig;
    use claimgraph::model::RelationKind;
    use claimgraph::traverse::bfs;
    let generated = GeneratorConfig::new(1 << 9, 6).seed(11).generate();
    let mut g = ClaimGraph::new();
    for actor in generated.actors() {
        g.add_actor(actor).unwrap();
    }
    for claim in generated.claims() {
        g.add_claim(claim).unwrap();
    }
    let snap = Snapshot::new(&g);
    let starts: Vec<ActorId> = g.actor_ids().step_by(97).collect();
    for walk in [Walk::Forward, Walk::Backward, Walk::Undirected] {
        let everything = Filter::new().polarity(None).walk(walk);
        // Admits the same claims, but is not recognised as admitting everything.
        let tested = everything.clone().relations(RelationKind::ALL);
        let mut visited = 0;
        for &start in &starts {
            let fast: Vec<_> = bfs(&snap, start, &everything).collect();
            visited += fast.len();
            assert_eq!(fast, bfs(&snap, start, &tested).collect::<Vec<_>>());
            assert_eq!(fast, bfs(&g, start, &everything).collect::<Vec<_>>());
            assert_eq!(fast, bfs(&g, start, &tested).collect::<Vec<_>>());
            assert_eq!(
                reachable(&snap, start, None, &everything),
                reachable(&snap, start, None, &tested)
            );
        }
        // The searches go somewhere: far more actors than starts are visited.
        assert!(visited > 10 * starts.len(), "{walk:?}: {visited}");
    }
}
