//! GDELT event records read as claims: GDELT 1.0 (the official tab-separated daily
//! export, the historical backfile, and the quoted-CSV variant with `NULL` for missing
//! values) and the GDELT 2.0 events export.
//!
//! # Input
//!
//! Each line is one event. Its layout is told by its number of columns, row by row, so
//! that one file may mix them (the reference is the GDELT Event Codebook V1.03 for
//! GDELT 1.0 and the GDELT Event Codebook V2.0 for GDELT 2.0; 0-based column indices):
//!
//! | columns | layout | `GLOBALEVENTID` | `SQLDATE` | Actor1 / Actor2 blocks | `EventCode` / `EventRootCode` | `NumSources` / `NumArticles` | `DATEADDED` | `SOURCEURL` |
//! |---|---|---|---|---|---|---|---|---|
//! | 57 | GDELT 1.0 without `SOURCEURL` (the historical backfile and the earlier daily files) | 0 | 1 | 5-14 / 15-24 | 26 / 28 | 32 / 33 | 56 (`YYYYMMDD`) | none |
//! | 58 | GDELT 1.0 daily files | 0 | 1 | 5-14 / 15-24 | 26 / 28 | 32 / 33 | 56 (`YYYYMMDD`) | 57 |
//! | 61 | GDELT 2.0 events export (each geography block has an extra `ADM2Code`) | 0 | 1 | 5-14 / 15-24 | 26 / 28 | 32 / 33 | 59 (`YYYYMMDDhhmmss`) | 60 |
//!
//! Columns 0-34 are the same in all three (`GLOBALEVENTID`, `SQLDATE`, `MonthYear`,
//! `Year`, `FractionDate`, the two actor blocks of `Code`, `Name`, `CountryCode`,
//! `KnownGroupCode`, `EthnicCode`, `Religion1Code`, `Religion2Code`, `Type1Code`,
//! `Type2Code`, `Type3Code`, then `IsRootEvent`, `EventCode`, `EventBaseCode`,
//! `EventRootCode`, `QuadClass`, `GoldsteinScale`, `NumMentions`, `NumSources`,
//! `NumArticles`, `AvgTone`); the geography blocks that follow are not read. Two
//! renderings are read, told apart by the first data line:
//!
//! - **tab-separated** (the official exports): a line holding a tab. Fields are
//!   unquoted; an empty field is a missing value.
//! - **quoted CSV**: any other line. Fields are separated by commas and may be
//!   double-quoted (`""` inside quotes is one quote); a bare `NULL` or an empty field is
//!   a missing value. A quoted field must close on its own line.
//!
//! A first line whose first field is `GLOBALEVENTID` is a header and is skipped (not
//! counted as read). Blank lines are ignored; `\r\n` endings are accepted.
//!
//! Some extracts (the test file among them) went through a tool that stored codes as
//! numbers and dropped their leading zero (`61` for `061`, `8` for root `08`). The
//! reader puts it back: `EventRootCode` is padded to two digits and `EventCode` gets a
//! leading `0` when that makes it start with its root. The claim carries the restored
//! code (`CAMEO:061`), so both renderings of one event give the same claim.
//!
//! # What a row becomes
//!
//! - **Actors.** Actor1 and Actor2 become actors keyed `gdelt:<ActorCode>`
//!   (`gdelt:USA`, `gdelt:CHNGOV`), with the code as external id `cameo`. Their
//!   **names** come from the CAMEO actor code tables (module `cameo`, "Actor names"):
//!   `gdelt:USA` is "United States", `gdelt:IRNMIL` "Iran military", `gdelt:IGOUNO`
//!   "United Nations". `Actor1Name`/`Actor2Name` is what GDELT's coder matched in the
//!   text, and is an alias only where it names the actor:
//!   - never for a state, a region, or a collective of a role or type (`USAGOV`,
//!     `GOV`, `USAMED`): there it is a place standing for a country ("WASHINGTON"),
//!     a demonym ("AMERICAN"), a member or a title ("OBAMA", "PRESIDENT"), or the
//!     country's name again;
//!   - for a code holding a known group (`IGOUNO`: "THE UN"), which is one
//!     organisation, unless it is a place name;
//!   - for a code the tables cannot read (`ran`), it is the name (the first one
//!     seen; later ones become aliases), unless it is a place name, when the code
//!     is the name.
//!
//!   A **place name** is any comma-separated part of the row's own
//!   `Actor1Geo_FullName`, `Actor2Geo_FullName` and `ActionGeo_FullName` ("Washington,
//!   District of Columbia, United States"), or the name of a country or region of
//!   the tables, compared folded. Their **kind**:
//!   1. the first of `Type1Code`, `Type2Code`, `Type3Code` known to the CAMEO type
//!      table (see the `cameo` module: `GOV` agency, `MIL` military, `MED` media
//!      outlet, `REB`/`INS` armed group, `BUS` company, `IGO` forum, `NGO`, `EDU`
//!      university, `ELI`/`CVL` collectives of type other, ...); when all three are
//!      empty, the three-letter parts of the actor code are tried the same way, but
//!      its first part when that is its `CountryCode` or a region (`REL` alone is a
//!      religious group, `USAREL` the United States' religious groups);
//!   2. else a region code (`AFR`, `ASA`, `EUR`, `LAM`, `MEA`, `WST`, ...) is a
//!      [`Region`](crate::model::ActorKind::Region);
//!   3. else a code that is just its country code (`USA`) is a
//!      [`State`](crate::model::ActorKind::State);
//!   4. else a known group (`KnownGroupCode`) is a group of type other, a religion
//!      code alone a religious group, an ethnic code alone a group of type other;
//!   5. else a bare three-letter code is taken for a country (a state), and anything
//!      longer is a group of type other.
//!
//!   No GDELT actor is a person: CAMEO codes people by their role (`USAGOV`).
//! - **Relation.** `EventCode` through the CAMEO table (module `cameo`): `01`
//!   comments, `02` appeals, ..., `042` visited, `043` visited with the direction
//!   reversed (Actor2 visited Actor1), `046` negotiates, `057` signed agreement, `061`
//!   cooperates (economy), `062` supplies arms, ..., `18`-`20` attacks. The claim keeps
//!   `CAMEO:<EventCode>` in its codes.
//! - **External id.** The claim carries `gdelt:<GLOBALEVENTID>`, so that a later
//!   record (a GDELT 2.0 mention) finds it with
//!   [`ClaimGraph::claim_by_external`](crate::ClaimGraph::claim_by_external). Rows of
//!   several events that merge into one claim leave it all their ids.
//! - **Valid time** is `SQLDATE`, to the day.
//! - **Evidence** is one attribution with no claimant (GDELT names none). Its outlet
//!   is the host of `SOURCEURL`, lower-cased and without `www.`, as a media outlet
//!   keyed `outlet:<host>` (`outlet:reuters.com`); its document is the URL, published
//!   on `DATEADDED`; it was reported on `DATEADDED` (the day of GDELT 2.0's
//!   `YYYYMMDDhhmmss`). A row without `SOURCEURL` (57 columns) or with an empty one
//!   has the outlet `gdelt`, "The GDELT Project", and no document. A `SOURCEURL` that is not an
//!   `http(s)` URL (GDELT writes `BBC Monitoring` for some sources) names the outlet
//!   itself, with no document.
//! - **Confidence** of that attribution, from `NumSources` (s) and `NumArticles` (a):
//!
//!   `c = 0.05 + 0.9 × (1 − 0.6^s × 0.95^(a − s))`
//!
//!   Each distinct source is taken as a 40% chance of confirming the event on its own;
//!   each article beyond one per source adds only 5%, because articles of one source
//!   mostly repeat each other. The result is bounded in [0.05, 0.95]: no event coded
//!   by machine from news is certain, and none is worthless. Since
//!   `0.6^s × 0.95^(a − s) = (0.6 / 0.95)^s × 0.95^a`, it grows with s and with a
//!   separately, even when a < s. One source in one article gives 0.41, two sources
//!   in ten articles 0.735, ten sources in ten articles 0.945. Empty counts read as 0. The caveat: rows
//!   of one event reported through different URLs merge into one claim as
//!   independent voices, although their counts describe the same coverage.
//!
//!   Once GDELT 2.0 mentions are imported, the mention of the row's own article
//!   replaces this attribution, graded from the mention's `Confidence` (module
//!   [`gdelt_mentions`](super::gdelt_mentions), "One article, one attribution"); a
//!   row whose claim already has that mention keeps the mention's attribution.
//!
//! # Bad input
//!
//! Rows are read by the `csv` crate (tab-separated and unquoted, or comma-separated
//! with RFC 4180 quotes), each with its line; a byte-order mark at the start of the
//! file is dropped. Every problem is a [`SkipReason`] with the
//! line and, where there is one, the column.
//!
//! Skipped and counted even by a strict import, because the row is well-formed but
//! cannot become a claim:
//!
//! | reason | when |
//! |---|---|
//! | `MissingActor` | `Actor1Code` or `Actor2Code` is empty |
//! | `UnknownCode` | `EventCode` is not in the CAMEO table |
//! | `KindsDoNotFit` | the actors' kinds are outside the relation's domain or range |
//! | `SelfLoop` | both actors have the same code |
//!
//! Errors that fail a strict import (which then changes nothing), or skips with
//! `skip_invalid`:
//!
//! | reason | when |
//! |---|---|
//! | `InvalidUtf8`, `ByteOrderMark` | a field that is not UTF-8, or holds U+FEFF after the start of the file |
//! | `Malformed` | a row of other than 57, 58 or 61 fields, or a quoted field that does not close on its line (a truncated download) |
//! | `InvalidDate` | `SQLDATE` or `DATEADDED` that is not a whole `YYYYMMDD` (or `YYYYMMDDhhmmss`) day of the years 1 to 9999: `00000000`, `201805`, `20181345` |
//! | `InvalidValue` | a count that is not a number, an empty or non-numeric `EventCode`, an `EventCode` outside its `EventRootCode`, an actor code that cannot be a key, a `GLOBALEVENTID` that is not a number |
//! | `Rejected` | an actor code already in the graph with another kind |
//!
//! A line longer than [`Limits::line_bytes`](crate::io::Limits::line_bytes) stops the
//! import.

