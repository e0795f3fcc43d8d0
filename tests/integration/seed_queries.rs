//! The analyst questions of the seed article, answered from the store's own lookups
//! and checked against the article by hand (`tests/data/iran_bolivia.jsonl`, read
//! with the text of `../shared/seed/article-iran-bolivia.txt` beside it).
//!
//! Every question is asked of the store and of a snapshot, which must agree.

use claimgraph::ReadGraph;
use claimgraph::analysis::{corroboration, corroboration_of};
use claimgraph::io::{Format, Importer};
use claimgraph::model::{Claim, Relation, RelationKind};
use claimgraph::query::{Filter, SourceRole, claims_by_source, timeline};
use claimgraph::traverse::simple_paths;
use claimgraph::{ActorId, ClaimGraph, ClaimId, Snapshot};

fn seed() -> ClaimGraph {
    let mut g = ClaimGraph::new();
    let text = crate::support::SEED;
    let report = Importer::from_format(Format::JsonLines)
        .import(text.as_bytes(), &mut g)
        .expect("the seed data set loads");
    assert_eq!((report.actors_new, report.claims_new), (36, 61));
    g
}

fn id(g: &ClaimGraph, key: &str) -> ActorId {
    g.actor_id(key).unwrap_or_else(|| panic!("no actor {key}"))
}

/// `subject relation object @valid`, the way a reader checks a claim against the text.
fn line(g: &ClaimGraph, claim: ClaimId) -> String {
    let c = g.claim(claim).expect("claim exists").to_claim();
    format!("{} {} {} @{}", c.subject, c.relation, c.object, c.valid)
}

fn lines(g: &ClaimGraph, claims: &[ClaimId]) -> Vec<String> {
    claims.iter().map(|c| line(g, *c)).collect()
}

/// Asks `question` of the store and of a snapshot, asserts they agree, returns the answer.
fn both<T: PartialEq + std::fmt::Debug>(
    g: &ClaimGraph,
    question: impl Fn(&dyn AccessDyn) -> T,
) -> T {
    let snap = Snapshot::new(g);
    let (a, b) = (question(&ask(g)), question(&ask(&snap)));
    assert_eq!(a, b, "store and snapshot disagree");
    a
}

/// Object-safe wrapper so one closure can ask either view.
trait AccessDyn {
    fn claims_by_claimant(&self, source: ActorId) -> Vec<ClaimId>;
    fn timeline_valid(&self, a: ActorId, b: ActorId) -> Vec<String>;
    fn single_source_about(&self, actor: ActorId) -> Vec<ClaimId>;
    fn paths(&self, from: ActorId, to: ActorId, hops: usize) -> Vec<(Vec<ActorId>, Vec<ClaimId>)>;
    fn kept(&self, filter: &Filter) -> Vec<(ClaimId, usize, u64)>;
}

fn ask<V: ReadGraph>(v: &V) -> impl AccessDyn + '_ {
    struct Q<'a, V>(&'a V);
    impl<V: ReadGraph> AccessDyn for Q<'_, V> {
        fn claims_by_claimant(&self, source: ActorId) -> Vec<ClaimId> {
            claims_by_source(self.0, source, SourceRole::Claimant, &Filter::new())
        }
        fn timeline_valid(&self, a: ActorId, b: ActorId) -> Vec<String> {
            timeline(self.0, a, b, &Filter::new())
                .iter()
                .map(|e| format!("{} {}", e.valid, e.relation))
                .collect()
        }
        fn single_source_about(&self, actor: ActorId) -> Vec<ClaimId> {
            let mut ids = corroboration_of(self.0, actor, &Filter::new()).single_source;
            ids.sort();
            ids
        }
        fn paths(
            &self,
            from: ActorId,
            to: ActorId,
            hops: usize,
        ) -> Vec<(Vec<ActorId>, Vec<ClaimId>)> {
            simple_paths(self.0, from, to, &Filter::new())
                .max_depth(hops)
                .flat_map(|r| r.paths().map(|p| (p.actors, p.claims)).collect::<Vec<_>>())
                .collect()
        }
        fn kept(&self, filter: &Filter) -> Vec<(ClaimId, usize, u64)> {
            corroboration(self.0, filter)
                .entries
                .iter()
                .map(|e| (e.claim, e.origins, e.confidence.to_bits()))
                .collect()
        }
    }
    Q(v)
}

