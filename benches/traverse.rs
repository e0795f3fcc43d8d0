//! Traversal, path and ranking benches: claimgraph's [`Snapshot`] against petgraph's
//! `Csr` holding the same claims, measured in the same run, with the ratios printed
//! after criterion's output.
//!
//! ```sh
//! cargo bench --bench traverse                              # tiers 2^14 and 2^18
//! CLAIMGRAPH_BENCH_LARGE=1 cargo bench --bench traverse     # and 2^20 (about 20 GB, ~15 min)
//! CLAIMGRAPH_BENCH_ROUNDS=15 cargo bench --bench traverse -- rank/  # and the rank
//!                                   # routines timed in turn, fastest of 15 rounds each
//! ```
//!
//! Both sides walk the same directed graph: every claim from subject to object, and
//! symmetric claims (met with, cooperates...) both ways, which is what
//! `Walk::Forward` crosses. petgraph's `Csr` cannot hold parallel edges, so its
//! baselines merge the claims between two actors into one arc (the unweighted one
//! simply drops duplicates, Dijkstra's keeps the least cost, the filtered one keeps
//! the first claim's fields inline and the others in a side array its predicate
//! reads). Before timing anything, each group checks that both sides reach the same
//! actors (and, for paths and ranks, the same values).

mod common;

use claimgraph::analysis::{BetweennessOptions, PageRankOptions, betweenness, pagerank};
use claimgraph::traverse::{bfs, k_hop, most_credible_tree, reachable};
use claimgraph::{ActorId, Snapshot};
use common::*;
use criterion::{BenchmarkId, Criterion, Throughput};
use petgraph::visit::{Bfs, EdgeFiltered, IntoNeighbors, VisitMap, Visitable};

/// Everything one tier's benches read, built once.
struct Fixture {
    label: String,
    snapshot: Snapshot,
    arcs: Vec<Arc>,
    plain: PlainCsr,
    filtered: FilteredCsr,
    side: Vec<ClaimFields>,
    cost: CostCsr,
    hub: u32,
    hub_id: ActorId,
    sources: Vec<(u32, ActorId)>,
}

impl Fixture {
    fn new(log2: u32) -> Self {
        let generated = step("generate", || generate(log2));
        let store = step("store (add_claim each claim)", || store_of(&generated));
        let snapshot = step("snapshot", || Snapshot::new(&store));
        // The snapshot shares the claim records; the store's indexes are not needed.
        step("drop the store", || drop(store));
        let nodes = snapshot.actor_count();
        let arcs = step("walked arcs, sorted", || walk_arcs(&generated));
        let plain = step("petgraph Csr", || plain_csr(&arcs, nodes));
        let (filtered, side) = step("petgraph Csr with filter fields", || {
            filtered_csr(&arcs, nodes)
        });
        let cost = step("petgraph Csr with -ln c", || cost_csr(&arcs, nodes));
        let hub = hub(&generated);
        let hub_id = actor(&snapshot, &generated, hub);
        let sources = spread_sources(&generated, 1000)
            .into_iter()
            .map(|i| (i, actor(&snapshot, &generated, i)))
            .collect();
        Fixture {
            label: tier_label(log2),

            snapshot,
            arcs,
            plain,
            filtered,
            side,
            cost,
            hub,
            hub_id,
            sources,
        }
    }

    fn nodes(&self) -> usize {
        self.snapshot.actor_count()
    }

    fn id(&self, group: &str, function: &str) -> String {
        format!("{group}/{function}/{}", self.label)
    }
}

/// The node indices a claimgraph search reached, as a membership vector.
fn membership(nodes: usize, reached: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut seen = vec![false; nodes];
    for n in reached {
        seen[n] = true;
    }
    seen
}

fn petgraph_bfs(csr: &PlainCsr, start: u32) -> Vec<u32> {
    let mut bfs = Bfs::new(csr, start);
    let mut out = Vec::new();
    while let Some(n) = bfs.next(csr) {
        out.push(n);
    }
    out
}

