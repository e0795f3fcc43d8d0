//! The container shared by the store file and the snapshot file: a fixed header, a
//! section table, and 64-byte-aligned sections, each with its own checksum.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | field |
//! |---|---|
//! | 0..8 | magic [`MAGIC`] |
//! | 8..12 | format version (u32, [`VERSION`]) |
//! | 12..16 | kind (u32: 1 store, 2 snapshot) |
//! | 16..20 | number of sections (u32) |
//! | 20..24 | reserved, zero |
//! | 24..32 | length of the whole file in bytes (u64) |
//! | 32..40 | checksum of bytes 0..32 followed by the section table (u64) |
//! | 40..64 | reserved, zero |
//! | 64.. | section table: per section a 32-byte entry |
//! | then | the sections, each at an offset that is a multiple of 64, zero padding between |
//!
//! A table entry is: tag (8 bytes, ASCII, zero-padded), offset (u64), length (u64),
//! checksum of the section's bytes (u64). Sections are 64-byte aligned so that a reader
//! of a memory-mapped file can view a column as `&[u32]` or `&[u64]` in place (a map
//! starts on a page boundary).
//!
//! The reader validates all of it before it hands out a single byte: magic, version
//! (a newer one is refused, the file is not guessed at), kind, the length, the header
//! checksum, every entry's bounds, alignment and overlap, and every section's checksum.

use rayon::prelude::*;
use std::io::Write;
use std::path::Path;

use super::BinaryError;
use crate::io::{IoError, write_atomically};

/// The first 8 bytes of every claimgraph binary file. The leading 0x89 catches a
/// transfer that strips the eighth bit, the trailing line feed one that rewrites line
/// endings (the trick of PNG's signature), and `file(1)` can tell the file by it.
pub(crate) const MAGIC: [u8; 8] = *b"\x89CLAIMG\n";

/// The format version this crate writes, and the newest it reads.
pub(crate) const VERSION: u32 = 1;

/// Sections start at multiples of this many bytes.
pub(crate) const ALIGN: usize = 64;

const HEADER_LEN: usize = 64;
const ENTRY_LEN: usize = 32;

/// A section's name: up to 8 ASCII bytes, zero-padded.
pub(crate) type Tag = [u8; 8];

/// The tag of a section name of at most 8 bytes, zero-padded.
pub(crate) const fn tag(name: &str) -> Tag {
    let bytes = name.as_bytes();
    let mut t = [0u8; 8];
    let mut i = 0;
    while i < bytes.len() {
        t[i] = bytes[i];
        i += 1;
    }
    t
}

/// What a binary file holds; a reader asks for one and refuses the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A whole [`ClaimGraph`](crate::ClaimGraph): `ClaimGraph::save` / `load`.
    Store = 1,
    /// A [`Snapshot`](crate::Snapshot).
    Snapshot = 2,
}

impl Kind {
    fn name(code: u32) -> &'static str {
        match code {
            1 => "store",
            2 => "snapshot",
            _ => "unknown",
        }
    }
}

/// The readable form of a tag, for error messages.
pub(crate) fn tag_name(tag: &Tag) -> String {
    let end = tag.iter().position(|&b| b == 0).unwrap_or(tag.len());
    String::from_utf8_lossy(&tag[..end]).into_owned()
}

/// Gathers sections in memory, then writes the file in one pass.
#[derive(Debug)]
pub(crate) struct Writer {
    kind: Kind,
    sections: Vec<(Tag, Vec<u8>)>,
}

impl Writer {
    /// An empty file of `kind`.
    pub(crate) fn new(kind: Kind) -> Self {
        Writer {
            kind,
            sections: Vec::new(),
        }
    }

    /// Adds a section. Tags must be unique within a file; a second section with the
    /// same tag is an error at [`Writer::write_to`].
    pub(crate) fn section(&mut self, tag: Tag, bytes: Vec<u8>) {
        self.sections.push((tag, bytes));
    }

