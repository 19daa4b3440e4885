//! Any delimited text file as a header and rows of text: the encoding and delimiter are
//! sniffed (and can be overridden), rows are read one at a time with their line numbers
//! in the file, so a file of any size is read in constant memory.

use super::orders::FileError;
use super::text::{Encoding, LineNormaliser, decode, sniff};
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

/// Reads a table row by row. The first non-blank line is the header; blank lines are
/// skipped; line numbers are those an editor shows (a row spanning lines has the line it
/// starts on).
pub struct TableReader<R: Read> {
    rdr: csv::Reader<LineNormaliser<R>>,
    encoding: Encoding,
    record: csv::ByteRecord,
    header: Vec<String>,
    cells: Vec<String>,
    /// Data rows read (not counting blank lines), including rows in error.
    pub rows: u64,
}

impl<R: Read> TableReader<R> {
    pub fn new(input: R, opts: TableOptions) -> Result<Self, FileError> {
        let rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(opts.delimiter)
            .from_reader(LineNormaliser::new(input));
        let mut t = TableReader {
            rdr,
            encoding: opts.encoding,
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
                Err(e) => return Err(FileError::Io(e.to_string())),
            }
        }
        let header: Vec<String> = t
            .record
            .iter()
            .map(|f| decode(f, t.encoding).trim().to_string())
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
        loop {
            let line = self.rdr.position().line();
            match self.rdr.read_byte_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) if blank(&self.record) => continue,
                Ok(true) => {}
                Err(e) => {
                    self.rows += 1;
                    let problem = TableProblem::Malformed(e.to_string());
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
                if self.encoding == Encoding::Utf8 {
                    match std::str::from_utf8(raw) {
                        Ok(s) => cell.push_str(s.trim()),
                        Err(_) => return fail(TableProblem::NotUtf8),
                    }
                } else {
                    cell.push_str(decode(raw, self.encoding).trim());
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
