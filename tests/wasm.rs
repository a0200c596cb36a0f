//! The shared vectors through the JavaScript-facing API, inside WebAssembly: run by
//! wasm-bindgen-test-runner in Node, and in headless Chromium (WASM_BINDGEN_USE_BROWSER=1).
#![cfg(target_arch = "wasm32")]

use canbao::wasm;
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

fn json(v: &JsValue) -> String {
    JSON::stringify(v).map(String::from).unwrap_or_default()
}

fn vectors() -> JsValue {
    JSON::parse(include_str!("vectors/ids.json")).unwrap()
}

/// Each field the vector states must match; objects compare key by key.
fn expect_fields(v: &JsValue, got: &JsValue, keys: &[&str]) {
    for &k in keys {
        let want = get(v, k);
        if want.is_undefined() {
            continue;
        }
        let g = get(got, k);
        if want.is_object() && !Array::is_array(&want) {
            for key in Object::keys(want.unchecked_ref::<Object>()).iter() {
                let key = key.as_string().unwrap();
                assert_eq!(
                    json(&get(&g, &key)),
                    json(&get(&want, &key)),
                    "{k}.{key} of {}",
                    json(&get(v, "input"))
                );
            }
        } else {
            assert_eq!(json(&g), json(&want), "{k} of {}", json(&get(v, "input")));
        }
    }
}

fn errors_as_pairs(result: &JsValue) -> JsValue {
    pairs_of(result, "errors")
}

fn pairs_of(result: &JsValue, key: &str) -> JsValue {
    Array::from(&get(result, key))
        .iter()
        .map(|e| -> JsValue { Array::of2(&get(&e, "code"), &get(&e, "at")).into() })
        .collect::<Array>()
        .into()
}

fn with_reference(v: &JsValue, reference: &JsValue) -> JsValue {
    let o = Object::new();
    let given = get(v, "options");
    if given.is_object() {
        Object::assign(&o, given.unchecked_ref());
    }
    if get(&o, "referenceDate").is_undefined() {
        Reflect::set(&o, &"referenceDate".into(), reference).unwrap();
    }
    o.into()
}

fn check_section(
    section: &str,
    f: impl Fn(JsValue, Option<JsValue>) -> Result<JsValue, JsValue>,
    keys: &[&str],
) {
    let all = vectors();
    let reference = get(&all, "referenceDate");
    let cases = Array::from(&get(&all, section));
    assert!(cases.length() > 0);
    for v in cases.iter() {
        let got = f(get(&v, "input"), Some(with_reference(&v, &reference)))
            .expect("no throw for invalid input");
        assert_eq!(
            get(&got, "ok"),
            get(&v, "ok"),
            "ok of {} → {}",
            json(&get(&v, "input")),
            json(&got)
        );
        expect_fields(&v, &got, keys);
        let want_errors = get(&v, "errors");
        if !want_errors.is_undefined() {
            assert_eq!(
                json(&errors_as_pairs(&got)),
                json(&want_errors),
                "errors of {}",
                json(&get(&v, "input"))
            );
        }
        let want_warnings = get(&v, "warnings");
        if !want_warnings.is_undefined() {
            assert_eq!(
                json(&pairs_of(&got, "warnings")),
                json(&want_warnings),
                "warnings of {}",
                json(&get(&v, "input"))
            );
        }
        for e in Array::from(&get(&got, "errors")).iter() {
            assert!(!get(&e, "message").as_string().unwrap().is_empty());
        }
    }
}

#[wasm_bindgen_test]
fn id_vectors() {
    check_section(
        "ids",
        wasm::validate_id,
        &["kind", "normalized", "birthDate", "sex", "age", "region"],
    );
}

#[wasm_bindgen_test]
fn upgrade_uscc_phone_vectors() {
    check_section("upgrade", wasm::upgrade_id15, &["normalized"]);
    check_section("uscc", wasm::validate_uscc, &["normalized"]);
    check_section("phone", wasm::validate_phone, &["normalized"]);
}

