//! `claims`: all claims, or those about an actor, between two, or by a source.

use claimgraph::query::{claims_between, claims_by_source, neighbors};
use claimgraph::{ClaimGraph, ClaimId};
use serde_json::json;

use crate::args::ClaimsArgs;
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{claim_lines, emit};
use crate::rows::{Judged, claim_rows, resolve};

pub fn run(graph: &ClaimGraph, args: ClaimsArgs) -> CliResult {
    let filter = filter(graph, &args.filter)?;
    let judged = Judged::new(graph, &filter);
    let (ids, selection): (Vec<ClaimId>, serde_json::Value) = if let Some(a) = &args.about {
        let id = resolve(graph, a)?;
        let mut ids: Vec<ClaimId> = neighbors(graph, id, &filter)
            .into_iter()
            .map(|n| n.claim)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        (ids, json!({"about": a}))
    } else if let Some(pair) = &args.between {
        let (a, b) = (resolve(graph, &pair[0])?, resolve(graph, &pair[1])?);
        (
            claims_between(graph, a, b, &filter),
            json!({"between": pair}),
        )
    } else if let Some(source) = &args.by {
        let id = resolve(graph, source)?;
        (
            claims_by_source(graph, id, args.role, &filter),
            json!({"by": source, "role": args.role.to_string()}),
        )
    } else {
        (graph.claim_ids().collect(), json!({}))
    };
    let rows = claim_rows(graph, &judged, ids, args.evidence);
    let doc = json!({ "selection": selection, "count": rows.len(), "claims": rows });
    emit(args.output.mode(), &doc, "claims", || {
        let mut out = String::new();
        claim_lines(&mut out, &rows);
        out.push_str(&format!(
            "{} claim{}\n",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        ));
        out
    });
    Ok(())
}
