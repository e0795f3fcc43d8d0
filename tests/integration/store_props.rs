//! Property tests of the store: the confidence model's invariants, all-or-nothing
//! batches, name folding, and a model-based test (in the style of indexmap's) that
//! runs random operations on the store and on a naive model and compares them after
//! every step.

use crate::support::{json, key};

use claimgraph::ClaimGraph;
use claimgraph::model::{
    Actor, ActorKey, ActorKind, Attribution, Claim, ClaimKey, Grade, GroupType, ModelError,
    Polarity, Relation, ValidTime, confidence, fold_name,
};
use claimgraph::store::{Added, Batch, LookupError, StoreError};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn grade() -> impl Strategy<Value = Grade> {
    prop_oneof![
        (0.0f64..=1.0).prop_map(Grade::Confidence),
        prop::sample::select(vec![0.0, 1.0]).prop_map(Grade::Confidence),
        (0..6usize, 1..=6u8).prop_map(|(r, c)| {
            let letter = ['A', 'B', 'C', 'D', 'E', 'F'][r];
            Grade::Admiralty(format!("{letter}{c}").parse().unwrap())
        }),
    ]
}

// ----- (a) confidence -------------------------------------------------------------

const CLAIMANTS: [&str; 4] = ["toma", "calle", "molina", "berensztein"];
const OUTLETS: [&str; 3] = ["dnews", "la_nacion", "dialogo"];

/// Two states, the claimants, the outlets, and one fresh claimant and outlet that no
/// generated attribution uses.
fn sources_graph() -> ClaimGraph {
    let mut g = ClaimGraph::new();
    g.add_actor(Actor::new("iran", ActorKind::State, "Iran").unwrap())
        .unwrap();
    g.add_actor(Actor::new("bolivia", ActorKind::State, "Bolivia").unwrap())
        .unwrap();
    for c in CLAIMANTS.iter().chain(["fresh_claimant"].iter()) {
        g.add_actor(Actor::new(c, ActorKind::Person, *c).unwrap())
            .unwrap();
    }
    for o in OUTLETS.iter().chain(["fresh_outlet"].iter()) {
        g.add_actor(Actor::new(o, ActorKind::MediaOutlet, *o).unwrap())
            .unwrap();
    }
    g
}

fn attribution() -> impl Strategy<Value = Attribution> {
    (
        prop::option::of(0..CLAIMANTS.len()),
        prop::option::of(0..OUTLETS.len()),
        prop::collection::vec(0..OUTLETS.len(), 0..2),
        grade(),
    )
        .prop_map(|(claimant, outlet, relays, grade)| {
            let claimant = match (claimant, outlet) {
                (None, None) => Some(0),
                (c, _) => c,
            };
            Attribution {
                claimant: claimant.map(|i| key(CLAIMANTS[i])),
                outlet: outlet.map(|i| key(OUTLETS[i])),
                relays: relays.into_iter().map(|i| key(OUTLETS[i])).collect(),
                ..Attribution::new(grade)
            }
        })
}

