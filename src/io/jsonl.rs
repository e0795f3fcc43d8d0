//! JSON Lines: one actor or claim per line, read as a stream.
//!
//! # Bad input
//!
//! Each line is read by serde with unknown fields refused, so a misspelled `polarty`
//! or `vaild` is an error naming the field and the line, not a claim stored as
//! asserted or valid always. Errors that fail a strict import (which then changes
//! nothing), or skips with `skip_invalid`, by [`SkipReason`](super::SkipReason):
//!
//! | reason | when |
//! |---|---|
//! | `InvalidUtf8`, `ByteOrderMark` | the line is not UTF-8, or holds U+FEFF after the start of the file |
//! | `Malformed` | the line is not JSON, or not one record (a truncated line) |
//! | `UnknownField`, `MissingField` | a field the record does not have, or one it needs |
//! | `InvalidValue` | a value the model refuses (an impossible date, a confidence outside `[0, 1]`) |
//! | `TooManyAttributions` | more evidence than [`Limits::attributions_per_row`](super::Limits::attributions_per_row) |
//! | `Rejected` | a claim naming an actor neither in the graph nor on an earlier line, an actor key of another kind |
//!
//! A line longer than [`Limits::line_bytes`](super::Limits::line_bytes) stops the import.

use std::collections::{BTreeSet, VecDeque};
use std::fmt;
use std::io::{BufRead, Read as _, Write};
use std::marker::PhantomData;
use std::str::FromStr;
use std::sync::mpsc;

use rayon::ThreadPool;
use rayon::prelude::*;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::import::{Invalid, Limits, Read, Record as ImportRecord, RecordReader, View};
use super::input::{Input, Numbered, check_bom, io_error};
use super::{IoError, Position, SkipReason};
use crate::ClaimGraph;
use crate::model::{
    Actor, ActorKey, Admiralty, Attribution, Claim, Document, Grade, ModelError, PartialDate,
    Polarity, Relation, StatementKind, ValidTime,
};

/// One line of a JSON Lines file: `{"actor": {...}}` or `{"claim": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Record {
    /// An actor. An existing key merges (new names and ids are added).
    Actor(Actor),
    /// A claim. Its actors must appear on earlier lines (or already be in the graph).
    Claim(Claim),
}

impl Record {
    /// Reads one line of JSON Lines (its line ending removed) as the importer does,
    /// with the importer's errors: the reason and the field, with no line (the caller
    /// knows it). Strings are read in place, a value straight into the model type.
    ///
    /// ```
    /// use claimgraph::io::{Record, SkipReason};
    /// let record = Record::parse_line(r#"{"actor":{"key":"iran","kind":"state","name":"Iran"}}"#)?;
    /// assert!(matches!(record, Record::Actor(a) if a.key.as_str() == "iran"));
    /// let e = Record::parse_line(r#"{"claim":{"polarty":"denied"}}"#).unwrap_err();
    /// assert_eq!(e.reason(), Some(SkipReason::UnknownField));
    /// assert_eq!(e.position().unwrap().field.as_deref(), Some("polarty"));
    /// # Ok::<(), claimgraph::io::IoError>(())
    /// ```
    pub fn parse_line(line: &str) -> Result<Record, IoError> {
        check_bom(line, None)
            .and_then(|()| parse_record(line))
            .map_err(|invalid| IoError::Invalid {
                position: Position {
                    line: None,
                    field: invalid.field,
                },
                reason: invalid.reason,
                detail: invalid.detail,
            })
    }
}

/// Writes every actor, then every claim, one JSON object per line.
pub(crate) fn write(graph: &ClaimGraph, mut writer: impl Write) -> Result<(), IoError> {
    let mut line = |record: &Record| -> Result<(), IoError> {
        super::json::write_value(&mut writer, record, false).map_err(std::io::Error::from)?;
        writer.write_all(b"\n")?;
        Ok(())
    };
    for actor in graph.actors() {
        line(&Record::Actor(actor.clone()))?;
    }
    for claim in graph.claims().map(|c| c.to_claim()) {
        line(&Record::Claim(claim))?;
    }
    Ok(())
}

