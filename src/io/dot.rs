//! Graphviz DOT export: actors as nodes shaped by kind, claims as edges styled by
//! relation family, confidence, number of sources and polarity.
//!
//! The output is one `digraph claimgraph { ... }`: actors in insertion order, then
//! claims in id order, every number with fixed decimals, so the same graph always
//! gives the same bytes (and diffs of two exports are meaningful). A filtered graph or
//! an ego network is a [`ClaimGraph`] too and is drawn the same way. Render with
//! `dot -Tsvg graph.dot -o graph.svg` (SVG keeps the tooltips and links).
//!
//! # Size guard
//!
//! Graphviz's layout takes minutes past a few thousand edges and does not finish on
//! tens of thousands, so an export of more than
//! [`Exporter::DEFAULT_DOT_MAX_CLAIMS`](crate::io::Exporter::DEFAULT_DOT_MAX_CLAIMS)
//! (5,000) claims fails with [`IoError::TooLarge`]
//! before writing anything; draw an ego network
//! ([`traverse::ego_network`](crate::traverse::ego_network)) or raise the limit with
//! [`Exporter::dot_max_claims`](crate::io::Exporter::dot_max_claims).
//!
//! # Provenance view
//!
//! With [`View::Provenance`](crate::io::View) each claim is a small rounded box
//! (id `claim <index>`, labelled with the relation and valid time, outlined in the
//! family colour) between a line from its subject and an arrow to its object, both
//! as wide as the confidence; each source points at it with a grey dotted arrow
//! labelled with its role, grade and reported date (`asserted B2`, `relayed 0.60
//! 2024-03`).
//!
//! # Legend
//!
//! Unless [`Exporter::legend`](crate::io::Exporter::legend) turns it off, the file
//! starts with `subgraph cluster_legend`, drawn in the picture: one node per actor
//! kind, one short edge per relation family, then a dashed one (one voice) and a
//! denied one. Its node ids start with `legend ` (a space, which no actor key holds).
//!
//! **Nodes** are labelled with the actor's primary name; the node id is its key.
//!
//! | actor kind | shape | fill |
//! |---|---|---|
//! | state | `box` (rectangle) | light blue `#dbe9f6` |
//! | person | `ellipse` | light orange `#fde2c7` |
//! | group | `hexagon` | light green `#dff0d8` |
//! | media outlet | `note` (page with a folded corner) | light grey `#eeeeee` |
//! | region | `tab` (folder) | lavender `#ece2f0` |
//!
//! The node tooltip gives the key, the kind (and group type), the other names, the
//! external ids and the free attributes; an actor with a Wikidata id links to its
//! Wikidata page (`URL`, clickable in SVG).
//!
//! **Edges** run from subject to object. Colours are the Okabe-Ito palette, which
//! stays distinguishable for colour-blind readers:
//!
//! | relation family | colour |
//! |---|---|
//! | diplomatic (met, visited, negotiated, agreed, allied) | blue `#0072B2` |
//! | material (cooperation, trade, arms, payments, support, presence) | green `#009E73` |
//! | conflict (criticism, threats, opposition, severance, coercion, attacks) | vermillion `#D55E00` |
//! | structural (membership, leadership, employment, ownership, family, association) | black `#000000` |
//! | illicit (involvement in crime) | reddish purple `#CC79A7` |
//! | communication (statements, appeals, demands, monitoring) | sky blue `#56B4E9` |
//! | custom | orange `#E69F00` |
//!
//! Edge labels use a darker shade of the same hue (`#005A8C`, `#00755A`, `#A34400`,
//! `#000000`, `#A0487F`, `#2B7BB0`, `#9A6A00` in the order above), readable as small
//! text on white.
//!
//! - **width** grows with the claim's derived confidence `c`: `penwidth = 0.5 + 3·c`
//!   (0.5 for no confidence, 3.5 for certainty);
//! - **dashed** lines rest on a single independent origin (one voice, however many
//!   outlets relayed it); solid lines are corroborated by two or more;
//! - **denied** claims are grey `#999999` (label `#707070`), end in a bar
//!   (`arrowhead=tee`) and their label starts with `not `;
//! - **symmetric** relations (met with, negotiates, signed agreement, allied with,
//!   cooperates, family of, associated) have no arrowhead (`dir=none`; a denied one
//!   has a bar at both ends);
//! - the **label** is the relation (underscores as spaces) and, on a second line, the
//!   valid time: `2023-07`, `since 2006`, `until 2024-03`, `2023-07 to 2023-10-31`
//!   (nothing when unknown);
//! - the **tooltip** repeats subject, relation and object, gives the confidence and
//!   the number of origins, then one line per attribution: claimant, `in` first
//!   outlet, `via` relays, and the grade (`B2` or an explicit confidence);
//! - the SVG id of each edge is `claim` followed by the claim's index.
//!
//! # Escaping
//!
//! Every id and attribute value is a double-quoted DOT string in which `"` is written
//! `\"` and `\` is written `\\`. Graphviz keeps `\\` in ids as two characters, so the
//! node id of a key with a backslash shows it doubled in SVG titles, but every key
//! still maps to its own node and no key can end a string early; in labels and
//! tooltips `\\` shows as one backslash. Control characters (a line feed in a name,
//! say) become spaces, and U+FFFE and U+FFFF, which would make the SVG that Graphviz
//! writes ill-formed XML, become U+FFFD. The file is UTF-8, Graphviz's default charset.
//!
//! ```
//! use claimgraph::ClaimGraph;
//! use claimgraph::io::{Exporter, Format};
//! use claimgraph::model::{Actor, ActorKind};
//! let mut g = ClaimGraph::new();
//! g.add_actor(Actor::new("iran", ActorKind::State, "Irán")?)?;
//! let mut out = Vec::new();
//! Exporter::from_format(Format::Dot).export(&g, &mut out)?;
//! let dot = String::from_utf8(out)?;
//! assert!(dot.starts_with("digraph claimgraph {\n"));
//! assert!(dot.contains(r##""iran" [label="Irán", shape=box, fillcolor="#dbe9f6""##));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{BufWriter, Write};

