//! Campaign ledgers (台账): from a base list and this year's enrollment, the people of the base
//! list not enrolled this year, per township and village, as a workbook with one sheet per
//! village that village staff fill in (contact result, exclusion reason, expected payment
//! date) and that [`read_back`] reads for a progress report.
//!
//! Two kinds, as the notices set them: the *stock* ledger (存量库) from last year's enrollment
//! (insured last year, not this year: 断保), and the *increment* ledger (增量库) from the
//! household registry (registered residents not insured). People are matched by their
//! 18-character ID (a legacy 15-digit number is the same person as its 18-digit form).
//!
//! Every non-empty row of the base list lands in exactly one place: enrolled this year, in the
//! ledger, listed apart as not matchable (no valid ID), or a later copy of a person already
//! placed. The workbook's first sheet states these counts.

type FxHashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
type FxHashSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, Workbook, XlsxError,
};

use super::header::{self, Role};
use super::job::Rows;
use super::pipeline::{code_label, Processor, Settings, Status};
use super::progress::Snapshot;
use super::status::{standing, Exclusion, Standing, Standings};
use super::summary::summarize;
pub use super::verify::AsBuilt;
use super::verify::{
    self, compare_tables, reconcile, villages_table, BuiltVillage, Finding, FindingCode, Returned,
};
use super::{Cell, RosterCode, RosterError, Table};
use crate::date::Date;
use crate::id::Sex;
use crate::lang::Lang;

/// Which ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerKind {
    /// 存量库: insured last year, not enrolled this year (the base is last year's enrollment).
    Stock,
    /// 增量库: registered residents not enrolled (the base is the household registry).
    Increment,
}

impl LedgerKind {
    /// Every kind.
    pub const ALL: [LedgerKind; 2] = [LedgerKind::Stock, LedgerKind::Increment];

    /// Stable code.
    pub const fn code(self) -> &'static str {
        match self {
            LedgerKind::Stock => "stock",
            LedgerKind::Increment => "increment",
        }
    }

    /// The kind with this code.
    pub fn from_code(s: &str) -> Option<LedgerKind> {
        LedgerKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The ledger's name.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LedgerKind::Stock, Lang::Zh) => "存量库台账（上年参保、本年未参保）",
            (LedgerKind::Stock, Lang::En) => {
                "Stock ledger (insured last year, not enrolled this year)"
            }
            (LedgerKind::Increment, Lang::Zh) => "增量库台账（户籍人口中本年未参保）",
            (LedgerKind::Increment, Lang::En) => {
                "Increment ledger (registered residents not enrolled this year)"
            }
        }
    }

    /// What the base list is.
    pub const fn base_label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LedgerKind::Stock, Lang::Zh) => "上年参保名单",
            (LedgerKind::Stock, Lang::En) => "last year's enrollment",
            (LedgerKind::Increment, Lang::Zh) => "户籍人口名单",
            (LedgerKind::Increment, Lang::En) => "the household registry",
        }
    }
}

pub use super::status::Contact;

/// A person of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The spreadsheet row number in the base list.
    pub row: usize,
    /// Township as written in the base list.
    pub township: String,
    /// Village as written.
    pub village: String,
    /// Name as written.
    pub name: String,
    /// The 18-character ID.
    pub id: String,
    /// Sex from the ID.
    pub sex: Option<Sex>,
    /// The group cell as written.
    pub group: String,
    /// The phone cell as written.
    pub phone: String,
    /// The base list's exclusion cell, if it had one: written as a remark for the village to
    /// confirm.
    pub reason: String,
}

/// A base row that cannot be matched (no valid ID).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmatched {
    /// The spreadsheet row number in the base list.
    pub row: usize,
    /// Township as written.
    pub township: String,
    /// Village as written.
    pub village: String,
    /// Name as written.
    pub name: String,
    /// The ID cell as written.
    pub id_text: String,
    /// The row's first error code.
    pub problem: &'static str,
}

