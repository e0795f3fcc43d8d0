//! Seeded generators of synthetic claim graphs (R-MAT / Graph500 and Barabási–Albert
//! topologies with realistic claim attributes), for tests and benchmarks.
//!
//! Compiled only with the `generate` cargo feature.
//!
//! A [`GeneratorConfig`] describes the graph; [`GeneratorConfig::generate`] draws its
//! topology and the filter fields of every claim into compact arrays ([`GenEdge`], 32
//! bytes a claim, no strings), and [`Generated::claim`] materialises any claim as a full
//! model [`Claim`] on demand, deterministically. The same configuration and seed always
//! give the same graph, on any machine and with any number of threads.
//!
//! ```
//! use claimgraph::generate::{GeneratorConfig, Topology};
//! let g = GeneratorConfig::new(1 << 10, 8)
//!     .topology(Topology::GRAPH500)
//!     .seed(42)
//!     .generate();
//! assert_eq!(g.actor_count(), 1024);
//! assert_eq!(g.edges().len(), 1024 * 8);
//! let claim = g.claim(0);
//! assert_eq!(claim.confidence(), g.edges()[0].confidence);
//! assert!(claim.validate().is_ok());
//! ```
//!
//! # Topologies
//!
//! - **R-MAT** (Chakrabarti, Zhan & Faloutsos, *R-MAT: A Recursive Model for Graph
//!   Mining*, SDM 2004), with the Graph500 parameters `a = 0.57, b = c = 0.19,
//!   d = 0.05` by default ([`Topology::GRAPH500`]). As in the Graph500 reference
//!   generator, vertex labels are scrambled by a seeded random permutation and the
//!   edge list is shuffled; unlike it, self-loops are re-drawn so that the number of
//!   claims is exact.
//! - **Barabási–Albert** preferential attachment (Barabási & Albert, *Emergence of
//!   scaling in random networks*, Science 1999), drawn with the endpoint-list method
//!   of Batagelj & Brandes (*Efficient generation of large random networks*, Phys. Rev.
//!   E 2005): each new actor names `m` distinct earlier actors, each chosen with
//!   probability proportional to its degree. Labels are permuted and the order
//!   shuffled too.
//!
//! # Claim attributes and their distributions
//!
//! Every claim's attributes are a pure function of `(seed, claim index)`, so that
//! [`Generated::claim`] can rebuild them without storing them:
//!
//! - **actor kinds**: 45 % persons, 40 % groups, 12 % states, 3 % media outlets; among
//!   the actors the topology favours (about 1 %: R-MAT ids with few one-bits before
//!   the permutation, the oldest Barabási–Albert actors) 60 % states, 30 % groups,
//!   10 % persons. No regions. Groups get a [`GroupType`] (companies and agencies most
//!   often).
//! - **relation**: drawn with skewed weights (`associated`, `met_with`, `cooperates:*`
//!   and `comments` most often; `supplies_arms`, `attacks`, `involved_in:*` rarely)
//!   among the relations whose domain holds the subject's kind and whose range holds
//!   the object's; `associated` when none fits. See [`relation_weights`].
//! - **polarity**: 5 % denied. **statement**: 15 % assessments; otherwise ties for
//!   standing relations (structural ones, `allied_with`, `opposes`,
//!   `has_presence_in`), events for the rest.
//! - **valid time**: days between 2000-01-01 and 2025-12-31, density rising linearly
//!   towards recent years (news volume grows). Events: 88 % single dates (45 % day,
//!   40 % month, 15 % year precision), 10 % closed intervals, 2 % open-ended. Ties
//!   and assessments: 30 % single, 35 % closed, 35 % open-ended (`2006/..`). Closed
//!   intervals last up to about four years, skewed short.
//! - **evidence**: 1 to 5 attributions (50, 25, 13, 8, 4 %). Each names a claimant
//!   and an outlet (45 %), an outlet only (35 %) or a claimant only (20 %), drawn
//!   from pools of `outlet_K` media outlets and `claimant_K` persons with a skew
//!   towards low `K` (index `⌊n·u²⌋`: a few prolific sources); 0, 1 or 2 relays (70,
//!   20, 10 %); after the first, 15 % of attributions are relays of the previous
//!   one's voice (same claimant and outlet, so one origin heard twice). The reported
//!   date is on or after the valid time's start (a day within the start's period plus
//!   a lag: 60 % under a month, 30 % under a year, 10 % under five years). Attributions
//!   with an outlet carry a document (URL, language, publication date) 60 % of the
//!   time.
//! - **grade**: 55 % explicit confidences from a Beta(2, 5) distribution (mean 2/7 ≈
//!   0.29, mode 0.2: mostly low or moderate, few high; drawn as the second smallest of
//!   six uniforms) rounded to hundredths within `[0.01, 0.99]`; 45 % Admiralty grades with
//!   reliability A/B/C/D/E/F at 3/17/35/20/5/20 % and credibility 1-6 at
//!   3/20/37/20/5/15 %.
//!
//! The claim's confidence is then derived by the model ([`crate::model::confidence`]).
//!
//! # Distinct claims
//!
//! No two generated claims share a [`ClaimKey`](crate::model::ClaimKey) (subject,
//! relation, object, polarity, valid time; symmetric relations unordered): where the
//! draws collide, the later claim's attributes are re-drawn. Inserting every claim of a
//! [`Generated`] into a store therefore yields exactly `edges().len()` claims whose
//! confidences are the [`GenEdge::confidence`] values. Several claims may still link
//! the same two actors (multi-edges), as in R-MAT and in the news.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use crate::model::confidence::{self, Derived};
use crate::model::{
    Actor, ActorKey, ActorKind, Admiralty, Attribution, Claim, Credibility, Crime, Direction,
    Document, Grade, GroupType, PartialDate, Polarity, Relation, RelationFamily, RelationKind,
    Reliability, Sector, StatementKind, ValidTime,
};

// ---------------------------------------------------------------------------------------
// Pseudo-random numbers
// ---------------------------------------------------------------------------------------

/// Golden-ratio increment of SplitMix64.
const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// The SplitMix64 output function (Steele, Lea & Flood, *Fast splittable pseudorandom
/// number generators*, OOPSLA 2014; constants of Vigna's `splitmix64.c`, Stafford's
/// "Mix13"): a bijective 64-bit mixer, used here as a hash.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A seed for the `index`-th stream of purpose `tag` under the user's `seed`.
fn derive(seed: u64, tag: u64, index: u64) -> u64 {
    mix64(mix64(seed ^ mix64(tag.wrapping_mul(GOLDEN_GAMMA))).wrapping_add(index) ^ tag)
}

