//! The TypeScript declarations (src/wasm/types.rs) name exactly the values the Rust code
//! defines, in both directions: every code list and enum of the JS API, read from the
//! declaration text and compared with the Rust list it mirrors.

use std::collections::BTreeSet;

use canbao::id::{ErrorCode, Kind, RegionCheck};
use canbao::input::IssueCode;
use canbao::money::Rounding;
use canbao::policy::RefundReason;
use canbao::token::{canonical::Field, Scheme};

const TYPES: &str = include_str!("../src/wasm/types.rs");

/// The string literals of a union that follows `start` in the declarations (up to `;` or the
/// end of the line for a property).
fn union_after(start: &str) -> BTreeSet<String> {
    let at = TYPES
        .find(start)
        .unwrap_or_else(|| panic!("{start} is not in src/wasm/types.rs"));
    let rest = &TYPES[at + start.len()..];
    let end = rest.find(';').unwrap_or(rest.len());
    let body = &rest[..end];
    let set: BTreeSet<String> = body
        .split('|')
        .map(|part| part.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for s in &set {
        assert!(
            s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
            "{start}: {s:?} is not a string literal"
        );
    }
    set
}

fn names<'a>(it: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    it.into_iter().map(str::to_string).collect()
}

#[test]
fn error_codes() {
    assert_eq!(
        union_after("export type ErrorCode ="),
        names(ErrorCode::ALL.iter().map(|c| c.code()))
    );
}

#[test]
fn id_kinds_and_region_levels() {
    assert_eq!(
        union_after("export type IdKind ="),
        names(Kind::ALL.iter().map(|k| k.name()))
    );
    assert_eq!(
        union_after("regionCheck?:"),
        names(
            [
                RegionCheck::Strict,
                RegionCheck::Known,
                RegionCheck::Lenient
            ]
            .iter()
            .map(|r| r.name())
        )
    );
    for name in union_after("regionCheck?:") {
        assert!(RegionCheck::from_name(&name).is_some(), "{name}");
    }
}

#[test]
fn policy_problems_rounding_and_refunds() {
    // Every IssueCode is in ALL: the discriminants are 0..N and ALL holds N distinct codes.
    let codes = names(IssueCode::ALL.iter().map(|c| c.code()));
    assert_eq!(codes.len(), IssueCode::Inconsistent as usize + 1);
    assert_eq!(union_after("export type ProblemCode ="), codes);
    assert_eq!(
        union_after("export type RoundingRule ="),
        names(Rounding::NAMES.iter().map(|(n, _)| *n))
    );
    assert_eq!(
        union_after("export type RefundReason ="),
        names(RefundReason::NAMES.iter().map(|(n, _)| *n))
    );
}

#[test]
fn token_schemes_and_fields() {
    assert_eq!(
        union_after("export type TokenScheme ="),
        names(Scheme::ALL.iter().map(|s| s.name()))
    );
    assert_eq!(
        union_after("export type TokenField ="),
        names(Field::ALL.iter().map(|f| f.name()))
    );
}

#[cfg(feature = "roster")]
#[test]
fn roster_roles() {
    use canbao::roster::header::Role;
    assert_eq!(
        union_after("export type RosterRole ="),
        names(Role::ALL.iter().map(|r| r.name()))
    );
}

#[test]
fn enrollment_form_codes_and_fields() {
    let mut expected = names(ErrorCode::ALL.iter().map(|c| c.code()));
    expected.extend(names(canbao::intake::FORM_CODES));
    let mut declared = union_after("export type EnrollmentProblemCode =");
    assert!(
        declared.remove("ErrorCode"),
        "EnrollmentProblemCode includes ErrorCode"
    );
    declared.extend(names(ErrorCode::ALL.iter().map(|c| c.code())));
    assert_eq!(declared, expected);
    assert_eq!(union_after("  field:"), names(canbao::intake::FIELDS));
}

#[test]
fn roster_error_and_row_codes() {
    use canbao::roster::{pipeline::RowCode, RosterCode};
    assert_eq!(
        union_after("export type RosterErrorCode ="),
        names(RosterCode::ALL.iter().map(|c| c.code()))
    );
    assert_eq!(
        union_after("export type RosterRowCode ="),
        names(RowCode::ALL.iter().map(|c| c.code()))
    );
    assert_eq!(
        union_after("export type SecretErrorCode ="),
        names(canbao::token::SecretError::ALL.iter().map(|c| c.code()))
    );
}

/// The property names of an interface of the declarations (`export interface Name … { … }`,
/// one level: nested objects are written as named types).
fn interface_keys(name: &str) -> BTreeSet<String> {
    let start = format!("export interface {name} ");
    let at = TYPES
        .find(&start)
        .unwrap_or_else(|| panic!("{name} is not in src/wasm/types.rs"));
    let rest = &TYPES[at..];
    let open = rest.find('{').unwrap() + 1;
    let mut depth = 1;
    let mut end = open;
    for (i, c) in rest[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    end = open + i;
                    break;
                }
            }
            _ => {}
        }
    }
    let body = &rest[open..end];
    let mut keys = BTreeSet::new();
    let mut depth = 0;
    let mut in_comment = false;
    for part in body.split_inclusive([';', '\n']) {
        let line = part.trim();
        if line.starts_with("/**") || in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        if depth == 0 {
            if let Some((key, _)) = line.split_once(':') {
                let key = key.trim().trim_end_matches('?');
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric()) {
                    keys.insert(key.to_string());
                }
            }
        }
        depth += part.matches('{').count() as i32 - part.matches('}').count() as i32;
    }
    keys
}

/// Every calculation input interface names exactly the fields its Rust reader accepts.
#[test]
fn calculation_inputs() {
    use canbao::calc::{benefit, coverage, employee, incentive, refund, resident};
    for (name, keys) in [
        ("PersonInput", &resident::Person::KEYS[..]),
        ("EnrollmentInput", &benefit::Enrollment::KEYS[..]),
        ("QuoteInput", &canbao::api::QUOTE_KEYS[..]),
        ("WageInput", &employee::WAGE_KEYS[..]),
        ("RefundInput", &refund::RefundRequest::KEYS[..]),
        ("CapInput", &incentive::CAP_KEYS[..]),
        ("CoverageInputRow", &coverage::ROW_KEYS[..]),
    ] {
        assert_eq!(interface_keys(name), names(keys.iter().copied()), "{name}");
    }
    // The form: its fields, and the groups the quote and the export price.
    let mut form = names(canbao::intake::FIELDS);
    form.insert(canbao::intake::GROUPS_KEY.to_string());
    assert_eq!(interface_keys("EnrollmentForm"), form);
}

#[test]
fn campaign_codes() {
    use canbao::campaign::ledger::{Contact, LedgerKind};
    assert_eq!(
        union_after("export type LedgerKind ="),
        names(LedgerKind::ALL.iter().map(|k| k.code()))
    );
    assert_eq!(
        union_after("export type ContactResult ="),
        names(Contact::ALL.iter().map(|c| c.code()))
    );
    assert_eq!(
        union_after("export type LedgerFindingCode ="),
        names(
            canbao::campaign::verify::FindingCode::ALL
                .iter()
                .map(|c| c.code())
        )
    );
}
