//! One module per command; each makes its library calls at the top of its `run`.

mod claims;
mod completions;
mod contradictions;
mod corroboration;
mod credible;
mod export;
mod find;
mod import;
mod info;
mod neighbours;
mod paths;
mod rank;
mod render;
mod show;
mod timeline;

use std::path::Path;

use claimgraph::ClaimGraph;
use claimgraph::model::{PartialDate, Polarity, ValidTime};
use claimgraph::query::{Filter, SourceRole};

use crate::args::{Cli, Command, FilterArgs};
use crate::error::{CliError, CliResult};
use crate::graphfile;
use crate::rows::{relation_kinds, resolve};

/// Runs the command line.
pub fn run(cli: Cli) -> CliResult {
    let graph_path = cli.graph;
    match cli.command {
        Command::Import(a) => import::run(graphfile::required(&graph_path)?, a),
        Command::Completions(a) => completions::run(a),
        command => {
            let path = graphfile::required(&graph_path)?;
            let graph = graphfile::load(path)?;
            query(&graph, path, command)
        }
    }
}

/// The commands that read the graph and change nothing.
fn query(graph: &ClaimGraph, path: &Path, command: Command) -> CliResult {
    match command {
        Command::Info(a) => info::run(graph, path, a),
        Command::Find(a) => find::run(graph, a),
        Command::Show(a) => show::run(graph, a),
        Command::Claims(a) => claims::run(graph, a),
        Command::Timeline(a) => timeline::run(graph, a),
        Command::Neighbours(a) => neighbours::run(graph, a),
        Command::Paths(a) => paths::run(graph, a),
        Command::Credible(a) => credible::run(graph, a),
        Command::Corroboration(a) => corroboration::run(graph, a),
        Command::Contradictions(a) => contradictions::run(graph, a),
        Command::Rank(a) => rank::run(graph, a),
        Command::Export(a) => export::run(graph, a),
        Command::Render(a) => render::run(graph, a),
        Command::Import(_) | Command::Completions(_) => Ok(()),
    }
}

/// The library `Filter` the flags describe. Sources may be named by key or name.
pub fn filter(graph: &ClaimGraph, args: &FilterArgs) -> CliResult<Filter> {
    let usage = CliError::Usage;
    let mut f = Filter::new();
    if let Some(c) = args.min_confidence {
        if !(0.0..=1.0).contains(&c) {
            return Err(usage(format!(
                "--min-confidence {c} is not between 0 and 1"
            )));
        }
        f = f.min_confidence(c);
    }
    if !args.relations.is_empty() {
        let mut kinds = Vec::new();
        for r in &args.relations {
            kinds.extend(relation_kinds(r).map_err(usage)?);
        }
        f = f.relations(kinds);
    }
    if !args.kinds.is_empty() {
        let kinds = args
            .kinds
            .iter()
            .map(|k| k.parse())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| usage(format!("--kind: {e}")))?;
        f = f.actor_kinds(kinds);
    }
    let date = |flag: &str, text: &str| -> CliResult<PartialDate> {
        text.parse()
            .map_err(|e| usage(format!("{flag} \"{text}\" is not a date: {e}")))
    };
    if let Some(d) = &args.valid_at {
        f = f.valid_at(date("--valid-at", d)?);
    }
    if let Some(d) = &args.valid_during {
        let interval: ValidTime = d
            .parse()
            .map_err(|e| usage(format!("--valid-during \"{d}\" is not an interval: {e}")))?;
        f = f.valid_during(interval);
    }
    if let Some(d) = &args.as_known_at {
        f = f.as_known_at(date("--as-known-at", d)?);
    }
    let keys = |names: &[String]| -> CliResult<Vec<String>> {
        names
            .iter()
            .map(|n| resolve(graph, n).map(|id| crate::rows::ActorRef::of(graph, id).key))
            .collect()
    };
    let role = args.source_role.unwrap_or(SourceRole::Any);
    if !args.trust.is_empty() {
        f = f.trust_only_as(role, keys(&args.trust)?);
    }
    if !args.exclude.is_empty() {
        f = f.exclude_sources_as(role, keys(&args.exclude)?);
    }
    if let Some(n) = args.min_origins {
        f = f.min_origins(n);
    }
    if !args.statements.is_empty() {
        let kinds = args
            .statements
            .iter()
            .map(|k| k.parse())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| usage(format!("--statement: {e}")))?;
        f = f.statements(kinds);
    }
    f = f.polarity(if args.include_denied {
        None
    } else {
        Some(Polarity::Asserted)
    });
    if let Some(w) = args.walk {
        f = f.walk(w);
    }
    Ok(f)
}
