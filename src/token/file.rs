//! Token files, format version 1, as CSV or JSON Lines: a header (format version, scheme,
//! fields, key fingerprint, token bits, row count, creation date), then one line per row with
//! the party's own row reference and the row's tokens (hexadecimal; empty or null where the
//! value was missing or invalid). Row references map results back to rows locally; they must
//! not be personal data (row numbers are the default).
//!
//! ```text
//! #canbao-tokens,1
//! #scheme,hmac-sha256
//! #fields,id;name;birthDate
//! #fingerprint,1a2b-3c4d-5e6f-7a8b
//! #bits,128
//! #rows,2
//! #created,2026-11-23
//! ref,id,name,birthDate
//! 1,6b1f…,0c9e…,93d2…
//! 2,,0c9e…,5a10…
//! ```
//!
//! JSON Lines: `{"format":"canbao-tokens","version":1,"scheme":…,"fields":[…],"fingerprint":…,
//! "bits":128,"rows":2,"created":"2026-11-23"}` then `{"ref":"1","id":"6b1f…","name":…}` per row.

use std::fmt::Write;

use sha2::Digest;

use super::{from_hex, to_hex, Field, Scheme};
use crate::date::Date;
use crate::lang::{Lang, Text};

/// First 16 bytes of a token as a sort key.
pub(crate) fn key16(t: &[u8]) -> u128 {
    let mut k = [0u8; 16];
    k.copy_from_slice(&t[..16]);
    u128::from_be_bytes(k)
}

/// The token-file format version this library writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The most rows a token file may have: the comparison numbers rows with 32 bits.
pub const MAX_ROWS: usize = u32::MAX as usize;

/// Every code a [`FileError`] has: reading a file, then comparing two
/// ([`super::matching::check_comparable`], [`super::matching::compare`]).
pub const CODES: [&str; 12] = [
    "not_token_file",
    "unsupported_version",
    "bad_header",
    "bad_row",
    "bad_token",
    "row_count",
    "too_many_rows",
    "duplicate_ref",
    "scheme_mismatch",
    "fingerprint_mismatch",
    "bits_mismatch",
    "missing_fields",
];

/// A problem with a token file, or with comparing two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// Stable snake_case code.
    pub code: &'static str,
    /// 1-based line, where there is one.
    pub line: Option<usize>,
    text: Text,
}

impl FileError {
    pub(crate) fn new(
        code: &'static str,
        line: Option<usize>,
        zh: String,
        en: String,
    ) -> FileError {
        FileError {
            code,
            line,
            text: Text { zh, en },
        }
    }
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.text.en)
    }
}

impl std::error::Error for FileError {}

/// The header of a token file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Format version (1).
    pub version: u32,
    /// How the tokens were made.
    pub scheme: Scheme,
    /// The tokenized fields, in column order.
    pub fields: Vec<Field>,
    /// The key fingerprint (`"unkeyed"` for the insecure scheme).
    pub fingerprint: String,
    /// Bits kept of each token: 128 or 256.
    pub bits: u16,
    /// Number of rows.
    pub rows: usize,
    /// Creation date.
    pub created: Date,
}

impl Header {
    /// Bytes per token.
    pub fn width(&self) -> usize {
        self.bits as usize / 8
    }
}

/// The tokens of one field, row after row (`width` bytes each; zero where absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The field.
    pub field: Field,
    /// `rows × width` bytes.
    pub bytes: Vec<u8>,
    /// Whether each row has a token.
    pub present: Vec<bool>,
}

/// A token file in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenFile {
    /// The header.
    pub header: Header,
    /// Each row's reference.
    pub refs: Vec<String>,
    /// One column per field of the header, in its order.
    pub columns: Vec<Column>,
}

impl TokenFile {
    /// The token of `field` in `row`, if present.
    pub fn token(&self, field: Field, row: usize) -> Option<&[u8]> {
        let c = self.columns.iter().find(|c| c.field == field)?;
        let w = self.header.width();
        c.present
            .get(row)
            .copied()
            .unwrap_or(false)
            .then(|| &c.bytes[row * w..(row + 1) * w])
    }

    /// Checks that the parts agree as the reader makes them (rows within [`MAX_ROWS`] and as
    /// the header says, one column per field, `rows × width` token bytes): a file put together
    /// by hand gets an error here rather than a panic in the comparison.
    pub fn check_shape(&self) -> Result<(), FileError> {
        let h = &self.header;
        let rows = self.refs.len();
        if rows as u64 > MAX_ROWS as u64 {
            return Err(FileError {
                line: None,
                ..too_many_rows(&rows.to_string(), 0)
            });
        }
        let bytes = rows.checked_mul(h.width());
        let (code, zh, en) = if h.rows != rows {
            (
                "row_count",
                "行数与文件头不符",
                "its rows are not the header's count",
            )
        } else if self.columns.len() != h.fields.len()
            || self
                .columns
                .iter()
                .zip(&h.fields)
                .any(|(c, f)| c.field != *f)
        {
            (
                "bad_token",
                "列与文件头的字段不符",
                "the columns are not the header's fields",
            )
        } else if self
            .columns
            .iter()
            .any(|c| c.present.len() != rows || Some(c.bytes.len()) != bytes)
        {
            (
                "bad_token",
                "某列的令牌数与行数不符",
                "a column's tokens do not match the rows",
            )
        } else {
            return Ok(());
        };
        Err(FileError::new(
            code,
            None,
            format!("令牌文件的内容不一致：{zh}"),
            format!("the token file does not hold together: {en}"),
        ))
    }

