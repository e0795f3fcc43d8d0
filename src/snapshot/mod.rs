//! `Snapshot`: a frozen, read-optimised copy of a claim graph in compressed sparse rows.

mod build;
pub(crate) mod column;
pub(crate) mod keys;

use std::sync::{Arc, OnceLock};

use petgraph::stable_graph::NodeIndex;

use crate::ClaimGraph;
use crate::io::IoError;
use crate::model::{Actor, ActorKind, Claim};
use crate::query::view::{
    Access, DENIED, Edge, Packed, Record, STATEMENT_SHIFT, SYMMETRIC, Weight,
};
use crate::query::{ClaimView, Compiled, GraphRef, NameIndex, ReadGraph, Walk};
use crate::store::{
    ActorId, ClaimId, ClaimRecord, ExternalIndex, Generations, GraphTag, LookupError, Tables,
};
use column::Column;

/// A row entry's hot fields: what a filtered scan reads beside the target before
/// anything else. The relation kind, flags and valid days are exact (days unless
/// [`DAY_OVERFLOW`]); the confidence byte and origin count are bounds that decide
/// most entries, the exact values being read only for the undecided rest.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
pub(crate) struct Hot {
    pub(crate) kind: u8,
    pub(crate) flags: u8,
    /// `floor(confidence * 256)`, 255 for a confidence of 1 or more: the confidence
    /// lies in `[q/256, (q+1)/256)` (`[255/256, ..)` for 255).
    pub(crate) qconf: u8,
    /// The independent-origin count, 255 standing for 255 or more.
    pub(crate) origins: u8,
    /// Valid days as codes (see [`Days`]).
    pub(crate) first: u16,
    pub(crate) last: u16,
}

/// Code of a day that is not representable: the exact pair is in the overflow table.
pub(crate) const DAY_OVERFLOW: u16 = 0xFFFE;
/// Origin byte that stands for 255 or more: the exact count is in the overflow table.
pub(crate) const ORIGINS_SATURATED: u8 = u8::MAX;

/// Valid days as 16-bit codes from a base day: `0` is unbounded before, `0xFFFF`
/// unbounded after, `1..=0xFFFD` the days `base..base + 0xFFFD`, and
/// [`DAY_OVERFLOW`] anything else. Codes order as the days they stand for, so a
/// window test runs on codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Days {
    pub(crate) base: i32,
}

impl Days {
    const SPAN: i64 = 0xFFFD;

    pub(crate) fn encode(self, day: i32) -> u16 {
        match day {
            i32::MIN => 0,
            i32::MAX => 0xFFFF,
            d => {
                let k = i64::from(d) - i64::from(self.base);
                if (0..Self::SPAN).contains(&k) {
                    (k + 1) as u16
                } else {
                    DAY_OVERFLOW
                }
            }
        }
    }

    /// The day of a code other than [`DAY_OVERFLOW`].
    #[inline]
    fn decode(self, code: u16) -> i32 {
        match code {
            0 => i32::MIN,
            0xFFFF => i32::MAX,
            c => (i64::from(self.base) + i64::from(c) - 1) as i32,
        }
    }

    /// The least code whose day is `>= day`.
    fn at_least(self, day: i32) -> u16 {
        let k = i64::from(day) - i64::from(self.base);
        if day == i32::MIN {
            0
        } else if k <= 0 {
            1
        } else if k < Self::SPAN {
            (k + 1) as u16
        } else {
            0xFFFF
        }
    }

    /// The greatest code whose day is `<= day`.
    fn at_most(self, day: i32) -> u16 {
        let k = i64::from(day) - i64::from(self.base);
        if day == i32::MAX {
            0xFFFF
        } else if k < 0 {
            0
        } else if k < Self::SPAN {
            (k + 1) as u16
        } else {
            0xFFFD
        }
    }
}

/// The exact valid days of an entry whose hot days overflowed.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
pub(crate) struct DayOverflow {
    pub(crate) position: u32,
    pub(crate) first: i32,
    pub(crate) last: i32,
}

/// The exact origin count of an entry whose hot byte saturated.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
pub(crate) struct OriginOverflow {
    pub(crate) position: u32,
    pub(crate) origins: u32,
}

/// Quantises a confidence to its hot byte (see [`Hot::qconf`]).
pub(crate) fn quantise(confidence: f64) -> u8 {
    if confidence >= 1.0 {
        255
    } else if confidence > 0.0 {
        // Scaling by a power of two is exact, so the floor bounds the value exactly.
        (confidence * 256.0) as u8
    } else {
        0
    }
}

/// What the evidence of a snapshot holds: the records and actors it shares with its
/// store, and the tables that name what the records refer to.
#[derive(Debug, Clone)]
pub(crate) struct Evidence {
    /// The claim records by claim slot (`None` for a vacant slot).
    pub(crate) records: Vec<Option<Arc<ClaimRecord>>>,
    pub(crate) actors: Vec<Option<Arc<Actor>>>,
    pub(crate) tables: Arc<Tables>,
    pub(crate) external: Arc<ExternalIndex>,
}

