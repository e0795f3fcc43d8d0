//! FollowTheMoney import and export: exact counts and rows of the real donations file
//! (tests/data/ftm/donations.ijson, opensanctions/nomenklatura, MIT), bad input, and
//! export -> import round trips.

use std::collections::{BTreeMap, BTreeSet};

use claimgraph::ClaimGraph;
use claimgraph::analysis::corroboration;
use claimgraph::io::{Exporter, Format, ImportError, ImportReport, Importer, SkipReason};
use claimgraph::model::{
    Actor, ActorKind, Attribution, Claim, Grade, GroupType, Polarity, Precision, Relation,
    StatementKind, ValidTime, fold_name,
};
use claimgraph::query::Filter;
use claimgraph::store::Batch;

fn donations() -> Vec<u8> {
    std::fs::read(crate::support::data("ftm/donations.ijson")).unwrap()
}

fn import(data: &[u8], graph: &mut ClaimGraph, skip: bool) -> Result<ImportReport, ImportError> {
    Importer::from_format(Format::FollowTheMoney)
        .skip_invalid(skip)
        .import(data, graph)
}

fn export(graph: &ClaimGraph) -> Vec<u8> {
    let mut out = Vec::new();
    Exporter::from_format(Format::FollowTheMoney)
        .export(graph, &mut out)
        .unwrap();
    out
}

/// (subject, relation, object, valid time) of every claim.
fn claim_set(graph: &ClaimGraph) -> BTreeSet<(String, String, String, String)> {
    graph
        .claims()
        .map(|c| c.to_claim())
        .map(|c| {
            (
                c.subject.to_string(),
                c.relation.to_string(),
                c.object.to_string(),
                c.valid.to_string(),
            )
        })
        .collect()
}

/// Counts computed independently of this crate, with
/// `python3 -c "import json,collections; print(collections.Counter(json.loads(l)['schema'] for l in open('tests/data/ftm/donations.ijson')))"`
/// -> Payment 290, Address 89, Company 56, Person 22, Organization 17 (474 lines, none
/// blank); every payer and beneficiary id is an entity of the file, no two payments
/// share (payer, beneficiary, date), and every one of the 103 `addressEntity` ids is an
/// Address of the file.
const LINES: usize = 474;
const PAYMENTS: usize = 290;
const ADDRESSES: usize = 89;
const COMPANIES: usize = 56;
const PERSONS: usize = 22;
const ORGANIZATIONS: usize = 17;

#[test]
fn real_file_counts() {
    let mut g = ClaimGraph::new();
    let report = import(&donations(), &mut g, false).unwrap();
    let entities = COMPANIES + PERSONS + ORGANIZATIONS;
    assert_eq!(report.read, LINES);
    // 95 entities and the generic source actor `ftm` (no line names a publisher or a data set).
    assert_eq!(report.actors_new, entities + 1);
    assert_eq!(report.claims_new, PAYMENTS);
    // Every payment and every entity created something; the addresses have no
    // place of their own (their text is kept on the entities naming them).
    assert_eq!((report.committed, report.merged), (PAYMENTS + entities, 0));
    assert_eq!(
        report.not_represented,
        BTreeMap::from([("Address".to_owned(), ADDRESSES)])
    );
    assert_eq!(report.skipped(), 0);
    assert!(report.adds_up());
    assert_eq!((g.actor_count(), g.claim_count()), (entities + 1, PAYMENTS));
    let mut kinds: BTreeMap<(ActorKind, Option<GroupType>), usize> = BTreeMap::new();
    for a in g.actors() {
        *kinds.entry((a.kind, a.group_type)).or_default() += 1;
    }
    assert_eq!(
        kinds,
        BTreeMap::from([
            ((ActorKind::Person, None), PERSONS),
            ((ActorKind::Group, Some(GroupType::Company)), COMPANIES),
            ((ActorKind::Group, Some(GroupType::Other)), ORGANIZATIONS),
            ((ActorKind::MediaOutlet, None), 1),
        ])
    );
    assert!(
        g.claims()
            .map(|c| c.to_claim())
            .all(|c| c.relation == Relation::Pays)
    );
    // python3: collections.Counter(beneficiary name) -> CDU 126, FDP 53, SPD 39, CSU 32
    let cdu = g.find("CDU").unwrap();
    let into_cdu = g
        .claim_ids()
        .filter(|id| g.endpoints(*id).unwrap().1 == cdu)
        .count();
    assert_eq!(into_cdu, 126);

    // Importing the file again changes nothing: every entity merges into itself and
    // every payment's evidence is already there.
    let again = import(&donations(), &mut g, false).unwrap();
    assert_eq!(
        (
            again.actors_new,
            again.claims_new,
            again.committed,
            again.merged
        ),
        (0, 0, 0, PAYMENTS + COMPANIES + PERSONS + ORGANIZATIONS)
    );
    assert_eq!((g.actor_count(), g.claim_count()), (entities + 1, PAYMENTS));
    assert!(
        g.claims()
            .map(|c| c.to_claim())
            .all(|c| c.evidence.len() == 1)
    );
}

