//! The reader stage's shared part: bytes in, lines or delimited rows out, each with
//! its line number; a byte-order mark at the start stripped, one anywhere else, invalid
//! UTF-8 and over-long lines reported where they are.

use std::io::{self, BufRead, BufReader, Read};

use super::import::Invalid;
use super::{IoError, Position, SkipReason};

/// The UTF-8 byte-order mark.
const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// A line longer than the limit, carried through `io::Error` (the csv crate reads
/// through it) and turned back into [`IoError::Invalid`] by [`io_error`].
#[derive(Debug)]
struct LineTooLong {
    line: usize,
    limit: usize,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} is longer than {} bytes", self.line, self.limit)
    }
}

impl std::error::Error for LineTooLong {}

/// The bytes of an input with a leading byte-order mark removed and every line's
/// length checked against a limit as the bytes go by.
pub(crate) struct Input<R> {
    inner: R,
    /// Bytes read ahead to look for a byte-order mark, not yet handed out.
    head: Vec<u8>,
    started: bool,
    /// Line of the next byte (1-based).
    line: usize,
    /// Bytes since the last line feed.
    run: usize,
    limit: usize,
    /// Bytes handed out so far.
    offset: u64,
    /// Offsets of the line feeds handed out and not yet asked about by
    /// [`Input::line_at`] (only when `track` is set).
    newlines: std::collections::VecDeque<u64>,
    /// Lines that ended before the first offset of `newlines`.
    lines_before: usize,
    track: bool,
    /// Whether the current line holds an odd number of `"` so far, and the finished
    /// lines that did (only when `track` is set).
    quote_odd: bool,
    odd_lines: std::collections::BTreeSet<usize>,
    /// Whether the whole lines read before a line over the limit are handed out
    /// before the error (see [`Input::whole_lines_first`]).
    whole_lines_first: bool,
    /// The line found over the limit, once the lines before it have been handed out.
    too_long_at: Option<usize>,
}

impl<R: BufRead> Input<R> {
    pub(crate) fn new(inner: R, limit: usize) -> Self {
        Input {
            inner,
            head: Vec::new(),
            started: false,
            line: 1,
            run: 0,
            limit,
            offset: 0,
            newlines: std::collections::VecDeque::new(),
            lines_before: 0,
            track: false,
            quote_odd: false,
            odd_lines: std::collections::BTreeSet::new(),
            whole_lines_first: false,
            too_long_at: None,
        }
    }

    /// Hands out every whole line read before a line over the limit, then fails on
    /// every read: what a reader gets before the error no longer depends on the sizes
    /// of its reads. (Without it, the lines ending in the read that meets the long
    /// line are lost with it.)
    pub(crate) fn whole_lines_first(mut self) -> Self {
        self.whole_lines_first = true;
        self
    }

    /// Whether a line of `first..=last` has a quote that does not close on it.
    fn unbalanced(&self, first: usize, last: usize) -> bool {
        self.odd_lines.range(first..=last).next().is_some() || (last >= self.line && self.quote_odd)
    }

    /// Keeps the offsets of line feeds, for [`Input::line_at`].
    fn tracking(mut self) -> Self {
        self.track = true;
        self
    }

    /// The 1-based line of the byte at `offset`. Offsets asked about must not
    /// decrease: line feeds before them are forgotten.
    fn line_at(&mut self, offset: u64) -> usize {
        while self.newlines.front().is_some_and(|&n| n < offset) {
            self.newlines.pop_front();
            self.lines_before += 1;
        }
        self.lines_before + 1
    }