    /// The column of `field`, if the file has it.
    pub fn column(&self, field: Field) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == field)
    }

    fn fields_text(&self, sep: &str) -> String {
        self.header
            .fields
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The CSV form.
    pub fn to_csv(&self) -> String {
        let h = &self.header;
        let w = h.width();
        // A hint only: checked, so that no count can make it wrap.
        let per_row = self
            .columns
            .len()
            .checked_mul(w * 2 + 1)
            .and_then(|n| n.checked_add(8));
        let room = per_row
            .and_then(|n| n.checked_mul(self.refs.len()))
            .and_then(|n| n.checked_add(64))
            .unwrap_or(0);
        let mut s = String::with_capacity(room);
        let _ = write!(
            s,
            "#canbao-tokens,{}\n#scheme,{}\n#fields,{}\n#fingerprint,{}\n#bits,{}\n#rows,{}\n#created,{}\nref",
            h.version,
            h.scheme.name(),
            self.fields_text(";"),
            h.fingerprint,
            h.bits,
            h.rows,
            h.created
        );
        for f in &h.fields {
            s.push(',');
            s.push_str(f.name());
        }
        s.push('\n');
        for (row, r) in self.refs.iter().enumerate() {
            crate::csv::push_cell(&mut s, r);
            for c in &self.columns {
                s.push(',');
                if c.present[row] {
                    s.push_str(&to_hex(&c.bytes[row * w..(row + 1) * w]));
                }
            }
            s.push('\n');
        }
        s
    }

    /// The JSON Lines form.
    pub fn to_jsonl(&self) -> String {
        let h = &self.header;
        let w = h.width();
        let fields: Vec<String> = h
            .fields
            .iter()
            .map(|f| format!("\"{}\"", f.name()))
            .collect();
        let mut s = format!(
            "{{\"format\":\"canbao-tokens\",\"version\":{},\"scheme\":\"{}\",\"fields\":[{}],\"fingerprint\":\"{}\",\"bits\":{},\"rows\":{},\"created\":\"{}\"}}\n",
            h.version,
            h.scheme.name(),
            fields.join(","),
            h.fingerprint,
            h.bits,
            h.rows,
            h.created
        );
        for (row, r) in self.refs.iter().enumerate() {
            s.push_str("{\"ref\":");
            s.push_str(&serde_json::Value::String(r.clone()).to_string());
            for c in &self.columns {
                let _ = write!(s, ",\"{}\":", c.field.name());
                if c.present[row] {
                    let _ = write!(s, "\"{}\"", to_hex(&c.bytes[row * w..(row + 1) * w]));
                } else {
                    s.push_str("null");
                }
            }
            s.push_str("}\n");
        }
        s
    }

    /// Reads either form (JSON Lines if the first character is `{`).
    pub fn parse(text: &str) -> Result<TokenFile, FileError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if text.trim_start().starts_with('{') {
            parse_jsonl(text)
        } else {
            parse_csv(text)
        }
    }
}

fn err(code: &'static str, line: usize, zh: String, en: String) -> FileError {
    FileError::new(code, Some(line), zh, en)
}

fn not_token_file() -> FileError {
    FileError::new(
        "not_token_file",
        Some(1),
        "不是 canbao 令牌文件（第一行应为 #canbao-tokens）".into(),
        "not a canbao token file (the first line should be #canbao-tokens)".into(),
    )
}

struct HeaderParts {
    version: Option<u32>,
    scheme: Option<Scheme>,
    fields: Option<Vec<Field>>,
    fingerprint: Option<String>,
    bits: Option<u16>,
    rows: Option<usize>,
    created: Option<Date>,
}

