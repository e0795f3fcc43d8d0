//! The checks every fuzz target runs, in one place so that they follow the library's
//! API as it changes: [`check_import`] for the importers, [`check_store_ops`] for
//! random sequences of store operations, [`check_load_binary`] for the binary store
//! file, and [`check_graph`] for what must hold of any graph.

use arbitrary::Arbitrary;
use claimgraph::ClaimGraph;
use claimgraph::io::{Exporter, Format, ImportReport, Importer, JsonDocument};
use claimgraph::model::{
    Actor, ActorKey, ActorKind, Admiralty, Attribution, Claim, Document, Grade, Polarity, Relation,
    ValidTime, confidence,
};
use claimgraph::store::Batch;

/// Formats whose failed strict import leaves the graph exactly as it was: every
/// importer (a strict import is one transaction).
pub const ALL_OR_NOTHING: &[Format] = &[
    Format::Json,
    Format::JsonLines,
    Format::GdeltEvents,
    Format::Icews,
    Format::FollowTheMoney,
    Format::BitcoinOtc,
];

/// The graph every import starts from: two states, a person and an outlet, and one
/// claim, so that imports can merge into what exists and a failed one has something
/// to leave alone.
pub fn base_graph() -> ClaimGraph {
    let mut g = ClaimGraph::new();
    for actor in [
        Actor::new("iran", ActorKind::State, "Iran"),
        Actor::new("bolivia", ActorKind::State, "Bolivia"),
        Actor::new("toma", ActorKind::Person, "Miguel Ángel Toma"),
        Actor::new("dnews", ActorKind::MediaOutlet, "DNews"),
    ] {
        g.add_actor(actor.expect("valid actor")).expect("new actor");
    }
    let claim = Claim::new(
        key("iran"),
        Relation::HasPresenceIn,
        key("bolivia"),
        "2024-03".parse().expect("valid time"),
    )
    .with_evidence(
        Attribution::new(Grade::confidence(0.36).expect("in [0, 1]"))
            .with_claimant(key("toma"))
            .with_outlet(key("dnews")),
    );
    g.add_claim(claim).expect("valid claim");
    g
}

fn key(text: &str) -> ActorKey {
    ActorKey::new(text).expect("valid key")
}

/// The graph's JSON document, the serialisation two graphs are compared by.
pub fn json(g: &ClaimGraph) -> String {
    serde_json::to_string(&JsonDocument::from_graph(g)).expect("a graph serialises")
}

fn export(g: &ClaimGraph, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    Exporter::from_format(format)
        .export(g, &mut out)
        .expect("export to memory");
    out
}

/// Every record read is accounted for exactly once:
/// `read = committed + merged + skipped + not represented`.
pub fn check_report(report: &ImportReport) {
    assert_eq!(
        report.read,
        report.committed + report.merged + report.skipped() + report.not_represented_total(),
        "the report does not add up: {report:?}"
    );
    assert!(report.adds_up(), "{report:?}");
}

/// Imports `data` strictly and with `skip_invalid`, each into [`base_graph`]: no
/// panic, the report adds up, a failed all-or-nothing import changes nothing, and
/// the graph passes [`check_graph`].
pub fn check_import(format: Format, data: &[u8]) {
    for skip_invalid in [false, true] {
        let mut g = base_graph();
        let before = json(&g);
        match Importer::from_format(format)
            .skip_invalid(skip_invalid)
            .import(data, &mut g)
        {
            Ok(report) => check_report(&report),
            Err(failed) => {
                // Up to the error: nothing counted twice, and a strict import
                // commits nothing.
                let r = &failed.report;
                assert!(
                    r.committed + r.merged + r.skipped() + r.not_represented_total() <= r.read,
                    "{r:?}"
                );
                if !skip_invalid {
                    assert_eq!((r.committed, r.merged), (0, 0), "{r:?}");
                }
                if !skip_invalid && ALL_OR_NOTHING.contains(&format) {
                    assert_eq!(
                        json(&g),
                        before,
                        "a failed {format:?} import changed the graph"
                    );
                }
            }
        }
        check_graph(&g);
    }
}

/// What must hold of any graph: every confidence in [0, 1] and equal, to the bit,
/// to a recomputation from the claim's evidence; export then import is the identity
/// for JSON Lines and the JSON document.
pub fn check_graph(g: &ClaimGraph) {
    check_confidences(g);
    for format in [Format::JsonLines, Format::Json] {
        let first = export(g, format);
        let mut reloaded = ClaimGraph::new();
        let report = Importer::from_format(format)
            .import(&first[..], &mut reloaded)
            .unwrap_or_else(|e| panic!("{format:?} export does not load back: {e}"));
        check_report(&report);
        assert_eq!(
            String::from_utf8_lossy(&export(&reloaded, format)),
            String::from_utf8_lossy(&first),
            "{format:?} export then import is not the identity"
        );
    }
}

