//! GDELT 1.0 events: the real US-China extract, its tab-separated rendering, and bad input.
//!
//! Expected counts come from `tests/data/gdelt1/expected_counts.py`, a Python
//! re-implementation of the reader's documented rules (`python3
//! tests/data/gdelt1/expected_counts.py` from the crate root prints them).

use claimgraph::ClaimGraph;
use claimgraph::io::{
    Format, ImportError, ImportReport, Importer, IoError, JsonDocument, SkipReason,
};
use claimgraph::model::{
    ActorKind, Claim, ClaimKey, Grade, GroupType, PartialDate, Polarity, Relation, ValidTime,
};

fn data(name: &str) -> String {
    let path = crate::support::data(&format!("gdelt1/{name}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(text: &str, skip_invalid: bool) -> (ClaimGraph, Result<ImportReport, ImportError>) {
    let mut graph = ClaimGraph::new();
    let report = Importer::from_format(Format::GdeltEvents)
        .skip_invalid(skip_invalid)
        .import(text.as_bytes(), &mut graph);
    (graph, report)
}

/// Splits one line of the quoted extract into raw values: quotes removed, `NULL` kept.
/// The test's own splitter, independent of the reader's.
fn values(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// Writes values back as a quoted-extract line (`NULL` bare, everything else quoted).
fn quoted_line(values: &[String]) -> String {
    values
        .iter()
        .map(|v| {
            if v == "NULL" {
                v.clone()
            } else {
                format!("\"{}\"", v.replace('"', "\"\""))
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The tab-separated rendering of the quoted extract: quotes stripped, `NULL` made
/// empty, values joined with tabs.
fn to_tsv(csv: &str) -> String {
    csv.lines()
        .map(|l| {
            values(l)
                .into_iter()
                .map(|v| if v == "NULL" { String::new() } else { v })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .map(|l| l + "\n")
        .collect()
}

/// The first `n` lines of the real file, each with its values.
fn first_rows(n: usize) -> Vec<Vec<String>> {
    data("events-us-china-2018.csv")
        .lines()
        .take(n)
        .map(values)
        .collect()
}

fn join(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| quoted_line(r) + "\n").collect()
}

const SQLDATE: usize = 1;
const ACTOR2_CODE: usize = 15;
const EVENT_CODE: usize = 26;
const EVENT_ROOT_CODE: usize = 28;

#[test]
fn real_file_counts() {
    let (graph, report) = import(&data("events-us-china-2018.csv"), false);
    let report = report.unwrap();
    assert_eq!(report.read, 3340);
    assert_eq!(report.actors_new, 1205);
    assert_eq!(report.claims_new, 1857);
    assert_eq!((report.committed, report.merged), (1857, 1483));
    assert_eq!(report.not_represented_total(), 0);
    assert_eq!(report.skipped(), 0);
    assert!(report.skipped_by_reason.is_empty());
    assert_eq!((graph.actor_count(), graph.claim_count()), (1205, 1857));
    let count = |kind| graph.actors().filter(|a| a.kind == kind).count();
    assert_eq!(count(ActorKind::State), 2);
    assert_eq!(count(ActorKind::MediaOutlet), 1203);
}

/// The evidence of `claim` that cites `url`.
fn evidence_for<'a>(claim: &'a Claim, url: &str) -> &'a claimgraph::model::Attribution {
    claim
        .evidence
        .iter()
        .find(|a| a.document.as_ref().and_then(|d| d.url.as_deref()) == Some(url))
        .unwrap_or_else(|| panic!("no evidence from {url} on {claim:?}"))
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

/// c = 0.05 + 0.9 (1 - 0.6^s 0.95^(a - s)), as the module docs state it.
fn expected_confidence(sources: i32, articles: i32) -> f64 {
    0.05 + 0.9 * (1.0 - 0.6f64.powi(sources) * 0.95f64.powi(articles - sources))
}

#[test]
fn three_rows_field_by_field() {
    let (graph, report) = import(&data("events-us-china-2018.csv"), false);
    report.unwrap();

    // Line 29, GLOBALEVENTID 758258357: "20180523", Actor1 CHN "CHINA", Actor2 USA
    // "UNITED STATES", EventCode "43" (root "4": 043 host a visit), NumSources 2,
    // NumArticles 4, DATEADDED 20180523, blog.heartland.org. China hosted the US:
    // the US visited China.
    let url =
        "http://blog.heartland.org/2018/05/tariff-walls-and-trade-wars-equal-government-planning/";
    let claim = claim_of(
        &graph,
        "gdelt:USA",
        Relation::Visited,
        "gdelt:CHN",
        "2018-05-23",
    );
    assert!(claim.codes.contains("CAMEO:043"), "{:?}", claim.codes);
    let a = evidence_for(&claim, url);
    assert_eq!(a.claimant, None);
    assert_eq!(
        a.outlet.as_ref().unwrap().as_str(),
        "outlet:blog.heartland.org"
    );
    assert_eq!(a.reported, Some(PartialDate::day(2018, 5, 23).unwrap()));
    let doc = a.document.as_ref().unwrap();
    assert_eq!(doc.published, Some(PartialDate::day(2018, 5, 23).unwrap()));
    assert!((a.grade.value() - expected_confidence(2, 4)).abs() < 1e-12);
    assert!((a.grade.value() - 0.657_59).abs() < 1e-5);
    let outlet = graph.actor_by_key("outlet:blog.heartland.org").unwrap();
    assert_eq!(
        (outlet.kind, outlet.name.as_str()),
        (ActorKind::MediaOutlet, "blog.heartland.org")
    );

    // Line 1799, GLOBALEVENTID 783193670: 20180830, CHN "CHINA" -> USA "THE US",
    // EventCode 1124 (accuse of war crimes), NumSources 2, NumArticles 4,
    // www.aljazeera.com.
    let url = "https://www.aljazeera.com/news/2018/08/trump-blames-stagnant-north-korea-talks-china-trade-war-180830085022067.html";
    let claim = claim_of(
        &graph,
        "gdelt:CHN",
        Relation::Criticizes,
        "gdelt:USA",
        "2018-08-30",
    );
    assert!(claim.codes.contains("CAMEO:1124"));
    let a = evidence_for(&claim, url);
    assert_eq!(a.outlet.as_ref().unwrap().as_str(), "outlet:aljazeera.com");
    assert_eq!(a.reported, Some(PartialDate::day(2018, 8, 30).unwrap()));
    assert!((a.grade.value() - expected_confidence(2, 4)).abs() < 1e-12);

    // Line 101, GLOBALEVENTID 741229939: 20180323, CHN -> USA, EventCode "57" (057
    // sign formal agreement, symmetric: stored in key order), NumSources 39,
    // NumArticles 41, fox61.com.
    let url = "http://fox61.com/2018/03/22/trump-hits-china-with-tariffs-heightening-concerns-of-global-trade-war/";
    let claim = claim_of(
        &graph,
        "gdelt:CHN",
        Relation::SignedAgreement,
        "gdelt:USA",
        "2018-03-23",
    );
    assert_eq!(claim.subject.as_str(), "gdelt:CHN");
    assert!(claim.codes.contains("CAMEO:057"));
    let a = evidence_for(&claim, url);
    assert_eq!(a.outlet.as_ref().unwrap().as_str(), "outlet:fox61.com");
    assert!((a.grade.value() - expected_confidence(39, 41)).abs() < 1e-12);
    assert!(a.grade.value() <= 0.95);
    assert!(matches!(a.grade, Grade::Confidence(_)));

    // Both countries are states, named from the CAMEO country table (not by their
    // ActorName, which for a state is never an alias: "THE US", "WASHINGTON"), with
    // the CAMEO code as external id.
    let usa = graph.actor_by_key("gdelt:USA").unwrap();
    assert_eq!(usa.kind, ActorKind::State);
    assert_eq!(usa.group_type, None);
    assert_eq!(usa.names().collect::<Vec<_>>(), ["United States"]);
    assert_eq!(
        usa.external_ids.get("cameo").map(String::as_str),
        Some("USA")
    );
    let chn = graph.actor_by_key("gdelt:CHN").unwrap();
    assert_eq!(chn.kind, ActorKind::State);
    assert_eq!(chn.names().collect::<Vec<_>>(), ["China"]);
}

#[test]
fn quoted_and_tab_separated_renderings_give_identical_graphs() {
    let csv = data("events-us-china-2018.csv");
    let tsv = to_tsv(&csv);
    assert_eq!(tsv.lines().count(), 3340);
    assert!(tsv.lines().all(|l| l.split('\t').count() == 58));
    let (from_csv, r1) = import(&csv, false);
    let (from_tsv, r2) = import(&tsv, false);
    assert_eq!(r1.unwrap(), r2.unwrap());
    let (a, b) = (
        JsonDocument::from_graph(&from_csv),
        JsonDocument::from_graph(&from_tsv),
    );
    assert_eq!(a.claims.len(), 1857);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

/// The real file with every third row in the 57-column layout (no `SOURCEURL`), and
/// the same rows kept at 58 columns with an empty `SOURCEURL`, which the module docs
/// say reads the same.
fn mixed_layouts() -> (String, String) {
    let rows: Vec<Vec<String>> = data("events-us-china-2018.csv")
        .lines()
        .map(values)
        .collect();
    let (mut short, mut emptied) = (rows.clone(), rows);
    for i in (0..short.len()).step_by(3) {
        short[i].truncate(57);
        emptied[i][57] = "NULL".to_owned();
    }
    (join(&short), join(&emptied))
}

#[test]
fn rows_of_57_and_58_columns_mix_in_one_file_in_either_rendering() {
    let (short, emptied) = mixed_layouts();
    assert_eq!(
        short.lines().filter(|l| values(l).len() == 57).count(),
        1114
    );
    let (original, _) = import(&data("events-us-china-2018.csv"), false);
    for (short, emptied) in [
        (short.clone(), emptied.clone()),
        (to_tsv(&short), to_tsv(&emptied)),
    ] {
        let (graph, report) = import(&short, false);
        let report = report.unwrap();
        // Every row is two-actor: all of them go in, none skipped.
        assert_eq!((report.read, report.skipped()), (3340, 0));
        assert_eq!(report.committed + report.merged, 3340);
        let keys = |g: &ClaimGraph| {
            g.claims()
                .map(|c| c.to_claim().key())
                .collect::<Vec<ClaimKey>>()
        };
        assert_eq!(keys(&graph), keys(&original));
        assert_eq!(graph.claim_count(), 1857);
        // The rows without SOURCEURL lose their outlet and document, nothing else.
        let (reference, _) = import(&emptied, false);
        assert_eq!(
            serde_json::to_string(&JsonDocument::from_graph(&graph)).unwrap(),
            serde_json::to_string(&JsonDocument::from_graph(&reference)).unwrap()
        );
        let gdelt: usize = graph
            .claims()
            .flat_map(|c| c.to_claim().evidence)
            .filter(|a| a.outlet.as_ref().is_some_and(|o| o.as_str() == "gdelt"))
            .count();
        // 1,114 rows lose their URL; where two of them on one claim have the same
        // counts and day, their attributions become identical and are kept once.
        assert_eq!(gdelt, 1083);
    }
}

#[test]
fn every_event_is_found_by_its_global_event_id() {
    let text = data("events-us-china-2018.csv");
    let (graph, _) = import(&text, false);
    let first = values(text.lines().next().unwrap());
    assert_eq!(first[0], "760359406");
    let id = graph.claim_by_external("gdelt", "760359406").unwrap();
    let claim = graph.claim(id).unwrap().to_claim();
    assert!(claim.external_ids.contains("gdelt:760359406"));
    assert_eq!(
        claim.codes.iter().next().map(String::as_str),
        Some("CAMEO:160")
    );
    for line in text.lines() {
        let id = &values(line)[0];
        assert!(graph.claim_by_external("gdelt", id).is_some(), "{id}");
    }
    assert_eq!(graph.claim_by_external("gdelt", "1"), None);
}

#[test]
fn a_header_line_is_skipped_in_either_rendering() {
    let header = data("header.csv");
    let body: String = data("events-us-china-2018.csv")
        .lines()
        .take(10)
        .map(|l| format!("{l}\n"))
        .collect();
    let (_, report) = import(&format!("{header}{body}"), false);
    assert_eq!(report.unwrap().read, 10);
    let tsv = to_tsv(&format!("{header}{body}"));
    let (_, report) = import(&tsv, false);
    assert_eq!(report.unwrap().read, 10);
}

#[test]
fn a_truncated_line_is_an_error_naming_it_and_keeps_earlier_rows() {
    let mut text = join(&first_rows(2));
    let third = quoted_line(&first_rows(3)[2]);
    // Cut inside the quoted SOURCEURL, as a download that stopped would.
    text.push_str(&third[..third.len() - 10]);
    let (graph, report) = import(&text, false);
    match report.map_err(|e| e.error) {
        Err(IoError::Invalid {
            position,
            reason: SkipReason::Malformed,
            detail,
        }) => {
            assert_eq!(position.line, Some(3));
            assert!(detail.contains("does not close"), "{detail}");
        }
        other => panic!("expected a malformed row, got {other:?}"),
    }
    // A strict import that fails stores nothing, not even rows 1 and 2.
    assert_eq!(graph.claim_count(), 0);

    // Skipping, rows 1 and 2 (USA->CHN 160 on 2018-05-30 and 080 on 2018-10-16) go in.
    let (graph, report) = import(&text, true);
    let report = report.unwrap();
    assert_eq!((report.read, report.claims_new), (3, 2));
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::Malformed),
        Some(&1)
    );
    assert_eq!(report.skips[0].position.line, Some(3));
    assert_eq!(graph.claim_count(), 2);
}

#[test]
fn a_wrong_column_count_is_an_error_naming_the_line() {
    let mut rows = first_rows(4);
    rows[2].truncate(56);
    // A blank line counts as a line but not as a row.
    let text = join(&rows[..2]) + "\n" + &join(&rows[2..]);
    let (graph, report) = import(&text, false);
    match report.map_err(|e| e.error) {
        Err(IoError::Invalid {
            position,
            reason: SkipReason::Malformed,
            detail,
        }) => {
            assert_eq!(position.line, Some(4));
            assert!(
                detail.contains("expected 57, 58 or 61 fields, found 56"),
                "{detail}"
            );
        }
        other => panic!("expected a malformed row, got {other:?}"),
    }
    assert_eq!(graph.claim_count(), 0);

    let (graph, report) = import(&text, true);
    let report = report.unwrap();
    assert_eq!(report.read, 4);
    assert_eq!(report.claims_new, 3);
    assert_eq!(report.skips.len(), 1);
    assert_eq!(report.skips[0].position.line, Some(4));
    assert_eq!(graph.claim_count(), 3);

    // The same in the tab-separated rendering.
    let (_, report) = import(&to_tsv(&text), false);
    let error = report.unwrap_err().error;
    assert_eq!(error.reason(), Some(SkipReason::Malformed));
    assert_eq!(error.position().unwrap().line, Some(4));
}

#[test]
fn an_unknown_cameo_code_is_a_counted_skip_even_without_skip_invalid() {
    let mut rows = first_rows(3);
    rows[1][EVENT_CODE] = "99".to_owned(); // 099 does not exist under root 09
    rows[1][EVENT_ROOT_CODE] = "9".to_owned();
    let (graph, report) = import(&join(&rows), false);
    let report = report.unwrap();
    assert_eq!(report.read, 3);
    assert_eq!(report.claims_new, 2);
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::UnknownCode),
        Some(&1)
    );
    assert_eq!(report.skips[0].position.line, Some(2));
    assert_eq!(report.skips[0].position.field.as_deref(), Some("EventCode"));
    assert!(
        report.skips[0].detail.contains("099"),
        "{}",
        report.skips[0].detail
    );
    assert_eq!(graph.claim_count(), 2);
}

#[test]
fn an_impossible_date_is_a_field_error_naming_line_and_column() {
    let mut rows = first_rows(3);
    rows[2][SQLDATE] = "20181345".to_owned();
    let (graph, report) = import(&join(&rows), false);
    let error = report.unwrap_err().error;
    assert_eq!(error.reason(), Some(SkipReason::InvalidDate));
    let position = error.position().unwrap();
    assert_eq!(
        (position.line, position.field.as_deref()),
        (Some(3), Some("SQLDATE"))
    );
    assert_eq!(graph.claim_count(), 0);

    let (_, report) = import(&join(&rows), true);
    let report = report.unwrap();
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::InvalidDate),
        Some(&1)
    );
    assert_eq!(report.skips[0].position.line, Some(3));
    assert_eq!(report.skips[0].position.field.as_deref(), Some("SQLDATE"));
}

#[test]
fn a_row_without_actor2_is_a_counted_skip() {
    let mut rows = first_rows(3);
    rows[0][ACTOR2_CODE] = "NULL".to_owned();
    let (graph, report) = import(&join(&rows), false);
    let report = report.unwrap();
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::MissingActor),
        Some(&1)
    );
    assert_eq!(report.skips[0].position.line, Some(1));
    assert_eq!(
        report.skips[0].position.field.as_deref(),
        Some("Actor2Code")
    );
    assert!(report.adds_up());
    assert_eq!(graph.claim_count(), 2);
}

