//! Memory a small hostile file can make the readers take: measured by a counting allocator
//! that also refuses to go past 1 GiB (so that a regression aborts this test binary instead of
//! exhausting the machine). Each test runs alone (one lock), so the peak is its own.
//!
//! - a 6.7 KB `.xlsx` whose one 32,767-character shared string is used by 60,000 cells (2 GB
//!   of copies) and the same as an `.xls` (its shared-string table, `LabelSst` records) and
//!   as formulas: `too_large` before the text is built;
//! - an 18 KB `.xls` of two formulas of 520,200 spaces, which the reader inserts one at a time
//!   (6 s), and formulas of nested functions around a long operand: `too_large` first;
//! - an OpenDocument file in a zip (its reader repeats cells): not read;
//! - token files: a billion rows declared over blank lines, a line of a million commas.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use canbao::id::Lang;
use canbao::roster::limits::LIMITS;
use canbao::roster::read::{read_workbook, read_workbook_sheets};
use canbao::roster::{load, Input};
use canbao::token::file::TokenFile;

/// Allocation beyond this aborts the test binary ("memory allocation failed").
const CAP: usize = 1 << 30;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

struct Counting;

impl Counting {
    fn grow(n: usize) -> bool {
        let now = CURRENT.fetch_add(n, Ordering::SeqCst) + n;
        if now > CAP {
            CURRENT.fetch_sub(n, Ordering::SeqCst);
            return false;
        }
        PEAK.fetch_max(now, Ordering::SeqCst);
        true
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !Counting::grow(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = System.alloc(layout);
        if p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !Counting::grow(new_size - old) {
            return std::ptr::null_mut();
        }
        let p = System.realloc(ptr, layout, new_size);
        if p.is_null() {
            if new_size > old {
                CURRENT.fetch_sub(new_size - old, Ordering::SeqCst);
            }
        } else if new_size < old {
            CURRENT.fetch_sub(old - new_size, Ordering::SeqCst);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `f` alone: its result, the most bytes it held at once beyond what was held before,
/// and how long it took.
fn measured<T>(f: impl FnOnce() -> T) -> (T, usize, Duration) {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    let peak = PEAK.load(Ordering::SeqCst).saturating_sub(before);
    (out, peak, took)
}

const MIB: usize = 1 << 20;

// ---------------------------------------------------------------------------------------
// Workbooks
// ---------------------------------------------------------------------------------------

/// A zip package with the given parts, deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        for (name, bytes) in parts {
            z.start_file(*name, o).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

/// An `.xlsx` of one sheet (`sheet_data`, the `<sheetData>` content) with a shared-string
/// table of `strings`.
fn xlsx(sheet_data: &[u8], strings: &[&str]) -> Vec<u8> {
    let mut sheet = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>".to_vec();
    sheet.extend_from_slice(sheet_data);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    let mut sst = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{0}\" uniqueCount=\"{0}\">", strings.len());
    for s in strings {
        sst.push_str(&format!("<si><t>{s}</t></si>"));
    }
    sst.push_str("</sst>");
    zip_of(&[
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ("xl/sharedStrings.xml", sst.as_bytes()),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}

/// The issue's file: one 32,767-character shared string, used by 60,000 cells (600 rows of
/// 100), positions implied (no `r` attributes), so that it deflates to a few kilobytes.
fn shared_string_bomb() -> Vec<u8> {
    let long = "x".repeat(LIMITS.cell_chars);
    let row = format!("<row>{}</row>", "<c t=\"s\"><v>0</v></c>".repeat(100));
    xlsx(row.repeat(600).as_bytes(), &[&long])
}

#[test]
fn a_shared_string_used_by_60000_cells_is_refused_before_it_is_copied() {
    let bytes = shared_string_bomb();
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    // Inside every other limit: the string is Excel's longest, the sheet 60,000 cells.
    assert_eq!(LIMITS.cell_chars, 32_767);
    let (r, peak, took) = measured(|| read_workbook(&bytes, None));
    let e = r.unwrap_err();
    assert_eq!(e.code, "too_large", "{e}");
    let en = e.message(Lang::En);
    assert!(
        en.contains("bytes of text the workbook's cells expand to"),
        "{en}"
    );
    assert!(
        en.contains(&format!("at most {}", LIMITS.cell_text_bytes)),
        "{en}"
    );
    assert!(
        e.message(Lang::Zh).contains("共享字符串每用一次计一次"),
        "{e}"
    );
    // It fails at the cell that crosses the limit (its row and column named), having held at
    // most the limit's worth of text: never the 2 GB of copies.
    assert!(en.contains("(row "), "{en}");
    assert!(
        peak < LIMITS.cell_text_bytes as usize + 128 * MIB,
        "peak {peak}"
    );
    assert!(took < Duration::from_secs(60), "{took:?}");
    // The page's entry point and the ledger reader say the same.
    let (r, _, _) = measured(|| {
        load(&Input {
            bytes: &bytes,
            ..Default::default()
        })
    });
    assert_eq!(r.unwrap_err().code, "too_large");
    let (r, _, _) = measured(|| read_workbook_sheets(&bytes));
    assert_eq!(r.unwrap_err().code, "too_large");
}

#[test]
fn an_ordinary_workbook_still_loads_within_its_size() {
    let table = canbao::roster::generate::generate(canbao::roster::generate::Spec {
        rows: 5_000,
        seed: 7,
        damaged_percent: 5,
        insured_percent: None,
    });
    let bytes = canbao::roster::generate::to_xlsx_bytes(&table).unwrap();
    let (r, peak, _) = measured(|| read_workbook(&bytes, None));
    let sheet = r.unwrap();
    assert_eq!(sheet.table.rows.len(), 5_001);
    assert!(peak < 64 * MIB, "peak {peak}");
    // The same text shared: a shared string used a few thousand times is fine.
    let row = format!("<row>{}</row>", "<c t=\"s\"><v>0</v></c>".repeat(10));
    let bytes = xlsx(row.repeat(1_000).as_bytes(), &["张三"]);
    let (r, _, _) = measured(|| read_workbook(&bytes, None));
    let sheet = r.unwrap();
    assert_eq!(sheet.table.rows.len(), 1_000);
    assert_eq!(sheet.table.rows[999][9].text(), "张三");
}

/// An OpenDocument spreadsheet in a zip (not a format rosters come in): its reader repeats
/// a cell as often as `number-rows-repeated` says, so it is not handed to any reader.
#[test]
fn a_zip_that_is_not_an_xlsx_is_not_read_by_another_reader() {
    let long = "x".repeat(LIMITS.cell_chars);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="60000"><table:table-cell office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let bytes = zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#),
    ]);
    let (r, peak, _) = measured(|| read_workbook(&bytes, None));
    assert_eq!(r.unwrap_err().code, "unreadable_workbook");
    assert!(peak < 64 * MIB, "peak {peak}");
}

// --- .xls: a compound file holding a BIFF8 workbook stream --------------------------------

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    assert!(data.len() <= 8224);
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn bof(out: &mut Vec<u8>, dt: u16) {
    let mut d = vec![0u8; 16];
    d[..2].copy_from_slice(&0x0600u16.to_le_bytes());
    d[2..4].copy_from_slice(&dt.to_le_bytes());
    record(out, 0x0809, &d);
}

/// A shared-string table of ASCII strings (one byte a character), split into CONTINUE
/// records as Excel does: a string's characters carry on after a flags byte.
fn sst(out: &mut Vec<u8>, strings: &[&str]) {
    let mut parts: Vec<Vec<u8>> = vec![Vec::new()];
    let n = strings.len() as u32;
    parts[0].extend_from_slice(&n.to_le_bytes());
    parts[0].extend_from_slice(&n.to_le_bytes());
    for s in strings {
        if parts.last().unwrap().len() + 4 > 8224 {
            parts.push(Vec::new());
        }
        let p = parts.last_mut().unwrap();
        p.extend_from_slice(&(s.len() as u16).to_le_bytes());
        p.push(0);
        let mut rest = s.as_bytes();
        loop {
            let p = parts.last_mut().unwrap();
            let k = rest.len().min(8224 - p.len());
            p.extend_from_slice(&rest[..k]);
            rest = &rest[k..];
            if rest.is_empty() {
                break;
            }
            parts.push(vec![0]);
        }
    }
    record(out, 0x00FC, &parts[0]);
    for p in &parts[1..] {
        record(out, 0x003C, p);
    }
}

/// A BIFF8 workbook stream: globals (a code page, a defined name, the shared strings), then
/// one sheet of `cells` (records after the dimensions).
fn workbook_stream(strings: &[&str], name: &str, cells: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut globals = Vec::new();
    bof(&mut globals, 0x0005);
    record(&mut globals, 0x0042, &1200u16.to_le_bytes());
    // Defined name (Lbl): flags, shortcut, cch, cce (0), reserved…, then the name.
    let mut lbl = vec![0u8; 14];
    lbl[3] = name.len() as u8;
    lbl.push(0);
    lbl.extend_from_slice(name.as_bytes());
    record(&mut globals, 0x0018, &lbl);
    let sheet_name = b"Sheet1";
    // Record header, position, state and type, length and flags, the name.
    let bound_len = 4 + 4 + 2 + 2 + sheet_name.len();
    let mut tail = Vec::new();
    sst(&mut tail, strings);
    record(&mut tail, 0x000A, &[]);
    let sheet_at = globals.len() + bound_len + tail.len();
    let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
    bound.extend_from_slice(&[0, 0, sheet_name.len() as u8, 0]);
    bound.extend_from_slice(sheet_name);
    record(&mut globals, 0x0085, &bound);
    globals.extend_from_slice(&tail);
    assert_eq!(globals.len(), sheet_at);
    let mut sheet = Vec::new();
    bof(&mut sheet, 0x0010);
    let rows = cells
        .iter()
        .map(|(_, d)| u16::from_le_bytes([d[0], d[1]]) as u32 + 1)
        .max()
        .unwrap_or(0);
    let mut dim = rows.to_le_bytes().to_vec();
    dim.splice(0..0, 0u32.to_le_bytes());
    dim.extend_from_slice(&[0, 0, 1, 0, 0, 0]);
    record(&mut sheet, 0x0200, &dim);
    for (typ, d) in cells {
        record(&mut sheet, *typ, d);
    }
    record(&mut sheet, 0x000A, &[]);
    globals.extend_from_slice(&sheet);
    globals
}

/// A compound file (512-byte sectors) holding `stream` as "Workbook".
fn compound_file(stream: &[u8]) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let data_sectors = stream.len() / 512;
    let mut fat_sectors = 1;
    while (data_sectors + fat_sectors + 1).div_ceil(128) > fat_sectors {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109);
    let dir_sector = data_sectors + fat_sectors;
    let mut fat: Vec<u32> = (1..=data_sectors as u32).collect();
    fat[data_sectors - 1] = END;
    fat.extend(std::iter::repeat_n(0xFFFF_FFFD, fat_sectors));
    fat.push(END);
    fat.resize(fat_sectors * 128, FREE);
    let mut head = vec![0u8; 512];
    head[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let mut put = |at: usize, v: &[u8]| head[at..at + v.len()].copy_from_slice(v);
    put(24, &0x003Eu16.to_le_bytes());
    put(26, &3u16.to_le_bytes());
    put(28, &0xFFFEu16.to_le_bytes());
    put(30, &9u16.to_le_bytes());
    put(32, &6u16.to_le_bytes());
    put(44, &(fat_sectors as u32).to_le_bytes());
    put(48, &(dir_sector as u32).to_le_bytes());
    put(56, &4096u32.to_le_bytes());
    put(60, &END.to_le_bytes());
    put(68, &END.to_le_bytes());
    for i in 0..109 {
        let id = if i < fat_sectors {
            (data_sectors + i) as u32
        } else {
            FREE
        };
        put(76 + 4 * i, &id.to_le_bytes());
    }
    let entry = |name: &str, typ: u8, child: u32, start: u32, len: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&((units.len() + 2) as u16).to_le_bytes());
        e[66] = typ;
        e[67] = 1;
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&FREE.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&len.to_le_bytes());
        e
    };
    let mut out = head;
    out.extend_from_slice(&stream);
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(entry("Root Entry", 5, 1, END, 0));
    out.extend(entry("Workbook", 2, FREE, 0, stream.len() as u32));
    out.extend(entry("", 0, FREE, FREE, 0));
    out.extend(entry("", 0, FREE, FREE, 0));
    out
}

