//! Fuzzes the token-file reader and the canonical forms: any bytes as a token file give a file
//! or a coded error (never a panic); a file that reads writes back to the same file in both
//! forms and compares with itself (every usable row in both); any text as a value of any field
//! is either canonical or a coded problem.
#![no_main]

use canbao::id::{Date, Options};
use canbao::token::canonical::{canonical, nfkc, Field};
use canbao::token::file::TokenFile;
use canbao::token::matching::{compare, Options as MatchOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let opts = Options::new(Date::new(2026, 11, 22).unwrap());
    for f in Field::ALL {
        match canonical(f, text, &opts, nfkc) {
            Ok(c) => assert!(!c.is_empty()),
            Err(p) => assert!(!p.code().is_empty()),
        }
    }
    if let Ok(file) = TokenFile::parse(text) {
        assert_eq!(file.refs.len(), file.header.rows);
        assert_eq!(TokenFile::parse(&file.to_csv()).as_ref(), Ok(&file));
        assert_eq!(TokenFile::parse(&file.to_jsonl()).as_ref(), Ok(&file));
        for name_birth_date in [false, true] {
            if let Ok(c) = compare(&file, &file, MatchOptions { name_birth_date }) {
                assert!(c.only_a.is_empty() && c.only_b.is_empty());
            }
        }
    }
});