/// Where the base list's rows went, and what this year's list holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Non-empty rows of the base list.
    pub base_rows: usize,
    /// Empty rows of the base list (kept out of everything).
    pub base_empty: usize,
    /// Base people found enrolled this year.
    pub enrolled: usize,
    /// Base people in the ledger.
    pub ledger: usize,
    /// Base rows without a valid ID, listed apart.
    pub unmatched: usize,
    /// Later copies of a base person (listed once).
    pub duplicates: usize,
    /// People enrolled this year (valid IDs in this year's list).
    pub current_people: usize,
    /// Rows of this year's list without a valid ID (cannot be matched).
    pub current_unmatched: usize,
    /// People enrolled this year who are not in the base list.
    pub new_people: usize,
}

/// A ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    /// Which ledger.
    pub kind: LedgerKind,
    /// The people, grouped by township then village (in order of first appearance), each in
    /// base-list order.
    pub entries: Vec<Entry>,
    /// Base rows without a valid ID.
    pub unmatched: Vec<Unmatched>,
    /// The counts.
    pub counts: Counts,
    /// Base people enrolled this year per village (township, village, people), in order of
    /// first appearance: written in the ledger so that a progress report from it is the
    /// villages' coverage.
    pub enrolled: Vec<(String, String, usize)>,
    /// Cells of the base list with control characters, replaced by U+FFFD in the ledger (a
    /// workbook cannot hold them): (spreadsheet row in the base list, the ledger column).
    pub replaced: Vec<(usize, &'static str)>,
}

impl Ledger {
    /// The villages, each as (township, village, people), in the order of `entries`.
    pub fn units(&self) -> Vec<(&str, &str, usize)> {
        let mut out: Vec<(&str, &str, usize)> = Vec::new();
        for e in &self.entries {
            match out.last_mut() {
                Some(u) if u.0 == e.township && u.1 == e.village => u.2 += 1,
                _ => out.push((&e.township, &e.village, 1)),
            }
        }
        out
    }

    /// Every village of the base list: (township, village, people in the ledger, people
    /// enrolled this year), the ledger's villages first.
    pub fn unit_table(&self) -> Vec<(&str, &str, usize, usize)> {
        let mut out: Vec<(&str, &str, usize, usize)> = self
            .units()
            .into_iter()
            .map(|(t, v, n)| (t, v, n, 0))
            .collect();
        let mut index: FxHashMap<(&str, &str), usize> = out
            .iter()
            .enumerate()
            .map(|(i, u)| ((u.0, u.1), i))
            .collect();
        for (t, v, n) in &self.enrolled {
            let len = out.len();
            let i = *index.entry((t, v)).or_insert(len);
            if i == len {
                out.push((t, v, 0, *n));
            } else {
                out[i].3 = *n;
            }
        }
        out
    }

    /// The village sheets' names, as [`to_xlsx`] writes them.
    pub fn sheet_names(&self, lang: Lang) -> Vec<String> {
        sheet_names(
            &self.units(),
            &[index_name(lang), unmatched_name(lang)],
            lang,
        )
    }
}

fn text_at(table: &Table, row: usize, col: Option<usize>) -> String {
    col.map(|c| table.cell(row, c).text().trim().to_string())
        .unwrap_or_default()
}

/// Whether a row of this year's list means enrolled: a valid ID and, when the list has a
/// status column, a status that says insured here.
fn enrolled_ids(current: &Rows) -> (FxHashSet<&str>, usize) {
    let m = &current.source.mapping;
    let start = m.header_row + 1;
    let status = m.column(Role::Status);
    let reason = m.column(Role::Exclusion);
    let mut ids = FxHashSet::with_capacity_and_hasher(current.results.len(), Default::default());
    let mut unmatched = 0;
    let mut standings = Standings::default();
    for (k, r) in current.results.iter().enumerate() {
        if r.is_empty_row() {
            continue;
        }
        let Some(id) = r.id.as_deref() else {
            unmatched += 1;
            continue;
        };
        let row = start + k;
        let cell = |c: Option<usize>| c.map(|c| current.table.cell(row, c).text_ref());
        let insured = status.is_none()
            || standings.of(
                cell(status).as_deref().unwrap_or("").trim(),
                cell(reason).as_deref().unwrap_or("").trim(),
            ) == Standing::Insured;
        if insured {
            ids.insert(id);
        }
    }
    (ids, unmatched)
}

