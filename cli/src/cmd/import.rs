//! `import FILE...`: read files into the working graph, then save it.

use std::collections::BTreeMap;
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

/// What one file's import did, as printed: the library's report, with the skips
/// grouped under their reasons.
#[derive(Debug, Serialize)]
struct FileReport {
    file: String,
    format: String,
    read: usize,
    committed: usize,
    merged: usize,
    skipped: usize,
    not_represented: BTreeMap<String, usize>,
    actors_new: usize,
    claims_new: usize,
    skipped_by_reason: Vec<SkipCount>,
}

#[derive(Debug, Serialize)]
struct SkipCount {
    reason: String,
    count: usize,
    /// The first skipped records of this reason.
    first: Vec<SkipLine>,
}

#[derive(Debug, Serialize)]
struct SkipLine {
    line: Option<usize>,
    field: Option<String>,
    detail: String,
}

/// How many skipped records a report shows per reason.
const FIRST_SKIPS: usize = 5;

fn file_report(file: &Path, format: Format, r: &ImportReport) -> FileReport {
    FileReport {
        file: file.display().to_string(),
        format: format.id().to_owned(),
        read: r.read,
        committed: r.committed,
        merged: r.merged,
        skipped: r.skipped(),
        not_represented: r.not_represented.clone(),
        actors_new: r.actors_new,
        claims_new: r.claims_new,
        skipped_by_reason: r
            .skipped_by_reason
            .iter()
            .map(|(reason, &count)| SkipCount {
                reason: reason.to_string(),
                count,
                first: r
                    .skips
                    .iter()
                    .filter(|s| s.reason == *reason)
                    .take(FIRST_SKIPS)
                    .map(|s| SkipLine {
                        line: s.position.line,
                        field: s.position.field.clone(),
                        detail: s.detail.clone(),
                    })
                    .collect(),
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
                "cannot tell the format of {}; pass --format (json, jsonl, gdelt, gdelt-mentions, icews, ftm or bitcoin-otc)",
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
        let result = Importer::from_format(format)
            .skip_invalid(args.skip_invalid)
            .import(&mut reader, &mut graph);
        reader.into_inner().finish();
        // A failed import changed nothing, and the graph file is not saved.
        let report = result.map_err(|e| {
            let mut err = io_error(&shown, e.error);
            // A wrong guess names the format the file looked like.
            if let (CliError::Data(m), Some(looked)) = (&mut err, looks)
                && looked != format
            {
                m.push_str(&format!(
                    " (read as {format}, but it looks like {looked}: try --format {})",
                    looked.id()
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
                "committed",
                "merged",
                "skipped",
                "not represented",
                "new actors",
                "new claims",
            ]);
            t.add_row(vec![
                r.read.to_string(),
                r.committed.to_string(),
                r.merged.to_string(),
                r.skipped.to_string(),
                r.not_represented.values().sum::<usize>().to_string(),
                r.actors_new.to_string(),
                r.claims_new.to_string(),
            ]);
            push_table(&mut out, &t);
            if !r.skipped_by_reason.is_empty() {
                let mut t = table(&["skipped because", "count", "first", "detail"]);
                for s in &r.skipped_by_reason {
                    for (i, first) in s.first.iter().enumerate() {
                        let at = match (first.line, &first.field) {
                            (Some(l), Some(f)) => format!("line {l}, {f}"),
                            (Some(l), None) => format!("line {l}"),
                            (None, Some(f)) => f.clone(),
                            (None, None) => String::new(),
                        };
                        let (reason, count) = if i == 0 {
                            (s.reason.clone(), s.count.to_string())
                        } else {
                            (String::new(), String::new())
                        };
                        t.add_row(vec![reason, count, at, first.detail.clone()]);
                    }
                }
                push_table(&mut out, &t);
            }
            if !r.not_represented.is_empty() {
                let mut t = table(&["not represented", "count"]);
                for (kind, n) in &r.not_represented {
                    t.add_row(vec![kind.clone(), n.to_string()]);
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
