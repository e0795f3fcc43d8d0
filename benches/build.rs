//! Building benches: freezing a store into a [`Snapshot`] against sorting the same
//! claims into petgraph `Csr`s, inserting claims into a [`ClaimGraph`] against
//! petgraph's `StableGraph::add_edge` in the same order, and merging 10^3, 10^4 and
//! 10^5 attributions into one claim (corroboration must cost the same per
//! attribution whatever the claim already holds).
//!
//! ```sh
//! cargo bench --bench build                             # build 2^14, 2^18; ingest 2^14
//! CLAIMGRAPH_BENCH_LARGE=1 cargo bench --bench build    # and build 2^20, ingest 2^18
//! cargo bench --bench build -- merge_into_one_claim     # the merge bench alone
//! ```
//!
//! Ingesting the 2^20 tier (16.7M claims) takes minutes per iteration and twice the
//! store's memory, so ingestion stops at 2^18 even in the large run.

mod common;

use claimgraph::generate::{GenEdge, Generated};
use claimgraph::model::{
    Actor, ActorKey, ActorKind, Attribution, Claim, Grade, PartialDate, Relation, ValidTime,
};
use claimgraph::store::Batch;
use claimgraph::{ClaimGraph, Snapshot};
use common::*;
use criterion::{BenchmarkId, Criterion, Throughput};
use petgraph::Directed;
use petgraph::stable_graph::{NodeIndex, StableGraph};

/// The baseline of `build/snapshot`: both directions of the walked graph as petgraph
/// `Csr`s carrying each claim's filter fields (the snapshot stores out and in rows),
/// from the claim list: collect, sort, merge parallel claims, `from_sorted_edges`.
fn csr_both_directions(edges: &[GenEdge], nodes: usize) -> [FilteredCsr; 2] {
    let arcs = |reverse: bool| {
        let mut arcs: Vec<Arc> = edges
            .iter()
            .map(|e| {
                let (source, target) = if reverse {
                    (e.target, e.source)
                } else {
                    (e.source, e.target)
                };
                Arc {
                    source,
                    target,
                    fields: ClaimFields {
                        confidence: e.confidence,
                        first_day: e.first_day,
                        last_day: e.last_day,
                        kind: e.relation.index(),
                    },
                }
            })
            .collect();
        arcs.sort_unstable_by_key(|a| (a.source, a.target));
        filtered_csr(&arcs, nodes).0
    };
    [arcs(false), arcs(true)]
}

fn build_snapshot(c: &mut Criterion, log2: u32) {
    let label = tier_label(log2);
    let generated = step("generate", || generate(log2));
    let store = step("store", || store_of(&generated));
    let nodes = store.actor_count();
    let claims = generated.edges().len() as u64;

    let mut group = c.benchmark_group("build/snapshot");
    configure(&mut group, log2);
    group.throughput(Throughput::Elements(claims));
    let id = format!("build/snapshot/petgraph_csr_sort_both_directions/{label}");
    group.bench_function(
        BenchmarkId::new("petgraph_csr_sort_both_directions", &label),
        |b| timed(b, &id, || csr_both_directions(generated.edges(), nodes)),
    );
    let id = format!("build/snapshot/snapshot/{label}");
    group.bench_function(BenchmarkId::new("snapshot", &label), |b| {
        timed(b, &id, || Snapshot::new(&store))
    });
    group.finish();
    step("drop the store", || drop(store));
}

/// Every claim of `generated`, materialised (strings and all), for one ingestion.
fn claims_of(generated: &Generated) -> Vec<Claim> {
    generated.claims().collect()
}

