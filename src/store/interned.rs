//! Interning tables: values by number and numbers by value, for the values claims
//! share (relations, documents, codes, external ids, excerpts).
//!
//! An `IndexSet` keeps a hash beside each value and sizes its entries to its index,
//! up to twice what it holds; this keeps the values in a plain vector and the
//! index as numbers only (4 bytes and a control byte per bucket). On generated
//! graphs, where most attributions carry their own document, that halves what
//! documents cost. Each value's hash is kept in 32 bits beside it (4 bytes a value),
//! so that growing the index reads numbers instead of hashing every document and
//! string again (a sixth of what a JSON Lines import spent committing).

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};
use std::ops::Index;

use hashbrown::{DefaultHashBuilder, HashTable};

/// Distinct values, numbered in insertion order from 0.
#[derive(Debug, Clone)]
pub(crate) struct Interned<T> {
    values: Vec<T>,
    /// The 32 bits each value's hash is made of ([`spread`]), by number.
    hashes: Vec<u32>,
    index: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl<T> Default for Interned<T> {
    fn default() -> Self {
        Interned {
            values: Vec::new(),
            hashes: Vec::new(),
            index: HashTable::new(),
            hasher: DefaultHashBuilder::default(),
        }
    }
}

impl<T: Hash + Eq> Interned<T> {
    /// An empty table with room for `n` values, so that filling it never rehashes
    /// (a rehash hashes every value again: strings and documents, not numbers).
    pub(crate) fn with_capacity(n: usize) -> Self {
        Interned {
            values: Vec::with_capacity(n),
            hashes: Vec::with_capacity(n),
            index: HashTable::with_capacity(n),
            hasher: DefaultHashBuilder::default(),
        }
    }

    /// The number of a value, if interned.
    ///
    /// **Complexity:** **O(1)** expected.
    #[inline]
    pub(crate) fn get_index_of<Q>(&self, value: &Q) -> Option<usize>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(self.hash(value), value)
    }

    /// The hash [`Interned::find`] and [`Interned::insert_new`] take, which stays
    /// valid for clones of the table: a value is hashed once, whether it is found
    /// or added.
    #[inline]
    pub(crate) fn hash<Q: Hash + ?Sized>(&self, value: &Q) -> u64 {
        spread(self.hasher.hash_one(value) as u32)
    }

    /// The number of a value of this hash, if interned.
    #[inline]
    pub(crate) fn find<Q>(&self, hash: u64, value: &Q) -> Option<usize>
    where
        T: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.index
            .find(hash, |&i| self.values[i as usize].borrow() == value)
            .map(|&i| i as usize)
    }

    /// Adds a value that [`Interned::find`] did not find, with its hash: its number.
    pub(crate) fn insert_new(&mut self, hash: u64, value: T) -> usize {
        let number = self.values.len();
        let hashes = &self.hashes;
        self.index
            .insert_unique(hash, number as u32, |&i| spread(hashes[i as usize]));
        self.values.push(value);
        // `hash` came from `Interned::hash`: its low half is the whole of it.
        self.hashes.push(hash as u32);
        number
    }

    /// Interns a value: its number, and whether it is new.
    ///
    /// **Complexity:** **O(1)** amortised.
    pub(crate) fn insert_full(&mut self, value: T) -> (usize, bool) {
        let hash = self.hash(&value);
        match self.find(hash, &value) {
            Some(i) => (i, false),
            None => (self.insert_new(hash, value), true),
        }
    }

    /// The value of a number.
    #[inline]
    pub(crate) fn get_index(&self, number: usize) -> Option<&T> {
        self.values.get(number)
    }
}

/// A table's 64-bit hash from the 32 bits it keeps: the bucket is chosen by the low
/// bits and hashbrown's control byte by the top seven, so both halves carry them.
#[inline]
fn spread(h: u32) -> u64 {
    (u64::from(h) << 32) | u64::from(h)
}

impl<T> Interned<T> {
    /// How many values it holds.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }
}

impl<'a, T> IntoIterator for &'a Interned<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.values.iter()
    }
}

impl<T> Index<usize> for Interned<T> {
    type Output = T;

    #[inline]
    fn index(&self, number: usize) -> &T {
        &self.values[number]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_insertion_and_survive_growth() {
        let mut t: Interned<String> = Interned::default();
        for i in 0..1000 {
            assert_eq!(t.insert_full(format!("v{i}")), (i, true));
        }
        assert_eq!(t.insert_full("v17".to_owned()), (17, false));
        assert_eq!(t.get_index_of("v999"), Some(999));
        assert_eq!(t.get_index_of("v1000"), None);
        assert_eq!(&t[3], "v3");
        assert_eq!(t.get_index(1000), None);
        // Each value's kept hash is the one a lookup computes.
        for (i, v) in t.values.iter().enumerate() {
            assert_eq!(spread(t.hashes[i]), t.hash(v));
        }
        assert_eq!(t.hashes.len(), 1000);
    }
}
