//! The store's contract, one behaviour per test, with values checked by hand: name
//! lookup folds case and accents and reports ambiguity, evidence merges under its
//! claim key, the confidence model combines voices as documented, and every rejected
//! mutation names what was wrong and leaves the graph exactly as it was.

use crate::support::{json, key};

use claimgraph::ClaimGraph;
use claimgraph::io::{Format, Importer, IoError, JsonDocument};
use claimgraph::model::{
    Actor, ActorKind, Admiralty, Attribution, Claim, Grade, ModelError, PartialDate, Polarity,
    Relation, ValidTime,
};
use claimgraph::store::{Added, Batch, LookupError, StoreError};

fn at(date: &str) -> ValidTime {
    date.parse().unwrap()
}

/// An attribution with an explicit confidence, a claimant and an optional first outlet.
fn said(claimant: &str, outlet: Option<&str>, confidence: f64) -> Attribution {
    let a = Attribution::new(Grade::confidence(confidence).unwrap()).with_claimant(key(claimant));
    match outlet {
        Some(o) => a.with_outlet(key(o)),
        None => a,
    }
}

fn claim(subject: &str, relation: Relation, object: &str, valid: &str) -> Claim {
    Claim::new(key(subject), relation, key(object), at(valid))
}

/// The cast of the seed article, enough for every test below.
fn graph() -> ClaimGraph {
    let mut g = ClaimGraph::new();
    for actor in [
        Actor::new("iran", ActorKind::State, "Iran")
            .unwrap()
            .with_alias("Irán", Some("es"))
            .with_alias("Teherán", Some("es")),
        Actor::new("bolivia", ActorKind::State, "Bolivia").unwrap(),
        Actor::new("latin_america", ActorKind::Region, "Latin America").unwrap(),
        Actor::new("arce", ActorKind::Person, "Luis Arce").unwrap(),
        Actor::new("raisi", ActorKind::Person, "Ebrahim Raisi").unwrap(),
        Actor::new("toma", ActorKind::Person, "Miguel Ángel Toma").unwrap(),
        Actor::new("calle", ActorKind::Person, "Fabián Calle").unwrap(),
        Actor::new("la_nacion", ActorKind::MediaOutlet, "La Nación").unwrap(),
        Actor::new("dnews", ActorKind::MediaOutlet, "DNews").unwrap(),
        Actor::new("dialogo", ActorKind::MediaOutlet, "Diálogo").unwrap(),
    ] {
        g.add_actor(actor).unwrap();
    }
    g
}

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-12,
        "expected {expected}, got {actual}"
    );
}

// ----- names ----------------------------------------------------------------------

#[test]
fn name_folding_finds_one_actor_under_every_spelling() {
    let g = graph();
    let iran = g.actor_id("iran").unwrap();
    for name in [
        "irán", "IRAN", "Iran", "  iRÁn ", "Irán", "teheran", "TEHERÁN",
    ] {
        assert_eq!(g.find(name), Ok(iran), "{name:?}");
    }
    // "Irán" with a combining acute accent (decomposed form) folds the same way.
    assert_eq!(g.find("Ira\u{301}n"), Ok(iran));
    assert_eq!(g.find_all("IRÁN"), [iran]);
    assert_eq!(g.find("miguel angel toma"), Ok(g.actor_id("toma").unwrap()));
    assert_eq!(
        g.find("Irak"),
        Err(LookupError::NotFound {
            name: "Irak".to_owned()
        })
    );
}

#[test]
fn an_ambiguous_name_lists_every_candidate() {
    let mut g = graph();
    let party = g
        .add_actor(Actor::new("mas_party", ActorKind::Group, "MAS").unwrap())
        .unwrap();
    let person = g
        .add_actor(Actor::new("mas_person", ActorKind::Person, "Más").unwrap())
        .unwrap();
    let err = g.find("más").unwrap_err();
    assert_eq!(
        err,
        LookupError::Ambiguous {
            name: "más".to_owned(),
            candidates: vec![key("mas_party"), key("mas_person")],
        }
    );
    assert_eq!(
        err.to_string(),
        "the name \"más\" is ambiguous: mas_party, mas_person"
    );
    assert_eq!(g.find_all("MAS"), [party, person]);
    // A key is never ambiguous: it names one actor.
    assert_eq!(g.find("mas_person"), Ok(person));
}

