//! The import pipeline across formats: every bad-input class of issue 8, per format
//! where it applies, with its position and typed reason; strict imports that fail
//! leave the graph's serialisation byte for byte as it was; limits; byte-order marks
//! and invalid UTF-8.

use crate::support::{json_of, seed};

use claimgraph::ClaimGraph;
use claimgraph::io::{
    Exporter, Format, ImportError, ImportReport, Importer, IoError, Position, SkipReason,
};
use claimgraph::store::StoreError;

fn import(
    format: Format,
    data: &[u8],
    g: &mut ClaimGraph,
    skip: bool,
) -> Result<ImportReport, ImportError> {
    Importer::from_format(format)
        .skip_invalid(skip)
        .import(data, g)
}

/// The first three rows of the real GDELT file (quoted CSV).
fn gdelt_rows() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gdelt1/events-us-china-2018.csv"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .take(3)
        .map(|l| format!("{l}\n"))
        .collect()
}

const JSONL_GOOD: &str = r#"{"actor":{"key":"peru","kind":"state","name":"Peru"}}
{"claim":{"subject":"iran","relation":"met_with","object":"peru","valid":"2024-01","evidence":[{"claimant":"peru","grade":0.5}]}}
"#;
const ICEWS_GOOD: &str = "Police (Australia)\tConsult\tCity Mayor (Australia)\t2005-10-11\n\
                          Foreign Affairs (France)\tMake statement\tFrance\t2013-04-23\n";
const OTC_GOOD: &str = "6,2,4,1289241912\n6,5,-2,1289241942\n";
const FTM_GOOD: &str = r#"{"id": "a", "schema": "Person", "properties": {"name": ["Ann"]}}
{"id": "b", "schema": "Company", "properties": {"name": ["Bee"]}}
{"id": "p", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["b"]}}
"#;
const JSON_GOOD: &str = r#"{"format": "claimgraph", "version": 1,
  "actors": [{"key": "peru", "kind": "state", "name": "Peru"}],
  "claims": []}"#;

/// A good input per format (two records or more).
fn good(format: Format) -> Vec<u8> {
    match format {
        Format::Json => JSON_GOOD.into(),
        Format::JsonLines => JSONL_GOOD.into(),
        Format::GdeltEvents => gdelt_rows().concat().into(),
        Format::Icews => ICEWS_GOOD.into(),
        Format::FollowTheMoney => FTM_GOOD.into(),
        Format::BitcoinOtc => OTC_GOOD.into(),
        _ => unreachable!(),
    }
}

const LINE_FORMATS: [Format; 5] = [
    Format::JsonLines,
    Format::GdeltEvents,
    Format::Icews,
    Format::FollowTheMoney,
    Format::BitcoinOtc,
];

/// Asserts that a strict import of `data` into the seed graph fails with `reason` at
/// `line` (and `field`), and leaves the graph's serialisation byte for byte as it was
/// (and so does a failing import into an empty graph).
fn assert_refused_whole(
    format: Format,
    data: &[u8],
    reason: SkipReason,
    line: Option<usize>,
    field: Option<&str>,
) -> ImportError {
    // Some inputs name actors of the seed, and fail differently (or not at all) in an
    // empty graph; those that fail leave it empty.
    let mut empty = ClaimGraph::new();
    if import(format, data, &mut empty, false).is_err() {
        assert_eq!(json_of(&empty), json_of(&ClaimGraph::new()), "{format}");
    }
    let mut g = seed();
    let before = json_of(&g);
    let failed = import(format, data, &mut g, false).unwrap_err();
    let position = failed.error.position().cloned().unwrap_or_default();
    assert_eq!(
        (
            failed.error.reason(),
            position.line,
            position.field.as_deref()
        ),
        (Some(reason), line, field),
        "{format}: {}",
        failed.error
    );
    assert_eq!(json_of(&g), before, "{format}: the graph changed");
    assert_eq!(
        (failed.report.committed, failed.report.merged),
        (0, 0),
        "{format}"
    );
    failed
}

// ----- transactions ---------------------------------------------------------------

