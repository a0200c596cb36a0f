//! Identity numbers for JavaScript: single values and whole columns.

use js_sys::{Array, Object, Reflect, Uint16Array, Uint32Array, Uint8Array, JSON};
use wasm_bindgen::prelude::*;

use super::{js_str, lang_option, misuse, opt_bool, opt_date, option_entries, today, with_utf8};
use crate::id::{self, ErrorCode, Kind, Options, Problem, Problems, RegionCheck};
use crate::json::{self, JsonObject};
use crate::lang::Lang;

/// True if any element of `arr` is a finite number. Runs `arr.some(Number.isFinite)` inside
/// the JS engine: one call, no crossing per element. (`Number.isFinite` does not coerce, so it
/// is true for number values only.)
fn has_number(arr: &Array) -> bool {
    let call = || -> Option<bool> {
        let number = Reflect::get(&js_sys::global(), &"Number".into()).ok()?;
        let is_finite = Reflect::get(&number, &"isFinite".into()).ok()?;
        let some: js_sys::Function = Reflect::get(arr, &"some".into()).ok()?.dyn_into().ok()?;
        some.call1(arr, &is_finite).ok()?.as_bool()
    };
    // If the check itself fails, take the element-by-element path, which is always correct.
    call().unwrap_or(true)
}

/// A plain JS object under construction.
struct Obj(Object);

impl Obj {
    fn new() -> Obj {
        Obj(Object::new())
    }
    fn set(self, key: &'static str, value: impl Into<JsValue>) -> Obj {
        // Setting a data property on a fresh plain object cannot fail.
        let _ = Reflect::set(&self.0, &js_str(key), &value.into());
        self
    }
    fn done(self) -> JsValue {
        self.0.into()
    }
}

pub(super) struct JsOptions {
    pub(super) opts: Options,
    pub(super) lang: Lang,
    normalized: bool,
    /// Whether the caller gave `referenceDate` (else `opts.reference` is today).
    pub(super) dated: bool,
}

pub(super) fn parse_options(options: Option<JsValue>) -> Result<JsOptions, JsValue> {
    let mut lang = Lang::Zh;
    let mut reference = None;
    let mut strict_region = None;
    let mut region_check = None;
    let mut length = None;
    let mut kinds: Option<Vec<Kind>> = None;
    let mut normalized = false;
    const KNOWN: &[&str] = &[
        "lang",
        "referenceDate",
        "strictRegion",
        "regionCheck",
        "length",
        "kinds",
        "normalized",
    ];
    for (key, value) in option_entries(options, KNOWN)? {
        match key {
            "lang" => lang = lang_option(&value)?,
            "referenceDate" => reference = Some(opt_date(&value, key)?),
            "strictRegion" => strict_region = Some(opt_bool(&value, key)?),
            "regionCheck" => {
                region_check = Some(
                    value
                        .as_string()
                        .and_then(|s| RegionCheck::from_name(&s))
                        .ok_or_else(|| {
                            misuse("options.regionCheck must be 'strict', 'known' or 'lenient'")
                        })?,
                )
            }
            "length" => match value.as_f64() {
                Some(l) if l == 15.0 || l == 18.0 => length = Some(l as u8),
                _ => return Err(misuse("options.length must be 15 or 18")),
            },
            "kinds" => {
                if !Array::is_array(&value) {
                    return Err(misuse("options.kinds must be an array of kind names"));
                }
                let list: Option<Vec<Kind>> = Array::from(&value)
                    .iter()
                    .map(|k| k.as_string().and_then(|s| Kind::from_name(&s)))
                    .collect();
                kinds = Some(list.ok_or_else(|| misuse("options.kinds has an unknown kind name"))?);
            }
            // "normalized": the only other key `option_entries` lets through.
            _ => normalized = opt_bool(&value, key)?,
        }
    }
    let mut opts = Options::new(reference.unwrap_or_else(today));
    // `strictRegion: true` is the earlier spelling of `regionCheck: 'strict'`.
    opts.region = match (region_check, strict_region) {
        (Some(r), None) => r,
        (None, Some(true)) => RegionCheck::Strict,
        (None, Some(false) | None) => RegionCheck::Known,
        (Some(r), Some(s)) if (r == RegionCheck::Strict) == s => r,
        (Some(_), Some(_)) => {
            return Err(misuse(
                "options.strictRegion and options.regionCheck disagree: give regionCheck only",
            ))
        }
    };
    opts.length = length;
    if let Some(k) = kinds {
        opts = opts.only(&k);
    }
    Ok(JsOptions {
        opts,
        lang,
        normalized,
        dated: reference.is_some(),
    })
}