// ----- merging --------------------------------------------------------------------

#[test]
fn evidence_for_the_same_key_merges_into_one_claim() {
    let mut g = graph();
    let first = g
        .add_claim(
            claim("iran", Relation::SuppliesArms, "bolivia", "2023-07").with_evidence(said(
                "la_nacion",
                Some("la_nacion"),
                0.6,
            )),
        )
        .unwrap();
    let Added::New(id) = first else {
        panic!("first evidence must create the claim, got {first:?}")
    };
    let second = g
        .add_claim(
            claim("iran", Relation::SuppliesArms, "bolivia", "2023-07").with_evidence(said(
                "toma",
                Some("dnews"),
                0.5,
            )),
        )
        .unwrap();
    assert_eq!(second, Added::Merged(id));
    assert_eq!(g.claim_count(), 1);
    let stored = g.claim(id).unwrap().to_claim();
    assert_eq!(
        stored.evidence,
        [
            said("la_nacion", Some("la_nacion"), 0.6),
            said("toma", Some("dnews"), 0.5)
        ]
    );
    // An attribution already present is not added twice.
    let again = g
        .add_claim(
            claim("iran", Relation::SuppliesArms, "bolivia", "2023-07").with_evidence(said(
                "toma",
                Some("dnews"),
                0.5,
            )),
        )
        .unwrap();
    assert_eq!(again, Added::Merged(id));
    assert_eq!(g.claim(id).unwrap().to_claim().evidence.len(), 2);
    assert_eq!(g.claim_id(&stored.key()), Some(id));
}

#[test]
fn a_symmetric_relation_merges_in_either_orientation() {
    let mut g = graph();
    let id = g
        .add_claim(
            claim("iran", Relation::MetWith, "bolivia", "2024-03").with_evidence(said(
                "dialogo",
                Some("dialogo"),
                0.6,
            )),
        )
        .unwrap()
        .id();
    let reverse = claim("bolivia", Relation::MetWith, "iran", "2024-03").with_evidence(said(
        "toma",
        Some("dnews"),
        0.5,
    ));
    assert_eq!(g.claim_id(&reverse.key()), Some(id));
    assert_eq!(g.add_claim(reverse).unwrap(), Added::Merged(id));
    assert_eq!(g.claim_count(), 1);
    // Stored in key order, as ClaimKey orders it: "bolivia" < "iran".
    let stored = g.claim(id).unwrap().to_claim();
    assert_eq!(
        (stored.subject.as_str(), stored.object.as_str()),
        ("bolivia", "iran")
    );
    assert_eq!(stored.evidence.len(), 2);
    assert_close(g.confidence(id).unwrap(), 0.8);
}

#[test]
fn a_directed_relation_in_reverse_is_another_claim() {
    let mut g = graph();
    let a = g
        .add_claim(
            claim("iran", Relation::SuppliesArms, "bolivia", "2023-07")
                .with_evidence(said("dialogo", None, 0.6)),
        )
        .unwrap();
    let b = g
        .add_claim(
            claim("bolivia", Relation::SuppliesArms, "iran", "2023-07")
                .with_evidence(said("dialogo", None, 0.6)),
        )
        .unwrap();
    assert!(matches!((a, b), (Added::New(x), Added::New(y)) if x != y));
    assert_eq!(g.claim_count(), 2);
}

