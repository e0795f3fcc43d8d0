//! Corroboration and contradiction reports on hand-built graphs, and against
//! brute-force references on small random graphs.

use claimgraph::analysis::{
    Contradiction, ContradictionKind, CorroborationReport, contradictions, contradictions_of,
    corroboration, corroboration_of,
};
use claimgraph::model::{
    Actor, ActorKind, Attribution, Claim, Grade, Polarity, Relation, Sector, confidence,
};
use claimgraph::query::Filter;
use claimgraph::{ActorId, ClaimGraph, ClaimId, Snapshot};
use proptest::prelude::*;

fn said(c: f64) -> Attribution {
    Attribution::new(Grade::confidence(c).unwrap())
}

fn claim(s: &str, relation: Relation, o: &str, valid: &str) -> Claim {
    Claim::new(
        s.parse().unwrap(),
        relation,
        o.parse().unwrap(),
        valid.parse().unwrap(),
    )
}

fn key(k: &str) -> claimgraph::model::ActorKey {
    k.parse().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

// ----- corroboration --------------------------------------------------------------

struct Seed {
    g: ClaimGraph,
    arms: ClaimId,
    pact: ClaimId,
    quds: ClaimId,
    meeting: ClaimId,
    denied: ClaimId,
}

/// Iran, Bolivia and Venezuela, with sources in the style of the seed article.
fn seed() -> Seed {
    let mut g = ClaimGraph::new();
    for (k, kind) in [
        ("iran", ActorKind::State),
        ("bolivia", ActorKind::State),
        ("venezuela", ActorKind::State),
        ("toma", ActorKind::Person),
        ("la_nacion", ActorKind::MediaOutlet),
        ("dnews", ActorKind::MediaOutlet),
        ("dialogo", ActorKind::MediaOutlet),
        ("infobae", ActorKind::MediaOutlet),
    ] {
        g.add_actor(Actor::new(k, kind, k).unwrap()).unwrap();
    }
    // La Nación, and Toma on DNews relayed by Diálogo: two origins, 1 - 0.4 * 0.5 = 0.8.
    let arms = g
        .add_claim(
            claim("iran", Relation::SuppliesArms, "bolivia", "2023-07")
                .with_evidence(said(0.6).with_outlet(key("la_nacion")))
                .with_evidence(
                    said(0.5)
                        .with_claimant(key("toma"))
                        .with_outlet(key("dnews"))
                        .with_relay(key("dialogo")),
                ),
        )
        .unwrap()
        .id();
    // Infobae alone.
    let pact = g
        .add_claim(
            claim("iran", Relation::SignedAgreement, "bolivia", "2023-07")
                .with_evidence(said(0.9).with_outlet(key("infobae"))),
        )
        .unwrap()
        .id();
    // Toma twice, in two outlets: one voice, its best grade 0.5.
    let quds = g
        .add_claim(
            claim("iran", Relation::HasPresenceIn, "bolivia", "2006/..")
                .with_evidence(
                    said(0.5)
                        .with_claimant(key("toma"))
                        .with_outlet(key("dnews")),
                )
                .with_evidence(
                    said(0.4)
                        .with_claimant(key("toma"))
                        .with_outlet(key("la_nacion")),
                ),
        )
        .unwrap()
        .id();
    // Three independent voices: 1 - 0.7 * 0.8 * 0.5 = 0.72.
    let meeting = g
        .add_claim(
            claim("venezuela", Relation::MetWith, "bolivia", "2023")
                .with_evidence(said(0.3).with_outlet(key("dialogo")))
                .with_evidence(said(0.2).with_outlet(key("infobae")))
                .with_evidence(said(0.5).with_claimant(key("venezuela"))),
        )
        .unwrap()
        .id();
    // Iran denies the arms sale.
    let denied = g
        .add_claim(
            claim("iran", Relation::SuppliesArms, "bolivia", "2023")
                .with_polarity(Polarity::Denied)
                .with_evidence(said(0.9).with_claimant(key("iran"))),
        )
        .unwrap()
        .id();
    Seed {
        g,
        arms,
        pact,
        quds,
        meeting,
        denied,
    }
}

/// The report as (claim, origins, confidence, source keys) tuples.
fn rows(g: &ClaimGraph, report: &CorroborationReport) -> Vec<(ClaimId, usize, f64, Vec<String>)> {
    report
        .entries
        .iter()
        .map(|e| {
            let sources = e
                .sources
                .iter()
                .map(|s| g.actor(*s).unwrap().key.to_string())
                .collect();
            (e.claim, e.origins, e.confidence, sources)
        })
        .collect()
}

fn assert_rows(
    got: &[(ClaimId, usize, f64, Vec<String>)],
    want: &[(ClaimId, usize, f64, &[&str])],
) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1), (w.0, w.1), "{got:?}");
        assert!(
            close(g.2, w.2),
            "confidence of {:?}: {} vs {}",
            g.0,
            g.2,
            w.2
        );
        assert_eq!(g.3, w.3, "sources of {:?}", g.0);
    }
}