#[test]
fn a_failed_strict_import_changes_nothing_in_every_format() {
    // JSON Lines: good lines, then a misspelled field.
    let mut data = good(Format::JsonLines);
    data.extend_from_slice(
        br#"{"claim":{"subject":"iran","relation":"met_with","object":"peru","polarty":"denied"}}"#,
    );
    assert_refused_whole(
        Format::JsonLines,
        &data,
        SkipReason::UnknownField,
        Some(3),
        Some("polarty"),
    );

    // JSON document: a good actor, then a claim naming an unknown actor.
    let doc = r#"{"format": "claimgraph", "version": 1,
      "actors": [{"key": "peru", "kind": "state", "name": "Peru"}],
      "claims": [{"subject": "peru", "relation": "met_with", "object": "atlantis",
                  "evidence": [{"claimant": "peru", "grade": 0.5}]}]}"#;
    let failed = assert_refused_whole(
        Format::Json,
        doc.as_bytes(),
        SkipReason::Rejected,
        None,
        Some("claims[0]"),
    );
    assert!(matches!(
        failed.error,
        IoError::Store {
            source: StoreError::UnknownActor { .. },
            ..
        }
    ));

    // GDELT: two good rows, then SQLDATE 00000000.
    let rows = gdelt_rows();
    let bad = rows[2].replacen("\"20180530\"", "\"00000000\"", 1);
    let bad = if bad == rows[2] {
        // The third row has another date: replace the second field whatever it is.
        let mut fields: Vec<&str> = rows[2].splitn(3, ',').collect();
        fields[1] = "\"00000000\"";
        fields.join(",")
    } else {
        bad
    };
    let data = format!("{}{}{bad}", rows[0], rows[1]);
    assert_refused_whole(
        Format::GdeltEvents,
        data.as_bytes(),
        SkipReason::InvalidDate,
        Some(3),
        Some("SQLDATE"),
    );

    // ICEWS: two good rows, then a truncated date.
    let data = format!("{ICEWS_GOOD}China\tConsult\tJapan\t2015-03\n");
    assert_refused_whole(
        Format::Icews,
        data.as_bytes(),
        SkipReason::InvalidDate,
        Some(3),
        Some("date"),
    );

    // FollowTheMoney: actors, then a payment the store rejects (a self-payment). The
    // actors of lines 1 and 2 are not left behind.
    let data = format!(
        "{FTM_GOOD}{}",
        r#"{"id": "q", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["a"]}}"#
    );
    let failed = assert_refused_whole(
        Format::FollowTheMoney,
        data.as_bytes(),
        SkipReason::Rejected,
        Some(4),
        None,
    );
    assert!(matches!(
        failed.error,
        IoError::Store {
            source: StoreError::SelfLoop { .. },
            ..
        }
    ));

    // Bitcoin-OTC: two good ratings, then a line cut inside its timestamp.
    let data = format!("{OTC_GOOD}7,8,3,128924");
    assert_refused_whole(
        Format::BitcoinOtc,
        data.as_bytes(),
        SkipReason::InvalidDate,
        Some(3),
        Some("time"),
    );
}

#[test]
fn a_failed_import_reports_what_it_read() {
    let mut data = good(Format::JsonLines);
    data.extend_from_slice(b"{\"actor\": \n");
    data.extend_from_slice(good(Format::JsonLines).as_slice());
    let failed = import(Format::JsonLines, &data, &mut seed(), false).unwrap_err();
    // Lines 1-2 staged, line 3 refused; line 4 on were never read.
    assert_eq!(failed.report.read, 3);
    assert_eq!(failed.report.skipped(), 0);
    assert_eq!(failed.error.to_string().split(':').next(), Some("line 3"));
}

// ----- byte-order marks ------------------------------------------------------------

