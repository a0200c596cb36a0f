//! The roster worksheet written as a stream of SpreadsheetML straight into the deflater.
//!
//! rust_xlsxwriter keeps every cell of a worksheet in memory (a map per row, a shared-string
//! hash table) and formats it at save time: for a 600,000-row roster (11 M cells) that took
//! 17 s natively and 26 s in Chromium, with 2.3 GiB at peak. The roster sheet is the one
//! part that is large and regular, so it is written here, row by row, with inline strings
//! (ECMA-376 Part 1, §18.3.1.53 `is`; `t="inlineStr"`) and no shared-string table, while
//! rust_xlsxwriter still writes everything else (styles, summary sheet, workbook, document
//! properties). `write::to_xlsx` splices this part into rust_xlsxwriter's package in place
//! of its (placeholder) first worksheet.

use std::io::Write;

use super::Cell;

// Style indices (`s` attribute) of the formats `write::to_xlsx` registers first, in this
// order, so that rust_xlsxwriter gives them these cell-format (`cellXfs`) indices.
/// Style index of the error fill.
pub const STYLE_ERROR: u32 = 1;
/// Style index of the warning fill.
pub const STYLE_WARNING: u32 = 2;
/// Style index of bold text.
pub const STYLE_BOLD: u32 = 3;
/// Style index of an amount (two decimals).
pub const STYLE_MONEY: u32 = 4;

/// Rows of the largest sheet Excel opens.
pub const MAX_ROWS: usize = 1_048_576;
/// Columns of the largest sheet Excel opens.
pub const MAX_COLS: usize = 16_384;

/// Column letters: 0 → `A`, 25 → `Z`, 26 → `AA` …
pub fn column_name(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn push_u32(buf: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

fn is_hex4(b: &[u8]) -> bool {
    b.len() >= 4 && b[..4].iter().all(u8::is_ascii_hexdigit)
}

/// Text as the content of `<t>`: XML escapes, characters XML 1.0 cannot carry (control
/// characters other than tab and line ends, U+FFFE, U+FFFF) replaced by U+FFFD (the pipeline
/// reports each row that has one: `control_character`), and a literal `_xHHHH_` protected with
/// `_x005F_` so that Excel shows it as typed.
fn push_text(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        let replacement: Option<&[u8]> = match ch {
            '&' => Some(b"&amp;"),
            '<' => Some(b"&lt;"),
            '>' => Some(b"&gt;"),
            '_' if bytes.get(i + 1) == Some(&b'x')
                && is_hex4(&bytes[(i + 2).min(bytes.len())..])
                && bytes.get(i + 6) == Some(&b'_') =>
            {
                Some(b"_x005F_")
            }
            '\t' | '\n' | '\r' => None,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                buf.extend_from_slice(&bytes[start..i]);
                buf.extend_from_slice("\u{FFFD}".as_bytes());
                start = i + c.len_utf8();
                continue;
            }
            _ => None,
        };
        if let Some(r) = replacement {
            buf.extend_from_slice(&bytes[start..i]);
            buf.extend_from_slice(r);
            // Every replaced character is one byte long; for `_`, `_x005F_` stands for the
            // underscore and the rest of the sequence follows as text.
            start = i + 1;
        }
    }
    buf.extend_from_slice(&bytes[start..]);
}

