//! Any delimited text file as a header and rows of text: the encoding and delimiter are
//! sniffed (and can be overridden), rows are read one at a time with their line numbers
//! in the file, so a file of any size is read in constant memory.

use super::orders::{FileError, Limit};
use super::text::{Encoding, LineNormaliser, Transcode, bom, decode, sniff};
use std::io::Read;

/// How to read a file: its text encoding and field delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableOptions {
    pub encoding: Encoding,
    pub delimiter: u8,
}

/// The delimiters kehu recognises, in the order ties are broken.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Why one row could not be read as text fields.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum TableProblem {
    #[error("malformed CSV: {0}")]
    Malformed(String),
    /// Bytes that are not UTF-8 in a file read as UTF-8: usually a file pieced together
    /// from exports in different encodings.
    #[error("not valid UTF-8 text (mixed encodings?)")]
    NotUtf8,
    #[error("{found} fields where the header has {expected}")]
    TooManyFields { found: usize, expected: usize },
    /// The file went past a limit here; nothing after it is read.
    #[error("{0}")]
    TooLarge(Limit),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct TableError {
    pub line: u64,
    pub problem: TableProblem,
}

/// Guesses how to read a file from its first bytes. A file with NUL bytes, or with
/// mostly control characters, is not text (a spreadsheet saved as .xlsx and renamed, an
/// image): that is an error rather than a table of garbage.
pub fn sniff_options(sample: &[u8]) -> Result<TableOptions, FileError> {
    // UTF-16 (by its byte-order mark) is full of NUL bytes: judged as the text it is.
    if let Some(encoding @ (Encoding::Utf16Le | Encoding::Utf16Be)) = bom(sample) {
        // Whole code units only: a character cut at the sample's end is not damage.
        let whole = &sample[..sample.len() & !1];
        let text = decode(whole, encoding);
        let utf8 = sniff_options(text.as_bytes())?;
        return Ok(TableOptions { encoding, ..utf8 });
    }
    if sample.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty);
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len() {
        return Err(FileError::NotText);
    }
    let encoding = sniff(sample);
    // Cut at the last line end, so a line split by the sample does not vote.
    let whole = match sample.iter().rposition(|&b| b == b'\n') {
        Some(i) if i > 0 => &sample[..i],
        _ => sample,
    };
    let text = decode(whole, encoding);
    Ok(TableOptions {
        encoding,
        delimiter: sniff_delimiter(&text),
    })
}

/// The delimiter that splits the first lines into the same number of fields as the
/// header most often; a comma when nothing splits them.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let count = |line: &str, d: u8| {
        let mut quoted = false;
        line.bytes()
            .filter(|&b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                b == d && !quoted
            })
            .count()
    };
    let mut best = (0, 0, b',');
    for d in DELIMITERS {
        let Some(first) = lines.first() else { break };
        let head = count(first, d);
        if head == 0 {
            continue;
        }
        let agree = lines.iter().filter(|l| count(l, d) == head).count();
        if (agree, head) > (best.0, best.1) {
            best = (agree, head, d);
        }
    }
    best.2
}

/// A file's bytes as the row reader takes them: UTF-8 as it is (each cell checked, so a
/// stray byte of another encoding is named by line), any other encoding decoded to
/// UTF-8 as it is read (so delimiters and line ends are found in the text, never in the
/// middle of a two-byte character).
pub enum Source<R> {
    Utf8(R),
    Decoded(Transcode<R>),
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::Utf8(r) => r.read(out),
            Source::Decoded(r) => r.read(out),
        }
    }
}

/// The [`Limit`] an I/O error carries, if a limit stopped the input.
fn limit_of(e: &csv::Error) -> Option<Limit> {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.get_ref()?.downcast_ref::<Limit>().copied(),
        _ => None,
    }
}

