//! The JavaScript edge: the only module with `#[wasm_bindgen]`. Thin adapters that turn the
//! core's typed results into plain JS objects, messages in the caller's language.
//!
//! Two WebAssembly modules are built from this crate (see tools/build-pkg.sh): with the `ids`
//! feature, identity numbers (the small, fast intake-form module, `canbao`); with `calc`,
//! policies and calculations (`canbao/calc`). Tests build both into one.
//!
//! Invalid input never throws: it gives `{ ok: false, errors: [{ code, message, at }] }`.
//! Misuse (a malformed option) throws an `Error` whose `code` is `"invalid_option"`; a bad
//! policy or calculation request throws `invalid_policy` / `invalid_input` with `problems`.

#[cfg(any(feature = "ids", feature = "tokens"))]
use std::cell::RefCell;

use js_sys::Reflect;
#[cfg(any(feature = "ids", feature = "tokens"))]
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[cfg(any(feature = "ids", feature = "tokens", feature = "roster"))]
use crate::date::Date;

#[cfg(feature = "calc")]
pub mod calc;
#[cfg(feature = "roster")]
mod campaign;
#[cfg(feature = "ids")]
mod id_fast;
#[cfg(feature = "ids")]
mod ids;
#[cfg(feature = "roster")]
pub mod roster;
#[cfg(feature = "tokens")]
pub mod tokens;
mod types;

#[cfg(feature = "ids")]
pub use ids::*;

/// A JS string for a static Rust string, decoded once and then taken from wasm-bindgen's
/// intern cache (property names of options, results and the TextEncoder API).
fn js_str(s: &'static str) -> JsValue {
    JsValue::from_str(wasm_bindgen::intern(s))
}

/// Throws for misuse: an `Error` with `code = "invalid_option"`.
fn misuse(message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = Reflect::set(&e, &"code".into(), &"invalid_option".into());
    e.into()
}

/// The options convention, the same for every function of every module that takes options:
///
/// - the options argument may be omitted, `undefined` or `null` (every default); anything else
///   must be a plain object (not an array), else misuse;
/// - each own enumerable key must be one the function takes (`known`), else misuse naming it;
/// - a value of `undefined` or `null` means "not given" (the option's default);
/// - any other value must have the option's type, else misuse naming the option and what it
///   must be (the helpers below: [`opt_bool`], [`opt_string`], [`opt_date`]).
///
/// Returns the given options, in the object's key order, each key as its name in `known`.
pub(crate) fn option_entries(
    options: Option<JsValue>,
    known: &[&'static str],
) -> Result<Vec<(&'static str, JsValue)>, JsValue> {
    let Some(o) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(Vec::new());
    };
    if !o.is_object() || js_sys::Array::is_array(&o) {
        return Err(misuse("options must be an object"));
    }
    let mut given = Vec::new();
    for entry in js_sys::Object::entries(o.unchecked_ref()).iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let (key, value) = (entry.get(0).as_string().unwrap_or_default(), entry.get(1));
        let Some(&name) = known.iter().find(|k| **k == key) else {
            return Err(misuse(&format!("options.{key} is not an option of canbao")));
        };
        if !(value.is_undefined() || value.is_null()) {
            given.push((name, value));
        }
    }
    Ok(given)
}

/// The fields of an enrollment form object, in [`crate::intake::FIELDS`] order (`None`: not
/// on the form; `null` is on the form and empty: a form library's unselected drop-down).
/// Strings and whole numbers are read as text (a number too big to be exact in JavaScript in
/// scientific notation, which the identity check explains); `groups` (an array of strings) is
/// returned apart, and for a `record` (a desk's list) its `no`, `registeredOn`, `registeredAt`
/// (local `YYYY-MM-DDTHH:MM`), `lapsedYears` (a whole number, 0 or more) and
/// `inCollectionPeriod` (a boolean, when the clerk chose it); any other key is a mistake the
/// caller hears about.
#[cfg(any(feature = "ids", feature = "roster"))]
pub(crate) struct FormValues {
    pub values: [Option<String>; 18],
    pub groups: Vec<String>,
    pub no: Option<u32>,
    pub registered_on: Option<Date>,
    pub registered_at: Option<crate::intake::RegisteredAt>,
    pub lapsed_years: u32,
    pub in_period: Option<bool>,
}