fn check_confidences(g: &ClaimGraph) {
    for id in g.claim_ids() {
        let stored = g.confidence(id).expect("listed claim");
        assert!((0.0..=1.0).contains(&stored), "confidence {stored}");
        let claim = g.claim(id).expect("listed claim").to_claim();
        let scratch = confidence::combine(&claim.evidence);
        assert_eq!(stored.to_bits(), scratch.value.to_bits(), "{claim:?}");
        assert_eq!(g.origins(id), Some(scratch.origins), "{claim:?}");
    }
}

// ----- the binary store file --------------------------------------------------------

/// Reads `data` as a binary store file (`ClaimGraph::from_binary`): no panic, and a
/// graph it accepts saves and loads back to the same JSON serialisation, exports,
/// and answers lookups for every actor and claim.
///
/// Under `cargo fuzz` the library is built with `--cfg fuzzing`, and the reader then
/// skips its checksums, so that mutated files reach the decoding of every section
/// (no fuzzer forges a 64-bit checksum). Confidences are not rechecked against the
/// evidence: the checksum vouches for them, and a forged file may hold any value in
/// `[0, 1]`.
pub fn check_load_binary(data: &[u8]) {
    let Ok(g) = ClaimGraph::from_binary(data) else {
        return;
    };
    let first = json(&g);
    let again = ClaimGraph::from_binary(&g.to_binary().expect("a loaded graph saves"))
        .expect("a saved graph loads");
    assert_eq!(json(&again), first, "save then load is not the identity");
    let _ = export(&g, Format::JsonLines);
    for a in g.actors() {
        let id = g.actor_id(a.key.as_str()).expect("listed actor");
        let _ = g.claims_citing(id);
        let _ = g.find(&a.name);
    }
    for id in g.claim_ids() {
        let claim = g.claim(id).expect("listed claim").to_claim();
        let _ = g.claim_id(&claim.key());
    }
}

// ----- random store operations ------------------------------------------------------

/// Keys operations pick from, so that they meet; `Text` tries any key at all.
const POOL: [&str; 8] = [
    "iran",
    "bolivia",
    "toma",
    "dnews",
    "k0",
    "k1",
    "bogotá",
    "la_nacion",
];

const RELATIONS: [Relation; 8] = [
    Relation::MetWith,
    Relation::SuppliesArms,
    Relation::HasPresenceIn,
    Relation::MemberOf,
    Relation::Leads,
    Relation::Visited,
    Relation::Threatens,
    Relation::Trusts,
];

const TIMES: [&str; 6] = [
    "..",
    "2023-07",
    "2006/..",
    "../2024-03",
    "2023",
    "9999-12-31",
];

/// An actor key: one of [`POOL`], or any text (most of which is rejected).
#[derive(Arbitrary, Debug)]
pub enum KeyChoice {
    /// `POOL[i % POOL.len()]`.
    Pool(u8),
    /// Any text.
    Text(String),
}

impl KeyChoice {
    fn key(&self) -> Option<ActorKey> {
        match self {
            KeyChoice::Pool(i) => Some(key(POOL[usize::from(*i) % POOL.len()])),
            KeyChoice::Text(text) => ActorKey::new(text.as_str()).ok(),
        }
    }
}

/// A grade, valid or not: the store must reject what is out of range.
#[derive(Arbitrary, Debug)]
pub enum GradeChoice {
    /// Any float, NaN and -0.0 included.
    Confidence(f64),
    /// `ABCDEF`[r % 6] and 1 + c % 6.
    Admiralty(u8, u8),
}

/// One attribution.
#[derive(Arbitrary, Debug)]
pub struct EvidenceSpec {
    claimant: Option<KeyChoice>,
    outlet: Option<KeyChoice>,
    relays: Vec<u8>,
    document: Option<u8>,
    excerpt: Option<String>,
    reported: Option<String>,
    grade: GradeChoice,
}

/// One claim.
#[derive(Arbitrary, Debug)]
pub struct ClaimSpec {
    subject: KeyChoice,
    object: KeyChoice,
    relation: u8,
    denied: bool,
    time: u8,
    time_text: Option<String>,
    external_id: Option<u8>,
    evidence: Vec<EvidenceSpec>,
}

