//! Reading rosters: CSV in UTF-8 (with or without BOM) or GBK/GB18030 (what Chinese Excel
//! writes), comma, semicolon or tab, detected and overridable; `.xlsx` and `.xls` through
//! calamine, with a choice of sheet.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader};

use super::limits::{Limits, TextBudget, What, LIMITS};
use super::{unreadable, Cell, RosterCode, RosterError, Table};

/// Text encodings of CSV files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is dropped).
    Utf8,
    /// GB18030, a superset of GBK and GB2312.
    Gb18030,
}

impl Encoding {
    /// Name as in the API (`"utf-8"`, `"gb18030"`).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gb18030",
        }
    }
    /// From a name (`utf-8`, `utf8`, `gbk`, `gb2312`, `gb18030`), any case.
    pub fn from_name(s: &str) -> Option<Encoding> {
        match s.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gbk" | "gb2312" | "gb18030" => Some(Encoding::Gb18030),
            _ => None,
        }
    }
}

/// The kind of file, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (a zip).
    Xlsx,
    /// Legacy Excel 97–2003 workbook (an OLE compound file).
    Xls,
    /// Delimited text.
    Csv,
}

/// Recognizes a workbook by its signature; anything else is taken as text.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        Format::Xlsx
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Format::Xls
    } else {
        Format::Csv
    }
}

/// The line (from 1) of byte offset `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

fn bad_encoding(enc: Encoding, line: usize) -> RosterError {
    let name = match enc {
        Encoding::Utf8 => "UTF-8",
        Encoding::Gb18030 => "GBK/GB18030",
    };
    RosterError::new(
        RosterCode::BadEncoding,
        format!("文件第 {line} 行有不是 {name} 编码的字节。请在 Excel 中“另存为”CSV（UTF-8）后再试"),
        format!("line {line} of the file has bytes that are not {name}. Save it again from Excel as CSV (UTF-8) and retry"),
    )
}

/// Decodes text: `forced`, else UTF-8 when the file starts with a UTF-8 byte-order mark or
/// its bytes are valid UTF-8, else GB18030. Bytes that are not of the encoding used are an
/// error (`bad_encoding`, with their line), never replaced silently.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<(String, Encoding), RosterError> {
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let utf8 = std::str::from_utf8(bytes);
    let enc = forced.unwrap_or(if bom || utf8.is_ok() {
        Encoding::Utf8
    } else {
        Encoding::Gb18030
    });
    let text = match enc {
        Encoding::Utf8 => match utf8 {
            Ok(t) => t.to_owned(),
            Err(e) => return Err(bad_encoding(enc, line_of(bytes, e.valid_up_to()))),
        },
        Encoding::Gb18030 => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                let at = text.find('\u{FFFD}').unwrap_or(0);
                let line = 1 + text[..at].matches('\n').count();
                return Err(bad_encoding(enc, line));
            }
            text.into_owned()
        }
    };
    Ok((text, enc))
}

