//! A one-sheet XLSX workbook, written without a library: a zip archive (entries stored,
//! not compressed) holding the few XML parts Excel, WPS and LibreOffice need. Cells are
//! typed: plain numbers are numbers, everything else inline text, so nothing a user typed
//! can become a formula.

/// The workbook for a header and rows of cells; `sheet` names the tab.
pub fn workbook<'a, R, C>(sheet: &str, head: &[&'a str], rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = std::borrow::Cow<'a, str>>,
{
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"#,
    );
    let mut r = 0usize;
    let mut row = |xml: &mut String,
                   cells: &mut dyn Iterator<Item = std::borrow::Cow<'a, str>>,
                   bold: bool| {
        r += 1;
        xml.push_str(&format!("<row r=\"{r}\">"));
        for (c, v) in cells.enumerate() {
            let at = format!("{}{r}", column_name(c));
            let style = if bold { " s=\"1\"" } else { "" };
            if !bold && is_number(&v) {
                xml.push_str(&format!("<c r=\"{at}\"{style}><v>{v}</v></c>"));
            } else if !v.is_empty() {
                xml.push_str(&format!(
                    "<c r=\"{at}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    escape(&v)
                ));
            }
        }
        xml.push_str("</row>");
    };
    row(
        &mut xml,
        &mut head.iter().map(|h| std::borrow::Cow::Borrowed(*h)),
        true,
    );
    for cells in rows {
        row(&mut xml, &mut cells.into_iter(), false);
    }
    xml.push_str("</sheetData></worksheet>");

    let sheet_name = escape(
        &sheet
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect::<String>(),
    );
    let parts: [(&str, String); 6] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.into(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.into(),
        ),
        (
            "xl/styles.xml",
            // Style 1: bold, for the header row.
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf fontId="0" xfId="0"/><xf fontId="1" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#.into(),
        ),
        ("xl/worksheets/sheet1.xml", xml),
    ];
    zip(&parts)
}

/// A, B, … Z, AA, AB, …
fn column_name(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A plain decimal number a spreadsheet should sum: `12`, `-3.5`; not `007` (a code, kept
/// as typed) nor one with more digits than a spreadsheet number holds.
fn is_number(s: &str) -> bool {
    let int = s
        .strip_prefix('-')
        .unwrap_or(s)
        .split('.')
        .next()
        .unwrap_or("");
    crate::export::is_number(s) && int.len() <= 15 && (int == "0" || !int.starts_with('0'))
}

/// Text for XML: the five special characters escaped, and characters XML 1.0 cannot hold
/// (control characters other than tab and line ends) dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of stored (uncompressed) entries.
pub(crate) fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, data) in parts {
        let (name, data) = (name.as_bytes(), data.as_bytes());
        let (crc, size, offset) = (crc32(data), data.len() as u32, out.len() as u32);
        // Local header: version 2.0, UTF-8 names (bit 11), stored, a fixed 1980 date.
        le32(&mut out, 0x0403_4b50);
        le16(&mut out, 20);
        le16(&mut out, 0x0800);
        le16(&mut out, 0);
        le16(&mut out, 0);
        le16(&mut out, 0x21);
        le32(&mut out, crc);
        le32(&mut out, size);
        le32(&mut out, size);
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        le32(&mut central, 0x0201_4b50);
        le16(&mut central, 20);
        le16(&mut central, 20);
        le16(&mut central, 0x0800);
        le16(&mut central, 0);
        le16(&mut central, 0);
        le16(&mut central, 0x21);
        le32(&mut central, crc);
        le32(&mut central, size);
        le32(&mut central, size);
        le16(&mut central, name.len() as u16);
        for _ in 0..4 {
            le16(&mut central, 0);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(name);
    }
    let (start, len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    le16(&mut out, 0);
    le16(&mut out, 0);
    le16(&mut out, parts.len() as u16);
    le16(&mut out, parts.len() as u16);
    le32(&mut out, len);
    le32(&mut out, start);
    le16(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    /// The stored entries of a zip, by name, read back through the central directory.
    fn unzip(z: &[u8]) -> Vec<(String, Vec<u8>)> {
        let u16_at = |i: usize| u16::from_le_bytes([z[i], z[i + 1]]) as usize;
        let u32_at = |i: usize| u32::from_le_bytes([z[i], z[i + 1], z[i + 2], z[i + 3]]) as usize;
        let end = z.len() - 22;
        assert_eq!(u32_at(end), 0x0605_4b50);
        let (n, mut at) = (u16_at(end + 10), u32_at(end + 16));
        let mut out = Vec::new();
        for _ in 0..n {
            assert_eq!(u32_at(at), 0x0201_4b50);
            let (crc, size, name_len) = (u32_at(at + 16), u32_at(at + 20), u16_at(at + 28));
            let local = u32_at(at + 42);
            let name = String::from_utf8(z[at + 46..at + 46 + name_len].to_vec()).unwrap();
            let data_at = local + 30 + u16_at(local + 26);
            let data = z[data_at..data_at + size].to_vec();
            assert_eq!(crc32(&data) as usize, crc, "{name}");
            out.push((name, data));
            at += 46 + name_len;
        }
        out
    }

    #[test]
    fn a_workbook_holds_typed_cells_and_escaped_text() {
        let rows = vec![
            vec![
                Cow::from("王芳 <b>&</b>"),
                Cow::from("1234.50"),
                Cow::from("=1+2"),
            ],
            vec![Cow::from("007"), Cow::from("-3"), Cow::from("")],
        ];
        let z = workbook("客户", &["名称", "金额", "备注"], rows);
        let parts = unzip(&z);
        let names: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
        assert!(names.contains(&"[Content_Types].xml") && names.contains(&"xl/workbook.xml"));
        let sheet = String::from_utf8(
            parts
                .iter()
                .find(|p| p.0 == "xl/worksheets/sheet1.xml")
                .unwrap()
                .1
                .clone(),
        )
        .unwrap();
        assert!(sheet.contains(r#"<c r="A2" t="inlineStr"><is><t xml:space="preserve">王芳 &lt;b&gt;&amp;&lt;/b&gt;</t></is></c>"#));
        assert!(
            sheet.contains(r#"<c r="B2"><v>1234.50</v></c>"#),
            "a number"
        );
        assert!(
            sheet.contains(r#"<t xml:space="preserve">=1+2</t>"#),
            "a formula stays text"
        );
        assert!(
            sheet.contains(r#"<c r="A3" t="inlineStr"><is><t xml:space="preserve">007</t>"#),
            "leading zeros stay text"
        );
        assert!(!sheet.contains(r#"r="C3""#), "empty cells are left out");
        assert!(
            sheet.contains(r#"<c r="A1" s="1" t="inlineStr">"#),
            "the header is bold"
        );
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}
