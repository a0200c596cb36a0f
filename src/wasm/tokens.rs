//! Keyed tokens and matching for JavaScript (feature `tokens`). The secret is passed in by the
//! page (typed, pasted or read from a local file) and used only in memory; nothing here
//! fetches, stores or sends anything.

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;

use super::{
    choice_arg, js_str, lang_option, misuse, opt_bool, opt_date, option_entries, today, with_utf8,
};
use crate::date::Date;
use crate::id::{ErrorCode, Options};
use crate::json::{array, JsonObject};
use crate::lang::Lang;
use crate::token::file::{FileError, TokenFile};
use crate::token::matching::{self, compare};
use crate::token::{self, canonical, Field, Scheme, Secret, Settings, Tokenizer};

/// NFKC by the JavaScript engine (`String.prototype.normalize`), so the module carries no
/// Unicode tables.
fn js_nfkc(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    js_sys::JsString::from(s).normalize("NFKC").into()
}

fn coded(code: &str, message: &str, line: Option<usize>) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = Reflect::set(&e, &js_str("code"), &code.into());
    if let Some(l) = line {
        let _ = Reflect::set(&e, &js_str("line"), &(l as u32).into());
    }
    e.into()
}

fn file_error(e: &FileError, lang: Lang) -> JsValue {
    coded(e.code, e.message(lang), e.line)
}

/// The error of one of two compared files, saying which (`file: "A"` or `"B"`) as data.
fn file_error_of(e: &FileError, which: &str, lang: Lang) -> JsValue {
    let (zh, en) = (
        format!("文件 {which}：{}", e.message(Lang::Zh)),
        format!("file {which}: {}", e.message(Lang::En)),
    );
    let err = file_error(&FileError::new(e.code, e.line, zh, en), lang);
    let _ = Reflect::set(&err, &js_str("file"), &which.into());
    err
}

/// The longest result text handed to JavaScript: engines cap a string's length (V8 at about
/// 2^29 UTF-16 units) and refuse longer ones with an uncoded error. UTF-8 bytes are never
/// fewer than UTF-16 units, so a byte count within this keeps the string within the cap.
const MAX_RESULT_BYTES: usize = 500_000_000;

/// A result too large for the page: `too_large`, pointing to the command line.
fn result_fits(text: &str, lang: Lang) -> Result<(), JsValue> {
    if text.len() <= MAX_RESULT_BYTES {
        return Ok(());
    }
    let message = match lang {
        Lang::Zh => "结果太大，浏览器页面无法容纳。请用命令行工具比对：canbao compare A.tokens.csv B.tokens.csv -o 比对结果.csv",
        Lang::En => "the result is too large for a browser page. Compare on the command line: canbao compare A.tokens.csv B.tokens.csv -o findings.csv",
    };
    Err(coded("too_large", message, None))
}

fn secret_of(v: &JsValue, lang: Lang) -> Result<Secret, JsValue> {
    let text = v
        .as_string()
        .ok_or_else(|| misuse("the secret must be the text given by newCampaignSecret()"))?;
    Secret::parse(&text).map_err(|e| coded(e.code(), e.message(lang), None))
}

fn scheme_of(v: &JsValue, insecure: bool) -> Result<Scheme, JsValue> {
    let s = v
        .as_string()
        .and_then(|s| Scheme::from_name(&s))
        .ok_or_else(|| misuse("scheme must be 'hmac-sha256', 'hmac-sm3' or (with { insecure: true }) 'sha256-insecure'"))?;
    if !s.keyed() && !insecure {
        return Err(misuse(
            "'sha256-insecure' is an unkeyed hash: every possible ID can be hashed in seconds, so it protects nothing; pass { insecure: true } to use it for tests",
        ));
    }
    Ok(s)
}

/// The scheme and, for keyed schemes, the secret (the unkeyed scheme ignores it).
fn scheme_and_secret(
    scheme: &JsValue,
    secret: &JsValue,
    o: &TokenOptions,
) -> Result<(Scheme, Secret), JsValue> {
    let scheme = scheme_of(scheme, o.insecure)?;
    let secret = if scheme.keyed() {
        secret_of(secret, o.lang)?
    } else {
        Secret::from_bytes(&core::array::from_fn::<u8, 16, _>(|i| i as u8))
            .map_err(|_| misuse("internal"))?
    };
    Ok((scheme, secret))
}