use std::io::BufRead;

use super::cameo;
use super::import::{Invalid, Limits, Read, Record as ImportRecord, RecordReader, View};
use super::input::{Dialect, Rows};
use super::{IoError, Position, SkipReason};
use crate::model::{
    Actor, ActorKey, ActorKind, Attribution, Claim, Document, Grade, GroupType, PartialDate,
    ValidTime, fold_name,
};

/// Number of columns of a GDELT 1.0 event record.
const COLUMNS: usize = 58;
/// Number of columns of a GDELT 2.0 events export record.
const COLUMNS_V2: usize = 61;

/// Column names of the GDELT 2.0 events export, for error messages. GDELT 1.0 has
/// the same columns without the three `ADM2Code` ones (see [`Layout::name`]).
const COLUMN_NAMES: [&str; COLUMNS_V2] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

const GLOBALEVENTID: usize = 0;
const SQLDATE: usize = 1;
/// First column of Actor1's block; Actor2's starts [`ACTOR_BLOCK`] columns later.
const ACTOR1: usize = 5;
const ACTOR2: usize = ACTOR1 + ACTOR_BLOCK;
const ACTOR_BLOCK: usize = 10;
const EVENT_CODE: usize = 26;
const EVENT_ROOT_CODE: usize = 28;
const NUM_SOURCES: usize = 32;
const NUM_ARTICLES: usize = 33;

