//! Text encodings of imported files: UTF-8 (with or without BOM), the GBK / GB18030 that
//! Excel on Chinese Windows writes, and, chosen by the user or found by their byte-order
//! mark, UTF-16, Big5 (Traditional Chinese) and Western (Windows-1252).

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    Utf8,
    /// GB18030, a superset of GBK and GB2312.
    Gb18030,
    /// Big5, as Traditional Chinese systems write.
    Big5,
    /// Windows-1252 (a superset of Latin-1), as Western systems write.
    Windows1252,
    /// UTF-16 little-endian (Excel's "Unicode text"), found by its byte-order mark.
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// Every encoding, in the order a picker lists them.
    pub const ALL: [Encoding; 6] = [
        Encoding::Utf8,
        Encoding::Gb18030,
        Encoding::Big5,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1252,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gb18030",
            Encoding::Big5 => "big5",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }

    pub fn from_code(s: &str) -> Option<Encoding> {
        Encoding::ALL.into_iter().find(|e| e.code() == s)
    }

    fn coder(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gb18030 => encoding_rs::GB18030,
            Encoding::Big5 => encoding_rs::BIG5,
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
        }
    }

    /// Whether delimiters and line ends are single ASCII bytes in it, so rows can be
    /// split before decoding. UTF-16's are not: it is decoded to UTF-8 first.
    pub fn ascii_compatible(self) -> bool {
        !matches!(self, Encoding::Utf16Le | Encoding::Utf16Be)
    }
}

/// The encoding a byte-order mark at the start of `sample` names, if any.
pub fn bom(sample: &[u8]) -> Option<Encoding> {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some(Encoding::Utf8)
    } else if sample.starts_with(&[0xFF, 0xFE]) {
        Some(Encoding::Utf16Le)
    } else if sample.starts_with(&[0xFE, 0xFF]) {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Guesses the encoding from the first bytes of a file: a byte-order mark names it;
/// valid UTF-8 means UTF-8 (a character cut at the end of the sample is allowed);
/// anything else is taken as GB18030 ([`doubtful`] says when that guess looks wrong).
pub fn sniff(sample: &[u8]) -> Encoding {
    if let Some(e) = bom(sample) {
        return e;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Gb18030,
    }
}

/// Whether `sample` read as `enc` looks wrong, so the user should be offered another
/// encoding: bytes that do not decode (shown as �), or, for GB18030, which decodes
/// nearly any bytes, characters outside GB2312 (the common Chinese of GBK files) where
/// Big5 or Western text would put them.
pub fn doubtful(sample: &[u8], enc: Encoding) -> bool {
    // Decoded as not the last piece: a character cut at the end of the sample (not a
    // fault of the file) is held back, not replaced.
    let mut decoder = enc.coder().new_decoder_with_bom_removal();
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length(sample.len()).unwrap_or(0));
    let (_, _, replaced) = decoder.decode_to_string(sample, &mut text, false);
    if replaced {
        return true;
    }
    if enc != Encoding::Gb18030 {
        return false;
    }
    let (mut pairs, mut common, mut i) = (0usize, 0usize, 0);
    while i + 1 < sample.len() {
        let (lead, trail) = (sample[i], sample[i + 1]);
        if lead < 0x80 {
            i += 1;
            continue;
        }
        pairs += 1;
        if (0xA1..=0xF7).contains(&lead) && (0xA1..=0xFE).contains(&trail) {
            common += 1;
        }
        i += 2;
    }
    pairs >= 4 && common * 10 < pairs * 9
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
        Encoding::Utf16Le | Encoding::Utf16Be => enc.coder().decode_with_bom_removal(bytes).0,
        _ => enc.coder().decode_without_bom_handling(bytes).0,
    }
}

/// A byte stream in `enc`, read as UTF-8: decoded as it is read, in constant memory.
/// Bytes that do not decode become U+FFFD.
pub struct Transcode<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    out: Vec<u8>,
    pos: usize,
    eof: bool,
    /// The decoder was flushed: nothing more comes.
    done: bool,
}

impl<R: std::io::Read> Transcode<R> {
    pub fn new(inner: R, enc: Encoding) -> Self {
        Transcode {
            inner,
            decoder: enc.coder().new_decoder_with_bom_removal(),
            input: vec![0; 1 << 16],
            start: 0,
            end: 0,
            out: Vec::with_capacity(1 << 17),
            pos: 0,
            eof: false,
            done: false,
        }
    }

    fn refill(&mut self) -> std::io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() {
            if self.start == self.end && !self.eof {
                self.end = self.inner.read(&mut self.input)?;
                self.start = 0;
                self.eof = self.end == 0;
            }
            if self.eof && self.start == self.end {
                // Flushes a character cut at the end (as U+FFFD).
                let mut tail = [0u8; 16];
                let (_, _, written, _) = self.decoder.decode_to_utf8(&[], &mut tail, true);
                self.out.extend_from_slice(&tail[..written]);
                self.done = true;
                return Ok(());
            }
            let room = self
                .decoder
                .max_utf8_buffer_length(self.end - self.start)
                .unwrap_or(1 << 18);
            self.out.resize(room, 0);
            let (_, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.start..self.end],
                &mut self.out,
                false,
            );
            self.start += read;
            self.out.truncate(written);
        }
        Ok(())
    }
}

impl<R: std::io::Read> std::io::Read for Transcode<R> {
    fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = dst.len().min(self.out.len() - self.pos);
        dst[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
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

    fn utf16le(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn utf16_is_found_by_its_mark_and_decoded_in_slices() {
        let text = "姓名,手机\r\n王芳,138\r\n".repeat(5_000);
        let bytes = utf16le(&text);
        assert_eq!(sniff(&bytes), Encoding::Utf16Le);
        assert_eq!(decode(&bytes, Encoding::Utf16Le), text);
        let mut out = String::new();
        std::io::Read::read_to_string(&mut Transcode::new(&bytes[..], Encoding::Utf16Le), &mut out)
            .unwrap();
        assert_eq!(out, text);
        let (gbk, _, _) = encoding_rs::GBK.encode("王芳");
        let mut out = String::new();
        std::io::Read::read_to_string(&mut Transcode::new(&gbk[..], Encoding::Gb18030), &mut out)
            .unwrap();
        assert_eq!(out, "王芳");
    }

    #[test]
    fn big5_and_western_text_read_as_gbk_are_doubted() {
        let zh = "客户编号,姓名,城市\n1001,王芳,北京\n1002,李雷,上海\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(zh);
        assert!(!doubtful(&gbk, Encoding::Gb18030));
        let (big5, _, _) =
            encoding_rs::BIG5.encode("客戶編號,姓名,城市\n1001,陳大文,臺北\n1002,林小明,高雄\n");
        assert_eq!(
            sniff(&big5),
            Encoding::Gb18030,
            "not UTF-8, so the GBK guess"
        );
        assert!(doubtful(&big5, Encoding::Gb18030));
        assert!(!doubtful(&big5, Encoding::Big5));
        let (latin, _, _) = encoding_rs::WINDOWS_1252
            .encode("name,city\nJosé,Málaga\nRenée,Zürich\nAndré,Besançon\n");
        assert!(doubtful(&latin, Encoding::Gb18030));
        assert!(doubtful(&latin, Encoding::Utf8), "not UTF-8 either");
        assert!(!doubtful(&latin, Encoding::Windows1252));
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
