//! When a payment was made relative to the collection periods: inside one, inside an extended
//! period, or late. The benefit start ([`super::benefit`]) and the contribution
//! ([`super::resident`]) both ask.

use super::{input_error, missing};
use crate::date::Date;
use crate::input::{Invalid, IssueCode};
use crate::policy::{Category, ExtendedBenefit, ResidentScheme};

/// When a payment was made relative to the collection periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Inside a collection period (or an extended period that counts as one).
    InPeriod,
    /// Inside an extended period whose benefits start on the payment date.
    ExtendedFromPayment,
    /// After the collection period.
    Late,
}

/// Classifies a payment date. Without collection periods in the policy, the caller's
/// `in_period` answer is used (and required).
pub(crate) fn timing(
    res: &ResidentScheme,
    paid: Date,
    in_period: Option<bool>,
    path: &str,
    category: Option<&Category>,
) -> Result<Timing, Invalid> {
    if let Some(c) = category.filter(|c| !c.periods.is_empty()) {
        if in_period.is_some() {
            return Err(input_error(
                "inCollectionPeriod",
                IssueCode::Inconsistent,
                "参保类别已规定缴费期，按缴费日期判断，不需要 inCollectionPeriod".into(),
                "the category sets its collection periods; the payment date decides, so inCollectionPeriod must not be given".into(),
            ));
        }
        return Ok(if c.periods.iter().any(|p| p.contains(paid)) {
            Timing::InPeriod
        } else {
            Timing::Late
        });
    }
    let Some(c) = &res.collection else {
        return match in_period {
            Some(true) => Ok(Timing::InPeriod),
            Some(false) => Ok(Timing::Late),
            None => Err(missing(
                "resident.collection",
                "此政策未规定集中缴费期（全国标准由各地规定）：请选择地方政策，或在输入中写明 inCollectionPeriod（是否在集中缴费期内缴费）".into(),
                "this policy sets no collection period (national rules leave it to each place): choose a local policy, or say in the input whether the payment was inside it (inCollectionPeriod)".into(),
            )),
        };
    };
    if in_period.is_some() {
        return Err(input_error(
            "inCollectionPeriod",
            IssueCode::Inconsistent,
            "政策已规定集中缴费期，按缴费日期判断，不需要 inCollectionPeriod".into(),
            "the policy sets the collection periods; the payment date decides, so inCollectionPeriod must not be given".into(),
        ));
    }
    if c.periods.iter().any(|p| p.contains(paid)) {
        return Ok(Timing::InPeriod);
    }
    if let Some(e) = c.extended {
        if e.period.contains(paid) {
            return Ok(match e.benefit_from {
                ExtendedBenefit::CoverageStart => Timing::InPeriod,
                ExtendedBenefit::From(_) => Timing::ExtendedFromPayment,
                ExtendedBenefit::LatePayment => Timing::Late,
            });
        }
    }
    let opens = c
        .periods
        .iter()
        .map(|p| p.start)
        .chain(c.extended.map(|e| e.period.start))
        .min();
    if opens.is_some_and(|o| paid < o) {
        let o = opens.map(|d| d.to_string()).unwrap_or_default();
        return Err(input_error(
            path,
            IssueCode::Inconsistent,
            format!("缴费日期 {paid} 早于集中缴费期开始（{o}）"),
            format!("the payment date {paid} is before the collection period opens ({o})"),
        ));
    }
    Ok(Timing::Late)
}
