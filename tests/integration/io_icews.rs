//! ICEWS quadruples: the real ICEWS05-15 test split and bad input.
//!
//! Expected counts come from `tests/data/icews05-15/expected_counts.py`, a Python
//! re-implementation of the reader's documented rules that reads the same name and
//! event tables from the Rust sources (`python3 tests/data/icews05-15/expected_counts.py`
//! from the crate root prints them). The 16 self loops can also be counted with
//! `awk -F'\t' '$1==$3' tests/data/icews05-15/test.tsv | wc -l`.

use claimgraph::ClaimGraph;
use claimgraph::io::{Format, ImportError, ImportReport, Importer, IoError, SkipReason};
use claimgraph::model::{
    ActorKind, Claim, ClaimKey, Grade, GroupType, PartialDate, Polarity, Relation, ValidTime,
};

fn data() -> String {
    let path = crate::support::data("icews05-15/test.tsv");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(text: &str, skip_invalid: bool) -> (ClaimGraph, Result<ImportReport, ImportError>) {
    let mut graph = ClaimGraph::new();
    let report = Importer::from_format(Format::Icews)
        .skip_invalid(skip_invalid)
        .import(text.as_bytes(), &mut graph);
    (graph, report)
}

fn claim_of(
    graph: &ClaimGraph,
    subject: &str,
    relation: Relation,
    object: &str,
    day: &str,
) -> Claim {
    let key = ClaimKey {
        subject: subject.parse().unwrap(),
        relation,
        object: object.parse().unwrap(),
        polarity: Polarity::Asserted,
        valid: ValidTime::at(day.parse().unwrap()),
    };
    let id = graph
        .claim_id(&key)
        .unwrap_or_else(|| panic!("no claim {key}"));
    graph.claim(id).unwrap().to_claim()
}

#[test]
fn real_file_counts() {
    let (graph, report) = import(&data(), false);
    let report = report.unwrap();
    assert_eq!(report.read, 46_092);
    assert_eq!(report.claims_new, 44_288);
    assert_eq!((report.committed, report.merged), (44_288, 935));
    assert_eq!(report.not_represented_total(), 0);
    assert_eq!(report.skipped(), 869);
    assert!(report.adds_up());
    assert_eq!(report.skipped_by_reason.len(), 2);
    assert_eq!(report.skipped_by_reason[&SkipReason::KindsDoNotFit], 853);
    assert_eq!(report.skipped_by_reason[&SkipReason::SelfLoop], 16);
    // Every one of the 207 event texts is known: none is skipped as unknown.
    assert!(
        !report
            .skipped_by_reason
            .contains_key(&SkipReason::UnknownCode)
    );
    // 5,045 of the 5,112 names are in imported rows, plus the data-set actor.
    assert_eq!(report.actors_new, 5_046);
    assert_eq!((graph.actor_count(), graph.claim_count()), (5_046, 44_288));
    let count = |kind| graph.actors().filter(|a| a.kind == kind).count();
    assert_eq!(count(ActorKind::State), 54);
    // The first skip: line 17, "Media (Africa)" expresses intent to cooperate,
    // which a media outlet cannot.
    assert_eq!(report.skips[0].position.line, Some(17));
    assert_eq!(report.skips[0].reason, SkipReason::KindsDoNotFit);
    assert!(report.skips[0].detail.contains("icews:Media_(Africa)"));
}

#[test]
fn three_rows_field_by_field() {
    let (graph, report) = import(&data(), false);
    report.unwrap();
    let day = |d: &str| d.parse::<PartialDate>().unwrap();

    // Line 6: "Ireland	Host a visit	Head of Government (India)	2015-09-22".
    // Hosting reverses the visit: India's head of government visited Ireland.
    let claim = claim_of(
        &graph,
        "icews:Head_of_Government_(India)",
        Relation::Visited,
        "icews:Ireland",
        "2015-09-22",
    );
    assert!(claim.codes.contains("ICEWS:Host a visit"));
    assert!(claim.codes.contains("CAMEO:043"));
    assert_eq!(claim.evidence.len(), 1);
    let a = &claim.evidence[0];
    assert_eq!(a.outlet.as_ref().unwrap().as_str(), "icews");
    assert_eq!(a.claimant, None);
    assert_eq!(a.reported, Some(day("2015-09-22")));
    assert_eq!(a.grade, Grade::Confidence(0.5));
    assert_eq!(a.document, None);
    let head = graph
        .actor_by_key("icews:Head_of_Government_(India)")
        .unwrap();
    assert_eq!(
        (head.kind, head.name.as_str()),
        (ActorKind::Person, "Head of Government (India)")
    );
    assert_eq!(
        head.attributes.get("sector").map(String::as_str),
        Some("Head of Government")
    );
    assert_eq!(
        head.attributes.get("country").map(String::as_str),
        Some("India")
    );
    assert_eq!(
        graph.actor_by_key("icews:Ireland").unwrap().kind,
        ActorKind::State
    );

    // Line 2746: "Barack Obama	Host a visit	Benjamin Netanyahu	2009-05-19". The host
    // is a person, so the visit is a meeting (symmetric, stored in key order).
    let claim = claim_of(
        &graph,
        "icews:Barack_Obama",
        Relation::MetWith,
        "icews:Benjamin_Netanyahu",
        "2009-05-19",
    );
    assert_eq!(claim.subject.as_str(), "icews:Barack_Obama");
    assert!(claim.codes.contains("ICEWS:Host a visit"));
    assert!(claim.codes.contains("CAMEO:043"));
    assert_eq!(claim.evidence[0].reported, Some(day("2009-05-19")));
    assert_eq!(
        graph.actor_by_key("icews:Barack_Obama").unwrap().kind,
        ActorKind::Person
    );

    // Line 102: "Police (Kenya)	Arrest, detain, or charge with legal action	Women (Kenya)	2011-02-25".
    let claim = claim_of(
        &graph,
        "icews:Police_(Kenya)",
        Relation::Coerces,
        "icews:Women_(Kenya)",
        "2011-02-25",
    );
    assert!(
        claim
            .codes
            .contains("ICEWS:Arrest, detain, or charge with legal action")
    );
    assert!(claim.codes.contains("CAMEO:173"));
    assert_eq!(claim.evidence[0].grade, Grade::Confidence(0.5));
    let police = graph.actor_by_key("icews:Police_(Kenya)").unwrap();
    assert_eq!(
        (police.kind, police.group_type),
        (ActorKind::Group, Some(GroupType::Agency))
    );
    let women = graph.actor_by_key("icews:Women_(Kenya)").unwrap();
    assert_eq!(
        (women.kind, women.group_type),
        (ActorKind::Group, Some(GroupType::Other))
    );

    let dataset = graph.actor_by_key("icews").unwrap();
    assert_eq!(dataset.kind, ActorKind::MediaOutlet);
    assert_eq!(dataset.name, "ICEWS event data (ICEWS05-15 test split)");
}

const GOOD: &str = "Police (Australia)\tConsult\tCity Mayor (Australia)\t2005-10-11\n\
                    Foreign Affairs (France)\tMake statement\tFrance\t2013-04-23\n";

#[test]
fn a_wrong_column_count_is_an_error_naming_the_line() {
    let text = format!("{GOOD}\nChina\tConsult\tJapan\n");
    let (graph, report) = import(&text, false);
    match report.map_err(|e| e.error) {
        Err(IoError::Invalid {
            position,
            reason,
            detail,
        }) => {
            assert_eq!((position.line, reason), (Some(4), SkipReason::Malformed));
            assert!(detail.contains("found 3"), "{detail}");
        }
        other => panic!("expected a malformed row, got {other:?}"),
    }
    // The import failed, so the two good rows before it are not stored either.
    assert_eq!((graph.actor_count(), graph.claim_count()), (0, 0));

    let (_, report) = import(&text, true);
    let report = report.unwrap();
    assert_eq!((report.read, report.claims_new), (3, 2));
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::Malformed),
        Some(&1)
    );
    assert_eq!(report.skips[0].position.line, Some(4));
}

