//! GDELT 2.0 mentions read as attributions of the events' claims.
//!
//! # Input
//!
//! The mentions table of a GDELT 2.0 update: one article mentioning one event per
//! line, 16 tab-separated columns without quoting or header, in the order of the GDELT
//! Event Codebook V2.0 (0-based): `GlobalEventID` (0), `EventTimeDate` (1),
//! `MentionTimeDate` (2, `YYYYMMDDhhmmss`), `MentionType` (3), `MentionSourceName` (4),
//! `MentionIdentifier` (5), `SentenceID` (6), `Actor1CharOffset` (7),
//! `Actor2CharOffset` (8), `ActionCharOffset` (9), `InRawText` (10), `Confidence`
//! (11, 10 to 100), `MentionDocLen` (12), `MentionDocTone` (13),
//! `MentionDocTranslationInfo` (14), `Extras` (15). Only columns 0, 2, 4, 5 and 11 are
//! read.
//!
//! # What a row becomes
//!
//! One attribution added to the claim of the event, found by its external id
//! `gdelt:<GlobalEventID>` (set by the events import, module
//! [`gdelt`](super::gdelt)), so the events must be imported first:
//!
//! - **claimant and outlet**: the source, a media outlet keyed `outlet:<name>` as the
//!   events import keys the host of `SOURCEURL` (`MentionSourceName` lower-cased and
//!   without `www.`, so that `dailymaverick.co.za` is the same actor whether it comes
//!   from an event's `SOURCEURL` or from a mention). A name that is not a domain
//!   (`BBC Monitoring`) is keyed by its folded name with dashes, as the events import
//!   does for such a `SOURCEURL`.
//! - **document**: `MentionIdentifier`, as the URL when it is an `http(s)` URL, as the
//!   title otherwise (a citation of a non-web source); published on `MentionTimeDate`.
//! - **reported**: the day of `MentionTimeDate`.
//! - **grade**: a confidence from `Confidence` (c, GDELT's percentage of confidence in
//!   the extraction of the event from this article):
//!
//!   `grade = 0.05 + 0.9 × c / 100`
//!
//!   so 100 gives 0.95, 50 gives 0.5 and 10 (the least GDELT publishes) gives 0.14: the
//!   same bounds as an event row's grade, since no machine-coded article is certain.
//!
//! **One article, one attribution.** The event row's own first article
//! (`SOURCEURL`) is one attribution in either case, graded differently:
//!
//! - without mentions, the events import grades it from `NumSources`/`NumArticles`
//!   (module [`gdelt`](super::gdelt)): it stands for the whole coverage the row
//!   counts;
//! - once a mention of the same URL is imported into the event's claim, the
//!   mention's attribution (claimant and outlet the source, graded from its
//!   `Confidence` as above) replaces it, because the other articles the counts
//!   estimated are then attributions of their own and the estimate would count
//!   them twice. The replacement is made after the mentions are committed: the claim
//!   is removed and added again with its other evidence, so its
//!   [`ClaimId`](crate::ClaimId) changes (find it again with
//!   [`ClaimGraph::claim_by_external`]). An events import that meets a claim whose
//!   mention already gives the row's article (the mentions came first, or the events
//!   file is imported again) adds that mention's attribution, which the claim has,
//!   instead of the row's.
//!
//! GDELT names a mention's source by its registered domain (`foxnews.com`) where
//! the row's URL has a host (`latino.foxnews.com`): the single attribution has the
//! mention's outlet, so one article is one origin, not two. An attribution identical
//! to one the claim has is not added again: importing a mentions file twice changes
//! nothing.
//!
//! # Skips and errors
//!
//! A mention of an event that is not in the graph is skipped and counted as
//! [`SkipReason::UnknownEvent`], even by a strict import: GDELT updates reference
//! events of earlier updates, and a graph need not hold them all. Updates can be imported in any order if the caller keeps
//! such mentions in a [`PendingMentions`] (bounded: at most its capacity, the rest
//! dropped and counted) and calls [`PendingMentions::attach`] after each events
//! import; the graph is then the one events-then-mentions would give.
//!
//! Errors that fail a strict import, or skips with `skip_invalid`: `Malformed` (a row
//! without exactly 16 fields), `InvalidValue` (a `GlobalEventID` that is not a number,
//! an empty `MentionSourceName`, a `Confidence` that is not a whole number from 10 to
//! 100), `InvalidDate` (a `MentionTimeDate` that is not `YYYYMMDDhhmmss`),
//! `InvalidUtf8`, `ByteOrderMark`.