/// Why serde refused a JSON value, as a typed reason with the field it names.
pub(crate) fn serde_invalid(e: &serde_json::Error) -> Invalid {
    let message = e.to_string();
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    match e.classify() {
        serde_json::error::Category::Data => {
            if let Some(field) = quoted("unknown field `") {
                Invalid::new(SkipReason::UnknownField, &message).at(field)
            } else if let Some(field) = quoted("missing field `") {
                Invalid::new(SkipReason::MissingField, &message).at(field)
            } else {
                Invalid::new(SkipReason::InvalidValue, &message)
            }
        }
        _ => Invalid::new(SkipReason::Malformed, &message),
    }
}

// ---------------------------------------------------------------------------------------
// Parsing one line
// ---------------------------------------------------------------------------------------

/// A model value read from a JSON string in place: the text serde_json hands over
/// (borrowed from the line, or unescaped into its scratch buffer) is parsed straight
/// into the value, with no `String` in between.
#[repr(transparent)]
#[derive(Default)]
struct Text<T>(T);

impl<'de, T: FromStr<Err = ModelError>> Deserialize<'de> for Text<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Parse<T>(PhantomData<T>);
        impl<T: FromStr<Err = ModelError>> Visitor<'_> for Parse<T> {
            type Value = Text<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<T>, E> {
                text.parse().map(Text).map_err(E::custom)
            }
        }
        d.deserialize_str(Parse(PhantomData))
    }
}

/// A grade read in place: a number is a confidence, a string an Admiralty grade, as
/// [`Grade`]'s own deserialiser reads them (which buffers the value to try each).
struct FastGrade(Grade);

impl<'de> Deserialize<'de> for FastGrade {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Read;
        impl Visitor<'_> for Read {
            type Value = FastGrade;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a confidence or an Admiralty grade")
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<FastGrade, E> {
                Grade::confidence(n).map(FastGrade).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<FastGrade, E> {
                self.visit_f64(n as f64)
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<FastGrade, E> {
                self.visit_f64(n as f64)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<FastGrade, E> {
                text.parse::<Admiralty>()
                    .map(|a| FastGrade(Grade::Admiralty(a)))
                    .map_err(E::custom)
            }
        }
        d.deserialize_any(Read)
    }
}

/// [`Document`] with its date read in place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FastDocument {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    published: Option<Text<PartialDate>>,
}

/// [`Attribution`] with its keys, dates and grade read in place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FastAttribution {
    #[serde(default)]
    claimant: Option<Text<ActorKey>>,
    #[serde(default)]
    outlet: Option<Text<ActorKey>>,
    #[serde(default)]
    relays: Vec<Text<ActorKey>>,
    #[serde(default)]
    document: Option<FastDocument>,
    #[serde(default)]
    excerpt: Option<String>,
    #[serde(default)]
    reported: Option<Text<PartialDate>>,
    grade: FastGrade,
}

/// [`Claim`] with its keys, relation, time and evidence read in place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FastClaim {
    subject: Text<ActorKey>,
    relation: Text<Relation>,
    object: Text<ActorKey>,
    #[serde(default)]
    polarity: Polarity,
    #[serde(default)]
    valid: Text<ValidTime>,
    #[serde(default)]
    statement: StatementKind,
    #[serde(default)]
    codes: BTreeSet<String>,
    #[serde(default)]
    external_ids: BTreeSet<String>,
    evidence: Vec<FastAttribution>,
}

/// [`Record`] read through the types above.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum FastRecord {
    Actor(Actor),
    Claim(FastClaim),
}

impl From<FastDocument> for Document {
    fn from(d: FastDocument) -> Document {
        Document {
            url: d.url,
            title: d.title,
            lang: d.lang,
            published: d.published.map(|t| t.0),
        }
    }
}

impl From<FastAttribution> for Attribution {
    fn from(a: FastAttribution) -> Attribution {
        Attribution {
            claimant: a.claimant.map(|t| t.0),
            outlet: a.outlet.map(|t| t.0),
            relays: a.relays.into_iter().map(|t| t.0).collect(),
            document: a.document.map(Document::from),
            excerpt: a.excerpt,
            reported: a.reported.map(|t| t.0),
            grade: a.grade.0,
        }
    }
}

impl From<FastRecord> for Record {
    fn from(r: FastRecord) -> Record {
        match r {
            FastRecord::Actor(actor) => Record::Actor(actor),
            FastRecord::Claim(claim) => Record::Claim(claim.into()),
        }
    }
}

