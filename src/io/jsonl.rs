//! JSON Lines: one actor or claim per line, read as a stream.
//!
//! # Bad input
//!
//! Each line is read by serde with unknown fields refused, so a misspelled `polarty`
//! or `vaild` is an error naming the field and the line, not a claim stored as
//! asserted or valid always. Errors that fail a strict import (which then changes
//! nothing), or skips with `skip_invalid`, by [`SkipReason`](super::SkipReason):
//!
//! | reason | when |
//! |---|---|
//! | `InvalidUtf8`, `ByteOrderMark` | the line is not UTF-8, or holds U+FEFF after the start of the file |
//! | `Malformed` | the line is not JSON, or not one record (a truncated line) |
//! | `UnknownField`, `MissingField` | a field the record does not have, or one it needs |
//! | `InvalidValue` | a value the model refuses (an impossible date, a confidence outside `[0, 1]`) |
//! | `TooManyAttributions` | more evidence than [`Limits::attributions_per_row`](super::Limits::attributions_per_row) |
//! | `Rejected` | a claim naming an actor neither in the graph nor on an earlier line, an actor key of another kind |
//!
//! A line longer than [`Limits::line_bytes`](super::Limits::line_bytes) stops the import.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::import::{Invalid, Limits, Read, Record as ImportRecord, RecordReader, View};
use super::input::Lines;
use super::{IoError, Position, SkipReason};
use crate::ClaimGraph;
use crate::model::{Actor, Claim};

/// One line of a JSON Lines file: `{"actor": {...}}` or `{"claim": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Record {
    /// An actor. An existing key merges (new names and ids are added).
    Actor(Actor),
    /// A claim. Its actors must appear on earlier lines (or already be in the graph).
    Claim(Claim),
}

/// Writes every actor, then every claim, one JSON object per line.
pub(crate) fn write(graph: &ClaimGraph, mut writer: impl Write) -> Result<(), IoError> {
    let mut line = |record: &Record| -> Result<(), IoError> {
        super::json::write_value(&mut writer, record, false).map_err(std::io::Error::from)?;
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

/// Why serde refused a JSON value, as a typed reason with the field it names.
pub(crate) fn serde_invalid(e: &serde_json::Error) -> Invalid {
    let message = e.to_string();
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    match e.classify() {
        serde_json::error::Category::Data => {
            if let Some(field) = quoted("unknown field `") {
                Invalid::new(SkipReason::UnknownField, &message).at(field)
            } else if let Some(field) = quoted("missing field `") {
                Invalid::new(SkipReason::MissingField, &message).at(field)
            } else {
                Invalid::new(SkipReason::InvalidValue, &message)
            }
        }
        _ => Invalid::new(SkipReason::Malformed, &message),
    }
}

/// The reader of JSON Lines: one record a line, blank lines ignored.
pub(crate) struct Reader<R> {
    lines: Lines<R>,
}

pub(crate) fn reader<R: BufRead>(reader: R, limits: Limits) -> Reader<R> {
    Reader {
        lines: Lines::new(reader, limits.line_bytes),
    }
}

impl<R: BufRead> RecordReader for Reader<R> {
    type Raw = String;

    fn next(&mut self) -> Result<Option<Read<String>>, IoError> {
        Ok(self
            .lines
            .next_line()?
            .map(|(line, text)| (Position::line(line), text)))
    }

    fn validate(
        &mut self,
        _: &Position,
        text: String,
        _: &View<'_>,
        limits: &Limits,
    ) -> Result<ImportRecord, Invalid> {
        match serde_json::from_str::<Record>(&text).map_err(|e| serde_invalid(&e))? {
            Record::Actor(actor) => Ok(ImportRecord::Stage {
                actors: vec![actor],
                claims: Vec::new(),
            }),
            Record::Claim(claim) => {
                check_attributions(&claim, limits)?;
                Ok(ImportRecord::Stage {
                    actors: Vec::new(),
                    claims: vec![claim],
                })
            }
        }
    }
}

/// Refuses a claim with more attributions than the limit.
pub(crate) fn check_attributions(claim: &Claim, limits: &Limits) -> Result<(), Invalid> {
    let n = claim.evidence.len();
    if n > limits.attributions_per_row {
        return Err(Invalid::new(
            SkipReason::TooManyAttributions,
            format!(
                "{n} attributions, over the limit of {} (raise `Importer::max_attributions`)",
                limits.attributions_per_row
            ),
        )
        .at("evidence"));
    }
    Ok(())
}
