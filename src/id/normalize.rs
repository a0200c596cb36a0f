//! Cleaning what real rosters contain before a number is parsed.
//!
//! Removed: whitespace of every kind (incl. U+3000 and no-break spaces), dashes, zero-width and
//! other invisible characters, a leading apostrophe (Excel's text marker) and surrounding quotes.
//! Mapped: full-width ASCII (`１２３ｘ`) to ASCII, lower-case letters to upper-case.
//! Detected, never repaired: Excel scientific notation such as `1.10105E+17`.

use super::error::{ErrorCode, Problem, Problems};

/// True when `b` is already clean: 1..=MAX_LEN ASCII digits and capital letters, with no `E`
/// (which could be Excel's scientific notation). Such text is its own cleaned form, with
/// cleaned positions equal to original positions.
pub fn is_plain(b: &[u8]) -> bool {
    if b.is_empty() || b.len() > MAX_LEN {
        return false;
    }
    // Eight digits at a time (most plain text is digits), byte by byte where a word is not.
    let words = b.chunks_exact(8);
    let rest = words.remainder();
    words.filter_map(|w| w.first_chunk::<8>()).all(|w| {
        super::swar::all_digits(u64::from_le_bytes(*w)) || w.iter().all(|&c| is_plain_byte(c))
    }) && rest.iter().all(|&c| is_plain_byte(c))
}

/// A byte that clean text may hold: an ASCII digit or capital letter other than `E`.
#[inline(always)]
pub fn is_plain_byte(c: u8) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != b'E')
}

/// The longest cleaned value any identifier kind accepts (with room for `+86` prefixes).
pub const MAX_LEN: usize = 24;

/// A cleaned identifier: upper-case ASCII, with the original position of each character.
#[derive(Clone, Copy, Debug)]
pub struct Normalized {
    /// Cleaned bytes; the slot past MAX_LEN is scratch for characters beyond the limit.
    buf: [u8; MAX_LEN + 1],
    /// Original position (in characters, saturating) of each cleaned byte.
    pos: [u16; MAX_LEN + 1],
    len: u8,
    too_long: bool,
}

impl Normalized {
    /// Nothing cleaned yet.
    pub(crate) const EMPTY: Normalized = Normalized {
        buf: [0; MAX_LEN + 1],
        pos: [0; MAX_LEN + 1],
        len: 0,
        too_long: false,
    };

    /// Text that [`is_plain`] accepts, as its own cleaned form.
    pub(crate) fn plain(b: &[u8]) -> Normalized {
        const IDENTITY: [u16; MAX_LEN + 1] = {
            let mut t = [0u16; MAX_LEN + 1];
            let mut i = 0;
            while i <= MAX_LEN {
                t[i] = i as u16;
                i += 1;
            }
            t
        };
        let mut n = Normalized {
            pos: IDENTITY,
            len: b.len().min(MAX_LEN) as u8,
            ..Normalized::EMPTY
        };
        n.buf[..n.len as usize].copy_from_slice(&b[..n.len as usize]);
        n
    }
    /// The cleaned bytes (ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
    /// The cleaned text.
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored.
        core::str::from_utf8(self.as_bytes()).unwrap_or("")
    }
    /// Number of cleaned characters; more than [`MAX_LEN`] is reported as `MAX_LEN + 1`.
    pub fn len(&self) -> usize {
        if self.too_long {
            MAX_LEN + 1
        } else {
            self.len as usize
        }
    }
    /// True when nothing is left after cleaning.
    pub fn is_empty(&self) -> bool {
        self.len == 0 && !self.too_long
    }
    /// Position in the original text of cleaned character `i`.
    pub fn original_pos(&self, i: usize) -> u32 {
        self.pos[i.min(MAX_LEN - 1)] as u32
    }
    /// A problem pointing at cleaned character `i`.
    pub fn problem_at(&self, code: ErrorCode, i: usize) -> Problem {
        Problem::at(code, self.original_pos(i))
    }
    /// Maps problem positions from cleaned coordinates to the original text.
    pub fn map_positions(&self, mut ps: Problems) -> Problems {
        ps.map_at(|at| self.original_pos(at as usize));
        ps
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x1F | 0x7F..=0x9F | 0xAD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5
        | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164
        | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8)
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' | '\u{30FC}'
    )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '\'' | '"'
            | '`'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{300C}'
            | '\u{300D}'
            | '\u{300E}'
            | '\u{300F}'
            | '\u{FF02}'
            | '\u{FF07}'
    )
}

