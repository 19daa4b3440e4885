//! CSV out, for Excel and for analysts: UTF-8 with a byte-order mark (without it Excel
//! reads Chinese text as GBK and garbles it), CRLF line ends, cells quoted only where
//! they must be, and every text cell a spreadsheet would run as a formula (starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return) prefixed with an apostrophe, so a
//! customer named `=HYPERLINK(…)` stays text. Plain numbers, negative ones included,
//! are left as numbers.
//!
//! What the columns are and how values read (translated labels, dates) is the caller's
//! choice; this module only writes them safely.

use std::borrow::Cow;

/// The byte-order mark that tells Excel the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// Whether `s` is a plain decimal number (`-12`, `3.50`): safe to leave as it is.
pub(crate) fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// `s` made safe from formula injection: an apostrophe before a risky first character.
pub fn defuse(s: &str) -> Cow<'_, str> {
    let risky = s
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !is_number(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// One cell as written: defused, then quoted if it holds a comma, quote or line break.
pub fn cell(s: &str) -> Cow<'_, str> {
    let s = defuse(s);
    if s.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        s
    }
}

/// A whole file: the BOM, the header, then the rows.
pub fn to_csv<'a, R, C>(head: &[&'a str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = Cow<'a, str>>,
{
    let mut out = String::from(BOM);
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = Cow<'a, str>>| {
        for (i, c) in cells.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&cell(&c));
        }
        out.push_str("\r\n");
    };
    line(&mut out, &mut head.iter().map(|h| Cow::Borrowed(*h)));
    for r in rows {
        line(&mut out, &mut r.into_iter());
    }
    out
}

/// A stable stand-in for personal text (a name, a phone number): `prefix` and eight hex
/// digits of an FNV-1a hash of `key` (the record's id, random, so the pseudonym says
/// nothing about the person), the same in every export.
pub fn pseudonym(prefix: &str, key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{prefix}{:08X}", (h ^ (h >> 32)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(defuse("=1+2"), "'=1+2");
        assert_eq!(defuse("+86 138"), "'+86 138");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("-cmd|' /C calc'!A0"), "'-cmd|' /C calc'!A0");
        assert_eq!(defuse("\t=1"), "'\t=1");
        assert_eq!(defuse("-12.50"), "-12.50");
        assert_eq!(defuse("-"), "'-");
        assert_eq!(defuse("王芳"), "王芳");
        assert_eq!(defuse(""), "");
    }

    #[test]
    fn pseudonyms_are_stable_and_tell_records_apart() {
        let a = pseudonym("客户 ", "018a8e5d-bfcf-7b72-a6e2-c35ee34a451d");
        assert_eq!(
            a,
            pseudonym("客户 ", "018a8e5d-bfcf-7b72-a6e2-c35ee34a451d")
        );
        assert!(a.starts_with("客户 ") && a.chars().count() == 11, "{a}");
        let many: std::collections::HashSet<String> = (0..10_000)
            .map(|i| pseudonym("", &format!("id-{i}")))
            .collect();
        assert_eq!(many.len(), 10_000);
    }

    #[test]
    fn a_file_has_the_bom_crlf_and_quotes_where_needed() {
        let csv = to_csv(
            &["姓名", "备注"],
            [
                vec![Cow::Borrowed("王芳"), Cow::Borrowed("说 \"好\", 再来")],
                vec![
                    Cow::Borrowed("=HYPERLINK(\"x\")"),
                    Cow::Borrowed("line\nbreak"),
                ],
            ],
        );
        assert_eq!(
            csv,
            "\u{feff}姓名,备注\r\n王芳,\"说 \"\"好\"\", 再来\"\r\n\"'=HYPERLINK(\"\"x\"\")\",\"line\nbreak\"\r\n"
        );
    }

    proptest! {
        /// Whatever the cells, a CSV reader gets each back, defused where risky, in
        /// its row and column.
        #[test]
        fn cells_round_trip_through_a_csv_reader(
            rows in prop::collection::vec(prop::collection::vec(".{0,12}", 3), 1..6)
        ) {
            let csv = to_csv(&["a", "b", "c"], rows.iter().map(|r| r.iter().map(|c| Cow::Borrowed(c.as_str()))));
            let body = csv.strip_prefix(BOM).unwrap();
            let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(body.as_bytes());
            let got: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect();
            let want: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(|c| defuse(c).into_owned()).collect())
                .collect();
            prop_assert_eq!(got, want);
        }
    }
}
