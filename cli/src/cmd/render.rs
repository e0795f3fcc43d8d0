//! `render [--ego A --hops N] -o out.svg`: a picture through Graphviz's `dot`.

use std::io::Write;
use std::process::{Command, Stdio};

use claimgraph::ClaimGraph;
use claimgraph::io::{Exporter, Format, IoError, write_atomically};
use claimgraph::traverse::ego_network;

use crate::args::RenderArgs;
use crate::cmd::filter;
use crate::error::{CliError, CliResult};
use crate::output::note;
use crate::rows::resolve;

const INSTALL: &str = "Graphviz's `dot` is not installed or not on PATH; install Graphviz (Debian/Ubuntu: `apt install graphviz`, macOS: `brew install graphviz`, others: https://graphviz.org/download/) or write DOT with `claimgraph export --format dot`";

/// The library calls: the graph (or an ego network) as DOT text.
fn dot_text(graph: &ClaimGraph, args: &RenderArgs) -> CliResult<(Vec<u8>, usize)> {
    let mut dot = Vec::new();
    let ego;
    let drawn = match &args.ego {
        Some(centre) => {
            let f = filter(graph, &args.filter)?;
            ego = ego_network(graph, resolve(graph, centre)?, args.hops, &f)
                .map_err(|e| CliError::Other(format!("could not build the neighbourhood: {e}")))?;
            &ego
        }
        None => graph,
    };
    Exporter::from_format(Format::Dot)
        .export(drawn, &mut dot)
        .map_err(|e| match e {
            // Too many claims for Graphviz: the message says to draw an ego network.
            IoError::TooLarge { .. } => CliError::Usage(e.to_string()),
            e => CliError::Other(format!("could not write DOT: {e}")),
        })?;
    Ok((dot, drawn.claim_count()))
}

pub fn run(graph: &ClaimGraph, args: RenderArgs) -> CliResult {
    let ext = args
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !["svg", "png", "pdf"].contains(&ext.as_str()) {
        return Err(CliError::Usage(format!(
            "cannot tell the picture format of {}; name it .svg, .png or .pdf",
            args.output.display()
        )));
    }
    let (dot, claims) = dot_text(graph, &args)?;
    let mut child = Command::new("dot")
        .arg(format!("-T{ext}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CliError::Other(INSTALL.to_owned()),
            _ => CliError::Other(format!("could not run Graphviz's dot: {e}")),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // dot reads all its input before writing, so writing first cannot deadlock.
        stdin
            .write_all(&dot)
            .map_err(|e| CliError::Other(format!("could not run Graphviz's dot: {e}")))?;
    }
    let done = child
        .wait_with_output()
        .map_err(|e| CliError::Other(format!("could not run Graphviz's dot: {e}")))?;
    if !done.status.success() {
        let why = String::from_utf8_lossy(&done.stderr);
        return Err(CliError::Other(format!(
            "Graphviz's dot failed: {}",
            why.lines().next().unwrap_or("no message")
        )));
    }
    write_atomically(&args.output, |file| Ok(file.write_all(&done.stdout)?))
        .map_err(|e| CliError::Other(format!("could not write {}: {e}", args.output.display())))?;
    note(&format!(
        "drew {claims} claims to {}",
        args.output.display()
    ));
    Ok(())
}