fn drones(evidence: Vec<Attribution>) -> Claim {
    let mut c = Claim::new(
        key("iran"),
        Relation::SuppliesArms,
        key("bolivia"),
        "2023-07".parse().unwrap(),
    );
    c.evidence = evidence;
    c
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn confidence_is_in_the_unit_interval(evidence in prop::collection::vec(attribution(), 1..7)) {
        let mut g = sources_graph();
        let id = g.add_claim(drones(evidence.clone())).unwrap().id();
        let c = g.confidence(id).unwrap();
        prop_assert!((0.0..=1.0).contains(&c), "{}", c);
        // The store derives what the model function derives from the stored evidence.
        let stored = g.claim(id).unwrap().to_claim();
        prop_assert_eq!(c.to_bits(), confidence::combine(&stored.evidence).value.to_bits());
        let origins = g.origins(id).unwrap();
        prop_assert!(origins >= 1 && origins <= stored.evidence.len());
        prop_assert_eq!(c.to_bits(), drones(evidence).confidence().to_bits());
    }

    #[test]
    fn a_relay_of_an_existing_origin_changes_nothing(
        evidence in prop::collection::vec(attribution(), 1..7),
        pick in any::<prop::sample::Index>(),
        relay in 0..OUTLETS.len(),
    ) {
        let mut g = sources_graph();
        let id = g.add_claim(drones(evidence.clone())).unwrap().id();
        let (before, origins) = (g.confidence(id).unwrap(), g.origins(id).unwrap());
        let relayed = pick.get(&evidence).clone().with_relay(key(OUTLETS[relay]));
        prop_assert_eq!(g.add_claim(drones(vec![relayed])).unwrap(), Added::Merged(id));
        prop_assert_eq!(g.confidence(id).unwrap().to_bits(), before.to_bits());
        prop_assert_eq!(g.origins(id).unwrap(), origins);
    }

    #[test]
    fn a_new_independent_origin_never_lowers_confidence(
        evidence in prop::collection::vec(attribution(), 1..7),
        grade in grade(),
        with_outlet in any::<bool>(),
    ) {
        let mut g = sources_graph();
        let id = g.add_claim(drones(evidence)).unwrap().id();
        let (before, origins) = (g.confidence(id).unwrap(), g.origins(id).unwrap());
        let mut fresh = Attribution::new(grade).with_claimant(key("fresh_claimant"));
        if with_outlet {
            fresh = fresh.with_outlet(key("fresh_outlet"));
        }
        prop_assert_eq!(g.add_claim(drones(vec![fresh])).unwrap(), Added::Merged(id));
        let after = g.confidence(id).unwrap();
        prop_assert!(after >= before, "{} < {}", after, before);
        prop_assert_eq!(g.origins(id).unwrap(), origins + 1);
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn one_voice_is_believed_exactly_at_its_best_grade(
        grades in prop::collection::vec(0.0f64..=1.0, 1..4),
        outlets in prop::collection::vec(prop::option::of(0..OUTLETS.len()), 4),
    ) {
        // Every attribution has the same claimant: one voice, at its best grade.
        let evidence: Vec<Attribution> = grades
            .iter()
            .zip(&outlets)
            .map(|(c, o)| Attribution {
                outlet: o.map(|i| key(OUTLETS[i])),
                ..Attribution::new(Grade::confidence(*c).unwrap()).with_claimant(key("toma"))
            })
            .collect();
        let best = grades.iter().copied().fold(0.0, f64::max);
        let mut g = sources_graph();
        let id = g.add_claim(drones(evidence)).unwrap().id();
        prop_assert_eq!(g.origins(id), Some(1));
        prop_assert_eq!(g.confidence(id).unwrap().to_bits(), best.to_bits());
    }
}

// ----- (b) all-or-nothing batches -------------------------------------------------

const KINDS: [ActorKind; 5] = ActorKind::ALL;

/// Relations whose domain and range the generator checks before using them.
fn vocabulary() -> Vec<Relation> {
    vec![
        Relation::MetWith,
        Relation::SuppliesArms,
        Relation::MemberOf,
        Relation::Comments,
        Relation::Leads,
        Relation::HasPresenceIn,
        Relation::Custom("attended_summit".to_owned()),
    ]
}

/// A graph with one actor of each kind (`k_state`, `k_person`, ...) and `extra`
/// actors of random kinds, plus claims among them.
fn base_graph(extra: &[usize], claims: &[(usize, usize, usize, usize)]) -> ClaimGraph {
    let mut g = ClaimGraph::new();
    for kind in KINDS {
        let k = format!("k_{kind}");
        g.add_actor(Actor::new(&k, kind, k.clone()).unwrap())
            .unwrap();
    }
    for (i, kind) in extra.iter().enumerate() {
        let k = format!("x{i}");
        g.add_actor(Actor::new(&k, KINDS[*kind], format!("Extra {i}")).unwrap())
            .unwrap();
    }
    let actors: Vec<(ActorKey, ActorKind)> = g.actors().map(|a| (a.key.clone(), a.kind)).collect();
    for (s, o, r, grade) in claims {
        if let Some(c) = fitting_claim(&actors, *s, *o, *r, *grade) {
            g.add_claim(c).unwrap();
        }
    }
    g
}

/// A claim between two of `actors` with a relation that fits their kinds, if any fits.
fn fitting_claim(
    actors: &[(ActorKey, ActorKind)],
    s: usize,
    o: usize,
    r: usize,
    grade: usize,
) -> Option<Claim> {
    let n = actors.len();
    let (s, o) = (s % n, (s % n + 1 + o % (n - 1)) % n);
    let fits: Vec<Relation> = vocabulary()
        .into_iter()
        .filter(|rel| {
            rel.kind().domain().contains(actors[s].1) && rel.kind().range().contains(actors[o].1)
        })
        .collect();
    let relation = fits.get(r % fits.len().max(1))?.clone();
    let g = [0.3, 0.5, 0.8][grade % 3];
    Some(
        Claim::new(
            actors[s].0.clone(),
            relation,
            actors[o].0.clone(),
            ValidTime::ALWAYS,
        )
        .with_evidence(
            Attribution::new(Grade::confidence(g).unwrap())
                .with_claimant(actors[(s + o) % n].0.clone()),
        ),
    )
}

/// One item a batch must refuse, and what the store says about it.
#[derive(Debug, Clone, Copy)]
enum Invalid {
    ExistingKey,
    KeyTwiceInBatch,
    BlankName,
    GroupTypeOnPerson,
    UnknownSubject,
    UnknownObject,
    UnknownClaimant,
    UnknownRelay,
    SelfLoop,
    KindMismatch,
    NoEvidence,
    GradeOutOfRange,
    GradeNaN,
    BadCustomRelation,
}

const INVALID: [Invalid; 14] = [
    Invalid::ExistingKey,
    Invalid::KeyTwiceInBatch,
    Invalid::BlankName,
    Invalid::GroupTypeOnPerson,
    Invalid::UnknownSubject,
    Invalid::UnknownObject,
    Invalid::UnknownClaimant,
    Invalid::UnknownRelay,
    Invalid::SelfLoop,
    Invalid::KindMismatch,
    Invalid::NoEvidence,
    Invalid::GradeOutOfRange,
    Invalid::GradeNaN,
    Invalid::BadCustomRelation,
];

impl Invalid {
    fn is_actor(self) -> bool {
        matches!(
            self,
            Invalid::ExistingKey
                | Invalid::KeyTwiceInBatch
                | Invalid::BlankName
                | Invalid::GroupTypeOnPerson
        )
    }

    /// The invalid actor; `earlier` is a key inserted before it in the same batch.
    fn actor(self, earlier: Option<&ActorKey>) -> Actor {
        let mut a = Actor::new("bad_actor", ActorKind::Person, "Bad").unwrap();
        match self {
            Invalid::ExistingKey => a.key = key("k_state"),
            Invalid::KeyTwiceInBatch => a.key = earlier.cloned().unwrap_or_else(|| key("k_group")),
            Invalid::BlankName => a.name = " - ".to_owned(),
            Invalid::GroupTypeOnPerson => a.group_type = Some(GroupType::Party),
            _ => unreachable!("not an actor"),
        }
        a
    }

    fn claim(self) -> Claim {
        let ok =
            || Attribution::new(Grade::confidence(0.5).unwrap()).with_claimant(key("k_person"));
        let met =
            |s: &str, o: &str| Claim::new(key(s), Relation::MetWith, key(o), ValidTime::ALWAYS);
        match self {
            Invalid::UnknownSubject => met("ghost", "k_state").with_evidence(ok()),
            Invalid::UnknownObject => met("k_state", "ghost").with_evidence(ok()),
            Invalid::UnknownClaimant => met("k_state", "k_person").with_evidence(
                Attribution::new(Grade::confidence(0.5).unwrap()).with_claimant(key("ghost")),
            ),
            Invalid::UnknownRelay => {
                met("k_state", "k_person").with_evidence(ok().with_relay(key("ghost")))
            }
            Invalid::SelfLoop => met("k_state", "k_state").with_evidence(ok()),
            Invalid::KindMismatch => Claim::new(
                key("k_media_outlet"),
                Relation::Leads,
                key("k_state"),
                ValidTime::ALWAYS,
            )
            .with_evidence(ok()),
            Invalid::NoEvidence => met("k_state", "k_person"),
            Invalid::GradeOutOfRange => met("k_state", "k_person").with_evidence(
                Attribution::new(Grade::Confidence(1.5)).with_claimant(key("k_person")),
            ),
            Invalid::GradeNaN => met("k_state", "k_person").with_evidence(
                Attribution::new(Grade::Confidence(f64::NAN)).with_claimant(key("k_person")),
            ),
            Invalid::BadCustomRelation => Claim::new(
                key("k_state"),
                Relation::Custom("two words".to_owned()),
                key("k_person"),
                ValidTime::ALWAYS,
            )
            .with_evidence(ok()),
            _ => unreachable!("not a claim"),
        }
    }

    /// Whether `e` is the error this item must raise.
    fn explains(self, e: &StoreError) -> bool {
        use StoreError as E;
        match self {
            Invalid::ExistingKey | Invalid::KeyTwiceInBatch => {
                matches!(e, E::DuplicateActor { .. })
            }
            Invalid::BlankName => {
                matches!(e, E::Model(ModelError::MissingField { field: "name", .. }))
            }
            Invalid::GroupTypeOnPerson => {
                matches!(
                    e,
                    E::Model(ModelError::MissingField {
                        field: "group_type",
                        ..
                    })
                )
            }
            Invalid::UnknownSubject => {
                matches!(e, E::UnknownActor { key, field: "subject" } if key == "ghost")
            }
            Invalid::UnknownObject => {
                matches!(e, E::UnknownActor { key, field: "object" } if key == "ghost")
            }
            Invalid::UnknownClaimant => {
                matches!(e, E::UnknownActor { key, field: "claimant" } if key == "ghost")
            }
            Invalid::UnknownRelay => {
                matches!(e, E::UnknownActor { key, field: "relays" } if key == "ghost")
            }
            Invalid::SelfLoop => matches!(e, E::SelfLoop { key } if key.as_str() == "k_state"),
            Invalid::KindMismatch => matches!(
                e,
                E::KindMismatch {
                    field: "subject",
                    kind: ActorKind::MediaOutlet,
                    ..
                }
            ),
            Invalid::NoEvidence => {
                matches!(
                    e,
                    E::Model(ModelError::MissingField {
                        field: "evidence",
                        ..
                    })
                )
            }
            Invalid::GradeOutOfRange => matches!(
                e,
                E::Model(ModelError::InvalidConfidence { value, .. }) if *value == 1.5
            ),
            Invalid::GradeNaN => matches!(
                e,
                E::Model(ModelError::InvalidConfidence { value, .. }) if value.is_nan()
            ),
            Invalid::BadCustomRelation => {
                matches!(e, E::Model(ModelError::UnknownRelation { .. }))
            }
        }
    }
}

/// A batch that the base graph accepts: `new` actors `n0..`, then claims among the
/// old and new actors.
fn valid_parts(
    g: &ClaimGraph,
    new: &[usize],
    claims: &[(usize, usize, usize, usize)],
) -> (Vec<Actor>, Vec<Claim>) {
    let actors: Vec<Actor> = new
        .iter()
        .enumerate()
        .map(|(i, kind)| Actor::new(&format!("n{i}"), KINDS[*kind], format!("New {i}")).unwrap())
        .collect();
    let all: Vec<(ActorKey, ActorKind)> = g
        .actors()
        .chain(actors.iter())
        .map(|a| (a.key.clone(), a.kind))
        .collect();
    let claims = claims
        .iter()
        .filter_map(|(s, o, r, grade)| fitting_claim(&all, *s, *o, *r, *grade))
        .collect();
    (actors, claims)
}

fn batch_of(actors: Vec<Actor>, claims: Vec<Claim>) -> Batch {
    let mut b = Batch::new();
    actors.into_iter().for_each(|a| b.push_actor(a));
    claims.into_iter().for_each(|c| b.push_claim(c));
    b
}

fn claim_specs(max: usize) -> impl Strategy<Value = Vec<(usize, usize, usize, usize)>> {
    prop::collection::vec(
        (any::<usize>(), any::<usize>(), any::<usize>(), 0..3usize),
        0..max,
    )
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn a_rejected_batch_leaves_the_graph_byte_for_byte_unchanged(
        extra in prop::collection::vec(0..KINDS.len(), 0..4),
        base_claims in claim_specs(6),
        new in prop::collection::vec(0..KINDS.len(), 0..4),
        batch_claims in claim_specs(6),
        invalid in prop::sample::select(INVALID.to_vec()),
        position in any::<prop::sample::Index>(),
    ) {
        let mut g = base_graph(&extra, &base_claims);
        let (mut actors, mut claims) = valid_parts(&g, &new, &batch_claims);

        // The valid part alone is accepted.
        let mut accepted = g.clone();
        prop_assert!(accepted.apply(batch_of(actors.clone(), claims.clone())).is_ok());

        let expected_index = if invalid.is_actor() {
            let p = position.index(actors.len() + 1);
            let bad = invalid.actor(p.checked_sub(1).map(|q| &actors[q].key));
            actors.insert(p, bad);
            p
        } else {
            let p = position.index(claims.len() + 1);
            claims.insert(p, invalid.claim());
            actors.len() + p
        };
        let before = json(&g);
        let err = g.apply(batch_of(actors, claims)).unwrap_err();
        match &err {
            StoreError::Batch { index, source } => {
                prop_assert_eq!(*index, expected_index);
                prop_assert!(invalid.explains(source), "{:?} for {:?}", source, invalid);
            }
            other => prop_assert!(false, "not a batch error: {:?}", other),
        }
        prop_assert_eq!(json(&g), before);
        // Nothing hidden changed either: the valid part now gives what it gave before.
        let (actors, claims) = valid_parts(&g, &new, &batch_claims);
        g.apply(batch_of(actors, claims)).unwrap();
        prop_assert_eq!(json(&g), json(&accepted));
    }
}

// ----- (c) name folding -----------------------------------------------------------

/// Accented forms of a letter (NFC), for spelling variants.
fn accents(c: char) -> &'static [char] {
    match c {
        'a' => &['á', 'à', 'â', 'ä', 'ã', 'å'],
        'e' => &['é', 'è', 'ê', 'ë'],
        'i' => &['í', 'ì', 'î', 'ï'],
        'o' => &['ó', 'ò', 'ô', 'ö', 'õ'],
        'u' => &['ú', 'ù', 'û', 'ü'],
        'n' => &['ñ'],
        'c' => &['ç'],
        'y' => &['ý', 'ÿ'],
        _ => &[],
    }
}

