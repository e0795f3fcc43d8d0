//! The seed article ("Iran and Bolivia's Strengthening Ties: A Risk for Latin
//! America", Diálogo Américas, March 2024) as a claim graph, and the questions an
//! analyst asks of it.
//!
//! The data set is `tests/data/iran_bolivia.jsonl`, transcribed by hand from the
//! article in English and Spanish; this example loads it through the public API and
//! prints a report a person can read.
//!
//! Run with `cargo run --example iran_bolivia`.

use std::error::Error;

use claimgraph::analysis::{
    BetweennessOptions, Normalization, PageRankOptions, betweenness, contradictions, corroboration,
    corroboration_of, pagerank,
};
use claimgraph::io::{Format, Importer};
use claimgraph::model::{ActorKind, Claim, Relation, RelationKind, StatementKind};
use claimgraph::query::{Filter, Scope, SourceRole, claims_by_source, timeline};
use claimgraph::traverse::{k_most_credible_paths, most_credible_path, simple_paths};
use claimgraph::{ActorId, ClaimGraph, ClaimId, ReadGraph, Snapshot};

const SEED: &str = include_str!("../tests/data/iran_bolivia.jsonl");

fn main() -> Result<(), Box<dyn Error>> {
    let mut graph = ClaimGraph::new();
    let report = Importer::from_format(Format::JsonLines).import(SEED.as_bytes(), &mut graph)?;
    println!("Loaded the seed article: {report}\n");

    // Reads go to a frozen snapshot; the answers are the same as on the store.
    let snap = Snapshot::new(&graph);
    let id = |key: &str| snap.actor_id(key).ok_or(format!("no actor {key}"));
    // One line per claim: names, relation, valid time, confidence and voices.
    let claim = |c: ClaimId| snap.claim(c).ok_or("unknown claim");

    section("Actors by kind");
    for kind in ActorKind::ALL {
        let names: Vec<String> = graph
            .actors()
            .filter(|a| a.kind == kind)
            .map(|a| {
                let es = a
                    .aliases
                    .iter()
                    .filter(|x| x.lang.as_deref() == Some("es") && x.name != a.name);
                std::iter::once(a.name.as_str())
                    .chain(es.map(|x| x.name.as_str()))
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .collect();
        println!("{kind} ({}): {}", names.len(), names.join("; "));
    }

    section("Claims, with their sources and derived confidence");
    for c in snap.claims() {
        println!("{c}");
        for excerpt in c.evidence().filter_map(|e| e.excerpt()) {
            println!("    \"{excerpt}\"");
        }
    }

    section("Single-source claims (one independent voice)");
    let report = corroboration(&snap, &Filter::new());
    for c in &report.single_source {
        println!("  {}", claim(*c)?);
    }
    println!(
        "{} of {} claims rest on a single voice; the best corroborated:",
        report.single_source.len(),
        report.entries.len()
    );
    for entry in report.entries.iter().take(3) {
        println!("  {}", claim(entry.claim)?);
    }

    section("Timeline of Bolivia-Iran ties");
    for entry in timeline(&snap, id("bolivia")?, id("iran")?, &Filter::new()) {
        println!(
            "  {:<10} {:<28} confidence {:.2}",
            entry.valid.to_string(),
            entry.relation.to_string(),
            entry.confidence
        );
    }

    section("What did Miguel Ángel Toma claim?");
    let toma = snap.find("Miguel Ángel Toma")?;
    for c in claims_by_source(&snap, toma, SourceRole::Claimant, &Filter::new()) {
        println!("  {}", claim(c)?);
    }

    section("Who says Iran supplied drones to Bolivia?");
    let drones = Claim::new(
        "iran".parse()?,
        Relation::SuppliesArms,
        "bolivia".parse()?,
        "2023-07".parse()?,
    );
    let drones = graph
        .claim_id(&drones.key())
        .ok_or("the drone claim is missing")?;
    println!("  {}", claim(drones)?);

    section("Names in both languages resolve to one actor");
    for name in [
        "Fuerza Quds",
        "Quds Force",
        "IRÁN",
        "Movimiento al Socialismo",
    ] {
        println!(
            "  {name:<26} -> {}",
            snap.actor(snap.find(name)?).ok_or("vanished")?.key
        );
    }

    section("How is Hezbollah linked to Bolivia (at most 2 steps)?");
    for route in simple_paths(&snap, id("hezbollah")?, id("bolivia")?, &Filter::new()).max_depth(2)
    {
        println!("  {}", route.display(&snap));
        for hop in &route.hops {
            for (c, _) in hop {
                println!("    rests on: {}", claim(*c)?);
            }
        }
    }

    section("The most credible chains from Hezbollah to Bolivia");
    for path in k_most_credible_paths(&snap, id("hezbollah")?, id("bolivia")?, 3, &Filter::new()) {
        println!("  {:.3}  {}", path.confidence, path.display(&snap));
    }

    section("Trusting only the BBC and La Nación: what is known about arms?");
    let strict = Filter::new()
        .trust_only(["bbc", "la_nacion"])
        .relations([RelationKind::SuppliesArms]);
    for entry in &corroboration(&snap, &strict).entries {
        println!(
            "  {} (confidence {:.2} on this evidence alone)",
            claim(entry.claim)?,
            entry.confidence
        );
    }

    section("What did the record say before Calle's interview of 8 March 2024?");
    let before = Filter::new().as_known_at("2024-03-07".parse()?);
    let calle = snap.find("Fabián Calle")?;
    println!(
        "  claims with evidence reported by 7 March: {} of {}; claims citing Calle then: {}, after: {}",
        corroboration(&snap, &before).entries.len(),
        snap.claim_count(),
        claims_by_source(&snap, calle, SourceRole::Claimant, &before).len(),
        claims_by_source(&snap, calle, SourceRole::Claimant, &Filter::new()).len()
    );

    section("Single-source claims about Iran");
    let about_iran = corroboration_of(&snap, id("iran")?, &Filter::new());
    println!(
        "  {} of Iran's {} claims rest on one voice",
        about_iran.single_source.len(),
        about_iran.entries.len()
    );
    let organs: Vec<ActorId> = snap
        .find_prefix("Quds", 3)
        .iter()
        .map(|m| m.actor)
        .chain([id("iran")?])
        .collect();
    let with_organs = corroboration_of(&snap, Scope::set(organs), &Filter::new());
    println!(
        "  with the Quds Force: {} of {} claims rest on one voice",
        with_organs.single_source.len(),
        with_organs.entries.len()
    );

    section("Brokers and central actors (events and ties, assessments excluded)");
    let ties = Filter::new().statements([StatementKind::Event, StatementKind::Tie]);
    let options = BetweennessOptions::new().normalization(Normalization::Normalized);
    let mut brokers = betweenness(&snap, &ties, &options);
    brokers.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ranks = pagerank(&snap, &ties, &PageRankOptions::new());
    ranks.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let name = |a: ActorId| snap.actor(a).map_or("?", |a| a.name.as_str());
    for ((b, bc), (r, pr)) in brokers.iter().zip(&ranks).take(5) {
        println!(
            "  betweenness {:<22} {bc:.3}    pagerank {:<22} {pr:.3}",
            name(*b),
            name(*r)
        );
    }

    section("Contradictions");
    let found = contradictions(&snap, &Filter::new());
    if found.is_empty() {
        println!("  none: no claim of the article is denied by another source");
    }
    for c in found {
        println!("  {:?}: {} / {}", c.kind, claim(c.a)?, claim(c.b)?);
    }

    section("Most credible chain from Iran to Israel");
    match most_credible_path(&snap, id("iran")?, id("israel")?, &Filter::new()) {
        Some(p) => println!("  {:.3}  {}", p.confidence, p.display(&snap)),
        None => println!("  no chain"),
    }
    Ok(())
}

fn section(title: &str) {
    println!("\n== {title} ==");
}
