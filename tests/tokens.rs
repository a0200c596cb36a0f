//! Tokens natively: the shared vectors (also run through the npm package and in the browser),
//! token files both ways, and matching — including that different secrets or fields never match.

use canbao::id::{Date, Options};
use canbao::token::file::TokenFile;
use canbao::token::matching::{compare, Options as MatchOptions, Rule};
use canbao::token::{
    canonical, fingerprint, from_hex, tokenize, Field, Scheme, Secret, Settings, Tokenizer,
};
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/tokens.json")).unwrap()
}

fn settings() -> Settings {
    let day = Date::new(2026, 11, 22).unwrap();
    Settings {
        width: 16,
        opts: Options::new(day),
        nfkc: canonical::nfkc,
        created: day,
    }
}

#[test]
fn shared_vectors() {
    let v = vectors();
    let secret = Secret::parse(v["secret"].as_str().unwrap()).unwrap();
    for scheme in Scheme::ALL {
        assert_eq!(
            fingerprint(&secret, scheme),
            v["fingerprints"][scheme.name()].as_str().unwrap()
        );
    }
    let s = settings();
    for c in v["cases"].as_array().unwrap() {
        let scheme = Scheme::from_name(c["scheme"].as_str().unwrap()).unwrap();
        let field = Field::from_name(c["field"].as_str().unwrap()).unwrap();
        let input = c["input"].as_str().unwrap();
        let canon = canonical::canonical(field, input, &s.opts, s.nfkc).unwrap();
        assert_eq!(canon, c["canonical"].as_str().unwrap(), "{input}");
        let t = Tokenizer::new(&secret, scheme, field, 32).token(canon.as_bytes());
        assert_eq!(
            t.to_vec(),
            from_hex(c["token"].as_str().unwrap()).unwrap(),
            "{input}"
        );
    }
    for c in v["invalid"].as_array().unwrap() {
        let field = Field::from_name(c["field"].as_str().unwrap()).unwrap();
        let t = tokenize(
            &secret,
            Scheme::HmacSha256,
            &[field],
            [vec![Some(c["input"].as_str().unwrap())]],
            None,
            &s,
        );
        assert_eq!(t.problems[0][0].1.code(), c["code"].as_str().unwrap());
        assert!(!t.file.columns[0].present[0]);
    }
}

fn roster(secret: &Secret, scheme: Scheme, rows: &[[&str; 3]]) -> TokenFile {
    let fields = [Field::Id, Field::Name, Field::BirthDate];
    let it = rows
        .iter()
        .map(|r| r.iter().map(|c| Some(*c)).collect::<Vec<_>>());
    tokenize(secret, scheme, &fields, it, None, &settings()).file
}

#[test]
fn token_files_round_trip_in_both_forms() {
    let secret = Secret::from_bytes(&key(7)).unwrap();
    let f = roster(
        &secret,
        Scheme::HmacSm3,
        &[
            ["11010519491231002X", "张三", "1949-12-31"],
            ["bad", "李四", "1950-01-01"],
        ],
    );
    assert_eq!(f.header.rows, 2);
    for text in [f.to_csv(), f.to_jsonl()] {
        assert_eq!(TokenFile::parse(&text).unwrap(), f, "{text}");
    }
    let csv = f.to_csv();
    assert!(
        csv.starts_with("#canbao-tokens,1\n#scheme,hmac-sm3\n#fields,id;name;birthDate\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\n2,,"),
        "the invalid ID leaves an empty cell: {csv}"
    );
    // Clear errors for damaged files.
    let cut: String = csv
        .lines()
        .take(csv.lines().count() - 1)
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(TokenFile::parse(&cut).unwrap_err().code, "row_count");
    assert_eq!(
        TokenFile::parse("ref,id\n1,ab").unwrap_err().code,
        "not_token_file"
    );
    assert_eq!(
        TokenFile::parse(&csv.replace("#canbao-tokens,1", "#canbao-tokens,2"))
            .unwrap_err()
            .code,
        "unsupported_version"
    );
    let bad_token = csv.replacen(&csv.lines().nth(8).unwrap()[2..12], "zzzzzzzzzz", 1);
    assert_eq!(TokenFile::parse(&bad_token).unwrap_err().code, "bad_token");
    assert_eq!(TokenFile::parse(&bad_token).unwrap_err().line, Some(9));
}