fn label_sst(row: u16, col: u16, isst: u32) -> (u16, Vec<u8>) {
    let mut d = row.to_le_bytes().to_vec();
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    d.extend_from_slice(&isst.to_le_bytes());
    (0x00FD, d)
}

#[test]
fn the_same_shared_string_in_an_xls_is_refused_before_the_reader_copies_it() {
    // The test's own writer makes a workbook the reader reads.
    let small = compound_file(&workbook_stream(
        &["姓名", "张三"],
        "n",
        &[label_sst(0, 0, 0), label_sst(1, 0, 1), label_sst(2, 0, 1)],
    ));
    // (ASCII strings only in this writer: the names are written as UTF-8 bytes, one a
    // "character"; the reader decodes them as Latin-1, which is fine for this test.)
    let (r, _, _) = measured(|| read_workbook(&small, None));
    let sheet = r.unwrap();
    assert_eq!(sheet.table.rows.len(), 3);
    let long = "y".repeat(LIMITS.cell_chars);
    let cells: Vec<_> = (0..60_000u16).map(|r| label_sst(r, 0, 0)).collect();
    let bytes = compound_file(&workbook_stream(&[&long], "n", &cells));
    assert!(bytes.len() < 1_000_000, "{}", bytes.len());
    let (r, peak, took) = measured(|| read_workbook(&bytes, None));
    let e = r.unwrap_err();
    assert_eq!(e.code, "too_large", "{e}");
    assert!(
        e.message(Lang::En)
            .contains("bytes of text the workbook's cells expand to"),
        "{e}"
    );
    // Refused by the structure check, before the reader builds anything.
    assert!(peak < 64 * MIB, "peak {peak}");
    assert!(took < Duration::from_secs(30), "{took:?}");
    // Fewer uses, within the limit: read.
    let cells: Vec<_> = (0..100u16).map(|r| label_sst(r, 0, 0)).collect();
    let bytes = compound_file(&workbook_stream(&[&long], "n", &cells));
    let (r, _, _) = measured(|| read_workbook(&bytes, None));
    assert_eq!(r.unwrap().table.rows[99][0].text().len(), LIMITS.cell_chars);
}

