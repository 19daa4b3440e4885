//! Money as integer minor units.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in minor units (分 / cents). All money in kehu is held this way so sums and
/// ties are exact and independent of summation order. Display is the caller's business
/// (locale, currency symbol); [`fmt::Display`] gives the plain `1234.56` form.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum MoneyError {
    #[error("not a number")]
    NotANumber,
    #[error("more than two decimal places")]
    TooPrecise,
    #[error("amount too large")]
    TooLarge,
    /// Separators that do not group thousands ("1,2,3"): which number was meant cannot
    /// be told, so it is not guessed.
    #[error("separators that do not group thousands")]
    BadGrouping,
}

impl Cents {
    /// Plain `123`, `123.4` or `123.45` from bytes, the form nearly every export uses,
    /// without UTF-8 checking or trimming; `None` for anything else, which
    /// [`Cents::parse`] reads or explains.
    pub fn parse_plain(b: &[u8]) -> Option<Cents> {
        let (int, frac) = match b.iter().position(|&c| c == b'.') {
            Some(dot) => (&b[..dot], &b[dot + 1..]),
            None => (b, &b[..0]),
        };
        // 13 whole digits stay below MAX_CENTS; longer numbers take the careful path.
        if int.is_empty()
            || int.len() > 13
            || frac.len() > 2
            || (b.len() > int.len() && frac.is_empty())
        {
            return None;
        }
        let mut v: i64 = 0;
        for &c in int.iter().chain(frac) {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + (c - b'0') as i64;
        }
        Some(Cents(if frac.len() == 1 {
            v * 10
        } else if frac.is_empty() {
            v * 100
        } else {
            v
        }))
    }

    /// Parses `1234.5`, `1,234.50`, `¥1234`, `-3.20`. Thousands separators and a leading
    /// currency sign are tolerated because spreadsheets add them.
    pub fn parse(s: &str) -> Result<Cents, MoneyError> {
        let s = s.trim();
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let s = s.trim_start_matches(['¥', '￥', '$', '€', '£']).trim();
        // Group separators out; without any (the usual case) nothing is allocated.
        let s: std::borrow::Cow<str> = if s.contains([',', '_']) {
            if !grouped(s) {
                return Err(MoneyError::BadGrouping);
            }
            s.chars().filter(|c| *c != ',' && *c != '_').collect()
        } else {
            s.into()
        };
        if s.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (&*s, ""),
        };
        if int.is_empty() && frac.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(MoneyError::NotANumber);
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let whole: i64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| MoneyError::TooLarge)?
        };
        let frac_cents: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().unwrap_or(0) * 10,
            _ => frac.parse::<i64>().unwrap_or(0),
        };
        let v = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(frac_cents))
            .filter(|v| *v <= MAX_CENTS)
            .ok_or(MoneyError::TooLarge)?;
        Ok(Cents(if neg { -v } else { v }))
    }

    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }

    /// Major units as a float, for charts only; never for arithmetic.
    pub fn as_major_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

/// Whether the separators in `s` (commas or underscores) group thousands: only in the
/// whole part, one to three digits before the first, exactly three after each.
fn grouped(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.contains([',', '_']) {
        return false;
    }
    let mut groups = int.split([',', '_']);
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// The largest amount accepted from user input: exact in an f64 and far beyond any
/// small business's order.
pub const MAX_CENTS: i64 = 1 << 52;

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_spreadsheet_money() {
        assert_eq!(Cents::parse("1,234.5"), Ok(Cents(123_450)));
        assert_eq!(Cents::parse("¥88"), Ok(Cents(8_800)));
        assert_eq!(Cents::parse("-3.20"), Ok(Cents(-320)));
        assert_eq!(Cents::parse(".5"), Ok(Cents(50)));
        assert_eq!(Cents::parse("1.234"), Err(MoneyError::TooPrecise));
        assert_eq!(Cents::parse("12a"), Err(MoneyError::NotANumber));
        assert_eq!(Cents::parse(""), Err(MoneyError::NotANumber));
        assert_eq!(Cents::parse("."), Err(MoneyError::NotANumber));
        assert_eq!(
            Cents::parse("99999999999999999999"),
            Err(MoneyError::TooLarge)
        );
    }

    #[test]
    fn separators_must_group_thousands() {
        assert_eq!(Cents::parse("1,234,567.89"), Ok(Cents(123_456_789)));
        assert_eq!(Cents::parse("12_000"), Ok(Cents(1_200_000)));
        // Read as 123 once: which number was meant cannot be told.
        for bad in ["1,2,3", "12,34", "1234,567", ",123", "1,234.5,6", "1,,234"] {
            assert_eq!(Cents::parse(bad), Err(MoneyError::BadGrouping), "{bad}");
        }
    }

    proptest! {
        #[test]
        /// Every amount, the limits, zero and a cent on either side of it drawn on purpose.
        fn display_parse_round_trip(v in prop_oneof![
            Just(0i64), Just(1), Just(-1), Just(MAX_CENTS), Just(-MAX_CENTS), Just(99), Just(100),
            -MAX_CENTS..=MAX_CENTS,
        ]) {
            prop_assert_eq!(Cents::parse(&Cents(v).to_string()), Ok(Cents(v)));
        }

        /// The fast path reads what the careful one reads, and declines the rest.
        #[test]
        fn plain_parse_agrees(s in "[0-9.,a ]{0,18}") {
            if let Some(c) = Cents::parse_plain(s.as_bytes()) {
                prop_assert_eq!(Cents::parse(&s), Ok(c));
            }
        }

        #[test]
        fn plain_parse_takes_every_plain_amount(v in prop_oneof![
            Just(0i64), Just(1), Just(10), Just(999_999_999_999_999), 0i64..1_000_000_000_000_000,
        ]) {
            prop_assert_eq!(Cents::parse_plain(Cents(v).to_string().as_bytes()), Some(Cents(v)));
        }
    }
}
