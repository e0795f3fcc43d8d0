//! The Rust side of `benches/compare_networkx.py`: generates the benches' graph,
//! writes it as an edge list for networkx, times the snapshot's BFS, filtered BFS and
//! most credible tree, and prints the timings, reached counts and memory as JSON.
//!
//! ```sh
//! cargo run --release --example compare_networkx -- --actors-log2 14 --out /tmp/cg-nx
//! ```
//!
//! Files written in `--out`:
//! - `edges.txt`: one line per arc of the walked graph, `source target confidence
//!   kind first_day last_day` (the claim's subject, object, confidence, relation-kind
//!   index and valid days; a symmetric claim also gives the reverse line, since
//!   `Walk::Forward` crosses it both ways);
//! - `reached_bfs.txt`, `reached_bfs_filtered.txt`: the reached actors' node ids;
//! - `credible.txt`: `node confidence` for every actor the most credible tree reaches;
//! - `rust.json`: what is printed on stdout.
//!
//! Node ids are topology ids: actor `a{i}` is node `i` in both programs.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use claimgraph::generate::{GeneratorConfig, Topology};
use claimgraph::model::{Direction, RelationKind, ValidTime};
use claimgraph::query::{Filter, Walk};
use claimgraph::traverse::{bfs, most_credible_tree, reachable};
use claimgraph::{ClaimGraph, Snapshot};

