//! Degree, confidence-weighted PageRank and betweenness centrality.
//!
//! Every actor of the graph is a node of these analyses, including actors that no
//! admitted claim touches: they have degree 0, betweenness 0 and the PageRank of a
//! dangling node. Results list every actor once, in [`ActorId`] order.

use std::ops::Range;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicU32, AtomicU64};

use rayon::prelude::*;

use crate::ActorId;
use crate::query::view::SYMMETRIC;
use crate::query::{Compiled, Filter, GraphRef, ReadGraph, Walk, steps};

/// The occupied node indices of a view, in order.
fn occupied<V: ReadGraph>(view: &V) -> impl Iterator<Item = u32> + '_ {
    (0..view.node_bound() as u32).filter(|&n| view.node_kind(n).is_some())
}

/// The node index of `actor` if it names an actor of `view`.
fn node_of<V: ReadGraph>(view: &V, actor: ActorId) -> Option<u32> {
    let node = u32::try_from(actor.index()).ok()?;
    view.node_kind(node).map(|_| node)
}

// ----- degree ---------------------------------------------------------------------

/// The number of admitted claims the filter's [`Walk`] can take from `actor`.
///
/// Under [`Walk::Undirected`] (the default) every admitted claim the actor is subject
/// or object of counts once, so a claim counts once at each of its two endpoints;
/// under [`Walk::Forward`] only claims it is the subject of, plus symmetric claims it
/// is the object of; [`Walk::Backward`] the reverse. Parallel claims (several claims
/// between the same two actors) each count.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `actor`: the actor whose claims are counted.
/// * `filter`: which claims count, and which way they may be walked.
///
/// # Returns
/// The count; 0 for an id that names no actor of `view`.
///
/// # Complexity
/// **O(d)** for the actor's d claims (times the evidence of each when the filter reads
/// evidence).
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::degree;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::{Filter, Walk};
/// let mut g = ClaimGraph::new();
/// for key in ["iran", "bolivia", "venezuela"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let says = |c| Attribution::new(Grade::confidence(c).unwrap()).with_claimant("iran".parse().unwrap());
/// g.add_claim(Claim::new("iran".parse()?, Relation::SuppliesArms, "bolivia".parse()?, ValidTime::ALWAYS).with_evidence(says(0.6)))?;
/// g.add_claim(Claim::new("bolivia".parse()?, Relation::MetWith, "venezuela".parse()?, ValidTime::ALWAYS).with_evidence(says(0.9)))?;
/// let bolivia = g.actor_id("bolivia").unwrap();
/// assert_eq!(degree(&g, bolivia, &Filter::new()), 2);
/// // Forward: the arms claim points at Bolivia, the meeting is symmetric
/// assert_eq!(degree(&g, bolivia, &Filter::new().walk(Walk::Forward)), 1);
/// assert_eq!(degree(&g, bolivia, &Filter::new().min_confidence(0.7)), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn degree<V: ReadGraph>(view: &V, actor: ActorId, filter: &Filter) -> usize {
    let Some(node) = node_of(view, actor) else {
        return 0;
    };
    let compiled = filter.compile(view);
    steps(view, &compiled, node).count()
}

/// [`degree`] of every actor, in [`ActorId`] order.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `filter`: which claims count, and which way they may be walked.
///
/// # Returns
/// One `(actor, degree)` pair for every actor, actors without admitted claims included.
///
/// # Complexity
/// **O(V + E)** (times the evidence per claim when the filter reads evidence).
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::degrees;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// let mut g = ClaimGraph::new();
/// for key in ["iran", "bolivia", "venezuela"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.5)?).with_claimant("iran".parse()?);
/// g.add_claim(Claim::new("iran".parse()?, Relation::MetWith, "bolivia".parse()?, ValidTime::ALWAYS).with_evidence(says))?;
/// let id = |k| g.actor_id(k).unwrap();
/// assert_eq!(degrees(&g, &Filter::new()), vec![(id("iran"), 1), (id("bolivia"), 1), (id("venezuela"), 0)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn degrees<V: ReadGraph>(view: &V, filter: &Filter) -> Vec<(ActorId, usize)> {
    let compiled = filter.compile(view);
    occupied(view)
        .map(|n| (view.actor_id_at(n), steps(view, &compiled, n).count()))
        .collect()
}

// ----- PageRank -------------------------------------------------------------------

/// How PageRank weighs a claim as a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Weighting {
    /// By the claim's confidence under the filter: a walker follows well-supported
    /// claims more often.
    #[default]
    Confidence,
    /// Every admitted claim weighs 1, whatever its confidence.
    Unweighted,
}

/// When [`pagerank`] stops.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stop {
    /// When the L1 change of one iteration falls below `n * tolerance`, or after
    /// `max_iterations`.
    Converge {
        tolerance: f64,
        max_iterations: usize,
    },
    /// After exactly this many iterations.
    Exactly(usize),
}

/// Options of [`pagerank`], built as a value:
/// `PageRankOptions::new().damping(0.85).tolerance(1e-13).max_iterations(1000)`.
///
/// Defaults: damping 0.85, tolerance 1e-10, at most 1000 iterations,
/// [`Weighting::Confidence`].
///
/// ```
/// use claimgraph::analysis::{PageRankOptions, Weighting};
/// let exact = PageRankOptions::new().weighting(Weighting::Unweighted).iterations(20);
/// assert_ne!(exact, PageRankOptions::new());
/// // the stopping rule set last wins
/// assert_eq!(PageRankOptions::new().iterations(20).tolerance(1e-10), PageRankOptions::new());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRankOptions {
    damping: f64,
    stop: Stop,
    weighting: Weighting,
    threads: usize,
}

impl Default for PageRankOptions {
    fn default() -> Self {
        PageRankOptions {
            damping: Self::DEFAULT_DAMPING,
            stop: Stop::Converge {
                tolerance: Self::DEFAULT_TOLERANCE,
                max_iterations: Self::DEFAULT_MAX_ITERATIONS,
            },
            weighting: Weighting::Confidence,
            threads: 0,
        }
    }
}