fn ingest_claims(c: &mut Criterion, log2: u32) {
    let label = tier_label(log2);
    let generated = step("generate", || generate(log2));
    let actors = step("store of the actors", || actors_only(&generated));
    let nodes = actors.actor_count();
    let mut empty: StableGraph<(), GenEdge, Directed, u32> = StableGraph::with_capacity(nodes, 0);
    for _ in 0..nodes {
        empty.add_node(());
    }

    let mut group = c.benchmark_group("ingest/claims");
    configure(&mut group, log2);
    group.throughput(Throughput::Elements(generated.edges().len() as u64));
    let id = format!("ingest/claims/petgraph_stablegraph_add_edge/{label}");
    group.bench_function(
        BenchmarkId::new("petgraph_stablegraph_add_edge", &label),
        |b| {
            timed_with_setup(
                b,
                &id,
                || empty.clone(),
                |mut g| {
                    for e in generated.edges() {
                        g.add_edge(
                            NodeIndex::new(e.source as usize),
                            NodeIndex::new(e.target as usize),
                            *e,
                        );
                    }
                    g
                },
            )
        },
    );
    // Claims come materialised (untimed): ingestion starts from model values.
    let id = format!("ingest/claims/store_add_claim/{label}");
    group.bench_function(BenchmarkId::new("store_add_claim", &label), |b| {
        timed_with_setup(
            b,
            &id,
            || (actors.clone(), claims_of(&generated)),
            |(mut g, claims): (ClaimGraph, Vec<Claim>)| {
                for claim in claims {
                    g.add_claim(claim).expect("valid");
                }
                g
            },
        )
    });
    let id = format!("ingest/claims/store_apply_batch/{label}");
    group.bench_function(BenchmarkId::new("store_apply_batch", &label), |b| {
        timed_with_setup(
            b,
            &id,
            || {
                let mut batch = Batch::new();
                for claim in generated.claims() {
                    batch.push_claim(claim);
                }
                (actors.clone(), batch)
            },
            |(mut g, batch): (ClaimGraph, Batch)| {
                g.apply(batch).expect("valid");
                g
            },
        )
    });
    group.finish();
}

/// Sizes of `ingest/merge_into_one_claim`, as powers of ten.
const MERGE_SIZES: [u32; 3] = [3, 4, 5];

/// A store with Iran, Bolivia, `n` claimants and `n / 10` outlets, and `n`
/// single-attribution claims of one relation, Iran supplies arms to Bolivia in July
/// 2023: distinct claimants, every third through one of the shared outlets, grades
/// cycling through seven values. Every claim after the first merges into it. The
/// baseline is the same claims on `n` different days: `n` claims, no merging, the
/// same lookups of the same actors.
fn one_claim_sources(n: usize) -> (ClaimGraph, Vec<Claim>, Vec<Claim>) {
    let mut g = ClaimGraph::new();
    let key = |s: &str| ActorKey::new(s).expect("valid key");
    g.add_actor(Actor::new("iran", ActorKind::State, "Iran").expect("valid"))
        .expect("new");
    g.add_actor(Actor::new("bolivia", ActorKind::State, "Bolivia").expect("valid"))
        .expect("new");
    let outlets = (n / 10).max(1);
    for i in 0..n {
        g.add_actor(
            Actor::new(&format!("c{i}"), ActorKind::Person, format!("C {i}")).expect("valid"),
        )
        .expect("new");
    }
    for i in 0..outlets {
        g.add_actor(
            Actor::new(&format!("o{i}"), ActorKind::MediaOutlet, format!("O {i}")).expect("valid"),
        )
        .expect("new");
    }
    let grades = [0.2, 0.5, 0.64, 0.8, 0.3, 0.6, 0.9];
    let valid: ValidTime = "2023-07".parse().expect("valid");
    let claims = (0..n)
        .map(|i| {
            let mut a = Attribution::new(Grade::confidence(grades[i % 7]).expect("in [0, 1]"))
                .with_claimant(key(&format!("c{i}")));
            if i % 3 == 0 {
                a = a.with_outlet(key(&format!("o{}", i % outlets)));
            }
            Claim::new(key("iran"), Relation::SuppliesArms, key("bolivia"), valid).with_evidence(a)
        })
        .collect::<Vec<Claim>>();
    let distinct = claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let day = PartialDate::from_day_number(19_000 + i as i32).expect("a calendar day");
            Claim {
                valid: ValidTime::at(day),
                ..c.clone()
            }
        })
        .collect();
    (g, claims, distinct)
}

fn merge_into_one_claim(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest/merge_into_one_claim");
    configure(&mut group, 14);
    for &log10 in &MERGE_SIZES {
        let n = 10usize.pow(log10);
        let (actors, claims, distinct) =
            step(&format!("sources of 10^{log10}"), || one_claim_sources(n));
        group.throughput(Throughput::Elements(n as u64));
        for (function, claims) in [
            ("store_add_claim_distinct_claims", &distinct),
            ("store_add_claim", &claims),
        ] {
            let id = format!("ingest/merge_into_one_claim/{function}/10^{log10}");
            group.bench_function(BenchmarkId::new(function, format!("10^{log10}")), |b| {
                timed_with_setup(
                    b,
                    &id,
                    || (actors.clone(), claims.clone()),
                    |(mut g, claims): (ClaimGraph, Vec<Claim>)| {
                        for claim in claims {
                            g.add_claim(claim).expect("valid");
                        }
                        g
                    },
                )
            });
        }
    }
    group.finish();
}

