//! The first sheet of an XLSX workbook as CSV text, streamed: the sheet's XML is inflated
//! and scanned as it is read, and each row comes out as one CSV line (empty rows as
//! empty lines, so line numbers are the sheet's row numbers). An import then reads a
//! workbook with the same row reader, planner and error report as a CSV file.
//!
//! What is read: shared strings (rich text joined, phonetic guides left out), inline
//! strings, formula results, numbers (in their shortest form: Excel's dates are serial
//! days, which the date parser reads), booleans as 1/0, error values as written. Only
//! the first sheet, as Excel lists it.

use super::orders::{FileError, Limit};
use std::io::Read;
use std::sync::Arc;

/// Excel's last row number.
pub const MAX_ROWS: usize = 1 << 20;
/// Excel's last column (XFD).
pub const MAX_COLUMNS: usize = 1 << 14;
/// The most any part of a workbook may unpack to. The sheet is streamed, so this is a
/// bound on time, not memory; zip without its 64-bit extension stops at 4 GB anyway.
const MAX_UNPACKED_MB: u64 = 2_048;
/// The most a part may unpack to per packed byte. Spreadsheet XML packs 5 to 20 times;
/// a "zip bomb" packs thousands of times.
const MAX_RATIO: u64 = 200;
/// The most shared text (held in memory while the sheet is read).
const MAX_SHARED_MB: u64 = 256;

const MB: u64 = 1 << 20;

/// Whether `head` (a file's first bytes) is a zip archive, as every XLSX is.
pub fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
}

fn bad(what: &str) -> FileError {
    FileError::Workbook(what.to_string())
}

// Offsets come from the file: every sum is checked (usize is 32 bits in wasm).
fn u16_at(d: &[u8], i: usize) -> Option<usize> {
    Some(u16::from_le_bytes(d.get(i..i.checked_add(2)?)?.try_into().ok()?) as usize)
}

fn u32_at(d: &[u8], i: usize) -> Option<usize> {
    Some(u32::from_le_bytes(d.get(i..i.checked_add(4)?)?.try_into().ok()?) as usize)
}

struct Entry {
    name: String,
    method: usize,
    offset: usize,
    size: usize,
    /// What it says it unpacks to (checked as it unpacks).
    unpacked: usize,
}

/// Bytes of a shared buffer, as a `Read`.
struct Slice {
    data: Arc<[u8]>,
    pos: usize,
    end: usize,
}