impl From<FastClaim> for Claim {
    fn from(c: FastClaim) -> Claim {
        Claim {
            subject: c.subject.0,
            relation: c.relation.0,
            object: c.object.0,
            polarity: c.polarity,
            valid: c.valid.0,
            statement: c.statement,
            codes: c.codes,
            external_ids: c.external_ids,
            evidence: c.evidence.into_iter().map(Attribution::from).collect(),
        }
    }
}

/// One line of text (its line feed and carriage returns removed) as a record.
///
/// The fast types accept a subset of what [`Record`]'s derived deserialiser accepts,
/// and read it to the same value (`fast_and_reference_parsers_agree` checks it); a line
/// they refuse is read again by [`Record`]'s, so that every error is the one the
/// record's own types give, worded and positioned alike.
pub(crate) fn parse_record(text: &str) -> Result<Record, Invalid> {
    match serde_json::from_str::<FastRecord>(text) {
        Ok(record) => Ok(record.into()),
        Err(_) => serde_json::from_str::<Record>(text).map_err(|e| serde_invalid(&e)),
    }
}

/// One line's bytes, line feed included or not, as a record; `None` for a blank line.
fn parse_line(bytes: &[u8]) -> Option<Result<Record, Invalid>> {
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    match std::str::from_utf8(&bytes[..end]) {
        Ok(text) if text.trim().is_empty() => None,
        Ok(text) => Some(check_bom(text, None).and_then(|()| parse_record(text))),
        Err(e) => Some(Err(Invalid::new(SkipReason::InvalidUtf8, e.to_string()))),
    }
}

// ---------------------------------------------------------------------------------------
// Reading chunks of lines
// ---------------------------------------------------------------------------------------

/// A record read from a line, with the line's number.
type Parsed = Numbered<Record>;

/// Bytes read at once from the input, before cutting back to the last whole line.
pub(crate) const CHUNK_BYTES: usize = 1 << 20;

/// Bytes asked of the input at once.
const READ_BYTES: usize = 64 << 10;

/// Whole lines of the input, and the number of the first.
struct Chunk {
    bytes: Vec<u8>,
    first_line: usize,
}

impl Chunk {
    /// Every line with its number, blank ones included (each counts).
    fn lines(&self) -> impl Iterator<Item = (usize, &[u8])> {
        let mut rest = &self.bytes[..];
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let (line, after) = match rest.iter().position(|&b| b == b'\n') {
                Some(at) => rest.split_at(at + 1),
                None => (rest, &rest[rest.len()..]),
            };
            rest = after;
            Some(line)
        })
        .zip(self.first_line..)
        .map(|(line, n)| (n, line))
    }

    fn parse(&self) -> Vec<Parsed> {
        self.lines()
            .filter_map(|(n, line)| parse_line(line).map(|r| (n, r)))
            .collect()
    }

    /// The same records as [`Chunk::parse`], in the same order, parsed on the
    /// current rayon pool.
    fn parse_parallel(&self) -> Vec<Parsed> {
        let lines: Vec<(usize, &[u8])> = self.lines().collect();
        lines
            .into_par_iter()
            .filter_map(|(n, line)| parse_line(line).map(|r| (n, r)))
            .collect()
    }
}

/// What the reader has read ahead, in input order.
enum Ahead {
    /// Records parsed on the calling thread.
    Parsed(Vec<Parsed>),
    /// Records being parsed on the pool.
    Parsing(mpsc::Receiver<Vec<Parsed>>),
    /// The error that stopped reading, after every line before it.
    Failed(IoError),
}

/// The reader of JSON Lines: one record a line, blank lines ignored.
///
/// It reads chunks of whole lines and parses them, on the calling thread or, with a
/// pool, on the pool while the calling thread commits the chunk before. Records come
/// out in input order either way, and an error that stops reading comes after every
/// line before it, so the import is the same whatever the pool.
pub(crate) struct Reader<R> {
    input: Input<R>,
    /// The start of a line whose end is not read yet.
    carry: Vec<u8>,
    /// The number of the line `carry` starts.
    next_line: usize,
    /// Whether the input is exhausted or failed.
    done: bool,
    chunk_bytes: usize,
    pool: Option<ThreadPool>,
    ahead: VecDeque<Ahead>,
    ready: std::vec::IntoIter<Parsed>,
}

/// Chunks being parsed on the pool while the calling thread commits: enough to keep
/// every thread of the pool busy between two hand-overs.
const CHUNKS_AHEAD: usize = 3;