/// The per-attribution cost of each merge size, and how it grows from 10^3 to 10^5
/// (issue 8: at most 2x).
fn report_merge() {
    let per = |log10: u32| {
        median_ns(&format!(
            "ingest/merge_into_one_claim/store_add_claim/10^{log10}"
        ))
        .map(|t| t / 10f64.powi(log10 as i32))
    };
    for &log10 in &MERGE_SIZES {
        report_absolute(
            &format!("ingest/merge_into_one_claim 10^{log10}: per attribution"),
            &format!("ingest/merge_into_one_claim/store_add_claim/10^{log10}"),
            10f64.powi(log10 as i32),
            None,
        );
        report_ratio(
            &format!("ingest/merge_into_one_claim 10^{log10}: one claim vs distinct claims"),
            &format!("ingest/merge_into_one_claim/store_add_claim/10^{log10}"),
            &format!("ingest/merge_into_one_claim/store_add_claim_distinct_claims/10^{log10}"),
            None,
        );
    }
    if let (Some(small), Some(large)) = (per(3), per(5)) {
        let growth = large / small;
        let verdict = if growth <= 2.0 { "MET" } else { "NOT MET" };
        println!(
            "ratio  ingest/merge_into_one_claim: per attribution at 10^5 / at 10^3 = {} / {} = {growth:.3}  [target <= 2.00: {verdict}]",
            human(large),
            human(small),
        );
    }
}

fn report(build_tiers: &[u32], ingest_tiers: &[u32]) {
    report_heading("build");
    for &log2 in build_tiers {
        let t = tier_label(log2);
        report_ratio(
            &format!("build/snapshot {t}: snapshot vs petgraph_csr_sort_both_directions"),
            &format!("build/snapshot/snapshot/{t}"),
            &format!("build/snapshot/petgraph_csr_sort_both_directions/{t}"),
            Some(2.0),
        );
    }
    for &log2 in ingest_tiers {
        let t = tier_label(log2);
        let claims = ((1u64 << log2) * CLAIMS_PER_ACTOR as u64) as f64;
        for ours in ["store_add_claim", "store_apply_batch"] {
            report_ratio(
                &format!("ingest/claims {t}: {ours} vs petgraph_stablegraph_add_edge"),
                &format!("ingest/claims/{ours}/{t}"),
                &format!("ingest/claims/petgraph_stablegraph_add_edge/{t}"),
                None,
            );
            report_absolute(
                &format!("ingest/claims {t}: {ours} per claim"),
                &format!("ingest/claims/{ours}/{t}"),
                claims,
                None,
            );
        }
    }
}

/// Whether a group can match the command line's filter (`cargo bench --bench build
/// -- merge_into_one_claim`): a group it cannot match skips its setup too, which
/// takes minutes at the large tiers.
fn wanted(group: &str) -> bool {
    std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .is_none_or(|filter| group.contains(&filter) || filter.starts_with(group))
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let build_tiers = tiers(&[14, 18], &[20]);
    let ingest_tiers: Vec<u32> = tiers(&[14], &[18])
        .into_iter()
        .filter(|&t| t <= 18)
        .collect();
    let build_tiers: Vec<u32> = build_tiers
        .into_iter()
        .filter(|_| wanted("build/snapshot"))
        .collect();
    let ingest_tiers: Vec<u32> = ingest_tiers
        .into_iter()
        .filter(|_| wanted("ingest/claims"))
        .collect();
    for &log2 in &build_tiers {
        eprintln!("build tier {}: setting up", tier_label(log2));
        build_snapshot(&mut c, log2);
    }
    for &log2 in &ingest_tiers {
        eprintln!("ingest tier {}: setting up", tier_label(log2));
        ingest_claims(&mut c, log2);
    }
    if wanted("ingest/merge_into_one_claim") {
        eprintln!("merge into one claim: setting up");
        merge_into_one_claim(&mut c);
    }
    c.final_summary();
    report(&build_tiers, &ingest_tiers);
    report_merge();
}