fn header_value(
    parts: &mut HeaderParts,
    key: &str,
    value: &str,
    line: usize,
) -> Result<(), FileError> {
    let bad = |what: &str| {
        err(
            "bad_header",
            line,
            format!("文件头“{key}”的值无效：{what}"),
            format!("the header \"{key}\" has an invalid value: {what}"),
        )
    };
    let repeated = || {
        err(
            "bad_header",
            line,
            format!("文件头“{key}”出现了不止一次"),
            format!("the header \"{key}\" appears more than once"),
        )
    };
    let seen = match key {
        "version" => parts.version.is_some(),
        "scheme" => parts.scheme.is_some(),
        "fields" => parts.fields.is_some(),
        "fingerprint" => parts.fingerprint.is_some(),
        "bits" => parts.bits.is_some(),
        "rows" => parts.rows.is_some(),
        "created" => parts.created.is_some(),
        _ => false,
    };
    if seen {
        return Err(repeated());
    }
    match key {
        "version" => {
            let v: u32 = value.parse().map_err(|_| bad(value))?;
            if v != FORMAT_VERSION {
                return Err(err(
                    "unsupported_version",
                    line,
                    format!("本库只读取第 {FORMAT_VERSION} 版令牌文件，此文件为第 {v} 版"),
                    format!("this library reads token files of version {FORMAT_VERSION}; this one is version {v}"),
                ));
            }
            parts.version = Some(v);
        }
        "scheme" => parts.scheme = Some(Scheme::from_name(value).ok_or_else(|| bad(value))?),
        "fields" => {
            let fs: Option<Vec<Field>> = value.split([';', ',']).map(Field::from_name).collect();
            let fs = fs.filter(|f| !f.is_empty()).ok_or_else(|| bad(value))?;
            let mut unique = fs.clone();
            unique.sort();
            unique.dedup();
            if unique.len() != fs.len() {
                return Err(bad(value));
            }
            parts.fields = Some(fs);
        }
        "fingerprint" => {
            let ok = value == "unkeyed"
                || (value.len() == 19
                    && value.split('-').count() == 4
                    && value
                        .split('-')
                        .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_hexdigit())));
            if !ok {
                return Err(bad(value));
            }
            parts.fingerprint = Some(value.to_ascii_lowercase());
        }
        "bits" => {
            parts.bits = Some(match value {
                "128" => 128,
                "256" => 256,
                _ => return Err(bad(value)),
            })
        }
        "rows" => {
            // Digits only ("+5", "-1", "1e3" and " 5" are not counts), and at most MAX_ROWS.
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(value));
            }
            match value.parse::<u64>() {
                Ok(n) if n <= MAX_ROWS as u64 => parts.rows = Some(n as usize),
                _ => return Err(too_many_rows(value, line)),
            }
        }
        "created" => parts.created = Some(Date::parse_iso(value).ok_or_else(|| bad(value))?),
        _ => {}
    }
    Ok(())
}

fn finish_header(p: HeaderParts, line: usize) -> Result<Header, FileError> {
    let missing = |k: &str| {
        err(
            "bad_header",
            line,
            format!("文件头缺少“{k}”"),
            format!("the header has no \"{k}\""),
        )
    };
    let h = Header {
        version: p.version.ok_or_else(|| missing("version"))?,
        scheme: p.scheme.ok_or_else(|| missing("scheme"))?,
        fields: p.fields.ok_or_else(|| missing("fields"))?,
        fingerprint: p.fingerprint.ok_or_else(|| missing("fingerprint"))?,
        bits: p.bits.ok_or_else(|| missing("bits"))?,
        rows: p.rows.ok_or_else(|| missing("rows"))?,
        created: p.created.ok_or_else(|| missing("created"))?,
    };
    // A keyed scheme has a key fingerprint; only the unkeyed scheme says "unkeyed".
    if h.scheme.keyed() == (h.fingerprint == "unkeyed") {
        return Err(err(
            "bad_header",
            line,
            format!(
                "文件头的密钥指纹“{}”与令牌方案“{}”不符",
                h.fingerprint,
                h.scheme.name()
            ),
            format!(
                "the header's key fingerprint \"{}\" does not fit the scheme \"{}\"",
                h.fingerprint,
                h.scheme.name()
            ),
        ));
    }
    Ok(h)
}

/// `too_many_rows`: a declared (or held) row count beyond [`MAX_ROWS`].
fn too_many_rows(count: &str, line: usize) -> FileError {
    let shown = shorten(count);
    err(
        "too_many_rows",
        line,
        format!("文件头写明 {shown} 行，超过了令牌文件的上限 {MAX_ROWS} 行"),
        format!("the header declares {shown} rows, more than a token file may have ({MAX_ROWS})"),
    )
}

/// Text from a file as quoted in a message: at most 64 characters.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(64) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// Room to reserve for the rows: the header's count, but never more than the lines of `text`
/// that can hold a row (less `skip`, the lines before the rows), so that a file declaring a
/// billion rows, or made of a billion blank lines, reserves only for the rows it really has.
/// The lines are counted only when the count could matter: a row takes three bytes at least,
/// so up to `1 << 20` rows within a third of the text are reserved without a pass over it.
fn row_capacity(h: &Header, text: &str, skip: usize) -> usize {
    let at_most = h.rows.min(text.len() / 3);
    if at_most <= 1 << 20 {
        return at_most;
    }
    let lines = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
        .saturating_sub(skip);
    h.rows.min(lines)
}

fn empty_parts() -> HeaderParts {
    HeaderParts {
        version: None,
        scheme: None,
        fields: None,
        fingerprint: None,
        bits: None,
        rows: None,
        created: None,
    }
}

