//! Writing graphs: the [`Exporter`], the [`ExportReport`] every export returns, and
//! atomic file saves ([`AtomicFile`], [`write_atomically`]).

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Format, IoError, dot, ftm, graphml, json, jsonl, neo4j};
use crate::ClaimGraph;

/// Something an export could not write, counted in [`ExportReport::not_written`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Omission {
    /// A claim whose relation has no FollowTheMoney schema (`met_with`, `supplies_arms`).
    NoSchemaForRelation,
    /// A denied claim: FollowTheMoney has no way to say a link does not hold.
    DeniedClaim,
    /// A claim with a region at one end: FollowTheMoney has no region entity.
    RegionEndpoint,
    /// An actor of kind region (FollowTheMoney has no region entity).
    RegionActor,
    /// A data-set, publisher or sanctioning-authority actor that the FollowTheMoney
    /// importer made up and that no exported claim links to (it becomes a data-set
    /// name or an `authority` text again, not an entity).
    ImportedSourceActor,
    /// An attribution whose grade, reported date, document or excerpt the view does
    /// not carry (the flat GraphML and Neo4j views write only its chain of keys; the
    /// provenance view and JSON keep them).
    EvidenceDetail,
}

impl Omission {
    /// Every reason, in declaration order.
    pub const ALL: [Omission; 6] = [
        Omission::NoSchemaForRelation,
        Omission::DeniedClaim,
        Omission::RegionEndpoint,
        Omission::RegionActor,
        Omission::ImportedSourceActor,
        Omission::EvidenceDetail,
    ];

    /// The reason as a short snake-case name (`no_schema_for_relation`).
    pub fn as_str(self) -> &'static str {
        match self {
            Omission::NoSchemaForRelation => "no_schema_for_relation",
            Omission::DeniedClaim => "denied_claim",
            Omission::RegionEndpoint => "region_endpoint",
            Omission::RegionActor => "region_actor",
            Omission::ImportedSourceActor => "imported_source_actor",
            Omission::EvidenceDetail => "evidence_detail",
        }
    }
}

/// Which picture of the graph the graph formats (GraphML, DOT, Neo4j CSV) draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum View {
    /// Actors are nodes and every claim is one edge from subject to object.
    #[default]
    Claims,
    /// Actors and claims are both nodes: each claim links to its subject and object
    /// (`SUBJECT`, `OBJECT`), and each source to the claims it asserted, published or
    /// relayed (`ASSERTED`, `PUBLISHED`, `RELAYED`, carrying the attribution's grade
    /// and reported date), so that a query can ask who said what.
    Provenance,
}

/// What an export wrote and what its format could not hold.
///
/// `claims` counts the claims written (as edges, nodes or FtM links); a claim left out
/// is counted once under the first [`Omission`] that applies to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportReport {
    /// Actors written.
    pub actors: usize,
    /// Claims written.
    pub claims: usize,
    /// Attributions written, in any form (a chain of keys, a tooltip line, a
    /// provenance edge group, an FtM record).
    pub attributions: usize,
    /// Files written, in order ([`Exporter::export_files`] only; empty for a stream).
    pub files: Vec<PathBuf>,
    /// What was left out, by reason.
    pub not_written: BTreeMap<Omission, usize>,
}

impl ExportReport {
    /// Items left out, all reasons together.
    pub fn omitted(&self) -> usize {
        self.not_written.values().sum()
    }

    /// The report of a format that holds the whole graph (JSON, JSON Lines).
    fn everything(graph: &ClaimGraph) -> ExportReport {
        ExportReport {
            actors: graph.actor_count(),
            claims: graph.claim_count(),
            attributions: graph.claims().map(|c| c.evidence().count()).sum(),
            ..ExportReport::default()
        }
    }

    /// Counts `n` items left out for `reason`.
    pub(crate) fn omit(&mut self, reason: Omission, n: usize) {
        if n > 0 {
            *self.not_written.entry(reason).or_default() += n;
        }
    }
}

impl fmt::Display for ExportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "wrote {} actors, {} claims, {} attributions",
            self.actors, self.claims, self.attributions
        )?;
        if !self.files.is_empty() {
            write!(f, " to {} files", self.files.len())?;
        }
        for (reason, n) in &self.not_written {
            write!(f, "\n  not written {n}: {reason}")?;
        }
        Ok(())
    }
}

/// Writes a graph in a format.
///
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::io::{Exporter, Format};
/// let mut out = Vec::new();
/// let report = Exporter::from_format(Format::Json).export(&ClaimGraph::new(), &mut out)?;
/// assert!(String::from_utf8(out).unwrap().contains("\"version\": 1"));
/// assert_eq!((report.actors, report.claims, report.omitted()), (0, 0, 0));
/// # Ok::<(), claimgraph::io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Exporter {
    format: Format,
    view: View,
    dot_max_claims: usize,
    legend: bool,
}