/// Text of one cell: strings as they are; integers only when exact (a number above 2^53 has
/// lost digits, as in Excel's scientific notation); null/undefined as empty.
fn cell_text(v: &JsValue) -> Result<String, Problem> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if v.is_undefined() || v.is_null() {
        return Ok(String::new());
    }
    if let Some(f) = v.as_f64() {
        const MAX_SAFE: f64 = 9007199254740991.0;
        if f.is_finite() && f.fract() == 0.0 && f.abs() <= MAX_SAFE {
            return Ok(format!("{}", f as i64));
        }
        if f.is_finite() && f.abs() > MAX_SAFE {
            return Err(Problem::new(ErrorCode::ScientificNotation));
        }
    }
    Err(Problem::new(ErrorCode::InvalidCharacter))
}

/// Turns JSON text built by [`json::JsonObject`] into a JS value in one call.
fn parsed(json: String) -> Result<JsValue, JsValue> {
    JSON::parse(&json)
}

fn errors_json(ps: &Problems, lang: Lang) -> String {
    json::array(ps.as_slice().iter().map(|p| {
        JsonObject::new()
            .str("code", p.code.code())
            .str("message", p.code.message(lang))
            .opt_num("at", p.at)
            .end()
    }))
}

/// `{ ok: false, normalized, errors }`, to be completed with the kind's other fields as null.
fn failure(normalized: Option<&str>, ps: &Problems, lang: Lang) -> JsonObject {
    JsonObject::new()
        .bool("ok", false)
        .opt_str("normalized", normalized)
        .raw("errors", &errors_json(ps, lang))
}

/// Runs a validator on a cell's text (a cell that is not text becomes its own problem).
fn on_text<T>(text: &JsValue, f: impl FnOnce(&str) -> Result<T, Problems>) -> Result<T, Problems> {
    cell_text(text).map_err(Problems::one).and_then(|t| f(&t))
}

/// `{ ok, normalized, errors }` for validators whose answer is one cleaned string.
fn normalized_result(res: Result<String, Problems>, lang: Lang) -> Result<JsValue, JsValue> {
    parsed(normalized_json(&res, lang))
}

fn normalized_json(res: &Result<String, Problems>, lang: Lang) -> String {
    match res {
        Ok(s) => JsonObject::new()
            .bool("ok", true)
            .str("normalized", s)
            .raw("errors", "[]")
            .end(),
        Err(ps) => failure(None, ps, lang).end(),
    }
}

fn region_json(r: &id::Region) -> String {
    JsonObject::new()
        .str("code", &format!("{:06}", r.code))
        .opt_str("province", r.province)
        .opt_str("prefecture", r.prefecture)
        .opt_str("county", r.county)
        .bool("abolished", r.abolished)
        .end()
}

fn id_result(value: &JsValue, jo: &JsOptions) -> Result<JsValue, JsValue> {
    let checked = cell_text(value)
        .map_err(|p| id::Invalid {
            kind: None,
            normalized: None,
            problems: Problems::one(p),
        })
        .and_then(|text| id::validate_id(&text, &jo.opts));
    parsed(id_json(&checked, jo.lang))
}

/// The `IdResult` object of a verdict, as JSON.
fn id_json(checked: &Result<id::IdNumber, id::Invalid>, lang: Lang) -> String {
    match checked {
        Ok(n) => JsonObject::new()
            .bool("ok", true)
            .str("kind", n.kind.name())
            .str("normalized", &n.normalized)
            .raw(
                "region",
                &n.region
                    .as_ref()
                    .map_or_else(|| "null".to_string(), region_json),
            )
            .str("birthDate", &n.birth.to_string())
            .opt_str("sex", n.sex.map(|s| s.name()))
            .num("age", n.age as u32)
            .raw("errors", "[]")
            .raw("warnings", &errors_json(&n.warnings, lang))
            .end(),
        Err(e) => failure(e.normalized.as_deref(), &e.problems, lang)
            .opt_str("kind", e.kind.map(Kind::name))
            .null("region")
            .null("birthDate")
            .null("sex")
            .null("age")
            .raw("warnings", "[]")
            .end(),
    }
}