/// How to respell one letter.
#[derive(Debug, Clone, Copy)]
enum Respell {
    Keep,
    Upper,
    Accent(usize),
    AccentUpper(usize),
    /// The letter followed by a combining acute accent (decomposed form).
    Combining,
}

fn respell(word: &str, how: &[Respell]) -> String {
    let mut out = String::new();
    for (c, how) in word.chars().zip(how.iter().cycle()) {
        let accented = |i: usize| {
            let forms = accents(c);
            if forms.is_empty() {
                c
            } else {
                forms[i % forms.len()]
            }
        };
        match how {
            Respell::Keep => out.push(c),
            Respell::Upper => out.extend(c.to_uppercase()),
            Respell::Accent(i) => out.push(accented(*i)),
            Respell::AccentUpper(i) => out.extend(accented(*i).to_uppercase()),
            Respell::Combining => {
                out.push(c);
                out.push('\u{301}');
            }
        }
    }
    out
}

fn respelling() -> impl Strategy<Value = Vec<Respell>> {
    prop::collection::vec(
        prop_oneof![
            Just(Respell::Keep),
            Just(Respell::Upper),
            any::<usize>().prop_map(Respell::Accent),
            any::<usize>().prop_map(Respell::AccentUpper),
            Just(Respell::Combining),
        ],
        1..12,
    )
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn name_folding_finds_every_alias_however_spelt(
        words in prop::collection::btree_set("[a-z]{3,8}", 2..12),
        how in prop::collection::vec((respelling(), 0..4usize), 12),
    ) {
        // Pairs of distinct words: the first is an actor's name, the second its alias.
        let words: Vec<String> = words.into_iter().collect();
        let mut g = ClaimGraph::new();
        let mut ids = Vec::new();
        for (i, pair) in words.chunks(2).enumerate() {
            let mut actor = Actor::new(&format!("k{i}"), KINDS[i % KINDS.len()], pair[0].clone()).unwrap();
            if let Some(alias) = pair.get(1) {
                actor = actor.with_alias(alias.clone(), Some("es"));
            }
            ids.push(g.add_actor(actor).unwrap());
        }
        for (j, word) in words.iter().enumerate() {
            let (how, padding) = &how[j];
            let spaces = " ".repeat(*padding);
            let variant = format!("{spaces}{}{spaces}", respell(word, how));
            prop_assert_eq!(fold_name(&variant), word.clone());
            prop_assert_eq!(g.find(&variant), Ok(ids[j / 2]), "{:?} for {:?}", variant, word);
        }
        // A word no actor has is not found.
        prop_assert_eq!(
            g.find("zzzzzzzzz"),
            Err(LookupError::NotFound { name: "zzzzzzzzz".to_owned() })
        );
    }
}

