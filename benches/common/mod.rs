//! What the benches share: size tiers, the generated graphs, the claimgraph store and
//! snapshot built from them, petgraph baselines built from the same claims, the
//! filter both sides apply, and a record of timings for the ratio report.
//!
//! Every bench binary includes this module and uses part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use claimgraph::generate::{GenEdge, Generated, GeneratorConfig, Topology};
use claimgraph::model::{Direction, RelationKind, ValidTime};
use claimgraph::query::{Filter, Walk};
use claimgraph::{ActorId, ClaimGraph, Snapshot};
use criterion::{Bencher, BenchmarkGroup, SamplingMode, measurement::WallTime};
use petgraph::Directed;
use petgraph::csr::Csr;

/// Claims per actor in every tier (the 16).
pub const CLAIMS_PER_ACTOR: usize = 16;
/// The generator's seed: the same graph in every run and every binary.
pub const SEED: u64 = 0x00c1_a1a9;
/// Samples per benchmark: criterion's minimum, since one iteration of the large
/// tiers takes up to seconds.
pub const SAMPLES: usize = 10;

/// Whether this run measures (`cargo bench` passes `--bench`). Without it the binary
/// runs as a test (`cargo test --benches`): only the smallest tier, once.
pub fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Whether `CLAIMGRAPH_BENCH_LARGE=1` asks for the large tiers.
pub fn large() -> bool {
    std::env::var("CLAIMGRAPH_BENCH_LARGE").is_ok_and(|v| v == "1")
}

/// The tiers (log2 of the actor count) to run: `default` always when benchmarking,
/// `large_only` in addition with `CLAIMGRAPH_BENCH_LARGE=1`, and only 2^14 when the
/// binary runs as a test. `CLAIMGRAPH_BENCH_TIERS=14,18` overrides all of it.
pub fn tiers(default: &[u32], large_only: &[u32]) -> Vec<u32> {
    if let Ok(list) = std::env::var("CLAIMGRAPH_BENCH_TIERS") {
        return list
            .split(',')
            .filter_map(|t| t.trim().parse().ok())
            .collect();
    }
    if !benchmarking() {
        return vec![14];
    }
    let mut tiers = default.to_vec();
    if large() {
        tiers.extend_from_slice(large_only);
    }
    tiers
}

/// The label of a tier in benchmark ids: `2^18`.
pub fn tier_label(log2: u32) -> String {
    format!("2^{log2}")
}

/// Sets the settings every group uses: few samples, flat sampling (iterations are
/// long), and a measurement time that grows with the tier.
pub fn configure(group: &mut BenchmarkGroup<'_, WallTime>, log2: u32) {
    group.sample_size(SAMPLES);
    group.sampling_mode(SamplingMode::Flat);
    let seconds = match log2 {
        0..=15 => 2,
        16..=18 => 4,
        _ => 8,
    };
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(seconds));
}

/// Prints how long a setup step took (setups of the large tiers take minutes).
pub fn step<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    eprintln!("  setup: {what} in {:.2?}", start.elapsed());
    value
}

// ---------------------------------------------------------------------------------------
// The graph
// ---------------------------------------------------------------------------------------

/// The generated graph of a tier: R-MAT with the Graph500 parameters.
pub fn generate(log2: u32) -> Generated {
    GeneratorConfig::new(1 << log2, CLAIMS_PER_ACTOR)
        .topology(Topology::GRAPH500)
        .seed(SEED)
        .generate()
}

/// The store holding every actor (topology actors first, so that topology actor `i`
/// is node `i`) and every claim, inserted one by one in edge order.
pub fn store_of(generated: &Generated) -> ClaimGraph {
    let mut graph = actors_only(generated);
    for claim in generated.claims() {
        graph.add_claim(claim).expect("generated claims are valid");
    }
    assert_eq!(graph.claim_count(), generated.edges().len());
    graph
}