#[cfg(any(feature = "ids", feature = "roster"))]
pub(crate) fn form_values(form: &JsValue, record: bool) -> Result<FormValues, JsValue> {
    use crate::intake::{FIELDS, GROUPS_KEY};
    if !form.is_object() || js_sys::Array::is_array(form) {
        return Err(misuse(
            "an enrollment form is an object { name, idNumber, phone, address, … }",
        ));
    }
    let mut out = FormValues {
        values: Default::default(),
        groups: Vec::new(),
        no: None,
        registered_on: None,
        registered_at: None,
        lapsed_years: 0,
        in_period: None,
    };
    for entry in js_sys::Object::entries(form.unchecked_ref()).iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let (key, value) = (entry.get(0).as_string().unwrap_or_default(), entry.get(1));
        if value.is_undefined() {
            continue;
        }
        if record && key == "no" {
            let n = value
                .as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n < 1e9)
                .ok_or_else(|| misuse("record.no must be a whole number of at least 1"))?;
            out.no = Some(n as u32);
            continue;
        }
        if record && key == "registeredOn" {
            out.registered_on = Some(opt_date(&value, "registeredOn")?);
            continue;
        }
        if record && key == "registeredAt" {
            out.registered_at = Some(
                value
                    .as_string()
                    .and_then(|s| crate::intake::RegisteredAt::parse(&s))
                    .ok_or_else(|| {
                        misuse("record.registeredAt must be a local time YYYY-MM-DDTHH:MM")
                    })?,
            );
            continue;
        }
        if record && key == "lapsedYears" {
            let n = value
                .as_f64()
                .filter(|n| n.fract() == 0.0 && (0.0..=200.0).contains(n))
                .ok_or_else(|| misuse("record.lapsedYears must be a whole number from 0 to 200"))?;
            out.lapsed_years = n as u32;
            continue;
        }
        if record && key == "inCollectionPeriod" {
            if !value.is_null() {
                out.in_period = Some(
                    value
                        .as_bool()
                        .ok_or_else(|| misuse("record.inCollectionPeriod must be a boolean"))?,
                );
            }
            continue;
        }
        if key == GROUPS_KEY {
            if value.is_null() {
                continue;
            }
            if !js_sys::Array::is_array(&value) {
                return Err(misuse("form.groups must be an array of group ids"));
            }
            for g in js_sys::Array::from(&value).iter() {
                out.groups.push(
                    g.as_string()
                        .ok_or_else(|| misuse("form.groups must be an array of group ids"))?,
                );
            }
            continue;
        }
        let Some(i) = FIELDS.iter().position(|f| *f == key) else {
            return Err(misuse(&format!(
                "form.{key} is not a field of the enrollment form"
            )));
        };
        let text = if value.is_null() {
            String::new()
        } else if let Some(s) = value.as_string() {
            s
        } else {
            match value.as_f64() {
                Some(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => {
                    format!("{}", f as i64)
                }
                // In JavaScript's words (Rust's float formatting would add ~10 KB).
                Some(f) if f.is_finite() => js_sys::Number::from(f)
                    .to_exponential(5)
                    .map(String::from)
                    .unwrap_or_default(),
                _ => return Err(misuse(&format!("form.{key} must be a string"))),
            }
        };
        out.values[i] = Some(text);
    }
    Ok(out)
}

/// A boolean option (see [`option_entries`]).
#[cfg(any(feature = "ids", feature = "tokens", feature = "roster"))]
pub(crate) fn opt_bool(value: &JsValue, name: &str) -> Result<bool, JsValue> {
    value
        .as_bool()
        .ok_or_else(|| misuse(&format!("options.{name} must be a boolean")))
}

/// A string option (see [`option_entries`]).
#[cfg(feature = "roster")]
pub(crate) fn opt_string(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| misuse(&format!("options.{name} must be a string")))
}

