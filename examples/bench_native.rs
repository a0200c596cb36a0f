//! Native benchmark and data generator for `make bench`.
//!
//! Writes a deterministic roster of 1,000,000 identity numbers (a mix of valid numbers and each
//! kind of invalid one) to target/bench-data.txt, measures native throughput of batch and
//! per-value validation on it, and prints the figures as JSON (read by bench/run.mjs, which
//! runs the same data in headless Chromium).
//!
//! Usage: cargo run --release --example bench_native [-- ROWS [PATH]]

use std::time::Instant;

use canbao::id::{self, checksum::mod11_2, region, Date, Options};

#[path = "../tests/support/rng.rs"]
mod rng;
use rng::Rng;

/// What each generated row is, with its share of the data (per mille).
const MIX: &[(&str, u64)] = &[
    ("valid_resident18", 560),
    ("valid_messy_spaces_fullwidth_lowercase", 60),
    ("valid_resident15", 30),
    ("valid_permit", 20),
    ("valid_foreign_2023", 10),
    ("checksum_mismatch", 60),
    ("invalid_date", 50),
    ("region_unknown", 50),
    ("wrong_length", 50),
    ("invalid_character", 40),
    ("scientific_notation", 20),
    ("birth_in_future", 20),
    ("birth_too_old", 10),
    ("empty", 20),
];

fn with_check(body: &str) -> String {
    let check = mod11_2(body.as_bytes().try_into().expect("17 digits")).expect("digits");
    format!("{body}{}", check as char)
}

fn birth(rng: &mut Rng) -> Date {
    let start = Date::new(1935, 1, 1).unwrap().days_since_epoch();
    Date::from_days_since_epoch(start + rng.below(32000) as i64).unwrap()
}

fn row(kind: &str, rng: &mut Rng, counties: &[u32]) -> String {
    let county = counties[rng.below(counties.len() as u64) as usize];
    let b = birth(rng);
    let seq = rng.below(1000);
    let valid18 = with_check(&format!("{county:06}{:08}{seq:03}", b.yyyymmdd()));
    match kind {
        "valid_resident18" => valid18,
        "valid_messy_spaces_fullwidth_lowercase" => {
            let s = format!(" {} {} {} ", &valid18[..6], &valid18[6..14], &valid18[14..])
                .to_lowercase();
            if rng.below(2) == 0 {
                s
            } else {
                s.chars()
                    .map(|c| {
                        if c.is_ascii_digit() {
                            char::from_u32(c as u32 + 0xFEE0).unwrap()
                        } else {
                            c
                        }
                    })
                    .collect()
            }
        }
        "valid_resident15" => {
            let mut b = b;
            while b.year() > 1999 {
                b = birth(rng);
            }
            format!(
                "{county:06}{:02}{:02}{:02}{seq:03}",
                b.year() % 100,
                b.month(),
                b.day()
            )
        }
        "valid_permit" => with_check(&format!(
            "{}{:08}{seq:03}",
            ["810000", "820000", "830000"][rng.below(3) as usize],
            b.yyyymmdd()
        )),
        "valid_foreign_2023" => with_check(&format!(
            "9{:02}{:03}{:08}{seq:03}",
            11 + rng.below(50),
            1 + rng.below(899),
            b.yyyymmdd()
        )),
        "checksum_mismatch" => {
            let last = valid18.as_bytes()[17];
            let wrong = if last == b'0' { '1' } else { '0' };
            format!("{}{wrong}", &valid18[..17])
        }
        "invalid_date" => with_check(&format!("{county:06}{:04}0230{seq:03}", b.year())),
        "region_unknown" => {
            let mut code;
            loop {
                code = 110000 + rng.below(550000) as u32;
                if !region::ever_existed(code) {
                    break;
                }
            }
            with_check(&format!("{code:06}{:08}{seq:03}", b.yyyymmdd()))
        }
        "wrong_length" => valid18[..17].to_string(),
        "invalid_character" => {
            let i = 6 + rng.below(10) as usize;
            format!("{}A{}", &valid18[..i], &valid18[i + 1..])
        }
        "scientific_notation" => format!("{}.{}E+17", &valid18[..1], &valid18[1..6]),
        "birth_in_future" => with_check(&format!(
            "{county:06}2031{:02}{:02}{seq:03}",
            b.month(),
            b.day().min(28)
        )),
        "birth_too_old" => with_check(&format!(
            "{county:06}1850{:02}{:02}{seq:03}",
            b.month(),
            b.day().min(28)
        )),
        "empty" => String::new(),
        other => unreachable!("{other}"),
    }
}

fn best_of<F: FnMut() -> usize>(runs: usize, mut f: F) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut out = 0;
    for _ in 0..runs {
        let t = Instant::now();
        out = std::hint::black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, out)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let path = args
        .next()
        .unwrap_or_else(|| "target/bench-data.txt".to_string());

    let counties: Vec<u32> = region::codes()
        .map(|c| c.0)
        .filter(|c| c % 100 != 0 && c / 10000 < 71)
        .collect();
    let mut rng = Rng(0x005E_EDCA_4BA0);
    let total: u64 = MIX.iter().map(|m| m.1).sum();
    let mut lines = Vec::with_capacity(rows);
    let mut counts = vec![0usize; MIX.len()];
    for _ in 0..rows {
        let mut pick = rng.below(total);
        let mut k = 0;
        while pick >= MIX[k].1 {
            pick -= MIX[k].1;
            k += 1;
        }
        counts[k] += 1;
        lines.push(row(MIX[k].0, &mut rng, &counties));
    }
    let text = lines.join("\n");
    std::fs::write(&path, &text).expect("write the data file");

    // Fixed reference date, so that results do not depend on the day the benchmark runs.
    let opts = Options::new(Date::new(2026, 11, 22).unwrap());
    let (batch_s, valid) = best_of(5, || id::validate_column(&text, &opts, false).valid);
    let (single_s, valid_single) = best_of(3, || {
        lines
            .iter()
            .filter(|l| id::validate_id(l, &opts).is_ok())
            .count()
    });
    assert_eq!(valid, valid_single);

    let mix: Vec<String> = MIX
        .iter()
        .zip(&counts)
        .map(|(m, c)| format!("\"{}\": {}", m.0, c))
        .collect();
    println!("{{");
    println!("  \"rows\": {rows},");
    println!("  \"bytes\": {},", text.len());
    println!("  \"valid\": {valid},");
    println!("  \"data\": \"{path}\",");
    println!("  \"mix\": {{ {} }},", mix.join(", "));
    println!("  \"native_batch_seconds\": {batch_s:.6},");
    println!(
        "  \"native_batch_ids_per_sec\": {:.0},",
        rows as f64 / batch_s
    );
    println!("  \"native_single_seconds\": {single_s:.6},");
    println!(
        "  \"native_single_ids_per_sec\": {:.0}",
        rows as f64 / single_s
    );
    println!("}}");
}
