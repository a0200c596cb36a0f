//! Reading a policy from a JSON value: each field checked, every problem collected.

use rust_decimal::Decimal;
use serde_json::Value;

use super::format;
use super::*;
use crate::input::{index, IssueCode, Obj, Reader};
use crate::money::Rounding;

/// Reads and validates a policy from a parsed JSON value. A policy written on a `base`
/// (a bundled policy's id) is read as the base with this file's fields over it.
pub fn from_value(v: &Value) -> Result<Policy, Invalid> {
    let mut r = Reader::default();
    let merged = with_base(&mut r, v, 0);
    let policy = merged.as_ref().and_then(|m| policy(&mut r, m));
    r.finish("policy", policy)
}

/// Fields of a base that describe the base itself, not rules to inherit.
const OWN_FIELDS: [&str; 9] = [
    "$schema",
    "id",
    "name",
    "source",
    "note",
    "regionCode",
    "base",
    "targets",
    "units",
];

/// The file over its base (recursively), or the file itself.
fn with_base(r: &mut Reader, v: &Value, depth: usize) -> Option<Value> {
    let Some(name) = v.get("base").filter(|b| !b.is_null()) else {
        return Some(v.clone());
    };
    let Some(id) = name.as_str().map(str::trim) else {
        r.report(
            "base",
            IssueCode::WrongType,
            "base 应为内置政策的标识（字符串）".into(),
            "base is the id of a bundled policy (a string)".into(),
        );
        return None;
    };
    let found = PRESETS
        .iter()
        .filter_map(|t| serde_json::from_str::<Value>(t).ok())
        .find(|p| p.get("id").and_then(Value::as_str) == Some(id));
    if depth >= 4 {
        r.report(
            "base",
            IssueCode::InvalidValue,
            "基础政策层层引用过深（最多 4 层）".into(),
            "bases refer to further bases too deeply (at most 4)".into(),
        );
        return None;
    }
    let Some(base) = found else {
        let known: Vec<String> = PRESETS
            .iter()
            .filter_map(|t| serde_json::from_str::<Value>(t).ok())
            .filter_map(|p| p.get("id").and_then(Value::as_str).map(str::to_string))
            .collect();
        r.report(
            "base",
            IssueCode::InvalidValue,
            format!("没有标识为“{id}”的内置政策（可用：{}）", known.join("、")),
            format!(
                "there is no bundled policy \"{id}\" (known: {})",
                known.join(", ")
            ),
        );
        return None;
    };
    let mut merged = with_base(r, &base, depth + 1)?;
    if let Value::Object(m) = &mut merged {
        for k in OWN_FIELDS {
            m.remove(k);
        }
    }
    merge(&mut merged, v, Some(&format::POLICY));
    Some(merged)
}

/// `over`'s fields over `base` (objects of the format's `shape`): objects field by field,
/// anything else replaced. Where an object has alternatives (its shape's cases: a newborn
/// window in months or in days, a wage band as amounts or as percentages), the alternative
/// `over` gives replaces the base's: the fields of the other alternatives are dropped first.
fn merge(base: &mut Value, over: &Value, shape: Option<&'static format::Shape>) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            if let Some(s) = shape {
                let given = |c: &format::Case| match c.tag {
                    Some((tag, value)) => o.get(tag).and_then(Value::as_str) == Some(value),
                    None => c.fields.iter().any(|k| o.contains_key(*k)),
                };
                let fields = |c: &format::Case| c.fields.iter().chain(c.optional);
                if s.cases.iter().any(given) {
                    for c in s.cases.iter().filter(|c| !given(c)) {
                        for k in fields(c) {
                            if !s
                                .cases
                                .iter()
                                .filter(|t| given(t))
                                .any(|t| fields(t).any(|f| f == k))
                            {
                                b.remove(*k);
                            }
                        }
                    }
                }
            }
            for (k, v) in o {
                let child = shape.and_then(|s| s.field(k)).and_then(|f| match f.ty {
                    format::Ty::Object(c) => Some(c),
                    _ => None,
                });
                match b.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v, child),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

fn text(r: &mut Reader, v: &Value, path: &str) -> Option<Text> {
    let o = r.object(v, path, &format::TEXT.keys())?;
    let zh = r.req(&o, "zh").and_then(|v| r.name(v, &o.at("zh")));
    let en = r.req(&o, "en").and_then(|v| r.name(v, &o.at("en")));
    Some(Text { zh: zh?, en: en? })
}

fn months(r: &mut Reader, o: &Obj, key: &str) -> Option<u32> {
    let v = r.req(o, key)?;
    r.int(v, &o.at(key), 0, 120).map(|n| n as u32)
}

fn rounding(r: &mut Reader, v: &Value, path: &str) -> Option<Rounding> {
    r.choice(v, path, &Rounding::NAMES)
}