/// A frozen view of a [`ClaimGraph`], built in **O(V + E)**, for fast repeated reads.
///
/// Adjacency is stored as compressed sparse rows of parallel arrays. Each claim has
/// one entry in its subject's row: a 4-byte target, an 8-byte hot record (relation
/// kind, polarity and statement flags, valid days as 16-bit codes, a quantised
/// confidence byte and a saturating origin count) and the claim's slot; the exact
/// confidence is a 4-byte rank into the snapshot's sorted table of distinct
/// confidences, read only when the quantised byte cannot decide a filter. Each claim
/// also has one entry in its object's reverse row (the source and the position of
/// the claim's entry): first the symmetric claims, which a forward walk crosses
/// backwards, then the directed ones. The symmetric (mirrored) entries also carry
/// a copy of the claim's hot record (8 bytes per symmetric claim), so a
/// forward walk reads one row and the symmetric part of one reverse row, each
/// contiguous; a filtered walk reads the hot records and builds an edge only for
/// what passes. Claim records and actors are shared with the
/// store through `Arc` and copied by the store before it changes them: the snapshot
/// never observes later mutations.
///
/// A snapshot keeps its store's identity, so [`ActorId`]s and [`ClaimId`]s from
/// either can be used with the other while both hold the item; an id of an item
/// the store added or removed after the snapshot is refused by the side that does
/// not hold it.
///
/// **When to snapshot:** after loading or a batch of changes, before many reads:
/// traversals and analyses over a snapshot avoid the store's linked edge lists. A
/// snapshot costs one pass over the graph; take a new one when the store has
/// changed enough to matter. Every query gives the same answer on both.
///
/// ```
/// use claimgraph::{ClaimGraph, Snapshot};
/// use claimgraph::model::{Actor, ActorKind};
/// let mut g = ClaimGraph::new();
/// g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?)?;
/// let snap = Snapshot::new(&g);
/// g.add_actor(Actor::new("bolivia", ActorKind::State, "Bolivia")?)?;
/// assert_eq!((snap.actor_count(), g.actor_count()), (1, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Row starts by node (`node_bound + 1`).
    pub(crate) out_offsets: Column<u32>,
    pub(crate) targets: Column<u32>,
    pub(crate) hot: Column<Hot>,
    /// The claim slot of each row entry, so traversals report claims without
    /// reading their records.
    pub(crate) ids: Column<u32>,
    /// Each entry's confidence as an index into `confidences`.
    pub(crate) ranks: Column<u32>,
    /// The distinct confidences, ascending.
    pub(crate) confidences: Column<f64>,
    /// Reverse row starts by node (`node_bound + 1`).
    pub(crate) rev_offsets: Column<u32>,
    /// Per node, where the directed entries of its reverse row start.
    pub(crate) rev_split: Column<u32>,
    pub(crate) rev_sources: Column<u32>,
    pub(crate) rev_positions: Column<u32>,
    /// Per node (`node_bound + 1`), where its mirrored entries start in
    /// `mirror_hot`: the symmetric part of its reverse row, in the same order. A
    /// mirrored entry carries its own copy of the main entry's hot record so that
    /// a forward scan reads contiguous memory.
    pub(crate) mirror_offsets: Column<u32>,
    pub(crate) mirror_hot: Column<Hot>,
    pub(crate) kinds: Column<u8>,
    /// Node indices by key hash (see `keys`).
    pub(crate) key_table: Column<u32>,
    /// A mapped snapshot's actor keys (offsets by node, then the text), so that a
    /// key finds its actor without decoding the evidence.
    pub(crate) key_text: Option<(Column<u64>, Column<u8>)>,
    pub(crate) days: Days,
    pub(crate) day_overflow: Column<DayOverflow>,
    pub(crate) origin_overflow: Column<OriginOverflow>,
    /// Decoded on first use for a snapshot opened from a file (set at once for one
    /// built from a store).
    pub(crate) evidence: OnceLock<Evidence>,
    /// The file a snapshot was opened from.
    pub(crate) source: Option<Arc<crate::io::snapshot_file::Source>>,
    pub(crate) actor_count: usize,
    pub(crate) claim_count: usize,
    /// Per claim slot, the position of its row entry; built on first use.
    pub(crate) by_id: OnceLock<Vec<u32>>,
    pub(crate) tag: GraphTag,
    pub(crate) actor_generations: Generations,
    pub(crate) claim_generations: Generations,
    pub(crate) name_index: OnceLock<Arc<NameIndex>>,
}

pub(crate) const VACANT: u8 = u8::MAX;

/// How a filter's pre-test decides an entry from its hot record.
enum Decision {
    Reject,
    Admit,
    /// The hot record cannot decide: test the exact fields.
    Exact,
}

/// A filter's fields translated into the hot record's terms, once per scan.
struct Pretest {
    relations: u64,
    polarity: u8,
    statements: u8,
    /// Least code of a last day that can meet the window.
    last_from: u16,
    /// Greatest code of a first day that can meet the window.
    first_to: u16,
    /// A confidence byte below this rejects, at or above `sure` admits.
    reject_below: u8,
    sure: u16,
    min_confidence: f64,
    min_origins: u32,
    first_day: i32,
    last_day: i32,
}

impl Pretest {
    fn new(f: &Compiled, days: Days) -> Self {
        let (reject_below, sure) = Self::confidence_bytes(f.min_confidence);
        Pretest {
            relations: f.relations,
            polarity: f.polarity,
            statements: f.statements,
            last_from: days.at_least(f.first_day),
            first_to: days.at_most(f.last_day),
            reject_below,
            sure,
            min_confidence: f.min_confidence,
            min_origins: f.min_origins,
            first_day: f.first_day,
            last_day: f.last_day,
        }
    }

    /// For a least confidence, the byte below which entries fail and the one from
    /// which they pass.
    fn confidence_bytes(min_confidence: f64) -> (u8, u16) {
        let m = min_confidence * 256.0;
        if m.is_nan() {
            (0, 256)
        } else {
            // A byte of 0 may stand for a value below zero, one of 255 for a value
            // above 1: neither decides on its own.
            (
                m.floor().clamp(0.0, 255.0) as u8,
                m.ceil().clamp(1.0, 256.0) as u16,
            )
        }
    }

    #[inline(always)]
    fn decide(&self, h: Hot) -> Decision {
        let polarity = if h.flags & DENIED != 0 { 0b10 } else { 0b01 };
        if self.relations & (1u64 << (h.kind & 63)) == 0
            || self.polarity & polarity == 0
            || self.statements & (1 << ((h.flags >> STATEMENT_SHIFT) & 0b11)) == 0
            || h.qconf < self.reject_below
        {
            return Decision::Reject;
        }
        let mut exact = u16::from(h.qconf) < self.sure;
        if h.first == DAY_OVERFLOW || h.last == DAY_OVERFLOW {
            exact = true;
        } else if h.last < self.last_from || h.first > self.first_to {
            return Decision::Reject;
        }
        if h.origins == ORIGINS_SATURATED {
            exact = true;
        } else if u32::from(h.origins) < self.min_origins {
            return Decision::Reject;
        }
        if exact {
            Decision::Exact
        } else {
            Decision::Admit
        }
    }

    /// Whether [`Pretest::decide`] would not reject `h`, computed without
    /// branches: a scan that sieves its entries with this pays no mispredicted
    /// branch per rejected entry.
    #[inline(always)]
    fn keeps(&self, h: Hot) -> bool {
        let polarity = 1u8 << (h.flags & DENIED);
        let kind = (self.relations >> (h.kind & 63)) & 1 != 0;
        let fits = (self.polarity & polarity != 0)
            & (self.statements & (1 << ((h.flags >> STATEMENT_SHIFT) & 0b11)) != 0)
            & (h.qconf >= self.reject_below);
        let overflow = (h.first == DAY_OVERFLOW) | (h.last == DAY_OVERFLOW);
        let days = overflow | ((h.last >= self.last_from) & (h.first <= self.first_to));
        let origins = (h.origins == ORIGINS_SATURATED) | (u32::from(h.origins) >= self.min_origins);
        kind & fits & days & origins
    }

