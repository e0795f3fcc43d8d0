//! Tests of the seeded claim-graph generators (`claimgraph::generate`).
#![cfg(feature = "generate")]

use std::collections::{HashMap, HashSet};

use claimgraph::generate::{GenEdge, Generated, GeneratorConfig, Topology};
use claimgraph::model::{ActorKind, ClaimKey, Polarity, StatementKind};

fn small_rmat(seed: u64) -> Generated {
    GeneratorConfig::new(1 << 10, 8)
        .seed(seed)
        .outlets(100)
        .claimants(500)
        .generate()
}

fn small_ba(seed: u64) -> Generated {
    GeneratorConfig::new(2_000, 0)
        .topology(Topology::BarabasiAlbert { m: 4 })
        .seed(seed)
        .generate()
}

#[test]
fn same_config_and_seed_give_identical_graphs() {
    for make in [small_rmat, small_ba] {
        let (a, b) = (make(11), make(11));
        assert_eq!(a.edges(), b.edges());
        for i in (0..a.edges().len()).step_by(97) {
            assert_eq!(a.claim(i), b.claim(i));
        }
        assert!(a.actors().eq(b.actors()));
        // And another seed gives another graph.
        assert_ne!(a.edges(), make(12).edges());
    }
}

#[test]
fn rmat_rounds_actors_up_and_has_exactly_the_requested_claims() {
    let config = GeneratorConfig::new(1000, 5);
    assert_eq!(config.actor_count(), 1024);
    assert_eq!(config.edge_count(), 1024 * 5);
    let g = config.generate();
    assert_eq!(g.actor_count(), 1024);
    assert_eq!(g.edges().len(), 1024 * 5);
    assert_eq!(
        g.actors().count(),
        1024 + g.outlet_count() + g.claimant_count()
    );
    assert_eq!(g.outlet_count(), 1_000);
    assert_eq!(g.claimant_count(), 10_000);
}

#[test]
fn no_self_loops_and_ids_in_range() {
    for g in [small_rmat(3), small_ba(3)] {
        let n = g.actor_count() as u32;
        for e in g.edges() {
            assert_ne!(e.source, e.target);
            assert!(e.source < n && e.target < n);
        }
    }
}

#[test]
fn degenerate_inputs_do_not_panic() {
    let g = GeneratorConfig::new(0, 3).generate();
    assert_eq!((g.actor_count(), g.edges().len()), (2, 6));
    let g = GeneratorConfig::new(8, 10)
        .topology(Topology::Rmat {
            a: 1.0,
            b: f64::NAN,
            c: 2.0,
        })
        .outlets(0)
        .claimants(0)
        .generate();
    assert_eq!(g.edges().len(), 80);
    assert!(g.edges().iter().all(|e| e.source != e.target));
    assert!(g.claims().all(|c| c.validate().is_ok()));
    for actors in [0, 1] {
        let g = GeneratorConfig::new(actors, 0)
            .topology(Topology::BarabasiAlbert { m: 3 })
            .generate();
        assert!(g.edges().is_empty());
    }
    let g = GeneratorConfig::new(10, 0)
        .topology(Topology::BarabasiAlbert { m: 0 })
        .generate();
    assert!(g.edges().is_empty());
}

/// Checks one edge against its materialised claim.
fn check_edge(g: &Generated, i: usize) {
    let e: &GenEdge = &g.edges()[i];
    let claim = g.claim(i);
    claim
        .validate()
        .unwrap_or_else(|err| panic!("claim {i}: {err}"));
    assert_eq!(claim.confidence(), e.confidence, "claim {i}");
    assert_eq!(claim.origins(), usize::from(e.origins), "claim {i}");
    assert_eq!(claim.evidence.len(), usize::from(e.attributions));
    assert_eq!(claim.relation.kind(), e.relation);
    assert_eq!(claim.relation, e.relation_value());
    assert_eq!(claim.polarity, e.polarity);
    assert_eq!(claim.statement, e.statement);
    assert_eq!(claim.valid.first_day(), e.first_day);
    assert_eq!(claim.valid.last_day(), e.last_day);
    assert_eq!(claim.subject, g.actor_key(e.source));
    assert_eq!(claim.object, g.actor_key(e.target));
    // Kinds fit the relation.
    let (sk, ok) = (
        g.actor_kind(e.source).unwrap(),
        g.actor_kind(e.target).unwrap(),
    );
    assert!(e.relation.domain().contains(sk), "{sk} {}", claim.relation);
    assert!(e.relation.range().contains(ok), "{ok} {}", claim.relation);
    // Evidence: sources from the pools, reported on or after the valid start.
    let start = claim.valid.start().expect("generated claims have a start");
    for a in &claim.evidence {
        assert!(a.claimant.is_some() || a.outlet.is_some());
        assert!(a.relays.len() <= 2);
        let reported = a.reported.expect("generated attributions are dated");
        assert!(reported.first_day() >= start.first_day());
        for k in a.chain() {
            assert!(k.as_str().starts_with("claimant_") || k.as_str().starts_with("outlet_"));
        }
    }
    assert!((2000..=2025).contains(&start.year_value()));
}