#[test]
fn an_event_code_outside_its_root_is_a_field_error() {
    let mut rows = first_rows(1);
    rows[0][EVENT_ROOT_CODE] = "4".to_owned(); // EventCode stays 160
    let (_, report) = import(&join(&rows), false);
    let error = report.unwrap_err().error;
    assert_eq!(error.reason(), Some(SkipReason::InvalidValue));
    let position = error.position().unwrap();
    assert_eq!(
        (position.line, position.field.as_deref()),
        (Some(1), Some("EventCode"))
    );
}

#[test]
fn kinds_come_from_type_and_region_codes() {
    let mut rows = first_rows(2);
    // Row 1 becomes CHNGOV (type GOV) -> AFR (a region): 160 reduce relations takes
    // a state or group as object, so the row is skipped for its kinds.
    rows[0][5] = "CHNGOV".to_owned();
    rows[0][12] = "GOV".to_owned();
    rows[0][ACTOR2_CODE] = "AFR".to_owned();
    rows[0][17] = "AFR".to_owned();
    // Row 2 becomes USAMED (media) -> CHN: 080 yield.
    rows[1][5] = "USAMED".to_owned();
    rows[1][12] = "MED".to_owned();
    let (graph, report) = import(&join(&rows), false);
    let report = report.unwrap();
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::KindsDoNotFit),
        Some(&1)
    );
    assert_eq!(report.claims_new, 1);
    // Nothing of the skipped row was written.
    assert!(graph.actor_by_key("gdelt:CHNGOV").is_none());
    assert!(graph.actor_by_key("gdelt:AFR").is_none());
    let med = graph.actor_by_key("gdelt:USAMED").unwrap();
    assert_eq!(med.kind, ActorKind::MediaOutlet);
    let (graph, _) = {
        let mut rows = first_rows(1);
        rows[0][5] = "CHNGOV".to_owned();
        rows[0][12] = "GOV".to_owned();
        import(&join(&rows), false)
    };
    let gov = graph.actor_by_key("gdelt:CHNGOV").unwrap();
    assert_eq!(
        (gov.kind, gov.group_type),
        (ActorKind::Group, Some(GroupType::Agency))
    );
}