/// Checks an enrollment form with the library's field rules (the intake page's): name,
/// identity number (the kinds an enrollment accepts; a legacy 15-digit number is offered in
/// its 18-digit form), mobile number and household address (missing ones count as empty),
/// and each further field of a registration form the form has (document type, 民族, 户籍性质,
/// township and village, category, year, relation to the householder, a newborn's birth
/// certificate and guardian). Every field's problem, with the identity and phone verdicts
/// and the person's birth date and sex.
#[wasm_bindgen(js_name = checkEnrollment, unchecked_return_type = "EnrollmentCheck")]
pub fn check_enrollment(
    #[wasm_bindgen(unchecked_param_type = "EnrollmentForm")] form: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IdOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let jo = parse_options(options)?;
    let f = super::form_values(&form, false)?;
    let c = crate::intake::check_form(&crate::intake::Form::from_fields(&f.values), &jo.opts);
    let problems = json::array(c.problems.iter().map(|p| {
        JsonObject::new()
            .str("field", p.field)
            .str("code", p.code)
            .str("message", p.message(jo.lang))
            .opt_str("suggestion", p.suggestion.as_deref())
            .end()
    }));
    let phone = normalized_json(&c.phone, jo.lang);
    parsed(
        JsonObject::new()
            .bool("ok", c.problems.is_empty())
            .raw("problems", &problems)
            .raw("id", &id_json(&c.id, jo.lang))
            .raw("phone", &phone)
            .opt_str("birthDate", c.birth.map(|(d, _)| d.to_string()).as_deref())
            .opt_str("sex", c.birth.and_then(|(_, s)| s).map(|s| s.name()))
            .end(),
    )
}

/// Validates one personal identity number (resident ID 18/15, HK/Macau/Taiwan residence
/// permit, foreigner's permanent residence ID).
#[wasm_bindgen(js_name = validateId, unchecked_return_type = "IdResult")]
pub fn validate_id(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IdOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let jo = parse_options(options)?;
    id_result(&text, &jo)
}

/// Upgrades a valid legacy 15-digit resident ID to its 18-digit form.
#[wasm_bindgen(js_name = upgradeId15, unchecked_return_type = "UpgradeResult")]
pub fn upgrade_id15(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IdOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let jo = parse_options(options)?;
    normalized_result(on_text(&text, |t| id::upgrade15(t, &jo.opts)), jo.lang)
}

/// Validates a Unified Social Credit Code (GB 32100-2015).
#[wasm_bindgen(js_name = validateUscc, unchecked_return_type = "UsccResult")]
pub fn validate_uscc(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let jo = parse_options(options)?;
    parsed(match on_text(&text, id::validate_uscc) {
        Ok(u) => JsonObject::new()
            .bool("ok", true)
            .str("normalized", &u.normalized)
            .str("department", &u.department.to_string())
            .str("orgType", &u.org_type.to_string())
            .str("regionCode", &format!("{:06}", u.region_code))
            .str("orgCode", &u.org_code)
            .raw("errors", "[]")
            .end(),
        Err(ps) => failure(None, &ps, jo.lang)
            .null("department")
            .null("orgType")
            .null("regionCode")
            .null("orgCode")
            .end(),
    })
}

/// Validates a mainland mobile number; `normalized` is the 11-digit form.
#[wasm_bindgen(js_name = validatePhone, unchecked_return_type = "PhoneResult")]
pub fn validate_phone(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let jo = parse_options(options)?;
    normalized_result(on_text(&text, id::validate_phone), jo.lang)
}

