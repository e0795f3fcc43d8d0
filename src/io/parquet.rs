//! Parquet tables (`actors`, `claims`, `attributions`) for Spark, DuckDB and other
//! engines that read a graph larger than one machine holds.
//!
//! A graph is written as three tables, each a directory of `part-NNNNN.parquet`
//! files beside the others:
//!
//! ```text
//! out/actors/part-00000.parquet        one row per actor; `id` is the actor key
//! out/claims/part-00000.parquet        one row per claim; `src` / `dst` are keys
//! out/attributions/part-00000.parquet  one row per attribution, in claim order
//! ```
//!
//! Column names follow GraphFrames (`id` on vertices, `src` / `dst` on edges), so
//! `GraphFrame(actors, claims)` works on the tables as they are. Types keep their
//! meaning: dates are `date32` (days since 1970-01-01) with a `*_precision` column
//! beside each (`year`, `month` or `day`: the partial date is recovered exactly),
//! confidences `float64`, lists are list columns, and the small vocabularies (kinds,
//! relations, polarity, precision) are dictionary-encoded. An interval's start is
//! written as its first day and its end as its last day, so an overlap test is two
//! comparisons on the `date32` columns.
//!
//! [`export`] walks the store once and writes row groups of a configured size as it
//! goes: no copy of the graph is made, only one row group per table is held. With
//! [`ParquetOptions::files`] each table is split into that many files over the same
//! contiguous ranges of claims, so part `k` of `attributions` holds the evidence of
//! the claims in part `k` of `claims`. [`import`] reads the tables back; export then
//! import gives a graph whose JSON document is identical to the original's.
//!
//! # Example
//! ```
//! use claimgraph::ClaimGraph;
//! use claimgraph::io::JsonDocument;
//! use claimgraph::io::parquet::{self, ParquetOptions};
//! use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
//! let mut g = ClaimGraph::new();
//! g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?)?;
//! g.add_actor(Actor::new("bolivia", ActorKind::State, "Bolivia")?)?;
//! let says = Attribution::new(Grade::confidence(0.8)?).with_claimant("iran".parse()?);
//! g.add_claim(Claim::new("iran".parse()?, Relation::MetWith, "bolivia".parse()?, ValidTime::ALWAYS).with_evidence(says))?;
//! let dir = std::env::temp_dir().join(format!("claimgraph-doc-parquet-{}", std::process::id()));
//! let written = parquet::export(&g, &dir, &ParquetOptions::new())?;
//! assert_eq!((written.actors, written.claims, written.attributions), (2, 1, 1));
//! let back = parquet::import(&dir)?;
//! assert_eq!(JsonDocument::from_graph(&back), JsonDocument::from_graph(&g));
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder,
    ListBuilder, MapBuilder, StringBuilder, StringDictionaryBuilder, StructBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::ArrowError;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};

use super::{IoError, Position, SkipReason};
use crate::ClaimGraph;
use crate::model::{
    Actor, ActorKey, Alias, Attribution, Claim, Document, Grade, PartialDate, Precision, Relation,
    ValidTime,
};
use crate::store::Batch;

/// One of the three tables a graph is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per actor (GraphFrames' vertices).
    Actors,
    /// One row per claim (GraphFrames' edges).
    Claims,
    /// One row per attribution of a claim.
    Attributions,
}

impl Table {
    /// All three, in the order they are written and read.
    pub const ALL: [Table; 3] = [Table::Actors, Table::Claims, Table::Attributions];

    /// The table's name, which is also its directory's name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Actors => "actors",
            Table::Claims => "claims",
            Table::Attributions => "attributions",
        }
    }

    /// The table's Arrow schema, as [`export`] writes it.
    ///
    /// ```
    /// use claimgraph::io::parquet::{DataType, Table};
    /// let claims = Table::Claims.schema();
    /// assert_eq!(claims.field(1).name(), "src");
    /// assert_eq!(claims.field_with_name("confidence").unwrap().data_type(), &DataType::Float64);
    /// ```
    pub fn schema(self) -> SchemaRef {
        // Built from the builders' own output types, so that the declared schema and
        // the arrays written can never disagree on a nested field's name or nullity.
        match self {
            Table::Actors => ActorRows::new(0).schema(),
            Table::Claims => ClaimRows::new(0).schema(),
            Table::Attributions => AttributionRows::new(0).schema(),
        }
    }
}

/// How [`export`] writes the tables, built as a value.
///
/// ```
/// use claimgraph::io::parquet::ParquetOptions;
/// let o = ParquetOptions::new().row_group_rows(10_000).files(4);
/// assert_eq!((o.get_row_group_rows(), o.get_files()), (10_000, 4));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParquetOptions {
    row_group_rows: usize,
    files: usize,
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            row_group_rows: Self::DEFAULT_ROW_GROUP_ROWS,
            files: 1,
        }
    }
}

impl ParquetOptions {
    /// Rows per row group unless set otherwise.
    pub const DEFAULT_ROW_GROUP_ROWS: usize = 65_536;

    /// One file per table, row groups of [`Self::DEFAULT_ROW_GROUP_ROWS`] rows.
    pub fn new() -> Self {
        ParquetOptions::default()
    }

    /// Rows per row group (at least 1): also the number of rows held in memory per
    /// table while writing.
    pub fn row_group_rows(mut self, rows: usize) -> Self {
        self.row_group_rows = rows.max(1);
        self
    }

    /// Splits each table into this many files (at least 1), over contiguous ranges
    /// of rows; a part may be empty when a table has fewer rows than files.
    pub fn files(mut self, files: usize) -> Self {
        self.files = files.max(1);
        self
    }

    /// Rows per row group.
    pub fn get_row_group_rows(&self) -> usize {
        self.row_group_rows
    }

