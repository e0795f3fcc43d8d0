//! `rank pagerank|betweenness|degree [--top N]`.

use claimgraph::ClaimGraph;
use claimgraph::analysis::{
    BetweennessOptions, Normalization, PageRankOptions, betweenness, degrees, pagerank,
};
use serde_json::json;

use crate::args::{Measure, RankArgs};
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{emit, push_table, table};
use crate::rows::ActorRef;

pub fn run(graph: &ClaimGraph, args: RankArgs) -> CliResult {
    let filter = filter(graph, &args.filter)?;
    let mut scores: Vec<(claimgraph::ActorId, f64)> = match args.measure {
        Measure::Pagerank => pagerank(graph, &filter, &PageRankOptions::new()),
        Measure::Betweenness => betweenness(
            graph,
            &filter,
            &BetweennessOptions::new().normalization(Normalization::Normalized),
        ),
        Measure::Degree => degrees(graph, &filter)
            .into_iter()
            .map(|(id, d)| (id, d as f64))
            .collect(),
    };
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scores.truncate(args.top);
    let measure = format!("{:?}", args.measure).to_lowercase();
    let rows: Vec<serde_json::Value> = scores
        .iter()
        .enumerate()
        .map(|(i, (id, s))| json!({"rank": i + 1, "actor": ActorRef::of(graph, *id), "score": s}))
        .collect();
    let doc = json!({ "measure": measure, "actors": rows });
    emit(args.output.mode(), &doc, "actors", || {
        let mut t = table(&["rank", "actor", "kind", &measure]);
        for (i, (id, s)) in scores.iter().enumerate() {
            let a = ActorRef::of(graph, *id);
            let score = if args.measure == Measure::Degree {
                format!("{s:.0}")
            } else {
                format!("{s:.4}")
            };
            t.add_row(vec![(i + 1).to_string(), a.name, a.kind, score]);
        }
        let mut out = String::new();
        push_table(&mut out, &t);
        out
    });
    Ok(())
}
