//! Resident contribution for one person, a household, and department budgets: which
//! assistance group's subsidy applies and why, what the person pays, and the fiscal part.

use rust_decimal::Decimal;
use serde_json::Value;

use super::timing::{timing, Timing};
use super::{resident_scheme, Trace};
use crate::date::Date;
use crate::input::{Invalid, IssueCode, Reader};
use crate::money::yuan;
use crate::policy::{Amounts, Group, LateCharge, Policy, ResidentScheme, Subsidy, SubsidyPayment};

/// One person, for the contribution.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    /// Ids of the assistance groups the person is confirmed in (may be empty).
    pub groups: Vec<String>,
    /// When the person paid, if known: matters only where late payers are charged the full
    /// financing amount.
    pub payment_date: Option<Date>,
    /// The enrollment category (a category id of the policy), if any.
    pub category: Option<String>,
}

impl Person {
    /// The input's fields (JavaScript `PersonInput`).
    pub const KEYS: [&'static str; 3] = ["groups", "paymentDate", "category"];

    /// Reads `{ groups?: string[], paymentDate?: "YYYY-MM-DD", category?: string }`.
    pub fn from_value(v: &Value) -> Result<Person, Invalid> {
        let mut r = Reader::default();
        let p = read_person(&mut r, v, "");
        r.finish("input", p)
    }
}

pub(crate) fn read_person(r: &mut Reader, v: &Value, path: &str) -> Option<Person> {
    let o = r.object(v, path, &Person::KEYS)?;
    let groups = match r.opt(&o, "groups") {
        Some(g) => r.array(g, &o.at("groups"), |r, v, p| r.name(v, p))?,
        None => Vec::new(),
    };
    let payment_date = match r.opt(&o, "paymentDate") {
        Some(d) => Some(r.date(d, &o.at("paymentDate"))?),
        None => None,
    };
    let category = match r.opt(&o, "category") {
        Some(c) => Some(r.name(c, &o.at("category"))?),
        None => None,
    };
    Some(Person {
        groups,
        payment_date,
        category,
    })
}

/// Reads a list of people.
pub fn people_from_value(v: &Value) -> Result<Vec<Person>, Invalid> {
    let mut r = Reader::default();
    let ps = r.array(v, "", read_person);
    r.finish("input", ps)
}

/// The contribution of one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    /// The individual contribution before assistance (个人缴费标准).
    pub individual: Decimal,
    /// The assistance subsidy (医疗救助资助).
    pub subsidy: Decimal,
    /// What the person pays: charged amount − subsidy.
    pub payable: Decimal,
    /// The government's per-person fiscal subsidy (财政补助); 0 for a late payer charged the
    /// full financing amount.
    pub fiscal: Decimal,
    /// The group whose subsidy applies (highest), if any subsidy applies.
    pub applied_group: Option<String>,
    /// The department responsible for that group.
    pub department: Option<String>,
    /// Each group held, with the subsidy it alone would give.
    pub by_group: Vec<(String, Decimal)>,
    /// Whether the person was charged the full financing amount for paying late.
    pub full_financing: bool,
    /// What the person pays at the desk: `payable`, or the whole charge when the subsidy is
    /// paid back after payment (先全额缴费，再申请资助).
    pub pay_now: Decimal,
    /// The subsidy paid back to the person after payment (0 when paid on their behalf).
    pub refund_later: Decimal,
    /// The explanation.
    pub trace: Trace,
}

/// What one group alone would give against the individual amount; `None` when the policy
/// states no amount for the group.
pub fn group_subsidy(group: &Group, individual: Decimal) -> Option<Decimal> {
    Some(match group.subsidy? {
        Subsidy::Full => individual,
        Subsidy::Fixed(a) => a.min(individual),
        Subsidy::Percent { percent, rounding } => rounding
            .apply(crate::money::percent_of(individual, percent))
            .min(individual),
        Subsidy::None => Decimal::ZERO,
    })
}

/// The scheme's amounts, or an error saying where they are set.
pub(crate) fn amounts(policy: &Policy, res: &ResidentScheme) -> Result<Amounts, Invalid> {
    res.amounts.ok_or_else(|| {
        let (zh, en) = match &res.amounts_from {
            Some(t) => (format!("：{}", t.zh), format!(": {}", t.en)),
            None => (String::new(), String::new()),
        };
        super::missing(
            "resident.individual",
            format!("政策“{}”未规定缴费标准{zh}", policy.name.zh),
            format!(
                "the policy \"{}\" states no contribution amounts{en}",
                policy.name.en
            ),
        )
    })
}

