//! A ledger filled in by village staff, read back for a progress report: against the ledger
//! as built when the county gives it ([`super::verify`]), otherwise as it is, and said to be
//! unverified.

type FxHashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

use super::layout::{columns, unmatched_heads};
use super::ledger::{text_at, EnrolledGroup};
use super::snapshot::Snapshot;
use super::verify::{
    self, compare_groups, compare_tables, groups_table, reconcile, villages_table, AsBuilt,
    BuiltVillage, Finding, FindingCode, Returned,
};
use crate::date::Date;
use crate::lang::Lang;
use crate::roster::header::{self, Role};
use crate::roster::pipeline::{Processor, Settings, Status};
use crate::roster::status::Standing;
use crate::roster::summary::summarize;
use crate::roster::{Cell, RosterCode, RosterError, Table};

/// One village's follow-up, from a ledger read back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowUp {
    /// Township as written.
    pub township: String,
    /// Village as written.
    pub village: String,
    /// People in the sheet (rows with an ID).
    pub people: usize,
    /// Per contact result, in [`crate::roster::status::Contact::ALL`] order.
    pub contacts: [usize; 6],
    /// With an exclusion reason (whatever the contact result).
    pub excluded: usize,
    /// With a contact result or reason that is not one of the lists' (counted as not
    /// insured, and listed).
    pub other: usize,
    /// Nothing filled in yet.
    pub pending: usize,
    /// With an expected payment date.
    pub dated: usize,
}

/// A row of a ledger read back that has a problem (an invalid ID, a changed header…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetProblem {
    /// The sheet.
    pub sheet: String,
    /// The spreadsheet row number.
    pub row: usize,
    /// The problem's code.
    pub code: &'static str,
}

/// A ledger read back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadBack {
    /// The village sheets read.
    pub sheets: Vec<String>,
    /// Data rows read (not empty).
    pub rows: usize,
    /// What the ledger says now, for [`super::progress::report`].
    pub snapshot: Snapshot,
    /// The follow-up per village.
    pub follow_up: Vec<FollowUp>,
    /// Rows with an error, and statuses not understood.
    pub problems: Vec<SheetProblem>,
    /// Whether it was read against the ledger as built: without it, the people and the
    /// already-enrolled counts are the returned file's own, which a village can edit.
    pub verified: bool,
    /// What differs from the ledger as built, or cannot be taken as it is.
    pub findings: Vec<Finding>,
}

/// The read-back's columns, in [`Returned::cells`] order (the expected payment date last).
const ROLES: [Role; 8] = [
    Role::Name,
    Role::Id,
    Role::Township,
    Role::Village,
    Role::Group,
    Role::Phone,
    Role::Status,
    Role::Exclusion,
];

/// What the sheets of a returned workbook hold: the ledger sheets' rows, the villages tables,
/// the sheets ignored.
struct Sheets {
    names: Vec<String>,
    returned: Vec<Returned>,
    tables: Vec<(String, Vec<BuiltVillage>)>,
    groups: Vec<(String, Vec<EnrolledGroup>)>,
    ignored: Vec<Finding>,
}

