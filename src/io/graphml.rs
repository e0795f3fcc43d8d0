//! GraphML export with typed attributes, for Gephi, Cytoscape, yEd, NetworkX and igraph.
//!
//! The file uses the standard GraphML namespace header and one `<graph
//! edgedefault="directed">`. Every attribute is declared by a `<key>` with its
//! `attr.type`, so the tools give columns the right type (numbers sort as numbers,
//! confidence can drive edge width). A value that is absent (no group type, an open
//! end of a valid time) is left out rather than written empty.
//!
//! # Nodes (actors)
//!
//! The node `id` is the actor key, so files exported from different graphs (a whole
//! graph and an ego network, say) join on it. Keys are any text without white space;
//! those made of letters, digits, `_`, `-`, `.` and `:` only (every key of the seed
//! data) are also XML `NMTOKEN`s, which the strict GraphML schema asks for. Gephi,
//! Cytoscape and yEd accept any id.
//!
//! | key id | `attr.name` | `attr.type` | value |
//! |---|---|---|---|
//! | `key` | `key` | string | the actor key |
//! | `kind` | `kind` | string | `state`, `person`, `group`, `media_outlet`, `region` |
//! | `group_type` | `group_type` | string | `party`, `agency`, `military`, ... (groups only) |
//! | `name` | `name` | string | the primary name |
//! | `label` | `label` | string | the primary name again: Gephi shows the `label` column |
//! | `aliases` | `aliases` | string | the other names, joined with `"; "` |
//! | `ext0`, `ext1`, ... | the registry (`wikidata`) | string | one key per registry of external ids in the graph |
//! | `attr0`, `attr1`, ... | the attribute name (`role`) | string | one key per free attribute name in the graph |
//!
//! External-id registries and attribute names are declared in sorted order. A name
//! that is already taken (an attribute called `name`, say) gets `_2`, `_3`... appended.
//!
//! # Edges (claims)
//!
//! The edge `id` is `c` followed by the claim's index ([`ClaimId::index`](crate::ClaimId::index)),
//! also kept as the typed attribute `claim_id` (igraph drops edge ids on reading).
//! Symmetric relations (`met_with`, `signed_agreement`...) are written as directed
//! edges from the actor with the smaller key, as the store keeps them, with
//! `symmetric` true: networkx refuses `directed="false"` edges in a directed graph.
//!
//! | key id | `attr.name` | `attr.type` | value |
//! |---|---|---|---|
//! | `claim_id` | `claim_id` | long | the claim's index |
//! | `relation` | `relation` | string | the relation as written in files (`cooperates:security`) |
//! | `relation_kind` | `relation_kind` | string | its kind, without parameter (`cooperates`) |
//! | `family` | `family` | string | `diplomatic`, `material`, `conflict`, `structural`, `illicit`, `communication`, `custom` |
//! | `polarity` | `polarity` | string | `asserted` or `denied` |
//! | `statement` | `statement` | string | `event`, `tie` or `assessment` |
//! | `symmetric` | `symmetric` | boolean | whether the relation holds both ways |
//! | `valid` | `valid` | string | the valid time as written in files (`2006/..`, `2023-07`, `..`) |
//! | `valid_from` | `valid_from` | string | its start (`2006`), absent when open |
//! | `valid_to` | `valid_to` | string | its end, absent when open; equal to `valid_from` for a single date |
//! | `valid_first_day` | `valid_first_day` | int | first day covered, days since 1970-01-01, absent when open |
//! | `valid_last_day` | `valid_last_day` | int | last day covered, days since 1970-01-01, absent when open |
//! | `confidence` | `confidence` | double | the derived confidence in `[0, 1]`, rounded to 12 decimals |
//! | `origins` | `origins` | int | the number of independent origins of the evidence |
//! | `sources` | `sources` | string | each attribution's chain of actor keys, see below |
//! | `codes` | `codes` | string | outside codes (`CAMEO:062`), joined with `"; "` |
//! | `external_ids` | `external_ids` | string | the claim's external ids (`gdelt:410412347`), joined with `";"`, absent when none |
//! | `edge_label` | `label` | string | the relation, prefixed `not ` when denied (Gephi's edge label) |
//!
//! `sources` writes each attribution as its claimant, first outlet and relays, those
//! given, joined by `" > "` (`toma > la_nacion > dialogo`), and the attributions
//! joined by `" | "`. Keys hold no white space, so both separators are unambiguous.
//! Grades, documents and excerpts are not written (the report counts them under
//! [`Omission::EvidenceDetail`]): the provenance
//! view writes grades and dates, and the JSON export keeps everything.
//!
//! # Provenance view
//!
//! With [`View::Provenance`] claims are nodes too: node
//! `claim <index>` (a space, so no actor key can take it, though it is not an XML
//! `NMTOKEN`: networkx, igraph, Gephi and Cytoscape accept it) with `node_type` `claim`
//! (actors have `node_type` `actor`), the claim attributes above declared for nodes
//! with key ids prefixed `claim_` and the same `attr.name`s, and its relation as
//! `label`. Edges carry `role` and `label` (the role in capitals):
//!
//! - `subject` and `object`: from the claim node to its subject and to its object;
//! - `asserted` (the claimant), `published` (the first outlet) and `relayed` (each
//!   relay): from the source to the claim node, with `attribution` (int, the
//!   attribution's position in the claim's evidence), `grade` (string: `B2`, or the
//!   explicit confidence), `grade_value` (double) and `reported` (string, when known).
//!
//! # Escaping
//!
//! Text is XML-escaped (`& < > "`); tab, line feed and carriage return are written as
//! character references so that they survive attribute normalisation. Characters XML
//! 1.0 forbids (the other C0 controls, U+FFFE, U+FFFF) are replaced by U+FFFD
//! REPLACEMENT CHARACTER: a reader sees that something was there.
//!
//! ```
//! use claimgraph::ClaimGraph;
//! use claimgraph::io::{Exporter, Format};
//! use claimgraph::model::{Actor, ActorKind};
//! let mut g = ClaimGraph::new();
//! g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?)?;
//! let mut out = Vec::new();
//! Exporter::from_format(Format::GraphMl).export(&g, &mut out)?;
//! let text = String::from_utf8(out)?;
//! assert!(text.contains(r#"<node id="iran">"#));
//! assert!(text.contains(r#"<key id="confidence" for="edge" attr.name="confidence" attr.type="double"/>"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeSet, HashSet};
use std::io::{BufWriter, Write};