    /// Whether an entry [`Pretest::keeps`] needs the exact test.
    #[inline(always)]
    fn undecided(&self, h: Hot) -> bool {
        (u16::from(h.qconf) < self.sure)
            | (h.first == DAY_OVERFLOW)
            | (h.last == DAY_OVERFLOW)
            | (h.origins == ORIGINS_SATURATED)
    }

    /// The exact test of what [`Pretest::decide`] left undecided.
    #[inline]
    fn exact(&self, p: &Packed) -> bool {
        p.confidence >= self.min_confidence
            && p.last_day >= self.first_day
            && p.first_day <= self.last_day
            && u32::from(p.origins) >= self.min_origins
    }
}

impl Snapshot {
    /// Freezes the current state of `graph`.
    ///
    /// **Complexity:** **O(V + E)** time, run on all cores (rayon); about 36 bytes
    /// per claim (44 for a symmetric claim) plus about 34 per actor slot of its own
    /// memory (claim records and actors are shared).
    pub fn new(graph: &ClaimGraph) -> Self {
        build::build(graph)
    }

    /// Takes a snapshot of `graph` and saves it to `path`, atomically (the file is
    /// replaced only once it is whole): the store's sections, which
    /// [`Snapshot::open`] decodes into the evidence when a query first needs it,
    /// and the snapshot's arrays, which it uses in place. It takes the graph, not a
    /// snapshot, because the file carries the store's own sections (its key order,
    /// name index and generations), which a snapshot does not keep.
    ///
    /// ```
    /// use claimgraph::{ClaimGraph, ReadGraph, Snapshot};
    /// use claimgraph::model::{Actor, ActorKind};
    /// let dir = std::env::temp_dir().join(format!("claimgraph-snap-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let path = dir.join("graph.cgs");
    /// let mut g = ClaimGraph::new();
    /// g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?)?;
    /// Snapshot::save(&g, &path)?;
    /// let snap = Snapshot::open(&path)?;
    /// let iran = snap.actor_id("iran").expect("saved");
    /// assert_eq!(snap.actor(iran).map(|a| a.name.as_str()), Some("Iran"));
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save(graph: &ClaimGraph, path: impl AsRef<std::path::Path>) -> Result<(), IoError> {
        crate::io::snapshot_file::save(graph, &Snapshot::new(graph), path.as_ref())
    }

    /// Opens a snapshot file written by [`Snapshot::save`] by memory-mapping it: the
    /// rows are used in place, so traversals and filters answer at once; claim
    /// records and actors are decoded from the file's store sections when a query
    /// first needs them (see [`Snapshot::load_evidence`]).
    ///
    /// Everything is validated before this returns: the container (magic number,
    /// version, kind, section bounds, the checksum of every section) and every
    /// index of the rows (row starts, targets, sources, positions, confidence
    /// ranks, kinds, key table). A truncated, damaged or foreign file is an
    /// [`IoError::Binary`] naming what is wrong.
    ///
    /// **The file must not change while the snapshot is alive.** The mapping shows
    /// the file's current bytes: if another process truncates the file, reading the
    /// lost pages kills this process (SIGBUS); if it rewrites bytes in place, queries
    /// see bytes that were never validated (wrong answers, or a panic, never memory
    /// unsafety beyond what the OS mapping allows). Replace a snapshot file by
    /// writing a new one and renaming it over the old, as [`Snapshot::save`] does:
    /// the mapped file stays intact until it is unmapped.
    ///
    /// The opened snapshot is a graph of its own: its [`ActorId`]s and [`ClaimId`]s
    /// have the saved slots ([`ActorId::index`]) but are refused by other graphs.
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Snapshot, IoError> {
        crate::io::snapshot_file::open(path.as_ref())
    }

    pub(crate) fn tables(&self) -> &Tables {
        &self.evidence().tables
    }

    /// Number of actors (also [`ReadGraph::actor_count`]).
    pub fn actor_count(&self) -> usize {
        self.actor_count
    }

    /// Number of claims (also [`ReadGraph::claim_count`]).
    pub fn claim_count(&self) -> usize {
        self.claim_count
    }

    /// The id of the actor with this key (also [`ReadGraph::actor_id`]).
    pub fn actor_id(&self, key: &str) -> Option<ActorId> {
        ReadGraph::actor_id(self, key)
    }

    /// The actor with this id (also [`ReadGraph::actor`]).
    pub fn actor(&self, id: ActorId) -> Option<&Actor> {
        ReadGraph::actor(self, id)
    }

    /// Finds an actor by key or name (also [`ReadGraph::find`]).
    pub fn find(&self, name: &str) -> Result<ActorId, LookupError> {
        ReadGraph::find(self, name)
    }

    /// The actor with this outside identifier (also [`ReadGraph::find_external`]).
    pub fn find_external(&self, registry: &str, id: &str) -> Result<ActorId, LookupError> {
        ReadGraph::find_external(self, registry, id)
    }

    /// The claim this outside identifier names (also [`ReadGraph::claim_by_external`]).
    pub fn claim_by_external(&self, registry: &str, id: &str) -> Option<ClaimId> {
        ReadGraph::claim_by_external(self, registry, id)
    }

