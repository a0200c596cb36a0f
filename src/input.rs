//! Structured input (policy files and calculation requests) read from JSON, field by field,
//! so that **every** problem is reported with its field path and a zh-CN / en message instead
//! of stopping at the first.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::date::Date;
use crate::lang::Lang;

/// The kind of an input problem. The snake_case [`IssueCode::code`] is stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IssueCode {
    /// The text is not JSON at all.
    JsonSyntax,
    /// A required field is absent.
    MissingField,
    /// A field that this format does not have (often a typo).
    UnknownField,
    /// A value of the wrong JSON type (e.g. a number where an amount string is required).
    WrongType,
    /// A value outside its allowed set or range.
    InvalidValue,
    /// An amount or rate that is not a plain decimal string.
    InvalidAmount,
    /// A negative amount, rate or count.
    NegativeAmount,
    /// A date that is not `YYYY-MM-DD` or does not exist.
    InvalidDate,
    /// A period that ends before it starts, or periods that overlap.
    PeriodOrder,
    /// A reference to a group that the policy does not define.
    UnknownGroup,
    /// A reference to a department that the policy does not define.
    UnknownDepartment,
    /// The same id twice in one list.
    DuplicateId,
    /// A format version this library does not read.
    UnsupportedVersion,
    /// The policy lacks the section this calculation needs.
    MissingSection,
    /// Values that cannot all be true together (e.g. more insured than registered).
    Inconsistent,
}

impl IssueCode {
    /// Every code, in declaration order (index = discriminant).
    pub const ALL: [IssueCode; 15] = [
        IssueCode::JsonSyntax,
        IssueCode::MissingField,
        IssueCode::UnknownField,
        IssueCode::WrongType,
        IssueCode::InvalidValue,
        IssueCode::InvalidAmount,
        IssueCode::NegativeAmount,
        IssueCode::InvalidDate,
        IssueCode::PeriodOrder,
        IssueCode::UnknownGroup,
        IssueCode::UnknownDepartment,
        IssueCode::DuplicateId,
        IssueCode::UnsupportedVersion,
        IssueCode::MissingSection,
        IssueCode::Inconsistent,
    ];

    /// Stable snake_case identifier.
    pub const fn code(self) -> &'static str {
        match self {
            IssueCode::JsonSyntax => "json_syntax",
            IssueCode::MissingField => "missing_field",
            IssueCode::UnknownField => "unknown_field",
            IssueCode::WrongType => "wrong_type",
            IssueCode::InvalidValue => "invalid_value",
            IssueCode::InvalidAmount => "invalid_amount",
            IssueCode::NegativeAmount => "negative_amount",
            IssueCode::InvalidDate => "invalid_date",
            IssueCode::PeriodOrder => "period_order",
            IssueCode::UnknownGroup => "unknown_group",
            IssueCode::UnknownDepartment => "unknown_department",
            IssueCode::DuplicateId => "duplicate_id",
            IssueCode::UnsupportedVersion => "unsupported_version",
            IssueCode::MissingSection => "missing_section",
            IssueCode::Inconsistent => "inconsistent",
        }
    }
}

/// One problem in structured input: where (`path`, e.g. `resident.groups[2].subsidy.amount`),
/// what (`code`), and a message in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Dotted field path from the root of the input; empty for the whole input.
    pub path: String,
    /// The kind of problem.
    pub code: IssueCode,
    text: crate::lang::Text,
}

impl Issue {
    /// A problem at `path`, with its message in Chinese and English.
    pub fn new(path: impl Into<String>, code: IssueCode, zh: String, en: String) -> Issue {
        Issue {
            path: path.into(),
            code,
            text: crate::lang::Text { zh, en },
        }
    }
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }
}

/// Every problem found in one input; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// What was being read: `"policy"` or `"input"`.
    pub what: &'static str,
    /// The problems, in the order the fields were read.
    pub issues: Vec<Issue>,
}

impl Invalid {
    /// A single problem.
    pub fn one(what: &'static str, issue: Issue) -> Invalid {
        Invalid {
            what,
            issues: vec![issue],
        }
    }
    /// Whether some issue has this code.
    pub fn has(&self, code: IssueCode) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}:", self.what)?;
        for i in &self.issues {
            write!(f, " [{}] {}: {};", i.code.code(), i.path, i.text.en)?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

/// Joins a path and a key.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Path of an array element.
pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// A JSON object being read: its fields and its path.
pub(crate) struct Obj<'v> {
    map: &'v Map<String, Value>,
    pub(crate) path: String,
}

