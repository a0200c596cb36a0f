//! Word-at-a-time arithmetic on ASCII digits (SWAR: SIMD within a register), for the batch hot
//! path: eight digits become one `u64` of digit values (first digit in the lowest byte), and a
//! handful of multiplications give a number or a weighted sum where a byte loop takes eight
//! dependent steps. Plain integer code, so it is fast in WebAssembly without SIMD too.

const ONES: u64 = 0x0101_0101_0101_0101;

/// The eight bytes of `b` from `from` as a little-endian word (first byte lowest); inlined
/// with a constant `from`, one load and no bounds check.
#[inline(always)]
pub(crate) fn word<const N: usize>(b: &[u8; N], from: usize) -> u64 {
    let w = &b[from..from + 8];
    u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])
}

/// The digit values of a word of eight ASCII digits (the caller has checked they are digits).
#[inline(always)]
pub(crate) fn values(w: u64) -> u64 {
    w.wrapping_sub(ONES * b'0' as u64)
}

/// True when all eight bytes of the word are ASCII digits: for a digit byte x, x − 0x30 and
/// x + 0x46 both stay below 0x80 with no borrow or carry; the lowest byte that is not a digit
/// always sets a high bit in one of them.
#[inline(always)]
pub(crate) fn all_digits(w: u64) -> bool {
    first_non_digit(w).is_none()
}

/// The index of the first byte of the word that is not an ASCII digit, if any (the lowest
/// high bit of the [`all_digits`] test is exact; higher ones may be borrows).
#[inline(always)]
pub(crate) fn first_non_digit(w: u64) -> Option<u32> {
    let t = (w.wrapping_sub(ONES * 0x30) | w.wrapping_add(ONES * 0x46)) & (ONES << 7);
    (t != 0).then(|| t.trailing_zeros() / 8)
}

/// Pairs of digits: 16-bit lane k holds 10 × digit 2k + digit 2k+1 (0–99).
#[inline(always)]
pub(crate) fn pairs(v: u64) -> u64 {
    // Each byte becomes 10 × itself plus the next digit (at most 99: no carry between bytes);
    // the even bytes are the pairs.
    (v.wrapping_mul(10).wrapping_add(v >> 8)) & 0x00FF_00FF_00FF_00FF
}

/// The number the eight digits of `v` spell (first digit most significant), from their
/// [`pairs`].
#[inline(always)]
pub(crate) fn number8(pairs: u64) -> u32 {
    let quads = (pairs.wrapping_mul(100).wrapping_add(pairs >> 16)) & 0x0000_FFFF_0000_FFFF;
    (quads.wrapping_mul(10000).wrapping_add(quads >> 32)) as u32
}

/// The number the first six of the eight digits of a word spell (the 6-digit code in front of
/// an ID).
#[inline(always)]
pub(crate) fn number6(w: u64) -> u32 {
    // Shifted up two bytes: eight digits that read as the six.
    number8(pairs(values(w) << 16))
}

/// Σ digit i × weight i over the eight digits of `v`, for weights below 64.
#[inline(always)]
pub(crate) fn weighted_sum8(v: u64, w: [u8; 8]) -> u32 {
    // Even and odd digits in 16-bit lanes. Multiplying lanes a0..a3 by a constant whose lane j
    // is c(3 − j) gathers Σ a_k × c(k) in the top lane; each lane's sum stays below 2^16
    // (4 × 9 × 63), so no carry crosses lanes.
    const LANES: u64 = 0x00FF_00FF_00FF_00FF;
    let lanes = |a: u8, b: u8, c: u8, d: u8| {
        (a as u64) << 48 | (b as u64) << 32 | (c as u64) << 16 | d as u64
    };
    let even = (v & LANES).wrapping_mul(lanes(w[0], w[2], w[4], w[6])) >> 48;
    let odd = ((v >> 8) & LANES).wrapping_mul(lanes(w[1], w[3], w[5], w[7])) >> 48;
    (even + odd) as u32
}

/// The position of the first `\n` in `b[from..]`, or `b.len()` when there is none; eight
/// bytes at a time (the rows that need it are short, so the setup of a SIMD search would not
/// pay).
#[inline(always)]
pub(crate) fn find_newline(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(w) = b.get(i..).and_then(|r| r.first_chunk::<8>()) {
        // A zero byte of x = w ^ "\n\n…" is a newline; the lowest set bit of t marks the first.
        let x = u64::from_le_bytes(*w) ^ (ONES * b'\n' as u64);
        let t = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if t != 0 {
            return i + (t.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    b.get(i..)
        .and_then(|r| r.iter().position(|&c| c == b'\n'))
        .map_or(b.len(), |p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::test_rng::Rng;

    fn word8(s: &str) -> u64 {
        word::<8>(s.as_bytes().try_into().unwrap(), 0)
    }

    #[test]
    fn agrees_with_byte_loops_on_random_digits() {
        let mut rng = Rng(7);
        for _ in 0..20_000 {
            let d: [u8; 8] = std::array::from_fn(|_| b'0' + rng.below(10) as u8);
            let w: [u8; 8] = std::array::from_fn(|_| rng.below(64) as u8);
            let v = values(word(&d, 0));
            let number = d.iter().fold(0u32, |n, &c| n * 10 + (c - b'0') as u32);
            let sum: u32 = d
                .iter()
                .zip(w)
                .map(|(&c, w)| (c - b'0') as u32 * w as u32)
                .sum();
            assert_eq!(number8(pairs(v)), number, "{d:?}");
            assert_eq!(number6(word(&d, 0)), number / 100, "{d:?}");
            assert_eq!(weighted_sum8(v, w), sum, "{d:?} {w:?}");
            assert!(all_digits(word(&d, 0)));
        }
        assert_eq!(number8(pairs(values(word8("99999999")))), 99_999_999);
        assert_eq!(number8(pairs(values(word8("00000001")))), 1);
        assert_eq!(
            weighted_sum8(values(word8("99999999")), [63; 8]),
            8 * 9 * 63
        );
    }

    #[test]
    fn the_first_non_digit_byte_is_found_whatever_follows() {
        let mut rng = Rng(11);
        for pos in 0..8 {
            for bad in (0..=255u8).filter(|c| !c.is_ascii_digit()) {
                let mut d: [u8; 8] = std::array::from_fn(|_| rng.below(256) as u8);
                d[..pos].fill(b'7');
                d[pos] = bad;
                assert_eq!(first_non_digit(word(&d, 0)), Some(pos as u32), "{d:?}");
            }
        }
        assert_eq!(first_non_digit(word8("01234567")), None);
    }

    #[test]
    fn any_non_digit_byte_is_seen() {
        for pos in 0..8 {
            for bad in (0..=255u8).filter(|c| !c.is_ascii_digit()) {
                let mut d = *b"12345678";
                d[pos] = bad;
                assert!(!all_digits(word(&d, 0)), "{d:?}");
            }
        }
    }
}
