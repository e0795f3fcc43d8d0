//! JSON Lines: one actor or claim per line, read as a stream.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::{ImportReport, IoError};
use crate::ClaimGraph;
use crate::model::{Actor, Claim};
use crate::store::Added;

/// One line of a JSON Lines file: `{"actor": {...}}` or `{"claim": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    /// An actor. An existing key merges (new names and ids are added).
    Actor(Actor),
    /// A claim. Its actors must appear on earlier lines (or already be in the graph).
    Claim(Claim),
}

/// Writes every actor, then every claim, one JSON object per line.
pub(crate) fn write(graph: &ClaimGraph, mut writer: impl Write) -> Result<(), IoError> {
    let mut line = |record: &Record| -> Result<(), IoError> {
        serde_json::to_writer(&mut writer, record).map_err(std::io::Error::from)?;
        writer.write_all(b"\n")?;
        Ok(())
    };
    for actor in graph.actors() {
        line(&Record::Actor(actor.clone()))?;
    }
    for claim in graph.claims().map(|c| c.to_claim()) {
        line(&Record::Claim(claim))?;
    }
    Ok(())
}

/// Reads records line by line into `graph`. Blank lines are ignored. With
/// `skip_invalid`, a malformed or rejected line is counted in the report and reading
/// goes on; without it, the first such line stops the read with an error naming it.
/// Either way every line before the bad one stays imported.
pub(crate) fn read(
    reader: impl BufRead,
    graph: &mut ClaimGraph,
    skip_invalid: bool,
) -> Result<ImportReport, IoError> {
    let mut report = ImportReport::default();
    for (i, text) in reader.lines().enumerate() {
        let line = i + 1;
        let text = text?;
        if text.trim().is_empty() {
            continue;
        }
        report.read += 1;
        let outcome = serde_json::from_str::<Record>(&text)
            .map_err(|e| IoError::Syntax {
                line,
                message: e.to_string(),
            })
            .and_then(|record| match record {
                Record::Actor(actor) => {
                    let before = graph.actor_count();
                    graph
                        .merge_actor(actor)
                        .map(|_| graph.actor_count() > before)
                        .map(|new| (new, None))
                        .map_err(|source| IoError::Store { line, source })
                }
                Record::Claim(claim) => graph
                    .add_claim(claim)
                    .map(|added| (false, Some(added)))
                    .map_err(|source| IoError::Store { line, source }),
            });
        match outcome {
            Ok((new_actor, added)) => match added {
                None => {
                    report.rows_without_claim += 1;
                    report.actors_new += usize::from(new_actor);
                }
                Some(Added::New(_)) => report.claims_new += 1,
                Some(Added::Merged(_)) => report.claims_merged += 1,
            },
            Err(e) if skip_invalid => {
                let category = match e {
                    IoError::Syntax { .. } => "malformed record",
                    _ => "rejected record",
                };
                report.skip(line, e.to_string(), category);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}
