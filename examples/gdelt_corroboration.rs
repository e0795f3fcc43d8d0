//! Corroboration on GDELT 2.0: one 15-minute update's events, then its mentions (each
//! an article reporting an event), and which events many outlets report against those
//! only one outlet does.
//!
//! The data is `tests/data/gdelt2/` (the update of 2015-02-18 23:00 UTC, provenance in
//! its README). Run with `cargo run --example gdelt_corroboration`.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

use claimgraph::ClaimGraph;
use claimgraph::io::{Format, Importer};

/// One claim as printed: independent origins, confidence, text, outlets, GDELT ids.
type Row = (usize, f64, String, Vec<String>, Vec<String>);

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/gdelt2");
    let mut graph = ClaimGraph::new();
    for (format, file) in [
        (Format::GdeltEvents, "20150218230000.export.CSV"),
        (Format::GdeltMentions, "20150218230000.mentions.CSV"),
    ] {
        let bytes = std::fs::read(dir.join(file))?;
        let report = Importer::from_format(format).import(&bytes[..], &mut graph)?;
        println!("{file}: {report}");
    }

    // Each claim with its independent origins and the outlets behind its evidence.
    let mut claims: Vec<Row> = graph
        .claims()
        .map(|c| {
            let mut outlets: Vec<String> = c
                .to_claim()
                .evidence
                .iter()
                .filter_map(|a| a.outlet.as_ref().map(|k| k.as_str().to_owned()))
                .collect();
            outlets.sort();
            outlets.dedup();
            let ids = c.external_ids().map(str::to_owned).collect();
            let text = format!(
                "{} {} {}",
                c.subject_actor().name,
                c.relation(),
                c.object_actor().name
            );
            (c.origins(), c.confidence(), text, outlets, ids)
        })
        .collect();
    claims.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));

    println!("\nMost corroborated events (independent origins, confidence):");
    for (origins, confidence, text, outlets, ids) in claims.iter().take(10) {
        println!(
            "  {origins} origins, {confidence:.3}: {text} [{}]",
            ids.join(", ")
        );
        println!("      outlets: {}", outlets.join(", "));
    }

    let single: Vec<_> = claims.iter().filter(|c| c.0 == 1).collect();
    println!(
        "\nSingle-source events: {} of {} claims; the first ten:",
        single.len(),
        claims.len()
    );
    for (_, confidence, text, outlets, _) in single.iter().take(10) {
        println!("  {confidence:.3}: {text} ({})", outlets.join(", "));
    }

    // The outlets that alone carry single-source events.
    let mut alone: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, _, outlets, _) in &single {
        for outlet in outlets {
            *alone.entry(outlet.as_str()).or_default() += 1;
        }
    }
    let mut alone: Vec<_> = alone.into_iter().collect();
    alone.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("\nOutlets behind the single-source events (events each):");
    for (outlet, n) in alone.iter().take(10) {
        println!("  {n:>3}  {outlet}");
    }
    Ok(())
}
