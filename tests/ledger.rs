//! Campaign ledgers and progress reports: built from two lists, written, filled in by a
//! village (simulated by editing the workbook's cells), read back and reported against the
//! policy's targets.

use canbao::campaign::ledger::{self, Contact, LedgerKind};
use canbao::campaign::progress::{self, Snapshot};
use canbao::campaign::{layout, ledger_xlsx, progress_xlsx, read_back, verify};
use canbao::date::Date;
use canbao::id::Options;
use canbao::lang::Lang;
use canbao::policy::{self, Policy};
use canbao::roster::job::{Checked, Job, Rows};
use canbao::roster::pipeline::Settings;
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
    let l = ledger::build(
        LedgerKind::Stock,
        &rows(&last, None),
        &rows(&this, None),
        None,
    );
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
    let l = ledger::build(
        LedgerKind::Stock,
        &rows(&last, None),
        &rows(&this, None),
        None,
    );
    assert_eq!(l.counts.enrolled, 1);
    assert_eq!(l.entries.len(), 1);
    assert_eq!(l.entries[0].name, "乙");
}

/// Writes the sheets back as a workbook, as a village would after filling cells in; sheets
/// named `hidden:…` are written hidden, as a village could hide one.
fn rewrite(sheets: &[(String, Table)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, t) in sheets {
        let ws = wb.add_worksheet();
        match name.strip_prefix("hidden:") {
            Some(n) => {
                ws.set_name(n).unwrap();
                ws.set_hidden(true);
            }
            None => {
                ws.set_name(name).unwrap();
            }
        }
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
        Some(&p),
    );
    let file = ledger_xlsx::to_xlsx(&l, Lang::Zh).unwrap();
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
        layout::columns(Lang::Zh).to_vec(),
        sheets[1].1.rows[0]
            .iter()
            .map(Cell::text)
            .collect::<Vec<_>>()
    );
    // Untouched: everyone pending, nobody covered.
    let before = read_back::read_back(&file, &settings(Some(p.clone())), None).unwrap();
    assert_eq!(before.rows, 3);
    assert_eq!(before.sheets.len(), 3);
    assert!(before.problems.is_empty(), "{:?}", before.problems);
    assert_eq!(before.follow_up.iter().map(|f| f.pending).sum::<usize>(), 3);
    // The villages fill in: 甲 paid, 丙 deceased, 丁 promised with a date.
    set(&mut sheets, "城关镇东村", "甲", 9, "已缴费");
    set(&mut sheets, "河口镇东村", "丙", 10, "死亡");
    set(&mut sheets, "河口镇（未注明村）", "丁", 9, "承诺缴费");
    set(&mut sheets, "河口镇（未注明村）", "丁", 11, "2026-12-20");
    let after = read_back::read_back(&rewrite(&sheets), &settings(Some(p.clone())), None).unwrap();
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
    let book =
        progress_xlsx::to_xlsx(&r, &progress::Read::from(after), Some(&p), Lang::Zh).unwrap();
    let mut sheets = read_workbook_sheets(&book).unwrap();
    // The first sheet says the report is unverified (no ledger as built was given).
    let check = sheets.remove(0);
    assert_eq!(check.0, "核验");
    assert!(check.1.cell(0, 0).text().starts_with("未核验"));
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
        None,
    );
    let file = ledger_xlsx::to_xlsx(&l, Lang::Zh).unwrap();
    let mut sheets = read_workbook_sheets(&file).unwrap();
    // 甲's reason is in 备注; the village found 甲 paid.
    assert_eq!(sheets[1].1.cell(1, 12).text(), "原名单：死亡");
    assert_eq!(sheets[1].1.cell(1, 10).text(), "");
    set(&mut sheets, "东村", "甲", 9, "已缴费");
    // 乙's row copied onto 东村's sheet too.
    let copy = sheets[2].1.rows[1].clone();
    sheets[1].1.rows.push(copy);
    let back = read_back::read_back(&rewrite(&sheets), &settings(None), None).unwrap();
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
    let e = read_back::read_back(&wb.save_to_buffer().unwrap(), &settings(None), None).unwrap_err();
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
    let e = read_back::read_back(&bytes, &settings(None), None).unwrap_err();
    assert_eq!(e.code, "not_a_ledger");
    let read = progress::read(
        &Input {
            bytes: &bytes,
            ..Default::default()
        },
        &Default::default(),
        settings(None),
        None,
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

/// The stock ledger of [`lists`], as built and as a village fills it in honestly: 甲 paid,
/// 丙 refused, 丁 not reached yet.
fn honest() -> (verify::AsBuilt, Vec<u8>, Vec<(String, Table)>) {
    let (last, this) = lists();
    let l = ledger::build(
        LedgerKind::Stock,
        &rows(&last, None),
        &rows(&this, None),
        None,
    );
    let file = ledger_xlsx::to_xlsx(&l, Lang::Zh).unwrap();
    let built = verify::AsBuilt::read(&file).unwrap();
    assert_eq!(built, verify::AsBuilt::of(&l));
    let mut sheets = read_workbook_sheets(&file).unwrap();
    set(&mut sheets, "城关镇东村", "甲", 9, "已缴费");
    set(&mut sheets, "河口镇东村", "丙", 9, "拒绝缴费");
    (built, file, sheets)
}

fn against(built: &verify::AsBuilt, sheets: &[(String, Table)]) -> read_back::ReadBack {
    read_back::read_back(&rewrite(sheets), &settings(None), Some(built)).unwrap()
}

fn rate(b: &read_back::ReadBack) -> (usize, usize, Option<u64>) {
    let t = progress::report(&b.snapshot, None, None).total;
    (t.registered, t.covered(), t.rate_bp)
}

fn codes(b: &read_back::ReadBack) -> Vec<&'static str> {
    b.findings.iter().map(|f| f.code.code()).collect()
}