impl PageRankOptions {
    /// The default damping factor, 0.85.
    pub const DEFAULT_DAMPING: f64 = 0.85;
    /// The default tolerance, 1e-10 per actor.
    pub const DEFAULT_TOLERANCE: f64 = 1e-10;
    /// The default iteration limit, 1000.
    pub const DEFAULT_MAX_ITERATIONS: usize = 1000;

    /// The default options.
    pub fn new() -> Self {
        PageRankOptions::default()
    }

    /// Sets the damping factor: the probability that the walker follows a claim rather
    /// than jumping to a random actor. Clamped to `[0, 1]`; NaN means the default.
    pub fn damping(mut self, damping: f64) -> Self {
        self.damping = if damping.is_nan() {
            Self::DEFAULT_DAMPING
        } else {
            damping.clamp(0.0, 1.0)
        };
        self
    }

    /// Iterates until the L1 change of one iteration (the sum over actors of the
    /// change of each score) falls below `n * tolerance` for `n` actors, networkx's
    /// rule. Replaces a fixed count set by [`PageRankOptions::iterations`].
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        let max_iterations = match self.stop {
            Stop::Converge { max_iterations, .. } => max_iterations,
            Stop::Exactly(_) => Self::DEFAULT_MAX_ITERATIONS,
        };
        self.stop = Stop::Converge {
            tolerance,
            max_iterations,
        };
        self
    }

    /// Gives up converging after this many iterations (returning the last iterate).
    /// Replaces a fixed count set by [`PageRankOptions::iterations`].
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        let tolerance = match self.stop {
            Stop::Converge { tolerance, .. } => tolerance,
            Stop::Exactly(_) => Self::DEFAULT_TOLERANCE,
        };
        self.stop = Stop::Converge {
            tolerance,
            max_iterations,
        };
        self
    }

    /// Runs exactly `n` iterations, with no convergence test (for benchmarks and for
    /// reproducing a fixed number of power-iteration steps).
    pub fn iterations(mut self, n: usize) -> Self {
        self.stop = Stop::Exactly(n);
        self
    }

    /// Sets how claims are weighted as transitions.
    pub fn weighting(mut self, weighting: Weighting) -> Self {
        self.weighting = weighting;
        self
    }

    /// Runs on a rayon pool of `threads` threads of its own; 0 (the default) runs
    /// on the current pool (rayon's global one, a thread per core, unless the call
    /// is made inside [`rayon::ThreadPool::install`]). The scores do not depend on
    /// it: the work is cut into the same pieces, and their sums added in the same
    /// order, whatever the count.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }
}

/// Why [`pagerank_outcome`] stopped iterating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PageRankStop {
    /// The L1 change fell below `n * tolerance`.
    Converged,
    /// The iteration limit was reached first; the scores are the last iterate.
    IterationLimit,
    /// A fixed number of iterations was asked for and run.
    Fixed,
}

/// PageRank scores with how the iteration ended.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRankOutcome {
    /// Every actor's score, in [`ActorId`] order; they sum to 1 (up to rounding).
    pub scores: Vec<(ActorId, f64)>,
    /// The number of iterations run.
    pub iterations: usize,
    /// The L1 change of the last iteration (infinite if none ran).
    pub last_change: f64,
    /// Why the iteration stopped.
    pub stopped: PageRankStop,
}

/// Transitions into each node, as compressed sparse rows: for PageRank's pull step.
struct Transitions {
    /// `offsets[v]..offsets[v + 1]` indexes the transitions into `v`.
    offsets: Vec<usize>,
    /// The node each transition leaves.
    sources: Vec<u32>,
    /// Each transition's weight; empty when unweighted (every weight is 1).
    weights: Vec<f64>,
    /// The summed weight of the transitions leaving each node.
    out_weight: Vec<f64>,
}

/// The claims PageRank scans for transitions, in scan order (subjects in node order,
/// each subject's claims in its out-edge order): what the setup passes read.
trait Scan: Sync {
    /// Runs of subjects that split the scan into at most `wanted` pieces of similar
    /// size, each with the scan index of its first claim.
    fn pieces(&self, wanted: usize) -> Vec<(Range<usize>, usize)>;

    /// Calls `visit(subject, object, symmetric, weight)` for every claim of the
    /// `subjects` in scan order, the first being claim `first` of the whole scan; a
    /// weight that is not positive makes no transition.
    fn each(&self, subjects: Range<usize>, first: usize, visit: impl FnMut(u32, u32, bool, f64));
}

/// A snapshot's rows read in place: targets, hot flags and precomputed weights by
/// row position, with no edge built per claim.
struct RowScan<'a> {
    snapshot: &'a crate::Snapshot,
    /// Weight by row position; `None` when every claim weighs 1.
    weights: Option<&'a [f64]>,
}

impl Scan for RowScan<'_> {
    fn pieces(&self, wanted: usize) -> Vec<(Range<usize>, usize)> {
        let offsets = &self.snapshot.out_offsets[..];
        let nodes = offsets.len() - 1;
        let entries = offsets[nodes] as usize;
        let size = entries.div_ceil(wanted.max(1)).max(1);
        let mut pieces = Vec::with_capacity(wanted);
        let mut start = 0;
        for u in 0..nodes {
            if offsets[u + 1] as usize - offsets[start] as usize >= size {
                pieces.push((start..u + 1, offsets[start] as usize));
                start = u + 1;
            }
        }
        if start < nodes || pieces.is_empty() {
            pieces.push((start..nodes, offsets[start] as usize));
        }
        pieces
    }

    #[inline]
    fn each(
        &self,
        subjects: Range<usize>,
        _first: usize,
        mut visit: impl FnMut(u32, u32, bool, f64),
    ) {
        let s = self.snapshot;
        let (offsets, targets, hot) = (&s.out_offsets[..], &s.targets[..], &s.hot[..]);
        for u in subjects {
            let row = offsets[u] as usize..offsets[u + 1] as usize;
            let entries = targets[row.clone()].iter().zip(&hot[row.clone()]);
            match self.weights {
                Some(weights) => {
                    for ((&v, h), &w) in entries.zip(&weights[row]) {
                        visit(u as u32, v, h.flags & SYMMETRIC != 0, w);
                    }
                }
                None => {
                    for (&v, h) in entries {
                        visit(u as u32, v, h.flags & SYMMETRIC != 0, 1.0);
                    }
                }
            }
        }
    }
}

