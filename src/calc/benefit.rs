//! When benefits start: collection periods, late payment, the newborn window and the 2025
//! national waiting-period rule (fixed and variable months, repair by paying past years, the
//! floor after long lapses, exempt groups).
//!
//! Conventions (where the notices leave the arithmetic to the reader):
//! * waiting months are counted from the later of the payment date and January 1 of the
//!   coverage year, as the policy says (`counting`, `from`; by default to the same
//!   day-of-month, or the month's last day): paid inside the period after a one-year lapse →
//!   January 1 + 3 months = April 1;
//! * the newborn window is counted from birth, across the year end; a baby born the year
//!   before the coverage year and paid within the window is covered from the coverage year's
//!   start, or from birth when the earlier year is paid too;
//! * an exempt group's member starts on January 1 if paid inside the period, otherwise as the
//!   policy's `exemptFrom` says (by default the payment date);
//! * benefits never start before the birth date;
//! * a late payer under a policy that states no late-payment rule gets no date: the answer
//!   says the notice does not state one.

use rust_decimal::Decimal;
use serde_json::Value;

use super::timing::timing;
pub use super::timing::Timing;
use super::{input_error, resident_scheme, year_bounds, Trace};
use crate::date::Date;
use crate::input::{Invalid, IssueCode, Reader};
use crate::money::yuan;
use crate::policy::{
    AfterWindow, CategoryKind, ExtendedBenefit, ExtraYearPrice, Policy, StartDay, Window,
};

/// A person's enrollment, for the benefit start date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrollment {
    /// The coverage year paid for (must be the policy's).
    pub coverage_year: u16,
    /// The payment date.
    pub payment_date: Date,
    /// Birth date, for the newborn window.
    pub birth_date: Option<Date>,
    /// Consecutive years not insured just before this one (0 = continuously insured).
    pub lapsed_years: u32,
    /// Extra past years paid to repair the lapse.
    pub extra_years_paid: u32,
    /// Assistance groups held (for exemptions).
    pub groups: Vec<String>,
    /// Whether the payment was inside the collection period; only for policies that set no
    /// collection periods (national rules).
    pub in_collection_period: Option<bool>,
    /// The enrollment category (a category id of the policy), if any.
    pub category: Option<String>,
    /// For a baby born the year before the coverage year: whether that earlier year is paid
    /// too (then covered from birth).
    pub previous_year_paid: bool,
}

impl Enrollment {
    /// The input's fields (JavaScript `EnrollmentInput`).
    pub const KEYS: [&'static str; 9] = [
        "coverageYear",
        "paymentDate",
        "birthDate",
        "lapsedYears",
        "extraYearsPaid",
        "groups",
        "inCollectionPeriod",
        "category",
        "previousYearPaid",
    ];

    /// Reads `{ coverageYear, paymentDate, birthDate?, lapsedYears?, extraYearsPaid?, groups?,
    /// inCollectionPeriod?, category?, previousYearPaid? }` (missing counts are 0).
    pub fn from_value(v: &Value) -> Result<Enrollment, Invalid> {
        let mut r = Reader::default();
        let e = (|| {
            let o = r.object(v, "", &Enrollment::KEYS)?;
            let year = r
                .req(&o, "coverageYear")
                .and_then(|v| r.int(v, "coverageYear", 2000, 2100));
            let paid = r
                .req(&o, "paymentDate")
                .and_then(|v| r.date(v, "paymentDate"));
            let birth = match r.opt(&o, "birthDate") {
                Some(v) => r.date(v, "birthDate").map(Some),
                None => Some(None),
            };
            let count = |r: &mut Reader, key: &str| match r.opt(&o, key) {
                Some(v) => r.int(v, key, 0, 100).map(|n| n as u32),
                None => Some(0),
            };
            let lapsed = count(&mut r, "lapsedYears");
            let extra = count(&mut r, "extraYearsPaid");
            let groups = match r.opt(&o, "groups") {
                Some(g) => r.array(g, "groups", |r, v, p| r.name(v, p)),
                None => Some(Vec::new()),
            };
            let in_period = match r.opt(&o, "inCollectionPeriod") {
                Some(v) => r.bool(v, "inCollectionPeriod").map(Some),
                None => Some(None),
            };
            let category = match r.opt(&o, "category") {
                Some(v) => r.name(v, "category").map(Some),
                None => Some(None),
            };
            let previous = match r.opt(&o, "previousYearPaid") {
                Some(v) => r.bool(v, "previousYearPaid"),
                None => Some(false),
            };
            Some(Enrollment {
                coverage_year: year? as u16,
                payment_date: paid?,
                birth_date: birth?,
                lapsed_years: lapsed?,
                extra_years_paid: extra?,
                groups: groups?,
                in_collection_period: in_period?,
                category: category?,
                previous_year_paid: previous?,
            })
        })();
        r.finish("input", e)
    }
}