    /// Files per table.
    pub fn get_files(&self) -> usize {
        self.files
    }
}

/// What [`export`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParquetExport {
    /// Every file written, table by table, parts in order.
    pub files: Vec<PathBuf>,
    /// Rows of `actors`.
    pub actors: usize,
    /// Rows of `claims`.
    pub claims: usize,
    /// Rows of `attributions`.
    pub attributions: usize,
}

fn table_error(table: &str, error: impl std::error::Error + Send + Sync + 'static) -> IoError {
    IoError::Io(std::io::Error::other(TableError {
        table: table.to_owned(),
        source: Box::new(error),
    }))
}

/// A Parquet or Arrow failure, with the table it happened in.
#[derive(Debug, thiserror::Error)]
#[error("table `{table}`: {source}")]
struct TableError {
    table: String,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

/// A snake_case vocabulary word as the JSON format spells it.
fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("vocabulary enums serialise as strings, got {other:?}"),
    }
}

fn precision_word(p: Precision) -> &'static str {
    match p {
        Precision::Year => "year",
        Precision::Month => "month",
        Precision::Day => "day",
    }
}

// ----- writing ----------------------------------------------------------------------

/// A table's column builders, holding the rows of one row group.
trait Rows {
    fn len(&self) -> usize;
    fn columns(&mut self) -> Vec<(&'static str, ArrayRef)>;

    fn schema(&mut self) -> SchemaRef {
        let fields: Vec<Field> = self
            .columns()
            .into_iter()
            .map(|(name, array)| Field::new(name, array.data_type().clone(), true))
            .collect();
        Arc::new(Schema::new(fields))
    }

    fn batch(&mut self, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
        let arrays = self.columns().into_iter().map(|(_, a)| a).collect();
        RecordBatch::try_new(schema.clone(), arrays)
    }
}

fn dictionary() -> StringDictionaryBuilder<Int32Type> {
    StringDictionaryBuilder::new()
}

fn string_map() -> MapBuilder<StringBuilder, StringBuilder> {
    MapBuilder::new(None, StringBuilder::new(), StringBuilder::new())
}

fn finish(builder: &mut dyn ArrayBuilder) -> ArrayRef {
    builder.finish()
}

struct ActorRows {
    id: StringBuilder,
    kind: StringDictionaryBuilder<Int32Type>,
    group_type: StringDictionaryBuilder<Int32Type>,
    name: StringBuilder,
    aliases: ListBuilder<StructBuilder>,
    external_ids: MapBuilder<StringBuilder, StringBuilder>,
    attributes: MapBuilder<StringBuilder, StringBuilder>,
}

impl ActorRows {
    fn new(capacity: usize) -> Self {
        let alias_fields = Fields::from(vec![
            Field::new("name", DataType::Utf8, false),
            Field::new("lang", DataType::Utf8, true),
        ]);
        let alias = StructBuilder::new(
            alias_fields,
            vec![
                Box::new(StringBuilder::new()),
                Box::new(StringBuilder::new()),
            ],
        );
        ActorRows {
            id: StringBuilder::with_capacity(capacity, capacity * 8),
            kind: dictionary(),
            group_type: dictionary(),
            name: StringBuilder::with_capacity(capacity, capacity * 8),
            aliases: ListBuilder::new(alias),
            external_ids: string_map(),
            attributes: string_map(),
        }
    }

    fn push(&mut self, actor: &Actor) -> Result<(), ArrowError> {
        self.id.append_value(actor.key.as_str());
        self.kind.append_value(actor.kind.as_str());
        self.group_type
            .append_option(actor.group_type.as_ref().map(word));
        self.name.append_value(&actor.name);
        let aliases = self.aliases.values();
        for alias in &actor.aliases {
            let name = aliases.field_builder::<StringBuilder>(0);
            name.expect("alias field 0 is a string")
                .append_value(&alias.name);
            let lang = aliases.field_builder::<StringBuilder>(1);
            lang.expect("alias field 1 is a string")
                .append_option(alias.lang.as_deref());
            aliases.append(true);
        }
        self.aliases.append(true);
        for (map, values) in [
            (&mut self.external_ids, &actor.external_ids),
            (&mut self.attributes, &actor.attributes),
        ] {
            for (k, v) in values {
                map.keys().append_value(k);
                map.values().append_value(v);
            }
            map.append(true)?;
        }
        Ok(())
    }
}

impl Rows for ActorRows {
    fn len(&self) -> usize {
        self.id.len()
    }

    fn columns(&mut self) -> Vec<(&'static str, ArrayRef)> {
        vec![
            ("id", finish(&mut self.id)),
            ("kind", finish(&mut self.kind)),
            ("group_type", finish(&mut self.group_type)),
            ("name", finish(&mut self.name)),
            ("aliases", finish(&mut self.aliases)),
            ("external_ids", finish(&mut self.external_ids)),
            ("attributes", finish(&mut self.attributes)),
        ]
    }
}

/// A partial date as a `date32` day and a precision word.
struct DateColumns {
    day: Date32Builder,
    precision: StringDictionaryBuilder<Int32Type>,
}

impl DateColumns {
    fn new() -> Self {
        DateColumns {
            day: Date32Builder::new(),
            precision: dictionary(),
        }
    }

