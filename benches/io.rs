//! Loading JSON Lines: `Importer` (parse and insert into a store) against parsing the
//! same lines alone with serde_json, in MB/s of the file.
//!
//! ```sh
//! cargo bench --bench io                             # 2^14 actors x 16 claims
//! CLAIMGRAPH_BENCH_LARGE=1 cargo bench --bench io    # and 2^18 (a 1.7 GB file in memory)
//! ```
//!
//! The file is the store's own export of the generated graph (every actor, then every
//! claim with its evidence), made once, outside the timing.

mod common;

use claimgraph::ClaimGraph;
use claimgraph::io::{Exporter, Format, Importer, Record};
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

/// Loading the binary store file (`ClaimGraph::from_binary`, the bytes of
/// `ClaimGraph::save`, checksums and all) against the JSON Lines importer on the same
/// graph, both from memory. Returns the two files' sizes in MB and the claim count.
fn binary_load(c: &mut Criterion, log2: u32) -> (f64, f64, usize) {
    let label = tier_label(log2);
    let generated = step("generate", || generate(log2));
    let store = step("store", || store_of(&generated));
    drop(generated);
    let claims = store.claim_count();
    let binary = step("save binary", || store.to_binary().expect("writes"));
    let jsonl = step("export JSON Lines", || {
        let mut out = Vec::new();
        Exporter::from_format(Format::JsonLines)
            .export(&store, &mut out)
            .expect("export to memory");
        out
    });
    drop(store);
    eprintln!(
        "  io/binary_load {label}: binary {:.1} MB, JSON Lines {:.1} MB",
        binary.len() as f64 / 1e6,
        jsonl.len() as f64 / 1e6
    );

    let mut group = c.benchmark_group("io/binary_load");
    configure(&mut group, log2);
    group.throughput(Throughput::Elements(claims as u64));
    let id = format!("io/binary_load/binary/{label}");
    group.bench_function(BenchmarkId::new("binary", &label), |b| {
        // The graph is dropped untimed, as the importer's is.
        timed_with_setup(
            b,
            &id,
            || (),
            |()| {
                let g = ClaimGraph::from_binary(&binary).expect("the file loads");
                assert_eq!(g.claim_count(), claims);
                g
            },
        )
    });
    let id = format!("io/binary_load/jsonl_importer/{label}");
    group.bench_function(BenchmarkId::new("jsonl_importer", &label), |b| {
        timed_with_setup(b, &id, ClaimGraph::new, |mut g| {
            Importer::from_format(Format::JsonLines)
                .import(&jsonl[..], &mut g)
                .expect("the export loads");
            assert_eq!(g.claim_count(), claims);
            g
        })
    });
    group.finish();
    (binary.len() as f64 / 1e6, jsonl.len() as f64 / 1e6, claims)
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let tiers: Vec<u32> = tiers(&[14], &[18]);
    let mut sizes = Vec::new();
    for &log2 in &tiers {
        eprintln!("io tier {}: setting up", tier_label(log2));
        sizes.push((log2, jsonl_load(&mut c, log2)));
    }
    let binary: Vec<(u32, (f64, f64, usize))> = tiers
        .iter()
        .map(|&log2| (log2, binary_load(&mut c, log2)))
        .collect();
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
    for (log2, (binary_mb, jsonl_mb, claims)) in binary {
        let t = tier_label(log2);
        let id = format!("io/binary_load/binary/{t}");
        if let Some(ns) = median_ns(&id) {
            println!(
                "value  io/binary_load {t}: binary: {:.2} M claims/s, {:.0} MB/s of a {binary_mb:.1} MB file (JSON Lines {jsonl_mb:.1} MB)  [target >= 1 M claims/s: {}]",
                claims as f64 / (ns / 1e9) / 1e6,
                binary_mb / (ns / 1e9),
                if claims as f64 / (ns / 1e9) >= 1e6 {
                    "MET"
                } else {
                    "NOT MET"
                }
            );
        }
        report_ratio(
            &format!("io/binary_load {t}: binary vs jsonl_importer"),
            &id,
            &format!("io/binary_load/jsonl_importer/{t}"),
            Some(1.0 / 20.0),
        );
    }
}
