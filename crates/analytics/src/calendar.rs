//! Civil dates as day numbers (days since 1970-01-01, proleptic Gregorian), the unit of
//! every order date here: H. Hinnant's `days_from_civil` and `civil_from_days`.

/// The day number of a date; `None` for a month or day that does not exist
/// (2026-02-30).
///
/// ```
/// use kehu_analytics::calendar::{from_ymd, ymd};
/// assert_eq!(from_ymd(1970, 1, 1), Some(0));
/// assert_eq!(from_ymd(2026, 2, 29), None);
/// assert_eq!(ymd(from_ymd(2024, 2, 29).unwrap()), (2024, 2, 29));
/// ```
pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<i32> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// (year, month 1–12, day 1–31) of a day number.
pub fn ymd(day: i32) -> (i32, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1–12) of year `y`; 0 for a month that does not exist.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A value for each day from the first to the last of some days, computed once per
/// day: a million orders over a few years need a few thousand calendar conversions
/// instead of a million. Days outside that span, or every day when the span is longer
/// than four centuries (a mistyped year), are computed on each call.
///
/// ```
/// use kehu_analytics::calendar::{DayTable, from_ymd, ymd};
/// let days = [from_ymd(2026, 1, 31).unwrap(), from_ymd(2026, 3, 1).unwrap()];
/// let month = DayTable::over(days.iter().copied(), |d| ymd(d).1);
/// assert_eq!(month.get(days[0] + 1), 2);
/// assert_eq!(month.get(days[1] + 40), 4, "outside the span: computed");
/// ```
pub struct DayTable<T, F> {
    first: i32,
    values: Vec<T>,
    f: F,
}

/// Four centuries of days: the longest span tabulated.
const MAX_SPAN: i64 = 146_097;

impl<T: Copy, F: Fn(i32) -> T> DayTable<T, F> {
    pub fn over(days: impl Iterator<Item = i32>, f: F) -> DayTable<T, F> {
        let (lo, hi) = days.fold((i32::MAX, i32::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
        let values = match lo <= hi && (hi as i64 - lo as i64) < MAX_SPAN {
            true => (lo..=hi).map(&f).collect(),
            false => Vec::new(),
        };
        DayTable {
            first: lo,
            values,
            f,
        }
    }

    pub fn get(&self, day: i32) -> T {
        let at = (day as i64 - self.first as i64) as usize;
        match self.values.get(at) {
            Some(&v) => v,
            None => (self.f)(day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        let mut expect = from_ymd(1900, 1, 1).unwrap();
        for y in 1900..2300 {
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    assert_eq!(from_ymd(y, m, d), Some(expect));
                    assert_eq!(ymd(expect), (y, m, d));
                    expect += 1;
                }
            }
        }
    }

    #[test]
    fn century_leap_years_follow_the_gregorian_rule() {
        assert!(is_leap(2000) && is_leap(2024) && !is_leap(1900) && !is_leap(2100));
        assert_eq!(from_ymd(2100, 2, 29), None);
        assert_eq!(from_ymd(2026, 13, 1), None);
        assert_eq!(from_ymd(2026, 4, 0), None);
    }

    proptest::proptest! {
        /// The table gives what the function gives, inside its span and out of it, and
        /// when the span is too long to tabulate.
        #[test]
        fn a_day_table_is_its_function(
            days in proptest::collection::vec(-1_000i32..1_000, 1..20),
            far in proptest::bool::ANY,
            asked in proptest::collection::vec(-1_500i32..1_500, 1..50),
        ) {
            let mut days = days;
            if far {
                days.push(200_000);
            }
            let f = |d: i32| ymd(d).1 * 100 + ymd(d).2;
            let table = DayTable::over(days.iter().copied(), f);
            for d in asked.into_iter().chain(days) {
                proptest::prop_assert_eq!(table.get(d), f(d), "day {}", d);
            }
        }
    }
}
