//! Time linear in the input: a county's roster with a unit per row, a progress report against
//! a previous list of as many units, and a policy with as many groups, townships or
//! departments finish in about the time of the plain case. A search per row over the units
//! (or per entry over the policy's lists) makes the large case take tens of times longer.
//!
//! The bounds are loose (a linear implementation passes them several times over), and a
//! failed comparison is measured once more before it fails, so that a busy machine does not
//! make the tests flaky. Sizes are smaller in a debug build, where everything is slower, but
//! large enough for a quadratic step to show (but for the workbook's: see its test).

use std::time::{Duration, Instant};

use canbao::campaign::progress::{self, Snapshot};
use canbao::id::{Date, Lang, Options};
use canbao::policy::{self, Policy};
use canbao::roster::generate::{self, Spec};
use canbao::roster::job::{Job, Rows};
use canbao::roster::pipeline::Settings;
use canbao::roster::summary::{summarize, Summary};
use canbao::roster::{write, Cell, Choices, Input};
use serde_json::{json, Value};

/// Data rows of the roster cases (unless a case says).
const ROWS: usize = if cfg!(debug_assertions) {
    20_000
} else {
    100_000
};

/// The time `f` takes, and its result.
fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

/// Asserts that `large` takes less than `bound` times as long as `small`, measuring both once
/// more when it does not (a busy machine); returns the ratio.
fn at_most(what: &str, bound: f64, small: &mut dyn FnMut(), large: &mut dyn FnMut()) -> f64 {
    let mut ratios = Vec::new();
    for _ in 0..2 {
        let (s, ()) = timed(&mut *small);
        let (l, ()) = timed(&mut *large);
        let ratio = l.as_secs_f64() / s.as_secs_f64().max(1e-3);
        eprintln!("{what}: small {s:.2?}, large {l:.2?}, ratio {ratio:.1} (bound {bound})");
        if ratio < bound {
            return ratio;
        }
        ratios.push(ratio);
    }
    panic!("{what}: the large case took {ratios:.1?} times the small one (bound {bound})");
}

fn settings() -> Settings {
    Settings {
        id_opts: Options::new(Date::new(2026, 11, 22).unwrap()),
        policy: Some(policy::preset("dingtao-2024").unwrap()),
        tokenizer: None,
    }
}

/// A generated roster of `rows` rows as CSV in `units` units (each a village of its own
/// township, the rows of a unit together, as rosters are sorted). The people are the same
/// whatever `insured` (the share of 已参保 statuses) is.
fn roster(rows: usize, units: usize, insured: u32) -> Vec<u8> {
    let mut table = generate::generate(Spec {
        rows,
        seed: 7,
        damaged_percent: 2,
        insured_percent: Some(insured),
    });
    let per_unit = rows / units;
    for (i, row) in table.rows.iter_mut().skip(1).enumerate() {
        let unit = i / per_unit;
        row[1] = Cell::Text(format!("镇{unit}"));
        row[2] = Cell::Text(format!("村{unit}"));
    }
    generate::to_csv_bytes(&table, false)
}

/// A roster's rows checked (untimed: the same work whatever the units).
fn rows(csv: &[u8]) -> Rows {
    let input = Input {
        bytes: csv,
        ..Default::default()
    };
    Job::open(&input, &Choices::default(), settings(), true)
        .unwrap()
        .rows_with(usize::MAX, &mut |_, _| {})
}

fn summary(r: &Rows, policy: Option<&Policy>) -> Summary {
    summarize(&r.table, &r.source.mapping, &r.results, policy)
}

#[test]
fn a_roster_with_a_unit_per_row_takes_about_the_time_of_one_unit() {
    // Linear: about 1.5 times in a debug build, 3 in a release one (where the rows' part is
    // cheaper); township subtotals found by a search per unit: 7 times at 20,000 rows in a
    // debug build, 14 at 40,000, 250 at 100,000 in a release one.
    let (n, bound) = if cfg!(debug_assertions) {
        (40_000, 5.0)
    } else {
        (ROWS, 10.0)
    };
    let (one, each) = (rows(&roster(n, 1, 70)), rows(&roster(n, n, 70)));
    let policy = settings().policy;
    let policy = policy.as_ref();
    // The summary (villages, township subtotals, coverage) and the CSV files.
    let files = |r: &Rows| {
        let s = summary(r, policy);
        let h = r.source.mapping.header_row;
        let csv = write::to_csv(&r.table, h, &r.results, &s, policy, Lang::Zh);
        let problems = write::problems_csv(&r.table, h, &r.results, &s, policy, Lang::Zh);
        assert!(csv.len() > problems.len());
        s
    };
    let total = summary(&one, policy).total;
    let mut small = || {
        let s = files(&one);
        assert_eq!((s.by_unit.len(), s.by_township.len()), (1, 1));
    };
    let mut large = || {
        let s = files(&each);
        assert_eq!(s.by_unit.len(), n);
        assert_eq!(s.by_township.len(), n);
        assert_eq!(s.total, total, "the same people");
        // In order of first appearance.
        let last = &s.by_unit[n - 1];
        let want = (format!("镇{}", n - 1), format!("村{}", n - 1));
        assert_eq!((&last.township, &last.village), (&want.0, &want.1));
        let registered = s.by_unit.iter().filter(|u| u.registered() > 0).count();
        assert_eq!(s.coverage.unwrap().rows.len(), registered);
    };
    at_most("roster summary and CSV", bound, &mut small, &mut large);
}