pub(crate) fn reader<R: BufRead>(
    reader: R,
    limits: Limits,
    chunk_bytes: usize,
    pool: Option<ThreadPool>,
) -> Reader<R> {
    Reader {
        input: Input::new(reader, limits.line_bytes).whole_lines_first(),
        carry: Vec::new(),
        next_line: 1,
        done: false,
        chunk_bytes: chunk_bytes.max(1),
        pool,
        ahead: VecDeque::new(),
        ready: Vec::new().into_iter(),
    }
}

impl<R: BufRead> Reader<R> {
    /// Reads the next chunk of whole lines (and the error that stopped reading, if
    /// one did); `None` at the end.
    fn read_chunk(&mut self) -> Option<(Chunk, Option<IoError>)> {
        if self.done {
            return None;
        }
        let mut bytes = std::mem::take(&mut self.carry);
        let mut filled = bytes.len();
        let mut scanned = 0;
        let mut error = None;
        let cut = loop {
            if bytes.len() < filled + READ_BYTES {
                // Doubling keeps the zeroing linear in what is read.
                bytes.resize(filled + READ_BYTES.max(filled), 0);
            }
            match self.input.read(&mut bytes[filled..]) {
                Ok(0) => {
                    self.done = true;
                    break filled;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    error = Some(io_error(e));
                    // The start of the line being read when reading failed is no line.
                    break bytes[..filled]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |at| at + 1);
                }
            }
            if filled >= self.chunk_bytes {
                if let Some(at) = bytes[scanned..filled].iter().rposition(|&b| b == b'\n') {
                    break scanned + at + 1;
                }
                scanned = filled;
            }
        };
        if !self.done {
            self.carry = bytes[cut..filled].to_vec();
        }
        bytes.truncate(cut);
        let first_line = self.next_line;
        let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
        self.next_line += newlines + usize::from(bytes.last().is_some_and(|&b| b != b'\n'));
        Some((Chunk { bytes, first_line }, error))
    }

    /// Reads ahead: one chunk parsed here, or, with a pool, chunks handed to it until
    /// [`CHUNKS_AHEAD`] are in flight.
    fn read_ahead(&mut self) {
        let wanted = if self.pool.is_some() { CHUNKS_AHEAD } else { 1 };
        while self.ahead.len() < wanted {
            let Some((chunk, error)) = self.read_chunk() else {
                return;
            };
            match &self.pool {
                Some(pool) => {
                    let (send, receive) = mpsc::channel();
                    pool.spawn(move || {
                        // The import may have stopped before this chunk; then nobody
                        // waits for it.
                        let _ = send.send(chunk.parse_parallel());
                    });
                    self.ahead.push_back(Ahead::Parsing(receive));
                }
                None => self.ahead.push_back(Ahead::Parsed(chunk.parse())),
            }
            if let Some(e) = error {
                self.ahead.push_back(Ahead::Failed(e));
                return;
            }
        }
    }
}

impl<R: BufRead> RecordReader for Reader<R> {
    type Raw = Record;

    fn next(&mut self) -> Result<Option<Read<Record>>, IoError> {
        loop {
            if let Some((line, record)) = self.ready.next() {
                return Ok(Some((Position::line(line), record)));
            }
            if self.ahead.is_empty() {
                self.read_ahead();
            }
            let parsed = match self.ahead.pop_front() {
                None => return Ok(None),
                Some(Ahead::Failed(e)) => return Err(e),
                Some(Ahead::Parsed(parsed)) => parsed,
                Some(Ahead::Parsing(receive)) => receive.recv().map_err(|_| {
                    IoError::Io(std::io::Error::other(
                        "a parsing thread of the pool stopped",
                    ))
                })?,
            };
            // Keep the pool busy while this chunk is committed.
            if self.pool.is_some() {
                self.read_ahead();
            }
            self.ready = parsed.into_iter();
        }
    }

    fn validate(
        &mut self,
        _: &Position,
        record: Record,
        _: &View<'_>,
        limits: &Limits,
    ) -> Result<ImportRecord, Invalid> {
        match record {
            Record::Actor(actor) => Ok(ImportRecord::Stage {
                actors: vec![actor],
                claims: Vec::new(),
            }),
            Record::Claim(claim) => {
                check_attributions(&claim, limits)?;
                Ok(ImportRecord::Stage {
                    actors: Vec::new(),
                    claims: vec![claim],
                })
            }
        }
    }
}

