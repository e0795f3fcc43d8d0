//! Name search: by prefix of any word of a name, and by trigram similarity.

use std::collections::HashMap;

use crate::model::{Actor, fold_name};

/// One name of one actor, folded.
#[derive(Debug, Clone)]
struct Name {
    slot: u32,
    /// Position of the name in [`Actor::names`].
    which: u16,
    /// Distinct trigrams of the folded name.
    grams: u16,
    folded: Box<str>,
}

/// The search structures over every name of every actor of one graph: built once
/// per graph state (on first use) and shared by a store with its snapshots.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    names: Vec<Name>,
    /// (name number, byte offset of a word in its folded name), sorted by the text
    /// from that word on: a prefix search is two binary searches.
    words: Vec<(u32, u32)>,
    /// Trigram -> numbers of the names containing it, ascending.
    postings: HashMap<u64, Vec<u32>>,
}

/// The trigrams of a folded name padded with a space at each end, each packed
/// into a u64 (three 21-bit chars), sorted and distinct.
fn trigrams(folded: &str) -> Vec<u64> {
    let chars: Vec<char> = std::iter::once(' ')
        .chain(folded.chars())
        .chain(std::iter::once(' '))
        .collect();
    let mut grams: Vec<u64> = chars
        .windows(3)
        .map(|w| (u64::from(w[0]) << 42) | (u64::from(w[1]) << 21) | u64::from(w[2]))
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

impl NameIndex {
    /// Indexes every name of the given actors (slot, actor).
    pub(crate) fn build<'a>(actors: impl Iterator<Item = (u32, &'a Actor)>) -> NameIndex {
        let mut index = NameIndex::default();
        for (slot, actor) in actors {
            let mut seen: Vec<String> = Vec::new();
            for (which, name) in actor.names().enumerate() {
                let folded = fold_name(name);
                if folded.is_empty() || seen.contains(&folded) {
                    continue;
                }
                let number = index.names.len() as u32;
                let grams = trigrams(&folded);
                for g in &grams {
                    index.postings.entry(*g).or_default().push(number);
                }
                index.words.push((number, 0));
                index.words.extend(
                    folded
                        .match_indices(' ')
                        .map(|(i, _)| (number, i as u32 + 1)),
                );
                index.names.push(Name {
                    slot,
                    which: u16::try_from(which).unwrap_or(u16::MAX),
                    grams: u16::try_from(grams.len()).unwrap_or(u16::MAX),
                    folded: folded.clone().into_boxed_str(),
                });
                seen.push(folded);
            }
        }
        let names = &index.names;
        let text = |&(n, at): &(u32, u32)| &names[n as usize].folded[at as usize..];
        index
            .words
            .sort_unstable_by(|a, b| text(a).cmp(text(b)).then(a.0.cmp(&b.0)));
        index
    }

    /// Actors with a name one of whose words starts with the folded `prefix`, as
    /// (slot, which name), in the order of the matched text (so an exact match of a
    /// whole word sequence comes first), each actor once, at most `limit`.
    pub(crate) fn prefix(&self, prefix: &str, limit: usize) -> Vec<(u32, u16, f64)> {
        let folded = fold_name(prefix);
        if folded.is_empty() || limit == 0 {
            return Vec::new();
        }
        let names = &self.names;
        let text = |&(n, at): &(u32, u32)| &names[n as usize].folded[at as usize..];
        let start = self.words.partition_point(|w| text(w) < folded.as_str());
        let mut found: Vec<(u32, u16, f64)> = Vec::new();
        for w in &self.words[start..] {
            let matched = text(w);
            if !matched.starts_with(folded.as_str()) {
                break;
            }
            let name = &names[w.0 as usize];
            if found.iter().any(|f| f.0 == name.slot) {
                continue;
            }
            let score = folded.chars().count() as f64 / name.folded.chars().count() as f64;
            found.push((name.slot, name.which, score));
            if found.len() == limit {
                break;
            }
        }
        found
    }

    /// Actors ranked by the trigram similarity (Dice coefficient) of their closest
    /// name to `name`, best first, ties by slot; only scores of at least `floor`.
    pub(crate) fn similar(&self, name: &str, limit: usize, floor: f64) -> Vec<(u32, u16, f64)> {
        let folded = fold_name(name);
        if folded.is_empty() || limit == 0 {
            return Vec::new();
        }
        let grams = trigrams(&folded);
        let mut shared = vec![0u16; self.names.len()];
        let mut touched: Vec<u32> = Vec::new();
        for g in &grams {
            for &n in self.postings.get(g).map_or(&[][..], Vec::as_slice) {
                let count = &mut shared[n as usize];
                if *count == 0 {
                    touched.push(n);
                }
                *count += 1;
            }
        }
        let mut ranked: Vec<(u32, u16, f64)> = touched
            .into_iter()
            .filter_map(|n| {
                let name = &self.names[n as usize];
                let score = 2.0 * f64::from(shared[n as usize])
                    / (grams.len() as f64 + f64::from(name.grams));
                (score >= floor).then_some((name.slot, name.which, score))
            })
            .collect();
        // Best first; an actor keeps its best name only.
        ranked.sort_unstable_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        let mut seen = std::collections::HashSet::new();
        ranked.retain(|r| seen.insert(r.0));
        ranked.truncate(limit);
        ranked
    }

    /// Slots of the actors with a name whose folding equals `folded`, ascending.
    pub(crate) fn exact(&self, folded: &str) -> Vec<u32> {
        let names = &self.names;
        let text = |&(n, at): &(u32, u32)| &names[n as usize].folded[at as usize..];
        let start = self.words.partition_point(|w| text(w) < folded);
        let mut slots: Vec<u32> = self.words[start..]
            .iter()
            .take_while(|w| text(w) == folded)
            .filter(|w| w.1 == 0)
            .map(|w| names[w.0 as usize].slot)
            .collect();
        slots.sort_unstable();
        slots.dedup();
        slots
    }
}