#[test]
fn another_valid_time_or_polarity_is_another_claim() {
    let mut g = graph();
    let evidence = said("dialogo", Some("dialogo"), 0.6);
    let base = claim("iran", Relation::SignedAgreement, "bolivia", "2023-07")
        .with_evidence(evidence.clone());
    assert!(matches!(g.add_claim(base.clone()), Ok(Added::New(_))));
    // 2023 covers July 2023 but is another valid time: no merge.
    let year =
        claim("iran", Relation::SignedAgreement, "bolivia", "2023").with_evidence(evidence.clone());
    assert!(matches!(g.add_claim(year), Ok(Added::New(_))));
    let interval = claim(
        "iran",
        Relation::SignedAgreement,
        "bolivia",
        "2023-07/2023-07",
    )
    .with_evidence(evidence.clone());
    assert!(matches!(g.add_claim(interval), Ok(Added::New(_))));
    let denied = base.with_polarity(Polarity::Denied);
    assert!(matches!(g.add_claim(denied), Ok(Added::New(_))));
    assert_eq!(g.claim_count(), 4);
}

// ----- confidence -----------------------------------------------------------------

/// Adds one claim `iran supplies_arms bolivia @2023-07` carrying `evidence`.
fn supplied(evidence: &[Attribution]) -> (ClaimGraph, claimgraph::ClaimId) {
    let mut g = graph();
    let mut c = claim("iran", Relation::SuppliesArms, "bolivia", "2023-07");
    c.evidence = evidence.to_vec();
    let id = g.add_claim(c).unwrap().id();
    (g, id)
}

#[test]
fn two_independent_voices_combine_by_noisy_or() {
    // 1 - (1 - 0.6)(1 - 0.5) = 1 - 0.2 = 0.8
    let (g, id) = supplied(&[
        said("la_nacion", Some("la_nacion"), 0.6),
        said("toma", Some("dnews"), 0.5),
    ]);
    assert_close(g.confidence(id).unwrap(), 0.8);
    assert_eq!(g.origins(id), Some(2));
}

#[test]
fn the_same_claimant_twice_is_one_voice_at_its_best_grade() {
    // Toma on DNews and Toma without an outlet: one voice, max(0.5, 0.3) = 0.5.
    let (g, id) = supplied(&[said("toma", Some("dnews"), 0.5), said("toma", None, 0.3)]);
    assert_eq!(g.confidence(id), Some(0.5));
    assert_eq!(g.origins(id), Some(1));
}

#[test]
fn the_same_first_outlet_with_other_claimants_is_one_voice() {
    // Toma and Calle both first published by DNews: one voice, max(0.5, 0.7) = 0.7.
    let (g, id) = supplied(&[
        said("toma", Some("dnews"), 0.5),
        said("calle", Some("dnews"), 0.7),
    ]);
    assert_eq!(g.confidence(id), Some(0.7));
    assert_eq!(g.origins(id), Some(1));
}

#[test]
fn shared_origins_are_closed_transitively() {
    // toma/dnews ~ toma/la_nacion (claimant) ~ calle/la_nacion (outlet): one voice, 0.6.
    let (g, id) = supplied(&[
        said("toma", Some("dnews"), 0.2),
        said("calle", Some("la_nacion"), 0.6),
        said("toma", Some("la_nacion"), 0.4),
    ]);
    assert_eq!(g.confidence(id), Some(0.6));
    assert_eq!(g.origins(id), Some(1));
}

#[test]
fn a_relay_of_an_existing_origin_leaves_confidence_unchanged() {
    let toma = said("toma", Some("dnews"), 0.5);
    let (mut g, id) = supplied(&[toma.clone(), said("la_nacion", Some("la_nacion"), 0.6)]);
    let before = g.confidence(id).unwrap();
    assert_close(before, 0.8);
    let relayed = toma.with_relay(key("dialogo"));
    let merged = g
        .add_claim(
            claim("iran", Relation::SuppliesArms, "bolivia", "2023-07").with_evidence(relayed),
        )
        .unwrap();
    assert_eq!(merged, Added::Merged(id));
    assert_eq!(g.claim(id).unwrap().to_claim().evidence.len(), 3);
    assert_eq!(g.confidence(id).unwrap().to_bits(), before.to_bits());
    assert_eq!(g.origins(id), Some(2));
}

