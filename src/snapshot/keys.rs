//! The snapshot's actor key index: an open-addressing table of node indices.
//!
//! The keys themselves are not copied: a slot holds a node index and a probe
//! compares the key of that node's actor. Four bytes a slot at a load of at most
//! 3/4, where a `HashMap<ActorKey, u32>` spends 33 bytes a bucket; the hash is
//! FNV-1a, fixed, so a table saved in a snapshot file is valid in any process.

/// An unoccupied slot.
pub(crate) const EMPTY: u32 = u32::MAX;

/// FNV-1a (64 bits) of a key.
#[inline]
pub(crate) fn hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A table for `count` keys: a power of two with room for a quarter more.
pub(crate) fn table_len(count: usize) -> usize {
    (count + count / 3 + 1).next_power_of_two()
}

/// The table of `entries` (key, node), every key distinct.
pub(crate) fn build<'a>(count: usize, entries: impl Iterator<Item = (&'a str, u32)>) -> Vec<u32> {
    let mut table = vec![EMPTY; table_len(count)];
    let mask = table.len() - 1;
    for (key, node) in entries {
        let mut i = hash(key) as usize & mask;
        while table[i] != EMPTY {
            i = (i + 1) & mask;
        }
        table[i] = node;
    }
    table
}

/// The node whose key is `key`; `key_of` gives a node's key.
pub(crate) fn find<'a>(
    table: &[u32],
    key: &str,
    key_of: impl Fn(u32) -> Option<&'a str>,
) -> Option<u32> {
    if table.is_empty() {
        return None;
    }
    let mask = table.len() - 1;
    let mut i = hash(key) as usize & mask;
    // A table is never full (`table_len`), so the probe meets an empty slot; the
    // bound guards a corrupt table from a file all the same.
    for _ in 0..table.len() {
        let node = table[i];
        if node == EMPTY {
            return None;
        }
        if key_of(node) == Some(key) {
            return Some(node);
        }
        i = (i + 1) & mask;
    }
    None
}
