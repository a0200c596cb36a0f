//! Fuzzes every identity-number parser: no input may panic, every rejection must carry at
//! least one problem whose position lies inside the input, and a single row validated as a
//! batch (fast paths included) must get the verdict single validation gives.
#![no_main]

use canbao::id::{self, Date, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options::new(Date::new(2026, 11, 22).unwrap());
    let strict = Options { region: canbao::id::RegionCheck::Strict, length: Some(18), ..opts };
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
        // A single row: the batch (fast paths included) must say what single validation says.
        if !text.contains('\n') && !text.ends_with('\r') {
            let single = match id::validate_id(text, &opts) {
                Ok(n) => (n.kind.number(), 0, u16::MAX, n.birth.yyyymmdd(), n.sex.map_or(0, |s| s.number())),
                Err(e) => {
                    let p = e.problems.first().unwrap();
                    let at = p.at.map_or(u16::MAX, |a| a.min(u16::MAX as u32 - 1) as u16);
                    (e.kind.map_or(0, |k| k.number()), p.code.number(), at, 0, 0)
                }
            };
            let row = (batch.kinds[0], batch.errors[0], batch.at[0], batch.births[0], batch.sexes[0]);
            assert_eq!(row, single, "{text:?}");
        }
        let _ = id::upgrade15(text, &opts);
        let _ = id::validate_uscc(text);
        let _ = id::validate_phone(text);
    }
});
