//! Name search on a large graph: `ReadGraph::find_prefix` and `find_similar` against
//! a naive scan of every (pre-folded) name in the same run.
//!
//! ```sh
//! cargo bench --bench lookup                                # 2^16 and 2^20 actors
//! CLAIMGRAPH_BENCH_TIERS=20 cargo bench --bench lookup      # 2^20 only
//! ```
//!
//! Targets (issue 10, on 2^20 actors): a prefix search under 1 ms, a similarity
//! search under 50 ms. The graphs hold the generator's actors (states, groups,
//! outlets, people with numbered names and Spanish aliases) and one claim each;
//! claims play no part in name search. The name index is built once, outside the
//! timing (its build time is printed).

mod common;

use claimgraph::generate::{GeneratorConfig, Topology};
use claimgraph::model::fold_name;
use claimgraph::{ClaimGraph, ReadGraph};
use common::*;
use criterion::{BenchmarkId, Criterion};

const LIMIT: usize = 10;
/// Typed as a user would: part of a name, or a name with a typo.
const PREFIXES: [&str; 3] = ["State 1234", "estado 99", "Group 5"];
const SIMILAR: [&str; 3] = ["Stat 123456", "Grup 43210", "Estdo 98765"];

fn graph(log2: u32) -> ClaimGraph {
    let generated = GeneratorConfig::new(1 << log2, 1)
        .topology(Topology::GRAPH500)
        .seed(SEED)
        .generate();
    actors_only(&generated)
}

/// Every folded name with its actor's position: what the naive scans read.
fn folded_names(g: &ClaimGraph) -> Vec<(usize, String)> {
    g.actors()
        .enumerate()
        .flat_map(|(i, a)| {
            a.names()
                .map(move |n| (i, fold_name(n)))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn trigrams(folded: &str) -> Vec<u64> {
    let chars: Vec<char> = std::iter::once(' ')
        .chain(folded.chars())
        .chain(std::iter::once(' '))
        .collect();
    let mut grams: Vec<u64> = chars
        .windows(3)
        .map(|w| (u64::from(w[0]) << 42) | (u64::from(w[1]) << 21) | u64::from(w[2]))
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Naive prefix search: every name, every word start, sorted by matched text.
fn naive_prefix(names: &[(usize, String)], prefix: &str) -> usize {
    let prefix = fold_name(prefix);
    let mut found: Vec<(&str, usize)> = Vec::new();
    for (actor, name) in names {
        let starts = std::iter::once(0).chain(name.match_indices(' ').map(|(i, _)| i + 1));
        for at in starts {
            if name[at..].starts_with(&prefix) {
                found.push((&name[at..], *actor));
            }
        }
    }
    found.sort_unstable();
    found.dedup_by_key(|f| f.1);
    found.truncate(LIMIT);
    found.len()
}

/// Naive similarity search: the Dice coefficient against every name.
fn naive_similar(grams: &[(usize, Vec<u64>)], name: &str) -> usize {
    let query = trigrams(&fold_name(name));
    let mut scored: Vec<(f64, usize)> = grams
        .iter()
        .map(|(actor, g)| {
            let dice = 2.0 * shared(&query, g) as f64 / (query.len() + g.len()) as f64;
            (dice, *actor)
        })
        .filter(|s| s.0 >= claimgraph::query::SIMILARITY_FLOOR)
        .collect();
    scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.dedup_by_key(|s| s.1);
    scored.truncate(LIMIT);
    scored.len()
}

fn lookup(c: &mut Criterion, log2: u32) {
    let label = tier_label(log2);
    let g = step("actors", || graph(log2));
    eprintln!("  {} actors", g.actor_count());
    step("name index (first search)", || {
        g.find_prefix("state", 1).len()
    });
    let names = step("naive: folded names", || folded_names(&g));
    let grams: Vec<(usize, Vec<u64>)> = step("naive: trigram sets", || {
        names.iter().map(|(a, n)| (*a, trigrams(n))).collect()
    });
    // The index and the scans agree on how many they find.
    for p in PREFIXES {
        assert_eq!(
            g.find_prefix(p, LIMIT).len(),
            naive_prefix(&names, p),
            "{p}"
        );
    }
    for s in SIMILAR {
        assert_eq!(
            g.find_similar(s, LIMIT).len(),
            naive_similar(&grams, s),
            "{s}"
        );
    }

    let mut group = c.benchmark_group("lookup");
    configure(&mut group, log2.min(16));
    let id = format!("lookup/find_prefix/{label}");
    group.bench_function(BenchmarkId::new("find_prefix", &label), |b| {
        timed(b, &id, || PREFIXES.map(|p| g.find_prefix(p, LIMIT).len()))
    });
    let id = format!("lookup/find_prefix_naive/{label}");
    group.bench_function(BenchmarkId::new("find_prefix_naive", &label), |b| {
        timed(b, &id, || PREFIXES.map(|p| naive_prefix(&names, p)))
    });
    let id = format!("lookup/find_similar/{label}");
    group.bench_function(BenchmarkId::new("find_similar", &label), |b| {
        timed(b, &id, || SIMILAR.map(|s| g.find_similar(s, LIMIT).len()))
    });
    let id = format!("lookup/find_similar_naive/{label}");
    group.bench_function(BenchmarkId::new("find_similar_naive", &label), |b| {
        timed(b, &id, || SIMILAR.map(|s| naive_similar(&grams, s)))
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let tiers: Vec<u32> = tiers(&[16, 20], &[]);
    for &log2 in &tiers {
        eprintln!("lookup tier {}: setting up", tier_label(log2));
        lookup(&mut c, log2);
    }
    c.final_summary();
    report_heading("lookup");
    for &log2 in &tiers {
        let t = tier_label(log2);
        let big = log2 >= 20;
        report_absolute(
            &format!("lookup/find_prefix {t}: per query"),
            &format!("lookup/find_prefix/{t}"),
            PREFIXES.len() as f64,
            big.then_some(1e6),
        );
        report_absolute(
            &format!("lookup/find_similar {t}: per query"),
            &format!("lookup/find_similar/{t}"),
            SIMILAR.len() as f64,
            big.then_some(50e6),
        );
        report_ratio(
            &format!("lookup/find_prefix {t}: index vs naive scan"),
            &format!("lookup/find_prefix/{t}"),
            &format!("lookup/find_prefix_naive/{t}"),
            None,
        );
        report_ratio(
            &format!("lookup/find_similar {t}: index vs naive scan"),
            &format!("lookup/find_similar/{t}"),
            &format!("lookup/find_similar_naive/{t}"),
            None,
        );
    }
}
