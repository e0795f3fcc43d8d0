//! The `claimgraph` binary on the seed data: every command, its human and JSON
//! outputs (insta snapshots), the analyst questions, bad input and progress.
//!
//! Commands run from the workspace root, so paths in outputs are the same everywhere.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const SEED: &str = "tests/data/iran_bolivia.jsonl";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// The binary, run from the workspace root with a clean environment for colour and
/// the graph variable.
fn cg() -> Command {
    let mut c = assert_cmd::cargo::cargo_bin_cmd!("claimgraph");
    c.current_dir(root())
        .env_remove("CLAIMGRAPH_GRAPH")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR");
    c
}

/// A query on the seed file, which is itself in the save format.
fn seed(args: &[&str]) -> Command {
    let mut c = cg();
    c.args(["-g", SEED]).args(args);
    c
}

fn stdout_of(mut c: Command) -> String {
    let out = c.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

fn json_of(c: Command) -> Value {
    serde_json::from_str(&stdout_of(c)).expect("one JSON document")
}

fn keys(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|v| v[field].as_str().expect("a string").to_owned())
        .collect()
}

fn ids(claims: &Value) -> Vec<u64> {
    claims
        .as_array()
        .expect("an array")
        .iter()
        .map(|c| c["id"].as_u64().expect("an id"))
        .collect()
}

/// The fields every claim row carries (cli/README.md, "Claim").
fn assert_claim_shape(c: &Value) {
    for field in [
        "id",
        "text",
        "subject",
        "relation",
        "object",
        "polarity",
        "valid",
        "statement",
        "confidence",
        "origins",
        "sources",
    ] {
        assert!(c.get(field).is_some(), "claim row without {field}: {c}");
    }
    for end in ["subject", "object"] {
        for field in ["key", "name", "kind"] {
            assert!(c[end][field].is_string(), "{end}.{field} missing: {c}");
        }
    }
}

/// A temporary folder holding a copy of the seed data as `seed.jsonl`.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(root().join(SEED), dir.path().join("seed.jsonl")).expect("copy the seed");
    dir
}

fn in_dir(dir: &Path) -> Command {
    let mut c = cg();
    c.current_dir(dir);
    c
}

// ----- usage -------------------------------------------------------------------------

#[test]
fn usage_errors_exit_2() {
    cg().assert().code(2);
    cg().args(["info"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no graph file given: pass -g PATH or set CLAIMGRAPH_GRAPH",
        ));
    seed(&["claims", "--frobnicate"]).assert().code(2);
    seed(&["claims", "--relation", "flies_to"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown relation or family \"flies_to\"",
        ));
    seed(&["claims", "--valid-at", "2023-13"]).assert().code(2);
    seed(&["timeline", "iran", "--scope", "everywhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected ego:N"));
    cg().arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: claimgraph"));
}

#[test]
fn graph_from_the_environment() {
    let mut c = cg();
    c.env("CLAIMGRAPH_GRAPH", SEED).args(["info", "--json"]);
    let doc = json_of(c);
    assert_eq!(
        (doc["actors"].as_u64(), doc["claims"].as_u64()),
        (Some(36), Some(61))
    );
}

// ----- import ------------------------------------------------------------------------

#[test]
fn import_seed_into_a_new_graph() {
    let dir = workdir();
    let mut c = in_dir(dir.path());
    c.args(["-g", "g.jsonl", "import", "seed.jsonl"]);
    insta::assert_snapshot!("import_seed_human", stdout_of(c));
    let saved = std::fs::read(dir.path().join("g.jsonl")).expect("the graph");

    let mut c = in_dir(dir.path());
    c.args(["-g", "g.jsonl", "import", "seed.jsonl", "--json"]);
    let doc = json_of(c);
    assert_eq!(
        std::fs::read(dir.path().join("g.jsonl")).expect("the graph"),
        saved,
        "importing the same file twice changes nothing"
    );
    // The second import merges every record into what exists and adds nothing: the
    // same attributions are not added twice.
    assert_eq!(doc["graph"], "g.jsonl");
    assert_eq!(
        (doc["actors"].as_u64(), doc["claims"].as_u64()),
        (Some(36), Some(61))
    );
    let file = &doc["files"][0];
    assert_eq!(file["file"], "seed.jsonl");
    assert_eq!(file["format"], "jsonl");
    assert_eq!(file["read"], 97);
    assert_eq!(file["actors_new"], 0);
    assert_eq!(file["claims_new"], 0);
    assert_eq!(
        (file["committed"].as_u64(), file["merged"].as_u64()),
        (Some(0), Some(97))
    );
    assert_eq!(file["skipped"], 0);
    assert_eq!(file["skipped_by_reason"], serde_json::json!([]));
    assert_eq!(file["not_represented"], serde_json::json!({}));

    // A new graph file is not owner-only like a temporary file; a replaced one keeps
    // its mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let graph = dir.path().join("g.jsonl");
        assert_eq!(
            std::fs::metadata(&graph)
                .expect("the graph")
                .permissions()
                .mode()
                & 0o044,
            0o044
        );
        std::fs::set_permissions(&graph, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        in_dir(dir.path())
            .args(["-g", "g.jsonl", "import", "seed.jsonl"])
            .assert()
            .success();
        assert_eq!(
            std::fs::metadata(&graph)
                .expect("the graph")
                .permissions()
                .mode()
                & 0o777,
            0o640
        );
    }

    // The saved graph loads and holds what was imported.
    let mut c = in_dir(dir.path());
    c.args(["-g", "g.jsonl", "info", "--json"]);
    let info = json_of(c);
    assert_eq!(
        (info["actors"].as_u64(), info["claims"].as_u64()),
        (Some(36), Some(61))
    );
}