fn policy(r: &mut Reader, v: &Value) -> Option<Policy> {
    let o = r.object(v, "", &format::POLICY.keys())?;
    // A different version is reported alone: its fields would mislead.
    let version = r
        .req(&o, "formatVersion")
        .and_then(|v| r.int(v, "formatVersion", 0, i64::MAX));
    if let Some(n) = version {
        if n != FORMAT_VERSION && n != 1 {
            r.issues.clear();
            r.report(
                "formatVersion",
                IssueCode::UnsupportedVersion,
                format!("本库只读取第 {FORMAT_VERSION} 版政策格式，此文件为第 {n} 版"),
                format!("this library reads policy format version {FORMAT_VERSION}; the file is version {n}"),
            );
            return None;
        }
    }
    let id = r.req(&o, "id").and_then(|v| r.name(v, "id"));
    let name = r.req(&o, "name").and_then(|v| text(r, v, "name"));
    let region_code = match r.opt(&o, "regionCode") {
        None => None,
        Some(v) => r.string(v, "regionCode").map(|s| {
            if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
                r.report(
                    "regionCode",
                    IssueCode::InvalidValue,
                    format!("区划代码应为 6 位数字：“{s}”"),
                    format!("a region code has 6 digits: \"{s}\""),
                );
            }
            s.to_string()
        }),
    };
    let coverage_year = r
        .req(&o, "coverageYear")
        .and_then(|v| r.int(v, "coverageYear", 2000, 2100))
        .map(|y| y as u16);
    let v1 = version == Some(1);
    // Format 1 had a developer's note in `source`; format 2 shows `source` to users (zh/en).
    let (source, note) = match (v1, r.opt(&o, "source")) {
        (true, Some(v)) => (None, r.string(v, "source").map(str::to_string)),
        (false, Some(v)) => (text(r, v, "source"), None),
        (_, None) => (None, None),
    };
    let note = match r.opt(&o, "note") {
        Some(v) => r.string(v, "note").map(str::to_string),
        None => note,
    };
    let base = r.opt(&o, "base").and_then(|v| r.name(v, "base"));
    let departments = named_list(r, &o, "departments", &format::DEPARTMENT);
    let funds = named_list(r, &o, "funds", &format::FUND);
    let year = coverage_year.unwrap_or(2000);
    // The ids references are checked against, each looked up once (a county's policy may
    // list many thousands).
    let dept_ids = ids(departments.iter().flatten().map(|d| d.id.as_str()));
    let fund_ids = ids(funds.iter().flatten().map(|d| d.id.as_str()));
    let resident = r
        .opt(&o, "resident")
        .map(|v| resident(r, v, year, &dept_ids, &fund_ids));
    let targets = match r.opt(&o, "targets") {
        Some(v) => {
            let res = resident.as_ref().and_then(Option::as_ref);
            let units = ids(std::iter::once("all")
                .chain(
                    res.into_iter()
                        .flat_map(|res| res.groups.iter().map(|g| g.id.as_str())),
                )
                .chain(
                    res.into_iter()
                        .flat_map(|res| res.categories.iter().map(|c| c.id.as_str())),
                ));
            r.array(v, "targets", |r, v, p| target(r, v, p, &units))
        }
        None => Some(Vec::new()),
    };
    let employee = r.opt(&o, "employee").map(|v| employee(r, v));
    let units = match r.opt(&o, "units") {
        Some(v) => r.array(v, "units", unit),
        None => Some(Vec::new()),
    };
    if let Some(us) = &units {
        let mut towns = Ids::new();
        for (i, u) in us.iter().enumerate() {
            if !towns.insert(&u.township) {
                r.report(
                    &format!("{}.township", index("units", i)),
                    IssueCode::DuplicateId,
                    format!("乡镇“{}”重复", u.township),
                    format!("the township \"{}\" is listed twice", u.township),
                );
            }
            let mut villages = Ids::new();
            for (j, v) in u.villages.iter().enumerate() {
                if !villages.insert(v) {
                    r.report(
                        &index(&format!("{}.villages", index("units", i)), j),
                        IssueCode::DuplicateId,
                        format!("“{}”下的村（社区）“{v}”重复", u.township),
                        format!(
                            "the village \"{v}\" is listed twice under \"{}\"",
                            u.township
                        ),
                    );
                }
            }
        }
    }
    if resident.is_none() && employee.is_none() {
        r.report(
            "",
            IssueCode::MissingSection,
            "政策至少要有“resident”（城乡居民医保）或“employee”（职工医保）之一".into(),
            "a policy needs at least one of \"resident\" (resident scheme) or \"employee\" (employee scheme)".into(),
        );
    }
    Some(Policy {
        id: id?,
        name: name?,
        region_code,
        coverage_year: coverage_year?,
        source,
        note,
        base,
        format_version: version?,
        departments: departments?,
        funds: funds?,
        targets: targets?,
        units: units?,
        resident: resident.flatten(),
        employee: employee.flatten(),
    })
}