/// The layout of GDELT 1.0 daily files.
const V1: Layout = Layout {
    adm2: false,
    dateadded: 56,
    sourceurl: Some(57),
};

/// Where a row's columns are, which depends on its layout (module docs).
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// Whether each geography block has an `ADM2Code` (GDELT 2.0).
    adm2: bool,
    dateadded: usize,
    sourceurl: Option<usize>,
}

impl Layout {
    /// The layout of a row of `columns` fields, if it is one GDELT published.
    fn of(columns: usize) -> Option<Layout> {
        match columns {
            57 => Some(Layout {
                adm2: false,
                dateadded: 56,
                sourceurl: None,
            }),
            COLUMNS => Some(V1),
            COLUMNS_V2 => Some(Layout {
                adm2: true,
                dateadded: 59,
                sourceurl: Some(60),
            }),
            _ => None,
        }
    }

    /// The index in [`COLUMN_NAMES`] of this layout's column `i`: GDELT 1.0 lacks
    /// the `ADM2Code` after each block's `ADM1Code` (columns 38, 45 and 52 of 1.0).
    fn v2_index(self, i: usize) -> usize {
        if self.adm2 {
            return i;
        }
        match i {
            0..=38 => i,
            39..=45 => i + 1,
            46..=52 => i + 2,
            _ => i + 3,
        }
    }

