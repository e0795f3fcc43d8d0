//! The import pipeline shared by every format: a reader stage per format that yields
//! records with their position, one validation stage per format, and one commit stage
//! into the store.
//!
//! # Transactions
//!
//! A strict import (the default) commits every record or, on the first bad one,
//! nothing: the graph is then exactly as it was (its JSON serialisation byte for
//! byte). Into a graph that holds something, it stages every record into one store
//! [`Batch`](crate::store::Batch) applied at the end; into an empty graph it commits
//! records as they come and puts the empty graph back on failure, which spares
//! holding a large input in memory twice. With [`Importer::skip_invalid`] each record
//! is committed on its own, and a bad one is counted in the report with its position
//! and a typed [`SkipReason`]; the graph then holds what it would hold had the bad
//! records not been in the input.
//!
//! With `skip_invalid`, an error that stops reading (a failing reader, a line over
//! [`Limits::line_bytes`]) leaves the records before it committed, and the error's
//! report counts them.
//!
//! Either way some records are skipped and counted, not refused: those the format
//! holds but the graph has no place for (an event with one actor, an unknown CAMEO
//! code; [`SkipReason::skipped_when_strict`]). Records of a kind the format has and the
//! graph does not (an FtM `Address`) are counted in
//! [`ImportReport::not_represented`].
//!
//! # Limits
//!
//! [`Limits`] bound what one line or record may cost; each has a default and a setter
//! on [`Importer`], and each is an [`IoError::Invalid`] with its own reason when
//! exceeded.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use super::Format;
use super::{
    ImportError, ImportReport, IoError, Position, SkipReason, bitcoin_otc, ftm, gdelt,
    gdelt_mentions, icews, json, jsonl,
};
use crate::ClaimGraph;
use crate::model::{Actor, ActorKey, ActorKind, Claim};
use crate::store::{ActorAdded, Added, Batch, StoreError};

/// Bounds on what one line or record of an input may cost.
///
/// ```
/// use claimgraph::io::Limits;
/// let l = Limits::default();
/// assert_eq!(l.line_bytes, 16 << 20);
/// assert_eq!((l.properties, l.claims_per_record, l.attributions_per_row), (100_000, 10_000, 10_000));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Bytes in one line, line feed excluded (default 16 MiB). Every format; a line
    /// over it stops the import ([`SkipReason::LineTooLong`]), since the reader cannot
    /// tell where the next record starts.
    pub line_bytes: usize,
    /// Property values in one FollowTheMoney record, all properties together (default
    /// 100,000; [`SkipReason::TooManyProperties`]).
    pub properties: usize,
    /// Claims one record may produce: the payer × beneficiary product of an FtM
    /// interval entity (default 10,000; [`SkipReason::TooManyClaims`]).
    pub claims_per_record: usize,
    /// Attributions (evidence) on one claim record of JSON or JSON Lines (default
    /// 10,000; [`SkipReason::TooManyAttributions`]).
    pub attributions_per_row: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            line_bytes: 16 << 20,
            properties: 100_000,
            claims_per_record: 10_000,
            attributions_per_row: 10_000,
        }
    }
}