/// A list of `{ id, name }` entries (departments, funds), ids unique; empty when absent.
fn named_list(
    r: &mut Reader,
    o: &Obj,
    key: &str,
    shape: &format::Shape,
) -> Option<Vec<Department>> {
    let list = match r.opt(o, key) {
        Some(v) => r.array(v, key, |r, v, p| {
            let o = r.object(v, p, &shape.keys())?;
            let id = r.req(&o, "id").and_then(|v| r.name(v, &o.at("id")));
            let name = r.req(&o, "name").and_then(|v| text(r, v, &o.at("name")));
            Some(Department {
                id: id?,
                name: name?,
            })
        }),
        None => Some(Vec::new()),
    };
    if let Some(ds) = &list {
        duplicates(r, key, ds.iter().map(|d| d.id.as_str()));
    }
    list
}

/// A set of ids, for lookups by id in log time (a county's policy may list many thousands).
/// It is a `serde_json::Map` (a B-tree of `String` to `Value`) because the module already
/// holds that map's code for reading JSON: a set of its own would add kilobytes to the
/// calculations module, which has a size budget.
struct Ids(serde_json::Map<String, Value>);

impl Ids {
    fn new() -> Ids {
        Ids(serde_json::Map::new())
    }

    fn contains(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// Adds `id`; false if it was there already.
    fn insert(&mut self, id: &str) -> bool {
        self.0.insert(id.to_string(), Value::Null).is_none()
    }
}

/// The ids, for lookups by id.
fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> Ids {
    let mut set = Ids::new();
    for id in ids {
        set.insert(id);
    }
    set
}

/// Reports each id seen before in `ids` (every later use, at its index under `path`).
fn duplicates<'a>(r: &mut Reader, path: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = Ids::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            r.report(
                &format!("{}.id", index(path, i)),
                IssueCode::DuplicateId,
                format!("标识“{id}”重复"),
                format!("the id \"{id}\" is used twice"),
            );
        }
    }
}

fn period(r: &mut Reader, o: &Obj) -> Option<Period> {
    let start = r.req(o, "start").and_then(|v| r.date(v, &o.at("start")));
    let end = r.req(o, "end").and_then(|v| r.date(v, &o.at("end")));
    let (start, end) = (start?, end?);
    if end < start {
        r.report(
            &o.at("end"),
            IssueCode::PeriodOrder,
            format!("结束日期 {end} 早于开始日期 {start}"),
            format!("the end {end} is before the start {start}"),
        );
        return None;
    }
    Some(Period { start, end })
}

fn resident(
    r: &mut Reader,
    v: &Value,
    year: u16,
    depts: &Ids,
    funds: &Ids,
) -> Option<ResidentScheme> {
    let o = r.object(v, "resident", &format::RESIDENT.keys())?;
    // The amounts: both, or neither when the notice leaves them to another.
    let amounts = match (r.opt(&o, "individual"), r.opt(&o, "fiscal")) {
        (None, None) => Some(None),
        (Some(_), _) | (_, Some(_)) => {
            let individual = r
                .req(&o, "individual")
                .and_then(|v| r.amount(v, &o.at("individual")));
            let fiscal = r
                .req(&o, "fiscal")
                .and_then(|v| r.amount(v, &o.at("fiscal")));
            individual
                .zip(fiscal)
                .map(|(individual, fiscal)| Some(Amounts { individual, fiscal }))
        }
    };
    let individual = amounts.flatten().map(|a| a.individual);
    let amounts_from = r
        .opt(&o, "amountsFrom")
        .map(|v| text(r, v, &o.at("amountsFrom")));
    let groups = match r.opt(&o, "groups") {
        Some(v) => r.array(v, &o.at("groups"), |r, v, p| {
            group(r, v, p, depts, funds, individual)
        }),
        None => Some(Vec::new()),
    };
    let categories = match r.opt(&o, "categories") {
        Some(v) => r.array(v, &o.at("categories"), |r, v, p| category(r, v, p, year)),
        None => Some(Vec::new()),
    };
    if let Some(cs) = &categories {
        duplicates(r, &o.at("categories"), cs.iter().map(|c| c.id.as_str()));
    }
    if let Some(gs) = &groups {
        duplicates(r, &o.at("groups"), gs.iter().map(|g| g.id.as_str()));
    }
    let multiple_groups = r
        .req(&o, "multipleGroups")
        .and_then(|v| r.choice(v, &o.at("multipleGroups"), &MultipleGroups::NAMES));
    let collection = r.opt(&o, "collection").map(|v| collection(r, v, year));
    let waiting_period = r.opt(&o, "waitingPeriod").map(|v| {
        let group_ids = ids(groups.iter().flatten().map(|g| g.id.as_str()));
        waiting(r, v, &group_ids)
    });
    let late_payment = r
        .opt(&o, "latePayment")
        .map(|v| late(r, v, waiting_period.is_some()));
    let newborn = r.opt(&o, "newborn").map(|v| newborn(r, v));
    let refund = r.opt(&o, "refund").map(|v| refund(r, v));
    let incentives = r.opt(&o, "incentives").map(|v| incentives(r, v));
    Some(ResidentScheme {
        amounts: amounts?,
        amounts_from: match amounts_from {
            Some(t) => Some(t?),
            None => None,
        },
        groups: groups?,
        categories: categories?,
        multiple_groups: multiple_groups?,
        collection: collection.flatten(),
        late_payment: late_payment.flatten(),
        waiting_period: waiting_period.flatten(),
        newborn: newborn.flatten(),
        refund: refund.flatten(),
        incentives: incentives.flatten(),
    })
}