// ----- (d) model-based ------------------------------------------------------------

/// One relation of the model: its kinds, written out by hand from the vocabulary's
/// documentation rather than read from `RelationKind::domain` and `range`.
struct Rel {
    relation: Relation,
    domain: &'static [ActorKind],
    range: &'static [ActorKind],
}

use ActorKind::{Group as G, MediaOutlet as M, Person as P, Region as R, State as S};

/// Relations whose symmetric members have equal domain and range.
fn relations() -> Vec<Rel> {
    vec![
        Rel {
            relation: Relation::MetWith,
            domain: &[S, P, G],
            range: &[S, P, G],
        },
        Rel {
            relation: Relation::FamilyOf,
            domain: &[P],
            range: &[P],
        },
        Rel {
            relation: Relation::SuppliesArms,
            domain: &[S, P, G],
            range: &[S, P, G, M],
        },
        Rel {
            relation: Relation::MemberOf,
            domain: &[S, P, G, M],
            range: &[S, G, M],
        },
        Rel {
            relation: Relation::Comments,
            domain: &[S, P, G, M],
            range: &[S, P, G, M, R],
        },
    ]
}

/// The same plus more symmetric relations. A symmetric relation accepts the same
/// kinds on both sides (the store keeps its claims in key order, so either end may
/// end up as the subject).
fn relations_with_more_symmetric() -> Vec<Rel> {
    let mut all = relations();
    all.push(Rel {
        relation: Relation::AlliedWith,
        domain: &[S, P, G],
        range: &[S, P, G],
    });
    all.push(Rel {
        relation: Relation::Associated,
        domain: &[S, P, G, M],
        range: &[S, P, G, M],
    });
    all
}

