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

/// Why a person is left out of the denominator (剔除), as the notices list the reasons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exclusion {
    /// In active military service (现役军人).
    Military,
    /// Settled abroad (出国定居).
    Emigrated,
    /// Serving a prison sentence (判刑收监).
    Imprisoned,
    /// Household registration moved out (户籍迁出).
    MovedOut,
    /// Deceased (死亡).
    Deceased,
    /// Missing (失踪).
    Missing,
}

impl Exclusion {
    /// Every reason.
    pub const ALL: [Exclusion; 6] = [
        Exclusion::Military,
        Exclusion::Emigrated,
        Exclusion::Imprisoned,
        Exclusion::MovedOut,
        Exclusion::Deceased,
        Exclusion::Missing,
    ];

    /// Stable snake_case code.
    pub const fn code(self) -> &'static str {
        match self {
            Exclusion::Military => "military",
            Exclusion::Emigrated => "emigrated",
            Exclusion::Imprisoned => "imprisoned",
            Exclusion::MovedOut => "moved_out",
            Exclusion::Deceased => "deceased",
            Exclusion::Missing => "missing",
        }
    }

    /// The reason as the notices write it, or in English.
    pub const fn label(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang::*;
        match (self, lang) {
            (Exclusion::Military, Zh) => "现役军人",
            (Exclusion::Military, En) => "In active military service",
            (Exclusion::Emigrated, Zh) => "出国定居",
            (Exclusion::Emigrated, En) => "Settled abroad",
            (Exclusion::Imprisoned, Zh) => "判刑收监",
            (Exclusion::Imprisoned, En) => "Serving a sentence",
            (Exclusion::MovedOut, Zh) => "户籍迁出",
            (Exclusion::MovedOut, En) => "Registration moved out",
            (Exclusion::Deceased, Zh) => "死亡",
            (Exclusion::Deceased, En) => "Deceased",
            (Exclusion::Missing, Zh) => "失踪",
            (Exclusion::Missing, En) => "Missing",
        }
    }

    /// Wordings seen in rosters.
    const fn words(self) -> &'static [&'static str] {
        match self {
            Exclusion::Military => &["现役军人", "现役", "服兵役", "入伍", "参军"],
            Exclusion::Emigrated => &["出国定居", "国外定居", "定居国外", "出国（境）定居", "移民"],
            Exclusion::Imprisoned => &["判刑收监", "服刑", "收监", "羁押", "在押"],
            Exclusion::MovedOut => &["户籍迁出", "户口迁出", "已迁出", "迁出"],
            Exclusion::Deceased => &["死亡", "已故", "去世", "身故", "殁"],
            Exclusion::Missing => &["失踪", "下落不明"],
        }
    }
}

/// Where a person stands for coverage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Insured here.
    Insured,
    /// Insured in another province, place or scheme (异地参保, 省外参保, 职工医保).
    Elsewhere,
    /// Not insured.
    NotInsured,
    /// Out of the denominator, for this reason.
    Excluded(Exclusion),
}

const ELSEWHERE: [&str; 9] = [
    "省外参保",
    "外省参保",
    "异地参保",
    "外地参保",
    "在外地参保",
    "其他统筹区",
    "职工医保",
    "职工基本医疗保险",
    "elsewhere",
];

/// Where a person stands, from the status cell and the exclusion cell (either may carry an
/// exclusion reason or "insured elsewhere").
pub fn standing(status: &str, reason: &str) -> Standing {
    for text in [reason, status] {
        if let Some(e) = Exclusion::ALL.into_iter().find(|e| {
            e.words().iter().any(|w| says(text, w))
                || e.label(crate::lang::Lang::En)
                    .eq_ignore_ascii_case(text.trim())
        }) {
            return Standing::Excluded(e);
        }
    }
    if [reason, status]
        .iter()
        .any(|t| !t.contains('未') && ELSEWHERE.iter().any(|w| t.contains(w)))
    {
        return Standing::Elsewhere;
    }
    if means_insured(status) {
        Standing::Insured
    } else {
        Standing::NotInsured
    }
}