/// A store holding every actor of `generated` and no claim.
pub fn actors_only(generated: &Generated) -> ClaimGraph {
    let mut graph = ClaimGraph::new();
    for actor in generated.actors() {
        graph.add_actor(actor).expect("generated actors are valid");
    }
    graph
}

/// The claimgraph id of topology actor `i`, checked to be node `i` (the baselines
/// use topology ids as node indices).
pub fn actor(snapshot: &Snapshot, generated: &Generated, i: u32) -> ActorId {
    let id = snapshot
        .actor_id(generated.actor_key(i).as_str())
        .expect("every topology actor is in the graph");
    assert_eq!(id.index(), i as usize, "topology actor {i} is node {i}");
    id
}

/// The start of the single-source benches: the topology actor with the most claims
/// as subject (the lowest id among equals), so that searches reach far.
pub fn hub(generated: &Generated) -> u32 {
    let mut out = vec![0u32; generated.actor_count()];
    for e in generated.edges() {
        out[e.source as usize] += 1;
    }
    (0..out.len() as u32)
        .max_by_key(|&i| (out[i as usize], std::cmp::Reverse(i)))
        .expect("a tier has actors")
}

/// 1,000 fixed topology actors spread over the id range (a multiplicative hash of
/// `0..1000`), for the latency benches.
pub fn spread_sources(generated: &Generated, count: usize) -> Vec<u32> {
    let n = generated.actor_count() as u64;
    (0..count as u64)
        .map(|i| ((i.wrapping_mul(0x9e37_79b1) ^ (i >> 3)) % n) as u32)
        .collect()
}

// ---------------------------------------------------------------------------------------
// The filters, stated once for both sides
// ---------------------------------------------------------------------------------------

/// Unfiltered: every claim (both polarities), from subject to object, symmetric
/// relations both ways. This is the directed graph the petgraph baselines hold.
pub fn unfiltered() -> Filter {
    Filter::new().polarity(None).walk(Walk::Forward)
}

/// Minimum confidence of the filtered benches.
pub const MIN_CONFIDENCE: f64 = 0.3;

/// Relation kinds of the filtered benches: meetings, cooperation, exchanges and
/// structural ties (not comments, criticism or the catch-all `associated`).
pub const RELATIONS: [RelationKind; 17] = [
    RelationKind::MetWith,
    RelationKind::Visited,
    RelationKind::Negotiates,
    RelationKind::PledgedCooperation,
    RelationKind::Cooperates,
    RelationKind::SignedAgreement,
    RelationKind::AlliedWith,
    RelationKind::SuppliesArms,
    RelationKind::Trades,
    RelationKind::Pays,
    RelationKind::Supports,
    RelationKind::MemberOf,
    RelationKind::PartOf,
    RelationKind::Leads,
    RelationKind::EmployedBy,
    RelationKind::Owns,
    RelationKind::Represents,
];

/// The valid time the filtered benches ask about.
pub fn window() -> ValidTime {
    "2010/2025".parse().expect("a valid interval")
}

/// Confidence at least 0.3, one of [`RELATIONS`], valid at some time in 2010-2025;
/// both polarities, walked forward.
pub fn filtered() -> Filter {
    unfiltered()
        .min_confidence(MIN_CONFIDENCE)
        .relations(RELATIONS)
        .valid_during(window())
}

/// The filter fields of one claim, as the petgraph baselines store them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClaimFields {
    pub confidence: f64,
    pub first_day: i32,
    pub last_day: i32,
    pub kind: u8,
}

impl ClaimFields {
    fn of(e: &GenEdge) -> Self {
        ClaimFields {
            confidence: e.confidence,
            first_day: e.first_day,
            last_day: e.last_day,
            kind: e.relation.index(),
        }
    }
}

/// [`filtered`] as a predicate on [`ClaimFields`], for petgraph's `EdgeFiltered`.
#[derive(Debug, Clone, Copy)]
pub struct Predicate {
    min_confidence: f64,
    kinds: u64,
    first_day: i32,
    last_day: i32,
}