    /// The name of this layout's column `i`.
    fn name(self, i: usize) -> &'static str {
        COLUMN_NAMES
            .get(self.v2_index(i))
            .copied()
            .unwrap_or_default()
    }

    /// The `Actor1Geo_FullName`, `Actor2Geo_FullName` and `ActionGeo_FullName`
    /// columns.
    fn geography(self) -> [usize; 3] {
        if self.adm2 {
            [36, 44, 52]
        } else {
            [36, 43, 50]
        }
    }
}

/// Registry of the claims' external ids: `gdelt:<GLOBALEVENTID>`.
pub(crate) const EXTERNAL_REGISTRY: &str = "gdelt";

/// Key of the outlet standing for GDELT itself, for rows without a source.
const GDELT_OUTLET: &str = "gdelt";

/// The reader of GDELT events: rows of the `csv` crate, the dialect told by the first
/// line (a tab: the official export, unquoted; otherwise quoted CSV with `NULL`).
pub(crate) struct Reader<R> {
    rows: Rows<R>,
    /// Whether a bare `NULL` is a missing value (the quoted-CSV variant).
    null_is_missing: bool,
    first: bool,
}

pub(crate) fn reader<R: BufRead>(reader: R, limits: Limits) -> Result<Reader<R>, IoError> {
    let mut tabs = false;
    let rows = Rows::new(reader, limits.line_bytes, |first| {
        tabs = first.contains(&b'\t');
        Dialect {
            delimiter: if tabs { b'\t' } else { b',' },
            quoting: !tabs,
            trim: false,
        }
    })?;
    Ok(Reader {
        rows,
        null_is_missing: !tabs,
        first: true,
    })
}

/// The name of column `i` of a row whose layout is not known yet: the GDELT 1.0
/// name up to its last column.
fn column(i: usize) -> String {
    if i < COLUMNS {
        V1.name(i).to_owned()
    } else {
        format!("column {}", i + 1)
    }
}

impl<R: BufRead> RecordReader for Reader<R> {
    type Raw = csv::StringRecord;

    fn next(&mut self) -> Result<Option<Read<csv::StringRecord>>, IoError> {
        loop {
            let Some((line, row)) = self.rows.next_row(column)? else {
                return Ok(None);
            };
            let header = std::mem::take(&mut self.first)
                && row
                    .as_ref()
                    .is_ok_and(|r| r.get(0) == Some(COLUMN_NAMES[0]));
            if !header {
                return Ok(Some((Position::line(line), row)));
            }
        }
    }

