//! Round trips: what an intake desk exports, the roster tool reads back with every person (a
//! newborn known by the birth certificate and the guardian among them), every group in either
//! language, every amount and date; and the roster's own files add up to its summary.

use canbao::id::{Date, Lang, Options};
use canbao::intake::{export_csv, export_header, quote, Form, QuoteFor, Record, RegisteredAt};
use canbao::policy::{CategoryKind, Policy};
use canbao::roster::header::Role;
use canbao::roster::job::{Finished, Job, Output};
use canbao::roster::pipeline::{RowResult, Settings, Status};
use canbao::roster::{load, Input, Table};
use rust_decimal::Decimal;

/// The national rules of 2026 (no collection period: the clerk's choice dates the payment; the
/// 2025 waiting rule: lapsed years count) with a county's groups, two of them named with
/// spaces and brackets in English, one with a "、" inside its Chinese name.
const POLICY: &str = r#"{
  "formatVersion": 2,
  "base": "cn-national-2026",
  "id": "roundtrip-2026",
  "name": { "zh": "往返测试（2026）", "en": "Round trip (2026)" },
  "departments": [
    { "id": "civil_affairs", "name": { "zh": "民政局", "en": "Civil affairs bureau" } },
    { "id": "rural", "name": { "zh": "乡村振兴局", "en": "Rural revitalisation bureau" } }
  ],
  "resident": {
    "groups": [
      { "id": "tekun", "name": { "zh": "特困人员（含孤儿、事实无人抚养儿童）", "en": "Extreme-poverty support persons (incl. orphans and de-facto unsupported children)" }, "department": "civil_affairs", "subsidy": { "kind": "full" } },
      { "id": "dibao", "name": { "zh": "低保对象", "en": "Subsistence-allowance recipients" }, "department": "civil_affairs", "subsidy": { "kind": "fixed", "amount": "114.00" } },
      { "id": "monitored", "name": { "zh": "防止返贫监测帮扶对象", "en": "Poverty monitoring targets" }, "department": "rural", "subsidy": { "kind": "fixed", "amount": "114.00" } }
    ]
  }
}"#;

fn policy() -> Policy {
    Policy::from_json(POLICY).expect("the test policy reads")
}

fn opts() -> Options {
    Options::new(Date::new(2026, 3, 10).unwrap())
}

