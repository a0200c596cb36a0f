//! Coverage tables (参保率): per unit, insured = local + elsewhere, coverage and unenrolled
//! rates as percentages with two decimals rounded half up, units sorted by coverage, and a
//! total row computed from the summed counts (never by averaging rates).

use std::cmp::Ordering;

use serde_json::Value;

use super::Trace;
use crate::input::{index, Invalid, IssueCode, Reader};

/// One unit's counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitCounts {
    /// Township, village or other unit.
    pub unit: String,
    /// Registered population (户籍人口数).
    pub registered: u64,
    /// Insured locally (本地参保人数).
    pub insured_local: u64,
    /// Insured elsewhere (异地参保人数).
    pub insured_elsewhere: u64,
}

/// A row's fields (JavaScript `CoverageInputRow`).
pub const ROW_KEYS: [&str; 4] = ["unit", "registered", "insuredLocal", "insuredElsewhere"];

/// Reads `[{ unit, registered, insuredLocal, insuredElsewhere }]`; counts may be numbers or
/// digit strings (as pasted from a spreadsheet).
pub fn rows_from_value(v: &Value) -> Result<Vec<UnitCounts>, Invalid> {
    let mut r = Reader::default();
    let rows = r.array(v, "rows", |r, v, p| {
        let o = r.object(v, p, &ROW_KEYS)?;
        let unit = r.req(&o, "unit").and_then(|v| r.name(v, &o.at("unit")));
        let count = |r: &mut Reader, k: &str| r.req(&o, k).and_then(|v| r.count(v, &o.at(k)));
        let registered = count(r, "registered");
        let local = count(r, "insuredLocal");
        let elsewhere = count(r, "insuredElsewhere");
        let u = UnitCounts {
            unit: unit?,
            registered: registered?,
            insured_local: local?,
            insured_elsewhere: elsewhere?,
        };
        check(r, &u, p);
        Some(u)
    });
    r.finish("input", rows)
}

/// Reports a row that cannot be true: no registered population, or more insured than registered.
fn check(r: &mut Reader, u: &UnitCounts, path: &str) {
    let insured = u.insured_local + u.insured_elsewhere;
    if u.registered == 0 {
        r.report(
            &format!("{path}.registered"),
            IssueCode::Inconsistent,
            format!("单位“{}”：户籍人口为 0，无法计算参保率", u.unit),
            format!(
                "unit \"{}\": registered population is 0, so no rate can be computed",
                u.unit
            ),
        );
    } else if insured > u.registered {
        r.report(
            path,
            IssueCode::Inconsistent,
            format!(
                "单位“{}”：参保人数 {insured}（本地 {} + 异地 {}）大于户籍人口 {}",
                u.unit, u.insured_local, u.insured_elsewhere, u.registered
            ),
            format!(
                "unit \"{}\": {insured} insured ({} local + {} elsewhere) is more than the registered population {}",
                u.unit, u.insured_local, u.insured_elsewhere, u.registered
            ),
        );
    }
}

/// Sort order of the units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Highest coverage first (a ranking).
    #[default]
    Descending,
    /// Lowest coverage first (where to work next).
    Ascending,
}

/// A computed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageRow {
    /// The counts as given.
    pub counts: UnitCounts,
    /// local + elsewhere.
    pub insured: u64,
    /// registered − insured.
    pub unenrolled: u64,
    /// Coverage rate in hundredths of a percent (9642 = 96.42%), rounded half up.
    pub coverage_bp: u64,
    /// Unenrolled rate in hundredths of a percent, rounded half up.
    pub unenrolled_bp: u64,
    /// 1-based position in the sorted table (ties share a rank).
    pub rank: u32,
}

impl CoverageRow {
    /// Coverage rate as a percent string, e.g. `"96.42"`.
    pub fn coverage_rate(&self) -> String {
        percent(self.coverage_bp)
    }
    /// Unenrolled rate as a percent string.
    pub fn unenrolled_rate(&self) -> String {
        percent(self.unenrolled_bp)
    }
}

/// The table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageTable {
    /// Units, sorted by coverage rate (ties keep their input order).
    pub rows: Vec<CoverageRow>,
    /// The total row from the summed counts (its `unit` is empty; `rank` 0).
    pub total: CoverageRow,
    /// The explanation.
    pub trace: Trace,
}