    fn push(&mut self, date: Option<PartialDate>, day: impl Fn(&PartialDate) -> i32) {
        self.day.append_option(date.as_ref().map(day));
        self.precision
            .append_option(date.map(|d| precision_word(d.precision())));
    }
}

struct ClaimRows {
    id: Int64Builder,
    src: StringBuilder,
    dst: StringBuilder,
    relation: StringDictionaryBuilder<Int32Type>,
    relation_kind: StringDictionaryBuilder<Int32Type>,
    symmetric: BooleanBuilder,
    polarity: StringDictionaryBuilder<Int32Type>,
    statement: StringDictionaryBuilder<Int32Type>,
    valid_from: DateColumns,
    valid_to: DateColumns,
    valid_single: BooleanBuilder,
    confidence: Float64Builder,
    origins: Int32Builder,
    codes: ListBuilder<StringBuilder>,
    external_ids: ListBuilder<StringBuilder>,
}

impl ClaimRows {
    fn new(capacity: usize) -> Self {
        ClaimRows {
            id: Int64Builder::with_capacity(capacity),
            src: StringBuilder::with_capacity(capacity, capacity * 8),
            dst: StringBuilder::with_capacity(capacity, capacity * 8),
            relation: dictionary(),
            relation_kind: dictionary(),
            symmetric: BooleanBuilder::with_capacity(capacity),
            polarity: dictionary(),
            statement: dictionary(),
            valid_from: DateColumns::new(),
            valid_to: DateColumns::new(),
            valid_single: BooleanBuilder::with_capacity(capacity),
            confidence: Float64Builder::with_capacity(capacity),
            origins: Int32Builder::with_capacity(capacity),
            codes: ListBuilder::new(StringBuilder::new()),
            external_ids: ListBuilder::new(StringBuilder::new()),
        }
    }

    fn push(&mut self, id: i64, claim: &Claim, confidence: f64, origins: usize) {
        self.id.append_value(id);
        self.src.append_value(claim.subject.as_str());
        self.dst.append_value(claim.object.as_str());
        self.relation.append_value(claim.relation.to_string());
        self.relation_kind
            .append_value(claim.relation.kind().as_str());
        self.symmetric.append_value(claim.relation.is_symmetric());
        self.polarity.append_value(word(&claim.polarity));
        self.statement.append_value(word(&claim.statement));
        self.valid_from
            .push(claim.valid.start(), PartialDate::first_day);
        self.valid_to.push(claim.valid.end(), PartialDate::last_day);
        self.valid_single.append_value(claim.valid.is_single());
        self.confidence.append_value(confidence);
        self.origins
            .append_value(i32::try_from(origins).unwrap_or(i32::MAX));
        for code in &claim.codes {
            self.codes.values().append_value(code);
        }
        self.codes.append(true);
        for x in &claim.external_ids {
            self.external_ids.values().append_value(x);
        }
        self.external_ids.append(true);
    }
}

impl Rows for ClaimRows {
    fn len(&self) -> usize {
        self.id.len()
    }

    fn columns(&mut self) -> Vec<(&'static str, ArrayRef)> {
        vec![
            ("id", finish(&mut self.id)),
            ("src", finish(&mut self.src)),
            ("dst", finish(&mut self.dst)),
            ("relation", finish(&mut self.relation)),
            ("relation_kind", finish(&mut self.relation_kind)),
            ("is_symmetric", finish(&mut self.symmetric)),
            ("polarity", finish(&mut self.polarity)),
            ("statement", finish(&mut self.statement)),
            ("valid_from", finish(&mut self.valid_from.day)),
            (
                "valid_from_precision",
                finish(&mut self.valid_from.precision),
            ),
            ("valid_to", finish(&mut self.valid_to.day)),
            ("valid_to_precision", finish(&mut self.valid_to.precision)),
            ("valid_single", finish(&mut self.valid_single)),
            ("confidence", finish(&mut self.confidence)),
            ("origins", finish(&mut self.origins)),
            ("codes", finish(&mut self.codes)),
            ("external_ids", finish(&mut self.external_ids)),
        ]
    }
}

struct AttributionRows {
    claim_id: Int64Builder,
    ordinal: Int32Builder,
    claimant: StringBuilder,
    outlet: StringBuilder,
    relays: ListBuilder<StringBuilder>,
    document: StructBuilder,
    excerpt: StringBuilder,
    reported: DateColumns,
    grade: StringBuilder,
    grade_value: Float64Builder,
    voice: Int32Builder,
}

const DOCUMENT_FIELDS: [&str; 5] = ["url", "title", "lang", "published", "published_precision"];

impl AttributionRows {
    fn new(capacity: usize) -> Self {
        let precision = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
        let fields = Fields::from(vec![
            Field::new(DOCUMENT_FIELDS[0], DataType::Utf8, true),
            Field::new(DOCUMENT_FIELDS[1], DataType::Utf8, true),
            Field::new(DOCUMENT_FIELDS[2], DataType::Utf8, true),
            Field::new(DOCUMENT_FIELDS[3], DataType::Date32, true),
            Field::new(DOCUMENT_FIELDS[4], precision, true),
        ]);
        let document = StructBuilder::new(
            fields,
            vec![
                Box::new(StringBuilder::new()),
                Box::new(StringBuilder::new()),
                Box::new(StringBuilder::new()),
                Box::new(Date32Builder::new()),
                Box::new(dictionary()),
            ],
        );
        AttributionRows {
            claim_id: Int64Builder::with_capacity(capacity),
            ordinal: Int32Builder::with_capacity(capacity),
            claimant: StringBuilder::new(),
            outlet: StringBuilder::new(),
            relays: ListBuilder::new(StringBuilder::new()),
            document,
            excerpt: StringBuilder::new(),
            reported: DateColumns::new(),
            grade: StringBuilder::new(),
            grade_value: Float64Builder::with_capacity(capacity),
            voice: Int32Builder::with_capacity(capacity),
        }
    }

