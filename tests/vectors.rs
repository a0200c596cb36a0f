//! The shared vectors (tests/vectors/ids.json) against the native Rust API.

use canbao::id::{self, Date, Kind, Options, Problems, RegionCheck};
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/ids.json")).expect("valid JSON")
}

fn options(v: &Value, reference: Date) -> Options {
    let o = &v["options"];
    let mut opts = Options::new(
        o["referenceDate"]
            .as_str()
            .and_then(Date::parse_iso)
            .unwrap_or(reference),
    );
    opts.region = match (o["regionCheck"].as_str(), o["strictRegion"].as_bool()) {
        (Some(r), _) => RegionCheck::from_name(r).unwrap(),
        (None, Some(true)) => RegionCheck::Strict,
        _ => RegionCheck::Known,
    };
    opts.length = o["length"].as_u64().map(|l| l as u8);
    if let Some(kinds) = o["kinds"].as_array() {
        let kinds: Vec<Kind> = kinds
            .iter()
            .map(|k| Kind::from_name(k.as_str().unwrap()).unwrap())
            .collect();
        opts = opts.only(&kinds);
    }
    opts
}

fn errors(ps: &Problems) -> Value {
    Value::Array(
        ps.as_slice()
            .iter()
            .map(|p| serde_json::json!([p.code.code(), p.at]))
            .collect(),
    )
}

/// Checks each field the vector states; fields it leaves out are not checked.
fn expect(v: &Value, key: &str, got: Value) {
    if let Some(want) = v.get(key) {
        assert_eq!(&got, want, "{key} of {:?} ({})", v["input"], v["note"]);
    }
}

#[test]
fn identity_numbers() {
    let all = vectors();
    let reference = Date::parse_iso(all["referenceDate"].as_str().unwrap()).unwrap();
    let cases = all["ids"].as_array().unwrap();
    assert!(cases.len() > 40);
    for v in cases {
        let input = v["input"].as_str().unwrap();
        let opts = options(v, reference);
        match id::validate_id(input, &opts) {
            Ok(n) => {
                assert_eq!(v["ok"], true, "{input:?} ({}) was accepted", v["note"]);
                expect(v, "kind", n.kind.name().into());
                expect(v, "normalized", n.normalized.clone().into());
                expect(v, "birthDate", n.birth.to_string().into());
                expect(v, "sex", n.sex.map(|s| s.name()).into());
                expect(v, "age", n.age.into());
                let region = n.region.map(|r| {
                    serde_json::json!({"code": format!("{:06}", r.code), "province": r.province,
                        "prefecture": r.prefecture, "county": r.county, "abolished": r.abolished})
                });
                expect(v, "region", region.unwrap_or(Value::Null));
                expect(v, "warnings", errors(&n.warnings));
            }
            Err(e) => {
                assert_eq!(
                    v["ok"], false,
                    "{input:?} ({}) was rejected: {:?}",
                    v["note"], e.problems
                );
                expect(v, "kind", e.kind.map(|k| k.name()).into());
                expect(v, "normalized", e.normalized.clone().into());
                expect(v, "errors", errors(&e.problems));
            }
        }
    }
}

#[test]
fn every_error_code_and_kind_is_covered_by_a_vector() {
    let text = include_str!("vectors/ids.json");
    for c in id::ErrorCode::ALL {
        // Codes only USCC or phone can produce appear in those sections.
        assert!(
            text.contains(&format!("\"{}\"", c.code())),
            "no vector for {}",
            c.code()
        );
    }
    for k in Kind::ALL {
        assert!(
            text.contains(&format!("\"kind\": \"{}\"", k.name())),
            "no vector for {}",
            k.name()
        );
    }
}

fn check_simple(section: &str, f: impl Fn(&str) -> Result<String, Problems>) {
    let all = vectors();
    for v in all[section].as_array().unwrap() {
        let input = v["input"].as_str().unwrap();
        match f(input) {
            Ok(s) => {
                assert_eq!(v["ok"], true, "{section} {input:?} was accepted");
                expect(v, "normalized", s.into());
            }
            Err(ps) => {
                assert_eq!(v["ok"], false, "{section} {input:?} was rejected: {ps:?}");
                expect(v, "errors", errors(&ps));
            }
        }
    }
}

#[test]
fn upgrades() {
    let opts = Options::new(Date::new(2026, 11, 22).unwrap());
    check_simple("upgrade", |s| id::upgrade15(s, &opts));
}

#[test]
fn uscc() {
    check_simple("uscc", |s| id::validate_uscc(s).map(|u| u.normalized));
}