#[test]
fn the_summary_sheet_of_many_units_grows_with_the_units_alone() {
    // The workbook's summary sheet has four lines per unit (village, township subtotal, and
    // both coverage tables), so a unit per row writes more than one unit does: compared
    // instead with a tenth as many units on as many rows. Linear: a few times; a search per
    // township over the villages: tens of times (100,000 rows: 104 s instead of 4). In a debug
    // build the workbook writer's own cost per cell hides that search below about 50,000
    // units, more than a debug test can take: there this checks the results on fewer rows,
    // and `cargo test --release --test linear_time` measures.
    let n = if cfg!(debug_assertions) { 5_000 } else { ROWS };
    let (tenth, each) = (rows(&roster(n, n / 10, 70)), rows(&roster(n, n, 70)));
    let policy = settings().policy;
    let policy = policy.as_ref();
    let workbook = |r: &Rows| {
        let s = summary(r, policy);
        let h = r.source.mapping.header_row;
        let file = write::to_xlsx(&r.table, h, &r.results, &s, policy, Lang::Zh);
        assert!(file.unwrap().starts_with(b"PK"));
        s
    };
    let mut small = || assert_eq!(workbook(&tenth).by_township.len(), n / 10);
    let mut large = || assert_eq!(workbook(&each).by_township.len(), n);
    at_most("roster summary and workbook", 20.0, &mut small, &mut large);
}

#[test]
fn a_progress_report_against_many_previous_units_takes_about_the_time_of_one() {
    // Two lists of the same people, fewer insured before: summarized and compared. The large
    // case has a unit per row to summarize twice, compare and rank, the small one a single
    // unit: linear is 4 (debug) to 8 (release) times; a search per unit over the previous
    // list's units, 110–160 times at 20,000 rows in a debug build.
    let one = [rows(&roster(ROWS, 1, 70)), rows(&roster(ROWS, 1, 50))];
    let each = [rows(&roster(ROWS, ROWS, 70)), rows(&roster(ROWS, ROWS, 50))];
    let policy = settings().policy;
    let policy = policy.as_ref();
    let report = |[now, before]: &[Rows; 2]| {
        let snapshot = |r: &Rows| Snapshot::of(&summary(r, policy), &r.source.mapping);
        progress::report(&snapshot(now), Some(&snapshot(before)), policy)
    };
    let mut small = || {
        let r = report(&one);
        assert_eq!((r.villages.len(), r.townships.len()), (1, 1));
        assert!(r.total.gained.unwrap() > 0);
    };
    let mut large = || {
        let r = report(&each);
        assert_eq!(r.villages.len(), ROWS);
        assert_eq!(r.townships.len(), ROWS);
        // Every unit found in the previous list.
        assert!(r.villages.iter().all(|l| l.gained.is_some()));
        assert!(r
            .villages
            .iter()
            .all(|l| l.rate_bp.is_none() || l.change_bp.is_some()));
        assert_eq!(
            r.villages.iter().map(|l| l.gained.unwrap()).sum::<i64>(),
            r.total.gained.unwrap()
        );
    };
    at_most("progress report", 25.0, &mut small, &mut large);
}

/// Items of the large policy cases (the small ones have a tenth).
const ITEMS: usize = if cfg!(debug_assertions) {
    40_000
} else {
    100_000
};

/// The 定陶区 preset with `groups` groups (each with aliases, a department and a fund, one
/// target each and exempt from waiting), `departments` departments and `townships` townships
/// of two villages each.
fn policy_json(groups: usize, departments: usize, townships: usize) -> String {
    let preset = policy::PRESETS
        .iter()
        .map(|t| serde_json::from_str::<Value>(t).unwrap())
        .find(|p| p["id"] == "dingtao-2024")
        .unwrap();
    let mut p = preset.clone();
    p["departments"] = (0..departments.max(1))
        .map(|i| json!({"id": format!("d{i}"), "name": {"zh": format!("部门{i}"), "en": format!("Department {i}")}}))
        .collect();
    p["resident"]["groups"] = (0..groups)
        .map(|i| {
            json!({
                "id": format!("g{i}"),
                "name": {"zh": format!("群体{i}"), "en": format!("Group {i}")},
                "aliases": [format!("别名{i}甲"), format!("别名{i}乙")],
                "department": format!("d{}", i % departments.max(1)),
                "fund": "medical_assistance",
                "subsidy": {"kind": "fixed", "amount": "100"},
            })
        })
        .collect();
    p["targets"] = std::iter::once(json!({"of": "all", "rate": "100"}))
        .chain((0..groups).map(|i| json!({"of": format!("g{i}"), "rate": "95"})))
        .collect();
    p["resident"]["waitingPeriod"] = json!({
        "fixedMonths": 3, "variableMonthsPerLapsedYear": 1, "lapsedYearsWithoutVariable": 1,
        "repairMonthsPerExtraYear": 1, "extraYearPrice": "individual", "longLapseYears": 4,
        "longLapseMinMonths": 6,
        "exemptGroups": (0..groups).map(|i| format!("g{i}")).collect::<Vec<_>>(),
    });
    if let Some(r) = p["resident"].as_object_mut() {
        r.remove("latePayment");
    }
    if townships > 0 {
        p["units"] = (0..townships)
            .map(|i| json!({"township": format!("镇{i}"), "villages": [format!("村{i}甲"), format!("村{i}乙")]}))
            .collect();
    }
    serde_json::to_string(&p).unwrap()
}

