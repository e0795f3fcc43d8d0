//! JSON Schemas of the model types whose serde form is a string with a shape of its
//! own (feature `schema`): keys, dates, valid times, grades and relations. The other
//! model types derive `JsonSchema` next to their serde derive.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{ActorKey, Crime, Grade, PartialDate, Relation, RelationKind, Sector, ValidTime};

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as [`PartialDate`]'s parser reads it.
// Years 0001..=9999, as the model accepts.
const DATE: &str =
    r"([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})(-[0-9]{2}(-[0-9]{2})?)?";

impl JsonSchema for ActorKey {
    fn schema_name() -> Cow<'static, str> {
        "ActorKey".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An actor's stable key: non-empty, at most 256 bytes, in Unicode NFC, without white space, control characters, bidirectional controls or zero-width characters.",
            "type": "string",
            "minLength": 1,
            "maxLength": 256,
            "pattern": r"^[^\s\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+$",
        })
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date known to the year (`2006`), month (`2023-07`) or day (`2023-10-31`); the day must exist in its month.",
            "type": "string",
            "pattern": format!("^{DATE}$"),
        })
    }
}

impl JsonSchema for ValidTime {
    fn schema_name() -> Cow<'static, str> {
        "ValidTime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "When a relation holds: a date (`2023-07`), an interval (`2006/2024-03`), open at one end (`2006/..`, `../2024`) or unknown (`..`). Absent means unknown.",
            "type": "string",
            "pattern": format!(r"^(\.\.|{DATE}|({DATE}|\.\.)/({DATE}|\.\.))$"),
        })
    }
}

impl JsonSchema for Grade {
    fn schema_name() -> Cow<'static, str> {
        "Grade".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "How far to believe an attribution: an explicit confidence in [0, 1], or an Admiralty grade, source reliability A-F and information credibility 1-6 (`B2`).",
            "oneOf": [
                { "type": "number", "minimum": 0, "maximum": 1 },
                { "type": "string", "pattern": "^[A-Fa-f][1-6]$" },
            ],
        })
    }
}

impl JsonSchema for Relation {
    fn schema_name() -> Cow<'static, str> {
        "Relation".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Every name the parser accepts without a free parameter, then custom names.
        let mut names: Vec<String> = RelationKind::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .filter(|name| name.parse::<Relation>().is_ok())
            .collect();
        names.extend(Sector::ALL.iter().map(|s| format!("cooperates:{s}")));
        names.extend(Crime::ALL.iter().map(|c| format!("involved_in:{c}")));
        json_schema!({
            "description": "The relation claimed: a name of the vocabulary (`met_with`, `cooperates:security`, `involved_in:drug_trafficking`) or a custom one (`custom:funds_channel`).",
            "type": "string",
            "anyOf": [
                { "enum": names },
                { "pattern": r"^custom:[^\s\x00-\x1f\x7f-\x9f]+$" },
            ],
        })
    }
}
