//! Building a snapshot from a store: one parallel pass over the claim slots, the
//! rows ordered by a counting sort (or, after removals, by the store's edge lists),
//! then the row columns filled in parallel by position.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use petgraph::Direction as PgDirection;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeIndexable, EdgeRef, NodeIndexable};
use rayon::prelude::*;

use super::{
    DAY_OVERFLOW, DayOverflow, Days, Evidence, Hot, ORIGINS_SATURATED, OriginOverflow, Snapshot,
    VACANT, keys, quantise,
};
use crate::ClaimGraph;
use crate::query::view::Packed;
use crate::store::ClaimRecord;

/// A claim slot as the build reads it.
#[derive(Clone, Copy)]
struct Slot {
    source: u32,
    target: u32,
    packed: Packed,
    occupied: bool,
}

/// The fields of a vacant slot (never read).
const NOTHING: Packed = Packed {
    confidence: 0.0,
    first_day: 0,
    last_day: 0,
    origins: 0,
    kind: 0,
    flags: 0,
};

/// The order of the rows: which slot each row entry holds, and the reverse rows.
struct Order {
    out_offsets: Vec<u32>,
    ids: Vec<u32>,
    rev_offsets: Vec<u32>,
    rev_split: Vec<u32>,
    rev_sources: Vec<u32>,
    rev_positions: Vec<u32>,
}

pub(super) fn build(graph: &ClaimGraph) -> Snapshot {
    let g = &graph.graph;
    let bound = g.node_bound();
    let edge_bound = g.edge_bound();
    // One pass over the claim slots in slot order: endpoints, filter fields and a
    // share of the record, each record read once.
    let (slots, records): (Vec<Slot>, Vec<Option<Arc<ClaimRecord>>>) = (0..edge_bound)
        .into_par_iter()
        .map(|e| {
            let ix = EdgeIndex::new(e);
            match (g.edge_endpoints(ix), g.edge_weight(ix)) {
                (Some((s, t)), Some(w)) => (
                    Slot {
                        source: s.index() as u32,
                        target: t.index() as u32,
                        packed: Packed::of(w),
                        occupied: true,
                    },
                    Some(Arc::clone(w)),
                ),
                _ => (
                    Slot {
                        source: u32::MAX,
                        target: u32::MAX,
                        packed: NOTHING,
                        occupied: false,
                    },
                    None,
                ),
            }
        })
        .unzip();
    // Edges are prepended to petgraph's lists, so a store that never removed a claim
    // lists each node's edges by descending slot: a counting sort reproduces it.
    let order = if graph.claim_generations.heap_bytes() == 0 && g.edge_count() == edge_bound {
        by_descending_slots(&slots, bound)
    } else {
        by_edge_lists(graph, &slots, bound)
    };
    let days = Days {
        base: slots
            .par_iter()
            .filter(|s| s.occupied)
            .flat_map_iter(|s| [s.packed.first_day, s.packed.last_day])
            .filter(|d| *d != i32::MIN && *d != i32::MAX)
            .min()
            .unwrap_or(0),
    };
    let confidences = distinct_confidences(&slots);
    let rank = |c: f64| {
        confidences.partition_point(|d| d.total_cmp(&c) == std::cmp::Ordering::Less) as u32
    };
    let entries = order.ids.len();
    let mut targets = vec![0u32; entries];
    let mut hot = vec![
        Hot {
            kind: 0,
            flags: 0,
            qconf: 0,
            origins: 0,
            first: 0,
            last: 0
        };
        entries
    ];
    let mut ranks = vec![0u32; entries];
    targets
        .par_iter_mut()
        .zip(hot.par_iter_mut())
        .zip(ranks.par_iter_mut())
        .zip(order.ids.par_iter())
        .for_each(|(((t, h), r), &e)| {
            let s = &slots[e as usize];
            let p = &s.packed;
            *t = s.target;
            *h = Hot {
                kind: p.kind,
                flags: p.flags,
                qconf: quantise(p.confidence),
                origins: p.origins.min(u16::from(ORIGINS_SATURATED)) as u8,
                first: days.encode(p.first_day),
                last: days.encode(p.last_day),
            };
            *r = rank(p.confidence);
        });
    let mut day_overflow = Vec::new();
    let mut origin_overflow = Vec::new();
    for (p, h) in hot.iter().enumerate() {
        if h.first != DAY_OVERFLOW && h.last != DAY_OVERFLOW && h.origins != ORIGINS_SATURATED {
            continue;
        }
        let packed = &slots[order.ids[p] as usize].packed;
        if h.first == DAY_OVERFLOW || h.last == DAY_OVERFLOW {
            day_overflow.push(DayOverflow {
                position: p as u32,
                first: packed.first_day,
                last: packed.last_day,
            });
        }
        if h.origins == ORIGINS_SATURATED {
            origin_overflow.push(OriginOverflow {
                position: p as u32,
                origins: u32::from(packed.origins),
            });
        }
    }
    drop(slots);
    let (mirror_offsets, mirror_hot) = mirrors(&order, &hot, bound);

    let actors: Vec<_> = (0..bound)
        .into_par_iter()
        .map(|n| g.node_weight(NodeIndex::new(n)).cloned())
        .collect();
    let kinds: Vec<u8> = actors
        .iter()
        .map(|a| a.as_ref().map_or(VACANT, |a| a.kind as u8))
        .collect();
    let key_table = keys::build(
        graph.keys.len(),
        graph
            .keys
            .iter()
            .map(|(key, slot)| (key.as_str(), slot.0.index() as u32)),
    );
    Snapshot {
        out_offsets: order.out_offsets.into(),
        targets: targets.into(),
        hot: hot.into(),
        ids: order.ids.into(),
        ranks: ranks.into(),
        confidences: confidences.into(),
        rev_offsets: order.rev_offsets.into(),
        rev_split: order.rev_split.into(),
        rev_sources: order.rev_sources.into(),
        rev_positions: order.rev_positions.into(),
        mirror_offsets: mirror_offsets.into(),
        mirror_hot: mirror_hot.into(),
        kinds: kinds.into(),
        key_table: key_table.into(),
        key_text: None,
        days,
        day_overflow: day_overflow.into(),
        origin_overflow: origin_overflow.into(),
        evidence: OnceLock::from(Evidence {
            records,
            actors,
            tables: Arc::clone(&graph.tables),
            external: Arc::clone(&graph.external),
        }),
        source: None,
        actor_count: graph.actor_count(),
        claim_count: graph.claim_count(),
        by_id: OnceLock::new(),
        tag: graph.tag,
        actor_generations: graph.actor_generations.clone(),
        claim_generations: graph.claim_generations.clone(),
        name_index: graph.name_index.clone(),
    }
}