fn traverse_bfs(c: &mut Criterion, fx: &Fixture, log2: u32) {
    let filter = unfiltered();
    // Same work: the same actors reached.
    let theirs = petgraph_bfs(&fx.plain, fx.hub);
    let ours: Vec<usize> = bfs(&fx.snapshot, fx.hub_id, &filter)
        .map(|v| v.actor.index())
        .collect();
    let reached = membership(fx.nodes(), ours.iter().copied());
    assert_eq!(theirs.len(), ours.len(), "both BFS reach as many actors");
    assert!(
        theirs.iter().all(|&n| reached[n as usize]),
        "the same actors"
    );
    let scanned = arcs_leaving(&fx.arcs, &reached);
    eprintln!(
        "  traverse/bfs {}: {} actors reached, {scanned} claims scanned ({} distinct pairs in the petgraph Csr)",
        fx.label,
        ours.len(),
        pairs_leaving(&fx.arcs, &reached)
    );

    let mut group = c.benchmark_group("traverse/bfs");
    configure(&mut group, log2);
    group.throughput(Throughput::Elements(scanned));
    let id = fx.id("traverse/bfs", "petgraph_csr");
    group.bench_function(BenchmarkId::new("petgraph_csr", &fx.label), |b| {
        timed(b, &id, || {
            let mut bfs = Bfs::new(&fx.plain, fx.hub);
            let mut n = 0usize;
            while bfs.next(&fx.plain).is_some() {
                n += 1;
            }
            n
        })
    });
    let id = fx.id("traverse/bfs", "snapshot");
    group.bench_function(BenchmarkId::new("snapshot", &fx.label), |b| {
        timed(b, &id, || bfs(&fx.snapshot, fx.hub_id, &filter).count())
    });
    // The same search without per-visit records (who reached whom, through which claim).
    let id = fx.id("traverse/bfs", "snapshot_reachable");
    group.bench_function(BenchmarkId::new("snapshot_reachable", &fx.label), |b| {
        timed(b, &id, || reachable(&fx.snapshot, fx.hub_id, None, &filter))
    });
    group.finish();
}

