//! Fuzzes the policy loader and the calculations: any bytes as a policy file must give a
//! policy or a list of problems (never a panic, never an empty list); every policy that loads
//! must survive every calculation on a spread of inputs, and must load again from the presets'
//! own shape. Seeds: the bundled presets (fuzz/seeds/policy_json/).
#![no_main]

use canbao::{api, id::Lang, policy::Policy};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let policy = match Policy::from_json(text) {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.issues.is_empty());
            return;
        }
    };
    let groups: Vec<String> = policy
        .resident
        .as_ref()
        .map(|r| r.groups.iter().map(|g| g.id.clone()).collect())
        .unwrap_or_default();
    let year = policy.coverage_year;
    let inputs = [
        ("residentContribution", json!({ "groups": groups })),
        ("residentContribution", json!({ "groups": groups, "paymentDate": format!("{year}-03-01") })),
        ("householdContribution", json!([{ "groups": groups }, {}])),
        ("departmentBudget", json!([{ "groups": groups }, {}])),
        ("employeeContribution", json!({ "wage": "0" })),
        ("catastrophicCap", json!({ "continuousYears": 100, "claimFreeYears": 100 })),
        ("catastrophicCap", json!({ "continuousYears": 5, "baseCap": "999999999.99" })),
        ("employeeContribution", json!({ "wage": "999999999.99", "kind": "flexible" })),
        ("refundEligibility", json!({ "paymentDate": format!("{}-10-01", year - 1), "requestDate": format!("{year}-02-01"), "reason": "paid_twice" })),
    ];
    for (f, input) in inputs.iter() {
        let _ = api::run(f, Some(&policy), input, Lang::Zh);
    }
    for (paid, lapsed, extra, birth, in_period) in [
        (format!("{}-09-15", year - 1), 0, 0, None, Some(true)),
        (format!("{year}-12-31"), 9, 3, Some(format!("{year}-01-31")), Some(false)),
        (format!("{year}-02-29"), 100, 100, Some(format!("{year}-02-29")), None),
    ] {
        let mut e = json!({ "coverageYear": year, "paymentDate": paid, "lapsedYears": lapsed, "extraYearsPaid": extra, "groups": groups });
        if let Some(b) = birth {
            e["birthDate"] = json!(b);
        }
        if let Some(p) = in_period {
            e["inCollectionPeriod"] = json!(p);
        }
        let _ = api::run("benefitStart", Some(&policy), &e, Lang::En);
    }
});
