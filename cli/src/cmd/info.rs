//! `info`: what the graph holds.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use claimgraph::ClaimGraph;
use claimgraph::analysis::corroboration;
use claimgraph::model::{ActorKind, PartialDate};
use serde_json::json;

use crate::args::InfoArgs;
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{emit, heading, kv_table, push_table, table};
use crate::rows::ActorRef;

/// How many sources the summary lists.
const TOP_SOURCES: usize = 10;

pub fn run(graph: &ClaimGraph, path: &Path, args: InfoArgs) -> CliResult {
    let filter = filter(graph, &args.filter)?;
    let report = corroboration(graph, &filter);

    let mut by_kind: BTreeMap<String, usize> =
        ActorKind::ALL.iter().map(|k| (k.to_string(), 0)).collect();
    for actor in graph.actors() {
        *by_kind.entry(actor.kind.to_string()).or_default() += 1;
    }
    let mut by_relation: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_statement: BTreeMap<String, usize> = BTreeMap::new();
    let mut cited: HashMap<String, usize> = HashMap::new();
    let (mut first, mut last): (Option<PartialDate>, Option<PartialDate>) = (None, None);
    let mut attributions = 0usize;
    for entry in &report.entries {
        let Some(claim) = graph.claim(entry.claim) else {
            continue;
        };
        *by_relation
            .entry(claim.relation_kind().to_string())
            .or_default() += 1;
        *by_statement
            .entry(claim.statement().to_string())
            .or_default() += 1;
        let dates = [claim.valid().start(), claim.valid().end()];
        for d in dates.into_iter().flatten() {
            if first.is_none_or(|f| d.first_day() < f.first_day()) {
                first = Some(d);
            }
            if last.is_none_or(|l| d.last_day() > l.last_day()) {
                last = Some(d);
            }
        }
        attributions += claim.evidence().count();
        let mut named: Vec<&str> = claim
            .evidence()
            .flat_map(|e| {
                let relays: Vec<_> = e.relays().collect();
                e.claimant().into_iter().chain(e.outlet()).chain(relays)
            })
            .filter_map(|id| graph.actor(id).map(|a| a.key.as_str()))
            .collect();
        named.sort_unstable();
        named.dedup();
        for k in named {
            *cited.entry(k.to_owned()).or_default() += 1;
        }
    }
    let mut top: Vec<(String, usize)> = cited.iter().map(|(k, n)| (k.clone(), *n)).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(TOP_SOURCES);
    let admitted = report.entries.len();
    let single = report.single_source.len();
    let share = if admitted == 0 {
        0.0
    } else {
        single as f64 / admitted as f64
    };

    let sorted = |m: BTreeMap<String, usize>| -> Vec<serde_json::Value> {
        let mut v: Vec<(String, usize)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.into_iter()
            .map(|(name, count)| json!({"name": name, "count": count}))
            .collect()
    };
    let doc = json!({
        "graph": path.display().to_string(),
        "actors": graph.actor_count(),
        "claims": graph.claim_count(),
        "claims_admitted": admitted,
        "attributions": attributions,
        "actors_by_kind": sorted(by_kind),
        "claims_by_relation": sorted(by_relation),
        "claims_by_statement": sorted(by_statement),
        "sources": cited.len(),
        "top_sources": top.iter().map(|(k, n)| json!({"source": ActorRef::by_key(graph, k), "claims": n})).collect::<Vec<_>>(),
        "valid_from": first.map(|d| d.to_string()),
        "valid_to": last.map(|d| d.to_string()),
        "single_source": single,
        "single_source_share": share,
    });
    emit(args.output.mode(), &doc, "claims_by_relation", || {
        let mut out = String::new();
        heading(&mut out, &format!("{}", path.display()));
        let mut t = kv_table();
        t.add_row(vec!["actors".to_owned(), graph.actor_count().to_string()]);
        t.add_row(vec![
            "claims".to_owned(),
            format!(
                "{} ({admitted} admitted by the filter)",
                graph.claim_count()
            ),
        ]);
        t.add_row(vec!["attributions".to_owned(), attributions.to_string()]);
        t.add_row(vec!["sources".to_owned(), cited.len().to_string()]);
        t.add_row(vec![
            "valid time".to_owned(),
            match (first, last) {
                (Some(f), Some(l)) => format!("{f} to {l}"),
                _ => "open".to_owned(),
            },
        ]);
        t.add_row(vec![
            "single-source".to_owned(),
            format!("{single} of {admitted} ({:.1}%)", share * 100.0),
        ]);
        push_table(&mut out, &t);
        for (title, key, column) in [
            ("Actors by kind", "actors_by_kind", "kind"),
            ("Claims by relation", "claims_by_relation", "relation"),
            (
                "Claims by statement kind",
                "claims_by_statement",
                "statement",
            ),
        ] {
            heading(&mut out, title);
            let mut t = table(&[column, "count"]);
            for row in doc[key].as_array().into_iter().flatten() {
                t.add_row(vec![
                    row["name"].as_str().unwrap_or("").to_owned(),
                    row["count"].to_string(),
                ]);
            }
            push_table(&mut out, &t);
        }
        heading(&mut out, "Most cited sources");
        let mut t = table(&["source", "kind", "claims citing it"]);
        for (k, n) in &top {
            let a = ActorRef::by_key(graph, k);
            t.add_row(vec![a.name, a.kind, n.to_string()]);
        }
        push_table(&mut out, &t);
        out
    });
    Ok(())
}