use std::io::BufRead;

use super::gdelt::{EXTERNAL_REGISTRY, day, outlet_of_name};
use super::import::{Invalid, Limits, Read, Record as ImportRecord, RecordReader, View};
use super::input::{Dialect, Rows};
use super::{ImportError, ImportReport, Importer, IoError, Position, SkipReason};
use crate::ClaimGraph;
use crate::model::{Attribution, Document, Grade};

/// Number of columns of a mentions row.
const COLUMNS: usize = 16;

/// Column names, for error messages.
const COLUMN_NAMES: [&str; COLUMNS] = [
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

const GLOBAL_EVENT_ID: usize = 0;
const MENTION_TIME_DATE: usize = 2;
const SOURCE_NAME: usize = 4;
const IDENTIFIER: usize = 5;
const CONFIDENCE: usize = 11;

/// Mentions of events not yet in the graph, kept (in file order, at most `capacity`)
/// to be attached when a later events import brings their events.
///
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::io::{Format, Importer};
/// use claimgraph::io::gdelt_mentions::PendingMentions;
/// let mention = "410412348\t20150218230000\t20150218230000\t1\tthehindu.com\thttp://www.thehindu.com/x\t1\t-1\t10\t20\t1\t50\t1000\t0\t\t\n";
/// let mut graph = ClaimGraph::new();
/// let mut pending = PendingMentions::new(1_000);
/// let importer = Importer::from_format(Format::GdeltMentions);
/// let report = pending.import(&importer, mention.as_bytes(), &mut graph)?;
/// assert_eq!((report.skipped(), pending.len(), pending.dropped()), (1, 1, 0));
/// // No events import brought event 410412348: attaching finds nothing to do.
/// assert_eq!(pending.attach(&importer, &mut graph)?.read, 0);
/// assert_eq!(pending.len(), 1);
/// # Ok::<(), claimgraph::io::ImportError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct PendingMentions {
    capacity: usize,
    /// (GlobalEventID, the row as a tab-separated line), in the order read.
    rows: Vec<(String, String)>,
    dropped: usize,
}

impl PendingMentions {
    /// Keeps at most `capacity` mentions; those beyond are dropped and counted.
    pub fn new(capacity: usize) -> Self {
        PendingMentions {
            capacity,
            rows: Vec::new(),
            dropped: 0,
        }
    }

    /// The number of mentions kept.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no mention is kept.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The number of mentions of unknown events not kept because the capacity was
    /// reached.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// Imports a mentions table with `importer` (whose format must be
    /// [`Format::GdeltMentions`](super::Format::GdeltMentions)), keeping the
    /// mentions of events not in the graph. They are still counted as
    /// [`SkipReason::UnknownEvent`] in the report. A strict import that fails keeps
    /// the mentions read before the failure; attaching them twice is harmless, since
    /// an attribution a claim already has is not added again.
    pub fn import(
        &mut self,
        importer: &Importer,
        reader: impl BufRead,
        graph: &mut ClaimGraph,
    ) -> Result<ImportReport, ImportError> {
        importer.import_mentions(reader, graph, Some(self))
    }

    /// Imports, with `importer`, the kept mentions whose events are now in the graph
    /// (after an events import), in the order they were read, and forgets them; the
    /// others stay kept.
    pub fn attach(
        &mut self,
        importer: &Importer,
        graph: &mut ClaimGraph,
    ) -> Result<ImportReport, ImportError> {
        let (known, unknown): (Vec<_>, Vec<_>) = std::mem::take(&mut self.rows)
            .into_iter()
            .partition(|(id, _)| graph.claim_by_external(EXTERNAL_REGISTRY, id).is_some());
        self.rows = unknown;
        let text: String = known.into_iter().map(|(_, line)| line + "\n").collect();
        importer.import_mentions(text.as_bytes(), graph, None)
    }