impl Read for Slice {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = out.len().min(self.end - self.pos);
        out[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// A zip archive's entries (the central directory), over the whole file in memory.
struct Zip {
    data: Arc<[u8]>,
    entries: Vec<Entry>,
}

impl Zip {
    fn open(data: Arc<[u8]>) -> Result<Zip, FileError> {
        let d = &data[..];
        // The end record is in the last 64 KB + 22 bytes (after it only a comment).
        let from = d.len().saturating_sub(65_557);
        let end = (from..d.len().saturating_sub(21))
            .rev()
            .find(|&i| d[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
            .ok_or_else(|| bad("no zip directory"))?;
        let count = u16_at(d, end + 10).ok_or_else(|| bad("zip directory"))?;
        let mut at = u32_at(d, end + 16).ok_or_else(|| bad("zip directory"))?;
        let mut entries = Vec::with_capacity(count);
        for _ in 0..count {
            let field = |i: usize, w: usize| {
                let i = at.checked_add(i)?;
                if w == 2 { u16_at(d, i) } else { u32_at(d, i) }
            };
            if d.get(at..at + 4) != Some(&[0x50, 0x4b, 0x01, 0x02]) {
                return Err(bad("zip directory entry"));
            }
            let (Some(method), Some(size), Some(unpacked), Some(n), Some(x), Some(c), Some(local)) = (
                field(10, 2),
                field(20, 4),
                field(24, 4),
                field(28, 2),
                field(30, 2),
                field(32, 2),
                field(42, 4),
            ) else {
                return Err(bad("zip directory entry"));
            };
            let name = d.get(at + 46..at + 46 + n).ok_or_else(|| bad("zip name"))?;
            let (Some(ln), Some(lx)) = (
                local.checked_add(26).and_then(|i| u16_at(d, i)),
                local.checked_add(28).and_then(|i| u16_at(d, i)),
            ) else {
                return Err(bad("zip entry"));
            };
            let offset = local
                .checked_add(30 + ln + lx)
                .filter(|o| o.checked_add(size).is_some_and(|end| end <= d.len()))
                .ok_or_else(|| bad("zip entry past the end"))?;
            entries.push(Entry {
                name: String::from_utf8_lossy(name).replace('\\', "/"),
                method,
                offset,
                size,
                unpacked,
            });
            at += 46 + n + x + c;
        }
        Ok(Zip { data, entries })
    }

    fn entry(&self, name: &str) -> Result<&Entry, FileError> {
        self.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| bad(name))
    }

    /// An entry's content, unpacked as it is read. Refused before reading when what it
    /// says it unpacks to is past the limits; cut off (as damage) should it unpack to
    /// more than it says.
    fn reader(&self, name: &str) -> Result<Box<dyn Read>, FileError> {
        let e = self.entry(name)?;
        let unpacked = e.unpacked as u64;
        if unpacked > MAX_UNPACKED_MB * MB {
            return Err(FileError::TooLarge(Limit::Unpacked {
                max_mb: MAX_UNPACKED_MB,
            }));
        }
        if unpacked > MB && unpacked > e.size as u64 * MAX_RATIO {
            return Err(FileError::TooLarge(Limit::Ratio { max: MAX_RATIO }));
        }
        let raw = Slice {
            data: self.data.clone(),
            pos: e.offset,
            end: e.offset + e.size,
        };
        let inner: Box<dyn Read> = match e.method {
            0 => Box::new(raw),
            8 => Box::new(flate2::read::DeflateDecoder::new(raw)),
            _ => return Err(bad("compression method")),
        };
        Ok(Box::new(Capped {
            inner,
            left: unpacked,
            failed: false,
        }))
    }

    fn text(&self, name: &str) -> Result<String, FileError> {
        let mut s = String::new();
        self.reader(name)?
            .read_to_string(&mut s)
            .map_err(|e| bad(&e.to_string()))?;
        Ok(s)
    }
}

/// An entry's content, no longer than it said: one byte more is damage (or a forged
/// size), reported once; after an error it reads as ended, so no reader loops on it.
struct Capped {
    inner: Box<dyn Read>,
    left: u64,
    failed: bool,
}

impl Read for Capped {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.failed {
            return Ok(0);
        }
        let n = match self.inner.read(out) {
            Ok(n) => n,
            Err(e) => {
                self.failed = true;
                return Err(e);
            }
        };
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => {
                self.failed = true;
                Err(std::io::Error::other("a part unpacks to more than it says"))
            }
        }
    }
}

/// One piece of XML.
#[derive(Debug, PartialEq)]
enum Ev {
    /// A start tag: local name, the attribute text, and whether it closes itself.
    Open(String, String, bool),
    Close(String),
    Text(String),
}

/// A pull scanner for the plain XML spreadsheets are written in.
struct Xml<R: Read> {
    input: R,
    buf: Vec<u8>,
    at: usize,
    eof: bool,
}

impl<R: Read> Xml<R> {
    fn new(input: R) -> Self {
        Xml {
            input,
            buf: Vec::new(),
            at: 0,
            eof: false,
        }
    }

    /// Makes at least `n` bytes available from `at`, unless the input ends.
    fn fill(&mut self, n: usize) -> std::io::Result<()> {
        while self.buf.len() - self.at < n && !self.eof {
            if self.at > 0 {
                self.buf.drain(..self.at);
                self.at = 0;
            }
            let len = self.buf.len();
            self.buf.resize(len + 64 * 1024, 0);
            let got = self.input.read(&mut self.buf[len..])?;
            self.buf.truncate(len + got);
            self.eof = got == 0;
        }
        Ok(())
    }

    /// The bytes up to `end` (exclusive), consumed with it; `None` at the input's end.
    fn until(&mut self, end: &[u8]) -> std::io::Result<Option<Vec<u8>>> {
        let mut from = 0;
        loop {
            let hay = &self.buf[self.at..];
            if let Some(i) = hay[from.min(hay.len())..]
                .windows(end.len())
                .position(|w| w == end)
            {
                let i = from + i;
                let out = hay[..i].to_vec();
                self.at += i + end.len();
                return Ok(Some(out));
            }
            if self.eof {
                return Ok(None);
            }
            from = hay.len().saturating_sub(end.len());
            let want = self.buf.len() - self.at + 1;
            self.fill(want)?;
        }
    }

