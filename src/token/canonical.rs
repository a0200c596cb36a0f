//! Canonical forms of the values that are tokenized, so that the same person gives the same
//! bytes whoever typed them: IDs as 18 upper-case characters (15-digit ones upgraded first),
//! names NFKC-normalized without spaces and with one middle dot, dates ISO, phones 11 digits.
//! A value that is not valid is an error, never tokenized as if it were.

use crate::date::Date;
use crate::id::{self, ErrorCode, Kind, Options};
use crate::lang::Lang;

/// A field that can be tokenized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// A personal identity number (resident ID, permit, permanent residence ID).
    Id,
    /// A person's name.
    Name,
    /// A birth date.
    BirthDate,
    /// A mobile number.
    Phone,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 4] = [Field::Id, Field::Name, Field::BirthDate, Field::Phone];

    /// The name used in the API and in token files.
    pub const fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::BirthDate => "birthDate",
            Field::Phone => "phone",
        }
    }

    /// The field with this name.
    pub fn from_name(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == s)
    }
}

/// Why a value could not be made canonical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// An identity number or phone problem (the identity-number error set).
    Id(ErrorCode),
    /// A name with nothing left after cleaning.
    NameEmpty,
    /// A birth date that is not a real date in a recognized form.
    InvalidDate,
}

impl Problem {
    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Id(c) => c.code(),
            Problem::NameEmpty => "name_empty",
            Problem::InvalidDate => "invalid_date",
        }
    }

    /// The message in `lang`.
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Problem::Id(c), l) => c.message(l),
            (Problem::NameEmpty, Lang::Zh) => "未填写姓名",
            (Problem::NameEmpty, Lang::En) => "No name was entered",
            (Problem::InvalidDate, Lang::Zh) => "不是有效日期（应如 1990-03-07）",
            (Problem::InvalidDate, Lang::En) => "Not a valid date (write e.g. 1990-03-07)",
        }
    }
}

/// Normalization form KC, supplied by the caller: natively `unicode-normalization`, in
/// WebAssembly the JavaScript engine's `String.prototype.normalize("NFKC")`.
pub type Nfkc = fn(&str) -> String;

/// NFKC with the `unicode-normalization` crate (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn nfkc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().collect()
}

/// The canonical identity number: 18 upper-case characters.
pub fn id(text: &str, opts: &Options) -> Result<String, Problem> {
    id_checked(text, opts).map(|(id, _)| id)
}

/// [`id()`] with what the check found (kind, birth date, sex), for callers that need both; the
/// region's names are not looked up.
pub fn id_checked(text: &str, opts: &Options) -> Result<(String, id::Parsed), Problem> {
    let first =
        |ps: &id::Problems| Problem::Id(ps.first().map_or(ErrorCode::InvalidCharacter, |p| p.code));
    let n = id::normalize(text).map_err(|p| Problem::Id(p.code))?;
    let parsed = id::check(&n, opts).1.map_err(|ps| first(&ps))?;
    if parsed.kind == Kind::Resident15 {
        let upgraded = id::upgrade15(n.as_str(), opts).map_err(|ps| first(&ps))?;
        return Ok((upgraded, parsed));
    }
    Ok((n.as_str().to_string(), parsed))
}

/// Middle dots written between the parts of minority and foreign names, all made U+00B7.
const DOTS: &[char] = &[
    '·', '•', '‧', '・', '･', '⋅', '∙', '.', '．', '΄', '·', '᛫', '⸱', 'ꞏ', '●',
];