    fn push(&mut self, claim_id: i64, ordinal: usize, a: &Attribution, voice: usize) {
        self.claim_id.append_value(claim_id);
        self.ordinal.append_value(ordinal as i32);
        self.claimant
            .append_option(a.claimant.as_ref().map(ActorKey::as_str));
        self.outlet
            .append_option(a.outlet.as_ref().map(ActorKey::as_str));
        for relay in &a.relays {
            self.relays.values().append_value(relay.as_str());
        }
        self.relays.append(true);
        let d = a.document.as_ref();
        let doc = &mut self.document;
        for (i, text) in [
            d.and_then(|d| d.url.as_deref()),
            d.and_then(|d| d.title.as_deref()),
            d.and_then(|d| d.lang.as_deref()),
        ]
        .into_iter()
        .enumerate()
        {
            let b = doc.field_builder::<StringBuilder>(i);
            b.expect("document text fields are strings")
                .append_option(text);
        }
        let published = d.and_then(|d| d.published);
        doc.field_builder::<Date32Builder>(3)
            .expect("document field 3 is a date")
            .append_option(published.map(|p| p.first_day()));
        doc.field_builder::<StringDictionaryBuilder<Int32Type>>(4)
            .expect("document field 4 is a dictionary")
            .append_option(published.map(|p| precision_word(p.precision())));
        doc.append(d.is_some());
        self.excerpt.append_option(a.excerpt.as_deref());
        self.reported.push(a.reported, PartialDate::first_day);
        match a.grade {
            Grade::Confidence(c) => self.grade.append_value(c.to_string()),
            Grade::Admiralty(adm) => self.grade.append_value(adm.to_string()),
        }
        self.grade_value.append_value(a.grade.value());
        self.voice.append_value(voice as i32);
    }
}

impl Rows for AttributionRows {
    fn len(&self) -> usize {
        self.claim_id.len()
    }

    fn columns(&mut self) -> Vec<(&'static str, ArrayRef)> {
        vec![
            ("claim_id", finish(&mut self.claim_id)),
            ("ordinal", finish(&mut self.ordinal)),
            ("claimant", finish(&mut self.claimant)),
            ("outlet", finish(&mut self.outlet)),
            ("relays", finish(&mut self.relays)),
            ("document", finish(&mut self.document)),
            ("excerpt", finish(&mut self.excerpt)),
            ("reported", finish(&mut self.reported.day)),
            ("reported_precision", finish(&mut self.reported.precision)),
            ("grade", finish(&mut self.grade)),
            ("grade_value", finish(&mut self.grade_value)),
            ("voice", finish(&mut self.voice)),
        ]
    }
}

/// Each attribution's voice: the ordinal of the first attribution of its group of
/// attributions linked, transitively, by a shared claimant or a shared outlet (the
/// groups whose count is the claim's independent origins).
fn voices(evidence: &[Attribution]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..evidence.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first: HashMap<(bool, &str), usize> = HashMap::new();
    for (i, a) in evidence.iter().enumerate() {
        let names = [(false, &a.claimant), (true, &a.outlet)];
        for (is_outlet, key) in names {
            let Some(key) = key else { continue };
            match first.get(&(is_outlet, key.as_str())) {
                Some(&j) => {
                    let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                    // The smaller ordinal stays the root: a voice is named by its
                    // first attribution.
                    parent[ri.max(rj)] = ri.min(rj);
                }
                None => {
                    first.insert((is_outlet, key.as_str()), i);
                }
            }
        }
    }
    (0..evidence.len()).map(|i| root(&mut parent, i)).collect()
}

/// One table being written: its row builders, the open part file and the files so far.
struct TableSink<R: Rows> {
    table: Table,
    dir: PathBuf,
    rows: R,
    schema: SchemaRef,
    row_group_rows: usize,
    props: WriterProperties,
    writer: Option<ArrowWriter<BufWriter<File>>>,
    part: usize,
    written: usize,
    files: Vec<PathBuf>,
}

impl<R: Rows> TableSink<R> {
    fn new(
        table: Table,
        root: &Path,
        mut rows: R,
        options: &ParquetOptions,
    ) -> Result<Self, IoError> {
        let dir = root.join(table.name());
        if dir.exists() {
            // Stale parts of an earlier, larger split would be read as part of this one.
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                if is_part(&path) {
                    std::fs::remove_file(path)?;
                }
            }
        }
        std::fs::create_dir_all(&dir)?;
        let schema = rows.schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(options.row_group_rows))
            .build();
        let mut sink = TableSink {
            table,
            dir,
            rows,
            schema,
            row_group_rows: options.row_group_rows,
            props,
            writer: None,
            part: 0,
            written: 0,
            files: Vec::new(),
        };
        sink.open(0)?;
        Ok(sink)
    }

    fn fail(&self) -> impl Fn(ParquetError) -> IoError + '_ {
        |e| table_error(self.table.name(), e)
    }

    fn open(&mut self, part: usize) -> Result<(), IoError> {
        let path = self.dir.join(format!("part-{part:05}.parquet"));
        let file = BufWriter::new(File::create(&path)?);
        let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(self.props.clone()))
            .map_err(self.fail())?;
        self.writer = Some(writer);
        self.part = part;
        self.files.push(path);
        Ok(())
    }

    /// Moves on to part `part`, closing the current one (and writing any parts
    /// skipped in between, empty).
    fn advance_to(&mut self, part: usize) -> Result<(), IoError> {
        while self.part < part {
            self.close_part()?;
            self.open(self.part + 1)?;
        }
        Ok(())
    }

    /// Called after each row: writes a row group once it is full.
    fn pushed(&mut self) -> Result<(), IoError> {
        if self.rows.len() >= self.row_group_rows {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), IoError> {
        let rows = self.rows.len();
        if rows == 0 {
            return Ok(());
        }
        let batch = self
            .rows
            .batch(&self.schema)
            .map_err(|e| table_error(self.table.name(), e))?;
        let name = self.table.name();
        let writer = self.writer.as_mut().expect("a part is open while writing");
        writer.write(&batch).map_err(|e| table_error(name, e))?;
        // Closes the row group here, so that a part ends on a row group boundary.
        writer.flush().map_err(|e| table_error(name, e))?;
        self.written += rows;
        Ok(())
    }

    fn close_part(&mut self) -> Result<(), IoError> {
        self.flush()?;
        if let Some(writer) = self.writer.take() {
            let name = self.table.name();
            let file = writer.into_inner().map_err(|e| table_error(name, e))?;
            file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        }
        Ok(())
    }

    fn close(mut self, files: usize) -> Result<(usize, Vec<PathBuf>), IoError> {
        self.advance_to(files - 1)?;
        self.close_part()?;
        Ok((self.written, self.files))
    }
}