#[test]
fn a_byte_order_mark_at_the_start_is_stripped_in_every_format() {
    for format in LINE_FORMATS.into_iter().chain([Format::Json]) {
        let plain = good(format);
        let mut marked = "\u{feff}".as_bytes().to_vec();
        marked.extend_from_slice(&plain);
        let (mut a, mut b) = (seed(), seed());
        let ra = import(format, &plain, &mut a, false).unwrap();
        let rb = import(format, &marked, &mut b, false).unwrap();
        assert_eq!(ra, rb, "{format}");
        assert_eq!(json_of(&a), json_of(&b), "{format}");
    }
    // The ICEWS case of the issue: no actor named "\u{feff}Colombia".
    let mut g = ClaimGraph::new();
    let data = "\u{feff}Colombia\tInvestigate\tGuerrilla (Colombia)\t2008-07-25\n";
    import(Format::Icews, data.as_bytes(), &mut g, false).unwrap();
    assert_eq!(g.actor_by_key("icews:Colombia").unwrap().name, "Colombia");
}

#[test]
fn a_byte_order_mark_elsewhere_is_an_error_naming_it() {
    let field = |format: Format| match format {
        Format::GdeltEvents => Some("GLOBALEVENTID"),
        Format::Icews => Some("subject"),
        Format::BitcoinOtc => Some("source"),
        _ => None,
    };
    for format in LINE_FORMATS {
        let plain = String::from_utf8(good(format)).unwrap();
        let mut lines: Vec<&str> = plain.lines().collect();
        let second = format!("\u{feff}{}", lines[1]);
        lines[1] = &second;
        let data = lines.join("\n") + "\n";
        let failed = assert_refused_whole(
            format,
            data.as_bytes(),
            SkipReason::ByteOrderMark,
            Some(2),
            field(format),
        );
        assert!(failed.error.to_string().contains("byte-order mark"));
        // Skipping, the line is a typed skip and the rest goes in.
        let report = import(format, data.as_bytes(), &mut seed(), true).unwrap();
        assert_eq!(
            report.skips[0].reason,
            SkipReason::ByteOrderMark,
            "{format}"
        );
        assert_eq!(report.skips[0].position.line, Some(2), "{format}");
        assert!(report.adds_up(), "{format}");
    }
    // In a JSON document, the line is named.
    let doc = JSON_GOOD.replacen("\"Peru\"", "\"Peru\"\u{feff}", 1);
    assert_refused_whole(
        Format::Json,
        doc.as_bytes(),
        SkipReason::ByteOrderMark,
        Some(2),
        None,
    );
}