/// The `.xls` reader writes every formula out as text, names and sheets in full: a defined
/// name of 255 characters used 1,300 times in each of a few hundred formulas is gigabytes.
#[test]
fn xls_formulas_are_counted_as_the_text_they_become() {
    let name = "z".repeat(255);
    let formula = |row: u16| {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&[0; 2]);
        // A number result, then flags and a chain word.
        d.extend_from_slice(&[0; 8]);
        d.extend_from_slice(&[0; 6]);
        let mut rgce = Vec::new();
        for i in 0..1_300 {
            rgce.push(0x23);
            rgce.extend_from_slice(&1u32.to_le_bytes());
            if i > 0 {
                rgce.push(0x03);
            }
        }
        d.extend_from_slice(&(rgce.len() as u16).to_le_bytes());
        d.extend_from_slice(&rgce);
        (0x0006, d)
    };
    let cells: Vec<_> = (0..400u16).map(formula).collect();
    let bytes = compound_file(&workbook_stream(&["a"], &name, &cells));
    let (r, peak, _) = measured(|| read_workbook(&bytes, None));
    let e = r.unwrap_err();
    assert_eq!(e.code, "too_large", "{e}");
    assert!(peak < 64 * MIB, "peak {peak}");
    // A few ordinary formulas are read.
    let cells: Vec<_> = (0..3u16).map(formula).collect();
    let bytes = compound_file(&workbook_stream(&["a"], "n", &cells));
    let (r, _, _) = measured(|| read_workbook(&bytes, None));
    assert!(r.is_ok(), "{r:?}");
}

