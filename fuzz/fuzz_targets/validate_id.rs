//! Fuzzes every identity-number parser: no input may panic, and every rejection must carry
//! at least one problem whose position lies inside the input.
#![no_main]

use canbao::id::{self, Date, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options::new(Date::new(2026, 11, 22).unwrap());
    let strict = Options { strict_region: true, length: Some(18), ..opts };
    // As bytes (what a file gives) and, where it is UTF-8, as text (what a form gives).
    let batch = id::validate_column_bytes(data, &opts, true);
    assert_eq!(batch.len(), data.iter().filter(|&&b| b == b'\n').count() + 1);
    if let Ok(text) = std::str::from_utf8(data) {
        let chars = text.chars().count() as u32;
        for o in [&opts, &strict] {
            match id::validate_id(text, o) {
                Ok(n) => assert!(!n.normalized.is_empty()),
                Err(e) => {
                    assert!(!e.problems.is_empty());
                    for p in e.problems.as_slice() {
                        assert!(p.at.is_none_or(|at| at < chars), "{p:?} outside {text:?}");
                    }
                }
            }
        }
        let _ = id::upgrade15(text, &opts);
        let _ = id::validate_uscc(text);
        let _ = id::validate_phone(text);
    }
});
