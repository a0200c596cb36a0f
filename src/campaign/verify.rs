//! A returned ledger checked against the ledger as built.
//!
//! Villages are ranked by their rate, so a ledger that comes back from a village is evidence,
//! not truth. The county keeps the ledger as it was built ([`AsBuilt`]: read strictly from the
//! workbook the tool wrote, or taken from the [`super::ledger::Ledger`] itself), and the
//! returned file is read against it ([`reconcile`]): each person is identified by the ledger's
//! own row key (原表行号, the row in the base list) and ID; the denominators and the
//! already-enrolled counts come from the ledger as built, never from the returned file's
//! cells; only the villages' answers (contact result, exclusion reason, expected payment date)
//! are taken from it. Everything else that differs is a [`Finding`]: a person missing, added,
//! moved to another village, with a changed ID, on two rows with different answers, a villages
//! table edited.

type FxHashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

use super::layout::{columns, unit_heads, unmatched_heads};
use super::ledger::EnrolledGroup;

use crate::roster::{Cell, RosterCode, RosterError, Table};

use crate::lang::Lang;

/// A person of the ledger as built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    /// The row key: the person's row in the base list (原表行号).
    pub key: usize,
    /// The 18-character ID.
    pub id: String,
    /// Township.
    pub township: String,
    /// Village.
    pub village: String,
    /// Name.
    pub name: String,
    /// The group cell.
    pub group: String,
    /// The phone cell.
    pub phone: String,
}

/// A village of the ledger as built: (township, village, people in the ledger, people
/// already enrolled when the ledger was built).
pub type BuiltVillage = (String, String, usize, usize);

/// The ledger as built: its people, in ledger order, and its villages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AsBuilt {
    /// The people, in ledger order.
    pub people: Vec<Built>,
    /// Every village of the base list.
    pub villages: Vec<BuiltVillage>,
    /// The groups of the people already enrolled (none: the ledger was built without a
    /// policy, so its groups are not known).
    pub groups: Option<Vec<EnrolledGroup>>,
}

fn not_as_built(zh: String, en: String) -> RosterError {
    RosterError::new(RosterCode::NotAsBuilt, zh, en)
}

impl AsBuilt {
    /// The ledger as built, from the model.
    pub fn of(ledger: &super::ledger::Ledger) -> AsBuilt {
        AsBuilt {
            people: ledger
                .entries
                .iter()
                .map(|e| Built {
                    key: e.row,
                    id: e.id.clone(),
                    township: e.township.clone(),
                    village: e.village.clone(),
                    name: e.name.clone(),
                    group: e.group.clone(),
                    phone: e.phone.clone(),
                })
                .collect(),
            villages: ledger
                .unit_table()
                .into_iter()
                .map(|(t, v, n, e)| (t.to_string(), v.to_string(), n, e))
                .collect(),
            groups: ledger.groups.clone(),
        }
    }