    fn validate(
        &mut self,
        _: &Position,
        record: csv::StringRecord,
        view: &View<'_>,
        _: &Limits,
    ) -> Result<ImportRecord, Invalid> {
        let Some(layout) = Layout::of(record.len()) else {
            return Err(Invalid::new(
                SkipReason::Malformed,
                format!(
                    "expected 57, 58 or 61 fields, found {} (truncated or malformed line)",
                    record.len()
                ),
            ));
        };
        let fields: Vec<Option<&str>> = record
            .iter()
            .map(|f| (!(f.is_empty() || self.null_is_missing && f == "NULL")).then_some(f))
            .collect();
        let (actors, mut claim) = row(&fields, layout)?;
        // The row's article, when a mention of this event already gave it (the
        // mentions came first, or this file is imported again), is that mention's
        // attribution: one attribution per article (module docs).
        let stored = get_id(&fields).and_then(|id| view.claim_by_external(EXTERNAL_REGISTRY, id));
        if let Some(stored) = stored {
            let mention = claim.evidence.first().and_then(|own| {
                stored
                    .evidence
                    .iter()
                    .find(|m| m.claimant.is_some() && url(m).is_some() && url(m) == url(own))
            });
            if let Some(mention) = mention {
                claim.evidence = vec![mention.clone()];
            }
        }
        cameo::event_record(view, actors, claim)
    }
}

/// The row's `GLOBALEVENTID`, if it has one.
fn get_id<'a>(fields: &[Option<&'a str>]) -> Option<&'a str> {
    fields.get(GLOBALEVENTID).copied().flatten()
}

/// The URL of an attribution's document.
fn url(a: &Attribution) -> Option<&str> {
    a.document.as_ref().and_then(|d| d.url.as_deref())
}

/// One event row: its actors (Actor1, Actor2, outlet) and claim.
fn row(fields: &[Option<&str>], layout: Layout) -> Result<(Vec<Actor>, Claim), Invalid> {
    let get = |i: usize| fields.get(i).copied().flatten();
    let field_error = |i: usize, reason: SkipReason, message: String| {
        Invalid::new(reason, message).at(layout.name(i))
    };
    let (Some(_), Some(_)) = (get(ACTOR1), get(ACTOR2)) else {
        let missing = if get(ACTOR1).is_none() {
            ACTOR1
        } else {
            ACTOR2
        };
        return Err(field_error(
            missing,
            SkipReason::MissingActor,
            "is empty".to_owned(),
        ));
    };
    let code = event_code(get(EVENT_CODE), get(EVENT_ROOT_CODE))
        .map_err(|(i, message)| field_error(i, SkipReason::InvalidValue, message))?;
    let Some(mapped) = cameo::event_relation(&code) else {
        return Err(field_error(
            EVENT_CODE,
            SkipReason::UnknownCode,
            format!("{code} is not a CAMEO event code"),
        ));
    };
    let date = |i: usize, text: Option<&str>| {
        day(text).map_err(|m| field_error(i, SkipReason::InvalidDate, m))
    };
    let valid = date(SQLDATE, get(SQLDATE))?;
    // GDELT 1.0 writes DATEADDED as YYYYMMDD, GDELT 2.0 as YYYYMMDDhhmmss: both give
    // the day.
    let dateadded = layout.dateadded;
    let added = match get(dateadded) {
        None => None,
        Some(text) if text.len() == 14 && text.bytes().all(|b| b.is_ascii_digit()) => {
            Some(date(dateadded, text.get(..8))?)
        }
        Some(text) => Some(date(dateadded, Some(text))?),
    };
    let count = |i: usize| -> Result<u32, Invalid> {
        get(i).map_or(Ok(0), |t| {
            t.parse().map_err(|_| {
                field_error(
                    i,
                    SkipReason::InvalidValue,
                    format!("expected a count, found {t:?}"),
                )
            })
        })
    };
    let grade = Grade::Confidence(confidence(count(NUM_SOURCES)?, count(NUM_ARTICLES)?));
    let invalid = |i: usize| move |m: String| field_error(i, SkipReason::InvalidValue, m);
    let places: Vec<String> = layout
        .geography()
        .into_iter()
        .filter_map(get)
        .flat_map(|full| full.split(','))
        .map(fold_name)
        .filter(|p| !p.is_empty())
        .collect();
    let actor1 = actor(fields, ACTOR1, &places).map_err(invalid(ACTOR1))?;
    let actor2 = actor(fields, ACTOR2, &places).map_err(invalid(ACTOR2))?;
    let url = layout.sourceurl.and_then(get);
    let (outlet, document) =
        source(url, added).map_err(invalid(layout.sourceurl.unwrap_or(dateadded)))?;
    let mut attribution = Attribution::new(grade).with_outlet(outlet.key.clone());
    if let Some(document) = document {
        attribution = attribution.with_document(document);
    }
    if let Some(added) = added {
        attribution = attribution.with_reported(added);
    }
    let (subject, object) = if mapped.reversed {
        (&actor2, &actor1)
    } else {
        (&actor1, &actor2)
    };
    let mut claim = Claim::new(
        subject.key.clone(),
        mapped.relation,
        object.key.clone(),
        ValidTime::at(valid),
    )
    .with_code(format!("CAMEO:{code}"))
    .with_evidence(attribution);
    if let Some(id) = get(GLOBALEVENTID) {
        if !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(field_error(
                GLOBALEVENTID,
                SkipReason::InvalidValue,
                format!("expected a number, found {id:?}"),
            ));
        }
        claim = claim.with_external_id(EXTERNAL_REGISTRY, id);
    }
    Ok((vec![actor1, actor2, outlet], claim))
}

