//! Campaign ledgers and progress reports: built from two lists, written, filled in by a
//! village (simulated by editing the workbook's cells), read back and reported against the
//! policy's targets.

use canbao::date::Date;
use canbao::id::Options;
use canbao::lang::Lang;
use canbao::policy::{self, Policy};
use canbao::roster::job::{Checked, Job, Rows};
use canbao::roster::ledger::{self, Contact, LedgerKind};
use canbao::roster::pipeline::Settings;
use canbao::roster::progress::{self, Snapshot};
use canbao::roster::read::read_workbook_sheets;
use canbao::roster::{Cell, Input, Table};
use rust_decimal::Decimal;

#[path = "support/id.rs"]
mod support_id;

/// A valid 18-character ID for region 110105, `birth` (yyyymmdd) and sequence `seq`.
fn id18(birth: &str, seq: u32) -> String {
    support_id::with_check(&format!("110105{birth}{seq:03}"))
}

fn settings(policy: Option<Policy>) -> Settings {
    Settings {
        id_opts: Options::new(Date::new(2026, 11, 30).unwrap()),
        policy,
        tokenizer: None,
    }
}

fn rows(csv: &str, policy: Option<Policy>) -> Rows {
    let input = Input {
        bytes: csv.as_bytes(),
        ..Default::default()
    };
    Job::open(&input, &Default::default(), settings(policy), true)
        .unwrap()
        .rows_with(100, &mut |_, _| {})
}

fn check(csv: &str, policy: Option<Policy>) -> Checked {
    let input = Input {
        bytes: csv.as_bytes(),
        ..Default::default()
    };
    Job::open(&input, &Default::default(), settings(policy), true)
        .unwrap()
        .check()
}

fn policy() -> Policy {
    Policy::from_json(
        r#"{"formatVersion": 2, "base": "dingtao-2024", "id": "test-2024",
            "name": {"zh": "测试", "en": "Test"},
            "targets": [{"of": "all", "rate": "97"}, {"of": "dibao", "rate": "100"},
                        {"of": "tekun", "rate": "100"}]}"#,
    )
    .unwrap()
}

/// Last year: 8 rows (one 15-digit, one invalid, one duplicate, one empty) in two townships
/// with a village of the same name in each; this year: 3 of them and one new person.
fn lists() -> (String, String) {
    let a = id18("19800101", 11);
    let b = id18("19850202", 22);
    let c = id18("19900303", 31);
    let d = id18("19700404", 42);
    let e = id18("19600505", 51);
    let new = id18("20000606", 62);
    // 15-digit form of a person born 1975-07-07: upgraded to the 18-digit form this year.
    let f15 = "110105750707071";
    let f18 = id18("19750707", 71);
    let last = format!(
        "姓名,身份证号码,乡镇,村,人员类别,联系电话\n\
         甲,{a},城关镇,东村,低保,13800138000\n\
         乙,{b},城关镇,东村,,\n\
         丙,{c},河口镇,东村,特困人员,\n\
         ,,,,,\n\
         丁,{d},河口镇,,低保,\n\
         戊,110105198001010012,河口镇,西村,,\n\
         甲,{a},城关镇,东村,低保,\n\
         己,{f15},河口镇,西村,,\n\
         庚,{e},城关镇,南村,,\n"
    );
    let this = format!(
        "姓名,身份证号码,乡镇,村\n\
         乙,{b},城关镇,东村\n\
         己,{f18},河口镇,西村\n\
         庚,{e},城关镇,南村\n\
         辛,{new},城关镇,北村\n"
    );
    (last, this)
}

