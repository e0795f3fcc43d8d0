//! `paths A B [--max-hops N]`: every route between two actors, with its claims.

use claimgraph::ClaimGraph;
use claimgraph::traverse::{Route, simple_paths};
use serde_json::json;

use crate::args::PathsArgs;
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{claim_lines, emit, heading};
use crate::rows::{ActorRef, ClaimRow, Judged, claim_rows, resolve};

/// Routes read before stopping: their number can explode with the hops.
const ROUTE_LIMIT: usize = 10_000;

pub fn run(graph: &ClaimGraph, args: PathsArgs) -> CliResult {
    let filter = filter(graph, &args.filter)?;
    let (a, b) = (resolve(graph, &args.a)?, resolve(graph, &args.b)?);
    let mut routes = simple_paths(graph, a, b, &filter).max_depth(args.max_hops);
    let found: Vec<Route> = routes.by_ref().take(ROUTE_LIMIT).collect();
    let truncated = routes.next().is_some();
    let judged = Judged::new(graph, &filter);
    let built: Vec<(Vec<ActorRef>, Vec<Vec<ClaimRow>>)> = found
        .iter()
        .map(|route| {
            (
                route
                    .actors
                    .iter()
                    .map(|id| ActorRef::of(graph, *id))
                    .collect(),
                route
                    .hops
                    .iter()
                    .map(|claims| {
                        let mut rows =
                            claim_rows(graph, &judged, claims.iter().map(|c| c.0), false);
                        // The most credible claim of a hop first.
                        rows.sort_by(|x, y| {
                            y.confidence.total_cmp(&x.confidence).then(x.id.cmp(&y.id))
                        });
                        rows
                    })
                    .collect(),
            )
        })
        .collect();
    let routes_json: Vec<serde_json::Value> = built
        .iter()
        .zip(&found)
        .map(|((actors, hops), route)| {
            let hops: Vec<serde_json::Value> = hops
                .iter()
                .enumerate()
                .map(
                    |(i, claims)| json!({"from": actors[i], "to": actors[i + 1], "claims": claims}),
                )
                .collect();
            json!({
                "actors": actors,
                "confidence": route.confidence,
                "paths": route.path_count(),
                "hops": hops,
            })
        })
        .collect();
    let doc = json!({
        "from": ActorRef::of(graph, a),
        "to": ActorRef::of(graph, b),
        "max_hops": args.max_hops,
        "truncated": truncated,
        "routes": routes_json,
    });
    emit(args.output.mode(), &doc, "routes", || {
        let mut out = String::new();
        for (actors, hops) in &built {
            let names: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
            heading(&mut out, &names.join(" → "));
            for (i, claims) in hops.iter().enumerate() {
                out.push_str(&format!(" {} – {}\n", actors[i].name, actors[i + 1].name));
                claim_lines(&mut out, claims);
            }
        }
        out.push_str(&format!(
            "\n{} route{} of at most {} hops{}\n",
            routes_json.len(),
            if routes_json.len() == 1 { "" } else { "s" },
            args.max_hops,
            if truncated {
                " (stopped early: too many paths; lower --max-hops)"
            } else {
                ""
            }
        ));
        out
    });
    Ok(())
}
