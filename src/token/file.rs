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

use super::{from_hex, to_hex, Field, Scheme};
use crate::date::Date;
use crate::lang::{Lang, Text};

/// The token-file format version this library writes and reads.
pub const FORMAT_VERSION: u32 = 1;

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
        let mut s = String::with_capacity(64 + h.rows * (8 + self.columns.len() * (w * 2 + 1)));
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
        "rows" => parts.rows = Some(value.parse().map_err(|_| bad(value))?),
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

/// Room to reserve for the rows: the header's count, but never more than the rest of the
/// text can hold (each row takes at least a reference, a separator per field and a line
/// end), so that a short file declaring millions of rows reserves nothing for them.
fn row_capacity(h: &Header, rest_bytes: usize) -> usize {
    h.rows.min(rest_bytes / (h.fields.len() + 2))
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

fn new_columns(h: &Header, rows: usize) -> Vec<Column> {
    h.fields
        .iter()
        .map(|&field| Column {
            field,
            bytes: Vec::with_capacity(rows * h.width()),
            present: Vec::with_capacity(rows),
        })
        .collect()
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
            let got: Vec<&str> = l.split(',').map(str::trim).collect();
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
    let cap = row_capacity(&header, text.len());
    let mut refs = Vec::with_capacity(cap);
    let mut columns = new_columns(&header, cap);
    for (n, l) in lines {
        if l.is_empty() {
            continue;
        }
        let (r, rest) = split_ref(l).ok_or_else(|| {
            err(
                "bad_row",
                n,
                format!("第 {n} 行引号不成对"),
                format!("line {n}: unbalanced quotes"),
            )
        })?;
        let cells: Vec<&str> = rest.split(',').collect();
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
        refs.push(check_ref(r, n)?);
    }
    check_rows(&header, refs.len(), last.max(1))?;
    Ok(TokenFile {
        header,
        refs,
        columns,
    })
}

fn parse_jsonl(text: &str) -> Result<TokenFile, FileError> {
    use serde_json::Value;
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let (n, first) = lines.next().ok_or_else(not_token_file)?;
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
    let cap = row_capacity(&header, text.len());
    let mut refs = Vec::with_capacity(cap);
    let mut columns = new_columns(&header, cap);
    let mut last = n;
    for (n, l) in lines {
        last = n;
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
        refs.push(check_ref(r, n)?);
    }
    check_rows(&header, refs.len(), last)?;
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
    fn a_declared_row_count_reserves_nothing_beyond_the_text() {
        let bad = HEAD.replace("#rows,1", "#rows,16777216");
        let e = TokenFile::parse(&bad).unwrap_err();
        assert_eq!(e.code, "row_count");
        let h = TokenFile::parse(HEAD).unwrap().header;
        assert_eq!(
            row_capacity(
                &Header {
                    rows: 16_777_216,
                    ..h
                },
                175
            ),
            58
        );
    }
}
