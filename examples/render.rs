//! Draws the Iran–Bolivia seed data set with Graphviz.
//!
//! ```text
//! cargo run --example render                 # the whole graph
//! cargo run --example render -- --ego iran   # one actor, its neighbours, the claims among them
//! ```
//!
//! Writes `target/render/iran_bolivia.dot` (or `iran_bolivia-ego-<key>.dot`) and, when
//! Graphviz's `dot` is on the PATH, renders `.svg` and `.png` next to it; otherwise it
//! prints the command that renders it. Open the SVG in a browser: hovering over an
//! edge shows who says so, and a node with a Wikidata id links to it.
//!
//! The legend (node shapes by actor kind, edge colours by relation family, width by
//! confidence, dashes for single-source claims, grey bars for denials) is printed
//! at the end and documented with the DOT exporter.

use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;

use claimgraph::io::{Exporter, Format, Importer};
use claimgraph::{ActorId, ClaimGraph};

/// The seed data set, compiled in so the example runs from any directory.
const SEED: &str = include_str!("../tests/data/iran_bolivia.jsonl");

const LEGEND: &str = "\
legend:
  nodes  state = box (blue), person = ellipse (orange), group = hexagon (green),
         media outlet = note (grey), region = tab (lavender)
  edges  diplomatic = blue, material = green, conflict = vermillion, structural = black,
         illicit = purple, communication = sky blue, custom = orange
         width 0.5 + 3 x confidence; dashed = a single independent origin;
         grey with a bar = denied; no arrowhead = symmetric relation";

/// The actor `key`, its direct neighbours (either direction), every claim among them,
/// and the actors those claims cite as sources (the store needs them to keep the
/// evidence), built with the public `ClaimGraph` API only. `key` may be any name of the actor (`Irán`); the resolved key is returned with the graph.
fn ego_network(graph: &ClaimGraph, key: &str) -> Result<(ClaimGraph, String), Box<dyn Error>> {
    let centre = graph.find(key).map_err(|e| format!("--ego {key}: {e}"))?;
    let mut members: BTreeSet<ActorId> = BTreeSet::from([centre]);
    for id in graph.claim_ids() {
        if let Some((s, o)) = graph.endpoints(id) {
            if s == centre {
                members.insert(o);
            } else if o == centre {
                members.insert(s);
            }
        }
    }
    let claims: Vec<_> = graph
        .claim_ids()
        .filter(|id| {
            graph
                .endpoints(*id)
                .is_some_and(|(s, o)| members.contains(&s) && members.contains(&o))
        })
        .filter_map(|id| graph.claim(id).map(|c| c.to_claim()))
        .collect();
    let mut wanted: BTreeSet<&str> = members
        .iter()
        .filter_map(|id| graph.actor(*id))
        .map(|a| a.key.as_str())
        .collect();
    for claim in &claims {
        for a in &claim.evidence {
            wanted.extend(a.chain().map(|k| k.as_str()));
        }
    }
    let mut ego = ClaimGraph::new();
    // Insertion order of the source graph, so the picture is laid out the same way
    // on every run.
    for actor in graph.actors() {
        if wanted.contains(actor.key.as_str()) {
            ego.add_actor(actor.clone())?;
        }
    }
    for claim in claims {
        ego.add_claim(claim)?;
    }
    let centre_key = graph
        .actor(centre)
        .map_or_else(|| key.to_owned(), |a| a.key.to_string());
    Ok((ego, centre_key))
}

/// A file-name-safe version of a key.
fn file_safe(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Runs `dot -T<format>` on `dot_file` and returns the path of the picture written
/// next to it (same name, extension `format`).
fn render(dot_file: &Path, format: &str, extra: &[&str]) -> Result<PathBuf, Box<dyn Error>> {
    let out = dot_file.with_extension(format);
    let status = Command::new("dot")
        .arg(format!("-T{format}"))
        .args(extra)
        .arg(dot_file)
        .arg("-o")
        .arg(&out)
        .status()?;
    if !status.success() {
        return Err(format!("dot -T{format} failed ({status})").into());
    }
    Ok(out)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ego_key = match args.as_slice() {
        [] => None,
        [flag, key] if flag == "--ego" => Some(key.clone()),
        _ => return Err("usage: render [--ego ACTOR_KEY_OR_NAME]".into()),
    };

    let mut graph = ClaimGraph::new();
    let report = Importer::from_format(Format::JsonLines).import(SEED.as_bytes(), &mut graph)?;
    println!(
        "imported {} actors and {} claims ({} records)",
        graph.actor_count(),
        graph.claim_count(),
        report.read
    );

    let (graph, stem) = match &ego_key {
        None => (graph, "iran_bolivia".to_owned()),
        Some(key) => {
            let (ego, centre) = ego_network(&graph, key)?;
            println!(
                "ego network of {centre}: {} actors, {} claims",
                ego.actor_count(),
                ego.claim_count()
            );
            (ego, format!("iran_bolivia-ego-{}", file_safe(&centre)))
        }
    };

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/render");
    std::fs::create_dir_all(&dir)?;
    let dot_file = dir.join(format!("{stem}.dot"));
    let mut text = Vec::new();
    Exporter::from_format(Format::Dot).export(&graph, &mut text)?;
    std::fs::write(&dot_file, &text)?;
    println!("wrote {}", dot_file.display());

    let has_dot = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if has_dot {
        // 72 dpi keeps the PNG of the whole seed graph near 2000 px square.
        for (format, extra) in [("svg", &[][..]), ("png", &["-Gdpi=72"][..])] {
            println!("wrote {}", render(&dot_file, format, extra)?.display());
        }
    } else {
        println!(
            "Graphviz `dot` is not on the PATH (Debian/Ubuntu: apt-get install graphviz); render with\n  \
             dot -Tsvg {0} -o {1}",
            dot_file.display(),
            dot_file.with_extension("svg").display()
        );
    }
    println!("{LEGEND}");
    Ok(())
}
