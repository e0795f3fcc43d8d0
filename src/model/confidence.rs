//! How a claim's confidence is derived from its evidence.

use std::collections::HashMap;

use super::{ActorKey, Attribution};

/// A claim's derived confidence and the number of independent voices behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Derived {
    /// The combined confidence, in `[0, 1]`.
    pub value: f64,
    /// How many independent origins (voices) the evidence comes from.
    pub origins: usize,
}

/// Combines attributions into one confidence.
///
/// # Model
///
/// 1. **Voices.** Two attributions belong to the same voice when they share an origin:
///    the same claimant, or the same first outlet. The relation is closed
///    transitively (Toma on DNews and Toma in La Nación are one voice, and so is
///    anything else La Nación first published). Relays never create or join voices:
///    Diálogo repeating La Nación adds no information about the world.
/// 2. **A voice's confidence** is the highest grade among its attributions: a voice
///    heard twice is not more likely to be right, but its best-graded account stands.
/// 3. **Independent voices combine by noisy-OR**: the claim is false only if every
///    voice is wrong, and voices are assumed to err independently, so
///    `c = 1 - Π (1 - c_v)`.
///
/// Consequences, each checked by property tests: the result is in `[0, 1]`; adding
/// a relay of an existing origin (same claimant and outlet, same grade) changes
/// nothing; adding an attribution from a new, independent origin never lowers it.
/// The independence assumption is the model's weak point: voices that copy each
/// other without saying so are counted twice. No evidence gives confidence 0.
///
/// **Complexity:** **O(n α(n))** for n attributions (union-find over origins).
///
/// ```
/// use claimgraph::model::{confidence, ActorKey, Attribution, Grade};
/// let k = |s: &str| ActorKey::new(s).unwrap();
/// let toma_dnews = Attribution::new(Grade::confidence(0.5)?).with_claimant(k("toma")).with_outlet(k("dnews"));
/// let relayed = toma_dnews.clone().with_relay(k("dialogo"));
/// let la_nacion = Attribution::new(Grade::confidence(0.6)?).with_claimant(k("la_nacion"));
/// let d = confidence::combine(&[toma_dnews, relayed, la_nacion]);
/// assert_eq!(d.origins, 2);
/// assert!((d.value - 0.8).abs() < 1e-12);
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
pub fn combine(evidence: &[Attribution]) -> Derived {
    combine_by(
        evidence
            .iter()
            .map(|a| (a.claimant.as_ref(), a.outlet.as_ref(), a.grade.value())),
    )
}

/// [`combine`] over `(claimant, outlet, confidence)` triples with any key type: the
/// same model for callers that keep sources interned.
pub fn combine_by<K, I>(items: I) -> Derived
where
    K: Eq + std::hash::Hash,
    I: IntoIterator<Item = (Option<K>, Option<K>, f64)>,
{
    let items: Vec<(Option<K>, Option<K>, f64)> = items.into_iter().collect();
    // Union-find over attributions; `best` holds each root's highest grade.
    let mut parent: Vec<usize> = (0..items.len()).collect();
    let mut best: Vec<f64> = items.iter().map(|item| item.2).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut union = |a: usize, b: usize| {
        let (a, b) = (root(&mut parent, a), root(&mut parent, b));
        if a != b {
            parent[a] = b;
            best[b] = best[b].max(best[a]);
        }
    };
    if items.len() <= 16 {
        // Few attributions (the usual case): compare every pair, no hashing.
        let same = |x: &Option<K>, y: &Option<K>| x.is_some() && x == y;
        for i in 1..items.len() {
            for j in 0..i {
                if same(&items[i].0, &items[j].0) || same(&items[i].1, &items[j].1) {
                    union(i, j);
                }
            }
        }
    } else {
        // Each claimant and each outlet points at the first attribution naming it.
        let mut claimants: HashMap<&K, usize> = HashMap::new();
        let mut outlets: HashMap<&K, usize> = HashMap::new();
        for (i, (claimant, outlet, _)) in items.iter().enumerate() {
            for (key, seen) in [(claimant, &mut claimants), (outlet, &mut outlets)] {
                if let Some(key) = key {
                    match seen.get(key) {
                        Some(&first) => union(i, first),
                        None => {
                            seen.insert(key, i);
                        }
                    }
                }
            }
        }
    }
    // 1 - Π(1 - c_v), accumulated so that a single voice gives exactly its grade.
    let mut value = 0.0;
    let mut origins = 0;
    for (i, grade) in best.iter().enumerate() {
        if root(&mut parent, i) == i {
            origins += 1;
            value += grade * (1.0 - value);
        }
    }
    Derived {
        value: f64::clamp(value, 0.0, 1.0),
        origins,
    }
}

/// Whether two attributions share an origin (same claimant, or same first outlet).
pub fn same_origin(a: &Attribution, b: &Attribution) -> bool {
    let same = |x: &Option<ActorKey>, y: &Option<ActorKey>| x.is_some() && x == y;
    same(&a.claimant, &b.claimant) || same(&a.outlet, &b.outlet)
}