/// The delimiter of the first line: tab, semicolon or comma, whichever occurs most (outside
/// quotes); comma when none does.
pub fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [(b'\t', 0usize), (b';', 0), (b',', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in counts.iter_mut() {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .filter(|c| c.1 > 0)
        .max_by_key(|c| c.1)
        .map_or(b',', |c| c.0)
}

fn quote_error(code: RosterCode, line: usize) -> RosterError {
    match code {
        RosterCode::UnterminatedQuote => RosterError::new(
            code,
            format!("第 {line} 行的引号（\"）没有结束：其后的内容都会并进一个单元格。请检查该行"),
            format!("the quote (\") opened on line {line} is never closed: everything after it would fold into one cell. Check that line"),
        ),
        _ => RosterError::new(
            code,
            format!("第 {line} 行开始的带引号单元格跨了多行，且结束引号后还有内容：多个人的数据可能被并进了一个单元格。请检查该行的引号"),
            format!("the quoted cell that starts on line {line} spans lines and has text after its closing quote: several people may have been folded into one cell. Check the quotes on that line"),
        ),
    }
}

/// Parses delimited text (RFC 4180 quoting; CR LF or LF). Every line is a row, blank ones
/// included, so that row numbers match the file's lines. Checks [`LIMITS`] as it goes,
/// and refuses a quote that is never closed (`unterminated_quote`) or a quoted cell that spans
/// lines and is followed by more text (`unbalanced_quote`: a stray quote that folded rows
/// together), each with the line where the quote opened.
pub fn parse_delimited(text: &str, delimiter: u8) -> Result<Table, RosterError> {
    let delimiter = delimiter as char;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    // Line of the current quote's opening, and whether the quoted text crossed a line end.
    let (mut line, mut quote_line, mut spanned) = (1usize, 0usize, false);
    let mut width = 0usize;
    let mut chars = text.chars().peekable();
    let push_cell = |row: &mut Vec<Cell>,
                     cell: &mut String,
                     was_quoted: &mut bool,
                     at_row: usize|
     -> Result<(), RosterError> {
        let c = std::mem::take(cell);
        let col = row.len() + 1;
        Limits::check(What::Columns, col as u64, Some((at_row, None)))?;
        Limits::check_chars(&c, at_row, col)?;
        row.push(if c.is_empty() && !*was_quoted {
            Cell::Empty
        } else {
            Cell::Text(c)
        });
        *was_quoted = false;
        Ok(())
    };
    let mut push_row = |rows: &mut Vec<Vec<Cell>>, row: Vec<Cell>| -> Result<(), RosterError> {
        let n = rows.len() + 1;
        Limits::check(What::Rows, n as u64, None)?;
        width = width.max(row.len());
        Limits::check(What::Cells, (n * width) as u64, Some((n, None)))?;
        rows.push(row);
        Ok(())
    };
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cell.push('"');
                    chars.next();
                } else {
                    quoted = false;
                    if spanned
                        && !matches!(chars.peek(), None | Some('\n' | '\r'))
                        && chars.peek() != Some(&delimiter)
                    {
                        return Err(quote_error(RosterCode::UnbalancedQuote, quote_line));
                    }
                }
            } else {
                if c == '\n' {
                    line += 1;
                    spanned = true;
                }
                cell.push(c);
            }
        } else if c == '"' && cell.is_empty() && !was_quoted {
            quoted = true;
            was_quoted = true;
            quote_line = line;
            spanned = false;
        } else if c == delimiter {
            push_cell(&mut row, &mut cell, &mut was_quoted, rows.len() + 1)?;
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            push_cell(&mut row, &mut cell, &mut was_quoted, rows.len() + 1)?;
            push_row(&mut rows, std::mem::take(&mut row))?;
            line += 1;
        } else {
            cell.push(c);
        }
        // A cell still growing is refused once its bytes alone prove it too long (at most 4
        // bytes a character), before it takes more memory.
        if cell.len() > 4 * LIMITS.cell_chars {
            Limits::check_chars(&cell, rows.len() + 1, row.len() + 1)?;
        }
    }
    if quoted {
        return Err(quote_error(RosterCode::UnterminatedQuote, quote_line));
    }
    if !cell.is_empty() || !row.is_empty() || was_quoted {
        push_cell(&mut row, &mut cell, &mut was_quoted, rows.len() + 1)?;
        push_row(&mut rows, row)?;
    }
    Ok(Table { rows })
}

/// A CSV file read.
#[derive(Clone, Debug, PartialEq)]
pub struct Csv {
    /// The rows.
    pub table: Table,
    /// The encoding used.
    pub encoding: Encoding,
    /// The delimiter used.
    pub delimiter: u8,
}

/// Reads a CSV file; encoding and delimiter are detected unless given.
pub fn read_csv(
    bytes: &[u8],
    encoding: Option<Encoding>,
    delimiter: Option<u8>,
) -> Result<Csv, RosterError> {
    check_file_size(bytes)?;
    let (text, encoding) = decode(bytes, encoding)?;
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(&text));
    Ok(Csv {
        table: parse_delimited(&text, delimiter)?,
        encoding,
        delimiter,
    })
}

/// [`Limits::file_bytes`].
pub fn check_file_size(bytes: &[u8]) -> Result<(), RosterError> {
    Limits::check(What::FileBytes, bytes.len() as u64, None)
}

/// A date cell as `YYYY-MM-DD`: Excel serial days since 1899-12-30 (the 1900 leap-year bug
/// is before any birth date).
fn date_cell(serial: f64) -> Cell {
    Cell::Other(
        crate::date::Date::from_days_since_epoch(serial.floor() as i64 - 25_569)
            .map(|t| t.to_string())
            .unwrap_or_else(|| serial.to_string()),
    )
}

/// A reader's value as a cell (its text moved, not copied).
fn cell_of(d: Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        Data::Float(f) => Cell::Number(f),
        Data::Int(i) => Cell::Number(i as f64),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(d) => date_cell(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Other(s),
        Data::Error(e) => Cell::Other(format!("#{e:?}")),
    }
}

/// A workbook sheet read.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// The rows (the first row is the sheet's first used row).
    pub table: Table,
    /// Every sheet name, in order.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: String,
}

