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
use claimgraph::model::{ActorKind, Attribution, Claim, Grade, RelationKind};
use claimgraph::query::{Filter, SourceRole, claims_by_source, timeline};
use claimgraph::traverse::{k_most_credible_paths, most_credible_path, simple_paths};
use claimgraph::{ActorId, ClaimGraph, ClaimId, Snapshot};

const SEED: &str = include_str!("../tests/data/iran_bolivia.jsonl");

fn main() -> Result<(), Box<dyn Error>> {
    let mut graph = ClaimGraph::new();
    let report = Importer::from_format(Format::JsonLines).import(SEED.as_bytes(), &mut graph)?;
    println!("Loaded the seed article: {report}\n");

    // Reads go to a frozen snapshot; the answers are the same as on the store.
    let snap = Snapshot::new(&graph);
    let id = |key: &str| graph.actor_id(key).ok_or(format!("no actor {key}"));

    section("Actors by kind");
    for kind in ActorKind::ALL {
        let names: Vec<String> = graph
            .actors()
            .filter(|a| a.kind == kind)
            .map(|a| {
                let es: Vec<&str> = a
                    .aliases
                    .iter()
                    .filter(|x| x.lang.as_deref() == Some("es") && x.name != a.name)
                    .map(|x| x.name.as_str())
                    .collect();
                if es.is_empty() {
                    a.name.clone()
                } else {
                    format!("{} / {}", a.name, es.join(" / "))
                }
            })
            .collect();
        println!("{kind} ({}): {}", names.len(), names.join("; "));
    }

    section("Claims, with their sources and derived confidence");
    for claim_id in graph.claim_ids() {
        print_claim(&graph, claim_id)?;
    }

    section("Single-source claims (one independent voice)");
    let report = corroboration(&snap, &Filter::new());
    for claim_id in &report.single_source {
        println!("  {}", headline(&graph, *claim_id)?);
    }
    println!(
        "{} of {} claims rest on a single voice; the best corroborated:",
        report.single_source.len(),
        report.entries.len()
    );
    for entry in report.entries.iter().take(3) {
        println!(
            "  {} origins: {}",
            entry.origins,
            headline(&graph, entry.claim)?
        );
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
    let toma = graph.find("Miguel Ángel Toma")?;
    for claim_id in claims_by_source(&snap, toma, SourceRole::Claimant, &Filter::new()) {
        println!("  {}", headline(&graph, claim_id)?);
    }

    section("Who says Iran supplied drones to Bolivia?");
    let drones = graph
        .claim_id(
            &Claim::new(
                "iran".parse()?,
                claimgraph::model::Relation::SuppliesArms,
                "bolivia".parse()?,
                "2023-07".parse()?,
            )
            .key(),
        )
        .ok_or("the drone claim is missing")?;
    print_claim(&graph, drones)?;

    section("Names in both languages resolve to one actor");
    for name in [
        "Fuerza Quds",
        "Quds Force",
        "IRÁN",
        "Movimiento al Socialismo",
    ] {
        let actor = graph.find(name)?;
        println!(
            "  {name:<26} -> {}",
            graph.actor(actor).ok_or("vanished")?.key
        );
    }

    section("How is Hezbollah linked to Bolivia (at most 2 steps)?");
    for path in simple_paths(&snap, id("hezbollah")?, id("bolivia")?, &Filter::new()).max_hops(2) {
        println!("  {}", describe_path(&graph, &path.actors, &path.claims)?);
        for claim_id in &path.claims {
            println!("    rests on: {}", sources(&graph, *claim_id)?);
        }
    }

    section("The most credible chains from Hezbollah to Bolivia");
    for path in k_most_credible_paths(&snap, id("hezbollah")?, id("bolivia")?, 3, &Filter::new()) {
        println!(
            "  {:.3}  {}",
            path.confidence,
            describe_path(&graph, &path.actors, &path.claims)?
        );
    }

    section("Trusting only the BBC and La Nación: what is known about arms?");
    let strict = Filter::new()
        .trust_only(["bbc", "la_nacion"])
        .relations([RelationKind::SuppliesArms]);
    let kept = corroboration(&snap, &strict);
    for entry in &kept.entries {
        println!(
            "  {} (confidence {:.2} on this evidence alone)",
            headline(&graph, entry.claim)?,
            entry.confidence
        );
    }

    section("What did the record say before Calle's interview of 8 March 2024?");
    let before = Filter::new().as_known_at("2024-03-07".parse()?);
    let calle = graph.find("Fabián Calle")?;
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

    section("Brokers and central actors (events and ties, assessments excluded)");
    let ties = Filter::new().statements([
        claimgraph::model::StatementKind::Event,
        claimgraph::model::StatementKind::Tie,
    ]);
    let mut brokers = betweenness(
        &snap,
        &ties,
        &BetweennessOptions::new().normalization(Normalization::Normalized),
    );
    brokers.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ranks = pagerank(&snap, &ties, &PageRankOptions::new());
    ranks.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((b, bc), (r, pr)) in brokers.iter().zip(&ranks).take(5) {
        println!(
            "  betweenness {:<22} {:.3}    pagerank {:<22} {:.3}",
            name(&graph, *b)?,
            bc,
            name(&graph, *r)?,
            pr
        );
    }

    section("Contradictions");
    let found = contradictions(&snap, &Filter::new());
    if found.is_empty() {
        println!("  none: no claim of the article is denied by another source");
    }
    for c in found {
        println!(
            "  {:?}: {} / {}",
            c.kind,
            headline(&graph, c.a)?,
            headline(&graph, c.b)?
        );
    }

    section("Most credible chain from Iran to Israel");
    match most_credible_path(&snap, id("iran")?, id("israel")?, &Filter::new()) {
        Some(p) => println!(
            "  {:.3}  {}",
            p.confidence,
            describe_path(&graph, &p.actors, &p.claims)?
        ),
        None => println!("  no chain"),
    }
    Ok(())
}

fn section(title: &str) {
    println!("\n== {title} ==");
}

fn name(graph: &ClaimGraph, id: ActorId) -> Result<String, Box<dyn Error>> {
    Ok(graph.actor(id).ok_or("unknown actor")?.name.clone())
}

/// `Iran supplies_arms Bolivia @ 2023-07 [event]  0.79 (3 origins)`.
fn headline(graph: &ClaimGraph, id: ClaimId) -> Result<String, Box<dyn Error>> {
    let claim = graph.claim(id).ok_or("unknown claim")?.to_claim();
    let actor = |k: &claimgraph::model::ActorKey| {
        graph
            .actor_by_key(k.as_str())
            .map_or(k.to_string(), |a| a.name.clone())
    };
    Ok(format!(
        "{} {} {} @ {} [{:?}]  {:.2} ({} origin{})",
        actor(&claim.subject),
        claim.relation,
        actor(&claim.object),
        claim.valid,
        claim.statement,
        graph.confidence(id).unwrap_or(0.0),
        graph.origins(id).unwrap_or(0),
        if graph.origins(id) == Some(1) {
            ""
        } else {
            "s"
        }
    ))
}

/// One line per attribution: `Toma (first in DNews, relayed by Diálogo) C3 "excerpt"`.
fn print_claim(graph: &ClaimGraph, id: ClaimId) -> Result<(), Box<dyn Error>> {
    let claim = graph.claim(id).ok_or("unknown claim")?.to_claim();
    println!("{}", headline(graph, id)?);
    for a in &claim.evidence {
        println!("    - {}", attribution(graph, a));
    }
    Ok(())
}

fn attribution(graph: &ClaimGraph, a: &Attribution) -> String {
    let name = |k: &claimgraph::model::ActorKey| {
        graph
            .actor_by_key(k.as_str())
            .map_or(k.to_string(), |x| x.name.clone())
    };
    let mut text = a.claimant.as_ref().map(name).unwrap_or_default();
    let mut via = Vec::new();
    if let Some(outlet) = &a.outlet
        && a.claimant.as_ref() != Some(outlet)
    {
        via.push(format!("first in {}", name(outlet)));
    }
    if !a.relays.is_empty() {
        let relays: Vec<String> = a.relays.iter().map(name).collect();
        via.push(format!("relayed by {}", relays.join(", ")));
    }
    if text.is_empty() {
        text = a.outlet.as_ref().map(name).unwrap_or_default();
    }
    if !via.is_empty() {
        text = format!("{text} ({})", via.join("; "));
    }
    let grade = match a.grade {
        Grade::Admiralty(g) => g.to_string(),
        Grade::Confidence(c) => format!("{c:.2}"),
    };
    match &a.excerpt {
        Some(e) => format!("{text} {grade}: \"{e}\""),
        None => format!("{text} {grade}"),
    }
}

/// The distinct voices behind a claim (claimant, or the outlet when none is named).
fn sources(graph: &ClaimGraph, id: ClaimId) -> Result<String, Box<dyn Error>> {
    let claim = graph.claim(id).ok_or("unknown claim")?.to_claim();
    let mut names: Vec<String> = claim
        .evidence
        .iter()
        .filter_map(|a| a.claimant.as_ref().or(a.outlet.as_ref()))
        .map(|k| {
            graph
                .actor_by_key(k.as_str())
                .map_or(k.to_string(), |x| x.name.clone())
        })
        .collect();
    names.dedup();
    Ok(names.join("; "))
}

fn describe_path(
    graph: &ClaimGraph,
    actors: &[ActorId],
    claims: &[ClaimId],
) -> Result<String, Box<dyn Error>> {
    let mut text = name(graph, actors[0])?;
    for (step, claim_id) in claims.iter().enumerate() {
        let relation = graph.relation(*claim_id).ok_or("unknown claim")?;
        text.push_str(&format!(
            " -[{relation}]- {}",
            name(graph, actors[step + 1])?
        ));
    }
    Ok(text)
}