/// Stream tags, one per use of randomness.
const TAG_RMAT: u64 = 1;
const TAG_BA: u64 = 2;
const TAG_PERMUTE: u64 = 3;
const TAG_SHUFFLE: u64 = 4;
const TAG_KIND: u64 = 5;
const TAG_GROUP: u64 = 6;
const TAG_LANG: u64 = 7;
/// Claim attributes use tags `TAG_CLAIM + salt`.
const TAG_CLAIM: u64 = 0x100;
/// Claim details (relays, dates, documents) use tags `TAG_DETAILS + salt`.
const TAG_DETAILS: u64 = 0x200;

/// The source of uniform 64-bit words, and what is derived from them.
trait Rng {
    fn next_u64(&mut self) -> u64;

    /// Uniform in `0..n` (0 when `n == 0`), without bias: Lemire's multiply-and-reject
    /// method (*Fast random integer generation in an interval*, ACM TOMACS 2019).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// An index drawn from a [`percent_table`]: one draw, one load, no branch.
    fn pick(&mut self, table: &[u8; 100]) -> usize {
        usize::from(table[self.below(100) as usize])
    }

    /// True with probability `percent / 100`.
    fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// An index in `0..n` skewed towards 0: `⌊n·u²⌋`, so that index 0 is drawn with
    /// probability `1/√n` (a few prolific sources, a long tail).
    fn skewed(&mut self, n: u32) -> u32 {
        let u = self.unit();
        ((f64::from(n) * u * u) as u32).min(n.saturating_sub(1))
    }
}

/// A table from which a uniform index in `0..100` draws `i` with probability
/// `weights[i] / 100`; the weights must sum to 100 (checked at compile time).
const fn percent_table(weights: &[u8]) -> [u8; 100] {
    let mut table = [0u8; 100];
    let (mut i, mut at) = (0, 0);
    while i < weights.len() {
        let mut k = 0;
        while k < weights[i] {
            table[at] = i as u8;
            at += 1;
            k += 1;
        }
        i += 1;
    }
    assert!(at == 100, "percent weights must sum to 100");
    table
}

/// SplitMix64 (Steele, Lea & Flood 2014): one 64-bit word of state, passes BigCrush.
/// Used for the short per-claim and per-actor streams, and to seed xoshiro.
struct SplitMix64(u64);

impl Rng for SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        mix64(self.0)
    }
}

/// xoshiro256** 1.0 (Blackman & Vigna, *Scrambled linear pseudorandom number
/// generators*, ACM TOMS 2021), seeded from SplitMix64 as its authors recommend. Used
/// for the long streams: topology, permutation, shuffle.
struct Xoshiro256StarStar([u64; 4]);

impl Xoshiro256StarStar {
    fn seeded(seed: u64) -> Self {
        let mut sm = SplitMix64(seed);
        Xoshiro256StarStar([sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()])
    }
}

impl Rng for Xoshiro256StarStar {
    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }
}

/// Fisher–Yates (Durstenfeld) shuffle.
fn shuffle<T>(items: &mut [T], rng: &mut impl Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

// ---------------------------------------------------------------------------------------
// Data parallelism without dependencies: deterministic because each chunk's work
// depends on its index only, never on the thread that runs it.
// ---------------------------------------------------------------------------------------

/// Claims per unit of parallel work; fixed, so that results do not depend on threads.
const CHUNK: usize = 1 << 16;

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(32))
}

/// Runs `f` on every item of `items`, on every core, items handed out in order.
fn par_for_each<I>(items: I, f: impl Fn(I::Item) + Sync)
where
    I: Iterator + Send,
{
    let queue = Mutex::new(items);
    let work = || {
        loop {
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
            match next {
                Some(item) => f(item),
                None => break,
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads() {
            // A helper that cannot be spawned leaves its share to the others.
            let _ = std::thread::Builder::new().spawn_scoped(scope, work);
        }
        work();
    });
}

/// Runs `f(chunk_index, chunk)` over `CHUNK`-sized chunks of `data` on every core.
fn par_chunks_mut<T: Send>(data: &mut [T], f: impl Fn(usize, &mut [T]) + Sync) {
    if data.len() <= CHUNK {
        return f(0, data);
    }
    par_for_each(data.chunks_mut(CHUNK).enumerate(), |(i, chunk)| f(i, chunk));
}

/// Maps `f(chunk_index, chunk)` over `CHUNK`-sized chunks of `data` on every core,
/// returning the results in chunk order.
fn par_map_chunks<T: Sync, R: Send>(data: &[T], f: impl Fn(usize, &[T]) -> R + Sync) -> Vec<R> {
    let mut results: Vec<Option<R>> = (0..data.len().div_ceil(CHUNK)).map(|_| None).collect();
    let jobs = data.chunks(CHUNK).zip(results.iter_mut()).enumerate();
    par_for_each(jobs, |(i, (chunk, out))| *out = Some(f(i, chunk)));
    results.into_iter().flatten().collect()
}

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

/// The shape of the generated graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Topology {
    /// R-MAT: each claim picks its (subject, object) cell by recursively choosing one
    /// quadrant of the adjacency matrix with probabilities `a` (top left), `b` (top
    /// right), `c` (bottom left) and `d = 1 - a - b - c` (bottom right).
    ///
    /// Gives a skewed, power-law-like degree distribution with hubs and communities.
    /// The number of actors is rounded up to a power of two. Probabilities are clamped
    /// to `[0, 1]` (NaN counts as 0) and scaled down if they sum to more than 1.
    Rmat {
        /// Probability of the top-left quadrant (low subject id, low object id).
        a: f64,
        /// Probability of the top-right quadrant (low subject id, high object id).
        b: f64,
        /// Probability of the bottom-left quadrant (high subject id, low object id).
        c: f64,
    },
    /// Barabási–Albert preferential attachment: actors arrive one by one and each
    /// makes `m` claims about distinct earlier actors chosen with probability
    /// proportional to their degree (fewer distinct ones while fewer than `m` exist).
    ///
    /// `m` replaces the configuration's `claims_per_actor`; the graph has exactly
    /// `(actors - 1) * m` claims (the first actor has no one to attach to).
    BarabasiAlbert {
        /// Claims made by each arriving actor.
        m: usize,
    },
}

impl Topology {
    /// R-MAT with the Graph500 benchmark's parameters: `a = 0.57, b = 0.19, c = 0.19`
    /// (so `d = 0.05`).
    pub const GRAPH500: Topology = Topology::Rmat {
        a: 0.57,
        b: 0.19,
        c: 0.19,
    };
}

/// The largest number of topology actors: ids are `u32` and R-MAT rounds up to a power
/// of two.
pub const MAX_ACTORS: usize = 1 << 31;