    fn keep(&mut self, id: &str, record: &csv::StringRecord) {
        if self.rows.len() >= self.capacity {
            self.dropped += 1;
            return;
        }
        let line = record.iter().collect::<Vec<_>>().join("\t");
        self.rows.push((id.to_owned(), line));
    }
}

/// The reader of GDELT 2.0 mentions: tab-separated rows of the `csv` crate.
pub(crate) struct Reader<'p, R> {
    rows: Rows<R>,
    pending: Option<&'p mut PendingMentions>,
    /// The events whose own article (`SOURCEURL`) a mention names, for
    /// [`merge_own_articles`] once the mentions are committed.
    own_articles: &'p mut Vec<String>,
}

pub(crate) fn reader<'p, R: BufRead>(
    reader: R,
    limits: Limits,
    pending: Option<&'p mut PendingMentions>,
    own_articles: &'p mut Vec<String>,
) -> Result<Reader<'p, R>, IoError> {
    let rows = Rows::new(reader, limits.line_bytes, |_| Dialect {
        delimiter: b'\t',
        quoting: false,
        trim: false,
    })?;
    Ok(Reader {
        rows,
        pending,
        own_articles,
    })
}

/// The URL of an attribution's document.
fn url(a: &Attribution) -> Option<&str> {
    a.document.as_ref().and_then(|d| d.url.as_deref())
}

/// Whether `a` is an events import's attribution (no claimant) of an article that
/// an attribution with a claimant in `evidence` (a mention) also gives.
fn mentioned_elsewhere(a: &Attribution, evidence: &[Attribution]) -> bool {
    a.claimant.is_none()
        && url(a).is_some_and(|u| {
            evidence
                .iter()
                .any(|m| m.claimant.is_some() && url(m) == Some(u))
        })
}

/// Makes the article an event row gives as `SOURCEURL` and the mention of that same
/// article one attribution, the mention's (module docs), in the claims of `events`
/// (`GlobalEventID`s). Each claim that changes is removed and added again with its
/// other evidence, so its [`ClaimId`](crate::ClaimId) changes; if adding it fails,
/// the claim as it was is put back and the error returned.
pub(crate) fn merge_own_articles(graph: &mut ClaimGraph, events: &[String]) -> Result<(), IoError> {
    let mut done = std::collections::HashSet::new();
    for id in events {
        let Some(claim_id) = graph.claim_by_external(EXTERNAL_REGISTRY, id) else {
            continue;
        };
        if !done.insert(claim_id) {
            continue;
        }
        let Some(claim) = graph.claim(claim_id).map(|c| c.to_claim()) else {
            continue;
        };
        let mut merged = claim.clone();
        merged
            .evidence
            .retain(|a| !mentioned_elsewhere(a, &claim.evidence));
        if merged.evidence.len() == claim.evidence.len() {
            continue;
        }
        let store = |source| IoError::Store {
            position: Position::default(),
            source,
        };
        graph.remove_claim(claim_id).map_err(store)?;
        if let Err(e) = graph.add_claim(merged) {
            graph.add_claim(claim).map_err(store)?;
            return Err(store(e));
        }
    }
    Ok(())
}

fn column(i: usize) -> String {
    COLUMN_NAMES
        .get(i)
        .map_or_else(|| format!("column {}", i + 1), |n| (*n).to_owned())
}

/// The grade of a mention from its `Confidence` (module docs).
fn grade(confidence: u8) -> Grade {
    // In percent first, so that 100 gives exactly 0.95.
    Grade::Confidence((5.0 + 0.9 * f64::from(confidence)) / 100.0)
}

