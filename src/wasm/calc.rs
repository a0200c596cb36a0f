//! The calculations for JavaScript: policies and requests arrive as plain objects (or JSON
//! text), cross once as JSON, are read by [`crate::input`] with field paths, and results come
//! back as one `JSON.parse`d object. Problems throw an `Error` whose `code` is
//! `invalid_policy` or `invalid_input` and whose `problems` lists each `{ path, code, message }`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;

use super::{js_str, lang_option, misuse, option_entries};
use crate::api;
use crate::input::{parse_json, Invalid, Issue, IssueCode};
use crate::lang::Lang;
use crate::policy::{Policy, PRESETS};

thread_local! {
    /// The last policy read, by its JSON text: a form recomputing on every change reads the
    /// policy once.
    static LAST_POLICY: RefCell<Option<(String, Rc<Policy>)>> = const { RefCell::new(None) };
}

/// The thrown error for rejected input.
fn invalid(e: &Invalid, lang: Lang) -> JsValue {
    let err = js_sys::Error::new(&api::error_message(e, lang));
    let problems = JSON::parse(&api::error_json(e, lang))
        .and_then(|v| Reflect::get(&v, &js_str("problems")))
        .unwrap_or_else(|_| Array::new().into());
    let _ = Reflect::set(&err, &js_str("code"), &api::error_code(e).into());
    let _ = Reflect::set(&err, &js_str("problems"), &problems);
    err.into()
}

/// JSON text of a JS value (`what`: "policy" or "input", for the error): strings are taken
/// as JSON text already. A number that is not finite (NaN, ±Infinity: what a form field that
/// did not parse gives) is rejected with its path, where JSON would make it null, which the
/// readers take as a field not given.
fn json_text(v: &JsValue, what: &'static str, lang: Lang) -> Result<String, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    let s = JSON::stringify(v).map_err(|_| misuse("the value cannot be turned into JSON"))?;
    // JSON.stringify(undefined) is undefined: read as null, which the readers report.
    let text = s.as_string().unwrap_or_else(|| "null".to_string());
    // Only text with a null can hold one (a second pass, for those only).
    if text.contains("null") {
        if let Some((key, shown)) = non_finite(v, "", 0) {
            return Err(invalid(
                &Invalid::one(
                    what,
                    Issue::new(
                        key,
                        IssueCode::WrongType,
                        format!("应为有限的数，实际是 {shown}"),
                        format!("must be a finite number, not {shown}"),
                    ),
                ),
                lang,
            ));
        }
    }
    Ok(text)
}

/// The path of the first number in `v` that is not finite (as the readers write paths:
/// `resident.waitingPeriod.fixedMonths`, `[2].lapsedYears`), and how JavaScript shows it.
/// Walked only for text that has a null; `JSON.stringify` has already refused cycles.
fn non_finite(v: &JsValue, path: &str, depth: u32) -> Option<(String, &'static str)> {
    if let Some(x) = v.as_f64() {
        return match x {
            x if x.is_nan() => Some((path.to_string(), "NaN")),
            x if x == f64::INFINITY => Some((path.to_string(), "Infinity")),
            x if x == f64::NEG_INFINITY => Some((path.to_string(), "-Infinity")),
            _ => None,
        };
    }
    if depth > 64 || !v.is_object() {
        return None;
    }
    if Array::is_array(v) {
        return Array::from(v)
            .iter()
            .enumerate()
            .find_map(|(i, e)| non_finite(&e, &format!("{path}[{i}]"), depth + 1));
    }
    js_sys::Object::entries(v.unchecked_ref())
        .iter()
        .find_map(|entry| {
            let pair = Array::from(&entry);
            let key = pair.get(0).as_string()?;
            let at = if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            };
            non_finite(&pair.get(1), &at, depth + 1)
        })
}

/// Reads `{ lang?, <extras>? }` by the options convention ([`option_entries`]). Returns the
/// language and the extra keys given, with their values.
fn options(
    options: Option<JsValue>,
    extras: &[&'static str],
) -> Result<(Lang, Vec<(String, JsValue)>), JsValue> {
    let known: Vec<&'static str> = std::iter::once("lang")
        .chain(extras.iter().copied())
        .collect();
    let mut lang = Lang::Zh;
    let mut found = Vec::new();
    for (key, value) in option_entries(options, &known)? {
        match key {
            "lang" => lang = lang_option(&value)?,
            _ => found.push((key.to_string(), value)),
        }
    }
    Ok((lang, found))
}

/// Reads and validates a policy (object or JSON text), reusing the last one read.
fn policy(v: &JsValue, lang: Lang) -> Result<Rc<Policy>, JsValue> {
    let text = json_text(v, "policy", lang)?;
    if let Some(p) = LAST_POLICY.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(t, _)| *t == text)
            .map(|(_, p)| p.clone())
    }) {
        return Ok(p);
    }
    let p = Rc::new(Policy::from_json(&text).map_err(|e| invalid(&e, lang))?);
    LAST_POLICY.with(|c| *c.borrow_mut() = Some((text, p.clone())));
    Ok(p)
}

/// A request object, as JSON (a string is a string value here, not JSON text).
fn input(v: &JsValue, lang: Lang) -> Result<serde_json::Value, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(serde_json::Value::String(s));
    }
    parse_json(&json_text(v, "input", lang)?, "input").map_err(|e| invalid(&e, lang))
}