#[test]
fn a_name_holding_u_feff_round_trips_escaped() {
    let mut g = ClaimGraph::new();
    let data = "{\"actor\":{\"key\":\"x\",\"kind\":\"state\",\"name\":\"Ex\\ufeffample\"}}\n";
    import(Format::JsonLines, data.as_bytes(), &mut g, false).unwrap();
    assert_eq!(g.actor_by_key("x").unwrap().name, "Ex\u{feff}ample");
    for format in [Format::Json, Format::JsonLines] {
        let mut out = Vec::new();
        Exporter::from_format(format).export(&g, &mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(
            !text.contains('\u{feff}') && text.contains("\\ufeff"),
            "{format}"
        );
        let mut again = ClaimGraph::new();
        import(format, &out, &mut again, false).unwrap();
        assert_eq!(json_of(&again), json_of(&g), "{format}");
    }
}

// ----- invalid UTF-8 ---------------------------------------------------------------

#[test]
fn invalid_utf8_has_a_line_and_can_be_skipped_in_every_format() {
    for format in LINE_FORMATS {
        let plain = good(format);
        let text = String::from_utf8(plain).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut data = Vec::new();
        data.extend_from_slice(lines[0].as_bytes());
        data.extend_from_slice(b"\n\xff\xfe broken\n");
        for l in &lines[1..] {
            data.extend_from_slice(l.as_bytes());
            data.push(b'\n');
        }
        let failed = import(format, &data, &mut seed(), false).unwrap_err();
        assert_eq!(
            failed.error.reason(),
            Some(SkipReason::InvalidUtf8),
            "{format}"
        );
        assert_eq!(failed.error.position().unwrap().line, Some(2), "{format}");

        let mut skipped = seed();
        let report = import(format, &data, &mut skipped, true).unwrap();
        assert_eq!(
            report.skipped_by_reason.get(&SkipReason::InvalidUtf8),
            Some(&1),
            "{format}"
        );
        assert!(report.adds_up(), "{format}");
        let mut clean = seed();
        import(format, text.as_bytes(), &mut clean, false).unwrap();
        assert_eq!(json_of(&skipped), json_of(&clean), "{format}");
    }
    let mut doc = JSON_GOOD.as_bytes().to_vec();
    let at = doc.iter().position(|&b| b == b'P').unwrap();
    doc[at] = 0xff;
    assert_refused_whole(Format::Json, &doc, SkipReason::InvalidUtf8, Some(2), None);
}

// ----- unknown fields --------------------------------------------------------------

#[test]
fn unknown_fields_are_refused_with_their_name() {
    let cases = [
        // A misspelled polarity would have been stored as asserted.
        (
            r#"{"claim":{"subject":"iran","relation":"met_with","object":"bolivia","polarty":"denied","evidence":[{"claimant":"iran","grade":0.5}]}}"#,
            "polarty",
        ),
        // A misspelled date field would have made the claim valid "always".
        (
            r#"{"claim":{"subject":"iran","relation":"met_with","object":"bolivia","vaild":"2023","evidence":[{"claimant":"iran","grade":0.5}]}}"#,
            "vaild",
        ),
        (
            r#"{"claim":{"subject":"iran","relation":"met_with","object":"bolivia","evidence":[{"claimant":"iran","grade":0.5,"reportd":"2023"}]}}"#,
            "reportd",
        ),
        (
            r#"{"claim":{"subject":"iran","relation":"met_with","object":"bolivia","evidence":[{"claimant":"iran","grade":0.5,"document":{"ulr":"x"}}]}}"#,
            "ulr",
        ),
        (
            r#"{"actor":{"key":"x","kind":"state","name":"X","alias":[]}}"#,
            "alias",
        ),
        (
            r#"{"actor":{"key":"x","kind":"state","name":"X","aliases":[{"name":"Y","language":"es"}]}}"#,
            "language",
        ),
    ];
    for (line, field) in cases {
        let data = format!("\n{line}\n");
        assert_refused_whole(
            Format::JsonLines,
            data.as_bytes(),
            SkipReason::UnknownField,
            Some(2),
            Some(field),
        );
        let report = import(Format::JsonLines, data.as_bytes(), &mut seed(), true).unwrap();
        assert_eq!(report.skips[0].reason, SkipReason::UnknownField);
        assert_eq!(report.skips[0].position.field.as_deref(), Some(field));
    }
    let doc = JSON_GOOD.replacen("\"claims\"", "\"claimz\": [], \"claims\"", 1);
    assert_refused_whole(
        Format::Json,
        doc.as_bytes(),
        SkipReason::UnknownField,
        Some(3),
        Some("claimz"),
    );
}

// ----- dates -----------------------------------------------------------------------

#[test]
fn zero_truncated_and_impossible_dates_are_errors_not_dates() {
    let rows = gdelt_rows();
    let mut fields: Vec<String> = rows[0].trim_end().split(',').map(str::to_owned).collect();
    for bad in ["00000000", "2018053", "201805", "20180230", "00010101x"] {
        fields[1] = format!("\"{bad}\"");
        let data = fields.join(",") + "\n";
        let failed = assert_refused_whole(
            Format::GdeltEvents,
            data.as_bytes(),
            SkipReason::InvalidDate,
            Some(1),
            Some("SQLDATE"),
        );
        assert!(failed.error.to_string().contains(bad), "{}", failed.error);
    }
    // DATEADDED too (the field before the last: some fields hold quoted commas, so
    // it is counted from the end).
    fields[1] = "\"20180530\"".to_owned();
    let dateadded = fields.len() - 2;
    fields[dateadded] = "\"00000000\"".to_owned();
    assert_refused_whole(
        Format::GdeltEvents,
        (fields.join(",") + "\n").as_bytes(),
        SkipReason::InvalidDate,
        Some(1),
        Some("DATEADDED"),
    );
    for bad in ["2015", "2015-03", "2015-03-1", "0000-01-01", "2015-02-30"] {
        let data = format!("China\tConsult\tJapan\t{bad}\n");
        assert_refused_whole(
            Format::Icews,
            data.as_bytes(),
            SkipReason::InvalidDate,
            Some(1),
            Some("date"),
        );
    }
    for bad in [
        "1",
        "12892419",
        "-1289241912",
        "1289241912.",
        "99999999999999",
    ] {
        let data = format!("6,2,4,{bad}\n");
        assert_refused_whole(
            Format::BitcoinOtc,
            data.as_bytes(),
            SkipReason::InvalidDate,
            Some(1),
            Some("time"),
        );
    }
    let ftm = r#"{"id": "p", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["b"], "date": ["0000-05-01"]}}"#;
    assert_refused_whole(
        Format::FollowTheMoney,
        ftm.as_bytes(),
        SkipReason::InvalidDate,
        Some(1),
        Some("date"),
    );
}

// ----- duplicate keys in a JSON document --------------------------------------------

#[test]
fn duplicate_actor_keys_in_a_document_are_an_error_naming_both() {
    let doc = r#"{"format": "claimgraph", "version": 1,
      "actors": [{"key": "peru", "kind": "state", "name": "Peru"},
                 {"key": "chile", "kind": "state", "name": "Chile"},
                 {"key": "peru", "kind": "person", "name": "Peru Smith"}],
      "claims": []}"#;
    let failed = assert_refused_whole(
        Format::Json,
        doc.as_bytes(),
        SkipReason::DuplicateKey,
        None,
        Some("actors[2]"),
    );
    assert!(
        failed.error.to_string().contains("actors[0]"),
        "{}",
        failed.error
    );

    // A key already in the graph with another kind or name.
    for (kind, name) in [("person", "Iran"), ("state", "Persia")] {
        let doc = format!(
            r#"{{"format": "claimgraph", "version": 1,
              "actors": [{{"key": "iran", "kind": "{kind}", "name": "{name}"}}], "claims": []}}"#
        );
        let failed = assert_refused_whole(
            Format::Json,
            doc.as_bytes(),
            SkipReason::DuplicateKey,
            None,
            Some("actors[0]"),
        );
        let message = failed.error.to_string();
        assert!(
            message.contains(name) && message.contains("stored actor `iran`"),
            "{message}"
        );
    }
    // The same actor again is no change: it merges.
    let mut g = seed();
    let before = json_of(&g);
    let again = Exporter::from_format(Format::Json);
    let mut out = Vec::new();
    again.export(&g, &mut out).unwrap();
    let report = import(Format::Json, &out, &mut g, false).unwrap();
    assert_eq!(
        (report.committed, report.actors_new, report.claims_new),
        (0, 0, 0)
    );
    assert_eq!(report.merged, report.read);
    assert_eq!(json_of(&g), before);
}

