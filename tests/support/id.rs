//! Test IDs: the body of an 18-character ID with its MOD 11-2 check character (ISO 7064, as
//! GB 11643 defines it), written out independently of the library's own.

pub fn with_check(body: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}