/// The report on the store, after checking the snapshot gives the same one.
fn report_on_both(g: &ClaimGraph, filter: &Filter) -> CorroborationReport {
    let report = corroboration(g, filter);
    assert_eq!(corroboration(&Snapshot::new(g), filter), report);
    report
}

#[test]
fn corroboration_ranks_by_origins_then_confidence() {
    let s = seed();
    let report = report_on_both(&s.g, &Filter::new());
    // Sources in actor id order: venezuela (2), toma (3), la_nacion (4), dnews (5),
    // dialogo (6), infobae (7). The denied claim is not admitted by the default filter.
    assert_rows(
        &rows(&s.g, &report),
        &[
            (s.meeting, 3, 0.72, &["venezuela", "dialogo", "infobae"]),
            (s.arms, 2, 0.8, &["toma", "la_nacion", "dnews"]),
            (s.pact, 1, 0.9, &["infobae"]),
            (s.quds, 1, 0.5, &["toma", "la_nacion", "dnews"]),
        ],
    );
    assert_eq!(report.single_source, [s.pact, s.quds]);
    // A symmetric claim is stored with its actors in key order.
    let venezuela = s.g.actor_id("venezuela").unwrap();
    let bolivia = s.g.actor_id("bolivia").unwrap();
    assert_eq!(
        (report.entries[0].subject, report.entries[0].object),
        (bolivia, venezuela)
    );
    assert_eq!(
        (report.entries[1].subject, report.entries[1].object),
        (s.g.actor_id("iran").unwrap(), bolivia)
    );
}

#[test]
fn corroboration_recounts_the_evidence_the_filter_keeps() {
    let s = seed();
    // Without La Nación the arms claim rests on Toma alone (0.5), tying with the
    // Quds claim (Toma on DNews); ties go by claim id.
    let report = report_on_both(&s.g, &Filter::new().exclude_sources(["la_nacion"]));
    assert_rows(
        &rows(&s.g, &report),
        &[
            (s.meeting, 3, 0.72, &["venezuela", "dialogo", "infobae"]),
            (s.pact, 1, 0.9, &["infobae"]),
            (s.arms, 1, 0.5, &["toma", "dnews"]),
            (s.quds, 1, 0.5, &["toma", "dnews"]),
        ],
    );
    assert_eq!(report.single_source, [s.pact, s.arms, s.quds]);

    // Excluding a relay drops the attributions it relayed: the arms claim keeps La
    // Nación only, the meeting loses Diálogo (1 - 0.8 * 0.5 = 0.6).
    let report = report_on_both(&s.g, &Filter::new().exclude_sources(["dialogo"]));
    assert_rows(
        &rows(&s.g, &report),
        &[
            (s.meeting, 2, 0.6, &["venezuela", "infobae"]),
            (s.pact, 1, 0.9, &["infobae"]),
            (s.arms, 1, 0.6, &["la_nacion"]),
            (s.quds, 1, 0.5, &["toma", "la_nacion", "dnews"]),
        ],
    );

    // Minimum origins and confidence apply after the recount.
    let report = report_on_both(
        &s.g,
        &Filter::new().exclude_sources(["infobae"]).min_origins(2),
    );
    assert_rows(
        &rows(&s.g, &report),
        &[
            (s.arms, 2, 0.8, &["toma", "la_nacion", "dnews"]),
            (s.meeting, 2, 0.65, &["venezuela", "dialogo"]),
        ],
    );
    assert!(report.single_source.is_empty());

    // Both polarities: the denial is single-source too.
    let report = report_on_both(&s.g, &Filter::new().polarity(None).min_confidence(0.85));
    assert_rows(
        &rows(&s.g, &report),
        &[
            (s.pact, 1, 0.9, &["infobae"]),
            (s.denied, 1, 0.9, &["iran"]),
        ],
    );
    assert_eq!(report.single_source, [s.pact, s.denied]);
}