/// Full-width ASCII forms (U+FF01..U+FF5E, e.g. `１２３Ｘ`) as ASCII.
fn fold_fullwidth(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Maps one character (already full-width-folded) to its cleaned ASCII form: `Ok(None)` to
/// drop it, `Err(())` if it cannot appear in an identifier.
fn clean_char(c: char) -> Result<Option<u8>, ()> {
    if c.is_ascii_alphanumeric() || c == '+' || c == '.' {
        return Ok(Some(c.to_ascii_uppercase() as u8));
    }
    if c.is_whitespace() || is_invisible(c) || is_dash(c) {
        return Ok(None);
    }
    Err(())
}

/// Cleans `input`. Errors: [`ErrorCode::Empty`], [`ErrorCode::InvalidCharacter`] (with the
/// character's position), [`ErrorCode::ScientificNotation`].
pub fn normalize(input: &str) -> Result<Normalized, Problem> {
    let b = input.as_bytes();
    if is_plain(b) {
        // Already clean: kept as it is, each character where it stands.
        return Ok(Normalized::plain(b));
    }
    normalize_bytes(b)
}

/// [`normalize`] for UTF-8 bytes as read from a file: a byte sequence that is not UTF-8 is an
/// invalid character where it starts, as if read with U+FFFD in its place.
pub(crate) fn normalize_bytes(bytes: &[u8]) -> Result<Normalized, Problem> {
    let mut n = Normalized::EMPTY;
    normalize_into(bytes, &mut n).map(|()| n)
}

/// [`normalize_bytes`] into `n`, whose earlier content does not matter. Cleaning writes the
/// characters where they stay: a `Normalized` is 80 bytes, and moving one just written byte
/// by byte costs more than cleaning a short row (the wide loads wait for the narrow stores).
#[inline(always)]
pub(crate) fn normalize_into(bytes: &[u8], n: &mut Normalized) -> Result<(), Problem> {
    let bad = if clean_common(bytes, n) {
        None
    } else {
        clean_general(bytes, n)
    };
    finish(n, bad)
}

/// Cleans any text into `n`: the position of the first character that cannot be part of an
/// identifier, if any.
fn clean_general(bytes: &[u8], n: &mut Normalized) -> Option<u32> {
    *n = Normalized::EMPTY;
    let (buf, pos) = (&mut n.buf, &mut n.pos);
    let (mut len, mut too_long) = (0usize, false);
    // Quotes and apostrophes are dropped only at either end of the significant text. One
    // forward pass: leading blanks and quotes are skipped; a quote after that is held as
    // pending, and becomes an invalid character only if significant text follows it.
    let significant = |c: char| !(c.is_whitespace() || is_invisible(c));
    let mut leading = true;
    let mut pending_quote: Option<u32> = None;
    let mut bad: Option<u32> = None;
    // Read as `String::from_utf8_lossy` reads (std's `utf8_chunks`): a sequence that is not
    // UTF-8 is one U+FFFD, an invalid character where it starts (the first invalid character
    // is the error, so how later ones are counted does not matter).
    let chars = bytes.utf8_chunks().flat_map(|chunk| {
        let bad = (!chunk.invalid().is_empty()).then_some(char::REPLACEMENT_CHARACTER);
        chunk.valid().chars().chain(bad)
    });
    for (index, c) in (0u32..).zip(chars) {
        let c = fold_fullwidth(c);
        let ascii_alnum = c.is_ascii_alphanumeric();
        if !ascii_alnum && !significant(c) {
            continue; // dropped wherever it stands
        }
        if !ascii_alnum && is_quote(c) {
            if !leading && pending_quote.is_none() {
                pending_quote = Some(index);
            }
            continue;
        }
        leading = false;
        if let Some(q) = pending_quote.take() {
            bad = bad.or(Some(q));
        }
        match clean_char(c) {
            Ok(Some(b)) => {
                if len < MAX_LEN {
                    buf[len] = b;
                    pos[len] = index.min(u16::MAX as u32) as u16;
                    len += 1;
                } else {
                    too_long = true;
                }
            }
            Ok(None) => {}
            Err(()) => bad = bad.or(Some(index)),
        }
    }
    n.len = len as u8;
    n.too_long = too_long;
    bad
}

/// How [`clean_common`] reads each ASCII byte: 0 = not one it handles, [`DROP`] = a space
/// or tab (dropped), anything else = the cleaned byte kept (letters upper-cased).
const COMMON_ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = match c as u8 {
            b'0'..=b'9' | b'A'..=b'Z' | b'+' | b'.' => c as u8,
            b'a'..=b'z' => c as u8 - 32,
            b' ' | b'\t' => DROP,
            _ => 0,
        };
        c += 1;
    }
    t
};
const DROP: u8 = 1;