    fn start(&mut self) -> io::Result<()> {
        self.started = true;
        while self.head.len() < BOM.len() {
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                break;
            }
            let n = available.len().min(BOM.len() - self.head.len());
            self.head.extend_from_slice(&available[..n]);
            self.inner.consume(n);
        }
        if self.head == BOM {
            self.head.clear();
        }
        Ok(())
    }

    /// Counts lines in bytes handed out; on a line over the limit, fails with the
    /// number of bytes of the whole lines before it.
    fn account(&mut self, bytes: &[u8]) -> Result<(), usize> {
        let mut whole = 0;
        let mut segments = bytes.split(|&b| b == b'\n').peekable();
        while let Some(segment) = segments.next() {
            self.run += segment.len();
            self.offset += segment.len() as u64;
            if self.track && segment.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
                self.quote_odd = !self.quote_odd;
            }
            if self.run > self.limit {
                return Err(whole);
            }
            if segments.peek().is_some() {
                if self.track {
                    self.newlines.push_back(self.offset);
                    if std::mem::take(&mut self.quote_odd) {
                        self.odd_lines.insert(self.line);
                    }
                }
                whole += segment.len() + 1;
                self.offset += 1;
                self.line += 1;
                self.run = 0;
            }
        }
        Ok(())
    }

    fn too_long(&self, line: usize) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            LineTooLong {
                line,
                limit: self.limit,
            },
        )
    }
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(line) = self.too_long_at {
            return Err(self.too_long(line));
        }
        if !self.started {
            self.start()?;
        }
        let from_head = self.head.len().min(buf.len());
        buf[..from_head].copy_from_slice(&self.head[..from_head]);
        self.head.drain(..from_head);
        let rest = &mut buf[from_head..];
        let n = if rest.is_empty() {
            from_head
        } else {
            // A reader that hands out the few bytes read for the mark alone would make
            // the first line look three bytes long to whoever peeks at it.
            let available = self.inner.fill_buf()?;
            let n = available.len().min(rest.len());
            rest[..n].copy_from_slice(&available[..n]);
            self.inner.consume(n);
            from_head + n
        };
        match self.account(&buf[..n]) {
            Ok(()) => Ok(n),
            // The lines that ended before the long one in this read go out first, so
            // that a skipping import commits every record before the error (as the
            // pipeline's module docs promise), whatever the sizes of the reads.
            Err(whole) if self.whole_lines_first => {
                self.too_long_at = Some(self.line);
                if whole == 0 {
                    Err(self.too_long(self.line))
                } else {
                    Ok(whole)
                }
            }
            Err(_) => Err(self.too_long(self.line)),
        }
    }
}

/// An `io::Error` from reading an [`Input`] as an [`IoError`]: a line over the limit
/// becomes [`SkipReason::LineTooLong`] at its line.
pub(crate) fn io_error(e: io::Error) -> IoError {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<LineTooLong>())
    {
        Some(LineTooLong { line, limit }) => IoError::Invalid {
            position: Position::line(*line),
            reason: SkipReason::LineTooLong,
            detail: format!("longer than {limit} bytes (raise `Importer::max_line_bytes`)"),
        },
        None => IoError::Io(e),
    }
}

/// Checks decoded text for a byte-order mark, which is only allowed (and stripped) at
/// the very start of the input.
pub(crate) fn check_bom(text: &str, field: Option<&str>) -> Result<(), Invalid> {
    match text.find('\u{feff}') {
        None => Ok(()),
        Some(at) => Err(Invalid {
            field: field.map(str::to_owned),
            reason: SkipReason::ByteOrderMark,
            detail: format!("a byte-order mark (U+FEFF) at byte {at} of the text"),
        }),
    }
}

/// A line number with what was read there, or why it could not be read.
pub(crate) type Numbered<T> = (usize, Result<T, Invalid>);

/// Text lines, blank ones left out: the reader stage of the line-based formats.
pub(crate) struct Lines<R> {
    reader: BufReader<Input<R>>,
    bytes: Vec<u8>,
    line: usize,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(reader: R, limit: usize) -> Self {
        Lines {
            reader: BufReader::new(Input::new(reader, limit)),
            bytes: Vec::new(),
            line: 0,
        }
    }

