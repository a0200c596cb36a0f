//! Mainland mobile numbers: 11 digits starting 13–19, written with or without +86 / 0086,
//! spaces and dashes.

use super::error::{ErrorCode, Problem, Problems};
use super::normalize::{normalize as clean, Normalized};

/// Length of a country-code prefix (`+86`, `0086`, or `86` before 11 digits) in cleaned text.
fn prefix_len(b: &[u8]) -> usize {
    if b.starts_with(b"+86") {
        3
    } else if b.starts_with(b"0086") {
        4
    } else if b.len() == 13 && b.starts_with(b"86") {
        2
    } else {
        0
    }
}

/// Cleans a mobile number and drops its country code, without checking it.
pub fn normalize(text: &str) -> Result<String, Problem> {
    let n: Normalized = clean(text)?;
    Ok(n.as_str()[prefix_len(n.as_bytes())..].to_string())
}

/// Parses a mobile number: its 11-digit national form (a mobile number has no other parts
/// this library reads).
pub fn parse(text: &str) -> Result<String, Problems> {
    validate(text)
}

/// Validates a mobile number; the answer is the 11-digit national form.
pub fn validate(text: &str) -> Result<String, Problems> {
    let n = clean(text).map_err(Problems::one)?;
    let b = n.as_bytes();
    let skip = prefix_len(b);
    if let Some(i) = b[skip..].iter().position(|c| !c.is_ascii_digit()) {
        return Err(Problems::one(
            n.problem_at(ErrorCode::InvalidCharacter, skip + i),
        ));
    }
    let digits = &b[skip..];
    if n.len() - skip != 11 {
        return Err(Problems::one(Problem::new(ErrorCode::WrongLength)));
    }
    if digits[0] != b'1' || !(b'3'..=b'9').contains(&digits[1]) {
        return Err(Problems::one(
            n.problem_at(ErrorCode::PhoneInvalidPrefix, skip),
        ));
    }
    Ok(n.as_str()[skip..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        for s in [
            "13800138000",
            "+86 138 0013 8000",
            "0086-138-0013-8000",
            "8613800138000",
            "１３８００１３８０００",
            "'13800138000",
        ] {
            assert_eq!(validate(s).as_deref(), Ok("13800138000"), "{s}");
        }
    }

    #[test]
    fn rejected_forms() {
        let first = |s: &str| validate(s).unwrap_err().first().map(|p| (p.code, p.at));
        assert_eq!(first("1380013800"), Some((ErrorCode::WrongLength, None)));
        assert_eq!(
            first("12800138000"),
            Some((ErrorCode::PhoneInvalidPrefix, Some(0)))
        );
        assert_eq!(
            first("+86 23800138000"),
            Some((ErrorCode::PhoneInvalidPrefix, Some(4)))
        );
        assert_eq!(
            first("138001380O0"),
            Some((ErrorCode::InvalidCharacter, Some(9)))
        );
        assert_eq!(first("+"), Some((ErrorCode::InvalidCharacter, Some(0))));
        assert_eq!(first(""), Some((ErrorCode::Empty, None)));
        assert_eq!(
            first("1.38001E+10"),
            Some((ErrorCode::ScientificNotation, None))
        );
    }
}