/// The mirrored entries (the symmetric part of each reverse row, in order): where
/// each node's start, and copies of their main entries' hot records.
fn mirrors(order: &Order, hot: &[Hot], bound: usize) -> (Vec<u32>, Vec<Hot>) {
    let lengths: Vec<u32> = (0..bound)
        .map(|n| order.rev_split[n] - order.rev_offsets[n])
        .collect();
    let mirror_offsets = offsets(&lengths);
    let mirrored = |n: usize| order.rev_offsets[n] as usize..order.rev_split[n] as usize;
    let positions = &order.rev_positions;
    let mirror_hot: Vec<Hot> = (0..bound)
        .into_par_iter()
        .flat_map_iter(|n| mirrored(n).map(|i| hot[positions[i] as usize]))
        .collect();
    (mirror_offsets, mirror_hot)
}

/// The distinct confidences of the claims, ascending (by `total_cmp`, so every bit
/// pattern keeps its own rank).
fn distinct_confidences(slots: &[Slot]) -> Vec<f64> {
    let bits: HashSet<u64> = slots
        .par_chunks(1 << 16)
        .map(|chunk| {
            chunk
                .iter()
                .filter(|s| s.occupied)
                .map(|s| s.packed.confidence.to_bits())
                .collect::<HashSet<u64>>()
        })
        .reduce(HashSet::new, |mut a, b| {
            if a.len() < b.len() {
                return b.into_iter().chain(a).collect();
            }
            a.extend(b);
            a
        });
    let mut values: Vec<f64> = bits.into_iter().map(f64::from_bits).collect();
    values.sort_unstable_by(f64::total_cmp);
    values
}

