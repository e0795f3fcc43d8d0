//! `show ACTOR`: one actor, its names, ids, claims and the sources about it.

use std::collections::BTreeMap;

use claimgraph::ClaimGraph;
use claimgraph::query::neighbors;
use serde_json::json;

use crate::args::ShowArgs;
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{claim_lines, emit, heading, kv_table, push_table, table};
use crate::rows::{ActorRef, ClaimRow, Judged, claim_rows, resolve};

pub fn run(graph: &ClaimGraph, args: ShowArgs) -> CliResult {
    let id = resolve(graph, &args.actor)?;
    let filter = filter(graph, &args.filter)?;
    let mut ids: Vec<_> = neighbors(graph, id, &filter)
        .into_iter()
        .map(|n| n.claim)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let judged = Judged::new(graph, &filter);
    let Some(actor) = graph.actor(id) else {
        return Ok(());
    };
    let me = ActorRef::of(graph, id);

    let rows = claim_rows(graph, &judged, ids, false);
    let (as_subject, as_object): (Vec<ClaimRow>, Vec<ClaimRow>) =
        rows.into_iter().partition(|r| r.subject.key == me.key);
    // Who speaks about it: each source with the number of its claims it appears in.
    let mut speakers: BTreeMap<String, usize> = BTreeMap::new();
    for r in as_subject.iter().chain(&as_object) {
        for s in &r.sources {
            *speakers.entry(s.key.clone()).or_default() += 1;
        }
    }
    let mut speakers: Vec<(String, usize)> = speakers.into_iter().collect();
    speakers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in &actor.aliases {
        aliases
            .entry(a.lang.clone().unwrap_or_else(|| "-".to_owned()))
            .or_default()
            .push(a.name.clone());
    }
    let mut citing = graph.claims_citing(id);
    citing.sort_unstable();
    let cited = claim_rows(graph, &judged, citing, false);
    let cited_as_source = cited.len();
    let doc = json!({
        "actor": {
            "key": me.key,
            "name": me.name,
            "kind": me.kind,
            "group_type": actor.group_type.map(|g| g.to_string()),
            "aliases": aliases,
            "external_ids": actor.external_ids,
            "attributes": actor.attributes,
        },
        "claims_as_subject": as_subject,
        "claims_as_object": as_object,
        "sources": speakers.iter().map(|(k, n)| json!({"source": ActorRef::by_key(graph, k), "claims": n})).collect::<Vec<_>>(),
        "claims_citing": cited,
    });
    emit(args.output.mode(), &doc, "claims_as_subject", || {
        let mut out = String::new();
        heading(&mut out, &format!("{} ({}, {})", me.name, me.key, me.kind));
        let mut t = kv_table();
        if let Some(g) = actor.group_type {
            t.add_row(vec!["group type".to_owned(), g.to_string()]);
        }
        for (lang, names) in &aliases {
            t.add_row(vec![format!("aliases ({lang})"), names.join("; ")]);
        }
        for (registry, value) in &actor.external_ids {
            t.add_row(vec![registry.clone(), value.clone()]);
        }
        for (name, value) in &actor.attributes {
            t.add_row(vec![name.clone(), value.clone()]);
        }
        if !t.is_empty() {
            push_table(&mut out, &t);
        }
        for (title, list) in [("As subject", &as_subject), ("As object", &as_object)] {
            heading(&mut out, &format!("{title} ({})", list.len()));
            claim_lines(&mut out, list);
        }
        if cited_as_source > 0 {
            heading(
                &mut out,
                &format!("Claims it asserted, published or relayed ({cited_as_source})"),
            );
            claim_lines(&mut out, &cited);
        }
        if !speakers.is_empty() {
            heading(&mut out, "Sources speaking about it");
            let mut t = table(&["source", "kind", "claims"]);
            for (k, n) in &speakers {
                let a = ActorRef::by_key(graph, k);
                t.add_row(vec![a.name, a.kind, n.to_string()]);
            }
            push_table(&mut out, &t);
        }
        out
    });
    Ok(())
}
