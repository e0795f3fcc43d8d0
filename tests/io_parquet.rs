//! Parquet tables: export -> import is the identity (random graphs and the seed), the
//! schema is what the README documents, and a partitioned export reads back whole.
//!
//! Needs `--features parquet` (declared with `required-features` in Cargo.toml).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use ::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use claimgraph::ClaimGraph;
use claimgraph::io::parquet as tables;
use claimgraph::io::parquet::{DataType, ParquetOptions, Table};
use claimgraph::io::{Format, Importer, IoError, JsonDocument, SkipReason};
use claimgraph::model::{
    Actor, ActorKind, Alias, Attribution, Claim, Document, Grade, GroupType, PartialDate, Polarity,
    Relation, StatementKind, ValidTime,
};
use proptest::prelude::*;

const SEED: &str = include_str!("data/iran_bolivia.jsonl");

/// A fresh directory under the system's temporary directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "claimgraph-parquet-{name}-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn json(g: &ClaimGraph) -> String {
    serde_json::to_string_pretty(&JsonDocument::from_graph(g)).unwrap()
}

fn seed() -> ClaimGraph {
    let mut g = ClaimGraph::new();
    Importer::from_format(Format::JsonLines)
        .import(SEED.as_bytes(), &mut g)
        .unwrap();
    g
}

/// Every record batch of one Parquet file.
fn batches(path: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The number of row groups and their row counts in one Parquet file.
fn row_groups(path: &Path) -> Vec<i64> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
    builder
        .metadata()
        .row_groups()
        .iter()
        .map(|rg| rg.num_rows())
        .collect()
}

fn int64s(batches: &[RecordBatch], column: &str) -> Vec<i64> {
    batches
        .iter()
        .flat_map(|b| {
            b.column_by_name(column)
                .unwrap()
                .as_primitive::<Int64Type>()
                .values()
                .to_vec()
        })
        .collect()
}

// ----- schema -------------------------------------------------------------------------

fn dictionary() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

fn list(item: DataType) -> DataType {
    DataType::List(std::sync::Arc::new(tables::Field::new("item", item, true)))
}

/// Column names and types, in order, as written to the file and read back.
fn columns(path: &Path) -> Vec<(String, String)> {
    let schema = tables::read_schema(path).unwrap();
    schema
        .fields()
        .iter()
        .map(|f| (f.name().clone(), format!("{}", f.data_type())))
        .collect()
}