#[test]
fn ledger_from_two_lists_places_every_row() {
    let (last, this) = lists();
    let l = ledger::build(LedgerKind::Stock, &rows(&last, None), &rows(&this, None));
    let c = l.counts;
    assert_eq!(c.base_rows, 8);
    assert_eq!(c.base_empty, 1);
    // 乙, 己 (15 → 18 digits) and 庚 are enrolled; 甲, 丙, 丁 are not; 戊's ID is invalid; the
    // second 甲 is a copy.
    assert_eq!(c.enrolled, 3);
    assert_eq!(c.ledger, 3);
    assert_eq!(c.unmatched, 1);
    assert_eq!(c.duplicates, 1);
    assert_eq!(
        c.enrolled + c.ledger + c.unmatched + c.duplicates,
        c.base_rows
    );
    assert_eq!(c.current_people, 4);
    assert_eq!(c.new_people, 1);
    let names: Vec<(&str, &str, &str, usize)> = l
        .entries
        .iter()
        .map(|e| {
            (
                e.township.as_str(),
                e.village.as_str(),
                e.name.as_str(),
                e.row,
            )
        })
        .collect();
    // Grouped by township, then village; spreadsheet row numbers of the base list.
    assert_eq!(
        names,
        [
            ("城关镇", "东村", "甲", 2),
            ("河口镇", "东村", "丙", 4),
            ("河口镇", "", "丁", 6)
        ]
    );
    assert_eq!(l.unmatched[0].row, 7);
    assert_eq!(l.unmatched[0].name, "戊");
    assert_eq!(l.entries[0].phone, "13800138000");
}

/// The current list's status column decides who is enrolled when it has one.
#[test]
fn a_status_column_in_this_years_list_is_read() {
    let a = id18("19800101", 11);
    let b = id18("19850202", 22);
    let last = format!("姓名,身份证号码,村\n甲,{a},东村\n乙,{b},东村\n");
    let this = format!("姓名,身份证号码,参保状态\n甲,{a},已参保\n乙,{b},未参保\n");
    let l = ledger::build(LedgerKind::Stock, &rows(&last, None), &rows(&this, None));
    assert_eq!(l.counts.enrolled, 1);
    assert_eq!(l.entries.len(), 1);
    assert_eq!(l.entries[0].name, "乙");
}

