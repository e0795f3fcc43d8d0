//! JSON Lines parsed on a rayon pool (`Importer::threads`) against the serial import,
//! on a generated graph of over a megabyte (so more than one chunk), whole and with one
//! line spoilt in each way: the graph, the report and the error are the same.

use crate::support::json;

use claimgraph::ClaimGraph;
use claimgraph::generate::{GeneratorConfig, Topology};
use claimgraph::io::{Exporter, Format, Importer, SkipReason};

/// The generated graph of 2^8 actors and 16 claims each, exported as JSON Lines.
fn export() -> (Vec<String>, usize) {
    let generated = GeneratorConfig::new(1 << 8, 16)
        .topology(Topology::GRAPH500)
        .seed(0x00c1_a1a9)
        .generate();
    let mut g = ClaimGraph::new();
    for actor in generated.actors() {
        g.add_actor(actor).unwrap();
    }
    for claim in generated.claims() {
        g.add_claim(claim).unwrap();
    }
    let mut out = Vec::new();
    Exporter::from_format(Format::JsonLines)
        .export(&g, &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    (text.lines().map(str::to_owned).collect(), g.claim_count())
}

/// The graph's document and the result of an import (its report or its error).
fn outcome(importer: Importer, data: &[u8]) -> (String, String) {
    let mut g = ClaimGraph::new();
    let result = importer.import(data, &mut g);
    (json(&g), format!("{result:?}"))
}

#[test]
fn parallel_imports_equal_the_serial_one_whole_and_spoilt() {
    let (lines, claims) = export();
    let whole = lines.join("\n");
    assert!(
        whole.len() > 1 << 20,
        "{} bytes: fewer chunks than meant",
        whole.len()
    );
    let at = lines.len() * 3 / 4;
    let spoilt = |line: String| {
        let mut l = lines.clone();
        l[at] = line;
        l.join("\n").into_bytes()
    };
    let cases = [
        ("whole", whole.clone().into_bytes()),
        (
            "unknown field",
            spoilt(lines[at].replacen("\"grade\"", "\"grdae\"", 1)),
        ),
        (
            "truncated",
            spoilt(lines[at][..lines[at].len() / 2].to_owned()),
        ),
        (
            "impossible date",
            spoilt(lines[at].replacen("\"valid\":\"", "\"valid\":\"2023-02-30/", 1)),
        ),
        (
            "unknown actor",
            spoilt(lines[at].replacen("\"subject\":\"", "\"subject\":\"nobody", 1)),
        ),
    ];
    for (what, data) in &cases {
        for skip in [false, true] {
            let serial = outcome(
                Importer::from_format(Format::JsonLines).skip_invalid(skip),
                data,
            );
            for threads in [0, 3] {
                let parallel = Importer::from_format(Format::JsonLines)
                    .skip_invalid(skip)
                    .threads(threads);
                assert_eq!(
                    outcome(parallel, data),
                    serial,
                    "{what}, skip {skip}, {threads} threads"
                );
            }
        }
    }
    // The whole file loads every claim; the spoilt line is skipped (or fails the
    // import) at its own line with its own reason.
    let mut g = ClaimGraph::new();
    let report = Importer::from_format(Format::JsonLines)
        .threads(2)
        .import(cases[0].1.as_slice(), &mut g)
        .unwrap();
    assert_eq!((report.claims_new, g.claim_count()), (claims, claims));
    let failed = Importer::from_format(Format::JsonLines)
        .threads(2)
        .import(cases[1].1.as_slice(), &mut ClaimGraph::new())
        .unwrap_err();
    assert_eq!(failed.error.reason(), Some(SkipReason::UnknownField));
    let position = failed.error.position().unwrap();
    assert_eq!(
        (position.line, position.field.as_deref()),
        (Some(at + 1), Some("grdae"))
    );
    let report = Importer::from_format(Format::JsonLines)
        .threads(2)
        .skip_invalid(true)
        .import(cases[4].1.as_slice(), &mut ClaimGraph::new())
        .unwrap();
    assert_eq!((report.claims_new, report.skipped()), (claims - 1, 1));
    assert_eq!(report.skips[0].reason, SkipReason::Rejected);
    assert_eq!(report.skips[0].position.line, Some(at + 1));
}
