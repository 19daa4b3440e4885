//! Orders from CSV: one row per order with a customer id, an order date and an amount.

use super::text::{Encoding, LineNormaliser, decode, sniff};
use crate::fxhash::FxHashMap;
use crate::money::MoneyError;
use crate::{Cents, Day, OrderColumns};
use std::borrow::Cow;
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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    /// Not a text file at all (a renamed spreadsheet, an image).
    #[error("not a text file")]
    NotText,
    #[error("no column named {0:?} in the header")]
    MissingColumn(String),
    #[error("cannot read the file: {0}")]
    Io(String),
    /// A zip file (as .xlsx are) whose workbook cannot be read.
    #[error("not a readable .xlsx workbook ({0})")]
    Workbook(String),
    /// Past a limit kehu keeps so that no file can exhaust the browser's memory.
    #[error("{0}")]
    TooLarge(Limit),
}

/// A limit on what a file may hold. A file past one is refused whole, with this as the
/// reason, rather than read until the tab runs out of memory.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize,
)]
pub enum Limit {
    /// A part of a workbook unpacks to more than this many MB.
    #[error("a part of the workbook unpacks to more than {max_mb} MB")]
    Unpacked { max_mb: u64 },
    /// A part of a workbook unpacks to more than this many times its packed size: real
    /// spreadsheets stay far below it, "zip bombs" far above.
    #[error("a part of the workbook is packed more than {max}:1")]
    Ratio { max: u64 },
    /// The workbook's shared text (every distinct cell text, held in memory) is larger.
    #[error("the workbook's text is larger than {max_mb} MB")]
    SharedText { max_mb: u64 },
    #[error("more than {max} columns")]
    Columns { max: usize },
    #[error("more than {max} rows")]
    Rows { max: usize },
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

/// Customer ids to their keys. Hashed with FxHash rather than SipHash: the ids come from
/// the user's own file, and hashing a million of them is a tenth of an import.
pub type IdIndex = FxHashMap<String, u32>;

impl ParsedOrders {
    /// The key of `id`, adding it if new.
    pub fn key_of(&mut self, index: &mut IdIndex, id: &str) -> u32 {
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
///
/// Lines without quotes or stray carriage returns (nearly every line of an export) are
/// split at commas directly; from the first line with either, the csv crate reads the
/// rest. Both give the same fields (quote-free CSV is plain comma splitting), and GBK's
/// multi-byte characters never contain a comma, quote or line end.
pub fn read_orders(input: impl Read, cols: &Columns) -> Result<ParsedOrders, FileError> {
    let io = |e: std::io::Error| FileError::Io(e.to_string());
    let mut input = BufReader::with_capacity(1 << 16, input);
    let enc = sniff(input.fill_buf().map_err(io)?);
    if !enc.ascii_compatible() {
        // UTF-16 (found by its byte-order mark): read as the UTF-8 it decodes to.
        let decoded: Box<dyn Read> = Box::new(super::text::Transcode::new(input, enc));
        let mut parsed = read_orders(decoded, cols)?;
        parsed.encoding = Some(enc);
        return Ok(parsed);
    }
    let sink = Sink::new(enc, cols);
    lines_into(input, sink, 0)?.finish()
}

/// Reads lines from `input` into `sink`; `number` lines came before. Lines without
/// quotes or stray carriage returns are split here; from the first with either, the
/// csv crate reads the rest.
fn lines_into(
    mut input: impl BufRead,
    mut sink: Sink<'_>,
    mut number: u64,
) -> Result<Sink<'_>, FileError> {
    let io = |e: std::io::Error| FileError::Io(e.to_string());
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).map_err(io)? == 0 {
            break;
        }
        number += 1;
        let mut text = &line[..];
        if let [rest @ .., b'\n'] = text {
            text = rest;
        }
        if let [rest @ .., b'\r'] = text {
            text = rest;
        }
        // One pass over the bytes: the field boundaries, and whether a quote or a stray
        // carriage return needs the csv crate (short lines make several passes, each
        // with its set-up, cost more than the splitting itself).
        let wanted = sink.columns.unwrap_or_default();
        let mut fields = [None; 3];
        let mut all: Vec<&[u8]> = Vec::new();
        let (mut field, mut start, mut special) = (0, 0, false);
        for (i, &b) in text.iter().enumerate() {
            match b {
                b',' => {
                    let f = &text[start..i];
                    if sink.columns.is_none() {
                        all.push(f);
                    }
                    for (slot, &w) in fields.iter_mut().zip(&wanted) {
                        if w == field {
                            *slot = Some(f);
                        }
                    }
                    (field, start) = (field + 1, i + 1);
                }
                b'"' | b'\r' => special = true,
                _ => {}
            }
        }
        if special && sink.plain_only {
            sink.special = true;
            return Ok(sink);
        }
        if special {
            // The csv crate from this line on (its line 1 is this one), with normalised
            // line ends to keep its line numbers exact (see LineNormaliser).
            let rest = std::io::Cursor::new(std::mem::take(&mut line)).chain(input);
            return read_csv(LineNormaliser::new(rest), number - 1, sink);
        }
        let last = &text[start..];
        if sink.columns.is_none() {
            all.push(last);
        }
        for (slot, &w) in fields.iter_mut().zip(&wanted) {
            if w == field {
                *slot = Some(last);
            }
        }
        if sink.columns.is_none() {
            sink.header(&all)?;
        } else {
            let blank = text.iter().all(u8::is_ascii_whitespace);
            sink.row(number, blank, fields);
        }
    }
    sink.lines = number;
    Ok(sink)
}

