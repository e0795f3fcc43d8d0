//! The hand-transcribed seed data set `tests/data/iran_bolivia.jsonl` parses, validates
//! and is consistent: every key it references is declared, every claim fits its
//! relation's domain and range, no two claim records share a key, and every state,
//! group and region carries a Spanish name.

use crate::support::SEED;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use claimgraph::model::{Actor, ActorKind, Claim, ClaimKey, fold_name};
use serde::Deserialize;

/// Exact totals, counted by hand when the file was transcribed.
const ACTORS: usize = 36;
const CLAIMS: usize = 61;
const ATTRIBUTIONS: usize = 72;

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Record {
    Actor(Actor),
    Claim(Claim),
}

struct Seed {
    actors: Vec<Actor>,
    claims: Vec<Claim>,
}

fn load() -> Seed {
    let mut actors = Vec::new();
    let mut claims = Vec::new();
    for (i, line) in SEED.lines().enumerate() {
        let n = i + 1;
        assert!(!line.trim().is_empty(), "line {n} is blank");
        let record: Record = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {n}: {e}"));
        match record {
            Record::Actor(a) => {
                assert!(claims.is_empty(), "line {n}: actor {} after a claim", a.key);
                a.validate()
                    .unwrap_or_else(|e| panic!("line {n}: actor {}: {e}", a.key));
                actors.push(a);
            }
            Record::Claim(c) => {
                c.validate()
                    .unwrap_or_else(|e| panic!("line {n}: claim {}: {e}", c.key()));
                claims.push(c);
            }
        }
    }
    Seed { actors, claims }
}

#[test]
fn seed_parses_with_exact_totals() {
    let seed = load();
    let attributions: usize = seed.claims.iter().map(|c| c.evidence.len()).sum();
    assert_eq!(seed.actors.len(), ACTORS, "actors");
    assert_eq!(seed.claims.len(), CLAIMS, "claims");
    assert_eq!(attributions, ATTRIBUTIONS, "attributions");
}

#[test]
fn actor_keys_and_folded_names_are_unique() {
    let seed = load();
    let mut keys = BTreeSet::new();
    let mut owner: HashMap<String, &str> = HashMap::new();
    for a in &seed.actors {
        assert!(
            keys.insert(a.key.as_str()),
            "actor {} declared twice",
            a.key
        );
        let k = a.key.as_str();
        assert!(
            k.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "key {k} is not lowercase ascii snake_case"
        );
        for name in a.names() {
            let folded = fold_name(name);
            if let Some(other) = owner.insert(folded.clone(), k) {
                assert_eq!(
                    other, k,
                    "name {name:?} ({folded}) names both {other} and {k}"
                );
            }
        }
    }
}

#[test]
fn every_referenced_key_is_declared_and_fits_its_relation() {
    let seed = load();
    let kinds: HashMap<&str, ActorKind> = seed
        .actors
        .iter()
        .map(|a| (a.key.as_str(), a.kind))
        .collect();
    let kind_of = |key: &str, what: &str, claim: &Claim| -> ActorKind {
        *kinds.get(key).unwrap_or_else(|| {
            panic!(
                "claim {}: {what} {key} is not a declared actor",
                claim.key()
            )
        })
    };
    for c in &seed.claims {
        let rk = c.relation.kind();
        let sk = kind_of(c.subject.as_str(), "subject", c);
        let ok = kind_of(c.object.as_str(), "object", c);
        assert!(
            rk.domain().contains(sk),
            "claim {}: subject kind {sk} not in the domain of {rk}",
            c.key()
        );
        assert!(
            rk.range().contains(ok),
            "claim {}: object kind {ok} not in the range of {rk}",
            c.key()
        );
        assert_ne!(c.subject, c.object, "claim {}: self-loop", c.key());
        for a in &c.evidence {
            for key in a.chain() {
                kind_of(key.as_str(), "source", c);
            }
            if let Some(outlet) = &a.outlet {
                assert_eq!(
                    kinds[outlet.as_str()],
                    ActorKind::MediaOutlet,
                    "claim {}: outlet {outlet} is not a media outlet",
                    c.key()
                );
            }
            for relay in &a.relays {
                assert_eq!(
                    kinds[relay.as_str()],
                    ActorKind::MediaOutlet,
                    "claim {}: relay {relay} is not a media outlet",
                    c.key()
                );
            }
            // Every attribution carries the full provenance of the transcription.
            let doc = a.document.as_ref().expect("document");
            assert!(
                doc.url
                    .as_deref()
                    .is_some_and(|u| u.contains("dialogo-americas.com"))
            );
            assert!(
                a.excerpt
                    .as_deref()
                    .is_some_and(|e| !e.is_empty() && e.chars().count() <= 200)
            );
            assert!(a.reported.is_some(), "claim {}: no reported date", c.key());
        }
    }
}

#[test]
fn no_two_claim_records_share_a_key() {
    let seed = load();
    let mut seen: BTreeMap<ClaimKey, usize> = BTreeMap::new();
    for (i, c) in seed.claims.iter().enumerate() {
        if let Some(j) = seen.insert(c.key(), i) {
            panic!("claims #{j} and #{i} share the key {}", c.key());
        }
    }
}

#[test]
fn states_groups_and_regions_have_spanish_names() {
    let seed = load();
    for a in &seed.actors {
        if matches!(
            a.kind,
            ActorKind::State | ActorKind::Group | ActorKind::Region
        ) {
            assert!(
                a.aliases.iter().any(|al| al.lang.as_deref() == Some("es")),
                "{} ({}) has no Spanish name",
                a.key,
                a.kind
            );
        }
        assert_eq!(
            a.group_type.is_some(),
            a.kind == ActorKind::Group,
            "{}: every group and only groups carry a group type",
            a.key
        );
    }
}

#[test]
fn drone_transfer_is_one_claim_with_three_voices() {
    let seed = load();
    let drones: Vec<&Claim> = seed
        .claims
        .iter()
        .filter(|c| {
            c.subject.as_str() == "iran"
                && c.object.as_str() == "bolivia"
                && c.relation.to_string() == "supplies_arms"
        })
        .collect();
    assert_eq!(drones.len(), 1);
    let claim = drones[0];
    assert_eq!(claim.valid.to_string(), "2023-07");
    let claimants: BTreeSet<&str> = claim
        .evidence
        .iter()
        .filter_map(|a| a.claimant.as_ref().map(|k| k.as_str()))
        .collect();
    assert_eq!(claimants, BTreeSet::from(["dialogo", "la_nacion", "toma"]));
    assert_eq!(claim.origins(), 3);
}

#[test]
fn records_round_trip_through_serde() {
    // The file omits defaults (`polarity`), so compare model values, not JSON text.
    let seed = load();
    for a in &seed.actors {
        let text = serde_json::to_string(a).unwrap();
        assert_eq!(&serde_json::from_str::<Actor>(&text).unwrap(), a);
    }
    for c in &seed.claims {
        let text = serde_json::to_string(c).unwrap();
        assert_eq!(&serde_json::from_str::<Claim>(&text).unwrap(), c);
    }
}