// ----- limits ----------------------------------------------------------------------

#[test]
fn a_line_over_the_limit_stops_the_import_with_its_line() {
    for format in LINE_FORMATS.into_iter().chain([Format::Json]) {
        let data = good(format);
        let longest = String::from_utf8(data.clone())
            .unwrap()
            .lines()
            .map(str::len)
            .max()
            .unwrap();
        let mut g = seed();
        let before = json_of(&g);
        let failed = Importer::from_format(format)
            .skip_invalid(true)
            .max_line_bytes(longest - 1)
            .import(data.as_slice(), &mut g)
            .unwrap_err();
        assert_eq!(
            failed.error.reason(),
            Some(SkipReason::LineTooLong),
            "{format}"
        );
        assert!(failed.error.position().unwrap().line.is_some(), "{format}");
        assert!(failed.error.to_string().contains("max_line_bytes"));
        if format != Format::JsonLines && format != Format::GdeltEvents {
            // Those that read the whole input first changed nothing.
            assert_eq!(json_of(&g), before, "{format}");
        }
        let ok = Importer::from_format(format)
            .max_line_bytes(longest)
            .import(data.as_slice(), &mut seed());
        assert!(ok.is_ok(), "{format}: {:?}", ok.err());
    }
    // The line is the one over the limit.
    let data = "6,2,4,1289241912\n6,5,-2,1289241942,padding-padding\n";
    let failed = Importer::from_format(Format::BitcoinOtc)
        .max_line_bytes(20)
        .import(data.as_bytes(), &mut ClaimGraph::new())
        .unwrap_err();
    assert_eq!(failed.error.position(), Some(&Position::line(2)));
}