/// A date option, `YYYY-MM-DD` (see [`option_entries`]).
#[cfg(any(feature = "ids", feature = "tokens", feature = "roster"))]
pub(crate) fn opt_date(value: &JsValue, name: &str) -> Result<Date, JsValue> {
    value
        .as_string()
        .and_then(|s| Date::parse_iso(&s))
        .ok_or_else(|| misuse(&format!("options.{name} must be a date string YYYY-MM-DD")))
}

/// A string argument that must be one of `allowed` (`undefined` and `null`: not given).
/// Anything else, a wrong type included, is misuse, never a trap in the glue.
#[cfg(any(feature = "tokens", feature = "roster"))]
fn choice_arg(
    value: Option<JsValue>,
    name: &str,
    allowed: &[&'static str],
) -> Result<Option<&'static str>, JsValue> {
    let Some(v) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(None);
    };
    v.as_string()
        .and_then(|s| allowed.iter().copied().find(|a| *a == s))
        .map(Some)
        .ok_or_else(|| {
            let list: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
            misuse(&format!("{name} must be {}", list.join(" or ")))
        })
}

/// The `lang` option: `"zh"` (default), `"zh-CN"`, `"en"`…; anything not a string is misuse.
fn lang_option(value: &JsValue) -> Result<crate::lang::Lang, JsValue> {
    value
        .as_string()
        .map(|s| crate::lang::Lang::parse(&s))
        .ok_or_else(|| misuse("options.lang must be 'zh' or 'en'"))
}

#[cfg(any(feature = "ids", feature = "tokens"))]
thread_local! {
    /// Reused between calls: where a string column is encoded, inside wasm memory.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Encodes the JS string `s` as UTF-8 straight into wasm memory with the engine's
/// `TextEncoder.encodeInto` (no per-character glue, no copy) and runs `f` on the bytes.
/// The first pass assumes mostly-ASCII text; whatever did not fit is encoded in a second pass
/// into room for its worst case, so memory stays near the column's own size.
#[cfg(any(feature = "ids", feature = "tokens"))]
fn with_utf8<R>(s: &JsValue, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let text: &js_sys::JsString = s.unchecked_ref();
    let len = text.length() as usize;
    let ctor: js_sys::Function = Reflect::get(&js_sys::global(), &js_str("TextEncoder"))
        .ok()?
        .dyn_into()
        .ok()?;
    let encoder = Reflect::construct(&ctor, &Array::new()).ok()?;
    let encode_into: js_sys::Function = Reflect::get(&encoder, &js_str("encodeInto"))
        .ok()?
        .dyn_into()
        .ok()?;
    let (read_key, written_key) = (js_str("read"), js_str("written"));
    // Encodes `part` into buf[from..to]: (UTF-16 units read, bytes written). The view is made
    // after any resize, and nothing allocates between making it and encodeInto returning.
    let encode =
        |buf: &mut Vec<u8>, part: &JsValue, from: usize, to: usize| -> Option<(usize, usize)> {
            if buf.len() < to {
                buf.resize(to, 0);
            }
            let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().ok()?;
            let start = buf.as_ptr() as usize + from;
            let view = Uint8Array::new_with_byte_offset_and_length(
                &memory.buffer(),
                start as u32,
                (to - from) as u32,
            );
            let done = encode_into.call2(&encoder, part, &view).ok()?;
            let read = Reflect::get(&done, &read_key).ok()?.as_f64()? as usize;
            let written = Reflect::get(&done, &written_key).ok()?.as_f64()? as usize;
            Some((read, written))
        };
    SCRATCH.with(|cell| {
        let mut buf = cell.borrow_mut();
        let (read, mut total) = encode(&mut buf, s, 0, len + 16)?;
        if read < len {
            // A UTF-16 unit needs at most 3 UTF-8 bytes; encodeInto never splits a pair.
            let rest: JsValue = text.substring(read as u32, len as u32).into();
            let (_, more) = encode(&mut buf, &rest, total, total + (len - read) * 3)?;
            total += more;
        }
        Some(f(&buf[..total]))
    })
}

/// Today in the page's time zone.
#[cfg(any(feature = "ids", feature = "tokens", feature = "roster"))]
fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as u16,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    .unwrap_or_else(|| Date::new(1970, 1, 1).expect("valid date"))
}