fn group(
    r: &mut Reader,
    v: &Value,
    path: &str,
    depts: &Ids,
    funds: &Ids,
    individual: Option<Decimal>,
) -> Option<Group> {
    let o = r.object(v, path, &format::GROUP.keys())?;
    let id = r.req(&o, "id").and_then(|v| r.name(v, &o.at("id")));
    let name = r.req(&o, "name").and_then(|v| text(r, v, &o.at("name")));
    let department = r
        .req(&o, "department")
        .and_then(|v| r.name(v, &o.at("department")));
    if let Some(d) = &department {
        if !depts.contains(d.as_str()) {
            r.report(
                &o.at("department"),
                IssueCode::UnknownDepartment,
                format!("部门“{d}”未在 departments 中定义"),
                format!("the department \"{d}\" is not defined in departments"),
            );
        }
    }
    let aliases = match r.opt(&o, "aliases") {
        Some(v) => r.array(v, &o.at("aliases"), |r, v, p| r.name(v, p)),
        None => Some(Vec::new()),
    };
    let fund = match r.opt(&o, "fund") {
        Some(v) => r.name(v, &o.at("fund")).map(|f| {
            if !funds.contains(f.as_str()) {
                r.report(
                    &o.at("fund"),
                    IssueCode::UnknownDepartment,
                    format!("资金“{f}”未在 funds 中定义"),
                    format!("the fund \"{f}\" is not defined in funds"),
                );
            }
            Some(f)
        }),
        None => Some(None),
    };
    let payment = match r.opt(&o, "payment") {
        Some(v) => r.choice(v, &o.at("payment"), &SubsidyPayment::NAMES),
        None => Some(SubsidyPayment::OnBehalf),
    };
    let subsidy = r.opt(&o, "subsidy").map(|v| {
        let p = o.at("subsidy");
        let s = r.object(v, &p, &format::SUBSIDY.keys())?;
        #[derive(Clone, Copy)]
        enum K {
            Full,
            Fixed,
            Percent,
            None,
        }
        let kind = r.req(&s, "kind").and_then(|v| {
            r.choice(
                v,
                &s.at("kind"),
                &[
                    ("full", K::Full),
                    ("fixed", K::Fixed),
                    ("percent", K::Percent),
                    ("none", K::None),
                ],
            )
        })?;
        let only = |r: &mut Reader, allowed: &[&str]| {
            for k in ["amount", "percent", "rounding"] {
                if !allowed.contains(&k) && r.opt(&s, k).is_some() {
                    r.report(
                        &s.at(k),
                        IssueCode::UnknownField,
                        format!("此资助方式不使用“{k}”"),
                        format!("this kind of subsidy has no \"{k}\""),
                    );
                }
            }
        };
        match kind {
            K::Full => {
                only(r, &[]);
                Some(Subsidy::Full)
            }
            K::None => {
                only(r, &[]);
                Some(Subsidy::None)
            }
            K::Fixed => {
                only(r, &["amount"]);
                let a = r
                    .req(&s, "amount")
                    .and_then(|v| r.amount(v, &s.at("amount")))?;
                if let Some(ind) = individual {
                    if a > ind {
                        r.report(
                            &s.at("amount"),
                            IssueCode::Inconsistent,
                            format!("定额资助 {a} 元超过个人缴费标准 {ind} 元"),
                            format!(
                                "the fixed subsidy {a} exceeds the individual contribution {ind}"
                            ),
                        );
                    }
                }
                Some(Subsidy::Fixed(a))
            }
            K::Percent => {
                only(r, &["percent", "rounding"]);
                let percent = r
                    .req(&s, "percent")
                    .and_then(|v| r.percent(v, &s.at("percent")));
                let rounding = r
                    .req(&s, "rounding")
                    .and_then(|v| rounding(r, v, &s.at("rounding")));
                Some(Subsidy::Percent {
                    percent: percent?,
                    rounding: rounding?,
                })
            }
        }
    });
    let subsidy = match subsidy {
        Some(s) => Some(s?),
        None => None,
    };
    Some(Group {
        id: id?,
        name: name?,
        aliases: aliases?,
        department: department?,
        fund: fund?,
        subsidy,
        payment: payment?,
    })
}