use super::graphml::{claim_node_id, family_name, group_type_name, source_roles};
use super::{ExportReport, IoError, Omission, View};
use crate::model::{
    Actor, ActorKind, Attribution, Claim, Grade, Polarity, Relation, RelationFamily, ValidTime,
};
use crate::{ClaimGraph, ClaimId};

/// The node shape of an actor kind (see the legend).
fn shape(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::State => "box",
        ActorKind::Person => "ellipse",
        ActorKind::Group => "hexagon",
        ActorKind::MediaOutlet => "note",
        ActorKind::Region => "tab",
    }
}

/// The node fill of an actor kind (see the legend).
fn fill(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::State => "#dbe9f6",
        ActorKind::Person => "#fde2c7",
        ActorKind::Group => "#dff0d8",
        ActorKind::MediaOutlet => "#eeeeee",
        ActorKind::Region => "#ece2f0",
    }
}

/// The edge colour of a relation family (see the legend).
fn colour(family: RelationFamily) -> &'static str {
    match family {
        RelationFamily::Diplomatic => "#0072B2",
        RelationFamily::Material => "#009E73",
        RelationFamily::Conflict => "#D55E00",
        RelationFamily::Structural => "#000000",
        RelationFamily::Illicit => "#CC79A7",
        RelationFamily::Communication => "#56B4E9",
        RelationFamily::Custom => "#E69F00",
    }
}

/// A darker shade of each family colour for edge labels: the pale colours (sky blue,
/// orange, purple) are hard to read as 8-point text on white.
fn label_colour(family: RelationFamily) -> &'static str {
    match family {
        RelationFamily::Diplomatic => "#005A8C",
        RelationFamily::Material => "#00755A",
        RelationFamily::Conflict => "#A34400",
        RelationFamily::Structural => "#000000",
        RelationFamily::Illicit => "#A0487F",
        RelationFamily::Communication => "#2B7BB0",
        RelationFamily::Custom => "#9A6A00",
    }
}

