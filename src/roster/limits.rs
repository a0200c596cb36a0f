//! What a roster file may be: sizes checked before anything is allocated for them, so that
//! memory is bounded by the data and never by what a file claims (a workbook declaring a cell
//! at XFD1048576, a zip of gigabytes of whitespace, a CSV of nothing but line ends). Exceeding
//! one gives the coded error `too_large`, naming the limit and what was found.
//!
//! One table, [`LIMITS`], for the page, the package and the command line; docs/rosters.md lists it
//! (a test checks that it says the same).

use super::{RosterCode, RosterError};

/// The limits on a roster file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The file's size in bytes.
    pub file_bytes: usize,
    /// Rows of the sheet (the header and any rows above it included).
    pub rows: usize,
    /// Columns of the sheet.
    pub columns: usize,
    /// Cells: rows × columns of the sheet as read (empty cells inside it count).
    pub cells: usize,
    /// A sheet spanning more than this many cells must have at least one cell with a value in
    /// every [`Limits::sparse_ratio`] of them: a few cells far apart (a file of a few kilobytes)
    /// cannot make the reader build millions of empty ones.
    pub sparse_floor: usize,
    /// See [`Limits::sparse_floor`].
    pub sparse_ratio: usize,
    /// Characters in one cell (Excel's own limit).
    pub cell_chars: usize,
    /// Bytes of an `.xlsx` workbook unpacked, all its parts together (as really unpacked,
    /// not as its zip directory declares).
    pub part_bytes: u64,
    /// Bytes of an `.xlsx` workbook's shared-string table, unpacked (it is held whole).
    pub shared_strings_bytes: u64,
    /// Bytes of text between two pieces of markup in an `.xlsx` part (a cell's text is at
    /// most 32,767 characters; anything far longer is not a cell).
    pub xml_run: usize,
    /// Bytes (UTF-8) of text a workbook's cells expand to, the sheets read together: a shared
    /// string counts at every cell that uses it, and inline strings count too (for an `.xls`,
    /// whose reader builds every sheet and formula at once, all of them, bounded from above
    /// before it reads). A 6.7 KB `.xlsx` whose one 32,767-character string is used by 60,000
    /// cells would otherwise expand to 2 GB.
    pub cell_text_bytes: u64,
    /// Bytes an `.xls` workbook's reader moves while it writes the formulas out as text, all
    /// formulas together. It inserts a formula's spaces, unary signs and opening brackets one
    /// character at a time in front of the text built so far (moving that text each time), and
    /// copies an operator's, a `SUM`'s or a function's arguments out and back, so that a
    /// formula of many such tokens costs its length squared: an 18 KB `.xls` of two formulas
    /// of 2,040 runs of 255 spaces each took seconds to open. Counted token by token before it
    /// reads (from above where the reader's own function table decides). An ordinary formula
    /// moves a few hundred bytes, and the reader moves about 30 GB a second natively.
    pub formula_work_bytes: u64,
}

/// The limits in force.
pub const LIMITS: Limits = Limits {
    file_bytes: 512 * 1024 * 1024,
    rows: 2_000_000,
    columns: 1_000,
    cells: 20_000_000,
    sparse_floor: 1_000_000,
    sparse_ratio: 64,
    cell_chars: 32_767,
    part_bytes: 2 * 1024 * 1024 * 1024,
    shared_strings_bytes: 256 * 1024 * 1024,
    xml_run: 1024 * 1024,
    // A 600,000-row roster of 15 columns of short text (names, ID and phone numbers,
    // villages) is about 100–150 MB of text.
    cell_text_bytes: 256 * 1024 * 1024,
    // 16 bytes for every byte of the most cell text a workbook may expand to: an ordinary
    // formula moves about 3 bytes per byte of its text, so a workbook of nothing but formulas
    // is refused for its text first. The worst workbook within it opened in about 0.2 s,
    // natively and in WebAssembly in Node.
    formula_work_bytes: 4 * 1024 * 1024 * 1024,
};

/// What a limit is about, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// [`Limits::file_bytes`].
    FileBytes,
    /// [`Limits::rows`].
    Rows,
    /// [`Limits::columns`].
    Columns,
    /// [`Limits::cells`].
    Cells,
    /// [`Limits::sparse_floor`] and [`Limits::sparse_ratio`].
    Sparse,
    /// [`Limits::cell_chars`].
    CellChars,
    /// [`Limits::part_bytes`].
    PartBytes,
    /// [`Limits::shared_strings_bytes`].
    SharedStrings,
    /// [`Limits::xml_run`].
    XmlRun,
    /// [`Limits::cell_text_bytes`].
    CellText,
    /// [`Limits::formula_work_bytes`].
    FormulaWork,
}

