//! Reading rosters: CSV in UTF-8 (with or without BOM) or GBK/GB18030 (what Chinese Excel
//! writes), comma, semicolon or tab, detected and overridable; `.xlsx` and `.xls` through
//! calamine, with a choice of sheet.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader};

use super::{Cell, RosterError, Table};

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

/// Decodes text: `forced`, else UTF-8 when the bytes are valid UTF-8, else GB18030.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> (String, Encoding) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let enc = forced.unwrap_or(if std::str::from_utf8(bytes).is_ok() {
        Encoding::Utf8
    } else {
        Encoding::Gb18030
    });
    let text = match enc {
        Encoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        Encoding::Gb18030 => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    };
    (text, enc)
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

/// Parses delimited text (RFC 4180 quoting; CR LF or LF). Every line is a row, blank ones
/// included, so that row numbers match the file's lines.
pub fn parse_delimited(text: &str, delimiter: u8) -> Table {
    let delimiter = delimiter as char;
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    let push_cell = |row: &mut Vec<Cell>, cell: &mut String, was_quoted: &mut bool| {
        let c = std::mem::take(cell);
        row.push(if c.is_empty() && !*was_quoted {
            Cell::Empty
        } else {
            Cell::Text(c)
        });
        *was_quoted = false;
    };
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cell.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
        } else if c == '"' && cell.is_empty() && !was_quoted {
            quoted = true;
            was_quoted = true;
        } else if c == delimiter {
            push_cell(&mut row, &mut cell, &mut was_quoted);
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            push_cell(&mut row, &mut cell, &mut was_quoted);
            rows.push(std::mem::take(&mut row));
        } else {
            cell.push(c);
        }
    }
    if !cell.is_empty() || !row.is_empty() || was_quoted {
        push_cell(&mut row, &mut cell, &mut was_quoted);
        rows.push(row);
    }
    Table { rows }
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
pub fn read_csv(bytes: &[u8], encoding: Option<Encoding>, delimiter: Option<u8>) -> Csv {
    let (text, encoding) = decode(bytes, encoding);
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(&text));
    Csv {
        table: parse_delimited(&text, delimiter),
        encoding,
        delimiter,
    }
}

/// A date cell as `YYYY-MM-DD`: Excel serial days since 1899-12-30 (the 1900 leap-year bug
/// is before any birth date).
fn date_cell(serial: f64) -> Cell {
    Cell::Other(
        crate::id::Date::from_days_since_epoch(serial.floor() as i64 - 25_569)
            .map(|t| t.to_string())
            .unwrap_or_else(|| serial.to_string()),
    )
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => date_cell(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Other(s.clone()),
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

fn unreadable(e: impl std::fmt::Display) -> RosterError {
    RosterError::new(
        "unreadable_workbook",
        format!("无法读取此 Excel 文件：{e}"),
        format!("this Excel file cannot be read: {e}"),
    )
}

/// Reads one sheet of an `.xlsx` or `.xls` workbook (the first when `sheet` is `None`).
pub fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, RosterError> {
    if sniff(bytes) == Format::Xlsx {
        if let Ok(mut wb) = calamine::Xlsx::new(Cursor::new(bytes)) {
            let sheets = wb.sheet_names().to_vec();
            let name = choose_sheet(&sheets, sheet)?;
            let rows = read_xlsx_cells(&mut wb, &name)?;
            return Ok(Sheet {
                table: Table { rows },
                sheets,
                sheet: name,
            });
        }
    }
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let sheets = wb.sheet_names().to_vec();
    let name = choose_sheet(&sheets, sheet)?;
    let range = wb.worksheet_range(&name).map_err(unreadable)?;
    Ok(Sheet {
        table: Table {
            rows: range_rows(&range),
        },
        sheets,
        sheet: name,
    })
}

/// The rows of a used range, keeping the sheet's own row and column numbers: the rows above
/// the used range are empty and the columns left of it are padded.
fn range_rows(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); first_row as usize];
    for r in range.rows() {
        let mut row = vec![Cell::Empty; first_col as usize];
        row.extend(r.iter().map(cell_of));
        rows.push(row);
    }
    rows
}

fn choose_sheet(sheets: &[String], sheet: Option<&str>) -> Result<String, RosterError> {
    match sheet {
        Some(s) if sheets.iter().any(|n| n == s) => Ok(s.to_string()),
        Some(s) => Err(RosterError::new(
            "no_such_sheet",
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
/// the used range all reach its last used column.
fn read_xlsx_cells<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Vec<Vec<Cell>>, RosterError> {
    let mut reader = wb.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let (mut first_row, mut width) = (usize::MAX, 0usize);
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
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
        row[c] = cell_of_ref(value);
        first_row = first_row.min(r);
        width = width.max(c + 1);
    }
    for row in rows.iter_mut().skip(first_row) {
        row.resize(width, Cell::Empty);
    }
    Ok(rows)
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
        let (text, enc) = decode(&gbk, None);
        assert_eq!(
            (text.as_str(), enc),
            ("姓名,身份证号\n张三,1\n", Encoding::Gb18030)
        );
        let (text, enc) = decode("\u{FEFF}姓名".as_bytes(), None);
        assert_eq!((text.as_str(), enc), ("姓名", Encoding::Utf8));
    }

    #[test]
    fn delimiters_and_quotes() {
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("a;b;c,d"), b';');
        assert_eq!(detect_delimiter("\"a,b\";c"), b';');
        let t = parse_delimited("a,\"b,\"\"c\"\"\",\r\n,x\n\n", b',');
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
        assert_eq!(parse_delimited("", b',').rows.len(), 0);
        assert_eq!(
            parse_delimited("\"unclosed", b',').rows,
            vec![vec![Cell::Text("unclosed".into())]]
        );
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
        assert_eq!(streamed.table.rows, range_rows(&range));
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