fn at(s: &str) -> Option<RegisteredAt> {
    Some(RegisteredAt::parse(s).expect(s))
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Checks a list with the roster tool (CSV out) under `policy`.
fn roster(bytes: &[u8], policy: &Policy) -> Finished {
    let settings = Settings {
        id_opts: opts(),
        policy: Some(policy.clone()),
        tokenizer: None,
    };
    let input = Input {
        bytes,
        ..Default::default()
    };
    Job::open(&input, &Default::default(), settings, false)
        .expect("the list reads")
        .finish(Output::Csv, Lang::Zh)
        .expect("the list is written")
}

/// The cells of a CSV row split on every comma: right for the result columns at its end (no
/// commas in them), counted from the end.
fn cells(line: &str) -> Vec<String> {
    line.split(',').map(str::to_string).collect()
}

#[test]
fn a_desk_export_reads_back_person_by_person_in_both_languages() {
    let policy = policy();
    let dibao = ids(&["dibao"]);
    let two = ids(&["tekun", "monitored"]);
    let none: Vec<String> = Vec::new();
    let monitored = ids(&["monitored"]);
    let adult = Form {
        name: "张三",
        id_number: "11010519491231002X",
        phone: "13800138000",
        address: "三组12号",
        doc_type: Some("resident"),
        ethnicity: Some("01"),
        hukou: Some("agricultural"),
        township: Some("城关镇"),
        village: Some("城南村"),
        category: Some("resident"),
        year: Some("2026"),
        relation: Some("02"),
        householder: Some(""),
        ..Form::default()
    };
    let records = [
        // In the collection period, as the clerk chose.
        Record {
            form: adult,
            groups: &dibao,
            no: Some(1),
            registered_at: at("2025-11-15T09:30"),
            in_period: Some(true),
            ..Record::default()
        },
        // A newborn without an identity number: the certificate and the guardian.
        Record {
            form: Form {
                name: "张小宝",
                id_number: "",
                doc_type: Some("newborn"),
                birth_date: Some("2025-12-01"),
                sex: Some("male"),
                birth_certificate: Some("q440012345"),
                guardian_name: Some("张三"),
                guardian_id: Some("11010519491231002X"),
                category: Some("newborn"),
                relation: Some("41"),
                householder: Some("张三"),
                ..adult
            },
            groups: &dibao,
            no: Some(2),
            registered_at: at("2026-01-20T10:05"),
            in_period: Some(false),
            ..Record::default()
        },
        // Two groups, one named with spaces, brackets and (in Chinese) a "、".
        Record {
            form: Form {
                name: "李四",
                id_number: "110105198001010016",
                relation: Some("02"),
                ..adult
            },
            groups: &two,
            no: Some(3),
            registered_at: at("2025-12-01T16:45"),
            in_period: Some(true),
            ..Record::default()
        },
        // Three years not insured, paid after the collection period: a waiting period.
        Record {
            form: Form {
                name: "王五",
                id_number: "440305199001010018",
                relation: Some("02"),
                ..adult
            },
            groups: &none,
            no: Some(4),
            registered_at: at("2026-03-02T08:00"),
            lapsed_years: 3,
            in_period: Some(false),
            ..Record::default()
        },
        // A group whose English name has spaces, alone.
        Record {
            form: Form {
                name: "赵六",
                id_number: "110105198002020013",
                relation: Some("02"),
                ..adult
            },
            groups: &monitored,
            no: Some(5),
            registered_at: at("2025-10-08T11:20"),
            in_period: Some(true),
            ..Record::default()
        },
    ];
    // What the desk's own quote says of each person: the figures the list must carry.
    let expected: Vec<(Decimal, Decimal, Option<Date>)> = records
        .iter()
        .map(|r| {
            let kind = r.form.category.and_then(|k| {
                CategoryKind::NAMES
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| *v)
            });
            let q = quote(
                &policy,
                &QuoteFor {
                    kind,
                    groups: r.groups.to_vec(),
                    birth: r.form.birth_date.and_then(Date::parse_iso).or_else(|| {
                        canbao::id::validate_id(r.form.id_number, &opts())
                            .ok()
                            .map(|n| n.birth)
                    }),
                    paid: r.registered_at.unwrap().date,
                    lapsed: r.lapsed_years,
                    in_period: r.in_period,
                },
            )
            .expect("priced");
            (
                q.contribution.subsidy,
                q.contribution.payable,
                q.benefit.benefit_start,
            )
        })
        .collect();
    // The figures by the rules, so that a change of them is seen: 低保 114 of 400; 特困 all;
    // the newborn paid within 90 days of birth covered from birth (born in 2025: from the
    // coverage year's start); 3 lapsed years and a late payment: 3 + 2 months of waiting.
    let d = |y, m, d| Date::new(y, m, d);
    let yuan = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(
        expected,
        [
            (yuan("114"), yuan("286"), d(2026, 1, 1)),
            (yuan("114"), yuan("286"), d(2026, 1, 1)),
            (yuan("400"), yuan("0"), d(2026, 1, 1)),
            (yuan("0"), yuan("400"), expected[3].2),
            (yuan("114"), yuan("286"), d(2026, 1, 1)),
        ]
    );
    let late = expected[3].2.expect("a start for the late payer");
    assert!(late >= d(2026, 8, 1).unwrap(), "{late}");

    for lang in [Lang::Zh, Lang::En] {
        let csv = export_csv(&records, Some(&policy), &opts(), lang);
        let header = export_header(lang);
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let [registered, lapsed, timing, payable, subsidy, start, group] = match lang {
            Lang::Zh => [
                "登记时间",
                "断保年数",
                "缴费时间",
                "个人应缴（元）",
                "资助金额（元）",
                "待遇开始",
                "人员类别",
            ],
            Lang::En => [
                "Registered at",
                "Lapsed years",
                "Payment timing",
                "Payable (yuan)",
                "Subsidy (yuan)",
                "Benefit start",
                "Group",
            ],
        }
        .map(col);
        let done = roster(csv.as_bytes(), &policy);
        let m = &done.source.mapping;
        assert_eq!(m.column(Role::Group), Some(group), "{lang:?}");
        assert_eq!(m.column(Role::BirthCertificate), Some(col(header[19])));
        assert_eq!(m.column(Role::GuardianId), Some(col(header[18])));
        assert_eq!(done.results.len(), records.len(), "every person a row");
        let t: &Table = &done.table;
        let cell = |k: usize, c: usize| t.cell(m.header_row + 1 + k, c).text();
        for (k, (r, rec)) in done.results.iter().zip(&records).enumerate() {
            let who = rec.form.name;
            assert_eq!(r.status(), Status::Ok, "{lang:?} {who}: {:?}", r.problems);
            // Known by the number, or the newborn by the certificate.
            if rec.form.is_newborn_without_id() {
                assert_eq!(r.id, None);
                assert_eq!(r.certificate.as_deref(), Some("Q440012345"), "{who}");
            } else {
                assert_eq!(r.id.as_deref(), Some(rec.form.id_number), "{who}");
            }
            // Every group recognised, in either language.
            let mut got = r.groups.clone();
            let mut want = rec.groups.to_vec();
            got.sort();
            want.sort();
            assert_eq!(got, want, "{lang:?} {who}: {}", cell(k, group));
            // The roster's amounts are the desk's, and the list's.
            let (sub, pay, begins) = expected[k];
            assert_eq!((r.subsidy, r.payable), (Some(sub), Some(pay)), "{who}");
            assert_eq!(cell(k, subsidy), canbao::money::yuan(sub), "{who}");
            assert_eq!(cell(k, payable), canbao::money::yuan(pay), "{who}");
            // The dates: birth (the newborn's from its column), registration, benefit start.
            let birth = r.birth.expect("a birth date");
            assert_eq!(cell(k, col(header[5])), birth.to_string(), "{who}");
            assert_eq!(
                cell(k, registered),
                rec.registered_at.unwrap().to_string(),
                "{who}"
            );
            assert_eq!(
                cell(k, start),
                begins.map(|d| d.to_string()).unwrap_or_default()
            );
            assert_eq!(cell(k, lapsed), rec.lapsed_years.to_string());
            let timing_text = cell(k, timing);
            let inside = match lang {
                Lang::Zh => "集中缴费期内",
                Lang::En => "in the collection period",
            };
            assert_eq!(timing_text == inside, rec.in_period == Some(true), "{who}");
        }
        assert_eq!(done.results[1].birth, d(2025, 12, 1));
        // The totals, person by person.
        let s = &done.summary;
        assert_eq!(s.total.people, records.len());
        assert_eq!(s.excluded.invalid, 0);
        let budget = s.budget.as_ref().expect("a budget");
        assert_eq!(budget.totals.people, records.len() as u64);
        let sum = |f: fn(&(Decimal, Decimal, Option<Date>)) -> Decimal| -> Decimal {
            expected.iter().map(f).sum()
        };
        assert_eq!(budget.totals.subsidy, sum(|e| e.0));
        assert_eq!(budget.totals.payable, sum(|e| e.1));
        assert_eq!(budget.totals.subsidy, yuan("742"));
        // The roster's own file: its amount columns add up to the budget.
        assert_columns_add_up(&done);
    }
}