/// Runs a reader on a workbook: natively, a panic inside it (calamine on a damaged file) is
/// caught and becomes `unreadable_workbook`. In WebAssembly a panic is a trap that ends the
/// module instance: the roster page's worker then reports the file as unreadable and is
/// replaced before the next job (`www/roster-worker.js`).
fn isolated<T>(f: impl FnOnce() -> Result<T, RosterError>) -> Result<T, RosterError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|p| {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(unreadable(format_args!("the reader failed ({what})")))
        })
    }
    #[cfg(target_arch = "wasm32")]
    f()
}

/// Reads one sheet of an `.xlsx` or `.xls` workbook (the first when `sheet` is `None`). The
/// file's structure is checked first ([`super::guard`]), so that it cannot make the reader
/// allocate beyond [`LIMITS`].
pub fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, RosterError> {
    let format = guarded(bytes)?;
    let mut text = TextBudget::default();
    isolated(|| {
        if format == Format::Xlsx {
            let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
            let sheets = wb.sheet_names().to_vec();
            let name = choose_sheet(&sheets, sheet)?;
            let rows = read_xlsx_cells(&mut wb, &name, &mut text)?;
            return Ok(Sheet {
                table: Table { rows },
                sheets,
                sheet: name,
            });
        }
        let mut wb = calamine::Xls::new(Cursor::new(bytes)).map_err(unreadable)?;
        let sheets = wb.sheet_names().to_vec();
        let name = choose_sheet(&sheets, sheet)?;
        let range = wb.worksheet_range(&name).map_err(unreadable)?;
        Ok(Sheet {
            table: Table {
                rows: range_rows(range, &mut text)?,
            },
            sheets,
            sheet: name,
        })
    })
}

/// The workbook's format, after its size and structure are checked ([`super::guard`]). Only
/// the two formats checked are read: a zip that is not an `.xlsx` (an OpenDocument or `.xlsb`
/// file, whose readers repeat cells and hold text the guard does not measure) is
/// `unreadable_workbook`, never handed to another reader.
fn guarded(bytes: &[u8]) -> Result<Format, RosterError> {
    check_file_size(bytes)?;
    let format = sniff(bytes);
    match format {
        Format::Xlsx => super::guard::check_xlsx(bytes)?,
        Format::Xls => super::guard::check_xls(bytes)?,
        Format::Csv => return Err(unreadable("not a workbook")),
    }
    Ok(format)
}

/// Reads every sheet of an `.xlsx` or `.xls` workbook, in order, opening it once (a ledger
/// with one sheet per village).
pub fn read_workbook_sheets(bytes: &[u8]) -> Result<Vec<(String, Table)>, RosterError> {
    let format = guarded(bytes)?;
    // One total for all the sheets: they are all held at once.
    let mut text = TextBudget::default();
    isolated(|| {
        if format == Format::Xlsx {
            let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
            let sheets = wb.sheet_names().to_vec();
            let mut out = Vec::with_capacity(sheets.len());
            for name in sheets {
                let rows = read_xlsx_cells(&mut wb, &name, &mut text)?;
                out.push((name, Table { rows }));
            }
            return Ok(out);
        }
        let mut wb = calamine::Xls::new(Cursor::new(bytes)).map_err(unreadable)?;
        let sheets = wb.sheet_names().to_vec();
        let mut out = Vec::with_capacity(sheets.len());
        for name in sheets {
            let range = wb.worksheet_range(&name).map_err(unreadable)?;
            out.push((
                name,
                Table {
                    rows: range_rows(range, &mut text)?,
                },
            ));
        }
        Ok(out)
    })
}

/// The rows of a used range, keeping the sheet's own row and column numbers: the rows above
/// the used range are empty and the columns left of it are padded. The range is the reader's
/// copy of the sheet: its text is moved into the cells, not copied again, and counted
/// ([`Limits::cell_text_bytes`]).
fn range_rows(
    mut range: calamine::Range<Data>,
    text: &mut TextBudget,
) -> Result<Vec<Vec<Cell>>, RosterError> {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let (rows, width) = range
        .end()
        .map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
    Limits::check(What::Rows, rows as u64, None)?;
    Limits::check(What::Columns, width as u64, None)?;
    Limits::check(What::Cells, (rows * width) as u64, None)?;
    let mut out: Vec<Vec<Cell>> = vec![Vec::new(); first_row as usize];
    let height = range.height();
    for i in 0..height {
        let mut row = vec![Cell::Empty; first_col as usize];
        for d in range[i].iter_mut() {
            let (r, c) = (out.len() + 1, row.len() + 1);
            if let Some(s) = data_text(d) {
                Limits::check_chars(s, r, c)?;
                text.take(s.len() as u64, Some((r, Some(c))))?;
            }
            let cell = cell_of(std::mem::take(d));
            check_cell_chars(&cell, r, c)?;
            row.push(cell);
        }
        out.push(row);
    }
    Ok(out)
}