/// What to generate: builder for a seeded synthetic claim graph.
///
/// Defaults: [`Topology::GRAPH500`], seed `0`, 1,000 outlets, 10,000 claimants.
///
/// ```
/// use claimgraph::generate::{GeneratorConfig, Topology};
/// let config = GeneratorConfig::new(1000, 4)
///     .topology(Topology::BarabasiAlbert { m: 3 })
///     .seed(7)
///     .outlets(50)
///     .claimants(200);
/// assert_eq!(config.actor_count(), 1000);
/// assert_eq!(config.edge_count(), 999 * 3);
/// assert_eq!(config.generate().edges().len(), 999 * 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratorConfig {
    actors: usize,
    claims_per_actor: usize,
    topology: Topology,
    seed: u64,
    outlets: u32,
    claimants: u32,
}

impl GeneratorConfig {
    /// A graph of `actors` topology actors making `claims_per_actor` claims each on
    /// average: R-MAT makes exactly `actor_count() * claims_per_actor` claims;
    /// Barabási–Albert takes its claims per actor from [`Topology::BarabasiAlbert`]'s
    /// `m` instead.
    ///
    /// `actors` is capped at [`MAX_ACTORS`]; for R-MAT it is rounded up to a power of
    /// two (at least 2) when generating, see [`GeneratorConfig::actor_count`].
    pub fn new(actors: usize, claims_per_actor: usize) -> Self {
        GeneratorConfig {
            actors: actors.min(MAX_ACTORS),
            claims_per_actor,
            topology: Topology::GRAPH500,
            seed: 0,
            outlets: 1_000,
            claimants: 10_000,
        }
    }

    /// Sets the topology.
    pub fn topology(mut self, topology: Topology) -> Self {
        self.topology = topology;
        self
    }

    /// Sets the seed: the same configuration and seed give the same graph.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the size of the pool of media outlets attributions cite (at least 1; at
    /// most `u32::MAX`).
    pub fn outlets(mut self, outlets: usize) -> Self {
        self.outlets = u32::try_from(outlets).unwrap_or(u32::MAX).max(1);
        self
    }

    /// Sets the size of the pool of persons attributions quote as claimants (at least
    /// 1; at most `u32::MAX`).
    pub fn claimants(mut self, claimants: usize) -> Self {
        self.claimants = u32::try_from(claimants).unwrap_or(u32::MAX).max(1);
        self
    }

    /// The number of topology actors the graph will have: `actors` for
    /// Barabási–Albert, `actors` rounded up to a power of two (at least 2) for R-MAT.
    pub fn actor_count(&self) -> usize {
        match self.topology {
            Topology::Rmat { .. } => self.actors.max(2).next_power_of_two(),
            Topology::BarabasiAlbert { .. } => self.actors,
        }
    }

    /// The number of claims the graph will have: `actor_count() * claims_per_actor`
    /// for R-MAT, `(actors - 1) * m` for Barabási–Albert (saturating).
    pub fn edge_count(&self) -> usize {
        match self.topology {
            Topology::Rmat { .. } => self.actor_count().saturating_mul(self.claims_per_actor),
            Topology::BarabasiAlbert { m } => self.actors.saturating_sub(1).saturating_mul(m),
        }
    }

    /// Generates the graph: topology, permutation, shuffle and every claim's filter
    /// fields, using every core (the result does not depend on the number of cores).
    ///
    /// **Cost:** O(E) time for E claims (R-MAT: O(E log V)), 32 bytes a claim plus 4
    /// bytes an actor, and 8 bytes a claim transiently (the distinctness check).
    pub fn generate(&self) -> Generated {
        let n = self.actor_count();
        let m = self.edge_count();
        // Topology as compact (source, target) pairs: permuting and shuffling 8-byte
        // items touches a quarter of the memory 32-byte edges would.
        let mut pairs = vec![[0u32; 2]; m];
        match self.topology {
            Topology::Rmat { a, b, c } => rmat(&mut pairs, n, [a, b, c], self.seed),
            Topology::BarabasiAlbert { m } => barabasi_albert(&mut pairs, n, m, self.seed),
        }

        // Scramble labels (and draw each actor's kind from its pre-permutation label,
        // so that the topology's hubs are mostly states and groups).
        let mut perm: Vec<u32> = (0..n as u32).collect();
        shuffle(
            &mut perm,
            &mut Xoshiro256StarStar::seeded(derive(self.seed, TAG_PERMUTE, 0)),
        );
        let mut kinds = vec![ActorKind::Person; n];
        let hub = hub_test(self.topology, n);
        for (v, &p) in perm.iter().enumerate() {
            kinds[p as usize] = draw_actor_kind(self.seed, v as u32, hub(v as u32));
        }
        par_chunks_mut(&mut pairs, |_, chunk| {
            for pair in chunk {
                *pair = [perm[pair[0] as usize], perm[pair[1] as usize]];
            }
        });
        drop(perm);
        shuffle(
            &mut pairs,
            &mut Xoshiro256StarStar::seeded(derive(self.seed, TAG_SHUFFLE, 0)),
        );

        // Every claim's attributes, from (seed, index) alone.
        let pools = Pools {
            seed: self.seed,
            outlets: self.outlets,
            claimants: self.claimants,
        };
        let mut edges = vec![GenEdge::EMPTY; m];
        par_for_each(
            edges.chunks_mut(CHUNK).zip(pairs.chunks(CHUNK)).enumerate(),
            |(ci, (chunk, pairs))| {
                for (k, (e, &[source, target])) in chunk.iter_mut().zip(pairs).enumerate() {
                    let (subject, object) = (kinds[source as usize], kinds[target as usize]);
                    e.source = source;
                    e.target = target;
                    draw_claim(&pools, ci * CHUNK + k, 0, subject, object).fill(e, 0);
                }
            },
        );
        drop(pairs);
        make_keys_distinct(&mut edges, &kinds, &pools);

        Generated {
            seed: self.seed,
            outlets: self.outlets,
            claimants: self.claimants,
            kinds,
            edges,
        }
    }
}

/// Which pre-permutation labels the topology favours (about 1 % of them).
fn hub_test(topology: Topology, n: usize) -> impl Fn(u32) -> bool {
    let scale = n.max(2).trailing_zeros();
    let (rmat, low_bits_favoured) = match topology {
        Topology::Rmat { a, b, c } => {
            let [a, _, _, d] = rmat_probabilities([a, b, c]);
            (true, a >= d)
        }
        Topology::BarabasiAlbert { .. } => (false, true),
    };
    let oldest = (n / 100).max(1) as u32;
    move |v: u32| {
        if rmat {
            let ones = v.count_ones();
            let bits = if low_bits_favoured {
                ones
            } else {
                scale - ones
            };
            bits * 4 < scale
        } else {
            v < oldest
        }
    }
}

