//! GDELT 2.0: one published 15-minute update, its events export then its mentions.
//!
//! Expected counts come from `tests/data/gdelt2/expected_counts.py`, a Python
//! re-implementation of the readers' documented rules (`python3
//! tests/data/gdelt2/expected_counts.py` from the crate root prints them).

use claimgraph::ClaimGraph;
use claimgraph::io::gdelt_mentions::PendingMentions;
use claimgraph::io::{Exporter, Format, ImportReport, Importer, JsonDocument, SkipReason};
use claimgraph::model::{ActorKind, Grade, GroupType, PartialDate};

fn data(name: &str) -> Vec<u8> {
    let path = crate::support::data(&format!("gdelt2/{name}"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const EVENTS: &str = "20150218230000.export.CSV";
const MENTIONS: &str = "20150218230000.mentions.CSV";

fn import(format: Format, name: &str, graph: &mut ClaimGraph) -> ImportReport {
    Importer::from_format(format)
        .import(&data(name)[..], graph)
        .unwrap()
}

fn serialised(graph: &ClaimGraph) -> String {
    serde_json::to_string(&JsonDocument::from_graph(graph)).unwrap()
}

#[test]
fn events_then_mentions_give_the_scripts_counts() {
    let mut graph = ClaimGraph::new();
    let events = import(Format::GdeltEvents, EVENTS, &mut graph);
    assert_eq!(events.read, 2271);
    let one_actor = events.skipped_by_reason.get(&SkipReason::MissingActor);
    assert_eq!(one_actor, Some(&(2271 - 1521)));
    // No self loop; 42 two-actor rows put a region or a media outlet where the
    // relation refuses one.
    assert_eq!(
        events.skipped_by_reason.get(&SkipReason::KindsDoNotFit),
        Some(&42)
    );
    assert_eq!(events.skipped(), 2271 - 1521 + 42);
    assert_eq!(graph.claim_count(), 822);

    let mentions = import(Format::GdeltMentions, MENTIONS, &mut graph);
    assert_eq!(mentions.read, 8462);
    assert_eq!(
        mentions.skipped_by_reason.get(&SkipReason::UnknownEvent),
        Some(&6399)
    );
    assert_eq!(mentions.skipped(), 6399);
    assert_eq!(mentions.committed + mentions.merged, 2063);
    assert_eq!(mentions.claims_new, 0);
    assert_eq!(graph.claim_count(), 822);
    let outlets = graph
        .actors()
        .filter(|a| a.kind == ActorKind::MediaOutlet && !a.key.as_str().starts_with("gdelt:"))
        .count();
    // Sources, not event actors coded as media (`CHRMED`).
    assert_eq!(outlets, 301);
    // 1,112 event-row attributions were replaced by the mention of the same
    // article, which left 1,520 attributions and 125 claims corroborated by two or
    // more outlets (GDELT names a mention's source by its domain, `foxnews.com`,
    // where the row's URL has the host `latino.foxnews.com`: one article, one origin).
    let attributions: usize = graph.claims().map(|c| c.to_claim().evidence.len()).sum();
    assert_eq!(attributions, 1520);
    let corroborated = graph.claims().filter(|c| c.origins() >= 2).count();
    assert_eq!(corroborated, 125);
}

#[test]
fn the_event_rows_article_and_its_mention_are_one_attribution() {
    let url = "http://www.pressdemocrat.com/news/3547549-181/blast-devastates-southern-california-refinery";
    let of_url = |graph: &ClaimGraph| {
        let id = graph.claim_by_external("gdelt", "410414431").unwrap();
        let claim = graph.claim(id).unwrap().to_claim();
        claim
            .evidence
            .into_iter()
            .filter(|a| a.document.as_ref().and_then(|d| d.url.as_deref()) == Some(url))
            .collect::<Vec<_>>()
    };
    let mut graph = ClaimGraph::new();
    import(Format::GdeltEvents, EVENTS, &mut graph);
    // Without mentions: the row's article, no claimant, graded from NumSources 13
    // and NumArticles 56 (module gdelt).
    let own = of_url(&graph);
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].claimant, None);
    let estimate = 0.05 + 0.9 * (1.0 - (0.6f64 / 0.95).powf(13.0) * 0.95f64.powf(56.0));
    assert!((own[0].grade.value() - estimate).abs() < 1e-12);
    // With mentions: the mention of that article (pressdemocrat.com, Confidence 80)
    // is its one attribution.
    import(Format::GdeltMentions, MENTIONS, &mut graph);
    let one = of_url(&graph);
    assert_eq!(one.len(), 1);
    assert_eq!(
        one[0].claimant.as_ref().map(|k| k.as_str()),
        Some("outlet:pressdemocrat.com")
    );
    assert_eq!(one[0].grade, Grade::Confidence((5.0 + 0.9 * 80.0) / 100.0));
    // The events file again does not bring the row's attribution back.
    let once = serialised(&graph);
    let again = import(Format::GdeltEvents, EVENTS, &mut graph);
    assert_eq!((again.claims_new, again.actors_new), (0, 0));
    assert_eq!(serialised(&graph), once);
}

#[test]
fn a_mention_is_an_attribution_by_its_source() {
    let mut graph = ClaimGraph::new();
    import(Format::GdeltEvents, EVENTS, &mut graph);
    // The first mention of an imported event: its claim is found by the external id.
    let text = String::from_utf8(data(MENTIONS)).unwrap();
    let fields = text
        .lines()
        .map(|l| l.split('\t').collect::<Vec<&str>>())
        .find(|f| graph.claim_by_external("gdelt", f[0]).is_some())
        .unwrap();
    import(Format::GdeltMentions, MENTIONS, &mut graph);
    // Found again: a claim whose row article was mentioned is stored anew.
    let id = graph.claim_by_external("gdelt", fields[0]).unwrap();
    let claim = graph.claim(id).unwrap().to_claim();
    let outlet = format!("outlet:{}", fields[4].to_ascii_lowercase());
    let mention = claim
        .evidence
        .iter()
        .find(|a| {
            a.claimant.as_ref().map(|k| k.as_str()) == Some(outlet.as_str())
                && a.document.as_ref().and_then(|d| d.url.as_deref()) == Some(fields[5])
        })
        .unwrap();
    assert_eq!(mention.outlet, mention.claimant);
    let confidence: f64 = fields[11].parse().unwrap();
    assert_eq!(
        mention.grade,
        Grade::Confidence((5.0 + 0.9 * confidence) / 100.0)
    );
    let number = |r: std::ops::Range<usize>| fields[2][r].parse::<u32>().unwrap();
    let day = PartialDate::day(number(0..4) as i32, number(4..6) as u8, number(6..8) as u8);
    assert_eq!(mention.reported, Some(day.unwrap()));
    // The row's own article, if this is it, is now this mention's attribution.
    let own = |a: &claimgraph::model::Attribution| {
        a.claimant.is_none()
            && a.document.as_ref().and_then(|d| d.url.as_deref()) == Some(fields[5])
    };
    assert_eq!(claim.evidence.iter().filter(|a| own(a)).count(), 0);
}

#[test]
fn importing_either_file_twice_changes_nothing() {
    let mut graph = ClaimGraph::new();
    import(Format::GdeltEvents, EVENTS, &mut graph);
    let once = serialised(&graph);
    import(Format::GdeltEvents, EVENTS, &mut graph);
    assert_eq!(serialised(&graph), once);
    import(Format::GdeltMentions, MENTIONS, &mut graph);
    let once = serialised(&graph);
    let again = import(Format::GdeltMentions, MENTIONS, &mut graph);
    assert_eq!(again.claims_new, 0);
    assert_eq!(serialised(&graph), once);
}

#[test]
fn graphml_writes_the_claims_gdelt_ids() {
    let mut graph = ClaimGraph::new();
    import(Format::GdeltEvents, EVENTS, &mut graph);
    let mut out = Vec::new();
    Exporter::from_format(Format::GraphMl)
        .export(&graph, &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(
        r#"<key id="external_ids" for="edge" attr.name="external_ids" attr.type="string"/>"#
    ));
    // Event 410414431 (US comments on Illinois) is a claim of its own; the four
    // events of one Libya-Syria claim are joined in id order.
    assert!(text.contains("<data key=\"external_ids\">gdelt:410414431</data>"));
    assert!(text.contains(
        "<data key=\"external_ids\">gdelt:410413645;gdelt:410413646;gdelt:410413647;gdelt:410413648</data>"
    ));
    let written = text.matches("<data key=\"external_ids\">").count();
    assert_eq!(written, 822);
}

#[test]
fn mentions_before_their_events_attach_when_kept_pending() {
    let mut expected = ClaimGraph::new();
    import(Format::GdeltEvents, EVENTS, &mut expected);
    import(Format::GdeltMentions, MENTIONS, &mut expected);

    let mut graph = ClaimGraph::new();
    let mentions = Importer::from_format(Format::GdeltMentions);
    let mut pending = PendingMentions::new(10_000);
    let report = pending
        .import(&mentions, &data(MENTIONS)[..], &mut graph)
        .unwrap();
    assert_eq!(
        report.skipped_by_reason.get(&SkipReason::UnknownEvent),
        Some(&8462)
    );
    assert_eq!((pending.len(), pending.dropped()), (8462, 0));
    import(Format::GdeltEvents, EVENTS, &mut graph);
    let attached = pending.attach(&mentions, &mut graph).unwrap();
    assert_eq!((attached.read, attached.skipped()), (2063, 0));
    assert_eq!(pending.len(), 6399);
    assert_eq!(serialised(&graph), serialised(&expected));

    // A small capacity keeps the first mentions and counts the rest.
    let mut small = PendingMentions::new(100);
    small
        .import(&mentions, &data(MENTIONS)[..], &mut ClaimGraph::new())
        .unwrap();
    assert_eq!((small.len(), small.dropped()), (100, 8362));
}

#[test]
fn a_gdelt2_event_is_reported_on_dateadded_by_its_source() {
    let mut graph = ClaimGraph::new();
    import(Format::GdeltEvents, EVENTS, &mut graph);
    // Line 2085: event 410414431, USA -> USACVL, EventCode 010, DATEADDED
    // 20150218230000, SOURCEURL on pressdemocrat.com (61 columns).
    let id = graph.claim_by_external("gdelt", "410414431").unwrap();
    let claim = graph.claim(id).unwrap().to_claim();
    assert_eq!(
        (claim.subject.as_str(), claim.object.as_str()),
        ("gdelt:USA", "gdelt:USACVL")
    );
    assert!(claim.codes.contains("CAMEO:010"));
    let url = "http://www.pressdemocrat.com/news/3547549-181/blast-devastates-southern-california-refinery";
    let own = claim
        .evidence
        .iter()
        .find(|a| a.document.as_ref().and_then(|d| d.url.as_deref()) == Some(url))
        .unwrap();
    assert_eq!(
        own.outlet.as_ref().map(|k| k.as_str()),
        Some("outlet:pressdemocrat.com")
    );
    assert_eq!(own.reported, Some(PartialDate::day(2015, 2, 18).unwrap()));
    assert_eq!(own.claimant, None);
}

#[test]
fn actors_are_named_from_the_cameo_code_tables() {
    let mut graph = ClaimGraph::new();
    import(Format::GdeltEvents, EVENTS, &mut graph);
    let names = |key: &str| {
        let actor = graph.actor_by_key(key).unwrap();
        let names: Vec<String> = actor.names().map(str::to_owned).collect();
        (actor.kind, actor.group_type, names)
    };
    // A country: its state, by the country table, whatever ActorName said.
    assert_eq!(
        names("gdelt:IRN"),
        (ActorKind::State, None, vec!["Iran".to_owned()])
    );
    // A role group: the country's name with the role's, and none of the members or
    // titles GDELT wrote as its ActorName ("OBAMA", "THE WHITE HOUSE").
    assert_eq!(
        names("gdelt:USAGOV"),
        (
            ActorKind::Group,
            Some(GroupType::Agency),
            vec!["United States government".to_owned()]
        )
    );
    assert_eq!(
        graph.find("united states government"),
        Ok(graph.actor_id("gdelt:USAGOV").unwrap())
    );
    // An IGO with a known group: named by the group; the ActorNames of its rows name
    // it too, so they are aliases.
    assert_eq!(
        names("gdelt:IGOUNO"),
        (
            ActorKind::Group,
            Some(GroupType::Forum),
            vec![
                "United Nations".to_owned(),
                "THE SECURITY COUNCIL".to_owned(),
                "THE UN".to_owned()
            ]
        )
    );
    assert_eq!(
        graph.find("The UN"),
        Ok(graph.actor_id("gdelt:IGOUNO").unwrap())
    );
    // A region.
    assert_eq!(
        names("gdelt:EUR"),
        (ActorKind::Region, None, vec!["Europe".to_owned()])
    );
    // A code outside the tables (GDELT's lower-case ethnic code) keeps its ActorName.
    assert_eq!(
        names("gdelt:ran"),
        (
            ActorKind::Group,
            Some(GroupType::Other),
            vec!["RANA".to_owned()]
        )
    );
}