/// The filtered CSR seen through petgraph's `EdgeFiltered` with the same predicate.
fn edge_filtered<'a>(
    fx: &'a Fixture,
    p: &'a Predicate,
) -> EdgeFiltered<
    &'a FilteredCsr,
    impl Fn(petgraph::csr::EdgeReference<'a, FilteredArc, petgraph::Directed, u32>) -> bool + 'a,
> {
    EdgeFiltered::from_fn(&fx.filtered, move |e| e.weight().admitted(p, &fx.side))
}

fn traverse_bfs_filtered(c: &mut Criterion, fx: &Fixture, log2: u32) {
    let filter = filtered();
    let p = Predicate::new();
    let ef = edge_filtered(fx, &p);
    let mut theirs = Vec::new();
    let mut search = Bfs::new(&ef, fx.hub);
    while let Some(n) = search.next(&ef) {
        theirs.push(n);
    }
    let ours: Vec<usize> = bfs(&fx.snapshot, fx.hub_id, &filter)
        .map(|v| v.actor.index())
        .collect();
    let reached = membership(fx.nodes(), ours.iter().copied());
    assert_eq!(
        theirs.len(),
        ours.len(),
        "both filtered BFS reach as many actors"
    );
    assert!(
        theirs.iter().all(|&n| reached[n as usize]),
        "the same actors"
    );
    let scanned = arcs_leaving(&fx.arcs, &reached);
    eprintln!(
        "  traverse/bfs_filtered {}: {} actors reached, {scanned} claims scanned",
        fx.label,
        ours.len()
    );

    let mut group = c.benchmark_group("traverse/bfs_filtered");
    configure(&mut group, log2);
    group.throughput(Throughput::Elements(scanned));
    let id = fx.id("traverse/bfs_filtered", "petgraph_csr_edgefiltered");
    group.bench_function(
        BenchmarkId::new("petgraph_csr_edgefiltered", &fx.label),
        |b| {
            timed(b, &id, || {
                let mut search = Bfs::new(&ef, fx.hub);
                let mut n = 0usize;
                while search.next(&ef).is_some() {
                    n += 1;
                }
                n
            })
        },
    );
    let id = fx.id("traverse/bfs_filtered", "snapshot");
    group.bench_function(BenchmarkId::new("snapshot", &fx.label), |b| {
        timed(b, &id, || bfs(&fx.snapshot, fx.hub_id, &filter).count())
    });
    group.finish();
}

/// Actors within two hops of each source over `graph`, summed: a two-level BFS with
/// a fresh visit map per source, as claimgraph's `k_hop` allocates one.
fn khop2_petgraph<G>(graph: G, sources: &[(u32, ActorId)]) -> usize
where
    G: IntoNeighbors<NodeId = u32> + Visitable<NodeId = u32>,
{
    let mut total = 0;
    let (mut frontier, mut next) = (Vec::new(), Vec::new());
    for &(s, _) in sources {
        let mut seen = graph.visit_map();
        seen.visit(s);
        frontier.clear();
        frontier.push(s);
        total += 1;
        for _ in 0..2 {
            next.clear();
            for &u in &frontier {
                for v in graph.neighbors(u) {
                    if seen.visit(v) {
                        next.push(v);
                    }
                }
            }
            total += next.len();
            std::mem::swap(&mut frontier, &mut next);
        }
    }
    total
}

fn traverse_khop2_filtered(c: &mut Criterion, fx: &Fixture, log2: u32) {
    let filter = filtered();
    let p = Predicate::new();
    let ef = edge_filtered(fx, &p);
    let ours = |fx: &Fixture| -> usize {
        fx.sources
            .iter()
            .map(|&(_, id)| k_hop(&fx.snapshot, id, 2, &filter).len())
            .sum()
    };
    let reached = ours(fx);
    assert_eq!(
        khop2_petgraph(&ef, &fx.sources),
        reached,
        "both reach as many actors"
    );
    for &(s, id) in fx.sources.iter().take(50) {
        assert_eq!(
            khop2_petgraph(&ef, &[(s, id)]),
            k_hop(&fx.snapshot, id, 2, &filter).len(),
            "source {s}"
        );
    }
    eprintln!(
        "  traverse/khop2_filtered {}: {} sources, {reached} actors reached in all",
        fx.label,
        fx.sources.len()
    );

    let mut group = c.benchmark_group("traverse/khop2_filtered");
    configure(&mut group, log2);
    // One element per query: criterion's elem/s is queries per second.
    group.throughput(Throughput::Elements(fx.sources.len() as u64));
    let id = fx.id("traverse/khop2_filtered", "petgraph_csr_edgefiltered");
    group.bench_function(
        BenchmarkId::new("petgraph_csr_edgefiltered", &fx.label),
        |b| timed(b, &id, || khop2_petgraph(&ef, &fx.sources)),
    );
    let id = fx.id("traverse/khop2_filtered", "snapshot");
    group.bench_function(BenchmarkId::new("snapshot", &fx.label), |b| {
        timed(b, &id, || ours(fx))
    });
    group.finish();
}

fn path_most_credible(c: &mut Criterion, fx: &Fixture, log2: u32) {
    let filter = unfiltered();
    let theirs = petgraph::algo::dijkstra(&fx.cost, fx.hub, None, |e| *e.weight());
    let tree = most_credible_tree(&fx.snapshot, fx.hub_id, &filter);
    assert_eq!(theirs.len(), tree.len(), "both reach as many actors");
    let mut worst = 0.0f64;
    for (actor, confidence) in tree.reached() {
        let cost = theirs[&(actor.index() as u32)];
        worst = worst.max(((-cost).exp() - confidence).abs() / confidence);
    }
    assert!(
        worst < 1e-9,
        "same best confidences (worst relative error {worst:e})"
    );
    let reached = membership(fx.nodes(), tree.reached().map(|(a, _)| a.index()));
    let scanned = arcs_leaving(&fx.arcs, &reached);
    eprintln!(
        "  path/most_credible {}: {} actors reached, {scanned} claims scanned, confidences agree to {worst:.1e}",
        fx.label,
        tree.len()
    );

    let mut group = c.benchmark_group("path/most_credible");
    configure(&mut group, log2);
    group.throughput(Throughput::Elements(scanned));
    let id = fx.id("path/most_credible", "petgraph_dijkstra_csr");
    group.bench_function(BenchmarkId::new("petgraph_dijkstra_csr", &fx.label), |b| {
        timed(b, &id, || {
            petgraph::algo::dijkstra(&fx.cost, fx.hub, None, |e| *e.weight())
        })
    });
    let id = fx.id("path/most_credible", "snapshot");
    group.bench_function(BenchmarkId::new("snapshot", &fx.label), |b| {
        timed(b, &id, || {
            most_credible_tree(&fx.snapshot, fx.hub_id, &filter)
        })
    });
    group.finish();
}

/// A plain PageRank kernel over petgraph's `Csr` (transposed, confidence-weighted,
/// parallel claims summed), one thread: the formula claimgraph documents, with the
/// transitions prebuilt outside the timing.
struct PullKernel {
    into: petgraph::csr::Csr<(), f64, petgraph::Directed, u32>,
    inverse_out: Vec<f64>,
    dangling: Vec<u32>,
}

impl PullKernel {
    fn new(arcs: &[Arc], nodes: usize) -> Self {
        let mut by_target: Vec<(u32, u32, f64)> = arcs
            .iter()
            .map(|a| (a.target, a.source, a.fields.confidence))
            .collect();
        by_target.sort_unstable_by_key(|e| (e.0, e.1));
        let mut merged: Vec<(u32, u32, f64)> = Vec::with_capacity(by_target.len());
        for e in by_target {
            match merged.last_mut() {
                Some(last) if (last.0, last.1) == (e.0, e.1) => last.2 += e.2,
                _ => merged.push(e),
            }
        }
        let mut out = vec![0.0; nodes];
        for e in &merged {
            out[e.1 as usize] += e.2;
        }
        let mut into = petgraph::csr::Csr::from_sorted_edges(&merged).expect("sorted, unique");
        while into.node_count() < nodes {
            into.add_node(());
        }
        PullKernel {
            into,
            inverse_out: out
                .iter()
                .map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 })
                .collect(),
            dangling: (0..nodes as u32)
                .filter(|&v| out[v as usize] <= 0.0)
                .collect(),
        }
    }

    fn run(&self, iterations: usize, alpha: f64) -> Vec<f64> {
        let nodes = self.inverse_out.len();
        let n = nodes as f64;
        let mut x = vec![1.0 / n; nodes];
        let mut y = vec![0.0; nodes];
        for _ in 0..iterations {
            let dangling: f64 = self.dangling.iter().map(|&d| x[d as usize]).sum();
            let base = alpha * dangling / n + (1.0 - alpha) / n;
            for (yu, (xu, inv)) in y.iter_mut().zip(x.iter().zip(&self.inverse_out)) {
                *yu = xu * inv;
            }
            for (v, xv) in x.iter_mut().enumerate() {
                let v = v as u32;
                let pulled: f64 = self
                    .into
                    .neighbors_slice(v)
                    .iter()
                    .zip(self.into.edges_slice(v))
                    .map(|(&u, &w)| w * y[u as usize])
                    .sum();
                *xv = alpha * pulled + base;
            }
        }
        x
    }
}

