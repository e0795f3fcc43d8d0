//! External ids: claims found by the identifiers of the data they came from, actors
//! by their identifiers in outside registries.

use crate::support::{json, key};

use claimgraph::ClaimGraph;
use claimgraph::io::JsonDocument;
use claimgraph::model::{
    Actor, ActorKind, Attribution, Claim, Grade, ModelError, Relation, ValidTime,
};
use claimgraph::store::{LookupError, StoreError};

fn graph() -> ClaimGraph {
    let mut g = ClaimGraph::new();
    for (k, name) in [
        ("usa", "United States"),
        ("chn", "China"),
        ("rus", "Russia"),
    ] {
        g.add_actor(Actor::new(k, ActorKind::State, name).unwrap())
            .unwrap();
    }
    g.add_actor(Actor::new("reuters", ActorKind::MediaOutlet, "Reuters").unwrap())
        .unwrap();
    g
}

fn met(object: &str, valid: &str, grade: f64) -> Claim {
    Claim::new(
        key("usa"),
        Relation::MetWith,
        key(object),
        valid.parse::<ValidTime>().unwrap(),
    )
    .with_evidence(
        Attribution::new(Grade::confidence(grade).unwrap()).with_claimant(key("reuters")),
    )
}

#[test]
fn a_later_record_finds_the_claim_by_its_external_id() {
    let mut g = graph();
    let id = g
        .add_claim(met("chn", "2018-05-30", 0.5).with_external_id("gdelt", "760359406"))
        .unwrap()
        .id();
    assert_eq!(g.claim_by_external("gdelt", "760359406"), Some(id));
    assert_eq!(g.claim_by_external("gdelt", "1"), None);
    assert_eq!(g.claim_by_external("icews", "760359406"), None);
    // Evidence merging into the claim brings its ids along, like codes.
    let merged = g
        .add_claim(met("chn", "2018-05-30", 0.7).with_external_id("icews", "26651"))
        .unwrap();
    assert_eq!(merged.id(), id);
    assert_eq!(g.claim_by_external("icews", "26651"), Some(id));
    assert_eq!(
        g.claim(id).unwrap().external_ids().collect::<Vec<_>>(),
        ["gdelt:760359406", "icews:26651"]
    );
    // Saved and loaded with the JSON document; a claim without ids writes no field.
    g.add_claim(met("rus", "2018", 0.5)).unwrap();
    let text = json(&g);
    assert_eq!(text.matches("\"external_ids\"").count(), 1);
    let reloaded = serde_json::from_str::<JsonDocument>(&text)
        .unwrap()
        .into_graph()
        .unwrap();
    // Another graph: the same slot, under that graph's identity.
    assert_eq!(
        reloaded
            .claim_by_external("icews", "26651")
            .map(|c| c.index()),
        Some(id.index())
    );
    assert_eq!(json(&reloaded), text);
}

#[test]
fn one_external_id_cannot_name_two_claims() {
    let mut g = graph();
    g.add_claim(met("chn", "2018-05-30", 0.5).with_external_id("gdelt", "760359406"))
        .unwrap();
    let before = json(&g);
    let other = met("rus", "2018-05-30", 0.5).with_external_id("gdelt", "760359406");
    assert_eq!(
        g.add_claim(other.clone()),
        Err(StoreError::ExternalIdConflict {
            id: "gdelt:760359406".to_owned(),
            existing: Box::new(met("chn", "2018-05-30", 0.5).key()),
            given: Box::new(other.key()),
        })
    );
    assert_eq!(
        g.add_claim(other).unwrap_err().to_string(),
        // MetWith is symmetric: its claims name their actors in key order.
        "external id gdelt:760359406 already names the claim chn met_with usa @ 2018-05-30, \
         not rus met_with usa @ 2018-05-30"
    );
    assert_eq!(json(&g), before);
    // Once the claim is removed, the id is free again.
    let id = g.claim_by_external("gdelt", "760359406").unwrap();
    g.remove_claim(id).unwrap();
    assert_eq!(g.claim_by_external("gdelt", "760359406"), None);
    let again = g
        .add_claim(met("rus", "2018-05-30", 0.5).with_external_id("gdelt", "760359406"))
        .unwrap()
        .id();
    assert_eq!(g.claim_by_external("gdelt", "760359406"), Some(again));
}