/// Any view's out-edges, with weights precomputed in the same order; scanned as
/// one piece (a store's rows are not laid out by position).
struct EdgeScan<'a, V> {
    view: &'a V,
    weights: &'a [f64],
}

impl<V: ReadGraph> Scan for EdgeScan<'_, V> {
    fn pieces(&self, _wanted: usize) -> Vec<(Range<usize>, usize)> {
        vec![(0..self.view.node_bound(), 0)]
    }

    fn each(
        &self,
        subjects: Range<usize>,
        first: usize,
        mut visit: impl FnMut(u32, u32, bool, f64),
    ) {
        let mut weights = self.weights[first.min(self.weights.len())..].iter();
        for u in subjects {
            for edge in self.view.out_edges(u as u32) {
                let w = weights.next().copied().unwrap_or(0.0);
                visit(u as u32, edge.other, edge.packed.symmetric(), w);
            }
        }
    }
}

/// Each claim's weight in out-edge order (row-position order on a snapshot), 0 for a
/// claim the filter rejects; computed in parallel, as a weight depends on its claim
/// alone.
fn weigh_out_edges<V: ReadGraph>(view: &V, compiled: &Compiled, weighting: Weighting) -> Vec<f64> {
    (0..view.node_bound() as u32)
        .into_par_iter()
        .with_min_len(WEIGH_NODES)
        .flat_map_iter(|u| {
            view.out_edges(u).map(
                move |edge| match (compiled.admit(view, u, &edge), weighting) {
                    (None, _) => 0.0,
                    (Some(c), Weighting::Confidence) => c,
                    (Some(_), Weighting::Unweighted) => 1.0,
                },
            )
        })
        .collect()
}

/// Nodes per rayon task of the weighing pass: enough claims to outweigh the task.
const WEIGH_NODES: usize = 256;

impl Transitions {
    /// Collects the admitted transitions: each claim's weight first, admitted once
    /// from its subject's row and computed in parallel (it depends on the claim
    /// alone), then the transitions sorted into rows by target with a counting sort
    /// over the claims in scan order, so that each row lists its transitions, and
    /// each node's out weight is summed, in the one order every view and thread
    /// count gives.
    ///
    /// A snapshot is read in place: when the filter admits every claim, the weights
    /// are its exact confidences by row position, and both sort passes read its
    /// flat row arrays.
    fn build<V: ReadGraph>(view: &V, filter: &Filter, weighting: Weighting) -> Transitions {
        let compiled: Compiled = filter.compile(view);
        let bound = view.node_bound();
        let weighted = weighting == Weighting::Confidence;
        if let GraphRef::Snapshot(s) = view.graph_ref() {
            // Weights by row position: each entry's exact confidence when the filter
            // admits every claim, else what the filter gives it from its subject.
            let weights: Option<Vec<f64>> = if compiled.admits_everything() {
                weighted.then(|| {
                    let confidences = &s.confidences[..];
                    s.ranks
                        .par_iter()
                        .with_min_len(1 << 12)
                        .map(|&r| confidences[r as usize])
                        .collect()
                })
            } else {
                Some(weigh_out_edges(view, &compiled, weighting))
            };
            let scan = RowScan {
                snapshot: s,
                weights: weights.as_deref(),
            };
            return Self::sort(bound, compiled.walk, weighted, &scan);
        }
        let weights = weigh_out_edges(view, &compiled, weighting);
        let scan = EdgeScan {
            view,
            weights: &weights,
        };
        Self::sort(bound, compiled.walk, weighted, &scan)
    }

    /// The counting sort of the scanned claims' transitions into rows by target. A
    /// claim whose weight is not positive is left out: it would move nothing, and
    /// leaving it out keeps a node whose claims all have confidence 0 dangling.
    ///
    /// The scan is cut into pieces that count and place their transitions in
    /// parallel: a piece's transitions into a row go after those of the pieces
    /// before it, so every row lists its transitions in scan order whatever the
    /// number of pieces. Out weights are summed by one pass in scan order, beside
    /// the pieces, as rounding depends on the order of the additions.
    fn sort(bound: usize, walk: Walk, weighted: bool, scan: &impl Scan) -> Transitions {
        // Which ways a claim is a transition: subject to object, object to subject.
        let ways = move |symmetric: bool| match walk {
            Walk::Forward => (true, symmetric),
            Walk::Backward => (symmetric, true),
            Walk::Undirected => (true, true),
        };
        let pieces = scan.pieces(rayon::current_num_threads().min(MAX_SORT_PIECES));
        let out_weight = || {
            let mut out_weight = vec![0.0; bound];
            // The subject's own sum is kept in a register while its claims are
            // scanned (only its claims, or a loop on it, add to it meanwhile), so
            // that the additions do not wait on memory; the order is unchanged.
            let mut subject = 0u32;
            let mut own = 0.0;
            scan.each(0..bound, 0, |u, v, symmetric, w| {
                if u != subject {
                    if let Some(slot) = out_weight.get_mut(subject as usize) {
                        *slot = own;
                    }
                    subject = u;
                    own = out_weight[u as usize];
                }
                if w > 0.0 {
                    let (forward, backward) = ways(symmetric);
                    if forward {
                        own += w;
                    }
                    if backward {
                        if v == u {
                            own += w;
                        } else {
                            out_weight[v as usize] += w;
                        }
                    }
                }
            });
            if let Some(slot) = out_weight.get_mut(subject as usize) {
                *slot = own;
            }
            out_weight
        };
        let rows = || {
            // Each piece's transitions into each row, then where they start.
            let mut cursors: Vec<Vec<usize>> = pieces
                .par_iter()
                .map(|(subjects, first)| {
                    let mut count = vec![0usize; bound];
                    scan.each(subjects.clone(), *first, |u, v, symmetric, w| {
                        if w > 0.0 {
                            let (forward, backward) = ways(symmetric);
                            count[v as usize] += usize::from(forward);
                            count[u as usize] += usize::from(backward);
                        }
                    });
                    count
                })
                .collect();
            let mut offsets = Vec::with_capacity(bound + 1);
            offsets.push(0);
            let mut at = 0;
            for v in 0..bound {
                for cursor in cursors.iter_mut() {
                    let count = cursor[v];
                    cursor[v] = at;
                    at += count;
                }
                offsets.push(at);
            }
            // Pieces write disjoint entries of shared arrays: relaxed atomic stores,
            // plain moves on common hardware.
            let sources: Vec<AtomicU32> = (0..at).map(|_| AtomicU32::new(0)).collect();
            let weights: Vec<AtomicU64> = (0..if weighted { at } else { 0 })
                .map(|_| AtomicU64::new(0))
                .collect();
            pieces
                .par_iter()
                .zip(cursors.par_iter_mut())
                .for_each(|((subjects, first), fill)| {
                    let mut put = |from: u32, to: u32, w: f64| {
                        let at = fill[to as usize];
                        fill[to as usize] += 1;
                        sources[at].store(from, Relaxed);
                        if let Some(slot) = weights.get(at) {
                            slot.store(w.to_bits(), Relaxed);
                        }
                    };
                    scan.each(subjects.clone(), *first, |u, v, symmetric, w| {
                        if w > 0.0 {
                            let (forward, backward) = ways(symmetric);
                            if forward {
                                put(u, v, w);
                            }
                            if backward {
                                put(v, u, w);
                            }
                        }
                    });
                });
            let sources: Vec<u32> = sources.into_iter().map(AtomicU32::into_inner).collect();
            let weights: Vec<f64> = weights
                .into_iter()
                .map(|w| f64::from_bits(w.into_inner()))
                .collect();
            (offsets, sources, weights)
        };
        let (out_weight, (offsets, sources, weights)) = rayon::join(out_weight, rows);
        Transitions {
            offsets,
            sources,
            weights,
            out_weight,
        }
    }
}