/// The CAMEO event code with the leading zero restored (module docs), or the column
/// and message of the error.
fn event_code(code: Option<&str>, root: Option<&str>) -> Result<String, (usize, String)> {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let code = match code {
        Some(c) if digits(c) && c.len() <= 4 => c,
        Some(c) => return Err((EVENT_CODE, format!("expected a CAMEO code, found {c:?}"))),
        None => return Err((EVENT_CODE, "is empty".to_owned())),
    };
    let padded = format!("0{code}");
    let root = match root {
        None => None,
        Some(r) if digits(r) && r.len() <= 2 => Some(format!("{r:0>2}")),
        Some(r) => {
            return Err((
                EVENT_ROOT_CODE,
                format!("expected a CAMEO root code, found {r:?}"),
            ));
        }
    };
    match root {
        Some(root) if code.len() >= 3 && code.starts_with(&root) => Ok(code.to_owned()),
        Some(root) if padded.starts_with(&root) => Ok(padded),
        Some(root) => Err((
            EVENT_CODE,
            format!("{code} does not belong to EventRootCode {root}"),
        )),
        // Without a root, keep the code as written unless only the padded one is known.
        None if code.len() < 3
            || (cameo::event_name(code).is_none() && cameo::event_name(&padded).is_some()) =>
        {
            Ok(padded)
        }
        None => Ok(code.to_owned()),
    }
}

/// A `YYYYMMDD` date, to the day, in the years 1 to 9999: `00000000` and truncated
/// values are refused, not read as year 0 or as a coarser date.
pub(crate) fn day(text: Option<&str>) -> Result<PartialDate, String> {
    let text = text.ok_or_else(|| "is empty".to_owned())?;
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        text.get(range)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse().ok())
    };
    match (text.len(), number(0..4), number(4..6), number(6..8)) {
        (8, Some(y), Some(m), Some(d)) if (1..=9999).contains(&y) && m >= 1 && d >= 1 => {
            PartialDate::day(y as i32, m as u8, d as u8)
                .map_err(|_| format!("{text} is not a date (YYYYMMDD)"))
        }
        (8, Some(_), Some(_), Some(_)) => Err(format!("{text} is not a date (YYYYMMDD)")),
        _ => Err(format!("expected YYYYMMDD, found {text:?}")),
    }
}

/// The attribution's confidence from the number of sources and articles (formula and
/// reasons in the module docs).
fn confidence(sources: u32, articles: u32) -> f64 {
    let miss = (0.6f64 / 0.95).powf(f64::from(sources)) * 0.95f64.powf(f64::from(articles));
    (0.05 + 0.9 * (1.0 - miss)).clamp(0.05, 0.95)
}

