//! The calculations as JSON in, JSON out: the shapes the JavaScript API returns (camelCase
//! fields, money as `"266.00"` strings, dates as `"YYYY-MM-DD"`, an explanation `trace` in the
//! requested language). The WebAssembly edge is a thin wrapper over these; native callers (a
//! CLI, tests sharing vectors with the JS tests) use them directly.
//!
//! ```
//! use canbao::{api, id::Lang, policy};
//!
//! let county = policy::preset("county-example-2024").unwrap();
//! let input = serde_json::json!({ "groups": ["dibao"] });
//! let out = api::resident_contribution(&county, &input, Lang::Zh).unwrap();
//! let v: serde_json::Value = serde_json::from_str(&out).unwrap();
//! assert_eq!(v["payable"], "266.00");
//! assert_eq!(v["subsidy"], "114.00");
//! ```

use serde_json::Value;

use crate::calc::benefit::{self, Enrollment, Timing};
use crate::calc::coverage::{self, CoverageRow, Order};
use crate::calc::employee::{self, Wage, WorkerKind};
use crate::calc::incentive::{self, Record};
use crate::calc::refund::{self, RefundRequest};
use crate::calc::resident::{self, Contribution, Person, Totals};
use crate::calc::Trace;
use crate::input::{Invalid, IssueCode, Reader};
use crate::json::{array, JsonObject};
use crate::lang::Lang;
use crate::money::yuan;
use crate::policy::Policy;

/// `[{ rule, message, values }]`.
pub fn trace_json(t: &Trace, lang: Lang) -> String {
    array(t.0.iter().map(|s| {
        let mut values = JsonObject::new();
        for (k, v) in &s.values {
            values = values.str(k, v);
        }
        JsonObject::new()
            .str("rule", s.rule)
            .str("message", s.text(lang))
            .raw("values", &values.end())
            .end()
    }))
}

/// `{ code, what, message, problems: [{ path, code, message }] }` for a rejected input or
/// policy; `code` is `invalid_policy` or `invalid_input`.
pub fn error_json(e: &Invalid, lang: Lang) -> String {
    let problems = array(e.issues.iter().map(|i| {
        JsonObject::new()
            .str("path", &i.path)
            .str("code", i.code.code())
            .str("message", i.message(lang))
            .end()
    }));
    JsonObject::new()
        .str("code", error_code(e))
        .str("message", &error_message(e, lang))
        .raw("problems", &problems)
        .end()
}

/// `invalid_policy` or `invalid_input`.
pub fn error_code(e: &Invalid) -> &'static str {
    if e.what == "policy" {
        "invalid_policy"
    } else {
        "invalid_input"
    }
}

/// One line summing up every problem (for `Error.message`).
pub fn error_message(e: &Invalid, lang: Lang) -> String {
    let head = match (e.what == "policy", lang) {
        (true, Lang::Zh) => "政策有误",
        (true, Lang::En) => "Invalid policy",
        (false, Lang::Zh) => "输入有误",
        (false, Lang::En) => "Invalid input",
    };
    let items: Vec<String> = e
        .issues
        .iter()
        .map(|i| {
            if i.path.is_empty() {
                i.message(lang).to_string()
            } else {
                format!("{}: {}", i.path, i.message(lang))
            }
        })
        .collect();
    let sep = if lang == Lang::Zh { "；" } else { "; " };
    format!(
        "{head}{} {}",
        if lang == Lang::Zh { "：" } else { ":" },
        items.join(sep)
    )
}

fn contribution_json(c: &Contribution, lang: Lang) -> String {
    JsonObject::new()
        .str("payable", &yuan(c.payable))
        .str("subsidy", &yuan(c.subsidy))
        .str("fiscal", &yuan(c.fiscal))
        .str("individual", &yuan(c.individual))
        .opt_str("appliedGroup", c.applied_group.as_deref())
        .opt_str("department", c.department.as_deref())
        .raw(
            "groups",
            &array(c.by_group.iter().map(|(g, a)| {
                JsonObject::new()
                    .str("id", g)
                    .str("subsidy", &yuan(*a))
                    .end()
            })),
        )
        .bool("fullFinancing", c.full_financing)
        .str("payNow", &yuan(c.pay_now))
        .str("refundLater", &yuan(c.refund_later))
        .raw("trace", &trace_json(&c.trace, lang))
        .end()
}

fn totals_json(t: &Totals) -> String {
    JsonObject::new()
        .num("people", t.people)
        .str("individual", &yuan(t.individual))
        .str("subsidy", &yuan(t.subsidy))
        .str("payable", &yuan(t.payable))
        .str("fiscal", &yuan(t.fiscal))
        .end()
}