impl What {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            What::FileBytes => ("文件大小（字节）", "file size (bytes)"),
            What::Rows => ("行数", "rows"),
            What::Columns => ("列数", "columns"),
            What::Cells => ("单元格数（行数×列数）", "cells (rows × columns)"),
            What::Sparse => (
                "表格跨越的单元格数（有内容的单元格太少）",
                "cells spanned for the cells with a value",
            ),
            What::CellChars => ("一个单元格的字符数", "characters in one cell"),
            What::PartBytes => (
                "工作簿解压后的大小（字节）",
                "bytes of the workbook unpacked",
            ),
            What::SharedStrings => (
                "工作簿共享字符串表解压后的大小（字节）",
                "bytes of the workbook's shared-string table unpacked",
            ),
            What::XmlRun => (
                "工作簿中一段连续文本的长度（字节）",
                "length of one run of text in the workbook (bytes)",
            ),
            What::CellText => (
                "工作簿单元格展开后的文本总量（字节，共享字符串每用一次计一次）",
                "bytes of text the workbook's cells expand to (a shared string counted at each use)",
            ),
            What::FormulaWork => (
                "还原公式文本时移动的字节数（公式中的空格、正负号、括号和函数参数）",
                "bytes moved writing the workbook's formulas out as text (spaces, signs, brackets and function arguments inside formulas)",
            ),
        }
    }
}

/// The `too_large` error: which limit, its value, what was found and where (a spreadsheet
/// row number from 1, and a column number from 1, when known).
pub fn too_large(
    what: What,
    limit: u64,
    found: u64,
    at: Option<(usize, Option<usize>)>,
) -> RosterError {
    let (zh_name, en_name) = what.names();
    let (zh_at, en_at) = match at {
        Some((row, Some(col))) => (
            format!("（第 {row} 行第 {col} 列）"),
            format!(" (row {row}, column {col})"),
        ),
        Some((row, None)) => (format!("（第 {row} 行）"), format!(" (row {row})")),
        None => (String::new(), String::new()),
    };
    RosterError::new(
        RosterCode::TooLarge,
        format!(
            "文件超出了处理上限：{zh_name}最多 {limit}，此文件{zh_at}达到 {found}。请拆分文件，或检查文件是否损坏"
        ),
        format!(
            "the file is over a limit: at most {limit} {en_name}, this file has {found}{en_at}. Split the file, or check whether it is damaged"
        ),
    )
}

impl Limits {
    /// The most cells a sheet with `filled` cells that hold a value may span.
    pub const fn span_for(&self, filled: usize) -> usize {
        self.sparse_floor + self.sparse_ratio * filled
    }

    /// `too_large` unless `found` is within the limit `what` names in [`LIMITS`]. For
    /// [`What::Sparse`], whose limit depends on the data, see [`Limits::check_span`].
    pub(crate) fn check(
        what: What,
        found: u64,
        at: Option<(usize, Option<usize>)>,
    ) -> Result<(), RosterError> {
        let l = LIMITS;
        let limit = match what {
            What::FileBytes => l.file_bytes as u64,
            What::Rows => l.rows as u64,
            What::Columns => l.columns as u64,
            What::Cells => l.cells as u64,
            What::CellChars => l.cell_chars as u64,
            What::PartBytes => l.part_bytes,
            What::SharedStrings => l.shared_strings_bytes,
            What::XmlRun => l.xml_run as u64,
            What::CellText => l.cell_text_bytes,
            What::FormulaWork => l.formula_work_bytes,
            What::Sparse => l.sparse_floor as u64,
        };
        Limits::within(what, limit, found, at)
    }

    /// [`What::Sparse`]: `too_large` unless `span` cells are justified by `filled` cells with
    /// a value ([`Limits::span_for`]).
    pub(crate) fn check_span(filled: usize, span: u64) -> Result<(), RosterError> {
        Limits::within(What::Sparse, LIMITS.span_for(filled) as u64, span, None)
    }

    fn within(
        what: What,
        limit: u64,
        found: u64,
        at: Option<(usize, Option<usize>)>,
    ) -> Result<(), RosterError> {
        if found <= limit {
            Ok(())
        } else {
            Err(too_large(what, limit, found, at))
        }
    }

    /// [`Limits::cell_chars`] for a cell's text (row and column from 1): the bytes are compared
    /// first, the characters counted only past the limit.
    pub(crate) fn check_chars(text: &str, row: usize, col: usize) -> Result<(), RosterError> {
        if text.len() <= LIMITS.cell_chars {
            return Ok(());
        }
        let n = text.chars().count() as u64;
        Limits::check(What::CellChars, n, Some((row, Some(col))))
    }
}

/// The running total of [`Limits::cell_text_bytes`]: each cell's text is counted before it is
/// copied, so that text shared by many cells cannot expand past the limit.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TextBudget {
    used: u64,
}

impl TextBudget {
    /// Counts `bytes` more (at a spreadsheet row and column from 1, when known): `too_large`
    /// once the total is over the limit.
    pub(crate) fn take(
        &mut self,
        bytes: u64,
        at: Option<(usize, Option<usize>)>,
    ) -> Result<(), RosterError> {
        self.used = self.used.saturating_add(bytes);
        Limits::check(What::CellText, self.used, at)
    }
}