fn sheet<'a>(sheets: &'a mut [(String, Table)], name: &str) -> &'a mut Table {
    &mut sheets.iter_mut().find(|(n, _)| n == name).unwrap().1
}

fn row_of(t: &mut Table, name: &str) -> usize {
    t.rows
        .iter()
        .position(|r| r.get(3).map(Cell::text).as_deref() == Some(name))
        .unwrap()
}

/// The villages table's row of a village in the first sheet.
fn table_row(t: &mut Table, township: &str, village: &str) -> usize {
    t.rows
        .iter()
        .position(|r| {
            r.len() >= 5
                && r[1].text() == township
                && r[2].text() == village
                && r[0].text() != "工作表"
        })
        .unwrap()
}

#[test]
fn the_honest_ledger_reads_back_verified() {
    let (built, file, sheets) = honest();
    let b = against(&built, &sheets);
    assert!(b.verified);
    assert!(b.findings.is_empty(), "{:?}", b.findings);
    // 3 already enrolled + 甲 of 6.
    assert_eq!(rate(&b), (6, 4, Some(6667)));
    // Unverified, the same file says the same, and says it is unverified.
    let u = read_back::read_back(&rewrite(&sheets), &settings(None), None).unwrap();
    assert!(!u.verified);
    assert_eq!(rate(&u), (6, 4, Some(6667)));
    // A filled-in ledger is not a ledger as built.
    let e = verify::AsBuilt::read(&rewrite(&sheets)).unwrap_err();
    assert_eq!(e.code, "not_as_built");
    // Nor is a roster.
    let e = verify::AsBuilt::read(&rewrite(&[(
        "名单".into(),
        Table {
            rows: vec![vec![Cell::Text("姓名".into())]],
        },
    )]))
    .unwrap_err();
    assert_eq!(e.code, "not_as_built");
    // Nor is one whose villages table was edited, even with its total kept.
    let mut s = read_workbook_sheets(&file).unwrap();
    let t = sheet(&mut s, "说明");
    let (a, b) = (
        table_row(t, "城关镇", "东村"),
        table_row(t, "河口镇", "东村"),
    );
    t.rows[a][3] = Cell::Number(2.0);
    t.rows[b][3] = Cell::Number(0.0);
    let e = verify::AsBuilt::read(&rewrite(&s)).unwrap_err();
    assert_eq!(e.code, "not_as_built");
    // The drop-downs refuse values outside the list (the default error style, stop).
    let xml = String::from_utf8_lossy(&file).to_string();
    assert!(!xml.contains("errorStyle=\"information\""));
}

