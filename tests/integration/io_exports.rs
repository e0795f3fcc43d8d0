//! The DOT, GraphML and Neo4j CSV exports, checked line by line on a small graph built
//! by hand, plus escaping of hostile names and keys, XML well-formedness, and (where
//! Graphviz is installed) that `dot` renders the output.
//!
//! Numbers in the expected texts, worked out by hand and checked with python3:
//! - confidences (noisy-OR over independent voices):
//!   `python3 -c "print(1-(1-0.5)*(1-0.6), 0.8*0.8, 0.3, 0.7, 0.9)"` gives
//!   0.8, 0.64 (B2 = 0.80 x 0.80), 0.3, 0.7, 0.9;
//! - pen widths 0.5 + 3c: 2.90, 2.42, 1.40, 2.60, 3.20;
//! - day numbers: `python3 -c "from datetime import date as d; e=d(1970,1,1);
//!   print([(x-e).days for x in (d(2023,7,1), d(2023,7,31), d(2023,7,20), d(2006,1,1))])"`
//!   gives [19539, 19569, 19558, 13149].

use std::collections::HashMap;
use std::error::Error;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use claimgraph::ClaimGraph;
use claimgraph::io::{Exporter, Format, Importer, View};
use claimgraph::model::{
    Actor, ActorKey, ActorKind, Attribution, Claim, Grade, GroupType, Polarity, Relation,
    StatementKind, ValidTime,
};

type Result<T = ()> = std::result::Result<T, Box<dyn Error>>;

fn key(text: &str) -> ActorKey {
    ActorKey::new(text).expect("test keys are valid")
}

fn grade(value: f64) -> Grade {
    Grade::confidence(value).expect("test grades are in [0, 1]")
}

/// Toma's free-text note: a comma, quotes and a line break, for CSV and XML quoting.
const NOTE: &str = "said \"yes\", then\nno";

/// Five actors of five kinds (one name with quotes and accents) and five claims:
/// corroborated, symmetric, open-ended assessment, denied, and one with no time.
fn small_graph() -> Result<ClaimGraph> {
    let mut g = ClaimGraph::new();
    g.add_actor(
        Actor::new("iran", ActorKind::State, "Iran")?
            .with_alias("Irán", Some("es"))
            .with_external_id("wikidata", "Q794"),
    )?;
    g.add_actor(Actor::new("bolivia", ActorKind::State, "Bolivia")?)?;
    g.add_actor(
        Actor::new("toma", ActorKind::Person, "Miguel Ángel \"Mike\" Toma")?
            .with_attribute("role", "former intelligence chief")
            .with_attribute("note", NOTE),
    )?;
    g.add_actor(Actor::new(
        "la_nacion",
        ActorKind::MediaOutlet,
        "La Nación",
    )?)?;
    g.add_actor(
        Actor::new("quds_force", ActorKind::Group, "Quds Force")?
            .with_group_type(GroupType::Military)
            .with_alias("Fuerza Quds", Some("es")),
    )?;
    // Claim 0: two independent voices.
    g.add_claim(
        Claim::new(
            key("iran"),
            Relation::SuppliesArms,
            key("bolivia"),
            "2023-07".parse()?,
        )
        .with_code("CAMEO:062")
        .with_evidence(
            Attribution::new(grade(0.5))
                .with_claimant(key("toma"))
                .with_outlet(key("la_nacion")),
        )
        .with_evidence(Attribution::new(grade(0.6)).with_claimant(key("bolivia"))),
    )?;
    // Claim 1: symmetric, so stored from the smaller key (bolivia) to the larger.
    g.add_claim(
        Claim::new(
            key("iran"),
            Relation::SignedAgreement,
            key("bolivia"),
            "2023-07-20".parse()?,
        )
        .with_evidence(
            Attribution::new(Grade::Admiralty("B2".parse()?)).with_claimant(key("bolivia")),
        ),
    )?;
    // Claim 2: an assessment with an open end.
    g.add_claim(
        Claim::new(
            key("quds_force"),
            Relation::HasPresenceIn,
            key("bolivia"),
            "2006/..".parse()?,
        )
        .with_statement(StatementKind::Assessment)
        .with_evidence(
            Attribution::new(grade(0.3))
                .with_claimant(key("toma"))
                .with_outlet(key("la_nacion")),
        ),
    )?;
    // Claim 3: Iran denies claim 0.
    g.add_claim(
        Claim::new(
            key("iran"),
            Relation::SuppliesArms,
            key("bolivia"),
            "2023-07".parse()?,
        )
        .with_polarity(Polarity::Denied)
        .with_evidence(Attribution::new(grade(0.7)).with_claimant(key("iran"))),
    )?;
    // Claim 4: no valid time, an outlet with no claimant.
    g.add_claim(
        Claim::new(
            key("toma"),
            Relation::Criticizes,
            key("iran"),
            ValidTime::ALWAYS,
        )
        .with_evidence(Attribution::new(grade(0.9)).with_outlet(key("la_nacion"))),
    )?;
    Ok(g)
}

/// Two actors whose keys and names hold every character DOT and XML treat specially.
fn hostile_graph() -> Result<ClaimGraph> {
    let mut g = ClaimGraph::new();
    g.add_actor(Actor::new(
        "a\"b",
        ActorKind::Person,
        "Back\\slash \"quoted\"\nsecond line",
    )?)?;
    g.add_actor(Actor::new(
        "c\\",
        ActorKind::Person,
        "<&> tab\there\r\u{1}\u{FFFF}",
    )?)?;
    g.add_claim(
        Claim::new(key("c\\"), Relation::MetWith, key("a\"b"), "2024".parse()?)
            .with_polarity(Polarity::Denied)
            .with_evidence(Attribution::new(grade(0.5)).with_claimant(key("a\"b"))),
    )?;
    Ok(g)
}

fn seed_graph() -> Result<ClaimGraph> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/iran_bolivia.jsonl");
    let mut g = ClaimGraph::new();
    Importer::from_format(Format::JsonLines)
        .import(std::fs::read_to_string(path)?.as_bytes(), &mut g)?;
    Ok(g)
}

fn export(graph: &ClaimGraph, format: Format) -> Result<String> {
    let mut out = Vec::new();
    // The exact DOT tests compare the drawing without its legend (tested apart).
    Exporter::from_format(format)
        .legend(false)
        .export(graph, &mut out)?;
    Ok(String::from_utf8(out)?)
}