/// The cell a roster cell becomes, with an optional style.
pub enum Value<'a> {
    /// Text, written inline.
    Text(&'a str),
    /// A number (non-finite numbers are written as their text).
    Number(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// An empty cell (written only when it has a style).
    Blank,
}

impl<'a> Value<'a> {
    /// The value of a roster cell.
    pub fn of(cell: &'a Cell) -> Value<'a> {
        match cell {
            Cell::Empty => Value::Blank,
            Cell::Text(s) | Cell::Other(s) => Value::Text(s),
            Cell::Number(n) => Value::Number(*n),
            Cell::Bool(b) => Value::Bool(*b),
        }
    }
}

/// Writes one worksheet part row by row.
pub struct SheetWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
    columns: Vec<String>,
    row: u32,
    /// The column a cell written without `r` would land in: the one after the previous cell
    /// written with content; `None` at the start of a row or after a self-closing cell.
    implicit: Option<usize>,
    number: String,
    /// The `<autoFilter>` element, written after the rows.
    filter: Option<String>,
}

const FLUSH_AT: usize = 1 << 16;

impl<W: Write> SheetWriter<W> {
    /// Starts the part: `width` columns at most, `rows` rows, the first `frozen` rows frozen
    /// (the last of them carries an autofilter over the rows below when `filter`), columns
    /// as wide as `widths` says (in characters; the rest at Excel's default).
    pub fn new(
        out: W,
        width: usize,
        rows: usize,
        frozen: usize,
        filter: bool,
        widths: &[f64],
    ) -> std::io::Result<Self> {
        let columns: Vec<String> = (0..width.max(1)).map(column_name).collect();
        let mut w = SheetWriter {
            out,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            columns,
            row: 0,
            implicit: None,
            number: String::new(),
            filter: None,
        };
        w.buf.extend_from_slice(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
        );
        if rows > 0 {
            w.buf.extend_from_slice(b"<dimension ref=\"A1:");
            let last = w.columns[w.columns.len() - 1].clone();
            w.buf.extend_from_slice(last.as_bytes());
            push_u32(&mut w.buf, rows as u32);
            w.buf.extend_from_slice(b"\"/>");
        }
        w.buf
            .extend_from_slice(b"<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">");
        if frozen > 0 && frozen < rows {
            w.buf.extend_from_slice(b"<pane ySplit=\"");
            push_u32(&mut w.buf, frozen as u32);
            w.buf.extend_from_slice(b"\" topLeftCell=\"A");
            push_u32(&mut w.buf, frozen as u32 + 1);
            w.buf.extend_from_slice(
                b"\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/>",
            );
        }
        w.buf.extend_from_slice(
            b"</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>",
        );
        if !widths.is_empty() {
            w.buf.extend_from_slice(b"<cols>");
            for (i, width) in widths.iter().enumerate() {
                let n = i as u32 + 1;
                w.buf.extend_from_slice(b"<col min=\"");
                push_u32(&mut w.buf, n);
                w.buf.extend_from_slice(b"\" max=\"");
                push_u32(&mut w.buf, n);
                w.buf.extend_from_slice(
                    format!("\" width=\"{width:.1}\" customWidth=\"1\"/>").as_bytes(),
                );
            }
            w.buf.extend_from_slice(b"</cols>");
        }
        w.buf.extend_from_slice(b"<sheetData>");
        w.filter = (filter && frozen > 0 && frozen < rows).then(|| {
            let last = &w.columns[w.columns.len() - 1];
            format!("<autoFilter ref=\"A{frozen}:{last}{rows}\"/>")
        });
        Ok(w)
    }

    /// Starts the next row.
    pub fn start_row(&mut self) -> std::io::Result<()> {
        if self.row > 0 {
            self.buf.extend_from_slice(b"</row>");
        }
        self.row += 1;
        self.implicit = None;
        self.buf.extend_from_slice(b"<row r=\"");
        push_u32(&mut self.buf, self.row);
        self.buf.extend_from_slice(b"\">");
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes a cell of the current row (columns in increasing order).
    pub fn cell(&mut self, col: usize, value: Value, style: Option<u32>) {
        if matches!(value, Value::Blank) && style.is_none() {
            return;
        }
        let Some(name) = self.columns.get(col) else {
            return;
        };
        // A cell right after the previous one (which had content) needs no reference: they
        // were a sixth of the part's bytes (ECMA-376 Part 1, §18.3.1.4: `r` is optional).
        // Readers place a cell without `r` after the previous `<c>…</c>`; after a self-closing
        // `<c/>` some (calamine) do not advance, so the next cell always names itself.
        if self.implicit == Some(col) {
            self.buf.extend_from_slice(b"<c");
        } else {
            self.buf.extend_from_slice(b"<c r=\"");
            self.buf.extend_from_slice(name.as_bytes());
            push_u32(&mut self.buf, self.row);
            self.buf.push(b'"');
        }
        self.implicit = if matches!(value, Value::Blank) {
            None
        } else {
            Some(col + 1)
        };
        if let Some(s) = style {
            self.buf.extend_from_slice(b" s=\"");
            push_u32(&mut self.buf, s);
            self.buf.push(b'"');
        }
        match value {
            Value::Blank => self.buf.extend_from_slice(b"/>"),
            Value::Number(n) if n.is_finite() => {
                use std::fmt::Write as _;
                self.number.clear();
                let _ = write!(self.number, "{n}");
                self.buf.extend_from_slice(b"><v>");
                self.buf.extend_from_slice(self.number.as_bytes());
                self.buf.extend_from_slice(b"</v></c>");
            }
            Value::Number(n) => self.inline(&n.to_string()),
            Value::Bool(b) => {
                self.buf.extend_from_slice(if b {
                    b" t=\"b\"><v>1</v></c>"
                } else {
                    b" t=\"b\"><v>0</v></c>"
                });
            }
            Value::Text(s) => self.inline(s),
        }
    }

    fn inline(&mut self, s: &str) {
        let preserve = s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace);
        self.buf.extend_from_slice(if preserve {
            b" t=\"inlineStr\"><is><t xml:space=\"preserve\">" as &[u8]
        } else {
            b" t=\"inlineStr\"><is><t>"
        });
        push_text(&mut self.buf, s);
        self.buf.extend_from_slice(b"</t></is></c>");
    }

    /// Ends the part and hands back the output.
    pub fn finish(mut self) -> std::io::Result<W> {
        if self.row > 0 {
            self.buf.extend_from_slice(b"</row>");
        }
        self.buf.extend_from_slice(b"</sheetData>");
        if let Some(f) = self.filter.take() {
            self.buf.extend_from_slice(f.as_bytes());
        }
        self.buf.extend_from_slice(
            b"<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" \
header=\"0.3\" footer=\"0.3\"/></worksheet>",
        );
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut b = Vec::new();
        push_text(&mut b, s);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(MAX_COLS - 1), "XFD");
    }

    #[test]
    fn text_escapes() {
        assert_eq!(text("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(text("张三\t李四\n"), "张三\t李四\n");
        assert_eq!(text("a\u{1}b"), "a\u{FFFD}b");
        assert_eq!(text("\u{FFFF}"), "\u{FFFD}");
        assert_eq!(text("_x0041_"), "_x005F_x0041_");
        assert_eq!(text("_x00_ _xyz1_ x_"), "_x00_ _xyz1_ x_");
        assert_eq!(text("a_x12AB_"), "a_x005F_x12AB_");
    }

    #[test]
    fn rows_and_cells() {
        let mut w = SheetWriter::new(Vec::new(), 3, 3, 1, true, &[8.0, 12.5]).unwrap();
        w.start_row().unwrap();
        w.cell(0, Value::Text(" 姓名"), Some(STYLE_BOLD));
        w.cell(2, Value::Number(1.5), None);
        w.start_row().unwrap();
        w.cell(0, Value::Blank, None);
        w.cell(1, Value::Blank, Some(STYLE_ERROR));
        w.cell(2, Value::Bool(true), None);
        w.cell(9, Value::Text("beyond the declared width"), None);
        w.start_row().unwrap();
        w.cell(0, Value::Text("a"), None);
        w.cell(1, Value::Number(2.0), Some(STYLE_ERROR));
        w.cell(2, Value::Text("c"), None);
        let xml = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(xml.contains("<dimension ref=\"A1:C3\"/>"), "{xml}");
        // Column widths before the rows, the header's autofilter after them.
        assert!(
            xml.contains("<cols><col min=\"1\" max=\"1\" width=\"8.0\" customWidth=\"1\"/><col min=\"2\" max=\"2\" width=\"12.5\" customWidth=\"1\"/></cols><sheetData>"),
            "{xml}"
        );
        assert!(
            xml.contains("</sheetData><autoFilter ref=\"A1:C3\"/><pageMargins"),
            "{xml}"
        );
        assert!(
            xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""),
            "{xml}"
        );
        assert!(xml.contains(
            "<row r=\"1\"><c r=\"A1\" s=\"3\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> 姓名</t></is></c><c r=\"C1\"><v>1.5</v></c></row>"
        ), "{xml}");
        assert!(
            xml.contains(
                "<row r=\"2\"><c r=\"B2\" s=\"1\"/><c r=\"C2\" t=\"b\"><v>1</v></c></row>"
            ),
            "{xml}"
        );
        // Cells right after one with content leave out their reference.
        assert!(
            xml.contains(
                "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>a</t></is></c><c s=\"1\"><v>2</v></c><c t=\"inlineStr\"><is><t>c</t></is></c></row>"
            ),
            "{xml}"
        );
        assert!(!xml.contains("beyond"));
        assert!(xml.ends_with("</worksheet>"));
    }
}