#[test]
fn matching_finds_both_only_and_duplicates_with_the_rule_used() {
    let secret = Secret::from_bytes(&key(9)).unwrap();
    let registry = roster(
        &secret,
        Scheme::HmacSha256,
        &[
            ["11010519491231002X", "张三", "1949-12-31"], // insured, ID matches (15-digit form in B)
            ["110105194912310021", "李四", "1990-03-07"], // ID mistyped: matched by name + birth date
            ["110105198001010016", "王五", "1980-01-01"], // not insured
            ["11010519491231002X", "张三", "1949-12-31"], // registered twice
        ],
    );
    let insured = roster(
        &secret,
        Scheme::HmacSha256,
        &[
            ["110105491231002", "张 三", "1949年12月31日"],
            ["", "李四", "19900307"],
            ["440305199001010018", "赵六", "1990-01-01"],
        ],
    );
    let plain = compare(&registry, &insured, MatchOptions::default()).unwrap();
    assert_eq!(
        plain.pairs.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(),
        [(0, 0), (3, 0)]
    );
    assert_eq!(plain.only_a, [2]);
    assert_eq!(plain.unusable_a, [1]);
    assert_eq!(plain.duplicates_a, [vec![0, 3]]);
    let both = compare(
        &registry,
        &insured,
        MatchOptions {
            name_birth_date: true,
        },
    )
    .unwrap();
    let pairs: Vec<(u32, u32, Rule)> = both.pairs.iter().map(|p| (p.a, p.b, p.rule)).collect();
    assert_eq!(
        pairs,
        [
            (0, 0, Rule::Id),
            (1, 1, Rule::NameBirthDate),
            (3, 0, Rule::Id)
        ]
    );
    assert_eq!(both.only_a, [2]);
    assert!(both.unusable_a.is_empty());
    assert_eq!(both.matched_b, 2);
    let csv = canbao::token::matching::to_csv(
        &both,
        &registry,
        &insured,
        canbao::id::Lang::Zh,
        [None, None],
    );
    assert!(
        csv.contains("两份名单都有,2,2,姓名和出生日期一致,in_both\n"),
        "{csv}"
    );
    assert!(
        csv.contains("A 中重复,1,,1,duplicate_a\nA 中重复,4,,1,duplicate_a\n"),
        "{csv}"
    );
}

#[test]
fn different_secrets_or_schemes_are_refused_and_never_match() {
    let rows = [["11010519491231002X", "张三", "1949-12-31"]];
    let a = roster(
        &Secret::from_bytes(&key(1)).unwrap(),
        Scheme::HmacSha256,
        &rows,
    );
    let b = roster(
        &Secret::from_bytes(&key(2)).unwrap(),
        Scheme::HmacSha256,
        &rows,
    );
    assert_eq!(
        compare(&a, &b, MatchOptions::default()).unwrap_err().code,
        "fingerprint_mismatch"
    );
    let c = roster(
        &Secret::from_bytes(&key(1)).unwrap(),
        Scheme::HmacSm3,
        &rows,
    );
    assert_eq!(
        compare(&a, &c, MatchOptions::default()).unwrap_err().code,
        "scheme_mismatch"
    );
    // Forced past the header check, no token of one secret equals one of the other, in any field.
    for (x, y) in [(&a, &b), (&a, &c)] {
        for cx in &x.columns {
            for cy in &y.columns {
                assert_ne!(cx.bytes, cy.bytes);
            }
        }
    }
    // Within one secret, the same value in different fields gives different tokens.
    let s = Secret::from_bytes(&key(1)).unwrap();
    let same = tokenize(
        &s,
        Scheme::HmacSha256,
        &[Field::Name, Field::Phone],
        [vec![Some("13800138000"), Some("13800138000")]],
        None,
        &settings(),
    );
    assert_ne!(same.file.columns[0].bytes, same.file.columns[1].bytes);
}

#[test]
fn id_column_fast_path_agrees_with_row_tokenization() {
    let secret = Secret::from_bytes(&key(3)).unwrap();
    let column = "11010519491231002X\n110105491231002\nbad\n\n1.10105E+17";
    let s = settings();
    let t = Tokenizer::new(&secret, Scheme::HmacSha256, Field::Id, 16);
    let (tokens, errors) = canbao::token::tokenize_id_column(&t, column.as_bytes(), &s.opts);
    let rows = tokenize(
        &secret,
        Scheme::HmacSha256,
        &[Field::Id],
        column.split('\n').map(|v| vec![Some(v)]),
        None,
        &s,
    );
    assert_eq!(tokens, rows.file.columns[0].bytes);
    assert_eq!(
        errors.iter().map(|&e| e == 0).collect::<Vec<_>>(),
        rows.file.columns[0].present
    );
    assert_eq!(
        &tokens[..16],
        &tokens[16..32],
        "15- and 18-digit forms of one person match"
    );
}

/// 32 secret bytes that differ from each other (a secret of one repeated byte is refused).
fn key(first: u8) -> [u8; 32] {
    core::array::from_fn(|i| first.wrapping_add(i as u8))
}
