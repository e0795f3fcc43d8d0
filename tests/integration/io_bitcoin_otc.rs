//! Bitcoin-OTC signed ratings: exact counts and rows of the real SNAP file
//! (tests/data/bitcoin-otc/soc-sign-bitcoinotc.csv), bad input, merging.

use std::collections::{BTreeMap, BTreeSet};

use claimgraph::ClaimGraph;
use claimgraph::io::{Format, ImportError, ImportReport, Importer, SkipReason};
use claimgraph::model::{
    ActorKind, Grade, PartialDate, Polarity, Precision, Relation, StatementKind, ValidTime,
};

fn ratings() -> Vec<u8> {
    std::fs::read(crate::support::data("bitcoin-otc/soc-sign-bitcoinotc.csv")).unwrap()
}

fn import(data: &[u8], graph: &mut ClaimGraph, skip: bool) -> Result<ImportReport, ImportError> {
    Importer::from_format(Format::BitcoinOtc)
        .skip_invalid(skip)
        .import(data, graph)
}

/// Counted independently of this crate with python3's csv module over the file:
/// 35,592 rows of 4 fields; 5,881 distinct ids among sources and targets; 32,029
/// positive and 3,563 negative ratings (2,413 of them -10); no self-rating; no two
/// rows share (source, target, UTC day, sign), so every row is a claim of its own.
/// These are SNAP's published figures (5,881 nodes, 35,592 edges).
const ROWS: usize = 35_592;
const USERS: usize = 5_881;
const POSITIVE: usize = 32_029;
const NEGATIVE: usize = 3_563;
const MINUS_TEN: usize = 2_413;

#[test]
fn real_file_counts() {
    let mut g = ClaimGraph::new();
    let report = import(&ratings(), &mut g, false).unwrap();
    assert_eq!(report.read, ROWS);
    assert_eq!(report.actors_new, USERS);
    assert_eq!(report.claims_new, ROWS);
    assert_eq!((report.committed, report.merged), (ROWS, 0));
    assert_eq!(report.not_represented_total(), 0);
    assert_eq!(report.skipped(), 0);
    assert_eq!((g.actor_count(), g.claim_count()), (USERS, ROWS));
    assert!(g.actors().all(|a| a.kind == ActorKind::Person));
    let claims: Vec<_> = g.claims().map(|c| c.to_claim()).collect();
    let by_polarity = |p| claims.iter().filter(|c| c.polarity == p).count();
    assert_eq!(by_polarity(Polarity::Asserted), POSITIVE);
    assert_eq!(by_polarity(Polarity::Denied), NEGATIVE);
    assert_eq!(
        claims
            .iter()
            .filter(|c| c.codes.contains("BTC-OTC:rating=-10"))
            .count(),
        MINUS_TEN
    );
    // A certain distrust has confidence 1.
    let certain = g
        .claim_ids()
        .filter(|id| g.confidence(*id) == Some(1.0))
        .count();
    // python3: ratings of +10 or -10 -> 765 + 2,413
    assert_eq!(certain, 765 + MINUS_TEN);
}

#[test]
fn real_file_rows_field_by_field() {
    let mut g = ClaimGraph::new();
    import(&ratings(), &mut g, false).unwrap();
    let claim_of = |s: &str, t: &str| {
        let ids: Vec<_> = g
            .claim_ids()
            .filter(|id| {
                let (a, b) = g.endpoints(*id).unwrap();
                g.actor(a).unwrap().key.as_str() == s && g.actor(b).unwrap().key.as_str() == t
            })
            .collect();
        assert_eq!(ids.len(), 1, "{s} -> {t}");
        (
            g.claim(ids[0]).unwrap().to_claim(),
            g.confidence(ids[0]).unwrap(),
        )
    };
    let day = |text: &str| text.parse::<PartialDate>().unwrap();

    // Line 1: 6,2,4,1289241912 (2010-11-08 18:45:12 UTC)
    let (c, confidence) = claim_of("otc:6", "otc:2");
    assert_eq!(c.relation, Relation::Trusts);
    assert_eq!(c.polarity, Polarity::Asserted);
    assert_eq!(c.statement, StatementKind::Assessment);
    assert_eq!(c.valid, ValidTime::at(day("2010-11-08")));
    assert_eq!(c.valid.start().unwrap().precision(), Precision::Day);
    assert_eq!(c.codes, BTreeSet::from(["BTC-OTC:rating=4".to_owned()]));
    assert_eq!(c.evidence.len(), 1);
    let a = &c.evidence[0];
    assert_eq!(a.claimant.as_ref().map(|k| k.as_str()), Some("otc:6"));
    assert_eq!((a.outlet.as_ref(), a.relays.len()), (None, 0));
    assert_eq!(a.grade, Grade::Confidence(0.4));
    assert_eq!(a.reported, Some(day("2010-11-08")));
    assert_eq!((a.document.as_ref(), a.excerpt.as_ref()), (None, None));
    assert!((confidence - 0.4).abs() < 1e-12);
    let rater = g.actor_by_key("otc:6").unwrap();
    assert_eq!(
        (rater.kind, rater.name.as_str()),
        (ActorKind::Person, "OTC user 6")
    );

    // Line 597: 104,179,-1,1300756036 (2011-03-22 01:07:16 UTC), a distrust.
    let (c, confidence) = claim_of("otc:104", "otc:179");
    assert_eq!(c.polarity, Polarity::Denied);
    assert_eq!(c.valid.to_string(), "2011-03-22");
    assert_eq!(c.codes, BTreeSet::from(["BTC-OTC:rating=-1".to_owned()]));
    assert_eq!(c.evidence[0].grade, Grade::Confidence(0.1));
    assert!((confidence - 0.1).abs() < 1e-12);

    // Line 35,592, the last: 1128,13,2,1453684324 (2016-01-25 01:12:04 UTC).
    let (c, _) = claim_of("otc:1128", "otc:13");
    assert_eq!(c.polarity, Polarity::Asserted);
    assert_eq!(c.valid.to_string(), "2016-01-25");
    assert_eq!(c.evidence[0].reported, Some(day("2016-01-25")));
    assert_eq!(c.codes, BTreeSet::from(["BTC-OTC:rating=2".to_owned()]));
}