const NAMES: [&str; 4] = ["Alpha", "Beta", "Álpha", "Gamma Ray"];
const TIMES: [&str; 4] = ["2023-07", "2023", "2006/..", ".."];
const GRADES: [f64; 3] = [0.3, 0.5, 0.8];

#[derive(Debug, Clone)]
struct Ev {
    claimant: Option<usize>,
    outlet: Option<usize>,
    relay: Option<usize>,
    grade: usize,
}

#[derive(Debug, Clone)]
enum Op {
    /// A new key, or with `reuse` one created before (existing or removed).
    AddActor {
        reuse: Option<usize>,
        kind: usize,
        name: usize,
    },
    AddClaim {
        subject: usize,
        object: usize,
        relation: usize,
        valid: usize,
        denied: bool,
        evidence: Vec<Ev>,
    },
    /// More evidence for an existing claim, given in reverse orientation if `reverse`.
    AddEvidence {
        claim: usize,
        reverse: bool,
        evidence: Vec<Ev>,
    },
    RemoveClaim(usize),
    RemoveActor(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let ev = (
        prop::option::weighted(0.9, any::<usize>()),
        prop::option::weighted(0.5, any::<usize>()),
        prop::option::weighted(0.3, any::<usize>()),
        0..4usize,
    )
        .prop_map(|(claimant, outlet, relay, grade)| Ev {
            claimant,
            outlet,
            relay,
            grade,
        });
    let evidence = prop_oneof![1 => Just(Vec::new()), 12 => prop::collection::vec(ev, 1..3)];
    prop_oneof![
        3 => (prop::option::weighted(0.2, any::<usize>()), 0..KINDS.len(), 0..NAMES.len())
            .prop_map(|(reuse, kind, name)| Op::AddActor { reuse, kind, name }),
        6 => (
            any::<usize>(),
            any::<usize>(),
            any::<usize>(),
            0..TIMES.len(),
            prop::bool::weighted(0.2),
            evidence.clone(),
        )
            .prop_map(|(subject, object, relation, valid, denied, evidence)| Op::AddClaim {
                subject,
                object,
                relation,
                valid,
                denied,
                evidence,
            }),
        3 => (any::<usize>(), any::<bool>(), evidence.clone()).prop_map(|(claim, reverse, evidence)| {
            Op::AddEvidence {
                claim,
                reverse,
                evidence,
            }
        }),
        1 => any::<usize>().prop_map(Op::RemoveClaim),
        1 => any::<usize>().prop_map(Op::RemoveActor),
    ]
}

/// A few actors first, then any operations.
fn ops() -> impl Strategy<Value = Vec<Op>> {
    let actor = (0..KINDS.len(), 0..NAMES.len()).prop_map(|(kind, name)| Op::AddActor {
        reuse: None,
        kind,
        name,
    });
    (
        prop::collection::vec(actor, 2..6),
        prop::collection::vec(op(), 1..40),
    )
        .prop_map(|(mut first, then)| {
            first.extend(then);
            first
        })
}

/// The naive model: actors in insertion order, and claims as (key, evidence) with
/// evidence merged by key and identical attributions kept once.
#[derive(Debug, Default)]
struct Model {
    actors: Vec<Actor>,
    claims: Vec<(ClaimKey, Vec<Attribution>)>,
}

impl Model {
    fn actor(&self, k: &ActorKey) -> Option<&Actor> {
        self.actors.iter().find(|a| &a.key == k)
    }

