//! Calendar days and instants without a clock: the caller says what "today" is.

use kehu_analytics::calendar;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date as the number of days since 1970-01-01 (negative before).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Day(pub i32);

/// An instant as milliseconds since the Unix epoch (UTC).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Millis(pub i64);

pub const MS_PER_DAY: i64 = 86_400_000;

impl Millis {
    /// The UTC calendar day this instant falls on.
    pub fn day(self) -> Day {
        Day(self.0.div_euclid(MS_PER_DAY) as i32)
    }
}

impl Day {
    /// Days from civil date (proleptic Gregorian). Returns `None` for a month or day
    /// that does not exist (2026-02-30).
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Day> {
        calendar::from_ymd(y, m, d).map(Day)
    }

    /// (year, month 1–12, day 1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        calendar::ymd(self.0)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        (self.0 + 3).rem_euclid(7) as u32
    }
    /// Exactly `YYYY-MM-DD`, from bytes: the common form without any splitting or UTF-8
    /// checking (importing a million orders parses a million dates). `None` for anything
    /// else, which [`Day::parse`] may still read.
    pub fn parse_iso(b: &[u8]) -> Option<Day> {
        let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
            return None;
        };
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = |ds: &[u8]| ds.iter().fold(0u32, |a, d| a * 10 + (d - b'0') as u32);
        let y = n(&digits[..4]) as i32;
        if y < 1000 {
            return None;
        }
        Day::from_ymd(y, n(&digits[4..6]), n(&digits[6..]))
    }

    /// Parses `YYYY-MM-DD`; also accepts `/` or `.` as separators, one-digit month/day,
    /// a time after the date (`2026-01-05 14:30:00`, `2026-01-05T14:30`), and the compact
    /// `YYYYMMDD`, as spreadsheets and exports write them.
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.trim();
        if let Some(day) = Day::parse_iso(s.as_bytes()) {
            return Some(day);
        }
        let s = s.split([' ', 'T']).next().unwrap_or(s);
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            let (y, m, d) = (&s[..4], &s[4..6], &s[6..]);
            return Day::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        }
        let mut parts = s.split(['-', '/', '.']);
        let y: i32 = parts.next()?.trim().parse().ok()?;
        let m: u32 = parts.next()?.trim().parse().ok()?;
        let d: u32 = parts.next()?.trim().parse().ok()?;
        if parts.next().is_some() || !(1000..=9999).contains(&y) {
            return None;
        }
        Day::from_ymd(y, m, d)
    }

    pub fn start_millis(self) -> Millis {
        Millis(self.0 as i64 * MS_PER_DAY)
    }

    /// Whole years from `self` (a birth date) to `on`; `None` if `on` is before it.
    pub fn age_on(self, on: Day) -> Option<u32> {
        if on < self {
            return None;
        }
        let (by, bm, bd) = self.ymd();
        let (y, m, d) = on.ymd();
        let mut age = y - by;
        if (m, d) < (bm, bd) {
            age -= 1;
        }
        Some(age as u32)
    }

    /// The same day of month `months` later, clamped to the month's last day.
    pub fn add_months(self, months: i32) -> Day {
        let (y, m, d) = self.ymd();
        let total = y * 12 + (m as i32 - 1) + months;
        let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
        Day::from_ymd(ny, nm, d.min(days_in_month(ny, nm))).expect("clamped day is valid")
    }
}

impl fmt::Display for Day {
    /// ISO 8601, `2026-11-23`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

pub use kehu_analytics::calendar::{days_in_month, is_leap};

/// A time zone as the browser knows it: its offset from UTC in minutes, with every
/// change (daylight saving, a new rule) as the instant it takes effect. The core has no
/// zone database and no clock, so the app reads the offsets from the browser and passes
/// this; a single offset for all dates would put every summer (or winter) moment an hour
/// out in zones with daylight saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    /// The offset before the first change.
    pub first: i32,
    /// `(utc_ms, offset_min)`: from that instant on, that offset; sorted by instant.
    pub changes: Vec<(i64, i32)>,
}

impl Default for Zone {
    /// UTC.
    fn default() -> Zone {
        Zone::fixed(0)
    }
}

impl Zone {
    /// A zone whose offset never changes (UTC is `fixed(0)`; China is `fixed(480)`).
    pub fn fixed(offset_min: i32) -> Zone {
        Zone {
            first: offset_min,
            changes: Vec::new(),
        }
    }