/// The actor of the block starting at `base` (Actor1 or Actor2), which has a code;
/// `places` are the row's place names, folded (module docs, "Names").
fn actor(fields: &[Option<&str>], base: usize, places: &[String]) -> Result<Actor, String> {
    let get = |i: usize| fields.get(base + i).copied().flatten();
    let code = get(0).unwrap_or_default();
    let key = format!("gdelt:{code}");
    ActorKey::new(key.as_str()).map_err(|e| e.to_string())?;
    let types = [get(7), get(8), get(9)];
    let (kind, group) = kind_of(code, get(2), get(3), get(4), get(5), types);
    let given = get(1).filter(|n| {
        let folded = fold_name(n);
        !folded.is_empty()
            && !places.contains(&folded)
            && !cameo::is_country_or_region_name(&folded)
    });
    let (name, alias) = match cameo::actor_name(code) {
        // One organisation (`IGOUNO`): what GDELT writes names it ("THE UN").
        Some(read) if read.known_group => {
            let alias = given.filter(|g| fold_name(g) != fold_name(&read.name));
            (read.name, alias)
        }
        // A state, a region or a collective of a role (`USAGOV`, `GOV`): what GDELT
        // writes is the text that matched the code, a place, demonym, member or title
        // ("WASHINGTON", "AMERICAN", "OBAMA", "PRESIDENT"), not a name of the actor.
        Some(read) => (read.name, None),
        None => (given.unwrap_or(code).to_owned(), None),
    };
    let mut actor = Actor::new(&key, kind, name)
        .map_err(|e| e.to_string())?
        .with_external_id("cameo", code);
    if let Some(alias) = alias {
        actor = actor.with_alias(alias, None);
    }
    if let Some(group) = group {
        actor = actor.with_group_type(group);
    }
    Ok(actor)
}

/// The kind of a GDELT actor (rules in the module docs).
fn kind_of(
    code: &str,
    country: Option<&str>,
    known_group: Option<&str>,
    ethnic: Option<&str>,
    religion: Option<&str>,
    types: [Option<&str>; 3],
) -> (ActorKind, Option<GroupType>) {
    let given: Vec<&str> = types.into_iter().flatten().collect();
    let from_code: Vec<&str> = if given.is_empty() {
        // The parts of the code but its first when that is its country or a region
        // (`REL` alone is a type, `USAREL` a country's).
        let first = code.get(..3);
        let skip = first.is_some_and(|f| country == Some(f) || cameo::is_region(f));
        (if skip { 3 } else { 0 }..code.len())
            .step_by(3)
            .filter_map(|i| code.get(i..i + 3))
            .collect()
    } else {
        Vec::new()
    };
    if let Some(kind) = given
        .iter()
        .chain(&from_code)
        .find_map(|t| cameo::actor_type(t))
    {
        return kind;
    }
    let region =
        cameo::is_region(code) || (country.is_some_and(cameo::is_region) && code.len() == 3);
    if region {
        return (ActorKind::Region, None);
    }
    if country == Some(code) {
        return (ActorKind::State, None);
    }
    if known_group.is_some() || ethnic.is_some() {
        return (ActorKind::Group, Some(GroupType::Other));
    }
    if religion.is_some() {
        return (ActorKind::Group, Some(GroupType::Religious));
    }
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        return (ActorKind::State, None);
    }
    (ActorKind::Group, Some(GroupType::Other))
}

/// The outlet and document of a `SOURCEURL` (module docs), or why no outlet can be made
/// of it.
fn source(
    url: Option<&str>,
    added: Option<PartialDate>,
) -> Result<(Actor, Option<Document>), String> {
    let Some(url) = url else {
        let gdelt = Actor::new(GDELT_OUTLET, ActorKind::MediaOutlet, "The GDELT Project");
        return gdelt.map(|a| (a, None)).map_err(|e| e.to_string());
    };
    match host(url) {
        Some(host) => {
            let outlet = Actor::new(&format!("outlet:{host}"), ActorKind::MediaOutlet, host)
                .map_err(|e| e.to_string())?;
            let document = Document {
                url: Some(url.to_owned()),
                title: None,
                lang: None,
                published: added,
            };
            Ok((outlet, Some(document)))
        }
        None => outlet_of_name(url).map(|a| (a, None)),
    }
}