#[test]
fn ftm_payer_beneficiary_products_are_bounded() {
    let ids = |prefix: &str, n: usize| -> Vec<String> {
        (0..n).map(|i| format!("\"{prefix}{i}\"")).collect()
    };
    let mut data = String::new();
    for id in ids("p", 3).iter().chain(&ids("o", 3)) {
        data.push_str(&format!(
            "{{\"id\": {id}, \"schema\": \"Company\", \"properties\": {{\"name\": [{id}]}}}}\n"
        ));
    }
    data.push_str(&format!(
        "{{\"id\": \"pay\", \"schema\": \"Payment\", \"properties\": {{\"payer\": [{}], \"beneficiary\": [{}]}}}}\n",
        ids("p", 3).join(","),
        ids("o", 3).join(",")
    ));
    let importer = Importer::from_format(Format::FollowTheMoney).max_claims_per_record(8);
    let mut g = seed();
    let before = json_of(&g);
    let failed = importer.import(data.as_bytes(), &mut g).unwrap_err();
    assert_eq!(failed.error.reason(), Some(SkipReason::TooManyClaims));
    let position = failed.error.position().unwrap();
    assert_eq!(
        (position.line, position.field.as_deref()),
        (Some(7), Some("properties.payer"))
    );
    assert!(failed.error.to_string().contains("9 claims"));
    assert_eq!(json_of(&g), before);
    // Skipped, the companies go in and the payment does not.
    let report = importer
        .clone()
        .skip_invalid(true)
        .import(data.as_bytes(), &mut g)
        .unwrap();
    assert_eq!(
        (report.committed, report.claims_new, report.skipped()),
        (6, 0, 1)
    );
    // At the limit, the nine claims are made and reported as nine.
    let report = Importer::from_format(Format::FollowTheMoney)
        .max_claims_per_record(9)
        .import(data.as_bytes(), &mut ClaimGraph::new())
        .unwrap();
    assert_eq!((report.committed, report.claims_new), (7, 9));
}

#[test]
fn ftm_properties_per_record_are_bounded() {
    let values: Vec<String> = (0..50).map(|i| format!("\"alias {i}\"")).collect();
    let data = format!(
        "{{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {{\"name\": [\"Ann\"], \"alias\": [{}]}}}}\n",
        values.join(",")
    );
    let failed = Importer::from_format(Format::FollowTheMoney)
        .max_properties(50)
        .import(data.as_bytes(), &mut ClaimGraph::new())
        .unwrap_err();
    assert_eq!(failed.error.reason(), Some(SkipReason::TooManyProperties));
    assert_eq!(
        failed.error.position().unwrap().field.as_deref(),
        Some("properties")
    );
    let mut g = ClaimGraph::new();
    Importer::from_format(Format::FollowTheMoney)
        .max_properties(51)
        .import(data.as_bytes(), &mut g)
        .unwrap();
    assert_eq!(g.actor_by_key("ftm:a").unwrap().aliases.len(), 50);
}