/// Reads a table row by row. The first non-blank line is the header; blank lines are
/// skipped; line numbers are those an editor shows (a row spanning lines has the line it
/// starts on).
pub struct TableReader<R: Read> {
    rdr: csv::Reader<LineNormaliser<Source<R>>>,
    encoding: Encoding,
    /// The limit that stopped the file, if one did: no row after it is read.
    pub stopped: Option<Limit>,
    record: csv::ByteRecord,
    header: Vec<String>,
    cells: Vec<String>,
    /// Data rows read (not counting blank lines), including rows in error.
    pub rows: u64,
}

impl<R: Read> TableReader<R> {
    pub fn new(input: R, opts: TableOptions) -> Result<Self, FileError> {
        let source = match opts.encoding {
            Encoding::Utf8 => Source::Utf8(input),
            e => Source::Decoded(Transcode::new(input, e)),
        };
        let rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(opts.delimiter)
            .from_reader(LineNormaliser::new(source));
        let mut t = TableReader {
            rdr,
            encoding: opts.encoding,
            stopped: None,
            record: csv::ByteRecord::new(),
            header: Vec::new(),
            cells: Vec::new(),
            rows: 0,
        };
        loop {
            match t.rdr.read_byte_record(&mut t.record) {
                Ok(false) => return Err(FileError::Empty),
                Ok(true) if blank(&t.record) => continue,
                Ok(true) => break,
                Err(e) => {
                    return Err(limit_of(&e)
                        .map_or_else(|| FileError::Io(e.to_string()), FileError::TooLarge));
                }
            }
        }
        if t.record.len() > super::sheet::MAX_COLUMNS {
            return Err(FileError::TooLarge(Limit::Columns {
                max: super::sheet::MAX_COLUMNS,
            }));
        }
        // Decoded already, unless UTF-8 (whose BOM, if any, is still there).
        let header: Vec<String> = t
            .record
            .iter()
            .map(|f| decode(f, Encoding::Utf8).trim().to_string())
            .collect();
        t.header = header;
        Ok(t)
    }

    /// The header's column names, trimmed.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The next data row: its line number and its cells (at least as many as the header
    /// has columns; missing trailing cells are empty). `None` at the end of the file.
    pub fn next_row(&mut self) -> Option<Result<(u64, &[String]), TableError>> {
        if self.stopped.is_some() {
            return None;
        }
        loop {
            let line = self.rdr.position().line();
            match self.rdr.read_byte_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) if blank(&self.record) => continue,
                Ok(true) => {}
                Err(e) => {
                    self.rows += 1;
                    let problem = match limit_of(&e) {
                        Some(l) => {
                            self.stopped = Some(l);
                            TableProblem::TooLarge(l)
                        }
                        None => TableProblem::Malformed(e.to_string()),
                    };
                    return Some(Err(TableError { line, problem }));
                }
            }
            self.rows += 1;
            let line = self.record.position().map_or(line, |p| p.line());
            let fail = |problem| Some(Err(TableError { line, problem }));
            let expected = self.header.len();
            let found = self.record.len();
            // Extra cells are an error only when they hold something: spreadsheets often
            // leave trailing empty columns.
            if found > expected && self.record.iter().skip(expected).any(|f| !f.is_empty()) {
                return fail(TableProblem::TooManyFields { found, expected });
            }
            self.cells.resize(expected.max(1), String::new());
            for (i, cell) in self.cells.iter_mut().enumerate() {
                cell.clear();
                let raw = self.record.get(i).unwrap_or_default();
                match std::str::from_utf8(raw) {
                    Ok(s) => cell.push_str(s.trim()),
                    // Only a UTF-8 file can hold bytes that are not: others were decoded.
                    Err(_) if self.encoding == Encoding::Utf8 => {
                        return fail(TableProblem::NotUtf8);
                    }
                    Err(_) => cell.push_str(String::from_utf8_lossy(raw).trim()),
                }
            }
            return Some(Ok((line, &self.cells)));
        }
    }
}

fn blank(r: &csv::ByteRecord) -> bool {
    r.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
}

/// The header and first rows of a file, for the import preview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Preview {
    pub header: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

