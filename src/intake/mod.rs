//! The enrollment (参保登记) form's field rules, defined once: the intake page and any portal
//! that embeds canbao check a person's name, identity number, mobile number and household
//! address the same way (`checkEnrollment` in JavaScript), and with them, when the form has
//! them, the other fields of a 城乡居民基本医疗保险参保登记表: document type (a newborn without
//! an identity number: the 出生医学证明 and a guardian), 民族, 户籍性质, township and village,
//! 参保类别, 缴费年度, and the relation to the householder ([`codes`]).

pub mod codes;

use crate::date::Date;
use crate::id::{self, ErrorCode, IdNumber, Kind, Options, Sex};
use crate::lang::Lang;
use std::borrow::Cow;

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
/// A person this old (in whole years) or older is not a newborn.
pub const NEWBORN_MAX_AGE: u16 = 2;

/// The shortest household address accepted, in characters (county, township, village).
pub const ADDRESS_MIN_CHARS: usize = 4;

/// The form's fields, by their JavaScript names: the four every form has (a missing one
/// counts as empty), then those checked when the form has them ([`Form`]).
pub const FIELDS: [&str; 18] = [
    "name",
    "idNumber",
    "phone",
    "address",
    "docType",
    "ethnicity",
    "hukou",
    "township",
    "village",
    "category",
    "year",
    "relation",
    "householder",
    "birthDate",
    "sex",
    "birthCertificate",
    "guardianName",
    "guardianId",
];

/// The key of a form's assistance groups (the policy's group ids): not a field the check
/// judges, but the form carries them to the quote and the export.
pub const GROUPS_KEY: &str = "groups";

/// Codes of the form's own rules (besides the identity and phone `ErrorCode`s, `empty` among
/// them).
pub const FORM_CODES: [&str; 12] = [
    "name_has_digits",
    "name_too_long",
    "address_incomplete",
    "id_needs_18",
    "not_in_list",
    "doc_type_mismatch",
    "birth_certificate_format",
    "birth_date_invalid",
    "birth_date_future",
    "relation_sex",
    "newborn_category",
    "year_invalid",
];

/// One problem of one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field (`FIELDS`).
    pub field: &'static str,
    /// A stable code: an `ErrorCode`'s or one of `FORM_CODES`.
    pub code: &'static str,
    text: (Cow<'static, str>, Cow<'static, str>),
    /// A value to offer instead (the 18-digit form of a legacy 15-digit number).
    pub suggestion: Option<String>,
}

impl FieldProblem {
    // Not inlined, and fixed messages not copied: the identity module carries this code and
    // it is size-budgeted.
    #[inline(never)]
    fn new(
        field: &'static str,
        code: &'static str,
        zh: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> FieldProblem {
        FieldProblem {
            field,
            code,
            text: (zh.into(), en.into()),
            suggestion: None,
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.text.0,
            Lang::En => &self.text.1,
        }
    }
}

/// The form as typed. The four first fields are on every form; each other field is checked
/// when the form has it (`Some`, empty included: then it is required).
#[derive(Clone, Copy, Debug, Default)]
pub struct Form<'a> {
    /// 姓名.
    pub name: &'a str,
    /// 证件号码 (not used for a newborn registered without one).
    pub id_number: &'a str,
    /// 联系电话 (mobile; a newborn's guardian's).
    pub phone: &'a str,
    /// 户籍地址 (the rest of the address when township and village are chosen).
    pub address: &'a str,
    /// 证件类型: a [`codes::DOC_TYPES`] code; absent: any document an enrollment accepts.
    pub doc_type: Option<&'a str>,
    /// 民族: a [`codes::ETHNIC_GROUPS`] code (not required of foreigners and permit holders).
    pub ethnicity: Option<&'a str>,
    /// 户籍性质: a [`codes::HUKOU`] code (only for a mainland household registration).
    pub hukou: Option<&'a str>,
    /// 乡镇（街道）, from the county's unit list.
    pub township: Option<&'a str>,
    /// 村（社区）, from the county's unit list.
    pub village: Option<&'a str>,
    /// 参保类别: a [`codes::CATEGORIES`] code.
    pub category: Option<&'a str>,
    /// 缴费年度 (the coverage year paid for).
    pub year: Option<&'a str>,
    /// 与户主关系: a [`codes::RELATIONS`] code.
    pub relation: Option<&'a str>,
    /// 户主姓名 (required unless the person is the householder, 02).
    pub householder: Option<&'a str>,
    /// A newborn's birth date (`YYYY-MM-DD`; otherwise derived from the number).
    pub birth_date: Option<&'a str>,
    /// A newborn's sex (`male` / `female`; otherwise derived from the number).
    pub sex: Option<&'a str>,
    /// A newborn's 出生医学证明 number: one letter and nine digits.
    pub birth_certificate: Option<&'a str>,
    /// A newborn's guardian's name.
    pub guardian_name: Option<&'a str>,
    /// A newborn's guardian's identity number.
    pub guardian_id: Option<&'a str>,
}

