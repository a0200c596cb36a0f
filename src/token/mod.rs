//! Keyed tokens of identity data, so that departments can compare rosters without handing
//! raw ID numbers around.
//!
//! Construction (scheme `hmac-sha256`; `hmac-sm3` is the same with SM3, GB/T 32905):
//!
//! ```text
//! secret      ≥ 128 bits from crypto.getRandomValues, shared only by the matching parties
//! field key   = HKDF-Extract-and-Expand(salt = "canbao/token/v1", ikm = secret,
//!                                       info = "<scheme>" 0x00 "<field>", 32 bytes)
//! token       = HMAC(field key, canonical value), truncated to 128 bits by default
//! fingerprint = HMAC(HKDF(..., info = "<scheme>" 0x00 "fingerprint"), "canbao key fingerprint v1"),
//!               first 64 bits
//! ```
//!
//! Domain separation: a different field, scheme or secret gives an unrelated key, so the same
//! value never gives the same token across them. The fingerprint lets parties check that they
//! hold the same secret and scheme without revealing either.
//!
//! `sha256-insecure` is an unkeyed SHA-256 of the field name and value, for tests and
//! demonstrations only: an 18-digit ID has about 10^11 plausible values, which one consumer GPU
//! hashes in seconds, so such a "token" is no protection at all.

pub mod canonical;
pub mod file;
pub mod matching;

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sm3::Sm3;

pub use canonical::{Field, Problem};

/// HKDF salt of this token construction, version 1.
const SALT: &[u8] = b"canbao/token/v1";
/// The message whose MAC is the key fingerprint.
const FINGERPRINT_LABEL: &[u8] = b"canbao key fingerprint v1";

/// How tokens are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// HMAC-SHA256 with HKDF-SHA256 field keys.
    HmacSha256,
    /// HMAC-SM3 with HKDF-SM3 field keys (commercial-cryptography deployments).
    HmacSm3,
    /// Unkeyed SHA-256: brute-forced in seconds; never for real data.
    Sha256Insecure,
}

impl Scheme {
    /// Every scheme.
    pub const ALL: [Scheme; 3] = [Scheme::HmacSha256, Scheme::HmacSm3, Scheme::Sha256Insecure];

    /// The scheme's name in the API and in token files.
    pub const fn name(self) -> &'static str {
        match self {
            Scheme::HmacSha256 => "hmac-sha256",
            Scheme::HmacSm3 => "hmac-sm3",
            Scheme::Sha256Insecure => "sha256-insecure",
        }
    }

    /// The scheme with this name.
    pub fn from_name(s: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|x| x.name() == s)
    }

    /// Whether tokens depend on a secret.
    pub const fn keyed(self) -> bool {
        !matches!(self, Scheme::Sha256Insecure)
    }
}

/// Why a secret or setting was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretError {
    /// Not the text form `CB1-…` (or not hexadecimal).
    Format,
    /// Fewer than 128 bits.
    TooShort,
    /// The check group does not match: a character was mistyped.
    Checksum,
    /// Every byte the same (all zeros, say): not a random secret, and anyone could guess it.
    Weak,
}

impl SecretError {
    /// Every error.
    pub const ALL: [SecretError; 4] = [
        SecretError::Format,
        SecretError::TooShort,
        SecretError::Checksum,
        SecretError::Weak,
    ];

