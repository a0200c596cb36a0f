//! Rosters (台账): a county's CSV or Excel list in, every row checked, computed and optionally
//! tokenized, and an annotated workbook (or CSV) out. Rows in = rows out, in the original
//! order, original values untouched; results go in added columns and a summary sheet.
//!
//! ```text
//! bytes ─▶ read (CSV: UTF-8 / GB18030, , ; tab │ xlsx/xls: calamine) ─▶ Table
//!       ─▶ header::detect (Chinese header variants; correctable) ─▶ Mapping
//!       ─▶ pipeline::Processor (chunks, for progress) ─▶ RowResult per row
//!       ─▶ summary ─▶ write (xlsx: rust_xlsxwriter │ CSV with BOM)
//! ```

pub mod generate;
pub mod guard;
pub mod header;
pub mod job;
pub mod limits;
pub mod pipeline;
pub mod read;
pub mod sheet;
pub mod status;
pub mod summary;
pub mod write;

/// One cell as read: spreadsheets keep numbers as numbers (an ID stored as a number has
/// lost its digits beyond 2^53, which the pipeline reports).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// An Excel error value (`#N/A` …) or a date/time shown as text.
    Other(String),
}

impl Cell {
    /// The cell as text, as a person would read it (integral numbers without `.0`).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Other(s) => s.clone(),
            Cell::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Cell::Number(f) => format!("{f}"),
            Cell::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        }
    }

    /// [`Cell::text`] without a copy for text cells.
    pub fn text_ref(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(s) | Cell::Other(s) => std::borrow::Cow::Borrowed(s),
            Cell::Empty => std::borrow::Cow::Borrowed(""),
            _ => std::borrow::Cow::Owned(self.text()),
        }
    }

    /// Whether the cell holds nothing (or only spaces).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Whether `s` has a character a workbook's XML cannot carry: a control character other than
/// tab and line ends. Rows are many: the smallest byte first (a reduction the compiler
/// vectorizes), the exact test only when it is below a space.
pub fn has_xml_control(s: &str) -> bool {
    s.bytes().fold(0xFF, u8::min) < 0x20
        && s.bytes()
            .any(|b| b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')
}

/// A sheet: rows of cells (the header row among them; see [`header::detect`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Every row, as read.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Number of columns (the widest row).
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
    /// The cell at (row, column), `Empty` beyond a short row.
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        const EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }
}

/// Why a roster could not be read or written: the codes of [`RosterError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RosterCode {
    /// A CSV file in neither UTF-8 nor GB18030.
    BadEncoding,
    /// A header row chosen past the file's end.
    HeaderRowBeyondEnd,
    /// No header recognized.
    NoHeader,
    /// A header without an ID column (the command line).
    NoIdColumn,
    /// A sheet the workbook does not have.
    NoSuchSheet,
    /// A list for a progress report that does not say who is insured.
    NoStatusColumn,
    /// A workbook read back as a ledger without a ledger sheet.
    NotALedger,
    /// The file given as the ledger as built is not one (changed, filled in, not a ledger).
    NotAsBuilt,
    /// A returned ledger's sheet with some of a ledger sheet's columns but not all.
    LedgerSheetUnreadable,
    /// A returned ledger's villages table missing, repeated or with a count that is not one.
    LedgerIndexChanged,
    /// Over a limit of `limits::LIMITS`.
    TooLarge,
    /// More rows or columns than a workbook holds.
    TooLargeForXlsx,
    /// A workbook that cannot be read.
    UnreadableWorkbook,
    /// A CSV quote never closed.
    UnterminatedQuote,
    /// A quoted CSV cell spanning lines with text after its closing quote.
    UnbalancedQuote,
    /// The workbook could not be written.
    WriteFailed,
}