/// `residentContribution(policy, { groups, paymentDate? })`.
pub fn resident_contribution(
    policy: &Policy,
    input: &Value,
    lang: Lang,
) -> Result<String, Invalid> {
    let person = Person::from_value(input)?;
    Ok(contribution_json(
        &resident::contribution(policy, &person)?,
        lang,
    ))
}

/// `householdContribution(policy, [person…])`.
pub fn household_contribution(
    policy: &Policy,
    input: &Value,
    lang: Lang,
) -> Result<String, Invalid> {
    let people = resident::people_from_value(input)?;
    let h = resident::household(policy, &people)?;
    let mut trace = Trace::default();
    let t = &h.totals;
    trace.push(
        "household_total",
        format!(
            "全家 {} 人：个人应缴合计 {} 元，资助合计 {} 元",
            t.people,
            yuan(t.payable),
            yuan(t.subsidy)
        ),
        format!(
            "Household of {}: payable {} in all, subsidies {}",
            t.people,
            yuan(t.payable),
            yuan(t.subsidy)
        ),
        vec![("payable", yuan(t.payable))],
    );
    Ok(JsonObject::new()
        .raw(
            "members",
            &array(h.members.iter().map(|c| contribution_json(c, lang))),
        )
        .raw("totals", &totals_json(t))
        .str("payable", &yuan(t.payable))
        .str("subsidy", &yuan(t.subsidy))
        .raw("trace", &trace_json(&trace, lang))
        .end())
}

/// `benefitStart(policy, { coverageYear, paymentDate, … })`.
pub fn benefit_start(policy: &Policy, input: &Value, lang: Lang) -> Result<String, Invalid> {
    let e = Enrollment::from_value(input)?;
    let b = benefit::benefit_start(policy, &e)?;
    Ok(benefit_json(&b, lang))
}

fn benefit_json(b: &benefit::BenefitStart, lang: Lang) -> String {
    let timing = match b.timing {
        Timing::InPeriod => "in_period",
        Timing::ExtendedFromPayment => "extended",
        Timing::Late => "late",
    };
    JsonObject::new()
        .opt_str(
            "benefitStart",
            b.benefit_start.map(|d| d.to_string()).as_deref(),
        )
        .num("fixedMonths", b.fixed_months)
        .num("variableMonths", b.variable_months)
        .bool("coveredFromBirth", b.covered_from_birth)
        .str("timing", timing)
        .bool("withinCoverageYear", b.within_coverage_year)
        .raw(
            "shorten",
            &array(b.shorten.iter().map(|o| {
                JsonObject::new()
                    .num("extraYearsPaid", o.extra_years_paid)
                    .num("variableMonths", o.variable_months)
                    .str("benefitStart", &o.benefit_start.to_string())
                    .str("cost", &yuan(o.cost))
                    .end()
            })),
        )
        .raw("trace", &trace_json(&b.trace, lang))
        .end()
}

/// The fields of `enrollmentQuote`'s input (JavaScript `QuoteInput`).
pub const QUOTE_KEYS: [&str; 6] = [
    "category",
    "groups",
    "birthDate",
    "paymentDate",
    "lapsedYears",
    "inCollectionPeriod",
];

/// `enrollmentQuote(policy, { category?, groups?, birthDate?, paymentDate, lapsedYears?,
/// inCollectionPeriod? })`: what a person registering at a desk pays and when benefits start,
/// for the policy's coverage year. `category` is a kind (`resident`, `student`,
/// `university_student`, `newborn`: the form's 参保类别): the policy's first category of that
/// kind applies, or the scheme's own rules when it has none.
pub fn enrollment_quote(policy: &Policy, input: &Value, lang: Lang) -> Result<String, Invalid> {
    use crate::policy::CategoryKind;
    let mut r = Reader::default();
    let read = (|| {
        let o = r.object(input, "", &QUOTE_KEYS)?;
        let kind = match r.opt(&o, "category") {
            Some(v) => r.choice(v, "category", &CategoryKind::NAMES).map(Some),
            None => Some(None),
        };
        let groups = match r.opt(&o, "groups") {
            Some(g) => r.array(g, "groups", |r, v, p| r.name(v, p)),
            None => Some(Vec::new()),
        };
        let birth = match r.opt(&o, "birthDate") {
            Some(v) => r.date(v, "birthDate").map(Some),
            None => Some(None),
        };
        let paid = r
            .req(&o, "paymentDate")
            .and_then(|v| r.date(v, "paymentDate"));
        let lapsed = match r.opt(&o, "lapsedYears") {
            Some(v) => r.int(v, "lapsedYears", 0, 100).map(|n| n as u32),
            None => Some(0),
        };
        let in_period = match r.opt(&o, "inCollectionPeriod") {
            Some(v) => r.bool(v, "inCollectionPeriod").map(Some),
            None => Some(None),
        };
        Some((kind?, groups?, birth?, paid?, lapsed?, in_period?))
    })();
    let (kind, groups, birth, paid, lapsed, in_period) = r.finish("input", read)?;
    let q = crate::intake::quote(
        policy,
        &crate::intake::QuoteFor {
            kind,
            groups,
            birth,
            paid,
            lapsed,
            in_period,
        },
    )?;
    let (category, c, b) = (q.category, q.contribution, q.benefit);
    let id = category.map(|c| c.id.clone());
    Ok(JsonObject::new()
        .num("coverageYear", policy.coverage_year as u32)
        .opt_str("category", id.as_deref())
        .opt_str("categoryName", category.map(|c| c.name.get(lang)))
        .raw("contribution", &contribution_json(&c, lang))
        .raw("benefit", &benefit_json(&b, lang))
        .end())
}

