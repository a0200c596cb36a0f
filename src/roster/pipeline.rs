//! The per-row pipeline: identity number checked (and derived facts), damaged spreadsheet
//! cells flagged, duplicates within the file found, groups matched to the policy with the
//! subsidy and payable amount, an optional token; a status and messages per row. Runs in
//! chunks ([`Processor::step`]) so a Web Worker can report progress.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::header::{Mapping, Role};
use super::{Cell, Table};
use crate::calc::resident::highest_subsidy;
use crate::date::Date;
use crate::id::{self, ErrorCode, Options, Sex};
use crate::lang::Lang;
use crate::policy::Policy;
use crate::token::{self, canonical, Tokenizer};

/// A row's overall status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Nothing to fix.
    Ok,
    /// Worth a look (e.g. a duplicate, a group the policy does not know).
    Warning,
    /// Must be fixed (e.g. an invalid ID).
    Error,
}

impl Status {
    /// Stable name.
    pub const fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warning => "warning",
            Status::Error => "error",
        }
    }
    /// Label in `lang`.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Ok, Lang::Zh) => "正常",
            (Status::Ok, Lang::En) => "OK",
            (Status::Warning, Lang::Zh) => "提示",
            (Status::Warning, Lang::En) => "Warning",
            (Status::Error, Lang::Zh) => "错误",
            (Status::Error, Lang::En) => "Error",
        }
    }
}

/// The roster's own row problem codes (besides the identity-number `ErrorCode`s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowCode {
    /// A row with nothing in it (kept, counted apart).
    EmptyRow,
    /// No name.
    NameMissing,
    /// A group the policy does not have.
    UnknownGroup,
    /// A group the policy names without an amount.
    SubsidyNotStated,
    /// An ID stored as a number.
    NumberCell,
    /// An ID with a trailing `.0`.
    TrailingDecimal,
    /// The same person again (naming the first row).
    DuplicateInFile,
    /// The same identity number as an earlier row under another name (同号不同名).
    SameIdDifferentName,
    /// A status the closed vocabulary does not have ([`super::status`]): counted as not
    /// insured.
    StatusNotUnderstood,
    /// A cell with a control character (other than tab and line ends), which a workbook
    /// cannot hold: replaced by U+FFFD in the annotated workbook.
    ControlCharacter,
    /// A newborn without an identity number whose 出生医学证明 number is not one letter and
    /// nine digits.
    BirthCertificateFormat,
}

impl RowCode {
    /// Every code.
    pub const ALL: [RowCode; 11] = [
        RowCode::EmptyRow,
        RowCode::NameMissing,
        RowCode::UnknownGroup,
        RowCode::SubsidyNotStated,
        RowCode::NumberCell,
        RowCode::TrailingDecimal,
        RowCode::DuplicateInFile,
        RowCode::SameIdDifferentName,
        RowCode::StatusNotUnderstood,
        RowCode::ControlCharacter,
        RowCode::BirthCertificateFormat,
    ];

