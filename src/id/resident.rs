//! Resident identity numbers (GB 11643-1999): 18 digits, and the legacy 15-digit form.
//!
//! 18 digits: 6-digit region (GB/T 2260) · 8-digit birth date · 3-digit sequence (odd = male)
//! · ISO 7064 MOD 11-2 check character (0–9 or X).
//! 15 digits (issued before 1999): 6-digit region · YYMMDD in 19xx · 3-digit sequence; no check.
//!
//! The checks here read cleaned bytes (see [`mod@super::normalize`]) and report positions in
//! cleaned coordinates; [`super::check`] maps them back to the caller's text.

use super::checksum::{mod11_2, mod11_2_of_digits, mod11_2_sum};
use super::date::Date;
use super::error::{ErrorCode, Problem, Problems};
use super::normalize::{self as cleaning, normalize_text};
use super::{region, swar, Kind, Options, Parsed, RegionCheck, Sex};

/// Oldest accepted age, in completed years at the reference date. The GB 11643 example
/// number (born 1880) is still accepted; a birth date before that limit is not plausible.
pub const MAX_AGE: u16 = 150;

/// Province-level codes from 71 up (Taiwan 71, Hong Kong 81, Macau 82) are in GB/T 2260 but
/// are not issued on resident IDs; permit holders have the exact codes 810000/820000/830000.
const FIRST_NON_MAINLAND_PROVINCE: u32 = 71;

/// Reports the first byte of `b[from..to]` that is not an ASCII digit.
pub(crate) fn require_digits(b: &[u8], from: usize, to: usize) -> Result<(), Problems> {
    match b[from..to].iter().position(|c| !c.is_ascii_digit()) {
        Some(i) => Err(Problems::one(Problem::at(
            ErrorCode::InvalidCharacter,
            (from + i) as u32,
        ))),
        None => Ok(()),
    }
}

/// The latest birth date (as YYYYMMDD) whose age on `reference` exceeds [`MAX_AGE`]: one
/// comparison per row instead of an age computation. 0 when no date is that old.
pub(crate) fn oldest_excluded(reference: Date) -> u32 {
    // age > MAX_AGE ⟺ birth ≤ (reference.year − MAX_AGE − 1, reference.month, reference.day)
    match reference.year().checked_sub(MAX_AGE + 1) {
        Some(y) => y as u32 * 10000 + reference.month() as u32 * 100 + reference.day() as u32,
        None => 0,
    }
}

/// Checks a birth date read at position `at`, pushing any problem.
#[inline(always)]
pub(crate) fn check_birth(birth: Option<Date>, at: u32, opts: &Options, ps: &mut Problems) {
    match birth {
        None => ps.push(Problem::at(ErrorCode::InvalidDate, at)),
        // YYYYMMDD numbers order as the dates do; one integer comparison each.
        Some(d) if d.yyyymmdd() > opts.reference.yyyymmdd() => {
            ps.push(Problem::at(ErrorCode::BirthInFuture, at))
        }
        Some(d) if d.yyyymmdd() <= oldest_excluded(opts.reference) => {
            ps.push(Problem::at(ErrorCode::BirthTooOld, at))
        }
        Some(_) => {}
    }
}

/// The region check: a problem in `ps`, or (lenient level, a code unknown in a known
/// mainland province) the returned warning.
#[inline(always)]
fn check_region(
    code: u32,
    birth: Option<Date>,
    opts: &Options,
    ps: &mut Problems,
) -> Option<Problem> {
    let province = code / 10000;
    if province >= FIRST_NON_MAINLAND_PROVINCE || !region::ever_existed(code) {
        let p = Problem::at(
            if region::is_statistical(code) {
                ErrorCode::RegionStatistical
            } else {
                ErrorCode::RegionUnknown
            },
            0,
        );
        let known_province =
            province < FIRST_NON_MAINLAND_PROVINCE && region::ever_existed(province * 10000);
        if opts.region == RegionCheck::Lenient && known_province {
            return Some(p);
        }
        ps.push(p);
    } else if let (RegionCheck::Strict, Some(b)) = (opts.region, birth) {
        if !region::existed_in(code, b.year()) {
            ps.push(Problem::at(ErrorCode::RegionNotInBirthYear, 0));
        }
    }
    None
}

/// The value of the ASCII digits `b[from..from + N]` (the caller has checked they are digits).
#[inline(always)]
pub(crate) fn num<const N: usize>(b: &[u8], from: usize) -> u32 {
    let mut v = 0u32;
    for i in 0..N {
        v = v * 10 + b[from + i].wrapping_sub(b'0') as u32;
    }
    v
}