fn draw_actor_kind(seed: u64, v: u32, hub: bool) -> ActorKind {
    let mut rng = SplitMix64(derive(seed, TAG_KIND, u64::from(v)));
    use ActorKind as K;
    if hub {
        [K::State, K::Group, K::Person][rng.pick(const { &percent_table(&[60, 30, 10]) })]
    } else {
        [K::Person, K::Group, K::State, K::MediaOutlet]
            [rng.pick(const { &percent_table(&[45, 40, 12, 3]) })]
    }
}

// ---------------------------------------------------------------------------------------
// Topologies
// ---------------------------------------------------------------------------------------

/// `[a, b, c, d]` clamped, NaN-free and summing to 1.
fn rmat_probabilities([a, b, c]: [f64; 3]) -> [f64; 4] {
    let clean = |x: f64| if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) };
    let (a, b, c) = (clean(a), clean(b), clean(c));
    let sum = a + b + c;
    if sum > 1.0 {
        [a / sum, b / sum, c / sum, 0.0]
    } else {
        [a, b, c, 1.0 - sum]
    }
}

/// Fills `pairs` with R-MAT (source, target) pairs over `n` (a power of two) vertices.
fn rmat(pairs: &mut [[u32; 2]], n: usize, abc: [f64; 3], seed: u64) {
    let scale = n.trailing_zeros();
    let [a, b, c, _] = rmat_probabilities(abc);
    // Cumulative quadrant thresholds on a 32-bit uniform.
    let to_u32 = |p: f64| (p * 4_294_967_296.0).min(4_294_967_296.0) as u64;
    let (ta, tab, tabc) = (to_u32(a), to_u32(a + b), to_u32(a + b + c));
    par_chunks_mut(pairs, |ci, chunk| {
        let mut rng = Xoshiro256StarStar::seeded(derive(seed, TAG_RMAT, ci as u64));
        for pair in chunk {
            let mut attempts = 0;
            *pair = loop {
                let (mut s, mut t) = (0u32, 0u32);
                let mut word = 0u64;
                for level in 0..scale {
                    // Two 32-bit uniforms per 64-bit word.
                    if level % 2 == 0 {
                        word = rng.next_u64();
                    }
                    let r = (word >> (32 * (level % 2))) & 0xffff_ffff;
                    // Quadrants a | b over c | d, branch-free (the draws are unpredictable).
                    let row = u32::from(r >= tab);
                    let col = u32::from((r >= ta) & (r < tab)) | u32::from(r >= tabc);
                    s = (s << 1) | row;
                    t = (t << 1) | col;
                }
                attempts += 1;
                if s != t {
                    break [s, t];
                }
                // Degenerate parameters (say a = 1) only ever draw the diagonal.
                if attempts == 64 {
                    break [s, s ^ 1];
                }
            };
        }
    });
}

/// Fills `pairs` with Barabási–Albert preferential attachment over `n` vertices, `m`
/// claims per arriving vertex, sources being the arriving vertices.
///
/// The endpoint list of Batagelj & Brandes is the pair list itself (sources and
/// targets interleaved) after one virtual endpoint for vertex 0, so that drawing a
/// uniform endpoint draws a vertex with probability proportional to its degree. The
/// source of pair `k` is `1 + k / m`, so only targets are read from memory.
fn barabasi_albert(pairs: &mut [[u32; 2]], n: usize, m: usize, seed: u64) {
    if m == 0 || n < 2 {
        return;
    }
    let mut rng = Xoshiro256StarStar::seeded(derive(seed, TAG_BA, 0));
    let mut chosen: Vec<u32> = Vec::with_capacity(m);
    let mut next = 0usize;
    for v in 1..n as u32 {
        // Endpoints available to v: the virtual one plus both ends of earlier pairs.
        let available = 1 + 2 * next as u64;
        let distinct = v as usize >= m;
        chosen.clear();
        for _ in 0..m {
            let target = loop {
                let r = rng.below(available);
                let t = if r == 0 {
                    0
                } else {
                    let k = ((r - 1) / 2) as usize;
                    if r & 1 == 1 {
                        (1 + k / m) as u32
                    } else {
                        pairs[k][1]
                    }
                };
                if !distinct || !chosen.contains(&t) {
                    break t;
                }
            };
            chosen.push(target);
            pairs[next] = [v, target];
            next += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Relations
// ---------------------------------------------------------------------------------------

/// The concrete relations the generator draws, with their relative weights (before
/// restriction to the relations that fit the subject's and object's kinds). The
/// index in this table is [`GenEdge::variant`].
static RELATIONS: [(Relation, u32); 51] = [
    (Relation::Associated, 140),
    (Relation::MetWith, 120),
    (Relation::Comments, 60),
    (Relation::MemberOf, 50),
    (Relation::Negotiates, 40),
    (Relation::Supports, 40),
    (Relation::EmployedBy, 30),
    (Relation::Trades, 30),
    (Relation::PledgedCooperation, 30),
    (Relation::Visited, 30),
    (Relation::Criticizes, 30),
    (Relation::PartOf, 20),
    (Relation::SignedAgreement, 20),
    (Relation::HasPresenceIn, 20),
    (Relation::Opposes, 20),
    (Relation::Monitors, 20),
    (Relation::Leads, 15),
    (Relation::Demands, 10),
    (Relation::Appeals, 10),
    (Relation::Rejects, 10),
    (Relation::Threatens, 10),
    (Relation::Pays, 10),
    (Relation::AlliedWith, 10),
    (Relation::Owns, 10),
    (Relation::FamilyOf, 10),
    (Relation::Represents, 10),
    (Relation::Trusts, 10),
    (Relation::SuppliesArms, 7),
    (Relation::Attacks, 5),
    (Relation::Coerces, 5),
    (Relation::Protests, 5),
    (Relation::ShowsForce, 3),
    (Relation::SeveredRelations, 3),
    (Relation::Yields, 3),
    (Relation::Cooperates(Sector::General), 30),
    (Relation::Cooperates(Sector::Economy), 20),
    (Relation::Cooperates(Sector::Security), 15),
    (Relation::Cooperates(Sector::Energy), 12),
    (Relation::Cooperates(Sector::Diplomacy), 10),
    (Relation::Cooperates(Sector::Health), 6),
    (Relation::Cooperates(Sector::Education), 5),
    (Relation::Cooperates(Sector::Agriculture), 5),
    (Relation::Cooperates(Sector::Telecommunications), 4),
    (Relation::Cooperates(Sector::Intelligence), 4),
    (Relation::Cooperates(Sector::Culture), 4),
    (Relation::InvolvedIn(Crime::DrugTrafficking), 4),
    (Relation::InvolvedIn(Crime::MoneyLaundering), 3),
    (Relation::InvolvedIn(Crime::OrganizedCrime), 3),
    (Relation::InvolvedIn(Crime::Smuggling), 2),
    (Relation::InvolvedIn(Crime::Terrorism), 2),
    (Relation::InvolvedIn(Crime::DocumentFraud), 1),
];

/// The relations the generator draws and their relative weights (before restriction
/// to the relations whose domain and range fit the subject's and object's kinds).
/// [`GenEdge::variant`] indexes this list.
pub fn relation_weights() -> impl ExactSizeIterator<Item = (&'static Relation, u32)> {
    RELATIONS.iter().map(|(r, w)| (r, *w))
}

/// Code of [`Relation::Associated`], the fallback.
const ASSOCIATED: u8 = 0;

/// Per (subject kind, object kind): cumulative weights and codes of the fitting relations.
struct RelationTable {
    cells: Vec<Vec<(u64, u8)>>,
}

const KINDS: usize = ActorKind::ALL.len();

fn relation_table() -> &'static RelationTable {
    static TABLE: OnceLock<RelationTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut cells = Vec::with_capacity(KINDS * KINDS);
        for sk in ActorKind::ALL {
            for ok in ActorKind::ALL {
                let mut total = 0u64;
                let mut cell = Vec::new();
                for (code, (relation, weight)) in RELATIONS.iter().enumerate() {
                    let kind = relation.kind();
                    if *weight > 0 && kind.domain().contains(sk) && kind.range().contains(ok) {
                        total += u64::from(*weight);
                        cell.push((total, code as u8));
                    }
                }
                cells.push(cell);
            }
        }
        RelationTable { cells }
    })
}