/// A group's subsidy, or an error when the policy states no amount for it.
fn subsidy_of(policy: &Policy, g: &Group, individual: Decimal) -> Result<Decimal, Invalid> {
    group_subsidy(g, individual).ok_or_else(|| {
        let i = policy
            .resident
            .as_ref()
            .and_then(|r| r.groups.iter().position(|x| x.id == g.id))
            .unwrap_or(0);
        let dept = policy.department(&g.department);
        super::missing(
            &format!("resident.groups[{i}].subsidy"),
            format!(
                "政策未规定“{}”的资助标准（由{}认定），无法计算",
                g.name.zh,
                dept.map_or(g.department.as_str(), |d| &d.name.zh)
            ),
            format!(
                "the policy states no subsidy for \"{}\" (confirmed by {}): it cannot be computed",
                g.name.en,
                dept.map_or(g.department.as_str(), |d| &d.name.en)
            ),
        )
    })
}

fn describe(group: &Group, amount: Decimal) -> (String, String) {
    let Some(subsidy) = group.subsidy else {
        return (String::new(), String::new());
    };
    match subsidy {
        Subsidy::Full => (
            format!("{}：全额资助 {} 元", group.name.zh, yuan(amount)),
            format!("{}: full subsidy, {}", group.name.en, yuan(amount)),
        ),
        Subsidy::Fixed(a) => (
            format!("{}：定额资助 {} 元", group.name.zh, yuan(a)),
            format!("{}: fixed subsidy of {}", group.name.en, yuan(a)),
        ),
        Subsidy::Percent { percent, rounding } => {
            let (rz, re) = rounding.describe();
            (
                format!(
                    "{}：按 {percent}% 资助，{rz}，为 {} 元",
                    group.name.zh,
                    yuan(amount)
                ),
                format!(
                    "{}: {percent}% subsidy, {re}: {}",
                    group.name.en,
                    yuan(amount)
                ),
            )
        }
        Subsidy::None => (
            format!("{}：不享受资助", group.name.zh),
            format!("{}: no subsidy", group.name.en),
        ),
    }
}

/// Computes one person's contribution.
pub fn contribution(policy: &Policy, person: &Person) -> Result<Contribution, Invalid> {
    contribution_at(policy, person, "")
}

