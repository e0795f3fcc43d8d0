//! Measures the Parquet export on a generated graph: time, throughput, size on disk
//! and the memory the export adds on top of the store.
//!
//! ```text
//! cargo run --release --features parquet --example parquet_export -- [LOG2_ACTORS] [FILES] [OUT_DIR]
//! ```
//!
//! Defaults: 2^20 actors (R-MAT, 16 claims per actor, the benches' seed), 4 files per
//! table, a directory under the system's temporary directory (removed afterwards).
//! Memory is read from `/proc/self/status` (Linux): the peak resident set is reset
//! after the store is built, so the figure printed is what the export itself added.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use claimgraph::ClaimGraph;
use claimgraph::generate::{GeneratorConfig, Topology};
use claimgraph::io::parquet::{self, ParquetOptions};

/// A field of /proc/self/status in kB (VmRSS, VmHWM).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
}

fn size_of(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            size_of(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let log2: u32 = args.first().map_or(Ok(20), |a| a.parse())?;
    let files: usize = args.get(1).map_or(Ok(4), |a| a.parse())?;
    let (out, temporary) = match args.get(2) {
        Some(dir) => (PathBuf::from(dir), false),
        None => (
            std::env::temp_dir().join(format!("claimgraph-parquet-export-{}", std::process::id())),
            true,
        ),
    };

    let started = Instant::now();
    let generated = GeneratorConfig::new(1 << log2, 16)
        .topology(Topology::GRAPH500)
        .seed(0x00c1_a1a9)
        .generate();
    let mut graph = ClaimGraph::new();
    for actor in generated.actors() {
        graph.add_actor(actor)?;
    }
    for claim in generated.claims() {
        graph.add_claim(claim)?;
    }
    drop(generated);
    let build = started.elapsed();
    let rss_before = status_kb("VmRSS").unwrap_or(0);
    // Resets the peak resident set (VmHWM) to the current one (Linux >= 4.0).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();

    let started = Instant::now();
    let options = ParquetOptions::new().files(files);
    let written = parquet::export(&graph, &out, &options)?;
    let export = started.elapsed().as_secs_f64();
    let peak = status_kb("VmHWM").unwrap_or(0);
    let bytes = size_of(&out)?;

    let rows = written.actors + written.claims + written.attributions;
    println!(
        "graph: 2^{log2} actors = {}, {} claims, {} attributions (built in {build:.1?})",
        written.actors, written.claims, written.attributions
    );
    println!(
        "export: {files} files per table, row groups of {} rows: {export:.2} s, {:.0} claims/s, {:.0} rows/s, {:.1} MB/s written",
        options.get_row_group_rows(),
        written.claims as f64 / export,
        rows as f64 / export,
        bytes as f64 / 1e6 / export
    );
    println!(
        "size on disk: {:.1} MB ({:.1} bytes per claim with its evidence)",
        bytes as f64 / 1e6,
        bytes as f64 / written.claims.max(1) as f64
    );
    if reset {
        println!(
            "memory: store resident {:.0} MB; peak during export {:.0} MB, i.e. {:.1} MB added by the export",
            rss_before as f64 / 1024.0,
            peak as f64 / 1024.0,
            peak.saturating_sub(rss_before) as f64 / 1024.0
        );
    } else {
        println!(
            "memory: peak resident set {:.0} MB (could not reset the peak after building)",
            peak as f64 / 1024.0
        );
    }
    if temporary {
        std::fs::remove_dir_all(&out)?;
    }
    Ok(())
}
