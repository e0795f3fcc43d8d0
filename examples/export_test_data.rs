//! Exports every test data set for the real-client check (`tests/clients/check_exports.py`).
//!
//! ```text
//! cargo run --example export_test_data -- target/exports
//! ```
//!
//! For each data set (the seed, ICEWS, GDELT, Bitcoin-OTC, FollowTheMoney) it writes
//! into the folder given (default `target/exports`):
//!
//! - `<name>.graphml` (claims view) and `<name>.provenance.graphml`;
//! - `<name>.dot` when the graph is within the DOT size guard, else nothing (the
//!   refusal is printed);
//! - `<name>.json`, the JSON document, for the sets of at most 5,000 claims;
//! - `<name>.ijson`, the FollowTheMoney export, for the FollowTheMoney sets (the
//!   donations and the sanctions fixture), which the script loads with the
//!   `followthemoney` package;
//! - `<name>.figures.json`: the library's own figures that the script compares the
//!   clients' readings with: actors, claims, attributions, source edges of the
//!   provenance view, `sanctions` claims, and a few claims in full (id, ends,
//!   relation, confidence, origins, symmetric).
//!
//! Every file is saved through `Exporter::export_files` or `write_atomically`.

use std::error::Error;
use std::path::{Path, PathBuf};

use claimgraph::ClaimGraph;
use claimgraph::io::{Exporter, Format, Importer, IoError, View, write_atomically};

/// (name, format, path under `tests/data`).
const DATA_SETS: [(&str, Format, &str); 6] = [
    ("seed", Format::JsonLines, "iran_bolivia.jsonl"),
    ("icews", Format::Icews, "icews05-15/test.tsv"),
    (
        "gdelt",
        Format::GdeltEvents,
        "gdelt1/events-us-china-2018.csv",
    ),
    (
        "bitcoin_otc",
        Format::BitcoinOtc,
        "bitcoin-otc/soc-sign-bitcoinotc.csv",
    ),
    ("ftm", Format::FollowTheMoney, "ftm/donations.ijson"),
    (
        "ftm_sanctions",
        Format::FollowTheMoney,
        "ftm/sanctions.ijson",
    ),
];

/// The claims whose values the script checks: the first three, the middle one and
/// the last.
fn sample_ids(graph: &ClaimGraph) -> Vec<claimgraph::ClaimId> {
    let ids: Vec<_> = graph.claim_ids().collect();
    let mut picks: Vec<usize> = vec![0, 1, 2, ids.len() / 2, ids.len().saturating_sub(1)];
    picks.retain(|&i| i < ids.len());
    picks.dedup();
    picks.into_iter().map(|i| ids[i]).collect()
}

fn figures(graph: &ClaimGraph) -> serde_json::Value {
    let mut attributions = 0;
    let mut source_edges = 0;
    for claim in graph.claims() {
        for a in claim.evidence() {
            attributions += 1;
            source_edges += usize::from(a.claimant().is_some())
                + usize::from(a.outlet().is_some())
                + a.relays().count();
        }
    }
    let samples: Vec<serde_json::Value> = sample_ids(graph)
        .into_iter()
        .filter_map(|id| {
            let claim = graph.claim(id)?.to_claim();
            Some(serde_json::json!({
                "claim_id": id.index(),
                "subject": claim.subject.as_str(),
                "object": claim.object.as_str(),
                "relation": claim.relation.to_string(),
                "confidence": graph.confidence(id)?,
                "origins": graph.origins(id)?,
                "symmetric": claim.relation.is_symmetric(),
            }))
        })
        .collect();
    serde_json::json!({
        "actors": graph.actor_count(),
        "claims": graph.claim_count(),
        "attributions": attributions,
        "source_edges": source_edges,
        "sanctions": graph
            .claims()
            .filter(|c| c.relation().kind() == claimgraph::model::RelationKind::Sanctions)
            .count(),
        "samples": samples,
    })
}

fn export(name: &str, graph: &ClaimGraph, out: &Path) -> Result<(), Box<dyn Error>> {
    let claims_view = Exporter::from_format(Format::GraphMl);
    let provenance = Exporter::from_format(Format::GraphMl).view(View::Provenance);
    for (exporter, file) in [
        (claims_view, format!("{name}.graphml")),
        (provenance, format!("{name}.provenance.graphml")),
    ] {
        let report = write_atomically(&out.join(&file), |w| exporter.export(graph, w))?;
        println!("{file}: {report}");
    }
    let dot = out.join(format!("{name}.dot"));
    match write_atomically(&dot, |w| {
        Exporter::from_format(Format::Dot).export(graph, w)
    }) {
        Ok(report) => println!("{name}.dot: {report}"),
        Err(e @ IoError::TooLarge { .. }) => println!("{name}.dot: not written: {e}"),
        Err(e) => return Err(e.into()),
    }
    // The JSON document of the smaller sets, which the script validates against the
    // committed schema (the larger ones only take longer to validate).
    if graph.claim_count() <= Exporter::DEFAULT_DOT_MAX_CLAIMS {
        let path = out.join(format!("{name}.json"));
        write_atomically(&path, |w| {
            Exporter::from_format(Format::Json).export(graph, w)
        })?;
    }
    let text = serde_json::to_string_pretty(&figures(graph))?;
    write_atomically(&out.join(format!("{name}.figures.json")), |w| {
        Ok(std::io::Write::write_all(w, text.as_bytes())?)
    })?;
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/exports"), PathBuf::from);
    std::fs::create_dir_all(&out)?;
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    for (name, format, path) in DATA_SETS {
        let bytes = std::fs::read(data.join(path))?;
        let mut graph = ClaimGraph::new();
        // Real data sets have rows the importers skip with a reason; the figures are
        // of what was imported, which is what the exports must hold.
        let report = Importer::from_format(format)
            .skip_invalid(true)
            .import(&bytes[..], &mut graph)?;
        println!("{name}: {}", report.to_string().replace('\n', "; "));
        export(name, &graph, &out)?;
        if matches!(format, Format::FollowTheMoney) {
            let file = format!("{name}.ijson");
            let report = write_atomically(&out.join(&file), |w| {
                Exporter::from_format(Format::FollowTheMoney).export(&graph, w)
            })?;
            println!("{file}: {report}");
        }
    }
    Ok(())
}