#[test]
fn every_claim_attributed_to_toma() {
    let g = seed();
    let toma = g
        .find("Miguel Ángel Toma")
        .expect("Toma by his accented name");
    assert_eq!(g.find("miguel angel toma"), Ok(toma));
    let claims = both(&g, |v| v.claims_by_claimant(toma));
    // Toma's statements to DNews, paragraph by paragraph of the article.
    assert_eq!(
        lines(&g, &claims),
        [
            "iran threatens latin_america @2024-03",
            "bolivia signed_agreement iran @2023-07",
            "iran supplies_arms bolivia @2023-07",
            "iran has_presence_in bolivia @2024-03",
            "iran has_presence_in spain @2024-03",
            "iran involved_in:terrorism bolivia @2024-03",
            "iran involved_in:drug_trafficking bolivia @2024-03",
            "bolivia involved_in:document_fraud iran @2024-03",
            "quds_force has_presence_in latin_america @2024-03",
            "quds_force part_of iran @2024-03",
            "vevak has_presence_in latin_america @2024-03",
            "vevak part_of iran @2024-03",
        ]
    );
    // The store's citation index gives the same claims.
    let mut cited = g.claims_citing(toma);
    cited.sort();
    let mut sorted = claims.clone();
    sorted.sort();
    assert_eq!(cited, sorted);
}

#[test]
fn sources_of_the_drone_transfer_to_bolivia() {
    let g = seed();
    let key = Claim::new(
        "iran".parse().unwrap(),
        Relation::SuppliesArms,
        "bolivia".parse().unwrap(),
        "2023-07".parse().unwrap(),
    )
    .key();
    let drones = g.claim_id(&key).expect("the drone claim");
    let claim = g.claim(drones).unwrap().to_claim();
    let chains: Vec<Vec<&str>> = claim
        .evidence
        .iter()
        .map(|a| a.chain().map(|k| k.as_str()).collect())
        .collect();
    assert_eq!(
        chains,
        [
            vec!["dialogo", "dialogo"],
            vec!["toma", "dnews", "dialogo"],
            vec!["la_nacion", "la_nacion", "dialogo"],
        ]
    );
    // Three voices: Diálogo C3 (0.36), Toma C3 (0.36), La Nación B3 (0.48).
    assert_eq!(g.origins(drones), Some(3));
    let expected = 1.0 - (1.0 - 0.36) * (1.0 - 0.36) * (1.0 - 0.48);
    assert!((g.confidence(drones).unwrap() - expected).abs() < 1e-12);
    assert!((expected - 0.787008).abs() < 1e-12);
}

#[test]
fn quds_force_in_spanish_and_english_is_one_actor() {
    let g = seed();
    let quds = g.find("Fuerza Quds").unwrap();
    assert_eq!(g.find("Quds Force"), Ok(quds));
    assert_eq!(g.find("FUERZA QUDS"), Ok(quds));
    assert_eq!(g.actor(quds).unwrap().key.as_str(), "quds_force");
    assert_eq!(g.find("Irán"), g.find("IRAN"));
    assert_eq!(g.find("VEVAK"), Ok(id(&g, "vevak")));
}

#[test]
fn timeline_of_bolivia_iran_ties_is_in_order() {
    let g = seed();
    let entries = both(&g, |v| v.timeline_valid(id(&g, "bolivia"), id(&g, "iran")));
    let periods: Vec<&str> = entries
        .iter()
        .map(|e| e.split(' ').next().unwrap())
        .collect::<Vec<_>>();
    let mut distinct = periods.clone();
    distinct.dedup();
    // 2006 (ties since the Morales government), 2009 (Ahmadinejad's visit),
    // July 2023 (the memorandum), early March 2024 (the GECF summit).
    assert_eq!(distinct, ["2006/..", "2009", "2023-07", "2024-03"]);
    assert_eq!(entries.len(), 17);
    assert_eq!(entries[2], "2009 visited");
    assert!(entries.contains(&"2023-07 signed_agreement".to_owned()));
    assert!(entries.contains(&"2024-03 cooperates:health".to_owned()));
}