    /// Stable snake_case code.
    pub const fn code(self) -> &'static str {
        match self {
            SecretError::Format => "secret_format",
            SecretError::TooShort => "secret_too_short",
            SecretError::Checksum => "secret_checksum",
            SecretError::Weak => "secret_weak",
        }
    }
    /// The message in `lang`.
    pub const fn message(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang::*;
        match (self, lang) {
            (SecretError::Format, Zh) => {
                "不是 canbao 活动密钥（应以 CB1- 开头，由十六进制数字组成）"
            }
            (SecretError::Format, En) => {
                "Not a canbao campaign secret (it starts with CB1- followed by hexadecimal digits)"
            }
            (SecretError::TooShort, Zh) => "密钥太短：至少需要 128 位（32 个十六进制数字）",
            (SecretError::TooShort, En) => {
                "The secret is too short: at least 128 bits (32 hexadecimal digits) are needed"
            }
            (SecretError::Checksum, Zh) => "密钥校验不符：可能有字符抄错",
            (SecretError::Checksum, En) => {
                "The secret's check group does not match: a character was probably mistyped"
            }
            (SecretError::Weak, Zh) => "密钥不是随机生成的（所有字节都相同），任何人都能猜到。请生成新的活动密钥",
            (SecretError::Weak, En) => {
                "The secret is not random (every byte is the same), so anyone could guess it. Make a new campaign secret"
            }
        }
    }
}

/// A campaign secret (16 to 64 bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Secret(…)") // never print the secret
    }
}

fn check_group(bytes: &[u8]) -> [u8; 2] {
    let h = Sha256::new()
        .chain_update(b"canbao secret check")
        .chain_update(bytes)
        .finalize();
    [h[0], h[1]]
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Lower-case hexadecimal.
pub fn to_hex(bytes: &[u8]) -> String {
    hex(bytes)
}

/// Bytes from hexadecimal (either case); `None` if not hexadecimal of even length.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if b.len() % 2 != 0 {
        return None;
    }
    let val = |c: u8| -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    };
    b.chunks(2)
        .map(|p| Some(val(p[0])? << 4 | val(p[1])?))
        .collect()
}

impl Secret {
    /// A secret from random bytes (16 to 64 of them).
    pub fn from_bytes(bytes: &[u8]) -> Result<Secret, SecretError> {
        match bytes.len() {
            0..=15 => Err(SecretError::TooShort),
            16..=64 if bytes.iter().all(|b| *b == bytes[0]) => Err(SecretError::Weak),
            16..=64 => Ok(Secret(bytes.to_vec())),
            _ => Err(SecretError::Format),
        }
    }

    /// The text form: `CB1-` then the bytes in groups of 8 hexadecimal digits, then a 4-digit
    /// check group, e.g. `CB1-1f0a93c2-…-7be1`.
    pub fn to_text(&self) -> String {
        let h = hex(&self.0);
        let mut s = String::from("CB1");
        for chunk in h.as_bytes().chunks(8) {
            s.push('-');
            s.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        }
        s.push('-');
        s.push_str(&hex(&check_group(&self.0)));
        s
    }

    /// Reads the text form (case, spaces, dashes and line breaks do not matter).
    pub fn parse(text: &str) -> Result<Secret, SecretError> {
        let clean: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_lowercase();
        let body = clean.strip_prefix("cb1").ok_or(SecretError::Format)?;
        let bytes = from_hex(body).ok_or(SecretError::Format)?;
        if bytes.len() < 2 {
            return Err(SecretError::Format);
        }
        let (key, check) = bytes.split_at(bytes.len() - 2);
        let secret = Secret::from_bytes(key)?;
        if check != check_group(key) {
            return Err(SecretError::Checksum);
        }
        Ok(secret)
    }

    fn derive(&self, scheme: Scheme, label: &str) -> [u8; 32] {
        let mut info = Vec::with_capacity(scheme.name().len() + 1 + label.len());
        info.extend_from_slice(scheme.name().as_bytes());
        info.push(0);
        info.extend_from_slice(label.as_bytes());
        let mut okm = [0u8; 32];
        // 32 bytes is far below HKDF's limit (255 × hash length): expand cannot fail.
        let _ = match scheme {
            Scheme::HmacSm3 => Hkdf::<Sm3>::new(Some(SALT), &self.0).expand(&info, &mut okm),
            _ => Hkdf::<Sha256>::new(Some(SALT), &self.0).expand(&info, &mut okm),
        };
        okm
    }
}