impl<'a> Form<'a> {
    /// The form from its fields' values in [`FIELDS`] order (`None`: the form has no such
    /// field).
    pub fn from_fields(v: &'a [Option<String>; 18]) -> Form<'a> {
        let s = |i: usize| v[i].as_deref();
        Form {
            name: s(0).unwrap_or(""),
            id_number: s(1).unwrap_or(""),
            phone: s(2).unwrap_or(""),
            address: s(3).unwrap_or(""),
            doc_type: s(4),
            ethnicity: s(5),
            hukou: s(6),
            township: s(7),
            village: s(8),
            category: s(9),
            year: s(10),
            relation: s(11),
            householder: s(12),
            birth_date: s(13),
            sex: s(14),
            birth_certificate: s(15),
            guardian_name: s(16),
            guardian_id: s(17),
        }
    }

    /// A newborn registered without an identity number (the 出生医学证明 and a guardian).
    pub fn is_newborn_without_id(&self) -> bool {
        self.doc_type.map(str::trim) == Some("newborn")
    }
}

/// The form checked: every field's problems, and the identity and phone verdicts (for showing
/// what the number says: birth date, sex, region).
#[derive(Clone, Debug)]
pub struct Checked {
    /// Every problem, in the form's order (at most one per field).
    pub problems: Vec<FieldProblem>,
    /// The identity number's verdict (for a newborn without one: the guardian's number's).
    pub id: Result<IdNumber, id::Invalid>,
    /// The person's birth date and sex: from the identity number, or as typed for a newborn
    /// without one (when valid).
    pub birth: Option<(Date, Option<Sex>)>,
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

/// The problem of an identity number typed in `field`, if any: a legacy 15-digit number is
/// offered in its 18-digit form; a length error says how many characters were typed; a kind
/// not allowed is a document-type mismatch when `doc_chosen`.
fn id_problem(
    field: &'static str,
    text: &str,
    doc_chosen: bool,
    checked: &Result<IdNumber, id::Invalid>,
    opts: &Options,
) -> Option<FieldProblem> {
    let e = checked.as_ref().err()?;
    let first = e.problems.as_slice().first().map(|p| p.code);
    let upgraded = (e.kind == Some(Kind::Resident15))
        .then(|| id::resident::upgrade15(text, opts).ok())
        .flatten();
    Some(match (first, upgraded) {
        (_, Some(eighteen)) => {
            let mut p = FieldProblem::new(
                field,
                "id_needs_18",
                format!("这是旧的 15 位身份证号码，登记需用 18 位号码：{eighteen}（请与证件核对）"),
                format!("This is an old 15-digit ID number; enrollment needs the 18-digit form: {eighteen} (check it against the card)"),
            );
            p.suggestion = Some(eighteen);
            p
        }
        // Fifteen characters that are not a valid legacy number: most often a half-typed
        // 18-digit one.
        (_, None) if e.kind == Some(Kind::Resident15) => FieldProblem::new(
            field,
            "id_needs_18",
            "居民身份证号码应为18位，请输入完整号码",
            "A resident ID number has 18 characters: enter the whole number",
        ),
        (Some(ErrorCode::Empty), None) => FieldProblem::new(
            field,
            "empty",
            "请输入证件号码",
            "Enter the identity number",
        ),
        (Some(ErrorCode::WrongLength), None) => {
            let n = significant(text);
            FieldProblem::new(
                field,
                ErrorCode::WrongLength.code(),
                format!("输入了{n}位，居民身份证号码应为18位"),
                format!("{n} characters entered; a resident ID number has 18"),
            )
        }
        (Some(ErrorCode::KindNotAllowed), None) if doc_chosen => FieldProblem::new(
            field,
            "doc_type_mismatch",
            "号码与所选证件类型不符，请核对证件类型",
            "The number is not of the document type chosen: check the document type",
        ),
        (Some(code), None) => from_code(field, code),
        (None, None) => from_code(field, ErrorCode::InvalidCharacter),
    })
}

/// The kinds a document type accepts (`None`: an unknown type).
fn doc_kinds(doc_type: &str) -> Option<&'static [Kind]> {
    Some(match doc_type {
        "resident" => &[Kind::Resident18],
        "permit" => &[Kind::PermitHk, Kind::PermitMo, Kind::PermitTw],
        "foreign" => &[Kind::Foreign2017, Kind::Foreign2023],
        "newborn" => &ENROLLMENT_KINDS,
        _ => return None,
    })
}

#[inline(never)]
fn required(field: &'static str, zh: &'static str, en: &'static str) -> FieldProblem {
    FieldProblem::new(field, "empty", zh, en)
}

/// A choice from a code list: required, and one of the list.
#[inline(never)]
fn choice(
    problems: &mut Vec<FieldProblem>,
    field: &'static str,
    value: &str,
    known: bool,
    (what_zh, what_en): (&str, &str),
) {
    if value.is_empty() {
        problems.push(FieldProblem::new(
            field,
            "empty",
            format!("请选择{what_zh}"),
            format!("Choose the {what_en}"),
        ));
    } else if !known {
        problems.push(FieldProblem::new(
            field,
            "not_in_list",
            format!("{what_zh}“{value}”不在标准代码中，请从列表中选择"),
            format!("\"{value}\" is not a standard code of the {what_en}: choose from the list"),
        ));
    }
}

/// A 出生医学证明 number: one capital letter (the printing batch) and nine digits; the
/// certificate has no check character.
pub fn birth_certificate_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

/// Checks a form. `opts` gives the reference date and the region check; the accepted kinds are
/// [`ENROLLMENT_KINDS`], narrowed by the document type and by the caller's kinds.
pub fn check_form(form: &Form, opts: &Options) -> Checked {
    let mut problems = Vec::new();
    let name = form.name.trim();
    if name.is_empty() {
        problems.push(required("name", "请输入姓名", "Enter the full name"));
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

    let doc_type = form.doc_type.map(str::trim);
    let kinds = match doc_type {
        None => Some(&ENROLLMENT_KINDS[..]),
        Some(t) => doc_kinds(t),
    };
    if let Some(t) = doc_type {
        choice(
            &mut problems,
            "docType",
            t,
            kinds.is_some(),
            ("证件类型", "document type"),
        );
    }
    let newborn = form.is_newborn_without_id();
    // The kinds of the document, narrowed further by the caller's `kinds`.
    let mut only = (*opts).only(kinds.unwrap_or(&ENROLLMENT_KINDS));
    if let (Some(mine), Some(theirs)) = (only.kinds, opts.kinds) {
        only.kinds = Some(mine & theirs);
    }
    let mut birth = None;
    let id = if newborn {
        newborn_fields(form, opts, &only, &mut problems, &mut birth)
    } else {
        let id = id::validate_id(form.id_number, &only);
        // No number yet is judged once a document type is known.
        if doc_type.is_none() || kinds.is_some() || !form.id_number.trim().is_empty() {
            problems.extend(id_problem(
                "idNumber",
                form.id_number,
                doc_type.is_some(),
                &id,
                opts,
            ));
        }
        if let Ok(n) = &id {
            birth = Some((n.birth, n.sex));
        }
        id
    };

    // Permit holders and foreigners need not state 民族 or 户籍性质: known from the document
    // type, or from the number itself when the form has no document type.
    let foreign_kind = matches!(
        id.as_ref().map(|n| n.kind),
        Ok(Kind::PermitHk
            | Kind::PermitMo
            | Kind::PermitTw
            | Kind::Foreign2017
            | Kind::Foreign2023)
    );
    let mainland = match doc_type {
        Some(t) => !matches!(t, "permit" | "foreign"),
        None => !foreign_kind,
    };
    if let Some(e) = form.ethnicity.map(str::trim) {
        // Foreigners and permit holders need not state one.
        if mainland || !e.is_empty() {
            choice(
                &mut problems,
                "ethnicity",
                e,
                codes::in_set(codes::ETHNIC_MASK, e),
                ("民族", "ethnic group"),
            );
        }
    }
    if let Some(h) = form.hukou.map(str::trim) {
        if mainland || !h.is_empty() {
            choice(
                &mut problems,
                "hukou",
                h,
                codes::HUKOU.iter().any(|c| c.code == h),
                ("户籍性质", "type of household registration"),
            );
        }
    }

    let phone = id::validate_phone(form.phone);
    if let Err(ps) = &phone {
        match ps.as_slice().first().map(|p| p.code) {
            Some(ErrorCode::Empty) => problems.push(required(
                "phone",
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

    if let Some(t) = form.township.map(str::trim) {
        if t.is_empty() {
            problems.push(required(
                "township",
                "请选择乡镇（街道）",
                "Choose the township",
            ));
        }
    }
    if let Some(v) = form.village.map(str::trim) {
        if v.is_empty() {
            problems.push(required(
                "village",
                "请选择村（社区）",
                "Choose the village or community",
            ));
        }
    }
    let address = form.address.trim();
    if address.is_empty() {
        problems.push(required(
            "address",
            "请输入户籍地址",
            "Enter the household registration address",
        ));
    } else if address.chars().count() < ADDRESS_MIN_CHARS && form.village.is_none() {
        problems.push(FieldProblem::new(
            "address",
            "address_incomplete",
            "户籍地址不完整，请写到村（社区）",
            "The address is incomplete: include the village or community",
        ));
    }

    if let Some(c) = form.category.map(str::trim) {
        choice(
            &mut problems,
            "category",
            c,
            codes::CATEGORIES.iter().any(|k| k.code == c),
            ("参保类别", "enrollment category"),
        );
        // A newborn category for someone two or more years old (by the number, or the birth
        // date of a newborn registered without one) is a mistake.
        let age = birth.map(|(d, _)| d.age_on(opts.reference));
        if c == "newborn" && age.is_some_and(|a| a >= NEWBORN_MAX_AGE) {
            problems.push(FieldProblem::new(
                if newborn { "birthDate" } else { "category" },
                "newborn_category",
                "参保类别“新生儿”只适用于不满2周岁的婴儿，请核对出生日期或参保类别",
                "The newborn category is for babies under two: check the date of birth or the category",
            ));
        }
        if newborn && !c.is_empty() && c != "newborn" {
            problems.push(FieldProblem::new(
                "category",
                "newborn_category",
                "没有证件号码、用出生医学证明登记的，参保类别应为“新生儿”",
                "A person registered with a birth certificate and no identity number is enrolled as a newborn",
            ));
        }
    }
    if let Some(y) = form.year.map(str::trim) {
        if y.is_empty() {
            problems.push(required(
                "year",
                "请选择缴费年度",
                "Choose the year paid for",
            ));
        } else if !(y.len() == 4
            && y.bytes().all(|b| b.is_ascii_digit())
            && ("2000"..="2100").contains(&y))
        {
            problems.push(FieldProblem::new(
                "year",
                "year_invalid",
                format!("缴费年度“{y}”不是有效的年份"),
                format!("\"{y}\" is not a valid year to pay for"),
            ));
        }
    }

    if let Some(r) = form.relation.map(str::trim) {
        let known = codes::in_set(codes::RELATION_MASK, r);
        choice(
            &mut problems,
            "relation",
            r,
            known,
            ("与户主关系", "relation to the householder"),
        );
        let sex = birth.and_then(|(_, s)| s);
        let implied = if codes::in_set(codes::MALE_RELATIONS, r) {
            Some(Sex::Male)
        } else if codes::in_set(codes::FEMALE_RELATIONS, r) {
            Some(Sex::Female)
        } else {
            None
        };
        if let (Some(s), Some(i)) = (sex, implied) {
            if s != i {
                let (zh, en) = match s {
                    Sex::Male => ("男", "a man"),
                    Sex::Female => ("女", "a woman"),
                };
                problems.push(FieldProblem::new(
                    "relation",
                    "relation_sex",
                    format!("所选关系与性别不符（此人为{zh}性），请核对与户主关系"),
                    format!("The relation chosen does not match the person's sex ({en}): check the relation to the householder"),
                ));
            }
        }
        if known && r != "02" && r != "01" {
            if let Some(h) = form.householder.map(str::trim) {
                if h.is_empty() {
                    problems.push(required(
                        "householder",
                        "请输入户主姓名",
                        "Enter the householder's name",
                    ));
                }
            }
        }
    }
    Checked {
        problems,
        id,
        phone,
        birth,
    }
}

/// A newborn registered without an identity number: birth date and sex as typed, the
/// 出生医学证明 number, and the guardian, whose identity number is checked (and returned).
fn newborn_fields(
    form: &Form,
    opts: &Options,
    only: &Options,
    problems: &mut Vec<FieldProblem>,
    birth: &mut Option<(Date, Option<Sex>)>,
) -> Result<IdNumber, id::Invalid> {
    let date = form.birth_date.unwrap_or("").trim();
    let parsed = Date::parse_iso(date);
    match parsed {
        _ if date.is_empty() => problems.push(required(
            "birthDate",
            "请输入出生日期",
            "Enter the date of birth",
        )),
        None => problems.push(FieldProblem::new(
            "birthDate",
            "birth_date_invalid",
            "出生日期应按“年-月-日”填写，例如 2026-03-05",
            "Enter the date of birth as year-month-day, e.g. 2026-03-05",
        )),
        Some(d) if d > opts.reference => problems.push(FieldProblem::new(
            "birthDate",
            "birth_date_future",
            "出生日期晚于今天，请核对",
            "The date of birth is after today: check it",
        )),
        Some(_) => {}
    }
    let sex = match form.sex.unwrap_or("").trim() {
        "male" => Some(Sex::Male),
        "female" => Some(Sex::Female),
        "" => {
            problems.push(required("sex", "请选择性别", "Choose the sex"));
            None
        }
        other => {
            problems.push(FieldProblem::new(
                "sex",
                "not_in_list",
                format!("性别“{other}”无效，请选择男或女"),
                format!("\"{other}\" is not a sex: choose male or female"),
            ));
            None
        }
    };
    if let Some(d) = parsed.filter(|d| *d <= opts.reference) {
        *birth = Some((d, sex));
    }
    let cert = form.birth_certificate.unwrap_or("").trim();
    if cert.is_empty() {
        problems.push(required(
            "birthCertificate",
            "请输入出生医学证明编号",
            "Enter the birth certificate number",
        ));
    } else if !birth_certificate_ok(&cert.to_ascii_uppercase()) {
        problems.push(FieldProblem::new(
            "birthCertificate",
            "birth_certificate_format",
            format!("出生医学证明编号应为1个字母加9位数字（例如 Q440012345），输入了“{cert}”"),
            format!("A birth certificate number is one letter and nine digits (e.g. Q440012345); \"{cert}\" was entered"),
        ));
    }
    if form.guardian_name.unwrap_or("").trim().is_empty() {
        problems.push(required(
            "guardianName",
            "请输入监护人姓名",
            "Enter the guardian's name",
        ));
    }
    let text = form.guardian_id.unwrap_or("");
    let id = id::validate_id(text, only);
    problems.extend(id_problem("guardianId", text, false, &id, opts));
    id
}

/// What a quote is for: a person of the form, priced by a policy.
#[derive(Clone, Debug)]
pub struct QuoteFor {
    /// The form's 参保类别 (a kind).
    pub kind: Option<crate::policy::CategoryKind>,
    /// The policy's group ids the person holds.
    pub groups: Vec<String>,
    /// The birth date (the newborn window).
    pub birth: Option<Date>,
    /// The payment date.
    pub paid: Date,
    /// Consecutive years not insured just before.
    pub lapsed: u32,
    /// Whether paid inside the collection period (policies that set none).
    pub in_period: Option<bool>,
}

/// A person's contribution and benefit start at the desk.
#[derive(Clone, Debug)]
pub struct Quote<'p> {
    /// The policy's category applied (its first of the kind), if any.
    pub category: Option<&'p crate::policy::Category>,
    /// The contribution, subsidy applied.
    pub contribution: crate::calc::resident::Contribution,
    /// When benefits start.
    pub benefit: crate::calc::benefit::BenefitStart,
}

/// Prices a registration by a policy, for its coverage year: the policy's first category of
/// the form's kind applies, or the scheme's own rules when it has none.
pub fn quote<'p>(
    policy: &'p crate::policy::Policy,
    q: &QuoteFor,
) -> Result<Quote<'p>, crate::input::Invalid> {
    use crate::calc::{benefit, resident};
    let category = q.kind.and_then(|k| {
        policy
            .resident
            .as_ref()?
            .categories
            .iter()
            .find(|c| c.kind == k)
    });
    let id = category.map(|c| c.id.clone());
    let contribution = resident::contribution(
        policy,
        &resident::Person {
            groups: q.groups.clone(),
            payment_date: Some(q.paid),
            category: id.clone(),
        },
    )?;
    let benefit = benefit::benefit_start(
        policy,
        &benefit::Enrollment {
            coverage_year: policy.coverage_year,
            payment_date: q.paid,
            birth_date: q.birth,
            lapsed_years: q.lapsed,
            extra_years_paid: 0,
            groups: q.groups.clone(),
            in_collection_period: q.in_period,
            category: id,
            previous_year_paid: false,
        },
    )?;
    Ok(Quote {
        category,
        contribution,
        benefit,
    })
}

/// The header of the enrollment list a desk exports, in the roster format the roster tool
/// reads: its header words name the columns the roster tool knows (姓名, 公民身份号码, 出生日期,
/// 联系电话, 乡镇（街道）, 村（社区）, 人员类别), each before any later column whose name contains
/// the same word (户主姓名: the first column of a kind is the one read), a newborn's 出生医学证明
/// and guardian's number (by which the roster tool knows a newborn without an identity number);
/// then what the desk adds: the registration's time, the years not insured just before, when
/// the payment was made against the collection period, the amounts and the benefit start.
pub fn export_header(lang: Lang) -> [&'static str; 27] {
    match lang {
        Lang::Zh => [
            "序号",
            "姓名",
            "公民身份号码",
            "证件类型",
            "性别",
            "出生日期",
            "民族",
            "户籍性质",
            "联系电话",
            "乡镇（街道）",
            "村（社区）",
            "户籍地址",
            "人员类别",
            "参保类别",
            "缴费年度",
            "户主姓名",
            "与户主关系",
            "监护人姓名",
            "监护人证件号码",
            "出生医学证明编号",
            "登记时间",
            "断保年数",
            "缴费时间",
            "个人应缴（元）",
            "资助金额（元）",
            "待遇开始",
            "核验结果",
        ],
        Lang::En => [
            "No.",
            "Name",
            "ID number",
            "Document type",
            "Sex",
            "Date of birth",
            "Ethnicity",
            "Household type",
            "Phone",
            "Township",
            "Village",
            "Household address",
            "Group",
            "Category",
            "Year paid for",
            "Householder",
            "Relation to householder",
            "Guardian",
            "Guardian's ID number",
            "Birth certificate number",
            "Registered at",
            "Lapsed years",
            "Payment timing",
            "Payable (yuan)",
            "Subsidy (yuan)",
            "Benefit start",
            "Check",
        ],
    }
}

/// One person of a desk's list: the form, the policy groups chosen for them, and what the
/// desk gave the registration.
#[derive(Clone, Copy, Debug, Default)]
pub struct Record<'a> {
    /// The form as typed.
    pub form: Form<'a>,
    /// The policy's group ids (人员类别 / 资助身份).
    pub groups: &'a [String],
    /// The registration number printed on the receipt (序号); else the row's place in the list.
    pub no: Option<u32>,
    /// The day of registration, the payment date the amounts assume; else the day of
    /// `registered_at`, else the reference date.
    pub registered_on: Option<Date>,
    /// The registration's local time (登记时间).
    pub registered_at: Option<RegisteredAt>,
    /// Consecutive years not insured just before (断保年数): the waiting period of the 2025
    /// rule.
    pub lapsed_years: u32,
    /// Whether the payment was inside the collection period, as the clerk chose it (for a
    /// policy that sets none; a policy's periods decide otherwise). Unknown under a policy
    /// without periods: the list then gives no benefit start.
    pub in_period: Option<bool>,
}

/// A registration's local time, to the minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegisteredAt {
    /// The day.
    pub date: Date,
    /// The hour, 0–23.
    pub hour: u8,
    /// The minute, 0–59.
    pub minute: u8,
}

impl RegisteredAt {
    /// Reads `YYYY-MM-DDTHH:MM` (a space for the `T` too; seconds, if any, left out).
    pub fn parse(s: &str) -> Option<RegisteredAt> {
        let s = s.trim();
        let (day, time) = (s.get(..10)?, s.get(11..16)?);
        if !matches!(s.as_bytes().get(10), Some(b'T' | b' '))
            || !(s.len() == 16 || (s.len() == 19 && s.as_bytes()[16] == b':'))
        {
            return None;
        }
        let two = |t: &str| -> Option<u8> {
            (t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok())?
        };
        let (hour, minute) = (two(time.get(..2)?)?, two(time.get(3..)?)?);
        if time.as_bytes()[2] != b':' || hour > 23 || minute > 59 {
            return None;
        }
        if s.len() == 19 && two(&s[17..]).is_none_or(|sec| sec > 59) {
            return None;
        }
        Some(RegisteredAt {
            date: Date::parse_iso(day)?,
            hour,
            minute,
        })
    }
}

impl std::fmt::Display for RegisteredAt {
    /// `YYYY-MM-DD HH:MM`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:02}:{:02}", self.date, self.hour, self.minute)
    }
}