fn collection(r: &mut Reader, v: &Value, year: u16) -> Option<Collection> {
    let o = r.object(v, "resident.collection", &format::COLLECTION.keys())?;
    let periods = match r.opt(&o, "periods") {
        Some(v) => r.array(v, &o.at("periods"), |r, v, p| {
            let po = r.object(v, p, &format::PERIOD.keys())?;
            period(r, &po)
        }),
        None if r.opt(&o, "extended").is_some() => Some(Vec::new()),
        None => r.req(&o, "periods").map(|_| Vec::new()),
    };
    let first = Date::new(year - 1, 1, 1);
    let last = Date::new(year, 12, 31);
    let none_given = r
        .opt(&o, "periods")
        .and_then(Value::as_array)
        .is_some_and(|a| a.is_empty())
        && r.opt(&o, "extended").is_none();
    if let Some(ps) = &periods {
        if none_given {
            r.report(
                &o.at("periods"),
                IssueCode::MissingField,
                "至少需要一个集中缴费期".into(),
                "at least one collection period is needed".into(),
            );
        }
        // Periods that do not overlap, each of a day at least, fit in the two years between
        // `first` and `last` at most this many times: more is an error in itself, and the
        // pairwise check below stays bounded.
        let most = 731;
        if ps.len() > most {
            r.report(
                &o.at("periods"),
                IssueCode::PeriodOrder,
                format!("缴费期有 {} 个，两年内最多只能有 {most} 个互不重叠的缴费期", ps.len()),
                format!(
                    "{} collection periods: at most {most} periods that do not overlap fit in two years",
                    ps.len()
                ),
            );
        }
        for (i, p) in ps.iter().enumerate() {
            if Some(p.start) < first || Some(p.end) > last {
                r.report(
                    &index(&o.at("periods"), i),
                    IssueCode::Inconsistent,
                    format!(
                        "缴费期 {}—{} 不在参保年度 {year} 及其前一年内",
                        p.start, p.end
                    ),
                    format!(
                        "the period {} to {} is not within coverage year {year} or the year before",
                        p.start, p.end
                    ),
                );
            }
            for (j, q) in ps.iter().enumerate().take(i.min(most)) {
                if p.start <= q.end && q.start <= p.end {
                    r.report(
                        &index(&o.at("periods"), i),
                        IssueCode::PeriodOrder,
                        format!("缴费期 {}—{} 与第 {} 个缴费期重叠", p.start, p.end, j + 1),
                        format!(
                            "the period {} to {} overlaps period {}",
                            p.start,
                            p.end,
                            j + 1
                        ),
                    );
                }
            }
        }
    }
    let extended = match r.opt(&o, "extended") {
        None => Some(None),
        Some(v) => (|| {
            let eo = r.object(v, &o.at("extended"), &format::EXTENDED.keys())?;
            // Without a start, the extension begins the day after the last period.
            let after_last = periods
                .as_ref()
                .and_then(|ps| ps.iter().map(|p| p.end).max())
                .and_then(|d| d.add_days(1));
            // Without periods either, everything paid by its end counts.
            let after_last = after_last.or(if periods.as_ref().is_some_and(|p| p.is_empty()) {
                first
            } else {
                None
            });
            let p = if r.opt(&eo, "start").is_none() && after_last.is_some() {
                let end = r.req(&eo, "end").and_then(|v| r.date(v, &eo.at("end")));
                end.and_then(|end| {
                    let start = after_last?;
                    if end < start {
                        r.report(
                            &eo.at("end"),
                            IssueCode::PeriodOrder,
                            format!("延长期结束日 {end} 早于集中缴费期结束"),
                            format!("the extension ends ({end}) before the collection period does"),
                        );
                        return None;
                    }
                    Some(Period { start, end })
                })
            } else {
                period(r, &eo)
            };
            let from = match r.opt(&eo, "benefitFrom") {
                Some(v) => r.choice(v, &eo.at("benefitFrom"), &ExtendedBenefit::NAMES),
                None => Some(ExtendedBenefit::CoverageStart),
            };
            let p = p?;
            if Some(p.start) < first || Some(p.end) > last {
                r.report(
                    &eo.path,
                    IssueCode::Inconsistent,
                    format!("延长期 {}—{} 不在参保年度 {year} 及其前一年内", p.start, p.end),
                    format!(
                        "the extended period {} to {} is not within coverage year {year} or the year before",
                        p.start, p.end
                    ),
                );
            }
            if let Some(ps) = &periods {
                if ps.iter().any(|q| p.start <= q.end && q.start <= p.end) {
                    r.report(
                        &eo.path,
                        IssueCode::PeriodOrder,
                        "延长期与集中缴费期重叠".into(),
                        "the extended period overlaps a collection period".into(),
                    );
                }
            }
            Some(Some(Extended {
                period: p,
                benefit_from: from?,
            }))
        })(),
    };
    Some(Collection {
        periods: periods?,
        extended: extended?,
    })
}