#[test]
fn a_bad_date_is_a_field_error_naming_the_line() {
    let text =
        format!("{GOOD}China\tConsult\tJapan\t2015-02-30\nChina\tConsult\tJapan\t2015-02-28\n");
    let (graph, report) = import(&text, false);
    let error = report.unwrap_err().error;
    let position = error.position().unwrap();
    assert_eq!(
        (position.line, position.field.as_deref(), error.reason()),
        (Some(3), Some("date"), Some(SkipReason::InvalidDate))
    );
    assert_eq!(graph.claim_count(), 0);

    let (graph, report) = import(&text, true);
    let report = report.unwrap();
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::InvalidDate),
        Some(&1)
    );
    assert_eq!(report.skips[0].position.line, Some(3));
    assert_eq!(graph.claim_count(), 3);
}

#[test]
fn an_unknown_relation_is_a_counted_skip_even_without_skip_invalid() {
    let text = format!("China\tBefriend warmly\tJapan\t2015-02-28\n{GOOD}");
    let (graph, report) = import(&text, false);
    let report = report.unwrap();
    assert_eq!(report.read, 3);
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::UnknownCode),
        Some(&1)
    );
    assert_eq!(report.skips[0].position.line, Some(1));
    assert_eq!(report.skips[0].position.field.as_deref(), Some("event"));
    assert!(report.skips[0].detail.contains("Befriend warmly"));
    assert_eq!(graph.claim_count(), 2);
}

#[test]
fn kinds_that_do_not_fit_are_skipped_without_writing_anything() {
    // A region cannot make a statement.
    let text = "Middle East\tMake statement\tChina\t2010-01-01\n";
    let (graph, report) = import(text, false);
    let report = report.unwrap();
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::KindsDoNotFit),
        Some(&1)
    );
    assert_eq!(report.actors_new, 0);
    assert_eq!(graph.actor_count(), 0);
}
