//! Progress reports (进度通报): a campaign's coverage per village, township and county at one
//! date, the change since the previous report, the gap to the policy's targets (overall and
//! per group), the ranking, and the subsidised groups' payments by department.
//!
//! A [`Snapshot`] is what one list says at one date: a roster with a status column, or a
//! ledger read back ([`super::ledger::read_back`]). [`report`] compares two snapshots.
//!
//! What the numbers count: *people* are the rows that count as a person (each ID once, rows
//! with an error left out: see [`super::summary::Counted`]); *to enroll* (应参保) is people
//! less the excluded; *covered* is insured here plus insured elsewhere; the *rate* is covered
//! ÷ to enroll in hundredths of a percent, rounded half up; the *gap* is the fewest more
//! people to cover for the rate to reach the target.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::header::{Mapping, Role};
use super::summary::{townships, GroupLine, Summary, UnitLine};
use crate::calc::resident::DepartmentLine;
use crate::lang::Lang;
use crate::policy::Policy;

/// What one list says at one date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Village lines (a township's rows without a village have an empty village).
    pub units: Vec<UnitLine>,
    /// Coverage per policy group.
    pub groups: Vec<GroupLine>,
    /// Subsidies due by department (with a policy that states amounts).
    pub due: Vec<DepartmentLine>,
    /// Subsidies paid by department (with a status column too).
    pub paid: Option<Vec<DepartmentLine>>,
    /// Whether the list says who is insured (a status, contact-result or exclusion column):
    /// without one, nobody counts as covered.
    pub known: bool,
}

impl Snapshot {
    /// The snapshot of a summarized list read under `mapping`.
    pub fn of(summary: &Summary, mapping: &Mapping) -> Snapshot {
        Snapshot {
            units: summary.by_unit.clone(),
            groups: summary.groups.clone(),
            due: summary
                .budget
                .as_ref()
                .map(|b| b.departments.clone())
                .unwrap_or_default(),
            paid: summary.paid.as_ref().map(|b| b.departments.clone()),
            known: mapping.column(Role::Status).is_some()
                || mapping.column(Role::Exclusion).is_some(),
        }
    }
}

