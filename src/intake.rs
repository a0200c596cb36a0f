//! The enrollment (参保登记) form's field rules, defined once: the intake page and any portal
//! that embeds canbao check a person's name, identity number, mobile number and household
//! address the same way (`checkEnrollment` in JavaScript).

use crate::id::{self, ErrorCode, IdNumber, Kind, Options};
use crate::lang::{Lang, Text};

/// The identity documents an enrollment accepts: a legacy 15-digit resident number is no
/// longer a valid document (its 18-digit form is offered instead).
pub const ENROLLMENT_KINDS: [Kind; 6] = [
    Kind::Resident18,
    Kind::PermitHk,
    Kind::PermitMo,
    Kind::PermitTw,
    Kind::Foreign2017,
    Kind::Foreign2023,
];

/// The longest name accepted, in characters.
pub const NAME_MAX_CHARS: usize = 50;
/// The shortest household address accepted, in characters (county, township, village).
pub const ADDRESS_MIN_CHARS: usize = 4;

/// The form's fields, by their JavaScript names.
pub const FIELDS: [&str; 4] = ["name", "idNumber", "phone", "address"];

/// Codes of the form's own rules (besides the identity and phone `ErrorCode`s, `empty` among
/// them).
pub const FORM_CODES: [&str; 4] = [
    "name_has_digits",
    "name_too_long",
    "address_incomplete",
    "id_needs_18",
];

/// One problem of one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field (`FIELDS`).
    pub field: &'static str,
    /// A stable code: an `ErrorCode`'s or one of `FORM_CODES`.
    pub code: &'static str,
    text: Text,
    /// A value to offer instead (the 18-digit form of a legacy 15-digit number).
    pub suggestion: Option<String>,
}

impl FieldProblem {
    fn new(
        field: &'static str,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> FieldProblem {
        FieldProblem {
            field,
            code,
            text: Text::new(zh, en),
            suggestion: None,
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }
}

/// The form as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Form<'a> {
    /// 姓名.
    pub name: &'a str,
    /// 证件号码.
    pub id_number: &'a str,
    /// 联系电话 (mobile).
    pub phone: &'a str,
    /// 户籍地址.
    pub address: &'a str,
}

/// The form checked: every field's problems, and the identity and phone verdicts (for showing
/// what the number says: birth date, sex, region).
#[derive(Clone, Debug)]
pub struct Checked {
    /// Every problem, in the form's order (at most one per field).
    pub problems: Vec<FieldProblem>,
    /// The identity number's verdict.
    pub id: Result<IdNumber, id::Invalid>,
    /// The mobile number's 11 digits, or its problems.
    pub phone: Result<String, id::Problems>,
}

fn from_code(field: &'static str, code: ErrorCode) -> FieldProblem {
    FieldProblem::new(
        field,
        code.code(),
        code.message(Lang::Zh),
        code.message(Lang::En),
    )
}