/// A DOT file from the lines inside the braces (each written with a leading tab).
fn digraph(inner: &[&str]) -> String {
    let mut text = String::from("digraph claimgraph {\n");
    for line in inner {
        text.push('\t');
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("}\n");
    text
}

const DOT_DEFAULTS: [&str; 3] = [
    r##"graph [rankdir=LR, fontname="Helvetica", nodesep=0.2, ranksep=0.5];"##,
    r##"node [style=filled, fontname="Helvetica", fontsize=11, color="#555555"];"##,
    r##"edge [fontname="Helvetica", fontsize=8, arrowsize=0.7];"##,
];

// ----- DOT ----------------------------------------------------------------------------

#[test]
fn dot_export_of_small_graph_is_exact() -> Result {
    let mut expected = DOT_DEFAULTS.to_vec();
    expected.extend([
        r##""iran" [label="Iran", shape=box, fillcolor="#dbe9f6", tooltip="iran (state)\nalso: Irán\nwikidata: Q794", URL="https://www.wikidata.org/wiki/Q794"];"##,
        r##""bolivia" [label="Bolivia", shape=box, fillcolor="#dbe9f6", tooltip="bolivia (state)"];"##,
        // The line break of the note becomes a space; attributes in name order.
        r##""toma" [label="Miguel Ángel \"Mike\" Toma", shape=ellipse, fillcolor="#fde2c7", tooltip="toma (person)\nnote: said \"yes\", then no\nrole: former intelligence chief"];"##,
        r##""la_nacion" [label="La Nación", shape=note, fillcolor="#eeeeee", tooltip="la_nacion (media_outlet)"];"##,
        r##""quds_force" [label="Quds Force", shape=hexagon, fillcolor="#dff0d8", tooltip="quds_force (group: military)\nalso: Fuerza Quds"];"##,
        // Two origins: solid. Material: green.
        r##""iran" -> "bolivia" [label="supplies arms\n2023-07", color="#009E73", fontcolor="#00755A", penwidth=2.90, style=solid, tooltip="Iran → Bolivia: supplies arms, 2023-07\nconfidence 0.80 from 2 independent origins\n• Miguel Ángel \"Mike\" Toma in La Nación (0.50)\n• Bolivia (0.60)", id="claim0"];"##,
        // Symmetric: stored bolivia -> iran, no arrowhead. Diplomatic: blue.
        r##""bolivia" -> "iran" [label="signed agreement\n2023-07-20", color="#0072B2", fontcolor="#005A8C", penwidth=2.42, style=dashed, dir=none, tooltip="Bolivia — Iran: signed agreement, 2023-07-20\nconfidence 0.64 from 1 independent origin\n• Bolivia (B2)", id="claim1"];"##,
        r##""quds_force" -> "bolivia" [label="has presence in\nsince 2006", color="#009E73", fontcolor="#00755A", penwidth=1.40, style=dashed, tooltip="Quds Force → Bolivia: has presence in, since 2006\nconfidence 0.30 from 1 independent origin\n• Miguel Ángel \"Mike\" Toma in La Nación (0.30)", id="claim2"];"##,
        // Denied: grey, bar, "not".
        r##""iran" -> "bolivia" [label="not supplies arms\n2023-07", color="#999999", fontcolor="#707070", penwidth=2.60, style=dashed, arrowhead=tee, tooltip="Iran → Bolivia: not supplies arms, 2023-07\nconfidence 0.70 from 1 independent origin\n• Iran (0.70)", id="claim3"];"##,
        // No valid time: no second label line. Conflict: vermillion.
        r##""toma" -> "iran" [label="criticizes", color="#D55E00", fontcolor="#A34400", penwidth=3.20, style=dashed, tooltip="Miguel Ángel \"Mike\" Toma → Iran: criticizes\nconfidence 0.90 from 1 independent origin\n• La Nación (0.90)", id="claim4"];"##,
    ]);
    assert_eq!(export(&small_graph()?, Format::Dot)?, digraph(&expected));
    Ok(())
}

#[test]
fn dot_escapes_quotes_backslashes_and_controls() -> Result {
    // `{R}` stands for U+FFFD, which replaces U+FFFF (not an XML character, so it would
    // spoil Graphviz's SVG); tab, CR and U+0001 become spaces.
    let name = "<&> tab here  {R}";
    let mut expected: Vec<String> = DOT_DEFAULTS.iter().map(|l| l.to_string()).collect();
    expected.extend(
        [
            r##""a\"b" [label="Back\\slash \"quoted\" second line", shape=ellipse, fillcolor="#fde2c7", tooltip="a\"b (person)"];"##,
            // A key ending in a backslash must not escape the closing quote.
            r##""c\\" [label="{NAME}", shape=ellipse, fillcolor="#fde2c7", tooltip="c\\ (person)"];"##,
            // Symmetric and denied: bars at both ends; stored from the smaller key.
            r##""a\"b" -> "c\\" [label="not met with\n2024", color="#999999", fontcolor="#707070", penwidth=2.00, style=dashed, dir=both, arrowhead=tee, arrowtail=tee, tooltip="Back\\slash \"quoted\" second line — {NAME}: not met with, 2024\nconfidence 0.50 from 1 independent origin\n• Back\\slash \"quoted\" second line (0.50)", id="claim0"];"##,
        ]
        .map(|l| l.replace("{NAME}", name).replace("{R}", "\u{FFFD}")),
    );
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(export(&hostile_graph()?, Format::Dot)?, digraph(&expected));
    Ok(())
}

/// Whether Graphviz can be run. Without it the rendering checks are skipped, which CI
/// (where `CI` is set and the Debian package graphviz is installed) does not allow.
fn graphviz_available() -> bool {
    let found = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!(
            "graphviz `dot` is not on the PATH: rendering of the DOT export NOT checked \
             (install the Debian package graphviz)"
        );
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set, so graphviz must be installed (apt-get install graphviz)"
        );
    }
    found
}

/// Runs `dot -Tsvg` on `text`, asserting that it succeeds without a warning.
fn render_svg(text: &str) -> Result<String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(text.as_bytes())?;
    let out = child.wait_with_output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot failed: {stderr}");
    assert_eq!(stderr, "", "dot warned");
    Ok(String::from_utf8(out.stdout)?)
}

