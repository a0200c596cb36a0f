//! The five source notices (../shared/seeds/, summarized in docs/policy-format.md) written as
//! policies: 定陶区 2024 is bundled (`dingtao-2024`), the others are example files in
//! examples/policies/. Each expectation below is worked out by hand from the notice's text.

use canbao::api;
use canbao::lang::Lang;
use canbao::policy::{self, Policy};
use serde_json::{json, Value};

fn example(name: &str) -> Policy {
    let text = match name {
        "fuliang" => include_str!("../examples/policies/fuliang-2024.json"),
        "yongfu" => include_str!("../examples/policies/yongfu-2023.json"),
        "yongchun" => include_str!("../examples/policies/yongchun-2023.json"),
        "dalate" => include_str!("../examples/policies/dalate-2024.json"),
        _ => unreachable!(),
    };
    Policy::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn dingtao() -> Policy {
    policy::preset("dingtao-2024").expect("bundled")
}

fn run(p: &Policy, f: &str, input: Value) -> Result<Value, String> {
    api::run(f, Some(p), &input, Lang::Zh)
        .map(|s| serde_json::from_str(&s).unwrap())
        .map_err(|e| api::error_message(&e, Lang::Zh))
}

fn payable(p: &Policy, groups: &[&str]) -> String {
    let v = run(p, "residentContribution", json!({ "groups": groups })).unwrap();
    v["payable"].as_str().unwrap().to_string()
}

fn start(p: &Policy, input: Value) -> Value {
    let mut input = input;
    input["coverageYear"] = json!(p.coverage_year);
    run(p, "benefitStart", input).unwrap()["benefitStart"].clone()
}

#[test]
fn dingtao_2024_amounts_and_subsidies() {
    let p = dingtao();
    // 个人缴费标准为每人380元 …
    assert_eq!(payable(&p, &[]), "380.00");
    // 对特困人员…个人缴费给予全额资助
    assert_eq!(payable(&p, &["tekun"]), "0.00");
    // 对低保对象、返贫致贫人口、低保边缘家庭成员及防止返贫监测帮扶对象等，给予…114元的定额资助
    for g in ["dibao", "fanpin", "dibao_edge", "monitored"] {
        assert_eq!(payable(&p, &[g]), "266.00", "{g}");
    }
    // 稳定脱贫人口不享受资助参保政策
    assert_eq!(payable(&p, &["stable_exit"]), "380.00");
    // 存在多重身份的，只能按一种身份享受资助参保（按资助标准高的身份享受）
    assert_eq!(payable(&p, &["dibao", "tekun"]), "0.00");
    assert_eq!(payable(&p, &["dibao", "monitored"]), "266.00");
    // 资助参保资金来源为医疗救助基金
    let v = run(&p, "residentContribution", json!({ "groups": ["dibao"] })).unwrap();
    assert!(v["trace"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["message"].as_str().unwrap().contains("医疗救助基金")));
    // A group the notice names without an amount cannot be computed, and says so.
    let e = run(
        &p,
        "residentContribution",
        json!({ "groups": ["family_planning"] }),
    )
    .unwrap_err();
    assert!(
        e.contains("未规定") && e.contains("计生政策利导人员") && e.contains("卫健局"),
        "{e}"
    );
    // … unless another group held gives the full contribution, the most there is.
    assert_eq!(payable(&p, &["tekun", "family_planning"]), "0.00");
    assert!(run(
        &p,
        "residentContribution",
        json!({ "groups": ["dibao", "family_planning"] })
    )
    .is_err());
}

#[test]
fn dingtao_2024_benefit_dates() {
    let p = dingtao();
    // 在集中缴费期内正常缴费的，自次年1月1日起享受
    assert_eq!(
        start(&p, json!({ "paymentDate": "2023-11-15" })),
        "2024-01-01"
    );
    // 次年1月1日（含1月1日）后缴费的 … 3个月的待遇享受等待期
    assert_eq!(
        start(&p, json!({ "paymentDate": "2024-01-01" })),
        "2024-04-01"
    );
    assert_eq!(
        start(&p, json!({ "paymentDate": "2024-03-05" })),
        "2024-06-05"
    );
    // 新生儿自出生之日起6个月内…缴费的，自出生之日起享受
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2024-08-01", "birthDate": "2024-03-15" })
        ),
        "2024-03-15"
    );
    // 超过6个月的，自缴费的次月起享受
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2024-10-05", "birthDate": "2024-03-15" })
        ),
        "2024-11-01"
    );
    // Across the year end: born 2024-08-31, paid 2025-01-20 (within 6 months) → from birth.
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2025-01-20", "birthDate": "2024-08-31" })
        ),
        "2024-08-31"
    );
    // Born 2023-12-20, paid 2024-01-10 (21 days old): only 2024 paid → from 2024-01-01, no wait;
    // with 2023 paid too → from birth.
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2024-01-10", "birthDate": "2023-12-20" })
        ),
        "2024-01-01"
    );
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2024-01-10", "birthDate": "2023-12-20", "previousYearPaid": true })
        ),
        "2023-12-20"
    );
    let v = run(
        &p,
        "benefitStart",
        json!({ "coverageYear": 2024, "paymentDate": "2024-01-10", "birthDate": "2023-12-20" }),
    )
    .unwrap();
    assert!(v["trace"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["message"].as_str().unwrap().contains("2023-12-20")));
    // Targets: 2024年度城乡居民医保参保率达到100%.
    assert_eq!(p.targets.len(), 1);
    assert_eq!(p.targets[0].rate.to_string(), "100");
}

