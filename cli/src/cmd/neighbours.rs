//! `neighbours A [--hops N]`: the actors within N hops, and the claims to the nearest.

use std::collections::BTreeMap;

use claimgraph::ClaimGraph;
use claimgraph::query::neighbors;
use claimgraph::traverse::k_hop;
use serde_json::json;

use crate::args::NeighboursArgs;
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{emit, push_table, table};
use crate::rows::{ActorRef, resolve};

pub fn run(graph: &ClaimGraph, args: NeighboursArgs) -> CliResult {
    let filter = filter(graph, &args.filter)?;
    let centre = resolve(graph, &args.actor)?;
    let reached = k_hop(graph, centre, args.hops, &filter);
    let direct = neighbors(graph, centre, &filter);
    // The relations linking the centre to each direct neighbour, by kind and
    // direction, with how many claims of each.
    let mut relations: BTreeMap<usize, Vec<(String, usize)>> = BTreeMap::new();
    for n in &direct {
        if let Some(r) = graph.relation(n.claim) {
            let text = if n.outgoing {
                format!("{} →", r.kind())
            } else {
                format!("← {}", r.kind())
            };
            let list = relations.entry(n.actor.index()).or_default();
            match list.iter_mut().find(|(t, _)| *t == text) {
                Some((_, count)) => *count += 1,
                None => list.push((text, 1)),
            }
        }
    }
    let relations: BTreeMap<usize, Vec<String>> = relations
        .into_iter()
        .map(|(k, v)| {
            let texts = v
                .into_iter()
                .map(|(t, n)| if n == 1 { t } else { format!("{t} ×{n}") })
                .collect();
            (k, texts)
        })
        .collect();
    let rows: Vec<serde_json::Value> = reached
        .iter()
        .filter(|(id, _)| *id != centre)
        .map(|(id, hops)| {
            json!({
                "actor": ActorRef::of(graph, *id),
                "hops": hops,
                "relations": relations.get(&id.index()).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let doc = json!({
        "centre": ActorRef::of(graph, centre),
        "max_hops": args.hops,
        "neighbours": rows,
    });
    emit(args.output.mode(), &doc, "neighbours", || {
        let mut t = table(&["hops", "actor", "kind", "relations (from the centre)"]);
        for r in &rows {
            t.add_row(vec![
                r["hops"].to_string(),
                r["actor"]["name"].as_str().unwrap_or("").to_owned(),
                r["actor"]["kind"].as_str().unwrap_or("").to_owned(),
                r["relations"]
                    .as_array()
                    .map(|v| {
                        v.iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default(),
            ]);
        }
        let mut out = String::new();
        push_table(&mut out, &t);
        out
    });
    Ok(())
}
