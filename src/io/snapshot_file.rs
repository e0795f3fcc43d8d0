//! The snapshot file: the store (so the evidence can be decoded) and the snapshot's
//! arrays, each array one section of the binary container, used in place from a
//! memory map by [`Snapshot::open`].
//!
//! Sections (all little-endian, each a plain array of its element type):
//!
//! - `store`: the store file of [`crate::ClaimGraph::save`], whole (decoded only
//!   when a query first needs a claim record or an actor).
//! - `s.meta`: nine `i64`s: actor slots (V), row entries (E), distinct confidences,
//!   key-table slots, day overflows, origin overflows, base day, actor count, claim
//!   count.
//! - `s.out` (V + 1 `u32` row starts), `s.tgt` (E `u32` targets), `s.hot` (E 8-byte
//!   hot records: relation kind, flags, confidence byte, origin byte, first and last
//!   day codes as `u16`), `s.ids` (E `u32` claim slots), `s.rank` (E `u32` indices
//!   into `s.conf`), `s.conf` (distinct confidences, `f64`, ascending).
//! - `s.rout` (V + 1 `u32` reverse row starts), `s.rsplit` (V `u32`: where each
//!   reverse row's directed entries start), `s.rsrc`, `s.rpos` (E `u32` sources and
//!   entry positions).
//! - `s.mout` (V + 1 `u32`: where each node's mirrored entries, the symmetric part
//!   of its reverse row, start), `s.mhot` (one 8-byte hot record per mirrored
//!   entry: a copy of its main entry's, so that a forward scan reads contiguous
//!   memory). A file without them (written before they existed) is refused as
//!   missing a section. Files written with a section `s.mids` (a copy of each
//!   mirrored entry's claim slot, dropped since: the slot is read through the
//!   entry's position) still open; the section is not read.
//! - `s.kind` (V bytes: actor kind, 255 for a vacant slot), `s.keys` (`u32` key
//!   table), `s.dovf` (day overflows: position, first, last as `u32`/`i32`),
//!   `s.oovf` (origin overflows: position, count), `s.koff` (V + 1 `u64`) and
//!   `s.kstr` (the actor keys' UTF-8 text by node), so that a key finds its actor
//!   without decoding the store.
//!
//! Every value that indexes something is checked when the file is opened, so the
//! mapped arrays can be used by the traversals without further checks.

use std::fs::File;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use bytemuck::Pod;
use memmap2::Mmap;
use petgraph::stable_graph::EdgeIndex;
use petgraph::visit::{EdgeIndexable, NodeIndexable};

use super::IoError;
use super::binary::BinaryError;
use super::binary::container::{Kind, Reader, Tag, Writer, tag};
use crate::model::ActorKind;
use crate::query::view::Access;
use crate::snapshot::column::Column;
use crate::snapshot::{DayOverflow, Days, Evidence, Hot, OriginOverflow, Snapshot, VACANT, keys};
use crate::store::GraphTag;

const META: Tag = tag("s.meta");
/// The store, as the bytes of the store file [`crate::ClaimGraph::save`] writes.
const STORE: Tag = tag("store");
const META_LEN: usize = 9;

/// The mapped file a snapshot reads its arrays from and decodes its evidence from.
#[derive(Debug)]
pub(crate) struct Source {
    map: Arc<Mmap>,
}