/// The most pieces the setup's counting sort is cut into: each keeps a cursor per
/// node.
const MAX_SORT_PIECES: usize = 8;

/// A chunk of rows ends once it holds this many transitions (or rows): the unit of
/// work of one iteration. Chunks depend on the graph alone, and the L1 change is
/// summed chunk by chunk in order, so results do not depend on the number of threads.
const CHUNK_TRANSITIONS: usize = 1 << 16;
const CHUNK_ROWS: usize = 1 << 14;

/// Row boundaries of the chunks: `bounds[c]..bounds[c + 1]` for chunk `c`.
fn chunk_bounds(offsets: &[usize]) -> Vec<usize> {
    let rows = offsets.len() - 1;
    let mut bounds = vec![0];
    let mut start = 0;
    for v in 0..rows {
        if offsets[v + 1] - offsets[start] >= CHUNK_TRANSITIONS || v + 1 - start >= CHUNK_ROWS {
            bounds.push(v + 1);
            start = v + 1;
        }
    }
    if start != rows {
        bounds.push(rows);
    }
    bounds
}

/// Σ y[u] over a row, in four independent sums so that the additions pipeline.
#[inline]
fn pull_unweighted(sources: &[u32], y: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let mut chunks = sources.chunks_exact(4);
    for c in &mut chunks {
        acc[0] += y[c[0] as usize];
        acc[1] += y[c[1] as usize];
        acc[2] += y[c[2] as usize];
        acc[3] += y[c[3] as usize];
    }
    let mut tail = 0.0;
    for &u in chunks.remainder() {
        tail += y[u as usize];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Σ w · y[u] over a row, in four independent sums.
#[inline]
fn pull_weighted(sources: &[u32], weights: &[f64], y: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let mut s = sources.chunks_exact(4);
    let mut w = weights.chunks_exact(4);
    for (s, w) in (&mut s).zip(&mut w) {
        acc[0] += w[0] * y[s[0] as usize];
        acc[1] += w[1] * y[s[1] as usize];
        acc[2] += w[2] * y[s[2] as usize];
        acc[3] += w[3] * y[s[3] as usize];
    }
    let mut tail = 0.0;
    for (&u, &w) in s.remainder().iter().zip(w.remainder()) {
        tail += w * y[u as usize];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// One power-iteration step over flat arrays.
struct PowerStep<'a> {
    t: &'a Transitions,
    /// 1 for an occupied node index, 0 for a vacant one.
    present: &'a [f64],
    /// 1 / out-weight, 0 for a dangling node.
    inverse_out: &'a [f64],
    alpha: f64,
}

/// The current iterate: scores `x` and `y = x / out-weight`.
#[derive(Clone, Copy)]
struct Iterate<'a> {
    x: &'a [f64],
    y: &'a [f64],
}

impl PowerStep<'_> {
    /// Writes rows `rows` of the next iterate into `next` and `next_y` (which start at
    /// `rows.start`) and returns their L1 change.
    fn rows(
        &self,
        rows: Range<usize>,
        base: f64,
        now: Iterate<'_>,
        next: &mut [f64],
        next_y: &mut [f64],
    ) -> f64 {
        let t = self.t;
        let mut change = 0.0;
        for (i, v) in rows.enumerate() {
            let row = t.offsets[v]..t.offsets[v + 1];
            let pulled = if t.weights.is_empty() {
                pull_unweighted(&t.sources[row], now.y)
            } else {
                pull_weighted(&t.sources[row.clone()], &t.weights[row], now.y)
            };
            let value = self.alpha * pulled + base * self.present[v];
            change += (value - now.x[v]).abs();
            next[i] = value;
            next_y[i] = value * self.inverse_out[v];
        }
        change
    }

    /// Computes the next iterate piece by piece on the current rayon pool;
    /// `next.partials[c]` receives piece `c`'s L1 change, summed later in piece order.
    fn run(&self, bounds: &[usize], base: f64, now: Iterate<'_>, next: Next<'_>) {
        let Next {
            x: mut next_x,
            y: mut next_y,
            partials,
        } = next;
        let mut pieces = Vec::with_capacity(bounds.len() - 1);
        for c in 0..bounds.len() - 1 {
            let len = bounds[c + 1] - bounds[c];
            let (x, rest) = std::mem::take(&mut next_x).split_at_mut(len);
            next_x = rest;
            let (y, rest) = std::mem::take(&mut next_y).split_at_mut(len);
            next_y = rest;
            pieces.push((bounds[c]..bounds[c + 1], x, y));
        }
        pieces
            .into_par_iter()
            .zip(partials.par_iter_mut())
            .for_each(|((rows, x, y), partial)| {
                *partial = self.rows(rows, base, now, x, y);
            });
    }
}

/// Where one iteration writes: the next iterate, its copy scaled by each node's
/// inverse out weight, and the change of each piece of rows.
struct Next<'a> {
    x: &'a mut [f64],
    y: &'a mut [f64],
    partials: &'a mut [f64],
}

