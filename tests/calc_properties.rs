//! Property tests of the calculations, over generated policies and people: payable + subsidy
//! = the amount charged, nothing negative, the highest-subsidy rule never gives less than any
//! single identity, a later payment never starts benefits earlier, and totals neither lose nor
//! create a fen.

use canbao::calc::benefit::{benefit_start, Enrollment};
use canbao::calc::resident::{contribution, department_budget, group_subsidy, Person};
use canbao::id::Date;
use canbao::money::Rounding;
use canbao::policy::{self, Policy};
use rust_decimal::Decimal;
use serde_json::{json, Value};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// A random amount in fen, as "123.45".
fn amount(rng: &mut Rng, max_fen: u64) -> String {
    let f = rng.below(max_fen + 1);
    format!("{}.{:02}", f / 100, f % 100)
}

/// A resident-scheme policy with random amounts and 1–6 groups of every subsidy shape.
fn random_policy(rng: &mut Rng) -> Policy {
    let individual_fen = 1 + rng.below(100_000);
    let groups: Vec<Value> = (0..1 + rng.below(6))
        .map(|i| {
            let subsidy = match rng.below(4) {
                0 => json!({"kind": "full"}),
                1 => json!({"kind": "fixed", "amount": amount(rng, individual_fen)}),
                2 => json!({
                    "kind": "percent",
                    "percent": format!("{}.{}", rng.below(100), rng.below(10)),
                    "rounding": Rounding::NAMES[rng.below(12) as usize].0,
                }),
                _ => json!({"kind": "none"}),
            };
            json!({"id": format!("g{i}"), "name": {"zh": "组", "en": "g"},
                   "department": format!("d{}", rng.below(3)), "subsidy": subsidy})
        })
        .collect();
    let v = json!({
        "formatVersion": 1, "id": "random", "name": {"zh": "随机", "en": "random"}, "coverageYear": 2025,
        "departments": (0..3).map(|d| json!({"id": format!("d{d}"), "name": {"zh": "部门", "en": "dept"}})).collect::<Vec<_>>(),
        "resident": {
            "individual": format!("{}.{:02}", individual_fen / 100, individual_fen % 100),
            "fiscal": amount(rng, 100_000), "groups": groups, "multipleGroups": "highest"
        }
    });
    policy::from_value(&v).unwrap_or_else(|e| panic!("{e}\n{v:#}"))
}

fn random_person(rng: &mut Rng, p: &Policy) -> Person {
    let groups = &p.resident.as_ref().unwrap().groups;
    Person {
        groups: groups
            .iter()
            .filter(|_| rng.below(3) == 0)
            .map(|g| g.id.clone())
            .collect(),
        payment_date: None,
        category: None,
    }
}

#[test]
fn contributions_add_up_and_the_highest_subsidy_wins() {
    let mut rng = Rng(0x5eed_c0de);
    for _ in 0..300 {
        let p = random_policy(&mut rng);
        let res = p.resident.as_ref().unwrap();
        for _ in 0..20 {
            let person = random_person(&mut rng, &p);
            let c = contribution(&p, &person).unwrap();
            let individual = res.amounts.unwrap().individual;
            assert_eq!(c.payable + c.subsidy, individual, "{person:?}");
            for x in [c.payable, c.subsidy, c.fiscal] {
                assert!(!x.is_sign_negative() || x.is_zero(), "negative {x}");
                assert!(x.scale() <= 2, "more than fen: {x}");
            }
            for id in &person.groups {
                let alone = group_subsidy(p.group(id).unwrap(), individual).unwrap();
                assert!(c.subsidy >= alone, "{id}: {} < {alone}", c.subsidy);
                let single = contribution(
                    &p,
                    &Person {
                        groups: vec![id.clone()],
                        payment_date: None,
                        category: None,
                    },
                )
                .unwrap();
                assert!(c.payable <= single.payable);
            }
            assert_eq!(c.applied_group.is_some(), !c.subsidy.is_zero());
        }
    }
}

#[test]
fn budget_totals_neither_lose_nor_create_a_fen() {
    let mut rng = Rng(0xb0d9e7);
    for _ in 0..100 {
        let p = random_policy(&mut rng);
        let people: Vec<Person> = (0..rng.below(200))
            .map(|_| random_person(&mut rng, &p))
            .collect();
        let b = department_budget(&p, &people).unwrap();
        let each: Vec<_> = people
            .iter()
            .map(|x| contribution(&p, x).unwrap())
            .collect();
        let sum = |f: fn(&canbao::calc::resident::Contribution) -> Decimal| {
            each.iter().map(f).sum::<Decimal>()
        };
        assert_eq!(b.totals.subsidy, sum(|c| c.subsidy));
        assert_eq!(b.totals.payable, sum(|c| c.payable));
        assert_eq!(b.totals.individual, b.totals.subsidy + b.totals.payable);
        let by_dept: Decimal = b.departments.iter().map(|l| l.subsidy).sum();
        assert_eq!(by_dept, b.totals.subsidy);
        let counted: u64 = b.departments.iter().map(|l| l.people).sum::<u64>() + b.unsubsidised;
        assert_eq!(counted, people.len() as u64);
        assert_eq!(b.totals.people, people.len() as u64);
    }
}

