//! The worked examples of domain.md §3–§6 (tests/vectors/calc.json, shared with the JS
//! package tests), run through the JSON API natively.

use canbao::{api, id::Lang, policy::Policy};
use serde_json::Value;

#[path = "support/subset.rs"]
mod subset;
use subset::subset;

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/calc.json")).unwrap()
}

/// The policy a case names: an entry of the file's `policies`, or a bundled preset.
fn policy_for(v: &Value, name: &str) -> Policy {
    match v["policies"].get(name) {
        Some(p) => canbao::policy::from_value(p).unwrap_or_else(|e| panic!("{name}: {e}")),
        None => canbao::policy::preset(name).unwrap_or_else(|| panic!("no preset {name}")),
    }
}

#[test]
fn worked_examples() {
    let v = vectors();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let policy = c["policy"].as_str().map(|p| policy_for(&v, p));
        let got = api::run(
            c["fn"].as_str().unwrap(),
            policy.as_ref(),
            &c["input"],
            Lang::Zh,
        );
        match (&c["expect"], &c["error"], got) {
            (e, Value::Null, Ok(text)) if !e.is_null() => {
                let got: Value = serde_json::from_str(&text).unwrap();
                subset(e, &got, "").unwrap_or_else(|m| panic!("{name}: {m}\n{got:#}"));
                assert!(
                    got["trace"].as_array().is_some_and(|t| !t.is_empty()),
                    "{name}: no trace"
                );
            }
            (Value::Null, err, Err(e)) if !err.is_null() => {
                let got: Value = serde_json::from_str(&api::error_json(&e, Lang::Zh)).unwrap();
                assert_eq!(got["code"], err["code"], "{name}: {got:#}");
                let problems = err["problems"].as_array().unwrap();
                assert_eq!(
                    problems.len(),
                    got["problems"].as_array().unwrap().len(),
                    "{name}: {got:#}"
                );
                for (want, have) in problems.iter().zip(got["problems"].as_array().unwrap()) {
                    assert_eq!(want["path"], have["path"], "{name}");
                    assert_eq!(want["code"], have["code"], "{name}");
                    if let Some(s) = want["messageIncludes"].as_str() {
                        assert!(have["message"].as_str().unwrap().contains(s), "{name}");
                    }
                }
            }
            (_, _, got) => panic!("{name}: unexpected outcome {got:?}"),
        }
    }
}