/// One store operation.
#[derive(Arbitrary, Debug)]
pub enum Op {
    /// `add_actor`.
    AddActor(KeyChoice, u8, String),
    /// `merge_actor`, with an alias.
    MergeActor(KeyChoice, u8, String, String),
    /// `remove_actor`.
    RemoveActor(KeyChoice),
    /// `add_claim`.
    AddClaim(ClaimSpec),
    /// `remove_claim` of the n-th claim.
    RemoveClaim(u8),
    /// `apply` of a batch.
    Apply(Vec<(KeyChoice, u8, String)>, Vec<ClaimSpec>),
}

fn actor(key: &KeyChoice, kind: u8, name: &str) -> Option<Actor> {
    let kind = ActorKind::ALL[usize::from(kind) % ActorKind::ALL.len()];
    Actor::new(key.key()?.as_str(), kind, name).ok()
}

fn claim(spec: &ClaimSpec) -> Option<Claim> {
    let valid: ValidTime = match &spec.time_text {
        Some(text) => text.parse().ok()?,
        None => TIMES[usize::from(spec.time) % TIMES.len()].parse().ok()?,
    };
    let relation = RELATIONS[usize::from(spec.relation) % RELATIONS.len()].clone();
    let mut claim = Claim::new(spec.subject.key()?, relation, spec.object.key()?, valid);
    if spec.denied {
        claim = claim.with_polarity(Polarity::Denied);
    }
    if let Some(n) = spec.external_id {
        // Few ids, so that claims meet on them (and conflict).
        claim = claim.with_external_id("gdelt", &(n % 4).to_string());
    }
    for e in &spec.evidence {
        let grade = match e.grade {
            GradeChoice::Confidence(c) => Grade::Confidence(c),
            GradeChoice::Admiralty(r, c) => {
                let text = format!(
                    "{}{}",
                    ['A', 'B', 'C', 'D', 'E', 'F'][usize::from(r) % 6],
                    1 + c % 6
                );
                Grade::Admiralty(text.parse::<Admiralty>().ok()?)
            }
        };
        let mut a = Attribution::new(grade);
        a.claimant = e.claimant.as_ref().and_then(KeyChoice::key);
        a.outlet = e.outlet.as_ref().and_then(KeyChoice::key);
        a.relays = e
            .relays
            .iter()
            .map(|r| key(POOL[usize::from(*r) % POOL.len()]))
            .collect();
        a.document = e.document.map(|d| Document {
            url: Some(format!("https://example.org/{}", d % 4)),
            title: None,
            lang: None,
            published: None,
        });
        a.excerpt = e.excerpt.clone();
        a.reported = match &e.reported {
            Some(text) => Some(text.parse().ok()?),
            None => None,
        };
        claim.evidence.push(a);
    }
    Some(claim)
}

/// Runs the operations on [`base_graph`]: no panic, a failed operation changes
/// nothing (the JSON document before and after are equal), confidences stay equal
/// to a recomputation after every operation, and the final graph passes
/// [`check_graph`].
pub fn check_store_ops(ops: &[Op]) {
    let mut g = base_graph();
    for op in ops {
        let before = json(&g);
        let failed = match op {
            Op::AddActor(k, kind, name) => match actor(k, *kind, name) {
                Some(a) => g.add_actor(a).is_err(),
                None => continue,
            },
            Op::MergeActor(k, kind, name, alias) => match actor(k, *kind, name) {
                Some(a) => g.merge_actor(a.with_alias(alias.as_str(), None)).is_err(),
                None => continue,
            },
            Op::RemoveActor(k) => match k.key() {
                Some(k) => g.remove_actor(k.as_str()).is_err(),
                None => continue,
            },
            Op::AddClaim(spec) => match claim(spec) {
                Some(c) => g.add_claim(c).is_err(),
                None => continue,
            },
            Op::RemoveClaim(n) => {
                let nth = g.claim_ids().nth(usize::from(*n));
                match nth {
                    Some(id) => g.remove_claim(id).is_err(),
                    None => continue,
                }
            }
            Op::Apply(actors, claims) => {
                let mut batch = Batch::new();
                for (k, kind, name) in actors {
                    if let Some(a) = actor(k, *kind, name) {
                        batch.push_actor(a);
                    }
                }
                for spec in claims {
                    if let Some(c) = claim(spec) {
                        batch.push_claim(c);
                    }
                }
                g.apply(batch).is_err()
            }
        };
        if failed {
            assert_eq!(json(&g), before, "a failed {op:?} changed the graph");
        }
        check_confidences(&g);
    }
    check_graph(&g);
}