fn date_from(days: i64) -> Date {
    Date::from_days_since_epoch(days).unwrap()
}

/// Policies with collection periods: the county example, and the national 2026 rule with a
/// local period, an extended period and a newborn window (from the shared vectors).
fn dated_policies() -> Vec<Policy> {
    let v: Value = serde_json::from_str(include_str!("vectors/calc.json")).unwrap();
    vec![
        policy::preset("county-example-2024").unwrap(),
        policy::from_value(&v["policies"]["test-local-2026"]).unwrap(),
    ]
}

#[test]
fn a_later_payment_never_starts_benefits_earlier() {
    let mut rng = Rng(0x1a7e);
    for p in dated_policies() {
        let year = p.coverage_year;
        let opens = Date::new(year - 1, 9, 1).unwrap().days_since_epoch();
        let closes = Date::new(year, 12, 31).unwrap().days_since_epoch();
        let groups: Vec<String> = p
            .resident
            .as_ref()
            .unwrap()
            .groups
            .iter()
            .map(|g| g.id.clone())
            .collect();
        for _ in 0..3000 {
            let lapsed = rng.below(7) as u32;
            let extra = rng.below(lapsed as u64 + 1) as u32;
            let birth = (rng.below(3) == 0)
                .then(|| date_from(opens + rng.below((closes - opens) as u64) as i64));
            let first = birth.map_or(opens, |b| b.days_since_epoch().max(opens));
            let a = first + rng.below((closes - first) as u64 + 1) as i64;
            let b = a + rng.below((closes - a) as u64 + 1) as i64;
            let held: Vec<String> = groups
                .iter()
                .filter(|_| rng.below(4) == 0)
                .cloned()
                .collect();
            let at = |day: i64| {
                let e = Enrollment {
                    coverage_year: year,
                    payment_date: date_from(day),
                    birth_date: birth,
                    lapsed_years: lapsed,
                    extra_years_paid: extra,
                    groups: held.clone(),
                    in_collection_period: None,
                    category: None,
                    previous_year_paid: false,
                };
                benefit_start(&p, &e).unwrap_or_else(|err| panic!("{e:?}: {err}"))
            };
            let (x, y) = (at(a), at(b));
            assert!(
                x.benefit_start <= y.benefit_start,
                "{}: paid {} → {:?}, paid {} → {:?} (lapsed {lapsed}, extra {extra}, birth {birth:?}, groups {held:?})",
                p.id, date_from(a), x.benefit_start, date_from(b), y.benefit_start
            );
            // More extra years paid never make the wait longer.
            if extra < lapsed {
                let e = Enrollment {
                    coverage_year: year,
                    payment_date: date_from(a),
                    birth_date: birth,
                    lapsed_years: lapsed,
                    extra_years_paid: extra + 1,
                    groups: held.clone(),
                    in_collection_period: None,
                    category: None,
                    previous_year_paid: false,
                };
                assert!(benefit_start(&p, &e).unwrap().benefit_start <= x.benefit_start);
            }
        }
    }
}

/// A policy with random dated rules: collection periods (or none, or only an extension),
/// late payment in any counting (or none stated), the 2025 waiting rule, a newborn window in
/// days or months with any after-window rule (or none), exempt groups.
fn random_dated_policy(rng: &mut Rng) -> Value {
    let year = 2024 + rng.below(3) as i64;
    let pick = |rng: &mut Rng, xs: &[&str]| xs[rng.below(xs.len() as u64) as usize].to_string();
    let mut res = json!({
        "individual": "400.00", "fiscal": "670.00", "multipleGroups": "highest",
        "groups": [
            {"id": "a", "name": {"zh": "甲", "en": "A"}, "department": "d", "subsidy": {"kind": "full"}},
            {"id": "b", "name": {"zh": "乙", "en": "B"}, "department": "d"}
        ]
    });
    match rng.below(3) {
        0 => {
            let end_month = 10 + rng.below(3);
            let mut c = json!({"periods": [{"start": format!("{}-09-01", year - 1), "end": format!("{}-{end_month:02}-28", year - 1)}]});
            if rng.below(2) == 0 {
                c["extended"] = json!({"end": format!("{year}-0{}-15", 1 + rng.below(6))});
                if rng.below(2) == 0 {
                    c["extended"]["benefitFrom"] = json!(pick(
                        rng,
                        &[
                            "coverage_start",
                            "payment_date",
                            "day_after_payment",
                            "first_of_next_month",
                            "late_payment"
                        ]
                    ));
                }
            }
            res["collection"] = c;
        }
        1 => res["collection"] = json!({"extended": {"end": format!("{year}-06-30")}}),
        _ => {}
    }
    if rng.below(3) > 0 {
        if rng.below(2) == 0 {
            res["waitingPeriod"] = json!({
                "fixedMonths": rng.below(4), "variableMonthsPerLapsedYear": 1, "lapsedYearsWithoutVariable": 1,
                "repairMonthsPerExtraYear": 1, "extraYearPrice": "individual", "longLapseYears": 4,
                "longLapseMinMonths": 6, "exemptGroups": ["a"],
                "exemptFrom": pick(rng, &["payment_date", "day_after_payment", "first_of_next_month"]),
                "counting": "day_to_day",
                "from": pick(rng, &["payment_date", "day_after_payment", "first_of_next_month"])
            });
            if rng.below(2) == 0 {
                res["waitingPeriod"]["counting"] = json!("whole_months");
                res["waitingPeriod"]["from"] = json!("payment_date");
            }
            if rng.below(2) == 0 {
                res["latePayment"] =
                    json!({"charge": pick(rng, &["individual", "full_financing"])});
            }
        } else {
            res["latePayment"] = if rng.below(2) == 0 {
                json!({ "waitingMonths": rng.below(7), "counting": "whole_months" })
            } else {
                json!({
                    "waitingMonths": rng.below(7),
                    "from": pick(rng, &["payment_date", "day_after_payment", "first_of_next_month"])
                })
            };
        }
    }
    if rng.below(3) > 0 {
        res["newborn"] = if rng.below(2) == 0 {
            json!({"windowMonths": 1 + rng.below(12)})
        } else {
            json!({"windowDays": 1 + rng.below(365)})
        };
        res["newborn"]["afterWindow"] = json!(pick(
            rng,
            &[
                "month_after_payment",
                "payment_date",
                "day_after_payment",
                "first_of_next_month",
                "general_rules"
            ]
        ));
    }
    json!({
        "formatVersion": 2, "id": "random-dated", "name": {"zh": "随机", "en": "random"}, "coverageYear": year,
        "departments": [{"id": "d", "name": {"zh": "部门", "en": "dept"}}],
        "resident": res
    })
}

