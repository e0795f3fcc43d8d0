//! Evidence merging into one claim: duplicates, the incremental confidence against a
//! recomputation from scratch, values normalised where they enter, and the cost of
//! corroboration at scale.

use crate::support::{drones, evidence_graph as graph, json, key, said};

use claimgraph::ClaimGraph;
use claimgraph::io::JsonDocument;
use claimgraph::model::{Actor, Attribution, Claim, Document, Grade, PartialDate, confidence};
use claimgraph::store::{Added, StoreError};
use proptest::prelude::*;

// ----- idempotence ----------------------------------------------------------------

#[test]
fn the_same_attribution_is_not_added_twice() {
    let mut g = graph(3, 2);
    let doc = Document {
        url: Some("https://example.org/a".to_owned()),
        title: None,
        lang: None,
        published: None,
    };
    let first = said(0, Some(0), 0.6)
        .with_document(doc.clone())
        .with_excerpt("drones and boats")
        .with_reported("2023-07-20".parse().unwrap());
    let id = g.add_claim(drones(vec![first.clone()])).unwrap().id();
    let once = json(&g);
    // Adding the same claim again changes nothing, to the byte.
    assert_eq!(
        g.add_claim(drones(vec![first.clone()])),
        Ok(Added::Merged(id))
    );
    assert_eq!(json(&g), once);
    // Another reported date is the same account: not added, first kept.
    let redated = first.clone().with_reported("2023-08-01".parse().unwrap());
    g.add_claim(drones(vec![redated])).unwrap();
    assert_eq!(json(&g), once);
    let stored = g.claim(id).unwrap().to_claim();
    assert_eq!(stored.evidence, vec![first.clone()]);
    // Another excerpt is another quote: kept, but the same voice, so the
    // confidence and the origins stay as they were.
    let (confidence, origins) = (g.confidence(id), g.origins(id));
    let requoted = first.clone().with_excerpt("boats and drones");
    g.add_claim(drones(vec![requoted.clone()])).unwrap();
    assert_eq!(
        g.claim(id).unwrap().to_claim().evidence,
        vec![first.clone(), requoted.clone()]
    );
    assert_eq!((g.confidence(id), g.origins(id)), (confidence, origins));
    g.add_claim(drones(vec![requoted])).unwrap();
    assert_eq!(g.claim(id).unwrap().to_claim().evidence.len(), 2);
    g.remove_claim(id).unwrap();
    let id = g.add_claim(drones(vec![first.clone()])).unwrap().id();
    // Another claimant, outlet, relay, document or grade is new evidence.
    let variants = [
        said(1, Some(0), 0.6).with_document(doc.clone()),
        said(0, Some(1), 0.6).with_document(doc.clone()),
        said(0, Some(0), 0.6)
            .with_document(doc.clone())
            .with_relay(key("o1")),
        said(0, Some(0), 0.6),
        said(0, Some(0), 0.7).with_document(doc.clone()),
        Attribution {
            grade: Grade::Admiralty("B2".parse().unwrap()),
            ..said(0, Some(0), 0.6).with_document(doc)
        },
    ];
    for (n, a) in variants.into_iter().enumerate() {
        g.add_claim(drones(vec![a.clone(), a])).unwrap();
        assert_eq!(g.claim(id).unwrap().to_claim().evidence.len(), n + 2);
    }
}

#[test]
fn duplicates_are_found_in_large_claims_too() {
    // Past the size where the claim keeps a voice index.
    let mut g = graph(40, 3);
    let evidence: Vec<Attribution> = (0..40).map(|i| said(i, Some(i % 3), 0.5)).collect();
    let id = g.add_claim(drones(evidence.clone())).unwrap().id();
    let before = json(&g);
    for a in evidence.iter().rev() {
        g.add_claim(drones(vec![
            a.clone().with_reported("2024".parse().unwrap()),
        ]))
        .unwrap();
    }
    g.add_claim(drones(evidence)).unwrap();
    assert_eq!(json(&g), before);
    assert_eq!(g.claim(id).unwrap().to_claim().evidence.len(), 40);
    assert_eq!(g.origins(id), Some(3));
    // Citations are counted once per claim, however the evidence arrived: while the
    // claim stands its sources cannot be removed, and once it is gone they can.
    let o2 = g.actor_id("o2").unwrap();
    assert_eq!(g.claims_citing(o2), vec![id]);
    assert!(matches!(
        g.remove_actor("o2"),
        Err(StoreError::ActorCited { claims: 1, .. })
    ));
    g.remove_claim(id).unwrap();
    assert_eq!(g.claims_citing(o2), Vec::new());
    g.remove_actor("o2").unwrap();
    g.remove_actor("c39").unwrap();
}

