//! Property tests of the import pipeline: for random valid files with one random
//! corruption, a strict import is all or nothing (the graph's serialisation byte for
//! byte unchanged), and a skipping import equals the import of the file without the
//! corrupted record.

use crate::support::json_of;

use claimgraph::ClaimGraph;
use claimgraph::io::{Format, Importer};
use proptest::prelude::*;

/// How one line is spoilt.
#[derive(Debug, Clone, Copy)]
enum Corruption {
    /// A byte that is not UTF-8 in the middle of the line.
    InvalidUtf8,
    /// A byte-order mark at the start of the line.
    ByteOrderMark,
    /// The format's own kind of damage (a cut date, a misspelled field...).
    Format(u8),
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        Just(Corruption::InvalidUtf8),
        Just(Corruption::ByteOrderMark),
        (0u8..3).prop_map(Corruption::Format),
    ]
}

/// The lines with line `at` spoilt by `how` (`own` does the format's own damage).
fn corrupt(
    lines: &[String],
    at: usize,
    how: Corruption,
    own: impl Fn(&str, u8) -> String,
) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i == at {
            match how {
                Corruption::InvalidUtf8 => {
                    let cut = line.len() / 2;
                    let cut = (0..=cut).rev().find(|&c| line.is_char_boundary(c)).unwrap();
                    out.extend_from_slice(&line.as_bytes()[..cut]);
                    out.push(0xff);
                    out.extend_from_slice(&line.as_bytes()[cut..]);
                }
                Corruption::ByteOrderMark => {
                    out.extend_from_slice("\u{feff}".as_bytes());
                    out.extend_from_slice(line.as_bytes());
                }
                Corruption::Format(k) => out.extend_from_slice(own(line, k).as_bytes()),
            }
        } else {
            out.extend_from_slice(line.as_bytes());
        }
        out.push(b'\n');
    }
    out
}

/// The two properties for one format, file and corruption. `base` lines are imported
/// first so that the strict import fails on a graph that is not empty.
fn check(
    format: Format,
    lines: &[String],
    at: usize,
    how: Corruption,
    own: impl Fn(&str, u8) -> String,
) -> Result<(), TestCaseError> {
    let at = at % lines.len();
    // The corrupted line must not be the first: a mark there is the one allowed.
    let at = if at == 0 && matches!(how, Corruption::ByteOrderMark) {
        1 % lines.len()
    } else {
        at
    };
    prop_assume!(lines.len() > 1 || !matches!(how, Corruption::ByteOrderMark));
    let data = corrupt(lines, at, how, own);
    let strict = Importer::from_format(format);
    let skipping = Importer::from_format(format).skip_invalid(true);

    let mut g = ClaimGraph::new();
    let base: String = lines[..lines.len() / 2]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    strict.import(base.as_bytes(), &mut g).unwrap();
    let before = json_of(&g);
    let failed = strict.import(data.as_slice(), &mut g);
    prop_assert!(failed.is_err(), "{format}: the corruption was accepted");
    let failed = failed.unwrap_err();
    prop_assert_eq!(failed.error.position().and_then(|p| p.line), Some(at + 1));
    prop_assert_eq!(
        json_of(&g),
        before,
        "{}: a failed import changed the graph",
        format
    );

    // Into an empty graph too (committed as it goes, then put back).
    let mut empty = ClaimGraph::new();
    prop_assert!(strict.import(data.as_slice(), &mut empty).is_err());
    prop_assert_eq!(json_of(&empty), json_of(&ClaimGraph::new()));

    let mut skipped = ClaimGraph::new();
    let report = skipping.import(data.as_slice(), &mut skipped).unwrap();
    prop_assert!(report.adds_up());
    prop_assert!(report.skips.iter().any(|s| s.position.line == Some(at + 1)));
    let without: String = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != at)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let mut clean = ClaimGraph::new();
    skipping.import(without.as_bytes(), &mut clean).unwrap();
    prop_assert_eq!(json_of(&skipped), json_of(&clean), "{}", format);
    Ok(())
}

fn otc_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        (
            0u32..6,
            1u32..6,
            -10i8..=10,
            1_300_000_000u64..1_300_900_000,
        ),
        1..25,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .map(|(s, d, r, t)| {
                let rating = if r == 0 { 1 } else { r };
                format!("{s},{},{rating},{t}", s + d)
            })
            .collect()
    })
}

fn otc_damage(line: &str, k: u8) -> String {
    let fields: Vec<&str> = line.split(',').collect();
    match k {
        // Cut inside the timestamp.
        0 => line[..line.len() - 5].to_owned(),
        1 => format!("{},{},11,{}", fields[0], fields[1], fields[3]),
        _ => fields[..3].join(","),
    }
}

const NAMES: [&str; 7] = [
    "China",
    "Japan",
    "France",
    "Barack Obama",
    "Police (Kenya)",
    "Citizen (India)",
    "Middle East",
];
const EVENTS: [&str; 4] = [
    "Consult",
    "Make statement",
    "Host a visit",
    "Criticize or denounce",
];

