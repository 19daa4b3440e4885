//! Orders from CSV: one row per order with a customer id, an order date and an amount.

use super::text::{Encoding, LineNormaliser, decode, sniff};
use crate::money::MoneyError;
use crate::{Cents, Day, OrderColumns};
use std::borrow::Cow;
use std::io::Read;

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

/// Customer ids to their keys, the ids themselves kept once, in [`ParsedOrders::ids`].
/// Each entry is the id's hash and its key: a new id costs one allocation (its place in
/// `ids`), and growing the table moves 8-byte entries without hashing any id again.
/// Hashed with FxHash rather than SipHash: the ids come from the user's own file, and
/// hashing a million of them is a tenth of an import.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    table: hashbrown::HashTable<(u32, u32)>,
}

impl IdIndex {
    /// The index of these ids (`ids[key]` is key's id).
    pub fn of(ids: &[String]) -> IdIndex {
        let mut index = IdIndex::default();
        index.reserve(ids.len());
        for (k, id) in ids.iter().enumerate() {
            index.add(hash(id), k as u32);
        }
        index
    }

    /// The key of `id` among `ids`, the ids this index was built from.
    pub fn get(&self, ids: &[String], id: &str) -> Option<u32> {
        self.find(ids, hash(id), id)
    }

    fn find(&self, ids: &[String], h: u32, id: &str) -> Option<u32> {
        let same = |e: &(u32, u32)| e.0 == h && ids[e.1 as usize] == id;
        self.table.find(wide(h), same).map(|e| e.1)
    }

    fn add(&mut self, h: u32, key: u32) {
        self.table.insert_unique(wide(h), (h, key), |e| wide(e.0));
    }

    fn reserve(&mut self, more: usize) {
        self.table.reserve(more, |e| wide(e.0));
    }
}

/// An id's hash, 32 bits of FxHash: enough to tell apart the ids of any file that fits
/// in memory (a clash only costs a comparison of the texts).
fn hash(id: &str) -> u32 {
    (crate::fxhash::hash_str(id) >> 32) as u32
}

/// The 32-bit hash as the table wants it: hashbrown finds the bucket from the low bits
/// and tags entries with the top 7 (of 64 bits natively, of 32 in wasm), so both halves
/// must carry it.
fn wide(h: u32) -> u64 {
    (h as u64) << 32 | h as u64
}

impl ParsedOrders {
    /// The key of `id`, adding it if new.
    pub fn key_of(&mut self, index: &mut IdIndex, id: &str) -> u32 {
        let h = hash(id);
        if let Some(k) = index.find(&self.ids, h, id) {
            return k;
        }
        let k = self.ids.len() as u32;
        self.ids.push(id.to_string());
        index.add(h, k);
        k
    }
}

/// Reads orders from a CSV file in memory, UTF-8, GBK or UTF-16 (sniffed). Extra columns are ignored; a
/// bad row is recorded and skipped, never the end of the run.
///
/// Lines without quotes or stray carriage returns (nearly every line of an export) are
/// split at commas directly; from the first line with either, the csv crate reads the
/// rest. Both give the same fields (quote-free CSV is plain comma splitting), and GBK's
/// multi-byte characters never contain a comma, quote or line end.
pub fn read_orders(data: &[u8], cols: &Columns) -> Result<ParsedOrders, FileError> {
    let enc = sniff(&data[..data.len().min(1 << 16)]);
    if !enc.ascii_compatible() {
        // UTF-16 (found by its byte-order mark): read as the UTF-8 it decodes to.
        let mut decoded = Vec::with_capacity(data.len());
        super::text::Transcode::new(data, enc)
            .read_to_end(&mut decoded)
            .map_err(|e| FileError::Io(e.to_string()))?;
        let mut parsed = read_orders(&decoded, cols)?;
        parsed.encoding = Some(enc);
        return Ok(parsed);
    }
    let mut sink = Sink::new(enc, cols);
    sink.out.orders = OrderColumns::with_capacity(rows_about(data, data.len()));
    lines_into(data, sink, 0)?.finish()
}

/// About how many lines `bytes` of text starting with `first` have, from its first
/// 64 KB: a little over, since a file's later lines may be shorter, yet never more than
/// the shortest order line (`a,2026/1/1,1` and its line end) allows, so that a file of
/// blank lines reserves nothing much.
fn rows_about(first: &[u8], bytes: usize) -> usize {
    const SHORTEST: usize = 13;
    let sample = &first[..first.len().min(1 << 16)];
    let lines = memchr::memchr_iter(b'\n', sample).count().max(1);
    (bytes / (sample.len() / lines).max(1) * 21 / 20).min(bytes / SHORTEST)
}

