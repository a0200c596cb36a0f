//! What a roster file may be: sizes checked before anything is allocated for them, so that
//! memory is bounded by the data and never by what a file claims (a workbook declaring a cell
//! at XFD1048576, a zip of gigabytes of whitespace, a CSV of nothing but line ends). Exceeding
//! one gives the coded error `too_large`, naming the limit and what was found.
//!
//! One table, [`LIMITS`], for the page, the package and the command line; the README lists it
//! (a test checks that the README says the same).

use super::RosterError;

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
    /// [`Limits::part_bytes`] and [`Limits::shared_strings_bytes`].
    PartBytes,
    /// [`Limits::xml_run`].
    XmlRun,
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
                "工作簿中一个部件解压后的大小（字节）",
                "unpacked size of a workbook part (bytes)",
            ),
            What::XmlRun => (
                "工作簿中一段连续文本的长度（字节）",
                "length of one run of text in the workbook (bytes)",
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
        "too_large",
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

    /// `too_large` unless `found <= limit`.
    pub(crate) fn check(
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
}