/// Sorts the sheets of a returned workbook: villages tables, the unmatched list (skipped),
/// ledger sheets (read), sheets with none of a ledger sheet's columns (ignored, listed); a
/// sheet with some of a ledger sheet's columns but not all is an error naming it.
fn ledger_sheets(sheets: &[(String, Table)], strict: bool) -> Result<Sheets, RosterError> {
    let mut out = Sheets {
        names: Vec::new(),
        returned: Vec::new(),
        tables: Vec::new(),
        groups: Vec::new(),
        ignored: Vec::new(),
    };
    for (name, table) in sheets {
        // Against the ledger as built, a villages table that cannot be read is a finding (the
        // ledger's own is used); without it, an error.
        match villages_table(name, table) {
            Ok(Some(t)) => {
                out.tables.push((name.clone(), t));
                match groups_table(name, table) {
                    Ok(Some(g)) => out.groups.push((name.clone(), g)),
                    Ok(None) => {}
                    Err(e) if strict => return Err(e),
                    Err(e) => out.ignored.push(Finding {
                        code: FindingCode::GroupsTableChanged,
                        sheet: name.clone(),
                        row: 0,
                        unit: String::new(),
                        key: 0,
                        detail: e.message(Lang::Zh).to_string(),
                    }),
                }
                continue;
            }
            Ok(None) => {}
            Err(e) if strict => return Err(e),
            Err(e) => {
                out.ignored.push(Finding {
                    code: FindingCode::VillagesTableChanged,
                    sheet: name.clone(),
                    row: 0,
                    unit: String::new(),
                    key: 0,
                    detail: e.message(Lang::Zh).to_string(),
                });
                continue;
            }
        }
        if table.rows.iter().all(|r| r.iter().all(Cell::is_blank)) {
            continue;
        }
        let first: Vec<String> = table
            .rows
            .first()
            .map(|r| r.iter().map(|c| c.text().trim().to_string()).collect())
            .unwrap_or_default();
        if [Lang::Zh, Lang::En]
            .into_iter()
            .any(|l| first.len() >= 6 && first.iter().zip(unmatched_heads(l)).all(|(h, w)| *h == w))
        {
            continue;
        }
        let mapping = header::detect(table);
        let header: Vec<String> = mapping
            .as_ref()
            .map(|m| {
                table.rows[m.header_row]
                    .iter()
                    .map(|c| c.text().trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let position = |i: usize| {
            header.iter().position(|h| {
                h == columns(Lang::Zh)[i] || h.eq_ignore_ascii_case(columns(Lang::En)[i])
            })
        };
        let key_col = position(8);
        // A ledger sheet is told from a roster by the columns only a ledger has.
        let ledger_like = [8, 9, 11].into_iter().any(|i| position(i).is_some());
        let has = |r: Role| mapping.as_ref().is_some_and(|m| m.column(r).is_some());
        let missing: Vec<usize> = [
            (4, has(Role::Id)),
            (8, key_col.is_some()),
            (9, has(Role::Status)),
        ]
        .into_iter()
        .filter(|(_, has)| !has)
        .map(|(i, _)| i)
        .collect();
        let Some(mapping) = mapping.filter(|_| missing.is_empty()) else {
            if ledger_like && !strict {
                // Against the ledger as built, its people are missing (not insured).
                out.ignored.push(Finding {
                    code: FindingCode::SheetUnreadable,
                    sheet: name.clone(),
                    row: 0,
                    unit: String::new(),
                    key: 0,
                    detail: missing
                        .iter()
                        .map(|i| columns(Lang::Zh)[*i])
                        .collect::<Vec<_>>()
                        .join("、"),
                });
                continue;
            }
            if ledger_like {
                let names = |l: Lang| {
                    missing
                        .iter()
                        .map(|i| columns(l)[*i])
                        .collect::<Vec<_>>()
                        .join(if l == Lang::Zh { "”“" } else { "\", \"" })
                };
                return Err(RosterError::new(
                    RosterCode::LedgerSheetUnreadable,
                    format!("台账工作表“{name}”缺少“{}”列（表头被改动或删除），无法读取：请恢复原表头后再交回", names(Lang::Zh)),
                    format!("ledger sheet \"{name}\" has no \"{}\" column (the header was changed or deleted), so it cannot be read: restore the header and return it again", names(Lang::En)),
                ));
            }
            out.ignored.push(Finding {
                code: FindingCode::SheetIgnored,
                sheet: name.clone(),
                row: 0,
                unit: String::new(),
                key: 0,
                detail: String::new(),
            });
            continue;
        };
        let date_col = header
            .iter()
            .position(|t| t.contains("预计缴费") || t.to_lowercase().contains("expected payment"));
        let sheet = out.names.len();
        for r in mapping.header_row + 1..table.rows.len() {
            let mut cells: Vec<Cell> = ROLES
                .iter()
                .map(|role| {
                    mapping
                        .column(*role)
                        .map_or(Cell::Empty, |c| table.cell(r, c).clone())
                })
                .collect();
            cells.push(date_col.map_or(Cell::Empty, |c| table.cell(r, c).clone()));
            let key = key_col.and_then(|c| verify::row_key(table.cell(r, c)));
            out.returned.push(Returned {
                sheet,
                row: r + 1,
                key,
                cells,
            });
        }
        out.names.push(name.clone());
    }
    Ok(out)
}

/// Reads back a ledger filled in by village staff: every sheet with an ID column, a
/// contact-result column and the row-in-the-list column (as [`super::ledger_xlsx::to_xlsx`] writes them; the
/// sheets may be renamed, reordered or merged), all together. With the ledger as `built`
/// (kept by the county), the people, their villages and the already-enrolled counts come from
/// it and only the answers from the file ([`super::verify::reconcile`]); without it, from the
/// file, and the result says it is unverified. A sheet that has some of a ledger sheet's
/// columns but not all, a villages table that cannot be read, or (unverified) none or two of
/// them, is an error naming the sheet. The rows are checked as a roster is (`settings`: ID
/// options and the policy for group coverage and subsidies).
pub fn read_back(
    bytes: &[u8],
    settings: &Settings,
    built: Option<&AsBuilt>,
) -> Result<ReadBack, RosterError> {
    let sheets = ledger_sheets(
        &crate::roster::read::read_workbook_sheets(bytes)?,
        built.is_none(),
    )?;
    if sheets.names.is_empty() {
        return Err(RosterError::new(
            RosterCode::NotALedger,
            "这不是台账文件：没有一个工作表同时有“身份证号码”“联系结果”和“原表行号”列。请选择本工具生成并由村（社区）填写后的台账",
            "this is not a ledger: no sheet has an ID number, a contact result and a row-in-the-list column. Choose a ledger made by this tool and filled in by the villages",
        ));
    }
    let mut out = ReadBack {
        rows: sheets
            .returned
            .iter()
            .filter(|r| !r.cells.iter().all(Cell::is_blank))
            .count(),
        verified: built.is_some(),
        findings: sheets.ignored,
        sheets: sheets.names,
        ..ReadBack::default()
    };
    let (rows, origin, enrolled, claimed, groups) = match built {
        Some(b) => {
            let (rows, origin, findings) =
                reconcile(b, &sheets.returned, &out.sheets, &settings.id_opts);
            out.findings.extend(findings);
            out.findings.extend(compare_tables(b, &sheets.tables));
            if !out
                .findings
                .iter()
                .any(|f| f.code == FindingCode::GroupsTableChanged)
            {
                out.findings.extend(compare_groups(b, &sheets.groups));
            }
            let said = out
                .findings
                .iter()
                .any(|f| f.code == FindingCode::VillagesTableChanged);
            if sheets.tables.is_empty() && !said {
                out.findings.push(Finding {
                    code: FindingCode::VillagesTableChanged,
                    sheet: String::new(),
                    row: 0,
                    unit: String::new(),
                    key: 0,
                    detail: String::new(),
                });
            }
            let enrolled: Vec<(String, String, usize)> = b
                .villages
                .iter()
                .map(|v| (v.0.clone(), v.1.clone(), v.3))
                .collect();
            (rows, origin, enrolled, None, b.groups.clone())
        }
        None => {
            // One villages table, with a line per village (an empty one was cut short).
            let (zh, en) = match sheets.tables.as_slice() {
                [(_, t)] if !t.is_empty() => ("", ""),
                [] | [_] => ("缺失或被改动", "missing or changed"),
                _ => ("重复", "repeated"),
            };
            if !zh.is_empty() {
                return Err(RosterError::new(
                    RosterCode::LedgerIndexChanged,
                    format!("台账“说明”表中的村（社区）汇总表{zh}，无法计算各村覆盖率：请用本单位留存的原始台账核验交回的文件"),
                    format!("the villages table of the ledger's first sheet is {en}, so the villages' coverage cannot be computed: check the returned file against the ledger as built, kept by the county"),
                ));
            }
            let table = &sheets.tables[0].1;
            let (rows, origin, findings) =
                unverified(&sheets.returned, &out.sheets, &settings.id_opts);
            out.findings.extend(findings);
            let enrolled = table
                .iter()
                .map(|v| (v.0.clone(), v.1.clone(), v.3))
                .collect();
            if sheets.groups.len() > 1 {
                return Err(RosterError::new(
                    RosterCode::LedgerIndexChanged,
                    "台账“说明”表中的人群汇总表重复，无法计算重点人群进度：请用本单位留存的原始台账核验交回的文件",
                    "the groups table of the ledger's first sheet is repeated, so the groups' progress cannot be computed: check the returned file against the ledger as built, kept by the county",
                ));
            }
            let groups = sheets.groups.into_iter().next().map(|(_, g)| g);
            (rows, origin, enrolled, Some(table.clone()), groups)
        }
    };
    // The answers read strictly (a ledger's 联系结果 and 剔除原因 take only their lists'
    // values), then written back in the wordings the roster checks read the same way: a
    // wording not understood counts as not insured, and is listed.
    // Where a row of the report came from in the returned file (none for a person missing).
    let place = |sheets: &[String], k: usize| {
        origin[k].map_or((String::new(), 0), |(s, r)| (sheets[s].clone(), r))
    };
    let readings: Vec<crate::roster::status::Reading> =
        rows.iter().map(|r| verify::answer_key(r)).collect();
    let mut rows = rows;
    for (k, (row, reading)) in rows.iter_mut().zip(&readings).enumerate() {
        let written = |i: usize| row[i].text().trim().to_string();
        if !reading.understood {
            let (sheet, at) = place(&out.sheets, k);
            out.problems.push(SheetProblem {
                sheet,
                row: at,
                code: crate::roster::pipeline::RowCode::StatusNotUnderstood.code(),
            });
        }
        if let Standing::Excluded(e) = reading.standing {
            // Every exclusion is listed, for the county to check: it takes the person out of
            // the village's denominator.
            let (sheet, at) = place(&out.sheets, k);
            out.findings.push(Finding {
                code: FindingCode::Excluded,
                sheet,
                row: at,
                unit: verify::label(&written(verify::TOWNSHIP), &written(verify::VILLAGE)),
                key: 0,
                detail: format!(
                    "{} {}：{}",
                    written(verify::NAME),
                    written(verify::ID),
                    e.label(Lang::Zh)
                ),
            });
        }
        let (status, reason) = match (reading.understood, reading.standing, reading.contact) {
            (true, Standing::Excluded(e), _) => ("", e.label(Lang::Zh)),
            (true, _, Some(c)) => (c.label(Lang::Zh), ""),
            _ => ("", ""),
        };
        row[verify::STATUS] = Cell::Text(status.into());
        row[verify::REASON] = Cell::Text(reason.into());
    }
    let mut all: Vec<Vec<Cell>> = Vec::with_capacity(rows.len() + 1);
    all.push(
        ROLES
            .iter()
            .map(|r| Cell::Text(r.name().to_string()))
            .chain([Cell::Text("date".into())])
            .collect(),
    );
    all.extend(rows);
    let mapping = header::Mapping {
        header_row: 0,
        columns: ROLES.iter().enumerate().map(|(c, r)| (*r, c)).collect(),
    };
    let processor = Processor::new(Table { rows: all }, mapping.clone(), settings.clone());
    let (table, results) = processor.finish();
    let summary = summarize(&table, &mapping, &results, settings.policy.as_ref());
    let col = |r: Role| mapping.column(r);
    let mut follow: FxHashMap<(String, String), usize> = FxHashMap::default();
    for (k, r) in results.iter().enumerate() {
        if r.is_empty_row() {
            continue;
        }
        let row = k + 1;
        if let Some(p) = r.problems.iter().find(|p| p.severity == Status::Error) {
            let (sheet, at) = place(&out.sheets, k);
            out.problems.push(SheetProblem {
                sheet,
                row: at,
                code: p.code,
            });
            continue;
        }
        let township = text_at(&table, row, col(Role::Township));
        let village = text_at(&table, row, col(Role::Village));
        let n = out.follow_up.len();
        let i = *follow
            .entry((township.clone(), village.clone()))
            .or_insert(n);
        if i == n {
            out.follow_up.push(FollowUp {
                township,
                village,
                ..FollowUp::default()
            });
        }
        let f = &mut out.follow_up[i];
        f.people += 1;
        let reading = readings[k];
        match (reading.understood, reading.contact, reading.standing) {
            (false, _, _) => f.other += 1,
            (true, _, Standing::Excluded(_)) => f.excluded += 1,
            (true, Some(c), _) => f.contacts[c as usize] += 1,
            (true, None, _) => f.pending += 1,
        }
        if parse_day(table.cell(row, ROLES.len())).is_some() {
            f.dated += 1;
        }
    }
    out.snapshot = Snapshot::of(&summary, &mapping);
    let mut units = UnitIndex::of(&out.snapshot.units);
    if let Some(claimed) = claimed {
        // Without the ledger as built, the villages table's ledger counts stand in for it: a
        // village with fewer people read than it lists keeps the others, as not insured.
        for (township, village, n, _) in claimed {
            let u = units.line(&mut out.snapshot.units, township, village);
            if u.people < n {
                out.findings.push(Finding {
                    code: FindingCode::PeopleShort,
                    sheet: String::new(),
                    row: 0,
                    unit: u.label(),
                    key: 0,
                    detail: format!("{} / {n}", u.people),
                });
                u.people = n;
            }
        }
    }
    // The people of each village already enrolled when the ledger was made: covered, so that
    // the rate is the village's coverage, not the ledger's.
    for (township, village, n) in enrolled {
        let u = units.line(&mut out.snapshot.units, township, village);
        u.people += n;
        u.insured += n;
    }
    // Likewise each group's people already enrolled, and the subsidies paid for them: the
    // groups' coverage and the departments' payments are over the whole group.
    match groups {
        Some(groups) => add_enrolled(&mut out.snapshot, &groups, settings.policy.as_ref()),
        None => out.snapshot.groups_ledger_only = true,
    }
    Ok(out)
}

/// Adds the people of each group already enrolled when the ledger was built to a ledger's
/// snapshot: covered in their groups; their subsidies due and paid by the group's department
/// (under `policy`; none: no payments are counted).
fn add_enrolled(
    snapshot: &mut Snapshot,
    groups: &[EnrolledGroup],
    policy: Option<&crate::policy::Policy>,
) {
    for g in groups {
        let line = match snapshot.groups.iter().position(|l| l.group == g.group) {
            Some(i) => &mut snapshot.groups[i],
            None => {
                snapshot.groups.push(crate::roster::summary::GroupLine {
                    group: g.group.clone(),
                    ..Default::default()
                });
                snapshot.groups.last_mut().expect("just pushed")
            }
        };
        line.people += g.people;
        line.insured += g.people;
    }
    let Some(policy) = policy else { return };
    let Some(res) = policy.resident.as_ref().filter(|r| r.amounts.is_some()) else {
        return;
    };
    let department = |group: &str| {
        res.groups
            .iter()
            .find(|x| x.id == group)
            .map(|x| x.department.as_str())
            .filter(|d| policy.department(d).is_some())
    };
    let add = |lines: &mut Vec<crate::calc::resident::DepartmentLine>| {
        for g in groups.iter().filter(|g| g.subsidised > 0) {
            let Some(d) = department(&g.group) else {
                continue;
            };
            match lines.iter_mut().find(|l| l.department == d) {
                Some(l) => {
                    l.people += g.subsidised as u64;
                    l.subsidy += g.subsidy;
                }
                None => lines.push(crate::calc::resident::DepartmentLine {
                    department: d.to_string(),
                    people: g.subsidised as u64,
                    subsidy: g.subsidy,
                }),
            }
        }
        // In the policy's department order, as a budget lists them.
        let order = |d: &str| policy.departments.iter().position(|x| x.id == d);
        lines.sort_by_key(|l| order(&l.department).unwrap_or(usize::MAX));
    };
    add(&mut snapshot.due);
    add(snapshot.paid.get_or_insert_with(Vec::new));
}

/// The village lines of a snapshot by (township, village).
struct UnitIndex(FxHashMap<(String, String), usize>);

impl UnitIndex {
    fn of(units: &[crate::roster::summary::UnitLine]) -> UnitIndex {
        UnitIndex(
            units
                .iter()
                .enumerate()
                .map(|(i, u)| ((u.township.clone(), u.village.clone()), i))
                .collect(),
        )
    }

    /// The line of a village, added (empty) if the snapshot has none.
    fn line<'a>(
        &mut self,
        units: &'a mut Vec<crate::roster::summary::UnitLine>,
        township: String,
        village: String,
    ) -> &'a mut crate::roster::summary::UnitLine {
        let len = units.len();
        let i = *self
            .0
            .entry((township.clone(), village.clone()))
            .or_insert(len);
        if i == len {
            units.push(crate::roster::summary::UnitLine {
                township,
                village,
                ..Default::default()
            });
        }
        &mut units[i]
    }
}

/// Without the ledger as built: the file's rows as they are, except that a person (by ID)
/// on two rows counts once, and not as insured when the rows' answers differ.
fn unverified(
    returned: &[Returned],
    sheets: &[String],
    opts: &crate::id::Options,
) -> verify::Reconciled {
    // Per ID: the row kept (its index in `rows`) and the returned row it came from.
    let mut first: FxHashMap<String, (usize, usize)> = FxHashMap::default();
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(returned.len());
    let mut origin = Vec::with_capacity(returned.len());
    let mut findings = Vec::new();
    for (k, r) in returned.iter().enumerate() {
        let id = verify::canonical_id(&r.cells[verify::ID], opts);
        if let Some(id) = id {
            if let Some(&(at, from)) = first.get(&id) {
                let o = &returned[from];
                let same = verify::answer_key(&o.cells) == verify::answer_key(&r.cells);
                findings.push(Finding {
                    code: if same {
                        FindingCode::PersonRepeated
                    } else {
                        FindingCode::ConflictingAnswers
                    },
                    sheet: sheets[r.sheet].clone(),
                    row: r.row,
                    unit: verify::label(
                        r.cells[verify::TOWNSHIP].text().trim(),
                        r.cells[verify::VILLAGE].text().trim(),
                    ),
                    key: r.key.unwrap_or(0),
                    detail: format!("{} {}", sheets[o.sheet], o.row),
                });
                if !same {
                    // Neither answer is taken: the first row keeps the person, unanswered.
                    for c in [verify::STATUS, verify::REASON, verify::DATE] {
                        rows[at][c] = Cell::Empty;
                    }
                }
                continue;
            }
            first.insert(id, (rows.len(), k));
        }
        rows.push(r.cells.clone());
        origin.push(Some((r.sheet, r.row)));
    }
    (rows, origin, findings)
}

/// A date cell as read (`2025-03-31`, or text such as `2025/3/31` or `2025年3月31日`).
fn parse_day(c: &Cell) -> Option<Date> {
    let t = c.text();
    let digits: Vec<u32> = t
        .split(|ch: char| !ch.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match digits.as_slice() {
        [y, m, d, ..] if *y > 1900 && *y < 3000 && *m <= 12 && *d <= 31 => {
            Date::new(*y as u16, *m as u8, *d as u8)
        }
        _ => None,
    }
}