/// Options of the token functions.
struct TokenOptions {
    lang: Lang,
    width: usize,
    insecure: bool,
    reference: Option<Date>,
    refs: Option<Vec<String>>,
    name_birth_date: bool,
    csv: bool,
    join: [Option<matching::Join>; 2],
}

/// A `joinA` / `joinB` option: `{ headers: string[], rows: { [ref]: string[] } }`.
fn join_option(value: &JsValue, name: &str) -> Result<matching::Join, JsValue> {
    let bad = || {
        misuse(&format!(
            "options.{name} must be {{ headers: string[], rows: {{ [ref]: string[] }} }}"
        ))
    };
    let strings = |v: &JsValue| -> Option<Vec<String>> {
        Array::is_array(v).then(|| Array::from(v).iter().map(|x| x.as_string()).collect())?
    };
    let headers =
        strings(&Reflect::get(value, &"headers".into()).map_err(|_| bad())?).ok_or_else(bad)?;
    let rows = Reflect::get(value, &"rows".into()).map_err(|_| bad())?;
    if !rows.is_object() {
        return Err(bad());
    }
    let mut out = matching::Join {
        headers,
        rows: Default::default(),
    };
    for e in js_sys::Object::entries(rows.unchecked_ref()).iter() {
        let e: Array = e.unchecked_into();
        let key = e.get(0).as_string().ok_or_else(bad)?;
        out.rows.insert(key, strings(&e.get(1)).ok_or_else(bad)?);
    }
    Ok(out)
}

fn options(o: Option<JsValue>) -> Result<TokenOptions, JsValue> {
    let mut t = TokenOptions {
        lang: Lang::Zh,
        width: 16,
        insecure: false,
        reference: None,
        refs: None,
        name_birth_date: false,
        csv: false,
        join: [None, None],
    };
    const KNOWN: &[&str] = &[
        "lang",
        "bits",
        "insecure",
        "nameBirthDate",
        "csv",
        "referenceDate",
        "refs",
        "joinA",
        "joinB",
    ];
    for (key, value) in option_entries(o, KNOWN)? {
        match key {
            "lang" => t.lang = lang_option(&value)?,
            "bits" => {
                t.width = match value.as_f64() {
                    Some(128.0) => 16,
                    Some(256.0) => 32,
                    _ => return Err(misuse("options.bits must be 128 or 256")),
                }
            }
            "insecure" => t.insecure = opt_bool(&value, key)?,
            "nameBirthDate" => t.name_birth_date = opt_bool(&value, key)?,
            "csv" => t.csv = opt_bool(&value, key)?,
            "referenceDate" => t.reference = Some(opt_date(&value, key)?),
            "joinA" => t.join[0] = Some(join_option(&value, key)?),
            "joinB" => t.join[1] = Some(join_option(&value, key)?),
            // "refs": the only other key `option_entries` lets through.
            _ => {
                if !Array::is_array(&value) {
                    return Err(misuse("options.refs must be an array of strings"));
                }
                let refs: Option<Vec<String>> =
                    Array::from(&value).iter().map(|v| v.as_string()).collect();
                let refs =
                    refs.ok_or_else(|| misuse("options.refs must be an array of strings"))?;
                if refs.iter().any(|r| r.chars().any(char::is_control)) {
                    return Err(misuse(
                        "options.refs must not contain line breaks or other control characters",
                    ));
                }
                // Each finding names one row: a reference used twice could not be traced.
                if let Some((first, again)) = crate::token::file::first_repeat(&refs) {
                    return Err(misuse(&format!(
                        "options.refs must be unique: row {} repeats row {} (\"{}\")",
                        again + 1,
                        first + 1,
                        refs[again]
                    )));
                }
                t.refs = Some(refs);
            }
        }
    }
    Ok(t)
}