/// Each way a village can make its number look better, against the ledger as built: the rate
/// never rises above the honest 4 of 6, and each change is listed where it was made.
#[test]
fn tampering_is_found_and_does_not_raise_the_rate() {
    let (built, _, honest_sheets) = honest();
    let honest_rate = (6, 4, Some(6667));
    type Tamper = fn(&mut Vec<(String, Table)>);
    let cases: Vec<(&str, Tamper, &[&str])> = vec![
        (
            "本年已参保 edited",
            |s| {
                let t = sheet(s, "说明");
                let r = table_row(t, "城关镇", "东村");
                t.rows[r][4] = Cell::Number(50.0);
            },
            &["villages_table_changed"],
        ),
        (
            "a village that does not exist",
            |s| {
                let t = sheet(s, "说明");
                let at = table_row(t, "城关镇", "南村") + 1;
                t.rows.insert(
                    at,
                    ["新村表", "城关镇", "新村"]
                        .iter()
                        .map(|x| Cell::Text(x.to_string()))
                        .chain([Cell::Number(0.0), Cell::Number(40.0)])
                        .collect(),
                );
            },
            &["village_unknown"],
        ),
        (
            "the first sheet copied",
            |s| {
                let copy = sheet(s, "说明").clone();
                s.push(("说明(2)".into(), copy));
            },
            &[],
        ),
        (
            "the refuser's row deleted",
            |s| {
                let t = sheet(s, "河口镇东村");
                let r = row_of(t, "丙");
                t.rows.remove(r);
            },
            &["person_missing"],
        ),
        (
            "a garbled ID marked paid",
            |s| {
                let t = sheet(s, "河口镇（未注明村）");
                let r = row_of(t, "丁");
                t.rows[r][4] = Cell::Text("1101051970O4040421".into());
                t.rows[r][9] = Cell::Text("已缴费".into());
            },
            &["id_changed"],
        ),
        (
            "an ID left empty (a formula without its value) marked paid",
            |s| {
                let t = sheet(s, "河口镇（未注明村）");
                let r = row_of(t, "丁");
                t.rows[r][4] = Cell::Empty;
                t.rows[r][9] = Cell::Text("已缴费".into());
            },
            &["id_changed"],
        ),
        (
            "a person added, marked paid",
            |s| {
                let t = sheet(s, "城关镇东村");
                let mut row = t.rows[1].clone();
                row[3] = Cell::Text("新人".into());
                row[4] = Cell::Text(id18("19990909", 91));
                row[8] = Cell::Number(999.0);
                row[9] = Cell::Text("已缴费".into());
                t.rows.push(row);
            },
            &["person_added"],
        ),
        (
            "people added on a hidden sheet",
            |s| {
                let mut t = sheet(s, "城关镇东村").clone();
                t.rows.truncate(1);
                for k in 0..5 {
                    let mut row: Vec<Cell> = vec![Cell::Empty; 13];
                    row[1] = Cell::Text("城关镇".into());
                    row[2] = Cell::Text("东村".into());
                    row[3] = Cell::Text(format!("隐{k}"));
                    row[4] = Cell::Text(id18("19990909", 100 + k));
                    row[8] = Cell::Number(2000.0 + k as f64);
                    row[9] = Cell::Text("已缴费".into());
                    t.rows.push(row);
                }
                s.push(("hidden:备用".into(), t));
            },
            &["person_added"; 5],
        ),
        (
            "the same person on two sheets, two answers",
            |s| {
                let t = sheet(s, "河口镇东村");
                let r = row_of(t, "丙");
                let mut row = t.rows[r].clone();
                row[9] = Cell::Text("已缴费".into());
                sheet(s, "城关镇东村").rows.push(row);
            },
            &["conflicting_answers"],
        ),
        (
            "the same person twice, same answer",
            |s| {
                let t = sheet(s, "城关镇东村");
                let r = row_of(t, "甲");
                let row = t.rows[r].clone();
                t.rows.push(row);
            },
            &["person_repeated"],
        ),
        (
            "a person moved to another village",
            |s| {
                let t = sheet(s, "河口镇（未注明村）");
                let r = row_of(t, "丁");
                t.rows[r][1] = Cell::Text("城关镇".into());
                t.rows[r][2] = Cell::Text("东村".into());
            },
            &["person_moved"],
        ),
        (
            "the row key changed",
            |s| {
                let t = sheet(s, "城关镇东村");
                let r = row_of(t, "甲");
                t.rows[r][8] = Cell::Number(77.0);
            },
            &["row_key_changed"],
        ),
        (
            "the villages table deleted",
            |s| {
                let t = sheet(s, "说明");
                let at = t
                    .rows
                    .iter()
                    .position(|r| r.first().map(Cell::text).as_deref() == Some("工作表"))
                    .unwrap();
                t.rows.truncate(at);
            },
            &["sheet_ignored", "villages_table_changed"],
        ),
        (
            "the villages table shifted one column",
            |s| {
                let t = sheet(s, "说明");
                let at = t
                    .rows
                    .iter()
                    .position(|r| r.first().map(Cell::text).as_deref() == Some("工作表"))
                    .unwrap();
                for r in &mut t.rows[at..] {
                    r.insert(0, Cell::Empty);
                }
            },
            &["sheet_ignored", "villages_table_changed"],
        ),
        (
            "a sheet that is no part of the ledger",
            |s| {
                s.push((
                    "备注".into(),
                    Table {
                        rows: vec![vec![Cell::Text("已全部缴费".into())]],
                    },
                ));
            },
            &["sheet_ignored"],
        ),
    ];
    for (what, tamper, want) in cases {
        let mut s = honest_sheets.clone();
        tamper(&mut s);
        let b = against(&built, &s);
        let (registered, covered, _) = rate(&b);
        assert_eq!(registered, 6, "{what}");
        assert!(covered <= honest_rate.1, "{what}: {covered}");
        assert_eq!(codes(&b), want.to_vec(), "{what}");
        for f in &b.findings {
            assert!(!f.message(Lang::Zh).is_empty());
            assert!(
                f.code != ledger_finding("person_added") || f.row > 0,
                "{what}: {f:?}"
            );
        }
    }
    // The moved person counts where the ledger puts them (河口镇, no village), with their
    // answer.
    let mut s = honest_sheets.clone();
    let t = sheet(&mut s, "河口镇（未注明村）");
    let r = row_of(t, "丁");
    t.rows[r][2] = Cell::Text("东村".into());
    t.rows[r][9] = Cell::Text("已缴费".into());
    let b = against(&built, &s);
    let r = progress::report(&b.snapshot, None, None);
    let line = r.villages.iter().find(|l| l.label() == "河口镇").unwrap();
    assert_eq!((line.registered, line.covered()), (1, 1));
}

fn ledger_finding(code: &str) -> canbao::campaign::verify::FindingCode {
    *canbao::campaign::verify::FindingCode::ALL
        .iter()
        .find(|c| c.code() == code)
        .unwrap()
}

