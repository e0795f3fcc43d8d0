//! `find NAME`: actors by key, by name or alias (folded), then by the beginning of
//! a word of a name.

use claimgraph::{ActorId, ClaimGraph, ReadGraph};
use serde_json::json;

use crate::args::FindArgs;
use crate::error::{CliError, CliResult};
use crate::output::{emit, push_table, table};
use crate::rows::{ActorRef, did_you_mean};

/// How many actors a prefix search lists.
const PREFIX_LIMIT: usize = 50;

/// The library calls: the key, every actor of that folded name, then the actors with
/// a word of a name beginning with it; each actor once, with how it matched.
fn search(graph: &ClaimGraph, name: &str) -> Vec<(ActorId, &'static str, String, f64)> {
    let mut found: Vec<(ActorId, &'static str, String, f64)> = Vec::new();
    if let Some(id) = graph.actor_id(name) {
        found.push((id, "key", name.to_owned(), 1.0));
    }
    for id in graph.find_all(name) {
        if !found.iter().any(|f| f.0 == id)
            && let Some(a) = graph.actor(id)
        {
            let folded = claimgraph::model::fold_name(name);
            let matched = a
                .names()
                .find(|n| claimgraph::model::fold_name(n) == folded)
                .unwrap_or(&a.name);
            found.push((id, "exact", matched.to_owned(), 1.0));
        }
    }
    for m in graph.find_prefix(name, PREFIX_LIMIT) {
        if !found.iter().any(|f| f.0 == m.actor) {
            found.push((m.actor, "prefix", m.name.to_owned(), m.score));
        }
    }
    found
}

pub fn run(graph: &ClaimGraph, args: FindArgs) -> CliResult {
    let found = search(graph, &args.name);
    if found.is_empty() {
        return Err(CliError::NotFound(format!(
            "no actor's key, name or alias matches \"{}\"{}",
            args.name,
            did_you_mean(graph, &args.name)
        )));
    }
    let rows: Vec<serde_json::Value> = found
        .iter()
        .map(|(id, how, matched, score)| {
            let mut v = serde_json::to_value(ActorRef::of(graph, *id)).unwrap_or_default();
            v["match"] = json!(how);
            v["matched"] = json!(matched);
            v["score"] = json!(score);
            v
        })
        .collect();
    let doc = json!({ "query": args.name, "actors": rows });
    emit(args.output.mode(), &doc, "actors", || {
        let mut t = table(&["key", "name", "kind", "match", "matched name"]);
        for r in &rows {
            t.add_row(
                ["key", "name", "kind", "match", "matched"]
                    .iter()
                    .map(|k| r[*k].as_str().unwrap_or("").to_owned())
                    .collect::<Vec<_>>(),
            );
        }
        let mut out = String::new();
        push_table(&mut out, &t);
        out
    });
    Ok(())
}
