//! Text encodings of imported files: UTF-8 (with or without BOM) or the GBK / GB18030
//! that Excel on Chinese Windows writes.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    Utf8,
    /// GB18030, a superset of GBK and GB2312.
    Gb18030,
}

/// Guesses the encoding from the first bytes of a file: a UTF-8 BOM or valid UTF-8
/// means UTF-8 (a character cut at the end of the sample is allowed), anything else is
/// taken as GB18030.
pub fn sniff(sample: &[u8]) -> Encoding {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Gb18030,
    }
}

pub fn decode(bytes: &[u8], enc: Encoding) -> Cow<'_, str> {
    match enc {
        Encoding::Utf8 => {
            let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            // Valid text, the usual case, is checked by the faster validator.
            match std::str::from_utf8(bytes) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => String::from_utf8_lossy(bytes),
            }
        }
        Encoding::Gb18030 => encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_and_decodes_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("客户编号,王芳");
        assert_eq!(sniff(&gbk), Encoding::Gb18030);
        assert_eq!(decode(&gbk, Encoding::Gb18030), "客户编号,王芳");
        let utf8 = "客户编号".as_bytes();
        assert_eq!(sniff(utf8), Encoding::Utf8);
        assert_eq!(sniff(&utf8[..4]), Encoding::Utf8, "a cut character is fine");
        assert_eq!(decode(b"\xEF\xBB\xBFid", Encoding::Utf8), "id");
    }
}

/// Prepares a CSV byte stream so that the csv crate's line numbers match an editor's:
/// CRLF becomes LF (the crate counts a CRLF's LF only when the next record starts), a
/// lone CR (old Mac files, which the crate splits rows at but never counts as a line)
/// becomes LF too, and an empty line gets a single space (the crate skips empty lines from its record
/// positions; a whitespace-only row is skipped by the caller instead). Safe for UTF-8 and
/// GB18030, whose multi-byte characters never contain the bytes CR or LF. An empty line
/// inside a quoted multi-line field gains a space; no column kehu imports spans lines.
pub struct LineNormaliser<R> {
    inner: R,
    buf: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    pending_cr: bool,
    at_line_start: bool,
    eof: bool,
}

impl<R: std::io::Read> LineNormaliser<R> {
    pub fn new(inner: R) -> Self {
        LineNormaliser {
            inner,
            buf: vec![0; 1 << 16],
            out: Vec::with_capacity(1 << 17),
            pos: 0,
            pending_cr: false,
            at_line_start: true,
            eof: false,
        }
    }

    fn emit(&mut self, b: u8) {
        if b == b'\n' {
            if self.at_line_start {
                self.out.push(b' ');
            }
            self.at_line_start = true;
        } else {
            self.at_line_start = false;
        }
        self.out.push(b);
    }

    fn refill(&mut self) -> std::io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.eof {
            let n = self.inner.read(&mut self.buf)?;
            if n == 0 {
                self.eof = true;
                if std::mem::take(&mut self.pending_cr) {
                    self.emit(b'\n');
                }
                break;
            }
            let chunk = &self.buf[..n];
            if !self.pending_cr && !chunk.contains(&b'\r') {
                // No carriage return: copy line by line, marking blank lines only.
                for piece in chunk.split_inclusive(|&b| b == b'\n') {
                    if piece == b"\n" && self.at_line_start {
                        self.out.push(b' ');
                    }
                    self.out.extend_from_slice(piece);
                    self.at_line_start = piece.ends_with(b"\n");
                }
                continue;
            }
            for i in 0..n {
                let b = self.buf[i];
                if std::mem::take(&mut self.pending_cr) && b != b'\n' {
                    self.emit(b'\n');
                }
                if b == b'\r' {
                    self.pending_cr = true;
                } else {
                    self.emit(b);
                }
            }
        }
        Ok(())
    }
}

impl<R: std::io::Read> std::io::Read for LineNormaliser<R> {
    fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.out.len() {
            self.refill()?;
        }
        let n = dst.len().min(self.out.len() - self.pos);
        dst[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod normaliser_tests {
    use super::*;
    use std::io::Read;

    fn run(input: &[u8], chunk: usize) -> Vec<u8> {
        // A reader that hands out `chunk` bytes at a time, to cross buffer edges.
        struct Drip<'a>(&'a [u8], usize);
        impl Read for Drip<'_> {
            fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(dst.len()).min(self.0.len());
                dst[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        LineNormaliser::new(Drip(input, chunk))
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn crlf_becomes_lf_and_empty_lines_get_a_space() {
        for chunk in [1, 2, 3, 100] {
            assert_eq!(run(b"a\r\n\r\nb\r\n", chunk), b"a\n \nb\n");
            assert_eq!(run(b"\na\n\n", chunk), b" \na\n \n");
            assert_eq!(run(b"x\ry\r", chunk), b"x\ny\n", "lone CRs end lines");
            assert_eq!(run(b"x\r\ry\r\n", chunk), b"x\n \ny\n");
        }
    }

    /// The whole input at once, one byte at a time: what the fast paths must agree with.
    fn reference(input: &[u8]) -> Vec<u8> {
        let normal = String::from_utf8_lossy(input)
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let mut out = Vec::new();
        let mut at_line_start = true;
        for b in normal.bytes() {
            if b == b'\n' && at_line_start {
                out.push(b' ');
            }
            at_line_start = b == b'\n';
            out.push(b);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn any_chunking_gives_the_reference(
            input in proptest::collection::vec(proptest::sample::select(b"a,\r\n".to_vec()), 0..200),
            chunk in 1usize..70,
        ) {
            proptest::prop_assert_eq!(run(&input, chunk), reference(&input));
        }
    }
}
