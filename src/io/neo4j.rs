//! Neo4j bulk-import CSV: a nodes file of actors and a relationships file of claims,
//! in the format of `neo4j-admin database import`.
//!
//! [`Exporter::export_files`](crate::io::Exporter::export_files) writes `actors.csv`
//! and `claims.csv` into a folder; load them into an empty database with
//!
//! ```text
//! neo4j-admin database import full --nodes=actors.csv --relationships=claims.csv \
//!     --multiline-fields=true neo4j
//! ```
//!
//! (`--multiline-fields=true` because a name or attribute may hold a line break;
//! the other defaults, `,` delimiter, `;` array delimiter and `"` quote, are the ones
//! used here).
//!
//! # Nodes: `actors.csv`
//!
//! ```text
//! key:ID,name,kind,groupType,:LABEL,aliases:string[],wikidata,role,...
//! ```
//!
//! - `key:ID` is the actor key, stored as property `key` and used by the
//!   relationships file to refer to the actor;
//! - `kind` is `state`, `person`, `group`, `media_outlet` or `region`; `groupType`
//!   (groups only) `party`, `agency`, `military`...;
//! - `:LABEL` is `Actor` plus the kind in upper camel case (`Actor;State`,
//!   `Actor;MediaOutlet`) plus, for groups with a type, that type (`Actor;Group;Military`);
//! - `aliases:string[]` holds the other names;
//! - then one string column per external-id registry found in the graph (`wikidata`),
//!   then one per free attribute name (`role`, `nationality`), each in sorted order.
//!   Characters other than letters, digits and `_` in those names become `_`, and a
//!   name already taken gets `_2`, `_3`... appended.
//!
//! # Relationships: `claims.csv`
//!
//! ```text
//! :START_ID,:END_ID,:TYPE,claimId:int,relation,family,polarity,statement,symmetric:boolean,valid,validFrom,validTo,validStart:date,validEnd:date,confidence:double,origins:int,sources:string[],codes:string[]
//! ```
//!
//! - `:START_ID` and `:END_ID` are the subject's and object's keys;
//! - `:TYPE` is the relation kind in upper snake case (`SUPPLIES_ARMS`, `COOPERATES`,
//!   `INVOLVED_IN`, `CUSTOM`); `relation` keeps the full name (`cooperates:health`,
//!   `custom:attended_summit`);
//! - **denied claims share the type of asserted ones**: `MATCH (a)-[r:SUPPLIES_ARMS]->(b)`
//!   finds both; add `WHERE r.polarity = 'asserted'`;
//! - symmetric relations are written once, from the smaller key to the larger, with
//!   `symmetric` true: match them without direction, `(a)-[r:MET_WITH]-(b)`;
//! - `valid` is the valid time as written in files (`2006/..`); `validFrom` and
//!   `validTo` its ends with their precision (`2006`, `2023-07`), `validStart` and
//!   `validEnd` the first and last day they cover as Neo4j dates, so
//!   `WHERE r.validStart <= date('2023-08-01') <= r.validEnd` works; open ends are
//!   left empty (no property);
//! - `confidence` is the derived confidence rounded to 12 decimals;
//! - `claimId` is the claim's index ([`ClaimId::index`](crate::ClaimId::index));
//! - `sources:string[]` holds one element per attribution: its claimant, first outlet
//!   and relays, those given, as keys joined by `" > "`.
//!
//! # Quoting
//!
//! Every string field is quoted as RFC 4180 says (`"` doubled inside), so commas,
//! quotes and line breaks in values are safe; numbers and booleans are not quoted.
//! An absent value is an empty unquoted field, which the importer skips (no property).
//! Neo4j has no escape for the array delimiter, so a `;` inside an array element
//! (an alias, a key in a source chain) is written as `,`.
//!
//! ```
//! use claimgraph::ClaimGraph;
//! use claimgraph::io::{Exporter, Format};
//! use claimgraph::model::{Actor, ActorKind};
//! let mut g = ClaimGraph::new();
//! g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?.with_alias("Irán", Some("es")))?;
//! let dir = std::env::temp_dir().join(format!("claimgraph-neo4j-doc-{}", std::process::id()));
//! let paths = Exporter::from_format(Format::Neo4jCsv).export_files(&g, &dir)?;
//! let actors = std::fs::read_to_string(&paths[0])?;
//! assert_eq!(actors, "key:ID,name,kind,groupType,:LABEL,aliases:string[]\n\"iran\",\"Iran\",\"state\",,\"Actor;State\",\"Irán\"\n");
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{BufWriter, Write};

use super::IoError;
use super::graphml::{
    PropertyColumns, chain_keys, decimal, family_name, group_type_name, polarity_name,
    statement_name,
};
use crate::ClaimGraph;
use crate::model::{ActorKind, PartialDate};

/// The fixed columns of the nodes file, before the external ids and attributes.
const NODE_HEADER: [&str; 6] = [
    "key:ID",
    "name",
    "kind",
    "groupType",
    ":LABEL",
    "aliases:string[]",
];

/// Property names the fixed node columns use (what dynamic columns must avoid).
const NODE_PROPERTIES: [&str; 5] = ["key", "name", "kind", "groupType", "aliases"];