/// One way to shorten the wait by paying more past years.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortenOption {
    /// Extra past years paid in total with this option.
    pub extra_years_paid: u32,
    /// Variable months left.
    pub variable_months: u32,
    /// Benefit start with this option.
    pub benefit_start: Date,
    /// Cost of the additional years (beyond those already paid).
    pub cost: Decimal,
}

/// When benefits start, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenefitStart {
    /// First day of benefits; `None` when the policy states no rule for this case (a late
    /// payment where the notice gives no late-payment rule): the trace says so.
    pub benefit_start: Option<Date>,
    /// Fixed waiting months applied.
    pub fixed_months: u32,
    /// Variable waiting months applied (after repair and the long-lapse floor).
    pub variable_months: u32,
    /// Covered from the birth date (newborn window).
    pub covered_from_birth: bool,
    /// When the payment was made relative to the collection period.
    pub timing: Timing,
    /// Whether benefits start within the coverage year paid for.
    pub within_coverage_year: bool,
    /// Extra past years that would shorten the wait, one option per additional year.
    pub shorten: Vec<ShortenOption>,
    /// The explanation.
    pub trace: Trace,
}

/// The waiting months of the 2025 rule for a given number of extra years paid:
/// (fixed, variable).
fn waiting_months(w: &crate::policy::WaitingPeriod, lapsed: u32, extra: u32) -> (u32, u32) {
    let fixed = w.fixed_months;
    let raw =
        lapsed.saturating_sub(w.lapsed_years_without_variable) * w.variable_months_per_lapsed_year;
    let mut variable = raw.saturating_sub(extra * w.repair_months_per_extra_year);
    if lapsed >= w.long_lapse_years && fixed + variable < w.long_lapse_min_months {
        variable = w.long_lapse_min_months - fixed;
    }
    (fixed, variable)
}

/// Says in the trace which start day gave a start, after a payment or (`wait`) after
/// waiting months (none: nothing to say).
fn start_day(trace: &mut Trace, day: Option<StartDay>, wait: bool) {
    const ZH: [&str; 6] = [
        "自缴费当日起享受待遇",
        "自缴费次日起享受待遇",
        "自缴费次月 1 日起享受待遇",
        "自等待期满当日起享受待遇",
        "自等待期满次日起享受待遇",
        "自等待期满次月 1 日起享受待遇",
    ];
    const EN: [&str; 6] = [
        "Covered from the day of payment",
        "Covered from the day after payment",
        "Covered from the first of the month after payment",
        "Covered from the day of the wait's end",
        "Covered from the day after the wait's end",
        "Covered from the first of the month after the wait's end",
    ];
    if let Some(day) = day {
        let i = day as usize + 3 * wait as usize;
        trace.push(
            "start_day",
            ZH[i].into(),
            EN[i].into(),
            vec![("startDay", day.code().into())],
        );
    }
}

/// The start `day` gives after a payment on `paid`, never before `jan1`.
fn from_payment(day: StartDay, paid: Date, jan1: Date) -> Result<Date, Invalid> {
    Ok(day.apply(paid).ok_or_else(too_late)?.max(jan1))
}

fn too_late() -> Invalid {
    input_error(
        "paymentDate",
        IssueCode::InvalidValue,
        "日期超出可计算范围".into(),
        "the date is out of the supported range".into(),
    )
}