/// Without the ledger as built, what cannot be read is an error naming it, and a village with
/// fewer people than its table lists keeps the others as not insured.
#[test]
fn unverified_read_back_is_strict() {
    let (_, _, honest_sheets) = honest();
    let unverified =
        |s: &[(String, Table)]| read_back::read_back(&rewrite(s), &settings(None), None);
    // Headers renamed: an error naming the sheet, never a village at 100%.
    for col in [8, 9] {
        let mut s = honest_sheets.clone();
        sheet(&mut s, "城关镇东村").rows[0][col] = Cell::Text("改名".into());
        let e = unverified(&s).unwrap_err();
        assert_eq!(e.code, "ledger_sheet_unreadable", "{col}");
        assert!(
            e.message(Lang::Zh).contains("城关镇东村"),
            "{}",
            e.message(Lang::Zh)
        );
    }
    // The villages table deleted, shifted, repeated, or with an impossible count.
    let mut s = honest_sheets.clone();
    let t = sheet(&mut s, "说明");
    let at = t
        .rows
        .iter()
        .position(|r| r.first().map(Cell::text).as_deref() == Some("工作表"))
        .unwrap();
    t.rows.truncate(at);
    assert_eq!(unverified(&s).unwrap_err().code, "ledger_index_changed");
    let mut s = honest_sheets.clone();
    let copy = sheet(&mut s, "说明").clone();
    s.push(("说明(2)".into(), copy));
    assert_eq!(unverified(&s).unwrap_err().code, "ledger_index_changed");
    let mut s = honest_sheets.clone();
    let t = sheet(&mut s, "说明");
    let r = table_row(t, "城关镇", "东村");
    t.rows[r][4] = Cell::Number(1e20);
    let e = unverified(&s).unwrap_err();
    assert_eq!(e.code, "ledger_index_changed");
    assert!(
        e.message(Lang::En).contains("row"),
        "{}",
        e.message(Lang::En)
    );
    // The refuser's row deleted: still in the denominator.
    let mut s = honest_sheets.clone();
    let t = sheet(&mut s, "河口镇东村");
    let r = row_of(t, "丙");
    t.rows.remove(r);
    let b = unverified(&s).unwrap();
    assert_eq!(rate(&b), (6, 4, Some(6667)));
    assert_eq!(codes(&b), ["people_short"]);
    // Two answers for one person: neither taken.
    let mut s = honest_sheets.clone();
    let t = sheet(&mut s, "河口镇东村");
    let r = row_of(t, "丙");
    let mut row = t.rows[r].clone();
    row[9] = Cell::Text("已缴费".into());
    sheet(&mut s, "城关镇东村").rows.push(row);
    let b = unverified(&s).unwrap();
    assert_eq!(codes(&b), ["conflicting_answers"]);
    assert_eq!(rate(&b), (6, 4, Some(6667)));
}

/// Statuses that mean "not insured" are never counted as insured, and a wording the
/// vocabulary does not have is listed with its row.
#[test]
fn statuses_are_read_by_the_vocabulary() {
    let ids: Vec<String> = (0..8).map(|k| id18("19800101", 10 + k)).collect();
    let statuses = [
        "已交费",
        "拒绝参保",
        "待参保",
        "应参保",
        "暂缓参保",
        "动员参保中",
        "无职工医保",
        "不是职工医保",
    ];
    let mut csv = String::from("姓名,身份证号码,参保状态\n");
    for (k, (id, s)) in ids.iter().zip(statuses).enumerate() {
        csv.push_str(&format!("人{k},{id},{s}\n"));
    }
    let bytes = csv.into_bytes();
    let read = progress::read(
        &Input {
            bytes: &bytes,
            ..Default::default()
        },
        &Default::default(),
        settings(None),
        None,
        &mut |_, _| {},
    )
    .unwrap();
    let t = progress::report(&read.snapshot, None, None).total;
    assert_eq!((t.registered, t.covered()), (8, 1));
    let listed: Vec<(usize, &str)> = read.problems.iter().map(|(_, r, c)| (*r, *c)).collect();
    assert_eq!(
        listed,
        [(8, "status_not_understood"), (9, "status_not_understood")]
    );
    // A stock ledger from such a list leaves nobody out but the one who paid.
    let base: String = std::iter::once("姓名,身份证号码\n".to_string())
        .chain(
            ids.iter()
                .enumerate()
                .map(|(k, id)| format!("人{k},{id}\n")),
        )
        .collect();
    let l = ledger::build(
        LedgerKind::Stock,
        &rows(&base, None),
        &rows(std::str::from_utf8(&bytes).unwrap(), None),
        None,
    );
    assert_eq!((l.counts.enrolled, l.counts.ledger), (1, 7));
}

/// Village names that cannot be sheet names get safe ones: control characters, only
/// apostrophes, Excel's reserved name.
#[test]
fn hostile_village_names_make_a_valid_ledger() {
    let base = format!(
        "姓名,身份证号码,乡镇,村\n甲,{},镇,\"东\u{1}村\"\n乙,{},镇,'''\n丙,{},,History\n",
        id18("19800101", 11),
        id18("19800101", 22),
        id18("19800101", 33)
    );
    let l = ledger::build(
        LedgerKind::Stock,
        &rows(&base, None),
        &rows("姓名,身份证号码\n", None),
        None,
    );
    let names = l.sheet_names(Lang::Zh);
    assert_eq!(names, ["镇东\u{FFFD}村", "镇", "History(2)"]);
    // The control character is replaced, and said with its row.
    assert_eq!(l.replaced, [(2, "村（社区）")]);
    assert_eq!(l.entries[0].village, "东\u{FFFD}村");
    let file = ledger_xlsx::to_xlsx(&l, Lang::Zh).unwrap();
    let built = verify::AsBuilt::read(&file).unwrap();
    assert_eq!(built.people.len(), 3);
    let sheets = read_workbook_sheets(&file).unwrap();
    let about: Vec<String> = sheets[0].1.rows.iter().map(|r| r[0].text()).collect();
    assert!(
        about.iter().any(|l| l == "原表第 2 行：村（社区）"),
        "{about:?}"
    );
}