#[test]
fn dalate_2024_collection_refunds_and_no_stated_rules() {
    let p = example("dalate");
    // 集中缴费期…每年9月1日至次年2月底: paid 2024-02-29 is in the period.
    assert_eq!(
        start(&p, json!({ "paymentDate": "2024-02-29" })),
        "2024-01-01"
    );
    // No newborn rule of its own: the base's national one (paid within 90 days of birth, covered
    // from birth): born 2024-01-20, paid 2024-02-10 → from 2024-01-20.
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2024-02-10", "birthDate": "2024-01-20" })
        ),
        "2024-01-20"
    );
    // No late-payment rule: no date, and the answer says the notice states none.
    let v = run(
        &p,
        "benefitStart",
        json!({ "coverageYear": 2024, "paymentDate": "2024-03-05" }),
    )
    .unwrap();
    assert_eq!(v["benefitStart"], Value::Null);
    assert!(v["trace"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["rule"] == "no_late_rule"));
    // 待遇享受期未开始前因…参加职工医保…可…退费; 待遇享受期开始后…原则上个人缴费不再退回.
    let refund = |request: &str| {
        run(&p, "refundEligibility", json!({ "paymentDate": "2023-10-01", "requestDate": request, "reason": "employee_scheme" }))
            .unwrap()["outcome"]
            .clone()
    };
    assert_eq!(refund("2023-12-01"), "eligible");
    assert_eq!(refund("2024-03-01"), "benefit_started");
    // Amounts from the base (the city's notice sets them; here the national minimum).
    assert_eq!(payable(&p, &[]), "380.00");
    // Groups confirmed by departments with no amount in this notice.
    let e = run(&p, "residentContribution", json!({ "groups": ["dibao"] })).unwrap_err();
    assert!(e.contains("城乡低保对象") && e.contains("旗民政局"), "{e}");
}

#[test]
fn yongchun_2023_extended_period_on_its_own() {
    let p = example("yongchun");
    // 集中征收期延长至 2023 年 6 月 30 日: paid by then counts as in the period.
    assert_eq!(
        start(&p, json!({ "paymentDate": "2023-06-30" })),
        "2023-01-01"
    );
    let v = run(
        &p,
        "benefitStart",
        json!({ "coverageYear": 2023, "paymentDate": "2023-07-01" }),
    )
    .unwrap();
    assert_eq!(v["benefitStart"], Value::Null);
    // No amounts: the answer says where they are set.
    let e = run(&p, "residentContribution", json!({})).unwrap_err();
    assert!(e.contains("以国家、省、市医保部门通知为准"), "{e}");
    assert_eq!(p.targets[0].by.unwrap().to_string(), "2023-06-30");
}

#[test]
fn yongfu_2023_targets_and_refund_after_payment() {
    let p = example("yongfu");
    assert_eq!(p.targets[0].rate.to_string(), "97");
    assert_eq!(p.targets[0].by.unwrap().to_string(), "2023-06-30");
    let g = p.group("confirmed_elsewhere").unwrap();
    assert_eq!(g.payment, policy::SubsidyPayment::RefundAfterPayment);
    let e = run(
        &p,
        "residentContribution",
        json!({ "groups": ["full_assist"] }),
    )
    .unwrap_err();
    assert!(e.contains("本通知未规定缴费标准"), "{e}");
}