#[test]
fn graphviz_renders_every_export() -> Result {
    if !graphviz_available() {
        return Ok(());
    }
    let svg = render_svg(&export(&small_graph()?, Format::Dot)?)?;
    assert_eq!(svg.matches(r#"class="node""#).count(), 5);
    assert_eq!(svg.matches(r#"class="edge""#).count(), 5);
    // Graphviz reads `\"` as a quote and keeps `\\` as two characters in ids: both
    // hostile keys are nodes of their own, and the file did not end early.
    let svg = render_svg(&export(&hostile_graph()?, Format::Dot)?)?;
    assert!(svg.contains("<title>a&quot;b</title>"), "{svg}");
    assert!(svg.contains("<title>c\\\\</title>"), "{svg}");
    assert!(svg.contains(">Back\\slash &quot;quoted&quot; second line</text>"));
    let seed = seed_graph()?;
    let svg = render_svg(&export(&seed, Format::Dot)?)?;
    assert_eq!(svg.matches(r#"class="node""#).count(), seed.actor_count());
    assert_eq!(svg.matches(r#"class="edge""#).count(), seed.claim_count());
    Ok(())
}

// ----- GraphML ------------------------------------------------------------------------

/// One element of a parsed XML document.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: HashMap<String, String>,
    /// The element's own text, entities decoded.
    text: String,
    /// Index of the parent element, `None` for the root.
    parent: Option<usize>,
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':'))
}

/// Decodes character and entity references, rejecting a bare `&` or `<`.
fn decode(text: &str) -> std::result::Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let end = rest[amp..]
            .find(';')
            .ok_or_else(|| format!("bare & in {text:?}"))?;
        let entity = &rest[amp + 1..amp + end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16)
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse()
                } else {
                    return Err(format!("unknown entity &{entity};"));
                };
                code.ok()
                    .and_then(char::from_u32)
                    .filter(|c| is_xml_char(*c))
                    .ok_or_else(|| format!("bad character reference &{entity};"))?
            }
        };
        out.push(c);
        rest = &rest[amp + end + 1..];
    }
    if rest.contains('<') {
        return Err(format!("bare < in {text:?}"));
    }
    out.push_str(rest);
    Ok(out)
}

/// A minimal well-formedness check (no XML crate is available): allowed characters
/// only, an XML declaration, properly nested and named elements, quoted and unique
/// attributes, valid references, one root. Returns the elements in document order.
fn parse_xml(doc: &str) -> std::result::Result<Vec<Element>, String> {
    if let Some(bad) = doc.chars().find(|c| !is_xml_char(*c)) {
        return Err(format!("character {bad:?} is not allowed in XML 1.0"));
    }
    let mut rest = doc
        .strip_prefix("<?xml ")
        .and_then(|r| r.split_once("?>"))
        .ok_or("no XML declaration")?
        .1;
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut roots = 0;
    loop {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        match open.last() {
            Some(&i) => {
                if text.contains("]]>") {
                    return Err("]]> in text".into());
                }
                elements[i].text.push_str(&decode(text)?);
            }
            None if !text.trim().is_empty() => return Err(format!("text outside root: {text:?}")),
            None => {}
        }
        if lt == rest.len() {
            break;
        }
        rest = &rest[lt + 1..];
        if let Some(r) = rest.strip_prefix('/') {
            let (name, after) = r.split_once('>').ok_or("unterminated end tag")?;
            let i = open.pop().ok_or("end tag without start")?;
            if elements[i].name != name.trim_end() {
                return Err(format!("</{name}> closes <{}>", elements[i].name));
            }
            rest = after;
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .ok_or("unterminated tag")?;
        let name = &rest[..name_end];
        if !is_name(name) {
            return Err(format!("bad element name {name:?}"));
        }
        rest = &rest[name_end..];
        let mut attrs = HashMap::new();
        let empty;
        loop {
            rest = rest.trim_start();
            if let Some(r) = rest.strip_prefix("/>") {
                (empty, rest) = (true, r);
                break;
            }
            if let Some(r) = rest.strip_prefix('>') {
                (empty, rest) = (false, r);
                break;
            }
            let (attr, r) = rest.split_once('=').ok_or("attribute without =")?;
            if !is_name(attr) {
                return Err(format!("bad attribute name {attr:?}"));
            }
            let r = r.strip_prefix('"').ok_or("unquoted attribute")?;
            let (value, r) = r.split_once('"').ok_or("unterminated attribute")?;
            if attrs.insert(attr.to_owned(), decode(value)?).is_some() {
                return Err(format!("duplicate attribute {attr}"));
            }
            rest = r;
        }
        if open.is_empty() {
            roots += 1;
        }
        elements.push(Element {
            name: name.to_owned(),
            attrs,
            text: String::new(),
            parent: open.last().copied(),
        });
        if !empty {
            open.push(elements.len() - 1);
        }
    }
    if !open.is_empty() || roots != 1 {
        return Err(format!("{} unclosed elements, {roots} roots", open.len()));
    }
    Ok(elements)
}

#[test]
fn xml_checker_rejects_malformed_documents() {
    let decl = "<?xml version=\"1.0\"?>";
    for bad in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a x=1/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a/><b/>",
        "<a>\u{1}</a>",
        "<a>&#1;</a>",
        "<a>",
    ] {
        assert!(
            parse_xml(&format!("{decl}{bad}")).is_err(),
            "{bad} accepted"
        );
    }
    let ok = parse_xml(&format!("{decl}<a x=\"&lt;&#10;\"><b>t&amp;</b></a>")).expect("valid");
    assert_eq!(ok[0].attrs["x"], "<\n");
    assert_eq!(ok[1].text, "t&");
}

/// The data values of every node or edge, by `attr.name`, typed values checked.
fn graphml_items(doc: &str, element: &str) -> Result<Vec<(String, HashMap<String, String>)>> {
    let elements = parse_xml(doc)?;
    let keys: HashMap<&str, &Element> = elements
        .iter()
        .filter(|e| e.name == "key")
        .map(|e| (e.attrs["id"].as_str(), e))
        .collect();
    let mut items = Vec::new();
    for (i, e) in elements.iter().enumerate() {
        if e.name != element {
            continue;
        }
        let mut values = HashMap::new();
        for d in elements.iter().filter(|d| d.parent == Some(i)) {
            assert_eq!(d.name, "data");
            let key = keys.get(d.attrs["key"].as_str()).ok_or("undeclared key")?;
            assert_eq!(key.attrs["for"], element, "key used on the wrong element");
            let ok = match key.attrs["attr.type"].as_str() {
                "int" => d.text.parse::<i32>().is_ok(),
                "double" => d.text.parse::<f64>().is_ok(),
                "boolean" => d.text == "true" || d.text == "false",
                _ => true,
            };
            assert!(ok, "{:?} is not a {}", d.text, key.attrs["attr.type"]);
            values.insert(key.attrs["attr.name"].clone(), d.text.clone());
        }
        items.push((e.attrs["id"].clone(), values));
    }
    Ok(items)
}