impl<'v> Obj<'v> {
    /// The path of one of its fields.
    pub(crate) fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }
}

/// Collects issues while reading; each reader returns `None` after reporting.
#[derive(Default)]
pub(crate) struct Reader {
    pub(crate) issues: Vec<Issue>,
}

fn type_name(v: &Value) -> (&'static str, &'static str) {
    match v {
        Value::Null => ("空值 null", "null"),
        Value::Bool(_) => ("布尔值", "a boolean"),
        Value::Number(_) => ("数字", "a number"),
        Value::String(_) => ("字符串", "a string"),
        Value::Array(_) => ("数组", "an array"),
        Value::Object(_) => ("对象", "an object"),
    }
}

/// Largest amount or count accepted: far beyond any real figure, small enough that no sum or
/// product in the calculations can overflow a `Decimal`.
const MAX_AMOUNT: i64 = 1_000_000_000;

impl Reader {
    pub(crate) fn report(&mut self, path: &str, code: IssueCode, zh: String, en: String) {
        self.issues.push(Issue::new(path, code, zh, en));
    }

    /// Finishes: the value if no issue was reported.
    pub(crate) fn finish<T>(self, what: &'static str, value: Option<T>) -> Result<T, Invalid> {
        match value {
            Some(v) if self.issues.is_empty() => Ok(v),
            _ => Err(Invalid {
                what,
                issues: if self.issues.is_empty() {
                    vec![Issue::new(
                        "",
                        IssueCode::InvalidValue,
                        "无法读取".into(),
                        "Could not be read".into(),
                    )]
                } else {
                    self.issues
                },
            }),
        }
    }

    fn wrong_type(&mut self, path: &str, want_zh: &str, want_en: &str, got: &Value) {
        let (gz, ge) = type_name(got);
        self.report(
            path,
            IssueCode::WrongType,
            format!("应为{want_zh}，实际是{gz}"),
            format!("must be {want_en}, not {ge}"),
        );
    }