    /// The header and table for the sections as laid out from offset 0, and each
    /// section's offset.
    fn layout(&self) -> Result<(Vec<u8>, Vec<u64>), IoError> {
        for (i, (tag, _)) in self.sections.iter().enumerate() {
            if self.sections[..i].iter().any(|(t, _)| t == tag) {
                return Err(IoError::Write {
                    message: format!("binary file: two sections tagged `{}`", tag_name(tag)),
                });
            }
        }
        let count = u32::try_from(self.sections.len()).map_err(|_| IoError::Write {
            message: "binary file: more than 2^32 sections".to_owned(),
        })?;
        let mut offset = align_up(HEADER_LEN + ENTRY_LEN * self.sections.len()) as u64;
        let mut offsets = Vec::with_capacity(self.sections.len());
        let mut table = Vec::with_capacity(ENTRY_LEN * self.sections.len());
        for (tag, bytes) in &self.sections {
            offsets.push(offset);
            table.extend_from_slice(tag);
            table.extend_from_slice(&offset.to_le_bytes());
            table.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            table.extend_from_slice(&checksum(bytes).to_le_bytes());
            offset = align_up_u64(offset + bytes.len() as u64);
        }
        // The file ends right after the last section, without trailing padding.
        let end = match (offsets.last(), self.sections.last()) {
            (Some(o), Some((_, b))) => o + b.len() as u64,
            _ => align_up(HEADER_LEN) as u64,
        };
        let mut header = Vec::with_capacity(HEADER_LEN + table.len());
        header.extend_from_slice(&MAGIC);
        header.extend_from_slice(&VERSION.to_le_bytes());
        header.extend_from_slice(&(self.kind as u32).to_le_bytes());
        header.extend_from_slice(&count.to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes());
        header.extend_from_slice(&end.to_le_bytes());
        let sum = header_checksum(&header, &table);
        header.extend_from_slice(&sum.to_le_bytes());
        header.resize(HEADER_LEN, 0);
        header.extend_from_slice(&table);
        Ok((header, offsets))
    }

    /// Writes the file to `out`.
    pub(crate) fn write(&self, out: &mut impl Write) -> Result<(), IoError> {
        let (head, offsets) = self.layout()?;
        out.write_all(&head)?;
        let mut at = head.len() as u64;
        for ((_, bytes), &offset) in self.sections.iter().zip(&offsets) {
            let pad = (offset - at) as usize;
            out.write_all(&[0u8; ALIGN][..pad])?;
            out.write_all(bytes)?;
            at = offset + bytes.len() as u64;
        }
        Ok(())
    }

    /// The whole file in memory.
    pub(crate) fn to_bytes(&self) -> Result<Vec<u8>, IoError> {
        let mut out = Vec::new();
        self.write(&mut out)?;
        Ok(out)
    }

    /// Saves the file to `path` atomically: `path` is replaced only once the whole
    /// file is written and synced.
    pub(crate) fn write_to(&self, path: &Path) -> Result<(), IoError> {
        write_atomically(path, |file| self.write(file))
    }
}

fn align_up(n: usize) -> usize {
    n.div_ceil(ALIGN) * ALIGN
}

fn align_up_u64(n: u64) -> u64 {
    n.div_ceil(ALIGN as u64) * ALIGN as u64
}

/// One entry of the section table, validated.
#[derive(Debug, Clone, Copy)]
struct Entry {
    tag: Tag,
    offset: usize,
    length: usize,
}

/// A validated binary file over borrowed bytes (a `Vec` read from disk, or a memory
/// map): every section it hands out is in bounds and matches its checksum.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
}

impl<'a> Reader<'a> {
    /// Validates `bytes` as a file of `kind` (see the module docs for what is checked).
    pub(crate) fn new(bytes: &'a [u8], kind: Kind) -> Result<Self, BinaryError> {
        Self::validate(bytes, kind, true)
    }

    /// [`Reader::new`] on the calling thread alone: for a caller that may hold a lock
    /// other work of rayon's pool waits on (a snapshot decoding its evidence inside a
    /// `OnceLock`), where waiting for the pool could deadlock.
    pub(crate) fn new_serial(bytes: &'a [u8], kind: Kind) -> Result<Self, BinaryError> {
        Self::validate(bytes, kind, false)
    }