fn late(r: &mut Reader, v: &Value, has_waiting_rule: bool) -> Option<LatePayment> {
    let o = r.object(v, "resident.latePayment", &format::LATE_PAYMENT.keys())?;
    let waiting_months = if has_waiting_rule {
        for k in ["waitingMonths", "counting", "from"] {
            if r.opt(&o, k).is_some() {
                r.report(
                    &o.at(k),
                    IssueCode::Inconsistent,
                    format!("已有 2025 年起的等待期规则（waitingPeriod），等待期由它规定，此处不应再写 {k}"),
                    format!("the 2025 waiting-period rule (waitingPeriod) sets the wait; do not set {k} here too"),
                );
            }
        }
        None
    } else {
        match r.opt(&o, "waitingMonths") {
            Some(_) => Some(months(r, &o, "waitingMonths")?),
            None => Some(0),
        }
    };
    let charge = match r.opt(&o, "charge") {
        Some(v) => r.choice(v, &o.at("charge"), &LateCharge::NAMES),
        None => Some(LateCharge::Individual),
    };
    let start = start_rule(r, &o);
    Some(LatePayment {
        waiting_months,
        start: start?,
        charge: charge?,
    })
}

fn waiting(r: &mut Reader, v: &Value, groups: &Ids) -> Option<WaitingPeriod> {
    let o = r.object(v, "resident.waitingPeriod", &format::WAITING_PERIOD.keys())?;
    let fixed = months(r, &o, "fixedMonths");
    let per_year = months(r, &o, "variableMonthsPerLapsedYear");
    let free = months(r, &o, "lapsedYearsWithoutVariable");
    let repair = months(r, &o, "repairMonthsPerExtraYear");
    let price = r.req(&o, "extraYearPrice").and_then(|v| match v {
        Value::String(s) if s == "individual" => Some(ExtraYearPrice::Individual),
        _ => r
            .amount(v, &o.at("extraYearPrice"))
            .map(ExtraYearPrice::Amount),
    });
    let long_years = months(r, &o, "longLapseYears");
    let long_min = months(r, &o, "longLapseMinMonths");
    let exempt = match r.opt(&o, "exemptGroups") {
        None => Some(Vec::new()),
        Some(v) => r.array(v, &o.at("exemptGroups"), |r, v, p| {
            let id = r.name(v, p)?;
            if !groups.contains(id.as_str()) {
                r.report(
                    p,
                    IssueCode::UnknownGroup,
                    format!("群体“{id}”未在 resident.groups 中定义"),
                    format!("the group \"{id}\" is not defined in resident.groups"),
                );
            }
            Some(id)
        }),
    };
    let exempt_from = match r.opt(&o, "exemptFrom") {
        Some(v) => start_day(r, v, &o.at("exemptFrom")),
        None => Some(StartDay::PaymentDate),
    };
    let start = start_rule(r, &o);
    Some(WaitingPeriod {
        exempt_from: exempt_from?,
        start: start?,
        fixed_months: fixed?,
        variable_months_per_lapsed_year: per_year?,
        lapsed_years_without_variable: free?,
        repair_months_per_extra_year: repair?,
        extra_year_price: price?,
        long_lapse_years: long_years?,
        long_lapse_min_months: long_min?,
        exempt_groups: exempt?,
    })
}

fn start_day(r: &mut Reader, v: &Value, path: &str) -> Option<StartDay> {
    r.choice(v, path, &StartDay::NAMES)
}

/// `counting` and `from` of an object (both optional: day to day, from that day).
fn start_rule(r: &mut Reader, o: &Obj) -> Option<StartRule> {
    let counting = match r.opt(o, "counting") {
        Some(v) => r.choice(v, &o.at("counting"), &Counting::NAMES),
        None => Some(Counting::DayToDay),
    };
    let from = match r.opt(o, "from") {
        Some(v) => start_day(r, v, &o.at("from")),
        None => Some(StartDay::PaymentDate),
    };
    if counting == Some(Counting::WholeMonths) && from.is_some_and(|f| f != StartDay::PaymentDate) {
        r.report(
            &o.at("from"),
            IssueCode::Inconsistent,
            "按整月计算（whole_months）时，待遇自所满月份的次月 1 日开始，不再另写 from".into(),
            "with whole months (whole_months) benefits start on the first day of the month the wait ends in; do not also give from".into(),
        );
        return None;
    }
    Some(StartRule {
        counting: counting?,
        from: from?,
    })
}

/// A township and its villages, names trimmed and not empty.
fn unit(r: &mut Reader, v: &Value, path: &str) -> Option<Unit> {
    let o = r.object(v, path, &format::UNIT.keys())?;
    let township = r
        .req(&o, "township")
        .and_then(|v| r.name(v, &o.at("township")));
    let villages = r
        .req(&o, "villages")
        .and_then(|v| r.array(v, &o.at("villages"), |r, v, p| r.name(v, p)));
    if villages.as_ref().is_some_and(Vec::is_empty) {
        r.report(
            &o.at("villages"),
            IssueCode::InvalidValue,
            "乡镇下至少要有一个村（社区）".into(),
            "a township needs at least one village or community".into(),
        );
        return None;
    }
    Some(Unit {
        township: township?,
        villages: villages?,
    })
}