/// Confidence-weighted PageRank: how likely a walker following claims is to stand at
/// each actor.
///
/// Each admitted claim is a transition weighted by its confidence under the filter
/// (or by 1 with [`Weighting::Unweighted`]): under [`Walk::Undirected`], the default,
/// both ways; under [`Walk::Forward`] from subject to object (symmetric claims both
/// ways); under [`Walk::Backward`] the reverse. Each actor's outgoing weights are
/// normalised to sum to 1; parallel claims between the same two actors add up. One
/// iteration, for `n` actors and damping `α`:
///
/// `x'[v] = α · (Σ_{u→v} x[u] · w(u→v) / W(u) + D / n) + (1 − α) / n`
///
/// where `W(u)` is the weight leaving `u` and `D` the score held by dangling actors
/// (those with no outgoing weight), spread uniformly. The start is uniform, `1/n`.
/// This is networkx's `pagerank` with its default personalisation and dangling
/// vectors: on an undirected graph with unit weights it gives networkx's values.
///
/// Every actor of the graph is a node (so `n` counts actors the filter leaves without
/// claims: they are dangling). Use [`pagerank_outcome`] to learn how many iterations
/// ran and whether the iteration converged.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `filter`: which claims are transitions, with which confidence, walked which way.
/// * `options`: damping, stopping rule and weighting (see [`PageRankOptions`]).
///
/// # Returns
/// Every actor's score, in [`ActorId`] order, summing to 1 up to rounding; empty for a
/// graph without actors.
///
/// # Complexity
/// **O(V + E)** to collect the admitted transitions once (each claim is admitted once,
/// times its evidence when the filter reads evidence; a snapshot's rows are read in
/// place), then **O(V + E)** per iteration over flat arrays, both shared among the
/// available cores (see [`PageRankOptions::threads`]; the result does not depend on
/// the number of threads). **O(V + E)** memory: 12 bytes per transition weighted, 4
/// unweighted (a claim is two transitions when walked both ways), 8 bytes per claim
/// while collecting, and about 72 bytes per actor, plus 8 per actor and thread (at
/// most 8 threads) while collecting.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::{pagerank, PageRankOptions};
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// let mut g = ClaimGraph::new();
/// for key in ["iran", "bolivia", "venezuela"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.8)?).with_claimant("iran".parse()?);
/// for (s, o) in [("iran", "bolivia"), ("bolivia", "venezuela")] {
///     g.add_claim(Claim::new(s.parse()?, Relation::MetWith, o.parse()?, ValidTime::ALWAYS).with_evidence(says.clone()))?;
/// }
/// let scores = pagerank(&g, &Filter::new(), &PageRankOptions::new().tolerance(1e-14));
/// // a path iran - bolivia - venezuela: the middle holds 18/37, each end 19/74
/// assert_eq!(scores[1].0, g.actor_id("bolivia").unwrap());
/// assert!((scores[1].1 - 18.0 / 37.0).abs() < 1e-12);
/// assert!((scores[0].1 - 19.0 / 74.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pagerank<V: ReadGraph>(
    view: &V,
    filter: &Filter,
    options: &PageRankOptions,
) -> Vec<(ActorId, f64)> {
    pagerank_outcome(view, filter, options).scores
}

