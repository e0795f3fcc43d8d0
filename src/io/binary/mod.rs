//! claimgraph's own binary files: the store file of `ClaimGraph::save` / `load` and
//! the snapshot file, both in one container ([`container`]) of checksummed,
//! 64-byte-aligned sections. Not an interchange format: it follows the crate's
//! internals, and a newer version of the format is refused rather than guessed at.

// The store codec and the snapshot file build on the container; until both are in,
// parts of it have no caller outside its tests.
pub(crate) mod columns;
#[allow(dead_code)]
pub(crate) mod container;
mod store;

use thiserror::Error;

/// A binary file (`ClaimGraph::load`, `Snapshot::open`) that cannot be read: what is
/// wrong and where. A file that fails any check is refused whole.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BinaryError {
    /// The file does not start with claimgraph's magic number: it is not one of its
    /// binary files (or its first bytes are damaged).
    #[error("not a claimgraph binary file: it starts with {found:02x?}")]
    Magic {
        /// The first 8 bytes found (zero-padded if the file is shorter).
        found: [u8; 8],
    },
    /// The file is of a format version this crate cannot read (a newer crate wrote it).
    #[error("binary file format version {found}; this crate reads version {supported}")]
    Version {
        /// The version in the file.
        found: u32,
        /// The version this crate reads and writes.
        supported: u32,
    },
    /// The file holds something else (a snapshot where a store was expected).
    #[error("binary file: expected a {expected} file, found kind {found} ({found_name})")]
    Kind {
        /// What the reader expected: `store` or `snapshot`.
        expected: &'static str,
        /// The kind code in the file.
        found: u32,
        /// Its name, `unknown` for a code this crate does not know.
        found_name: &'static str,
    },
    /// The file ends before its header, table or last section does.
    #[error("binary file truncated at byte {length}: it needs at least {needed} bytes")]
    Truncated {
        /// The file's length.
        length: u64,
        /// The length its header requires.
        needed: u64,
    },
    /// The file is longer than its header says.
    #[error("binary file has {length} bytes but its header says {declared}")]
    Trailing {
        /// The file's length.
        length: u64,
        /// The length in the header.
        declared: u64,
    },
    /// The header or section table does not match its checksum.
    #[error("binary file header checksum mismatch: expected {expected:#018x}, found {found:#018x}")]
    HeaderChecksum {
        /// The checksum stored in the header.
        expected: u64,
        /// The checksum of the bytes read.
        found: u64,
    },
    /// A reserved header field is not zero.
    #[error("binary file: a reserved header field is not zero")]
    Reserved,
    /// A padding byte between sections is not zero.
    #[error("binary file: padding byte at offset {offset} is not zero")]
    Padding {
        /// Where the byte is.
        offset: u64,
    },
    /// Two table entries have the same tag.
    #[error("binary file: section `{tag}` appears twice")]
    DuplicateSection {
        /// The section's tag.
        tag: String,
    },
    /// A section reaches before the end of the table or past the end of the file.
    #[error(
        "binary file: section `{tag}` at offset {offset}, length {length}, lies outside the file ({file_length} bytes)"
    )]
    SectionBounds {
        /// The section's tag.
        tag: String,
        /// Its offset.
        offset: u64,
        /// Its length.
        length: u64,
        /// The file's length.
        file_length: u64,
    },
    /// A section does not start at a multiple of 64 bytes.
    #[error("binary file: section `{tag}` at offset {offset} is not 64-byte aligned")]
    Misaligned {
        /// The section's tag.
        tag: String,
        /// Its offset.
        offset: u64,
    },
    /// Two sections share bytes.
    #[error("binary file: sections `{tag}` and `{other}` overlap")]
    Overlap {
        /// The section's tag.
        tag: String,
        /// The section it overlaps.
        other: String,
    },
    /// A section does not match its checksum.
    #[error(
        "binary file: section `{tag}` at offset {offset}: checksum mismatch, expected {expected:#018x}, found {found:#018x}"
    )]
    SectionChecksum {
        /// The section's tag.
        tag: String,
        /// Its offset.
        offset: u64,
        /// The checksum in the table.
        expected: u64,
        /// The checksum of the bytes read.
        found: u64,
    },
    /// A section the reader needs is not in the file.
    #[error("binary file: no section `{tag}`")]
    MissingSection {
        /// The missing section's tag.
        tag: String,
    },
    /// A section's content is inconsistent (a count that does not match its length,
    /// an index past the end of a table): the file passed its checksums, so it was
    /// written wrong, or by a different writer.
    #[error("binary file: section `{tag}`: {detail}")]
    Corrupt {
        /// The section's tag.
        tag: String,
        /// What is wrong, with the entry's index.
        detail: String,
    },
}