// ----- values normalised where they enter -------------------------------------------

#[test]
fn negative_zero_grades_are_stored_as_zero() {
    let mut g = graph(1, 0);
    let id = g
        .add_claim(drones(vec![
            Attribution::new(Grade::Confidence(-0.0)).with_claimant(key("c0")),
        ]))
        .unwrap()
        .id();
    let stored = g.claim(id).unwrap().to_claim();
    assert!(matches!(stored.evidence[0].grade, Grade::Confidence(c) if c.to_bits() == 0));
    assert_eq!(g.confidence(id).unwrap().to_bits(), 0);
    assert!(json(&g).contains("\"grade\":0.0"));
}

#[test]
fn actor_names_are_stored_in_nfc() {
    let mut g = ClaimGraph::new();
    let raw: Actor = serde_json::from_str(
        r#"{"key":"bogota\u0301","kind":"region","name":"Bogota\u0301","aliases":[{"name":"Santa Fe de Bogota\u0301"}]}"#,
    )
    .unwrap();
    let id = g.add_actor(raw).unwrap();
    let stored = g.actor(id).unwrap();
    assert_eq!(stored.key.as_str(), "bogot\u{e1}");
    assert_eq!(stored.name, "Bogot\u{e1}");
    assert_eq!(stored.aliases[0].name, "Santa Fe de Bogot\u{e1}");
    assert_eq!(g.find("bogot\u{e1}"), Ok(id));
}

#[test]
fn claims_with_years_past_9999_cannot_be_made_or_loaded() {
    assert!(PartialDate::year(10_000).is_err());
    assert!("10000-01-01".parse::<PartialDate>().is_err());
    assert!(PartialDate::from_day_number(i32::MAX).is_err());
    let text = r#"{"subject":"iran","relation":"supplies_arms","object":"bolivia","valid":"10000","evidence":[{"claimant":"c0","grade":0.5}]}"#;
    let err = serde_json::from_str::<Claim>(text).unwrap_err().to_string();
    assert!(err.contains("invalid date \"10000\""), "{err}");
    let reported = r#"{"subject":"iran","relation":"supplies_arms","object":"bolivia","evidence":[{"claimant":"c0","grade":0.5,"reported":"0000-01-01"}]}"#;
    let err = serde_json::from_str::<Claim>(reported)
        .unwrap_err()
        .to_string();
    assert!(err.contains("year 0000 is outside 1..=9999"), "{err}");
    // The largest date there is round-trips through the store and its JSON.
    let mut g = graph(1, 0);
    let mut claim = drones(vec![said(0, None, 0.5)]);
    claim.valid = "9999-12-31".parse().unwrap();
    g.add_claim(claim.clone()).unwrap();
    let doc: JsonDocument = serde_json::from_str(&json(&g)).unwrap();
    assert_eq!(doc.claims, vec![claim]);
}

// ----- the incremental confidence ---------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Claims grown one merge at a time, across the size where the store starts
    /// keeping a voice index: the stored confidence and origins are what
    /// `confidence::combine` computes from the stored evidence, to the bit.
    #[test]
    fn merged_confidence_equals_a_recomputation_from_scratch(
        merges in prop::collection::vec(
            prop::collection::vec((0usize..25, prop::option::of(0usize..6), 0usize..5), 1..4),
            1..40,
        )
    ) {
        let grades = [0.0, 0.2, 0.5, 0.64, 0.9];
        let mut g = graph(25, 6);
        let mut id = None;
        for merge in merges {
            let evidence = merge.into_iter().map(|(c, o, k)| said(c, o, grades[k])).collect();
            id = Some(g.add_claim(drones(evidence)).unwrap().id());
            let id = id.unwrap();
            let stored = g.claim(id).unwrap().to_claim();
            let scratch = confidence::combine(&stored.evidence);
            prop_assert_eq!(g.confidence(id).unwrap().to_bits(), scratch.value.to_bits());
            prop_assert_eq!(g.origins(id).unwrap(), scratch.origins);
        }
        // The same evidence given at once gives the same claim.
        let stored = g.claim(id.unwrap()).unwrap().to_claim();
        let mut at_once = graph(25, 6);
        let again = at_once.add_claim(stored.clone()).unwrap().id();
        prop_assert_eq!(at_once.claim(again).unwrap().to_claim(), stored);
        prop_assert_eq!(
            at_once.confidence(again).unwrap().to_bits(),
            g.confidence(id.unwrap()).unwrap().to_bits()
        );
    }
}