    fn next(&mut self) -> std::io::Result<Option<Ev>> {
        loop {
            self.fill(1)?;
            if self.at == self.buf.len() {
                return Ok(None);
            }
            if self.buf[self.at] != b'<' {
                let text = match self.until(b"<")? {
                    Some(t) => {
                        self.at -= 1; // leave the '<' for the next tag
                        t
                    }
                    None => {
                        let t = self.buf[self.at..].to_vec();
                        self.at = self.buf.len();
                        t
                    }
                };
                return Ok(Some(Ev::Text(unescape(&String::from_utf8_lossy(&text)))));
            }
            self.fill(9)?;
            let rest = &self.buf[self.at..];
            if rest.starts_with(b"<!--") {
                self.until(b"-->")?;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                self.at += 9;
                let t = self.until(b"]]>")?.unwrap_or_default();
                return Ok(Some(Ev::Text(String::from_utf8_lossy(&t).into_owned())));
            }
            self.at += 1;
            let Some(tag) = self.until(b">")? else {
                return Ok(None);
            };
            let tag = String::from_utf8_lossy(&tag);
            if tag.starts_with('?') || tag.starts_with('!') {
                continue;
            }
            if let Some(name) = tag.strip_prefix('/') {
                return Ok(Some(Ev::Close(local(name.trim()).to_string())));
            }
            let empty = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
            return Ok(Some(Ev::Open(
                local(name).to_string(),
                attrs.to_string(),
                empty,
            )));
        }
    }
}

/// A name without its namespace prefix (`x:row` is `row`).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of attribute `key` (without prefix) in a tag's attribute text.
fn attr(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let end = after[1..].find(quote)? + 1;
        if local(name) == key {
            return Some(unescape(&after[1..end]));
        }
        rest = &after[end + 1..];
    }
    None
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The zero-based column of a cell reference (`B7` is 1).
fn column(r: &str) -> Option<usize> {
    let letters: Vec<u8> = r.bytes().take_while(u8::is_ascii_alphabetic).collect();
    // Columns end at XFD; a longer run of letters is damage (and would overflow).
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let n = letters.iter().fold(0usize, |n, b| {
        n * 26 + (b.to_ascii_uppercase() - b'A' + 1) as usize
    });
    Some(n - 1)
}

fn shared_strings(zip: &Zip) -> Result<Vec<String>, FileError> {
    let Ok(entry) = zip.entry("xl/sharedStrings.xml") else {
        return Ok(Vec::new());
    };
    // Held in memory whole (cells refer to them by number), so bounded more tightly.
    if entry.unpacked as u64 > MAX_SHARED_MB * MB {
        return Err(FileError::TooLarge(Limit::SharedText {
            max_mb: MAX_SHARED_MB,
        }));
    }
    let r = zip.reader("xl/sharedStrings.xml")?;
    let io = |e: std::io::Error| bad(&e.to_string());
    let mut xml = Xml::new(r);
    let mut all = Vec::new();
    let (mut cur, mut in_t, mut phonetic) = (String::new(), false, 0);
    while let Some(ev) = xml.next().map_err(io)? {
        match ev {
            Ev::Open(n, _, empty) => match n.as_str() {
                "si" if !empty => cur.clear(),
                "si" => all.push(String::new()),
                "t" => in_t = !empty,
                "rPh" if !empty => phonetic += 1,
                _ => {}
            },
            Ev::Close(n) => match n.as_str() {
                "si" => all.push(std::mem::take(&mut cur)),
                "t" => in_t = false,
                "rPh" => phonetic -= 1,
                _ => {}
            },
            Ev::Text(t) if in_t && phonetic == 0 => cur.push_str(&t),
            Ev::Text(_) => {}
        }
    }
    Ok(all)
}

/// The path of the first sheet, as the workbook lists its sheets.
fn first_sheet_path(zip: &Zip) -> Result<String, FileError> {
    let fallback = "xl/worksheets/sheet1.xml".to_string();
    let (Ok(book), Ok(rels)) = (
        zip.text("xl/workbook.xml"),
        zip.text("xl/_rels/workbook.xml.rels"),
    ) else {
        return Ok(fallback);
    };
    let tags = |text: &str, name: &str| -> Vec<String> {
        let mut xml = Xml::new(text.as_bytes());
        let mut out = Vec::new();
        while let Ok(Some(ev)) = xml.next() {
            if let Ev::Open(n, a, _) = ev
                && n == name
            {
                out.push(a);
            }
        }
        out
    };
    let Some(id) = tags(&book, "sheet").first().and_then(|a| attr(a, "id")) else {
        return Ok(fallback);
    };
    let target = tags(&rels, "Relationship")
        .into_iter()
        .find(|a| attr(a, "Id").as_deref() == Some(id.as_str()))
        .and_then(|a| attr(&a, "Target"));
    Ok(match target {
        Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_string(),
        Some(t) => format!("xl/{t}"),
        None => fallback,
    })
}

/// The first sheet of the workbook in `data`, as CSV (UTF-8, commas, CRLF).
pub fn first_sheet(data: Arc<[u8]>) -> Result<SheetCsv, FileError> {
    let zip = Zip::open(data)?;
    let shared = shared_strings(&zip)?;
    let path = first_sheet_path(&zip)?;
    let xml = Xml::new(zip.reader(&path)?);
    Ok(SheetCsv {
        xml,
        shared,
        out: Vec::new(),
        at: 0,
        rows: 0,
        done: false,
    })
}

/// A sheet's rows as CSV text, produced as it is read.
pub struct SheetCsv {
    xml: Xml<Box<dyn Read>>,
    shared: Vec<String>,
    out: Vec<u8>,
    at: usize,
    /// Rows written so far (the next row's number is this + 1).
    rows: usize,
    done: bool,
}

impl SheetCsv {
    /// Reads up to the next row end and writes it (after empty lines for skipped rows).
    fn next_row(&mut self) -> std::io::Result<()> {
        let mut cells: Vec<String> = Vec::new();
        let mut number = None;
        let (mut col, mut kind) = (0usize, String::new());
        let (mut value, mut in_value, mut in_t) = (String::new(), false, false);
        loop {
            let Some(ev) = self.xml.next()? else {
                self.done = true;
                return Ok(());
            };
            match ev {
                Ev::Open(n, a, empty) => match n.as_str() {
                    "row" => {
                        number = attr(&a, "r").and_then(|r| r.parse::<usize>().ok());
                        cells.clear();
                        col = 0;
                        if empty {
                            break;
                        }
                    }
                    "c" => {
                        if let Some(c) = attr(&a, "r").and_then(|r| column(&r)) {
                            col = c;
                        }
                        kind = attr(&a, "t").unwrap_or_default();
                        value.clear();
                        if empty {
                            col += 1;
                        }
                    }
                    "v" => in_value = !empty,
                    "t" => in_t = !empty,
                    _ => {}
                },
                Ev::Close(n) => match n.as_str() {
                    "v" => in_value = false,
                    "t" => in_t = false,
                    "c" => {
                        if col >= MAX_COLUMNS {
                            return Err(limit(Limit::Columns { max: MAX_COLUMNS }));
                        }
                        let text = cell_text(&kind, &value, &self.shared);
                        if cells.len() <= col {
                            cells.resize(col + 1, String::new());
                        }
                        cells[col] = text;
                        col += 1;
                    }
                    "row" => break,
                    "sheetData" => {
                        self.done = true;
                        return Ok(());
                    }
                    _ => {}
                },
                Ev::Text(t) if in_value || (in_t && kind == "inlineStr") => value.push_str(&t),
                Ev::Text(_) => {}
            }
        }
        let number = number.unwrap_or(self.rows + 1).max(self.rows + 1);
        if number > MAX_ROWS {
            return Err(limit(Limit::Rows { max: MAX_ROWS }));
        }
        for _ in self.rows + 1..number {
            self.out.extend_from_slice(b"\r\n");
        }
        self.rows = number;
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            if c.contains([',', '"', '\r', '\n']) {
                self.out.push(b'"');
                self.out
                    .extend_from_slice(c.replace('"', "\"\"").as_bytes());
                self.out.push(b'"');
            } else {
                self.out.extend_from_slice(c.as_bytes());
            }
        }
        self.out.extend_from_slice(b"\r\n");
        Ok(())
    }
}