/// The characters of a typed number that count (not spaces, dashes or dots).
fn significant(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Checks a form. `opts` gives the reference date and the region check; the accepted kinds are
/// [`ENROLLMENT_KINDS`].
pub fn check_form(form: &Form, opts: &Options) -> Checked {
    let mut problems = Vec::new();
    let name = form.name.trim();
    if name.is_empty() {
        problems.push(FieldProblem::new(
            "name",
            "empty",
            "请输入姓名",
            "Enter the full name",
        ));
    } else if name
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        problems.push(FieldProblem::new(
            "name",
            "name_has_digits",
            "姓名中不能有数字",
            "A name cannot contain digits",
        ));
    } else if name.chars().count() > NAME_MAX_CHARS {
        problems.push(FieldProblem::new(
            "name",
            "name_too_long",
            "姓名过长，请按证件填写",
            "The name is too long: enter it as on the document",
        ));
    }

    // The kinds an enrollment accepts, narrowed further by the caller's `kinds`.
    let mut only = (*opts).only(&ENROLLMENT_KINDS);
    if let (Some(mine), Some(theirs)) = (only.kinds, opts.kinds) {
        only.kinds = Some(mine & theirs);
    }
    let id = id::validate_id(form.id_number, &only);
    if let Err(e) = &id {
        let first = e.problems.as_slice().first().map(|p| p.code);
        let upgraded = (e.kind == Some(Kind::Resident15))
            .then(|| id::resident::upgrade15(form.id_number, opts).ok())
            .flatten();
        match (first, upgraded) {
            (_, Some(eighteen)) => {
                let mut p = FieldProblem::new(
                    "idNumber",
                    "id_needs_18",
                    format!("这是旧的 15 位身份证号码，登记需用 18 位号码：{eighteen}（请与证件核对）"),
                    format!("This is an old 15-digit ID number; enrollment needs the 18-digit form: {eighteen} (check it against the card)"),
                );
                p.suggestion = Some(eighteen);
                problems.push(p);
            }
            // Fifteen characters that are not a valid legacy number: most often a
            // half-typed 18-digit one.
            (_, None) if e.kind == Some(Kind::Resident15) => problems.push(FieldProblem::new(
                "idNumber",
                "id_needs_18",
                "居民身份证号码应为18位，请输入完整号码",
                "A resident ID number has 18 characters: enter the whole number",
            )),
            (Some(ErrorCode::Empty), None) => problems.push(FieldProblem::new(
                "idNumber",
                "empty",
                "请输入证件号码",
                "Enter the identity number",
            )),
            (Some(ErrorCode::WrongLength), None) => {
                let n = significant(form.id_number);
                problems.push(FieldProblem::new(
                    "idNumber",
                    ErrorCode::WrongLength.code(),
                    format!("输入了{n}位，居民身份证号码应为18位"),
                    format!("{n} characters entered; a resident ID number has 18"),
                ))
            }
            (Some(code), None) => problems.push(from_code("idNumber", code)),
            (None, None) => problems.push(from_code("idNumber", ErrorCode::InvalidCharacter)),
        }
    }

    let phone = id::validate_phone(form.phone);
    if let Err(ps) = &phone {
        match ps.as_slice().first().map(|p| p.code) {
            Some(ErrorCode::Empty) => problems.push(FieldProblem::new(
                "phone",
                "empty",
                "请输入手机号码",
                "Enter the mobile number",
            )),
            Some(ErrorCode::WrongLength) => {
                let n = form.phone.chars().filter(char::is_ascii_digit).count();
                problems.push(FieldProblem::new(
                    "phone",
                    ErrorCode::WrongLength.code(),
                    format!("输入了{n}位数字，手机号码应为11位"),
                    format!("{n} digits entered; a mobile number has 11"),
                ))
            }
            Some(code) => problems.push(from_code("phone", code)),
            None => problems.push(from_code("phone", ErrorCode::InvalidCharacter)),
        }
    }

    let address = form.address.trim();
    if address.is_empty() {
        problems.push(FieldProblem::new(
            "address",
            "empty",
            "请输入户籍地址",
            "Enter the household registration address",
        ));
    } else if address.chars().count() < ADDRESS_MIN_CHARS {
        problems.push(FieldProblem::new(
            "address",
            "address_incomplete",
            "户籍地址不完整，请写到村（社区）",
            "The address is incomplete: include the village or community",
        ));
    }
    Checked {
        problems,
        id,
        phone,
    }
}

/// The header of the enrollment list a desk exports, in the roster format the roster tool
/// reads (its header words name the columns: 姓名, 公民身份号码, 联系电话), then what the desk
/// adds: the household address, the check's result and the problems.
pub fn export_header(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => [
            "序号",
            "姓名",
            "公民身份号码",
            "联系电话",
            "户籍地址",
            "核验结果",
        ],
        Lang::En => [
            "No.",
            "Name",
            "ID number",
            "Phone",
            "Household address",
            "Check",
        ],
    }
}