/// An orders file in memory, its header read and its body cut at line ends into pieces
/// that can be read at the same time (on threads of their own: core starts none) and
/// joined into exactly what [`read_orders`] gives.
pub struct Cut<'a> {
    enc: Encoding,
    cols: &'a Columns,
    columns: [usize; 3],
    pieces: Vec<&'a [u8]>,
}

/// A piece of a [`Cut`], read.
pub struct Piece {
    out: ParsedOrders,
    index: IdIndex,
    lines: u64,
    special: bool,
}

/// `data` with its header read and its body cut into `n` pieces of about equal size;
/// `None` when it is not worth cutting or cannot be: a file in UTF-16, with no line
/// after the header, or a quoted header ([`read_orders`] then reads it whole, and says
/// what is wrong with it if anything is). A header without the columns is refused here
/// as there.
pub fn cut<'a>(data: &'a [u8], cols: &'a Columns, n: usize) -> Result<Option<Cut<'a>>, FileError> {
    let enc = sniff(&data[..data.len().min(1 << 16)]);
    let Some(end) = data.iter().position(|&b| b == b'\n') else {
        return Ok(None);
    };
    // A quote or a stray carriage return hands the rest of the file to the csv crate.
    let header = data[..end].strip_suffix(b"\r").unwrap_or(&data[..end]);
    if !enc.ascii_compatible() || header.contains(&b'"') || header.contains(&b'\r') {
        return Ok(None);
    }
    let head = lines_into(&data[..=end], Sink::new(enc, cols), 0)?;
    let Some(columns) = head.columns else {
        return Ok(None);
    };
    let body = &data[end + 1..];
    let mut pieces = Vec::with_capacity(n);
    let mut from = 0;
    for k in 1..n.max(1) {
        let at = (body.len() * k / n).max(from);
        let Some(nl) = body[at..].iter().position(|&b| b == b'\n') else {
            break;
        };
        pieces.push(&body[from..at + nl + 1]);
        from = at + nl + 1;
    }
    pieces.push(&body[from..]);
    Ok(Some(Cut {
        enc,
        cols,
        columns,
        pieces,
    }))
}

