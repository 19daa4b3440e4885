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

/// Stand-ins for the personal data of one anonymised export. Each is 64 bits of
/// SHA-256 over a salt drawn for this export (and never written), the field and the
/// record's id, as 16 hex digits: the same record has the same stand-in throughout the
/// file, so rows can still be told apart and joined within it; across files, and
/// without the salt, nothing links a stand-in to a person (a fixed or unkeyed hash of a
/// name or a phone number could be reversed by hashing every candidate).
pub struct Pseudonyms {
    salt: [u8; 16],
}

impl Pseudonyms {
    /// `salt`: random bytes drawn for this export.
    pub fn new(salt: [u8; 16]) -> Self {
        Pseudonyms { salt }
    }

    /// The stand-in for `field` of the record `key` (its id, or an account manager's
    /// name), after `prefix`.
    pub fn of(&self, prefix: &str, field: &str, key: &str) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(self.salt);
        for part in [field, key] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        let d = h.finalize();
        let mut out = String::with_capacity(prefix.len() + 16);
        out.push_str(prefix);
        for b in &d[..8] {
            out.push_str(&format!("{b:02X}"));
        }
        out
    }
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
    fn pseudonyms_hold_within_an_export_and_change_between_exports() {
        let a = Pseudonyms::new([7; 16]);
        let id = "018a8e5d-bfcf-7b72-a6e2-c35ee34a451d";
        let name = a.of("客户 ", "name", id);
        assert_eq!(name.len(), "客户 ".len() + 16);
        assert_eq!(a.of("客户 ", "name", id), name, "stable within one export");
        assert_ne!(a.of("客户 ", "phone", id), name, "fields differ");
        assert_ne!(
            Pseudonyms::new([8; 16]).of("客户 ", "name", id),
            name,
            "another export, another stand-in"
        );
        // 2,000 records, no collision in 64 bits.
        let all: std::collections::HashSet<String> = (0..2_000)
            .map(|i| a.of("", "name", &format!("id-{i}")))
            .collect();
        assert_eq!(all.len(), 2_000);
        // Field and key are length-prefixed: no shifting text between them collides.
        assert_ne!(a.of("", "ab", "c"), a.of("", "a", "bc"));
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
