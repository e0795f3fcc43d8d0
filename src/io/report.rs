//! What an import did: counts of rows read, imported, merged and skipped, with reasons.

use std::collections::BTreeMap;
use std::fmt;

/// One skipped row: where it was and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// 1-based line number in the input.
    pub line: usize,
    /// Why the row was skipped.
    pub reason: String,
}

/// Counts kept by every importer.
///
/// `read = claims_new + claims_merged + skipped + rows_without_claim` always holds:
/// every row read is accounted for exactly once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read (header and blank lines excluded).
    pub read: usize,
    /// Actors created by the import.
    pub actors_new: usize,
    /// Claims created by the import.
    pub claims_new: usize,
    /// Rows whose evidence merged into a claim that already existed.
    pub claims_merged: usize,
    /// Rows that described an entity or other record and no claim (FtM `Person`, say).
    pub rows_without_claim: usize,
    /// Rows skipped, by reason (`"missing Actor2"` -> 1,402).
    pub skipped_by_reason: BTreeMap<String, usize>,
    /// The first skipped rows with their line numbers (at most [`ImportReport::MAX_SKIPS_KEPT`]).
    pub skips: Vec<Skip>,
}

impl ImportReport {
    /// How many individual skips are kept with their line numbers.
    pub const MAX_SKIPS_KEPT: usize = 1_000;

    /// Total rows skipped.
    pub fn skipped(&self) -> usize {
        self.skipped_by_reason.values().sum()
    }

    /// Records a skipped row.
    pub fn skip(&mut self, line: usize, reason: impl Into<String>, category: &str) {
        *self
            .skipped_by_reason
            .entry(category.to_owned())
            .or_default() += 1;
        if self.skips.len() < Self::MAX_SKIPS_KEPT {
            self.skips.push(Skip {
                line,
                reason: reason.into(),
            });
        }
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "read {}, new actors {}, new claims {}, merged {}, without claim {}, skipped {}",
            self.read,
            self.actors_new,
            self.claims_new,
            self.claims_merged,
            self.rows_without_claim,
            self.skipped()
        )?;
        for (reason, n) in &self.skipped_by_reason {
            write!(f, "\n  skipped {n}: {reason}")?;
        }
        Ok(())
    }
}