#[test]
fn phones() {
    check_simple("phone", id::validate_phone);
}

#[test]
fn upgraded_numbers_validate_as_18_digit_ids_with_the_same_facts() {
    let opts = Options::new(Date::new(2026, 11, 22).unwrap());
    let old = id::validate_id("110105491231002", &opts).unwrap();
    let new = id::validate_id(&id::upgrade15("110105491231002", &opts).unwrap(), &opts).unwrap();
    assert_eq!(
        (old.birth, old.sex, old.region),
        (new.birth, new.sex, new.region)
    );
}

#[test]
fn batch_keeps_rows_in_order_and_counts() {
    let opts = Options::new(Date::new(2026, 11, 22).unwrap());
    let text = "11010519491231002X\n\n110105194912310021\r\n1.10105E+17\n110105491231002";
    let r = id::validate_column(text, &opts, true);
    assert_eq!(r.len(), 5);
    assert_eq!(r.valid, 2);
    let codes: Vec<&str> = r
        .errors
        .iter()
        .map(|&e| id::ErrorCode::from_number(e).map_or("", |c| c.code()))
        .collect();
    assert_eq!(
        codes,
        ["", "empty", "checksum_mismatch", "scientific_notation", ""]
    );
    assert_eq!(r.kinds, [1, 0, 1, 0, 2]);
    assert_eq!(r.births, [19491231, 0, 0, 0, 19491231]);
    assert_eq!(r.sexes, [2, 0, 0, 0, 2]);
    assert_eq!(r.at[2], 17);
    assert_eq!(r.normalized.unwrap()[2], "110105194912310021");
    // The text's final line end ends its last row, as in a file: it adds no row. Any other
    // empty line is a row (rows in = rows out).
    for (text, rows) in [
        ("11010519491231002X\n", 1),
        ("11010519491231002X\r\n", 1),
        ("11010519491231002X", 1),
        ("11010519491231002X\n\n", 2),
        ("\n11010519491231002X\n", 2),
        ("x\n", 1),
    ] {
        assert_eq!(
            id::validate_column(text, &opts, false).len(),
            rows,
            "{text:?}"
        );
    }
    assert_eq!(id::validate_column("", &opts, false).errors, [1]);
    // Far more (short) rows than the length of the text suggests: every one is kept.
    let short = format!("{}11010519491231002X", "\n".repeat(999));
    let r = id::validate_column(&short, &opts, false);
    assert_eq!((r.len(), r.valid), (1000, 1));
    assert_eq!((r.errors[998], r.errors[999]), (1, 0));
    assert_eq!(r.births.len(), 1000);
    assert_eq!(r.sexes.len(), 1000);
    assert_eq!(r.at.len(), 1000);
    assert_eq!(r.kinds.len(), 1000);
}

#[test]
fn batch_reads_windows_line_ends_as_unix_ones() {
    let opts = Options::new(Date::new(2026, 11, 22).unwrap());
    let rows = [
        "11010519491231002X",
        "110105194912310021",
        "",
        " 11010519491231002x",
        "11010519491231002X\r",
        "110105491231002",
        "11010519491231002X",
    ];
    let unix = id::validate_column(&rows.join("\n"), &opts, true);
    let windows = id::validate_column(&rows.join("\r\n"), &opts, true);
    assert_eq!(windows.len(), rows.len());
    assert_eq!(unix.len(), rows.len());
    assert_eq!(
        (
            &windows.kinds,
            &windows.errors,
            &windows.at,
            &windows.births
        ),
        (&unix.kinds, &unix.errors, &unix.at, &unix.births)
    );
    assert_eq!(windows.normalized, unix.normalized);
    assert_eq!(windows.valid, 5);
    // A last row ending in a lone `\r` is the same row.
    let last = id::validate_column("11010519491231002X\r", &opts, true);
    assert_eq!((last.len(), last.valid), (1, 1));
    assert_eq!(last.normalized.unwrap(), ["11010519491231002X"]);
}

#[test]
fn docs_list_every_error_code_and_kind() {
    let checks = include_str!("../docs/checks.md");
    for c in id::ErrorCode::ALL {
        assert!(
            checks.contains(&format!("| `{}` |", c.code())),
            "docs/checks.md lacks {}",
            c.code()
        );
    }
    let readme = include_str!("../README.md");
    for k in Kind::ALL {
        assert!(
            readme.contains(&format!("`{}`", k.name())),
            "README lacks {}",
            k.name()
        );
    }
}