    fn citing(&self, k: &ActorKey) -> Vec<ClaimKey> {
        let mut keys: Vec<ClaimKey> = self
            .claims
            .iter()
            .filter(|(_, ev)| ev.iter().any(|a| a.chain().any(|c| c == k)))
            .map(|(key, _)| key.clone())
            .collect();
        keys.sort();
        keys
    }

    fn add_actor(&mut self, actor: Actor) -> Result<(), StoreError> {
        if self.actor(&actor.key).is_some() {
            return Err(StoreError::DuplicateActor { key: actor.key });
        }
        self.actors.push(actor);
        Ok(())
    }

    /// Whether the pair fits the relation; a symmetric relation holds both ways, so
    /// with `both_ways` the reverse orientation is accepted too.
    fn fits(rel: &Rel, s: ActorKind, o: ActorKind, both_ways: bool) -> bool {
        let given = rel.domain.contains(&s) && rel.range.contains(&o);
        let reverse = rel.domain.contains(&o) && rel.range.contains(&s);
        given || (both_ways && rel.relation.is_symmetric() && reverse)
    }

    /// Adds a claim; the checks run in the store's documented order.
    fn add_claim(&mut self, claim: Claim, rel: &Rel, both_ways: bool) -> Result<bool, StoreError> {
        if claim.evidence.is_empty() {
            return Err(ModelError::MissingField {
                field: "evidence",
                reason: "must hold at least one attribution",
            }
            .into());
        }
        if claim
            .evidence
            .iter()
            .any(|a| a.claimant.is_none() && a.outlet.is_none())
        {
            return Err(ModelError::MissingField {
                field: "claimant",
                reason: "or `outlet` must be given",
            }
            .into());
        }
        if claim.subject == claim.object {
            return Err(StoreError::SelfLoop { key: claim.subject });
        }
        let kind_of = |k: &ActorKey, field| {
            self.actor(k)
                .map(|a| a.kind)
                .ok_or_else(|| StoreError::UnknownActor {
                    key: k.to_string(),
                    field,
                })
        };
        let s = kind_of(&claim.subject, "subject")?;
        if !rel.domain.contains(&s) && !both_ways {
            return Err(StoreError::KindMismatch {
                relation: claim.relation.clone(),
                field: "subject",
                key: claim.subject.clone(),
                kind: s,
            });
        }
        let o = kind_of(&claim.object, "object")?;
        if !Self::fits(rel, s, o, both_ways) {
            let (field, key, kind) = if rel.domain.contains(&s) {
                ("object", claim.object.clone(), o)
            } else {
                ("subject", claim.subject.clone(), s)
            };
            return Err(StoreError::KindMismatch {
                relation: claim.relation.clone(),
                field,
                key,
                kind,
            });
        }
        for a in &claim.evidence {
            for (k, field) in a
                .claimant
                .iter()
                .map(|k| (k, "claimant"))
                .chain(a.outlet.iter().map(|k| (k, "outlet")))
                .chain(a.relays.iter().map(|k| (k, "relays")))
            {
                kind_of(k, field)?;
            }
        }
        let key = claim.key();
        let at = self.claims.iter().position(|(k, _)| *k == key);
        let new = at.is_none();
        if new {
            self.claims.push((key, Vec::new()));
        }
        let last = self.claims.len() - 1;
        let evidence = &mut self.claims[at.unwrap_or(last)].1;
        for a in claim.evidence {
            if !evidence.contains(&a) {
                evidence.push(a);
            }
        }
        Ok(new)
    }