impl RelationTable {
    fn draw(&self, rng: &mut impl Rng, subject: ActorKind, object: ActorKind) -> u8 {
        let cell = &self.cells[subject as usize * KINDS + object as usize];
        match cell.last() {
            None => ASSOCIATED,
            Some(&(total, _)) => {
                let r = rng.below(total);
                cell[cell.partition_point(|&(cum, _)| cum <= r)].1
            }
        }
    }
}

/// Relations that describe a standing state of affairs rather than an event.
fn is_standing(kind: RelationKind) -> bool {
    kind.family() == RelationFamily::Structural
        || matches!(
            kind,
            RelationKind::AlliedWith | RelationKind::Opposes | RelationKind::HasPresenceIn
        )
}

// ---------------------------------------------------------------------------------------
// Claim attributes
// ---------------------------------------------------------------------------------------

/// Day number of 2000-01-01.
const FIRST_DAY: i32 = 10_957;
/// Day number of 2025-12-31.
const LAST_DAY: i32 = 20_453;
/// Most attributions a claim gets.
const MAX_ATTRIBUTIONS: usize = 5;

/// What per-claim draws need besides the claim's index.
struct Pools {
    seed: u64,
    outlets: u32,
    claimants: u32,
}

/// One attribution, compactly: pool indexes instead of keys.
#[derive(Clone, Copy)]
struct CompactAttribution {
    claimant: Option<u32>,
    outlet: Option<u32>,
    relays: [u32; 2],
    relay_count: u8,
    reported: i32,
    /// A grade code (see [`GRADES`]).
    grade: u8,
    document: bool,
    /// Whether this repeats the previous attribution's voice through a relay.
    echo: bool,
}

const NO_ATTRIBUTION: CompactAttribution = CompactAttribution {
    claimant: None,
    outlet: None,
    relays: [0; 2],
    relay_count: 0,
    reported: 0,
    grade: 0,
    document: false,
    echo: false,
};

/// Every attribute of one claim except its actors.
struct Drawn {
    variant: u8,
    polarity: Polarity,
    statement: StatementKind,
    valid: ValidTime,
    /// The valid time's start (reported dates fall on or after it).
    start: PartialDate,
    evidence: [CompactAttribution; MAX_ATTRIBUTIONS],
    count: usize,
}

impl Drawn {
    fn evidence(&self) -> &[CompactAttribution] {
        &self.evidence[..self.count]
    }

    /// The model's confidence, over pool indexes instead of keys (the same partition
    /// into voices, hence the same value to the bit).
    fn derived(&self) -> Derived {
        let table = grade_table();
        match self.evidence() {
            [alone] => table.alone[usize::from(alone.grade)],
            evidence => confidence::combine_by(evidence.iter().map(|a| {
                (
                    a.claimant,
                    a.outlet,
                    table.grades[usize::from(a.grade)].value(),
                )
            })),
        }
    }

    fn fill(&self, e: &mut GenEdge, salt: u8) {
        let derived = self.derived();
        e.confidence = derived.value;
        e.first_day = self.valid.first_day();
        e.last_day = self.valid.last_day();
        e.relation = RELATIONS[usize::from(self.variant)].0.kind();
        e.variant = self.variant;
        e.polarity = self.polarity;
        e.statement = self.statement;
        e.origins = derived.origins.min(255) as u8;
        e.attributions = self.count as u8;
        e.salt = salt;
    }
}

/// Draws what the filters need of claim `index` (re-drawn `salt` times) between actors
/// of the given kinds: relation, polarity, statement, valid time, and each
/// attribution's claimant, outlet and grade (what its confidence depends on). A pure
/// function: [`Generated::claim`] calls it again to materialise, then adds
/// [`draw_details`].
fn draw_claim(
    pools: &Pools,
    index: usize,
    salt: u8,
    subject: ActorKind,
    object: ActorKind,
) -> Drawn {
    let mut rng = SplitMix64(derive(
        pools.seed,
        TAG_CLAIM + u64::from(salt),
        index as u64,
    ));
    let variant = relation_table().draw(&mut rng, subject, object);
    let kind = RELATIONS[usize::from(variant)].0.kind();
    let polarity = if rng.percent(5) {
        Polarity::Denied
    } else {
        Polarity::Asserted
    };
    let statement = if rng.percent(15) {
        StatementKind::Assessment
    } else if is_standing(kind) {
        StatementKind::Tie
    } else {
        StatementKind::Event
    };
    let (valid, start) = draw_valid(&mut rng, statement);

    let count = 1 + rng.pick(const { &percent_table(&[50, 25, 13, 8, 4]) });
    let mut evidence = [NO_ATTRIBUTION; MAX_ATTRIBUTIONS];
    for k in 0..count {
        evidence[k] = if k > 0 && rng.percent(15) {
            // The previous voice again, relayed by another outlet.
            CompactAttribution {
                echo: true,
                ..evidence[k - 1]
            }
        } else {
            let shape = rng.pick(const { &percent_table(&[45, 35, 20]) });
            let claimant = (shape != 1).then(|| rng.skewed(pools.claimants));
            let outlet = (shape != 2).then(|| rng.skewed(pools.outlets));
            CompactAttribution {
                claimant,
                outlet,
                grade: draw_grade(&mut rng),
                ..NO_ATTRIBUTION
            }
        };
    }
    Drawn {
        variant,
        polarity,
        statement,
        valid,
        start,
        evidence,
        count,
    }
}