#[test]
fn real_file_rows_field_by_field() {
    let mut g = ClaimGraph::new();
    import(&donations(), &mut g, false).unwrap();

    // Line 1: {"id": "6d03aec7...", "properties": {"name": ["MLPD"]}, "schema": "Organization"}
    let mlpd = g
        .actor_by_key("ftm:6d03aec76fdeec8f9697d8b19954ab6fc2568bc8")
        .unwrap();
    assert_eq!(mlpd.kind, ActorKind::Group);
    assert_eq!(mlpd.group_type, Some(GroupType::Other));
    assert_eq!(mlpd.name, "MLPD");
    assert!(mlpd.aliases.is_empty());
    assert_eq!(
        mlpd.external_ids,
        BTreeMap::from([(
            "ftm".to_owned(),
            "6d03aec76fdeec8f9697d8b19954ab6fc2568bc8".to_owned()
        )])
    );
    assert_eq!(
        mlpd.attributes,
        BTreeMap::from([("ftm:schema".to_owned(), "Organization".to_owned())])
    );

    // Line 3: a Person whose addressEntity is the Address on line 2.
    let lina = g
        .actor_by_key("ftm:f9c295f21b233ac878fbac4d271bb6fd13d7952a")
        .unwrap();
    assert_eq!((lina.kind, lina.group_type), (ActorKind::Person, None));
    assert_eq!(lina.name, "Frau Lina Dachner");
    assert_eq!(
        lina.attributes,
        BTreeMap::from([
            ("ftm:schema".to_owned(), "Person".to_owned()),
            ("ftm:country".to_owned(), "de".to_owned()),
            (
                "ftm:address".to_owned(),
                "Schillerstraße 19, 76135 Karlsruhe".to_owned()
            ),
        ])
    );

    // Line 26: Daimler AG, with one address before it (line 25) and one after (line 152).
    let daimler = g
        .actor_by_key("ftm:66ce9f62af8c7d329506da41cb7c36ba058b3d28")
        .unwrap();
    assert_eq!(daimler.group_type, Some(GroupType::Company));
    assert_eq!(daimler.name, "Daimler AG");
    assert_eq!(
        daimler.attributes.get("ftm:address").map(String::as_str),
        Some(", 70546 Stuttgart")
    );
    assert_eq!(
        daimler.attributes.get("ftm:address:2").map(String::as_str),
        Some("Mercedesstraße 137, 70327 Stuttgart")
    );

    // Line 4: the payment of Frau Lina Dachner to MLPD.
    let pay = g
        .claims()
        .map(|c| c.to_claim())
        .find(|c| c.subject == lina.key && c.object == mlpd.key)
        .unwrap();
    assert_eq!(pay.relation, Relation::Pays);
    assert_eq!(pay.polarity, Polarity::Asserted);
    assert_eq!(pay.statement, StatementKind::Event);
    assert_eq!(pay.valid, "2011-12-29".parse::<ValidTime>().unwrap());
    assert!(pay.valid.is_single());
    assert_eq!(pay.valid.start().unwrap().precision(), Precision::Day);
    assert_eq!(pay.codes, BTreeSet::from(["FtM:Payment".to_owned()]));
    assert_eq!(pay.evidence.len(), 1);
    let a = &pay.evidence[0];
    assert_eq!(a.claimant, None);
    assert_eq!(a.outlet.as_ref().map(|k| k.as_str()), Some("ftm"));
    assert!(a.relays.is_empty());
    assert_eq!(a.grade, Grade::Confidence(0.9));
    let doc = a.document.as_ref().unwrap();
    assert_eq!(
        doc.title.as_deref(),
        Some("FtM Payment 2216b422a31242fe204654ce194864661f515921")
    );
    assert_eq!(doc.url, None);
    assert_eq!(
        a.excerpt.as_deref(),
        Some(r#"{"amountEur":["100000"],"namesMentioned":["Frau Lina Dachner","MLPD"]}"#)
    );
    assert_eq!(a.reported, None);

    // Line 474, the last: Tchibo Holding AG paid SPD 200000 EUR on 2002-07-04.
    let tchibo = g.find("Tchibo Holding AG").unwrap();
    let spd = g.find("SPD").unwrap();
    let last = g
        .claim_ids()
        .find(|id| g.endpoints(*id) == Some((tchibo, spd)))
        .and_then(|id| g.claim(id).map(|c| c.to_claim()))
        .unwrap();
    assert_eq!(last.valid.to_string(), "2002-07-04");
    assert_eq!(
        last.evidence[0].excerpt.as_deref(),
        Some(r#"{"amountEur":["200000"],"namesMentioned":["SPD","Tchibo Holding AG"]}"#)
    );
}

#[test]
fn real_file_export_then_import_keeps_counts_and_claims() {
    let mut g = ClaimGraph::new();
    import(&donations(), &mut g, false).unwrap();
    let out = export(&g);
    // Actors and payments; the Address entities were folded into `address` properties
    // and the source actor `ftm` is not an entity.
    let lines = out.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
    assert_eq!(lines, LINES - ADDRESSES);
    let mut again = ClaimGraph::new();
    let report = import(&out, &mut again, false).unwrap();
    assert_eq!(report.read, LINES - ADDRESSES);
    assert_eq!(report.claims_new, PAYMENTS);
    assert_eq!(report.skipped(), 0);
    assert_eq!(
        (again.actor_count(), again.claim_count()),
        (g.actor_count(), g.claim_count())
    );
    assert_eq!(claim_set(&again), claim_set(&g));
    // Actors come back whole: key, kind, names, ids and attributes.
    for a in g.actors() {
        assert_eq!(again.actor_by_key(a.key.as_str()), Some(a), "{}", a.key);
    }
    // Evidence too: same record titles, amounts and grades.
    let evidence = |g: &ClaimGraph| -> BTreeSet<String> {
        g.claims()
            .map(|c| c.to_claim())
            .flat_map(|c| c.evidence)
            .map(|a| format!("{:?}", a))
            .collect()
    };
    assert_eq!(evidence(&again), evidence(&g));
    // And the export is deterministic.
    assert_eq!(export(&again), out);
}

#[test]
fn export_keeps_original_ids_and_amounts() {
    let mut g = ClaimGraph::new();
    import(&donations(), &mut g, false).unwrap();
    let out = String::from_utf8(export(&g)).unwrap();
    let payment: serde_json::Value = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["id"] == "2216b422a31242fe204654ce194864661f515921")
        .unwrap();
    assert_eq!(
        payment,
        serde_json::json!({
            "id": "2216b422a31242fe204654ce194864661f515921",
            "schema": "Payment",
            "properties": {
                "amountEur": ["100000"],
                "beneficiary": ["6d03aec76fdeec8f9697d8b19954ab6fc2568bc8"],
                "date": ["2011-12-29"],
                "namesMentioned": ["Frau Lina Dachner", "MLPD"],
                "payer": ["f9c295f21b233ac878fbac4d271bb6fd13d7952a"]
            }
        })
    );
    let person: serde_json::Value = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["id"] == "f9c295f21b233ac878fbac4d271bb6fd13d7952a")
        .unwrap();
    assert_eq!(
        person,
        serde_json::json!({
            "id": "f9c295f21b233ac878fbac4d271bb6fd13d7952a",
            "schema": "Person",
            "properties": {
                "address": ["Schillerstraße 19, 76135 Karlsruhe"],
                "country": ["de"],
                "name": ["Frau Lina Dachner"]
            }
        })
    );
}