/// The text a reader's value holds, if any.
fn data_text(d: &Data) -> Option<&str> {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s),
        _ => None,
    }
}

/// [`Limits::cell_chars`] for a cell read from a workbook (row and column from 1).
fn check_cell_chars(cell: &Cell, row: usize, col: usize) -> Result<(), RosterError> {
    match cell {
        Cell::Text(s) | Cell::Other(s) => Limits::check_chars(s, row, col),
        _ => Ok(()),
    }
}

fn choose_sheet(sheets: &[String], sheet: Option<&str>) -> Result<String, RosterError> {
    match sheet {
        Some(s) if sheets.iter().any(|n| n == s) => Ok(s.to_string()),
        Some(s) => Err(RosterError::new(
            RosterCode::NoSuchSheet,
            format!("工作簿中没有名为“{s}”的工作表（有：{}）", sheets.join("、")),
            format!(
                "the workbook has no sheet \"{s}\" (it has: {})",
                sheets.join(", ")
            ),
        )),
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| unreadable("no sheet")),
    }
}

/// An `.xlsx` sheet cell by cell (calamine's streaming reader): each text is copied once,
/// straight into the table, without building calamine's dense range first. The result is
/// the same as through the range: rows above the first used row are empty, and the rows of
/// the used range all reach its last used column. Each text is measured before it is copied
/// (its characters, and the workbook's running total in `text`): the reader holds a shared
/// string once, but every cell that uses it gets a copy.
fn read_xlsx_cells<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
    text: &mut TextBudget,
) -> Result<Vec<Vec<Cell>>, RosterError> {
    let mut reader = wb.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let (mut first_row, mut width, mut filled) = (usize::MAX, 0usize, 0usize);
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        // Positions are checked before anything is allocated for them.
        Limits::check(What::Rows, r as u64 + 1, None)?;
        Limits::check(What::Columns, c as u64 + 1, Some((r + 1, None)))?;
        let w = width.max(c + 1);
        Limits::check(
            What::Cells,
            ((r + 1).max(rows.len()) * w) as u64,
            Some((r + 1, None)),
        )?;
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.capacity() == 0 {
            // Rows are mostly as wide as the widest so far: one allocation per row.
            row.reserve_exact(width.max(c + 1));
        }
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        if let Some(s) = data_ref_text(value) {
            Limits::check_chars(s, r + 1, c + 1)?;
            text.take(s.len() as u64, Some((r + 1, Some(c + 1))))?;
        }
        row[c] = cell_of_ref(value);
        filled += 1;
        check_cell_chars(&row[c], r + 1, c + 1)?;
        first_row = first_row.min(r);
        width = width.max(c + 1);
    }
    // Padding the rows to the widest builds empty cells: only as many as the data justifies.
    let span = rows.len().saturating_sub(first_row.min(rows.len())) * width;
    Limits::check_span(filled, span as u64)?;
    for row in rows.iter_mut().skip(first_row) {
        row.resize(width, Cell::Empty);
    }
    Ok(rows)
}

/// The text a streamed value holds (or shares), if any.
fn data_ref_text<'a>(d: &'a DataRef) -> Option<&'a str> {
    match d {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(s),
        DataRef::SharedString(s) => Some(s),
        _ => None,
    }
}