    fn validate(bytes: &'a [u8], kind: Kind, parallel: bool) -> Result<Self, BinaryError> {
        let file_len = bytes.len() as u64;
        let truncated = |needed: u64| BinaryError::Truncated {
            length: file_len,
            needed,
        };
        if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
            let mut found = [0u8; 8];
            let n = bytes.len().min(8);
            found[..n].copy_from_slice(&bytes[..n]);
            return Err(BinaryError::Magic { found });
        }
        let header = bytes
            .get(..HEADER_LEN)
            .ok_or_else(|| truncated(HEADER_LEN as u64))?;
        let version = u32_at(header, 8);
        if version != VERSION {
            return Err(BinaryError::Version {
                found: version,
                supported: VERSION,
            });
        }
        let found_kind = u32_at(header, 12);
        if found_kind != kind as u32 {
            return Err(BinaryError::Kind {
                expected: Kind::name(kind as u32),
                found: found_kind,
                found_name: Kind::name(found_kind),
            });
        }
        let count = u32_at(header, 16) as u64;
        let declared = u64_at(header, 24);
        let table_end = HEADER_LEN as u64 + count * ENTRY_LEN as u64;
        if file_len < table_end {
            return Err(truncated(table_end));
        }
        let table = &bytes[HEADER_LEN..table_end as usize];
        let expected = u64_at(header, 32);
        let found = header_checksum(&header[..32], table);
        // A fuzzer (cargo fuzz builds with `--cfg fuzzing`) could never forge a
        // checksum; without this it would test nothing past them.
        if expected != found && !cfg!(fuzzing) {
            return Err(BinaryError::HeaderChecksum { expected, found });
        }
        if header[20..24] != [0; 4] || header[40..64] != [0; 24] {
            return Err(BinaryError::Reserved);
        }
        if file_len < declared {
            return Err(truncated(declared));
        }
        if file_len > declared {
            return Err(BinaryError::Trailing {
                length: file_len,
                declared,
            });
        }
        let mut entries = Vec::with_capacity(count as usize);
        // Checksums are computed on rayon's pool once the table is read; an entry
        // the table loop refuses keeps its error for after the checksums of the
        // entries before it, so the error reported is the first in table order.
        let mut sums = Vec::with_capacity(count as usize);
        let mut refused = None;
        for raw in table.chunks_exact(ENTRY_LEN) {
            let mut tag = [0u8; 8];
            tag.copy_from_slice(&raw[..8]);
            let offset = u64_at(raw, 8);
            let length = u64_at(raw, 16);
            let sum = u64_at(raw, 24);
            let name = tag_name(&tag);
            if entries.iter().any(|e: &Entry| e.tag == tag) {
                refused = Some(BinaryError::DuplicateSection { tag: name });
                break;
            }
            let end = offset.checked_add(length);
            if offset < table_end || end.is_none_or(|end| end > declared) {
                refused = Some(BinaryError::SectionBounds {
                    tag: name,
                    offset,
                    length,
                    file_length: declared,
                });
                break;
            }
            if !offset.is_multiple_of(ALIGN as u64) {
                refused = Some(BinaryError::Misaligned { tag: name, offset });
                break;
            }
            // In bounds of a slice that exists, so both fit in usize.
            let (offset, length) = (offset as usize, length as usize);
            if let Some(other) = entries
                .iter()
                .find(|e| offset < e.offset + e.length && e.offset < offset + length)
            {
                refused = Some(BinaryError::Overlap {
                    tag: name,
                    other: tag_name(&other.tag),
                });
                break;
            }
            sums.push(sum);
            entries.push(Entry {
                tag,
                offset,
                length,
            });
        }
        let sum_of = |e: &Entry| checksum(&bytes[e.offset..e.offset + e.length]);
        let found: Vec<u64> = if parallel {
            entries.par_iter().map(sum_of).collect()
        } else {
            entries.iter().map(sum_of).collect()
        };
        for ((e, &expected), found) in entries.iter().zip(&sums).zip(found) {
            if found != expected && !cfg!(fuzzing) {
                return Err(BinaryError::SectionChecksum {
                    tag: tag_name(&e.tag),
                    offset: e.offset as u64,
                    expected,
                    found,
                });
            }
        }
        if let Some(e) = refused {
            return Err(e);
        }
        // Padding is outside every checksum, so it must be zero: then no byte of a valid
        // file can change without the reader noticing.
        let mut order: Vec<&Entry> = entries.iter().collect();
        order.sort_by_key(|e| (e.offset, e.length));
        let mut at = table_end as usize;
        for e in order.into_iter().chain(std::iter::once(&Entry {
            tag: [0; 8],
            offset: declared as usize,
            length: 0,
        })) {
            let gap = bytes.get(at..e.offset).unwrap_or_default();
            if let Some(i) = gap.iter().position(|&b| b != 0) {
                return Err(BinaryError::Padding {
                    offset: (at + i) as u64,
                });
            }
            at = at.max(e.offset + e.length);
        }
        Ok(Reader { bytes, entries })
    }

    /// The bytes of the section tagged `tag`.
    pub(crate) fn section(&self, tag: &Tag) -> Result<&'a [u8], BinaryError> {
        self.entries
            .iter()
            .find(|e| &e.tag == tag)
            .map(|e| &self.bytes[e.offset..e.offset + e.length])
            .ok_or_else(|| BinaryError::MissingSection { tag: tag_name(tag) })
    }

    /// The tags of the sections, in file order.
    pub(crate) fn tags(&self) -> impl Iterator<Item = &Tag> {
        self.entries.iter().map(|e| &e.tag)
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(b)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(b)
}