/// An 18-character number as the batch hot path reads it: its first sixteen bytes as two
/// little-endian words, and the last two bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Digits18 {
    lo: u64,
    hi: u64,
    c16: u8,
    c17: u8,
}

impl Digits18 {
    #[inline(always)]
    pub(crate) fn read(b: &[u8; 18]) -> Digits18 {
        Digits18 {
            lo: swar::word(b, 0),
            hi: swar::word(b, 8),
            c16: b[16],
            c17: b[17],
        }
    }
    /// The shape of an 18-character MOD 11-2 number: 17 ASCII digits, then a digit or X.
    #[inline(always)]
    pub(crate) fn is_shaped(self) -> bool {
        swar::all_digits(self.lo)
            && swar::all_digits(self.hi)
            && self.c16.is_ascii_digit()
            && (self.c17.is_ascii_digit() || self.c17 == b'X')
    }
    /// The first character.
    pub(crate) fn first(self) -> u8 {
        self.lo as u8
    }
    /// The 17th character (the sex digit of a resident ID).
    pub(crate) fn c16(self) -> u8 {
        self.c16
    }
    /// The 6-digit code in front (region, or a permit's prefix).
    #[inline(always)]
    pub(crate) fn code(self) -> u32 {
        swar::number6(self.lo)
    }
    /// The [`swar::pairs`] of characters 6..14 (YYYYMMDD of a resident ID).
    #[inline(always)]
    pub(crate) fn date_pairs(self) -> u64 {
        swar::pairs(swar::values(self.lo >> 48 | self.hi << 16))
    }
    /// The check character.
    pub(crate) fn c17(self) -> u8 {
        self.c17
    }
    /// The numbers the batch check reads (of a shaped row): region code, YYYYMMDD, its
    /// pairs (century, year, month, day) and the MOD 11-2 sum of the first 17 digits.
    #[inline(always)]
    pub(crate) fn fields(self) -> Fields {
        let pairs = self.date_pairs();
        Fields {
            code: self.code(),
            ymd: swar::number8(pairs),
            century: pairs as u32 & 0xFF,
            year: (pairs >> 16) as u32 & 0xFF,
            month: (pairs >> 32) as u32 & 0xFF,
            day: (pairs >> 48) as u32,
            sum: mod11_2_sum(self.lo, self.hi, self.c16),
        }
    }
}

/// What [`Digits18::fields`] reads.
pub(crate) struct Fields {
    pub(crate) code: u32,
    pub(crate) ymd: u32,
    pub(crate) century: u32,
    pub(crate) year: u32,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) sum: u32,
}

/// True when `b` has the shape of an 18-character MOD 11-2 number: 17 ASCII digits, then a
/// digit or X.
#[inline(always)]
pub(crate) fn is_digits18(b: &[u8; 18]) -> bool {
    Digits18::read(b).is_shaped()
}

/// Checks the character classes of an 18-character MOD 11-2 number (17 digits, then a digit
/// or X) and returns the check character its first 17 digits call for.
#[inline(always)]
pub(crate) fn shape18(b: &[u8; 18]) -> Result<u8, Problems> {
    if !is_digits18(b) {
        require_digits(b, 0, 17)?;
        return Err(Problems::one(Problem::at(ErrorCode::InvalidCharacter, 17)));
    }
    Ok(mod11_2_of_digits(b))
}

/// The birth date in characters 6..14 of an 18-character number, if it exists.
#[inline(always)]
pub(crate) fn birth18(b: &[u8; 18]) -> Option<Date> {
    Date::new(
        num::<4>(b, 6) as u16,
        num::<2>(b, 10) as u8,
        num::<2>(b, 12) as u8,
    )
}

/// Checks 18 cleaned characters of kind `kind` (resident ID or residence permit).
#[inline(always)]
pub(crate) fn check18(b: &[u8], kind: Kind, opts: &Options) -> Result<Parsed, Problems> {
    let Some(b) = b.first_chunk::<18>() else {
        return Err(Problems::one(Problem::new(ErrorCode::WrongLength)));
    };
    let expected = shape18(b)?;
    let code = num::<6>(b, 0);
    let birth = birth18(b);
    let mut ps = Problems::default();
    let warning = if kind == Kind::Resident18 {
        check_region(code, birth, opts, &mut ps)
    } else {
        None
    };
    check_birth(birth, 6, opts, &mut ps);
    if expected != b[17] {
        ps.push(Problem::at(ErrorCode::ChecksumMismatch, 17));
    }
    match birth {
        Some(birth) if ps.is_empty() => Ok(Parsed {
            kind,
            birth,
            sex: Some(Sex::from_digit(b[16] - b'0')),
            region_code: code,
            warning,
        }),
        _ => Err(ps),
    }
}