#[test]
fn fuliang_2024_targets_for_named_groups() {
    let p = example("fuliang");
    let of: Vec<(&str, String)> = p
        .targets
        .iter()
        .map(|t| (t.of.as_str(), t.rate.to_string()))
        .collect();
    assert_eq!(
        of,
        [
            ("all", "95".to_string()),
            ("low_income", "100".into()),
            ("poverty_exit", "100".into()),
            ("student", "100".into())
        ]
    );
    assert_eq!(payable(&p, &[]), "380.00");
    assert_eq!(p.base.as_deref(), Some("cn-national-2024"));
}

#[test]
fn a_subsidy_paid_back_after_payment_is_paid_in_full_first() {
    let mut v: Value =
        serde_json::from_str(include_str!("../src/policy/presets/dingtao-2024.json")).unwrap();
    v["resident"]["groups"][1]["payment"] = json!("refund_after_payment");
    let p = canbao::policy::from_value(&v).unwrap();
    let c = run(&p, "residentContribution", json!({ "groups": ["dibao"] })).unwrap();
    assert_eq!(c["payable"], "266.00");
    assert_eq!(c["payNow"], "380.00");
    assert_eq!(c["refundLater"], "114.00");
    let c = run(&p, "residentContribution", json!({ "groups": ["fanpin"] })).unwrap();
    assert_eq!(
        (c["payNow"].as_str(), c["refundLater"].as_str()),
        (Some("266.00"), Some("0.00"))
    );
}

#[test]
fn format_1_files_still_load() {
    let mut v: Value = serde_json::from_str(include_str!(
        "../src/policy/presets/county-example-2024.json"
    ))
    .unwrap();
    v["formatVersion"] = json!(1);
    v["source"] = json!("a developer's note, as format 1 wrote it");
    v.as_object_mut().unwrap().remove("note");
    let p = canbao::policy::from_value(&v).unwrap();
    assert_eq!(p.format_version, 1);
    assert_eq!(p.source, None);
    assert_eq!(
        p.note.as_deref(),
        Some("a developer's note, as format 1 wrote it")
    );
    v["formatVersion"] = json!(3);
    let e = canbao::policy::from_value(&v).unwrap_err();
    assert_eq!(e.issues[0].path, "formatVersion");
}

/// A policy on the national 2024 amounts with a collection period and the given resident rules.
fn with_rules(rules: Value) -> Policy {
    let mut v = json!({
        "formatVersion": 2, "base": "cn-national-2024", "id": "rules", "coverageYear": 2024,
        "name": { "zh": "规则", "en": "Rules" },
        "resident": { "collection": { "periods": [{ "start": "2023-09-01", "end": "2023-12-31" }] } }
    });
    for (k, r) in rules.as_object().unwrap() {
        v["resident"][k] = r.clone();
    }
    canbao::policy::from_value(&v).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn start_rules_as_notices_write_them() {
    let late = |rule: Value, paid: &str| {
        let p = with_rules(json!({ "latePayment": rule }));
        start(&p, json!({ "paymentDate": paid }))
    };
    // 缴费后 3 个月 (day to day): paid 03-05 → 06-05; the month's last day when shorter.
    assert_eq!(
        late(json!({ "waitingMonths": 3 }), "2024-03-05"),
        "2024-06-05"
    );
    assert_eq!(
        late(json!({ "waitingMonths": 3 }), "2024-11-30"),
        "2025-02-28"
    );
    // 3 个整月: paid in January → April 1.
    assert_eq!(
        late(
            json!({ "waitingMonths": 3, "counting": "whole_months" }),
            "2024-01-20"
        ),
        "2024-04-01"
    );
    // 缴费次日起 / 缴费次月起 / 缴费之日起.
    assert_eq!(
        late(json!({ "from": "day_after_payment" }), "2024-03-05"),
        "2024-03-06"
    );
    assert_eq!(
        late(json!({ "from": "first_of_next_month" }), "2024-03-05"),
        "2024-04-01"
    );
    assert_eq!(late(json!({}), "2024-03-05"), "2024-03-05");
    // Whole months already end on a first day: `from` is not given with them.
    let e = canbao::policy::from_value(&json!({
        "formatVersion": 2, "base": "cn-national-2024", "id": "x", "coverageYear": 2024,
        "name": { "zh": "规则", "en": "Rules" },
        "resident": { "latePayment": { "waitingMonths": 3, "counting": "whole_months", "from": "first_of_next_month" } }
    }))
    .unwrap_err();
    assert_eq!(e.issues[0].path, "resident.latePayment.from");
    // Paid before the coverage year but after the period: the wait runs from January 1, and
    // ends on a first day of benefits (no `from` shift on January 1).
    let p = with_rules(json!({
        "collection": { "periods": [{ "start": "2023-09-01", "end": "2023-11-30" }] },
        "latePayment": { "waitingMonths": 3, "from": "first_of_next_month" }
    }));
    assert_eq!(
        start(&p, json!({ "paymentDate": "2023-12-15" })),
        "2024-04-01"
    );
    // An extended period with benefits from the payment date.
    let p = with_rules(json!({ "collection": {
        "periods": [{ "start": "2023-09-01", "end": "2023-12-31" }],
        "extended": { "end": "2024-02-29", "benefitFrom": "payment_date" } } }));
    assert_eq!(
        start(&p, json!({ "paymentDate": "2024-02-10" })),
        "2024-02-10"
    );
    // Newborn windows in days: 90 days from birth.
    let p = with_rules(json!({ "newborn": { "windowDays": 90, "afterWindow": "payment_date" } }));
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2024-05-29", "birthDate": "2024-03-01" })
        ),
        "2024-03-01"
    );
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2024-05-31", "birthDate": "2024-03-01" })
        ),
        "2024-05-31"
    );
}

