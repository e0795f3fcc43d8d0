//! Columns inside sections: little-endian `u8`/`u32`/`u64` arrays and string lists,
//! written from slices and read in place (no copy of a column as a whole).
//!
//! A string list is `n: u64`, then `n + 1` offsets (`u64`, the first 0, ascending),
//! then the UTF-8 bytes of all strings back to back; string `i` is
//! `bytes[offsets[i]..offsets[i + 1]]`. The offsets sit at byte 8 of a 64-byte-aligned
//! section, so a memory-mapped reader may view them as `&[u64]`.

use std::collections::HashMap;

use super::BinaryError;
use super::container::{Reader, Tag, tag_name};

/// `u32`s, little-endian.
pub(crate) fn u32s(values: impl IntoIterator<Item = u32>) -> Vec<u8> {
    values.into_iter().flat_map(u32::to_le_bytes).collect()
}

/// `u64`s, little-endian.
pub(crate) fn u64s(values: impl IntoIterator<Item = u64>) -> Vec<u8> {
    values.into_iter().flat_map(u64::to_le_bytes).collect()
}

/// A string list under construction.
#[derive(Debug, Default)]
pub(crate) struct Strings {
    offsets: Vec<u64>,
    bytes: Vec<u8>,
}

impl Strings {
    /// Appends `text`; returns its index.
    pub(crate) fn push(&mut self, text: &str) -> u32 {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.bytes.extend_from_slice(text.as_bytes());
        self.offsets.push(self.bytes.len() as u64);
        (self.offsets.len() - 2) as u32
    }

    /// The section's bytes.
    pub(crate) fn into_section(mut self) -> Vec<u8> {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let n = self.offsets.len() as u64 - 1;
        let mut out = Vec::with_capacity(8 * (self.offsets.len() + 1) + self.bytes.len());
        out.extend_from_slice(&n.to_le_bytes());
        for o in &self.offsets {
            out.extend_from_slice(&o.to_le_bytes());
        }
        out.extend_from_slice(&self.bytes);
        out
    }
}

/// A string list whose strings repeat (languages, registries): each stored once.
#[derive(Debug, Default)]
pub(crate) struct Words<'a> {
    index: HashMap<&'a str, u32>,
    strings: Strings,
}

impl<'a> Words<'a> {
    /// The index of `text`, added on first use.
    pub(crate) fn id(&mut self, text: &'a str) -> u32 {
        *self
            .index
            .entry(text)
            .or_insert_with(|| self.strings.push(text))
    }

    /// The section's bytes.
    pub(crate) fn into_section(self) -> Vec<u8> {
        self.strings.into_section()
    }
}

fn corrupt(tag: &Tag, detail: String) -> BinaryError {
    BinaryError::Corrupt {
        tag: tag_name(tag),
        detail,
    }
}

/// A fixed-width column read in place.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column<'a, const W: usize> {
    tag: Tag,
    bytes: &'a [u8],
}

impl<'a, const W: usize> Column<'a, W> {
    /// The column `tag` of `r`, which must hold exactly `len` values.
    pub(crate) fn read(r: &Reader<'a>, tag: &Tag, len: usize) -> Result<Self, BinaryError> {
        let bytes = r.section(tag)?;
        if Some(bytes.len()) != len.checked_mul(W) {
            return Err(corrupt(
                tag,
                format!("{} bytes, expected {len} values of {W} bytes", bytes.len()),
            ));
        }
        Ok(Column { tag: *tag, bytes })
    }

    /// The number of values.
    pub(crate) fn len(&self) -> usize {
        self.bytes.len() / W
    }

    fn raw(&self, i: usize) -> [u8; W] {
        let mut b = [0u8; W];
        b.copy_from_slice(&self.bytes[i * W..(i + 1) * W]);
        b
    }
}

impl Column<'_, 1> {
    /// Value `i` (callers index below [`Column::len`]).
    pub(crate) fn get(&self, i: usize) -> u8 {
        self.bytes[i]
    }
}

impl Column<'_, 4> {
    /// Value `i` (callers index below [`Column::len`]).
    pub(crate) fn get(&self, i: usize) -> u32 {
        u32::from_le_bytes(self.raw(i))
    }

    /// Values `from..to`; an error if they are not a range inside the column.
    pub(crate) fn range(&self, from: u64, to: u64) -> Result<Vec<u32>, BinaryError> {
        if from > to || to > self.len() as u64 {
            return Err(corrupt(
                &self.tag,
                format!("range {from}..{to} outside {} values", self.len()),
            ));
        }
        Ok((from as usize..to as usize).map(|i| self.get(i)).collect())
    }
}

