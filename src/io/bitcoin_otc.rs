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
//! Each of these is an [`IoError`] naming the line (and the field, where there is one),
//! or, with `skip_invalid`, a counted skip with the line and the reason:
//!
//! - a line without exactly four comma-separated fields ([`IoError::Syntax`]);
//! - a `source` or `target` that is not a non-negative integer, a `rating` that is not
//!   an integer in -10..=10 other than 0, a `time` that is not a number of seconds
//!   between the years 1 and 9999 ([`IoError::Field`]);
//! - a line that is not UTF-8 ([`IoError::Syntax`]);
//! - a rating the store rejects, such as a user rating themself or an `otc:` key that
//!   already belongs to an actor of another kind ([`IoError::Store`]).
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

use super::{ImportReport, IoError};
use crate::ClaimGraph;
use crate::model::{
    Actor, ActorKey, ActorKind, Attribution, Claim, Grade, PartialDate, Polarity, Relation,
    StatementKind, ValidTime,
};
use crate::store::{Added, Batch, StoreError};

/// Seconds from 1970-01-01 to 0001-01-01 and to the end of 9999-12-31: the range a
/// [`PartialDate`] can hold.
const FIRST_SECOND: i64 = -62_135_596_800;
const LAST_SECOND: i64 = 253_402_300_799;

/// One rating line, checked.
#[derive(Debug)]
struct Rating {
    source: u64,
    target: u64,
    rating: i8,
    day: PartialDate,
}

/// Reads ratings line by line into `graph` (see the module docs for the mapping and
/// for which bad inputs are errors). Each line is applied all-or-nothing: its new
/// actors and its claim go in one batch.
pub(crate) fn read(
    mut reader: impl BufRead,
    graph: &mut ClaimGraph,
    skip_invalid: bool,
) -> Result<ImportReport, IoError> {
    let mut report = ImportReport::default();
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line += 1;
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        // Decoding here rather than with `lines()` keeps a bad line a line-numbered
        // error that skip_invalid can step over.
        let outcome = match std::str::from_utf8(&buf) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) if line == 1 && is_header(text) => continue,
            Ok(text) => {
                report.read += 1;
                parse(line, text).and_then(|rating| apply(graph, line, &rating))
            }
            Err(e) => {
                report.read += 1;
                Err(IoError::Syntax {
                    line,
                    message: format!("not valid UTF-8: {e}"),
                })
            }
        };
        match outcome {
            Ok((new_actors, added)) => {
                report.actors_new += new_actors;
                match added {
                    Added::New(_) => report.claims_new += 1,
                    Added::Merged(_) => report.claims_merged += 1,
                }
            }
            Err(e) if skip_invalid => {
                let category = match &e {
                    IoError::Syntax { .. } => "malformed line",
                    IoError::Field { field, .. } => match field.as_str() {
                        "rating" => "invalid rating",
                        "time" => "invalid time",
                        _ => "invalid user id",
                    },
                    _ => "rejected by the store",
                };
                report.skip(line, e.to_string(), category);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

/// Whether a first line is the optional column header.
fn is_header(text: &str) -> bool {
    let fields: Vec<&str> = text.split(',').map(str::trim).collect();
    fields.len() == 4
        && fields
            .iter()
            .zip(["source", "target", "rating", "time"])
            .all(|(f, name)| f.eq_ignore_ascii_case(name))
}

fn parse(line: usize, text: &str) -> Result<Rating, IoError> {
    let fields: Vec<&str> = text.split(',').map(str::trim).collect();
    let [source, target, rating, time] = fields[..] else {
        return Err(IoError::Syntax {
            line,
            message: format!(
                "expected 4 comma-separated fields (source,target,rating,time), found {}",
                fields.len()
            ),
        });
    };
    let field = |name: &str, message: String| IoError::Field {
        line,
        field: name.to_owned(),
        message,
    };
    let user = |name: &str, value: &str| {
        // `u64::from_str` accepts a leading `+`; a user id is digits only.
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(field(
                name,
                format!("expected a non-negative integer user id, found {value:?}"),
            ));
        }
        value
            .parse::<u64>()
            .map_err(|e| field(name, format!("{value:?}: {e}")))
    };
    let source = user("source", source)?;
    let target = user("target", target)?;
    let rating = match rating.parse::<i8>() {
        Ok(r) if r != 0 && (-10..=10).contains(&r) => r,
        _ => {
            return Err(field(
                "rating",
                format!("expected an integer from -10 to 10 other than 0, found {rating:?}"),
            ));
        }
    };
    let seconds = parse_seconds(time).ok_or_else(|| {
        field(
            "time",
            format!("expected unix seconds between the years 1 and 9999, found {time:?}"),
        )
    })?;
    let days = seconds.div_euclid(86_400);
    // The range check above keeps `days` well inside i32.
    let day = i32::try_from(days)
        .ok()
        .and_then(|days| PartialDate::from_day_number(days).ok())
        .ok_or_else(|| {
            field(
                "time",
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

/// Unix seconds, integral or with a fraction (rounded down), within the years 1-9999.
fn parse_seconds(text: &str) -> Option<i64> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut seconds: i64 = whole.parse().ok()?;
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Floor, not truncation: -1.5 s is in the day before the epoch.
        if whole.starts_with('-') && f.bytes().any(|b| b != b'0') {
            seconds = seconds.checked_sub(1)?;
        }
    }
    (FIRST_SECOND..=LAST_SECOND)
        .contains(&seconds)
        .then_some(seconds)
}

/// The key of a Bitcoin-OTC user.
fn user_key(line: usize, field: &str, id: u64) -> Result<ActorKey, IoError> {
    ActorKey::new(format!("otc:{id}")).map_err(|e| IoError::Field {
        line,
        field: field.to_owned(),
        message: e.to_string(),
    })
}

/// Applies one rating: its actors that are new and its claim, in one batch.
/// Returns how many actors were created and what became of the claim.
fn apply(graph: &mut ClaimGraph, line: usize, r: &Rating) -> Result<(usize, Added), IoError> {
    let rater = user_key(line, "source", r.source)?;
    let ratee = user_key(line, "target", r.target)?;
    let polarity = if r.rating > 0 {
        Polarity::Asserted
    } else {
        Polarity::Denied
    };
    let grade = Grade::confidence(f64::from(r.rating.unsigned_abs()) / 10.0).map_err(|e| {
        IoError::Field {
            line,
            field: "rating".to_owned(),
            message: e.to_string(),
        }
    })?;
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
    let mut batch = Batch::new();
    let mut pending: Vec<&ActorKey> = Vec::new();
    for (key, id) in [(&rater, r.source), (&ratee, r.target)] {
        // A self-rating names one key twice: add it once and let the store reject the loop.
        if graph.actor_id(key.as_str()).is_none() && !pending.contains(&key) {
            let actor = Actor::new(key.as_str(), ActorKind::Person, format!("OTC user {id}"))
                .map_err(|e| IoError::Store {
                    line,
                    source: e.into(),
                })?;
            batch.push_actor(actor);
            pending.push(key);
        }
    }
    let new_actors = pending.len();
    batch.push_claim(claim);
    let applied = graph.apply(batch).map_err(|e| IoError::Store {
        line,
        // The batch holds one row; its position inside the batch says nothing useful.
        source: match e {
            StoreError::Batch { source, .. } => *source,
            other => other,
        },
    })?;
    let added = applied.claims.first().copied().ok_or(IoError::Syntax {
        line,
        message: "the store applied no claim".to_owned(),
    })?;
    Ok((new_actors, added))
}