fn contribution_at(policy: &Policy, person: &Person, path: &str) -> Result<Contribution, Invalid> {
    let res = resident_scheme(policy)?;
    let mut unknown = Reader::default();
    for (i, id) in person.groups.iter().enumerate() {
        if policy.group(id).is_none() {
            unknown.report(
                &crate::input::index(&crate::input::join(path, "groups"), i),
                IssueCode::UnknownGroup,
                format!("政策“{}”中没有“{id}”这个资助群体", policy.name.zh),
                format!(
                    "the policy \"{}\" has no assistance group \"{id}\"",
                    policy.name.en
                ),
            );
        }
    }
    unknown.finish("input", Some(()))?;
    // In the policy's order, so that ties go to the group the policy lists first.
    let groups: Vec<&Group> = res
        .groups
        .iter()
        .filter(|g| person.groups.contains(&g.id))
        .collect();

    let mut trace = Trace::default();
    let Amounts { individual, fiscal } = amounts(policy, res)?;
    let category = match &person.category {
        Some(id) => Some(res.category(id).ok_or_else(|| {
            super::input_error(
                &crate::input::join(path, "category"),
                IssueCode::UnknownGroup,
                format!("政策“{}”中没有“{id}”这个参保类别", policy.name.zh),
                format!(
                    "the policy \"{}\" has no enrollment category \"{id}\"",
                    policy.name.en
                ),
            )
        })?),
        None => None,
    };
    let individual = match category.and_then(|c| c.individual.map(|a| (c, a))) {
        Some((c, a)) => {
            trace.push(
                "individual_rate",
                format!(
                    "{} 年度{}个人缴费标准 {} 元",
                    policy.coverage_year,
                    c.name.zh,
                    yuan(a)
                ),
                format!(
                    "Individual contribution of {} for coverage year {}: {}",
                    c.name.en,
                    policy.coverage_year,
                    yuan(a)
                ),
                vec![("individual", yuan(a)), ("category", c.id.clone())],
            );
            a
        }
        None => {
            trace.push(
                "individual_rate",
                format!(
                    "{} 年度个人缴费标准 {} 元",
                    policy.coverage_year,
                    yuan(individual)
                ),
                format!(
                    "Individual contribution for coverage year {}: {}",
                    policy.coverage_year,
                    yuan(individual)
                ),
                vec![("individual", yuan(individual))],
            );
            individual
        }
    };

    let full_financing = match (res.late_payment, person.payment_date) {
        (Some(late), Some(paid)) if late.charge == LateCharge::FullFinancing => {
            let t = timing(
                res,
                paid,
                None,
                &crate::input::join(path, "paymentDate"),
                category,
            )?;
            t == Timing::Late
        }
        _ => false,
    };
    let charged = if full_financing {
        trace.push(
            "late_full_financing",
            format!(
                "集中缴费期后缴费，按筹资总额缴纳 {} 元（个人 {} + 财政 {}），不享受财政补助",
                yuan(individual + fiscal),
                yuan(individual),
                yuan(fiscal)
            ),
            format!(
                "Paid after the collection period: charged the full financing amount {} (individual {} + fiscal {}), with no fiscal subsidy",
                yuan(individual + fiscal),
                yuan(individual),
                yuan(fiscal)
            ),
            vec![("charged", yuan(individual + fiscal))],
        );
        individual + fiscal
    } else {
        individual
    };

    let mut by_group = Vec::with_capacity(groups.len());
    let mut best: Option<(&Group, Decimal)> = None;
    // A group the policy states no amount for cannot be priced, unless another group held
    // gives the full contribution (the highest there is).
    let full_held = groups.iter().any(|g| g.subsidy == Some(Subsidy::Full));
    for g in &groups {
        if g.subsidy.is_none() && full_held {
            trace.push(
                "group_not_stated",
                format!("{}：政策未规定资助标准（另有全额资助身份，不影响结果）", g.name.zh),
                format!("{}: no subsidy stated in the policy (another group gives the full contribution)", g.name.en),
                vec![("group", g.id.clone())],
            );
            continue;
        }
        let amount = subsidy_of(policy, g, individual)?;
        let (zh, en) = describe(g, amount);
        trace.push(
            "group_subsidy",
            zh,
            en,
            vec![("group", g.id.clone()), ("subsidy", yuan(amount))],
        );
        by_group.push((g.id.clone(), amount));
        if best.is_none_or(|(_, b)| amount > b) {
            best = Some((g, amount));
        }
    }
    if groups.is_empty() {
        trace.push(
            "no_group",
            "不属于资助参保群体，不享受医疗救助资助".into(),
            "Not in an assistance group: no subsidy".into(),
            vec![],
        );
    }
    let (applied, subsidy) = match best {
        Some((g, a)) if !a.is_zero() => (Some(g), a),
        _ => (None, Decimal::ZERO),
    };
    if groups.len() > 1 {
        let (zh, en) = match applied {
            Some(g) => (
                format!("同时属于 {} 个资助群体，按最高一项资助，不累加：{}，{} 元", groups.len(), g.name.zh, yuan(subsidy)),
                format!("In {} assistance groups: subsidised once, at the highest amount, not cumulatively: {}, {}", groups.len(), g.name.en, yuan(subsidy)),
            ),
            None => (
                "所属群体均不享受资助".into(),
                "None of the groups held gives a subsidy".into(),
            ),
        };
        trace.push("highest_only", zh, en, vec![("subsidy", yuan(subsidy))]);
    }
    let department = applied.map(|g| g.department.clone());
    if let Some(g) = applied {
        if let Some(d) = policy.department(&g.department) {
            trace.push(
                "department",
                format!("资助由{}确认并列入其预算", d.name.zh),
                format!("The subsidy is confirmed and budgeted by: {}", d.name.en),
                vec![("department", d.id.clone())],
            );
        }
    }
    let payable = charged - subsidy;
    trace.push(
        "payable",
        format!(
            "个人应缴 = {} − {} = {} 元",
            yuan(charged),
            yuan(subsidy),
            yuan(payable)
        ),
        format!(
            "Payable = {} − {} = {}",
            yuan(charged),
            yuan(subsidy),
            yuan(payable)
        ),
        vec![("payable", yuan(payable))],
    );
    let fiscal = if full_financing {
        Decimal::ZERO
    } else {
        fiscal
    };
    let refund_later = match applied {
        Some(g) if g.payment == SubsidyPayment::RefundAfterPayment => {
            trace.push(
                "refund_after_payment",
                format!(
                    "先全额缴纳 {} 元，再向认定部门申请资助 {} 元",
                    yuan(charged),
                    yuan(subsidy)
                ),
                format!(
                    "Pays the full {} first, then applies to the confirming department for the subsidy of {}",
                    yuan(charged),
                    yuan(subsidy)
                ),
                vec![("payNow", yuan(charged)), ("refundLater", yuan(subsidy))],
            );
            subsidy
        }
        _ => Decimal::ZERO,
    };
    if let Some(fund) = applied
        .and_then(|g| g.fund.as_deref())
        .and_then(|f| policy.funds.iter().find(|x| x.id == f))
    {
        trace.push(
            "fund",
            format!("资助资金来源：{}", fund.name.zh),
            format!("The subsidy is paid by: {}", fund.name.en),
            vec![("fund", fund.id.clone())],
        );
    }
    trace.push(
        "fiscal",
        format!("财政补助 {} 元/人", yuan(fiscal)),
        format!("Fiscal subsidy: {} per person", yuan(fiscal)),
        vec![("fiscal", yuan(fiscal))],
    );
    Ok(Contribution {
        individual,
        subsidy,
        payable,
        fiscal,
        applied_group: applied.map(|g| g.id.clone()),
        department,
        by_group,
        full_financing,
        pay_now: payable + refund_later,
        refund_later,
        trace,
    })
}

