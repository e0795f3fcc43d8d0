//! Dates with a precision (year, month or day) and valid-time intervals with open ends.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ModelError;

/// How precisely a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Only the year is known (`2006`).
    Year,
    /// Year and month are known (`2023-07`).
    Month,
    /// The exact day is known (`2023-10-31`).
    Day,
}

/// A calendar date known to a year, a month or a day (proleptic Gregorian calendar).
///
/// A partial date stands for a whole period: `2023-07` covers every day of July 2023.
/// [`PartialDate::first_day`] and [`PartialDate::last_day`] give that period as day
/// numbers (days since 1970-01-01), which is how filters compare dates.
///
/// ```
/// use claimgraph::model::{PartialDate, Precision};
/// let d: PartialDate = "2023-07".parse()?;
/// assert_eq!(d.precision(), Precision::Month);
/// assert_eq!(d.to_string(), "2023-07");
/// assert!("2023-02-30".parse::<PartialDate>().is_err());
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartialDate {
    year: i32,
    month: u8,
    day: u8,
}

/// Days in `month` of `year`.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            if leap { 29 } else { 28 }
        }
    }
}

/// Days since 1970-01-01 of a valid civil date (Howard Hinnant's days-from-civil algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i32::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i32::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (the inverse of [`days_from_civil`]).
fn civil_from_days(z: i32) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

impl PartialDate {
    /// Smallest and largest year accepted: the four-digit years of the common era,
    /// which every format the crate reads and writes can hold (a date outside them
    /// would be saved in a file that cannot be loaded back).
    pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

    /// Day numbers (days since 1970-01-01) of 0001-01-01 and 9999-12-31: the days a
    /// date can stand for.
    pub const DAYS: std::ops::RangeInclusive<i32> = -719_162..=2_932_896;

    /// A date known to the year; the year must be in [`PartialDate::YEARS`] (1-9999).
    pub fn year(year: i32) -> Result<Self, ModelError> {
        Self::checked(year, 0, 0)
    }

    /// A date known to the month (`month` is 1-12).
    pub fn month(year: i32, month: u8) -> Result<Self, ModelError> {
        Self::checked(year, month, 0)
    }

    /// A date known to the day; impossible dates such as 2023-02-30 are rejected.
    pub fn day(year: i32, month: u8, day: u8) -> Result<Self, ModelError> {
        Self::checked(year, month, day)
    }

    fn checked(year: i32, month: u8, day: u8) -> Result<Self, ModelError> {
        let this = PartialDate { year, month, day };
        let fail = |reason: String| ModelError::InvalidDate {
            text: this.to_string(),
            reason,
        };
        if !Self::YEARS.contains(&year) {
            return Err(fail(format!("year {year} is outside 1..=9999")));
        }
        if month > 12 || (month == 0 && day != 0) {
            return Err(fail(format!("month {month} does not exist")));
        }
        if month != 0 && day > days_in_month(year, month) {
            return Err(fail(format!(
                "day {day} does not exist in {year:04}-{month:02}"
            )));
        }
        Ok(this)
    }

    /// The date of a day number (days since 1970-01-01), known to the day.
    ///
    /// Fails for a day outside [`PartialDate::DAYS`] (before 0001-01-01 or after 9999-12-31).
    ///
    /// ```
    /// use claimgraph::model::PartialDate;
    /// assert_eq!(PartialDate::from_day_number(19_661)?.to_string(), "2023-10-31");
    /// assert!(PartialDate::from_day_number(i32::MAX).is_err());
    /// # Ok::<(), claimgraph::model::ModelError>(())
    /// ```
    pub fn from_day_number(days: i32) -> Result<Self, ModelError> {
        if !Self::DAYS.contains(&days) {
            return Err(ModelError::InvalidDate {
                text: format!("day {days}"),
                reason: format!(
                    "day numbers run from {} (0001-01-01) to {} (9999-12-31)",
                    Self::DAYS.start(),
                    Self::DAYS.end()
                ),
            });
        }
        let (year, month, day) = civil_from_days(days);
        Ok(PartialDate { year, month, day })
    }

    /// The year.
    pub fn year_value(&self) -> i32 {
        self.year
    }