/// One character of the text [`clean_common`] handles, read from `bytes[at..]`: the cleaned
/// byte ([`DROP`] for a space) and the character's width in bytes; None for any other
/// character.
#[inline(always)]
fn common_char(bytes: &[u8], at: usize) -> Option<(u8, usize)> {
    let c = *bytes.get(at)?;
    if c < 0x80 {
        return match COMMON_ASCII[c as usize] {
            0 => None,
            k => Some((k, 1)),
        };
    }
    match (c, bytes.get(at + 1), bytes.get(at + 2)) {
        // U+FF10..U+FF19 digits, U+FF21..U+FF3A capitals.
        (0xEF, Some(0xBC), Some(&t @ (0x90..=0x99 | 0xA1..=0xBA))) => Some((t - 0x60, 3)),
        // U+FF41..U+FF5A small letters.
        (0xEF, Some(0xBD), Some(&t @ 0x81..=0x9A)) => Some((t - 0x40, 3)),
        // U+3000 ideographic space.
        (0xE3, Some(0x80), Some(0x80)) => Some((DROP, 3)),
        _ => None,
    }
}

/// Cleans text made only of what rosters most often hold around a number (ASCII and
/// full-width letters and digits, ASCII and ideographic spaces, tabs, and the `+` and `.` of
/// scientific notation) in one tight pass; None for anything else, which the general loop of
/// [`normalize_bytes`] then reads. For such text the general loop keeps every letter, digit,
/// `+` and `.`, upper-cased, and drops every space: so does this. The ASCII path has no
/// branch on the character (every character is written, and counted only if kept). Writes
/// into `n`; false (with `n` part-written) for text it does not handle.
#[inline(always)]
fn clean_common(bytes: &[u8], n: &mut Normalized) -> bool {
    let (mut len, mut at, mut i) = (0usize, 0usize, 0u32);
    while at < bytes.len() {
        let Some((out, width)) = common_char(bytes, at) else {
            return false;
        };
        // One slot more than is kept: characters beyond MAX_LEN all land there.
        let slot = len.min(MAX_LEN);
        n.buf[slot] = out;
        n.pos[slot] = i.min(u16::MAX as u32) as u16;
        len += (out != DROP) as usize;
        at += width;
        i += 1;
    }
    n.len = len.min(MAX_LEN) as u8;
    n.too_long = len > MAX_LEN;
    true
}