const SMALL: &str = r#"{"id": "pay1", "schema": "Payment", "properties": {"payer": ["acme"], "beneficiary": ["party"], "date": ["2019-05-03T10:00:00"], "amountEur": ["5000"]}}
{"id": "acme", "schema": "Company", "properties": {"name": ["ACME GmbH", "ACME"], "alias": ["Acme Corp"], "weakAlias": ["---"]}}
{"id": "party", "schema": "Organization", "properties": {"name": ["Party"]}}
{"id": "pay2", "schema": "Payment", "properties": {"payer": ["acme"], "beneficiary": ["ghost"], "date": ["2019"]}}
{"id": "dir1", "schema": "Directorship", "properties": {"director": ["acme"], "organization": ["party"], "startDate": ["2018-03"]}}
{"id": "addr", "schema": "Address", "properties": {"full": ["Main Street 1"]}}
{"id": "own1", "schema": "Ownership", "properties": {"owner": ["acme"], "asset": ["addr"]}}
{"id": "link1", "schema": "UnknownLink", "properties": {"subject": ["acme"], "object": ["party"], "role": ["Business partner"]}}
{"id": "mem1", "schema": "Membership", "properties": {"member": ["acme"]}}
"#;

#[test]
fn small_file_links_forward_dangling_and_unfit() {
    let mut g = ClaimGraph::new();
    let report = import(SMALL.as_bytes(), &mut g, false).unwrap();
    assert_eq!(report.read, 9);
    assert_eq!(report.claims_new, 2); // pay1 (a forward reference) and link1
    assert_eq!(report.committed, 4); // pay1, link1, acme, party
    assert_eq!(report.not_represented_total(), 1); // addr
    assert_eq!(report.actors_new, 3); // acme, party, and the source `ftm`
    assert_eq!(
        report.skipped_by_reason,
        BTreeMap::from([
            (SkipReason::DanglingReference, 1),
            (SkipReason::EndpointNotActor, 1),
            (SkipReason::KindsDoNotFit, 1),
            (SkipReason::MissingEndpoint, 1),
        ])
    );
    assert!(report.adds_up());
    let lines: BTreeMap<usize, &str> = report
        .skips
        .iter()
        .map(|s| (s.position.line.unwrap(), s.detail.as_str()))
        .collect();
    assert_eq!(
        lines,
        BTreeMap::from([
            (4, "no entity ghost in the input or the graph"),
            (
                5,
                "leads (Directorship) does not accept a group as subject (ftm:acme)"
            ),
            (7, "entity addr (schema Address) is not an actor"),
            (9, "Membership mem1 has no `organization`"),
        ])
    );
    let acme = g.actor_by_key("ftm:acme").unwrap();
    assert_eq!(acme.name, "ACME GmbH");
    // "---" has no letter or digit: dropped.
    let aliases: Vec<&str> = acme.aliases.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(aliases, ["ACME", "Acme Corp"]);
    let pay = g
        .claims()
        .map(|c| c.to_claim())
        .find(|c| c.relation == Relation::Pays)
        .unwrap();
    // The time of day is cut off; the day stays.
    assert_eq!(pay.valid.to_string(), "2019-05-03");
    let link = g
        .claims()
        .map(|c| c.to_claim())
        .find(|c| c.relation != Relation::Pays)
        .unwrap();
    assert_eq!(
        link.relation,
        Relation::Custom("business_partner".to_owned())
    );
    assert_eq!(link.statement, StatementKind::Tie);
    assert_eq!(link.valid, ValidTime::ALWAYS);
}

#[test]
fn malformed_json_is_an_error_with_its_line_or_a_skip() {
    let data = format!("{SMALL}{{\"id\": \"x\", \"schema\": \n");
    let mut g = ClaimGraph::new();
    let error = import(data.as_bytes(), &mut g, false).unwrap_err().error;
    assert_eq!(error.reason(), Some(SkipReason::Malformed));
    assert_eq!(error.position().unwrap().line, Some(10));
    // Malformed lines are found before anything is imported.
    assert_eq!((g.actor_count(), g.claim_count()), (0, 0));

    let report = import(data.as_bytes(), &mut g, true).unwrap();
    assert_eq!(report.read, 10);
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::Malformed),
        Some(&1)
    );
    assert_eq!(
        report.skips.iter().map(|s| s.position.line).max(),
        Some(Some(10))
    );
    assert_eq!(report.claims_new, 2);
}

#[test]
fn bad_fields_name_line_and_field() {
    let cases = [
        (r#"{"schema": "Person", "properties": {}}"#, "id"),
        (
            r#"{"id": "a b", "schema": "Person", "properties": {"name": ["A"]}}"#,
            "id",
        ),
        (
            r#"{"id": "p", "schema": "Person", "properties": {"name": [{"x": 1}]}}"#,
            "properties.name",
        ),
        (
            r#"{"id": "p", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["b"], "date": ["2023-02-30"]}}"#,
            "date",
        ),
        (
            r#"{"id": "p", "schema": "Directorship", "properties": {"director": ["a"], "organization": ["b"], "startDate": ["2020"], "endDate": ["2019"]}}"#,
            "endDate",
        ),
        (
            r#"{"id": "p", "schema": "Person", "properties": {"name": ["A"]}, "claimgraph": {"kind": "planet"}}"#,
            "claimgraph.kind",
        ),
        (r#"["not", "an", "object"]"#, ""),
    ];
    for (text, expected) in cases {
        let data = format!("\n{text}\n");
        let mut g = ClaimGraph::new();
        let error = import(data.as_bytes(), &mut g, false).unwrap_err().error;
        let position = error.position().unwrap();
        let field = (!expected.is_empty()).then_some(expected);
        assert_eq!(
            (position.line, position.field.as_deref()),
            (Some(2), field),
            "{text}"
        );
        let report = import(data.as_bytes(), &mut g, true).unwrap();
        assert_eq!((report.read, report.skipped()), (1, 1), "{text}");
    }
}

#[test]
fn store_rejection_is_an_error_or_a_skip() {
    // A self-payment: FtM itself refuses self-relationships.
    let data = r#"{"id": "a", "schema": "Company", "properties": {"name": ["A"]}}
{"id": "p", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["a"]}}
"#;
    let mut g = ClaimGraph::new();
    let error = import(data.as_bytes(), &mut g, false).unwrap_err().error;
    assert_eq!(error.reason(), Some(SkipReason::Rejected));
    assert_eq!(error.position().unwrap().line, Some(2));
    // A strict import is one transaction: not even the actor of line 1 stays.
    assert_eq!((g.actor_count(), g.claim_count()), (0, 0));
    // Skipping, the actor of line 1 stays; nothing of line 2 (not even the source
    // actor) does.
    let report = import(data.as_bytes(), &mut g, true).unwrap();
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::Rejected),
        Some(&1)
    );
    assert_eq!((g.actor_count(), g.claim_count()), (1, 0));
}