/// How a payment's timing is written in the list (缴费时间).
pub fn timing_label(t: crate::calc::benefit::Timing, lang: Lang) -> &'static str {
    use crate::calc::benefit::Timing;
    match (t, lang) {
        (Timing::InPeriod, Lang::Zh) => "集中缴费期内",
        (Timing::InPeriod, Lang::En) => "in the collection period",
        (Timing::ExtendedFromPayment, Lang::Zh) => "延长缴费期内",
        (Timing::ExtendedFromPayment, Lang::En) => "in the extended period",
        (Timing::Late, Lang::Zh) => "集中缴费期后",
        (Timing::Late, Lang::En) => "after the collection period",
    }
}

/// A code's label in `lang`, or the value as typed when it is not a code of `list`.
fn label<'a>(list: &'static [codes::Code], value: Option<&'a str>, lang: Lang) -> &'a str {
    let v = value.unwrap_or("").trim();
    match codes::find(list, v) {
        Some(c) if lang == Lang::Zh => c.zh,
        Some(c) => c.en,
        None => v,
    }
}

/// The people registered at a desk as CSV (UTF-8 with a byte-order mark, for Excel) in the
/// roster format: every record in, one row out, in order. Each form is checked again: a valid
/// one is written with its standard numbers, labels for its codes and "通过"; an invalid one
/// (edited after it was registered) as typed, with its problems. Each row has the
/// registration's time and the years not insured before it. With a policy, a valid record's
/// amounts (what the person pays and the subsidy, paid on the day of registration, else the
/// reference date), the payment's timing and the benefit start (when known: the policy's
/// periods or the clerk's choice decide), and its groups' names (joined by "、", or ", " in
/// English, which the roster tool splits on). Cells that a spreadsheet would run as formulas
/// are written as text ([`crate::csv`]).
pub fn export_csv(
    records: &[Record],
    policy: Option<&crate::policy::Policy>,
    opts: &Options,
    lang: Lang,
) -> String {
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
    let sep = if lang == Lang::Zh { "；" } else { "; " };
    row(&mut s, &export_header(lang));
    for (k, rec) in records.iter().enumerate() {
        let f = &rec.form;
        let c = check_form(f, opts);
        let newborn = f.is_newborn_without_id();
        let number = |text: &str, checked: &Result<IdNumber, id::Invalid>| {
            checked
                .as_ref()
                .map_or(text.trim().to_string(), |n| n.normalized.clone())
        };
        let (id, guardian) = if newborn {
            (String::new(), number(f.guardian_id.unwrap_or(""), &c.id))
        } else {
            (number(f.id_number, &c.id), String::new())
        };
        let phone = c.phone.as_ref().map_or(f.phone.trim(), String::as_str);
        let doc = f.doc_type.or_else(|| {
            c.id.as_ref().ok().map(|n| match n.kind {
                Kind::PermitHk | Kind::PermitMo | Kind::PermitTw => "permit",
                Kind::Foreign2017 | Kind::Foreign2023 => "foreign",
                _ => "resident",
            })
        });
        let (birth, sex) = match c.birth {
            Some((d, s)) => (
                d.to_string(),
                match (s, lang) {
                    (Some(Sex::Male), Lang::Zh) => "男",
                    (Some(Sex::Female), Lang::Zh) => "女",
                    (Some(Sex::Male), Lang::En) => "male",
                    (Some(Sex::Female), Lang::En) => "female",
                    (None, _) => "",
                },
            ),
            None => (String::new(), ""),
        };
        let groups: Vec<&str> = rec
            .groups
            .iter()
            .map(|g| {
                policy
                    .and_then(|p| p.resident.as_ref())
                    .and_then(|r| r.groups.iter().find(|x| x.id == *g))
                    .map_or(g.as_str(), |x| x.name.get(lang))
            })
            .collect();
        let mut problems: Vec<String> = c
            .problems
            .iter()
            .map(|p| p.message(lang).to_string())
            .collect();
        let (mut payable, mut subsidy, mut start, mut timing) =
            (String::new(), String::new(), String::new(), "");
        if let (Some(p), Some(y)) = (policy, f.year.map(str::trim).filter(|y| !y.is_empty())) {
            if y != p.coverage_year.to_string() {
                problems.push(match lang {
                    Lang::Zh => format!("缴费年度 {y} 与政策的参保年度 {} 不符", p.coverage_year),
                    Lang::En => format!(
                        "the year paid for, {y}, is not the policy's coverage year {}",
                        p.coverage_year
                    ),
                });
            }
        }
        if let (Some(p), true) = (policy, problems.is_empty()) {
            let kind = f.category.and_then(|k| {
                crate::policy::CategoryKind::NAMES
                    .iter()
                    .find(|(n, _)| *n == k.trim())
                    .map(|(_, v)| *v)
            });
            // Under a policy that sets no collection period, the clerk's choice says when the
            // payment was made; without one, the start is worked out as for a payment inside
            // the period only so that its checks of the dates (a payment after the coverage
            // year) still apply, and the list gives no benefit start.
            let no_periods = p.resident.as_ref().is_some_and(|r| {
                r.collection.is_none()
                    && !r
                        .categories
                        .iter()
                        .any(|c| Some(c.kind) == kind && !c.periods.is_empty())
            });
            let paid = rec
                .registered_on
                .or(rec.registered_at.map(|t| t.date))
                .unwrap_or(opts.reference);
            let q = quote(
                p,
                &QuoteFor {
                    kind,
                    groups: rec.groups.to_vec(),
                    birth: c.birth.map(|(d, _)| d),
                    paid,
                    lapsed: rec.lapsed_years,
                    in_period: no_periods.then_some(rec.in_period.unwrap_or(true)),
                },
            );
            match q {
                Ok(q) => {
                    payable = crate::money::yuan(q.contribution.payable);
                    subsidy = crate::money::yuan(q.contribution.subsidy);
                    // The payment against the collection period: the clerk's choice, or the
                    // policy's periods (not the benefit's own classification: a newborn
                    // covered from birth is that whenever paid).
                    let when = match (no_periods, p.resident.as_ref()) {
                        (true, _) => rec.in_period.map(|inside| {
                            if inside {
                                crate::calc::benefit::Timing::InPeriod
                            } else {
                                crate::calc::benefit::Timing::Late
                            }
                        }),
                        (false, Some(res)) => {
                            crate::calc::timing::timing(res, paid, None, "", q.category).ok()
                        }
                        (false, None) => None,
                    };
                    if let Some(t) = when {
                        timing = timing_label(t, lang);
                        if let Some(d) = q.benefit.benefit_start {
                            start = d.to_string();
                        }
                    }
                }
                Err(e) => problems.extend(e.issues.iter().map(|i| i.message(lang).to_string())),
            }
        }
        let result = if problems.is_empty() {
            (if lang == Lang::Zh { "通过" } else { "OK" }).to_string()
        } else {
            problems.join(sep)
        };
        let group_sep = if lang == Lang::Zh { "、" } else { ", " };
        row(
            &mut s,
            &[
                &rec.no.map_or(k + 1, |n| n as usize).to_string(),
                f.name.trim(),
                &id,
                label(&codes::DOC_TYPES, doc, lang),
                sex,
                &birth,
                label(&codes::ETHNIC_GROUPS, f.ethnicity, lang),
                label(&codes::HUKOU, f.hukou, lang),
                phone,
                f.township.unwrap_or("").trim(),
                f.village.unwrap_or("").trim(),
                f.address.trim(),
                &groups.join(group_sep),
                label(&codes::CATEGORIES, f.category, lang),
                f.year.unwrap_or("").trim(),
                f.householder.unwrap_or("").trim(),
                label(&codes::RELATIONS, f.relation, lang),
                f.guardian_name.unwrap_or("").trim(),
                &guardian,
                &f.birth_certificate
                    .unwrap_or("")
                    .trim()
                    .to_ascii_uppercase(),
                &rec.registered_at.map(|t| t.to_string()).unwrap_or_default(),
                &rec.lapsed_years.to_string(),
                timing,
                &payable,
                &subsidy,
                &start,
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
            ..Form::default()
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
            ..Form::default()
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
                ..Form::default()
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
            ..Form::default()
        };
        assert_eq!(codes(form), []);
        let residents_only = opts().only(&[Kind::Resident18]);
        let c = check_form(&form, &residents_only);
        assert_eq!(c.problems[0].code, "kind_not_allowed");
    }

    fn full() -> Form<'static> {
        Form {
            name: "张三",
            id_number: "11010519491231002X",
            phone: "13800138000",
            address: "三组12号",
            doc_type: Some("resident"),
            ethnicity: Some("01"),
            hukou: Some("agricultural"),
            township: Some("城关镇"),
            village: Some("城南村"),
            category: Some("resident"),
            year: Some("2027"),
            relation: Some("12"),
            householder: Some("李四"),
            ..Form::default()
        }
    }

    #[test]
    fn a_registration_form_checks_each_field_it_has() {
        assert_eq!(codes(full()), []);
        let empty = Form {
            doc_type: Some(""),
            ethnicity: Some(""),
            hukou: Some(""),
            township: Some(""),
            village: Some(""),
            category: Some(""),
            year: Some(""),
            relation: Some("10"),
            householder: Some(""),
            ..full()
        };
        assert_eq!(
            codes(empty),
            [
                ("docType", "empty"),
                ("ethnicity", "empty"),
                ("hukou", "empty"),
                ("township", "empty"),
                ("village", "empty"),
                ("category", "empty"),
                ("year", "empty"),
                ("householder", "empty"),
            ]
        );
        let wrong = Form {
            doc_type: Some("passport"),
            ethnicity: Some("57"),
            hukou: Some("urban"),
            category: Some("worker"),
            year: Some("27"),
            relation: Some("98"),
            ..full()
        };
        assert_eq!(
            codes(wrong),
            [
                ("docType", "not_in_list"),
                ("ethnicity", "not_in_list"),
                ("hukou", "not_in_list"),
                ("category", "not_in_list"),
                ("year", "year_invalid"),
                ("relation", "not_in_list"),
            ]
        );
        // The householder names no householder; an address without a village is fine when
        // the village is chosen.
        assert_eq!(
            codes(Form {
                relation: Some("02"),
                householder: Some(""),
                address: "12号",
                ..full()
            }),
            []
        );
    }

    #[test]
    fn the_document_type_narrows_the_number_and_what_is_required() {
        // A resident's number under "foreign": a mismatch named as such.
        assert_eq!(
            codes(Form {
                doc_type: Some("foreign"),
                ..full()
            }),
            [("idNumber", "doc_type_mismatch")]
        );
        // Nor need a permit holder, known by the number when the form has no document type.
        assert_eq!(
            codes(Form {
                doc_type: None,
                id_number: "932682198501010017",
                ethnicity: Some(""),
                hukou: Some(""),
                relation: Some("02"),
                ..full()
            }),
            []
        );
        // A foreigner need not state an ethnic group or a household type.
        assert_eq!(
            codes(Form {
                doc_type: Some("foreign"),
                id_number: "932682198501010017",
                ethnicity: Some(""),
                hukou: Some(""),
                relation: Some("02"),
                ..full()
            }),
            []
        );
    }

    #[test]
    fn relations_that_imply_a_sex_are_checked_against_the_number() {
        // 11010519491231002X is a woman: 妻 is right, 夫 and 长子 are not.
        assert_eq!(codes(full()), []);
        for r in ["11", "22", "51"] {
            assert_eq!(
                codes(Form {
                    relation: Some(r),
                    ..full()
                }),
                [("relation", "relation_sex")],
                "{r}"
            );
        }
        assert_eq!(
            codes(Form {
                relation: Some("10"),
                ..full()
            }),
            []
        );
    }

    #[test]
    fn a_newborn_without_a_number_is_registered_with_the_certificate_and_a_guardian() {
        let baby = Form {
            name: "张小宝",
            id_number: "",
            doc_type: Some("newborn"),
            birth_date: Some("2026-10-01"),
            sex: Some("male"),
            birth_certificate: Some("Q440012345"),
            guardian_name: Some("张三"),
            guardian_id: Some("11010519491231002X"),
            category: Some("newborn"),
            relation: Some("41"),
            ..full()
        };
        let c = check_form(&baby, &opts());
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(
            c.birth,
            Some((Date::new(2026, 10, 1).unwrap(), Some(Sex::Male)))
        );
        assert_eq!(
            codes(Form {
                birth_date: Some("2026-12-01"),
                sex: Some(""),
                birth_certificate: Some("Q44001234"),
                guardian_name: Some(" "),
                guardian_id: Some("11010519491231002"),
                category: Some("resident"),
                ..baby
            }),
            [
                ("birthDate", "birth_date_future"),
                ("sex", "empty"),
                ("birthCertificate", "birth_certificate_format"),
                ("guardianName", "empty"),
                ("guardianId", "wrong_length"),
                ("category", "newborn_category"),
            ]
        );
        assert_eq!(
            codes(Form {
                birth_date: Some("2026-13-01"),
                ..baby
            }),
            [("birthDate", "birth_date_invalid")]
        );
        // A girl recorded as 孙子 (grandson).
        assert_eq!(
            codes(Form {
                sex: Some("female"),
                ..baby
            }),
            [("relation", "relation_sex")]
        );
        // Two years old or more is not a newborn, with a certificate or with a number.
        assert_eq!(
            codes(Form {
                birth_date: Some("2024-11-30"),
                ..baby
            }),
            [("birthDate", "newborn_category")]
        );
        assert_eq!(
            codes(Form {
                category: Some("newborn"),
                ..full()
            }),
            [("category", "newborn_category")]
        );
        assert!(birth_certificate_ok("A000000001"));
        for bad in [
            "a000000001",
            "AB00000001",
            "A00000001",
            "A0000000012",
            "１000000001",
        ] {
            assert!(!birth_certificate_ok(bad), "{bad}");
        }
    }

    #[test]
    fn code_sets_match_the_lists() {
        use codes::*;
        for c in ETHNIC_GROUPS {
            assert!(in_set(ETHNIC_MASK, c.code), "{}", c.code);
        }
        for c in RELATIONS {
            assert!(in_set(RELATION_MASK, c.code), "{}", c.code);
            assert_eq!(in_set(MALE_RELATIONS, c.code), c.sex == 1, "{}", c.code);
            assert_eq!(in_set(FEMALE_RELATIONS, c.code), c.sex == 2, "{}", c.code);
        }
        assert_eq!(ETHNIC_MASK.count_ones(), 58);
        assert_eq!(RELATION_MASK.count_ones() as usize, RELATIONS.len());
        for bad in ["00", "57", "96", "99", "1", "011", "", "0a"] {
            assert!(!in_set(ETHNIC_MASK, bad), "{bad}");
        }
        for bad in ["00", "03", "19", "98", "2"] {
            assert!(!in_set(RELATION_MASK, bad), "{bad}");
        }
        // Codes are unique and in order.
        for list in [&ETHNIC_GROUPS[..], &RELATIONS[..]] {
            assert!(list.windows(2).all(|w| w[0].code < w[1].code));
        }
        let kinds: Vec<&str> = CATEGORIES.iter().map(|c| c.code).collect();
        let mut policy_kinds = crate::policy::CategoryKind::CODES.to_vec();
        let mut ours = kinds.clone();
        policy_kinds.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, policy_kinds, "the categories are the policy's kinds");
    }

    #[test]
    fn form_codes_are_not_identity_codes() {
        for c in FORM_CODES {
            assert!(ErrorCode::ALL.iter().all(|e| e.code() != c));
        }
    }
}