    /// Stable snake_case code.
    pub const fn code(self) -> &'static str {
        match self {
            RowCode::EmptyRow => "empty_row",
            RowCode::NameMissing => "name_missing",
            RowCode::UnknownGroup => "unknown_group",
            RowCode::SubsidyNotStated => "subsidy_not_stated",
            RowCode::NumberCell => "number_cell",
            RowCode::TrailingDecimal => "trailing_decimal",
            RowCode::DuplicateInFile => "duplicate_in_file",
            RowCode::SameIdDifferentName => "same_id_different_name",
            RowCode::StatusNotUnderstood => "status_not_understood",
            RowCode::ControlCharacter => "control_character",
            RowCode::BirthCertificateFormat => "birth_certificate_format",
        }
    }

    /// A short label for summaries.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RowCode::EmptyRow, Lang::Zh) => "空行",
            (RowCode::EmptyRow, Lang::En) => "Empty row",
            (RowCode::NameMissing, Lang::Zh) => "未填写姓名",
            (RowCode::NameMissing, Lang::En) => "No name",
            (RowCode::UnknownGroup, Lang::Zh) => "资助身份不在政策中（按无此身份计）",
            (RowCode::UnknownGroup, Lang::En) => "Group not in the policy (counted without it)",
            (RowCode::SubsidyNotStated, Lang::Zh) => "政策未规定该身份的资助标准",
            (RowCode::SubsidyNotStated, Lang::En) => "No subsidy stated for the group",
            (RowCode::NumberCell, Lang::Zh) => "证件号码以数字格式保存",
            (RowCode::NumberCell, Lang::En) => "ID stored as a number",
            (RowCode::TrailingDecimal, Lang::Zh) => "号码末尾多了“.0”",
            (RowCode::TrailingDecimal, Lang::En) => "ID ends in \".0\"",
            (RowCode::DuplicateInFile, Lang::Zh) => "同一人重复出现",
            (RowCode::DuplicateInFile, Lang::En) => "Same person again",
            (RowCode::SameIdDifferentName, Lang::Zh) => "同号不同名",
            (RowCode::SameIdDifferentName, Lang::En) => "Same ID, different name",
            (RowCode::StatusNotUnderstood, Lang::Zh) => "参保状态无法识别（按未参保计）",
            (RowCode::StatusNotUnderstood, Lang::En) => {
                "Status not understood (counted as not insured)"
            }
            (RowCode::ControlCharacter, Lang::Zh) => "单元格含控制字符（已替换为 �）",
            (RowCode::ControlCharacter, Lang::En) => "Control character in a cell (replaced by �)",
            (RowCode::BirthCertificateFormat, Lang::Zh) => "出生医学证明编号格式不对",
            (RowCode::BirthCertificateFormat, Lang::En) => "Birth certificate number malformed",
        }
    }

    /// The code named `code`.
    pub fn from_code(code: &str) -> Option<RowCode> {
        RowCode::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// A short label of any row problem code (the roster's own, or an identity-number code's
/// message), for summaries.
pub fn code_label(code: &str, lang: Lang) -> &'static str {
    match RowCode::from_code(code) {
        Some(c) => c.label(lang),
        None => ErrorCode::ALL
            .iter()
            .find(|e| e.code() == code)
            .map_or("", |e| e.message(lang)),
    }
}

/// A name as compared across rows: without spaces, with one middle dot.
fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '•' | '．' | '・' | '‧' | '.' => '·',
            // Full-width Latin letters as ASCII, case ignored.
            'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase())
            }
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The policy's groups closest to an unknown group name (sharing the most characters with
/// its name or an alias), at most two.
fn closest_groups(policy: &Policy, s: &str) -> Vec<String> {
    let Some(res) = &policy.resident else {
        return Vec::new();
    };
    let score = |name: &str| s.chars().filter(|c| name.contains(*c)).count();
    let mut scored: Vec<(usize, &str)> = res
        .groups
        .iter()
        .map(|g| {
            let best = std::iter::once(g.name.zh.as_str())
                .chain(g.aliases.iter().map(String::as_str))
                .map(score)
                .max()
                .unwrap_or(0);
            (best, g.name.zh.as_str())
        })
        .filter(|(n, _)| *n >= 2)
        .collect();
    scored.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    scored
        .into_iter()
        .take(2)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// One problem of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// Stable snake_case code (the identity-number codes, or a roster code such as
    /// `duplicate_in_file`, `number_cell`, `unknown_group`, `name_missing`).
    pub code: &'static str,
    /// How serious.
    pub severity: Status,
    /// The column it concerns (for highlighting), if one.
    pub column: Option<usize>,
    text: crate::lang::Text,
}

impl RowProblem {
    fn new(
        code: &'static str,
        severity: Status,
        column: Option<usize>,
        zh: String,
        en: String,
    ) -> RowProblem {
        RowProblem {
            code,
            severity,
            column,
            text: crate::lang::Text { zh, en },
        }
    }
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }
}