#[test]
fn import_detects_formats_from_extension_and_first_bytes() {
    let dir = workdir();
    let icews: String = std::fs::read_to_string(root().join("tests/data/icews05-15/test.tsv"))
        .expect("ICEWS test data")
        .lines()
        .take(20)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("icews.tsv"), icews).expect("write");
    let otc: String =
        std::fs::read_to_string(root().join("tests/data/bitcoin-otc/soc-sign-bitcoinotc.csv"))
            .expect("Bitcoin-OTC test data")
            .lines()
            .take(20)
            .map(|l| format!("{l}\n"))
            .collect();
    std::fs::write(dir.path().join("otc.csv"), otc).expect("write");
    for (file, format, read) in [
        (
            root().join("tests/data/gdelt1/events-us-china-2018.csv"),
            "gdelt",
            3340,
        ),
        (dir.path().join("icews.tsv"), "icews", 20),
        (dir.path().join("otc.csv"), "bitcoin-otc", 20),
        (root().join("tests/data/ftm/donations.ijson"), "ftm", 474),
    ] {
        let mut c = in_dir(dir.path());
        c.args(["-g", "g.jsonl", "import", "--json"]).arg(&file);
        let doc = json_of(c);
        assert_eq!(doc["files"][0]["format"], format, "{}", file.display());
        assert_eq!(doc["files"][0]["read"], read, "{}", file.display());
    }
}

#[test]
fn gdelt_2_events_then_their_mentions_in_one_import() {
    // Both files detected (61 and 16 tab-separated columns); mentions of events of
    // earlier updates are skipped as unknown events, the others become attributions
    // (counts in tests/data/gdelt2/expected_counts.py).
    let dir = workdir();
    let mut c = in_dir(dir.path());
    c.args(["-g", "g.jsonl", "import", "--json"])
        .arg(root().join("tests/data/gdelt2/20150218230000.export.CSV"))
        .arg(root().join("tests/data/gdelt2/20150218230000.mentions.CSV"));
    let doc = json_of(c);
    let summary = |f: &Value| {
        (
            f["format"].as_str().map(str::to_owned),
            f["read"].as_u64(),
            f["committed"].as_u64(),
            f["merged"].as_u64(),
            f["skipped"].as_u64(),
        )
    };
    assert_eq!(
        summary(&doc["files"][1]),
        (
            Some("gdelt-mentions".to_owned()),
            Some(8462),
            Some(0),
            Some(2063),
            Some(6399)
        )
    );
    assert_eq!(doc["files"][0]["format"], "gdelt");
    assert_eq!(doc["files"][0]["claims_new"], 822);
    assert_eq!(
        doc["files"][1]["skipped_by_reason"][0]["reason"],
        "unknown event"
    );
}