/// Refuses a claim with more attributions than the limit.
pub(crate) fn check_attributions(claim: &Claim, limits: &Limits) -> Result<(), Invalid> {
    let n = claim.evidence.len();
    if n > limits.attributions_per_row {
        return Err(Invalid::new(
            SkipReason::TooManyAttributions,
            format!(
                "{n} attributions, over the limit of {} (raise `Importer::max_attributions`)",
                limits.attributions_per_row
            ),
        )
        .at("evidence"));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::io::{Format, Importer, JsonDocument};
    use proptest::prelude::*;

    /// A field of a claim line: its name and the JSON text of its value, or `None`
    /// to leave it out.
    type Field = (&'static str, Option<&'static str>);

    /// Each field with values the model takes and values it refuses (wrong types,
    /// nulls, impossible dates, escapes that spell a valid key).
    fn claim_field(name: &'static str) -> BoxedStrategy<Field> {
        let (good, values): (usize, &'static [Option<&'static str>]) = match name {
            "subject" | "object" => (
                3,
                &[
                    Some(r#""a0""#),
                    Some(r#""a1""#),
                    Some(r#""a\u0032""#),
                    Some(r#""two words""#),
                    Some(r#""""#),
                    Some("7"),
                    None,
                ],
            ),
            "relation" => (
                5,
                &[
                    Some(r#""met_with""#),
                    Some(r#""criticizes""#),
                    Some(r#""cooperates:health""#),
                    Some(r#""involved_in:drug_trafficking""#),
                    Some(r#""custom:funds_channel""#),
                    Some(r#""flies_to""#),
                    Some("null"),
                    None,
                ],
            ),
            "polarity" => (
                3,
                &[
                    None,
                    Some(r#""asserted""#),
                    Some(r#""denied""#),
                    Some(r#""maybe""#),
                ],
            ),
            "valid" => (
                5,
                &[
                    None,
                    Some(r#""2023-07""#),
                    Some(r#""2020/..""#),
                    Some(r#""../2021-03-04""#),
                    Some(r#"".."""#),
                    Some(r#""2023-02-30""#),
                    Some(r#""""#),
                    Some("null"),
                    Some("2023"),
                ],
            ),
            "statement" => (
                3,
                &[
                    None,
                    Some(r#""tie""#),
                    Some(r#""assessment""#),
                    Some(r#""nope""#),
                ],
            ),
            "codes" => (
                3,
                &[None, Some(r#"["CAMEO:042"]"#), Some("[]"), Some(r#""x""#)],
            ),
            "external_ids" => (2, &[None, Some(r#"["gdelt:1","icews:2"]"#), Some("null")]),
            _ => unreachable!("no such field"),
        };
        prop_oneof![
            12 => proptest::sample::select(&values[..good]),
            1 => proptest::sample::select(values),
        ]
        .prop_map(move |v| (name, v))
        .boxed()
    }

    fn attribution() -> impl Strategy<Value = String> {
        let key: &'static [&'static str] = &[
            "",
            r#""claimant":"a3","#,
            r#""claimant":null,"#,
            r#""claimant":"bad key","#,
        ];
        let outlet: &'static [&'static str] = &["", r#""outlet":"a4","#, r#""outlet":"a\u00e9","#];
        let relays: &'static [&'static str] = &[
            "",
            r#""relays":[],"#,
            r#""relays":["a1","a2"],"#,
            r#""relays":[null],"#,
        ];
        let document: &'static [&'static str] = &[
            "",
            r#""document":{"url":"https://x.example/1","lang":"es","published":"2023-07-01"},"#,
            r#""document":{"title":"T \"q\"","published":null},"#,
            r#""document":{"published":"2023-13"},"#,
            r#""document":{"uri":"x"},"#,
            r#""document":null,"#,
        ];
        let rest: &'static [&'static str] = &[
            "",
            r#""excerpt":"he said \"yes\"","#,
            r#""excerpt":null,"#,
            r#""reported":"2023-07-01","#,
            r#""reported":"2023-7","#,
            r#""reported":null,"#,
            r#""gradee":1,"#,
        ];
        let grade: &'static [&'static str] = &[
            r#""grade":0.5"#,
            r#""grade":1"#,
            r#""grade":0"#,
            r#""grade":-0.0"#,
            r#""grade":0.30000000000000004"#,
            r#""grade":"B2""#,
            r#""grade":"b2""#,
            r#""grade":"\u0042\u0033""#,
            r#""grade":1.5"#,
            r#""grade":-1"#,
            r#""grade":"G7""#,
            r#""grade":"0.5""#,
            r#""grade":true"#,
            r#""grade":null"#,
            r#""grade":[1]"#,
            r#""grade":{"a":1}"#,
            r#""grade":1e400"#,
            r#""grade":18446744073709551616"#,
            r#""document":{}"#,
        ];
        (
            prop_oneof![6 => Just(key[1]), 1 => proptest::sample::select(key)],
            prop_oneof![3 => Just(outlet[0]), 1 => Just(outlet[1]), 1 => proptest::sample::select(outlet)],
            proptest::sample::select(relays),
            prop_oneof![3 => proptest::sample::select(&document[..3]), 1 => proptest::sample::select(document)],
            prop_oneof![3 => Just(rest[0]), 1 => proptest::sample::select(rest)],
            prop_oneof![6 => proptest::sample::select(&grade[..8]), 1 => proptest::sample::select(grade)],
        )
            .prop_map(|(k, o, r, d, x, g)| format!("{{{k}{o}{r}{d}{x}{g}}}"))
    }

    /// A claim line, valid or spoilt in one or more ways, fields in any order.
    /// A claim object, valid or spoilt in one or more ways, fields in any order.
    pub(crate) fn claim_object() -> impl Strategy<Value = String> {
        let fields = [
            "subject",
            "relation",
            "object",
            "polarity",
            "valid",
            "statement",
            "codes",
            "external_ids",
        ]
        .map(claim_field);
        (
            fields,
            prop::collection::vec(attribution(), 0..4),
            prop_oneof![6 => Just(2u8), 1 => 0u8..4],
            any::<bool>(),
        )
            .prop_map(|(fields, evidence, evidence_how, reverse)| {
                let mut parts: Vec<String> = fields
                    .iter()
                    .filter_map(|(name, value)| value.map(|v| format!(r#""{name}":{v}"#)))
                    .collect();
                match evidence_how {
                    0 => {}
                    1 => parts.push(r#""evidence":{}"#.to_owned()),
                    _ => parts.push(format!(r#""evidence":[{}]"#, evidence.join(","))),
                }
                if reverse {
                    parts.reverse();
                }
                format!("{{{}}}", parts.join(","))
            })
    }

    /// A claim line, valid or spoilt in one or more ways.
    fn claim_line() -> impl Strategy<Value = String> {
        (claim_object(), prop_oneof![6 => Just(5u8), 1 => 0u8..6]).prop_map(|(claim, wrap)| {
            match wrap {
                0 => format!(r#"{{"claim":{claim},"actor":{{}}}}"#),
                1 => format!(r#"{{"claim":{claim}"#),
                2 => format!(
                    r#"{{"claim":{}}}"#,
                    claim.replacen("\"subject\"", "\"polarty\":\"denied\",\"subject\"", 1)
                ),
                3 => format!(r#"{{"claim":{claim}}} x"#),
                4 => r#""claim""#.to_owned(),
                _ => format!(r#"{{ "claim" : {claim} }}"#),
            }
        })
    }

    /// A claim line the store takes, given the actors `file` starts with.
    fn good_claim_line() -> impl Strategy<Value = String> {
        let relations: &'static [&'static str] = &[
            "met_with",
            "criticizes",
            "cooperates:health",
            "signed_agreement",
        ];
        let grades: &'static [&'static str] = &["0.5", "1", "-0.0", "\"B2\"", "\"f6\""];
        (
            0usize..3,
            1usize..3,
            proptest::sample::select(relations),
            1u32..13,
            prop::collection::vec((0u8..3, proptest::sample::select(grades)), 1..4),
        )
            .prop_map(|(s, d, relation, month, evidence)| {
                let evidence: Vec<String> = evidence
                    .into_iter()
                    .map(|(who, grade)| {
                        let who = match who {
                            0 => r#""claimant":"a3""#,
                            1 => r#""outlet":"a4""#,
                            _ => r#""claimant":"a3","outlet":"a4","relays":["a4"]"#,
                        };
                        format!(r#"{{{who},"grade":{grade}}}"#)
                    })
                    .collect();
                format!(
                    r#"{{"claim":{{"subject":"a{s}","relation":"{relation}","object":"a{}","valid":"2023-{month:02}","evidence":[{}]}}}}"#,
                    (s + d) % 3,
                    evidence.join(",")
                )
            })
    }

    fn actor_line() -> impl Strategy<Value = String> {
        (0u32..6, 0u8..4).prop_map(|(i, how)| match how {
            0 => format!(r#"{{"actor":{{"key":"a{i}","kind":"state","name":"State {i}"}}}}"#),
            1 => format!(r#"{{"actor":{{"key":"a{i}","kind":"person","name":"P {i}"}}}}"#),
            2 => format!(r#"{{"actor":{{"key":"a{i}","kind":"planet","name":"X"}}}}"#),
            _ => format!(
                r#"{{"actor":{{"key":"a{i}","kind":"media_outlet","name":"O {i}","aliases":[{{"name":"Ö","lang":"de"}}]}}}}"#
            ),
        })
    }

    /// What the record's own derived deserialiser makes of a line, as the pipeline
    /// words it.
    fn reference(text: &str) -> Result<Record, Invalid> {
        serde_json::from_str::<Record>(text).map_err(|e| serde_invalid(&e))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The fast types accept exactly the lines the record's own types accept, and
        /// read them to the same record; so every error is the reference one.
        #[test]
        fn fast_and_reference_parsers_agree(line in prop_oneof![3 => claim_line(), 1 => actor_line()]) {
            let fast = serde_json::from_str::<FastRecord>(&line).map(Record::from);
            let slow = reference(&line);
            match (&fast, &slow) {
                (Ok(f), Ok(s)) => {
                    prop_assert_eq!(f, s);
                    // And to the bit: -0.0 and 0.30000000000000004 stay what they are.
                    prop_assert_eq!(serde_json::to_string(f).unwrap(), serde_json::to_string(s).unwrap());
                }
                (Err(_), Err(_)) => {}
                _ => prop_assert!(false, "fast {:?} but reference {:?} on {}", fast.is_ok(), slow, line),
            }
            prop_assert_eq!(parse_record(&line), slow);
        }
    }

    #[test]
    fn the_fast_path_reads_escapes_numbers_and_grades() {
        let line = r#"{"claim":{"subject":"a\u0030","relation":"cooperates:health","object":"a1","valid":"2020/..","evidence":[{"claimant":"a2","grade":1},{"outlet":"a3","relays":["a4"],"document":{"url":"https://x.example/\"1\"","published":"2023-07-01"},"grade":"c3"}]}}"#;
        let fast = serde_json::from_str::<FastRecord>(line).map(Record::from);
        let Ok(Record::Claim(claim)) = fast else {
            panic!("the fast types read the line");
        };
        assert_eq!(claim.subject.as_str(), "a0");
        assert_eq!(claim.relation.to_string(), "cooperates:health");
        assert_eq!(claim.valid.to_string(), "2020/..");
        assert_eq!(claim.evidence[0].grade, Grade::Confidence(1.0));
        assert_eq!(claim.evidence[1].grade.to_string(), "C3");
        assert_eq!(claim.evidence[1].relays[0].as_str(), "a4");
        let document = claim.evidence[1].document.as_ref().unwrap();
        assert_eq!(document.url.as_deref(), Some("https://x.example/\"1\""));
        assert_eq!(document.published.unwrap().to_string(), "2023-07-01");
    }

    #[test]
    fn errors_are_the_reference_ones() {
        // A value the model refuses is worded by the model, positioned by serde_json.
        let line = r#"{"claim":{"subject":"a0","relation":"met_with","object":"a1","valid":"2023-02-30","evidence":[]}}"#;
        let e = parse_record(line).unwrap_err();
        assert_eq!(e.reason, SkipReason::InvalidValue);
        assert_eq!(e.field, None);
        assert_eq!(
            e.detail,
            "invalid date \"2023-02-30\": day 30 does not exist in that month at line 1 column 81"
        );
        let line = r#"{"claim":{"subject":"a0","relation":"met_with","polarty":"denied"}}"#;
        let e = parse_record(line).unwrap_err();
        assert_eq!(
            (e.reason, e.field.as_deref()),
            (SkipReason::UnknownField, Some("polarty"))
        );
        let e = parse_record(r#"{"claim":{"grade":true}}"#).unwrap_err();
        assert_eq!(e, reference(r#"{"claim":{"grade":true}}"#).unwrap_err());
    }

    #[test]
    fn every_line_before_one_over_the_limit_is_committed() {
        let data = concat!(
            r#"{"actor":{"key":"a0","kind":"state","name":"A0"}}"#,
            "\n",
            r#"{"actor":{"key":"a1","kind":"state","name":"A1"}}"#,
            "\n",
            r#"{"actor":{"key":"a2","kind":"state","name":"A name too long for the limit"}}"#,
            "\n",
            r#"{"actor":{"key":"a3","kind":"state","name":"A3"}}"#,
            "\n",
        );
        for threads in [1, 2] {
            let mut g = ClaimGraph::new();
            let failed = Importer::from_format(Format::JsonLines)
                .skip_invalid(true)
                .max_line_bytes(60)
                .threads(threads)
                .import(data.as_bytes(), &mut g)
                .unwrap_err();
            assert_eq!(failed.error.reason(), Some(SkipReason::LineTooLong));
            assert_eq!(failed.error.position(), Some(&Position::line(3)));
            assert_eq!((failed.report.read, failed.report.committed), (2, 2));
            let keys: Vec<&str> = g.actors().map(|a| a.key.as_str()).collect();
            assert_eq!(keys, ["a0", "a1"]);
        }
    }

    /// A file of actor and claim lines, blank lines, CRLF endings, lines that are not
    /// UTF-8 and misplaced byte-order marks.
    fn file() -> impl Strategy<Value = Vec<u8>> {
        let line = prop_oneof![
            4 => actor_line().prop_map(String::into_bytes),
            8 => good_claim_line().prop_map(String::into_bytes),
            4 => claim_line().prop_map(String::into_bytes),
            1 => Just(Vec::new()),
            1 => Just(b"  \t ".to_vec()),
            1 => Just(b"{\"actor\":\xff}".to_vec()),
            1 => Just("\u{feff}{}".as_bytes().to_vec()),
        ];
        (
            prop::collection::vec((line, any::<bool>()), 0..40),
            any::<bool>(),
        )
            .prop_map(|(lines, last_newline)| {
                // A byte-order mark, allowed at the start, and actors for the claims.
                let mut out = "\u{feff}".as_bytes().to_vec();
                for (i, kind) in ["state", "state", "state", "person", "media_outlet"]
                    .iter()
                    .enumerate()
                {
                    let line =
                        format!(r#"{{"actor":{{"key":"a{i}","kind":"{kind}","name":"A{i}"}}}}"#);
                    out.extend_from_slice(line.as_bytes());
                    out.push(b'\n');
                }
                for (i, (line, crlf)) in lines.iter().enumerate() {
                    out.extend_from_slice(line);
                    if i + 1 < lines.len() || last_newline {
                        out.extend_from_slice(if *crlf { b"\r\n" } else { b"\n" });
                    }
                }
                out
            })
    }

    /// Everything an import leaves: the graph's document, the report, the error.
    fn outcome(importer: &Importer, data: &[u8], graph: &ClaimGraph) -> (String, String) {
        let mut g = graph.clone();
        let result = importer.import(data, &mut g);
        let document = serde_json::to_string(&JsonDocument::from_graph(&g)).unwrap();
        (document, format!("{result:?}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Serial and parallel imports, in chunks of any size (down to one byte, so
        /// that every line straddles chunks), leave the same graph, report and error.
        #[test]
        fn parallel_and_chunked_imports_equal_the_serial_one(
            data in file(),
            skip in any::<bool>(),
            start_empty in any::<bool>(),
            chunk in 1usize..300,
            threads in prop_oneof![Just(0usize), Just(2), Just(3)],
            max_line in prop_oneof![Just(16usize << 20), 60usize..400],
        ) {
            let mut graph = ClaimGraph::new();
            if !start_empty {
                graph.add_actor(Actor::new("a0", crate::model::ActorKind::State, "State 0").unwrap()).unwrap();
            }
            let base = Importer::from_format(Format::JsonLines)
                .skip_invalid(skip)
                .max_line_bytes(max_line);
            let serial = outcome(&base, &data, &graph);
            prop_assert_eq!(&outcome(&base.clone().chunk_bytes(chunk), &data, &graph), &serial);
            let parallel = base.clone().threads(threads).chunk_bytes(chunk);
            prop_assert_eq!(&outcome(&parallel, &data, &graph), &serial);
        }
    }
}
