//! `credible A B [-k N]`: the most credible paths, with the claim on each hop.

use claimgraph::ClaimGraph;
use claimgraph::traverse::k_most_credible_paths;
use serde_json::json;

use crate::args::CredibleArgs;
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{claim_lines, emit, heading};
use crate::rows::{ActorRef, ClaimRow, Judged, claim_rows, resolve};

pub fn run(graph: &ClaimGraph, args: CredibleArgs) -> CliResult {
    let filter = filter(graph, &args.filter)?;
    let (a, b) = (resolve(graph, &args.a)?, resolve(graph, &args.b)?);
    let paths = k_most_credible_paths(graph, a, b, args.k, &filter);
    let judged = Judged::new(graph, &filter);
    let rows: Vec<(f64, Vec<ActorRef>, Vec<ClaimRow>)> = paths
        .iter()
        .map(|p| {
            (
                p.confidence,
                p.actors.iter().map(|id| ActorRef::of(graph, *id)).collect(),
                claim_rows(graph, &judged, p.claims.iter().copied(), false),
            )
        })
        .collect();
    let doc = json!({
        "from": ActorRef::of(graph, a),
        "to": ActorRef::of(graph, b),
        "k": args.k,
        "paths": rows.iter().map(|(c, actors, claims)| json!({
            "confidence": c,
            "actors": actors,
            "claims": claims,
        })).collect::<Vec<_>>(),
    });
    emit(args.output.mode(), &doc, "paths", || {
        let mut out = String::new();
        for (c, actors, claims) in &rows {
            let names: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
            heading(&mut out, &format!("{c:.3}  {}", names.join(" → ")));
            claim_lines(&mut out, claims);
        }
        if rows.is_empty() {
            out.push_str("no path under this filter\n");
        }
        out
    });
    Ok(())
}