#[test]
fn corroboration_of_an_actor() {
    let s = seed();
    let snapshot = Snapshot::new(&s.g);
    let iran = s.g.actor_id("iran").unwrap();
    let about_iran = corroboration_of(&s.g, iran, &Filter::new());
    assert_eq!(
        corroboration_of(&snapshot, iran, &Filter::new()),
        about_iran
    );
    let ids: Vec<ClaimId> = about_iran.entries.iter().map(|e| e.claim).collect();
    assert_eq!(ids, [s.arms, s.pact, s.quds]);
    assert_eq!(about_iran.single_source, [s.pact, s.quds]);

    let venezuela = s.g.actor_id("venezuela").unwrap();
    let about = corroboration_of(&snapshot, venezuela, &Filter::new());
    assert_eq!(about.entries.len(), 1);
    assert_eq!(about.entries[0].claim, s.meeting);
    assert!(about.single_source.is_empty());

    // Bolivia is the object of every claim: its report is the whole report.
    let bolivia = s.g.actor_id("bolivia").unwrap();
    assert_eq!(
        corroboration_of(&s.g, bolivia, &Filter::new()),
        corroboration(&s.g, &Filter::new())
    );

    // An actor of no claim, and an id this graph does not have.
    let infobae = s.g.actor_id("infobae").unwrap();
    assert_eq!(
        corroboration_of(&s.g, infobae, &Filter::new()),
        CorroborationReport::default()
    );
    let mut bigger = ClaimGraph::new();
    let mut stranger = None;
    for i in 0..20 {
        stranger = Some(
            bigger
                .add_actor(Actor::new(&format!("a{i}"), ActorKind::State, "a").unwrap())
                .unwrap(),
        );
    }
    let stranger: ActorId = stranger.unwrap();
    assert!(
        corroboration_of(&s.g, stranger, &Filter::new())
            .entries
            .is_empty()
    );
    assert!(contradictions_of(&snapshot, stranger, &Filter::new()).is_empty());
}

// ----- contradictions -------------------------------------------------------------

fn found(list: &[Contradiction]) -> Vec<(ContradictionKind, ClaimId, ClaimId, String)> {
    list.iter()
        .map(|c| (c.kind, c.a, c.b, c.overlap.to_string()))
        .collect()
}

fn contradictions_on_both(g: &ClaimGraph, filter: &Filter) -> Vec<Contradiction> {
    let list = contradictions(g, filter);
    assert_eq!(contradictions(&Snapshot::new(g), filter), list);
    list
}

#[test]
fn an_assertion_and_its_denial_contradict_while_their_times_overlap() {
    let s = seed();
    // arms: 2023-07 asserted; denied: 2023 → they share July 2023.
    let list = contradictions_on_both(&s.g, &Filter::new());
    assert_eq!(
        found(&list),
        [(
            ContradictionKind::Denial,
            s.arms,
            s.denied,
            "2023-07".to_owned()
        )]
    );
    assert_eq!(list[0].overlap, "2023-07".parse().unwrap());

    // The filter's other conditions still apply, claim by claim.
    assert!(contradictions_on_both(&s.g, &Filter::new().min_confidence(0.85)).is_empty());
    assert_eq!(
        contradictions_on_both(&s.g, &Filter::new().polarity(Some(Polarity::Denied))),
        list
    );
    assert!(
        contradictions_on_both(&s.g, &Filter::new().valid_during("2024".parse().unwrap()))
            .is_empty()
    );

    // An earlier sale denied for another year is no contradiction. (The seed graph
    // itself is extended: a clone is another graph, whose claim ids differ.)
    let mut g = s.g;
    g.add_claim(
        claim("iran", Relation::SuppliesArms, "bolivia", "2019")
            .with_evidence(said(0.4).with_outlet(key("infobae"))),
    )
    .unwrap();
    assert_eq!(
        found(&contradictions_on_both(&g, &Filter::new())),
        found(&list)
    );

    // A denial of the reverse direction does not deny a directed claim.
    g.add_claim(
        claim("bolivia", Relation::SuppliesArms, "iran", "2023")
            .with_polarity(Polarity::Denied)
            .with_evidence(said(0.4).with_outlet(key("infobae"))),
    )
    .unwrap();
    assert_eq!(
        found(&contradictions_on_both(&g, &Filter::new())),
        found(&list)
    );
}