/// Builds the ledger of `kind` from the base list and this year's list (both checked).
pub fn build(kind: LedgerKind, base: &Rows, current: &Rows) -> Ledger {
    let (enrolled, current_unmatched) = enrolled_ids(current);
    let m = &base.source.mapping;
    let start = m.header_row + 1;
    let col = |r: Role| m.column(r);
    let mut counts = Counts {
        current_people: enrolled.len(),
        current_unmatched,
        ..Counts::default()
    };
    let mut seen: FxHashSet<&str> =
        FxHashSet::with_capacity_and_hasher(base.results.len(), Default::default());
    let mut entries: Vec<Entry> = Vec::new();
    let mut unmatched = Vec::new();
    let mut enrolled_units: Vec<(String, String, usize)> = Vec::new();
    let mut enrolled_index: FxHashMap<(String, String), usize> = FxHashMap::default();
    for (k, r) in base.results.iter().enumerate() {
        if r.is_empty_row() {
            counts.base_empty += 1;
            continue;
        }
        counts.base_rows += 1;
        let row = start + k;
        let t = |role| text_at(&base.table, row, col(role));
        let Some(id) = r.id.as_deref() else {
            counts.unmatched += 1;
            unmatched.push(Unmatched {
                row: row + 1,
                township: t(Role::Township),
                village: t(Role::Village),
                name: t(Role::Name),
                id_text: t(Role::Id),
                problem: r
                    .problems
                    .iter()
                    .find(|p| p.severity == Status::Error)
                    .map_or("id_missing", |p| p.code),
            });
            continue;
        };
        if !seen.insert(id) {
            counts.duplicates += 1;
            continue;
        }
        if enrolled.contains(id) {
            counts.enrolled += 1;
            // Cleaned as the ledger's entries are, so that the village is one line.
            let mut key = (t(Role::Township), t(Role::Village));
            replace_controls(&mut key.0);
            replace_controls(&mut key.1);
            let n = enrolled_units.len();
            let i = *enrolled_index.entry(key.clone()).or_insert(n);
            if i == n {
                enrolled_units.push((key.0, key.1, 0));
            }
            enrolled_units[i].2 += 1;
            continue;
        }
        let reason = t(Role::Exclusion);
        entries.push(Entry {
            row: row + 1,
            township: t(Role::Township),
            village: t(Role::Village),
            name: t(Role::Name),
            id: id.to_string(),
            sex: r.sex,
            group: t(Role::Group),
            phone: t(Role::Phone),
            reason: match standing("", &reason) {
                Standing::NotInsured | Standing::Insured => String::new(),
                _ => reason,
            },
        });
    }
    counts.ledger = entries.len();
    counts.new_people = enrolled.iter().filter(|id| !seen.contains(*id)).count();
    let mut replaced = Vec::new();
    for e in &mut entries {
        let cols = columns(Lang::Zh);
        for (field, col) in [
            (&mut e.township, cols[1]),
            (&mut e.village, cols[2]),
            (&mut e.name, cols[3]),
            (&mut e.group, cols[6]),
            (&mut e.phone, cols[7]),
            (&mut e.reason, cols[12]),
        ] {
            if replace_controls(field) {
                replaced.push((e.row, col));
            }
        }
    }
    for u in &mut unmatched {
        let cols = unmatched_heads(Lang::Zh);
        for (field, col) in [
            (&mut u.township, cols[1]),
            (&mut u.village, cols[2]),
            (&mut u.name, cols[3]),
            (&mut u.id_text, cols[4]),
        ] {
            if replace_controls(field) {
                replaced.push((u.row, col));
            }
        }
    }
    replaced.sort_unstable();
    // Townships in order of first appearance, then their villages likewise; a stable sort
    // keeps base-list order within a village.
    let mut towns: FxHashMap<&str, usize> = FxHashMap::default();
    let mut villages: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    let keys: Vec<(usize, usize)> = entries
        .iter()
        .map(|e| {
            let n = towns.len();
            let t = *towns.entry(e.township.as_str()).or_insert(n);
            let n = villages.len();
            let v = *villages
                .entry((e.township.as_str(), e.village.as_str()))
                .or_insert(n);
            (t, v)
        })
        .collect();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    drop((towns, villages));
    let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    Ledger {
        kind,
        entries: order.into_iter().filter_map(|i| slots[i].take()).collect(),
        unmatched,
        counts,
        enrolled: enrolled_units,
        replaced,
    }
}

