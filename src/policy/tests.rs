use serde_json::json;

use super::*;
use crate::input::IssueCode;

#[test]
fn every_preset_loads() {
    for text in PRESETS {
        if let Err(e) = Policy::from_json(text) {
            panic!("{e}");
        }
    }
    let ids: Vec<String> = presets().into_iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), PRESETS.len());
    for y in 2024..=2026 {
        assert!(ids.contains(&format!("cn-national-{y}")));
    }
}

#[test]
fn national_minimums_come_from_the_presets() {
    let amounts: Vec<(u16, String, String)> = presets()
        .into_iter()
        .filter(|p| p.id.starts_with("cn-national"))
        .map(|p| {
            let r = p.resident.unwrap().amounts.unwrap();
            (
                p.coverage_year,
                r.individual.to_string(),
                r.fiscal.to_string(),
            )
        })
        .collect();
    assert_eq!(
        amounts,
        [
            (2024, "380".into(), "640".into()),
            (2025, "400".into(), "670".into()),
            (2026, "400".into(), "700".into())
        ]
    );
}

fn county() -> serde_json::Value {
    serde_json::from_str(include_str!("presets/county-example-2024.json")).unwrap()
}

fn issues(v: &serde_json::Value) -> Vec<(String, &'static str)> {
    from_value(v)
        .unwrap_err()
        .issues
        .into_iter()
        .map(|i| (i.path, i.code.code()))
        .collect()
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let mut v = county();
    v["resident"]["individual"] = json!("-380");
    v["resident"]["groups"][1]["department"] = json!("tax");
    v["resident"]["groups"][2]["subsidy"]["amount"] = json!(114);
    v["resident"]["collection"]["periods"][0]["end"] = json!("2023-08-01");
    v["resident"]["newborn"]["afterWindow"] = json!("never");
    v["resident"]["typo"] = json!(1);
    let got = issues(&v);
    let want = [
        ("resident.typo", "unknown_field"),
        ("resident.individual", "negative_amount"),
        ("resident.groups[1].department", "unknown_department"),
        ("resident.groups[2].subsidy.amount", "wrong_type"),
        ("resident.collection.periods[0].end", "period_order"),
        ("resident.newborn.afterWindow", "invalid_value"),
    ];
    for (path, code) in want {
        assert!(
            got.iter().any(|(p, c)| p == path && *c == code),
            "missing {path} {code} in {got:?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:?}");
}

#[test]
fn references_and_consistency_are_checked() {
    let mut v = county();
    v["resident"]["waitingPeriod"] = json!({
        "fixedMonths": 3, "variableMonthsPerLapsedYear": 1, "lapsedYearsWithoutVariable": 1,
        "repairMonthsPerExtraYear": 1, "extraYearPrice": "individual", "longLapseYears": 4,
        "longLapseMinMonths": 6, "exemptGroups": ["tekun", "veterans"]
    });
    v["resident"]["groups"][3]["id"] = json!("dibao");
    v["resident"]["groups"][1]["subsidy"] = json!({"kind": "fixed", "amount": "400"});
    v["resident"]["collection"]["periods"]
        .as_array_mut()
        .unwrap()
        .push(json!({"start": "2023-12-01", "end": "2024-01-31"}));
    let got = issues(&v);
    for (path, code) in [
        ("resident.waitingPeriod.exemptGroups[1]", "unknown_group"),
        ("resident.groups[3].id", "duplicate_id"),
        ("resident.groups[1].subsidy.amount", "inconsistent"),
        ("resident.collection.periods[1]", "period_order"),
        ("resident.latePayment.waitingMonths", "inconsistent"),
    ] {
        assert!(
            got.iter().any(|(p, c)| p == path && *c == code),
            "missing {path} {code} in {got:?}"
        );
    }
}

#[test]
fn versions_sections_and_syntax() {
    let mut v = county();
    v["formatVersion"] = json!(3);
    assert_eq!(
        issues(&v),
        [("formatVersion".to_string(), "unsupported_version")]
    );
    let mut v = county();
    v.as_object_mut().unwrap().remove("resident");
    assert!(issues(&v).contains(&(String::new(), "missing_section")));
    let e = Policy::from_json("{\"formatVersion\": 1,").unwrap_err();
    assert!(e.has(IssueCode::JsonSyntax));
    let e = Policy::from_json("[]").unwrap_err();
    assert!(e.has(IssueCode::WrongType));
}

#[test]
fn employee_band_from_average_wage() {
    // Meizhou 2024: 60% and 300% of 6694, rounded half up to the yuan → 4016–20082.
    let v = json!({
        "formatVersion": 1, "id": "m", "name": {"zh": "梅州", "en": "Meizhou"}, "coverageYear": 2024,
        "employee": {
            "base": {"averageWage": "6694", "floorPercent": "60", "ceilingPercent": "300", "rounding": "half_up_yuan"},
            "employerRate": "5.5", "employeeRate": "2", "flexibleRate": "7", "rounding": "half_up_fen"
        }
    });
    let p = from_value(&v).unwrap();
    let e = p.employee.unwrap();
    assert_eq!(
        (e.floor.to_string(), e.ceiling.to_string()),
        ("4016".into(), "20082".into())
    );
    let mut bad = v.clone();
    bad["employee"]["base"]["floor"] = json!("1");
    bad["employee"]["base"]["ceilingPercent"] = json!("50");
    let got = issues(&bad);
    assert!(
        got.contains(&("employee.base.floor".into(), "inconsistent")),
        "{got:?}"
    );
    assert!(
        got.contains(&("employee.base.ceilingPercent".into(), "period_order")),
        "{got:?}"
    );
}

/// On a base, an object with alternatives takes the file's alternative whole: a newborn
/// window in months over the national presets' window in days, a wage band as percentages
/// over a band as amounts. Other objects still merge field by field.
#[test]
fn a_files_alternative_replaces_the_bases() {
    let v = json!({
        "formatVersion": 2, "base": "cn-national-2025", "id": "c", "name": {"zh": "某县", "en": "A county"},
        "coverageYear": 2025,
        "resident": {
            "newborn": {"windowMonths": 6, "afterWindow": "month_after_payment"},
            "waitingPeriod": {"exemptGroups": []}
        }
    });
    let p = from_value(&v).unwrap();
    let res = p.resident.unwrap();
    let nb = res.newborn.unwrap();
    assert_eq!(nb.window, Window::Months(6));
    assert_eq!(
        nb.after_window,
        AfterWindow::From(StartDay::FirstOfNextMonth)
    );
    // The waiting period merged: the base's months kept.
    assert_eq!(res.waiting_period.unwrap().fixed_months, 3);
    let band = json!({
        "formatVersion": 2, "base": "meizhou-employee-2024", "id": "m", "name": {"zh": "梅州", "en": "Meizhou"},
        "coverageYear": 2024,
        "employee": {"base": {"averageWage": "6694", "floorPercent": "60", "ceilingPercent": "300", "rounding": "half_up_yuan"}}
    });
    let e = from_value(&band).unwrap().employee.unwrap();
    assert_eq!(
        (e.floor.to_string(), e.ceiling.to_string()),
        ("4016".into(), "20082".into())
    );
}

/// More collection periods than fit in two years without overlapping is an error in itself,
/// and the check of every pair stays bounded.
#[test]
fn too_many_collection_periods() {
    let mut v = county();
    let periods: Vec<serde_json::Value> = (0..800)
        .map(|_| json!({"start": "2023-09-01", "end": "2023-12-31"}))
        .collect();
    v["resident"]["collection"]["periods"] = json!(periods);
    let got = issues(&v);
    assert!(got.contains(&("resident.collection.periods".into(), "period_order")));
    // Each period from the 732nd on is compared with the first 731 only.
    let last = got
        .iter()
        .filter(|(p, _)| p == "resident.collection.periods[799]")
        .count();
    assert_eq!(last, 731);
}

/// Every rule that gives a start day reads the same three names, into the one `StartDay`;
/// the older newborn name reads as first_of_next_month and is written in the new form; the
/// extended period's and the newborn rule's own words stay.
#[test]
fn every_start_rule_reads_the_same_start_days() {
    let days = [
        ("payment_date", StartDay::PaymentDate),
        ("day_after_payment", StartDay::DayAfterPayment),
        ("first_of_next_month", StartDay::FirstOfNextMonth),
    ];
    for (name, day) in days {
        let mut v = county();
        v["resident"]["collection"]["extended"] = json!({"end": "2024-02-29", "benefitFrom": name});
        v["resident"]["newborn"]["afterWindow"] = json!(name);
        let p = from_value(&v).unwrap_or_else(|e| panic!("{name}: {e}"));
        let res = p.resident.as_ref().unwrap();
        let ext = res.collection.as_ref().unwrap().extended.unwrap();
        assert_eq!(ext.benefit_from, ExtendedBenefit::From(day));
        assert_eq!(res.newborn.unwrap().after_window, AfterWindow::From(day));
        let w = p.to_value();
        assert_eq!(w["resident"]["collection"]["extended"]["benefitFrom"], name);
        assert_eq!(w["resident"]["newborn"]["afterWindow"], name);
        assert_eq!(from_value(&w).as_ref(), Ok(&p));
    }
    for (name, want) in [
        ("coverage_start", ExtendedBenefit::CoverageStart),
        ("late_payment", ExtendedBenefit::LatePayment),
    ] {
        let mut v = county();
        v["resident"]["collection"]["extended"] = json!({"end": "2024-02-29", "benefitFrom": name});
        let p = from_value(&v).unwrap();
        let ext = p.resident.unwrap().collection.unwrap().extended.unwrap();
        assert_eq!((ext.benefit_from, ext.benefit_from.code()), (want, name));
    }
    let mut old = county();
    old["resident"]["newborn"]["afterWindow"] = json!("month_after_payment");
    let mut new = county();
    new["resident"]["newborn"]["afterWindow"] = json!("first_of_next_month");
    let p = from_value(&old).unwrap();
    assert_eq!(Ok(&p), from_value(&new).as_ref());
    assert_eq!(
        p.to_value()["resident"]["newborn"]["afterWindow"],
        "first_of_next_month"
    );
    // Not a start day of the extended period: the newborn rule's own word.
    let mut v = county();
    v["resident"]["collection"]["extended"] =
        json!({"end": "2024-02-29", "benefitFrom": "general_rules"});
    let got = issues(&v);
    assert!(
        got.contains(&(
            "resident.collection.extended.benefitFrom".into(),
            "invalid_value"
        )),
        "{got:?}"
    );
}