/// `employeeContribution(policy, { wage, kind })`.
pub fn employee_contribution(
    policy: &Policy,
    input: &Value,
    lang: Lang,
) -> Result<String, Invalid> {
    let w = Wage::from_value(input)?;
    let c = employee::employee_contribution(policy, &w)?;
    Ok(JsonObject::new()
        .str(
            "kind",
            if w.kind == WorkerKind::Flexible {
                "flexible"
            } else {
                "employee"
            },
        )
        .str("base", &yuan(c.base))
        .str("clamp", c.clamp.name())
        .str("employer", &yuan(c.employer))
        .str("employee", &yuan(c.employee))
        .str("topUp", &yuan(c.top_up))
        .str("monthly", &yuan(c.monthly))
        .str("yearly", &yuan(c.yearly))
        .raw("trace", &trace_json(&c.trace, lang))
        .end())
}

/// `refundEligibility(policy, { paymentDate, requestDate, reason, benefitStart? })`.
pub fn refund_eligibility(policy: &Policy, input: &Value, lang: Lang) -> Result<String, Invalid> {
    let q = RefundRequest::from_value(input)?;
    let d = refund::refund_eligibility(policy, &q)?;
    Ok(JsonObject::new()
        .bool("eligible", d.eligible)
        .str("outcome", d.outcome.name())
        .str("benefitStart", &d.benefit_start.to_string())
        .raw("trace", &trace_json(&d.trace, lang))
        .end())
}

/// `catastrophicCap(policy, { continuousYears, claimFreeYears?, baseCap? })`.
pub fn catastrophic_cap(policy: &Policy, input: &Value, lang: Lang) -> Result<String, Invalid> {
    let rec = Record::from_value(input)?;
    let c = incentive::catastrophic_cap(policy, &rec)?;
    Ok(JsonObject::new()
        .str("baseCap", &yuan(c.base_cap))
        .str("continuityRaise", &yuan(c.continuity_raise))
        .str("claimFreeRaise", &yuan(c.claim_free_raise))
        .str("raise", &yuan(c.raise))
        .bool("limited", c.limited)
        .str("cap", &yuan(c.cap))
        .raw("trace", &trace_json(&c.trace, lang))
        .end())
}

/// `[{ department, name, people, subsidy }]` of a budget, names from the policy in `lang`.
pub(crate) fn department_lines_json(
    b: &crate::calc::resident::Budget,
    policy: Option<&Policy>,
    lang: Lang,
) -> String {
    array(b.departments.iter().map(|l| {
        let name = policy
            .and_then(|p| p.department(&l.department))
            .map_or(l.department.as_str(), |d| d.name.get(lang));
        JsonObject::new()
            .str("department", &l.department)
            .str("name", name)
            .num("people", l.people)
            .str("subsidy", &yuan(l.subsidy))
            .end()
    }))
}

/// `departmentBudget(policy, [person…])`.
pub fn department_budget(policy: &Policy, input: &Value, lang: Lang) -> Result<String, Invalid> {
    let people = resident::people_from_value(input)?;
    let b = resident::department_budget(policy, &people)?;
    Ok(JsonObject::new()
        .raw(
            "departments",
            &department_lines_json(&b, Some(policy), lang),
        )
        .num("unsubsidised", b.unsubsidised)
        .raw("totals", &totals_json(&b.totals))
        .raw("trace", &trace_json(&b.trace, lang))
        .end())
}

fn coverage_row_json(r: &CoverageRow, unit: &str, rank: Option<u32>) -> String {
    let j = JsonObject::new()
        .str("unit", unit)
        .num("registered", r.counts.registered)
        .num("insuredLocal", r.counts.insured_local)
        .num("insuredElsewhere", r.counts.insured_elsewhere)
        .num("insured", r.insured)
        .str("coverageRate", &r.coverage_rate())
        .num("unenrolled", r.unenrolled)
        .str("unenrolledRate", &r.unenrolled_rate());
    match rank {
        Some(n) => j.num("rank", n).end(),
        None => j.end(),
    }
}

