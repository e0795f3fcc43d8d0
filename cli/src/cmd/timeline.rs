//! `timeline A [B]`: claims in the order of their valid times.

use std::collections::HashSet;

use claimgraph::query::{Scope, TimelineEntry, timeline, timeline_of};
use claimgraph::traverse::k_hop;
use claimgraph::{ActorId, ClaimGraph};
use serde_json::json;

use crate::args::TimelineArgs;
use crate::cmd::filter;
use crate::error::{CliError, CliResult};
use crate::output::{emit, push_table, table};
use crate::rows::{Judged, claim_rows, resolve};

pub fn run(graph: &ClaimGraph, args: TimelineArgs) -> CliResult {
    let filter = filter(graph, &args.filter)?;
    let a = resolve(graph, &args.a)?;
    let b = args.b.as_deref().map(|b| resolve(graph, b)).transpose()?;
    let entries: Vec<TimelineEntry> = match (&args.scope, b) {
        (Some(scope), None) => timeline_of(graph, Scope::ego(a, ego_hops(scope)?), &filter),
        // Two neighbourhoods: the claims linking one to the other (the leaders'
        // visits), not those inside one of them. `Scope` has no "between two sets",
        // so the claims among both are narrowed here.
        (Some(scope), Some(b)) => {
            let hops = ego_hops(scope)?;
            let near = |c| -> HashSet<ActorId> {
                k_hop(graph, c, hops, &filter)
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect()
            };
            let (near_a, near_b) = (near(a), near(b));
            let mut entries =
                timeline_of(graph, Scope::among(near_a.union(&near_b).copied()), &filter);
            entries.retain(|e| {
                (near_a.contains(&e.subject) && near_b.contains(&e.object))
                    || (near_b.contains(&e.subject) && near_a.contains(&e.object))
            });
            entries
        }
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

/// The hops of a `--scope ego:N`.
fn ego_hops(text: &str) -> CliResult<usize> {
    text.strip_prefix("ego:")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "unknown scope \"{text}\" (expected ego:N, such as ego:1)"
            ))
        })
}
