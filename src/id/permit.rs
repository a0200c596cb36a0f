//! Residence permits of Hong Kong, Macau and Taiwan residents (港澳台居民居住证, 2018).
//!
//! The number has the resident-ID form (GB 11643) with region code 810000 (Hong Kong),
//! 820000 (Macau) or 830000 (Taiwan); the birth date, sequence and check follow GB 11643.

use super::date::Date;
use super::error::{Problem, Problems};
use super::normalize::normalize_text;
use super::resident::num;
use super::{region::Region, Kind, Options, Sex};

/// A valid residence permit number of a Hong Kong, Macau or Taiwan resident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidencePermit {
    /// The cleaned number.
    pub number: String,
    /// `PermitHk`, `PermitMo` or `PermitTw`.
    pub kind: Kind,
    /// Date of birth.
    pub birth: Date,
    /// The 3-digit sequence number (odd for men, even for women).
    pub sequence: u16,
    /// Sex, from the sequence number.
    pub sex: Sex,
}

/// Cleans a permit number without checking it.
pub fn normalize(text: &str) -> Result<String, Problem> {
    normalize_text(text)
}

/// Parses a residence permit number into its parts.
pub fn parse(text: &str, opts: &Options) -> Result<ResidencePermit, Problems> {
    let (n, p) = super::parse_as(
        text,
        opts,
        &[Kind::PermitHk, Kind::PermitMo, Kind::PermitTw],
    )?;
    Ok(ResidencePermit {
        number: n.as_str().to_string(),
        kind: p.kind,
        birth: p.birth,
        sequence: num::<3>(n.as_bytes(), 14) as u16,
        sex: p.sex.unwrap_or(Sex::Female),
    })
}

/// Validates a residence permit number; the answer is its cleaned form.
pub fn validate(text: &str, opts: &Options) -> Result<String, Problems> {
    parse(text, opts).map(|p| p.number)
}

/// The permit kind of an 18-character number, from its first six characters.
pub fn kind_of(prefix: &[u8]) -> Option<Kind> {
    match prefix {
        [b'8', b @ b'1'..=b'3', b'0', b'0', b'0', b'0'] => {
            kind_of_code(800000 + (b - b'0') as u32 * 10000)
        }
        _ => None,
    }
}

/// The permit kind a six-digit code marks (810000, 820000, 830000).
pub fn kind_of_code(code: u32) -> Option<Kind> {
    match code {
        810000 => Some(Kind::PermitHk),
        820000 => Some(Kind::PermitMo),
        830000 => Some(Kind::PermitTw),
        _ => None,
    }
}

/// The region shown for a permit holder.
pub fn region(kind: Kind) -> Option<Region> {
    let (code, name) = match kind {
        Kind::PermitHk => (810000, "香港特别行政区"),
        Kind::PermitMo => (820000, "澳门特别行政区"),
        Kind::PermitTw => (830000, "台湾地区"),
        _ => return None,
    };
    Some(Region {
        code,
        province: Some(name),
        prefecture: None,
        county: None,
        abolished: false,
    })
}
