//! Interning tables: values by number and numbers by value, for the values claims
//! share (relations, documents, codes, external ids, excerpts).
//!
//! An `IndexSet` keeps a hash beside each value and sizes its entries to its index,
//! up to twice what it holds; this keeps the values in a plain vector and the
//! index as numbers only (4 bytes and a control byte per bucket), hashing a value
//! again when the index grows. On generated graphs, where most attributions carry
//! their own document, that halves what documents cost.

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};
use std::ops::Index;

use hashbrown::{DefaultHashBuilder, HashTable};

/// Distinct values, numbered in insertion order from 0.
#[derive(Debug, Clone)]
pub(crate) struct Interned<T> {
    values: Vec<T>,
    index: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl<T> Default for Interned<T> {
    fn default() -> Self {
        Interned {
            values: Vec::new(),
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
        self.hasher.hash_one(value)
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
        let (values, hasher) = (&self.values, &self.hasher);
        self.index.insert_unique(hash, number as u32, |&i| {
            hasher.hash_one(&values[i as usize])
        });
        self.values.push(value);
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
    }
}