#[test]
fn symmetric_relations_are_denied_in_either_orientation() {
    let mut g = ClaimGraph::new();
    for k in ["bolivia", "venezuela"] {
        g.add_actor(Actor::new(k, ActorKind::State, k).unwrap())
            .unwrap();
    }
    let met = g
        .add_claim(
            claim("venezuela", Relation::MetWith, "bolivia", "2023-05-14")
                .with_evidence(said(0.7).with_claimant(key("bolivia"))),
        )
        .unwrap()
        .id();
    let not_met = g
        .add_claim(
            claim("bolivia", Relation::MetWith, "venezuela", "2023/2024")
                .with_polarity(Polarity::Denied)
                .with_evidence(said(0.6).with_claimant(key("venezuela"))),
        )
        .unwrap()
        .id();
    // Health cooperation denied does not deny security cooperation.
    g.add_claim(
        claim(
            "bolivia",
            Relation::Cooperates(Sector::Security),
            "venezuela",
            "2023",
        )
        .with_evidence(said(0.7).with_claimant(key("bolivia"))),
    )
    .unwrap();
    g.add_claim(
        claim(
            "bolivia",
            Relation::Cooperates(Sector::Health),
            "venezuela",
            "2023",
        )
        .with_polarity(Polarity::Denied)
        .with_evidence(said(0.7).with_claimant(key("venezuela"))),
    )
    .unwrap();
    assert_eq!(
        found(&contradictions_on_both(&g, &Filter::new())),
        [(
            ContradictionKind::Denial,
            met,
            not_met,
            "2023-05-14".to_owned()
        )]
    );
}

#[test]
fn allied_with_and_opposes_exclude_each_other() {
    let mut g = ClaimGraph::new();
    for k in ["iran", "bolivia", "israel", "venezuela"] {
        g.add_actor(Actor::new(k, ActorKind::State, k).unwrap())
            .unwrap();
    }
    let by = |who: &str| said(0.6).with_claimant(key(who));
    let allied = g
        .add_claim(
            claim("bolivia", Relation::AlliedWith, "iran", "2006/..").with_evidence(by("bolivia")),
        )
        .unwrap()
        .id();
    let opposes = g
        .add_claim(
            claim("iran", Relation::Opposes, "bolivia", "2020/2021").with_evidence(by("israel")),
        )
        .unwrap()
        .id();
    // Times that do not overlap: no contradiction.
    g.add_claim(
        claim("israel", Relation::Opposes, "bolivia", "2010/2012").with_evidence(by("iran")),
    )
    .unwrap();
    g.add_claim(
        claim("bolivia", Relation::AlliedWith, "israel", "2015/..").with_evidence(by("israel")),
    )
    .unwrap();
    // A denied alliance does not contradict an opposition.
    g.add_claim(
        claim("venezuela", Relation::AlliedWith, "israel", "..")
            .with_polarity(Polarity::Denied)
            .with_evidence(by("venezuela")),
    )
    .unwrap();
    g.add_claim(claim("israel", Relation::Opposes, "venezuela", "..").with_evidence(by("iran")))
        .unwrap();
    // Opposition both ways is no contradiction, but Bolivia opposing its ally is.
    let both_ways = g
        .add_claim(claim("bolivia", Relation::Opposes, "iran", "2020").with_evidence(by("iran")))
        .unwrap()
        .id();

    let list = contradictions_on_both(&g, &Filter::new());
    assert_eq!(
        found(&list),
        [
            (
                ContradictionKind::Exclusive,
                allied,
                opposes,
                "2020/2021".to_owned()
            ),
            (
                ContradictionKind::Exclusive,
                allied,
                both_ways,
                "2020".to_owned()
            ),
        ]
    );
    let iran = g.actor_id("iran").unwrap();
    let israel = g.actor_id("israel").unwrap();
    assert_eq!(contradictions_of(&g, iran, &Filter::new()), list);
    assert!(contradictions_of(&Snapshot::new(&g), israel, &Filter::new()).is_empty());
}