    /// The zone as one line of text (`first;instant:offset,…`), for a device to keep
    /// what reading it from the browser took.
    pub fn to_text(&self) -> String {
        let changes: Vec<String> = self
            .changes
            .iter()
            .map(|(t, o)| format!("{t}:{o}"))
            .collect();
        format!("{};{}", self.first, changes.join(","))
    }

    /// Reads [`Zone::to_text`]'s line; `None` when it is not one (changes out of order
    /// included).
    pub fn from_text(s: &str) -> Option<Zone> {
        let (first, rest) = s.split_once(';')?;
        let mut changes = Vec::new();
        for c in rest.split(',').filter(|c| !c.is_empty()) {
            let (t, o) = c.split_once(':')?;
            changes.push((t.parse().ok()?, o.parse().ok()?));
        }
        if !changes.is_sorted_by(|a: &(i64, i32), b| a.0 < b.0) {
            return None;
        }
        Some(Zone {
            first: first.parse().ok()?,
            changes,
        })
    }

    /// The offset in minutes at instant `at`.
    pub fn offset_at(&self, at: Millis) -> i32 {
        match self.changes.partition_point(|&(t, _)| t <= at.0) {
            0 => self.first,
            i => self.changes[i - 1].1,
        }
    }

    /// The local wall-clock time at `at`, as milliseconds in the same count as UTC.
    pub fn local(&self, at: Millis) -> i64 {
        at.0 + self.offset_at(at) as i64 * 60_000
    }

    /// The local calendar day of instant `at`.
    pub fn day(&self, at: Millis) -> Day {
        Millis(self.local(at)).day()
    }