    fn remove_actor(&mut self, k: &ActorKey) -> Result<Actor, StoreError> {
        let Some(at) = self.actors.iter().position(|a| &a.key == k) else {
            return Err(StoreError::UnknownActor {
                key: k.to_string(),
                field: "key",
            });
        };
        let citing = self.citing(k).len();
        if citing > 0 {
            return Err(StoreError::ActorCited {
                key: k.clone(),
                claims: citing,
            });
        }
        self.claims
            .retain(|(c, _)| &c.subject != k && &c.object != k);
        Ok(self.actors.remove(at))
    }
}

/// Every claim of the graph as (key, evidence), sorted by key.
fn graph_claims(g: &ClaimGraph) -> Vec<(ClaimKey, Vec<Attribution>)> {
    let mut all: Vec<_> = g
        .claims()
        .map(|c| c.to_claim())
        .map(|c| (c.key(), c.evidence))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

/// Compares the graph with the model: actors, claims, derived confidence, citations
/// and name lookups.
fn same(g: &ClaimGraph, m: &Model) -> Result<(), TestCaseError> {
    let graph_actors: Vec<&Actor> = g.actors().collect();
    let model_actors: Vec<&Actor> = m.actors.iter().collect();
    prop_assert_eq!(graph_actors, model_actors);
    let mut model_claims = m.claims.clone();
    model_claims.sort_by(|a, b| a.0.cmp(&b.0));
    prop_assert_eq!(graph_claims(g), model_claims);
    for (k, evidence) in &m.claims {
        let id = g.claim_id(k);
        prop_assert!(id.is_some(), "no id for {}", k);
        let id = id.unwrap();
        let expected = confidence::combine(evidence);
        prop_assert_eq!(
            g.confidence(id).unwrap().to_bits(),
            expected.value.to_bits()
        );
        prop_assert_eq!(g.origins(id).unwrap(), expected.origins);
    }
    for a in &m.actors {
        let id = g.actor_id(a.key.as_str()).unwrap();
        let mut citing: Vec<ClaimKey> = g
            .claims_citing(id)
            .into_iter()
            .map(|c| g.claim(c).unwrap().to_claim().key())
            .collect();
        citing.sort();
        prop_assert_eq!(citing, m.citing(&a.key), "citing {}", a.key);
    }
    for name in NAMES {
        let mut expected: Vec<&ActorKey> = m
            .actors
            .iter()
            .filter(|a| a.names().any(|n| fold_name(n) == fold_name(name)))
            .map(|a| &a.key)
            .collect();
        expected.sort();
        match g.find(name) {
            Ok(id) => prop_assert_eq!(vec![&g.actor(id).unwrap().key], expected, "{}", name),
            Err(LookupError::NotFound { .. }) => prop_assert!(expected.is_empty(), "{}", name),
            Err(LookupError::Ambiguous { candidates, .. }) => {
                let mut candidates: Vec<&ActorKey> = candidates.iter().collect();
                candidates.sort();
                prop_assert!(expected.len() > 1, "{}", name);
                prop_assert_eq!(candidates, expected, "{}", name);
            }
            Err(other) => prop_assert!(false, "{:?}", other),
        }
    }
    Ok(())
}

/// Picks an actor key: usually an existing actor, sometimes one created and since
/// removed, and sometimes one never created.
fn pick(created: &[ActorKey], m: &Model, i: usize) -> ActorKey {
    match (i % 16, created.is_empty(), m.actors.is_empty()) {
        (0, _, _) | (_, true, _) => key("ghost"),
        (1, false, _) | (_, false, true) => created[i / 16 % created.len()].clone(),
        _ => m.actors[i / 16 % m.actors.len()].key.clone(),
    }
}

fn attributions(created: &[ActorKey], m: &Model, evidence: &[Ev]) -> Vec<Attribution> {
    evidence
        .iter()
        .map(|e| {
            let grade = match GRADES.get(e.grade) {
                Some(c) => Grade::confidence(*c).unwrap(),
                None => Grade::Admiralty("B2".parse().unwrap()),
            };
            Attribution {
                claimant: e.claimant.map(|i| pick(created, m, i)),
                outlet: e.outlet.map(|i| pick(created, m, i)),
                relays: e.relay.map(|i| pick(created, m, i)).into_iter().collect(),
                ..Attribution::new(grade)
            }
        })
        .collect()
}

/// Runs `ops` on a graph and on the model; `both_ways` makes the model accept a
/// symmetric claim whose kinds fit in either orientation.
fn run(ops: &[Op], rels: &[Rel], both_ways: bool) -> Result<(), TestCaseError> {
    let mut g = ClaimGraph::new();
    let mut m = Model::default();
    // Every key ever created, removed or not.
    let mut created: Vec<ActorKey> = Vec::new();
    for (step, op) in ops.iter().enumerate() {
        let claim = match op {
            Op::AddActor { reuse, kind, name } => {
                let k = match reuse {
                    Some(i) if !created.is_empty() => created[i % created.len()].clone(),
                    _ => key(&format!("a{}", created.len())),
                };
                let actor = Actor::new(k.as_str(), KINDS[*kind], NAMES[*name]).unwrap();
                let expected = m.add_actor(actor.clone());
                let actual = g.add_actor(actor).map(|_| ());
                prop_assert_eq!(actual, expected, "step {}: {:?}", step, op);
                if !created.contains(&k) {
                    created.push(k);
                }
                None
            }
            Op::AddClaim {
                subject,
                object,
                relation,
                valid,
                denied,
                evidence,
            } => {
                let rel = relation % rels.len();
                let mut claim = Claim::new(
                    pick(&created, &m, *subject),
                    rels[rel].relation.clone(),
                    pick(&created, &m, *object),
                    TIMES[*valid].parse().unwrap(),
                );
                if *denied {
                    claim = claim.with_polarity(Polarity::Denied);
                }
                claim.evidence = attributions(&created, &m, evidence);
                Some((rel, claim))
            }
            Op::AddEvidence {
                claim,
                reverse,
                evidence,
            } if !m.claims.is_empty() => {
                let k = m.claims[claim % m.claims.len()].0.clone();
                let (s, o) = match reverse {
                    true => (k.object, k.subject),
                    false => (k.subject, k.object),
                };
                let mut claim =
                    Claim::new(s, k.relation.clone(), o, k.valid).with_polarity(k.polarity);
                claim.evidence = attributions(&created, &m, evidence);
                let rel = rels.iter().position(|r| r.relation == k.relation).unwrap();
                Some((rel, claim))
            }
            Op::AddEvidence { .. } => None,
            Op::RemoveClaim(i) => {
                if !m.claims.is_empty() {
                    let (k, evidence) = m.claims.remove(i % m.claims.len());
                    let id = g.claim_id(&k);
                    prop_assert!(id.is_some(), "step {}: no id for {}", step, k);
                    let removed = g.remove_claim(id.unwrap());
                    prop_assert!(removed.is_ok(), "step {}: {:?}", step, removed);
                    let removed = removed.unwrap();
                    prop_assert_eq!(g.claim_id(&k), None, "step {}", step);
                    prop_assert_eq!(
                        (removed.key(), removed.evidence),
                        (k, evidence),
                        "step {}",
                        step
                    );
                }
                None
            }
            Op::RemoveActor(i) => {
                let k = pick(&created, &m, *i);
                let expected = m.remove_actor(&k);
                let actual = g.remove_actor(k.as_str());
                prop_assert_eq!(actual, expected, "step {}: {:?}", step, op);
                None
            }
        };
        if let Some((rel, claim)) = claim {
            let expected = m.add_claim(claim.clone(), &rels[rel], both_ways);
            let actual = g.add_claim(claim).map(|a| matches!(a, Added::New(_)));
            if both_ways {
                // Only acceptance is compared: the order of checks may differ.
                prop_assert_eq!(
                    actual.is_ok(),
                    expected.is_ok(),
                    "step {}: {:?} vs {:?}",
                    step,
                    actual,
                    expected
                );
                if let (Ok(a), Ok(e)) = (&actual, &expected) {
                    prop_assert_eq!(a, e, "step {}: new?", step);
                }
            } else {
                prop_assert_eq!(actual, expected, "step {}: {:?}", step, op);
            }
        }
        same(&g, &m)
            .map_err(|e| TestCaseError::fail(format!("after step {step} ({op:?}): {e}")))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn the_store_behaves_like_a_naive_model(ops in ops()) {
        run(&ops, &relations(), false)?;
    }

    #[test]
    fn the_store_accepts_symmetric_claims_in_either_orientation(
        ops in ops()
    ) {
        run(&ops, &relations_with_more_symmetric(), true)?;
    }
}