/// The canonical name: NFKC, every kind of space removed, middle dots unified to `·` (with
/// none at either end), Latin letters upper-case.
pub fn name(text: &str, nfkc: Nfkc) -> Result<String, Problem> {
    let normalized = nfkc(text);
    let mut out = String::with_capacity(normalized.len());
    for c in normalized.chars() {
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            continue;
        }
        if DOTS.contains(&c) {
            if !out.is_empty() && !out.ends_with('·') {
                out.push('·');
            }
            continue;
        }
        out.extend(c.to_uppercase());
    }
    while out.ends_with('·') {
        out.pop();
    }
    if out.is_empty() {
        Err(Problem::NameEmpty)
    } else {
        Ok(out)
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// The canonical birth date `YYYY-MM-DD`, from `1990-03-07`, `19900307`, `1990/3/7`,
/// `1990.3.7` or `1990年3月7日` (full-width digits too, after NFKC).
pub fn birth_date(text: &str, nfkc: Nfkc) -> Result<String, Problem> {
    let t = nfkc(text);
    let t = t.trim().trim_end_matches('日');
    let parts: Vec<&str> = if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        vec![&t[0..4], &t[4..6], &t[6..8]]
    } else {
        t.split(['-', '/', '.', '年', '月']).collect()
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            let date = Date::new(
                num(y).ok_or(Problem::InvalidDate)? as u16,
                num(m).ok_or(Problem::InvalidDate)?.min(255) as u8,
                num(d).ok_or(Problem::InvalidDate)?.min(255) as u8,
            );
            date.map(|d| d.to_string()).ok_or(Problem::InvalidDate)
        }
        _ => Err(Problem::InvalidDate),
    }
}

/// The canonical mobile number: 11 digits.
pub fn phone(text: &str) -> Result<String, Problem> {
    id::validate_phone(text)
        .map_err(|ps| Problem::Id(ps.first().map_or(ErrorCode::InvalidCharacter, |p| p.code)))
}

/// The canonical form of a value of `field`.
pub fn canonical(field: Field, text: &str, opts: &Options, nfkc: Nfkc) -> Result<String, Problem> {
    match field {
        Field::Id => id(text, opts),
        Field::Name => name(text, nfkc),
        Field::BirthDate => birth_date(text, nfkc),
        Field::Phone => phone(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options::new(Date::new(2026, 11, 22).unwrap())
    }

    #[test]
    fn ids_are_18_upper_case_and_15_digit_ones_upgraded() {
        assert_eq!(
            id("11010519491231002x", &opts()).unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            id("110105491231002", &opts()).unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            id(" 110105 19491231 002X ", &opts()).unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            id("110105194912310021", &opts()),
            Err(Problem::Id(ErrorCode::ChecksumMismatch))
        );
        assert_eq!(
            id("1.10105E+17", &opts()),
            Err(Problem::Id(ErrorCode::ScientificNotation))
        );
    }

    #[test]
    fn names_unify_spaces_dots_width_and_case() {
        let forms = [
            "买买提·艾力",
            " 买买提 • 艾力 ",
            "买买提.艾力",
            "买买提・艾力",
            "买买提．艾力",
            "买买提‧艾力",
        ];
        for f in forms {
            assert_eq!(name(f, nfkc).unwrap(), "买买提·艾力", "{f:?}");
        }
        assert_eq!(name("张　三", nfkc).unwrap(), "张三");
        assert_eq!(name("ｊｏｈｎ smith", nfkc).unwrap(), "JOHNSMITH");
        // A CJK compatibility ideograph becomes its unified form under NFKC.
        assert_eq!(name("\u{F900}", nfkc).unwrap(), "\u{8C48}");
        assert_eq!(name(" · ", nfkc), Err(Problem::NameEmpty));
        assert_eq!(name("\u{200B}", nfkc), Err(Problem::NameEmpty));
    }

    #[test]
    fn dates_in_common_forms() {
        for f in [
            "1990-03-07",
            "19900307",
            "1990/3/7",
            "1990.03.07",
            "1990年3月7日",
            "１９９０-０３-０７",
        ] {
            assert_eq!(birth_date(f, nfkc).unwrap(), "1990-03-07", "{f:?}");
        }
        for f in [
            "1990-02-30",
            "90-03-07",
            "",
            "1990-3",
            "abcd-ef-gh",
            "1990-03-07-01",
        ] {
            assert_eq!(birth_date(f, nfkc), Err(Problem::InvalidDate), "{f:?}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(phone("+86 138-0013-8000").unwrap(), "13800138000");
        assert!(phone("1380013800").is_err());
    }
}