/// Reads a format into a graph, all or nothing by default (see the module docs).
///
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::io::{Format, Importer, SkipReason};
/// let data = r#"{"actor":{"key":"iran","kind":"state","name":"Iran"}}
/// {"actor":{"key":"bolivia","kind":"state","name":"Bolivia"}}
/// {"claim":{"subject":"iran","relation":"signed_agreement","object":"bolivia","valid":"2023-07","evidence":[{"claimant":"bolivia","grade":"B2"}]}}
/// {"claim":{"subject":"iran","relation":"signed_agreement","object":"bolivia","polarty":"denied"}}
/// "#;
/// let mut g = ClaimGraph::new();
/// // Strict: the misspelled field on line 4 fails the import, and nothing is stored.
/// let failed = Importer::from_format(Format::JsonLines).import(data.as_bytes(), &mut g).unwrap_err();
/// assert_eq!(failed.error.reason(), Some(SkipReason::UnknownField));
/// assert_eq!(failed.error.position().unwrap().line, Some(4));
/// assert_eq!((g.actor_count(), failed.report.committed), (0, 0));
/// // Skipping: the three good lines go in, the bad one is reported.
/// let report = Importer::from_format(Format::JsonLines).skip_invalid(true).import(data.as_bytes(), &mut g)?;
/// assert_eq!((report.read, report.committed, report.claims_new, report.skipped()), (4, 3, 1, 1));
/// assert_eq!(report.skips[0].reason, SkipReason::UnknownField);
/// assert!(report.adds_up());
/// # Ok::<(), claimgraph::io::ImportError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Importer {
    format: Format,
    skip_invalid: bool,
    ftm: ftm::FtmOptions,
    limits: Limits,
    threads: usize,
    /// Bytes of JSON Lines read and parsed at once (a knob for tests of the chunking).
    chunk_bytes: usize,
}

impl Importer {
    /// An importer for `format`; by default the first bad record fails the import and
    /// nothing is stored.
    pub fn from_format(format: Format) -> Self {
        Importer {
            format,
            skip_invalid: false,
            ftm: ftm::FtmOptions::default(),
            limits: Limits::default(),
            threads: 1,
            chunk_bytes: jsonl::CHUNK_BYTES,
        }
    }

    /// Whether bad records are counted and skipped instead of failing the import
    /// (every format but the JSON document, which is loaded all or nothing).
    pub fn skip_invalid(mut self, skip: bool) -> Self {
        self.skip_invalid = skip;
        self
    }

    /// Options for [`Format::FollowTheMoney`] (the confidence given to its records,
    /// the data set name); other formats ignore them.
    pub fn ftm_options(mut self, options: ftm::FtmOptions) -> Self {
        self.ftm = options;
        self
    }