/// Replaces the control characters of `s` (which a workbook's XML cannot hold) by U+FFFD;
/// true if there were any.
pub fn replace_controls(s: &mut String) -> bool {
    if !s.chars().any(char::is_control) {
        return false;
    }
    *s = s
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    true
}

/// Sheet names for the villages: `城关镇东村` (the village alone without a township,
/// `未注明村` for neither), Excel's forbidden characters replaced, at most 31 characters,
/// unique (case-insensitively) among themselves and the `reserved` names.
pub fn sheet_names(units: &[(&str, &str, usize)], reserved: &[&str], lang: Lang) -> Vec<String> {
    // Excel reserves "History" for itself.
    let mut taken: FxHashSet<String> = reserved.iter().map(|s| s.to_lowercase()).collect();
    taken.insert("history".into());
    let mut next: FxHashMap<String, usize> = FxHashMap::default();
    units
        .iter()
        .map(|(t, v, _)| {
            let raw = match (t.is_empty(), v.is_empty(), lang) {
                (true, true, Lang::Zh) => "未注明村".to_string(),
                (true, true, Lang::En) => "No village".to_string(),
                (false, true, Lang::Zh) => format!("{t}（未注明村）"),
                (false, true, Lang::En) => format!("{t} (no village)"),
                _ => format!("{t}{v}"),
            };
            let clean: String = raw
                .chars()
                .map(|c| {
                    if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                        '_'
                    } else {
                        c
                    }
                })
                .collect();
            // Excel refuses a name that starts or ends with an apostrophe, and an empty one.
            let clean = clean.trim_matches('\'').trim().to_string();
            let clean = if clean.is_empty() {
                match lang {
                    Lang::Zh => "村".to_string(),
                    Lang::En => "Village".to_string(),
                }
            } else {
                clean
            };
            let base: String = clean.chars().take(31).collect();
            let mut name = base.clone();
            // The next suffix to try per base name, so that many villages of one name do not
            // try every suffix again.
            let n = next.entry(base.to_lowercase()).or_insert(2);
            while taken.contains(&name.to_lowercase()) {
                let suffix = format!("({n})");
                let keep = 31 - suffix.chars().count();
                name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
                *n += 1;
            }
            taken.insert(name.to_lowercase());
            name
        })
        .collect()
}

/// The columns of a village sheet, the last four filled in by village staff.
pub fn columns(lang: Lang) -> [&'static str; 13] {
    match lang {
        Lang::Zh => [
            "序号",
            "乡镇（街道）",
            "村（社区）",
            "姓名",
            "身份证号码",
            "性别",
            "人员类别",
            "联系电话",
            "原表行号",
            "联系结果",
            "剔除原因",
            "预计缴费日期",
            "备注",
        ],
        Lang::En => [
            "No.",
            "Township",
            "Village",
            "Name",
            "ID number",
            "Sex",
            "Group",
            "Phone",
            "Row in the list",
            "Contact result",
            "Exclusion reason",
            "Expected payment date",
            "Remarks",
        ],
    }
}