/// The outlet named `name` by a source that is not a URL: a domain (a GDELT 2.0
/// `MentionSourceName` such as `dailymaverick.co.za`) is keyed as the host of a URL
/// is, anything else by its folded name with dashes.
pub(crate) fn outlet_of_name(name: &str) -> Result<Actor, String> {
    let domain = !name.is_empty()
        && name.contains('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if domain {
        let lower = name.to_ascii_lowercase();
        let host = lower.strip_prefix("www.").unwrap_or(&lower);
        return Actor::new(&format!("outlet:{host}"), ActorKind::MediaOutlet, host)
            .map_err(|e| e.to_string());
    }
    let slug = fold_name(name).replace(' ', "-");
    Actor::new(&format!("outlet:{slug}"), ActorKind::MediaOutlet, name).map_err(|e| e.to_string())
}

/// The host of an `http(s)` URL, lower-cased, without `www.`, user or port.
fn host(url: &str) -> Option<String> {
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = authority
        .split(':')
        .next()
        .unwrap_or(authority)
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_zeros_are_restored_from_the_root() {
        assert_eq!(event_code(Some("61"), Some("6")), Ok("061".to_owned()));
        assert_eq!(event_code(Some("874"), Some("8")), Ok("0874".to_owned()));
        assert_eq!(event_code(Some("0874"), Some("08")), Ok("0874".to_owned()));
        assert_eq!(event_code(Some("1124"), Some("11")), Ok("1124".to_owned()));
        assert_eq!(event_code(Some("190"), Some("19")), Ok("190".to_owned()));
        assert_eq!(event_code(Some("42"), None), Ok("042".to_owned()));
        assert_eq!(event_code(Some("311"), None), Ok("0311".to_owned()));
        assert_eq!(event_code(Some("120"), None), Ok("120".to_owned()));
        assert!(event_code(Some("190"), Some("4")).is_err());
        assert!(event_code(Some("4x"), Some("4")).is_err());
    }

    #[test]
    fn confidence_is_bounded_and_monotone() {
        assert!((confidence(1, 1) - 0.41).abs() < 1e-12);
        assert_eq!(confidence(0, 0), 0.05);
        assert!(confidence(1000, 1000) <= 0.95);
        for s in 0..30 {
            for a in 0..30 {
                assert!(confidence(s + 1, a) > confidence(s, a));
                assert!(confidence(s, a + 1) > confidence(s, a));
            }
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host("http://www.Reuters.com/x?y"),
            Some("reuters.com".to_owned())
        );
        assert_eq!(
            host("https://u@news.example.org:8080"),
            Some("news.example.org".to_owned())
        );
        assert_eq!(host("BBC Monitoring"), None);
    }

    #[test]
    fn kinds() {
        let none = [None, None, None];
        assert_eq!(
            kind_of("USA", Some("USA"), None, None, None, none),
            (ActorKind::State, None)
        );
        assert_eq!(
            kind_of("AFR", Some("AFR"), None, None, None, none),
            (ActorKind::Region, None)
        );
        assert_eq!(
            kind_of(
                "CHNGOV",
                Some("CHN"),
                None,
                None,
                None,
                [Some("GOV"), None, None]
            ),
            (ActorKind::Group, Some(GroupType::Agency))
        );
        assert_eq!(
            kind_of("USAMED", Some("USA"), None, None, None, none),
            (ActorKind::MediaOutlet, None)
        );
        assert_eq!(
            kind_of(
                "USAELI",
                Some("USA"),
                None,
                None,
                None,
                [Some("ELI"), None, None]
            ),
            (ActorKind::Group, Some(GroupType::Other))
        );
    }
}