#[test]
fn skip_invalid_reports_reasons_with_counts_and_first_lines() {
    let dir = workdir();
    std::fs::write(
        dir.path().join("mixed.jsonl"),
        concat!(
            r#"{"actor":{"key":"chile","kind":"state","name":"Chile"}}"#,
            "\n",
            r#"{"claim":{"subject":"chile","relation":"met_with","object":"iran","valid":"2023-13","evidence":[{"claimant":"chile","grade":"B2"}]}}"#,
            "\n",
            r#"{"claim":{"subject":"chile","relation":"met_with","object":"narnia","valid":"2023","evidence":[{"claimant":"chile","grade":"B2"}]}}"#,
            "\n",
            r#"{"claim":{"subject":"chile","relation":"met_with","object":"iran","valid":"2023","evidence":[{"claimant":"chile","grade":"B2"}]}}"#,
            "\n"
        ),
    )
    .expect("write");
    in_dir(dir.path())
        .args(["-g", "g.jsonl", "import", "seed.jsonl"])
        .assert()
        .success();
    let mut c = in_dir(dir.path());
    c.args([
        "-g",
        "g.jsonl",
        "import",
        "--skip-invalid",
        "mixed.jsonl",
        "--json",
    ]);
    let doc = json_of(c);
    let file = &doc["files"][0];
    assert_eq!(
        (
            file["read"].as_u64(),
            file["claims_new"].as_u64(),
            file["skipped"].as_u64()
        ),
        (Some(4), Some(1), Some(2))
    );
    assert_eq!(
        file["skipped_by_reason"],
        serde_json::json!([
            {"reason": "invalid value", "count": 1, "first": [{
                "line": 2,
                "field": null,
                "detail": "invalid date \"2023-13\": month 13 does not exist at line 1 column 83",
            }]},
            {"reason": "rejected by the store", "count": 1, "first": [{
                "line": 3,
                "field": null,
                "detail": "unknown actor \"narnia\" in field `object`",
            }]},
        ])
    );
    // Each reason once, with its count and its first lines.
    let mut c = in_dir(dir.path());
    c.args(["-g", "h.jsonl", "import", "--skip-invalid", "mixed.jsonl"]);
    insta::assert_snapshot!("import_skips_human", stdout_of(c));
    // The new actor and the good claim.
    assert_eq!(
        (file["committed"].as_u64(), file["merged"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(
        (doc["actors"].as_u64(), doc["claims"].as_u64()),
        (Some(37), Some(62))
    );
}

#[test]
fn a_wrong_format_names_the_format_the_file_looks_like() {
    let dir = workdir();
    in_dir(dir.path())
        .args(["-g", "g.jsonl", "import", "--format", "icews"])
        .arg(root().join("tests/data/gdelt1/events-us-china-2018.csv"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "line 1: malformed record: expected 4 tab-separated fields (subject, event, object, date), found 1 (read as ICEWS, but it looks like GDELT 1.0 events: try --format gdelt)",
        ));
    assert!(
        !dir.path().join("g.jsonl").exists(),
        "a failed import saves nothing"
    );
}

#[test]
fn a_malformed_file_names_line_and_field_and_changes_nothing() {
    let dir = workdir();
    in_dir(dir.path())
        .args(["-g", "g.jsonl", "import", "seed.jsonl"])
        .assert()
        .success();
    let before = std::fs::read(dir.path().join("g.jsonl")).expect("the graph");
    std::fs::write(
        dir.path().join("bad.jsonl"),
        concat!(
            r#"{"actor":{"key":"chile","kind":"state","name":"Chile"}}"#,
            "\n",
            r#"{"claim":{"subject":"chile","relation":"met_with","object":"iran","valid":"2023-13","evidence":[{"claimant":"chile","grade":"B2"}]}}"#,
            "\n"
        ),
    )
    .expect("write");
    let out = in_dir(dir.path())
        .args(["-g", "g.jsonl", "import", "bad.jsonl"])
        .assert()
        .code(3)
        .get_output()
        .stderr
        .clone();
    let message = String::from_utf8(out).expect("UTF-8");
    assert!(message.starts_with("error: bad.jsonl: line 2"), "{message}");
    assert!(message.contains("2023-13"), "{message}");
    assert_eq!(message.lines().count(), 1, "one sentence: {message}");
    assert_eq!(
        std::fs::read(dir.path().join("g.jsonl")).expect("the graph"),
        before
    );
}

#[test]
fn a_graph_file_that_is_not_one_is_bad_data() {
    cg().args(["-g", "README.md", "info"])
        .assert()
        .code(3)
        .stderr(predicate::str::starts_with(
            "error: README.md is not a claimgraph graph file (JSON Lines): line 1:",
        ));
    cg().args(["-g", "no/such/graph.jsonl", "import", SEED])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "folder no/such of the graph file does not exist",
        ));
    cg().args(["-g", "no/such/graph.jsonl", "info"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "graph file no/such/graph.jsonl does not exist",
        ));
}

#[cfg(unix)]
#[test]
fn a_failed_save_leaves_the_previous_graph_intact() {
    let dir = workdir();
    std::fs::write(
        dir.path().join("small.jsonl"),
        concat!(
            r#"{"actor":{"key":"chile","kind":"state","name":"Chile"}}"#,
            "\n"
        ),
    )
    .expect("write");
    in_dir(dir.path())
        .args(["-g", "g.jsonl", "import", "small.jsonl"])
        .assert()
        .success();
    let before = std::fs::read(dir.path().join("g.jsonl")).expect("the graph");
    // 16 blocks of 512 bytes: far less than the seed graph's JSON Lines.
    let bin = assert_cmd::cargo::cargo_bin!("claimgraph");
    let mut c = Command::new("sh");
    c.current_dir(dir.path()).arg("-c").arg(format!(
        "ulimit -f 16 && exec '{}' -g g.jsonl import seed.jsonl",
        bin.display()
    ));
    c.assert().code(1).stderr(predicate::str::contains(
        "could not save the graph to g.jsonl (the previous file is unchanged)",
    ));
    assert_eq!(
        std::fs::read(dir.path().join("g.jsonl")).expect("the graph"),
        before
    );
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    let mut c = in_dir(dir.path());
    c.args(["-g", "g.jsonl", "info", "--json"]);
    assert_eq!(json_of(c)["actors"], 1);
}

// ----- progress ----------------------------------------------------------------------

#[test]
fn progress_is_drawn_when_forced() {
    let dir = workdir();
    in_dir(dir.path())
        .args([
            "-g",
            "g.jsonl",
            "import",
            "--progress",
            "always",
            "seed.jsonl",
        ])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("seed.jsonl [")
                .and(predicate::str::contains("45.90 KiB/45.90 KiB 97 records")),
        );
}