    /// The month (1-12), if known.
    pub fn month_value(&self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    /// The day of the month, if known.
    pub fn day_value(&self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    /// How precisely this date is known.
    pub fn precision(&self) -> Precision {
        if self.day != 0 {
            Precision::Day
        } else if self.month != 0 {
            Precision::Month
        } else {
            Precision::Year
        }
    }

    /// The first day of the period this date stands for, as days since 1970-01-01.
    pub fn first_day(&self) -> i32 {
        days_from_civil(self.year, self.month.max(1), self.day.max(1))
    }

    /// The last day of the period this date stands for, as days since 1970-01-01.
    pub fn last_day(&self) -> i32 {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 {
            days_in_month(self.year, month)
        } else {
            self.day
        };
        days_from_civil(self.year, month, day)
    }
}

/// Dates order by their first day, then the more precise first: `2023 < 2023-01 < 2023-01-01 < 2023-01-02`.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_day()
            .cmp(&other.first_day())
            .then_with(|| other.last_day().cmp(&self.last_day()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = ModelError;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, years 0001 to 9999.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = |reason: &str| ModelError::InvalidDate {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        if text.starts_with('-') {
            return Err(fail("years before 0001 are outside 1..=9999"));
        }
        let mut parts = text.split('-');
        let number =
            |part: Option<&str>, width: usize, what: &str| -> Result<Option<u32>, ModelError> {
                match part {
                    None => Ok(None),
                    Some(p) if p.len() == width && p.bytes().all(|b| b.is_ascii_digit()) => {
                        Ok(Some(p.parse().map_err(|_| fail(what))?))
                    }
                    Some(_) => Err(fail(what)),
                }
            };
        let year = number(parts.next(), 4, "expected a four-digit year")?
            .ok_or_else(|| fail("empty date"))?;
        let month = number(parts.next(), 2, "expected a two-digit month")?;
        let day = number(parts.next(), 2, "expected a two-digit day")?;
        if parts.next().is_some() {
            return Err(fail("expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        let year = year as i32;
        if year == 0 {
            return Err(fail("year 0000 is outside 1..=9999"));
        }
        let month = month.unwrap_or(0);
        let day = day.unwrap_or(0);
        if month == 0 && (text.len() > 5 || day != 0) {
            return Err(fail("month 00 does not exist"));
        }
        if day == 0 && text.len() > 7 {
            return Err(fail("day 00 does not exist"));
        }
        PartialDate::checked(year, month as u8, day as u8).map_err(|_| {
            fail(&if month > 12 {
                format!("month {month} does not exist")
            } else {
                format!("day {day} does not exist in that month")
            })
        })
    }
}

impl TryFrom<String> for PartialDate {
    type Error = ModelError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<PartialDate> for String {
    fn from(date: PartialDate) -> String {
        date.to_string()
    }
}

/// When a claim holds: a single date, or an interval whose ends each have their own
/// precision and may be open.
///
/// Written as text in the style of ISO 8601-2 / EDTF intervals: `2023-07` (a single
/// period), `2006/..` (from 2006, open end), `../2024-03` (open start),
/// `2023-07/2023-10-31`, and `..` for "unknown / always".
///
/// ```
/// use claimgraph::model::ValidTime;
/// let t: ValidTime = "2006/..".parse()?;
/// assert!(t.contains_day("2024-03-08".parse::<claimgraph::model::PartialDate>()?.first_day()));
/// assert_eq!(t.to_string(), "2006/..");
/// # Ok::<(), claimgraph::model::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ValidTime {
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    single: bool,
}

impl ValidTime {
    /// Valid at all times (nothing known about when).
    pub const ALWAYS: ValidTime = ValidTime {
        start: None,
        end: None,
        single: false,
    };

    /// Valid during the single period `date` stands for (a year, a month or a day).
    pub fn at(date: PartialDate) -> Self {
        ValidTime {
            start: Some(date),
            end: Some(date),
            single: true,
        }
    }

    /// Valid from `start` to `end`, either end open (`None`); rejects an end before its start.
    pub fn between(
        start: Option<PartialDate>,
        end: Option<PartialDate>,
    ) -> Result<Self, ModelError> {
        if let (Some(s), Some(e)) = (start, end)
            && e.last_day() < s.first_day()
        {
            return Err(ModelError::InvalidDate {
                text: format!("{s}/{e}"),
                reason: "interval ends before it starts".to_owned(),
            });
        }
        Ok(ValidTime {
            start,
            end,
            single: false,
        })
    }

    /// The start, if bounded.
    pub fn start(&self) -> Option<PartialDate> {
        self.start
    }

    /// The end, if bounded.
    pub fn end(&self) -> Option<PartialDate> {
        self.end
    }

    /// Whether this is a single date rather than an interval.
    pub fn is_single(&self) -> bool {
        self.single
    }

    /// First day covered (days since 1970-01-01), `i32::MIN` for an open start.
    pub fn first_day(&self) -> i32 {
        self.start.map_or(i32::MIN, |d| d.first_day())
    }

    /// Last day covered (days since 1970-01-01), `i32::MAX` for an open end.
    pub fn last_day(&self) -> i32 {
        self.end.map_or(i32::MAX, |d| d.last_day())
    }

    /// Whether the day `day` (days since 1970-01-01) falls within this time.
    pub fn contains_day(&self, day: i32) -> bool {
        self.first_day() <= day && day <= self.last_day()
    }

    /// Whether this time shares at least one day with the days `first..=last`.
    pub fn overlaps_days(&self, first: i32, last: i32) -> bool {
        self.first_day() <= last && first <= self.last_day()
    }

    /// Whether two valid times share at least one day.
    pub fn overlaps(&self, other: &ValidTime) -> bool {
        self.overlaps_days(other.first_day(), other.last_day())
    }
}

/// Valid times order by first day, then last day, then single dates before intervals:
/// the order of a timeline.
impl Ord for ValidTime {
    fn cmp(&self, other: &Self) -> Ordering {
        (
            self.first_day(),
            self.last_day(),
            !self.single,
            self.start,
            self.end,
        )
            .cmp(&(
                other.first_day(),
                other.last_day(),
                !other.single,
                other.start,
                other.end,
            ))
    }
}

impl PartialOrd for ValidTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ValidTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.single
            && let Some(d) = self.start
        {
            return write!(f, "{d}");
        }
        match (self.start, self.end) {
            (None, None) => write!(f, ".."),
            (Some(s), None) => write!(f, "{s}/.."),
            (None, Some(e)) => write!(f, "../{e}"),
            (Some(s), Some(e)) => write!(f, "{s}/{e}"),
        }
    }
}

impl FromStr for ValidTime {
    type Err = ModelError;

    /// Parses `DATE`, `DATE/DATE`, `DATE/..`, `../DATE` or `..`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text == ".." {
            return Ok(ValidTime::ALWAYS);
        }
        let end_of = |part: &str| -> Result<Option<PartialDate>, ModelError> {
            if part == ".." {
                Ok(None)
            } else {
                part.parse().map(Some)
            }
        };
        match text.split_once('/') {
            None => Ok(ValidTime::at(text.parse()?)),
            Some((s, e)) => ValidTime::between(end_of(s)?, end_of(e)?),
        }
    }
}

impl TryFrom<String> for ValidTime {
    type Error = ModelError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<ValidTime> for String {
    fn from(t: ValidTime) -> String {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_day_number_in_range_round_trips(days in PartialDate::DAYS) {
            let date = PartialDate::from_day_number(days).unwrap();
            prop_assert!(PartialDate::YEARS.contains(&date.year_value()));
            prop_assert_eq!(date.first_day(), days);
            prop_assert_eq!(date.to_string().parse::<PartialDate>().unwrap(), date);
        }

        #[test]
        fn day_numbers_out_of_range_are_errors(
            days in prop_oneof![i32::MIN..-719_162, 2_932_897..=i32::MAX]
        ) {
            prop_assert!(PartialDate::from_day_number(days).is_err());
        }

        #[test]
        fn any_year_outside_1_to_9999_is_rejected(
            year in prop_oneof![i32::MIN..=0, 10_000..=i32::MAX],
            month in 0u8..=12,
        ) {
            prop_assert!(PartialDate::year(year).is_err());
            prop_assert!(PartialDate::month(year, month.max(1)).is_err());
            prop_assert!(PartialDate::day(year, month.max(1), 1).is_err());
        }
    }

    #[test]
    fn day_numbers_match_known_dates() {
        assert_eq!(PartialDate::day(1970, 1, 1).unwrap().first_day(), 0);
        assert_eq!(PartialDate::day(2000, 3, 1).unwrap().first_day(), 11_017);
        assert_eq!(PartialDate::day(2023, 10, 31).unwrap().first_day(), 19_661);
        let july = PartialDate::month(2023, 7).unwrap();
        assert_eq!(july.last_day() - july.first_day(), 30);
        let leap = PartialDate::year(2024).unwrap();
        assert_eq!(leap.last_day() - leap.first_day(), 365);
        assert_eq!(
            PartialDate::from_day_number(19_661).unwrap().to_string(),
            "2023-10-31"
        );
    }

    #[test]
    fn years_run_from_1_to_9999() {
        assert_eq!(PartialDate::day(1, 1, 1).unwrap().first_day(), -719_162);
        assert_eq!(
            PartialDate::day(9999, 12, 31).unwrap().last_day(),
            2_932_896
        );
        for year in [0, -1, -44, 10_000, i32::MAX, i32::MIN] {
            let err = PartialDate::year(year).unwrap_err();
            assert_eq!(
                err,
                ModelError::InvalidDate {
                    text: PartialDate {
                        year,
                        month: 0,
                        day: 0
                    }
                    .to_string(),
                    reason: format!("year {year} is outside 1..=9999"),
                }
            );
        }
        assert!(PartialDate::month(10_000, 1).is_err());
        assert!(PartialDate::day(0, 12, 31).is_err());
        for (text, reason) in [
            ("0000", "year 0000 is outside 1..=9999"),
            ("0000-01-01", "year 0000 is outside 1..=9999"),
            ("-0044-03-15", "years before 0001 are outside 1..=9999"),
            ("10000", "expected a four-digit year"),
            ("10000-01-01", "expected a four-digit year"),
        ] {
            assert_eq!(
                text.parse::<PartialDate>(),
                Err(ModelError::InvalidDate {
                    text: text.to_owned(),
                    reason: reason.to_owned()
                }),
                "{text}"
            );
        }
        assert_eq!(
            "0001-01-01".parse::<PartialDate>().unwrap().first_day(),
            -719_162
        );
        assert_eq!(
            "9999-12-31".parse::<PartialDate>().unwrap().first_day(),
            2_932_896
        );
    }

    #[test]
    fn day_numbers_outside_the_calendar_are_errors() {
        assert_eq!(
            PartialDate::from_day_number(-719_162).unwrap().to_string(),
            "0001-01-01"
        );
        assert_eq!(
            PartialDate::from_day_number(2_932_896).unwrap().to_string(),
            "9999-12-31"
        );
        for days in [i32::MAX, i32::MIN, -719_163, 2_932_897] {
            assert_eq!(
                PartialDate::from_day_number(days),
                Err(ModelError::InvalidDate {
                    text: format!("day {days}"),
                    reason: "day numbers run from -719162 (0001-01-01) to 2932896 (9999-12-31)"
                        .to_owned(),
                })
            );
        }
    }

    #[test]
    fn dates_in_json_outside_the_years_are_rejected() {
        for text in ["\"10000-01-01\"", "\"0000\"", "\"-0001\""] {
            assert!(serde_json::from_str::<PartialDate>(text).is_err(), "{text}");
            assert!(serde_json::from_str::<ValidTime>(text).is_err(), "{text}");
        }
        assert_eq!(
            serde_json::from_str::<PartialDate>("\"9999-12\"").unwrap(),
            PartialDate::month(9999, 12).unwrap()
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in [
            "2023-02-30",
            "2023-13",
            "2023-00",
            "2023-01-00",
            "23",
            "2023-1-01",
            "2023-02-29",
            "20181345",
            "",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad} accepted");
        }
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
    }

    #[test]
    fn valid_time_text_round_trips() {
        for text in [
            "2023-07",
            "2006/..",
            "../2024-03",
            "2023-07/2023-10-31",
            "..",
            "0044-03-15",
            "0001/9999-12-31",
        ] {
            let t: ValidTime = text.parse().unwrap();
            assert_eq!(t.to_string(), text);
        }
        assert!("2024/2023".parse::<ValidTime>().is_err());
    }

    #[test]
    fn month_precision_overlaps_its_year_and_days() {
        let july: ValidTime = "2023-07".parse().unwrap();
        let year: ValidTime = "2023".parse().unwrap();
        assert!(july.overlaps(&year));
        assert!(july.contains_day(PartialDate::day(2023, 7, 15).unwrap().first_day()));
        assert!(!july.contains_day(PartialDate::day(2023, 8, 1).unwrap().first_day()));
    }
}
