//! The catastrophic-illness insurance (大病保险) cap with continuity incentives: after some
//! continuous years, each further continuous year and each claim-free year raise the annual
//! cap, all raises together at most a percentage of the base cap; a lapse resets the count
//! (so the caller counts years since the last lapse).

use rust_decimal::Decimal;
use serde_json::Value;

use super::{input_error, missing, resident_scheme, Trace};
use crate::input::{Invalid, IssueCode, Reader};
use crate::money::{percent_of, yuan, Rounding};
use crate::policy::Policy;

/// The input's fields (JavaScript `CapInput`).
pub const CAP_KEYS: [&str; 3] = ["continuousYears", "claimFreeYears", "baseCap"];

/// A person's enrollment record since their last lapse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    /// Continuous years insured (including this one), since the last lapse.
    pub continuous_years: u32,
    /// Of those, years without a claim (大病保险 reimbursement).
    pub claim_free_years: u32,
    /// The base cap, when the policy does not set one (national rules).
    pub base_cap: Option<Decimal>,
}

impl Record {
    /// Reads `{ continuousYears, claimFreeYears?, baseCap? }`.
    pub fn from_value(v: &Value) -> Result<Record, Invalid> {
        let mut r = Reader::default();
        let rec = (|| {
            let o = r.object(v, "", &CAP_KEYS)?;
            let years = r
                .req(&o, "continuousYears")
                .and_then(|v| r.int(v, "continuousYears", 0, 100));
            let free = match r.opt(&o, "claimFreeYears") {
                Some(v) => r.int(v, "claimFreeYears", 0, 100),
                None => Some(0),
            };
            let cap = match r.opt(&o, "baseCap") {
                Some(v) => r.amount(v, "baseCap").map(Some),
                None => Some(None),
            };
            Some(Record {
                continuous_years: years? as u32,
                claim_free_years: free? as u32,
                base_cap: cap?,
            })
        })();
        r.finish("input", rec)
    }
}

/// The cap and how it was raised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cap {
    /// The base cap.
    pub base_cap: Decimal,
    /// Raise from continuous years.
    pub continuity_raise: Decimal,
    /// Raise from claim-free years.
    pub claim_free_raise: Decimal,
    /// The raise applied (the sum, limited).
    pub raise: Decimal,
    /// Whether the limit cut the raise.
    pub limited: bool,
    /// The cap with the raise.
    pub cap: Decimal,
    /// The explanation.
    pub trace: Trace,
}

/// Computes the raised cap.
pub fn catastrophic_cap(policy: &Policy, rec: &Record) -> Result<Cap, Invalid> {
    let res = resident_scheme(policy)?;
    let inc = res.incentives.ok_or_else(|| {
        missing(
            "resident.incentives",
            format!("政策“{}”未规定连续参保激励（incentives）", policy.name.zh),
            format!(
                "the policy \"{}\" has no continuity incentives (incentives)",
                policy.name.en
            ),
        )
    })?;
    if rec.claim_free_years > rec.continuous_years {
        return Err(input_error(
            "claimFreeYears",
            IssueCode::Inconsistent,
            format!(
                "无报销年数 {} 超过连续参保年数 {}",
                rec.claim_free_years, rec.continuous_years
            ),
            format!(
                "{} claim-free years is more than the {} continuous years",
                rec.claim_free_years, rec.continuous_years
            ),
        ));
    }
    let base = match (inc.base_cap, rec.base_cap) {
        (Some(p), None) => p,
        (None, Some(c)) => c,
        (Some(_), Some(_)) => {
            return Err(input_error(
                "baseCap",
                IssueCode::Inconsistent,
                "政策已规定大病保险封顶线，不需要 baseCap".into(),
                "the policy sets the base cap; baseCap must not be given".into(),
            ))
        }
        (None, None) => {
            return Err(missing(
                "resident.incentives.baseCap",
                "此政策未规定大病保险年度封顶线（由各地规定）：请在输入中写明 baseCap".into(),
                "this policy sets no catastrophic-illness cap (each place does): give baseCap in the input".into(),
            ))
        }
    };
    let mut trace = Trace::default();
    let counted = rec
        .continuous_years
        .saturating_sub(inc.continuous_years_before_raise);
    let continuity = inc.raise_per_continuous_year * Decimal::from(counted);
    trace.push(
        "continuity_raise",
        format!(
            "连续参保 {} 年，满 {} 年后每多 1 年提高 {} 元：{counted} 年，{} 元",
            rec.continuous_years,
            inc.continuous_years_before_raise,
            yuan(inc.raise_per_continuous_year),
            yuan(continuity)
        ),
        format!(
            "{} continuous years; after {}, each further year adds {}: {counted} year(s), {}",
            rec.continuous_years,
            inc.continuous_years_before_raise,
            yuan(inc.raise_per_continuous_year),
            yuan(continuity)
        ),
        vec![("continuityRaise", yuan(continuity))],
    );
    let claim_free = inc.raise_per_claim_free_year * Decimal::from(rec.claim_free_years);
    trace.push(
        "claim_free_raise",
        format!(
            "无报销年度 {} 年，每年提高 {} 元：{} 元",
            rec.claim_free_years,
            yuan(inc.raise_per_claim_free_year),
            yuan(claim_free)
        ),
        format!(
            "{} claim-free year(s), each adding {}: {}",
            rec.claim_free_years,
            yuan(inc.raise_per_claim_free_year),
            yuan(claim_free)
        ),
        vec![("claimFreeRaise", yuan(claim_free))],
    );
    // The limit is rounded down to the fen, so that it is never exceeded.
    let limit = Rounding::DOWN_FEN.apply(percent_of(base, inc.max_raise_percent));
    let sum = continuity + claim_free;
    let (raise, limited) = if sum > limit {
        (limit, true)
    } else {
        (sum, false)
    };
    if limited {
        trace.push(
            "raise_limit",
            format!(
                "提高总额不超过封顶线 {} 元的 {}%：{} 元",
                yuan(base),
                inc.max_raise_percent,
                yuan(limit)
            ),
            format!(
                "All raises together at most {}% of the base cap {}: {}",
                inc.max_raise_percent,
                yuan(base),
                yuan(limit)
            ),
            vec![("limit", yuan(limit))],
        );
    }
    let cap = base + raise;
    trace.push(
        "raised_cap",
        format!(
            "大病保险年度封顶线 = {} + {} = {} 元",
            yuan(base),
            yuan(raise),
            yuan(cap)
        ),
        format!(
            "Catastrophic-illness annual cap = {} + {} = {}",
            yuan(base),
            yuan(raise),
            yuan(cap)
        ),
        vec![("cap", yuan(cap))],
    );
    Ok(Cap {
        base_cap: base,
        continuity_raise: continuity,
        claim_free_raise: claim_free,
        raise,
        limited,
        cap,
        trace,
    })
}
