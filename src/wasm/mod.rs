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

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

#[cfg(feature = "calc")]
pub mod calc;
#[cfg(feature = "ids")]
mod ids;
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

/// The `lang` option: `"zh"` (default), `"zh-CN"`, `"en"`…; anything not a string is misuse.
fn lang_option(value: &JsValue) -> Result<crate::id::Lang, JsValue> {
    value
        .as_string()
        .map(|s| crate::id::Lang::parse(&s))
        .ok_or_else(|| misuse("options.lang must be 'zh' or 'en'"))
}