#[test]
fn single_source_claims_about_iran() {
    let g = seed();
    let iran = id(&g, "iran");
    let single = both(&g, |v| v.single_source_about(iran));
    assert_eq!(single.len(), 28);
    for claim in &single {
        assert_eq!(g.origins(*claim), Some(1), "{}", line(&g, *claim));
        let c = g.claim(*claim).unwrap().to_claim();
        assert!(c.subject.as_str() == "iran" || c.object.as_str() == "iran");
    }
    // The claims about Iran that more than one voice carries.
    let all_about_iran: Vec<ClaimId> = g
        .claim_ids()
        .filter(|c| {
            let (s, o) = g.endpoints(*c).unwrap();
            s == iran || o == iran
        })
        .filter(|c| !single.contains(c))
        .collect();
    let mut corroborated = lines(&g, &all_about_iran);
    corroborated.sort();
    assert_eq!(
        corroborated,
        [
            "bolivia signed_agreement iran @2023-07",
            "iran has_presence_in latin_america @2024-03",
            "iran supplies_arms bolivia @2023-07",
            "iran threatens latin_america @2024-03",
        ]
    );
}

#[test]
fn hezbollah_reaches_bolivia_in_two_steps_through_iran() {
    let g = seed();
    let (hezbollah, iran, bolivia) = (id(&g, "hezbollah"), id(&g, "iran"), id(&g, "bolivia"));
    let paths = both(&g, |v| v.paths(hezbollah, bolivia, 2));
    // No direct claim links them: every chain of at most two claims passes through
    // Iran, first over "Iran supports Hezbollah" (Berensztein on Cadena 3), then over
    // one of the 17 Bolivia-Iran claims of the timeline.
    assert_eq!(paths.len(), 17);
    for (actors, claims) in &paths {
        assert_eq!(actors, &[hezbollah, iran, bolivia]);
        assert_eq!(line(&g, claims[0]), "iran supports hezbollah @2024-03");
        let first = g.claim(claims[0]).unwrap().to_claim();
        let sources: Vec<&str> = first.evidence[0].chain().map(|k| k.as_str()).collect();
        assert_eq!(sources, ["berensztein", "cadena_3", "dialogo"]);
    }
    let second: Vec<ClaimId> = paths.iter().map(|(_, c)| c[1]).collect();
    assert!(lines(&g, &second).contains(&"iran supplies_arms bolivia @2023-07".to_owned()));
}

#[test]
fn trusting_only_bbc_and_la_nacion_about_drones() {
    let g = seed();
    let filter = Filter::new()
        .trust_only(["bbc", "la_nacion"])
        .relations([RelationKind::SuppliesArms]);
    let kept = both(&g, |v| v.kept(&filter));
    // Of the two arms claims (Bolivia and Venezuela), only La Nación's account of
    // the sale to Bolivia survives, on its own grade: B3 = 0.8 x 0.6 = 0.48.
    assert_eq!(kept.len(), 1);
    let (claim, origins, confidence) = kept[0];
    assert_eq!(line(&g, claim), "iran supplies_arms bolivia @2023-07");
    assert_eq!(origins, 1);
    assert!((f64::from_bits(confidence) - 0.48).abs() < 1e-12);
    // Everything La Nación and the BBC said, on any subject.
    let all = both(&g, |v| {
        v.kept(&Filter::new().trust_only(["bbc", "la_nacion"]))
    });
    let mut said: Vec<String> = all.iter().map(|(c, _, _)| line(&g, *c)).collect();
    said.sort();
    assert_eq!(
        said,
        [
            "argentina monitors bolivia @2024-03",
            "argentina monitors iran @2024-03",
            "bolivia cooperates:security iran @2023-07",
            "bolivia severed_relations israel @2023-10-31",
            "bolivia signed_agreement iran @2023-07",
            "iran supplies_arms bolivia @2023-07",
        ]
    );
}