#[wasm_bindgen_test]
fn english_messages_on_request() {
    let en = JSON::parse(r#"{"lang":"en"}"#).unwrap();
    let r = wasm::validate_id("110105194912310021".into(), Some(en)).unwrap();
    let msg = get(&Array::from(&get(&r, "errors")).get(0), "message")
        .as_string()
        .unwrap();
    assert!(msg.starts_with("The check character"), "{msg}");
    let r = wasm::validate_id("110105194912310021".into(), None).unwrap();
    let msg = get(&Array::from(&get(&r, "errors")).get(0), "message")
        .as_string()
        .unwrap();
    assert!(msg.starts_with("校验位"), "{msg}");
}

#[wasm_bindgen_test]
fn batch_from_array_keeps_rows_and_refuses_numbers_that_lost_digits() {
    let cells = Array::new();
    cells.push(&"11010519491231002X".into());
    cells.push(&JsValue::from_f64(110105194912310020.0)); // what Excel hands over: digits lost
    cells.push(&JsValue::from_f64(110105491231002.0)); // 15 digits fit exactly in a double
    cells.push(&JsValue::NULL);
    cells.push(&"1101051949\n1231002X".into()); // Alt+Enter inside a cell: still one row
    let r = wasm::validate_ids(cells.into(), None).unwrap();
    assert_eq!(get(&r, "length").as_f64(), Some(5.0));
    let codes = Array::from(&get(&r, "errorCodes"));
    let error = js_sys::Uint8Array::new(&get(&r, "error")).to_vec();
    let names: Vec<String> = error
        .iter()
        .map(|&e| codes.get(e as u32).as_string().unwrap_or_default())
        .collect();
    assert_eq!(names, ["", "scientific_notation", "", "empty", ""]);
    assert_eq!(get(&r, "valid").as_f64(), Some(3.0));
}

#[wasm_bindgen_test]
fn batch_from_text() {
    // The final line end ends the last row; the blank line before it is a row.
    let r = wasm::validate_ids("11010519491231002X\n110105194912310021\n\n".into(), None).unwrap();
    assert_eq!(get(&r, "length").as_f64(), Some(3.0));
    assert_eq!(
        js_sys::Uint32Array::new(&get(&r, "birth")).to_vec(),
        [19491231, 0, 0]
    );
    assert_eq!(
        js_sys::Uint16Array::new(&get(&r, "at")).to_vec(),
        [65535, 17, 65535]
    );
}

#[wasm_bindgen_test]
fn misuse_throws_a_coded_error() {
    for bad in [
        r#"{"referenceDate":"2026-02-30"}"#,
        r#"{"length":17}"#,
        r#"{"kinds":["passport"]}"#,
        r#"{"strictRegion":"yes"}"#,
        r#"{"strictregion":true}"#,
        r#"{"lang":5}"#,
    ] {
        let e = wasm::validate_id("11010519491231002X".into(), Some(JSON::parse(bad).unwrap()))
            .expect_err(bad);
        assert_eq!(
            get(&e, "code").as_string().as_deref(),
            Some("invalid_option"),
            "{bad}"
        );
    }
    assert!(wasm::validate_ids(JsValue::from_f64(1.0), None).is_err());
}

#[wasm_bindgen_test]
fn string_columns_with_non_ascii_text_keep_every_row() {
    // The first encoding pass assumes ASCII; these rows force the second pass, including a
    // surrogate pair (emoji) and 3-byte characters, early and late in the column.
    let mut rows = vec![
        "１１０１０５１９４９１２３１００２Ｘ".to_string(),
        "参保😀".to_string(),
    ];
    for i in 0..2000 {
        rows.push(if i % 3 == 0 {
            "11010519491231002X".into()
        } else {
            format!("11010519491231002{i}")
        });
    }
    rows.push("‘110105491231002’".into());
    let text = rows.join("\n");
    let r = wasm::validate_ids(text.clone().into(), None).unwrap();
    let native =
        canbao::id::validate_column(&text, &canbao::id::Options::new(today_for_tests()), false);
    assert_eq!(get(&r, "length").as_f64(), Some(rows.len() as f64));
    assert_eq!(
        js_sys::Uint8Array::new(&get(&r, "error")).to_vec(),
        native.errors
    );
    assert_eq!(get(&r, "valid").as_f64(), Some(native.valid as f64));
    assert_eq!(
        js_sys::Uint8Array::new(&get(&r, "error")).to_vec()[..2],
        [0, 3]
    );
}

/// The page's local date, as the edge uses by default.
fn today_for_tests() -> canbao::id::Date {
    let now = js_sys::Date::new_0();
    canbao::id::Date::new(
        now.get_full_year() as u16,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    .unwrap()
}

#[path = "support/subset.rs"]
mod subset;

/// The worked examples of tests/vectors/calc.json through the calculation exports.
#[wasm_bindgen_test]
fn calc_vectors() {
    use canbao::wasm::calc;
    let v: serde_json::Value = serde_json::from_str(include_str!("vectors/calc.json")).unwrap();
    let presets = calc::preset_policies().unwrap();
    let policy_for = |name: &str| -> JsValue {
        match v["policies"].get(name) {
            Some(p) => JSON::parse(&p.to_string()).unwrap(),
            None => presets
                .iter()
                .find(|p| get(p, "id").as_string().as_deref() == Some(name))
                .unwrap(),
        }
    };
    for c in v["cases"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let input = JSON::parse(&c["input"].to_string()).unwrap();
        let policy = c["policy"]
            .as_str()
            .map(policy_for)
            .unwrap_or(JsValue::NULL);
        let got = match c["fn"].as_str().unwrap() {
            "residentContribution" => calc::resident_contribution(policy, input, None),
            "householdContribution" => calc::household_contribution(policy, input, None),
            "benefitStart" => calc::benefit_start(policy, input, None),
            "employeeContribution" => calc::employee_contribution(policy, input, None),
            "refundEligibility" => calc::refund_eligibility(policy, input, None),
            "departmentBudget" => calc::department_budget(policy, input, None),
            "catastrophicCap" => calc::catastrophic_cap(policy, input, None),
            "coverageTable" => calc::coverage_table(input, None),
            other => panic!("unknown function {other}"),
        };
        match got {
            Ok(r) => {
                let r: serde_json::Value = serde_json::from_str(&json(&r)).unwrap();
                subset::subset(&c["expect"], &r, "").unwrap_or_else(|m| panic!("{name}: {m}"));
            }
            Err(e) => {
                assert_eq!(
                    get(&e, "code").as_string().as_deref(),
                    c["error"]["code"].as_str(),
                    "{name}"
                );
                let problems: serde_json::Value =
                    serde_json::from_str(&json(&get(&e, "problems"))).unwrap();
                let want = c["error"]["problems"].as_array().unwrap();
                assert_eq!(problems.as_array().unwrap().len(), want.len(), "{name}");
                for (w, g) in want.iter().zip(problems.as_array().unwrap()) {
                    assert_eq!((&w["path"], &w["code"]), (&g["path"], &g["code"]), "{name}");
                }
            }
        }
    }
}

/// The shared token vectors inside WebAssembly (in Node and in Chromium): the same secret gives
/// the same tokens as natively and through the package.
#[wasm_bindgen_test]
fn token_vectors() {
    use canbao::wasm::tokens;
    let v: serde_json::Value = serde_json::from_str(include_str!("vectors/tokens.json")).unwrap();
    let secret = JsValue::from_str(v["secret"].as_str().unwrap());
    let opts = || -> Option<JsValue> {
        Some(
            JSON::parse(&format!(
                r#"{{"bits":256,"insecure":true,"referenceDate":{}}}"#,
                v["referenceDate"]
            ))
            .unwrap(),
        )
    };
    for (scheme, fp) in v["fingerprints"].as_object().unwrap() {
        let got = tokens::key_fingerprint(secret.clone(), scheme.as_str().into(), opts()).unwrap();
        assert_eq!(&got, fp.as_str().unwrap());
    }
    for c in v["cases"].as_array().unwrap() {
        let field = c["field"].as_str().unwrap();
        let rows = JSON::parse(&format!(r#"[{{"{field}":{}}}]"#, c["input"])).unwrap();
        let fields = JSON::parse(&format!(r#"["{field}"]"#)).unwrap();
        let r = tokens::tokenize(
            secret.clone(),
            c["scheme"].as_str().unwrap().into(),
            fields,
            rows,
            opts(),
        )
        .unwrap();
        let got: serde_json::Value = serde_json::from_str(&json(&r)).unwrap();
        assert_eq!(got["rows"][0][field], c["token"], "{}", c["input"]);
    }
}