#[test]
fn admiralty_grades_map_through_the_documented_table() {
    let b2: Admiralty = "B2".parse().unwrap();
    assert_close(b2.confidence(), 0.64); // 0.80 x 0.80
    assert_close("A1".parse::<Admiralty>().unwrap().confidence(), 0.9025); // 0.95 x 0.95
    assert_close("C3".parse::<Admiralty>().unwrap().confidence(), 0.36); // 0.60 x 0.60
    assert_close("F6".parse::<Admiralty>().unwrap().confidence(), 0.25); // 0.50 x 0.50
    assert_eq!(
        "G2".parse::<Admiralty>(),
        Err(ModelError::InvalidAdmiralty {
            text: "G2".to_owned()
        })
    );
    let graded = Attribution::new(Grade::Admiralty(b2)).with_claimant(key("la_nacion"));
    let (g, id) = supplied(&[graded]);
    assert_close(g.confidence(id).unwrap(), 0.64);
}

#[test]
fn one_voice_is_believed_exactly_as_graded() {
    // One voice: the claim's confidence is that voice's best grade, to the bit, so that
    // a filter at 0.1 keeps a claim graded 0.1.
    for grade in [0.1, 0.2, 0.08, 0.3, 0.7] {
        let (g, id) = supplied(&[said("toma", Some("dnews"), grade)]);
        assert_eq!(g.confidence(id), Some(grade), "graded {grade}");
        let c = claim("iran", Relation::SuppliesArms, "bolivia", "2023-07").with_evidence(said(
            "toma",
            Some("dnews"),
            grade,
        ));
        assert_eq!(c.confidence(), grade, "graded {grade}");
    }
}

#[test]
fn a_symmetric_claim_fits_its_relation_in_either_orientation() {
    // allied_with: domain state/person/group, range state/group. "toma allied_with
    // bolivia" fits and is stored in key order as "bolivia allied_with toma"; the
    // same claim given in that orientation must merge, not be refused.
    let mut g = graph();
    let id = g
        .add_claim(
            claim("toma", Relation::AlliedWith, "bolivia", "2024-03")
                .with_evidence(said("dialogo", None, 0.5)),
        )
        .unwrap()
        .id();
    let stored = g.claim(id).unwrap().to_claim();
    assert_eq!(
        (stored.subject.as_str(), stored.object.as_str()),
        ("bolivia", "toma")
    );
    assert_eq!(
        g.add_claim(
            claim("bolivia", Relation::AlliedWith, "toma", "2024-03")
                .with_evidence(said("calle", None, 0.5))
        ),
        Ok(Added::Merged(id))
    );
}

// ----- rejected input -------------------------------------------------------------

/// Asserts that adding `c` fails with `expected` and changes nothing.
fn rejects(g: &mut ClaimGraph, c: Claim, expected: StoreError) {
    let before = json(g);
    assert_eq!(g.add_claim(c), Err(expected));
    assert_eq!(json(g), before);
}

#[test]
fn unknown_actors_are_named_with_their_field() {
    let mut g = graph();
    let ok = || said("dialogo", Some("dialogo"), 0.6);
    let unknown = |k: &str, field| StoreError::UnknownActor {
        key: k.to_owned(),
        field,
    };
    rejects(
        &mut g,
        claim("nobody", Relation::MetWith, "iran", "2023").with_evidence(ok()),
        unknown("nobody", "subject"),
    );
    rejects(
        &mut g,
        claim("iran", Relation::MetWith, "nobody", "2023").with_evidence(ok()),
        unknown("nobody", "object"),
    );
    rejects(
        &mut g,
        claim("iran", Relation::MetWith, "bolivia", "2023").with_evidence(said("ghost", None, 0.5)),
        unknown("ghost", "claimant"),
    );
    rejects(
        &mut g,
        claim("iran", Relation::MetWith, "bolivia", "2023").with_evidence(said(
            "toma",
            Some("ghost_tv"),
            0.5,
        )),
        unknown("ghost_tv", "outlet"),
    );
    rejects(
        &mut g,
        claim("iran", Relation::MetWith, "bolivia", "2023")
            .with_evidence(said("toma", Some("dnews"), 0.5).with_relay(key("ghost_tv"))),
        unknown("ghost_tv", "relays"),
    );
    assert_eq!(
        unknown("nobody", "subject").to_string(),
        "unknown actor \"nobody\" in field `subject`"
    );
}