/// Counts live bytes requested from the allocator.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; the counter is a plain atomic.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            LIVE.fetch_add(new_size, Relaxed);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The benches' seed (`benches/common/mod.rs`), so that both compare the same graph.
const SEED: u64 = 0x00c1_a1a9;
const CLAIMS_PER_ACTOR: usize = 16;
const MIN_CONFIDENCE: f64 = 0.3;
/// The benches' filtered relation kinds.
const RELATIONS: [RelationKind; 17] = [
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

struct Options {
    log2: u32,
    out: PathBuf,
    runs: usize,
    warmups: usize,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        log2: 18,
        out: std::env::temp_dir().join("claimgraph-networkx"),
        runs: 5,
        warmups: 2,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--actors-log2" => o.log2 = value()?.parse().map_err(|e| format!("{e}"))?,
            "--out" => o.out = PathBuf::from(value()?),
            "--runs" => o.runs = value()?.parse().map_err(|e| format!("{e}"))?,
            "--warmups" => o.warmups = value()?.parse().map_err(|e| format!("{e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.runs == 0 || o.log2 > 22 {
        return Err("--runs must be positive and --actors-log2 at most 22".into());
    }
    Ok(o)
}

/// The median wall time (seconds) of `runs` calls after `warmups` calls.
fn median_seconds<R>(warmups: usize, runs: usize, mut f: impl FnMut() -> R) -> f64 {
    for _ in 0..warmups {
        std::hint::black_box(f());
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    if runs % 2 == 1 {
        times[runs / 2]
    } else {
        (times[runs / 2 - 1] + times[runs / 2]) / 2.0
    }
}

fn write_lines(path: &PathBuf, lines: impl Iterator<Item = String>) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    for line in lines {
        writeln!(w, "{line}")?;
    }
    w.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = options()?;
    std::fs::create_dir_all(&o.out)?;
    let started = Instant::now();
    let generated = GeneratorConfig::new(1 << o.log2, CLAIMS_PER_ACTOR)
        .topology(Topology::GRAPH500)
        .seed(SEED)
        .generate();

    let before = LIVE.load(Relaxed);
    let mut store = ClaimGraph::new();
    for actor in generated.actors() {
        store.add_actor(actor)?;
    }
    for claim in generated.claims() {
        store.add_claim(claim)?;
    }
    let store_bytes = LIVE.load(Relaxed) - before;
    let before = LIVE.load(Relaxed);
    let snapshot = Snapshot::new(&store);
    let snapshot_bytes = LIVE.load(Relaxed) - before;
    let build_seconds = started.elapsed().as_secs_f64();

    // The edge list: every arc a forward walk may cross.
    let mut arcs = 0usize;
    {
        let mut w = BufWriter::new(std::fs::File::create(o.out.join("edges.txt"))?);
        let mut line = String::new();
        for e in generated.edges() {
            let mut put = |s: u32, t: u32| -> std::io::Result<()> {
                line.clear();
                let _ = writeln!(
                    line,
                    "{s} {t} {} {} {} {}",
                    e.confidence,
                    e.relation.index(),
                    e.first_day,
                    e.last_day
                );
                arcs += 1;
                w.write_all(line.as_bytes())
            };
            put(e.source, e.target)?;
            if e.relation.direction() == Direction::Symmetric {
                put(e.target, e.source)?;
            }
        }
        w.flush()?;
    }

    // The start: the actor that is subject of most claims (lowest id among equals).
    let mut out_degree = vec![0u32; generated.actor_count()];
    for e in generated.edges() {
        out_degree[e.source as usize] += 1;
    }
    let hub = (0..out_degree.len() as u32)
        .max_by_key(|&i| (out_degree[i as usize], std::cmp::Reverse(i)))
        .ok_or("no actors")?;
    let start = snapshot
        .actor_id(generated.actor_key(hub).as_str())
        .ok_or("hub missing")?;
    assert_eq!(start.index(), hub as usize, "actor a{hub} is node {hub}");

    let window: ValidTime = "2010/2025".parse()?;
    let unfiltered = Filter::new().polarity(None).walk(Walk::Forward);
    let filtered = unfiltered
        .clone()
        .min_confidence(MIN_CONFIDENCE)
        .relations(RELATIONS)
        .valid_during(window);

    let reached: Vec<usize> = bfs(&snapshot, start, &unfiltered)
        .map(|v| v.actor.index())
        .collect();
    let reached_filtered: Vec<usize> = bfs(&snapshot, start, &filtered)
        .map(|v| v.actor.index())
        .collect();
    let tree = most_credible_tree(&snapshot, start, &unfiltered);
    write_lines(
        &o.out.join("reached_bfs.txt"),
        reached.iter().map(|n| n.to_string()),
    )?;
    write_lines(
        &o.out.join("reached_bfs_filtered.txt"),
        reached_filtered.iter().map(|n| n.to_string()),
    )?;
    write_lines(
        &o.out.join("credible.txt"),
        tree.reached().map(|(a, c)| format!("{} {c}", a.index())),
    )?;

    let (w, r) = (o.warmups, o.runs);
    let t_bfs = median_seconds(w, r, || bfs(&snapshot, start, &unfiltered).count());
    // The same search without per-visit records (depth, parent, claim crossed).
    let t_reachable = median_seconds(w, r, || reachable(&snapshot, start, None, &unfiltered));
    let t_filtered = median_seconds(w, r, || bfs(&snapshot, start, &filtered).count());
    let t_credible = median_seconds(w, r, || most_credible_tree(&snapshot, start, &unfiltered));

    let kinds: Vec<String> = RELATIONS.iter().map(|k| k.index().to_string()).collect();
    let json = format!(
        concat!(
            "{{\"actors_log2\": {}, \"claims_per_actor\": {}, \"seed\": {}, ",
            "\"actors\": {}, \"node_count\": {}, \"claims\": {}, \"arcs\": {}, \"hub\": {}, ",
            "\"filter\": {{\"min_confidence\": {}, \"kinds\": [{}], \"first_day\": {}, \"last_day\": {}}}, ",
            "\"runs\": {}, \"warmups\": {}, ",
            "\"seconds\": {{\"bfs\": {:e}, \"bfs_reachable\": {:e}, \"bfs_filtered\": {:e}, \"most_credible_tree\": {:e}}}, ",
            "\"reached\": {{\"bfs\": {}, \"bfs_filtered\": {}, \"most_credible_tree\": {}}}, ",
            "\"bytes\": {{\"store\": {}, \"snapshot\": {}, \"snapshot_heap_bytes\": {}}}, ",
            "\"setup_seconds\": {:.1}}}"
        ),
        o.log2,
        CLAIMS_PER_ACTOR,
        SEED,
        generated.actor_count(),
        snapshot.actor_count(),
        snapshot.claim_count(),
        arcs,
        hub,
        MIN_CONFIDENCE,
        kinds.join(", "),
        window.first_day(),
        window.last_day(),
        r,
        w,
        t_bfs,
        t_reachable,
        t_filtered,
        t_credible,
        reached.len(),
        reached_filtered.len(),
        tree.len(),
        store_bytes,
        snapshot_bytes,
        snapshot.heap_bytes(),
        build_seconds,
    );
    std::fs::write(o.out.join("rust.json"), &json)?;
    println!("{json}");
    Ok(())
}
