//! The forms dates, amounts and yes/no take in spreadsheets people import: `2026-03-05`,
//! `2026/3/5`, `2026年3月5日`, `05.03.2026`, `3/5/2026`, Excel serial days (`46086`),
//! `¥1,234.50`, `1 234,50 元`, 是/否.

use crate::money::MoneyError;
use crate::{Cents, Day};

/// How to read a date whose year comes last (`05.03.2026`, `3/5/2026`); dates with the
/// year first are always year-month-day.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum DayOrder {
    /// Day first: `05.03.2026` is 5 March (Europe, and most of the world).
    #[default]
    DayFirst,
    /// Month first: `3/5/2026` is 5 March (the United States, Excel's US default).
    MonthFirst,
}

impl DayOrder {
    pub const ALL: [DayOrder; 2] = [DayOrder::DayFirst, DayOrder::MonthFirst];

    pub fn code(self) -> &'static str {
        match self {
            DayOrder::DayFirst => "dmy",
            DayOrder::MonthFirst => "mdy",
        }
    }

    pub fn from_code(s: &str) -> Option<DayOrder> {
        DayOrder::ALL.into_iter().find(|o| o.code() == s)
    }

    /// The order a column of dates shows: a first part above 12 means day first, a second
    /// part above 12 month first; `/` without evidence is month first (Excel's US
    /// format writes slashes), `.` and `-` day first.
    pub fn detect<'a>(samples: impl IntoIterator<Item = &'a str>) -> Option<DayOrder> {
        let mut slash = false;
        for s in samples {
            let Some((a, b, _)) = year_last_parts(s) else {
                continue;
            };
            if a > 12 && b <= 12 {
                return Some(DayOrder::DayFirst);
            }
            if b > 12 && a <= 12 {
                return Some(DayOrder::MonthFirst);
            }
            slash |= s.contains('/');
        }
        slash.then_some(DayOrder::MonthFirst)
    }
}

/// Numbers read as Excel serial days in a date column: 10000 is 1927-05-18; smaller
/// numbers are more likely a mistake than a date.
const SERIAL_MIN: f64 = 10_000.0;
/// 2173-10-14: beyond it a number is not a date anyone imports.
const SERIAL_MAX: f64 = 100_000.0;
/// Excel's day 0 is 1899-12-30 for every serial after its phantom 1900-02-29.
const SERIAL_EPOCH: i32 = -25_569;

/// Reads a date in any of the forms above; `None` for anything else, including dates
/// that do not exist (`2026-02-30`).
pub fn parse_day(s: &str, order: DayOrder) -> Option<Day> {
    let s = s.trim();
    if let Some(d) = Day::parse(s) {
        return Some(d);
    }
    if let Some(d) = chinese(s) {
        return Some(d);
    }
    if let Some((a, b, y)) = year_last_parts(s) {
        let (d, m) = match order {
            DayOrder::DayFirst => (a, b),
            DayOrder::MonthFirst => (b, a),
        };
        return Day::from_ymd(y, m, d);
    }
    // An Excel serial, possibly with a time of day as its fraction.
    let n: f64 = s.parse().ok()?;
    if (SERIAL_MIN..SERIAL_MAX).contains(&n) {
        return Some(Day(SERIAL_EPOCH + n.floor() as i32));
    }
    None
}

/// `2026年3月5日` (also with a time after it).
fn chinese(s: &str) -> Option<Day> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.split(['日', '号']).next()?;
    let num = |t: &str| t.trim().parse::<u32>().ok();
    let y = num(y)? as i32;
    if !(1000..=9999).contains(&y) {
        return None;
    }
    Day::from_ymd(y, num(m)?, num(d)?)
}