#[test]
fn sources_publisher_datasets_and_url() {
    let data = r#"{"id": "a", "schema": "Person", "properties": {"name": ["Ann"]}}
{"id": "b", "schema": "Company", "properties": {"name": ["Bee"]}}
{"id": "o1", "schema": "Ownership", "properties": {"owner": ["a"], "asset": ["b"], "publisher": ["Company Register"], "sourceUrl": ["https://example.org/r/1"], "retrievedAt": ["2024-01-02T03:04:05"], "percentage": ["51"]}, "datasets": ["registry_x"]}
{"id": "e1", "schema": "Employment", "properties": {"employee": ["a"], "employer": ["b"], "startDate": ["2020"]}, "datasets": ["leak_y", "registry_x"]}
"#;
    let mut g = ClaimGraph::new();
    let report = import(data.as_bytes(), &mut g, false).unwrap();
    assert_eq!(report.claims_new, 2);
    // a, b, the publisher and the two data sets.
    assert_eq!(report.actors_new, 5);
    let owns = g
        .claims()
        .map(|c| c.to_claim())
        .find(|c| c.relation == Relation::Owns)
        .unwrap();
    let a = &owns.evidence[0];
    assert_eq!(
        a.outlet.as_ref().map(|k| k.as_str()),
        Some("ftm-publisher:Company_Register")
    );
    assert_eq!(
        a.relays.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["ftm-dataset:registry_x"]
    );
    assert_eq!(
        a.document.as_ref().unwrap().url.as_deref(),
        Some("https://example.org/r/1")
    );
    assert_eq!(
        a.reported.map(|d| d.to_string()).as_deref(),
        Some("2024-01-02")
    );
    assert_eq!(a.excerpt.as_deref(), Some(r#"{"percentage":["51"]}"#));
    assert_eq!(
        g.actor_by_key("ftm-publisher:Company_Register")
            .map(|p| (p.kind, p.name.as_str())),
        Some((ActorKind::MediaOutlet, "Company Register"))
    );
    let job = g
        .claims()
        .map(|c| c.to_claim())
        .find(|c| c.relation == Relation::EmployedBy)
        .unwrap();
    assert_eq!(job.valid.to_string(), "2020/..");
    let a = &job.evidence[0];
    assert_eq!(
        a.outlet.as_ref().map(|k| k.as_str()),
        Some("ftm-dataset:leak_y")
    );
    assert_eq!(
        a.relays.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["ftm-dataset:registry_x"]
    );

    // Export writes the sources back as properties and data sets, not as entities.
    let out = String::from_utf8(export(&g)).unwrap();
    let values: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(values.len(), 4);
    assert_eq!(
        values[2],
        serde_json::json!({
            "id": "o1",
            "schema": "Ownership",
            "datasets": ["registry_x"],
            "properties": {
                "owner": ["a"], "asset": ["b"], "publisher": ["Company Register"],
                "sourceUrl": ["https://example.org/r/1"], "retrievedAt": ["2024-01-02"],
                "percentage": ["51"]
            }
        })
    );
    let mut again = ClaimGraph::new();
    import(out.as_bytes(), &mut again, false).unwrap();
    assert_eq!(claim_set(&again), claim_set(&g));
    assert_eq!(again.actor_count(), g.actor_count());
}

/// A graph built by hand, with every kind, every relation that has an FtM schema,
/// and things FtM cannot hold (a region, a denied claim, a relation without schema).
fn hand_built() -> ClaimGraph {
    let actor = |key: &str, kind, name: &str| Actor::new(key, kind, name).unwrap();
    let ev = |who: &str| {
        Attribution::new(Grade::confidence(0.7).unwrap())
            .with_claimant(who.parse().unwrap())
            .with_excerpt(format!("{who} said so"))
    };
    let claim = |s: &str, r: Relation, o: &str, valid: &str, who: &str| {
        Claim::new(
            s.parse().unwrap(),
            r,
            o.parse().unwrap(),
            valid.parse().unwrap(),
        )
        .with_evidence(ev(who))
    };
    let batch = Batch::new()
        .actor(
            actor("iran", ActorKind::State, "Iran")
                .with_alias("Irán", Some("es"))
                .with_external_id("wikidata", "Q794"),
        )
        .actor(actor("bolivia", ActorKind::State, "Bolivia"))
        .actor(actor("toma", ActorKind::Person, "Miguel Ángel Toma"))
        .actor(actor("arce", ActorKind::Person, "Luis Arce"))
        .actor(actor("kin", ActorKind::Person, "A Relative"))
        .actor(actor("mas", ActorKind::Group, "MAS").with_group_type(GroupType::Party))
        .actor(actor("vevak", ActorKind::Group, "VEVAK").with_group_type(GroupType::Agency))
        .actor(actor("nioc", ActorKind::Group, "NIOC").with_group_type(GroupType::Company))
        .actor(actor("club", ActorKind::Group, "Club"))
        .actor(actor("la_nacion", ActorKind::MediaOutlet, "La Nación"))
        .actor(actor("latam", ActorKind::Region, "Latin America"))
        .claim(claim("arce", Relation::MemberOf, "mas", "2006/..", "toma"))
        .claim(claim("vevak", Relation::PartOf, "iran", "..", "toma"))
        .claim(claim(
            "arce",
            Relation::Leads,
            "bolivia",
            "2020-11-08/..",
            "toma",
        ))
        .claim(claim(
            "toma",
            Relation::EmployedBy,
            "bolivia",
            "../2010",
            "toma",
        ))
        .claim(claim("iran", Relation::Owns, "nioc", "1951", "toma"))
        .claim(claim("arce", Relation::FamilyOf, "kin", "..", "toma"))
        .claim(claim("arce", Relation::Associated, "toma", "..", "toma"))
        .claim(claim(
            "toma",
            Relation::Represents,
            "club",
            "2019-05",
            "toma",
        ))
        .claim(claim(
            "iran",
            Relation::Pays,
            "mas",
            "2023-07-20",
            "la_nacion",
        ))
        .claim(claim(
            "iran",
            Relation::Supports,
            "mas",
            "2023",
            "la_nacion",
        ))
        .claim(claim(
            "iran",
            Relation::Custom("funds_channel".into()),
            "club",
            "2022/2023-06",
            "toma",
        ))
        // Not exportable: a region, a denied claim, a relation without FtM schema.
        .claim(claim(
            "iran",
            Relation::HasPresenceIn,
            "latam",
            "..",
            "toma",
        ))
        .claim(
            claim("iran", Relation::Pays, "bolivia", "2021", "toma")
                .with_polarity(Polarity::Denied),
        )
        .claim(claim(
            "iran",
            Relation::MetWith,
            "bolivia",
            "2023-07",
            "toma",
        ));
    let mut g = ClaimGraph::new();
    g.apply(batch).unwrap();
    g
}

#[test]
fn hand_built_graph_round_trips() {
    let g = hand_built();
    let out = export(&g);
    let text = String::from_utf8(out.clone()).unwrap();
    // 10 actors (not the region) and 11 claims (not the last three).
    assert_eq!(text.lines().count(), 21);
    assert!(text.lines().all(|l| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let id = v["id"].as_str().unwrap();
        id.starts_with("cg-") && id.len() == 35
    }));
    let mut again = ClaimGraph::new();
    let report = import(&out, &mut again, false).unwrap();
    assert_eq!(report.skipped(), 0);
    assert_eq!(report.claims_new, 11);
    for a in g.actors().filter(|a| a.kind != ActorKind::Region) {
        let b = again.actor_by_key(a.key.as_str()).unwrap();
        assert_eq!((b.kind, b.group_type), (a.kind, a.group_type), "{}", a.key);
        let names = |x: &Actor| x.names().map(fold_name).collect::<BTreeSet<_>>();
        assert_eq!(names(b), names(a), "{}", a.key);
    }
    assert_eq!(
        again
            .actor_by_key("iran")
            .unwrap()
            .external_ids
            .get("wikidata")
            .map(String::as_str),
        Some("Q794")
    );
    let exportable: BTreeSet<_> = claim_set(&g)
        .into_iter()
        // Not written: the region's claim, the one without FtM schema, the denied one.
        .filter(|(_, r, o, _)| {
            !(r == "has_presence_in" || r == "met_with" || (r == "pays" && o == "bolivia"))
        })
        .collect();
    assert_eq!(exportable.len(), 11);
    assert_eq!(claim_set(&again), exportable);
    // Sources come back as publishers: the claimant where there was no outlet.
    let pays = again
        .claims()
        .map(|c| c.to_claim())
        .find(|c| c.relation == Relation::Pays)
        .unwrap();
    assert_eq!(
        pays.evidence[0].outlet.as_ref().map(|k| k.as_str()),
        Some("ftm-publisher:La_Nación")
    );
    // Exporting the re-imported graph gives the same claims again.
    let mut third = ClaimGraph::new();
    import(&export(&again), &mut third, false).unwrap();
    assert_eq!(claim_set(&third), claim_set(&again));
}

// ----- Sanction, Passport, Identification, first_seen -----------------------------

fn sanctions() -> Vec<u8> {
    std::fs::read(crate::support::data("ftm/sanctions.ijson")).unwrap()
}

fn sanction_to(g: &ClaimGraph, object: &str) -> Vec<Claim> {
    let mut found: Vec<Claim> = g
        .claims()
        .map(|c| c.to_claim())
        .filter(|c| c.relation == Relation::Sanctions && c.object.as_str() == object)
        .collect();
    found.sort_by(|a, b| a.subject.cmp(&b.subject));
    found
}

/// tests/data/ftm/sanctions.ijson (15 lines, tests/data/ftm/README.md): 3 entities
/// (Person, Company, PublicBody), 4 Sanction, 3 Passport, 2 Identification, and one
/// each of Address, Vessel, Note.
#[test]
fn sanctions_file_counts() {
    let mut g = ClaimGraph::new();
    let report = import(&sanctions(), &mut g, false).unwrap();
    assert_eq!(report.read, 15);
    // The 3 entities, the authority named by text (OFAC, twice spelt), the data sets
    // eu_fsf and us_ofac_sdn.
    assert_eq!(report.actors_new, 6);
    assert_eq!(report.claims_new, 3);
    // 3 entities and 3 sanctions create; the 4 identity documents of known holders
    // merge into them.
    assert_eq!((report.committed, report.merged), (6, 4));
    assert_eq!(
        report.not_represented,
        BTreeMap::from([
            ("Address".to_owned(), 1),
            ("Note".to_owned(), 1),
            ("Vessel".to_owned(), 1),
        ])
    );
    // The sanction of a vessel (not an actor) and the passport of an absent holder.
    assert_eq!(
        report.skipped_by_reason,
        BTreeMap::from([
            (SkipReason::DanglingReference, 1),
            (SkipReason::EndpointNotActor, 1),
        ])
    );
    assert!(report.adds_up());
    assert_eq!((g.actor_count(), g.claim_count()), (6, 3));

    // Importing again changes nothing.
    let before = crate::support::json(&g);
    let again = import(&sanctions(), &mut g, false).unwrap();
    assert_eq!(
        (again.actors_new, again.claims_new, again.committed),
        (0, 0, 0)
    );
    assert_eq!(again.merged, 10);
    assert_eq!(crate::support::json(&g), before);
}

#[test]
fn a_sanction_is_a_claim_of_its_authority() {
    let mut g = ClaimGraph::new();
    import(&sanctions(), &mut g, false).unwrap();

    // Line 7: OFAC lists Testgrad Trading LLC.
    let ofac = g
        .actor_by_key("ftm-authority:office_of_foreign_assets_control")
        .unwrap();
    assert_eq!(
        (ofac.kind, ofac.group_type, ofac.name.as_str()),
        (
            ActorKind::Group,
            Some(GroupType::Other),
            "Office of Foreign Assets Control"
        )
    );
    assert!(ofac.aliases.is_empty() && ofac.external_ids.is_empty());
    let [listing] = sanction_to(&g, "ftm:tst-company-testgrad")
        .try_into()
        .unwrap();
    assert_eq!(listing.subject, ofac.key);
    assert_eq!(listing.polarity, Polarity::Asserted);
    assert_eq!(listing.statement, StatementKind::Tie);
    assert_eq!(listing.valid.to_string(), "2022-04-06/..");
    assert_eq!(listing.codes, BTreeSet::from(["FtM:Sanction".to_owned()]));
    assert_eq!(
        listing.external_ids,
        BTreeSet::from(["ftm:tst-sanction-ofac-testgrad".to_owned()])
    );
    assert_eq!(
        g.claim_by_external("ftm", "tst-sanction-ofac-testgrad")
            .map(|id| g.claim(id).unwrap().to_claim().key()),
        Some(listing.key())
    );
    let [a] = listing.evidence.as_slice() else {
        panic!("one attribution")
    };
    assert_eq!(a.claimant, None);
    assert_eq!(
        a.outlet.as_ref().map(|k| k.as_str()),
        Some("ftm-dataset:us_ofac_sdn")
    );
    assert!(a.relays.is_empty());
    let document = a.document.as_ref().unwrap();
    assert_eq!(
        document.url.as_deref(),
        Some("https://sanctionssearch.ofac.treas.gov/")
    );
    assert_eq!(
        document.title.as_deref(),
        Some("FtM Sanction tst-sanction-ofac-testgrad")
    );
    assert_eq!(
        document.published.map(|d| d.to_string()).as_deref(),
        Some("2022-04-06")
    );
    // first_seen 2022-04-06T12:00:00, cut to the day.
    assert_eq!(
        a.reported.map(|d| d.to_string()).as_deref(),
        Some("2022-04-06")
    );
    assert_eq!(a.grade, Grade::Confidence(0.9));
    assert_eq!(
        a.excerpt.as_deref(),
        Some(concat!(
            r#"{"country":["us"],"first_seen":["2022-04-06T12:00:00"],"#,
            r#""last_change":["2022-04-06T12:00:00"],"last_seen":["2024-05-01T08:00:00"],"#,
            r#""program":["RUSSIA-EO14024"],"programId":["US-RUS14024"],"#,
            r#""reason":["Operating in the technology sector"]}"#
        ))
    );

    // Lines 8 and 9: the EU Council (an entity of the file, named by its id) and OFAC
    // (by text in capitals: the same folded name, the same actor) list Ivan Testov.
    // ("ftm-authority:..." sorts before "ftm:...")
    let [us, eu] = sanction_to(&g, "ftm:tst-person-testov").try_into().unwrap();
    assert_eq!(eu.subject.as_str(), "ftm:tst-eu-council");
    assert_eq!(eu.valid.to_string(), "2022-03-01/2025-03-15");
    let a = &eu.evidence[0];
    assert_eq!(
        a.outlet.as_ref().map(|k| k.as_str()),
        Some("ftm-dataset:eu_fsf")
    );
    assert_eq!(
        a.reported.map(|d| d.to_string()).as_deref(),
        Some("2022-03-01")
    );
    assert_eq!(a.document.as_ref().unwrap().published, None);
    assert_eq!(
        a.excerpt.as_deref(),
        Some(concat!(
            r#"{"first_seen":["2022-03-01T10:00:00"],"last_seen":["2024-05-01T08:00:00"],"#,
            r#""program":["EU Regulation 269/2014"],"summary":["Asset freeze and travel ban"]}"#
        ))
    );
    assert_eq!(us.subject, ofac.key);
    assert_eq!(us.valid.to_string(), "2022-06/..");
    // first_seen, not retrievedAt, is the reported date; retrievedAt is kept.
    let a = &us.evidence[0];
    assert_eq!(
        a.reported.map(|d| d.to_string()).as_deref(),
        Some("2022-06-28")
    );
    assert_eq!(
        a.excerpt.as_deref(),
        Some(r#"{"first_seen":["2022-06-28T09:00:00"],"retrievedAt":["2022-07-01"]}"#)
    );

    // As known at May 2022 the June OFAC listing was not yet reported.
    let known = |at: &str| {
        let filter = Filter::new().as_known_at(at.parse().unwrap());
        corroboration(&g, &filter).entries.len()
    };
    assert_eq!(
        (known("2022-05"), known("2022-06"), known("2021")),
        (2, 3, 0)
    );
}

#[test]
fn passports_and_identifications_are_external_ids_of_their_holder() {
    let mut g = ClaimGraph::new();
    import(&sanctions(), &mut g, false).unwrap();
    let testov = g.actor_by_key("ftm:tst-person-testov").unwrap();
    let ids = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(r, n)| ((*r).to_owned(), (*n).to_owned()))
            .collect::<BTreeMap<_, _>>()
    };
    // Two Russian passports (the second by the older property `passportNumber`), and
    // a tax number registered by its authority (it has no `type`).
    assert_eq!(
        testov.external_ids,
        ids(&[
            ("ftm", "tst-person-testov"),
            ("id:federal_tax_service:ru", "770000000002"),
            ("passport:ru", "720000001"),
            ("passport:ru#2", "750000002"),
        ])
    );
    let testgrad = g.actor_by_key("ftm:tst-company-testgrad").unwrap();
    assert_eq!(
        testgrad.external_ids,
        ids(&[("ftm", "tst-company-testgrad"), ("id:inn:ru", "7700000001")])
    );
    let id_of = |registry: &str, number: &str| {
        g.find_external(registry, number)
            .map(|id| g.actor(id).unwrap().key.to_string())
            .ok()
    };
    assert_eq!(
        id_of("passport:ru", "720000001").as_deref(),
        Some("ftm:tst-person-testov")
    );
    assert_eq!(
        id_of("passport:ru#2", "750000002").as_deref(),
        Some("ftm:tst-person-testov")
    );
    assert_eq!(
        id_of("id:inn:ru", "7700000001").as_deref(),
        Some("ftm:tst-company-testgrad")
    );
    assert_eq!(id_of("passport:ru", "7700000001"), None);
    // The person's own first_seen has no place on an actor: it is not an attribute.
    assert!(!testov.attributes.keys().any(|k| k.contains("seen")));
}