/// The colour of denied claims, whatever their family, and of their labels.
const DENIED: &str = "#999999";
const DENIED_LABEL: &str = "#707070";

/// `text` as the inside of a DOT double-quoted string (without the quotes).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            // Doubling keeps a trailing backslash from escaping the closing quote, and
            // keeps `\n`, `\N`, `\l`... in names from being read as label escapes.
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            // Not characters in XML, so they would make Graphviz's SVG ill-formed.
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Lines joined by the DOT label escape for a centred line break, each escaped.
fn lines(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| escape(p))
        .collect::<Vec<_>>()
        .join("\\n")
}

/// The relation as a reader says it: `supplies arms`, `cooperates: security`.
fn readable(relation: &Relation) -> String {
    relation.to_string().replace('_', " ").replace(':', ": ")
}

/// The valid time as a short phrase, `None` when nothing is known.
fn readable_time(valid: &ValidTime) -> Option<String> {
    if valid.is_single() {
        return valid.start().map(|d| d.to_string());
    }
    match (valid.start(), valid.end()) {
        (None, None) => None,
        (Some(s), None) => Some(format!("since {s}")),
        (None, Some(e)) => Some(format!("until {e}")),
        (Some(s), Some(e)) => Some(format!("{s} to {e}")),
    }
}

/// A grade as analysts write it: `B2`, or the explicit confidence with two decimals.
fn readable_grade(grade: &Grade) -> String {
    match grade {
        Grade::Admiralty(a) => a.to_string(),
        Grade::Confidence(c) => format!("{c:.2}"),
    }
}

fn node_tooltip(actor: &Actor) -> Vec<String> {
    let kind = match actor.group_type {
        Some(g) => format!("{}: {}", actor.kind, group_type_name(g)),
        None => actor.kind.to_string(),
    };
    let mut parts = vec![format!("{} ({kind})", actor.key)];
    if !actor.aliases.is_empty() {
        let names: Vec<&str> = actor.aliases.iter().map(|a| a.name.as_str()).collect();
        parts.push(format!("also: {}", names.join(", ")));
    }
    for (registry, id) in &actor.external_ids {
        parts.push(format!("{registry}: {id}"));
    }
    for (name, value) in &actor.attributes {
        parts.push(format!("{name}: {value}"));
    }
    parts
}

/// One attribution for people: `Miguel Ángel Toma in La Nación via Diálogo (B2)`.
fn attribution_line(graph: &ClaimGraph, a: &Attribution) -> String {
    let name = |key: &crate::model::ActorKey| {
        graph
            .actor_by_key(key.as_str())
            .map_or_else(|| key.to_string(), |actor| actor.name.clone())
    };
    let mut line = String::from("• ");
    let mut words = Vec::new();
    if let Some(c) = &a.claimant {
        words.push(name(c));
    }
    if let Some(o) = &a.outlet {
        // An outlet speaking for itself is named once.
        if a.claimant.as_ref() != Some(o) {
            words.push(if words.is_empty() {
                name(o)
            } else {
                format!("in {}", name(o))
            });
        }
    }
    if !a.relays.is_empty() {
        let relays: Vec<String> = a.relays.iter().map(name).collect();
        words.push(format!("via {}", relays.join(", ")));
    }
    line.push_str(&words.join(" "));
    line.push_str(&format!(" ({})", readable_grade(&a.grade)));
    line
}

/// The relation families in the legend's order (the order of the module docs).
const FAMILIES: [RelationFamily; 7] = [
    RelationFamily::Diplomatic,
    RelationFamily::Material,
    RelationFamily::Conflict,
    RelationFamily::Structural,
    RelationFamily::Illicit,
    RelationFamily::Communication,
    RelationFamily::Custom,
];

