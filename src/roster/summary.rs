//! Summaries of a processed roster: counts by status, by problem, by group and by unit; the
//! department budget (with a policy); and a coverage table when a status column says who is
//! insured.

use rust_decimal::Decimal;

use super::header::{Mapping, Role};
use super::pipeline::{RowResult, Status};
use super::Table;
use crate::calc::coverage::{coverage_table, CoverageTable, Order, UnitCounts};
use crate::calc::resident::{tally, Budget, Share};
use crate::policy::Policy;

/// One unit's line (village, else township).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitLine {
    /// The unit's name as written (empty when the roster has no unit column).
    pub unit: String,
    /// Rows.
    pub rows: usize,
    /// Rows with an error.
    pub errors: usize,
    /// Rows with a warning.
    pub warnings: usize,
    /// Rows marked insured in the status column.
    pub insured: usize,
}

/// The summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Data rows.
    pub rows: usize,
    /// Rows per status: ok, warning, error.
    pub by_status: [usize; 3],
    /// Problems per code, most frequent first.
    pub by_code: Vec<(&'static str, usize)>,
    /// Rows per applied group (policy group id), with the subsidy total.
    pub by_group: Vec<(String, usize, Decimal)>,
    /// Rows per unit, in order of first appearance.
    pub by_unit: Vec<UnitLine>,
    /// Subsidies by department (with a policy), over the rows that count: not empty, no
    /// error, not a later copy of a duplicate.
    pub budget: Option<Budget>,
    /// Rows left out of the budget and group counts: (with an error, later copies of a
    /// duplicate).
    pub excluded: (usize, usize),
    /// Coverage by unit (when a status column exists).
    pub coverage: Option<CoverageTable>,
}

/// Whether a status cell means insured (已参保, 已缴费, 是, 参保 …) rather than not.
pub fn means_insured(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && !["未", "否", "不", "断", "停"].iter().any(|w| s.contains(w))
        && ["已参保", "已缴", "参保", "是", "正常", "insured", "yes"]
            .iter()
            .any(|w| s.contains(w))
}

/// Whether a row counts in budgets and group totals: a person, once, with no error.
pub fn counts_in_budget(r: &RowResult) -> bool {
    r.status() != Status::Error
        && r.duplicate_of.is_none()
        && !r
            .problems
            .iter()
            .any(|p| p.code == crate::roster::pipeline::RowCode::EmptyRow.code())
}

/// Summarizes the results of `table` under `mapping`.
pub fn summarize(
    table: &Table,
    mapping: &Mapping,
    results: &[RowResult],
    policy: Option<&Policy>,
) -> Summary {
    let start = mapping.header_row.saturating_add(1);
    let mut by_status = [0usize; 3];
    let mut by_code: Vec<(&'static str, usize)> = Vec::new();
    let mut by_group: Vec<(String, usize, Decimal)> = Vec::new();
    let mut by_unit: Vec<UnitLine> = Vec::new();
    let mut excluded = (0usize, 0usize);
    let unit_col = mapping
        .column(Role::Village)
        .or(mapping.column(Role::Township));
    let status_col = mapping.column(Role::Status);
    for (k, r) in results.iter().enumerate() {
        let row = start + k;
        let status = r.status();
        by_status[status as usize] += 1;
        for p in &r.problems {
            match by_code.iter_mut().find(|(c, _)| *c == p.code) {
                Some(e) => e.1 += 1,
                None => by_code.push((p.code, 1)),
            }
        }
        let empty = r
            .problems
            .iter()
            .any(|p| p.code == crate::roster::pipeline::RowCode::EmptyRow.code());
        if !empty && status == Status::Error {
            excluded.0 += 1;
        } else if !empty && r.duplicate_of.is_some() {
            excluded.1 += 1;
        }
        if let Some(g) = r.applied_group.as_ref().filter(|_| counts_in_budget(r)) {
            let s = r.subsidy.unwrap_or_default();
            match by_group.iter_mut().find(|(id, _, _)| id == g) {
                Some(e) => {
                    e.1 += 1;
                    e.2 += s;
                }
                None => by_group.push((g.clone(), 1, s)),
            }
        }
        if r.problems
            .iter()
            .any(|p| p.code == crate::roster::pipeline::RowCode::EmptyRow.code())
        {
            continue;
        }
        let unit = unit_col
            .map(|c| table.cell(row, c).text().trim().to_string())
            .unwrap_or_default();
        let insured = status_col.is_some_and(|c| means_insured(&table.cell(row, c).text()));
        let line = match by_unit.iter_mut().position(|u| u.unit == unit) {
            Some(i) => &mut by_unit[i],
            None => {
                by_unit.push(UnitLine {
                    unit,
                    rows: 0,
                    errors: 0,
                    warnings: 0,
                    insured: 0,
                });
                by_unit.last_mut().expect("just pushed")
            }
        };
        line.rows += 1;
        line.errors += (status == Status::Error) as usize;
        line.warnings += (status == Status::Warning) as usize;
        line.insured += insured as usize;
    }
    by_code.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let budget = policy.and_then(|p| {
        let amounts = p.resident.as_ref()?.amounts?;
        let people = results.iter().filter(|r| counts_in_budget(r)).map(|r| {
            let subsidy = r.subsidy.unwrap_or_default();
            Share {
                department: r
                    .applied_group
                    .as_deref()
                    .and_then(|g| p.group(g))
                    .map(|g| g.department.as_str()),
                individual: amounts.individual,
                subsidy,
                payable: amounts.individual - subsidy,
                fiscal: amounts.fiscal,
            }
        });
        Some(tally(p, people))
    });
    let coverage = status_col.and_then(|_| {
        let units: Vec<UnitCounts> = by_unit
            .iter()
            .filter(|u| u.rows > 0)
            .map(|u| UnitCounts {
                unit: if u.unit.is_empty() {
                    "—".into()
                } else {
                    u.unit.clone()
                },
                registered: u.rows as u64,
                insured_local: u.insured as u64,
                insured_elsewhere: 0,
            })
            .collect();
        coverage_table(&units, Order::Descending).ok()
    });
    Summary {
        rows: results.len(),
        by_status,
        by_code,
        by_group,
        by_unit,
        budget,
        excluded,
        coverage,
    }
}