fn target(r: &mut Reader, v: &Value, path: &str, units: &Ids) -> Option<Target> {
    let o = r.object(v, path, &format::TARGET.keys())?;
    let of = r.req(&o, "of").and_then(|v| r.name(v, &o.at("of")));
    if let Some(id) = &of {
        if !units.contains(id.as_str()) {
            r.report(
                &o.at("of"),
                IssueCode::UnknownGroup,
                format!("目标对象“{id}”既不是 all，也不是政策中的群体或参保类别"),
                format!(
                    "the target's \"{id}\" is neither all nor a group or category of the policy"
                ),
            );
        }
    }
    let rate = r.req(&o, "rate").and_then(|v| r.percent(v, &o.at("rate")));
    let by = match r.opt(&o, "by") {
        Some(v) => r.date(v, &o.at("by")).map(Some),
        None => Some(None),
    };
    let note = match r.opt(&o, "note") {
        Some(v) => text(r, v, &o.at("note")).map(Some),
        None => Some(None),
    };
    Some(Target {
        of: of?,
        rate: rate?,
        by: by?,
        note: note?,
    })
}

fn category(r: &mut Reader, v: &Value, path: &str, year: u16) -> Option<Category> {
    let o = r.object(v, path, &format::CATEGORY.keys())?;
    let id = r.req(&o, "id").and_then(|v| r.name(v, &o.at("id")));
    let kind = r
        .req(&o, "kind")
        .and_then(|v| r.choice(v, &o.at("kind"), &CategoryKind::NAMES));
    let name = r.req(&o, "name").and_then(|v| text(r, v, &o.at("name")));
    let individual = match r.opt(&o, "individual") {
        Some(v) => r.amount(v, &o.at("individual")).map(Some),
        None => Some(None),
    };
    let periods = match r.opt(&o, "periods") {
        Some(v) => r.array(v, &o.at("periods"), |r, v, p| {
            let po = r.object(v, p, &format::PERIOD.keys())?;
            period(r, &po)
        }),
        None => Some(Vec::new()),
    };
    let coverage = match r.opt(&o, "coverage") {
        Some(v) => r
            .object(v, &o.at("coverage"), &format::PERIOD.keys())
            .and_then(|po| period(r, &po))
            .map(Some),
        None => Some(None),
    };
    if let Some(Some(c)) = &coverage {
        let (first, last) = (Date::new(year - 1, 1, 1), Date::new(year + 1, 12, 31));
        if Some(c.start) < first
            || Some(c.end) > last
            || c.start.year() != year && c.end.year() != year
        {
            r.report(
                &o.at("coverage"),
                IssueCode::Inconsistent,
                format!(
                    "参保类别的待遇期 {}—{} 与参保年度 {year} 不相交",
                    c.start, c.end
                ),
                format!(
                    "the category's coverage {} to {} does not meet coverage year {year}",
                    c.start, c.end
                ),
            );
        }
    }
    Some(Category {
        id: id?,
        kind: kind?,
        name: name?,
        individual: individual?,
        periods: periods?,
        coverage: coverage?,
    })
}

fn newborn(r: &mut Reader, v: &Value) -> Option<Newborn> {
    let o = r.object(v, "resident.newborn", &format::NEWBORN.keys())?;
    let window = match (r.opt(&o, "windowMonths"), r.opt(&o, "windowDays")) {
        (Some(m), None) => r
            .int(m, &o.at("windowMonths"), 1, 24)
            .map(|n| Window::Months(n as u32)),
        (None, Some(d)) => r
            .int(d, &o.at("windowDays"), 1, 731)
            .map(|n| Window::Days(n as u32)),
        _ => {
            r.report(
                &o.path,
                IssueCode::InvalidValue,
                "须且只能写 windowMonths（月数）或 windowDays（天数）之一".into(),
                "give exactly one of windowMonths or windowDays".into(),
            );
            None
        }
    };
    let after = r
        .req(&o, "afterWindow")
        .and_then(|v| r.choice(v, &o.at("afterWindow"), &AfterWindow::NAMES));
    Some(Newborn {
        window: window?,
        after_window: after?,
    })
}

fn refund(r: &mut Reader, v: &Value) -> Option<Refund> {
    let o = r.object(v, "resident.refund", &format::REFUND.keys())?;
    let reasons = r.req(&o, "reasons").and_then(|v| {
        r.array(v, &o.at("reasons"), |r, v, p| {
            r.choice(v, p, RefundReason::NAMES)
        })
    });
    let after = r
        .req(&o, "afterBenefitStart")
        .and_then(|v| r.bool(v, &o.at("afterBenefitStart")));
    Some(Refund {
        reasons: reasons?,
        after_benefit_start: after?,
    })
}

