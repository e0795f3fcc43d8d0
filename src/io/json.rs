//! The versioned JSON document: the whole graph in one value.
//!
//! An import of a document is all or nothing, `skip_invalid` or not. Unknown fields
//! are refused (with the line where parsing stopped), and so is an actor key given
//! twice in the document, or already in the graph with another kind, name or aliases
//! (a [`SkipReason::DuplicateKey`](super::SkipReason::DuplicateKey) naming both
//! items, such as `actors[7]` and `actors[2]`); an actor identical to the stored one
//! merges into it.

use std::collections::HashMap;
use std::io::{BufRead, Read as _, Write};

use serde::{Deserialize, Serialize};

use super::import::{Invalid, Limits, Read, Record, RecordReader, View};
use super::input::{Input, check_bom, io_error};
use super::jsonl::{FastClaim, check_attributions, serde_invalid};
use super::{IoError, Position, SkipReason};
use crate::ClaimGraph;
use crate::model::{Actor, ActorKey, Claim};
use crate::store::{Batch, StoreError};

/// The document format version this crate writes and reads.
pub const JSON_VERSION: u64 = 1;

/// The JSON document: `{"format": "claimgraph", "version": 1, "actors": [...], "claims": [...]}`.
///
/// Actors come in insertion order, claims in id order; each claim carries its
/// evidence. Confidence is not written: it is derived from the evidence on load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonDocument {
    /// Always `"claimgraph"`.
    pub format: String,
    /// The format version ([`JSON_VERSION`]).
    pub version: u64,
    /// Every actor.
    pub actors: Vec<Actor>,
    /// Every claim.
    pub claims: Vec<Claim>,
}

impl JsonDocument {
    /// The document of a graph.
    pub fn from_graph(graph: &ClaimGraph) -> Self {
        JsonDocument {
            format: "claimgraph".to_owned(),
            version: JSON_VERSION,
            actors: graph.actors().cloned().collect(),
            claims: graph.claims().map(|c| c.to_claim()).collect(),
        }
    }

    /// Builds a new graph from the document, all at once: any rejected actor or claim
    /// fails the whole load.
    pub fn into_graph(self) -> Result<ClaimGraph, IoError> {
        if self.version != JSON_VERSION {
            return Err(IoError::Version {
                found: self.version,
                supported: JSON_VERSION,
            });
        }
        let mut graph = ClaimGraph::new();
        let mut batch = Batch::new();
        let actors = self.actors.len();
        self.actors.into_iter().for_each(|a| batch.push_actor(a));
        self.claims.into_iter().for_each(|c| batch.push_claim(c));
        graph.apply(batch).map_err(|e| match e {
            StoreError::Batch { index, source } => IoError::Store {
                position: Position::item(if index < actors {
                    format!("actors[{index}]")
                } else {
                    format!("claims[{}]", index - actors)
                }),
                source: *source,
            },
            source => IoError::Store {
                position: Position::default(),
                source,
            },
        })?;
        Ok(graph)
    }
}

/// Writes the graph as a pretty-printed JSON document.
pub(crate) fn write(graph: &ClaimGraph, writer: impl Write) -> Result<(), IoError> {
    write_value(writer, &JsonDocument::from_graph(graph), true).map_err(|e| {
        if e.is_io() {
            IoError::Io(e.into())
        } else {
            IoError::Write {
                message: e.to_string(),
            }
        }
    })
}

/// A `serde_json` formatter that writes U+FEFF inside strings as the escape `\ufeff`:
/// a byte-order mark is only allowed at the start of an input, so nothing this crate
/// writes may hold one raw, whatever the names in the graph.
struct NoBom<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for NoBom<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut parts = fragment.split('\u{feff}');
        if let Some(first) = parts.next() {
            self.0.write_string_fragment(writer, first)?;
        }
        for part in parts {
            writer.write_all(b"\\ufeff")?;
            self.0.write_string_fragment(writer, part)?;
        }
        Ok(())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as JSON (pretty or compact) with U+FEFF escaped (see `NoBom`).
pub(crate) fn write_value<T: Serialize + ?Sized>(
    writer: impl Write,
    value: &T,
    pretty: bool,
) -> serde_json::Result<()> {
    if pretty {
        let formatter = NoBom(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(
            writer, formatter,
        ))
    } else {
        let formatter = NoBom(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(
            writer, formatter,
        ))
    }
}

/// [`JsonDocument`] with its claims read as JSON Lines reads them: keys, relations,
/// dates and grades straight from the text (see `jsonl::FastClaim`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FastJsonDocument {
    format: String,
    version: u64,
    actors: Vec<Actor>,
    claims: Vec<FastClaim>,
}

impl From<FastJsonDocument> for JsonDocument {
    fn from(d: FastJsonDocument) -> JsonDocument {
        JsonDocument {
            format: d.format,
            version: d.version,
            actors: d.actors,
            claims: d.claims.into_iter().map(Claim::from).collect(),
        }
    }
}

/// One item of a document: an actor or a claim, with its index in its list.
#[derive(Debug)]
pub(crate) enum Item {
    Actor(Actor),
    Claim(Claim),
}