/// A new campaign secret (256 bits from `crypto.getRandomValues`), as text to copy or save.
/// Give it only to the parties that must match; never put it in a URL or a shared folder.
#[wasm_bindgen(js_name = newCampaignSecret)]
pub fn new_campaign_secret() -> Result<String, JsValue> {
    let bytes = Uint8Array::new_with_length(32);
    let crypto = Reflect::get(&js_sys::global(), &js_str("crypto"))
        .ok()
        .filter(|c| c.is_object())
        .ok_or_else(|| misuse("crypto.getRandomValues is not available (Node 18: globalThis.crypto = require('node:crypto').webcrypto)"))?;
    let get: js_sys::Function = Reflect::get(&crypto, &js_str("getRandomValues"))?.dyn_into()?;
    get.call1(&crypto, &bytes)?;
    let secret = Secret::from_bytes(&bytes.to_vec()).map_err(|_| misuse("no random bytes"))?;
    Ok(secret.to_text())
}

/// The key fingerprint of a secret under a scheme: parties compare it to know they hold the
/// same secret, without revealing it.
#[wasm_bindgen(js_name = keyFingerprint)]
pub fn key_fingerprint(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TokenScheme")] scheme: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TokenOptions")] options_: Option<JsValue>,
) -> Result<String, JsValue> {
    let o = options(options_)?;
    let scheme = scheme_of(&scheme, o.insecure)?;
    Ok(token::fingerprint(&secret_of(&secret, o.lang)?, scheme))
}

fn fields_of(v: &JsValue) -> Result<Vec<Field>, JsValue> {
    let bad = || misuse("fields must be a non-empty array of 'id', 'name', 'birthDate', 'phone'");
    if !Array::is_array(v) {
        return Err(bad());
    }
    let fields: Option<Vec<Field>> = Array::from(v)
        .iter()
        .map(|f| f.as_string().and_then(|s| Field::from_name(&s)))
        .collect();
    let fields = fields.filter(|f| !f.is_empty()).ok_or_else(bad)?;
    let mut seen = fields.clone();
    seen.sort();
    seen.dedup();
    if seen.len() != fields.len() {
        return Err(misuse("fields must not repeat a field"));
    }
    Ok(fields)
}

fn settings(o: &TokenOptions) -> Settings {
    let day = today();
    Settings {
        width: o.width,
        opts: Options::new(o.reference.unwrap_or(day)),
        nfkc: js_nfkc,
        created: day,
    }
}

fn header_json(f: &TokenFile) -> String {
    let h = &f.header;
    JsonObject::new()
        .num("version", h.version)
        .str("scheme", h.scheme.name())
        .raw(
            "fields",
            &array(h.fields.iter().map(|f| format!("\"{}\"", f.name()))),
        )
        .str("fingerprint", &h.fingerprint)
        .num("bits", h.bits as u32)
        .num("rows", h.rows as u64)
        .str("created", &h.created.to_string())
        .end()
}

/// Each row as `{ ref, <field>: token | null, … }` (plus its `errors` when given).
fn rows_json(
    f: &TokenFile,
    problems: Option<&[Vec<(Field, canonical::Problem)>]>,
    lang: Lang,
) -> String {
    let w = f.header.width();
    array(f.refs.iter().enumerate().map(|(row, r)| {
        let mut o = String::from("{\"ref\":");
        o.push_str(&serde_json::Value::String(r.clone()).to_string());
        for c in &f.columns {
            o.push_str(",\"");
            o.push_str(c.field.name());
            o.push_str("\":");
            if c.present[row] {
                o.push('"');
                o.push_str(&token::to_hex(&c.bytes[row * w..(row + 1) * w]));
                o.push('"');
            } else {
                o.push_str("null");
            }
        }
        if let Some(ps) = problems {
            o.push_str(",\"errors\":");
            o.push_str(&array(ps[row].iter().map(|(field, p)| {
                JsonObject::new()
                    .str("field", field.name())
                    .str("code", p.code())
                    .str("message", p.message(lang))
                    .end()
            })));
        }
        o.push('}');
        o
    }))
}

