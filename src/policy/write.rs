//! Writing a policy back as format-2 JSON: what `loadPolicy` returns (a policy written on a
//! base comes back whole, without `base`; a format-1 file in format 2). Reading what this writes gives the
//! same policy (tested for every bundled and example policy and for generated ones).

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::*;

fn text(t: &Text) -> Value {
    json!({ "zh": t.zh, "en": t.en })
}

fn dec(d: Decimal) -> Value {
    Value::String(d.to_string())
}

/// An amount in yuan, with its two decimals ("380.00").
fn amt(d: Decimal) -> Value {
    Value::String(crate::money::yuan(d))
}

fn period(p: &Period) -> Value {
    json!({ "start": p.start.to_string(), "end": p.end.to_string() })
}

fn named(d: &Department) -> Value {
    json!({ "id": d.id, "name": text(&d.name) })
}

/// An object without the fields that are `None`.
fn object(fields: Vec<(&str, Option<Value>)>) -> Value {
    let mut m = Map::new();
    for (k, v) in fields {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    }
    Value::Object(m)
}

fn start_rule(fields: &mut Vec<(&str, Option<Value>)>, s: StartRule) {
    fields.push(("counting", Some(json!(s.counting.code()))));
    fields.push(("from", Some(json!(s.from.code()))));
}

fn subsidy(s: Subsidy) -> Value {
    match s {
        Subsidy::Full => json!({ "kind": "full" }),
        Subsidy::Fixed(a) => json!({ "kind": "fixed", "amount": amt(a) }),
        Subsidy::Percent { percent, rounding } => {
            json!({ "kind": "percent", "percent": dec(percent), "rounding": rounding.name() })
        }
        Subsidy::None => json!({ "kind": "none" }),
    }
}

fn resident(r: &ResidentScheme) -> Value {
    let groups: Vec<Value> = r
        .groups
        .iter()
        .map(|g| {
            object(vec![
                ("id", Some(json!(g.id))),
                ("name", Some(text(&g.name))),
                ("aliases", (!g.aliases.is_empty()).then(|| json!(g.aliases))),
                ("department", Some(json!(g.department))),
                ("fund", g.fund.as_ref().map(|f| json!(f))),
                ("subsidy", g.subsidy.map(subsidy)),
                ("payment", Some(json!(g.payment.code()))),
            ])
        })
        .collect();
    let categories: Vec<Value> = r
        .categories
        .iter()
        .map(|c| {
            object(vec![
                ("id", Some(json!(c.id))),
                ("kind", Some(json!(c.kind.code()))),
                ("name", Some(text(&c.name))),
                ("individual", c.individual.map(amt)),
                (
                    "periods",
                    (!c.periods.is_empty())
                        .then(|| Value::Array(c.periods.iter().map(period).collect())),
                ),
                ("coverage", c.coverage.as_ref().map(period)),
            ])
        })
        .collect();
    let collection = r.collection.as_ref().map(|c| {
        object(vec![
            (
                "periods",
                Some(Value::Array(c.periods.iter().map(period).collect())),
            ),
            (
                "extended",
                c.extended.map(|e| {
                    json!({
                        "start": e.period.start.to_string(),
                        "end": e.period.end.to_string(),
                        "benefitFrom": e.benefit_from.code(),
                    })
                }),
            ),
        ])
    });
    let late = r.late_payment.map(|l| {
        let mut f = vec![("waitingMonths", l.waiting_months.map(|m| json!(m)))];
        // Under the 2025 waiting rule (no waiting months here) the wait is that rule's.
        if l.waiting_months.is_some() {
            start_rule(&mut f, l.start);
        }
        f.push(("charge", Some(json!(l.charge.code()))));
        object(f)
    });
    let waiting = r.waiting_period.as_ref().map(|w| {
        let mut f = vec![
            ("fixedMonths", Some(json!(w.fixed_months))),
            (
                "variableMonthsPerLapsedYear",
                Some(json!(w.variable_months_per_lapsed_year)),
            ),
            (
                "lapsedYearsWithoutVariable",
                Some(json!(w.lapsed_years_without_variable)),
            ),
            (
                "repairMonthsPerExtraYear",
                Some(json!(w.repair_months_per_extra_year)),
            ),
            (
                "extraYearPrice",
                Some(match w.extra_year_price {
                    ExtraYearPrice::Individual => json!("individual"),
                    ExtraYearPrice::Amount(a) => amt(a),
                }),
            ),
            ("longLapseYears", Some(json!(w.long_lapse_years))),
            ("longLapseMinMonths", Some(json!(w.long_lapse_min_months))),
            ("exemptGroups", Some(json!(w.exempt_groups))),
            ("exemptFrom", Some(json!(w.exempt_from.code()))),
        ];
        start_rule(&mut f, w.start);
        object(f)
    });
    let newborn = r.newborn.map(|n| {
        let (k, v) = match n.window {
            Window::Months(m) => ("windowMonths", m),
            Window::Days(d) => ("windowDays", d),
        };
        object(vec![
            (k, Some(json!(v))),
            ("afterWindow", Some(json!(n.after_window.code()))),
        ])
    });
    let refund = r.refund.as_ref().map(|f| {
        json!({
            "reasons": f.reasons.iter().map(|x| x.code()).collect::<Vec<_>>(),
            "afterBenefitStart": f.after_benefit_start,
        })
    });
    let incentives = r.incentives.map(|i| {
        object(vec![
            ("baseCap", i.base_cap.map(amt)),
            (
                "continuousYearsBeforeRaise",
                Some(json!(i.continuous_years_before_raise)),
            ),
            (
                "raisePerContinuousYear",
                Some(amt(i.raise_per_continuous_year)),
            ),
            (
                "raisePerClaimFreeYear",
                Some(amt(i.raise_per_claim_free_year)),
            ),
            ("maxRaisePercent", Some(dec(i.max_raise_percent))),
        ])
    });
    object(vec![
        ("individual", r.amounts.map(|a| amt(a.individual))),
        ("fiscal", r.amounts.map(|a| amt(a.fiscal))),
        ("amountsFrom", r.amounts_from.as_ref().map(text)),
        ("groups", Some(Value::Array(groups))),
        (
            "categories",
            (!categories.is_empty()).then_some(Value::Array(categories)),
        ),
        ("multipleGroups", Some(json!(r.multiple_groups.code()))),
        ("collection", collection),
        ("latePayment", late),
        ("waitingPeriod", waiting),
        ("newborn", newborn),
        ("refund", refund),
        ("incentives", incentives),
    ])
}

