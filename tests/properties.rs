//! Property tests with a small deterministic generator (no extra dependency): valid numbers
//! built from the region table validate; any single changed character is caught; arbitrary
//! input never panics; batch and single validation agree.

use canbao::id::{self, checksum::mod11_2, region, Date, ErrorCode, Options};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

fn opts() -> Options {
    Options::new(Date::new(2026, 11, 22).unwrap())
}

/// County-level codes in use on mainland ID cards.
fn county_codes() -> Vec<u32> {
    region::codes()
        .map(|c| c.0)
        .filter(|c| c % 100 != 0 && c / 10000 < 71)
        .collect()
}

fn random_valid(rng: &mut Rng, codes: &[u32]) -> String {
    let code = codes[rng.below(codes.len() as u64) as usize];
    let days = Date::new(1930, 1, 1).unwrap().days_since_epoch() + rng.below(35000) as i64;
    let birth = Date::from_days_since_epoch(days).unwrap();
    let body = format!("{:06}{:08}{:03}", code, birth.yyyymmdd(), rng.below(1000));
    let check = mod11_2(body.as_bytes().try_into().unwrap()).unwrap();
    format!("{body}{}", check as char)
}

#[test]
fn generated_valid_numbers_validate_and_report_their_parts() {
    let codes = county_codes();
    assert!(codes.len() > 5000, "{}", codes.len());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let s = random_valid(&mut rng, &codes);
        let n = id::validate_id(&s, &opts()).unwrap_or_else(|e| panic!("{s}: {:?}", e.problems));
        assert_eq!(n.normalized, s);
        assert_eq!(n.birth.yyyymmdd().to_string(), s[6..14]);
        assert_eq!(n.region.unwrap().code.to_string(), s[..6]);
        let odd = (s.as_bytes()[16] - b'0') % 2 == 1;
        assert_eq!(
            n.sex,
            Some(if odd { id::Sex::Male } else { id::Sex::Female })
        );
    }
}

#[test]
fn any_single_substitution_is_caught() {
    let codes = county_codes();
    let mut rng = Rng(42);
    for _ in 0..20_000 {
        let s = random_valid(&mut rng, &codes);
        let mut b = s.into_bytes();
        let i = rng.below(18) as usize;
        let old = b[i];
        let alphabet = if i == 17 {
            &b"0123456789X"[..]
        } else {
            &b"0123456789"[..]
        };
        while b[i] == old {
            b[i] = alphabet[rng.below(alphabet.len() as u64) as usize];
        }
        let s = String::from_utf8(b).unwrap();
        let e = id::validate_id(&s, &opts()).expect_err(&s);
        assert!(
            e.problems
                .as_slice()
                .iter()
                .any(|p| p.code == ErrorCode::ChecksumMismatch),
            "{s}: {:?}",
            e.problems
        );
    }
}

#[test]
fn arbitrary_input_never_panics_and_always_explains() {
    let pieces = [
        "1", "9", "0", "X", "x", "１", "Ｘ", " ", "-", "\u{200b}", "'", "\"", "E", "+", ".", "身",
        "\u{0}", "\u{feff}", "8100", "A", "z", "\u{3000}", "“",
    ];
    let mut rng = Rng(7);
    for _ in 0..50_000 {
        let len = rng.below(24);
        let s: String = (0..len)
            .map(|_| pieces[rng.below(pieces.len() as u64) as usize])
            .collect();
        for o in [
            opts(),
            Options {
                region: id::RegionCheck::Strict,
                length: Some(15),
                ..opts()
            },
        ] {
            if let Err(e) = id::validate_id(&s, &o) {
                assert!(!e.problems.is_empty());
            }
        }
        let _ = id::validate_uscc(&s);
        let _ = id::validate_phone(&s);
        let _ = id::upgrade15(&s, &opts());
    }
}

