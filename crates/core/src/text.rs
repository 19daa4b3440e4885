//! Text folding for search: case, full-width forms and separators.

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
}
