//! Exports a data set as Parquet tables and writes the library's answers to the
//! queries that `scripts/spark/check.py` and `scripts/spark/duckdb_check.py` ask of
//! the same tables: filtered k-hop sets, per-claim independent origins and voices,
//! and confidence-weighted PageRank.
//!
//! ```text
//! cargo run --features parquet --example parquet_reference -- FORMAT INPUT OUT_DIR
//! ```
//!
//! FORMAT is `jsonl` (the seed), `icews` or `gdelt` (GDELT 1.0 events). OUT_DIR
//! receives `actors/`, `claims/`, `attributions/` and `reference.json`. Public API
//! only.

use std::collections::BTreeMap;
use std::error::Error;
use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use claimgraph::ClaimGraph;
use claimgraph::analysis::{PageRankOptions, degrees, pagerank_outcome};
use claimgraph::io::parquet::{self, ParquetOptions};
use claimgraph::io::{Format, Importer};
use claimgraph::model::{PartialDate, RelationKind, ValidTime};
use claimgraph::query::{Filter, Walk};
use claimgraph::traverse::k_hop;
use serde_json::{Value, json};

/// Start actors for the k-hop queries: the `n` actors of highest degree under
/// `filter`, ties by id.
fn hubs(graph: &ClaimGraph, filter: &Filter, n: usize) -> Vec<String> {
    let mut by_degree = degrees(graph, filter);
    by_degree.sort_by_key(|&(id, d)| (std::cmp::Reverse(d), id));
    by_degree
        .into_iter()
        .take(n)
        .map(|(id, _)| graph.actor(id).expect("listed actor").key.to_string())
        .collect()
}

/// The k-hop sets of every start under `filter`, as `{start: [[actor, hops], ...]}`.
fn khop_answers(graph: &ClaimGraph, starts: &[String], k: usize, filter: &Filter) -> Value {
    let mut out = serde_json::Map::new();
    for start in starts {
        let id = graph.actor_id(start).expect("start actor exists");
        let reached: Vec<Value> = k_hop(graph, id, k, filter)
            .into_iter()
            .map(|(a, hops)| json!([graph.actor(a).expect("reached actor").key.as_str(), hops]))
            .collect();
        out.insert(start.clone(), Value::Array(reached));
    }
    Value::Object(out)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [format, input, out] = args.as_slice() else {
        return Err("usage: parquet_reference FORMAT(jsonl|icews|gdelt) INPUT OUT_DIR".into());
    };
    let format = match format.as_str() {
        "jsonl" => Format::JsonLines,
        "icews" => Format::Icews,
        "gdelt" => Format::GdeltEvents,
        other => return Err(format!("unknown format `{other}`").into()),
    };
    let mut graph = ClaimGraph::new();
    let report = Importer::from_format(format)
        .skip_invalid(true)
        .import(BufReader::new(File::open(input)?), &mut graph)?;
    let out = PathBuf::from(out);
    // Two files per table, small row groups: the checks read partitioned tables.
    let written = parquet::export(
        &graph,
        &out,
        &ParquetOptions::new().files(2).row_group_rows(4096),
    )?;

    // k-hop: walking forward, so that only symmetric claims are walked both ways.
    let forward = Filter::new().walk(Walk::Forward);
    let starts = hubs(&graph, &forward, 3);
    // A stricter filter: confidence, the five most frequent relation kinds, and the
    // middle half of the claims' start days.
    let mut kinds: BTreeMap<RelationKind, usize> = BTreeMap::new();
    let mut days: Vec<i32> = Vec::new();
    for claim in graph.claims() {
        *kinds.entry(claim.relation_kind()).or_default() += 1;
        if let Some(start) = claim.valid().start() {
            days.push(start.first_day());
        }
    }
    let mut kinds: Vec<(RelationKind, usize)> = kinds.into_iter().collect();
    kinds.sort_by_key(|&(k, n)| (std::cmp::Reverse(n), k));
    let kinds: Vec<RelationKind> = kinds.into_iter().take(5).map(|(k, _)| k).collect();
    days.sort_unstable();
    let (first, last) = if days.is_empty() {
        (0, 0)
    } else {
        (days[days.len() / 4], days[days.len() * 3 / 4])
    };
    let during = ValidTime::between(
        PartialDate::from_day_number(first).ok(),
        PartialDate::from_day_number(last).ok(),
    )?;
    let min_confidence = 0.5;
    let strict = Filter::new()
        .walk(Walk::Forward)
        .min_confidence(min_confidence)
        .relations(kinds.iter().copied())
        .valid_during(during);

    let queries = json!([
        {
            "name": "forward",
            "k": 2,
            "min_confidence": 0.0,
            "relation_kinds": null,
            "valid_first_day": null,
            "valid_last_day": null,
            "starts": starts,
            "answer": khop_answers(&graph, &starts, 2, &forward),
        },
        {
            "name": "strict",
            "k": 3,
            "min_confidence": min_confidence,
            "relation_kinds": kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            "valid_first_day": first,
            "valid_last_day": last,
            "starts": starts,
            "answer": khop_answers(&graph, &starts, 3, &strict),
        },
    ]);

    let origins: BTreeMap<String, usize> = graph
        .claim_ids()
        .map(|id| {
            (
                id.index().to_string(),
                graph.origins(id).expect("listed claim"),
            )
        })
        .collect();

    let options = PageRankOptions::new();
    let run = pagerank_outcome(&graph, &forward, &options);
    let scores: BTreeMap<&str, f64> = run
        .scores
        .iter()
        .map(|&(id, s)| (graph.actor(id).expect("scored actor").key.as_str(), s))
        .collect();

    let reference = json!({
        "input": input,
        "import": { "read": report.read, "skipped": report.skipped() },
        "tables": {
            "actors": written.actors,
            "claims": written.claims,
            "attributions": written.attributions,
        },
        "khop": queries,
        "origins": origins,
        "pagerank": {
            "walk": "forward",
            "damping": PageRankOptions::DEFAULT_DAMPING,
            "tolerance": PageRankOptions::DEFAULT_TOLERANCE,
            "max_iterations": PageRankOptions::DEFAULT_MAX_ITERATIONS,
            "iterations": run.iterations,
            "scores": scores,
        },
    });
    std::fs::write(
        out.join("reference.json"),
        serde_json::to_string_pretty(&reference)?,
    )?;
    println!(
        "{}: {} actors, {} claims, {} attributions; pagerank {} iterations",
        out.display(),
        written.actors,
        written.claims,
        written.attributions,
        run.iterations
    );
    Ok(())
}