#[test]
fn batch_agrees_with_single_validation() {
    let codes = county_codes();
    let mut rng = Rng(1234);
    let mut rows = Vec::new();
    for i in 0..5000 {
        let mut s = random_valid(&mut rng, &codes);
        match i % 5 {
            1 => s.replace_range(17..18, if &s[17..18] == "0" { "1" } else { "0" }),
            2 => s.truncate(15),
            3 => s.insert(3, ' '),
            4 => s = s.to_lowercase().replace('1', "１"),
            _ => {}
        }
        rows.push(s);
    }
    let text = rows.join("\n");
    let batch = id::validate_column(&text, &opts(), true);
    assert_eq!(batch.len(), rows.len());
    for (i, s) in rows.iter().enumerate() {
        match id::validate_id(s, &opts()) {
            Ok(n) => {
                assert_eq!(batch.errors[i], 0);
                assert_eq!(batch.kinds[i], n.kind.number());
                assert_eq!(batch.births[i], n.birth.yyyymmdd());
                assert_eq!(batch.normalized.as_ref().unwrap()[i], n.normalized);
            }
            Err(e) => {
                assert_eq!(
                    batch.errors[i],
                    e.problems.first().unwrap().code.number(),
                    "{s}"
                );
                assert_eq!(batch.kinds[i], e.kind.map_or(0, |k| k.number()));
            }
        }
    }
    assert_eq!(
        batch.valid,
        batch.errors.iter().filter(|&&e| e == 0).count()
    );
}

/// The batch result of row `i`, and what single validation says of the same text, as
/// (kind, error, at, birth, sex) tuples.
fn batch_row(r: &id::BatchResult, i: usize) -> (u8, u8, u16, u32, u8) {
    (r.kinds[i], r.errors[i], r.at[i], r.births[i], r.sexes[i])
}

fn single_row(s: &str, o: &Options) -> (u8, u8, u16, u32, u8) {
    match id::validate_id(s, o) {
        Ok(n) => (
            n.kind.number(),
            0,
            id::BatchResult::NO_POSITION,
            n.birth.yyyymmdd(),
            n.sex.map_or(0, |x| x.number()),
        ),
        Err(e) => {
            let p = e.problems.first().unwrap();
            let at = p.at.map_or(id::BatchResult::NO_POSITION, |a| a as u16);
            (e.kind.map_or(0, |k| k.number()), p.code.number(), at, 0, 0)
        }
    }
}

/// What [`id::check_id`] finds: kind, what a valid number reads, every problem.
type Verdict = (
    Option<id::Kind>,
    Result<id::Parsed, Vec<(ErrorCode, Option<u32>)>>,
);

fn fast_single(s: &str, o: &Options) -> Verdict {
    let c = id::check_id(s, o);
    let problems = |ps: &id::Problems| ps.as_slice().iter().map(|p| (p.code, p.at)).collect();
    (
        c.kind,
        c.verdict.map(|f| f.parsed).map_err(|ps| problems(&ps)),
    )
}

/// The same, by the general checks alone.
fn general_single(s: &str, o: &Options) -> Verdict {
    match id::normalize(s) {
        Ok(n) => {
            let (kind, v) = id::check(&n, o);
            let problems =
                |ps: id::Problems| ps.as_slice().iter().map(|p| (p.code, p.at)).collect();
            (kind, v.map_err(problems))
        }
        Err(p) => (None, Err(vec![(p.code, p.at)])),
    }
}