fn rank_pagerank(c: &mut Criterion, fx: &Fixture, log2: u32) {
    let filter = unfiltered();
    let twenty = PageRankOptions::new().iterations(20);
    let kernel = step("PageRank pull kernel", || {
        PullKernel::new(&fx.arcs, fx.nodes())
    });
    let theirs = kernel.run(20, PageRankOptions::DEFAULT_DAMPING);
    let ours = pagerank(&fx.snapshot, &filter, &twenty);
    assert_eq!(ours.len(), theirs.len());
    let worst = ours
        .iter()
        .map(|&(a, s)| (s - theirs[a.index()]).abs() / s)
        .fold(0.0, f64::max);
    assert!(worst < 1e-9, "same scores (worst relative error {worst:e})");
    eprintln!(
        "  rank/pagerank {}: scores agree with the kernel to {worst:.1e}; {} transitions, {} arcs in the kernel (parallel claims merged)",
        fx.label,
        fx.arcs.len(),
        kernel.into.edge_count()
    );
    let transitions = fx.arcs.len() as u64;

    let mut group = c.benchmark_group("rank/pagerank_20_iterations");
    configure(&mut group, log2);
    group.throughput(Throughput::Elements(20 * transitions));
    let id = fx.id("rank/pagerank_20_iterations", "csr_pull_kernel_1_thread");
    group.bench_function(
        BenchmarkId::new("csr_pull_kernel_1_thread", &fx.label),
        |b| timed(b, &id, || kernel.run(20, PageRankOptions::DEFAULT_DAMPING)),
    );
    // One thread against rayon's default pool (a thread per core), same run.
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let id = fx.id("rank/pagerank_20_iterations", "snapshot_1_thread");
    group.bench_function(BenchmarkId::new("snapshot_1_thread", &fx.label), |b| {
        timed(b, &id, || {
            one.install(|| pagerank(&fx.snapshot, &filter, &twenty))
        })
    });
    let id = fx.id("rank/pagerank_20_iterations", "snapshot");
    group.bench_function(BenchmarkId::new("snapshot", &fx.label), |b| {
        timed(b, &id, || pagerank(&fx.snapshot, &filter, &twenty))
    });
    group.finish();

    // A call that runs one iteration, to tell the setup (collecting the
    // transitions) from the per-iteration cost.
    let mut group = c.benchmark_group("rank/pagerank_1_iteration");
    configure(&mut group, log2);
    group.throughput(Throughput::Elements(transitions));
    let first = PageRankOptions::new().iterations(1);
    let id = fx.id("rank/pagerank_1_iteration", "snapshot_1_thread");
    group.bench_function(BenchmarkId::new("snapshot_1_thread", &fx.label), |b| {
        timed(b, &id, || {
            one.install(|| pagerank(&fx.snapshot, &filter, &first))
        })
    });
    group.finish();

    interleaved(
        &format!("rank/pagerank {}", fx.label),
        &mut [
            ("csr_pull_kernel_1_thread 20 iterations", &mut || {
                std::hint::black_box(kernel.run(20, PageRankOptions::DEFAULT_DAMPING));
            }),
            ("snapshot_1_thread 20 iterations", &mut || {
                std::hint::black_box(one.install(|| pagerank(&fx.snapshot, &filter, &twenty)));
            }),
            ("snapshot_1_thread 1 iteration", &mut || {
                std::hint::black_box(one.install(|| pagerank(&fx.snapshot, &filter, &first)));
            }),
            ("snapshot 20 iterations", &mut || {
                std::hint::black_box(pagerank(&fx.snapshot, &filter, &twenty));
            }),
        ],
        |best| {
            let per = (best[1] - best[2]) / 19.0;
            format!(
                "snapshot_1_thread vs csr_pull_kernel_1_thread {:.3} [target <= 1.30]; setup {:.2} iterations [target <= 1]; default pool vs 1 thread {:.3} [target <= 0.59]",
                best[1] / best[0],
                (best[2] - per) / per,
                best[3] / best[1]
            )
        },
    );
}

