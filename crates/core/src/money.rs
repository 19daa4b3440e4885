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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not a number")]
    NotANumber,
    #[error("more than two decimal places")]
    TooPrecise,
    #[error("amount too large")]
    TooLarge,
}

impl Cents {
    /// Parses `1234.5`, `1,234.50`, `¥1234`, `-3.20`. Thousands separators and a leading
    /// currency sign are tolerated because spreadsheets add them.
    pub fn parse(s: &str) -> Result<Cents, MoneyError> {
        let s = s.trim();
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let s = s.trim_start_matches(['¥', '￥', '$', '€', '£']).trim();
        let s: String = s.chars().filter(|c| *c != ',' && *c != '_').collect();
        if s.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s.as_str(), ""),
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

    /// Major units as a float, for charts only; never for arithmetic.
    pub fn as_major_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
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

    proptest! {
        #[test]
        fn display_parse_round_trip(v in -MAX_CENTS..MAX_CENTS) {
            prop_assert_eq!(Cents::parse(&Cents(v).to_string()), Ok(Cents(v)));
        }
    }
}