#[test]
fn tables_have_the_documented_columns_and_types() {
    let scratch = Scratch::new("schema");
    let written = tables::export(&seed(), &scratch.0, &ParquetOptions::new()).unwrap();
    assert_eq!(written.files.len(), 3);

    let names = |t: &[(String, String)]| t.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
    let actors = columns(&scratch.0.join("actors/part-00000.parquet"));
    assert_eq!(
        names(&actors),
        [
            "id",
            "kind",
            "group_type",
            "name",
            "aliases",
            "external_ids",
            "attributes"
        ]
    );
    let claims = columns(&scratch.0.join("claims/part-00000.parquet"));
    assert_eq!(
        names(&claims),
        [
            "id",
            "src",
            "dst",
            "relation",
            "relation_kind",
            "is_symmetric",
            "polarity",
            "statement",
            "valid_from",
            "valid_from_precision",
            "valid_to",
            "valid_to_precision",
            "valid_single",
            "confidence",
            "origins",
            "codes",
            "external_ids"
        ]
    );
    let attributions = columns(&scratch.0.join("attributions/part-00000.parquet"));
    assert_eq!(
        names(&attributions),
        [
            "claim_id",
            "ordinal",
            "claimant",
            "outlet",
            "relays",
            "document",
            "excerpt",
            "reported",
            "reported_precision",
            "grade",
            "grade_value",
            "voice"
        ]
    );

    // Types, compared as Arrow types (through the file, so what engines see).
    let claims_schema = tables::read_schema(&scratch.0.join("claims/part-00000.parquet")).unwrap();
    let ty = |name: &str| {
        claims_schema
            .field_with_name(name)
            .unwrap()
            .data_type()
            .clone()
    };
    assert_eq!(ty("id"), DataType::Int64);
    assert_eq!(ty("src"), DataType::Utf8);
    assert_eq!(ty("dst"), DataType::Utf8);
    assert_eq!(ty("relation"), dictionary());
    assert_eq!(ty("relation_kind"), dictionary());
    assert_eq!(ty("is_symmetric"), DataType::Boolean);
    assert_eq!(ty("polarity"), dictionary());
    assert_eq!(ty("statement"), dictionary());
    assert_eq!(ty("valid_from"), DataType::Date32);
    assert_eq!(ty("valid_from_precision"), dictionary());
    assert_eq!(ty("valid_to"), DataType::Date32);
    assert_eq!(ty("valid_single"), DataType::Boolean);
    assert_eq!(ty("confidence"), DataType::Float64);
    assert_eq!(ty("origins"), DataType::Int32);
    assert_eq!(ty("codes"), list(DataType::Utf8));
    assert_eq!(ty("external_ids"), list(DataType::Utf8));

    let actors_schema = tables::read_schema(&scratch.0.join("actors/part-00000.parquet")).unwrap();
    let ty = |name: &str| {
        actors_schema
            .field_with_name(name)
            .unwrap()
            .data_type()
            .clone()
    };
    assert_eq!(ty("id"), DataType::Utf8);
    assert_eq!(ty("kind"), dictionary());
    assert_eq!(ty("group_type"), dictionary());
    assert_eq!(ty("name"), DataType::Utf8);
    assert_eq!(
        format!("{}", ty("aliases")),
        "List(Struct(\"name\": non-null Utf8, \"lang\": Utf8))"
    );
    assert!(matches!(ty("external_ids"), DataType::Map(_, false)));
    assert!(matches!(ty("attributes"), DataType::Map(_, false)));

    let attr_schema =
        tables::read_schema(&scratch.0.join("attributions/part-00000.parquet")).unwrap();
    let ty = |name: &str| {
        attr_schema
            .field_with_name(name)
            .unwrap()
            .data_type()
            .clone()
    };
    assert_eq!(ty("claim_id"), DataType::Int64);
    assert_eq!(ty("ordinal"), DataType::Int32);
    assert_eq!(ty("claimant"), DataType::Utf8);
    assert_eq!(ty("outlet"), DataType::Utf8);
    assert_eq!(ty("relays"), list(DataType::Utf8));
    let DataType::Struct(document) = ty("document") else {
        panic!("document is a struct");
    };
    let document: Vec<(String, DataType)> = document
        .iter()
        .map(|f| (f.name().clone(), f.data_type().clone()))
        .collect();
    assert_eq!(
        document,
        [
            ("url".to_owned(), DataType::Utf8),
            ("title".to_owned(), DataType::Utf8),
            ("lang".to_owned(), DataType::Utf8),
            ("published".to_owned(), DataType::Date32),
            ("published_precision".to_owned(), dictionary()),
        ]
    );
    assert_eq!(ty("excerpt"), DataType::Utf8);
    assert_eq!(ty("reported"), DataType::Date32);
    assert_eq!(ty("reported_precision"), dictionary());
    assert_eq!(ty("grade"), DataType::Utf8);
    assert_eq!(ty("grade_value"), DataType::Float64);
    assert_eq!(ty("voice"), DataType::Int32);

    // The declared schemas are the written ones.
    for table in Table::ALL {
        let path = scratch.0.join(table.name()).join("part-00000.parquet");
        assert_eq!(
            tables::read_schema(&path).unwrap().fields(),
            table.schema().fields(),
            "{}",
            table.name()
        );
    }
}

// ----- values -------------------------------------------------------------------------

/// One claim whose every column has a value a reader can check by hand.
fn one_claim_graph() -> ClaimGraph {
    let mut g = ClaimGraph::new();
    let iran = Actor::new("iran", ActorKind::State, "Iran")
        .unwrap()
        .with_alias("Irán", Some("es"))
        .with_alias("Persia", None)
        .with_external_id("wikidata", "Q794");
    g.add_actor(iran).unwrap();
    let quds = Actor::new("quds", ActorKind::Group, "Quds Force")
        .unwrap()
        .with_group_type(GroupType::Military);
    g.add_actor(quds).unwrap();
    g.add_actor(Actor::new("efe", ActorKind::MediaOutlet, "EFE").unwrap())
        .unwrap();
    let claim = Claim::new(
        "iran".parse().unwrap(),
        Relation::Cooperates(claimgraph::model::Sector::Security),
        "quds".parse().unwrap(),
        ValidTime::between(
            Some(PartialDate::month(2011, 2).unwrap()),
            Some(PartialDate::year(2012).unwrap()),
        )
        .unwrap(),
    )
    .with_statement(StatementKind::Tie)
    .with_code("CAMEO:042")
    .with_evidence(
        Attribution::new(Grade::Admiralty("B2".parse().unwrap()))
            .with_claimant("iran".parse().unwrap())
            .with_outlet("efe".parse().unwrap())
            .with_document(Document {
                url: Some("https://example.org/a".to_owned()),
                title: None,
                lang: Some("es".to_owned()),
                published: Some(PartialDate::day(2011, 2, 3).unwrap()),
            })
            .with_reported(PartialDate::month(2011, 2).unwrap()),
    )
    .with_evidence(Attribution::new(Grade::Confidence(0.25)).with_outlet("efe".parse().unwrap()))
    .with_evidence(Attribution::new(Grade::Confidence(0.5)).with_claimant("quds".parse().unwrap()));
    g.add_claim(claim).unwrap();
    g
}