/// Tokenizes rows (objects keyed by field) into `{ header, rows: [{ ref, <field>: token |
/// null, errors }], complete }`; rows in = rows out. `writeTokenFile` turns it into a file.
#[wasm_bindgen(js_name = tokenize, unchecked_return_type = "TokenizeResult")]
pub fn tokenize(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TokenScheme")] scheme: JsValue,
    #[wasm_bindgen(unchecked_param_type = "readonly TokenField[]")] fields: JsValue,
    #[wasm_bindgen(unchecked_param_type = "readonly Partial<Record<TokenField, string | null>>[]")]
    rows: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TokenOptions")] options_: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let o = options(options_)?;
    let (scheme, secret) = scheme_and_secret(&scheme, &secret, &o)?;
    let fields = fields_of(&fields)?;
    if !Array::is_array(&rows) {
        return Err(misuse("rows must be an array of objects keyed by field"));
    }
    let rows = Array::from(&rows);
    if let Some(r) = &o.refs {
        if r.len() != rows.length() as usize {
            return Err(misuse("options.refs must have one reference per row"));
        }
    }
    let keys: Vec<JsValue> = fields.iter().map(|f| js_str(f.name())).collect();
    let mut values: Vec<Vec<Option<String>>> = Vec::with_capacity(rows.length() as usize);
    for row in rows.iter() {
        values.push(
            keys.iter()
                .map(|k| {
                    let v = Reflect::get(&row, k).unwrap_or(JsValue::UNDEFINED);
                    v.as_string().or_else(|| {
                        v.as_f64()
                            .filter(|f| f.fract() == 0.0 && f.abs() < 9.007e15)
                            .map(|f| format!("{}", f as i64))
                    })
                })
                .collect(),
        );
    }
    let t = token::tokenize(
        &secret,
        scheme,
        &fields,
        values
            .iter()
            .map(|r| r.iter().map(|v| v.as_deref()).collect()),
        o.refs.clone(),
        &settings(&o),
    );
    JSON::parse(
        &JsonObject::new()
            .raw("header", &header_json(&t.file))
            .raw("rows", &rows_json(&t.file, Some(&t.problems), o.lang))
            .num("complete", t.complete_rows() as u64)
            .end(),
    )
}

/// Tokenizes a whole column of identity numbers (one per line; a string or UTF-8 bytes):
/// `{ length, bytesPerToken, tokens, error, errorCodes, errorMessages, fingerprint }`, where
/// `tokens` holds `length × bytesPerToken` bytes (zero for rows with an error). The fast path.
#[wasm_bindgen(js_name = tokenizeIds, unchecked_return_type = "IdTokenBatch")]
pub fn tokenize_ids(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TokenScheme")] scheme: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] column: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TokenOptions")] options_: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let o = options(options_)?;
    let (scheme, secret) = scheme_and_secret(&scheme, &secret, &o)?;
    let t = Tokenizer::new(&secret, scheme, Field::Id, o.width);
    let opts = settings(&o).opts;
    let (tokens, errors) = if column.is_string() {
        with_utf8(&column, |b| token::tokenize_id_column(&t, b, &opts))
            .ok_or_else(|| misuse("TextEncoder is not available"))?
    } else if let Some(bytes) = column.dyn_ref::<Uint8Array>() {
        token::tokenize_id_column(&t, &bytes.to_vec(), &opts)
    } else {
        return Err(misuse(
            "tokenizeIds takes a string (one ID per line) or a Uint8Array of UTF-8 text",
        ));
    };
    let codes: Array = std::iter::once(JsValue::NULL)
        .chain(ErrorCode::ALL.iter().map(|c| c.code().into()))
        .collect();
    let messages: Array = std::iter::once(JsValue::NULL)
        .chain(ErrorCode::ALL.iter().map(|c| c.message(o.lang).into()))
        .collect();
    let out = Object::new();
    let set = |k: &'static str, v: JsValue| {
        let _ = Reflect::set(&out, &js_str(k), &v);
    };
    set("length", (errors.len() as u32).into());
    set("bytesPerToken", (t.width as u32).into());
    set("tokens", Uint8Array::from(&tokens[..]).into());
    set("error", Uint8Array::from(&errors[..]).into());
    set("errorCodes", codes.into());
    set("errorMessages", messages.into());
    set("fingerprint", token::fingerprint(&secret, scheme).into());
    Ok(out.into())
}

