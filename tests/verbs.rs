//! Every identifier module has the same verbs: `normalize` (clean, no check), `parse` (a typed
//! value with the parts) and `validate` (the cleaned form of a valid number).

use canbao::id::{foreign, permit, phone, resident, uscc, Date, ErrorCode, Kind, Options, Sex};

fn opts() -> Options {
    Options::new(Date::new(2026, 11, 22).unwrap())
}

fn first_code<T: std::fmt::Debug>(r: Result<T, canbao::id::Problems>) -> ErrorCode {
    r.unwrap_err().first().unwrap().code
}

#[test]
fn resident() {
    assert_eq!(
        resident::normalize(" 110105-1949 1231 002x ").unwrap(),
        "11010519491231002X"
    );
    let r = resident::parse("11010519491231002x", &opts()).unwrap();
    assert_eq!(
        (
            r.number.as_str(),
            r.region_code,
            r.birth.to_string(),
            r.sequence,
            r.sex,
            r.check
        ),
        (
            "11010519491231002X",
            110105,
            "1949-12-31".to_string(),
            2,
            Sex::Female,
            Some('X')
        )
    );
    let legacy = resident::parse("110105491231002", &opts()).unwrap();
    assert_eq!(
        (legacy.sequence, legacy.check, legacy.birth.year()),
        (2, None, 1949)
    );
    assert_eq!(
        resident::validate("１１０１０５４９１２３１００２", &opts()).unwrap(),
        "110105491231002"
    );
    assert_eq!(
        first_code(resident::parse("810000199001011230", &opts())),
        ErrorCode::KindNotAllowed
    );
    assert_eq!(
        first_code(resident::parse("110105194912310021", &opts())),
        ErrorCode::ChecksumMismatch
    );
}

#[test]
fn permit() {
    let p = permit::parse("830000200002297890", &opts()).unwrap();
    assert_eq!(
        (p.kind, p.birth.to_string(), p.sequence, p.sex),
        (Kind::PermitTw, "2000-02-29".to_string(), 789, Sex::Male)
    );
    assert_eq!(
        permit::validate("810000 19900101 1230", &opts()).unwrap(),
        "810000199001011230"
    );
    assert_eq!(
        first_code(permit::parse("11010519491231002X", &opts())),
        ErrorCode::KindNotAllowed
    );
    assert_eq!(permit::normalize("８２００００").unwrap(), "820000");
}

#[test]
fn foreign() {
    let new = foreign::parse("91184019900101123X", &opts()).unwrap();
    assert_eq!(
        (new.kind, new.nationality.as_str(), new.birth.to_string()),
        (Kind::Foreign2023, "840", "1990-01-01".to_string())
    );
    let old = foreign::parse("usa110090010112", &opts()).unwrap();
    assert_eq!(
        (old.kind, old.nationality.as_str()),
        (Kind::Foreign2017, "USA")
    );
    assert_eq!(
        foreign::validate("usa110090010112", &opts()).unwrap(),
        "USA110090010112"
    );
    assert_eq!(
        first_code(foreign::parse("11010519491231002X", &opts())),
        ErrorCode::KindNotAllowed
    );
    assert_eq!(foreign::normalize("usa 1100").unwrap(), "USA1100");
}

#[test]
fn uscc() {
    assert_eq!(
        uscc::normalize("9135 0100 m000 100y 43").unwrap(),
        "91350100M000100Y43"
    );
    assert_eq!(
        uscc::parse("91350100M000100Y43").unwrap().org_code,
        "M000100Y4"
    );
    assert_eq!(
        uscc::validate("９１３５０１００Ｍ０００１００Ｙ４３").unwrap(),
        "91350100M000100Y43"
    );
    assert_eq!(
        first_code(uscc::validate("91350100M000100Y44")),
        ErrorCode::ChecksumMismatch
    );
}

#[test]
fn phone() {
    assert_eq!(
        phone::normalize("+86 138-0013-8000").unwrap(),
        "13800138000"
    );
    assert_eq!(phone::normalize("0086 12").unwrap(), "12"); // cleaning does not check
    assert_eq!(phone::parse("8613800138000").unwrap(), "13800138000");
    assert_eq!(phone::validate("138 0013 8000").unwrap(), "13800138000");
    assert_eq!(
        first_code(phone::validate("0086 12")),
        ErrorCode::WrongLength
    );
}

#[test]
fn normalize_reports_what_cannot_be_cleaned() {
    assert_eq!(
        resident::normalize("1.10105E+17").unwrap_err().code,
        ErrorCode::ScientificNotation
    );
    assert_eq!(uscc::normalize("").unwrap_err().code, ErrorCode::Empty);
    assert_eq!(phone::normalize("138身").unwrap_err().at, Some(3));
}