#[test]
fn kinds_outside_domain_or_range_are_rejected() {
    let mut g = graph();
    let ok = || said("dialogo", Some("dialogo"), 0.6);
    // member_of ranges over states, groups and outlets: a person has no members.
    rejects(
        &mut g,
        claim("arce", Relation::MemberOf, "raisi", "2024-03").with_evidence(ok()),
        StoreError::KindMismatch {
            relation: Relation::MemberOf,
            field: "object",
            key: key("raisi"),
            kind: ActorKind::Person,
        },
    );
    // A region is a member of nothing.
    rejects(
        &mut g,
        claim("latin_america", Relation::MemberOf, "bolivia", "2024-03").with_evidence(ok()),
        StoreError::KindMismatch {
            relation: Relation::MemberOf,
            field: "subject",
            key: key("latin_america"),
            kind: ActorKind::Region,
        },
    );
    // Only a person leads: a media outlet cannot lead a state.
    rejects(
        &mut g,
        claim("la_nacion", Relation::Leads, "bolivia", "2024-03").with_evidence(ok()),
        StoreError::KindMismatch {
            relation: Relation::Leads,
            field: "subject",
            key: key("la_nacion"),
            kind: ActorKind::MediaOutlet,
        },
    );
    // The range of member_of includes media outlets (a journalist on staff).
    assert!(
        g.add_claim(claim("toma", Relation::MemberOf, "dnews", "2024-03").with_evidence(ok()))
            .is_ok()
    );
}

#[test]
fn a_claim_linking_an_actor_to_itself_is_rejected() {
    let mut g = graph();
    rejects(
        &mut g,
        claim("iran", Relation::MetWith, "iran", "2023").with_evidence(said("dialogo", None, 0.5)),
        StoreError::SelfLoop { key: key("iran") },
    );
}

#[test]
fn a_claim_without_evidence_is_rejected() {
    let mut g = graph();
    rejects(
        &mut g,
        claim("iran", Relation::MetWith, "bolivia", "2023"),
        StoreError::Model(ModelError::MissingField {
            field: "evidence",
            reason: "must hold at least one attribution",
        }),
    );
}

#[test]
fn nan_and_out_of_range_confidences_are_rejected() {
    assert_eq!(
        Grade::confidence(1.5),
        Err(ModelError::InvalidConfidence {
            field: "grade",
            value: 1.5
        })
    );
    assert_eq!(
        Grade::confidence(-0.1),
        Err(ModelError::InvalidConfidence {
            field: "grade",
            value: -0.1
        })
    );
    match Grade::confidence(f64::NAN) {
        Err(ModelError::InvalidConfidence {
            field: "grade",
            value,
        }) => assert!(value.is_nan()),
        other => panic!("NaN accepted: {other:?}"),
    }
    assert_eq!(Grade::confidence(0.0), Ok(Grade::Confidence(0.0)));
    assert_eq!(Grade::confidence(1.0), Ok(Grade::Confidence(1.0)));

    // A grade built directly, skipping the check, is caught by the store.
    let mut g = graph();
    let bad = Attribution::new(Grade::Confidence(1.5)).with_claimant(key("toma"));
    rejects(
        &mut g,
        claim("iran", Relation::MetWith, "bolivia", "2023").with_evidence(bad),
        StoreError::Model(ModelError::InvalidConfidence {
            field: "grade",
            value: 1.5,
        }),
    );
    let before = json(&g);
    let nan = Attribution::new(Grade::Confidence(f64::NAN)).with_claimant(key("toma"));
    assert!(matches!(
        g.add_claim(claim("iran", Relation::MetWith, "bolivia", "2023").with_evidence(nan)),
        Err(StoreError::Model(ModelError::InvalidConfidence { field: "grade", value })) if value.is_nan()
    ));
    assert_eq!(json(&g), before);
}