/// The part a row belongs to when `total` rows are split into `files` parts.
fn part_of(row: usize, total: usize, files: usize) -> usize {
    if total == 0 {
        0
    } else {
        (row as u128 * files as u128 / total as u128) as usize
    }
}

fn is_part(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("part-") && n.ends_with(".parquet"))
}

/// Writes the graph as the three tables under `dir` (created if missing; stale
/// parts of an earlier export there are removed first).
///
/// # Arguments
/// * `graph`: the graph, walked once: actors in id order, then claims in id order
///   with their attributions.
/// * `dir`: the directory that receives `actors/`, `claims/` and `attributions/`.
/// * `options`: rows per row group and files per table.
///
/// # Returns
/// The files written and the row count of each table.
///
/// # Complexity
/// **O(V + E + A)** time for V actors, E claims and A attributions; memory for one
/// row group per table, whatever the size of the graph.
///
/// # Errors
/// [`IoError::Io`] when a file cannot be written (a Parquet or Arrow failure is
/// wrapped in it, naming the table).
pub fn export(
    graph: &ClaimGraph,
    dir: &Path,
    options: &ParquetOptions,
) -> Result<ParquetExport, IoError> {
    let files = options.files;
    let group = options.row_group_rows;
    let mut actors = TableSink::new(Table::Actors, dir, ActorRows::new(group), options)?;
    let actor_total = graph.actor_count();
    for (row, actor) in graph.actors().enumerate() {
        actors.advance_to(part_of(row, actor_total, files))?;
        actors
            .rows
            .push(actor)
            .map_err(|e| table_error("actors", e))?;
        actors.pushed()?;
    }
    let (actor_rows, mut written) = actors.close(files)?;

    let mut claims = TableSink::new(Table::Claims, dir, ClaimRows::new(group), options)?;
    let mut attributions = TableSink::new(
        Table::Attributions,
        dir,
        AttributionRows::new(group),
        options,
    )?;
    let claim_total = graph.claim_count();
    for (row, (id, claim)) in graph
        .claim_ids()
        .zip(graph.claims().map(|c| c.to_claim()))
        .enumerate()
    {
        let part = part_of(row, claim_total, files);
        claims.advance_to(part)?;
        attributions.advance_to(part)?;
        let confidence = graph.confidence(id).unwrap_or(0.0);
        let origins = graph.origins(id).unwrap_or(0);
        let id = id.index() as i64;
        claims.rows.push(id, &claim, confidence, origins);
        claims.pushed()?;
        for (ordinal, (a, voice)) in claim
            .evidence
            .iter()
            .zip(voices(&claim.evidence))
            .enumerate()
        {
            attributions.rows.push(id, ordinal, a, voice);
            attributions.pushed()?;
        }
    }
    let (claim_rows, claim_files) = claims.close(files)?;
    let (attribution_rows, attribution_files) = attributions.close(files)?;
    written.extend(claim_files);
    written.extend(attribution_files);
    Ok(ParquetExport {
        files: written,
        actors: actor_rows,
        claims: claim_rows,
        attributions: attribution_rows,
    })
}

// ----- reading ----------------------------------------------------------------------

/// The part files of a table, in part order.
fn parts(root: &Path, table: Table) -> Result<Vec<PathBuf>, IoError> {
    let dir = root.join(table.name());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| is_part(p));
    files.sort();
    Ok(files)
}

/// The Arrow schema stored in one Parquet file.
///
/// # Errors
/// [`IoError::Io`] when the file cannot be opened or is not Parquet.
pub fn read_schema(path: &Path) -> Result<SchemaRef, IoError> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path)?)
        .map_err(|e| table_error(&path.display().to_string(), e))?;
    Ok(builder.schema().clone())
}

/// The record batches of a table's parts, in order, with the table's row number of
/// each batch's first row.
struct Batches {
    table: Table,
    files: std::vec::IntoIter<PathBuf>,
    reader: Option<parquet::arrow::arrow_reader::ParquetRecordBatchReader>,
    next_row: usize,
}

impl Batches {
    fn open(root: &Path, table: Table) -> Result<Self, IoError> {
        Ok(Batches {
            table,
            files: parts(root, table)?.into_iter(),
            reader: None,
            next_row: 0,
        })
    }

    fn next_batch(&mut self) -> Result<Option<(usize, RecordBatch)>, IoError> {
        loop {
            if let Some(reader) = self.reader.as_mut() {
                match reader.next() {
                    Some(batch) => {
                        let batch = batch.map_err(|e| table_error(self.table.name(), e))?;
                        let first = self.next_row;
                        self.next_row += batch.num_rows();
                        return Ok(Some((first, batch)));
                    }
                    None => self.reader = None,
                }
            }
            let Some(path) = self.files.next() else {
                return Ok(None);
            };
            let name = self.table.name();
            let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path)?)
                .and_then(|b| b.with_batch_size(8192).build())
                .map_err(|e| table_error(name, e))?;
            self.reader = Some(reader);
        }
    }
}

/// Typed access to one batch's columns, with errors naming table, column and row.
struct Cols<'a> {
    table: &'static str,
    batch: &'a RecordBatch,
    first_row: usize,
}