#[test]
fn bad_lines_are_errors_with_line_and_field_or_skips() {
    let cases: [(&str, Option<&str>); 15] = [
        // A last line cut inside its timestamp: 1970, before Bitcoin existed.
        ("1,2,3,12892", Some("time")),
        ("1,2,3,1289241912.", Some("time")),
        ("1,2,3,-5", Some("time")),
        ("1,2,0,1289241912", Some("rating")),
        ("1,2,11,1289241912", Some("rating")),
        ("1,2,-11,1289241912", Some("rating")),
        ("1,2,2.5,1289241912", Some("rating")),
        ("1,2,+,1289241912", Some("rating")),
        ("x,2,3,1289241912", Some("source")),
        ("1,-2,3,1289241912", Some("target")),
        ("1,2,3,yesterday", Some("time")),
        ("1,2,3,99999999999999", Some("time")),
        ("1,2,3", None),
        ("1,2,3,1289241912,extra", None),
        ("1;2;3;1289241912", None),
    ];
    for (text, field) in cases {
        let data = format!("5,6,1,1289241912\n\n{text}\n");
        let mut g = ClaimGraph::new();
        let error = import(data.as_bytes(), &mut g, false).unwrap_err().error;
        let position = error.position().unwrap();
        assert_eq!(
            (position.line, position.field.as_deref()),
            (Some(3), field),
            "{text}"
        );
        let expected = match field {
            None => SkipReason::Malformed,
            Some("time") => SkipReason::InvalidDate,
            Some(_) => SkipReason::InvalidValue,
        };
        assert_eq!(error.reason(), Some(expected), "{text}");
        // A failed import stores nothing, not even the good line before the bad one.
        assert_eq!((g.actor_count(), g.claim_count()), (0, 0), "{text}");
        let report = import(data.as_bytes(), &mut ClaimGraph::new(), true).unwrap();
        assert_eq!(
            (report.read, report.claims_new, report.skipped()),
            (2, 1, 1),
            "{text}"
        );
        assert_eq!(report.skips[0].position.line, Some(3), "{text}");
        assert_eq!(report.skips[0].reason, expected, "{text}");
    }
}

#[test]
fn skip_categories_and_self_rating() {
    let data = "1,2,0,1289241912\n1,1,5,1289241912\n1,2,5,then\n1,2\n1,2,5,1289241912\n";
    let mut g = ClaimGraph::new();
    let failed = import(data.as_bytes(), &mut g, false).unwrap_err();
    assert_eq!(failed.error.position().unwrap().line, Some(1));
    assert_eq!(failed.error.reason(), Some(SkipReason::InvalidValue));
    assert_eq!((failed.report.read, failed.report.committed), (1, 0));
    let report = import(data.as_bytes(), &mut g, true).unwrap();
    assert_eq!(report.read, 5);
    assert_eq!(report.claims_new, 1);
    assert_eq!(
        report.skipped_by_reason,
        BTreeMap::from([
            (SkipReason::Malformed, 1),
            (SkipReason::InvalidValue, 1),
            (SkipReason::InvalidDate, 1),
            (SkipReason::Rejected, 1),
        ])
    );
    // The self-rating is rejected whole: otc:1 was only created by the later line.
    assert_eq!(g.actor_count(), 2);
    assert_eq!(report.actors_new, 2);
}

#[test]
fn same_pair_same_day_same_sign_merges_into_one_voice() {
    // Two trusts on 2010-11-08 (4 then 7), a distrust the same day, a trust the next day.
    let data = "source,target,rating,time\n\
                6,2,4,1289241912\n\
                6,2,7,1289260000\n\
                6,2,-3,1289241912\n\
                6,2,4,1289347200.5\n";
    let mut g = ClaimGraph::new();
    let report = import(data.as_bytes(), &mut g, false).unwrap();
    // The header is not a row.
    assert_eq!(report.read, 4);
    assert_eq!((report.claims_new, report.merged), (3, 1));
    assert_eq!(g.claim_count(), 3);
    let merged = g
        .claim_ids()
        .find(|id| g.claim(*id).unwrap().to_claim().evidence.len() == 2)
        .unwrap();
    let claim = g.claim(merged).unwrap().to_claim();
    assert_eq!(claim.polarity, Polarity::Asserted);
    assert_eq!(claim.valid.to_string(), "2010-11-08");
    assert_eq!(
        claim.codes,
        BTreeSet::from(["BTC-OTC:rating=4".to_owned(), "BTC-OTC:rating=7".to_owned()])
    );
    // One claimant, one voice: the stronger rating, not 1 - 0.6 * 0.3.
    assert_eq!(g.origins(merged), Some(1));
    assert!((g.confidence(merged).unwrap() - 0.7).abs() < 1e-12);
    // 1289347200.5 is 2010-11-10 00:00:00.5 UTC.
    assert!(
        g.claims()
            .map(|c| c.to_claim())
            .any(|c| c.valid.to_string() == "2010-11-10" && c.polarity == Polarity::Asserted)
    );
}