fn incentives(r: &mut Reader, v: &Value) -> Option<Incentives> {
    let o = r.object(v, "resident.incentives", &format::INCENTIVES.keys())?;
    let base_cap = match r.opt(&o, "baseCap") {
        Some(v) => r.amount(v, &o.at("baseCap")).map(Some),
        None => Some(None),
    };
    let before = months(r, &o, "continuousYearsBeforeRaise");
    let per_year = r
        .req(&o, "raisePerContinuousYear")
        .and_then(|v| r.amount(v, &o.at("raisePerContinuousYear")));
    let per_claim_free = r
        .req(&o, "raisePerClaimFreeYear")
        .and_then(|v| r.amount(v, &o.at("raisePerClaimFreeYear")));
    let max = r
        .req(&o, "maxRaisePercent")
        .and_then(|v| r.percent(v, &o.at("maxRaisePercent")));
    Some(Incentives {
        base_cap: base_cap?,
        continuous_years_before_raise: before?,
        raise_per_continuous_year: per_year?,
        raise_per_claim_free_year: per_claim_free?,
        max_raise_percent: max?,
    })
}

fn employee(r: &mut Reader, v: &Value) -> Option<EmployeeScheme> {
    let o = r.object(v, "employee", &format::EMPLOYEE.keys())?;
    let band = r.req(&o, "base").and_then(|v| {
        let p = o.at("base");
        let b = r.object(v, &p, &format::BAND.keys())?;
        if r.opt(&b, "averageWage").is_some() {
            for k in ["floor", "ceiling"] {
                if r.opt(&b, k).is_some() {
                    r.report(
                        &b.at(k),
                        IssueCode::Inconsistent,
                        "按平均工资比例规定基数时，不再直接写上下限金额".into(),
                        "with a band set from the average wage, do not also give the limits as amounts".into(),
                    );
                }
            }
            let avg = r.req(&b, "averageWage").and_then(|v| r.amount(v, &b.at("averageWage")));
            let fp = r.req(&b, "floorPercent").and_then(|v| r.decimal(v, &b.at("floorPercent")));
            let cp = r.req(&b, "ceilingPercent").and_then(|v| r.decimal(v, &b.at("ceilingPercent")));
            let rd = r.req(&b, "rounding").and_then(|v| rounding(r, v, &b.at("rounding")));
            let (avg, fp, cp, rd) = (avg?, fp?, cp?, rd?);
            let floor = rd.apply(crate::money::percent_of(avg, fp));
            let ceiling = rd.apply(crate::money::percent_of(avg, cp));
            Some((
                floor,
                ceiling,
                Band::AverageWage {
                    average: avg,
                    floor_percent: fp,
                    ceiling_percent: cp,
                    rounding: rd,
                },
                b.at("ceilingPercent"),
            ))
        } else {
            for k in ["floorPercent", "ceilingPercent", "rounding"] {
                if r.opt(&b, k).is_some() {
                    r.report(
                        &b.at(k),
                        IssueCode::Inconsistent,
                        "直接写上下限金额时，不使用平均工资比例".into(),
                        "with the limits given as amounts, there is no average-wage percentage".into(),
                    );
                }
            }
            let floor = r.req(&b, "floor").and_then(|v| r.amount(v, &b.at("floor")));
            let ceiling = r.req(&b, "ceiling").and_then(|v| r.amount(v, &b.at("ceiling")));
            Some((floor?, ceiling?, Band::Amounts, b.at("ceiling")))
        }
    });
    if let Some((floor, ceiling, _, path)) = &band {
        if ceiling < floor {
            r.report(
                path,
                IssueCode::PeriodOrder,
                format!("缴费基数上限 {ceiling} 低于下限 {floor}"),
                format!("the base ceiling {ceiling} is below the floor {floor}"),
            );
        }
    }
    let rate = |r: &mut Reader, key: &str, required: bool| -> Option<Option<Decimal>> {
        match r.opt(&o, key) {
            Some(v) => r.percent(v, &o.at(key)).map(Some),
            None if required => {
                r.req(&o, key);
                None
            }
            None => Some(None),
        }
    };
    let employer = rate(r, "employerRate", true);
    let employee = rate(r, "employeeRate", true);
    let top_up = rate(r, "topUpRate", false);
    let flexible = rate(r, "flexibleRate", false);
    let flexible_top_up = rate(r, "flexibleTopUpRate", false);
    let rd = r
        .req(&o, "rounding")
        .and_then(|v| rounding(r, v, &o.at("rounding")));
    let (floor, ceiling, band, _) = band?;
    Some(EmployeeScheme {
        floor,
        ceiling,
        band,
        employer_rate: employer??,
        employee_rate: employee??,
        top_up_rate: top_up?.unwrap_or(Decimal::ZERO),
        flexible_rate: flexible?,
        flexible_top_up_rate: flexible_top_up?.unwrap_or(Decimal::ZERO),
        rounding: rd?,
    })
}