use super::export::loses_detail;
use super::{ExportReport, IoError, Omission, View};
use crate::model::{
    ActorKey, Attribution, Claim, Grade, GroupType, Polarity, RelationFamily, StatementKind,
};
use crate::{ClaimGraph, ClaimId};

/// The name of a group type as written in files (the serde name).
pub(super) fn group_type_name(group_type: GroupType) -> &'static str {
    group_type.name()
}

/// The name of a relation family, lower case.
pub(super) fn family_name(family: RelationFamily) -> &'static str {
    family.name()
}

/// `asserted` or `denied`.
pub(super) fn polarity_name(polarity: Polarity) -> &'static str {
    polarity.name()
}

/// `event`, `tie` or `assessment`.
pub(super) fn statement_name(statement: StatementKind) -> &'static str {
    statement.name()
}

/// A confidence as a decimal number rounded to 12 places, trailing zeros dropped:
/// noisy-OR arithmetic turns a single voice's 0.3 into 0.30000000000000004, noise
/// far below any meaningful difference that would only clutter tables.
pub(super) fn decimal(value: f64) -> String {
    let text = format!("{value:.12}");
    // `{:.12}` always writes a digit before the point, so trimming leaves at least one.
    match text.trim_end_matches('0').trim_end_matches('.') {
        "-0" => "0".to_owned(),
        trimmed => trimmed.to_owned(),
    }
}

/// An attribution's claimant, outlet and relays, those given, as keys joined by `" > "`.
pub(super) fn chain_keys(attribution: &Attribution) -> String {
    attribution
        .chain()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(" > ")
}

/// The columns that hold actors' external ids and free attributes: one per registry
/// and per attribute name found in the graph, each with a column name no other
/// column uses. Shared with the Neo4j writer, which needs the same table shape.
pub(super) struct PropertyColumns {
    /// `(registry, column name)`, registries in sorted order.
    pub(super) external_ids: Vec<(String, String)>,
    /// `(attribute name, column name)`, names in sorted order.
    pub(super) attributes: Vec<(String, String)>,
}