/// Node id prefix of the legend's nodes: it holds a space, which no actor key can, so
/// legend and actors never share a node.
const LEGEND: &str = "legend ";

/// The legend: a cluster with one node per actor kind and one edge per relation
/// family, plus the single-voice and denied styles.
fn legend(w: &mut impl Write) -> Result<(), IoError> {
    let mut text = String::from(
        "\tsubgraph cluster_legend {\n\t\tlabel=\"Legend\"; fontsize=10; color=\"#bbbbbb\";\n",
    );
    for kind in ActorKind::ALL {
        text.push_str(&format!(
            "\t\t\"{LEGEND}{kind}\" [label=\"{}\", shape={}, fillcolor=\"{}\", fontsize=9];\n",
            kind.as_str().replace('_', " "),
            shape(kind),
            fill(kind),
        ));
    }
    let mut styles: Vec<(String, &str, &str, &str)> = FAMILIES
        .iter()
        .map(|&f| (family_name(f).to_owned(), colour(f), label_colour(f), ""))
        .collect();
    styles.push((
        "one voice".to_owned(),
        "#555555",
        "#555555",
        ", style=dashed",
    ));
    styles.push(("denied".to_owned(), DENIED, DENIED_LABEL, ", arrowhead=tee"));
    for (i, (label, colour, fontcolour, extra)) in styles.iter().enumerate() {
        text.push_str(&format!(
            "\t\t\"{LEGEND}{i}a\" [shape=point, width=0.05];\n\t\t\"{LEGEND}{i}b\" [shape=point, width=0.05];\n\
             \t\t\"{LEGEND}{i}a\" -> \"{LEGEND}{i}b\" [label=\"{label}\", color=\"{colour}\", fontcolor=\"{fontcolour}\", penwidth=2{extra}];\n",
        ));
    }
    text.push_str("\t}\n");
    w.write_all(text.as_bytes())?;
    Ok(())
}