impl<'a> Cols<'a> {
    fn field_error(&self, column: &str, row: usize, message: impl Into<String>) -> IoError {
        IoError::Invalid {
            position: Position::line(self.first_row + row + 1)
                .with_field(format!("{}.{column}", self.table)),
            reason: SkipReason::InvalidValue,
            detail: message.into(),
        }
    }

    fn column(&self, name: &str) -> Result<&'a ArrayRef, IoError> {
        self.batch
            .column_by_name(name)
            .ok_or_else(|| self.field_error(name, 0, "missing column"))
    }

    fn text(&self, name: &str, row: usize) -> Result<Option<&'a str>, IoError> {
        text_of(self.column(name)?, row)
            .ok_or_else(|| self.field_error(name, row, "not a string column"))
    }

    fn required(&self, name: &str, row: usize) -> Result<&'a str, IoError> {
        self.text(name, row)?
            .ok_or_else(|| self.field_error(name, row, "null in a required column"))
    }

    fn key(&self, name: &str, row: usize) -> Result<Option<ActorKey>, IoError> {
        self.text(name, row)?
            .map(|k| ActorKey::new(k).map_err(|e| self.field_error(name, row, e.to_string())))
            .transpose()
    }

    fn parse<T: DeserializeOwned>(&self, name: &str, row: usize) -> Result<Option<T>, IoError> {
        self.text(name, row)?
            .map(|w| {
                serde_json::from_value(serde_json::Value::String(w.to_owned()))
                    .map_err(|e| self.field_error(name, row, e.to_string()))
            })
            .transpose()
    }

    fn int(&self, name: &str, row: usize) -> Result<i64, IoError> {
        let array = self.column(name)?;
        let value = if let Some(a) = array.as_primitive_opt::<arrow_array::types::Int64Type>() {
            a.is_valid(row).then(|| a.value(row))
        } else if let Some(a) = array.as_primitive_opt::<Int32Type>() {
            a.is_valid(row).then(|| i64::from(a.value(row)))
        } else {
            return Err(self.field_error(name, row, "not an integer column"));
        };
        value.ok_or_else(|| self.field_error(name, row, "null in a required column"))
    }

    fn flag(&self, name: &str, row: usize) -> Result<bool, IoError> {
        let array = self.column(name)?;
        let a = array
            .as_boolean_opt()
            .ok_or_else(|| self.field_error(name, row, "not a boolean column"))?;
        Ok(a.is_valid(row) && a.value(row))
    }

    fn strings(&self, name: &str, row: usize) -> Result<Vec<&'a str>, IoError> {
        let array = self.column(name)?;
        let list = array
            .as_list_opt::<i32>()
            .ok_or_else(|| self.field_error(name, row, "not a list column"))?;
        if list.is_null(row) {
            return Ok(Vec::new());
        }
        let offsets = list.value_offsets();
        let (start, end) = (offsets[row] as usize, offsets[row + 1] as usize);
        let values = list.values();
        (start..end)
            .map(|i| {
                text_of(values, i)
                    .flatten()
                    .ok_or_else(|| self.field_error(name, row, "a list of strings holds a null"))
            })
            .collect()
    }

    fn pairs(&self, name: &str, row: usize) -> Result<Vec<(&'a str, &'a str)>, IoError> {
        let array = self.column(name)?;
        let map = array
            .as_map_opt()
            .ok_or_else(|| self.field_error(name, row, "not a map column"))?;
        if map.is_null(row) {
            return Ok(Vec::new());
        }
        let offsets = map.value_offsets();
        let (keys, values) = (map.keys(), map.values());
        (offsets[row] as usize..offsets[row + 1] as usize)
            .map(
                |i| match (text_of(keys, i).flatten(), text_of(values, i).flatten()) {
                    (Some(k), Some(v)) => Ok((k, v)),
                    _ => Err(self.field_error(name, row, "a map entry is not two strings")),
                },
            )
            .collect()
    }

    fn date(&self, name: &str, row: usize) -> Result<Option<PartialDate>, IoError> {
        date_of(
            self.column(name)?,
            self.column(&format!("{name}_precision"))?,
            row,
        )
        .map_err(|m| self.field_error(name, row, m))
    }
}

/// A string cell of a `Utf8` or dictionary-encoded column (`None` outside: not a
/// string column; `Some(None)`: null).
fn text_of(array: &ArrayRef, row: usize) -> Option<Option<&str>> {
    if let Some(a) = array.as_string_opt::<i32>() {
        return Some(a.is_valid(row).then(|| a.value(row)));
    }
    if let Some(a) = array.as_string_opt::<i64>() {
        return Some(a.is_valid(row).then(|| a.value(row)));
    }
    let dict = array.as_dictionary_opt::<Int32Type>()?;
    let values = dict.values().as_string_opt::<i32>()?;
    Some(
        dict.is_valid(row)
            .then(|| values.value(dict.keys().value(row) as usize)),
    )
}

/// A partial date from its `date32` day and its precision word.
fn date_of(
    day: &ArrayRef,
    precision: &ArrayRef,
    row: usize,
) -> Result<Option<PartialDate>, String> {
    let days = day
        .as_primitive_opt::<arrow_array::types::Date32Type>()
        .ok_or("not a date32 column")?;
    let precision = text_of(precision, row).ok_or("precision is not a string column")?;
    if days.is_null(row) {
        return match precision {
            None => Ok(None),
            Some(_) => Err("a precision without a date".to_owned()),
        };
    }
    let date = PartialDate::from_day_number(days.value(row)).map_err(|e| e.to_string())?;
    let truncated = match precision {
        Some("day") => Ok(date),
        Some("month") => PartialDate::month(date.year_value(), date.month_value().unwrap_or(1)),
        Some("year") => PartialDate::year(date.year_value()),
        Some(other) => return Err(format!("unknown precision `{other}`")),
        None => return Err("a date without a precision".to_owned()),
    };
    truncated.map(Some).map_err(|e| e.to_string())
}