/// The 18 characters [`clean_common`] would keep of `bytes`, when it would keep exactly 18,
/// without the positions (for the batch path, which needs them only for a row with a
/// problem). Whether they are a clean number (no `E`, `+` or `.`) is the caller's check.
/// Pairs of full-width digits are read a word at a time (a byte loop is what costs here; an
/// ASCII word step measured no faster, its per-byte work being the same).
#[inline(always)]
pub(crate) fn common18(bytes: &[u8]) -> Option<[u8; 18]> {
    // Room for 18 kept characters and one slot past them, where any further ones land.
    let mut buf = [0u8; 19];
    let (mut len, mut at) = (0usize, 0usize);
    while at < bytes.len() {
        // Two full-width digits (U+FF10..U+FF19, EF BC 90..99) read as one word: a number
        // typed with an input method's full-width digits is mostly such pairs.
        if let Some(w) = bytes.get(at..).and_then(|r| r.first_chunk::<8>()) {
            let w = u64::from_le_bytes(*w);
            let (d0, d1) = ((w >> 16) as u8 & 0xF, (w >> 40) as u8 & 0xF);
            if w & 0xF0FF_FFF0_FFFF == 0x90BC_EF90_BCEF && d0 <= 9 && d1 <= 9 {
                buf[len.min(18)] = b'0' | d0;
                buf[(len + 1).min(18)] = b'0' | d1;
                len += 2;
                at += 6;
                continue;
            }
        }
        let (out, width) = common_char(bytes, at)?;
        buf[len.min(18)] = out;
        len += (out != DROP) as usize;
        at += width;
    }
    (len == 18).then(|| *buf.first_chunk::<18>().unwrap_or(&[0; 18]))
}

/// The verdict on cleaned text, given the first invalid character found while cleaning.
fn finish(n: &Normalized, bad: Option<u32>) -> Result<(), Problem> {
    if is_scientific(n.as_bytes()) {
        return Err(Problem::new(ErrorCode::ScientificNotation));
    }
    if let Some(at) = bad {
        return Err(Problem::at(ErrorCode::InvalidCharacter, at));
    }
    if n.is_empty() {
        return Err(Problem::new(ErrorCode::Empty));
    }
    Ok(())
}

/// The cleaned text of `input` (the `normalize` verb of every identifier module).
pub fn normalize_text(input: &str) -> Result<String, Problem> {
    normalize(input).map(|n| n.as_str().to_string())
}