    /// Reads the ledger as built from the workbook the tool wrote (kept by the county, not
    /// filled in): one villages table, every village sheet with the exact header, every
    /// person with a row key and an ID, the table's counts equal to the sheets' people.
    pub fn read(bytes: &[u8]) -> Result<AsBuilt, RosterError> {
        let sheets = crate::roster::read::read_workbook_sheets(bytes)?;
        let mut out = AsBuilt::default();
        let mut tables = 0;
        for (name, table) in &sheets {
            if let Some(t) = villages_table(name, table)? {
                tables += 1;
                out.villages = t;
                out.groups = groups_table(name, table)?;
                continue;
            }
            let Some(first) = table.rows.first() else {
                continue;
            };
            let heads: Vec<String> = first.iter().map(|c| c.text().trim().to_string()).collect();
            let is = |want: &[&str]| {
                heads.len() >= want.len() && heads.iter().zip(want).all(|(h, w)| h == w)
            };
            if [Lang::Zh, Lang::En]
                .iter()
                .any(|l| is(&unmatched_heads(*l)))
            {
                continue;
            }
            if ![Lang::Zh, Lang::En].iter().any(|l| is(&columns(*l))) {
                return Err(not_as_built(
                    format!("原始台账的工作表“{name}”不是本工具生成的样式（表头已改动）：请选择生成时保存的台账文件"),
                    format!("sheet \"{name}\" of the ledger as built is not as the tool wrote it (its header was changed): choose the ledger file saved when it was built"),
                ));
            }
            for (r, row) in table.rows.iter().enumerate().skip(1) {
                if row.iter().all(Cell::is_blank) {
                    continue;
                }
                let text = |i: usize| {
                    row.get(i)
                        .map(|c| c.text().trim().to_string())
                        .unwrap_or_default()
                };
                let filled =
                    (9..13).any(|i| !(text(i).is_empty() || i == 12 && is_source_note(&text(i))));
                let key = match row.get(8) {
                    Some(Cell::Number(n)) if *n >= 1.0 && n.fract() == 0.0 && *n < 1e9 => {
                        *n as usize
                    }
                    _ => 0,
                };
                if key == 0 || text(4).is_empty() {
                    return Err(not_as_built(
                        format!("原始台账的工作表“{name}”第 {} 行缺少原表行号或身份证号码：请选择生成时保存的台账文件", r + 1),
                        format!("row {} of sheet \"{name}\" of the ledger as built has no row in the list or no ID: choose the ledger file saved when it was built", r + 1),
                    ));
                }
                if filled {
                    return Err(not_as_built(
                        format!("作为原始台账选择的文件已有填写内容（工作表“{name}”第 {} 行）：请选择生成时保存、未经填写的台账", r + 1),
                        format!("the file chosen as the ledger as built has been filled in (sheet \"{name}\", row {}): choose the ledger saved when it was built, before it was filled in", r + 1),
                    ));
                }
                out.people.push(Built {
                    key,
                    id: text(4).to_uppercase(),
                    township: text(1),
                    village: text(2),
                    name: text(3),
                    group: text(6),
                    phone: text(7),
                });
            }
        }
        if tables != 1 || out.people.is_empty() && out.villages.is_empty() {
            return Err(not_as_built(
                "这不是本工具生成的原始台账（“说明”表中的村（社区）汇总表缺失或重复）：请选择生成时保存的台账文件".into(),
                "this is not a ledger as the tool built it (the villages table of its first sheet is missing or repeated): choose the ledger file saved when it was built".into(),
            ));
        }
        let in_table: usize = out.villages.iter().map(|v| v.2).sum();
        let mut keys = FxHashMap::default();
        let repeated = out.people.iter().any(|p| keys.insert(p.key, ()).is_some());
        // Each village's people in the table as on its sheet.
        let mut per_village: FxHashMap<(&str, &str), usize> = FxHashMap::default();
        for p in &out.people {
            *per_village
                .entry((p.township.as_str(), p.village.as_str()))
                .or_default() += 1;
        }
        let moved = out.villages.iter().any(|(t, v, n, _)| {
            per_village
                .get(&(t.as_str(), v.as_str()))
                .copied()
                .unwrap_or(0)
                != *n
        });
        if in_table != out.people.len() || repeated || moved {
            return Err(not_as_built(
                format!("原始台账的村（社区）汇总表共 {in_table} 人，各村工作表共 {} 人{}：文件已被改动，请选择生成时保存的台账文件", out.people.len(), if repeated { "，且原表行号有重复" } else { "" }),
                format!("the villages table of the ledger as built counts {in_table} people and the village sheets hold {}{}: the file was changed; choose the ledger saved when it was built", out.people.len(), if repeated { ", with a row in the list repeated" } else { "" }),
            ));
        }
        Ok(out)
    }
}

/// Whether a remark is the one the tool writes (the base list's reason, for the village to
/// confirm).
fn is_source_note(s: &str) -> bool {
    s.starts_with("原名单：") || s.starts_with("In the list: ")
}