/// Computes the benefit start date.
pub fn benefit_start(policy: &Policy, e: &Enrollment) -> Result<BenefitStart, Invalid> {
    let res = resident_scheme(policy)?;
    let year = policy.coverage_year;
    let mut r = Reader::default();
    if e.coverage_year != year {
        r.report(
            "coverageYear",
            IssueCode::Inconsistent,
            format!(
                "政策“{}”适用于 {year} 参保年度，不是 {}",
                policy.name.zh, e.coverage_year
            ),
            format!(
                "the policy \"{}\" is for coverage year {year}, not {}",
                policy.name.en, e.coverage_year
            ),
        );
    }
    let (jan1, dec31) = year_bounds(year);
    let category = match &e.category {
        Some(id) => {
            let c = res.category(id);
            if c.is_none() {
                r.report(
                    "category",
                    IssueCode::UnknownGroup,
                    format!("政策中没有“{id}”这个参保类别"),
                    format!("the policy has no enrollment category \"{id}\""),
                );
            }
            c
        }
        None => None,
    };
    if category.is_some_and(|c| c.kind == CategoryKind::Newborn) && e.birth_date.is_none() {
        r.report(
            "birthDate",
            IssueCode::MissingField,
            "新生儿参保须填写出生日期".into(),
            "a newborn's enrollment needs the birth date".into(),
        );
    }
    // The newborn window, counted from birth (across the year end).
    let window = match (e.birth_date, res.newborn) {
        (Some(born), Some(nb)) if born.year() == year || born.year() + 1 == year => {
            let (end, zh_w, en_w) = match nb.window {
                Window::Months(m) => (
                    born.add_months(m),
                    format!("{m} 个月"),
                    format!("{m} months"),
                ),
                Window::Days(d) => (
                    born.add_days(d as i64),
                    format!("{d} 天"),
                    format!("{d} days"),
                ),
            };
            let end = end.ok_or_else(too_late)?;
            Some((born, nb, end, zh_w, en_w))
        }
        _ => None,
    };
    let in_window = window
        .as_ref()
        .is_some_and(|(_, _, end, _, _)| e.payment_date <= *end);
    if e.payment_date > dec31 && !in_window {
        r.report(
            "paymentDate",
            IssueCode::Inconsistent,
            format!("缴费日期 {} 晚于 {year} 参保年度结束", e.payment_date),
            format!(
                "the payment date {} is after coverage year {year} ends",
                e.payment_date
            ),
        );
    }
    if e.extra_years_paid > e.lapsed_years {
        r.report(
            "extraYearsPaid",
            IssueCode::Inconsistent,
            format!(
                "补缴年数 {} 超过断保年数 {}",
                e.extra_years_paid, e.lapsed_years
            ),
            format!(
                "{} extra years paid is more than the {} lapsed years",
                e.extra_years_paid, e.lapsed_years
            ),
        );
    }
    for (i, g) in e.groups.iter().enumerate() {
        if policy.group(g).is_none() {
            r.report(
                &format!("groups[{i}]"),
                IssueCode::UnknownGroup,
                format!("政策中没有“{g}”这个群体"),
                format!("the policy has no group \"{g}\""),
            );
        }
    }
    if let Some(b) = e.birth_date {
        if b > e.payment_date {
            r.report(
                "birthDate",
                IssueCode::Inconsistent,
                format!("出生日期 {b} 晚于缴费日期 {}", e.payment_date),
                format!(
                    "the birth date {b} is after the payment date {}",
                    e.payment_date
                ),
            );
        }
        if b > dec31 {
            r.report(
                "birthDate",
                IssueCode::Inconsistent,
                format!("出生日期 {b} 晚于 {year} 参保年度结束"),
                format!("the birth date {b} is after coverage year {year} ends"),
            );
        }
    }
    r.finish("input", Some(()))?;

    let mut trace = Trace::default();
    let paid = e.payment_date;
    let birth = e.birth_date;
    let result = |start: Option<Date>,
                  fixed: u32,
                  variable: u32,
                  from_birth: bool,
                  timing: Timing,
                  mut trace: Trace,
                  shorten: Vec<ShortenOption>|
     -> Result<BenefitStart, Invalid> {
        // Never before birth.
        let start = match (start, birth) {
            (Some(s), Some(b)) if s < b => {
                trace.push(
                    "not_before_birth",
                    format!("出生于 {b}，待遇不早于出生之日：自 {b} 起享受待遇"),
                    format!("Born on {b}: benefits never start before birth, so from {b}"),
                    vec![("birthDate", b.to_string())],
                );
                Some(b)
            }
            (s, _) => s,
        };
        if let Some(start) = start.filter(|s| *s > dec31) {
            trace.push(
                "after_coverage_year",
                format!("待遇开始日期 {start} 已在 {year} 参保年度之后，本年度缴费不能享受待遇"),
                format!("Benefits would start on {start}, after coverage year {year}: this year's payment brings no benefits"),
                vec![],
            );
        }
        Ok(BenefitStart {
            benefit_start: start,
            fixed_months: fixed,
            variable_months: variable,
            covered_from_birth: from_birth || start.is_some() && start == birth,
            timing,
            within_coverage_year: start.is_some_and(|s| s <= dec31),
            shorten,
            trace,
        })
    };

    // Newborns.
    if let Some((born, nb, end, zh_w, en_w)) = window {
        if paid <= end {
            if born.year() == year || e.previous_year_paid {
                let (zh_y, en_y) = if born.year() == year {
                    (String::new(), String::new())
                } else {
                    (
                        format!("，并已缴纳 {} 年度", born.year()),
                        format!(", with coverage year {} paid too", born.year()),
                    )
                };
                trace.push(
                    "newborn_in_window",
                    format!("新生儿出生于 {born}，在出生后 {zh_w}内（{end} 前）参保缴费{zh_y}，自出生之日起享受待遇"),
                    format!("Newborn born on {born}, enrolled and paid within {en_w} of birth (by {end}){en_y}: covered from the birth date"),
                    vec![("birthDate", born.to_string()), ("windowEnd", end.to_string())],
                );
                return result(Some(born), 0, 0, true, Timing::InPeriod, trace, vec![]);
            }
            trace.push(
                "newborn_previous_year",
                format!("新生儿出生于 {born}（上一年度），在出生后 {zh_w}内（{end} 前）参保缴费，只缴纳 {year} 年度：自 {jan1} 起享受待遇（同时缴纳 {} 年度则自出生之日起）", born.year()),
                format!("Newborn born on {born} (the year before), enrolled and paid within {en_w} of birth (by {end}) for coverage year {year} only: covered from {jan1} (from birth if {} is paid too)", born.year()),
                vec![("birthDate", born.to_string()), ("windowEnd", end.to_string())],
            );
            return result(Some(jan1), 0, 0, false, Timing::InPeriod, trace, vec![]);
        }
        match nb.after_window {
            AfterWindow::From(day) => {
                let start = from_payment(day, paid, jan1)?;
                start_day(&mut trace, Some(day), false);
                trace.push(
                    "newborn_after_window",
                    format!("新生儿出生于 {born}，超过出生后 {zh_w}（{end}）才缴费，自 {start} 起享受待遇"),
                    format!("Newborn born on {born}, paid after the {en_w} window ({end}): covered from {start}"),
                    vec![("birthDate", born.to_string()), ("windowEnd", end.to_string())],
                );
                return result(Some(start), 0, 0, false, Timing::Late, trace, vec![]);
            }
            AfterWindow::GeneralRules => trace.push(
                "newborn_after_window",
                format!("新生儿出生于 {born}，超过出生后 {zh_w}（{end}）才缴费，按一般规则计算"),
                format!("Newborn born on {born}, paid after the {en_w} window ({end}): the general rules apply"),
                vec![("birthDate", born.to_string()), ("windowEnd", end.to_string())],
            ),
        }
    }

    let t = timing(res, paid, e.in_collection_period, "paymentDate", category)?;
    let (zh_t, en_t) = match t {
        Timing::InPeriod => ("在集中缴费期内缴费", "Paid inside the collection period"),
        Timing::ExtendedFromPayment => ("在延长缴费期内缴费", "Paid inside the extended period"),
        Timing::Late => ("在集中缴费期后缴费", "Paid after the collection period"),
    };
    trace.push(
        "timing",
        format!("{zh_t}（{paid}）"),
        format!("{en_t} ({paid})"),
        vec![("paymentDate", paid.to_string())],
    );

    // A category with a coverage period of its own (e.g. university students from
    // September 1), paid inside its periods.
    if let (Some(c), Timing::InPeriod) = (category, t) {
        if let Some(cov) = c.coverage {
            trace.push(
                "category_coverage",
                format!(
                    "{}在缴费期内缴费，待遇期 {}—{}",
                    c.name.zh, cov.start, cov.end
                ),
                format!(
                    "{} paid inside the period: covered from {} to {}",
                    c.name.en, cov.start, cov.end
                ),
                vec![("category", c.id.clone())],
            );
            return result(Some(cov.start), 0, 0, false, t, trace, vec![]);
        }
    }

    if let Some(w) = &res.waiting_period {
        let lapsed = e.lapsed_years;
        if t == Timing::InPeriod && lapsed == 0 {
            trace.push(
                "continuous_in_period",
                format!("连续参保且在集中缴费期内缴费，自 {jan1} 起享受待遇，无等待期"),
                format!("Continuously insured and paid inside the period: covered from {jan1}, no waiting period"),
                vec![],
            );
            return result(Some(jan1), 0, 0, false, t, trace, vec![]);
        }
        if let Some(g) = e.groups.iter().find(|g| w.exempt_groups.contains(g)) {
            let (start, day) = if t == Timing::InPeriod {
                (jan1, None)
            } else {
                let day = w.exempt_from;
                (from_payment(day, paid, jan1)?, Some(day))
            };
            start_day(&mut trace, day, false);
            let name = policy.group(g).map(|x| x.name.clone());
            trace.push(
                "exempt_group",
                format!(
                    "属于免设等待期的群体（{}），自 {start} 起享受待遇",
                    name.as_ref().map_or(g.as_str(), |n| &n.zh)
                ),
                format!(
                    "In a group exempt from waiting periods ({}): covered from {start}",
                    name.as_ref().map_or(g.as_str(), |n| &n.en)
                ),
                vec![("group", g.clone())],
            );
            return result(Some(start), 0, 0, false, t, trace, vec![]);
        }
        let why = match (t == Timing::InPeriod, lapsed) {
            (true, _) => (
                format!("断保 {lapsed} 年"),
                format!("{lapsed} lapsed year(s)"),
            ),
            (false, 0) => (
                "未在集中缴费期内参保".to_string(),
                "enrolled outside the collection period".to_string(),
            ),
            (false, _) => (
                format!("未在集中缴费期内参保，且断保 {lapsed} 年"),
                format!("enrolled outside the collection period after {lapsed} lapsed year(s)"),
            ),
        };
        trace.push(
            "fixed_waiting",
            format!("{}：固定等待期 {} 个月", why.0, w.fixed_months),
            format!(
                "{}: fixed waiting period of {} months",
                why.1, w.fixed_months
            ),
            vec![("fixedMonths", w.fixed_months.to_string())],
        );
        let raw = lapsed.saturating_sub(w.lapsed_years_without_variable)
            * w.variable_months_per_lapsed_year;
        if lapsed > 0 {
            trace.push(
                "variable_waiting",
                format!(
                    "断保 {lapsed} 年，超过 {} 年的部分每年增加 {} 个月变动等待期：{raw} 个月",
                    w.lapsed_years_without_variable, w.variable_months_per_lapsed_year
                ),
                format!(
                    "{lapsed} lapsed year(s): each year beyond {} adds {} month(s) of variable waiting: {raw} month(s)",
                    w.lapsed_years_without_variable, w.variable_months_per_lapsed_year
                ),
                vec![("lapsedYears", lapsed.to_string()), ("variableMonths", raw.to_string())],
            );
        }
        if e.extra_years_paid > 0 {
            let cut = raw.min(e.extra_years_paid * w.repair_months_per_extra_year);
            trace.push(
                "repair",
                format!(
                    "补缴 {} 年，每年减少 {} 个月变动等待期（不减固定等待期）：减少 {cut} 个月",
                    e.extra_years_paid, w.repair_months_per_extra_year
                ),
                format!(
                    "{} extra year(s) paid, each removing {} month(s) of the variable part (never the fixed part): {cut} month(s) removed",
                    e.extra_years_paid, w.repair_months_per_extra_year
                ),
                vec![("extraYearsPaid", e.extra_years_paid.to_string()), ("monthsRemoved", cut.to_string())],
            );
        }
        let (fixed, variable) = waiting_months(w, lapsed, e.extra_years_paid);
        let repaired = raw.saturating_sub(e.extra_years_paid * w.repair_months_per_extra_year);
        if variable > repaired {
            trace.push(
                "long_lapse_floor",
                format!(
                    "断保 {} 年及以上，固定加变动等待期合计不少于 {} 个月",
                    w.long_lapse_years, w.long_lapse_min_months
                ),
                format!(
                    "After {} or more lapsed years, fixed plus variable waiting is at least {} months",
                    w.long_lapse_years, w.long_lapse_min_months
                ),
                vec![("minMonths", w.long_lapse_min_months.to_string())],
            );
        }
        let anchor = paid.max(jan1);
        let months = fixed + variable;
        let start = w
            .start
            .start_in_year(paid, jan1, months)
            .ok_or_else(too_late)?;

        let day = w.start.day_applied(paid, jan1, months);
        start_day(&mut trace, day, months > 0);
        trace.push(
            "benefit_start",
            format!("自 {anchor} 起等待 {months} 个月（固定 {fixed} + 变动 {variable}），{start} 起享受待遇"),
            format!("{months} month(s) from {anchor} (fixed {fixed} + variable {variable}): covered from {start}"),
            vec![("benefitStart", start.to_string())],
        );
        let price = match w.extra_year_price {
            ExtraYearPrice::Individual => super::resident::amounts(policy, res)?.individual,
            ExtraYearPrice::Amount(a) => a,
        };
        let mut shorten = Vec::new();
        let mut last = variable;
        for k in e.extra_years_paid + 1..=lapsed {
            let (_, v) = waiting_months(w, lapsed, k);
            if v >= last {
                break;
            }
            last = v;
            shorten.push(ShortenOption {
                extra_years_paid: k,
                variable_months: v,
                benefit_start: w
                    .start
                    .start_in_year(paid, jan1, fixed + v)
                    .ok_or_else(too_late)?,
                cost: price * Decimal::from(k - e.extra_years_paid),
            });
        }
        if let Some(best) = shorten.last() {
            trace.push(
                "shorten_option",
                format!(
                    "再补缴 {} 年（按每年 {} 元，共 {} 元）可将变动等待期减至 {} 个月，{} 起享受待遇",
                    best.extra_years_paid - e.extra_years_paid,
                    yuan(price),
                    yuan(best.cost),
                    best.variable_months,
                    best.benefit_start
                ),
                format!(
                    "Paying {} more past year(s) ({} each, {} in all) cuts the variable wait to {} month(s): covered from {}",
                    best.extra_years_paid - e.extra_years_paid,
                    yuan(price),
                    yuan(best.cost),
                    best.variable_months,
                    best.benefit_start
                ),
                vec![("cost", yuan(best.cost))],
            );
        }
        if shorten.is_empty() && e.extra_years_paid < lapsed && variable > 0 {
            trace.push(
                "shorten_none",
                format!("已是最短等待期（断保 {} 年及以上不少于 {} 个月），再补缴也不能缩短", w.long_lapse_years, w.long_lapse_min_months),
                format!("This is already the shortest wait (at least {} months after {} or more lapsed years): paying more years does not shorten it", w.long_lapse_min_months, w.long_lapse_years),
                vec![],
            );
        }
        return result(Some(start), fixed, variable, false, t, trace, shorten);
    }

    // Before the 2025 rule: lapses do not matter, only when the payment was made.
    match t {
        Timing::InPeriod => {
            trace.push(
                "in_period",
                format!("自参保年度开始 {jan1} 起享受待遇"),
                format!("Covered from the start of the coverage year, {jan1}"),
                vec![],
            );
            result(Some(jan1), 0, 0, false, t, trace, vec![])
        }
        Timing::ExtendedFromPayment => {
            let day = match res.collection.as_ref().and_then(|c| c.extended) {
                Some(crate::policy::Extended {
                    benefit_from: ExtendedBenefit::From(d),
                    ..
                }) => d,
                _ => StartDay::PaymentDate,
            };
            let start = from_payment(day, paid, jan1)?;
            start_day(&mut trace, Some(day), false);
            trace.push(
                "extended_from_payment",
                format!("延长期内缴费，自 {start} 起享受待遇"),
                format!("Paid in the extended period: covered from {start}"),
                vec![],
            );
            result(Some(start), 0, 0, false, t, trace, vec![])
        }
        Timing::Late => {
            let Some(late) = res.late_payment else {
                trace.push(
                    "no_late_rule",
                    "政策（通知）未规定集中缴费期后缴费何时开始享受待遇，无法确定待遇开始日期：请向当地医保部门确认".into(),
                    "The policy (the notice) does not state when a payment after the collection period brings benefits: the start cannot be determined; ask the local medical-insurance office".into(),
                    vec![],
                );
                return result(None, 0, 0, false, t, trace, vec![]);
            };
            let m = late.waiting_months.unwrap_or(0);
            let start = late
                .start
                .start_in_year(paid, jan1, m)
                .ok_or_else(too_late)?
                .max(jan1);
            start_day(&mut trace, late.start.day_applied(paid, jan1, m), m > 0);
            trace.push(
                "late_waiting",
                format!("逾期缴费，缴费后等待 {m} 个月，{start} 起享受待遇"),
                format!(
                    "Late payment: {m} month(s) of waiting after payment, covered from {start}"
                ),
                vec![
                    ("waitingMonths", m.to_string()),
                    ("benefitStart", start.to_string()),
                ],
            );
            result(Some(start), m, 0, false, t, trace, vec![])
        }
    }
}