/// [`pagerank`], with the number of iterations run and why they stopped.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `filter`: which claims are transitions, with which confidence, walked which way.
/// * `options`: damping, stopping rule and weighting (see [`PageRankOptions`]).
///
/// # Returns
/// The scores (as [`pagerank`] returns them), the iterations run, the L1 change of
/// the last one, and a [`PageRankStop`]. When the iteration limit is reached the last
/// iterate is returned, not an error.
///
/// # Complexity
/// As [`pagerank`]: **O(V + E)** per iteration.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::{pagerank_outcome, PageRankOptions, PageRankStop};
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// let mut g = ClaimGraph::new();
/// for key in ["iran", "bolivia"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.8)?).with_claimant("iran".parse()?);
/// g.add_claim(Claim::new("iran".parse()?, Relation::MetWith, "bolivia".parse()?, ValidTime::ALWAYS).with_evidence(says))?;
/// // two actors tied both ways: the uniform start is already the fixed point
/// let run = pagerank_outcome(&g, &Filter::new(), &PageRankOptions::new());
/// assert_eq!((run.iterations, run.stopped), (1, PageRankStop::Converged));
/// assert!(run.scores.iter().all(|s| (s.1 - 0.5).abs() < 1e-15));
/// let fixed = pagerank_outcome(&g, &Filter::new(), &PageRankOptions::new().iterations(3));
/// assert_eq!((fixed.iterations, fixed.stopped), (3, PageRankStop::Fixed));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pagerank_outcome<V: ReadGraph>(
    view: &V,
    filter: &Filter,
    options: &PageRankOptions,
) -> PageRankOutcome {
    let bound = view.node_bound();
    let present: Vec<f64> = (0..bound as u32)
        .map(|v| {
            if view.node_kind(v).is_some() {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let actors = present.iter().filter(|&&p| p > 0.0).count();
    if actors == 0 {
        return PageRankOutcome {
            scores: Vec::new(),
            iterations: 0,
            last_change: f64::INFINITY,
            stopped: match options.stop {
                Stop::Converge { .. } => PageRankStop::Converged,
                Stop::Exactly(_) => PageRankStop::Fixed,
            },
        };
    }
    let run = on_threads(options.threads, || {
        let t = Transitions::build(view, filter, options.weighting);
        power_iteration(&t, &present, actors, options)
    });
    PageRankOutcome {
        scores: occupied(view)
            .map(|v| (view.actor_id_at(v), run.x[v as usize]))
            .collect(),
        iterations: run.iterations,
        last_change: run.last_change,
        stopped: run.stopped,
    }
}

/// What the power iteration ends with: the scores by node index.
struct PowerRun {
    x: Vec<f64>,
    iterations: usize,
    last_change: f64,
    stopped: PageRankStop,
}

/// Iterates from the uniform start over `actors` occupied node indices (`present`).
/// Runs `work` on the current rayon pool (`threads` 0) or on a pool of `threads`
/// threads of its own.
fn on_threads<R: Send>(threads: usize, work: impl FnOnce() -> R + Send) -> R {
    if threads == 0 {
        return work();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(work),
        // No thread could be started: the answer does not depend on the pool.
        Err(_) => work(),
    }
}

/// The power iteration from the uniform start.
fn power_iteration(
    t: &Transitions,
    present: &[f64],
    actors: usize,
    options: &PageRankOptions,
) -> PowerRun {
    let bound = present.len();
    let bounds = chunk_bounds(&t.offsets);
    let n = actors as f64;
    let uniform = 1.0 / n;
    let inverse_out: Vec<f64> = t
        .out_weight
        .iter()
        .map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 })
        .collect();
    let dangling: Vec<u32> = (0..bound as u32)
        .filter(|&v| present[v as usize] > 0.0 && t.out_weight[v as usize] <= 0.0)
        .collect();
    let step = PowerStep {
        t,
        present,
        inverse_out: &inverse_out,
        alpha: options.damping,
    };
    let mut next = vec![0.0; bound];
    let mut next_y = vec![0.0; bound];
    let mut partials = vec![0.0; bounds.len() - 1];
    let (limit, threshold) = match options.stop {
        Stop::Converge {
            tolerance,
            max_iterations,
        } => (max_iterations, n * tolerance),
        Stop::Exactly(k) => (k, f64::NEG_INFINITY),
    };
    let mut x: Vec<f64> = present.iter().map(|p| p * uniform).collect();
    let mut y: Vec<f64> = x.iter().zip(&inverse_out).map(|(x, i)| x * i).collect();
    let mut iterations = 0;
    let mut last_change = f64::INFINITY;
    let mut converged = false;
    while iterations < limit {
        let dangling_sum: f64 = dangling.iter().map(|&d| x[d as usize]).sum();
        let base = options.damping * dangling_sum * uniform + (1.0 - options.damping) * uniform;
        let now = Iterate { x: &x, y: &y };
        step.run(
            &bounds,
            base,
            now,
            Next {
                x: &mut next,
                y: &mut next_y,
                partials: &mut partials,
            },
        );
        let change: f64 = partials.iter().sum();
        std::mem::swap(&mut x, &mut next);
        std::mem::swap(&mut y, &mut next_y);
        iterations += 1;
        last_change = change;
        if change < threshold {
            converged = true;
            break;
        }
    }
    let stopped = match options.stop {
        Stop::Exactly(_) => PageRankStop::Fixed,
        Stop::Converge { .. } if converged => PageRankStop::Converged,
        Stop::Converge { .. } => PageRankStop::IterationLimit,
    };
    PowerRun {
        x,
        iterations,
        last_change,
        stopped,
    }
}

// ----- betweenness ----------------------------------------------------------------

/// How [`betweenness`] scales its sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Normalization {
    /// The sum over pairs of actors of the share of their shortest paths through the
    /// actor: over unordered pairs for [`Walk::Undirected`] (the raw ordered-pair sum
    /// halved, as networkx does), over ordered pairs for a directed walk.
    #[default]
    Raw,
    /// The ordered-pair sum times `1 / ((n − 1)(n − 2))` for `n` actors, networkx's
    /// `normalized=True` (no scaling when `n ≤ 2`): 1 for the centre of a star.
    Normalized,
}

/// Options of [`betweenness`], built as a value.
///
/// ```
/// use claimgraph::analysis::{BetweennessOptions, Normalization};
/// let o = BetweennessOptions::new().normalization(Normalization::Normalized);
/// assert_ne!(o, BetweennessOptions::new());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BetweennessOptions {
    normalization: Normalization,
    threads: usize,
}

impl BetweennessOptions {
    /// The default options: [`Normalization::Raw`].
    pub fn new() -> Self {
        BetweennessOptions::default()
    }

    /// Sets the scaling.
    pub fn normalization(mut self, normalization: Normalization) -> Self {
        self.normalization = normalization;
        self
    }

    /// Runs on a rayon pool of `threads` threads of its own; 0 (the default) runs
    /// on the current pool (rayon's global one, a thread per core, unless the call
    /// is made inside [`rayon::ThreadPool::install`]). The scores do not depend on
    /// it: sources are cut into the same fixed pieces, and the pieces' sums added in
    /// the same order, whatever the count.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }
}

/// Sources per piece of betweenness work: fixed, so the sums (and their rounding)
/// do not depend on the number of threads.
const SOURCES_PER_PIECE: usize = 64;

/// One thread's scratch for Brandes' searches, reset after each source.
struct Brandes {
    sigma: Vec<f64>,
    distance: Vec<u32>,
    delta: Vec<f64>,
    order: Vec<u32>,
}

impl Brandes {
    fn new(bound: usize) -> Self {
        Brandes {
            sigma: vec![0.0; bound],
            distance: vec![u32::MAX; bound],
            delta: vec![0.0; bound],
            order: Vec::with_capacity(bound),
        }
    }