/// What the pipeline found for one data row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowResult {
    /// Problems, in the order found.
    pub problems: Vec<RowProblem>,
    /// The 18-character ID (15-digit ones upgraded), when valid.
    pub id: Option<String>,
    /// A newborn registered without an identity number: the 出生医学证明 number (upper case),
    /// when well formed; the person is known by it (duplicates, counts).
    pub certificate: Option<String>,
    /// Birth date from the ID (a newborn's from the birth-date column).
    pub birth: Option<Date>,
    /// Sex from the ID.
    pub sex: Option<Sex>,
    /// Age on the reference date.
    pub age: Option<u16>,
    /// Spreadsheet row number (1-based, as Excel shows it) of the first row with the same ID.
    pub duplicate_of: Option<usize>,
    /// Policy group ids recognized in the group cell.
    pub groups: Vec<String>,
    /// The group whose subsidy applies.
    pub applied_group: Option<String>,
    /// Subsidy (with a policy).
    pub subsidy: Option<Decimal>,
    /// Payable by the person (with a policy).
    pub payable: Option<Decimal>,
    /// ID token, hexadecimal (with a secret).
    pub token: Option<String>,
}

impl RowResult {
    /// Whether the row has nothing in it (kept, counted apart).
    pub fn is_empty_row(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.code == RowCode::EmptyRow.code())
    }

    /// The worst severity among the problems.
    pub fn status(&self) -> Status {
        self.problems
            .iter()
            .map(|p| p.severity)
            .max()
            .unwrap_or(Status::Ok)
    }
}

/// What to do besides checking.
#[derive(Clone)]
pub struct Settings {
    /// ID checks (reference date, strict region…).
    pub id_opts: Options,
    /// Compute subsidies and payable amounts under this policy.
    pub policy: Option<Policy>,
    /// Tokenize the IDs with this tokenizer.
    pub tokenizer: Option<Tokenizer>,
}

/// Processes a table in chunks. It owns the table; [`Processor::finish`] gives it back with
/// the results.
pub struct Processor {
    table: Table,
    mapping: Mapping,
    settings: Settings,
    next: usize,
    /// The column of each role, by `Role as usize`.
    cols: [Option<usize>; Role::ALL.len()],
    seen: HashMap<String, usize, rustc_hash::FxBuildHasher>,
    results: Vec<RowResult>,
    /// The status vocabulary's readings, remembered per distinct wording.
    standings: super::status::Standings,
    /// The group cell's readings, remembered per distinct text.
    group_readings: HashMap<String, GroupReading, rustc_hash::FxBuildHasher>,
}

fn excel_row(i: usize) -> usize {
    i + 1
}

impl Processor {
    /// A processor over the data rows below the mapping's header row.
    pub fn new(table: Table, mapping: Mapping, settings: Settings) -> Processor {
        let start = mapping.header_row.saturating_add(1);
        let cols = Role::ALL.map(|r| mapping.column(r));
        let capacity = table.rows.len().saturating_sub(start);
        Processor {
            cols,
            table,
            mapping,
            settings,
            next: start,
            seen: HashMap::with_capacity_and_hasher(capacity, rustc_hash::FxBuildHasher),
            results: Vec::with_capacity(capacity),
            standings: super::status::Standings::default(),
            group_readings: HashMap::default(),
        }
    }

    /// Number of data rows.
    pub fn total(&self) -> usize {
        self.table
            .rows
            .len()
            .saturating_sub(self.mapping.header_row.saturating_add(1))
    }

    /// Data rows done so far.
    pub fn done(&self) -> usize {
        self.results.len()
    }

    /// The mapping in use.
    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// Processes up to `n` more rows; returns the number done so far.
    pub fn step(&mut self, n: usize) -> usize {
        let end = self.next.saturating_add(n).min(self.table.rows.len());
        while self.next < end {
            let r = self.row(self.next);
            self.results.push(r);
            self.next += 1;
        }
        self.done()
    }

    /// The table.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// Processes the rest; returns the table and every row's result, in order.
    pub fn finish(mut self) -> (Table, Vec<RowResult>) {
        self.step(usize::MAX / 2);
        (self.table, self.results)
    }