#[test]
fn graphml_declares_every_attribute_with_its_type() -> Result {
    let doc = export(&small_graph()?, Format::GraphMl)?;
    let keys: Vec<(String, String, String, String)> = parse_xml(&doc)?
        .into_iter()
        .filter(|e| e.name == "key")
        .map(|e| {
            let a = |n: &str| e.attrs[n].clone();
            (a("id"), a("for"), a("attr.name"), a("attr.type"))
        })
        .collect();
    let expected = [
        ("key", "node", "key", "string"),
        ("kind", "node", "kind", "string"),
        ("group_type", "node", "group_type", "string"),
        ("name", "node", "name", "string"),
        ("label", "node", "label", "string"),
        ("aliases", "node", "aliases", "string"),
        ("ext0", "node", "wikidata", "string"),
        ("attr0", "node", "note", "string"),
        ("attr1", "node", "role", "string"),
        ("claim_id", "edge", "claim_id", "long"),
        ("relation", "edge", "relation", "string"),
        ("relation_kind", "edge", "relation_kind", "string"),
        ("family", "edge", "family", "string"),
        ("polarity", "edge", "polarity", "string"),
        ("statement", "edge", "statement", "string"),
        ("symmetric", "edge", "symmetric", "boolean"),
        ("valid", "edge", "valid", "string"),
        ("valid_from", "edge", "valid_from", "string"),
        ("valid_to", "edge", "valid_to", "string"),
        ("valid_first_day", "edge", "valid_first_day", "int"),
        ("valid_last_day", "edge", "valid_last_day", "int"),
        ("confidence", "edge", "confidence", "double"),
        ("origins", "edge", "origins", "int"),
        ("sources", "edge", "sources", "string"),
        ("codes", "edge", "codes", "string"),
        ("external_ids", "edge", "external_ids", "string"),
        ("edge_label", "edge", "label", "string"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(keys, expected);
    assert!(doc.starts_with(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns ",
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
    )));
    assert!(doc.contains("  <graph id=\"claimgraph\" edgedefault=\"directed\">\n"));
    Ok(())
}

#[test]
fn graphml_nodes_and_edges_carry_exact_values() -> Result {
    let doc = export(&small_graph()?, Format::GraphMl)?;
    let nodes = graphml_items(&doc, "node")?;
    let ids: Vec<&str> = nodes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["iran", "bolivia", "toma", "la_nacion", "quds_force"]);
    // Decoding gives back the original text, quotes and line break included.
    assert_eq!(nodes[2].1["name"], "Miguel Ángel \"Mike\" Toma");
    assert_eq!(nodes[2].1["note"], NOTE);
    assert!(!nodes[2].1.contains_key("group_type"));
    assert_eq!(nodes[4].1["group_type"], "military");
    assert!(doc.contains(concat!(
        "    <node id=\"toma\">\n",
        "      <data key=\"key\">toma</data>\n",
        "      <data key=\"kind\">person</data>\n",
        "      <data key=\"name\">Miguel Ángel &quot;Mike&quot; Toma</data>\n",
        "      <data key=\"label\">Miguel Ángel &quot;Mike&quot; Toma</data>\n",
        "      <data key=\"attr0\">said &quot;yes&quot;, then&#10;no</data>\n",
        "      <data key=\"attr1\">former intelligence chief</data>\n",
        "    </node>\n",
    )));

    let edges = graphml_items(&doc, "edge")?;
    let ids: Vec<&str> = edges.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["c0", "c1", "c2", "c3", "c4"]);
    let column = |name: &str| -> Vec<Option<&str>> {
        edges
            .iter()
            .map(|(_, v)| v.get(name).map(String::as_str))
            .collect()
    };
    assert_eq!(
        column("confidence"),
        [
            Some("0.8"),
            Some("0.64"),
            Some("0.3"),
            Some("0.7"),
            Some("0.9")
        ]
    );
    assert_eq!(
        column("origins"),
        [Some("2"), Some("1"), Some("1"), Some("1"), Some("1")]
    );
    assert_eq!(
        column("sources"),
        [
            Some("toma > la_nacion | bolivia"),
            Some("bolivia"),
            Some("toma > la_nacion"),
            Some("iran"),
            Some("la_nacion")
        ]
    );
    assert_eq!(
        column("valid_first_day"),
        [
            Some("19539"),
            Some("19558"),
            Some("13149"),
            Some("19539"),
            None
        ]
    );
    assert_eq!(
        column("valid_last_day"),
        [Some("19569"), Some("19558"), None, Some("19569"), None]
    );
    assert_eq!(
        column("label"),
        [
            Some("supplies_arms"),
            Some("signed_agreement"),
            Some("has_presence_in"),
            Some("not supplies_arms"),
            Some("criticizes")
        ]
    );
    assert!(doc.contains(concat!(
        "    <edge id=\"c1\" source=\"bolivia\" target=\"iran\">\n",
        "      <data key=\"claim_id\">1</data>\n",
        "      <data key=\"relation\">signed_agreement</data>\n",
        "      <data key=\"relation_kind\">signed_agreement</data>\n",
        "      <data key=\"family\">diplomatic</data>\n",
        "      <data key=\"polarity\">asserted</data>\n",
        "      <data key=\"statement\">event</data>\n",
        "      <data key=\"symmetric\">true</data>\n",
        "      <data key=\"valid\">2023-07-20</data>\n",
        "      <data key=\"valid_from\">2023-07-20</data>\n",
        "      <data key=\"valid_to\">2023-07-20</data>\n",
        "      <data key=\"valid_first_day\">19558</data>\n",
        "      <data key=\"valid_last_day\">19558</data>\n",
        "      <data key=\"confidence\">0.64</data>\n",
        "      <data key=\"origins\">1</data>\n",
        "      <data key=\"sources\">bolivia</data>\n",
        "      <data key=\"edge_label\">signed_agreement</data>\n",
        "    </edge>\n",
    )));
    assert!(doc.contains(concat!(
        "    <edge id=\"c2\" source=\"quds_force\" target=\"bolivia\">\n",
        "      <data key=\"claim_id\">2</data>\n",
        "      <data key=\"relation\">has_presence_in</data>\n",
        "      <data key=\"relation_kind\">has_presence_in</data>\n",
        "      <data key=\"family\">material</data>\n",
        "      <data key=\"polarity\">asserted</data>\n",
        "      <data key=\"statement\">assessment</data>\n",
        "      <data key=\"symmetric\">false</data>\n",
        "      <data key=\"valid\">2006/..</data>\n",
        "      <data key=\"valid_from\">2006</data>\n",
        "      <data key=\"valid_first_day\">13149</data>\n",
        "      <data key=\"confidence\">0.3</data>\n",
        "      <data key=\"origins\">1</data>\n",
        "      <data key=\"sources\">toma &gt; la_nacion</data>\n",
        "      <data key=\"edge_label\">has_presence_in</data>\n",
        "    </edge>\n",
    )));
    Ok(())
}