/// A list read for a progress report: a ledger read back (a workbook with ledger sheets, see
/// [`super::ledger::read_back`]) or a roster with a status or exclusion column.
pub struct Read {
    /// What it says.
    pub snapshot: Snapshot,
    /// The ledger's follow-up, when it is a ledger.
    pub follow_up: Option<Vec<super::ledger::FollowUp>>,
    /// Data rows read.
    pub rows: usize,
    /// Rows with an error, a status not understood or (a roster) a later copy of a person:
    /// (sheet, spreadsheet row, code); the sheet is empty for a roster.
    pub problems: Vec<(String, usize, &'static str)>,
    /// Whether a ledger was read against the ledger as built (a roster: never).
    pub verified: bool,
    /// What a ledger read back says that differs from the ledger as built, or cannot be
    /// taken as it is.
    pub findings: Vec<super::verify::Finding>,
}

impl From<super::ledger::ReadBack> for Read {
    fn from(b: super::ledger::ReadBack) -> Read {
        Read {
            snapshot: b.snapshot,
            follow_up: Some(b.follow_up),
            rows: b.rows,
            problems: b
                .problems
                .into_iter()
                .map(|p| (p.sheet, p.row, p.code))
                .collect(),
            verified: b.verified,
            findings: b.findings,
        }
    }
}

/// Rows checked between two progress calls.
pub const CHUNK: usize = 50_000;

/// Reads a ledger or a roster for a progress report (`settings`: ID options and the policy),
/// a ledger against the ledger as `built` when given (a roster then is an error: only a
/// ledger can be checked against one). A roster must say who is insured (`no_status_column`
/// otherwise).
pub fn read(
    input: &super::Input,
    choices: &super::Choices,
    settings: super::pipeline::Settings,
    built: Option<&super::verify::AsBuilt>,
    on_rows: &mut dyn FnMut(usize, usize),
) -> Result<Read, super::RosterError> {
    if super::read::sniff(input.bytes) != super::read::Format::Csv && input.sheet.is_none() {
        match super::ledger::read_back(input.bytes, &settings, built) {
            Ok(b) => return Ok(Read::from(b)),
            Err(e) if e.code == "not_a_ledger" && built.is_none() => {}
            Err(e) => return Err(e),
        }
    }
    if built.is_some() {
        return Err(super::RosterError::new(
            super::RosterCode::NotALedger,
            "已选择原始台账，但交回的文件不是台账：没有一个工作表同时有“身份证号码”“联系结果”和“原表行号”列",
            "a ledger as built was given, but the returned file is not a ledger: no sheet has an ID number, a contact result and a row-in-the-list column",
        ));
    }
    let c = super::job::Job::open(input, choices, settings, true)?.check_with(CHUNK, on_rows);
    let snapshot = Snapshot::of(&c.summary, &c.source.mapping);
    if !snapshot.known {
        return Err(super::RosterError::new(
            super::RosterCode::NoStatusColumn,
            "名单中没有“参保状态”（或“剔除原因”）列，无法计算参保进度。请选择有参保状态的名单，或由本工具生成、各村填写后的台账",
            "the list has no status (or exclusion) column, so its coverage cannot be computed. Choose a list with an enrollment status, or a ledger made by this tool and filled in by the villages",
        ));
    }
    let start = c.source.mapping.header_row + 1;
    // Listed: rows with an error (not counted), statuses not understood (not insured) and
    // later copies of a person (counted once).
    let listed = [
        super::pipeline::RowCode::StatusNotUnderstood.code(),
        super::pipeline::RowCode::DuplicateInFile.code(),
        super::pipeline::RowCode::ControlCharacter.code(),
    ];
    let problems = c
        .results
        .iter()
        .enumerate()
        .filter_map(|(k, r)| {
            r.problems
                .iter()
                .find(|p| p.severity == super::pipeline::Status::Error || listed.contains(&p.code))
                .map(|p| (String::new(), start + k + 1, p.code))
        })
        .collect();
    Ok(Read {
        snapshot,
        follow_up: None,
        rows: c.results.iter().filter(|r| !r.is_empty_row()).count(),
        problems,
        verified: false,
        findings: Vec::new(),
    })
}

/// Reads the previous list of a report: a ledger against the same ledger as `built` (a
/// ledger filled in at an earlier date), a roster as it is.
pub fn read_previous(
    input: &super::Input,
    choices: &super::Choices,
    settings: super::pipeline::Settings,
    built: Option<&super::verify::AsBuilt>,
    on_rows: &mut dyn FnMut(usize, usize),
) -> Result<Read, super::RosterError> {
    match read(input, choices, settings.clone(), built, on_rows) {
        Err(e) if e.code == "not_a_ledger" && built.is_some() => {
            read(input, choices, settings, None, on_rows)
        }
        r => r,
    }
}

/// One unit's progress: a village, a township (village empty) or the county (both empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    /// The township as written.
    pub township: String,
    /// The village as written (empty for a township's line and for rows without a village).
    pub village: String,
    /// People.
    pub people: usize,
    /// To enroll: people less the excluded.
    pub registered: usize,
    /// Insured here.
    pub insured: usize,
    /// Insured elsewhere.
    pub insured_elsewhere: usize,
    /// Excluded, all reasons.
    pub excluded: usize,
    /// Not covered: to enroll less covered.
    pub uncovered: usize,
    /// Coverage rate in hundredths of a percent (none when nobody is to enroll).
    pub rate_bp: Option<u64>,
    /// The previous report's rate.
    pub previous_bp: Option<u64>,
    /// Change of the rate since the previous report, hundredths of a percentage point.
    pub change_bp: Option<i64>,
    /// Covered now less covered then.
    pub gained: Option<i64>,
    /// The policy's overall target, percent.
    pub target: Option<Decimal>,
    /// People still to cover for the rate to reach the target (0 when reached).
    pub gap: Option<u64>,
    /// Rank by rate among the report's lines of this level (ties share a rank; 0: no rate).
    pub rank: u32,
}

impl Line {
    /// Covered: insured here or elsewhere.
    pub fn covered(&self) -> usize {
        self.insured + self.insured_elsewhere
    }

    /// `城关镇 · 东村`, `城关镇`, or `—` for rows with neither.
    pub fn label(&self) -> String {
        match (self.township.is_empty(), self.village.is_empty()) {
            (true, true) => "—".into(),
            (true, false) => self.village.clone(),
            (false, true) => self.township.clone(),
            (false, false) => format!("{} · {}", self.township, self.village),
        }
    }
}

/// One policy group's progress against its target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupProgress {
    /// The policy group (or category) id the target names.
    pub group: String,
    /// People of the group in the list.
    pub people: usize,
    /// To enroll.
    pub registered: usize,
    /// Covered.
    pub covered: usize,
    /// Coverage rate, hundredths of a percent.
    pub rate_bp: Option<u64>,
    /// The previous report's rate.
    pub previous_bp: Option<u64>,
    /// The target, percent (none: a group without a target).
    pub target: Option<Decimal>,
    /// People still to cover for the target.
    pub gap: Option<u64>,
}

/// One department's subsidies: due, paid (when the list has a status column) and outstanding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    /// Department id, as in the policy.
    pub department: String,
    /// People whose subsidy it pays.
    pub people: u64,
    /// Subsidy due.
    pub due: Decimal,
    /// People already paid for.
    pub paid_people: Option<u64>,
    /// Subsidy paid.
    pub paid: Option<Decimal>,
    /// Due less paid.
    pub outstanding: Option<Decimal>,
}

