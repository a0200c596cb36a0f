//! Summaries of a processed roster: counts by status, by problem, by group and by unit
//! (county → township → village); the department budget (with a policy); and coverage tables
//! when a status or exclusion column says who is insured, insured elsewhere or excluded.

use rust_decimal::Decimal;

use super::header::{Mapping, Role};
use super::pipeline::{RowResult, Status};
use super::Table;
use crate::calc::coverage::{coverage_table, CoverageTable, Order, UnitCounts};
use crate::calc::resident::{tally, Budget, Share};
use crate::policy::Policy;

/// A map with FxHash (the keys are the clerk's own file: flooding resistance buys nothing).
type FxMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

pub use super::status::{standing, Exclusion, Standing, Standings};

/// One unit's line: a village of a township, a township's subtotal (`village` empty), or the
/// county's total.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitLine {
    /// The township as written (empty when the roster has no township column or cell).
    pub township: String,
    /// The village as written (empty: none given, or a subtotal).
    pub village: String,
    /// Rows (not empty).
    pub rows: usize,
    /// People: rows that count (no error, each person once).
    pub people: usize,
    /// Rows with an error.
    pub errors: usize,
    /// Rows with a warning.
    pub warnings: usize,
    /// Insured here.
    pub insured: usize,
    /// Insured elsewhere (another province, place or scheme).
    pub insured_elsewhere: usize,
    /// Excluded, per reason (in `Exclusion::ALL` order).
    pub excluded: [usize; 6],
}

impl UnitLine {
    /// Excluded, all reasons.
    pub fn excluded_total(&self) -> usize {
        self.excluded.iter().sum()
    }

    /// The denominator: people less the excluded.
    pub fn registered(&self) -> usize {
        self.people - self.excluded_total()
    }

    /// A label that keeps same-named villages of different townships apart (`城关镇 · 东村`,
    /// `城关镇 · —` for rows without a village).
    pub fn label(&self) -> String {
        match (self.township.is_empty(), self.village.is_empty()) {
            (true, true) => "—".into(),
            (true, false) => self.village.clone(),
            (false, true) => format!("{} · —", self.township),
            (false, false) => format!("{} · {}", self.township, self.village),
        }
    }

    pub(crate) fn add(&mut self, o: &UnitLine) {
        self.rows += o.rows;
        self.people += o.people;
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.insured += o.insured;
        self.insured_elsewhere += o.insured_elsewhere;
        for (a, b) in self.excluded.iter_mut().zip(o.excluded) {
            *a += b;
        }
    }

    fn counts(&self, unit: String) -> UnitCounts {
        UnitCounts {
            unit,
            registered: self.registered() as u64,
            insured_local: self.insured as u64,
            insured_elsewhere: self.insured_elsewhere as u64,
        }
    }
}

/// Coverage of one policy group: the people counted whose group cell names it (a person of
/// two groups is in both lines).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupLine {
    /// The policy group id.
    pub group: String,
    /// People.
    pub people: usize,
    /// Insured here.
    pub insured: usize,
    /// Insured elsewhere.
    pub insured_elsewhere: usize,
    /// Excluded, all reasons.
    pub excluded: usize,
}

impl GroupLine {
    /// The denominator: people less the excluded.
    pub fn registered(&self) -> usize {
        self.people - self.excluded
    }
}

