//! Unified Social Credit Codes of employers and other organizations (GB 32100-2015).
//!
//! 18 characters from a 31-symbol alphabet (digits and capitals without I, O, S, V, Z):
//! 1 registration department · 1 organization type · 6-digit region of the registering office
//! · 9-character organization code (GB 11714, with its own check) · 1 check character.

use super::checksum::{org_code_check, uscc_check, uscc_value};
use super::error::{ErrorCode, Problem, Problems};
use super::normalize::{normalize as clean, normalize_text};

/// A valid Unified Social Credit Code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uscc {
    /// The 18 cleaned characters.
    pub normalized: String,
    /// Registration department (first character), e.g. `'9'` for market regulation (工商).
    pub department: char,
    /// Organization type (second character), e.g. `'1'` enterprise under department 9.
    pub org_type: char,
    /// The 6-digit region code of the registering office.
    pub region_code: u32,
    /// The embedded 9-character organization code (characters 9–17).
    pub org_code: String,
}

/// Organization types allowed under each registration department (GB 32100-2015, table 1
/// and its later additions: A for military units, N for rural collective economies).
fn org_types(department: u8) -> Option<&'static [u8]> {
    Some(match department {
        b'1' => b"1239",
        b'2' => b"19",
        b'3' => b"1234569",
        b'4' => b"19",
        b'5' => b"1239",
        b'6' => b"129",
        b'7' => b"129",
        b'8' => b"19",
        b'9' => b"123",
        b'A' => b"19",
        b'N' => b"1239",
        b'Y' => b"1",
        _ => return None,
    })
}

/// Cleans a Unified Social Credit Code without checking it.
pub fn normalize(text: &str) -> Result<String, Problem> {
    normalize_text(text)
}

/// Validates a Unified Social Credit Code; the answer is its cleaned form.
pub fn validate(text: &str) -> Result<String, Problems> {
    parse(text).map(|u| u.normalized)
}

/// Parses a Unified Social Credit Code (cleaned like any identifier: spaces, full-width, case).
pub fn parse(text: &str) -> Result<Uscc, Problems> {
    let n = clean(text).map_err(Problems::one)?;
    if n.len() != 18 {
        return Err(Problems::one(Problem::new(ErrorCode::WrongLength)));
    }
    let b = n.as_bytes();
    if let Some(i) = b.iter().position(|&c| uscc_value(c).is_none()) {
        return Err(Problems::one(n.problem_at(ErrorCode::InvalidCharacter, i)));
    }
    if let Some(i) = b[2..8].iter().position(|c| !c.is_ascii_digit()) {
        return Err(Problems::one(
            n.problem_at(ErrorCode::InvalidCharacter, 2 + i),
        ));
    }
    let mut ps = Problems::default();
    match org_types(b[0]) {
        None => ps.push(n.problem_at(ErrorCode::UsccInvalidDepartment, 0)),
        Some(types) if !types.contains(&b[1]) => {
            ps.push(n.problem_at(ErrorCode::UsccInvalidOrgType, 1))
        }
        Some(_) => {}
    }
    if org_code_check(&b[8..16]) != Some(b[16]) {
        ps.push(n.problem_at(ErrorCode::UsccOrgCodeChecksum, 16));
    }
    if uscc_check(&b[..17]) != Some(b[17]) {
        ps.push(n.problem_at(ErrorCode::ChecksumMismatch, 17));
    }
    if !ps.is_empty() {
        return Err(ps);
    }
    let s = n.as_str();
    Ok(Uscc {
        normalized: s.to_string(),
        department: b[0] as char,
        org_type: b[1] as char,
        region_code: s[2..8].parse().unwrap_or(0),
        org_code: s[8..17].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes() {
        let u = parse("91350100M000100Y43").unwrap();
        assert_eq!(
            (u.department, u.org_type, u.region_code, u.org_code.as_str()),
            ('9', '1', 350100, "M000100Y4")
        );
        assert!(parse("9111 0000 6000 3734 1l").is_ok());
        assert!(parse("９１１１００００８０２１００４３３Ｂ").is_ok());
    }

    #[test]
    fn errors() {
        let code = |s: &str| parse(s).unwrap_err().first().map(|p| (p.code, p.at));
        assert_eq!(
            code("91350100M000100Y44"),
            Some((ErrorCode::ChecksumMismatch, Some(17)))
        );
        assert_eq!(
            code("91350100M0001I0Y43"),
            Some((ErrorCode::InvalidCharacter, Some(13)))
        );
        assert_eq!(code("9135010"), Some((ErrorCode::WrongLength, None)));
        assert_eq!(
            code("9A350100M000100Y43").map(|c| c.0),
            Some(ErrorCode::UsccInvalidOrgType)
        );
        assert_eq!(
            code("B1350100M000100Y43").map(|c| c.0),
            Some(ErrorCode::UsccInvalidDepartment)
        );
        assert_eq!(
            code("9135A100M000100Y43"),
            Some((ErrorCode::InvalidCharacter, Some(4)))
        );
    }
}