    /// Adds to `centrality` each node's dependency on the shortest paths from `s`.
    fn add_source<'a>(&mut self, s: u32, nbrs: impl Fn(u32) -> &'a [u32], centrality: &mut [f64]) {
        let Brandes {
            sigma,
            distance,
            delta,
            order,
        } = self;
        // Breadth-first search from s, counting shortest paths; `order` is the queue
        // and, read backwards, the order of non-increasing distance.
        order.clear();
        order.push(s);
        sigma[s as usize] = 1.0;
        distance[s as usize] = 0;
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            let (dv, sv) = (distance[v as usize], sigma[v as usize]);
            for &w in nbrs(v) {
                let dw = &mut distance[w as usize];
                if *dw == u32::MAX {
                    *dw = dv + 1;
                    order.push(w);
                }
                if *dw == dv + 1 {
                    sigma[w as usize] += sv;
                }
            }
        }
        // Dependencies, farthest first: δ(v) = σ(v) Σ_{w successor of v} (1 + δ(w)) / σ(w).
        for &v in order.iter().rev() {
            let dv = distance[v as usize];
            let mut sum = 0.0;
            for &w in nbrs(v) {
                if distance[w as usize] == dv + 1 {
                    sum += (1.0 + delta[w as usize]) / sigma[w as usize];
                }
            }
            let d = sigma[v as usize] * sum;
            delta[v as usize] = d;
            if v != s {
                centrality[v as usize] += d;
            }
        }
        for &v in order.iter() {
            sigma[v as usize] = 0.0;
            distance[v as usize] = u32::MAX;
            delta[v as usize] = 0.0;
        }
    }
}