    /// Threads that parse [`Format::JsonLines`] (default 1: the calling thread does
    /// everything). With `n > 1` the lines are read in chunks of about a megabyte and
    /// parsed on a rayon pool of `n` threads made for the import, while the calling
    /// thread commits the records in file order; `0` sizes the pool as rayon does by
    /// default (one thread per core). The graph, the report and any error are exactly
    /// those of the serial import. Other formats read on the calling thread.
    ///
    /// ```
    /// use claimgraph::ClaimGraph;
    /// use claimgraph::io::{Format, Importer};
    /// let data = r#"{"actor":{"key":"iran","kind":"state","name":"Iran"}}
    /// {"actor":{"key":"bolivia","kind":"state","name":"Bolivia"}}
    /// {"claim":{"subject":"iran","relation":"signed_agreement","object":"bolivia","evidence":[{"claimant":"bolivia","grade":"B2"}]}}
    /// "#;
    /// let (mut serial, mut parallel) = (ClaimGraph::new(), ClaimGraph::new());
    /// let one = Importer::from_format(Format::JsonLines).import(data.as_bytes(), &mut serial)?;
    /// let two = Importer::from_format(Format::JsonLines).threads(2).import(data.as_bytes(), &mut parallel)?;
    /// assert_eq!(one, two);
    /// assert_eq!((two.actors_new, two.claims_new), (2, 1));
    /// assert_eq!(parallel.claim_count(), 1);
    /// # Ok::<(), claimgraph::io::ImportError>(())
    /// ```
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n;
        self
    }

    /// The parsing threads asked for with [`Importer::threads`].
    pub fn current_threads(&self) -> usize {
        self.threads
    }

    /// Sets how many bytes of JSON Lines are read and parsed at once.
    #[cfg(test)]
    pub(crate) fn chunk_bytes(mut self, bytes: usize) -> Self {
        self.chunk_bytes = bytes;
        self
    }

    /// Replaces every limit.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets [`Limits::line_bytes`].
    pub fn max_line_bytes(mut self, bytes: usize) -> Self {
        self.limits.line_bytes = bytes;
        self
    }

    /// Sets [`Limits::properties`].
    pub fn max_properties(mut self, values: usize) -> Self {
        self.limits.properties = values;
        self
    }

    /// Sets [`Limits::claims_per_record`].
    pub fn max_claims_per_record(mut self, claims: usize) -> Self {
        self.limits.claims_per_record = claims;
        self
    }

    /// Sets [`Limits::attributions_per_row`].
    pub fn max_attributions(mut self, attributions: usize) -> Self {
        self.limits.attributions_per_row = attributions;
        self
    }

    /// The limits in force.
    pub fn current_limits(&self) -> Limits {
        self.limits
    }

    /// Reads `reader` into `graph`. On failure the graph is unchanged and the error
    /// carries the report up to the failure.
    pub fn import(
        &self,
        reader: impl BufRead,
        graph: &mut ClaimGraph,
    ) -> Result<ImportReport, ImportError> {
        if self.format == Format::GdeltMentions {
            return self.import_mentions(reader, graph, None);
        }
        let strict = !self.skip_invalid || self.format == Format::Json;
        let commit = Commit::new(graph, strict);
        let limits = self.limits;
        let started = match self.format {
            Format::Json => json::reader(reader, limits).map(|r| commit.run(r, limits)),
            Format::JsonLines => self.pool().map(|pool| {
                commit.run(
                    jsonl::reader(reader, limits, self.chunk_bytes, pool),
                    limits,
                )
            }),
            Format::GdeltEvents => gdelt::reader(reader, limits).map(|r| commit.run(r, limits)),
            // Read by `import_mentions` above.
            Format::GdeltMentions => Err(IoError::Unsupported {
                format: self.format.name(),
                operation: "import without import_mentions",
            }),
            Format::Icews => icews::reader(reader, limits).map(|r| commit.run(r, limits)),
            Format::FollowTheMoney => {
                ftm::reader(reader, limits, &self.ftm).map(|r| commit.run(r, limits))
            }
            Format::BitcoinOtc => {
                bitcoin_otc::reader(reader, limits).map(|r| commit.run(r, limits))
            }
            Format::Dot | Format::GraphMl | Format::Neo4jCsv => Err(IoError::Unsupported {
                format: self.format.name(),
                operation: "import",
            }),
        };
        started.map_err(|error| ImportError {
            error,
            report: Box::default(),
        })?
    }
}

impl Importer {
    /// The pool that parses, when one is asked for.
    fn pool(&self) -> Result<Option<rayon::ThreadPool>, IoError> {
        if self.threads == 1 {
            return Ok(None);
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .thread_name(|i| format!("claimgraph-parse-{i}"))
            // A panic in a parsing job would abort the process under rayon's default;
            // handled, it drops the job's sender and the import fails with an error.
            .panic_handler(|_| ())
            .build()
            .map(Some)
            .map_err(|e| IoError::Io(std::io::Error::other(e)))
    }

    /// A GDELT mentions import that keeps the mentions of unknown events in `pending`.
    pub(crate) fn import_mentions(
        &self,
        reader: impl BufRead,
        graph: &mut ClaimGraph,
        pending: Option<&mut gdelt_mentions::PendingMentions>,
    ) -> Result<ImportReport, ImportError> {
        if self.format != Format::GdeltMentions {
            return Err(ImportError {
                error: IoError::Unsupported {
                    format: self.format.name(),
                    operation: "import with pending mentions",
                },
                report: Box::default(),
            });
        }
        let commit = Commit::new(graph, !self.skip_invalid);
        let limits = self.limits;
        let mut own_articles = Vec::new();
        let rows = gdelt_mentions::reader(reader, limits, pending, &mut own_articles).map_err(
            |error| ImportError {
                error,
                report: Box::default(),
            },
        )?;
        let report = commit.run(rows, limits)?;
        gdelt_mentions::merge_own_articles(graph, &own_articles).map_err(|error| ImportError {
            error,
            report: Box::new(report.clone()),
        })?;
        Ok(report)
    }
}

/// A record the validation stage refused: the field at fault, the reason, the detail.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Invalid {
    pub(crate) field: Option<String>,
    pub(crate) reason: SkipReason,
    pub(crate) detail: String,
}