#[test]
fn graphml_escapes_markup_and_replaces_forbidden_characters() -> Result {
    let doc = export(&hostile_graph()?, Format::GraphMl)?;
    // U+0001 and U+FFFF are not XML 1.0 characters: each becomes U+FFFD.
    assert!(doc.contains(
        "      <data key=\"name\">&lt;&amp;&gt; tab&#9;here&#13;\u{FFFD}\u{FFFD}</data>\n"
    ));
    assert!(doc.contains("    <node id=\"a&quot;b\">\n"));
    assert!(doc.contains("    <edge id=\"c0\" source=\"a&quot;b\" target=\"c\\\">\n"));
    let nodes = graphml_items(&doc, "node")?;
    assert_eq!(nodes[0].0, "a\"b");
    assert_eq!(nodes[0].1["name"], "Back\\slash \"quoted\"\nsecond line");
    assert_eq!(nodes[1].1["name"], "<&> tab\there\r\u{FFFD}\u{FFFD}");
    Ok(())
}

#[test]
fn graphml_of_the_seed_data_is_well_formed_and_complete() -> Result {
    let seed = seed_graph()?;
    let doc = export(&seed, Format::GraphMl)?;
    assert_eq!(graphml_items(&doc, "node")?.len(), seed.actor_count());
    assert_eq!(graphml_items(&doc, "edge")?.len(), seed.claim_count());
    Ok(())
}

#[test]
fn property_columns_never_collide() -> Result {
    let mut g = ClaimGraph::new();
    g.add_actor(
        Actor::new("x", ActorKind::State, "X")?
            .with_alias("Smith; Jones", None)
            .with_external_id("kind", "K1")
            .with_attribute("name", "N")
            .with_attribute("a:b,c", "v"),
    )?;
    let doc = export(&g, Format::GraphMl)?;
    let names: Vec<String> = parse_xml(&doc)?
        .into_iter()
        .filter(|e| e.name == "key" && e.attrs["for"] == "node")
        .map(|e| e.attrs["attr.name"].clone())
        .collect();
    assert_eq!(
        names,
        [
            "key",
            "kind",
            "group_type",
            "name",
            "label",
            "aliases",
            "kind_2",
            "a:b,c",
            "name_2"
        ]
    );
    let (actors, _) = neo4j_files(&g)?;
    assert_eq!(
        actors,
        concat!(
            "key:ID,name,kind,groupType,:LABEL,aliases:string[],kind_2,a_b_c,name_2\n",
            // The array delimiter inside an alias becomes a comma.
            "\"x\",\"X\",\"state\",,\"Actor;State\",\"Smith, Jones\",\"K1\",\"v\",\"N\"\n",
        )
    );
    Ok(())
}

// ----- Neo4j --------------------------------------------------------------------------