/// `d[.ddd]E[+]dd`: what Excel shows for a long number it stored as a float.
fn is_scientific(b: &[u8]) -> bool {
    let Some(e) = b.iter().position(|&c| c == b'E') else {
        return false;
    };
    let (mant, exp) = (&b[..e], &b[e + 1..]);
    let exp = exp.strip_prefix(b"+").unwrap_or(exp);
    let mant_ok = match mant.iter().position(|&c| c == b'.') {
        Some(dot) => {
            dot >= 1
                && dot + 1 < mant.len()
                && mant[..dot].iter().all(u8::is_ascii_digit)
                && mant[dot + 1..].iter().all(u8::is_ascii_digit)
        }
        None => !mant.is_empty() && mant.iter().all(u8::is_ascii_digit),
    };
    mant_ok && !exp.is_empty() && exp.len() <= 3 && exp.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        normalize(s)
            .map(|n| n.as_str().to_string())
            .unwrap_or_else(|p| format!("ERR {:?} {:?}", p.code, p.at))
    }

    #[test]
    fn cleans_roster_noise() {
        assert_eq!(ok("11010519491231002x"), "11010519491231002X");
        assert_eq!(
            ok("１１０１０５１９４９１２３１００２Ｘ"),
            "11010519491231002X"
        );
        assert_eq!(ok(" 110105 1949 1231 002X "), "11010519491231002X");
        assert_eq!(ok("110105-19491231-002X"), "11010519491231002X");
        assert_eq!(
            ok("\u{200B}11010519491231002X\u{FEFF}"),
            "11010519491231002X"
        );
        assert_eq!(ok("'11010519491231002X"), "11010519491231002X");
        assert_eq!(ok("\"11010519491231002X\""), "11010519491231002X");
        assert_eq!(ok("“11010519491231002X”"), "11010519491231002X");
        assert_eq!(ok("\u{3000}11010519491231002X\t\r"), "11010519491231002X");
        assert_eq!(ok("+86 138-0013-8000"), "+8613800138000");
    }

    #[test]
    fn reports_what_it_cannot_clean() {
        assert_eq!(ok(""), "ERR Empty None");
        assert_eq!(ok("  \u{200B} "), "ERR Empty None");
        assert_eq!(ok("''"), "ERR Empty None");
        assert_eq!(ok("1101051949身1231002X"), "ERR InvalidCharacter Some(10)");
        assert_eq!(ok("110105'19491231002X"), "ERR InvalidCharacter Some(6)");
        assert_eq!(ok("1' 2"), "ERR InvalidCharacter Some(1)");
        assert_eq!(ok("1身2'3"), "ERR InvalidCharacter Some(1)");
        assert_eq!(ok("12'3身4"), "ERR InvalidCharacter Some(2)");
        assert_eq!(ok("'\"123\"' "), "123");
        assert_eq!(ok("123-'"), "123");
        assert_eq!(ok("1.10105E+17"), "ERR ScientificNotation None");
        assert_eq!(ok("1.10105e17"), "ERR ScientificNotation None");
        assert_eq!(ok("4.40524E+17"), "ERR ScientificNotation None");
        assert_eq!(ok("1E5"), "ERR ScientificNotation None");
    }

    #[test]
    fn positions_refer_to_the_original_text() {
        let n = normalize(" 1 2-3").unwrap();
        assert_eq!(n.as_str(), "123");
        assert_eq!(
            (n.original_pos(0), n.original_pos(1), n.original_pos(2)),
            (1, 3, 5)
        );
    }

    /// What cleaning says of bytes, read the slow way (lossy UTF-8, then `normalize`).
    fn via_lossy(b: &[u8]) -> Result<String, Problem> {
        normalize(&String::from_utf8_lossy(b)).map(|n| n.as_str().to_string())
    }

    #[test]
    fn bytes_read_as_lossy_text_would_be() {
        // Hand-picked: each well-formed length, each kind of malformed sequence (overlong,
        // surrogate, above U+10FFFF, truncated, stray continuation), before and after digits.
        let samples: &[&[u8]] = &[
            "１１０１０５１９４９１２３１００２ｘ".as_bytes(),
            "\u{3000}110105\u{200B}19491231002X“".as_bytes(),
            b"1101\xC0\xAF05",
            b"1101\xE0\x80\xAF05",
            b"1101\xED\xA0\x80",
            b"1101\xF4\x90\x80\x80",
            b"1101\xF0\x9F\x98",
            b"\x80110105",
            b"110105\xEF\xBC",
            b"1.10105E+17\xFF",
            "\u{10348}1".as_bytes(),
        ];
        for b in samples {
            assert_eq!(
                normalize_bytes(b).map(|n| n.as_str().to_string()),
                via_lossy(b),
                "{b:x?}"
            );
        }
        // Random short byte strings over an alphabet of digits, separators and UTF-8 pieces.
        const PIECES: &[&[u8]] = &[
            b"1",
            b"7",
            b"x",
            b"E",
            b"+",
            b".",
            b" ",
            b"-",
            b"'",
            b"\"",
            b"\xEF",
            b"\xBC",
            b"\x91",
            b"\xE3\x80\x80",
            b"\xC2",
            b"\xA0",
            b"\xF0",
            b"\x9F",
            b"\xED",
            b"\xBF",
            b"\x80",
            b"\xFF",
        ];
        let mut rng = crate::id::test_rng::Rng(1);
        for _ in 0..50_000 {
            let mut b = Vec::new();
            for _ in 0..rng.below(16) + 1 {
                b.extend_from_slice(PIECES[rng.below(PIECES.len() as u64) as usize]);
            }
            assert_eq!(
                normalize_bytes(&b).map(|n| n.as_str().to_string()),
                via_lossy(&b),
                "{b:x?}"
            );
        }
    }

    /// What [`clean_common`] makes of `b`, if it handles it.
    fn common(b: &[u8]) -> Option<Normalized> {
        let mut n = Normalized::EMPTY;
        clean_common(b, &mut n).then_some(n)
    }

    #[test]
    fn the_common_case_pass_agrees_with_the_general_one() {
        let same = |b: &[u8]| {
            let Some(n) = common(b) else {
                return false;
            };
            let mut g = Normalized::EMPTY;
            let bad = clean_general(b, &mut g);
            assert_eq!(bad, None, "{b:x?}");
            assert_eq!(
                (n.as_bytes(), n.len(), &n.pos[..n.len as usize]),
                (g.as_bytes(), g.len(), &g.pos[..g.len as usize]),
                "{b:x?}"
            );
            true
        };
        assert!(same(" ３７０４０４ １９４３０１１３ ８７４０ ".as_bytes()));
        assert!(same("\u{3000}ａｂＣ\t12x ".as_bytes()));
        assert!(same(" 1 ".repeat(30).as_bytes()));
        assert!(same("１".repeat(30).as_bytes()));
        assert!(same(b"6.50205E+17"));
        assert!(!same("１２-３".as_bytes()));
        // Every one- and two-character text over the pieces the pass knows and their
        // neighbours (the code points just outside each range it accepts).
        let chars: Vec<String> = [
            "0", "9", "a", "z", "A", "Z", "@", "[", "`", "{", "/", ":", " ", "\t", "\n", "-", "+",
            ".", "*", ",", "\u{3000}", "\u{3001}", "\u{FF0F}", "\u{FF10}", "\u{FF19}", "\u{FF1A}",
            "\u{FF20}", "\u{FF21}", "\u{FF3A}", "\u{FF3B}", "\u{FF40}", "\u{FF41}", "\u{FF5A}",
            "\u{FF5B}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut accepted = 0;
        for a in &chars {
            for b in &chars {
                accepted += same(format!("{a}{b}").as_bytes()) as u32;
            }
        }
        // The 17 characters it reads (digits, letters, `+`, `.` and spaces at each range's
        // ends) pair up every way; the other 17 send it to the general loop.
        assert_eq!(accepted, 17 * 17);
    }

    #[test]
    fn the_18_character_pass_keeps_what_the_common_pass_keeps() {
        // Random texts of 14..=22 pieces, some dropped, one in 60 unknown to the pass.
        const PIECES: &[&str] = &[
            "1", "9", "x", "X", "E", "+", " ", "\t", "\u{3000}", "１", "９", "ｘ", "Ｘ", "０",
            "５", "０１", "９８",
        ];
        const UNKNOWN: &[&str] = &["-", "\u{3001}", "\u{FF1A}"];
        let mut rng = crate::id::test_rng::Rng(3);
        let pick = |r: &mut crate::id::test_rng::Rng| match r.below(60) {
            0 => UNKNOWN[r.below(UNKNOWN.len() as u64) as usize],
            _ => PIECES[r.below(PIECES.len() as u64) as usize],
        };
        let mut eighteen = 0;
        for _ in 0..50_000 {
            let b: String = (0..rng.below(9) + 14).map(|_| pick(&mut rng)).collect();
            let b = b.as_bytes();
            let expected = common(b)
                .filter(|n| n.len() == 18)
                .map(|n| n.as_bytes().to_vec());
            assert_eq!(common18(b).map(|w| w.to_vec()), expected, "{b:x?}");
            eighteen += expected.is_some() as u32;
        }
        assert!(eighteen > 1000, "{eighteen}");
        assert_eq!(
            common18(" ３７０４０４ １９４３０１１３ ８７４ｘ ".as_bytes()),
            Some(*b"37040419430113874X")
        );
        assert_eq!(common18(&[b'1'; 19]), None);
        assert_eq!(common18(b""), None);
    }

    #[test]
    fn plain_text_is_digits_and_capitals_other_than_e() {
        let by_bytes =
            |b: &[u8]| !b.is_empty() && b.len() <= MAX_LEN && b.iter().all(|&c| is_plain_byte(c));
        // Every byte value at every position of texts of 1..=25 characters.
        for len in 1..=MAX_LEN + 1 {
            for at in 0..len {
                for c in 0..=255u8 {
                    let mut b = vec![b'7'; len];
                    b[at] = c;
                    assert_eq!(is_plain(&b), by_bytes(&b), "{b:?}");
                }
            }
        }
        assert!(is_plain(b"11010519491231002X"));
        assert!(!is_plain(b"1.10105E+17"));
        assert!(!is_plain(b"110105194912310E2X"));
        assert!(!is_plain(b""));
    }

    #[test]
    fn overlong_input_is_flagged_not_truncated_silently() {
        let n = normalize(&"1".repeat(100)).unwrap();
        assert_eq!(n.len(), MAX_LEN + 1);
    }
}