fn cell_of_ref(d: &DataRef) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => date_cell(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Other(s.clone()),
        DataRef::Error(e) => Cell::Other(format!("#{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_gbk_are_told_apart() {
        let gbk = encoding_rs::GBK
            .encode("姓名,身份证号\n张三,1\n")
            .0
            .into_owned();
        let (text, enc) = decode(&gbk, None).unwrap();
        assert_eq!(
            (text.as_str(), enc),
            ("姓名,身份证号\n张三,1\n", Encoding::Gb18030)
        );
        let (text, enc) = decode("\u{FEFF}姓名".as_bytes(), None).unwrap();
        assert_eq!((text.as_str(), enc), ("姓名", Encoding::Utf8));
        // A BOM means UTF-8: one bad byte is reported on its line, not decoded as GB18030.
        let mut bad = b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D\n\xE5\xBC\xA0,1\n".to_vec();
        bad[14] = 0xFF;
        let e = decode(&bad, None).unwrap_err();
        assert_eq!(e.code, "bad_encoding");
        assert!(e.message(crate::lang::Lang::En).contains("line 2"), "{e}");
        // Forced UTF-8 does not turn bad bytes into U+FFFD silently.
        let e = decode(&gbk, Some(Encoding::Utf8)).unwrap_err();
        assert_eq!(
            (e.code, e.message(crate::lang::Lang::Zh).contains("第 1 行")),
            ("bad_encoding", true)
        );
    }

    #[test]
    fn delimiters_and_quotes() {
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("a;b;c,d"), b';');
        assert_eq!(detect_delimiter("\"a,b\";c"), b';');
        let t = parse_delimited("a,\"b,\"\"c\"\"\",\r\n,x\n\n", b',').unwrap();
        assert_eq!(
            t.rows,
            vec![
                vec![
                    Cell::Text("a".into()),
                    Cell::Text("b,\"c\"".into()),
                    Cell::Empty
                ],
                vec![Cell::Empty, Cell::Text("x".into())],
                vec![Cell::Empty],
            ]
        );
        assert_eq!(parse_delimited("", b',').unwrap().rows.len(), 0);
        // A cell quoted over two lines is a cell (an address with a line break).
        assert_eq!(
            parse_delimited("a,\"x\ny\",b\nc\n", b',').unwrap().rows,
            vec![
                vec![
                    Cell::Text("a".into()),
                    Cell::Text("x\ny".into()),
                    Cell::Text("b".into())
                ],
                vec![Cell::Text("c".into())],
            ]
        );
    }

    #[test]
    fn unbalanced_quotes_are_reported_with_their_line() {
        let e = parse_delimited("姓名,号码\n张三,1\n李四,\"2\n王五,3\n", b',').unwrap_err();
        assert_eq!(e.code, "unterminated_quote");
        assert!(e.message(crate::lang::Lang::Zh).contains("第 3 行"), "{e}");
        // A stray quote closed by another person's quote: three people in one cell.
        let e = parse_delimited("姓名,号码\n张三,\"1\n李四,2\n王五,\"3\n", b',').unwrap_err();
        assert_eq!(e.code, "unbalanced_quote");
        assert!(e.message(crate::lang::Lang::En).contains("line 2"), "{e}");
    }

    #[test]
    fn limits_are_checked_while_parsing() {
        use crate::roster::limits::LIMITS;
        let newlines = "\n".repeat(LIMITS.rows + 1);
        let e = parse_delimited(&newlines, b',').unwrap_err();
        assert_eq!(e.code, "too_large");
        assert!(
            e.message(crate::lang::Lang::En).contains("2000000 rows"),
            "{e}"
        );
        let wide = ",".repeat(LIMITS.columns);
        assert_eq!(parse_delimited(&wide, b',').unwrap_err().code, "too_large");
        let long = format!("a,{}\n", "x".repeat(LIMITS.cell_chars + 1));
        let e = parse_delimited(&long, b',').unwrap_err();
        assert!(
            e.message(crate::lang::Lang::En).contains("row 1, column 2"),
            "{e}"
        );
        let ok = format!("a,{}\n", "x".repeat(LIMITS.cell_chars));
        assert!(parse_delimited(&ok, b',').is_ok());
    }

    #[test]
    fn the_streamed_xlsx_reader_gives_what_the_range_gives() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        // Used range from C3: a gap row, a short row, every kind of value.
        ws.write_string(2, 3, "姓名").unwrap();
        ws.write_string(2, 5, "公民身份号码").unwrap();
        ws.write_string(4, 2, "张三").unwrap();
        ws.write_number(4, 5, 1.10105e17).unwrap();
        ws.write_boolean(5, 4, true).unwrap();
        ws.write_blank(6, 8, &rust_xlsxwriter::Format::new().set_bold())
            .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let streamed = read_workbook(&bytes, None).unwrap();
        let mut auto = calamine::open_workbook_auto_from_rs(Cursor::new(&bytes[..])).unwrap();
        let range = auto.worksheet_range("Sheet1").unwrap();
        assert_eq!(
            streamed.table.rows,
            range_rows(range, &mut TextBudget::default()).unwrap()
        );
        assert_eq!(streamed.table.rows.len(), 6);
        assert_eq!(streamed.table.rows[0], Vec::<Cell>::new());
        assert_eq!(streamed.table.rows[4][5], Cell::Number(1.10105e17));
        assert_eq!(streamed.table.rows[5].len(), 6);
    }

    #[test]
    fn signatures() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Format::Xlsx);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0]), Format::Xls);
        assert_eq!(sniff("姓名".as_bytes()), Format::Csv);
    }
}