/// Shortest-path betweenness centrality (Brandes' algorithm, hop counts): for each
/// actor, the share of shortest paths between other actors that pass through it.
///
/// Paths are sequences of actors: an actor's neighbours are the distinct actors its
/// admitted claims lead to under the filter's [`Walk`], so parallel claims between
/// the same two actors count once and do not multiply path counts (the simple graph
/// networkx's `Graph` would hold). Confidences play no part beyond admission.
///
/// Under [`Walk::Undirected`] (the default) the graph is undirected and the raw value
/// is the sum over unordered pairs `{s, t}` of `σ_st(v) / σ_st`; under
/// [`Walk::Forward`] or [`Walk::Backward`] it is directed and the sum runs over
/// ordered pairs. [`Normalization::Normalized`] divides the ordered-pair sum by
/// `(n − 1)(n − 2)`, where `n` counts every actor of the graph. These are networkx's
/// `betweenness_centrality` conventions (with `endpoints=False`).
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `filter`: which claims tie actors, walked which way.
/// * `options`: the scaling (see [`BetweennessOptions`]).
///
/// # Returns
/// Every actor's betweenness, in [`ActorId`] order.
///
/// # Complexity
/// **O(V · E)** time (a breadth-first search and a dependency sweep from every actor)
/// after **O(V + E)** to collect the neighbours; **O(V + E)** memory.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::analysis::{betweenness, BetweennessOptions, Normalization};
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// let mut g = ClaimGraph::new();
/// for key in ["iran", "bolivia", "venezuela", "cuba"] {
///     g.add_actor(Actor::new(key, ActorKind::State, key)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.7)?).with_claimant("iran".parse()?);
/// // a star around Bolivia; the two Iran - Bolivia claims count as one tie
/// for (s, r, o) in [("iran", Relation::MetWith, "bolivia"), ("iran", Relation::SignedAgreement, "bolivia"),
///                   ("bolivia", Relation::MetWith, "venezuela"), ("bolivia", Relation::MetWith, "cuba")] {
///     g.add_claim(Claim::new(s.parse()?, r, o.parse()?, ValidTime::ALWAYS).with_evidence(says.clone()))?;
/// }
/// let raw = betweenness(&g, &Filter::new(), &BetweennessOptions::new());
/// assert_eq!(raw.iter().map(|b| b.1).collect::<Vec<_>>(), [0.0, 3.0, 0.0, 0.0]);
/// let normalized = betweenness(&g, &Filter::new(), &BetweennessOptions::new().normalization(Normalization::Normalized));
/// assert_eq!(normalized[1].1, 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn betweenness<V: ReadGraph>(
    view: &V,
    filter: &Filter,
    options: &BetweennessOptions,
) -> Vec<(ActorId, f64)> {
    let compiled = filter.compile(view);
    let bound = view.node_bound();
    // Distinct neighbours of each node, in the order the walk first meets them.
    let mut offsets = Vec::with_capacity(bound + 1);
    let mut neighbours: Vec<u32> = Vec::new();
    let mut seen_from = vec![u32::MAX; bound];
    offsets.push(0);
    for v in 0..bound as u32 {
        for (edge, _) in steps(view, &compiled, v) {
            let w = edge.other;
            if seen_from[w as usize] != v {
                seen_from[w as usize] = v;
                neighbours.push(w);
            }
        }
        offsets.push(neighbours.len());
    }
    drop(seen_from);
    let nbrs = |v: u32| &neighbours[offsets[v as usize]..offsets[v as usize + 1]];

    let sources: Vec<u32> = occupied(view).collect();
    let centrality = on_threads(options.threads, || {
        let mut centrality = vec![0.0f64; bound];
        let pieces: Vec<&[u32]> = sources.chunks(SOURCES_PER_PIECE).collect();
        // A wave of pieces at a time, so that at most a wave's partial vectors are
        // alive; each wave is added in piece order, which is all the sum depends on.
        let wave = 2 * rayon::current_num_threads();
        for group in pieces.chunks(wave) {
            let partials: Vec<Vec<f64>> = group
                .par_iter()
                .map_init(
                    || Brandes::new(bound),
                    |scratch, piece| {
                        let mut partial = vec![0.0f64; bound];
                        for &s in *piece {
                            scratch.add_source(s, nbrs, &mut partial);
                        }
                        partial
                    },
                )
                .collect();
            for partial in partials {
                for (c, p) in centrality.iter_mut().zip(partial) {
                    *c += p;
                }
            }
        }
        centrality
    });

    let n = sources.len() as f64;
    let scale = match options.normalization {
        Normalization::Normalized if sources.len() > 2 => 1.0 / ((n - 1.0) * (n - 2.0)),
        Normalization::Normalized => 1.0,
        Normalization::Raw if compiled.walk == Walk::Undirected => 0.5,
        Normalization::Raw => 1.0,
    };
    sources
        .into_iter()
        .map(|v| (view.actor_id_at(v), centrality[v as usize] * scale))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An undirected ring over the first `n - 100` nodes with a chord from each, the
    /// last 100 nodes dangling; weights from a fixed formula.
    fn synthetic(n: usize, weighting: Weighting) -> Transitions {
        let linked = n - 100;
        let mut edges = Vec::new();
        for i in 0..linked {
            let w = 0.05 + (i % 19) as f64 / 20.0;
            edges.push((i, (i + 1) % linked, w));
            let chord = (i * 7919 + 13) % linked;
            if chord != i {
                edges.push((i, chord, w / 2.0));
            }
        }
        let mut offsets = vec![0usize; n + 1];
        for &(a, b, _) in &edges {
            offsets[a + 1] += 1;
            offsets[b + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let mut fill = offsets[..n].to_vec();
        let mut sources = vec![0u32; offsets[n]];
        let mut weights = vec![0.0; offsets[n]];
        let mut out_weight = vec![0.0; n];
        for &(a, b, w) in &edges {
            let w = if weighting == Weighting::Unweighted {
                1.0
            } else {
                w
            };
            for (from, to) in [(a, b), (b, a)] {
                sources[fill[to]] = from as u32;
                weights[fill[to]] = w;
                fill[to] += 1;
                out_weight[from] += w;
            }
        }
        if weighting == Weighting::Unweighted {
            weights.clear();
        }
        Transitions {
            offsets,
            sources,
            weights,
            out_weight,
        }
    }

    /// Every field of two transition tables, floats compared by their bits.
    fn bits(t: &Transitions) -> (Vec<usize>, Vec<u32>, Vec<u64>, Vec<u64>) {
        let b = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        (
            t.offsets.clone(),
            t.sources.clone(),
            b(&t.weights),
            b(&t.out_weight),
        )
    }

    /// An R-MAT claim graph with some actors and claims removed again, so that the
    /// snapshot's rows follow the store's edge lists rather than slot order.
    fn lived_in(seed: u64, removals: bool) -> crate::ClaimGraph {
        use crate::generate::{GeneratorConfig, Topology};
        let generated = GeneratorConfig::new(1 << 8, 6)
            .topology(Topology::GRAPH500)
            .seed(seed)
            .outlets(5)
            .claimants(9)
            .generate();
        let mut g = crate::ClaimGraph::new();
        for actor in generated.actors() {
            g.add_actor(actor).unwrap();
        }
        for claim in generated.claims() {
            g.add_claim(claim).unwrap();
        }
        if removals {
            for i in (0..generated.actor_count() as u32).step_by(7) {
                g.remove_actor(generated.actor_key(i).as_str()).unwrap();
            }
            let ids: Vec<_> = g.claim_ids().step_by(5).collect();
            for id in ids {
                g.remove_claim(id).unwrap();
            }
        }
        g
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

        /// A snapshot's transitions read in place from its rows are, bit for bit,
        /// those the edge-by-edge scan builds from the same snapshot and from its
        /// store, for every walk, weighting and kind of filter, and for any number
        /// of pieces of the counting sort.
        #[test]
        fn rows_give_the_transitions_of_the_edge_scan(seed in 0u64..1000, removals: bool) {
            let g = lived_in(seed, removals);
            let snapshot = crate::Snapshot::new(&g);
            for walk in [Walk::Forward, Walk::Backward, Walk::Undirected] {
                for weighting in [Weighting::Confidence, Weighting::Unweighted] {
                    for filter in [
                        Filter::new().polarity(None),
                        Filter::new(),
                        Filter::new().polarity(None).min_confidence(0.45),
                    ] {
                        let filter = filter.walk(walk);
                        let rows = Transitions::build(&snapshot, &filter, weighting);
                        let compiled = filter.compile(&snapshot);
                        let weights = weigh_out_edges(&snapshot, &compiled, weighting);
                        let scan = EdgeScan { view: &snapshot, weights: &weights };
                        let edges = Transitions::sort(
                            snapshot.kinds.len(),
                            walk,
                            weighting == Weighting::Confidence,
                            &scan,
                        );
                        let store = Transitions::build(&g, &filter, weighting);
                        proptest::prop_assert!(!rows.sources.is_empty());
                        proptest::prop_assert_eq!(bits(&rows), bits(&edges));
                        proptest::prop_assert_eq!(bits(&rows), bits(&store));
                        // The counting sort cuts the scan into a piece per thread.
                        for threads in [1, 3, 8] {
                            let cut = on_threads(threads, || {
                                Transitions::build(&snapshot, &filter, weighting)
                            });
                            proptest::prop_assert_eq!(bits(&cut), bits(&rows));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn chunks_cover_every_row_once() {
        let t = synthetic(80_000, Weighting::Unweighted);
        let bounds = chunk_bounds(&t.offsets);
        assert_eq!((bounds[0], *bounds.last().unwrap()), (0, 80_000));
        assert!(bounds.windows(2).all(|w| w[0] < w[1]));
        // 2 * (79_900 ring + 79_900 chords) transitions in chunks of at least 2^16
        assert_eq!(bounds.len() - 1, 5);
        assert_eq!(chunk_bounds(&[0]), [0]);
    }

    #[test]
    fn the_number_of_threads_does_not_change_the_scores() {
        let n = 80_000;
        let present = vec![1.0; n];
        for weighting in [Weighting::Unweighted, Weighting::Confidence] {
            let t = synthetic(n, weighting);
            for stop in [
                PageRankOptions::new().iterations(25),
                PageRankOptions::new().tolerance(1e-9),
            ] {
                let one = on_threads(1, || power_iteration(&t, &present, n, &stop));
                let sum: f64 = one.x.iter().sum();
                assert!((sum - 1.0).abs() < 1e-9, "{sum}");
                // the dangling nodes hold the teleport share and their dangling share
                assert!(one.x[n - 1] > 0.15 / n as f64);
                for threads in [2, 3, 8] {
                    let many = on_threads(threads, || power_iteration(&t, &present, n, &stop));
                    assert_eq!(many.x, one.x, "{weighting:?}, {threads} threads");
                    assert_eq!(
                        (many.iterations, many.last_change, many.stopped),
                        (one.iterations, one.last_change, one.stopped)
                    );
                }
            }
        }
    }
}