#[test]
fn batch_agrees_with_single_validation_on_random_18_digit_rows() {
    // The batch reads 18-digit rows on a path of its own: every field random, valid or not
    // (region codes live, abolished, never used, statistical, permit and foreign prefixes;
    // dates real, impossible, future, too old; check characters right and wrong), under each
    // option set.
    let codes = county_codes();
    let statistical: Vec<u32> = (110000..830000)
        .filter(|&c| region::is_statistical(c))
        .collect();
    let mut rng = Rng(0xC0FF_EE00_1234_5678);
    let mut rows = Vec::new();
    for _ in 0..40_000 {
        let code = match rng.below(9) {
            0 => rng.below(1_000_000) as u32,
            1 => [810000, 820000, 830000, 710000, 110000][rng.below(5) as usize],
            2 => 900_000 + rng.below(100_000) as u32,
            3 => statistical[rng.below(statistical.len() as u64) as usize],
            _ => codes[rng.below(codes.len() as u64) as usize],
        };
        let year = match rng.below(6) {
            0 => rng.below(10_000) as u32,
            _ => 1860 + rng.below(180) as u32,
        };
        let (month, day) = (rng.below(14) as u32, rng.below(33) as u32);
        let body = format!("{code:06}{year:04}{month:02}{day:02}{:03}", rng.below(1000));
        let check = match rng.below(4) {
            0 => b"0123456789X"[rng.below(11) as usize],
            _ => mod11_2(body.as_bytes().try_into().unwrap()).unwrap(),
        };
        rows.push(format!("{body}{}", check as char));
    }
    // Leap-year edges (centuries divisible by 400 or not) and year 0000.
    for date in [
        "19000229", "20000229", "16000229", "17000229", "19960229", "19970229", "00000101",
        "00000229", "20240229", "19000228",
    ] {
        let body = format!("110105{date}123");
        let check = mod11_2(body.as_bytes().try_into().unwrap()).unwrap();
        rows.push(format!("{body}{}", check as char));
    }
    // Legacy 15-digit forms of the same fields, and 18-character rows with a capital letter
    // among the digits: plain rows the batch also checks on paths of its own.
    for i in 0..rows.len() / 4 {
        let s = rows[i].clone();
        rows.push(format!("{}{}{}", &s[..6], &s[8..14], &s[14..17]));
        let mut b = s.into_bytes();
        b[rng.below(18) as usize] = b"ABCDFXZ"[rng.below(7) as usize];
        rows.push(String::from_utf8(b).unwrap());
    }
    // The same rows as typed into rosters: spaces, full-width digits, lower-case x.
    let messy: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, s)| match i % 3 {
            0 => format!(" {} {} {} ", &s[..6], &s[6..14], &s[14..]).to_lowercase(),
            1 => s
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                    c => c,
                })
                .collect(),
            _ => format!("\u{3000}{s}\t"),
        })
        .collect();
    rows.extend(messy);
    let text = rows.join("\n");
    let option_sets = [
        opts(),
        Options {
            region: id::RegionCheck::Strict,
            ..opts()
        },
        Options {
            region: id::RegionCheck::Lenient,
            ..opts()
        },
        Options {
            length: Some(18),
            ..opts()
        },
        Options {
            length: Some(15),
            ..opts()
        },
        opts().only(&[id::Kind::PermitHk, id::Kind::Resident15]),
        opts().only(&[id::Kind::Resident18]),
        opts().only(&[id::Kind::Resident18, id::Kind::PermitMo]),
    ];
    for o in &option_sets {
        let r = id::validate_column(&text, o, false);
        assert_eq!(r.len(), rows.len());
        // Rows given one by one (as an array is) take the same checks.
        assert_eq!(
            id::validate_rows(rows.iter().map(|s| s.as_str()), o, false),
            r
        );
        let mut errors_seen = std::collections::BTreeSet::new();
        for (i, s) in rows.iter().enumerate() {
            assert_eq!(batch_row(&r, i), single_row(s, o), "{s} {o:?}");
            errors_seen.insert(r.errors[i]);
            // Single validation takes the fast check where it applies: every problem it
            // reports (not only the first), and what it reads, as the general checks give.
            assert_eq!(fast_single(s, o), general_single(s, o), "{s} {o:?}");
        }
        // The lenient level's warnings: in the batch's own column, as validate_id gives them.
        assert_eq!(r.warnings.is_some(), o.region == id::RegionCheck::Lenient);
        if let Some(w) = &r.warnings {
            let mut warned = 0;
            for (i, s) in rows.iter().enumerate() {
                let single = id::validate_id(s, o)
                    .ok()
                    .and_then(|n| n.warnings.first())
                    .map_or(0, |p| p.code.number());
                assert_eq!(w[i], single, "{s}");
                warned += (w[i] != 0) as usize;
            }
            assert!(warned > 100, "{warned} rows warned");
        }
        assert_eq!(r.valid, r.errors.iter().filter(|&&e| e == 0).count());
        if o == &opts() {
            // The data reaches every verdict the fast path can give.
            for code in [
                ErrorCode::RegionUnknown,
                ErrorCode::InvalidDate,
                ErrorCode::BirthInFuture,
                ErrorCode::BirthTooOld,
                ErrorCode::ChecksumMismatch,
            ] {
                assert!(errors_seen.contains(&code.number()), "{code:?}");
            }
            assert!(errors_seen.contains(&0));
        }
    }
}

#[test]
fn bytes_that_are_not_utf8_become_invalid_rows_not_lost_rows() {
    let mut data = b"11010519491231002X\n".to_vec();
    data.extend_from_slice(&[0xB2, 0xCE, 0xB1, 0xA3, b'\n']); // "参保" in GBK, not UTF-8
    data.extend_from_slice(b"110105491231002");
    let r = id::validate_column_bytes(&data, &opts(), true);
    assert_eq!(r.len(), 3);
    assert_eq!(r.errors[1], ErrorCode::InvalidCharacter.number());
    assert_eq!(r.at[1], 0);
    assert_eq!(r.valid, 2);
}