/// The villages table of a ledger's first sheet (工作表, 乡镇, 村, 台账人数, 本年已参保), read
/// strictly: every row down to the first empty one has both counts as whole numbers within
/// the limits. None: the sheet has no such table.
pub(crate) fn villages_table(
    sheet: &str,
    table: &Table,
) -> Result<Option<Vec<BuiltVillage>>, RosterError> {
    let Some(rows) = table_rows(table, unit_heads) else {
        return Ok(None);
    };
    let most = crate::roster::limits::LIMITS.rows;
    let mut out = Vec::new();
    for (r, row) in rows {
        let (Some(n), Some(e)) = (count(row, 3), count(row, 4)) else {
            return Err(RosterError::new(
                RosterCode::LedgerIndexChanged,
                format!("工作表“{sheet}”第 {r} 行：村（社区）汇总表的人数不是 0 至 {most} 之间的整数，无法计算覆盖率"),
                format!("sheet \"{sheet}\", row {r}: a count of the villages table is not a whole number from 0 to {most}, so coverage cannot be computed"),
            ));
        };
        out.push((text(row, 1), text(row, 2), n, e));
    }
    Ok(Some(out))
}

/// The rows of the first-sheet table whose header is `heads` (in either language), each with
/// its spreadsheet row number, down to the first empty row. None: no such table.
fn table_rows(
    table: &Table,
    heads: fn(Lang) -> [&'static str; 5],
) -> Option<impl Iterator<Item = (usize, &[Cell])>> {
    let at = table.rows.iter().position(|row| {
        [Lang::Zh, Lang::En].into_iter().any(|l| {
            row.len() >= 5
                && row
                    .iter()
                    .take(5)
                    .zip(heads(l))
                    .all(|(c, h)| c.text().trim() == h)
        })
    })?;
    Some(
        table.rows[at + 1..]
            .iter()
            .enumerate()
            .map(move |(k, row)| (at + k + 2, row.as_slice()))
            .take_while(|(_, row)| !row.iter().all(Cell::is_blank)),
    )
}

/// A table's count: a whole number from 0 to the limits' rows.
fn count(row: &[Cell], i: usize) -> Option<usize> {
    let most = crate::roster::limits::LIMITS.rows as f64;
    match row.get(i) {
        Some(Cell::Number(n)) if *n >= 0.0 && n.fract() == 0.0 && *n <= most => Some(*n as usize),
        _ => None,
    }
}

/// A table's cell as text, trimmed.
fn text(row: &[Cell], i: usize) -> String {
    row.get(i)
        .map(|c| c.text().trim().to_string())
        .unwrap_or_default()
}

/// The groups table of a ledger's first sheet (人群代码, 人群, 本年已参保, 其中享受资助,
/// 资助金额), read strictly like the villages table. None: the sheet has no such table.
pub(crate) fn groups_table(
    sheet: &str,
    table: &Table,
) -> Result<Option<Vec<EnrolledGroup>>, RosterError> {
    let Some(rows) = table_rows(table, super::layout::group_heads) else {
        return Ok(None);
    };
    let most = crate::roster::limits::LIMITS.rows as f64;
    let mut out: Vec<EnrolledGroup> = Vec::new();
    for (r, row) in rows {
        // Rounded to the fen, as the tool writes them; at most the limits' people at
        // 1,000,000 yuan.
        let amount = match row.get(4) {
            Some(Cell::Number(n)) if *n >= 0.0 && *n <= most * 1e6 => {
                rust_decimal::Decimal::from_f64_retain(*n).map(|d| d.round_dp(2))
            }
            _ => None,
        };
        let group = text(row, 0);
        let (Some(people), Some(subsidised), Some(subsidy)) =
            (count(row, 2), count(row, 3), amount)
        else {
            return Err(RosterError::new(
                RosterCode::LedgerIndexChanged,
                format!("工作表“{sheet}”第 {r} 行：人群汇总表的人数或资助金额不是本工具写入的数值，无法计算重点人群进度"),
                format!("sheet \"{sheet}\", row {r}: a count or amount of the groups table is not as the tool wrote it, so the groups' progress cannot be computed"),
            ));
        };
        if group.is_empty() || out.iter().any(|g| g.group == group) {
            return Err(RosterError::new(
                RosterCode::LedgerIndexChanged,
                format!("工作表“{sheet}”第 {r} 行：人群汇总表的人群代码为空或重复，无法计算重点人群进度"),
                format!("sheet \"{sheet}\", row {r}: the groups table has an empty or repeated group code, so the groups' progress cannot be computed"),
            ));
        }
        out.push(EnrolledGroup {
            group,
            people,
            subsidised,
            subsidy,
        });
    }
    Ok(Some(out))
}

/// The returned file's groups tables against the ledger as built: a table missing, changed or
/// added is a finding (the ledger as built's is used).
pub fn compare_groups(built: &AsBuilt, tables: &[(String, Vec<EnrolledGroup>)]) -> Vec<Finding> {
    let finding = |sheet: &str, detail: String| Finding {
        code: FindingCode::GroupsTableChanged,
        sheet: sheet.to_string(),
        row: 0,
        unit: String::new(),
        key: 0,
        detail,
    };
    let show =
        |g: &EnrolledGroup| format!("{} {}/{}/{}", g.group, g.people, g.subsidised, g.subsidy);
    match (&built.groups, tables) {
        (None, []) => Vec::new(),
        (Some(_), []) => vec![finding("", String::new())],
        (None, _) => tables
            .iter()
            .map(|(sheet, _)| finding(sheet, String::new()))
            .collect(),
        (Some(b), _) => {
            let mut out = Vec::new();
            for (sheet, t) in tables {
                for g in t {
                    match b.iter().find(|x| x.group == g.group) {
                        Some(x) if x == g => {}
                        Some(x) => out.push(finding(sheet, format!("{} → {}", show(x), show(g)))),
                        None => out.push(finding(sheet, format!("→ {}", show(g)))),
                    }
                }
                for x in b.iter().filter(|x| !t.iter().any(|g| g.group == x.group)) {
                    out.push(finding(sheet, format!("{} →", show(x))));
                }
            }
            out
        }
    }
}

/// What a returned ledger says that differs from the ledger as built, or that cannot be
/// taken as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingCode {
    /// A person of the ledger is on no sheet: counted as not insured.
    PersonMissing,
    /// A row for somebody not in the ledger (by row key and ID): not counted.
    PersonAdded,
    /// A person's ID was changed (or cannot be read): the answer is not taken.
    IdChanged,
    /// A person's row key was changed; the person was found by ID.
    RowKeyChanged,
    /// A person's township or village was changed: counted where the ledger puts them.
    PersonMoved,
    /// The same person on two rows with the same answer: counted once.
    PersonRepeated,
    /// The same person on two rows with different answers: no answer is taken.
    ConflictingAnswers,
    /// The villages table's counts differ from the ledger as built (not used).
    VillagesTableChanged,
    /// The villages table has a village that the ledger does not (not used).
    VillageUnknown,
    /// A sheet that is not part of the ledger (no ledger columns): not read.
    SheetIgnored,
    /// Without the ledger as built: a village with fewer people read than its villages
    /// table lists (the others counted as not insured).
    PeopleShort,
    /// A person the village excluded (剔除), listed for the county to check: out of the
    /// village's denominator.
    Excluded,
    /// A ledger sheet with a header changed so that its rows cannot be read (its people
    /// missing: not insured).
    SheetUnreadable,
    /// The groups table (people already enrolled, by group) differs from the ledger as built,
    /// is missing or was added (the ledger as built's is used).
    GroupsTableChanged,
}

