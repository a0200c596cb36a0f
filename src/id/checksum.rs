//! Check-character algorithms: ISO 7064 MOD 11-2 (GB 11643), GB 32100 (USCC), GB 11714.

use super::swar;

/// ISO 7064 MOD 11-2 check character for 17 ASCII digits, as used by GB 11643-1999
/// (resident IDs, residence permits) and by the 2023 permanent residence ID.
/// Returns None if any byte is not a digit.
pub fn mod11_2(body: &[u8; 17]) -> Option<u8> {
    body.iter()
        .all(u8::is_ascii_digit)
        .then(|| mod11_2_of_digits(body))
}

/// [`mod11_2`] of a body whose first 17 bytes the caller has checked are ASCII digits (the
/// batch hot path checks them word-at-a-time first).
#[inline(always)]
pub fn mod11_2_of_digits(body: &[u8]) -> u8 {
    let sum = match body.first_chunk::<17>() {
        Some(b) => mod11_2_sum(swar::word(b, 0), swar::word(b, 8), b[16]),
        None => body
            .iter()
            .zip(MOD11_2_WEIGHTS)
            .map(|(&c, w)| c.wrapping_sub(b'0') as u32 * w as u32)
            .sum(),
    };
    mod11_2_char(sum)
}

/// The MOD 11-2 weights of GB 11643: 2^(17-i) mod 11.
const MOD11_2_WEIGHTS: [u8; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Σ digit × weight of a MOD 11-2 body given as the words of its first 16 ASCII digits and
/// its 17th byte.
#[inline(always)]
pub(crate) fn mod11_2_sum(lo: u64, hi: u64, c16: u8) -> u32 {
    const fn eight(from: usize) -> [u8; 8] {
        let mut w = [0; 8];
        let mut i = 0;
        while i < 8 {
            w[i] = MOD11_2_WEIGHTS[from + i];
            i += 1;
        }
        w
    }
    swar::weighted_sum8(swar::values(lo), const { eight(0) })
        + swar::weighted_sum8(swar::values(hi), const { eight(8) })
        + c16.wrapping_sub(b'0') as u32 * MOD11_2_WEIGHTS[16] as u32
}

/// The MOD 11-2 check character for a weighted sum.
#[inline(always)]
pub(crate) fn mod11_2_char(sum: u32) -> u8 {
    b"10X98765432"[(sum % 11) as usize]
}

/// The 31-character alphabet of GB 32100-2015 (digits and capital letters without I, O, S, V, Z).
pub const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Value of a USCC character in [`USCC_ALPHABET`].
pub fn uscc_value(c: u8) -> Option<u8> {
    USCC_ALPHABET.iter().position(|&a| a == c).map(|p| p as u8)
}

/// GB 32100-2015 check character for the first 17 characters (must be in the alphabet).
pub fn uscc_check(body: &[u8]) -> Option<u8> {
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    if body.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &c) in body.iter().enumerate() {
        sum += uscc_value(c)? as u32 * W[i];
    }
    Some(USCC_ALPHABET[((31 - sum % 31) % 31) as usize])
}

/// GB 11714-1997 organization code check character for 8 characters (digits or capital letters).
pub fn org_code_check(body: &[u8]) -> Option<u8> {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    if body.len() != 8 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &c) in body.iter().enumerate() {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'Z' => c - b'A' + 10,
            _ => return None,
        };
        sum += v as u32 * W[i];
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        r => b'0' + r as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arr17(s: &str) -> [u8; 17] {
        s.as_bytes().try_into().unwrap()
    }

    #[test]
    fn gb11643_examples() {
        // The standard's own examples (GB 11643-1999, appendix).
        assert_eq!(mod11_2(&arr17("11010519491231002")), Some(b'X'));
        assert_eq!(mod11_2(&arr17("44052418800101001")), Some(b'4'));
        assert_eq!(mod11_2(&arr17("1101051949123100A")), None);
    }

    #[test]
    fn weights_are_powers_of_two_mod_11() {
        // Independent computation of the check from the definition in ISO 7064.
        for body in [
            "11010519491231002",
            "44052419800101001",
            "81000019900101123",
            "99999999999999999",
        ] {
            let b = arr17(body);
            let s: u64 = b
                .iter()
                .enumerate()
                .map(|(i, c)| (c - b'0') as u64 * ((1u64 << (17 - i)) % 11))
                .sum();
            let check = (12 - s % 11) % 11;
            let want = if check == 10 {
                b'X'
            } else {
                b'0' + check as u8
            };
            assert_eq!(mod11_2(&b), Some(want), "{body}");
        }
    }

    #[test]
    fn uscc_known() {
        // Published codes, cross-checked with python-stdnum 2.2 (stdnum.cn.uscc).
        assert_eq!(uscc_check(b"91350100M000100Y4"), Some(b'3'));
        assert_eq!(uscc_check(b"91110000600037341"), Some(b'L'));
        assert_eq!(uscc_check(b"9144030071526726X"), Some(b'G'));
        assert_eq!(uscc_check(b"91110000802100433"), Some(b'B'));
        assert_eq!(uscc_check(b"9111000080210043I"), None);
    }

    #[test]
    fn org_code_known() {
        // Values cross-checked with an independent implementation of GB 11714.
        assert_eq!(org_code_check(b"M000100Y"), Some(b'4'));
        assert_eq!(org_code_check(b"60003734"), Some(b'1'));
        assert_eq!(org_code_check(b"80210043"), Some(b'3'));
        assert_eq!(org_code_check(b"D2143569"), Some(b'X'));
        assert_eq!(org_code_check(b"8021004-"), None);
    }
}
