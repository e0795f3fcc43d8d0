//! Bitcoin-OTC signed trust ratings (`source,target,rating,time`): one claim per rating.
//!
//! The SNAP data set `soc-sign-bitcoin-otc` (Kumar et al., ICDM 2016) lists who rated
//! whom on the Bitcoin-OTC marketplace, from -10 (total distrust) to +10 (total trust),
//! one rating a line, with no header:
//!
//! ```text
//! 6,2,4,1289241912
//! ```
//!
//! # Mapping
//!
//! | field | becomes |
//! |---|---|
//! | `source`, `target` | actors `otc:<id>`, kind [`ActorKind::Person`], named `OTC user <id>` |
//! | the rating | a claim `otc:<source>` [`Relation::Trusts`] `otc:<target>`, an [`StatementKind::Assessment`] |
//! | sign of `rating` | [`Polarity::Asserted`] for trust (> 0), [`Polarity::Denied`] for distrust (< 0) |
//! | `abs(rating)` | the attribution's grade: confidence `abs(rating) / 10` |
//! | `time` (unix seconds) | valid time and reported date: the UTC day of the rating, day precision |
//! | `rating` itself | the claim code `BTC-OTC:rating=<rating>`, so the signed value survives |
//!
//! The rater is its own source: each attribution has the rater as claimant and no
//! outlet. The confidence reads the magnitude of a rating as the rater's degree of
//! belief in what it asserts: +10 and -10 are certain trust and certain distrust, +1
//! and -1 barely-held ones. Two ratings of the same pair on the same day with the same
//! sign are one claim (the store merges them); being from one claimant, they are one
//! voice, so the claim's confidence is that of the stronger rating, and both ratings
//! stay visible among the claim's codes.
//!
//! # Bad input
//!
//! Rows are read by the `csv` crate, each with its line. Each of these fails a strict
//! import (which then changes nothing) with its line and field, or, with
//! `skip_invalid`, is a counted skip with the same [`SkipReason`]:
//!
//! - a line without exactly four comma-separated fields (`Malformed`);
//! - a `source` or `target` that is not a non-negative integer, a `rating` that is not
//!   an integer in -10..=10 other than 0 (`InvalidValue`);
//! - a `time` that is not a number of seconds from Bitcoin's first block (2009-01-03)
//!   to the end of the year 9999 (`InvalidDate`): this catches a line cut inside its
//!   timestamp, which would otherwise read as a day of 1970;
//! - a field that is not UTF-8 or holds U+FEFF (`InvalidUtf8`, `ByteOrderMark`);
//! - a rating the store rejects, such as a user rating themself or an `otc:` key that
//!   already belongs to an actor of another kind (`Rejected`).
//!
//! Blank lines are ignored, and so is a first line reading `source,target,rating,time`.
//! Fractional seconds (`1289241911.72836`, as in SNAP's own copy) are accepted.
//!
//! ```
//! use claimgraph::ClaimGraph;
//! use claimgraph::io::{Format, Importer};
//! use claimgraph::model::Polarity;
//! let data = "6,2,4,1289241912\n6,5,-2,1289241942\n";
//! let mut g = ClaimGraph::new();
//! let report = Importer::from_format(Format::BitcoinOtc).import(data.as_bytes(), &mut g)?;
//! assert_eq!((report.read, report.actors_new, report.claims_new), (2, 3, 2));
//! let distrust = g.claims().nth(1).unwrap().to_claim();
//! assert_eq!(distrust.polarity, Polarity::Denied);
//! assert_eq!(distrust.valid.to_string(), "2010-11-08");
//! assert!((g.confidence(g.claim_ids().nth(1).unwrap()).unwrap() - 0.2).abs() < 1e-12);
//! # Ok::<(), claimgraph::io::IoError>(())
//! ```

use std::io::BufRead;

use super::import::{Invalid, Limits, Read, Record, RecordReader, View};
use super::input::{Dialect, Rows};
use super::{IoError, Position, SkipReason};
use crate::model::{
    Actor, ActorKey, ActorKind, Attribution, Claim, Grade, PartialDate, Polarity, Relation,
    StatementKind, ValidTime,
};

/// Bitcoin's first block, 2009-01-03 18:15:05 UTC, in unix seconds: no rating of a
/// Bitcoin marketplace is older. A time before it is refused, which also catches a
/// line cut inside its ten-digit timestamp (`1289241` would be 1970-01-15).
const GENESIS: i64 = 1_231_006_505;
/// The end of 9999-12-31 in unix seconds: the last second a [`PartialDate`] can hold.
const LAST_SECOND: i64 = 253_402_300_799;

/// One rating line, checked.
#[derive(Debug)]
struct Rating {
    source: u64,
    target: u64,
    rating: i8,
    day: PartialDate,
}

/// The reader of Bitcoin-OTC ratings: comma-separated rows of the `csv` crate.
pub(crate) struct Reader<R> {
    rows: Rows<R>,
    first: bool,
}

pub(crate) fn reader<R: BufRead>(reader: R, limits: Limits) -> Result<Reader<R>, IoError> {
    let rows = Rows::new(reader, limits.line_bytes, |_| Dialect {
        delimiter: b',',
        quoting: false,
        trim: true,
    })?;
    Ok(Reader { rows, first: true })
}