    /// The claim with this id, borrowed (also [`ReadGraph::claim`]). The first
    /// call builds an id index (**O(E)**); later calls are **O(1)**.
    pub fn claim(&self, id: ClaimId) -> Option<ClaimView<'_>> {
        ReadGraph::claim(self, id)
    }

    /// Every claim, borrowed, in id order (also [`ReadGraph::claims`]).
    pub fn claims(&self) -> impl Iterator<Item = ClaimView<'_>> + '_ {
        ReadGraph::claims(self)
    }

    /// Bytes this snapshot allocated itself (rows, hot records, confidence ranks,
    /// record and actor pointers, key table), excluding the shared claim records,
    /// actors and strings.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.out_offsets.heap_bytes()
            + self.targets.heap_bytes()
            + self.hot.heap_bytes()
            + self.ids.heap_bytes()
            + self.ranks.heap_bytes()
            + self.confidences.heap_bytes()
            + self.rev_offsets.heap_bytes()
            + self.rev_split.heap_bytes()
            + self.rev_sources.heap_bytes()
            + self.rev_positions.heap_bytes()
            + self.mirror_offsets.heap_bytes()
            + self.mirror_hot.heap_bytes()
            + self.kinds.heap_bytes()
            + self.key_table.heap_bytes()
            + self.day_overflow.heap_bytes()
            + self.origin_overflow.heap_bytes()
            + self.evidence.get().map_or(0, |e| e.records.capacity())
                * size_of::<Arc<ClaimRecord>>()
            + self.evidence.get().map_or(0, |e| e.actors.capacity())
                * size_of::<Option<Arc<Actor>>>()
            + self.actor_generations.heap_bytes()
            + self.claim_generations.heap_bytes()
    }

    /// The evidence: records, actors and the tables they refer to. A snapshot opened
    /// from a file decodes it here, once.
    pub(crate) fn evidence(&self) -> &Evidence {
        if let Some(e) = self.evidence.get() {
            return e;
        }
        match self.load_evidence() {
            Ok(()) => self
                .evidence
                .get()
                .unwrap_or_else(|| unreachable!("just set")),
            Err(e) => panic!("{}", e),
        }
    }

    /// Decodes the evidence of a snapshot opened with [`Snapshot::open`] now, if no
    /// query did yet, and reports a file whose evidence does not decode or does not
    /// match its rows. [`Snapshot::open`] checks the whole file's checksums and
    /// every index of the rows, but decodes claim records and actors only when a
    /// query first needs them; a file that passes those checks and still fails here
    /// was written by another writer, and a query that needs its evidence panics
    /// with this error. Call this after `open` to get the error as a value instead.
    ///
    /// A snapshot built with [`Snapshot::new`] has its evidence: `Ok(())` at once.
    pub fn load_evidence(&self) -> Result<(), crate::io::IoError> {
        if self.evidence.get().is_some() {
            return Ok(());
        }
        let Some(source) = &self.source else {
            return Ok(());
        };
        let evidence = source.evidence(self)?;
        let _ = self.evidence.set(evidence);
        Ok(())
    }

    /// The claim record of the entry at `position`.
    #[inline]
    pub(crate) fn record_at(&self, position: u32) -> &Arc<ClaimRecord> {
        match self.evidence().records[self.ids[position as usize] as usize].as_ref() {
            Some(r) => r,
            None => {
                unreachable!("a row entry's slot holds a claim (checked when built or decoded)")
            }
        }
    }

    /// The exact filter fields of the entry at `p`, whose hot record `h` (or its
    /// mirrored copy) the caller has read.
    #[inline]
    fn packed_with(&self, p: usize, h: Hot) -> Packed {
        let (first_day, last_day) = if h.first == DAY_OVERFLOW || h.last == DAY_OVERFLOW {
            self.overflow_days(p)
        } else {
            (self.days.decode(h.first), self.days.decode(h.last))
        };
        let origins = if h.origins == ORIGINS_SATURATED {
            self.overflow_origins(p)
        } else {
            u16::from(h.origins)
        };
        Packed {
            confidence: self.confidences[self.ranks[p] as usize],
            first_day,
            last_day,
            origins,
            kind: h.kind,
            flags: h.flags,
        }
    }

    #[cold]
    fn overflow_days(&self, p: usize) -> (i32, i32) {
        let table = &self.day_overflow;
        match table.binary_search_by_key(&(p as u32), |o| o.position) {
            Ok(i) => (table[i].first, table[i].last),
            // Built together with the codes; a file's table is checked at open.
            Err(_) => (i32::MIN, i32::MAX),
        }
    }

    #[cold]
    fn overflow_origins(&self, p: usize) -> u16 {
        let table = &self.origin_overflow;
        match table.binary_search_by_key(&(p as u32), |o| o.position) {
            Ok(i) => table[i].origins.min(u32::from(u16::MAX)) as u16,
            Err(_) => u16::from(ORIGINS_SATURATED),
        }
    }

    /// The edge of the entry at position `p`, reached from its subject (`outgoing`)
    /// or its object.
    #[inline]
    fn edge_at(&self, p: usize, other: u32, outgoing: bool) -> Edge<'_> {
        self.edge_with(p, self.hot[p], self.ids[p], other, outgoing)
    }

    /// The edge of the entry at position `p` whose hot record and claim slot the
    /// caller has read (from the row or from a mirrored entry).
    #[inline]
    fn edge_with(&self, p: usize, h: Hot, slot: u32, other: u32, outgoing: bool) -> Edge<'_> {
        Edge {
            other,
            claim: self.claim_id_at(slot),
            packed: self.packed_with(p, h),
            record: Record::Snapshot(self, p as u32),
            outgoing,
        }
    }

    /// The mirrored edge at reverse index `i` of `node`'s row (a symmetric entry,
    /// `start <= i < split`), read from its own copy of the hot record.
    #[inline]
    fn mirror_edge(&self, node: u32, start: usize, i: usize) -> Edge<'_> {
        let m = self.mirror_offsets[node as usize] as usize + (i - start);
        let p = self.rev_positions[i] as usize;
        self.edge_with(
            p,
            self.mirror_hot[m],
            self.ids[p],
            self.rev_sources[i],
            false,
        )
    }

    /// A node's mirrored entries: their reverse-row range and where their copies start.
    #[inline]
    fn mirror_row(&self, node: u32) -> (std::ops::Range<usize>, usize) {
        let (start, split, _) = self.rev_row(node);
        let m = match self.mirror_offsets.get(node as usize) {
            Some(&m) => m as usize,
            None => 0,
        };
        (start..split, m)
    }

    #[inline(always)]
    fn out_row(&self, node: u32) -> std::ops::Range<usize> {
        let n = node as usize;
        if n + 1 >= self.out_offsets.len() {
            return 0..0;
        }
        self.out_offsets[n] as usize..self.out_offsets[n + 1] as usize
    }

    /// A node's reverse row: start, start of the directed entries, end.
    #[inline(always)]
    fn rev_row(&self, node: u32) -> (usize, usize, usize) {
        let n = node as usize;
        if n + 1 >= self.rev_offsets.len() {
            return (0, 0, 0);
        }
        (
            self.rev_offsets[n] as usize,
            self.rev_split[n] as usize,
            self.rev_offsets[n + 1] as usize,
        )
    }

    /// The reverse entries a walk reads: the symmetric ones, and unless walking
    /// forward the directed ones.
    #[inline]
    fn rev_walk(&self, node: u32, walk: Walk) -> std::ops::Range<usize> {
        let (start, split, end) = self.rev_row(node);
        if walk == Walk::Forward {
            start..split
        } else {
            start..end
        }
    }

    /// Position of each claim slot's entry (`u32::MAX`: none).
    fn positions(&self) -> &[u32] {
        self.by_id.get_or_init(|| {
            let bound = self.ids.iter().max().map_or(0, |m| *m as usize + 1);
            let mut at = vec![u32::MAX; bound];
            for (p, slot) in self.ids.iter().enumerate() {
                at[*slot as usize] = p as u32;
            }
            at
        })
    }

    /// The subject of the entry at `position`.
    fn source_of(&self, position: u32) -> u32 {
        // The row whose range holds the position: offsets are sorted.
        (self.out_offsets.partition_point(|&o| o <= position) - 1) as u32
    }

    /// Scans a node's entries under a filter its hot records can pre-test.
    #[inline]
    fn scan_fields<'s>(
        &'s self,
        node: u32,
        filter: &Compiled,
        visit: &mut impl FnMut(Edge<'s>, f64),
    ) {
        let test = Pretest::new(filter, self.days);
        let backward = filter.walk == Walk::Backward;
        let (targets, hot) = (&self.targets[..], &self.hot[..]);
        let ids = &self.ids[..];
        let mut take = |p: usize, other: u32, outgoing: bool, h: Hot| {
            let admit = match test.decide(h) {
                Decision::Reject => false,
                Decision::Admit => true,
                Decision::Exact => test.exact(&self.packed_with(p, h)),
            };
            if admit {
                let e = self.edge_with(p, h, ids[p], other, outgoing);
                let c = e.packed.confidence;
                visit(e, c);
            }
        };
        for p in self.out_row(node) {
            let h = hot[p];
            if backward && h.flags & SYMMETRIC == 0 {
                continue;
            }
            take(p, targets[p], true, h);
        }
        let (sources, positions) = (&self.rev_sources[..], &self.rev_positions[..]);
        // The mirrored entries from their own copies of the hot records, beside
        // their sources and positions: the main entry is reached only for the exact
        // fields and the claim slot of an entry that passes or that the pre-test
        // cannot decide.
        let (mirrored, m) = self.mirror_row(node);
        let mirror_hot = &self.mirror_hot[..];
        let split = mirrored.end;
        for (k, i) in mirrored.enumerate() {
            take(positions[i] as usize, sources[i], false, mirror_hot[m + k]);
        }
        if filter.walk != Walk::Forward {
            for i in split..self.rev_row(node).2 {
                let p = positions[i] as usize;
                take(p, sources[i], false, hot[p]);
            }
        }
    }
}