/// Every GDELT events file the tests use: the GDELT 1.0 extract quoted and
/// tab-separated, the same with every third row at 57 columns (both renderings), and
/// the GDELT 2.0 export.
fn every_gdelt_file() -> Vec<(&'static str, String)> {
    let csv = data("events-us-china-2018.csv");
    let (short, _) = mixed_layouts();
    let path = crate::support::data("gdelt2/20150218230000.export.CSV");
    let export = std::fs::read_to_string(&path).unwrap();
    vec![
        ("gdelt1 tab-separated", to_tsv(&csv)),
        ("gdelt1 quoted", csv),
        ("gdelt1 57/58 tab-separated", to_tsv(&short)),
        ("gdelt1 57/58 quoted", short),
        ("gdelt2 export", export),
    ]
}

/// The folded place names of a file's geography columns (`Actor1Geo_FullName`,
/// `Actor2Geo_FullName`, `ActionGeo_FullName`: every comma-separated part), read with
/// the test's own splitter.
fn places_of(text: &str) -> std::collections::HashSet<String> {
    let mut places = std::collections::HashSet::new();
    for line in text.lines() {
        let row: Vec<String> = if line.contains('\t') {
            line.split('\t').map(str::to_owned).collect()
        } else {
            values(line)
        };
        let columns = if row.len() == 61 {
            [36, 44, 52]
        } else {
            [36, 43, 50]
        };
        for c in columns {
            for part in row[c].split(',').filter(|_| row[c] != "NULL") {
                places.insert(claimgraph::model::fold_name(part));
            }
        }
    }
    places.remove("");
    places
}

