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

    /// Adds another part of the same list (another sheet of a ledger).
    pub fn add(&mut self, o: Snapshot) {
        for u in o.units {
            match self
                .units
                .iter_mut()
                .find(|x| x.township == u.township && x.village == u.village)
            {
                Some(x) => x.add(&u),
                None => self.units.push(u),
            }
        }
        for g in o.groups {
            match self.groups.iter_mut().find(|x| x.group == g.group) {
                Some(x) => {
                    x.people += g.people;
                    x.insured += g.insured;
                    x.insured_elsewhere += g.insured_elsewhere;
                    x.excluded += g.excluded;
                }
                None => self.groups.push(g),
            }
        }
        add_lines(&mut self.due, o.due);
        match (&mut self.paid, o.paid) {
            (Some(a), Some(b)) => add_lines(a, b),
            (None, Some(b)) => self.paid = Some(b),
            _ => {}
        }
        self.known |= o.known;
    }
}

fn add_lines(a: &mut Vec<DepartmentLine>, b: Vec<DepartmentLine>) {
    for l in b {
        match a.iter_mut().find(|x| x.department == l.department) {
            Some(x) => {
                x.people += l.people;
                x.subsidy += l.subsidy;
            }
            None => a.push(l),
        }
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
        gap: target.map(|t| gap(covered, registered, t)),
        ..Line::default()
    }
}

fn compare(line: &mut Line, before: Option<&Line>) {
    if let Some(b) = before {
        line.previous_bp = b.rate_bp;
        line.change_bp = match (line.rate_bp, b.rate_bp) {
            (Some(a), Some(b)) => Some(a as i64 - b as i64),
            _ => None,
        };
        line.gained = Some(line.covered() as i64 - b.covered() as i64);
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
    let target_of =
        |of: &str| policy.and_then(|p| p.targets.iter().find(|t| t.of == of).map(|t| t.rate));
    let overall = target_of("all");
    let level = |now_units: &[UnitLine], before_units: Option<&[UnitLine]>| {
        let mut lines: Vec<Line> = now_units.iter().map(|u| line_of(u, overall)).collect();
        if let Some(b) = before_units {
            for l in &mut lines {
                let prev = b
                    .iter()
                    .find(|u| u.township == l.township && u.village == l.village)
                    .map(|u| line_of(u, None))
                    .unwrap_or_default();
                compare(l, Some(&prev));
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
        compare(&mut total, Some(&line_of(t, None)));
    }
    // Groups: the policy's targets first (in its order), then the other groups in the list.
    let mut groups: Vec<GroupProgress> = Vec::new();
    let group_line =
        |id: &str, snap: &Snapshot| snap.groups.iter().find(|g| g.group == id).cloned();
    let mut ids: Vec<String> = policy
        .map(|p| {
            p.targets
                .iter()
                .filter(|t| t.of != "all")
                .map(|t| t.of.clone())
                .collect()
        })
        .unwrap_or_default();
    for g in &now.groups {
        if !ids.contains(&g.group) {
            ids.push(g.group.clone());
        }
    }
    for id in ids {
        let g = group_line(&id, now).unwrap_or_default();
        let covered = g.insured + g.insured_elsewhere;
        let target = target_of(&id);
        groups.push(GroupProgress {
            people: g.people,
            registered: g.registered(),
            covered,
            rate_bp: rate(covered, g.registered()),
            previous_bp: before
                .and_then(|b| group_line(&id, b))
                .and_then(|b| rate(b.insured + b.insured_elsewhere, b.registered())),
            target,
            gap: target.map(|t| gap(covered, g.registered(), t)),
            group: id,
        });
    }
    let payments = now
        .due
        .iter()
        .filter(|d| d.people > 0)
        .map(|d| {
            let paid = now.paid.as_ref().map(|p| {
                p.iter()
                    .find(|x| x.department == d.department)
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
        assert_eq!(r.villages[2].previous_bp, None);
        assert_eq!(r.villages[2].gained, Some(2));
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
