//! `export --format F -o PATH`: the graph in another format, written atomically.

use claimgraph::ClaimGraph;
use claimgraph::io::{Exporter, Format};

use crate::args::{ExportArgs, ExportFormat};
use crate::atomic;
use crate::error::{CliError, CliResult};
use crate::output::note;

/// The library calls. When `Exporter::export` returns an `ExportReport`, its notes
/// (what the format could not hold) are printed here.
fn export(graph: &ClaimGraph, format: Format, path: &std::path::Path) -> CliResult<Vec<String>> {
    if format == Format::Neo4jCsv {
        return Exporter::from_format(format)
            .export_files(graph, path)
            .map(|report| {
                report
                    .files
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect()
            })
            .map_err(|e| CliError::Other(format!("could not export to {}: {e}", path.display())));
    }
    atomic::write_file(path, |w| {
        Exporter::from_format(format)
            .export(graph, w)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
    .map_err(|e| CliError::Other(format!("could not export to {}: {e}", path.display())))?;
    Ok(vec![path.display().to_string()])
}

pub fn run(graph: &ClaimGraph, args: ExportArgs) -> CliResult {
    let format = match args.format {
        ExportFormat::Graphml => Format::GraphMl,
        ExportFormat::Dot => Format::Dot,
        ExportFormat::Neo4j => Format::Neo4jCsv,
        ExportFormat::Ftm => Format::FollowTheMoney,
        ExportFormat::Json => Format::Json,
        ExportFormat::Jsonl => Format::JsonLines,
    };
    let written = export(graph, format, &args.output)?;
    note(&format!(
        "wrote {} actors and {} claims as {format}: {}",
        graph.actor_count(),
        graph.claim_count(),
        written.join(", ")
    ));
    Ok(())
}
