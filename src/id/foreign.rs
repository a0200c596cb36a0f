//! Foreigners' permanent residence ID numbers (外国人永久居留身份证).
//!
//! Source: National Immigration Administration, 《新版外国人永久居留身份证机读信息规则（2023版）》
//! (published with the 2023-09-15 announcement; the new card is issued from 2023-12-01), as
//! relayed by card-reader vendors' adaptation notes:
//! * 2017 form: 15 characters = 3 Latin letters (ISO 3166-1 alpha-3 nationality) + 12 digits:
//!   4-digit accepting-office code, 6-digit birth date YYMMDD, 2 digits of sequence/check.
//!   The check algorithm of this form is not published, so it is not verified here.
//! * 2023 form: 18 characters = 17 digits + MOD 11-2 check (as GB 11643). The first digit is
//!   always 9 (Chinese citizens' numbers start with 1–8); then a 2-digit accepting-province
//!   code, a 3-digit numeric nationality code (ISO 3166-1 numeric, the letters of the old form
//!   "turned into digits"), the 8-digit birth date, a 3-digit sequence and the check.

use super::date::{digits, Date};
use super::error::{ErrorCode, Problems};
use super::normalize::Normalized;
use super::resident::{check_birth, check_mod11, require_18_shape, require_digits};
use super::{Kind, Options, Parsed};

/// Checks a cleaned 18-character number starting with 9.
pub(crate) fn check2023(n: &Normalized, opts: &Options) -> Result<Parsed, Problems> {
    require_18_shape(n)?;
    let b = n.as_bytes();
    let mut ps = Problems::default();
    if &b[3..6] == b"000" {
        ps.push(n.problem_at(ErrorCode::ForeignInvalidNationality, 3));
    }
    let birth = Date::new(
        digits(&b[6..10]).unwrap_or(0) as u16,
        digits(&b[10..12]).unwrap_or(0) as u8,
        digits(&b[12..14]).unwrap_or(0) as u8,
    );
    check_birth(n, birth, 6, opts, &mut ps);
    check_mod11(n, &mut ps);
    match birth {
        Some(birth) if ps.is_empty() => Ok(Parsed {
            kind: Kind::Foreign2023,
            birth,
            sex: None,
            region_code: 0,
        }),
        _ => Err(ps),
    }
}

/// Checks a cleaned 15-character number starting with a letter.
pub(crate) fn check2017(n: &Normalized, opts: &Options) -> Result<Parsed, Problems> {
    let b = n.as_bytes();
    if let Some(i) = b[..3].iter().position(|c| !c.is_ascii_uppercase()) {
        return Err(Problems::one(n.problem_at(ErrorCode::InvalidCharacter, i)));
    }
    require_digits(n, 3, 15)?;
    let (yy, mm, dd) = (
        digits(&b[7..9]).unwrap_or(0) as u16,
        digits(&b[9..11]).unwrap_or(0) as u8,
        digits(&b[11..13]).unwrap_or(0) as u8,
    );
    // The two-digit year is read in the latest century that does not put the birth in the future.
    let birth = match Date::new(2000 + yy, mm, dd) {
        Some(d) if d <= opts.reference => Some(d),
        _ => Date::new(1900 + yy, mm, dd),
    };
    let mut ps = Problems::default();
    check_birth(n, birth, 7, opts, &mut ps);
    match birth {
        Some(birth) if ps.is_empty() => Ok(Parsed {
            kind: Kind::Foreign2017,
            birth,
            sex: None,
            region_code: 0,
        }),
        _ => Err(ps),
    }
}