impl Predicate {
    pub fn new() -> Self {
        let window = window();
        Predicate {
            min_confidence: MIN_CONFIDENCE,
            kinds: RELATIONS.iter().fold(0, |m, k| m | 1 << k.index()),
            first_day: window.first_day(),
            last_day: window.last_day(),
        }
    }

    #[inline]
    pub fn admits(&self, c: &ClaimFields) -> bool {
        c.confidence >= self.min_confidence
            && self.kinds & (1 << c.kind) != 0
            && c.last_day >= self.first_day
            && c.first_day <= self.last_day
    }
}

// ---------------------------------------------------------------------------------------
// petgraph baselines
// ---------------------------------------------------------------------------------------

/// One arc of the walked graph: a claim from subject to object, and its reverse when
/// the relation is symmetric (what `Walk::Forward` crosses).
#[derive(Debug, Clone, Copy)]
pub struct Arc {
    pub source: u32,
    pub target: u32,
    pub fields: ClaimFields,
}

/// Every arc of the walked graph, sorted by (source, target); parallel arcs (several
/// claims between two actors) are kept.
pub fn walk_arcs(generated: &Generated) -> Vec<Arc> {
    let mut arcs = Vec::with_capacity(generated.edges().len() * 3 / 2);
    for e in generated.edges() {
        let fields = ClaimFields::of(e);
        arcs.push(Arc {
            source: e.source,
            target: e.target,
            fields,
        });
        if e.relation.direction() == Direction::Symmetric {
            arcs.push(Arc {
                source: e.target,
                target: e.source,
                fields,
            });
        }
    }
    arcs.sort_unstable_by_key(|a| (a.source, a.target));
    arcs
}

/// Gives `csr` `nodes` nodes (the snapshot's node count: the baselines' visit maps
/// are then as large as claimgraph's).
fn pad<E>(csr: &mut Csr<(), E, Directed, u32>, nodes: usize) {
    while csr.node_count() < nodes {
        csr.add_node(());
    }
}

/// The unweighted CSR of the walked graph (parallel arcs merged: a `Csr` rejects
/// them).
pub type PlainCsr = Csr<(), (), Directed, u32>;

pub fn plain_csr(arcs: &[Arc], nodes: usize) -> PlainCsr {
    let mut pairs: Vec<(u32, u32)> = arcs.iter().map(|a| (a.source, a.target)).collect();
    pairs.dedup();
    let mut csr = Csr::from_sorted_edges(&pairs).expect("sorted, deduplicated");
    pad(&mut csr, nodes);
    csr
}

/// A CSR arc carrying the filter fields of its first claim inline and the run of its
/// parallel claims (if any) in a side array: 24 bytes, like the snapshot's entries.
#[derive(Debug, Clone, Copy, Default)]
pub struct FilteredArc {
    pub confidence: f64,
    pub first_day: i32,
    pub last_day: i32,
    pub more_start: u32,
    pub kind: u8,
    pub more_len: u16,
}

impl FilteredArc {
    #[inline]
    pub fn first(&self) -> ClaimFields {
        ClaimFields {
            confidence: self.confidence,
            first_day: self.first_day,
            last_day: self.last_day,
            kind: self.kind,
        }
    }

    #[inline]
    pub fn more<'a>(&self, side: &'a [ClaimFields]) -> &'a [ClaimFields] {
        let start = self.more_start as usize;
        &side[start..start + usize::from(self.more_len)]
    }

    /// Whether any of the arc's claims passes `p`.
    #[inline]
    pub fn admitted(&self, p: &Predicate, side: &[ClaimFields]) -> bool {
        p.admits(&self.first()) || self.more(side).iter().any(|c| p.admits(c))
    }
}

pub type FilteredCsr = Csr<(), FilteredArc, Directed, u32>;