    /// An object whose keys must all be in `allowed` (unknown keys are reported).
    pub(crate) fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        allowed: &[&str],
    ) -> Option<Obj<'v>> {
        let Value::Object(map) = v else {
            self.wrong_type(path, "对象", "an object", v);
            return None;
        };
        for k in map.keys() {
            if !allowed.contains(&k.as_str()) {
                self.report(
                    &join(path, k),
                    IssueCode::UnknownField,
                    format!("没有“{k}”这个字段（可用：{}）", allowed.join("、")),
                    format!("there is no field \"{k}\" (known: {})", allowed.join(", ")),
                );
            }
        }
        Some(Obj {
            map,
            path: path.to_string(),
        })
    }

    /// A field that may be absent (`null` counts as absent).
    pub(crate) fn opt<'v>(&mut self, o: &Obj<'v>, key: &str) -> Option<&'v Value> {
        o.map.get(key).filter(|v| !v.is_null())
    }

    /// A field that must be present.
    pub(crate) fn req<'v>(&mut self, o: &Obj<'v>, key: &str) -> Option<&'v Value> {
        let v = self.opt(o, key);
        if v.is_none() {
            self.report(
                &o.at(key),
                IssueCode::MissingField,
                format!("缺少必填字段“{key}”"),
                format!("the required field \"{key}\" is missing"),
            );
        }
        v
    }

    pub(crate) fn string<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v str> {
        match v {
            Value::String(s) => Some(s),
            _ => {
                self.wrong_type(path, "字符串", "a string", v);
                None
            }
        }
    }

    /// A non-empty string.
    pub(crate) fn name(&mut self, v: &Value, path: &str) -> Option<String> {
        let s = self.string(v, path)?.trim();
        if s.is_empty() {
            self.report(
                path,
                IssueCode::InvalidValue,
                "不能为空".into(),
                "must not be empty".into(),
            );
            return None;
        }
        Some(s.to_string())
    }

    pub(crate) fn bool(&mut self, v: &Value, path: &str) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(path, "true 或 false", "true or false", v);
                None
            }
        }
    }

    /// An integer in `min..=max`.
    pub(crate) fn int(&mut self, v: &Value, path: &str, min: i64, max: i64) -> Option<i64> {
        let n = match v {
            Value::Number(n) => n.as_i64(),
            _ => {
                self.wrong_type(path, "整数", "an integer", v);
                return None;
            }
        };
        match n {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.report(
                    path,
                    IssueCode::InvalidValue,
                    format!("应为 {min} 到 {max} 之间的整数，实际是 {v}"),
                    format!("must be a whole number from {min} to {max}, not {v}"),
                );
                None
            }
        }
    }

    /// A count of people: a non-negative integer, as a JSON number or a string of digits
    /// (as pasted from a spreadsheet; thousands separators `,` and spaces are allowed).
    pub(crate) fn count(&mut self, v: &Value, path: &str) -> Option<u64> {
        let parsed: Option<i128> = match v {
            Value::Number(n) => n.as_i64().map(i128::from).or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                    .map(|f| f as i128)
            }),
            Value::String(s) => {
                let t: String = s
                    .trim()
                    .chars()
                    .filter(|c| *c != ',' && *c != ' ' && *c != '，')
                    .collect();
                let (neg, digits) = match t.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, t.as_str()),
                };
                if !digits.is_empty()
                    && digits.len() <= 15
                    && digits.bytes().all(|b| b.is_ascii_digit())
                {
                    digits
                        .parse::<i128>()
                        .ok()
                        .map(|n| if neg { -n } else { n })
                } else {
                    None
                }
            }
            _ => {
                self.wrong_type(path, "人数（整数）", "a count (whole number)", v);
                return None;
            }
        };
        match parsed {
            Some(n) if n < 0 => {
                self.report(
                    path,
                    IssueCode::NegativeAmount,
                    format!("人数不能为负数：{v}"),
                    format!("a count cannot be negative: {v}"),
                );
                None
            }
            Some(n) if n <= MAX_AMOUNT as i128 => Some(n as u64),
            _ => {
                self.report(
                    path,
                    IssueCode::InvalidValue,
                    format!("应为不超过 {MAX_AMOUNT} 的整数人数，实际是 {v}"),
                    format!("must be a whole number of people up to {MAX_AMOUNT}, not {v}"),
                );
                None
            }
        }
    }

    /// A decimal written as a string (`"380"`, `"380.00"`, `"5.5"`): never a JSON number, so
    /// no value ever passes through a binary float. Negative values are reported.
    pub(crate) fn decimal(&mut self, v: &Value, path: &str) -> Option<Decimal> {
        let s = match v {
            Value::String(s) => s.trim(),
            Value::Number(n) => {
                self.report(
                    path,
                    IssueCode::WrongType,
                    format!("金额和比例须写成字符串，例如 \"{n}\"，以免经过二进制浮点数"),
                    format!("amounts and rates must be strings, e.g. \"{n}\", so no value passes through a binary float"),
                );
                return None;
            }
            _ => {
                self.wrong_type(
                    path,
                    "数字字符串（如 \"380.00\"）",
                    "a decimal string (e.g. \"380.00\")",
                    v,
                );
                return None;
            }
        };
        let body = s.strip_prefix('-').unwrap_or(s);
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let plain = !int.is_empty()
            && int.len() <= 10
            && frac.len() <= 10
            && (s.len() == body.len() || !body.is_empty())
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(body.contains('.') && frac.is_empty());
        let d = plain.then(|| Decimal::from_str(s).ok()).flatten();
        match d {
            None => {
                self.report(
                    path,
                    IssueCode::InvalidAmount,
                    format!("“{s}”不是有效的数值（应如 \"380.00\"）"),
                    format!("\"{s}\" is not a valid number (write e.g. \"380.00\")"),
                );
                None
            }
            Some(d) if d.is_sign_negative() && !d.is_zero() => {
                self.report(
                    path,
                    IssueCode::NegativeAmount,
                    format!("不能为负数：{s}"),
                    format!("cannot be negative: {s}"),
                );
                None
            }
            Some(d) if d > Decimal::from(MAX_AMOUNT) => {
                self.report(
                    path,
                    IssueCode::InvalidValue,
                    format!("数值过大：{s}"),
                    format!("too large: {s}"),
                );
                None
            }
            Some(d) => Some(d.normalize()),
        }
    }

    /// An amount of money: a decimal string with at most two decimals (fen).
    pub(crate) fn amount(&mut self, v: &Value, path: &str) -> Option<Decimal> {
        let d = self.decimal(v, path)?;
        if d.scale() > 2 {
            self.report(
                path,
                IssueCode::InvalidAmount,
                format!("金额最多精确到分（两位小数）：{d}"),
                format!("an amount has at most two decimals (fen): {d}"),
            );
            return None;
        }
        Some(d)
    }

    /// A percentage from 0 to 100, as a decimal string (`"5.5"` means 5.5%).
    pub(crate) fn percent(&mut self, v: &Value, path: &str) -> Option<Decimal> {
        let d = self.decimal(v, path)?;
        if d > Decimal::ONE_HUNDRED {
            self.report(
                path,
                IssueCode::InvalidValue,
                format!("百分比不能超过 100：{d}"),
                format!("a percentage cannot exceed 100: {d}"),
            );
            return None;
        }
        Some(d)
    }

    /// A date `YYYY-MM-DD`.
    pub(crate) fn date(&mut self, v: &Value, path: &str) -> Option<Date> {
        let s = self.string(v, path)?;
        let d = Date::parse_iso(s.trim());
        if d.is_none() {
            self.report(
                path,
                IssueCode::InvalidDate,
                format!("“{s}”不是有效日期（格式 YYYY-MM-DD，如 2024-01-01）"),
                format!("\"{s}\" is not a valid date (format YYYY-MM-DD, e.g. 2024-01-01)"),
            );
        }
        d
    }

    /// One of a closed set of names.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        v: &Value,
        path: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let s = self.string(v, path)?;
        let found = options.iter().find(|(n, _)| *n == s).map(|(_, t)| *t);
        if found.is_none() {
            let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            self.report(
                path,
                IssueCode::InvalidValue,
                format!("“{s}”不是可选值（可选：{}）", names.join("、")),
                format!("\"{s}\" is not allowed (one of: {})", names.join(", ")),
            );
        }
        found
    }

    /// An array, each element read by `f` (elements that fail are reported and skipped; the
    /// reader's issues make the whole input fail).
    pub(crate) fn array<'v, T>(
        &mut self,
        v: &'v Value,
        path: &str,
        mut f: impl FnMut(&mut Reader, &'v Value, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Value::Array(items) = v else {
            self.wrong_type(path, "数组", "an array", v);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if let Some(t) = f(self, item, &index(path, i)) {
                out.push(t);
            }
        }
        Some(out)
    }
}