#[test]
fn traces_come_in_both_languages() {
    let county = canbao::policy::preset("county-example-2024").unwrap();
    let input = serde_json::json!({"groups": ["dibao", "tekun"]});
    let zh: Value =
        serde_json::from_str(&api::resident_contribution(&county, &input, Lang::Zh).unwrap())
            .unwrap();
    let en: Value =
        serde_json::from_str(&api::resident_contribution(&county, &input, Lang::En).unwrap())
            .unwrap();
    let rules = |v: &Value| -> Vec<String> {
        v["trace"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&zh), rules(&en));
    assert!(rules(&zh).contains(&"highest_only".to_string()));
    let highest = |v: &Value| {
        v["trace"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["rule"] == "highest_only")
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(highest(&zh).contains("最高"), "{}", highest(&zh));
    assert!(highest(&en).contains("highest"), "{}", highest(&en));
}

/// A desk's quote prices the form's category kind by the policy's category of that kind (or
/// the scheme's rules without one), for the policy's coverage year.
#[test]
fn a_desk_quote_prices_the_forms_category() {
    let county = canbao::policy::preset("county-example-2024").unwrap();
    let quote = |p: &Policy, input: Value| -> Value {
        serde_json::from_str(&api::enrollment_quote(p, &input, Lang::Zh).unwrap()).unwrap()
    };
    let v = quote(
        &county,
        serde_json::json!({ "category": "resident", "groups": ["dibao"], "paymentDate": "2023-11-01" }),
    );
    assert_eq!(v["coverageYear"], 2024);
    assert_eq!(v["category"], Value::Null);
    assert_eq!(v["contribution"]["payable"], "266.00");
    assert_eq!(v["contribution"]["subsidy"], "114.00");
    assert_eq!(v["benefit"]["benefitStart"], "2024-01-01");
    // Dingtao has a newborn category: a baby born in the collection year is covered from birth
    // when paid within the window.
    let dingtao = canbao::policy::preset("dingtao-2024").unwrap();
    let v = quote(
        &dingtao,
        serde_json::json!({ "category": "newborn", "birthDate": "2024-03-05", "paymentDate": "2024-04-01" }),
    );
    assert_eq!(v["category"], "newborn");
    assert_eq!(v["benefit"]["coveredFromBirth"], true, "{v}");
    assert_eq!(v["benefit"]["benefitStart"], "2024-03-05");
    // A kind that is not a category kind, and an unknown group, are the caller's to hear.
    let e = api::enrollment_quote(
        &county,
        &serde_json::json!({ "category": "worker", "paymentDate": "2023-11-01" }),
        Lang::En,
    )
    .unwrap_err();
    assert!(e.to_string().contains("category"), "{e}");
    assert!(api::enrollment_quote(
        &county,
        &serde_json::json!({ "groups": ["nobody"], "paymentDate": "2023-11-01" }),
        Lang::En,
    )
    .is_err());
}

/// Without a benefit start in the request, a refund is judged against the start the payment
/// itself brings (a late payment's waiting period included), not January 1.
#[test]
fn a_refund_without_a_benefit_start_uses_the_payments_own() {
    let county = canbao::policy::preset("county-example-2024").unwrap();
    let refund = |input: Value| -> Value {
        serde_json::from_str(&api::refund_eligibility(&county, &input, Lang::Zh).unwrap()).unwrap()
    };
    // Paid late (after the period closed on 2023-12-31): 3 months' wait, from 2024-05-15.
    let late = refund(serde_json::json!({
        "paymentDate": "2024-02-15", "requestDate": "2024-03-01", "reason": "paid_twice"
    }));
    assert_eq!(late["outcome"], "eligible", "{late}");
    assert_eq!(late["benefitStart"], "2024-05-15");
    assert!(late["trace"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["rule"] == "refund_benefit_start"));
    assert_eq!(
        refund(serde_json::json!({
            "paymentDate": "2024-02-15", "requestDate": "2024-05-15", "reason": "paid_twice"
        }))["outcome"],
        "benefit_started"
    );
    // Paid inside the period: from January 1.
    let early = refund(serde_json::json!({
        "paymentDate": "2023-10-01", "requestDate": "2024-01-02", "reason": "paid_twice"
    }));
    assert_eq!(
        (early["outcome"].as_str(), early["benefitStart"].as_str()),
        (Some("benefit_started"), Some("2024-01-01"))
    );
    // A start the request gives is taken as it is.
    let given = refund(serde_json::json!({
        "paymentDate": "2024-02-15", "requestDate": "2024-03-01", "reason": "paid_twice", "benefitStart": "2024-03-01"
    }));
    assert_eq!(given["outcome"], "benefit_started");
}

/// The national presets cover a newborn from birth when paid within 90 days of birth (医保办函
/// 〔2021〕11号), with no waiting period (国办发〔2024〕38号 exempts newborns); later, the
/// general rules.
#[test]
fn national_presets_cover_a_newborn_paid_within_90_days_from_birth() {
    for (id, year) in [
        ("cn-national-2024", 2024),
        ("cn-national-2025", 2025),
        ("cn-national-2026", 2026),
    ] {
        let p = canbao::policy::preset(id).unwrap();
        let start = |born: &str, paid: &str| -> Value {
            let input = serde_json::json!({
                "coverageYear": year, "paymentDate": paid, "birthDate": born, "inCollectionPeriod": false
            });
            serde_json::from_str(&api::benefit_start(&p, &input, Lang::Zh).unwrap()).unwrap()
        };
        let within = start(&format!("{year}-03-01"), &format!("{year}-05-30"));
        assert_eq!(
            within["benefitStart"],
            format!("{year}-03-01"),
            "{id}: {within}"
        );
        assert_eq!(within["fixedMonths"], 0, "{id}");
        assert_eq!(within["coveredFromBirth"], true, "{id}");
        // Day 91: the general rules (from 2025, the fixed 3-month wait for paying outside the
        // collection period).
        let after = start(&format!("{year}-03-01"), &format!("{year}-05-31"));
        assert_eq!(after["coveredFromBirth"], false, "{id}: {after}");
        if year >= 2025 {
            assert_eq!(
                after["benefitStart"],
                format!("{year}-08-31"),
                "{id}: {after}"
            );
        }
    }
}

/// A budget's closing line is an equation that holds: with a late payer charged the full
/// financing amount, the charge (not the individual contribution) is subsidy + payable.
#[test]
fn a_budget_with_a_late_full_financing_payer_states_a_true_sum() {
    let mut v: Value = serde_json::from_str(include_str!(
        "../src/policy/presets/county-example-2024.json"
    ))
    .unwrap();
    v["resident"]["latePayment"]["charge"] = serde_json::json!("full_financing");
    let p = canbao::policy::Policy::from_json(&v.to_string()).unwrap();
    let budget = |people: Value| -> Value {
        serde_json::from_str(&api::department_budget(&p, &people, Lang::Zh).unwrap()).unwrap()
    };
    // The closing line of a budget's trace.
    let closing = |b: &Value| -> String {
        b["trace"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["rule"] == "budget_total")
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let late = budget(serde_json::json!([{ "groups": ["dibao"], "paymentDate": "2024-03-01" }]));
    let total = closing(&late);
    // 380 + 640 = 1020 charged, 114 subsidy, 906 payable.
    assert!(
        total.contains("应收 1020.00 元 = 资助 114.00 元 + 个人应缴 906.00 元"),
        "{total}"
    );
    assert_eq!(late["totals"]["payable"], "906.00");
    let total = closing(&budget(
        serde_json::json!([{ "groups": ["dibao"], "paymentDate": "2023-10-01" }]),
    ));
    assert!(
        total.contains("个人缴费 380.00 元 = 资助 114.00 元 + 个人应缴 266.00 元"),
        "{total}"
    );
}

/// A 2024 policy (a leap year) with a collection period 2023-09-01 – 2023-11-30, written on
/// by `resident` (merged over the scheme's amounts and groups).
fn start_policy(resident: Value) -> Policy {
    let mut v = serde_json::json!({
        "formatVersion": 2, "id": "start-days", "name": {"zh": "起始日", "en": "Start days"},
        "coverageYear": 2024,
        "departments": [{"id": "veterans", "name": {"zh": "退役军人事务局", "en": "Veterans"}}],
        "resident": {
            "individual": "380.00", "fiscal": "640.00", "multipleGroups": "highest",
            "groups": [{"id": "vet", "name": {"zh": "新退役军人", "en": "Discharged soldiers"},
                        "department": "veterans", "subsidy": {"kind": "none"}}],
            "collection": {"periods": [{"start": "2023-09-01", "end": "2023-11-30"}]}
        }
    });
    for (k, x) in resident.as_object().unwrap() {
        v["resident"][k] = x.clone();
    }
    canbao::policy::from_value(&v).unwrap_or_else(|e| panic!("{e}\n{v:#}"))
}

/// The benefit start (`None`: no date) and the start day the trace names, in zh and en.
fn start_of(p: &Policy, input: Value) -> (Option<String>, Option<String>) {
    let run = |lang| -> Value {
        serde_json::from_str(&api::benefit_start(p, &input, lang).unwrap()).unwrap()
    };
    let (zh, en) = (run(Lang::Zh), run(Lang::En));
    assert_eq!(zh["benefitStart"], en["benefitStart"]);
    let days: Vec<(String, String, String)> = zh["trace"]
        .as_array()
        .unwrap()
        .iter()
        .zip(en["trace"].as_array().unwrap())
        .filter_map(|(z, e)| {
            let d = z["values"]["startDay"].as_str()?;
            Some((
                d.to_string(),
                z["message"].to_string(),
                e["message"].to_string(),
            ))
        })
        .collect();
    assert!(days.len() <= 1, "{zh:#}");
    let day = days.first().map(|(d, zh_text, en_text)| {
        // The trace says which choice applied, in both languages.
        let (z, e) = match d.as_str() {
            "payment_date" => ("当日", "the day of"),
            "day_after_payment" => ("次日", "the day after"),
            "first_of_next_month" => ("次月 1 日", "the first of the month after"),
            other => panic!("start day {other}"),
        };
        assert!(zh_text.contains(z), "{zh_text}");
        assert!(en_text.contains(e), "{en_text}");
        d.clone()
    });
    (zh["benefitStart"].as_str().map(String::from), day)
}

const DAYS: [&str; 3] = ["payment_date", "day_after_payment", "first_of_next_month"];

/// Checks one rule under the three start days: `(payment, [start by payment_date,
/// day_after_payment, first_of_next_month])`, `named` when the trace names the day.
fn each_day(
    rule: impl Fn(&str) -> Policy,
    input: impl Fn(&str) -> Value,
    cases: &[(&str, [&str; 3])],
    named: bool,
) {
    for (i, day) in DAYS.iter().enumerate() {
        let p = rule(day);
        for (paid, want) in cases {
            let (start, said) = start_of(&p, input(paid));
            assert_eq!(start.as_deref(), Some(want[i]), "{day}, paid {paid}");
            assert_eq!(said.as_deref(), named.then_some(*day), "{day}, paid {paid}");
        }
    }
}

fn paid(on: &str) -> Value {
    serde_json::json!({ "coverageYear": 2024, "paymentDate": on })
}

/// latePayment.from: on the payment date (no waiting months), or the day the months end
/// (counted day to day: a month's last day when the day is missing, 2024-02-29 in a leap year).
#[test]
fn late_payment_offers_every_start_day() {
    each_day(
        |d| start_policy(serde_json::json!({ "latePayment": { "from": d } })),
        paid,
        &[
            ("2024-01-01", ["2024-01-01", "2024-01-02", "2024-02-01"]),
            ("2024-02-28", ["2024-02-28", "2024-02-29", "2024-03-01"]),
            ("2024-02-29", ["2024-02-29", "2024-03-01", "2024-03-01"]),
            ("2024-04-30", ["2024-04-30", "2024-05-01", "2024-05-01"]),
            ("2024-12-31", ["2024-12-31", "2025-01-01", "2025-01-01"]),
        ],
        true,
    );
    each_day(
        |d| start_policy(serde_json::json!({ "latePayment": { "waitingMonths": 1, "from": d } })),
        paid,
        &[
            // 01-31 + 1 month = 02-29 (the leap month's last day).
            ("2024-01-31", ["2024-02-29", "2024-03-01", "2024-03-01"]),
            ("2024-01-29", ["2024-02-29", "2024-03-01", "2024-03-01"]),
            ("2024-03-31", ["2024-04-30", "2024-05-01", "2024-05-01"]),
            ("2024-11-30", ["2024-12-30", "2024-12-31", "2025-01-01"]),
            // 11-30 … 12-31: the wait ends on the year's last day.
            ("2024-12-01", ["2025-01-01", "2025-01-02", "2025-02-01"]),
        ],
        true,
    );
    // Whole months (January the first of three) end on a first day: no start day applies,
    // none is named.
    let p = start_policy(
        serde_json::json!({ "latePayment": { "waitingMonths": 3, "counting": "whole_months" } }),
    );
    assert_eq!(
        start_of(&p, paid("2024-01-31")),
        (Some("2024-04-01".into()), None)
    );
}

/// waitingPeriod.from: the day the fixed (and variable) months end; months counted from
/// January 1 for a payment inside the period end on a first day, no start day applies.
#[test]
fn the_waiting_period_offers_every_start_day() {
    let rule = |d: &str| {
        start_policy(serde_json::json!({
            "latePayment": { "charge": "individual" },
            "waitingPeriod": {
                "fixedMonths": 1, "variableMonthsPerLapsedYear": 1, "lapsedYearsWithoutVariable": 1,
                "repairMonthsPerExtraYear": 1, "extraYearPrice": "individual",
                "longLapseYears": 4, "longLapseMinMonths": 6, "exemptGroups": ["vet"], "from": d
            }
        }))
    };
    each_day(
        rule,
        paid,
        &[
            ("2024-01-31", ["2024-02-29", "2024-03-01", "2024-03-01"]),
            ("2024-02-29", ["2024-03-29", "2024-03-30", "2024-04-01"]),
            ("2024-11-30", ["2024-12-30", "2024-12-31", "2025-01-01"]),
            ("2024-12-31", ["2025-01-31", "2025-02-01", "2025-02-01"]),
        ],
        true,
    );
    // Two lapsed years: fixed 1 + variable 1; paid before the year (inside the period or
    // after it), the months run from January 1.
    let lapsed =
        |on: &str| serde_json::json!({ "coverageYear": 2024, "paymentDate": on, "lapsedYears": 2 });
    each_day(
        rule,
        lapsed,
        &[
            ("2023-11-30", ["2024-03-01"; 3]),
            ("2023-12-31", ["2024-03-01"; 3]),
        ],
        false,
    );
    each_day(
        rule,
        lapsed,
        &[("2024-10-31", ["2024-12-31", "2025-01-01", "2025-01-01"])],
        true,
    );
}

/// waitingPeriod.exemptFrom: an exempt member paying outside the period, from the payment;
/// inside it, January 1 whatever the day.
#[test]
fn exempt_groups_offer_every_start_day() {
    let rule = |d: &str| {
        start_policy(serde_json::json!({
            "waitingPeriod": {
                "fixedMonths": 3, "variableMonthsPerLapsedYear": 1, "lapsedYearsWithoutVariable": 1,
                "repairMonthsPerExtraYear": 1, "extraYearPrice": "individual",
                "longLapseYears": 4, "longLapseMinMonths": 6, "exemptGroups": ["vet"], "exemptFrom": d
            }
        }))
    };
    let exempt = |on: &str| serde_json::json!({ "coverageYear": 2024, "paymentDate": on, "groups": ["vet"], "lapsedYears": 3 });
    each_day(
        rule,
        exempt,
        &[
            ("2024-01-31", ["2024-01-31", "2024-02-01", "2024-02-01"]),
            ("2024-02-28", ["2024-02-28", "2024-02-29", "2024-03-01"]),
            ("2024-02-29", ["2024-02-29", "2024-03-01", "2024-03-01"]),
            ("2024-12-31", ["2024-12-31", "2025-01-01", "2025-01-01"]),
        ],
        true,
    );
    each_day(rule, exempt, &[("2023-11-30", ["2024-01-01"; 3])], false);
}

/// extended.benefitFrom: a start day after the payment, never before January 1 (the extended
/// period here runs 2023-12-01 – 2024-02-29); coverage_start and late_payment as before.
#[test]
fn the_extended_period_offers_every_start_day() {
    let rule = |d: &str| {
        start_policy(serde_json::json!({
            "collection": {
                "periods": [{"start": "2023-09-01", "end": "2023-11-30"}],
                "extended": {"end": "2024-02-29", "benefitFrom": d}
            },
            "latePayment": { "waitingMonths": 3 }
        }))
    };
    each_day(
        rule,
        paid,
        &[
            ("2023-12-15", ["2024-01-01"; 3]),
            ("2023-12-31", ["2024-01-01"; 3]),
            ("2024-01-31", ["2024-01-31", "2024-02-01", "2024-02-01"]),
            ("2024-02-28", ["2024-02-28", "2024-02-29", "2024-03-01"]),
            ("2024-02-29", ["2024-02-29", "2024-03-01", "2024-03-01"]),
        ],
        true,
    );
    assert_eq!(
        start_of(&rule("coverage_start"), paid("2024-02-29")),
        (Some("2024-01-01".into()), None)
    );
    assert_eq!(
        start_of(&rule("late_payment"), paid("2024-02-29")),
        (Some("2024-05-29".into()), Some("payment_date".into()))
    );
    // After the extended period: the late-payment rule.
    assert_eq!(
        start_of(&rule("day_after_payment"), paid("2024-03-01")),
        (Some("2024-06-01".into()), Some("payment_date".into()))
    );
}

/// newborn.afterWindow: a start day after the payment (month_after_payment, the older name,
/// is first_of_next_month); general_rules as any late enrollee.
#[test]
fn newborns_after_the_window_offer_every_start_day() {
    let rule = |d: &str| {
        start_policy(serde_json::json!({
            "newborn": { "windowMonths": 1, "afterWindow": d },
            "latePayment": { "waitingMonths": 3 }
        }))
    };
    let baby = |born: &'static str| move |on: &str| serde_json::json!({ "coverageYear": 2024, "paymentDate": on, "birthDate": born });
    // Born 2024-01-15: the window ends 2024-02-15.
    each_day(
        rule,
        baby("2024-01-15"),
        &[
            ("2024-02-28", ["2024-02-28", "2024-02-29", "2024-03-01"]),
            ("2024-02-29", ["2024-02-29", "2024-03-01", "2024-03-01"]),
            ("2024-12-31", ["2024-12-31", "2025-01-01", "2025-01-01"]),
        ],
        true,
    );
    // Born the year before, paid after the window but before the coverage year: January 1.
    each_day(
        rule,
        baby("2023-10-15"),
        &[("2023-12-31", ["2024-01-01"; 3])],
        true,
    );
    // Inside the window: from birth, whatever the day.
    each_day(
        rule,
        baby("2024-01-15"),
        &[("2024-02-15", ["2024-01-15"; 3])],
        false,
    );
    let legacy = rule("month_after_payment");
    assert_eq!(legacy, rule("first_of_next_month"));
    assert_eq!(
        start_of(&legacy, baby("2024-01-15")("2024-02-29")),
        (
            Some("2024-03-01".into()),
            Some("first_of_next_month".into())
        )
    );
    // The general rules: the late payment's 3 months from 2024-02-29.
    assert_eq!(
        start_of(&rule("general_rules"), baby("2024-01-15")("2024-02-29")),
        (Some("2024-05-29".into()), Some("payment_date".into()))
    );
}

/// A national policy sets no collection period: the caller's inCollectionPeriod decides and
/// the answer says which it was (`timing` and the trace's first step); without it the answer
/// is an error, not a guess.
#[test]
fn without_collection_periods_the_callers_answer_decides() {
    let national = canbao::policy::preset("cn-national-2025").unwrap();
    for (inside, timing, zh, start) in [
        (true, "in_period", "在集中缴费期内缴费", "2025-01-01"),
        (false, "late", "在集中缴费期后缴费", "2025-06-01"),
    ] {
        let input = serde_json::json!({ "coverageYear": 2025, "paymentDate": "2025-03-01", "inCollectionPeriod": inside });
        let v: Value =
            serde_json::from_str(&api::benefit_start(&national, &input, Lang::Zh).unwrap())
                .unwrap();
        assert_eq!(
            (v["timing"].as_str(), v["benefitStart"].as_str()),
            (Some(timing), Some(start)),
            "{v:#}"
        );
        assert_eq!(v["trace"][0]["rule"], "timing");
        assert!(
            v["trace"][0]["message"].as_str().unwrap().starts_with(zh),
            "{v:#}"
        );
        let quote =
            serde_json::json!({ "paymentDate": "2025-03-01", "inCollectionPeriod": inside });
        let q: Value =
            serde_json::from_str(&api::enrollment_quote(&national, &quote, Lang::Zh).unwrap())
                .unwrap();
        assert_eq!(q["benefit"]["timing"], timing, "{q:#}");
    }
    let e = api::benefit_start(
        &national,
        &serde_json::json!({ "coverageYear": 2025, "paymentDate": "2025-03-01" }),
        Lang::En,
    )
    .unwrap_err();
    assert!(e.to_string().contains("collection"), "{e}");
    let e = api::enrollment_quote(
        &national,
        &serde_json::json!({ "paymentDate": "2025-03-01" }),
        Lang::En,
    )
    .unwrap_err();
    assert!(e.to_string().contains("collection"), "{e}");
}