/// Writes the sheets back as a workbook, as a village would after filling cells in.
fn rewrite(sheets: &[(String, Table)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, t) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Number(n) => {
                        ws.write_number(r as u32, c as u16, *n).unwrap();
                    }
                    Cell::Empty => {}
                    other => {
                        ws.write_string(r as u32, c as u16, other.text()).unwrap();
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn set(sheets: &mut [(String, Table)], sheet: &str, name: &str, col: usize, value: &str) {
    let t = &mut sheets.iter_mut().find(|(n, _)| n == sheet).unwrap().1;
    let row = t
        .rows
        .iter_mut()
        .find(|r| r.get(3).map(Cell::text).as_deref() == Some(name))
        .unwrap();
    if row.len() <= col {
        row.resize(col + 1, Cell::Empty);
    }
    row[col] = Cell::Text(value.into());
}

#[test]
fn a_filled_ledger_reads_back_into_a_progress_report() {
    let (last, this) = lists();
    let p = policy();
    let l = ledger::build(
        LedgerKind::Stock,
        &rows(&last, Some(p.clone())),
        &rows(&this, Some(p.clone())),
    );
    let file = ledger::to_xlsx(&l, Lang::Zh).unwrap();
    let mut sheets = read_workbook_sheets(&file).unwrap();
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "说明",
            "城关镇东村",
            "河口镇东村",
            "河口镇（未注明村）",
            "无法比对"
        ]
    );
    assert_eq!(
        ledger::columns(Lang::Zh).to_vec(),
        sheets[1].1.rows[0]
            .iter()
            .map(Cell::text)
            .collect::<Vec<_>>()
    );
    // Untouched: everyone pending, nobody covered.
    let before = ledger::read_back(&file, &settings(Some(p.clone()))).unwrap();
    assert_eq!(before.rows, 3);
    assert_eq!(before.sheets.len(), 3);
    assert!(before.problems.is_empty(), "{:?}", before.problems);
    assert_eq!(before.follow_up.iter().map(|f| f.pending).sum::<usize>(), 3);
    // The villages fill in: 甲 paid, 丙 deceased, 丁 promised with a date.
    set(&mut sheets, "城关镇东村", "甲", 9, "已缴费");
    set(&mut sheets, "河口镇东村", "丙", 10, "死亡");
    set(&mut sheets, "河口镇（未注明村）", "丁", 9, "承诺缴费");
    set(&mut sheets, "河口镇（未注明村）", "丁", 11, "2026-12-20");
    let after = ledger::read_back(&rewrite(&sheets), &settings(Some(p.clone()))).unwrap();
    let f = |t: &str, v: &str| {
        after
            .follow_up
            .iter()
            .find(|f| f.township == t && f.village == v)
            .cloned()
            .unwrap()
    };
    assert_eq!(f("城关镇", "东村").contacts[Contact::Paid as usize], 1);
    assert_eq!(f("河口镇", "东村").excluded, 1);
    let none = f("河口镇", "");
    assert_eq!(none.contacts[Contact::WillPay as usize], 1);
    assert_eq!(none.dated, 1);
    assert_eq!(none.pending, 0);

    let r = progress::report(&after.snapshot, Some(&before.snapshot), Some(&p));
    // The villages' coverage, not the ledger's: the 3 base people already enrolled (乙, 己,
    // 庚, from the ledger's first sheet) and the 3 of the ledger. 6 people, 1 excluded (丙) →
    // 5 to enroll; 4 covered (3 enrolled + 甲 paid) = 80.00%, up from 3 of 6 = 50.00%.
    assert_eq!(r.total.people, 6);
    assert_eq!(r.total.registered, 5);
    assert_eq!(r.total.covered(), 4);
    assert_eq!(r.total.rate_bp, Some(8000));
    assert_eq!(r.total.previous_bp, Some(5000));
    assert_eq!(r.total.change_bp, Some(3000));
    assert_eq!(r.total.gained, Some(1));
    assert_eq!(r.total.target, Some(Decimal::from(97)));
    assert_eq!(r.total.gap, Some(1));
    // Same-named villages of two townships stay apart; villages with nobody left in the
    // ledger are there too; a village with nobody to enroll has no rate and no rank.
    let v: Vec<(String, Option<u64>, u32)> = r
        .villages
        .iter()
        .map(|l| (l.label(), l.rate_bp, l.rank))
        .collect();
    assert_eq!(
        v,
        [
            ("城关镇 · 东村".to_string(), Some(10000), 1),
            ("河口镇 · 西村".to_string(), Some(10000), 1),
            ("城关镇 · 南村".to_string(), Some(10000), 1),
            ("河口镇".to_string(), Some(0), 4),
            ("河口镇 · 东村".to_string(), None, 0),
        ]
    );
    assert_eq!(r.villages[4].gap, None);
    // Groups: the targets first (dibao 2 people: 甲 covered, 丁 not; tekun: 丙 excluded).
    type GroupRow<'a> = (&'a str, usize, usize, Option<u64>, Option<u64>);
    let g: Vec<GroupRow> = r
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g.registered, g.covered, g.rate_bp, g.gap))
        .collect();
    assert_eq!(
        g,
        [
            ("dibao", 2, 1, Some(5000), Some(1)),
            ("tekun", 0, 0, None, None)
        ]
    );
    // Payments: the ledger's people of subsidised groups, due and paid (甲's subsidy paid).
    let civil = r
        .payments
        .iter()
        .find(|p| p.department == "civil_affairs")
        .unwrap();
    assert_eq!(civil.people, 2);
    assert_eq!(civil.paid_people, Some(1));
    assert_eq!(civil.outstanding, Some(civil.due - civil.paid.unwrap()));
    assert!(civil.paid.unwrap() > Decimal::ZERO);

    // The workbook: numbers stored as numbers, Chinese labels and group names.
    let book = progress::to_xlsx(&r, Some(&after.follow_up), Some(&p), Lang::Zh).unwrap();
    let sheets = read_workbook_sheets(&book).unwrap();
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "乡镇进度",
            "村进度",
            "重点人群",
            "代缴资金",
            "跟进情况",
            "说明"
        ]
    );
    let towns = &sheets[0].1;
    assert_eq!(towns.cell(0, 0).text(), "排名");
    let total = towns
        .rows
        .iter()
        .find(|r| r.get(1).map(Cell::text).as_deref() == Some("全县合计"))
        .unwrap();
    // 人数, 剔除, 应参保, 本地, 异地, 未参保, 参保率, 上期, 变化, 新增, 目标, 距目标
    assert_eq!(
        total[2..],
        [6.0, 1.0, 5.0, 4.0, 0.0, 1.0, 80.0, 50.0, 30.0, 1.0, 97.0, 1.0].map(Cell::Number)
    );
    assert_eq!(sheets[2].1.cell(1, 0).text(), "低保对象");
    assert_eq!(sheets[3].1.cell(1, 0).text(), "区民政局");
}