impl Snapshot {
    /// Where `node`'s mirrored entries start in `mirror_hot`.
    #[inline(always)]
    fn mirror_start(&self, node: u32) -> usize {
        match self.mirror_offsets.get(node as usize) {
            Some(&m) => m as usize,
            None => 0,
        }
    }

    /// The weight of the entry at `p` with hot record `h` if it passes `test`: a
    /// bound from its confidence byte when the pre-test admits it, else the exact
    /// confidence the exact test read (`top` bounds the byte 255).
    #[inline(always)]
    fn weigh(&self, test: &Pretest, top: f64, p: usize, h: Hot) -> Option<Weight> {
        match test.decide(h) {
            Decision::Reject => None,
            Decision::Admit => Some(Weight::bounded(upper_bound(h.qconf, top), p as u32)),
            Decision::Exact => {
                let exact = self.packed_with(p, h);
                test.exact(&exact)
                    .then_some(Weight::exact(exact.confidence))
            }
        }
    }

    /// [`Access::for_each_admitted`] under a filter the hot records can pre-test:
    /// the exact fields are read only for entries the pre-test leaves undecided,
    /// and the claim slot only for the steps the caller keeps.
    #[inline]
    fn scan_admitted(&self, node: u32, filter: &Compiled, visit: &mut impl FnMut(u32, u64)) {
        let test = Pretest::new(filter, self.days);
        let backward = filter.walk == Walk::Backward;
        let (targets, hot) = (&self.targets[..], &self.hot[..]);
        // What the pre-test keeps is admitted unless it is undecided and the exact
        // test refuses it.
        let admit = |p: usize, h: Hot| !test.undecided(h) || test.exact(&self.packed_with(p, h));
        sieve(
            self.out_row(node),
            |p| {
                let h = hot[p];
                test.keeps(h) & (!backward | (h.flags & SYMMETRIC != 0))
            },
            |p| {
                if admit(p, hot[p]) {
                    visit(targets[p], p as u64);
                }
            },
        );
        let (start, split, end) = self.rev_row(node);
        let m = self.mirror_start(node);
        let (sources, positions) = (&self.rev_sources[..], &self.rev_positions[..]);
        let mirror_hot = &self.mirror_hot[m..m + (split - start)];
        sieve(
            0..split - start,
            |k| test.keeps(mirror_hot[k]),
            |k| {
                let h = mirror_hot[k];
                let i = start + k;
                // The main entry's position is read only to decide an undecided entry.
                if !test.undecided(h) || test.exact(&self.packed_with(positions[i] as usize, h)) {
                    visit(sources[i], MIRROR_KEY | i as u64);
                }
            },
        );
        if filter.walk != Walk::Forward {
            sieve(
                split..end,
                |i| test.keeps(hot[positions[i] as usize]),
                |i| {
                    let p = positions[i] as usize;
                    if admit(p, hot[p]) {
                        visit(sources[i], p as u64);
                    }
                },
            );
        }
    }
}

/// Calls `then(i)` for each `i` in `range` that `keeps(i)`, in order, deciding in
/// batches: each batch first records its kept indices with a branch-free append,
/// then hands them out, so that an unpredictable filter costs no mispredicted
/// branch per entry.
#[inline(always)]
fn sieve(
    range: std::ops::Range<usize>,
    keeps: impl Fn(usize) -> bool,
    mut then: impl FnMut(usize),
) {
    const BATCH: usize = 64;
    let mut kept = [0usize; BATCH];
    let mut at = range.start;
    while at < range.end {
        let end = range.end.min(at + BATCH);
        let mut n = 0;
        for i in at..end {
            kept[n] = i;
            n += usize::from(keeps(i));
        }
        for &i in &kept[..n] {
            then(i);
        }
        at = end;
    }
}