/// A limit reached while the sheet streams, as the I/O error the row reader passes on
/// (it finds the [`Limit`] inside and stops the file).
fn limit(l: Limit) -> std::io::Error {
    std::io::Error::other(l)
}

/// A cell's text from its type and raw value.
fn cell_text(kind: &str, v: &str, shared: &[String]) -> String {
    match kind {
        "s" => v
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(i))
            .cloned()
            .unwrap_or_default(),
        "inlineStr" | "str" | "e" | "d" => v.to_string(),
        // Numbers to the 15 significant digits Excel shows (it stores 0.1 + 0.2 as
        // 0.30000000000000004), in their shortest form.
        _ => match v.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => {
                let shown: f64 = format!("{x:.14e}").parse().unwrap_or(x);
                format!("{shown}")
            }
            _ => v.to_string(),
        },
    }
}

impl Read for SheetCsv {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.out.clear();
            self.at = 0;
            if let Err(e) = self.next_row() {
                // Once failed, ended: the row reader must not ask again and again.
                self.done = true;
                return Err(e);
            }
        }
        let n = out.len().min(self.out.len() - self.at);
        out[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::borrow::Cow;

    fn csv_of(book: Vec<u8>) -> String {
        let mut s = String::new();
        first_sheet(book.into())
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn kehus_own_workbook_reads_back() {
        let book = crate::xlsx::workbook(
            "客户",
            &["姓名", "金额", "备注"],
            vec![
                vec![
                    Cow::from("王芳"),
                    Cow::from("1234.5"),
                    Cow::from("a, \"b\""),
                ],
                vec![Cow::from("<b>&"), Cow::from("-3"), Cow::from("")],
            ],
        );
        assert_eq!(
            csv_of(book),
            "姓名,金额,备注\r\n王芳,1234.5,\"a, \"\"b\"\"\"\r\n<b>&,-3\r\n"
        );
    }

    #[test]
    fn a_workbook_saved_by_openpyxl_reads_with_dates_gaps_and_rich_text() {
        // tests/data/make_xlsx_fixture.py writes it (deflated parts, inline strings, a
        // date cell, a skipped row, rich text in two runs, a second sheet).
        let book = include_bytes!("../../tests/data/customers.xlsx").to_vec();
        let text = csv_of(book);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "客户编号,姓名,手机,生日,信用额度");
        assert_eq!(lines[1], "C001,王芳,13800001111,32874,5000");
        assert_eq!(lines[2], "C002,\"Li, Lei\",13900002222,,1234.56");
        assert_eq!(lines[3], "", "row 4 is empty in the sheet");
        assert_eq!(lines[4], "C003,张 三");
        assert_eq!(lines.len(), 6);
    }

    #[test]
    fn excel_style_parts_shared_strings_prefixes_and_the_first_listed_sheet() {
        let book = crate::xlsx::zip(&[
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0"?><x:workbook xmlns:x="main" xmlns:r="rels"><x:sheets><x:sheet name="订单" sheetId="2" r:id="rId7"/><x:sheet name="b" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>"#.into(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Target="/xl/worksheets/sheet9.xml"/></Relationships>"#.into(),
            ),
            (
                "xl/sharedStrings.xml",
                r#"<sst count="3"><si><t>王芳</t><rPh sb="0" eb="2"><t>ワン</t></rPh></si><si><r><t>A</t></r><r><rPr/><t xml:space="preserve"> &amp; B</t></r></si><si/></sst>"#.into(),
            ),
            ("xl/worksheets/sheet1.xml", "<worksheet/>".into()),
            (
                "xl/worksheets/sheet9.xml",
                r#"<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row><x:row r="2"><x:c r="A2" t="str"><x:f>A1&amp;"!"</x:f><x:v>王芳!</x:v></x:c><x:c r="B2"><x:v>0.30000000000000004</x:v></x:c><x:c r="C2" t="b"><x:v>1</x:v></x:c><x:c r="D2" t="e"><x:v>#N/A</x:v></x:c><x:c r="E2" t="s"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>"#.into(),
            ),
        ]);
        assert_eq!(csv_of(book), "王芳,,A & B\r\n王芳!,0.3,1,#N/A\r\n");
    }

    #[test]
    fn not_a_workbook_is_an_error_not_a_panic() {
        for bytes in [&b"PK\x03\x04garbage"[..], b"", b"PK\x05\x06"] {
            assert!(first_sheet(bytes.to_vec().into()).is_err());
        }
    }

    #[test]
    fn entities_and_columns() {
        assert_eq!(
            unescape("a&amp;b&lt;&#20013;&#x6587;&bogus;"),
            "a&b<中文&bogus;"
        );
        assert_eq!(column("A1"), Some(0));
        assert_eq!(column("AB12"), Some(27));
        assert_eq!(column("XFD1"), Some(16_383));
        assert_eq!(column("AAAAAAAAAAAAAAAAAAAA1"), None);
        assert_eq!(attr(r#"r="B2" t='s'"#, "t").as_deref(), Some("s"));
    }

    /// Sets what entry `name` says it unpacks to, in the zip's directory.
    fn declare(book: &mut [u8], name: &str, unpacked: u32) {
        let at = (0..book.len() - 46)
            .find(|&i| {
                book[i..i + 4] == [0x50, 0x4b, 0x01, 0x02]
                    && book[i + 46..].starts_with(name.as_bytes())
            })
            .unwrap();
        book[at + 24..at + 28].copy_from_slice(&unpacked.to_le_bytes());
    }

    /// A workbook of one sheet part, deflated, saying truthfully what it unpacks to.
    fn deflated(sheet: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(sheet).unwrap();
        let packed = enc.finish().unwrap();
        let name = b"xl/worksheets/sheet1.xml";
        let mut out = Vec::new();
        let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
        let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
        le32(&mut out, 0x0403_4b50);
        for x in [20, 0, 8, 0, 0] {
            le16(&mut out, x);
        }
        for x in [0, packed.len() as u32, sheet.len() as u32] {
            le32(&mut out, x);
        }
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(&packed);
        let start = out.len() as u32;
        le32(&mut out, 0x0201_4b50);
        for x in [20, 20, 0, 8, 0, 0] {
            le16(&mut out, x);
        }
        for x in [0, packed.len() as u32, sheet.len() as u32] {
            le32(&mut out, x);
        }
        le16(&mut out, name.len() as u16);
        for _ in 0..4 {
            le16(&mut out, 0);
        }
        le32(&mut out, 0);
        le32(&mut out, 0);
        out.extend_from_slice(name);
        let len = out.len() as u32 - start;
        le32(&mut out, 0x0605_4b50);
        for x in [0, 0, 1, 1] {
            le16(&mut out, x);
        }
        le32(&mut out, len);
        le32(&mut out, start);
        le16(&mut out, 0);
        out
    }

    fn refusal(book: Vec<u8>) -> FileError {
        match first_sheet(book.into()) {
            Err(e) => e,
            Ok(_) => panic!("read"),
        }
    }

    #[test]
    fn a_zip_bomb_and_forged_sizes_are_refused_before_unpacking() {
        // 64 MB of one repeated cell packs to about 64 KB: a ratio no workbook has.
        let row = b"<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>";
        let mut xml = b"<worksheet><sheetData>".to_vec();
        while xml.len() < 64 << 20 {
            xml.extend_from_slice(row);
        }
        xml.extend_from_slice(b"</sheetData></worksheet>");
        assert_eq!(
            refusal(deflated(&xml)),
            FileError::TooLarge(Limit::Ratio { max: MAX_RATIO })
        );
        // The same within the limits reads.
        let small = deflated(b"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>");
        assert_eq!(csv_of(small), "x\r\n");

        let book = || crate::xlsx::workbook("s", &["a"], vec![vec![Cow::from("1")]]);
        let mut huge = book();
        declare(&mut huge, "xl/worksheets/sheet1.xml", u32::MAX);
        assert_eq!(
            refusal(huge),
            FileError::TooLarge(Limit::Unpacked {
                max_mb: MAX_UNPACKED_MB
            })
        );
        // Saying less than it unpacks to is damage: cut off, with an error, once.
        let mut short = book();
        declare(&mut short, "xl/worksheets/sheet1.xml", 40);
        let mut sheet = first_sheet(short.into()).unwrap();
        assert!(sheet.read_to_end(&mut Vec::new()).is_err());
        assert_eq!(
            sheet.read(&mut [0; 16]).unwrap(),
            0,
            "then ended, not failing again"
        );
    }

    #[test]
    fn shared_text_rows_and_columns_past_excels_limits_are_refused() {
        let mut book = crate::xlsx::zip(&[
            (
                "xl/sharedStrings.xml",
                "<sst><si><t>a</t></si></sst>".into(),
            ),
            ("xl/worksheets/sheet1.xml", "<worksheet/>".into()),
        ]);
        declare(&mut book, "xl/sharedStrings.xml", 300 << 20);
        assert_eq!(
            refusal(book),
            FileError::TooLarge(Limit::SharedText {
                max_mb: MAX_SHARED_MB
            })
        );
        for (cells, limit) in [
            (
                r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A1048577"><v>2</v></c></row>"#,
                Limit::Rows { max: MAX_ROWS },
            ),
            (
                r#"<row r="1"><c r="XFD1"><v>1</v></c><c r="XFE1"><v>2</v></c></row>"#,
                Limit::Columns { max: MAX_COLUMNS },
            ),
        ] {
            let book = crate::xlsx::zip(&[(
                "xl/worksheets/sheet1.xml",
                format!("<worksheet><sheetData>{cells}</sheetData></worksheet>"),
            )]);
            let err = first_sheet(book.into())
                .unwrap()
                .read_to_end(&mut Vec::new())
                .unwrap_err();
            assert_eq!(
                err.get_ref().and_then(|e| e.downcast_ref::<Limit>()),
                Some(&limit)
            );
        }
    }

    proptest! {
        /// A damaged workbook (any bytes changed anywhere, its zip directory at the end
        /// included) or any bytes after a zip's signature give an error or some rows,
        /// never a panic.
        #[test]
        fn damaged_workbooks_never_panic(
            flips in prop::collection::vec((0.0f64..1.0, any::<u8>()), 1..8),
            directory_flips in prop::collection::vec((0usize..400, any::<u8>()), 0..4),
            junk in prop::collection::vec(any::<u8>(), 0..300),
        ) {
            let mut book = include_bytes!("../../tests/data/customers.xlsx").to_vec();
            let n = book.len();
            for (at, b) in flips {
                book[((at * n as f64) as usize).min(n - 1)] = b;
            }
            // The directory and end record are in the last few hundred bytes.
            for (back, b) in directory_flips {
                book[n - 1 - back % n] = b;
            }
            let mut junk_zip = b"PK\x03\x04".to_vec();
            junk_zip.extend(junk);
            for bytes in [book, junk_zip] {
                if let Ok(mut sheet) = first_sheet(bytes.into()) {
                    let _ = sheet.read_to_end(&mut Vec::new());
                }
            }
        }

        /// Any table kehu writes as a workbook reads back as the same cells.
        #[test]
        fn workbooks_round_trip(rows in prop::collection::vec(
            prop::collection::vec("[a-z0-9 ,\"<>&中文]{0,8}", 3), 0..20)
        ) {
            let book = crate::xlsx::workbook(
                "s",
                &["a", "b", "c"],
                rows.iter().map(|r| r.iter().map(|c| Cow::from(c.as_str())).collect::<Vec<_>>()),
            );
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(true)
                .from_reader(first_sheet(book.into()).unwrap());
            let back: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect();
            // Trailing empty cells are not written; leading and inner ones are.
            let want: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    while r.last().is_some_and(String::is_empty) {
                        r.pop();
                    }
                    r
                })
                .collect();
            let non_blank: Vec<Vec<String>> = want.into_iter().filter(|r| !r.is_empty()).collect();
            // A blank row reads as nothing (the row reader skips blank lines).
            let back: Vec<Vec<String>> =
                back.into_iter().filter(|r| r.iter().any(|c| !c.is_empty())).collect();
            prop_assert_eq!(back, non_blank);
        }
    }
}
