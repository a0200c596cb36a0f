//! Calculations driven by a [`Policy`]: resident contributions and
//! subsidies, benefit start dates and waiting periods, employee contributions, refunds,
//! department budgets and coverage tables. Money is exact (`rust_decimal`), rounded only by
//! a rule the policy names. Every result carries a [`Trace`]: the rules applied, in order,
//! each with its numbers, in zh-CN and en, so desk staff can tell a resident why.
//!
//! Each calculation takes a typed request; `from_value` functions read a request from JSON
//! (as the JavaScript edge and the roster pipeline receive it), reporting every problem with
//! its field path.

pub mod benefit;
pub mod coverage;
pub mod employee;
pub mod incentive;
pub mod refund;
pub mod resident;
pub mod timing;

use crate::date::Date;
use crate::input::{Invalid, Issue, IssueCode};
use crate::lang::Lang;
use crate::policy::{Policy, ResidentScheme};

/// One rule applied: a stable `rule` name, the explanation in both languages, and the
/// numbers it used (name → value as text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Stable snake_case name of the rule.
    pub rule: &'static str,
    text: crate::lang::Text,
    /// The numbers the rule used, e.g. `("individual", "380.00")`.
    pub values: Vec<(&'static str, String)>,
}

impl Step {
    /// The explanation in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }
}

/// The explanation of a result: the rules applied, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace(pub Vec<Step>);

impl Trace {
    pub(crate) fn push(
        &mut self,
        rule: &'static str,
        zh: String,
        en: String,
        values: Vec<(&'static str, String)>,
    ) {
        self.0.push(Step {
            rule,
            text: crate::lang::Text { zh, en },
            values,
        });
    }
    /// Whether a rule with this name was applied.
    pub fn has(&self, rule: &str) -> bool {
        self.0.iter().any(|s| s.rule == rule)
    }
}

/// The policy's resident section, or the error a calculation that needs it reports.
pub(crate) fn resident_scheme(policy: &Policy) -> Result<&ResidentScheme, Invalid> {
    policy.resident.as_ref().ok_or_else(|| {
        missing(
            "resident",
            format!("政策“{}”不含城乡居民医保（resident）部分", policy.name.zh),
            format!(
                "the policy \"{}\" has no resident-scheme section",
                policy.name.en
            ),
        )
    })
}

pub(crate) fn missing(path: &str, zh: String, en: String) -> Invalid {
    Invalid::one(
        "policy",
        Issue::new(path, IssueCode::MissingSection, zh, en),
    )
}

pub(crate) fn input_error(path: &str, code: IssueCode, zh: String, en: String) -> Invalid {
    Invalid::one("input", Issue::new(path, code, zh, en))
}

/// January 1 and December 31 of a coverage year.
pub(crate) fn year_bounds(year: u16) -> (Date, Date) {
    (
        Date::new(year, 1, 1).unwrap_or(Date::new(2000, 1, 1).expect("valid")),
        Date::new(year, 12, 31).unwrap_or(Date::new(2000, 12, 31).expect("valid")),
    )
}