// ----- properties -----------------------------------------------------------------

const STATES: [&str; 4] = ["s0", "s1", "s2", "s3"];
const CLAIMANTS: [&str; 3] = ["p0", "p1", "p2"];
const OUTLETS: [&str; 3] = ["m0", "m1", "m2"];
const TIMES: [&str; 7] = [
    "..",
    "2020",
    "2020-06",
    "2021",
    "2019/2020",
    "2020-07/..",
    "../2019",
];

fn relations() -> Vec<Relation> {
    vec![
        Relation::MetWith,
        Relation::SuppliesArms,
        Relation::AlliedWith,
        Relation::Opposes,
        Relation::Cooperates(Sector::Health),
        Relation::Cooperates(Sector::Security),
    ]
}

type AttributionSpec = (Option<usize>, Option<usize>, Option<usize>, u8);
type ClaimSpec = (usize, usize, usize, bool, usize, Vec<AttributionSpec>);

/// A claim between two of the first `states` states.
fn claim_spec(states: usize) -> impl Strategy<Value = ClaimSpec> {
    let attribution = (
        proptest::option::of(0..CLAIMANTS.len()),
        proptest::option::of(0..OUTLETS.len()),
        proptest::option::of(0..OUTLETS.len()),
        1u8..=9,
    );
    (
        0..states,
        1..states,
        0..relations().len(),
        proptest::bool::weighted(0.3),
        0..TIMES.len(),
        proptest::collection::vec(attribution, 1..4),
    )
}

fn build(states: usize, specs: &[ClaimSpec]) -> ClaimGraph {
    let mut g = ClaimGraph::new();
    for k in STATES {
        g.add_actor(Actor::new(k, ActorKind::State, k).unwrap())
            .unwrap();
    }
    for k in CLAIMANTS {
        g.add_actor(Actor::new(k, ActorKind::Person, k).unwrap())
            .unwrap();
    }
    for k in OUTLETS {
        g.add_actor(Actor::new(k, ActorKind::MediaOutlet, k).unwrap())
            .unwrap();
    }
    for (s, shift, r, denied, t, evidence) in specs {
        let o = (s + shift) % states;
        let mut c = claim(STATES[*s], relations()[*r].clone(), STATES[o], TIMES[*t]);
        if *denied {
            c = c.with_polarity(Polarity::Denied);
        }
        for (claimant, outlet, relay, grade) in evidence {
            let mut a = said(f64::from(*grade) / 10.0);
            // every attribution needs a claimant or an outlet
            let claimant = claimant.or(if outlet.is_none() { Some(0) } else { None });
            if let Some(p) = claimant {
                a = a.with_claimant(key(CLAIMANTS[p]));
            }
            if let Some(m) = outlet {
                a = a.with_outlet(key(OUTLETS[*m]));
            }
            if let Some(m) = relay {
                a = a.with_relay(key(OUTLETS[*m]));
            }
            c = c.with_evidence(a);
        }
        g.add_claim(c).unwrap();
    }
    g
}