const COL_CONTACT: u16 = 9;
const COL_REASON: u16 = 10;
const COL_DATE: u16 = 11;
const COL_REMARKS: u16 = 12;

fn index_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "说明",
        Lang::En => "About",
    }
}

/// The columns of the sheet of base rows without a valid ID.
pub(crate) fn unmatched_heads(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => [
            "原表行号",
            "乡镇（街道）",
            "村（社区）",
            "姓名",
            "证件号码（原样）",
            "问题",
        ],
        Lang::En => [
            "Row in the list",
            "Township",
            "Village",
            "Name",
            "ID (as written)",
            "Problem",
        ],
    }
}

fn unmatched_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "无法比对",
        Lang::En => "Not matchable",
    }
}

fn xlsx_error(e: XlsxError) -> RosterError {
    RosterError::new(
        RosterCode::WriteFailed,
        format!("无法生成台账文件：{e}"),
        format!("the ledger workbook could not be written: {e}"),
    )
}

/// The ledger as a workbook: `说明` (what it is, how to fill it in, where every base row went,
/// the villages and their sheets), one sheet per village, and `无法比对` for base rows
/// without a valid ID.
pub fn to_xlsx(ledger: &Ledger, lang: Lang) -> Result<Vec<u8>, RosterError> {
    write_xlsx(ledger, lang).map_err(xlsx_error)
}