/// Words that, right before an exclusion's wording, deny it (户籍未迁出, 未死亡, 不在押, 没有服刑).
/// Not 否: before such a wording it is the 是否 of a question (是否死亡：是).
const NEGATIONS: [&str; 7] = ["未", "不", "非", "无", "没", "没有", "不是"];

/// True if `text` has `word` at least once without a negation right before it.
fn says(text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(at, _)| !NEGATIONS.iter().any(|n| text[..at].ends_with(n)))
}

/// [`standing`] remembered per distinct pair of cells: a roster's status and reason columns
/// hold a few wordings repeated on every row.
#[derive(Default)]
pub struct Standings {
    seen: std::collections::HashMap<String, Standing, rustc_hash::FxBuildHasher>,
    key: String,
}

impl Standings {
    /// Distinct pairs remembered at most (free text beyond is read each time).
    const MAX: usize = 4096;

    /// Where a person stands, from the status cell and the exclusion cell.
    pub fn of(&mut self, status: &str, reason: &str) -> Standing {
        self.key.clear();
        self.key.push_str(status);
        self.key.push('\u{1f}');
        self.key.push_str(reason);
        if let Some(s) = self.seen.get(self.key.as_str()) {
            return *s;
        }
        let s = standing(status, reason);
        if self.seen.len() < Self::MAX {
            self.seen.insert(self.key.clone(), s);
        }
        s
    }
}

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
}

/// Whether a status cell means insured (已参保, 已缴费, 是, 参保 …) rather than not.
pub fn means_insured(s: &str) -> bool {
    let s = s.trim().to_lowercase();
    !s.is_empty()
        && !["未", "否", "不", "断", "停", "not", "unpaid", "uninsured"]
            .iter()
            .any(|w| s.contains(w))
        && [
            "已参保",
            "已缴",
            "参保",
            "是",
            "正常",
            "insured",
            "yes",
            "paid",
        ]
        .iter()
        .any(|w| s.contains(w))
}

/// Rows that do not count as a person, by why (each row under one reason).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Excluded {
    /// Rows with an error (a bad number, an unknown group, the same number under another
    /// name).
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

fn counted(results: &[RowResult], excluded: &mut Excluded) -> Vec<Counted> {
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
            if let Some(id) = &r.id {
                if !seen.insert(id.as_str()) {
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
    let mut total = UnitLine::default();
    for u in units {
        total.add(u);
        match out.iter_mut().find(|t| t.township == u.township) {
            Some(t) => t.add(u),
            None => {
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
        let (township, village) = (text(township_col), text(village_col));
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
            match by_group.iter_mut().find(|(id, _, _)| id == g) {
                Some(e) => {
                    e.1 += 1;
                    e.2 += s;
                }
                None => by_group.push((g.clone(), 1, s)),
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
            let gl = match groups.iter().position(|l| &l.group == g) {
                Some(i) => &mut groups[i],
                None => {
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
            let amounts = p.resident.as_ref()?.amounts?;
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
                            .and_then(|g| p.group(g))
                            .map(|g| g.department.as_str()),
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusions_are_read_unless_denied() {
        for (status, reason, want) in [
            ("", "户籍迁出", Standing::Excluded(Exclusion::MovedOut)),
            ("", "已迁出", Standing::Excluded(Exclusion::MovedOut)),
            ("未参保", "死亡", Standing::Excluded(Exclusion::Deceased)),
            ("", "非正常死亡", Standing::Excluded(Exclusion::Deceased)),
            ("在押", "", Standing::Excluded(Exclusion::Imprisoned)),
            ("", "下落不明", Standing::Excluded(Exclusion::Missing)),
            ("", "是否死亡：是", Standing::Excluded(Exclusion::Deceased)),
            // Denied: the person stays in the denominator.
            ("已参保", "户籍未迁出", Standing::Insured),
            ("户口未迁出", "", Standing::NotInsured),
            ("未参保", "未死亡", Standing::NotInsured),
            ("已缴费", "没有服刑", Standing::Insured),
            ("", "不是现役军人", Standing::NotInsured),
            // One wording denied, another not.
            (
                "",
                "户籍未迁出，已死亡",
                Standing::Excluded(Exclusion::Deceased),
            ),
        ] {
            assert_eq!(standing(status, reason), want, "{status} / {reason}");
        }
    }
}