#[test]
fn ftm_lines_with_twenty_thousand_properties_import() {
    // Distinct property names on a link (they all go to the excerpt, which must drop
    // the longest until it fits) and on an entity (attributes), and 20,000 aliases.
    let props: Vec<String> = (0..20_000)
        .map(|i| format!("\"p{i}\": [\"value {i}\"]"))
        .collect();
    let aliases: Vec<String> = (0..20_000).map(|i| format!("\"alias {i}\"")).collect();
    let data = format!(
        "{{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {{\"name\": [\"Ann\"], {}}}}}\n\
         {{\"id\": \"b\", \"schema\": \"Company\", \"properties\": {{\"name\": [\"Bee\"], \"alias\": [{}]}}}}\n\
         {{\"id\": \"pay\", \"schema\": \"Payment\", \"properties\": {{\"payer\": [\"a\"], \"beneficiary\": [\"b\"], {}}}}}\n",
        props.join(","),
        aliases.join(","),
        props.join(",")
    );
    let mut g = ClaimGraph::new();
    let report = Importer::from_format(Format::FollowTheMoney)
        .import(data.as_bytes(), &mut g)
        .unwrap();
    assert_eq!((report.committed, report.claims_new), (3, 1));
    assert_eq!(g.actor_by_key("ftm:a").unwrap().attributes.len(), 20_001);
    assert_eq!(g.actor_by_key("ftm:b").unwrap().aliases.len(), 20_000);
    let claim = g.claims().next().unwrap();
    let excerpt = claim
        .evidence()
        .next()
        .unwrap()
        .excerpt()
        .unwrap()
        .to_owned();
    assert!(excerpt.chars().count() <= claimgraph::model::MAX_EXCERPT_CHARS);
    // Equal weights drop the later keys first ("p9999" before "p10000"), so the
    // shortest-named properties stay.
    assert!(excerpt.starts_with("{\"p0\":[\"value 0\"]"), "{excerpt}");
}

#[test]
fn attributions_per_row_are_bounded() {
    let evidence: Vec<String> = (0..3)
        .map(|i| format!(r#"{{"claimant":"iran","grade":0.5,"excerpt":"{i}"}}"#))
        .collect();
    let line = format!(
        r#"{{"claim":{{"subject":"iran","relation":"met_with","object":"bolivia","evidence":[{}]}}}}"#,
        evidence.join(",")
    );
    let mut g = seed();
    let before = json_of(&g);
    let failed = Importer::from_format(Format::JsonLines)
        .max_attributions(2)
        .import(line.as_bytes(), &mut g)
        .unwrap_err();
    assert_eq!(failed.error.reason(), Some(SkipReason::TooManyAttributions));
    assert_eq!(
        failed.error.position(),
        Some(&Position::line(1).with_field("evidence"))
    );
    assert_eq!(json_of(&g), before);
    let report = Importer::from_format(Format::JsonLines)
        .max_attributions(2)
        .skip_invalid(true)
        .import(line.as_bytes(), &mut g)
        .unwrap();
    assert_eq!(report.skips[0].reason, SkipReason::TooManyAttributions);
}

// ----- the report ------------------------------------------------------------------

#[test]
fn the_report_adds_up_and_shows_every_reason() {
    let data = format!(
        "{}{}",
        String::from_utf8(good(Format::Icews)).unwrap(),
        "China\tBefriend warmly\tJapan\t2015-02-28\nChina\tConsult\t\t2015-02-28\nbad line\n"
    );
    let report = import(Format::Icews, data.as_bytes(), &mut ClaimGraph::new(), true).unwrap();
    assert_eq!(report.read, 5);
    assert_eq!(
        (report.committed, report.merged, report.skipped()),
        (2, 0, 3)
    );
    assert!(report.adds_up());
    let text = report.to_string();
    assert!(
        text.starts_with("read 5, committed 2, merged 0, skipped 3, not represented 0"),
        "{text}"
    );
    for reason in [
        SkipReason::MissingActor,
        SkipReason::UnknownCode,
        SkipReason::Malformed,
    ] {
        assert!(text.contains(&format!("skipped 1: {reason}")), "{text}");
    }
    let described: Vec<String> = report.skips.iter().map(ToString::to_string).collect();
    assert_eq!(
        described,
        [
            "line 3, field `event`: unknown event code: \"Befriend warmly\" is not a CAMEO event name",
            "line 4, field `object`: missing actor: is empty",
            "line 5: malformed record: expected 4 tab-separated fields (subject, event, object, date), found 1",
        ]
    );
}