    /// The next non-blank line with its number, decoded; `None` at the end.
    pub(crate) fn next_line(&mut self) -> Result<Option<Numbered<String>>, IoError> {
        loop {
            self.bytes.clear();
            if self
                .reader
                .read_until(b'\n', &mut self.bytes)
                .map_err(io_error)?
                == 0
            {
                return Ok(None);
            }
            self.line += 1;
            while matches!(self.bytes.last(), Some(b'\n' | b'\r')) {
                self.bytes.pop();
            }
            let text = match std::str::from_utf8(&self.bytes) {
                Ok(t) if t.trim().is_empty() => continue,
                Ok(t) => check_bom(t, None).map(|()| t.to_owned()),
                Err(e) => Err(Invalid::new(SkipReason::InvalidUtf8, e.to_string())),
            };
            return Ok(Some((self.line, text)));
        }
    }
}

/// How a delimited file is written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dialect {
    pub(crate) delimiter: u8,
    pub(crate) quoting: bool,
    pub(crate) trim: bool,
}

/// Delimited rows read through the `csv` crate: the reader stage of GDELT, ICEWS and
/// Bitcoin-OTC.
pub(crate) struct Rows<R> {
    csv: csv::Reader<BufReader<Input<R>>>,
    record: csv::ByteRecord,
    quoting: bool,
}