pub fn preview(input: impl Read, opts: TableOptions, n: usize) -> Result<Preview, FileError> {
    let mut t = TableReader::new(input, opts)?;
    let mut rows = Vec::new();
    while rows.len() < n {
        match t.next_row() {
            None => break,
            Some(Ok((line, cells))) => rows.push((line, cells.to_vec())),
            Some(Err(_)) => {}
        }
    }
    Ok(Preview {
        header: t.header.clone(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sheet::MAX_COLUMNS;

    type RowRead = Result<(u64, Vec<String>), TableError>;

    fn utf8(d: u8) -> TableOptions {
        TableOptions {
            encoding: Encoding::Utf8,
            delimiter: d,
        }
    }

    fn all(text: &[u8], opts: TableOptions) -> (Vec<String>, Vec<RowRead>) {
        let mut t = TableReader::new(text, opts).unwrap();
        let mut out = Vec::new();
        while let Some(r) = t.next_row() {
            out.push(r.map(|(l, c)| (l, c.to_vec())));
        }
        (t.header.clone(), out)
    }

    #[test]
    fn sniffs_the_delimiter() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("name,city\n\"Wang, Fang\",Beijing\n"), b',');
        assert_eq!(sniff_delimiter("a|b\n1|2\n"), b'|');
        assert_eq!(sniff_delimiter("just one column\nx\n"), b',');
    }

    #[test]
    fn sniffs_gbk_semicolons_and_refuses_binary() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名;手机\n王芳;138\n");
        assert_eq!(
            sniff_options(&gbk),
            Ok(TableOptions {
                encoding: Encoding::Gb18030,
                delimiter: b';'
            })
        );
        assert_eq!(
            sniff_options(b"PK\x03\x04\x14\x00\x06\x00"),
            Err(FileError::NotText)
        );
        assert_eq!(sniff_options(b" \n\n"), Err(FileError::Empty));
    }

    #[test]
    fn rows_with_lines_blank_lines_multiline_quotes_and_ragged_rows() {
        let text = "\u{feff}name,city,note\r\n\r\nWang,Beijing,\"two\r\nlines\"\r\nLi,Shanghai\r\nZhao,Xi'an,x,y\r\nQian,Wuhan,,,\r\n";
        let (header, rows) = all(text.as_bytes(), utf8(b','));
        assert_eq!(header, ["name", "city", "note"]);
        assert_eq!(
            rows[0],
            Ok((
                3,
                vec!["Wang".into(), "Beijing".into(), "two\nlines".into()]
            ))
        );
        assert_eq!(
            rows[1],
            Ok((5, vec!["Li".into(), "Shanghai".into(), "".into()]))
        );
        assert_eq!(
            rows[2],
            Err(TableError {
                line: 6,
                problem: TableProblem::TooManyFields {
                    found: 4,
                    expected: 3
                }
            })
        );
        assert_eq!(
            rows[3],
            Ok((7, vec!["Qian".into(), "Wuhan".into(), "".into()]))
        );
    }

    #[test]
    fn bytes_of_another_encoding_are_named_by_line() {
        let (gbk, _, _) = encoding_rs::GBK.encode("王芳");
        let mut text = b"name\nLi\n".to_vec();
        text.extend_from_slice(&gbk);
        text.extend_from_slice(b"\nZhao\n");
        let (_, rows) = all(&text, utf8(b','));
        assert_eq!(
            rows[1],
            Err(TableError {
                line: 3,
                problem: TableProblem::NotUtf8
            })
        );
        assert_eq!(rows[2], Ok((4, vec!["Zhao".into()])));
    }

    #[test]
    fn lines_are_counted_alike_for_cr_lf_and_crlf_files() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["name,city", "Li,京", "", "Wang,沪", "Zhao,粤", ""].join(end);
            let (header, rows) = all(text.as_bytes(), utf8(b','));
            assert_eq!(header, vec!["name", "city"]);
            let lines: Vec<u64> = rows.iter().map(|r| r.as_ref().unwrap().0).collect();
            assert_eq!(lines, vec![2, 4, 5], "{end:?}");
        }
    }

    #[test]
    fn utf16_files_are_read_as_the_text_they_are() {
        let text = "姓名;城市\r\n王芳;北京\r\n李雷;上海\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let opts = sniff_options(&bytes).unwrap();
        assert_eq!((opts.encoding, opts.delimiter), (Encoding::Utf16Le, b';'));
        let (header, rows) = all(&bytes, opts);
        assert_eq!(header, vec!["姓名", "城市"]);
        assert_eq!(rows[1], Ok((3, vec!["李雷".into(), "上海".into()])));
    }

    #[test]
    fn big5_with_a_bar_delimiter_splits_at_bars_not_inside_characters() {
        // 四 is 0xA5 0x7C and 尚 0xA9 0x7C in Big5: their second byte is a bar.
        let (big5, _, _) = encoding_rs::BIG5.encode("姓名|城市\n四尚|臺北\n");
        assert!(big5.windows(2).any(|w| w == [0xA5, 0x7C]));
        let opts = TableOptions {
            encoding: Encoding::Big5,
            delimiter: b'|',
        };
        let (_, rows) = all(&big5, opts);
        assert_eq!(rows, vec![Ok((2, vec!["四尚".into(), "臺北".into()]))]);
    }

    #[test]
    fn a_header_past_excels_last_column_is_refused() {
        let header = vec!["c"; MAX_COLUMNS + 1].join(",");
        assert!(matches!(
            TableReader::new(header.as_bytes(), utf8(b',')),
            Err(FileError::TooLarge(Limit::Columns { max: MAX_COLUMNS }))
        ));
    }

    #[test]
    fn header_only_and_empty() {
        let (_, rows) = all(b"name,city\n", utf8(b','));
        assert!(rows.is_empty());
        assert!(matches!(
            TableReader::new(&b"\n\n"[..], utf8(b',')),
            Err(FileError::Empty)
        ));
    }

    proptest::proptest! {
        /// Any bytes at all: sniffing and reading answer without panicking, and every
        /// row's line number is within the file.
        #[test]
        fn any_bytes_read_without_panic(bytes in proptest::collection::vec(proptest::sample::select(b"a,;\"\r\n\t\xE7\x8E\x8B\xFF ".to_vec()), 0..300)) {
            // Line ends as an editor counts them: LF, CRLF, and a CR alone.
            let lone_crs = bytes.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count()
                + usize::from(bytes.last() == Some(&b'\r'));
            let lines = (bytes.iter().filter(|&&b| b == b'\n').count() + lone_crs) as u64 + 1;
            if let Ok(opts) = sniff_options(&bytes)
                && let Ok(mut t) = TableReader::new(&bytes[..], opts)
            {
                while let Some(r) = t.next_row() {
                    let line = match r { Ok((l, _)) => l, Err(e) => e.line };
                    proptest::prop_assert!(line >= 1 && line <= lines, "line {} of {}", line, lines);
                }
            }
        }

        /// Cells written by the exporter read back unchanged, whatever they hold.
        #[test]
        fn exported_cells_read_back(
            rows in proptest::collection::vec(proptest::collection::vec("[a-z王,;\" ]{0,8}", 2), 1..10)
        ) {
            let csv = crate::export::to_csv(&["a", "b"], rows.iter().map(|r| r.iter().map(|s| s.as_str().into()).collect::<Vec<std::borrow::Cow<str>>>()));
            let mut t = TableReader::new(csv.as_bytes(), utf8(b',')).unwrap();
            let mut got = Vec::new();
            while let Some(r) = t.next_row() {
                got.push(r.unwrap().1.to_vec());
            }
            let want: Vec<Vec<String>> = rows
                .iter()
                .filter(|r| !r.iter().all(|c| c.trim().is_empty()))
                .map(|r| r.iter().map(|c| crate::export::defuse(c).trim().to_string()).collect())
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
