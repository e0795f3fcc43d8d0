//! `contradictions`: pairs of claims that cannot both hold.

use claimgraph::ClaimGraph;
use claimgraph::analysis::{contradictions, contradictions_of};
use serde_json::json;

use crate::args::ContradictionsArgs;
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{emit, push_table, table};
use crate::rows::{Judged, about, claim_row};

pub fn run(graph: &ClaimGraph, args: ContradictionsArgs) -> CliResult {
    // A denial is itself a denied claim: the filter must admit both polarities.
    let filter = filter(graph, &args.filter)?.polarity(None);
    let found = if args.about.is_empty() {
        contradictions(graph, &filter)
    } else {
        contradictions_of(graph, about(graph, &args.about)?, &filter)
    };
    let judged = Judged::new(graph, &filter);
    let rows: Vec<serde_json::Value> = found
        .iter()
        .map(|c| {
            json!({
                "kind": c.kind.to_string(),
                "a": claim_row(graph, &judged, c.a, false),
                "b": claim_row(graph, &judged, c.b, false),
                "overlap": c.overlap.to_string(),
            })
        })
        .collect();
    let doc = json!({ "about": args.about, "contradictions": rows });
    emit(args.output.mode(), &doc, "contradictions", || {
        let mut out = String::new();
        if rows.is_empty() {
            out.push_str("no contradictions under this filter\n");
            return out;
        }
        let mut t = table(&["kind", "claim", "against", "during"]);
        for r in &rows {
            t.add_row(vec![
                r["kind"].as_str().unwrap_or("").to_owned(),
                r["a"]["text"].as_str().unwrap_or("").to_owned(),
                r["b"]["text"].as_str().unwrap_or("").to_owned(),
                r["overlap"].as_str().unwrap_or("").to_owned(),
            ]);
        }
        push_table(&mut out, &t);
        out
    });
    Ok(())
}