impl RosterCode {
    /// Every code.
    pub const ALL: [RosterCode; 16] = [
        RosterCode::BadEncoding,
        RosterCode::HeaderRowBeyondEnd,
        RosterCode::NoHeader,
        RosterCode::NoIdColumn,
        RosterCode::NoSuchSheet,
        RosterCode::NoStatusColumn,
        RosterCode::NotALedger,
        RosterCode::NotAsBuilt,
        RosterCode::LedgerSheetUnreadable,
        RosterCode::LedgerIndexChanged,
        RosterCode::TooLarge,
        RosterCode::TooLargeForXlsx,
        RosterCode::UnreadableWorkbook,
        RosterCode::UnterminatedQuote,
        RosterCode::UnbalancedQuote,
        RosterCode::WriteFailed,
    ];

    /// Stable snake_case code.
    pub const fn code(self) -> &'static str {
        match self {
            RosterCode::BadEncoding => "bad_encoding",
            RosterCode::HeaderRowBeyondEnd => "header_row_beyond_end",
            RosterCode::NoHeader => "no_header",
            RosterCode::NoIdColumn => "no_id_column",
            RosterCode::NoSuchSheet => "no_such_sheet",
            RosterCode::NoStatusColumn => "no_status_column",
            RosterCode::NotALedger => "not_a_ledger",
            RosterCode::NotAsBuilt => "not_as_built",
            RosterCode::LedgerSheetUnreadable => "ledger_sheet_unreadable",
            RosterCode::LedgerIndexChanged => "ledger_index_changed",
            RosterCode::TooLarge => "too_large",
            RosterCode::TooLargeForXlsx => "too_large_for_xlsx",
            RosterCode::UnreadableWorkbook => "unreadable_workbook",
            RosterCode::UnterminatedQuote => "unterminated_quote",
            RosterCode::UnbalancedQuote => "unbalanced_quote",
            RosterCode::WriteFailed => "write_failed",
        }
    }
}

/// Why a roster could not be read at all (a row's problems are results, not errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterError {
    /// Stable snake_case code.
    pub code: &'static str,
    text: crate::lang::Text,
}

impl RosterError {
    pub(crate) fn new(
        code: RosterCode,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> RosterError {
        RosterError {
            code: code.code(),
            text: crate::lang::Text::new(zh, en),
        }
    }
    /// The message in `lang`.
    pub fn message(&self, lang: crate::lang::Lang) -> &str {
        self.text.get(lang)
    }
}

impl std::fmt::Display for RosterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.text.en)
    }
}

impl std::error::Error for RosterError {}

/// What to read.
#[derive(Clone, Debug, Default)]
pub struct Input<'a> {
    /// The file's bytes.
    pub bytes: &'a [u8],
    /// The sheet of a workbook (default: the first).
    pub sheet: Option<&'a str>,
    /// The encoding of a CSV file (default: detected).
    pub encoding: Option<read::Encoding>,
    /// The delimiter of a CSV file (default: detected).
    pub delimiter: Option<u8>,
    /// The column mapping (default: detected from the header).
    pub mapping: Option<header::Mapping>,
}

/// A roster read and understood, ready for the pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The rows.
    pub table: Table,
    /// What the file was.
    pub format: read::Format,
    /// Sheets of a workbook (empty for CSV).
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: Option<String>,
    /// The encoding of a CSV file.
    pub encoding: Option<read::Encoding>,
    /// The delimiter of a CSV file.
    pub delimiter: Option<u8>,
    /// The header row and columns.
    pub mapping: header::Mapping,
}

