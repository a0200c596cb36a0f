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
    !b.is_empty() && b.len() <= MAX_LEN && b.iter().all(|&c| is_plain_byte(c))
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
    buf: [u8; MAX_LEN],
    /// Original positions (saturating), used only when `identity_pos` is false.
    pos: [u16; MAX_LEN],
    len: u8,
    too_long: bool,
    /// Nothing was removed: cleaned character `i` is original character `i`.
    identity_pos: bool,
}

impl Normalized {
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
        if self.identity_pos {
            i as u32
        } else {
            self.pos[i.min(MAX_LEN - 1)] as u32
        }
    }
    /// A problem pointing at cleaned character `i`.
    pub fn problem_at(&self, code: ErrorCode, i: usize) -> Problem {
        Problem::at(code, self.original_pos(i))
    }
    /// Maps problem positions from cleaned coordinates to the original text.
    pub fn map_positions(&self, mut ps: Problems) -> Problems {
        if !self.identity_pos {
            ps.map_at(|at| self.original_pos(at as usize));
        }
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
    let bytes = input.as_bytes();
    if !bytes.is_empty() && bytes.len() <= MAX_LEN {
        // Fast path, same result: plain ASCII letters and digits only need upper-casing.
        // One pass checks, copies and notes any 'E' (for the scientific-notation check).
        let mut buf = [0u8; MAX_LEN];
        let (mut plain, mut has_e) = (true, false);
        for (d, &c) in buf.iter_mut().zip(bytes) {
            let upper = c & !((c.is_ascii_lowercase() as u8) << 5);
            plain &= c.is_ascii_alphanumeric();
            has_e |= upper == b'E';
            *d = upper;
        }
        if plain {
            if has_e && is_scientific(&buf[..bytes.len()]) {
                return Err(Problem::new(ErrorCode::ScientificNotation));
            }
            return Ok(Normalized {
                buf,
                pos: [0; MAX_LEN],
                len: bytes.len() as u8,
                too_long: false,
                identity_pos: true,
            });
        }
    }
    let mut n = Normalized {
        buf: [0; MAX_LEN],
        pos: [0; MAX_LEN],
        len: 0,
        too_long: false,
        identity_pos: false,
    };
    // Quotes and apostrophes are dropped only at either end of the significant text. One
    // forward pass: leading blanks and quotes are skipped; a quote after that is held as
    // pending, and becomes an invalid character only if significant text follows it.
    let significant = |c: char| !(c.is_whitespace() || is_invisible(c));
    let mut leading = true;
    let mut pending_quote: Option<u32> = None;
    let mut bad: Option<u32> = None;
    for (i, c) in input.chars().enumerate() {
        let i = i as u32;
        let c = fold_fullwidth(c);
        let ascii_alnum = c.is_ascii_alphanumeric();
        if !ascii_alnum && !significant(c) {
            continue; // dropped wherever it stands
        }
        if !ascii_alnum && is_quote(c) {
            if !leading && pending_quote.is_none() {
                pending_quote = Some(i);
            }
            continue;
        }
        leading = false;
        if let Some(q) = pending_quote.take() {
            bad = bad.or(Some(q));
        }
        match clean_char(c) {
            Ok(Some(b)) => {
                if (n.len as usize) < MAX_LEN {
                    n.buf[n.len as usize] = b;
                    n.pos[n.len as usize] = i.min(u16::MAX as u32) as u16;
                    n.len += 1;
                } else {
                    n.too_long = true;
                }
            }
            Ok(None) => {}
            Err(()) => bad = bad.or(Some(i)),
        }
    }
    if is_scientific(n.as_bytes()) {
        return Err(Problem::new(ErrorCode::ScientificNotation));
    }
    if let Some(at) = bad {
        return Err(Problem::at(ErrorCode::InvalidCharacter, at));
    }
    if n.is_empty() {
        return Err(Problem::new(ErrorCode::Empty));
    }
    Ok(n)
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

    #[test]
    fn overlong_input_is_flagged_not_truncated_silently() {
        let n = normalize(&"1".repeat(100)).unwrap();
        assert_eq!(n.len(), MAX_LEN + 1);
    }
}