    fn row(&mut self, i: usize) -> RowResult {
        // The table is moved out while the row is checked, so the duplicate index can be
        // updated (no copy: a move of the Vec's pointer).
        let table = std::mem::take(&mut self.table);
        let r = self.row_of(&table, i);
        self.table = table;
        r
    }

    fn row_of(&mut self, table: &Table, i: usize) -> RowResult {
        let mut r = RowResult::default();
        let cols = self.cols;
        let col = |role: Role| cols[role as usize];
        let cell = |c: Option<usize>| c.map(|c| table.cell(i, c)).unwrap_or(&Cell::Empty);
        // A row with nothing in it stays a row (rows in = rows out), marked as empty.
        if table
            .rows
            .get(i)
            .is_none_or(|row| row.iter().all(Cell::is_blank))
        {
            r.problems.push(RowProblem::new(
                RowCode::EmptyRow.code(),
                Status::Warning,
                None,
                "空行".into(),
                "empty row".into(),
            ));
            return r;
        }
        // A control character (a stray byte from another system) cannot be written to a
        // workbook: the writers replace it; the row says where.
        if let Some(row) = table.rows.get(i) {
            let at = row.iter().position(|c| match c {
                Cell::Text(s) | Cell::Other(s) => super::has_xml_control(s),
                _ => false,
            });
            if let Some(c) = at {
                r.problems.push(RowProblem::new(
                    RowCode::ControlCharacter.code(),
                    Status::Warning,
                    Some(c),
                    format!("第 {} 列含不可见的控制字符，输出时已替换为 �", c + 1),
                    format!(
                        "column {} has an invisible control character, replaced by � in the output",
                        c + 1
                    ),
                ));
            }
        }
        if let Some(c) = col(Role::Name) {
            if cell(Some(c)).is_blank() {
                r.problems.push(RowProblem::new(
                    RowCode::NameMissing.code(),
                    Status::Warning,
                    Some(c),
                    "未填写姓名".into(),
                    "no name".into(),
                ));
            }
        }
        if let Some(c) = col(Role::Id) {
            // A newborn registered without an identity number: known by the 出生医学证明 and
            // the guardian (only when the number's cell is blank: off the common path).
            match col(Role::BirthCertificate)
                .filter(|&b| cell(Some(c)).is_blank() && !cell(Some(b)).is_blank())
            {
                Some(b) => self.check_newborn(table, i, b, &mut r),
                None => self.check_id(cell(Some(c)), c, i, &mut r),
            }
            // 同号不同名: the same number under another name is an error, not a hint.
            if let (Some(first), Some(nc)) = (r.duplicate_of, col(Role::Name)) {
                let before = table.cell(first - 1, nc).text();
                let now = cell(Some(nc)).text();
                let (a, b) = (name_key(&before), name_key(&now));
                if !a.is_empty() && !b.is_empty() && a != b {
                    if let Some(p) = r
                        .problems
                        .iter_mut()
                        .find(|p| p.code == RowCode::DuplicateInFile.code())
                    {
                        *p = RowProblem::new(
                            RowCode::SameIdDifferentName.code(),
                            Status::Error,
                            p.column,
                            format!("与第 {first} 行{}相同，但姓名不同（“{}”与“{}”）：请核对证件", if r.certificate.is_some() { "出生医学证明编号" } else { "证件号码" }, before.trim(), now.trim()),
                            format!("the same {} as row {first} under another name (\"{}\" and \"{}\"): check the documents", if r.certificate.is_some() { "birth certificate number" } else { "identity number" }, before.trim(), now.trim()),
                        );
                    }
                }
            }
        }
        if let Some(c) = col(Role::Status) {
            let status = cell(Some(c)).text_ref();
            let reason = cell(col(Role::Exclusion)).text_ref();
            if !self.standings.read(&status, &reason).understood {
                let status = status.trim();
                r.problems.push(RowProblem::new(
                    RowCode::StatusNotUnderstood.code(),
                    Status::Warning,
                    Some(c),
                    format!("参保状态“{status}”无法识别，按未参保计算：请改用规定的用语（如“已参保”“未参保”“拒绝缴费”“省外参保”），其他情况写在备注中"),
                    format!("the status \"{status}\" is not understood and counts as not insured: use one of the set wordings (e.g. insured, not insured, refused, insured elsewhere) and put anything else in the remarks"),
                ));
            }
        }
        if let Some(c) = col(Role::Phone) {
            let v = cell(Some(c));
            if !v.is_blank() {
                if let Err(ps) = id::validate_phone(&v.text()) {
                    let code = ps.first().map_or(ErrorCode::InvalidCharacter, |p| p.code);
                    r.problems.push(RowProblem::new(
                        code.code(),
                        Status::Warning,
                        Some(c),
                        format!("手机号码：{}", code.message(Lang::Zh)),
                        format!("mobile number: {}", code.message(Lang::En)),
                    ));
                }
            }
        }
        if let Some(policy) = &self.settings.policy {
            if policy.resident.is_some() {
                let group_col = col(Role::Group);
                let text = cell(group_col).text_ref();
                // A roster's group column holds a few wordings repeated on every row.
                let reading = match self.group_readings.get(text.as_ref()) {
                    Some(g) => g.clone(),
                    None => {
                        let g = read_groups(policy, &text, group_col);
                        if self.group_readings.len() < MAX_REMEMBERED {
                            self.group_readings.insert(text.to_string(), g.clone());
                        }
                        g
                    }
                };
                r.problems.extend(reading.problems);
                if let Some((applied, subsidy, payable)) = reading.amounts {
                    r.subsidy = Some(subsidy);
                    r.payable = Some(payable);
                    r.applied_group = applied;
                }
                r.groups = reading.ids;
            }
        }
        r
    }

