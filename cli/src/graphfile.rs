//! The working graph file: loaded before a command, saved after one that changes it.
//!
//! It is written in the library's save format (JSON Lines today) through `Importer`
//! and `Exporter`; a faster format the library gains later is a change here only.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use claimgraph::ClaimGraph;
use claimgraph::io::{Exporter, Format, Importer, write_atomically};

use crate::error::{CliError, CliResult};

/// The library format the working graph is saved in.
pub const SAVE_FORMAT: Format = Format::JsonLines;

/// The graph path given by `-g` or `CLAIMGRAPH_GRAPH`.
pub fn required(path: &Option<PathBuf>) -> CliResult<&Path> {
    path.as_deref().ok_or_else(|| {
        CliError::Usage("no graph file given: pass -g PATH or set CLAIMGRAPH_GRAPH".to_owned())
    })
}

/// Loads the graph at `path`; a missing file is "not found", a file that is not a
/// graph is bad data naming the line and field.
pub fn load(path: &Path) -> CliResult<ClaimGraph> {
    let file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CliError::NotFound(format!(
            "graph file {} does not exist (create it with `claimgraph -g {} import FILE`)",
            path.display(),
            path.display()
        )),
        _ => CliError::Other(format!("could not open {}: {e}", path.display())),
    })?;
    let mut graph = ClaimGraph::new();
    Importer::from_format(SAVE_FORMAT)
        .import(BufReader::new(file), &mut graph)
        .map_err(|e| match e.error {
            claimgraph::io::IoError::Io(inner)
                if inner.kind() != std::io::ErrorKind::InvalidData =>
            {
                CliError::Other(format!("could not read {}: {inner}", path.display()))
            }
            other => CliError::Data(format!(
                "{} is not a claimgraph graph file ({}): {other}",
                path.display(),
                SAVE_FORMAT
            )),
        })?;
    Ok(graph)
}

/// Loads the graph at `path`, or an empty one if the file does not exist yet.
pub fn load_or_new(path: &Path) -> CliResult<ClaimGraph> {
    if path.exists() {
        load(path)
    } else {
        Ok(ClaimGraph::new())
    }
}

/// Saves `graph` to `path` atomically: the previous file survives any failure.
pub fn save(path: &Path, graph: &ClaimGraph) -> CliResult {
    write_atomically(path, |file| {
        Exporter::from_format(SAVE_FORMAT).export(graph, file)
    })
    .map_err(|reason| {
        CliError::Other(format!(
            "could not save the graph to {} (the previous file is unchanged): {reason}",
            path.display()
        ))
    })?;
    Ok(())
}