/// The corroboration report written plainly from model values: keep the attributions
/// that do not name `excluded`, combine them, rank.
fn brute_corroboration(g: &ClaimGraph, excluded: Option<&str>) -> Vec<(ClaimId, usize, f64)> {
    let mut rows: Vec<(ClaimId, usize, f64)> = g
        .claim_ids()
        .filter_map(|id| {
            let c = g.claim(id).unwrap().to_claim();
            if c.polarity != Polarity::Asserted {
                return None;
            }
            let kept: Vec<Attribution> = c
                .evidence
                .into_iter()
                .filter(|a| excluded.is_none_or(|x| a.chain().all(|k| k.as_str() != x)))
                .collect();
            if kept.is_empty() {
                return None;
            }
            let d = confidence::combine(&kept);
            Some((id, d.origins, d.value))
        })
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
    rows
}

/// Every contradicting pair, by testing every pair of claims.
fn brute_contradictions(g: &ClaimGraph) -> Vec<(ContradictionKind, ClaimId, ClaimId, i32, i32)> {
    let claims: Vec<(ClaimId, Claim)> = g
        .claim_ids()
        .map(|id| (id, g.claim(id).unwrap().to_claim()))
        .collect();
    let mut out = Vec::new();
    for (i, (x_id, x)) in claims.iter().enumerate() {
        for (y_id, y) in &claims[i + 1..] {
            if !x.valid.overlaps(&y.valid) {
                continue;
            }
            let first = x.valid.first_day().max(y.valid.first_day());
            let last = x.valid.last_day().min(y.valid.last_day());
            let same_way = x.subject == y.subject && x.object == y.object;
            let other_way = x.subject == y.object && x.object == y.subject;
            if x.relation == y.relation
                && x.polarity != y.polarity
                && (same_way || (x.relation.is_symmetric() && other_way))
            {
                let (a, b) = if x.polarity == Polarity::Asserted {
                    (*x_id, *y_id)
                } else {
                    (*y_id, *x_id)
                };
                out.push((ContradictionKind::Denial, a, b, first, last));
            }
            if x.polarity == Polarity::Asserted
                && y.polarity == Polarity::Asserted
                && x.relation.kind().exclusive_with() == Some(y.relation.kind())
                && (same_way || other_way)
            {
                out.push((
                    ContradictionKind::Exclusive,
                    (*x_id).min(*y_id),
                    (*x_id).max(*y_id),
                    first,
                    last,
                ));
            }
        }
    }
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn single_source_means_one_origin(specs in proptest::collection::vec(claim_spec(4), 0..12)) {
        let g = build(4, &specs);
        let snapshot = Snapshot::new(&g);
        for excluded in [None, Some("m0"), Some("p1")] {
            let filter = match excluded {
                None => Filter::new(),
                Some(x) => Filter::new().exclude_sources([x]),
            };
            let report = corroboration(&g, &filter);
            prop_assert_eq!(&corroboration(&snapshot, &filter), &report);
            let brute = brute_corroboration(&g, excluded);
            prop_assert_eq!(report.entries.len(), brute.len());
            for (entry, (id, origins, value)) in report.entries.iter().zip(&brute) {
                prop_assert_eq!((entry.claim, entry.origins), (*id, *origins));
                prop_assert!(close(entry.confidence, *value));
                prop_assert_eq!(report.single_source.contains(&entry.claim), entry.origins == 1);
                if excluded.is_none() {
                    prop_assert_eq!(g.origins(entry.claim), Some(entry.origins));
                }
            }
            let singles: Vec<ClaimId> = brute.iter().filter(|r| r.1 == 1).map(|r| r.0).collect();
            prop_assert_eq!(&report.single_source, &singles);
        }
    }

    #[test]
    fn contradictions_match_every_pair_tested(specs in proptest::collection::vec(claim_spec(3), 0..16)) {
        // three states, so that claims often share a pair of actors
        let g = build(3, &specs);
        let list = contradictions(&g, &Filter::new());
        prop_assert_eq!(&contradictions(&Snapshot::new(&g), &Filter::new()), &list);
        let mut got: Vec<_> = list
            .iter()
            .map(|c| (c.kind, c.a, c.b, c.overlap.first_day(), c.overlap.last_day()))
            .collect();
        got.sort();
        prop_assert_eq!(got, brute_contradictions(&g));
        // the report's own order: kind, then a, then b
        let keys: Vec<_> = list.iter().map(|c| (c.kind, c.a, c.b)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(keys, sorted);
    }
}