/// Validates a whole column in one call: newline-separated text (a string, or UTF-8 bytes as a
/// Uint8Array), or an array of cells.
/// Returns compact columnar results (typed arrays), one entry per row, in order.
#[wasm_bindgen(js_name = validateIds, unchecked_return_type = "IdBatchResult")]
pub fn validate_ids(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | readonly unknown[]")]
    column: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IdBatchOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let jo = parse_options(options)?;
    let result = if column.is_string() {
        with_utf8(&column, |b| {
            id::validate_column_bytes(b, &jo.opts, jo.normalized)
        })
        .ok_or_else(|| misuse("TextEncoder is not available"))?
    } else if let Some(bytes) = column.dyn_ref::<Uint8Array>() {
        id::validate_column_bytes(&bytes.to_vec(), &jo.opts, jo.normalized)
    } else if Array::is_array(&column) {
        let arr = Array::from(&column);
        let len = arr.length() as usize;
        // Numbers must not be joined: a number above 2^53 has lost digits and would print as
        // a plausible-looking integer.
        // Every cell is followed by a line end, so that a last empty cell stays a row (the
        // text's final line end ends its last row).
        // A cell that cannot be turned into text (a symbol, an object whose toString throws)
        // makes the join throw: such a column takes the element-by-element path too.
        let joined = if len == 0 || has_number(&arr) {
            None
        } else {
            Reflect::get(&arr, &"join".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|join| join.call1(&arr, &js_str("\n")).ok())
                .and_then(|j| j.dyn_into::<js_sys::JsString>().ok())
                .map(|j| JsValue::from(j.concat(&js_str("\n"))))
        };
        // One crossing for a column without numbers, unless a cell itself holds a newline.
        let whole = joined.and_then(|j| {
            with_utf8(&j, |b| {
                let rows = b.iter().filter(|&&c| c == b'\n').count();
                (rows == len).then(|| id::validate_column_bytes(b, &jo.opts, jo.normalized))
            })
            .flatten()
        });
        match whole {
            Some(r) => r,
            None => {
                let cells: Vec<Result<String, Problem>> =
                    arr.iter().map(|v| cell_text(&v)).collect();
                batch_cells(&cells, &jo)
            }
        }
    } else {
        return Err(misuse("validateIds takes a string (one value per line), a Uint8Array of UTF-8 text, or an array"));
    };
    Ok(batch_js(&result, jo.lang))
}

/// Slow path for arrays with non-string cells or cells containing newlines.
fn batch_cells(cells: &[Result<String, Problem>], jo: &JsOptions) -> id::BatchResult {
    // A cell that could not be read as text is validated as empty, then its own problem
    // (e.g. a number that lost digits) replaces the result of that row.
    let texts: Vec<&str> = cells.iter().map(|c| c.as_deref().unwrap_or("")).collect();
    let mut r = id::validate_rows(texts.iter().copied(), &jo.opts, jo.normalized);
    for (i, c) in cells.iter().enumerate() {
        if let Err(p) = c {
            if r.errors[i] == 0 {
                r.valid -= 1;
            }
            r.kinds[i] = 0;
            r.errors[i] = p.code.number();
            r.at[i] = id::BatchResult::NO_POSITION;
            r.births[i] = 0;
            r.sexes[i] = 0;
        }
    }
    r
}

fn batch_js(r: &id::BatchResult, lang: Lang) -> JsValue {
    let kinds: Array = std::iter::once(JsValue::NULL)
        .chain(Kind::ALL.iter().map(|k| k.name().into()))
        .collect();
    let codes: Array = std::iter::once(JsValue::NULL)
        .chain(ErrorCode::ALL.iter().map(|c| c.code().into()))
        .collect();
    let messages: Array = std::iter::once(JsValue::NULL)
        .chain(ErrorCode::ALL.iter().map(|c| c.message(lang).into()))
        .collect();
    let mut o = Obj::new()
        .set("length", r.len() as u32)
        .set("valid", r.valid as u32)
        .set("kind", Uint8Array::from(&r.kinds[..]))
        .set("error", Uint8Array::from(&r.errors[..]))
        .set("at", Uint16Array::from(&r.at[..]))
        .set("birth", Uint32Array::from(&r.births[..]))
        .set("sex", Uint8Array::from(&r.sexes[..]))
        .set("kindNames", kinds)
        .set("errorCodes", codes)
        .set("errorMessages", messages);
    if let Some(n) = &r.normalized {
        o = o.set(
            "normalized",
            n.iter().map(|s| JsValue::from_str(s)).collect::<Array>(),
        );
    }
    if let Some(w) = &r.warnings {
        o = o.set("warning", Uint8Array::from(&w[..]));
    }
    o.done()
}

/// The last year covered by the bundled GB/T 2260 region data.
#[wasm_bindgen(js_name = regionDataThrough)]
pub fn region_data_through() -> u16 {
    id::region::DATA_THROUGH
}

/// Every error code with its messages, for documentation and UI tables.
#[wasm_bindgen(js_name = errorCatalog, unchecked_return_type = "ErrorCatalogEntry[]")]
pub fn error_catalog() -> Array {
    ErrorCode::ALL
        .iter()
        .map(|c| {
            Obj::new()
                .set("code", c.code())
                .set("zh", c.message(Lang::Zh))
                .set("en", c.message(Lang::En))
                .done()
        })
        .collect()
}
