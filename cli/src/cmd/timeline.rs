//! `timeline A [B]`: claims in the order of their valid times.

use claimgraph::ClaimGraph;
use claimgraph::query::{TimelineEntry, timeline, timeline_of};
use serde_json::json;

use crate::args::TimelineArgs;
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{emit, push_table, table};
use crate::stopgap::{Judged, claim_rows, ego_scope, parse_scope, resolve};

pub fn run(graph: &ClaimGraph, args: TimelineArgs) -> CliResult {
    let filter = filter(graph, &args.filter)?;
    let a = resolve(graph, &args.a)?;
    let b = args.b.as_deref().map(|b| resolve(graph, b)).transpose()?;
    let entries: Vec<TimelineEntry> = match (&args.scope, b) {
        (Some(scope), _) => ego_scope(graph, a, b, parse_scope(scope)?, &filter),
        (None, Some(b)) => timeline(graph, a, b, &filter),
        (None, None) => timeline_of(graph, a, &filter),
    };
    let judged = Judged::new(graph, &filter);
    let rows = claim_rows(graph, &judged, entries.iter().map(|e| e.claim), false);
    let doc = json!({
        "a": args.a,
        "b": args.b,
        "scope": args.scope,
        "claims": rows,
    });
    emit(args.output.mode(), &doc, "claims", || {
        let mut t = table(&[
            "valid",
            "subject",
            "relation",
            "object",
            "confidence",
            "origins",
        ]);
        for r in &rows {
            t.add_row(vec![
                r.valid.clone(),
                r.subject.name.clone(),
                if r.polarity == "denied" {
                    format!("NOT {}", r.relation)
                } else {
                    r.relation.clone()
                },
                r.object.name.clone(),
                format!("{:.2}", r.confidence),
                r.origins.to_string(),
            ]);
        }
        let mut out = String::new();
        push_table(&mut out, &t);
        out
    });
    Ok(())
}
