//! A roster job: the one orchestration of read → header → columns → rows in chunks → summary →
//! file, driven by every edge (the page's worker through `RosterJob`, the command line).

use super::header::Mapping;
use super::pipeline::{Processor, RowResult, Settings};
use super::read::{Encoding, Format};
use super::summary::{summarize, Summary};
use super::{load_with, write, Choices, Input, RosterError, Table};
use crate::lang::Lang;
use crate::policy::Policy;

/// The file to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// The annotated workbook with its summary sheet.
    Xlsx,
    /// UTF-8 CSV with a byte-order mark.
    Csv,
}

/// What the job read: format, sheets, encoding, delimiter and the columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// What the file was.
    pub format: Format,
    /// Sheets of a workbook (empty for CSV).
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: Option<String>,
    /// The encoding of a CSV file.
    pub encoding: Option<Encoding>,
    /// The delimiter of a CSV file.
    pub delimiter: Option<u8>,
    /// The header row (0-based) and the columns.
    pub mapping: Mapping,
}

/// A job in progress: rows are checked by [`Job::step`] (for progress) or all at once by
/// [`Job::finish`].
pub struct Job {
    processor: Processor,
    source: Source,
    policy: Option<Policy>,
    tokens: bool,
}

/// A list's rows checked, without a summary.
pub struct Rows {
    /// The rows as read.
    pub table: Table,
    /// Every data row's result, in order.
    pub results: Vec<RowResult>,
    /// What was read.
    pub source: Source,
}

/// A list checked and summarized, without a file written.
pub struct Checked {
    /// The rows as read.
    pub table: Table,
    /// Every data row's result, in order.
    pub results: Vec<RowResult>,
    /// The summary.
    pub summary: Summary,
    /// What was read.
    pub source: Source,
    /// The policy applied, if any.
    pub policy: Option<Policy>,
}

/// A finished job: the file, the table and every row's result, and the summary.
pub struct Finished {
    /// The file's bytes.
    pub file: Vec<u8>,
    /// The rows with a problem alone, as CSV (see [`write::problems_csv`]).
    pub problems_file: Vec<u8>,
    /// The rows as read.
    pub table: Table,
    /// Every data row's result, in order.
    pub results: Vec<RowResult>,
    /// The summary.
    pub summary: Summary,
    /// What was read.
    pub source: Source,
    /// Whether IDs were tokenized.
    pub tokens: bool,
    /// The policy applied, if any.
    pub policy: Option<Policy>,
}

impl Job {
    /// Reads the roster with the user's choices (see [`load_with`]) and prepares the checks.
    /// With `require_id`, a header without an ID column is refused (`no_id_column`): for
    /// edges that cannot ask the user to map the columns.
    pub fn open(
        input: &Input,
        choices: &Choices,
        settings: Settings,
        require_id: bool,
    ) -> Result<Job, RosterError> {
        let loaded = load_with(input, choices)?;
        if require_id {
            super::require_id_column(&loaded.mapping)?;
        }
        let policy = settings.policy.clone();
        let tokens = settings.tokenizer.is_some();
        let source = Source {
            format: loaded.format,
            sheets: loaded.sheets,
            sheet: loaded.sheet,
            encoding: loaded.encoding,
            delimiter: loaded.delimiter,
            mapping: loaded.mapping.clone(),
        };
        Ok(Job {
            processor: Processor::new(loaded.table, loaded.mapping, settings),
            source,
            policy,
            tokens,
        })
    }

    /// What was read.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The rows as read (the header among them).
    pub fn table(&self) -> &Table {
        self.processor.table()
    }

    /// Data rows.
    pub fn total(&self) -> usize {
        self.processor.total()
    }

    /// Data rows checked so far.
    pub fn done(&self) -> usize {
        self.processor.done()
    }

    /// Checks up to `rows` more rows; returns the number done so far.
    pub fn step(&mut self, rows: usize) -> usize {
        self.processor.step(rows)
    }

    /// The policy applied, if any.
    pub fn policy(&self) -> Option<&Policy> {
        self.policy.as_ref()
    }

    /// Whether IDs are tokenized.
    pub fn tokens(&self) -> bool {
        self.tokens
    }

    /// Checks every row in chunks of `chunk` rows, calling `on_rows(done, total)` after each,
    /// without a summary (a ledger needs only who is who).
    pub fn rows_with(mut self, chunk: usize, on_rows: &mut dyn FnMut(usize, usize)) -> Rows {
        self.steps(chunk, on_rows);
        let (table, results) = self.processor.finish();
        Rows {
            table,
            results,
            source: self.source,
        }
    }

    /// [`Job::check`] in chunks of `chunk` rows, calling `on_rows(done, total)` after each (a
    /// page's progress bar).
    pub fn check_with(mut self, chunk: usize, on_rows: &mut dyn FnMut(usize, usize)) -> Checked {
        self.steps(chunk, on_rows);
        self.check()
    }

    /// Checks the remaining rows in chunks, reporting after each.
    fn steps(&mut self, chunk: usize, on_rows: &mut dyn FnMut(usize, usize)) {
        let total = self.total();
        while self.done() < total {
            let done = self.step(chunk.max(1));
            on_rows(done, total);
        }
    }

    /// Checks the remaining rows and summarizes, without writing a file (a list read for a
    /// ledger or a progress report).
    pub fn check(self) -> Checked {
        let (table, results) = self.processor.finish();
        let summary = summarize(&table, &self.source.mapping, &results, self.policy.as_ref());
        Checked {
            table,
            results,
            summary,
            source: self.source,
            policy: self.policy,
        }
    }

    /// Checks the remaining rows, summarizes and writes the file in `lang`.
    pub fn finish(self, output: Output, lang: Lang) -> Result<Finished, RosterError> {
        let tokens = self.tokens;
        let Checked {
            table,
            results,
            summary,
            source,
            policy,
        } = self.check();
        let h = source.mapping.header_row;
        let file = match output {
            Output::Xlsx => write::to_xlsx(&table, h, &results, &summary, policy.as_ref(), lang)?,
            Output::Csv => {
                write::to_csv(&table, h, &results, &summary, policy.as_ref(), lang).into_bytes()
            }
        };
        let problems_file =
            write::problems_csv(&table, h, &results, &summary, policy.as_ref(), lang).into_bytes();
        Ok(Finished {
            file,
            problems_file,
            table,
            results,
            summary,
            source,
            tokens,
            policy,
        })
    }
}