/// The report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Villages, by rank.
    pub villages: Vec<Line>,
    /// Townships, by rank.
    pub townships: Vec<Line>,
    /// The county.
    pub total: Line,
    /// Groups the policy sets a target for, then other groups in the list.
    pub groups: Vec<GroupProgress>,
    /// Subsidies by department (with a policy that states amounts).
    pub payments: Vec<Payment>,
    /// Whether a previous snapshot was given.
    pub has_previous: bool,
    /// Whether the list says who is insured (see [`Snapshot::known`]).
    pub known: bool,
}

/// `part / whole` in hundredths of a percent, rounded half up (none for an empty whole).
fn rate(part: usize, whole: usize) -> Option<u64> {
    (whole > 0).then(|| crate::calc::coverage::rate_bp(part as u64, whole as u64))
}

/// The fewest more people to cover for `covered / registered` to reach `target` percent.
pub fn gap(covered: usize, registered: usize, target: Decimal) -> u64 {
    let need = (target * Decimal::from(registered) / Decimal::ONE_HUNDRED).ceil();
    let need = need.to_u64().unwrap_or(u64::MAX).min(registered as u64);
    need.saturating_sub(covered as u64)
}

fn line_of(u: &UnitLine, target: Option<Decimal>) -> Line {
    let excluded = u.excluded_total();
    let registered = u.registered();
    let covered = u.insured + u.insured_elsewhere;
    Line {
        township: u.township.clone(),
        village: u.village.clone(),
        people: u.people,
        registered,
        insured: u.insured,
        insured_elsewhere: u.insured_elsewhere,
        excluded,
        uncovered: registered.saturating_sub(covered),
        rate_bp: rate(covered, registered),
        target,
        gap: target
            .filter(|_| registered > 0)
            .map(|t| gap(covered, registered, t)),
        ..Line::default()
    }
}

/// The change of `line` since the same unit's line `before` (read from its counts alone: no
/// line is made for it).
fn compare(line: &mut Line, before: Option<&UnitLine>) {
    if let Some(b) = before {
        let covered = b.insured + b.insured_elsewhere;
        let previous = rate(covered, b.registered());
        line.previous_bp = previous;
        line.change_bp = match (line.rate_bp, previous) {
            (Some(a), Some(b)) => Some(a as i64 - b as i64),
            _ => None,
        };
        line.gained = Some(line.covered() as i64 - covered as i64);
    }
}