/// What a returned ledger's cells say is read strictly: exclusions only as the list writes
/// them (and each listed for the county), contact results only from the list, remarks only on
/// when and how a payment was made.
#[test]
fn returned_answers_are_read_strictly() {
    let (built, _, honest_sheets) = honest();
    let answer = |status: &str, reason: &str| {
        let mut s = honest_sheets.clone();
        set(&mut s, "城关镇东村", "甲", 9, status);
        set(&mut s, "城关镇东村", "甲", 10, reason);
        against(&built, &s)
    };
    // An exclusion from the list: out of the denominator, and listed.
    let b = answer("", "下落不明");
    assert_eq!(rate(&b), (5, 3, Some(6000)));
    assert_eq!(codes(&b), ["excluded"]);
    // Wordings that are not a reason of the list: not understood, not insured, not excluded.
    for reason in [
        "是否死亡：否",
        "死亡（待核实）",
        "拟迁出",
        "户籍未 迁出",
        "水库移民",
        "省外参保",
    ] {
        let b = answer("已缴费", reason);
        assert_eq!(rate(&b), (6, 3, Some(5000)), "{reason}");
        assert!(
            b.problems
                .iter()
                .any(|p| p.code == "status_not_understood" && p.row == 2),
            "{reason}: {:?}",
            b.problems
        );
    }
    // Contact results: the list's, with a remark on when or how it was paid.
    for (status, paid) in [
        ("已缴费（2025-03-05，微信）", true),
        ("已交费", true),
        ("Paid", true),
        ("√", false),
        ("是", false),
        ("正常", false),
        ("参保", false),
        ("Paid (pending)", false),
        ("已缴费(unpaid)", false),
        ("已缴费（去年）", false),
        ("已缴费（沒繳）", false),
        ("已缴费（？）", false),
    ] {
        let b = answer(status, "");
        let covered = if paid { 4 } else { 3 };
        assert_eq!(rate(&b).1, covered, "{status}");
        let listed = b.problems.iter().any(|p| p.code == "status_not_understood");
        assert_eq!(listed, !paid, "{status}");
    }
}

/// A person is found by ID first: a renumbered 原表行号 voids nobody's answer, an ID written
/// with spaces or in its 15-digit form is the same person, and the same answer with another
/// date is no conflict.
#[test]
fn returned_rows_are_matched_by_id() {
    let (built, _, honest_sheets) = honest();
    // The village renumbers 原表行号 as a serial number.
    let mut s = honest_sheets.clone();
    for (name, t) in s.iter_mut() {
        if name != "说明" && name != "无法比对" {
            for (k, row) in t.rows.iter_mut().enumerate().skip(1) {
                row[8] = Cell::Number(k as f64);
            }
        }
    }
    let b = against(&built, &s);
    assert_eq!(rate(&b), (6, 4, Some(6667)));
    assert!(
        codes(&b).iter().all(|c| *c == "row_key_changed"),
        "{:?}",
        codes(&b)
    );
    // A rival's copy of a person with another answer, under another village: the person's own
    // village's row is the answer.
    let mut s = honest_sheets.clone();
    let t = sheet(&mut s, "河口镇东村");
    let r = row_of(t, "丙");
    let mut copy = t.rows[r].clone();
    copy[1] = Cell::Text("城关镇".into());
    copy[9] = Cell::Text("已缴费".into());
    sheet(&mut s, "城关镇东村").rows.push(copy);
    let b = against(&built, &s);
    assert_eq!(rate(&b), (6, 4, Some(6667)));
    assert_eq!(codes(&b), ["person_moved"]);
    // IDs as people write them.
    let mut s = honest_sheets.clone();
    let t = sheet(&mut s, "城关镇东村");
    let r = row_of(t, "甲");
    let id = t.rows[r][4].text();
    t.rows[r][4] = Cell::Text(format!(" {} {} {} ", &id[..6], &id[6..14], &id[14..]));
    let b = against(&built, &s);
    assert!(b.findings.is_empty(), "{:?}", b.findings);
    assert_eq!(rate(&b), (6, 4, Some(6667)));
    // The same answer twice, one row with a date: counted once, no conflict.
    let mut s = honest_sheets.clone();
    let t = sheet(&mut s, "城关镇东村");
    let r = row_of(t, "甲");
    let mut again = t.rows[r].clone();
    again.resize(13, Cell::Empty);
    again[9] = Cell::Text("已交费".into());
    again[11] = Cell::Text("2025-03-31".into());
    t.rows.push(again);
    let b = against(&built, &s);
    assert_eq!(codes(&b), ["person_repeated"]);
    assert_eq!(rate(&b), (6, 4, Some(6667)));
}