/// Sums the roster output's 资助金额 and 个人应缴 columns (CSV, Chinese) and compares them with
/// the budget.
fn assert_columns_add_up(done: &Finished) {
    let text = String::from_utf8(done.file.clone()).unwrap();
    let mut lines = text.trim_start_matches('\u{FEFF}').lines();
    let header = cells(lines.next().unwrap());
    // Places from the end (an original cell may hold a quoted comma).
    let at = |h: &str| header.len() - header.iter().rposition(|x| x == h).unwrap();
    let (sub, pay) = (at("资助金额"), at("个人应缴"));
    let (mut s, mut p) = (Decimal::ZERO, Decimal::ZERO);
    for line in lines {
        let c = cells(line);
        let get = |from_end: usize| {
            c.get(c.len() - from_end)
                .filter(|v| !v.is_empty())
                .map(|v| v.parse::<Decimal>().unwrap())
        };
        s += get(sub).unwrap_or_default();
        p += get(pay).unwrap_or_default();
    }
    let b = done.summary.budget.as_ref().unwrap();
    assert_eq!((s, p), (b.totals.subsidy, b.totals.payable), "{text}");
}

/// An unknown group is a warning on the row, in the problem list; the person counts as if
/// without it. A blank row is listed too. Rows out of the budget (an error, a later copy, an
/// excluded person) show no amounts: the columns add up to the summary.
#[test]
fn unknown_groups_blank_rows_and_amounts_outside_the_budget() {
    let policy = policy();
    let csv = "姓名,公民身份号码,人员类别,参保状态,剔除原因\n\
张三,11010519491231002X,低保对象、外星人,已参保,\n\
李四,110105198001010016,外星人,未参保,\n\
,,,,\n\
张三,11010519491231002X,低保对象,已参保,\n\
王五,11010519800101001X,低保对象,未参保,\n\
赵六,110105198002020013,特困人员,未参保,死亡\n\
钱七,440305199001010018,Subsistence-allowance  recipients,未参保,\n";
    let done = roster(csv.as_bytes(), &policy);
    let r: &[RowResult] = &done.results;
    let codes = |k: usize| r[k].problems.iter().map(|p| p.code).collect::<Vec<_>>();
    // Unknown groups: a warning; the known group still applies.
    assert_eq!(codes(0), ["unknown_group"]);
    assert_eq!(r[0].status(), Status::Warning);
    assert_eq!(r[0].groups, ["dibao"]);
    assert_eq!(r[0].subsidy, Some(Decimal::from(114)));
    assert_eq!(codes(1), ["unknown_group"]);
    assert_eq!(r[1].subsidy, Some(Decimal::ZERO));
    assert!(r[1].problems[0]
        .message(Lang::En)
        .contains("counted without it"));
    assert_eq!(codes(2), ["empty_row"]);
    assert_eq!(codes(3), ["duplicate_in_file"]);
    assert_eq!(r[4].status(), Status::Error, "a bad checksum");
    // English names, spacing aside.
    assert_eq!(r[6].groups, ["dibao"]);
    let s = &done.summary;
    // 张三, 李四 (without the unknown group), 钱七; 赵六 excluded (死亡).
    let b = s.budget.as_ref().unwrap();
    assert_eq!(b.totals.people, 3);
    assert_eq!(b.totals.subsidy, Decimal::from(228));
    assert_eq!(s.total.people, 4, "李四 counts as a person");
    assert_eq!(s.excluded.invalid, 1);
    assert_eq!(s.excluded.duplicates, 1);
    assert_eq!(s.excluded.out_of_scheme, 1);
    assert!(s.in_budget(0) && s.in_budget(1) && s.in_budget(6));
    assert!(!s.in_budget(2) && !s.in_budget(3) && !s.in_budget(4) && !s.in_budget(5));
    // The problem list: every row with a problem, the blank one and the unknown groups among
    // them, by its row number in the file.
    let problems = String::from_utf8(done.problems_file.clone()).unwrap();
    let listed: Vec<&str> = problems
        .trim_start_matches('\u{FEFF}')
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(listed, ["2", "3", "4", "5", "6"], "{problems}");
    // The amount columns of the file add up to the budget: the later copy, the row with an
    // error and the excluded person show none.
    assert_columns_add_up(&done);
    let text = String::from_utf8(done.file.clone()).unwrap();
    let line = |n: usize| text.lines().nth(n).unwrap().to_string();
    assert!(line(4).ends_with(",,,"), "{}", line(4));
    // The workbook too: read back, its amount columns sum to the budget.
    let settings = Settings {
        id_opts: opts(),
        policy: Some(policy.clone()),
        tokenizer: None,
    };
    let xlsx = Job::open(
        &Input {
            bytes: csv.as_bytes(),
            ..Default::default()
        },
        &Default::default(),
        settings,
        false,
    )
    .unwrap()
    .finish(Output::Xlsx, Lang::Zh)
    .unwrap();
    let book = load(&Input {
        bytes: &xlsx.file,
        ..Default::default()
    })
    .unwrap();
    let h = book.mapping.header_row;
    let width = book.table.width();
    let header: Vec<String> = (0..width).map(|c| book.table.cell(h, c).text()).collect();
    let col = |name: &str| header.iter().position(|x| x == name).unwrap();
    let total = |c: usize| -> Decimal {
        (h + 1..book.table.rows.len())
            .filter_map(|row| match book.table.cell(row, c) {
                canbao::roster::Cell::Number(f) => Decimal::try_from(*f).ok(),
                _ => None,
            })
            .sum()
    };
    assert_eq!(total(col("资助金额")), b.totals.subsidy);
    assert_eq!(total(col("个人应缴")), b.totals.payable);
}