/// Hundredths of a percent as `"96.42"`.
pub fn percent(bp: u64) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// `part / whole` in hundredths of a percent, rounded half up, exactly (integer arithmetic).
pub(crate) fn rate_bp(part: u64, whole: u64) -> u64 {
    let (p, w) = (part as u128, whole as u128);
    ((p * 20_000 + w) / (2 * w)) as u64
}

fn row(counts: UnitCounts) -> CoverageRow {
    let insured = counts.insured_local + counts.insured_elsewhere;
    let unenrolled = counts.registered - insured;
    CoverageRow {
        coverage_bp: rate_bp(insured, counts.registered),
        unenrolled_bp: rate_bp(unenrolled, counts.registered),
        insured,
        unenrolled,
        counts,
        rank: 0,
    }
}

/// Exact comparison of coverage rates (cross-multiplied, not the rounded figures).
fn by_rate(a: &CoverageRow, b: &CoverageRow) -> Ordering {
    (a.insured as u128 * b.counts.registered as u128)
        .cmp(&(b.insured as u128 * a.counts.registered as u128))
}

/// Builds the table. Impossible rows (more insured than registered, or no registered
/// population) are rejected, each problem naming its unit.
pub fn coverage_table(units: &[UnitCounts], order: Order) -> Result<CoverageTable, Invalid> {
    let mut r = Reader::default();
    if units.is_empty() {
        r.report(
            "rows",
            IssueCode::MissingField,
            "没有任何单位的数据".into(),
            "there are no rows".into(),
        );
    }
    for (i, u) in units.iter().enumerate() {
        check(&mut r, u, &index("rows", i));
    }
    r.finish("input", Some(()))?;
    let mut rows: Vec<CoverageRow> = units.iter().cloned().map(row).collect();
    // Stable sort: equal rates keep their input order.
    match order {
        Order::Descending => rows.sort_by(|a, b| by_rate(b, a)),
        Order::Ascending => rows.sort_by(by_rate),
    }
    for i in 0..rows.len() {
        rows[i].rank = if i > 0 && by_rate(&rows[i], &rows[i - 1]) == Ordering::Equal {
            rows[i - 1].rank
        } else {
            i as u32 + 1
        };
    }
    let sum = |f: fn(&UnitCounts) -> u64| units.iter().map(f).sum::<u64>();
    let total = row(UnitCounts {
        unit: String::new(),
        registered: sum(|u| u.registered),
        insured_local: sum(|u| u.insured_local),
        insured_elsewhere: sum(|u| u.insured_elsewhere),
    });
    let mut trace = Trace::default();
    trace.push(
        "coverage_formula",
        "参保人数 = 本地参保 + 异地参保；参保率 = 参保人数 ÷ 户籍人口；未参保人数 = 户籍人口 − 参保人数；比率以百分数保留两位小数，四舍五入".into(),
        "Insured = local + elsewhere; coverage rate = insured ÷ registered; unenrolled = registered − insured; rates are percentages with two decimals, rounded half up".into(),
        vec![],
    );
    trace.push(
        "coverage_total",
        format!(
            "合计按各单位人数加总后计算（不是平均各单位比率）：{} ÷ {} = {}%",
            total.insured,
            total.counts.registered,
            total.coverage_rate()
        ),
        format!(
            "The total is computed from the summed counts (not by averaging rates): {} ÷ {} = {}%",
            total.insured,
            total.counts.registered,
            total.coverage_rate()
        ),
        vec![("coverageRate", total.coverage_rate())],
    );
    trace.push(
        "coverage_order",
        match order {
            Order::Descending => "按参保率从高到低排序".into(),
            Order::Ascending => "按参保率从低到高排序".into(),
        },
        match order {
            Order::Descending => "Sorted by coverage rate, highest first".into(),
            Order::Ascending => "Sorted by coverage rate, lowest first".into(),
        },
        vec![],
    );
    Ok(CoverageTable { rows, total, trace })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up_exactly() {
        assert_eq!(rate_bp(1, 8), 1250);
        assert_eq!(rate_bp(2, 3), 6667);
        assert_eq!(rate_bp(1, 3), 3333);
        // 0.125% of the way: 1/800 = 0.125% → 0.13 (half up), not banker's 0.12.
        assert_eq!(rate_bp(1, 800), 13);
        assert_eq!(rate_bp(5, 5), 10000);
        assert_eq!(percent(9642), "96.42");
        assert_eq!(percent(5), "0.05");
    }
}
