//! Residence permits of Hong Kong, Macau and Taiwan residents (港澳台居民居住证, 2018).
//!
//! The number has the resident-ID form (GB 11643) with region code 810000 (Hong Kong),
//! 820000 (Macau) or 830000 (Taiwan); the birth date, sequence and check follow GB 11643.

use super::{region::Region, Kind};

/// The permit kind of an 18-character number, from its first six characters.
pub fn kind_of(prefix: &[u8]) -> Option<Kind> {
    match prefix {
        b"810000" => Some(Kind::PermitHk),
        b"820000" => Some(Kind::PermitMo),
        b"830000" => Some(Kind::PermitTw),
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