/// The CSR of the walked graph with every claim's filter fields: one arc per actor
/// pair, the pair's further claims in the returned side array.
pub fn filtered_csr(arcs: &[Arc], nodes: usize) -> (FilteredCsr, Vec<ClaimFields>) {
    let mut side = Vec::new();
    let mut edges: Vec<(u32, u32, FilteredArc)> = Vec::with_capacity(arcs.len());
    for run in arcs.chunk_by(|a, b| (a.source, a.target) == (b.source, b.target)) {
        let f = run[0].fields;
        let more_start = u32::try_from(side.len()).expect("side array fits u32");
        side.extend(run[1..].iter().map(|a| a.fields));
        edges.push((
            run[0].source,
            run[0].target,
            FilteredArc {
                confidence: f.confidence,
                first_day: f.first_day,
                last_day: f.last_day,
                more_start,
                kind: f.kind,
                more_len: u16::try_from(run.len() - 1).expect("fewer than 65,536 parallel claims"),
            },
        ));
    }
    let mut csr = Csr::from_sorted_edges(&edges).expect("sorted, deduplicated");
    pad(&mut csr, nodes);
    (csr, side)
}

/// The CSR of the walked graph weighted by `-ln c`, the least cost among parallel
/// arcs (the most credible of parallel claims), for petgraph's Dijkstra.
pub type CostCsr = Csr<(), f64, Directed, u32>;

pub fn cost_csr(arcs: &[Arc], nodes: usize) -> CostCsr {
    let mut edges: Vec<(u32, u32, f64)> = Vec::with_capacity(arcs.len());
    for a in arcs {
        let cost = -a.fields.confidence.ln();
        match edges.last_mut() {
            Some(last) if (last.0, last.1) == (a.source, a.target) => last.2 = last.2.min(cost),
            _ => edges.push((a.source, a.target, cost)),
        }
    }
    let mut csr = Csr::from_sorted_edges(&edges).expect("sorted, deduplicated");
    pad(&mut csr, nodes);
    csr
}

/// How many arcs (with multiplicity) leave the nodes in `reached`: the edges a
/// search that expands every reached node scans.
pub fn arcs_leaving(arcs: &[Arc], reached: &[bool]) -> u64 {
    arcs.iter().filter(|a| reached[a.source as usize]).count() as u64
}

/// How many distinct (source, target) pairs leave the nodes in `reached`: the edges
/// the deduplicated petgraph `Csr` baselines scan for the same search.
pub fn pairs_leaving(arcs: &[Arc], reached: &[bool]) -> u64 {
    arcs.chunk_by(|a, b| (a.source, a.target) == (b.source, b.target))
        .filter(|run| reached[run[0].source as usize])
        .count() as u64
}

// ---------------------------------------------------------------------------------------
// Timings and ratios
// ---------------------------------------------------------------------------------------

/// Per-iteration times (ns) of every routine call, by benchmark id.
static TIMES: Mutex<BTreeMap<String, Vec<f64>>> = Mutex::new(BTreeMap::new());

fn record(id: &str, total: Duration, iters: u64) {
    let per_iter = total.as_secs_f64() * 1e9 / iters.max(1) as f64;
    TIMES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(id.to_owned())
        .or_default()
        .push(per_iter);
}

/// Times `routine` as criterion asks, and records the per-iteration time under `id`
/// (the full benchmark id, `group/function/tier`) for the ratio report. What the
/// routine returns is dropped inside the timed loop: return something cheap to drop
/// (a count, or a result the operation would hand to its caller anyway).
pub fn timed<R>(b: &mut Bencher<'_>, id: &str, mut routine: impl FnMut() -> R) {
    let fastest = fastest_mode();
    b.iter_custom(|iters| {
        if fastest {
            // Each call timed alone; the sample stands for its fastest call.
            let (mut total, mut best) = (Duration::ZERO, Duration::MAX);
            for _ in 0..iters {
                let start = Instant::now();
                std::hint::black_box(routine());
                let took = start.elapsed();
                total += took;
                best = best.min(took);
            }
            record(id, best * iters.max(1) as u32, iters);
            return total;
        }
        let start = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(routine());
        }
        let total = start.elapsed();
        record(id, total, iters);
        total
    });
}