impl FindingCode {
    /// Every code.
    pub const ALL: [FindingCode; 14] = [
        FindingCode::PersonMissing,
        FindingCode::PersonAdded,
        FindingCode::IdChanged,
        FindingCode::RowKeyChanged,
        FindingCode::PersonMoved,
        FindingCode::PersonRepeated,
        FindingCode::ConflictingAnswers,
        FindingCode::VillagesTableChanged,
        FindingCode::VillageUnknown,
        FindingCode::SheetIgnored,
        FindingCode::PeopleShort,
        FindingCode::Excluded,
        FindingCode::SheetUnreadable,
        FindingCode::GroupsTableChanged,
    ];

    /// Stable snake_case code.
    pub const fn code(self) -> &'static str {
        match self {
            FindingCode::PersonMissing => "person_missing",
            FindingCode::PersonAdded => "person_added",
            FindingCode::IdChanged => "id_changed",
            FindingCode::RowKeyChanged => "row_key_changed",
            FindingCode::PersonMoved => "person_moved",
            FindingCode::PersonRepeated => "person_repeated",
            FindingCode::ConflictingAnswers => "conflicting_answers",
            FindingCode::VillagesTableChanged => "villages_table_changed",
            FindingCode::VillageUnknown => "village_unknown",
            FindingCode::SheetIgnored => "sheet_ignored",
            FindingCode::PeopleShort => "people_short",
            FindingCode::Excluded => "excluded",
            FindingCode::SheetUnreadable => "sheet_unreadable",
            FindingCode::GroupsTableChanged => "groups_table_changed",
        }
    }

    /// What it means and what the count does with it.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FindingCode::PersonMissing, Lang::Zh) => "台账中的人员在交回的文件中缺失（按未参保计）",
            (FindingCode::PersonMissing, Lang::En) => "A person of the ledger is missing from the returned file (counted as not insured)",
            (FindingCode::PersonAdded, Lang::Zh) => "交回的文件中有台账以外的人员（不计入）",
            (FindingCode::PersonAdded, Lang::En) => "A person not in the ledger was added (not counted)",
            (FindingCode::IdChanged, Lang::Zh) => "身份证号码被改动或无法读取（填写结果不采用，按未参保计）",
            (FindingCode::IdChanged, Lang::En) => "The ID was changed or cannot be read (the answer is not taken; counted as not insured)",
            (FindingCode::RowKeyChanged, Lang::Zh) => "原表行号被改动（按身份证号码找到此人）",
            (FindingCode::RowKeyChanged, Lang::En) => "The row in the list was changed (the person was found by ID)",
            (FindingCode::PersonMoved, Lang::Zh) => "乡镇或村（社区）被改动（按原台账的村计）",
            (FindingCode::PersonMoved, Lang::En) => "The township or village was changed (counted in the ledger's village)",
            (FindingCode::PersonRepeated, Lang::Zh) => "同一人出现多次，填写相同（只计一次）",
            (FindingCode::PersonRepeated, Lang::En) => "The same person appears again with the same answer (counted once)",
            (FindingCode::ConflictingAnswers, Lang::Zh) => "同一人出现多次且填写不一致（均不采用，按未参保计）",
            (FindingCode::ConflictingAnswers, Lang::En) => "The same person appears again with a different answer (neither is taken; counted as not insured)",
            (FindingCode::VillagesTableChanged, Lang::Zh) => "“说明”表中的村（社区）汇总表被改动（以原台账为准）",
            (FindingCode::VillagesTableChanged, Lang::En) => "The villages table was changed (the ledger as built is used)",
            (FindingCode::VillageUnknown, Lang::Zh) => "村（社区）汇总表中有原台账没有的村（不计入）",
            (FindingCode::VillageUnknown, Lang::En) => "The villages table has a village the ledger does not (not counted)",
            (FindingCode::SheetIgnored, Lang::Zh) => "工作表不是台账的一部分（未读取）",
            (FindingCode::SheetIgnored, Lang::En) => "A sheet that is not part of the ledger (not read)",
            (FindingCode::PeopleShort, Lang::Zh) => "交回的人数（可计人数 / 台账人数）少于“说明”表所列，差额按未参保计",
            (FindingCode::PeopleShort, Lang::En) => "Fewer people returned (counted / in the ledger) than the villages table lists; the others count as not insured",
            (FindingCode::Excluded, Lang::Zh) => "剔除（不计入应参保，请核实）",
            (FindingCode::Excluded, Lang::En) => "Excluded (out of those to enroll: check it)",
            (FindingCode::SheetUnreadable, Lang::Zh) => "台账工作表的表头被改动，无法读取（其中人员按未参保计）",
            (FindingCode::SheetUnreadable, Lang::En) => "A ledger sheet's header was changed so it cannot be read (its people count as not insured)",
            (FindingCode::GroupsTableChanged, Lang::Zh) => "“说明”表中的人群汇总表被改动、缺失或增加（以原台账为准）",
            (FindingCode::GroupsTableChanged, Lang::En) => "The groups table was changed, removed or added (the ledger as built is used)",
        }
    }
}