fn file_text(v: &JsValue) -> Result<String, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if let Some(b) = v.dyn_ref::<Uint8Array>() {
        return String::from_utf8(b.to_vec())
            .map_err(|_| coded("not_token_file", "a token file is UTF-8 text", None));
    }
    Err(misuse(
        "a token file is given as its text (string) or bytes (Uint8Array)",
    ))
}

/// Writes a `tokenize` result as a token file: `format` `'csv'` (default) or `'jsonl'`.
#[wasm_bindgen(js_name = writeTokenFile)]
pub fn write_token_file(
    #[wasm_bindgen(unchecked_param_type = "TokenizeResult")] result: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "'csv' | 'jsonl'")] format: Option<JsValue>,
) -> Result<String, JsValue> {
    let format = choice_arg(format, "format", &["csv", "jsonl"])?;
    let json = JSON::stringify(&result)
        .map_err(|_| misuse("writeTokenFile takes the result of tokenize()"))?;
    let v: serde_json::Value = serde_json::from_str(&String::from(json))
        .map_err(|_| misuse("writeTokenFile takes the result of tokenize()"))?;
    let file =
        from_result(&v).ok_or_else(|| misuse("writeTokenFile takes the result of tokenize()"))?;
    Ok(match format {
        Some("jsonl") => file.to_jsonl(),
        _ => file.to_csv(),
    })
}

/// Rebuilds a token file from a `tokenize` result object (through the file reader, so the
/// same checks apply).
fn from_result(v: &serde_json::Value) -> Option<TokenFile> {
    let h = &v["header"];
    let rows = v["rows"].as_array()?;
    let mut s = format!(
        "{{\"format\":\"canbao-tokens\",\"version\":{},\"scheme\":{},\"fields\":{},\"fingerprint\":{},\"bits\":{},\"rows\":{},\"created\":{}}}\n",
        h["version"], h["scheme"], h["fields"], h["fingerprint"], h["bits"], rows.len(), h["created"]
    );
    for r in rows {
        let mut r = r.clone();
        r.as_object_mut()?.remove("errors");
        s.push_str(&r.to_string());
        s.push('\n');
    }
    TokenFile::parse(&s).ok()
}

/// Reads a token file (CSV or JSON Lines): `{ header, rows: [{ ref, <field>: token | null }] }`.
/// Throws an `Error` with a `code` (`not_token_file`, `unsupported_version`, `bad_header`,
/// `bad_row`, `bad_token`, `row_count`, `too_many_rows`, `duplicate_ref`) and the `line`.
#[wasm_bindgen(js_name = readTokenFile, unchecked_return_type = "TokenFileContents")]
pub fn read_token_file(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options_: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let o = options(options_)?;
    let f = TokenFile::parse(&file_text(&text)?).map_err(|e| file_error(&e, o.lang))?;
    let out = JsonObject::new()
        .raw("header", &header_json(&f))
        .raw("rows", &rows_json(&f, None, o.lang))
        .end();
    result_fits(&out, o.lang)?;
    JSON::parse(&out)
}