impl Invalid {
    pub(crate) fn new(reason: SkipReason, detail: impl Into<String>) -> Self {
        Invalid {
            field: None,
            reason,
            detail: detail.into(),
        }
    }

    /// The same, at a field.
    pub(crate) fn at(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

/// What the validation stage makes of one record.
#[derive(Debug)]
pub(crate) enum Record {
    /// Actors to insert or merge and claims to add, committed together.
    Stage {
        /// Merged into actors of the same key, or inserted.
        actors: Vec<Actor>,
        /// Added, or merged into claims of the same key.
        claims: Vec<Claim>,
    },
    /// A record of a kind the graph has no place for (FtM `Address`).
    NotRepresented(String),
}

/// One record from a reader stage: where it is, and its raw value or why it could not
/// be read.
pub(crate) type Read<T> = (Position, Result<T, Invalid>);

/// A format: a reader stage and a validation stage. The pipeline owns the loop, the
/// counting and the wording; a format only turns bytes into records and records into
/// what the store takes.
pub(crate) trait RecordReader {
    /// The record as read, before validation.
    type Raw;

    /// The next record with its position; `Ok(None)` at the end. An error stops the
    /// import (the reader failed, or a line is over the limit).
    fn next(&mut self) -> Result<Option<Read<Self::Raw>>, IoError>;

    /// Checks a record and builds its actors and claims (or says why it cannot be).
    fn validate(
        &mut self,
        position: &Position,
        raw: Self::Raw,
        view: &View<'_>,
        limits: &Limits,
    ) -> Result<Record, Invalid>;
}

/// The graph as the validation stage sees it: what is stored plus what is staged.
pub(crate) struct View<'a> {
    graph: &'a ClaimGraph,
    pending: &'a HashMap<ActorKey, (ActorKind, HashSet<String>)>,
}

impl View<'_> {
    /// The kind of the actor with this key, stored or staged.
    pub(crate) fn kind_of(&self, key: &str) -> Option<ActorKind> {
        self.graph
            .actor_by_key(key)
            .map(|a| a.kind)
            .or_else(|| self.pending.get(key).map(|(kind, _)| *kind))
    }

    /// The stored claim with the external id `registry:id` (staged ones excluded), as
    /// an owned value.
    pub(crate) fn claim_by_external(&self, registry: &str, id: &str) -> Option<Claim> {
        let id = self.graph.claim_by_external(registry, id)?;
        self.graph.claim(id).map(|c| c.to_claim())
    }

    /// The stored actor with this key (staged ones excluded).
    pub(crate) fn stored(&self, key: &str) -> Option<&Actor> {
        self.graph.actor_by_key(key)
    }

    /// Whether the actor `key` already has `name` (stored or staged), so that merging
    /// an actor of that key and name again would add nothing.
    pub(crate) fn has_name(&self, key: &str, name: &str) -> bool {
        self.graph
            .actor_by_key(key)
            .is_some_and(|a| a.name == name || a.aliases.iter().any(|x| x.name == name))
            || self
                .pending
                .get(key)
                .is_some_and(|(_, names)| names.contains(name))
    }
}

/// One staged record of a strict import: where it is and where its items end in the
/// batch.
struct Staged {
    position: Position,
    actors_end: usize,
    claims_end: usize,
    has_claims: bool,
}