/// Against the ledger as built, what cannot be read in a returned file is a finding, not a
/// report that cannot be made; text too long for a cell is shortened in the report.
#[test]
fn a_returned_file_cannot_stop_the_report() {
    let (built, _, honest_sheets) = honest();
    let mut s = honest_sheets.clone();
    sheet(&mut s, "城关镇东村").rows[0][8] = Cell::Text("改名".into());
    let t = sheet(&mut s, "说明");
    let r = table_row(t, "河口镇", "东村");
    t.rows[r][4] = Cell::Text("十".into());
    let mut added = sheet(&mut s, "河口镇东村").rows[1].clone();
    added[3] = Cell::Text("名".repeat(32_767));
    added[4] = Cell::Text("1".into());
    added[8] = Cell::Empty;
    sheet(&mut s, "河口镇东村").rows.push(added);
    let b = against(&built, &s);
    let mut got = codes(&b);
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "person_added",
            "person_missing",
            "sheet_unreadable",
            "villages_table_changed"
        ]
    );
    // 甲's sheet could not be read: 甲 counts as not insured.
    assert_eq!(rate(&b), (6, 3, Some(5000)));
    let r = progress::report(&b.snapshot, None, None);
    let book = progress_xlsx::to_xlsx(&r, &progress::Read::from(b), None, Lang::Zh).unwrap();
    let check = &read_workbook_sheets(&book).unwrap()[0].1;
    assert!(check
        .rows
        .iter()
        .flatten()
        .all(|c| c.text().chars().count() <= 201));
    // Without it, the same file is refused, naming the sheet.
    let mut s = honest_sheets.clone();
    sheet(&mut s, "城关镇东村").rows[0][8] = Cell::Text("改名".into());
    let e = read_back::read_back(&rewrite(&s), &settings(None), None).unwrap_err();
    assert_eq!(e.code, "ledger_sheet_unreadable");
    // A blank line right under the villages table's header cuts it short: refused.
    let mut s = honest_sheets.clone();
    let t = sheet(&mut s, "说明");
    let at = t
        .rows
        .iter()
        .position(|r| r.first().map(Cell::text).as_deref() == Some("工作表"))
        .unwrap();
    t.rows.insert(at + 1, Vec::new());
    let e = read_back::read_back(&rewrite(&s), &settings(None), None).unwrap_err();
    assert_eq!(e.code, "ledger_index_changed");
}