/// The key fingerprint for `secret` under `scheme`: 16 hexadecimal digits in groups of four.
/// Parties compare fingerprints to know they hold the same secret; it reveals nothing of it.
pub fn fingerprint(secret: &Secret, scheme: Scheme) -> String {
    if !scheme.keyed() {
        return "unkeyed".to_string();
    }
    let key = secret.derive(scheme, "fingerprint");
    let full = mac_once(scheme, &key, FINGERPRINT_LABEL);
    let h = hex(&full[..8]);
    format!("{}-{}-{}-{}", &h[0..4], &h[4..8], &h[8..12], &h[12..16])
}

fn mac_once(scheme: Scheme, key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    match scheme {
        Scheme::HmacSm3 => {
            let mut m = <Hmac<Sm3> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
            m.update(msg);
            out.copy_from_slice(&m.finalize().into_bytes());
        }
        _ => {
            let mut m =
                <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
            m.update(msg);
            out.copy_from_slice(&m.finalize().into_bytes());
        }
    }
    out
}

/// The precomputed keyed state of one field: each token clones it (the inner and outer
/// padded keys are hashed once, not per value).
#[derive(Clone)]
enum State {
    Sha256(Hmac<Sha256>),
    Sm3(Hmac<Sm3>),
    Unkeyed(Sha256),
}

/// Makes the tokens of one field.
#[derive(Clone)]
pub struct Tokenizer {
    /// The field.
    pub field: Field,
    /// The scheme.
    pub scheme: Scheme,
    /// Bytes kept of each token: 16 (128 bits, default) or 32.
    pub width: usize,
    state: State,
}

impl Tokenizer {
    /// A tokenizer for `field`. `secret` is ignored by the unkeyed scheme. `width` is 16 or 32
    /// (other values are taken as 16).
    pub fn new(secret: &Secret, scheme: Scheme, field: Field, width: usize) -> Tokenizer {
        let state = match scheme {
            Scheme::HmacSha256 => State::Sha256(
                Mac::new_from_slice(&secret.derive(scheme, field.name()))
                    .expect("HMAC takes any key length"),
            ),
            Scheme::HmacSm3 => State::Sm3(
                Mac::new_from_slice(&secret.derive(scheme, field.name()))
                    .expect("HMAC takes any key length"),
            ),
            Scheme::Sha256Insecure => {
                let mut h = Sha256::new();
                h.update(field.name().as_bytes());
                h.update([0]);
                State::Unkeyed(h)
            }
        };
        Tokenizer {
            field,
            scheme,
            width: if width == 32 { 32 } else { 16 },
            state,
        }
    }

    /// The token of an already canonical value (all 32 bytes; keep `width` of them).
    pub fn token(&self, canonical: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        match &self.state {
            State::Sha256(m) => {
                let mut m = m.clone();
                m.update(canonical);
                out.copy_from_slice(&m.finalize().into_bytes());
            }
            State::Sm3(m) => {
                let mut m = m.clone();
                m.update(canonical);
                out.copy_from_slice(&m.finalize().into_bytes());
            }
            State::Unkeyed(h) => {
                let mut h = h.clone();
                h.update(canonical);
                out.copy_from_slice(&h.finalize());
            }
        }
        out
    }
}

/// Settings of a tokenization run.
#[derive(Clone, Copy)]
pub struct Settings {
    /// Bytes kept of each token: 16 (128 bits) or 32.
    pub width: usize,
    /// Identity-number options (the reference date for birth dates).
    pub opts: crate::id::Options,
    /// NFKC normalization (see [`canonical::Nfkc`]).
    pub nfkc: canonical::Nfkc,
    /// The date written in the file header.
    pub created: crate::date::Date,
}

/// The result of tokenizing a roster: the token file (row references are the 1-based row
/// numbers unless given) and the problems of each row, by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokenized {
    /// The tokens, ready to write.
    pub file: file::TokenFile,
    /// Each row's problems (empty when every field was tokenized).
    pub problems: Vec<Vec<(Field, Problem)>>,
}