/// The summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Data rows.
    pub rows: usize,
    /// Rows per status: ok, warning, error.
    pub by_status: [usize; 3],
    /// Problems per code, most frequent first.
    pub by_code: Vec<(&'static str, usize)>,
    /// People per applied group (policy group id) with their subsidies' total, over the
    /// budget's people: a person once, with no error, neither excluded nor insured elsewhere
    /// (the groups' totals add up to the budget's subsidies).
    pub by_group: Vec<(String, usize, Decimal)>,
    /// Rows per village of each township, in order of first appearance.
    pub by_unit: Vec<UnitLine>,
    /// Township subtotals, in order of first appearance.
    pub by_township: Vec<UnitLine>,
    /// The county's total.
    pub total: UnitLine,
    /// Subsidies by department (with a policy), over the rows that count (see [`Counted`]).
    pub budget: Option<Budget>,
    /// The part of `budget` already paid: the same rows whose status cell says insured (with a
    /// policy and a status column; 代缴 paid).
    pub paid: Option<Budget>,
    /// Coverage per policy group named in the rows (with a policy), in order of first
    /// appearance.
    pub groups: Vec<GroupLine>,
    /// Rows that do not count as a person in the budget, the group counts and coverage, by
    /// why.
    pub excluded: Excluded,
    /// Coverage by village (when a status or exclusion column exists); units labelled as
    /// [`UnitLine::label`].
    pub coverage: Option<CoverageTable>,
    /// Coverage by township (idem).
    pub coverage_townships: Option<CoverageTable>,
    /// The data rows in the budget, one bit each (see [`Summary::in_budget`]).
    pub budget_rows: Vec<u64>,
}

impl Summary {
    /// Whether data row `k` (0-based, below the header) is in the budget: a person counted once,
    /// with no error, a subsidy the policy states, neither excluded nor insured elsewhere. The
    /// writers show the amounts of these rows alone, so that the subsidy and payable columns
    /// add up to the budget's totals.
    pub fn in_budget(&self, k: usize) -> bool {
        self.budget_rows
            .get(k / 64)
            .is_some_and(|w| w >> (k % 64) & 1 == 1)
    }
}

/// Rows that do not count as a person, by why (each row under one reason).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Excluded {
    /// Rows with an error (a bad number, a newborn's malformed birth certificate or missing
    /// guardian, the same number under another name).
    pub invalid: usize,
    /// Later copies of a person already counted.
    pub duplicates: usize,
    /// Rows whose subsidy the policy does not state (a group without an amount, and no
    /// group with a full subsidy): out of the budget only, still people for coverage.
    pub not_stated: usize,
    /// People excluded (剔除) or insured elsewhere: out of the budget only (nobody pays their
    /// subsidy here), still people for coverage.
    pub out_of_scheme: usize,
}

/// Whether each row counts: as a person (coverage) and in the budget. A person counts once,
/// at the first row of their number without an error (so an earlier copy with an error does
/// not lose them); rows with an error never count; a row whose subsidy the policy does not
/// state counts as a person but not in the budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted {
    /// A person for coverage and head counts.
    pub person: bool,
    /// In the budget and the group counts.
    pub budget: bool,
}

pub(crate) fn counted(results: &[RowResult], excluded: &mut Excluded) -> Vec<Counted> {
    use crate::roster::pipeline::RowCode;
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    results
        .iter()
        .map(|r| {
            let no = Counted {
                person: false,
                budget: false,
            };
            if r.is_empty_row() {
                return no;
            }
            if r.status() == Status::Error {
                excluded.invalid += 1;
                return no;
            }
            // A person is known by their number, or a newborn without one by the certificate.
            if let Some(id) = r.id.as_deref().or(r.certificate.as_deref()) {
                if !seen.insert(id) {
                    excluded.duplicates += 1;
                    return no;
                }
            }
            let not_stated = r
                .problems
                .iter()
                .any(|p| p.code == RowCode::SubsidyNotStated.code())
                && r.payable.is_some_and(|p| !p.is_zero());
            excluded.not_stated += not_stated as usize;
            Counted {
                person: true,
                budget: !not_stated,
            }
        })
        .collect()
}

/// Township subtotals of village lines (in order of first appearance) and the county's total.
pub fn townships(units: &[UnitLine]) -> (Vec<UnitLine>, UnitLine) {
    let mut out: Vec<UnitLine> = Vec::new();
    // Each township's line in `out`: a county may have thousands of units.
    let mut at: FxMap<&str, usize> = Default::default();
    let mut total = UnitLine::default();
    for u in units {
        total.add(u);
        match at.get(u.township.as_str()) {
            Some(&i) => out[i].add(u),
            None => {
                at.insert(&u.township, out.len());
                let mut t = UnitLine {
                    township: u.township.clone(),
                    ..UnitLine::default()
                };
                t.add(u);
                out.push(t);
            }
        }
    }
    (out, total)
}

