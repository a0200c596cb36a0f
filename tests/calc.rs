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