/// One finding: where, and what was found there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What.
    pub code: FindingCode,
    /// The sheet of the returned file (empty for a person missing from it).
    pub sheet: String,
    /// The spreadsheet row number in that sheet (0: not a row).
    pub row: usize,
    /// The village as the ledger as built has it (`乡镇 · 村`), or as written for a person
    /// added.
    pub unit: String,
    /// The person's row key in the base list (0: none).
    pub key: usize,
    /// What was written, where it matters (the ID or village as changed, the other row).
    pub detail: String,
}

impl Finding {
    /// A sentence for people: what, where, and what was written.
    pub fn message(&self, lang: Lang) -> String {
        let mut s = self.code.label(lang).to_string();
        let mut at = Vec::new();
        if !self.unit.is_empty() {
            at.push(self.unit.clone());
        }
        if !self.sheet.is_empty() {
            at.push(match (lang, self.row) {
                (Lang::Zh, 0) => format!("工作表“{}”", self.sheet),
                (Lang::En, 0) => format!("sheet \"{}\"", self.sheet),
                (Lang::Zh, r) => format!("工作表“{}”第 {r} 行", self.sheet),
                (Lang::En, r) => format!("sheet \"{}\" row {r}", self.sheet),
            });
        }
        if self.key > 0 {
            at.push(match lang {
                Lang::Zh => format!("原表行号 {}", self.key),
                Lang::En => format!("row {} of the list", self.key),
            });
        }
        if !self.detail.is_empty() {
            at.push(self.detail.clone());
        }
        if !at.is_empty() {
            s.push_str(if lang == Lang::Zh { "：" } else { ": " });
            s.push_str(&at.join(if lang == Lang::Zh { "，" } else { ", " }));
        }
        s
    }
}