/// Summarizes the results of `table` under `mapping`.
pub fn summarize(
    table: &Table,
    mapping: &Mapping,
    results: &[RowResult],
    policy: Option<&Policy>,
) -> Summary {
    let start = mapping.header_row.saturating_add(1);
    let mut by_status = [0usize; 3];
    let mut by_code: Vec<(&'static str, usize)> = Vec::new();
    let mut by_group: Vec<(String, usize, Decimal)> = Vec::new();
    // The line of each group in `by_group` and in `groups` (a policy may have many groups).
    let mut by_group_at: FxMap<String, usize> = Default::default();
    let mut groups_at: FxMap<String, usize> = Default::default();
    let mut by_unit: Vec<UnitLine> = Vec::new();
    let mut unit_index: std::collections::HashMap<
        (String, String),
        usize,
        rustc_hash::FxBuildHasher,
    > = Default::default();
    let mut last_unit: Option<usize> = None;
    let mut standings = Standings::default();
    let mut groups: Vec<GroupLine> = Vec::new();
    let mut stands_of: Vec<Standing> = Vec::with_capacity(results.len());
    let mut excluded = Excluded::default();
    let counts = counted(results, &mut excluded);
    let township_col = mapping.column(Role::Township);
    let village_col = mapping.column(Role::Village);
    let status_col = mapping.column(Role::Status);
    let reason_col = mapping.column(Role::Exclusion);
    for (k, r) in results.iter().enumerate() {
        let row = start + k;
        let status = r.status();
        by_status[status as usize] += 1;
        for p in &r.problems {
            match by_code.iter_mut().find(|(c, _)| *c == p.code) {
                Some(e) => e.1 += 1,
                None => by_code.push((p.code, 1)),
            }
        }
        if r.is_empty_row() {
            stands_of.push(Standing::NotInsured);
            continue;
        }
        let text = |c: Option<usize>| {
            c.map(|c| table.cell(row, c).text().trim().to_string())
                .unwrap_or_default()
        };
        // Names as the workbooks can hold them (see `RowCode::ControlCharacter`).
        let clean = |mut s: String| {
            if super::has_xml_control(&s) {
                s = s
                    .chars()
                    .map(|c| {
                        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                            '\u{FFFD}'
                        } else {
                            c
                        }
                    })
                    .collect();
            }
            s
        };
        let (township, village) = (clean(text(township_col)), clean(text(village_col)));
        let cell = |c: Option<usize>| c.map(|c| table.cell(row, c).text_ref());
        let stands = standings.of(
            cell(status_col).as_deref().unwrap_or("").trim(),
            cell(reason_col).as_deref().unwrap_or("").trim(),
        );
        stands_of.push(stands);
        // The budget's people by group (as `budget_of` counts them).
        if let Some(g) = r.applied_group.as_ref().filter(|_| {
            counts[k].budget && !matches!(stands, Standing::Excluded(_) | Standing::Elsewhere)
        }) {
            let s = r.subsidy.unwrap_or_default();
            match by_group_at.get(g.as_str()) {
                Some(&i) => {
                    let e = &mut by_group[i];
                    e.1 += 1;
                    e.2 += s;
                }
                None => {
                    by_group_at.insert(g.clone(), by_group.len());
                    by_group.push((g.clone(), 1, s));
                }
            }
        }
        // Rosters are mostly sorted by unit: the previous row's unit first, then the index.
        let i = match last_unit {
            Some(i) if by_unit[i].township == township && by_unit[i].village == village => i,
            _ => {
                let n = by_unit.len();
                let i = *unit_index
                    .entry((township.clone(), village.clone()))
                    .or_insert(n);
                if i == n {
                    by_unit.push(UnitLine {
                        township,
                        village,
                        ..UnitLine::default()
                    });
                }
                i
            }
        };
        last_unit = Some(i);
        let line = &mut by_unit[i];
        line.rows += 1;
        line.errors += (status == Status::Error) as usize;
        line.warnings += (status == Status::Warning) as usize;
        if !counts[k].person {
            continue;
        }
        for (i, g) in r.groups.iter().enumerate() {
            if r.groups[..i].contains(g) {
                continue;
            }
            let gl = match groups_at.get(g.as_str()) {
                Some(&i) => &mut groups[i],
                None => {
                    groups_at.insert(g.clone(), groups.len());
                    groups.push(GroupLine {
                        group: g.clone(),
                        ..GroupLine::default()
                    });
                    groups.last_mut().expect("just pushed")
                }
            };
            gl.people += 1;
            match stands {
                Standing::Insured => gl.insured += 1,
                Standing::Elsewhere => gl.insured_elsewhere += 1,
                Standing::Excluded(_) => gl.excluded += 1,
                Standing::NotInsured => {}
            }
        }
        line.people += 1;
        if counts[k].budget && matches!(stands, Standing::Excluded(_) | Standing::Elsewhere) {
            excluded.out_of_scheme += 1;
        }
        match stands {
            Standing::Insured => line.insured += 1,
            Standing::Elsewhere => line.insured_elsewhere += 1,
            Standing::Excluded(e) => {
                // `Exclusion::ALL` is in declaration order.
                line.excluded[e as usize] += 1
            }
            Standing::NotInsured => {}
        }
    }
    let (by_township, total) = townships(&by_unit);
    by_code.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let budget_of = |paid_only: bool| {
        policy.and_then(|p| {
            let res = p.resident.as_ref()?;
            let amounts = res.amounts?;
            // Each group's department by id (the first group of an id, as `Policy::group`).
            let mut department: FxMap<&str, &str> = Default::default();
            for g in &res.groups {
                department.entry(&g.id).or_insert(&g.department);
            }
            let people = results
                .iter()
                .zip(&counts)
                .zip(&stands_of)
                .filter(|((_, c), s)| {
                    c.budget
                        && !matches!(s, Standing::Excluded(_) | Standing::Elsewhere)
                        && (!paid_only || **s == Standing::Insured)
                })
                .map(|((r, _), _)| {
                    let subsidy = r.subsidy.unwrap_or_default();
                    Share {
                        department: r
                            .applied_group
                            .as_deref()
                            .and_then(|g| department.get(g).copied()),
                        individual: amounts.individual,
                        charged: amounts.individual,
                        subsidy,
                        payable: amounts.individual - subsidy,
                        fiscal: amounts.fiscal,
                    }
                });
            Some(tally(p, people))
        })
    };
    let budget = budget_of(false);
    let mut budget_rows = vec![0u64; results.len().div_ceil(64)];
    for (k, (c, s)) in counts.iter().zip(&stands_of).enumerate() {
        if c.budget && !matches!(s, Standing::Excluded(_) | Standing::Elsewhere) {
            budget_rows[k / 64] |= 1 << (k % 64);
        }
    }
    let paid = status_col.and_then(|_| budget_of(true));
    let table_of = |lines: &[UnitLine], label: fn(&UnitLine) -> String| {
        let units: Vec<UnitCounts> = lines
            .iter()
            .filter(|u| u.registered() > 0)
            .map(|u| u.counts(label(u)))
            .collect();
        coverage_table(&units, Order::Descending).ok()
    };
    let known = status_col.is_some() || reason_col.is_some();
    let coverage = known.then(|| table_of(&by_unit, UnitLine::label)).flatten();
    let coverage_townships = known
        .then(|| {
            table_of(&by_township, |t| {
                if t.township.is_empty() {
                    "—".into()
                } else {
                    t.township.clone()
                }
            })
        })
        .flatten();
    Summary {
        rows: results.len(),
        by_status,
        by_code,
        by_group,
        by_unit,
        budget,
        paid,
        groups,
        excluded,
        coverage,
        by_township,
        total,
        coverage_townships,
        budget_rows,
    }
}