/// The reader of a JSON document: parsed whole, then handed out item by item
/// (actors, then claims), each positioned by its index (`actors[3]`).
pub(crate) struct Reader {
    actors: std::iter::Enumerate<std::vec::IntoIter<Actor>>,
    claims: std::iter::Enumerate<std::vec::IntoIter<Claim>>,
    /// Index of each key seen so far, to name both ends of a duplicate.
    seen: HashMap<ActorKey, usize>,
}

/// The 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Reads and parses a whole document (with the limits' line length); a document that
/// does not parse is refused before any item is read.
pub(crate) fn reader(reader: impl BufRead, limits: Limits) -> Result<Reader, IoError> {
    let mut bytes = Vec::new();
    Input::new(reader, limits.line_bytes)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    let refuse = |line: usize, invalid: Invalid| IoError::Invalid {
        position: Position {
            line: Some(line),
            field: invalid.field,
        },
        reason: invalid.reason,
        detail: invalid.detail,
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        refuse(
            line_of(&bytes, e.valid_up_to()),
            Invalid::new(SkipReason::InvalidUtf8, e.to_string()),
        )
    })?;
    if let Some(at) = text.find('\u{feff}') {
        let invalid = check_bom(&text[at..], None).expect_err("a mark was found");
        return Err(refuse(line_of(&bytes, at), invalid));
    }
    // The fast types accept what the document's own types accept; a document they
    // refuse is read again by those, for their error.
    let doc: JsonDocument = match serde_json::from_str::<FastJsonDocument>(text) {
        Ok(fast) => fast.into(),
        Err(_) => serde_json::from_str(text).map_err(|e| refuse(e.line(), serde_invalid(&e)))?,
    };
    if doc.format != "claimgraph" {
        return Err(IoError::Invalid {
            position: Position::item("format"),
            reason: SkipReason::InvalidValue,
            detail: format!("expected \"claimgraph\", found {:?}", doc.format),
        });
    }
    if doc.version != JSON_VERSION {
        return Err(IoError::Version {
            found: doc.version,
            supported: JSON_VERSION,
        });
    }
    Ok(Reader {
        actors: doc.actors.into_iter().enumerate(),
        claims: doc.claims.into_iter().enumerate(),
        seen: HashMap::new(),
    })
}

impl RecordReader for Reader {
    type Raw = Item;

    fn next(&mut self) -> Result<Option<Read<Item>>, IoError> {
        if let Some((i, actor)) = self.actors.next() {
            let position = Position::item(format!("actors[{i}]"));
            if let Some(first) = self.seen.insert(actor.key.clone(), i) {
                let invalid = Invalid::new(
                    SkipReason::DuplicateKey,
                    format!("key `{}` is also actors[{first}]", actor.key),
                );
                return Ok(Some((position, Err(invalid))));
            }
            return Ok(Some((position, Ok(Item::Actor(actor)))));
        }
        Ok(self.claims.next().map(|(i, claim)| {
            (
                Position::item(format!("claims[{i}]")),
                Ok(Item::Claim(claim)),
            )
        }))
    }

    fn validate(
        &mut self,
        position: &Position,
        item: Item,
        view: &View<'_>,
        limits: &Limits,
    ) -> Result<Record, Invalid> {
        match item {
            Item::Actor(actor) => {
                if let Some(stored) = view.stored(actor.key.as_str())
                    && (stored.kind != actor.kind
                        || stored.name != actor.name
                        || stored.aliases != actor.aliases)
                {
                    let here = position.field.as_deref().unwrap_or("actor");
                    return Err(Invalid::new(
                        SkipReason::DuplicateKey,
                        format!(
                            "{here} `{}` ({}, {:?}, {} aliases) differs from the stored actor `{}` ({}, {:?}, {} aliases)",
                            actor.key,
                            actor.kind,
                            actor.name,
                            actor.aliases.len(),
                            stored.key,
                            stored.kind,
                            stored.name,
                            stored.aliases.len()
                        ),
                    ));
                }
                Ok(Record::Stage {
                    actors: vec![actor],
                    claims: Vec::new(),
                })
            }
            Item::Claim(claim) => {
                check_attributions(&claim, limits)?;
                Ok(Record::Stage {
                    actors: Vec::new(),
                    claims: vec![claim],
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::jsonl::tests::claim_object;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// A document's fast types accept exactly what its own types accept, and read
        /// it to the same document.
        #[test]
        fn fast_and_reference_documents_agree(
            claims in prop::collection::vec(claim_object(), 0..4),
            extra in prop_oneof![4 => Just(""), 1 => Just(r#","extra":1"#)],
        ) {
            let text = format!(
                r#"{{"format":"claimgraph","version":1,"actors":[{{"key":"a0","kind":"state","name":"A"}}],"claims":[{}]{extra}}}"#,
                claims.join(",")
            );
            let fast = serde_json::from_str::<FastJsonDocument>(&text).map(JsonDocument::from);
            let slow = serde_json::from_str::<JsonDocument>(&text);
            match (&fast, &slow) {
                (Ok(f), Ok(s)) => prop_assert_eq!(
                    serde_json::to_string(f).unwrap(),
                    serde_json::to_string(s).unwrap()
                ),
                (Err(_), Err(_)) => {}
                _ => prop_assert!(false, "fast {:?}, reference {:?}", fast.is_ok(), slow.is_ok()),
            }
        }
    }
}
