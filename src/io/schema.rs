//! JSON Schemas (draft 2020-12) of the JSON document and of JSON Lines records,
//! generated from the model types (feature `schema`). The schemas committed under
//! `docs/schema/` are these functions' output; a test keeps them current.
//!
//! ```
//! let record = claimgraph::io::schema::record_schema();
//! assert_eq!(record["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(record["oneOf"].as_array().map(Vec::len), Some(2));
//! ```

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use super::JSON_VERSION;
use crate::model::{Actor, Claim};

/// A generator for what the readers accept (fields with defaults are optional).
fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
}

/// Cuts the code examples out of descriptions taken from rustdoc: they are Rust, of
/// no use to a reader of the schema.
fn without_examples(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(text) if key == "description" => {
                        if let Some(at) = text.find("```") {
                            text.truncate(at);
                            let mut kept = text.trim_end();
                            // A paragraph ending in a colon introduced the example.
                            if kept.ends_with(':') {
                                kept = kept.rfind("\n\n").map_or("", |p| &kept[..p]);
                            }
                            *text = kept.to_owned();
                        }
                    }
                    _ => without_examples(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_examples),
        _ => {}
    }
}

/// A root schema: `body` plus the definitions the generator collected.
fn root(mut generator: SchemaGenerator, id: &str, title: &str, body: Value) -> Value {
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("https://claimgraph.invalid/schema/{id}"),
        "title": title,
    });
    if let (Some(schema), Value::Object(body)) = (schema.as_object_mut(), body) {
        schema.extend(body);
        schema.insert(
            "$defs".to_owned(),
            Value::Object(generator.take_definitions(true)),
        );
    }
    without_examples(&mut schema);
    schema
}

/// The schema of the JSON document: `{"format": "claimgraph", "version": 1, "actors":
/// [...], "claims": [...]}`.
pub fn document_schema() -> Value {
    let mut generator = generator();
    let actor = generator.subschema_for::<Actor>().to_value();
    let claim = generator.subschema_for::<Claim>().to_value();
    root(
        generator,
        "document.schema.json",
        "claimgraph JSON document",
        json!({
            "description": "A whole claim graph: every actor, then every claim with its evidence. Confidence is not stored: it is derived from the evidence.",
            "type": "object",
            "properties": {
                "format": { "const": "claimgraph" },
                "version": { "const": JSON_VERSION },
                "actors": { "type": "array", "items": actor },
                "claims": { "type": "array", "items": claim },
            },
            "required": ["format", "version", "actors", "claims"],
            "additionalProperties": false,
        }),
    )
}

/// The schema of one JSON Lines record: `{"actor": {...}}` or `{"claim": {...}}`.
pub fn record_schema() -> Value {
    let mut generator = generator();
    let actor = generator.subschema_for::<Actor>().to_value();
    let claim = generator.subschema_for::<Claim>().to_value();
    root(
        generator,
        "record.schema.json",
        "claimgraph JSON Lines record",
        json!({
            "description": "One line of a claimgraph JSON Lines file: an actor or a claim. A claim's actors must come on earlier lines or already be in the graph.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": { "actor": actor },
                    "required": ["actor"],
                    "additionalProperties": false,
                },
                {
                    "type": "object",
                    "properties": { "claim": claim },
                    "required": ["claim"],
                    "additionalProperties": false,
                },
            ],
        }),
    )
}