/// The commit stage: stages records into one batch (strict, into a graph that holds
/// something) or commits each on its own (skipping, or strict into an empty graph,
/// which is put back as it was on failure), and keeps the report.
struct Commit<'g> {
    graph: &'g mut ClaimGraph,
    /// Whether a bad record fails the import (rather than being skipped).
    strict: bool,
    /// Whether records wait in `batch` until the end.
    staging: bool,
    /// The graph as it was, to put back if a strict import fails; kept only when it
    /// costs nothing to keep (an empty graph).
    undo: Option<ClaimGraph>,
    batch: Batch,
    pending: HashMap<ActorKey, (ActorKind, HashSet<String>)>,
    staged: Vec<Staged>,
    report: ImportReport,
}

impl<'g> Commit<'g> {
    fn new(graph: &'g mut ClaimGraph, strict: bool) -> Self {
        // A large import into an empty graph would hold every record in memory twice
        // (parsed, then interned) if staged: committing as records come is faster,
        // and the empty graph is cheap to keep for a rollback.
        let empty = graph.actor_count() == 0 && graph.claim_count() == 0;
        let undo = (strict && empty).then(|| graph.clone());
        Commit {
            graph,
            strict,
            staging: strict && !empty,
            undo,
            batch: Batch::new(),
            pending: HashMap::new(),
            staged: Vec::new(),
            report: ImportReport::default(),
        }
    }

    /// The one loop of every import.
    fn run<R: RecordReader>(
        mut self,
        mut reader: R,
        limits: Limits,
    ) -> Result<ImportReport, ImportError> {
        loop {
            let (position, raw) = match reader.next() {
                Ok(Some(next)) => next,
                Ok(None) => break,
                Err(e) => return Err(self.fail(e)),
            };
            self.report.read += 1;
            let view = View {
                graph: &*self.graph,
                pending: &self.pending,
            };
            let outcome = raw.and_then(|raw| reader.validate(&position, raw, &view, &limits));
            let result = match outcome {
                Ok(Record::Stage { actors, claims }) => self.stage(position, actors, claims),
                Ok(Record::NotRepresented(kind)) => {
                    *self.report.not_represented.entry(kind).or_default() += 1;
                    Ok(())
                }
                Err(invalid) => self.invalid(position, invalid),
            };
            if let Err(e) = result {
                return Err(self.fail(e));
            }
        }
        self.finish()
    }

    fn fail(self, error: IoError) -> ImportError {
        let mut report = self.report;
        if let Some(pristine) = self.undo {
            *self.graph = pristine;
        }
        if self.strict {
            // Nothing was committed, or what was is undone.
            report.committed = 0;
            report.merged = 0;
            report.actors_new = 0;
            report.claims_new = 0;
        }
        ImportError {
            error,
            report: Box::new(report),
        }
    }

    /// A refused record: skipped and counted, or the error that stops the import.
    fn invalid(&mut self, position: Position, invalid: Invalid) -> Result<(), IoError> {
        let position = match invalid.field {
            Some(field) => position.with_field(field),
            None => position,
        };
        if self.strict && !invalid.reason.skipped_when_strict() {
            return Err(IoError::Invalid {
                position,
                reason: invalid.reason,
                detail: invalid.detail,
            });
        }
        self.report.skip(position, invalid.reason, invalid.detail);
        Ok(())
    }

