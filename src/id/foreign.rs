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
//!   "turned into digits"), the 8-digit birth date, a 3-digit sequence and the check. As in
//!   GB 11643, the sequence's last digit gives the sex (odd: male): the NIA's samples
//!   932682198501010017 (Jiangsu, Saudi Arabia 682, male) and 911124198108030024 (Beijing,
//!   Canada 124, female); the NIA's notice: <https://www.nia.gov.cn/n741440/n741542/c1599039/content.html>.
//!
//! Checked here: the province is a mainland province code (of the region table), the
//! nationality an ISO 3166-1 code (numeric in the 2023 form, alpha-3 in the 2017 form; the
//! table is generated from PyPI `iso3166` 3.0.0 by `tools/gen_countries.py`) and not China
//! (nor its Hong Kong, Macau and Taiwan entries, whose people hold other documents).
//!
//! Positions in problems are in cleaned coordinates (see [`super::resident`]).

#[allow(clippy::all)]
#[rustfmt::skip]
mod table {
    include!("country_table.rs");
}

use super::date::Date;
use super::error::{ErrorCode, Problem, Problems};
use super::normalize::normalize_text;
use super::resident::{birth18, check_birth, num, require_digits, shape18};
use super::{region, Kind, Options, Parsed, Sex};

/// ISO 3166-1 numeric codes of China and of its Hong Kong, Macau and Taiwan entries: never the
/// nationality on a foreigner's card.
const CHINA: [u16; 4] = [156, 158, 344, 446];

/// Whether `n` is an ISO 3166-1 numeric country code other than China's.
pub fn is_nationality_numeric(n: u16) -> bool {
    !CHINA.contains(&n) && table::COUNTRIES.binary_search_by_key(&n, |c| c.0).is_ok()
}

/// Whether `a` (upper case) is an ISO 3166-1 alpha-3 country code other than China's.
pub fn is_nationality_alpha3(a: &[u8]) -> bool {
    table::COUNTRIES
        .iter()
        .any(|c| c.1 == a && !CHINA.contains(&c.0))
}

/// Whether `p` is the two-digit code of a mainland province (a province-level region code).
fn is_mainland_province(p: u32) -> bool {
    (11..71).contains(&p) && region::ever_existed(p * 10000)
}

/// A valid foreigner's permanent residence ID number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermanentResidenceId {
    /// The cleaned number.
    pub number: String,
    /// `Foreign2017` or `Foreign2023`.
    pub kind: Kind,
    /// Date of birth.
    pub birth: Date,
    /// The nationality code: ISO 3166-1 alpha-3 letters (2017 form) or numeric (2023 form).
    pub nationality: String,
}

/// Cleans a permanent residence ID number without checking it.
pub fn normalize(text: &str) -> Result<String, Problem> {
    normalize_text(text)
}

/// Parses a permanent residence ID number, 2017 or 2023 form, into its parts.
pub fn parse(text: &str, opts: &Options) -> Result<PermanentResidenceId, Problems> {
    let (n, p) = super::parse_as(text, opts, &[Kind::Foreign2017, Kind::Foreign2023])?;
    let s = n.as_str();
    let nationality = if p.kind == Kind::Foreign2017 {
        &s[0..3]
    } else {
        &s[3..6]
    };
    Ok(PermanentResidenceId {
        number: s.to_string(),
        kind: p.kind,
        birth: p.birth,
        nationality: nationality.to_string(),
    })
}

/// Validates a permanent residence ID number; the answer is its cleaned form.
pub fn validate(text: &str, opts: &Options) -> Result<String, Problems> {
    parse(text, opts).map(|p| p.number)
}

/// Checks 18 cleaned characters starting with 9.
pub(crate) fn check2023(b: &[u8], opts: &Options) -> Result<Parsed, Problems> {
    let Some(b) = b.first_chunk::<18>() else {
        return Err(Problems::one(Problem::new(ErrorCode::WrongLength)));
    };
    let expected = shape18(b)?;
    let mut ps = Problems::default();
    if !is_mainland_province(num::<2>(b, 1)) {
        ps.push(Problem::at(ErrorCode::ForeignInvalidProvince, 1));
    }
    if !is_nationality_numeric(num::<3>(b, 3) as u16) {
        ps.push(Problem::at(ErrorCode::ForeignInvalidNationality, 3));
    }
    let birth = birth18(b);
    check_birth(birth, 6, opts, &mut ps);
    if expected != b[17] {
        ps.push(Problem::at(ErrorCode::ChecksumMismatch, 17));
    }
    match birth {
        Some(birth) if ps.is_empty() => Ok(Parsed {
            kind: Kind::Foreign2023,
            birth,
            sex: Some(Sex::from_digit(b[16] - b'0')),
            region_code: 0,
            warning: None,
        }),
        _ => Err(ps),
    }
}

/// Checks 15 cleaned characters starting with a letter.
pub(crate) fn check2017(b: &[u8], opts: &Options) -> Result<Parsed, Problems> {
    if let Some(i) = b[..3].iter().position(|c| !c.is_ascii_uppercase()) {
        return Err(Problems::one(Problem::at(
            ErrorCode::InvalidCharacter,
            i as u32,
        )));
    }
    require_digits(b, 3, 15)?;
    if !is_nationality_alpha3(&b[..3]) {
        return Err(Problems::one(Problem::at(
            ErrorCode::ForeignInvalidNationality,
            0,
        )));
    }
    let (yy, mm, dd) = (
        num::<2>(b, 7) as u16,
        num::<2>(b, 9) as u8,
        num::<2>(b, 11) as u8,
    );
    // The two-digit year is read in the latest century that does not put the birth in the future.
    let birth = match Date::new(2000 + yy, mm, dd) {
        Some(d) if d <= opts.reference => Some(d),
        _ => Date::new(1900 + yy, mm, dd),
    };
    let mut ps = Problems::default();
    check_birth(birth, 7, opts, &mut ps);
    match birth {
        Some(birth) if ps.is_empty() => Ok(Parsed {
            kind: Kind::Foreign2017,
            birth,
            sex: None,
            region_code: 0,
            warning: None,
        }),
        _ => Err(ps),
    }
}
