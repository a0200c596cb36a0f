//! Resident identity numbers (GB 11643-1999): 18 digits, and the legacy 15-digit form.
//!
//! 18 digits: 6-digit region (GB/T 2260) · 8-digit birth date · 3-digit sequence (odd = male)
//! · ISO 7064 MOD 11-2 check character (0–9 or X).
//! 15 digits (issued before 1999): 6-digit region · YYMMDD in 19xx · 3-digit sequence; no check.

use super::checksum::mod11_2;
use super::date::{digits, Date};
use super::error::{ErrorCode, Problem, Problems};
use super::normalize::{normalize, Normalized};
use super::{region, Kind, Options, Parsed, Sex};

/// Oldest accepted age, in completed years at the reference date. The GB 11643 example
/// number (born 1880) is still accepted; a birth date before that limit is not plausible.
pub const MAX_AGE: u16 = 150;

/// Reports the first byte of `b[range]` that is not an ASCII digit.
pub(crate) fn require_digits(n: &Normalized, from: usize, to: usize) -> Result<(), Problems> {
    match n.as_bytes()[from..to]
        .iter()
        .position(|c| !c.is_ascii_digit())
    {
        Some(i) => Err(Problems::one(
            n.problem_at(ErrorCode::InvalidCharacter, from + i),
        )),
        None => Ok(()),
    }
}

/// Checks a birth date read at cleaned position `at`, pushing any problem.
pub(crate) fn check_birth(
    n: &Normalized,
    birth: Option<Date>,
    at: usize,
    opts: &Options,
    ps: &mut Problems,
) {
    match birth {
        None => ps.push(n.problem_at(ErrorCode::InvalidDate, at)),
        Some(d) if d > opts.reference => ps.push(n.problem_at(ErrorCode::BirthInFuture, at)),
        Some(d) if d.age_on(opts.reference) > MAX_AGE => {
            ps.push(n.problem_at(ErrorCode::BirthTooOld, at))
        }
        Some(_) => {}
    }
}

/// Province-level codes from 71 up (Taiwan 71, Hong Kong 81, Macau 82) are in GB/T 2260 but
/// are not issued on resident IDs; permit holders have the exact codes 810000/820000/830000.
const FIRST_NON_MAINLAND_PROVINCE: u32 = 71;

fn check_region(n: &Normalized, code: u32, birth: Option<Date>, opts: &Options, ps: &mut Problems) {
    if code / 10000 >= FIRST_NON_MAINLAND_PROVINCE || !region::ever_existed(code) {
        ps.push(n.problem_at(ErrorCode::RegionUnknown, 0));
    } else if let (true, Some(b)) = (opts.strict_region, birth) {
        if !region::existed_in(code, b.year()) {
            ps.push(n.problem_at(ErrorCode::RegionNotInBirthYear, 0));
        }
    }
}

/// Checks the MOD 11-2 check character of an 18-character number, pushing any problem.
pub(crate) fn check_mod11(n: &Normalized, ps: &mut Problems) {
    let b = n.as_bytes();
    let body: &[u8; 17] = b[..17].try_into().expect("18 characters");
    if mod11_2(body) != Some(b[17]) {
        ps.push(n.problem_at(ErrorCode::ChecksumMismatch, 17));
    }
}

/// Checks the character classes of an 18-character MOD 11-2 number: 17 digits then a digit or X.
pub(crate) fn require_18_shape(n: &Normalized) -> Result<(), Problems> {
    require_digits(n, 0, 17)?;
    let last = n.as_bytes()[17];
    if !(last.is_ascii_digit() || last == b'X') {
        return Err(Problems::one(n.problem_at(ErrorCode::InvalidCharacter, 17)));
    }
    Ok(())
}

/// Checks an 18-character cleaned number of kind `kind` (resident or residence permit).
pub(crate) fn check18(n: &Normalized, kind: Kind, opts: &Options) -> Result<Parsed, Problems> {
    require_18_shape(n)?;
    let b = n.as_bytes();
    let code = digits(&b[0..6]).unwrap_or(0);
    let birth = Date::new(
        digits(&b[6..10]).unwrap_or(0) as u16,
        digits(&b[10..12]).unwrap_or(0) as u8,
        digits(&b[12..14]).unwrap_or(0) as u8,
    );
    let mut ps = Problems::default();
    if kind == Kind::Resident18 {
        check_region(n, code, birth, opts, &mut ps);
    }
    check_birth(n, birth, 6, opts, &mut ps);
    check_mod11(n, &mut ps);
    match birth {
        Some(birth) if ps.is_empty() => Ok(Parsed {
            kind,
            birth,
            sex: Some(Sex::from_digit(b[16])),
            region_code: code,
        }),
        _ => Err(ps),
    }
}

/// Checks a 15-digit cleaned legacy number.
pub(crate) fn check15(n: &Normalized, opts: &Options) -> Result<Parsed, Problems> {
    require_digits(n, 0, 15)?;
    let b = n.as_bytes();
    let code = digits(&b[0..6]).unwrap_or(0);
    let birth = Date::new(
        1900 + digits(&b[6..8]).unwrap_or(0) as u16,
        digits(&b[8..10]).unwrap_or(0) as u8,
        digits(&b[10..12]).unwrap_or(0) as u8,
    );
    let mut ps = Problems::default();
    check_region(n, code, birth, opts, &mut ps);
    check_birth(n, birth, 6, opts, &mut ps);
    match birth {
        Some(birth) if ps.is_empty() => Ok(Parsed {
            kind: Kind::Resident15,
            birth,
            sex: Some(Sex::from_digit(b[14])),
            region_code: code,
        }),
        _ => Err(ps),
    }
}

/// The 18-digit form of a valid 15-digit number: `19` inserted before the year, check appended.
pub fn upgrade15(text: &str, opts: &Options) -> Result<String, Problems> {
    let n = normalize(text).map_err(Problems::one)?;
    if n.len() != 15 {
        return Err(Problems::one(Problem::new(ErrorCode::WrongLength)));
    }
    check15(&n, opts)?;
    let b = n.as_bytes();
    let mut body = [0u8; 17];
    body[..6].copy_from_slice(&b[..6]);
    body[6..8].copy_from_slice(b"19");
    body[8..].copy_from_slice(&b[6..15]);
    let check = mod11_2(&body).unwrap_or(b'0');
    let mut out = String::with_capacity(18);
    out.extend(body.iter().map(|&c| c as char));
    out.push(check as char);
    Ok(out)
}