fn write_xlsx(ledger: &Ledger, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let zh = lang == Lang::Zh;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let units = ledger.units();
    let names = ledger.sheet_names(lang);
    let c = &ledger.counts;
    {
        let ws = wb.add_worksheet();
        ws.set_name(index_name(lang))?;
        ws.set_column_width(0, 40)?;
        ws.set_column_width(1, 16)?;
        ws.set_column_width(2, 16)?;
        ws.set_column_width(3, 10)?;
        ws.write_string_with_format(0, 0, ledger.kind.label(lang), &title)?;
        let how: [&str; 4] = if zh {
            [
                "每个村（社区）一个工作表。请逐人核实后填写“联系结果”“剔除原因”“预计缴费日期”，可从下拉列表中选择。",
                "不符合参保条件的（现役军人、出国定居、判刑收监、户籍迁出、死亡、失踪）填“剔除原因”；已在省外或职工医保参保的，“联系结果”选“省外参保”或“职工医保”。",
                "请勿改动表头、身份证号码和工作表结构；填好后交回，由本工具读取并生成进度通报。",
                "“原表行号”是此人在原名单中的行号（与 Excel 显示的行号一致）。",
            ]
        } else {
            [
                "One sheet per village. Check each person and fill in the contact result, the exclusion reason and the expected payment date (drop-down lists).",
                "People not eligible (military service, settled abroad, serving a sentence, registration moved out, deceased, missing) get an exclusion reason; people insured in another province or in the employees' scheme get that contact result.",
                "Do not change the header, the ID numbers or the sheets; return the workbook to be read back for the progress report.",
                "\"Row in the list\" is the person's row number in the original list, as Excel shows it.",
            ]
        };
        for (i, line) in how.iter().enumerate() {
            ws.write_string(1 + i as u32, 0, *line)?;
        }
        let mut row = 6u32;
        ws.write_string_with_format(
            row,
            0,
            if zh {
                "名单比对"
            } else {
                "Where the rows went"
            },
            &bold,
        )?;
        row += 1;
        let base = ledger.kind.base_label(lang);
        let lines: Vec<(String, usize)> = if zh {
            vec![
                (format!("{base}：行数（不含空行）"), c.base_rows),
                ("　其中：本年已参保".into(), c.enrolled),
                ("　　　　列入本台账".into(), c.ledger),
                (
                    "　　　　号码有误，无法比对（见“无法比对”表）".into(),
                    c.unmatched,
                ),
                ("　　　　同一人的重复行（只列一次）".into(), c.duplicates),
                (format!("{base}：空行"), c.base_empty),
                ("本年参保名单：人数".into(), c.current_people),
                (
                    "本年参保名单：号码有误、无法比对的行".into(),
                    c.current_unmatched,
                ),
                (format!("本年参保名单中不在{base}的人数"), c.new_people),
            ]
        } else {
            vec![
                (format!("Rows of {base} (not empty)"), c.base_rows),
                ("  of which enrolled this year".into(), c.enrolled),
                ("  in this ledger".into(), c.ledger),
                (
                    "  no valid ID, not matchable (see the sheet)".into(),
                    c.unmatched,
                ),
                (
                    "  later copies of a person (listed once)".into(),
                    c.duplicates,
                ),
                (format!("Empty rows of {base}"), c.base_empty),
                ("People in this year's enrollment".into(), c.current_people),
                (
                    "Rows of this year's enrollment without a valid ID".into(),
                    c.current_unmatched,
                ),
                (
                    format!("People enrolled this year not in {base}"),
                    c.new_people,
                ),
            ]
        };
        for (label, n) in &lines {
            ws.write_string(row, 0, label)?;
            ws.write_number(row, 1, *n as f64)?;
            row += 1;
        }
        row += 1;
        // Every village of the base list: its sheet, its people in the ledger and those
        // already enrolled (read back for the villages' coverage: keep this table as it is).
        for (i, h) in unit_heads(lang).iter().enumerate() {
            ws.write_string_with_format(row, i as u16, *h, &bold)?;
        }
        ws.set_column_width(4, 12)?;
        row += 1;
        for (k, (t, v, n, e)) in ledger.unit_table().into_iter().enumerate() {
            ws.write_string(row, 0, names.get(k).map_or("—", String::as_str))?;
            ws.write_string(row, 1, t)?;
            ws.write_string(row, 2, v)?;
            ws.write_number(row, 3, n as f64)?;
            ws.write_number(row, 4, e as f64)?;
            row += 1;
        }
        if !ledger.replaced.is_empty() {
            // After the villages table, one empty row apart (the table ends there).
            row += 1;
            ws.write_string_with_format(
                row,
                0,
                if zh {
                    "原名单中含控制字符的单元格（已替换为 �）"
                } else {
                    "Cells of the list with control characters (replaced by �)"
                },
                &bold,
            )?;
            row += 1;
            for (at, col) in &ledger.replaced {
                let col = if zh {
                    (*col).to_string()
                } else {
                    let zh: &[&str] = &columns(Lang::Zh);
                    let other: &[&str] = &unmatched_heads(Lang::Zh);
                    match (
                        zh.iter().position(|c| c == col),
                        other.iter().position(|c| c == col),
                    ) {
                        (Some(k), _) => columns(Lang::En)[k].to_string(),
                        (None, Some(k)) => unmatched_heads(Lang::En)[k].to_string(),
                        (None, None) => (*col).to_string(),
                    }
                };
                let line = if zh {
                    format!("原表第 {at} 行：{col}")
                } else {
                    format!("row {at} of the list: {col}")
                };
                ws.write_string(row, 0, &line)?;
                row += 1;
            }
        }
    }
    let contact_list: Vec<&str> = Contact::ALL.iter().map(|c| c.label(lang)).collect();
    let reason_list: Vec<&str> = Exclusion::ALL.iter().map(|e| e.label(lang)).collect();
    let heads = columns(lang);
    let widths = [
        6.0, 14.0, 14.0, 10.0, 21.0, 6.0, 16.0, 14.0, 10.0, 14.0, 14.0, 14.0, 20.0,
    ];
    let mut at = 0usize;
    for ((_, _, n), name) in units.iter().zip(&names) {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        for (i, (h, w)) in heads.iter().zip(widths).enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &bold)?;
            ws.set_column_width(i as u16, w)?;
        }
        ws.set_column_format(4, &text)?;
        ws.set_column_format(COL_DATE, &date)?;
        for (k, e) in ledger.entries[at..at + n].iter().enumerate() {
            let r = 1 + k as u32;
            ws.write_number(r, 0, (k + 1) as f64)?;
            ws.write_string(r, 1, &e.township)?;
            ws.write_string(r, 2, &e.village)?;
            ws.write_string(r, 3, &e.name)?;
            ws.write_string_with_format(r, 4, &e.id, &text)?;
            ws.write_string(
                r,
                5,
                match (e.sex, zh) {
                    (Some(Sex::Male), true) => "男",
                    (Some(Sex::Female), true) => "女",
                    (Some(Sex::Male), false) => "male",
                    (Some(Sex::Female), false) => "female",
                    (None, _) => "",
                },
            )?;
            ws.write_string(r, 6, &e.group)?;
            ws.write_string(r, 7, &e.phone)?;
            ws.write_number(r, 8, e.row as f64)?;
            // The base list's reason, for the village to confirm: a note, so that what the
            // village finds (the contact result, the reason column) decides.
            if !e.reason.is_empty() {
                let note = if zh {
                    format!("原名单：{}", e.reason)
                } else {
                    format!("In the list: {}", e.reason)
                };
                ws.write_string(r, COL_REMARKS, &note)?;
            }
        }
        at += n;
        let last = *n as u32;
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, last, heads.len() as u16 - 1)?;
        let (pick, pick_text, wrong, wrong_text) = if zh {
            (
                "请从列表中选择",
                "只能从下拉列表中选择；其他情况请写在“备注”列",
                "请从列表中选择",
                "这一列只接受下拉列表中的选项，其他情况请写在“备注”列",
            )
        } else {
            (
                "Choose from the list",
                "Only the list's values are accepted; write anything else in the remarks",
                "Choose from the list",
                "This column takes only the list's values; write anything else in the remarks",
            )
        };
        // Values outside the list are refused (the default error style, Stop): a wording the
        // read-back does not know would count as not understood.
        let contact = DataValidation::new()
            .allow_list_strings(&contact_list)?
            .set_input_title(pick)?
            .set_input_message(pick_text)?
            .set_error_title(wrong)?
            .set_error_message(wrong_text)?;
        ws.add_data_validation(1, COL_CONTACT, last.max(1), COL_CONTACT, &contact)?;
        let reason = DataValidation::new()
            .allow_list_strings(&reason_list)?
            .set_input_title(pick)?
            .set_input_message(pick_text)?
            .set_error_title(wrong)?
            .set_error_message(wrong_text)?;
        ws.add_data_validation(1, COL_REASON, last.max(1), COL_REASON, &reason)?;
        let day = DataValidation::new()
            .allow_date(DataValidationRule::GreaterThan(ExcelDateTime::from_ymd(
                2000, 1, 1,
            )?))
            .set_error_title(if zh { "日期有误" } else { "Not a date" })?
            .set_error_message(if zh {
                "请填写日期，如 2025-03-31"
            } else {
                "Enter a date, e.g. 2025-03-31"
            })?;
        ws.add_data_validation(1, COL_DATE, last.max(1), COL_DATE, &day)?;
    }
    if !ledger.unmatched.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(unmatched_name(lang))?;
        let head = unmatched_heads(lang);
        for (i, (h, w)) in head
            .iter()
            .zip([10.0, 14.0, 14.0, 10.0, 22.0, 30.0])
            .enumerate()
        {
            ws.write_string_with_format(0, i as u16, *h, &bold)?;
            ws.set_column_width(i as u16, w)?;
        }
        for (k, u) in ledger.unmatched.iter().enumerate() {
            let r = 1 + k as u32;
            ws.write_number(r, 0, u.row as f64)?;
            ws.write_string(r, 1, &u.township)?;
            ws.write_string(r, 2, &u.village)?;
            ws.write_string(r, 3, &u.name)?;
            ws.write_string_with_format(r, 4, &u.id_text, &text)?;
            ws.write_string(r, 5, code_label(u.problem, lang))?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, ledger.unmatched.len() as u32, 5)?;
    }
    wb.save_to_buffer()
}