/// Draws what only materialisation needs, from a stream of its own: relays, reported
/// dates and documents.
fn draw_details(pools: &Pools, index: usize, salt: u8, drawn: &mut Drawn) {
    let mut rng = SplitMix64(derive(
        pools.seed,
        TAG_DETAILS + u64::from(salt),
        index as u64,
    ));
    let start = drawn.start;
    for k in 0..drawn.count {
        let (before, rest) = drawn.evidence.split_at_mut(k);
        let a = &mut rest[0];
        match before.last() {
            Some(previous) if a.echo => {
                a.relays = [rng.skewed(pools.outlets), 0];
                a.relay_count = 1;
                a.reported = previous.reported + rng.below(15) as i32;
            }
            _ => {
                a.relay_count = rng.pick(const { &percent_table(&[70, 20, 10]) }) as u8;
                for slot in a.relays.iter_mut().take(usize::from(a.relay_count)) {
                    let mut relay = rng.skewed(pools.outlets);
                    if Some(relay) == a.outlet && pools.outlets > 1 {
                        relay = (relay + 1) % pools.outlets;
                    }
                    *slot = relay;
                }
                let within_start = start.first_day()
                    + rng.below((start.last_day() - start.first_day()) as u64 + 1) as i32;
                let lag = match rng.pick(const { &percent_table(&[60, 30, 10]) }) {
                    0 => rng.below(31),
                    1 => rng.below(365),
                    _ => rng.below(1826),
                } as i32;
                a.reported = within_start + lag;
            }
        }
        a.document = a.outlet.is_some() && rng.percent(60);
    }
}

/// A day in 2000..=2025, density rising linearly towards the end (from 1/2 to 3/2 of
/// the mean): half the time uniform, half the time the later of two uniform days.
fn draw_day(rng: &mut impl Rng) -> i32 {
    let span = (LAST_DAY - FIRST_DAY + 1) as u64;
    let offset = if rng.percent(50) {
        rng.below(span)
    } else {
        rng.below(span).max(rng.below(span))
    };
    FIRST_DAY + offset as i32
}

fn at_precision(day: i32, precision: usize) -> PartialDate {
    let date = PartialDate::from_day_number(day).expect("generated days lie near 2000-2025");
    match precision {
        0 => date,
        1 => PartialDate::month(date.year_value(), date.month_value().unwrap_or(1)).unwrap_or(date),
        _ => PartialDate::year(date.year_value()).unwrap_or(date),
    }
}

/// The valid time and its start date.
fn draw_valid(rng: &mut impl Rng, statement: StatementKind) -> (ValidTime, PartialDate) {
    let shape = if statement == StatementKind::Event {
        rng.pick(const { &percent_table(&[88, 10, 2]) })
    } else {
        rng.pick(const { &percent_table(&[30, 35, 35]) })
    };
    let day = draw_day(rng);
    match shape {
        // A single date: day, month or year precision.
        0 => {
            let date = at_precision(day, rng.pick(const { &percent_table(&[45, 40, 15]) }));
            (ValidTime::at(date), date)
        }
        // A closed interval, both ends at the same precision, up to ~4 years long.
        1 => {
            let precision = rng.pick(const { &percent_table(&[30, 50, 20]) });
            let start = at_precision(day, precision);
            let u = rng.unit();
            let end_day = (day + 1 + (1_500.0 * u * u) as i32).min(LAST_DAY);
            let end = at_precision(end_day, precision);
            let valid = if end.first_day() > start.last_day() {
                ValidTime::between(Some(start), Some(end)).unwrap_or(ValidTime::at(start))
            } else {
                ValidTime::at(start)
            };
            (valid, start)
        }
        // Open-ended: "2006/..".
        _ => {
            let start = at_precision(day, rng.pick(const { &percent_table(&[20, 40, 40]) }));
            (
                ValidTime::between(Some(start), None).unwrap_or(ValidTime::at(start)),
                start,
            )
        }
    }
}

/// Codes of the grades the generator draws: `0..=98` are the confidences 0.01-0.99,
/// `99..=134` the Admiralty grades A1, A2, ... F6.
const GRADES: usize = 99 + 36;

/// Every grade the generator draws, by code, with the model's confidence for a claim
/// resting on one attribution of that grade (one voice: it depends on the grade alone,
/// so it is computed once per grade instead of once per claim).
struct GradeTable {
    grades: Vec<Grade>,
    alone: Vec<Derived>,
}

fn grade_table() -> &'static GradeTable {
    static TABLE: OnceLock<GradeTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        use Credibility as C;
        use Reliability as R;
        let mut grades = Vec::with_capacity(GRADES);
        grades.extend((1..=99).map(|k| Grade::Confidence(f64::from(k) / 100.0)));
        for reliability in [R::A, R::B, R::C, R::D, R::E, R::F] {
            for credibility in [
                C::Confirmed,
                C::ProbablyTrue,
                C::PossiblyTrue,
                C::Doubtful,
                C::Improbable,
                C::CannotBeJudged,
            ] {
                grades.push(Grade::Admiralty(Admiralty {
                    reliability,
                    credibility,
                }));
            }
        }
        let alone = grades
            .iter()
            .map(|g| confidence::combine_by([(Some(0u32), Some(0u32), g.value())]))
            .collect();
        GradeTable { grades, alone }
    })
}

/// A grade code (see [`GRADES`]).
fn draw_grade(rng: &mut impl Rng) -> u8 {
    if rng.percent(55) {
        // Beta(2, 5) exactly: the second smallest of six uniforms (order statistics;
        // comparisons only, so the same on every platform), in hundredths.
        let (mut first, mut second) = (u64::MAX, u64::MAX);
        for _ in 0..6 {
            let u = rng.next_u64() >> 11;
            second = second.min(first.max(u));
            first = first.min(u);
        }
        let x = second as f64 * (1.0 / (1u64 << 53) as f64);
        ((x * 100.0).round() as u8).clamp(1, 99) - 1
    } else {
        let reliability = rng.pick(const { &percent_table(&[3, 17, 35, 20, 5, 20]) });
        let credibility = rng.pick(const { &percent_table(&[3, 20, 37, 20, 5, 15]) });
        (99 + reliability * 6 + credibility) as u8
    }
}

/// A fingerprint equal for any two claims with equal claim keys (it may also be equal
/// for a few claims whose keys differ only in the precision of their dates: those are
/// re-drawn needlessly, which is harmless).
fn key_fingerprint(e: &GenEdge) -> u64 {
    let (a, b) = if e.relation.direction() == Direction::Symmetric && e.target < e.source {
        (e.target, e.source)
    } else {
        (e.source, e.target)
    };
    let mut h = mix64((u64::from(a) << 32) | u64::from(b));
    h = mix64(h ^ ((u64::from(e.variant) << 8) | e.polarity as u64));
    mix64(h ^ ((u64::from(e.first_day as u32) << 32) | u64::from(e.last_day as u32)))
}