#[test]
fn values_are_written_with_their_meaning() {
    let scratch = Scratch::new("values");
    let g = one_claim_graph();
    tables::export(&g, &scratch.0, &ParquetOptions::new()).unwrap();

    let claims = batches(&scratch.0.join("claims/part-00000.parquet"));
    let c = &claims[0];
    let text = |name: &str| {
        let col = c.column_by_name(name).unwrap();
        let dict = col.as_dictionary::<Int32Type>();
        let values = dict.values().as_string::<i32>();
        values.value(dict.keys().value(0) as usize).to_owned()
    };
    assert_eq!(
        c.column_by_name("src").unwrap().as_string::<i32>().value(0),
        "iran"
    );
    assert_eq!(
        c.column_by_name("dst").unwrap().as_string::<i32>().value(0),
        "quds"
    );
    assert_eq!(text("relation"), "cooperates:security");
    assert_eq!(text("relation_kind"), "cooperates");
    assert_eq!(text("statement"), "tie");
    assert_eq!(text("polarity"), "asserted");
    assert!(
        c.column_by_name("is_symmetric")
            .unwrap()
            .as_boolean()
            .value(0)
    );
    // 2011-02-01 is day 15006 since 1970-01-01; 2012-12-31 is day 15705.
    let day = |name: &str| {
        c.column_by_name(name)
            .unwrap()
            .as_primitive::<Date32Type>()
            .value(0)
    };
    assert_eq!((day("valid_from"), day("valid_to")), (15006, 15705));
    assert_eq!(
        (text("valid_from_precision"), text("valid_to_precision")),
        ("month".to_owned(), "year".to_owned())
    );
    // Voices: {0, 1} share the outlet efe, 2 stands alone; noisy-OR of 0.8*0.8 and 0.5.
    let confidence = c
        .column_by_name("confidence")
        .unwrap()
        .as_primitive::<Float64Type>()
        .value(0);
    assert_eq!(confidence, g.claims().next().unwrap().confidence());
    assert!((confidence - (1.0 - (1.0 - 0.64) * 0.5)).abs() < 1e-15);
    let origins = c
        .column_by_name("origins")
        .unwrap()
        .as_primitive::<Int32Type>();
    assert_eq!(origins.value(0), 2);

    let a = &batches(&scratch.0.join("attributions/part-00000.parquet"))[0];
    let strings = |name: &str| {
        let col = a.column_by_name(name).unwrap().as_string::<i32>().clone();
        (0..col.len())
            .map(|i| col.is_valid(i).then(|| col.value(i).to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        strings("grade"),
        [Some("B2".into()), Some("0.25".into()), Some("0.5".into())]
    );
    assert_eq!(
        strings("claimant"),
        [Some("iran".into()), None, Some("quds".into())]
    );
    let voice = a
        .column_by_name("voice")
        .unwrap()
        .as_primitive::<Int32Type>();
    assert_eq!(voice.values().to_vec(), [0, 0, 2]);
    let grade_value = a
        .column_by_name("grade_value")
        .unwrap()
        .as_primitive::<Float64Type>();
    assert_eq!(grade_value.values().to_vec(), [0.8 * 0.8, 0.25, 0.5]);
    let document = a.column_by_name("document").unwrap().as_struct();
    assert_eq!(
        (
            document.is_valid(0),
            document.is_valid(1),
            document.is_valid(2)
        ),
        (true, false, false)
    );
    // 2011-02-03 is day 15008.
    let published = document
        .column_by_name("published")
        .unwrap()
        .as_primitive::<Date32Type>();
    assert_eq!(published.value(0), 15008);

    let back = tables::import(&scratch.0).unwrap();
    assert_eq!(json(&back), json(&g));
}

// ----- partitioned export -------------------------------------------------------------

#[test]
fn a_partitioned_export_reads_back_whole() {
    let scratch = Scratch::new("parts");
    let g = seed();
    let options = ParquetOptions::new().files(3).row_group_rows(7);
    let written = tables::export(&g, &scratch.0, &options).unwrap();
    assert_eq!(
        (written.actors, written.claims),
        (g.actor_count(), g.claim_count())
    );
    assert_eq!(
        written.attributions,
        g.claims().map(|c| c.evidence().count()).sum::<usize>()
    );
    let root = scratch.0.clone();
    let expected: Vec<PathBuf> = ["actors", "claims", "attributions"]
        .iter()
        .flat_map(|t| {
            let root = root.clone();
            (0..3).map(move |p| root.join(t).join(format!("part-{p:05}.parquet")))
        })
        .collect();
    assert_eq!(written.files, expected);

    // Parts hold contiguous ranges of near-equal size in row groups of at most 7 rows.
    let claim_parts: Vec<Vec<i64>> = (0..3)
        .map(|p| int64s(&batches(&expected[3 + p]), "id"))
        .collect();
    let sizes: Vec<usize> = claim_parts.iter().map(Vec::len).collect();
    let n = g.claim_count();
    assert_eq!(
        sizes,
        [
            n.div_ceil(3),
            (2 * n).div_ceil(3) - n.div_ceil(3),
            n - (2 * n).div_ceil(3)
        ]
    );
    let all: Vec<i64> = claim_parts.concat();
    let ids: Vec<i64> = g.claim_ids().map(|id| id.index() as i64).collect();
    assert_eq!(all, ids);
    for path in &expected {
        let groups = row_groups(path);
        assert!(
            groups.iter().all(|&r| (1..=7).contains(&r)),
            "{path:?}: {groups:?}"
        );
    }
    // Part k of attributions holds exactly the evidence of part k of claims.
    for (p, claims) in claim_parts.iter().enumerate() {
        let cited: BTreeSet<i64> = int64s(&batches(&expected[6 + p]), "claim_id")
            .into_iter()
            .collect();
        assert_eq!(cited, claims.iter().copied().collect::<BTreeSet<_>>());
    }

    let back = tables::import(&scratch.0).unwrap();
    assert_eq!(json(&back), json(&g));

    // A later export with fewer files leaves no stale part behind.
    tables::export(&g, &scratch.0, &ParquetOptions::new().files(1)).unwrap();
    let left: Vec<_> = std::fs::read_dir(scratch.0.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, ["part-00000.parquet"]);
    assert_eq!(json(&tables::import(&scratch.0).unwrap()), json(&g));
}

#[test]
fn voices_count_the_origins_of_every_seed_claim() {
    let scratch = Scratch::new("voices");
    let g = seed();
    tables::export(&g, &scratch.0, &ParquetOptions::new()).unwrap();
    let a = batches(&scratch.0.join("attributions/part-00000.parquet"));
    let mut voices: BTreeMap<i64, BTreeSet<i32>> = BTreeMap::new();
    for b in &a {
        let claim = b
            .column_by_name("claim_id")
            .unwrap()
            .as_primitive::<Int64Type>();
        let voice = b
            .column_by_name("voice")
            .unwrap()
            .as_primitive::<Int32Type>();
        for i in 0..b.num_rows() {
            voices
                .entry(claim.value(i))
                .or_default()
                .insert(voice.value(i));
        }
    }
    let counts: Vec<usize> = voices.values().map(BTreeSet::len).collect();
    let origins: Vec<usize> = g.claim_ids().map(|id| g.origins(id).unwrap()).collect();
    assert_eq!(counts, origins);
    assert!(
        origins.iter().any(|&o| o > 1),
        "the seed has corroborated claims"
    );
}

// ----- bad input ----------------------------------------------------------------------

#[test]
fn a_missing_table_and_a_missing_column_are_named() {
    let scratch = Scratch::new("bad");
    let err = tables::import(&scratch.0).unwrap_err();
    assert!(matches!(err, IoError::Io(_)), "{err}");
    assert!(err.to_string().contains("actors"), "{err}");

    // An actors table written by another tool, without the `kind` column.
    let g = one_claim_graph();
    tables::export(&g, &scratch.0, &ParquetOptions::new()).unwrap();
    let path = scratch.0.join("actors/part-00000.parquet");
    let batch = batches(&path).remove(0);
    let kept = batch.project(&[0, 2, 3, 4, 5, 6]).unwrap();
    let file = File::create(&path).unwrap();
    let mut writer = parquet_writer(file, &kept);
    writer.write(&kept).unwrap();
    writer.close().unwrap();
    match tables::import(&scratch.0).unwrap_err() {
        IoError::Invalid {
            position,
            reason,
            detail,
        } => {
            assert_eq!(
                (
                    position.line,
                    position.field.as_deref(),
                    reason,
                    detail.as_str()
                ),
                (
                    Some(1),
                    Some("actors.kind"),
                    SkipReason::InvalidValue,
                    "missing column"
                )
            );
        }
        other => panic!("{other}"),
    }
}

fn parquet_writer(file: File, batch: &RecordBatch) -> ::parquet::arrow::ArrowWriter<File> {
    ::parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap()
}

// ----- random graphs ------------------------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..6).prop_map(String::from_iter)
}

fn name() -> impl Strategy<Value = String> {
    (prop::sample::select(vec!['a', 'Ñ', 'И', '東']), text())
        .prop_map(|(c, rest)| format!("{c}{rest}"))
}

fn date() -> impl Strategy<Value = PartialDate> {
    (1i32..=9999, 0u8..=12, 0u8..=31).prop_map(|(y, m, d)| match (m, d) {
        (0, _) => PartialDate::year(y).unwrap(),
        (m, 0) => PartialDate::month(y, m).unwrap(),
        (m, d) => PartialDate::day(y, m, d.min(28)).unwrap(),
    })
}

fn valid_time() -> impl Strategy<Value = ValidTime> {
    prop_oneof![
        Just(ValidTime::ALWAYS),
        date().prop_map(ValidTime::at),
        (prop::option::of(date()), prop::option::of(date())).prop_map(|(a, b)| {
            let (a, b) = match (a, b) {
                (Some(a), Some(b)) if b.last_day() < a.first_day() => (Some(b), Some(a)),
                other => other,
            };
            ValidTime::between(a, b).unwrap()
        }),
    ]
}

fn grade() -> impl Strategy<Value = Grade> {
    prop_oneof![
        (0.0f64..=1.0).prop_map(Grade::Confidence),
        prop::sample::select(vec![0.0, -0.0, 1.0, 1.0 / 3.0, 5e-324]).prop_map(Grade::Confidence),
        (0..6usize, 1..=6u8).prop_map(|(r, c)| {
            let letter = ['A', 'B', 'C', 'D', 'E', 'F'][r];
            Grade::Admiralty(format!("{letter}{c}").parse().unwrap())
        }),
    ]
}

fn document() -> impl Strategy<Value = Document> {
    (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(prop::sample::select(vec!["en", "fa"])),
        prop::option::of(date()),
    )
        .prop_map(|(url, title, lang, published)| Document {
            url,
            title,
            lang: lang.map(str::to_owned),
            published,
        })
}

type EvidenceSpec = (
    Option<usize>,
    Option<usize>,
    Vec<usize>,
    Option<Document>,
    Option<String>,
    Option<PartialDate>,
    Grade,
);

fn evidence() -> impl Strategy<Value = EvidenceSpec> {
    (
        prop::option::of(0..6usize),
        prop::option::of(0..6usize),
        prop::collection::vec(0..6usize, 0..3),
        prop::option::of(document()),
        prop::option::of(text()),
        prop::option::of(date()),
        grade(),
    )
}

type ClaimSpec = (
    usize,
    usize,
    usize,
    bool,
    ValidTime,
    usize,
    Vec<String>,
    Vec<EvidenceSpec>,
);

fn claim() -> impl Strategy<Value = ClaimSpec> {
    (
        any::<usize>(),
        any::<usize>(),
        any::<usize>(),
        any::<bool>(),
        valid_time(),
        0..3usize,
        prop::collection::vec("CAMEO:0[0-9]{2}", 0..3),
        prop::collection::vec(evidence(), 1..5),
    )
}

type ActorSpec = (
    usize,
    String,
    Vec<(String, Option<&'static str>)>,
    bool,
    Option<String>,
    Option<String>,
);

fn actor() -> impl Strategy<Value = ActorSpec> {
    (
        0..5usize,
        name(),
        prop::collection::vec(
            (
                name(),
                prop::option::of(prop::sample::select(vec!["en", "es"])),
            ),
            0..3,
        ),
        any::<bool>(),
        prop::option::of("Q[0-9]{1,5}"),
        prop::option::of(text()),
    )
}

/// A graph from specs: indices modulo what exists, relations among those whose
/// domain and range fit the pair both ways (the store may reverse a symmetric claim),
/// and some claims removed so that claim ids have holes.
fn build(actors: &[ActorSpec], claims: &[ClaimSpec], removals: &[usize]) -> ClaimGraph {
    let mut g = ClaimGraph::new();
    let mut keys = Vec::new();
    for (i, (kind, name, aliases, typed, wikidata, attribute)) in actors.iter().enumerate() {
        let kind = ActorKind::ALL[*kind];
        let mut a = Actor::new(&format!("k{i}"), kind, name.clone()).unwrap();
        a.aliases = aliases
            .iter()
            .map(|(n, l)| Alias::new(n.clone(), *l))
            .collect();
        if *typed && kind == ActorKind::Group {
            a.group_type = Some(GroupType::ArmedGroup);
        }
        if let Some(q) = wikidata {
            a = a.with_external_id("wikidata", q);
        }
        if let Some(v) = attribute {
            a = a.with_attribute("role", v.clone());
        }
        keys.push((a.key.clone(), kind));
        g.add_actor(a).unwrap();
    }
    let n = keys.len();
    let mut relations = Relation::examples();
    relations.push(Relation::Custom("attended_summit".to_owned()));
    for (i, (s, o, r, denied, valid, statement, codes, evidence)) in claims.iter().enumerate() {
        let s = s % n;
        let o = (s + 1 + o % (n - 1)) % n;
        let fits = |rel: &Relation| {
            let (d, g) = (rel.kind().domain(), rel.kind().range());
            d.contains(keys[s].1)
                && g.contains(keys[o].1)
                && (!rel.is_symmetric() || (d.contains(keys[o].1) && g.contains(keys[s].1)))
        };
        let fitting: Vec<&Relation> = relations.iter().filter(|r| fits(r)).collect();
        let mut c = Claim::new(
            keys[s].0.clone(),
            fitting[r % fitting.len()].clone(),
            keys[o].0.clone(),
            *valid,
        )
        .with_statement(StatementKind::ALL[*statement]);
        if *denied {
            c = c.with_polarity(Polarity::Denied);
        }
        for code in codes {
            c = c.with_code(code.clone());
        }
        if i % 2 == 0 {
            // Distinct per generated claim: one external id names one claim.
            c = c.with_external_id("test", &i.to_string());
        }
        for (claimant, outlet, relays, document, excerpt, reported, grade) in evidence {
            let pick = |i: usize| keys[i % n].0.clone();
            let claimant = if claimant.is_none() && outlet.is_none() {
                Some(0)
            } else {
                *claimant
            };
            c.evidence.push(Attribution {
                claimant: claimant.map(pick),
                outlet: outlet.map(pick),
                relays: relays.iter().copied().map(pick).collect(),
                document: document.clone(),
                excerpt: excerpt.clone(),
                reported: *reported,
                grade: *grade,
            });
        }
        g.add_claim(c).unwrap();
    }
    for r in removals {
        let ids: Vec<_> = g.claim_ids().collect();
        if !ids.is_empty() {
            g.remove_claim(ids[r % ids.len()]).unwrap();
        }
    }
    g
}

fn random_graph() -> impl Strategy<Value = ClaimGraph> {
    (
        prop::collection::vec(actor(), 2..7),
        prop::collection::vec(claim(), 0..12),
        prop::collection::vec(any::<usize>(), 0..3),
    )
        .prop_map(|(a, c, r)| build(&a, &c, &r))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_graphs_round_trip_through_parquet(
        g in random_graph(),
        rows in 1..6usize,
        files in 1..4usize,
    ) {
        let scratch = Scratch::new("prop");
        let options = ParquetOptions::new().row_group_rows(rows).files(files);
        let written = tables::export(&g, &scratch.0, &options).unwrap();
        prop_assert_eq!(written.files.len(), 3 * files);
        let back = tables::import(&scratch.0).unwrap();
        prop_assert_eq!(json(&back), json(&g));
        // Confidences derived again from the evidence, to the bit.
        let bits = |g: &ClaimGraph| g.claim_ids().map(|id| g.confidence(id).unwrap().to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&back), bits(&g));
    }
}