/// Totals over several people.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Number of people.
    pub people: u64,
    /// Sum of individual contributions before assistance.
    pub individual: Decimal,
    /// Sum of assistance subsidies.
    pub subsidy: Decimal,
    /// Sum of what the people pay.
    pub payable: Decimal,
    /// Sum of fiscal subsidies.
    pub fiscal: Decimal,
}

impl Totals {
    fn add(&mut self, c: &Contribution) {
        self.people += 1;
        self.individual += c.individual;
        self.subsidy += c.subsidy;
        self.payable += c.payable;
        self.fiscal += c.fiscal;
    }
}

/// A household: each member's contribution and the totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Household {
    /// Each member, in order.
    pub members: Vec<Contribution>,
    /// Sums over the members.
    pub totals: Totals,
}

/// Computes a household's contributions (paths of problems name the member: `[2].groups[0]`).
pub fn household(policy: &Policy, members: &[Person]) -> Result<Household, Invalid> {
    let mut out = Vec::with_capacity(members.len());
    let mut totals = Totals::default();
    let mut issues = Vec::new();
    for (i, m) in members.iter().enumerate() {
        match contribution_at(policy, m, &format!("[{i}]")) {
            Ok(c) => {
                totals.add(&c);
                out.push(c);
            }
            Err(e) if e.what == "policy" => return Err(e),
            Err(e) => issues.extend(e.issues),
        }
    }
    if !issues.is_empty() {
        return Err(Invalid {
            what: "input",
            issues,
        });
    }
    Ok(Household {
        members: out,
        totals,
    })
}

/// One department's line of a budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepartmentLine {
    /// Department id (as in the policy).
    pub department: String,
    /// People whose subsidy this department budgets.
    pub people: u64,
    /// Total subsidy.
    pub subsidy: Decimal,
}

/// Subsidy totals by responsible department.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    /// One line per department with at least one person, in the policy's department order.
    pub departments: Vec<DepartmentLine>,
    /// People with no subsidy.
    pub unsubsidised: u64,
    /// Totals over everyone.
    pub totals: Totals,
    /// The explanation.
    pub trace: Trace,
}

/// Totals the subsidies of `people` by the department responsible for the group applied.
pub fn department_budget(policy: &Policy, people: &[Person]) -> Result<Budget, Invalid> {
    let h = household(policy, people)?;
    Ok(tally(
        policy,
        h.members.iter().map(|c| Share {
            department: c.department.as_deref(),
            individual: c.individual,
            charged: c.payable + c.subsidy,
            subsidy: c.subsidy,
            payable: c.payable,
            fiscal: c.fiscal,
        }),
    ))
}

/// One person's amounts, for [`tally`].
#[derive(Clone, Copy, Debug)]
pub struct Share<'a> {
    /// Department of the group applied, if any.
    pub department: Option<&'a str>,
    /// Individual contribution before assistance.
    pub individual: Decimal,
    /// What the person is charged before assistance: the individual contribution, or the full
    /// financing amount for a late payer where the policy charges it (subsidy + payable).
    pub charged: Decimal,
    /// Subsidy.
    pub subsidy: Decimal,
    /// Payable.
    pub payable: Decimal,
    /// Fiscal part.
    pub fiscal: Decimal,
}

