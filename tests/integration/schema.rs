//! The JSON Schemas committed under docs/schema/ are what the types generate now.
//!
//! After changing a serialised model type, rewrite them with
//! `CLAIMGRAPH_WRITE_SCHEMA=1 cargo test --test integration schema::` and commit the result.
//! `tests/clients/check_exports.py` validates the test data against them with Python's
//! `jsonschema` (run by .ci/run).

use std::path::Path;

use claimgraph::io::schema::{document_schema, record_schema};
use serde_json::Value;

fn check_current(file: &str, schema: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schema")
        .join(file);
    let text = serde_json::to_string_pretty(schema).expect("a schema serialises") + "\n";
    if std::env::var_os("CLAIMGRAPH_WRITE_SCHEMA").is_some() {
        std::fs::create_dir_all(path.parent().expect("docs/schema has a parent"))
            .expect("docs/schema can be created");
        claimgraph::io::write_atomically(&path, |w| {
            Ok(std::io::Write::write_all(w, text.as_bytes())?)
        })
        .expect("the schema can be written");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is not current: run `CLAIMGRAPH_WRITE_SCHEMA=1 cargo test --test integration schema::` and commit it",
        path.display()
    );
}

#[test]
fn committed_document_schema_is_current() {
    check_current("document.schema.json", &document_schema());
}

#[test]
fn committed_record_schema_is_current() {
    check_current("record.schema.json", &record_schema());
}

#[test]
fn schemas_say_the_real_shapes_of_custom_serde_types() {
    let record = record_schema();
    let defs = &record["$defs"];
    // Grades: a number in [0, 1] or an Admiralty grade.
    assert_eq!(defs["Grade"]["oneOf"][0]["maximum"], 1);
    assert_eq!(defs["Grade"]["oneOf"][1]["pattern"], "^[A-Fa-f][1-6]$");
    assert_eq!(defs["ActorKey"]["type"], "string");
    assert_eq!(defs["ValidTime"]["type"], "string");
    let names = defs["Relation"]["anyOf"][0]["enum"]
        .as_array()
        .expect("relation names");
    for name in [
        "met_with",
        "cooperates",
        "cooperates:security",
        "involved_in:terrorism",
    ] {
        assert!(names.iter().any(|n| n == name), "{name}");
    }
    // 38 kinds less involved_in and custom (which need a parameter), 11 sectors, 6 crimes.
    assert_eq!(names.len(), 36 + 11 + 6);
    // deny_unknown_fields on the model types: a misspelled field is not allowed.
    for def in ["Actor", "Alias", "Claim", "Attribution", "Document"] {
        assert_eq!(defs[def]["additionalProperties"], false, "{def}");
    }
    // Fields with serde defaults are optional; subject, relation, object, evidence not.
    let required: Vec<&str> = defs["Claim"]["required"]
        .as_array()
        .expect("required fields")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(required, ["subject", "relation", "object", "evidence"]);
}