/// The header of the relationships file.
const RELATIONSHIP_HEADER: &str = ":START_ID,:END_ID,:TYPE,claimId:int,relation,family,polarity,statement,symmetric:boolean,valid,validFrom,validTo,validStart:date,validEnd:date,confidence:double,origins:int,sources:string[],codes:string[]";

/// Appends `text` as a quoted RFC 4180 field.
fn quoted(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(&text.replace('"', "\"\""));
    out.push('"');
}

/// Appends the elements as one quoted array field, or nothing (an absent property)
/// when there are none.
fn array<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    let items: Vec<String> = items.into_iter().map(|s| s.replace(';', ",")).collect();
    if !items.is_empty() {
        quoted(out, &items.join(";"));
    }
}

/// Appends an optional string field: quoted when present, empty when absent.
fn optional(out: &mut String, text: Option<&str>) {
    if let Some(text) = text {
        quoted(out, text);
    }
}

/// A property name Neo4j's header accepts: letters, digits and `_` only.
fn column_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    if clean.is_empty() {
        "property".to_owned()
    } else {
        clean
    }
}

/// The label of an actor kind.
fn kind_label(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::State => "State",
        ActorKind::Person => "Person",
        ActorKind::Group => "Group",
        ActorKind::MediaOutlet => "MediaOutlet",
        ActorKind::Region => "Region",
    }
}

/// `armed_group` -> `ArmedGroup`.
fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// The first day of a date as a Neo4j date (`YYYY-MM-DD`).
fn day(days: i32) -> String {
    PartialDate::from_day_number(days).to_string()
}

/// Writes actors to `nodes` and claims to `relationships` (see the module docs).
pub(crate) fn write(
    graph: &ClaimGraph,
    nodes: impl Write,
    relationships: impl Write,
) -> Result<(), IoError> {
    let columns = PropertyColumns::of(graph, &NODE_PROPERTIES, column_name);
    let mut n = BufWriter::new(nodes);
    let mut header: Vec<&str> = NODE_HEADER.to_vec();
    header.extend(columns.external_ids.iter().map(|(_, c)| c.as_str()));
    header.extend(columns.attributes.iter().map(|(_, c)| c.as_str()));
    n.write_all(header.join(",").as_bytes())?;
    n.write_all(b"\n")?;
    let mut row = String::new();
    for actor in graph.actors() {
        row.clear();
        quoted(&mut row, actor.key.as_str());
        row.push(',');
        quoted(&mut row, &actor.name);
        row.push(',');
        quoted(&mut row, actor.kind.as_str());
        row.push(',');
        optional(&mut row, actor.group_type.map(group_type_name));
        row.push(',');
        let mut labels = format!("Actor;{}", kind_label(actor.kind));
        if let Some(g) = actor.group_type {
            labels.push(';');
            labels.push_str(&camel(group_type_name(g)));
        }
        quoted(&mut row, &labels);
        row.push(',');
        array(&mut row, actor.aliases.iter().map(|a| a.name.as_str()));
        for (registry, _) in &columns.external_ids {
            row.push(',');
            optional(
                &mut row,
                actor.external_ids.get(registry).map(String::as_str),
            );
        }
        for (name, _) in &columns.attributes {
            row.push(',');
            optional(&mut row, actor.attributes.get(name).map(String::as_str));
        }
        row.push('\n');
        n.write_all(row.as_bytes())?;
    }
    n.flush()?;

    let mut r = BufWriter::new(relationships);
    r.write_all(RELATIONSHIP_HEADER.as_bytes())?;
    r.write_all(b"\n")?;
    for id in graph.claim_ids() {
        let (Some(claim), Some(confidence), Some(origins)) = (
            graph.claim(id).map(|c| c.to_claim()),
            graph.confidence(id),
            graph.origins(id),
        ) else {
            continue; // ids come from the graph itself, so this never happens
        };
        let kind = claim.relation.kind();
        let valid = claim.valid;
        row.clear();
        quoted(&mut row, claim.subject.as_str());
        row.push(',');
        quoted(&mut row, claim.object.as_str());
        row.push(',');
        quoted(&mut row, &kind.as_str().to_uppercase());
        row.push_str(&format!(",{},", id.index()));
        quoted(&mut row, &claim.relation.to_string());
        row.push(',');
        quoted(&mut row, family_name(kind.family()));
        row.push(',');
        quoted(&mut row, polarity_name(claim.polarity));
        row.push(',');
        quoted(&mut row, statement_name(claim.statement));
        row.push_str(&format!(",{},", claim.relation.is_symmetric()));
        quoted(&mut row, &valid.to_string());
        row.push(',');
        optional(&mut row, valid.start().map(|d| d.to_string()).as_deref());
        row.push(',');
        optional(&mut row, valid.end().map(|d| d.to_string()).as_deref());
        row.push(',');
        optional(
            &mut row,
            valid.start().map(|_| day(valid.first_day())).as_deref(),
        );
        row.push(',');
        optional(
            &mut row,
            valid.end().map(|_| day(valid.last_day())).as_deref(),
        );
        row.push_str(&format!(",{},{origins},", decimal(confidence)));
        let sources: Vec<String> = claim.evidence.iter().map(chain_keys).collect();
        array(&mut row, sources.iter().map(String::as_str));
        row.push(',');
        array(&mut row, claim.codes.iter().map(String::as_str));
        row.push('\n');
        r.write_all(row.as_bytes())?;
    }
    r.flush()?;
    Ok(())
}