const TWO_ACTORS: &str = r#"{"actor":{"key":"iran","kind":"state","name":"Iran"}}
{"actor":{"key":"bolivia","kind":"state","name":"Bolivia"}}
"#;

/// Imports the two actors above then `third` as line 3; returns the error and the graph.
fn import_with_line_3(third: &str) -> (IoError, ClaimGraph) {
    let mut g = ClaimGraph::new();
    let text = format!("{TWO_ACTORS}{third}\n");
    let err = Importer::from_format(Format::JsonLines)
        .import(text.as_bytes(), &mut g)
        .unwrap_err()
        .error;
    (err, g)
}

#[test]
fn out_of_range_and_nan_confidences_are_rejected_in_json_with_their_line() {
    let claim_with = |grade: &str| {
        format!(
            r#"{{"claim":{{"subject":"iran","relation":"met_with","object":"bolivia","valid":"2023","evidence":[{{"claimant":"iran","grade":{grade}}}]}}}}"#
        )
    };
    let (err, g) = import_with_line_3(&claim_with("1.5"));
    match &err {
        IoError::Invalid {
            position, detail, ..
        } if position.line == Some(3) => assert!(
            detail.contains("invalid confidence 1.5 in field `grade`"),
            "{detail}"
        ),
        other => panic!("expected an invalid record on line 3, got {other:?}"),
    }
    // A failed import stores nothing, not even the two actors before it.
    assert_eq!((g.actor_count(), g.claim_count()), (0, 0));
    // JSON has no NaN: the bare token and the string are both refused.
    for nan in ["NaN", "\"NaN\""] {
        let (err, _) = import_with_line_3(&claim_with(nan));
        assert_eq!(
            err.position().and_then(|p| p.line),
            Some(3),
            "{nan}: {err:?}"
        );
    }
    // The same grade in a whole JSON document is refused at parse time too.
    let doc = r#"{"format":"claimgraph","version":1,"actors":[],"claims":[
        {"subject":"a","relation":"met_with","object":"b","evidence":[{"claimant":"a","grade":-0.5}]}]}"#;
    let parsed = serde_json::from_str::<JsonDocument>(doc).unwrap_err();
    assert_eq!(parsed.line(), 2);
    assert!(
        parsed.to_string().contains("invalid confidence -0.5"),
        "{parsed}"
    );
}

#[test]
fn impossible_dates_are_rejected_in_json_with_their_line() {
    assert_eq!(
        "2023-02-30".parse::<PartialDate>(),
        Err(ModelError::InvalidDate {
            text: "2023-02-30".to_owned(),
            reason: "day 30 does not exist in that month".to_owned(),
        })
    );
    assert_eq!(
        PartialDate::day(2023, 2, 30).unwrap_err().to_string(),
        "invalid date \"2023-02-30\": day 30 does not exist in 2023-02"
    );
    let (err, g) = import_with_line_3(
        r#"{"claim":{"subject":"iran","relation":"met_with","object":"bolivia","valid":"2023-02-30","evidence":[{"claimant":"iran","grade":0.5}]}}"#,
    );
    match &err {
        IoError::Invalid {
            position, detail, ..
        } if position.line == Some(3) => {
            assert!(detail.contains("\"2023-02-30\""), "{detail}")
        }
        other => panic!("expected an invalid record on line 3, got {other:?}"),
    }
    assert_eq!((g.actor_count(), g.claim_count()), (0, 0));
    // In a reported date too.
    let (err, _) = import_with_line_3(
        r#"{"claim":{"subject":"iran","relation":"met_with","object":"bolivia","evidence":[{"claimant":"iran","grade":0.5,"reported":"2023-02-30"}]}}"#,
    );
    assert_eq!(err.position().and_then(|p| p.line), Some(3), "{err:?}");
}