/// Empty columns with room for `rows` rows (a count that cannot be held is `too_many_rows`).
fn new_columns(h: &Header, rows: usize, line: usize) -> Result<Vec<Column>, FileError> {
    let bytes = rows
        .checked_mul(h.width())
        .ok_or_else(|| too_many_rows(&rows.to_string(), line))?;
    Ok(h.fields
        .iter()
        .map(|&field| Column {
            field,
            bytes: Vec::with_capacity(bytes),
            present: Vec::with_capacity(rows),
        })
        .collect())
}

/// Appends one token (hex or empty) to a column.
fn push_token(
    c: &mut Column,
    hex: Option<&str>,
    width: usize,
    line: usize,
) -> Result<(), FileError> {
    match hex.filter(|h| !h.is_empty()) {
        None => {
            c.bytes.resize(c.bytes.len() + width, 0);
            c.present.push(false);
        }
        Some(h) => {
            let bytes = from_hex(h).filter(|b| b.len() == width).ok_or_else(|| {
                err(
                    "bad_token",
                    line,
                    format!(
                        "第 {line} 行“{}”列的令牌无效（应为 {} 位十六进制数）",
                        c.field.name(),
                        width * 2
                    ),
                    format!(
                        "line {line}: the {} token is not {} hexadecimal digits",
                        c.field.name(),
                        width * 2
                    ),
                )
            })?;
            c.bytes.extend_from_slice(&bytes);
            c.present.push(true);
        }
    }
    Ok(())
}

/// A row beyond the header's count, refused on its line (before it is kept).
fn check_room(h: &Header, held: usize, line: usize) -> Result<(), FileError> {
    if held < h.rows {
        return Ok(());
    }
    Err(err(
        "row_count",
        line,
        format!(
            "文件头写明 {} 行，第 {line} 行已是第 {} 行：文件头的行数与内容不符",
            h.rows,
            held as u64 + 1
        ),
        format!(
            "the header says {} rows but line {line} is row {}: the header does not match the rows",
            h.rows,
            held as u64 + 1
        ),
    ))
}

/// The rows read so far: references and the line each came from.
struct Rows {
    refs: Vec<String>,
    lines: Vec<usize>,
}

impl Rows {
    fn with_capacity(n: usize) -> Rows {
        Rows {
            refs: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
        }
    }

    /// The references, after the count and their uniqueness are checked.
    fn finish(self, h: &Header, last: usize) -> Result<Vec<String>, FileError> {
        check_rows(h, self.refs.len(), last)?;
        if let Some((first, again)) = first_repeat(&self.refs) {
            let (l1, l2) = (self.lines[first], self.lines[again]);
            let r = shorten(&self.refs[again]);
            return Err(err(
                "duplicate_ref",
                l2,
                format!("第 {l2} 行的行引用“{r}”与第 {l1} 行重复：每行的行引用必须唯一，否则比对结果无法对应到行"),
                format!("line {l2}: the row reference \"{r}\" is already used on line {l1}; row references must be unique, or findings could not be traced to one row"),
            ));
        }
        Ok(self.refs)
    }
}

/// The first row reference used twice: (its first row, the row that repeats it), the repeat
/// that comes first. Row numbers in increasing order (the default references) are unique
/// without sorting.
pub(crate) fn first_repeat(refs: &[String]) -> Option<(usize, usize)> {
    let mut last: Option<u64> = None;
    // Canonical decimals (no leading zero, at most 19 digits: they fit 64 bits), each larger
    // than the one before: distinct numbers, so distinct references.
    let increasing = refs.iter().all(|r| {
        let b = r.as_bytes();
        if b.is_empty() || b.len() > 19 || (b[0] == b'0' && b.len() > 1) {
            return false;
        }
        let mut n: u64 = 0;
        for &d in b {
            if !d.is_ascii_digit() {
                return false;
            }
            n = n * 10 + u64::from(d - b'0');
        }
        match last {
            Some(l) if n <= l => false,
            _ => {
                last = Some(n);
                true
            }
        }
    });
    if increasing {
        return None;
    }
    // Each reference as the first 16 bytes of its SHA-256 with its row, sorted with the sort
    // the comparison already uses for tokens ((key, row) pairs: no sort of its own in the
    // module, which has a size budget). Rows are at most MAX_ROWS (checked on reading), so
    // they fit 32 bits. Equal keys are confirmed by the references themselves.
    let mut keyed: Vec<(u128, u32)> = refs
        .iter()
        .enumerate()
        .map(|(row, r)| (key16(&sha2::Sha256::digest(r.as_bytes())), row as u32))
        .collect();
    keyed.sort_unstable();
    keyed
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .map(|w| (w[0].1 as usize, w[1].1 as usize))
        .filter(|&(i, j)| refs[i] == refs[j])
        .min_by_key(|&(_, j)| j)
}