#[test]
fn united_states_is_one_actor_in_every_gdelt_file() {
    for (name, text) in every_gdelt_file() {
        let (graph, report) = import(&text, false);
        report.unwrap();
        let usa = graph.actor_id("gdelt:USA").unwrap();
        assert_eq!(graph.find("United States"), Ok(usa), "{name}");
        assert_eq!(graph.find_all("UNITED STATES"), [usa], "{name}");
    }
}

#[test]
fn no_state_has_a_place_name_of_its_file_as_alias() {
    // (file, number of states): the GDELT 1.0 extract has the United States and
    // China; the GDELT 2.0 count is `state actors` of tests/data/gdelt2/expected_counts.py.
    let expected_states = [2, 2, 2, 2, 70];
    for ((name, text), states) in every_gdelt_file().into_iter().zip(expected_states) {
        let places = places_of(&text);
        assert!(places.contains("washington"), "{name}");
        let (graph, _) = import(&text, false);
        let mut seen = 0;
        for actor in graph.actors().filter(|a| a.kind == ActorKind::State) {
            seen += 1;
            for alias in actor.names().skip(1) {
                let folded = claimgraph::model::fold_name(alias);
                assert!(
                    !places.contains(&folded),
                    "{name}: {} has the place {alias:?} as alias",
                    actor.key
                );
            }
            // A state is named from the CAMEO country table and has no other name.
            assert_eq!(actor.names().count(), 1, "{name}: {:?}", actor);
        }
        assert_eq!(seen, states, "{name}");
    }
}
