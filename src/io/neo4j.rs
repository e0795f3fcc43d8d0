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
//! :START_ID,:END_ID,:TYPE,claimId:int,relation,family,polarity,statement,symmetric:boolean,valid,validFrom,validTo,validStart:date,validEnd:date,confidence:double,origins:int,sources:string[],codes:string[],externalIds:string[]
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
//!   and relays, those given, as keys joined by `" > "`;
//! - `codes:string[]` the claim's codes (`CAMEO:062`), `externalIds:string[]` its
//!   external ids as `registry:id` (`gdelt:410412347`, `ftm:<entity id>`), so that
//!   `MATCH ()-[r]->() WHERE 'gdelt:410412347' IN r.externalIds` finds the claim.
//!
//! # Provenance view: who said what
//!
//! With [`View::Provenance`](crate::io::View) `export_files` writes four files, and
//! claims become nodes so that Cypher can ask who asserted, published or relayed
//! them:
//!
//! ```text
//! neo4j-admin database import full --nodes=actors.csv --nodes=claims.csv \
//!     --relationships=ends.csv --relationships=sources.csv --multiline-fields=true neo4j
//! ```
//!
//! - `actors.csv` as above, with the id column `key:ID(Actor)`;
//! - `claims.csv`, one `:Claim` node per claim: `claimId:ID(Claim)`, `:LABEL`, then the
//!   claim columns of the claims view from `relation` on;
//! - `ends.csv`: `:START_ID(Claim),:END_ID(Actor),:TYPE`, one `SUBJECT` and one
//!   `OBJECT` relationship per claim;
//! - `sources.csv`: `:START_ID(Actor),:END_ID(Claim),:TYPE,attribution:int,grade,gradeValue:double,reported,reportedDate:date`,
//!   one `ASSERTED` (claimant), `PUBLISHED` (first outlet) or `RELAYED` (each relay)
//!   relationship per source of each attribution, with the attribution's position in
//!   the claim's evidence, its grade (`B2` or the confidence) and reported date.
//!
//! ```text
//! MATCH (s:Actor)-[a:ASSERTED]->(c:Claim {relation: 'supplies_arms'})-[:SUBJECT]->(:Actor {key: 'iran'})
//! RETURN s.name, a.grade, a.reported, c.confidence
//! ```
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
//! let paths = Exporter::from_format(Format::Neo4jCsv).export_files(&g, &dir)?.files;
//! let actors = std::fs::read_to_string(&paths[0])?;
//! assert_eq!(actors, "key:ID,name,kind,groupType,:LABEL,aliases:string[]\n\"iran\",\"Iran\",\"state\",,\"Actor;State\",\"Irán\"\n");
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{BufWriter, Write};

use super::export::loses_detail;
use super::graphml::{
    PropertyColumns, chain_keys, decimal, family_name, grade_text, group_type_name, polarity_name,
    source_roles, statement_name,
};
use super::{ExportReport, IoError, Omission};
use crate::model::{ActorKind, Claim, PartialDate};
use crate::{ClaimGraph, ClaimId};

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
const RELATIONSHIP_HEADER: &str = ":START_ID,:END_ID,:TYPE,claimId:int,relation,family,polarity,statement,symmetric:boolean,valid,validFrom,validTo,validStart:date,validEnd:date,confidence:double,origins:int,sources:string[],codes:string[],externalIds:string[]";

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
    PartialDate::from_day_number(days)
        .expect("the first or last day of a stored date is a calendar day")
        .to_string()
}

/// Writes the nodes file: one row per actor, the key column headed `id_header`.
fn write_actors(
    graph: &ClaimGraph,
    nodes: impl Write,
    id_header: &'static str,
    report: &mut ExportReport,
) -> Result<(), IoError> {
    let columns = PropertyColumns::of(graph, &NODE_PROPERTIES, column_name);
    let mut n = BufWriter::new(nodes);
    let mut header: Vec<&str> = NODE_HEADER.to_vec();
    header[0] = id_header;
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
        report.actors += 1;
    }
    n.flush()?;
    Ok(())
}

/// Appends a claim's properties from `relation` to `externalIds:string[]` (the columns the
/// claims view's relationships and the provenance view's claim nodes share).
fn claim_fields(row: &mut String, claim: &Claim, confidence: f64, origins: usize) {
    let kind = claim.relation.kind();
    let valid = claim.valid;
    quoted(row, &claim.relation.to_string());
    row.push(',');
    quoted(row, family_name(kind.family()));
    row.push(',');
    quoted(row, polarity_name(claim.polarity));
    row.push(',');
    quoted(row, statement_name(claim.statement));
    row.push_str(&format!(",{},", claim.relation.is_symmetric()));
    quoted(row, &valid.to_string());
    row.push(',');
    optional(row, valid.start().map(|d| d.to_string()).as_deref());
    row.push(',');
    optional(row, valid.end().map(|d| d.to_string()).as_deref());
    row.push(',');
    optional(
        row,
        valid.start().map(|_| day(valid.first_day())).as_deref(),
    );
    row.push(',');
    optional(row, valid.end().map(|_| day(valid.last_day())).as_deref());
    row.push_str(&format!(",{},{origins},", decimal(confidence)));
    let sources: Vec<String> = claim.evidence.iter().map(chain_keys).collect();
    array(row, sources.iter().map(String::as_str));
    row.push(',');
    array(row, claim.codes.iter().map(String::as_str));
    row.push(',');
    array(row, claim.external_ids.iter().map(String::as_str));
    row.push('\n');
}

