//! Orders from CSV: one row per order with a customer id, an order date and an amount.

use super::text::{Encoding, LineNormaliser, decode, sniff};
use crate::money::MoneyError;
use crate::{Cents, Day, OrderColumns};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

/// Which columns hold what, by header name (matched ignoring case and surrounding space).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub customer: String,
    pub date: String,
    pub amount: String,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            customer: "customer_id".into(),
            date: "order_date".into(),
            amount: "amount".into(),
        }
    }
}

/// Why one row was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("missing customer id")]
    MissingId,
    #[error("unparsable date {0:?}")]
    BadDate(String),
    #[error("unparsable amount {0:?}: {1}")]
    BadAmount(String, MoneyError),
    #[error("too few fields")]
    TooFewFields,
    #[error("malformed CSV: {0}")]
    Malformed(String),
}

/// A skipped row: its 1-based line number in the file and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct RowError {
    pub line: u64,
    pub problem: RowProblem,
}

/// A file that cannot be read as an order table at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("no column named {0:?} in the header")]
    MissingColumn(String),
    #[error("cannot read the file: {0}")]
    Io(String),
}

/// The orders read, with customer ids turned into dense keys (`ids[key]` is the id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedOrders {
    pub ids: Vec<String>,
    pub orders: OrderColumns,
    /// Data rows read (excluding the header).
    pub rows: u64,
    pub errors: Vec<RowError>,
    pub encoding: Option<Encoding>,
}

impl ParsedOrders {
    /// The key of `id`, adding it if new.
    pub fn key_of(&mut self, index: &mut HashMap<String, u32>, id: &str) -> u32 {
        if let Some(&k) = index.get(id) {
            return k;
        }
        let k = self.ids.len() as u32;
        self.ids.push(id.to_string());
        index.insert(id.to_string(), k);
        k
    }
}

/// Reads orders from a CSV stream, UTF-8 or GBK (sniffed). Extra columns are ignored; a
/// bad row is recorded and skipped, never the end of the run.
pub fn read_orders(input: impl Read, cols: &Columns) -> Result<ParsedOrders, FileError> {
    // Normalised line ends keep the csv crate's line numbers exact (see LineNormaliser).
    let mut input = BufReader::with_capacity(1 << 16, LineNormaliser::new(input));
    let enc = sniff(input.fill_buf().map_err(|e| FileError::Io(e.to_string()))?);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let header = match rdr.read_byte_record(&mut record) {
        Ok(true) => record.clone(),
        Ok(false) => return Err(FileError::Empty),
        Err(e) => return Err(FileError::Io(e.to_string())),
    };
    let find = |name: &str| {
        header
            .iter()
            .position(|h| decode(h, enc).trim().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| FileError::MissingColumn(name.to_string()))
    };
    let (ci, di, ai) = (
        find(&cols.customer)?,
        find(&cols.date)?,
        find(&cols.amount)?,
    );
    let mut out = ParsedOrders {
        encoding: Some(enc),
        ..Default::default()
    };
    let mut index: HashMap<String, u32> = HashMap::new();
    loop {
        let line = rdr.position().line();
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                out.rows += 1;
                out.errors.push(RowError {
                    line,
                    problem: RowProblem::Malformed(e.to_string()),
                });
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank line
        }
        out.rows += 1;
        let field = |i: usize| record.get(i);
        let (Some(id), Some(date), Some(amount)) = (field(ci), field(di), field(ai)) else {
            out.errors.push(RowError {
                line,
                problem: RowProblem::TooFewFields,
            });
            continue;
        };
        let id = decode(id, enc);
        let id = id.trim();
        if id.is_empty() {
            out.errors.push(RowError {
                line,
                problem: RowProblem::MissingId,
            });
            continue;
        }
        // Dates and amounts are ASCII in every encoding we accept.
        let date_s = String::from_utf8_lossy(date);
        let Some(day) = Day::parse(&date_s) else {
            out.errors.push(RowError {
                line,
                problem: RowProblem::BadDate(date_s.trim().to_string()),
            });
            continue;
        };
        let amount_s = decode(amount, enc);
        let cents = match Cents::parse(&amount_s) {
            Ok(c) => c,
            Err(e) => {
                out.errors.push(RowError {
                    line,
                    problem: RowProblem::BadAmount(amount_s.trim().to_string(), e),
                });
                continue;
            }
        };
        let key = out.key_of(&mut index, id);
        out.orders.push(0, key, day, cents);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_reports_bad_lines_by_number() {
        let csv = "order_id,Customer_ID,order_date,amount,note\n\
                   1,c1,2026-01-05,100.50,hi\n\
                   2,c2,2026/1/6,\"1,200\",\n\
                   3,,2026-01-07,5,\n\
                   \n\
                   4,c1,2026-13-01,5,\n\
                   5,c3,2026-01-08,abc,\n\
                   6,c1,2026-01-09 10:00:00,7,\n";
        let p = read_orders(csv.as_bytes(), &Columns::default()).unwrap();
        assert_eq!(p.ids, vec!["c1", "c2"]);
        assert_eq!(p.orders.len(), 3);
        assert_eq!(p.orders.cents, vec![10_050, 120_000, 700]);
        assert_eq!(p.rows, 6);
        let lines: Vec<(u64, String)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.problem.to_string()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (4, "missing customer id".to_string()),
                (6, "unparsable date \"2026-13-01\"".to_string()),
                (7, "unparsable amount \"abc\": not a number".to_string()),
            ]
        );
    }

    #[test]
    fn line_numbers_count_blank_lines_with_either_terminator() {
        for nl in ["\n", "\r\n"] {
            let csv = [
                "customer_id,order_date,amount",
                "",
                "a,2026-01-01,1",
                "",
                "",
                "b,bad,1",
            ]
            .join(nl);
            let p = read_orders(csv.as_bytes(), &Columns::default()).unwrap();
            assert_eq!(p.errors.len(), 1);
            assert_eq!(p.errors[0].line, 6, "terminator {nl:?}");
        }
    }

    #[test]
    fn gbk_files_and_custom_headers() {
        let text = "客户,日期,金额\r\n王芳,2026-01-05,88\r\n李雷,2026-01-06,12.5\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let cols = Columns {
            customer: "客户".into(),
            date: "日期".into(),
            amount: "金额".into(),
        };
        let p = read_orders(&gbk[..], &cols).unwrap();
        assert_eq!(p.encoding, Some(Encoding::Gb18030));
        assert_eq!(p.ids, vec!["王芳", "李雷"]);
        assert!(p.errors.is_empty());
    }

    #[test]
    fn a_missing_column_is_a_file_error() {
        let e = read_orders("id,date\n1,2026-01-01\n".as_bytes(), &Columns::default());
        assert_eq!(e, Err(FileError::MissingColumn("customer_id".into())));
        assert_eq!(
            read_orders("".as_bytes(), &Columns::default()),
            Err(FileError::Empty)
        );
    }
}
