//! The closed set of problems an identity number can have, with stable codes and messages.

pub use crate::lang::Lang;

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $n:literal, $code:literal, $zh:literal, $en:literal;)*) => {
        /// One kind of problem. The snake_case [`ErrorCode::code`] is stable: callers may store it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum ErrorCode { $($(#[$doc])* $variant = $n,)* }

        impl ErrorCode {
            /// Every code, in numeric order (index + 1 = numeric value).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];
            /// Stable snake_case identifier.
            pub const fn code(self) -> &'static str { match self { $(ErrorCode::$variant => $code,)* } }
            /// Message for a person at a desk, in the given language.
            pub const fn message(self, lang: Lang) -> &'static str {
                match (self, lang) { $((ErrorCode::$variant, Lang::Zh) => $zh, (ErrorCode::$variant, Lang::En) => $en,)* }
            }
            /// The numeric value used in compact batch results (never 0; 0 means "no error").
            pub const fn number(self) -> u8 { self as u8 }
            /// Inverse of [`ErrorCode::number`].
            pub fn from_number(n: u8) -> Option<ErrorCode> {
                Self::ALL.get((n as usize).wrapping_sub(1)).copied()
            }
        }
    };
}

error_codes! {
    /// Nothing was entered (or only spaces and invisible characters).
    Empty = 1, "empty", "未填写号码", "No number was entered";
    /// Excel turned the number into scientific notation; digits are lost for good.
    ScientificNotation = 2, "scientific_notation",
        "号码被 Excel 显示为科学计数法（如 1.10105E+17），后几位数字已丢失，无法恢复：请从原始资料重新录入，并把该列设为文本格式",
        "Excel turned this number into scientific notation (e.g. 1.10105E+17); its last digits are lost and cannot be recovered: re-enter it from the source, with the column formatted as text";
    /// A character that cannot appear at this position.
    InvalidCharacter = 3, "invalid_character", "号码中有不该出现的字符", "The number contains a character that is not allowed here";
    /// The number has the wrong number of characters for any accepted kind.
    WrongLength = 4, "wrong_length", "号码位数不对", "The number has the wrong number of characters";
    /// The check character does not match the rest of the number.
    ChecksumMismatch = 5, "checksum_mismatch", "校验位不符，号码中可能有数字录错", "The check character does not match: a digit was probably mistyped";
    /// The birth date is not a real calendar date.
    InvalidDate = 6, "invalid_date", "号码中的出生日期不存在", "The birth date in the number is not a real date";
    /// The birth date is after the reference date (today by default).
    BirthInFuture = 7, "birth_in_future", "号码中的出生日期晚于今天（或所设的参照日期）", "The birth date in the number is after today (or the reference date given)";
    /// The birth date is implausibly long ago.
    BirthTooOld = 8, "birth_too_old", "号码中的出生日期过早，不合常理", "The birth date in the number is implausibly long ago";
    /// The region code never existed in GB/T 2260.
    RegionUnknown = 9, "region_unknown", "地址码不是有效的行政区划代码", "The region code is not a valid administrative division code";
    /// Strict mode: the region code did not exist in the birth year.
    RegionNotInBirthYear = 10, "region_not_in_birth_year", "出生当年该地址码尚未设立或已撤销", "The region code did not exist in the year of birth";
    /// USCC: the first character (registration department) is not a known code.
    UsccInvalidDepartment = 11, "uscc_invalid_department", "统一社会信用代码第1位（登记管理部门）无效", "Unified Social Credit Code: the first character (registration department) is not valid";
    /// USCC: the second character (organization type) is not valid for its department.
    UsccInvalidOrgType = 12, "uscc_invalid_org_type", "统一社会信用代码第2位（机构类别）无效", "Unified Social Credit Code: the second character (organization type) is not valid";
    /// USCC: the embedded organization code (characters 9–17) fails its own check.
    UsccOrgCodeChecksum = 13, "uscc_org_code_checksum", "统一社会信用代码中的组织机构代码（第9–17位）校验不符", "Unified Social Credit Code: the embedded organization code (characters 9–17) fails its check";
    /// Mobile number: the first digits are not a mainland mobile prefix.
    PhoneInvalidPrefix = 14, "phone_invalid_prefix", "不是有效的手机号码开头（应为 13–19 开头）", "Not a mainland mobile number prefix (must start with 13–19)";
    /// Foreigner's permanent residence ID: the nationality code is not valid.
    ForeignInvalidNationality = 15, "foreign_invalid_nationality", "永居证号码中的国籍代码不是有效的外国国籍代码（ISO 3166-1）", "The nationality code in the permanent residence ID is not a foreign country's ISO 3166-1 code";
    /// The number is valid but not of the kind the caller asked for.
    KindNotAllowed = 16, "kind_not_allowed", "此处不接受这种证件号码", "This kind of identity number is not accepted here";
    /// The region code is a statistical code (a development zone in the National Bureau of
    /// Statistics' division codes), which no administrative-division list has.
    RegionStatistical = 17, "region_statistical", "地址码是统计用的开发区等代码，不是行政区划代码：请核对证件", "The region code is a statistical code (a development zone), not an administrative division: check the card";
    /// Foreigner's permanent residence ID (2023 form): digits 2–3 are not a mainland province.
    ForeignInvalidProvince = 18, "foreign_invalid_province", "永居证号码第2–3位（受理地省份代码）不是有效的省份代码", "Digits 2–3 of the permanent residence ID (the accepting province) are not a valid province code";
    /// Mobile number: a prefix not allocated to public mobile service (unallocated, or used for
    /// IoT, information or internet services), or a 13-digit IoT number.
    PhoneUnallocated = 19, "phone_unallocated", "这个号段没有分配给手机号码（未分配，或是物联网、上网卡等专用号段）：请核对号码", "This number block is not allocated to mobile phones (unallocated, or reserved for IoT and other services): check the number";
}