#[test]
fn progress_is_absent_when_stderr_is_not_a_terminal() {
    let dir = workdir();
    // Under the test harness stderr is a pipe: `auto` (the default) draws nothing.
    in_dir(dir.path())
        .args(["-g", "g.jsonl", "import", "seed.jsonl"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    in_dir(dir.path())
        .args([
            "-g",
            "g.jsonl",
            "import",
            "--progress",
            "never",
            "seed.jsonl",
        ])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

// ----- info, find, show --------------------------------------------------------------

#[test]
fn info() {
    insta::assert_snapshot!("info_human", stdout_of(seed(&["info"])));
    let doc = json_of(seed(&["info", "--json"]));
    assert_eq!(doc["actors"], 36);
    assert_eq!(doc["claims"], 61);
    assert_eq!(doc["attributions"], 72);
    assert_eq!(doc["single_source"], 57);
    assert_eq!(doc["valid_from"], "2006");
    assert_eq!(doc["valid_to"], "2024-03");
    assert_eq!(
        doc["actors_by_kind"][0],
        serde_json::json!({"name": "group", "count": 10})
    );
    assert_eq!(doc["top_sources"][0]["source"]["key"], "dialogo");
    assert_eq!(doc["top_sources"][0]["claims"], 61);
    insta::assert_json_snapshot!("info_json", doc);
}

#[test]
fn find_folds_then_prefixes() {
    let doc = json_of(seed(&["find", "IRÁN", "--json"]));
    assert_eq!(keys(&doc["actors"], "key")[0], "iran");
    assert_eq!(doc["actors"][0]["match"], "exact");
    let doc = json_of(seed(&["find", "morales", "--json"]));
    assert_eq!(keys(&doc["actors"], "key"), ["evo_morales"]);
    // A word of the name begins with it: "Evo Morales".
    assert_eq!(doc["actors"][0]["match"], "prefix");
    assert_eq!(doc["actors"][0]["matched"], "Evo Morales");
    insta::assert_snapshot!("find_mi_human", stdout_of(seed(&["find", "mi"])));
}

#[test]
fn an_unknown_actor_exits_4_with_suggestions() {
    seed(&["show", "hezbolah"])
        .assert()
        .code(4)
        .stderr(predicate::eq(
            "error: no actor is named \"hezbolah\"; did you mean Hezbollah (hezbollah)?\n",
        ));
    seed(&["find", "Bolivai"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("did you mean Bolivia (bolivia)?"));
    seed(&["timeline", "iran", "Venezuala"]).assert().code(4);
    // A beginning is suggested, never taken for the name.
    seed(&["show", "boliv"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("did you mean Bolivia (bolivia)?"));
}

#[test]
fn show() {
    insta::assert_snapshot!("show_iran_human", stdout_of(seed(&["show", "iran"])));
    let doc = json_of(seed(&["show", "Irán", "--json"]));
    assert_eq!(doc["actor"]["key"], "iran");
    assert_eq!(doc["actor"]["external_ids"]["wikidata"], "Q794");
    assert_eq!(doc["actor"]["aliases"]["es"][0], "Irán");
    assert_eq!(doc["claims_as_subject"].as_array().map(Vec::len), Some(16));
    assert_eq!(doc["claims_as_object"].as_array().map(Vec::len), Some(16));
    doc["claims_as_subject"]
        .as_array()
        .into_iter()
        .flatten()
        .for_each(assert_claim_shape);
    let doc = json_of(seed(&["show", "toma", "--json"]));
    assert_eq!(doc["claims_citing"].as_array().map(Vec::len), Some(12));
}

// ----- the analyst questions --------------------------------------------------------

#[test]
fn every_claim_attributed_to_toma() {
    let doc = json_of(seed(&[
        "claims",
        "--by",
        "Miguel Ángel Toma",
        "--role",
        "claimant",
        "--json",
    ]));
    assert_eq!(
        ids(&doc["claims"]),
        [8, 20, 23, 31, 32, 33, 34, 35, 36, 37, 38, 39]
    );
    assert_eq!(doc["count"], 12);
    doc["claims"]
        .as_array()
        .into_iter()
        .flatten()
        .for_each(assert_claim_shape);
    insta::assert_snapshot!(
        "claims_by_toma_human",
        stdout_of(seed(&["claims", "--by", "toma", "--role", "claimant"]))
    );
    // As an outlet Toma published nothing.
    let doc = json_of(seed(&[
        "claims", "--by", "toma", "--role", "outlet", "--json",
    ]));
    assert_eq!(doc["count"], 0);
}

#[test]
fn the_sources_of_the_drone_transfer() {
    let args = [
        "claims",
        "--between",
        "iran",
        "bolivia",
        "--relation",
        "supplies_arms",
        "--evidence",
    ];
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let doc = json_of(seed(&json_args));
    let claim = &doc["claims"][0];
    assert_eq!(doc["count"], 1);
    assert_eq!(
        claim["text"],
        "Iran supplies arms to Bolivia (2023-07), 0.79 from 3 voices: Diálogo (C3); \
         Miguel Angel Toma in DNews (C3) via Diálogo; La Nación (B3) via Diálogo"
    );
    assert_eq!(claim["origins"], 3);
    // Claimants and first outlets: Diálogo on its own account, Toma first in DNews,
    // La Nación.
    assert_eq!(
        keys(&claim["sources"], "key"),
        ["toma", "dialogo", "la_nacion", "dnews"]
    );
    let evidence = claim["evidence"]
        .as_array()
        .expect("evidence with --evidence");
    let claimants: Vec<&str> = evidence
        .iter()
        .map(|e| e["claimant"]["key"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(claimants, ["dialogo", "toma", "la_nacion"]);
    assert_eq!(evidence[1]["outlet"]["key"], "dnews");
    assert_eq!(keys(&evidence[1]["relays"], "key"), ["dialogo"]);
    assert_eq!(evidence[2]["grade"], "B3");
    assert_eq!(evidence[2]["reported"], "2024-03");
    insta::assert_snapshot!("drone_sources_human", stdout_of(seed(&args)));
}

#[test]
fn single_source_claims_about_iran() {
    let doc = json_of(seed(&[
        "corroboration",
        "--about",
        "iran",
        "--single-source",
        "--json",
    ]));
    assert_eq!(doc["claims_admitted"], 32);
    assert_eq!(doc["single_source"], 28);
    assert_eq!(doc["claims"].as_array().map(Vec::len), Some(28));
    assert!(
        doc["claims"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|c| c["origins"] == 1)
    );
    insta::assert_snapshot!(
        "corroboration_iran_single_human",
        stdout_of(seed(&[
            "corroboration",
            "--about",
            "iran",
            "--single-source"
        ]))
    );
    // Without --single-source every claim about Iran, the best corroborated first.
    let doc = json_of(seed(&["corroboration", "--about", "iran", "--json"]));
    assert_eq!(doc["claims"][0]["origins"], 4);
    assert_eq!(doc["claims"][0]["id"], 8);
    // Iran and its organs in one scope: the organs add their two claims about Latin
    // America (#36, #38); their "part of Iran" claims (#37, #39) are Iran's already.
    let doc = json_of(seed(&[
        "corroboration",
        "--about",
        "iran",
        "--about",
        "Fuerza Quds",
        "--about",
        "vevak",
        "--single-source",
        "--json",
    ]));
    assert_eq!(
        doc["about"],
        serde_json::json!(["iran", "Fuerza Quds", "vevak"])
    );
    assert_eq!(
        (
            doc["claims_admitted"].as_u64(),
            doc["single_source"].as_u64()
        ),
        (Some(34), Some(30))
    );
    let organs = json_of(seed(&[
        "corroboration",
        "--about",
        "quds_force",
        "--about",
        "vevak",
        "--json",
    ]));
    assert_eq!(ids(&organs["claims"]), [36, 37, 38, 39]);
}

#[test]
fn the_bolivia_iran_timeline() {
    insta::assert_snapshot!(
        "timeline_bolivia_iran_human",
        stdout_of(seed(&["timeline", "bolivia", "iran"]))
    );
    let doc = json_of(seed(&["timeline", "bolivia", "iran", "--json"]));
    let valid = keys(&doc["claims"], "valid");
    assert_eq!(valid.len(), 17);
    assert_eq!(valid.first().map(String::as_str), Some("2006/.."));
    assert_eq!(valid.last().map(String::as_str), Some("2024-03"));
    let mut sorted = valid.clone();
    sorted.sort_by_key(|v| v.get(..4).unwrap_or("").to_owned());
    assert_eq!(sorted, valid, "in order of valid time");
    // With the neighbourhoods of both: the leaders' meetings and visits too.
    let doc = json_of(seed(&[
        "timeline", "bolivia", "iran", "--scope", "ego:1", "--json",
    ]));
    let texts = keys(&doc["claims"], "text");
    assert_eq!(
        texts.len(),
        45,
        "the 17 claims between the two and 28 around them"
    );
    for visit in [
        "Mahmud Ahmadinejad visited Bolivia (2009)",
        "Luis Arce met with Ebrahim Raisi (2024-03)",
    ] {
        assert!(
            texts.iter().any(|t| t.starts_with(visit)),
            "{visit} in the ego timeline"
        );
    }
    // Inside one neighbourhood only, not linking them: out.
    assert!(
        !texts
            .iter()
            .any(|t| t.starts_with("Quds Force has a presence in"))
    );
    let one = json_of(seed(&["timeline", "iran", "--json"]));
    assert_eq!(one["claims"].as_array().map(Vec::len), Some(32));
}

#[test]
fn paths_of_at_most_two_hops_from_hezbollah_to_bolivia() {
    let doc = json_of(seed(&[
        "paths",
        "hezbollah",
        "bolivia",
        "--max-hops",
        "2",
        "--json",
    ]));
    let routes = doc["routes"].as_array().expect("routes");
    assert_eq!(routes.len(), 1);
    assert_eq!(
        keys(&routes[0]["actors"], "key"),
        ["hezbollah", "iran", "bolivia"]
    );
    let per_hop: Vec<usize> = routes[0]["hops"]
        .as_array()
        .expect("hops")
        .iter()
        .map(|h| h["claims"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(per_hop, [1, 17]);
    assert_eq!(
        routes[0]["hops"][1]["claims"][0]["id"], 20,
        "the best claim first"
    );
    assert_eq!(doc["truncated"], false);
    insta::assert_snapshot!(
        "paths_hezbollah_bolivia_human",
        stdout_of(seed(&["paths", "hezbollah", "bolivia", "--max-hops", "2"]))
    );
    let three = json_of(seed(&[
        "paths",
        "hezbollah",
        "bolivia",
        "--max-hops",
        "3",
        "--json",
    ]));
    assert!(three["routes"].as_array().map_or(0, Vec::len) > 1);
}

// ----- other queries ----------------------------------------------------------------

#[test]
fn credible_paths() {
    let doc = json_of(seed(&[
        "credible",
        "hezbollah",
        "bolivia",
        "-k",
        "2",
        "--json",
    ]));
    let paths = doc["paths"].as_array().expect("paths");
    assert_eq!(paths.len(), 2);
    assert_eq!(ids(&paths[0]["claims"]), [49, 20]);
    assert_eq!(ids(&paths[1]["claims"]), [49, 23]);
    let c0 = paths[0]["confidence"].as_f64().expect("a confidence");
    let product = paths[0]["claims"][0]["confidence"].as_f64().unwrap_or(0.0)
        * paths[0]["claims"][1]["confidence"].as_f64().unwrap_or(0.0);
    assert!((c0 - product).abs() < 1e-12, "{c0} vs {product}");
    insta::assert_snapshot!(
        "credible_human",
        stdout_of(seed(&["credible", "hezbollah", "bolivia", "-k", "2"]))
    );
}

#[test]
fn neighbours() {
    let doc = json_of(seed(&["neighbours", "bolivia", "--json"]));
    let rows = doc["neighbours"].as_array().expect("rows");
    assert!(rows.iter().all(|r| r["hops"] == 1));
    assert!(
        keys(
            &serde_json::json!(rows.iter().map(|r| r["actor"].clone()).collect::<Vec<_>>()),
            "key"
        )
        .contains(&"iran".to_owned())
    );
    let two = json_of(seed(&["neighbours", "bolivia", "--hops", "2", "--json"]));
    assert!(two["neighbours"].as_array().map_or(0, Vec::len) > rows.len());
    insta::assert_snapshot!(
        "neighbours_bolivia_human",
        stdout_of(seed(&["neighbors", "bolivia"]))
    );
    // Filters narrow it: only material relations.
    let material = json_of(seed(&[
        "neighbours",
        "bolivia",
        "--relation",
        "material",
        "--json",
    ]));
    assert!(material["neighbours"].as_array().map_or(0, Vec::len) < rows.len());
}

#[test]
fn rank() {
    let doc = json_of(seed(&["rank", "pagerank", "--top", "3", "--json"]));
    assert_eq!(doc["measure"], "pagerank");
    let top: Vec<&str> = doc["actors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["actor"]["key"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(top, ["iran", "bolivia", "latin_america"]);
    let doc = json_of(seed(&["rank", "degree", "--top", "1", "--json"]));
    assert_eq!(doc["actors"][0]["actor"]["key"], "iran");
    assert_eq!(
        doc["actors"][0]["score"], 32.0,
        "Iran's 32 claims, as in `timeline iran`"
    );
    insta::assert_snapshot!(
        "rank_betweenness_human",
        stdout_of(seed(&["rank", "betweenness", "--top", "5"]))
    );
}

#[test]
fn contradictions() {
    let doc = json_of(seed(&["contradictions", "--json"]));
    assert_eq!(doc["contradictions"], serde_json::json!([]));
    // A denial of the drone transfer contradicts it.
    let dir = workdir();
    std::fs::write(
        dir.path().join("denial.jsonl"),
        concat!(
            r#"{"claim":{"subject":"iran","relation":"supplies_arms","object":"bolivia","valid":"2023-07","polarity":"denied","evidence":[{"claimant":"bolivia","grade":"C3"}]}}"#,
            "\n"
        ),
    )
    .expect("write");
    in_dir(dir.path())
        .args(["-g", "g.jsonl", "import", "seed.jsonl", "denial.jsonl"])
        .assert()
        .success();
    let mut c = in_dir(dir.path());
    c.args(["-g", "g.jsonl", "contradictions", "--json"]);
    let doc = json_of(c);
    let found = doc["contradictions"].as_array().expect("a list");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["kind"], "denial");
    assert_eq!(found[0]["a"]["id"], 23);
    assert_eq!(found[0]["b"]["polarity"], "denied");
    assert_eq!(found[0]["overlap"], "2023-07");
}

#[test]
fn claims_filters_and_jsonl() {
    let out = stdout_of(seed(&[
        "claims", "--by", "toma", "--role", "claimant", "--jsonl",
    ]));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 12);
    lines.iter().for_each(assert_claim_shape);
    let all = json_of(seed(&["claims", "--json"]));
    assert_eq!(all["count"], 61);
    let july = json_of(seed(&["claims", "--valid-at", "2023-07", "--json"]));
    assert!(july["claims"].as_array().into_iter().flatten().all(|c| {
        let v = c["valid"].as_str().unwrap_or("");
        v.starts_with("2023-07") || v.contains("/")
    }));
    let strong = json_of(seed(&["claims", "--min-origins", "3", "--json"]));
    assert_eq!(ids(&strong["claims"]), [8, 20, 23]);
    let trusted = json_of(seed(&[
        "claims",
        "--trust",
        "La Nación",
        "--relation",
        "supplies_arms",
        "--json",
    ]));
    assert_eq!(trusted["count"], 1);
    assert_eq!(trusted["claims"][0]["origins"], 1);
    let no_dialogo = json_of(seed(&["claims", "--exclude", "dialogo", "--json"]));
    assert_eq!(
        no_dialogo["count"], 0,
        "Diálogo relays every claim of the article"
    );
    // Diálogo's own voice dropped, what it relayed kept: of the two arms claims only
    // Iran -> Bolivia stands, on Toma's and La Nación's voices.
    let relayed = json_of(seed(&[
        "claims",
        "--exclude",
        "dialogo",
        "--source-role",
        "outlet",
        "--relation",
        "supplies_arms",
        "--json",
    ]));
    assert_eq!(ids(&relayed["claims"]), [23]);
    assert_eq!(relayed["claims"][0]["origins"], 2);
    assert!(
        relayed["claims"][0]["text"]
            .as_str()
            .unwrap_or("")
            .ends_with("[under the filter: 0.67 from 2 voices]")
    );
    let people = json_of(seed(&[
        "claims",
        "--kind",
        "person",
        "--kind",
        "state",
        "--statement",
        "tie",
        "--json",
    ]));
    assert!(
        people["claims"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|c| c["statement"] == "tie")
    );
}

// ----- export, render, completions -------------------------------------------------

#[test]
fn export_every_format() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let everything = "wrote 36 actors, 61 claims and 72 attributions";
    for (format, file, marker, wrote) in [
        ("graphml", "g.graphml", "<graphml", everything),
        ("dot", "g.dot", "digraph", everything),
        ("json", "g.json", "\"version\": 1", everything),
        ("jsonl", "g.jsonl", "{\"actor\"", everything),
        // FollowTheMoney has no schema for most relations and no region entity: the
        // report says what it left out.
        (
            "ftm",
            "g.ijson",
            "\"schema\"",
            "wrote 35 actors, 20 claims and 20 attributions as FollowTheMoney",
        ),
    ] {
        let path = dir.path().join(file);
        seed(&["export", "--format", format, "-o"])
            .arg(&path)
            .assert()
            .success()
            .stderr(predicate::str::contains(wrote));
        let text = std::fs::read_to_string(&path).expect("the export");
        assert!(text.contains(marker), "{format} export lacks {marker}");
    }
    seed(&["export", "--format", "neo4j", "-o"])
        .arg(dir.path().join("neo4j"))
        .assert()
        .success();
    assert!(dir.path().join("neo4j/actors.csv").exists());
    assert!(dir.path().join("neo4j/claims.csv").exists());
    // The provenance view: one RELAYED edge per relay of the seed's attributions (31
    // relays over 72 attributions), one ASSERTED edge per attribution with a claimant.
    let provenance = dir.path().join("provenance.graphml");
    seed(&[
        "export",
        "--format",
        "graphml",
        "--view",
        "provenance",
        "-o",
    ])
    .arg(&provenance)
    .assert()
    .success();
    let text = std::fs::read_to_string(&provenance).expect("the export");
    assert_eq!(text.matches(">RELAYED</data>").count(), 31);
    assert_eq!(text.matches(">ASSERTED</data>").count(), 72);
    seed(&["export", "--format", "graphml", "--view", "tree", "-o"])
        .arg(&provenance)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown view `tree`"));
    // The JSON document imports back into the same graph.
    let mut c = cg();
    c.args(["-g"])
        .arg(dir.path().join("back.jsonl"))
        .args(["import", "--json"])
        .arg(dir.path().join("g.json"));
    let doc = json_of(c);
    assert_eq!(
        (doc["actors"].as_u64(), doc["claims"].as_u64()),
        (Some(36), Some(61))
    );
}

#[test]
fn render_without_graphviz_says_how_to_install_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let empty = tempfile::tempdir().expect("an empty PATH");
    seed(&["render", "-o"])
        .arg(dir.path().join("g.svg"))
        .env("PATH", empty.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("Graphviz's `dot` is not installed")
                .and(predicate::str::contains("apt install graphviz")),
        );
    assert!(!dir.path().join("g.svg").exists());
    seed(&["render", "-o", "g.gif"]).assert().code(2);
}

#[test]
fn render_with_graphviz() {
    let has_dot = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_dot {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set, so graphviz must be installed"
        );
        eprintln!("graphviz is not installed: rendering not checked");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let svg = dir.path().join("ego.svg");
    seed(&["render", "--ego", "bolivia", "--hops", "1", "-o"])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).expect("the picture");
    assert!(text.contains("<svg") && text.contains("Bolivia"));
}

#[test]
fn completions() {
    let bash = stdout_of({
        let mut c = cg();
        c.args(["completions", "bash"]);
        c
    });
    assert!(bash.contains("_claimgraph()") && bash.contains("corroboration"));
    let mut c = cg();
    c.args(["completions", "zsh"]);
    assert!(stdout_of(c).contains("#compdef claimgraph"));
}

#[test]
fn colour_follows_no_color_and_the_terminal() {
    // stdout is a pipe here: no escape codes, unless forced; NO_COLOR wins over force.
    assert!(!stdout_of(seed(&["show", "iran"])).contains('\x1b'));
    let mut forced = seed(&["show", "iran"]);
    forced.env("CLICOLOR_FORCE", "1");
    assert!(stdout_of(forced).contains("\x1b[1m"));
    let mut off = seed(&["show", "iran"]);
    off.env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1");
    assert!(!stdout_of(off).contains('\x1b'));
}

/// Every query's JSON document carries the top-level fields cli/README.md documents,
/// and `--jsonl` prints exactly the elements of its main list.
#[test]
fn json_documents_carry_the_documented_fields() {
    let cases: &[(&[&str], &[&str], &str)] = &[
        (
            &["info"],
            &[
                "graph",
                "actors",
                "claims",
                "claims_admitted",
                "attributions",
                "sources",
                "valid_from",
                "valid_to",
                "single_source",
                "single_source_share",
                "actors_by_kind",
                "claims_by_statement",
                "top_sources",
            ],
            "claims_by_relation",
        ),
        (&["find", "bo"], &["query"], "actors"),
        (
            &["show", "iran"],
            &["actor", "claims_as_object", "claims_citing", "sources"],
            "claims_as_subject",
        ),
        (
            &["claims", "--about", "iran"],
            &["selection", "count"],
            "claims",
        ),
        (&["timeline", "iran"], &["a", "b", "scope"], "claims"),
        (
            &["neighbours", "iran"],
            &["centre", "max_hops"],
            "neighbours",
        ),
        (
            &["paths", "hezbollah", "bolivia"],
            &["from", "to", "max_hops", "truncated"],
            "routes",
        ),
        (
            &["credible", "hezbollah", "bolivia"],
            &["from", "to", "k"],
            "paths",
        ),
        (
            &["corroboration"],
            &["about", "claims_admitted", "single_source"],
            "claims",
        ),
        (&["contradictions"], &["about"], "contradictions"),
        (&["rank", "degree"], &["measure"], "actors"),
    ];
    for (args, fields, list) in cases {
        let mut json_args = args.to_vec();
        json_args.push("--json");
        let doc = json_of(seed(&json_args));
        for field in fields.iter().chain(std::iter::once(list)) {
            assert!(doc.get(*field).is_some(), "{args:?}: no {field}");
        }
        let items = doc[*list]
            .as_array()
            .unwrap_or_else(|| panic!("{args:?}: {list} is not a list"));
        let mut jsonl_args = args.to_vec();
        jsonl_args.push("--jsonl");
        let lines: Vec<Value> = stdout_of(seed(&jsonl_args))
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(&lines, items, "{args:?}: --jsonl is the main list");
    }
}