/// A person copied onto a second sheet is followed up once; a reason from the base list is a
/// remark, not a decision.
#[test]
fn copies_across_sheets_count_once() {
    let a = id18("19800101", 11);
    let b = id18("19850202", 22);
    let last = format!("姓名,身份证号码,村,剔除原因\n甲,{a},东村,死亡\n乙,{b},西村,\n");
    let l = ledger::build(
        LedgerKind::Stock,
        &rows(&last, None),
        &rows("姓名,身份证号码\n", None),
    );
    let file = ledger::to_xlsx(&l, Lang::Zh).unwrap();
    let mut sheets = read_workbook_sheets(&file).unwrap();
    // 甲's reason is in 备注; the village found 甲 paid.
    assert_eq!(sheets[1].1.cell(1, 12).text(), "原名单：死亡");
    assert_eq!(sheets[1].1.cell(1, 10).text(), "");
    set(&mut sheets, "东村", "甲", 9, "已缴费");
    // 乙's row copied onto 东村's sheet too.
    let copy = sheets[2].1.rows[1].clone();
    sheets[1].1.rows.push(copy);
    let back = ledger::read_back(&rewrite(&sheets), &settings(None)).unwrap();
    assert_eq!(back.rows, 3);
    let people: usize = back.follow_up.iter().map(|f| f.people).sum();
    assert_eq!(people, 2);
    let r = progress::report(&back.snapshot, None, None);
    assert_eq!((r.total.people, r.total.covered()), (2, 1));
}

#[test]
fn a_workbook_without_a_ledger_sheet_is_refused() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "姓名").unwrap();
    let e = ledger::read_back(&wb.save_to_buffer().unwrap(), &settings(None)).unwrap_err();
    assert_eq!(e.code, "not_a_ledger");
    // A roster with a status column is a roster, not a ledger.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "身份证号码", "参保状态"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "甲").unwrap();
    ws.write_string(1, 1, id18("19800101", 11)).unwrap();
    ws.write_string(1, 2, "已参保").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let e = ledger::read_back(&bytes, &settings(None)).unwrap_err();
    assert_eq!(e.code, "not_a_ledger");
    let read = progress::read(
        &Input {
            bytes: &bytes,
            ..Default::default()
        },
        &Default::default(),
        settings(None),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(read.follow_up.is_none());
    assert_eq!(
        progress::report(&read.snapshot, None, None).total.rate_bp,
        Some(10000)
    );
}

/// A roster at two dates: the report compares them.
#[test]
fn rosters_at_two_dates() {
    let ids: Vec<String> = (0..6).map(|i| id18("19800101", 10 + i)).collect();
    let roster = |statuses: [&str; 6]| {
        let mut s = String::from("姓名,身份证号码,乡镇,村,参保状态\n");
        for (i, st) in statuses.iter().enumerate() {
            let v = if i < 3 { "东村" } else { "西村" };
            s += &format!("人{i},{},城关镇,{v},{st}\n", ids[i]);
        }
        s
    };
    let snap = |c: &Checked| Snapshot::of(&c.summary, &c.source.mapping);
    let then = check(
        &roster(["已参保", "未参保", "未参保", "已参保", "已参保", "未参保"]),
        None,
    );
    let now = check(
        &roster(["已参保", "已参保", "死亡", "已参保", "已参保", "省外参保"]),
        policy::preset("dingtao-2024"),
    );
    let r = progress::report(
        &snap(&now),
        Some(&snap(&then)),
        Some(&policy::preset("dingtao-2024").unwrap()),
    );
    assert!(r.has_previous && r.known);
    // The deceased and the one insured in another province are out of the budget, not of
    // the people.
    assert_eq!(now.summary.excluded.out_of_scheme, 2);
    assert_eq!(now.summary.budget.as_ref().unwrap().totals.people, 4);
    assert_eq!(r.townships.len(), 1);
    assert_eq!(r.total.rate_bp, Some(10000));
    assert_eq!(r.total.previous_bp, Some(5000));
    assert_eq!(r.total.gained, Some(2));
    assert_eq!(r.total.target, Some(Decimal::from(100)));
    assert_eq!(r.total.gap, Some(0));
    let east = r.villages.iter().find(|v| v.village == "东村").unwrap();
    assert_eq!(
        (east.registered, east.excluded, east.rate_bp),
        (2, 1, Some(10000))
    );
}
