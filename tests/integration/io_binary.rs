//! The binary store file: `ClaimGraph::save` / `load` (and `to_binary` /
//! `from_binary`) give back the same graph, every item in its slot, and any damaged
//! or cut file is an error, never a panic.

use crate::support::{json, seed};

use claimgraph::ClaimGraph;
use claimgraph::generate::{Generated, GeneratorConfig, Topology};
use claimgraph::io::{BinaryError, IoError};
use claimgraph::model::{
    Actor, ActorKind, Attribution, Claim, Document, Grade, GroupType, Polarity, Relation,
    StatementKind,
};
use claimgraph::query::{Filter, neighbors};
use proptest::prelude::*;

/// A store holding every actor and claim of `generated`, in its order.
fn stored(generated: &Generated) -> ClaimGraph {
    let mut g = ClaimGraph::new();
    for a in generated.actors() {
        g.add_actor(a).unwrap();
    }
    for c in generated.claims() {
        g.add_claim(c).unwrap();
    }
    g
}

/// Removes the first claim of every `n` in id order, leaving holes in the slots.
fn remove_every_claim(g: &mut ClaimGraph, n: usize) {
    let ids: Vec<_> = g.claim_ids().step_by(n).collect();
    for id in ids {
        g.remove_claim(id).unwrap();
    }
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn round_trip(g: &ClaimGraph) -> ClaimGraph {
    let bytes = g.to_binary().expect("writes");
    ClaimGraph::from_binary(&bytes).expect("reads back")
}

/// Everything a user can ask of a graph, by slot where ids are involved (the loaded
/// graph is another graph, so its ids differ in identity but not in slot).
fn answers(g: &ClaimGraph) -> Vec<String> {
    let mut out = vec![json(g)];
    out.push(format!(
        "actors {:?}",
        g.actor_ids().map(|a| a.index()).collect::<Vec<_>>()
    ));
    out.push(format!(
        "claims {:?}",
        g.claim_ids().map(|c| c.index()).collect::<Vec<_>>()
    ));
    for a in g.actor_ids() {
        let actor = g.actor(a).expect("listed");
        out.push(format!("{} at {}", actor.key, a.index()));
        for name in actor.names() {
            out.push(format!(
                "find {name}: {:?}",
                g.find(name).map(|x| x.index()).map_err(|e| e.to_string())
            ));
        }
        for (registry, id) in &actor.external_ids {
            out.push(format!(
                "external {registry}:{id}: {:?}",
                g.find_external(registry, id).map(|x| x.index()).ok()
            ));
        }
        let mut citing: Vec<usize> = g.claims_citing(a).iter().map(|c| c.index()).collect();
        citing.sort_unstable();
        out.push(format!("citing {citing:?}"));
        let mut near: Vec<(usize, usize, bool)> = neighbors(g, a, &Filter::new())
            .into_iter()
            .map(|n| (n.actor.index(), n.claim.index(), n.outgoing))
            .collect();
        near.sort();
        out.push(format!("neighbors {near:?}"));
    }
    for c in g.claim_ids() {
        let claim = g.claim(c).expect("listed").to_claim();
        out.push(format!(
            "claim {} = {:?} conf {:x} origins {:?}",
            c.index(),
            g.claim_id(&claim.key()).map(|x| x.index()),
            g.confidence(c).expect("listed").to_bits(),
            g.origins(c)
        ));
        for x in &claim.external_ids {
            let (registry, id) = x.split_once(':').unwrap_or(("", x));
            out.push(format!(
                "by external {x}: {:?}",
                g.claim_by_external(registry, id).map(|x| x.index())
            ));
        }
    }
    out
}

const KINDS: [ActorKind; 4] = [
    ActorKind::State,
    ActorKind::Person,
    ActorKind::Group,
    ActorKind::MediaOutlet,
];
const RELATIONS: [&str; 6] = [
    "met_with",
    "supplies_arms",
    "cooperates:energy",
    "custom:funds",
    "allied_with",
    "associated",
];
const TIMES: [&str; 5] = ["2023-07", "2023", "2006/..", "..", "2024-03-08"];

/// An attribution: claimant, outlet, relay (actor numbers), grade (percent, 101 for
/// an Admiralty grade), document variant, whether it has an excerpt.
type Ev = (usize, Option<usize>, Option<usize>, u8, Option<u8>, bool);

#[derive(Debug, Clone)]
enum Op {
    Actor {
        kind: usize,
        alias: Option<u8>,
        registry: Option<u8>,
        attribute: Option<u8>,
        group: bool,
    },
    Claim {
        subject: usize,
        object: usize,
        relation: usize,
        time: usize,
        denied: bool,
        statement: usize,
        code: Option<u8>,
        external: Option<u8>,
        evidence: Vec<Ev>,
    },
    RemoveClaim(usize),
    RemoveActor(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let evidence = (
        any::<usize>(),
        prop::option::weighted(0.5, any::<usize>()),
        prop::option::weighted(0.2, any::<usize>()),
        0u8..=101,
        prop::option::weighted(0.5, 0u8..4),
        any::<bool>(),
    );
    prop_oneof![
        2 => (
            0..KINDS.len(),
            prop::option::of(0u8..3),
            prop::option::weighted(0.3, 0u8..3),
            prop::option::weighted(0.3, 0u8..3),
            any::<bool>(),
        )
            .prop_map(|(kind, alias, registry, attribute, group)| Op::Actor {
                kind,
                alias,
                registry,
                attribute,
                group,
            }),
        6 => (
            any::<usize>(),
            any::<usize>(),
            0..RELATIONS.len(),
            0..TIMES.len(),
            prop::bool::weighted(0.2),
            0..3usize,
            prop::option::weighted(0.3, 0u8..4),
            prop::option::weighted(0.3, any::<u8>()),
            prop::collection::vec(evidence, 1..4),
        )
            .prop_map(
                |(subject, object, relation, time, denied, statement, code, external, evidence)| {
                    Op::Claim {
                        subject,
                        object,
                        relation,
                        time,
                        denied,
                        statement,
                        code,
                        external,
                        evidence,
                    }
                },
            ),
        1 => any::<usize>().prop_map(Op::RemoveClaim),
        1 => any::<usize>().prop_map(Op::RemoveActor),
    ]
}

/// A graph built by random operations, removals included, so that slots have holes
/// and later items reuse them; every field the store keeps appears somewhere.
fn build(ops: &[Op]) -> ClaimGraph {
    let mut g = ClaimGraph::new();
    let mut made = 0usize;
    let key = |i: usize| format!("k{i}");
    for op in ops {
        match op {
            Op::Actor {
                kind,
                alias,
                registry,
                attribute,
                group,
            } => {
                let kind = KINDS[*kind];
                let mut a = Actor::new(&key(made), kind, format!("Name {}", made % 5)).unwrap();
                if let Some(x) = alias {
                    a = a.with_alias(format!("Álias {x}"), (*x == 1).then_some("es"));
                }
                if let Some(r) = registry {
                    a = a.with_external_id(
                        ["wikidata", "gdelt", "ftm"][*r as usize],
                        &format!("Q{}", made % 4),
                    );
                }
                if let Some(x) = attribute {
                    a = a.with_attribute(["role", "born", "note"][*x as usize], format!("v{x}"));
                }
                if *group && kind == ActorKind::Group {
                    a = a.with_group_type(GroupType::ArmedGroup);
                }
                made += 1;
                let _ = g.add_actor(a);
            }
            Op::Claim {
                subject,
                object,
                relation,
                time,
                denied,
                statement,
                code,
                external,
                evidence,
            } => {
                if made == 0 {
                    continue;
                }
                let k = |i: usize| key(i % made).parse().unwrap();
                let mut c = Claim::new(
                    k(*subject),
                    RELATIONS[*relation].parse::<Relation>().unwrap(),
                    k(*object),
                    TIMES[*time].parse().unwrap(),
                )
                .with_statement(StatementKind::ALL[*statement]);
                if *denied {
                    c = c.with_polarity(Polarity::Denied);
                }
                if let Some(code) = code {
                    c.codes.insert(format!("0{code}"));
                }
                if let Some(x) = external {
                    c.external_ids.insert(format!("gdelt:{x}"));
                }
                for (claimant, outlet, relay, grade, doc, excerpt) in evidence {
                    let grade = if *grade > 100 {
                        Grade::Admiralty("B2".parse().unwrap())
                    } else {
                        Grade::confidence(f64::from(*grade) / 100.0).unwrap()
                    };
                    let mut a = Attribution::new(grade).with_claimant(k(*claimant));
                    if let Some(o) = outlet {
                        a = a.with_outlet(k(*o));
                    }
                    if let Some(r) = relay {
                        a = a.with_relay(k(*r));
                    }
                    if let Some(d) = doc {
                        a.document = Some(Document {
                            url: (*d != 0).then(|| format!("https://example.org/{d}")),
                            title: (*d == 2).then(|| "Título".to_owned()),
                            lang: (*d == 3).then(|| "es".to_owned()),
                            published: (*d == 1).then(|| "2024-03".parse().unwrap()),
                        });
                    }
                    if *excerpt {
                        a = a.with_excerpt("«dijo» que sí");
                    }
                    if grade.value() > 0.5 {
                        a = a.with_reported("2024-03-08".parse().unwrap());
                    }
                    c = c.with_evidence(a);
                }
                let _ = g.add_claim(c);
            }
            Op::RemoveClaim(i) => {
                let ids: Vec<_> = g.claim_ids().collect();
                if !ids.is_empty() {
                    g.remove_claim(ids[i % ids.len()]).unwrap();
                }
            }
            Op::RemoveActor(i) => {
                if made > 0 {
                    let _ = g.remove_actor(&key(i % made));
                }
            }
        }
    }
    g
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 1..60)
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn save_then_load_answers_alike(ops in ops()) {
        let g = build(&ops);
        let back = round_trip(&g);
        prop_assert_eq!(answers(&back), answers(&g));
        // And it stays the same graph under more changes: the merge and citation
        // indexes were rebuilt, not lost.
        let (mut g2, mut back2) = (g.clone(), back);
        let more = build_on(&mut g2, &ops);
        let more_back = build_on(&mut back2, &ops);
        prop_assert_eq!(more, more_back);
        prop_assert_eq!(json(&g2), json(&back2));
    }

    #[test]
    fn a_flipped_byte_is_an_error(ops in ops(), at in any::<prop::sample::Index>(), bit in 0u8..8) {
        let bytes = build(&ops).to_binary().unwrap();
        let mut damaged = bytes.clone();
        let i = at.index(damaged.len());
        damaged[i] ^= 1 << bit;
        prop_assert!(ClaimGraph::from_binary(&damaged).is_err(), "byte {} bit {}", i, bit);
    }

    #[test]
    fn a_cut_file_is_an_error(ops in ops(), at in any::<prop::sample::Index>()) {
        let bytes = build(&ops).to_binary().unwrap();
        let cut = at.index(bytes.len());
        let err = ClaimGraph::from_binary(&bytes[..cut]).unwrap_err();
        prop_assert!(matches!(err, IoError::Binary(_)), "{}", err);
    }
}

/// Adds the evidence of every claim operation again, in reverse orientation where the
/// relation is symmetric, and removes the first claim: how each graph answers.
fn build_on(g: &mut ClaimGraph, ops: &[Op]) -> Vec<String> {
    let mut out = Vec::new();
    let claims: Vec<Claim> = g.claims().map(|c| c.to_claim()).collect();
    for c in claims.into_iter().rev() {
        out.push(format!("{:?}", g.add_claim(c).map(|a| a.id().index())));
    }
    let first = g.claim_ids().next();
    if let Some(first) = first {
        out.push(format!("{:?}", g.remove_claim(first).map(|c| c.key())));
    }
    out.push(format!("{}", ops.len()));
    out
}

#[test]
fn the_seed_graph_survives_a_file() {
    let g = seed();
    let dir = std::env::temp_dir().join(format!("claimgraph-binary-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("seed.cgb");
    g.save(&path).unwrap();
    let back = ClaimGraph::load(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(back.actor_count(), g.actor_count());
    assert_eq!(back.claim_count(), g.claim_count());
    assert_eq!(json(&back), json(&g));
    assert_eq!(answers(&back), answers(&g));
}

#[test]
fn a_generated_graph_survives_with_its_slots() {
    let generated = GeneratorConfig::new(1 << 8, 8)
        .topology(Topology::GRAPH500)
        .seed(7)
        .generate();
    let mut g = stored(&generated);
    // Holes: every third claim and a few uncited actors (with their claims) removed.
    remove_every_claim(&mut g, 3);
    assert_eq!(g.claim_count(), 2048 - 683);
    let removable: Vec<String> = g
        .actors()
        .filter(|a| {
            g.claims_citing(g.actor_id(a.key.as_str()).unwrap())
                .is_empty()
        })
        .map(|a| a.key.to_string())
        .take(5)
        .collect();
    for k in &removable {
        g.remove_actor(k).unwrap();
    }
    assert_eq!(removable.len(), 5);
    let back = round_trip(&g);
    assert_eq!(back.claim_count(), g.claim_count());
    assert_eq!(back.actor_count(), g.actor_count());
    // Slot 0 was removed, slot 1 kept: the first claim of the loaded graph is in 1.
    assert_eq!(back.claim_ids().next().map(|c| c.index()), Some(1));
    assert_eq!(answers(&back), answers(&g));
}

#[test]
fn a_newer_version_is_refused_by_name() {
    let mut bytes = seed().to_binary().unwrap();
    bytes[8] = 2;
    match ClaimGraph::from_binary(&bytes) {
        Err(IoError::Binary(BinaryError::Version {
            found: 2,
            supported: 1,
        })) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_json_file_is_not_a_binary_file() {
    let err = ClaimGraph::from_binary(br#"{"version": 1, "actors": []}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a claimgraph binary file: it starts with [7b, 22, 76, 65, 72, 73, 69, 6f]"
    );
}

#[test]
fn a_missing_file_is_an_io_error() {
    let err = ClaimGraph::load("/nonexistent/claimgraph.cgb").unwrap_err();
    assert!(matches!(err, IoError::Io(_)), "{err}");
}

#[test]
fn an_empty_graph_round_trips() {
    let g = ClaimGraph::new();
    let back = round_trip(&g);
    assert_eq!(back.actor_count(), 0);
    assert_eq!(json(&back), json(&g));
}

/// Claims are decoded in runs of 8,192 on rayon's pool: a graph of several runs, with
/// holes, comes back whole and in its slots.
#[test]
fn a_graph_of_several_decoding_runs_survives_with_its_slots() {
    let generated = GeneratorConfig::new(1 << 11, 12).seed(11).generate();
    let mut g = stored(&generated);
    remove_every_claim(&mut g, 7);
    assert!(g.claim_count() > 2 * 8192, "{} claims", g.claim_count());
    let back = round_trip(&g);
    assert_eq!(
        back.claim_ids().map(|c| c.index()).collect::<Vec<_>>(),
        g.claim_ids().map(|c| c.index()).collect::<Vec<_>>()
    );
    assert_eq!(json(&back), json(&g));
}

#[test]
fn an_excerpt_shared_by_attributions_is_written_once() {
    let mut g = ClaimGraph::new();
    for key in ["iran", "bolivia", "peru"] {
        g.add_actor(Actor::new(key, ActorKind::State, key).unwrap())
            .unwrap();
    }
    let said = |subject: &str, object: &str, excerpt: &str| {
        Claim::new(
            subject.parse().unwrap(),
            Relation::MetWith,
            object.parse().unwrap(),
            "2023-07".parse().unwrap(),
        )
        .with_evidence(
            Attribution::new(Grade::confidence(0.5).unwrap())
                .with_claimant(subject.parse().unwrap())
                .with_excerpt(excerpt),
        )
    };
    g.add_claim(said("iran", "bolivia", "the ministers met in La Paz"))
        .unwrap();
    g.add_claim(said("iran", "peru", "the ministers met in La Paz"))
        .unwrap();
    g.add_claim(said("bolivia", "peru", "a second meeting"))
        .unwrap();
    let bytes = g.to_binary().unwrap();
    let occurrences = |text: &[u8]| bytes.windows(text.len()).filter(|w| *w == text).count();
    assert_eq!(occurrences(b"the ministers met in La Paz"), 1);
    assert_eq!(occurrences(b"a second meeting"), 1);
    let back = ClaimGraph::from_binary(&bytes).unwrap();
    let excerpts: Vec<Option<String>> = back
        .claims()
        .map(|c| c.to_claim().evidence[0].excerpt.clone())
        .collect();
    assert_eq!(
        excerpts,
        [
            Some("the ministers met in La Paz".to_owned()),
            Some("the ministers met in La Paz".to_owned()),
            Some("a second meeting".to_owned()),
        ]
    );
    assert_eq!(json(&back), json(&g));
}

/// The graph of the JSON Lines fuzz seed `i` under `root` (`fuzz/seeds`).
fn jsonl_seed(root: &std::path::Path, i: usize) -> ClaimGraph {
    use claimgraph::io::{Format, Importer};
    let text = std::fs::read(root.join(format!("import_jsonl/seed{i}.jsonl"))).unwrap();
    let mut g = ClaimGraph::new();
    Importer::from_format(Format::JsonLines)
        .import(&text[..], &mut g)
        .unwrap();
    g
}

/// The committed seeds were written before excerpts were written once each (each
/// attribution then had its own string in the list): they still load, to the graphs
/// of the JSON Lines seeds they were made from.
#[test]
fn files_written_by_earlier_writers_still_load() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for i in 0..3 {
        let g = jsonl_seed(&root, i);
        let file = root.join(format!("load_binary/seed{}.cgb", i + 1));
        let back = ClaimGraph::load(&file).unwrap();
        assert_eq!(json(&back), json(&g), "{}", file.display());
    }
}

/// Writes the fuzz seeds of `fuzz/seeds/load_binary` (see its README), each checked
/// to load back to the graph it was written from.
#[test]
#[ignore = "writes fuzz/seeds/load_binary; run when the format changes"]
fn write_binary_fuzz_seeds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let out = root.join("load_binary");
    std::fs::create_dir_all(&out).unwrap();
    let mut graphs = vec![ClaimGraph::new()];
    for i in 0..3 {
        let g = jsonl_seed(&root, i);
        graphs.push(g);
    }
    let generated = GeneratorConfig::new(64, 2)
        .claimants(8)
        .outlets(4)
        .seed(1)
        .generate();
    let mut g = stored(&generated);
    remove_every_claim(&mut g, 5);
    graphs.push(g);
    for (i, g) in graphs.iter().enumerate() {
        let path = out.join(format!("seed{i}.cgb"));
        g.save(&path).unwrap();
        assert_eq!(json(&ClaimGraph::load(&path).unwrap()), json(g));
    }
}