#[test]
fn a_passport_of_a_holder_already_in_the_graph_is_merged_into_it() {
    let mut g = ClaimGraph::new();
    let person = r#"{"id": "p1", "schema": "Person", "properties": {"name": ["Ann Example"]}}"#;
    import(person.as_bytes(), &mut g, false).unwrap();
    let passports = r#"{"id": "pp1", "schema": "Passport", "properties": {"holder": ["p1"], "number": ["X1"], "country": ["fr"]}}
{"id": "pp2", "schema": "Passport", "properties": {"holder": ["p1"], "number": ["X2"], "country": ["fr"]}}
{"id": "id1", "schema": "Identification", "properties": {"holder": ["p1"], "number": ["N-7"]}}
"#;
    let report = import(passports.as_bytes(), &mut g, false).unwrap();
    assert_eq!(
        (report.merged, report.committed, report.actors_new),
        (3, 0, 0)
    );
    let ann = g.find_external("passport:fr#2", "X2").unwrap();
    assert_eq!(g.find_external("passport:fr", "X1").unwrap(), ann);
    assert_eq!(g.find_external("id:identification", "N-7").unwrap(), ann);
    // Again: nothing new, the numbers are not given a third registry.
    import(passports.as_bytes(), &mut g, false).unwrap();
    assert_eq!(g.actor(ann).unwrap().external_ids.len(), 4);
}