/// Sorts by rate, highest first (stable: ties keep their order), and ranks: ties share a rank,
/// lines without a rate come last with rank 0.
fn rank(lines: &mut [Line]) {
    lines.sort_by(|a, b| match (a.rate_bp, b.rate_bp) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut prev: Option<(u64, u32)> = None;
    for (i, l) in lines.iter_mut().enumerate() {
        if let Some(r) = l.rate_bp {
            l.rank = match prev {
                Some((p, k)) if p == r => k,
                _ => i as u32 + 1,
            };
            prev = Some((r, l.rank));
        }
    }
}

/// The report of `now`, compared with `before` when given, against `policy`'s targets.
pub fn report(now: &Snapshot, before: Option<&Snapshot>, policy: Option<&Policy>) -> Report {
    // Lookups by key go through maps built once (the first entry of a key, as a search in
    // order would find): a county has thousands of units, a policy may have many groups.
    type Map<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
    fn first_of<'a, K: std::hash::Hash + Eq, V>(
        entries: impl Iterator<Item = (K, &'a V)>,
    ) -> Map<K, &'a V> {
        let mut m: Map<K, &V> = Default::default();
        for (k, v) in entries {
            m.entry(k).or_insert(v);
        }
        m
    }
    let targets = first_of(
        policy
            .map_or(&[][..], |p| &p.targets)
            .iter()
            .map(|t| (t.of.as_str(), t)),
    );
    let target_of = |of: &str| targets.get(of).map(|t| t.rate);
    let overall = target_of("all");
    let level = |now_units: &[UnitLine], before_units: Option<&[UnitLine]>| {
        let mut lines: Vec<Line> = now_units.iter().map(|u| line_of(u, overall)).collect();
        if let Some(b) = before_units {
            let previous = first_of(
                b.iter()
                    .map(|u| ((u.township.as_str(), u.village.as_str()), u)),
            );
            for l in &mut lines {
                // A unit new since the previous report has no change to show.
                let prev = previous.get(&(l.township.as_str(), l.village.as_str()));
                compare(l, prev.copied());
            }
        }
        rank(&mut lines);
        lines
    };
    let (now_towns, now_total) = townships(&now.units);
    let before_split = before.map(|b| townships(&b.units));
    let villages = level(&now.units, before.map(|b| b.units.as_slice()));
    let towns = level(&now_towns, before_split.as_ref().map(|(t, _)| t.as_slice()));
    let mut total = line_of(&now_total, overall);
    if let Some((_, t)) = &before_split {
        compare(&mut total, Some(t));
    }
    // Groups: the policy's targets first (in its order), then the other groups in the list.
    let mut groups: Vec<GroupProgress> = Vec::new();
    fn lines_of(snap: &Snapshot) -> Map<&str, &GroupLine> {
        first_of(snap.groups.iter().map(|g| (g.group.as_str(), g)))
    }
    let (now_groups, before_groups) = (lines_of(now), before.map(lines_of));
    let group_line = |id: &str, lines: &Map<&str, &GroupLine>| lines.get(id).map(|g| (*g).clone());
    let mut ids: Vec<String> = policy
        .map(|p| {
            p.targets
                .iter()
                .filter(|t| t.of != "all")
                .map(|t| t.of.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut listed: std::collections::HashSet<&str, rustc_hash::FxBuildHasher> = policy
        .map_or(&[][..], |p| &p.targets)
        .iter()
        .filter(|t| t.of != "all")
        .map(|t| t.of.as_str())
        .collect();
    for g in &now.groups {
        if listed.insert(&g.group) {
            ids.push(g.group.clone());
        }
    }
    for id in ids {
        let g = group_line(&id, &now_groups).unwrap_or_default();
        let covered = g.insured + g.insured_elsewhere;
        let target = target_of(&id);
        groups.push(GroupProgress {
            people: g.people,
            registered: g.registered(),
            covered,
            rate_bp: rate(covered, g.registered()),
            previous_bp: before_groups
                .as_ref()
                .and_then(|b| group_line(&id, b))
                .and_then(|b| rate(b.insured + b.insured_elsewhere, b.registered())),
            target,
            gap: target
                .filter(|_| g.registered() > 0)
                .map(|t| gap(covered, g.registered(), t)),
            group: id,
        });
    }
    let paid = now
        .paid
        .as_ref()
        .map(|p| first_of(p.iter().map(|x| (x.department.as_str(), x))));
    let payments = now
        .due
        .iter()
        .filter(|d| d.people > 0)
        .map(|d| {
            let paid = paid.as_ref().map(|p| {
                p.get(d.department.as_str())
                    .map_or((0, Decimal::ZERO), |x| (x.people, x.subsidy))
            });
            Payment {
                department: d.department.clone(),
                people: d.people,
                due: d.subsidy,
                paid_people: paid.map(|p| p.0),
                paid: paid.map(|p| p.1),
                outstanding: paid.map(|p| d.subsidy - p.1),
            }
        })
        .collect();
    Report {
        villages,
        townships: towns,
        total,
        groups,
        payments,
        has_previous: before.is_some(),
        known: now.known,
    }
}

/// The name of the group or category a target names, as the policy writes it (the id when the
/// policy has none).
pub fn group_name(policy: Option<&Policy>, id: &str, lang: Lang) -> String {
    Names::of(policy).group(id, lang)
}

/// A department's name, as the policy writes it (the id when the policy has none).
pub fn department_name(policy: Option<&Policy>, id: &str, lang: Lang) -> String {
    Names::of(policy).department(id, lang)
}

/// The policy's names of groups, categories and departments by id, looked up once for a
/// report's many lines.
pub struct Names<'p> {
    groups: std::collections::HashMap<&'p str, &'p crate::lang::Text>,
    departments: std::collections::HashMap<&'p str, &'p crate::lang::Text>,
}

impl<'p> Names<'p> {
    /// The names of `policy` (none without one).
    pub fn of(policy: Option<&'p Policy>) -> Names<'p> {
        let mut groups = std::collections::HashMap::new();
        let mut departments = std::collections::HashMap::new();
        if let Some(p) = policy {
            if let Some(res) = &p.resident {
                // Categories first, so that a group of the same id wins (as `Policy::group`
                // is asked first).
                for c in &res.categories {
                    groups.insert(c.id.as_str(), &c.name);
                }
                for g in res.groups.iter().rev() {
                    groups.insert(g.id.as_str(), &g.name);
                }
            }
            for d in p.departments.iter().rev() {
                departments.insert(d.id.as_str(), &d.name);
            }
        }
        Names {
            groups,
            departments,
        }
    }

    /// A group's (or category's) name (the id when the policy has none).
    pub fn group(&self, id: &str, lang: Lang) -> String {
        self.groups
            .get(id)
            .map_or_else(|| id.to_string(), |n| n.get(lang).to_string())
    }

    /// A department's name (the id when the policy has none).
    pub fn department(&self, id: &str, lang: Lang) -> String {
        self.departments
            .get(id)
            .map_or_else(|| id.to_string(), |n| n.get(lang).to_string())
    }
}

/// A value of a report cell.
enum V {
    Text(String),
    Int(i64),
    /// Hundredths of a percent (or of a percentage point), shown as a number with two decimals.
    Bp(i64),
    Money(Decimal),
    Blank,
}

fn opt_bp(v: Option<u64>) -> V {
    v.map_or(V::Blank, |b| V::Bp(b as i64))
}

/// Writes a table with a frozen, filtered header; `total`: the last row is a total, kept out of
/// the filter (so that sorting keeps it last).
fn write_table(
    ws: &mut rust_xlsxwriter::Worksheet,
    heads: &[&str],
    rows: &[Vec<V>],
    total: bool,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let bold = Format::new().set_bold().set_text_wrap();
    let two = Format::new().set_num_format("0.00");
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
        let w = h
            .chars()
            .map(|ch| if ch.is_ascii() { 1.0 } else { 2.0 })
            .sum::<f64>();
        ws.set_column_width(c as u16, w.clamp(8.0, 24.0) + 1.0)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                V::Text(t) => {
                    ws.write_string(r, c, t)?;
                }
                V::Int(n) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                V::Bp(b) => {
                    ws.write_number_with_format(r, c, *b as f64 / 100.0, &two)?;
                }
                V::Money(d) => {
                    ws.write_number_with_format(r, c, d.to_f64().unwrap_or(0.0), &two)?;
                }
                V::Blank => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let filtered = rows.len() - usize::from(total && !rows.is_empty());
    if filtered > 0 {
        ws.autofilter(0, 0, filtered as u32, heads.len() as u16 - 1)?;
    }
    Ok(())
}

/// The report's labels in one language.
struct Words {
    rank: &'static str,
    township: &'static str,
    village: &'static str,
    people: &'static str,
    excluded: &'static str,
    registered: &'static str,
    insured: &'static str,
    elsewhere: &'static str,
    uncovered: &'static str,
    rate: &'static str,
    previous: &'static str,
    change: &'static str,
    gained: &'static str,
    target: &'static str,
    gap: &'static str,
    county: &'static str,
}

const ZH: Words = Words {
    rank: "排名",
    township: "乡镇（街道）",
    village: "村（社区）",
    people: "人数",
    excluded: "剔除",
    registered: "应参保",
    insured: "本地参保",
    elsewhere: "异地参保",
    uncovered: "未参保",
    rate: "参保率（%）",
    previous: "上期参保率（%）",
    change: "变化（百分点）",
    gained: "新增参保",
    target: "目标（%）",
    gap: "距目标（人）",
    county: "全县合计",
};

const EN: Words = Words {
    rank: "Rank",
    township: "Township",
    village: "Village",
    people: "People",
    excluded: "Excluded",
    registered: "To enroll",
    insured: "Insured here",
    elsewhere: "Insured elsewhere",
    uncovered: "Not insured",
    rate: "Coverage (%)",
    previous: "Previous (%)",
    change: "Change (points)",
    gained: "Newly covered",
    target: "Target (%)",
    gap: "Gap to target (people)",
    county: "County total",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

fn level_sheet(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: &Report,
    villages: bool,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Chart, ChartType};
    let w = words(lang);
    let mut heads = vec![w.rank, w.township];
    if villages {
        heads.push(w.village);
    }
    heads.extend([
        w.people,
        w.excluded,
        w.registered,
        w.insured,
        w.elsewhere,
        w.uncovered,
        w.rate,
    ]);
    if r.has_previous {
        heads.extend([w.previous, w.change, w.gained]);
    }
    let target = r.total.target.is_some();
    if target {
        heads.extend([w.target, w.gap]);
    }
    let lines = if villages { &r.villages } else { &r.townships };
    let row_of = |l: &Line, total: bool| {
        let mut v = vec![
            if total || l.rank == 0 {
                V::Blank
            } else {
                V::Int(l.rank as i64)
            },
            V::Text(if total {
                w.county.to_string()
            } else if l.township.is_empty() {
                "—".into()
            } else {
                l.township.clone()
            }),
        ];
        if villages {
            v.push(V::Text(if total || l.village.is_empty() {
                if total {
                    String::new()
                } else {
                    "—".into()
                }
            } else {
                l.village.clone()
            }));
        }
        v.extend([
            V::Int(l.people as i64),
            V::Int(l.excluded as i64),
            V::Int(l.registered as i64),
            V::Int(l.insured as i64),
            V::Int(l.insured_elsewhere as i64),
            V::Int(l.uncovered as i64),
            opt_bp(l.rate_bp),
        ]);
        if r.has_previous {
            v.extend([
                opt_bp(l.previous_bp),
                l.change_bp.map_or(V::Blank, V::Bp),
                l.gained.map_or(V::Blank, V::Int),
            ]);
        }
        if target {
            v.extend([
                l.target.map_or(V::Blank, V::Money),
                l.gap.map_or(V::Blank, |g| V::Int(g as i64)),
            ]);
        }
        v
    };
    let mut rows: Vec<Vec<V>> = lines.iter().map(|l| row_of(l, false)).collect();
    rows.push(row_of(&r.total, true));
    write_table(ws, &heads, &rows, true)?;
    // The chart: coverage per unit (columns) and the target (a line), for the townships.
    if !villages && !lines.is_empty() {
        let n = lines.len() as u32;
        let name = ws.name();
        let rate_col = heads.iter().position(|h| *h == w.rate).unwrap_or(0) as u16;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name(w.rate)
            .set_categories((name.as_str(), 1, 1, n, 1))
            .set_values((name.as_str(), 1, rate_col, n, rate_col));
        if target {
            let t_col = heads.iter().position(|h| *h == w.target).unwrap_or(0) as u16;
            let mut line = Chart::new(ChartType::Line);
            line.add_series()
                .set_name(w.target)
                .set_categories((name.as_str(), 1, 1, n, 1))
                .set_values((name.as_str(), 1, t_col, n, t_col));
            chart.combine(&line);
        }
        chart.title().set_name(match lang {
            Lang::Zh => "各乡镇参保率",
            Lang::En => "Coverage by township",
        });
        chart.x_axis().set_name(w.township);
        chart.y_axis().set_name(w.rate).set_min(0).set_max(100);
        chart
            .legend()
            .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
        ws.insert_chart(n + 3, 1, &chart)?;
    }
    Ok(())
}

/// The first sheet of a report from a ledger read back: whether it was checked against the
/// ledger as built, and every finding and problem row.
fn check_sheet(
    ws: &mut rust_xlsxwriter::Worksheet,
    read: &Read,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let zh = lang == Lang::Zh;
    ws.set_name(if zh { "核验" } else { "Checks" })?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let status = match (read.verified, zh) {
        (true, true) => "已用原始台账核验：人员、所属村和已参保人数以原始台账为准，只采用各村填写的联系结果、剔除原因和预计缴费日期。",
        (true, false) => "Checked against the ledger as built: the people, their villages and the already-enrolled counts are the ledger's; only the villages' contact results, exclusion reasons and payment dates are taken from the returned file.",
        (false, true) => "未核验：没有提供原始台账，人数和已参保人数来自交回的文件，可被改动。请用本单位留存的原始台账核验后再通报。",
        (false, false) => "Unverified: no ledger as built was given, so the people and the already-enrolled counts are the returned file's own, which can be edited. Check it against the ledger as built, kept by the county, before reporting.",
    };
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 8)?;
    ws.set_column_width(3, 20)?;
    ws.set_column_width(4, 10)?;
    ws.set_column_width(5, 40)?;
    ws.write_string_with_format(0, 0, status, &title)?;
    let heads: [&str; 6] = if zh {
        ["问题", "工作表", "行号", "村（社区）", "原表行号", "内容"]
    } else {
        [
            "Finding",
            "Sheet",
            "Row",
            "Village",
            "Row in the list",
            "Detail",
        ]
    };
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(2, i as u16, *h, &bold)?;
    }
    // Text from the returned file, shortened: a cell may hold 32,767 characters.
    let short = |s: &str| -> String {
        match s.char_indices().nth(200) {
            Some((at, _)) => format!("{}…", &s[..at]),
            None => s.to_string(),
        }
    };
    // At most this many lines (a sheet has 1,048,576 rows); the rest are counted.
    const MOST: usize = 100_000;
    let mut row = 3u32;
    let lines = read.findings.len() + read.problems.len();
    for f in read.findings.iter().take(MOST) {
        ws.write_string(row, 0, f.code.label(lang))?;
        ws.write_string(row, 1, short(&f.sheet))?;
        if f.row > 0 {
            ws.write_number(row, 2, f.row as f64)?;
        }
        ws.write_string(row, 3, short(&f.unit))?;
        if f.key > 0 {
            ws.write_number(row, 4, f.key as f64)?;
        }
        ws.write_string(row, 5, short(&f.detail))?;
        row += 1;
    }
    for (sheet, at, code) in read
        .problems
        .iter()
        .take(MOST.saturating_sub(read.findings.len()))
    {
        ws.write_string(row, 0, super::pipeline::code_label(code, lang))?;
        ws.write_string(row, 1, short(sheet))?;
        if *at > 0 {
            ws.write_number(row, 2, *at as f64)?;
        }
        row += 1;
    }
    if lines > MOST {
        let more = lines - MOST;
        ws.write_string(
            row,
            0,
            &if zh {
                format!("……另有 {more} 条未列出")
            } else {
                format!("… and {more} more not listed")
            },
        )?;
    }
    if lines == 0 {
        ws.write_string(3, 0, if zh { "无" } else { "None" })?;
    }
    Ok(())
}

/// The report as a workbook: townships (with a chart of coverage and the target line),
/// villages, groups against their targets, subsidies by department, the follow-up of a ledger
/// read back, and what the numbers count.
pub fn to_xlsx(
    r: &Report,
    read: &Read,
    policy: Option<&Policy>,
    lang: Lang,
) -> Result<Vec<u8>, super::RosterError> {
    write_xlsx(r, read, policy, lang).map_err(|e| {
        super::RosterError::new(
            super::RosterCode::WriteFailed,
            format!("无法生成进度通报文件：{e}"),
            format!("the progress workbook could not be written: {e}"),
        )
    })
}

fn write_xlsx(
    r: &Report,
    read: &Read,
    policy: Option<&Policy>,
    lang: Lang,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let zh = lang == Lang::Zh;
    let w = words(lang);
    let follow_up = read.follow_up.as_deref();
    let mut wb = Workbook::new();
    if follow_up.is_some() {
        check_sheet(wb.add_worksheet(), read, lang)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "乡镇进度" } else { "Townships" })?;
        level_sheet(ws, r, false, lang)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "村进度" } else { "Villages" })?;
        level_sheet(ws, r, true, lang)?;
    }
    let names = Names::of(policy);
    let group_name = |id: &str| names.group(id, lang);
    if !r.groups.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "重点人群" } else { "Groups" })?;
        let mut heads = vec![
            if zh { "人群" } else { "Group" },
            w.people,
            w.registered,
            if zh {
                "已参保（含异地）"
            } else {
                "Covered"
            },
            w.rate,
        ];
        if r.has_previous {
            heads.push(w.previous);
        }
        heads.extend([w.target, w.gap]);
        let rows: Vec<Vec<V>> = r
            .groups
            .iter()
            .map(|g| {
                let mut v = vec![
                    V::Text(group_name(&g.group)),
                    V::Int(g.people as i64),
                    V::Int(g.registered as i64),
                    V::Int(g.covered as i64),
                    opt_bp(g.rate_bp),
                ];
                if r.has_previous {
                    v.push(opt_bp(g.previous_bp));
                }
                v.push(g.target.map_or(V::Blank, V::Money));
                v.push(g.gap.map_or(V::Blank, |x| V::Int(x as i64)));
                v
            })
            .collect();
        write_table(ws, &heads, &rows, false)?;
    }
    if !r.payments.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "代缴资金" } else { "Subsidies" })?;
        let heads = if zh {
            [
                "部门",
                "人数",
                "应代缴（元）",
                "已缴人数",
                "已代缴（元）",
                "未到账（元）",
            ]
        } else {
            [
                "Department",
                "People",
                "Due",
                "Paid for",
                "Paid",
                "Outstanding",
            ]
        };
        let rows: Vec<Vec<V>> = r
            .payments
            .iter()
            .map(|p| {
                let name = names.department(&p.department, lang);
                vec![
                    V::Text(name),
                    V::Int(p.people as i64),
                    V::Money(p.due),
                    p.paid_people.map_or(V::Blank, |n| V::Int(n as i64)),
                    p.paid.map_or(V::Blank, V::Money),
                    p.outstanding.map_or(V::Blank, V::Money),
                ]
            })
            .collect();
        write_table(ws, &heads, &rows, false)?;
    }
    if let Some(f) = follow_up {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "跟进情况" } else { "Follow-up" })?;
        let mut heads = vec![w.township, w.village, w.people];
        heads.extend(super::ledger::Contact::ALL.iter().map(|c| c.label(lang)));
        heads.extend(if zh {
            ["剔除", "其他情况", "未填写", "已填预计缴费日期"]
        } else {
            [
                "Excluded",
                "Other",
                "Not filled in",
                "With an expected payment date",
            ]
        });
        let rows: Vec<Vec<V>> = f
            .iter()
            .map(|u| {
                let mut v = vec![
                    V::Text(if u.township.is_empty() {
                        "—".into()
                    } else {
                        u.township.clone()
                    }),
                    V::Text(if u.village.is_empty() {
                        "—".into()
                    } else {
                        u.village.clone()
                    }),
                    V::Int(u.people as i64),
                ];
                v.extend(u.contacts.iter().map(|n| V::Int(*n as i64)));
                v.extend([u.excluded, u.other, u.pending, u.dated].map(|n| V::Int(n as i64)));
                v
            })
            .collect();
        write_table(ws, &heads, &rows, false)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "说明" } else { "About" })?;
        ws.set_column_width(0, 100)?;
        let bold = Format::new().set_bold();
        let lines: &[&str] = if zh {
            &[
                "人数：名单中的人，每个身份证号码只计一次；号码有误、同号不同名等有错误的行不计。",
                "应参保 = 人数 − 剔除（现役军人、出国定居、判刑收监、户籍迁出、死亡、失踪）。",
                "参保率 = （本地参保 + 异地参保）÷ 应参保，以百分数四舍五入保留两位小数。",
                "距目标：参保率达到目标至少还需参保的人数（达到目标为 0），按未经四舍五入的参保率计算：显示为 97.00% 的单位也可能还差 1 人。",
                "变化：本期与上期参保率之差（百分点）；新增参保：本期与上期已参保（含异地）人数之差。",
                "排名：按参保率从高到低，参保率相同者名次相同。",
                "代缴资金：计入预算的人（剔除和异地参保的人不计）按政策资助标准合计；已代缴为参保状态为已参保（已缴费）的人。",
            ]
        } else {
            &[
                "People: the people of the list, each ID once; rows with an error (an invalid ID, one ID under two names…) are not counted.",
                "To enroll = people − excluded (military service, settled abroad, serving a sentence, registration moved out, deceased, missing).",
                "Coverage = (insured here + insured elsewhere) ÷ to enroll, as a percentage rounded half up to two decimals.",
                "Gap to target: the fewest more people to cover for coverage to reach the target (0 when reached), from the exact rate: a unit shown at 97.00% may still be 1 person short.",
                "Change: this report's coverage less the previous one's (percentage points); newly covered: covered now less covered then.",
                "Rank: by coverage, highest first; equal rates share a rank.",
                "Subsidies: the people in the budget (not the excluded or those insured elsewhere) at the policy's amounts; paid: those whose status says insured (paid).",
            ]
        };
        ws.write_string_with_format(
            0,
            0,
            if zh {
                "口径说明"
            } else {
                "What the numbers count"
            },
            &bold,
        )?;
        for (i, l) in lines.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, *l)?;
        }
        if let Some(p) = policy {
            let mut row = lines.len() as u32 + 2;
            ws.write_string_with_format(
                row,
                0,
                if zh {
                    "目标（来自政策）"
                } else {
                    "Targets (from the policy)"
                },
                &bold,
            )?;
            row += 1;
            for t in &p.targets {
                let who = if t.of == "all" {
                    (if zh { "全体" } else { "Everyone" }).to_string()
                } else {
                    group_name(&t.of)
                };
                let note = t.note.as_ref().map(|n| n.get(lang)).unwrap_or("");
                ws.write_string(row, 0, format!("{who}：{}% {note}", t.rate))?;
                row += 1;
            }
        }
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(t: &str, v: &str, people: usize, insured: usize, excluded: usize) -> UnitLine {
        let mut u = UnitLine {
            township: t.into(),
            village: v.into(),
            rows: people,
            people,
            insured,
            ..UnitLine::default()
        };
        u.excluded[0] = excluded;
        u
    }

    #[test]
    fn gap_is_the_fewest_people_to_reach_the_target() {
        let t = Decimal::new(97, 0);
        assert_eq!(gap(90, 100, t), 7);
        assert_eq!(gap(97, 100, t), 0);
        assert_eq!(gap(100, 100, t), 0);
        // 97% of 33 is 32.01: 33 people are needed.
        assert_eq!(gap(30, 33, t), 3);
        assert_eq!(gap(0, 0, t), 0);
    }

    #[test]
    fn ranks_compares_and_totals() {
        let before = Snapshot {
            units: vec![
                unit("甲镇", "东村", 10, 5, 0),
                unit("乙镇", "东村", 8, 8, 0),
            ],
            known: true,
            ..Snapshot::default()
        };
        let now = Snapshot {
            units: vec![
                unit("甲镇", "东村", 10, 9, 0),
                unit("乙镇", "东村", 8, 8, 0),
                unit("乙镇", "", 5, 2, 1),
            ],
            known: true,
            ..Snapshot::default()
        };
        let r = report(&now, Some(&before), None);
        let labels: Vec<String> = r.villages.iter().map(Line::label).collect();
        assert_eq!(labels, ["乙镇 · 东村", "甲镇 · 东村", "乙镇"]);
        assert_eq!(r.villages[0].rank, 1);
        assert_eq!(r.villages[1].rate_bp, Some(9000));
        assert_eq!(r.villages[1].change_bp, Some(4000));
        assert_eq!(r.villages[1].gained, Some(4));
        // The township line without a village: 2 of 4 (one excluded).
        assert_eq!(r.villages[2].registered, 4);
        assert_eq!(r.villages[2].rate_bp, Some(5000));
        // New since the previous report: no change to show.
        assert_eq!(r.villages[2].previous_bp, None);
        assert_eq!(r.villages[2].gained, None);
        let towns: Vec<(&str, Option<u64>)> = r
            .townships
            .iter()
            .map(|l| (l.township.as_str(), l.rate_bp))
            .collect();
        // 乙镇: 10 of 12 = 83.33%; 甲镇 90%.
        assert_eq!(towns, [("甲镇", Some(9000)), ("乙镇", Some(8333))]);
        assert_eq!(r.total.registered, 22);
        assert_eq!(r.total.covered(), 19);
        assert_eq!(r.total.gained, Some(6));
        assert_eq!(r.total.target, None);
    }

    #[test]
    fn equal_rates_share_a_rank() {
        let now = Snapshot {
            units: vec![
                unit("甲镇", "一村", 4, 2, 0),
                unit("甲镇", "二村", 2, 2, 0),
                unit("甲镇", "三村", 2, 1, 0),
                unit("甲镇", "四村", 1, 0, 1),
            ],
            ..Snapshot::default()
        };
        let r = report(&now, None, None);
        let ranks: Vec<(String, u32)> = r
            .villages
            .iter()
            .map(|l| (l.village.clone(), l.rank))
            .collect();
        assert_eq!(
            ranks,
            [
                ("二村".to_string(), 1),
                ("一村".to_string(), 2),
                ("三村".to_string(), 2),
                ("四村".to_string(), 0)
            ]
        );
        assert!(!r.has_previous);
    }
}