/// Reads the lines of `data` into `sink`; `number` lines came before. Plain lines (no
/// quote, no carriage return but before a line end) are split here; from the first line
/// that is not, the csv crate reads the rest, or a piece of a cut file stops there.
fn lines_into<'s>(data: &[u8], mut sink: Sink<'s>, mut number: u64) -> Result<Sink<'s>, FileError> {
    // Where plain lines end, found before any is read: one pass at memory speed
    // (vectorised by memchr) rather than a test of every byte in the splitting.
    let plain = plain_until(data);
    let mut lines = Lines {
        data: &data[..plain],
    };
    if sink.columns.is_none()
        && let Some(text) = lines.next()
    {
        number += 1;
        sink.header(&text.split(|&b| b == b',').collect::<Vec<_>>())?;
    }
    if let Some(wanted) = sink.columns {
        for text in lines {
            number += 1;
            // A spreadsheet's empty row is saved as commas alone: blank, as the csv
            // crate's reading has it (every field empty).
            let blank = text.iter().all(|&b| b == b',' || b.is_ascii_whitespace());
            sink.row(number, blank, split(text, wanted));
        }
    }
    if plain < data.len() {
        if sink.plain_only {
            sink.special = true;
            return Ok(sink);
        }
        // The csv crate from here on, with normalised line ends to keep its line
        // numbers exact (see LineNormaliser).
        return read_csv(LineNormaliser::new(&data[plain..]), number, sink);
    }
    sink.lines = number;
    Ok(sink)
}

/// Where the first line with a quote or a stray carriage return (one not right before
/// a line end, or the end) starts; the length of `data` when every line is plain.
fn plain_until(data: &[u8]) -> usize {
    for at in memchr::memchr2_iter(b'"', b'\r', data) {
        if data[at] == b'\r' && matches!(data.get(at + 1), None | Some(b'\n')) {
            continue;
        }
        return memchr::memrchr(b'\n', &data[..at]).map_or(0, |nl| nl + 1);
    }
    data.len()
}

/// The lines of plain text, without their line ends (`\n` or `\r\n`); a last line
/// without one counts, an empty end does not.
struct Lines<'a> {
    data: &'a [u8],
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.data.is_empty() {
            return None;
        }
        let (line, rest) = match memchr::memchr(b'\n', self.data) {
            Some(nl) => (&self.data[..nl], &self.data[nl + 1..]),
            None => (self.data, &self.data[self.data.len()..]),
        };
        self.data = rest;
        Some(line.strip_suffix(b"\r").unwrap_or(line))
    }
}

/// The fields at `wanted` of a plain line, `None` where the line is too short. The
/// splitting stops after the last field wanted.
fn split(text: &[u8], wanted: [usize; 3]) -> [Option<&[u8]>; 3] {
    let last = wanted.into_iter().max().unwrap_or(0);
    let mut fields = [None; 3];
    let (mut field, mut start) = (0, 0);
    // A byte loop: fields are short, and memchr's set-up per call costs more than it
    // saves on them.
    let commas = text.iter().enumerate().filter(|(_, b)| **b == b',');
    for end in commas.map(|(i, _)| i).chain([text.len()]) {
        for (slot, &w) in fields.iter_mut().zip(&wanted) {
            if w == field {
                *slot = Some(&text[start..end]);
            }
        }
        if field == last {
            break;
        }
        (field, start) = (field + 1, end + 1);
    }
    fields
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

    /// About how many lines the body has (see [`rows_about`]).
    fn rows_about(&self) -> usize {
        let first = self.pieces.first().copied().unwrap_or_default();
        rows_about(first, self.pieces.iter().map(|p| p.len()).sum())
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
                .map(|id| {
                    let h = hash(&id);
                    match index.find(&out.ids, h, &id) {
                        Some(k) => k,
                        None => {
                            let k = out.ids.len() as u32;
                            if left > 0 {
                                index.add(h, k);
                            }
                            out.ids.push(id);
                            k
                        }
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
    fn ids_keep_their_first_key_and_are_found_again() {
        let mut p = ParsedOrders::default();
        let mut index = IdIndex::default();
        let keys: Vec<u32> = ["b", "a", "b", "c", "a"]
            .iter()
            .map(|id| p.key_of(&mut index, id))
            .collect();
        assert_eq!(keys, [0, 1, 0, 2, 1]);
        assert_eq!(p.ids, ["b", "a", "c"]);
        let again = IdIndex::of(&p.ids);
        assert_eq!(again.get(&p.ids, "c"), Some(2));
        assert_eq!(again.get(&p.ids, "d"), None);
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

        /// The splitting of plain lines reads every file as the csv crate alone reads
        /// it: wide or short lines, columns in any order, blank lines, either line end,
        /// a last line with or without one, and a stray quote or carriage return (from
        /// which the csv crate reads on) anywhere.
        #[test]
        fn plain_splitting_reads_as_the_csv_crate(
            order in proptest::sample::select(vec![[0, 1, 2], [2, 0, 1], [1, 3, 0]]),
            rows in proptest::collection::vec(
                proptest::collection::vec(0usize..8, 0..6),
                0..40,
            ),
            crlf in proptest::bool::ANY,
            last_nl in proptest::bool::ANY,
        ) {
            let cells = ["c1", " c2 ", "", "2026-01-05", "10.5", "x", "a\"b", "c\rd"];
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut names = ["note"; 4];
            for (name, &at) in ["customer_id", "order_date", "amount"].iter().zip(&order) {
                names[at] = name;
            }
            let mut file = names.join(",");
            for row in &rows {
                file.push_str(nl);
                let fields: Vec<&str> = row.iter().map(|&c| cells[c]).collect();
                file.push_str(&fields.join(","));
            }
            if last_nl {
                file.push_str(nl);
            }
            let cols = Columns::default();
            let ours = read_orders(file.as_bytes(), &cols);
            let sink = Sink::new(sniff(file.as_bytes()), &cols);
            let csv_alone = read_csv(LineNormaliser::new(file.as_bytes()), 0, sink)
                .and_then(|s| s.finish());
            proptest::prop_assert_eq!(ours, csv_alone);
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