    /// The instant of a local wall-clock time (milliseconds counted as [`Zone::local`]
    /// gives them). A time that happens twice (clocks going back) is its first; a time
    /// that does not happen (clocks going forward) is read with the offset before the
    /// change, as clocks that were not yet moved would show it.
    pub fn instant(&self, local_ms: i64) -> Millis {
        // The offsets in force a day either side bound the candidates.
        let around = [
            self.offset_at(Millis(local_ms - MS_PER_DAY)),
            self.offset_at(Millis(local_ms + MS_PER_DAY)),
        ];
        let mut fits: Vec<i64> = around
            .iter()
            .map(|&o| local_ms - o as i64 * 60_000)
            .filter(|&t| self.local(Millis(t)) == local_ms)
            .collect();
        fits.sort_unstable();
        Millis(
            fits.first()
                .copied()
                .unwrap_or(local_ms - around[0] as i64 * 60_000),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::from_ymd(2000, 3, 1), Some(Day(11_017)));
        assert_eq!(Day::from_ymd(2026, 2, 29), None);
        assert_eq!(
            Day::from_ymd(2024, 2, 29).unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(Day(0).weekday(), 3, "1970-01-01 was a Thursday");
    }

    #[test]
    fn parse_accepts_spreadsheet_forms_and_rejects_nonsense() {
        assert_eq!(Day::parse("2026/1/5"), Day::from_ymd(2026, 1, 5));
        assert_eq!(Day::parse(" 2026-01-05 "), Day::from_ymd(2026, 1, 5));
        assert_eq!(Day::parse("2026-13-01"), None);
        assert_eq!(Day::parse("26-01-01"), None);
        assert_eq!(Day::parse("2026-01-01-01"), None);
        assert_eq!(Day::parse("yesterday"), None);
        assert_eq!(Day::parse("19970101"), Day::from_ymd(1997, 1, 1));
        assert_eq!(Day::parse("2026-01-05 14:30:00"), Day::from_ymd(2026, 1, 5));
        assert_eq!(Day::parse("2026-01-05T14:30"), Day::from_ymd(2026, 1, 5));
        assert_eq!(Day::parse("19971301"), None);
    }

    #[test]
    fn age_counts_whole_years() {
        let birth = Day::from_ymd(1990, 6, 15).unwrap();
        assert_eq!(birth.age_on(Day::from_ymd(2026, 6, 14).unwrap()), Some(35));
        assert_eq!(birth.age_on(Day::from_ymd(2026, 6, 15).unwrap()), Some(36));
        assert_eq!(birth.age_on(Day::from_ymd(1989, 1, 1).unwrap()), None);
    }

    #[test]
    fn add_months_clamps() {
        let d = Day::from_ymd(2026, 1, 31).unwrap();
        assert_eq!(d.add_months(1).to_string(), "2026-02-28");
        assert_eq!(d.add_months(-2).to_string(), "2025-11-30");
    }

    proptest! {
        #[test]
        fn iso_fast_path_agrees(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            prop_assert_eq!(Day::parse_iso(s.as_bytes()), Day::parse(&s));
        }
    }

    proptest! {
        #[test]
        fn ymd_round_trips(n in -800_000i32..800_000) {
            let (y, m, d) = Day(n).ymd();
            prop_assert_eq!(Day::from_ymd(y, m, d), Some(Day(n)));
        }
    }

    /// New York, 2026: UTC−5, UTC−4 from 8 March 07:00 UTC, UTC−5 from 1 November
    /// 06:00 UTC.
    fn new_york() -> Zone {
        Zone {
            first: -300,
            changes: vec![(1_772_953_200_000, -240), (1_793_512_800_000, -300)],
        }
    }

    #[test]
    fn a_zone_kept_as_text_reads_back_the_same() {
        for z in [new_york(), Zone::fixed(480), Zone::fixed(-210)] {
            assert_eq!(Zone::from_text(&z.to_text()), Some(z));
        }
        assert_eq!(Zone::from_text(""), None);
        assert_eq!(Zone::from_text("480"), None);
        assert_eq!(Zone::from_text("480;x:1"), None);
        assert_eq!(Zone::from_text("0;20:60,10:0"), None, "out of order");
    }

    #[test]
    fn zones_convert_wall_clock_times_across_daylight_saving() {
        let ny = new_york();
        let local =
            |y, m, d, h: i64| Day::from_ymd(y, m, d).unwrap().start_millis().0 + h * 3_600_000;
        // 14:30 in January is 19:30 UTC; in July, 18:30 UTC.
        let jan = ny.instant(local(2026, 1, 5, 14) + 30 * 60_000);
        let jul = ny.instant(local(2026, 7, 5, 14) + 30 * 60_000);
        assert_eq!(
            jan.0 - Day::from_ymd(2026, 1, 5).unwrap().start_millis().0,
            19 * 3_600_000 + 30 * 60_000
        );
        assert_eq!(
            jul.0 - Day::from_ymd(2026, 7, 5).unwrap().start_millis().0,
            18 * 3_600_000 + 30 * 60_000
        );
        assert_eq!(
            ny.local(jul),
            local(2026, 7, 5, 14) + 30 * 60_000,
            "and back"
        );
        // 02:30 on 8 March does not happen: read with the winter offset (07:30 UTC).
        let gap = ny.instant(local(2026, 3, 8, 2) + 30 * 60_000);
        assert_eq!(ny.offset_at(gap), -240);
        // 01:30 on 1 November happens twice: the first (05:30 UTC, summer time).
        let twice = ny.instant(local(2026, 11, 1, 1) + 30 * 60_000);
        assert_eq!(
            twice.0,
            Day::from_ymd(2026, 11, 1).unwrap().start_millis().0 + 5 * 3_600_000 + 30 * 60_000
        );
        // A fixed zone is the old arithmetic.
        let cn = Zone::fixed(480);
        assert_eq!(
            cn.instant(local(2026, 7, 5, 8)).0,
            Day::from_ymd(2026, 7, 5).unwrap().start_millis().0
        );
        assert_eq!(
            cn.day(Millis(
                Day::from_ymd(2026, 7, 5).unwrap().start_millis().0 - 3_600_000
            )),
            Day::from_ymd(2026, 7, 5).unwrap()
        );
    }

    proptest::proptest! {
        /// Any wall-clock time that happens once reads back as itself, in a zone with
        /// changes, at any instant including the extremes.
        #[test]
        fn local_times_round_trip(t in proptest::prop_oneof![
            proptest::strategy::Just(i64::from(i32::MIN) * 1_000),
            proptest::strategy::Just(1_772_953_200_000i64),
            proptest::strategy::Just(1_793_512_800_000i64),
            -10_000_000_000_000i64..10_000_000_000_000,
        ]) {
            let ny = new_york();
            let local = ny.local(Millis(t));
            let back = ny.instant(local);
            proptest::prop_assert_eq!(ny.local(back), local);
        }
    }
}