/// The people registered at a desk as CSV (UTF-8 with a byte-order mark, for Excel) in the
/// roster format: every form in, one row out, in order. Each form is checked again: a valid
/// one is written with its standard identity and phone numbers and "通过"; an invalid one
/// (edited after it was registered) as typed, with its problems. Cells that a spreadsheet
/// would run as formulas are written as text ([`crate::csv`]).
pub fn export_csv(forms: &[Form], opts: &Options, lang: Lang) -> String {
    let mut s = String::from("\u{FEFF}");
    let row = |s: &mut String, cells: &[&str]| {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            crate::csv::push_cell(s, c);
        }
        s.push_str("\r\n");
    };
    row(&mut s, &export_header(lang));
    for (k, f) in forms.iter().enumerate() {
        let c = check_form(f, opts);
        let id =
            c.id.as_ref()
                .map_or(f.id_number.trim().to_string(), |n| n.normalized.clone());
        let phone = c.phone.as_ref().map_or(f.phone.trim(), String::as_str);
        let result = if c.problems.is_empty() {
            (if lang == Lang::Zh { "通过" } else { "OK" }).to_string()
        } else {
            let sep = if lang == Lang::Zh { "；" } else { "; " };
            c.problems
                .iter()
                .map(|p| p.message(lang))
                .collect::<Vec<_>>()
                .join(sep)
        };
        row(
            &mut s,
            &[
                &(k + 1).to_string(),
                f.name.trim(),
                &id,
                phone,
                f.address.trim(),
                &result,
            ],
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn opts() -> Options {
        Options::new(Date::new(2026, 11, 30).unwrap())
    }

    fn codes(f: Form) -> Vec<(&'static str, &'static str)> {
        check_form(&f, &opts())
            .problems
            .iter()
            .map(|p| (p.field, p.code))
            .collect()
    }

    #[test]
    fn a_complete_form_passes_and_each_rule_reports_its_field() {
        let good = Form {
            name: "张三",
            id_number: "11010519491231002X",
            phone: "138 0013 8000",
            address: "某县某镇某村",
        };
        assert_eq!(codes(good), []);
        assert_eq!(
            codes(Form::default()),
            [
                ("name", "empty"),
                ("idNumber", "empty"),
                ("phone", "empty"),
                ("address", "empty")
            ]
        );
        let bad = Form {
            name: "张3",
            id_number: "11010519491231002",
            phone: "1380013800",
            address: "某村",
        };
        assert_eq!(
            codes(bad),
            [
                ("name", "name_has_digits"),
                ("idNumber", "wrong_length"),
                ("phone", "wrong_length"),
                ("address", "address_incomplete")
            ]
        );
        assert_eq!(
            codes(Form {
                name: &"阿".repeat(51),
                ..good
            }),
            [("name", "name_too_long")]
        );
        assert_eq!(
            codes(Form {
                name: "李１",
                ..good
            }),
            [("name", "name_has_digits")]
        );
    }

    #[test]
    fn a_legacy_number_offers_its_18_digit_form() {
        let c = check_form(
            &Form {
                name: "张三",
                id_number: "110105491231002",
                phone: "13800138000",
                address: "某县某镇某村",
            },
            &opts(),
        );
        assert_eq!(c.problems.len(), 1);
        assert_eq!(c.problems[0].code, "id_needs_18");
        assert_eq!(
            c.problems[0].suggestion.as_deref(),
            Some("11010519491231002X")
        );
        assert!(c.problems[0]
            .message(Lang::Zh)
            .contains("11010519491231002X"));
    }

    #[test]
    fn the_callers_kinds_narrow_the_enrollment_kinds() {
        let form = Form {
            name: "张三",
            id_number: "932682198501010017",
            phone: "13800138000",
            address: "某县某镇某村",
        };
        assert_eq!(codes(form), []);
        let residents_only = opts().only(&[Kind::Resident18]);
        let c = check_form(&form, &residents_only);
        assert_eq!(c.problems[0].code, "kind_not_allowed");
    }

    #[test]
    fn form_codes_are_not_identity_codes() {
        for c in FORM_CODES {
            assert!(ErrorCode::ALL.iter().all(|e| e.code() != c));
        }
    }
}