    /// A newborn without an identity number, in column `b` its 出生医学证明 number: the
    /// number's form, the guardian's identity number (required), the birth date from its
    /// column; the same certificate again is the same person.
    fn check_newborn(&mut self, table: &Table, i: usize, b: usize, r: &mut RowResult) {
        let cert: String = table
            .cell(i, b)
            .text_ref()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let well_formed = crate::intake::birth_certificate_ok(&cert);
        if !well_formed {
            r.problems.push(RowProblem::new(
                RowCode::BirthCertificateFormat.code(),
                Status::Error,
                Some(b),
                format!("出生医学证明编号应为1个字母加9位数字（例如 Q440012345），此处为“{cert}”"),
                format!("a birth certificate number is one letter and nine digits (e.g. Q440012345), not \"{cert}\""),
            ));
        }
        let guardian_col = self.cols[Role::GuardianId as usize];
        let guardian = guardian_col.map(|g| table.cell(i, g).text());
        match guardian.as_deref().map(str::trim) {
            None | Some("") => r.problems.push(RowProblem::new(
                ErrorCode::Empty.code(),
                Status::Error,
                guardian_col,
                "没有证件号码的新生儿按出生医学证明和监护人登记：请填写监护人证件号码".into(),
                "a newborn without an identity number is registered with the birth certificate and a guardian: enter the guardian's identity number".into(),
            )),
            Some(text) => match canonical::id_checked(text, &self.settings.id_opts) {
                Ok(_) => {}
                Err(p) => r.problems.push(RowProblem::new(
                    p.code(),
                    Status::Error,
                    guardian_col,
                    format!("监护人证件号码：{}", p.message(Lang::Zh)),
                    format!("guardian's identity number: {}", p.message(Lang::En)),
                )),
            },
        }
        if let Some(d) = self.cols[Role::BirthDate as usize]
            .and_then(|c| date_of(table.cell(i, c)))
            .filter(|d| *d <= self.settings.id_opts.reference)
        {
            r.birth = Some(d);
            r.age = Some(d.age_on(self.settings.id_opts.reference));
        }
        if !well_formed {
            return;
        }
        match self.seen.get(&cert) {
            Some(&first) => {
                r.duplicate_of = Some(first);
                r.problems.push(RowProblem::new(
                    RowCode::DuplicateInFile.code(),
                    Status::Warning,
                    Some(b),
                    format!("与第 {first} 行是同一人（出生医学证明编号相同）"),
                    format!("the same person as row {first} (same birth certificate number)"),
                ));
            }
            None => {
                self.seen.insert(cert.clone(), excel_row(i));
            }
        }
        r.certificate = Some(cert);
    }