/// Reads a roster (CSV, `.xlsx` or `.xls`, recognized by content) and finds its header.
pub fn load(input: &Input) -> Result<Loaded, RosterError> {
    let format = read::sniff(input.bytes);
    let (table, sheets, sheet, encoding, delimiter) = match format {
        read::Format::Csv => {
            let c = read::read_csv(input.bytes, input.encoding, input.delimiter)?;
            (
                c.table,
                Vec::new(),
                None,
                Some(c.encoding),
                Some(c.delimiter),
            )
        }
        _ => {
            let s = read::read_workbook(input.bytes, input.sheet)?;
            (s.table, s.sheets, Some(s.sheet), None, None)
        }
    };
    let mapping = match &input.mapping {
        Some(m) => m.clone(),
        None => header::detect(&table).ok_or_else(|| {
            RosterError::new(
                RosterCode::NoHeader,
                "找不到表头：前 30 行中没有“姓名”或“身份证号”等列名。请检查文件，或手动指定各列",
                "no header found: none of the first 30 rows names a name or ID column. Check the file, or map the columns by hand",
            )
        })?,
    };
    check_header_row(&table, mapping.header_row)?;
    Ok(Loaded {
        table,
        format,
        sheets,
        sheet,
        encoding,
        delimiter,
        mapping,
    })
}

/// What the user chose by hand, on the page or the command line.
#[derive(Clone, Debug, Default)]
pub struct Choices {
    /// The header's row (0-based).
    pub header_row: Option<usize>,
    /// The columns (role → 0-based column index), replacing those the header names.
    pub columns: Option<Vec<(header::Role, usize)>>,
}

/// [`load`] with the user's choices: the one way every edge reads a roster (the page's
/// worker, `readTable` for the matching page, the command line). A header row given by hand
/// must be one of the file's rows; its columns are the roles it names (unless columns are
/// given too), and it rescues a file whose header was not recognized.
pub fn load_with(input: &Input, choices: &Choices) -> Result<Loaded, RosterError> {
    let mut input = input.clone();
    if let (Some(h), Some(cols)) = (choices.header_row, &choices.columns) {
        input.mapping = Some(header::Mapping {
            header_row: h,
            columns: cols.clone(),
        });
    }
    let mut loaded = load(&input).or_else(|e| match (e.code, choices.header_row) {
        ("no_header", Some(h)) => load(&Input {
            mapping: Some(header::Mapping {
                header_row: h,
                columns: Vec::new(),
            }),
            ..input.clone()
        }),
        _ => Err(e),
    })?;
    if let Some(h) = choices.header_row {
        check_header_row(&loaded.table, h)?;
        if loaded.mapping.header_row != h {
            loaded.mapping.columns = header::columns_in(&loaded.table, h);
        }
        loaded.mapping.header_row = h;
    }
    if let Some(cols) = &choices.columns {
        loaded.mapping.columns = cols.clone();
    }
    Ok(loaded)
}

/// A job checks nothing without an ID column: an error naming the header row, for edges that
/// cannot ask the user to map the columns (the command line).
pub fn require_id_column(mapping: &header::Mapping) -> Result<(), RosterError> {
    if mapping.column(header::Role::Id).is_some() {
        return Ok(());
    }
    let row = mapping.header_row + 1;
    Err(RosterError::new(
        RosterCode::NoIdColumn,
        format!("表头（第 {row} 行）中没有身份证号列：请检查文件，或指定正确的表头行"),
        format!("the header (row {row}) has no ID number column: check the file, or give the right header row"),
    ))
}

/// A header row given by hand must be one of the table's rows (a row past the end would
/// leave no rows to check, silently).
pub fn check_header_row(table: &Table, header_row: usize) -> Result<(), RosterError> {
    let rows = table.rows.len();
    if header_row < rows {
        return Ok(());
    }
    let given = header_row.saturating_add(1);
    Err(RosterError::new(
        RosterCode::HeaderRowBeyondEnd,
        format!("表头行号 {given} 超出了文件的行数（共 {rows} 行）"),
        format!("header row {given} is past the end of the file ({rows} rows)"),
    ))
}

/// A workbook the reader (or the structure check before it) cannot read: `unreadable_workbook`.
pub(crate) fn unreadable(e: impl std::fmt::Display) -> RosterError {
    RosterError::new(
        RosterCode::UnreadableWorkbook,
        format!("无法读取此 Excel 文件：{e}"),
        format!("this Excel file cannot be read: {e}"),
    )
}
