//! `export --format F -o PATH`: the graph in another format, written atomically.

use claimgraph::ClaimGraph;
use std::path::Path;

use claimgraph::io::{ExportReport, Exporter, Format, IoError, View, write_atomically};

use crate::args::{ExportArgs, ExportFormat};
use crate::error::{CliError, CliResult};
use crate::output::note;

/// The library call: one file through `write_atomically`, or the folder of files
/// a multi-file format writes.
fn export(graph: &ClaimGraph, format: Format, view: View, path: &Path) -> CliResult<ExportReport> {
    let exporter = Exporter::from_format(format).view(view);
    let report = if format == Format::Neo4jCsv {
        exporter.export_files(graph, path)
    } else {
        write_atomically(path, |file| exporter.export(graph, file))
    };
    report.map_err(|e| match e {
        IoError::TooLarge { .. } => CliError::Usage(format!("{}: {e}", path.display())),
        e => CliError::Other(format!("could not export to {}: {e}", path.display())),
    })
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
    let report = export(graph, format, args.view, &args.output)?;
    let files: Vec<String> = if report.files.is_empty() {
        vec![args.output.display().to_string()]
    } else {
        report
            .files
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    };
    let mut message = format!(
        "wrote {} actors, {} claims and {} attributions as {format}: {}",
        report.actors,
        report.claims,
        report.attributions,
        files.join(", ")
    );
    for (reason, n) in &report.not_written {
        message.push_str(&format!("\n  not written {n}: {reason}"));
    }
    note(&message);
    Ok(())
}