fn header_checksum(head: &[u8], table: &[u8]) -> u64 {
    // The two parts are hashed apart and mixed so that no copy is needed.
    mix(checksum(&head[..32]) ^ checksum(table).rotate_left(17))
}

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;
const K3: u64 = 0x1656_67b1_9e37_79f9;

/// The final avalanche: every input bit reaches every output bit.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 31;
    h = h.wrapping_mul(K2);
    h ^= h >> 29;
    h = h.wrapping_mul(K3);
    h ^ (h >> 32)
}

/// A 64-bit checksum of `bytes`, fast enough that validating a file is a small part of
/// reading it: four independent lanes over 32-byte blocks (the CPU overlaps their
/// multiplies), each word multiplied in and rotated, then the lanes, the tail and the
/// length mixed. It detects corruption; it is not a cryptographic hash.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut lanes = [K1, K2, K3, K1 ^ K2];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            *lane = lane
                .wrapping_add(u64::from_le_bytes(w).wrapping_mul(K2))
                .rotate_left(31)
                .wrapping_mul(K1);
        }
    }
    let mut h = (bytes.len() as u64).wrapping_mul(K3);
    for (i, lane) in lanes.iter().enumerate() {
        h = (h ^ mix(*lane).rotate_left(i as u32 * 16)).wrapping_mul(K1);
    }
    for (i, &b) in blocks.remainder().iter().enumerate() {
        h = (h ^ (u64::from(b) << ((i % 8) * 8)))
            .rotate_left(11)
            .wrapping_mul(K2);
    }
    mix(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut w = Writer::new(Kind::Store);
        w.section(*b"alpha\0\0\0", b"hello".to_vec());
        w.section(*b"beta\0\0\0\0", (0u8..=200).collect());
        w.section(*b"empty\0\0\0", Vec::new());
        w.to_bytes().expect("writes")
    }

    #[test]
    fn layout_is_as_documented() {
        let bytes = sample();
        assert_eq!(&bytes[..8], b"\x89CLAIMG\n");
        assert_eq!(u32_at(&bytes, 8), 1);
        assert_eq!(u32_at(&bytes, 12), 1);
        assert_eq!(u32_at(&bytes, 16), 3);
        // Header 64 + table 3 * 32 = 160, first section at 192, second at 256, third
        // (empty) at 256 + 201 rounded up = 512, and the file ends there.
        assert_eq!(u64_at(&bytes, 64 + 8), 192);
        assert_eq!(u64_at(&bytes, 64 + 32 + 8), 256);
        assert_eq!(u64_at(&bytes, 64 + 64 + 8), 512);
        assert_eq!(bytes.len(), 512);
        assert_eq!(u64_at(&bytes, 24), 512);
    }

    #[test]
    fn sections_read_back() {
        let bytes = sample();
        let r = Reader::new(&bytes, Kind::Store).expect("valid");
        assert_eq!(r.section(b"alpha\0\0\0").expect("there"), b"hello");
        assert_eq!(r.section(b"beta\0\0\0\0").expect("there").len(), 201);
        assert_eq!(r.section(b"beta\0\0\0\0").expect("there")[200], 200);
        assert_eq!(r.section(b"empty\0\0\0").expect("there"), b"");
        assert_eq!(r.tags().count(), 3);
        assert!(matches!(
            r.section(b"gamma\0\0\0"),
            Err(BinaryError::MissingSection { tag }) if tag == "gamma"
        ));
    }

    #[test]
    fn wrong_kind_is_refused() {
        let bytes = sample();
        let err = Reader::new(&bytes, Kind::Snapshot).expect_err("a store file");
        assert_eq!(
            err.to_string(),
            "binary file: expected a snapshot file, found kind 1 (store)"
        );
    }

    #[test]
    fn newer_version_is_refused() {
        let mut bytes = sample();
        bytes[8] = 2;
        let err = Reader::new(&bytes, Kind::Store).expect_err("version 2");
        assert!(matches!(
            err,
            BinaryError::Version {
                found: 2,
                supported: 1
            }
        ));
    }

    #[test]
    fn bad_magic_is_named() {
        let err = Reader::new(b"{\"version\": 1}", Kind::Store).expect_err("JSON");
        assert!(matches!(err, BinaryError::Magic { found } if &found == b"{\"versio"));
        assert!(matches!(
            Reader::new(b"", Kind::Store),
            Err(BinaryError::Magic { found }) if found == [0; 8]
        ));
    }

    #[test]
    fn a_cut_file_says_where() {
        let bytes = sample();
        let err = Reader::new(&bytes[..300], Kind::Store).expect_err("cut");
        assert!(matches!(
            err,
            BinaryError::Truncated {
                length: 300,
                needed: 512
            }
        ));
        let err = Reader::new(&bytes[..100], Kind::Store).expect_err("cut in the table");
        assert!(matches!(
            err,
            BinaryError::Truncated {
                length: 100,
                needed: 160
            }
        ));
        let err = Reader::new(&bytes[..40], Kind::Store).expect_err("cut in the header");
        assert!(matches!(
            err,
            BinaryError::Truncated {
                length: 40,
                needed: 64
            }
        ));
    }

    #[test]
    fn a_flipped_section_byte_names_the_section() {
        let mut bytes = sample();
        bytes[256 + 7] ^= 0x10;
        let err = Reader::new(&bytes, Kind::Store).expect_err("corrupt");
        assert!(matches!(
            err,
            BinaryError::SectionChecksum { ref tag, offset: 256, .. } if tag == "beta"
        ));
    }

    #[test]
    fn every_single_bit_flip_is_an_error() {
        let bytes = sample();
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut b = bytes.clone();
                b[i] ^= 1 << bit;
                assert!(Reader::new(&b, Kind::Store).is_err(), "byte {i} bit {bit}");
            }
        }
    }

    #[test]
    fn duplicate_tags_are_not_written() {
        let mut w = Writer::new(Kind::Snapshot);
        w.section(*b"a\0\0\0\0\0\0\0", vec![1]);
        w.section(*b"a\0\0\0\0\0\0\0", vec![2]);
        assert!(matches!(w.to_bytes(), Err(IoError::Write { .. })));
    }

    #[test]
    fn an_empty_file_has_only_a_header() {
        let bytes = Writer::new(Kind::Snapshot).to_bytes().expect("writes");
        assert_eq!(bytes.len(), 64);
        let r = Reader::new(&bytes, Kind::Snapshot).expect("valid");
        assert_eq!(r.tags().count(), 0);
    }

    #[test]
    fn checksum_sees_length_order_and_every_byte() {
        assert_ne!(checksum(b""), checksum(b"\0"));
        assert_ne!(checksum(b"ab"), checksum(b"ba"));
        let long: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let base = checksum(&long);
        for i in 0..long.len() {
            let mut b = long.clone();
            b[i] ^= 1;
            assert_ne!(checksum(&b), base, "byte {i}");
        }
    }
}