/// Writes the graph as a DOT digraph (see the module docs for the legend).
pub(crate) fn write(
    graph: &ClaimGraph,
    writer: impl Write,
    view: View,
    with_legend: bool,
) -> Result<ExportReport, IoError> {
    let provenance = view == View::Provenance;
    let mut report = ExportReport::default();
    let mut w = BufWriter::new(writer);
    w.write_all(
        concat!(
            "digraph claimgraph {\n",
            "\tgraph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.2, ranksep=0.5];\n",
            "\tnode [style=filled, fontname=\"Helvetica\", fontsize=11, color=\"#555555\"];\n",
            "\tedge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.7];\n",
        )
        .as_bytes(),
    )?;
    if with_legend {
        legend(&mut w)?;
    }
    for actor in graph.actors() {
        let kind = actor.kind;
        let mut line = format!(
            "\t\"{}\" [label=\"{}\", shape={}, fillcolor=\"{}\", tooltip=\"{}\"",
            escape(actor.key.as_str()),
            escape(&actor.name),
            shape(kind),
            fill(kind),
            lines(&node_tooltip(actor)),
        );
        if let Some(qid) = actor.external_ids.get("wikidata") {
            line.push_str(&format!(
                ", URL=\"https://www.wikidata.org/wiki/{}\"",
                escape(qid)
            ));
        }
        line.push_str("];\n");
        w.write_all(line.as_bytes())?;
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
        let denied = claim.polarity == Polarity::Denied;
        let symmetric = claim.relation.is_symmetric();
        let relation = match claim.polarity {
            Polarity::Asserted => readable(&claim.relation),
            Polarity::Denied => format!("not {}", readable(&claim.relation)),
        };
        let time = readable_time(&claim.valid);
        let mut label = vec![relation.clone()];
        label.extend(time.clone());

        let name = |key: &crate::model::ActorKey| {
            graph
                .actor_by_key(key.as_str())
                .map_or_else(|| key.to_string(), |a| a.name.clone())
        };
        let arrow = if symmetric { "—" } else { "→" };
        let mut headline = format!(
            "{} {arrow} {}: {relation}",
            name(&claim.subject),
            name(&claim.object)
        );
        if let Some(t) = &time {
            headline.push_str(&format!(", {t}"));
        }
        let voices = if origins == 1 { "origin" } else { "origins" };
        let mut tooltip = vec![
            headline,
            format!("confidence {confidence:.2} from {origins} independent {voices}"),
        ];
        tooltip.extend(claim.evidence.iter().map(|a| attribution_line(graph, a)));

        let family = claim.relation.kind().family();
        let (colour, fontcolour) = if denied {
            (DENIED, DENIED_LABEL)
        } else {
            (colour(family), label_colour(family))
        };
        let style = if origins <= 1 { "dashed" } else { "solid" };
        let direction = match (symmetric, denied) {
            (false, false) => "",
            (false, true) => ", arrowhead=tee",
            (true, false) => ", dir=none",
            (true, true) => ", dir=both, arrowhead=tee, arrowtail=tee",
        };
        let line = if provenance {
            provenance_lines(claim_view(id, &claim), &label, &tooltip, colour, confidence)
        } else {
            format!(
                "\t\"{}\" -> \"{}\" [label=\"{}\", color=\"{colour}\", fontcolor=\"{fontcolour}\", \
                 penwidth={:.2}, style={style}{direction}, tooltip=\"{}\", id=\"claim{}\"];\n",
                escape(claim.subject.as_str()),
                escape(claim.object.as_str()),
                lines(&label),
                0.5 + 3.0 * confidence,
                lines(&tooltip),
                id.index(),
            )
        };
        w.write_all(line.as_bytes())?;
        report.claims += 1;
        report.attributions += claim.evidence.len();
        // Tooltips carry grades; reported dates only reach the provenance view's labels.
        let lost = claim.evidence.iter().filter(|a| {
            a.document.is_some() || a.excerpt.is_some() || (!provenance && a.reported.is_some())
        });
        report.omit(Omission::EvidenceDetail, lost.count());
    }
    w.write_all(b"}\n")?;
    w.flush()?;
    Ok(report)
}

/// A claim and its id, for [`provenance_lines`].
fn claim_view(id: ClaimId, claim: &Claim) -> (ClaimId, &Claim) {
    (id, claim)
}

/// The provenance view of one claim: a small box for the claim, an edge from its
/// subject and one to its object in the family colour, and one grey edge from each
/// source, labelled with its role, grade and reported date.
fn provenance_lines(
    (id, claim): (ClaimId, &Claim),
    label: &[String],
    tooltip: &[String],
    colour: &str,
    confidence: f64,
) -> String {
    let node = claim_node_id(id);
    let width = 0.5 + 3.0 * confidence;
    let mut text = format!(
        "\t\"{node}\" [label=\"{}\", shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", \
         color=\"{colour}\", fontsize=8, tooltip=\"{}\", id=\"claim{}\"];\n",
        lines(label),
        lines(tooltip),
        id.index(),
    );
    text.push_str(&format!(
        "\t\"{}\" -> \"{node}\" [color=\"{colour}\", penwidth={width:.2}, arrowhead=none];\n",
        escape(claim.subject.as_str()),
    ));
    text.push_str(&format!(
        "\t\"{node}\" -> \"{}\" [color=\"{colour}\", penwidth={width:.2}];\n",
        escape(claim.object.as_str()),
    ));
    for a in &claim.evidence {
        for (role, source) in source_roles(a) {
            let mut words = vec![format!("{role} {}", readable_grade(&a.grade))];
            words.extend(a.reported.map(|d| d.to_string()));
            text.push_str(&format!(
                "\t\"{}\" -> \"{node}\" [label=\"{}\", color=\"#888888\", fontcolor=\"#555555\", \
                 style=dotted];\n",
                escape(source.as_str()),
                lines(&words),
            ));
        }
    }
    text
}