/// The least value above every confidence a hot byte `q` stands for: `(q + 1) / 256`,
/// or the snapshot's greatest confidence for the byte 255 (1 or more).
#[inline]
fn upper_bound(q: u8, top: f64) -> f64 {
    if q == u8::MAX {
        top
    } else {
        f64::from(u16::from(q) + 1) / 256.0
    }
}

/// Asks the processor to fetch `column[i]` into the cache ahead of its use; nothing
/// for an index out of bounds or on a processor without the instruction.
#[inline(always)]
fn prefetch<T>(column: &[T], i: usize) {
    if i < column.len() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch is a hint that never faults and changes no memory; the
        // address is inside `column` besides.
        #[allow(unsafe_code)]
        unsafe {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            _mm_prefetch::<_MM_HINT_T0>(column.as_ptr().add(i).cast());
        }
    }
}

/// Marks a key of [`Access::for_each_admitted`] that is a reverse index (whose
/// position leads to the slot) rather than a row position.
const MIRROR_KEY: u64 = 1 << 32;
/// Marks a key of [`Access::for_each_admitted`] that is the claim slot itself (from
/// a scan that built the edge anyway).
const SLOT_KEY: u64 = 1 << 33;

impl Access for Snapshot {
    fn tag(&self) -> GraphTag {
        self.tag
    }

    #[inline]
    fn actor_generation(&self, node: u32) -> u32 {
        self.actor_generations.get(node)
    }

    #[inline]
    fn claim_generation(&self, edge: u32) -> u32 {
        self.claim_generations.get(edge)
    }

    fn ids(&self) -> crate::store::Ids {
        crate::store::Ids {
            graph: self.tag,
            actors: self.actor_generations.clone(),
            claims: self.claim_generations.clone(),
        }
    }

    fn name_index(&self) -> &NameIndex {
        self.name_index.get_or_init(|| {
            Arc::new(NameIndex::build(
                self.evidence()
                    .actors
                    .iter()
                    .enumerate()
                    .filter_map(|(n, a)| a.as_deref().map(|a| (n as u32, a))),
            ))
        })
    }

    fn external_index(&self) -> &ExternalIndex {
        &self.evidence().external
    }