impl Column<'_, 8> {
    /// Value `i` (callers index below [`Column::len`]).
    pub(crate) fn get(&self, i: usize) -> u64 {
        u64::from_le_bytes(self.raw(i))
    }
}

/// Offsets into another column: `len + 1` ascending values from 0, so that item `i`
/// owns `at(i)..at(i + 1)`. Checked as a whole when read, so that lookups need not be.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Offsets<'a> {
    column: Column<'a, 8>,
}

impl<'a> Offsets<'a> {
    /// The offsets `tag` for `len` items into a column of `total` values.
    pub(crate) fn read(
        r: &Reader<'a>,
        tag: &Tag,
        len: usize,
        total: u64,
    ) -> Result<Self, BinaryError> {
        let column = Column::<8>::read(r, tag, len + 1)?;
        let mut last = 0;
        for i in 0..column.len() {
            let o = column.get(i);
            if o < last || (i == 0 && o != 0) {
                return Err(corrupt(tag, format!("offset {i} is {o}, after {last}")));
            }
            last = o;
        }
        if last != total {
            return Err(corrupt(
                tag,
                format!("offsets end at {last}, expected {total}"),
            ));
        }
        Ok(Offsets { column })
    }

    /// The range of item `i`.
    pub(crate) fn at(&self, i: usize) -> (u64, u64) {
        (self.column.get(i), self.column.get(i + 1))
    }
}

/// A string list read in place (see the module docs).
#[derive(Debug, Clone, Copy)]
pub(crate) struct StrList<'a> {
    tag: Tag,
    offsets: &'a [u8],
    text: &'a str,
}

impl<'a> StrList<'a> {
    /// The list `tag` of `r`.
    pub(crate) fn read(r: &Reader<'a>, tag: &Tag) -> Result<Self, BinaryError> {
        let bytes = r.section(tag)?;
        let short = || {
            corrupt(
                tag,
                format!("{} bytes is too short for its count", bytes.len()),
            )
        };
        let head = bytes.get(..8).ok_or_else(short)?;
        let mut n = [0u8; 8];
        n.copy_from_slice(head);
        let n = u64::from_le_bytes(n);
        let table = n
            .checked_add(2)
            .and_then(|k| k.checked_mul(8))
            .filter(|&t| t <= bytes.len() as u64)
            .ok_or_else(short)? as usize;
        let text = std::str::from_utf8(&bytes[table..]).map_err(|e| {
            corrupt(
                tag,
                format!("not UTF-8 at byte {} of the text", e.valid_up_to()),
            )
        })?;
        Ok(StrList {
            tag: *tag,
            offsets: &bytes[8..table],
            text,
        })
    }

    /// The number of strings.
    pub(crate) fn len(&self) -> usize {
        self.offsets.len() / 8 - 1
    }

    fn offset(&self, i: usize) -> u64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.offsets[i * 8..i * 8 + 8]);
        u64::from_le_bytes(b)
    }

    /// String `i`; an error if there is none or its offsets are not a range of
    /// whole characters.
    pub(crate) fn get(&self, i: usize) -> Result<&'a str, BinaryError> {
        if i >= self.len() {
            return Err(corrupt(
                &self.tag,
                format!("string {i} past {} strings", self.len()),
            ));
        }
        let (a, b) = (self.offset(i), self.offset(i + 1));
        usize::try_from(a)
            .ok()
            .zip(usize::try_from(b).ok())
            .and_then(|(a, b)| self.text.get(a..b))
            .ok_or_else(|| {
                corrupt(
                    &self.tag,
                    format!("string {i} at {a}..{b} is not a range of the text"),
                )
            })
    }

    /// String `i`, or `None` for the index `u32::MAX`.
    pub(crate) fn get_opt(&self, i: u32) -> Result<Option<&'a str>, BinaryError> {
        if i == NONE32 {
            Ok(None)
        } else {
            self.get(i as usize).map(Some)
        }
    }

    /// Every string, in order.
    pub(crate) fn all(&self) -> Result<Vec<&'a str>, BinaryError> {
        (0..self.len()).map(|i| self.get(i)).collect()
    }
}

/// The `u32` that stands for no value (no claimant, no document, no language).
pub(crate) const NONE32: u32 = u32::MAX;
