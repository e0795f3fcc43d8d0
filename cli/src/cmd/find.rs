//! `find NAME`: actors by name or alias, folded, then by prefix.

use claimgraph::ClaimGraph;
use serde_json::json;

use crate::args::FindArgs;
use crate::error::{CliError, CliResult};
use crate::output::{emit, push_table, table};
use crate::stopgap::{ActorRef, did_you_mean, search};

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
        .map(|f| {
            let mut v = serde_json::to_value(ActorRef::of(graph, f.id)).unwrap_or_default();
            v["match"] = serde_json::to_value(f.how).unwrap_or_default();
            v["matched"] = json!(f.matched);
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