#[test]
fn external_ids_must_be_registry_colon_id() {
    let mut g = graph();
    for (text, reason) in [
        ("760359406", "expected `registry:id`"),
        (
            ":760359406",
            "the registry and the id must both be non-empty",
        ),
        ("gdelt:", "the registry and the id must both be non-empty"),
        (
            "gdelt:76 03",
            "white space and control characters are not allowed",
        ),
    ] {
        let mut claim = met("chn", "2018", 0.5);
        claim.external_ids.insert(text.to_owned());
        assert_eq!(
            g.add_claim(claim),
            Err(StoreError::Model(ModelError::InvalidExternalId {
                text: text.to_owned(),
                reason
            }))
        );
    }
    assert_eq!(g.claim_count(), 0);
}

#[test]
fn actors_are_found_by_their_external_ids() {
    let mut g = ClaimGraph::new();
    let iran = g
        .add_actor(
            Actor::new("iran", ActorKind::State, "Iran")
                .unwrap()
                .with_external_id("wikidata", "Q794"),
        )
        .unwrap();
    assert_eq!(g.find_external("wikidata", "Q794"), Ok(iran));
    assert_eq!(
        g.find_external("wikidata", "Q750"),
        Err(LookupError::NotFound {
            name: "wikidata:Q750".to_owned()
        })
    );
    // An id merged into an actor is found; one carried by two actors is ambiguous.
    g.merge_actor(
        Actor::new("iran", ActorKind::State, "Iran")
            .unwrap()
            .with_external_id("cameo", "IRN"),
    )
    .unwrap();
    assert_eq!(g.find_external("cameo", "IRN"), Ok(iran));
    g.add_actor(
        Actor::new("persia", ActorKind::State, "Persia")
            .unwrap()
            .with_external_id("cameo", "IRN"),
    )
    .unwrap();
    assert_eq!(
        g.find_external("cameo", "IRN"),
        Err(LookupError::Ambiguous {
            name: "cameo:IRN".to_owned(),
            candidates: vec![key("iran"), key("persia")],
        })
    );
    g.remove_actor("persia").unwrap();
    assert_eq!(g.find_external("cameo", "IRN"), Ok(iran));
    g.remove_actor("iran").unwrap();
    assert!(g.find_external("wikidata", "Q794").is_err());
}

#[test]
fn a_snapshot_answers_external_ids_as_its_store_did_when_taken() {
    use claimgraph::store::Batch;
    use claimgraph::{ReadGraph, Snapshot};
    let mut g = graph();
    let usa = g.actor_id("usa").unwrap();
    g.merge_actor(
        Actor::new("usa", ActorKind::State, "United States")
            .unwrap()
            .with_external_id("wikidata", "Q30"),
    )
    .unwrap();
    let id = g
        .add_claim(met("chn", "2018-05-30", 0.5).with_external_id("gdelt", "760359406"))
        .unwrap()
        .id();
    let snap = Snapshot::new(&g);
    assert_eq!(
        ReadGraph::claim_by_external(&snap, "gdelt", "760359406"),
        Some(id)
    );
    assert_eq!(ReadGraph::find_external(&snap, "wikidata", "Q30"), Ok(usa));
    // Later changes to the store are not seen by the snapshot.
    g.remove_claim(id).unwrap();
    g.apply(
        Batch::new().merge(
            Actor::new("rus", ActorKind::State, "Russia")
                .unwrap()
                .with_external_id("wikidata", "Q159"),
        ),
    )
    .unwrap();
    assert_eq!(g.claim_by_external("gdelt", "760359406"), None);
    assert_eq!(snap.claim_by_external("gdelt", "760359406"), Some(id));
    assert!(snap.find_external("wikidata", "Q159").is_err());
    assert_eq!(
        g.find_external("wikidata", "Q159"),
        Ok(g.actor_id("rus").unwrap())
    );
}
