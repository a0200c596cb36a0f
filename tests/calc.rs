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