/// Parses JSON text, reporting a syntax error with its line and column.
pub fn parse_json(text: &str, what: &'static str) -> Result<Value, Invalid> {
    serde_json::from_str(text).map_err(|e| {
        Invalid::one(
            what,
            Issue::new(
                "",
                IssueCode::JsonSyntax,
                format!("不是有效的 JSON（第 {} 行第 {} 列）", e.line(), e.column()),
                format!("not valid JSON (line {}, column {})", e.line(), e.column()),
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decimals_are_strings_in_plain_notation() {
        let mut r = Reader::default();
        assert_eq!(r.decimal(&json!("380.00"), "a"), Some(Decimal::from(380)));
        assert_eq!(
            r.decimal(&json!(" 5.5 "), "a"),
            Decimal::from_str("5.5").ok()
        );
        assert!(r.issues.is_empty());
        for bad in [
            json!(380),
            json!("1e5"),
            json!("3,80"),
            json!("."),
            json!("1."),
            json!(""),
            json!("-"),
        ] {
            assert_eq!(r.decimal(&bad, "a"), None, "{bad}");
        }
        assert_eq!(r.issues.len(), 7);
        assert_eq!(r.issues[0].code, IssueCode::WrongType);
        assert_eq!(r.issues[1].code, IssueCode::InvalidAmount);
        let mut r = Reader::default();
        assert_eq!(r.amount(&json!("-1"), "x"), None);
        assert_eq!(r.amount(&json!("1.005"), "y"), None);
        assert_eq!(r.issues[0].code, IssueCode::NegativeAmount);
        assert_eq!(r.issues[1].path, "y");
    }

    #[test]
    fn objects_report_unknown_and_missing_fields_with_paths() {
        let mut r = Reader::default();
        let v = json!({"a": 1, "typo": 2});
        let o = r.object(&v, "root", &["a", "b"]).unwrap();
        assert!(r.req(&o, "b").is_none());
        let paths: Vec<&str> = r.issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["root.typo", "root.b"]);
        assert_eq!(r.issues[1].code, IssueCode::MissingField);
        assert!(r.issues[1].message(Lang::Zh).contains("缺少"));
    }

    #[test]
    fn counts_accept_numbers_and_digit_strings() {
        let mut r = Reader::default();
        assert_eq!(r.count(&json!(1200), "c"), Some(1200));
        assert_eq!(r.count(&json!("1,200"), "c"), Some(1200));
        assert_eq!(r.count(&json!(-3), "c"), None);
        assert_eq!(r.count(&json!("12a"), "c"), None);
        assert_eq!(r.count(&json!(1.5), "c"), None);
        assert_eq!(r.issues[0].code, IssueCode::NegativeAmount);
        assert_eq!(r.issues.len(), 3);
    }
}
