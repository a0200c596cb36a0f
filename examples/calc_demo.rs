//! Prints a few calculations with their explanations: `cargo run --example calc_demo`.

use canbao::{api, id::Lang, policy};
use serde_json::json;

fn main() {
    let county = policy::preset("county-example-2024").expect("bundled preset");
    for (lang, input) in [
        (Lang::Zh, json!({"groups": ["dibao", "monitoring"]})),
        (Lang::En, json!({"groups": ["tekun", "dibao"]})),
    ] {
        println!(
            "{}",
            api::resident_contribution(&county, &input, lang).expect("valid input")
        );
    }
    let national = policy::preset("cn-national-2026").expect("bundled preset");
    let input = json!({"coverageYear": 2026, "paymentDate": "2025-12-01", "lapsedYears": 5, "extraYearsPaid": 1, "inCollectionPeriod": true});
    println!(
        "{}",
        api::benefit_start(&national, &input, Lang::Zh).expect("valid input")
    );
}