impl Source {
    /// Decodes the store sections into the snapshot's evidence, and checks that they
    /// hold every claim the rows name, between the endpoints the rows give it.
    pub(crate) fn evidence(&self, snapshot: &Snapshot) -> Result<Evidence, IoError> {
        // Called inside the snapshot's `OnceLock`, which jobs of rayon's pool may be
        // waiting on: decoding must not wait for the pool in turn.
        let reader = Reader::new_serial(&self.map, Kind::Snapshot)?;
        let graph = crate::ClaimGraph::from_binary_serial(reader.section(&STORE)?)?;
        let g = &graph.graph;
        let bad = |detail: String| BinaryError::Corrupt {
            tag: "s.ids".to_owned(),
            detail,
        };
        if g.node_bound() != snapshot.kinds.len() {
            return Err(bad(format!(
                "{} actor slots in the rows, {} in the store",
                snapshot.kinds.len(),
                g.node_bound()
            ))
            .into());
        }
        if g.node_count() != snapshot.actor_count || g.edge_count() != snapshot.claim_count {
            return Err(BinaryError::Corrupt {
                tag: "s.meta".to_owned(),
                detail: format!(
                    "{} actors and {} claims in the rows, {} and {} in the store",
                    snapshot.actor_count,
                    snapshot.claim_count,
                    g.node_count(),
                    g.edge_count()
                ),
            }
            .into());
        }
        for node in 0..snapshot.kinds.len() as u32 {
            for p in snapshot.out_offsets[node as usize]..snapshot.out_offsets[node as usize + 1] {
                let slot = snapshot.ids[p as usize];
                let e = EdgeIndex::new(slot as usize);
                match g.edge_endpoints(e) {
                    Some((s, t))
                        if s.index() as u32 == node
                            && t.index() as u32 == snapshot.targets[p as usize] => {}
                    _ => {
                        return Err(bad(format!(
                            "entry {p}: claim slot {slot} is not a claim from {node} in the store"
                        ))
                        .into());
                    }
                }
            }
        }
        let records = (0..g.edge_bound())
            .map(|e| g.edge_weight(EdgeIndex::new(e)).cloned())
            .collect();
        let actors = (0..g.node_bound())
            .map(|n| {
                g.node_weight(petgraph::stable_graph::NodeIndex::new(n))
                    .cloned()
            })
            .collect::<Vec<_>>();
        for (n, a) in actors.iter().enumerate() {
            let kind = a.as_ref().map_or(VACANT, |a| a.kind as u8);
            if kind != snapshot.kinds[n] {
                return Err(bad(format!("actor slot {n} has another kind in the store")).into());
            }
            // The mapped key table answers key lookups before the evidence is decoded;
            // it must name the same actors as the store it was written with.
            if let Some(a) = a
                && snapshot.node_of_key(a.key.as_str()) != Some(n as u32)
            {
                return Err(BinaryError::Corrupt {
                    tag: "s.keys".to_owned(),
                    detail: format!("the key of actor slot {n} does not lead to it"),
                }
                .into());
            }
        }
        Ok(Evidence {
            records,
            actors,
            tables: Arc::clone(&graph.tables),
            external: Arc::clone(&graph.external),
        })
    }
}

fn bytes_of<T: Pod>(column: &[T]) -> Vec<u8> {
    bytemuck::cast_slice(column).to_vec()
}

/// Writes `graph`'s store sections and the sections of `snapshot`, its snapshot.
pub(crate) fn save(
    graph: &crate::ClaimGraph,
    snapshot: &Snapshot,
    path: &Path,
) -> Result<(), IoError> {
    let mut w = Writer::new(Kind::Snapshot);
    w.section(STORE, graph.to_binary()?);
    let s = snapshot;
    let meta: [i64; META_LEN] = [
        s.kinds.len() as i64,
        s.targets.len() as i64,
        s.confidences.len() as i64,
        s.key_table.len() as i64,
        s.day_overflow.len() as i64,
        s.origin_overflow.len() as i64,
        i64::from(s.days.base),
        s.actor_count as i64,
        s.claim_count as i64,
    ];
    w.section(META, bytes_of(&meta));
    w.section(tag("s.out"), bytes_of(&s.out_offsets));
    w.section(tag("s.tgt"), bytes_of(&s.targets));
    w.section(tag("s.hot"), bytes_of(&s.hot));
    w.section(tag("s.ids"), bytes_of(&s.ids));
    w.section(tag("s.rank"), bytes_of(&s.ranks));
    w.section(tag("s.conf"), bytes_of(&s.confidences));
    w.section(tag("s.rout"), bytes_of(&s.rev_offsets));
    w.section(tag("s.rsplit"), bytes_of(&s.rev_split));
    w.section(tag("s.rsrc"), bytes_of(&s.rev_sources));
    w.section(tag("s.rpos"), bytes_of(&s.rev_positions));
    w.section(tag("s.mout"), bytes_of(&s.mirror_offsets));
    w.section(tag("s.mhot"), bytes_of(&s.mirror_hot));
    w.section(tag("s.kind"), bytes_of(&s.kinds));
    w.section(tag("s.keys"), bytes_of(&s.key_table));
    w.section(tag("s.dovf"), bytes_of(&s.day_overflow));
    w.section(tag("s.oovf"), bytes_of(&s.origin_overflow));
    let mut offsets = Vec::with_capacity(s.kinds.len() + 1);
    let mut text = Vec::new();
    offsets.push(0u64);
    for n in 0..s.kinds.len() {
        if let Some(a) = s.evidence().actors[n].as_deref() {
            text.extend_from_slice(a.key.as_str().as_bytes());
        }
        offsets.push(text.len() as u64);
    }
    w.section(tag("s.koff"), bytes_of(&offsets));
    w.section(tag("s.kstr"), text);
    w.write_to(path)
}

/// Maps `file` read-only.
#[allow(unsafe_code)]
fn map(file: &File) -> Result<Mmap, IoError> {
    // SAFETY: `Mmap::map` is unsafe because the mapped bytes can change under the
    // program if another process modifies or truncates the file while it is mapped
    // (a truncated mapping raises SIGBUS on access; a modified one changes bytes the
    // program already validated). Nothing in this process writes to the file. What
    // the code does about other processes: everything is validated right after
    // mapping (container checksums, every index) and the file is used read-only;
    // `Snapshot::open` documents that the file must not be changed while a snapshot
    // opened from it is alive (write a new file and rename it over the old one, as
    // `Snapshot::save` does, which leaves the mapped file intact).
    // Every byte is checksummed right away: `populate` maps the pages in one call
    // (MAP_POPULATE on Linux) instead of one fault per page while checksumming.
    unsafe { memmap2::MmapOptions::new().populate().map(file) }.map_err(IoError::from)
}