fn check_rows(h: &Header, found: usize, line: usize) -> Result<(), FileError> {
    if found != h.rows {
        return Err(err(
            "row_count",
            line,
            format!(
                "文件头写明 {} 行，实际有 {found} 行：文件可能不完整",
                h.rows
            ),
            format!(
                "the header says {} rows but there are {found}: the file may be incomplete",
                h.rows
            ),
        ));
    }
    Ok(())
}

/// Splits the reference cell (possibly quoted) from the rest of a CSV line.
fn split_ref(line: &str) -> Option<(String, &str)> {
    if let Some(rest) = line.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if chars.peek().map(|&(_, n)| n) == Some('"') {
                    out.push('"');
                    chars.next();
                } else {
                    let after = &rest[i + 1..];
                    return Some((out, after.strip_prefix(',').unwrap_or(after)));
                }
            } else {
                out.push(c);
            }
        }
        None
    } else {
        let (r, rest) = line.split_once(',').unwrap_or((line, ""));
        Some((r.to_string(), rest))
    }
}

/// A row reference may hold any text but control characters (line breaks would not survive
/// the CSV form).
fn check_ref(r: String, line: usize) -> Result<String, FileError> {
    if r.chars().any(char::is_control) {
        return Err(err(
            "bad_row",
            line,
            format!("第 {line} 行的行引用含有控制字符"),
            format!("line {line}: the row reference contains a control character"),
        ));
    }
    Ok(r)
}

fn parse_csv(text: &str) -> Result<TokenFile, FileError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    match lines.next() {
        Some((_, l)) if l.starts_with("#canbao-tokens,") => {}
        _ => return Err(not_token_file()),
    }
    let mut parts = empty_parts();
    header_value(
        &mut parts,
        "version",
        text.lines()
            .next()
            .unwrap_or("")
            .split(',')
            .nth(1)
            .unwrap_or("")
            .trim(),
        1,
    )?;
    let mut header = None;
    let mut last = 1;
    for (n, l) in lines.by_ref() {
        last = n;
        if let Some(kv) = l.strip_prefix('#') {
            let (k, v) = kv.split_once(',').unwrap_or((kv, ""));
            header_value(&mut parts, k.trim(), v.trim(), n)?;
        } else {
            // The column header line: ref, then the fields in header order.
            let h = finish_header(parts, n)?;
            let want: Vec<&str> = std::iter::once("ref")
                .chain(h.fields.iter().map(|f| f.name()))
                .collect();
            // At most one piece more than wanted: a line of a million commas is not collected.
            let got: Vec<&str> = l.splitn(want.len() + 1, ',').map(str::trim).collect();
            if got != want {
                return Err(err(
                    "bad_header",
                    n,
                    format!("列名应为“{}”", want.join(",")),
                    format!("the column names should be \"{}\"", want.join(",")),
                ));
            }
            header = Some(h);
            break;
        }
    }
    let header = header.ok_or_else(|| {
        err(
            "bad_header",
            last,
            "文件头不完整".into(),
            "the header is incomplete".into(),
        )
    })?;
    let width = header.width();
    let cap = row_capacity(&header, text, 0);
    let mut rows = Rows::with_capacity(cap);
    let mut columns = new_columns(&header, cap, last)?;
    for (n, l) in lines {
        if l.is_empty() {
            continue;
        }
        last = n;
        check_room(&header, rows.refs.len(), n)?;
        let (r, rest) = split_ref(l).ok_or_else(|| {
            err(
                "bad_row",
                n,
                format!("第 {n} 行引号不成对"),
                format!("line {n}: unbalanced quotes"),
            )
        })?;
        // At most one cell more than the fields, however many commas the line has.
        let cells: Vec<&str> = rest.splitn(columns.len() + 1, ',').collect();
        if cells.len() != columns.len() {
            return Err(err(
                "bad_row",
                n,
                format!("第 {n} 行应有 {} 列", columns.len() + 1),
                format!("line {n} should have {} columns", columns.len() + 1),
            ));
        }
        for (c, cell) in columns.iter_mut().zip(cells) {
            push_token(c, Some(cell.trim()), width, n)?;
        }
        rows.refs.push(check_ref(r, n)?);
        rows.lines.push(n);
    }
    let refs = rows.finish(&header, last.max(1))?;
    Ok(TokenFile {
        header,
        refs,
        columns,
    })
}

/// The longest JSON Lines line read: a row is a reference and a few tokens, and a JSON value
/// in memory takes many times its text (a line of `[0,0,0,…]` about 16 times).
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

fn check_line_length(l: &str, n: usize, code: &'static str) -> Result<(), FileError> {
    if l.len() <= MAX_LINE_BYTES {
        return Ok(());
    }
    Err(err(
        code,
        n,
        format!(
            "第 {n} 行太长（{} 字节，最多 {MAX_LINE_BYTES} 字节）：不是令牌文件的一行",
            l.len()
        ),
        format!(
            "line {n} is too long ({} bytes, at most {MAX_LINE_BYTES}): not a line of a token file",
            l.len()
        ),
    ))
}