/// `a.b.yyyy`, `a/b/yyyy` or `a-b-yyyy` with one- or two-digit parts, a time allowed
/// after it: the two leading parts and the year.
fn year_last_parts(s: &str) -> Option<(u32, u32, i32)> {
    let s = s.trim().split([' ', 'T']).next()?;
    let mut parts = s.split(['.', '/', '-']);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || a.len() > 2 || b.len() > 2 || y.len() != 4 {
        return None;
    }
    let num = |t: &str| {
        (!t.is_empty() && t.bytes().all(|c| c.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    Some((num(a)?, num(b)?, num(y)? as i32))
}

/// Reads an amount: `1234.5`, `¥1,234.50`, `1 234.50元`, `RMB 88`, `-3`. A comma
/// followed by exactly one or two digits at the end, with no point, is a decimal comma
/// (`12,50`, `1.234,50`).
pub fn parse_amount(s: &str) -> Result<Cents, MoneyError> {
    let s = s.trim();
    if let Some(c) = Cents::parse_plain(s.as_bytes()) {
        return Ok(c);
    }
    let s = s
        .trim_end_matches(['元', '圆'])
        .trim_end()
        .trim_start_matches("RMB")
        .trim_start_matches("CNY")
        .trim();
    let spaced: String;
    let mut s = if s.contains([' ', '\u{a0}', '\u{202f}']) {
        spaced = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        spaced.as_str()
    } else {
        s
    };
    let european: String;
    if let Some((int, frac)) = s.rsplit_once(',')
        && (1..=2).contains(&frac.len())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !int.contains(',')
    {
        european = format!("{}.{frac}", int.replace('.', ""));
        s = &european;
    }
    Cents::parse(s)
}

/// Yes or no as spreadsheets write it; `None` if it is neither.
pub fn parse_bool(s: &str) -> Option<bool> {
    let s = crate::text::fold(s.trim());
    match s.as_str() {
        "1" | "y" | "yes" | "true" | "x" | "✓" | "✔" | "是" | "有" | "对" | "真" => {
            Some(true)
        }
        "0" | "n" | "no" | "false" | "" | "否" | "无" | "不是" | "假" => Some(false),
        _ => None,
    }
}

/// A date with an optional time of day after it (`2026-03-05 14:30`, `2026/3/5 9:05:00`,
/// `2026-03-05T14:30`, an Excel serial with a fraction): the day and the minutes into
/// it (0 without a time).
pub fn parse_moment(s: &str, order: DayOrder) -> Option<(Day, u32)> {
    let s = s.trim();
    if let Ok(x) = s.parse::<f64>()
        && x.fract() != 0.0
        && x > 0.0
    {
        let day = parse_day(&(x.trunc() as i64).to_string(), order)?;
        let minutes = (x.fract() * 1440.0).round() as u32;
        return Some((day, minutes.min(1439)));
    }
    let (date, time) = match s.find([' ', 'T']) {
        Some(i) if i > 0 => (&s[..i], s[i + 1..].trim()),
        _ => (s, ""),
    };
    let day = parse_day(date, order)?;
    if time.is_empty() {
        return Some((day, 0));
    }
    let mut parts = time.split(':');
    let h: u32 = parts.next()?.trim().parse().ok()?;
    let m: u32 = parts.next()?.trim().parse().ok()?;
    if let Some(sec) = parts.next() {
        sec.trim().parse::<f64>().ok()?;
    }
    (h < 24 && m < 60 && parts.next().is_none()).then_some((day, h * 60 + m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<Day> {
        Day::from_ymd(y, m, d)
    }

    #[test]
    fn dates_in_the_forms_spreadsheets_write() {
        let o = DayOrder::DayFirst;
        assert_eq!(parse_day("2026-03-05", o), day(2026, 3, 5));
        assert_eq!(parse_day("2026/3/5", o), day(2026, 3, 5));
        assert_eq!(parse_day("2026年3月5日", o), day(2026, 3, 5));
        assert_eq!(parse_day("2026年03月05日 14:00", o), day(2026, 3, 5));
        assert_eq!(parse_day("05.03.2026", o), day(2026, 3, 5));
        assert_eq!(parse_day("3/5/2026", DayOrder::MonthFirst), day(2026, 3, 5));
        assert_eq!(parse_day("5/3/2026 10:30", o), day(2026, 3, 5));
        // Excel: 46086 is 2026-03-05; a time of day is a fraction.
        assert_eq!(parse_day("46086", o), day(2026, 3, 5));
        assert_eq!(parse_day("46086.75", o), day(2026, 3, 5));
        assert_eq!(parse_day("2026-02-30", o), None);
        assert_eq!(parse_day("30.02.2026", o), None);
        assert_eq!(parse_day("31/4/2026", DayOrder::MonthFirst), None);
        assert_eq!(parse_day("12", o), None);
        assert_eq!(parse_day("soon", o), None);
    }

    #[test]
    fn the_day_order_comes_from_the_column() {
        assert_eq!(
            DayOrder::detect(["01/02/2026", "13/02/2026"]),
            Some(DayOrder::DayFirst)
        );
        assert_eq!(
            DayOrder::detect(["01/02/2026", "02/13/2026"]),
            Some(DayOrder::MonthFirst)
        );
        assert_eq!(DayOrder::detect(["1/2/2026"]), Some(DayOrder::MonthFirst));
        assert_eq!(DayOrder::detect(["01.02.2026"]), None);
        assert_eq!(DayOrder::detect(["2026-01-02"]), None);
    }

    #[test]
    fn amounts_with_signs_separators_and_units() {
        let ok = |s: &str| parse_amount(s).map(|c| c.0);
        assert_eq!(ok("1234.5"), Ok(123_450));
        assert_eq!(ok("¥1,234.50"), Ok(123_450));
        assert_eq!(ok("￥88"), Ok(8_800));
        assert_eq!(ok("1 234.50 元"), Ok(123_450));
        assert_eq!(ok("RMB 88"), Ok(8_800));
        assert_eq!(ok("12,50"), Ok(1_250));
        assert_eq!(ok("1.234,50"), Ok(123_450));
        assert_eq!(ok("1,234"), Ok(123_400), "three digits after a comma group");
        assert_eq!(ok("-3.20"), Ok(-320));
        assert_eq!(ok("abc"), Err(MoneyError::NotANumber));
        assert_eq!(ok("1.234"), Err(MoneyError::TooPrecise));
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(parse_bool("是"), Some(true));
        assert_eq!(parse_bool(" YES "), Some(true));
        assert_eq!(parse_bool("否"), Some(false));
        assert_eq!(parse_bool(""), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }

    proptest::proptest! {
        /// Whatever the text, the parsers answer without panicking.
        #[test]
        fn parsers_never_panic(s in "\\PC{0,24}") {
            let _ = parse_day(&s, DayOrder::DayFirst);
            let _ = parse_day(&s, DayOrder::MonthFirst);
            let _ = parse_amount(&s);
            let _ = parse_bool(&s);
        }

        /// Every day written in each supported form reads back as that day.
        #[test]
        fn written_days_read_back(n in -20_000i32..60_000) {
            let d = Day(n);
            let (y, m, dd) = d.ymd();
            proptest::prop_assume!((1000..=9999).contains(&y));
            for s in [
                format!("{y}-{m:02}-{dd:02}"),
                format!("{y}/{m}/{dd}"),
                format!("{y}年{m}月{dd}日"),
                format!("{dd:02}.{m:02}.{y}"),
            ] {
                proptest::prop_assert_eq!(parse_day(&s, DayOrder::DayFirst), Some(d), "{}", s);
            }
            proptest::prop_assert_eq!(
                parse_day(&format!("{m}/{dd}/{y}"), DayOrder::MonthFirst),
                Some(d)
            );
        }

        /// Amounts written with a currency sign and thousands groups read back exactly.
        #[test]
        fn written_amounts_read_back(cents in proptest::prop_oneof![
            proptest::strategy::Just(0i64), proptest::strategy::Just(1), proptest::strategy::Just(100_000),
            proptest::strategy::Just(99_999_999_999), 0i64..10_000_000_000,
        ]) {
            let (whole, frac) = (cents / 100, cents % 100);
            let mut grouped = String::new();
            for (i, c) in whole.to_string().chars().enumerate() {
                let left = whole.to_string().len() - i;
                if i > 0 && left % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let s = format!("¥{grouped}.{frac:02}");
            proptest::prop_assert_eq!(parse_amount(&s), Ok(Cents(cents)));
        }
    }

    #[test]
    fn moments_are_a_day_and_an_optional_time() {
        let d = |s| parse_moment(s, DayOrder::DayFirst);
        let day = parse_day("2026-03-05", DayOrder::DayFirst).unwrap();
        assert_eq!(d("2026-03-05"), Some((day, 0)));
        assert_eq!(d("2026-03-05 14:30"), Some((day, 870)));
        assert_eq!(d("2026/3/5 9:05:00"), Some((day, 545)));
        assert_eq!(d("2026-03-05T14:30"), Some((day, 870)));
        assert_eq!(d("2026年3月5日 14:30"), Some((day, 870)));
        assert_eq!(d("05.03.2026 08:00"), Some((day, 480)));
        let serial = format!("{}.75", day.0 + 25_569);
        assert_eq!(
            d(&serial),
            Some((day, 1080)),
            "Excel serial with a fraction"
        );
        for bad in [
            "2026-02-30 10:00",
            "2026-03-05 25:00",
            "2026-03-05 10",
            "yesterday",
            "2026-03-05 1:2:3:4",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }
}