#[test]
fn edge_fields_agree_with_materialised_claims() {
    let g = GeneratorConfig::new(1 << 11, 8).seed(5).generate();
    assert!(g.edges().len() >= 10_000);
    for i in 0..10_000 {
        check_edge(&g, i);
    }
    let g = small_ba(5);
    for i in 0..g.edges().len() {
        check_edge(&g, i);
    }
}

#[test]
fn every_actor_is_valid_and_keys_are_as_documented() {
    let g = small_rmat(1);
    let actors: Vec<_> = g.actors().collect();
    for a in &actors {
        a.validate().unwrap();
        assert_ne!(a.kind, ActorKind::Region);
    }
    assert_eq!(actors[0].key.as_str(), "a0");
    assert_eq!(actors[1024].key.as_str(), "outlet_0");
    assert_eq!(actors[1024].kind, ActorKind::MediaOutlet);
    assert_eq!(actors[1024 + 100].key.as_str(), "claimant_0");
    assert_eq!(actors[1024 + 100].kind, ActorKind::Person);
    let keys: HashSet<_> = actors.iter().map(|a| a.key.clone()).collect();
    assert_eq!(keys.len(), actors.len());
    // Every key a claim names is among the actors.
    for c in g.claims().take(2_000) {
        assert!(keys.contains(&c.subject) && keys.contains(&c.object));
        for a in &c.evidence {
            assert!(a.chain().all(|k| keys.contains(k)));
        }
    }
}

#[test]
fn claim_keys_are_distinct() {
    // A dense graph (few actors, many claims) so that draws collide.
    let g = GeneratorConfig::new(16, 200).seed(9).generate();
    let keys: HashSet<ClaimKey> = g.claims().map(|c| c.key()).collect();
    assert_eq!(keys.len(), g.edges().len());
}

#[test]
fn attributes_are_mixed_and_skewed() {
    let g = GeneratorConfig::new(1 << 12, 8).seed(2).generate();
    let edges = g.edges();
    let m = edges.len() as f64;
    let share = |f: &dyn Fn(&GenEdge) -> bool| edges.iter().filter(|e| f(e)).count() as f64 / m;

    let denied = share(&|e| e.polarity == Polarity::Denied);
    assert!((0.03..0.07).contains(&denied), "{denied}");
    let assessments = share(&|e| e.statement == StatementKind::Assessment);
    assert!((0.12..0.18).contains(&assessments), "{assessments}");
    assert!(share(&|e| e.statement == StatementKind::Tie) > 0.05);
    let open = share(&|e| e.last_day == i32::MAX);
    assert!((0.02..0.25).contains(&open), "{open}");

    // Confidence: mostly low or moderate, a few high.
    let low = share(&|e| e.confidence < 0.6);
    let high = share(&|e| e.confidence >= 0.9);
    assert!(low > 0.6, "{low}");
    assert!(high > 0.005 && high < 0.1, "{high}");
    assert!(edges.iter().all(|e| (0.0..=1.0).contains(&e.confidence)));

    // Many relation kinds, the common ones common.
    let mut kinds: HashMap<_, usize> = HashMap::new();
    for e in edges {
        *kinds.entry(e.relation).or_default() += 1;
    }
    assert!(kinds.len() >= 25, "{}", kinds.len());
    let count = |k| kinds.get(&k).copied().unwrap_or(0);
    use claimgraph::model::RelationKind as K;
    assert!(count(K::Associated) > 5 * count(K::SuppliesArms));
    assert!(count(K::MetWith) > 5 * count(K::Attacks));

    // Actor kinds: mostly persons, groups and states.
    let mut actor_kinds: HashMap<_, usize> = HashMap::new();
    for id in 0..g.actor_count() as u32 {
        *actor_kinds.entry(g.actor_kind(id).unwrap()).or_default() += 1;
    }
    assert!(actor_kinds[&ActorKind::Person] > actor_kinds[&ActorKind::State]);
    assert!(actor_kinds[&ActorKind::Group] > actor_kinds[&ActorKind::MediaOutlet]);
    assert!(!actor_kinds.contains_key(&ActorKind::Region));
}