impl Cut<'_> {
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Reads piece `i` (any thread may, in any order).
    pub fn read(&self, i: usize) -> Piece {
        let mut sink = Sink::new(self.enc, self.cols);
        sink.columns = Some(self.columns);
        sink.plain_only = true;
        // The first piece's columns will hold every piece's rows (see `join`): room for
        // them now, rather than growing and copying twice.
        if i == 0 {
            sink.out.orders = OrderColumns::with_capacity(self.rows_about());
        }
        // Reading a slice fails only where a piece needs the csv crate, which this one
        // leaves to the whole file's reading.
        match lines_into(self.pieces[i], sink, 0) {
            Ok(s) => Piece {
                out: s.out,
                index: s.index,
                lines: s.lines,
                special: s.special,
            },
            Err(_) => Piece {
                out: ParsedOrders::default(),
                index: IdIndex::default(),
                lines: 0,
                special: true,
            },
        }
    }

    /// About how many lines the body has, from the first piece's first 64 KB.
    fn rows_about(&self) -> usize {
        let first = self.pieces.first().copied().unwrap_or_default();
        let sample = &first[..first.len().min(1 << 16)];
        let lines = sample.iter().filter(|&&b| b == b'\n').count().max(1);
        let bytes: usize = self.pieces.iter().map(|p| p.len()).sum();
        // A little over: a file's later lines may be shorter.
        (bytes / (sample.len() / lines).max(1) * 21 / 20).min(bytes)
    }

    /// The pieces read (in order) as one file's orders: the same customer keys (in
    /// order of first appearance), rows and bad lines (numbered in the whole file) as
    /// [`read_orders`]. `None` when a piece had a line that only the csv crate reads:
    /// read the whole file then.
    pub fn join(&self, pieces: Vec<Piece>) -> Option<ParsedOrders> {
        if pieces.len() != self.pieces.len() || pieces.iter().any(|p| p.special) {
            return None;
        }
        let mut pieces = pieces.into_iter();
        let first = pieces.next()?;
        let (mut out, mut index) = (first.out, first.index);
        out.errors.iter_mut().for_each(|e| e.line += 1);
        // The header's line, then each piece's.
        let mut before = 1 + first.lines;
        let mut left = pieces.len();
        for p in pieces {
            left -= 1;
            // Room first: growing the index as it goes rehashes it whole. After the last
            // piece nothing looks an id up, so its new ones are not indexed.
            if left > 0 {
                index.reserve(p.out.ids.len());
            }
            out.ids.reserve(p.out.ids.len());
            let keys: Vec<u32> = (p.out.ids.into_iter())
                .map(|id| match index.get(&id) {
                    Some(&k) => k,
                    None => {
                        let k = out.ids.len() as u32;
                        if left > 0 {
                            index.insert(id.clone(), k);
                        }
                        out.ids.push(id);
                        k
                    }
                })
                .collect();
            let mut orders = p.out.orders;
            orders
                .customer
                .iter_mut()
                .for_each(|c| *c = keys[*c as usize]);
            out.orders.extend(&orders);
            out.rows += p.out.rows;
            (out.errors).extend(p.out.errors.into_iter().map(|e| RowError {
                line: e.line + before,
                ..e
            }));
            before += p.lines;
        }
        Some(out)
    }
}

/// The csv crate's reading, for lines with quotes; `offset` is the number of lines before
/// `input` starts.
fn read_csv(input: impl Read, offset: u64, mut sink: Sink<'_>) -> Result<Sink<'_>, FileError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    loop {
        let line = rdr.position().line() + offset;
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) if sink.columns.is_none() => return Err(FileError::Io(e.to_string())),
            Err(e) => {
                sink.out.rows += 1;
                sink.out.errors.push(RowError {
                    line,
                    problem: RowProblem::Malformed(e.to_string()),
                });
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line() + offset);
        match sink.columns {
            None => sink.header(&record.iter().collect::<Vec<_>>())?,
            Some(c) => {
                let blank = record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace));
                sink.row(line, blank, c.map(|i| record.get(i)));
            }
        }
    }
    Ok(sink)
}