/// Compares two token files (text or bytes): who is in both, only in A, only in B, twice in
/// one file, and which rows could not be used, as row references and counts. Files from a
/// different scheme or secret are refused with `scheme_mismatch` / `fingerprint_mismatch`.
/// A file that cannot be read throws its coded error with `file` (`"A"` or `"B"`) and `line`;
/// a result too large for a page throws `too_large` (the CLI, `canbao compare`, has no such limit).
#[wasm_bindgen(js_name = compareTokenFiles, unchecked_return_type = "Comparison")]
pub fn compare_token_files(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] b: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompareOptions")] options_: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let o = options(options_)?;
    let fa = TokenFile::parse(&file_text(&a)?).map_err(|e| file_error_of(&e, "A", o.lang))?;
    let fb = TokenFile::parse(&file_text(&b)?).map_err(|e| file_error_of(&e, "B", o.lang))?;
    let c = compare(
        &fa,
        &fb,
        matching::Options {
            name_birth_date: o.name_birth_date,
        },
    )
    .map_err(|e| file_error(&e, o.lang))?;
    let refs = |f: &TokenFile, rows: &[u32]| {
        array(
            rows.iter()
                .map(|&r| serde_json::Value::String(f.refs[r as usize].clone()).to_string()),
        )
    };
    let groups = |f: &TokenFile, gs: &[Vec<u32>]| array(gs.iter().map(|g| refs(f, g)));
    let by_rule = |rule: matching::Rule| c.pairs.iter().filter(|p| p.rule == rule).count() as u64;
    let counts = JsonObject::new()
        .num("rowsA", fa.refs.len() as u64)
        .num("rowsB", fb.refs.len() as u64)
        .num("inBoth", c.pairs.len() as u64)
        .num("matchedB", c.matched_b)
        .num("onlyA", c.only_a.len() as u64)
        .num("onlyB", c.only_b.len() as u64)
        .num("duplicateGroupsA", c.duplicates_a.len() as u64)
        .num("duplicateGroupsB", c.duplicates_b.len() as u64)
        .num("unusableA", c.unusable_a.len() as u64)
        .num("unusableB", c.unusable_b.len() as u64)
        .raw(
            "byRule",
            &JsonObject::new()
                .num("id", by_rule(matching::Rule::Id))
                .num("name_birth_date", by_rule(matching::Rule::NameBirthDate))
                .end(),
        )
        .end();
    let pairs = array(c.pairs.iter().map(|p| {
        JsonObject::new()
            .str("refA", &fa.refs[p.a as usize])
            .str("refB", &fb.refs[p.b as usize])
            .str("rule", p.rule.name())
            .end()
    }));
    let mut out = JsonObject::new()
        .raw("header", &header_json(&fa))
        .raw("counts", &counts)
        .raw("inBoth", &pairs)
        .raw("onlyA", &refs(&fa, &c.only_a))
        .raw("onlyB", &refs(&fb, &c.only_b))
        .raw("duplicatesA", &groups(&fa, &c.duplicates_a))
        .raw("duplicatesB", &groups(&fb, &c.duplicates_b))
        .raw("unusableA", &refs(&fa, &c.unusable_a))
        .raw("unusableB", &refs(&fb, &c.unusable_b));
    if o.csv {
        let join = [o.join[0].as_ref(), o.join[1].as_ref()];
        out = out.str("csv", &matching::to_csv(&c, &fa, &fb, o.lang, join));
    }
    let out = out.end();
    result_fits(&out, o.lang)?;
    JSON::parse(&out)
}

/// The canonical form of one value, as it is hashed (for showing what a token stands for).
#[wasm_bindgen(js_name = canonicalValue, unchecked_return_type = "CanonicalResult")]
pub fn canonical_value(
    #[wasm_bindgen(unchecked_param_type = "TokenField")] field: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TokenOptions")] options_: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let o = options(options_)?;
    let field = field
        .as_string()
        .and_then(|f| Field::from_name(&f))
        .ok_or_else(|| misuse("field must be 'id', 'name', 'birthDate' or 'phone'"))?;
    let value = value
        .as_string()
        .ok_or_else(|| misuse("value must be a string"))?;
    let s = settings(&o);
    JSON::parse(
        &match canonical::canonical(field, &value, &s.opts, s.nfkc) {
            Ok(c) => JsonObject::new()
                .bool("ok", true)
                .str("canonical", &c)
                .null("error")
                .end(),
            Err(p) => JsonObject::new()
                .bool("ok", false)
                .null("canonical")
                .raw(
                    "error",
                    &JsonObject::new()
                        .str("code", p.code())
                        .str("message", p.message(o.lang))
                        .end(),
                )
                .end(),
        },
    )
}