impl Exporter {
    /// Claims above which a DOT export is refused by default: Graphviz's `dot` layout
    /// takes minutes past a few thousand edges and never finishes on ICEWS's 44,288.
    pub const DEFAULT_DOT_MAX_CLAIMS: usize = 5_000;

    /// An exporter for `format`, flat view ([`View::Claims`]), DOT legend on.
    pub fn from_format(format: Format) -> Self {
        Exporter {
            format,
            view: View::Claims,
            dot_max_claims: Self::DEFAULT_DOT_MAX_CLAIMS,
            legend: true,
        }
    }

    /// The picture GraphML, DOT and Neo4j CSV draw; the other formats ignore it.
    pub fn view(mut self, view: View) -> Self {
        self.view = view;
        self
    }

    /// The most claims a DOT export writes; past it the export fails with
    /// [`IoError::TooLarge`] before writing anything (export an ego network instead).
    pub fn dot_max_claims(mut self, max: usize) -> Self {
        self.dot_max_claims = max;
        self
    }

    /// Whether a DOT export draws its legend (a cluster explaining shapes and colours).
    pub fn legend(mut self, legend: bool) -> Self {
        self.legend = legend;
        self
    }

    /// Writes `graph` to `writer`.
    pub fn export(&self, graph: &ClaimGraph, writer: impl Write) -> Result<ExportReport, IoError> {
        match self.format {
            Format::Json => {
                json::write(graph, writer)?;
                Ok(ExportReport::everything(graph))
            }
            Format::JsonLines => {
                jsonl::write(graph, writer)?;
                Ok(ExportReport::everything(graph))
            }
            Format::FollowTheMoney => ftm::write(graph, writer),
            Format::Dot => {
                if graph.claim_count() > self.dot_max_claims {
                    return Err(IoError::TooLarge {
                        format: self.format.name(),
                        claims: graph.claim_count(),
                        limit: self.dot_max_claims,
                    });
                }
                dot::write(graph, writer, self.view, self.legend)
            }
            Format::GraphMl => graphml::write(graph, writer, self.view),
            Format::GdeltEvents
            | Format::GdeltMentions
            | Format::Icews
            | Format::BitcoinOtc
            | Format::Neo4jCsv => Err(IoError::Unsupported {
                format: self.format.name(),
                operation: "export to one stream",
            }),
        }
    }

