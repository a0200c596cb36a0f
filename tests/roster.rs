//! Rosters natively: what goes in comes out (rows, order, original values) plus results; GBK
//! and UTF-8 files with Chinese headers; damaged cells; workbooks read back after writing.

use canbao::id::{Date, Lang, Options};
use canbao::policy;
use canbao::roster::header::Role;
use canbao::roster::pipeline::{self, Processor, Status};
use canbao::roster::read::{Encoding, Format};
use canbao::roster::{generate, load, summary, write, Cell, Input};

fn settings(with_policy: bool) -> pipeline::Settings {
    pipeline::Settings {
        id_opts: Options::new(Date::new(2026, 11, 22).unwrap()),
        policy: with_policy.then(|| policy::preset("county-example-2024").unwrap()),
        tokenizer: None,
    }
}

const ROSTER: &str =
    "某县城乡居民医保参保台账\n序号,乡镇,村（社区）,姓名,公民身份号码,联系电话,人员类别,参保状态\n\
1,城关镇,东村,张三,11010519491231002X,13800138000,低保对象,已参保\n\
2,城关镇,东村,李四,1.10105E+17,13800138000,特困人员、低保对象,未参保\n\
3,城关镇,西村,,110105491231002,,稳定脱贫人口,已参保\n\
,,,,,,,\n\
4,城关镇,西村,王五,11010519491231002x,138001380,外星人,已参保\n";