#[test]
fn exempt_groups_start_by_their_own_rule() {
    let mut v: Value =
        serde_json::from_str(include_str!("../src/policy/presets/cn-national-2025.json")).unwrap();
    v["id"] = json!("exempt");
    v["departments"] = json!([{ "id": "d", "name": { "zh": "民政局", "en": "Civil affairs" } }]);
    v["resident"]["groups"] = json!([{ "id": "veteran", "name": { "zh": "退役士兵", "en": "Discharged soldiers" }, "department": "d" }]);
    v["resident"]["collection"] =
        json!({ "periods": [{ "start": "2024-09-01", "end": "2024-12-31" }] });
    v["resident"]["waitingPeriod"]["exemptGroups"] = json!(["veteran"]);
    v["resident"]["waitingPeriod"]["exemptFrom"] = json!("first_of_next_month");
    let p = canbao::policy::from_value(&v).unwrap();
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2025-03-05", "groups": ["veteran"] })
        ),
        "2025-04-01"
    );
    // Not exempt: 3 fixed months, day to day.
    assert_eq!(
        start(&p, json!({ "paymentDate": "2025-03-05" })),
        "2025-06-05"
    );
    // A lapse, paid inside the period: 3 months from January 1 → April 1, whatever `from`
    // says about payment days (domain.md §4's example).
    let mut v2 = v.clone();
    v2["resident"]["waitingPeriod"]["from"] = json!("first_of_next_month");
    let p2 = canbao::policy::from_value(&v2).unwrap();
    assert_eq!(
        start(
            &p2,
            json!({ "paymentDate": "2024-10-10", "lapsedYears": 1 })
        ),
        "2025-04-01"
    );
    assert_eq!(
        start(&p2, json!({ "paymentDate": "2025-03-05" })),
        "2025-07-01"
    );
}

#[test]
fn university_students_with_their_own_amount_period_and_coverage() {
    let p = with_rules(json!({ "categories": [{
        "id": "university", "kind": "university_student", "name": { "zh": "大学生", "en": "University students" },
        "individual": "200.00",
        "periods": [{ "start": "2023-09-01", "end": "2023-11-30" }],
        "coverage": { "start": "2023-09-01", "end": "2024-08-31" }
    }] }));
    let c = run(
        &p,
        "residentContribution",
        json!({ "category": "university" }),
    )
    .unwrap();
    assert_eq!(c["payable"], "200.00");
    assert_eq!(
        start(
            &p,
            json!({ "paymentDate": "2023-10-10", "category": "university" })
        ),
        "2023-09-01"
    );
    // After the category's own period: a late payment (here from the payment date).
    let mut v = p.to_value();
    v["resident"]["latePayment"] = json!({});
    let p2 = canbao::policy::from_value(&v).unwrap();
    assert_eq!(
        start(
            &p2,
            json!({ "paymentDate": "2023-12-10", "category": "university" })
        ),
        "2024-01-01"
    );
    let e = run(&p, "residentContribution", json!({ "category": "nobody" })).unwrap_err();
    assert!(e.contains("nobody"), "{e}");
}
