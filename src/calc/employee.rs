//! Employee-scheme contributions: declared wage → base clamped to the band → employer,
//! employee and top-up parts, monthly and yearly; flexible workers pay alone.

use rust_decimal::Decimal;
use serde_json::Value;

use super::{missing, Trace};
use crate::input::{Invalid, Reader};
use crate::money::{percent_of, yuan};
use crate::policy::{Band, Policy};

/// Who pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkerKind {
    /// An employee: employer and employee share.
    Employee,
    /// A flexible worker (灵活就业人员) paying alone on a base chosen within the band.
    Flexible,
}

/// The input's fields (JavaScript `WageInput`).
pub const WAGE_KEYS: [&str; 2] = ["wage", "kind"];

/// A request: monthly wage (or chosen base, for flexible workers) and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wage {
    /// Declared monthly wage, or the base a flexible worker chooses.
    pub wage: Decimal,
    /// Employee or flexible worker.
    pub kind: WorkerKind,
}

impl Wage {
    /// Reads `{ wage: "6000.00", kind?: "employee" | "flexible" }` (kind defaults to employee).
    pub fn from_value(v: &Value) -> Result<Wage, Invalid> {
        let mut r = Reader::default();
        let w = (|| {
            let o = r.object(v, "", &WAGE_KEYS)?;
            let wage = r.req(&o, "wage").and_then(|v| r.amount(v, "wage"));
            let kind = match r.opt(&o, "kind") {
                Some(k) => r.choice(
                    k,
                    "kind",
                    &[
                        ("employee", WorkerKind::Employee),
                        ("flexible", WorkerKind::Flexible),
                    ],
                ),
                None => Some(WorkerKind::Employee),
            };
            Some(Wage {
                wage: wage?,
                kind: kind?,
            })
        })();
        r.finish("input", w)
    }
}

/// Where the wage fell relative to the band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clamp {
    /// Below the floor: the floor is the base.
    Floor,
    /// Within the band: the wage is the base.
    Within,
    /// Above the ceiling: the ceiling is the base.
    Ceiling,
}

impl Clamp {
    /// Stable name.
    pub fn name(self) -> &'static str {
        match self {
            Clamp::Floor => "floor",
            Clamp::Within => "within",
            Clamp::Ceiling => "ceiling",
        }
    }
}

/// Monthly and yearly contributions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployeeContribution {
    /// Monthly base after clamping.
    pub base: Decimal,
    /// Where the wage fell.
    pub clamp: Clamp,
    /// Employer's monthly part (0 for flexible workers).
    pub employer: Decimal,
    /// Employee's (or flexible worker's) monthly part.
    pub employee: Decimal,
    /// Top-up for large bills, monthly.
    pub top_up: Decimal,
    /// Monthly total.
    pub monthly: Decimal,
    /// Yearly total (12 × monthly).
    pub yearly: Decimal,
    /// The explanation.
    pub trace: Trace,
}

/// Computes the contributions for one wage.
pub fn employee_contribution(policy: &Policy, w: &Wage) -> Result<EmployeeContribution, Invalid> {
    let e = policy.employee.as_ref().ok_or_else(|| {
        missing(
            "employee",
            format!("政策“{}”不含职工医保（employee）部分", policy.name.zh),
            format!(
                "the policy \"{}\" has no employee-scheme section",
                policy.name.en
            ),
        )
    })?;
    let mut trace = Trace::default();
    if let Band::AverageWage {
        average,
        floor_percent,
        ceiling_percent,
        rounding,
    } = e.band
    {
        let (rz, re) = rounding.describe();
        trace.push(
            "band_from_average",
            format!(
                "缴费基数上下限为平均工资 {} 元的 {floor_percent}%–{ceiling_percent}%（{rz}）：{}–{} 元",
                yuan(average), yuan(e.floor), yuan(e.ceiling)
            ),
            format!(
                "The base band is {floor_percent}%–{ceiling_percent}% of the average wage {} ({re}): {}–{}",
                yuan(average), yuan(e.floor), yuan(e.ceiling)
            ),
            vec![("floor", yuan(e.floor)), ("ceiling", yuan(e.ceiling))],
        );
    }
    let (base, clamp) = if w.wage < e.floor {
        (e.floor, Clamp::Floor)
    } else if w.wage > e.ceiling {
        (e.ceiling, Clamp::Ceiling)
    } else {
        (w.wage, Clamp::Within)
    };
    let (cz, ce) = match clamp {
        Clamp::Floor => ("低于下限，按下限", "below the floor: the floor applies"),
        Clamp::Within => (
            "在上下限之间，按申报工资",
            "within the band: the wage applies",
        ),
        Clamp::Ceiling => ("高于上限，按上限", "above the ceiling: the ceiling applies"),
    };
    trace.push(
        "base",
        format!(
            "申报 {} 元，{cz}，月缴费基数 {} 元（{}–{}）",
            yuan(w.wage),
            yuan(base),
            yuan(e.floor),
            yuan(e.ceiling)
        ),
        format!(
            "Declared {}, {ce}: monthly base {} (band {}–{})",
            yuan(w.wage),
            yuan(base),
            yuan(e.floor),
            yuan(e.ceiling)
        ),
        vec![("base", yuan(base)), ("clamp", clamp.name().to_string())],
    );
    let (rz, re) = e.rounding.describe();
    let mut part = |rule: &'static str, zh: &str, en: &str, rate: Decimal| -> Decimal {
        let amount = e.rounding.apply(percent_of(base, rate));
        trace.push(
            rule,
            format!(
                "{zh}：{} × {rate}% = {} 元（{rz}）",
                yuan(base),
                yuan(amount)
            ),
            format!("{en}: {} × {rate}% = {} ({re})", yuan(base), yuan(amount)),
            vec![("rate", rate.to_string()), ("amount", yuan(amount))],
        );
        amount
    };
    // (employer rate, own rate with its rule and names, top-up rate)
    let (employer_rate, own, top_up_rate) = match w.kind {
        WorkerKind::Employee => (
            Some(e.employer_rate),
            ("employee", "个人缴费", "Employee", e.employee_rate),
            e.top_up_rate,
        ),
        WorkerKind::Flexible => {
            let rate = e.flexible_rate.ok_or_else(|| {
                missing(
                    "employee.flexibleRate",
                    format!("政策“{}”未规定灵活就业人员费率", policy.name.zh),
                    format!(
                        "the policy \"{}\" sets no rate for flexible workers",
                        policy.name.en
                    ),
                )
            })?;
            (
                None,
                ("flexible", "灵活就业人员缴费", "Flexible worker", rate),
                e.flexible_top_up_rate,
            )
        }
    };
    let employer = employer_rate.map_or(Decimal::ZERO, |r| {
        part("employer", "单位缴费", "Employer", r)
    });
    let employee = part(own.0, own.1, own.2, own.3);
    let top_up = if top_up_rate.is_zero() {
        Decimal::ZERO
    } else {
        part(
            "top_up",
            "大额医疗补助",
            "Top-up for large bills",
            top_up_rate,
        )
    };
    let monthly = employer + employee + top_up;
    let yearly = monthly * Decimal::from(12);
    trace.push(
        "total",
        format!("每月合计 {} 元，全年 {} 元", yuan(monthly), yuan(yearly)),
        format!("Monthly total {}, yearly {}", yuan(monthly), yuan(yearly)),
        vec![("monthly", yuan(monthly)), ("yearly", yuan(yearly))],
    );
    Ok(EmployeeContribution {
        base,
        clamp,
        employer,
        employee,
        top_up,
        monthly,
        yearly,
        trace,
    })
}