/// The base list, this year's list and the whole truth of a campaign built for the groups'
/// numbers: 12 低保 (11 enrolled this year), 4 特困 (all enrolled), 3 防止返贫监测 (1
/// enrolled) and 4 others (2 enrolled), in two villages. In the ledger: 1 低保, 2 监测, 2
/// others; the villages answer 低保 paid, one 监测 will pay, the other insured in another
/// province, one other deceased, one other nothing. `truth` is the base list with the
/// status every person has then.
fn group_lists() -> (String, String, String, Vec<(String, usize, &'static str)>) {
    let mut people: Vec<(String, &str, bool, &str, &str)> = Vec::new(); // id, group, enrolled, status, reason
    for k in 0..12 {
        // The twelfth is not enrolled when the ledger is built; the village finds them paid.
        people.push((id18("19800101", 100 + k), "低保", k < 11, "已参保", ""));
    }
    for k in 0..4 {
        people.push((id18("19500101", 200 + k), "特困人员", true, "已参保", ""));
    }
    people.push((
        id18("19900101", 301),
        "防止返贫监测帮扶对象",
        true,
        "已参保",
        "",
    ));
    people.push((
        id18("19900101", 302),
        "防止返贫监测帮扶对象",
        false,
        "未参保",
        "",
    ));
    people.push((
        id18("19900101", 303),
        "防止返贫监测帮扶对象",
        false,
        "省外参保",
        "",
    ));
    people.push((id18("19700101", 401), "", true, "已参保", ""));
    people.push((id18("19700101", 402), "", true, "已参保", ""));
    people.push((id18("19700101", 403), "", false, "", "死亡"));
    people.push((id18("19700101", 404), "", false, "未参保", ""));
    let village = |k: usize| if k % 2 == 0 { "东村" } else { "西村" };
    let mut base = String::from("姓名,身份证号码,乡镇,村,人员类别\n");
    let mut this = String::from("姓名,身份证号码,乡镇,村\n");
    let mut truth = String::from("姓名,身份证号码,乡镇,村,人员类别,参保状态,剔除原因\n");
    let mut answers = Vec::new();
    for (k, (id, group, enrolled, status, reason)) in people.iter().enumerate() {
        let v = village(k);
        base.push_str(&format!("人{k},{id},城关镇,{v},{group}\n"));
        truth.push_str(&format!(
            "人{k},{id},城关镇,{v},{group},{status},{reason}\n"
        ));
        if *enrolled {
            this.push_str(&format!("人{k},{id},城关镇,{v}\n"));
        } else {
            // The village's answer in the ledger: contact result (column 9) or reason (10).
            let answer = match (*status, *reason) {
                ("已参保", _) => Some((9, "已缴费")),
                ("未参保", _) if group.is_empty() => None,
                ("未参保", _) => Some((9, "承诺缴费")),
                ("省外参保", _) => Some((9, "省外参保")),
                (_, "死亡") => Some((10, "死亡")),
                _ => None,
            };
            if let Some((col, value)) = answer {
                answers.push((format!("人{k}"), col, value));
            }
        }
    }
    (base, this, truth, answers)
}

fn fill(sheets: &mut [(String, Table)], answers: &[(String, usize, &str)]) {
    for (name, col, value) in answers {
        let sheet = sheets
            .iter()
            .find(|(_, t)| {
                t.rows
                    .iter()
                    .any(|r| r.get(3).map(Cell::text).as_deref() == Some(name))
            })
            .unwrap()
            .0
            .clone();
        set(sheets, &sheet, name, *col, value);
    }
}

type GroupNumbers = (String, usize, usize, usize, Option<u64>, Option<u64>);
type PaymentNumbers = (String, u64, Decimal, Option<u64>, Option<Decimal>);

fn numbers(
    r: &progress::Report,
) -> (
    Vec<GroupNumbers>,
    Vec<PaymentNumbers>,
    (usize, usize, usize),
) {
    let mut groups: Vec<GroupNumbers> = r
        .groups
        .iter()
        .map(|g| {
            (
                g.group.clone(),
                g.people,
                g.registered,
                g.covered,
                g.rate_bp,
                g.gap,
            )
        })
        .collect();
    groups.sort();
    let payments = r
        .payments
        .iter()
        .map(|p| (p.department.clone(), p.people, p.due, p.paid_people, p.paid))
        .collect();
    (
        groups,
        payments,
        (r.total.people, r.total.registered, r.total.covered()),
    )
}

/// The ledger of [`group_lists`], built under `p`, its sheets as the villages return them.
fn filled_group_ledger(p: &Policy) -> (ledger::Ledger, Vec<(String, Table)>) {
    let (base, this, _, answers) = group_lists();
    let l = ledger::build(
        LedgerKind::Stock,
        &rows(&base, Some(p.clone())),
        &rows(&this, Some(p.clone())),
        Some(p),
    );
    let mut sheets = read_workbook_sheets(&ledger_xlsx::to_xlsx(&l, Lang::Zh).unwrap()).unwrap();
    fill(&mut sheets, &answers);
    (l, sheets)
}

/// A ledger's groups and payments are over everyone of each group, those already enrolled
/// when it was built included: the same numbers as the whole list with everyone's status,
/// read as a roster; by hand for 低保, 特困 and 监测.
#[test]
fn groups_and_payments_count_the_whole_group() {
    let (_, _, truth, _) = group_lists();
    let p = policy();
    let (l, sheets) = filled_group_ledger(&p);
    assert_eq!(l.counts.ledger, 5);
    let returned = rewrite(&sheets);

    let whole = progress::read(
        &Input {
            bytes: truth.as_bytes(),
            ..Default::default()
        },
        &Default::default(),
        settings(Some(p.clone())),
        None,
        &mut |_, _| {},
    )
    .unwrap();
    let expected = numbers(&progress::report(&whole.snapshot, None, Some(&p)));
    let built = verify::AsBuilt::of(&l);
    for b in [None, Some(&built)] {
        let back = read_back::read_back(&returned, &settings(Some(p.clone())), b).unwrap();
        assert!(
            back.findings.iter().all(|f| f.code.code() == "excluded"),
            "{:?}",
            back.findings
        );
        let r = progress::report(&back.snapshot, None, Some(&p));
        assert!(!r.groups_ledger_only);
        assert_eq!(numbers(&r), expected, "verified: {}", b.is_some());
    }
    // By hand: 低保 12 of 12 covered (11 enrolled, 1 paid); 特困 4 of 4; 监测 3 people, 2
    // covered (1 enrolled, 1 in another province).
    let (groups, payments, total) = expected;
    let g = |id: &str| groups.iter().find(|g| g.0 == id).cloned().unwrap();
    assert_eq!(
        g("dibao"),
        ("dibao".into(), 12, 12, 12, Some(10000), Some(0))
    );
    assert_eq!(g("tekun"), ("tekun".into(), 4, 4, 4, Some(10000), Some(0)));
    assert_eq!(
        g("monitored"),
        ("monitored".into(), 3, 3, 2, Some(6667), None)
    );
    // 23 people, 1 deceased: 22 to enroll, 20 covered (18 enrolled, 低保 paid, 省外).
    assert_eq!(total, (23, 22, 20));
    // Civil affairs pays for the 16 低保 and 特困, all paid; agriculture for the 2 监测
    // not insured elsewhere, 1 paid.
    let civil = payments.iter().find(|p| p.0 == "civil_affairs").unwrap();
    assert_eq!((civil.1, civil.3), (16, Some(16)));
    assert_eq!(civil.4, Some(civil.2));
    let farm = payments.iter().find(|p| p.0 == "agriculture").unwrap();
    assert_eq!((farm.1, farm.3), (2, Some(1)));
    assert_eq!(farm.4.unwrap() * Decimal::from(2), farm.2);
}

/// The groups table is the county's: against the ledger as built, an edited one is a finding
/// and not used; a ledger built without a policy says that its groups count only its people.
#[test]
fn the_groups_table_is_checked_and_its_absence_said() {
    let (base, this, _, _) = group_lists();
    let p = policy();
    let (l, mut sheets) = filled_group_ledger(&p);
    let honest = read_back::read_back(
        &rewrite(&sheets),
        &settings(Some(p.clone())),
        Some(&verify::AsBuilt::of(&l)),
    )
    .unwrap();
    // The village raises its 低保 already enrolled from 11 to 30.
    let index = &mut sheets[0].1;
    let at = index
        .rows
        .iter()
        .position(|r| r.first().map(Cell::text).as_deref() == Some("dibao"))
        .unwrap();
    assert_eq!(index.rows[at][2], Cell::Number(11.0));
    index.rows[at][2] = Cell::Number(30.0);
    let edited = rewrite(&sheets);
    let back = read_back::read_back(
        &edited,
        &settings(Some(p.clone())),
        Some(&verify::AsBuilt::of(&l)),
    )
    .unwrap();
    let changed: Vec<&str> = back
        .findings
        .iter()
        .filter(|f| f.code.code() == "groups_table_changed")
        .map(|f| f.detail.as_str())
        .collect();
    assert_eq!(changed.len(), 1, "{:?}", back.findings);
    assert!(
        changed[0].contains("11") && changed[0].contains("30"),
        "{}",
        changed[0]
    );
    assert_eq!(back.snapshot, honest.snapshot);
    // Unverified, the file's own table is what there is.
    let loose = read_back::read_back(&edited, &settings(Some(p.clone())), None).unwrap();
    let dibao = loose
        .snapshot
        .groups
        .iter()
        .find(|g| g.group == "dibao")
        .unwrap();
    assert_eq!(dibao.people, 31);

    // Built without a policy: no groups table, and the report says what its groups count.
    let bare = ledger::build(
        LedgerKind::Stock,
        &rows(&base, None),
        &rows(&this, None),
        None,
    );
    let file = ledger_xlsx::to_xlsx(&bare, Lang::Zh).unwrap();
    assert!(read_workbook_sheets(&file).unwrap()[0]
        .1
        .rows
        .iter()
        .all(|r| r.first().map(Cell::text).as_deref() != Some("人群代码")));
    let back = read_back::read_back(&file, &settings(Some(p.clone())), None).unwrap();
    let r = progress::report(&back.snapshot, None, Some(&p));
    assert!(r.groups_ledger_only);
    let book = progress_xlsx::to_xlsx(&r, &progress::Read::from(back), Some(&p), Lang::Zh).unwrap();
    let sheets = read_workbook_sheets(&book).unwrap();
    let groups = &sheets.iter().find(|(n, _)| n == "重点人群").unwrap().1;
    assert!(groups.rows.iter().any(|r| r
        .first()
        .map(Cell::text)
        .is_some_and(|t| t.starts_with("注：台账生成时未选择政策"))));
}

/// A roster read for a progress report counts a person once and lists the later copies with
/// their spreadsheet rows.
#[test]
fn a_roster_snapshot_lists_its_copies() {
    let a = id18("19800101", 11);
    let b = id18("19850202", 22);
    let csv = format!(
        "姓名,身份证号码,村,参保状态\n甲,{a},东村,已参保\n乙,{b},东村,未参保\n甲,{a},东村,已参保\n"
    );
    let read = progress::read(
        &Input {
            bytes: csv.as_bytes(),
            ..Default::default()
        },
        &Default::default(),
        settings(None),
        None,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(read.problems, [(String::new(), 4, "duplicate_in_file")]);
    let r = progress::report(&read.snapshot, None, None);
    assert_eq!((r.total.people, r.total.covered()), (2, 1));
}

/// A newborn registered without an ID (出生医学证明 and a guardian, as the desk exports them)
/// is matched by the certificate: enrolled this year when this year's list has it, otherwise
/// listed apart; this year's newborns count as people, not as rows that cannot be matched.
#[test]
fn newborns_are_matched_by_their_birth_certificate() {
    let a = id18("19800101", 11);
    let b = id18("19850202", 22);
    let guardian = id18("19900303", 31);
    let base = format!(
        "姓名,证件号码,出生医学证明编号,监护人证件号码,出生日期,村\n\
         甲,{a},,,,东村\n\
         婴一,,Q440012345,{guardian},2026-03-01,东村\n\
         婴二,,R440099999,{guardian},2026-04-01,东村\n\
         乙,{b},,,,东村\n"
    );
    let this = format!(
        "姓名,证件号码,出生医学证明编号,监护人证件号码,出生日期\n\
         甲,{a},,,\n\
         婴一,,q440012345,{guardian},2026-03-01\n\
         婴三,,S440000001,{guardian},2026-05-01\n"
    );
    let l = ledger::build(
        LedgerKind::Increment,
        &rows(&base, None),
        &rows(&this, None),
        None,
    );
    let c = l.counts;
    // 甲 and 婴一 enrolled; 乙 in the ledger; 婴二 (not enrolled, no ID) listed apart.
    assert_eq!(
        (c.enrolled, c.ledger, c.unmatched, c.duplicates),
        (2, 1, 1, 0)
    );
    assert_eq!(l.unmatched[0].name, "婴二");
    // This year: 3 people (婴三 a newborn not in the base list), none unmatchable.
    assert_eq!(
        (c.current_people, c.current_unmatched, c.new_people),
        (3, 0, 1)
    );
    assert_eq!(
        l.entries
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>(),
        ["乙"]
    );
}
