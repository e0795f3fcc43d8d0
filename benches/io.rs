//! Loading JSON Lines: `Importer` (parse and insert into a store) against parsing the
//! same lines alone with serde_json, in MB/s of the file.
//!
//! Opening a snapshot file (`io/snapshot_open`): `Snapshot::open` (map, validate every
//! checksum and index) and a first query (a filtered `reachable` from the hub, found
//! by key), against loading the same graph from JSON Lines and taking a snapshot.
//!
//! ```sh
//! cargo bench --bench io                             # 2^14 actors x 16 claims
//! CLAIMGRAPH_BENCH_LARGE=1 cargo bench --bench io    # and 2^18 (a 1.7 GB file in memory)
//! cargo bench --bench io -- io/snapshot_open         # the snapshot file alone
//! ```
//!
//! The large run of `io/snapshot_open` adds 2^20 (16.7M claims: the store, its JSON
//! Lines and the snapshot file take about 30 GB at once).
//!
//! The file is the store's own export of the generated graph (every actor, then every
//! claim with its evidence), made once, outside the timing.

mod common;

use claimgraph::io::{Exporter, Format, Importer, Record};
use claimgraph::traverse::reachable;
use claimgraph::{ClaimGraph, Snapshot};
use common::*;
use criterion::{BenchmarkId, Criterion, Throughput};

/// Runs the group for one tier; returns the file's size in MB.
fn jsonl_load(c: &mut Criterion, log2: u32) -> f64 {
    let label = tier_label(log2);
    let generated = step("generate", || generate(log2));
    let store = step("store", || store_of(&generated));
    let claims = store.claim_count();
    let bytes = step("export JSON Lines", || {
        let mut out = Vec::new();
        Exporter::from_format(Format::JsonLines)
            .export(&store, &mut out)
            .expect("export to memory");
        out
    });
    drop(store);
    eprintln!(
        "  io/jsonl_load {label}: {:.1} MB, {:.0} bytes per claim line on average",
        bytes.len() as f64 / 1e6,
        bytes.len() as f64 / claims as f64
    );

    let mut group = c.benchmark_group("io/jsonl_load");
    configure(&mut group, log2);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    let id = format!("io/jsonl_load/serde_json_parse_only/{label}");
    group.bench_function(BenchmarkId::new("serde_json_parse_only", &label), |b| {
        timed(b, &id, || {
            bytes
                .split(|&b| b == b'\n')
                .filter(|line| !line.is_empty())
                .map(|line| serde_json::from_slice::<Record>(line).expect("valid line"))
                .filter(|record| matches!(record, Record::Claim(_)))
                .count()
        })
    });
    let id = format!("io/jsonl_load/importer/{label}");
    group.bench_function(BenchmarkId::new("importer", &label), |b| {
        timed_with_setup(b, &id, ClaimGraph::new, |mut g| {
            let report = Importer::from_format(Format::JsonLines)
                .import(&bytes[..], &mut g)
                .expect("the export loads");
            assert_eq!(report.claims_new, claims);
            g
        })
    });
    group.finish();

    bytes.len() as f64 / 1e6
}

/// Whether the command line's filter (criterion's first free argument, a regular
/// expression: its `|` alternatives are read) selects `group`, so that a run of
/// another group skips this one's set-up.
fn selects(group: &str) -> bool {
    match std::env::args().skip(1).find(|arg| !arg.starts_with('-')) {
        None => true,
        Some(filter) => filter
            .split('|')
            .any(|f| group.contains(f) || f.starts_with(group)),
    }
}