/// The actors and claims files as written by `export_files`.
fn neo4j_files(graph: &ClaimGraph) -> Result<(String, String)> {
    let dir = std::env::temp_dir().join(format!(
        "claimgraph-io-exports-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos()
    ));
    let paths = Exporter::from_format(Format::Neo4jCsv)
        .export_files(graph, &dir)?
        .files;
    assert_eq!(paths, [dir.join("actors.csv"), dir.join("claims.csv")]);
    let files = (
        std::fs::read_to_string(&paths[0])?,
        std::fs::read_to_string(&paths[1])?,
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(files)
}

#[test]
fn neo4j_files_are_exact() -> Result {
    let (actors, claims) = neo4j_files(&small_graph()?)?;
    assert_eq!(
        actors,
        concat!(
            "key:ID,name,kind,groupType,:LABEL,aliases:string[],wikidata,note,role\n",
            "\"iran\",\"Iran\",\"state\",,\"Actor;State\",\"Irán\",\"Q794\",,\n",
            "\"bolivia\",\"Bolivia\",\"state\",,\"Actor;State\",,,,\n",
            // Quotes doubled; the comma and the line break stay inside the quotes.
            "\"toma\",\"Miguel Ángel \"\"Mike\"\" Toma\",\"person\",,\"Actor;Person\",,,",
            "\"said \"\"yes\"\", then\nno\",\"former intelligence chief\"\n",
            "\"la_nacion\",\"La Nación\",\"media_outlet\",,\"Actor;MediaOutlet\",,,,\n",
            "\"quds_force\",\"Quds Force\",\"group\",\"military\",\"Actor;Group;Military\",\"Fuerza Quds\",,,\n",
        )
    );
    assert_eq!(
        claims,
        concat!(
            ":START_ID,:END_ID,:TYPE,claimId:int,relation,family,polarity,statement,",
            "symmetric:boolean,valid,validFrom,validTo,validStart:date,validEnd:date,",
            "confidence:double,origins:int,sources:string[],codes:string[],externalIds:string[]\n",
            "\"iran\",\"bolivia\",\"SUPPLIES_ARMS\",0,\"supplies_arms\",\"material\",\"asserted\",\"event\",false,",
            "\"2023-07\",\"2023-07\",\"2023-07\",\"2023-07-01\",\"2023-07-31\",0.8,2,\"toma > la_nacion;bolivia\",\"CAMEO:062\",\n",
            "\"bolivia\",\"iran\",\"SIGNED_AGREEMENT\",1,\"signed_agreement\",\"diplomatic\",\"asserted\",\"event\",true,",
            "\"2023-07-20\",\"2023-07-20\",\"2023-07-20\",\"2023-07-20\",\"2023-07-20\",0.64,1,\"bolivia\",,\n",
            "\"quds_force\",\"bolivia\",\"HAS_PRESENCE_IN\",2,\"has_presence_in\",\"material\",\"asserted\",\"assessment\",false,",
            "\"2006/..\",\"2006\",,\"2006-01-01\",,0.3,1,\"toma > la_nacion\",,\n",
            "\"iran\",\"bolivia\",\"SUPPLIES_ARMS\",3,\"supplies_arms\",\"material\",\"denied\",\"event\",false,",
            "\"2023-07\",\"2023-07\",\"2023-07\",\"2023-07-01\",\"2023-07-31\",0.7,1,\"iran\",,\n",
            "\"toma\",\"iran\",\"CRITICIZES\",4,\"criticizes\",\"conflict\",\"asserted\",\"event\",false,",
            "\"..\",,,,,0.9,1,\"la_nacion\",,\n",
        )
    );
    Ok(())
}

/// Splits RFC 4180 text into records of fields (quotes removed, `""` undone).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

#[test]
fn neo4j_files_of_the_seed_data_have_one_row_per_item() -> Result {
    let seed = seed_graph()?;
    let (actors, claims) = neo4j_files(&seed)?;
    let actors = parse_csv(&actors);
    let claims = parse_csv(&claims);
    assert_eq!(actors.len(), seed.actor_count() + 1);
    assert_eq!(claims.len(), seed.claim_count() + 1);
    // Every row has as many fields as its header, and every claim's ends are actors.
    assert!(actors.iter().all(|r| r.len() == actors[0].len()));
    assert!(claims.iter().all(|r| r.len() == claims[0].len()));
    let keys: Vec<&str> = actors[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(
        claims[1..]
            .iter()
            .all(|r| keys.contains(&r[0].as_str()) && keys.contains(&r[1].as_str()))
    );
    Ok(())
}

/// Claims' external ids go to `externalIds:string[]` and read back to the same sets:
/// the FtM sanctions fixture gives each of its three claims its entity id.
#[test]
fn neo4j_claims_carry_their_external_ids() -> Result {
    let mut g = ClaimGraph::new();
    let data = std::fs::read(crate::support::data("ftm/sanctions.ijson"))?;
    Importer::from_format(Format::FollowTheMoney).import(data.as_slice(), &mut g)?;
    let (_, claims) = neo4j_files(&g)?;
    let rows = parse_csv(&claims);
    let column = rows[0].iter().position(|h| h == "externalIds:string[]");
    assert_eq!(column, Some(rows[0].len() - 1));
    let written: Vec<(usize, Vec<String>)> = rows[1..]
        .iter()
        .map(|r| {
            let ids = r[r.len() - 1].split(';').map(str::to_owned).collect();
            (r[3].parse().unwrap(), ids)
        })
        .collect();
    let expected: Vec<(usize, Vec<String>)> = g
        .claim_ids()
        .map(|id| {
            let ids = g.claim(id).unwrap().to_claim().external_ids;
            (id.index(), ids.into_iter().collect())
        })
        .collect();
    assert_eq!(written, expected);
    assert_eq!(written[0].1, ["ftm:tst-sanction-ofac-testgrad".to_owned()]);
    Ok(())
}

// ----- Reports, provenance view, DOT legend and size guard ---------------------------

/// The small graph plus a claim with a reported date and a document: Iran met Toma
/// (symmetric, so stored from `iran`, the smaller key), claim index 5, graded B3
/// (0.80 x 0.60 = 0.48), reported 2024-03.
fn small_graph_with_reported_claim() -> Result<ClaimGraph> {
    let mut g = small_graph()?;
    let mut evidence = Attribution::new(Grade::Admiralty("B3".parse()?))
        .with_claimant(key("iran"))
        .with_outlet(key("la_nacion"));
    evidence.reported = Some("2024-03".parse()?);
    evidence.document = Some(claimgraph::model::Document {
        url: Some("https://example.org/a".to_owned()),
        title: None,
        lang: None,
        published: None,
    });
    g.add_claim(
        Claim::new(
            key("toma"),
            Relation::MetWith,
            key("iran"),
            "2024-03".parse()?,
        )
        .with_evidence(evidence),
    )?;
    Ok(g)
}

fn report_of(
    exporter: &Exporter,
    graph: &ClaimGraph,
) -> Result<(claimgraph::io::ExportReport, String)> {
    let mut out = Vec::new();
    let report = exporter.export(graph, &mut out)?;
    Ok((report, String::from_utf8(out)?))
}

#[test]
fn every_export_reports_what_it_wrote_and_left_out() -> Result {
    use claimgraph::io::Omission;
    let g = small_graph()?;
    // 5 actors; claims 0-4 with 2, 1, 1, 1, 1 attributions.
    for format in [Format::Json, Format::JsonLines, Format::Dot] {
        let (report, _) = report_of(&Exporter::from_format(format), &g)?;
        assert_eq!(
            (report.actors, report.claims, report.attributions),
            (5, 5, 6),
            "{format}"
        );
        assert_eq!(report.omitted(), 0, "{format}");
    }
    // The flat GraphML view writes each attribution as a chain of keys only.
    let (report, _) = report_of(&Exporter::from_format(Format::GraphMl), &g)?;
    assert_eq!(
        (report.actors, report.claims, report.attributions),
        (5, 5, 6)
    );
    assert_eq!(
        report.not_written.into_iter().collect::<Vec<_>>(),
        [(Omission::EvidenceDetail, 6)]
    );
    let (report, _) = report_of(
        &Exporter::from_format(Format::GraphMl).view(View::Provenance),
        &g,
    )?;
    assert_eq!(report.omitted(), 0);
    Ok(())
}

#[test]
fn ftm_export_reports_each_claim_it_cannot_hold() -> Result {
    use claimgraph::io::Omission;
    let mut g = small_graph()?;
    g.add_actor(Actor::new("latam", ActorKind::Region, "Latin America")?)?;
    // Supports maps to FtM UnknownLink: written when asserted, refused when denied.
    let supports = |polarity: Polarity| -> Result<Claim> {
        Ok(Claim::new(
            key("iran"),
            Relation::Supports,
            key("quds_force"),
            "2020".parse()?,
        )
        .with_polarity(polarity)
        .with_evidence(Attribution::new(grade(0.5)).with_claimant(key("toma"))))
    };
    g.add_claim(supports(Polarity::Asserted)?)?;
    g.add_claim(supports(Polarity::Denied)?)?;
    // part_of maps to FtM Membership, but a region has no FtM entity.
    g.add_claim(
        Claim::new(
            key("latam"),
            Relation::PartOf,
            key("quds_force"),
            "2020".parse()?,
        )
        .with_evidence(Attribution::new(grade(0.5)).with_claimant(key("toma"))),
    )?;
    let (report, text) = report_of(&Exporter::from_format(Format::FollowTheMoney), &g)?;
    assert_eq!(
        (report.actors, report.claims, report.attributions),
        (5, 1, 1)
    );
    assert_eq!(
        report.not_written.into_iter().collect::<Vec<_>>(),
        [
            // supplies_arms (twice), signed_agreement, has_presence_in, criticizes.
            (Omission::NoSchemaForRelation, 5),
            (Omission::DeniedClaim, 1),
            (Omission::RegionEndpoint, 1),
            (Omission::RegionActor, 1),
        ]
    );
    assert_eq!(text.lines().count(), 5 + 1);
    Ok(())
}

#[test]
fn graphml_provenance_view_links_sources_to_claims() -> Result {
    let g = small_graph()?;
    let (report, doc) = report_of(
        &Exporter::from_format(Format::GraphMl).view(View::Provenance),
        &g,
    )?;
    assert_eq!(
        (report.actors, report.claims, report.attributions),
        (5, 5, 6)
    );
    let elements = parse_xml(&doc)?;
    let count = |name: &str| elements.iter().filter(|e| e.name == name).count();
    // 5 actors + 5 claims; 2 ends per claim + 8 sources (claim 0: toma asserted and
    // la_nacion published, bolivia asserted; claims 1-4: 1, 2, 1, 1).
    assert_eq!(count("node"), 10);
    assert_eq!(count("edge"), 10 + 8);
    assert!(doc.contains(concat!(
        "    <node id=\"claim 1\">\n",
        "      <data key=\"node_type\">claim</data>\n",
        "      <data key=\"claim_claim_id\">1</data>\n",
        "      <data key=\"claim_relation\">signed_agreement</data>\n",
    )));
    assert!(doc.contains(concat!(
        "    <edge id=\"c1:subject\" source=\"claim 1\" target=\"bolivia\">\n",
        "      <data key=\"role\">subject</data>\n",
        "      <data key=\"edge_label\">SUBJECT</data>\n",
        "    </edge>\n",
    )));
    assert!(doc.contains(concat!(
        "    <edge id=\"c1:0:0:asserted\" source=\"bolivia\" target=\"claim 1\">\n",
        "      <data key=\"role\">asserted</data>\n",
        "      <data key=\"attribution\">0</data>\n",
        "      <data key=\"grade\">B2</data>\n",
        "      <data key=\"grade_value\">0.64</data>\n",
        "      <data key=\"edge_label\">ASSERTED</data>\n",
        "    </edge>\n",
    )));
    assert!(doc.contains(concat!(
        "    <edge id=\"c0:0:1:published\" source=\"la_nacion\" target=\"claim 0\">\n",
        "      <data key=\"role\">published</data>\n",
        "      <data key=\"attribution\">0</data>\n",
        "      <data key=\"grade\">0.5</data>\n",
    )));
    // Claim attributes are declared for nodes under their usual names.
    assert!(doc.contains(
        "  <key id=\"claim_confidence\" for=\"node\" attr.name=\"confidence\" attr.type=\"double\"/>\n"
    ));
    Ok(())
}

#[test]
fn neo4j_provenance_files_let_cypher_ask_who_said_what() -> Result {
    let g = small_graph_with_reported_claim()?;
    let dir = std::env::temp_dir().join(format!("claimgraph-neo4j-prov-{}", std::process::id()));
    let report = Exporter::from_format(Format::Neo4jCsv)
        .view(View::Provenance)
        .export_files(&g, &dir)?;
    let names: Vec<_> = ["actors.csv", "claims.csv", "ends.csv", "sources.csv"]
        .iter()
        .map(|n| dir.join(n))
        .collect();
    assert_eq!(report.files, names);
    assert_eq!(
        (report.actors, report.claims, report.attributions),
        (5, 6, 7)
    );
    // Only the new claim's document cannot be held.
    assert_eq!(report.omitted(), 1);
    let read = |i: usize| std::fs::read_to_string(&names[i]);
    assert!(read(0)?.starts_with("key:ID(Actor),name,kind,"));
    let claims = read(1)?;
    assert!(claims.starts_with("claimId:ID(Claim),:LABEL,relation,family,"));
    assert!(claims.contains(
        "\n5,\"Claim\",\"met_with\",\"diplomatic\",\"asserted\",\"event\",true,\"2024-03\",\"2024-03\",\"2024-03\",\"2024-03-01\",\"2024-03-31\",0.48,1,\"iran > la_nacion\",,\n"
    ));
    assert_eq!(
        read(2)?,
        concat!(
            ":START_ID(Claim),:END_ID(Actor),:TYPE\n",
            "0,\"iran\",\"SUBJECT\"\n0,\"bolivia\",\"OBJECT\"\n",
            "1,\"bolivia\",\"SUBJECT\"\n1,\"iran\",\"OBJECT\"\n",
            "2,\"quds_force\",\"SUBJECT\"\n2,\"bolivia\",\"OBJECT\"\n",
            "3,\"iran\",\"SUBJECT\"\n3,\"bolivia\",\"OBJECT\"\n",
            "4,\"toma\",\"SUBJECT\"\n4,\"iran\",\"OBJECT\"\n",
            "5,\"iran\",\"SUBJECT\"\n5,\"toma\",\"OBJECT\"\n",
        )
    );
    assert_eq!(
        read(3)?,
        concat!(
            ":START_ID(Actor),:END_ID(Claim),:TYPE,attribution:int,grade,gradeValue:double,reported,reportedDate:date\n",
            "\"toma\",0,\"ASSERTED\",0,\"0.5\",0.5,,\n",
            "\"la_nacion\",0,\"PUBLISHED\",0,\"0.5\",0.5,,\n",
            "\"bolivia\",0,\"ASSERTED\",1,\"0.6\",0.6,,\n",
            "\"bolivia\",1,\"ASSERTED\",0,\"B2\",0.64,,\n",
            "\"toma\",2,\"ASSERTED\",0,\"0.3\",0.3,,\n",
            "\"la_nacion\",2,\"PUBLISHED\",0,\"0.3\",0.3,,\n",
            "\"iran\",3,\"ASSERTED\",0,\"0.7\",0.7,,\n",
            "\"la_nacion\",4,\"PUBLISHED\",0,\"0.9\",0.9,,\n",
            "\"iran\",5,\"ASSERTED\",0,\"B3\",0.48,\"2024-03\",\"2024-03-01\"\n",
            "\"la_nacion\",5,\"PUBLISHED\",0,\"B3\",0.48,\"2024-03\",\"2024-03-01\"\n",
        )
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn dot_refuses_graphs_past_its_size_limit_before_writing() -> Result {
    let g = small_graph()?;
    let mut out = Vec::new();
    let err = Exporter::from_format(Format::Dot)
        .dot_max_claims(4)
        .export(&g, &mut out)
        .expect_err("5 claims exceed a limit of 4");
    assert!(matches!(
        err,
        claimgraph::io::IoError::TooLarge {
            format: "DOT",
            claims: 5,
            limit: 4
        }
    ));
    assert!(err.to_string().contains("ego network"), "{err}");
    assert!(out.is_empty());
    let report = Exporter::from_format(Format::Dot)
        .dot_max_claims(5)
        .export(&g, &mut out)?;
    assert_eq!(report.claims, 5);
    assert_eq!(Exporter::DEFAULT_DOT_MAX_CLAIMS, 5_000);
    Ok(())
}

#[test]
fn graphviz_renders_the_legend_and_the_provenance_view() -> Result {
    if !graphviz_available() {
        return Ok(());
    }
    let g = small_graph()?;
    let (_, dot) = report_of(&Exporter::from_format(Format::Dot), &g)?;
    let svg = render_svg(&dot)?;
    // 5 actors + 5 legend kinds + 2 points for each of 9 legend edge styles (7
    // families, one voice, denied); 5 claims + 9 legend edges.
    assert_eq!(svg.matches(r#"class="node""#).count(), 5 + 5 + 18);
    assert_eq!(svg.matches(r#"class="edge""#).count(), 5 + 9);
    assert!(svg.contains("<title>cluster_legend</title>"));
    assert!(svg.contains(">media outlet</text>"));
    assert!(svg.contains(">communication</text>"));
    let (report, dot) = report_of(
        &Exporter::from_format(Format::Dot)
            .view(View::Provenance)
            .legend(false),
        &g,
    )?;
    assert_eq!(report.claims, 5);
    let svg = render_svg(&dot)?;
    assert_eq!(svg.matches(r#"class="node""#).count(), 5 + 5);
    assert_eq!(svg.matches(r#"class="edge""#).count(), 10 + 8);
    assert!(svg.contains(">asserted B2</text>"));
    Ok(())
}

/// The provenance GraphML of random graphs holds every actor and claim as a node, two
/// end edges per claim and one edge per source of each attribution, and its report
/// counts them.
#[test]
fn provenance_graphml_of_generated_graphs_has_one_edge_per_source() -> Result {
    use claimgraph::generate::GeneratorConfig;
    for seed in [1, 2, 3] {
        let generated = GeneratorConfig::new(64, 4).seed(seed).generate();
        let mut g = ClaimGraph::new();
        for actor in generated.actors() {
            g.add_actor(actor)?;
        }
        for claim in generated.claims() {
            g.add_claim(claim)?;
        }
        let (report, doc) = report_of(
            &Exporter::from_format(Format::GraphMl).view(View::Provenance),
            &g,
        )?;
        let claims: Vec<Claim> = g.claims().map(|c| c.to_claim()).collect();
        let attributions: usize = claims.iter().map(|c| c.evidence.len()).sum();
        let sources: usize = claims
            .iter()
            .flat_map(|c| &c.evidence)
            .map(|a| a.chain().count())
            .sum();
        assert_eq!(
            (report.actors, report.claims, report.attributions),
            (g.actor_count(), g.claim_count(), attributions)
        );
        let elements = parse_xml(&doc)?;
        let count = |name: &str| elements.iter().filter(|e| e.name == name).count();
        assert_eq!(count("node"), g.actor_count() + g.claim_count());
        assert_eq!(count("edge"), 2 * g.claim_count() + sources);
    }
    Ok(())
}

/// ICEWS through FollowTheMoney: every claim is written or counted once under a
/// reason, and the written ones are exactly the asserted claims whose relation has
/// an FtM schema and whose ends are not regions (recounted here from the graph).
#[test]
fn ftm_export_of_icews_accounts_for_every_claim() -> Result {
    use claimgraph::io::Omission;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/icews05-15/test.tsv");
    let mut g = ClaimGraph::new();
    Importer::from_format(Format::Icews)
        .skip_invalid(true)
        .import(std::fs::read(path)?.as_slice(), &mut g)?;
    let mut out = Vec::new();
    let report = Exporter::from_format(Format::FollowTheMoney).export(&g, &mut out)?;
    let is_region = |k: &ActorKey| {
        g.actor_by_key(k.as_str())
            .is_some_and(|a| a.kind == ActorKind::Region)
    };
    let claims: Vec<Claim> = g.claims().map(|c| c.to_claim()).collect();
    let no_schema = claims
        .iter()
        .filter(|c| c.relation.ftm_schema().is_none())
        .count();
    let writable = claims
        .iter()
        .filter(|c| {
            c.relation.ftm_schema().is_some()
                && c.polarity == Polarity::Asserted
                && !is_region(&c.subject)
                && !is_region(&c.object)
        })
        .count();
    assert_eq!(g.claim_count(), 44_288);
    assert_eq!(report.claims, writable);
    assert_eq!(
        report.not_written.get(&Omission::NoSchemaForRelation),
        Some(&no_schema)
    );
    let claims_left_out = [
        Omission::NoSchemaForRelation,
        Omission::DeniedClaim,
        Omission::RegionEndpoint,
    ]
    .iter()
    .filter_map(|o| report.not_written.get(o))
    .sum::<usize>();
    assert_eq!(report.claims + claims_left_out, 44_288);
    // The figures of issue 10 ("drops 43,875 of ICEWS's 44,288 claims"), now reported.
    assert_eq!((report.claims, no_schema), (413, 43_875));
    assert_eq!(report.not_written.get(&Omission::RegionActor), Some(&11));
    Ok(())
}