    fn graph_ref(&self) -> GraphRef<'_> {
        GraphRef::Snapshot(self)
    }

    fn node_bound(&self) -> usize {
        self.kinds.len()
    }

    fn node_actor(&self, node: u32) -> Option<&Actor> {
        self.evidence()
            .actors
            .get(node as usize)
            .and_then(|a| a.as_deref())
    }

    #[inline]
    fn node_kind(&self, node: u32) -> Option<ActorKind> {
        match self.kinds.get(node as usize) {
            Some(&k) if k != VACANT => ActorKind::ALL.get(usize::from(k)).copied(),
            _ => None,
        }
    }

    fn node_of_key(&self, key: &str) -> Option<u32> {
        match &self.key_text {
            Some((offsets, text)) => keys::find(&self.key_table, key, |n| {
                let n = n as usize;
                let (from, to) = (*offsets.get(n)? as usize, *offsets.get(n + 1)? as usize);
                std::str::from_utf8(text.get(from..to)?).ok()
            }),
            None => keys::find(&self.key_table, key, |n| {
                self.node_actor(n).map(|a| a.key.as_str())
            }),
        }
    }

    #[inline]
    fn out_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        let targets = &self.targets[..];
        self.out_row(node)
            .map(move |p| self.edge_at(p, targets[p], true))
    }

    #[inline]
    fn symmetric_in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        let (start, split, _) = self.rev_row(node);
        (start..split).map(move |i| self.mirror_edge(node, start, i))
    }

    #[inline]
    fn directed_in_edges(&self, node: u32) -> impl Iterator<Item = Edge<'_>> {
        let (_, split, end) = self.rev_row(node);
        let (sources, positions) = (&self.rev_sources[..], &self.rev_positions[..]);
        (split..end).map(move |i| self.edge_at(positions[i] as usize, sources[i], false))
    }

    #[inline]
    fn walk_edges(&self, node: u32, walk: Walk) -> impl Iterator<Item = Edge<'_>> {
        let backward = walk == Walk::Backward;
        let (targets, hot) = (&self.targets[..], &self.hot[..]);
        let (sources, positions) = (&self.rev_sources[..], &self.rev_positions[..]);
        let (start, split, _) = self.rev_row(node);
        self.out_row(node)
            .filter(move |&p| !backward || hot[p].flags & SYMMETRIC != 0)
            .map(move |p| self.edge_at(p, targets[p], true))
            .chain((start..split).map(move |i| self.mirror_edge(node, start, i)))
            .chain(
                self.rev_walk(node, walk)
                    .skip(split - start)
                    .map(move |i| self.edge_at(positions[i] as usize, sources[i], false)),
            )
    }

    #[inline]
    fn for_each_step<'s>(
        &'s self,
        node: u32,
        filter: &Compiled,
        mut visit: impl FnMut(Edge<'s>, f64),
    ) {
        if filter.fields_only() {
            // The hot records decide most entries: build an edge only for what passes.
            self.scan_fields(node, filter, &mut visit);
            return;
        }
        for e in self.walk_edges(node, filter.walk) {
            if let Some(c) = filter.admit(self, node, &e) {
                visit(e, c);
            }
        }
    }

    #[inline]
    fn for_each_target(&self, node: u32, walk: Walk, mut visit: impl FnMut(u32)) {
        let row = self.out_row(node);
        if walk == Walk::Backward {
            for (t, h) in self.targets[row.clone()].iter().zip(&self.hot[row]) {
                if h.flags & SYMMETRIC != 0 {
                    visit(*t);
                }
            }
        } else {
            for t in &self.targets[row] {
                visit(*t);
            }
        }
        for s in &self.rev_sources[self.rev_walk(node, walk)] {
            visit(*s);
        }
    }

    #[inline]
    fn for_each_target_claim(&self, node: u32, walk: Walk, mut visit: impl FnMut(u32, ClaimId)) {
        let row = self.out_row(node);
        let ids = &self.ids[..];
        if walk == Walk::Backward {
            for ((t, c), h) in self.targets[row.clone()]
                .iter()
                .zip(&ids[row.clone()])
                .zip(&self.hot[row])
            {
                if h.flags & SYMMETRIC != 0 {
                    visit(*t, self.claim_id_at(*c));
                }
            }
        } else {
            for (t, c) in self.targets[row.clone()].iter().zip(&ids[row]) {
                visit(*t, self.claim_id_at(*c));
            }
        }
        for (s, p) in self.rev_sources[self.rev_walk(node, walk)]
            .iter()
            .zip(&self.rev_positions[self.rev_walk(node, walk)])
        {
            visit(*s, self.claim_id_at(ids[*p as usize]));
        }
    }

    #[inline]
    fn for_each_admitted(&self, node: u32, filter: &Compiled, mut visit: impl FnMut(u32, u64)) {
        if filter.admits_everything() {
            self.for_each_target_keyed(node, filter.walk, visit);
        } else if filter.fields_only() {
            self.scan_admitted(node, filter, &mut visit);
        } else {
            self.for_each_step(node, filter, |e, _| {
                visit(e.other, SLOT_KEY | u64::from(e.claim.slot))
            });
        }
    }

    #[inline]
    fn for_each_weighted(
        &self,
        node: u32,
        filter: &Compiled,
        mut visit: impl FnMut(u32, u64, Weight),
    ) {
        if !filter.fields_only() {
            self.for_each_step(node, filter, |e, c| {
                visit(
                    e.other,
                    SLOT_KEY | u64::from(e.claim.slot),
                    Weight::exact(c),
                )
            });
            return;
        }
        let test = Pretest::new(filter, self.days);
        // The greatest confidence of the snapshot bounds an entry whose byte is 255.
        let top = self.confidences.last().copied().unwrap_or(0.0);
        let backward = filter.walk == Walk::Backward;
        let (targets, hot) = (&self.targets[..], &self.hot[..]);
        for p in self.out_row(node) {
            let h = hot[p];
            if backward && h.flags & SYMMETRIC == 0 {
                continue;
            }
            if let Some(w) = self.weigh(&test, top, p, h) {
                visit(targets[p], p as u64, w);
            }
        }
        let (start, split, end) = self.rev_row(node);
        let m = self.mirror_start(node);
        let (sources, positions) = (&self.rev_sources[..], &self.rev_positions[..]);
        let mirror_hot = &self.mirror_hot[..];
        for (k, i) in (start..split).enumerate() {
            if let Some(w) = self.weigh(&test, top, positions[i] as usize, mirror_hot[m + k]) {
                visit(sources[i], u64::from(positions[i]), w);
            }
        }
        if filter.walk != Walk::Forward {
            for i in split..end {
                let p = positions[i] as usize;
                if let Some(w) = self.weigh(&test, top, p, hot[p]) {
                    visit(sources[i], p as u64, w);
                }
            }
        }
    }

    #[inline(always)]
    fn weight_value(&self, weight: Weight) -> f64 {
        match weight.known() {
            Some(c) => c,
            None => self.confidences[self.ranks[weight.at as usize] as usize],
        }
    }

    #[inline]
    fn for_each_target_keyed(&self, node: u32, walk: Walk, mut visit: impl FnMut(u32, u64)) {
        let row = self.out_row(node);
        let (targets, hot) = (&self.targets[..], &self.hot[..]);
        if walk == Walk::Backward {
            for p in row {
                if hot[p].flags & SYMMETRIC != 0 {
                    visit(targets[p], p as u64);
                }
            }
        } else {
            for p in row {
                visit(targets[p], p as u64);
            }
        }
        let (start, split, end) = self.rev_row(node);
        let (sources, positions) = (&self.rev_sources[..], &self.rev_positions[..]);
        // The positions stream beside the sources: a kept step then costs one read
        // of its slot, not two dependent ones.
        for (s, p) in sources[start..split].iter().zip(&positions[start..split]) {
            visit(*s, u64::from(*p));
        }
        if walk != Walk::Forward {
            for (s, p) in sources[split..end].iter().zip(&positions[split..end]) {
                visit(*s, u64::from(*p));
            }
        }
    }

    #[inline(always)]
    fn prefetch_node(&self, node: u32) {
        let n = node as usize;
        prefetch(&self.out_offsets, n);
        prefetch(&self.rev_offsets, n);
        prefetch(&self.rev_split, n);
    }

    #[inline(always)]
    fn prefetch_row(&self, node: u32) {
        let n = node as usize;
        if let (Some(&out), Some(&rev)) = (self.out_offsets.get(n), self.rev_offsets.get(n)) {
            prefetch(&self.targets, out as usize);
            prefetch(&self.rev_sources, rev as usize);
            prefetch(&self.rev_positions, rev as usize);
        }
    }

    #[inline(always)]
    fn prefetch_slot(&self, key: u64) {
        if key & (SLOT_KEY | MIRROR_KEY) == 0 {
            prefetch(&self.ids, key as usize);
        }
    }

    #[inline(always)]
    fn slot_at(&self, key: u64) -> u32 {
        if key & SLOT_KEY != 0 {
            key as u32
        } else if key & MIRROR_KEY != 0 {
            self.ids[self.rev_positions[(key & !MIRROR_KEY) as usize] as usize]
        } else {
            self.ids[key as usize]
        }
    }

    #[inline]
    fn walk_targets(&self, node: u32, walk: Walk) -> impl Iterator<Item = u32> {
        let row = self.out_row(node);
        let backward = walk == Walk::Backward;
        let (forward, back) = if backward {
            (0, usize::MAX)
        } else {
            (usize::MAX, 0)
        };
        // Forward and undirected walks read the targets alone.
        self.targets[row.clone()]
            .iter()
            .take(forward)
            .copied()
            .chain(
                self.targets[row.clone()]
                    .iter()
                    .zip(&self.hot[row])
                    .take(back)
                    .filter(|(_, h)| h.flags & SYMMETRIC != 0)
                    .map(|(t, _)| *t),
            )
            .chain(self.rev_sources[self.rev_walk(node, walk)].iter().copied())
    }

    #[inline]
    fn walk_degree(&self, node: u32, walk: Walk) -> usize {
        let (start, split, end) = self.rev_row(node);
        let row = self.out_row(node);
        match walk {
            Walk::Forward => row.len() + (split - start),
            Walk::Undirected => row.len() + (end - start),
            Walk::Backward => {
                self.hot[row]
                    .iter()
                    .filter(|h| h.flags & SYMMETRIC != 0)
                    .count()
                    + (end - start)
            }
        }
    }

    #[inline]
    fn any_walk_source(&self, node: u32, walk: Walk, mut hit: impl FnMut(u32) -> bool) -> bool {
        // The nodes a `walk` step reaches `node` from are the targets of the reverse
        // walk from `node`: the reverse row's sources and the row's own targets,
        // cheapest first (the row's symmetric claims need their flags read).
        let (start, split, end) = self.rev_row(node);
        let row = self.out_row(node);
        let targets = &self.targets[row.clone()];
        match walk {
            Walk::Forward => {
                self.rev_sources[start..end].iter().any(|&s| hit(s))
                    || targets
                        .iter()
                        .zip(&self.hot[row])
                        .any(|(&t, h)| h.flags & SYMMETRIC != 0 && hit(t))
            }
            Walk::Backward => {
                targets.iter().any(|&t| hit(t))
                    || self.rev_sources[start..split].iter().any(|&s| hit(s))
            }
            Walk::Undirected => {
                targets.iter().any(|&t| hit(t))
                    || self.rev_sources[start..end].iter().any(|&s| hit(s))
            }
        }
    }

    fn claim_record(&self, id: ClaimId) -> Option<(u32, u32, &Arc<ClaimRecord>)> {
        if id.graph != self.tag || id.generation != self.claim_generations.get(id.slot) {
            return None;
        }
        let p = *self.positions().get(id.slot as usize)?;
        if p == u32::MAX {
            return None;
        }
        Some((
            self.source_of(p),
            self.targets[p as usize],
            self.record_at(p),
        ))
    }

    fn all_claims(&self) -> impl Iterator<Item = (u32, u32, &Arc<ClaimRecord>)> {
        (0..self.node_bound() as u32).flat_map(move |n| {
            self.out_row(n)
                .map(move |p| (n, self.targets[p], self.record_at(p as u32)))
        })
    }

    fn materialise(&self, subject: u32, object: u32, record: &ClaimRecord) -> Claim {
        let key = |slot: crate::store::NodeSlot| {
            self.evidence().actors[slot.0.index()]
                .as_ref()
                .map(|a| a.key.clone())
                .expect("a snapshot's claims name only its own actors")
        };
        let slot = |n: u32| crate::store::NodeSlot(NodeIndex::new(n as usize));
        self.evidence()
            .tables
            .materialise(key, slot(subject), slot(object), record)
    }
}

