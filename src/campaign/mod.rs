//! Campaigns (参保扩面): the ledgers of people still to enrol that villages fill in, read back
//! against the ledger as built, and progress reports per village, township and county.
//!
//! ```text
//! base list + this year's list ─▶ ledger::build ─▶ Ledger ─▶ ledger_xlsx (a sheet per village)
//! returned workbook ─▶ read_back (verify: against the ledger as built) ─▶ Snapshot
//! roster with a status column ─────────────────────────────────────────▶ Snapshot
//! Snapshot (now, before) ─▶ progress::report ─▶ Report ─▶ progress_xlsx
//! ```
//!
//! The model (ledger, verify, read_back, snapshot, progress) is apart from the rendering
//! (ledger_xlsx, progress_xlsx); layout holds the workbook's names and headers both sides use.

pub mod layout;
pub mod ledger;
pub mod ledger_xlsx;
pub mod names;
pub mod progress;
pub mod progress_xlsx;
pub mod read_back;
pub mod snapshot;
pub mod verify;