/// Column names, for positions.
const COLUMN_NAMES: [&str; 4] = ["source", "target", "rating", "time"];

fn column(i: usize) -> String {
    COLUMN_NAMES
        .get(i)
        .map_or_else(|| format!("column {}", i + 1), |n| (*n).to_owned())
}

impl<R: BufRead> RecordReader for Reader<R> {
    type Raw = csv::StringRecord;

    fn next(&mut self) -> Result<Option<Read<csv::StringRecord>>, IoError> {
        loop {
            let Some((line, row)) = self.rows.next_row(column)? else {
                return Ok(None);
            };
            let header = std::mem::take(&mut self.first)
                && row.as_ref().is_ok_and(|r| {
                    r.len() == 4
                        && r.iter()
                            .zip(COLUMN_NAMES)
                            .all(|(f, name)| f.eq_ignore_ascii_case(name))
                });
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
    ) -> Result<Record, Invalid> {
        let fields: Vec<&str> = record.iter().collect();
        let rating = parse(&fields)?;
        stage(view, &rating)
    }
}

fn parse(fields: &[&str]) -> Result<Rating, Invalid> {
    let [source, target, rating, time] = fields[..] else {
        return Err(Invalid::new(
            SkipReason::Malformed,
            format!(
                "expected 4 comma-separated fields (source,target,rating,time), found {}",
                fields.len()
            ),
        ));
    };
    let field =
        |name: &str, reason: SkipReason, message: String| Invalid::new(reason, message).at(name);
    let user = |name: &str, value: &str| {
        // `u64::from_str` accepts a leading `+`; a user id is digits only.
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(field(
                name,
                SkipReason::InvalidValue,
                format!("expected a non-negative integer user id, found {value:?}"),
            ));
        }
        value
            .parse::<u64>()
            .map_err(|e| field(name, SkipReason::InvalidValue, format!("{value:?}: {e}")))
    };
    let source = user("source", source)?;
    let target = user("target", target)?;
    let rating = match rating.parse::<i8>() {
        Ok(r) if r != 0 && (-10..=10).contains(&r) => r,
        _ => {
            return Err(field(
                "rating",
                SkipReason::InvalidValue,
                format!("expected an integer from -10 to 10 other than 0, found {rating:?}"),
            ));
        }
    };
    let seconds = parse_seconds(time).ok_or_else(|| {
        field(
            "time",
            SkipReason::InvalidDate,
            format!(
                "expected unix seconds from {GENESIS} (Bitcoin's first block) to the year 9999, \
                 found {time:?} (a truncated line?)"
            ),
        )
    })?;
    // The range check above keeps the day number well inside i32 and the years.
    let day = i32::try_from(seconds.div_euclid(86_400))
        .ok()
        .and_then(|days| PartialDate::from_day_number(days).ok())
        .ok_or_else(|| {
            field(
                "time",
                SkipReason::InvalidDate,
                format!("{time:?} is too far from 1970 to be a calendar day"),
            )
        })?;
    Ok(Rating {
        source,
        target,
        rating,
        day,
    })
}

/// Unix seconds, integral or with a fraction (rounded down), from Bitcoin's first
/// block to the end of the year 9999.
fn parse_seconds(text: &str) -> Option<i64> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = fraction
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let seconds: i64 = whole.parse().ok()?;
    (GENESIS..=LAST_SECOND)
        .contains(&seconds)
        .then_some(seconds)
}

/// The key of a Bitcoin-OTC user.
fn user_key(field: &str, id: u64) -> Result<ActorKey, Invalid> {
    ActorKey::new(format!("otc:{id}"))
        .map_err(|e| Invalid::new(SkipReason::InvalidValue, e.to_string()).at(field))
}

/// One rating: the users not yet known and the claim, staged together.
fn stage(view: &View<'_>, r: &Rating) -> Result<Record, Invalid> {
    let rater = user_key("source", r.source)?;
    let ratee = user_key("target", r.target)?;
    let polarity = if r.rating > 0 {
        Polarity::Asserted
    } else {
        Polarity::Denied
    };
    let grade = Grade::confidence(f64::from(r.rating.unsigned_abs()) / 10.0)
        .map_err(|e| Invalid::new(SkipReason::InvalidValue, e.to_string()).at("rating"))?;
    let claim = Claim::new(
        rater.clone(),
        Relation::Trusts,
        ratee.clone(),
        ValidTime::at(r.day),
    )
    .with_polarity(polarity)
    .with_statement(StatementKind::Assessment)
    .with_code(format!("BTC-OTC:rating={}", r.rating))
    .with_evidence(
        Attribution::new(grade)
            .with_claimant(rater.clone())
            .with_reported(r.day),
    );
    let mut actors: Vec<Actor> = Vec::new();
    for (key, id, field) in [(&rater, r.source, "source"), (&ratee, r.target, "target")] {
        // A self-rating names one key twice: add it once and let the store reject the loop.
        if view.kind_of(key.as_str()).is_none() && !actors.iter().any(|a| &a.key == key) {
            let actor = Actor::new(key.as_str(), ActorKind::Person, format!("OTC user {id}"))
                .map_err(|e| Invalid::new(SkipReason::InvalidValue, e.to_string()).at(field))?;
            actors.push(actor);
        }
    }
    Ok(Record::Stage {
        actors,
        claims: vec![claim],
    })
}
