//! Progress reports (进度通报): a campaign's coverage per village, township and county at one
//! date, the change since the previous report, the gap to the policy's targets (overall and
//! per group), the ranking, and the subsidised groups' payments by department.
//!
//! A [`Snapshot`] is what one list says at one date: a roster with a status column, or a
//! ledger read back ([`super::read_back`]). [`report`] compares two snapshots.
//!
//! What the numbers count: *people* are the rows that count as a person (each ID once, rows
//! with an error left out: see [`crate::roster::summary::Counted`]); *to enroll* (应参保) is people
//! less the excluded; *covered* is insured here plus insured elsewhere; the *rate* is covered
//! ÷ to enroll in hundredths of a percent, rounded half up; the *gap* is the fewest more
//! people to cover for the rate to reach the target.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

pub use super::snapshot::Snapshot;
use crate::policy::Policy;
use crate::roster::summary::{townships, GroupLine, UnitLine};

/// A list read for a progress report: a ledger read back (a workbook with ledger sheets, see
/// [`super::read_back::read_back`]) or a roster with a status or exclusion column.
pub struct Read {
    /// What it says.
    pub snapshot: Snapshot,
    /// The ledger's follow-up, when it is a ledger.
    pub follow_up: Option<Vec<super::read_back::FollowUp>>,
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

impl From<super::read_back::ReadBack> for Read {
    fn from(b: super::read_back::ReadBack) -> Read {
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
    input: &crate::roster::Input,
    choices: &crate::roster::Choices,
    settings: crate::roster::pipeline::Settings,
    built: Option<&super::verify::AsBuilt>,
    on_rows: &mut dyn FnMut(usize, usize),
) -> Result<Read, crate::roster::RosterError> {
    if crate::roster::read::sniff(input.bytes) != crate::roster::read::Format::Csv
        && input.sheet.is_none()
    {
        match super::read_back::read_back(input.bytes, &settings, built) {
            Ok(b) => return Ok(Read::from(b)),
            Err(e) if e.code == "not_a_ledger" && built.is_none() => {}
            Err(e) => return Err(e),
        }
    }
    if built.is_some() {
        return Err(crate::roster::RosterError::new(
            crate::roster::RosterCode::NotALedger,
            "已选择原始台账，但交回的文件不是台账：没有一个工作表同时有“身份证号码”“联系结果”和“原表行号”列",
            "a ledger as built was given, but the returned file is not a ledger: no sheet has an ID number, a contact result and a row-in-the-list column",
        ));
    }
    let c =
        crate::roster::job::Job::open(input, choices, settings, true)?.check_with(CHUNK, on_rows);
    let snapshot = Snapshot::of(&c.summary, &c.source.mapping);
    if !snapshot.known {
        return Err(crate::roster::RosterError::new(
            crate::roster::RosterCode::NoStatusColumn,
            "名单中没有“参保状态”（或“剔除原因”）列，无法计算参保进度。请选择有参保状态的名单，或由本工具生成、各村填写后的台账",
            "the list has no status (or exclusion) column, so its coverage cannot be computed. Choose a list with an enrollment status, or a ledger made by this tool and filled in by the villages",
        ));
    }
    let start = c.source.mapping.header_row + 1;
    // Listed: rows with an error (not counted), statuses not understood (not insured) and
    // later copies of a person (counted once).
    let listed = [
        crate::roster::pipeline::RowCode::StatusNotUnderstood.code(),
        crate::roster::pipeline::RowCode::DuplicateInFile.code(),
        crate::roster::pipeline::RowCode::ControlCharacter.code(),
    ];
    let problems = c
        .results
        .iter()
        .enumerate()
        .filter_map(|(k, r)| {
            r.problems
                .iter()
                .find(|p| {
                    p.severity == crate::roster::pipeline::Status::Error || listed.contains(&p.code)
                })
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
    input: &crate::roster::Input,
    choices: &crate::roster::Choices,
    settings: crate::roster::pipeline::Settings,
    built: Option<&super::verify::AsBuilt>,
    on_rows: &mut dyn FnMut(usize, usize),
) -> Result<Read, crate::roster::RosterError> {
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
    /// Groups and payments count only the people in the ledger (see
    /// [`Snapshot::groups_ledger_only`]).
    pub groups_ledger_only: bool,
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
        groups_ledger_only: now.groups_ledger_only,
    }
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
