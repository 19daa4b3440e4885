//! Text folding for search (case, full-width forms and separators), and the cleaning
//! every stored text goes through.

/// A cell for an exported CSV: text a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-` or `@`) gets a leading apostrophe, which spreadsheets show as text.
pub fn formula_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// Folds text for matching: lower case, full-width ASCII (ＡＢＣ１２３) to half-width,
/// ideographic space to space. Chinese characters pass through unchanged, so a search
/// for 王 finds 王芳.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// `f` of [`fold`]`(s)`, without allocating for the short ASCII text that references,
/// numbers and codes nearly always are (a lookup per imported row otherwise spends more
/// on allocating the key than on finding it).
pub fn with_folded<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    const SHORT: usize = 64;
    if s.len() <= SHORT && s.is_ascii() {
        let mut buf = [0u8; SHORT];
        let folded = &mut buf[..s.len()];
        folded.copy_from_slice(s.as_bytes());
        folded.make_ascii_lowercase();
        // ASCII in, ASCII out.
        if let Ok(text) = std::str::from_utf8(folded) {
            return f(text);
        }
    }
    f(&fold(s))
}

/// Tags compare case-insensitively and ignore full-width differences.
pub fn normalise_tag(tag: &str) -> String {
    fold(tag.trim())
}

/// The digits of a phone number, so "138-0000 1234" is found by "13800001234".
pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A phone number for matching: its digits, without the country code of a Chinese mobile
/// written `+86 138…`, so `+86 138-0000-1111` and `13800001111` are one number.
pub fn phone_key(s: &str) -> String {
    let d = digits(s);
    match d.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_string(),
        _ => d,
    }
}

/// Characters that change how text looks or reads without being seen: control
/// characters, the Unicode direction embeddings, overrides, isolates and marks (an
/// override can make `txt.exe` display as `exe.txt`, or reverse a phone number), and the
/// byte-order mark. Line breaks and tabs are handled by the caller.
fn hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{061c}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// Whether `s` holds a character [`clean_line`] or [`clean_block`] would remove.
pub fn has_hidden(s: &str) -> bool {
    s.chars().any(hidden)
}

/// One line as stored (a name, a city, a tag): hidden characters removed, line breaks
/// and tabs turned into spaces, ends trimmed.
pub fn clean_line(s: &str) -> String {
    let mapped = s.chars().filter(|&c| !hidden(c)).map(|c| match c {
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => ' ',
        c => c,
    });
    let out: String = mapped.collect();
    out.trim().to_string()
}

/// A note as stored: hidden characters removed, line breaks as `\n` (from CRLF, CR or
/// the Unicode separators), tabs kept, ends trimmed.
pub fn clean_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            c if hidden(c) => {}
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// `v` as JSON text in ASCII alone: every character past ASCII escaped (`王` as
/// `\u738b`, a character past the BMP as its surrogate pair), as JSON allows. Why:
/// the browser keeps a string of ASCII one byte a character, where one Chinese
/// character makes the whole string two bytes a character. A stored record's text
/// (a customer, a sync base) is mostly ASCII around a few Chinese characters, so it
/// is half the bytes to store and to hand between wasm and JavaScript. Measured with
/// 100,000 sync bases in Chromium: 8.0 s to write as ASCII against 10.0 s as it was.
pub fn ascii_json<T: serde::Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    serde_json::to_string(v).map(escape_past_ascii)
}

/// JSON text `text` with every character past ASCII escaped. In JSON text such a
/// character can only stand inside a string, where an escape means the same. (A pass
/// over the text, not a formatter: a formatter of its own would copy the serialiser
/// into every wasm binary once per type, 3–9 KiB gzipped each.)
pub fn escape_past_ascii(text: String) -> String {
    use std::fmt::Write;
    if text.is_ascii() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 32);
    for c in text.chars() {
        match c.is_ascii() {
            true => out.push(c),
            false => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    // Writing to a String cannot fail.
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_without_allocating_is_folded() {
        for s in [
            "C0000001",
            "Wang Fang",
            "ＡＢＣ１２３",
            "王芳",
            "",
            &"x".repeat(65),
            "A\u{3000}B",
        ] {
            assert_eq!(with_folded(s, str::to_string), fold(s), "{s:?}");
        }
    }

    #[test]
    fn ascii_json_escapes_what_is_past_ascii_and_reads_back_the_same() {
        let v = serde_json::json!({"name": "王芳", "note": "a \"q\"\n😀", "n": 1});
        let text = ascii_json(&v).unwrap();
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains(r"\u738b\u82b3"), "{text}");
        assert!(text.contains(r"\ud83d\ude00"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
        assert_eq!(
            ascii_json("plain").unwrap(),
            serde_json::to_string("plain").unwrap()
        );
    }

    proptest::proptest! {
        #[test]
        fn ascii_json_reads_back_any_text(s in "\\PC*", t in proptest::prelude::any::<String>()) {
            for x in [s, t] {
                let text = ascii_json(&x).unwrap();
                proptest::prop_assert!(text.is_ascii());
                proptest::prop_assert_eq!(serde_json::from_str::<String>(&text).unwrap(), x);
            }
        }
    }

    #[test]
    fn folds_full_width_and_case() {
        assert_eq!(fold("ＶＩＰ客户　Ａ１"), "vip客户 a1");
        assert_eq!(fold("Zhang San"), "zhang san");
        assert_eq!(digits("+86 (138) 0000-1234"), "8613800001234");
        assert_eq!(phone_key("+86 (138) 0000-1234"), "13800001234");
        assert_eq!(phone_key("0086 10 8888 8888"), "00861088888888");
    }

    #[test]
    fn cleaning_removes_what_cannot_be_seen() {
        // A right-to-left override would show this name reversed.
        assert_eq!(clean_line("  王\u{202e}芳\u{0}\t1 "), "王芳 1");
        assert_eq!(clean_line("a\r\nb"), "a  b");
        assert_eq!(clean_line("\u{feff}Zhang\u{2066}"), "Zhang");
        assert_eq!(
            clean_block("line 1\r\nline 2\rline 3\u{7}\n\tend"),
            "line 1\nline 2\nline 3\n\tend"
        );
        assert!(has_hidden("x\u{202d}") && !has_hidden("普通 text\n"));
        // Emoji joiners and Chinese punctuation are text, not hidden.
        assert_eq!(clean_line("👩\u{200d}💻，好"), "👩\u{200d}💻，好");
    }
}
