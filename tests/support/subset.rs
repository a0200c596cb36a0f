//! Partial comparison of JSON results against expected values (shared by tests/calc.rs and
//! tests/wasm.rs; included with `#[path]`).

use serde_json::Value;

/// `expected` is contained in `got`: objects by key, arrays element-wise and of equal length.
pub fn subset(expected: &Value, got: &Value, path: &str) -> Result<(), String> {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => e.iter().try_for_each(|(k, ev)| {
            let gv = g.get(k).ok_or(format!("{path}.{k} missing"))?;
            subset(ev, gv, &format!("{path}.{k}"))
        }),
        (Value::Array(e), Value::Array(g)) => {
            if e.len() != g.len() {
                return Err(format!("{path}: {} items, expected {}", g.len(), e.len()));
            }
            e.iter()
                .zip(g)
                .enumerate()
                .try_for_each(|(i, (ev, gv))| subset(ev, gv, &format!("{path}[{i}]")))
        }
        _ if expected == got => Ok(()),
        _ => Err(format!("{path}: got {got}, expected {expected}")),
    }
}