type Calc = fn(&Policy, &serde_json::Value, Lang) -> Result<String, Invalid>;

fn calculate(calc: Calc, p: &JsValue, v: &JsValue, o: Option<JsValue>) -> Result<JsValue, JsValue> {
    let (lang, _) = options(o, &[])?;
    let p = policy(p, lang)?;
    let v = input(v, lang)?;
    let out = calc(&p, &v, lang).map_err(|e| invalid(&e, lang))?;
    JSON::parse(&out)
}

/// The bundled policies: national minimums for coverage years 2024–2026, the county example
/// of 2024 and three cities' employee schemes.
#[wasm_bindgen(js_name = presetPolicies, unchecked_return_type = "Policy[]")]
pub fn preset_policies() -> Result<Array, JsValue> {
    PRESETS.iter().map(|t| JSON::parse(t)).collect()
}

/// Validates a policy (an object or JSON text) and returns it whole, in the current format:
/// a policy written on a `base` comes back with the base's rules filled in, a format-1 file
/// in format 2, every default written out. Throws an `Error` with `code: "invalid_policy"`
/// and every problem in `problems`.
#[wasm_bindgen(js_name = loadPolicy, unchecked_return_type = "Policy")]
pub fn load_policy(
    #[wasm_bindgen(unchecked_param_type = "Policy | string | Record<string, unknown>")]
    json: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options_: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let (lang, _) = options(options_, &[])?;
    let p = policy(&json, lang)?;
    JSON::parse(&p.to_value().to_string())
}

/// One person's resident contribution: subsidy applied, what they pay, the fiscal part.
#[wasm_bindgen(js_name = residentContribution, unchecked_return_type = "ResidentContribution")]
pub fn resident_contribution(
    #[wasm_bindgen(unchecked_param_type = "Policy | string")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PersonInput")] person: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    calculate(api::resident_contribution, &policy, &person, options)
}

/// A household's contributions and totals.
#[wasm_bindgen(js_name = householdContribution, unchecked_return_type = "HouseholdContribution")]
pub fn household_contribution(
    #[wasm_bindgen(unchecked_param_type = "Policy | string")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "readonly PersonInput[]")] members: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    calculate(api::household_contribution, &policy, &members, options)
}

/// When benefits start, with the waiting months and ways to shorten them.
#[wasm_bindgen(js_name = benefitStart, unchecked_return_type = "BenefitStartResult")]
pub fn benefit_start(
    #[wasm_bindgen(unchecked_param_type = "Policy | string")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EnrollmentInput")] enrollment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    calculate(api::benefit_start, &policy, &enrollment, options)
}

/// What a person registering at a desk pays (the contribution, subsidy applied) and when
/// benefits start, for the policy's coverage year; `category` is the form's 参保类别 (a kind),
/// priced by the policy's category of that kind.
#[wasm_bindgen(js_name = enrollmentQuote, unchecked_return_type = "EnrollmentQuote")]
pub fn enrollment_quote(
    #[wasm_bindgen(unchecked_param_type = "Policy | string")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "QuoteInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    calculate(api::enrollment_quote, &policy, &input, options)
}

/// Employee-scheme contribution for a monthly wage (or a flexible worker's chosen base).
#[wasm_bindgen(js_name = employeeContribution, unchecked_return_type = "EmployeeContributionResult")]
pub fn employee_contribution(
    #[wasm_bindgen(unchecked_param_type = "Policy | string")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WageInput")] wage: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    calculate(api::employee_contribution, &policy, &wage, options)
}

/// Whether a resident-scheme payment can be refunded.
#[wasm_bindgen(js_name = refundEligibility, unchecked_return_type = "RefundResult")]
pub fn refund_eligibility(
    #[wasm_bindgen(unchecked_param_type = "Policy | string")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RefundInput")] payment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    calculate(api::refund_eligibility, &policy, &payment, options)
}

/// The catastrophic-illness insurance cap raised for continuous, claim-free years.
#[wasm_bindgen(js_name = catastrophicCap, unchecked_return_type = "CatastrophicCapResult")]
pub fn catastrophic_cap(
    #[wasm_bindgen(unchecked_param_type = "Policy | string")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CapInput")] record: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    calculate(api::catastrophic_cap, &policy, &record, options)
}

/// Subsidy totals for a list of people, by responsible department.
#[wasm_bindgen(js_name = departmentBudget, unchecked_return_type = "DepartmentBudget")]
pub fn department_budget(
    #[wasm_bindgen(unchecked_param_type = "Policy | string")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "readonly PersonInput[]")] people: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    calculate(api::department_budget, &policy, &people, options)
}

/// The coverage table: per unit and in total, sorted by coverage rate.
#[wasm_bindgen(js_name = coverageTable, unchecked_return_type = "CoverageTable")]
pub fn coverage_table(
    #[wasm_bindgen(unchecked_param_type = "readonly CoverageInputRow[]")] rows: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CoverageOptions")] options_: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let (lang, extras) = options(options_, &["order", "csv"])?;
    let mut m = serde_json::Map::new();
    for (k, v) in extras {
        m.insert(k, input(&v, lang)?);
    }
    let opts = Some(serde_json::Value::Object(m));
    let out = api::coverage_table(&input(&rows, lang)?, opts.as_ref(), lang)
        .map_err(|e| invalid(&e, lang))?;
    JSON::parse(&out)
}