impl<R: BufRead> RecordReader for Reader<'_, R> {
    type Raw = csv::StringRecord;

    fn next(&mut self) -> Result<Option<Read<csv::StringRecord>>, IoError> {
        let Some((line, row)) = self.rows.next_row(column)? else {
            return Ok(None);
        };
        Ok(Some((Position::line(line), row)))
    }

    fn validate(
        &mut self,
        _: &Position,
        record: csv::StringRecord,
        view: &View<'_>,
        _: &Limits,
    ) -> Result<ImportRecord, Invalid> {
        if record.len() != COLUMNS {
            return Err(Invalid::new(
                SkipReason::Malformed,
                format!(
                    "expected {COLUMNS} fields, found {} (truncated or malformed line)",
                    record.len()
                ),
            ));
        }
        let get = |i: usize| record.get(i).filter(|f| !f.is_empty());
        let error = |i: usize, reason: SkipReason, message: String| {
            Invalid::new(reason, message).at(COLUMN_NAMES[i])
        };
        let id = get(GLOBAL_EVENT_ID).unwrap_or_default();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error(
                GLOBAL_EVENT_ID,
                SkipReason::InvalidValue,
                format!("expected an event id, found {id:?}"),
            ));
        }
        let confidence = get(CONFIDENCE)
            .and_then(|c| c.parse::<u8>().ok())
            .filter(|c| (10..=100).contains(c))
            .ok_or_else(|| {
                error(
                    CONFIDENCE,
                    SkipReason::InvalidValue,
                    format!(
                        "expected a whole number from 10 to 100, found {:?}",
                        get(CONFIDENCE).unwrap_or_default()
                    ),
                )
            })?;
        let time = get(MENTION_TIME_DATE).unwrap_or_default();
        if time.len() != 14 || !time.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error(
                MENTION_TIME_DATE,
                SkipReason::InvalidDate,
                format!("expected YYYYMMDDhhmmss, found {time:?}"),
            ));
        }
        let reported =
            day(time.get(..8)).map_err(|m| error(MENTION_TIME_DATE, SkipReason::InvalidDate, m))?;
        let name = get(SOURCE_NAME)
            .ok_or_else(|| error(SOURCE_NAME, SkipReason::InvalidValue, "is empty".to_owned()))?;
        let outlet =
            outlet_of_name(name).map_err(|m| error(SOURCE_NAME, SkipReason::InvalidValue, m))?;
        let Some(event) = view.claim_by_external(EXTERNAL_REGISTRY, id) else {
            if let Some(pending) = self.pending.as_deref_mut() {
                pending.keep(id, &record);
            }
            return Err(error(
                GLOBAL_EVENT_ID,
                SkipReason::UnknownEvent,
                format!("no claim has the external id gdelt:{id}"),
            ));
        };
        let mut attribution = Attribution::new(grade(confidence))
            .with_claimant(outlet.key.clone())
            .with_outlet(outlet.key.clone())
            .with_reported(reported);
        if let Some(identifier) = get(IDENTIFIER) {
            let web = identifier
                .get(..4)
                .is_some_and(|h| h.eq_ignore_ascii_case("http"));
            attribution = attribution.with_document(Document {
                url: web.then(|| identifier.to_owned()),
                title: (!web).then(|| identifier.to_owned()),
                lang: None,
                published: Some(reported),
            });
        }
        let own_article = event
            .evidence
            .iter()
            .any(|a| a.claimant.is_none() && url(a).is_some() && url(a) == url(&attribution));
        if own_article {
            self.own_articles.push(id.to_owned());
        }
        let mut claim = event;
        claim.evidence = vec![attribution];
        Ok(ImportRecord::Stage {
            actors: vec![outlet],
            claims: vec![claim],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_span_the_events_bounds() {
        assert_eq!(grade(100), Grade::Confidence(0.95));
        assert_eq!(grade(50), Grade::Confidence(0.5));
        match grade(10) {
            Grade::Confidence(low) => assert!((low - 0.14).abs() < 1e-12, "{low}"),
            other => panic!("{other:?}"),
        }
    }
}