fn out_degrees(g: &Generated) -> Vec<usize> {
    let mut degree = vec![0usize; g.actor_count()];
    for e in g.edges() {
        degree[e.source as usize] += 1;
    }
    degree
}

#[test]
fn rmat_degrees_are_skewed_and_ids_permuted() {
    let g = GeneratorConfig::new(1 << 14, 4).seed(1).generate();
    assert_eq!(g.edges().len(), (1 << 14) * 4);
    let degree = out_degrees(&g);
    let mean = g.edges().len() as f64 / g.actor_count() as f64;
    let max = *degree.iter().max().unwrap();
    assert!(max as f64 > 20.0 * mean, "max {max}, mean {mean}");
    // Many actors have no outgoing claim at all.
    assert!(degree.iter().filter(|&&d| d == 0).count() > g.actor_count() / 4);

    // Permuted: without the permutation the hub would be id 0 and degree would fall
    // with the number of one-bits; here the top 1 % is spread over the whole id range.
    let mut ids: Vec<u32> = (0..g.actor_count() as u32).collect();
    ids.sort_by_key(|&id| std::cmp::Reverse(degree[id as usize]));
    let top = &ids[..g.actor_count() / 100];
    let upper_half = top.iter().filter(|&&id| id >= 1 << 13).count();
    assert!(upper_half > top.len() / 4 && upper_half < top.len() * 3 / 4);
    assert_ne!(ids[0], 0);
    // Shuffled: sources in insertion order are not sorted.
    let sorted_pairs = g
        .edges()
        .windows(2)
        .filter(|w| w[0].source <= w[1].source)
        .count();
    assert!(sorted_pairs < g.edges().len() * 3 / 4);
}

#[test]
fn barabasi_albert_counts_and_skew() {
    let n = 5_000;
    let m = 3;
    let g = GeneratorConfig::new(n, 99)
        .topology(Topology::BarabasiAlbert { m })
        .seed(4)
        .generate();
    assert_eq!(g.actor_count(), n);
    assert_eq!(g.edges().len(), (n - 1) * m);
    // Every actor but one makes exactly m claims, to distinct targets once enough exist.
    let degree = out_degrees(&g);
    assert_eq!(degree.iter().filter(|&&d| d == m).count(), n - 1);
    assert_eq!(degree.iter().filter(|&&d| d == 0).count(), 1);
    // Preferential attachment: in-degree hubs far above the mean.
    let mut in_degree = vec![0usize; n];
    for e in g.edges() {
        in_degree[e.target as usize] += 1;
    }
    let max = *in_degree.iter().max().unwrap();
    assert!(max > 15 * m, "max in-degree {max}");
    // Ids permuted: the oldest actor (the one with no claims) is not id 0 in general,
    // and the hubs are spread over the id range.
    let mut ids: Vec<usize> = (0..n).collect();
    ids.sort_by_key(|&id| std::cmp::Reverse(in_degree[id]));
    let top = &ids[..50];
    let upper_half = top.iter().filter(|&&id| id >= n / 2).count();
    assert!(upper_half > 10 && upper_half < 40, "{upper_half}");
}

/// CPU seconds this process has used so far (all threads), where /proc exists.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let (wall, cpu) = (std::time::Instant::now(), cpu_seconds());
    let result = f();
    let cpu = cpu_seconds()
        .zip(cpu)
        .map(|(b, a)| b - a)
        .unwrap_or(f64::NAN);
    println!("{what}: {:.2?} wall, {cpu:.2} s CPU", wall.elapsed());
    result
}

/// Timing of the benchmark-sized graph: run with
/// `cargo test --release --test generate -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_2_pow_20_by_16() {
    let g = timed("R-MAT 2^20 x 16", || {
        GeneratorConfig::new(1 << 20, 16).seed(1).generate()
    });
    assert_eq!(g.edges().len(), 1 << 24);
    let n = 100_000;
    let ok = timed("materialise 100,000 claims", || {
        g.claims().take(n).filter(|c| c.validate().is_ok()).count()
    });
    assert_eq!(ok, n);
    drop(g);
    let g = timed("Barabási–Albert 2^20, m = 16", || {
        GeneratorConfig::new(1 << 20, 0)
            .topology(Topology::BarabasiAlbert { m: 16 })
            .seed(1)
            .generate()
    });
    assert_eq!(g.edges().len(), ((1 << 20) - 1) * 16);
}