#[test]
fn a_rejected_batch_names_its_item_and_changes_nothing() {
    let mut g = graph();
    let before = json(&g);
    let batch = Batch::new()
        .actor(Actor::new("israel", ActorKind::State, "Israel").unwrap())
        .actor(Actor::new("chile", ActorKind::State, "Chile").unwrap())
        .claim(
            claim(
                "bolivia",
                Relation::SeveredRelations,
                "israel",
                "2023-10-31",
            )
            .with_evidence(said("dialogo", None, 0.6)),
        )
        .claim(
            claim("chile", Relation::MetWith, "chile", "2023")
                .with_evidence(said("dialogo", None, 0.6)),
        );
    assert_eq!(
        g.apply(batch),
        Err(StoreError::Batch {
            index: 3,
            source: Box::new(StoreError::SelfLoop { key: key("chile") }),
        })
    );
    assert_eq!(json(&g), before);
    assert_eq!(g.find("Israel").ok(), None);
    // A batch naming the same new key twice is rejected at the second one.
    let twice = Batch::new()
        .actor(Actor::new("chile", ActorKind::State, "Chile").unwrap())
        .actor(Actor::new("chile", ActorKind::State, "Chili").unwrap());
    assert_eq!(
        g.apply(twice),
        Err(StoreError::Batch {
            index: 1,
            source: Box::new(StoreError::DuplicateActor { key: key("chile") }),
        })
    );
    assert_eq!(
        g.add_actor(Actor::new("iran", ActorKind::State, "Persia").unwrap()),
        Err(StoreError::DuplicateActor { key: key("iran") })
    );
    assert_eq!(json(&g), before);
}

// ----- removal --------------------------------------------------------------------

#[test]
fn removing_a_cited_actor_fails_and_changes_nothing() {
    let mut g = graph();
    g.add_claim(
        claim("iran", Relation::SuppliesArms, "bolivia", "2023-07").with_evidence(said(
            "toma",
            Some("dnews"),
            0.5,
        )),
    )
    .unwrap();
    g.add_claim(
        claim("arce", Relation::MetWith, "raisi", "2024-03")
            .with_evidence(said("dialogo", Some("dialogo"), 0.5).with_relay(key("dnews"))),
    )
    .unwrap();
    let before = json(&g);
    assert_eq!(
        g.remove_actor("dnews"),
        Err(StoreError::ActorCited {
            key: key("dnews"),
            claims: 2
        })
    );
    assert_eq!(
        g.remove_actor("toma"),
        Err(StoreError::ActorCited {
            key: key("toma"),
            claims: 1
        })
    );
    assert_eq!(
        g.remove_actor("nobody"),
        Err(StoreError::UnknownActor {
            key: "nobody".to_owned(),
            field: "key"
        })
    );
    assert_eq!(json(&g), before);
    assert_eq!(g.find("DNews"), Ok(g.actor_id("dnews").unwrap()));
}