/// A Formula record at `row`, column A, of the parsed expression `rgce` (a number result).
fn formula_cell(row: u16, rgce: &[u8]) -> (u16, Vec<u8>) {
    let mut d = row.to_le_bytes().to_vec();
    // Column, format, the result (8 bytes), flags and a chain word.
    d.extend_from_slice(&[0; 2 + 2 + 8 + 6]);
    d.extend_from_slice(&(rgce.len() as u16).to_le_bytes());
    d.extend_from_slice(rgce);
    (0x0006, d)
}

/// Formula tokens: the integer 1, a run of `n` spaces before the last operand, `+`, and a
/// function of one argument (ABS, its argument count from the reader's own table).
const INT: [u8; 3] = [0x1E, 1, 0];
const fn spaces(n: u8) -> [u8; 4] {
    [0x19, 0x40, 0, n]
}
const PLUS: u8 = 0x03;
const ABS: [u8; 3] = [0x41, 24, 0];

/// The `.xls` reader inserts a formula's spaces one character at a time in front of the text
/// it has built (and copies a function's arguments out and back at every function): the
/// issue's 18 KB file, two formulas of 2,040 runs of 255 spaces, took 6 s to open.
#[test]
fn xls_formulas_that_make_the_reader_move_their_text_again_and_again_are_refused() {
    let refused = |bytes: &[u8]| {
        let (r, peak, took) = measured(|| read_workbook(bytes, None));
        let e = r.unwrap_err();
        assert_eq!(e.code, "too_large", "{e}");
        let en = e.message(Lang::En);
        assert!(
            en.contains("bytes moved writing the workbook's formulas out as text"),
            "{en}"
        );
        assert!(
            en.contains(&format!("at most {}", LIMITS.formula_work_bytes)),
            "{en}"
        );
        assert!(e.message(Lang::Zh).contains("公式中的空格"), "{e}");
        assert!(peak < 64 * MIB, "peak {peak}");
        // Refused by the structure check, before the reader starts.
        assert!(took < Duration::from_secs(1), "{took:?}");
        took
    };
    let mut rgce = INT.to_vec();
    for _ in 0..2_040 {
        rgce.extend_from_slice(&spaces(255));
    }
    let cells: Vec<_> = (0..2u16).map(|r| formula_cell(r, &rgce)).collect();
    let bytes = compound_file(&workbook_stream(&["a"], "n", &cells));
    assert!(bytes.len() < 20_000, "{}", bytes.len());
    let took = refused(&bytes);
    // Nested functions around a long operand (built at no cost: 1 + 255 spaces before a new
    // 1 each time): every function copies it. 100 such formulas, 0.8 MB, took over a second.
    let mut rgce = INT.to_vec();
    for _ in 0..500 {
        rgce.extend_from_slice(&INT);
        rgce.extend_from_slice(&spaces(255));
        rgce.push(PLUS);
    }
    for _ in 0..1_390 {
        rgce.extend_from_slice(&ABS);
    }
    let cells: Vec<_> = (0..100u16).map(|r| formula_cell(r, &rgce)).collect();
    let bytes = compound_file(&workbook_stream(&["a"], "n", &cells));
    let nested = refused(&bytes);
    // Ordinary formulas with a few spaces, in a thousand rows: read.
    let rgce = [&INT[..], &spaces(1), &INT, &spaces(1), &ABS, &[PLUS]].concat();
    let cells: Vec<_> = (0..1_000u16).map(|r| formula_cell(r, &rgce)).collect();
    let bytes = compound_file(&workbook_stream(&["a"], "n", &cells));
    {
        use calamine::Reader;
        let mut wb = calamine::Xls::new(std::io::Cursor::new(&bytes)).unwrap();
        let formulas = wb.worksheet_formula("Sheet1").unwrap();
        assert_eq!(
            formulas.get_value((999, 0)).map(String::as_str),
            Some(" 1+ABS( 1)")
        );
    }
    let (r, _, read) = measured(|| read_workbook(&bytes, None));
    assert_eq!(r.unwrap().table.rows.len(), 1_000);
    assert!(read < Duration::from_secs(5), "{read:?}");
    // (`--nocapture` shows the times.)
    eprintln!(
        "refused in {took:?} (spaces), {nested:?} (nested functions); ordinary read in {read:?}"
    );
}