impl Tokenized {
    /// Rows with a token for every field.
    pub fn complete_rows(&self) -> usize {
        self.problems.iter().filter(|p| p.is_empty()).count()
    }
}

/// Tokenizes `rows`, each giving one value per field of `fields` (`None` or empty = missing,
/// reported as `empty`). Rows in = rows out: a row with problems keeps its place, with no
/// token for the fields that failed.
pub fn tokenize<'a>(
    secret: &Secret,
    scheme: Scheme,
    fields: &[Field],
    rows: impl IntoIterator<Item = Vec<Option<&'a str>>>,
    refs: Option<Vec<String>>,
    settings: &Settings,
) -> Tokenized {
    let tokenizers: Vec<Tokenizer> = fields
        .iter()
        .map(|&f| Tokenizer::new(secret, scheme, f, settings.width))
        .collect();
    let width = tokenizers.first().map_or(16, |t| t.width);
    let mut columns: Vec<file::Column> = fields
        .iter()
        .map(|&field| file::Column {
            field,
            bytes: Vec::new(),
            present: Vec::new(),
        })
        .collect();
    let mut problems = Vec::new();
    for row in rows {
        let mut row_problems = Vec::new();
        for (i, t) in tokenizers.iter().enumerate() {
            let value = row.get(i).copied().flatten().unwrap_or("");
            let canonical = if value.trim().is_empty() {
                Err(match t.field {
                    Field::Name => Problem::NameEmpty,
                    Field::BirthDate => Problem::InvalidDate,
                    _ => Problem::Id(crate::id::ErrorCode::Empty),
                })
            } else {
                canonical::canonical(t.field, value, &settings.opts, settings.nfkc)
            };
            let c = &mut columns[i];
            match canonical {
                Ok(v) => {
                    c.bytes.extend_from_slice(&t.token(v.as_bytes())[..width]);
                    c.present.push(true);
                }
                Err(p) => {
                    c.bytes.resize(c.bytes.len() + width, 0);
                    c.present.push(false);
                    row_problems.push((t.field, p));
                }
            }
        }
        problems.push(row_problems);
    }
    let n = problems.len();
    let refs = match refs {
        Some(r) if r.len() == n => r,
        _ => (1..=n).map(|i| i.to_string()).collect(),
    };
    Tokenized {
        file: file::TokenFile {
            header: file::Header {
                version: file::FORMAT_VERSION,
                scheme,
                fields: fields.to_vec(),
                fingerprint: fingerprint(secret, scheme),
                bits: (width * 8) as u16,
                rows: n,
                created: settings.created,
            },
            refs,
            columns,
        },
        problems,
    }
}

/// Tokens of a whole column of identity numbers (one per line, UTF-8), through the batch
/// validator: `width` bytes per row (zero where invalid) and each row's error number
/// ([`crate::id::ErrorCode::number`], 0 = tokenized). The fast path for large rosters.
pub fn tokenize_id_column(
    t: &Tokenizer,
    column: &[u8],
    opts: &crate::id::Options,
) -> (Vec<u8>, Vec<u8>) {
    let r = crate::id::validate_column_bytes(column, opts, true);
    let n = r.len();
    let mut tokens = vec![0u8; n * t.width];
    let mut errors = r.errors;
    let normalized = r.normalized.unwrap_or_default();
    let resident15 = crate::id::Kind::Resident15.number();
    for i in 0..n {
        if errors[i] != 0 {
            continue;
        }
        let v = &normalized[i];
        let token = if r.kinds[i] == resident15 {
            match crate::id::upgrade15(v, opts) {
                Ok(up) => t.token(up.as_bytes()),
                Err(ps) => {
                    errors[i] = ps.first().map_or(1, |p| p.code.number());
                    continue;
                }
            }
        } else {
            t.token(v.as_bytes())
        };
        tokens[i * t.width..(i + 1) * t.width].copy_from_slice(&token[..t.width]);
    }
    (tokens, errors)
}

#[cfg(test)]
mod tests;