fn corrupt(tag_name: &str, detail: String) -> IoError {
    BinaryError::Corrupt {
        tag: tag_name.to_owned(),
        detail,
    }
    .into()
}

/// Opens a snapshot file: maps it, validates it whole, and views its arrays in place.
pub(crate) fn open(path: &Path) -> Result<Snapshot, IoError> {
    let file = File::open(path)?;
    let map = Arc::new(map(&file)?);
    let reader = Reader::new(&map, Kind::Snapshot)?;
    let base = map.as_ptr() as usize;
    let meta_bytes = reader.section(&META)?;
    let meta: &[i64] = bytemuck::try_cast_slice(meta_bytes)
        .ok()
        .filter(|m: &&[i64]| m.len() == META_LEN)
        .ok_or_else(|| corrupt("s.meta", format!("{} bytes", meta_bytes.len())))?;
    let count = |i: usize, what: &str| -> Result<usize, IoError> {
        usize::try_from(meta[i])
            .ok()
            .filter(|n| *n < u32::MAX as usize)
            .ok_or_else(|| corrupt("s.meta", format!("{what}: {}", meta[i])))
    };
    let nodes = count(0, "actor slots")?;
    let entries = count(1, "row entries")?;
    let distinct = count(2, "distinct confidences")?;
    let key_slots = count(3, "key-table slots")?;
    let day_overflows = count(4, "day overflows")?;
    let origin_overflows = count(5, "origin overflows")?;
    let day_base =
        i32::try_from(meta[6]).map_err(|_| corrupt("s.meta", format!("base day {}", meta[6])))?;
    let actor_count = count(7, "actors")?;
    let claim_count = count(8, "claims")?;

    fn column<T: Pod>(
        reader: &Reader<'_>,
        map: &Arc<Mmap>,
        base: usize,
        name: &str,
        len: usize,
    ) -> Result<Column<T>, IoError> {
        let bytes = reader.section(&tag(name))?;
        let slice: &[T] = bytemuck::try_cast_slice(bytes)
            .map_err(|e| corrupt(name, format!("{e:?} over {} bytes", bytes.len())))?;
        if slice.len() != len {
            return Err(corrupt(
                name,
                format!("{} elements where {len} are expected", slice.len()),
            ));
        }
        Ok(Column::Mapped {
            map: Arc::clone(map),
            start: bytes.as_ptr() as usize - base,
            len,
        })
    }
    let out_offsets: Column<u32> = column(&reader, &map, base, "s.out", nodes + 1)?;
    let targets: Column<u32> = column(&reader, &map, base, "s.tgt", entries)?;
    let hot: Column<Hot> = column(&reader, &map, base, "s.hot", entries)?;
    let ids: Column<u32> = column(&reader, &map, base, "s.ids", entries)?;
    let ranks: Column<u32> = column(&reader, &map, base, "s.rank", entries)?;
    let confidences: Column<f64> = column(&reader, &map, base, "s.conf", distinct)?;
    let rev_offsets: Column<u32> = column(&reader, &map, base, "s.rout", nodes + 1)?;
    let rev_split: Column<u32> = column(&reader, &map, base, "s.rsplit", nodes)?;
    let rev_sources: Column<u32> = column(&reader, &map, base, "s.rsrc", entries)?;
    let rev_positions: Column<u32> = column(&reader, &map, base, "s.rpos", entries)?;
    let kinds: Column<u8> = column(&reader, &map, base, "s.kind", nodes)?;
    let key_table: Column<u32> = column(&reader, &map, base, "s.keys", key_slots)?;
    let day_overflow: Column<DayOverflow> = column(&reader, &map, base, "s.dovf", day_overflows)?;
    let origin_overflow: Column<OriginOverflow> =
        column(&reader, &map, base, "s.oovf", origin_overflows)?;

    let key_bytes = reader.section(&tag("s.kstr"))?.len();
    let key_offsets: Column<u64> = column(&reader, &map, base, "s.koff", nodes + 1)?;
    let key_text: Column<u8> = column(&reader, &map, base, "s.kstr", key_bytes)?;
    if key_offsets.first() != Some(&0)
        || key_offsets.last() != Some(&(key_bytes as u64))
        || key_offsets.windows(2).any(|w| w[0] > w[1])
    {
        return Err(corrupt(
            "s.koff",
            "key offsets do not span the keys".to_owned(),
        ));
    }

    // Every index the queries follow without a check.
    let first_bad = |name: &str, values: &[u32], bound: usize| -> Result<(), IoError> {
        match values.iter().position(|v| *v as usize >= bound) {
            Some(i) => Err(corrupt(
                name,
                format!("entry {i} is {}, past {bound}", values[i]),
            )),
            None => Ok(()),
        }
    };
    let offsets_ok = |name: &str, offsets: &[u32]| -> Result<(), IoError> {
        if offsets.first() != Some(&0) || offsets.last().map(|l| *l as usize) != Some(entries) {
            return Err(corrupt(name, "rows do not span the entries".to_owned()));
        }
        match offsets.windows(2).position(|w| w[0] > w[1]) {
            Some(i) => Err(corrupt(name, format!("row {i} ends before it starts"))),
            None => Ok(()),
        }
    };
    offsets_ok("s.out", &out_offsets)?;
    offsets_ok("s.rout", &rev_offsets)?;
    for (n, split) in rev_split.iter().enumerate() {
        if *split < rev_offsets[n] || *split > rev_offsets[n + 1] {
            return Err(corrupt(
                "s.rsplit",
                format!("node {n}: {split} outside its row"),
            ));
        }
    }
    // The mirrored entries: one per symmetric reverse entry, each a copy of its
    // main entry (so both read the same claim).
    let mirrored = (0..nodes).map(|n| (rev_split[n] - rev_offsets[n]) as usize);
    let mirror_count: usize = mirrored.clone().sum();
    let mirror_offsets: Column<u32> = column(&reader, &map, base, "s.mout", nodes + 1)?;
    let mirror_hot: Column<Hot> = column(&reader, &map, base, "s.mhot", mirror_count)?;
    if mirror_offsets.first() != Some(&0) {
        return Err(corrupt("s.mout", "rows do not start at 0".to_owned()));
    }
    for (n, len) in mirrored.enumerate() {
        if (mirror_offsets[n + 1].wrapping_sub(mirror_offsets[n])) as usize != len {
            return Err(corrupt(
                "s.mout",
                format!("node {n}: not its {len} symmetric reverse entries"),
            ));
        }
    }
    first_bad("s.rpos", &rev_positions, entries)?;
    for n in 0..nodes {
        let m = mirror_offsets[n] as usize;
        for (k, i) in (rev_offsets[n] as usize..rev_split[n] as usize).enumerate() {
            let p = rev_positions[i] as usize;
            if mirror_hot[m + k] != hot[p] {
                return Err(corrupt(
                    "s.mhot",
                    format!("mirrored entry {} differs from its entry {p}", m + k),
                ));
            }
        }
    }
    first_bad("s.tgt", &targets, nodes)?;
    first_bad("s.rsrc", &rev_sources, nodes)?;
    first_bad("s.rank", &ranks, distinct)?;
    first_bad("s.ids", &ids, u32::MAX as usize)?;
    if let Some(n) = kinds
        .iter()
        .position(|k| *k != VACANT && usize::from(*k) >= ActorKind::ALL.len())
    {
        return Err(corrupt(
            "s.kind",
            format!("actor slot {n}: kind {}", kinds[n]),
        ));
    }
    if key_slots != 0 && !key_slots.is_power_of_two() {
        return Err(corrupt("s.keys", format!("{key_slots} slots")));
    }
    if let Some(i) = key_table
        .iter()
        .position(|n| *n != keys::EMPTY && *n as usize >= nodes)
    {
        return Err(corrupt(
            "s.keys",
            format!("slot {i}: node {}", key_table[i]),
        ));
    }
    let sorted = |positions: Vec<u32>| {
        positions.iter().all(|p| (*p as usize) < entries)
            && positions.windows(2).all(|w| w[0] < w[1])
    };
    if !sorted(day_overflow.iter().map(|o| o.position).collect()) {
        return Err(corrupt("s.dovf", "positions not ascending".to_owned()));
    }
    if !sorted(origin_overflow.iter().map(|o| o.position).collect()) {
        return Err(corrupt("s.oovf", "positions not ascending".to_owned()));
    }
    Ok(Snapshot {
        out_offsets,
        targets,
        hot,
        ids,
        ranks,
        confidences,
        rev_offsets,
        rev_split,
        rev_sources,
        rev_positions,
        mirror_offsets,
        mirror_hot,
        kinds,
        key_table,
        key_text: Some((key_offsets, key_text)),
        days: Days { base: day_base },
        day_overflow,
        origin_overflow,
        evidence: OnceLock::new(),
        source: Some(Arc::new(Source { map })),
        actor_count,
        claim_count,
        by_id: OnceLock::new(),
        tag: GraphTag::fresh(),
        actor_generations: Default::default(),
        claim_generations: Default::default(),
        name_index: OnceLock::new(),
    })
}
