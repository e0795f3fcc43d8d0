//! `corroboration [--about A] [--single-source]`: independent origins per claim.

use claimgraph::ClaimGraph;
use claimgraph::analysis::{CorroborationReport, corroboration, corroboration_of};
use serde_json::json;

use crate::args::CorroborationArgs;
use crate::cmd::filter;
use crate::error::CliResult;
use crate::output::{emit, push_table, table};
use crate::rows::{Judged, about, claim_rows};

pub fn run(graph: &ClaimGraph, args: CorroborationArgs) -> CliResult {
    let filter = filter(graph, &args.filter)?;
    let report: CorroborationReport = if args.about.is_empty() {
        corroboration(graph, &filter)
    } else {
        corroboration_of(graph, about(graph, &args.about)?, &filter)
    };
    let judged = Judged::new(graph, &filter);
    let ids: Vec<_> = if args.single_source {
        report.single_source.clone()
    } else {
        report.entries.iter().map(|e| e.claim).collect()
    };
    let rows = claim_rows(graph, &judged, ids, false);
    let doc = json!({
        "about": args.about,
        "claims_admitted": report.entries.len(),
        "single_source": report.single_source.len(),
        "claims": rows,
    });
    emit(args.output.mode(), &doc, "claims", || {
        // The claim's sentence names its voices: no separate sources column.
        let mut t = table(&["origins", "confidence", "claim"]);
        for r in &rows {
            t.add_row(vec![
                r.origins.to_string(),
                format!("{:.2}", r.confidence),
                r.text.clone(),
            ]);
        }
        let mut out = String::new();
        push_table(&mut out, &t);
        out.push_str(&format!(
            "{} of {} claims rest on a single independent origin\n",
            report.single_source.len(),
            report.entries.len()
        ));
        out
    });
    Ok(())
}