/// Like [`timed`], with an untimed `setup` before each iteration whose value the
/// timed `routine` consumes (and whose result is dropped untimed).
pub fn timed_with_setup<S, R>(
    b: &mut Bencher<'_>,
    id: &str,
    mut setup: impl FnMut() -> S,
    mut routine: impl FnMut(S) -> R,
) {
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let input = setup();
            let start = Instant::now();
            let out = std::hint::black_box(routine(input));
            total += start.elapsed();
            drop(out);
        }
        record(id, total, iters);
        total
    });
}

/// Whether `CLAIMGRAPH_BENCH_FASTEST=1` asks for the fastest call instead of the
/// median sample: on a machine other work shares, other processes only ever add
/// time, so the fastest call of each routine is the steadier figure to compare.
/// Applies to [`timed`] routines; the report says which statistic it printed.
pub fn fastest_mode() -> bool {
    std::env::var("CLAIMGRAPH_BENCH_FASTEST").is_ok_and(|v| v == "1")
}

/// The median per-iteration time (ns) of `id` over its last [`SAMPLES`] calls: the
/// measurement samples (criterion's warm-up calls come first). Under
/// [`fastest_mode`], the fastest of those samples, each its fastest call.
pub fn median_ns(id: &str) -> Option<f64> {
    let times = TIMES.lock().unwrap_or_else(|e| e.into_inner());
    let all = times.get(id)?;
    let mut last: Vec<f64> = all[all.len().saturating_sub(SAMPLES)..].to_vec();
    last.sort_by(f64::total_cmp);
    if fastest_mode() {
        return last.first().copied();
    }
    let n = last.len();
    Some(if n % 2 == 1 {
        last[n / 2]
    } else {
        (last[n / 2 - 1] + last[n / 2]) / 2.0
    })
}

/// A human duration for the report.
pub fn human(ns: f64) -> String {
    match ns {
        x if x >= 1e9 => format!("{:.3} s", x / 1e9),
        x if x >= 1e6 => format!("{:.3} ms", x / 1e6),
        x if x >= 1e3 => format!("{:.3} µs", x / 1e3),
        x => format!("{x:.1} ns"),
    }
}

/// One line of the ratio report: `ours / baseline` as a time ratio, with the target
/// bound on that ratio (`None`: reported only).
pub fn report_ratio(label: &str, ours: &str, baseline: &str, max_ratio: Option<f64>) {
    let (Some(o), Some(b)) = (median_ns(ours), median_ns(baseline)) else {
        return;
    };
    let ratio = o / b;
    let verdict = match max_ratio {
        Some(max) if ratio <= max => format!("target <= {max:.2}: MET"),
        Some(max) => format!("target <= {max:.2}: NOT MET"),
        None => "no target".to_owned(),
    };
    let speed = if ratio <= 100.0 {
        format!("{:.2}x speed", 1.0 / ratio)
    } else {
        format!("1/{ratio:.0} the speed")
    };
    println!(
        "ratio  {label}: {} / {} = {ratio:.3} time ({speed})  [{verdict}]",
        human(o),
        human(b),
    );
}

/// One line of the report for an absolute bound on a per-unit time.
pub fn report_absolute(label: &str, id: &str, divisor: f64, max_ns: Option<f64>) {
    let Some(t) = median_ns(id) else {
        return;
    };
    let per = t / divisor;
    let verdict = match max_ns {
        Some(max) if per <= max => format!("target <= {}: MET", human(max)),
        Some(max) => format!("target <= {}: NOT MET", human(max)),
        None => "no target".to_owned(),
    };
    println!("value  {label}: {}  [{verdict}]", human(per));
}

/// The heading of the report printed after criterion's own output.
pub fn report_heading(binary: &str) {
    println!();
    let statistic = if fastest_mode() {
        "fastest calls (CLAIMGRAPH_BENCH_FASTEST=1)"
    } else {
        "medians of the measurement samples"
    };
    println!("== {binary}: {statistic}, ratios against the baseline of the same run ==");
}