fn employee(e: &EmployeeScheme) -> Value {
    let base = match e.band {
        Band::Amounts => json!({ "floor": amt(e.floor), "ceiling": amt(e.ceiling) }),
        Band::AverageWage {
            average,
            floor_percent,
            ceiling_percent,
            rounding,
        } => json!({
            "averageWage": amt(average),
            "floorPercent": dec(floor_percent),
            "ceilingPercent": dec(ceiling_percent),
            "rounding": rounding.name(),
        }),
    };
    object(vec![
        ("base", Some(base)),
        ("employerRate", Some(dec(e.employer_rate))),
        ("employeeRate", Some(dec(e.employee_rate))),
        ("topUpRate", Some(dec(e.top_up_rate))),
        ("flexibleRate", e.flexible_rate.map(dec)),
        ("flexibleTopUpRate", Some(dec(e.flexible_top_up_rate))),
        ("rounding", Some(json!(e.rounding.name()))),
    ])
}

impl Policy {
    /// The policy as format-2 JSON (every rule written out; read back, the same policy).
    pub fn to_value(&self) -> Value {
        let targets: Vec<Value> = self
            .targets
            .iter()
            .map(|t| {
                object(vec![
                    ("of", Some(json!(t.of))),
                    ("rate", Some(dec(t.rate))),
                    ("by", t.by.map(|d| json!(d.to_string()))),
                    ("note", t.note.as_ref().map(text)),
                ])
            })
            .collect();
        object(vec![
            ("formatVersion", Some(json!(FORMAT_VERSION))),
            ("id", Some(json!(self.id))),
            ("name", Some(text(&self.name))),
            ("regionCode", self.region_code.as_ref().map(|c| json!(c))),
            ("coverageYear", Some(json!(self.coverage_year))),
            ("source", self.source.as_ref().map(text)),
            ("note", self.note.as_ref().map(|n| json!(n))),
            (
                "departments",
                Some(Value::Array(self.departments.iter().map(named).collect())),
            ),
            (
                "funds",
                (!self.funds.is_empty())
                    .then(|| Value::Array(self.funds.iter().map(named).collect())),
            ),
            (
                "targets",
                (!targets.is_empty()).then_some(Value::Array(targets)),
            ),
            (
                "units",
                (!self.units.is_empty()).then(|| {
                    self.units
                        .iter()
                        .map(|u| json!({ "township": u.township, "villages": u.villages }))
                        .collect()
                }),
            ),
            ("resident", self.resident.as_ref().map(resident)),
            ("employee", self.employee.as_ref().map(employee)),
        ])
    }
}