#[test]
fn sanctions_export_then_import_then_export_is_identical() {
    let mut g = ClaimGraph::new();
    import(&sanctions(), &mut g, false).unwrap();
    let first = export(&g);
    let text = String::from_utf8(first.clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // 3 entities, 5 identity documents, 3 sanctions; the data sets and OFAC are not
    // entities.
    let schemata: Vec<&str> = lines
        .iter()
        .map(|l| l["schema"].as_str().unwrap())
        .collect();
    assert_eq!(
        schemata,
        [
            "Person",
            "Company",
            "PublicBody",
            "Identification",
            "Passport",
            "Passport",
            "Identification",
            "Sanction",
            "Sanction",
            "Sanction"
        ]
    );
    let ofac_listing = lines
        .iter()
        .find(|l| l["id"] == "tst-sanction-ofac-testgrad")
        .unwrap();
    assert_eq!(
        *ofac_listing,
        serde_json::json!({
            "id": "tst-sanction-ofac-testgrad",
            "schema": "Sanction",
            "datasets": ["us_ofac_sdn"],
            "first_seen": "2022-04-06T12:00:00",
            "last_seen": "2024-05-01T08:00:00",
            "last_change": "2022-04-06T12:00:00",
            "properties": {
                "authority": ["Office of Foreign Assets Control"],
                "entity": ["tst-company-testgrad"],
                "country": ["us"],
                "listingDate": ["2022-04-06"],
                "program": ["RUSSIA-EO14024"],
                "programId": ["US-RUS14024"],
                "reason": ["Operating in the technology sector"],
                "sourceUrl": ["https://sanctionssearch.ofac.treas.gov/"],
                "startDate": ["2022-04-06"]
            }
        })
    );
    let eu_listing = lines
        .iter()
        .find(|l| l["id"] == "tst-sanction-eu-testov")
        .unwrap();
    assert_eq!(
        eu_listing["properties"]["authority"],
        serde_json::json!(["tst-eu-council"])
    );
    let passport = lines
        .iter()
        .find(|l| l["properties"]["number"] == serde_json::json!(["750000002"]))
        .unwrap();
    assert_eq!(
        passport["properties"],
        serde_json::json!({"holder": ["tst-person-testov"], "number": ["750000002"], "country": ["ru"]})
    );
    let inn = lines
        .iter()
        .find(|l| l["properties"]["number"] == serde_json::json!(["7700000001"]))
        .unwrap();
    assert_eq!(
        inn["properties"],
        serde_json::json!({"holder": ["tst-company-testgrad"], "number": ["7700000001"], "type": ["inn"], "country": ["ru"]})
    );

    let mut again = ClaimGraph::new();
    let report = import(&first, &mut again, false).unwrap();
    assert_eq!(report.skipped(), 0);
    assert_eq!(claim_set(&again), claim_set(&g));
    for a in g.actors() {
        let b = again.actor_by_key(a.key.as_str()).unwrap();
        assert_eq!(b.external_ids, a.external_ids, "{}", a.key);
    }
    for c in g.claims().map(|c| c.to_claim()) {
        let d = again
            .claim(again.claim_id(&c.key()).unwrap())
            .unwrap()
            .to_claim();
        assert_eq!(d.external_ids, c.external_ids);
        assert_eq!(d.evidence, c.evidence);
    }
    assert_eq!(export(&again), first);
}

#[test]
fn claim_external_ids_name_the_exported_entity() {
    let mut g = ClaimGraph::new();
    let batch = Batch::new()
        .actor(Actor::new("un", ActorKind::Group, "UN Security Council").unwrap())
        .actor(Actor::new("acme", ActorKind::Group, "Acme").unwrap())
        .claim(
            Claim::new(
                "un".parse().unwrap(),
                Relation::Sanctions,
                "acme".parse().unwrap(),
                "2020/..".parse().unwrap(),
            )
            .with_evidence(
                Attribution::new(Grade::confidence(0.8).unwrap())
                    .with_claimant("un".parse().unwrap()),
            )
            .with_external_id("ftm", "un-1267-acme"),
        );
    g.apply(batch).unwrap();
    let first = export(&g);
    let line: serde_json::Value = serde_json::from_str(
        String::from_utf8(first.clone())
            .unwrap()
            .lines()
            .nth(2)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (&line["id"], &line["schema"]),
        (
            &serde_json::json!("un-1267-acme"),
            &serde_json::json!("Sanction")
        )
    );
    let mut again = ClaimGraph::new();
    import(&first, &mut again, false).unwrap();
    let id = again.claim_by_external("ftm", "un-1267-acme").unwrap();
    let claim = again.claim(id).unwrap().to_claim();
    assert_eq!(
        (claim.subject.as_str(), claim.object.as_str()),
        ("un", "acme")
    );
    assert_eq!(export(&again), first);
}

/// Random sanctions files: (authority, sanctioned person, start year, first_seen day)
/// per Sanction, (holder, country, number) per Passport.
fn sanctions_file() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    // Three spellings of one authority, another authority, and an entity id.
    const AUTHORITIES: [&str; 5] = [
        "Office of Foreign Assets Control",
        "OFFICE OF FOREIGN ASSETS CONTROL",
        "office of foreign  assets control",
        "Conseil de l'Union européenne",
        "body",
    ];
    let sanction = (
        0usize..5,
        0u32..3,
        prop::option::of(2000u32..2024),
        prop::option::of(1u32..29),
    );
    let passport = (0u32..3, prop::option::of(0usize..2), 0u32..3);
    (
        prop::collection::vec(sanction, 0..8),
        prop::collection::vec(passport, 0..5),
    )
        .prop_map(|(sanctions, passports)| {
            let mut lines = vec![
                r#"{"id": "body", "schema": "PublicBody", "properties": {"name": ["A Body"]}}"#
                    .to_owned(),
            ];
            for p in 0..3 {
                lines.push(format!(
                    r#"{{"id": "p{p}", "schema": "Person", "properties": {{"name": ["Person {p}"]}}}}"#
                ));
            }
            for (n, (a, p, year, day)) in sanctions.into_iter().enumerate() {
                let start = year.map_or(String::new(), |y| format!(r#", "startDate": ["{y}"]"#));
                let seen = day.map_or(String::new(), |d| {
                    format!(r#", "first_seen": "2022-03-{d:02}T10:00:00""#)
                });
                lines.push(format!(
                    r#"{{"id": "s{n}", "schema": "Sanction", "properties": {{"entity": ["p{p}"], "authority": ["{}"]{start}}}, "datasets": ["list_{}"]{seen}}}"#,
                    AUTHORITIES[a],
                    a % 2
                ));
            }
            for (n, (holder, country, number)) in passports.into_iter().enumerate() {
                let country = country.map_or(String::new(), |c| {
                    format!(r#", "country": ["{}"]"#, ["ru", "fr"][c])
                });
                lines.push(format!(
                    r#"{{"id": "pp{n}", "schema": "Passport", "properties": {{"holder": ["p{holder}"], "number": ["N{number}"]{country}}}}}"#
                ));
            }
            lines.join("\n") + "\n"
        })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, failure_persistence: None, ..Default::default() })]

    /// Export, import and export again writes the same bytes; every sanction is a claim
    /// of one of the three authorities (the spellings of OFAC fold to one actor); every
    /// passport number finds its holder.
    #[test]
    fn sanctions_files_round_trip(file in sanctions_file()) {
        let mut g = ClaimGraph::new();
        let report = import(file.as_bytes(), &mut g, false).unwrap();
        proptest::prop_assert_eq!(report.skipped(), 0);
        let authorities: BTreeSet<String> = g
            .claims()
            .map(|c| c.to_claim().subject.to_string())
            .collect();
        proptest::prop_assert!(authorities.is_subset(&BTreeSet::from([
            "ftm-authority:office_of_foreign_assets_control".to_owned(),
            "ftm-authority:conseil_de_lunion_europeenne".to_owned(),
            "ftm:body".to_owned(),
        ])));
        for line in file.lines().filter(|l| l.contains("\"Passport\"")) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let holder = v["properties"]["holder"][0].as_str().unwrap();
            let number = v["properties"]["number"][0].as_str().unwrap();
            let held = &g.actor_by_key(&format!("ftm:{holder}")).unwrap().external_ids;
            proptest::prop_assert!(held.values().any(|n| n == number), "{held:?}");
        }
        let first = export(&g);
        let mut again = ClaimGraph::new();
        import(&first, &mut again, false).unwrap();
        proptest::prop_assert_eq!(claim_set(&again), claim_set(&g));
        let second = export(&again);
        proptest::prop_assert_eq!(String::from_utf8(second).unwrap(), String::from_utf8(first).unwrap());
    }
}