fn parse_jsonl(text: &str) -> Result<TokenFile, FileError> {
    use serde_json::Value;
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let (n, first) = lines.next().ok_or_else(not_token_file)?;
    check_line_length(first, n, "bad_header")?;
    let v: Value = serde_json::from_str(first).map_err(|_| not_token_file())?;
    if v["format"] != "canbao-tokens" {
        return Err(not_token_file());
    }
    let mut parts = empty_parts();
    let text_of = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(";"),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    for key in [
        "version",
        "scheme",
        "fields",
        "fingerprint",
        "bits",
        "rows",
        "created",
    ] {
        if !v[key].is_null() {
            header_value(&mut parts, key, &text_of(&v[key]), n)?;
        }
    }
    let header = finish_header(parts, n)?;
    let width = header.width();
    // The lines after the header that are not blank.
    let cap = row_capacity(&header, text, 1);
    let mut rows = Rows::with_capacity(cap);
    let mut columns = new_columns(&header, cap, n)?;
    let mut last = n;
    for (n, l) in lines {
        last = n;
        check_room(&header, rows.refs.len(), n)?;
        check_line_length(l, n, "bad_row")?;
        let row: Value = serde_json::from_str(l).map_err(|_| {
            err(
                "bad_row",
                n,
                format!("第 {n} 行不是有效的 JSON"),
                format!("line {n} is not valid JSON"),
            )
        })?;
        let r = match &row["ref"] {
            Value::String(s) => s.clone(),
            Value::Number(x) => x.to_string(),
            _ => {
                return Err(err(
                    "bad_row",
                    n,
                    format!("第 {n} 行缺少 ref"),
                    format!("line {n} has no ref"),
                ))
            }
        };
        for c in columns.iter_mut() {
            let cell = &row[c.field.name()];
            if !(cell.is_null() || cell.is_string()) {
                return Err(err(
                    "bad_token",
                    n,
                    format!("第 {n} 行“{}”应为字符串或 null", c.field.name()),
                    format!("line {n}: \"{}\" must be a string or null", c.field.name()),
                ));
            }
            push_token(c, cell.as_str(), width, n)?;
        }
        rows.refs.push(check_ref(r, n)?);
        rows.lines.push(n);
    }
    let refs = rows.finish(&header, last)?;
    Ok(TokenFile {
        header,
        refs,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: a fingerprint with a control character made an unreadable JSON Lines
    /// file. Fingerprints are now checked on reading, as are row references.
    #[test]
    fn header_fields_are_checked_so_files_round_trip() {
        let file = "#canbao-tokens,1\n#scheme,hmac-sha256\n#fields,id\n#fingerprint,3f2a-9\u{0}XX-5b7e-d412\n#bits,128\n#rows,0\n#created,2026-11-23\nref,id\n";
        assert_eq!(TokenFile::parse(file).unwrap_err().code, "bad_header");
        let jsonl = "{\"format\":\"canbao-tokens\",\"version\":1,\"scheme\":\"sha256-insecure\",\"fields\":[\"id\"],\"fingerprint\":\"unkeyed\",\"bits\":128,\"rows\":1,\"created\":\"2026-11-23\"}\n{\"ref\":\"a\\nb\",\"id\":null}\n";
        assert_eq!(TokenFile::parse(jsonl).unwrap_err().code, "bad_row");
        let ok = jsonl.replace("a\\nb", "a b");
        let f = TokenFile::parse(&ok).unwrap();
        assert_eq!(TokenFile::parse(&f.to_csv()).unwrap(), f);
        assert_eq!(TokenFile::parse(&f.to_jsonl()).unwrap(), f);
    }

    const HEAD: &str = "#canbao-tokens,1\n#scheme,hmac-sha256\n#fields,id\n#fingerprint,3f2a-9c1d-5b7e-d412\n#bits,128\n#rows,1\n#created,2026-11-23\nref,id\n1,\n";

    #[test]
    fn headers_are_consistent_or_refused() {
        assert!(TokenFile::parse(HEAD).is_ok());
        for (from, to) in [
            // A repeated key does not silently win.
            (
                "#scheme,hmac-sha256\n",
                "#scheme,hmac-sha256\n#scheme,hmac-sm3\n",
            ),
            // Repeated fields (which made the comparison trap).
            ("#fields,id\n", "#fields,id;id;id\n"),
            // An HMAC scheme with no key fingerprint, and the reverse.
            ("#fingerprint,3f2a-9c1d-5b7e-d412", "#fingerprint,unkeyed"),
            ("#scheme,hmac-sha256", "#scheme,sha256-insecure"),
        ] {
            let bad = HEAD.replace(from, to);
            assert_eq!(
                TokenFile::parse(&bad).unwrap_err().code,
                "bad_header",
                "{bad}"
            );
        }
    }

    #[test]
    fn a_declared_row_count_reserves_only_for_the_lines_present() {
        let bad = HEAD.replace("#rows,1", "#rows,16777216");
        let e = TokenFile::parse(&bad).unwrap_err();
        assert_eq!(e.code, "row_count");
        let h = TokenFile::parse(HEAD).unwrap().header;
        let h = Header {
            rows: 1_000_000_000,
            ..h
        };
        // Blank lines hold no row: a billion of them reserve nothing.
        let lines = format!("{}{}", "1,\n".repeat(9), "\n".repeat(4 << 20));
        assert_eq!(row_capacity(&h, &lines, 0), 9);
        assert_eq!(
            row_capacity(
                &Header {
                    rows: 3,
                    ..h.clone()
                },
                &lines,
                0
            ),
            3
        );
        // A short text is its own bound, without counting.
        assert_eq!(row_capacity(&h, "1,\n2,\n", 0), 2);
        let blank = format!(
            "{}{}",
            bad.replace("#rows,16777216", "#rows,1000000000"),
            "\n".repeat(100_000)
        );
        let e = TokenFile::parse(&blank).unwrap_err();
        assert_eq!((e.code, e.line), ("row_count", Some(9)));
    }

    /// Counts are digits within MAX_ROWS; anything else is a coded error, never a wrap.
    #[test]
    fn impossible_row_counts_are_refused_with_their_code() {
        for (count, code) in [
            ("+1", "bad_header"),
            ("-1", "bad_header"),
            ("1e3", "bad_header"),
            ("0x10", "bad_header"),
            ("", "bad_header"),
            ("4294967296", "too_many_rows"),
            ("18446744073709551616", "too_many_rows"),
            ("99999999999999999999999999999999", "too_many_rows"),
            ("4294967295", "row_count"),
            ("0", "row_count"),
            ("2", "row_count"),
            ("001", "ok"),
        ] {
            let text = HEAD.replace("#rows,1", &format!("#rows,{count}"));
            let got = TokenFile::parse(&text).map_or_else(|e| e.code, |_| "ok");
            assert_eq!(got, code, "#rows,{count}");
            assert!(got == "ok" || CODES.contains(&got));
        }
        let e = TokenFile::parse(&HEAD.replace("#rows,1", "#rows,4294967296")).unwrap_err();
        assert_eq!(e.line, Some(6));
        assert!(e.message(Lang::Zh).contains("4294967296 行"), "{e}");
        assert!(e.message(Lang::En).contains("4294967295"), "{e}");
        let jsonl = |rows: &str| {
            format!("{{\"format\":\"canbao-tokens\",\"version\":1,\"scheme\":\"hmac-sha256\",\"fields\":[\"id\"],\"fingerprint\":\"3f2a-9c1d-5b7e-d412\",\"bits\":128,\"rows\":{rows},\"created\":\"2026-11-23\"}}\n{{\"ref\":\"1\",\"id\":null}}\n")
        };
        assert!(TokenFile::parse(&jsonl("1")).is_ok());
        for (rows, code) in [
            ("1.5", "bad_header"),
            ("1e3", "bad_header"),
            ("-1", "bad_header"),
            ("4294967296", "too_many_rows"),
            // Beyond 64 bits JSON numbers are floating point: not a count.
            ("184467440737095516160", "bad_header"),
        ] {
            let got = TokenFile::parse(&jsonl(rows)).unwrap_err().code;
            assert_eq!(got, code, "rows {rows}");
        }
    }

    #[test]
    fn rows_beyond_the_declared_count_stop_the_reader_on_their_line() {
        let two = format!("{HEAD}2,\n3,\n");
        let e = TokenFile::parse(&two).unwrap_err();
        assert_eq!((e.code, e.line), ("row_count", Some(10)));
        assert!(e.message(Lang::En).contains("line 10 is row 2"), "{e}");
        assert!(e.message(Lang::Zh).contains("第 10 行已是第 2 行"), "{e}");
    }

    #[test]
    fn a_repeated_row_reference_is_refused_naming_both_lines() {
        let csv = HEAD
            .replace("#rows,1", "#rows,4")
            .replace("ref,id\n1,\n", "ref,id\n1,\n\n7,\n\"x,y\",\n7,\n");
        let e = TokenFile::parse(&csv).unwrap_err();
        assert_eq!((e.code, e.line), ("duplicate_ref", Some(13)));
        assert!(
            e.message(Lang::En)
                .contains("line 13: the row reference \"7\" is already used on line 11"),
            "{e}"
        );
        assert!(
            e.message(Lang::Zh)
                .contains("第 13 行的行引用“7”与第 11 行重复"),
            "{e}"
        );
        // The first repeat in the file is the one named, whatever the references sort as.
        let csv = HEAD
            .replace("#rows,1", "#rows,5")
            .replace("ref,id\n1,\n", "ref,id\nb,\na,\nc,\na,\nb,\n");
        let e = TokenFile::parse(&csv).unwrap_err();
        assert_eq!(e.line, Some(12));
        assert!(
            e.message(Lang::En)
                .contains("\"a\" is already used on line 10"),
            "{e}"
        );
        // JSON Lines: a number and a string of the same text are the same reference.
        let jsonl = "{\"format\":\"canbao-tokens\",\"version\":1,\"scheme\":\"sha256-insecure\",\"fields\":[\"id\"],\"fingerprint\":\"unkeyed\",\"bits\":128,\"rows\":2,\"created\":\"2026-11-23\"}\n{\"ref\":12,\"id\":null}\n{\"ref\":\"12\",\"id\":null}\n";
        let e = TokenFile::parse(jsonl).unwrap_err();
        assert_eq!((e.code, e.line), ("duplicate_ref", Some(3)));
        // Distinct texts are distinct references, numbers or not, in any order.
        let ok = HEAD
            .replace("#rows,1", "#rows,4")
            .replace("ref,id\n1,\n", "ref,id\n01,\n1,\n10,\n2,\n");
        assert_eq!(TokenFile::parse(&ok).unwrap().refs, ["01", "1", "10", "2"]);
        // A long reference is quoted shortened.
        let long = "r".repeat(500);
        let csv = HEAD
            .replace("#rows,1", "#rows,2")
            .replace("ref,id\n1,\n", &format!("ref,id\n{long},\n{long},\n"));
        let e = TokenFile::parse(&csv).unwrap_err();
        assert_eq!(e.code, "duplicate_ref");
        assert!(e.message(Lang::En).len() < 300, "{e}");
    }

    #[test]
    fn first_repeat_finds_the_earliest_repeat() {
        let refs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(first_repeat(&refs(&[])), None);
        assert_eq!(first_repeat(&refs(&["1", "2", "10", "11"])), None);
        assert_eq!(first_repeat(&refs(&["1", "2", "2"])), Some((1, 2)));
        assert_eq!(first_repeat(&refs(&["2", "1", "3"])), None);
        assert_eq!(first_repeat(&refs(&["x", "y", "y", "x"])), Some((1, 2)));
        assert_eq!(
            first_repeat(&refs(&["x", "y", "z", "x", "y"])),
            Some((0, 3))
        );
        assert_eq!(first_repeat(&refs(&["", ""])), Some((0, 1)));
        assert_eq!(first_repeat(&refs(&["0", "00"])), None);
    }

    #[test]
    fn long_lines_are_not_collected_or_parsed_whole() {
        // A row of a million commas is a bad row, read without splitting it all.
        let commas = HEAD.replace("1,\n", &format!("1,{}\n", ",".repeat(1_000_000)));
        let e = TokenFile::parse(&commas).unwrap_err();
        assert_eq!((e.code, e.line), ("bad_row", Some(9)));
        let head = HEAD.replace("ref,id\n", &format!("ref,id{}\n", ",".repeat(1_000_000)));
        assert_eq!(TokenFile::parse(&head).unwrap_err().code, "bad_header");
        // A JSON Lines line too long to be a row is refused before it is parsed.
        let first = "{\"format\":\"canbao-tokens\",\"version\":1,\"scheme\":\"sha256-insecure\",\"fields\":[\"id\"],\"fingerprint\":\"unkeyed\",\"bits\":128,\"rows\":1,\"created\":\"2026-11-23\"}\n";
        let row = format!(
            "{{\"ref\":\"1\",\"id\":null,\"x\":[{}0]}}\n",
            "0,".repeat(MAX_LINE_BYTES / 2)
        );
        let e = TokenFile::parse(&format!("{first}{row}")).unwrap_err();
        assert_eq!((e.code, e.line), ("bad_row", Some(2)));
        assert!(e.message(Lang::En).contains("too long"), "{e}");
        let e = TokenFile::parse(&format!(
            "{}{row}",
            first.replace(
                "}\n",
                &format!(",\"x\":\"{}\"}}\n", "y".repeat(MAX_LINE_BYTES))
            )
        ))
        .unwrap_err();
        assert_eq!((e.code, e.line), ("bad_header", Some(1)));
    }

    #[test]
    fn a_file_put_together_by_hand_is_checked_not_trusted() {
        let f = TokenFile::parse(HEAD).unwrap();
        assert_eq!(f.check_shape(), Ok(()));
        let mut more = f.clone();
        more.refs.push("2".into());
        assert_eq!(more.check_shape().unwrap_err().code, "row_count");
        let mut short = f.clone();
        short.columns[0].present.clear();
        assert_eq!(short.check_shape().unwrap_err().code, "bad_token");
        let mut none = f.clone();
        none.columns.clear();
        assert_eq!(none.check_shape().unwrap_err().code, "bad_token");
        let e = crate::token::matching::compare(&f, &short, Default::default()).unwrap_err();
        assert_eq!(e.code, "bad_token");
    }
}
