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

#[cfg(test)]
mod tests {
    use super::*;

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