    fn stage(
        &mut self,
        position: Position,
        actors: Vec<Actor>,
        claims: Vec<Claim>,
    ) -> Result<(), IoError> {
        let has_claims = !claims.is_empty();
        if self.staging {
            for actor in actors {
                let entry = self
                    .pending
                    .entry(actor.key.clone())
                    .or_insert_with(|| (actor.kind, HashSet::new()));
                entry.1.insert(actor.name.clone());
                self.batch.push_merge(actor);
            }
            // The batch would accept an actor staged by a later record; a record may
            // only name actors of the graph or of earlier records, as when skipping.
            for claim in &claims {
                if let Some((key, field)) = claim_keys(claim).find(|(key, _)| {
                    self.graph.actor_id(key.as_str()).is_none() && !self.pending.contains_key(*key)
                }) {
                    let key = key.to_string();
                    let source = StoreError::UnknownActor { key, field };
                    return Err(IoError::Store { position, source });
                }
            }
            claims.into_iter().for_each(|c| self.batch.push_claim(c));
            self.staged.push(Staged {
                position,
                actors_end: self.batch.actor_count(),
                claims_end: self.batch.claim_count(),
                has_claims,
            });
            return Ok(());
        }
        let mut batch = Batch::new();
        actors.into_iter().for_each(|a| batch.push_merge(a));
        claims.into_iter().for_each(|c| batch.push_claim(c));
        match self.graph.apply(batch) {
            Ok(applied) => {
                tally(
                    &mut self.report,
                    &applied.actors,
                    &applied.claims,
                    has_claims,
                );
                Ok(())
            }
            Err(e) => {
                let source = unwrap_batch(e).1;
                if self.strict {
                    return Err(IoError::Store { position, source });
                }
                self.report
                    .skip(position, SkipReason::Rejected, source.to_string());
                Ok(())
            }
        }
    }

    fn finish(mut self) -> Result<ImportReport, ImportError> {
        if !self.staging {
            return Ok(self.report);
        }
        let batch = std::mem::take(&mut self.batch);
        let actor_count = batch.actor_count();
        match self.graph.apply(batch) {
            Ok(applied) => {
                let (mut a, mut c) = (0, 0);
                for s in &self.staged {
                    tally(
                        &mut self.report,
                        &applied.actors[a..s.actors_end],
                        &applied.claims[c..s.claims_end],
                        s.has_claims,
                    );
                    (a, c) = (s.actors_end, s.claims_end);
                }
                Ok(self.report)
            }
            Err(e) => {
                let (index, source) = unwrap_batch(e);
                let position = index
                    .and_then(|i| {
                        let at = if i < actor_count {
                            self.staged.partition_point(|s| s.actors_end <= i)
                        } else {
                            let i = i - actor_count;
                            self.staged.partition_point(|s| s.claims_end <= i)
                        };
                        self.staged.get(at).map(|s| s.position.clone())
                    })
                    .unwrap_or_default();
                let error = IoError::Store { position, source };
                Err(self.fail(error))
            }
        }
    }
}

/// Every actor a claim names, with the field naming it.
fn claim_keys(claim: &Claim) -> impl Iterator<Item = (&ActorKey, &'static str)> {
    let evidence = claim.evidence.iter().flat_map(|a| {
        a.claimant
            .iter()
            .map(|k| (k, "claimant"))
            .chain(a.outlet.iter().map(|k| (k, "outlet")))
            .chain(a.relays.iter().map(|k| (k, "relays")))
    });
    [(&claim.subject, "subject"), (&claim.object, "object")]
        .into_iter()
        .chain(evidence)
}

/// The item index and the cause of a batch error.
fn unwrap_batch(e: StoreError) -> (Option<usize>, StoreError) {
    match e {
        StoreError::Batch { index, source } => (Some(index), *source),
        other => (None, other),
    }
}

/// Counts one committed record.
fn tally(report: &mut ImportReport, actors: &[ActorAdded], claims: &[Added], has_claims: bool) {
    let new_actors = actors
        .iter()
        .filter(|a| matches!(a, ActorAdded::New(_)))
        .count();
    let new_claims = claims.iter().filter(|a| matches!(a, Added::New(_))).count();
    report.actors_new += new_actors;
    report.claims_new += new_claims;
    let created = if has_claims {
        new_claims > 0
    } else {
        new_actors > 0
    };
    if created {
        report.committed += 1;
    } else {
        report.merged += 1;
    }
}