/// Runs `io/snapshot_open` for one tier; returns the snapshot file's size in MB.
fn snapshot_open(c: &mut Criterion, log2: u32) -> f64 {
    let label = tier_label(log2);
    let generated = step("generate", || generate(log2));
    let store = step("store", || store_of(&generated));
    let hub_key = generated.actor_key(hub(&generated));
    let bytes = step("export JSON Lines", || {
        let mut out = Vec::new();
        Exporter::from_format(Format::JsonLines)
            .export(&store, &mut out)
            .expect("export to memory");
        out
    });
    let dir =
        std::env::temp_dir().join(format!("claimgraph-bench-snapshot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(format!("{label}.cgs"));
    step("save the snapshot file", || {
        Snapshot::save(&store, &path).expect("the snapshot saves")
    });
    let size = std::fs::metadata(&path).expect("saved").len();
    drop(store);
    let filter = filtered();
    let first_query = |snap: &Snapshot| {
        let hub = snap
            .actor_id(hub_key.as_str())
            .expect("the hub is in the graph");
        reachable(snap, hub, None, &filter).len()
    };

    let mut group = c.benchmark_group("io/snapshot_open");
    configure(&mut group, log2);
    group.throughput(Throughput::Bytes(size));
    let id = format!("io/snapshot_open/jsonl_load_and_snapshot/{label}");
    group.bench_function(BenchmarkId::new("jsonl_load_and_snapshot", &label), |b| {
        timed_with_setup(
            b,
            &id,
            || (),
            |()| {
                let mut g = ClaimGraph::new();
                Importer::from_format(Format::JsonLines)
                    .import(&bytes[..], &mut g)
                    .expect("the export loads");
                let snap = Snapshot::new(&g);
                let reached = first_query(&snap);
                (g, snap, reached)
            },
        )
    });
    let id = format!("io/snapshot_open/open_and_first_query/{label}");
    group.bench_function(BenchmarkId::new("open_and_first_query", &label), |b| {
        timed_with_setup(
            b,
            &id,
            || (),
            |()| {
                let snap = Snapshot::open(&path).expect("the file opens");
                let reached = first_query(&snap);
                (snap, reached)
            },
        )
    });
    group.finish();
    std::fs::remove_dir_all(&dir).expect("the temporary directory");
    size as f64 / 1e6
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let tiers: Vec<u32> = tiers(&[14], &[18]);
    let mut sizes = Vec::new();
    for &log2 in &tiers {
        eprintln!("io tier {}: setting up", tier_label(log2));
        sizes.push((log2, jsonl_load(&mut c, log2)));
    }
    let snapshot_tiers: Vec<u32> = common::tiers(&[14], &[18, 20]);
    let mut snapshot_sizes = Vec::new();
    for &log2 in &snapshot_tiers {
        if selects("io/snapshot_open") {
            eprintln!("io/snapshot_open tier {}: setting up", tier_label(log2));
            snapshot_sizes.push((log2, snapshot_open(&mut c, log2)));
        }
    }
    c.final_summary();
    report_heading("io");
    for (log2, mb) in sizes {
        let t = tier_label(log2);
        for function in ["serde_json_parse_only", "importer"] {
            if let Some(ns) = median_ns(&format!("io/jsonl_load/{function}/{t}")) {
                println!(
                    "value  io/jsonl_load {t}: {function}: {:.1} MB/s of a {mb:.1} MB file",
                    mb / (ns / 1e9)
                );
            }
        }
        report_ratio(
            &format!("io/jsonl_load {t}: importer vs serde_json_parse_only"),
            &format!("io/jsonl_load/importer/{t}"),
            &format!("io/jsonl_load/serde_json_parse_only/{t}"),
            None,
        );
    }
    for (log2, mb) in snapshot_sizes {
        let t = tier_label(log2);
        report_ratio(
            &format!(
                "io/snapshot_open {t}: open_and_first_query vs jsonl_load_and_snapshot ({mb:.1} MB file)"
            ),
            &format!("io/snapshot_open/open_and_first_query/{t}"),
            &format!("io/snapshot_open/jsonl_load_and_snapshot/{t}"),
            None,
        );
        report_absolute(
            &format!("io/snapshot_open {t}: Snapshot::open + first query"),
            &format!("io/snapshot_open/open_and_first_query/{t}"),
            1.0,
            (log2 == 20).then_some(2e9),
        );
    }
}