/// No benefit start is ever before the birth date or outside what the coverage year allows:
/// from birth, at the earliest the year before (a baby born then, with that year paid too);
/// otherwise from the coverage year's January 1; `withinCoverageYear` exactly when it starts
/// by December 31; no date only for a late payment under a policy that states no rule.
#[test]
fn benefits_never_start_before_birth_or_outside_the_coverage_year() {
    let mut rng = Rng(0xb17_5a7e);
    let mut counts = [0u32; 4];
    for _ in 0..400 {
        let v = random_dated_policy(&mut rng);
        let p = policy::from_value(&v).unwrap_or_else(|e| panic!("{e}\n{v:#}"));
        // Written out and read back, the same rules.
        assert_eq!(policy::from_value(&p.to_value()).as_ref(), Ok(&p), "{v:#}");
        let year = p.coverage_year;
        let jan1 = Date::new(year, 1, 1).unwrap();
        let dec31 = Date::new(year, 12, 31).unwrap();
        let first = Date::new(year - 1, 1, 1).unwrap().days_since_epoch();
        for _ in 0..60 {
            let birth = (rng.below(2) == 0).then(|| date_from(first + rng.below(730) as i64));
            let earliest = birth.map_or(first + 240, |b| b.days_since_epoch());
            let span = (dec31.days_since_epoch() + 200 - earliest).max(1) as u64;
            let paid = date_from(earliest + rng.below(span) as i64);
            let lapsed = rng.below(6) as u32;
            let e = Enrollment {
                coverage_year: year,
                payment_date: paid,
                birth_date: birth,
                lapsed_years: lapsed,
                extra_years_paid: rng.below(lapsed as u64 + 1) as u32,
                groups: ["a", "b"]
                    .iter()
                    .filter(|_| rng.below(3) == 0)
                    .map(|s| s.to_string())
                    .collect(),
                in_collection_period: p
                    .resident
                    .as_ref()
                    .unwrap()
                    .collection
                    .is_none()
                    .then(|| rng.below(2) == 0),
                category: None,
                previous_year_paid: rng.below(2) == 0,
            };
            let Ok(b) = benefit_start(&p, &e) else {
                counts[3] += 1; // refused input (paid before the period opens, after the year)
                continue;
            };
            let Some(start) = b.benefit_start else {
                assert!(
                    p.resident.as_ref().unwrap().late_payment.is_none(),
                    "no date although a late-payment rule exists: {e:?}\n{v:#}"
                );
                counts[2] += 1;
                continue;
            };
            if let Some(born) = birth {
                assert!(start >= born, "{start} before birth {born}: {e:?}\n{v:#}");
            }
            if b.covered_from_birth {
                assert_eq!(Some(start), birth);
                counts[0] += 1;
            } else {
                assert!(start >= jan1, "{start} before {jan1}: {e:?}\n{v:#}");
                counts[1] += 1;
            }
            assert!(start.year() + 1 >= year, "{start}: {e:?}");
            assert_eq!(b.within_coverage_year, start <= dec31, "{start}: {e:?}");
            // The payment date never comes after the start for payments outside the period,
            // except when the start is the coverage year's beginning or the birth date.
            if start > jan1 && Some(start) != birth {
                assert!(
                    start >= paid.min(dec31),
                    "{start} before payment {paid}: {e:?}\n{v:#}"
                );
            }
        }
    }
    // Every kind of answer was reached.
    assert!(counts.iter().all(|&n| n > 20), "{counts:?}");
}