    fn check_id(&mut self, v: &Cell, c: usize, i: usize, r: &mut RowResult) {
        let text = match v {
            Cell::Number(f) if f.abs() > 9_007_199_254_740_992.0 => {
                return r
                    .problems
                    .push(problem_from(ErrorCode::ScientificNotation, c));
            }
            Cell::Number(f) => {
                r.problems.push(RowProblem::new(
                    RowCode::NumberCell.code(),
                    Status::Warning,
                    Some(c),
                    "证件号码以数字格式保存：请把此列设为文本，以免 Excel 改写号码".into(),
                    "the ID is stored as a number: format the column as text so Excel does not alter it".into(),
                ));
                format!("{}", *f as i64)
            }
            other => other.text(),
        };
        // "110105491231002.0": a number that went through a decimal format.
        let text = match text
            .strip_suffix(".0")
            .filter(|t| t.len() >= 15 && t.bytes().all(|b| b.is_ascii_digit()))
        {
            Some(t) => {
                r.problems.push(RowProblem::new(
                    RowCode::TrailingDecimal.code(),
                    Status::Warning,
                    Some(c),
                    "号码末尾多了“.0”（Excel 数字格式所致），已按去掉后核验".into(),
                    "the number ends in \".0\" (an Excel number format); checked without it".into(),
                ));
                t.to_string()
            }
            None => text,
        };
        match canonical::id_checked(&text, &self.settings.id_opts) {
            Ok((id18, parsed)) => {
                r.birth = Some(parsed.birth);
                r.sex = parsed.sex;
                r.age = Some(parsed.birth.age_on(self.settings.id_opts.reference));
                let row_no = excel_row(i);
                match self.seen.get(&id18) {
                    Some(&first) => {
                        r.duplicate_of = Some(first);
                        r.problems.push(RowProblem::new(
                            RowCode::DuplicateInFile.code(),
                            Status::Warning,
                            Some(c),
                            format!("与第 {first} 行是同一人（证件号码相同）"),
                            format!("the same person as row {first} (same identity number)"),
                        ));
                    }
                    None => {
                        self.seen.insert(id18.clone(), row_no);
                    }
                }
                if let Some(t) = &self.settings.tokenizer {
                    r.token = Some(token::to_hex(&t.token(id18.as_bytes())[..t.width]));
                }
                r.id = Some(id18);
            }
            Err(canonical::Problem::Id(code)) => r.problems.push(problem_from(code, c)),
            Err(p) => r.problems.push(RowProblem::new(
                p.code(),
                Status::Error,
                Some(c),
                p.message(Lang::Zh).into(),
                p.message(Lang::En).into(),
            )),
        }
    }
}

fn problem_from(code: ErrorCode, c: usize) -> RowProblem {
    RowProblem::new(
        code.code(),
        Status::Error,
        Some(c),
        format!("证件号码：{}", code.message(Lang::Zh)),
        format!("identity number: {}", code.message(Lang::En)),
    )
}

/// A date cell as written (`2026-10-01`, `2026/10/01`, `2026.10.01`), or an Excel date
/// serial.
fn date_of(c: &Cell) -> Option<Date> {
    match c {
        Cell::Number(f) if f.fract() == 0.0 && (1.0..=2_958_465.0).contains(f) => {
            // Excel's serial 25569 is 1970-01-01 (the 1900 leap-year bug is before it).
            Date::from_days_since_epoch(*f as i64 - 25_569)
        }
        _ => {
            let t = c.text_ref();
            let t = t.trim();
            let t = t.get(..10).unwrap_or(t);
            let t: String = t
                .chars()
                .map(|c| if matches!(c, '/' | '.') { '-' } else { c })
                .collect();
            Date::parse_iso(&t)
        }
    }
}

