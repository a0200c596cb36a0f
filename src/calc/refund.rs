//! Whether a resident-scheme payment can be refunded.

use serde_json::Value;

use super::benefit::{benefit_start, Enrollment};
use super::{input_error, missing, resident_scheme, year_bounds, Trace};
use crate::date::Date;
use crate::input::{Invalid, IssueCode, Reader};
use crate::lang::Lang;
use crate::policy::{Policy, RefundReason};

/// A refund request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefundRequest {
    /// When the contribution was paid.
    pub payment_date: Date,
    /// When the refund is requested.
    pub request_date: Date,
    /// Why.
    pub reason: RefundReason,
    /// When benefits start for this payment; by default, as for a continuously insured person
    /// paying on `payment_date` ([`benefit_start`]).
    pub benefit_start: Option<Date>,
}

impl RefundRequest {
    /// The input's fields (JavaScript `RefundInput`).
    pub const KEYS: [&'static str; 4] = ["paymentDate", "requestDate", "reason", "benefitStart"];

    /// Reads `{ paymentDate, requestDate, reason, benefitStart? }`.
    pub fn from_value(v: &Value) -> Result<RefundRequest, Invalid> {
        let mut r = Reader::default();
        let q = (|| {
            let o = r.object(v, "", &RefundRequest::KEYS)?;
            let paid = r
                .req(&o, "paymentDate")
                .and_then(|v| r.date(v, "paymentDate"));
            let asked = r
                .req(&o, "requestDate")
                .and_then(|v| r.date(v, "requestDate"));
            let reason = r
                .req(&o, "reason")
                .and_then(|v| r.choice(v, "reason", RefundReason::NAMES));
            let start = match r.opt(&o, "benefitStart") {
                Some(v) => r.date(v, "benefitStart").map(Some),
                None => Some(None),
            };
            Some(RefundRequest {
                payment_date: paid?,
                request_date: asked?,
                reason: reason?,
                benefit_start: start?,
            })
        })();
        r.finish("input", q)
    }
}

/// Why a refund is or is not possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundOutcome {
    /// Requested before benefits start, for an accepted reason.
    Eligible,
    /// Benefits already started and the policy allows no refund after that.
    BenefitStarted,
    /// The policy does not accept this reason.
    ReasonNotAccepted,
}

impl RefundOutcome {
    /// Stable name.
    pub fn name(self) -> &'static str {
        match self {
            RefundOutcome::Eligible => "eligible",
            RefundOutcome::BenefitStarted => "benefit_started",
            RefundOutcome::ReasonNotAccepted => "reason_not_accepted",
        }
    }
}

/// The decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundDecision {
    /// Whether the payment can be refunded.
    pub eligible: bool,
    /// Why.
    pub outcome: RefundOutcome,
    /// The benefit start the decision used.
    pub benefit_start: Date,
    /// The explanation.
    pub trace: Trace,
}

/// The benefit start of a payment on `paid` when the request gives none: what
/// [`benefit_start`] gives a continuously insured person paying then, or, where the policy
/// cannot tell (no collection period of its own, no rule for a late payment), the later of
/// January 1 and the payment date.
fn default_start(policy: &Policy, paid: Date, trace: &mut Trace) -> Date {
    let jan1 = year_bounds(policy.coverage_year).0;
    let e = Enrollment {
        coverage_year: policy.coverage_year,
        payment_date: paid,
        birth_date: None,
        lapsed_years: 0,
        extra_years_paid: 0,
        groups: Vec::new(),
        in_collection_period: None,
        category: None,
        previous_year_paid: false,
    };
    match benefit_start(policy, &e).ok().and_then(|b| b.benefit_start) {
        Some(start) => {
            trace.push(
                "refund_benefit_start",
                format!("未给出待遇开始日：按连续参保人员在 {paid} 缴费计算，自 {start} 起享受待遇（断保等情形请写明 benefitStart）"),
                format!("No benefit start given: {start}, as for a continuously insured person paying on {paid} (give benefitStart after a lapse and the like)"),
                vec![("benefitStart", start.to_string())],
            );
            start
        }
        None => {
            let start = paid.max(jan1);
            trace.push(
                "refund_benefit_start",
                format!("未给出待遇开始日，政策也无法据缴费日期确定：取参保年度开始与缴费日期中较晚的 {start}（待遇最早开始之日；请写明 benefitStart）"),
                format!("No benefit start given and the policy cannot tell it from the payment date: {start}, the later of January 1 and the payment date, the earliest benefits can start (give benefitStart)"),
                vec![("benefitStart", start.to_string())],
            );
            start
        }
    }
}

/// Decides a refund request.
pub fn refund_eligibility(policy: &Policy, q: &RefundRequest) -> Result<RefundDecision, Invalid> {
    let res = resident_scheme(policy)?;
    let rule = res.refund.as_ref().ok_or_else(|| {
        missing(
            "resident.refund",
            format!("政策“{}”未规定退费规则（refund）", policy.name.zh),
            format!(
                "the policy \"{}\" has no refund rule (refund)",
                policy.name.en
            ),
        )
    })?;
    if q.request_date < q.payment_date {
        return Err(input_error(
            "requestDate",
            IssueCode::Inconsistent,
            format!(
                "申请日期 {} 早于缴费日期 {}",
                q.request_date, q.payment_date
            ),
            format!(
                "the request date {} is before the payment date {}",
                q.request_date, q.payment_date
            ),
        ));
    }
    let mut trace = Trace::default();
    let start = match q.benefit_start {
        Some(s) => s,
        None => default_start(policy, q.payment_date, &mut trace),
    };
    let accepted = rule.reasons.contains(&q.reason);
    trace.push(
        "refund_reason",
        format!(
            "退费原因：{}（{}）",
            q.reason.describe(Lang::Zh),
            if accepted {
                "政策认可"
            } else {
                "政策不认可此原因"
            }
        ),
        format!(
            "Reason: {} ({})",
            q.reason.describe(Lang::En),
            if accepted {
                "accepted by the policy"
            } else {
                "not accepted by the policy"
            }
        ),
        vec![("reason", q.reason.code().to_string())],
    );
    let before = q.request_date < start;
    trace.push(
        "refund_timing",
        if before {
            format!("申请日期 {} 在待遇开始日 {start} 之前", q.request_date)
        } else if rule.after_benefit_start {
            format!(
                "申请日期 {} 在待遇开始日 {start} 之后，政策允许待遇开始后退费",
                q.request_date
            )
        } else {
            format!(
                "申请日期 {} 已在待遇开始日 {start} 或之后，原则上不予退费",
                q.request_date
            )
        },
        if before {
            format!(
                "Requested on {}, before benefits start on {start}",
                q.request_date
            )
        } else if rule.after_benefit_start {
            format!(
                "Requested on {}, after benefits started on {start}; the policy allows that",
                q.request_date
            )
        } else {
            format!(
                "Requested on {}, on or after the benefit start {start}: as a rule, no refund",
                q.request_date
            )
        },
        vec![("benefitStart", start.to_string())],
    );
    let outcome = if !accepted {
        RefundOutcome::ReasonNotAccepted
    } else if !before && !rule.after_benefit_start {
        RefundOutcome::BenefitStarted
    } else {
        RefundOutcome::Eligible
    };
    Ok(RefundDecision {
        eligible: outcome == RefundOutcome::Eligible,
        outcome,
        benefit_start: start,
        trace,
    })
}