/// A row of a returned ledger as read: where it is, and its cells in the read-back's order
/// (name, ID, township, village, group, phone, contact result, reason, expected date).
#[derive(Clone, Debug)]
pub struct Returned {
    /// The sheet's index among the ledger sheets read.
    pub sheet: usize,
    /// The spreadsheet row number.
    pub row: usize,
    /// The row key (原表行号) as written, if it is a whole number.
    pub key: Option<usize>,
    /// The cells.
    pub cells: Vec<Cell>,
}

/// Indices of [`Returned::cells`].
pub(crate) const NAME: usize = 0;

pub(crate) const ID: usize = 1;

pub(crate) const TOWNSHIP: usize = 2;

pub(crate) const VILLAGE: usize = 3;

pub(crate) const GROUP: usize = 4;

pub(crate) const PHONE: usize = 5;

pub(crate) const STATUS: usize = 6;

pub(crate) const REASON: usize = 7;

pub(crate) const DATE: usize = 8;

pub(crate) fn label(township: &str, village: &str) -> String {
    crate::roster::summary::UnitLine {
        township: township.to_string(),
        village: village.to_string(),
        ..Default::default()
    }
    .label()
}

/// What a returned row answers, as the ledger's strict reading takes it (the wording itself,
/// and the date, may differ between two rows that say the same).
pub(crate) fn answer_key(cells: &[Cell]) -> crate::roster::status::Reading {
    crate::roster::status::read_ledger(&cells[STATUS].text(), &cells[REASON].text())
}