impl PropertyColumns {
    /// Collects the registries and attribute names of every actor. `fixed` are the
    /// names the format already uses; `clean` turns a name into one the format accepts.
    pub(super) fn of(graph: &ClaimGraph, fixed: &[&str], clean: fn(&str) -> String) -> Self {
        let mut registries = BTreeSet::new();
        let mut attributes = BTreeSet::new();
        for actor in graph.actors() {
            registries.extend(actor.external_ids.keys().map(String::as_str));
            attributes.extend(actor.attributes.keys().map(String::as_str));
        }
        let mut taken: HashSet<String> = fixed.iter().map(|s| (*s).to_owned()).collect();
        // Numbered suffixes keep the names deterministic whatever collides.
        let mut claim = |name: &str| {
            let base = clean(name);
            let mut column = base.clone();
            let mut n = 2;
            while taken.contains(&column) {
                column = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(column.clone());
            (name.to_owned(), column)
        };
        let external_ids = registries.into_iter().map(&mut claim).collect();
        let attributes = attributes.into_iter().map(&mut claim).collect();
        PropertyColumns {
            external_ids,
            attributes,
        }
    }
}

/// Appends `text` XML-escaped, usable both in attribute values and in element text.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Literal white space in an attribute value is normalised to a space by
            // parsers, and a literal CR is dropped everywhere: references keep them.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Node attributes that every export declares, in order: (id = attr.name).
const NODE_KEYS: [&str; 6] = ["key", "kind", "group_type", "name", "label", "aliases"];

/// The claim attributes, in order: (id, attr.name, attr.type). On edges in the claims
/// view; on claim nodes in the provenance view, with ids prefixed `claim_`.
const CLAIM_KEYS: [(&str, &str, &str); 18] = [
    ("claim_id", "claim_id", "long"),
    ("relation", "relation", "string"),
    ("relation_kind", "relation_kind", "string"),
    ("family", "family", "string"),
    ("polarity", "polarity", "string"),
    ("statement", "statement", "string"),
    ("symmetric", "symmetric", "boolean"),
    ("valid", "valid", "string"),
    ("valid_from", "valid_from", "string"),
    ("valid_to", "valid_to", "string"),
    ("valid_first_day", "valid_first_day", "int"),
    ("valid_last_day", "valid_last_day", "int"),
    ("confidence", "confidence", "double"),
    ("origins", "origins", "int"),
    ("sources", "sources", "string"),
    ("codes", "codes", "string"),
    ("external_ids", "external_ids", "string"),
    ("edge_label", "label", "string"),
];

/// Edge attributes of the provenance view: (id, attr.name, attr.type).
const PROVENANCE_EDGE_KEYS: [(&str, &str, &str); 6] = [
    ("role", "role", "string"),
    ("attribution", "attribution", "int"),
    ("grade", "grade", "string"),
    ("grade_value", "grade_value", "double"),
    ("reported", "reported", "string"),
    ("edge_label", "label", "string"),
];

/// What the provenance view's claim nodes add to the actor node attributes.
const PROVENANCE_NODE_KEYS: [&str; 2] = ["node_type", "claim_id"];

/// Appends `<data key="key">value</data>` on its own line.
fn data(text: &mut String, key: &str, value: &str) {
    text.push_str("      <data key=\"");
    text.push_str(key);
    text.push_str("\">");
    escape_into(text, value);
    text.push_str("</data>\n");
}

/// Appends a claim's attributes (see [`CLAIM_KEYS`]), key ids prefixed by `prefix`.
/// The `label` attribute is written apart, since its key differs between views.
fn claim_data(
    text: &mut String,
    prefix: &str,
    id: ClaimId,
    claim: &Claim,
    confidence: f64,
    origins: usize,
) {
    let key = |name: &str| format!("{prefix}{name}");
    let symmetric = claim.relation.is_symmetric();
    let kind = claim.relation.kind();
    data(text, &key("claim_id"), &id.index().to_string());
    data(text, &key("relation"), &claim.relation.to_string());
    data(text, &key("relation_kind"), kind.as_str());
    data(text, &key("family"), family_name(kind.family()));
    data(text, &key("polarity"), polarity_name(claim.polarity));
    data(text, &key("statement"), statement_name(claim.statement));
    data(
        text,
        &key("symmetric"),
        if symmetric { "true" } else { "false" },
    );
    data(text, &key("valid"), &claim.valid.to_string());
    let (start, end) = (claim.valid.start(), claim.valid.end());
    if let Some(start) = start {
        data(text, &key("valid_from"), &start.to_string());
    }
    if let Some(end) = end {
        data(text, &key("valid_to"), &end.to_string());
    }
    if start.is_some() {
        let first = claim.valid.first_day().to_string();
        data(text, &key("valid_first_day"), &first);
    }
    if end.is_some() {
        let last = claim.valid.last_day().to_string();
        data(text, &key("valid_last_day"), &last);
    }
    data(text, &key("confidence"), &decimal(confidence));
    data(text, &key("origins"), &origins.to_string());
    let sources: Vec<String> = claim.evidence.iter().map(chain_keys).collect();
    data(text, &key("sources"), &sources.join(" | "));
    if !claim.codes.is_empty() {
        let codes: Vec<&str> = claim.codes.iter().map(String::as_str).collect();
        data(text, &key("codes"), &codes.join("; "));
    }
    if !claim.external_ids.is_empty() {
        let ids: Vec<&str> = claim.external_ids.iter().map(String::as_str).collect();
        data(text, &key("external_ids"), &ids.join(";"));
    }
}

/// The relation, prefixed `not ` when denied: the label tools show.
fn claim_label(claim: &Claim) -> String {
    match claim.polarity {
        Polarity::Asserted => claim.relation.to_string(),
        Polarity::Denied => format!("not {}", claim.relation),
    }
}

/// A grade as written in files: `B2`, or the explicit confidence.
pub(super) fn grade_text(grade: &Grade) -> String {
    match grade {
        Grade::Admiralty(a) => a.to_string(),
        Grade::Confidence(c) => decimal(*c),
    }
}

/// The node id of a claim in the provenance view. Actor keys hold no white space, so
/// no actor can take it.
pub(super) fn claim_node_id(id: ClaimId) -> String {
    format!("claim {}", id.index())
}

/// The source edges of one attribution in the provenance view: `(role, actor)` with
/// role `asserted` (claimant), `published` (outlet) or `relayed` (each relay).
pub(super) fn source_roles(a: &Attribution) -> Vec<(&'static str, &ActorKey)> {
    let mut roles: Vec<(&'static str, &ActorKey)> = Vec::new();
    roles.extend(a.claimant.iter().map(|k| ("asserted", k)));
    roles.extend(a.outlet.iter().map(|k| ("published", k)));
    roles.extend(a.relays.iter().map(|k| ("relayed", k)));
    roles
}

/// Writes the graph as GraphML: actors in insertion order, then claims in id order.
pub(crate) fn write(
    graph: &ClaimGraph,
    writer: impl Write,
    view: View,
) -> Result<ExportReport, IoError> {
    let mut w = BufWriter::new(writer);
    let provenance = view == View::Provenance;
    let mut fixed: Vec<&str> = NODE_KEYS.to_vec();
    if provenance {
        fixed.extend(PROVENANCE_NODE_KEYS);
        fixed.extend(CLAIM_KEYS.iter().map(|(_, name, _)| *name));
    }
    let columns = PropertyColumns::of(graph, &fixed, str::to_owned);
    w.write_all(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"",
            " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
            " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns",
            " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        )
        .as_bytes(),
    )?;
    let key = |id: &str, domain: &str, name: &str, ty: &str| {
        format!(
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{}\" attr.type=\"{ty}\"/>\n",
            escape(name)
        )
    };
    for name in NODE_KEYS {
        w.write_all(key(name, "node", name, "string").as_bytes())?;
    }
    for (i, (_, column)) in columns.external_ids.iter().enumerate() {
        w.write_all(key(&format!("ext{i}"), "node", column, "string").as_bytes())?;
    }
    for (i, (_, column)) in columns.attributes.iter().enumerate() {
        w.write_all(key(&format!("attr{i}"), "node", column, "string").as_bytes())?;
    }
    if provenance {
        w.write_all(key("node_type", "node", "node_type", "string").as_bytes())?;
        // `label` is already declared for nodes: claim nodes reuse it.
        for (id, name, ty) in CLAIM_KEYS.iter().filter(|(id, ..)| *id != "edge_label") {
            w.write_all(key(&format!("claim_{id}"), "node", name, ty).as_bytes())?;
        }
        for (id, name, ty) in PROVENANCE_EDGE_KEYS {
            w.write_all(key(id, "edge", name, ty).as_bytes())?;
        }
    } else {
        for (id, name, ty) in CLAIM_KEYS {
            w.write_all(key(id, "edge", name, ty).as_bytes())?;
        }
    }
    w.write_all(b"  <graph id=\"claimgraph\" edgedefault=\"directed\">\n")?;

    let mut report = ExportReport::default();
    let mut text = String::new();
    for actor in graph.actors() {
        text.clear();
        text.push_str("    <node id=\"");
        escape_into(&mut text, actor.key.as_str());
        text.push_str("\">\n");
        if provenance {
            data(&mut text, "node_type", "actor");
        }
        data(&mut text, "key", actor.key.as_str());
        data(&mut text, "kind", actor.kind.as_str());
        if let Some(g) = actor.group_type {
            data(&mut text, "group_type", group_type_name(g));
        }
        data(&mut text, "name", &actor.name);
        data(&mut text, "label", &actor.name);
        if !actor.aliases.is_empty() {
            let aliases: Vec<&str> = actor.aliases.iter().map(|a| a.name.as_str()).collect();
            data(&mut text, "aliases", &aliases.join("; "));
        }
        for (i, (registry, _)) in columns.external_ids.iter().enumerate() {
            if let Some(value) = actor.external_ids.get(registry) {
                data(&mut text, &format!("ext{i}"), value);
            }
        }
        for (i, (name, _)) in columns.attributes.iter().enumerate() {
            if let Some(value) = actor.attributes.get(name) {
                data(&mut text, &format!("attr{i}"), value);
            }
        }
        text.push_str("    </node>\n");
        w.write_all(text.as_bytes())?;
        report.actors += 1;
    }

    for id in graph.claim_ids() {
        let (Some(claim), Some(confidence), Some(origins)) = (
            graph.claim(id).map(|c| c.to_claim()),
            graph.confidence(id),
            graph.origins(id),
        ) else {
            continue; // ids come from the graph itself, so this never happens
        };
        text.clear();
        if provenance {
            write_claim_node(&mut text, id, &claim, confidence, origins);
        } else {
            text.push_str(&format!("    <edge id=\"c{}\" source=\"", id.index()));
            escape_into(&mut text, claim.subject.as_str());
            text.push_str("\" target=\"");
            escape_into(&mut text, claim.object.as_str());
            text.push_str("\">\n");
            claim_data(&mut text, "", id, &claim, confidence, origins);
            data(&mut text, "edge_label", &claim_label(&claim));
            text.push_str("    </edge>\n");
            // The chain of keys is written; grades, dates and documents are not.
            report.omit(Omission::EvidenceDetail, claim.evidence.len());
        }
        if provenance {
            let lost = claim.evidence.iter().filter(|a| loses_detail(a, true));
            report.omit(Omission::EvidenceDetail, lost.count());
        }
        w.write_all(text.as_bytes())?;
        report.claims += 1;
        report.attributions += claim.evidence.len();
    }
    w.write_all(b"  </graph>\n</graphml>\n")?;
    w.flush()?;
    Ok(report)
}

/// Writes a claim as a node with its `subject`, `object` and source edges.
fn write_claim_node(
    text: &mut String,
    id: ClaimId,
    claim: &Claim,
    confidence: f64,
    origins: usize,
) {
    let node = claim_node_id(id);
    text.push_str("    <node id=\"");
    escape_into(text, &node);
    text.push_str("\">\n");
    data(text, "node_type", "claim");
    claim_data(text, "claim_", id, claim, confidence, origins);
    data(text, "label", &claim_label(claim));
    text.push_str("    </node>\n");
    let edge = |text: &mut String,
                edge_id: String,
                source: &str,
                target: &str,
                role: &str,
                attribution: Option<(usize, &Attribution)>| {
        text.push_str("    <edge id=\"");
        escape_into(text, &edge_id);
        text.push_str("\" source=\"");
        escape_into(text, source);
        text.push_str("\" target=\"");
        escape_into(text, target);
        text.push_str("\">\n");
        data(text, "role", role);
        if let Some((i, a)) = attribution {
            data(text, "attribution", &i.to_string());
            data(text, "grade", &grade_text(&a.grade));
            data(text, "grade_value", &decimal(a.grade.value()));
            if let Some(reported) = a.reported {
                data(text, "reported", &reported.to_string());
            }
        }
        data(text, "edge_label", &role.to_uppercase());
        text.push_str("    </edge>\n");
    };
    let n = id.index();
    edge(
        text,
        format!("c{n}:subject"),
        &node,
        claim.subject.as_str(),
        "subject",
        None,
    );
    edge(
        text,
        format!("c{n}:object"),
        &node,
        claim.object.as_str(),
        "object",
        None,
    );
    for (i, a) in claim.evidence.iter().enumerate() {
        for (j, (role, source)) in source_roles(a).into_iter().enumerate() {
            edge(
                text,
                format!("c{n}:{i}:{j}:{role}"),
                source.as_str(),
                &node,
                role,
                Some((i, a)),
            );
        }
    }
}