/// Where rows go, from either reader.
struct Sink<'a> {
    out: ParsedOrders,
    enc: Encoding,
    wanted: &'a Columns,
    /// Positions of the id, date and amount columns, once the header is read.
    columns: Option<[usize; 3]>,
    index: IdIndex,
    /// Exports are often sorted by customer: the previous row's raw id and key, checked
    /// before any decoding or hashing.
    previous: Option<(Vec<u8>, u32)>,
    /// A piece of a cut file ([`Cut`]): a line that needs the csv crate stops the reading
    /// and sets `special`, since a quote may hide a line end the cut went through.
    plain_only: bool,
    special: bool,
    /// Lines read.
    lines: u64,
}

impl<'a> Sink<'a> {
    fn new(enc: Encoding, wanted: &'a Columns) -> Sink<'a> {
        Sink {
            out: ParsedOrders {
                encoding: Some(enc),
                ..Default::default()
            },
            enc,
            wanted,
            columns: None,
            index: IdIndex::default(),
            previous: None,
            plain_only: false,
            special: false,
            lines: 0,
        }
    }

    fn header(&mut self, fields: &[&[u8]]) -> Result<(), FileError> {
        let find = |name: &str| {
            fields
                .iter()
                .position(|h| decode(h, self.enc).trim().eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| FileError::MissingColumn(name.to_string()))
        };
        self.columns = Some([
            find(&self.wanted.customer)?,
            find(&self.wanted.date)?,
            find(&self.wanted.amount)?,
        ]);
        Ok(())
    }

    /// One data line: its number, whether it is blank, and its id, date and amount fields
    /// (`None` where the line is too short).
    fn row(&mut self, line: u64, blank: bool, fields: [Option<&[u8]>; 3]) {
        if blank {
            return;
        }
        let out = &mut self.out;
        out.rows += 1;
        let fail = |out: &mut ParsedOrders, problem| out.errors.push(RowError { line, problem });
        let [Some(id), Some(date), Some(amount)] = fields else {
            return fail(out, RowProblem::TooFewFields);
        };
        let known = match &self.previous {
            Some((raw, key)) if raw.as_slice() == id => Some(*key),
            _ => None,
        };
        let id_text = match known {
            Some(_) => Cow::Borrowed(""),
            None => decode(id, self.enc),
        };
        let id_text = id_text.trim();
        if known.is_none() && id_text.is_empty() {
            return fail(out, RowProblem::MissingId);
        }
        // Dates and amounts are ASCII in every encoding we accept.
        let day = match Day::parse_iso(date) {
            Some(d) => d,
            None => {
                let date_s = String::from_utf8_lossy(date);
                match Day::parse(&date_s) {
                    Some(d) => d,
                    None => return fail(out, RowProblem::BadDate(date_s.trim().to_string())),
                }
            }
        };
        let cents = match Cents::parse_plain(amount) {
            Some(c) => c,
            None => {
                let amount_s = decode(amount, self.enc);
                match Cents::parse(&amount_s) {
                    Ok(c) => c,
                    Err(e) => {
                        return fail(out, RowProblem::BadAmount(amount_s.trim().to_string(), e));
                    }
                }
            }
        };
        let key = match known {
            Some(k) => k,
            None => {
                let k = out.key_of(&mut self.index, id_text);
                let (raw, key) = self.previous.get_or_insert_with(|| (Vec::new(), 0));
                raw.clear();
                raw.extend_from_slice(id);
                *key = k;
                k
            }
        };
        out.orders.push(0, key, day, cents);
    }

    fn finish(self) -> Result<ParsedOrders, FileError> {
        if self.columns.is_none() {
            return Err(FileError::Empty);
        }
        Ok(self.out)
    }
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
    fn a_file_is_cut_only_where_its_header_reads_plainly() {
        let cols = Columns::default();
        let cut_of = |text: &str| cut(text.as_bytes(), &cols, 2).map(|c| c.map(|c| c.len()));
        assert_eq!(
            cut_of("id,date\n1,2026-01-01\n"),
            Err(FileError::MissingColumn("customer_id".into()))
        );
        assert_eq!(cut_of(""), Ok(None), "empty: read whole, which says so");
        assert_eq!(cut_of("customer_id,order_date,amount"), Ok(None));
        assert_eq!(
            cut_of("\"customer_id\",order_date,amount\na,2026-01-01,1\n"),
            Ok(None)
        );
        let body = "a,2026-01-01,1\n".repeat(10);
        assert_eq!(
            cut_of(&format!("customer_id,order_date,amount\r\n{body}")),
            Ok(Some(2))
        );
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

    proptest::proptest! {
        /// Quoting fields (which hands the rest of the file to the csv crate) changes
        /// nothing: the same orders, ids, and bad lines at the same line numbers.
        #[test]
        fn quoted_or_not_the_same_result(
            rows in proptest::collection::vec(
                (0usize..4, 0usize..3, 0usize..3, proptest::bool::ANY, 0usize..4),
                1..40,
            ),
            crlf in proptest::bool::ANY,
        ) {
            let ids = ["c1", "c2", "", " c3 "];
            let dates = ["2026-01-05", "2026/2/1", "bad"];
            let amounts = ["10", "0.5", "x"];
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut plain = format!("customer_id,order_date,amount{nl}");
            let mut quoted = plain.clone();
            for (i, &(id, date, amount, quote, blank)) in rows.iter().enumerate() {
                if blank == 0 {
                    plain.push_str(nl);
                    quoted.push_str(nl);
                }
                let line = format!("{},{},{}{nl}", ids[id], dates[date], amounts[amount]);
                plain.push_str(&line);
                if quote && i % 3 == 0 {
                    quoted.push_str(&format!(
                        "\"{}\",{},\"{}\"{nl}",
                        ids[id], dates[date], amounts[amount]
                    ));
                } else {
                    quoted.push_str(&line);
                }
            }
            let a = read_orders(plain.as_bytes(), &Columns::default()).unwrap();
            let b = read_orders(quoted.as_bytes(), &Columns::default()).unwrap();
            proptest::prop_assert_eq!(a, b);
        }

        /// A file cut into pieces, read piece by piece and joined, is what reading it
        /// whole gives (keys, rows, bad lines and their numbers); a piece with a quote
        /// or a stray carriage return sends it back to be read whole.
        #[test]
        fn cut_or_whole_the_same_result(
            rows in proptest::collection::vec(
                (0usize..6, 0usize..3, 0usize..3, 0usize..6),
                0..60,
            ),
            crlf in proptest::bool::ANY,
            pieces in 1usize..5,
            odd in proptest::option::of((0usize..60, 0usize..2)),
        ) {
            let ids = ["c1", "c2", "", " c3 ", "c4", "c5"];
            let dates = ["2026-01-05", "2026/2/1", "bad"];
            let amounts = ["10", "0.5", "x"];
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut file = format!("customer_id,order_date,amount{nl}");
            for (i, &(id, date, amount, blank)) in rows.iter().enumerate() {
                if blank == 0 {
                    file.push_str(nl);
                }
                let (id, date, amount) = (ids[id], dates[date], amounts[amount]);
                match odd {
                    Some((at, 0)) if at == i => file.push_str(&format!("\"{id}\",{date},{amount}{nl}")),
                    Some((at, _)) if at == i => file.push_str(&format!("{id}\r,{date},{amount}{nl}")),
                    _ => file.push_str(&format!("{id},{date},{amount}{nl}")),
                }
            }
            let cols = Columns::default();
            let whole = read_orders(file.as_bytes(), &cols);
            let cut = cut(file.as_bytes(), &cols, pieces).unwrap().expect("a plain header");
            let read = (0..cut.len()).map(|i| cut.read(i)).collect();
            match cut.join(read) {
                Some(joined) => proptest::prop_assert_eq!(Ok(joined), whole),
                None => proptest::prop_assert!(odd.is_some_and(|(at, _)| at < rows.len())),
            }
        }
    }
}
