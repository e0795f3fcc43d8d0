//! `import FILE...`: read files into the working graph, then save it.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use claimgraph::ClaimGraph;
use claimgraph::io::{Format, ImportReport, Importer};
use serde::Serialize;
use serde_json::json;

use crate::args::{ImportArgs, Mode};
use crate::detect;
use crate::error::{CliError, CliResult, io_error};
use crate::graphfile;
use crate::output::{self, emit, heading, push_table, table};
use crate::progress;

/// The library call: one file through one importer. When `Importer::import` returns
/// `Result<ImportReport, ImportError{error, report}>`, this is where it is unpacked.
fn import_one(
    format: Format,
    skip_invalid: bool,
    reader: impl std::io::BufRead,
    graph: &mut ClaimGraph,
) -> Result<ImportReport, claimgraph::io::IoError> {
    Importer::from_format(format)
        .skip_invalid(skip_invalid)
        .import(reader, graph)
}

/// What one file's import did, as printed.
#[derive(Debug, Serialize)]
struct FileReport {
    file: String,
    format: String,
    read: usize,
    actors_new: usize,
    claims_new: usize,
    claims_merged: usize,
    without_claim: usize,
    skipped: usize,
    skipped_by_reason: Vec<SkipCount>,
    first_skips: Vec<SkipLine>,
}

#[derive(Debug, Serialize)]
struct SkipCount {
    reason: String,
    count: usize,
}

#[derive(Debug, Serialize)]
struct SkipLine {
    line: usize,
    reason: String,
}

/// How many skipped lines a report shows.
const FIRST_SKIPS: usize = 10;

fn file_report(file: &Path, format: Format, r: &ImportReport) -> FileReport {
    FileReport {
        file: file.display().to_string(),
        format: detect::flag_name(format).to_owned(),
        read: r.read,
        actors_new: r.actors_new,
        claims_new: r.claims_new,
        claims_merged: r.claims_merged,
        without_claim: r.rows_without_claim,
        skipped: r.skipped(),
        skipped_by_reason: r
            .skipped_by_reason
            .iter()
            .map(|(reason, &count)| SkipCount {
                reason: reason.clone(),
                count,
            })
            .collect(),
        first_skips: r
            .skips
            .iter()
            .take(FIRST_SKIPS)
            .map(|s| SkipLine {
                line: s.line,
                reason: s.reason.clone(),
            })
            .collect(),
    }
}

/// The format to read `file` in: the one asked for, else what the first bytes look
/// like, else what the extension says.
fn choose(file: &Path, asked: Option<Format>, looks: Option<Format>) -> CliResult<Format> {
    asked
        .or(looks)
        .or_else(|| detect::from_extension(file))
        .ok_or_else(|| {
            CliError::Usage(format!(
                "cannot tell the format of {}; pass --format (json, jsonl, gdelt, icews, ftm or bitcoin-otc)",
                file.display()
            ))
        })
}

pub fn run(graph_path: &Path, args: ImportArgs) -> CliResult {
    // Fail before reading anything when the graph could not be saved where asked.
    if let Some(dir) = graph_path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(CliError::NotFound(format!(
            "folder {} of the graph file does not exist",
            dir.display()
        )));
    }
    let mut graph = graphfile::load_or_new(graph_path)?;
    let asked = detect::explicit(args.format);
    let mut reports = Vec::new();
    for file in &args.files {
        let shown = file.display().to_string();
        let head = detect::head(file).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CliError::NotFound(format!("{shown} does not exist")),
            _ => CliError::Other(format!("could not read {shown}: {e}")),
        })?;
        let looks = detect::sniff(&head);
        let format = choose(file, asked, looks)?;
        let opened = File::open(file)
            .map_err(|e| CliError::Other(format!("could not read {shown}: {e}")))?;
        let size = opened.metadata().map(|m| m.len()).unwrap_or(0);
        let name = file
            .file_name()
            .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
        let counting = progress::Counting::new(opened, progress::bar(args.progress, size, &name));
        let mut reader = BufReader::with_capacity(256 * 1024, counting);
        let result = import_one(format, args.skip_invalid, &mut reader, &mut graph);
        reader.into_inner().finish();
        let report = result.map_err(|e| {
            let mut err = io_error(&shown, e);
            // A wrong guess names the format the file looked like.
            if let (CliError::Data(m), Some(looked)) = (&mut err, looks)
                && looked != format
            {
                m.push_str(&format!(
                    " (read as {format}, but it looks like {looked}: try --format {})",
                    detect::flag_name(looked)
                ));
            } else if let CliError::Data(m) = &mut err {
                m.push_str(&format!(" (read as {format})"));
            }
            err
        })?;
        reports.push(file_report(file, format, &report));
    }
    graphfile::save(graph_path, &graph)?;
    print(args.output.mode(), graph_path, &graph, &reports);
    Ok(())
}

fn print(mode: Mode, graph_path: &Path, graph: &ClaimGraph, reports: &[FileReport]) {
    let doc = json!({
        "graph": graph_path.display().to_string(),
        "actors": graph.actor_count(),
        "claims": graph.claim_count(),
        "files": reports,
    });
    emit(mode, &doc, "files", || {
        let mut out = String::new();
        for r in reports {
            heading(&mut out, &format!("{} ({})", r.file, r.format));
            let mut t = table(&[
                "read",
                "new actors",
                "new claims",
                "merged",
                "without claim",
                "skipped",
            ]);
            t.add_row(vec![
                r.read.to_string(),
                r.actors_new.to_string(),
                r.claims_new.to_string(),
                r.claims_merged.to_string(),
                r.without_claim.to_string(),
                r.skipped.to_string(),
            ]);
            push_table(&mut out, &t);
            if !r.skipped_by_reason.is_empty() {
                let mut t = table(&["skipped because", "count"]);
                for s in &r.skipped_by_reason {
                    t.add_row(vec![s.reason.clone(), s.count.to_string()]);
                }
                push_table(&mut out, &t);
                let mut t = table(&["first skipped line", "why"]);
                for s in &r.first_skips {
                    t.add_row(vec![s.line.to_string(), s.reason.clone()]);
                }
                push_table(&mut out, &t);
            }
        }
        out.push_str(&format!(
            "\n{} now holds {} actors and {} claims.\n",
            output::styled(output::NAME, graph_path.display()),
            graph.actor_count(),
            graph.claim_count()
        ));
        out
    });
}
