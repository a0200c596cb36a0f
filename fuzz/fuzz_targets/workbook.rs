//! Fuzzes the workbook reader on `.xlsx` and `.xls` bytes (seeds: real workbooks; libFuzzer
//! mutates them): the structure checks before calamine and the reader itself. Any bytes give a
//! sheet within the limits or a coded error; a panic that escapes, an abort on a huge
//! allocation, a hang or memory past libFuzzer's `-rss_limit_mb` is a finding.
#![no_main]

use canbao::roster::limits::LIMITS;
use canbao::roster::read;
use libfuzzer_sys::fuzz_target;

static QUIET: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // libFuzzer's hook aborts on any panic, even one `read_workbook` catches (a damaged file
    // that calamine panics on is `unreadable_workbook` by design): panics that stay inside
    // it are not findings. One that escapes still reaches libFuzzer's own catch and aborts.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    match read::read_workbook(data, None) {
        Ok(sheet) => {
            assert!(sheet.table.rows.len() <= LIMITS.rows);
            assert!(sheet.table.width() <= LIMITS.columns);
        }
        Err(e) => assert!(
            ["unreadable_workbook", "too_large", "no_such_sheet"].contains(&e.code),
            "{e}"
        ),
    }
});
