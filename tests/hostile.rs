//! Hostile files: what a department receives from others must not exhaust memory, panic or
//! run as a formula. Each test here is a file shape an audit found harmful; each must end in
//! a coded error (or a neutralised output), quickly and within bounded memory.

use std::io::Write;

use canbao::id::Lang;
use canbao::roster::limits::LIMITS;
use canbao::roster::read::read_workbook;
use canbao::roster::{load, Cell, Input};

/// A zip package with the given parts, deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            z.start_file(*name, o).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

/// A minimal `.xlsx` with one sheet of the given XML body (the `<sheetData>` content).
fn xlsx_with_sheet(sheet_data: &[u8]) -> Vec<u8> {
    let mut sheet = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>".to_vec();
    sheet.extend_from_slice(sheet_data);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    zip_of(&[
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}

#[test]
fn the_minimal_package_reads() {
    let ok = xlsx_with_sheet(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c></row>"#
            .as_bytes(),
    );
    let s = read_workbook(&ok, None).unwrap();
    assert_eq!(s.table.rows[0][1], Cell::Text("身份证号".into()));
}

#[test]
fn a_cell_at_the_last_column_and_row_is_refused_before_allocating() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    let e = read_workbook(&bytes, None).unwrap_err();
    assert_eq!(e.code, "too_large");
    assert!(e.message(Lang::En).contains("columns"), "{e}");
    // The same far row within the column limit: rows × columns over the cell limit.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(1_048_575, 900, "x").unwrap();
    let e = read_workbook(&wb.save_to_buffer().unwrap(), None).unwrap_err();
    assert_eq!(e.code, "too_large");
    assert!(e.message(Lang::En).contains("cells"), "{e}");
    // Within the cell limit, but two cells spanning 18 million: not built either.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(599_999, 29, "x").unwrap();
    let e = read_workbook(&wb.save_to_buffer().unwrap(), None).unwrap_err();
    assert_eq!(e.code, "too_large");
    assert!(
        e.message(Lang::En)
            .contains("cells spanned for the cells with a value"),
        "{e}"
    );
}

#[test]
fn a_zip_of_whitespace_is_refused_by_what_it_unpacks_to() {
    // 4 MiB of spaces inside a cell's text packs into a few KB.
    let mut body = br#"<row r="1"><c r="A1" t="inlineStr"><is><t>"#.to_vec();
    body.extend(std::iter::repeat_n(b' ', 4 << 20));
    body.extend_from_slice(br#"</t></is></c></row>"#);
    let bytes = xlsx_with_sheet(&body);
    assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
    let e = read_workbook(&bytes, None).unwrap_err();
    assert_eq!(e.code, "too_large");
    assert!(e.message(Lang::En).contains("run of text"), "{e}");
    // The same between elements.
    let mut body = br#"<row r="1">"#.to_vec();
    body.extend(std::iter::repeat_n(b'\n', 4 << 20));
    body.extend_from_slice(br#"</row>"#);
    assert_eq!(
        read_workbook(&xlsx_with_sheet(&body), None)
            .unwrap_err()
            .code,
        "too_large"
    );
}

#[test]
fn a_long_cell_in_a_workbook_is_refused_with_its_place() {
    let long = "x".repeat(LIMITS.cell_chars + 1);
    let body = format!(r#"<row r="3"><c r="C3" t="inlineStr"><is><t>{long}</t></is></c></row>"#);
    let e = read_workbook(&xlsx_with_sheet(body.as_bytes()), None).unwrap_err();
    assert_eq!(e.code, "too_large");
    assert!(e.message(Lang::En).contains("row 3, column 3"), "{e}");
}

#[test]
fn a_csv_of_newlines_is_refused_quickly() {
    let bytes = vec![b'\n'; LIMITS.rows + 10];
    let e = load(&Input {
        bytes: &bytes,
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(e.code, "too_large");
}

/// xorshift64*: reproducible mutations without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Byte-mutated `.xls` files (the audit saw ~6% of them panic inside calamine, abort on a
/// 137 GB allocation or grow past 8 GB): every one gives a sheet or a coded error. A panic
/// that escaped, an abort or a runaway allocation would end this test process.
#[test]
fn mutated_xls_files_give_a_sheet_or_a_coded_error() {
    let original = std::fs::read("tests/fixtures/roster.xls").unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut ok, mut errors) = (0, 0);
    for _ in 0..3000 {
        let mut bytes = original.clone();
        for _ in 0..1 + rng.next() % 8 {
            let at = (rng.next() % bytes.len() as u64) as usize;
            bytes[at] = match rng.next() % 4 {
                0 => 0xFF,
                1 => 0,
                _ => rng.next() as u8,
            };
        }
        match read_workbook(&bytes, None) {
            Ok(s) => {
                assert!(s.table.rows.len() <= LIMITS.rows);
                ok += 1;
            }
            Err(e) => {
                assert!(
                    ["unreadable_workbook", "too_large", "no_such_sheet"].contains(&e.code),
                    "{e}"
                );
                errors += 1;
            }
        }
    }
    assert!(ok > 0 && errors > 0, "ok {ok}, errors {errors}");
}

#[test]
fn mutated_xlsx_files_give_a_sheet_or_a_coded_error() {
    let table = canbao::roster::generate::generate(canbao::roster::generate::Spec {
        rows: 30,
        seed: 7,
        damaged_percent: 10,
        insured_percent: None,
    });
    let original = canbao::roster::generate::to_xlsx_bytes(&table).unwrap();
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    for _ in 0..1500 {
        let mut bytes = original.clone();
        for _ in 0..1 + rng.next() % 4 {
            let at = (rng.next() % bytes.len() as u64) as usize;
            bytes[at] = rng.next() as u8;
        }
        if let Err(e) = read_workbook(&bytes, None) {
            assert!(
                ["unreadable_workbook", "too_large", "no_such_sheet"].contains(&e.code),
                "{e}"
            );
        }
    }
}

#[test]
fn the_xls_fixture_reads() {
    let original = std::fs::read("tests/fixtures/roster.xls").unwrap();
    let s = read_workbook(&original, None).unwrap();
    assert!(s.table.rows.len() > 3);
}

/// Every CSV the project writes goes through one writer that neutralises formulas: the
/// roster (plain text cells of a workbook included) and the coverage table.
#[test]
fn csv_outputs_cannot_run_as_formulas() {
    use canbao::id::{Date, Options};
    use canbao::roster::pipeline::{Processor, Settings};
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "公民身份号码", "联系电话", "备注"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "=cmd|' /C calc'!A0").unwrap();
    ws.write_string(1, 1, "11010519491231002X").unwrap();
    ws.write_string(1, 2, "+8613800138000").unwrap();
    ws.write_string(1, 3, "@SUM(A1)").unwrap();
    ws.write_number(2, 3, -12.5).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let loaded = load(&Input {
        bytes: &bytes,
        ..Default::default()
    })
    .unwrap();
    let settings = Settings {
        id_opts: Options::new(Date::new(2026, 11, 22).unwrap()),
        policy: None,
        tokenizer: None,
    };
    let (table, results) = Processor::new(loaded.table, loaded.mapping.clone(), settings).finish();
    let summary = canbao::roster::summary::summarize(&table, &loaded.mapping, &results, None);
    let csv = canbao::roster::write::to_csv(
        &table,
        loaded.mapping.header_row,
        &results,
        &summary,
        None,
        Lang::Zh,
    );
    assert!(csv.contains("\"'=cmd|' /C calc'!A0\""), "{csv}");
    assert!(csv.contains("\"'@SUM(A1)\""), "{csv}");
    assert!(csv.contains(",+8613800138000,"), "{csv}");
    assert!(csv.contains(",-12.5"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '@']), "{cell} in {line}");
        }
    }

    let rows: serde_json::Value = serde_json::json!([
        { "unit": "=HYPERLINK(\"http://x\",\"点我\")", "registered": 10, "insuredLocal": 9, "insuredElsewhere": 0 },
        { "unit": "-东村", "registered": 10, "insuredLocal": 5, "insuredElsewhere": 1 },
    ]);
    let out =
        canbao::api::coverage_table(&rows, Some(&serde_json::json!({ "csv": true })), Lang::Zh)
            .unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let csv = v["csv"].as_str().unwrap();
    assert!(csv.starts_with("排名,单位,户籍人口数"), "{csv}");
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",10,"),
        "{csv}"
    );
    assert!(csv.contains(",\"'-东村\",10,"), "{csv}");
    assert!(
        csv.contains("\r\n,合计,20,14,1,15,75.00,5,25.00\r\n"),
        "{csv}"
    );
}