/// The guard walks the table as the reader does, and leaves a damaged one to the reader to
/// refuse (it then builds no cell).
#[test]
fn a_damaged_shared_string_table_is_unreadable() {
    let long = "y".repeat(20_000);
    let good = workbook_stream(&[&long], "n", &[label_sst(0, 0, 0)]);
    // Cut the table's last CONTINUE record short by rewriting its length: the string's
    // characters run out.
    let sst_at = good
        .windows(2)
        .position(|w| w == 0x003Cu16.to_le_bytes())
        .unwrap();
    let mut bad = good.clone();
    bad[sst_at] = 0x3D; // no longer a CONTINUE record: the string is cut short
    let (r, _, _) = measured(|| read_workbook(&compound_file(&bad), None));
    assert_eq!(r.unwrap_err().code, "unreadable_workbook");
}

// ---------------------------------------------------------------------------------------
// Token files
// ---------------------------------------------------------------------------------------

const TOKEN_HEAD: &str = "#canbao-tokens,1\n#scheme,hmac-sha256\n#fields,id;name;birthDate\n#fingerprint,3f2a-9c1d-5b7e-d412\n#bits,256\n#rows,1000000000\n#created,2026-11-23\nref,id,name,birthDate\n1,,,\n";

#[test]
fn a_token_file_of_blank_lines_declaring_a_billion_rows_reserves_nothing() {
    let text = format!("{TOKEN_HEAD}{}", "\n".repeat(32 * MIB));
    // Before: room for a row in every three bytes (~800 MB here, 1.1 GB in the issue).
    let (r, peak, _) = measured(|| TokenFile::parse(&text));
    assert!(peak < MIB, "peak {peak}");
    let e = r.unwrap_err();
    assert_eq!((e.code, e.line), ("row_count", Some(9)));
}

#[test]
fn a_token_file_line_of_a_million_commas_is_not_split_whole() {
    let text = TOKEN_HEAD.replace("\n1,,,\n", &format!("\n1,,,{}\n", ",".repeat(16 * MIB)));
    let (r, peak, _) = measured(|| TokenFile::parse(&text));
    assert_eq!(r.unwrap_err().code, "bad_row");
    assert!(peak < MIB, "peak {peak}");
}