/// Hashes fingerprints, already uniformly mixed, as themselves.
#[derive(Default)]
struct FingerprintHasher(u64);

impl std::hash::Hasher for FingerprintHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

type FingerprintSet = HashSet<u64, std::hash::BuildHasherDefault<FingerprintHasher>>;

/// Re-draws the attributes of every claim whose key an earlier claim already has.
fn make_keys_distinct(edges: &mut [GenEdge], kinds: &[ActorKind], pools: &Pools) {
    let mut fingerprints = vec![0u64; edges.len()];
    par_for_each(
        edges.chunks(CHUNK).zip(fingerprints.chunks_mut(CHUNK)),
        |(chunk, out)| {
            for (e, fp) in chunk.iter().zip(out) {
                *fp = key_fingerprint(e);
            }
        },
    );
    fingerprints.sort_unstable();
    let repeated: FingerprintSet = fingerprints
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    if repeated.is_empty() {
        return;
    }
    let suspects: Vec<usize> = par_map_chunks(edges, |ci, chunk| {
        chunk
            .iter()
            .enumerate()
            .filter(|(_, e)| repeated.contains(&key_fingerprint(e)))
            .map(|(k, _)| ci * CHUNK + k)
            .collect::<Vec<_>>()
    })
    .concat();
    let mut seen = FingerprintSet::default();
    let mut added = FingerprintSet::default();
    for i in suspects {
        if seen.insert(key_fingerprint(&edges[i])) {
            continue; // the first claim with this key keeps it
        }
        let e = &mut edges[i];
        let (subject, object) = (kinds[e.source as usize], kinds[e.target as usize]);
        for salt in 1..=u8::MAX {
            let mut candidate = *e;
            draw_claim(pools, i, salt, subject, object).fill(&mut candidate, salt);
            let fp = key_fingerprint(&candidate);
            if fingerprints.binary_search(&fp).is_err() && added.insert(fp) {
                *e = candidate;
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

/// One generated claim's topology and filter fields, packed in 32 bytes.
///
/// Every field equals what the materialised claim ([`Generated::claim`]) says, so
/// baselines built from these arrays (for example a petgraph graph for benchmarks)
/// can apply the same filters as the crate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenEdge {
    /// The subject's topology id (`0..actor_count()`).
    pub source: u32,
    /// The object's topology id.
    pub target: u32,
    /// The claim's derived confidence: exactly `claim.confidence()`.
    pub confidence: f64,
    /// First day of the valid time (days since 1970-01-01; `i32::MIN` if open):
    /// `claim.valid.first_day()`.
    pub first_day: i32,
    /// Last day of the valid time (`i32::MAX` if open): `claim.valid.last_day()`.
    pub last_day: i32,
    /// `claim.relation.kind()`.
    pub relation: RelationKind,
    /// Which concrete relation (with its sector or crime): an index into
    /// [`relation_weights`]; see [`GenEdge::relation_value`].
    pub variant: u8,
    /// `claim.polarity`.
    pub polarity: Polarity,
    /// `claim.statement`.
    pub statement: StatementKind,
    /// Independent origins among the evidence: `claim.origins()` (at most 5).
    pub origins: u8,
    /// Number of attributions: `claim.evidence.len()` (1 to 5).
    pub attributions: u8,
    /// How many times the attributes were re-drawn to keep claim keys distinct.
    salt: u8,
}

impl GenEdge {
    const EMPTY: GenEdge = GenEdge {
        source: 0,
        target: 0,
        confidence: 0.0,
        first_day: 0,
        last_day: 0,
        relation: RelationKind::Associated,
        variant: ASSOCIATED,
        polarity: Polarity::Asserted,
        statement: StatementKind::Event,
        origins: 0,
        attributions: 0,
        salt: 0,
    };

    /// The full relation (`cooperates:health`, not just `cooperates`): `claim.relation`.
    pub fn relation_value(&self) -> Relation {
        RELATIONS
            .get(usize::from(self.variant))
            .map_or(Relation::Associated, |(r, _)| r.clone())
    }
}

/// A generated claim graph: topology actors `0..actor_count()` with their kinds, and
/// one [`GenEdge`] a claim. Claims and actors are materialised on demand.
#[derive(Clone)]
pub struct Generated {
    seed: u64,
    outlets: u32,
    claimants: u32,
    kinds: Vec<ActorKind>,
    edges: Vec<GenEdge>,
}

impl fmt::Debug for Generated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Generated")
            .field("seed", &self.seed)
            .field("actors", &self.kinds.len())
            .field("claims", &self.edges.len())
            .field("outlets", &self.outlets)
            .field("claimants", &self.claimants)
            .finish()
    }
}

const LANGUAGES: [&str; 8] = ["en", "es", "pt", "fr", "fa", "ar", "ru", "de"];

fn key(text: String) -> ActorKey {
    ActorKey::new(text).expect("generated keys are non-empty and without whitespace")
}

impl Generated {
    /// The number of topology actors (ids `0..actor_count()`).
    pub fn actor_count(&self) -> usize {
        self.kinds.len()
    }

    /// The number of media outlets attributions cite (`outlet_0`...).
    pub fn outlet_count(&self) -> usize {
        self.outlets as usize
    }

    /// The number of claimants attributions quote (`claimant_0`...).
    pub fn claimant_count(&self) -> usize {
        self.claimants as usize
    }

    /// The seed the graph was generated with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// One claim per edge, in (shuffled) insertion order.
    pub fn edges(&self) -> &[GenEdge] {
        &self.edges
    }

    /// The kind of topology actor `id`, or `None` past [`Generated::actor_count`].
    pub fn actor_kind(&self, id: u32) -> Option<ActorKind> {
        self.kinds.get(id as usize).copied()
    }

    /// The key of topology actor `id`: `a{id}`.
    pub fn actor_key(&self, id: u32) -> ActorKey {
        key(format!("a{id}"))
    }

    /// The key of outlet `k`: `outlet_{k}`.
    pub fn outlet_key(&self, k: u32) -> ActorKey {
        key(format!("outlet_{k}"))
    }

    /// The key of claimant `k`: `claimant_{k}`.
    pub fn claimant_key(&self, k: u32) -> ActorKey {
        key(format!("claimant_{k}"))
    }

    /// Topology actor `id` (any id below [`Generated::actor_count`]; later ids get
    /// kind person).
    pub fn actor(&self, id: u32) -> Actor {
        let kind = self.actor_kind(id).unwrap_or(ActorKind::Person);
        let mut actor = Actor {
            key: self.actor_key(id),
            kind,
            group_type: None,
            name: String::new(),
            aliases: Vec::new(),
            external_ids: Default::default(),
            attributes: Default::default(),
        };
        match kind {
            ActorKind::State => {
                actor.name = format!("State {id}");
                actor = actor.with_alias(format!("Estado {id}"), Some("es"));
            }
            ActorKind::Group => {
                let mut rng = SplitMix64(derive(self.seed, TAG_GROUP, u64::from(id)));
                use GroupType as G;
                let types = [
                    G::Company,
                    G::Agency,
                    G::Ngo,
                    G::Party,
                    G::Military,
                    G::ArmedGroup,
                    G::University,
                    G::Forum,
                    G::CriminalNetwork,
                    G::Religious,
                    G::Other,
                ];
                actor.group_type = Some(
                    types[rng
                        .pick(const { &percent_table(&[30, 20, 15, 10, 5, 5, 5, 3, 3, 2, 2]) })],
                );
                actor.name = format!("Group {id}");
            }
            ActorKind::MediaOutlet => actor.name = format!("Media {id}"),
            ActorKind::Person | ActorKind::Region => actor.name = format!("Person {id}"),
        }
        actor
    }

    fn outlet_language(&self, k: u32) -> &'static str {
        LANGUAGES[(derive(self.seed, TAG_LANG, u64::from(k)) % LANGUAGES.len() as u64) as usize]
    }

    /// Every actor, in the order to insert them (before any claim): the topology
    /// actors `a0`, `a1`..., then the outlets `outlet_0`... (media outlets with a
    /// `lang` attribute), then the claimants `claimant_0`... (persons).
    pub fn actors(&self) -> impl Iterator<Item = Actor> + '_ {
        let topology = (0..self.kinds.len() as u32).map(|id| self.actor(id));
        let outlets = (0..self.outlets).map(|k| Actor {
            key: self.outlet_key(k),
            kind: ActorKind::MediaOutlet,
            group_type: None,
            name: format!("Outlet {k}"),
            aliases: Vec::new(),
            external_ids: Default::default(),
            attributes: [("lang".to_owned(), self.outlet_language(k).to_owned())].into(),
        });
        let claimants = (0..self.claimants).map(|k| Actor {
            key: self.claimant_key(k),
            kind: ActorKind::Person,
            group_type: None,
            name: format!("Claimant {k}"),
            aliases: Vec::new(),
            external_ids: Default::default(),
            attributes: Default::default(),
        });
        topology.chain(outlets).chain(claimants)
    }

    /// Claim `i` (edge `i`) as a full model claim, with its evidence. Deterministic:
    /// the same index always gives the same claim, and its confidence, relation,
    /// polarity, statement and valid days are those of `edges()[i]`.
    ///
    /// # Panics
    ///
    /// If `i >= edges().len()`, like slice indexing.
    pub fn claim(&self, i: usize) -> Claim {
        let e = &self.edges[i];
        let kind = |id: u32| {
            self.kinds
                .get(id as usize)
                .copied()
                .unwrap_or(ActorKind::Person)
        };
        let pools = Pools {
            seed: self.seed,
            outlets: self.outlets,
            claimants: self.claimants,
        };
        let mut drawn = draw_claim(&pools, i, e.salt, kind(e.source), kind(e.target));
        draw_details(&pools, i, e.salt, &mut drawn);
        let mut claim = Claim::new(
            self.actor_key(e.source),
            e.relation_value(),
            self.actor_key(e.target),
            drawn.valid,
        )
        .with_polarity(drawn.polarity)
        .with_statement(drawn.statement);
        claim.evidence = drawn
            .evidence()
            .iter()
            .enumerate()
            .map(|(k, a)| self.attribution(i, k, a))
            .collect();
        claim
    }

    fn attribution(&self, i: usize, k: usize, a: &CompactAttribution) -> Attribution {
        let reported =
            PartialDate::from_day_number(a.reported).expect("generated days lie near 2000-2025");
        let grade = grade_table().grades[usize::from(a.grade)];
        let mut attribution = Attribution::new(grade).with_reported(reported);
        attribution.claimant = a.claimant.map(|c| self.claimant_key(c));
        attribution.outlet = a.outlet.map(|o| self.outlet_key(o));
        attribution.relays = a.relays[..usize::from(a.relay_count)]
            .iter()
            .map(|&r| self.outlet_key(r))
            .collect();
        if let (true, Some(o)) = (a.document, a.outlet) {
            attribution.document = Some(Document {
                url: Some(format!("https://outlet-{o}.example/{reported}/c{i}-{k}")),
                title: None,
                lang: Some(self.outlet_language(o).to_owned()),
                published: Some(reported),
            });
        }
        attribution
    }

    /// Every claim, materialised in edge order (see [`Generated::claim`]).
    pub fn claims(&self) -> impl ExactSizeIterator<Item = Claim> + '_ {
        (0..self.edges.len()).map(|i| self.claim(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_are_the_documented_days() {
        assert_eq!(PartialDate::day(2000, 1, 1).unwrap().first_day(), FIRST_DAY);
        assert_eq!(
            PartialDate::day(2025, 12, 31).unwrap().first_day(),
            LAST_DAY
        );
    }

    #[test]
    fn associated_is_code_zero_and_fits_every_generated_kind() {
        assert_eq!(RELATIONS[usize::from(ASSOCIATED)].0, Relation::Associated);
        for sk in [
            ActorKind::State,
            ActorKind::Person,
            ActorKind::Group,
            ActorKind::MediaOutlet,
        ] {
            assert!(RelationKind::Associated.domain().contains(sk));
            assert!(RelationKind::Associated.range().contains(sk));
        }
    }

    #[test]
    fn genedge_is_at_most_32_bytes() {
        assert!(std::mem::size_of::<GenEdge>() <= 32);
    }

    #[test]
    fn xoshiro_matches_reference_sequence() {
        // First outputs of xoshiro256** from state {1, 2, 3, 4} (reference C code).
        let mut x = Xoshiro256StarStar([1, 2, 3, 4]);
        assert_eq!(x.next_u64(), 11520);
        assert_eq!(x.next_u64(), 0);
        assert_eq!(x.next_u64(), 1509978240);
        assert_eq!(x.next_u64(), 1215971899390074240);
    }

    #[test]
    fn splitmix_matches_reference_sequence() {
        // splitmix64 from seed 1234567 (reference C code).
        let mut s = SplitMix64(1234567);
        assert_eq!(s.next_u64(), 6457827717110365317);
        assert_eq!(s.next_u64(), 3203168211198807973);
        assert_eq!(s.next_u64(), 9817491932198370423);
    }

    #[test]
    fn below_is_in_range() {
        let mut s = SplitMix64(9);
        for n in [1u64, 2, 3, 7, 1000, u64::MAX] {
            for _ in 0..100 {
                assert!(s.below(n) < n);
            }
        }
        assert_eq!(s.below(0), 0);
    }
}