/// The table of limits in docs/rosters.md says what `LIMITS` is (one source of truth, checked).
#[test]
fn the_docs_state_the_limits_in_force() {
    fn thousands(n: usize) -> String {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
    let bytes = |n: u64| match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n => format!("{} MiB", n >> 20),
    };
    let readme = std::fs::read_to_string("docs/rosters.md").unwrap();
    let want = [
        ("| file size |", bytes(LIMITS.file_bytes as u64)),
        (
            "| rows (header and rows above it included) |",
            thousands(LIMITS.rows),
        ),
        ("| columns |", thousands(LIMITS.columns)),
        ("| cells (rows × columns) |", thousands(LIMITS.cells)),
        (
            format!(
                "| cells spanned, over {}: at most this many per cell with a value |",
                thousands(LIMITS.sparse_floor)
            )
            .leak(),
            thousands(LIMITS.sparse_ratio),
        ),
        ("| characters in one cell |", thousands(LIMITS.cell_chars)),
        (
            "| `.xlsx` unpacked, all parts together |",
            bytes(LIMITS.part_bytes),
        ),
        (
            "| `.xlsx` shared-string table, unpacked |",
            bytes(LIMITS.shared_strings_bytes),
        ),
        (
            "| `.xlsx` text between two pieces of markup |",
            bytes(LIMITS.xml_run as u64),
        ),
        (
            "| cell text a workbook expands to (each use of a shared string counted; `.xls`: every sheet and formula) |",
            bytes(LIMITS.cell_text_bytes),
        ),
        (
            "| `.xls` bytes moved writing the formulas out as text (spaces, signs, brackets, function arguments) |",
            bytes(LIMITS.formula_work_bytes),
        ),
    ];
    for (row, value) in want {
        let line = readme
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("docs/rosters.md has no row {row}"));
        assert!(
            line.starts_with(&format!("{row} {value}")),
            "{line} should say {value}"
        );
    }
}

/// A damaged `.xls` (one of the mutations above) that passes the structure checks and makes
/// calamine 0.32 panic while reading its shared strings (a slice read past a record's end):
/// natively `unreadable_workbook`; the roster page's e2e test loads it to prove that a trapped
/// worker is replaced.
#[test]
fn a_reader_panic_is_unreadable_workbook() {
    // The second, found by the `workbook` fuzz target: a formula record calamine reads past
    // its end.
    for f in ["reader-panic.xls", "reader-panic-formula.xls"] {
        let bytes = std::fs::read(format!("tests/fixtures/{f}")).unwrap();
        let e = read_workbook(&bytes, None).unwrap_err();
        assert_eq!(e.code, "unreadable_workbook", "{f}");
        assert!(
            e.message(Lang::En).contains("the reader failed"),
            "{f}: {e}"
        );
    }
}