#[test]
fn utf8_and_gbk_csv_with_chinese_headers_give_the_same_results() {
    let utf8 = load(&Input {
        bytes: ROSTER.as_bytes(),
        ..Default::default()
    })
    .unwrap();
    let gbk_bytes = encoding_rs::GBK.encode(ROSTER).0.into_owned();
    let gbk = load(&Input {
        bytes: &gbk_bytes,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(utf8.encoding, Some(Encoding::Utf8));
    assert_eq!(gbk.encoding, Some(Encoding::Gb18030));
    assert_eq!(utf8.table, gbk.table);
    assert_eq!(utf8.mapping.header_row, 1);
    assert_eq!(utf8.mapping.column(Role::Id), Some(4));
    assert_eq!(utf8.mapping.column(Role::Group), Some(6));
}

#[test]
fn every_row_is_checked_and_kept_in_order() {
    let l = load(&Input {
        bytes: ROSTER.as_bytes(),
        ..Default::default()
    })
    .unwrap();
    let (_, results) = Processor::new(l.table.clone(), l.mapping.clone(), settings(true)).finish();
    assert_eq!(
        results.len(),
        5,
        "rows in = rows out, the blank row included"
    );
    let codes: Vec<Vec<&str>> = results
        .iter()
        .map(|r| r.problems.iter().map(|p| p.code).collect())
        .collect();
    assert_eq!(codes[0], Vec::<&str>::new());
    assert_eq!(codes[1], ["scientific_notation"]);
    assert_eq!(
        codes[2],
        ["name_missing", "duplicate_in_file"],
        "the 15-digit form of row 3's ID"
    );
    assert_eq!(codes[3], ["empty_row"]);
    // 王五 has 张三's number: the same number under another name is an error (同号不同名);
    // an unknown group is said (a warning), not a silent full charge.
    assert_eq!(
        codes[4],
        ["same_id_different_name", "wrong_length", "unknown_group"]
    );
    assert_eq!(results[0].status(), Status::Ok);
    assert_eq!(results[1].status(), Status::Error);
    assert_eq!(
        results[4].duplicate_of,
        Some(3),
        "row 3 of the file holds the first one"
    );
    assert_eq!(results[2].duplicate_of, Some(3));
    assert_eq!(
        results[2].id.as_deref(),
        Some("11010519491231002X"),
        "15 digits upgraded"
    );
    assert_eq!(
        results[0].payable.map(|d| d.to_string()).as_deref(),
        Some("266")
    );
    assert_eq!(
        results[1].applied_group.as_deref(),
        Some("tekun"),
        "highest of two groups"
    );
    assert_eq!(results[2].subsidy.map(|d| d.is_zero()), Some(true));
    let s = summary::summarize(
        &l.table,
        &l.mapping,
        &results,
        policy::preset("county-example-2024").as_ref(),
    );
    assert_eq!(s.by_status, [1, 2, 2]);
    assert_eq!(
        s.by_unit
            .iter()
            .map(|u| (u.label(), u.rows, u.insured))
            .collect::<Vec<_>>(),
        [
            ("城关镇 · 东村".to_string(), 2, 1),
            ("城关镇 · 西村".to_string(), 2, 0)
        ]
    );
    // The budget counts people once and rows without an error: row 1 only; rows 2 and 5
    // (errors) and row 3 (a later copy of row 1's person) are listed apart.
    let budget = s.budget.unwrap();
    assert_eq!(budget.totals.people, 1);
    assert_eq!(
        s.excluded,
        summary::Excluded {
            invalid: 2,
            duplicates: 1,
            not_stated: 0,
            out_of_scheme: 0
        }
    );
    assert_eq!(s.by_group.iter().map(|g| g.1).sum::<usize>(), 1);
    // Coverage counts people once and rows without an error: only row 1's person (insured).
    let coverage = s.coverage.unwrap();
    assert_eq!(coverage.total.counts.registered, 1);
    assert_eq!(coverage.total.coverage_rate(), "100.00");
}

#[test]
fn csv_output_keeps_original_values_and_adds_results() {
    let l = load(&Input {
        bytes: ROSTER.as_bytes(),
        ..Default::default()
    })
    .unwrap();
    let (_, results) = Processor::new(l.table.clone(), l.mapping.clone(), settings(true)).finish();
    let s = summary::summarize(&l.table, &l.mapping, &results, None);
    let csv = write::to_csv(&l.table, l.mapping.header_row, &results, &s, None, Lang::Zh);
    assert!(csv.starts_with('\u{FEFF}'));
    let lines: Vec<&str> = csv
        .trim_start_matches('\u{FEFF}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[1].ends_with("核验状态,问题说明,标准证件号码,出生日期,性别,年龄,重复（首次出现行）,资助身份,资助金额,个人应缴,证件号令牌"));
    assert!(
        lines[3].starts_with("2,城关镇,东村,李四,1.10105E+17,"),
        "the damaged value is kept as it was: {}",
        lines[3]
    );
    assert!(
        lines[3].contains(",错误,证件号码：号码被 Excel 显示为科学计数法"),
        "{}",
        lines[3]
    );
}

#[test]
fn workbooks_round_trip_with_damaged_cells_and_a_summary_sheet() {
    let table = generate::generate(generate::Spec {
        rows: 2000,
        seed: 7,
        damaged_percent: 20,
        insured_percent: None,
    });
    let xlsx = generate::to_xlsx_bytes(&table).unwrap();
    let l = load(&Input {
        bytes: &xlsx,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(l.format, Format::Xlsx);
    assert_eq!(l.sheets, ["台账"]);
    assert_eq!(l.table.rows.len(), 2001);
    assert_eq!(
        l.table.rows[5], table.rows[5],
        "cells keep their values and types"
    );
    let (_, results) = Processor::new(l.table.clone(), l.mapping.clone(), settings(true)).finish();
    assert_eq!(results.len(), 2000);
    let damaged_as_number = l
        .table
        .rows
        .iter()
        .skip(1)
        .zip(&results)
        .filter(|(row, _)| matches!(row[4], Cell::Number(_)));
    for (_, r) in damaged_as_number {
        assert_eq!(
            r.problems[0].code, "scientific_notation",
            "an 18-digit ID stored as a number has lost digits"
        );
    }
    for code in [
        "checksum_mismatch",
        "duplicate_in_file",
        "trailing_decimal",
        "name_missing",
    ] {
        assert!(
            results
                .iter()
                .any(|r| r.problems.iter().any(|p| p.code == code)),
            "{code}"
        );
    }
    let s = summary::summarize(&l.table, &l.mapping, &results, None);
    let out = write::to_xlsx(&l.table, l.mapping.header_row, &results, &s, None, Lang::Zh).unwrap();
    let back = read_back(&l.table, &out);
    assert_eq!(back.sheets, ["台账", "汇总"]);
    assert_eq!(back.table.rows.len(), 2001);
    let texts = pipeline::result_texts(&results[10], Lang::Zh);
    let width = l.table.width();
    assert_eq!(back.table.cell(11, width).text(), texts[0]);
    let sheet = canbao::roster::read::read_workbook(&out, Some("汇总")).unwrap();
    assert_eq!(sheet.table.cell(2, 0).text(), "正常");
    assert_eq!(sheet.table.cell(5, 1).text(), "2000");
}

#[test]
fn a_file_without_a_header_is_refused_clearly() {
    let e = load(&Input {
        bytes: "a,b\n1,2\n".as_bytes(),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(e.code, "no_header");
    let e = load(&Input {
        bytes: b"PK\x03\x04broken",
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(e.code, "unreadable_workbook");
}

/// An annotated workbook read back: an xlsx with every original row, each row's original
/// cells unchanged (the result columns follow them), but for control characters other than
/// tab and line ends, which a workbook cannot hold: replaced by U+FFFD.
fn read_back(original: &canbao::roster::Table, xlsx: &[u8]) -> canbao::roster::Loaded {
    let back = load(&Input {
        bytes: xlsx,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(back.format, Format::Xlsx);
    assert_eq!(
        back.table.rows.len(),
        original.rows.len(),
        "rows in = rows out"
    );
    let written = |c: &Cell| match c {
        Cell::Text(s) if canbao::roster::has_xml_control(s) => Cell::Text(
            s.chars()
                .map(|c| match c {
                    '\t' | '\n' | '\r' => c,
                    c if (c as u32) < 0x20 => '\u{FFFD}',
                    c => c,
                })
                .collect(),
        ),
        c => c.clone(),
    };
    for (a, b) in original.rows.iter().zip(&back.table.rows) {
        let want: Vec<Cell> = a.iter().map(written).collect();
        assert_eq!(&b[..a.len()], &want[..], "original cells unchanged");
    }
    back
}

/// A part of an xlsx package as text.
fn part(xlsx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn the_streamed_roster_sheet_keeps_awkward_values_and_highlights_problems() {
    let tricky = "序号,姓名,公民身份号码,人员类别,备注\n\
1,张三,11010519491231002X,低保对象,\"a<b>&c \"\"quoted\"\"\"\n\
2,李四,11010519491231002Y,特困人员,_x0041_ stays as typed\n\
3,王五,1.10105E+17,,\"  leading and trailing spaces  \"\n";
    let mut l = load(&Input {
        bytes: tricky.as_bytes(),
        ..Default::default()
    })
    .unwrap();
    // Kinds of cells a workbook can hold but CSV cannot.
    l.table.rows[1].push(Cell::Number(1.5));
    l.table.rows[2].push(Cell::Bool(true));
    l.table.rows[3][4] = Cell::Text("tab\there, bell\u{7} here".into());
    let (_, results) = Processor::new(l.table.clone(), l.mapping.clone(), settings(true)).finish();
    let s = summary::summarize(&l.table, &l.mapping, &results, None);
    let out = write::to_xlsx(&l.table, l.mapping.header_row, &results, &s, None, Lang::En).unwrap();
    let back = read_back(&l.table, &out);
    assert_eq!(back.sheets, ["Roster", "Summary"]);
    // The bell is replaced, and its row says so with the column.
    assert_eq!(back.table.cell(3, 4).text(), "tab\there, bell\u{FFFD} here");
    let p = results[2]
        .problems
        .iter()
        .find(|p| p.code == "control_character")
        .unwrap();
    assert_eq!((p.severity, p.column), (Status::Warning, Some(4)));
    assert!(results[..2]
        .iter()
        .all(|r| r.problems.iter().all(|p| p.code != "control_character")));
    let width = l.table.width();
    assert_eq!(back.table.cell(0, width).text(), "Status");
    assert_eq!(back.table.cell(2, width).text(), "Error");

    // The header row filters the rows below it, and the workbook names that range.
    let sheet = part(&out, "xl/worksheets/sheet1.xml");
    let rows = l.table.rows.len();
    assert!(sheet.contains(&format!("<autoFilter ref=\"A{}:", l.mapping.header_row + 1)));
    assert!(sheet.contains(&format!("{rows}\"/><pageMargins")));
    assert!(sheet.contains("<cols><col min=\"1\""));
    let workbook = part(&out, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm._FilterDatabase"), "{workbook}");
    // The styles the sheet refers to are the ones rust_xlsxwriter wrote for them.
    let styles = part(&out, "xl/styles.xml");
    let xfs: Vec<&str> = styles.split("<xf ").skip(1).collect();
    let fills: Vec<&str> = styles.split("<fill>").skip(1).collect();
    let fill_of = |xf: &str| -> usize {
        let at = xf.find("fillId=\"").unwrap() + 8;
        xf[at..xf[at..].find('"').unwrap() + at].parse().unwrap()
    };
    // cellStyleXfs has one xf before cellXfs.
    let cell_xfs = &xfs[1..];
    assert!(fills[fill_of(cell_xfs[1])].contains("F8D7DA"), "{styles}");
    assert!(fills[fill_of(cell_xfs[2])].contains("FFF3CD"), "{styles}");
    assert!(cell_xfs[3].contains("fontId=\"1\""), "{styles}");
    // The amount style: two decimals.
    assert!(styles.contains("formatCode=\"0.00\""), "{styles}");
    assert!(cell_xfs[4].contains("numFmtId=\"164\""), "{styles}");
    assert!(styles.contains("<b/>"), "{styles}");
    let sheet = part(&out, "xl/worksheets/sheet1.xml");
    // Row 3 (李四): the ID column (C) has a checksum error, filled red; status too. Cells
    // after a cell with content leave out their reference, so C3 is the third <c> of row 3.
    let row3 = &sheet[sheet.find("<row r=\"3\">").unwrap()..];
    let row3 = &row3[..row3.find("</row>").unwrap()];
    let cells: Vec<&str> = row3.split("<c").skip(1).collect();
    assert!(cells[0].starts_with(" r=\"A3\""), "{row3}");
    assert!(
        cells[2].starts_with(" s=\"1\" t=\"inlineStr\"><is><t>11010519491231002Y<"),
        "{row3}"
    );
    assert!(
        sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""),
        "{sheet}"
    );
}

#[test]
fn a_legacy_xls_roster_is_read_checked_and_written_back() {
    // tests/fixtures/roster.xls is made by tools/gen_xls_fixture.py (xlwt 1.3.0, BIFF8).
    let bytes = std::fs::read("tests/fixtures/roster.xls").unwrap();
    let l = load(&Input {
        bytes: &bytes,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(l.format, Format::Xls);
    assert_eq!(l.sheets, ["参保台账", "说明"]);
    assert_eq!(l.mapping.header_row, 1, "below the title row");
    assert_eq!(l.mapping.column(Role::Id), Some(4));
    assert_eq!(l.mapping.column(Role::Village), Some(2));
    assert_eq!(l.table.rows.len(), 7);
    let (_, results) = Processor::new(l.table.clone(), l.mapping.clone(), settings(true)).finish();
    let codes: Vec<Vec<&str>> = results
        .iter()
        .map(|r| r.problems.iter().map(|p| p.code).collect())
        .collect();
    assert_eq!(results[0].status(), Status::Ok, "{codes:?}");
    assert_eq!(
        results[1].problems[0].code, "scientific_notation",
        "{codes:?}"
    );
    assert_eq!(
        results[2].id.as_deref(),
        Some("11010519491231002X"),
        "15 digits upgraded"
    );
    assert_eq!(results[2].duplicate_of, Some(3), "{codes:?}");
    assert!(codes[3].contains(&"checksum_mismatch"), "{codes:?}");
    assert!(
        results[3]
            .problems
            .iter()
            .any(|p| p.column == Some(5) && p.severity == Status::Warning),
        "the 9-digit phone number is a warning: {codes:?}"
    );
    assert_eq!(results[4].duplicate_of, Some(3), "{codes:?}");
    let s = summary::summarize(&l.table, &l.mapping, &results, None);
    let out = write::to_xlsx(&l.table, l.mapping.header_row, &results, &s, None, Lang::Zh).unwrap();
    read_back(&l.table, &out);
}

#[test]
fn a_table_wider_than_excel_allows_is_refused_with_a_clear_error() {
    let table = canbao::roster::Table {
        rows: vec![vec![Cell::Text("姓名".into()); 16_380]],
    };
    let s = summary::summarize(
        &table,
        &canbao::roster::header::Mapping {
            header_row: 0,
            columns: vec![],
        },
        &[],
        None,
    );
    let e = write::to_xlsx(&table, 0, &[], &s, None, Lang::Zh).unwrap_err();
    assert_eq!(e.code, "too_large_for_xlsx");
    assert!(
        e.message(Lang::Zh).contains("CSV"),
        "{}",
        e.message(Lang::Zh)
    );
    assert!(
        e.message(Lang::En).contains("16384"),
        "{}",
        e.message(Lang::En)
    );
}

#[test]
fn result_texts_refilled_row_after_row_equal_fresh_ones() {
    let table = generate::generate(generate::Spec {
        rows: 400,
        damaged_percent: 30,
        seed: 11,
        insured_percent: None,
    });
    let xlsx = generate::to_xlsx_bytes(&table).unwrap();
    let l = load(&Input {
        bytes: &xlsx,
        ..Default::default()
    })
    .unwrap();
    let (_, results) = Processor::new(l.table, l.mapping, settings(true)).finish();
    let mut texts = pipeline::ResultTexts::default();
    let mut kinds = std::collections::BTreeSet::new();
    for lang in [Lang::Zh, Lang::En] {
        for r in &results {
            texts.fill(r, lang, None, true);
            let fresh = pipeline::result_texts(r, lang);
            assert_eq!(texts.0.as_slice(), fresh.as_slice());
            kinds.insert(fresh.iter().map(|t| !t.is_empty()).collect::<Vec<_>>());
        }
    }
    // Rows that fill different columns follow each other (nothing left over from the last).
    assert!(kinds.len() > 3, "{kinds:?}");
}

#[test]
fn a_header_row_past_the_end_is_refused_clearly() {
    let csv = "姓名,身份证号\n张三,11010519491231002X\n";
    let with_header_row = |header_row| {
        load(&Input {
            bytes: csv.as_bytes(),
            mapping: Some(canbao::roster::header::Mapping {
                header_row,
                columns: Vec::new(),
            }),
            ..Default::default()
        })
    };
    for header_row in [2, 9, usize::MAX] {
        let e = with_header_row(header_row).unwrap_err();
        assert_eq!(e.code, "header_row_beyond_end");
        assert!(
            e.message(Lang::Zh).contains("共 2 行"),
            "{}",
            e.message(Lang::Zh)
        );
        assert!(
            e.message(Lang::En).contains("(2 rows)"),
            "{}",
            e.message(Lang::En)
        );
    }
    // The last row is still a header row one may choose.
    assert!(with_header_row(1).is_ok());
}

/// A group named as rosters write it (an alias of the policy) is recognized; a group the
/// policy names without an amount is a warning, not a silent full charge or a guess.
#[test]
fn group_aliases_and_groups_without_an_amount() {
    use canbao::roster::job::{Job, Output};
    let csv = "姓名,公民身份号码,人员类别\n\
张三,11010519491231002X,监测对象\n\
李四,440305199001010018,计生政策利导人员\n\
王五,110105198001010016,低保户\n";
    let settings = pipeline::Settings {
        id_opts: Options::new(Date::new(2026, 11, 22).unwrap()),
        policy: policy::preset("dingtao-2024"),
        tokenizer: None,
    };
    let input = Input {
        bytes: csv.as_bytes(),
        ..Default::default()
    };
    let job = Job::open(&input, &Default::default(), settings, true).unwrap();
    assert_eq!(job.total(), 3);
    let done = job.finish(Output::Csv, Lang::Zh).unwrap();
    assert_eq!(done.results[0].applied_group.as_deref(), Some("monitored"));
    assert_eq!(
        done.results[0].payable,
        Some(rust_decimal::Decimal::from(266))
    );
    assert!(done.results[1]
        .problems
        .iter()
        .any(|p| p.code == "subsidy_not_stated"));
    assert_eq!(done.results[1].groups, ["family_planning"]);
    // An unknown group is a warning naming the closest known ones; the person counts, as
    // without that group (paying the whole individual contribution).
    let unknown = &done.results[2].problems[0];
    assert_eq!(unknown.code, "unknown_group");
    assert_eq!(done.results[2].status(), Status::Warning);
    assert_eq!(done.results[2].subsidy, Some(rust_decimal::Decimal::ZERO));
    assert_eq!(done.summary.budget.as_ref().unwrap().totals.people, 2);
    assert!(
        unknown.message(Lang::Zh).contains("低保对象"),
        "{}",
        unknown.message(Lang::Zh)
    );
    assert_eq!(
        done.summary.excluded,
        canbao::roster::summary::Excluded {
            invalid: 0,
            duplicates: 0,
            not_stated: 1,
            out_of_scheme: 0
        }
    );
    // Every row is in the file (rows in = rows out).
    let text = String::from_utf8(done.file).unwrap();
    assert_eq!(text.lines().count(), 4);
    // Groups by the policy's name, not its id.
    assert!(
        text.contains(",防止返贫监测帮扶对象,114.00,266.00,"),
        "{text}"
    );
    // The problem rows alone, each with its row number in the original sheet.
    let problems = String::from_utf8(done.problems_file).unwrap();
    let lines: Vec<&str> = problems.trim_start_matches('\u{FEFF}').lines().collect();
    assert_eq!(lines.len(), 3, "{problems}");
    assert!(lines[0].starts_with("原表行号,姓名,公民身份号码,人员类别,"));
    assert!(lines[1].starts_with("3,李四,"), "{}", lines[1]);
    assert!(lines[2].starts_with("4,王五,"), "{}", lines[2]);
}

/// The county's structure, exclusions and insured elsewhere: same-named villages of two
/// townships stay apart, a row without a village stays under its township, excluded people
/// leave the denominator under their reason, and 省外参保 is insured elsewhere.
#[test]
fn townships_villages_exclusions_and_insured_elsewhere() {
    let csv = "姓名,公民身份号码,乡镇,村（社区）,参保状态,剔除原因\n\
甲,11010519491231002X,城关镇,东村,已参保,\n\
乙,440305199001010018,城关镇,东村,未参保,\n\
丙,110105198001010016,城关镇,东村,未参保,死亡\n\
丁,110101199003070011,河口镇,东村,省外参保,\n\
戊,110101199003070038,河口镇,东村,未参保,服刑\n\
己,110101199003070054,河口镇,,已参保,\n\
庚,110101199003070070,河口镇,西村,未参保,现役军人\n";
    let l = load(&Input {
        bytes: csv.as_bytes(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(l.mapping.column(Role::Exclusion), Some(5));
    let (table, results) = Processor::new(l.table, l.mapping.clone(), settings(false)).finish();
    let s = summary::summarize(&table, &l.mapping, &results, None);
    let lines: Vec<(String, usize, usize, usize, usize)> = s
        .by_unit
        .iter()
        .map(|u| {
            (
                u.label(),
                u.rows,
                u.insured,
                u.insured_elsewhere,
                u.excluded_total(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("城关镇 · 东村".to_string(), 3, 1, 0, 1),
            ("河口镇 · 东村".to_string(), 2, 0, 1, 1),
            ("河口镇 · —".to_string(), 1, 1, 0, 0),
            ("河口镇 · 西村".to_string(), 1, 0, 0, 1),
        ]
    );
    let towns: Vec<(&str, usize, usize)> = s
        .by_township
        .iter()
        .map(|t| (t.township.as_str(), t.rows, t.registered()))
        .collect();
    assert_eq!(towns, [("城关镇", 3, 2), ("河口镇", 4, 2)]);
    assert_eq!((s.total.rows, s.total.registered()), (7, 4));
    // 死亡, 服刑, 现役军人: one each, in the notices' order of reasons.
    assert_eq!(s.total.excluded, [1, 0, 1, 0, 1, 0]);
    // Coverage: 城关镇 1 of 2 (50.00%), 河口镇 2 of 2 (one insured elsewhere): 100.00%;
    // the county 3 of 4.
    let t = s.coverage_townships.unwrap();
    let rates: Vec<(String, String)> = t
        .rows
        .iter()
        .map(|r| (r.counts.unit.clone(), r.coverage_rate()))
        .collect();
    assert_eq!(
        rates,
        [
            ("河口镇".to_string(), "100.00".to_string()),
            ("城关镇".to_string(), "50.00".to_string())
        ]
    );
    assert_eq!(t.total.coverage_rate(), "75.00");
    // The village table leaves out a village whose every person is excluded.
    let v = s.coverage.unwrap();
    assert_eq!(v.rows.len(), 3);
}

/// A CSV roster processed under the 定陶区 policy: its columns, table and results.
fn under_dingtao(
    csv: &str,
) -> (
    canbao::roster::header::Mapping,
    canbao::roster::Table,
    Vec<pipeline::RowResult>,
) {
    let settings = pipeline::Settings {
        id_opts: Options::new(Date::new(2026, 11, 22).unwrap()),
        policy: policy::preset("dingtao-2024"),
        tokenizer: None,
    };
    let l = load(&Input {
        bytes: csv.as_bytes(),
        ..Default::default()
    })
    .unwrap();
    let (table, results) = Processor::new(l.table, l.mapping.clone(), settings).finish();
    (l.mapping, table, results)
}

/// A person whose first row has an error is counted at their first row without one (not lost
/// between "error" and "later copy"): here a newborn known by the birth certificate, first
/// without the guardian's number.
#[test]
fn a_person_is_counted_at_the_first_row_without_an_error() {
    let csv = "姓名,公民身份号码,出生医学证明编号,监护人证件号码,人员类别\n\
张小宝,,Q440012345,,低保对象\n\
张小宝,,q44001 2345,11010519491231002X,低保对象\n";
    let (mapping, table, results) = under_dingtao(csv);
    assert_eq!(results[0].status(), Status::Error);
    assert_eq!(results[0].problems[0].code, "empty");
    assert_eq!(results[1].duplicate_of, Some(2));
    assert_eq!(results[1].status(), Status::Warning);
    let s = summary::summarize(
        &table,
        &mapping,
        &results,
        policy::preset("dingtao-2024").as_ref(),
    );
    assert_eq!(
        s.excluded,
        summary::Excluded {
            invalid: 1,
            duplicates: 0,
            not_stated: 0,
            out_of_scheme: 0
        }
    );
    assert_eq!(s.budget.unwrap().totals.people, 1);
    assert_eq!(
        s.by_group,
        [("dibao".to_string(), 1, rust_decimal::Decimal::from(114))]
    );
}

/// The list an intake desk exports is a roster the roster tool reads: its columns recognized
/// (the householder's and the guardian's columns not taken for the person's), every person a
/// row, the numbers standard, the codes named, the groups and amounts from the policy.
#[test]
fn an_intake_desk_export_is_a_roster() {
    use canbao::intake::{export_csv, export_header, Form, Record};
    let opts = Options::new(Date::new(2023, 11, 1).unwrap());
    let policy = canbao::policy::preset("county-example-2024").unwrap();
    let full = Form {
        name: "张三",
        id_number: "110105 19491231 002x",
        phone: "138-0013-8000",
        address: "三组12号",
        doc_type: Some("resident"),
        ethnicity: Some("01"),
        hukou: Some("agricultural"),
        township: Some("城关镇"),
        village: Some("城南村"),
        category: Some("resident"),
        year: Some("2024"),
        relation: Some("02"),
        householder: Some(""),
        ..Form::default()
    };
    let newborn = Form {
        name: "张小宝",
        id_number: "",
        doc_type: Some("newborn"),
        birth_date: Some("2023-10-01"),
        sex: Some("female"),
        birth_certificate: Some("q440012345"),
        guardian_name: Some("张三"),
        guardian_id: Some("11010519491231002X"),
        category: Some("newborn"),
        relation: Some("42"),
        householder: Some("张三"),
        ..full
    };
    let dibao = vec!["dibao".to_string()];
    let records = [
        Record {
            form: full,
            groups: &dibao,
            no: Some(7),
            ..Record::default()
        },
        Record {
            form: Form {
                name: "=李四",
                id_number: "440305199001010018",
                phone: "13900139000",
                address: "某县某镇某村二组",
                ..Form::default()
            },
            groups: &[],
            ..Record::default()
        },
        Record {
            form: Form {
                name: "王五",
                id_number: "11010519491231002",
                phone: "1390013900",
                address: "某村",
                ..Form::default()
            },
            groups: &[],
            ..Record::default()
        },
        Record {
            form: newborn,
            groups: &[],
            no: Some(9),
            registered_on: Some(Date::new(2023, 10, 20).unwrap()),
            ..Record::default()
        },
    ];
    let csv = export_csv(&records, Some(&policy), &opts, Lang::Zh);
    let loaded = load(&Input {
        bytes: csv.as_bytes(),
        ..Default::default()
    })
    .unwrap();
    let header = export_header(Lang::Zh);
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let m = &loaded.mapping;
    assert_eq!(m.column(Role::Name), Some(col("姓名")));
    assert_eq!(m.column(Role::Id), Some(col("公民身份号码")));
    assert_eq!(m.column(Role::Phone), Some(col("联系电话")));
    assert_eq!(m.column(Role::Township), Some(col("乡镇（街道）")));
    assert_eq!(m.column(Role::Village), Some(col("村（社区）")));
    assert_eq!(m.column(Role::Group), Some(col("人员类别")));
    assert_eq!(m.column(Role::BirthDate), Some(col("出生日期")));
    assert_eq!(
        m.column(Role::BirthCertificate),
        Some(col("出生医学证明编号"))
    );
    assert_eq!(m.column(Role::GuardianId), Some(col("监护人证件号码")));
    let settings = pipeline::Settings {
        id_opts: opts,
        policy: Some(policy.clone()),
        tokenizer: None,
    };
    let (table, results) = Processor::new(loaded.table, loaded.mapping, settings).finish();
    assert_eq!(results.len(), 4, "every form a row");
    let cell = |r: usize, name: &str| table.cell(r, col(name)).text();
    // The receipt's number, else the place in the list.
    assert_eq!(cell(1, "序号"), "7");
    assert_eq!(cell(2, "序号"), "2");
    assert_eq!(cell(1, "公民身份号码"), "11010519491231002X");
    assert_eq!(cell(1, "联系电话"), "13800138000");
    assert_eq!(cell(1, "性别"), "女");
    assert_eq!(cell(1, "出生日期"), "1949-12-31");
    assert_eq!(cell(1, "民族"), "汉族");
    assert_eq!(cell(1, "户籍性质"), "农业户口");
    assert_eq!(cell(1, "与户主关系"), "户主");
    assert_eq!(cell(1, "核验结果"), "通过");
    // The policy's collection period dates the payment (on the reference day, inside it).
    assert_eq!(cell(1, "缴费时间"), "集中缴费期内");
    assert_eq!(cell(1, "待遇开始"), "2024-01-01");
    assert_eq!(cell(1, "断保年数"), "0");
    // The group by its name, priced by the policy (individual 380, 低保 subsidy 114 → 266).
    let dibao_name = policy
        .resident
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .find(|g| g.id == "dibao")
        .unwrap()
        .name
        .zh
        .clone();
    assert_eq!(cell(1, "人员类别"), dibao_name);
    assert_eq!(cell(1, "个人应缴（元）"), "266.00");
    assert_eq!(cell(1, "资助金额（元）"), "114.00");
    assert!(results[0].problems.is_empty(), "{:?}", results[0].problems);
    // A name that would run as a formula is text.
    assert_eq!(cell(2, "姓名"), "'=李四");
    // An invalid form is kept as typed, with its problems, and not priced.
    assert_eq!(cell(3, "公民身份号码"), "11010519491231002");
    assert!(cell(3, "核验结果").contains("输入了17位"));
    assert_eq!(cell(3, "个人应缴（元）"), "");
    assert_eq!(results[2].status(), Status::Error);
    // A newborn without a number: the guardian's number in its own column, the certificate
    // upper-cased; the roster tool knows the newborn by them.
    assert_eq!(cell(4, "公民身份号码"), "");
    assert_eq!(cell(4, "监护人证件号码"), "11010519491231002X");
    assert_eq!(cell(4, "出生医学证明编号"), "Q440012345");
    assert_eq!(cell(4, "证件类型"), "无证件（新生儿，出生医学证明）");
    assert_eq!(cell(4, "参保类别"), "新生儿");
    assert_eq!(cell(4, "核验结果"), "通过");
    assert_eq!(results[3].status(), Status::Ok, "{:?}", results[3].problems);
    assert_eq!(results[3].certificate.as_deref(), Some("Q440012345"));
    assert_eq!(results[3].birth, Date::new(2023, 10, 1));
    // In English too, the roster tool reads the columns it knows, and only those.
    let csv = export_csv(&records, Some(&policy), &opts, Lang::En);
    let loaded = load(&Input {
        bytes: csv.as_bytes(),
        ..Default::default()
    })
    .unwrap();
    let header = export_header(Lang::En);
    let col = |name: &str| header.iter().position(|h| *h == name);
    let m = &loaded.mapping;
    assert_eq!(m.column(Role::Name), col("Name"));
    assert_eq!(m.column(Role::Id), col("ID number"));
    assert_eq!(m.column(Role::Phone), col("Phone"));
    assert_eq!(m.column(Role::Township), col("Township"));
    assert_eq!(m.column(Role::Village), col("Village"));
    assert_eq!(m.column(Role::Group), col("Group"));
    assert_eq!(m.column(Role::BirthDate), col("Date of birth"));
    assert_eq!(
        m.column(Role::BirthCertificate),
        col("Birth certificate number")
    );
    assert_eq!(m.column(Role::GuardianId), col("Guardian's ID number"));
}

/// The groups' lines count the budget's people: a person excluded (死亡) or insured elsewhere
/// holds a group but is out of both, and the groups add up to the budget; a denied exclusion
/// (户籍未迁出) is no exclusion.
#[test]
fn group_lines_add_up_to_the_budget() {
    let csv = "姓名,公民身份号码,人员类别,参保状态,剔除原因\n\
张三,11010519491231002X,低保对象,已参保,\n\
李四,110105198001010016,特困人员,未参保,\n\
王五,110105198002020013,低保对象,未参保,死亡\n\
赵六,110105198003030010,特困人员,省外参保,\n\
钱七,110105198004040018,低保对象,已参保,户籍未迁出\n";
    let (mapping, table, results) = under_dingtao(csv);
    let bad: Vec<_> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status() == Status::Error)
        .map(|(i, r)| (i, r.problems.iter().map(|p| p.code).collect::<Vec<_>>()))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    let s = summary::summarize(
        &table,
        &mapping,
        &results,
        policy::preset("dingtao-2024").as_ref(),
    );
    let budget = s.budget.unwrap();
    assert_eq!(budget.totals.people, 3, "张三, 李四, 钱七");
    let budget_people = budget.totals.people as usize;
    let people: usize = s.by_group.iter().map(|g| g.1).sum();
    let subsidy: rust_decimal::Decimal = s.by_group.iter().map(|g| g.2).sum();
    assert_eq!(people, budget_people);
    assert_eq!(subsidy, budget.totals.subsidy);
    assert_eq!(s.excluded.out_of_scheme, 2);
    assert_eq!(s.total.excluded.iter().sum::<usize>(), 1);
}

/// Under a policy that sets no collection period (the national presets), the exported list
/// still carries each person's amounts: the list prices, it does not date benefits.
#[test]
fn an_intake_export_under_a_national_policy_carries_the_amounts() {
    use canbao::intake::{export_csv, Form, Record};
    let opts = Options::new(Date::new(2026, 11, 30).unwrap());
    let policy = canbao::policy::preset("cn-national-2026").unwrap();
    let form = Form {
        name: "张三",
        id_number: "11010519491231002X",
        phone: "13800138000",
        address: "城关镇城南村三组12号",
        ..Form::default()
    };
    let records = [Record {
        form,
        groups: &[],
        no: Some(1),
        registered_on: Some(Date::new(2026, 11, 30).unwrap()),
        ..Record::default()
    }];
    let csv = export_csv(&records, Some(&policy), &opts, Lang::Zh);
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",通过,") || row.ends_with(",通过"), "{row}");
    assert!(row.contains("400.00"), "{row}");
    assert!(!row.contains("inCollectionPeriod"), "{row}");
    // The timing unknown (the clerk chose none, the policy sets no period): no benefit start.
    let header = canbao::intake::export_header(Lang::Zh);
    let cells: Vec<&str> = row.split(',').collect();
    let at = |h: &str| cells[header.iter().position(|x| *x == h).unwrap()];
    assert_eq!((at("缴费时间"), at("待遇开始")), ("", ""), "{row}");
}

/// 定陶区's notice names 特困人员 with their older names (五保): a roster's 五保户 is that group.
#[test]
fn a_wubao_household_member_is_an_extreme_poverty_support_person() {
    let csv = "姓名,公民身份号码,人员类别\n张三,11010519491231002X,五保户\n李四,110105198001010016,五保\n";
    let (_, _, results) = under_dingtao(csv);
    for r in &results {
        assert_eq!(
            r.applied_group.as_deref(),
            Some("tekun"),
            "{:?}",
            r.problems
        );
        assert_eq!(r.status(), Status::Ok);
    }
}