/// Words that mean "no group" in a group column.
fn is_no_group(s: &str) -> bool {
    matches!(
        s,
        "无" | "否" | "普通" | "一般" | "普通居民" | "-" | "—" | "/" | "none"
    )
}

/// Whether two texts are the same words, case and spacing aside (an English group name).
fn same_words(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
            _ => return false,
        }
    }
}

/// A policy group named by its id or by its Chinese or English name (exact, or the name
/// starting with the text, e.g. "特困" for 特困人员).
fn find_group(policy: &Policy, s: &str) -> Option<String> {
    let groups = &policy.resident.as_ref()?.groups;
    groups
        .iter()
        .find(|g| {
            g.id == s
                || g.name.zh == s
                || same_words(&g.name.en, s)
                || g.aliases.iter().any(|a| a == s)
        })
        .or_else(|| {
            groups.iter().find(|g| {
                s.chars().count() >= 2
                    && (g.name.zh.starts_with(s) || s.starts_with(g.name.zh.as_str()))
            })
        })
        .map(|g| g.id.clone())
}

/// Distinct cell texts whose readings a [`Processor`] remembers (free text beyond is read each
/// time).
const MAX_REMEMBERED: usize = 4096;

/// What a group cell says under a policy: the groups recognized, the row problems it makes,
/// and (with amounts) the applied group, the subsidy and the payable amount.
#[derive(Clone)]
struct GroupReading {
    ids: Vec<String>,
    problems: Vec<RowProblem>,
    amounts: Option<(Option<String>, Decimal, Decimal)>,
}

/// The items of a group list: split on its separators outside brackets (a name such as
/// 特困人员（含孤儿、事实无人抚养儿童） is one item), trimmed, empty ones left out.
fn list_items(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0u32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = depth.saturating_sub(1),
            '、' | ',' | '，' | ';' | '；' | '/' | '|' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items.retain(|p| !p.trim().is_empty());
    items.iter_mut().for_each(|p| *p = p.trim());
    items
}

fn read_groups(policy: &Policy, text: &str, group_col: Option<usize>) -> GroupReading {
    let mut problems = Vec::new();
    let mut out_amounts = None;
    let mut ids = Vec::new();
    // A list is split on its separators (the desk writes "、" in Chinese, ", " in English),
    // not on spaces: an English group name has them. A part that is no group as a whole but
    // whose words each are (a list written with spaces, "低保 残疾") is read word by word.
    for part in list_items(text) {
        if let Some(g) = find_group(policy, part) {
            if !ids.contains(&g) {
                ids.push(g)
            }
            continue;
        }
        if is_no_group(part) {
            continue;
        }
        let words: Vec<&str> = part
            .split([' ', '\u{3000}'])
            .filter(|w| !w.is_empty())
            .collect();
        let by_word: Option<Vec<Option<String>>> = (words.len() > 1)
            .then(|| {
                words
                    .iter()
                    .map(|w| match find_group(policy, w) {
                        Some(g) => Some(Some(g)),
                        None if is_no_group(w) => Some(None),
                        None => None,
                    })
                    .collect()
            })
            .flatten();
        if let Some(found) = by_word {
            for g in found.into_iter().flatten() {
                if !ids.contains(&g) {
                    ids.push(g)
                }
            }
            continue;
        }
        let near = closest_groups(policy, part);
        let (zh, en) = if near.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!("；相近的有：{}", near.join("、")),
                format!("; closest: {}", near.join(", ")),
            )
        };
        problems.push(RowProblem::new(
            RowCode::UnknownGroup.code(),
            Status::Warning,
            group_col,
            format!("政策中没有“{part}”这个资助身份{zh}。请按政策中的名称填写；本行按无此身份计算"),
            format!(
                "the policy has no assistance group \"{part}\"{en}. Write the policy's name; this row is counted without it"
            ),
        ))
    }
    if let Some(amounts) = policy.resident.as_ref().and_then(|res| res.amounts) {
        for g in ids.iter().filter_map(|id| policy.group(id)) {
            if g.subsidy.is_none() {
                problems.push(RowProblem::new(
                    RowCode::SubsidyNotStated.code(),
                    Status::Warning,
                    group_col,
                    format!("政策未规定“{}”的资助标准，未计入资助", g.name.zh),
                    format!(
                        "the policy states no subsidy for \"{}\": none counted",
                        g.name.en
                    ),
                ));
            }
        }
        let best = highest_subsidy(policy, &ids);
        let subsidy = best.map_or(Decimal::ZERO, |(_, a)| a);
        out_amounts = Some((
            best.map(|(g, _)| g.id.clone()),
            subsidy,
            amounts.individual - subsidy,
        ));
    }
    GroupReading {
        ids,
        problems,
        amounts: out_amounts,
    }
}