fn icews_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        (
            0..NAMES.len(),
            0..EVENTS.len(),
            0..NAMES.len(),
            1u32..28,
            1u32..13,
        ),
        1..25,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .map(|(s, e, o, d, m)| {
                format!(
                    "{}\t{}\t{}\t2014-{m:02}-{d:02}",
                    NAMES[s], EVENTS[e], NAMES[o]
                )
            })
            .collect()
    })
}

fn icews_damage(line: &str, k: u8) -> String {
    match k {
        // A truncated date.
        0 => line[..line.len() - 3].to_owned(),
        1 => line.rsplit_once('\t').unwrap().0.to_owned(),
        _ => format!("{}02-30", &line[..line.len() - 5]),
    }
}

fn jsonl_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec((0u32..5, 1u32..5, any::<bool>(), 1u32..13, 1u32..10), 1..20).prop_map(
        |claims| {
            let mut lines: Vec<String> = (0..5)
                .map(|i| format!(r#"{{"actor":{{"key":"a{i}","kind":"state","name":"State {i}"}}}}"#))
                .collect();
            for (s, d, met, month, grade) in claims {
                let relation = if met { "met_with" } else { "criticizes" };
                lines.push(format!(
                    r#"{{"claim":{{"subject":"a{s}","relation":"{relation}","object":"a{}","valid":"2023-{month:02}","evidence":[{{"claimant":"a{s}","grade":0.{grade}}}]}}}}"#,
                    (s + d) % 5
                ));
            }
            lines
        },
    )
}

fn jsonl_damage(line: &str, k: u8) -> String {
    match k {
        0 => line
            .replacen("\"name\"", "\"nmae\"", 1)
            .replacen("\"valid\"", "\"vaild\"", 1),
        1 => line[..line.len() / 2].to_owned(),
        _ => line
            .replacen("\"kind\":\"state\"", "\"kind\":\"planet\"", 1)
            .replacen("\"grade\":0.", "\"grade\":1.", 1),
    }
}

fn ftm_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec((0u32..4, 0u32..4, 1u32..13), 1..15).prop_map(|payments| {
        let mut lines: Vec<String> = (0..4)
            .map(|i| {
                format!(r#"{{"id": "c{i}", "schema": "Company", "properties": {{"name": ["Company {i}"]}}}}"#)
            })
            .collect();
        for (n, (s, o, month)) in payments.into_iter().enumerate() {
            lines.push(format!(
                r#"{{"id": "pay{n}", "schema": "Payment", "properties": {{"payer": ["c{s}"], "beneficiary": ["o{o}"], "date": ["2019-{month:02}"]}}}}"#
            ));
        }
        for i in 0..4 {
            lines.push(format!(
                r#"{{"id": "o{i}", "schema": "Organization", "properties": {{"name": ["Org {i}"]}}}}"#
            ));
        }
        lines
    })
}

fn ftm_damage(line: &str, k: u8) -> String {
    match k {
        0 => line[..line.len() / 2].to_owned(),
        1 if line.contains("\"date\"") => line.replacen("\"2019-", "\"2019-02-3", 1),
        1 => line.replacen("\"properties\": {", "\"properties\": {\"x\": [{}], ", 1),
        _ => line.replacen("\"id\": ", "\"di\": ", 1),
    }
}

/// Rows of the real GDELT file (quoted CSV), as the material of random files.
fn gdelt_rows() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gdelt1/events-us-china-2018.csv"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .take(40)
        .map(str::to_owned)
        .collect()
}

fn gdelt_lines() -> impl Strategy<Value = Vec<String>> {
    let rows = gdelt_rows();
    prop::collection::vec(0..rows.len(), 1..15)
        .prop_map(move |picked| picked.into_iter().map(|i| rows[i].clone()).collect())
}

fn gdelt_damage(line: &str, k: u8) -> String {
    // The first two fields (GLOBALEVENTID, SQLDATE) hold no commas.
    let (id, rest) = line.split_once(',').unwrap();
    let (_, rest) = rest.split_once(',').unwrap();
    match k {
        0 => format!("{id},\"00000000\",{rest}"),
        1 => format!("{id},\"201805\",{rest}"),
        _ => format!("{line},\"one field too many\""),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn bitcoin_otc_with_one_corruption(lines in otc_lines(), at in 0usize..100, how in corruption()) {
        check(Format::BitcoinOtc, &lines, at, how, otc_damage)?;
    }

    #[test]
    fn icews_with_one_corruption(lines in icews_lines(), at in 0usize..100, how in corruption()) {
        check(Format::Icews, &lines, at, how, icews_damage)?;
    }

    #[test]
    fn json_lines_with_one_corruption(lines in jsonl_lines(), at in 0usize..100, how in corruption()) {
        check(Format::JsonLines, &lines, at, how, jsonl_damage)?;
    }

    #[test]
    fn gdelt_with_one_corruption(lines in gdelt_lines(), at in 0usize..100, how in corruption()) {
        check(Format::GdeltEvents, &lines, at, how, gdelt_damage)?;
    }

    #[test]
    fn follow_the_money_with_one_corruption(lines in ftm_lines(), at in 0usize..100, how in corruption()) {
        check(Format::FollowTheMoney, &lines, at, how, ftm_damage)?;
    }
}