/// The budget of amounts already computed (e.g. by the roster pipeline): subsidies by
/// department, in the policy's department order, and totals.
pub fn tally<'a>(policy: &Policy, people: impl IntoIterator<Item = Share<'a>>) -> Budget {
    let mut lines: Vec<DepartmentLine> = policy
        .departments
        .iter()
        .map(|d| DepartmentLine {
            department: d.id.clone(),
            people: 0,
            subsidy: Decimal::ZERO,
        })
        .collect();
    let mut unsubsidised = 0;
    let mut totals = Totals::default();
    let mut charged = Decimal::ZERO;
    for p in people {
        totals.people += 1;
        charged += p.charged;
        totals.individual += p.individual;
        totals.subsidy += p.subsidy;
        totals.payable += p.payable;
        totals.fiscal += p.fiscal;
        match p
            .department
            .and_then(|d| lines.iter_mut().find(|l| l.department == d))
        {
            Some(line) => {
                line.people += 1;
                line.subsidy += p.subsidy;
            }
            None => unsubsidised += 1,
        }
    }
    lines.retain(|l| l.people > 0);
    let mut trace = Trace::default();
    for l in &lines {
        let name = policy.department(&l.department).map(|d| &d.name);
        trace.push(
            "department_total",
            format!(
                "{}：{} 人，资助合计 {} 元",
                name.map_or(&l.department, |n| &n.zh),
                l.people,
                yuan(l.subsidy)
            ),
            format!(
                "{}: {} people, subsidies {}",
                name.map_or(&l.department, |n| &n.en),
                l.people,
                yuan(l.subsidy)
            ),
            vec![
                ("people", l.people.to_string()),
                ("subsidy", yuan(l.subsidy)),
            ],
        );
    }
    let t = &totals;
    let (zh, en) = if charged == t.individual {
        (
            format!(
                "共 {} 人：个人缴费 {} 元 = 资助 {} 元 + 个人应缴 {} 元；无资助 {} 人",
                t.people, yuan(t.individual), yuan(t.subsidy), yuan(t.payable), unsubsidised
            ),
            format!(
                "{} people: individual contributions {} = subsidies {} + payable {}; {} without subsidy",
                t.people, yuan(t.individual), yuan(t.subsidy), yuan(t.payable), unsubsidised
            ),
        )
    } else {
        // Late payers charged the full financing amount: the charge is more than the
        // individual contributions.
        (
            format!(
                "共 {} 人：应收 {} 元 = 资助 {} 元 + 个人应缴 {} 元（含逾期按全额筹资标准收取的，个人缴费标准合计 {} 元）；无资助 {} 人",
                t.people, yuan(charged), yuan(t.subsidy), yuan(t.payable), yuan(t.individual), unsubsidised
            ),
            format!(
                "{} people: charged {} = subsidies {} + payable {} (late payers charged the full financing amount included; individual contributions {}); {} without subsidy",
                t.people, yuan(charged), yuan(t.subsidy), yuan(t.payable), yuan(t.individual), unsubsidised
            ),
        )
    };
    trace.push(
        "budget_total",
        zh,
        en,
        vec![
            ("people", t.people.to_string()),
            ("subsidy", yuan(t.subsidy)),
            ("charged", yuan(charged)),
        ],
    );
    Budget {
        departments: lines,
        unsubsidised,
        totals,
        trace,
    }
}

/// The group whose subsidy applies to someone in `groups` (the highest; ties go to the group
/// the policy lists first) and its amount; `None` when no group held gives a subsidy. The
/// same rule as [`contribution`], without the explanation: for bulk work.
pub fn highest_subsidy<'p>(policy: &'p Policy, groups: &[String]) -> Option<(&'p Group, Decimal)> {
    let res = policy.resident.as_ref()?;
    let individual = res.amounts?.individual;
    let mut best: Option<(&Group, Decimal)> = None;
    for g in res.groups.iter().filter(|g| groups.contains(&g.id)) {
        let Some(amount) = group_subsidy(g, individual) else {
            continue;
        };
        if best.is_none_or(|(_, b)| amount > b) {
            best = Some((g, amount));
        }
    }
    best.filter(|(_, a)| !a.is_zero())
}