/// One village's follow-up, from a ledger read back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowUp {
    /// Township as written.
    pub township: String,
    /// Village as written.
    pub village: String,
    /// People in the sheet (rows with an ID).
    pub people: usize,
    /// Per contact result, in [`Contact::ALL`] order.
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
        ignored: Vec::new(),
    };
    for (name, table) in sheets {
        // Against the ledger as built, a villages table that cannot be read is a finding (the
        // ledger's own is used); without it, an error.
        match villages_table(name, table) {
            Ok(Some(t)) => {
                out.tables.push((name.clone(), t));
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
/// contact-result column and the row-in-the-list column (as [`to_xlsx`] writes them; the
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
    let sheets = ledger_sheets(&super::read::read_workbook_sheets(bytes)?, built.is_none())?;
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
    let (rows, origin, enrolled, claimed) = match built {
        Some(b) => {
            let (rows, origin, findings) =
                reconcile(b, &sheets.returned, &out.sheets, &settings.id_opts);
            out.findings.extend(findings);
            out.findings.extend(compare_tables(b, &sheets.tables));
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
            (rows, origin, enrolled, None)
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
            (rows, origin, enrolled, Some(table.clone()))
        }
    };
    // The answers read strictly (a ledger's 联系结果 and 剔除原因 take only their lists'
    // values), then written back in the wordings the roster checks read the same way: a
    // wording not understood counts as not insured, and is listed.
    // Where a row of the report came from in the returned file (none for a person missing).
    let place = |sheets: &[String], k: usize| {
        origin[k].map_or((String::new(), 0), |(s, r)| (sheets[s].clone(), r))
    };
    let readings: Vec<super::status::Reading> =
        rows.iter().map(|r| verify::answer_key(r)).collect();
    let mut rows = rows;
    for (k, (row, reading)) in rows.iter_mut().zip(&readings).enumerate() {
        let written = |i: usize| row[i].text().trim().to_string();
        if !reading.understood {
            let (sheet, at) = place(&out.sheets, k);
            out.problems.push(SheetProblem {
                sheet,
                row: at,
                code: super::pipeline::RowCode::StatusNotUnderstood.code(),
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
    Ok(out)
}

/// The village lines of a snapshot by (township, village).
struct UnitIndex(FxHashMap<(String, String), usize>);

impl UnitIndex {
    fn of(units: &[super::summary::UnitLine]) -> UnitIndex {
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
        units: &'a mut Vec<super::summary::UnitLine>,
        township: String,
        village: String,
    ) -> &'a mut super::summary::UnitLine {
        let len = units.len();
        let i = *self
            .0
            .entry((township.clone(), village.clone()))
            .or_insert(len);
        if i == len {
            units.push(super::summary::UnitLine {
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

/// The headers of the villages table of a ledger's first sheet.
pub(crate) fn unit_heads(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => [
            "工作表",
            "乡镇（街道）",
            "村（社区）",
            "台账人数",
            "本年已参保",
        ],
        Lang::En => [
            "Sheet",
            "Township",
            "Village",
            "In the ledger",
            "Enrolled this year",
        ],
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "很长的乡镇名字很长的乡镇名字很长的乡镇名字";
        let units = [
            ("城关镇", "东村", 1),
            ("城关镇", "东村", 1),
            ("", "", 1),
            ("a/b", "c:d", 1),
            (long, "很长的村名字很长的村名字", 1),
            (long, "很长的村名字很长的村名字另一个", 1),
            ("说", "明", 1),
        ];
        let names = sheet_names(&units, &["说明", "无法比对"], Lang::Zh);
        assert_eq!(names[0], "城关镇东村");
        assert_eq!(names[1], "城关镇东村(2)");
        assert_eq!(names[2], "未注明村");
        assert_eq!(names[3], "a_bc_d");
        assert_eq!(names[4].chars().count(), 31);
        assert_eq!(names[5].chars().count(), 31);
        assert!(names[5].ends_with("(2)"));
        assert_eq!(names[6], "说明(2)");
    }
}