impl<R: BufRead> Rows<R> {
    /// Rows of `reader`; `dialect` chooses it from the first line of the input.
    pub(crate) fn new(
        reader: R,
        limit: usize,
        dialect: impl FnOnce(&[u8]) -> Dialect,
    ) -> Result<Self, IoError> {
        let mut buffered = BufReader::with_capacity(1 << 16, Input::new(reader, limit).tracking());
        let head = buffered.fill_buf().map_err(io_error)?;
        let first = head.split(|&b| b == b'\n').next().unwrap_or(head);
        let d = dialect(first);
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d.delimiter)
            .quoting(d.quoting)
            .trim(if d.trim {
                csv::Trim::All
            } else {
                csv::Trim::None
            })
            .from_reader(buffered);
        Ok(Rows {
            csv,
            record: csv::ByteRecord::new(),
            quoting: d.quoting,
        })
    }

    /// The next non-blank row with its line, decoded; `None` at the end. A field that
    /// is not UTF-8 or holds a byte-order mark is named by `column`.
    pub(crate) fn next_row(
        &mut self,
        column: impl Fn(usize) -> String,
    ) -> Result<Option<Numbered<csv::StringRecord>>, IoError> {
        loop {
            let more =
                self.csv
                    .read_byte_record(&mut self.record)
                    .map_err(|e| match e.into_kind() {
                        csv::ErrorKind::Io(e) => io_error(e),
                        other => IoError::Invalid {
                            position: Position::default(),
                            reason: SkipReason::Malformed,
                            detail: format!("{other:?}"),
                        },
                    })?;
            if !more {
                return Ok(None);
            }
            // The csv crate counts neither the blank lines it passes over nor, in its
            // record positions, where the record really starts after them: the line is
            // that of the record's last byte, less the line feeds inside its fields.
            let end = self.csv.position().byte().saturating_sub(1);
            let inside = self
                .record
                .as_slice()
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            let input = self.csv.get_mut().get_mut();
            let last = input.line_at(end);
            let line = last - inside;
            // The csv crate reads an unclosed quote to the end of the input without a
            // word: a line cut inside a quoted field would pass as a shorter value.
            if self.quoting && input.unbalanced(line, last) {
                let invalid = Invalid::new(
                    SkipReason::Malformed,
                    format!("a quoted field does not close on line {line} (truncated line?)"),
                );
                return Ok(Some((line, Err(invalid))));
            }
            if self
                .record
                .iter()
                .all(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                continue;
            }
            let decoded =
                match csv::StringRecord::from_byte_record(std::mem::take(&mut self.record)) {
                    Ok(r) => r
                        .iter()
                        .enumerate()
                        .try_for_each(|(i, f)| check_bom(f, Some(&column(i))))
                        .map(|()| r),
                    Err(e) => {
                        let field = e.utf8_error().field();
                        Err(
                            Invalid::new(SkipReason::InvalidUtf8, e.utf8_error().to_string())
                                .at(column(field)),
                        )
                    }
                };
            return Ok(Some((line, decoded)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader handing out one byte at a time, so that the mark and every line
    /// straddle reads.
    fn trickle(bytes: &[u8]) -> BufReader<&[u8]> {
        BufReader::with_capacity(1, bytes)
    }

    #[test]
    fn the_mark_is_stripped_even_when_it_comes_a_byte_at_a_time() {
        let mut out = Vec::new();
        Input::new(trickle("\u{feff}a\nb".as_bytes()), 10)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"a\nb");
        // A prefix of the mark that is not the mark is kept.
        let mut out = Vec::new();
        Input::new(trickle(&[0xEF, 0xBB, b'x']), 10)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, [0xEF, 0xBB, b'x']);
    }

    #[test]
    fn lines_are_counted_and_limited_across_reads() {
        let data = b"12345\n123456\n1234567\n";
        let mut lines = Lines::new(trickle(data), 6);
        assert_eq!(
            lines.next_line().unwrap(),
            Some((1, Ok("12345".to_owned())))
        );
        assert_eq!(
            lines.next_line().unwrap(),
            Some((2, Ok("123456".to_owned())))
        );
        let e = lines.next_line().unwrap_err();
        assert_eq!(e.position(), Some(&Position::line(3)));
        assert_eq!(e.reason(), Some(SkipReason::LineTooLong));
    }

    #[test]
    fn whole_lines_go_out_before_the_error_when_asked() {
        let data = b"12\n34\n5678\n9\n";
        // One read meets the long line: by default its two whole lines go with it.
        let mut plain = Input::new(&data[..], 3);
        assert!(plain.read(&mut [0; 64]).is_err());
        let mut first = Input::new(&data[..], 3).whole_lines_first();
        let mut buf = [0; 64];
        assert_eq!(first.read(&mut buf).unwrap(), 6);
        assert_eq!(&buf[..6], b"12\n34\n");
        for _ in 0..2 {
            let e = io_error(first.read(&mut buf).unwrap_err());
            assert_eq!(e.position(), Some(&Position::line(3)));
            assert_eq!(e.reason(), Some(SkipReason::LineTooLong));
        }
    }

    #[test]
    fn rows_know_their_lines_after_blank_lines_and_line_breaks_in_quotes() {
        let data = "a,b\n\n\nc,\"d\ne\"\nf,g\n";
        let mut rows = Rows::new(trickle(data.as_bytes()), 100, |_| Dialect {
            delimiter: b',',
            quoting: true,
            trim: false,
        })
        .unwrap();
        let column = |i: usize| format!("column {i}");
        let mut lines = Vec::new();
        while let Some((line, row)) = rows.next_row(column).unwrap() {
            lines.push((line, row.map(|r| r.len()).map_err(|e| e.reason)));
        }
        // A field may not run over a line (no format read here has one that does):
        // the record is refused, and the next one still knows its line.
        assert_eq!(
            lines,
            [(1, Ok(2)), (4, Err(SkipReason::Malformed)), (6, Ok(2))]
        );
    }

    #[test]
    fn an_unclosed_quote_is_malformed() {
        let data = "a,b\nc,\"d";
        let mut rows = Rows::new(data.as_bytes(), 100, |_| Dialect {
            delimiter: b',',
            quoting: true,
            trim: false,
        })
        .unwrap();
        let column = |i: usize| format!("column {i}");
        assert!(rows.next_row(column).unwrap().unwrap().1.is_ok());
        let (line, row) = rows.next_row(column).unwrap().unwrap();
        assert_eq!(line, 2);
        assert_eq!(row.unwrap_err().reason, SkipReason::Malformed);
    }
}