/// The row result as the text of the added columns (for CSV and for checks).
pub fn result_texts(r: &RowResult, lang: Lang) -> Vec<String> {
    let mut out = ResultTexts::default();
    out.fill(r, lang, None, true);
    out.0.into()
}

/// The texts of the added columns of one row, refilled row after row: the writers reuse one,
/// so a 600k-row roster does not allocate and free eleven strings per row.
#[derive(Default)]
pub struct ResultTexts(pub [String; 11]);

impl ResultTexts {
    /// Replaces the texts with those of `r`; its subsidy and payable amount only when
    /// `amounts` (a row in the summary's budget: see [`super::summary::Summary::in_budget`]), so
    /// that the amount columns add up to the budget.
    pub fn fill(&mut self, r: &RowResult, lang: Lang, policy: Option<&Policy>, amounts: bool) {
        use std::fmt::Write as _;
        let t = &mut self.0;
        for s in t.iter_mut() {
            s.clear();
        }
        t[0].push_str(r.status().label(lang));
        for (i, p) in r.problems.iter().enumerate() {
            if i > 0 {
                t[1].push_str(if lang == Lang::Zh { "；" } else { "; " });
            }
            t[1].push_str(p.message(lang));
        }
        t[2].push_str(r.id.as_deref().unwrap_or_default());
        if let Some(d) = r.birth {
            let _ = write!(t[3], "{d}");
        }
        t[4].push_str(match (r.sex, lang) {
            (Some(Sex::Male), Lang::Zh) => "男",
            (Some(Sex::Female), Lang::Zh) => "女",
            (Some(Sex::Male), Lang::En) => "male",
            (Some(Sex::Female), Lang::En) => "female",
            (None, _) => "",
        });
        if let Some(a) = r.age {
            let _ = write!(t[5], "{a}");
        }
        if let Some(d) = r.duplicate_of {
            let _ = write!(t[6], "{d}");
        }
        // The group as the policy names it, in the chosen language (its id without one).
        if let Some(g) = r.applied_group.as_deref() {
            t[7].push_str(
                policy
                    .and_then(|p| p.group(g))
                    .map_or(g, |x| x.name.get(lang)),
            );
        }
        if let (Some(v), true) = (r.subsidy, amounts) {
            crate::money::write_yuan(&mut t[8], v);
        }
        if let (Some(v), true) = (r.payable, amounts) {
            crate::money::write_yuan(&mut t[9], v);
        }
        t[10].push_str(r.token.as_deref().unwrap_or_default());
    }
}

/// Headers of the added columns.
pub fn result_headers(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::Zh => [
            "核验状态",
            "问题说明",
            "标准证件号码",
            "出生日期",
            "性别",
            "年龄",
            "重复（首次出现行）",
            "资助身份",
            "资助金额",
            "个人应缴",
            "证件号令牌",
        ],
        Lang::En => [
            "Status",
            "Problems",
            "Standard ID",
            "Birth date",
            "Sex",
            "Age",
            "Duplicate of row",
            "Assistance group",
            "Subsidy",
            "Payable",
            "ID token",
        ],
    }
}