fn load(json: &str) -> Policy {
    Policy::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_policy_with_many_groups_townships_or_departments_loads_in_linear_time() {
    let n = ITEMS;
    // Ten times the items: linear is about 10 times; a search per item over the items
    // before it, 100 times.
    for (what, size) in [
        ("groups", [n / 10, 0, 0]),
        ("townships", [0, 0, n / 10]),
        ("departments", [0, n / 10, 0]),
    ] {
        let small = policy_json(size[0], size[1], size[2]);
        let large = policy_json(size[0] * 10, size[1] * 10, size[2] * 10);
        let check = |p: &Policy, k: usize| match what {
            "groups" => {
                let res = p.resident.as_ref().unwrap();
                assert_eq!(res.groups.len(), k);
                assert_eq!(p.targets.len(), k + 1);
                assert_eq!(res.waiting_period.as_ref().unwrap().exempt_groups.len(), k);
            }
            "townships" => assert_eq!(p.units.len(), k),
            _ => assert_eq!(p.departments.len(), k),
        };
        at_most(
            &format!("policy with {n} {what}"),
            30.0,
            &mut || check(&load(&small), n / 10),
            &mut || check(&load(&large), n),
        );
    }
}

#[test]
fn duplicates_and_unknown_references_are_still_reported_in_order() {
    let mut p: Value = serde_json::from_str(&policy_json(4, 3, 3)).unwrap();
    p["resident"]["groups"][3]["id"] = json!("g1");
    p["resident"]["groups"][2]["department"] = json!("nowhere");
    p["departments"][2]["id"] = json!("d0");
    p["units"][2]["township"] = json!("镇0");
    p["units"][1]["villages"] = json!(["东村", "西村", "东村", "东村"]);
    p["targets"][2]["of"] = json!("nobody");
    p["resident"]["waitingPeriod"]["exemptGroups"][0] = json!("nobody");
    // Period 3 overlaps 1 and 2; period 4 (the day period 1 ends) overlaps 1 and 3.
    p["resident"]["collection"]["periods"] = json!([
        {"start": "2023-09-01", "end": "2023-10-31"},
        {"start": "2023-11-01", "end": "2023-11-30"},
        {"start": "2023-10-15", "end": "2023-11-15"},
        {"start": "2023-10-31", "end": "2023-10-31"},
        {"start": "2023-12-01", "end": "2023-12-31"},
    ]);
    let e = Policy::from_json(&p.to_string()).unwrap_err();
    let found: Vec<(&str, &str)> = e
        .issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.code()))
        .collect();
    // Every problem at its path, in the order of the file (as before the lookups were
    // indexed).
    assert_eq!(
        found,
        [
            ("departments[2].id", "duplicate_id"),
            ("resident.groups[2].department", "unknown_department"),
            ("resident.groups[3].id", "duplicate_id"),
            ("resident.collection.periods[2]", "period_order"),
            ("resident.collection.periods[2]", "period_order"),
            ("resident.collection.periods[3]", "period_order"),
            ("resident.collection.periods[3]", "period_order"),
            ("resident.waitingPeriod.exemptGroups[0]", "unknown_group"),
            // g3 is no more: renamed g1.
            ("resident.waitingPeriod.exemptGroups[3]", "unknown_group"),
            ("targets[2].of", "unknown_group"),
            ("targets[4].of", "unknown_group"),
            ("units[1].villages[2]", "duplicate_id"),
            ("units[1].villages[3]", "duplicate_id"),
            ("units[2].township", "duplicate_id"),
        ],
        "{e}"
    );
    let overlaps: Vec<&str> = e
        .issues
        .iter()
        .filter(|i| i.code.code() == "period_order")
        .map(|i| i.message(Lang::En))
        .collect();
    assert_eq!(
        overlaps,
        [
            "the period 2023-10-15 to 2023-11-15 overlaps period 1",
            "the period 2023-10-15 to 2023-11-15 overlaps period 2",
            "the period 2023-10-31 to 2023-10-31 overlaps period 1",
            "the period 2023-10-31 to 2023-10-31 overlaps period 3",
        ]
    );
}