#[test]
fn removing_an_actor_removes_its_claims_and_names() {
    let mut g = graph();
    let toma = g.actor_id("toma").unwrap();
    let supplies = g
        .add_claim(
            claim("iran", Relation::SuppliesArms, "bolivia", "2023-07").with_evidence(said(
                "toma",
                Some("dnews"),
                0.5,
            )),
        )
        .unwrap()
        .id();
    let met = g
        .add_claim(
            claim("arce", Relation::MetWith, "raisi", "2024-03").with_evidence(said(
                "toma",
                Some("dnews"),
                0.5,
            )),
        )
        .unwrap()
        .id();
    let leads = g
        .add_claim(
            claim("raisi", Relation::Leads, "iran", "2024-03").with_evidence(said(
                "dialogo",
                Some("dialogo"),
                0.6,
            )),
        )
        .unwrap()
        .id();
    assert_eq!(g.claims_citing(toma), [supplies, met]);

    let removed = g.remove_actor("iran").unwrap();
    assert_eq!(removed.key, key("iran"));
    assert_eq!(removed.aliases.len(), 2);
    assert_eq!((g.actor_count(), g.claim_count()), (9, 1));
    assert!(g.claim(supplies).is_none() && g.claim(leads).is_none());
    assert_eq!(g.claim(met).unwrap().to_claim().subject, key("arce"));
    assert_eq!(g.claims_citing(toma), [met]);
    assert_eq!(g.claims_citing(g.actor_id("dialogo").unwrap()), []);
    for name in ["Iran", "irán", "Teherán", "iran"] {
        assert_eq!(
            g.find(name),
            Err(LookupError::NotFound {
                name: name.to_owned()
            })
        );
    }
    assert_eq!(
        g.actors().map(|a| a.key.as_str()).collect::<Vec<_>>(),
        [
            "bolivia",
            "latin_america",
            "arce",
            "raisi",
            "toma",
            "calle",
            "la_nacion",
            "dnews",
            "dialogo"
        ]
    );
    // The key and the names are free again, and the newcomer inherits no evidence.
    let persia = g
        .add_actor(
            Actor::new("iran", ActorKind::State, "Persia")
                .unwrap()
                .with_alias("Irán", None),
        )
        .unwrap();
    assert_eq!(g.find("IRAN"), Ok(persia));
    assert_eq!(g.find("iran"), Ok(persia));
    assert_eq!(g.claims_citing(persia), []);
    assert_eq!(g.claim_count(), 1);
}

#[test]
fn removing_a_claim_removes_it_from_claims_citing() {
    let mut g = graph();
    let toma = g.actor_id("toma").unwrap();
    let dialogo = g.actor_id("dialogo").unwrap();
    let a = g
        .add_claim(
            claim("iran", Relation::SuppliesArms, "bolivia", "2023-07")
                .with_evidence(said("toma", Some("dnews"), 0.5).with_relay(key("dialogo"))),
        )
        .unwrap()
        .id();
    let b = g
        .add_claim(
            claim("arce", Relation::MetWith, "raisi", "2024-03").with_evidence(said(
                "toma",
                Some("dnews"),
                0.5,
            )),
        )
        .unwrap()
        .id();
    assert_eq!(g.claims_citing(toma), [a, b]);
    assert_eq!(g.claims_citing(dialogo), [a]);

    let removed = g.remove_claim(a).unwrap();
    assert_eq!(removed.relation, Relation::SuppliesArms);
    assert_eq!(g.claims_citing(toma), [b]);
    assert_eq!(g.claims_citing(dialogo), []);
    assert_eq!(
        g.remove_claim(a),
        Err(StoreError::UnknownClaim {
            id: a.index() as u32
        })
    );
    assert_eq!(
        g.remove_actor("toma"),
        Err(StoreError::ActorCited {
            key: key("toma"),
            claims: 1
        })
    );
    // Dialogo is no longer cited and may go; its removal leaves claim b alone.
    assert!(g.remove_actor("dialogo").is_ok());
    g.remove_claim(b).unwrap();
    assert_eq!(g.claims_citing(toma), []);
    assert_eq!(g.remove_actor("toma").unwrap().name, "Miguel Ángel Toma");
    assert_eq!(g.claim_count(), 0);
}

#[test]
fn a_removed_claim_key_can_be_added_again_as_new() {
    let mut g = graph();
    let c = claim("iran", Relation::MetWith, "bolivia", "2024-03")
        .with_evidence(said("dialogo", None, 0.6));
    let id = g.add_claim(c.clone()).unwrap().id();
    g.remove_claim(id).unwrap();
    assert_eq!(g.claim_id(&c.key()), None);
    assert!(matches!(g.add_claim(c), Ok(Added::New(_))));
    assert_eq!(g.claim_count(), 1);
}