    /// The files [`Exporter::export_files`] writes into `dir`, in order.
    pub fn file_names(&self) -> Vec<&'static str> {
        match (self.format, self.view) {
            (Format::Neo4jCsv, View::Claims) => vec!["actors.csv", "claims.csv"],
            (Format::Neo4jCsv, View::Provenance) => {
                vec!["actors.csv", "claims.csv", "ends.csv", "sources.csv"]
            }
            (Format::Json, _) => vec!["graph.json"],
            (Format::JsonLines, _) => vec!["graph.jsonl"],
            (Format::FollowTheMoney, _) => vec!["graph.ijson"],
            (Format::Dot, _) => vec!["graph.dot"],
            (Format::GraphMl, _) => vec!["graph.graphml"],
            _ => Vec::new(),
        }
    }

    /// Writes `graph` into the folder `dir` (created if missing): the files of
    /// [`Exporter::file_names`] (`graph.<ext>` for single-file formats; `actors.csv`
    /// and `claims.csv` for [`Format::Neo4jCsv`], plus `ends.csv` and `sources.csv` in
    /// the provenance view). The report lists the paths written.
    ///
    /// Every file is saved atomically (see [`AtomicFile`]): the new files replace the
    /// old ones only once all of them are written and synced, so a failure leaves the
    /// folder as it was.
    pub fn export_files(&self, graph: &ClaimGraph, dir: &Path) -> Result<ExportReport, IoError> {
        let names = self.file_names();
        if names.is_empty() {
            return Err(IoError::Unsupported {
                format: self.format.name(),
                operation: "export",
            });
        }
        std::fs::create_dir_all(dir)?;
        let paths: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
        let mut files = paths
            .iter()
            .map(|p| AtomicFile::create(p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut report = if self.format == Format::Neo4jCsv {
            let [nodes, rest @ ..] = files.as_mut_slice() else {
                unreachable!("the Neo4j views write at least two files")
            };
            match (self.view, rest) {
                (View::Claims, [claims]) => neo4j::write(graph, nodes, claims)?,
                (View::Provenance, [claims, ends, sources]) => {
                    neo4j::write_provenance(graph, nodes, claims, ends, sources)?
                }
                _ => unreachable!("file_names lists the files of each view"),
            }
        } else {
            self.export(graph, &mut files[0])?
        };
        for file in files {
            file.commit()?;
        }
        report.files = paths;
        Ok(report)
    }
}

/// Whether a view loses part of an attribution: its document or excerpt always (only
/// JSON, JSON Lines and FtM keep them), its grade and reported date unless the view
/// writes them.
pub(super) fn loses_detail(a: &crate::model::Attribution, keeps_grade_and_date: bool) -> bool {
    a.document.is_some() || a.excerpt.is_some() || !keeps_grade_and_date
}

/// Distinguishes temporary files of one process (threads may save side by side).
static TEMPORARY_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A file written beside its target and moved over it only when complete.
///
/// [`AtomicFile::create`] opens a new temporary file in the target's folder (so the
/// final rename stays on one file system and is atomic); writes go to it through a
/// buffer; [`AtomicFile::commit`] flushes, syncs it to disk, renames it over the
/// target and syncs the folder, so that after a crash the target is either the old
/// file or the new one, never a mix. Dropping an `AtomicFile` without committing it
/// (an error, a panic) removes the temporary file and leaves the target untouched.
///
/// ```
/// use std::io::Write;
/// use claimgraph::io::AtomicFile;
/// let dir = std::env::temp_dir().join(format!("claimgraph-atomic-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("notes.txt");
/// std::fs::write(&path, "old")?;
/// let mut file = AtomicFile::create(&path)?;
/// file.write_all(b"new")?;
/// assert_eq!(std::fs::read_to_string(&path)?, "old"); // nothing replaced yet
/// file.commit()?;
/// assert_eq!(std::fs::read_to_string(&path)?, "new");
/// assert_eq!(std::fs::read_dir(&dir)?.count(), 1); // no temporary left
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temporary: PathBuf,
    // `None` once committed, so that drop knows there is nothing to clean.
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Opens a temporary file beside `target` (`.<name>.<pid>.<n>.tmp`).
    pub fn create(target: &Path) -> Result<AtomicFile, IoError> {
        let name = target.file_name().ok_or_else(|| {
            IoError::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} names no file", target.display()),
            ))
        })?;
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        loop {
            let n = TEMPORARY_COUNTER.fetch_add(1, Ordering::Relaxed);
            let mut temp_name = std::ffi::OsString::from(".");
            temp_name.push(name);
            temp_name.push(format!(".{}.{n}.tmp", std::process::id()));
            let temporary = folder.join(temp_name);
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temporary)
            {
                Ok(file) => {
                    // A replaced file keeps its mode (a 0600 graph stays private).
                    if let Ok(meta) = std::fs::metadata(target) {
                        file.set_permissions(meta.permissions())?;
                    }
                    return Ok(AtomicFile {
                        target: target.to_path_buf(),
                        temporary,
                        writer: Some(BufWriter::new(file)),
                    });
                }
                // A leftover of a killed process with the same pid: take the next n.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The file this one replaces on commit.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes and syncs the temporary file, renames it over the target and syncs the
    /// folder. On error the temporary file is removed and the target is untouched.
    pub fn commit(mut self) -> Result<(), IoError> {
        let Some(writer) = self.writer.take() else {
            return Ok(());
        };
        let result = (|| {
            let file = writer
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?;
            file.sync_all()?;
            drop(file);
            std::fs::rename(&self.temporary, &self.target)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&self.temporary);
            return Err(e.into());
        }
        sync_folder(&self.target)?;
        Ok(())
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.writer
            .as_mut()
            .ok_or_else(|| io::Error::other("the atomic file was already committed"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            // Not committed: the content is incomplete, so it must not survive.
            drop(writer);
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Makes a rename durable: on Unix the new directory entry is only on disk once the
/// folder itself is synced.
#[cfg(unix)]
fn sync_folder(target: &Path) -> io::Result<()> {
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(folder)?.sync_all()
}

/// Windows cannot open a folder as a file; its rename is durable once it returns.
#[cfg(not(unix))]
fn sync_folder(_target: &Path) -> io::Result<()> {
    Ok(())
}

/// Saves `path` atomically: `write` fills an [`AtomicFile`] that replaces `path` only
/// if `write` succeeds and the file is synced; otherwise `path` keeps its old content
/// and no temporary file remains. Returns what `write` returned.
///
/// ```
/// use std::io::Write;
/// use claimgraph::io::{IoError, write_atomically};
/// let dir = std::env::temp_dir().join(format!("claimgraph-write-atomically-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("graph.json");
/// std::fs::write(&path, "{}")?;
/// let failed = write_atomically(&path, |w| {
///     w.write_all(b"{\"half")?;
///     Err::<(), _>(IoError::Io(std::io::Error::other("disk full")))
/// });
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read_to_string(&path)?, "{}");
/// assert_eq!(std::fs::read_dir(&dir)?.count(), 1);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut AtomicFile) -> Result<T, IoError>,
) -> Result<T, IoError> {
    let mut file = AtomicFile::create(path)?;
    let value = write(&mut file)?;
    file.commit()?;
    Ok(value)
}

impl fmt::Display for Omission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Omission {
    type Err = IoError;
    fn from_str(text: &str) -> Result<Self, IoError> {
        Omission::ALL
            .into_iter()
            .find(|o| o.as_str() == text)
            .ok_or_else(|| IoError::UnknownName {
                what: "omission",
                text: text.to_owned(),
            })
    }
}