/// Row sizes to offsets.
fn offsets(lengths: &[u32]) -> Vec<u32> {
    let mut at = Vec::with_capacity(lengths.len() + 1);
    let mut sum = 0u32;
    at.push(0);
    for l in lengths {
        sum += l;
        at.push(sum);
    }
    at
}

/// The order of a store that never removed a claim: each node's edges by
/// descending slot, out and in.
fn by_descending_slots(slots: &[Slot], bound: usize) -> Order {
    let mut out_len = vec![0u32; bound];
    let mut sym_len = vec![0u32; bound];
    let mut dir_len = vec![0u32; bound];
    for s in slots.iter().filter(|s| s.occupied) {
        out_len[s.source as usize] += 1;
        if s.packed.symmetric() {
            sym_len[s.target as usize] += 1;
        } else {
            dir_len[s.target as usize] += 1;
        }
    }
    let out_offsets = offsets(&out_len);
    let rev_len: Vec<u32> = sym_len.iter().zip(&dir_len).map(|(a, b)| a + b).collect();
    let rev_offsets = offsets(&rev_len);
    let rev_split: Vec<u32> = rev_offsets[..bound]
        .iter()
        .zip(&sym_len)
        .map(|(o, s)| o + s)
        .collect();
    let entries = out_offsets[bound] as usize;
    let mut out_next = out_offsets[..bound].to_vec();
    let mut sym_next = rev_offsets[..bound].to_vec();
    let mut dir_next = rev_split.clone();
    let mut ids = vec![0u32; entries];
    let mut rev_sources = vec![0u32; entries];
    let mut rev_positions = vec![0u32; entries];
    for (e, s) in slots.iter().enumerate().rev() {
        if !s.occupied {
            continue;
        }
        let p = out_next[s.source as usize];
        out_next[s.source as usize] += 1;
        ids[p as usize] = e as u32;
        let next = if s.packed.symmetric() {
            &mut sym_next[s.target as usize]
        } else {
            &mut dir_next[s.target as usize]
        };
        rev_sources[*next as usize] = s.source;
        rev_positions[*next as usize] = p;
        *next += 1;
    }
    Order {
        out_offsets,
        ids,
        rev_offsets,
        rev_split,
        rev_sources,
        rev_positions,
    }
}

/// The order of any store: each node's edges as its petgraph lists give them.
fn by_edge_lists(graph: &ClaimGraph, slots: &[Slot], bound: usize) -> Order {
    let g = &graph.graph;
    let mut ids = Vec::with_capacity(g.edge_count());
    let mut position = vec![u32::MAX; slots.len()];
    let mut out_offsets = Vec::with_capacity(bound + 1);
    out_offsets.push(0);
    for n in 0..bound {
        for e in g.edges_directed(NodeIndex::new(n), PgDirection::Outgoing) {
            position[e.id().index()] = ids.len() as u32;
            ids.push(e.id().index() as u32);
        }
        out_offsets.push(ids.len() as u32);
    }
    let mut rev_offsets = Vec::with_capacity(bound + 1);
    let mut rev_split = Vec::with_capacity(bound);
    let mut rev_sources = Vec::with_capacity(ids.len());
    let mut rev_positions = Vec::with_capacity(ids.len());
    let mut directed = Vec::new();
    rev_offsets.push(0);
    for n in 0..bound {
        directed.clear();
        for e in g.edges_directed(NodeIndex::new(n), PgDirection::Incoming) {
            let slot = e.id().index();
            let entry = (slots[slot].source, position[slot]);
            if slots[slot].packed.symmetric() {
                rev_sources.push(entry.0);
                rev_positions.push(entry.1);
            } else {
                directed.push(entry);
            }
        }
        rev_split.push(rev_sources.len() as u32);
        for &(s, p) in &directed {
            rev_sources.push(s);
            rev_positions.push(p);
        }
        rev_offsets.push(rev_sources.len() as u32);
    }
    Order {
        out_offsets,
        ids,
        rev_offsets,
        rev_split,
        rev_sources,
        rev_positions,
    }
}