impl ReadGraph for Snapshot {
    fn actor_count(&self) -> usize {
        self.actor_count
    }

    fn claim_count(&self) -> usize {
        self.claim_count
    }

    fn claim_ids(&self) -> impl Iterator<Item = ClaimId> + '_ {
        self.positions()
            .iter()
            .enumerate()
            .filter(|(_, p)| **p != u32::MAX)
            .map(|(slot, _)| self.claim_id_at(slot as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day() -> impl Strategy<Value = i32> {
        prop_oneof![
            Just(i32::MIN),
            Just(i32::MAX),
            -1_000_000i32..1_000_000,
            any::<i32>(),
        ]
    }

    proptest! {
        /// Codes order as their days, so the window bounds in codes select exactly
        /// the days the window selects.
        #[test]
        fn day_codes_keep_order_and_window_bounds(
            base in -800_000i32..800_000,
            d in day(),
            bound in day(),
        ) {
            let days = Days { base };
            let code = days.encode(d);
            if code == DAY_OVERFLOW {
                let k = i64::from(d) - i64::from(base);
                prop_assert!(!(0..Days::SPAN).contains(&k));
            } else {
                prop_assert_eq!(days.decode(code), d);
                prop_assert_eq!(code >= days.at_least(bound), d >= bound);
                prop_assert_eq!(code <= days.at_most(bound), d <= bound);
            }
        }

        /// The pre-test only decides what the exact test would decide the same way.
        #[test]
        fn the_pretest_agrees_with_the_exact_test(
            confidence in prop_oneof![0.0f64..=1.0, Just(0.0), Just(1.0), Just(0.5), Just(0.3)],
            min_confidence in prop_oneof![0.0f64..=1.0, Just(0.3), Just(0.5), Just(1.0), Just(-1.0), Just(2.0)],
            origins in prop_oneof![0u16..10, 250u16..300],
            min_origins in prop_oneof![0u32..10, 250u32..300],
            first in day(),
            last in day(),
            window in (day(), day()),
            base in -100_000i32..100_000,
            kind in 0u8..40,
            relations in any::<u64>(),
            flags in 0u8..16,
            polarity in 1u8..4,
            statements in 1u8..8,
        ) {
            let days = Days { base };
            let packed = Packed { confidence, first_day: first, last_day: last, origins, kind, flags };
            let h = Hot {
                kind,
                flags,
                qconf: quantise(confidence),
                origins: origins.min(255) as u8,
                first: days.encode(first),
                last: days.encode(last),
            };
            let (reject_below, sure) = Pretest::confidence_bytes(min_confidence);
            let test = Pretest {
                relations,
                polarity,
                statements,
                last_from: days.at_least(window.0),
                first_to: days.at_most(window.1),
                reject_below,
                sure,
                min_confidence,
                min_origins,
                first_day: window.0,
                last_day: window.1,
            };
            let side = if flags & DENIED != 0 { 0b10 } else { 0b01 };
            let fits = relations & (1 << kind) != 0
                && polarity & side != 0
                && statements & (1 << ((flags >> STATEMENT_SHIFT) & 0b11)) != 0;
            let truth = fits && test.exact(&packed);
            let decision = test.decide(h);
            match decision {
                Decision::Reject => prop_assert!(!truth),
                Decision::Admit => prop_assert!(truth),
                Decision::Exact => prop_assert!(fits),
            }
            // The branch-free sieve keeps exactly what the pre-test does not reject
            // and sends to the exact test exactly what it leaves undecided.
            prop_assert_eq!(test.keeps(h), !matches!(decision, Decision::Reject));
            if test.keeps(h) {
                prop_assert_eq!(test.undecided(h), matches!(decision, Decision::Exact));
            }
            // The byte's bound is above the value (the greatest confidence, 1 here,
            // bounds the byte 255).
            prop_assert!(upper_bound(h.qconf, 1.0) >= confidence);
            if h.qconf < u8::MAX {
                prop_assert!(upper_bound(h.qconf, 1.0) > confidence);
            }
        }
    }

    #[test]
    fn confidence_bytes_bound_the_value() {
        assert_eq!(quantise(0.3), 76); // 76.8
        assert_eq!(quantise(1.0), 255);
        assert_eq!(quantise(255.0 / 256.0), 255);
        assert_eq!(quantise(1.0 / 256.0), 1);
        assert_eq!(quantise(0.0), 0);
        assert_eq!(quantise(-0.5), 0);
    }
}
