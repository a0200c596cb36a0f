//! The one CSV cell writer every CSV the project writes goes through (rosters, comparison
//! findings, coverage tables, token files, synthetic rosters).
//!
//! Besides RFC 4180 quoting, it neutralises formula injection (the OWASP "CSV injection"
//! rule): a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be
//! run as a formula by Excel, WPS or LibreOffice when the file is opened (`=HYPERLINK(…)`,
//! `=cmd|' /C calc'!A0`), so it is written with a leading apostrophe and quoted:
//! `'=HYPERLINK(…)` shows as text. Numbers stay numbers: a cell that is a plain decimal
//! number (`-12`, `+86`, `-0.5`) cannot run and is written as it is.

/// Whether `v` would be taken as a formula by a spreadsheet program (and is not a plain
/// number).
pub fn is_dangerous(v: &str) -> bool {
    match v.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => !is_plain_number(v),
        _ => false,
    }
}

/// `[+-]digits[.digits]`: a number a spreadsheet reads as a number, never as a formula.
fn is_plain_number(v: &str) -> bool {
    let body = v.strip_prefix(['+', '-']).unwrap_or(v);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(body.ends_with('.'))
}

/// Appends one cell: neutralised if it could run as a formula, quoted if it holds a
/// delimiter, a quote or a line break.
pub fn push_cell(out: &mut String, v: &str) {
    let dangerous = is_dangerous(v);
    if dangerous || v.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if dangerous {
            out.push('\'');
        }
        for c in v.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(v);
    }
}

/// Appends a row of cells separated by commas, ended by `eol`.
pub fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>, eol: &str) {
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, c);
    }
    out.push_str(eol);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(v: &str) -> String {
        let mut s = String::new();
        push_cell(&mut s, v);
        s
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (v, want) in [
            ("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\""),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("+1+2", "\"'+1+2\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\t=1", "\"'\t=1\""),
            ("\r=1", "\"'\r=1\""),
            ("-", "\"'-\""),
            ("+", "\"'+\""),
            ("-1.", "\"'-1.\""),
            ("-12", "-12"),
            ("+8613800138000", "+8613800138000"),
            ("-0.5", "-0.5"),
            ("266.00", "266.00"),
            ("张三", "张三"),
            ("a,b", "\"a,b\""),
            ("a\"b", "\"a\"\"b\""),
            ("", ""),
            ("1=1", "1=1"),
        ] {
            assert_eq!(cell(v), want, "{v:?}");
        }
    }

    #[test]
    fn rows() {
        let mut s = String::new();
        push_row(&mut s, ["a", "=1", "-3"], "\r\n");
        assert_eq!(s, "a,\"'=1\",-3\r\n");
    }
}