/// Every claim with its id, derived confidence and number of origins, in id order.
fn claims(graph: &ClaimGraph) -> impl Iterator<Item = (ClaimId, Claim, f64, usize)> + '_ {
    graph.claim_ids().filter_map(|id| {
        // Ids come from the graph itself, so every lookup succeeds.
        Some((
            id,
            graph.claim(id)?.to_claim(),
            graph.confidence(id)?,
            graph.origins(id)?,
        ))
    })
}

/// Writes actors to `nodes` and claims to `relationships` (see the module docs).
pub(crate) fn write(
    graph: &ClaimGraph,
    nodes: impl Write,
    relationships: impl Write,
) -> Result<ExportReport, IoError> {
    let mut report = ExportReport::default();
    write_actors(graph, nodes, "key:ID", &mut report)?;
    let mut r = BufWriter::new(relationships);
    r.write_all(RELATIONSHIP_HEADER.as_bytes())?;
    r.write_all(b"\n")?;
    let mut row = String::new();
    for (id, claim, confidence, origins) in claims(graph) {
        row.clear();
        quoted(&mut row, claim.subject.as_str());
        row.push(',');
        quoted(&mut row, claim.object.as_str());
        row.push(',');
        quoted(&mut row, &claim.relation.kind().as_str().to_uppercase());
        row.push_str(&format!(",{},", id.index()));
        claim_fields(&mut row, &claim, confidence, origins);
        r.write_all(row.as_bytes())?;
        report.claims += 1;
        report.attributions += claim.evidence.len();
        // Sources are written as chains of keys; grades, dates and documents are not.
        report.omit(Omission::EvidenceDetail, claim.evidence.len());
    }
    r.flush()?;
    Ok(report)
}

/// The header of the provenance view's claim nodes file.
const CLAIM_NODE_HEADER: &str = "claimId:ID(Claim),:LABEL,relation,family,polarity,statement,symmetric:boolean,valid,validFrom,validTo,validStart:date,validEnd:date,confidence:double,origins:int,sources:string[],codes:string[],externalIds:string[]";

/// The header of the provenance view's `SUBJECT` / `OBJECT` relationships.
const ENDS_HEADER: &str = ":START_ID(Claim),:END_ID(Actor),:TYPE";

/// The header of the provenance view's source relationships.
const SOURCES_HEADER: &str = ":START_ID(Actor),:END_ID(Claim),:TYPE,attribution:int,grade,gradeValue:double,reported,reportedDate:date";

/// Writes the provenance view (see the module docs): actors and claims as nodes,
/// claims linked to their subject and object, sources to the claims they asserted,
/// published or relayed.
pub(crate) fn write_provenance(
    graph: &ClaimGraph,
    nodes: impl Write,
    claim_nodes: impl Write,
    ends: impl Write,
    sources: impl Write,
) -> Result<ExportReport, IoError> {
    let mut report = ExportReport::default();
    write_actors(graph, nodes, "key:ID(Actor)", &mut report)?;
    let mut c = BufWriter::new(claim_nodes);
    let mut e = BufWriter::new(ends);
    let mut s = BufWriter::new(sources);
    writeln!(c, "{CLAIM_NODE_HEADER}")?;
    writeln!(e, "{ENDS_HEADER}")?;
    writeln!(s, "{SOURCES_HEADER}")?;
    let mut row = String::new();
    for (id, claim, confidence, origins) in claims(graph) {
        let n = id.index();
        row.clear();
        row.push_str(&format!("{n},\"Claim\","));
        claim_fields(&mut row, &claim, confidence, origins);
        c.write_all(row.as_bytes())?;
        row.clear();
        for (end, role) in [(&claim.subject, "SUBJECT"), (&claim.object, "OBJECT")] {
            row.push_str(&format!("{n},"));
            quoted(&mut row, end.as_str());
            row.push_str(&format!(",\"{role}\"\n"));
        }
        e.write_all(row.as_bytes())?;
        for (i, a) in claim.evidence.iter().enumerate() {
            row.clear();
            for (role, source) in source_roles(a) {
                quoted(&mut row, source.as_str());
                row.push_str(&format!(",{n},\"{}\",{i},", role.to_uppercase()));
                quoted(&mut row, &grade_text(&a.grade));
                row.push_str(&format!(",{},", decimal(a.grade.value())));
                optional(&mut row, a.reported.map(|d| d.to_string()).as_deref());
                row.push(',');
                optional(&mut row, a.reported.map(|d| day(d.first_day())).as_deref());
                row.push('\n');
            }
            s.write_all(row.as_bytes())?;
            if loses_detail(a, true) {
                report.omit(Omission::EvidenceDetail, 1);
            }
        }
        report.claims += 1;
        report.attributions += claim.evidence.len();
    }
    c.flush()?;
    e.flush()?;
    s.flush()?;
    Ok(report)
}