#[test]
fn bad_sanctions_and_documents_name_line_field_and_reason() {
    let person = r#"{"id": "p", "schema": "Person", "properties": {"name": ["P"]}}"#;
    let cases = [
        (
            r#"{"id": "s", "schema": "Sanction", "properties": {"entity": ["p"], "authority": ["X"]}, "first_seen": "2022-13-01"}"#,
            "first_seen",
            SkipReason::InvalidDate,
        ),
        (
            r#"{"id": "s", "schema": "Sanction", "properties": {"entity": ["p"], "authority": ["X"]}, "last_seen": 20220101}"#,
            "last_seen",
            SkipReason::InvalidValue,
        ),
        (
            r#"{"id": "s", "schema": "Sanction", "properties": {"entity": ["p"], "authority": ["X"], "listingDate": ["2022-02-30"]}}"#,
            "listingDate",
            SkipReason::InvalidDate,
        ),
        (
            r#"{"id": "s", "schema": "Sanction", "properties": {"entity": ["p"], "authority": ["--"]}}"#,
            "properties.authority",
            SkipReason::InvalidValue,
        ),
        (
            r#"{"id": "d", "schema": "Passport", "properties": {"holder": ["p"], "country": ["ru"]}}"#,
            "properties.number",
            SkipReason::MissingField,
        ),
    ];
    for (text, field, reason) in cases {
        let data = format!("{person}\n{text}\n");
        let mut g = ClaimGraph::new();
        let error = import(data.as_bytes(), &mut g, false).unwrap_err().error;
        let position = error.position().unwrap();
        assert_eq!(
            (position.line, position.field.as_deref(), error.reason()),
            (Some(2), Some(field), Some(reason)),
            "{text}"
        );
        // Nothing of the person is left behind by the failed import.
        assert_eq!(g.actor_count(), 0, "{text}");
        let report = import(data.as_bytes(), &mut g, true).unwrap();
        assert_eq!(
            (report.read, report.skipped(), report.committed),
            (2, 1, 1),
            "{text}"
        );
    }
    // Well-formed but without a place: skipped even by a strict import.
    let skipped = [
        (
            r#"{"id": "s", "schema": "Sanction", "properties": {"entity": ["p"]}}"#,
            "properties.authority",
            SkipReason::MissingEndpoint,
        ),
        (
            r#"{"id": "d", "schema": "Identification", "properties": {"number": ["1"]}}"#,
            "properties.holder",
            SkipReason::MissingEndpoint,
        ),
        // A person cannot sanction.
        (
            r#"{"id": "s", "schema": "Sanction", "properties": {"entity": ["p"], "authority": ["p"]}}"#,
            "properties.authority",
            SkipReason::KindsDoNotFit,
        ),
    ];
    for (text, field, reason) in skipped {
        let data = format!("{person}\n{text}\n");
        let mut g = ClaimGraph::new();
        let report = import(data.as_bytes(), &mut g, false).unwrap();
        assert_eq!(
            report.skipped_by_reason,
            BTreeMap::from([(reason, 1)]),
            "{text}"
        );
        assert_eq!(
            report.skips[0].position.field.as_deref(),
            Some(field),
            "{text}"
        );
    }
}
