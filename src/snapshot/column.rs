//! A snapshot array that is either its own allocation or a run of a mapped file.

use std::ops::Deref;
use std::sync::Arc;

use bytemuck::Pod;
use memmap2::Mmap;

/// The elements of one snapshot array: built in memory, or a section of a mapped
/// snapshot file used in place.
///
/// A mapped column's bytes were checked when the file was opened (length, alignment
/// and checksum, see `super::file`), so viewing them as `&[T]` cannot fail later.
#[derive(Debug, Clone)]
pub(crate) enum Column<T> {
    Owned(Vec<T>),
    Mapped {
        map: Arc<Mmap>,
        start: usize,
        len: usize,
    },
}

impl<T: Pod> Column<T> {
    /// Bytes of this column allocated on the heap (a mapped column has none).
    pub(crate) fn heap_bytes(&self) -> usize {
        match self {
            Column::Owned(v) => v.capacity() * std::mem::size_of::<T>(),
            Column::Mapped { .. } => 0,
        }
    }
}

impl<T: Pod> Deref for Column<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match self {
            Column::Owned(v) => v,
            Column::Mapped { map, start, len } => {
                // `open` checked the run's bounds and alignment with `try_cast_slice`.
                bytemuck::cast_slice(&map[*start..*start + *len * std::mem::size_of::<T>()])
            }
        }
    }
}

impl<T> From<Vec<T>> for Column<T> {
    fn from(v: Vec<T>) -> Self {
        Column::Owned(v)
    }
}
