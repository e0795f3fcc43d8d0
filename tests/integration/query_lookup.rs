//! Lookups on a small hand-built graph: neighbours, claims between two actors, claims
//! by a source, timelines; each answer checked by hand and identical on a snapshot.

use claimgraph::model::{
    Actor, ActorKind, Attribution, Claim, Grade, Polarity, Relation, RelationKind,
};
use claimgraph::query::{
    Filter, Neighbor, SourceRole, Walk, claims_between, claims_by_source, neighbors, timeline,
    timeline_of,
};
use claimgraph::{ActorId, ClaimGraph, ClaimId, Snapshot};

/// The graph, with the ids the tests refer to.
///
/// Actors, by index: iran 0, bolivia 1, venezuela 2, cuba 3 (removed: a vacant
/// index), hezbollah 4, toma 5, la_nacion 6, dialogo 7.
///
/// Claims, by id (1 was removed with cuba):
/// * 0: iran supplies_arms bolivia @ 2023-07; toma on la_nacion relayed by dialogo
///   (0.6, reported 2023-08) and bolivia (0.5, reported 2024-02): 1 - 0.4 * 0.5 = 0.8
/// * 2: venezuela met_with iran @ 2022, symmetric so stored iran -> venezuela;
///   toma (0.7, reported 2022-05)
/// * 3: iran supports hezbollah @ 2006/..; bolivia (0.9, reported 2010)
/// * 4: bolivia supports venezuela @ 2023, DENIED; venezuela (0.95, reported 2023)
/// * 5: hezbollah has_presence_in bolivia @ 2023; la_nacion (0.3, reported 2023-10)
/// * 6: bolivia signed_agreement iran @ 2023-07-20, symmetric, stored bolivia -> iran;
///   bolivia on la_nacion (0.9, reported 2023-07-21)
struct Fixture {
    graph: ClaimGraph,
    iran: ActorId,
    bolivia: ActorId,
    venezuela: ActorId,
    cuba: ActorId,
    hezbollah: ActorId,
    toma: ActorId,
    la_nacion: ActorId,
    dialogo: ActorId,
    c: [ClaimId; 7],
}

fn says(grade: f64, claimant: &str, reported: &str) -> Attribution {
    Attribution::new(Grade::confidence(grade).unwrap())
        .with_claimant(claimant.parse().unwrap())
        .with_reported(reported.parse().unwrap())
}

fn claim(s: &str, r: Relation, o: &str, valid: &str) -> Claim {
    Claim::new(
        s.parse().unwrap(),
        r,
        o.parse().unwrap(),
        valid.parse().unwrap(),
    )
}