/// The 18-character form of an ID cell (a 15-digit number upgraded; spaces, full-width
/// characters, a lower-case x and a trailing `.0` as the roster pipeline takes them), if valid.
pub(crate) fn canonical_id(cell: &Cell, opts: &crate::id::Options) -> Option<String> {
    let text = match cell {
        Cell::Number(f) if f.fract() == 0.0 && f.abs() < 1e18 => format!("{}", *f as i64),
        c => c.text(),
    };
    let t = text.trim();
    let t = t
        .strip_suffix(".0")
        .filter(|t| t.len() >= 15 && t.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(t);
    crate::token::canonical::id(t, opts).ok()
}

/// A row key (原表行号) as written: a whole number, as a number or as text (full-width digits,
/// a trailing `.0`).
pub(crate) fn row_key(cell: &Cell) -> Option<usize> {
    match cell {
        Cell::Number(n) if *n >= 1.0 && n.fract() == 0.0 && *n < 1e9 => Some(*n as usize),
        c => {
            let t = crate::roster::status::normalize(&c.text());
            t.strip_suffix(".0")
                .unwrap_or(&t)
                .parse()
                .ok()
                .filter(|k| *k > 0)
        }
    }
}

/// The rows a progress report reads (each a [`Returned::cells`] row), each row's origin in the
/// returned file (its ledger sheet's index and spreadsheet row), and the findings.
pub type Reconciled = (Vec<Vec<Cell>>, Vec<Option<(usize, usize)>>, Vec<Finding>);

/// The rows of the report, one per person of the ledger as built (in its order), with the
/// answer the returned file gives for them, or none; and the findings. A returned row is the
/// person whose ID it has (the row key only when its ID cannot be read or was changed: then
/// its answer is not taken, and it voids no answer of a row that has the ID); among a
/// person's rows, those in the ledger's village are preferred; rows that answer differently
/// leave the person unanswered. Each row's origin is the returned row its answer came from.
pub fn reconcile(
    built: &AsBuilt,
    returned: &[Returned],
    sheets: &[String],
    opts: &crate::id::Options,
) -> Reconciled {
    let mut by_key: FxHashMap<usize, usize> = FxHashMap::default();
    let mut by_id: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, p) in built.people.iter().enumerate() {
        by_key.insert(p.key, i);
        by_id.insert(p.id.as_str(), i);
    }
    let n = built.people.len();
    // Per person: the returned rows with the person's ID (and whether each is in the
    // ledger's village), and whether a row found by key alone had another ID.
    let mut rows_of: Vec<Vec<(usize, bool)>> = vec![Vec::new(); n];
    let mut by_key_only = vec![false; n];
    let mut findings = Vec::new();
    for (k, r) in returned.iter().enumerate() {
        if r.cells.iter().all(Cell::is_blank) {
            continue;
        }
        let id = canonical_id(&r.cells[ID], opts);
        let written_id = r.cells[ID].text().trim().to_string();
        let finding = |code, unit: String, key: usize, detail: String| Finding {
            code,
            sheet: sheets[r.sheet].clone(),
            row: r.row,
            unit,
            key,
            detail,
        };
        let (t, v) = (
            r.cells[TOWNSHIP].text().trim().to_string(),
            r.cells[VILLAGE].text().trim().to_string(),
        );
        match id.as_deref().and_then(|id| by_id.get(id)) {
            Some(&i) => {
                let p = &built.people[i];
                let unit = label(&p.township, &p.village);
                if r.key != Some(p.key) {
                    findings.push(finding(
                        FindingCode::RowKeyChanged,
                        unit.clone(),
                        p.key,
                        r.key.map_or_else(String::new, |k| k.to_string()),
                    ));
                }
                let home = t == p.township && v == p.village;
                if !home {
                    findings.push(finding(
                        FindingCode::PersonMoved,
                        unit,
                        p.key,
                        label(&t, &v),
                    ));
                }
                rows_of[i].push((k, home));
            }
            None => match r.key.and_then(|key| by_key.get(&key)) {
                Some(&i) => {
                    let p = &built.people[i];
                    findings.push(finding(
                        FindingCode::IdChanged,
                        label(&p.township, &p.village),
                        p.key,
                        written_id,
                    ));
                    by_key_only[i] = true;
                }
                None => findings.push(finding(
                    FindingCode::PersonAdded,
                    label(&t, &v),
                    0,
                    format!("{} {written_id}", r.cells[NAME].text().trim()),
                )),
            },
        }
    }
    let mut rows = Vec::with_capacity(n);
    let mut origin = Vec::with_capacity(n);
    for (i, p) in built.people.iter().enumerate() {
        let unit = label(&p.township, &p.village);
        let person = |code, sheet: &str, row: usize, detail: String| Finding {
            code,
            sheet: sheet.to_string(),
            row,
            unit: unit.clone(),
            key: p.key,
            detail,
        };
        // The rows in the ledger's village, if any; else every row with the ID.
        let all = &rows_of[i];
        let chosen: Vec<usize> = if all.iter().any(|(_, home)| *home) {
            all.iter()
                .filter(|(_, home)| *home)
                .map(|(k, _)| *k)
                .collect()
        } else {
            all.iter().map(|(k, _)| *k).collect()
        };
        let given = match chosen.split_first() {
            None => {
                if !by_key_only[i] {
                    findings.push(person(
                        FindingCode::PersonMissing,
                        "",
                        0,
                        format!("{} {}", p.name, p.id),
                    ));
                }
                None
            }
            Some((&first, rest)) => {
                let f = &returned[first];
                let mut same = true;
                for &k in rest {
                    let r = &returned[k];
                    let agrees = answer_key(&f.cells) == answer_key(&r.cells);
                    same &= agrees;
                    findings.push(person(
                        if agrees {
                            FindingCode::PersonRepeated
                        } else {
                            FindingCode::ConflictingAnswers
                        },
                        &sheets[r.sheet],
                        r.row,
                        format!("{} {}", sheets[f.sheet], f.row),
                    ));
                }
                same.then_some(f)
            }
        };
        let take = |j: usize| given.map_or(Cell::Empty, |r| r.cells[j].clone());
        let text = |s: &str| Cell::Text(s.to_string());
        let mut row = vec![Cell::Empty; DATE + 1];
        row[NAME] = text(&p.name);
        row[ID] = text(&p.id);
        row[TOWNSHIP] = text(&p.township);
        row[VILLAGE] = text(&p.village);
        row[GROUP] = text(&p.group);
        row[PHONE] = text(&p.phone);
        row[STATUS] = take(STATUS);
        row[REASON] = take(REASON);
        row[DATE] = take(DATE);
        rows.push(row);
        origin.push(given.map(|r| (r.sheet, r.row)));
    }
    (rows, origin, findings)
}

/// The returned file's villages tables against the ledger as built.
pub fn compare_tables(built: &AsBuilt, tables: &[(String, Vec<BuiltVillage>)]) -> Vec<Finding> {
    let index: FxHashMap<(&str, &str), &BuiltVillage> = built
        .villages
        .iter()
        .map(|v| ((v.0.as_str(), v.1.as_str()), v))
        .collect();
    let mut out = Vec::new();
    for (sheet, table) in tables {
        for (t, v, n, e) in table {
            let finding = |code, detail: String| Finding {
                code,
                sheet: sheet.clone(),
                row: 0,
                unit: label(t, v),
                key: 0,
                detail,
            };
            match index.get(&(t.as_str(), v.as_str())) {
                None => out.push(finding(FindingCode::VillageUnknown, format!("{n} / {e}"))),
                Some(b) if (b.2, b.3) != (*n, *e) => out.push(finding(
                    FindingCode::VillagesTableChanged,
                    format!("{} / {} → {n} / {e}", b.2, b.3),
                )),
                Some(_) => {}
            }
        }
    }
    out
}