#[test]
fn hezbollah_reaches_bolivia_over_one_route() {
    let g = seed();
    let snap = Snapshot::new(&g);
    let (hezbollah, iran, bolivia) = (id(&g, "hezbollah"), id(&g, "iran"), id(&g, "bolivia"));
    for routes in [
        simple_paths(&g, hezbollah, bolivia, &Filter::new())
            .max_depth(2)
            .collect::<Vec<_>>(),
        simple_paths(&snap, hezbollah, bolivia, &Filter::new())
            .max_depth(2)
            .collect::<Vec<_>>(),
    ] {
        // The 17 claim-level paths are one route: one claim on the first hop, the
        // 17 Bolivia-Iran claims on the second.
        assert_eq!(routes.len(), 1);
        assert_eq!(routes[0].actors, [hezbollah, iran, bolivia]);
        assert_eq!(
            routes[0].hops.iter().map(Vec::len).collect::<Vec<_>>(),
            [1, 17]
        );
        assert_eq!(routes[0].path_count(), 17);
        // The best path goes over the memorandum (0.92) after Berensztein's 0.36.
        assert!((routes[0].confidence - 0.36 * 0.92).abs() < 0.005);
    }
    assert_eq!(
        simple_paths(&snap, hezbollah, bolivia, &Filter::new())
            .max_depth(2)
            .count_paths(),
        17
    );
}

#[test]
fn a_claim_reads_as_a_sentence() {
    let g = seed();
    let key = Claim::new(
        "iran".parse().unwrap(),
        Relation::SuppliesArms,
        "bolivia".parse().unwrap(),
        "2023-07".parse().unwrap(),
    )
    .key();
    let drones = g.claim_id(&key).expect("the drone claim");
    let expected = "Iran supplies arms to Bolivia (2023-07), 0.79 from 3 voices: Diálogo (C3); \
                    Miguel Angel Toma in DNews (C3) via Diálogo; La Nación (B3) via Diálogo";
    assert_eq!(g.claim(drones).unwrap().to_string(), expected);
    assert_eq!(
        Snapshot::new(&g).claim(drones).unwrap().to_string(),
        expected
    );
}

#[test]
fn an_outlets_own_voice_can_be_dropped_while_its_relays_stay() {
    let g = seed();
    let key = Claim::new(
        "iran".parse().unwrap(),
        Relation::SuppliesArms,
        "bolivia".parse().unwrap(),
        "2023-07".parse().unwrap(),
    )
    .key();
    let drones = g.claim_id(&key).expect("the drone claim");
    let origins = |f: &Filter| {
        both(&g, |v| v.kept(f))
            .into_iter()
            .find(|(c, _, _)| *c == drones)
            .map(|(_, origins, _)| origins)
    };
    // Diálogo published one account itself and relayed the other two.
    assert_eq!(origins(&Filter::new()), Some(3));
    assert_eq!(
        origins(&Filter::new().exclude_sources_as(SourceRole::Outlet, ["dialogo"])),
        Some(2)
    );
    assert_eq!(
        origins(&Filter::new().exclude_sources_as(SourceRole::Relay, ["dialogo"])),
        Some(1)
    );
    assert_eq!(origins(&Filter::new().exclude_sources(["dialogo"])), None);
}

#[test]
fn names_are_found_by_prefix_and_by_similarity() {
    let g = seed();
    let snap = Snapshot::new(&g);
    let keys = |found: Vec<claimgraph::query::NameMatch<'_>>, v: &dyn Fn(ActorId) -> String| {
        found
            .iter()
            .map(|m| (v(m.actor), m.name.to_owned()))
            .collect::<Vec<_>>()
    };
    let key_of = |a: ActorId| g.actor(a).unwrap().key.to_string();
    // "Morales" is a word of "Evo Morales"; a whole-name lookup finds nothing.
    assert!(g.find("Morales").is_err());
    let expected = [("evo_morales".to_owned(), "Evo Morales".to_owned())];
    assert_eq!(keys(g.find_prefix("Morales", 5), &key_of), expected);
    assert_eq!(keys(snap.find_prefix("morales", 5), &key_of), expected);
    // A misspelling ranks the right actor first.
    let similar = snap.find_similar("Hesbollah", 3);
    assert_eq!(key_of(similar[0].actor), "hezbollah");
    assert_eq!(g.find_similar("Hesbollah", 3), similar);
    // "Iran and its organs" in one call.
    let organs =
        claimgraph::query::Scope::set([id(&g, "iran"), id(&g, "quds_force"), id(&g, "vevak")]);
    let report = corroboration_of(&snap, organs, &Filter::new());
    assert_eq!((report.single_source.len(), report.entries.len()), (30, 34));
}