fn fixture() -> Fixture {
    let mut g = ClaimGraph::new();
    for (key, kind) in [
        ("iran", ActorKind::State),
        ("bolivia", ActorKind::State),
        ("venezuela", ActorKind::State),
        ("cuba", ActorKind::State),
        ("hezbollah", ActorKind::Group),
        ("toma", ActorKind::Person),
        ("la_nacion", ActorKind::MediaOutlet),
        ("dialogo", ActorKind::MediaOutlet),
    ] {
        g.add_actor(Actor::new(key, kind, key).unwrap()).unwrap();
    }
    let claims = [
        claim("iran", Relation::SuppliesArms, "bolivia", "2023-07")
            .with_evidence(
                says(0.6, "toma", "2023-08")
                    .with_outlet("la_nacion".parse().unwrap())
                    .with_relay("dialogo".parse().unwrap()),
            )
            .with_evidence(says(0.5, "bolivia", "2024-02")),
        claim("cuba", Relation::Supports, "venezuela", "2020")
            .with_evidence(says(0.5, "toma", "2020")),
        claim("venezuela", Relation::MetWith, "iran", "2022")
            .with_evidence(says(0.7, "toma", "2022-05")),
        claim("iran", Relation::Supports, "hezbollah", "2006/..")
            .with_evidence(says(0.9, "bolivia", "2010")),
        claim("bolivia", Relation::Supports, "venezuela", "2023")
            .with_polarity(Polarity::Denied)
            .with_evidence(says(0.95, "venezuela", "2023")),
        claim("hezbollah", Relation::HasPresenceIn, "bolivia", "2023").with_evidence(says(
            0.3,
            "la_nacion",
            "2023-10",
        )),
        claim("bolivia", Relation::SignedAgreement, "iran", "2023-07-20").with_evidence(
            says(0.9, "bolivia", "2023-07-21").with_outlet("la_nacion".parse().unwrap()),
        ),
    ];
    let mut c = Vec::new();
    for cl in claims {
        c.push(g.add_claim(cl).unwrap().id());
    }
    let id = |k: &str| g.actor_id(k).unwrap();
    let cuba = id("cuba");
    let mut fx = Fixture {
        iran: id("iran"),
        bolivia: id("bolivia"),
        venezuela: id("venezuela"),
        cuba,
        hezbollah: id("hezbollah"),
        toma: id("toma"),
        la_nacion: id("la_nacion"),
        dialogo: id("dialogo"),
        c: c.try_into().unwrap(),
        graph: g,
    };
    fx.graph.remove_actor("cuba").unwrap();
    fx
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// `(neighbour, claim, confidence in thousandths, outgoing)`.
type Row = (ActorId, ClaimId, i64, bool);

/// The rows of some neighbours, the confidence rounded for comparison.
fn summary(ns: &[Neighbor]) -> Vec<Row> {
    ns.iter()
        .map(|n| {
            (
                n.actor,
                n.claim,
                (n.confidence * 1000.0).round() as i64,
                n.outgoing,
            )
        })
        .collect()
}

#[test]
fn fixture_is_as_documented() {
    let fx = fixture();
    let g = &fx.graph;
    assert_eq!(
        [fx.iran, fx.bolivia, fx.venezuela, fx.cuba, fx.hezbollah].map(ActorId::index),
        [0, 1, 2, 3, 4]
    );
    assert_eq!(fx.c.map(ClaimId::index), [0, 1, 2, 3, 4, 5, 6]);
    assert!(g.actor(fx.cuba).is_none());
    assert!(g.confidence(fx.c[1]).is_none());
    assert!(close(g.confidence(fx.c[0]).unwrap(), 0.8));
    assert_eq!(g.endpoints(fx.c[2]), Some((fx.iran, fx.venezuela)));
    assert_eq!(g.endpoints(fx.c[6]), Some((fx.bolivia, fx.iran)));
}

#[test]
fn neighbors_follow_the_walk() {
    let fx = fixture();
    let snap = Snapshot::new(&fx.graph);
    let (iran, bolivia, venezuela, hezbollah) = (fx.iran, fx.bolivia, fx.venezuela, fx.hezbollah);
    let c = fx.c;
    let cases: Vec<(ActorId, Filter, Vec<Row>)> = vec![
        // The store lists a node's newest claim first: outgoing 3, 2, 0, then incoming 6.
        (
            iran,
            Filter::new(),
            vec![
                (hezbollah, c[3], 900, true),
                (venezuela, c[2], 700, true),
                (bolivia, c[0], 800, true),
                (bolivia, c[6], 900, false),
            ],
        ),
        // Forward: the incoming agreement is symmetric, so it still counts.
        (
            iran,
            Filter::new().walk(Walk::Forward),
            vec![
                (hezbollah, c[3], 900, true),
                (venezuela, c[2], 700, true),
                (bolivia, c[0], 800, true),
                (bolivia, c[6], 900, false),
            ],
        ),
        // Backward: only symmetric outgoing claims, and every incoming one.
        (
            iran,
            Filter::new().walk(Walk::Backward),
            vec![(venezuela, c[2], 700, true), (bolivia, c[6], 900, false)],
        ),
        // A symmetric relation reached backwards from its stored object.
        (
            venezuela,
            Filter::new().walk(Walk::Forward),
            vec![(iran, c[2], 700, false)],
        ),
        // The denied claim is excluded by default...
        (venezuela, Filter::new(), vec![(iran, c[2], 700, false)]),
        // ...and admitted when the filter asks for either polarity. Incoming claims
        // come symmetric first, then directed.
        (
            venezuela,
            Filter::new().polarity(None),
            vec![(iran, c[2], 700, false), (bolivia, c[4], 950, false)],
        ),
        (
            venezuela,
            Filter::new().polarity(Some(Polarity::Denied)),
            vec![(bolivia, c[4], 950, false)],
        ),
        // Minimum confidence.
        (
            iran,
            Filter::new().min_confidence(0.85),
            vec![(hezbollah, c[3], 900, true), (bolivia, c[6], 900, false)],
        ),
        // Relation kinds.
        (
            iran,
            Filter::new().relations([RelationKind::SuppliesArms, RelationKind::MetWith]),
            vec![(venezuela, c[2], 700, true), (bolivia, c[0], 800, true)],
        ),
        // Valid at 2022: the meeting and the open-ended support.
        (
            iran,
            Filter::new().valid_at("2022".parse().unwrap()),
            vec![(hezbollah, c[3], 900, true), (venezuela, c[2], 700, true)],
        ),
        // As known at the end of 2023: Bolivia's 2024 report of the arms is not yet
        // known, so claim 0 rests on Toma alone (0.6).
        (
            iran,
            Filter::new().as_known_at("2023".parse().unwrap()),
            vec![
                (hezbollah, c[3], 900, true),
                (venezuela, c[2], 700, true),
                (bolivia, c[0], 600, true),
                (bolivia, c[6], 900, false),
            ],
        ),
        // As known at July 2023: nothing of claim 0 yet; the agreement reported on the 21st.
        (
            iran,
            Filter::new().as_known_at("2023-07".parse().unwrap()),
            vec![
                (hezbollah, c[3], 900, true),
                (venezuela, c[2], 700, true),
                (bolivia, c[6], 900, false),
            ],
        ),
        // Trusting Toma only.
        (
            iran,
            Filter::new().trust_only(["toma"]),
            vec![(venezuela, c[2], 700, true), (bolivia, c[0], 600, true)],
        ),
        // Excluding La Nación drops Toma's account of claim 0 and the whole agreement.
        (
            iran,
            Filter::new().exclude_sources(["la_nacion"]),
            vec![
                (hezbollah, c[3], 900, true),
                (venezuela, c[2], 700, true),
                (bolivia, c[0], 500, true),
            ],
        ),
        // Actor kinds: only claims between states.
        (
            iran,
            Filter::new().actor_kinds([ActorKind::State]),
            vec![
                (venezuela, c[2], 700, true),
                (bolivia, c[0], 800, true),
                (bolivia, c[6], 900, false),
            ],
        ),
        // The removed actor's vacant index has no neighbours.
        (fx.cuba, Filter::new(), vec![]),
    ];
    for (i, (actor, filter, expected)) in cases.iter().enumerate() {
        let on_store = neighbors(&fx.graph, *actor, filter);
        assert_eq!(summary(&on_store), *expected, "case {i}");
        assert_eq!(
            neighbors(&snap, *actor, filter),
            on_store,
            "case {i} on the snapshot"
        );
    }
}

#[test]
fn unknown_actor_gives_empty_answers() {
    let fx = fixture();
    let mut other = ClaimGraph::new();
    let mut last = None;
    for i in 0..20 {
        last = Some(
            other
                .add_actor(Actor::new(&format!("x{i}"), ActorKind::State, "x").unwrap())
                .unwrap(),
        );
    }
    let stranger = last.unwrap();
    let f = Filter::new();
    assert!(neighbors(&fx.graph, stranger, &f).is_empty());
    assert!(claims_between(&fx.graph, stranger, fx.iran, &f).is_empty());
    assert!(claims_between(&fx.graph, fx.iran, stranger, &f).is_empty());
    assert!(claims_by_source(&fx.graph, stranger, SourceRole::Any, &f).is_empty());
    assert!(timeline(&fx.graph, fx.iran, stranger, &f).is_empty());
    assert!(timeline_of(&fx.graph, stranger, &f).is_empty());
    assert!(timeline_of(&fx.graph, fx.cuba, &f).is_empty());
    let snap = Snapshot::new(&fx.graph);
    assert!(neighbors(&snap, stranger, &f).is_empty());
    assert!(claims_by_source(&snap, fx.cuba, SourceRole::Any, &f).is_empty());
}

#[test]
fn claims_between_respects_the_walk_from_the_first_actor() {
    let fx = fixture();
    let snap = Snapshot::new(&fx.graph);
    let c = fx.c;
    let cases = [
        (fx.iran, fx.bolivia, Filter::new(), vec![c[0], c[6]]),
        (fx.bolivia, fx.iran, Filter::new(), vec![c[0], c[6]]),
        (
            fx.iran,
            fx.bolivia,
            Filter::new().walk(Walk::Forward),
            vec![c[0], c[6]],
        ),
        (
            fx.iran,
            fx.bolivia,
            Filter::new().walk(Walk::Backward),
            vec![c[6]],
        ),
        (
            fx.bolivia,
            fx.iran,
            Filter::new().walk(Walk::Forward),
            vec![c[6]],
        ),
        (
            fx.bolivia,
            fx.iran,
            Filter::new().walk(Walk::Backward),
            vec![c[0], c[6]],
        ),
        (
            fx.iran,
            fx.bolivia,
            Filter::new().min_confidence(0.85),
            vec![c[6]],
        ),
        (fx.bolivia, fx.venezuela, Filter::new(), vec![]),
        (
            fx.bolivia,
            fx.venezuela,
            Filter::new().polarity(None),
            vec![c[4]],
        ),
        (
            fx.iran,
            fx.hezbollah,
            Filter::new().valid_at("1999".parse().unwrap()),
            vec![],
        ),
        (
            fx.iran,
            fx.hezbollah,
            Filter::new().valid_at("2006-05".parse().unwrap()),
            vec![c[3]],
        ),
        (fx.iran, fx.iran, Filter::new(), vec![]),
    ];
    for (i, (a, b, filter, expected)) in cases.iter().enumerate() {
        assert_eq!(
            claims_between(&fx.graph, *a, *b, filter),
            *expected,
            "case {i}"
        );
        assert_eq!(
            claims_between(&snap, *a, *b, filter),
            *expected,
            "case {i} on the snapshot"
        );
    }
}

#[test]
fn claims_by_source_reads_the_kept_evidence() {
    let fx = fixture();
    let snap = Snapshot::new(&fx.graph);
    let c = fx.c;
    let (toma, la_nacion, dialogo, bolivia, venezuela) =
        (fx.toma, fx.la_nacion, fx.dialogo, fx.bolivia, fx.venezuela);
    use SourceRole::*;
    let cases = [
        // Claim 1 cited Toma too, but went with Cuba.
        (toma, Claimant, Filter::new(), vec![c[0], c[2]]),
        (toma, Outlet, Filter::new(), vec![]),
        (la_nacion, Outlet, Filter::new(), vec![c[0], c[6]]),
        (la_nacion, Claimant, Filter::new(), vec![c[5]]),
        (la_nacion, Any, Filter::new(), vec![c[0], c[5], c[6]]),
        (dialogo, Relay, Filter::new(), vec![c[0]]),
        (dialogo, Claimant, Filter::new(), vec![]),
        (bolivia, Claimant, Filter::new(), vec![c[0], c[3], c[6]]),
        // The denied claim counts only when its polarity is admitted.
        (venezuela, Claimant, Filter::new(), vec![]),
        (
            venezuela,
            Claimant,
            Filter::new().polarity(None),
            vec![c[4]],
        ),
        // Claim 0 is still admitted at the end of 2023 (on Toma's account), but
        // Bolivia's account of it is not known yet.
        (
            bolivia,
            Claimant,
            Filter::new().as_known_at("2023".parse().unwrap()),
            vec![c[3], c[6]],
        ),
        // Without La Nación, Toma's account of claim 0 is dropped; claim 0 stays on
        // Bolivia's word, which does not name Toma.
        (
            toma,
            Claimant,
            Filter::new().exclude_sources(["la_nacion"]),
            vec![c[2]],
        ),
        (
            toma,
            Claimant,
            Filter::new().trust_only(["dialogo"]),
            vec![c[0]],
        ),
        (
            toma,
            Claimant,
            Filter::new().min_confidence(0.75),
            vec![c[0]],
        ),
        (
            toma,
            Any,
            Filter::new().relations([RelationKind::MetWith]),
            vec![c[2]],
        ),
        (
            toma,
            Any,
            Filter::new().walk(Walk::Backward),
            vec![c[0], c[2]],
        ),
        (fx.cuba, Any, Filter::new(), vec![]),
    ];
    for (i, (source, role, filter, expected)) in cases.iter().enumerate() {
        assert_eq!(
            claims_by_source(&fx.graph, *source, *role, filter),
            *expected,
            "case {i}"
        );
        assert_eq!(
            claims_by_source(&snap, *source, *role, filter),
            *expected,
            "case {i} on the snapshot"
        );
    }
    // Unfiltered and in any role, the store's index agrees.
    for source in [toma, la_nacion, dialogo, bolivia] {
        assert_eq!(
            claims_by_source(&fx.graph, source, Any, &Filter::new().polarity(None)),
            fx.graph.claims_citing(source)
        );
    }
}

#[test]
fn timelines_order_by_valid_time_then_id() {
    let fx = fixture();
    let snap = Snapshot::new(&fx.graph);
    let c = fx.c;
    let between = timeline(&fx.graph, fx.iran, fx.bolivia, &Filter::new());
    assert_eq!(between.len(), 2);
    assert_eq!(between[0].claim, c[0]);
    assert_eq!(
        (between[0].subject, between[0].object),
        (fx.iran, fx.bolivia)
    );
    assert_eq!(between[0].relation, Relation::SuppliesArms);
    assert_eq!(between[0].polarity, Polarity::Asserted);
    assert_eq!(between[0].valid.to_string(), "2023-07");
    assert!(close(between[0].confidence, 0.8));
    assert_eq!(between[1].claim, c[6]);
    assert_eq!(
        (between[1].subject, between[1].object),
        (fx.bolivia, fx.iran)
    );
    assert_eq!(between[1].relation, Relation::SignedAgreement);
    assert_eq!(between[1].valid.to_string(), "2023-07-20");
    assert!(close(between[1].confidence, 0.9));
    assert_eq!(
        timeline(&snap, fx.iran, fx.bolivia, &Filter::new()),
        between
    );

    let ids = |entries: Vec<claimgraph::query::TimelineEntry>| -> Vec<ClaimId> {
        entries.iter().map(|e| e.claim).collect()
    };
    // 2006/.., 2022, 2023-07, 2023-07-20.
    let of_iran = timeline_of(&fx.graph, fx.iran, &Filter::new());
    assert_eq!(ids(of_iran.clone()), [c[3], c[2], c[0], c[6]]);
    assert_eq!(timeline_of(&snap, fx.iran, &Filter::new()), of_iran);
    // 2023 (denied support), 2023 (presence: same valid time, larger id), 2023-07,
    // 2023-07-20.
    let either = Filter::new().polarity(None);
    assert_eq!(
        ids(timeline_of(&fx.graph, fx.bolivia, &either)),
        [c[4], c[5], c[0], c[6]]
    );
    assert_eq!(
        timeline_of(&snap, fx.bolivia, &either),
        timeline_of(&fx.graph, fx.bolivia, &either)
    );
    // The filter's walk and evidence tests apply.
    assert_eq!(
        ids(timeline_of(
            &fx.graph,
            fx.bolivia,
            &Filter::new().walk(Walk::Forward)
        )),
        [c[6]]
    );
    let known = timeline(
        &fx.graph,
        fx.iran,
        fx.bolivia,
        &Filter::new().as_known_at("2023-12".parse().unwrap()),
    );
    assert_eq!(ids(known.clone()), [c[0], c[6]]);
    assert!(close(known[0].confidence, 0.6));
}