/// With `CLAIMGRAPH_BENCH_ROUNDS=n`, times each routine once per round, in turn,
/// for `n` rounds, and prints the fastest time of each and `ratios` of them: on a
/// shared machine, the routines meet the same load, where criterion's groups run
/// one after the other.
fn interleaved(
    what: &str,
    routines: &mut [(&str, &mut dyn FnMut())],
    ratios: impl Fn(&[f64]) -> String,
) {
    let Some(rounds) = std::env::var("CLAIMGRAPH_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
    else {
        return;
    };
    let mut best = vec![f64::INFINITY; routines.len()];
    for _ in 0..rounds {
        for (slot, (_, routine)) in best.iter_mut().zip(routines.iter_mut()) {
            let start = std::time::Instant::now();
            routine();
            *slot = slot.min(start.elapsed().as_nanos() as f64);
        }
    }
    let times: Vec<String> = routines
        .iter()
        .zip(&best)
        .map(|((name, _), t)| format!("{name} {}", human(*t)))
        .collect();
    println!(
        "interleaved  {what}, fastest of {rounds} rounds: {}; {}",
        times.join(", "),
        ratios(&best)
    );
}

/// Betweenness (a breadth-first search from every actor) on one thread against
/// rayon's default pool, on a graph of `2^log2` actors: sources are split across
/// threads.
fn rank_betweenness(c: &mut Criterion, log2: u32) {
    let generated = generate(log2);
    let snapshot = Snapshot::new(&store_of(&generated));
    let label = tier_label(log2);
    let filter = unfiltered();
    let options = BetweennessOptions::new();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let single = one.install(|| betweenness(&snapshot, &filter, &options));
    assert_eq!(
        betweenness(&snapshot, &filter, &options),
        single,
        "the same scores on any number of threads"
    );
    eprintln!(
        "  rank/betweenness {label}: {} actors, {} threads by default",
        single.len(),
        rayon::current_num_threads()
    );
    let mut group = c.benchmark_group("rank/betweenness");
    configure(&mut group, log2);
    group.throughput(Throughput::Elements(single.len() as u64));
    let id = format!("rank/betweenness/snapshot_1_thread/{label}");
    group.bench_function(BenchmarkId::new("snapshot_1_thread", &label), |b| {
        timed(b, &id, || {
            one.install(|| betweenness(&snapshot, &filter, &options))
        })
    });
    let id = format!("rank/betweenness/snapshot/{label}");
    group.bench_function(BenchmarkId::new("snapshot", &label), |b| {
        timed(b, &id, || betweenness(&snapshot, &filter, &options))
    });
    group.finish();
    interleaved(
        &format!("rank/betweenness {label}"),
        &mut [
            ("snapshot_1_thread", &mut || {
                std::hint::black_box(one.install(|| betweenness(&snapshot, &filter, &options)));
            }),
            ("snapshot", &mut || {
                std::hint::black_box(betweenness(&snapshot, &filter, &options));
            }),
        ],
        |best| {
            format!(
                "default pool vs 1 thread {:.3} [target <= 0.59]",
                best[1] / best[0]
            )
        },
    );
}

/// The graph size of the betweenness group: all-sources betweenness is O(V E).
const BETWEENNESS_LOG2: u32 = 11;

fn report(tiers: &[u32]) {
    report_heading("traverse");
    for &log2 in tiers {
        let t = tier_label(log2);
        let note = if log2 == 20 {
            ""
        } else {
            " (targets stated at 2^20)"
        };
        println!("-- tier {t} x {CLAIMS_PER_ACTOR}{note}");
        report_ratio(
            &format!("traverse/bfs {t}: snapshot (bfs iterator) vs petgraph_csr"),
            &format!("traverse/bfs/snapshot/{t}"),
            &format!("traverse/bfs/petgraph_csr/{t}"),
            Some(1.1),
        );
        report_ratio(
            &format!("traverse/bfs {t}: snapshot_reachable vs petgraph_csr (speed >= 1.5x)"),
            &format!("traverse/bfs/snapshot_reachable/{t}"),
            &format!("traverse/bfs/petgraph_csr/{t}"),
            Some(1.0 / 1.5),
        );
        report_ratio(
            &format!("traverse/bfs_filtered {t}: snapshot vs UNFILTERED petgraph_csr"),
            &format!("traverse/bfs_filtered/snapshot/{t}"),
            &format!("traverse/bfs/petgraph_csr/{t}"),
            Some(2.0),
        );
        report_ratio(
            &format!("traverse/bfs_filtered {t}: snapshot vs petgraph_csr_edgefiltered"),
            &format!("traverse/bfs_filtered/snapshot/{t}"),
            &format!("traverse/bfs_filtered/petgraph_csr_edgefiltered/{t}"),
            Some(1.0),
        );
        report_ratio(
            &format!("traverse/khop2_filtered {t}: snapshot vs petgraph_csr_edgefiltered"),
            &format!("traverse/khop2_filtered/snapshot/{t}"),
            &format!("traverse/khop2_filtered/petgraph_csr_edgefiltered/{t}"),
            None,
        );
        report_absolute(
            &format!("traverse/khop2_filtered {t}: snapshot latency per query"),
            &format!("traverse/khop2_filtered/snapshot/{t}"),
            1000.0,
            None,
        );
        report_ratio(
            &format!("path/most_credible {t}: snapshot vs petgraph_dijkstra_csr"),
            &format!("path/most_credible/snapshot/{t}"),
            &format!("path/most_credible/petgraph_dijkstra_csr/{t}"),
            Some(1.0),
        );
        report_absolute(
            &format!("rank/pagerank {t}: 20-iteration call / 20"),
            &format!("rank/pagerank_20_iterations/snapshot/{t}"),
            20.0,
            Some(50e6),
        );
        let twenty = median_ns(&format!(
            "rank/pagerank_20_iterations/snapshot_1_thread/{t}"
        ));
        let first = median_ns(&format!("rank/pagerank_1_iteration/snapshot_1_thread/{t}"));
        if let (Some(a), Some(b)) = (twenty, first) {
            let per = (a - b) / 19.0;
            let setup = b - per;
            let verdict = if setup <= per { "MET" } else { "NOT MET" };
            println!(
                "value  rank/pagerank {t}: 1 thread, per iteration (20-iteration call - 1-iteration call) / 19: {}; setup (1-iteration call - one iteration): {} = {:.2} iterations  [target setup <= 1 iteration: {verdict}]",
                human(per),
                human(setup),
                setup / per
            );
        }
        report_ratio(
            &format!("rank/pagerank {t}: snapshot_1_thread vs csr_pull_kernel_1_thread"),
            &format!("rank/pagerank_20_iterations/snapshot_1_thread/{t}"),
            &format!("rank/pagerank_20_iterations/csr_pull_kernel_1_thread/{t}"),
            Some(1.3),
        );
        report_ratio(
            &format!(
                "rank/pagerank {t}: snapshot (default pool) vs snapshot_1_thread (speed-up >= 1.7x)"
            ),
            &format!("rank/pagerank_20_iterations/snapshot/{t}"),
            &format!("rank/pagerank_20_iterations/snapshot_1_thread/{t}"),
            Some(1.0 / 1.7),
        );
    }
    let b = tier_label(BETWEENNESS_LOG2);
    report_ratio(
        &format!(
            "rank/betweenness {b}: snapshot (default pool) vs snapshot_1_thread (speed-up >= 1.7x)"
        ),
        &format!("rank/betweenness/snapshot/{b}"),
        &format!("rank/betweenness/snapshot_1_thread/{b}"),
        Some(1.0 / 1.7),
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let tiers = tiers(&[14, 18], &[20]);
    for &log2 in &tiers {
        eprintln!("tier {}: setting up", tier_label(log2));
        let fx = Fixture::new(log2);
        traverse_bfs(&mut c, &fx, log2);
        traverse_bfs_filtered(&mut c, &fx, log2);
        traverse_khop2_filtered(&mut c, &fx, log2);
        path_most_credible(&mut c, &fx, log2);
        rank_pagerank(&mut c, &fx, log2);
        step("drop the tier", || drop(fx));
    }
    rank_betweenness(&mut c, BETWEENNESS_LOG2);
    c.final_summary();
    report(&tiers);
}