/// The coverage table's column headers, as the page shows them and the CSV writes them.
const COVERAGE_COLUMNS: [(&str, &str); 9] = [
    ("排名", "Rank"),
    ("单位", "Unit"),
    ("户籍人口数", "Registered"),
    ("本地参保", "Insured locally"),
    ("异地参保", "Insured elsewhere"),
    ("参保人数", "Insured"),
    ("参保率（%）", "Coverage (%)"),
    ("未参保人数", "Unenrolled"),
    ("未参保率（%）", "Unenrolled (%)"),
];

/// The coverage table as CSV (no byte-order mark; the caller adds one for Excel), through
/// the shared writer, so that a unit name cannot run as a formula.
fn coverage_csv(t: &coverage::CoverageTable, total_name: &str, lang: Lang) -> String {
    let mut out = String::new();
    let head = COVERAGE_COLUMNS.map(|(zh, en)| if lang == Lang::Zh { zh } else { en });
    crate::csv::push_row(&mut out, head, "\r\n");
    let line = |out: &mut String, r: &CoverageRow, unit: &str, rank: Option<u32>| {
        let cells = [
            rank.map_or(String::new(), |n| n.to_string()),
            unit.to_string(),
            r.counts.registered.to_string(),
            r.counts.insured_local.to_string(),
            r.counts.insured_elsewhere.to_string(),
            r.insured.to_string(),
            r.coverage_rate(),
            r.unenrolled.to_string(),
            r.unenrolled_rate(),
        ];
        crate::csv::push_row(out, cells.iter().map(String::as_str), "\r\n");
    };
    for r in &t.rows {
        line(&mut out, r, &r.counts.unit, Some(r.rank));
    }
    line(&mut out, &t.total, total_name, None);
    out
}

/// `coverageTable(rows, { order?: "desc" | "asc", csv?: boolean })`.
pub fn coverage_table(
    rows: &Value,
    options: Option<&Value>,
    lang: Lang,
) -> Result<String, Invalid> {
    let mut order = Order::Descending;
    let mut csv = false;
    if let Some(o) = options {
        let mut r = Reader::default();
        let got = r.object(o, "options", &["order", "csv", "lang"]).map(|ob| {
            if let Some(v) = r.opt(&ob, "order") {
                if let Some(x) = r.choice(
                    v,
                    "options.order",
                    &[("desc", Order::Descending), ("asc", Order::Ascending)],
                ) {
                    order = x;
                }
            }
            if let Some(v) = r.opt(&ob, "csv") {
                csv = r.bool(v, "options.csv").unwrap_or(false);
            }
        });
        r.finish("input", got)?;
    }
    let units = coverage::rows_from_value(rows)?;
    let t = coverage::coverage_table(&units, order)?;
    let total_name = if lang == Lang::Zh { "合计" } else { "Total" };
    let out = JsonObject::new()
        .raw(
            "rows",
            &array(
                t.rows
                    .iter()
                    .map(|r| coverage_row_json(r, &r.counts.unit, Some(r.rank))),
            ),
        )
        .raw("total", &coverage_row_json(&t.total, total_name, None))
        .raw("trace", &trace_json(&t.trace, lang));
    Ok(if csv {
        out.str("csv", &coverage_csv(&t, total_name, lang)).end()
    } else {
        out.end()
    })
}

/// The error for a calculation that names a function this API does not have (shared-vector
/// runners).
pub fn unknown_function(name: &str) -> Invalid {
    Invalid::one(
        "input",
        crate::input::Issue::new(
            "",
            IssueCode::InvalidValue,
            format!("没有“{name}”这个计算"),
            format!("there is no calculation \"{name}\""),
        ),
    )
}

/// Runs the calculation named as in the JS API (`"residentContribution"`, …) on a policy and
/// an input: one entry point for runners of shared test vectors and for tools.
pub fn run(
    name: &str,
    policy: Option<&Policy>,
    input: &Value,
    lang: Lang,
) -> Result<String, Invalid> {
    if name == "coverageTable" {
        return coverage_table(input, None, lang);
    }
    let Some(p) = policy else {
        return Err(crate::calc::missing(
            "",
            "需要政策".into(),
            "a policy is required".into(),
        ));
    };
    match name {
        "residentContribution" => resident_contribution(p, input, lang),
        "householdContribution" => household_contribution(p, input, lang),
        "benefitStart" => benefit_start(p, input, lang),
        "employeeContribution" => employee_contribution(p, input, lang),
        "refundEligibility" => refund_eligibility(p, input, lang),
        "departmentBudget" => department_budget(p, input, lang),
        "catastrophicCap" => catastrophic_cap(p, input, lang),
        _ => Err(unknown_function(name)),
    }
}
