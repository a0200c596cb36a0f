//! Times the phases of the roster pipeline natively: `cargo run --release --example
//! roster_phases -- FILE` (read, process, summarize, write xlsx, write CSV).

use std::time::Instant;

use canbao::id::{Date, Lang, Options};
use canbao::roster::{load, pipeline, summary, write, Input};

fn main() {
    let path = std::env::args().nth(1).expect("a roster file");
    let bytes = std::fs::read(&path).expect("readable file");
    let t = Instant::now();
    let l = load(&Input {
        bytes: &bytes,
        ..Default::default()
    })
    .expect("a roster");
    println!(
        "read      {:>8.2} s  {} rows",
        t.elapsed().as_secs_f64(),
        l.table.rows.len()
    );
    let policy = canbao::policy::preset("county-example-2024");
    let settings = pipeline::Settings {
        id_opts: Options::new(Date::new(2026, 11, 22).expect("date")),
        policy: policy.clone(),
        tokenizer: None,
    };
    let t = Instant::now();
    let (table, results) =
        pipeline::Processor::new(l.table.clone(), l.mapping.clone(), settings).finish();
    assert_eq!(table, l.table);
    println!("process   {:>8.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let s = summary::summarize(&l.table, &l.mapping, &results, policy.as_ref());
    println!("summarize {:>8.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let x = write::to_xlsx(
        &l.table,
        l.mapping.header_row,
        &results,
        &s,
        policy.as_ref(),
        Lang::Zh,
    )
    .expect("xlsx");
    println!(
        "xlsx      {:>8.2} s  {} bytes",
        t.elapsed().as_secs_f64(),
        x.len()
    );
    let t = Instant::now();
    let c = write::to_csv(
        &l.table,
        l.mapping.header_row,
        &results,
        &s,
        policy.as_ref(),
        Lang::Zh,
    );
    println!(
        "csv       {:>8.2} s  {} bytes",
        t.elapsed().as_secs_f64(),
        c.len()
    );
}
