//! Result objects of the JavaScript edge as JSON text, turned into JS objects by one `JSON.parse` call: much cheaper
//! than setting each property across the boundary (one crossing instead of one per field).

use std::fmt::Write;

/// Builds one JSON object. Keys are static identifiers (no escaping needed); string values
/// are escaped.
pub(crate) struct JsonObject(String);

impl JsonObject {
    pub(crate) fn new() -> JsonObject {
        JsonObject(String::from("{"))
    }

    fn key(&mut self, key: &'static str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push('"');
        self.0.push_str(key);
        self.0.push_str("\":");
    }

    pub(crate) fn str(mut self, key: &'static str, value: &str) -> Self {
        self.key(key);
        push_string(&mut self.0, value);
        self
    }

    pub(crate) fn opt_str(self, key: &'static str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self.null(key),
        }
    }

    pub(crate) fn num(mut self, key: &'static str, value: impl Into<u64>) -> Self {
        let value: u64 = value.into();
        self.key(key);
        let _ = write!(self.0, "{value}");
        self
    }

    #[cfg_attr(not(all(target_arch = "wasm32", feature = "ids")), allow(dead_code))] // used by the ID edge
    pub(crate) fn opt_num(self, key: &'static str, value: Option<u32>) -> Self {
        match value {
            Some(v) => self.num(key, v),
            None => self.null(key),
        }
    }

    pub(crate) fn bool(mut self, key: &'static str, value: bool) -> Self {
        self.key(key);
        self.0.push_str(if value { "true" } else { "false" });
        self
    }

    pub(crate) fn null(mut self, key: &'static str) -> Self {
        self.key(key);
        self.0.push_str("null");
        self
    }

    /// A value that is already JSON (a nested object or array).
    pub(crate) fn raw(mut self, key: &'static str, json: &str) -> Self {
        self.key(key);
        self.0.push_str(json);
        self
    }

    pub(crate) fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// Appends `s` as a JSON string literal.
fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as a JSON string literal.
#[cfg_attr(not(all(target_arch = "wasm32", feature = "roster")), allow(dead_code))] // used by the roster edge
pub(crate) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_string(&mut out, s);
    out
}

/// A JSON array of already-JSON items.
pub(crate) fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_valid_json_with_escapes() {
        let j = JsonObject::new()
            .str("a", "引号\"和\\反斜杠\n")
            .opt_str("b", None)
            .num("c", 7u32)
            .bool("d", true)
            .raw("e", &array(["1".to_string(), "{}".to_string()]))
            .end();
        assert_eq!(
            j,
            r#"{"a":"引号\"和\\反斜杠\u000a","b":null,"c":7,"d":true,"e":[1,{}]}"#
        );
    }
}