/// Row by row conversion of one table into model values.
struct TableRows<T> {
    batches: Batches,
    current: Option<(usize, RecordBatch)>,
    row: usize,
    convert: fn(&Cols<'_>, usize) -> Result<T, IoError>,
}

impl<T> TableRows<T> {
    fn open(
        root: &Path,
        table: Table,
        convert: fn(&Cols<'_>, usize) -> Result<T, IoError>,
    ) -> Result<Self, IoError> {
        Ok(TableRows {
            batches: Batches::open(root, table)?,
            current: None,
            row: 0,
            convert,
        })
    }
}

impl<T> Iterator for TableRows<T> {
    /// The value and its 1-based row number in the table.
    type Item = Result<(usize, T), IoError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((first, batch)) = &self.current
                && self.row < batch.num_rows()
            {
                let cols = Cols {
                    table: self.batches.table.name(),
                    batch,
                    first_row: *first,
                };
                let row = self.row;
                self.row += 1;
                return Some((self.convert)(&cols, row).map(|v| (first + row + 1, v)));
            }
            match self.batches.next_batch() {
                Ok(Some(next)) => {
                    self.current = Some(next);
                    self.row = 0;
                }
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

fn actor_row(c: &Cols<'_>, row: usize) -> Result<Actor, IoError> {
    let key = c
        .key("id", row)?
        .ok_or_else(|| c.field_error("id", row, "null actor id"))?;
    let kind = c
        .parse("kind", row)?
        .ok_or_else(|| c.field_error("kind", row, "null in a required column"))?;
    let aliases = alias_list(c, row)?;
    let external_ids = c.pairs("external_ids", row)?;
    let attributes = c.pairs("attributes", row)?;
    let owned = |pairs: Vec<(&str, &str)>| {
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    };
    Ok(Actor {
        key,
        kind,
        group_type: c.parse("group_type", row)?,
        name: c.required("name", row)?.to_owned(),
        aliases,
        external_ids: owned(external_ids),
        attributes: owned(attributes),
    })
}

fn alias_list(c: &Cols<'_>, row: usize) -> Result<Vec<Alias>, IoError> {
    let array = c.column("aliases")?;
    let list = array
        .as_list_opt::<i32>()
        .ok_or_else(|| c.field_error("aliases", row, "not a list column"))?;
    if list.is_null(row) {
        return Ok(Vec::new());
    }
    let items = list.value(row);
    let items: &StructArray = items
        .as_struct_opt()
        .ok_or_else(|| c.field_error("aliases", row, "not a list of structs"))?;
    let (Some(names), Some(langs)) = (items.column_by_name("name"), items.column_by_name("lang"))
    else {
        return Err(c.field_error("aliases", row, "an alias lacks `name` or `lang`"));
    };
    (0..items.len())
        .map(|i| match (text_of(names, i), text_of(langs, i)) {
            (Some(Some(name)), Some(lang)) => Ok(Alias::new(name, lang)),
            _ => Err(c.field_error("aliases", row, "an alias name is null or not a string")),
        })
        .collect()
}

/// A claim row: its id and the claim without evidence.
fn claim_row(c: &Cols<'_>, row: usize) -> Result<(i64, Claim), IoError> {
    let id = c.int("id", row)?;
    let endpoint = |name| {
        c.key(name, row)?
            .ok_or_else(|| c.field_error(name, row, "null in a required column"))
    };
    let relation: Relation = c
        .required("relation", row)?
        .parse()
        .map_err(|e: crate::model::ModelError| c.field_error("relation", row, e.to_string()))?;
    let from = c.date("valid_from", row)?;
    let to = c.date("valid_to", row)?;
    let valid = if c.flag("valid_single", row)? {
        match (from, to) {
            (Some(f), Some(t)) if f == t => ValidTime::at(f),
            _ => {
                return Err(c.field_error(
                    "valid_single",
                    row,
                    "a single date needs equal `valid_from` and `valid_to`",
                ));
            }
        }
    } else {
        ValidTime::between(from, to).map_err(|e| c.field_error("valid_to", row, e.to_string()))?
    };
    let mut claim = Claim::new(endpoint("src")?, relation, endpoint("dst")?, valid);
    claim.polarity = c.parse("polarity", row)?.unwrap_or_default();
    claim.statement = c.parse("statement", row)?.unwrap_or_default();
    claim.codes = c
        .strings("codes", row)?
        .into_iter()
        .map(str::to_owned)
        .collect();
    claim.external_ids = c
        .strings("external_ids", row)?
        .into_iter()
        .map(str::to_owned)
        .collect();
    Ok((id, claim))
}

/// An attribution row: its claim id, ordinal and the attribution.
fn attribution_row(c: &Cols<'_>, row: usize) -> Result<(i64, i64, Attribution), IoError> {
    let claim_id = c.int("claim_id", row)?;
    let ordinal = c.int("ordinal", row)?;
    let text = c.required("grade", row)?;
    let grade = match text.parse() {
        Ok(admiralty) => Grade::Admiralty(admiralty),
        Err(_) => text
            .parse::<f64>()
            .map_err(|e| e.to_string())
            .and_then(|v| Grade::confidence(v).map_err(|e| e.to_string()))
            .map_err(|m| c.field_error("grade", row, m))?,
    };
    let mut a = Attribution::new(grade);
    a.claimant = c.key("claimant", row)?;
    a.outlet = c.key("outlet", row)?;
    a.relays = c
        .strings("relays", row)?
        .into_iter()
        .map(|k| ActorKey::new(k).map_err(|e| c.field_error("relays", row, e.to_string())))
        .collect::<Result<_, _>>()?;
    a.document = document_of(c, row)?;
    a.excerpt = c.text("excerpt", row)?.map(str::to_owned);
    a.reported = c.date("reported", row)?;
    Ok((claim_id, ordinal, a))
}

fn document_of(c: &Cols<'_>, row: usize) -> Result<Option<Document>, IoError> {
    let array = c.column("document")?;
    let doc = array
        .as_struct_opt()
        .ok_or_else(|| c.field_error("document", row, "not a struct column"))?;
    if doc.is_null(row) {
        return Ok(None);
    }
    let field = |name: &str| {
        doc.column_by_name(name)
            .ok_or_else(|| c.field_error("document", row, format!("no field `{name}`")))
    };
    let text = |name: &str| -> Result<Option<String>, IoError> {
        text_of(field(name)?, row)
            .map(|t| t.map(str::to_owned))
            .ok_or_else(|| c.field_error("document", row, format!("`{name}` is not a string")))
    };
    let published = date_of(field("published")?, field("published_precision")?, row)
        .map_err(|m| c.field_error("document.published", row, m))?;
    Ok(Some(Document {
        url: text("url")?,
        title: text("title")?,
        lang: text("lang")?,
        published,
    }))
}

/// Claims applied to the store per batch while importing.
const IMPORT_BATCH: usize = 65_536;

/// Reads the three tables under `dir` (as [`export`] wrote them) into a new graph.
///
/// Actors are added in row order, then claims in row order with their evidence;
/// `attributions` must list each claim's evidence in `claims`' order, by `ordinal`.
/// The derived columns (`confidence`, `origins`, `is_symmetric`, `relation_kind`,
/// `grade_value`, `voice`) are not read: the store derives them again. Claim ids are
/// those of the new graph, equal to the `id` column when the exported graph had no
/// removed claims.
///
/// # Errors
/// [`IoError::Invalid`] naming the table, column and 1-based row of a value that is
/// missing, of the wrong type or not a valid model value; [`IoError::Store`] with the
/// row when the store rejects an actor or claim; [`IoError::Io`] when a file cannot
/// be read.
pub fn import(dir: &Path) -> Result<ClaimGraph, IoError> {
    let mut graph = ClaimGraph::new();
    let store = |line: usize| {
        move |source| IoError::Store {
            position: Position::line(line),
            source,
        }
    };
    let mut batch = Batch::new();
    let mut first = 1;
    let mut pending = 0;
    for item in TableRows::open(dir, Table::Actors, actor_row)? {
        let (line, actor) = item?;
        if pending == 0 {
            first = line;
        }
        batch.push_actor(actor);
        pending += 1;
        if pending == IMPORT_BATCH {
            graph
                .apply(std::mem::take(&mut batch))
                .map_err(store(first))?;
            pending = 0;
        }
    }
    graph
        .apply(std::mem::take(&mut batch))
        .map_err(store(first))?;

    let mut evidence = TableRows::open(dir, Table::Attributions, attribution_row)?.peekable();
    pending = 0;
    for item in TableRows::open(dir, Table::Claims, claim_row)? {
        let (line, (id, mut claim)) = item?;
        if pending == 0 {
            first = line;
        }
        while let Some(next) = evidence.next_if(|e| matches!(e, Ok((_, (c, _, _))) if *c == id)) {
            let (row, (_, ordinal, a)) = next?;
            if ordinal != claim.evidence.len() as i64 {
                return Err(IoError::Invalid {
                    position: Position::line(row).with_field("attributions.ordinal"),
                    reason: SkipReason::InvalidValue,
                    detail: format!(
                        "expected ordinal {} of claim {id}, found {ordinal}",
                        claim.evidence.len()
                    ),
                });
            }
            claim.evidence.push(a);
        }
        if let Some(Err(_)) = evidence.peek() {
            return Err(evidence
                .next()
                .and_then(Result::err)
                .expect("peeked an error"));
        }
        batch.push_claim(claim);
        pending += 1;
        if pending == IMPORT_BATCH {
            graph
                .apply(std::mem::take(&mut batch))
                .map_err(store(first))?;
            pending = 0;
        }
    }
    graph.apply(batch).map_err(store(first))?;
    if let Some(left) = evidence.next() {
        let (row, (claim_id, _, _)) = left?;
        return Err(IoError::Invalid {
            position: Position::line(row).with_field("attributions.claim_id"),
            reason: SkipReason::InvalidValue,
            detail: format!("claim {claim_id} is not in `claims` or not in its order"),
        });
    }
    Ok(graph)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(claimant: Option<&str>, outlet: Option<&str>) -> Attribution {
        let mut a = Attribution::new(Grade::Confidence(0.5));
        a.claimant = claimant.map(|k| k.parse().unwrap());
        a.outlet = outlet.map(|k| k.parse().unwrap());
        a
    }

    #[test]
    fn voices_join_transitively_and_are_named_by_their_first_attribution() {
        // 0 and 2 share a claimant, 2 and 3 an outlet; 1 and 4 stand alone; a claimant
        // and an outlet of the same key are different voices.
        let evidence = [
            says(Some("a"), None),
            says(Some("b"), Some("x")),
            says(Some("a"), Some("y")),
            says(None, Some("y")),
            says(None, Some("b")),
        ];
        assert_eq!(voices(&evidence), vec![0, 1, 0, 0, 4]);
        let distinct: std::collections::BTreeSet<usize> = voices(&evidence).into_iter().collect();
        assert_eq!(
            distinct.len(),
            crate::model::confidence::combine(&evidence).origins
        );
    }

    #[test]
    fn rows_split_into_contiguous_parts() {
        let parts: Vec<usize> = (0..5).map(|r| part_of(r, 5, 2)).collect();
        assert_eq!(parts, vec![0, 0, 0, 1, 1]);
        assert_eq!(part_of(0, 0, 3), 0);
    }
}