#[test]
fn a_newborns_certificate_and_guardian_are_checked() {
    let policy = policy();
    let csv = "姓名,公民身份号码,出生日期,出生医学证明编号,监护人证件号码\n\
甲,,2025-12-01,Q440012345,11010519491231002X\n\
乙,,2025/12/02,Q44001234,11010519491231002X\n\
丙,,2025-12-03,R440012345,11010519491231002\n\
甲,,2025-12-01,q44001 2345,11010519491231002X\n\
戊,,,,11010519491231002X\n\
己,,2025-12-01,Q440012345,11010519491231002X\n";
    let done = roster(csv.as_bytes(), &policy);
    let r = &done.results;
    let codes = |k: usize| r[k].problems.iter().map(|p| p.code).collect::<Vec<_>>();
    assert_eq!(codes(0), Vec::<&str>::new());
    assert_eq!(r[0].age, Some(0));
    assert_eq!(codes(1), ["birth_certificate_format"]);
    assert_eq!(r[1].birth, Date::new(2025, 12, 2));
    assert_eq!(codes(2), ["wrong_length"]);
    assert!(r[2].problems[0]
        .message(Lang::Zh)
        .starts_with("监护人证件号码"));
    // The same certificate written otherwise: the same newborn, counted once.
    assert_eq!(codes(3), ["duplicate_in_file"]);
    assert_eq!(r[3].duplicate_of, Some(2));
    assert_eq!(r[3].certificate.as_deref(), Some("Q440012345"));
    // No number and no certificate: the number is missing, as before.
    assert_eq!(codes(4), ["empty"]);
    // The same certificate under another name: an error, as for an identity number.
    assert_eq!(codes(5), ["same_id_different_name"]);
    assert!(r[5].problems[0]
        .message(Lang::Zh)
        .contains("出生医学证明编号相同"));
    assert_eq!(done.summary.total.people, 1);
}

#[test]
fn registration_times_read_strictly() {
    let t = RegisteredAt::parse("2026-01-20T10:05").unwrap();
    assert_eq!(t.to_string(), "2026-01-20 10:05");
    assert_eq!(RegisteredAt::parse("2026-01-20 10:05:59"), Some(t));
    for bad in [
        "2026-01-20",
        "2026-01-20T24:00",
        "2026-01-20T10:60",
        "2026-02-30T10:00",
        "2026-01-20T1:05",
        "2026-01-20X10:05",
        "2026-01-20T10:05:60",
        "2026-01-20T10:05Z",
    ] {
        assert_eq!(RegisteredAt::parse(bad), None, "{bad}");
    }
}