/// One problem found in an input, with the 0-based character position (in the caller's
/// original text) of the offending character where there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub code: ErrorCode,
    /// Position of the offending character in the original input, counted in Unicode scalar values.
    pub at: Option<u32>,
}

impl Problem {
    /// A problem with no position.
    pub const fn new(code: ErrorCode) -> Problem {
        Problem { code, at: None }
    }
    /// A problem at a position.
    pub const fn at(code: ErrorCode, at: u32) -> Problem {
        Problem { code, at: Some(at) }
    }
}

impl core::fmt::Display for Problem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code.message(Lang::En))?;
        if let Some(at) = self.at {
            write!(f, " (character {})", at + 1)?;
        }
        Ok(())
    }
}

/// A short list of problems, allocation-free (at most [`Problems::CAPACITY`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Problems {
    items: [Problem; Problems::CAPACITY],
    len: u8,
}

impl Default for Problems {
    fn default() -> Self {
        Problems {
            items: [Problem::new(ErrorCode::Empty); Problems::CAPACITY],
            len: 0,
        }
    }
}

impl Problems {
    /// The most problems one number can report at once.
    pub const CAPACITY: usize = 4;

    /// A list holding one problem.
    pub fn one(p: Problem) -> Problems {
        let mut ps = Problems::default();
        ps.push(p);
        ps
    }
    /// Adds a problem (ignored beyond capacity, which the checks never reach).
    pub fn push(&mut self, p: Problem) {
        if (self.len as usize) < Self::CAPACITY {
            self.items[self.len as usize] = p;
            self.len += 1;
        }
    }
    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The problems found, most fundamental first.
    pub fn as_slice(&self) -> &[Problem] {
        &self.items[..self.len as usize]
    }
    /// Rewrites every position with `f`.
    pub fn map_at(&mut self, f: impl Fn(u32) -> u32) {
        for p in &mut self.items[..self.len as usize] {
            p.at = p.at.map(&f);
        }
    }
    /// The first problem, if any.
    pub fn first(&self) -> Option<Problem> {
        self.as_slice().first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_numbered_in_order() {
        let mut seen = std::collections::HashSet::new();
        for (i, c) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(c.number() as usize, i + 1);
            assert_eq!(ErrorCode::from_number(c.number()), Some(*c));
            assert!(seen.insert(c.code()));
            assert!(
                c.code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                c.code()
            );
            assert!(!c.message(Lang::Zh).is_empty() && !c.message(Lang::En).is_empty());
            assert_ne!(c.message(Lang::Zh), c.message(Lang::En));
        }
        assert_eq!(ErrorCode::from_number(0), None);
        assert_eq!(ErrorCode::from_number(200), None);
    }

    #[test]
    fn lang_parse() {
        assert_eq!(Lang::parse("en"), Lang::En);
        assert_eq!(Lang::parse("EN-us"), Lang::En);
        assert_eq!(Lang::parse("zh-CN"), Lang::Zh);
        assert_eq!(Lang::parse(""), Lang::Zh);
    }
}