/// Checks 15 cleaned characters of a legacy number.
pub(crate) fn check15(b: &[u8], opts: &Options) -> Result<Parsed, Problems> {
    require_digits(b, 0, 15)?;
    let code = num::<6>(b, 0);
    let birth = Date::new(
        1900 + num::<2>(b, 6) as u16,
        num::<2>(b, 8) as u8,
        num::<2>(b, 10) as u8,
    );
    let mut ps = Problems::default();
    let warning = check_region(code, birth, opts, &mut ps);
    check_birth(birth, 6, opts, &mut ps);
    match birth {
        Some(birth) if ps.is_empty() => Ok(Parsed {
            kind: Kind::Resident15,
            birth,
            sex: Some(Sex::from_digit(b[14] - b'0')),
            region_code: code,
            warning,
        }),
        _ => Err(ps),
    }
}

/// A valid resident identity number, 18 or legacy 15 digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentId {
    /// The cleaned number.
    pub number: String,
    /// The 6-digit GB/T 2260 region code.
    pub region_code: u32,
    /// Date of birth.
    pub birth: Date,
    /// The 3-digit sequence number (odd for men, even for women).
    pub sequence: u16,
    /// Sex, from the sequence number.
    pub sex: Sex,
    /// The check character (`0`–`9` or `X`); None for a legacy 15-digit number.
    pub check: Option<char>,
}

/// Cleans a resident ID number (spaces, full-width characters, lower-case x…) without checking it.
pub fn normalize(text: &str) -> Result<String, Problem> {
    normalize_text(text)
}

/// Parses a resident ID number, 18 or 15 digits, into its parts.
pub fn parse(text: &str, opts: &Options) -> Result<ResidentId, Problems> {
    let (n, p) = super::parse_as(text, opts, &[Kind::Resident18, Kind::Resident15])?;
    let b = n.as_bytes();
    let legacy = p.kind == Kind::Resident15;
    Ok(ResidentId {
        number: n.as_str().to_string(),
        region_code: p.region_code,
        birth: p.birth,
        sequence: if legacy {
            num::<3>(b, 12)
        } else {
            num::<3>(b, 14)
        } as u16,
        sex: p.sex.unwrap_or(Sex::Female),
        check: (!legacy).then(|| b[17] as char),
    })
}

/// Validates a resident ID number, 18 or 15 digits; the answer is its cleaned form.
pub fn validate(text: &str, opts: &Options) -> Result<String, Problems> {
    parse(text, opts).map(|r| r.number)
}

/// The 18-digit form of a valid 15-digit number: `19` inserted before the year, check appended.
pub fn upgrade15(text: &str, opts: &Options) -> Result<String, Problems> {
    let n = cleaning::normalize(text).map_err(Problems::one)?;
    if n.len() != 15 {
        return Err(Problems::one(Problem::new(ErrorCode::WrongLength)));
    }
    check15(n.as_bytes(), opts).map_err(|ps| n.map_positions(ps))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_at_a_time_digit_test_agrees_with_the_bytewise_one() {
        let mut b = *b"11010519491231002X";
        assert!(is_digits18(&b));
        for i in 0..18 {
            for c in 0..=255u8 {
                let old = b[i];
                b[i] = c;
                let want = b[..17].iter().all(u8::is_ascii_digit)
                    && (b[17].is_ascii_digit() || b[17] == b'X');
                assert_eq!(is_digits18(&b), want, "byte {c:#x} at {i}");
                b[i] = old;
            }
        }
        // Two bad bytes at once, where borrows and carries could interact.
        for (c1, c2) in [
            (0u8, 0xFFu8),
            (0x2F, 0x3A),
            (0xFF, 0x00),
            (0x80, 0x7F),
            (0xBA, 0x29),
        ] {
            let mut x = b;
            x[3] = c1;
            x[4] = c2;
            assert!(!is_digits18(&x));
        }
    }

    #[test]
    fn oldest_excluded_agrees_with_age_on() {
        let reference = [
            Date::new(2026, 11, 22),
            Date::new(2024, 2, 29),
            Date::new(2025, 3, 1),
            Date::new(100, 1, 1),
        ];
        for r in reference.into_iter().flatten() {
            let limit = oldest_excluded(r);
            let start = Date::new(r.year().saturating_sub(MAX_AGE + 3).max(1), 1, 1)
                .unwrap()
                .days_since_epoch();
            for day in start..start + 3 * 366 + 10 {
                let b = Date::from_days_since_epoch(day).unwrap();
                assert_eq!(
                    b.age_on(r) > MAX_AGE,
                    b.yyyymmdd() <= limit,
                    "birth {b}, reference {r}"
                );
            }
        }
    }
}
